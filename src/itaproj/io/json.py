"""JSON in and out: generated functions for speed, one detailed pass for errors, msgspec for bytes.

The document format:

* a versioned envelope ``{"itaproj": 1, "kind": "Catalogue", "data": {...}}``;
* objects omit fields equal to their default (``null``, ``[]``, ``false``, exact qualifiers);
* a :class:`~itaproj.text.LocalizedText` is an object of language tag to text whose first key
  is the original language; a :class:`~itaproj.period.PartialDate` is ``"2017"``,
  ``"2015-04"`` or ``"2021-03-12"``; decimals are strings; enums are their values;
* a catalogue lists its organisations once, under ``"organisations"``; participants, people
  and beneficiaries refer to them by key. Listed organisations that no programme names are
  kept in :attr:`~itaproj.programme.Catalogue.directory` and listed again on the way out;
* keys the model has no field for are kept on the enclosing programme (or catalogue) as
  :class:`~itaproj.programme.Extra` entries and written back, so a round trip loses nothing.
  Those of a listed organisation are kept on the catalogue under a path that names the
  organisation by key (``$.organisations[?@.key=='eu'].x_seat``, its place in the list may
  change) and written back into that organisation.

Loading is strict, so that what loads is what the next dump writes:

* ``"5"`` or ``5.7`` where an integer belongs is an error, never a silent coercion;
* a decimal is a string exactly as Python's ``str(Decimal)`` writes it (``"14500000"``,
  ``"1.45E+7"``, ``"0.5"``, ``"-3"``) or a JSON integer; ``" 5"``, ``"+5"``, ``"05"``,
  ``"1e6"`` (write ``"1E+6"``), ``"NaN"`` and JSON floats are refused;
* a partial date is exactly ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and a full date
  ``YYYY-MM-DD`` (ASCII digits, no spaces);
* the format version is the JSON integer ``1`` (not ``true``, not ``1.0``);
* an object that repeats a key is refused: JSON parsers disagree on which value wins;
* data nested more than :data:`MAX_DEPTH` levels, or objects nested more than
  :data:`MAX_NESTING` levels inside objects of their own class (activities within
  activities), is refused rather than exhausting the interpreter's stack.

Every error in a document is reported at once with its ``$``-path (relative to the
envelope's ``data``) in a :class:`~itaproj.errors.LoadError`.

How loading works: a function generated per class reads each field with one dict lookup,
checks scalars inline and calls the constructor once; it stops at the first problem of any
kind. Only then does one detailed pass go over the whole document, collecting every problem
with its path and keeping unknown keys as extras. A document is therefore structured at most
twice, in time linear in its size, whatever is wrong with it. Exceptions that are not data
errors (a bug, not a bad document) propagate unchanged from either pass.

Neither pass switches the garbage collector off: that is process-wide and other threads
would feel it. A program loading very large documents on one thread may pause it around the
call itself (``gc.disable()`` ... ``gc.enable()``, or ``gc.freeze()``); see
``benchmarks/README.md`` for what that saves.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import enum
import itertools
import json
import linecache
import os
import re
import reprlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from functools import cache
from types import UnionType
from typing import Any, TypeVar, Union, get_args, get_origin, overload

import attrs
import cattrs
import msgspec

import itaproj
from itaproj.errors import InvalidValueError, ItaprojError, LoadError, LoadIssue
from itaproj.extras import Extra
from itaproj.io._atomic import atomic_output
from itaproj.money import Money
from itaproj.org import Organisation
from itaproj.period import PartialDate
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Measure
from itaproj.text import LocalizedText

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_NESTING",
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

# attrs types Factory as a function for the checker; at run time it is the class of defaults.
_FACTORY: Any = attrs.Factory

#: The version of the JSON document format this module writes and reads.
FORMAT_VERSION = 1

#: How many levels of JSON objects and arrays a document's ``data`` may nest.
MAX_DEPTH = 256

#: How many levels an object may nest inside objects of its own class (activities in activities).
MAX_NESTING = 100

# Organisations of the catalogue being loaded or dumped, by key.
_ORGANISATIONS: contextvars.ContextVar[dict[str, Organisation] | None] = contextvars.ContextVar(
    "itaproj_organisations", default=None
)

# --- errors ------------------------------------------------------------------------------------------
#
# The fast pass raises these (or the model's own ItaprojError) for bad data and nothing else; the
# detailed pass turns them into issues. Each keeps the bad value and pickles with it.


class _Invalid(ItaprojError, ValueError):
    """The fast pass's signal that something is wrong; the detailed pass finds out what and where."""

    def __init__(self, message: str = "invalid value") -> None:
        super().__init__(message)


class _StrictTypeError(ItaprojError, TypeError):
    """A JSON value of the wrong type for its field.

    Example:
        >>> str(_StrictTypeError("an integer", "5"))
        "expected an integer, got string '5'"
    """

    def __init__(self, expected: str, value: object) -> None:
        self.expected = expected
        self.value = value
        super().__init__(f"expected {expected}, got {_json_type(value)} {_show(value)}")

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.expected, self.value), self.__dict__


class _FormatError(ItaprojError, ValueError):
    """A JSON scalar of the right type whose text is not the value it must stand for.

    ``reason`` follows "must", as in :class:`~itaproj.errors.InvalidValueError`; the detailed
    pass puts the field's name in front.

    Example:
        >>> str(_FormatError("be written '5'", " 5"))
        "must be written '5' (got ' 5')"
    """

    def __init__(self, reason: str, value: object) -> None:
        self.reason = reason
        self.value = value
        super().__init__(f"must {reason} (got {_show(value)})")

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.reason, self.value), self.__dict__


def _fail() -> Any:
    raise _Invalid()


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 80
_REPR.maxother = 80
_REPR.maxlist = _REPR.maxdict = 5


def _show(value: object) -> str:
    """``repr`` of a JSON value, shortened: the value may be megabytes long or nested 1,000 deep."""
    return _REPR.repr(value)


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


# --- scalar hooks -------------------------------------------------------------------------------------
#
# Every structure hook takes ``(value, state)``: ``state[0]`` counts the object keys read (for the
# duplicate-key check of `loads`), ``state[1]`` how deep objects are nested in their own class.
# The fast pass inlines str, int, bool and enums; the detailed pass calls these for messages.


def _structure_str(value: object, state: list[int]) -> str:
    if type(value) is not str:
        raise _StrictTypeError("a string", value)
    return value


def _structure_int(value: object, state: list[int]) -> int:
    if type(value) is not int:
        raise _StrictTypeError("an integer", value)
    return value


def _structure_bool(value: object, state: list[int]) -> bool:
    if type(value) is not bool:
        raise _StrictTypeError("true or false", value)
    return value


def _structure_decimal(value: object, state: list[int]) -> Decimal:
    if type(value) is str:
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise _FormatError("be a decimal number such as '14500000', '1.45E+7' or '0.5'", value) from None
        if str(number) == value and number.is_finite():
            return number
        if number.is_finite():
            raise _FormatError(f"be written {str(number)!r}, as Python's Decimal writes it", value)
        raise _FormatError("be a finite number", value)
    if type(value) is int:
        return Decimal(value)
    if type(value) is float:
        raise _FormatError("be a Decimal, an int or a decimal string, not a float", value)
    raise _StrictTypeError("a decimal string", value)


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTIAL_DATE_TEXT = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?")


