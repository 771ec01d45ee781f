"""IATI's rule for budgets: a revised line replaces the original of the same period only.

Expected totals of real files are computed here with lxml straight from the XML, never with the
library's budget code.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from itaproj import Budget, BudgetKind, BudgetLine, BudgetStatus, LocalizedText, Money, Period, Programme
from itaproj.checks import check
from itaproj.iati import read
from itaproj.l10n.card import budget_text

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"
DFID = REAL / "zimmerman-team__IATI.cloud__OIPA_media_5e87f792-3d59-4f06-afcf-a8efa8523553.xml"


def _expected_totals(path: Path) -> dict[str, tuple[Decimal, str] | None]:
    """Per activity identifier: the budget by IATI's rule, computed from the XML with lxml.

    For each (period-start, period-end): the revised (type 2) values if there are any, else the
    original ones (type 1 or no type). ``None`` when the activity mixes currencies.
    """
    totals: dict[str, tuple[Decimal, str] | None] = {}
    for activity in etree.parse(str(path)).iter("iati-activity"):
        identifier = (activity.findtext("iati-identifier") or "").strip()
        default = activity.get("default-currency")
        periods: dict[tuple[str | None, str | None], dict[str, list[Decimal]]] = defaultdict(
            lambda: defaultdict(list)
        )
        currencies = set()
        for budget in activity.findall("budget"):
            value = budget.find("value")
            start, end = budget.find("period-start"), budget.find("period-end")
            key = (
                None if start is None else start.get("iso-date"),
                None if end is None else end.get("iso-date"),
            )
            periods[key][budget.get("type", "1")].append(Decimal(value.text.strip()))
            currencies.add(value.get("currency") or default)
        if not periods:
            continue
        if len(currencies) != 1:
            totals[identifier] = None
            continue
        total = sum(sum(kinds.get("2") or kinds.get("1") or []) for kinds in periods.values())
        totals[identifier] = (Decimal(total), currencies.pop())
    return totals


def test_the_dfid_activity_that_lost_most_of_its_budget() -> None:
    # GB-1-109635-101: three quarters of original budgets and two of revised ones; counting the
    # revised ones only gave GBP 24,006 (31,832 - 7,826)
    catalogue = read(DFID)
    [programme] = [p for p in catalogue if p.iati_identifier == "GB-1-109635-101"]
    assert programme.budget is not None
    assert programme.budget.amount == Money(Decimal("162393.00"), "GBP")
    assert programme.budget.amount == Money(31956 + 48144 + 58287 + 31832 - 7826, "GBP")


def _version(path: Path) -> str:
    for _, element in etree.iterparse(str(path), events=("start",)):
        return element.get("version", "")
    return ""


# 2.0x files (and files without a version, read as 2.03); 1.0x files are read by upgrading them
TWO = [path for path in sorted(REAL.glob("*.xml")) if not _version(path).startswith("1.")]


def test_the_real_files_include_several_2x_files() -> None:
    assert len(TWO) >= 10


@pytest.mark.parametrize("path", TWO, ids=lambda path: path.name[:40])
def test_every_real_activity_budget_follows_the_rule(path: Path) -> None:
    expected = _expected_totals(path)
    got = {p.iati_identifier: p.budget for p in read(path)}
    compared = 0
    for identifier, want in expected.items():
        if want is None:  # several currencies: no one amount
            continue
        budget = got[identifier]
        assert budget is not None, identifier
        assert budget.known_amount == Money(*want), identifier
        compared += 1
    assert compared == sum(1 for want in expected.values() if want is not None)


def test_the_card_shows_the_total_by_the_rule() -> None:
    [programme] = [p for p in read(DFID) if p.iati_identifier == "GB-1-109635-101"]
    assert budget_text(programme, "en") is not None
    assert "162,393" in (budget_text(programme, "en") or "")


# --- the rule by hand ------------------------------------------------------------------------

Y2020 = Period.parse("2020-01-01", "2020-12-31")
Y2021 = Period.parse("2021-01-01", "2021-12-31")
H2_2020 = Period.parse("2020-07-01", "2020-12-31")


def _line(amount: int, period: Period | None, kind: str | None = None, **more: object) -> BudgetLine:
    return BudgetLine(Money(amount, "EUR"), period, kind=kind, **more)  # type: ignore[arg-type]


def test_a_revision_replaces_only_its_own_period() -> None:
    budget = Budget(
        lines=(_line(100, Y2020, "original"), _line(50, Y2021, "original"), _line(80, Y2020, "revised"))
    )
    assert budget.counted_lines == (budget.lines[1], budget.lines[2])
    assert budget.amount == Money(130, "EUR")


def test_a_revision_of_another_component_replaces_nothing() -> None:
    budget = Budget(
        lines=(_line(100, Y2020, "original", component="A"), _line(80, Y2020, "revised", component="B"))
    )
    assert budget.amount == Money(180, "EUR")


def test_a_line_of_unknown_kind_counts_as_an_original() -> None:
    budget = Budget(lines=(_line(100, Y2020), _line(80, Y2020, "revised")))
    assert budget.amount == Money(80, "EUR")


def test_a_stated_total_wins() -> None:
    assert Budget(total=Money(7, "EUR"), lines=(_line(100, Y2020),)).amount == Money(7, "EUR")


def test_known_amount_is_none_for_mixed_currencies() -> None:
    budget = Budget(lines=(_line(1, Y2020), BudgetLine(Money(1, "USD"), Y2021)))
    assert budget.known_amount is None
    assert budget.sums_by_currency() == (Money(1, "EUR"), Money(1, "USD"))


def test_overlapping_lines_of_one_kind_and_status_are_a_finding() -> None:
    programme = Programme(
        "p",
        LocalizedText({"en": "P"}),
        budget=Budget(lines=(_line(100, Y2020), _line(50, H2_2020), _line(80, Y2021))),
    )
    findings = [f for f in check(programme) if f.rule == "budget.overlapping-lines"]
    assert [(f.path, f.severity.value) for f in findings] == [("$.budget.lines[1].period", "warning")]


def test_a_revision_of_the_same_period_is_no_overlap() -> None:
    programme = Programme(
        "p",
        LocalizedText({"en": "P"}),
        budget=Budget(lines=(_line(100, Y2020, "original"), _line(80, Y2020, "revised"))),
    )
    assert [f for f in check(programme) if f.rule == "budget.overlapping-lines"] == []


def test_lines_of_another_status_do_not_overlap() -> None:
    budget = Budget(
        lines=(
            _line(100, Y2020, status=BudgetStatus.INDICATIVE),
            _line(100, Y2020, status=BudgetStatus.COMMITTED),
        )
    )
    assert budget.overlapping_lines() == ()


def test_many_equal_lines_are_each_reported_once() -> None:
    # a sweep, not a comparison of every pair: 20,000 lines of one period
    budget = Budget(lines=tuple(_line(1, Y2020) for _ in range(20_000)))
    pairs = budget.overlapping_lines()
    assert len(pairs) == 19_999
    assert sorted(index for _, index in pairs) == list(range(1, 20_000))


# --- laws ----------------------------------------------------------------------------------

PERIODS = st.sampled_from(
    [
        None,
        Y2020,
        Y2021,
        H2_2020,
        Period.parse("2020", "2021"),
        Period.parse("2020-06", None),
        Period.parse("2019-12-31", "2020-01-01"),
    ]
)
LINES = st.builds(
    lambda amount, period, kind, status, component: BudgetLine(
        Money(amount, "EUR"), period, component=component, kind=kind, status=status
    ),
    st.integers(-(10**6), 10**6),
    PERIODS,
    st.sampled_from([None, BudgetKind.ORIGINAL, BudgetKind.REVISED]),
    st.sampled_from([None, BudgetStatus.INDICATIVE, BudgetStatus.COMMITTED]),
    st.sampled_from([None, "A", "B"]),
)


@given(st.lists(LINES, max_size=12))
def test_counted_lines_follow_the_rule(lines: list[BudgetLine]) -> None:
    budget = Budget(lines=tuple(lines))
    counted = budget.counted_lines
    revised_slots = {(line.period, line.component) for line in lines if line.kind is BudgetKind.REVISED}
    for line in lines:
        is_counted = any(line is other for other in counted)
        if line.kind is BudgetKind.REVISED:
            assert is_counted
        else:
            assert is_counted == ((line.period, line.component) not in revised_slots)
    if counted:
        assert budget.amount == Money(sum(line.amount.amount for line in counted), "EUR")
    else:
        assert budget.amount is None


def _certain_days(period: Period) -> tuple[dt.date, dt.date] | None:
    if period.start is None or (period.end is None and not period.ongoing):
        return None
    start = period.start.latest()
    end = dt.date.max if period.end is None else period.end.earliest()
    return None if end < start else (start, end)


@given(st.lists(LINES, max_size=12))
def test_overlaps_agree_with_comparing_every_pair(lines: list[BudgetLine]) -> None:
    budget = Budget(lines=tuple(lines))
    counted = [index for index, line in enumerate(lines) if any(line is c for c in budget.counted_lines)]
    reported = {index: earlier for earlier, index in budget.overlapping_lines()}

    def group(index: int) -> tuple[object, ...]:
        line = lines[index]
        return (line.kind or BudgetKind.ORIGINAL, line.status, line.component)

    spans = {i: _certain_days(lines[i].period) for i in counted if lines[i].period is not None}
    spans = {i: span for i, span in spans.items() if span is not None}
    order = sorted(spans, key=lambda i: (spans[i][0], spans[i][1], i))
    for position, index in enumerate(order):
        before = [i for i in order[:position] if group(i) == group(index)]
        overlapping = [
            i for i in before if max(spans[i][0], spans[index][0]) <= min(spans[i][1], spans[index][1])
        ]
        assert (index in reported) == bool(overlapping), (index, overlapping)
        if index in reported:
            assert reported[index] in overlapping
            assert lines[reported[index]].period is not None
            assert lines[reported[index]].period.overlaps(lines[index].period)  # type: ignore[union-attr,arg-type]
    assert set(reported) <= set(spans)
