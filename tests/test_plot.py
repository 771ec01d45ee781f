"""itaproj.plot: the structure of what each chart draws (not pixels), localization, SVG, no matplotlib."""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from matplotlib._pylab_helpers import Gcf
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Annotation

from itaproj import (
    Beneficiary,
    Budget,
    BudgetLine,
    Catalogue,
    CountryShare,
    CrossCuttingTheme,
    ExchangeRate,
    Indicator,
    LocalizedText,
    Location,
    Measure,
    Money,
    Observation,
    Organisation,
    Participant,
    Period,
    Programme,
    Qualifier,
    Relation,
    Result,
    Role,
    TargetGroup,
)
from itaproj.activity import Activity
from itaproj.errors import CurrencyMismatchError, InvalidValueError, MissingDependencyError
from itaproj.examples import load
from itaproj.metrics import rollup
from itaproj.plot import (
    GRIDS,
    beneficiaries_bar,
    beneficiaries_map,
    budget_by_year,
    indicator_progress,
    report_charts,
    theme_coverage,
    timeline,
    to_svg,
)
from itaproj.quantity import Count
from itaproj.rates import RateTable

SVG = "{http://www.w3.org/2000/svg}"


def _text(en: str) -> LocalizedText:
    return LocalizedText({"en": en})


def _line(
    amount: int | str, start: str, end: str, currency: str = "EUR", qualifier: str = "exact"
) -> BudgetLine:
    return BudgetLine(Money(amount, currency, qualifier), Period.parse(start, end))


def _programme(key: str, *lines: BudgetLine, **fields: object) -> Programme:
    # (fields: keyword arguments of Programme, typed loosely for this helper)
    return Programme(key, _text(key.upper()), budget=Budget(lines=lines) if lines else None, **fields)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load()


@pytest.fixture(autouse=True)
def _no_figure_left_open() -> object:
    yield
    assert Gcf.get_num_fig_managers() == 0


# --- budget by year -------------------------------------------------------------------------------


def test_exact_budget_lines_are_plain_bars_of_their_sums() -> None:
    p = _programme(
        "p",
        _line(1000, "2020-01-01", "2020-12-31"),
        _line(500, "2021-01-01", "2021-12-31"),
        _line(250, "2021-03-01", "2021-06-30"),
    )
    chart = budget_by_year(p)
    assert chart.years == (2020, 2021)
    assert chart.layers == ("EUR",)
    (bars,) = chart.bars
    assert [bar.get_height() for bar in bars] == [1000.0, 750.0]  # 500 + 250 in 2021
    assert [bar.get_x() + bar.get_width() / 2 for bar in bars] == [2020.0, 2021.0]
    assert chart.ranges == ()
    assert chart.bounds == ()
    assert chart.currency == "EUR"


def test_a_period_known_to_the_month_is_a_hatched_range() -> None:
    # December 2022 to January 2023, by days: 2022 has 1 to 31 of the 32 to 62 days... the
    # extremes are 1 day of 32 (31 Dec - 31 Jan) and 31 of 32 (1 Dec - 1 Jan): 31.25 to 968.75.
    chart = budget_by_year(_programme("p", _line(1000, "2022-12", "2023-01")))
    assert chart.years == (2022, 2023)
    assert [bar.get_height() for bar in chart.bars[0]] == [31.25, 31.25]
    assert len(chart.ranges) == 2
    for segment in chart.ranges:
        # (ranges hold Rectangles, typed as the Artist base class)
        assert segment.get_y() == 31.25  # type: ignore[attr-defined]
        assert segment.get_height() == 968.75 - 31.25  # type: ignore[attr-defined]
        assert segment.get_hatch()  # type: ignore[attr-defined]
    assert chart.bounds == ()


def test_a_bound_gets_an_arrow_and_an_exact_amount_none() -> None:
    p = _programme(
        "p",
        _line(100, "2021-01-01", "2021-12-31", qualifier="more_than"),
        _line(100, "2022-01-01", "2022-12-31"),
    )
    chart = budget_by_year(p)
    assert [bar.get_height() for bar in chart.bars[0]] == [100.0, 100.0]
    assert len(chart.bounds) == 1
    arrow = chart.bounds[0]
    assert isinstance(arrow, Annotation)
    assert arrow.xy[0] == 2021.0
    assert arrow.xy[1] > 100  # pointing up: more than 100
    assert chart.ranges == ()


