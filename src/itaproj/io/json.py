"""JSON in and out, through one cattrs converter built once and msgspec for the bytes.

The document format:

* a versioned envelope ``{"itaproj": 1, "kind": "Catalogue", "data": {...}}``;
* objects omit fields equal to their default (``null``, ``[]``, ``false``, exact qualifiers);
* a :class:`~itaproj.text.LocalizedText` is an object of language tag to text whose first key
  is the original language; a :class:`~itaproj.period.PartialDate` is ``"2017"``,
  ``"2015-04"`` or ``"2021-03-12"``; decimals are strings; enums are their values;
* a catalogue lists its organisations once, under ``"organisations"``; participants and
  people refer to them by key;
* keys the model has no field for are kept on the enclosing programme (or catalogue) as
  :class:`~itaproj.programme.Extra` entries and written back, so a round trip loses nothing.

Loading is strict: ``"5"`` or ``5.7`` where an integer belongs is an error, never a silent
coercion, and every error in a document is reported at once with its ``$``-path
(relative to the envelope's ``data``) in a :class:`~itaproj.errors.LoadError`.
"""

from __future__ import annotations

import contextvars
import copy
import datetime as dt
import enum
import gc
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
import msgspec
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn

import itaproj
from itaproj.errors import InvalidValueError, ItaprojError, LoadError, LoadIssue
from itaproj.money import Money
from itaproj.org import Organisation
from itaproj.period import PartialDate
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Measure, to_decimal
from itaproj.text import LocalizedText

__all__ = [
    "FORMAT_VERSION",
    "converter",
    "dump",
    "dumps",
    "encode",
    "from_builtins",
    "load",
    "loads",
    "to_builtins",
]

T = TypeVar("T")

#: The version of the JSON document format this module writes and reads.
FORMAT_VERSION = 1

# Organisations of the catalogue being loaded or dumped, by key.
_ORGANISATIONS: contextvars.ContextVar[dict[str, Organisation] | None] = contextvars.ContextVar(
    "itaproj_organisations", default=None
)


class _StrictTypeError(ItaprojError, TypeError):
    """A JSON value of the wrong type for its field."""

    def __init__(self, expected: str, value: object) -> None:
        self.value = value
        super().__init__(f"expected {expected}, got {_json_type(value)} {value!r}")


class _FormatError(ItaprojError, ValueError):
    """A JSON scalar whose text does not parse as the value it stands for (a date, a text)."""

    def __init__(self, error: InvalidValueError) -> None:
        self.value = error.value
        super().__init__(str(error))


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


