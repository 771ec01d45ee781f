"""What the model does not type inside an element it types: kept with the object that held it.

Attributes and elements of other namespaces, and elements the schema allows once given twice,
are kept in the ``extras`` of the object whose element held them, at a path relative to it;
the writer puts each back where its path says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

import attrs

from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.text import LocalizedText

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.core import (
    XML_LANG,
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _inherited_language,
    _is_tag,
    _localized,
    language_case,
    narrative_nodes,
    narratives,
    state_languages,
)

# --- content kept with a transaction, planned disbursement, document link or share ----------
#
# Inside these elements, what the model does not type (attributes and elements of other
# namespaces, the schema's ``##other``; an element the schema allows once, given twice, such as
# a second ``transaction-date``) is kept in the ``extras`` of the object that holds it, at a
# path relative to its element, as for results: ``@{uri}name`` for an attribute,
# ``{uri}name[1]`` for an element, ``value[1]/@{uri}name`` below an IATI child without a class
# of its own. The writer puts each back with :func:`_placed` (an element after the IATI
# children, where the schema has ``##other``). An ``xml:lang`` on such an element (or on a
# child) is no content of its own: it is the language of the narratives below it, which the
# model holds with each text, and the writer states where it differs from the activity's. What
# neither the model nor a :data:`Node` can hold (text where the schema has none, a narrative
# with more than a text, two narratives in one language) makes the reader raise
# :class:`Unmapped`: the whole element is then kept verbatim with its programme.

_NARRATIVES = {"narrative": True}
_FLOW_ORG = {
    name: frozenset({"ref", "type", name}) for name in ("provider-activity-id", "receiver-activity-id")
}
_SHARE = {  # (element, with a percentage) -> its attributes
    ("recipient-country", False): frozenset({"code"}),
    ("recipient-region", False): frozenset({"code", "vocabulary", "vocabulary-uri"}),
    ("sector", False): frozenset({"code", "vocabulary", "vocabulary-uri"}),
}
_SHARE.update({(tag, True): known | {"percentage"} for (tag, _), known in list(_SHARE.items())})
_CODE = frozenset({"code"})
_ISO_DATE_ONLY = frozenset({"iso-date"})
_VALUE = frozenset({"currency", "value-date"})
_TYPE = frozenset({"type"})
_TRANSACTION_ATTRIBUTES = frozenset({"ref", "humanitarian"})
_DOCUMENT_ATTRIBUTES = frozenset({"url", "format"})
_AID_TYPE = frozenset({"code", "vocabulary"})


class Irregular(Exception):
    """Raised by a one-pass reader for an element only the general reader handles.

    The one-pass readers (:func:`~itaproj.iati._mapping.flows.plain_transaction`) read the
    common shape of an element; anything else (content kept aside, an error, a finding to
    make) stops them, and the general reader reads the element from the start.
    """


def plain_narrative_texts(element: etree._Element) -> tuple[str | None, ...]:
    """The texts of ``element``'s children when it holds plain narratives only, for a one-pass reader.

    Plain: no text of its own, and ``narrative`` children with no attribute, element or tail.

    Raises:
        Irregular: anything else.
    """
    own = element.text
    if own and not own.isspace():
        raise Irregular
    if len(element) == 1:  # (most often one narrative: no iterator, no list)
        narrative = element[0]
        tail = narrative.tail
        if (
            (tail and not tail.isspace())
            or narrative.tag != "narrative"
            or len(narrative)
            or narrative.keys()
        ):
            raise Irregular
        return (narrative.text,)
    texts: list[str | None] = []
    for narrative in element:
        tail = narrative.tail
        if (
            (tail and not tail.isspace())
            or narrative.tag != "narrative"
            or len(narrative)
            or narrative.keys()
        ):
            raise Irregular
        texts.append(narrative.text)
    return tuple(texts)


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _given(element: etree._Element, attribute: str) -> str | None:
    """``element/@attribute``, ``None`` when absent or blank (a blank value states nothing)."""
    value = element.get(attribute)
    return None if value is None or not value.strip() else value


def _kept_text(element: etree._Element) -> str:
    """An element kept verbatim, as canonical XML that reads back the same after a round trip.

    Comments and the white space between elements are left out (they are layout, not
    content, and a :data:`Node` has no place for them). A namespace the activity (or the file)
    declares keeps its prefix there, which the writer uses again; one declared below the
    activity is written under a prefix lxml makes up, so it is named here by its place among
    the element's own namespaces (``ns0``, ``ns1``...), whatever the source called it.

    Raises:
        Unmapped: text follows one of its elements (mixed content, which a Node cannot hold).
    """
    from lxml import etree as lxml_etree

    for node in element.iterdescendants():
        if not _blank(node.tail):
            raise Unmapped(f"text after an element or comment inside {element.tag}")
    tree = _as_node(element)
    activity = next(element.iterancestors("iati-activity"), None)
    declared = [] if activity is None else [(p, uri) for p, uri in activity.nsmap.items() if p]
    scope = {uri: prefix for prefix, uri in sorted(declared, reverse=True)}  # the first prefix of each
    used: dict[str, str] = {}
    _namespaces(tree, scope, used)
    rebuilt = lxml_etree.Element(tree[0], nsmap=cast("Any", {prefix: uri for uri, prefix in used.items()}))
    _fill(rebuilt, tree)
    return lxml_etree.tostring(rebuilt, method="c14n", exclusive=True).decode()


def _namespaces(node: Node, scope: dict[str, str], used: dict[str, str]) -> None:
    """The namespaces ``node`` uses, each with the prefix it gets in a kept element's text."""
    tag, attributes, _text, children = node
    for name in (tag, *attributes):
        if name[:1] == "{":
            uri = name[1 : name.index("}")]
            if uri not in used and uri != "http://www.w3.org/XML/1998/namespace":
                prefix = scope.get(uri)
                if prefix is None:
                    taken = {*scope.values(), *used.values()}
                    prefix = next(f"ns{n}" for n in range(len(taken) + 1) if f"ns{n}" not in taken)
                used[uri] = prefix
    for child in children:
        _namespaces(child, scope, used)