def _structure_date(value: object, state: list[int]) -> dt.date:
    if type(value) is not str:
        raise _StrictTypeError("a date string YYYY-MM-DD", value)
    if _DATE_TEXT.fullmatch(value) is not None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise _FormatError("be a date of the calendar, YYYY-MM-DD", value) from None
    raise _FormatError("be a date YYYY-MM-DD", value)


def _structure_datetime(value: object, state: list[int]) -> dt.datetime:
    if type(value) is not str:
        raise _StrictTypeError("a date-time string", value)
    try:
        parsed = dt.datetime.fromisoformat(value) if len(value) <= 64 else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.isoformat() != value:
        raise _FormatError(
            "be a date and time as Python's isoformat() writes it (2021-03-05T10:00:00+00:00)", value
        )
    return parsed


# Partial dates parsed so far, by text: a catalogue repeats a few hundred of them many times.
_PARTIAL_DATES: dict[str, PartialDate] = {}


def _structure_partial_date(value: object, state: list[int]) -> PartialDate:
    if type(value) is not str:
        raise _StrictTypeError("a date string YYYY, YYYY-MM or YYYY-MM-DD", value)
    date = _PARTIAL_DATES.get(value)
    if date is None:
        if _PARTIAL_DATE_TEXT.fullmatch(value) is None:
            raise _FormatError("be YYYY, YYYY-MM or YYYY-MM-DD", value)
        date = PartialDate.parse(value)  # InvalidValueError for a 13th month, a 30th of February...
        if len(_PARTIAL_DATES) >= 100_000:
            _PARTIAL_DATES.clear()
        _PARTIAL_DATES[value] = date
    return date


def _structure_text(value: object, state: list[int]) -> LocalizedText:
    if type(value) is not dict:
        raise _StrictTypeError("an object of language tag to text", value)
    state[0] += len(value)
    if "original" not in value:
        return LocalizedText(value)
    original = value["original"]
    if type(original) is not str:
        raise _StrictTypeError("a language tag for 'original'", original)
    texts = {tag: text for tag, text in value.items() if tag != "original"}
    return LocalizedText(texts, original=original)


def _enum_hook(cls: type[enum.Enum]) -> Callable[[object, list[int]], enum.Enum]:
    table = {member.value: member for member in cls}
    allowed = ", ".join(repr(value) for value in table)

    def structure(value: object, state: list[int]) -> enum.Enum:
        if type(value) in (str, int, float, bool) or value is None:
            member = table.get(value)
            if member is not None and type(member.value) is type(value):  # True is not 1
                return member
            raise InvalidValueError(cls.__name__, value, f"be one of {allowed}")
        raise _StrictTypeError(f"one of {allowed}", value)

    return structure


def _structure_organisation(value: object, state: list[int]) -> Organisation:
    if type(value) is str:
        table = _ORGANISATIONS.get()
        if table is not None:
            found = table.get(value)
            if found is not None:
                return found
        raise InvalidValueError("organisation", value, "be a key listed in the catalogue's organisations")
    if type(value) is not dict:
        raise _StrictTypeError("an organisation object or key", value)
    organisation: Organisation = _object_hook(Organisation)(value, state)
    return organisation


def _structure_observed_value(value: object, state: list[int]) -> Measure | Money | None:
    if value is None:
        return None
    if type(value) is not dict:
        raise _StrictTypeError("an object", value)
    result: Measure | Money = _object_hook(Money if "currency" in value else Measure)(value, state)
    return result


def _structure_catalogue(value: object, state: list[int]) -> Catalogue:
    if type(value) is not dict:
        raise _StrictTypeError("an object", value)
    table: dict[str, Organisation] = {}
    data = value
    if "organisations" in value:
        listed = value["organisations"]
        if type(listed) is not list:
            _fail()
        state[0] += 1
        data = {key: item for key, item in value.items() if key != "organisations"}
        structure_organisation = _object_hook(Organisation)
        for item in listed:
            organisation = structure_organisation(item, state)
            if organisation.key in table:
                _fail()
            table[organisation.key] = organisation
    token = _ORGANISATIONS.set(table)
    try:
        catalogue: Catalogue = _object_hook(Catalogue)(data, state)
    finally:
        _ORGANISATIONS.reset(token)
    return _with_directory(catalogue, table)


def _with_directory(catalogue: Catalogue, table: dict[str, Organisation]) -> Catalogue:
    """The catalogue with the listed organisations that nothing in it names added to its directory."""
    if not table:
        return catalogue
    named = {id(organisation) for organisation in _named_organisations(catalogue)}
    named.update(id(organisation) for organisation in catalogue.directory)
    unnamed = tuple(organisation for organisation in table.values() if id(organisation) not in named)
    if not unnamed:
        return catalogue
    return attrs.evolve(catalogue, directory=catalogue.directory + unnamed)


def _named_organisations(catalogue: Catalogue) -> Iterator[Organisation]:
    """The organisations the programmes name, in the order the format lists them."""
    for programme in catalogue.programmes:
        publication = programme.publication
        if publication is not None and publication.reporting_org is not None:
            yield publication.reporting_org
        for participant in programme.participants:
            yield participant.organisation
        for person in programme.people:
            if person.organisation is not None:
                yield person.organisation
        for group in programme.target_groups:
            for member in group.members:
                if member.organisation is not None:
                    yield member.organisation


def _is_homogeneous_tuple(cls: Any) -> bool:
    args = get_args(cls)
    return get_origin(cls) is tuple and len(args) == 2 and args[1] is Ellipsis


def _is_optional(cls: Any) -> bool:
    args = get_args(cls)
    return len(args) == 2 and type(None) in args and get_origin(cls) in (UnionType, Union)


def _optional_inner(cls: Any) -> Any:
    args = get_args(cls)
    return args[0] if args[1] is type(None) else args[1]


def _is_mapping(cls: Any) -> bool:
    return get_origin(cls) in (dict, Mapping) and get_args(cls)[:1] == (str,)


def _is_enum(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, enum.Enum)


_SCALAR_HOOKS: dict[Any, Callable[[Any, list[int]], Any]] = {
    str: _structure_str,
    int: _structure_int,
    bool: _structure_bool,
    Decimal: _structure_decimal,
    dt.date: _structure_date,
    dt.datetime: _structure_datetime,
    PartialDate: _structure_partial_date,
    LocalizedText: _structure_text,
}

_SPECIAL_HOOKS: dict[Any, Callable[[Any, list[int]], Any]] = {
    **_SCALAR_HOOKS,
    Organisation: _structure_organisation,
    Catalogue: _structure_catalogue,
    Measure | Money | None: _structure_observed_value,
}


# --- the fast pass: a generated function per class ---------------------------------------------------

