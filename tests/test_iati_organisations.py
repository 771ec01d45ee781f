"""IATI organisation files: read, write and validate, as for activity files.

Expected values are read off the XML by hand (the official example, the Validator's test
files in ``tests/data/iati/organisations``); the round trips compare what two files *say*
(every element, attribute and text, with inherited languages and default currencies resolved)
with lxml, independently of the code under test.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from itaproj import (
    BudgetStatus,
    CountryShare,
    DocumentLink,
    Extra,
    LineItem,
    LocalizedText,
    Money,
    Organisation,
    OrganisationBudget,
    OrganisationDocument,
    OrganisationFile,
    OrganisationRecord,
    Period,
)
from itaproj.errors import InvalidValueError, LoadError
from itaproj.findings import Severity
from itaproj.iati import (
    WriteError,
    iter_organisations,
    read_organisations,
    read_organisations_with_findings,
    validate_organisations_schema,
    write_organisations,
    write_organisations_with_findings,
)
from itaproj.testing import organisation_files

DATA = Path(__file__).parent / "data" / "iati"
EXAMPLE = DATA / "examples" / "organisation-standard-example-annotated.xml"
VALIDATOR = DATA / "organisations"
SCHEMA = Path(__file__).parent.parent / "src" / "itaproj" / "data" / "iati" / "iati-organisations-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NS = "urn:example:org-test"


# --- helpers, independent of the code under test ----------------------------------------------


def schema_errors(data: bytes) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    ok = schema.validate(etree.fromstring(data))
    return [] if ok else [str(error) for error in schema.error_log]


def _moment(text: str) -> str:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return text


def _number(text: str) -> str:
    try:
        return str(Decimal(text).normalize())
    except ArithmeticError:
        return text


def facts(data: bytes) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Every element of an organisation file as (path, attributes, text), meaning only.

    Narratives get the language they are in (their own ``xml:lang`` or the nearest above; an
    empty one says nothing),
    values the currency they are in (their own or the record's default) and their amount as a
    number; date-times are compared as moments, booleans as booleans; white space between
    elements and comments say nothing.
    """
    root = etree.fromstring(data, etree.XMLParser(remove_comments=True))
    found: list[tuple[str, tuple[tuple[str, str], ...], str]] = []

    def walk(element: Any, path: str, lang: str, currency: str | None) -> None:
        lang = element.get(XML_LANG, lang)
        attributes = dict(element.attrib)
        if element.tag == "iati-organisation":
            currency = element.get("default-currency")
        elif element.tag != "narrative":
            attributes.pop(XML_LANG, None)  # (the language of the narratives below: resolved there)
        text = (element.text or "").strip()
        if element.tag == "narrative":
            attributes[XML_LANG] = lang
            text = element.text or ""
        if element.tag == "value":
            attributes.setdefault("currency", currency or "")
            text = _number(text)
        if element.tag == "recipient-region":
            attributes.setdefault("vocabulary", "1")
        for name in ("last-updated-datetime", "generated-datetime"):
            if name in attributes:
                attributes[name] = _moment(attributes[name])
        if "secondary-reporter" in attributes:
            attributes["secondary-reporter"] = str(attributes["secondary-reporter"] in ("1", "true"))
        found.append((path, tuple(sorted(attributes.items())), text))
        counts: dict[str, int] = {}
        for child in element:
            if child.tag == "narrative" and not (child.text or "").strip():
                continue  # (an empty narrative says nothing)
            number = counts[child.tag] = counts.get(child.tag, 0) + 1
            walk(child, f"{path}/{child.tag}[{number}]", lang, currency)

    walk(root, f"/{root.tag}", "", None)
    return sorted(found)


