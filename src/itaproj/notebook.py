"""Notebook views: programmes, catalogues, metrics, roll-ups and findings as HTML in Jupyter.

The model classes know nothing of HTML; this module tells IPython how to show them. Importing
``itaproj`` inside IPython (Jupyter, VS Code, JupyterLite ...) registers the views for the
running shell, in English; call :func:`register` for another language, or load the extension
explicitly with ``%load_ext itaproj.notebook``. :func:`show` wraps any one value (a tuple of
findings, a dict of metrics) in a view in the language asked, without registering anything.

What is shown where:

* :class:`~itaproj.Programme`: its card; :class:`~itaproj.Catalogue`: a table of its programmes
  and their cards (:mod:`itaproj.l10n.html`);
* metrics (:class:`~itaproj.metrics.ProgrammeMetrics`, :class:`~itaproj.metrics.CatalogueMetrics`
  and their parts), roll-ups (:class:`~itaproj.metrics.Rollup`), catalogue totals, findings and
  finding groups: tables through :func:`itaproj.l10n.views.to_html`, values formatted in the
  view's language (money to the minor unit, ranges and bounds kept, fractions as percentages);
* the charts of :mod:`itaproj.plot` (what ``budget_by_year`` and the others return): the chart as
  inline SVG, text kept as text; ``show(programme, charts=True)`` shows a card (or a catalogue)
  followed by every chart that has data for it, as the HTML report does.

Example:
    >>> from itaproj.findings import Finding, Severity
    >>> view = show((Finding("budget.sum", Severity.WARNING, "sums to 99", "$.budget"),), locale="uk")
    >>> "<td>попередження</td>" in view._repr_html_()
    True
"""

from __future__ import annotations

import itertools
import sys
from typing import Any, Protocol

import attrs

__all__ = [
    "VIEWED_TYPES",
    "View",
    "html",
    "load_ipython_extension",
    "register",
    "show",
    "unload_ipython_extension",
]

#: The types that get an HTML view, as (module, class name): registered by name, so that
#: registering imports none of them.
VIEWED_TYPES: tuple[tuple[str, str], ...] = (
    ("itaproj.programme", "Programme"),
    ("itaproj.programme", "Catalogue"),
    ("itaproj.findings", "Finding"),
    ("itaproj.findings", "FindingGroup"),
    ("itaproj.metrics.bundles", "ProgrammeMetrics"),
    ("itaproj.metrics.bundles", "CatalogueMetrics"),
    ("itaproj.metrics.rollup", "Rollup"),
    ("itaproj.metrics.totals", "CatalogueTotal"),
    ("itaproj.metrics.totals", "ThemeTotal"),
    ("itaproj.metrics.beneficiaries", "BeneficiaryCounts"),
    ("itaproj.metrics.splits", "CountrySplit"),
    ("itaproj.metrics.indicators", "IndicatorChange"),
    ("itaproj.metrics.themes", "ThemeCoverage"),
    ("itaproj.plot.budget", "BudgetChart"),
    ("itaproj.plot.gantt", "TimelineChart"),
    ("itaproj.plot.geo", "BeneficiaryMap"),
    ("itaproj.plot.geo", "BeneficiaryBars"),
    ("itaproj.plot.themes", "ThemeChart"),
    ("itaproj.plot.indicators", "IndicatorChart"),
)


class _HtmlFormatter(Protocol):
    def for_type_by_name(self, type_module: str, type_name: str, func: Any = None) -> Any: ...

    def pop(self, typ: Any, default: Any = None) -> Any: ...


