"""JSON Schema (draft 2020-12) of the JSON document format, generated from the model.

:func:`json_schema` walks the model's attrs classes and their type annotations and writes what
:mod:`itaproj.io.json` reads and writes: the versioned envelope, one ``$defs`` entry per model
class (its keys, which are required, the defaults that :func:`~itaproj.io.dumps` leaves out,
the descriptions from the class's docstring), the encoding of each value type
(:data:`ENCODINGS`: decimals, dates, texts...), the library's enums, codes of the IATI
codelists the model refuses others of, ISO 4217 currency codes, and the keys the model keeps
as extras (allowed) or refuses.

The schema is never stricter than the loader: every document :func:`~itaproj.io.loads`
accepts is valid. The loader refuses some documents the schema cannot tell apart, chiefly
rules that span several values (an organisation key that no listed organisation has, two
programmes with one key, the 29th of February of a year that is not a leap year, an ongoing
period with an end) and properties of the JSON text itself (a repeated key, ``5.0`` for
``5``, nesting too deep). The documentation's page "JSON Schema" lists them.

The encodings come from declared tables, each checked against the JSON layer by the tests:
:data:`ENCODINGS` (value type -> schema, the same types as the JSON layer's scalar hooks),
:data:`VALUE_DEFINITIONS`, and the field validators whose rule a definition states (a
currency, a country code, a key...). A validator the tables do not know constrains nothing:
the schema then accepts more than the model, never less.

Example:
    >>> schema = json_schema()
    >>> schema["$id"], schema["properties"]["kind"]
    ('urn:itaproj:json:1:Catalogue', {'const': 'Catalogue'})
    >>> schema["$defs"]["Money"]["required"]
    ['amount', 'currency']
    >>> schema["$defs"]["Money"]["properties"]["qualifier"]["default"]
    'exact'
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import inspect
import json
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from functools import cache
from types import MappingProxyType, NoneType, UnionType
from typing import Any

import attrs

from itaproj.codelists import _CodeValidator, code_bindings, codelist
from itaproj.errors import InvalidValueError
from itaproj.finance import _check_optional_text as _finance_optional_text
from itaproj.geo import _check_country, _check_subdivision
from itaproj.geo import _check_optional_text as _geo_optional_text
from itaproj.io.json import FORMAT_VERSION, _kinds, converter
from itaproj.money import Money, currency_codes
from itaproj.money import _check_currency as _money_currency
from itaproj.org import Organisation, _check_optional_country
from itaproj.period import PartialDate
from itaproj.programme import Catalogue, Programme, _check_currency_code, _check_language
from itaproj.quantity import Measure, _check_count
from itaproj.text import LocalizedText
from itaproj.themes import _check_significance
from itaproj.validation import as_optional_percentage, check_key, check_text

__all__ = [
    "ENCODINGS",
    "SCHEMA_DIALECT",
    "VALUE_DEFINITIONS",
    "json_schema",
    "json_schema_text",
    "markdown_summary",
    "schema_id",
]

#: The JSON Schema dialect of the generated schema.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# --- the value types ----------------------------------------------------------------------------

# The characters Python's str.isspace() (and so the model's "non-blank" checks) counts as white
# space, as a regular expression class both Python and ECMA-262 read alike.
_SPACE = r"\u0009-\u000d\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"

# The end of the text: "$" in ECMA-262 (what JSON Schema means), but Python's re (which Python
# validators use) also lets "$" match before a final newline, so "a\n" passed as a key.
_END = "(?![\\s\\S])"

# A year 0001-9999, a month, a day of that month (29 February in any year).
_YEAR = "(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_MONTH = "(?:0[1-9]|1[0-2])"
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-9]))"
)
_TIME = "(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\\.[0-9]{6})?"
_OFFSET = "[+-](?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{6})?)?"

# Decimals as Python's str(Decimal) writes them, below 10^18 in magnitude with at most 45
# places: plain (exponent 0, or a point and at most 5 zeros after "0.") or scientific (an
# exponent from +1 to +17 or from -7 to -45).
_EXPONENT = "E(?:\\+(?:[1-9]|1[0-7])|-(?:[7-9]|[1-3][0-9]|4[0-5]))"
_SMALL_FRACTION = "0\\.(?:0{0,5}[1-9][0-9]*|0{1,6})"
_DECIMAL = (
    f"^-?(?:0|[1-9][0-9]{{0,17}}|[1-9][0-9]{{0,17}}\\.[0-9]+|{_SMALL_FRACTION}"
    f"|(?:0|[1-9](?:\\.[0-9]+)?){_EXPONENT}){_END}"
)
# The same from 0 to 100 (and the zeros with a sign, which Decimal holds and compares equal to 0).
_PERCENTAGE = (
    f"^(?:-?0(?:\\.0{{1,6}})?|-?0{_EXPONENT}|[1-9][0-9]?|100|[1-9][0-9]?\\.[0-9]+|{_SMALL_FRACTION}"
    f"|100\\.0+|[1-9](?:\\.[0-9]+)?E-(?:[7-9]|[1-3][0-9]|4[0-5])|[1-9]E\\+1|1(?:\\.0)?E\\+2){_END}"
)
_LIMIT = 10**18


# Where a value may take two JSON types, an if/then/else on the type (rather than an anyOf) makes
# validators report the problem inside the branch that applies, at its path.


def _string_or_integer(string: dict[str, Any], integer: dict[str, Any]) -> dict[str, Any]:
    return {
        "if": {"type": "string"},
        "then": {"type": "string", **string},
        "else": {"type": "integer", **integer},
    }


def _null_or(schema: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"type": "null"}, "else": schema}


@cache
def _value_definitions() -> dict[str, dict[str, Any]]:
    """The ``$defs`` of the value types, by name (a new copy is made of each use)."""
    return {
        "Decimal": {
            "description": "An exact decimal number below 10^18 in magnitude with at most 45 decimal "
            "places: a string as Python's str(Decimal) writes it ('14500000', '1.45E+7', '0.5'), or "
            "a JSON integer. JSON floats are refused.",
            **_string_or_integer(
                {"pattern": _DECIMAL}, {"exclusiveMinimum": -_LIMIT, "exclusiveMaximum": _LIMIT}
            ),
        },
        "Percentage": {
            "description": "A percentage from 0 to 100, written as a Decimal.",
            **_string_or_integer({"pattern": _PERCENTAGE}, {"minimum": 0, "maximum": 100}),
        },
        "Date": {
            "description": "A day, YYYY-MM-DD.",
            "type": "string",
            "pattern": f"^{_YEAR}-{_MONTH_DAY}{_END}",
        },
        "DateTime": {
            "description": "A date and time as Python's isoformat() writes it "
            "(2021-03-05T10:00:00, 2021-03-05T10:00:00.250000+02:00).",
            "type": "string",
            "pattern": f"^{_YEAR}-{_MONTH_DAY}T{_TIME}(?:{_OFFSET})?{_END}",
        },
        "PartialDate": {
            "description": "A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD.",
            "type": "string",
            "pattern": f"^{_YEAR}(?:-{_MONTH}|-{_MONTH_DAY})?{_END}",
        },
        "LanguageTag": {
            "description": "A lower-case BCP 47 language tag: 'uk', 'en', 'sr-Latn', 'pt-BR'.",
            "type": "string",
            "pattern": f"^[a-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*{_END}",
        },
        "Text": {
            "description": "A string that is not empty and not only white space.",
            "type": "string",
            "pattern": f"[^{_SPACE}]",
        },
        "Key": {
            "description": "A local key: a non-empty string without white space.",
            "type": "string",
            "pattern": f"^[^{_SPACE}]+{_END}",
        },
        "LocalizedText": {
            "description": "A text in one or more languages: an object of language tag to text, the "
            "original language first. 'original' may name the original language instead.",
            "type": "object",
            "minProperties": 1,
            "propertyNames": {"if": {"const": "original"}, "else": {"$ref": "#/$defs/LanguageTag"}},
            "properties": {"original": {"$ref": "#/$defs/LanguageTag"}},
            "additionalProperties": {"$ref": "#/$defs/Text"},
        },
        "CurrencyCode": {
            "description": "An ISO 4217 currency code known to CLDR or to the IATI Currency codelist "
            "(withdrawn codes included).",
            "type": "string",
            "pattern": f"^[A-Z]{{3}}{_END}",
            "enum": sorted(currency_codes()),
        },
        "CountryCode": {
            "description": "An ISO 3166-1 alpha-2 country code such as 'UA' (the list is open).",
            "type": "string",
            "pattern": f"^[A-Z]{{2}}{_END}",
        },
        "SubdivisionCode": {
            "description": "An ISO 3166-2 subdivision code such as 'UA-32'.",
            "type": "string",
            "pattern": f"^[A-Z]{{2}}-[A-Z0-9]{{1,3}}{_END}",
        },
        "NonNegativeInteger": {
            "description": "A whole number from 0 to below 10^18.",
            "type": "integer",
            "minimum": 0,
            "exclusiveMaximum": _LIMIT,
        },
        "PolicySignificance": {
            "description": "A code of the IATI PolicySignificance codelist, as an integer.",
            "type": "integer",
            "enum": sorted(int(code) for code in codelist("PolicySignificance").codes),
        },
        "OrganisationKey": {
            "description": "The key of an organisation listed under the catalogue's 'organisations'.",
            "type": "string",
            "pattern": f"^[^{_SPACE}]+{_END}",
        },
    }


class _Definitions(Mapping[str, Mapping[str, Any]]):
    """A read-only view of the value definitions, built on first use (they read codelists)."""

    def __getitem__(self, name: str) -> Mapping[str, Any]:
        return MappingProxyType(copy.deepcopy(_value_definitions()[name]))

    def __iter__(self) -> Iterator[str]:
        return iter(_value_definitions())

    def __len__(self) -> int:
        return len(_value_definitions())


#: The ``$defs`` the value types use, by name ("Decimal", "PartialDate", "CurrencyCode"...).
VALUE_DEFINITIONS: Mapping[str, Mapping[str, Any]] = _Definitions()


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


#: The JSON Schema of each value type :mod:`itaproj.io.json` writes as a JSON scalar or a text
#: object (its ``_SCALAR_HOOKS`` read them). The tests check each entry against what
#: :func:`~itaproj.io.dumps` writes and what :func:`~itaproj.io.loads` accepts.
ENCODINGS: Mapping[Any, Mapping[str, Any]] = MappingProxyType(
    {
        str: MappingProxyType({"type": "string"}),
        int: MappingProxyType({"type": "integer"}),
        bool: MappingProxyType({"type": "boolean"}),
        Decimal: MappingProxyType(_ref("Decimal")),
        dt.date: MappingProxyType(_ref("Date")),
        dt.datetime: MappingProxyType(_ref("DateTime")),
        PartialDate: MappingProxyType(_ref("PartialDate")),
        LocalizedText: MappingProxyType(_ref("LocalizedText")),
    }
)

# Field validators whose rule a value definition states, by the validator. The tests check that
# each accepts no value its definition refuses.
_VALIDATED: Mapping[Callable[..., Any], str] = MappingProxyType(
    {
        check_key: "Key",
        check_text: "Text",
        _geo_optional_text: "Text",
        _finance_optional_text: "Text",
        _money_currency: "CurrencyCode",
        _check_currency_code: "CurrencyCode",
        _check_country: "CountryCode",
        _check_optional_country: "CountryCode",
        _check_subdivision: "SubdivisionCode",
        _check_language: "LanguageTag",
        _check_count: "NonNegativeInteger",
        _check_significance: "PolicySignificance",
    }
)

# Documents of these kinds keep unknown keys (at any depth) as extras; other kinds refuse them.
_HOLDERS = frozenset({Catalogue, Programme})
_OBSERVED = Measure | Money | None
# attrs types Factory as a function for the checker; at run time it is the class of defaults.
_FACTORY: Any = attrs.Factory


# --- docstrings ---------------------------------------------------------------------------------

_ROLE = re.compile(r":[a-z]+:`(~?)([^`]+)`")
_LITERAL = re.compile(r"``([^`]+)``")
_ARGUMENT = re.compile(r"(\w+)(?: \([^)]*\))?:\s*(.*)")


def _plain(text: str) -> str:
    """Docstring markup as plain text: ``x`` -> `x`, :class:`~a.B` -> `B`; lines joined."""
    text = _ROLE.sub(lambda match: f"`{match[2].rsplit('.', 1)[-1] if match[1] else match[2]}`", text)
    return " ".join(_LITERAL.sub(r"`\1`", text).split())


def _summary(obj: object) -> str | None:
    """The first paragraph of an object's own docstring, as plain text."""
    doc = inspect.cleandoc(obj.__doc__) if obj.__doc__ else ""
    paragraph = doc.split("\n\n", 1)[0].strip()
    return _plain(paragraph) if paragraph else None