def test_currencies_are_never_summed_without_a_rate() -> None:
    p = _programme(
        "p", _line(1000, "2020-01-01", "2020-12-31"), _line(4000, "2020-01-01", "2020-12-31", "UAH")
    )
    with pytest.raises(CurrencyMismatchError, match="EUR and UAH"):
        budget_by_year(p)
    apart = budget_by_year(p, stack_by="currency")
    assert apart.layers == ("EUR", "UAH")
    assert apart.currency is None
    assert [[bar.get_height() for bar in layer] for layer in apart.bars] == [[1000.0], [4000.0]]
    assert [bar.get_y() for layer in apart.bars for bar in layer] == [0.0, 0.0]  # side by side
    rates = RateTable([ExchangeRate("UAH", "EUR", "0.025", dt.date(2019, 12, 31))], "test")
    converted = budget_by_year(p, currency="EUR", rates=rates)
    assert [bar.get_height() for bar in converted.bars[0]] == [1100.0]  # 1000 + 4000 * 0.025
    assert converted.gaps == ()
    no_rate = budget_by_year(p, currency="EUR", rates=RateTable([], "empty"))
    assert [bar.get_height() for bar in no_rate.bars[0]] == [1000.0]  # the UAH line is a gap, not a zero
    assert [gap.amount for gap in no_rate.gaps] == [Money(4000, "UAH")]
    with pytest.raises(InvalidValueError):
        budget_by_year(p, stack_by="currency", currency="EUR", rates=rates)
    with pytest.raises(InvalidValueError):
        # (a value outside the Literal, on purpose)
        budget_by_year(p, stack_by="sector")  # type: ignore[arg-type]


def test_stacked_by_funder() -> None:
    eu, gac = Organisation("eu", _text("EU")), Organisation("gac", _text("GAC"))
    catalogue = Catalogue(
        (
            _programme(
                "a", _line(300, "2020-01-01", "2020-12-31"), participants=(Participant(eu, Role.FUNDING),)
            ),
            _programme(
                "b", _line(200, "2020-01-01", "2020-12-31"), participants=(Participant(gac, Role.FUNDING),)
            ),
            _programme(
                "c", _line(50, "2021-01-01", "2021-12-31"), participants=(Participant(gac, Role.FUNDING),)
            ),
        )
    )
    chart = budget_by_year(catalogue, stack_by="funder")
    assert chart.layers == ("eu", "gac")
    eu_bars, gac_bars = chart.bars
    assert [b.get_height() for b in eu_bars] == [300.0, 0.0]
    assert [b.get_height() for b in gac_bars] == [200.0, 50.0]
    assert [b.get_y() for b in gac_bars] == [300.0, 0.0]  # on top of the EU's


def test_a_rollup_by_year_and_country_stacks_by_country() -> None:
    p = _programme(
        "p",
        _line(1000, "2020-01-01", "2020-12-31"),
        recipient_countries=(CountryShare("UA", 75), CountryShare("MD", 25)),
    )
    rolled = rollup([p], by="year,country")
    chart = budget_by_year(rolled, stack_by="country", locale="uk")
    assert chart.layers == ("Молдова", "Україна")
    assert [[bar.get_height() for bar in layer] for layer in chart.bars] == [[250.0], [750.0]]
    assert [bar.get_y() for bar in chart.bars[1]] == [250.0]
    assert [bar.get_height() for bar in budget_by_year(rolled).bars[0]] == [1000.0]  # not stacked: summed
    with pytest.raises(InvalidValueError):
        budget_by_year(rolled, stack_by="funder")
    with pytest.raises(InvalidValueError):
        budget_by_year(rollup([p], by="country"))


def test_budget_labels_in_ukrainian() -> None:
    chart = budget_by_year(_programme("p", _line(1_500_000, "2020-01-01", "2020-12-31")), locale="uk")
    assert chart.axes.get_title() == "Бюджет за роками"
    assert chart.axes.get_xlabel() == "Рік"
    assert chart.axes.get_ylabel() == "Сума, EUR"
    assert chart.axes.yaxis.get_major_formatter()(1_500_000, 0) == "1,5\xa0млн"