_FAST_HOOKS: dict[Any, Callable[[Any, list[int]], Any]] = {}
_OBJECT_HOOKS: dict[type, Callable[[Any, list[int]], Any]] = {}


def _fast_hook(cls: Any) -> Callable[[Any, list[int]], Any]:
    """The fast structure hook for any type the format holds."""
    hook = _FAST_HOOKS.get(cls)
    if hook is None:
        hook = _FAST_HOOKS[cls] = _make_fast_hook(cls)
    return hook


def _object_hook(cls: type) -> Callable[[Any, list[int]], Any]:
    """The generated fast function of an attrs class, bypassing any special hook (Organisation)."""
    hook = _OBJECT_HOOKS.get(cls)
    if hook is None:
        hook = _OBJECT_HOOKS[cls] = _generate_structure(cls)
    return hook


def _make_fast_hook(cls: Any) -> Callable[[Any, list[int]], Any]:
    special = _SPECIAL_HOOKS.get(cls)
    if special is not None:
        return special
    if _is_enum(cls):
        return _enum_hook(cls)
    if _is_optional(cls):
        inner = _fast_hook(_optional_inner(cls))
        return lambda value, state: None if value is None else inner(value, state)
    if _is_homogeneous_tuple(cls):
        element = _fast_hook(get_args(cls)[0])

        def structure_tuple(value: object, state: list[int]) -> tuple[Any, ...]:
            if type(value) is not list:
                raise _StrictTypeError("an array", value)
            return tuple([element(item, state) for item in value])

        return structure_tuple
    if _is_mapping(cls):
        item_hook = _fast_hook(get_args(cls)[1])

        def structure_mapping(value: object, state: list[int]) -> dict[str, Any]:
            if type(value) is not dict:
                raise _StrictTypeError("an object", value)
            state[0] += len(value)
            return {(key if type(key) is str else _fail()): item_hook(v, state) for key, v in value.items()}

        return structure_mapping
    if attrs.has(cls):
        return _object_hook(cls)
    raise TypeError(f"itaproj.io.json cannot structure {cls!r}")


class _LateHook:
    """A hook looked up on its first call (the class may contain itself), then put in its place."""

    def __init__(self, cls: Any, namespace: dict[str, Any], name: str) -> None:
        self.cls = cls
        self.namespace = namespace
        self.name = name

    def __call__(self, value: Any, state: list[int]) -> Any:
        hook = _fast_hook(self.cls)
        self.namespace[self.name] = hook
        return hook(value, state)


def _reaches(field_type: Any, target: type, seen: set[Any] | None = None) -> bool:
    """Whether a value of ``field_type`` may contain an object of class ``target``."""
    seen = set() if seen is None else seen
    if field_type in seen:
        return False
    seen.add(field_type)
    if field_type is target:
        return True
    if attrs.has(field_type) and field_type not in _SCALAR_HOOKS:
        attrs.resolve_types(field_type)
        return any(_reaches(field.type, target, seen) for field in attrs.fields(field_type))
    return any(_reaches(arg, target, seen) for arg in get_args(field_type) if arg is not Ellipsis)


def _structure_expression(field_type: Any, var: str, namespace: dict[str, Any]) -> str:
    """A Python expression structuring ``var`` as ``field_type``, calling ``_fail()`` on any problem."""
    for scalar in (str, int, bool):
        if field_type is scalar:
            return f"({var} if type({var}) is {scalar.__name__} else _fail())"
    if _is_enum(field_type):
        members = list(field_type)
        if all(type(member.value) is str and member for member in members):
            name = f"_t{len(namespace)}"
            namespace[name] = {member.value: member for member in members}
            return f"(({name}.get({var}) if type({var}) is str else None) or _fail())"
    if field_type is PartialDate:
        namespace["_pd_get"] = _PARTIAL_DATES.get
        namespace["_pd"] = _structure_partial_date
        return f"((_pd_get({var}) if type({var}) is str else None) or _pd({var}, s))"
    if _is_optional(field_type):
        inner = _structure_expression(_optional_inner(field_type), var, namespace)
        return f"(None if {var} is None else {inner})"
    if _is_homogeneous_tuple(field_type):
        item = f"_x{len(namespace)}"
        namespace[item] = None  # reserves the name
        inner = _structure_expression(get_args(field_type)[0], item, namespace)
        return f"(tuple([{inner} for {item} in {var}]) if type({var}) is list else _fail())"
    name = f"_h{len(namespace)}"
    if attrs.has(field_type) and field_type not in _SPECIAL_HOOKS:
        namespace[name] = _LateHook(field_type, namespace, name)
    else:
        namespace[name] = _fast_hook(field_type)
    return f"{name}({var}, s)"


def _generate_structure(cls: type) -> Callable[[Any, list[int]], Any]:
    """The fast structure function of an attrs class.

    It refuses unknown keys with one set comparison, reads each field with one dict lookup,
    checks scalars inline and calls the constructor once. It catches nothing: any problem
    ends the fast pass.
    """
    attrs.resolve_types(cls)
    fields = [field for field in attrs.fields(cls) if field.init]
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_MISSING": _MISSING,
        "_fail": _fail,
        "_names": frozenset(field.name for field in fields),
        "_Raw": msgspec.Raw,
        "_decode": _decode_piece,
    }
    lines = [
        f"def structure_{cls.__name__}(o, s):",
        "    if type(o) is not dict:",
        "        o = _decode(o) if type(o) is _Raw else _fail()",  # see _decode_lazily
        "        if type(o) is not dict: _fail()",
        "    if not o.keys() <= _names: _fail()",
        "    s[0] += len(o)",
    ]
    arguments = []
    for field in fields:
        local = f"f_{field.name}"
        expression = _structure_expression(field.type, "v", namespace)
        if field.default is attrs.NOTHING:  # a missing value fails every expression
            lines.append(f"    v = o.get({field.name!r}, _MISSING)")
            assignment = f"{local} = {expression}"
        elif field.default is None and _is_optional(field.type):  # null and missing alike
            lines.append(f"    v = o.get({field.name!r})")
            assignment = f"{local} = {expression}"
        else:
            lines.append(f"    v = o.get({field.name!r}, _MISSING)")
            assignment = (
                f"{local} = {_default_expression(field, namespace)} if v is _MISSING else {expression}"
            )
        if _reaches(field.type, cls):  # objects of this class in each other: count how deep
            lines.append(f"    if v is not _MISSING and v is not None and s[1] >= {MAX_NESTING}: _fail()")
            lines.extend(["    s[1] += 1", f"    {assignment}", "    s[1] -= 1"])
        else:
            lines.append(f"    {assignment}")
        arguments.append(f"{field.alias}={local}" if field.kw_only else local)
    lines.append(f"    return _cls({', '.join(arguments)})")
    function: Callable[[Any, list[int]], Any] = _compile("structure", cls, lines, namespace)
    return function


def _default_expression(field: attrs.Attribute[Any], namespace: dict[str, Any]) -> str:
    default = field.default
    if default is None or default == () or default is False or default is True:
        return repr(default)
    name = f"_d_{field.name}"
    if isinstance(default, _FACTORY):
        if default.takes_self:
            raise TypeError(f"itaproj.io.json cannot structure {field.name}: its default takes self")
        namespace[name] = default.factory
        return f"{name}()"
    namespace[name] = default
    return name


