"""Partial dates and periods: round trips, lengths as ranges, and the containment/overlap algebra."""

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from itaproj.errors import InvalidValueError
from itaproj.period import MonthRange, PartialDate, Period, Precision, Span, TimeUnit
from itaproj.testing import partial_dates, periods, spans

month_dates = st.builds(PartialDate, st.integers(1, 9999), st.integers(1, 12))
day_dates = st.dates().map(PartialDate.from_date)
others = st.one_of(periods(), partial_dates(), st.dates())


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month


# -- PartialDate -----------------------------------------------------------------------------


@given(partial_dates())
def test_isoformat_round_trips(date: PartialDate) -> None:
    assert PartialDate.parse(date.isoformat()) == date
    assert str(date) == date.isoformat()
    assert repr(date) == f"PartialDate.parse({date.isoformat()!r})"


@given(partial_dates())
def test_earliest_is_not_after_latest(date: PartialDate) -> None:
    assert date.earliest() <= date.latest()
    assert date.earliest().year == date.latest().year == date.year
    if date.precision is Precision.DAY:
        assert date.earliest() == date.latest() == date.to_date()
    elif date.precision is Precision.MONTH:
        assert (date.earliest().day, date.earliest().month) == (1, date.month)
        assert date.month is not None
        if date.month == 12:  # (year 9999 has no next month to count back from)
            assert date.latest() == dt.date(date.year, 12, 31)
        else:
            assert date.latest() == dt.date(date.year, date.month + 1, 1) - dt.timedelta(days=1)
    else:
        assert (date.earliest().month, date.earliest().day) == (1, 1)
        assert (date.latest().month, date.latest().day) == (12, 31)


@given(partial_dates())
def test_precision_matches_the_parts_given(date: PartialDate) -> None:
    expected = {0: Precision.YEAR, 1: Precision.MONTH, 2: Precision.DAY}[date.isoformat().count("-")]
    assert date.precision is expected


