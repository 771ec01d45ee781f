"""Beneficiaries by oblast (Ukraine) or region (Kazakhstan) as a tile grid, and as bars for any country."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

from itaproj.errors import InvalidValueError
from itaproj.l10n.catalogs import translations
from itaproj.l10n.format import format_count, format_number, subdivision_name
from itaproj.metrics.beneficiaries import BeneficiaryCounts, beneficiary_counts
from itaproj.plot.figure import axes_for
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Count

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import FigureBase
    from matplotlib.patches import Rectangle
    from matplotlib.text import Text

__all__ = [
    "GRIDS",
    "BeneficiaryBars",
    "BeneficiaryMap",
    "beneficiaries_bar",
    "beneficiaries_map",
    "short_name",
]

#: ISO 3166-2 code -> (row, column) of its tile, rows from the north, roughly as on a map.
GRIDS: dict[str, dict[str, tuple[int, int]]] = {
    "UA": {
        "UA-07": (0, 1), "UA-56": (0, 2), "UA-18": (0, 3), "UA-30": (0, 4), "UA-74": (0, 5), "UA-59": (0, 6),
        "UA-46": (1, 0), "UA-61": (1, 1), "UA-68": (1, 2), "UA-05": (1, 3), "UA-32": (1, 4),
        "UA-53": (1, 5), "UA-63": (1, 6), "UA-09": (1, 7),
        "UA-21": (2, 0), "UA-26": (2, 1), "UA-77": (2, 2), "UA-35": (2, 3), "UA-71": (2, 4),
        "UA-12": (2, 5), "UA-14": (2, 6),
        "UA-51": (3, 2), "UA-48": (3, 3), "UA-65": (3, 4), "UA-23": (3, 5),
        "UA-40": (4, 3), "UA-43": (4, 4),
    },
    "KZ": {
        "KZ-27": (0, 0), "KZ-39": (0, 2), "KZ-59": (0, 3), "KZ-55": (0, 5),
        "KZ-23": (1, 0), "KZ-15": (1, 1), "KZ-11": (1, 3), "KZ-71": (1, 4), "KZ-10": (1, 5), "KZ-63": (1, 6),
        "KZ-47": (2, 0), "KZ-62": (2, 2), "KZ-35": (2, 3), "KZ-33": (2, 5),
        "KZ-43": (3, 1), "KZ-61": (3, 2), "KZ-31": (3, 3), "KZ-19": (3, 4),
        "KZ-79": (4, 2), "KZ-75": (4, 4),
    },
}  # fmt: skip

#: Words for "region" dropped from tile labels (the tile is the region): en, uk, ru, kk.
_GENERIC = {"oblast", "oblysy", "область", "облысы", "region", "місто", "город", "қаласы", "city", "qalasy"}
_NO_DATA = "#eeeeee"


def short_name(code: str, locale: str) -> str:
    """A subdivision's name for a small label: ``Київська`` for ``UA-32`` in Ukrainian, the code without names.

    Example:
        >>> short_name("UA-32", "uk"), short_name("UA-99", "uk")
        ('Київська', 'UA-99')
    """
    full = subdivision_name(code, locale)
    if full == code:
        return code
    name = full.removesuffix(f" ({code})")
    words = [word for word in name.split() if word.lower() not in _GENERIC]
    return " ".join(words) or name


@attrs.frozen
class BeneficiaryMap:
    """What :func:`beneficiaries_map` drew.

    Args:
        figure: The figure.
        axes: The Axes.
        country: ``"UA"`` or ``"KZ"``.
        tiles: ISO 3166-2 code -> its square.
        labels: ISO 3166-2 code -> its label (short name and count).
        counts: ISO 3166-2 code -> listed beneficiaries (0 where none).
        unplaced: Members of clusters spanning several regions of the country, by the
            comma-joined codes: not on any tile (written in a note under the map).
        declared: The counts the target groups declare (a bound stays a bound), shown in the note.
    """

    figure: FigureBase
    axes: Axes
    country: str
    tiles: dict[str, Rectangle]
    labels: dict[str, Text]
    counts: dict[str, int]
    unplaced: dict[str, int]
    declared: tuple[Count, ...]


@attrs.frozen
class BeneficiaryBars:
    """What :func:`beneficiaries_bar` drew: one bar per subdivision, most beneficiaries first."""

    figure: FigureBase
    axes: Axes
    codes: tuple[str, ...]
    bars: BarContainer
    counts: dict[str, int]
    declared: tuple[Count, ...]
    note: Text | None


def _declared(obj: Programme | Catalogue, country: str | None = None) -> tuple[Count, ...]:
    """The counts the target groups declare, of the programmes with listed beneficiaries in ``country``."""
    programmes = obj.programmes if isinstance(obj, Catalogue) else (obj,)
    return tuple(
        group.declared_count
        for programme in programmes
        if country is None or country in beneficiary_counts(programme).by_country
        for group in programme.target_groups
        if group.declared_count is not None
    )


def _wrapped(name: str, size: int = 11) -> str:
    """A long name on two lines, broken after a hyphen or between words."""
    if len(name) <= size:
        return name
    if "-" in name:
        head, tail = name.split("-", 1)
        return f"{head}-\n{tail}"
    words = name.split()
    return words[-1] if len(words) > 2 else "\n".join(words)


def _note(listed: int, declared: tuple[Count, ...], unplaced: int, locale: str) -> str:
    tr = translations(locale)
    parts = [
        # TRANSLATORS: under a beneficiaries chart: how many are listed by name in the source.
        tr.gettext("Listed: {count}").format(count=format_number(listed, locale)),
    ]
    if declared:
        stated = "; ".join(format_count(count, locale) for count in declared)
        # TRANSLATORS: under a beneficiaries chart: the counts the source states ("more than 100").
        parts.append(tr.gettext("Declared: {count}").format(count=stated))
    if unplaced:
        # TRANSLATORS: under a beneficiaries chart: members of clusters spanning several regions.
        parts.append(tr.gettext("In several regions: {count}").format(count=format_number(unplaced, locale)))
    return " · ".join(parts)


def beneficiaries_map(
    obj: Programme | Catalogue | BeneficiaryCounts,
    *,
    country: Literal["UA", "KZ"] = "UA",
    locale: str = "en",
    ax: Axes | None = None,
) -> BeneficiaryMap:
    """A tile grid of the oblasts of Ukraine or regions of Kazakhstan shaded by listed beneficiaries.

    Each square is one subdivision, placed roughly where it is on a map (:data:`GRIDS`); the
    darker, the more beneficiaries are listed there. Counts stated in the source ("more than
    100 communities") are written under the map as stated, bounds kept.

    Args:
        obj: A programme, a catalogue, or :func:`~itaproj.metrics.beneficiary_counts` of one.
        country: ``"UA"`` or ``"KZ"``.
        locale: The language of the names and numbers.
        ax: The Axes to draw on; a new figure when ``None``.

    Raises:
        InvalidValueError: another country.
        MissingDependencyError: without matplotlib.

    Example:
        >>> from itaproj.examples import load
        >>> chart = beneficiaries_map(load(), country="UA", locale="uk")
        >>> len(chart.tiles), chart.counts["UA-32"], chart.labels["UA-32"].get_text().split()
        (27, 4, ['Київська', '4'])
    """
    if country not in GRIDS:
        raise InvalidValueError("country", country, f"be one of {', '.join(GRIDS)}")
    grid = GRIDS[country]
    counts = obj if isinstance(obj, BeneficiaryCounts) else beneficiary_counts(obj)
    declared = () if isinstance(obj, BeneficiaryCounts) else _declared(obj, country)
    figure, axes = axes_for(ax, (8.0, 5.0))
    from matplotlib import colormaps
    from matplotlib.colors import Normalize
    from matplotlib.patches import Rectangle

    shown = {code: counts.by_subdivision.get(code, 0) for code in grid}
    top = max(shown.values(), default=0)
    colours = colormaps["Blues"]
    norm = Normalize(0, top if top > 0 else 1)
    tiles: dict[str, Rectangle] = {}
    labels: dict[str, Text] = {}
    for code, (row, column) in grid.items():
        count = shown[code]
        colour = colours(0.2 + 0.8 * norm(count)) if count > 0 else _NO_DATA
        tile = Rectangle((column, -row), 0.94, 0.94, facecolor=colour, edgecolor="white", gid=code)
        axes.add_patch(tile)
        tiles[code] = tile
        text = _wrapped(short_name(code, locale))
        if count:
            text = f"{text}\n{format_number(count, locale)}"
        labels[code] = axes.text(
            column + 0.47,
            -row + 0.47,
            text,
            ha="center",
            va="center",
            fontsize=6 if max(len(line) for line in text.split("\n")) <= 13 else 5,
            color="white" if count and norm(count) > 0.6 else "black",
        )
    unplaced = {
        codes: n
        for codes, n in counts.by_region_group.items()
        if all(c.startswith(f"{country}-") for c in codes.split(","))
    }
    columns = 1 + max(c for _, c in grid.values())
    rows = 1 + max(r for r, _ in grid.values())
    axes.set_xlim(-0.1, columns + 0.1)
    axes.set_ylim(-rows + 0.8, 1.1)
    axes.set_aspect("equal")
    axes.set_axis_off()
    tr = translations(locale)
    # TRANSLATORS: title of a tile map; {country} is the country's name ("Ukraine").
    axes.set_title(tr.gettext("Beneficiaries by region: {country}").format(country=_country(country, locale)))
    axes.text(
        0,
        -rows + 0.75,
        _note(sum(shown.values()), declared, sum(unplaced.values()), locale),
        fontsize="small",
        va="top",
    )
    return BeneficiaryMap(figure, axes, country, tiles, labels, shown, unplaced, declared)


def _country(code: str, locale: str) -> str:
    from itaproj.l10n.format import country_name

    return country_name(code, locale)


def beneficiaries_bar(
    obj: Programme | Catalogue | BeneficiaryCounts, *, locale: str = "en", ax: Axes | None = None
) -> BeneficiaryBars:
    """Horizontal bars of listed beneficiaries per subdivision (any country), most first.

    Args:
        obj: A programme, a catalogue, or :func:`~itaproj.metrics.beneficiary_counts` of one.
        locale: The language of the names and numbers.
        ax: The Axes to draw on; a new figure when ``None``.

    Raises:
        MissingDependencyError: without matplotlib.
    """
    counts = obj if isinstance(obj, BeneficiaryCounts) else beneficiary_counts(obj)
    declared = () if isinstance(obj, BeneficiaryCounts) else _declared(obj)
    codes = tuple(sorted(counts.by_subdivision, key=lambda code: (-counts.by_subdivision[code], code)))
    figure, axes = axes_for(ax, (7.0, max(2.5, 0.35 * len(codes) + 1.5)))
    values = [counts.by_subdivision[code] for code in codes]
    bars = axes.barh(list(range(len(codes))), values, color="tab:blue")
    axes.set_yticks(list(range(len(codes))), [short_name(code, locale) for code in codes])
    axes.invert_yaxis()
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: format_number(int(value), locale)))
    tr = translations(locale)
    # TRANSLATORS: title of a bar chart of listed beneficiaries per oblast or region.
    axes.set_title(tr.gettext("Beneficiaries by region"))
    unplaced = sum(counts.by_region_group.values())
    note = axes.text(
        0,
        -0.12,
        _note(counts.listed, declared, unplaced, locale),
        transform=axes.transAxes,
        fontsize="small",
        va="top",
    )
    return BeneficiaryBars(figure, axes, codes, bars, dict(counts.by_subdivision), declared, note)
