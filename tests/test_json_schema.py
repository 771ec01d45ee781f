"""The JSON Schema of the document format (itaproj.io.schema).

1. It is a valid draft 2020-12 schema with the envelope, keys, defaults and descriptions of the model.
2. Its table of value encodings matches what the JSON layer writes, and each value definition
   accepts everything the loader accepts (exactly that, where a definition claims to be exact).
3. The bundled catalogue and generated documents of every kind are valid.
4. On mutated documents it is never stricter than the loader; the hand-written mutations list
   which refusals of the loader the schema says too and which it cannot say.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import string
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from itaproj import (
    Catalogue,
    Count,
    CountryShare,
    LocalizedText,
    Location,
    Measure,
    Money,
    Organisation,
    PartialDate,
    Programme,
    examples,
    testing,
)
from itaproj.codelists import _CodeValidator, codelist
from itaproj.errors import InvalidValueError, LoadError
from itaproj.io import FORMAT_VERSION, MAX_NESTING, dumps, from_builtins, loads
from itaproj.io import json as json_module
from itaproj.io import schema as schema_module
from itaproj.io.schema import (
    ENCODINGS,
    SCHEMA_DIALECT,
    VALUE_DEFINITIONS,
    json_schema,
    json_schema_text,
    markdown_summary,
    schema_id,
)
from itaproj.money import currency_codes

ROOT = Path(__file__).resolve().parents[1]
KINDS: dict[str, Any] = json_module._kinds()

# Every character Python's str.isspace() holds white space (the model's "blank" is this), found
# by scanning all of Unicode here rather than taken from the module under test.
SPACES = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())


@cache
def validator(kind: type = Catalogue) -> Draft202012Validator:
    return Draft202012Validator(json_schema(kind))


@cache
def value_validator(name: str) -> Draft202012Validator:
    """A validator of one value definition, with the others it refers to."""
    definitions = {key: dict(value) for key, value in VALUE_DEFINITIONS.items()}
    return Draft202012Validator({"$schema": SCHEMA_DIALECT, "$defs": definitions, "$ref": f"#/$defs/{name}"})


def schema_accepts(document: Any, kind: type = Catalogue) -> bool:
    return bool(validator(kind).is_valid(document))


def value_accepts(name: str, value: Any) -> bool:
    return bool(value_validator(name).is_valid(value))


def loader_accepts(text: str, kind: type = Catalogue) -> bool:
    try:
        loads(text, kind)
    except LoadError:
        return False
    return True


def builds(cls: type, data: Any) -> bool:
    """Whether the JSON layer builds a ``cls`` from JSON-ready ``data`` (no envelope)."""
    try:
        from_builtins(data, cls)
    except LoadError:
        return False
    return True


def envelope(data: Any, kind: str = "Catalogue") -> dict[str, Any]:
    return {"itaproj": 1, "kind": kind, "data": data}


# --- 1. the schema itself --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", [Catalogue, Programme, Money, Count, LocalizedText, PartialDate])
def test_the_schema_is_valid_draft_2020_12(kind: type) -> None:
    schema = json_schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_envelope_names_the_format_version_and_the_kind() -> None:
    schema = json_schema()
    assert schema["$id"] == "urn:itaproj:json:1:Catalogue"
    assert schema_id(Programme) == "urn:itaproj:json:1:Programme"
    assert schema["title"] == "itaproj Catalogue document (JSON format version 1)"
    assert schema["type"] == "object"
    assert schema["required"] == ["itaproj", "kind", "data"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["itaproj"]["const"] == 1 == FORMAT_VERSION
    assert schema["properties"]["kind"] == {"const": "Catalogue"}
    assert schema["properties"]["data"]["$ref"] == "#/$defs/Catalogue"
    assert json_schema(Money)["properties"]["kind"] == {"const": "Money"}


def test_every_kind_of_document_has_a_schema() -> None:
    for name, cls in KINDS.items():
        schema = json_schema(cls)
        assert schema["properties"]["kind"] == {"const": name}
        assert schema["$id"].endswith(f":{name}")
        assert name in schema["$defs"]  # the class itself, or its value encoding


def test_a_class_no_document_holds_is_refused() -> None:
    for wrong in (int, Decimal, "Catalogue", dict):
        with pytest.raises(InvalidValueError) as caught:
            json_schema(wrong)  # type: ignore[arg-type]  # (the wrong type is the test)
        assert isinstance(caught.value, ValueError)
        assert caught.value.field == "kind"
        assert caught.value.value is wrong


def test_each_call_gives_a_new_schema() -> None:
    first = json_schema()
    first["$defs"]["Money"]["required"].append("x")
    first["$defs"].clear()
    assert json_schema()["$defs"]["Money"]["required"] == ["amount", "currency"]


def test_the_text_is_the_schema_with_sorted_keys_indented_by_two() -> None:
    text = json_schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "$defs": {', '    "Activity": {']
    assert lines[-1] == "}"
    keys = [line.strip().split('"')[1] for line in lines if line.startswith('  "')]
    assert keys == [
        "$defs",
        "$id",
        "$schema",
        "additionalProperties",
        "description",
        "properties",
        "required",
        "title",
        "type",
    ]


def test_required_keys_and_defaults_follow_the_model() -> None:
    defs = json_schema()["$defs"]
    assert defs["Money"]["required"] == ["amount", "currency"]
    assert defs["Money"]["properties"]["qualifier"]["default"] == "exact"
    assert defs["Programme"]["required"] == ["key", "title"]
    assert defs["Programme"]["properties"]["participants"]["default"] == []
    assert defs["Programme"]["properties"]["status"]["default"] is None
    assert "required" not in defs["Period"]
    assert defs["Period"]["properties"]["ongoing"]["default"] is False
    assert defs["RegionShare"]["properties"]["vocabulary"]["default"] == "1"
    assert defs["Point"]["properties"]["srs_name"]["default"] == "http://www.opengis.net/def/crs/EPSG/0/4326"
    assert defs["Extra"]["required"] == ["path", "value"]
    assert defs["Extra"]["properties"]["format"]["default"] == "json"
    assert defs["Transaction"]["required"] == ["type", "date", "amount"]
    # the catalogue's listed organisations are a key of the format, not a field of the class
    assert defs["Catalogue"]["properties"]["organisations"]["items"] == {"$ref": "#/$defs/Organisation"}
    assert "required" not in defs["Catalogue"]


def test_a_key_a_document_omits_loads_as_its_default_and_a_required_one_is_missing() -> None:
    # Every optional key of a one-field-at-a-time document loads; every required one is needed.
    defs = json_schema()["$defs"]
    money = {"amount": "1", "currency": "EUR", "qualifier": "about"}
    for key in money:
        reduced = {k: v for k, v in money.items() if k != key}
        assert builds(Money, reduced) == (key not in defs["Money"]["required"])


def test_descriptions_come_from_the_docstrings() -> None:
    defs = json_schema()["$defs"]
    programme = defs["Programme"]
    assert programme["description"] == "An international technical assistance programme or project."
    assert programme["properties"]["key"]["description"] == (
        'A catalogue-unique local key (`"m4eg"`); not an IATI identifier.'
    )
    # an argument described over two lines, with markup
    assert programme["properties"]["tags"]["description"] == (
        "Keywords: free ones from the source (a plain string is one), or codes of a vocabulary such "
        "as the SDGs (IATI `tag`)."
    )
    assert defs["Money"]["description"] == (
        'An exact amount of one currency, possibly a bound ("more than KZT 7.8 billion").'
    )
    assert defs["Status"] == {
        "title": "Status",
        "description": "IATI ActivityStatus.",
        "type": "string",
        "enum": ["pipeline", "implementation", "finalisation", "closed", "cancelled", "suspended"],
    }


def test_enums_list_their_values() -> None:
    defs = json_schema()["$defs"]
    assert defs["Role"]["enum"] == [
        "funding",
        "accountable",
        "extending",
        "implementing",
        "recipient",
        "beneficiary",
    ]
    assert defs["Qualifier"]["enum"] == ["exact", "more_than", "at_least", "less_than", "at_most", "about"]


def test_codes_of_embedded_lists_are_enumerated_and_others_only_not_blank() -> None:
    defs = json_schema()["$defs"]
    # TransactionType is part of the IATI standard and complete: its codes, nothing else
    assert defs["TransactionTypeCode"]["enum"] == sorted(
        ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"]
    )
    assert defs["Transaction"]["properties"]["type"] == {
        "$ref": "#/$defs/TransactionTypeCode",
        "description": defs["Transaction"]["properties"]["type"]["description"],
    }
    assert defs["DocumentLink"]["properties"]["categories"]["items"] == {
        "$ref": "#/$defs/DocumentCategoryCode"
    }
    # Sector is maintained outside the standard: the shipped copy may lag, any code that is not blank
    condition = defs["SectorShare"]["allOf"][0]
    assert condition["if"] == {"properties": {"vocabulary": {"const": "1"}}}
    assert condition["then"] == {"properties": {"code": {"$ref": "#/$defs/Text"}}}
    # a vocabulary that is not the default applies only when stated
    assert defs["SectorShare"]["allOf"][1]["if"]["required"] == ["vocabulary"]


def test_every_embedded_complete_codelist_definition_holds_the_whole_list() -> None:
    for name, definition in json_schema()["$defs"].items():
        if name.endswith("Code") and "enum" in definition and name != "CurrencyCode":
            listed = codelist(name.removesuffix("Code"))
            assert listed.embedded
            assert listed.complete
            assert set(definition["enum"]) == set(listed.codes)  # withdrawn codes included


def test_unknown_keys_are_allowed_where_they_are_kept_and_refused_elsewhere() -> None:
    for kind in (Catalogue, Programme):
        for name, definition in json_schema(kind)["$defs"].items():
            if "title" in definition and definition.get("type") == "object":
                assert definition["additionalProperties"] is True, name
    for kind in (Money, Count, Organisation):
        for name, definition in json_schema(kind)["$defs"].items():
            if "title" in definition and definition.get("type") == "object":
                assert definition["additionalProperties"] is False, name
    # and so do the loader and the schema
    money = envelope({"amount": "1", "currency": "EUR", "x_note": 1}, "Money")
    assert not loader_accepts(json.dumps(money), Money)
    assert not schema_accepts(money, Money)


def test_the_summary_lists_the_objects_and_the_values() -> None:
    summary = markdown_summary()
    lines = summary.splitlines()
    assert lines[0] == "| Object | Required keys | Optional keys | Unknown keys |"
    assert "| `Money` | `amount`, `currency` | `qualifier` | kept as extras |" in lines
    assert any(line.startswith("| `PartialDate` | A date as precise as the source") for line in lines)
    assert (
        "| `Role` | What an organisation does in a programme. | `funding`, `accountable`, `extending`, "
        in summary
    )
    assert f"| {len(currency_codes())} codes |" in summary  # too many to list
    assert summary == markdown_summary(json_schema())
    assert "| `Money` | `amount`, `currency` | `qualifier` | refused |" in markdown_summary(
        json_schema(Money)
    )


def test_the_docs_hook_puts_the_summary_on_the_schema_page() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "json_schema_hook", ROOT / "docs" / "_ext" / "json_schema_hook.py"
    )
    assert spec is not None
    assert spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    page = (ROOT / "docs" / "json-schema.md").read_text(encoding="utf-8")
    assert hook.MARKER in page
    rendered = hook.on_page_markdown(page)
    assert hook.MARKER not in rendered
    assert markdown_summary() in rendered
    assert hook.on_page_markdown("# Other page\n") == "# Other page\n"
    assert hook.SCHEMA_FILE == "schema/catalogue.schema.json"
    assert f"]({hook.SCHEMA_FILE})" in page  # the page links to the file the hook writes


# --- 2. the value encodings -----------------------------------------------------------------------------


def test_the_encodings_cover_every_value_type_of_the_json_layer() -> None:
    assert set(ENCODINGS) == set(json_module._SCALAR_HOOKS)
    # the other types the JSON layer handles apart are described apart by the generator
    specials = set(json_module._SPECIAL_HOOKS) - set(json_module._SCALAR_HOOKS)
    assert specials == {Organisation, Catalogue, Measure | Money | None}
    used = set(json_schema()["$defs"])
    assert set(VALUE_DEFINITIONS) <= used  # every value definition serves the catalogue


UTC_OFFSETS = st.builds(
    dt.timezone,
    st.timedeltas(
        min_value=-dt.timedelta(hours=23, minutes=59), max_value=dt.timedelta(hours=23, minutes=59)
    ),
)
SAMPLES: dict[Any, st.SearchStrategy[Any]] = {
    str: st.text(),
    int: st.integers(),
    bool: st.booleans(),
    Decimal: st.decimals(allow_nan=False, allow_infinity=False).filter(lambda d: abs(d) < 10**18)
    | testing.decimals(),
    dt.date: st.dates(),
    dt.datetime: st.datetimes(timezones=st.none() | UTC_OFFSETS),
    PartialDate: testing.partial_dates(),
    LocalizedText: testing.localized_texts(),
}


def test_samples_cover_every_encoding() -> None:
    assert set(SAMPLES) == set(ENCODINGS)


@given(st.sampled_from(sorted(SAMPLES, key=str)).flatmap(lambda t: st.tuples(st.just(t), SAMPLES[t])))
def test_each_encoding_accepts_what_the_json_layer_writes(case: tuple[Any, Any]) -> None:
    value_type, value = case
    if value_type is Decimal and not builds(Measure, {"value": str(value)}):
        return  # more than 45 places: no model field holds it
    written = json_module.converter.unstructure(value)
    schema = {"$schema": SCHEMA_DIALECT, "$defs": {k: dict(v) for k, v in VALUE_DEFINITIONS.items()}}
    assert Draft202012Validator({**schema, **ENCODINGS[value_type]}).is_valid(written), written
    if value_type in (PartialDate, LocalizedText):  # kinds of their own: the whole document too
        assert schema_accepts(json.loads(dumps(value)), value_type)


# Text near each format: the loader's verdict decides, the definition must accept what it accepts.

DIGITS = st.text("0123456789", min_size=1, max_size=20)
DECIMAL_TEXTS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.builds(
        lambda sign, whole, point, fraction, mark, exponent_sign, exponent: (
            f"{sign}{whole}{point}{fraction}{mark}{exponent_sign}{exponent}"
        ),
        st.sampled_from(["", "-", "+"]),
        DIGITS,
        st.sampled_from(["", "."]),
        st.text("0123456789", max_size=50),
        st.sampled_from(["", "E", "e"]),
        st.sampled_from(["", "+", "-"]),
        st.integers(0, 60).map(str),
    ),
    st.text(" -+.0123456789E", max_size=12),
)


@given(DECIMAL_TEXTS)
def test_the_decimal_definitions_accept_every_decimal_the_loader_accepts(text: str) -> None:
    if builds(Money, {"amount": text, "currency": "EUR"}):
        assert value_accepts("Decimal", text)
    if builds(CountryShare, {"country": "UA", "percentage": text}):
        assert value_accepts("Percentage", text)


@given(st.integers(-(10**19), 10**19) | st.integers(-5, 105))
def test_the_decimal_definitions_accept_every_integer_the_loader_accepts(number: int) -> None:
    assert builds(Money, {"amount": number, "currency": "EUR"}) == value_accepts("Decimal", number)
    assert builds(CountryShare, {"country": "UA", "percentage": number}) == value_accepts(
        "Percentage", number
    )


def test_the_decimal_definitions_by_example() -> None:
    for good in [
        "0",
        "-0",
        "14500000",
        "1.45E+7",
        "0.5",
        "-3",
        "0.000001",
        "1E-7",
        "0E+3",
        "999999999999999999",
    ]:
        assert value_accepts("Decimal", good), good
    for bad in ["+5", "05", "1e6", " 5", "NaN", "Infinity", "1E+18", "1E-46", "0.0000001", "5.", ".5", 5.5]:
        assert not value_accepts("Decimal", bad), bad
    for good in ["0", "-0", "-0.00", "100", "100.00", "99.99", "0.5", "1E+2", "1.0E+2", "5E+1", "1E-7"]:
        assert value_accepts("Percentage", good), good
    for bad in ["101", "100.01", "-1", "-0.5", "2E+2", "1.1E+2", "1000", 101, -1]:
        assert not value_accepts("Percentage", bad), bad


def date_texts() -> st.SearchStrategy[str]:
    two = st.integers(0, 39).map(lambda n: f"{n:02d}")
    year = st.integers(0, 9999).map(lambda n: f"{n:04d}")
    return st.one_of(
        st.builds(lambda y, m, d: f"{y}-{m}-{d}", year, two, two),
        st.builds(lambda y, m: f"{y}-{m}", year, two),
        year,
        st.text("0123456789- T:", max_size=12),
    )


@given(date_texts())
def test_the_date_definitions_say_exactly_what_the_loader_accepts_but_leap_years(text: str) -> None:
    common_leap_day = text.endswith("-02-29") and not builds(dt.date, text)
    # PartialDate: the loader's verdict, except 29 February of a common year (no calendar here)
    assert value_accepts("PartialDate", text) == (builds(PartialDate, text) or common_leap_day)
    assert value_accepts("Date", text) == (builds(dt.date, text) or common_leap_day)


@given(
    st.datetimes(timezones=st.none() | UTC_OFFSETS).map(dt.datetime.isoformat)
    | st.text("0123456789-T:.+ Z", max_size=32)
)
def test_the_date_time_definition_accepts_every_date_time_the_loader_accepts(text: str) -> None:
    if builds(dt.datetime, text):
        assert value_accepts("DateTime", text)


def test_the_date_time_definition_by_example() -> None:
    for good in ["2021-03-05T10:00:00", "2021-03-05T10:00:00+00:00", "0001-01-01T00:00:00.250000-05:30:15"]:
        assert value_accepts("DateTime", good)
        assert builds(dt.datetime, good)
    for bad in ["2021-03-05", "2021-03-05 10:00:00", "2021-03-05T24:00:00", "2021-03-05T10:00:00Z"]:
        assert not value_accepts("DateTime", bad)
        assert not builds(dt.datetime, bad)


NEAR_TEXT = st.text(SPACES + "a\ufeff\u200b\x00", max_size=6)


@given(NEAR_TEXT)
def test_text_definitions_say_exactly_what_the_model_calls_blank(text: str) -> None:
    # the model's blank is Python's: \ufeff and \u200b are no white space there, \x1c is
    assert value_accepts("Text", text) == builds(LocalizedText, {"en": text})
    assert value_accepts("Key", text) == builds(Organisation, {"key": text, "name": {"en": "x"}})


@given(st.text(string.ascii_letters + string.digits + "-_", max_size=12))
def test_language_tags_are_exactly_those_of_the_model(tag: str) -> None:
    assert value_accepts("LanguageTag", tag) == builds(LocalizedText, {tag: "x"})


@given(st.text(string.ascii_letters, min_size=2, max_size=4) | st.sampled_from(sorted(currency_codes())))
def test_currency_codes_are_exactly_those_of_the_model(code: str) -> None:
    assert value_accepts("CurrencyCode", code) == builds(Money, {"amount": "1", "currency": code})


def test_every_currency_code_has_the_form_of_the_pattern() -> None:
    assert all(value_accepts("CurrencyCode", code) for code in currency_codes())
    assert value_accepts("CurrencyCode", "LTL")  # withdrawn, still in historic data
    assert not value_accepts("CurrencyCode", "ZZZ")
    assert not value_accepts("CurrencyCode", "eur")


@given(st.text(string.ascii_letters + string.digits + "-", max_size=7))
def test_country_and_subdivision_codes_are_exactly_those_of_the_model(code: str) -> None:
    assert value_accepts("CountryCode", code) == builds(CountryShare, {"country": code})
    if value_accepts("CountryCode", code[:2]):  # a subdivision of that country
        location = {"country": code[:2], "subdivision": code}
        assert value_accepts("SubdivisionCode", code) == builds(Location, location)


def model_fields() -> list[tuple[type, attrs.Attribute[Any]]]:
    """Every field of every class a document holds."""
    return [
        (cls, field)
        for cls in KINDS.values()
        if cls not in (PartialDate, LocalizedText)
        for field in attrs.fields(cls)
        if field.init
    ]


CANDIDATES = st.one_of(
    st.text(max_size=6),
    st.text(string.ascii_uppercase + "-0123456789", max_size=7),
    st.sampled_from(["UA", "UA-32", "EUR", "en", "pt-BR", "m4eg", " ", ""]),
    st.integers(-3, 6),
)


def stated(field: attrs.Attribute[Any]) -> str | None:
    """The value definition the schema states a field's validator by, if any."""
    return next((name for known, name in schema_module._VALIDATED.items() if known is field.validator), None)


