"""Tidy tables and Parquet: a catalogue as one Arrow table per concept, and back, exactly.

:func:`to_tables` turns a :class:`~itaproj.programme.Catalogue` (or any iterable of
programmes) into ``pyarrow`` tables joined by stable keys; :func:`from_tables` is its inverse:
``from_tables(to_tables(catalogue)) == catalogue`` for every catalogue, amounts, partial dates
and translations included. :func:`write_parquet` and :func:`read_parquet` store the tables as
one Parquet file each. Spark, DuckDB, Polars and pandas read the files as they are.

The tables (see the documentation page "Tidy tables and Parquet" for every column):

* ``programmes``, ``organisations``, ``participants``, ``countries``, ``regions``,
  ``sectors``, ``themes``, ``components``, ``activities``, ``target_groups``,
  ``beneficiaries``, ``budgets``, ``planned_disbursements``, ``transactions``, ``results``,
  ``indicators``, ``indicator_values``, ``documents``, ``texts`` and ``catalogue`` (one row).
* Keys: every row of a programme's part has ``programme`` (the programme's key) and
  ``position``, its 0-based index in the tuple it comes from; nested parts also have their
  parents' positions (``result``, ``indicator``, ``target_group``...). Activities nest to any
  depth: each has a number (``activity``) unique in its programme and its ``parent``'s.
* Types: codes, keys and enums are strings; counts and positions ``int32``/``int64`` (never
  unsigned); money, percentages and indicator values ``decimal128(38, 18)``
  (:data:`DECIMAL_PRECISION`, :data:`DECIMAL_SCALE`) next to a ``currency`` and a
  ``qualifier`` string column; no floats anywhere. A :class:`~itaproj.period.PartialDate` is
  a ``date32`` of its earliest day plus a ``*_precision`` column (``"year"``, ``"month"`` or
  ``"day"``).
* Exact amounts: the model holds numbers below 10^18 with up to 45 decimal places, which
  ``decimal128(38, 18)`` cannot all hold. Every decimal column ``x`` has a string column
  ``x_exact``: null when ``x`` says the number exactly as the model holds it, else the number
  as Python's ``Decimal`` writes it (``"1.45E+7"``, ``"1000.00"``, or one with more than 18
  places, which ``x`` then holds rounded half-even to 18 places). Sums over ``x`` are right to
  18 places; :func:`from_tables` reads ``x_exact`` where it is set.
* Texts: every :class:`~itaproj.text.LocalizedText` of a row is in ``texts``, one row per
  language (``owner`` table, ``owner_key``, ``field``, ``language``, ``text``, ``original``).
* ``details``: every table has a ``details`` string column holding, in the library's JSON
  encoding (:mod:`itaproj.io.json`), the fields of the row's object that have no column:
  a programme's sites, contacts, key dates, relations, CRS additions, conditions, extras...;
  null when there are none. Fields the model gains later land there too, so nothing is lost.

pyarrow is needed (``pip install 'itaproj[arrow]'``); importing this module does not import
it, and the functions raise :class:`~itaproj.errors.MissingDependencyError` without it.

Example:
    >>> from itaproj.examples import load
    >>> catalogue = load()
    >>> tables = to_tables(catalogue)
    >>> tables["programmes"].num_rows, str(tables["budgets"].schema.field("amount").type)
    (7, 'decimal128(38, 18)')
    >>> from_tables(tables) == catalogue
    True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Mapping
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeAlias

import attrs
import msgspec

from itaproj.activity import Activity, Component
from itaproj.beneficiary import Beneficiary, TargetGroup
from itaproj.budget import Budget, BudgetLine
from itaproj.errors import InvalidValueError, LoadError, LoadIssue, MissingDependencyError
from itaproj.finance import FinanceClassification, FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.geo import CountryShare, Location, RegionShare
from itaproj.io._atomic import atomic_output
from itaproj.io.json import _ORGANISATIONS, converter, from_builtins
from itaproj.org import Organisation, Participant
from itaproj.programme import Catalogue, DocumentLink, Programme
from itaproj.quantity import Measure
from itaproj.results import Indicator, Observation, Result
from itaproj.sectors import SectorShare
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]  # (pyarrow ships no type information)

__all__ = [
    "DECIMAL_PRECISION",
    "DECIMAL_SCALE",
    "TABLES_VERSION",
    "TABLE_NAMES",
    "from_tables",
    "read_parquet",
    "to_tables",
    "write_parquet",
]

#: The version of the table layout, stored in each table's schema metadata.
TABLES_VERSION: Final = 1
#: Digits of the decimal columns (money, percentages, indicator values).
DECIMAL_PRECISION: Final = 38
#: Decimal places of the decimal columns: any number the model holds has at most 18 digits
#: before the point, so 38 digits keep 18 after it.
DECIMAL_SCALE: Final = 18

_METADATA_KEY = b"itaproj.tables"
_CHUNK_ROWS = 16_384  # rows kept as Python lists before they become an Arrow record batch
_ABSENT: Any = object()  # what a column reader returns for "this field is not stated"

_Cols: TypeAlias = list[list[Any]]  # a table's columns as Python lists, in the spec's order
_Data: TypeAlias = dict[str, Any]  # an object as JSON builtins: the details, plus the columns on reading
_NO_PREFIX = ""

# Column kinds, turned into pyarrow types only when pyarrow is there.
_STRING, _BOOL, _INT32, _INT64, _DECIMAL, _DATE, _STRINGS = (
    "string",
    "bool",
    "int32",
    "int64",
    "decimal",
    "date",
    "strings",
)


def _arrow() -> Any:
    """The ``pyarrow`` module, imported on first use."""
    try:
        import pyarrow
    except ImportError:
        raise MissingDependencyError("pyarrow", "arrow", "Tidy tables and Parquet") from None
    return pyarrow


def _parquet() -> Any:
    _arrow()
    import pyarrow.parquet  # type: ignore[import-untyped]  # (no type information either)

    return pyarrow.parquet


def _arrow_type(kind: str) -> Any:
    pa = _arrow()
    if kind == _DECIMAL:
        return pa.decimal128(DECIMAL_PRECISION, DECIMAL_SCALE)
    if kind == _STRINGS:
        return pa.list_(pa.string())
    return {
        _STRING: pa.string(),
        _BOOL: pa.bool_(),
        _INT32: pa.int32(),
        _INT64: pa.int64(),
        _DATE: pa.date32(),
    }[kind]


# --- decimals: decimal128(38, 18) plus the exact text where the column does not say it all ---------

_ROUNDING = Context(prec=DECIMAL_PRECISION + 2, rounding=ROUND_HALF_EVEN)
_QUANTUM = Decimal(1).scaleb(-DECIMAL_SCALE)


def _decimal_cells(value: Decimal) -> tuple[Decimal, str | None]:
    """The decimal column's value and the exact text (``None`` when the column says it all).

    :func:`_decimal_text` of what the column holds gives back ``str(value)`` exactly when the
    number has at most 18 places and is written without trailing zeros after the point, without
    a positive exponent and without a minus on zero.
    """
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # the model holds finite numbers only
    if exponent < -DECIMAL_SCALE:  # more places than the column keeps
        return value.quantize(_QUANTUM, context=_ROUNDING), str(value)
    plain = exponent == 0 or (exponent < 0 and digits[-1] != 0)
    if plain and not (sign and not any(digits)):
        return value, None
    return value, str(value)


def _decimal_text(value: Decimal) -> str:
    """The text of a decimal column's value with the trailing zeros of its 18 places dropped."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return "0"
    cut = 0
    while cut < -exponent and cut < len(digits) - 1 and digits[-1 - cut] == 0:
        cut += 1
    return str(Decimal((sign, digits[: len(digits) - cut], exponent + cut)))


