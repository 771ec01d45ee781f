"""Write a catalogue as IATI 2.03 activities: schema element order, extras back in place.

Each programme becomes one ``iati-activity``; programmes and their components are linked
activities through ``related-activity`` (the model's :class:`~itaproj.programme.Relation`).

Nothing reaches the target before everything was checked. Every activity is built and
serialized (one at a time, so memory holds one activity's tree) into a temporary file beside a
path target, or a spooled buffer for a stream target: as text straight from the model's nodes
(:mod:`._serialise`), the most frequent parts (transactions, budgets, planned disbursements,
document links) straight from the model's values (:mod:`._text_write`), or, where only lxml
writes it as it should (a name in a namespace the activity binds to no prefix, a value XML
cannot hold...), through an lxml tree, which reports the problems; all write the same text.
Every value IATI XML cannot hold (a character XML 1.0 forbids, a verbatim extra that is not one well-formed element or declares
a DOCTYPE, an attribute or namespace XML does not allow, a decimal too long to write) is
collected with its ``$``-path, and :class:`~itaproj.iati.WriteError` lists them all. A path
target is then replaced in one step (:func:`itaproj.io._atomic.atomic_output`), or left
untouched; a stream target gets every byte or none, except when the stream itself fails
while being written.
"""

from __future__ import annotations

import enum
import functools
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import IO, Any, cast

import attrs

from itaproj.errors import InvalidValueError, LoadIssue
from itaproj.extras import Extra
from itaproj.iati import WriteError, _serialise
from itaproj.iati._mapping import (
    MAX_DECIMAL_TEXT,
    TABLE,
    UNDETERMINED,
    XML_LANG,
    Entry,
    Node,
    Unmapped,
    WriteContext,
    activity_attributes,
    language_case,
    languages_stated,
    narrative_nodes,
    plain_length,
    short_message,
)
from itaproj.iati._parse import etree, parse_fragment, source_name
from itaproj.iati._text_write import TEXT_WRITERS, written_as_text
from itaproj.iati._write_findings import WriteFindings
from itaproj.iati.schema import activity_child_order
from itaproj.io._atomic import atomic_output
from itaproj.money import is_currency
from itaproj.org import Organisation
from itaproj.programme import Catalogue, Programme, Publication, Relation, RelationKind
from itaproj.text import is_language_tag

__all__ = ["IATI_VERSION", "activity_element", "expand_components", "write"]

#: The version written in ``iati-activities/@version``.
IATI_VERSION = "2.03"

XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/"
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"
#: Characters XML 1.0 cannot hold, not even as character references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SLOT = re.compile(r"(.*?)\[(\d+)\](?:/@(.*))?", re.DOTALL)
#: Slot indices of more digits than this are refused (no file has 10**18 elements of a kind).
_INDEX_DIGITS = 18
#: A stream target's output is kept in memory up to this size, then in a temporary file.
_SPOOL = 16 * 1024 * 1024