_MISSING: Any = object()
_FILENAMES = itertools.count(1)


def _compile(purpose: str, cls: type, lines: list[str], namespace: dict[str, Any]) -> Any:
    """Compile generated code under a file name of its own, registered with ``linecache``.

    Tracebacks through the generated function then show its source lines, as cattrs does.
    """
    source = "\n".join(lines) + "\n"
    filename = f"<itaproj generated {purpose} {cls.__module__}.{cls.__qualname__}>"
    if filename in linecache.cache:
        filename = f"{filename[:-1]} #{next(_FILENAMES)}>"
    exec(compile(source, filename, "exec"), namespace)  # code generated from the model's own field list
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    return namespace[lines[0].split()[1].split("(")[0]]


# --- the detailed pass ------------------------------------------------------------------------------
#
# Runs only when the fast pass failed: one walk over the whole document that records every
# problem with its $-path, keeps unknown keys as extras of their programme or catalogue, and
# builds the objects when nothing but unknown keys was wrong.

_BAD: Any = object()  # what a detailed handler returns for a value it reported

_DetailedHandler = Callable[["_Detailed", Any, str, str], Any]


class _Detailed:
    """The state of one detailed pass."""

    def __init__(self) -> None:
        self.issues: list[LoadIssue] = []
        self.state = [0, 0]  # as for the fast hooks: keys read, nesting in the own class
        # Where unknown keys go: (path of the holder, what its extras' paths start with, extras).
        self.holders: list[tuple[str, str, list[Extra]]] = []
        self.broken: set[str] = set()  # keys of listed organisations that were reported

    def run(self, data: Any, cls: Any) -> Any:
        """Structure ``data`` as ``cls``; ``_BAD`` when anything was reported in :attr:`issues`."""
        result = _detailed_handler(cls)(self, data, "$", getattr(cls, "__name__", "value"))
        if result is _BAD and not self.issues:  # pragma: no cover - every _BAD comes with an issue
            self.issue("$", "invalid value")
        return _BAD if self.issues else result

    def issue(self, path: str, message: str) -> None:
        self.issues.append(LoadIssue(path, message))

    def leaf_error(self, path: str, field: str, error: ItaprojError) -> None:
        if isinstance(error, _FormatError):
            self.issue(path, f"{field!r} {error}")
        else:
            self.issue(path, str(error) or type(error).__name__)

    def model_error(self, path: str, error: ItaprojError) -> None:
        """A constructor's refusal: at the field it names, when it names one."""
        if isinstance(error, InvalidValueError) and _FIELD_PATH.fullmatch(error.field):
            path = f"{path}.{error.field}"
        self.issue(path, str(error) or type(error).__name__)

    def unknown(self, path: str, key: object, value: Any) -> None:
        """A key the model has no field for: an extra of the enclosing holder, or an issue."""
        where = f"{path}{_step(key)}"
        if not self.holders or type(key) is not str:
            self.issue(where, f"unknown field {_show(key)}")
            return
        holder_path, prefix, extras = self.holders[-1]
        deep, keys = _too_deep(value, MAX_DEPTH - len(_STEPS.findall(where)))
        self.state[0] += keys
        if deep is not None:
            self.issue(where + deep, f"nested more than {MAX_DEPTH} levels deep")
            return
        try:
            text = msgspec.json.encode(value).decode()
        except (msgspec.EncodeError, TypeError, ValueError, OverflowError) as error:  # from_builtins input
            self.issue(where, f"not a JSON value: {error}")
            return
        extras.append(Extra(prefix + where[len(holder_path) :], text))

    def structure_object(self, cls: type, value: Any, path: str, holder: bool) -> Any:
        if type(value) is not dict:
            self.issue(path, f"expected an object, got {_json_type(value)} {_show(value)}")
            return _BAD
        self.state[0] += len(value)
        plan = _plan(cls)
        if holder:
            self.holders.append((path, "$", []))
        positional: list[Any] = []
        named: dict[str, Any] = {}
        good = True
        for field in plan.fields:
            raw = value.get(field.name, _MISSING)
            where = f"{path}.{field.name}"
            if raw is _MISSING:
                if field.required:
                    self.issue(where, "required field missing")
                    good = False
                    continue
                result = field.default()
            elif field.recursive:
                if self.state[1] >= MAX_NESTING:
                    self.issue(
                        where, f"nested more than {MAX_NESTING} levels of {cls.__name__} in each other"
                    )
                    good = False
                    continue
                self.state[1] += 1
                result = field.handler(self, raw, where, field.name)
                self.state[1] -= 1
            else:
                result = field.handler(self, raw, where, field.name)
            if result is _BAD:
                good = False
            elif field.kw_only:
                named[field.alias] = result
            else:
                positional.append(result)
        for key, raw in value.items():
            if key not in plan.names:
                self.unknown(path, key, raw)
        extras = self.holders.pop()[2] if holder else []
        if not good:
            return _BAD
        if extras:
            positional, named = plan.with_extras(positional, named, extras)
        try:
            return cls(*positional, **named)
        except ItaprojError as error:
            self.model_error(path, error)
            return _BAD


@attrs.frozen
class _FieldPlan:
    name: str
    alias: str
    handler: _DetailedHandler
    required: bool
    default: Callable[[], Any]
    kw_only: bool
    recursive: bool


class _Plan:
    """How the detailed pass reads one attrs class."""

    def __init__(self, cls: type) -> None:
        attrs.resolve_types(cls)
        self.fields: list[_FieldPlan] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            self.fields.append(
                _FieldPlan(
                    field.name,
                    field.alias or field.name,
                    _detailed_handler(field.type),
                    field.default is attrs.NOTHING,
                    _default_factory(field.default),
                    field.kw_only,
                    _reaches(field.type, cls),
                )
            )
        self.names = frozenset(field.name for field in self.fields)

    def with_extras(
        self, positional: list[Any], named: dict[str, Any], extras: list[Extra]
    ) -> tuple[list[Any], dict[str, Any]]:
        """The arguments with ``extras`` appended to the class's own ``extras`` field."""
        index = 0
        for field in self.fields:
            if field.name == "extras":
                if field.kw_only:
                    named = {**named, field.alias: (*named[field.alias], *extras)}
                else:
                    positional = [*positional]
                    positional[index] = (*positional[index], *extras)
                return positional, named
            if not field.kw_only:
                index += 1
        raise TypeError("a holder of extras needs an 'extras' field")  # pragma: no cover


def _default_factory(default: Any) -> Callable[[], Any]:
    if default is attrs.NOTHING:
        return lambda: attrs.NOTHING
    if isinstance(default, _FACTORY):
        factory: Callable[[], Any] = default.factory
        return factory
    return lambda: default


@cache
def _plan(cls: type) -> _Plan:
    return _Plan(cls)


_DETAILED_HANDLERS: dict[Any, _DetailedHandler] = {}


