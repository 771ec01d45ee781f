"""Run the data-quality rules on a catalogue or an IATI file, as findings.

:func:`check_catalogue` checks programmes wherever they came from (a JSON catalogue, code) and
names each value by its ``$``-path; :func:`check_iati` reads an IATI activity file with the
streaming reader and names each value by the XPath it was read from
(:mod:`itaproj.iati.dq.locate`). Rules of the whole file (an activity identifier used twice,
1.1.2) are checked here, once every programme has been seen.

Like the Validator, a file of IATI version 1 gets one finding, 0.6.1 (version 1 is no longer
supported), and no other rule.

Example:
    >>> import io
    >>> data = io.BytesIO(b'''<iati-activities version="2.03">
    ...   <iati-activity><iati-identifier>XM-DAC-41114-1</iati-identifier>
    ...     <reporting-org ref="XM-DAC-41114" type="40"/></iati-activity>
    ...   <iati-activity><iati-identifier>XM-DAC-41114-1</iati-identifier>
    ...     <reporting-org ref="XM-DAC-41114" type="40"/></iati-activity>
    ... </iati-activities>''')
    >>> for finding in check_iati(data):
    ...     if finding.rule == "iati.dq.1.1.2":
    ...         print(finding.rule, finding.path)
    iati.dq.1.1.2 /iati-activities/iati-activity[1]/iati-identifier
    iati.dq.1.1.2 /iati-activities/iati-activity[2]/iati-identifier
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Iterator

from itaproj.errors import LoadError
from itaproj.findings import Finding
from itaproj.iati._parse import Source, etree, open_source
from itaproj.iati.dq import dq_rule
from itaproj.iati.dq.context import DqContext, Hit, iati_version
from itaproj.iati.dq.dates import date_rules, organisation_date_rules
from itaproj.iati.dq.financial import financial_rules
from itaproj.iati.dq.identifiers import identifier_rules, organisation_identifier_rules
from itaproj.iati.dq.information import information_rules, organisation_information_rules
from itaproj.iati.dq.locate import taken_positions, xpath_of
from itaproj.iati.dq.percentages import percentage_rules
from itaproj.iati.dq.results import result_rules
from itaproj.iati.dq.structure import ActivityXml, structure_hits, structure_of
from itaproj.organisation_file import OrganisationRecord
from itaproj.programme import Catalogue, Programme

__all__ = ["check_catalogue", "check_iati", "check_organisation", "check_organisations", "check_programme"]

#: Where a hit of the programme at an index is: a $-path or an XPath.
Locate = Callable[[int, Programme, Hit], str]


#: The rules of one programme, by the Validator's rule files.
_PROGRAMME_RULES: tuple[Callable[[Programme, DqContext], Iterable[Hit]], ...] = (
    identifier_rules,
    percentage_rules,
    information_rules,
    date_rules,
    financial_rules,
    result_rules,
)


def check_programme(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """The hits of every rule of one programme (not the rules of the whole file)."""
    for rules in _PROGRAMME_RULES:
        yield from rules(programme, context)


def _findings(
    programmes: Iterable[Programme | tuple[Programme, ActivityXml | None]], context: DqContext, locate: Locate
) -> Iterator[Finding]:
    seen: dict[str, list[str]] = {}
    for index, item in enumerate(programmes):
        programme, xml = item if isinstance(item, tuple) else (item, None)
        hits: Iterable[Hit] = check_programme(programme, context)
        if xml is not None:
            # the model's hits the XML proves do not apply (ActivityXml.silenced), and the rules
            # on what the reader kept verbatim, read from the activity's XML
            taken = taken_positions(programme.extras)
            applicable = (hit for hit in hits if not xml.silenced(hit, taken))
            hits = itertools.chain(applicable, structure_hits(programme, xml))
        for hit in hits:
            yield dq_rule(hit.rule).finding(locate(index, programme, hit), hit.detail)
        if programme.iati_identifier is not None:
            places = seen.setdefault(programme.iati_identifier, [])
            places.append(locate(index, programme, Hit("1.1.2", "iati_identifier")))
    rule = dq_rule("1.1.2")
    for identifier, places in seen.items():
        if len(places) > 1:
            for place in places:
                yield rule.finding(place, f"{identifier!r}, {len(places)} activities")


def check_catalogue(
    catalogue: Catalogue, *, version: str = "2.03", today: dt.date | None = None
) -> tuple[Finding, ...]:
    """The data-quality findings of ``catalogue``, each at a ``$``-path.

    Example:
        >>> from itaproj import Catalogue, LocalizedText, Organisation, Programme
        >>> from itaproj.programme import Publication
        >>> bank = Organisation("wb", LocalizedText({"en": "World Bank"}), ref="44000")
        >>> programme = Programme("p", LocalizedText({"en": "Roads"}), iati_identifier="44000",
        ...                       publication=Publication(reporting_org=bank))
        >>> for finding in check_catalogue(Catalogue((programme,))):
        ...     if finding.rule.startswith("iati.dq.1."):
        ...         print(finding)
        error iati.dq.1.1.3: The activity identifier must be different to the organisation identifier of the reporting organisation. ('44000') @ $.programmes[0].iati_identifier
    """
    context = DqContext(iati_version(version), today or dt.date.today())

    def locate(index: int, programme: Programme, hit: Hit) -> str:
        return f"$.programmes[{index}]" + (f".{hit.path}" if hit.path else "")

    return tuple(_findings(catalogue.programmes, context, locate))


def _root(data: bytes) -> tuple[str, str | None]:
    """The root element's name and declared version."""
    events = etree.iterparse(io.BytesIO(data), events=("start",), resolve_entities=False, no_network=True)
    for _event, element in events:
        version = element.get("version")
        return str(element.tag), None if version is None else str(version)
    return "", None


