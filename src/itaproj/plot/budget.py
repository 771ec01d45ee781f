"""Budget by year: bars from :func:`itaproj.metrics.rollup`, uncertainty drawn, currencies kept apart."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Literal

import attrs

from itaproj.errors import CurrencyMismatchError, InvalidValueError
from itaproj.l10n.catalogs import translations
from itaproj.l10n.format import country_name
from itaproj.metrics.rollup import Gap, Rollup, RollupRow, rollup
from itaproj.plot.figure import axes_for, money_formatter
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Qualifier

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.container import BarContainer
    from matplotlib.figure import FigureBase

    from itaproj.rates import RateProvider

__all__ = ["BudgetChart", "budget_by_year"]

StackBy = Literal["funder", "country", "currency"]
_STACKS = ("funder", "country", "currency")
_RANGE_HATCH = "///"


@attrs.frozen
class BudgetChart:
    """What :func:`budget_by_year` drew.

    Args:
        figure: The figure.
        axes: The Axes drawn on.
        years: The years on the x axis, in order.
        layers: The label of each stack layer (or bar group, for currencies kept apart).
        bars: One bar container per layer: the amount known for sure (the low end of a range).
        ranges: Hatched segments from the low to the high end where an amount is a range
            (a period known to the year or month only); one per year that has a range.
        bounds: Arrows (and marks) where an amount is a bound: up for "more than", down for
            "less than", and ``≈`` for "about".
        currency: The currency of the amounts; ``None`` when bars of several currencies stand
            side by side (each layer is then one currency).
        totals: Low and high total per (year, layer), as the numbers drawn.
        gaps: Money the roll-up could not place in a year or convert (no period, no rate...),
            with the reasons: it is not in the bars.
    """

    figure: FigureBase
    axes: Axes
    years: tuple[int, ...]
    layers: tuple[str, ...]
    bars: tuple[BarContainer, ...]
    ranges: tuple[Artist, ...]
    bounds: tuple[Artist, ...]
    currency: str | None
    totals: dict[tuple[int, str], tuple[Decimal, Decimal]]
    gaps: tuple[Gap, ...] = ()


def _rollup_of(
    obj: Programme | Catalogue | Rollup,
    stack_by: str | None,
    currency: str | None,
    rates: RateProvider | None,
) -> Rollup:
    if isinstance(obj, Rollup):
        if "year" not in obj.by:
            raise InvalidValueError("obj", obj.by, "be a roll-up by year")
        if stack_by not in (None, "currency") and stack_by not in obj.by:
            raise InvalidValueError(
                "stack_by", stack_by, f"be a dimension of the roll-up ({', '.join(obj.by)})"
            )
        if currency is not None or rates is not None:
            raise InvalidValueError("currency", currency, "be given to rollup(), not with a roll-up")
        return obj
    by = ["year", "currency"]
    if stack_by is not None and stack_by != "currency":
        by.append(stack_by)
    source: Catalogue | list[Programme] = obj if isinstance(obj, Catalogue) else [obj]
    return rollup(source, by=by, currency=currency, rates=rates)


def _layer_label(rolled: Rollup, row: RollupRow, stack_by: str | None, locale: str) -> str:
    if stack_by is None:
        return row.amount.currency
    if stack_by == "currency":
        return row.amount.currency
    key = row.keys[rolled.by.index(stack_by)] if stack_by in rolled.by else None
    if key is None:
        return translations(locale).gettext("not stated")
    if stack_by == "country":
        return country_name(key, locale)
    return key


def budget_by_year(
    obj: Programme | Catalogue | Rollup,
    *,
    locale: str = "en",
    stack_by: StackBy | None = None,
    currency: str | None = None,
    rates: RateProvider | None = None,
    ax: Axes | None = None,
) -> BudgetChart:
    """Bars of budget per year, placed in time by :func:`itaproj.metrics.rollup`.

    A budget over a period known to the year or month only is a range per year: the bar is
    solid up to the low end and hatched up to the high end. An amount stated as a bound ("more
    than EUR 5 million") gets an arrow. Amounts in several currencies are never added up:
    give ``currency`` and ``rates`` to convert them, or ``stack_by="currency"`` to draw them
    side by side.

    Args:
        obj: A programme, a catalogue (children whose parent has a budget are not counted
            twice) or a roll-up by ``year`` (and at most one more dimension).
        locale: The language of the labels and numbers.
        stack_by: ``"funder"`` or ``"country"`` to stack bars by it, ``"currency"`` to draw
            each currency's bars side by side.
        currency: Convert every amount to this currency (with ``rates``).
        rates: The exchange rates, a :class:`~itaproj.rates.RateProvider`.
        ax: The Axes to draw on; a new figure when ``None``.

    Returns:
        The figure, the Axes and what was drawn, for tests and further styling.

    Raises:
        CurrencyMismatchError: amounts in several currencies, neither converted nor kept apart.
        InvalidValueError: an unknown ``stack_by``, or ``stack_by="currency"`` with ``currency``
            (or ``currency``/``rates`` with a roll-up: convert in :func:`~itaproj.metrics.rollup`).
        MissingDependencyError: without matplotlib.

    Example:
        >>> from itaproj import Budget, BudgetLine, LocalizedText, Money, Period, Programme
        >>> p = Programme("p", LocalizedText({"en": "P"}), budget=Budget(lines=(
        ...     BudgetLine(Money(1000, "EUR"), Period.parse("2020-01-01", "2020-12-31")),
        ...     BudgetLine(Money(1000, "EUR"), Period.parse("2021-12", "2022-01")))))
        >>> chart = budget_by_year(p, locale="uk")
        >>> chart.years, [float(bar.get_height()) for bar in chart.bars[0]]
        ((2020, 2021, 2022), [1000.0, 31.25, 31.25])
        >>> [(float(r.get_y()), float(r.get_y() + r.get_height())) for r in chart.ranges]  # 1 to 31 days of 32
        [(31.25, 968.75), (31.25, 968.75)]
    """
    if stack_by is not None and stack_by not in _STACKS:
        raise InvalidValueError("stack_by", stack_by, f"be None or one of {', '.join(_STACKS)}")
    if stack_by == "currency" and currency is not None:
        raise InvalidValueError("stack_by", stack_by, "not be 'currency' when amounts are converted to one")
    rolled = _rollup_of(obj, stack_by, currency, rates)
    currencies = sorted({row.amount.currency for row in rolled.rows})
    if len(currencies) > 1 and stack_by != "currency":
        raise CurrencyMismatchError(currencies[0], currencies[1], "plot")
    tr = translations(locale)
    figure, axes = axes_for(ax)
    totals: dict[tuple[int, str], tuple[Decimal, Decimal]] = {}
    qualifiers: dict[tuple[int, str], set[Qualifier]] = {}
    for row in rolled.rows:
        year_key = row.keys[rolled.by.index("year")]
        if year_key is None:
            continue
        key = (int(year_key), _layer_label(rolled, row, stack_by, locale))
        low_sum, high_sum = totals.get(key, (Decimal(0), Decimal(0)))
        totals[key] = (low_sum + row.amount.low.amount, high_sum + row.amount.high.amount)
        qualifiers.setdefault(key, set()).update((row.amount.low.qualifier, row.amount.high.qualifier))
    years = tuple(range(min(y for y, _ in totals), max(y for y, _ in totals) + 1)) if totals else ()
    layers = tuple(sorted({layer for _, layer in totals}))
    side_by_side = stack_by == "currency"
    width = 0.8 / len(layers) if side_by_side and layers else 0.8
    bars: list[BarContainer] = []
    base = dict.fromkeys(years, 0.0)
    top_low: dict[tuple[float, str], float] = {}
    top_high: dict[tuple[float, str], float] = {}
    marks: dict[tuple[float, str], set[Qualifier]] = {}
    for index, layer in enumerate(layers):
        xs = [
            year + (index - (len(layers) - 1) / 2) * width if side_by_side else float(year) for year in years
        ]
        lows = [float(totals.get((year, layer), (Decimal(0), Decimal(0)))[0]) for year in years]
        bottoms = [0.0 if side_by_side else base[year] for year in years]
        bars.append(axes.bar(xs, lows, width=width, bottom=bottoms, label=layer))
        for x, year, low in zip(xs, years, lows, strict=True):
            group = layer if side_by_side else ""
            if not side_by_side:
                base[year] += low
            high = float(totals.get((year, layer), (Decimal(0), Decimal(0)))[1])
            top_low[(x, group)] = top_low.get((x, group), 0.0) + low
            top_high[(x, group)] = top_high.get((x, group), 0.0) + high
            marks.setdefault((x, group), set()).update(qualifiers.get((year, layer), set()))
    ranges: list[Artist] = []
    bounds: list[Artist] = []
    for (x, group), low in sorted(top_low.items()):
        high = top_high[(x, group)]
        if high > low:
            (segment,) = axes.bar(
                [x], [high - low], width=width, bottom=[low], fill=False, hatch=_RANGE_HATCH, linewidth=0.8
            )
            segment.set_gid("range")
            ranges.append(segment)
        found = marks[(x, group)]
        if any(q.is_lower_bound for q in found):
            bounds.append(
                axes.annotate("", xy=(x, high * 1.12 or 1), xytext=(x, high), arrowprops={"arrowstyle": "->"})
            )
        if any(q.is_upper_bound for q in found):
            bounds.append(
                axes.annotate("", xy=(x, high * 0.88), xytext=(x, high), arrowprops={"arrowstyle": "->"})
            )
        if Qualifier.ABOUT in found:
            bounds.append(axes.text(x, high, "≈", ha="center", va="bottom"))
    shown_currency = None if side_by_side else (currencies[0] if currencies else currency)
    axes.set_xticks(list(years), [str(year) for year in years])
    axes.yaxis.set_major_formatter(money_formatter(locale))
    # TRANSLATORS: the title of a bar chart of budgets per calendar year.
    axes.set_title(tr.gettext("Budget by year"))
    axes.set_xlabel(tr.gettext("Year"))
    if shown_currency is not None:
        # TRANSLATORS: the y axis of a budget chart; {currency} is an ISO 4217 code (EUR).
        axes.set_ylabel(tr.gettext("Amount, {currency}").format(currency=shown_currency))
    else:
        axes.set_ylabel(tr.gettext("Amount"))
    if len(layers) > 1 or ranges:
        handles, labels = axes.get_legend_handles_labels()
        if ranges:
            from matplotlib.patches import Patch

            handles.append(Patch(fill=False, hatch=_RANGE_HATCH))
            # TRANSLATORS: legend of the hatched part of a bar: the amount lies somewhere in it.
            labels.append(tr.gettext("range (dates known to the month or year)"))
        axes.legend(handles, labels, fontsize="small")
    return BudgetChart(
        figure,
        axes,
        years,
        layers,
        tuple(bars),
        tuple(ranges),
        tuple(bounds),
        shown_currency,
        totals,
        rolled.gaps,
    )