def _detailed_handler(cls: Any) -> _DetailedHandler:
    handler = _DETAILED_HANDLERS.get(cls)
    if handler is None:
        handler = _DETAILED_HANDLERS[cls] = _make_detailed_handler(cls)
    return handler


def _leaf(hook: Callable[[Any, list[int]], Any]) -> _DetailedHandler:
    """A detailed handler for a scalar: the fast hook, its error recorded at the value's path."""

    def handle(walker: _Detailed, value: Any, path: str, field: str) -> Any:
        try:
            return hook(value, walker.state)
        except ItaprojError as error:
            walker.leaf_error(path, field, error)
            return _BAD

    return handle


def _make_detailed_handler(cls: Any) -> _DetailedHandler:
    if cls is Catalogue:
        return _detailed_catalogue
    if cls is Organisation:
        return _detailed_organisation
    if cls == Measure | Money | None:
        return _detailed_observed_value
    if cls in _SCALAR_HOOKS or _is_enum(cls):
        return _leaf(_fast_hook(cls))
    if _is_optional(cls):
        inner = _detailed_handler(_optional_inner(cls))
        return lambda walker, value, path, field: None if value is None else inner(walker, value, path, field)
    if _is_homogeneous_tuple(cls):
        return _detailed_tuple(_detailed_handler(get_args(cls)[0]))
    if _is_mapping(cls):
        return _detailed_mapping(_detailed_handler(get_args(cls)[1]))
    if attrs.has(cls):
        holder = cls is Programme
        return lambda walker, value, path, field: walker.structure_object(cls, value, path, holder)
    raise TypeError(f"itaproj.io.json cannot structure {cls!r}")


def _detailed_tuple(element: _DetailedHandler) -> _DetailedHandler:
    def handle(walker: _Detailed, value: Any, path: str, field: str) -> Any:
        if type(value) is not list:
            walker.issue(path, str(_StrictTypeError("an array", value)))
            return _BAD
        items = [element(walker, item, f"{path}[{index}]", field) for index, item in enumerate(value)]
        return _BAD if any(item is _BAD for item in items) else tuple(items)

    return handle


def _detailed_mapping(element: _DetailedHandler) -> _DetailedHandler:
    def handle(walker: _Detailed, value: Any, path: str, field: str) -> Any:
        if type(value) is not dict:
            walker.issue(path, str(_StrictTypeError("an object", value)))
            return _BAD
        walker.state[0] += len(value)
        result = {}
        for key, item in value.items():
            if type(key) is not str:
                walker.issue(path, f"keys must be strings, got {_show(key)}")
                result[key] = _BAD
            else:
                result[key] = element(walker, item, f"{path}{_step(key)}", field)
        return _BAD if any(item is _BAD for item in result.values()) else result

    return handle


def _detailed_organisation(walker: _Detailed, value: Any, path: str, field: str) -> Any:
    if type(value) is dict:
        return walker.structure_object(Organisation, value, path, holder=False)
    if type(value) is str and value in walker.broken:
        return _BAD  # its entry in the table was reported already
    return _leaf(_structure_organisation)(walker, value, path, field)


def _detailed_observed_value(walker: _Detailed, value: Any, path: str, field: str) -> Any:
    if value is None:
        return None
    if type(value) is not dict:
        walker.issue(path, str(_StrictTypeError("an object", value)))
        return _BAD
    return walker.structure_object(Money if "currency" in value else Measure, value, path, holder=False)


def _detailed_catalogue(walker: _Detailed, value: Any, path: str, field: str) -> Any:
    if type(value) is not dict:
        walker.issue(path, str(_StrictTypeError("an object", value)))
        return _BAD
    extras: list[Extra] = []  # unknown keys of the catalogue's own object
    listed_extras: list[tuple[str, list[Extra]]] = []  # of each listed organisation, by its key
    walker.holders.append((path, "$", extras))
    table: dict[str, Organisation] = {}
    good = True
    data = value
    if "organisations" in value:
        walker.state[0] += 1
        data = {key: item for key, item in value.items() if key != "organisations"}
        listed = value["organisations"]
        if type(listed) is not list:
            walker.issue(f"{path}.organisations", str(_StrictTypeError("an array", listed)))
            listed, good = [], False
        for index, item in enumerate(listed):
            where = f"{path}.organisations[{index}]"
            # unknown keys of a listed organisation are kept by its key: the order may change
            key = item.get("key") if type(item) is dict else None
            prefix = _listed(key) if type(key) is str else "$" + where[len(path) :]
            walker.holders.append((where, prefix, []))
            organisation = walker.structure_object(Organisation, item, where, holder=False)
            listed_extras.append((str(key), walker.holders.pop()[2]))
            if organisation is _BAD:
                good = False
                if type(item) is dict and type(item.get("key")) is str:
                    walker.broken.add(item["key"])
            elif organisation.key in table:
                error = InvalidValueError(
                    "key", organisation.key, "be unique among the catalogue's organisations"
                )
                walker.issue(f"{where}.key", str(error))
                good = False
            else:
                table[organisation.key] = organisation
    token = _ORGANISATIONS.set(table)
    try:
        catalogue = walker.structure_object(Catalogue, data, path, holder=False)
    finally:
        _ORGANISATIONS.reset(token)
    walker.holders.pop()
    if catalogue is _BAD or not good:
        return _BAD
    catalogue = _with_directory(catalogue, table)
    if extras or any(found for _, found in listed_extras):
        # the extras of listed organisations go last, in the order the organisations will be
        # listed when the catalogue is written: there they are written back into them
        order = {key: index for index, key in enumerate(_listing(catalogue)[0])}
        listed_extras.sort(key=lambda item: order.get(item[0], len(order)))
        added = [extra for _, found in listed_extras for extra in found]
        try:
            catalogue = attrs.evolve(catalogue, extras=(*catalogue.extras, *extras, *added))
        except ItaprojError as error:  # pragma: no cover - the catalogue was valid without them
            walker.model_error(path, error)
            return _BAD
    return catalogue


_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIELD_PATH = re.compile(r"[a-z_]\w*(?:\[\d+\])*(?:\.[a-z_]\w*(?:\[\d+\])*)*")
_STEPS = re.compile(r"\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\[\"(?:[^\"\\]|\\.)*\"\]")


def _step(key: object) -> str:
    """The ``$``-path step to ``key``: ``.name``, or ``["other text"]`` for any other key."""
    if type(key) is str and _IDENTIFIER.fullmatch(key):
        return f".{key}"
    return f"[{json.dumps(key if type(key) is str else str(key), ensure_ascii=False)}]"


def _listed(key: str) -> str:
    """The path of the listed organisation ``key`` (an RFC 9535 filter: its index may change)."""
    quoted = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"$.organisations[?@.key=='{quoted}']"


_LISTED_EXTRA = re.compile(
    r"\$\.organisations\[\?@\.key=='((?:[^'\\]|\\.)*)'\]"
    r"(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[(\"(?:[^\"\\]|\\.)*\")\])"
)


