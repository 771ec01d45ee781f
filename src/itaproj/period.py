"""Dates known to a precision, and periods with a possibly unknown or open end.

Sources say "2017", "April 2015", "until July 2022". A :class:`PartialDate` keeps exactly
what was said; a :class:`Period` may have an unknown start or end (``None``) or an open end
(``ongoing=True``). Every derived figure is a range when the dates are partial: "2017–2020"
lasted between 24 and 48 months, not an invented 36.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import attrs

from itaproj.errors import InvalidValueError
from itaproj.quantity import MAX_MAGNITUDE
from itaproj.validation import checked, register_conversion

__all__ = [
    "MonthRange",
    "PartialDate",
    "Period",
    "Precision",
    "Span",
    "TimeUnit",
    "as_date",
    "as_optional_date",
    "as_optional_partial_date",
    "as_partial_date",
    "to_date",
    "to_datetime",
    "to_partial_date",
]


class Precision(enum.IntEnum):
    """How much of a date is known."""

    YEAR = 1
    MONTH = 2
    DAY = 3


_TWO_DIGITS = tuple(f"-{number:02d}" for number in range(32))
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _check_year(instance: PartialDate, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise InvalidValueError(attribute.name, value, "be a year from 1 to 9999")


def _check_month(instance: PartialDate, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise InvalidValueError(attribute.name, value, "be a month from 1 to 12")


def _check_day(instance: PartialDate, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if instance.month is None:
        raise InvalidValueError(attribute.name, value, "be given only with a month")
    last = calendar.monthrange(instance.year, instance.month)[1]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= last:
        raise InvalidValueError(
            attribute.name, value, f"be a day from 1 to {last} of {instance.year}-{instance.month:02d}"
        )


@attrs.frozen(repr=False, order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    Example:
        >>> april = PartialDate.parse("2015-04")
        >>> april.precision
        <Precision.MONTH: 2>
        >>> april.earliest(), april.latest()
        (datetime.date(2015, 4, 1), datetime.date(2015, 4, 30))
    """

    year: int = attrs.field(validator=_check_year)
    month: int | None = attrs.field(default=None, validator=_check_month)
    day: int | None = attrs.field(default=None, validator=_check_day)
    _iso: str = attrs.field(init=False, eq=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``.

        Equal texts give the same (immutable) object, so a catalogue full of "2017" holds one.
        """
        if type(text) is not str:
            raise InvalidValueError("date", text, "be YYYY, YYYY-MM or YYYY-MM-DD")
        return _parse_partial_date(text)

    @classmethod
    def from_date(cls, date: dt.date) -> PartialDate:
        """A day-precision date."""
        return cls(date.year, date.month, date.day)

    @property
    def precision(self) -> Precision:
        """Year, month or day."""
        if self.day is not None:
            return Precision.DAY
        return Precision.YEAR if self.month is None else Precision.MONTH

    def earliest(self) -> dt.date:
        """The first day this date may stand for."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day this date may stand for."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def __attrs_post_init__(self) -> None:
        text = str(self.year) if self.year >= 1000 else f"{self.year:04d}"
        if self.month is not None:
            text += _TWO_DIGITS[self.month]
            if self.day is not None:
                text += _TWO_DIGITS[self.day]
        object.__setattr__(self, "_iso", text)  # the date is immutable: its text is computed once

    def isoformat(self) -> str:
        """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as precise as the date is."""
        return self._iso

    def to_date(self) -> dt.date:
        """The date itself; only for day precision (a year is not a day)."""
        if self.day is None:
            raise InvalidValueError("precision", self.precision.name.lower(), "be day to give one date")
        return self.earliest()

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate.parse({self.isoformat()!r})"


@lru_cache(maxsize=4096)
def _parse_partial_date(text: str) -> PartialDate:
    match = _PARTIAL_DATE.fullmatch(text.strip())
    if match is None:
        raise InvalidValueError("date", text, "be YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = match.groups()
    return PartialDate(int(year), None if month is None else int(month), None if day is None else int(day))


# -- dates as a caller passes them -----------------------------------------------------------

_NOT_A_DATETIME = "be a date, not a datetime: pass its .date() (the day of a moment depends on its time zone)"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def to_partial_date(value: PartialDate | dt.date | str, field: str) -> PartialDate:
    """Convert a ``datetime.date`` (to day precision) or an ISO text to a :class:`PartialDate`.

    Text must be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (:meth:`PartialDate.parse`). A
    ``datetime.datetime`` is refused: the day of a moment depends on its time zone, so pass
    its ``.date()`` when you know that is the right day.

    Example:
        >>> to_partial_date(dt.date(2024, 1, 31), "start")
        PartialDate.parse('2024-01-31')
        >>> to_partial_date("2017", "start").precision
        <Precision.YEAR: 1>

    """
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, _NOT_A_DATETIME)
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except InvalidValueError:
            raise InvalidValueError(field, value, "be a date YYYY, YYYY-MM or YYYY-MM-DD") from None
    raise InvalidValueError(
        field, value, "be a PartialDate, a datetime.date or a text YYYY, YYYY-MM or YYYY-MM-DD"
    )


def to_date(value: dt.date | str, field: str) -> dt.date:
    """Convert a day given as a ``datetime.date`` or a text ``YYYY-MM-DD`` to a ``datetime.date``.

    A ``datetime.datetime`` is refused, as by :func:`to_partial_date`.

    Example:
        >>> to_date("2024-02-29", "value_date")
        datetime.date(2024, 2, 29)

    """
    if isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, _NOT_A_DATETIME)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError(field, value, "be a datetime.date or a date YYYY-MM-DD")


