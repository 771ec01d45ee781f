"""Derived metrics of the seed programmes, against values worked out by hand.

Every expected value below is computed from the seed's own figures with the arithmetic written
out, not copied from the library's output. The catalogue is the shipped JSON
(``itaproj.examples.load()``).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from itaproj import MonthRange, Qualifier
from itaproj.examples import load
from itaproj.metrics import (
    beneficiary_counts,
    budget_per_country,
    budget_per_year,
    catalogue_total,
    indicator_change,
    programme_metrics,
    selection_ratio,
    theme_coverage,
)
from itaproj.quantity import Measure
from itaproj.results import Indicator

CATALOGUE = load()
CENT = Decimal("0.01")

# -- duration in months --------------------------------------------------------------------------
# A period of years runs from the last month of its first year to the first month of its last
# year at the shortest, and from January of the first to December of the last at the longest.
M4EG_MONTHS = MonthRange(1 + 2 * 12 + 1, 4 * 12)  # Dec 2017..Jan 2020 = 26; Jan 2017..Dec 2020 = 48
PROMIS_MONTHS = MonthRange(9 + 5 * 12, 9 + 5 * 12)  # Apr-Dec 2015 = 9, then 2016..2020 = 60: 69
KZ_MONTHS = MonthRange(1 + 3 * 12 + 1, 5 * 12)  # Dec 2013..Jan 2017 = 38; Jan 2013..Dec 2017 = 60


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("m4eg", M4EG_MONTHS),
        ("promis", PROMIS_MONTHS),
        ("kz-regional-development", KZ_MONTHS),
        ("u-lead", None),  # the seed gives U-LEAD no period
        ("auc-analytics", None),  # "until July 2022": no start, so no length
        ("surge", None),
        ("clir", None),
    ],
)
def test_duration_range_in_months(key: str, expected: MonthRange | None) -> None:
    programme = CATALOGUE[key]
    assert programme.duration == expected
    assert programme_metrics(programme).duration == expected


def test_duration_ranges_worked_out() -> None:
    assert (M4EG_MONTHS.low, M4EG_MONTHS.high) == (26, 48)
    assert MonthRange(69, 69) == PROMIS_MONTHS
    assert PROMIS_MONTHS.is_exact
    assert (KZ_MONTHS.low, KZ_MONTHS.high) == (38, 60)
    # The declared "four-year project" (48 months) lies inside the KZ range.
    assert 4 * 12 in KZ_MONTHS


# -- budget per year -------------------------------------------------------------------------------


def test_m4eg_budget_per_year() -> None:
    yearly = budget_per_year(CATALOGUE["m4eg"])
    assert yearly is not None
    assert yearly.currency == "EUR"
    # EUR 14,500,000 over 48 months at the longest: 14,500,000 * 12 / 48 = 3,625,000 a year.
    assert yearly.low.amount == Decimal(3_625_000)
    # Over 26 months at the shortest: 14,500,000 * 12 / 26 = 174,000,000 / 26 = 6,692,307.69...
    assert yearly.high.amount.quantize(CENT) == Decimal("6692307.69")
    assert yearly.high.amount == Decimal(174_000_000) / Decimal(26)
    assert yearly.low.is_exact
    assert yearly.high.is_exact


def test_kz_budget_per_year_and_per_declared_year() -> None:
    kz = CATALOGUE["kz-regional-development"]
    yearly = budget_per_year(kz)
    assert yearly is not None
    # EUR 6,288,000 over 60 months: 6,288,000 * 12 / 60 = 6,288,000 / 5 = 1,257,600 a year.
    assert yearly.low.amount == Decimal(1_257_600)
    # Over 38 months: 6,288,000 * 12 / 38 = 75,456,000 / 38 = 1,985,684.2105...
    assert yearly.high.amount.quantize(CENT) == Decimal("1985684.21")
    # Over the declared four years: 6,288,000 / 4 = 1,572,000, inside the range above.
    metrics = programme_metrics(kz)
    assert metrics.declared_months == 48
    assert metrics.budget_per_declared_year is not None
    assert metrics.budget_per_declared_year.amount == Decimal(1_572_000)
    assert yearly.low.amount <= Decimal(1_572_000) <= yearly.high.amount


@pytest.mark.parametrize("key", ["promis", "u-lead", "auc-analytics", "surge", "clir"])
def test_no_budget_per_year_without_a_budget(key: str) -> None:
    assert budget_per_year(CATALOGUE[key]) is None


def test_no_split_by_country_without_shares() -> None:
    # Six recipient countries and no shares: the budget is never split evenly.
    split = budget_per_country(CATALOGUE["m4eg"])
    assert split.amounts == {}
    assert split.reason == "no share stated for AM, AZ, BY, GE, MD, UA"


def test_catalogue_total_in_eur() -> None:
    total = catalogue_total(CATALOGUE, "EUR")
    # 14,500,000 + 6,288,000 = 20,788,000; the other five state no budget.
    assert total.total is not None
    assert total.total.amount == Decimal(20_788_000)
    assert total.unknown == ("promis", "u-lead", "auc-analytics", "surge", "clir")
    assert total.missing_rates == ()
    assert total.nested == ()
    assert not total.is_complete


# -- indicators ------------------------------------------------------------------------------------


def _indicator(result: int, indicator: int = 0) -> Indicator:
    return CATALOGUE["kz-regional-development"].results[result].indicators[indicator]


def test_sez_enterprises_5_to_12() -> None:
    sez = _indicator(0)
    # Absolute: 12 - 5 = 7 enterprises. Relative: 7 / 5 = 1.4, i.e. +140%.
    assert sez.change == Measure(12 - 5)
    assert sez.relative_change == Decimal(7) / Decimal(5) == Decimal("1.4")
    change = indicator_change(sez)
    assert change.change == Measure(7)
    assert change.relative_change == Measure(Decimal("1.4"))
    assert change.progress is None  # the "3 more planned" is its own indicator, not a level target


def test_business_road_map_41_to_143() -> None:
    road_map = _indicator(1)
    # Absolute: 143 - 41 = 102 projects. Relative: 102 / 41 = 2.4878..., i.e. about +249%.
    assert road_map.change == Measure(143 - 41)
    assert road_map.relative_change == Decimal(102) / Decimal(41)
    assert road_map.relative_change is not None
    assert road_map.relative_change.quantize(Decimal("0.0001")) == Decimal("2.4878")
    assert indicator_change(road_map).relative_change == Measure(Decimal(102) / Decimal(41))


def test_certified_people_stay_a_lower_bound() -> None:
    certified = _indicator(8)
    change = indicator_change(certified)
    assert change.latest == Measure(100, Qualifier.MORE_THAN)
    assert change.change is None  # no baseline stated


# -- selection and beneficiaries -------------------------------------------------------------------


def test_clir_selection_ratio() -> None:
    selection = CATALOGUE["clir"].target_groups[0].selection
    assert selection is not None
    ratio = selection_ratio(selection)
    # 19 selected of more than 300 applied: less than 19 / 300 = 0.0633...
    assert ratio == Measure(Decimal(19) / Decimal(300), Qualifier.LESS_THAN)
    assert ratio is not None
    assert ratio.value.quantize(Decimal("0.0001")) == Decimal("0.0633")


def test_clir_communities_per_oblast() -> None:
    group = CATALOGUE["clir"].target_groups[0]
    counts = beneficiary_counts(CATALOGUE["clir"])
    # Kyiv 4 (Баришівка, Глеваха, Боярка, Велика Димерка); Dnipropetrovsk 4; Mykolaiv 2; Odesa 2;
    # Chernihiv 3: 4 + 4 + 2 + 2 + 3 = 15 located to one oblast.
    assert counts.by_subdivision == {"UA-32": 4, "UA-12": 4, "UA-48": 2, "UA-51": 2, "UA-74": 3}
    # The Donetsk-and-Kharkiv cluster's 3 are not placed in either oblast: 15 + 3 = 18 listed.
    assert counts.by_region_group == {"UA-14,UA-63": 3}
    assert counts.without_subdivision == 3
    assert counts.listed == 15 + 3 == 18
    assert counts.by_country == {"UA": 18}
    assert counts.by_kind == {"community": 18}
    # The model's own count agrees, the unplaced three under None.
    assert group.members_by_subdivision() == {
        "UA-32": 4,
        None: 3,
        "UA-12": 4,
        "UA-48": 2,
        "UA-51": 2,
        "UA-74": 3,
    }
    # The oblasts the clusters name: 1 + 2 + 1 + 1 + 1 + 1 = 7, as declared.
    named = {code for cluster in group.clusters for code in cluster.regions}
    assert len(named) == 7
    assert group.declared_regions is not None
    assert group.declared_regions.value == len(named)


def test_clir_communities_per_cluster() -> None:
    expected = {
        "kyiv": 4,
        "donetsk-kharkiv": 3,
        "dnipropetrovsk": 4,
        "mykolaiv": 2,
        "odesa": 2,
        "chernihiv": 3,
    }
    assert sum(expected.values()) == 4 + 3 + 4 + 2 + 2 + 3 == 18
    assert beneficiary_counts(CATALOGUE["clir"]).by_cluster == expected
    assert CATALOGUE["clir"].target_groups[0].members_by_cluster() == expected
    # In a catalogue the cluster keys carry the programme key.
    assert beneficiary_counts(CATALOGUE).by_cluster == {f"clir/{key}": n for key, n in expected.items()}


# -- countries and themes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("m4eg", 6),  # Armenia, Azerbaijan, Belarus, Georgia, Moldova, Ukraine
        ("promis", 1),
        ("u-lead", 0),  # not stated in the seed
        ("auc-analytics", 1),
        ("kz-regional-development", 1),
        ("surge", 1),
        ("clir", 1),
    ],
)
def test_number_of_recipient_countries(key: str, expected: int) -> None:
    assert len(CATALOGUE[key].recipient_countries) == expected


def test_recipient_countries_across_the_catalogue() -> None:
    countries = {share.country for programme in CATALOGUE for share in programme.recipient_countries}
    # The six M4EG countries (Ukraine among them) plus Kazakhstan: 6 + 1 = 7.
    assert countries == {"AM", "AZ", "BY", "GE", "MD", "UA", "KZ"}


def test_promis_theme_coverage() -> None:
    coverage = theme_coverage(CATALOGUE["promis"])
    assert [(t.title["en"], t.code, t.vocabulary, t.significance) for t in coverage] == [
        ("Gender equality integration", "1", "1", None),
        ("Environmental sustainability integration", "2", "1", None),
    ]
    for theme in coverage:
        # Both themes name no component, so they run across all three: 3 / 3 = 1.
        assert theme.components == ("1000", "2000", "3000")
        assert theme.component_share == Decimal(3) / Decimal(3) == 1
        # PROMIS states no budget, so no budget share can be computed.
        assert theme.budget is None
        assert theme.budget_share is None


def test_clir_themes_have_no_components_to_cover() -> None:
    coverage = theme_coverage(CATALOGUE["clir"])
    assert [(t.vocabulary, t.code, t.component_share) for t in coverage] == [("99", None, None)] * 2
