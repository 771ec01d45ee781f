"""Derived metrics: durations, budget ratios, totals, indicator progress, beneficiary counts.

Every figure here is computed from the model and nothing is invented to make one computable:

* where dates are partial, a figure is a range (:class:`~itaproj.period.MonthRange`,
  :class:`DecimalRange`, :class:`MoneyRange`): 2017-2020 lasted 26 to 48 months, so EUR 14.5
  million over it is between EUR 3.625 million and EUR 6.69 million a year;
* where the source states a bound ("more than 300 applied"), the result keeps a bound as a
  :class:`~itaproj.quantity.Measure` with a qualifier (19 selected out of more than 300 is a
  ratio *less than* 19/300);
* where a figure cannot be computed (no shares stated, no budget, no exchange rate), the
  result says so (``None``, or a ``reason`` / a listed gap), never an even split or a skip;
* amounts in different currencies are added only through explicit
  :class:`~itaproj.money.ExchangeRate` objects;
* a figure that would fall outside the range of numbers the library holds (10^18 in
  magnitude, :mod:`itaproj.quantity`) is not computable either: ``None`` or a listed gap, so
  no metric of a valid programme raises for its size.

Shares computed here are fractions from 0 to 1 (``Decimal('0.25')`` is a quarter); fields
named ``percentage`` hold percentages as the model does (``25`` is a quarter).

The package has one module per topic (:mod:`~itaproj.metrics.time`, :mod:`~itaproj.metrics.splits`,
:mod:`~itaproj.metrics.themes`, :mod:`~itaproj.metrics.totals`, :mod:`~itaproj.metrics.indicators`,
:mod:`~itaproj.metrics.beneficiaries`, :mod:`~itaproj.metrics.bundles`,
:mod:`~itaproj.metrics.rollup`); everything is importable
from ``itaproj.metrics``. What to call for what:

* duration: ``Programme.duration`` (a ``MonthRange``); elapsed share at a date:
  ``elapsed_share(period, at)``;
* budget per year: ``budget_per_year(programme)`` (or ``per_year(amount, months)``); per
  recipient country: ``budget_per_country``; per component: ``component_budgets``;
* catalogue totals in one currency: ``catalogue_total(catalogue, "EUR", rates)``; budget under
  each policy marker by significance: ``theme_totals``; within one programme:
  ``theme_coverage``;
* indicators: ``indicator_change(indicator)``; selection: ``selection_ratio(selection)``;
* listed beneficiaries by kind, country, oblast and cluster: ``beneficiary_counts``;
* totals of budgets, planned disbursements or transactions by year, quarter, country, sector,
  funder ... in one currency: ``rollup(catalogue, by="year,country", currency="EUR", rates=...)``;
* everything at once: ``programme_metrics(programme, at)`` and
  ``catalogue_metrics(catalogue, at, currency, rates)``.

The results are frozen attrs classes holding model types, ``Decimal``, ``Money``, ``MonthRange``,
``int``, ``str``, tuples and ``dict[str, ...]``, so :func:`itaproj.io.to_builtins` can serialize
them. :func:`programme_metrics` and :func:`catalogue_metrics` bundle everything for the CLI
(``itaproj metrics FILE``).

Example:
    >>> from decimal import Decimal
    >>> from itaproj import Budget, LocalizedText, Money, Period, Programme
    >>> m4eg = Programme("m4eg", LocalizedText({"en": "Mayors for Economic Growth"}),
    ...                  period=Period.parse("2017", "2020"), budget=Budget(total=Money("14.5E6", "EUR")))
    >>> yearly = budget_per_year(m4eg)
    >>> str(yearly.low), str(yearly.high.amount.quantize(Decimal(1)))
    ('EUR 3,625,000', '6692308')
"""

from __future__ import annotations

from itaproj.metrics.beneficiaries import BeneficiaryCounts, beneficiary_counts
from itaproj.metrics.bundles import CatalogueMetrics, ProgrammeMetrics, catalogue_metrics, programme_metrics
from itaproj.metrics.indicators import IndicatorChange, SelectionRatio, indicator_change, selection_ratio
from itaproj.metrics.rollup import DIMENSIONS, Flow, Gap, Rollup, RollupRow, rollup
from itaproj.metrics.splits import ComponentBudget, CountrySplit, budget_per_country, component_budgets
from itaproj.metrics.themes import ThemeCoverage, theme_coverage
from itaproj.metrics.time import DecimalRange, budget_per_year, elapsed_share, per_year
from itaproj.metrics.totals import CatalogueTotal, ThemeTotal, catalogue_total, theme_totals
from itaproj.money import MoneyRange as MoneyRange  # (it lived here before: still importable)

__all__ = [
    "DIMENSIONS",
    "BeneficiaryCounts",
    "CatalogueMetrics",
    "CatalogueTotal",
    "ComponentBudget",
    "CountrySplit",
    "DecimalRange",
    "Flow",
    "Gap",
    "IndicatorChange",
    "ProgrammeMetrics",
    "Rollup",
    "RollupRow",
    "SelectionRatio",
    "ThemeCoverage",
    "ThemeTotal",
    "beneficiary_counts",
    "budget_per_country",
    "budget_per_year",
    "catalogue_metrics",
    "catalogue_total",
    "component_budgets",
    "elapsed_share",
    "indicator_change",
    "per_year",
    "programme_metrics",
    "rollup",
    "selection_ratio",
    "theme_coverage",
    "theme_totals",
]
