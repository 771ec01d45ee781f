"""Writing is honest: what IATI cannot carry, or requires and the model lacks, is a finding.

Each case starts from a programme that IATI can carry whole (written schema-valid, with no
finding at all), adds one thing, and checks the finding at its ``$``-path against the output
itself, read with lxml: a warning leaves the output schema-valid and the element out, an error
makes it schema-invalid.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from lxml import etree

import itaproj.examples
from itaproj import (
    Activity,
    Beneficiary,
    BeneficiaryKind,
    Budget,
    BudgetLine,
    Catalogue,
    Component,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    DocumentLink,
    Extra,
    Indicator,
    KeyDate,
    LocalizedText,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Person,
    Programme,
    Result,
    ResultKind,
    Role,
    Status,
    TargetGroup,
)
from itaproj.cli import main
from itaproj.finance import Transaction
from itaproj.findings import Finding, Severity
from itaproj.iati import read, validate_schema, write, write_with_findings
from itaproj.io import dump, dumps, loads
from itaproj.quantity import Qualifier

REAL = Path(__file__).resolve().parents[1] / "data" / "iati" / "real"
SEED = Path(__file__).resolve().parents[2] / "examples" / "catalogue.json"

FUNDER = Organisation("funder", LocalizedText({"en": "Example Fund"}), ref="XM-EXAMPLE", type="10")
REPORTER = Organisation("reporter", LocalizedText({"en": "Reporter"}), ref="XM-REPORTER", type="10")
DAY = PartialDate(2020, 1, 1)
YEAR_2020 = Period(PartialDate(2020, 1, 1), PartialDate(2020, 12, 31))
TEXT = LocalizedText({"en": "Text"})
WHERE = "$.programmes[0]"


def _base(**changes: Any) -> Programme:
    """A programme IATI carries whole: every required element, nothing IATI lacks."""
    programme = Programme(
        "XM-EXAMPLE-1",
        LocalizedText({"en": "Example programme"}),
        iati_identifier="XM-EXAMPLE-1",
        description=LocalizedText({"en": "What it does."}),
        status=Status.IMPLEMENTATION,
        dates=(KeyDate(DateKind.PLANNED_START, DAY),),
        participants=(Participant(FUNDER, Role.FUNDING),),
    )
    return attrs.evolve(programme, **changes)


def _write(
    catalogue: Catalogue, reporting_org: Organisation | None = REPORTER
) -> tuple[tuple[Finding, ...], bytes]:
    out = io.BytesIO()
    findings = write_with_findings(catalogue, out, reporting_org=reporting_org)
    return findings, out.getvalue()


def _activity(data: bytes, number: int = 1) -> etree._Element:
    activities = etree.fromstring(data).findall("iati-activity")
    return activities[number - 1]


def _found(findings: tuple[Finding, ...]) -> set[tuple[str, Severity, str]]:
    return {(finding.rule, finding.severity, finding.path) for finding in findings}


def test_a_programme_iati_carries_whole_gives_no_finding() -> None:
    findings, data = _write(Catalogue((_base(),)))
    assert findings == ()
    assert validate_schema(io.BytesIO(data)) == ()


def test_write_still_returns_none_and_writes_the_same_bytes() -> None:
    catalogue = itaproj.examples.load()
    out = io.BytesIO()
    assert write(catalogue, out, reporting_org=REPORTER) is None  # type: ignore[func-returns-value]
    assert _write(catalogue)[1] == out.getvalue()


# --- lost detail: a warning, the output stays schema-valid -------------------------------------

EXACT_LINE = BudgetLine(Money(100, "EUR"), YEAR_2020, value_date="2020-01-01")
COMPONENT = Component("1", LocalizedText({"en": "Component"}), description=TEXT)


def _with_baseline(baseline: Observation | None) -> dict[str, Any]:
    """An indicator's baseline as its constructor takes it: one, or a tuple of them."""
    if "baselines" in attrs.fields_dict(Indicator):
        return {"baselines": () if baseline is None else (baseline,)}
    return {"baseline": baseline}


