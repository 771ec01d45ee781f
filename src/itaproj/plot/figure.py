"""Figures without pyplot, their SVG, and the localized number formats of their axes.

matplotlib is imported only when a chart is drawn: :func:`require_matplotlib` raises
:class:`~itaproj.errors.MissingDependencyError` (naming the ``plot`` extra) without it.
Figures are made with :class:`matplotlib.figure.Figure` directly, never through pyplot, so no
figure is registered anywhere: nothing is left open, and no display is needed.
"""

from __future__ import annotations

import io
import re
import threading
from typing import TYPE_CHECKING

from babel.numbers import format_compact_decimal

from itaproj.errors import MissingDependencyError
from itaproj.l10n.catalogs import babel_locale

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, FigureBase
    from matplotlib.ticker import FuncFormatter

__all__ = ["axes_for", "money_formatter", "require_matplotlib", "root_figure", "to_svg"]

#: The salt of the ids matplotlib writes into SVG (clip paths, hatches), so the output is stable.
HASHSALT = "itaproj"
# rcParams are global: a lock keeps the SVG settings of one conversion from another thread's.
_RC_LOCK = threading.Lock()
_DECLARATION = re.compile(r"\A.*?(?=<svg[\s>])", re.DOTALL)


def require_matplotlib(feature: str = "charts") -> None:
    """Check that matplotlib can be imported.

    Raises:
        MissingDependencyError: it cannot; the message says ``pip install 'itaproj[plot]'``.
    """
    try:
        import matplotlib.figure  # noqa: F401 (imported only to learn whether it can be)
    except ImportError:
        raise MissingDependencyError("matplotlib", "plot", feature) from None


def axes_for(ax: Axes | None, size: tuple[float, float] = (8.0, 4.5)) -> tuple[FigureBase, Axes]:
    """``ax`` and its figure; a new :class:`~matplotlib.figure.Figure` with one Axes when ``ax`` is None."""
    require_matplotlib()
    if ax is not None:
        figure = ax.get_figure()
        assert figure is not None  # (an Axes always belongs to a figure)
        return figure, ax
    from matplotlib.figure import Figure

    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def root_figure(figure: FigureBase) -> Figure:
    """The top-level figure of ``figure`` (itself, or the figure a subfigure belongs to)."""
    from matplotlib.figure import Figure

    while not isinstance(figure, Figure):
        parent = figure.get_figure()
        assert parent is not None
        figure = parent
    return figure


def money_formatter(locale: str) -> FuncFormatter:
    """A tick formatter writing numbers short and localized: ``14.5M`` (en), ``14,5 млн`` (uk)."""
    from matplotlib.ticker import FuncFormatter

    where = babel_locale(locale)

    def format_tick(value: float, position: float | None = None) -> str:
        return str(format_compact_decimal(value, format_type="short", locale=where, fraction_digits=1))

    return FuncFormatter(format_tick)


def to_svg(figure: FigureBase) -> str:
    """``figure`` as an inline ``<svg>`` element (no XML declaration, no doctype).

    Text stays text (``svg.fonttype`` ``none``), so it is searchable, selectable and in the
    reader's language; the output is deterministic: no date, fixed ids.

    Raises:
        MissingDependencyError: without matplotlib.

    Example:
        >>> from matplotlib.figure import Figure
        >>> figure = Figure(figsize=(2, 1))
        >>> _ = figure.add_subplot().set_title("Бюджет")
        >>> svg = to_svg(figure)
        >>> svg.startswith("<svg"), "Бюджет" in svg, svg == to_svg(figure)
        (True, True, True)
    """
    require_matplotlib("SVG output")
    import matplotlib

    buffer = io.StringIO()
    with _RC_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": HASHSALT}):
        root_figure(figure).savefig(buffer, format="svg", metadata={"Date": None})
    return _DECLARATION.sub("", buffer.getvalue(), count=1).strip()