def test_every_validator_the_schema_states_guards_a_field() -> None:
    used = [field.validator for _, field in model_fields()]
    assert all(any(known is validator for validator in used) for known in schema_module._VALIDATED)


@given(st.data())
def test_each_validator_accepts_no_value_its_definition_refuses(data: st.DataObject) -> None:
    fields = [(cls, field) for cls, field in model_fields() if stated(field) is not None]
    cls, field = data.draw(st.sampled_from(fields))
    value = data.draw(CANDIDATES)
    name = stated(field)
    assert name is not None
    try:
        field.validator(None, field, value)
    except InvalidValueError:
        return
    assert value_accepts(name, value), (cls.__name__, field.name, value)


@given(st.data())
def test_each_code_the_model_admits_is_valid_where_it_is_bound(data: st.DataObject) -> None:
    defs = json_schema()["$defs"]
    bound = [
        (cls, field)
        for cls, field in model_fields()
        if isinstance(field.validator, _CodeValidator)
        and field.validator.binding.codelist is not None
        and cls.__name__ in defs
    ]
    cls, field = data.draw(st.sampled_from(bound))
    listed = codelist(field.validator.binding.codelist)
    code = data.draw(st.sampled_from(sorted(listed.codes)) | st.text(max_size=4))
    try:
        listed.admit(field.name, code)
    except InvalidValueError:
        return
    value = [code] if field.default == () else code
    schema = {"$schema": SCHEMA_DIALECT, "$defs": defs, **defs[cls.__name__]["properties"][field.name]}
    assert Draft202012Validator(schema).is_valid(value), (cls.__name__, field.name, code)