# --- scalar hooks: strict, no silent coercion -------------------------------------------------


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise _StrictTypeError("a string", value)
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise _StrictTypeError("an integer", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise _StrictTypeError("true or false", value)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if type(value) is not str and type(value) is not int:
        raise _StrictTypeError("a decimal string", value)
    return to_decimal(value)


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str:
        raise _StrictTypeError("a date string YYYY-MM-DD", value)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidValueError("date", value, "be a date YYYY-MM-DD") from None


def _structure_partial_date(value: object, _: type) -> PartialDate:
    if type(value) is not str:
        raise _StrictTypeError("a date string YYYY, YYYY-MM or YYYY-MM-DD", value)
    try:
        return PartialDate.parse(value)
    except InvalidValueError as exc:
        raise _FormatError(exc) from None


def _unstructure_partial_date(value: PartialDate) -> str:
    return value.isoformat()


def _structure_text(value: object, _: type) -> LocalizedText:
    if type(value) is not dict:
        raise _StrictTypeError("an object of language tag to text", value)
    original = value.get("original")
    try:
        if original is None:
            return LocalizedText(value)
        texts = {tag: text for tag, text in value.items() if tag != "original"}
        return LocalizedText(texts, original=original)
    except InvalidValueError as exc:
        raise _FormatError(exc) from None


def _unstructure_text(value: LocalizedText) -> dict[str, str]:
    return dict(value.texts)  # the original language is first; generated code inlines this


def _structure_observed_value(value: object, _: type) -> Measure | Money | None:
    if value is None:
        return None
    if type(value) is not dict:
        raise _StrictTypeError("an object", value)
    if "currency" in value:
        return converter.structure(value, Money)
    return converter.structure(value, Measure)


def _enum_structure_factory(cls: type[enum.Enum]) -> Callable[[object, type], enum.Enum]:
    table = {member.value: member for member in cls}
    allowed = ", ".join(repr(value) for value in table)

    def structure(value: object, _: type) -> enum.Enum:
        try:
            return table[value]
        except (KeyError, TypeError):
            raise InvalidValueError(cls.__name__, value, f"be one of {allowed}") from None

    return structure


def _enum_unstructure(value: enum.Enum) -> Any:
    return value.value


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_structure_factory(cls: Any) -> Callable[[object, type], tuple[Any, ...]]:
    element = get_args(cls)[0]
    resolved: list[Callable[[Any, Any], Any]] = []  # looked up on first use: the element may contain cls

    def structure(value: object, _: type) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _StrictTypeError("an array", value)
        if not resolved:
            resolved.append(converter.get_structure_hook(element))
        hook = resolved[0]
        try:
            return tuple([hook(item, element) for item in value])
        except Exception:  # any failure: structure again item by item to collect every error with its index
            pass
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                hook(item, element)
            except Exception as exc:  # collected with its index, re-raised below as a group
                note = IterableValidationNote(f"@ index {index}", index, element)
                exc.__notes__ = [*getattr(exc, "__notes__", []), note]
                errors.append(exc)
        raise IterableValidationError(f"While structuring {cls!r}", errors, cls)

    return structure


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return len(args) == 2 and type(None) in args and get_origin(cls) in (UnionType, Union)


def _optional_structure_factory(cls: Any) -> Callable[[object, type], Any]:
    args = get_args(cls)
    inner = args[0] if args[1] is type(None) else args[1]
    resolved: list[Callable[[Any, Any], Any]] = []

    def structure(value: object, _: type) -> Any:
        if value is None:
            return None
        if not resolved:
            resolved.append(converter.get_structure_hook(inner))
        return resolved[0](value, inner)

    return structure


# --- organisations by reference ------------------------------------------------------------------


def _structure_organisation(value: object, cls: type) -> Organisation:
    if type(value) is str:
        table = _ORGANISATIONS.get()
        if table is None or value not in table:
            raise InvalidValueError("organisation", value, "be a key listed in the catalogue's organisations")
        return table[value]
    if type(value) is not dict:
        raise _StrictTypeError("an organisation object or key", value)
    organisation: Organisation = _organisation_from_dict(value, cls)
    return organisation


def _unstructure_organisation(value: Organisation) -> Any:
    table = _ORGANISATIONS.get()
    if table is not None:
        known = table.get(value.key)
        if known is value or known == value:
            return value.key
    return _organisation_to_dict(value)


# --- generated unstructure functions ----------------------------------------------------------
#
# cattrs' generic omit-if-default code compares every field with ``!=``, which for attrs values
# means a Python-level ``__ne__`` call per field. The model's conventions are narrower (optional
# fields default to None, collections to (), flags to False), so each class gets a function that
# tests those cheaply and inlines the scalar cases.

_being_generated: set[type] = set()


def _value_expression(field_type: Any, var: str, namespace: dict[str, Any]) -> str:
    """A Python expression that unstructures ``var`` of ``field_type``."""
    if field_type in (str, int, bool):
        return var
    if field_type is Decimal:
        return f"str({var})"
    if field_type is dt.date:
        return f"{var}.isoformat()"
    if field_type is PartialDate:
        return f"{var}._iso"  # computed once when the date is made
    if field_type is LocalizedText:
        return f"{var}.texts.copy()"  # a MappingProxyType whose first key is the original
    if isinstance(field_type, type) and issubclass(field_type, enum.Enum):
        return f"{var}._value_"  # what .value returns, without the descriptor call
    if _is_homogeneous_tuple(field_type):
        element = get_args(field_type)[0]
        inner = _value_expression(element, "_x", namespace)
        return f"list({var})" if inner == "_x" else f"[{inner} for _x in {var}]"
    args = get_args(field_type)
    if len(args) == 2 and type(None) in args:
        inner_type = args[0] if args[1] is type(None) else args[1]
        inner = _value_expression(inner_type, var, namespace)
        return f"(None if {var} is None else {inner})"
    name = f"_h{len(namespace)}"
    if attrs.has(field_type) and field_type in _being_generated:
        namespace[name] = _LateHook(field_type, namespace, name)
    else:
        namespace[name] = converter.get_unstructure_hook(field_type)
    return f"{name}({var})"


def _unwrap_optional(expression: str, var: str) -> str:
    """Drop the ``None`` test of an optional field's expression when the caller tests it already."""
    prefix = f"(None if {var} is None else "
    if expression.startswith(prefix):
        return expression.removeprefix(prefix).removesuffix(")")
    return expression


class _LateHook:
    """An unstructure hook looked up on first call, for classes that contain themselves.

    On that call it puts the real hook in its place in the generated function's globals.
    """

    def __init__(self, cls: type, namespace: dict[str, Any], name: str) -> None:
        self.cls = cls
        self.namespace = namespace
        self.name = name

    def __call__(self, value: Any) -> Any:
        hook = converter.get_unstructure_hook(self.cls)
        self.namespace[self.name] = hook
        return hook(value)


def _field_lines(field: attrs.Attribute[Any], namespace: dict[str, Any]) -> list[str]:
    """Lines copying ``o.<field>`` into the dict ``d`` unless it holds its default."""
    value = "v"
    lines = [f"    {value} = o.{field.name}"]
    default = field.default
    if default is attrs.NOTHING:
        test = None
    elif default is None:
        test = f"{value} is not None"
    elif default == () or default is False:
        test = value
    else:
        name = f"_d{len(namespace)}"
        namespace[name] = default
        test = f"{value} is not {name}" if isinstance(default, enum.Enum) else f"{value} != {name}"
    body = "    "
    if test is not None:
        lines.append(f"    if {test}:")
        body = "        "
    expression = _value_expression(field.type, value, namespace)
    if default is None:
        expression = _unwrap_optional(expression, value)
    lines.append(f"{body}d[{field.name!r}] = {expression}")
    return lines


def _unstructure_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
    attrs.resolve_types(cls)
    namespace: dict[str, Any] = {}
    lines = [f"def unstructure_{cls.__name__}(o):", "    d = {}"]
    _being_generated.add(cls)
    try:
        for field in attrs.fields(cls):
            lines.extend(_field_lines(field, namespace))
    finally:
        _being_generated.discard(cls)
    lines.append("    return d")
    exec("\n".join(lines), namespace)  # code generated from the model's own field list
    function: Callable[[Any], dict[str, Any]] = namespace[f"unstructure_{cls.__name__}"]
    return function


# --- generated structure functions ------------------------------------------------------------
#
# The happy path: a function per class that reads each field with one dict lookup, checks
# scalars inline and calls the constructor once. Any problem at all (a wrong type, an unknown
# key, a constructor's refusal) falls back, for that object only, to cattrs' detailed
# function, which collects every error with its path. Valid documents never pay for the
# bookkeeping; invalid ones get the same errors as before.

_MISSING = object()


def _field_expression(field: attrs.Attribute[Any], namespace: dict[str, Any]) -> str:
    """An expression structuring the JSON value ``v`` of ``field`` (raising on any problem)."""
    field_type = field.type
    if field.converter is not None:
        return "v"  # the attrs converter checks and converts the raw value itself
    return _structure_expression(field_type, "v", namespace)


def _structure_expression(field_type: Any, var: str, namespace: dict[str, Any]) -> str:
    if field_type is str:
        return f"({var} if type({var}) is str else _fail())"
    if field_type is int:
        return f"({var} if type({var}) is int else _fail())"
    if field_type is bool:
        return f"({var} if type({var}) is bool else _fail())"
    if isinstance(field_type, type) and issubclass(field_type, enum.Enum):
        name = f"_t{len(namespace)}"
        namespace[name] = {member.value: member for member in field_type}
        return f"{name}[{var}]"
    args = get_args(field_type)
    if _is_optional(field_type):
        inner_type = args[0] if args[1] is type(None) else args[1]
        inner = _structure_expression(inner_type, var, namespace)
        return f"(None if {var} is None else {inner})"
    name = f"_h{len(namespace)}"
    namespace[name] = _LateStructureHook(field_type, namespace, name)
    namespace[f"{name}_type"] = field_type
    return f"{name}({var}, {name}_type)"


class _LateStructureHook:
    """A structure hook looked up on first call (the field's type may contain its class).

    On that call it puts the real hook in its place in the generated function's globals, so
    later calls go straight to it.
    """

    def __init__(self, cls: Any, namespace: dict[str, Any], name: str) -> None:
        self.cls = cls
        self.namespace = namespace
        self.name = name

    def __call__(self, value: Any, cls: Any) -> Any:
        hook = converter.get_structure_hook(self.cls)
        self.namespace[self.name] = hook
        return hook(value, cls)


def _fail() -> Any:
    raise ValueError("invalid value")  # only ever seen by the fast path, which then falls back


def _structure_factory(cls: type) -> Callable[[Any, Any], Any]:
    attrs.resolve_types(cls)
    fields = attrs.fields(cls)
    detailed: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, converter)
    if any(type(field.default) is attrs.Factory or not field.init for field in fields):
        return detailed
    namespace: dict[str, Any] = {"_cls": cls, "_detailed": detailed, "_MISSING": _MISSING, "_fail": _fail}
    lines = [f"def structure_{cls.__name__}(o, t):", "    try:", "        if type(o) is not dict: _fail()"]
    lines.append("        n = 0")
    arguments = []
    for field in fields:
        expression = _field_expression(field, namespace)
        local = f"f_{field.name}"
        lines.append(f"        v = o.get({field.name!r}, _MISSING)")
        if field.default is attrs.NOTHING:
            lines.append("        if v is _MISSING: _fail()")
            lines.append(f"        {local} = {expression}")
            lines.append("        n += 1")
        else:
            namespace[f"_d_{field.name}"] = field.default
            lines.append("        if v is _MISSING:")
            lines.append(f"            {local} = _d_{field.name}")
            lines.append("        else:")
            lines.append(f"            {local} = {expression}")
            lines.append("            n += 1")
        arguments.append(f"{field.alias}={local}" if field.kw_only else local)
    lines.append("        if n != len(o): _fail()")
    lines.append(f"        return _cls({', '.join(arguments)})")
    lines.append("    except Exception:")  # any problem: redo this object on cattrs' detailed path
    lines.append("        return _detailed(o, t)")
    exec("\n".join(lines), namespace)  # code generated from the model's own field list
    function: Callable[[Any, Any], Any] = namespace[f"structure_{cls.__name__}"]
    return function