def _baseline_path() -> str:
    return ".baselines[0]" if "baselines" in attrs.fields_dict(Indicator) else ".baseline"


def _indicator_result(observation: Observation, field: str = "actuals") -> tuple[Result, ...]:
    given = (observation,)
    targets, actuals = (given, ()) if field == "targets" else ((), given)
    indicator = Indicator(LocalizedText({"en": "Trained"}), targets=targets, actuals=actuals)
    return (Result(LocalizedText({"en": "Result"}), kind=ResultKind.OUTPUT, indicators=(indicator,)),)


# (changes to the base programme, rule, $-path suffix, XPath of what must not be in the output)
LOST: list[tuple[str, dict[str, Any], str, str, str | None]] = [
    (
        "bounded budget amount",
        {"budget": Budget(lines=(attrs.evolve(EXACT_LINE, amount=Money(100, "EUR", Qualifier.MORE_THAN)),))},
        "bounded-amount",
        ".budget.lines[0].amount",
        "budget",
    ),
    (
        "approximate transaction amount",
        {"transactions": (Transaction("3", DAY, Money(5, "USD", Qualifier.ABOUT), value_date="2020-01-01"),)},
        "bounded-amount",
        ".transactions[0].amount",
        "transaction",
    ),
    (
        "date known to the year",
        {"dates": (KeyDate(DateKind.PLANNED_START, DAY), KeyDate(DateKind.PLANNED_END, PartialDate(2021)))},
        "partial-date",
        ".dates[1].date",
        "activity-date[@type='3']",
    ),
    (
        "budget period known to the month",
        {"budget": Budget(lines=(attrs.evolve(EXACT_LINE, period=Period(DAY, PartialDate(2020, 12))),))},
        "partial-date",
        ".budget.lines[0].period.end",
        "budget",
    ),
    (
        "transaction date known to the month",
        {"transactions": (Transaction("3", PartialDate(2020, 5), Money(5, "USD"), value_date="2020-01-01"),)},
        "partial-date",
        ".transactions[0].date",
        "transaction",
    ),
    (
        "date kind IATI lacks",
        {"dates": (KeyDate(DateKind.PLANNED_START, DAY), KeyDate(DateKind.SIGNED, PartialDate(2019, 12, 2)))},
        "date-kind",
        ".dates[1].kind",
        "activity-date[@iso-date='2019-12-02']",
    ),
    (
        "role IATI lacks",
        {
            "participants": (
                Participant(FUNDER, Role.FUNDING),
                Participant(Organisation("city", LocalizedText({"en": "City"})), Role.BENEFICIARY),
            )
        },
        "role",
        ".participants[1].role",
        "participating-org[narrative='City']",
    ),
    ("people", {"people": (Person(LocalizedText({"en": "A. Person"})),)}, "people", ".people", None),
    (
        "target groups",
        {
            "target_groups": (
                TargetGroup(
                    BeneficiaryKind.COMMUNITY,
                    members=(Beneficiary(LocalizedText({"en": "A village"}), BeneficiaryKind.COMMUNITY),),
                ),
            )
        },
        "target-groups",
        ".target_groups",
        None,
    ),
    (
        "activities of the programme",
        {"activities": (Activity(LocalizedText({"en": "Training"}), activities=(Activity(TEXT),)),)},
        "activities",
        ".activities",
        None,
    ),
    (
        "activities of a component",
        {"components": (attrs.evolve(COMPONENT, activities=(Activity(LocalizedText({"en": "Training"})),)),)},
        "activities",
        ".components[0].activities",
        None,
    ),
    (
        "bounded indicator value",
        {"results": _indicator_result(Observation(Measure(100, Qualifier.MORE_THAN), YEAR_2020))},
        "bounded-value",
        ".results[0].indicators[0].actuals[0].value",
        "result/indicator/period/actual/@value",
    ),
    (
        "money as an indicator value",
        {"results": _indicator_result(Observation(Money(7, "KZT"), YEAR_2020), "targets")},
        "money-value",
        ".results[0].indicators[0].targets[0].value",
        "result/indicator/period/target/@value",
    ),
    (
        "indicator period known to the year",
        {
            "results": (
                *_indicator_result(Observation(Measure(3), YEAR_2020)),
                *_indicator_result(Observation(Measure(5), Period(PartialDate(2021), PartialDate(2021)))),
            )
        },
        "partial-date",
        ".results[1].indicators[0].actuals[0].period",
        "result[2]/indicator/period",
    ),
    (
        "period IATI dates do not give",
        {"period": Period(PartialDate(2017), PartialDate(2020))},
        "period",
        ".period",
        None,
    ),
    ("budget total", {"budget": Budget(total=Money(1000, "EUR"))}, "budget-total", ".budget.total", "budget"),
    ("no IATI identifier", {"iati_identifier": None}, "identifier", ".iati_identifier", None),
    (
        "DAC policy marker without significance",
        {"themes": (CrossCuttingTheme(LocalizedText({"en": "Gender equality"}), code="1"),)},
        "significance",
        ".themes[0].significance",
        "policy-marker/@significance",
    ),
    (
        "several countries without percentages",
        {"recipient_countries": (CountryShare("UA", 60), CountryShare("MD"))},
        "percentage",
        ".recipient_countries[1].percentage",
        None,
    ),
    ("a JSON extra", {"extras": (Extra("$.x_note", '"kept"', "json"),)}, "extra", ".extras[0]", None),
    ("an acronym", {"acronym": LocalizedText({"en": "EP"})}, "unmapped", ".acronym", None),
]