def to_datetime(value: dt.datetime | str, field: str) -> dt.datetime:
    """Convert a moment given as a ``datetime.datetime`` or an ISO 8601 text to a ``datetime.datetime``.

    The text is read as :meth:`datetime.datetime.fromisoformat` reads it (``2021-03-05T10:00:00``,
    with ``Z`` or an offset such as ``+02:00`` when the source states one); a date alone is refused.

    Example:
        >>> to_datetime("2021-03-05T10:00:00Z", "last_updated")
        datetime.datetime(2021, 3, 5, 10, 0, tzinfo=datetime.timezone.utc)
    """
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and "T" in value and len(value) <= 64:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidValueError(field, value, "be a datetime.datetime or an ISO 8601 date and time")


register_conversion(PartialDate, to_partial_date)
register_conversion(dt.date, to_date)
register_conversion(dt.datetime, to_datetime)

if TYPE_CHECKING:

    def as_partial_date(value: PartialDate | dt.date | str) -> PartialDate:
        """A :class:`PartialDate`, or a ``datetime.date`` or ISO text made one (:func:`to_partial_date`)."""

    def as_optional_partial_date(value: PartialDate | dt.date | str | None) -> PartialDate | None:
        """As :func:`as_partial_date`, or ``None``."""

    def as_date(value: dt.date | str) -> dt.date:
        """A ``datetime.date``, or a text ``YYYY-MM-DD`` made one (:func:`to_date`)."""

    def as_optional_date(value: dt.date | str | None) -> dt.date | None:
        """As :func:`as_date`, or ``None``."""

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    as_partial_date = as_optional_partial_date = as_date = as_optional_date = None