# --- the converter ---------------------------------------------------------------------------------


def _model_classes() -> dict[str, type]:
    """Every attrs class of the public API, by name: the kinds a document may hold."""
    return {
        name: obj
        for name in itaproj.__all__
        if attrs.has(obj := getattr(itaproj, name)) and isinstance(obj, type)
    }


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(
        omit_if_default=True,
        forbid_extra_keys=True,
        prefer_attrib_converters=True,
        detailed_validation=True,
    )
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(PartialDate, _structure_partial_date)
    conv.register_unstructure_hook(PartialDate, _unstructure_partial_date)
    conv.register_structure_hook(LocalizedText, _structure_text)
    conv.register_unstructure_hook(LocalizedText, _unstructure_text)
    conv.register_structure_hook(Measure | Money | None, _structure_observed_value)
    conv.register_structure_hook_factory(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), _enum_structure_factory
    )
    conv.register_unstructure_hook_factory(
        lambda cls: isinstance(cls, type) and issubclass(cls, enum.Enum), lambda cls: _enum_unstructure
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_structure_factory)
    conv.register_structure_hook_factory(_is_optional, _optional_structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_factory)
    conv.register_structure_hook_factory(attrs.has, _structure_factory)
    conv.register_structure_hook(Organisation, _structure_organisation)
    conv.register_unstructure_hook(Organisation, _unstructure_organisation)
    conv.register_structure_hook(Catalogue, _structure_catalogue)
    conv.register_unstructure_hook(Catalogue, _unstructure_catalogue)
    return conv