def _arguments(cls: type) -> dict[str, str]:
    """The descriptions of the ``Args:`` section of a Google-style class docstring, by name."""
    lines = inspect.cleandoc(cls.__doc__).splitlines() if cls.__doc__ else []
    found: dict[str, list[str]] = {}
    inside = False
    current: list[str] | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if not line.strip():
            continue
        if indent == 0:
            inside = line.strip() == "Args:"
            current = None
            continue
        if not inside:
            continue
        match = _ARGUMENT.fullmatch(line.strip()) if indent == 4 else None
        if match is not None:
            current = found[match[1]] = [match[2]]
        elif current is not None:
            current.append(line.strip())
    return {name: _plain(" ".join(parts)) for name, parts in found.items()}


# --- the generator ------------------------------------------------------------------------------


def _is_optional(hint: Any) -> bool:
    return typing.get_origin(hint) in (UnionType, typing.Union) and NoneType in typing.get_args(hint)


def _without_none(hint: Any) -> Any:
    rest = tuple(arg for arg in typing.get_args(hint) if arg is not NoneType)
    if len(rest) != 1:
        raise TypeError(f"itaproj.io.schema cannot describe {hint!r}")
    return rest[0]


def _json_default(default: Any) -> Any:
    """The JSON value of a field's default, as :func:`~itaproj.io.to_builtins` writes it."""
    if isinstance(default, _FACTORY):
        default = default.factory()
    return converter.unstructure(default)