def test_the_seed_budget_known_to_the_year_is_ranges_around_the_total(catalogue: Catalogue) -> None:
    chart = budget_by_year(catalogue["m4eg"])  # EUR 14.5 million over 2017-2020 (years only)
    assert chart.years == (2017, 2018, 2019, 2020)
    assert len(chart.ranges) == 4
    lows = sum(bar.get_height() for bar in chart.bars[0])
    # (ranges hold Rectangles, typed as the Artist base class)
    highs = sum(s.get_y() + s.get_height() for s in chart.ranges)  # type: ignore[attr-defined]
    assert lows < 14_500_000 < highs


def test_draws_on_a_given_axes() -> None:
    figure = Figure()
    axes = figure.add_subplot(1, 2, 2)
    chart = budget_by_year(_programme("p", _line(1, "2020-01-01", "2020-12-31")), ax=axes)
    assert chart.axes is axes
    assert chart.figure is figure


# --- timeline -------------------------------------------------------------------------------------


def test_exact_days_are_one_solid_span() -> None:
    chart = timeline(Programme("p", _text("P"), period=Period.parse("2020-01-01", "2020-12-31")))
    (row,) = chart.rows
    assert row.certain is not None
    assert row.certain.get_width() == 366  # 2020 is a leap year, both ends included
    assert row.certain.get_x() == dt.date(2020, 1, 1).toordinal()
    assert row.uncertain == ()
    assert row.open_ends == ()


def test_years_only_are_faded_ranges_at_both_ends() -> None:
    chart = timeline(Programme("p", _text("P"), period=Period.parse("2017", "2020")))
    (row,) = chart.rows
    assert row.certain is not None
    assert row.certain.get_x() == dt.date(2017, 12, 31).toordinal()  # the latest start
    assert row.certain.get_x() + row.certain.get_width() == dt.date(2020, 1, 2).toordinal()
    assert [(r.get_x(), r.get_width()) for r in row.uncertain] == [
        (dt.date(2017, 1, 1).toordinal(), 365),
        (dt.date(2020, 1, 1).toordinal(), 366),
    ]
    for piece in row.uncertain:
        alpha = piece.get_alpha()
        assert alpha is not None
        assert alpha < 1
        assert piece.get_hatch()
    assert chart.tick_labels == ("2017", "2018", "2019", "2020", "2021")


def test_an_unknown_end_is_an_open_arrow() -> None:
    chart = timeline(Programme("p", _text("P"), period=Period.parse("2018", None)))
    (row,) = chart.rows
    assert row.certain is None
    assert len(row.uncertain) == 1
    assert len(row.open_ends) == 1


def test_children_under_their_parents_and_activities_under_the_programme() -> None:
    parent = Programme("parent", _text("Parent"), period=Period.parse("2018", "2022"))
    child = Programme(
        "child",
        _text("Child"),
        period=Period.parse("2019", "2020"),
        relations=(Relation("parent", "parent"),),
    )
    other = Programme("other", _text("Other"), period=Period.parse("2015", "2016"))
    chart = timeline(Catalogue((child, other, parent)))
    assert [(row.label, row.depth) for row in chart.rows] == [("Other", 0), ("Parent", 0), ("Child", 1)]
    programme = Programme(
        "p",
        _text("P"),
        period=Period.parse("2021-03-01", "2021-09-30"),
        activities=(Activity(_text("Training"), period=Period.parse("2021-04", "2021-05")),),
    )
    chart = timeline(programme, locale="uk")
    assert [(row.label, row.depth) for row in chart.rows] == [("P", 0), ("Training", 1)]
    assert len(chart.rows[1].uncertain) == 2
    # quarterly ticks with Ukrainian month names (CLDR abbreviations: "січ."/"січ", "лип."/"лип")
    assert [label.split()[0][:3] for label in chart.tick_labels] == ["січ", "кві", "лип"]
    assert chart.axes.get_title() == "Хронологія"


# --- beneficiaries --------------------------------------------------------------------------------