def _structure_catalogue(value: object, cls: type) -> Catalogue:
    if type(value) is not dict:
        raise _StrictTypeError("an object", value)
    data = dict(value)
    raw_orgs = data.pop("organisations", [])
    organisations: tuple[Organisation, ...] = converter.structure(raw_orgs, tuple[Organisation, ...])
    table: dict[str, Organisation] = {}
    for index, organisation in enumerate(organisations):
        if organisation.key in table:
            error = InvalidValueError(
                "key", organisation.key, "be unique among the catalogue's organisations"
            )
            error.__notes__ = [IterableValidationNote(f"@ index {index}", index, Organisation)]
            raise ClassValidationError(
                "While structuring Catalogue",
                [_noted(IterableValidationError("organisations", [error], list), "organisations")],
                Catalogue,
            )
        table[organisation.key] = organisation
    token = _ORGANISATIONS.set(table)
    try:
        catalogue: Catalogue = _catalogue_from_dict(data, cls)
        return catalogue
    finally:
        _ORGANISATIONS.reset(token)


def _noted(exc: Exception, name: str) -> Exception:
    exc.__notes__ = [AttributeValidationNote(f"Structuring {name}", name, object)]
    return exc


def _unstructure_catalogue(value: Catalogue) -> dict[str, Any]:
    table: dict[str, Organisation] = {}
    for organisation in _all_organisations(value):
        table.setdefault(organisation.key, organisation)
    token = _ORGANISATIONS.set(None)
    try:
        listed = [_organisation_to_dict(organisation) for organisation in table.values()]
    finally:
        _ORGANISATIONS.reset(token)
    token = _ORGANISATIONS.set(table)
    try:
        data = _catalogue_to_dict(value)
    finally:
        _ORGANISATIONS.reset(token)
    if listed:
        data = {"organisations": listed, **data}
    return data