@pytest.mark.parametrize(
    ("changes", "rule", "suffix", "absent"), [case[1:] for case in LOST], ids=[case[0] for case in LOST]
)
def test_lost_detail_is_a_warning_at_its_path(
    changes: dict[str, Any], rule: str, suffix: str, absent: str | None
) -> None:
    findings, data = _write(Catalogue((_base(**changes),)))
    assert _found(findings) == {(f"iati.write.{rule}", Severity.WARNING, WHERE + suffix)}
    assert validate_schema(io.BytesIO(data)) == ()
    if absent is not None:
        assert _activity(data).xpath(absent) == []


def test_the_identifier_written_is_the_key() -> None:
    findings, data = _write(Catalogue((_base(key="my-key", iati_identifier=None),)))
    assert "'my-key'" in findings[0].message
    assert _activity(data).findtext("iati-identifier") == "my-key"


def test_a_bounded_value_keeps_its_observation_and_note() -> None:
    observation = Observation(Measure(100, Qualifier.MORE_THAN), YEAR_2020, LocalizedText({"en": "trained"}))
    _findings, data = _write(Catalogue((_base(results=_indicator_result(observation)),)))
    (actual,) = _activity(data).iterfind("result/indicator/period/actual")
    assert actual.get("value") is None
    assert actual.findtext("comment/narrative") == "trained"


def test_a_catalogue_title_and_directory_are_reported() -> None:
    catalogue = Catalogue((_base(),), title=LocalizedText({"en": "Catalogue"}), directory=(REPORTER,))
    findings, _data = _write(catalogue)
    assert _found(findings) == {
        ("iati.write.unmapped", Severity.WARNING, "$.title"),
        ("iati.write.unmapped", Severity.WARNING, "$.directory"),
    }


# --- what IATI requires and the model lacks: an error, the output is not schema-valid ---------