def _write_back_listed(extras: tuple[Extra, ...], table: dict[str, Organisation], listed: list[Any]) -> int:
    """Put extras that came from keys of listed organisations back into them; how many, from the end.

    Only a run at the end of ``extras``, in the order loading will find them again, and only
    values whose JSON text is as msgspec writes it: loading the result gives the same extras.
    """
    positions = {key: index for index, key in enumerate(table)}
    known = _plan(Organisation).names
    found: list[tuple[int, str, Any]] = []
    taken: set[tuple[int, str]] = set()
    last = len(listed)
    for extra in reversed(extras):
        match = _LISTED_EXTRA.fullmatch(extra.path)
        if match is None or extra.format != "json":
            break
        position = positions.get(re.sub(r"\\(.)", r"\1", match.group(1)))
        name = match.group(2) or json.loads(match.group(3))
        if position is None or position > last or name in known or name in listed[position]:
            break
        if (position, name) in taken:
            break
        try:
            value = msgspec.json.decode(extra.value)
        except msgspec.DecodeError:
            break
        if msgspec.json.encode(value).decode() != extra.value:
            break
        found.append((position, name, value))
        taken.add((position, name))
        last = position
    for position, name, value in reversed(found):
        listed[position][name] = value
    return len(found)


def _too_deep(value: Any, budget: int) -> tuple[str | None, int]:
    """The path (from ``value``) of the first array or object deeper than ``budget``, and the keys seen.

    Iterative: ``value`` may be nested far deeper than the interpreter's stack allows.
    """
    keys = 0
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        item, depth, path = stack.pop()
        if type(item) is dict:
            children: Iterable[tuple[object, Any]] = item.items()
            keys += len(item)
        elif type(item) is list:
            children = enumerate(item)
        else:
            continue
        if depth > budget:
            return path, keys
        nested = [
            (child, depth + 1, path + (f"[{key}]" if type(item) is list else _step(key)))
            for key, child in children
            if type(child) in (dict, list)
        ]
        stack.extend(reversed(nested))
    return None, keys


# --- whole documents ---------------------------------------------------------------------------------

_RAW_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_RAW_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])


def _decode_lazily(raw: msgspec.Raw, cls: Any) -> Any:
    """A document's ``data``, decoded, except that a catalogue's programmes stay JSON text.

    Each programme is decoded when the fast pass reaches it, and its decoded form is garbage
    as soon as the programme is built: the collector then never has to walk the whole
    decoded document, which it otherwise does several times over while the objects are built.
    """
    if cls is not Catalogue:
        return msgspec.json.decode(raw)
    try:
        members = _RAW_OBJECT.decode(raw)
    except msgspec.ValidationError:  # not an object: the fast pass fails on it as it is
        return msgspec.json.decode(raw)
    data: dict[str, Any] = {}
    for key, value in members.items():
        if key == "programmes":
            try:
                data[key] = _RAW_ARRAY.decode(value)
                continue
            except msgspec.ValidationError:
                pass
        data[key] = msgspec.json.decode(value)
    return data


def _decode_piece(raw: msgspec.Raw) -> Any:
    try:
        return msgspec.json.decode(raw)
    except (RecursionError, msgspec.DecodeError, UnicodeError):  # decoding all data again says where
        raise _Invalid("not decodable") from None


_FAILED: Any = object()


def _structure_fast(data: Any, cls: Any, state: list[int]) -> Any:
    """The fast pass alone; ``_FAILED`` when it met a data error (the detailed pass says which)."""
    try:
        return _fast_hook(cls)(data, state)
    except ItaprojError:  # only data errors: anything else is a bug and propagates
        return _FAILED


def _structure_detailed(data: Any, cls: Any) -> tuple[Any, list[LoadIssue], int]:
    """The detailed pass alone: the object (or ``_BAD``), every issue, and the keys read."""
    walker = _Detailed()
    result = walker.run(data, cls)
    return result, walker.issues, walker.state[0]


def _load_error(issues: list[LoadIssue], cls: Any) -> LoadError:
    return LoadError(sorted(issues, key=lambda issue: issue.path), source=getattr(cls, "__name__", str(cls)))


def _structure_document(data: Any, cls: type[T]) -> T:
    result = _structure_fast(data, cls, [0, 0])
    if result is not _FAILED:
        found: T = result
        return found
    result, issues, _ = _structure_detailed(data, cls)
    if issues:
        raise _load_error(issues, cls)
    found = result
    return found


def _structure_hook(value: Any, cls: Any) -> Any:
    return _structure_document(value, cls)


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
    if field_type is dt.date or field_type is dt.datetime:
        return f"{var}.isoformat()"
    if field_type is PartialDate:
        return f"{var}._iso"  # computed once when the date is made
    if field_type is LocalizedText:
        return f"{var}.texts.copy()"  # a MappingProxyType whose first key is the original
    if _is_enum(field_type):
        return f"{var}._value_"  # what .value returns, without the descriptor call
    if _is_homogeneous_tuple(field_type):
        element = get_args(field_type)[0]
        inner = _value_expression(element, "_x", namespace)
        return f"list({var})" if inner == "_x" else f"[{inner} for _x in {var}]"
    if _is_mapping(field_type):  # here rather than cattrs': its mapping hooks clear its hook cache
        inner = _value_expression(get_args(field_type)[1], "_v", namespace)
        return f"{{_k: {inner} for _k, _v in {var}.items()}}"
    args = get_args(field_type)
    if len(args) == 2 and type(None) in args:
        inner_type = args[0] if args[1] is type(None) else args[1]
        inner = _value_expression(inner_type, var, namespace)
        return f"(None if {var} is None else {inner})"
    name = f"_h{len(namespace)}"
    if attrs.has(field_type) and field_type in _being_generated:
        namespace[name] = _LateUnstructureHook(field_type, namespace, name)
    else:
        namespace[name] = converter.get_unstructure_hook(field_type)
    return f"{name}({var})"


def _unwrap_optional(expression: str, var: str) -> str:
    """Drop the ``None`` test of an optional field's expression when the caller tests it already."""
    prefix = f"(None if {var} is None else "
    if expression.startswith(prefix):
        return expression.removeprefix(prefix).removesuffix(")")
    return expression


class _LateUnstructureHook:
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


_UNSTRUCTURE_HOOKS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _unstructure_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
    """The generated unstructure function of an attrs class, made once per class.

    cattrs empties its cache of hooks whenever it registers one (for a mapping type, say), and
    asks the factory again; the functions are kept here so that they are not made again.
    """
    function = _UNSTRUCTURE_HOOKS.get(cls)
    if function is None:
        function = _UNSTRUCTURE_HOOKS[cls] = _generate_unstructure(cls)
    return function


def _generate_unstructure(cls: type) -> Callable[[Any], dict[str, Any]]:
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
    function: Callable[[Any], dict[str, Any]] = _compile("unstructure", cls, lines, namespace)
    return function


def _unstructure_organisation(value: Organisation) -> Any:
    table = _ORGANISATIONS.get()
    if table is not None:
        known = table.get(value.key)
        if known is value or known == value:
            return value.key
    return _organisation_to_dict(value)


