"""Upgrade one IATI 1.0x ``iati-activity`` element, in place, to its IATI 2.03 shape.

Files of versions 1.01-1.05 (and the unnumbered "1.0" of early publishers) are read by
upgrading each activity before it is read, with the changes the standard itself made
between 1.0x and 2.01; 2.01 -> 2.02 -> 2.03 only added to the standard, so the 2.01 shape
is a 2.03 shape. Each kind of change is reported once per activity, with a count, as an
INFO finding ``iati.upgrade``; what has no place in 2.03 is kept as it was (the reader then
keeps it verbatim) and reported as a WARNING ``iati.upgrade.kept``.

Sources relied on (IATI Standard, CC BY 4.0, "IATI Standard (http://iatistandard.org/)"):

- The 2.01 changelog, ``en/upgrade-changelogs/integer-upgrade-to-2-01/2-01-changes.rst`` in
  IATI/IATI-Extra-Documentation: free text replaced by ``narrative`` children (the list of
  elements), free text removed from coded elements, ``activity-website`` removed (redefined
  as a document link of the new DocumentCategory code A12 "Activity web page"),
  ``aid-type-flag`` renamed ``other-flags``, ``other-identifier`` rebuilt (``@owner-ref`` and
  ``@owner-name`` -> ``@ref``, ``@type`` and ``owner-org``), ``iati-activity/@version``,
  ``location/@percentage``, ``coordinates``, ``gazetteer-entry``, ``location-type`` and
  ``administrative/@country|@adm1|@adm2`` removed, and the 1.0x -> 2.01 code tables of
  ActivityDateType, OrganisationRole, TransactionType, GazetteerAgency and the vocabularies.
- The same repository's ``migrating.rst`` (1.x -> 2.01: element order is now enforced) and
  ``v1-upgrades/decimal-upgrade-to-1-04/location-summary.rst`` (``coordinates`` -> ``point/pos``,
  ``gazetteer-entry`` -> ``location-id``, ``location-type`` -> ``feature-designation``).
- The 1.05 and 2.0x codelists (IATI-Codelists), to check each table by the codes' names. Two
  rows of the changelog contradict the codelists, and the codelists win: its SectorVocabulary
  table (ADT 1, COFOG 2, DAC 3, ...) is the early proposal, while the 2.01 codelist names 1 the
  DAC 5-digit and 2 the DAC 3-digit codes, 3 COFOG, 4 NACE, 5 NTEE, 6 AidData, 98/99 the
  reporting organisation's own; and it prints "Q3" for the 1.0x code QS (Sale of Equity).

Where the element order, the attributes, the text and the ``narrative`` children of a 2.03
element come from, the shipped 2.03 schema says it (read once, :func:`~itaproj.iati.schema.element_shape`), so the
narrative conversion and the report of what is kept cannot drift from the schema.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import cast

import attrs

from itaproj.findings import Finding, Severity
from itaproj.iati._mapping import XML_LANG, ReadContext, element_path, short_message
from itaproj.iati._parse import etree
from itaproj.iati.schema import ElementShape, element_shape

__all__ = [
    "ACTIVITY_DATE_TYPES",
    "BUDGET_TYPES",
    "GAZETTEER_AGENCIES",
    "INDICATOR_MEASURES",
    "ORGANISATION_ROLES",
    "POLICY_MARKER_VOCABULARIES",
    "RESULT_TYPES",
    "SECTOR_VOCABULARIES",
    "TRANSACTION_TYPES",
    "UPGRADED_VERSIONS",
    "upgrade_activity",
]

#: The ``iati-activities/@version`` values read by upgrading (1.0 is what some 2010-2012
#: files declare; the Version codelist starts at 1.01).
UPGRADED_VERSIONS = ("1.0", "1.01", "1.02", "1.03", "1.04", "1.05")

#: ActivityDateType: 1.0x word -> 2.0x code (2.01 changelog).
ACTIVITY_DATE_TYPES = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
#: TransactionType: 1.0x letter code -> 2.0x code (2.01 changelog; QS per the 1.05 codelist).
TRANSACTION_TYPES = {
    "IF": "1",
    "C": "2",
    "D": "3",
    "E": "4",
    "IR": "5",
    "LR": "6",
    "R": "7",
    "QP": "8",
    "QS": "9",
    "CG": "10",
}
#: OrganisationRole: 1.0x word (any case: "funding" is common) -> 2.0x code (2.01 changelog).
ORGANISATION_ROLES = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
#: 1.0x Vocabulary -> 2.0x SectorVocabulary, by the codes' names. ISO and WB have no 2.0x code.
SECTOR_VOCABULARIES = {
    "DAC": "1",
    "DAC-3": "2",
    "COFOG": "3",
    "NACE": "4",
    "NTEE": "5",
    "ADT": "6",
    "RO2": "98",
    "RO": "99",
}
#: 1.0x Vocabulary -> 2.0x PolicyMarkerVocabulary (2.01 changelog: DAC 1, RO 99; no others).
POLICY_MARKER_VOCABULARIES = {"DAC": "1", "RO": "99"}
#: GazetteerAgency (1.0x) -> GeographicVocabulary (2.0x), by name: Geonames G1,
#: OpenStreetMap G2; NGA has no 2.0x vocabulary.
GAZETTEER_AGENCIES = {"GEO": "G1", "OSM": "G2"}
#: Names some 1.0x files give instead of the codes (BudgetType, ResultType, IndicatorMeasure
#: names, any case) -> the code of that name.
BUDGET_TYPES = {"original": "1", "revised": "2"}
RESULT_TYPES = {"output": "1", "outcome": "2", "impact": "3", "other": "9"}
INDICATOR_MEASURES = {"unit": "1", "percentage": "2"}

#: A code table: 1.0x value -> 2.0x code, the 2.0x codelist's name, how to fold the case.
_CodeTable = tuple[Mapping[str, str], str, Callable[[str], str]]
#: Element path below the activity -> attribute -> its code table.
_CODES: dict[str, dict[str, _CodeTable]] = {
    "activity-date": {"type": (ACTIVITY_DATE_TYPES, "ActivityDateType", str.lower)},
    "participating-org": {"role": (ORGANISATION_ROLES, "OrganisationRole", str.lower)},
    "transaction/transaction-type": {"code": (TRANSACTION_TYPES, "TransactionType", str.upper)},
    "sector": {"vocabulary": (SECTOR_VOCABULARIES, "SectorVocabulary", str.upper)},
    "transaction/sector": {"vocabulary": (SECTOR_VOCABULARIES, "SectorVocabulary", str.upper)},
    "policy-marker": {"vocabulary": (POLICY_MARKER_VOCABULARIES, "PolicyMarkerVocabulary", str.upper)},
    "budget": {"type": (BUDGET_TYPES, "BudgetType", str.lower)},
    "result": {"type": (RESULT_TYPES, "ResultType", str.lower)},
    "result/indicator": {"measure": (INDICATOR_MEASURES, "IndicatorMeasure", str.lower)},
}

#: The spatial reference system IATI 2.0x requires on ``point``.
_WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- the 2.03 schema, as far as the upgrade needs it -----------------------------------------


def undeclared(element: etree._Element, *, repeats: bool = True) -> str | None:
    """What in ``element`` (a child of an activity) the 2.03 schema does not declare, or ``None``.

    Text where the schema allows none, attributes and child elements it does not define, a
    second child where it allows one (unless ``repeats`` is false: the caller's reader keeps
    those itself); content of other namespaces is left to the caller. The reader keeps such an
    element verbatim whole: the model holds only what the schema defines.
    """
    return _undeclared_in(element, (str(element.tag),), repeats)


def _undeclared_in(node: etree._Element, path: tuple[str, ...], repeats: bool) -> str | None:
    # Called for every element the reader types (tens per activity): kept to plain loops.
    shape = element_shape(path)
    if shape is None:
        return f"{'/'.join(path)} is not a 2.03 element"
    if not shape.text:
        own = node.text
        if own and not own.isspace():
            return f"{'/'.join(path)} holds text the schema does not define"
    names = cast("list[str]", node.keys())
    if names and not shape.attributes.issuperset(names):
        for name in names:
            if name not in shape.attributes and name[0] != "{":
                return f"{'/'.join(path)}/@{name} is not a 2.03 attribute"
    seen: set[str] = set()
    for child in node:
        if not shape.text:
            tail = child.tail
            if tail and not tail.isspace():
                return f"{'/'.join(path)} holds text the schema does not define"
        tag = child.tag
        if tag.__class__ is str and tag[0] != "{":
            if repeats and tag in shape.single:
                if tag in seen:
                    return f"{'/'.join(path)} holds more than one {tag}, which the schema allows once"
                seen.add(tag)
            found = _undeclared_in(child, (*path, tag), repeats)
            if found is not None:
                return found
    return None


# --- the upgrade -----------------------------------------------------------------------------


@attrs.define
class _Tally:
    """One kind of change (or of content kept) in one activity: where first, how often."""

    severity: Severity
    subject: str
    what: str
    path: str
    count: int = 0


def _day(text: str | None) -> str | None:
    """``text`` as an ISO day (``YYYY-MM-DD``, nothing else), or ``None``."""
    if text is None:
        return None
    text = text.strip()
    if _ISO_DAY.fullmatch(text) is None:
        return None
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return None
    return text


def _pop(element: etree._Element, name: str) -> str | None:
    """Remove attribute ``name`` of ``element``; its value, or ``None`` when it had none."""
    value = element.get(name)
    if value is not None:
        del element.attrib[name]
    return value


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= 60 else f"{text[:59]}…")


def _plural(count: int, subject: str) -> str:
    return f"{count} x {subject}"


class _Upgrade:
    """One activity's upgrade: walks the element tree, changes it, tallies what it did."""

    def __init__(self, activity: etree._Element, ctx: ReadContext) -> None:
        self.activity = activity
        self.ctx = ctx
        self.tallies: dict[tuple[str, ...], _Tally] = {}
        self.websites: list[etree._Element] = []
        #: The activity's children holding 1.0x content 2.03 has no place for: read verbatim whole.
        self.kept_children: set[etree._Element] = set()
        reporting = activity.find("reporting-org")
        self.reporting_ref = None if reporting is None else (reporting.get("ref") or "").strip() or None

    # reporting

    def _tally(
        self, key: tuple[str, ...], severity: Severity, element: etree._Element, subject: str, what: str
    ) -> None:
        tally = self.tallies.get(key)
        if tally is None:
            path = element_path(element, self.ctx.activity_path, self.ctx.activity)
            tally = self.tallies[key] = _Tally(severity, subject, what, path)
        tally.count += 1

    def changed(self, key: tuple[str, ...], element: etree._Element, subject: str, what: str) -> None:
        """Count one change of kind ``key`` (the message of its first occurrence is kept)."""
        self._tally(("changed", *key), Severity.INFO, element, subject, what)

    def kept(self, key: tuple[str, ...], element: etree._Element, subject: str, what: str) -> None:
        """Count one piece of 1.0x content that has no place in 2.03 and stays as it was."""
        self._tally(("kept", *key), Severity.WARNING, element, subject, what)
        node: etree._Element | None = element
        while node is not None and node.getparent() is not self.activity:
            node = node.getparent()
        if node is not None:
            self.kept_children.add(node)

    def findings(self) -> list[Finding]:
        """One finding per kind, in the order each kind first occurred."""
        return [
            Finding(
                "iati.upgrade" if tally.severity is Severity.INFO else "iati.upgrade.kept",
                tally.severity,
                short_message(f"{_plural(tally.count, tally.subject)}: {tally.what}"),
                tally.path,
            )
            for tally in self.tallies.values()
        ]

    # the walk

    def run(self) -> None:
        """Upgrade the activity: its attributes, then every element below it."""
        version = self.activity.get("version")
        if version is not None:
            self.changed(
                ("@version",),
                self.activity,
                "iati-activity/@version",
                f"{_quote(version)} removed (2.01 dropped the attribute; the file is read as 2.03)",
            )
            del self.activity.attrib["version"]
        shape = element_shape(())
        if shape is not None:  # always: the schema declares iati-activity
            self._attributes_kept(self.activity, "iati-activity", shape)
        self._walk(self.activity, ())
        for website in self.websites:
            self._website(website)

    def _walk(self, element: etree._Element, path: tuple[str, ...]) -> None:
        for child in list(element):
            tag = child.tag
            if not isinstance(tag, str) or tag.startswith("{") or tag == "iati-activity":
                continue  # foreign namespaces stay as they are; a nested activity is kept whole
            self._element(child, (*path, tag))

    def _element(self, element: etree._Element, path: tuple[str, ...]) -> None:
        special = _SPECIAL.get(path)
        if special is not None:
            converted = special(self, element)
            if converted is None:
                return
            element = converted
            path = (*path[:-1], str(element.tag))
        shape = element_shape(path)
        name = "/".join(path)
        if shape is None:
            self.kept(("element", name), element, name, "not an IATI 2.03 element (kept as is)")
            return
        codes = _CODES.get(name)
        unusable = codes is not None and self._codes(element, name, codes)
        self._text(element, name, shape, unusable)
        if len(element):
            self._walk(element, path)
            self._reorder(element, name, shape)
        self._attributes_kept(element, name, shape)

    def _codes(self, element: etree._Element, name: str, codes: Mapping[str, _CodeTable]) -> bool:
        """Upgrade the coded attributes of ``element``; whether one has no code (and is kept as is)."""
        unusable = False
        for attribute, (table, codelist, fold) in codes.items():
            value = element.get(attribute)
            if value is None:
                continue
            subject = f"{name}/@{attribute}"
            code = table.get(fold(value.strip()))
            if code is not None:
                element.set(attribute, code)
                self.changed(
                    ("code", subject),
                    element,
                    subject,
                    f"1.0x value -> {codelist} code (first {value!r} -> {code!r})",
                )
            elif value.strip() not in table.values():
                unusable = True
                self.kept(
                    ("code", subject), element, subject, f"{value!r} has no {codelist} code (kept as is)"
                )
        return unusable

    def _text(
        self, element: etree._Element, name: str, shape: ElementShape, unusable_code: bool = False
    ) -> None:
        """Upgrade the text of ``element``; a code name stays where the code is unusable (its only content)."""
        text = element.text
        if text is None or not text.strip() or shape.text:
            return
        if "iso-date" in shape.attributes:
            iso_date = element.get("iso-date")
            day = _day(text)
            if iso_date is None and day is not None:
                element.set("iso-date", day)
                element.text = None
                self.changed(("date", name), element, name, "date in the text -> @iso-date")
                return
            if day is not None and day == (iso_date or "").strip():
                element.text = None
                self.changed(("date-text", name), element, name, "text repeating @iso-date dropped")
                return
        if "narrative" in shape.children:
            self._narrative(element, text)
            self.changed(("narrative", name), element, name, "plain text -> narrative")
        elif "code" in shape.attributes and (element.get("code") or "").strip() and not unusable_code:
            element.text = None
            _pop(element, XML_LANG)
            self.changed(
                ("label", name),
                element,
                name,
                f"code name {_quote(text)} dropped (2.01 removed free text from coded elements)",
            )
        else:
            self.kept(("text", name), element, name, f"text {_quote(text)} has no place in 2.03 (kept as is)")

    @staticmethod
    def _narrative(element: etree._Element, text: str) -> None:
        narrative = etree.Element("narrative")
        narrative.text = text
        lang = _pop(element, XML_LANG)
        if lang is not None:
            narrative.set(XML_LANG, lang)
        element.text = None
        element.insert(0, narrative)

    def _attributes_kept(self, element: etree._Element, name: str, shape: ElementShape) -> None:
        for attribute in element.attrib:
            attribute_name = str(attribute)
            if not attribute_name.startswith("{") and attribute_name not in shape.attributes:
                subject = f"{name}/@{attribute_name}"
                self.kept(("attribute", subject), element, subject, "not an IATI 2.03 attribute (kept as is)")

    def _reorder(self, element: etree._Element, name: str, shape: ElementShape) -> None:
        children = list(element)
        if len(children) < 2:
            return
        last = len(shape.children)
        ranked = sorted(
            children,
            key=lambda child: shape.children.get(child.tag, last) if isinstance(child.tag, str) else last,
        )
        if ranked != children:
            element[:] = ranked
            self.changed(("order", name), element, name, "children put in the 2.03 schema order")

    # elements 2.03 renamed, rebuilt or removed

    def _other_identifier(self, element: etree._Element) -> etree._Element | None:
        owner_ref = _pop(element, "owner-ref")
        owner_name = _pop(element, "owner-name")
        text = (element.text or "").strip()
        what = []
        if element.get("ref") is None and text:
            element.set("ref", text)
            element.text = None
            what.append("text -> @ref")
            if element.get("type") is None:
                internal = owner_ref is not None and owner_ref.strip() == self.reporting_ref
                element.set("type", "A1" if internal else "A9")
                what.append(
                    "@type 'A1' (owned by the reporting organisation)"
                    if internal
                    else "@type 'A9' (other activity identifier)"
                )
        if owner_ref is not None or owner_name is not None:
            owner = etree.Element("owner-org")
            if owner_ref is not None:
                owner.set("ref", owner_ref)
            if owner_name is not None:
                etree.SubElement(owner, "narrative").text = owner_name
            element.insert(0, owner)
            what.append("@owner-ref/@owner-name -> owner-org")
        if what:
            self.changed(("other-identifier", *what), element, "other-identifier", ", ".join(what))
        return element

    def _defer_website(self, element: etree._Element) -> etree._Element | None:
        self.websites.append(element)
        return None

    def _website(self, element: etree._Element) -> None:
        url = (element.text or "").strip()
        parent = element.getparent()
        if not url or len(element) or set(element.attrib) - {XML_LANG} or parent is None:
            self.kept(
                ("element", "activity-website"), element, "activity-website", "not convertible (kept as is)"
            )
            return
        self.changed(
            ("activity-website",),
            element,
            "activity-website",
            "-> document-link (category A12 'Activity web page', format text/html, titled by its URL)",
        )
        link = etree.Element("document-link", url=url, format="text/html")
        title = etree.SubElement(link, "title")
        etree.SubElement(title, "narrative").text = url
        etree.SubElement(link, "category", code="A12")
        link.tail = element.tail
        parent.replace(element, link)

    def _document_link(self, element: etree._Element) -> etree._Element | None:
        language = _pop(element, "language")
        if language is not None:
            if not any(child.get("code") == language for child in element.iterchildren("language")):
                etree.SubElement(element, "language", code=language)
            self.changed(
                ("document-link/@language",), element, "document-link/@language", "-> language child (code)"
            )
        return element

    def _rename(self, element: etree._Element, tag: str) -> etree._Element:
        old = str(element.tag)
        element.tag = tag
        self.changed(("rename", old), element, old, f"renamed {tag}")
        return element

    def _aid_type_flag(self, element: etree._Element) -> etree._Element | None:
        return self._rename(element, "other-flags")

    def _location_type(self, element: etree._Element) -> etree._Element | None:
        parent = element.getparent()
        if parent is not None and parent.find("feature-designation") is None and element.get("code"):
            return self._rename(element, "feature-designation")
        self.kept(("element", "location/location-type"), element, "location/location-type", "kept as is")
        return None

    def _coordinates(self, element: etree._Element) -> etree._Element | None:
        latitude, longitude = element.get("latitude"), element.get("longitude")
        parent = element.getparent()
        if latitude and longitude and parent is not None and parent.find("point") is None:
            point = etree.Element("point", srsName=_WGS84)
            etree.SubElement(point, "pos").text = f"{latitude.strip()} {longitude.strip()}"
            parent.insert(parent.index(element), point)
            del element.attrib["latitude"]
            del element.attrib["longitude"]
            self.changed(
                ("coordinates",),
                element,
                "location/coordinates",
                "@latitude/@longitude -> point/pos (WGS 84)",
            )
            if not element.attrib and not len(element) and not (element.text or "").strip():
                point.tail = element.tail
                parent.remove(element)
                return None
        self.kept(
            ("element", "location/coordinates"),
            element,
            "location/coordinates",
            f"{' '.join(f'@{name!s}' for name in element.attrib) or 'content'} has no place in 2.03 (kept as is)",
        )
        return None

    def _gazetteer_entry(self, element: etree._Element) -> etree._Element | None:
        vocabulary = GAZETTEER_AGENCIES.get((element.get("gazetteer-ref") or "").strip().upper())
        code = (element.text or "").strip()
        if (
            vocabulary is None
            or not code
            or len(element)
            or set(element.attrib) - {"gazetteer-ref", XML_LANG}
        ):
            self.kept(
                ("element", "location/gazetteer-entry"),
                element,
                "location/gazetteer-entry",
                f"gazetteer {element.get('gazetteer-ref')!r} has no 2.0x GeographicVocabulary code (kept as is)",
            )
            return None
        self.changed(
            ("gazetteer-entry",),
            element,
            "location/gazetteer-entry",
            f"-> location-id (GazetteerAgency -> GeographicVocabulary, first {vocabulary!r})",
        )
        location_id = etree.Element("location-id", vocabulary=vocabulary, code=code)
        location_id.tail = element.tail
        parent = element.getparent()
        if parent is not None:
            parent.replace(element, location_id)
        return None