_PRECISIONS = ("year", "month", "day")


def _partial_date_text(day: dt.date, precision: str) -> str:
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if precision == "day":
        return day.isoformat()
    raise InvalidValueError("precision", precision, "be 'year', 'month' or 'day'")


# --- writing and reading rows: one object's fields over columns, texts and details --------------


class _WriteContext:
    """What the leaves of a row need while it is written: where its texts go, the organisations."""

    def __init__(self, texts: _Builder, listing: Mapping[str, Organisation]) -> None:
        self.texts = texts
        self.listing = listing  # the organisations table: the first organisation of each key
        self.programme: str | None = None
        self.owner = ""
        self.owner_key = ""

    def text(self, field: str, item: int | None, value: LocalizedText) -> None:
        texts = self.texts
        cols = texts.cols
        original = value.original
        for language, text in value.texts.items():
            cols[0].append(self.programme)
            cols[1].append(self.owner)
            cols[2].append(self.owner_key)
            cols[3].append(field)
            cols[4].append(item)
            cols[5].append(language)
            cols[6].append(text)
            cols[7].append(language == original)
            texts.rows += 1
        if texts.rows >= _CHUNK_ROWS:
            texts.flush()


class _ReadContext:
    """What the leaves of a row need while it is read: its texts and the listed organisations."""

    def __init__(self, organisations: Mapping[str, Organisation]) -> None:
        self.organisations = organisations
        self.texts: dict[tuple[str, int | None], list[tuple[str, str, bool]]] = {}
        self.issues: list[LoadIssue] = []
        self.where = "$"

    def text(self, field: str) -> dict[str, str] | None:
        found = self.texts.get((field, None))
        return None if found is None else _localized(found)

    def text_items(self, field: str) -> list[dict[str, str]] | None:
        items = sorted(
            (item, rows) for (name, item), rows in self.texts.items() if name == field and item is not None
        )
        return [_localized(rows) for _, rows in items] or None


def _localized(rows: list[tuple[str, str, bool]]) -> dict[str, str]:
    """A LocalizedText as builtins: the original language first (the first row if none is marked)."""
    if len(rows) == 1 or rows[0][2]:
        return {language: text for language, text, _ in rows}
    found: dict[str, str] = {}
    for language, text, original in rows:
        if original:
            found = {language: text, **found}
        else:
            found[language] = text
    return found


class _Leaf:
    """A field of a model class held in columns (or in the texts table) instead of ``details``."""

    kind = _STRING

    def __init__(self, field: str, column: str | None = None) -> None:
        self.field = field
        self.column = column or field
        self.index = -1

    def columns(self) -> list[tuple[str, str]]:
        return [(self.column, self.kind)]

    def bind(self, indexes: list[int]) -> None:
        self.index = indexes[0]

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        cols[self.index].append(None if value is None else self.encode(value))
        return value is not None

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        value = cols[self.index][row]
        return _ABSENT if value is None else self.decode(value)

    def encode(self, value: Any) -> Any:
        return value

    def decode(self, value: Any) -> Any:
        return value


class _Str(_Leaf):
    """A string, or an enum by its value."""

    def encode(self, value: Any) -> Any:
        return value if type(value) is str else value.value


class _Bool(_Leaf):
    kind = _BOOL


class _Int32(_Leaf):
    kind = _INT32


class _CodeInt(_Leaf):
    """An integer code (PolicySignificance), written as the string it is in the codelist."""

    def encode(self, value: Any) -> Any:
        return str(value)

    def decode(self, value: Any) -> Any:
        return int(value)


class _StrList(_Leaf):
    kind = _STRINGS

    def encode(self, value: Any) -> Any:
        return list(value)


class _Day(_Leaf):
    """A ``datetime.date``."""

    kind = _DATE

    def decode(self, value: Any) -> Any:
        return value.isoformat()


class _Many(_Leaf):
    """A value over several columns."""

    def __init__(self, field: str, names: list[tuple[str, str]]) -> None:
        super().__init__(field, names[0][0])
        self.names = names
        self.indexes: list[int] = []

    def columns(self) -> list[tuple[str, str]]:
        return self.names

    def bind(self, indexes: list[int]) -> None:
        self.indexes = indexes
        self.index = indexes[0]


class _Dec(_Many):
    """A decimal: ``x`` (decimal128) and ``x_exact``."""

    def __init__(self, field: str, column: str | None = None) -> None:
        name = column or field
        super().__init__(field, [(name, _DECIMAL), (f"{name}_exact", _STRING)])

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        number, exact = (None, None) if value is None else _decimal_cells(value)
        cols[self.indexes[0]].append(number)
        cols[self.indexes[1]].append(exact)
        return value is not None

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        exact = cols[self.indexes[1]][row]
        if exact is not None:
            return exact
        number = cols[self.indexes[0]][row]
        return _ABSENT if number is None else _decimal_text(number)


class _PDate(_Many):
    """A partial date: ``x`` (date32, its earliest day) and ``x_precision``."""

    def __init__(self, field: str, column: str | None = None) -> None:
        name = column or field
        super().__init__(field, [(name, _DATE), (f"{name}_precision", _STRING)])

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        if value is None:
            cols[self.indexes[0]].append(None)
            cols[self.indexes[1]].append(None)
            return False
        cols[self.indexes[0]].append(dt.date(value.year, value.month or 1, value.day or 1))
        cols[self.indexes[1]].append(_PRECISIONS[value.precision - 1])
        return True

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        day = cols[self.indexes[0]][row]
        if day is None:
            return _ABSENT
        return _partial_date_text(day, cols[self.indexes[1]][row])