def _listing(catalogue: Catalogue) -> tuple[dict[str, Organisation], int]:
    """The organisations a catalogue lists when written, by key, and how many of them it names.

    Those the programmes name come first, then those of the directory with other keys.
    """
    table: dict[str, Organisation] = {}
    for organisation in _named_organisations(catalogue):
        table.setdefault(organisation.key, organisation)
    named = len(table)
    for organisation in catalogue.directory:
        table.setdefault(organisation.key, organisation)
    return table, named


def _unstructure_catalogue(value: Catalogue, *, encoded: bool = False) -> dict[str, Any]:
    """The catalogue as builtins; with ``encoded``, each programme as its JSON text (for `encode`).

    Encoding the programmes one by one keeps the builtins of one programme alive at a time,
    which spares the collector walking the whole tree of them over and over.
    """
    table, named = _listing(value)
    token = _ORGANISATIONS.set(None)
    try:
        listed = [_organisation_to_dict(organisation) for organisation in table.values()]
    finally:
        _ORGANISATIONS.reset(token)
    token = _ORGANISATIONS.set(table)
    try:
        if encoded and value.programmes:
            structure = converter.get_unstructure_hook(Programme)
            texts = [msgspec.Raw(_ENCODER.encode(structure(programme))) for programme in value.programmes]
            rest = _catalogue_to_dict(attrs.evolve(value, programmes=()))
            data: dict[str, Any] = {}
            for field in attrs.fields(Catalogue):  # the fields in their order, as to_builtins has them
                if field.name == "programmes":
                    data["programmes"] = texts
                elif field.name in rest:
                    data[field.name] = rest[field.name]
        else:
            data = _catalogue_to_dict(value)
    finally:
        _ORGANISATIONS.reset(token)
    # Loading puts the listed organisations nothing names into the directory, so the directory
    # is written out only when it holds something else (an organisation a programme names too).
    implicit = list(table.values())[named:]
    if len(implicit) == len(value.directory) and all(
        mine is theirs or mine == theirs for mine, theirs in zip(implicit, value.directory, strict=True)
    ):
        data.pop("directory", None)
    written = _write_back_listed(value.extras, table, listed) if value.extras and listed else 0
    if written:
        data["extras"] = data["extras"][:-written]
        if not data["extras"]:
            del data["extras"]
    if listed:
        data = {"organisations": listed, **data}
    return data


def _enum_unstructure(value: enum.Enum) -> Any:
    return value.value


# --- the converter ---------------------------------------------------------------------------------


def _model_classes() -> dict[str, type]:
    """Every attrs class of the public API, by name: the kinds a document may hold."""
    return {
        name: obj
        for name in itaproj.__all__
        if attrs.has(obj := getattr(itaproj, name)) and isinstance(obj, type)
    }


def _structurable(cls: Any) -> bool:
    try:
        _fast_hook(cls)
    except TypeError:
        return False
    return True


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    # Structuring: every type the format holds goes through the fast pass and, on failure, the
    # detailed pass, so conv.structure(data, Programme) is from_builtins(data, Programme).
    conv.register_structure_hook_factory(_structurable, lambda cls: _structure_hook)
    conv.register_unstructure_hook(Decimal, str)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_unstructure_hook(PartialDate, PartialDate.isoformat)
    conv.register_unstructure_hook(LocalizedText, lambda value: dict(value.texts))
    conv.register_unstructure_hook_factory(_is_enum, lambda cls: _enum_unstructure)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_factory)
    conv.register_unstructure_hook(Organisation, _unstructure_organisation)
    conv.register_unstructure_hook(Catalogue, _unstructure_catalogue)
    return conv


converter: cattrs.Converter = _make_converter()
"""The library's one converter (JSON-ready builtins <-> model objects).

``converter.structure(data, cls)`` is :func:`from_builtins`; ``converter.unstructure(obj)``
is :func:`to_builtins`.
"""

_organisation_to_dict = _unstructure_factory(Organisation)
_catalogue_to_dict = _unstructure_factory(Catalogue)


# --- the JSON text: nesting and repeated keys -----------------------------------------------------------

_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{},]')
_TOKENS_BYTES = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{},]')
_SPACED_KEY = re.compile(r'"[ \t\r\n]+:')
_SPACED_KEY_BYTES = re.compile(rb'"[ \t\r\n]+:')
# Every string, and the colon after it when it is a key: matches never start inside a string.
_STRINGS = re.compile(r'"(?:[^"\\]++|\\.)*+"(?:[ \t\r\n]*+(:))?')
_STRINGS_BYTES = re.compile(rb'"(?:[^"\\]++|\\.)*+"(?:[ \t\r\n]*+(:))?')


def _scan(text: str | bytes, *, depth_only: bool) -> list[LoadIssue]:
    """Walk JSON text without building it: the first value nested too deep, or every repeated key.

    Only used once something is known to be wrong (the decoder ran out of stack, or a count
    says some key repeats), so plain Python is fast enough; it never recurses.
    """
    matches: Iterator[re.Match[str]] | Iterator[re.Match[bytes]]
    matches = _TOKENS.finditer(text) if isinstance(text, str) else _TOKENS_BYTES.finditer(text)
    # One frame per open array or object: [path, is_object, expecting_key, index, key, keys seen]
    stack: list[list[Any]] = []
    issues: list[LoadIssue] = []
    deepest: tuple[int, str] = (0, "$")
    for match in matches:
        token = match.group()
        first = token[:1]
        top = stack[-1] if stack else None
        if first in ('"', b'"'):
            if top is not None and top[1] and top[2]:
                try:
                    key = json.loads(token)
                except ValueError:  # not UTF-8 (found later by the decoder): name it as written
                    key = (token.decode("utf-8", "replace") if isinstance(token, bytes) else token)[1:-1]
                if key in top[5] and not depth_only:
                    issues.append(LoadIssue(_data_path(top[0] + _step(key)), f"repeats the key {key!r}"))
                top[5].add(key)
                top[4], top[2] = key, False
        elif first in ("{", "[", b"{", b"["):
            path = "$" if top is None else top[0] + (_step(top[4]) if top[1] else f"[{top[3]}]")
            is_object = first in ("{", b"{")
            stack.append([path, is_object, is_object, 0, None, set()])
            if depth_only:
                depth = len(stack) - (_data_path(path) != path)  # data is level 1, as in MAX_DEPTH
                if depth > MAX_DEPTH:
                    return [LoadIssue(_data_path(path), f"nested more than {MAX_DEPTH} levels deep")]
                if depth > deepest[0]:
                    deepest = (depth, path)
        elif first in ("}", "]", b"}", b"]"):
            if stack:
                stack.pop()
        elif top is not None:  # a comma
            if top[1]:
                top[2] = True
            else:
                top[3] += 1
    if depth_only:
        message = f"nested {deepest[0]} levels deep, more than the decoder can follow here"
        return [LoadIssue(_data_path(deepest[1]), message)]
    return issues


def _data_path(path: str) -> str:
    """A path of the whole document made relative to its ``data``, as load issues are."""
    if path == "$.data" or path.startswith(("$.data.", "$.data[")):
        return "$" + path[len("$.data") :]
    return path