MISSING: list[tuple[str, dict[str, Any], set[tuple[str, str]]]] = [
    ("no status", {"status": None}, {("activity-status", ".status")}),
    ("no description", {"description": None}, {("description", ".description")}),
    (
        "no date to the day",
        {"dates": (KeyDate(DateKind.PLANNED_START, PartialDate(2020, 5)),)},
        {("activity-date", ".dates"), ("partial-date", ".dates[0].date")},
    ),
    (
        "no participant in an IATI role",
        {"participants": (Participant(FUNDER, Role.RECIPIENT),)},
        {("participating-org", ".participants"), ("role", ".participants[0].role")},
    ),
    (
        "no value date",
        {"budget": Budget(lines=(attrs.evolve(EXACT_LINE, value_date=None),))},
        {("value-date", ".budget.lines[0].value_date")},
    ),
    (
        "no budget period end",
        {"budget": Budget(lines=(attrs.evolve(EXACT_LINE, period=Period(DAY)),))},
        {("budget-period", ".budget.lines[0].period")},
    ),
    (
        "no result type",
        {"results": (attrs.evolve(_indicator_result(Observation(Measure(1), YEAR_2020))[0], kind=None),)},
        {("result-type", ".results[0].kind")},
    ),
    (
        "no indicator",
        {"results": (Result(LocalizedText({"en": "Result"}), kind=ResultKind.OUTCOME),)},
        {("indicator", ".results[0].indicators")},
    ),
    (
        "no baseline year",
        {
            "results": (
                Result(
                    TEXT,
                    kind=ResultKind.OUTPUT,
                    indicators=(
                        Indicator(
                            TEXT, **_with_baseline(Observation(Measure(5), Period(end=PartialDate(2013))))
                        ),
                    ),
                ),
            )
        },
        {
            ("baseline-year", f".results[0].indicators[0]{_baseline_path()}.period"),
            ("unmapped", f".results[0].indicators[0]{_baseline_path()}.period.end"),
        },
    ),
    (
        "no period for an actual",
        {"results": _indicator_result(Observation(Measure(12)))},
        {("result-period", ".results[0].indicators[0].actuals[0].period")},
    ),
    (
        "no code for an own policy marker",
        {"themes": (CrossCuttingTheme(LocalizedText({"en": "Inclusion"}), vocabulary="99"),)},
        {("policy-marker-code", ".themes[0].code")},
    ),
    (
        "no document category nor format",
        {"documents": (DocumentLink("https://example.org/", title=TEXT),)},
        {("document", ".documents[0].format"), ("document", ".documents[0].categories")},
    ),
]


@pytest.mark.parametrize(
    ("changes", "expected"), [case[1:] for case in MISSING], ids=[case[0] for case in MISSING]
)
def test_a_missing_requirement_is_an_error_at_its_path(
    changes: dict[str, Any], expected: set[tuple[str, str]]
) -> None:
    findings, data = _write(Catalogue((_base(**changes),)))
    written = {(f.rule, f.path) for f in findings if f.rule != "iati.schema"}
    assert written == {(f"iati.write.{rule}", WHERE + suffix) for rule, suffix in expected}
    assert any(f.severity is Severity.ERROR and f.rule.startswith("iati.write.") for f in findings)
    schema = validate_schema(io.BytesIO(data))
    assert schema != ()
    assert [f.message for f in findings if f.rule == "iati.schema"] == [f.message for f in schema]


def test_a_document_with_its_format_makes_the_link_valid() -> None:
    document = DocumentLink("https://example.org/", title=TEXT, categories=["A01"], format="text/html")
    programme = _base(documents=(document,))
    findings, data = _write(Catalogue((programme,)))
    assert findings == ()
    assert _activity(data).xpath("document-link/@format") == ["text/html"]


def test_no_reporting_org_and_an_incomplete_one() -> None:
    findings, _data = _write(Catalogue((_base(),)), reporting_org=None)
    assert {(f.rule, f.path) for f in findings if f.rule != "iati.schema"} == {
        ("iati.write.reporting-org", WHERE)
    }
    nameless = Organisation("x", LocalizedText({"en": "X"}))
    findings, _data = _write(Catalogue((_base(), _base(key="two", iati_identifier="XM-EXAMPLE-2"))), nameless)
    assert {(f.rule, f.path) for f in findings if f.rule != "iati.schema"} == {
        ("iati.write.reporting-org", "reporting_org.ref"),
        ("iati.write.reporting-org", "reporting_org.type"),
    }