def _all_organisations(catalogue: Catalogue) -> Iterator[Organisation]:
    for programme in catalogue.programmes:
        for participant in programme.participants:
            yield participant.organisation
        for person in programme.people:
            if person.organisation is not None:
                yield person.organisation
        for group in programme.target_groups:
            for member in group.members:
                if member.organisation is not None:
                    yield member.organisation


converter: cattrs.Converter = _make_converter()
"""The library's one converter (JSON-ready builtins <-> model objects)."""

_organisation_from_dict = _structure_factory(Organisation)
_organisation_to_dict = _unstructure_factory(Organisation)
_catalogue_from_dict = _structure_factory(Catalogue)
_catalogue_to_dict = _unstructure_factory(Catalogue)


# --- errors to $-paths ---------------------------------------------------------------------------


def _leaves(exc: BaseException, path: str) -> Iterator[tuple[str, BaseException]]:
    """Every exception at the bottom of a cattrs error tree, with the ``$``-path it belongs to."""
    if isinstance(exc, ClassValidationError):
        noted, others = exc.group_exceptions()
        for sub, note in noted:
            yield from _leaves(sub, f"{path}.{note.name}")
        for sub in others:
            yield from _leaves(sub, path)
    elif isinstance(exc, IterableValidationError):
        inoted, iothers = exc.group_exceptions()
        for sub, inote in inoted:
            yield from _leaves(sub, f"{path}[{inote.index}]")
        for sub in iothers:
            yield from _leaves(sub, path)
    else:
        yield path, exc


