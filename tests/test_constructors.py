"""Constructors take what a Python caller naturally passes, and refuse the rest naming the field.

The systematic tests enumerate every attrs class of the public API (``itaproj.__all__``, and
the classes their fields hold), so a new class or field is covered as soon as it exists.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itaproj
import itaproj.testing as strategies
from itaproj import (
    Activity,
    Beneficiary,
    BeneficiaryKind,
    Catalogue,
    Cluster,
    Component,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    InvalidValueError,
    KeyDate,
    LoadIssue,
    LocalizedText,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    RegionShare,
    Role,
    SectorShare,
    Status,
)
from itaproj.budget import Budget, BudgetItem, BudgetLine
from itaproj.codelists import codelist
from itaproj.finance import LoanTerms, PlannedDisbursement, Transaction
from itaproj.geo import Point
from itaproj.io import dumps, loads
from itaproj.money import Money
from itaproj.themes import Tag
from itaproj.validation import to_enum, to_percentage, to_text, to_tuple

EU = Organisation("eu", {"en": "European Union"})

# The property does not depend on the instance: the breadth is in the parametrization (every
# field of every model class, some 900 cases), so three instances per case are plenty, in CI
# too (with the model's IATI parts a tenth of the CI profile made this file 25 minutes of CI).
FEW = settings(max_examples=3, deadline=None)


# -- the classes -------------------------------------------------------------------------------


def _types_in(hint: Any) -> list[Any]:
    return [hint, *(found for arg in typing.get_args(hint) for found in _types_in(arg))]


def _model_classes() -> list[type]:
    """Every attrs class of ``itaproj.__all__`` and every attrs class their fields hold."""
    found: dict[type, None] = {}
    todo: list[Any] = [getattr(itaproj, name) for name in itaproj.__all__]
    while todo:
        cls = todo.pop()
        if not (isinstance(cls, type) and attrs.has(cls)) or cls in found:
            continue
        found[cls] = None
        todo.extend(t for hint in typing.get_type_hints(cls).values() for t in _types_in(hint))
    return sorted(found, key=lambda cls: cls.__name__)


# Classes that are not model data, with no strategy in itaproj.testing: an example each.
_EXAMPLES: dict[type, Any] = {
    type(codelist("OrganisationRole")): codelist("OrganisationRole"),
    type(codelist("OrganisationRole")["1"]): codelist("OrganisationRole")["1"],
    LoadIssue: LoadIssue("$.programmes[0].key", "'key' must be a non-empty string"),
}
CLASSES = _model_classes()


def _instances(cls: type) -> st.SearchStrategy[Any]:
    if cls in _EXAMPLES:
        return st.just(_EXAMPLES[cls])
    return strategies._REGISTRY[cls]()


def _fields(cls: type) -> list[attrs.Attribute[Any]]:
    return [field for field in attrs.fields(cls) if field.init]


def _hint(cls: type, name: str) -> Any:
    """The field's annotation, without ``| None``."""
    hint = typing.get_type_hints(cls)[name]
    if typing.get_origin(hint) in (types.UnionType, typing.Union):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


def _cases(kind: Any) -> list[Any]:
    """``(cls, field name)`` pairs whose annotation (``| None`` aside) ``kind`` accepts."""
    return [
        pytest.param(cls, field.name, id=f"{cls.__name__}.{field.name}")
        for cls in CLASSES
        for field in _fields(cls)
        if kind(_hint(cls, field.name))
    ]


def test_the_enumeration_finds_the_model() -> None:
    names = {cls.__name__ for cls in CLASSES}
    # Public classes, and the money flows that Programme holds but __all__ does not list.
    assert {"Programme", "Catalogue", "LocalizedText", "PartialDate", "Money", "Transaction"} <= names
    assert {"FlowOrganisation", "PlannedDisbursement", "MonthRange", "Codelist"} <= names
    assert not any(issubclass(cls, enum.Enum) for cls in CLASSES)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__name__)
def test_every_class_has_valid_instances_to_test_with(cls: type) -> None:
    # A new class needs a strategy in itaproj.testing (or an example above) to be covered.
    assert cls in _EXAMPLES or cls in strategies._REGISTRY


# -- wrong types are refused at construction, naming the field ----------------------------------

WRONG = [object(), 1.5, [object()], b"bytes"]


