"""Durations and amounts per year: how far a period has run, a budget spread over its years."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from itaproj.errors import AmountRangeError
from itaproj.metrics.splits import _budget_amount
from itaproj.money import Money, MoneyRange
from itaproj.period import MonthRange, Period
from itaproj.programme import Programme
from itaproj.quantity import ratio, scale

__all__ = ["DecimalRange", "budget_per_year", "elapsed_share", "per_year"]

_TWELVE = Decimal(12)


@attrs.frozen
class DecimalRange:
    """A number known to lie between ``low`` and ``high`` (inclusive).

    Example:
        >>> r = DecimalRange(Decimal("0.25"), Decimal("0.5"))
        >>> Decimal("0.3") in r, r.is_exact
        (True, False)
    """

    low: Decimal
    high: Decimal

    @property
    def is_exact(self) -> bool:
        """True when the number is known exactly."""
        return self.low == self.high

    def __contains__(self, value: object) -> bool:
        return isinstance(value, (Decimal, int)) and self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low}" if self.is_exact else f"{self.low}–{self.high}"


def _fraction_elapsed(at: dt.date, start: dt.date, end: dt.date) -> Decimal:
    # The period covers the days start..end inclusive; at the start of day `at`, the days
    # before it have elapsed.
    total = (end - start).days + 1
    done = (at - start).days
    return min(max(ratio(done, total), Decimal(0)), Decimal(1))


def elapsed_share(period: Period, at: dt.date) -> DecimalRange | None:
    """The share of ``period`` elapsed at the start of day ``at``, as a range of fractions.

    0 on the first day, 1 from the day after the last. With partial dates the share is a range:
    the highest reading takes the earliest start and end, the lowest the latest ones. ``None``
    when the start or end is unknown or open, or the period ends before it starts.

    Example:
        >>> share = elapsed_share(Period.parse("2017", "2020"), dt.date(2019, 1, 1))
        >>> str(share.low.quantize(Decimal("0.001"))), str(share.high.quantize(Decimal("0.001")))
        ('0.334', '0.666')
    """
    if period.start is None or period.end is None or period.ends_before_start:
        return None
    start_first, start_last = period.start.earliest(), period.start.latest()
    end_first, end_last = period.end.earliest(), period.end.latest()
    # A reading has start <= end; the share falls as the start or the end moves later.
    high = _fraction_elapsed(at, start_first, max(end_first, start_first))
    low = _fraction_elapsed(at, min(start_last, end_last), end_last)
    return DecimalRange(low, high)


def per_year(amount: Money, months: MonthRange) -> MoneyRange:
    """``amount`` spread over ``months``, per year: low over the longest, high over the shortest.

    A period always touches at least one calendar month, so a range starting at 0 counts from 1.
    Each end is ``amount * 12 / months``, rounded once (as a quotient, to 28 significant digits).

    Raises:
        AmountRangeError: when the amount per year is 10^18 or more.

    Example:
        >>> str(per_year(Money(1200, "EUR"), MonthRange(12, 24)))
        'EUR 600 – EUR 1,200'
    """
    shortest = max(months.low, 1)
    longest = max(months.high, shortest)
    over_longest, over_shortest = _per_months(amount, longest), _per_months(amount, shortest)
    if amount.amount < 0:  # a negative amount (a reduction) is largest over the longest time
        return MoneyRange(over_shortest, over_longest)
    return MoneyRange(over_longest, over_shortest)


def _per_months(amount: Money, months: int) -> Money:
    """``amount`` per year when spread over ``months``: one rounding, no overflow on the way."""
    qualifier = amount.qualifier if months > 0 else amount.qualifier.flipped()
    return Money(scale(amount.amount, _TWELVE, months, "amount", "per year"), amount.currency, qualifier)


def budget_per_year(programme: Programme) -> MoneyRange | None:
    """The programme budget per year of its period, as a range; ``None`` if either is unknown.

    ``None`` too when the amount per year is out of range (10^18 or more).

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> kz = Programme("kz", LocalizedText({"en": "KZ"}), period=Period.parse("2013", "2017"),
        ...                budget=Budget(total=Money(6288000, "EUR")))
        >>> kz.duration
        MonthRange(low=38, high=60)
        >>> str(budget_per_year(kz).low)
        'EUR 1,257,600'
    """
    amount, months = _budget_amount(programme.budget), programme.duration
    if amount is None or months is None:
        return None
    try:
        return per_year(amount, months)
    except AmountRangeError:
        return None