class _Problems:
    """The problems found so far, each once, with its ``$``-path."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str], LoadIssue] = {}

    def add(self, path: str, message: str) -> None:
        message = short_message(message)
        self.found.setdefault((path, message), LoadIssue(path, message))

    def __len__(self) -> int:
        return len(self.found)

    def merge(self, other: _Problems) -> None:
        for key, issue in other.found.items():
            self.found.setdefault(key, issue)

    def issues(self) -> tuple[LoadIssue, ...]:
        return tuple(self.found.values())


def _char_problem(text: str) -> str | None:
    match = _NOT_XML.search(text)
    if match is None:
        return None
    return f"U+{ord(match.group()):04X} (at index {match.start()}) is a character XML 1.0 cannot hold"


def _value_problems(value: object, path: str, problems: _Problems) -> None:
    """Report every string and decimal below ``value`` that IATI XML cannot hold."""
    if isinstance(value, str):
        problem = _char_problem(value)
        if problem is not None:
            problems.add(path, problem)
    elif isinstance(value, Decimal):
        if not value.is_finite() or plain_length(value) > MAX_DECIMAL_TEXT:
            problems.add(
                path, f"{str(value)[:40]} is not a finite decimal of at most {MAX_DECIMAL_TEXT} digits"
            )
    elif value is None or isinstance(value, (enum.Enum, int, float)):
        return
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _value_problems(key, f"{path}.{key!s}", problems)
            _value_problems(item, f"{path}.{key!s}", problems)
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            _value_problems(item, f"{path}[{index}]", problems)
    elif attrs.has(type(value)):
        for field in attrs.fields(cast("Any", type(value))):
            _value_problems(getattr(value, field.name), f"{path}.{field.name}", problems)


#: Whether :meth:`_ActivityWriter.serialised` writes without lxml where it can (tests compare).
_FAST = True
#: Namespace names written as they are (others are written by lxml, and checked as it writes them).
_PLAIN_URI = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!$()*+,;=%-]+")


#: The bytes of the characters below U+0020 XML 1.0 cannot hold (only these, in UTF-8).
_CONTROLS = bytes([*range(9), 11, 12, *range(14, 32)])


def _not_xml(data: bytes) -> bool:
    """Whether UTF-8 ``data`` holds a character XML 1.0 cannot hold (as :data:`_NOT_XML`).

    In UTF-8 text (no surrogates: they do not encode), those are the control bytes and
    U+FFFE and U+FFFF; a bytes check is several times faster than the regex on the text.
    """
    if len(data.translate(None, _CONTROLS)) != len(data):
        return True
    return b"\xef\xbf" in data and (b"\xef\xbf\xbe" in data or b"\xef\xbf\xbf" in data)


def _unchecked(start: list[str], body: list[str], clean: list[int]) -> str | None:
    """The text of ``start`` and ``body`` but the pieces of ``body`` at ``clean``; ``None``: no such piece."""
    if not clean:
        return None
    pieces = list(start)
    last = 0
    for index in clean:
        pieces += body[last:index]
        last = index + 1
    pieces += body[last:]
    return "".join(pieces)


def _key(name: str, namespaces: Mapping[str | None, str]) -> str:
    """An attribute's name as nodes hold it (Clark form), as :func:`_attribute_name` gives it.

    Raises:
        Unserialisable: a name other than ``xml:lang`` starting with ``xml``, a prefix the
            activity does not declare: lxml is to set (or refuse) it.
    """
    if name[:1] == "{":
        return name  # checked as it is written
    prefix, colon, local = name.partition(":")
    if colon:
        if name == "xml:lang":
            return XML_LANG
        uri = namespaces.get(prefix) if prefix[:3].lower() != "xml" else None
        if uri is None:
            raise _serialise.Unserialisable(f"{name!r:.80}: lxml is to set it")
        return f"{{{uri}}}{local}"
    _serialise.attribute_name(name)
    return name


def _build(parent: etree._Element, node: Node) -> None:
    tag, attributes, text, children = node
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    for child in children:
        _build(element, child)


def _namespace_problem(prefix: str, uri: str) -> str | None:
    """Why ``xmlns:prefix="uri"`` cannot be declared, or ``None``."""
    if prefix == "xmlns":
        return "the prefix xmlns cannot be declared"
    if prefix == "xml":
        return None if uri == XML_NAMESPACE else f"the prefix xml is bound to {XML_NAMESPACE} only"
    if not uri:
        return f"the prefix {prefix!r} cannot be bound to an empty namespace name"
    if uri in (XML_NAMESPACE, XMLNS_NAMESPACE):
        return f"{uri} cannot be bound to the prefix {prefix!r}"
    try:
        probe = etree.tostring(etree.Element("probe", nsmap={prefix: uri}))
    except ValueError as error:
        return f"xmlns:{prefix}={uri!r} is not a namespace declaration: {error}"
    if not _namespaces_readable(probe):
        return f"xmlns:{prefix}={uri!r} is not a namespace declaration: {uri!r} is not a URI a parser reads"
    return None


def _attribute_name(name: str, namespaces: Mapping[str | None, str]) -> str:
    """``name`` as lxml sets it: ``xml:lang`` and ``p:name`` (``p`` declared) in ``{uri}name`` form."""
    if name.startswith("xml:"):
        return f"{{{XML_NAMESPACE}}}{name[4:]}"
    prefix, colon, local = name.partition(":")
    if colon and prefix in namespaces and not name.startswith("{"):
        return f"{{{namespaces[prefix]}}}{local}"
    return name


def _set(element: etree._Element, name: str, value: str, path: str, problems: _Problems) -> None:
    if name.startswith("{" + XMLNS_NAMESPACE) or name == "xmlns" or name.startswith("xmlns:"):
        problems.add(path, f"{name!r} is a namespace declaration, not an attribute")
        return
    try:
        element.set(_attribute_name(name, element.nsmap), value)
    except (ValueError, TypeError) as error:
        problem = _char_problem(value)
        problems.add(path, f"attribute {name!r}: {problem or error}")


@attrs.frozen
class _Kept:
    """A verbatim element of an activity: parsed, and the text it was parsed from."""

    element: etree._Element
    text: str


class _Slots:
    """The extras of one programme, sorted by the element slot they concern, checked.

    Verbatim elements are parsed here, once; a problem is reported at ``$.…extras[k]``.
    """

    def __init__(self, extras: Iterable[Extra], path: str, problems: _Problems) -> None:
        self.attributes: dict[str, tuple[str, str]] = {}
        self.namespaces: dict[str | None, str] = {}
        self.inserts: dict[str, dict[int, _Kept]] = {}
        self.overrides: dict[tuple[str, int], dict[str, tuple[str, str]]] = {}
        self.tags: list[str] = []
        self.text: str | None = None
        for number, extra in enumerate(extras):
            if extra.format != "xml":
                continue
            where = f"{path}.extras[{number}]"
            if not isinstance(extra.value, str) or not isinstance(extra.path, str):
                problems.add(where, f"an extra's path and value must be text (got {extra.value!r:.60})")
                continue
            if extra.path.startswith("@"):
                self._attribute(extra.path[1:], extra.value, where, problems)
                continue
            if extra.path == "text()":
                problem = _char_problem(extra.value)
                if problem is not None:
                    problems.add(where, problem)
                else:
                    self.text = extra.value
                continue
            match = _SLOT.fullmatch(extra.path)
            if match is None:
                continue  # not a place in an activity (like a JSON extra): not written
            tag, index_text, attribute = match.groups()
            if len(index_text.lstrip("0")) > _INDEX_DIGITS:
                problems.add(where, f"slot index {index_text[:40]} has more than {_INDEX_DIGITS} digits")
                continue
            index = int(index_text)
            if tag not in self.tags:
                self.tags.append(tag)
            if attribute is not None:
                self.overrides.setdefault((tag, index), {})[attribute] = (extra.value, where)
                continue
            element = self._fragment(extra.value, where, problems)
            if element is not None:
                self.inserts.setdefault(tag, {})[index] = _Kept(element, extra.value)

    def _attribute(self, name: str, value: str, where: str, problems: _Problems) -> None:
        if name.startswith("xmlns:"):
            prefix = name[6:]
            problem = _char_problem(value) or _namespace_problem(prefix, value)
            if problem is not None:
                problems.add(where, problem)
            elif prefix != "xml":
                self.namespaces[prefix] = value
            return
        self.attributes[name] = (value, where)

    @staticmethod
    def _fragment(text: str, where: str, problems: _Problems) -> etree._Element | None:
        problem = _char_problem(text)
        if problem is not None:
            problems.add(where, problem)
            return None
        try:
            return parse_fragment(text)
        except etree.XMLSyntaxError as error:
            problems.add(where, f"not one well-formed XML element: {error.msg or error}")
        except ValueError as error:
            problems.add(where, str(error))
        return None


def _context(attributes: Mapping[str, tuple[str, str]]) -> WriteContext:
    lang_value = attributes.get(XML_LANG) or attributes.get("xml:lang")
    lang = language_case(lang_value[0] if lang_value is not None else UNDETERMINED)
    currency_value = attributes.get("default-currency")
    currency = None if currency_value is None else currency_value[0]
    return WriteContext(
        lang if is_language_tag(lang) else UNDETERMINED,
        currency if currency is not None and is_currency(currency) else None,
    )


def _tag_order(slots: _Slots) -> list[str]:
    order = activity_child_order()
    tags = list(dict.fromkeys([*order, *slots.tags]))
    return sorted(tags, key=lambda tag: order.get(tag, len(order)))


def _positions(count: int, inserts: Mapping[int, Any]) -> Iterator[tuple[int, int | None]]:
    """``(position, value index)`` in writing order; ``None``: the insert at that position.

    The ``count`` model values take the positions no insert takes, in order; inserts past
    the last value follow. Linear in ``count`` and the number of inserts, whatever the indices.
    """
    value = 0
    position = 1
    for index in sorted(inserts):
        while value < count and position < index:
            yield position, value
            value += 1
            position += 1
        yield index, None
        position = max(position, index + 1)
    while value < count:
        yield position, value
        value += 1
        position += 1


def _value_path(tag: str, index: int, programme: Programme) -> str:
    """The ``$``-path suffix of the ``index``-th value written as ``tag``."""
    if tag == "description":
        if programme.description is not None:
            return ".description" if index == 0 else f".objectives[{index - 1}]"
        return f".objectives[{index}]"
    if tag == "budget":
        return f".budget.lines[{index}]"
    if tag == "iati-identifier":
        return ".iati_identifier" if programme.iati_identifier else ".key"
    entry = TABLE[tag]
    return f".{entry.field}" if entry.single or tag == "title" else f".{entry.field}[{index}]"


class _ActivityWriter:
    """Builds the ``iati-activity`` of one programme, reporting problems instead of raising.

    ``path`` is the programme's ``$``-path; for a component's child activity, ``component``
    is the component (problems of its values are reported at ``path``, those of values it
    inherits are the parent's).
    """

    def __init__(
        self,
        problems: _Problems,
        reporting_org: Organisation | None,
        splice: bool = False,
        findings: WriteFindings | None = None,
    ) -> None:
        self.problems = problems
        self.reporting_org = reporting_org
        #: Where what IATI cannot carry, or requires and the model lacks, is reported (if anywhere).
        self.findings = findings
        self.component: object = None
        self.parent_failed = False
        self.own_relations = 0
        self.splice = splice
        self.spliced: list[bytes] = []
        #: The indices of the pieces of :meth:`_fast`'s body already checked (see _text_write).
        self.clean: list[int] = []

    def _failed(self, path: str, suffix: str, value: object, error: Exception) -> None:
        found = _Problems()
        if self.component is not None:
            for name in ("code", "title", "description"):
                _value_problems(getattr(self.component, name, None), f"{path}.{name}", found)
            if not len(found) and not self.parent_failed:
                found.add(path, str(error))
        else:
            _value_problems(value, path + suffix, found)
            if not len(found):
                found.add(path + suffix, str(error))
        self.problems.merge(found)

    def _begin(
        self,
        programme: Programme,
        path: str,
        nsmap: Mapping[str | None, str],
        component: object,
        parent_failed: bool,
        own_relations: int | None,
        problems: _Problems,
    ) -> tuple[_Slots, dict[str, str], WriteContext, dict[str | None, str]]:
        """Start an activity, for both writers.

        Returns its extras by slot, the attributes the model gives, the defaults it may leave
        implicit and the namespaces it declares.
        """
        self.component = component
        self.parent_failed = parent_failed
        self.own_relations = len(programme.relations) if own_relations is None else own_relations
        slots = _Slots(programme.extras, path, problems)
        modelled = activity_attributes(programme)
        ctx = _context({**{name: (value, path) for name, value in modelled.items()}, **slots.attributes})
        # A namespace the activity declared under its own prefix keeps that prefix: the root's
        # prefix for the same namespace would otherwise win and rename the activity's attributes.
        own = set(slots.namespaces.values())
        namespaces: dict[str | None, str] = {p: uri for p, uri in nsmap.items() if uri not in own}
        namespaces.update(slots.namespaces)
        return slots, modelled, ctx, namespaces

    def element(
        self,
        programme: Programme,
        path: str,
        nsmap: Mapping[str | None, str],
        component: object = None,
        parent_failed: bool = False,
        own_relations: int | None = None,
    ) -> etree._Element:
        """The activity element (possibly incomplete when problems were reported).

        ``own_relations``: how many of the programme's relations are its own, not links to
        its components' activities (all, when not given).
        """
        problems = self.problems if component is None else _Problems()  # the parent reports extras
        slots, modelled, ctx, namespaces = self._begin(
            programme, path, nsmap, component, parent_failed, own_relations, problems
        )
        element = etree.Element("iati-activity", nsmap=cast("Any", namespaces or None))
        element.text = slots.text
        self.spliced = []
        for name, value in modelled.items():
            where = f"{path}.humanitarian" if name == "humanitarian" else f"{path}.publication"
            _set(element, name, value, where, problems)
        for name, (value, where) in slots.attributes.items():
            if _attribute_name(name, element.nsmap) not in modelled:  # the model's value wins
                _set(element, name, value, where, problems)
        present: list[str] = []  # the tags written, for the required-element findings
        for tag in _tag_order(slots):
            before = len(element)
            self._one_tag(element, tag, programme, path, slots, ctx, problems)
            if len(element) > before:
                present.append(tag)
        if self.findings is not None:
            programme_path = path if component is None else path.rsplit(".components[", 1)[0]
            self.findings.missing(present, path, programme_path)
        return element

    def _one_tag(
        self,
        element: etree._Element,
        tag: str,
        programme: Programme,
        path: str,
        slots: _Slots,
        ctx: WriteContext,
        problems: _Problems,
    ) -> None:
        """Append the elements of ``tag``: the given reporting organisation, or the model's and kept ones."""
        if tag == "reporting-org" and self.reporting_org is not None and not slots.inserts.get(tag):
            if self.findings is not None:
                self.findings.reporting_org(self.reporting_org)
            try:
                element.append(_reporting_org(self.reporting_org, ctx))
            except (ValueError, TypeError) as error:
                found = _Problems()
                _value_problems(self.reporting_org, "reporting_org", found)
                if not len(found):
                    found.add("reporting_org", str(error))
                self.problems.merge(found)
            return
        self._tag(element, tag, programme, path, slots, ctx, problems)

    def _tag(
        self,
        element: etree._Element,
        tag: str,
        programme: Programme,
        path: str,
        slots: _Slots,
        ctx: WriteContext,
        problems: _Problems,
    ) -> None:
        entry = TABLE.get(tag)
        values = list(entry.values(programme)) if entry is not None else []
        if tag == "title":
            values = [programme.title]
        inserts = slots.inserts.get(tag, {})
        if tag == "iati-identifier" and programme.iati_identifier is None and inserts:
            values = []  # the source's own (unreadable) identifier, not the key standing in for it
        # Verbatim elements keep their place among the model's values of the same name;
        # positions past the end still get theirs.
        for position, value_index in _positions(len(values), inserts):
            if value_index is None:
                self._verbatim(element, inserts[position])
                continue
            assert entry is not None  # values is empty without an entry
            item = values[value_index]
            overrides = slots.overrides.get((tag, position), {})
            try:
                node = entry.write(item, ctx)
                if _LANGUAGES.intersection(overrides):
                    node = languages_stated(node)  # the kept xml:lang governed no narrative
                _build(element, node)
            except Unmapped as unmapped:
                # A value IATI cannot carry is left out; a component's activity repeats its
                # programme's values, which the programme's own activity reports.
                if self.findings is not None and self.component is None:
                    self.findings.unmapped(unmapped, tag, path + _value_path(tag, value_index, programme))
                continue
            except (ValueError, TypeError) as error:  # lxml: TypeError for a value that is no text
                suffix = _value_path(tag, value_index, programme)
                if tag == "related-activity" and value_index >= self.own_relations:
                    # a child link added for a component: its ref is the identifier's
                    suffix = _value_path("iati-identifier", 0, programme)
                    item = programme.iati_identifier or programme.key
                self._failed(path, suffix, item, error)
                # a stand-in (the output is not written now) so its attribute extras are checked too
                etree.SubElement(element, "not-written")
            for name, (text, where) in overrides.items():
                _set(element[-1], name, text, where, problems)
            if self.findings is not None and self.component is None and not len(problems):
                self.findings.value(tag, item, path + _value_path(tag, value_index, programme), element[-1])

    def _verbatim(self, parent: etree._Element, kept: _Kept) -> None:
        """Append a verbatim element, or (when splicing) a placeholder for its text.

        lxml renames a moved element's prefixes to the first one its new parent binds to the
        same namespace; spliced as text, an element declaring its own namespaces keeps them.
        Only for text lxml would write as is, and never under a default namespace.
        """
        if self.splice and None not in parent.nsmap:
            text = etree.tostring(kept.element, encoding="unicode", with_tail=False)
            if text == kept.text:
                etree.SubElement(parent, _PLACEHOLDER)
                self.spliced.append(text.encode("utf-8"))
                return
        parent.append(kept.element)

    def serialised(
        self,
        programme: Programme,
        path: str,
        nsmap: Mapping[str | None, str],
        component: object = None,
        parent_failed: bool = False,
        own_relations: int | None = None,
    ) -> tuple[bytes, bool]:
        """The activity's UTF-8 text, and whether verbatim text was spliced into it.

        Written straight from the model's nodes (:mod:`._serialise`) when that writes what
        lxml would; else (a name in another namespace, a value XML cannot hold, any problem
        so far...) built with :meth:`element` and serialised by lxml, which reports the
        problems. Both write the same text.
        """
        if _FAST and not len(self.problems):
            fast = self._fast(programme, path, nsmap, component, parent_failed, own_relations)
            if fast is not None:
                return fast
        element = self.element(programme, path, nsmap, component, parent_failed, own_relations)
        return _spliced(etree.tostring(element, encoding="UTF-8"), self.spliced), bool(self.spliced)

    def _fast(
        self,
        programme: Programme,
        path: str,
        nsmap: Mapping[str | None, str],
        component: object,
        parent_failed: bool,
        own_relations: int | None,
    ) -> tuple[bytes, bool] | None:
        """:meth:`serialised` without lxml, or ``None`` where only lxml writes it as it should.

        Nothing is reported here: findings are called once the text is known to be good.
        """
        found = _Problems()
        slots, modelled, ctx, namespaces = self._begin(
            programme, path, nsmap, component, parent_failed, own_relations, found
        )
        if len(found):
            return None
        deferred: list[functools.partial[None]] = []
        body: list[str] = []
        self.clean = []
        try:
            start = ["<iati-activity"]
            prefixes: dict[str, str] = {}  # the prefix lxml writes for a namespace: its first
            for prefix, uri in namespaces.items():
                if prefix is None or _PLAIN_URI.fullmatch(uri) is None:
                    return None  # a default namespace, a name lxml may write otherwise
                start.append(f' xmlns:{_serialise.attribute_name(prefix)}="{uri}"')
                prefixes.setdefault(uri, prefix)
            attributes = {_key(name, namespaces): value for name, value in modelled.items()}
            for name, (value, _where) in slots.attributes.items():
                key = _key(name, namespaces)
                if key not in modelled:  # the model's value wins
                    attributes[key] = value
            start.append(_serialise.attributes_text(attributes, prefixes))
            spliced = False
            present: list[str] = []  # the tags written, for the required-element findings
            for tag in _tag_order(slots):
                before = len(body)
                spliced |= self._fast_tag(
                    body, tag, programme, path, slots, ctx, deferred, namespaces, prefixes
                )
                if len(body) > before:
                    present.append(tag)
            if slots.text is not None or body:
                start.append(">" if slots.text is None else ">" + _serialise.escape_text(slots.text))
                body.append("</iati-activity>")
            else:
                start.append("/>")
            unchecked = _unchecked(start, body, self.clean)
            start += body
            data = "".join(start).encode("utf-8")  # TypeError: a value that is no text
            if _not_xml(data if unchecked is None else unchecked.encode("utf-8")):
                return None
        except (_serialise.Unserialisable, ValueError, TypeError):  # UnicodeEncodeError: a surrogate
            return None
        if self.findings is not None:
            programme_path = path if component is None else path.rsplit(".components[", 1)[0]
            deferred.append(functools.partial(self.findings.missing, present, path, programme_path))
        for call in deferred:
            call()
        return data, spliced

    def _fast_tag(
        self,
        body: list[str],
        tag: str,
        programme: Programme,
        path: str,
        slots: _Slots,
        ctx: WriteContext,
        deferred: list[functools.partial[None]],
        namespaces: Mapping[str | None, str],
        prefixes: Mapping[str, str],
    ) -> bool:
        """:meth:`_one_tag` for :meth:`_fast`: append the text of ``tag``'s elements; whether spliced.

        ``namespaces``: the activity's (prefix -> uri); ``prefixes``: uri -> the prefix written.

        Raises:
            Unserialisable: what lxml is to write (or report).
        """
        findings = self.findings if self.component is None else None
        if tag == "reporting-org" and self.reporting_org is not None and not slots.inserts.get(tag):
            organisation = self.reporting_org
            if self.findings is not None:
                deferred.append(functools.partial(self.findings.reporting_org, organisation))
            attributes: dict[str, str] = {}
            if organisation.ref is not None:
                attributes["ref"] = organisation.ref
            if organisation.type is not None:
                attributes["type"] = organisation.type
            node: Node = ("reporting-org", attributes, None, narrative_nodes(organisation.name, ctx))
            _serialise.node_text(node, body, prefixes)
            return False
        entry = TABLE.get(tag)
        values = list(entry.values(programme)) if entry is not None else []
        if tag == "title":
            values = [programme.title]
        inserts = slots.inserts.get(tag, {})
        if tag == "iati-identifier" and programme.iati_identifier is None and inserts:
            values = []
        # The frequent simple parts (transactions...) straight as text (findings need their nodes).
        text_writer = TEXT_WRITERS.get(tag) if findings is None and values else None
        if text_writer is not None and not inserts and not any(key[0] == tag for key in slots.overrides):
            assert entry is not None  # values is empty without an entry
            # Their texts are checked as they are made (characters XML cannot hold): each run of
            # them is one piece of the body, its index in self.clean, left out of the last check.
            clean: list[str] = []
            for index, item in enumerate(values):
                mark = len(clean)
                try:  # (written_as_text, inline)
                    if text_writer(item, ctx, prefixes, clean):
                        continue
                except Exception:  # anything unusual: the node route below writes (or reports) it
                    pass
                del clean[mark:]
                if clean:
                    self.clean.append(len(body))
                    body.append("".join(clean))
                    clean = []
                self._fast_value(
                    body,
                    entry,
                    item,
                    (index, index + 1),
                    programme,
                    path,
                    slots,
                    ctx,
                    deferred,
                    namespaces,
                    prefixes,
                )
            if clean:
                self.clean.append(len(body))
                body.append("".join(clean))
            return False
        spliced = False
        for position, value_index in _positions(len(values), inserts):
            if value_index is None:
                kept = inserts[position]
                if (
                    not self.splice
                    or etree.tostring(kept.element, encoding="unicode", with_tail=False) != kept.text
                ):
                    raise _serialise.Unserialisable("a verbatim element lxml writes otherwise")
                body.append(kept.text)
                spliced = True
                continue
            assert entry is not None  # values is empty without an entry
            item = values[value_index]
            if (
                text_writer is not None
                and (tag, position) not in slots.overrides
                and written_as_text(text_writer, item, ctx, prefixes, body)
            ):
                continue
            self._fast_value(
                body,
                entry,
                item,
                (value_index, position),
                programme,
                path,
                slots,
                ctx,
                deferred,
                namespaces,
                prefixes,
            )
        return spliced

    def _fast_value(
        self,
        body: list[str],
        entry: Entry,
        item: object,
        indices: tuple[int, int],
        programme: Programme,
        path: str,
        slots: _Slots,
        ctx: WriteContext,
        deferred: list[functools.partial[None]],
        namespaces: Mapping[str | None, str],
        prefixes: Mapping[str, str],
    ) -> None:
        """Append the text of one model value of ``entry``, through its node.

        ``indices``: the value's index among the values, and its position among its tag's elements.

        Raises:
            Unserialisable: what lxml is to write (or report).
        """
        findings = self.findings if self.component is None else None
        tag = entry.tag
        value_index, position = indices
        try:
            node = entry.write(item, ctx)
        except Unmapped as unmapped:
            if findings is not None:
                where = path + _value_path(tag, value_index, programme)
                deferred.append(functools.partial(findings.unmapped, unmapped, tag, where))
            return
        overrides = slots.overrides.get((tag, position))
        if overrides:
            if _LANGUAGES.intersection(overrides):
                node = languages_stated(node)  # the kept xml:lang governed no narrative
            attributes = dict(node[1])
            for name, (text, _where) in overrides.items():
                attributes[_key(name, namespaces)] = text
            node = (node[0], attributes, node[2], node[3])
        _serialise.node_text(node, body, prefixes)
        if findings is not None:
            where = path + _value_path(tag, value_index, programme)
            deferred.append(functools.partial(findings.value, tag, item, where, node))


def activity_element(
    programme: Programme,
    nsmap: dict[str | None, str] | None = None,
    reporting_org: Organisation | None = None,
) -> etree._Element:
    """The ``iati-activity`` element for ``programme``.

    ``reporting_org`` is written as ``reporting-org`` when the programme has none kept from
    its source (IATI requires one).

    Raises:
        WriteError: values IATI XML cannot hold, each with its ``$``-path from the programme.

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> element = activity_element(Programme("XM-EX-1", LocalizedText({"en": "Example"}),
        ...                                      iati_identifier="XM-EX-1"))
        >>> [child.tag for child in element]
        ['iati-identifier', 'title']
    """
    problems = _Problems()
    element = _ActivityWriter(problems, reporting_org).element(programme, "$", nsmap or {})
    if len(problems):
        raise WriteError(problems.issues(), "iati-activity")
    return element


def _reporting_org(organisation: Organisation, ctx: WriteContext) -> etree._Element:
    element = etree.Element("reporting-org")
    if organisation.ref is not None:
        element.set("ref", organisation.ref)
    if organisation.type is not None:
        element.set("type", organisation.type)
    for node in narrative_nodes(organisation.name, ctx):
        _build(element, node)
    return element


def expand_components(programme: Programme) -> tuple[Programme, ...]:
    """``programme`` (with child relations added) followed by one child programme per component."""
    if not programme.components:
        return (programme,)
    parent_id = programme.iati_identifier or programme.key
    known = {(relation.kind, relation.ref) for relation in programme.relations}
    children: list[Programme] = []
    relations = list(programme.relations)
    inherited = tuple(
        extra for extra in programme.extras if extra.path in _INHERITED or extra.path.startswith("@xmlns:")
    )
    for component in programme.components:
        child_id = f"{parent_id}-{component.code}"
        if (RelationKind.CHILD, child_id) not in known:
            relations.append(Relation(RelationKind.CHILD, child_id))
        children.append(
            Programme(
                child_id,
                component.title,
                iati_identifier=child_id,
                description=component.description,
                status=programme.status,
                dates=programme.dates,
                participants=programme.participants,
                relations=(Relation(RelationKind.PARENT, parent_id),),
                publication=attrs.evolve(programme.publication or Publication(), hierarchy=2),
                extras=inherited,
            )
        )
    parent = attrs.evolve(programme, relations=tuple(relations))
    return (parent, *children)


#: The names an override extra may give ``xml:lang`` by.
_LANGUAGES = frozenset({XML_LANG, "xml:lang"})
_INHERITED = frozenset({"reporting-org[1]", "@default-currency", f"@{XML_LANG}"})


def _root_tag(catalogue: Catalogue, problems: _Problems) -> tuple[bytes, dict[str | None, str]]:
    """The XML declaration and ``iati-activities`` start tag, and the namespaces it declares."""
    nsmap: dict[str | None, str] = {}
    attributes: list[tuple[str, str, str]] = []
    for number, extra in enumerate(getattr(catalogue, "extras", ())):
        if not extra.path.startswith("@") or extra.format != "xml":
            continue
        where = f"$.extras[{number}]"
        if not isinstance(extra.value, str):
            problems.add(where, f"an extra's value must be text (got {extra.value!r:.60})")
            continue
        name = extra.path[1:]
        if name.startswith("xmlns:"):
            prefix = name.removeprefix("xmlns:")
            problem = _char_problem(extra.value) or _namespace_problem(prefix, extra.value)
            if problem is not None:
                problems.add(where, problem)
            elif prefix != "xml":
                nsmap[prefix] = extra.value
        elif name != "version":
            attributes.append((name, extra.value, where))
    root = etree.Element("iati-activities", nsmap=cast("Any", nsmap or None))
    root.set("version", IATI_VERSION)
    for name, value, where in attributes:
        _set(root, name, value, where, problems)
    empty = etree.tostring(root, encoding="UTF-8")
    return _DECLARATION + empty.removesuffix(b"/>") + b">", nsmap


def _root_content(catalogue: Catalogue, problems: _Problems) -> bytes:
    """The catalogue's namespaced root elements (extras ``prefix:name[n]``), each on a line.

    They follow the activities, where the schema's ``##other`` content is. Each is written as
    the text it was kept as; it must be one well-formed element in a namespace, declaring the
    namespaces it uses (as the reader keeps them).
    """
    out: list[bytes] = []
    for number, extra in enumerate(getattr(catalogue, "extras", ())):
        if extra.format != "xml" or not isinstance(extra.path, str) or extra.path.startswith("@"):
            continue
        match = _SLOT.fullmatch(extra.path)
        if match is None or match.group(3) is not None:
            continue  # not an element under the root (like a JSON extra): not written
        where = f"$.extras[{number}]"
        if not isinstance(extra.value, str):
            problems.add(where, f"an extra's value must be text (got {extra.value!r:.60})")
            continue
        element = _Slots._fragment(extra.value, where, problems)
        if element is None:
            continue
        if not etree.QName(element).namespace:
            problems.add(
                where,
                f"{element.tag} is in no namespace: only elements of another namespace than "
                "IATI's may stand under iati-activities",
            )
            continue
        out.append(b"\n" + extra.value.encode("utf-8"))
    return b"".join(out)


def _activities(
    catalogue: Catalogue,
    nsmap: Mapping[str | None, str],
    reporting_org: Organisation | None,
    problems: _Problems,
    findings: WriteFindings | None = None,
) -> Iterator[bytes]:
    """Each activity serialized (a component's child activities after their programme).

    ``findings``, when given, gets what IATI cannot carry or requires, and validates each
    activity against the schema as it is written.
    """
    writer = _ActivityWriter(problems, reporting_org, splice=True, findings=findings)
    for number, programme in enumerate(catalogue):
        path = f"$.programmes[{number}]"
        if findings is not None:
            findings.programme(programme, path)
        try:
            expanded = expand_components(programme)
        except InvalidValueError as error:  # an identifier that makes no activity identifier
            problems.add(path, f"its components cannot be written as child activities: {error}")
            continue
        before = len(problems)
        own = len(programme.relations)
        for position, activity in enumerate(expanded):
            component = None if position == 0 else programme.components[position - 1]
            where = path if component is None else f"{path}.components[{position - 1}]"
            data, spliced = writer.serialised(activity, where, nsmap, component, len(problems) > before, own)
            if spliced or findings is not None or not _namespaces_readable(data):
                # The last guard: what is written must read back. A tree lxml built is well-formed
                # (lxml refuses what XML cannot hold as it is built) but for the namespace names
                # it declares, which lxml takes as they come and a parser may refuse as no URI.
                try:
                    parsed = etree.fromstring(data, _CHECK)
                except etree.XMLSyntaxError as error:
                    problems.add(where, f"would not be well-formed XML: {error.msg or error}")
                else:
                    if findings is not None and not len(problems):
                        findings.written(parsed, data)
            yield data


_DECLARED = re.compile(rb'xmlns(?::[^=\s]+)?\s*=\s*"([^"]*)"')


def _namespaces_readable(data: bytes) -> bool:
    """Whether a parser reads every namespace name ``data`` declares (each name checked once)."""
    return all(_readable_namespace(uri) for uri in set(_DECLARED.findall(data))) if b"xmlns" in data else True


@functools.lru_cache(maxsize=1024)
def _readable_namespace(uri: bytes) -> bool:
    try:
        etree.fromstring(b'<a xmlns:p="' + uri + b'"/>', _CHECK)
    except etree.XMLSyntaxError:
        return False
    return True


# The stand-in for a verbatim element spliced in as text: a name no IATI file uses.
_PLACEHOLDER = f"itaproj-verbatim-{secrets.token_hex(8)}"
_PLACEHOLDER_TAG = f"<{_PLACEHOLDER}/>".encode()


def _spliced(data: bytes, texts: list[bytes]) -> bytes:
    """``data`` with each placeholder replaced by the next verbatim text, in order."""
    if not texts:
        return data
    pieces = data.split(_PLACEHOLDER_TAG)
    assert len(pieces) == len(texts) + 1, "one placeholder per spliced element"
    out = [pieces[0]]
    for text, piece in zip(texts, pieces[1:], strict=True):
        out += (text, piece)
    return b"".join(out)


_CHECK = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _emit(
    stream: IO[bytes], head: bytes, activities: Iterator[bytes], problems: _Problems, tail: bytes = b""
) -> None:
    """Write the document to ``stream`` while no problem is known; keep looking for problems after.

    ``tail``: what follows the activities under the root (:func:`_root_content`).
    """
    stream.write(head)
    for data in activities:
        if not len(problems):
            stream.write(b"\n")
            stream.write(data)
    if not len(problems):
        stream.write(tail)
    stream.write(b"\n</iati-activities>")


def write(
    catalogue: Catalogue,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    reporting_org: Organisation | None = None,
    findings: WriteFindings | None = None,
) -> None:
    """Write ``catalogue`` as an IATI 2.03 activities file (UTF-8) to a path or binary file.

    Elements kept from an IATI source (``Programme.extras``) are written back in their
    schema positions, so a file read with :func:`itaproj.iati.read` is written back without
    loss. Components become child activities linked to their programme (see
    :func:`expand_components`). Model values IATI cannot carry (bounded amounts, dates known
    only to the year or month, date kinds and roles IATI lacks, people, target groups, nested
    activities, a budget total) are not written; ``findings`` gets each of them.

    Args:
        catalogue: The programmes.
        target: A path or a binary file object.
        reporting_org: Written as ``reporting-org`` of activities that kept none from their
            source; the output is schema-valid only when every activity has one, a
            description, a participating organisation, a status and a date.
        findings: Collects what is not written and what IATI requires that the model lacks,
            and validates each activity against the schema as it is written
            (:func:`itaproj.iati.write_with_findings`).

    Raises:
        WriteError: values IATI XML cannot hold (each with its ``$``-path, e.g.
            ``$.programmes[3].title.en``: a control character, a verbatim extra that is not
            one well-formed element, an attribute name XML does not allow, ...) or a path
            that cannot be written. Nothing was written: an existing file at a path target
            is untouched, a stream target got no byte.

    Example:
        >>> import io
        >>> from itaproj import Catalogue, LocalizedText, Programme
        >>> from itaproj import DateKind, KeyDate, Organisation, Participant, PartialDate, Role, Status
        >>> adb = Organisation("adb", LocalizedText({"en": "Asian Development Bank"}), ref="XM-DAC-46004",
        ...                    type="40")
        >>> programme = Programme("XM-DAC-46004-1", LocalizedText({"en": "Example"}),
        ...     description=LocalizedText({"en": "What it does"}), status=Status.IMPLEMENTATION,
        ...     dates=(KeyDate(DateKind.PLANNED_START, PartialDate(2024, 1, 1)),),
        ...     participants=(Participant(adb, Role.FUNDING),))
        >>> out = io.BytesIO()
        >>> write(Catalogue((programme,)), out, reporting_org=adb)
        >>> from itaproj.iati.schema import validate_schema
        >>> validate_schema(io.BytesIO(out.getvalue()))
        ()
    """
    problems = _Problems()
    head, nsmap = _root_tag(catalogue, problems)
    tail = _root_content(catalogue, problems)
    if findings is not None:
        findings.start(catalogue, head)
    activities = _activities(catalogue, nsmap, reporting_org, problems, findings)
    if isinstance(target, (str, os.PathLike)):
        name = source_name(target)
        try:
            with atomic_output(target) as stream:
                _emit(stream, head, activities, problems, tail)
                if len(problems):
                    raise WriteError(problems.issues(), name)
                if findings is not None:
                    findings.finish(tail)
        except OSError as error:
            raise WriteError(
                [LoadIssue(name, f"cannot be written: {error.strerror or error}")], name
            ) from None
        except ValueError as error:
            if isinstance(error, WriteError):
                raise
            raise WriteError([LoadIssue(repr(name), f"not a usable path: {error}")], repr(name)) from None
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as buffer:
        _emit(cast("IO[bytes]", buffer), head, activities, problems, tail)
        if len(problems):
            raise WriteError(problems.issues(), source_name(target))
        if findings is not None:
            findings.finish(tail)
        buffer.seek(0)
        shutil.copyfileobj(buffer, target)
