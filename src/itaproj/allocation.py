"""Money over time: budgets, planned disbursements and transactions by calendar year or quarter.

An amount for a period is placed in the calendar years (or quarters) the period touches:

- **by days** (:attr:`Proration.BY_DAYS`, the default): each year gets the share of the amount
  its days are of the period's days, both ends included. EUR 100 for 1 July 2020 - 30 June
  2021 is EUR 50.13... in 2020 (184 of 365 days) and the rest in 2021. The shares of an exact
  amount over exact days add up to the amount exactly: each is ``amount * days / all days``
  (28 significant digits, as :func:`itaproj.quantity.divide` says) but the last, which is what
  is left.
- **by start** (:attr:`Proration.BY_START`): the whole amount goes to the year the period
  starts in, as many publishers' own reports do.

A date known only to the month or year is not made more precise than it is: "2017-2020" may
start any day of 2017 and end any day of 2020, so the share of 2017 is a range, from what the
latest start and end leave (1 day of 1,097) to what the earliest ones give (365 of 1,096). Each
share is a :class:`~itaproj.money.MoneyRange`; its two ends are equal when the dates decide it.
A transaction is placed on its date the same way: a payment dated "2020" lies in 2020 whole,
but in each quarter of 2020 only somewhere between nothing and all of it.

What has no place in time (a budget line without a period, a period without a start or an end,
an open-ended one, one that ends before it starts) is kept in :attr:`Allocation.unplaced` with
the reason, never spread by guess nor dropped. Amounts in several currencies stay apart: a share
is one currency's; converting is the money layer's work (:mod:`itaproj.money`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from decimal import Decimal
from fractions import Fraction

import attrs

from itaproj.budget import Budget
from itaproj.errors import InvalidValueError
from itaproj.finance import PlannedDisbursement, Transaction
from itaproj.money import Money, MoneyRange
from itaproj.period import PartialDate, Period
from itaproj.quantity import add, ratio, subtract

__all__ = [
    "Allocation",
    "CalendarPeriod",
    "Granularity",
    "Proration",
    "Share",
    "Unplaced",
    "allocate",
    "allocate_budget",
    "allocate_disbursements",
    "allocate_transactions",
    "day_shares",
]


class Granularity(enum.Enum):
    """The calendar periods amounts are placed in."""

    YEAR = "year"
    QUARTER = "quarter"


class Proration(enum.Enum):
    """How an amount for a period is split between the calendar periods it touches."""

    BY_DAYS = "by-days"
    BY_START = "by-start"


def _check_quarter(
    instance: CalendarPeriod, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4):
        raise InvalidValueError(attribute.name, value, "be None or a quarter from 1 to 4")


def _check_year(instance: CalendarPeriod, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not dt.MINYEAR <= value <= dt.MAXYEAR:
        raise InvalidValueError(attribute.name, value, f"be a year from {dt.MINYEAR} to {dt.MAXYEAR}")


def _quarter_order(quarter: int | None) -> int:
    return 0 if quarter is None else quarter  # a year sorts before its quarters


@attrs.frozen(order=True)
class CalendarPeriod:
    """A calendar year, or one quarter of it.

    Example:
        >>> q = CalendarPeriod(2024, 1)
        >>> str(q), q.first_day, q.last_day
        ('2024-Q1', datetime.date(2024, 1, 1), datetime.date(2024, 3, 31))
    """

    year: int = attrs.field(validator=_check_year)
    quarter: int | None = attrs.field(default=None, validator=_check_quarter, order=_quarter_order)

    @classmethod
    def of(cls, day: dt.date, granularity: Granularity) -> CalendarPeriod:
        """The year or quarter ``day`` lies in."""
        if granularity is Granularity.YEAR:
            return cls(day.year)
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> dt.date:
        """The period's first day."""
        return dt.date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def last_day(self) -> dt.date:
        """The period's last day."""
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    def next(self) -> CalendarPeriod | None:
        """The period after this one, of the same kind; ``None`` after the last year there is."""
        if self.quarter is not None and self.quarter < 4:
            return CalendarPeriod(self.year, self.quarter + 1)
        if self.year == dt.MAXYEAR:
            return None
        return CalendarPeriod(self.year + 1, None if self.quarter is None else 1)

    def __str__(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year}-Q{self.quarter}"


@attrs.frozen
class Share:
    """The part of the amounts placed in one calendar period, in one currency."""

    period: CalendarPeriod
    amount: MoneyRange


@attrs.frozen
class Unplaced:
    """An amount that has no place in time, and why."""

    amount: Money
    reason: str