def html(obj: object, locale: str = "en", *, charts: bool = False) -> str:
    """The HTML view of ``obj`` in ``locale``: a card, a catalogue table, result tables or a chart.

    Args:
        obj: What to show.
        locale: The language (and region) to show it in.
        charts: For a programme or catalogue, add every chart of :func:`itaproj.plot.report_charts`
            that has data for it (needs matplotlib: ``pip install 'itaproj[plot]'``).

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> html(Programme("x", LocalizedText({"en": "X"})), "en").startswith('<article class="itaproj-programme"')
        True
    """
    from itaproj.programme import Catalogue, Programme

    if isinstance(obj, (Programme, Catalogue)):
        from itaproj.l10n.html import render_html

        page = render_html(obj, locale)
        if charts:
            from itaproj.plot import report_charts

            page += "".join(_figure(chart.svg, chart.caption) for chart in report_charts(obj, locale=locale))
        return page
    figure = _chart_figure(obj)
    if figure is not None:
        from itaproj.plot import to_svg

        return _figure(to_svg(figure))
    from itaproj.l10n.views import to_html

    return to_html(obj, locale)


def _chart_figure(obj: object) -> Any:
    """The figure of a chart result of :mod:`itaproj.plot`, or None for anything else."""
    kind = type(obj)
    if (kind.__module__, kind.__name__) in VIEWED_TYPES and kind.__module__.startswith("itaproj.plot."):
        return getattr(obj, "figure", None)
    return None


# Charts of several outputs share one notebook page: their SVG ids must differ across all of them.
_CHART_NUMBERS = itertools.count(1)


def _figure(svg: str, caption: str | None = None) -> str:
    from itaproj.l10n.html import figure_html

    return figure_html(
        svg,
        caption,
        id_prefix=f"itaproj-chart{next(_CHART_NUMBERS)}-",
        attributes=' class="itaproj-chart" style="max-width:100%;margin:1em 0"',
    )


@attrs.frozen
class View:
    """A value shown in a language: what :func:`show` returns; notebooks display it as HTML.

    Args:
        value: What to show.
        locale: The language (and region) to show it in.
        charts: Whether a programme or catalogue is followed by its charts.
    """

    value: object
    locale: str = "en"
    charts: bool = False

    def _repr_html_(self) -> str:
        return html(self.value, self.locale, charts=self.charts)

    def __str__(self) -> str:
        from itaproj.l10n.views import to_text

        return to_text(self.value, self.locale)


def show(value: object, *, locale: str = "en", charts: bool = False) -> View:
    """``value`` (a programme, a result, a tuple of findings ...) as a view in ``locale``.

    ``charts=True`` follows a programme or catalogue with its charts (see :func:`html`).

    Example:
        >>> from itaproj.metrics import Gap
        >>> print(show(Gap("m4eg", None, "no rate from UAH to EUR"), locale="en"))
        Programme: m4eg
        Amount: —
        Reason: no rate from UAH to EUR
    """
    from itaproj.l10n.catalogs import babel_locale

    babel_locale(locale)  # a bad locale fails here, not when the notebook renders
    if charts:
        from itaproj.plot.figure import require_matplotlib

        require_matplotlib("notebook charts")
    return View(value, locale, charts)


def _formatter(shell: Any) -> _HtmlFormatter:
    formatter: _HtmlFormatter = shell.display_formatter.formatters["text/html"]
    return formatter


def register(shell: Any = None, *, locale: str = "en") -> None:
    """Show itaproj's values as HTML in the IPython ``shell`` (the running one by default), in ``locale``.

    Calling it again replaces the language. Without a running IPython it does nothing.
    """
    from itaproj.l10n.catalogs import babel_locale

    babel_locale(locale)
    if shell is None:
        shell = _running_shell()
        if shell is None:
            return
    formatter = _formatter(shell)

    def view(obj: object) -> str:
        return html(obj, locale)

    for module, name in VIEWED_TYPES:
        formatter.for_type_by_name(module, name, view)


def _running_shell() -> Any:
    ipython = sys.modules.get("IPython")
    return None if ipython is None else ipython.get_ipython()


def load_ipython_extension(shell: Any) -> None:
    """``%load_ext itaproj.notebook``: register the views (in English) for ``shell``."""
    register(shell)


def unload_ipython_extension(shell: Any) -> None:
    """``%unload_ext itaproj.notebook``: take the views away again."""
    formatter = _formatter(shell)
    for module, name in VIEWED_TYPES:
        formatter.pop(f"{module}.{name}", None)
