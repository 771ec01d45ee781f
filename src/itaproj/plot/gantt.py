"""Timeline: a Gantt chart of programmes (parents above their children) or of a programme's activities."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

import attrs
from babel.dates import format_date

from itaproj.activity import Activity
from itaproj.l10n.catalogs import babel_locale, translations
from itaproj.l10n.format import resolve
from itaproj.period import Period
from itaproj.plot.figure import axes_for
from itaproj.programme import Catalogue, Programme, RelationKind

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import FigureBase
    from matplotlib.patches import Rectangle

__all__ = ["TimelineChart", "TimelineRow", "timeline"]

_UNCERTAIN_HATCH = "\\\\"


@attrs.frozen
class TimelineRow:
    """One row of a timeline.

    Args:
        label: The localized title.
        depth: 0 for a top-level programme, 1 for its children (components' activities,
            child programmes), and so on.
        certain: The span the row surely covers (from the latest possible start to the
            earliest possible end); ``None`` when no day is surely covered.
        uncertain: Faded, hatched spans where the start or the end may lie (a date known to
            the year or month only); empty when both dates are exact days.
        open_ends: Arrows where the start or end is unknown, or the period is ongoing.
    """

    label: str
    depth: int
    certain: Rectangle | None
    uncertain: tuple[Rectangle, ...] = ()
    open_ends: tuple[Artist, ...] = ()


@attrs.frozen
class TimelineChart:
    """What :func:`timeline` drew: the rows from top to bottom, and the tick labels of the time axis."""

    figure: FigureBase
    axes: Axes
    rows: tuple[TimelineRow, ...]
    tick_labels: tuple[str, ...]


def _catalogue_rows(catalogue: Catalogue) -> Iterator[tuple[str, int, Period | None, Programme]]:
    keys = {p.key for p in catalogue.programmes}
    children: dict[str, list[Programme]] = {}
    has_parent: set[str] = set()
    for programme in catalogue.programmes:
        for relation in programme.relations:
            if relation.ref not in keys or relation.ref == programme.key:
                continue
            if relation.kind is RelationKind.PARENT:
                children.setdefault(relation.ref, []).append(programme)
                has_parent.add(programme.key)
            elif relation.kind is RelationKind.CHILD:
                children.setdefault(programme.key, []).append(catalogue[relation.ref])
                has_parent.add(relation.ref)
    seen: set[str] = set()

    def walk(programme: Programme, depth: int) -> Iterator[tuple[str, int, Period | None, Programme]]:
        if programme.key in seen:
            return
        seen.add(programme.key)
        yield programme.key, depth, programme.period, programme
        for child in children.get(programme.key, ()):
            yield from walk(child, depth + 1)

    for programme in catalogue.programmes:
        if programme.key not in has_parent:
            yield from walk(programme, 0)
    for programme in catalogue.programmes:  # (cycles: whatever is left)
        yield from walk(programme, 0)


def _activity_rows(
    activities: tuple[Activity, ...], depth: int, locale: str
) -> Iterator[tuple[str, int, Period | None]]:
    for activity in activities:
        yield resolve(activity.title, locale), depth, activity.period
        yield from _activity_rows(activity.activities, depth + 1, locale)


def _rows_of(obj: Programme | Catalogue, locale: str) -> list[tuple[str, int, Period | None]]:
    if isinstance(obj, Catalogue):
        return [
            (resolve(p.acronym or p.title, locale), depth, period)
            for _, depth, period, p in _catalogue_rows(obj)
        ]
    rows = [(resolve(obj.acronym or obj.title, locale), 0, obj.period)]
    rows.extend(_activity_rows(obj.activities, 1, locale))
    for component in obj.components:
        rows.append((resolve(component.title, locale), 1, None))
        rows.extend(_activity_rows(component.activities, 2, locale))
    return rows


def _short(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _day(date: dt.date) -> float:
    return float(date.toordinal())


def _ticks(first: dt.date, last: dt.date, locale: str) -> tuple[list[float], list[str]]:
    """Ticks at the start of each year, or of each quarter's first month over spans under 3 years."""
    if (last - first).days > 3 * 366:
        step = max(1, (last.year - first.year + 1) // 8)
        years = range(first.year, last.year + 2, step)
        return [_day(dt.date(year, 1, 1)) for year in years], [str(year) for year in years]
    where = babel_locale(locale)
    positions, labels = [], []
    month = dt.date(first.year, 1 + (first.month - 1) // 3 * 3, 1)
    while month <= last:
        positions.append(_day(month))
        # (a CLDR pattern: the abbreviated stand-alone month and the year, "бер. 2021")
        labels.append(str(format_date(month, "LLL y", locale=where)))
        month = dt.date(month.year + (month.month + 2) // 12, (month.month + 2) % 12 + 1, 1)
    return positions, labels


def timeline(obj: Programme | Catalogue, *, locale: str = "en", ax: Axes | None = None) -> TimelineChart:
    """A Gantt chart: programmes with their children below them, or a programme and its activities.

    A date known to the year or month only is drawn as the range it may fall in (faded and
    hatched), not as a day; an unknown end (or an ongoing period) gets an open arrow.

    Args:
        obj: A catalogue (each child programme under its parent) or a programme (its activities
            and its components' activities under it).
        locale: The language of the labels and month names.
        ax: The Axes to draw on; a new figure when ``None``.

    Raises:
        MissingDependencyError: without matplotlib.

    Example:
        >>> from itaproj import LocalizedText, Period, Programme
        >>> chart = timeline(Programme("kz", LocalizedText({"en": "KZ"}), period=Period.parse("2013", "2017")))
        >>> row = chart.rows[0]
        >>> len(row.uncertain), float(row.certain.get_width())  # two faded years; 31 Dec 2013 to 1 Jan 2017 for sure
        (2, 1098.0)
    """
    tr = translations(locale)
    rows = _rows_of(obj, locale)
    figure, axes = axes_for(ax, (8.0, max(2.5, 0.45 * len(rows) + 1.2)))
    known = [
        day
        for _, _, period in rows
        if period is not None
        for date in (period.start, period.end)
        if date is not None
        for day in (date.earliest(), date.latest())
    ]
    first, last = (min(known), max(known)) if known else (dt.date(2000, 1, 1), dt.date(2000, 12, 31))
    pad = max(30.0, (last - first).days * 0.06)
    drawn: list[TimelineRow] = []
    colour = "tab:blue"
    for index, (label, depth, period) in enumerate(rows):
        y = float(index)
        certain: Rectangle | None = None
        uncertain: list[Rectangle] = []
        open_ends: list[Artist] = []
        if period is not None and (period.start is not None or period.end is not None):
            start, end = period.start, period.end
            if start is not None and end is not None and start.latest() <= end.earliest():
                (certain,) = axes.barh(
                    [y],
                    [_day(end.earliest()) - _day(start.latest()) + 1],
                    left=[_day(start.latest())],
                    height=0.6,
                    color=colour,
                )
            for date in (start, end):
                if date is not None and date.earliest() != date.latest():
                    (piece,) = axes.barh(
                        [y],
                        [_day(date.latest()) - _day(date.earliest()) + 1],
                        left=[_day(date.earliest())],
                        height=0.6,
                        color=colour,
                        alpha=0.3,
                        hatch=_UNCERTAIN_HATCH,
                        linewidth=0,
                    )
                    uncertain.append(piece)
            if start is None and end is not None:
                open_ends.append(
                    axes.annotate(
                        "",
                        xy=(_day(end.earliest()) - pad, y),
                        xytext=(_day(end.earliest()), y),
                        arrowprops={"arrowstyle": "->", "linestyle": "--"},
                    )
                )
            if end is None and start is not None:
                open_ends.append(
                    axes.annotate(
                        "",
                        xy=(_day(start.latest()) + pad, y),
                        xytext=(_day(start.latest()), y),
                        arrowprops={"arrowstyle": "->", "linestyle": "--"},
                    )
                )
        drawn.append(TimelineRow(label, depth, certain, tuple(uncertain), tuple(open_ends)))
    axes.set_yticks(
        [float(i) for i in range(len(rows))], ["· " * depth + _short(label) for label, depth, _ in rows]
    )
    axes.invert_yaxis()
    positions, labels = _ticks(first, last, locale)
    axes.set_xticks(positions, labels)
    axes.set_xlim(
        min([*positions, _day(first)]) - pad, max(_day(last), positions[-1] if positions else 0.0) + pad
    )
    # TRANSLATORS: the title of a Gantt chart of programmes and activities.
    axes.set_title(tr.gettext("Timeline"))
    axes.tick_params(axis="y", labelsize="small")
    return TimelineChart(figure, axes, tuple(drawn), tuple(labels))