class _Period(_Many):
    """A period: ``x_start``, ``x_end`` (partial dates) and ``x_ongoing`` (null: no period)."""

    def __init__(self, field: str, column: str | None = None) -> None:
        name = column or field
        self.start = _PDate("start", f"{name}_start")
        self.end = _PDate("end", f"{name}_end")
        super().__init__(field, [*self.start.names, *self.end.names, (f"{name}_ongoing", _BOOL)])

    def bind(self, indexes: list[int]) -> None:
        super().bind(indexes)
        self.start.bind(indexes[0:2])
        self.end.bind(indexes[2:4])

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        self.start.write(None if value is None else value.start, cols, ctx, path, details)
        self.end.write(None if value is None else value.end, cols, ctx, path, details)
        cols[self.indexes[4]].append(None if value is None else value.ongoing)
        return value is not None

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        ongoing = cols[self.indexes[4]][row]
        if ongoing is None:
            return _ABSENT
        period: dict[str, Any] = {"ongoing": ongoing}
        for name, part in (("start", self.start), ("end", self.end)):
            text = part.read(cols, row, ctx, path, details)
            if text is not _ABSENT:
                period[name] = text
        return period


class _Amount(_Many):
    """A :class:`~itaproj.money.Money` (or, with ``measure``, an observation's Measure or Money).

    Columns: the amount (decimal128) and its ``_exact`` text, the currency, the qualifier.
    """

    def __init__(
        self, field: str, amount: str, currency: str, qualifier: str, *, measure: bool = False
    ) -> None:
        self.number = _Dec("amount", amount)
        self.measure = measure
        super().__init__(field, [*self.number.names, (currency, _STRING), (qualifier, _STRING)])

    def bind(self, indexes: list[int]) -> None:
        super().bind(indexes)
        self.number.bind(indexes[0:2])

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        if value is None:
            self.number.write(None, cols, ctx, path, details)
            cols[self.indexes[2]].append(None)
            cols[self.indexes[3]].append(None)
            return False
        if type(value) is Measure:
            self.number.write(value.value, cols, ctx, path, details)
            cols[self.indexes[2]].append(None)
        else:
            self.number.write(value.amount, cols, ctx, path, details)
            cols[self.indexes[2]].append(value.currency)
        cols[self.indexes[3]].append(value.qualifier.value)
        return True

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        number = self.number.read(cols, row, ctx, path, details)
        if number is _ABSENT:
            return _ABSENT
        currency = cols[self.indexes[2]][row]
        qualifier = cols[self.indexes[3]][row]
        if currency is None and self.measure:
            found: dict[str, Any] = {"value": number}
        else:
            found = {"amount": number, "currency": currency}
        if qualifier is not None:
            found["qualifier"] = qualifier
        return found


class _Count(_Many):
    """A :class:`~itaproj.quantity.Count`: ``x`` (int64) and ``x_qualifier``."""

    def __init__(self, field: str) -> None:
        super().__init__(field, [(field, _INT64), (f"{field}_qualifier", _STRING)])

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        cols[self.indexes[0]].append(None if value is None else value.value)
        cols[self.indexes[1]].append(None if value is None else value.qualifier.value)
        return value is not None

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        value = cols[self.indexes[0]][row]
        if value is None:
            return _ABSENT
        qualifier = cols[self.indexes[1]][row]
        return {"value": value} if qualifier is None else {"value": value, "qualifier": qualifier}


class _Org(_Leaf):
    """An organisation by its key (listed in the organisations table).

    One that differs from the organisation listed under its key is kept whole in ``details``.
    """

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        if value is None:
            cols[self.index].append(None)
            return False
        cols[self.index].append(value.key)
        listed = ctx.listing.get(value.key)
        if listed is not value and listed != value:
            details[self.field] = converter.unstructure(value)
        return True

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        if self.field in details:
            return details[self.field]
        key = cols[self.index][row]
        if key is None:
            return _ABSENT
        if key not in ctx.organisations:
            ctx.issues.append(
                LoadIssue(
                    f"{ctx.where}.{self.column}",
                    f"names organisation {key!r}, which the organisations table lacks",
                )
            )
            return _ABSENT
        return key


class _Text(_Leaf):
    """A :class:`~itaproj.text.LocalizedText`, as rows of the texts table."""

    def columns(self) -> list[tuple[str, str]]:
        return []

    def bind(self, indexes: list[int]) -> None:
        pass

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        if value is None:
            return False
        ctx.text(path + self.field, None, value)
        return True

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        found = ctx.text(path + self.field)
        return _ABSENT if found is None else found


class _Texts(_Text):
    """A tuple of texts, as rows of the texts table with their index in ``item``."""

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        for item, text in enumerate(value):
            ctx.text(path + self.field, item, text)
        return bool(value)

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        found = ctx.text_items(path + self.field)
        return _ABSENT if found is None else found


class _Node:
    """How the fields of one model class spread over columns, texts, child tables and ``details``.

    Fields named by a leaf are held in columns (or texts); those in ``skip`` are held elsewhere
    (a key column, a child table); every other field, including any the model gains later, goes
    to ``details`` when it differs from its default.
    """

    def __init__(self, cls: type, leaves: list[_Leaf | _Nested], skip: Iterable[str] = ()) -> None:
        attrs.resolve_types(cls)
        self.cls = cls
        self.leaves = leaves
        taken = {leaf.field for leaf in leaves} | set(skip)
        fields = [field for field in attrs.fields(cls) if field.init]
        unknown = taken - {field.name for field in fields}
        if unknown:  # pragma: no cover - a spec naming a field the class lacks is a bug here
            raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
        rest = [field for field in fields if field.name not in taken]
        # What the JSON converter omits as a default, tested as cheaply as its generated code does.
        self.required = [field.name for field in rest if field.default is attrs.NOTHING]
        self.optional = [field.name for field in rest if field.default is None]
        self.falsy = [field.name for field in rest if field.default == () or field.default is False]
        named = {*self.required, *self.optional, *self.falsy}
        self.other = [(field.name, field.default) for field in rest if field.name not in named]

    def columns(self) -> list[tuple[str, str]]:
        return [column for leaf in self.leaves for column in leaf.columns()]

    def bind(self, indexes: Iterator[int]) -> None:
        for leaf in self.leaves:
            if isinstance(leaf, _Nested):
                leaf.node.bind(indexes)
            else:
                leaf.bind([next(indexes) for _ in leaf.columns()])
        # The most common leaves, a string (or an enum's value) and a bool or int in one column,
        # are written inline by write(): a method call per cell is most of the time otherwise.
        self.strings = [(leaf.field, leaf.index) for leaf in self.leaves if type(leaf) is _Str]
        self.scalars = [(leaf.field, leaf.index) for leaf in self.leaves if type(leaf) in (_Bool, _Int32)]
        self.others = [leaf for leaf in self.leaves if type(leaf) not in (_Str, _Bool, _Int32)]

    def write(self, obj: Any, cols: _Cols, ctx: _WriteContext, path: str) -> tuple[dict[str, Any], bool]:
        """Append the object's columns (nulls for ``None``); its details and whether a leaf held a value."""
        details: _Data = {}
        held = False
        if obj is None:
            for _, index in self.strings:
                cols[index].append(None)
            for _, index in self.scalars:
                cols[index].append(None)
        else:
            for name, index in self.strings:
                value = getattr(obj, name)
                if value is None:
                    cols[index].append(None)
                else:
                    cols[index].append(value if type(value) is str else value.value)
                    held = True
            for name, index in self.scalars:
                value = getattr(obj, name)
                cols[index].append(value)
                if value is not None:
                    held = True
        for leaf in self.others:
            value = None if obj is None else getattr(obj, leaf.field)
            if leaf.write(value, cols, ctx, path, details):
                held = True
        if obj is not None:
            unstructure = converter.unstructure
            for name in self.required:
                details[name] = unstructure(getattr(obj, name))
            for name in self.optional:
                value = getattr(obj, name)
                if value is not None:
                    details[name] = unstructure(value)
            for name in self.falsy:
                value = getattr(obj, name)
                if value:
                    details[name] = unstructure(value)
            for name, default in self.other:
                value = getattr(obj, name)
                if value != default:
                    details[name] = unstructure(value)
        return details, held

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, data: dict[str, Any]) -> bool:
        """Put the object's columns into ``data`` (its details); whether a leaf held a value."""
        held = False
        for leaf in self.leaves:
            value = leaf.read(cols, row, ctx, path, data)
            if value is not _ABSENT:
                data[leaf.field] = value
                held = True
        return held