def _count_keys(value: Any) -> int:
    """How many keys the objects in a decoded JSON value hold (iterative: it may be deep)."""
    count = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            count += len(item)
            stack.extend(child for child in item.values() if type(child) in (dict, list))
        elif type(item) is list:
            stack.extend(child for child in item if type(child) in (dict, list))
    return count


def _repeated_keys(text: str | bytes, keys: int) -> list[LoadIssue]:
    r"""Every key an object of ``text`` repeats, given ``keys``, the number of keys its decoded objects hold.

    msgspec keeps the last of repeated keys silently, so the keys written in the text are
    counted against those decoded. Each key is a string followed by a colon: when the text has
    no more colons than keys were decoded, no key repeats (one C-speed count). Failing that
    (a URL in a string), the same holds for ``":`` when no key has white space before its
    colon. Only a text these counts cannot clear (``":`` inside a string, ``"key" :``) has its
    keys counted one by one (a regular expression over its strings), and only one that does
    repeat a key is scanned for where.
    """
    if isinstance(text, str):
        if text.count(":") == keys or (text.count('":') == keys and _SPACED_KEY.search(text) is None):
            return []
        written = _STRINGS.findall(text).count(":")
    else:
        if text.count(b":") == keys or (text.count(b'":') == keys and _SPACED_KEY_BYTES.search(text) is None):
            return []
        written = _STRINGS_BYTES.findall(text).count(b":")
    if written == keys:
        return []
    return _scan(text, depth_only=False)


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
    data = _unstructure_catalogue(obj, encoded=True) if type(obj) is Catalogue else converter.unstructure(obj)
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


@overload
def loads(data: str | bytes, cls: type[T]) -> T: ...


@overload
def loads(data: str | bytes, cls: None = None) -> Any: ...


def loads(data: str | bytes, cls: type[T] | None = None) -> T | Any:
    """Load a JSON document written by :func:`dumps`.

    Args:
        data: The JSON text.
        cls: The class expected; ``None`` to take the kind named in the envelope. With a class
            the result is checked at run time and typed for mypy as that class; without one
            it is typed ``Any``.

    Raises:
        LoadError: for malformed JSON, a wrong envelope, or invalid data; every problem in
            the document is listed with its ``$``-path.

    Example:
        >>> loads('{"itaproj": 1, "kind": "Money", "data": {"amount": "5", "currency": "EUR"}}')
        Money('5', 'EUR')
    """
    try:
        try:
            members = _RAW_OBJECT.decode(data)
        except msgspec.ValidationError:  # not even an object: decode all for the message below
            document = msgspec.json.decode(data)
        else:
            document = {
                key: value if key == "data" else msgspec.json.decode(value) for key, value in members.items()
            }
        kind_cls = _envelope_class(document, cls)
        payload = _decode_lazily(document["data"], kind_cls)
    except msgspec.DecodeError as error:
        raise LoadError([LoadIssue("$", f"not valid JSON: {error}")], source="JSON") from None
    except UnicodeError:  # older msgspec releases raise it for invalid UTF-8 inside a string
        raise _not_unicode(data) from None
    except RecursionError:  # nested deeper than the decoder could follow: say where
        raise LoadError(_scan(data, depth_only=True), source="JSON") from None
    state = [0, 0]
    result = _structure_fast(payload, kind_cls, state)
    if result is not _FAILED:
        issues = _repeated_keys(data, state[0] + len(document))
    else:
        if kind_cls is Catalogue:  # the programmes were left as text: decode them now
            try:
                payload = msgspec.json.decode(document["data"])
            except msgspec.DecodeError as error:  # a number out of range, say
                raise LoadError([LoadIssue("$", f"not valid JSON: {error}")], source="JSON") from None
            except UnicodeError:
                raise _not_unicode(data) from None
            except RecursionError:
                raise LoadError(_scan(data, depth_only=True), source="JSON") from None
        result, issues, keys = _structure_detailed(payload, kind_cls)
        if result is _BAD:  # the detailed pass did not read everything: count the keys apart
            keys = _count_keys(payload)
        issues = _repeated_keys(data, keys + len(document)) + issues
    if issues:
        raise _load_error(issues, kind_cls)
    return result


def _not_unicode(data: str | bytes) -> LoadError:
    """The error for a document that is not Unicode text: invalid UTF-8, or a lone surrogate in a str."""
    try:
        data.decode("utf-8") if isinstance(data, bytes) else data.encode("utf-8")
    except (UnicodeDecodeError, UnicodeEncodeError) as error:
        what = "invalid UTF-8 at byte" if isinstance(data, bytes) else "a lone surrogate at character"
        return LoadError([LoadIssue("$", f"not valid JSON: {what} {error.start}")], source="JSON")
    return LoadError([LoadIssue("$", "not valid JSON: not Unicode text")], source="JSON")


def _envelope_class(document: Any, cls: type[T] | None) -> type[T]:
    def fail(message: str, path: str = "$") -> LoadError:
        return LoadError([LoadIssue(path, message)], source="JSON document")

    if type(document) is not dict or "itaproj" not in document:
        raise fail("not an itaproj document: expected an object with 'itaproj', 'kind' and 'data'")
    version = document["itaproj"]
    if type(version) is not int or version != FORMAT_VERSION:
        raise fail(
            f"unsupported format version {_show(version)} (this library reads the integer {FORMAT_VERSION})"
        )
    if "data" not in document:
        raise fail("required field missing", "$.data")
    if "kind" not in document:
        raise fail("required field missing", "$.kind")
    unknown = sorted(set(document) - {"itaproj", "kind", "data"})
    if unknown:
        raise fail(f"unknown envelope field {unknown[0]!r}: document data belongs under 'data'")
    kinds = _kinds()
    kind = document["kind"]
    if type(kind) is not str or kind not in kinds:
        raise fail(f"unknown kind {_show(kind)}", "$.kind")
    if cls is not None and kinds[kind] is not cls:
        raise fail(f"expected kind {cls.__name__!r}, got {kind!r}", "$.kind")
    found: type[T] = kinds[kind]
    return found


@cache
def _kinds() -> dict[str, Any]:
    return _model_classes()


def dump(obj: Any, path: str | os.PathLike[str], *, indent: bool = True) -> None:
    """Write ``obj`` to ``path`` as a JSON document (UTF-8, indented by default).

    The document goes to a temporary file that replaces ``path`` only once it is complete,
    so a failure leaves any existing file at ``path`` as it was.
    """
    encoded = encode(obj, indent=indent)
    with atomic_output(path) as stream:
        stream.write(encoded)


@overload
def load(path: str | os.PathLike[str], cls: type[T]) -> T: ...


@overload
def load(path: str | os.PathLike[str], cls: None = None) -> Any: ...


def load(path: str | os.PathLike[str], cls: type[T] | None = None) -> T | Any:
    """Read a JSON document from ``path``; see :func:`loads`."""
    with open(path, "rb") as stream:
        raw = stream.read()
    try:
        return loads(raw, cls)
    except LoadError as error:
        raise LoadError(error.issues, source=str(path)) from None