def _members(places: dict[str, int]) -> tuple[Beneficiary, ...]:
    return tuple(
        Beneficiary(_text(f"{code} {i}"), "community", location=Location(code[:2], code))
        for code, n in places.items()
        for i in range(n)
    )


@pytest.fixture(scope="module")
def listed() -> Programme:
    group = TargetGroup(
        "community",
        declared_count=Count(100, Qualifier.MORE_THAN),
        members=_members({"UA-32": 3, "UA-12": 2, "UA-46": 1, "KZ-47": 1}),
    )
    return Programme("p", _text("P"), target_groups=(group,))


def _darkness(colour: object) -> float:
    # (a face colour as matplotlib returns it, typed wider than to_rgb accepts)
    red, green, blue = to_rgb(colour)  # type: ignore[arg-type]
    return 1 - (0.299 * red + 0.587 * green + 0.114 * blue)


def test_tile_map_of_ukraine(listed: Programme) -> None:
    chart = beneficiaries_map(listed, locale="uk")
    assert len(chart.tiles) == 27
    assert len(set(GRIDS["UA"].values())) == 27
    assert chart.counts["UA-32"] == 3
    assert chart.counts["UA-12"] == 2
    assert chart.counts["UA-46"] == 1
    assert sum(chart.counts.values()) == 6  # the KZ member is not on this map
    dark = {code: _darkness(tile.get_facecolor()) for code, tile in chart.tiles.items()}
    assert dark["UA-32"] > dark["UA-12"] > dark["UA-46"] > dark["UA-05"]
    assert len({dark[code] for code in chart.tiles if chart.counts[code] == 0}) == 1
    assert chart.labels["UA-32"].get_text() == "Київська\n3"
    assert chart.labels["UA-05"].get_text() == "Вінницька"
    assert chart.axes.get_title() == "Бенефіціари за регіонами: Україна"
    texts = [t.get_text() for t in chart.axes.texts]
    assert any("понад 100" in t for t in texts)  # the declared bound stays a bound


def test_tile_map_of_kazakhstan(listed: Programme) -> None:
    chart = beneficiaries_map(listed, country="KZ", locale="en")
    assert len(chart.tiles) == 20
    assert {code for code, n in chart.counts.items() if n} == {"KZ-47"}
    with pytest.raises(InvalidValueError):
        # (a country outside the Literal, on purpose)
        beneficiaries_map(listed, country="MD")  # type: ignore[arg-type]


def test_bars_for_any_country(listed: Programme) -> None:
    chart = beneficiaries_bar(listed, locale="en")
    assert chart.codes == ("UA-32", "UA-12", "KZ-47", "UA-46")  # most first, then by code
    assert [bar.get_width() for bar in chart.bars] == [3, 2, 1, 1]
    assert chart.note is not None
    assert "more than 100" in chart.note.get_text()


# --- themes and indicators ------------------------------------------------------------------------


def test_themes_by_significance() -> None:
    gender = CrossCuttingTheme(_text("Gender"), code="1", significance=1)
    environment = CrossCuttingTheme(_text("Environment"), code="2", significance=2)
    catalogue = Catalogue(
        (
            Programme("a", _text("A"), themes=(gender, environment)),
            Programme("b", _text("B"), themes=(gender,)),
            Programme("c", _text("C"), themes=(CrossCuttingTheme(_text("Gender!"), code="1"),)),
        )
    )
    chart = theme_coverage(catalogue)
    assert chart.themes == ("Gender", "Environment")
    assert chart.significances == (2, 1, None)
    widths = [[bar.get_width() for bar in container] for container in chart.bars]
    assert widths == [[0, 1], [2, 0], [1, 0]]
    legend = theme_coverage(catalogue, locale="uk").axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "основна мета",
        "важлива мета",
        "значущість не вказано",
    ]