class _Builder:
    """Builds the ``$defs`` of one kind of document."""

    def __init__(self, kind: type[Any]) -> None:
        self.open = kind in _HOLDERS  # unknown keys are kept: allowed everywhere inside
        self.catalogue = kind is Catalogue  # organisations may be named by key
        self.defs: dict[str, dict[str, Any]] = {}
        self.owners: dict[str, object] = {}

    def define(self, name: str, owner: object, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A reference to ``$defs/name``, made by ``make`` on first use (classes may nest themselves)."""
        known = self.owners.setdefault(name, owner)
        if known != owner:
            raise TypeError(f"itaproj.io.schema: two definitions named {name!r}: {known!r} and {owner!r}")
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder while a class that contains itself is made
            self.defs[name] = make()
        return _ref(name)

    def value(self, name: str) -> dict[str, Any]:
        """A reference to a value definition, defined with those it refers to."""
        if name not in self.defs:
            definition = self.define(name, "value", lambda: copy.deepcopy(_value_definitions()[name]))
            for used in _references(self.defs[name]):
                self.value(used)
            return definition
        return self.define(name, "value", dict)

    def schema(self, hint: Any, leaf: dict[str, Any] | None = None) -> dict[str, Any]:
        """The schema of a value of type ``hint``; ``leaf`` replaces that of its str, int or Decimal."""
        if leaf is not None and hint in (str, int, Decimal):
            return leaf
        if hint in ENCODINGS:
            encoding = dict(ENCODINGS[hint])
            if "$ref" in encoding:
                return self.value(encoding["$ref"].rsplit("/", 1)[1])
            return encoding
        if hint is Organisation:
            return self.organisation()
        if hint == _OBSERVED:
            condition = {
                "if": {"required": ["currency"]},
                "then": self.schema(Money),
                "else": self.schema(Measure),
            }
            return _null_or({"type": "object", **condition})
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return self.define(hint.__name__, hint, lambda: _enum_schema(hint))
        if _is_optional(hint):
            return _null_or(self.schema(_without_none(hint), leaf))
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.schema(args[0], leaf)}
        if origin in (dict, Mapping) and args[:1] == (str,):
            return {"type": "object", "additionalProperties": self.schema(args[1])}
        if isinstance(hint, type) and attrs.has(hint):
            if hint is Programme and not self.open:
                raise TypeError("itaproj.io.schema: a programme inside a kind that refuses unknown keys")
            return self.model(hint)
        raise TypeError(f"itaproj.io.schema cannot describe {hint!r}")

    def model(self, cls: type) -> dict[str, Any]:
        """A reference to the definition of the attrs class ``cls``."""
        return self.define(cls.__name__, cls, lambda: self.object(cls))

    def organisation(self) -> dict[str, Any]:
        found = self.model(Organisation)
        if not self.catalogue:
            return found
        return {"if": {"type": "string"}, "then": self.value("OrganisationKey"), "else": found}

    def code(self, name: str) -> dict[str, Any]:
        """The schema of a code of the codelist ``name`` as a model field bound to it admits one."""
        listed = codelist(name)
        if not listed.embedded:  # any code that is not blank: the shipped copy may lag behind
            return self.value("Text")
        if not listed.complete:  # an open list: any code
            return {"type": "string"}
        description = f"A code of the IATI {name} codelist (withdrawn codes included)."
        return self.define(
            f"{name}Code",
            ("codelist", name),
            lambda: {"description": description, "type": "string", "enum": sorted(listed.codes)},
        )

    def leaf(self, field: attrs.Attribute[Any]) -> dict[str, Any] | None:
        """The schema a field's validator or converter states for its scalar, if any."""
        converter: object = field.converter
        if converter is as_optional_percentage:
            return self.value("Percentage")
        validator = field.validator
        if isinstance(validator, _CodeValidator):
            binding = validator.binding
            return None if binding.codelist is None else self.code(binding.codelist)
        name = next((name for known, name in _VALIDATED.items() if known is validator), None)
        return None if name is None else self.value(name)

    def object(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        described = _arguments(cls)
        fields = {field.name: field for field in attrs.fields(cls) if field.init}
        properties: dict[str, Any] = {}
        required: list[str] = []
        if cls is Catalogue:  # the organisations the programmes name by key
            listed = {"type": "array", "items": self.model(Organisation)}
            listed["description"] = "Every organisation the programmes name, once; they name it by key."
            properties["organisations"] = listed
        for name, field in fields.items():
            schema = self.schema(hints[name], self.leaf(field))
            if name in described:
                schema = {**schema, "description": described[name]}
            if field.default is attrs.NOTHING:
                required.append(name)
            else:
                schema = {**schema, "default": _json_default(field.default)}
            properties[name] = schema
        result: dict[str, Any] = {"title": cls.__name__}
        summary = _summary(cls)
        if summary:
            result["description"] = summary
        result.update(type="object", properties=properties)
        if required:
            result["required"] = required
        result["additionalProperties"] = self.open
        conditions = self.vocabularies(cls, hints, fields)
        if conditions:
            result["allOf"] = conditions
        return result

    def vocabularies(
        self, cls: type, hints: dict[str, Any], fields: dict[str, attrs.Attribute[Any]]
    ) -> list[dict[str, Any]]:
        """``if``/``then`` pairs: the codelist a code belongs to when a vocabulary field chooses it."""
        conditions = []
        for binding in code_bindings(cls):
            field = fields.get(binding.field)
            if binding.vocabulary is None or field is None or not isinstance(field.validator, _CodeValidator):
                continue
            chooser = fields[binding.vocabulary]
            for vocabulary, name in binding.by_vocabulary.items():
                condition: dict[str, Any] = {"properties": {binding.vocabulary: {"const": vocabulary}}}
                if chooser.default != vocabulary:  # absent, the vocabulary is its default
                    condition["required"] = [binding.vocabulary]
                then = {"properties": {binding.field: self.schema(hints[binding.field], self.code(name))}}
                conditions.append({"if": condition, "then": then})
        return conditions


def _references(schema: Any) -> list[str]:
    """The names of the definitions a schema refers to, in order."""
    if isinstance(schema, dict):
        found = [schema["$ref"].rsplit("/", 1)[1]] if isinstance(schema.get("$ref"), str) else []
        return found + [name for value in schema.values() for name in _references(value)]
    if isinstance(schema, list):
        return [name for value in schema for name in _references(value)]
    return []


def _enum_schema(cls: type[enum.Enum]) -> dict[str, Any]:
    values = [member.value for member in cls]
    result: dict[str, Any] = {"title": cls.__name__}
    summary = _summary(cls)
    if summary:
        result["description"] = summary
    if all(type(value) is str for value in values):
        result["type"] = "string"
    result["enum"] = values
    return result


def schema_id(kind: type[Any] = Catalogue) -> str:
    """The ``$id`` of the schema of documents of ``kind``: it names the format version.

    Example:
        >>> schema_id(), schema_id(Programme)
        ('urn:itaproj:json:1:Catalogue', 'urn:itaproj:json:1:Programme')
    """
    return f"urn:itaproj:json:{FORMAT_VERSION}:{kind.__name__}"


@cache
def _schema(kind: type[Any]) -> dict[str, Any]:
    builder = _Builder(kind)
    data = builder.schema(kind)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": schema_id(kind),
        "title": f"itaproj {kind.__name__} document (JSON format version {FORMAT_VERSION})",
        "description": f"A {kind.__name__} written by itaproj.io.dumps, in its versioned envelope.",
        "type": "object",
        "properties": {
            "itaproj": {"description": "The format version.", "type": "integer", "const": FORMAT_VERSION},
            "kind": {"const": kind.__name__},
            "data": {**data, "description": f"The {kind.__name__}."},
        },
        "required": ["itaproj", "kind", "data"],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def json_schema(kind: type[Any] = Catalogue) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of documents of ``kind``, catalogues by default.

    Every document :func:`~itaproj.io.loads` accepts as a ``kind`` is valid; see the module's
    text for what the loader refuses that the schema cannot say. The result is a new object
    each call, free to change.

    Args:
        kind: A class a document may hold (:class:`~itaproj.programme.Catalogue`,
            :class:`~itaproj.programme.Programme`, :class:`~itaproj.money.Money`...).

    Raises:
        InvalidValueError: if no document holds ``kind``.

    Example:
        >>> schema = json_schema(Money)
        >>> sorted(schema["$defs"])
        ['CurrencyCode', 'Decimal', 'Money', 'Qualifier']
        >>> schema["$defs"]["Money"]["additionalProperties"]
        False
    """
    if not isinstance(kind, type) or _kinds().get(kind.__name__) is not kind:
        raise InvalidValueError("kind", kind, "be a model class a document holds, such as Catalogue")
    return copy.deepcopy(_schema(kind))


def json_schema_text(kind: type[Any] = Catalogue) -> str:
    """:func:`json_schema` as JSON text: keys sorted, indented by two spaces, ending in a new line.

    Example:
        >>> json_schema_text().splitlines()[:3]
        ['{', '  "$defs": {', '    "Activity": {']
    """
    return json.dumps(json_schema(kind), sort_keys=True, indent=2) + "\n"


_SHOWN = 20  # values of an enum a summary lists; of a longer one, it gives the number


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_summary(schema: Mapping[str, Any] | None = None) -> str:
    """Markdown tables of a schema's definitions: the objects with their keys, then the values.

    Args:
        schema: A schema from :func:`json_schema`; ``None`` for that of catalogues.

    Example:
        >>> print(markdown_summary(json_schema(Money)))
        | Object | Required keys | Optional keys | Unknown keys |
        |---|---|---|---|
        | `Money` | `amount`, `currency` | `qualifier` | refused |
        <BLANKLINE>
        | Value | What it is | Values |
        |---|---|---|
        | `CurrencyCode` | An ISO 4217 currency code ... (withdrawn codes included). | ... codes |
        | `Decimal` | An exact decimal number ... JSON floats are refused. | |
        | `Qualifier` | How a stated figure relates to the true value. | `exact`, `more_than`, `at_least`, `less_than`, `at_most`, `about` |
        <BLANKLINE>
    """
    schema = json_schema() if schema is None else schema
    objects = ["| Object | Required keys | Optional keys | Unknown keys |", "|---|---|---|---|"]
    values = ["| Value | What it is | Values |", "|---|---|---|"]
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition and "title" in definition:
            required = definition.get("required", [])
            optional = [key for key in definition["properties"] if key not in required]
            unknown = "kept as extras" if definition.get("additionalProperties") else "refused"
            keys = [", ".join(f"`{key}`" for key in group) or "–" for group in (required, optional)]
            objects.append(f"| `{name}` | {keys[0]} | {keys[1]} | {unknown} |")
        else:
            listed = definition.get("enum", [])
            shown = (
                ", ".join(f"`{value}`" for value in listed)
                if len(listed) <= _SHOWN
                else f"{len(listed)} codes"
            )
            values.append(f"| `{name}` | {_cell(definition.get('description', ''))} | {shown} |")
    return "\n".join(objects) + "\n\n" + "\n".join(values) + "\n"
