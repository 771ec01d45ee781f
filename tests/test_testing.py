"""The public hypothesis strategies build only values the model's constructors accept."""

import subprocess
import sys
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

import itaproj.testing as strategies
from itaproj import (
    Activity,
    Budget,
    Catalogue,
    Location,
    Money,
    Period,
    Programme,
    Qualifier,
    TargetGroup,
)
from itaproj.codelists import codelist
from itaproj.text import LocalizedText

STRATEGY_NAMES = sorted(set(strategies.__all__) - {"register_type_strategies"})
HEAVY = {"programmes", "catalogues"}
# find() without shrinking: shrinking a nested value to the smallest example takes minutes.
# find() still generates up to max_examples looking for a smaller match, so keep it low for
# nested values (about half of activities(max_depth=2) are three levels deep).
NO_SHRINK = settings(phases=[Phase.generate], database=None, max_examples=300)
NO_SHRINK_FEW = settings(phases=[Phase.generate], database=None, max_examples=40)


def rebuild(value: Any) -> Any:
    """Construct ``value`` again from its parts, innermost first, so every validator runs again."""
    if isinstance(value, tuple):
        return tuple(rebuild(item) for item in value)
    if attrs.has(type(value)):
        fields = [field for field in attrs.fields(type(value)) if field.init]  # derived fields are recomputed
        return type(value)(**{field.alias: rebuild(getattr(value, field.name)) for field in fields})
    return value


def assert_valid(value: Any) -> None:
    again = rebuild(value)
    assert again == value
    assert hash(again) == hash(value)
    if attrs.has(type(value)):
        assert attrs.evolve(value) == value


@pytest.mark.parametrize("name", sorted(set(STRATEGY_NAMES) - HEAVY))
@settings(max_examples=25)
@given(data=st.data())
def test_every_value_is_valid(name: str, data: st.DataObject) -> None:
    assert_valid(data.draw(getattr(strategies, name)()))


@pytest.mark.parametrize("name", sorted(HEAVY))
@settings(max_examples=10)
@given(data=st.data())
def test_every_programme_and_catalogue_is_valid(name: str, data: st.DataObject) -> None:
    assert_valid(data.draw(getattr(strategies, name)()))


def test_every_strategy_is_public() -> None:
    assert all(callable(getattr(strategies, name)) for name in strategies.__all__)
    assert {"money", "periods", "programmes", "catalogues", "activities"} <= set(STRATEGY_NAMES)


# -- registration ----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [Money, Period, LocalizedText, Location, Activity, Budget, TargetGroup])
@settings(max_examples=10)
@given(data=st.data())
def test_register_type_strategies_makes_from_type_build_valid_values(cls: type, data: st.DataObject) -> None:
    strategies.register_type_strategies()
    strategies.register_type_strategies()  # twice is fine
    value = data.draw(st.from_type(cls))
    assert isinstance(value, cls)
    assert_valid(value)


def test_importing_itaproj_does_not_import_hypothesis() -> None:
    code = "import sys, itaproj; print('itaproj.testing' in sys.modules, 'hypothesis' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


# -- what each strategy promises ------------------------------------------------------------


@given(strategies.money(currency="EUR", qualifier=Qualifier.EXACT))
def test_money_with_fixed_currency_and_qualifier(amount: Money) -> None:
    assert amount.currency == "EUR"
    assert amount.is_exact


@given(strategies.money(currency=st.sampled_from(["UAH", "KZT"]), qualifier=st.just(Qualifier.ABOUT)))
def test_money_with_strategies_for_currency_and_qualifier(amount: Money) -> None:
    assert amount.currency in {"UAH", "KZT"}
    assert amount.qualifier is Qualifier.ABOUT


@given(strategies.decimals())
def test_decimals_are_finite_with_two_places(value: Decimal) -> None:
    assert value.is_finite()
    assert value.as_tuple().exponent == -2
    assert abs(value) <= 10**12