def _as_shares(value: Iterable[Share]) -> tuple[Share, ...]:
    return tuple(sorted(value, key=lambda share: (share.period, share.amount.currency)))


def _as_unplaced(value: Iterable[Unplaced]) -> tuple[Unplaced, ...]:
    return tuple(value)


@attrs.frozen
class Allocation:
    """Amounts placed in calendar periods, one :class:`Share` per period and currency.

    Allocations add: ``a + b`` holds the shares of both, summed where period and currency meet,
    and the unplaced amounts of both.

    Example:
        >>> eur = allocate(Money(100, "EUR"), Period.parse("2020-07-01", "2021-06-30"))
        >>> [(str(share.period), str(share.amount)) for share in eur.shares]
        [('2020', 'EUR 50.41095890410958904109589041'), ('2021', 'EUR 49.58904109589041095890410959')]
    """

    shares: tuple[Share, ...] = attrs.field(default=(), converter=_as_shares)
    unplaced: tuple[Unplaced, ...] = attrs.field(default=(), converter=_as_unplaced)

    def __add__(self, other: Allocation) -> Allocation:
        if not isinstance(other, Allocation):
            return NotImplemented
        return Allocation.combine((self, other))

    @classmethod
    def combine(cls, allocations: Iterable[Allocation]) -> Allocation:
        """The sum of ``allocations``, in time linear in their shares (``sum`` is quadratic)."""
        merged: dict[tuple[CalendarPeriod, str], MoneyRange] = {}
        unplaced: list[Unplaced] = []
        for allocation in allocations:
            for share in allocation.shares:
                key = (share.period, share.amount.currency)
                known = merged.get(key)
                merged[key] = share.amount if known is None else known + share.amount
            unplaced.extend(allocation.unplaced)
        return cls((Share(period, amount) for (period, _), amount in merged.items()), unplaced)

    def get(self, period: CalendarPeriod, currency: str) -> MoneyRange | None:
        """The share of ``period`` in ``currency``; ``None`` when nothing was placed there."""
        for share in self.shares:
            if share.period == period and share.amount.currency == currency:
                return share.amount
        return None

    @property
    def currencies(self) -> frozenset[str]:
        """The currencies of the shares and of the unplaced amounts."""
        return frozenset(share.amount.currency for share in self.shares) | frozenset(
            item.amount.currency for item in self.unplaced
        )


def _as_granularity(value: Granularity | str) -> Granularity:
    try:
        return Granularity(value)
    except ValueError:
        raise InvalidValueError("by", value, "be 'year' or 'quarter'") from None


def _as_proration(value: Proration | str) -> Proration:
    try:
        return Proration(value)
    except ValueError:
        raise InvalidValueError("rule", value, "be 'by-days' or 'by-start'") from None


def allocate(
    amount: Money,
    when: Period | PartialDate | dt.date,
    by: Granularity | str = Granularity.YEAR,
    rule: Proration | str = Proration.BY_DAYS,
) -> Allocation:
    """Place ``amount`` in the calendar years or quarters of ``when``.

    Args:
        amount: The amount, possibly a bound ("more than EUR 5 million"): each share keeps the
            qualifier.
        when: The period the amount is for, or the day (possibly known only to the month or
            year) it was paid on.
        by: ``"year"`` or ``"quarter"``.
        rule: ``"by-days"`` (prorated by days, both ends included) or ``"by-start"`` (all to
            the period the start lies in); a day is placed whole, whatever the rule.

    Raises:
        InvalidValueError: an unknown ``by`` or ``rule``, or ``amount`` not a Money.

    Example:
        >>> paid = allocate(Money(90, "USD"), PartialDate(2020), by="quarter")
        >>> [(str(share.period), str(share.amount)) for share in paid.shares][:2]
        [('2020-Q1', 'USD 0 – USD 90'), ('2020-Q2', 'USD 0 – USD 90')]
        >>> allocate(Money(5, "EUR"), Period.parse("2020", None)).unplaced
        (Unplaced(amount=Money('5', 'EUR'), reason='the period has no end'),)
    """
    granularity, proration = _as_granularity(by), _as_proration(rule)
    if not isinstance(amount, Money):
        raise InvalidValueError("amount", amount, "be a Money")
    if isinstance(when, dt.date):
        return _on_day(amount, when, when, granularity)
    if isinstance(when, PartialDate):
        return _on_day(amount, when.earliest(), when.latest(), granularity)
    if not isinstance(when, Period):
        raise InvalidValueError("when", when, "be a Period, a PartialDate or a datetime.date")
    reason = _unplaceable(when)
    if reason is not None:
        return Allocation(unplaced=(Unplaced(amount, reason),))
    assert when.start is not None  # (checked by _unplaceable)
    if proration is Proration.BY_START:
        return _on_day(amount, when.start.earliest(), when.start.latest(), granularity)
    assert when.end is not None
    return _by_days(amount, when.start, when.end, granularity)