# --- 3. documents -----------------------------------------------------------------------------------------


def test_the_bundled_catalogue_is_valid() -> None:
    document = json.loads(examples.text())
    errors = [f"{error.json_path}: {error.message}" for error in validator().iter_errors(document)]
    assert errors == []
    assert loads(examples.text(), Catalogue) == examples.load()


@settings(max_examples=10)
@given(testing.catalogues(max_programmes=1))
def test_generated_catalogues_are_valid(catalogue: Catalogue) -> None:
    document = json.loads(dumps(catalogue))
    errors = [f"{error.json_path}: {error.message}" for error in validator().iter_errors(document)]
    assert errors == []


GENERATED_KINDS = sorted(
    (cls for cls in testing._REGISTRY if cls.__name__ in KINDS and cls is not Catalogue),
    key=lambda c: c.__name__,
)


def test_generated_kinds_are_most_kinds() -> None:
    # the kinds without a strategy are not part of a programme (codelists, load issues, allocations)
    missing = {name for name, cls in KINDS.items() if cls not in testing._REGISTRY}
    assert missing <= {"Allocation", "CalendarPeriod", "Codelist", "CodelistItem", "LoadIssue", "MoneyRange"}


@cache
def values_of(kind: type) -> st.SearchStrategy[Any]:
    """The strategy of ``kind``, made once (hypothesis then reuses what it learnt of it)."""
    return testing._REGISTRY[kind]()


