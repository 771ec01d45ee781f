"""Read IATI activity files (2.01, 2.02, 2.03) into programmes, streaming, leniently, losing nothing.

Each ``iati-activity`` becomes a :class:`~itaproj.programme.Programme` keyed by its
``iati-identifier``. The file is read with ``iterparse``; each activity is converted and
cleared (with its already-read siblings), so memory stays bounded by the largest activity,
whatever the file size.

Nothing is dropped. Every direct child of an activity is either

- **mapped** to the model (through :data:`itaproj.iati._mapping.TABLE`) and the writer
  re-creates it exactly; or
- mapped, with the detail the model cannot hold kept in ``Programme.extras``: attributes as
  ``Extra("budget[2]/@value-date-note", value, "xml")`` (set on the element when written),
  or, when more differs, the whole source element as ``Extra("result[1]", xml, "xml+model")``
  (written instead of the model's rendering; edit the model *and* drop that extra to
  change it); or
- **unmapped** (reporting-org, contact-info, location, ...), kept verbatim as
  ``Extra("location[1]", xml, "xml")`` and written back in its schema position.

Attributes of ``iati-activity`` itself are kept as ``Extra("@default-currency", "USD", "xml")``
(the default language and currency are also applied while reading); attributes and namespace
declarations of ``iati-activities`` go to ``Catalogue.extras``.

What real publishers do wrong (time zones on dates, upper-case ``xml:lang``, no ``@version``,
a ``point`` without ``pos``, codes the model refuses, amounts out of the model's range) is read
anyway and reported as a :class:`~itaproj.findings.Finding` with the XPath and line; it never
raises. An ``iati-activity`` nested inside another is kept verbatim with the element holding
it (finding ``iati.nested-activity``), never read on its own at the expense of the outer one.
An element under the root in a namespace (the schema's ``##other`` content, such as an
``ir:registry-record``) is kept verbatim in ``Catalogue.extras`` as
``Extra("ir:registry-record[1]", xml, "xml")``, up to :data:`ROOT_CONTENT_LIMIT` characters in
all; the writer puts it back after the activities, where the schema has it. Other elements
under the root that are not activities (and namespaced ones beyond the limit) are reported
(``iati.lenient.root-child``) and freed as the stream goes, like activities once read. Only
input that is not well-formed XML (or declares a DTD), or a path that names no readable file,
raises one :class:`~itaproj.errors.LoadError`.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, cast

import attrs

from itaproj.errors import InvalidValueError, LoadError, LoadIssue
from itaproj.extras import Extra
from itaproj.finance import Transaction
from itaproj.findings import Finding, Severity
from itaproj.iati._mapping import (
    ACTIVITY_ATTRIBUTES,
    TABLE,
    UNDETERMINED,
    XML_LANG,
    ReadContext,
    Unmapped,
    language_case,
    narrates,
    period_from_dates,
    plain_transaction,
    programme_fields,
    read_activity_attribute,
    read_any_transaction,
    report_zoned_dates,
    short_message,
)
from itaproj.iati._mapping.flows import plain_budget, plain_document
from itaproj.iati._mapping.results import plain_result
from itaproj.iati._parse import CHUNK, Source, etree, iterparse, source_name
from itaproj.iati._upgrade import UPGRADED_VERSIONS, undeclared, upgrade_activity
from itaproj.iati.schema import ElementShape, activity_child_order, element_shape
from itaproj.money import is_currency
from itaproj.programme import Catalogue, Programme, Publication
from itaproj.text import LocalizedText, is_language_tag

__all__ = [
    "ROOT_CONTENT_LIMIT",
    "SUPPORTED_VERSIONS",
    "extra_sort_key",
    "iter_parsed_programmes",
    "iter_programmes",
    "read",
    "read_with_findings",
]

#: The IATI versions read as such; 1.0x (:data:`UPGRADED_VERSIONS`) is upgraded to 2.03 while
#: read, and others are read as 2.03 with a warning.
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")

#: An element slot ``tag[n]`` or an attribute of one, ``tag[n]/@name``; an index of more
#: digits than any file could need is not a slot.
_SLOT = re.compile(r"(.*?)\[(\d{1,18})\](?:/@(.*))?", re.DOTALL)
_SPACE = re.compile(r"\s+")
#: Elements under the root that are not activities reported one by one; the rest are counted.
_STRAYS_REPORTED = 20
#: Transactions in a row the one-pass reader (:func:`~itaproj.iati._mapping.plain_transaction`)
#: may decline before a file is read by the general reader only: a publisher's transactions
#: mostly share one shape, and where it is not the common one (other namespaces' content in
#: each, say), trying costs time. Either reads every transaction to the same value.
_PLAIN_TRIES = 64
#: Namespaced elements under the root are kept up to this many characters of XML in all. An
#: element still being parsed is held whole while the bytes read since it began fit in what is
#: left; the tree of tiny elements takes some 20 times their text, so this bounds memory too.
ROOT_CONTENT_LIMIT = 1024 * 1024


def extra_sort_key(extra: Extra) -> tuple[int, str, int, str]:
    """Extras in writing order: activity attributes, then elements in schema order."""
    path = extra.path
    if path.startswith("@"):
        return (-1, path, 0, "")
    match = _SLOT.fullmatch(path)
    if match is None:
        return (100_000, path, 0, "")
    tag, index, attribute = match.groups()
    return (activity_child_order().get(tag, 10_000), tag, int(index), attribute or "")


def _norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _attributes(element: etree._Element) -> dict[str, str]:
    return cast("dict[str, str]", dict(element.attrib))


def _foreign_roots(element: etree._Element) -> Counter[str]:
    """The content ``element`` holds that the readers keep as extras by name, outermost pieces only.

    Each attribute of another namespace on an IATI element (as ``@{uri}name``), and each element
    of another namespace whose parent is IATI's (as ``{uri}name``; what is inside it goes with
    it). The ``xml:`` attributes count too (``xml:space`` ...), but for an ``xml:lang`` that is
    the language of narratives: on a ``narrative``, or above one that holds text, the readers
    file the texts under it.
    """
    names: Counter[str] = Counter()
    stack = [element]
    while stack:
        node = stack.pop()
        for name in cast("list[str]", node.keys()):
            if name[0] == "{" and not (name == XML_LANG and (node.tag == "narrative" or narrates(node))):
                names["@" + name] += 1
        for child in node:
            tag = child.tag
            if tag.__class__ is str:
                if tag[0] == "{":
                    names[tag] += 1
                else:
                    stack.append(child)
    return names


_URIS = re.compile(r"\{[^}]*\}")
_LAST_SLOT = re.compile(r"(.*)\[\d+\]")


def _foreign_extras(value: object) -> Counter[str]:
    """The other namespaces' content kept in the extras of ``value`` and the objects in it, by name.

    Names as :func:`_foreign_roots` gives them, so that the two compare: an element the readers
    kept only part of the foreign content of holds more than its extras.
    """
    names: Counter[str] = Counter()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, tuple):
            stack.extend(item)
        elif isinstance(item, Extra):
            names.update(_foreign_name(item.path))
        elif attrs.has(type(item)):
            stack.extend(getattr(item, field.name) for field in attrs.fields(cast("Any", type(item))))
    return names


def _foreign_name(path: str) -> tuple[str, ...]:
    """The name of the foreign content an extra at ``path`` keeps, if that is what it keeps."""
    uris = _URIS.findall(path)
    if not uris:
        return ()
    # the last step of the path, found with the namespace URIs (which hold slashes) set aside
    start = _URIS.sub(lambda match: "{" + "x" * (len(match.group()) - 2) + "}", path).rfind("/") + 1
    last = path[start:]
    if last.startswith("@{"):
        return (last,)
    if last.startswith("{"):
        slot = _LAST_SLOT.fullmatch(last)
        return (slot.group(1) if slot else last,)
    return ()


def _kept_aside(
    element: etree._Element, slot: str, value: object, roots: Counter[str], extras: list[Extra]
) -> bool:
    """Whether the other namespaces' content ``roots`` of ``element`` is kept beside ``value``.

    Kept in the extras of ``value`` and the objects in it, but for attributes of ``element``
    itself that ``value`` has no place for (an ``xml:lang`` on a ``budget``, which has no
    extras): those are added to the activity's ``extras`` as ``slot/@name``, which the writer
    sets on the element it writes there.
    """
    kept = _foreign_extras(value) if hasattr(value, "extras") else Counter()
    if kept == roots:
        return True
    missing = roots - kept
    if kept - roots or any(not name.startswith("@") or count != 1 for name, count in missing.items()):
        return False
    own = [(name, element.get(name[1:])) for name in missing]
    if any(given is None for _, given in own):
        return False  # an attribute deeper inside: no place for it but the element whole
    extras.extend(Extra(f"{slot}/{name}", cast("str", given), "xml") for name, given in own)
    return True


def _report_languages(element: etree._Element, roots: Counter[str], ctx: ReadContext) -> None:
    """A finding for each ``xml:lang`` kept in ``element`` (it governs no text) that is no language tag."""
    if "@" + XML_LANG not in roots:
        return
    for node in element.iter():
        given = node.get(XML_LANG)
        if given is None or node.tag == "narrative" or is_language_tag(language_case(given)):
            continue
        if not narrates(node):
            ctx.report(
                "iati.lenient.language",
                Severity.WARNING,
                f"xml:lang {given!r} of {node.tag} is not a language tag (it states the language of no "
                "text: kept as it is)",
                node,
            )


def _kept_nothing_aside(value: object) -> bool:
    """Whether ``value`` is a transaction whose reader kept nothing aside, so the checks can go.

    :func:`~itaproj.iati._mapping.read_transaction` types every attribute, element and text
    the 2.03 schema defines in a transaction and keeps anything else (content of other
    namespaces too) in the ``extras`` of the object that held it, or refuses the element: with
    no extras anywhere in it, nothing in the element is undeclared or of another namespace.
    Transactions are most of a real file, so this saves most of the checks' time; any other
    value is checked.
    """
    if type(value) is not Transaction:
        return False
    transaction = value
    if transaction.extras:
        return False
    places = (
        transaction.provider,
        transaction.receiver,
        transaction.recipient_country,
        transaction.recipient_region,
        *transaction.sectors,
    )
    return not any(place is not None and place.extras for place in places)


#: :func:`~itaproj.iati.schema.element_shape` by path, for :func:`_plain` (the schema's paths
#: only, which are finite: a path it lacks ends the walk), with the paths of the children the
#: schema allows there, made once.
_SHAPES: dict[tuple[str, ...], tuple[ElementShape, dict[str, tuple[str, ...]]]] = {}


def _plain(node: etree._Element, path: tuple[str, ...], keeps_repeats: bool) -> bool:
    """Whether ``node`` (at ``path`` below the activity) holds nothing undeclared or of another namespace.

    That is, whether :func:`~itaproj.iati._upgrade.undeclared` finds nothing in it and
    :func:`_foreign_roots` nothing either, in one walk that gives no reasons: ``False`` for
    anything either would find (and for an ``xml:lang`` anywhere but on a narrative, which
    :func:`_foreign_roots` may count), so the two run then to say what and where.
    """
    known = _SHAPES.get(path)
    if known is None:
        found = element_shape(path)
        if found is None:
            return False
        known = _SHAPES[path] = (found, {})
    shape, paths = known
    textual = shape.text
    if not textual:
        own = node.text
        if own and not own.isspace():
            return False
    names = node.keys()
    if names:
        if not shape.attributes.issuperset(names):
            return False
        for name in names:
            if name[0] == "{" and (name != XML_LANG or node.tag != "narrative"):
                return False
    single = frozenset() if keeps_repeats else shape.single
    seen: set[str] = set()
    for child in node:
        if not textual:
            tail = child.tail
            if tail and not tail.isspace():
                return False
        tag = child.tag
        if tag.__class__ is str:
            if tag[0] == "{":
                return False
            if tag in single:
                if tag in seen:
                    return False
                seen.add(tag)
            below = paths.get(tag)
            if below is None:
                below = (*path, tag)
                if tag in shape.children:  # (kept for the schema's names only: a bounded number)
                    paths[tag] = below
            if not _plain(child, below, keeps_repeats):
                return False
    return True


_TEXT_INSIDE = etree.XPath("boolean(text()[normalize-space()])")


def _has_text(activity: etree._Element) -> bool:
    """Whether text other than XML white space stands directly inside ``activity``.

    (XML white space is some of what ``str.strip`` strips: without such text there is none
    of that either, and the children need not be visited for their tails.)
    """
    return bool(_TEXT_INSIDE(activity))


def _verbatim(element: etree._Element) -> str:
    """The element as text, declaring only the namespaces it uses (so the text is stable)."""
    if not element.nsmap:
        return etree.tostring(element, encoding="unicode", with_tail=False)
    clone = copy.deepcopy(element)
    clone.tail = None
    etree.cleanup_namespaces(clone)
    text = etree.tostring(clone, encoding="unicode", with_tail=False)
    if "xmlns:" in text[text.find(">") :]:
        # A descendant declares a prefix too: declare every prefix used on the top element, so
        # the text does not depend on where the source (or the writer) put the declarations.
        top: dict[str, str] = {}
        for node in clone.iter():
            for prefix, uri in node.nsmap.items():
                if prefix is not None:
                    top.setdefault(prefix, uri)
        etree.cleanup_namespaces(clone, top_nsmap=top)
        text = etree.tostring(clone, encoding="unicode", with_tail=False)
    if len(clone.nsmap) > 1 and len(set(clone.nsmap.values())) == len(clone.nsmap):
        # Declarations in prefix order: the order lxml keeps depends on where the source put
        # them, so a written and re-read element would otherwise differ from the original.
        # Only when each namespace has one prefix: rebuilding binds names by namespace, which
        # would otherwise pick one of several prefixes and change the text.
        declarations = {prefix or "": uri for prefix, uri in clone.nsmap.items()}
        nsmap: dict[Any, str] = {prefix or None: declarations[prefix] for prefix in sorted(declarations)}
        ordered = etree.Element(clone.tag, nsmap=nsmap)
        for name, value in clone.attrib.items():
            ordered.set(name, value)
        ordered.text = clone.text
        ordered.extend(list(clone))
        etree.cleanup_namespaces(ordered)
        text = etree.tostring(ordered, encoding="unicode", with_tail=False)
    return text


class _Reader:
    """One pass over one source; keeps the root's extras and findings and the keys used."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source_name(source)
        self.root_extras: list[Extra] = []
        self.keys: set[str] = set()
        self.namespaces_reported: set[str] = set()
        self.count = 0
        self.root: etree._Element | None = None
        #: Findings not yet handed out with a programme.
        self.pending: list[Finding] = []
        self.strays = 0
        self.stray_counters: dict[Any, int] = {}
        #: Namespaced content under the root: characters kept, elements kept per name.
        self.root_kept = 0
        self.root_names: dict[str, int] = {}
        self.root_namespaces_reported: set[str] = set()
        #: The namespaced root child being parsed, held whole, and for how many chunks.
        self.open_child: etree._Element | None = None
        self.open_chunks = 0
        #: Root children taken apart (too large to hold whole, or holding an activity), and why.
        self.taken_apart: list[tuple[etree._Element, str]] = []
        #: Transactions the one-pass reader may still decline before it is no longer tried.
        self.plain_tries = _PLAIN_TRIES

    #: True once the root says 1.0x: each activity is upgraded to 2.03 before it is read.
    upgrade_1x = False

    def _root(self, root: etree._Element) -> None:
        if root.tag != "iati-activities":
            what = "an iati-activity" if root.tag == "iati-activity" else short_message(repr(root.tag))
            self.pending.append(
                Finding(
                    "iati.lenient.root",
                    Severity.WARNING,
                    f"the root element is {what}, not iati-activities"
                    + ("" if root.tag == "iati-activity" else "; its attributes are kept as the file's"),
                    "/",
                )
            )
            if root.tag == "iati-activity":
                return  # (its attributes are the activity's)
        where = f"/iati-activities (line {root.sourceline})" if root.tag == "iati-activities" else "/"
        version = root.get("version")
        if version is None:
            self.pending.append(
                Finding("iati.lenient.version-missing", Severity.WARNING, "no @version; read as 2.03", where)
            )
        elif version.strip() in UPGRADED_VERSIONS:
            self.upgrade_1x = True
            self.pending.append(
                Finding(
                    "iati.upgrade",
                    Severity.INFO,
                    f"version {version.strip()!r}: read as 1.0x and upgraded to 2.03",
                    where,
                )
            )
        elif version not in SUPPORTED_VERSIONS:
            self.pending.append(
                Finding(
                    "iati.version",
                    Severity.WARNING,
                    short_message(f"version {version!r} is not 2.0x; read as 2.03"),
                    where,
                )
            )
        for prefix, uri in root.nsmap.items():
            if prefix is not None and prefix != "xml":
                self.root_extras.append(Extra(f"@xmlns:{prefix}", uri, "xml"))
        for name, value in _attributes(root).items():
            if name != "version":
                self.root_extras.append(Extra(f"@{name}", value, "xml"))

    def _key(self, identifier: str | None, index: int, ctx: ReadContext, element: etree._Element) -> str:
        key = _SPACE.sub("_", identifier.strip()) if identifier else f"activity-{index}"
        if key in self.keys:
            ctx.report(
                "iati.duplicate-identifier",
                Severity.WARNING,
                f"iati-identifier {key!r} repeats an earlier activity; keyed {key}~{index}",
                element,
            )
            key = f"{key}~{index}"
        self.keys.add(key)
        return key

    def _activity_attributes(
        self, element: etree._Element, ctx: ReadContext, extras: list[Extra]
    ) -> dict[str, Any]:
        """The activity's attributes the model types, by field; the others go to ``extras``."""
        for prefix, uri in element.nsmap.items():
            if prefix is not None and prefix != "xml":
                extras.append(Extra(f"@xmlns:{prefix}", uri, "xml"))
        typed: dict[str, Any] = {}
        for name, value in _attributes(element).items():
            if name in ACTIVITY_ATTRIBUTES:
                try:
                    field, parsed = read_activity_attribute(name, value)
                except ValueError as error:
                    if name not in (XML_LANG, "default-currency"):  # reported below
                        ctx.report(
                            "iati.unmapped", Severity.WARNING, f"@{name} kept verbatim only: {error}", element
                        )
                else:
                    typed[field] = parsed
                    continue
            extras.append(Extra(f"@{name}", value, "xml"))
            if name.startswith("{") and name != XML_LANG:
                namespace = name[1:].split("}", 1)[0]
                if namespace not in self.namespaces_reported:
                    self.namespaces_reported.add(namespace)
                    ctx.report(
                        "iati.lenient.foreign-namespace",
                        Severity.INFO,
                        f"attributes of namespace {namespace!r} kept verbatim",
                        element,
                    )
        lang = element.get(XML_LANG)
        if lang is not None:
            fixed = language_case(lang)
            if fixed != lang:
                ctx.report(
                    "iati.lenient.language-case",
                    Severity.WARNING,
                    f"xml:lang {lang!r} should be lower case; read as {fixed!r}",
                    element,
                )
            if is_language_tag(fixed):
                ctx.lang = fixed
            else:
                ctx.report(
                    "iati.lenient.language",
                    Severity.WARNING,
                    f"xml:lang {lang!r} of the activity is not a language tag (kept as it is); "
                    f"its narratives that state no language are read as {UNDETERMINED!r} (undetermined)",
                    element,
                )
        currency = element.get("default-currency")
        if currency is not None:
            if is_currency(currency):
                ctx.currency = currency
            else:
                ctx.report(
                    "iati.lenient.currency",
                    Severity.WARNING,
                    f"@default-currency {currency!r} is not an ISO 4217 code",
                    element,
                )
        return typed

    def activity(
        self, element: etree._Element, index: int, nested: Sequence[etree._Element] = ()
    ) -> tuple[Programme, tuple[Finding, ...]]:
        """Convert one ``iati-activity`` element; ``nested``: the activities found inside it."""
        ctx = ReadContext(f"/iati-activities/iati-activity[{index}]", activity=element)
        kept: frozenset[etree._Element] = frozenset()
        if self.upgrade_1x:
            kept = upgrade_activity(element, ctx)
        ctx.positions = {}  # the tree is read as it is from here on
        if nested:  # once, at the first: thousands nested deep would make findings of quadratic size
            more = f" (and {len(nested) - 1} more in this activity)" if len(nested) > 1 else ""
            ctx.report(
                "iati.nested-activity",
                Severity.WARNING,
                "an iati-activity inside another is not read as an activity; "
                f"it is kept verbatim with the element that holds it{more}",
                nested[0],
            )
        extras: list[Extra] = []
        typed = self._activity_attributes(element, ctx, extras)
        report_zoned_dates(element, ctx)
        values: dict[str, list[Any]] = {}
        counters: dict[str, int] = {}
        loose = (
            [text for text in (element.text, *(child.tail for child in element)) if text and text.strip()]
            if _has_text(element)
            else ()
        )
        if loose:  # the schema has no text in an activity: kept (and written back at its start)
            ctx.report(
                "iati.lenient.text", Severity.WARNING, "text directly inside the activity (kept)", element
            )
            extras.append(Extra("text()", " ".join(text.strip() for text in loose), "xml"))
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            position = counters[tag] = counters.get(tag, 0) + 1
            if tag == "transaction" and self.plain_tries and (not kept or child not in kept):
                # most of a file: those of the common shape read in one pass, with nothing to check
                # after (they hold nothing undeclared or of another namespace)
                transaction = plain_transaction(child, ctx)
                if transaction is not None:
                    self.plain_tries = _PLAIN_TRIES
                    values.setdefault(tag, []).append(transaction)
                    continue
                self.plain_tries -= 1
            elif (tag == "document-link" or tag == "budget" or tag == "result") and (
                not kept or child not in kept
            ):
                # one of the common shape, in one pass (holding nothing undeclared or of another
                # namespace)
                plain = (
                    plain_document(child, ctx)
                    if tag == "document-link"
                    else plain_budget(child, ctx)
                    if tag == "budget"
                    else plain_result(child, ctx)
                )
                if plain is not None:
                    values.setdefault(tag, []).append(plain)
                    continue
            slot = f"{tag}[{position}]"
            entry = TABLE.get(tag)
            if entry is None or child in kept:
                if child not in kept:  # (what the upgrade kept, it reported)
                    self._report_unknown(child, ctx)
                extras.append(Extra(slot, _verbatim(child), "xml"))
                continue
            reported = len(ctx.findings)
            try:
                value = read_any_transaction(child, ctx) if tag == "transaction" else entry.read(child, ctx)
                found = values.get(tag)
                if found and entry.single:
                    raise Unmapped(f"another {tag}")
            except Unmapped as why:
                if len(ctx.findings) == reported:  # (a reader that reported why needs no second word)
                    ctx.report("iati.unmapped", Severity.WARNING, f"{tag} kept verbatim only: {why}", child)
                extras.append(Extra(slot, _verbatim(child), "xml"))
                continue
            except (ValueError, LookupError) as error:
                ctx.report("iati.unmapped", Severity.WARNING, f"{tag} kept verbatim only: {error}", child)
                extras.append(Extra(slot, _verbatim(child), "xml"))
                continue
            if _kept_nothing_aside(value) or _plain(child, (tag,), entry.keeps_repeats):
                # nothing in it is undeclared or of another namespace
                values.setdefault(tag, []).append(value)
                continue
            reason = undeclared(child, repeats=not entry.keeps_repeats)
            if reason is not None:
                ctx.report("iati.unmapped", Severity.WARNING, f"{tag} kept verbatim only: {reason}", child)
                extras.append(Extra(slot, _verbatim(child), "xml"))
                continue
            roots = _foreign_roots(child)
            if roots:
                _report_languages(child, roots, ctx)
            if roots and not _kept_aside(child, slot, value, roots, extras):
                # content of another namespace where the model keeps none: the element stays whole
                ctx.report(
                    "iati.lenient.foreign-namespace",
                    Severity.INFO,
                    f"{tag} holds content of another namespace: kept verbatim whole",
                    child,
                )
                extras.append(Extra(slot, _verbatim(child), "xml"))
                continue
            values.setdefault(tag, []).append(value)
        return self._programme(element, index, ctx, values, extras, typed), tuple(ctx.findings)

    def _report_unknown(self, element: etree._Element, ctx: ReadContext) -> None:
        """A finding for an activity's child the 2.03 schema does not define (it is kept verbatim)."""
        tag = str(element.tag)
        if not tag.startswith("{"):
            ctx.report(
                "iati.unmapped",
                Severity.WARNING,
                f"{tag} is not an element of IATI 2.03: kept verbatim",
                element,
            )
            return
        namespace = tag[1:].split("}", 1)[0]
        if namespace not in self.namespaces_reported:  # once: a publisher's own namespace recurs
            self.namespaces_reported.add(namespace)
            ctx.report(
                "iati.lenient.foreign-namespace",
                Severity.INFO,
                f"elements of namespace {namespace!r} kept verbatim",
                element,
            )

    def _programme(
        self,
        element: etree._Element,
        index: int,
        ctx: ReadContext,
        values: dict[str, list[Any]],
        extras: list[Extra],
        typed: dict[str, Any],
    ) -> Programme:
        identifier = values.get("iati-identifier", [None])[0]
        if identifier is None:
            ctx.report("iati.identifier-missing", Severity.WARNING, "no usable iati-identifier", element)
        key = self._key(identifier, index, ctx, element)
        title = values.get("title", [None])[0]
        if title is None:
            ctx.report(
                "iati.title-missing", Severity.WARNING, "no title with text; titled by its key", element
            )
            title = LocalizedText({ctx.lang: identifier.strip() if identifier else key})
        fields = programme_fields(values)
        humanitarian = typed.pop("humanitarian", None)
        if humanitarian is not None:
            fields["humanitarian"] = humanitarian
        if typed:
            publication = fields.get("publication") or Publication()
            fields["publication"] = attrs.evolve(publication, **typed)
        extras.sort(key=extra_sort_key)
        return Programme(
            key,
            title,
            iati_identifier=identifier,
            period=period_from_dates(fields.get("dates", ())),
            extras=tuple(extras),
            **fields,
        )

    def programmes(
        self, parsed: etree._ElementTree | None = None
    ) -> Iterator[tuple[Programme, tuple[Finding, ...]]]:
        """Stream the programmes; findings about the file go with the next programme.

        Findings about the end of the file (after the last activity) stay in
        :attr:`pending` once the stream is exhausted. ``parsed``: the document already parsed
        whole (with the same settings), walked instead of parsing the source; it is taken
        apart as it is read, like the stream's tree.
        """
        tags = ("iati-activities", "iati-activity")
        events: Iterator[tuple[str, etree._Element]] = (
            iterparse(self.source, tags, events=("start", "end"), after_chunk=self._free)
            if parsed is None
            else cast(
                "Iterator[tuple[str, etree._Element]]", etree.iterwalk(parsed, ("start", "end"), tag=tags)
            )
        )
        index = 0
        depth = 0
        nested: list[etree._Element] = []
        for event, element in events:
            if self.root is None:
                self.root = element.getroottree().getroot()
                self._root(self.root)
            if element.tag == "iati-activities":
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth > 0:
                # Inside another activity: left in place, kept verbatim with its outer activity.
                nested.append(element)
                continue
            index += 1
            programme, findings = self.activity(element, index, nested)
            self._note_holder(element)
            nested = []
            if self.pending:
                findings = (*self.pending, *findings)
                self.pending = []
            element.clear()
            parent = element.getparent()
            if parent is not None:
                self._drop_before(parent, element)
            yield programme, findings
        if self.root is not None:
            self._drop_before(self.root, None)
        if self.strays > _STRAYS_REPORTED:
            self.pending.append(
                Finding(
                    "iati.lenient.root-child",
                    Severity.WARNING,
                    f"{self.strays - _STRAYS_REPORTED} more elements under the root are not "
                    "iati-activity elements (ignored)",
                    "/iati-activities",
                )
            )
        self.count = index

    def _drop_before(self, parent: etree._Element, last: etree._Element | None) -> None:
        """Delete the children of ``parent`` before ``last`` (all when ``None``), reporting strays."""
        if parent is self.root:
            for child in parent:
                if child is last:
                    break
                tag = child.tag
                if tag != "iati-activity" and isinstance(tag, str):
                    self._stray(child)
        if last is None:
            del parent[:]
        else:
            while last.getprevious() is not None:
                del parent[0]

    def _stray(self, element: etree._Element) -> None:
        if self._keep(element):
            return
        self._report_stray(element, "is not an iati-activity (ignored; an iati-activity inside it is read)")

    def _report_stray(self, element: etree._Element, why: str) -> None:
        tag = element.tag
        position = self.stray_counters[tag] = self.stray_counters.get(tag, 0) + 1
        self.strays += 1
        if self.strays <= _STRAYS_REPORTED:
            self.pending.append(
                Finding(
                    "iati.lenient.root-child",
                    Severity.WARNING,
                    short_message(f"{tag} under the root {why}"),
                    f"/iati-activities/{tag}[{position}] (line {element.sourceline})",
                )
            )

    def _keeps(self, element: etree._Element) -> bool:
        """True for a namespaced child of ``iati-activities``: content the schema allows there."""
        tag = element.tag
        root = self.root
        return (
            isinstance(tag, str)
            and tag.startswith("{")
            and root is not None
            and root.tag == "iati-activities"
        )

    def _keep(self, element: etree._Element) -> bool:
        """Keep a finished namespaced root child in the catalogue's extras; ``False``: not one.

        One beyond :data:`ROOT_CONTENT_LIMIT`, or taken apart while it was read, is reported.
        """
        if not self._keeps(element):
            return False
        if element is self.open_child:
            self.open_child = None
        for number, (held, why) in enumerate(self.taken_apart):
            if held is element:
                del self.taken_apart[number]
                self._report_stray(element, why)
                return True
        if self.root_kept >= ROOT_CONTENT_LIMIT:  # full: not even serialized
            self._report_stray(element, _too_large())
            return True
        text = _verbatim(element)
        if self.root_kept + len(text) > ROOT_CONTENT_LIMIT:
            self._report_stray(element, _too_large())
            return True
        self.root_kept += len(text)
        qname = etree.QName(element)
        name = f"{element.prefix}:{qname.localname}" if element.prefix else str(element.tag)
        position = self.root_names[name] = self.root_names.get(name, 0) + 1
        self.root_extras.append(Extra(f"{name}[{position}]", text, "xml"))
        namespace = qname.namespace or ""
        if namespace not in self.root_namespaces_reported:
            self.root_namespaces_reported.add(namespace)
            self.pending.append(
                Finding(
                    "iati.lenient.foreign-namespace",
                    Severity.INFO,
                    short_message(
                        f"elements of namespace {namespace!r} under the root kept verbatim "
                        "(written back after the activities)"
                    ),
                    f"/iati-activities/{name}[{position}] (line {element.sourceline})",
                )
            )
        return True

    def _held_whole(self, child: etree._Element) -> bool:
        """Whether the unfinished last child of the root is left whole (not freed) for now.

        A namespaced one is, while the bytes read since it began (counted in chunks) fit in
        what :data:`ROOT_CONTENT_LIMIT` leaves; then it is freed like other content and reported.
        """
        if not self._keeps(child) or any(held is child for held, _ in self.taken_apart):
            return False
        if child is not self.open_child:
            self.open_child, self.open_chunks = child, 0
        self.open_chunks += 1
        if self.open_chunks * CHUNK <= ROOT_CONTENT_LIMIT - self.root_kept:
            return True
        self.taken_apart.append((child, _too_large()))
        self.open_child = None
        return False

    def _note_holder(self, activity: etree._Element) -> None:
        """Remember the root child an activity was read from: it is taken apart, not kept."""
        holder = activity
        parent = holder.getparent()
        while parent is not None and parent is not self.root:
            holder, parent = parent, parent.getparent()
        if holder is not activity and self._keeps(holder):
            if holder is self.open_child:
                self.open_child = None
            if not any(held is holder for held, _ in self.taken_apart):
                self.taken_apart.append((holder, "holds an iati-activity, read as one (the rest is ignored)"))

    def _free(self) -> None:
        """Free what the parser built that no activity needs: finished elements outside activities.

        Called after each chunk: along the chain of unfinished elements from the root, every
        finished sibling is deleted (activities among them were read and cleared already);
        an unfinished activity is kept whole, and so is an unfinished namespaced root child
        while it fits in :data:`ROOT_CONTENT_LIMIT`.
        """
        node = self.root
        while node is not None and node.tag != "iati-activity":
            count = len(node)
            if count == 0:
                return
            last = node[count - 1]
            if count > 1:
                self._drop_before(node, last)
            if node is self.root and self._held_whole(last):
                return
            node = last