class _Nested(_Leaf):
    """An optional object some of whose fields have columns (a transaction's provider)."""

    def __init__(self, field: str, node: _Node) -> None:
        super().__init__(field)
        self.node = node

    def columns(self) -> list[tuple[str, str]]:
        return self.node.columns()

    def write(self, value: Any, cols: _Cols, ctx: _WriteContext, path: str, details: _Data) -> bool:
        inner, held = self.node.write(value, cols, ctx, f"{path}{self.field}.")
        if value is not None and (inner or not held):
            details[self.field] = inner  # an empty dict says "present" when no column does
        return value is not None

    def read(self, cols: _Cols, row: int, ctx: _ReadContext, path: str, details: _Data) -> Any:
        given = details.get(self.field)
        inner = given if type(given) is dict else {}
        held = self.node.read(cols, row, ctx, f"{path}{self.field}.", inner)
        return inner if held or type(given) is dict else _ABSENT


# --- the tables ---------------------------------------------------------------------------------------


class _TableSpec:
    """A table: its key columns, the node of its rows' objects, the details column."""

    def __init__(self, name: str, keys: list[tuple[str, str]], node: _Node | None, *extra: _Node) -> None:
        self.name = name
        self.keys = keys
        self.node = node
        names = [*keys]
        seen = {column for column, _ in keys}
        for each in (node, *extra):
            if each is None:
                continue
            positions: list[int] = []
            for column, kind in each.columns():
                if column not in seen:
                    seen.add(column)
                    names.append((column, kind))
                positions.append(next(index for index, (name, _) in enumerate(names) if name == column))
            each.bind(iter(positions))
        if node is not None:
            names.append(("details", _STRING))
        self.columns: list[tuple[str, str]] = names
        self.index = {column: index for index, (column, _) in enumerate(names)}

    def schema(self) -> Any:
        pa = _arrow()
        return pa.schema(
            [pa.field(name, _arrow_type(kind)) for name, kind in self.columns],
            metadata={_METADATA_KEY: str(TABLES_VERSION).encode()},
        )


_KEY = [("programme", _STRING)]
_POSITION = [("programme", _STRING), ("position", _INT32)]


def _flow(prefix: str) -> _Node:
    return _Node(
        FlowOrganisation,
        [
            _Str("ref", f"{prefix}_ref"),
            _Str("type", f"{prefix}_type"),
            _Str("activity_id", f"{prefix}_activity_id"),
            _Text("name"),
        ],
    )


def _money(field: str = "amount", prefix: str = "") -> _Amount:
    return _Amount(
        field,
        prefix or field,
        f"{prefix}_currency" if prefix else "currency",
        f"{prefix}_qualifier" if prefix else "qualifier",
    )


_PROGRAMME = _Node(
    Programme,
    [
        _Str("iati_identifier"),
        _Str("kind"),
        _Str("status"),
        _Period("period"),
        _Bool("humanitarian"),
        _Str("collaboration_type"),
        _Str("activity_scope"),
        _Dec("capital_spend"),
        _Text("title"),
        _Text("acronym"),
        _Text("description"),
        _Texts("objectives"),
    ],
    skip=(
        "key",
        "participants",
        "recipient_countries",
        "recipient_regions",
        "sectors",
        "components",
        "activities",
        "themes",
        "target_groups",
        "budget",
        "results",
        "documents",
        "transactions",
        "planned_disbursements",
    ),
)
_ORGANISATION = _Node(
    Organisation, [_Str("ref"), _Str("type"), _Str("country"), _Text("name"), _Text("acronym")], skip=("key",)
)
_PARTICIPANT = _Node(
    Participant,
    [_Org("organisation"), _Str("role"), _Str("activity_id"), _Str("crs_channel_code"), _Text("note")],
)
_COUNTRY = _Node(CountryShare, [_Str("country"), _Dec("percentage"), _Text("name")])
_REGION = _Node(
    RegionShare, [_Str("code"), _Str("vocabulary"), _Dec("percentage"), _Str("vocabulary_uri"), _Text("name")]
)
_SECTOR = _Node(
    SectorShare, [_Str("code"), _Str("vocabulary"), _Dec("percentage"), _Str("vocabulary_uri"), _Text("name")]
)
_THEME = _Node(
    CrossCuttingTheme,
    [
        _Str("code"),
        _Str("vocabulary"),
        _CodeInt("significance"),
        _Str("vocabulary_uri"),
        _Text("title"),
        _Texts("objectives"),
        _Text("strategy"),
        _Text("description"),
    ],
)
_COMPONENT = _Node(
    Component,
    [
        _Str("code"),
        _Dec("budget_share"),
        _money("budget", "budget"),
        _Text("title"),
        _Text("description"),
        _Texts("stakeholders"),
    ],
    skip=("activities",),
)
_ACTIVITY = _Node(
    Activity,
    [
        _Str("kind"),
        _Str("code"),
        _Period("period"),
        _Text("title"),
        _Text("description"),
        _Text("eligibility"),
        _Texts("topics"),
    ],
    skip=("activities",),
)
_TARGET_GROUP = _Node(
    TargetGroup,
    [_Str("kind"), _Count("declared_count"), _Count("declared_regions"), _Text("description")],
    skip=("members",),
)
_BENEFICIARY = _Node(
    Beneficiary,
    [
        _Str("kind"),
        _Nested(
            "location",
            _Node(Location, [_Str("country"), _Str("subdivision"), _Str("code", "location_code")]),
        ),
        _Org("organisation"),
        _Str("cluster"),
        _Text("name"),
    ],
)
_BUDGET_LINE = _Node(
    BudgetLine,
    [
        _money(),
        _Period("period"),
        _Str("component"),
        _Str("kind"),
        _Str("status"),
        _Day("value_date"),
        _Text("label"),
    ],
)
_BUDGET = _Node(
    Budget,
    [_Amount("total", "amount", "currency", "qualifier"), _Str("kind"), _Str("status"), _Day("value_date")],
    skip=("lines",),
)
_PLANNED_DISBURSEMENT = _Node(
    PlannedDisbursement,
    [
        _Period("period"),
        _money(),
        _Str("type"),
        _Day("value_date"),
        _Nested("provider", _flow("provider")),
        _Nested("receiver", _flow("receiver")),
    ],
)
_TRANSACTION = _Node(
    Transaction,
    [
        _Str("type"),
        _PDate("date"),
        _money(),
        _Day("value_date"),
        _Str("ref"),
        _Bool("humanitarian"),
        _Str("disbursement_channel"),
        _Nested("provider", _flow("provider")),
        _Nested("receiver", _flow("receiver")),
        _Nested("recipient_country", _Node(CountryShare, [_Str("country", "recipient_country")])),
        _Nested(
            "recipient_region",
            _Node(
                RegionShare,
                [_Str("code", "recipient_region"), _Str("vocabulary", "recipient_region_vocabulary")],
            ),
        ),
        _Nested(
            "finance",
            _Node(FinanceClassification, [_Str("flow_type"), _Str("finance_type"), _Str("tied_status")]),
        ),
        _Text("description"),
    ],
)
_RESULT = _Node(
    Result,
    [_Str("kind"), _Bool("aggregation_status"), _Text("title"), _Text("description")],
    skip=("indicators",),
)
_INDICATOR = _Node(
    Indicator,
    [
        _Str("measure"),
        _Str("unit"),
        _Bool("ascending"),
        _Bool("aggregation_status"),
        _Text("title"),
        _Text("description"),
    ],
    skip=("baselines", "targets", "actuals"),
)
_OBSERVATION = _Node(
    Observation,
    [
        _Amount("value", "value", "currency", "qualifier", measure=True),
        _Period("period"),
        _Str("text"),
        _Int32("year"),
        _Text("note"),
    ],
)
_DOCUMENT = _Node(
    DocumentLink,
    [
        _Str("url"),
        _StrList("categories"),
        _StrList("languages"),
        _Str("format"),
        _PDate("date"),
        _Text("title"),
        _Text("description"),
    ],
)
_CATALOGUE = _Node(Catalogue, [_Text("title")], skip=("programmes", "directory"))