def test_a_component_activity_reports_its_programme_and_its_own_paths() -> None:
    programme = _base(status=None, components=(attrs.evolve(COMPONENT, description=None),))
    findings, data = _write(Catalogue((programme,)))
    assert {(f.rule, f.path) for f in findings if f.rule != "iati.schema"} == {
        ("iati.write.activity-status", f"{WHERE}.status"),  # once, for the programme and its component
        ("iati.write.description", f"{WHERE}.components[0].description"),
    }
    assert len(etree.fromstring(data).findall("iati-activity")) == 2


def test_an_empty_catalogue() -> None:
    findings, _data = _write(Catalogue(()))
    assert [(f.rule, f.path) for f in findings if f.rule != "iati.schema"] == [
        ("iati.write.empty", "$.programmes")
    ]
    assert [f.path for f in findings if f.rule == "iati.schema"] == ["/iati-activities (line 2)"]


# --- the seed catalogue ------------------------------------------------------------------------


def _given_result(result: Result) -> Result:
    """What IATI requires of a result, given by hand (the seed's sources do not state it)."""
    indicators = result.indicators or (Indicator(LocalizedText({"en": "Achieved"})),)

    def observation(found: Observation) -> Observation:
        return attrs.evolve(found, period=YEAR_2020)

    def baseline(found: Observation) -> Observation:
        return attrs.evolve(found, period=Period(DAY))

    given = []
    for indicator in indicators:
        if "baselines" in attrs.fields_dict(Indicator):
            baselines: dict[str, Any] = {"baselines": tuple(map(baseline, indicator.baselines))}
        else:
            found = indicator.baseline
            baselines = {"baseline": None if found is None else baseline(found)}
        targets = tuple(map(observation, indicator.targets))
        actuals = tuple(map(observation, indicator.actuals))
        given.append(attrs.evolve(indicator, targets=targets, actuals=actuals, **baselines))
    return attrs.evolve(result, kind=ResultKind.OUTPUT, indicators=tuple(given))


def _given(programme: Programme) -> Programme:
    """The seed programme with what IATI requires and its sources do not state, given by hand."""
    return attrs.evolve(
        programme,
        status=Status.CLOSED,
        dates=(*programme.dates, KeyDate(DateKind.PLANNED_START, DAY)),
        description=programme.description or TEXT,
        participants=programme.participants or (Participant(FUNDER, Role.FUNDING),),
        themes=tuple(
            attrs.evolve(theme, code=theme.code or f"OWN-{number}")
            for number, theme in enumerate(programme.themes)
        ),
        documents=tuple(
            attrs.evolve(document, categories=("A12",), format="text/html")
            for document in programme.documents
        ),
        results=tuple(map(_given_result, programme.results)),
    )


@pytest.fixture(scope="module")
def given_seed() -> Catalogue:
    seed = itaproj.examples.load()
    return attrs.evolve(seed, programmes=tuple(_given(programme) for programme in seed.programmes))


def test_the_seed_given_what_iati_requires_is_schema_valid(given_seed: Catalogue) -> None:
    findings, data = _write(given_seed)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert validate_schema(io.BytesIO(data)) == ()
    assert len(etree.fromstring(data).findall("iati-activity")) == 10  # 7 programmes, 3 PROMIS components


def test_the_seed_without_a_reporting_org_lacks_exactly_that(given_seed: Catalogue) -> None:
    findings, data = _write(given_seed, reporting_org=None)
    errors = {(f.rule, f.path) for f in findings if f.severity is Severity.ERROR and f.rule != "iati.schema"}
    assert errors == {("iati.write.reporting-org", f"$.programmes[{n}]") for n in range(7)}
    schema = validate_schema(io.BytesIO(data))
    assert len(schema) == 10
    assert all("Expected is ( reporting-org )" in f.message for f in schema)