@given(strategies.texts())
def test_texts_are_not_blank(text: str) -> None:
    assert text == text.strip()
    assert text


def test_texts_include_cyrillic_and_other_scripts() -> None:
    assert find(strategies.texts(), lambda s: any("\u0400" <= c <= "\u04ff" for c in s), settings=NO_SHRINK)
    georgian = find(
        strategies.texts(), lambda s: any("\u10a0" <= c <= "\u10ff" for c in s), settings=NO_SHRINK
    )
    assert georgian
    assert find(strategies.localized_texts(), lambda t: len(t) == 3, settings=NO_SHRINK)


@given(strategies.localized_texts())
def test_localized_texts_are_small(text: LocalizedText) -> None:
    assert 1 <= len(text) <= 3
    assert text.original in text


@given(strategies.periods(bounded=True, ordered=True))
def test_bounded_ordered_periods(period: Period) -> None:
    assert period.is_bounded
    assert not period.ends_before_start
    assert not period.ongoing


@given(strategies.periods())
def test_ongoing_periods_have_no_end(period: Period) -> None:
    if period.ongoing:
        assert period.end is None


def depth(activity: Activity) -> int:
    return 1 + max((depth(child) for child in activity.activities), default=0)


@pytest.mark.parametrize("max_depth", [0, 1, 2])
@settings(max_examples=20)
@given(data=st.data())
def test_activities_nest_at_most_max_depth(max_depth: int, data: st.DataObject) -> None:
    activity = data.draw(strategies.activities(max_depth=max_depth))
    assert depth(activity) <= max_depth + 1
    assert all(len(a.activities) <= 2 for a in activity.walk())


def test_activities_do_nest() -> None:
    # up to 300 draws: with 40 it found none once in a full run on the oldest dependencies
    search = settings(phases=[Phase.generate], database=None, max_examples=300)
    nested = find(strategies.activities(max_depth=2), lambda a: depth(a) == 3, settings=search)
    assert depth(nested) == 3


@given(strategies.budgets())
def test_budgets_use_one_currency(budget: Budget) -> None:
    assert len(budget.currencies) <= 1
    if budget.total is not None or budget.lines:
        amount = budget.amount
        assert amount is not None
        assert {amount.currency} == budget.currencies


@given(strategies.target_groups())
def test_target_group_members_belong_to_its_clusters(group: TargetGroup) -> None:
    keys = [cluster.key for cluster in group.clusters]
    assert len(keys) == len(set(keys))
    assert all(member.cluster is None or member.cluster in keys for member in group.members)
    assert sum(group.members_by_cluster().values()) == len(group.members)


@given(strategies.locations())
def test_locations_are_inside_their_country(location: Location) -> None:
    if location.subdivision is not None:
        assert location.subdivision.startswith(location.country + "-")


@given(strategies.themes())
def test_dac_themes_use_policy_marker_codes(theme: Any) -> None:
    if theme.vocabulary == "1":
        assert theme.code in codelist("PolicyMarker")


@settings(max_examples=10)
@given(strategies.programmes())
def test_programmes_keep_tuples_small(programme: Programme) -> None:
    for field in attrs.fields(Programme):
        value = getattr(programme, field.name)
        if isinstance(value, tuple):
            assert len(value) <= 2, field.name


@settings(max_examples=10)
@given(strategies.catalogues())
def test_catalogue_keys_are_unique(catalogue: Catalogue) -> None:
    keys = [programme.key for programme in catalogue]
    assert len(keys) == len(set(keys)) == len(catalogue) <= 3
    for programme in catalogue:
        assert catalogue[programme.key] is programme


@pytest.mark.parametrize("name", ["programmes", "catalogues"])
@settings(max_examples=10)
@given(data=st.data())
def test_generated_values_survive_the_json_layer(name: str, data: st.DataObject) -> None:
    # What the strategies are for: round-trip properties of code built on the model.
    from itaproj.io import dumps, loads

    value = data.draw(getattr(strategies, name)())
    assert loads(dumps(value), type(value)) == value