@pytest.mark.parametrize(
    ("cls", "name"),
    [pytest.param(cls, f.name, id=f"{cls.__name__}.{f.name}") for cls in CLASSES for f in _fields(cls)],
)
@FEW
@given(data=st.data())
def test_a_wrong_type_is_refused_naming_the_field(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls))
    alias = next(field.alias for field in _fields(cls) if field.name == name)
    for bad in WRONG:
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(valid, **{alias: bad})
        field = info.value.field
        assert field == name or field.startswith((f"{name}[", f"{name}.")), (field, bad)


@pytest.mark.parametrize(("cls", "name"), _cases(lambda hint: typing.get_origin(hint) is tuple))
@FEW
@given(data=st.data())
def test_a_string_mapping_or_set_is_never_taken_apart(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls))
    for bad, why in [("ab", "taken apart"), ({"a": 1}, "its keys"), ({"a"}, "no order")]:
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(valid, **{name: bad})
        assert info.value.field == name
        assert why in info.value.reason


# -- what a caller naturally passes is converted --------------------------------------------------


@pytest.mark.parametrize(("cls", "name"), _cases(lambda hint: typing.get_origin(hint) is tuple))
@FEW
@given(data=st.data())
def test_any_ordered_iterable_is_stored_as_a_tuple(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name)))
    items = getattr(valid, name)
    for given_as in (list(items), (item for item in items), reversed(list(reversed(items)))):
        again = attrs.evolve(valid, **{name: given_as})
        assert type(getattr(again, name)) is tuple
        assert again == valid


@pytest.mark.parametrize(("cls", "name"), _cases(lambda hint: hint is LocalizedText))
@FEW
@given(data=st.data())
def test_a_mapping_is_a_text_and_a_bare_string_is_refused(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    text = getattr(valid, name)
    assert attrs.evolve(valid, **{name: dict(text.texts)}) == valid  # the original is the first key
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(valid, **{name: str(text)})
    assert info.value.field == name
    assert f"{{'en': {str(text)!r}}}" in info.value.reason


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, enum.Enum)


