"""The IATI Validator's financial rules (7.5.x, 7.9.x, 107.2.x, and the budget period rule 8.6.3) over the model.

Expected rule ids and places are read by hand from ``rules/iati/financial.xslt`` (and the
``budget|planned-disbursement`` template of ``results.xslt`` for 8.6.3, the named template
``percentage-checks`` of ``rules/lib/percentages.xslt`` for 7.9.x) and from the Validator's
XSpec scenarios under ``tests/data/iati/validator-rules/tests/iati`` (``financial.xspec``,
``percentages.xspec``, ``other-information.xspec``, ``iati-schema-errors.xspec``,
``testfiles.xspec``), each cited as ``file:line`` of its ``x:scenario``. The feedback of 7.5.x
and 8.6.3 is on the ``budget`` (``planned-disbursement``), of 7.9.x on the ``iati-activity``, of
107.2.x on the ``transaction``. The XSpec contexts that give the reader too little to model (a
transaction without type or date, a value without currency) get the missing parts here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj import Catalogue, LocalizedText, Money, Period, Programme
from itaproj.budget import Budget, BudgetItem, BudgetLine, CountryBudgetItems
from itaproj.findings import Finding, Severity
from itaproj.iati.dq import dq_rule
from itaproj.iati.dq.context import DqContext
from itaproj.iati.dq.financial import financial_rules, one_year_after
from itaproj.iati.dq.run import check_catalogue, check_iati

A = "/iati-activities/iati-activity"
TESTFILES = (
    Path(__file__).resolve().parents[1] / "data" / "iati" / "validator-rules" / "tests" / "iati" / "testfiles"
)
#: The rule ids of financial.xslt, and 8.6.3 (results.xslt's rule on budgets and planned disbursements).
OURS = frozenset({"7.5.2", "7.5.3", "7.8.1", "7.9.1", "7.9.2", "7.9.4", "107.2.1", "107.2.2", "8.6.3"})


def _ours(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    found = ((f.rule.removeprefix("iati.dq."), f.path) for f in findings)
    return sorted((rule, path) for rule, path in found if rule in OURS)


def _found(xml: str, version: str = "2.03") -> list[tuple[str, str]]:
    """Our rules' findings on a file of the activities ``xml``, as sorted (id, XPath)."""
    data = f'<iati-activities version="{version}">{xml}</iati-activities>'.encode()
    return _ours(check_iati(BytesIO(data)))


def _activity(body: str) -> str:
    return f'<iati-activity default-currency="EUR">{body}</iati-activity>'


def _budget(start: str, end: str, value_date: str | None = "2020-01-01") -> str:
    date = "" if value_date is None else f' value-date="{value_date}"'
    return (
        f'<budget><period-start iso-date="{start}"/><period-end iso-date="{end}"/>'
        f"<value{date}>100</value></budget>"
    )


def _planned(start: str, end: str) -> str:
    return (
        f'<planned-disbursement><period-start iso-date="{start}"/><period-end iso-date="{end}"/>'
        '<value value-date="2020-01-01">100</value></planned-disbursement>'
    )


def _transaction(aid_types: str) -> str:
    return (
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-10"/>'
        f'<value value-date="2020-01-10">100</value>{aid_types}</transaction>'
    )


# --- budgets: value date (7.5.2), at most a year (7.5.3), start before end (8.6.3) ----------------


def test_a_budget_without_a_value_date() -> None:
    # financial.xspec:7 a budget whose value has no @value-date (the activity has a default
    # currency): the Validator gives 7.5.2 on the budget, nothing for the currency (7.8.1).
    xml = _activity("<budget><value>123</value></budget>")
    assert _found(xml) == [("7.5.2", f"{A}[1]/budget[1]")]
    assert _found(_activity(_budget("2020-01-01", "2020-12-31"))) == []


def test_a_budget_with_an_empty_value_date_is_not_modelled_and_not_reported() -> None:
    # iati-schema-errors.xspec:7 empty dates: no 7.5.3. The reader keeps such a budget verbatim
    # (an empty date is no date): no rule sees it, and 7.5.2 (the attribute is there) is not due.
    xml = _activity(
        '<budget type="1" status="1"><period-start iso-date=""/><period-end iso-date=""/>'
        '<value currency="USD" value-date="">0.00</value></budget>'
    )
    assert _found(xml) == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # xs:date(start) + P1Y lt xs:date(end): a year and a day is too long, a year is not
        ("2020-01-01", "2020-12-31", []),
        ("2020-01-01", "2021-01-01", []),
        ("2020-01-01", "2021-01-02", ["7.5.3"]),
        # 2020-02-29 + P1Y is 2021-02-28 (XPath keeps the day within the month)
        ("2020-02-29", "2021-02-28", []),
        ("2020-02-29", "2021-03-01", ["7.5.3"]),
        # testfiles.xspec:336 (#133): 2014-01-01 to 2017-12-31
        ("2014-01-01", "2017-12-31", ["7.5.3"]),
        # the end before the start: 8.6.3; the same day is no breach
        ("2020-06-01", "2020-05-31", ["8.6.3"]),
        ("2020-06-01", "2020-06-01", []),
    ],
)
def test_budget_periods(start: str, end: str, expected: list[str]) -> None:
    where = f"{A}[1]/budget[2]"
    xml = _activity(_budget("2019-01-01", "2019-12-31") + _budget(start, end))
    assert _found(xml) == [(rule, where) for rule in expected]


