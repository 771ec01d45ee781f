"""Cross-cutting themes within a programme: the components and the budget that carry each."""

from __future__ import annotations

from decimal import Decimal

import attrs

from itaproj.errors import AmountRangeError, BoundArithmeticError, CurrencyMismatchError
from itaproj.metrics.splits import ComponentBudget, _budget_amount, component_budgets
from itaproj.money import Money
from itaproj.programme import Programme
from itaproj.quantity import ratio
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme

__all__ = ["ThemeCoverage", "theme_coverage"]


@attrs.frozen
class ThemeCoverage:
    """How much of a programme a cross-cutting theme covers.

    Args:
        title: The theme's title.
        code: Its policy marker code, if any.
        vocabulary: Its PolicyMarkerVocabulary code.
        significance: Its PolicySignificance (0-4), ``None`` when unstated.
        components: The codes of the programme's components it covers (all of them when the
            theme names none).
        component_share: ``len(components)`` over the number of components, as a fraction;
            ``None`` when the programme has no components.
        budget: The budget that carries the theme: the programme budget when it applies to all,
            else the sum of its components' budgets; ``None`` where any of these is unknown.
        budget_share: ``budget`` over the programme budget, as a fraction; ``None`` when unknown
            or not exact.
    """

    title: LocalizedText
    code: str | None
    vocabulary: str
    significance: int | None
    components: tuple[str, ...] = ()
    component_share: Decimal | None = None
    budget: Money | None = None
    budget_share: Decimal | None = None


def _theme(
    theme: CrossCuttingTheme, programme: Programme, budgets: dict[str, ComponentBudget]
) -> ThemeCoverage:
    total = _budget_amount(programme.budget)
    codes = tuple(budgets) if not theme.components else tuple(c for c in theme.components if c in budgets)
    component_share = None if not budgets else ratio(len(codes), len(budgets))
    budget: Money | None
    if not theme.components:
        budget = total
    else:
        parts = [budgets[code].amount for code in codes]
        amounts = [part for part in parts if part is not None]
        budget = None
        if amounts and len(amounts) == len(parts):
            try:
                budget = sum(amounts[1:], amounts[0])
            except (CurrencyMismatchError, BoundArithmeticError, AmountRangeError):
                budget = None
    budget_share = None
    if (
        budget is not None
        and total is not None
        and budget.currency == total.currency
        and budget.is_exact
        and total.is_exact
        and total.amount != 0
    ):
        budget_share = budget.ratio(total)
    return ThemeCoverage(
        theme.label,
        theme.code,
        theme.vocabulary,
        theme.significance,
        codes,
        component_share,
        budget,
        budget_share,
    )


def theme_coverage(programme: Programme) -> tuple[ThemeCoverage, ...]:
    """For each cross-cutting theme, the components and the budget that carry it.

    A theme that names no components applies to the whole programme. The budget of a theme
    that names components is the sum of their budgets (stated, or from their stated shares);
    when any of them is unknown, so is the theme's budget.
    """
    budgets = {item.code: item for item in component_budgets(programme)}
    return tuple(_theme(theme, programme, budgets) for theme in programme.themes)