def _check_months(instance: MonthRange, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(attribute.name, value, "be a non-negative integer")


def _check_high(instance: MonthRange, attribute: attrs.Attribute[int], value: int) -> None:
    _check_months(instance, attribute, value)
    if value < instance.low:
        raise InvalidValueError(attribute.name, value, f"not be below low ({instance.low})")


@attrs.frozen
class MonthRange:
    """A length in whole months known to lie between ``low`` and ``high`` (inclusive)."""

    low: int = attrs.field(validator=_check_months)
    high: int = attrs.field(validator=_check_high)

    @property
    def is_exact(self) -> bool:
        """True when the length is known to the month."""
        return self.low == self.high

    def __contains__(self, months: object) -> bool:
        return isinstance(months, int) and self.low <= months <= self.high

    def __str__(self) -> str:
        return str(self.low) if self.is_exact else f"{self.low}–{self.high}"


class TimeUnit(enum.Enum):
    """Units of a declared length ("a four-year project", "within one year")."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


if TYPE_CHECKING:

    def _as_time_unit(value: TimeUnit | str) -> TimeUnit: ...

else:
    _as_time_unit = None


def _check_span_count(instance: Span, attribute: attrs.Attribute[int], value: int) -> None:
    # The same range as every other count of the model (itaproj.quantity), so any span formats.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_MAGNITUDE:
        raise InvalidValueError(attribute.name, value, "be a non-negative integer below 10^18")


@attrs.frozen
@checked
class Span:
    """A length as declared: a count of a time unit ("four years" is ``Span(4, TimeUnit.YEAR)``).

    Example:
        >>> Span(4, TimeUnit.YEAR).months
        48
    """

    count: int = attrs.field(validator=_check_span_count)
    unit: TimeUnit = attrs.field(converter=_as_time_unit)

    @property
    def months(self) -> int | None:
        """The length in months, for month and year units; ``None`` for days and weeks."""
        if self.unit is TimeUnit.YEAR:
            return self.count * 12
        if self.unit is TimeUnit.MONTH:
            return self.count
        return None

    def __str__(self) -> str:
        return f"{self.count} {self.unit.value}{'' if self.count == 1 else 's'}"


@attrs.frozen
@checked
class Period:
    """A stretch of time whose start or end may be unknown (``None``) or open.

    Args:
        start: When it began, to the precision known; ``None`` when not stated. A
            ``datetime.date`` or an ISO text (``"2017"``, ``"2015-04"``) is converted.
        end: When it ends, inclusive; ``None`` when not stated or when ``ongoing``.
        ongoing: True when the period has no end (an open end), as opposed to an unknown one.

    Example:
        >>> p = Period.parse("2017", "2020")
        >>> p.months()
        MonthRange(low=26, high=48)
        >>> Period(end=PartialDate(2022, 7)).months() is None
        True
    """

    start: PartialDate | None = attrs.field(default=None, converter=as_optional_partial_date)
    end: PartialDate | None = attrs.field(default=None, converter=as_optional_partial_date)
    ongoing: bool = attrs.field(default=False)

    @ongoing.validator
    def _check_ongoing(self, attribute: attrs.Attribute[bool], value: bool) -> None:
        if not isinstance(value, bool):
            raise InvalidValueError(attribute.name, value, "be a bool")
        if value and self.end is not None:
            raise InvalidValueError("end", self.end, "be None for an ongoing (open-ended) period")

    @classmethod
    def parse(cls, start: str | None, end: str | None) -> Period:
        """A period from two ISO partial dates; ``None`` for an unknown bound."""
        return cls(
            None if start is None else PartialDate.parse(start),
            None if end is None else PartialDate.parse(end),
        )

    @property
    def earliest_start(self) -> dt.date | None:
        """The earliest day the period may have started on (``None``: unknown)."""
        return None if self.start is None else self.start.earliest()

    @property
    def latest_start(self) -> dt.date | None:
        """The latest day the period may have started on (``None``: unknown)."""
        return None if self.start is None else self.start.latest()

    @property
    def earliest_end(self) -> dt.date | None:
        """The earliest day the period may end on (``None``: unknown or open)."""
        return None if self.end is None else self.end.earliest()

    @property
    def latest_end(self) -> dt.date | None:
        """The latest day the period may end on (``None``: unknown or open)."""
        return None if self.end is None else self.end.latest()

    @property
    def is_bounded(self) -> bool:
        """True when both start and end are known."""
        return self.start is not None and self.end is not None

    @property
    def ends_before_start(self) -> bool:
        """True when the end is certainly before the start (inconsistent data)."""
        if self.start is None or self.end is None:
            return False
        return self.end.latest() < self.start.earliest()

    def months(self) -> MonthRange | None:
        """The length in calendar months, start and end month included, as a range.

        A month-precision period counts the months it touches: April 2015 – December 2020 is
        69 months. Where only years are known the months are a range (2017–2020 is 26 to 48
        months). ``None`` when the start or end is unknown or open.
        """
        if self.start is None or self.end is None:
            return None
        start_first, start_last = _month_indexes(self.start)
        end_first, end_last = _month_indexes(self.end)
        longest = end_last - start_first + 1
        if longest < 1:  # certainly ends before it starts: no length at all
            return MonthRange(0, 0)
        # A reading in which the end comes before the start is no reading of a real period,
        # so the shortest length is one month (2017–2017 is 1 to 12 months).
        return MonthRange(max(end_first - start_last + 1, 1), longest)

    def days(self) -> tuple[int, int] | None:
        """The length in days (end inclusive) as ``(shortest, longest)``; ``None`` if unbounded."""
        if self.start is None or self.end is None:
            return None
        shortest = (self.end.earliest() - self.start.latest()).days + 1
        longest = (self.end.latest() - self.start.earliest()).days + 1
        if longest < 1:  # certainly ends before it starts: no length at all
            return 0, 0
        # As in months(): a reading with the end before the start is no reading of a real period.
        return max(shortest, 1), longest

    def _bounds(self) -> tuple[dt.date, dt.date, dt.date, dt.date]:
        # (earliest start, latest start, earliest end, latest end), unknowns widened to the
        # extremes: an unknown start may be any day, an open end never comes.
        low, high = dt.date.min, dt.date.max
        return (
            self.earliest_start or low,
            self.latest_start or (low if self.start is None else high),
            self.earliest_end or (high if self.ongoing else low),
            self.latest_end or high,
        )

    def contains(self, other: Period | PartialDate | dt.date) -> bool:
        """True when ``other`` lies inside this period on every reading of the partial dates."""
        if self.start is None:
            return False
        if self.ongoing:
            end_earliest = dt.date.max
        elif self.end is not None:
            end_earliest = self.end.earliest()
        else:
            return False
        first, last = _as_span(other)
        if first is None or last is None:
            return False
        return self.start.latest() <= first and last <= end_earliest

    def may_contain(self, other: Period | PartialDate | dt.date) -> bool:
        """True unless ``other`` certainly lies (partly) outside this period."""
        earliest_start, _, _, latest_end = self._bounds()
        first, last = _as_span(other, widest=False)
        return (first is None or earliest_start <= first) and (last is None or last <= latest_end)

    def overlaps(self, other: Period) -> bool:
        """True when the two periods share at least one day on every reading."""
        _, s1, e1, _ = self._bounds()
        _, s2, e2, _ = other._bounds()
        if self.start is None or other.start is None:
            return False
        if (self.end is None and not self.ongoing) or (other.end is None and not other.ongoing):
            return False
        return max(s1, s2) <= min(e1, e2)

    def may_overlap(self, other: Period) -> bool:
        """True unless the two periods certainly share no day."""
        a1, _, _, b1 = self._bounds()
        a2, _, _, b2 = other._bounds()
        return max(a1, a2) <= min(b1, b2)

    def __str__(self) -> str:
        start = "?" if self.start is None else self.start.isoformat()
        end = "…" if self.ongoing else ("?" if self.end is None else self.end.isoformat())
        return f"{start}/{end}"


def _month_indexes(date: PartialDate) -> tuple[int, int]:
    base = date.year * 12
    if date.month is None:
        return base + 1, base + 12
    return base + date.month, base + date.month


def _as_span(
    other: Period | PartialDate | dt.date, widest: bool = True
) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day ``other`` covers: widest reading, or narrowest with ``widest=False``."""
    if isinstance(other, Period):
        # An ongoing period never ends (as in ``Period._bounds``); an unknown end stays None.
        never = dt.date.max if other.ongoing else None
        if widest:
            return other.earliest_start, other.latest_end or never
        return other.latest_start, other.earliest_end or never
    if isinstance(other, PartialDate):
        if widest:
            return other.earliest(), other.latest()
        return other.latest(), other.earliest()
    return other, other