def written(value: OrganisationFile) -> bytes:
    out = io.BytesIO()
    write_organisations(value, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def example() -> OrganisationFile:
    file, findings = read_organisations_with_findings(EXAMPLE)
    assert findings == ()
    return file


# --- the official example ------------------------------------------------------------------------


def test_the_example_record_reads_to_the_values_it_states(example: OrganisationFile) -> None:
    assert len(example) == 1
    assert example.generated == dt.datetime(2014, 9, 10, 7, 15, 37, tzinfo=dt.UTC)
    record = example["AA-AAA-123456789"]
    assert record.name == LocalizedText({"en": "Organisation name", "fr": "Nom de l'organisme"})
    assert record.reporting_org is not None
    assert (record.reporting_org.ref, record.reporting_org.type) == ("AA-AAA-123456789", "40")
    assert record.reporting_org.name == record.name
    assert record.secondary_reporter is False
    assert (record.default_currency, record.language) == ("EUR", "en")
    assert record.last_updated == dt.datetime(2014, 9, 10, 7, 15, 37, tzinfo=dt.UTC)
    assert record.extras == ()


def test_the_example_budgets_and_expenditure(example: OrganisationFile) -> None:
    record = example.records[0]
    year = Period.parse("2014-01-01", "2014-12-31")
    day = dt.date(2014, 1, 1)
    expected_totals = {
        "total_budgets": "250000000",
        "recipient_org_budgets": "2500000",
        "recipient_region_budgets": "25000000",
        "recipient_country_budgets": "25000000",
    }
    for field, total in expected_totals.items():
        (budget,) = getattr(record, field)
        assert budget.period == year
        assert budget.amount == Money(total, "USD")
        assert budget.value_date == day
        assert budget.status is BudgetStatus.COMMITTED
        (line,) = budget.lines
        assert line.ref == "1234"
        assert line.label == LocalizedText({"en": "Budget Line"})
        assert line.value_date == day
    assert [line.amount for budget in record.budgets for line in budget.lines] == [
        Money(200000000, "USD"),
        Money(2000000, "USD"),
        Money(2000000, "USD"),
        Money(2000000, "USD"),
    ]
    org = record.recipient_org_budgets[0].recipient_org
    assert org is not None
    assert (org.ref, str(org.name)) == ("AA-ABC-1234567", "Org Name")
    region = record.recipient_region_budgets[0].recipient_region
    assert region is not None
    assert (region.code, region.vocabulary, region.vocabulary_uri) == (
        "A1",
        "99",
        "http://example.com/vocab.html",
    )
    assert record.recipient_country_budgets[0].recipient_country == CountryShare("AF")
    (spent,) = record.expenditures
    assert (spent.period, spent.amount, spent.value_date) == (year, Money(250000000, "USD"), day)
    (line,) = spent.lines
    assert (line.ref, line.amount, line.label) == (
        "1234",
        Money(200000000, "USD"),
        LocalizedText({"en": "Expense Line"}),
    )


def test_the_example_documents(example: OrganisationFile) -> None:
    documents = example.records[0].documents
    assert len(documents) == 6
    assert {document.link.date.isoformat() for document in documents if document.link.date} == {"2014-02-05"}
    assert [document.link.categories for document in documents] == [("B01",)] * 4 + [
        ("B01", "B02", "B03")
    ] + [("B01",)]
    assert [document.link.languages for document in documents] == [("en",)] * 3 + [("fr",)] + [("en",)] * 2
    assert documents[3].link.url == "http://www.example.org/docs/report_fr.odt"
    assert documents[3].link.description is None
    assert documents[2].link.description == LocalizedText(
        {"en": "Description of the annual report.", "fr": "Description du rapport annuel."}
    )
    assert documents[5].link.title == LocalizedText({"en": "Country Report 2013", "fr": "Rapport Pays 2013"})
    assert documents[0].recipient_countries == (CountryShare("AF", name={"en": "Afghanistan"}),)
    assert [country.country for country in documents[5].recipient_countries] == ["AF", "AX", "AL"]
    assert {document.link.format for document in documents} == {"application/vnd.oasis.opendocument.text"}


def test_the_example_round_trips_every_fact_and_is_schema_valid(example: OrganisationFile) -> None:
    out = io.BytesIO()
    assert write_organisations_with_findings(example, out) == ()
    data = out.getvalue()
    assert facts(data) == facts(EXAMPLE.read_bytes())
    assert schema_errors(data) == []
    assert validate_organisations_schema(io.BytesIO(data)) == ()
    assert read_organisations(io.BytesIO(data)) == example


def test_writing_to_a_path_writes_the_same_bytes(example: OrganisationFile, tmp_path: Path) -> None:
    target = tmp_path / "org.xml"
    write_organisations(example, target)
    assert target.read_bytes() == written(example)


# --- model -> XML -> model -------------------------------------------------------------------------


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(organisation_files())
def test_any_file_round_trips_through_xml(value: OrganisationFile) -> None:
    data = written(value)
    again, _ = read_organisations_with_findings(io.BytesIO(data))
    assert again == value


def test_a_complete_record_is_written_schema_valid() -> None:
    me = Organisation("XM-EX-1", {"uk": "Громада", "en": "Community"}, ref="XM-EX-1", type="80")
    year = Period.parse("2024-01-01", "2024-12-31")
    record = OrganisationRecord(
        "XM-EX-1",
        {"uk": "Громада", "en": "Community"},
        reporting_org=me,
        default_currency="UAH",
        language="uk",
        total_budgets=[
            OrganisationBudget(
                year,
                Money("1000.50", "UAH"),
                "2024-01-01",
                lines=[LineItem(Money(10, "EUR"), "2024-01-01", {"en": "Travel"}, ref="T-1")],
            )
        ],
        documents=[
            OrganisationDocument(
                DocumentLink(
                    "https://example.org/a.pdf", {"uk": "Звіт"}, categories=["B01"], format="application/pdf"
                ),
                [CountryShare("UA")],
            )
        ],
    )
    out = io.BytesIO()
    assert write_organisations_with_findings([record], out) == ()
    assert schema_errors(out.getvalue()) == []
    root = etree.fromstring(out.getvalue())
    # the record's language and currency are left implicit, others stated
    assert root.find("iati-organisation/name/narrative").get(XML_LANG) is None
    assert root.find("iati-organisation/name/narrative[2]").get(XML_LANG) == "en"
    assert root.find("iati-organisation/total-budget/value").get("currency") is None
    assert root.find("iati-organisation/total-budget/budget-line/value").get("currency") == "EUR"
    assert root.find("iati-organisation/total-budget/value").text == "1000.50"


# --- foreign namespaces -------------------------------------------------------------------------------


def _with_foreign_content() -> bytes:
    text = EXAMPLE.read_bytes().replace(
        b"<iati-organisations ", f'<iati-organisations xmlns:x="{NS}" '.encode()
    )
    root = etree.fromstring(text, etree.XMLParser(remove_comments=True))
    x = f"{{{NS}}}"
    root.set(f"{x}source", "test")
    record = root.find("iati-organisation")
    record.set(f"{x}flag", "yes")
    etree.SubElement(record, f"{x}note").text = "at the end of the record"
    record.find("name/narrative").set(f"{x}checked", "1")
    etree.SubElement(record.find("reporting-org"), f"{x}register").text = "R-1"
    budget = record.find("total-budget")
    budget.set(f"{x}plan", "P-7")
    budget.find("value").set(f"{x}rate", "1.1")
    etree.SubElement(budget.find("budget-line"), f"{x}code").text = "C-9"
    link = record.find("document-link")
    link.find("recipient-country").addprevious(etree.Element(f"{x}meta", kind="pdf"))
    link.find("recipient-country").set(f"{x}focus", "high")
    etree.SubElement(root, f"{x}registry-record").text = "after the records"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_foreign_namespace_content_is_kept_where_it_was_and_written_back() -> None:
    source = _with_foreign_content()
    assert schema_errors(source) == []
    file, findings = read_organisations_with_findings(io.BytesIO(source))
    assert findings == ()
    x = f"{{{NS}}}"
    assert file.extras == (
        Extra("@xmlns:x", NS, "xml"),
        Extra(f"@{x}source", "test", "xml"),
        Extra(
            "x:registry-record[1]",
            f'<x:registry-record xmlns:x="{NS}">after the records</x:registry-record>',
            "xml",
        ),
    )
    record = file.records[0]
    assert [extra.path for extra in record.extras] == [
        f"@{x}flag",
        f"name[1]/narrative[1]/@{x}checked",
        "reporting-org[1]/x:register[1]",
        "x:note[1]",
    ]
    budget = record.total_budgets[0]
    assert [extra.path for extra in budget.extras] == [f"@{x}plan", f"value[1]/@{x}rate"]
    assert budget.lines[0].extras == (Extra("x:code[1]", f'<x:code xmlns:x="{NS}">C-9</x:code>', "xml"),)
    link = record.documents[0].link
    assert link.extras == (Extra("x:meta[1]", f'<x:meta xmlns:x="{NS}" kind="pdf"/>', "xml"),)
    assert record.documents[0].recipient_countries[0].extras == (Extra(f"@{x}focus", "high", "xml"),)
    out = io.BytesIO()
    assert write_organisations_with_findings(file, out) == ()
    assert facts(out.getvalue()) == facts(source)
    assert schema_errors(out.getvalue()) == []
    assert b"<x:registry-record" in out.getvalue()  # the source's prefix, not a made-up one


# --- lenient reading: findings, not tracebacks ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "rule", "path", "kept"),
    [
        (
            "10.xml",
            "iati.unmapped",
            "/iati-organisations/iati-organisation[1]/recipient-org-budget[1] (line 41)",
            "recipient-org-budget[1]",
        ),
        (
            "16.xml",
            "iati.unmapped",
            "/iati-organisations/iati-organisation[1]/total-budget[1] (line 29)",
            "total-budget[1]",
        ),
        (
            "108.xml",
            "iati.lenient.currency",
            "/iati-organisations/iati-organisation[1] (line 8)",
            "@default-currency",
        ),
        (
            "5.xml",
            "iati.unmapped",
            "/iati-organisations/iati-organisation[1]/document-link[1] (line 94)",
            "document-link[1]",
        ),
        (
            "4.5.1.xml",
            "iati.unmapped",
            "/iati-organisations/iati-organisation[1]/reporting-org[1] (line 22)",
            "reporting-org[1]",
        ),
    ],
)
def test_validator_files_read_leniently_and_write_back_losslessly(
    name: str, rule: str, path: str, kept: str
) -> None:
    source = (VALIDATOR / name).read_bytes()
    file, findings = read_organisations_with_findings(VALIDATOR / name)
    assert (rule, path) in [(finding.rule, finding.path) for finding in findings]
    assert all(finding.severity is not Severity.ERROR for finding in findings)
    assert kept in [extra.path for extra in file.records[0].extras]
    assert facts(written(file)) == facts(source.replace(b'version="10.03"', b'version="2.03"'))


