"""The Validator's rules of ``rules/iati/financial.xslt`` (and its budget period rule 8.6.3) over the model.

Each ``budget`` of an activity (a :class:`~itaproj.budget.BudgetLine`, original or revised
alike) states the day its value is taken (7.5.2) and covers at most one year: its end is not
after its start plus one year, as XPath adds ``P1Y`` (29 February plus one year is 28 February,
7.5.3). A budget or a planned disbursement does not end before it starts (8.6.3, a rule of
``results.xslt`` attached to the same elements). In IATI 2.03 the budget items of the
activity's ``country-budget-items`` each have a percentage when there are several (7.9.1) and
add up to 100 within 0.0101 (7.9.2); a single one is 100 or gives none (7.9.4). A transaction
with aid types has one of the OECD DAC vocabulary ``1`` (107.2.1) and at most one per
vocabulary (107.2.2).

Dates count only where both are days, as the Validator's ``castable as xs:date`` (a
catalogue's year or month is no ``xs:date``). Each hit names the element the Validator puts its
feedback in: the ``budget``, ``planned-disbursement`` or ``transaction``, and the activity for
the budget items (7.9.x).

A ``budget``, ``planned-disbursement`` or ``transaction`` the reader kept verbatim (its value
is empty, say) is checked on its XML by the same rules (:mod:`itaproj.iati.dq.structure`).
What the model cannot hold is checked on the XML (:mod:`itaproj.iati.dq.values`), not here: a
value without a currency when the activity has no default currency (7.8.1; every Money has a
currency), and the budget items of an activity with several ``country-budget-items`` (7.9.x by
vocabulary; the model holds one). A transaction's aid type without ``@vocabulary`` is read as
vocabulary ``1``.

Example:
    >>> from itaproj import LocalizedText, Money, Period, Programme
    >>> from itaproj.budget import Budget, BudgetLine
    >>> line = BudgetLine(Money(10, "EUR"), Period.parse("2020-01-01", "2021-06-30"))
    >>> programme = Programme("p", LocalizedText({"en": "Roads"}), budget=Budget(lines=(line,)))
    >>> for hit in financial_rules(programme, DqContext()):
    ...     print(hit.rule, hit.path, hit.detail)
    7.5.2 budget.lines[0]
    7.5.3 budget.lines[0] 2020-01-01/2021-06-30
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal

from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.locate import taken_positions
from itaproj.period import Period
from itaproj.programme import Programme

__all__ = ["financial_rules", "one_year_after", "period_days"]

#: How far from 100 the Validator lets percentages add up (``abs(sum - 100) > 0.0101`` fails).
_TOLERANCE = Decimal("0.0101")
_HUNDRED = Decimal(100)


def period_days(period: Period | None) -> tuple[dt.date, dt.date] | None:
    """The start and end of ``period`` when both are days (``castable as xs:date``), else ``None``.

    Example:
        >>> period_days(Period.parse("2020-01-01", "2020-12-31"))
        (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
        >>> period_days(Period.parse("2020", "2020-12-31")) is None
        True
    """
    if period is None or period.start is None or period.end is None:
        return None
    if period.start.day is None or period.end.day is None:
        return None
    return period.start.to_date(), period.end.to_date()


def one_year_after(day: dt.date) -> dt.date | None:
    """``day + xs:yearMonthDuration('P1Y')`` as XPath adds it; ``None`` past the year 9999.

    Example:
        >>> one_year_after(dt.date(2020, 2, 29))
        datetime.date(2021, 2, 28)
    """
    year = day.year + 1
    if year > dt.MAXYEAR:
        return None
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _interval(days: tuple[dt.date, dt.date]) -> str:
    return f"{days[0].isoformat()}/{days[1].isoformat()}"


def _budgets(programme: Programme) -> Iterator[Hit]:
    lines = programme.budget.lines if programme.budget is not None else ()
    for index, line in enumerate(lines):
        path = f"budget.lines[{index}]"
        if line.value_date is None:
            yield Hit("7.5.2", path)
        days = period_days(line.period)
        if days is None:
            continue
        later = one_year_after(days[0])
        if later is not None and later < days[1]:
            yield Hit("7.5.3", path, _interval(days))
        if days[0] > days[1]:
            yield Hit("8.6.3", path, _interval(days))


def _planned_disbursements(programme: Programme) -> Iterator[Hit]:
    for index, planned in enumerate(programme.planned_disbursements):
        days = period_days(planned.period)
        if days is not None and days[0] > days[1]:
            yield Hit("8.6.3", f"planned_disbursements[{index}]", _interval(days))


def _budget_items(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """7.9.1, 7.9.2, 7.9.4: the Validator's ``percentage-checks`` of the budget items (2.03 only)."""
    found = programme.country_budget_items
    if context.version != "2.03" or found is None or not found.items:
        return
    if "country-budget-items" in taken_positions(programme.extras):
        return  # another one, kept verbatim, may add items of the same vocabulary: not all are known
    # The activity is where the Validator reports them (``xml=""``); a catalogue names the items.
    where = "country_budget_items"
    items = found.items
    vocabulary = f"vocabulary {found.vocabulary}"
    if len(items) == 1:
        percentage = items[0].percentage
        if percentage is not None and percentage != _HUNDRED:
            yield Hit("7.9.4", where, f"{vocabulary}, {items[0].code}: {percentage}", xml="")
        return
    missing = [item.code for item in items if item.percentage is None]
    if missing:
        yield Hit("7.9.1", where, f"{vocabulary}: {', '.join(missing)}", xml="")
        return
    total = sum((item.percentage for item in items if item.percentage is not None), Decimal(0))
    if abs(total - _HUNDRED) > _TOLERANCE:
        yield Hit("7.9.2", where, f"{vocabulary}: {total}", xml="")


def _aid_types(programme: Programme) -> Iterator[Hit]:
    """107.2.1 and 107.2.2 of each transaction that has aid types of its own."""
    for index, transaction in enumerate(programme.transactions):
        aid_types = transaction.finance.aid_types if transaction.finance is not None else ()
        if not aid_types:
            continue
        path = f"transactions[{index}]"
        vocabularies = Counter(aid_type.vocabulary for aid_type in aid_types)
        if "1" not in vocabularies:
            yield Hit("107.2.1", path, ", ".join(sorted(vocabularies)))
        repeated = sorted(vocabulary for vocabulary, count in vocabularies.items() if count > 1)
        if repeated:
            yield Hit("107.2.2", path, ", ".join(f"vocabulary {vocabulary}" for vocabulary in repeated))


def financial_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every hit of these rules in ``programme``."""
    yield from _budget_items(programme, context)
    yield from _budgets(programme)
    yield from _planned_disbursements(programme)
    yield from _aid_types(programme)