def _unplaceable(period: Period) -> str | None:
    if period.start is None:
        return "the period has no start"
    if period.ongoing:
        return "the period has an open end"
    if period.end is None:
        return "the period has no end"
    if period.ends_before_start:
        return "the period ends before it starts"
    return None


def _periods(first: dt.date, last: dt.date, granularity: Granularity) -> Iterator[CalendarPeriod]:
    period: CalendarPeriod | None = CalendarPeriod.of(first, granularity)
    while period is not None and period.first_day <= last:
        yield period
        period = period.next()


def _on_day(amount: Money, earliest: dt.date, latest: dt.date, granularity: Granularity) -> Allocation:
    """``amount`` paid on one day between ``earliest`` and ``latest``."""
    nothing = Money.zero(amount.currency)
    shares = []
    for period in _periods(earliest, latest, granularity):
        whole = period.first_day <= earliest and latest <= period.last_day
        shares.append(Share(period, MoneyRange(amount if whole else nothing, amount)))
    return Allocation(shares)


def _by_days(amount: Money, start: PartialDate, end: PartialDate, granularity: Granularity) -> Allocation:
    first, last = start.earliest().toordinal(), start.latest().toordinal()
    end_first, end_last = end.earliest().toordinal(), end.latest().toordinal()
    periods = list(_periods(start.earliest(), end.latest(), granularity))
    if first == last and end_first == end_last:
        return Allocation(_exact_shares(amount, first, end_last, periods))
    shares = []
    for period in periods:
        low, high = _fraction_range(
            (first, last), (end_first, end_last), (period.first_day.toordinal(), period.last_day.toordinal())
        )
        shares.append(Share(period, MoneyRange(_part(amount, low), _part(amount, high))))
    return Allocation(shares)


def _part(amount: Money, fraction: Fraction) -> Money:
    if fraction.denominator == 1:
        return amount * fraction.numerator
    return Money(
        ratio(fraction.numerator, fraction.denominator, amount.amount), amount.currency, amount.qualifier
    )


def _exact_shares(amount: Money, first: int, last: int, periods: list[CalendarPeriod]) -> list[Share]:
    parts = day_shares(
        amount.amount,
        dt.date.fromordinal(first),
        dt.date.fromordinal(last),
        Granularity.QUARTER if periods[0].quarter is not None else Granularity.YEAR,
        remainder=amount.is_exact,
    )
    return [
        Share(period, MoneyRange.exact(Money(part, amount.currency, amount.qualifier)))
        for period, (_, part) in zip(periods, parts, strict=True)
    ]


def day_shares(
    amount: Decimal, first: dt.date, last: dt.date, granularity: Granularity, *, remainder: bool = True
) -> list[tuple[tuple[int, int], Decimal]]:
    """``amount`` for the days ``first`` to ``last`` by calendar period: the by-days rule on numbers.

    Each period's share is ``amount * its days / all days`` (28 significant digits); with
    ``remainder``, the last is what is left, so that the shares add up to ``amount`` exactly.
    Periods are ``(year, quarter)``, the quarter ``0`` for a year. :func:`allocate` places an
    exact amount over exact days with this; a roll-up calls it directly on many amounts.

    Example:
        >>> day_shares(Decimal(365), dt.date(2020, 7, 1), dt.date(2021, 6, 30), Granularity.YEAR)
        [((2020, 0), Decimal('184')), ((2021, 0), Decimal('181'))]
    """
    days = (last - first).days + 1
    quarters = granularity is Granularity.QUARTER
    found: list[tuple[tuple[int, int], Decimal]] = []
    placed = _ZERO
    year, quarter = first.year, (first.month + 2) // 3 if quarters else 0
    start = first
    while True:
        end = dt.date(year, 3 * quarter + 1, 1) - _DAY if quarters and quarter < 4 else dt.date(year, 12, 31)
        if end >= last:  # the last period
            if not found:
                part = amount
            elif remainder:
                part = subtract(amount, placed)  # what is left: the shares add up exactly
            else:
                part = ratio((last - start).days + 1, days, amount)
            found.append(((year, quarter), part))
            return found
        part = ratio((end - start).days + 1, days, amount)
        placed = add(placed, part)
        found.append(((year, quarter), part))
        start = end + _DAY
        if quarters and quarter < 4:
            quarter += 1
        else:
            year, quarter = year + 1, 1 if quarters else 0


