"""Budgets: a stated total and lines by period and component, original or revised."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from itaproj.codelists import code_spec
from itaproj.errors import AmountRangeError, BoundArithmeticError, CurrencyMismatchError
from itaproj.extras import Extra
from itaproj.money import Money
from itaproj.period import Period, as_optional_date
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_percentage, as_optional_text, check_text, checked

__all__ = ["Budget", "BudgetItem", "BudgetKind", "BudgetLine", "BudgetStatus", "CountryBudgetItems"]


class BudgetKind(enum.Enum):
    """IATI BudgetType: the budget as first agreed, or as revised."""

    ORIGINAL = "original"
    REVISED = "revised"

    @property
    def iati_code(self) -> str:
        """IATI BudgetType code."""
        return "1" if self is BudgetKind.ORIGINAL else "2"


class BudgetStatus(enum.Enum):
    """IATI BudgetStatus: a plan, or a binding commitment."""

    INDICATIVE = "indicative"
    COMMITTED = "committed"

    @property
    def iati_code(self) -> str:
        """IATI BudgetStatus code."""
        return "1" if self is BudgetStatus.INDICATIVE else "2"


if TYPE_CHECKING:

    def _as_kind(value: BudgetKind | str | None) -> BudgetKind | None: ...
    def _as_status(value: BudgetStatus | str | None) -> BudgetStatus | None: ...
    def _as_lines(value: Iterable[BudgetLine]) -> tuple[BudgetLine, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_kind = _as_status = _as_lines = None


@attrs.frozen
@checked
class BudgetLine:
    """One budget amount, for a period and optionally one component.

    Args:
        amount: How much.
        period: The period it covers, if stated.
        component: The code of the component it belongs to, if any.
        kind: Original or revised; ``None`` when the source does not say.
        status: Indicative or committed; ``None`` when the source does not say.
        value_date: The date the amount's currency value is taken at (IATI ``@value-date``).
        label: What the line is for.
    """

    amount: Money
    period: Period | None = None
    component: str | None = None
    kind: BudgetKind | None = attrs.field(default=None, converter=_as_kind)
    status: BudgetStatus | None = attrs.field(default=None, converter=_as_status)
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    label: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class Budget:
    """A programme's budget: a stated total, lines, or both.

    A source that gives only a total ("EUR 14.5 million, no breakdown") has ``total`` and no
    ``lines``; an IATI activity usually has ``lines`` only.

    Example:
        >>> Budget(total=Money(6288000, "EUR")).amount
        Money('6288000', 'EUR')
    """

    total: Money | None = None
    lines: tuple[BudgetLine, ...] = attrs.field(default=(), converter=_as_lines)
    kind: BudgetKind | None = attrs.field(default=None, converter=_as_kind)
    status: BudgetStatus | None = attrs.field(default=None, converter=_as_status)
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency used in the total and the lines."""
        found = {line.amount.currency for line in self.lines}
        if self.total is not None:
            found.add(self.total.currency)
        return frozenset(found)

    def lines_of(self, kind: BudgetKind | None) -> tuple[BudgetLine, ...]:
        """The lines of one kind (original or revised)."""
        return tuple(line for line in self.lines if line.kind is kind)

    @property
    def counted_lines(self) -> tuple[BudgetLine, ...]:
        """The lines that make up the budget, by IATI's rule for revisions.

        A revised line replaces the original line(s) *of the same period* (and component) only;
        an original line for a period no revision covers still counts. A line that does not
        say its kind counts as an original (IATI's default budget type).

        Example:
            >>> from itaproj import Period
            >>> y2020, y2021 = Period.parse("2020-01-01", "2020-12-31"), Period.parse("2021-01-01", "2021-12-31")
            >>> budget = Budget(lines=(
            ...     BudgetLine(Money(100, "EUR"), y2020, kind="original"),
            ...     BudgetLine(Money(80, "EUR"), y2020, kind="revised"),
            ...     BudgetLine(Money(50, "EUR"), y2021, kind="original"),
            ... ))
            >>> [str(line.amount) for line in budget.counted_lines]
            ['EUR 80', 'EUR 50']
            >>> budget.amount
            Money('130', 'EUR')
        """
        revised = {(line.period, line.component) for line in self.lines if line.kind is BudgetKind.REVISED}
        if not revised:
            return self.lines
        return tuple(
            line
            for line in self.lines
            if line.kind is BudgetKind.REVISED or (line.period, line.component) not in revised
        )

    def overlapping_lines(self) -> tuple[tuple[int, int], ...]:
        """Lines that count twice for some days, each as ``(earlier, line)`` indexes into :attr:`lines`.

        A counted line whose period certainly shares a day with an earlier-starting counted line
        of the same kind, status and component (equal periods included) is listed once, with
        the line it overlaps that ends last. IATI expects the budgets of one type and status
        not to overlap: the sum counts those days twice. Takes ``O(n log n)`` time.

        Example:
            >>> from itaproj import Period
            >>> Budget(lines=(
            ...     BudgetLine(Money(1, "EUR"), Period.parse("2020-01-01", "2020-12-31")),
            ...     BudgetLine(Money(2, "EUR"), Period.parse("2020-07-01", "2021-06-30")),
            ... )).overlapping_lines()
            ((0, 1),)
        """
        counted = {id(line) for line in self.counted_lines}
        groups: dict[tuple[object, ...], list[tuple[dt.date, dt.date, int]]] = {}
        for index, line in enumerate(self.lines):
            period = line.period
            if id(line) not in counted or period is None or period.start is None:
                continue
            if period.end is None and not period.ongoing:
                continue  # an unknown end: no day is certainly shared
            # the days certainly inside: from the latest reading of the start to the earliest of the end
            start = period.latest_start
            end = dt.date.max if period.end is None else period.earliest_end
            if start is None or end is None or end < start:
                continue
            key = (line.kind or BudgetKind.ORIGINAL, line.status, line.component)
            groups.setdefault(key, []).append((start, end, index))
        pairs: list[tuple[int, int]] = []
        for members in groups.values():
            members.sort()
            last_end, last_index = dt.date.min, -1
            for start, end, index in members:
                if last_index >= 0 and start <= last_end:
                    pairs.append((last_index, index))
                if end > last_end:
                    last_end, last_index = end, index
        return tuple(sorted(pairs, key=lambda pair: pair[1]))

    @property
    def amount(self) -> Money | None:
        """The programme's budget as one amount: the stated total, else the sum of :attr:`counted_lines`.

        Raises:
            CurrencyMismatchError: the lines are in several currencies.
            BoundArithmeticError: bounds that do not add up to one bound.
            AmountRangeError: the sum leaves the model's range.
        """
        if self.total is not None:
            return self.total
        lines = self.counted_lines
        if not lines:
            return None
        return sum((line.amount for line in lines[1:]), lines[0].amount)

    @property
    def known_amount(self) -> Money | None:
        """:attr:`amount`, or ``None`` when it is not one amount.

        ``None`` for no budget lines, lines in several currencies, bounds that do not add up to
        one bound, or a sum beyond the model's range: what reports and metrics show as unknown.

        Example:
            >>> Budget(lines=(BudgetLine(Money(1, "EUR")), BudgetLine(Money(1, "USD")))).known_amount is None
            True
        """
        try:
            return self.amount
        except (CurrencyMismatchError, BoundArithmeticError, AmountRangeError):
            return None

    def sums_by_currency(self) -> tuple[Money, ...]:
        """The sum of :attr:`counted_lines` in each currency, in order of first appearance.

        Raises:
            BoundArithmeticError: bounds of one currency that do not add up to one bound.
            AmountRangeError: a currency's sum leaves the model's range.
        """
        sums: dict[str, Money] = {}
        for line in self.counted_lines:
            previous = sums.get(line.amount.currency)
            sums[line.amount.currency] = line.amount if previous is None else previous + line.amount
        return tuple(sums.values())


