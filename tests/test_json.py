"""The JSON layer: lossless round trips, the document format, strictness and error paths."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given

import itaproj
from itaproj import (
    Activity,
    Budget,
    Catalogue,
    Component,
    Extra,
    Indicator,
    LoadError,
    LocalizedText,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Person,
    Programme,
    Qualifier,
    Role,
    Span,
)
from itaproj.io import FORMAT_VERSION, dump, dumps, from_builtins, load, loads, to_builtins
from itaproj.testing import catalogues, programmes, register_type_strategies

register_type_strategies()

MODEL_CLASSES = sorted(
    (obj for name in itaproj.__all__ if attrs.has(obj := getattr(itaproj, name)) and isinstance(obj, type)),
    key=lambda cls: cls.__name__,
)

EU = Organisation("eu", LocalizedText({"en": "European Union", "ru": "Европейский союз"}), type="40")


def text(en: str) -> LocalizedText:
    return LocalizedText({"en": en})


def document(data: Any, kind: str = "Catalogue") -> str:
    return json.dumps({"itaproj": FORMAT_VERSION, "kind": kind, "data": data})


def issues_of(raw: str) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        loads(raw)
    return [(issue.path, issue.message) for issue in caught.value.issues]


# --- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_every_model_type_round_trips(cls: type) -> None:
    @given(st.from_type(cls))
    def round_trip(value: Any) -> None:
        assert loads(dumps(value), cls) == value
        assert from_builtins(to_builtins(value), cls) == value

    round_trip()


@given(catalogues())
def test_catalogue_round_trip_keeps_organisation_identity_per_key(catalogue: Catalogue) -> None:
    loaded = loads(dumps(catalogue, indent=True))
    assert loaded == catalogue
    assert loaded.organisations == catalogue.organisations


@given(programmes())
def test_dumps_is_deterministic(programme: Programme) -> None:
    assert dumps(programme) == dumps(loads(dumps(programme)))


def test_the_model_classes_cover_the_public_nouns() -> None:
    names = {cls.__name__ for cls in MODEL_CLASSES}
    assert {"Catalogue", "Programme", "Money", "Period", "LocalizedText", "TargetGroup"} <= names


# --- the document format ------------------------------------------------------------------------


def test_envelope_names_version_and_kind() -> None:
    raw = json.loads(dumps(Money(5, "EUR")))
    assert raw == {"itaproj": FORMAT_VERSION, "kind": "Money", "data": {"amount": "5", "currency": "EUR"}}


def test_defaults_are_omitted_and_bounds_kept() -> None:
    assert to_builtins(Money("7.8E9", "KZT", Qualifier.MORE_THAN)) == {
        "amount": "7.8E+9",
        "currency": "KZT",
        "qualifier": "more_than",
    }
    assert to_builtins(Programme("p", text("P"))) == {"key": "p", "title": {"en": "P"}}


def test_partial_dates_are_iso_strings_of_their_own_precision() -> None:
    period = Period(PartialDate(2015, 4), PartialDate(2020, 12))
    assert to_builtins(period) == {"start": "2015-04", "end": "2020-12"}
    assert to_builtins(Period(end=PartialDate(2022, 7))) == {"end": "2022-07"}
    assert to_builtins(Period(PartialDate(2004), ongoing=True)) == {"start": "2004", "ongoing": True}


def test_localized_text_writes_the_original_language_first() -> None:
    title = LocalizedText(
        {"en": "Partnership for Local Economic Development", "uk": "Партнерство"}, original="uk"
    )
    assert list(to_builtins(title)) == ["uk", "en"]
    assert from_builtins(to_builtins(title), LocalizedText).original == "uk"


def test_an_explicit_original_key_is_accepted_on_input() -> None:
    loaded = from_builtins({"en": "Mayors", "ru": "Мэры", "original": "ru"}, LocalizedText)
    assert loaded.original == "ru"
    assert dict(loaded) == {"ru": "Мэры", "en": "Mayors"}


def test_catalogue_lists_organisations_once_and_refers_by_key() -> None:
    first = Programme("a", text("A"), participants=(Participant(EU, Role.FUNDING),))
    second = Programme(
        "b",
        text("B"),
        participants=(Participant(EU, Role.FUNDING),),
        people=(Person(text("Traian Hristea"), text("Head of Delegation"), EU),),
    )
    raw = to_builtins(Catalogue((first, second)))
    assert raw["organisations"] == [
        {"key": "eu", "name": {"en": "European Union", "ru": "Европейский союз"}, "type": "40"}
    ]
    assert raw["programmes"][0]["participants"] == [{"organisation": "eu", "role": "funding"}]
    assert raw["programmes"][1]["people"][0]["organisation"] == "eu"
    loaded = from_builtins(raw, Catalogue)
    assert loaded.programmes[0].participants[0].organisation is loaded.programmes[1].people[0].organisation


def test_two_different_organisations_with_one_key_are_both_kept() -> None:
    other = attrs.evolve(EU, name=text("EU delegation"))
    catalogue = Catalogue(
        (
            Programme("a", text("A"), participants=(Participant(EU, Role.FUNDING),)),
            Programme("b", text("B"), participants=(Participant(other, Role.FUNDING),)),
        )
    )
    raw = to_builtins(catalogue)
    assert raw["programmes"][1]["participants"][0]["organisation"]["name"] == {"en": "EU delegation"}
    assert from_builtins(raw, Catalogue) == catalogue


def test_a_standalone_programme_embeds_its_organisations() -> None:
    programme = Programme("a", text("A"), participants=(Participant(EU, Role.FUNDING),))
    assert to_builtins(programme)["participants"][0]["organisation"]["key"] == "eu"


def test_observation_values_are_measures_or_money() -> None:
    indicator = Indicator(
        text("Tourism projects"),
        baselines=(Observation(Measure(0)),),
        actuals=(Observation(Money("7.8E9", "KZT", Qualifier.MORE_THAN)), Observation(Measure(4))),
    )
    loaded = from_builtins(to_builtins(indicator), Indicator)
    assert loaded == indicator
    assert isinstance(loaded.actuals[0].value, Money)
    assert isinstance(loaded.actuals[1].value, Measure)


def test_nested_activities_round_trip() -> None:
    leaf = Activity(text("Training of trainers"))
    line = Activity(text("Help implementing LED policy"), activities=(leaf, leaf))
    component = Component("1000", text("Open government"), activities=(line,))
    assert from_builtins(to_builtins(component), Component) == component


def test_dump_and_load_files(tmp_path: Any) -> None:
    path = tmp_path / "catalogue.json"
    catalogue = Catalogue((Programme("a", text("A"), budget=Budget(total=Money(6288000, "EUR"))),))
    dump(catalogue, path)
    assert path.read_text(encoding="utf-8").startswith('{\n  "itaproj": 1,')
    assert load(path) == catalogue
    assert load(path, Catalogue) == catalogue


# --- strictness: no silent coercion -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", "expected an integer, got string '5'"),
        (5.7, "expected an integer, got number 5.7"),
        (True, "expected an integer, got boolean True"),
        (None, "expected an integer, got null None"),
    ],
)
def test_integers_are_strict(value: object, expected: str) -> None:
    raw = document({"count": value, "unit": "year"}, kind="Span")
    assert issues_of(raw) == [("$.count", expected)]


def test_a_float_amount_is_refused_not_rounded() -> None:
    raw = document({"amount": 14.5, "currency": "EUR"}, kind="Money")
    [(path, message)] = issues_of(raw)
    assert path == "$.amount"
    assert "not a float (got 14.5)" in message


def test_an_integer_amount_is_exact() -> None:
    assert loads(document({"amount": 6288000, "currency": "EUR"}, kind="Money")) == Money(
        Decimal(6288000), "EUR"
    )


@pytest.mark.parametrize(
    ("data", "path", "fragment"),
    [
        ({"key": 5, "title": {"en": "x"}}, "$.key", "expected a string, got number 5"),
        ({"key": "p", "title": {"en": "x"}, "tags": "abc"}, "$.tags", "expected an array, got string 'abc'"),
        ({"key": "p", "title": ["x"]}, "$.title", "expected an object of language tag to text"),
        ({"key": "p", "title": {"EN": "x"}}, "$.title", "lower-case BCP 47"),
        (
            {"key": "p", "title": {"en": "x"}, "period": {"start": "2017-13"}},
            "$.period.start",
            "must be a month from 1 to 12 (got 13)",
        ),
        ({"key": "p", "title": {"en": "x"}, "status": 2}, "$.status", "be one of 'pipeline'"),
        (
            {"key": "p", "title": {"en": "x"}, "period": {"ongoing": "yes"}},
            "$.period.ongoing",
            "true or false",
        ),
        ({"title": {"en": "x"}}, "$.key", "required field missing"),
    ],
)
def test_bad_values_are_reported_at_their_path(data: dict[str, Any], path: str, fragment: str) -> None:
    [(found_path, message)] = issues_of(document(data, kind="Programme"))
    assert found_path == path
    assert fragment in message


def test_every_error_in_a_document_is_reported_at_once() -> None:
    data = {
        "organisations": [{"key": "eu", "name": {"en": "EU"}}],
        "programmes": [
            {
                "key": "a",
                "title": {"en": "A"},
                "budget": {"total": {"amount": "1", "currency": "eur"}},
                "components": [
                    {"code": "1000", "title": {"en": "c"}},
                    {"code": "2000", "title": {"en": "c"}, "budget": {"amount": "1", "currency": "usd"}},
                ],
                "participants": [{"organisation": "nope", "role": "funding"}],
            },
            {"key": "b", "title": {"en": "B"}, "declared_duration": {"count": "4", "unit": "year"}},
        ],
    }
    assert [path for path, _ in issues_of(document(data))] == [
        "$.programmes[0].budget.total.currency",
        "$.programmes[0].components[1].budget.currency",
        "$.programmes[0].participants[0].organisation",
        "$.programmes[1].declared_duration.count",
    ]


def test_load_error_message_lists_message_at_path() -> None:
    with pytest.raises(LoadError) as caught:
        loads(document({"amount": "1", "currency": "eur"}, kind="Money"))
    assert "'currency' must be an ISO 4217 code (got 'eur') @ $.currency" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_duplicate_organisation_keys_in_the_table_are_an_error() -> None:
    data = {"organisations": [{"key": "eu", "name": {"en": "A"}}, {"key": "eu", "name": {"en": "B"}}]}
    [(path, message)] = issues_of(document(data))
    assert path == "$.organisations[1].key"
    assert "unique" in message


def test_duplicate_programme_keys_are_an_error() -> None:
    data = {"programmes": [{"key": "a", "title": {"en": "A"}}, {"key": "a", "title": {"en": "B"}}]}
    [(path, message)] = issues_of(document(data))
    assert path == "$.programmes[1].key"
    assert "unique in the catalogue" in message


# --- unknown input is kept, never dropped ----------------------------------------------------------


def test_unknown_keys_are_kept_on_their_programme_and_written_back() -> None:
    data = {
        "x_source": "press office",
        "programmes": [
            {
                "key": "a",
                "title": {"en": "A"},
                "x_note": {"deep": [1, 2]},
                "components": [{"code": "1000", "title": {"en": "c"}, "x_weight": 0.5}],
            }
        ],
    }
    catalogue = loads(document(data))
    assert catalogue.extras == (Extra("$.x_source", '"press office"'),)
    assert set(catalogue["a"].extras) == {
        Extra("$.x_note", '{"deep":[1,2]}'),
        Extra("$.components[0].x_weight", "0.5"),
    }
    assert loads(dumps(catalogue)) == catalogue


def test_unknown_keys_next_to_real_errors_are_reported_with_them() -> None:
    data = {"programmes": [{"key": "a", "title": {"en": "A"}, "status": "done", "x_note": 1}]}
    assert [path for path, _ in issues_of(document(data))] == ["$.programmes[0].status"]


def test_unknown_keys_in_a_value_without_a_home_are_errors() -> None:
    assert issues_of(document({"amount": "1", "currency": "EUR", "rate": "2"}, kind="Money")) == [
        ("$.rate", "unknown field 'rate'")
    ]


def test_loading_does_not_change_the_callers_builtins() -> None:
    data = {"key": "a", "title": {"en": "A"}, "x_note": 1}
    before = json.dumps(data, sort_keys=True)
    from_builtins(data, Programme)
    assert json.dumps(data, sort_keys=True) == before


# --- the envelope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "path", "fragment"),
    [
        ("{not json", "$", "not valid JSON"),
        ("[1, 2]", "$", "not an itaproj document"),
        ('{"itaproj": 99, "kind": "Money", "data": {}}', "$", "unsupported format version 99"),
        ('{"itaproj": 1, "kind": "Money"}', "$.data", "required field missing"),
        ('{"itaproj": 1, "kind": "Spreadsheet", "data": {}}', "$.kind", "unknown kind 'Spreadsheet'"),
        ('{"itaproj": 1, "kind": "Money", "data": {}, "note": 1}', "$", "unknown envelope field 'note'"),
    ],
)
def test_envelope_errors(raw: str, path: str, fragment: str) -> None:
    [(found_path, message)] = issues_of(raw)
    assert found_path == path
    assert fragment in message


def test_kind_must_match_the_class_asked_for() -> None:
    with pytest.raises(LoadError, match=r"expected kind 'Catalogue', got 'Money'"):
        loads(dumps(Money(1, "EUR")), Catalogue)


def test_load_names_the_file_in_its_error(tmp_path: Any) -> None:
    path = tmp_path / "bad.json"
    path.write_text(document({"amount": "x", "currency": "EUR"}, kind="Money"), encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad\.json"):
        load(path)


def test_spans_and_bounds_survive() -> None:
    programme = Programme("kz", text("KZ"), declared_duration=Span(4, itaproj.TimeUnit.YEAR))
    assert loads(dumps(programme)).declared_duration == Span(4, itaproj.TimeUnit.YEAR)