@given(st.dates())
def test_from_date_is_day_precision(day: dt.date) -> None:
    date = PartialDate.from_date(day)
    assert date.precision is Precision.DAY
    assert date.to_date() == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017", PartialDate(2017)),
        ("2015-04", PartialDate(2015, 4)),
        ("2021-03-12", PartialDate(2021, 3, 12)),
        (" 2020-02-29 ", PartialDate(2020, 2, 29)),
        ("0999", PartialDate(999)),
    ],
)
def test_parse(text: str, expected: PartialDate) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize(
    "text", ["17", "2017-4", "2017/04", "April 2015", "2017-04-01T00:00", "", None, 2017]
)
def test_parse_rejects_other_forms_naming_the_date(text: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        PartialDate.parse(text)  # type: ignore[arg-type]
    assert str(info.value) == f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD (got {text!r})"


@pytest.mark.parametrize(
    ("args", "field", "bad", "reason"),
    [
        ((0,), "year", 0, "be a year from 1 to 9999"),
        ((10000,), "year", 10000, "be a year from 1 to 9999"),
        (("2017",), "year", "2017", "be a year from 1 to 9999"),
        ((True,), "year", True, "be a year from 1 to 9999"),
        ((2017.0,), "year", 2017.0, "be a year from 1 to 9999"),
        ((2017, 0), "month", 0, "be a month from 1 to 12"),
        ((2017, 13), "month", 13, "be a month from 1 to 12"),
        ((2017, "4"), "month", "4", "be a month from 1 to 12"),
        ((2017, None, 5), "day", 5, "be given only with a month"),
        ((2015, 4, 31), "day", 31, "be a day from 1 to 30 of 2015-04"),
        ((2019, 2, 29), "day", 29, "be a day from 1 to 28 of 2019-02"),
        ((1900, 2, 29), "day", 29, "be a day from 1 to 28 of 1900-02"),
        ((2020, 2, 0), "day", 0, "be a day from 1 to 29 of 2020-02"),
        ((2020, 2, True), "day", True, "be a day from 1 to 29 of 2020-02"),
        ((2020, 2, "1"), "day", "1", "be a day from 1 to 29 of 2020-02"),
    ],
)
def test_partial_date_validation_names_field_and_value(
    args: tuple[object, ...], field: str, bad: object, reason: str
) -> None:
    with pytest.raises(InvalidValueError) as info:
        PartialDate(*args)  # type: ignore[arg-type]
    assert str(info.value) == f"{field!r} must {reason} (got {bad!r})"
    assert info.value.field == field


def test_leap_days() -> None:
    assert PartialDate(2020, 2, 29).latest() == dt.date(2020, 2, 29)
    assert PartialDate(2000, 2).latest() == dt.date(2000, 2, 29)
    assert PartialDate(1900, 2).latest() == dt.date(1900, 2, 28)


@pytest.mark.parametrize("date", [PartialDate(2017), PartialDate(2015, 4)])
def test_to_date_needs_a_day(date: PartialDate) -> None:
    with pytest.raises(InvalidValueError) as info:
        date.to_date()
    assert info.value.field == "precision"
    assert info.value.value == date.precision.name.lower()


# -- lengths ---------------------------------------------------------------------------------


def test_months_of_a_month_precision_period_are_exact() -> None:
    # April 2015 to December 2020, both months included:
    # (2020 - 2015) * 12 + (12 - 4) + 1 = 60 + 8 + 1 = 69.
    assert Period.parse("2015-04", "2020-12").months() == MonthRange(69, 69)


def test_months_of_a_year_precision_period_are_a_range() -> None:
    # 2017 to 2020: shortest reading December 2017 .. January 2020 = 1 + 12 + 12 + 1 = 26 months;
    # longest reading January 2017 .. December 2020 = 4 * 12 = 48 months.
    months = Period.parse("2017", "2020").months()
    assert months == MonthRange(26, 48)
    assert str(months) == "26–48"
    assert 36 in months
    assert 25 not in months


@given(month_dates, month_dates)
def test_month_precision_periods_have_exact_lengths(start: PartialDate, end: PartialDate) -> None:
    assert start.month is not None
    assert end.month is not None
    months = Period(start, end).months()
    expected = max((end.year - start.year) * 12 + (end.month - start.month) + 1, 0)
    assert months == MonthRange(expected, expected)
    assert months.is_exact


@given(periods(bounded=True, ordered=True))
def test_months_are_the_range_over_every_reading(period: Period) -> None:
    assert period.start is not None
    assert period.end is not None
    months = period.months()
    assert months is not None
    # Most months: the start as early and the end as late as the dates allow.
    assert months.high == month_index(period.end.latest()) - month_index(period.start.earliest()) + 1
    # Fewest: the start as late and the end as early as allowed, but never a reading in which the
    # end comes before the start (a same-year "2017-2017" is 1 to 12 months, not 0 to 12).
    assert months.low == max(month_index(period.end.earliest()) - month_index(period.start.latest()) + 1, 1)
    assert 1 <= months.low <= months.high


@given(periods(bounded=True, ordered=True))
def test_days_are_the_range_over_every_reading(period: Period) -> None:
    assert period.start is not None
    assert period.end is not None
    days = period.days()
    assert days is not None
    shortest, longest = days
    assert longest == (period.end.latest() - period.start.earliest()).days + 1
    assert shortest == max((period.end.earliest() - period.start.latest()).days + 1, 1)
    assert 1 <= shortest <= longest


@given(periods(bounded=True))
def test_a_period_that_certainly_ends_before_it_starts_has_no_length(period: Period) -> None:
    assume(period.ends_before_start)
    assert period.days() == (0, 0)


def test_same_year_periods_last_at_least_one_month_and_day() -> None:
    assert Period.parse("2017", "2017").months() == MonthRange(1, 12)
    assert Period.parse("2017", "2017").days() == (1, 365)
    assert Period.parse("2017", "2017-03").months() == MonthRange(1, 3)


def test_days_of_an_inverted_period_are_zero() -> None:
    # Regression: the longest reading used to come out negative (-152) while the shortest was 0.
    assert Period.parse("2020-06", "2019").days() == (0, 0)


@given(day_dates, day_dates)
def test_day_precision_periods_have_exact_day_counts(start: PartialDate, end: PartialDate) -> None:
    assume(start.to_date() <= end.to_date())
    expected = (end.to_date() - start.to_date()).days + 1
    assert Period(start, end).days() == (expected, expected)


def test_a_leap_year_has_366_days() -> None:
    assert Period.parse("2020-01-01", "2020-12-31").days() == (366, 366)
    # 2017 to 2020: shortest 2017-12-31 .. 2020-01-01 = 1 + 365 + 365 + 1 = 732 days (2018, 2019
    # are common years); longest 2017-01-01 .. 2020-12-31 = 365 * 3 + 366 = 1461 days.
    assert Period.parse("2017", "2020").days() == (732, 1461)


@pytest.mark.parametrize(
    "period",
    [
        Period(),
        Period.parse("2017", None),
        Period.parse(None, "2022-07"),
        Period(PartialDate(2015), ongoing=True),
    ],
)
def test_unbounded_periods_have_no_length(period: Period) -> None:
    assert period.months() is None
    assert period.days() is None
    assert not period.is_bounded


def test_month_range() -> None:
    assert MonthRange(69, 69).is_exact
    assert str(MonthRange(69, 69)) == "69"
    assert not MonthRange(26, 48).is_exact
    assert "30" not in MonthRange(26, 48)
    assert 48 in MonthRange(26, 48)
    assert 49 not in MonthRange(26, 48)


# -- spans -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("span", "months", "text"),
    [
        (Span(4, TimeUnit.YEAR), 48, "4 years"),
        (Span(1, TimeUnit.YEAR), 12, "1 year"),
        (Span(18, TimeUnit.MONTH), 18, "18 months"),
        (Span(2, TimeUnit.WEEK), None, "2 weeks"),
        (Span(1, TimeUnit.DAY), None, "1 day"),
    ],
)
def test_span(span: Span, months: int | None, text: str) -> None:
    assert span.months == months
    assert str(span) == text