def _too_large() -> str:
    return f"is beyond the {ROOT_CONTENT_LIMIT:,} characters of namespaced content kept there (ignored)"


def iter_programmes(source: Source) -> Iterator[tuple[Programme, tuple[Finding, ...]]]:
    """Stream ``(programme, findings)`` from an IATI activity file, in bounded memory.

    Findings about the file (its root, elements between activities) come with the next
    programme; those about what follows the last activity only :func:`read_with_findings`
    reports.

    Args:
        source: A path or a binary file object.

    Raises:
        LoadError: the input is not well-formed XML, declares a DTD, or has no activity; or
            the path names no readable file.
    """
    yield from _Reader(source).programmes()


def iter_parsed_programmes(tree: etree._ElementTree) -> Iterator[tuple[Programme, tuple[Finding, ...]]]:
    """:func:`iter_programmes` of a document already parsed whole (:func:`~itaproj.iati._parse.parse_tree`).

    The same programmes as :func:`iter_programmes` of the bytes it was parsed from, without
    parsing them again, and the same findings about them; findings about content under the
    root between activities may come with another programme (the stream reports such content
    as each chunk is parsed), and a document without an activity element raises nothing (it
    yields nothing). The tree is taken apart as it is read: read it last.

    Example:
        >>> import io
        >>> from itaproj.iati._parse import parse_tree
        >>> tree = parse_tree(io.BytesIO(b'''<iati-activities version="2.03"><iati-activity>
        ...   <iati-identifier>XM-EX-1</iati-identifier><title><narrative>A</narrative></title>
        ... </iati-activity></iati-activities>'''))
        >>> [programme.key for programme, _ in iter_parsed_programmes(tree)]
        ['XM-EX-1']
    """
    yield from _Reader("<parsed>").programmes(tree)