def test_the_seed_as_it_is_says_what_to_give() -> None:
    seed = itaproj.examples.load()
    findings, data = _write(seed)
    statuses = {f.path for f in findings if f.rule == "iati.write.activity-status"}
    assert statuses == {f"$.programmes[{n}].status" for n, p in enumerate(seed) if p.status is None}
    assert len(statuses) == 7
    significance = {f.path for f in findings if f.rule == "iati.write.significance"}
    assert significance == {
        "$.programmes[1].themes[0].significance",
        "$.programmes[1].themes[1].significance",
    }
    assert validate_schema(io.BytesIO(data)) != ()


# --- the schema check --------------------------------------------------------------------------


def _without_line(path: str) -> str:
    return path.rsplit(" (line ", 1)[0]


def test_schema_findings_are_those_of_the_written_file(tmp_path: Path) -> None:
    canada = REAL / "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml"
    catalogue = read(canada)
    target = tmp_path / "canada.xml"
    findings = write_with_findings(catalogue, target)
    schema = [f for f in findings if f.rule == "iati.schema"]
    assert schema  # the source has a point without pos
    assert [(f.message, f.path) for f in schema] == [(f.message, f.path) for f in validate_schema(target)]
    stream = io.BytesIO()
    assert write_with_findings(catalogue, stream) == findings
    assert stream.getvalue() == target.read_bytes()


def test_schema_check_can_be_left_out() -> None:
    findings = write_with_findings(
        Catalogue((_base(status=None),)), io.BytesIO(), reporting_org=REPORTER, check_schema=False
    )
    assert [f.rule for f in findings] == ["iati.write.activity-status"]


VALID_SOURCES = [
    "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml",
    "okfn__okfn_iati__data-samples_xml_usaid-798.xml",
    "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml",
]


@pytest.mark.parametrize("name", VALID_SOURCES, ids=lambda name: name[:40])
def test_a_schema_valid_real_file_through_json_is_written_schema_valid(name: str) -> None:
    source = REAL / name
    assert validate_schema(source) == ()
    assert etree.parse(str(source)).getroot().get("version") == "2.03"
    catalogue = loads(dumps(read(source)), Catalogue)
    findings, data = _write(catalogue, reporting_org=None)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    assert validate_schema(io.BytesIO(data)) == ()


# --- the law: the writer's errors and the schema agree -----------------------------------------

days = st.dates().filter(lambda day: day.year >= 1900).map(PartialDate.from_date)
partial = st.integers(1990, 2030).map(PartialDate) | days


@st.composite
def programmes(draw: st.DrawFn) -> Programme:
    lines = draw(
        st.lists(
            st.builds(
                BudgetLine,
                st.builds(Money, st.integers(0, 10**6), st.just("EUR"), st.sampled_from(list(Qualifier))),
                st.builds(Period, st.none() | partial, st.none() | partial),
                value_date=st.none() | st.dates(),
            ),
            max_size=2,
        )
    )
    return _base(
        status=draw(st.none() | st.sampled_from(Status)),
        description=draw(st.none() | st.just(TEXT)),
        dates=tuple(draw(st.lists(st.builds(KeyDate, st.sampled_from(DateKind), partial), max_size=2))),
        participants=tuple(
            draw(st.lists(st.builds(Participant, st.just(FUNDER), st.sampled_from(Role)), max_size=2))
        ),
        budget=Budget(lines=tuple(lines)) if lines else None,
        results=tuple(
            draw(
                st.lists(
                    st.builds(
                        Result,
                        st.just(TEXT),
                        st.none() | st.sampled_from(ResultKind),
                        indicators=st.lists(
                            st.builds(
                                Indicator,
                                st.just(TEXT),
                                actuals=st.lists(
                                    st.builds(
                                        Observation,
                                        st.none()
                                        | st.builds(
                                            Measure, st.integers(0, 99), st.sampled_from(list(Qualifier))
                                        ),
                                        st.none()
                                        | st.builds(Period, st.none() | partial, st.none() | partial),
                                    ),
                                    max_size=2,
                                ).map(tuple),
                            ),
                            max_size=2,
                        ).map(tuple),
                    ),
                    max_size=2,
                )
            )
        ),
    )