_ZERO = Decimal(0)
_DAY = dt.timedelta(days=1)


def _share(start: int, end: int, low: int, high: int) -> Fraction:
    """The share of the days ``start..end`` that lie in ``low..high`` (``start <= end``)."""
    inside = min(end, high) - max(start, low) + 1
    return Fraction(max(inside, 0), end - start + 1)


def _fraction_range(
    starts: tuple[int, int], ends: tuple[int, int], period: tuple[int, int]
) -> tuple[Fraction, Fraction]:
    """The least and greatest share of ``period`` over every reading of the start and the end.

    For a fixed end the share is monotonic in the start between the period's edges, and the
    other way round, so the extremes lie where each reading is at an end of its range or next
    to an edge of the period, or where start and end are the same day (a one-day period,
    whose share is all or nothing).
    """
    low_day, high_day = period
    edges = (low_day - 1, low_day, high_day, high_day + 1)
    start_candidates = {starts[0], starts[1], *(day for day in edges if starts[0] <= day <= starts[1])}
    end_candidates = {ends[0], ends[1], *(day for day in edges if ends[0] <= day <= ends[1])}
    values = [
        _share(start, end, low_day, high_day)
        for start in start_candidates
        for end in end_candidates
        if start <= end
    ]
    # one-day readings: any day both a start and an end may be
    common = (max(starts[0], ends[0]), min(starts[1], ends[1]))
    if common[0] <= common[1]:
        if common[0] <= high_day and low_day <= common[1]:
            values.append(Fraction(1))
        if common[0] < low_day or high_day < common[1]:
            values.append(Fraction(0))
    return min(values), max(values)


def allocate_budget(
    budget: Budget,
    by: Granularity | str = Granularity.YEAR,
    rule: Proration | str = Proration.BY_DAYS,
    *,
    period: Period | None = None,
) -> Allocation:
    """Place a budget in calendar years or quarters.

    The lines that count (:attr:`~itaproj.budget.Budget.counted_lines`: a revision replaces
    the original of its period only) are placed by their own periods; a line without one is
    unplaced. A budget with a total and no lines is placed over ``period`` (the programme's),
    or unplaced when none is given.

    Example:
        >>> from itaproj import BudgetLine
        >>> budget = Budget(lines=(
        ...     BudgetLine(Money(100, "EUR"), Period.parse("2020-01-01", "2020-12-31"), kind="original"),
        ...     BudgetLine(Money(80, "EUR"), Period.parse("2020-01-01", "2020-12-31"), kind="revised"),
        ...     BudgetLine(Money(50, "EUR"), Period.parse("2021-01-01", "2021-06-30")),
        ... ))
        >>> [(str(s.period), str(s.amount)) for s in allocate_budget(budget).shares]
        [('2020', 'EUR 80'), ('2021', 'EUR 50')]
    """
    lines = budget.counted_lines
    if not lines:
        if budget.total is None:
            return Allocation()
        if period is None:
            return Allocation(
                unplaced=(Unplaced(budget.total, "a total without lines, and no period given"),)
            )
        return allocate(budget.total, period, by, rule)
    return Allocation.combine(
        Allocation(unplaced=(Unplaced(line.amount, "a budget line without a period"),))
        if line.period is None
        else allocate(line.amount, line.period, by, rule)
        for line in lines
    )


def allocate_disbursements(
    disbursements: Iterable[PlannedDisbursement],
    by: Granularity | str = Granularity.YEAR,
    rule: Proration | str = Proration.BY_DAYS,
) -> Allocation:
    """Place planned disbursements in calendar years or quarters, each by its period."""
    return Allocation.combine(allocate(item.amount, item.period, by, rule) for item in disbursements)


def allocate_transactions(
    transactions: Iterable[Transaction],
    by: Granularity | str = Granularity.YEAR,
    *,
    types: Iterable[str] | None = None,
) -> Allocation:
    """Place transactions in calendar years or quarters, each on its date.

    Args:
        transactions: The transactions.
        by: ``"year"`` or ``"quarter"``.
        types: IATI TransactionType codes to keep (``"2"`` commitments, ``"3"`` disbursements,
            ``"4"`` expenditure ...); all when ``None``. Adding types that mean different things
            is the caller's decision.
    """
    wanted = None if types is None else frozenset(types)
    return Allocation.combine(
        allocate(item.amount, item.date, by) for item in transactions if wanted is None or item.type in wanted
    )