def test_budget_rules_hold_in_every_version_and_for_revised_budgets() -> None:
    # 7.5.x and 8.6.3 say versions="any" and test no version; the template matches every
    # budget, original (type 1) or revised (type 2), whatever it replaces.
    budgets = (
        '<budget type="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2022-12-31"/>'
        "<value>100</value></budget>"
        '<budget type="2"><period-start iso-date="2020-01-01"/><period-end iso-date="2022-12-31"/>'
        '<value value-date="2020-01-01">90</value></budget>'
    )
    expected = [
        ("7.5.2", f"{A}[1]/budget[1]"),
        ("7.5.3", f"{A}[1]/budget[1]"),
        ("7.5.3", f"{A}[1]/budget[2]"),
    ]
    assert _found(_activity(budgets), version="2.01") == expected
    assert _found(_activity(budgets)) == expected


def test_a_planned_disbursement_ending_before_it_starts() -> None:
    # results.xslt, template budget|...|planned-disbursement: 8.6.3 on the planned disbursement;
    # 7.5.x are budget rules only (a two-year planned disbursement is fine).
    xml = _activity(_planned("2020-01-01", "2021-12-31") + _planned("2020-01-01", "2019-12-31"))
    assert _found(xml) == [("8.6.3", f"{A}[1]/planned-disbursement[2]")]


def test_budget_findings_skip_elements_kept_verbatim() -> None:
    # The first budget is kept verbatim (its value holds no amount): the model's rules skip it
    # and the rules on the XML (dq.structure) find its value without a value date (7.5.2, as
    # the Validator does); the second budget element is the model's first line, budget[2].
    xml = _activity('<budget><value currency="EUR"></value></budget>' + _budget("2020-01-01", "2019-01-01"))
    assert _found(xml) == [("7.5.2", f"{A}[1]/budget[1]"), ("8.6.3", f"{A}[1]/budget[2]")]


def test_testfile_133_budget_period_longer_than_a_year() -> None:
    # testfiles.xspec:336 (#133): the budget runs 2014-01-01 to 2017-12-31.
    assert _ours(check_iati(TESTFILES / "133.xml")) == [("7.5.3", f"{A}[1]/budget[1]")]


def test_one_year_after_as_xpath_adds_p1y() -> None:
    assert one_year_after(dt.date(2019, 3, 31)) == dt.date(2020, 3, 31)
    assert one_year_after(dt.date(2024, 2, 29)) == dt.date(2025, 2, 28)
    assert one_year_after(dt.date(9999, 1, 1)) is None


# --- country budget items (7.9.x, 2.03 only) ----------------------------------------------------


def _items(vocabulary: str, *percentages: str | None) -> str:
    items = "".join(
        f'<budget-item code="{1000 + n}"' + ("" if p is None else f' percentage="{p}"') + "/>"
        for n, p in enumerate(percentages)
    )
    return f'<country-budget-items vocabulary="{vocabulary}">{items}</country-budget-items>'


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # percentages.xspec:191 40 + 60 per vocabulary: nothing
        (_items("4", "40", "60"), []),
        # percentages.xspec:202, activity 1: 40 + 40
        (_items("4", "40", "40"), ["7.9.2"]),
        # percentage-checks: one item, 100 or none is fine, anything else is 7.9.4
        (_items("3", "40"), ["7.9.4"]),
        (_items("3", "100"), []),
        (_items("3", None), []),
        # several items, one without a percentage: 7.9.1 (and no sum check)
        (_items("4", "50", None), ["7.9.1"]),
        # |sum - 100| <= 0.0101 passes: 99.99 does, 99.98 does not
        (_items("4", "33.33", "33.33", "33.33"), []),
        (_items("4", "50", "49.98"), ["7.9.2"]),
        (_items("4", "50", "50.0101"), []),
    ],
)
def test_country_budget_items(items: str, expected: list[str]) -> None:
    assert _found(_activity(items)) == [(rule, f"{A}[1]") for rule in expected]


def test_country_budget_items_are_checked_in_203_only() -> None:
    # financial.xslt: <xsl:if test="$iati-version = '2.03'">
    assert _found(_activity(_items("4", "40", "40")), version="2.02") == []