def _fill(element: etree._Element, node: Node) -> None:
    from lxml import etree as lxml_etree

    _tag, attributes, text, children = node
    for name, value in attributes.items():
        element.set(name, value)
    element.text = None if children and _blank(text) else text
    for child in children:
        _fill(lxml_etree.SubElement(element, child[0]), child)


def _rest(
    element: etree._Element,
    known: frozenset[str],
    typed: dict[str, bool],
    path: str,
    extras: list[Extra],
    *,
    text: bool = False,
) -> dict[str, list[etree._Element]]:
    """The children of ``element`` the model types, by tag; the rest kept in ``extras`` at ``path``.

    Args:
        element: The element read.
        known: The attributes the model types; the others become extras ``path@name``
            (but ``xml:lang``, which :func:`_narrated` reads into the narratives below).
        typed: The child elements the model types: ``True`` for any number of them,
            ``False`` for the first only (a second one becomes an extra ``path tag[2]``).
        path: The extras' path prefix (``""`` for the object's own element, ``"value[1]/"``).
        extras: Where the rest goes.
        text: Whether the element's text is typed (``value``).

    Raises:
        Unmapped: text where the schema has none (in the element, or between its children).
    """
    names = element.keys()
    if not len(element) and (text or not _has_text(element.text)) and known.issuperset(names):
        return {}  # the common case of a leaf (``value``) that holds only what the model types
    if not known.issuperset(names):  # (a test in C: most elements hold only these)
        attributes: Any = element.attrib  # text names and values: the parser decodes them
        for name, value in attributes.items():
            if name not in known and (name != XML_LANG or not narrates(element)):
                # (an xml:lang is read into the narratives below, when any holds a text)
                extras.append(Extra(f"{path}@{name}", value, "xml"))
    own = element.text
    if not text and own and not own.isspace():
        raise Unmapped(f"text in {element.tag}")
    found: dict[str, list[etree._Element]] = {}
    counts: dict[str, int] = {}
    for child in element:
        tail = child.tail
        if tail and not tail.isspace():
            raise Unmapped(f"text between the elements of {element.tag}")
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: layout, not content
        number = counts[tag] = counts.get(tag, 0) + 1
        many = typed.get(tag)
        if many is None or (not many and number > 1):
            extras.append(Extra(f"{path}{tag}[{number}]", _kept_text(child), "xml"))
        else:
            found.setdefault(tag, []).append(child)
    return found