@given(st.sampled_from(GENERATED_KINDS).flatmap(values_of))
def test_any_value_is_valid_in_the_schema_of_its_kind(value: Any) -> None:
    kind = type(value)
    document = json.loads(dumps(value))
    errors = [f"{error.json_path}: {error.message}" for error in validator(kind).iter_errors(document)]
    assert errors == []


# --- 4. mutated documents ---------------------------------------------------------------------------------

# A catalogue written by hand: the expected verdicts below do not come from the code under test.
BASE: dict[str, Any] = envelope(
    {
        "organisations": [
            {"key": "gac", "name": {"en": "Global Affairs Canada"}, "ref": "CA-3", "type": "10"}
        ],
        "programmes": [
            {
                "key": "promis",
                "title": {"uk": "ПРОМІС", "en": "PROMIS"},
                "status": "closed",
                "period": {"start": "2015-04", "end": "2020"},
                "participants": [{"organisation": "gac", "role": "funding"}],
                "recipient_countries": [{"country": "UA", "percentage": "100"}],
                "sectors": [
                    {"code": "15110", "percentage": "60"},
                    {"code": "151", "vocabulary": "2", "percentage": "40"},
                ],
                "activities": [{"title": {"en": "Training"}, "kind": "event"}],
                "target_groups": [{"kind": "municipality", "declared_count": {"value": 12}}],
                "budget": {"total": {"amount": "14500000", "currency": "CAD"}},
                "results": [
                    {
                        "title": {"en": "Better services"},
                        "indicators": [
                            {
                                "title": {"en": "Centres opened"},
                                "baselines": [{"value": {"value": "3"}, "period": {"start": "2015"}}],
                            }
                        ],
                    }
                ],
                "documents": [{"url": "https://example.org/promis.pdf", "categories": ["A01"]}],
                "transactions": [
                    {"type": "2", "date": "2016-01-15", "amount": {"amount": "500", "currency": "CAD"}}
                ],
                "publication": {
                    "last_updated": "2021-03-05T10:00:00+00:00",
                    "default_currency": "CAD",
                    "default_language": "uk",
                },
            }
        ],
    }
)
P: tuple[Any, ...] = ("data", "programmes", 0)


