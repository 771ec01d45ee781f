"""Indicator progress: baseline, target and latest actual value of each indicator, bounds kept."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs

from itaproj.l10n.catalogs import translations
from itaproj.l10n.format import format_measure, resolve
from itaproj.metrics.indicators import IndicatorChange, indicator_change
from itaproj.plot.figure import axes_for
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Measure

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase

__all__ = ["IndicatorChart", "IndicatorRow", "indicator_progress"]


@attrs.frozen
class IndicatorRow:
    """One indicator of the chart.

    Args:
        label: The indicator's title (with the programme's key, for a catalogue).
        change: Its figures, from :func:`itaproj.metrics.indicator_change`.
        markers: What was drawn, by name: ``"baseline"``, ``"target"``, ``"actual"`` (a dot),
            ``"bound"`` (an arrow on an actual value stated as a bound), ``"line"`` (from the
            baseline to the actual value).
    """

    label: str
    change: IndicatorChange
    markers: dict[str, Artist]


@attrs.frozen
class IndicatorChart:
    """What :func:`indicator_progress` drew: one row per indicator with a number, top to bottom.

    Each row has its own scale (0 to its largest figure), written next to its markers.
    """

    figure: FigureBase
    axes: Axes
    rows: tuple[IndicatorRow, ...]


def _changes(obj: Programme | Catalogue, locale: str) -> Iterator[tuple[str, IndicatorChange]]:
    programmes = obj.programmes if isinstance(obj, Catalogue) else (obj,)
    several = sum(1 for p in programmes if any(r.indicators for r in p.results)) > 1
    for programme in programmes:
        for i, result in enumerate(programme.results):
            for j, indicator in enumerate(result.indicators):
                change = indicator_change(indicator, f"$.results[{i}].indicators[{j}]")
                if change.baseline is None and change.target is None and change.latest is None:
                    continue
                title = resolve(indicator.title, locale)
                yield (f"{programme.key}: {title}" if several else title), change


def _short(text: str, size: int = 48) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def indicator_progress(
    obj: Programme | Catalogue, *, locale: str = "en", ax: Axes | None = None
) -> IndicatorChart:
    """For each indicator with a number: baseline (grey), target (ring) and latest actual (dot).

    An actual value stated as a bound ("more than 100") is an arrow pointing the way the true
    value lies, not a dot. Values are written as stated, localized, bounds in words.

    Args:
        obj: A programme or a catalogue.
        locale: The language of the labels and numbers.
        ax: The Axes to draw on; a new figure when ``None``.

    Raises:
        MissingDependencyError: without matplotlib.
    """
    changes = list(_changes(obj, locale))
    figure, axes = axes_for(ax, (8.0, max(2.5, 0.5 * len(changes) + 1.5)))
    tr = translations(locale)
    rows: list[IndicatorRow] = []
    lowest = 0.0
    for index, (label, change) in enumerate(changes):
        y = float(index)
        present = [m for m in (change.baseline, change.target, change.latest) if m is not None]
        scale = float(max(abs(m.value) for m in present)) or 1.0

        def x(measure: Measure, scale: float = scale) -> float:
            return float(measure.value) / scale

        lowest = min(lowest, *(x(m) for m in present))
        markers: dict[str, Artist] = {}
        if change.baseline is not None and change.latest is not None:
            (markers["line"],) = axes.plot(
                [x(change.baseline), x(change.latest)], [y, y], color="tab:blue", linewidth=2
            )
        if change.baseline is not None:
            (markers["baseline"],) = axes.plot([x(change.baseline)], [y], "o", color="grey")
        if change.target is not None:
            (markers["target"],) = axes.plot(
                [x(change.target)], [y], "o", markerfacecolor="none", markeredgecolor="tab:red", markersize=10
            )
        latest = change.latest
        if latest is not None:
            if latest.qualifier.is_lower_bound or latest.qualifier.is_upper_bound:
                marker = ">" if latest.qualifier.is_lower_bound else "<"
                (markers["bound"],) = axes.plot([x(latest)], [y], marker, color="tab:blue", markersize=9)
            else:
                (markers["actual"],) = axes.plot([x(latest)], [y], "o", color="tab:blue")
        values = []
        for name, measure in (
            # TRANSLATORS: short label of an indicator's baseline value in a chart.
            (tr.gettext("baseline"), change.baseline),
            # TRANSLATORS: short label of an indicator's target value in a chart.
            (tr.gettext("target"), change.target),
            # TRANSLATORS: short label of an indicator's latest actual value in a chart.
            (tr.gettext("actual"), change.latest),
        ):
            if measure is not None:
                values.append(f"{name} {format_measure(measure, locale)}")
        axes.text(1.08, y, ", ".join(values), va="center", fontsize="x-small")
        rows.append(IndicatorRow(label, change, markers))
    axes.set_yticks([float(i) for i in range(len(changes))], [_short(label) for label, _ in changes])
    axes.set_xlim(min(-0.05, lowest - 0.05), 1.9)
    axes.set_xticks([])
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize="small")
    # TRANSLATORS: title of a chart of indicators: baseline, target and actual values.
    axes.set_title(tr.gettext("Indicator progress"))
    return IndicatorChart(figure, axes, tuple(rows))