def test_indicator_bounds_are_arrows_not_dots() -> None:
    def indicator(title: str, actual: Measure) -> Indicator:
        return Indicator(
            _text(title),
            baselines=(Observation(Measure(5)),),
            targets=(Observation(Measure(10)),),
            actuals=(Observation(actual),),
        )

    programme = Programme(
        "p",
        _text("P"),
        results=(
            Result(
                _text("R"),
                indicators=(
                    indicator("exact", Measure(7)),
                    indicator("bound", Measure(7, Qualifier.MORE_THAN)),
                    Indicator(_text("no numbers")),
                ),
            ),
        ),
    )
    chart = indicator_progress(programme, locale="uk")
    assert [row.label for row in chart.rows] == ["exact", "bound"]
    exact, bound = chart.rows
    assert set(exact.markers) == {"baseline", "target", "actual", "line"}
    assert set(bound.markers) == {"baseline", "target", "bound", "line"}
    # (markers hold Line2D artists, typed as the Artist base class)
    assert bound.markers["bound"].get_marker() == ">"  # type: ignore[attr-defined]
    assert list(exact.markers["target"].get_xdata()) == [1.0]  # type: ignore[attr-defined]
    assert list(exact.markers["actual"].get_xdata()) == [0.7]  # type: ignore[attr-defined]
    texts = [t.get_text() for t in chart.axes.texts]
    assert "базове 5, цільове 10, фактичне понад 7" in texts
    assert chart.axes.get_title() == "Прогрес за індикаторами"


# --- SVG and report charts ------------------------------------------------------------------------


def test_svg_is_an_inline_element_with_text_as_text() -> None:
    chart = budget_by_year(_programme("p", _line(1000, "2020-01-01", "2020-12-31")), locale="uk")
    svg = to_svg(chart.figure)
    assert svg.startswith("<svg")
    assert "<?xml" not in svg
    assert "DOCTYPE" not in svg
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = {"".join(node.itertext()).strip() for node in root.iter(f"{SVG}text")}
    assert "Бюджет за роками" in texts
    assert svg == to_svg(chart.figure)  # deterministic: no date, fixed ids


def test_report_charts_of_the_seed_catalogue(catalogue: Catalogue) -> None:
    charts = report_charts(catalogue, locale="uk")
    assert [chart.caption.split(" (")[0] for chart in charts] == [
        "Бюджет за роками",
        "Хронологія",
        "Бенефіціари з переліку за регіонами",  # Ukraine
        "Бенефіціари з переліку за регіонами",  # Kazakhstan (Mangystau)
        "Наскрізні теми за значущістю",
        "Індикатори: базове, цільове й останнє значення",
    ]
    for chart in charts:
        assert ET.fromstring(chart.svg).tag == f"{SVG}svg"
    assert "Бенефіціари за регіонами: Казахстан" in charts[3].svg
    assert report_charts(catalogue["u-lead"], locale="en") == ()  # no budget, dates, places, themes
    kz = report_charts(catalogue["kz-regional-development"], locale="kk")
    assert len(kz) == 4
    assert kz[0].caption.startswith("Жылдар бойынша бюджет")


# --- without matplotlib ---------------------------------------------------------------------------


def test_without_matplotlib_import_works_and_drawing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    figure = Figure()  # (made while matplotlib can be imported)
    for name in [name for name in sys.modules if name == "matplotlib" or name.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    import itaproj
    import itaproj.plot as installed

    monkeypatch.setattr(itaproj, "plot", installed)  # (restored after: the fresh import replaces it)
    for name in [name for name in sys.modules if name == "itaproj.plot" or name.startswith("itaproj.plot.")]:
        monkeypatch.delitem(sys.modules, name)
    plot = importlib.import_module("itaproj.plot")
    with pytest.raises(MissingDependencyError) as caught:
        plot.timeline(Programme("p", _text("P")))
    assert isinstance(caught.value, ImportError)
    assert "pip install 'itaproj[plot]'" in str(caught.value)
    assert caught.value.module == "matplotlib"
    assert caught.value.extra == "plot"
    again = pickle.loads(pickle.dumps(caught.value))
    assert type(again) is MissingDependencyError
    assert str(again) == str(caught.value)
    with pytest.raises(MissingDependencyError):
        plot.report_charts(Programme("p", _text("P")), locale="en")
    with pytest.raises(MissingDependencyError):
        plot.to_svg(figure)


def test_decimal_totals_are_kept() -> None:
    chart = budget_by_year(_programme("p", _line("0.10", "2020-01-01", "2020-12-31")))
    assert chart.totals == {(2020, "EUR"): (Decimal("0.10"), Decimal("0.10"))}