_SPECS: Final = {
    spec.name: spec
    for spec in (
        _TableSpec("programmes", _POSITION, _PROGRAMME),
        _TableSpec(
            "organisations", [("organisation", _STRING), ("directory_position", _INT32)], _ORGANISATION
        ),
        _TableSpec("participants", _POSITION, _PARTICIPANT),
        _TableSpec("countries", _POSITION, _COUNTRY),
        _TableSpec("regions", _POSITION, _REGION),
        _TableSpec("sectors", _POSITION, _SECTOR),
        _TableSpec("themes", _POSITION, _THEME),
        _TableSpec("components", _POSITION, _COMPONENT),
        _TableSpec(
            "activities",
            [*_KEY, ("activity", _INT32), ("parent", _INT32), ("component", _INT32), ("position", _INT32)],
            _ACTIVITY,
        ),
        _TableSpec("target_groups", _POSITION, _TARGET_GROUP),
        _TableSpec("beneficiaries", [*_KEY, ("target_group", _INT32), ("position", _INT32)], _BENEFICIARY),
        _TableSpec("budgets", [*_POSITION, ("total", _BOOL), ("counted", _BOOL)], _BUDGET_LINE, _BUDGET),
        _TableSpec("planned_disbursements", _POSITION, _PLANNED_DISBURSEMENT),
        _TableSpec("transactions", _POSITION, _TRANSACTION),
        _TableSpec("results", _POSITION, _RESULT),
        _TableSpec("indicators", [*_KEY, ("result", _INT32), ("position", _INT32)], _INDICATOR),
        _TableSpec(
            "indicator_values",
            [*_KEY, ("result", _INT32), ("indicator", _INT32), ("series", _STRING), ("position", _INT32)],
            _OBSERVATION,
        ),
        _TableSpec("documents", _POSITION, _DOCUMENT),
        _TableSpec(
            "texts",
            [
                ("programme", _STRING),
                ("owner", _STRING),
                ("owner_key", _STRING),
                ("field", _STRING),
                ("item", _INT32),
                ("language", _STRING),
                ("text", _STRING),
                ("original", _BOOL),
            ],
            None,
        ),
        _TableSpec("catalogue", [], _CATALOGUE),
    )
}

#: The tables :func:`to_tables` makes, in the order it returns them.
TABLE_NAMES: Final = tuple(_SPECS)

_SERIES = (("baseline", "baselines"), ("target", "targets"), ("actual", "actuals"))
_BUDGET_OWN = tuple(field for field in attrs.fields(Budget) if field.name not in ("total", "lines"))


def _states_own_fields(budget: Budget) -> bool:
    """Whether a budget states a kind, status, value date (or a field added later) of its own."""
    return any(getattr(budget, field.name) != field.default for field in _BUDGET_OWN)


class _Builder:
    """The rows of one table being written: Python lists per column, turned into record batches."""

    def __init__(self, spec: _TableSpec) -> None:
        self.spec = spec
        self.types = [_arrow_type(kind) for _, kind in spec.columns]
        self.arrow_schema = spec.schema()
        self.cols: _Cols = [[] for _ in spec.columns]
        self.batches: list[Any] = []
        self.rows = 0

    def flush(self) -> None:
        if not self.rows:
            return
        pa = _arrow()
        arrays = [pa.array(values, type=kind) for values, kind in zip(self.cols, self.types, strict=True)]
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.arrow_schema))
        self.cols = [[] for _ in self.spec.columns]
        self.rows = 0

    def finish(self) -> Any:
        self.flush()
        return _arrow().Table.from_batches(self.batches, schema=self.arrow_schema)


_ENCODER = msgspec.json.Encoder()


