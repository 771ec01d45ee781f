"""Hostile and malformed JSON: every one gives a LoadError naming the place, or loads without loss."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj import (
    Budget,
    Catalogue,
    Extra,
    LoadError,
    LocalizedText,
    Money,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    Role,
)
from itaproj.io import MAX_DEPTH, dumps, from_builtins, loads, to_builtins
from itaproj.testing import programmes


def envelope(data: Any, kind: str = "Programme") -> str:
    return json.dumps({"itaproj": 1, "kind": kind, "data": data})


def issues_of(raw: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        loads(raw)
    return [(issue.path, issue.message) for issue in caught.value.issues]


PROGRAMME_HEAD = '{"itaproj": 1, "kind": "Programme", "data": {"key": "p", "title": {"en": "P"}, '


# --- nesting deeper than any stack ---------------------------------------------------------------------


def nested_activities_text(depth: int) -> str:
    """Activities nested ``depth`` deep, as text (the json module itself cannot write them)."""
    return '{"title": {"en": "x"}, "activities": [' * depth + '{"title": {"en": "x"}}' + "]}" * depth


def test_activities_nested_5000_deep() -> None:
    raw = PROGRAMME_HEAD + '"activities": [' + nested_activities_text(5000) + "]}}"
    [(path, message)] = issues_of(raw)
    # data is level 1, its activities array 2, the first activity 3, ...: level 257 is an
    # activity (odd levels are activities) 127 levels of activities below the first one
    assert path == "$.activities[0]" + ".activities[0]" * 127
    assert message == f"nested more than {MAX_DEPTH} levels deep"


def test_activities_nested_150_deep_stop_at_the_nesting_limit() -> None:
    raw = PROGRAMME_HEAD + '"activities": [' + nested_activities_text(150) + "]}}"
    [(path, message)] = issues_of(raw)
    assert path == "$.activities[0]" + ".activities[0]" * 100 + ".activities"
    assert "nested more than 100 levels of Activity" in message


@pytest.mark.parametrize("opening", ["[", '{"a": '])
def test_deep_json_in_an_unknown_key(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    raw = PROGRAMME_HEAD + '"x_deep": ' + opening * 5000 + "1" + closing * 5000 + "}}"
    [(path, message)] = issues_of(raw)
    step = "[0]" if opening == "[" else ".a"
    # data is level 1 and the value of x_deep level 2: level 257 is 255 steps below it
    assert path == "$.x_deep" + step * (MAX_DEPTH - 1)
    assert message == f"nested more than {MAX_DEPTH} levels deep"


def test_json_in_an_unknown_key_deeper_than_the_limit_but_decodable() -> None:
    raw = PROGRAMME_HEAD + '"x_deep": ' + "[" * 300 + "]" * 300 + "}}"
    [(path, message)] = issues_of(raw)
    assert path == "$.x_deep" + "[0]" * (MAX_DEPTH - 1)
    assert message == f"nested more than {MAX_DEPTH} levels deep"


def test_json_in_an_unknown_key_within_the_limit_is_kept() -> None:
    depth = MAX_DEPTH - 1  # the value sits at level 2
    raw = PROGRAMME_HEAD + '"x_deep": ' + "[" * depth + "]" * depth + "}}"
    programme = loads(raw)
    assert programme.extras == (Extra("$.x_deep", "[" * depth + "]" * depth),)
    assert loads(dumps(programme)) == programme


def test_deep_json_where_an_extra_value_belongs() -> None:
    raw = PROGRAMME_HEAD + '"extras": [{"path": "$.x", "value": ' + "[" * 5000 + "]" * 5000 + "}]}}"
    [(path, message)] = issues_of(raw)
    assert path.startswith("$.extras[0].value[0][0]")
    assert message == f"nested more than {MAX_DEPTH} levels deep"
    raw = PROGRAMME_HEAD + '"extras": [{"path": "$.x", "value": ' + "[" * 100 + "]" * 100 + "}]}}"
    [(path, message)] = issues_of(raw)
    assert path == "$.extras[0].value"
    assert message.startswith("expected a string, got array [[[[")
    assert len(message) < 200


def test_deep_json_in_the_envelope() -> None:
    raw = '{"itaproj": 1, "kind": ' + "[" * 5000 + "]" * 5000 + ', "data": {}}'
    [(path, message)] = issues_of(raw)
    assert path.startswith("$.kind[0][0]")
    assert "nested" in message


# --- values of the wrong shape --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [["programme"], {"a": 1}, 1, True, "Programme"])
def test_an_enum_field_holding_anything(kind: Any) -> None:
    [(path, message)] = issues_of(envelope({"key": "p", "title": {"en": "P"}, "kind": kind}))
    assert path == "$.kind"
    assert "'programme', 'project', 'initiative'" in message


@pytest.mark.parametrize("kind", [["Programme"], {"Programme": 1}, 5, None])
def test_an_envelope_kind_holding_anything(kind: Any) -> None:
    raw = json.dumps({"itaproj": 1, "kind": kind, "data": {}})
    [(path, message)] = issues_of(raw)
    assert path == "$.kind"
    assert message.startswith("unknown kind")


@pytest.mark.parametrize("version", [True, 1.0, "1", [1]])
def test_the_version_must_be_the_integer_one(version: Any) -> None:
    raw = json.dumps({"itaproj": version, "kind": "Programme", "data": {"key": "p", "title": {"en": "P"}}})
    [(path, message)] = issues_of(raw)
    assert path == "$"
    assert message.startswith("unsupported format version")


def test_an_unknown_key_next_to_a_bad_value_reports_the_bad_value() -> None:
    assert issues_of(envelope({"key": "", "title": {"en": "x"}, "zzz": 1})) == [
        ("$.key", "'key' must be a non-empty string without spaces (got '')")
    ]


def test_an_unknown_key_next_to_a_bad_value_in_a_value_without_extras() -> None:
    raw = envelope({"amount": "1", "currency": "eur", "zzz": 1}, kind="Money")
    assert issues_of(raw) == [
        ("$.currency", "'currency' must be an ISO 4217 code (got 'eur')"),
        ("$.zzz", "unknown field 'zzz'"),
    ]


def test_odd_unknown_keys_get_quoted_paths() -> None:
    raw = envelope({"amount": "1", "currency": "EUR", "a b": 1, "": 2}, kind="Money")
    assert issues_of(raw) == [('$[""]', "unknown field ''"), ('$["a b"]', "unknown field 'a b'")]


# --- unknown keys of a catalogue's organisations ----------------------------------------------------------


def catalogue_data(**organisation_extra: Any) -> dict[str, Any]:
    return {
        "organisations": [{"key": "eu", "name": {"en": "European Union"}, **organisation_extra}],
        "programmes": [
            {"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "eu", "role": "funding"}]}
        ],
    }


def test_an_unknown_key_in_a_listed_organisation_is_kept_and_written_back() -> None:
    raw = envelope(catalogue_data(x_registry={"number": "4163-01"}), kind="Catalogue")
    catalogue = loads(raw)
    assert catalogue.extras == (Extra("$.organisations[?@.key=='eu'].x_registry", '{"number":"4163-01"}'),)
    written = json.loads(dumps(catalogue))
    assert written["data"]["organisations"][0]["x_registry"] == {"number": "4163-01"}
    assert "extras" not in written["data"]
    assert loads(dumps(catalogue)) == catalogue


def test_an_unknown_key_and_a_bad_value_in_a_listed_organisation() -> None:
    data = catalogue_data(x_registry=1)
    data["organisations"][0]["country"] = "Belgium"
    [(path, message)] = issues_of(envelope(data, kind="Catalogue"))
    assert path == "$.organisations[0].country"
    assert "Belgium" in message


# --- repeated keys -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "path", "key"),
    [
        (
            '{"itaproj": 1, "kind": "Money", "kind": "Money", "data": {"amount": "1", "currency": "EUR"}}',
            "$.kind",
            "kind",
        ),
        (
            '{"itaproj": 1, "kind": "Money", "data": {"amount": "1", "amount": "2", "currency": "EUR"}}',
            "$.amount",
            "amount",
        ),
        (
            PROGRAMME_HEAD + '"period": {"start": "2017", "start": "2018"}}}',
            "$.period.start",
            "start",
        ),
        (PROGRAMME_HEAD + '"title": {"en": "Q"}}}', "$.title", "title"),
        (PROGRAMME_HEAD + '"x_note": 1, "x_note": 2}}', "$.x_note", "x_note"),
        (PROGRAMME_HEAD + '"title" : {"en": "Q"}}}', "$.title", "title"),
        (PROGRAMME_HEAD + '"description": {"en": "said \\"so\\": yes"}, "key": "q"}}', "$.key", "key"),
        (
            '{"itaproj": 1, "kind": "Catalogue", "data": {"programmes": [{"key": "a", "title": {"en": "A"}}, '
            '{"key": "b", "title": {"en": "B", "en": "C"}}]}}',
            "$.programmes[1].title.en",
            "en",
        ),
    ],
)
def test_a_repeated_key_is_an_error(raw: str, path: str, key: str) -> None:
    for text in (raw, raw.encode()):
        issues = issues_of(text)
        assert (path, f"repeats the key {key!r}") in issues


def test_a_repeated_key_next_to_other_errors_is_reported_with_them() -> None:
    raw = '{"itaproj": 1, "kind": "Money", "data": {"amount": "x", "currency": "EUR", "currency": "USD"}}'
    paths = [path for path, _ in issues_of(raw)]
    assert paths == ["$.amount", "$.currency"]


@pytest.mark.parametrize(
    "text",
    [
        'he said "so": yes',  # a quote and a colon inside a string: the quick count cannot clear it
        "https://example.org/a:b",
        '\\": "',
    ],
)
def test_strings_that_look_like_keys_are_not_repeats(text: str) -> None:
    programme = Programme("p", LocalizedText({"en": "P"}), description=LocalizedText({"en": text}))
    assert loads(dumps(programme)) == programme
    assert loads(dumps(programme, indent=True)) == programme
    spaced = json.dumps(json.loads(dumps(programme)), separators=(", ", " : "))
    assert loads(spaced) == programme


def write_with_repeat(value: Any, target: list[Any], path: str = "$") -> str:
    """JSON text of ``value`` in which the object at the path ``target[0]`` repeats its first key."""
    if isinstance(value, dict):
        items = [
            f"{json.dumps(key)}: {write_with_repeat(item, target, path + '.' + key)}"
            for key, item in value.items()
        ]
        if path == target[0] and items:
            items.append(items[0])
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return (
            "["
            + ", ".join(write_with_repeat(item, target, f"{path}[{i}]") for i, item in enumerate(value))
            + "]"
        )
    return json.dumps(value)


def object_paths(value: Any, path: str = "$") -> list[str]:
    found = [path] if isinstance(value, dict) and value else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(object_paths(item, path + "." + key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(object_paths(item, f"{path}[{index}]"))
    return found


@given(programmes(), st.data())
def test_any_repeated_key_is_found(programme: Programme, data: st.DataObject) -> None:
    builtins = to_builtins(programme)
    target = data.draw(st.sampled_from(object_paths(builtins)))
    body = write_with_repeat(builtins, [target])
    raw = '{"itaproj": 1, "kind": "Programme", "data": ' + body + "}"
    owner: Any = builtins
    for step in target[2:].replace("[", ".[").split(".") if target != "$" else []:
        owner = owner[int(step[1:-1])] if step.startswith("[") else owner[step]
    first = next(iter(owner))
    expected = target + ("." + first if first.isidentifier() else f"[{json.dumps(first)}]")
    assert (expected, f"repeats the key {first!r}") in issues_of(raw)


# --- decimals and dates as the format writes them -----------------------------------------------------


@pytest.mark.parametrize(
    "amount", [" 5", "5 ", "+5", "05", "5.", ".5", "1e6", "1E6", "1_000", "١٢", "0.0000001"]
)
def test_decimal_strings_not_written_as_decimal_writes_them(amount: str) -> None:
    [(path, message)] = issues_of(envelope({"amount": amount, "currency": "EUR"}, kind="Money"))
    assert path == "$.amount"
    assert message.startswith("'amount' must be written '")
    assert message.endswith(f"(got {amount!r})")


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "-Infinity", "sNaN", "five", ""])
def test_decimal_strings_that_are_no_finite_number(amount: str) -> None:
    [(path, message)] = issues_of(envelope({"amount": amount, "currency": "EUR"}, kind="Money"))
    assert path == "$.amount"
    assert message.startswith("'amount' must be a")


@pytest.mark.parametrize(
    ("amount", "value"),
    [
        ("5", Decimal(5)),
        ("-3", Decimal(-3)),
        ("0.5", Decimal("0.5")),
        ("1.45E+7", Decimal("14500000")),
        ("1E-7", Decimal("0.0000001")),
        ("0E-7", Decimal(0)),
        ("-0", Decimal(0)),
        ("100.00", Decimal(100)),
        (6288000, Decimal(6288000)),
    ],
)
def test_decimals_as_decimal_writes_them_load_and_stay(amount: Any, value: Decimal) -> None:
    money = loads(envelope({"amount": amount, "currency": "EUR"}, kind="Money"))
    assert money.amount == value
    assert to_builtins(money)["amount"] == str(amount)


def test_a_percentage_is_named_in_its_error() -> None:
    data = {"key": "p", "title": {"en": "P"}, "recipient_countries": [{"country": "UA", "percentage": " 50"}]}
    assert issues_of(envelope(data)) == [
        (
            "$.recipient_countries[0].percentage",
            "'percentage' must be written '50', as Python's Decimal writes it (got ' 50')",
        )
    ]


@pytest.mark.parametrize("start", [" 2017", "2017 ", "2017-4", "2017-04-1", "١٩٩٠", "17", "2017/04", "+2017"])
def test_partial_dates_not_written_as_the_format_writes_them(start: str) -> None:
    assert issues_of(envelope({"start": start}, kind="Period")) == [
        ("$.start", f"'start' must be YYYY, YYYY-MM or YYYY-MM-DD (got {start!r})")
    ]


@pytest.mark.parametrize("value_date", ["2021-3-12", " 2021-03-12", "20210312", "2021-W10-5", "2021-02-30"])
def test_full_dates_not_written_as_the_format_writes_them(value_date: str) -> None:
    [(path, message)] = issues_of(envelope({"value_date": value_date}, kind="Budget"))
    assert path == "$.value_date"
    assert message.startswith("'value_date' must be a ")


def test_dates_as_the_format_writes_them_load_and_stay() -> None:
    period = loads(envelope({"start": "2015-04", "end": "2020"}, kind="Period"))
    assert period == Period(PartialDate(2015, 4), PartialDate(2020))
    budget = loads(envelope({"value_date": "2021-03-12"}, kind="Budget"))
    assert to_builtins(budget) == {"value_date": "2021-03-12"}


# --- nothing listed is dropped ----------------------------------------------------------------------


def test_organisations_no_programme_names_are_kept() -> None:
    data = catalogue_data()
    data["organisations"].append({"key": "un", "name": {"en": "United Nations"}, "type": "40"})
    catalogue = loads(envelope(data, kind="Catalogue"))
    assert catalogue.directory == (Organisation("un", LocalizedText({"en": "United Nations"}), type="40"),)
    assert "un" in {organisation.key for organisation in catalogue.organisations}
    assert loads(dumps(catalogue)) == catalogue
    assert json.loads(dumps(catalogue))["data"]["organisations"][1]["key"] == "un"


def test_a_catalogue_of_only_a_directory() -> None:
    data = {"organisations": [{"key": "un", "name": {"en": "United Nations"}}]}
    catalogue = loads(envelope(data, kind="Catalogue"))
    assert catalogue.programmes == ()
    assert [organisation.key for organisation in catalogue.directory] == ["un"]
    assert json.loads(dumps(catalogue))["data"] == data


def test_money_in_a_programme_round_trips_exactly() -> None:
    eu = Organisation("eu", LocalizedText({"en": "EU"}))
    programme = Programme(
        "p",
        LocalizedText({"en": "P"}),
        participants=(Participant(eu, Role.FUNDING),),
        budget=Budget(total=Money("1.45E+7", "EUR")),
    )
    catalogue = Catalogue((programme,))
    assert loads(dumps(catalogue)) == catalogue
    assert from_builtins(to_builtins(catalogue), Catalogue) == catalogue


@pytest.mark.parametrize(
    "raw",
    [
        PROGRAMME_HEAD + '"x_big": ' + "1" * 5000 + "}}",
        '{"itaproj": 1, "kind": "Catalogue", "data": {"programmes": [{"key": "a", "title": {"en": "A"}, '
        '"x_big": ' + "1" * 5000 + "}]}}",
    ],
    ids=["programme", "catalogue"],
)
def test_a_number_too_large_to_decode(raw: str) -> None:
    [(path, message)] = issues_of(raw)
    assert path == "$"
    assert message.startswith("not valid JSON: Integer value out of range")


# --- text that is not Unicode ----------------------------------------------------------------------

CATALOGUE_HEAD = '{"itaproj": 1, "kind": "Catalogue", "data": {"programmes": [{"key": "a", "title": {"en": "'


@pytest.mark.parametrize(
    "raw",
    [
        PROGRAMME_HEAD.encode() + b'"summary": {"en": "\xff\xfe"}}}',
        CATALOGUE_HEAD.encode() + b'\xc3("}}]}}',  # inside a programme, decoded lazily
        b'{"itaproj": 1, "kind": "Money", "data": {"amount": "5", "currency": "\xffUR"}}',
        b'{"itaproj": 1, "kind": "Cat\xe9logue", "data": {}}',  # Latin-1, not UTF-8
    ],
    ids=["programme", "catalogue", "money", "envelope"],
)
def test_bytes_that_are_not_utf_8(raw: bytes) -> None:
    # msgspec releases disagree on what they raise here; the library says the same thing
    [(path, message)] = issues_of(raw)
    assert path == "$"
    assert message.startswith("not valid JSON:")
    assert "utf-8" in message.lower()


@pytest.mark.parametrize(
    "raw",
    [
        PROGRAMME_HEAD + '"summary": {"en": "\ud800"}}}',
        CATALOGUE_HEAD + '\udfff"}}]}}',
        '"\ud83d"',
    ],
    ids=["programme", "catalogue", "bare"],
)
def test_text_with_a_lone_surrogate(raw: str) -> None:
    [(path, message)] = issues_of(raw)
    assert path == "$"
    position = next(i for i, char in enumerate(raw) if 0xD800 <= ord(char) <= 0xDFFF)
    assert message == f"not valid JSON: a lone surrogate at character {position}"


def test_deep_nesting_under_a_key_that_is_not_utf_8() -> None:
    # the depth scan names the keys of the path; one of them is not UTF-8 (fuzz input 41422)
    raw = PROGRAMME_HEAD.encode() + b'"x_\xff": ' + b'{"k": ' * 3000 + b"1" + b"}" * 3000 + b"}}"
    [(path, message)] = issues_of(raw)
    assert message == f"nested more than {MAX_DEPTH} levels deep"
    assert path.startswith('$["x_\ufffd"]')