def test_a_version_that_is_not_2_0x_is_reported() -> None:
    _, findings = read_organisations_with_findings(VALIDATOR / "108.xml")
    assert ("iati.version", "/iati-organisations (line 5)") in [(f.rule, f.path) for f in findings]


def test_the_other_budgets_of_a_record_with_a_bad_one_are_read() -> None:
    file = read_organisations(VALIDATOR / "10.xml")
    record = file.records[0]
    assert record.recipient_org_budgets == ()
    assert [budget.amount for budget in record.total_budgets] == [Money(250000000, "USD")]
    assert len(record.documents) == 5


BROKEN = b"""<iati-organisations version="2.03">
<iati-organisation default-currency="EUR">
<name><narrative xml:lang="EN">Name</narrative></name>
<total-budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
<value value-date="2024-01-01">abc</value></total-budget>
<total-expenditure><period-start iso-date="2024-13-01"/><period-end iso-date="2024-12-31"/>
<value value-date="2024-01-01">5</value></total-expenditure>
<total-budget><period-start iso-date="2025-01-01T00:00:00+02:00"/><period-end iso-date="2025-12-31"/>
<value value-date="2025-01-01">7</value><surprise/></total-budget>
</iati-organisation>
<stray/>
</iati-organisations>"""


def test_bad_values_give_findings_at_their_xpath() -> None:
    file, findings = read_organisations_with_findings(io.BytesIO(BROKEN))
    found = {(finding.rule, finding.path) for finding in findings}
    record = "/iati-organisations/iati-organisation[1]"
    assert ("iati.lenient.language-case", f"{record}/name[1]/narrative[1] (line 3)") in found
    assert ("iati.unmapped", f"{record}/total-budget[1] (line 4)") in found  # "abc" is no amount
    assert ("iati.unmapped", f"{record}/total-expenditure[1] (line 6)") in found  # month 13
    assert ("iati.lenient.timezone", f"{record}/total-budget[2]/period-start[1] (line 8)") in found
    assert ("iati.unmapped", f"{record}/total-budget[2]/surprise[1] (line 9)") in found
    assert ("iati.required", f"{record} (line 2)") in found  # no organisation-identifier, reporting-org
    assert ("iati.lenient.root-child", "/iati-organisations/stray[1] (line 11)") in found
    (budget,) = file.records[0].total_budgets
    assert (budget.amount, budget.period.start.isoformat()) == (Money(7, "EUR"), "2025-01-01")
    assert file.records[0].name == LocalizedText({"en": "Name"})