class _Writer:
    """One run of :func:`to_tables`."""

    def __init__(self) -> None:
        self.builders = {name: _Builder(spec) for name, spec in _SPECS.items()}
        self.listing: dict[str, Organisation] = {}
        self.ctx = _WriteContext(self.builders["texts"], self.listing)

    def row(
        self,
        table: str,
        keys: tuple[Any, ...],
        obj: Any,
        programme: str | None,
        owner_key: str,
        node: _Node | None = None,
        pad: bool = False,
        more: Mapping[str, Any] | None = None,
    ) -> None:
        builder = self.builders[table]
        cols = builder.cols
        for index, value in enumerate(keys):
            cols[index].append(value)
        ctx = self.ctx
        ctx.programme, ctx.owner, ctx.owner_key = programme, table, owner_key
        node = node or builder.spec.node
        assert node is not None  # every table but texts has one; texts rows come from _WriteContext
        details, _ = node.write(obj, cols, ctx, _NO_PREFIX)
        if more:
            details.update(more)
        cols[-1].append(_ENCODER.encode(details).decode() if details else None)
        builder.rows += 1
        if pad:  # a row whose object has not every column (the budget's own row)
            for column in cols:
                if len(column) < builder.rows:
                    column.append(None)
        if builder.rows >= _CHUNK_ROWS:
            builder.flush()

    def register(self, programme: Programme) -> None:
        """List the organisations a programme names that no earlier one did (for an iterable)."""
        found: list[Organisation | None] = [
            None if programme.publication is None else programme.publication.reporting_org
        ]
        found.extend(participant.organisation for participant in programme.participants)
        found.extend(person.organisation for person in programme.people)
        found.extend(member.organisation for group in programme.target_groups for member in group.members)
        for organisation in found:
            if organisation is not None:
                self.listing.setdefault(organisation.key, organisation)

    def programme(self, programme: Programme, position: int) -> None:
        key = programme.key
        self.row("programmes", (key, position), programme, key, "")
        for table, parts in (
            ("participants", programme.participants),
            ("countries", programme.recipient_countries),
            ("regions", programme.recipient_regions),
            ("sectors", programme.sectors),
            ("themes", programme.themes),
            ("documents", programme.documents),
            ("transactions", programme.transactions),
            ("planned_disbursements", programme.planned_disbursements),
        ):
            for index, part in enumerate(parts):
                self.row(table, (key, index), part, key, str(index))
        numbers = iter(range(2**31 - 1))
        for index, component in enumerate(programme.components):
            self.row("components", (key, index), component, key, str(index))
            self.activities(key, component.activities, None, index, numbers)
        self.activities(key, programme.activities, None, None, numbers)
        for index, group in enumerate(programme.target_groups):
            self.row("target_groups", (key, index), group, key, str(index))
            for member_index, member in enumerate(group.members):
                self.row("beneficiaries", (key, index, member_index), member, key, f"{index}/{member_index}")
        budget = programme.budget
        if budget is not None:
            counted = {id(line) for line in budget.counted_lines}
            for index, line in enumerate(budget.lines):
                self.row("budgets", (key, index, False, id(line) in counted), line, key, str(index))
            if budget.total is not None or not budget.lines or _states_own_fields(budget):
                self.row("budgets", (key, None, True, None), budget, key, "total", _BUDGET, pad=True)
        for index, result in enumerate(programme.results):
            self.row("results", (key, index), result, key, str(index))
            for number, indicator in enumerate(result.indicators):
                self.row("indicators", (key, index, number), indicator, key, f"{index}/{number}")
                for series, name in _SERIES:
                    for place, observation in enumerate(getattr(indicator, name)):
                        self.row(
                            "indicator_values",
                            (key, index, number, series, place),
                            observation,
                            key,
                            f"{index}/{number}/{series}/{place}",
                        )

    def activities(
        self,
        key: str,
        activities: tuple[Activity, ...],
        parent: int | None,
        component: int | None,
        numbers: Iterator[int],
    ) -> None:
        for index, activity in enumerate(activities):
            number = next(numbers)
            self.row("activities", (key, number, parent, component, index), activity, key, str(number))
            if activity.activities:
                self.activities(key, activity.activities, number, component, numbers)

    def catalogue(self, catalogue: Catalogue | None) -> None:
        """The organisations table and the catalogue's own row, once every programme is written."""
        directory: dict[str, int] = {}
        more = None
        if catalogue is not None:
            for index, organisation in enumerate(catalogue.directory):
                listed = self.listing.get(organisation.key)
                if organisation.key in directory or (listed is not organisation and listed != organisation):
                    # Another organisation is listed under its key, or it is in the directory twice:
                    # the directory goes whole into the catalogue's details (listed ones by key).
                    more = {"directory": converter.unstructure(catalogue.directory)}
                    directory.clear()
                    break
                directory[organisation.key] = index
        for key, organisation in self.listing.items():
            self.row("organisations", (key, directory.get(key)), organisation, None, key)
        self.row("catalogue", (), Catalogue() if catalogue is None else catalogue, None, "", more=more)


def to_tables(source: Catalogue | Iterable[Programme]) -> dict[str, pa.Table]:
    """The catalogue (or the programmes) as one Arrow table per concept (:data:`TABLE_NAMES`).

    The programmes are walked once, one at a time: rows are gathered as Python lists per column
    and turned into Arrow record batches every 16,384 rows, so a generator of programmes is never
    held whole. Organisations are those of the catalogue (:attr:`Catalogue.organisations`, its
    directory included) or, for programmes, those they name.

    Args:
        source: A :class:`~itaproj.programme.Catalogue`, or any iterable of programmes with
            unique keys (they become a catalogue without title).

    Returns:
        The tables by name, in the order of :data:`TABLE_NAMES`.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidValueError: an iterable repeats a programme key.

    Example:
        >>> from itaproj import Budget, BudgetLine, LocalizedText, Money, Programme
        >>> p = Programme("p", LocalizedText({"en": "P"}),
        ...               budget=Budget(lines=[BudgetLine(Money("12.50", "EUR"))]))
        >>> budgets = to_tables([p])["budgets"]
        >>> budgets.column("amount").to_pylist(), budgets.column("amount_exact").to_pylist()
        ([Decimal('12.500000000000000000')], ['12.50'])
    """
    _arrow()
    writer = _Writer()
    catalogue = source if isinstance(source, Catalogue) else None
    if catalogue is not None:
        for organisation in catalogue.organisations:
            writer.listing.setdefault(organisation.key, organisation)
    seen: set[str] = set()
    for position, programme in enumerate(source):
        if not isinstance(programme, Programme):
            raise InvalidValueError(f"programmes[{position}]", programme, "be a Programme")
        if programme.key in seen:
            raise InvalidValueError(
                f"programmes[{position}].key", programme.key, "be unique in the catalogue"
            )
        seen.add(programme.key)
        if catalogue is None:
            writer.register(programme)
        # The JSON converter writes the organisations this listing holds by key (in details). It
        # is set per programme, not across the loop: a generator may set its own between yields.
        token = _ORGANISATIONS.set(writer.listing)
        try:
            writer.programme(programme, position)
        finally:
            _ORGANISATIONS.reset(token)
    token = _ORGANISATIONS.set(writer.listing)
    try:
        writer.catalogue(catalogue)
    finally:
        _ORGANISATIONS.reset(token)
    return {name: builder.finish() for name, builder in writer.builders.items()}


