"""Tests for itaproj.metrics, against values computed by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itaproj import (
    Beneficiary,
    BeneficiaryKind,
    Budget,
    BudgetLine,
    Catalogue,
    Cluster,
    Component,
    Count,
    CountryShare,
    CrossCuttingTheme,
    CurrencyMismatchError,
    ExchangeRate,
    Indicator,
    InvalidValueError,
    LocalizedText,
    Location,
    Measure,
    Money,
    MonthRange,
    Observation,
    PartialDate,
    Period,
    Programme,
    Qualifier,
    Relation,
    RelationKind,
    Result,
    Selection,
    Span,
    TargetGroup,
    TimeUnit,
    testing,
)
from itaproj.examples import load
from itaproj.metrics import (
    BeneficiaryCounts,
    CatalogueMetrics,
    ComponentBudget,
    CountrySplit,
    DecimalRange,
    MoneyRange,
    ProgrammeMetrics,
    beneficiary_counts,
    budget_per_country,
    budget_per_year,
    catalogue_metrics,
    catalogue_total,
    component_budgets,
    elapsed_share,
    indicator_change,
    per_year,
    programme_metrics,
    selection_ratio,
    theme_coverage,
)

EUR = "EUR"
RATE_DATE = dt.date(2020, 1, 2)


def t(text: str) -> LocalizedText:
    return LocalizedText({"en": text})


def prog(key: str = "p", **fields: object) -> Programme:
    return Programme(key, t(key.upper()), **fields)  # type: ignore[arg-type]


def eur(amount: int | str, qualifier: Qualifier = Qualifier.EXACT) -> Money:
    return Money(amount, EUR, qualifier)


M4EG = prog("m4eg", period=Period.parse("2017", "2020"), budget=Budget(total=eur("14500000")))
KZ = prog(
    "kz",
    period=Period.parse("2013", "2017"),
    declared_duration=Span(4, TimeUnit.YEAR),
    budget=Budget(total=eur(6_288_000)),
)
PROMIS_PERIOD = Period.parse("2015-04", "2020-12")


# -- result types ---------------------------------------------------------------------------


def test_decimal_range_contains_its_ends_and_prints_as_a_range() -> None:
    r = DecimalRange(Decimal("0.25"), Decimal("0.5"))
    assert Decimal("0.25") in r
    assert Decimal("0.5") in r
    assert Decimal("0.51") not in r
    assert "0.3" not in r  # a string is not a number
    assert str(r) == "0.25–0.5"
    assert str(DecimalRange(Decimal(1), Decimal(1))) == "1"
    assert DecimalRange(Decimal(1), Decimal(1)).is_exact


def test_money_range_reports_currency_exactness_and_text() -> None:
    r = MoneyRange(eur(1), eur(2))
    assert r.currency == EUR
    assert not r.is_exact
    assert str(r) == "EUR 1 – EUR 2"
    assert MoneyRange(eur(3), eur(3)).is_exact
    assert str(MoneyRange(eur(3), eur(3))) == "EUR 3"
    assert not MoneyRange(eur(3, Qualifier.MORE_THAN), eur(3, Qualifier.MORE_THAN)).is_exact


# -- duration and elapsed share -------------------------------------------------------------


def test_durations_are_month_ranges() -> None:
    # 2017-2020: Dec 2017 .. Jan 2020 is 26 months; Jan 2017 .. Dec 2020 is 48.
    assert M4EG.duration == MonthRange(26, 48)
    # April 2015 .. December 2020: 9 months of 2015 + 5 * 12 = 69.
    assert PROMIS_PERIOD.months() == MonthRange(69, 69)
    assert programme_metrics(M4EG).duration == MonthRange(26, 48)


def test_elapsed_share_of_a_day_precision_period() -> None:
    # 2020-01-01 .. 2020-01-10 is 10 days; at the start of 2020-01-06, 5 days have passed.
    period = Period.parse("2020-01-01", "2020-01-10")
    assert elapsed_share(period, dt.date(2020, 1, 6)) == DecimalRange(Decimal("0.5"), Decimal("0.5"))
    assert elapsed_share(period, dt.date(2020, 1, 1)) == DecimalRange(Decimal(0), Decimal(0))
    assert elapsed_share(period, dt.date(2019, 12, 1)) == DecimalRange(Decimal(0), Decimal(0))
    assert elapsed_share(period, dt.date(2020, 1, 11)) == DecimalRange(Decimal(1), Decimal(1))


def test_elapsed_share_of_a_month_precision_period_is_a_range() -> None:
    # Highest: start 2015-04-01, end 2020-12-01: 1006 of 2072 days elapsed on 2018-01-01
    #   (275 days of 2015 from April 1, 366 in 2016, 365 in 2017 = 1006; 2072 = 2015-04-01..2020-12-01).
    # Lowest: start 2015-04-30, end 2020-12-31: 977 of 2073 days.
    share = elapsed_share(PROMIS_PERIOD, dt.date(2018, 1, 1))
    assert share == DecimalRange(Decimal(977) / Decimal(2073), Decimal(1006) / Decimal(2072))
    assert (dt.date(2018, 1, 1) - dt.date(2015, 4, 1)).days == 275 + 366 + 365


def test_elapsed_share_when_start_and_end_share_a_year() -> None:
    # "2017" to "2017-03": the start may be as late as March 31, the end as early as March 1.
    period = Period(PartialDate(2017), PartialDate(2017, 3))
    share = elapsed_share(period, dt.date(2017, 3, 15))
    assert share is not None
    # Highest: Jan 1 .. Mar 1 (60 days), 73 days passed: clamped to 1.
    assert share.high == 1
    # Lowest: start Mar 31 .. end Mar 31: nothing has passed on March 15.
    assert share.low == 0


def test_elapsed_share_is_not_computable_for_unbounded_or_backwards_periods() -> None:
    at = dt.date(2021, 1, 1)
    assert elapsed_share(Period(end=PartialDate(2022, 7)), at) is None
    assert elapsed_share(Period(start=PartialDate(2020), ongoing=True), at) is None
    assert elapsed_share(Period.parse("2020", "2017"), at) is None
    assert programme_metrics(prog(), at).elapsed is None


dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))
partial_dates = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 1 else None, d.day if precision > 2 else None
    ),
    dates,
    st.integers(1, 3),
)


@settings(max_examples=150, deadline=None)
@given(partial_dates, partial_dates, dates, dates)
def test_elapsed_share_is_monotone_in_the_date_and_lies_in_0_1(
    start: PartialDate, end: PartialDate, first: dt.date, second: dt.date
) -> None:
    period = Period(start, end)
    early, late = sorted((first, second))
    a, b = elapsed_share(period, early), elapsed_share(period, late)
    if period.ends_before_start:
        assert a is None
        return
    assert a is not None
    assert b is not None
    assert 0 <= a.low <= a.high <= 1
    assert a.low <= b.low
    assert a.high <= b.high


# -- budget per year ------------------------------------------------------------------------


def test_m4eg_budget_per_year_is_a_range() -> None:
    # EUR 14.5M over 26..48 months: 14 500 000 * 12 / 48 = 3 625 000;
    # 14 500 000 * 12 / 26 = 174 000 000 / 26 = 6 692 307.692307692307692307692 (28 digits).
    assert budget_per_year(M4EG) == MoneyRange(eur(3_625_000), eur("6692307.692307692307692307692"))


def test_kz_budget_per_year_and_per_declared_year() -> None:
    # EUR 6 288 000 over 38..60 months: * 12 / 60 = 1 257 600; * 12 / 38 = 75 456 000 / 38.
    assert budget_per_year(KZ) == MoneyRange(eur(1_257_600), eur("1985684.210526315789473684211"))
    # Declared four years = 48 months: 6 288 000 / 4 = 1 572 000.
    metrics = programme_metrics(KZ)
    assert metrics.declared_months == 48
    assert metrics.budget_per_declared_year == eur(1_572_000)


def test_budget_per_year_needs_a_budget_and_a_bounded_period() -> None:
    assert budget_per_year(prog(period=Period.parse("2017", "2020"))) is None
    assert budget_per_year(prog(budget=Budget(total=eur(1)))) is None
    assert budget_per_year(prog(period=Period(end=PartialDate(2022)), budget=Budget(total=eur(1)))) is None


def test_per_year_keeps_bounds_and_counts_at_least_one_month() -> None:
    # More than KZT 7.8 billion over 24..36 months: more than 2.6 to more than 3.9 billion a year.
    bound = Money("7.8E9", "KZT", Qualifier.MORE_THAN)
    result = per_year(bound, MonthRange(24, 36))
    assert result.low == Money("2.6E9", "KZT", Qualifier.MORE_THAN)
    assert result.high == Money("3.9E9", "KZT", Qualifier.MORE_THAN)
    # A same-year period reads as 0..12 months; every period touches at least one month.
    assert per_year(eur(120), MonthRange(0, 12)) == MoneyRange(eur(120), eur(1440))
    # A negative amount: -120 a year over 12 months is above -1440 over 1 month.
    assert per_year(eur(-120), MonthRange(1, 12)) == MoneyRange(eur(-1440), eur(-120))


@settings(max_examples=150, deadline=None)
@given(
    st.decimals(min_value=1, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
    st.integers(1, 240),
    st.integers(0, 120),
)
def test_per_year_times_duration_brackets_the_total(amount: Decimal, low: int, extra: int) -> None:
    months = MonthRange(low, low + extra)
    result = per_year(eur(str(amount)), months)
    tolerance = amount * Decimal("1e-20")
    # low per year over the longest duration and high over the shortest both give back the total.
    assert abs(result.low.amount * months.high / 12 - amount) <= tolerance
    assert abs(result.high.amount * months.low / 12 - amount) <= tolerance
    assert result.low.amount <= result.high.amount


# -- budget per country and per component ---------------------------------------------------


def test_budget_per_country_uses_only_stated_shares() -> None:
    # EUR 1 000 000: UA 60% = 600 000, MD 40% = 400 000.
    p = prog(
        budget=Budget(total=eur(1_000_000)),
        recipient_countries=(CountryShare("UA", Decimal(60)), CountryShare("MD", Decimal(40))),
    )
    assert budget_per_country(p) == CountrySplit({"UA": eur(600_000), "MD": eur(400_000)})


def test_budget_per_country_is_never_split_evenly() -> None:
    unstated = prog(
        budget=Budget(total=eur(100)),
        recipient_countries=(CountryShare("UA", Decimal(50)), CountryShare("MD")),
    )
    assert budget_per_country(unstated) == CountrySplit(reason="no share stated for MD")
    assert budget_per_country(prog(budget=Budget(total=eur(100)))) == CountrySplit(
        reason="no recipient countries"
    )
    no_budget = prog(recipient_countries=(CountryShare("UA", Decimal(100)),))
    assert budget_per_country(no_budget) == CountrySplit(reason="no single budget amount")


def test_a_country_listed_twice_gets_both_shares() -> None:
    # 30% + 20% of EUR 1000 = 500.
    p = prog(
        budget=Budget(total=eur(1000)),
        recipient_countries=(CountryShare("UA", Decimal(30)), CountryShare("UA", Decimal(20))),
    )
    assert budget_per_country(p).amounts == {"UA": eur(500)}


def test_component_budgets_from_shares_and_amounts() -> None:
    # Programme EUR 1 000 000. 1000: 25% -> 250 000. 2000: EUR 500 000 -> 50%.
    # 3000: nothing stated. 4000: USD, not comparable. 5000: "about" EUR 100 000, no exact share.
    p = prog(
        budget=Budget(total=eur(1_000_000)),
        components=(
            Component("1000", t("a"), budget_share=Decimal(25)),
            Component("2000", t("b"), budget=eur(500_000)),
            Component("3000", t("c")),
            Component("4000", t("d"), budget=Money(5, "USD")),
            Component("5000", t("e"), budget=eur(100_000, Qualifier.ABOUT)),
        ),
    )
    assert component_budgets(p) == (
        ComponentBudget("1000", eur(250_000), Decimal(25)),
        ComponentBudget("2000", eur(500_000), Decimal(50)),
        ComponentBudget("3000", None, None),
        ComponentBudget("4000", Money(5, "USD"), None),
        ComponentBudget("5000", eur(100_000, Qualifier.ABOUT), None),
    )


def test_component_budgets_without_a_programme_budget_keep_what_is_stated() -> None:
    p = prog(
        components=(
            Component("1000", t("a"), budget_share=Decimal(25)),
            Component("2000", t("b"), budget=eur(5)),
        )
    )
    assert component_budgets(p) == (
        ComponentBudget("1000", None, Decimal(25)),
        ComponentBudget("2000", eur(5), None),
    )


# -- catalogue totals -----------------------------------------------------------------------


def test_catalogue_total_converts_with_explicit_rates_and_lists_gaps() -> None:
    # EUR 14 500 000 + EUR 6 288 000 + CAD 19 500 000 * 0.68 (= EUR 13 260 000) = EUR 34 048 000.
    # KZT has no rate: listed, not skipped silently; "none" has no budget.
    cat = Catalogue(
        (
            M4EG,
            KZ,
            prog("promis", budget=Budget(total=Money(19_500_000, "CAD"))),
            prog("tourism", budget=Budget(total=Money("7.8E9", "KZT", Qualifier.MORE_THAN))),
            prog("none"),
        )
    )
    cad = ExchangeRate("CAD", EUR, "0.68", RATE_DATE)
    total = catalogue_total(cat, EUR, [cad])
    assert total.total == eur(34_048_000)
    assert total.amounts["promis"] == eur(13_260_000)
    assert total.missing_rates == ("tourism",)
    assert total.unknown == ("none",)
    assert total.rates == (cad,)
    assert not total.is_complete


def test_catalogue_total_with_every_rate_is_complete() -> None:
    cat = Catalogue((M4EG, prog("x", budget=Budget(total=Money(300, "CAD")))))
    # The rate is given EUR -> CAD 1.5; CAD 300 / 1.5 = EUR 200; 14 500 000 + 200.
    total = catalogue_total(cat, EUR, [ExchangeRate(EUR, "CAD", "1.5", RATE_DATE)])
    assert total.total == eur(14_500_200)
    assert total.amounts["x"] == eur(200)
    assert total.is_complete


def test_catalogue_total_strict_raises_on_a_missing_rate() -> None:
    cat = Catalogue((prog("x", budget=Budget(total=Money(300, "CAD"))),))
    with pytest.raises(CurrencyMismatchError, match="CAD and EUR"):
        catalogue_total(cat, EUR, strict=True)


def test_two_different_rates_for_one_pair_are_refused() -> None:
    rates = [
        ExchangeRate("CAD", EUR, "0.68", RATE_DATE),
        ExchangeRate("CAD", EUR, "0.70", dt.date(2021, 1, 4)),
    ]
    with pytest.raises(InvalidValueError, match="rates"):
        catalogue_total(Catalogue(), EUR, rates)
    same_twice = [ExchangeRate("CAD", EUR, "0.68", RATE_DATE)] * 2
    assert catalogue_total(Catalogue(), EUR, same_twice).total == eur(0)


def test_children_are_nested_in_a_parent_with_a_budget() -> None:
    parent = prog("u-lead", budget=Budget(total=eur(1000)))
    child = prog("auc", budget=Budget(total=eur(100)), relations=(Relation(RelationKind.PARENT, "u-lead"),))
    total = catalogue_total(Catalogue((parent, child)), EUR)
    assert total.total == eur(1000)
    assert total.nested == ("auc",)
    # With include_children both count: 1000 + 100.
    assert catalogue_total(Catalogue((parent, child)), EUR, include_children=True).total == eur(1100)
    # A parent without a budget leaves its child counted.
    orphan = catalogue_total(Catalogue((prog("u-lead"), child)), EUR)
    assert orphan.total == eur(100)
    assert orphan.unknown == ("u-lead",)
    assert orphan.nested == ()


def test_bounds_in_opposite_directions_give_no_total() -> None:
    cat = Catalogue(
        (
            prog("a", budget=Budget(total=eur(5, Qualifier.MORE_THAN))),
            prog("b", budget=Budget(total=eur(5, Qualifier.LESS_THAN))),
        )
    )
    total = catalogue_total(cat, EUR)
    assert total.total is None
    assert not total.is_complete
    lower = Catalogue(
        (prog("a", budget=Budget(total=eur(5, Qualifier.MORE_THAN))), prog("b", budget=Budget(total=eur(5))))
    )
    assert catalogue_total(lower, EUR).total == eur(10, Qualifier.MORE_THAN)


# -- indicators and selection ---------------------------------------------------------------


def indicator(baseline: Measure | None, actual: Measure | None, target: Measure | None = None) -> Indicator:
    return Indicator(
        t("i"),
        baselines=() if baseline is None else (Observation(baseline),),
        actuals=() if actual is None else (Observation(actual),),
        targets=() if target is None else (Observation(target),),
    )


def test_sez_enterprises_change_and_progress() -> None:
    # 5 -> 12 with target 15: change 7, relative 7 / 5 = 1.4, progress 7 / (15 - 5) = 0.7.
    sez = indicator(Measure(5), Measure(12), Measure(15))
    change = indicator_change(sez, "$.results[0].indicators[0]")
    assert change.path == "$.results[0].indicators[0]"
    assert change.change == Measure(7)
    assert change.relative_change == Measure(Decimal("1.4"))
    assert change.progress == Measure(Decimal("0.7"))
    # The same figures as the model's own properties when everything is exact.
    assert sez.change == change.change
    assert sez.relative_change == change.relative_change.value
    assert sez.progress == change.progress.value


def test_business_road_map_relative_change() -> None:
    # 41 -> 143: change 102, relative 102 / 41.
    change = indicator_change(indicator(Measure(41), Measure(143)))
    assert change.change == Measure(102)
    assert change.relative_change == Measure(Decimal(102) / Decimal(41))
    assert change.progress is None  # no target


def test_a_bounded_actual_keeps_its_bound_through_change_and_progress() -> None:
    # Baseline 0, "more than 100" certified, target 100: change > 100, progress > 100 / 100 = 1.
    certified = indicator(Measure(0), Measure(100, Qualifier.MORE_THAN), Measure(100))
    change = indicator_change(certified)
    assert change.change == Measure(100, Qualifier.MORE_THAN)
    assert change.relative_change is None  # a zero baseline gives no ratio
    assert change.progress == Measure(1, Qualifier.MORE_THAN)


def test_negative_denominators_flip_the_bound() -> None:
    # Baseline -10, actual > 10: change > 20, relative change > 20 / -10, i.e. < -2.
    change = indicator_change(indicator(Measure(-10), Measure(10, Qualifier.MORE_THAN)))
    assert change.relative_change == Measure(-2, Qualifier.LESS_THAN)
    # Descending: baseline 10, target 0, actual < 5: change < -5, progress < -5 / -10, i.e. > 0.5.
    down = indicator_change(indicator(Measure(10), Measure(5, Qualifier.LESS_THAN), Measure(0)))
    assert down.progress == Measure(Decimal("0.5"), Qualifier.MORE_THAN)


def test_indicator_figures_that_cannot_be_computed_are_none() -> None:
    # Bounds in opposite directions: > 12 minus > 5 is unbounded.
    unbounded = indicator_change(indicator(Measure(5, Qualifier.MORE_THAN), Measure(12, Qualifier.MORE_THAN)))
    assert unbounded.change is None
    assert unbounded.progress is None
    # A bounded target gives no progress; target equal to baseline gives none either.
    assert (
        indicator_change(indicator(Measure(5), Measure(12), Measure(15, Qualifier.MORE_THAN))).progress
        is None
    )
    assert indicator_change(indicator(Measure(5), Measure(12), Measure(5))).progress is None
    money = Indicator(t("m"), baselines=(Observation(eur(5)),), actuals=(Observation(eur(7)),))
    assert indicator_change(money).change is None
    assert indicator_change(indicator(None, Measure(7))).baseline is None


def test_clir_selection_ratio_is_a_bound() -> None:
    # 19 selected of more than 300 applied: less than 19 / 300.
    ratio = selection_ratio(Selection(applied=Count(300, Qualifier.MORE_THAN), selected=Count(19)))
    assert ratio == Measure(Decimal(19) / Decimal(300), Qualifier.LESS_THAN)


@pytest.mark.parametrize(
    ("applied", "selected", "expected"),
    [
        (Count(20), Count(19), Measure(Decimal("0.95"))),  # 19 / 20
        (Count(300, Qualifier.AT_LEAST), Count(30), Measure(Decimal("0.1"), Qualifier.AT_MOST)),  # 30 / 300
        (
            Count(50, Qualifier.LESS_THAN),
            Count(10, Qualifier.MORE_THAN),
            Measure(Decimal("0.2"), Qualifier.MORE_THAN),
        ),
        (Count(300, Qualifier.MORE_THAN), Count(10, Qualifier.MORE_THAN), None),  # unbounded
        (Count(0), Count(0), None),  # nobody applied
        (None, Count(19), None),
        (Count(300), None, None),
    ],
)
def test_selection_ratio_bounds(
    applied: Count | None, selected: Count | None, expected: Measure | None
) -> None:
    assert selection_ratio(Selection(applied=applied, selected=selected)) == expected


# -- beneficiaries --------------------------------------------------------------------------


def community(name: str, subdivision: str | None = None, cluster: str | None = None) -> Beneficiary:
    location = None if subdivision is None else Location("UA", subdivision)
    return Beneficiary(t(name), BeneficiaryKind.COMMUNITY, location=location, cluster=cluster)


CLIR_GROUP = TargetGroup(
    BeneficiaryKind.COMMUNITY,
    declared_count=Count(19),
    members=(
        *(community(f"kyiv{i}", "UA-32", "kyiv") for i in range(4)),
        *(community(f"east{i}", None, "east") for i in range(3)),
        *(community(f"myk{i}", None, "mykolaiv") for i in range(2)),
        Beneficiary(t("officials"), BeneficiaryKind.PEOPLE),
    ),
    clusters=(
        Cluster("kyiv", t("Kyiv oblast")),
        Cluster("east", t("Donetsk and Kharkiv oblasts"), regions=("UA-14", "UA-63")),
        Cluster("mykolaiv", t("Mykolaiv oblast"), regions=("UA-48",)),
    ),
    selection=Selection(applied=Count(300, Qualifier.MORE_THAN), selected=Count(19)),
)


def test_beneficiaries_by_kind_country_oblast_and_cluster() -> None:
    # 4 located in UA-32; 3 in a cluster spanning UA-14 and UA-63; 2 in the UA-48 cluster; 1 group of people.
    counts = beneficiary_counts(prog("clir", target_groups=(CLIR_GROUP,)))
    assert counts == BeneficiaryCounts(
        listed=10,
        by_kind={"community": 9, "people": 1},
        by_country={"UA": 4 + 3 + 2},
        by_subdivision={"UA-32": 4, "UA-48": 2},
        by_region_group={"UA-14,UA-63": 3},
        by_cluster={"kyiv": 4, "east": 3, "mykolaiv": 2},
        without_country=1,
        without_subdivision=3 + 1,
        without_cluster=1,
    )


def test_a_cluster_spanning_countries_leaves_the_country_unknown() -> None:
    group = TargetGroup(
        BeneficiaryKind.COMMUNITY,
        members=(community("x", None, "border"),),
        clusters=(Cluster("border", t("Border"), regions=("UA-51", "MD-CU")),),
    )
    counts = beneficiary_counts(prog(target_groups=(group,)))
    assert counts.by_country == {}
    assert counts.without_country == 1
    assert counts.by_region_group == {"UA-51,MD-CU": 1}


def test_catalogue_beneficiaries_prefix_cluster_keys_with_the_programme() -> None:
    cat = Catalogue((prog("clir", target_groups=(CLIR_GROUP,)), prog("other", target_groups=(CLIR_GROUP,))))
    counts = beneficiary_counts(cat)
    assert counts.listed == 20
    assert counts.by_cluster["clir/kyiv"] == 4
    assert counts.by_cluster["other/east"] == 3
    assert counts.by_subdivision == {"UA-32": 8, "UA-48": 4}


# -- themes ---------------------------------------------------------------------------------


def themed(budget: Budget | None, *themes: CrossCuttingTheme) -> Programme:
    return prog(
        budget=budget,
        components=(
            Component("1000", t("a"), budget_share=Decimal(50)),
            Component("2000", t("b"), budget=eur(300_000)),
            Component("3000", t("c")),
        ),
        themes=themes,
    )


def test_theme_coverage_by_components_and_budget() -> None:
    # Programme EUR 1 000 000: component 1000 is 50% = 500 000; 2000 is EUR 300 000; 3000 unknown.
    gender = CrossCuttingTheme(t("Gender"), code="1", significance=1, components=("2000",))
    environment = CrossCuttingTheme(t("Environment"), code="2", significance=2)
    both = CrossCuttingTheme(t("Governance"), code="3", components=("1000", "2000", "9999"))
    third = CrossCuttingTheme(t("Own"), vocabulary="99", components=("3000",))
    coverage = theme_coverage(themed(Budget(total=eur(1_000_000)), gender, environment, both, third))
    g, e, b, o = coverage
    # Gender: 1 of 3 components, EUR 300 000 = 0.3 of the budget.
    assert (g.significance, g.components, g.component_share) == (1, ("2000",), Decimal(1) / Decimal(3))
    assert (g.budget, g.budget_share) == (eur(300_000), Decimal("0.3"))
    # Environment names no component: all of it.
    assert (e.components, e.component_share, e.budget, e.budget_share) == (
        ("1000", "2000", "3000"),
        Decimal(1),
        eur(1_000_000),
        Decimal(1),
    )
    # Governance: 500 000 + 300 000 = 800 000 = 0.8; 2 of 3 components ("9999" is no component).
    assert (b.components, b.component_share, b.budget, b.budget_share) == (
        ("1000", "2000"),
        Decimal(2) / Decimal(3),
        eur(800_000),
        Decimal("0.8"),
    )
    # Own theme on a component of unknown budget: unknown, not zero.
    assert (o.code, o.vocabulary, o.budget, o.budget_share) == (None, "99", None, None)


def test_theme_coverage_without_a_budget_or_components() -> None:
    gender = CrossCuttingTheme(t("Gender"), code="1", components=("1000",))
    (unknown,) = theme_coverage(themed(None, gender))
    assert (unknown.budget, unknown.budget_share) == (None, None)
    everywhere = CrossCuttingTheme(t("Inclusion"), vocabulary="99")
    (flat,) = theme_coverage(prog(budget=Budget(total=eur(10)), themes=(everywhere,)))
    assert (flat.components, flat.component_share, flat.budget, flat.budget_share) == (
        (),
        None,
        eur(10),
        Decimal(1),
    )


def test_theme_budgets_in_mixed_currencies_are_unknown() -> None:
    p = prog(
        budget=Budget(total=eur(10)),
        components=(Component("a", t("a"), budget=eur(1)), Component("b", t("b"), budget=Money(1, "USD"))),
        themes=(CrossCuttingTheme(t("Gender"), code="1", components=("a", "b")),),
    )
    (coverage,) = theme_coverage(p)
    assert coverage.budget is None


def test_a_theme_on_a_usd_component_of_a_eur_programme_has_no_budget_share() -> None:
    p = prog(
        budget=Budget(total=eur(10)),
        components=(Component("b", t("b"), budget=Money(1, "USD")),),
        themes=(CrossCuttingTheme(t("Gender"), code="1", components=("b",)),),
    )
    (coverage,) = theme_coverage(p)
    assert (coverage.budget, coverage.budget_share) == (Money(1, "USD"), None)


# -- bundles --------------------------------------------------------------------------------


def test_programme_metrics_bundles_every_metric() -> None:
    p = attrs.evolve(
        M4EG,
        recipient_countries=(CountryShare("UA", Decimal(100)),),
        target_groups=(CLIR_GROUP, TargetGroup(BeneficiaryKind.PEOPLE)),
        results=(Result(t("r"), indicators=(indicator(Measure(5), Measure(12), Measure(15)),)),),
        themes=(CrossCuttingTheme(t("Gender"), code="1"),),
    )
    at = dt.date(2019, 1, 1)
    m = programme_metrics(p, at)
    assert isinstance(m, ProgrammeMetrics)
    assert m.key == "m4eg"
    assert m.at == PartialDate(2019, 1, 1)
    assert m.elapsed == elapsed_share(p.period, at)  # type: ignore[arg-type]
    assert m.budget == eur("14500000")
    assert m.budget_per_year == budget_per_year(p)
    assert m.budget_per_declared_year is None
    assert m.declared_months is None
    assert m.countries == CountrySplit({"UA": eur("14500000")})
    assert m.indicators[0].path == "$.results[0].indicators[0]"
    assert m.indicators[0].progress == Measure(Decimal("0.7"))
    assert len(m.selections) == 1
    assert m.selections[0].path == "$.target_groups[0].selection"
    assert m.selections[0].applied == Measure(300, Qualifier.MORE_THAN)
    assert m.selections[0].selected == Measure(19)
    assert m.beneficiaries.listed == 10
    assert m.themes[0].budget == eur("14500000")


def test_catalogue_metrics_bundle_programmes_totals_and_beneficiaries() -> None:
    cat = Catalogue((M4EG, KZ, prog("clir", target_groups=(CLIR_GROUP,))))
    m = catalogue_metrics(cat, at=dt.date(2019, 1, 1), currency=EUR)
    assert isinstance(m, CatalogueMetrics)
    assert list(m.programmes) == ["m4eg", "kz", "clir"]
    # 14 500 000 + 6 288 000 = 20 788 000; CLIR has no budget.
    assert m.total is not None
    assert m.total.total == eur(20_788_000)
    assert m.total.unknown == ("clir",)
    assert m.beneficiaries.by_cluster["clir/kyiv"] == 4
    assert catalogue_metrics(cat).total is None


def test_the_seed_catalogue_metrics() -> None:
    m = catalogue_metrics(load(), currency=EUR)
    m4eg, kz, clir = m.programmes["m4eg"], m.programmes["kz-regional-development"], m.programmes["clir"]
    assert m4eg.budget_per_year == MoneyRange(eur(3_625_000), eur("6692307.692307692307692307692"))
    # S0.5: six countries, no shares: the budget is not split evenly.
    assert m4eg.countries.amounts == {}
    assert m4eg.countries.reason is not None
    # S3.3: 6 288 000 over the declared four years.
    assert kz.budget_per_declared_year == eur(1_572_000)
    # S3.7 and S3.8: 5 -> 12 (+7) and 41 -> 143 (+102).
    changes = {i.change for i in kz.indicators if i.change is not None}
    assert {Measure(7), Measure(102)} <= changes
    # S4.5: 19 of more than 300.
    assert [s.ratio for s in clir.selections] == [Measure(Decimal(19) / Decimal(300), Qualifier.LESS_THAN)]
    # S4.7: 18 listed communities.
    assert clir.beneficiaries.by_kind == {"community": 18}
    # EUR budgets only: M4EG 14 500 000 + KZ 6 288 000.
    assert m.total is not None
    assert m.total.total == eur(20_788_000)


def test_metrics_serialize_through_to_builtins() -> None:
    from itaproj.io import to_builtins

    data = to_builtins(
        programme_metrics(attrs.evolve(M4EG, target_groups=(CLIR_GROUP,)), dt.date(2019, 1, 1))
    )
    assert isinstance(data, dict)
    assert data["key"] == "m4eg"
    assert data["beneficiaries"]["by_cluster"] == {"kyiv": 4, "east": 3, "mykolaiv": 2}


def test_a_budget_in_mixed_currencies_has_no_single_amount() -> None:
    from itaproj import BudgetLine

    mixed = prog(
        period=Period.parse("2017", "2020"),
        budget=Budget(lines=(BudgetLine(eur(1)), BudgetLine(Money(1, "USD")))),
    )
    assert budget_per_year(mixed) is None
    assert programme_metrics(mixed).budget is None


def test_theme_totals_by_marker_and_significance_in_one_currency() -> None:
    from itaproj.metrics import theme_totals

    gender1 = CrossCuttingTheme(t("Gender"), code="1", significance=1)
    gender2 = CrossCuttingTheme(t("Gender"), code="1", significance=2)
    own = CrossCuttingTheme(t("Inclusion"), vocabulary="99")
    cat = Catalogue(
        (
            prog("a", budget=Budget(total=eur(100)), themes=(gender1, own)),
            prog("b", budget=Budget(total=Money(300, "CAD")), themes=(gender1,)),
            prog("c", budget=Budget(total=Money(5, "KZT")), themes=(gender2,)),
            prog("d", themes=(gender2,)),
            prog(
                "e",
                budget=Budget(total=eur(7)),
                themes=(gender1,),
                relations=(Relation(RelationKind.PARENT, "a"),),
            ),
        )
    )
    cad = ExchangeRate("CAD", EUR, "0.5", RATE_DATE)
    significant, principal = theme_totals(cat, EUR, [cad])
    # Significance 1: EUR 100 (a) + CAD 300 * 0.5 = EUR 150 (b) = EUR 250; "e" is nested in "a".
    assert (significant.vocabulary, significant.code, significant.significance) == ("1", "1", 1)
    assert significant.budget.total == eur(250)
    assert significant.budget.nested == ("e",)
    # Significance 2: KZT has no rate, "d" has no budget: both listed, nothing summed.
    assert principal.significance == 2
    assert principal.budget.total == eur(0)
    assert principal.budget.missing_rates == ("c",)
    assert principal.budget.unknown == ("d",)
    assert not principal.budget.is_complete
    # With the children: 250 + 7.
    assert theme_totals(cat, EUR, [cad], include_children=True)[0].budget.total == eur(257)
    assert catalogue_metrics(cat, currency=EUR, rates=[cad]).themes == (significant, principal)
    assert catalogue_metrics(cat).themes == ()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(testing.catalogues(), dates)
def test_metrics_of_any_catalogue_compute_and_serialize(catalogue: Catalogue, at: dt.date) -> None:
    from itaproj.io import to_builtins

    metrics = catalogue_metrics(catalogue, at=at, currency=EUR)
    assert list(metrics.programmes) == [p.key for p in catalogue.programmes]
    for programme in catalogue.programmes:
        m = metrics.programmes[programme.key]
        assert m.beneficiaries.listed == sum(len(g.members) for g in programme.target_groups)
        if m.elapsed is not None:
            assert 0 <= m.elapsed.low <= m.elapsed.high <= 1
        if m.budget_per_year is not None:
            assert m.budget_per_year.low.amount <= m.budget_per_year.high.amount
    assert metrics.total is not None
    counted = set(metrics.total.amounts) | set(metrics.total.missing_rates) | set(metrics.total.unknown)
    assert counted | set(metrics.total.nested) == {p.key for p in catalogue.programmes}
    assert isinstance(to_builtins(metrics), dict)


_DEFINITE = [q for q in Qualifier if q is not Qualifier.ABOUT]


def _true_value(stated: int, qualifier: Qualifier, offset: int) -> int:
    """A value the stated figure may stand for: "more than 300" may be 300 + offset + 1."""
    return {
        Qualifier.EXACT: stated,
        Qualifier.MORE_THAN: stated + offset + 1,
        Qualifier.AT_LEAST: stated + offset,
        Qualifier.LESS_THAN: stated - offset - 1,
        Qualifier.AT_MOST: stated - offset,
    }[qualifier]


def _satisfies(value: Decimal, bound: Measure) -> bool:
    return {
        Qualifier.EXACT: value == bound.value,
        Qualifier.MORE_THAN: value > bound.value,
        Qualifier.AT_LEAST: value >= bound.value,
        Qualifier.LESS_THAN: value < bound.value,
        Qualifier.AT_MOST: value <= bound.value,
    }[bound.qualifier]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(50, 1000),
    st.sampled_from(_DEFINITE),
    st.integers(0, 40),
    st.sampled_from(_DEFINITE),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_every_reading_of_the_counts_satisfies_the_selection_ratio_bound(
    applied: int, applied_q: Qualifier, selected: int, selected_q: Qualifier, a_off: int, s_off: int
) -> None:
    ratio = selection_ratio(
        Selection(applied=Count(applied, applied_q), selected=Count(selected, selected_q))
    )
    if ratio is None:
        return
    true_applied = _true_value(applied, applied_q, a_off)
    true_selected = _true_value(selected, selected_q, s_off)
    if true_selected < 0:
        return  # "less than 3" cannot stand for a negative count
    assert _satisfies(Decimal(true_selected) / Decimal(true_applied), ratio)


def test_none_selected_is_exactly_zero_whatever_the_applicants() -> None:
    # 0 of "more than 50" is 0 on every reading (0/51, 0/52, ...), so no bound is needed.
    ratio = selection_ratio(Selection(applied=Count(50, Qualifier.MORE_THAN), selected=Count(0)))
    assert ratio == Measure(0)


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        (Count(0, Qualifier.AT_LEAST), Measure(0, Qualifier.AT_LEAST)),
        (Count(0, Qualifier.MORE_THAN), Measure(0, Qualifier.MORE_THAN)),
        (Count(0, Qualifier.AT_MOST), Measure(0)),
        (Count(0, Qualifier.LESS_THAN), None),
    ],
)
def test_zero_selected_keeps_only_its_own_bound(selected: Count, expected: Measure | None) -> None:
    # "at least 0" of "less than 50": 0/49 = 0 is a reading, so the ratio is "at least 0", not "more than 0".
    assert selection_ratio(Selection(applied=Count(50, Qualifier.LESS_THAN), selected=selected)) == expected


# -- numbers at the edge of the range the library holds (below 10^18, 45 places) ----------------

NEAR_LIMIT = "9E+17"


def test_a_budget_near_10_to_the_18_per_year() -> None:
    p = prog(
        period=Period.parse("2017", "2020"),
        declared_duration=Span(4, TimeUnit.YEAR),
        budget=Budget(total=eur(NEAR_LIMIT)),
    )
    # 9E+17 * 12 / 48 = 2.25E+17; 9E+17 * 12 / 26 = 1.08E+19 / 26 = 415384615384615384.615384...,
    # 28 significant digits: 415384615384615384.6153846154. 12 times the budget (1.08E+19) is
    # out of range, but it is never held: the result is.
    assert budget_per_year(p) == MoneyRange(eur("2.25E+17"), eur("415384615384615384.6153846154"))
    assert programme_metrics(p).budget_per_declared_year == eur("2.25E+17")
    # Over one month, 9E+17 a month is 1.08E+19 a year: not a held amount, so not computable.
    one_month = attrs.evolve(
        p, period=Period.parse("2020-01", "2020-01"), declared_duration=Span(1, TimeUnit.MONTH)
    )
    assert budget_per_year(one_month) is None
    metrics = programme_metrics(one_month)
    assert (metrics.budget, metrics.budget_per_year, metrics.budget_per_declared_year) == (
        eur(NEAR_LIMIT),
        None,
        None,
    )


def test_budget_lines_adding_up_to_10_to_the_18_have_no_single_amount() -> None:
    lines = (BudgetLine(eur("6E+17")), BudgetLine(eur("6E+17")))
    p = prog(budget=Budget(lines=lines), recipient_countries=(CountryShare("UA", Decimal(100)),))
    m = programme_metrics(p)
    assert m.budget is None
    assert m.countries == CountrySplit(reason="no single budget amount")
    total = catalogue_total(Catalogue((p,)), EUR)
    assert (total.total, total.unknown) == (eur(0), ("p",))


def test_a_catalogue_total_of_10_to_the_18_or_more_is_unknown() -> None:
    a = prog("a", budget=Budget(total=eur("6E+17")))
    b = prog("b", budget=Budget(total=eur("6E+17")))
    # USD 5E+17 at EUR 1 = USD 0.1 is EUR 5E+18: out of range once converted.
    c = prog("c", budget=Budget(total=Money("5E+17", "USD")))
    rate = ExchangeRate("EUR", "USD", "0.1", RATE_DATE)
    total = catalogue_total(Catalogue((a, b, c)), EUR, [rate])
    assert total.total is None  # 6E+17 + 6E+17 = 1.2E+18
    assert total.amounts == {"a": eur("6E+17"), "b": eur("6E+17")}
    assert total.unknown == ("c",)
    assert total.rates == ()  # the rate converted nothing
    assert not total.is_complete
    m = catalogue_metrics(Catalogue((a, b, c)), currency=EUR, rates=[rate])
    assert m.total == total


def test_a_country_listed_twice_past_10_to_the_18_is_not_split() -> None:
    twice = (CountryShare("UA", Decimal(100)), CountryShare("UA", Decimal(100)))
    p = prog(budget=Budget(total=eur("6E+17")), recipient_countries=twice)
    assert budget_per_country(p) == CountrySplit(reason="the amount for UA is out of range")
    # The largest held amount, halved: 999...9.99...9 / 2 rounded to 28 digits is 5E+17.
    halves = (CountryShare("UA", Decimal(50)), CountryShare("MD", Decimal(50)))
    largest = prog(budget=Budget(total=eur("9" * 18 + "." + "9" * 45)), recipient_countries=halves)
    assert budget_per_country(largest).amounts == {"UA": eur("5E+17"), "MD": eur("5E+17")}
    # All of it to one country: 100% of the largest amount is that amount, exactly (a held
    # quotient is not rounded to 28 digits, which would give 10^18).
    whole = attrs.evolve(largest, recipient_countries=(CountryShare("UA", Decimal(100)),))
    assert budget_per_country(whole).amounts == {"UA": eur("9" * 18 + "." + "9" * 45)}
    assert component_budgets(
        attrs.evolve(whole, components=(Component("x", t("X"), budget_share=Decimal(100)),))
    ) == (ComponentBudget("x", eur("9" * 18 + "." + "9" * 45), Decimal(100)),)


def test_indicator_figures_past_10_to_the_18_are_none() -> None:
    # -9E+17 to 9E+17 is a change of 1.8E+18: not held, so no change, relative change or progress.
    wide = indicator_change(indicator(Measure("-9E+17"), Measure(NEAR_LIMIT), Measure("1E+17")))
    assert (wide.change, wide.relative_change, wide.progress) == (None, None, None)
    # 1E-45 to 1: the change is exact, 1 - 1E-45; over the baseline it is about 10^45: None. The
    # progress towards 2 is (1 - 1E-45) / (2 - 1E-45) = 0.5 - 2.5E-46..., 0.5 to 28 digits.
    tiny = indicator_change(indicator(Measure("1E-45"), Measure(1), Measure(2)))
    assert tiny.change == Measure("0." + "9" * 45)
    assert tiny.relative_change is None
    assert tiny.progress == Measure(Decimal("0.5"))
    # The target minus the baseline out of range: no progress, the rest computed.
    far = indicator_change(indicator(Measure("-9E+17"), Measure("-8E+17"), Measure(NEAR_LIMIT)))
    assert far.change == Measure("1E+17")
    assert far.progress is None


def test_selection_ratio_of_the_largest_counts() -> None:
    largest = 10**18 - 1
    ratio = selection_ratio(Selection(applied=Count(largest), selected=Count(largest)))
    assert ratio == Measure(1)
    ratio = selection_ratio(Selection(applied=Count(largest), selected=Count(1)))
    assert ratio is not None
    # 1 / 999999999999999999 = 1.000000000000000001000000000E-18 (28 digits).
    assert ratio.value == Decimal("1.000000000000000001000000000E-18")


def test_theme_budget_past_10_to_the_18_is_unknown() -> None:
    gender = CrossCuttingTheme(t("Gender"), code="1", components=("a", "b"))
    components = (
        Component("a", t("A"), budget=eur("6E+17")),
        Component("b", t("B"), budget=eur("6E+17")),
    )
    p = prog(budget=Budget(total=eur("9E+17")), components=components, themes=(gender,))
    (coverage,) = theme_coverage(p)
    assert (coverage.components, coverage.budget, coverage.budget_share) == (("a", "b"), None, None)
    # 6E+17 / 9E+17 * 100 = 66.66...7 to 28 digits.
    assert [c.percentage for c in component_budgets(p)] == [Decimal("66.66666666666666666666666667")] * 2