@settings(max_examples=40, deadline=None)
@given(st.lists(programmes(), min_size=1, max_size=2), st.booleans())
def test_the_output_is_schema_valid_exactly_when_the_writer_reports_no_error(
    found: list[Programme], reporting: bool
) -> None:
    catalogue = Catalogue(
        tuple(attrs.evolve(p, key=f"p{n}", iati_identifier=f"XM-EXAMPLE-{n}") for n, p in enumerate(found))
    )
    findings, data = _write(catalogue, REPORTER if reporting else None)
    schema = validate_schema(io.BytesIO(data))
    writer_errors = [f for f in findings if f.severity is Severity.ERROR and f.rule != "iati.schema"]
    assert (schema == ()) == (writer_errors == [])
    assert [(f.message, _without_line(f.path)) for f in findings if f.rule == "iati.schema"] == [
        (f.message, _without_line(f.path)) for f in schema
    ]


# --- itaproj convert -----------------------------------------------------------------------------


def _convert(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    status = main(["convert", *argv])
    return status, capsys.readouterr().out.splitlines()


def test_convert_exits_0_for_schema_valid_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "example.json"
    dump(Catalogue((_base(participants=(Participant(REPORTER, Role.FUNDING),)),)), source)
    target = tmp_path / "example.xml"
    status, lines = _convert(capsys, str(source), str(target), "--reporting-org", "reporter")
    assert status == 0
    assert lines == [
        f"{source} -> {target} (catalogue of 1 programmes): schema-valid IATI 2.03 (0 errors, 0 warnings, 0 notes)"
    ]
    assert validate_schema(target) == ()
    status, _lines = _convert(capsys, str(source), str(target), "--reporting-org", "XM-DAC-7:10:Netherlands")
    assert status == 0
    (reporting,) = etree.parse(str(target)).getroot().iterfind("iati-activity/reporting-org")
    assert (reporting.get("ref"), reporting.get("type"), reporting.findtext("narrative")) == (
        "XM-DAC-7",
        "10",
        "Netherlands",
    )


def test_convert_exits_1_for_output_written_but_not_schema_valid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "seed.xml"
    status, lines = _convert(capsys, str(SEED), str(target), "--reporting-org", "gac")
    assert status == 1
    assert len(etree.parse(str(target)).getroot().findall("iati-activity")) == 10
    verdict = re.fullmatch(
        r".* -> .*seed\.xml \(catalogue of 7 programmes\): not schema-valid IATI 2\.03 "
        r"\((\d+) errors, (\d+) warnings, 0 notes\)",
        lines[-1],
    )
    assert verdict is not None
    assert int(verdict[1]) == sum(line.startswith("error ") for line in lines[:-1])
    assert int(verdict[2]) == sum(line.startswith("warning ") for line in lines[:-1])
    assert "error iati.write.activity-status: IATI requires an activity-status: set status" in "\n".join(
        lines
    )
    for line in lines[:-1]:
        severity, rest = line.split(" ", 1)
        assert severity in ("error", "warning", "info")
        assert rest.startswith(("iati.write.", "iati.schema:"))
        assert " @ " in rest
    schema_lines = [line for line in lines if line.startswith("error iati.schema: ")]
    assert len(schema_lines) == len(validate_schema(target))


@pytest.mark.parametrize(
    "option",
    [
        ["--reporting-org", "nobody"],
        ["--reporting-org", "XM-1: :X"],  # a blank organisation type
        ["--reporting-org", "XM-1::X"],
    ],
)
def test_convert_exits_2_for_a_usage_problem(
    option: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "out.xml"), *option]) == 2
    assert "--reporting-org" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_convert_to_json_prints_no_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    status, lines = _convert(capsys, str(SEED), str(target))
    assert status == 0
    assert lines == [f"{SEED} -> {target} (catalogue of 7 programmes)"]
