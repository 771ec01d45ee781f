"""A programme budget split by recipient country and by component, from stated shares only."""

from __future__ import annotations

from decimal import Decimal

import attrs

from itaproj.budget import Budget
from itaproj.errors import AmountRangeError
from itaproj.money import Money
from itaproj.programme import Programme
from itaproj.quantity import ratio, scale

__all__ = ["ComponentBudget", "CountrySplit", "budget_per_country", "component_budgets"]

_HUNDRED = Decimal(100)


def _budget_amount(budget: Budget | None) -> Money | None:
    return None if budget is None else budget.known_amount


@attrs.frozen
class CountrySplit:
    """A programme budget split by recipient country, or why it cannot be split.

    Args:
        amounts: ISO 3166-1 code -> amount; empty when not computable.
        reason: Why the split is not computable (no budget, a country without a stated share...);
            ``None`` when ``amounts`` holds the split.
    """

    amounts: dict[str, Money] = attrs.field(factory=dict)
    reason: str | None = None


@attrs.frozen
class ComponentBudget:
    """One component's budget: stated, or derived from its stated share of the programme budget.

    Args:
        code: The component's code.
        amount: Its own stated budget, else ``percentage`` of the programme budget; ``None`` when
            neither is known.
        percentage: Its stated ``budget_share``, else its stated budget as a percentage of the
            programme budget (exact amounts in one currency only); ``None`` when unknown.
    """

    code: str
    amount: Money | None = None
    percentage: Decimal | None = None


def _share(amount: Money, percentage: Decimal) -> Money:
    """``percentage`` percent (0 to 100) of ``amount``, rounded once."""
    return Money(
        scale(amount.amount, percentage, _HUNDRED, "amount", "share"), amount.currency, amount.qualifier
    )


def budget_per_country(programme: Programme) -> CountrySplit:
    """The budget split by the stated recipient country shares; never an even split.

    Example:
        >>> from itaproj import Budget, CountryShare, LocalizedText
        >>> p = Programme("p", LocalizedText({"en": "P"}), budget=Budget(total=Money(100, "EUR")),
        ...               recipient_countries=(CountryShare("UA"), CountryShare("MD")))
        >>> budget_per_country(p).reason
        'no share stated for UA, MD'
    """
    if not programme.recipient_countries:
        return CountrySplit(reason="no recipient countries")
    unstated = [share.country for share in programme.recipient_countries if share.percentage is None]
    if unstated:
        return CountrySplit(reason=f"no share stated for {', '.join(unstated)}")
    amount = _budget_amount(programme.budget)
    if amount is None:
        return CountrySplit(reason="no single budget amount")
    amounts: dict[str, Money] = {}
    for share in programme.recipient_countries:
        percentage = share.percentage or Decimal(0)  # every share is stated here: see `unstated`
        part = _share(amount, percentage)
        try:
            amounts[share.country] = amounts[share.country] + part if share.country in amounts else part
        except AmountRangeError:  # one country listed again and again, its shares above 100%
            return CountrySplit(reason=f"the amount for {share.country} is out of range")
    return CountrySplit(amounts)


def component_budgets(programme: Programme) -> tuple[ComponentBudget, ...]:
    """Each component's budget and percentage of the programme budget, as far as stated."""
    total = _budget_amount(programme.budget)
    found: list[ComponentBudget] = []
    for component in programme.components:
        amount, percentage = component.budget, component.budget_share
        if amount is None and percentage is not None and total is not None:
            amount = _share(total, percentage)
        elif (
            percentage is None
            and amount is not None
            and total is not None
            and amount.currency == total.currency
            and amount.is_exact
            and total.is_exact
            and total.amount != 0
        ):
            percentage = ratio(amount.amount, total.amount, _HUNDRED)
        found.append(ComponentBudget(component.code, amount, percentage))
    return tuple(found)
