"""The IATI Validator's result rules (8.6.1, 8.8.x, 8.9.x, 8.10.x, 8.11.1) over the model.

Expected rule ids and places are read by hand from ``rules/iati/results.xslt`` and from the
Validator's XSpec scenarios under ``tests/data/iati/validator-rules/tests/iati``
(``results.xspec``, ``dates.xspec``, ``testfiles.xspec`` and its ``testfiles/*.xml``), each
cited as ``file:line`` of its ``x:scenario``. The feedback is on the element the template
matched: the ``period`` (8.6.1), the ``baseline``, ``target`` or ``actual`` (8.8-8.10; the
value rules are written at its ``@value``, which names the same element), the ``indicator``
(8.11.1). The inline XSpec contexts have results and indicators without titles, which the
reader does not model (it keeps such a result verbatim): here they get titles.
"""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj import Catalogue, LocalizedText, Money, Period, Programme
from itaproj.findings import Finding, Severity
from itaproj.iati.dq import dq_rule
from itaproj.iati.dq.context import DqContext
from itaproj.iati.dq.results import period_elements, result_rules
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.quantity import Measure, Qualifier
from itaproj.results import Indicator, IndicatorReference, Observation, Result, ResultReference

A = "/iati-activities/iati-activity"
I1 = f"{A}[1]/result[1]/indicator[1]"
TESTFILES = (
    Path(__file__).resolve().parents[1] / "data" / "iati" / "validator-rules" / "tests" / "iati" / "testfiles"
)
#: The rule ids of results.xslt on results (8.6.3, on budgets, is with the financial rules).
OURS = frozenset(
    {"8.6.1", "8.8.1", "8.8.2", "8.8.3", "8.9.1", "8.9.2", "8.9.3", "8.10.1", "8.10.2", "8.10.3", "8.11.1"}
)
TITLE = "<title><narrative>T</narrative></title>"


def _ours(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    found = ((f.rule.removeprefix("iati.dq."), f.path) for f in findings)
    return sorted((rule, path) for rule, path in found if rule in OURS)


def _found(xml: str, version: str = "2.03") -> list[tuple[str, str]]:
    """Our rules' findings on a file of the activities ``xml``, as sorted (id, XPath)."""
    data = f'<iati-activities version="{version}">{xml}</iati-activities>'.encode()
    return _ours(check_iati(BytesIO(data)))


def _result(*indicators: str, references: str = "") -> str:
    return f"<result>{TITLE}{references}{''.join(indicators)}</result>"


def _indicator(body: str, measure: str | None = "1", references: str = "") -> str:
    attribute = "" if measure is None else f' measure="{measure}"'
    return f"<indicator{attribute}>{TITLE}{references}{body}</indicator>"


def _activity(*results: str) -> str:
    return f"<iati-activity>{''.join(results)}</iati-activity>"


def _period(start: str, end: str, body: str) -> str:
    return f'<period><period-start iso-date="{start}"/><period-end iso-date="{end}"/>{body}</period>'


# --- values of baselines, targets and actuals (8.8.x, 8.9.x, 8.10.x) ----------------------------

NO_VALUES = '<baseline/><period><target/><actual value=""/><actual/></period>'


@pytest.mark.parametrize("measure", ["1", "2", "3", "4"])
def test_non_qualitative_values_must_be_given(measure: str) -> None:
    # results.xspec:47, :68, :89, :110 (2.03, measures 1-4): each of baseline, target and actual
    # without @value gets its "must have a value" error; an empty @value is "not a number".
    xml = _activity(_result(_indicator(NO_VALUES, measure)))
    assert _found(xml) == sorted(
        [
            ("8.8.1", f"{I1}/baseline[1]"),
            ("8.9.1", f"{I1}/period[1]/target[1]"),
            ("8.10.2", f"{I1}/period[1]/actual[1]/@value"),
            ("8.10.1", f"{I1}/period[1]/actual[2]"),
        ]
    )


def test_values_are_checked_in_203_only() -> None:
    # results.xspec:26 (version 2.02): nothing
    xml = _activity(_result(_indicator(NO_VALUES)))
    assert _found(xml, version="2.02") == []


def test_given_numbers_pass() -> None:
    # results.xspec:7 measure 1 with baseline 99, target 123 and actual 456: nothing
    xml = _activity(
        _result(
            _indicator('<baseline value="99"/><period><target value="123"/><actual value="456"/></period>')
        )
    )
    assert _found(xml) == []


def test_qualitative_values_are_omitted() -> None:
    # results.xspec:131 measure 5 without values: nothing; with values: 8.8.3, 8.9.3, 8.10.3
    assert _found(_activity(_result(_indicator("<baseline/><period><target/><actual/></period>", "5")))) == []
    body = '<baseline value="Yes"/><period><target value="10"/><actual value=""/></period>'
    assert _found(_activity(_result(_indicator(body, "5")))) == [
        ("8.10.3", f"{I1}/period[1]/actual[1]/@value"),
        ("8.8.3", f"{I1}/baseline[1]/@value"),
        ("8.9.3", f"{I1}/period[1]/target[1]/@value"),
    ]


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("12", True),
        (" 12.50 ", True),  # xs:decimal allows white space around
        ("+.5", True),
        ("-3.", True),
        ("12345678901234567890.5", True),  # beyond the model's range (held as text): still xs:decimal
        (" 12345678901234567890\n", True),
        ("Ten", False),
        ("1,000", False),
        ("1e3x", False),
        ("", False),
        ("12%", False),
    ],
)
def test_a_value_is_a_number_when_castable_as_xs_decimal(value: str, number: bool) -> None:
    xml = _activity(_result(_indicator(f'<period><target value="{value}"/></period>')))
    assert _found(xml) == ([] if number else [("8.9.2", f"{I1}/period[1]/target[1]/@value")])


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # testfiles.xspec:936, :941, :946 (#8.8.x): the baseline of result 1's indicator 1
        ("8.8.1.xml", [("8.8.1", f"{I1}/baseline[1]")]),
        ("8.8.2.xml", [("8.8.2", f"{I1}/baseline[1]/@value")]),
        ("8.8.3.xml", [("8.8.3", f"{I1}/baseline[1]/@value")]),
        # testfiles.xspec:951, :956, :961 (#8.9.x): its target
        ("8.9.1.xml", [("8.9.1", f"{I1}/period[1]/target[1]")]),
        ("8.9.2.xml", [("8.9.2", f"{I1}/period[1]/target[1]/@value")]),
        ("8.9.3.xml", [("8.9.3", f"{I1}/period[1]/target[1]/@value")]),
        # testfiles.xspec:910, :915, :920 (#8.10.x): its actual
        ("8.10.1.xml", [("8.10.1", f"{I1}/period[1]/actual[1]")]),
        ("8.10.2.xml", [("8.10.2", f"{I1}/period[1]/actual[1]/@value")]),
        ("8.10.3.xml", [("8.10.3", f"{I1}/period[1]/actual[1]/@value")]),
        # testfiles.xspec:926 (#8.11.1): result and indicator references
        ("8.11.1.xml", [("8.11.1", I1)]),
        # testfiles.xspec:324 (#126): the indicator period ends 2012-03-31, starts 2013-01-01;
        # the result has a reference as well as the indicator
        ("126.xml", [("8.11.1", I1), ("8.6.1", f"{I1}/period[1]")]),
    ],
)
def test_testfiles(name: str, expected: list[tuple[str, str]]) -> None:
    assert _ours(check_iati(TESTFILES / name)) == sorted(expected)


