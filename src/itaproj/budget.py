"""Budgets: a stated total and lines by period and component, original or revised."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from itaproj.money import Money
from itaproj.period import Period, as_optional_date
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, checked

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
