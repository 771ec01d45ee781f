"""Charts of programmes and catalogues, localized, with partial data drawn as what it is.

Every chart function takes a model object (a :class:`~itaproj.programme.Programme`, a
:class:`~itaproj.programme.Catalogue`, or a metric result where it makes sense), ``locale`` and
an optional matplotlib ``ax``, and returns a frozen result holding the figure, the Axes and the
artists it drew. Dates known to the year or month only are drawn as ranges, amounts that are
ranges as hatched segments, bounds ("more than 100") as arrows; money in several currencies is
never added up without exchange rates.

matplotlib is needed to draw (``pip install 'itaproj[plot]'``) but not to import this package:
without it, the functions raise :class:`~itaproj.errors.MissingDependencyError`. Figures are
made without pyplot, so no figure is left open and no display is needed.

* :func:`budget_by_year`, :func:`timeline`, :func:`beneficiaries_map`, :func:`beneficiaries_bar`,
  :func:`theme_coverage`, :func:`indicator_progress`: the charts;
* :func:`to_svg`: a figure as an inline ``<svg>`` element, text kept as text;
* :func:`report_charts`: every chart that has data for an object, as :class:`Chart` (a localized
  caption and the SVG), for HTML reports.

Example:
    >>> from itaproj.examples import load
    >>> from itaproj.plot import budget_by_year, report_charts
    >>> catalogue = load()
    >>> chart = budget_by_year(catalogue["m4eg"], locale="uk")  # EUR 14.5M over 2017-2020
    >>> chart.years, chart.axes.get_title()
    ((2017, 2018, 2019, 2020), 'Бюджет за роками')
    >>> len(chart.ranges)  # the years are known, not the days: every bar is a range
    4
    >>> [c.caption for c in report_charts(catalogue["kz-regional-development"], locale="en")][:2]
    ['Budget by year (hatched: the range where dates are partial)', 'Timeline (faded: dates known to the month or year only)']
"""

from __future__ import annotations

from itaproj.plot.budget import BudgetChart, budget_by_year
from itaproj.plot.figure import to_svg
from itaproj.plot.gantt import TimelineChart, TimelineRow, timeline
from itaproj.plot.geo import GRIDS, BeneficiaryBars, BeneficiaryMap, beneficiaries_bar, beneficiaries_map
from itaproj.plot.indicators import IndicatorChart, IndicatorRow, indicator_progress
from itaproj.plot.report import Chart, report_charts
from itaproj.plot.themes import ThemeChart, theme_coverage

__all__ = [
    "GRIDS",
    "BeneficiaryBars",
    "BeneficiaryMap",
    "BudgetChart",
    "Chart",
    "IndicatorChart",
    "IndicatorRow",
    "ThemeChart",
    "TimelineChart",
    "TimelineRow",
    "beneficiaries_bar",
    "beneficiaries_map",
    "budget_by_year",
    "indicator_progress",
    "report_charts",
    "theme_coverage",
    "timeline",
    "to_svg",
]
