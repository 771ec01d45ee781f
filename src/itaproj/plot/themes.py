"""Cross-cutting themes by significance: how many programmes carry each theme, at which level."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from itaproj.l10n.catalogs import translations
from itaproj.l10n.format import resolve
from itaproj.plot.figure import axes_for
from itaproj.programme import Catalogue, Programme

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import FigureBase

__all__ = ["ThemeChart", "significance_label", "theme_coverage"]

#: The order of the stacked segments: IATI PolicySignificance 0-4, then "not stated".
SIGNIFICANCES: tuple[int | None, ...] = (4, 3, 2, 1, 0, None)
_COLOURS = {4: "#08306b", 3: "#2171b5", 2: "#4292c6", 1: "#9ecae1", 0: "#d9d9d9", None: "#ffffff"}


def significance_label(significance: int | None, locale: str) -> str:
    """The IATI PolicySignificance name, localized.

    Example:
        >>> significance_label(2, "uk")
        'основна мета'
    """
    tr = translations(locale)
    if significance == 0:
        # TRANSLATORS: IATI PolicySignificance 0.
        return tr.gettext("not targeted")
    if significance == 1:
        # TRANSLATORS: IATI PolicySignificance 1.
        return tr.gettext("significant objective")
    if significance == 2:
        # TRANSLATORS: IATI PolicySignificance 2.
        return tr.gettext("principal objective")
    if significance == 3:
        # TRANSLATORS: IATI PolicySignificance 3 (desertification marker).
        return tr.gettext("principal objective and in support of an action programme")
    if significance == 4:
        # TRANSLATORS: IATI PolicySignificance 4 (disability/ nutrition markers).
        return tr.gettext("explicit primary objective")
    # TRANSLATORS: a theme whose significance the source does not state.
    return tr.gettext("significance not stated")


@attrs.frozen
class ThemeChart:
    """What :func:`theme_coverage` drew.

    Args:
        figure: The figure.
        axes: The Axes.
        themes: The theme labels, top to bottom.
        counts: (theme label, significance) -> number of programmes.
        bars: One container per significance drawn (in :data:`SIGNIFICANCES` order), each with
            one bar per theme.
        significances: The significance of each container of ``bars``.
    """

    figure: FigureBase
    axes: Axes
    themes: tuple[str, ...]
    counts: dict[tuple[str, int | None], int]
    bars: tuple[BarContainer, ...]
    significances: tuple[int | None, ...]


def theme_coverage(obj: Programme | Catalogue, *, locale: str = "en", ax: Axes | None = None) -> ThemeChart:
    """Stacked bars: for each cross-cutting theme, the programmes carrying it by significance.

    Themes are told apart by their policy marker code (titles of themes without one): the
    label is the title in ``locale`` of the first programme's theme.

    Args:
        obj: A programme or a catalogue.
        locale: The language of the labels.
        ax: The Axes to draw on; a new figure when ``None``.

    Raises:
        MissingDependencyError: without matplotlib.
    """
    programmes = obj.programmes if isinstance(obj, Catalogue) else (obj,)
    names: dict[str, str] = {}
    counts: dict[tuple[str, int | None], int] = {}
    for programme in programmes:
        seen: set[tuple[str, int | None]] = set()
        for theme in programme.themes:
            title = resolve(theme.label, locale)
            key = f"{theme.vocabulary}:{theme.code}" if theme.code is not None else title
            label = names.setdefault(key, title)
            cell = (label, theme.significance)
            if cell not in seen:
                seen.add(cell)
                counts[cell] = counts.get(cell, 0) + 1
    themes = tuple(names.values())
    figure, axes = axes_for(ax, (8.0, max(2.5, 0.5 * len(themes) + 1.5)))
    drawn = [s for s in SIGNIFICANCES if any(sig == s for _, sig in counts)]
    left = [0.0] * len(themes)
    bars: list[BarContainer] = []
    for significance in drawn:
        values = [float(counts.get((theme, significance), 0)) for theme in themes]
        bars.append(
            axes.barh(
                list(range(len(themes))),
                values,
                left=list(left),
                color=_COLOURS[significance],
                edgecolor="black",
                linewidth=0.5,
                hatch="//" if significance is None else None,
                label=significance_label(significance, locale),
            )
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(list(range(len(themes))), list(themes))
    axes.invert_yaxis()
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    tr = translations(locale)
    # TRANSLATORS: title of a chart of cross-cutting themes (gender, environment...).
    axes.set_title(tr.gettext("Cross-cutting themes by significance"))
    # TRANSLATORS: x axis of the cross-cutting themes chart.
    axes.set_xlabel(tr.gettext("Programmes"))
    if bars:
        axes.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    return ThemeChart(figure, axes, themes, counts, tuple(bars), tuple(drawn))