@pytest.mark.parametrize(
    ("name", "rule"),
    [("7.9.1.xml", "7.9.1"), ("7.9.2.xml", "7.9.2"), ("7.9.4.xml", "7.9.4")],
)
def test_testfiles_of_the_budget_item_rules(name: str, rule: str) -> None:
    # testfiles.xspec:829, :834, :840: items 50 and none; 50 and 30; one item of 50.
    found = [hit for hit in _ours(check_iati(TESTFILES / name)) if hit[0].startswith("7.9.")]
    assert found == [(rule, f"{A}[1]")]


def test_a_second_country_budget_items_stops_the_checks() -> None:
    # percentages.xspec:202, activity 3: two country-budget-items of vocabulary 4 (40, and
    # 50 + 50) make one group of 140 for the Validator (7.9.2). The reader keeps the second
    # verbatim, so the model knows one item of 40 only: rather than a wrong 7.9.4, nothing.
    xml = _activity(_items("4", "40") + _items("4", "50", "50"))
    assert _found(xml) == []


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=0, max_size=6))
def test_items_adding_up_to_100_never_breach(cuts: list[int]) -> None:
    # Any split of 100.00 into 1 to 7 shares (in hundredths) passes 7.9.x.
    bounds = [0, *sorted(cuts), 10_000]
    shares = [Decimal(b - a) / 100 for a, b in itertools.pairwise(bounds)]
    items = CountryBudgetItems("4", [BudgetItem(f"C{n}", share) for n, share in enumerate(shares)])
    programme = Programme("p", LocalizedText({"en": "P"}), country_budget_items=items)
    assert list(financial_rules(programme, DqContext())) == []


# --- aid types of transactions (107.2.x) --------------------------------------------------------


@pytest.mark.parametrize(
    ("aid_types", "expected"),
    [
        # other-information.xspec:26 one aid type of vocabulary 2: no OECD DAC code
        ('<aid-type code="A1" vocabulary="2"/>', ["107.2.1"]),
        # other-information.xspec:37 two of vocabulary 2: both rules
        ('<aid-type code="A1" vocabulary="2"/><aid-type code="A2" vocabulary="2"/>', ["107.2.1", "107.2.2"]),
        # vocabulary 1, explicit or by default, with one of vocabulary 2: fine
        ('<aid-type code="A01" vocabulary="1"/><aid-type code="1" vocabulary="2"/>', []),
        ('<aid-type code="A01"/><aid-type code="1" vocabulary="2"/>', []),
        # two codes of vocabulary 1 (one by default): 107.2.2 only
        ('<aid-type code="A01"/><aid-type code="A02" vocabulary="1"/>', ["107.2.2"]),
        # no aid type: the template (transaction[aid-type]) does not match
        ("", []),
    ],
)
def test_aid_types_of_a_transaction(aid_types: str, expected: list[str]) -> None:
    xml = _activity(_transaction("") + _transaction(aid_types))
    assert _found(xml) == [(rule, f"{A}[1]/transaction[2]") for rule in expected]
    # versions="2.03" in me:src, but the template tests no version: any version
    assert _found(xml, version="2.01") == [(rule, f"{A}[1]/transaction[2]") for rule in expected]


# --- a catalogue --------------------------------------------------------------------------------


def test_catalogue_findings_name_model_paths() -> None:
    lines = (
        BudgetLine(Money(10, "EUR"), Period.parse("2020-01-01", "2020-12-31"), value_date="2020-01-01"),
        BudgetLine(Money(10, "EUR"), Period.parse("2021-01-01", "2022-06-30")),
        # a year is no xs:date: no period rule
        BudgetLine(Money(10, "EUR"), Period.parse("2023", "2025"), value_date="2023-01-01"),
    )
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        budget=Budget(lines=lines),
        country_budget_items=CountryBudgetItems("4", [BudgetItem("1", 30), BudgetItem("2", 30)]),
    )
    findings = [
        f for f in check_catalogue(Catalogue((programme,))) if f.rule.removeprefix("iati.dq.") in OURS
    ]
    assert sorted((f.rule, f.severity, f.path) for f in findings) == [
        ("iati.dq.7.5.2", Severity.ERROR, "$.programmes[0].budget.lines[1]"),
        ("iati.dq.7.5.3", Severity.ERROR, "$.programmes[0].budget.lines[1]"),
        ("iati.dq.7.9.2", Severity.WARNING, "$.programmes[0].country_budget_items"),
    ]
    by_rule = {f.rule: f for f in findings}
    assert by_rule["iati.dq.7.5.3"].message == f"{dq_rule('7.5.3').message} (2021-01-01/2022-06-30)"
    assert by_rule["iati.dq.7.9.2"].message == f"{dq_rule('7.9.2').message} (vocabulary 4: 60)"