_SPECIAL: dict[tuple[str, ...], Callable[[_Upgrade, etree._Element], etree._Element | None]] = {
    ("other-identifier",): _Upgrade._other_identifier,
    ("activity-website",): _Upgrade._defer_website,
    ("document-link",): _Upgrade._document_link,
    ("crs-add", "aidtype-flag"): _Upgrade._aid_type_flag,
    ("location", "location-type"): _Upgrade._location_type,
    ("location", "coordinates"): _Upgrade._coordinates,
    ("location", "gazetteer-entry"): _Upgrade._gazetteer_entry,
}


def upgrade_activity(activity: etree._Element, ctx: ReadContext) -> frozenset[etree._Element]:
    """Upgrade a 1.0x ``iati-activity`` element in place to IATI 2.03; findings go to ``ctx``.

    Returns the activity's children that hold 1.0x content 2.03 has no place for (kept as it
    was): the reader keeps those verbatim whole rather than type part of them.

    Example:
        >>> from lxml import etree
        >>> activity = etree.fromstring(
        ...     '<iati-activity><title xml:lang="en">Roads</title>'
        ...     '<activity-date type="start-planned" iso-date="2012-01-01"/></iati-activity>'
        ... )
        >>> ctx = ReadContext("/iati-activities/iati-activity[1]", activity=activity)
        >>> upgrade_activity(activity, ctx)
        frozenset()
        >>> print(etree.tostring(activity, encoding="unicode"))
        <iati-activity><title><narrative xml:lang="en">Roads</narrative></title><activity-date type="1" iso-date="2012-01-01"/></iati-activity>
        >>> [finding.message for finding in ctx.findings]
        ['1 x title: plain text -> narrative', "1 x activity-date/@type: 1.0x value -> ActivityDateType code (first 'start-planned' -> '1')"]
    """
    upgrade = _Upgrade(activity, ctx)
    upgrade.run()
    ctx.findings.extend(upgrade.findings())
    return frozenset(upgrade.kept_children)
