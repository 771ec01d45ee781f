"""The Validator's rules of ``rules/iati/dates.xslt`` over the model.

An activity was not last updated in the future (11.1.1), starts before it ends, as planned
(11.1.2) and as it happened (11.1.3), and did not actually start or end in the future (11.1.4,
11.1.5); a transaction did not happen, and its value was not taken, in the future (11.2.1,
11.2.2). In an organisation file, a recipient country budget's line is valued within the
budget's period (11.3.1) and the record was not last updated in the future (11.4.1):
:func:`organisation_date_rules` (a budget the reader kept verbatim, without a currency or a
recipient, is checked on the XML: :mod:`itaproj.iati.dq.organisation_values`).

"The future" is what comes after :attr:`DqContext.today`: a date after that day, a last
updated datetime on a later day (in its own time zone), or, when the context gives the instant
:attr:`DqContext.now`, a last updated datetime after it (the Validator compares with the very
moment it runs: an hour ahead is in the future). Like the Validator, a rule compares dates only when
each is one full date: a date known only to the month or year (in a catalogue) is not compared,
nor are the activity dates of a kind the activity states more than once.

Example:
    >>> import datetime as dt
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.programme import KeyDate
    >>> programme = Programme("p", LocalizedText({"en": "Roads"}), dates=[
    ...     KeyDate("actual_start", "2027-03-01"), KeyDate("actual_end", "2026-12-31")])
    >>> [hit.rule for hit in date_rules(programme, DqContext(today=dt.date(2027, 1, 1)))]
    ['11.1.3', '11.1.4']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from itaproj.iati.dq.context import DqContext, Hit
from itaproj.organisation_file import OrganisationRecord
from itaproj.period import PartialDate, Precision
from itaproj.programme import DateKind, Programme

__all__ = ["date_rules", "organisation_date_rules"]


def _day(date: PartialDate | None) -> dt.date | None:
    """The day ``date`` is, if it is one (an ``xs:date``); ``None`` for a month or a year."""
    if date is None or date.precision is not Precision.DAY:
        return None
    return date.to_date()


def _later_than(moment: dt.datetime, today: dt.date) -> bool:
    """Whether ``moment`` falls on a day after ``today``.

    A moment with a time zone is compared as the instant it is (its day in UTC): the same
    instant written an hour ahead of UTC is not in the future, even past midnight there.
    """
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.date() > today


def _in_the_future(moment: dt.datetime, context: DqContext) -> bool:
    """Whether ``moment`` is after :attr:`DqContext.now`, or without it on a day after ``today``.

    Compared with the instant, a moment with a time zone is the instant it is, and one
    without is read in the machine's time zone, as XPath reads it in its implicit time zone:
    the same instant written an hour ahead of UTC is not in the future, the local time an hour
    ahead written without a time zone is.

    Example:
        >>> now = dt.datetime(2026, 12, 3, 2, 0, tzinfo=dt.UTC)
        >>> ahead = dt.timezone(dt.timedelta(hours=1))
        >>> _in_the_future(dt.datetime(2026, 12, 3, 3, 0, tzinfo=ahead), DqContext(now=now))
        False
        >>> _in_the_future(dt.datetime(2026, 12, 3, 3, 0, 1, tzinfo=ahead), DqContext(now=now))
        True
    """
    if context.now is None:
        return _later_than(moment, context.today)
    instant = moment if moment.utcoffset() is not None else moment.astimezone()  # (naive: local)
    now = context.now if context.now.utcoffset() is not None else context.now.astimezone()
    return instant > now


def _activity_dates(programme: Programme, context: DqContext) -> Iterator[Hit]:
    if any(extra.path.startswith("activity-date[") for extra in programme.extras):
        return  # an activity-date kept verbatim may repeat a kind: the Validator compares none then
    found: dict[DateKind, list[PartialDate]] = {}
    for date in programme.dates:
        found.setdefault(date.kind, []).append(date.date)

    def one(kind: DateKind) -> dt.date | None:
        dates = found.get(kind, [])
        return _day(dates[0]) if len(dates) == 1 else None

    planned_start, planned_end = one(DateKind.PLANNED_START), one(DateKind.PLANNED_END)
    actual_start, actual_end = one(DateKind.ACTUAL_START), one(DateKind.ACTUAL_END)
    if planned_start is not None and planned_end is not None and planned_start > planned_end:
        yield Hit("11.1.2", "", f"{planned_start} after {planned_end}")
    if actual_start is not None and actual_end is not None and actual_start > actual_end:
        yield Hit("11.1.3", "", f"{actual_start} after {actual_end}")
    if actual_start is not None and actual_start > context.today:
        yield Hit("11.1.4", "", f"{actual_start}")
    if actual_end is not None and actual_end > context.today:
        yield Hit("11.1.5", "", f"{actual_end}")


def date_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every hit of these rules in ``programme``."""
    publication = programme.publication
    updated = publication.last_updated if publication is not None else None
    if updated is not None and _in_the_future(updated, context):
        yield Hit("11.1.1", "", updated.isoformat())
    yield from _activity_dates(programme, context)
    for index, transaction in enumerate(programme.transactions):
        day = _day(transaction.date)
        if day is not None and day > context.today:
            yield Hit("11.2.1", f"transactions[{index}]", f"{day}")
        if transaction.value_date is not None and transaction.value_date > context.today:
            yield Hit("11.2.2", f"transactions[{index}]", f"{transaction.value_date}")


def organisation_date_rules(record: OrganisationRecord, context: DqContext) -> Iterator[Hit]:
    """The hits of 11.3.1 and 11.4.1 in an organisation file's ``record``.

    Paths are relative to the record (``"recipient_country_budgets[0].lines[1].value_date"``).

    Example:
        >>> from itaproj.money import Money
        >>> from itaproj.organisation_file import LineItem, OrganisationBudget
        >>> from itaproj.geo import CountryShare
        >>> from itaproj.period import Period
        >>> budget = OrganisationBudget(Period("2014-01-01", "2014-12-31"), Money(5, "EUR"),
        ...     lines=[LineItem(Money(5, "EUR"), value_date=dt.date(2013, 12, 1))],
        ...     recipient_country=CountryShare("AF"))
        >>> record = OrganisationRecord(recipient_country_budgets=[budget])
        >>> [(hit.rule, hit.path) for hit in organisation_date_rules(record, DqContext())]
        [('11.3.1', 'recipient_country_budgets[0].lines[0].value_date')]
    """
    if record.last_updated is not None and _in_the_future(record.last_updated, context):
        yield Hit("11.4.1", "", record.last_updated.isoformat())
    for b, budget in enumerate(record.recipient_country_budgets):
        start, end = _day(budget.period.start), _day(budget.period.end)
        if start is None or end is None:
            continue
        for index, line in enumerate(budget.lines):
            if line.value_date is not None and not start <= line.value_date <= end:
                yield Hit(
                    "11.3.1",
                    f"recipient_country_budgets[{b}].lines[{index}].value_date",
                    f"{line.value_date} not in {start}/{end}",
                )
