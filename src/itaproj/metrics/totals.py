"""Catalogue totals in one reporting currency, and the budget under each policy marker."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from itaproj.errors import AmountRangeError, BoundArithmeticError, CurrencyMismatchError, InvalidValueError
from itaproj.metrics.rollup import _children_left_out
from itaproj.metrics.splits import _budget_amount
from itaproj.metrics.themes import theme_coverage
from itaproj.money import ExchangeRate, Money
from itaproj.programme import Catalogue

__all__ = ["CatalogueTotal", "ThemeTotal", "catalogue_total", "theme_totals"]


@attrs.frozen
class CatalogueTotal:
    """Budgets of a catalogue in one reporting currency, with every gap listed.

    Args:
        currency: The reporting currency.
        total: The sum of ``amounts``; ``None`` when bounds in opposite directions leave no
            single bound ("more than X" plus "less than Y"), or the sum is 10^18 or more.
        amounts: Programme key -> its budget in ``currency``, for the programmes counted.
        missing_rates: Programme keys whose budget currency has no rate to ``currency``.
        unknown: Programme keys without a single budget amount (none stated, mixed currencies,
            lines adding up to 10^18 or more, or 10^18 or more once converted).
        nested: Child programmes left out because a parent in the catalogue has a known budget
            that is taken to include theirs.
        rates: The exchange rates used, each once.
    """

    currency: str
    total: Money | None
    amounts: dict[str, Money] = attrs.field(factory=dict)
    missing_rates: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    nested: tuple[str, ...] = ()
    rates: tuple[ExchangeRate, ...] = ()

    @property
    def is_complete(self) -> bool:
        """True when every programme counted has a known budget and a rate (nested ones aside)."""
        return not self.missing_rates and not self.unknown and self.total is not None


@attrs.frozen
class ThemeTotal:
    """The budget that carries one policy marker at one significance, across a catalogue.

    Args:
        vocabulary: The PolicyMarkerVocabulary code.
        code: The policy marker code (``"1"`` gender equality, ``"2"`` aid to environment...).
        significance: The PolicySignificance, ``None`` where the source does not say.
        budget: The covered budgets in the reporting currency, programme by programme, with gaps.
    """

    vocabulary: str
    code: str
    significance: int | None
    budget: CatalogueTotal


def _rate_table(rates: Iterable[ExchangeRate]) -> dict[tuple[str, str], ExchangeRate]:
    """Index rates by (source, target); a rate serves backwards too (:meth:`Money.convert`)."""
    direct: dict[tuple[str, str], ExchangeRate] = {}
    for rate in rates:
        pair = (rate.source, rate.target)
        known = direct.setdefault(pair, rate)
        if known.rate != rate.rate:
            raise InvalidValueError(
                "rates", rate, f"hold one rate from {pair[0]} to {pair[1]} (also {known.rate})"
            )
    table = dict(direct)
    for (source, target), rate in direct.items():
        table.setdefault((target, source), rate)
    return table


def catalogue_total(
    catalogue: Catalogue,
    currency: str,
    rates: Iterable[ExchangeRate] = (),
    *,
    include_children: bool = False,
    strict: bool = False,
) -> CatalogueTotal:
    """The catalogue's budgets in ``currency``, converted only with the given ``rates``.

    A rate converts either way (its inverse is used for the opposite direction). A programme
    whose currency has no rate is listed in ``missing_rates`` and left out of the total (or,
    with ``strict=True``, raises). A child programme is left out when a parent in the catalogue
    has a known budget (a child's budget is normally part of its parent's), unless
    ``include_children`` is true.

    Raises:
        CurrencyMismatchError: with ``strict=True``, for the first budget without a rate.
        InvalidValueError: when two different rates are given for one currency pair.

    Example:
        >>> import datetime as dt
        >>> from itaproj import Budget, ExchangeRate, LocalizedText, Programme
        >>> cat = Catalogue((
        ...     Programme("a", LocalizedText({"en": "A"}), budget=Budget(total=Money(100, "EUR"))),
        ...     Programme("b", LocalizedText({"en": "B"}), budget=Budget(total=Money(110, "USD"))),
        ...     Programme("c", LocalizedText({"en": "C"}), budget=Budget(total=Money(5, "KZT")))))
        >>> total = catalogue_total(cat, "EUR", [ExchangeRate("EUR", "USD", "1.10", dt.date(2020, 1, 2))])
        >>> total.total, total.missing_rates
        (Money('200', 'EUR'), ('c',))
    """
    table = _rate_table(rates)
    entries: list[tuple[str, Money | None]] = []
    nested: list[str] = []
    inside = set() if include_children else _nested(catalogue)
    for programme in catalogue.programmes:
        if programme.key in inside:
            nested.append(programme.key)
        else:
            entries.append((programme.key, _budget_amount(programme.budget)))
    return _reporting_total(currency, entries, table, strict, tuple(nested))


def _nested(catalogue: Catalogue) -> set[str]:
    """Keys of the programmes with a parent in ``catalogue`` that has a known budget (linear time)."""
    known = {
        programme.key: _budget_amount(programme.budget) is not None for programme in catalogue.programmes
    }
    return _children_left_out(catalogue, known)


def _reporting_total(
    currency: str,
    entries: Iterable[tuple[str, Money | None]],
    table: dict[tuple[str, str], ExchangeRate],
    strict: bool,
    nested: tuple[str, ...],
) -> CatalogueTotal:
    amounts: dict[str, Money] = {}
    missing: list[str] = []
    unknown: list[str] = []
    used: dict[ExchangeRate, None] = {}
    for key, amount in entries:
        if amount is None:
            unknown.append(key)
            continue
        if amount.currency != currency:
            found = table.get((amount.currency, currency))
            if found is None:
                if strict:
                    raise CurrencyMismatchError(amount.currency, currency, "convert")
                missing.append(key)
                continue
            try:
                amount = amount.convert(found)
            except AmountRangeError:  # 10^18 or more once converted
                unknown.append(key)
                continue
            used[found] = None
        amounts[key] = amount
    total: Money | None = Money.zero(currency)
    for amount in amounts.values():
        try:
            total = total + amount
        except (BoundArithmeticError, AmountRangeError):
            total = None
            break
    return CatalogueTotal(currency, total, amounts, tuple(missing), tuple(unknown), nested, tuple(used))


def theme_totals(
    catalogue: Catalogue,
    currency: str,
    rates: Iterable[ExchangeRate] = (),
    *,
    include_children: bool = False,
) -> tuple[ThemeTotal, ...]:
    """How much of the catalogue's budget carries each policy marker, by significance.

    Themes are grouped by (vocabulary, code, significance); themes without a code (your own,
    vocabulary ``"99"``) cannot be matched across programmes and are left out. Each group's
    budget is the sum of its programmes' :attr:`ThemeCoverage.budget` in ``currency``, with the
    same gaps and nesting as :func:`catalogue_total`.

    Example:
        >>> from itaproj import Budget, CrossCuttingTheme, LocalizedText, Programme
        >>> gender = CrossCuttingTheme(LocalizedText({"en": "Gender"}), code="1", significance=1)
        >>> cat = Catalogue(tuple(
        ...     Programme(k, LocalizedText({"en": k}), budget=Budget(total=Money(n, "EUR")), themes=(gender,))
        ...     for k, n in (("a", 100), ("b", 50))))
        >>> (marker,) = theme_totals(cat, "EUR")
        >>> marker.code, marker.significance, marker.budget.total
        ('1', 1, Money('150', 'EUR'))
    """
    table = _rate_table(rates)
    groups: dict[tuple[str, str, int | None], list[tuple[str, Money | None]]] = {}
    nested: dict[tuple[str, str, int | None], list[str]] = {}
    children = set() if include_children else _nested(catalogue)
    for programme in catalogue.programmes:
        inside = programme.key in children
        for coverage in theme_coverage(programme):
            if coverage.code is None:
                continue
            group = (coverage.vocabulary, coverage.code, coverage.significance)
            groups.setdefault(group, [])
            if inside:
                nested.setdefault(group, []).append(programme.key)
            else:
                groups[group].append((programme.key, coverage.budget))
    return tuple(
        ThemeTotal(
            vocabulary,
            code,
            significance,
            _reporting_total(
                currency, entries, table, False, tuple(nested.get((vocabulary, code, significance), ()))
            ),
        )
        for (vocabulary, code, significance), entries in groups.items()
    )