def narrates(element: etree._Element) -> bool:
    """Whether ``element``'s ``xml:lang`` is the language of a text.

    That is, of a narrative inside it that holds text, states no language of its own, and has
    no nearer element above it stating one.
    """
    for narrative in element.iter("narrative"):
        if narrative.get(XML_LANG) is not None or not _has_text(narrative.text):
            continue
        node = narrative.getparent()
        while node is not None and node is not element and node.get(XML_LANG) is None:
            node = node.getparent()
        if node is element:
            return True
    return False


def _leaf(element: etree._Element, known: frozenset[str], path: str, extras: list[Extra]) -> None:
    """Keep what the model does not type of an IATI child that holds attributes only."""
    own = element.text
    if len(element) or (own and not own.isspace()) or not known.issuperset(element.keys()):
        _rest(element, known, {}, path, extras)


def _scoped(ctx: ReadContext, element: etree._Element) -> ReadContext:
    """``ctx`` with the language ``element/@xml:lang`` states for the narratives inside it."""
    given = element.get(XML_LANG)
    if given is None:
        return ctx
    lang = language_case(given)
    return attrs.evolve(ctx, lang=lang) if _is_tag(lang) and lang != ctx.lang else ctx


def _scoped_write(ctx: WriteContext, extras: tuple[Extra, ...], path: str = "") -> WriteContext:
    """``ctx`` where an ``xml:lang`` extra at ``path`` is written: every narrative below states its own.

    The reader keeps an ``xml:lang`` only where it governs no text (:func:`_rest`); written
    back, it must govern none either, or it would be read into the narratives again.
    """
    if not extras or ctx.stated:
        return ctx
    wanted = f"{path}@{XML_LANG}"
    for extra in extras:
        if extra.path == wanted and extra.format == "xml":
            return attrs.evolve(ctx, stated=True)
    return ctx


def _narrated(
    element: etree._Element, found: dict[str, list[etree._Element]], ctx: ReadContext
) -> LocalizedText | None:
    """The text of the ``narrative`` children found in ``element`` (its ``xml:lang`` applies).

    Raises:
        Unmapped: a narrative holds more than a text (an attribute, an element), or two hold
            texts in one language: :class:`~itaproj.text.LocalizedText` has no place for it.
    """
    items = found.get("narrative", ())
    if not items:
        return None
    plain: dict[str, str] = {}
    lang = None
    for item in items:  # most narratives state no language and hold a text only: read them in one pass
        if len(item) or item.keys():
            break
        text = item.text
        if text is None or not text.strip():
            continue
        if lang is None:
            lang = _inherited_language(element, ctx)
        if lang in plain:
            if plain[lang] != text:
                raise Unmapped(f"two narratives of {element.tag} in {lang!r}")
            continue
        plain[lang] = text
    else:
        return _localized(tuple(plain.items())) if plain else None
    ctx = _scoped(ctx, element)
    for item in items:
        if len(item) or any(name != XML_LANG for name in item.attrib):
            raise Unmapped(f"a narrative of {element.tag} holds more than a text")
    return narratives(element, ctx)  # (which refuses two texts in one language, or no language)


def _text_part(
    element: etree._Element | None, path: str, extras: list[Extra], ctx: ReadContext
) -> LocalizedText | None:
    """A child that holds narratives only (``description``, ``title``), at ``path`` (``"title[1]/"``).

    One without text is kept whole (:func:`_keep_whole`) when it holds anything at all (an
    attribute, ``xml:lang`` too, or an empty narrative), or another of its name follows.
    """
    if element is None:
        return None
    own: list[Extra] = []
    text = _narrated(element, _rest(element, frozenset(), _NARRATIVES, path, own), ctx)
    if text is None and (own or len(element) or element.keys() or _repeated(element)):
        _keep_whole(element, extras)
    else:
        extras.extend(own)
    return text


def _repeated(element: etree._Element) -> bool:
    """Whether another element of the same name follows ``element``."""
    return next(element.itersiblings(element.tag), None) is not None