@pytest.mark.parametrize(("cls", "name"), _cases(_is_enum))
@FEW
@given(data=st.data())
def test_an_enum_member_may_be_given_by_its_value(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    member = getattr(valid, name)
    assert attrs.evolve(valid, **{name: member.value}) == valid
    # Not by its name, in another case, or as a member of another enum.
    for bad in {member.name, member.value.upper(), member.value.title()} - {member.value}:
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(valid, **{name: bad})
        assert info.value.field == name
        assert repr(member.value) in info.value.reason


@pytest.mark.parametrize(("cls", "name"), _cases(lambda hint: hint is PartialDate))
@FEW
@given(data=st.data())
def test_a_date_is_a_partial_date_and_a_datetime_is_refused(
    cls: type, name: str, data: st.DataObject
) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    date = getattr(valid, name)
    assert attrs.evolve(valid, **{name: date.isoformat()}) == valid
    day = date.earliest()
    again = attrs.evolve(valid, **{name: day})
    assert getattr(again, name) == PartialDate(day.year, day.month, day.day)
    moment = dt.datetime(day.year, day.month, day.day, 12)
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(valid, **{name: moment})
    assert info.value.field == name
    assert ".date()" in info.value.reason


@pytest.mark.parametrize(("cls", "name"), _cases(lambda hint: hint is dt.date))
@FEW
@given(data=st.data())
def test_a_day_is_never_a_datetime(cls: type, name: str, data: st.DataObject) -> None:
    # A datetime is a date too (a subclass), but its time and time zone would be dropped.
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    day = getattr(valid, name)
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(valid, **{name: dt.datetime(day.year, day.month, day.day)})
    assert info.value.field == name


@pytest.mark.parametrize(
    "build",
    [
        lambda day: BudgetLine(Money(1, "EUR"), value_date=day),
        lambda day: Budget(value_date=day),
        lambda day: Transaction("3", "2024", Money(1, "EUR"), value_date=day),
        lambda day: PlannedDisbursement(Period(), Money(1, "EUR"), value_date=day),
    ],
)
def test_a_value_date_may_be_given_as_text(build: Any) -> None:
    assert build("2024-02-29") == build(dt.date(2024, 2, 29))
    for bad in ["2023-02-29", "2024-2-29", "20240229", "2024-02"]:
        with pytest.raises(InvalidValueError) as info:
            build(bad)
        assert (info.value.field, info.value.value) == ("value_date", bad)


_PERCENTAGES = [
    (CountryShare, "percentage"),
    (RegionShare, "percentage"),
    (SectorShare, "percentage"),
    (Component, "budget_share"),
    (BudgetItem, "percentage"),
    (LoanTerms, "rate_1"),
    (LoanTerms, "rate_2"),
    (Programme, "capital_spend"),
]
#: Decimal fields that are not percentages: the coordinates of a point.
_COORDINATES = [(Point, "latitude"), (Point, "longitude")]


def test_the_percentage_fields_are_all_listed() -> None:
    # Every Decimal field of the model outside money and quantities is a percentage.
    found = {
        (cls, f.name)
        for cls in CLASSES
        for f in _fields(cls)
        if _hint(cls, f.name) is Decimal and cls.__module__ not in {"itaproj.money", "itaproj.quantity"}
    }
    assert found == set(_PERCENTAGES) | set(_COORDINATES)


@pytest.mark.parametrize(("cls", "name"), _COORDINATES, ids=[f"{c.__name__}.{n}" for c, n in _COORDINATES])
@FEW
@given(data=st.data())
def test_a_coordinate_may_be_an_int_a_string_or_a_decimal_never_a_float(
    cls: type, name: str, data: st.DataObject
) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    degrees = getattr(valid, name)
    assert attrs.evolve(valid, **{name: str(degrees)}) == valid
    if degrees == degrees.to_integral_value():
        assert attrs.evolve(valid, **{name: int(degrees)}) == valid
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(valid, **{name: float(degrees)})
    assert info.value.field == name


@pytest.mark.parametrize(("cls", "name"), _PERCENTAGES, ids=[f"{c.__name__}.{n}" for c, n in _PERCENTAGES])
@FEW
@given(data=st.data())
def test_a_percentage_may_be_an_int_a_string_or_a_decimal(cls: type, name: str, data: st.DataObject) -> None:
    valid = data.draw(_instances(cls).filter(lambda obj: getattr(obj, name) is not None))
    share = getattr(valid, name)
    assert attrs.evolve(valid, **{name: str(share)}) == valid
    if share == share.to_integral_value():
        assert attrs.evolve(valid, **{name: int(share)}) == valid
    for bad, reason in [
        (float(share), "not a float"),
        (Decimal(101), "from 0 to 100"),
        (-1, "from 0 to 100"),
    ]:
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(valid, **{name: bad})
        assert info.value.field == name
        assert reason in info.value.reason


# -- the cases of the issue ---------------------------------------------------------------------


def test_a_title_must_say_its_language() -> None:
    with pytest.raises(InvalidValueError) as info:
        Programme("k", "Title")  # type: ignore[arg-type]
    assert str(info.value) == (
        "'title' must be a LocalizedText or a mapping of language tag to text such as {'en': 'Title'}; "
        "a bare string does not say its language (got 'Title')"
    )
    assert Programme("k", {"en": "Title"}).title == LocalizedText({"en": "Title"})


def test_a_role_may_be_given_by_its_value() -> None:
    assert Participant(EU, "funding") == Participant(EU, Role.FUNDING)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError) as info:
        Participant(EU, "funder")  # type: ignore[arg-type]
    assert str(info.value) == (
        "'role' must be a Role or one of its values 'funding', 'accountable', 'extending', "
        "'implementing', 'recipient', 'beneficiary' (got 'funder')"
    )


def test_a_beneficiary_needs_a_text_and_a_kind() -> None:
    with pytest.raises(InvalidValueError) as info:
        Beneficiary("Bucha", BeneficiaryKind.COMMUNITY)  # type: ignore[arg-type]
    assert info.value.field == "name"
    bucha = Beneficiary({"uk": "Буча"}, "community")  # type: ignore[arg-type]
    assert bucha == Beneficiary(LocalizedText({"uk": "Буча"}), BeneficiaryKind.COMMUNITY)


def test_a_period_from_a_date_survives_the_json_layer() -> None:
    period = Period(dt.date(2024, 1, 1), "2024-06")  # type: ignore[arg-type]
    assert period.start == PartialDate(2024, 1, 1)
    assert period.end == PartialDate(2024, 6)
    programme = Programme("k", {"en": "K"}, period=period)
    assert loads(dumps(programme), Programme) == programme