def test_input_that_is_not_xml_raises_one_load_error() -> None:
    with pytest.raises(LoadError, match="not well-formed"):
        read_organisations(io.BytesIO(b"<iati-organisations version='2.03'><iati-organisation>"))
    with pytest.raises(LoadError, match="no such file"):
        read_organisations("/nonexistent/org.xml")


def test_an_activity_file_is_no_organisation_file() -> None:
    with pytest.raises(LoadError, match="no iati-organisations or iati-organisation element"):
        read_organisations(DATA / "examples" / "activity-standard-example-annotated.xml")


def test_a_lone_record_as_the_root_is_read_as_one_record() -> None:
    data = EXAMPLE.read_bytes()
    record = (
        data[data.index(b"<iati-organisation ") : data.index(b"</iati-organisation>")]
        + b"</iati-organisation>"
    )
    file, findings = read_organisations_with_findings(io.BytesIO(record))
    assert [finding.rule for finding in findings] == ["iati.lenient.root"]
    assert file.extras == ()
    assert file.records == read_organisations(EXAMPLE).records


def test_records_stream_before_the_end_of_the_file_is_read() -> None:
    record = EXAMPLE.read_bytes().split(b"<iati-organisation ")[1].split(b"</iati-organisation>")[0]
    whole = b"<iati-organisation " + record + b"</iati-organisation>"
    data = b'<iati-organisations version="2.03">' + whole * 3 + b"<iati-organisation><broken"
    records = iter_organisations(io.BytesIO(data))
    first, findings = next(records)
    assert first.identifier == "AA-AAA-123456789"
    assert findings == ()
    assert next(records)[0] == first
    assert next(records)[0] == first
    with pytest.raises(LoadError):
        next(records)