def _keep_whole(element: etree._Element, extras: list[Extra]) -> None:
    """Keep ``element``, the first of its name, as an extra: its value states nothing.

    Kept when it holds content the model cannot place, or when another of its name follows
    (kept already, by :func:`_rest`): the writer puts it back first, so that read again, the
    same element is the first. It goes before the others of its name for that.
    """
    prefix = f"{element.tag}["
    kept = (
        index for index, extra in enumerate(extras) if extra.path.startswith(prefix) and "/" not in extra.path
    )
    position = next(kept, len(extras))
    extras.insert(position, Extra(f"{element.tag}[1]", _kept_text(element), "xml"))


def _narrated_node(
    tag: str, text: LocalizedText, extras: tuple[Extra, ...], path: str, ctx: WriteContext
) -> Node:
    """``tag`` with the narratives of ``text``, in the language an ``xml:lang`` kept at ``path`` states."""
    return (tag, {}, None, narrative_nodes(text, _scoped_write(ctx, extras, path)))


def _placed(node: Node, extras: tuple[Extra, ...]) -> Node:
    """``node`` with the XML ``extras`` put back where their paths say (the inverse of :func:`_rest`).

    Nodes are copied where they change, never changed: the organisation nodes are shared
    (:func:`_flow_org_node` caches them). An extra below an IATI child the model does not
    hold (it stated nothing but that extra) gets an empty child of that name, after the others.

    Raises:
        InvalidValueError: an extra's path names no place in an element, or its value is not
            the element its path names, as one well-formed XML element.
    """
    for extra in extras:
        if extra.format == "xml":
            node = _place(node, extra, 0)
    return node


def _place(node: Node, extra: Extra, position: int) -> Node:
    tag, attributes, text, children = node
    path = extra.path
    attribute = _ATTRIBUTE.fullmatch(path, position)
    if attribute is not None:
        return (tag, {**attributes, attribute.group(1): extra.value}, text, children)
    step = _STEP.match(path, position)
    if step is None or (step.end() < len(path) and path[step.end()] != "/"):
        raise InvalidValueError("extras", path, "name an attribute or an element of the element")
    name, number = step.group(1), int(step.group(2))
    if step.end() == len(path):
        return (tag, attributes, text, [*children, _kept_node(extra.value, name)])
    seen = 0
    for index, child in enumerate(children):
        if child[0] == name:
            seen += 1
            if seen == number:
                changed = list(children)
                changed[index] = _place(child, extra, step.end() + 1)
                return (tag, attributes, text, changed)
    # The model holds no such child (its value states nothing, or was removed): the extra is
    # still the model's, so the child is written for it, after the others.
    return (tag, attributes, text, [*children, _place((name, {}, None, []), extra, step.end() + 1)])


def _kept_node(text: str, tag: str) -> Node:
    """An element kept verbatim (by :func:`_kept_text`) as a :data:`Node`."""
    from lxml import etree as lxml_etree

    from itaproj.iati._parse import parse_fragment

    try:
        element = parse_fragment(text)
    except (lxml_etree.XMLSyntaxError, ValueError):
        element = None
    if element is None or element.tag != tag:
        raise InvalidValueError("extras", text, f"be one well-formed XML element {tag}")
    return _as_node(element)


_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def _boolean(element: etree._Element, attribute: str) -> bool | None:
    """An ``xsd:boolean`` attribute (``1``, ``0``, ``true``, ``false``), ``None`` when absent."""
    text = element.get(attribute)
    if text is None:
        return None
    value = _BOOLEANS.get(text.strip())
    if value is None:
        raise InvalidValueError(f"{element.tag}/@{attribute}", text, "be a boolean: 1, 0, true or false")
    return value


def _boolean_text(value: bool) -> str:
    return "1" if value else "0"


# Content in other namespaces (the schema's ``##other``) inside a result is kept in the
# ``extras`` of the object that holds it (the result, an indicator, an observation), at a path
# relative to that object's element: ``@{uri}name`` for an attribute, ``{uri}name[1]`` for an
# element, below an IATI child the object writes as ``reference[2]/@{uri}name`` or
# ``period[1]/period-start[1]/{uri}name[1]``. The writer puts each back where its path says
# (a foreign element after the IATI children, where the schema has it).