def _issues(exc: BaseException, path: str) -> Iterator[LoadIssue]:
    """Every problem in an error tree except unknown keys, as ``message @ $.path``."""
    for where, leaf in _leaves(exc, path):
        if isinstance(leaf, ForbiddenExtraKeysError):
            continue
        if isinstance(leaf, InvalidValueError):
            field = leaf.field if _FIELD_PATH.fullmatch(leaf.field) else None
            suffix = f".{field}" if field and not where.endswith(f".{field}") else ""
            yield LoadIssue(where + suffix, str(leaf))
        elif isinstance(leaf, KeyError):
            yield LoadIssue(where, "required field missing")
        else:
            yield LoadIssue(where, str(leaf) or type(leaf).__name__)


def _unknown_keys(exc: BaseException, path: str) -> Iterator[tuple[str, str]]:
    """(object path, key) of every unknown key in an error tree."""
    for where, leaf in _leaves(exc, path):
        if isinstance(leaf, ForbiddenExtraKeysError):
            for key in sorted(leaf.extra_fields):
                yield where, key


_FIELD_PATH = re.compile(r"[a-z_]\w*(?:\[\d+\])*(?:\.[a-z_]\w*(?:\[\d+\])*)*")
_STEP = re.compile(r"\.(\w+)|\[(\d+)\]")


def _resolve(data: Any, path: str) -> Any:
    for name, index in _STEP.findall(path):
        data = data[name] if name else data[int(index)]
    return data


def _move_extras(data: Any, cls: type, unknown: list[tuple[str, str]]) -> None:
    """Move unknown keys out of ``data`` (in place) into the ``extras`` of their programme."""
    for path, key in unknown:
        holder_path, relative = _extras_holder(cls, path)
        if holder_path is None:
            continue
        owner = _resolve(data, path)
        value = owner.pop(key)
        holder = _resolve(data, holder_path)
        entry = {"path": f"{relative}.{key}", "value": msgspec.json.encode(value).decode()}
        holder.setdefault("extras", []).append(entry)


_PROGRAMME_IN_CATALOGUE = re.compile(r"\$\.programmes\[(\d+)\]")


def _extras_holder(cls: type, path: str) -> tuple[str | None, str]:
    """Where the extras of an unknown key at ``path`` go, and its path relative to that holder."""
    if cls is Programme:
        return "$", path
    if cls is Catalogue:
        match = _PROGRAMME_IN_CATALOGUE.match(path)
        if match:
            return match.group(0), "$" + path[match.end() :]
        return "$", path
    return None, path


def _structure_document(data: Any, cls: type[T]) -> T:
    enabled = gc.isenabled()
    gc.disable()  # a load allocates many objects that all survive: collections would be wasted work
    try:
        try:
            return converter.structure(data, cls)
        except Exception as exc:  # every failure becomes issues with $-paths, or kept extras
            unknown = list(_unknown_keys(exc, "$"))
            real = list(_issues(exc, "$"))
            keepable = [(path, key) for path, key in unknown if _extras_holder(cls, path)[0] is not None]
            if real or len(keepable) < len(unknown) or not unknown:
                issues = real + [
                    LoadIssue(f"{p}.{k}", f"unknown field {k!r}")
                    for p, k in unknown
                    if (p, k) not in keepable
                ]
                raise LoadError(sorted(issues, key=lambda issue: issue.path), source=cls.__name__) from None
            data = copy.deepcopy(data)
            _move_extras(data, cls, keepable)
            return converter.structure(data, cls)
    finally:
        if enabled:
            gc.enable()


# --- public API ------------------------------------------------------------------------------------


def to_builtins(obj: Any) -> Any:
    """The model object as JSON-ready builtins (no envelope).

    Example:
        >>> to_builtins(Money("14.5E6", "EUR"))
        {'amount': '1.45E+7', 'currency': 'EUR'}
    """
    return converter.unstructure(obj)


