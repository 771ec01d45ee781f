"""The charts of a report: each chart that has data for a programme or catalogue, as inline SVG."""

from __future__ import annotations

import attrs

from itaproj.errors import CurrencyMismatchError
from itaproj.l10n.catalogs import translations
from itaproj.metrics.beneficiaries import beneficiary_counts
from itaproj.metrics.rollup import rollup
from itaproj.plot.budget import budget_by_year
from itaproj.plot.figure import require_matplotlib, to_svg
from itaproj.plot.gantt import timeline
from itaproj.plot.geo import GRIDS, beneficiaries_bar, beneficiaries_map
from itaproj.plot.indicators import indicator_progress
from itaproj.plot.themes import theme_coverage
from itaproj.programme import Catalogue, Programme

__all__ = ["Chart", "report_charts"]


@attrs.frozen
class Chart:
    """One chart of a report.

    Args:
        caption: What it shows, in the report's language.
        svg: The chart as an inline ``<svg>`` element.
    """

    caption: str
    svg: str


def report_charts(obj: Programme | Catalogue, *, locale: str) -> tuple[Chart, ...]:
    """The charts that have data for ``obj``, in report order, as SVG with localized captions.

    Budget by year (when there are budgets placed in time), timeline (when a period is
    known), beneficiaries (a tile map for Ukraine or Kazakhstan, bars elsewhere; when listed
    beneficiaries have a place), cross-cutting themes, indicator progress.

    Raises:
        MissingDependencyError: without matplotlib.
    """
    require_matplotlib("report charts")
    tr = translations(locale)
    programmes = obj.programmes if isinstance(obj, Catalogue) else (obj,)
    charts: list[Chart] = []
    if rollup(obj if isinstance(obj, Catalogue) else [obj], by="year").rows:
        try:
            budget = budget_by_year(obj, locale=locale)
        except CurrencyMismatchError:  # (several currencies: their bars side by side)
            budget = budget_by_year(obj, locale=locale, stack_by="currency")
        # TRANSLATORS: caption of the budget chart; hatching marks ranges.
        caption = tr.gettext("Budget by year (hatched: the range where dates are partial)")
        charts.append(Chart(caption, to_svg(budget.figure)))
    if any(p.period is not None and (p.period.start or p.period.end) for p in programmes):
        # TRANSLATORS: caption of the timeline chart.
        caption = tr.gettext("Timeline (faded: dates known to the month or year only)")
        charts.append(Chart(caption, to_svg(timeline(obj, locale=locale).figure)))
    counts = beneficiary_counts(obj)
    countries = {code.split("-", 1)[0] for code in counts.by_subdivision}
    # TRANSLATORS: caption of the beneficiaries map or bar chart.
    caption = tr.gettext("Listed beneficiaries by region")
    for country in ("UA", "KZ"):
        if country in countries:
            charts.append(
                Chart(caption, to_svg(beneficiaries_map(obj, country=country, locale=locale).figure))
            )
    if countries - set(GRIDS):
        charts.append(Chart(caption, to_svg(beneficiaries_bar(obj, locale=locale).figure)))
    if any(p.themes for p in programmes):
        # TRANSLATORS: caption of the cross-cutting themes chart.
        caption = tr.gettext("Cross-cutting themes by significance")
        charts.append(Chart(caption, to_svg(theme_coverage(obj, locale=locale).figure)))
    progress = indicator_progress(obj, locale=locale)
    if progress.rows:
        # TRANSLATORS: caption of the indicators chart.
        caption = tr.gettext("Indicators: baseline, target and latest value")
        charts.append(Chart(caption, to_svg(progress.figure)))
    return tuple(charts)
