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
from collections.abc import Callable, Iterable, Iterator

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


def _findings(programmes: Iterable[Programme], context: DqContext, locate: Locate) -> Iterator[Finding]:
    seen: dict[str, list[str]] = {}
    for index, programme in enumerate(programmes):
        for hit in check_programme(programme, context):
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


def check_iati(source: Source, *, today: dt.date | None = None) -> tuple[Finding, ...]:
    """The data-quality findings of an IATI activity file, each at the XPath of the value.

    Raises:
        LoadError: ``source`` is a path that names no readable file.
    """
    from itaproj.iati._read import iter_programmes

    with open_source(source) as stream:
        data = stream.read()
    try:
        root, declared = _root(data)
    except etree.XMLSyntaxError:
        return ()  # the XML findings say why; the Validator runs no rule either
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

    programmes = (programme for programme, _ in iter_programmes(io.BytesIO(data)))
    return tuple(_findings(programmes, context, locate))


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


def check_organisations(source: Source, *, today: dt.date | None = None) -> tuple[Finding, ...]:
    """The data-quality findings of an IATI organisation file, each at the XPath of the value.

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
    from itaproj.iati._organisations import iter_organisations

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
    context = DqContext(version, today or dt.date.today())
    findings: list[Finding] = []
    for index, (record, _) in enumerate(iter_organisations(io.BytesIO(data))):
        base = f"/iati-organisations/iati-organisation[{index + 1}]"
        for hit in check_organisation(record, context):
            where = hit.xml if hit.xml is not None else _record_xpath(hit.path)
            findings.append(dq_rule(hit.rule).finding(f"{base}/{where}" if where else base, hit.detail))
    return tuple(findings)