if TYPE_CHECKING:

    def _as_budget_items(value: Iterable[BudgetItem]) -> tuple[BudgetItem, ...]: ...
    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_budget_items = _as_extras = None


@attrs.frozen
@checked
class BudgetItem:
    """A line of the recipient country's budget the programme maps to, with its share.

    Args:
        code: The line's code in the vocabulary of its :class:`CountryBudgetItems` (IATI
            BudgetIdentifier for the vocabulary ``"1"``).
        percentage: The share of the programme that goes through this line, if stated.
        description: What the line is.

    Example:
        >>> BudgetItem("1.1.1", percentage=50).percentage
        Decimal('50')
    """

    code: str = attrs.field(validator=check_text)
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class CountryBudgetItems:
    """How a programme maps onto the recipient country's budget classification (IATI ``country-budget-items``).

    Args:
        vocabulary: IATI BudgetIdentifierVocabulary (``"2"`` the country's chart of accounts,
            ``"3"`` another country system, ``"4"`` the reporting organisation's own...;
            ``"1"``, IATI's own functional classification, is withdrawn but still published).
        items: The budget lines, each with its share.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> cbi = CountryBudgetItems("4", [BudgetItem("1844", 50), BudgetItem("1900", 50)])
        >>> [item.code for item in cbi.items]
        ['1844', '1900']
    """

    vocabulary: str = attrs.field(**code_spec("BudgetIdentifierVocabulary"))
    items: tuple[BudgetItem, ...] = attrs.field(default=(), converter=_as_budget_items)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