def check_iati(source: Source | etree._ElementTree, *, today: dt.date | None = None) -> tuple[Finding, ...]:
    """The data-quality findings of an IATI activity file, each at the XPath of the value.

    ``source`` may be the file already parsed whole (:func:`~itaproj.iati._parse.parse_tree`):
    it is read from the tree, not parsed again, and taken apart as it is read. Rules on what
    the reader keeps verbatim (:mod:`itaproj.iati.dq.structure`) read each activity's XML just
    before the reader takes it apart, so a file is always checked from a parsed tree.

    Raises:
        LoadError: ``source`` is a path that names no readable file.
    """
    from itaproj.iati._parse import parse_tree
    from itaproj.iati._read import iter_parsed_programmes

    if isinstance(source, etree._ElementTree):
        parsed = source
    else:
        with open_source(source) as stream:
            data = stream.read()
        try:
            _root(data)
            parsed = parse_tree(io.BytesIO(data))
        except (etree.XMLSyntaxError, LoadError):
            return ()  # the XML findings say why; the Validator runs no rule either
    top = parsed.getroot()
    given = top.get("version")
    root, declared = str(top.tag), None if given is None else str(given)
    version = iati_version(declared)
    if root not in ("iati-activities", "iati-activity"):
        return ()  # no activity file: the programme rules have nothing to read
    if version.startswith("1."):
        return (dq_rule("0.6.1").finding("/iati-activities", f"version {version}"),)
    context = DqContext(version, today or dt.date.today())

    def locate(index: int, programme: Programme, hit: Hit) -> str:
        activity = f"/iati-activities/iati-activity[{index + 1}]"
        if hit.xml is not None:
            return f"{activity}/{hit.xml}" if hit.xml else activity
        return xpath_of(hit.path, activity, taken=taken_positions(programme.extras)) if hit.path else activity

    def read() -> Iterator[tuple[Programme, ActivityXml | None]]:
        activities = iter([top] if root == "iati-activity" else top.findall("iati-activity"))
        programmes = iter_parsed_programmes(parsed)
        while True:
            activity = next(activities, None)
            xml = None if activity is None else structure_of(activity, version)
            programme = next(programmes, None)
            if programme is None:
                return
            yield programme[0], xml

    return tuple(_findings(read(), context, locate))


#: Where the record's fields stand below ``iati-organisation`` (a tuple's item i is element i+1).
_RECORD_ELEMENTS = {
    "identifier": "organisation-identifier",
    "name": "name",
    "reporting_org": "reporting-org",
    "ref": "@ref",
    "total_budgets": "total-budget",
    "recipient_org_budgets": "recipient-org-budget",
    "recipient_region_budgets": "recipient-region-budget",
    "recipient_country_budgets": "recipient-country-budget",
    "expenditures": "total-expenditure",
    "documents": "document-link",
    "lines": "budget-line",
    "value_date": "value/@value-date",
}