def _one_value_broken() -> Iterator[tuple[str, bytes]]:
    """The example with each attribute and text in turn made junk or blank."""
    source = etree.parse(str(EXAMPLE), etree.XMLParser(remove_comments=True)).getroot()
    for index, element in enumerate(source.iter()):
        if index == 0:
            continue  # (the root: its version is written as 2.03 whatever it was)
        for name in [*element.attrib, "text()"]:
            if name == "text()" and not (element.text or "").strip():
                continue
            for junk in ("???", " "):
                root = copy.deepcopy(source)
                target = list(root.iter())[index]
                if name == "text()":
                    target.text = junk
                else:
                    target.set(name, junk)
                yield f"{target.tag}/@{name}={junk!r}", etree.tostring(root)


def _one_element_broken() -> Iterator[tuple[str, bytes]]:
    """The example with each element below the record in turn deleted, doubled or given a stray attribute."""
    source = etree.parse(str(EXAMPLE), etree.XMLParser(remove_comments=True)).getroot()
    for index, _ in enumerate(source.iter()):
        if index < 2:
            continue  # (the root and the record)
        for change in ("delete", "double", "attribute"):
            root = copy.deepcopy(source)
            target = list(root.iter())[index]
            if change == "delete":
                target.getparent().remove(target)
            elif change == "double":
                target.addnext(copy.deepcopy(target))
            else:
                target.set("stray", "1")
            yield f"{change} {target.tag} #{index}", etree.tostring(root)