# --- indicator periods (8.6.1) and where their targets and actuals are ------------------------


def test_indicator_period_ending_before_it_starts() -> None:
    # dates.xspec:24 period-start 2018-04-15, period-end 2015-12-31: 8.6.1 on the period. The
    # model holds a period through its targets and actuals: here the period has a target.
    periods = (
        _period("2015-01-01", "2015-12-31", '<target value="1"/>')
        + _period("2018-04-15", "2015-12-31", '<target value="2"/><actual/>')
        + _period("2019-01-01", "2019-01-01", '<actual value="3"/>')  # one day: fine
    )
    xml = _activity(_result(_indicator(periods)))
    assert _found(xml) == [
        ("8.10.1", f"{I1}/period[2]/actual[1]"),
        ("8.6.1", f"{I1}/period[2]"),
    ]
    # 8.6.1 says versions="any": also in 2.01, where the value rules are not checked
    assert _found(xml, version="2.01") == [("8.6.1", f"{I1}/period[2]")]


def test_places_of_targets_and_actuals_across_periods_results_and_kept_elements() -> None:
    # result[1] has no title: kept verbatim, so the model's first result is result[2]; its
    # second indicator's second period holds a target and two actuals.
    first = f"{A}[1]/result[2]/indicator[2]"
    periods = _period("2020-01-01", "2020-12-31", '<target value="1"/><actual value="1"/>') + _period(
        "2021-01-01", "2021-12-31", '<target value="2"/><actual value="x"/><actual/>'
    )
    xml = _activity(
        "<result><indicator/></result>",
        _result(_indicator('<baseline value="1"/>'), _indicator(periods)),
    )
    assert _found(xml) == [
        ("8.10.1", f"{first}/period[2]/actual[2]"),
        ("8.10.2", f"{first}/period[2]/actual[1]/@value"),
    ]


_Q = [Period.parse(f"2020-{m:02d}-01", f"2020-{m:02d}-28") for m in (1, 2, 3)]