def _record_xpath(path: str) -> str:
    """The XPath below ``iati-organisation`` of a path into an :class:`OrganisationRecord`.

    Example:
        >>> _record_xpath("recipient_country_budgets[0].lines[2].value_date")
        'recipient-country-budget[1]/budget-line[3]/value/@value-date'
        >>> _record_xpath("reporting_org.ref")
        'reporting-org/@ref'
    """
    steps: list[str] = []
    for part in path.split("."):
        name, _, index = part.partition("[")
        element = _RECORD_ELEMENTS.get(name)
        if element is None:
            break  # a value inside the element named so far
        steps.append(f"{element}[{int(index.rstrip(']')) + 1}]" if index else element)
    return "/".join(steps)


def check_organisation(record: OrganisationRecord, context: DqContext) -> Iterator[Hit]:
    """The hits of every rule of one organisation record, with paths relative to the record."""
    yield from organisation_identifier_rules(record, context)
    yield from organisation_information_rules(record, context)
    yield from organisation_date_rules(record, context)


def check_organisations(
    source: Source | etree._ElementTree, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> tuple[Finding, ...]:
    """The data-quality findings of an IATI organisation file, each at the XPath of the value.

    ``source`` may be the file already parsed whole (:func:`~itaproj.iati._parse.parse_tree`):
    its records are read from the tree, which is not parsed again. The rules run on each record (:func:`check_organisation`) and, for what the record cannot
    hold, on its ``iati-organisation`` element (:mod:`~itaproj.iati.dq.organisation_values`).
    A bare ``iati-organisation`` as the root is the file's one record, at
    ``/iati-organisations/iati-organisation[1]``. "The future" (11.4.1) is after ``now``; given
    neither ``today`` nor ``now``, after the moment of the call, as the Validator compares.

    Raises:
        LoadError: ``source`` is a path that names no readable file.

    Example:
        >>> import io
        >>> data = io.BytesIO(b'''<iati-organisations version="2.03"><iati-organisation xml:lang="en">
        ...   <organisation-identifier>XM-DAC-41114 </organisation-identifier>
        ...   <reporting-org ref="XM-DAC-41114"><narrative>UNDP</narrative></reporting-org>
        ... </iati-organisation></iati-organisations>''')
        >>> for finding in check_organisations(data):
        ...     print(finding.rule, finding.path)
        iati.dq.1.12.1 /iati-organisations/iati-organisation[1]/organisation-identifier
        iati.dq.6.3.1 /iati-organisations/iati-organisation[1]/reporting-org
    """
    from itaproj.iati._organisations import read_record
    from itaproj.iati._parse import parse_tree
    from itaproj.iati.dq.organisation_values import organisation_value_rules

    if isinstance(source, etree._ElementTree):
        tree: etree._ElementTree | None = source
        given = source.getroot().get("version")
        root, declared = str(source.getroot().tag), None if given is None else str(given)
    else:
        tree = None
        with open_source(source) as stream:
            data = stream.read()
        try:
            root, declared = _root(data)
        except etree.XMLSyntaxError:
            return ()
    version = iati_version(declared)
    if root not in ("iati-organisations", "iati-organisation"):
        return ()
    if version.startswith("1."):
        return (dq_rule("0.6.1").finding("/iati-organisations", f"version {version}"),)
    if today is None and now is None:
        now = dt.datetime.now(dt.UTC)
    context = DqContext(version, today or dt.date.today(), now=now)
    top = (tree if tree is not None else parse_tree(io.BytesIO(data))).getroot()
    elements = [top] if top.tag == "iati-organisation" else top.iterchildren("iati-organisation")
    findings: list[Finding] = []
    for index, element in enumerate(elements):
        record, _ = read_record(element, index + 1)  # (as the streaming reader reads it)
        base = f"/iati-organisations/iati-organisation[{index + 1}]"
        hits = [*check_organisation(record, context), *organisation_value_rules(element, record, context)]
        for hit in hits:
            where = hit.xml if hit.xml is not None else _record_xpath(hit.path)
            findings.append(dq_rule(hit.rule).finding(f"{base}/{where}" if where else base, hit.detail))
    return tuple(findings)