def test_any_one_broken_element_is_read_with_findings_and_written_back_losslessly() -> None:
    checked = 0
    for what, data in _one_element_broken():
        file, findings = read_organisations_with_findings(io.BytesIO(data))
        assert facts(written(file)) == facts(data), what
        if what.startswith("attribute"):
            assert any(finding.rule == "iati.unmapped" for finding in findings), what
        checked += 1
    assert checked > 300


def test_any_one_broken_value_is_read_with_findings_and_written_back_losslessly() -> None:
    checked = 0
    for what, data in _one_value_broken():
        file, _ = read_organisations_with_findings(io.BytesIO(data))
        assert facts(written(file)) == facts(data), what
        checked += 1
    assert checked > 250


def test_a_2_01_file_is_read_without_findings() -> None:
    data = b"""<iati-organisations version="2.01"><iati-organisation default-currency="EUR">
    <organisation-identifier>XM-1</organisation-identifier><name><narrative>X</narrative></name>
    <reporting-org ref="XM-1" type="10"><narrative>X</narrative></reporting-org>
    <total-budget><period-start iso-date="2015-01-01"/><period-end iso-date="2015-12-31"/>
    <value value-date="2015-01-01">12.5</value></total-budget></iati-organisation></iati-organisations>"""
    file, findings = read_organisations_with_findings(io.BytesIO(data))
    assert findings == ()
    (budget,) = file.records[0].total_budgets
    assert (budget.amount, budget.status) == (Money("12.5", "EUR"), None)
    assert file.records[0].name == LocalizedText({"und": "X"})


def test_an_empty_file_is_reported() -> None:
    file, findings = read_organisations_with_findings(io.BytesIO(b'<iati-organisations version="2.03"/>'))
    assert len(file) == 0
    assert [finding.rule for finding in findings] == ["iati.empty"]


# --- what the writer reports ----------------------------------------------------------------------


def test_what_the_schema_requires_and_the_model_lacks_is_reported() -> None:
    budget = OrganisationBudget(
        Period.parse("2024-01-01", None), Money(1, "EUR"), lines=[LineItem(Money(1, "EUR"))]
    )
    out = io.BytesIO()
    findings = write_organisations_with_findings([OrganisationRecord(total_budgets=[budget])], out)
    rules = {(finding.rule, finding.path) for finding in findings if finding.rule != "iati.schema"}
    assert rules == {
        ("iati.write.identifier", "$.records[0]"),
        ("iati.write.name", "$.records[0]"),
        ("iati.write.reporting-org", "$.records[0]"),
        ("iati.write.period", "$.records[0].total_budgets[0].period.end"),
        ("iati.write.value-date", "$.records[0].total_budgets[0].value_date"),
        ("iati.write.value-date", "$.records[0].total_budgets[0].lines[0].value_date"),
        ("iati.write.narrative", "$.records[0].total_budgets[0].lines[0].label"),
    }
    assert all(finding.severity is Severity.ERROR for finding in findings)
    schema = [finding for finding in findings if finding.rule == "iati.schema"]
    assert schema
    assert all(finding.path.startswith("/iati-organisations/iati-organisation[1]") for finding in schema)
    # at the lines lxml finds them in the whole output
    lines = sorted(int(error.split(":")[1]) for error in schema_errors(out.getvalue()))
    assert sorted(int(finding.path.rsplit("(line ", 1)[1].rstrip(")")) for finding in schema) == lines