@given(spans())
def test_span_months_are_consistent(span: Span) -> None:
    factor = {TimeUnit.YEAR: 12, TimeUnit.MONTH: 1}.get(span.unit)
    assert span.months == (None if factor is None else span.count * factor)


@pytest.mark.parametrize("count", [-1, True, 1.5, "4", None])
def test_span_count_validation(count: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Span(count, TimeUnit.YEAR)  # type: ignore[arg-type]
    assert str(info.value) == f"'count' must be a non-negative integer below 10^18 (got {count!r})"


# -- Period construction ---------------------------------------------------------------------


def test_ongoing_period_cannot_have_an_end() -> None:
    with pytest.raises(InvalidValueError) as info:
        Period(PartialDate(2015), PartialDate(2020), ongoing=True)
    assert info.value.field == "end"
    assert "ongoing" in str(info.value)
    assert "2020" in str(info.value)


@pytest.mark.parametrize("ongoing", [1, "yes", None])
def test_ongoing_must_be_a_bool(ongoing: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Period(PartialDate(2015), ongoing=ongoing)  # type: ignore[arg-type]
    assert str(info.value) == f"'ongoing' must be a bool (got {ongoing!r})"


def test_str() -> None:
    assert str(Period.parse("2017", "2020")) == "2017/2020"
    assert str(Period.parse("2015-04", None)) == "2015-04/?"
    assert str(Period(end=PartialDate(2022, 7))) == "?/2022-07"
    assert str(Period(PartialDate(2004), ongoing=True)) == "2004/…"


def test_bounds_properties() -> None:
    period = Period.parse("2017", "2020-06")
    assert period.earliest_start == dt.date(2017, 1, 1)
    assert period.latest_start == dt.date(2017, 12, 31)
    assert period.earliest_end == dt.date(2020, 6, 1)
    assert period.latest_end == dt.date(2020, 6, 30)
    assert Period().earliest_start is None
    assert Period().latest_end is None


# -- ends before start -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020", "2019", True),
        ("2020-01-02", "2020-01-01", True),
        ("2020-06", "2020", False),  # the end may be December 2020
        ("2020", "2020-01", False),
        ("2020-01-01", "2020-01-01", False),
        (None, "2019", False),
        ("2020", None, False),
    ],
)
def test_ends_before_start(start: str | None, end: str | None, expected: bool) -> None:
    assert Period.parse(start, end).ends_before_start is expected


@given(periods(ordered=True))
def test_ordered_periods_never_end_before_they_start(period: Period) -> None:
    assert not period.ends_before_start


# -- containment and overlap -----------------------------------------------------------------


@given(periods(), others)
def test_contains_implies_may_contain(period: Period, other: Period | PartialDate | dt.date) -> None:
    if period.contains(other):
        assert period.may_contain(other)


@given(periods())
def test_every_period_may_contain_itself(period: Period) -> None:
    assert period.may_contain(period)


@given(periods(bounded=True))
def test_a_bounded_period_certainly_contains_itself_only_when_known_to_the_day(period: Period) -> None:
    # Certain containment must hold for every reading of both copies independently: a start
    # known only to the year may be 31 December for the container and 1 January for the content.
    assert period.start is not None
    assert period.end is not None
    to_the_day = period.start.precision is Precision.DAY and period.end.precision is Precision.DAY
    assert period.contains(period) is to_the_day