def read_with_findings(source: Source) -> tuple[Catalogue, tuple[Finding, ...]]:
    """Read a whole file into a :class:`~itaproj.programme.Catalogue`, with the reading findings.

    Example:
        >>> import io
        >>> xml = b'''<iati-activities version="2.03"><iati-activity default-currency="EUR">
        ...   <iati-identifier>XM-EX-1</iati-identifier>
        ...   <title><narrative xml:lang="EN">Example</narrative></title>
        ...   <budget><period-start iso-date="2024-01-01+02:00"/><period-end iso-date="2024-12-31"/>
        ...     <value value-date="2024-01-01">1000.50</value></budget>
        ... </iati-activity></iati-activities>'''
        >>> catalogue, findings = read_with_findings(io.BytesIO(xml))
        >>> catalogue["XM-EX-1"].budget.lines[0].amount
        Money('1000.50', 'EUR')
        >>> sorted(f.rule for f in findings)
        ['iati.lenient.language-case', 'iati.lenient.timezone']
    """
    reader = _Reader(source)
    programmes: list[Programme] = []
    findings: list[Finding] = []
    try:
        for programme, found in reader.programmes():
            programmes.append(programme)
            findings.extend(found)
    except InvalidValueError as error:  # pragma: no cover - a model invariant the mapping missed
        raise LoadError([LoadIssue("/", str(error))], reader.name) from error
    findings.extend(reader.pending)
    if not programmes:
        findings.append(
            Finding("iati.empty", Severity.WARNING, "the file holds no iati-activity", "/iati-activities")
        )
    return Catalogue(tuple(programmes), extras=tuple(reader.root_extras)), tuple(findings)


def read(source: Source) -> Catalogue:
    """Read an IATI activity file into a :class:`~itaproj.programme.Catalogue`.

    Use :func:`read_with_findings` to see what was lenient, :func:`iter_programmes` for files
    too large to hold.
    """
    return read_with_findings(source)[0]