@given(
    st.lists(st.sampled_from(range(3)), max_size=8),
    st.lists(st.sampled_from(range(3)), max_size=8),
)
def test_period_elements_hold_every_target_and_actual_once_in_order(
    targets: list[int], actuals: list[int]
) -> None:
    indicator = Indicator(
        LocalizedText({"en": "I"}),
        targets=[Observation(Measure(n), _Q[q]) for n, q in enumerate(targets)],
        actuals=[Observation(Measure(n), _Q[q]) for n, q in enumerate(actuals)],
    )
    elements = period_elements(indicator)
    assert [t for _, ts, _ in elements for t in ts] == list(range(len(targets)))
    assert [a for _, _, acts in elements for a in acts] == list(range(len(actuals)))
    for period, ts, acts in elements:
        assert ts or acts
        assert all(indicator.targets[t].period == period for t in ts)
        assert all(indicator.actuals[a].period == period for a in acts)


# --- references (8.11.1) ------------------------------------------------------------------------


def test_reference_at_result_and_indicator() -> None:
    # results.xspec:150 a result reference R1 and an indicator reference I1: 8.11.1 on the
    # indicator (every indicator with a reference; one without is fine)
    result = _result(
        _indicator("", references='<reference code="I1"/>'),
        _indicator(""),
        _indicator("", references='<reference code="I3"/>'),
        references='<reference code="R1"/>',
    )
    assert _found(_activity(result), version="2.01") == [
        ("8.11.1", f"{A}[1]/result[1]/indicator[1]"),
        ("8.11.1", f"{A}[1]/result[1]/indicator[3]"),
    ]
    only_indicators = _result(_indicator("", references='<reference code="I1"/>'))
    assert _found(_activity(only_indicators)) == []


# --- a catalogue --------------------------------------------------------------------------------


def test_catalogue_findings_name_model_paths() -> None:
    backwards = Period.parse("2021-01-01", "2020-01-01")
    indicator = Indicator(
        LocalizedText({"en": "Roads built"}),
        references=[IndicatorReference("I1")],
        targets=[
            Observation(Money(5, "EUR"), backwards),
            Observation(None, Period.parse("2021-01-01", "2021-12-31")),
        ],
        actuals=[Observation(Measure(3), backwards)],
    )
    result = Result(
        LocalizedText({"en": "Roads"}), indicators=[indicator], references=[ResultReference("R1")]
    )
    programme = Programme("p", LocalizedText({"en": "Roads"}), results=[result])
    found = [f for f in check_catalogue(Catalogue((programme,))) if f.rule.removeprefix("iati.dq.") in OURS]
    base = "$.programmes[0].results[0].indicators[0]"
    assert sorted((f.rule, f.severity, f.path) for f in found) == [
        ("iati.dq.8.11.1", Severity.ERROR, f"{base}.references"),
        ("iati.dq.8.6.1", Severity.ERROR, f"{base}.targets[0].period"),
        # an amount of money is no number IATI's @value holds
        ("iati.dq.8.9.1", Severity.ERROR, f"{base}.targets[1]"),
        ("iati.dq.8.9.2", Severity.WARNING, f"{base}.targets[0].value"),
    ]
    by_rule = {f.rule: f for f in found}
    assert by_rule["iati.dq.8.6.1"].message == f"{dq_rule('8.6.1').message} (2021-01-01/2020-01-01)"
    assert by_rule["iati.dq.8.11.1"].message == f"{dq_rule('8.11.1').message} (R1 / I1)"


def test_rules_on_the_model_directly() -> None:
    indicator = Indicator(
        LocalizedText({"en": "Satisfaction"}),
        measure="qualitative",
        baselines=[Observation(text="Low")],
        actuals=[Observation(None, Period.parse("2020-01-01", "2020-12-31"))],
    )
    programme = Programme(
        "p", LocalizedText({"en": "P"}), results=[Result(LocalizedText({"en": "R"}), indicators=[indicator])]
    )
    hits = [(hit.rule, hit.path, hit.detail) for hit in result_rules(programme, DqContext())]
    assert hits == [("8.8.3", "results[0].indicators[0].baselines[0].text", "'Low'")]
    assert list(result_rules(programme, DqContext(version="2.02"))) == []
    # a bound ("at least 100") is no decimal @value can hold: not a valid number
    counted = Indicator(
        LocalizedText({"en": "Farmers trained"}),
        actuals=[Observation(Measure(100, Qualifier.AT_LEAST)), Observation(Measure(90))],
    )
    programme = Programme(
        "p", LocalizedText({"en": "P"}), results=[Result(LocalizedText({"en": "R"}), indicators=[counted])]
    )
    hits = [(hit.rule, hit.path) for hit in result_rules(programme, DqContext())]
    assert hits == [("8.10.2", "results[0].indicators[0].actuals[0].value")]