@given(periods())
def test_a_period_with_an_unknown_bound_contains_nothing_for_certain(period: Period) -> None:
    assume(period.start is None or (period.end is None and not period.ongoing))
    assert not period.contains(dt.date(2000, 1, 1))
    assert not period.contains(period)


@given(periods(), periods())
def test_overlaps_implies_may_overlap(a: Period, b: Period) -> None:
    if a.overlaps(b):
        assert a.may_overlap(b)


@given(periods(), periods())
def test_overlap_is_symmetric(a: Period, b: Period) -> None:
    assert a.may_overlap(b) is b.may_overlap(a)
    assert a.overlaps(b) is b.overlaps(a)


@given(periods(ordered=True))
def test_an_ordered_period_may_overlap_itself(period: Period) -> None:
    assert period.may_overlap(period)


@given(periods(bounded=True, ordered=True), st.dates())
def test_containing_a_day_means_the_day_is_inside_every_reading(period: Period, day: dt.date) -> None:
    assert period.start is not None
    assert period.end is not None
    if period.contains(day):
        assert period.start.latest() <= day <= period.end.earliest()
    if not period.may_contain(day):
        assert day < period.start.earliest() or day > period.end.latest()


def test_containment_examples() -> None:
    programme = Period.parse("2017", "2020")
    # "2017" may lie inside 2017-2020, but not for certain: the programme may start in December.
    assert programme.may_contain(PartialDate(2017))
    assert not programme.contains(PartialDate(2017))
    assert programme.contains(PartialDate(2018, 5))
    assert programme.contains(dt.date(2019, 1, 1))
    assert not programme.may_contain(PartialDate(2021))
    assert not programme.may_contain(Period.parse("2016", "2018"))
    assert programme.contains(Period.parse("2018", "2019-06"))
    assert not programme.contains(Period.parse(None, "2019"))


def test_ongoing_periods() -> None:
    since_2015 = Period(PartialDate(2015), ongoing=True)
    since_2016 = Period(PartialDate(2016), ongoing=True)
    bounded = Period.parse("2015", "2020")
    assert since_2015.contains(dt.date(2100, 1, 1))
    assert since_2015.contains(PartialDate(2016))
    assert not since_2015.contains(PartialDate(2015))
    assert since_2015.contains(Period.parse("2016", "2030"))
    # Regression: an open end never comes, so an ongoing period lies inside another ongoing
    # one that started earlier, and cannot lie inside a period that ends.
    assert since_2015.contains(since_2016)
    assert since_2015.may_contain(since_2016)
    assert not bounded.contains(since_2016)
    assert not bounded.may_contain(since_2016)
    assert not since_2016.contains(since_2015)
    # A period whose end is unknown (not open) may still end inside.
    assert bounded.may_contain(Period.parse("2016", None))
    assert not bounded.contains(Period.parse("2016", None))


def test_unknown_starts() -> None:
    until_2022 = Period(end=PartialDate(2022, 7))
    assert not until_2022.contains(dt.date(2020, 1, 1))
    assert until_2022.may_contain(dt.date(1990, 1, 1))
    assert not until_2022.may_contain(dt.date(2022, 8, 1))
    assert until_2022.may_contain(Period(end=PartialDate(2021)))
    assert until_2022.may_overlap(Period.parse("2000", "2001"))
    assert not until_2022.overlaps(Period.parse("2000", "2001"))


def test_overlap_examples() -> None:
    first = Period.parse("2017", "2020")
    assert first.overlaps(Period.parse("2019", "2022"))
    # 2017-2019 and 2019-2022 may share days of 2019, but the first may end on 1 January 2019
    # and the second start on 31 December 2019.
    assert Period.parse("2017", "2019").may_overlap(Period.parse("2019", "2022"))
    assert not Period.parse("2017", "2019").overlaps(Period.parse("2019", "2022"))
    assert not first.may_overlap(Period.parse("2021", "2022"))
    assert first.overlaps(Period(PartialDate(2018), ongoing=True))
    assert not first.overlaps(Period.parse("2018", None))
    assert Period(PartialDate(2018), ongoing=True).overlaps(Period(PartialDate(2030), ongoing=True))


def test_a_span_count_beyond_the_model_range_is_refused() -> None:
    # 10^400 years loaded from JSON used to be accepted and then crash the report's formatting.
    with pytest.raises(InvalidValueError, match="'count'"):
        Span(10**400, TimeUnit.YEAR)
    with pytest.raises(InvalidValueError, match="'count'"):
        Span(10**18, TimeUnit.DAY)
    assert Span(10**18 - 1, TimeUnit.DAY).count == 10**18 - 1