# --- reading ---------------------------------------------------------------------------------------


class _Columns:
    """A table's columns as Python lists, by the spec's column order."""

    def __init__(self, spec: _TableSpec, table: Any, issues: list[LoadIssue]) -> None:
        self.spec = spec
        self.rows = 0 if table is None else table.num_rows
        self.cols: _Cols = []
        if table is None:
            issues.append(LoadIssue(f"$.{spec.name}", "table missing"))
            return
        version = (table.schema.metadata or {}).get(_METADATA_KEY)
        if version is not None and version != str(TABLES_VERSION).encode():
            issues.append(
                LoadIssue(
                    f"$.{spec.name}",
                    f"layout version {version.decode(errors='replace')!r}; this library reads {TABLES_VERSION}",
                )
            )
        names = set(table.column_names)
        for name, _ in spec.columns:
            if name not in names:
                issues.append(LoadIssue(f"$.{spec.name}.{name}", "column missing"))
                self.cols.append([None] * self.rows)
            else:
                self.cols.append(table.column(name).to_pylist())

    def value(self, name: str, row: int) -> Any:
        return self.cols[self.spec.index[name]][row]


class _Reader:
    """One run of :func:`from_tables`."""

    def __init__(self, tables: Mapping[str, Any]) -> None:
        self.issues: list[LoadIssue] = []
        self.data = {name: _Columns(spec, tables.get(name), self.issues) for name, spec in _SPECS.items()}
        if self.issues:
            raise LoadError(self.issues, source="tables")
        self.texts: dict[
            tuple[str, str | None, str], dict[tuple[str, int | None], list[tuple[str, str, bool]]]
        ] = {}
        texts = self.data["texts"]
        programme, owner, owner_key, field, item, language, text, original = texts.cols
        for row in range(texts.rows):
            entry = self.texts.setdefault((owner[row], programme[row], owner_key[row]), {})
            entry.setdefault((field[row], item[row]), []).append(
                (language[row], text[row], bool(original[row]))
            )
        self.organisations: dict[str, Organisation] = {}
        self.ctx = _ReadContext(self.organisations)

    def details(self, table: str, row: int) -> dict[str, Any]:
        columns = self.data[table]
        text = columns.cols[-1][row]
        if text is None:
            return {}
        try:
            found = msgspec.json.decode(text)
        except msgspec.DecodeError as error:
            self.issues.append(LoadIssue(f"$.{table}[{row}].details", f"not valid JSON: {error}"))
            return {}
        if type(found) is not dict:
            self.issues.append(LoadIssue(f"$.{table}[{row}].details", "not a JSON object"))
            return {}
        return found

    def read(
        self, table: str, row: int, programme: str | None, owner_key: str, node: _Node | None = None
    ) -> dict[str, Any]:
        columns = self.data[table]
        data = self.details(table, row)
        ctx = self.ctx
        ctx.texts = self.texts.get((table, programme, owner_key), {})
        ctx.where = f"$.{table}[{row}]"
        node = node or columns.spec.node
        assert node is not None
        node.read(columns.cols, row, ctx, _NO_PREFIX, data)
        return data

    def group(self, table: str, parents: tuple[str, ...]) -> dict[Any, list[int]]:
        """Rows of a child table by their parent keys, each list ordered by position."""
        columns = self.data[table]
        keys = [columns.cols[columns.spec.index[name]] for name in parents]
        positions = columns.cols[columns.spec.index["position"]]
        found: dict[Any, list[int]] = {}
        for row in range(columns.rows):
            found.setdefault(tuple(column[row] for column in keys), []).append(row)
        for rows in found.values():
            rows.sort(key=lambda row: (positions[row] is None, positions[row] or 0))
        return found

    def check_programmes(self, table: str, known: set[str]) -> None:
        columns = self.data[table]
        column = columns.cols[columns.spec.index["programme"]]
        for row, key in enumerate(column):
            if key not in known:
                self.issues.append(
                    LoadIssue(
                        f"$.{table}[{row}].programme",
                        f"names programme {key!r}, which the programmes table lacks",
                    )
                )

    def catalogue(self) -> Catalogue:
        organisations = self.data["organisations"]
        keys = organisations.cols[0]
        directory: list[tuple[int, str]] = []
        for row in range(organisations.rows):
            data = self.read("organisations", row, None, keys[row])
            data["key"] = keys[row]
            self.organisations[keys[row]] = self.build(data, Organisation, f"$.organisations[{row}]")
            position = organisations.cols[1][row]
            if position is not None:
                directory.append((position, keys[row]))
        token = _ORGANISATIONS.set(self.organisations)
        try:
            return self.catalogue_with(sorted(directory))
        finally:
            _ORGANISATIONS.reset(token)

    def catalogue_with(self, directory: list[tuple[int, str]]) -> Catalogue:
        programmes = self.data["programmes"]
        order = sorted(range(programmes.rows), key=lambda row: programmes.cols[1][row] or 0)
        known = set(programmes.cols[0])
        for table in TABLE_NAMES:
            if table not in {"programmes", "organisations", "texts", "catalogue"}:
                self.check_programmes(table, known)
        self.stop_on_issues("tables")
        groups = {
            table: self.group(table, ("programme",))
            for table in (
                "participants",
                "countries",
                "regions",
                "sectors",
                "themes",
                "documents",
                "transactions",
                "planned_disbursements",
                "components",
                "target_groups",
                "results",
            )
        }
        budgets = self.group("budgets", ("programme",))
        beneficiaries = self.group("beneficiaries", ("programme", "target_group"))
        indicators = self.group("indicators", ("programme", "result"))
        values = self.group("indicator_values", ("programme", "result", "indicator", "series"))
        top_activities = self.group("activities", ("programme", "component", "parent"))
        built: list[Programme] = []
        for row in order:
            key = programmes.cols[0][row]
            data = self.read("programmes", row, key, "")
            data["key"] = key
            for table, field in (
                ("participants", "participants"),
                ("countries", "recipient_countries"),
                ("regions", "recipient_regions"),
                ("sectors", "sectors"),
                ("themes", "themes"),
                ("documents", "documents"),
                ("transactions", "transactions"),
                ("planned_disbursements", "planned_disbursements"),
            ):
                rows = groups[table].get((key,))
                if rows:
                    data[field] = [
                        self.read(table, child, key, str(self.position(table, child))) for child in rows
                    ]
            components = []
            for child in groups["components"].get((key,), []):
                position = self.position("components", child)
                component = self.read("components", child, key, str(position))
                component_activities = self.activities(
                    key, top_activities.get((key, position, None), []), top_activities
                )
                if component_activities:
                    component["activities"] = component_activities
                components.append(component)
            if components:
                data["components"] = components
            activities = self.activities(key, top_activities.get((key, None, None), []), top_activities)
            if activities:
                data["activities"] = activities
            groups_found = []
            for child in groups["target_groups"].get((key,), []):
                position = self.position("target_groups", child)
                group = self.read("target_groups", child, key, str(position))
                members = [
                    self.read(
                        "beneficiaries", member, key, f"{position}/{self.position('beneficiaries', member)}"
                    )
                    for member in beneficiaries.get((key, position), [])
                ]
                if members:
                    group["members"] = members
                groups_found.append(group)
            if groups_found:
                data["target_groups"] = groups_found
            budget = self.budget(key, budgets.get((key,), []))
            if budget is not None:
                data["budget"] = budget
            results = []
            for child in groups["results"].get((key,), []):
                position = self.position("results", child)
                result = self.read("results", child, key, str(position))
                found_indicators = []
                for item in indicators.get((key, position), []):
                    number = self.position("indicators", item)
                    indicator = self.read("indicators", item, key, f"{position}/{number}")
                    for series, name in _SERIES:
                        observations = [
                            self.read(
                                "indicator_values",
                                value,
                                key,
                                f"{position}/{number}/{series}/{self.position('indicator_values', value)}",
                            )
                            for value in values.get((key, position, number, series), [])
                        ]
                        if observations:
                            indicator[name] = observations
                    found_indicators.append(indicator)
                if found_indicators:
                    result["indicators"] = found_indicators
                results.append(result)
            if results:
                data["results"] = results
            self.stop_on_issues(f"tables (programme {key!r})")
            built.append(self.build(data, Programme, f"$.programmes[{row}]"))
        return self.finish(built, directory)

    def finish(self, programmes: list[Programme], directory: list[tuple[int, str]]) -> Catalogue:
        catalogue = self.data["catalogue"]
        data = self.read("catalogue", 0, None, "") if catalogue.rows else {}
        self.stop_on_issues("tables (catalogue)")
        listed = data.pop("directory", None)
        if listed is None:
            listed = [key for _, key in directory]
        # The directory apart: the catalogue's own hook would look its keys up in a listing of its own.
        members = self.build(listed, tuple[Organisation, ...], "$.catalogue[0].directory")
        rest = self.build(data, Catalogue, "$.catalogue[0]")
        return Catalogue(programmes=programmes, title=rest.title, extras=rest.extras, directory=members)

    def stop_on_issues(self, source: str) -> None:
        """Raise what was found wrong so far, if anything."""
        self.issues.extend(self.ctx.issues)
        self.ctx.issues.clear()
        if self.issues:
            raise LoadError(self.issues, source=source)

    def position(self, table: str, row: int) -> Any:
        return self.data[table].value("position", row)

    def activities(self, key: str, rows: list[int], tree: dict[Any, list[int]]) -> list[dict[str, Any]]:
        found = []
        columns = self.data["activities"]
        numbers = columns.cols[columns.spec.index["activity"]]
        components = columns.cols[columns.spec.index["component"]]
        for row in rows:
            number = numbers[row]
            activity = self.read("activities", row, key, str(number))
            children = self.activities(key, tree.get((key, components[row], number), []), tree)
            if children:
                activity["activities"] = children
            found.append(activity)
        return found

    def budget(self, key: str, rows: list[int]) -> dict[str, Any] | None:
        if not rows:
            return None
        totals = self.data["budgets"].cols[self.data["budgets"].spec.index["total"]]
        budget: dict[str, Any] = {}
        lines = []
        for row in rows:
            if totals[row]:
                budget.update(self.read("budgets", row, key, "total", _BUDGET))
            else:
                lines.append(self.read("budgets", row, key, str(self.position("budgets", row))))
        if lines:
            budget["lines"] = lines
        return budget

    def build(self, data: dict[str, Any], cls: type[Any], where: str) -> Any:
        try:
            return from_builtins(data, cls)
        except LoadError as error:
            issues = [LoadIssue(where + issue.path[1:], issue.message) for issue in error.issues]
            raise LoadError(issues, source="tables") from None