def put(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        holder: Any = document
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = value

    return mutate


def drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(document: dict[str, Any]) -> None:
        holder: Any = document
        for step in path[:-1]:
            holder = holder[step]
        del holder[path[-1]]

    return mutate


def repeat(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    """Append a copy of the first item of the list at ``path``."""

    def mutate(document: dict[str, Any]) -> None:
        holder: Any = document
        for step in path:
            holder = holder[step]
        holder.append(copy.deepcopy(holder[0]))

    return mutate


def nested_activities(depth: int) -> dict[str, Any]:
    activity: dict[str, Any] = {"title": {"en": "innermost"}}
    for _ in range(depth - 1):
        activity = {"title": {"en": "a"}, "activities": [activity]}
    return activity


AMOUNT = (*P, "budget", "total", "amount")
COUNT = (*P, "target_groups", 0, "declared_count", "value")

# What the loader refuses and the schema says too.
REFUSED_BY_BOTH: dict[str, Callable[[dict[str, Any]], None]] = {
    "another format version": put(("itaproj",), 2),
    "the format version as text": put(("itaproj",), "1"),
    "another kind": put(("kind",), "Programme"),
    "an unknown envelope key": put(("meta",), {}),
    "no data": drop(("data",)),
    "a programme without a key": drop((*P, "key")),
    "a key with a space": put((*P, "key"), "pro mis"),
    "a title as a bare string": put((*P, "title"), "ПРОМІС"),
    "a title in no language": put((*P, "title"), {}),
    "an empty text": put((*P, "title", "en"), ""),
    "a text of white space": put((*P, "title", "en"), " \u3000\n"),
    "an upper-case language tag": put((*P, "title"), {"EN": "PROMIS"}),
    "a status that is not one": put((*P, "status"), "finished"),
    "a thirteenth month": put((*P, "period", "start"), "2015-13"),
    "a 31st of April": put((*P, "period", "start"), "2015-04-31"),
    "a 30th of February": put((*P, "period", "start"), "2016-02-30"),
    "a one-digit month": put((*P, "period", "start"), "2015-4"),
    "the year 0": put((*P, "period", "start"), "0000"),
    "a date as a number": put((*P, "period", "end"), 2020),
    "an amount as a float": put(AMOUNT, 5.5),
    "an amount with a plus": put(AMOUNT, "+5"),
    "an amount with a leading zero": put(AMOUNT, "05"),
    "an amount with a lower-case exponent": put(AMOUNT, "1e6"),
    "an amount with a space": put(AMOUNT, " 5"),
    "an amount NaN": put(AMOUNT, "NaN"),
    "an amount of 10^18": put(AMOUNT, "1E+18"),
    "an amount of 10^18 as an integer": put(AMOUNT, 10**18),
    "an amount with 46 places": put(AMOUNT, "1E-46"),
    "a lower-case currency": put((*P, "budget", "total", "currency"), "cad"),
    "an unknown currency": put((*P, "budget", "total", "currency"), "ZZZ"),
    "a percentage over 100": put((*P, "recipient_countries", 0, "percentage"), "150"),
    "a negative percentage": put((*P, "recipient_countries", 0, "percentage"), -1),
    "a country name for a code": put((*P, "recipient_countries", 0, "country"), "Ukraine"),
    "a blank sector code (vocabulary 1)": put((*P, "sectors", 0, "code"), " "),
    "an empty sector code (vocabulary 2)": put((*P, "sectors", 1, "code"), ""),
    "a role that is not one": put((*P, "participants", 0, "role"), "donor"),
    "a participant without a role": drop((*P, "participants", 0, "role")),
    "null for a list": put((*P, "participants"), None),
    "an object for a list": put((*P, "sectors"), {"code": "15110"}),
    "a listed organisation as a key": put(("data", "organisations", 0), "gac"),
    "programmes as an object": put(("data", "programmes"), {}),
    "a negative count": put(COUNT, -1),
    "a count as text": put(COUNT, "12"),
    "a count as a boolean": put(COUNT, True),
    "an observed value as a number": put((*P, "results", 0, "indicators", 0, "baselines", 0, "value"), 3),
    "an unknown transaction type": put((*P, "transactions", 0, "type"), "99"),
    "an unknown document category": put((*P, "documents", 0, "categories"), ["Z99"]),
    "a time with a space": put((*P, "publication", "last_updated"), "2021-03-05 10:00:00"),
    "an upper-case default language": put((*P, "publication", "default_language"), "UK"),
    "an activity kind that is not one": put((*P, "activities", 0, "kind"), "workshop"),
    "an organisation key with a space": put(("data", "organisations", 0, "key"), "g ac"),
}

# What the loader refuses and the schema cannot say (it accepts these).
REFUSED_BY_THE_LOADER_ONLY: dict[str, Callable[[dict[str, Any]], None]] = {
    # JSON Schema compares numbers by value: 1.0 is the integer 1, 5.0 an integer
    "the format version as 1.0": put(("itaproj",), 1.0),
    "an amount as an integral float": put(AMOUNT, 5.0),
    "a count as an integral float": put(COUNT, 12.0),
    # one spelling per decimal: a pattern cannot compare the digits with the exponent
    "a decimal not as Python writes it": put(AMOUNT, "1.5E+1"),
    # no calendar: 29 February is accepted in every year
    "29 February of a common year": put((*P, "period", "start"), "2021-02-29"),
    # references and uniqueness across the document
    "an organisation key that is not listed": put((*P, "participants", 0, "organisation"), "eu"),
    "two listed organisations with one key": repeat(("data", "organisations")),
    "two programmes with one key": repeat(("data", "programmes")),
    "an original language the text lacks": put((*P, "title", "original"), "ru"),
    # rules a constructor checks across fields
    "an observation with both a value and a text": put(
        (*P, "results", 0, "indicators", 0, "baselines", 0, "text"), "Yes"
    ),
    "a subdivision of another country": put(
        (*P, "target_groups", 0, "members"),
        [
            {
                "name": {"en": "Lviv"},
                "kind": "municipality",
                "location": {"country": "UA", "subdivision": "PL-46"},
            }
        ],
    ),
    "an ongoing period with an end": put((*P, "period", "ongoing"), True),
    # limits of the loader
    "activities nested more than MAX_NESTING deep": put(
        (*P, "activities"), [nested_activities(MAX_NESTING + 2)]
    ),
}

# What both accept: the schema must never refuse these.
ACCEPTED_BY_BOTH: dict[str, Callable[[dict[str, Any]], None]] = {
    "an unknown key in a programme": put((*P, "x_registration"), {"number": "4163-01"}),
    "an unknown key in a listed organisation": put(("data", "organisations", 0, "x_since"), 1968),
    "an unknown key deep inside a programme": put((*P, "budget", "total", "x_rate"), "1.1"),
    "an unknown key in the catalogue": put(("data", "x_source"), "hand"),
    "a withdrawn currency": put((*P, "budget", "total", "currency"), "LTL"),
    "an amount as an integer": put(AMOUNT, 14500000),
    "a negative zero percentage": put((*P, "recipient_countries", 0, "percentage"), "-0"),
    "null for an optional field": put((*P, "status"), None),
    "a code of the publisher's own vocabulary": put((*P, "sectors", 1), {"code": "", "vocabulary": "99"}),
    "a text naming its original language": put((*P, "title", "original"), "uk"),
    "an organisation in full": put(
        (*P, "participants", 0, "organisation"), {"key": "gac2", "name": {"en": "Global Affairs"}}
    ),
    "29 February of a leap year": put((*P, "period", "start"), "2020-02-29"),
    "a directory naming a listed organisation by key": put(("data", "directory"), ["gac"]),
    "a zero with an exponent": put(AMOUNT, "0E-7"),
    # an activity with activities MAX_NESTING levels deep inside it
    "activities nested MAX_NESTING deep": put((*P, "activities"), [nested_activities(MAX_NESTING + 1)]),
}


def mutated(mutate: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = copy.deepcopy(BASE)
    mutate(document)
    return document


def test_the_hand_written_catalogue_is_valid_and_loads() -> None:
    assert schema_accepts(BASE)
    assert loader_accepts(json.dumps(BASE))


@pytest.mark.parametrize("name", sorted(REFUSED_BY_BOTH))
def test_the_schema_refuses_what_the_loader_refuses(name: str) -> None:
    document = mutated(REFUSED_BY_BOTH[name])
    assert not loader_accepts(json.dumps(document))
    assert not schema_accepts(document)


@pytest.mark.parametrize("name", sorted(REFUSED_BY_THE_LOADER_ONLY))
def test_what_the_schema_cannot_say(name: str) -> None:
    document = mutated(REFUSED_BY_THE_LOADER_ONLY[name])
    assert not loader_accepts(json.dumps(document))
    assert schema_accepts(document)


@pytest.mark.parametrize("name", sorted(ACCEPTED_BY_BOTH))
def test_the_schema_accepts_what_the_loader_accepts(name: str) -> None:
    document = mutated(ACCEPTED_BY_BOTH[name])
    assert loader_accepts(json.dumps(document))
    assert schema_accepts(document)


def test_a_programme_document_names_no_organisation_by_key() -> None:
    # outside a catalogue nothing lists organisations: each is written in full
    programme = copy.deepcopy(BASE["data"]["programmes"][0])
    full = envelope(
        {
            **programme,
            "participants": [{"organisation": BASE["data"]["organisations"][0], "role": "funding"}],
        },
        "Programme",
    )
    assert loader_accepts(json.dumps(full), Programme)
    assert schema_accepts(full, Programme)
    by_key = envelope(programme, "Programme")
    assert not loader_accepts(json.dumps(by_key), Programme)
    assert not schema_accepts(by_key, Programme)


def test_what_the_schema_cannot_say_in_the_json_text() -> None:
    text = json.dumps(BASE)
    # a repeated key: JSON parsers disagree on which value wins; Python's keeps the last
    repeated = text.replace('"status": "closed"', '"status": "closed", "status": "closed"')
    assert repeated != text
    assert not loader_accepts(repeated)
    assert schema_accepts(json.loads(repeated))
    # text that is not Unicode: a lone surrogate, which Python's json module reads
    surrogate = text.replace('"PROMIS"', '"PROMIS \\ud800"')
    assert surrogate != text
    assert not loader_accepts(surrogate)
    assert schema_accepts(json.loads(surrogate))


WRONG_VALUES = st.sampled_from(
    [
        None,
        True,
        False,
        0,
        -1,
        12,
        5.5,
        1.0,
        10**18,
        "",
        " ",
        "x",
        "1",
        "99",
        "EURO",
        "eur",
        "ZZZ",
        "LTL",
        "UA",
        "Ukraine",
        "2015-13",
        "2015-02-30",
        "2021-02-29",
        "2017",
        "+5",
        "05",
        "1e6",
        "1E+18",
        "1.5E+1",
        "NaN",
        "150",
        "-0",
        "finished",
        "funding",
        "EN",
        "\u3000",
        [],
        ["x"],
        [{}],
        {},
        {"en": ""},
        {"EN": "x"},
        {"en": "x"},
        {"value": "1"},
        {"amount": "1", "currency": "EUR"},
    ]
)


def locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(locations(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(locations(item, (*path, index)))
    return found


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@cache
def seed_documents() -> tuple[tuple[type, str], ...]:
    """Catalogues and programmes to mutate: the hand-written one, the bundled ones (as text)."""
    bundled = examples.load()
    seeds = [(Catalogue, json.dumps(BASE)), (Catalogue, dumps(Catalogue(bundled.programmes[:2])))]
    seeds.extend((Programme, dumps(programme)) for programme in bundled)
    return tuple(seeds)


@st.composite
def mutated_documents(draw: st.DrawFn) -> tuple[type, dict[str, Any]]:
    """A document with one thing changed: replaced, deleted, added, renamed or repeated.

    Half are catalogues and programmes, the documents the schema is for (the written ones:
    generated ones are slow to make, and are checked valid above); the other half are
    generated values of every kind.
    """
    if draw(st.booleans()):
        kind, text = draw(st.sampled_from(seed_documents()))
        document = json.loads(text)
    else:
        kind = draw(st.sampled_from(GENERATED_KINDS))
        document = json.loads(dumps(draw(values_of(kind))))
    places = locations(document)
    how = draw(st.sampled_from(["replace", "delete", "add", "rename", "repeat"]))
    path = draw(st.sampled_from(places[1:]))
    holder = at(document, path[:-1])
    if how == "replace":
        holder[path[-1]] = draw(WRONG_VALUES)
    elif how == "delete" and isinstance(holder, dict):
        del holder[path[-1]]
    elif how == "add" and isinstance(at(document, path), dict):
        at(document, path)[draw(st.sampled_from(["x_new", "zz", "extras", "key", "amount"]))] = draw(
            WRONG_VALUES
        )
    elif how == "rename" and isinstance(holder, dict):
        holder[str(path[-1]).upper()] = holder.pop(path[-1])
    elif how == "repeat" and isinstance(at(document, path), list) and at(document, path):
        at(document, path).append(copy.deepcopy(at(document, path)[0]))
    else:
        holder[path[-1]] = draw(WRONG_VALUES)
    return kind, document


@settings(max_examples=2 * settings.default.max_examples)
@given(mutated_documents())
def test_the_schema_is_never_stricter_than_the_loader(case: tuple[type, dict[str, Any]]) -> None:
    kind, document = case
    by_schema = schema_accepts(document, kind)
    by_loader = loader_accepts(json.dumps(document), kind)
    event(f"schema {'accepts' if by_schema else 'refuses'}, loader {'accepts' if by_loader else 'refuses'}")
    if by_loader:
        errors = [f"{error.json_path}: {error.message}" for error in validator(kind).iter_errors(document)]
        assert errors == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("Key", "a\n"), ("CurrencyCode", "EUR\n"), ("LanguageTag", "en\n"), ("Date", "2020-01-01\n")],
)
def test_a_final_newline_is_no_end_of_text(name: str, value: str) -> None:
    # Python's re lets "$" match before a final newline, so a Python validator took "a\n" for a
    # key, which the model refuses (found by hypothesis); the patterns end with (?![\s\S]).
    assert not value_accepts(name, value)
    assert value_accepts(name, value[:-1])
