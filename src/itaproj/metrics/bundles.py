"""Every metric of a programme or a catalogue at once (what ``itaproj metrics`` prints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from itaproj.errors import AmountRangeError
from itaproj.metrics.beneficiaries import BeneficiaryCounts, beneficiary_counts
from itaproj.metrics.indicators import (
    IndicatorChange,
    SelectionRatio,
    _as_measure,
    indicator_change,
    selection_ratio,
)
from itaproj.metrics.splits import (
    ComponentBudget,
    CountrySplit,
    _budget_amount,
    budget_per_country,
    component_budgets,
)
from itaproj.metrics.themes import ThemeCoverage, theme_coverage
from itaproj.metrics.time import DecimalRange, _per_months, budget_per_year, elapsed_share
from itaproj.metrics.totals import CatalogueTotal, ThemeTotal, catalogue_total, theme_totals
from itaproj.money import ExchangeRate, Money, MoneyRange
from itaproj.period import MonthRange, PartialDate
from itaproj.programme import Catalogue, Programme

__all__ = ["CatalogueMetrics", "ProgrammeMetrics", "catalogue_metrics", "programme_metrics"]


@attrs.frozen
class ProgrammeMetrics:
    """Every metric of one programme, as :func:`programme_metrics` computes them.

    Args:
        key: The programme's key.
        duration: Its length in months (a range when dates are partial).
        declared_months: The declared length in months ("four-year" is 48), if declared in
            months or years.
        at: The date ``elapsed`` refers to, if one was given.
        elapsed: The share of the period elapsed at ``at``, as a range of fractions.
        budget: The budget as one amount.
        budget_per_year: ``budget`` over the duration in years, as a range; ``None`` when
            unknown or 10^18 or more a year.
        budget_per_declared_year: ``budget`` over the declared length, when declared (and
            below 10^18 a year).
        countries: The budget by recipient country, or why not.
        components: Each component's budget and share.
        indicators: Change and progress of every indicator.
        selections: Selection ratios of the target groups that state a selection.
        beneficiaries: Listed beneficiaries by kind, country, oblast, cluster.
        themes: Coverage of every cross-cutting theme.
    """

    key: str
    duration: MonthRange | None = None
    declared_months: int | None = None
    at: PartialDate | None = None
    elapsed: DecimalRange | None = None
    budget: Money | None = None
    budget_per_year: MoneyRange | None = None
    budget_per_declared_year: Money | None = None
    countries: CountrySplit = attrs.field(factory=CountrySplit)
    components: tuple[ComponentBudget, ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    selections: tuple[SelectionRatio, ...] = ()
    beneficiaries: BeneficiaryCounts = attrs.field(factory=BeneficiaryCounts)
    themes: tuple[ThemeCoverage, ...] = ()


@attrs.frozen
class CatalogueMetrics:
    """Metrics of every programme of a catalogue, and catalogue-wide totals.

    Args:
        programmes: Programme key -> its metrics, in catalogue order.
        total: Budgets in the reporting currency, when one was asked for.
        beneficiaries: Listed beneficiaries of all programmes.
        themes: Budget carrying each policy marker by significance, when a currency was asked for.
    """

    programmes: dict[str, ProgrammeMetrics] = attrs.field(factory=dict)
    total: CatalogueTotal | None = None
    beneficiaries: BeneficiaryCounts = attrs.field(factory=BeneficiaryCounts)
    themes: tuple[ThemeTotal, ...] = ()


def _indicators(programme: Programme) -> Iterator[IndicatorChange]:
    for i, result in enumerate(programme.results):
        for j, indicator in enumerate(result.indicators):
            yield indicator_change(indicator, f"$.results[{i}].indicators[{j}]")


def _selections(programme: Programme) -> Iterator[SelectionRatio]:
    for i, group in enumerate(programme.target_groups):
        selection = group.selection
        if selection is not None:
            yield SelectionRatio(
                f"$.target_groups[{i}].selection",
                _as_measure(selection.applied),
                _as_measure(selection.selected),
                selection_ratio(selection),
            )


def programme_metrics(programme: Programme, at: dt.date | None = None) -> ProgrammeMetrics:
    """Every metric of ``programme``; ``elapsed`` only when a date ``at`` is given.

    Example:
        >>> from itaproj import Budget, LocalizedText, Money, Period, Programme
        >>> m = programme_metrics(Programme("m4eg", LocalizedText({"en": "M4EG"}),
        ...                       period=Period.parse("2017", "2020"),
        ...                       budget=Budget(total=Money("14.5E6", "EUR"))))
        >>> str(m.duration), m.countries.reason
        ('26–48', 'no recipient countries')
    """
    amount = _budget_amount(programme.budget)
    span = programme.declared_duration
    declared_months = None if span is None else span.months
    per_declared_year = None
    if amount is not None and declared_months:
        try:
            per_declared_year = _per_months(amount, declared_months)
        except AmountRangeError:
            per_declared_year = None
    elapsed = None
    if at is not None and programme.period is not None:
        elapsed = elapsed_share(programme.period, at)
    return ProgrammeMetrics(
        key=programme.key,
        duration=programme.duration,
        declared_months=declared_months,
        at=None if at is None else PartialDate.from_date(at),
        elapsed=elapsed,
        budget=amount,
        budget_per_year=budget_per_year(programme),
        budget_per_declared_year=per_declared_year,
        countries=budget_per_country(programme),
        components=component_budgets(programme),
        indicators=tuple(_indicators(programme)),
        selections=tuple(_selections(programme)),
        beneficiaries=beneficiary_counts(programme),
        themes=theme_coverage(programme),
    )


def catalogue_metrics(
    catalogue: Catalogue,
    at: dt.date | None = None,
    currency: str | None = None,
    rates: Iterable[ExchangeRate] = (),
) -> CatalogueMetrics:
    """Metrics of every programme and, when ``currency`` is given, the total in that currency.

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> cat = Catalogue((Programme("a", LocalizedText({"en": "A"}), budget=Budget(total=Money(7, "EUR"))),))
        >>> catalogue_metrics(cat, currency="EUR").total.total
        Money('7', 'EUR')
    """
    rates = tuple(rates)
    return CatalogueMetrics(
        {programme.key: programme_metrics(programme, at) for programme in catalogue.programmes},
        None if currency is None else catalogue_total(catalogue, currency, rates),
        beneficiary_counts(catalogue),
        () if currency is None else theme_totals(catalogue, currency, rates),
    )