def test_schema_findings_name_the_record_and_line_they_are_in() -> None:
    budget = OrganisationBudget(Period.parse("2024-01-01", "2024-12-31"), Money(1, "EUR"), "2024-01-01")
    records = [
        OrganisationRecord("XM-1", {"en": "A"}, total_budgets=[budget] * 3),
        OrganisationRecord("XM-2"),
    ]
    out = io.BytesIO()
    findings = [f for f in write_organisations_with_findings(records, out) if f.rule == "iati.schema"]
    lines = sorted(int(error.split(":")[1]) for error in schema_errors(out.getvalue()))
    assert sorted(int(finding.path.rsplit("(line ", 1)[1].rstrip(")")) for finding in findings) == lines
    assert {finding.path.split(" ")[0].split("/")[2] for finding in findings} == {
        "iati-organisation[1]",
        "iati-organisation[2]",
    }


def test_a_bounded_amount_or_partial_date_is_left_out_with_a_warning() -> None:
    bounded = OrganisationBudget(
        Period.parse("2024-01-01", "2024-12-31"), Money(5, "EUR", "more_than"), "2024-01-01"
    )
    monthly = OrganisationBudget(Period.parse("2024-01", "2024-12-31"), Money(5, "EUR"), "2024-01-01")
    out = io.BytesIO()
    record = OrganisationRecord("XM-1", {"en": "X"}, total_budgets=[bounded, monthly])
    findings = write_organisations_with_findings([record], out, check_schema=False)
    assert {(f.rule, f.severity, f.path) for f in findings if f.severity is Severity.WARNING} == {
        ("iati.write.bounded-amount", Severity.WARNING, "$.records[0].total_budgets[0].amount"),
        ("iati.write.partial-date", Severity.WARNING, "$.records[0].total_budgets[1].period.start"),
    }
    assert etree.fromstring(out.getvalue()).findall("iati-organisation/total-budget") == []


def test_a_value_xml_cannot_hold_raises_write_error_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "org.xml"
    target.write_bytes(b"before")
    record = OrganisationRecord("XM-1", {"en": "bell \x07"})
    with pytest.raises(WriteError) as caught:
        write_organisations([record], target)
    assert [issue.path for issue in caught.value.issues] == ["$.records[0]"]
    assert target.read_bytes() == b"before"


def test_only_version_2_03_is_written() -> None:
    with pytest.raises(InvalidValueError):
        write_organisations([OrganisationRecord("XM-1")], io.BytesIO(), version="2.01")


def test_the_model_refuses_a_budget_in_the_wrong_list() -> None:
    budget = OrganisationBudget(Period(), Money(1, "EUR"), recipient_country=CountryShare("UA"))
    with pytest.raises(InvalidValueError, match="total_budgets"):
        OrganisationRecord("XM-1", total_budgets=[budget])
    with pytest.raises(InvalidValueError):
        OrganisationBudget(Period(), Money(1, "EUR"), recipient_country=CountryShare("UA", 50))
    with pytest.raises(InvalidValueError, match="secondary_reporter"):
        OrganisationRecord("XM-1", secondary_reporter=True)