def _foreign(element: etree._Element, path: str, extras: list[Extra]) -> None:
    """The attributes and child elements of ``element`` in other namespaces, as extras at ``path``.

    Raises:
        Unmapped: a foreign element holds text between its elements (see :func:`_kept_text`).
    """
    for name, value in cast("dict[str, str]", element.attrib).items():
        if name[:1] == "{":
            extras.append(Extra(f"{path}@{name}", value, "xml"))
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag[:1] == "{":
            number = counts[tag] = counts.get(tag, 0) + 1
            extras.append(Extra(f"{path}{tag}[{number}]", _kept_text(child), "xml"))


def _foreign_below(element: etree._Element, tags: tuple[str, ...], path: str, extras: list[Extra]) -> None:
    """:func:`_foreign` of each child of ``element`` named in ``tags`` (by ``tag[n]`` below ``path``)."""
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if tag in tags:
            number = counts[tag] = counts.get(tag, 0) + 1
            _foreign(child, f"{path}{tag}[{number}]/", extras)


_NAME = r"(?:\{[^}]*\})?[^\s/@\[\]{}]+"
_STEP = re.compile(rf"({_NAME})\[(\d+)\]")
_ATTRIBUTE = re.compile(rf"@({_NAME})")


def _node_of(text: str) -> Node | None:
    """A foreign element kept as text, as a :data:`Node` (``None``: not one well-formed element)."""
    from lxml import etree as lxml_etree

    from itaproj.iati._parse import parse_fragment

    try:
        element = parse_fragment(text)
    except (lxml_etree.XMLSyntaxError, ValueError):
        return None
    return _as_node(element)


def _as_node(element: etree._Element) -> Node:
    children = [_as_node(child) for child in element if isinstance(child.tag, str)]
    return (element.tag, dict(cast("dict[str, str]", element.attrib)), element.text, children)


def _put_extras(node: Node, extras: Iterable[Extra]) -> Node:
    """``node`` with the foreign content of ``extras`` put back where their paths say.

    An extra below an IATI child ``node`` lacks gets an empty child of that name (as
    :func:`_placed`); one whose path names no place, or that is not XML, is left out.
    """
    for extra in extras:
        if extra.format != "xml":
            continue
        target: Node | None = node
        path = extra.path
        position = 0
        while target is not None and position < len(path):
            attribute = _ATTRIBUTE.fullmatch(path, position)
            if attribute is not None:
                target[1][attribute.group(1)] = extra.value
                if attribute.group(1) == XML_LANG and target[0] != "narrative":
                    state_languages(target)  # narratives below in the activity's language say so
                break
            step = _STEP.match(path, position)
            if step is None:
                break
            position = step.end()
            if position == len(path):
                foreign = _node_of(extra.value)
                if foreign is not None and foreign[0] == step.group(1):
                    target[3].append(foreign)
                break
            if path[position] != "/":
                break
            position += 1
            parent = target
            target = _nth_child(parent, step.group(1), int(step.group(2)))
            if target is None:  # as in _place: the child is written for the extra
                target = (step.group(1), {}, None, [])
                parent[3].append(target)
    return node


def _nth_child(node: Node, tag: str, number: int) -> Node | None:
    seen = 0
    for child in node[3]:
        if child[0] == tag:
            seen += 1
            if seen == number:
                return child
    return None


def _has_text(text: str | None) -> bool:
    return bool(text and not text.isspace())


def _canonical(element: etree._Element) -> Node:
    """A foreign element as a :data:`Node`, without the white space that only indents its children."""
    children = [_canonical(child) for child in element if isinstance(child.tag, str)]
    text = element.text if not children or _has_text(element.text) else None
    return (element.tag, dict(cast("dict[str, str]", element.attrib)), text, children)


def _canonical_text(element: etree._Element) -> str:
    """A foreign element as text that does not depend on its prefixes or indentation.

    The writer binds a namespace to the prefix in scope where it writes (so the prefix in the
    text never reaches the output); a text with fixed prefixes (``ns0``...) makes an element
    read, written and read again give the same extra.
    """
    from lxml import etree as lxml_etree

    def build(parent: etree._Element | None, node: Node) -> etree._Element:
        tag, attributes, text, children = node
        if parent is None:
            built = lxml_etree.Element(tag, attributes)
        else:
            built = lxml_etree.SubElement(parent, tag, attributes)
        built.text = text
        for child in children:
            build(built, child)
        return built

    return lxml_etree.tostring(build(None, _canonical(element)), encoding="unicode")