def from_tables(tables: Mapping[str, pa.Table]) -> Catalogue:
    """The catalogue that :func:`to_tables` turned into ``tables``: its exact inverse.

    Rows are placed by their key columns (``position``, ``result``, ``activity``...), not by
    their order in the table, so tables that went through a query engine and came back sorted
    differently still read. Every object is rebuilt through :func:`itaproj.io.from_builtins`,
    so what does not validate is reported as for JSON.

    Args:
        tables: The tables by name, as :func:`to_tables` or :func:`read_parquet` return them.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        LoadError: a table or column is missing, a row names a programme or organisation the
            tables lack, a ``details`` cell is not JSON, or a value does not validate; each
            problem with a ``$``-path naming the table and row (``$.participants[3].organisation``)
            or the field of the programme (``$.programmes[0].participants[1].role``).

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> tables = to_tables([Programme("p", LocalizedText({"uk": "Проєкт", "en": "Project"}))])
        >>> from_tables(tables)["p"].title
        LocalizedText({'uk': 'Проєкт', 'en': 'Project'}, original='uk')
    """
    _arrow()
    return _Reader(tables).catalogue()


# --- Parquet --------------------------------------------------------------------------------------


def write_parquet(
    source: Mapping[str, pa.Table] | Catalogue | Iterable[Programme], directory: str | os.PathLike[str]
) -> None:
    """Write one Parquet file per table, ``<directory>/<table>.parquet``, all or none.

    Every file goes to a temporary file in ``directory`` first; only when all are written do
    they replace the files of the same names, so a failure (bad data, a full disk) leaves the
    files that were there as they were. The directory is made if missing.

    Args:
        source: Tables from :func:`to_tables`, or a catalogue or programmes to turn into them.
        directory: Where the files go.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Example:
        >>> import tempfile
        >>> from itaproj.examples import load
        >>> folder = tempfile.mkdtemp()
        >>> write_parquet(load(), folder)
        >>> read_parquet(folder)["programmes"].num_rows
        7
    """
    parquet = _parquet()
    tables = source if isinstance(source, Mapping) else to_tables(source)
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        for name, table in tables.items():
            stream = stack.enter_context(atomic_output(folder / f"{name}.parquet"))
            parquet.write_table(table, stream)


def read_parquet(directory: str | os.PathLike[str]) -> dict[str, pa.Table]:
    """Read the Parquet files :func:`write_parquet` wrote into tables, for :func:`from_tables`.

    Args:
        directory: The folder holding ``<table>.parquet`` for each of :data:`TABLE_NAMES`.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        LoadError: a table's file is missing.
    """
    parquet = _parquet()
    folder = Path(directory)
    missing = [name for name in TABLE_NAMES if not (folder / f"{name}.parquet").is_file()]
    if missing:
        raise LoadError([LoadIssue(f"$.{name}", "file missing") for name in missing], source=str(folder))
    return {name: parquet.read_table(folder / f"{name}.parquet") for name in TABLE_NAMES}