def from_builtins(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` from JSON-ready builtins (no envelope).

    Raises:
        LoadError: listing every problem with its ``$``-path.

    Example:
        >>> from_builtins({"amount": "1", "currency": "EUR"}, Money)
        Money('1', 'EUR')
    """
    return _structure_document(data, cls)


_ENCODER = msgspec.json.Encoder()


def encode(obj: Any, *, indent: bool = False) -> bytes:
    """The model object as a UTF-8 JSON document with the versioned envelope.

    The fastest way to write JSON: :func:`dumps` is this, decoded to ``str``.

    Args:
        obj: Any model object (a catalogue, a programme, an amount...).
        indent: Pretty-print with two-space indentation.

    Example:
        >>> encode(Money(1, "EUR"))
        b'{"itaproj":1,"kind":"Money","data":{"amount":"1","currency":"EUR"}}'
    """
    enabled = gc.isenabled()
    gc.disable()  # the builtins built here are short-lived; collecting them mid-way is wasted work
    try:
        data = converter.unstructure(obj)
    finally:
        if enabled:
            gc.enable()
    encoded = _ENCODER.encode({"itaproj": FORMAT_VERSION, "kind": type(obj).__name__, "data": data})
    if indent:
        encoded = msgspec.json.format(encoded, indent=2) + b"\n"
    return encoded


def dumps(obj: Any, *, indent: bool = False) -> str:
    """The model object as a JSON document (``str``) with the versioned envelope.

    Args:
        obj: Any model object (a catalogue, a programme, an amount...).
        indent: Pretty-print with two-space indentation.
    """
    return encode(obj, indent=indent).decode()


def loads(data: str | bytes, cls: type[T] | None = None) -> T:
    """Load a JSON document written by :func:`dumps`.

    Args:
        data: The JSON text.
        cls: The class expected; ``None`` to take the kind named in the envelope.

    Raises:
        LoadError: for malformed JSON, a wrong envelope, or invalid data; every problem in
            the document is listed with its ``$``-path.
    """
    enabled = gc.isenabled()
    gc.disable()  # decoding builds many containers that all survive; see _structure_document
    try:
        document = msgspec.json.decode(data)
    except msgspec.DecodeError as exc:
        raise LoadError([LoadIssue("$", f"not valid JSON: {exc}")], source="JSON") from None
    finally:
        if enabled:
            gc.enable()
    kind_cls = _envelope_class(document, cls)
    return _structure_document(document["data"], kind_cls)


def _envelope_class(document: Any, cls: type[T] | None) -> type[T]:
    def fail(message: str, path: str = "$") -> LoadError:
        return LoadError([LoadIssue(path, message)], source="JSON document")

    if type(document) is not dict or "itaproj" not in document:
        raise fail("not an itaproj document: expected an object with 'itaproj', 'kind' and 'data'")
    if document["itaproj"] != FORMAT_VERSION:
        raise fail(
            f"unsupported format version {document['itaproj']!r} (this library reads {FORMAT_VERSION})"
        )
    if "data" not in document:
        raise fail("required field missing", "$.data")
    unknown = sorted(set(document) - {"itaproj", "kind", "data"})
    if unknown:
        raise fail(f"unknown envelope field {unknown[0]!r}: document data belongs under 'data'")
    kinds = _kinds()
    kind = document.get("kind")
    if kind not in kinds:
        raise fail(f"unknown kind {kind!r}", "$.kind")
    if cls is not None and kinds[kind] is not cls:
        raise fail(f"expected kind {cls.__name__!r}, got {kind!r}", "$.kind")
    found: type[T] = kinds[kind]
    return found


@cache
def _kinds() -> dict[str, Any]:
    return _model_classes()


def dump(obj: Any, path: str | os.PathLike[str], *, indent: bool = True) -> None:
    """Write ``obj`` to ``path`` as a JSON document (UTF-8, indented by default)."""
    Path(path).write_bytes(encode(obj, indent=indent))


def load(path: str | os.PathLike[str], cls: type[T] | None = None) -> T:
    """Read a JSON document from ``path``; see :func:`loads`."""
    raw = Path(path).read_bytes()
    try:
        return loads(raw, cls)
    except LoadError as exc:
        raise LoadError(exc.issues, source=str(path)) from None