def test_a_wrong_object_never_reaches_dumps() -> None:
    # Accepted before, and only failing in dumps: now refused at construction.
    for build, field in [
        (lambda: Programme("k", {"en": "K"}, period=dt.date(2024, 1, 1)), "period"),
        (lambda: Participant("eu", Role.FUNDING), "organisation"),
        (lambda: Catalogue([Programme("k", {"en": "K"}), "k2"]), "programmes[1]"),
        (lambda: BudgetLine(Money(1, "EUR"), value_date=dt.datetime(2024, 1, 1)), "value_date"),
    ]:
        with pytest.raises(InvalidValueError) as info:
            build()
        assert info.value.field == field


def test_lists_and_generators_are_stored_as_tuples() -> None:
    programme = Programme(
        "k",
        {"en": "K"},
        objectives=[{"en": "First"}, LocalizedText({"uk": "Друга"})],
        tags=(tag for tag in ["b", "a"]),
        participants=[Participant(EU, "funding")],  # type: ignore[arg-type]
        status="closed",  # type: ignore[arg-type]
    )
    assert programme.objectives == (LocalizedText({"en": "First"}), LocalizedText({"uk": "Друга"}))
    assert programme.tags == (Tag("b"), Tag("a"))  # plain strings are free keywords
    assert programme.participants == (Participant(EU, Role.FUNDING),)
    assert programme.status is Status.CLOSED
    assert Catalogue([programme]).programmes == (programme,)
    assert Cluster("east", {"en": "East"}, regions=["UA-14", "UA-63"]).regions == ("UA-14", "UA-63")
    assert Budget(lines=iter([])).lines == ()
    assert Activity({"en": "A"}, activities=[Activity({"en": "B"})]).activities == (Activity({"en": "B"}),)
    signed = KeyDate("signed", dt.date(2021, 3, 12))  # type: ignore[arg-type]
    assert signed == KeyDate(DateKind.SIGNED, PartialDate(2021, 3, 12))


def test_percentages_take_ints_and_strings() -> None:
    assert CountryShare("UA", 100).percentage == Decimal(100)
    assert CountryShare("UA", "62.5").percentage == Decimal("62.5")
    with pytest.raises(InvalidValueError) as info:
        CountryShare("UA", 62.5)
    assert info.value.field == "percentage"
    assert info.value.reason.endswith("not a float")
    with pytest.raises(InvalidValueError) as info:
        CountryShare("UA", 101)
    assert str(info.value) == "'percentage' must be a percentage from 0 to 100 (got 101)"


def test_a_theme_takes_component_codes_from_any_iterable() -> None:
    theme = CrossCuttingTheme({"en": "Gender"}, code="1", components=["1000", "2000"])
    assert theme.components == ("1000", "2000")


# -- the conversion functions -------------------------------------------------------------------


def test_to_tuple_names_the_item() -> None:
    assert to_tuple(iter(["a"]), "tags", str) == ("a",)
    with pytest.raises(InvalidValueError) as info:
        to_tuple(["a", 2], "tags", str)
    assert (info.value.field, info.value.value, info.value.reason) == ("tags[1]", 2, "be a string")
    with pytest.raises(InvalidValueError) as info:
        to_tuple(5, "tags", str)  # type: ignore[arg-type]
    assert str(info.value) == "'tags' must be an iterable of str such as a tuple or a list (got 5)"


def test_to_tuple_converts_items_it_can() -> None:
    assert to_tuple([{"en": "x"}], "objectives", LocalizedText, to_text) == (LocalizedText({"en": "x"}),)
    with pytest.raises(InvalidValueError) as info:
        to_tuple([LocalizedText({"en": "x"}), {"EN": "y"}], "objectives", LocalizedText, to_text)
    assert (info.value.field, info.value.value) == ("objectives[1]", "EN")


def test_to_text_names_the_language() -> None:
    with pytest.raises(InvalidValueError) as info:
        to_text({"en": ""}, "title")
    assert str(info.value) == "\"title['en']\" must be a non-empty string (got '')"
    with pytest.raises(InvalidValueError) as info:
        to_text(["en", "x"], "title")  # type: ignore[arg-type]
    assert info.value.reason == "be a LocalizedText or a mapping of language tag to text"


def test_to_enum_takes_values_only() -> None:
    assert to_enum(Role, "recipient", "role") is Role.RECIPIENT
    for bad in ["RECIPIENT", 5, None, Status.CLOSED]:
        with pytest.raises(InvalidValueError):
            to_enum(Role, bad, "role")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, Decimal(0)), (100, Decimal(100)), ("33.33", Decimal("33.33")), (Decimal("0.5"), Decimal("0.5"))],
)
def test_to_percentage(value: Any, expected: Decimal) -> None:
    assert to_percentage(value, "percentage") == expected
