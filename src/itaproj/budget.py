"""Budgets: a stated total and lines by period and component, original or revised."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from itaproj.money import Money
from itaproj.period import Period
from itaproj.text import LocalizedText
from itaproj.validation import check_tuple

__all__ = ["Budget", "BudgetKind", "BudgetLine", "BudgetStatus"]


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


@attrs.frozen
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
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None
    label: LocalizedText | None = None


@attrs.frozen
class Budget:
    """A programme's budget: a stated total, lines, or both.

    A source that gives only a total ("EUR 14.5 million, no breakdown") has ``total`` and no
    ``lines``; an IATI activity usually has ``lines`` only.

    Example:
        >>> Budget(total=Money(6288000, "EUR")).amount
        Money('6288000', 'EUR')
    """

    total: Money | None = None
    lines: tuple[BudgetLine, ...] = attrs.field(default=(), validator=check_tuple)
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None

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
    def amount(self) -> Money | None:
        """The programme's budget as one amount: the stated total, else the sum of the lines.

        Where the lines include revised ones, only the revised lines count (a revision replaces
        the original). Mixed currencies raise :class:`~itaproj.errors.CurrencyMismatchError`.
        """
        if self.total is not None:
            return self.total
        if not self.lines:
            return None
        revised = self.lines_of(BudgetKind.REVISED)
        lines = revised or self.lines
        return sum((line.amount for line in lines[1:]), lines[0].amount)
