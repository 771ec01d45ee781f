"""SQL over a catalogue's tidy tables, with DuckDB as the embedded analysis engine.

:func:`connect` opens a DuckDB connection in which each table of
:func:`itaproj.io.tables.to_tables` is a view: from a catalogue or any iterable of programmes
(tables built in memory), from tables already built, or from a folder of Parquet files written by
:func:`~itaproj.io.tables.write_parquet` (read where they lie, so a dataset larger than memory
is queried as it is). :func:`register_rates` adds a rate table as ``rates`` (``date``,
``source``, ``target``, ``rate``, ``provider``), so that queries can convert with an ``ASOF
JOIN``; :func:`query` runs one statement and returns a ``pyarrow.Table``.

:func:`totals_by_country_and_year` is the SQL of the roll-up most asked for: counted budget
lines, prorated by days into calendar years, converted at the latest published rate on or
before each line's value date (else its first day), split by the stated country percentages.
It gives the totals of :func:`itaproj.metrics.rollup` with ``by="country,year"`` where the two
can agree: lines whose dates are known to the day, in programmes whose countries all have
percentages (the Python roll-up keeps the others apart as ranges and gaps; the query leaves
them out). DuckDB divides decimals in double precision: its totals agree with the roll-up's
exact ones to far below a cent, not to the last of 28 digits.

DuckDB and pyarrow are needed: ``pip install 'itaproj[sql]'``.

Example:
    >>> from itaproj.examples import load
    >>> with connect(load()) as db:
    ...     query(db, "SELECT count(*) AS n FROM programmes").column("n").to_pylist()
    [7]
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from itaproj.errors import InvalidValueError, MissingDependencyError
from itaproj.money import is_currency
from itaproj.programme import Catalogue, Programme

if TYPE_CHECKING:
    import duckdb
    import pyarrow  # type: ignore[import-untyped]  # (pyarrow ships no type information)

    from itaproj.rates import RateTable

__all__ = ["connect", "query", "register_rates", "totals_by_country_and_year"]

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError as error:
        raise MissingDependencyError("duckdb", "sql", "SQL over the tables") from error
    return duckdb


def connect(
    source: Catalogue | Iterable[Programme] | Mapping[str, pyarrow.Table] | str | os.PathLike[str],
) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection with each tidy table of ``source`` as a view.

    Args:
        source: A catalogue or any iterable of programmes (turned into tables with
            :func:`~itaproj.io.tables.to_tables`), a mapping of table names to ``pyarrow``
            tables, or a folder of ``*.parquet`` files (each file a view named after it) and of
            hive-partitioned tables (each subfolder with ``KEY=VALUE/*.parquet`` parts a view
            named after it, the partition keys as text columns), as ``itaproj ingest`` writes.

    Raises:
        MissingDependencyError: without duckdb (or pyarrow).
        InvalidValueError: a folder without Parquet files, or a table name that is no SQL name.
    """
    connection = cast("duckdb.DuckDBPyConnection", _duckdb().connect(":memory:"))
    if isinstance(source, (str, os.PathLike)):
        folder = Path(source)
        files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
        datasets = _datasets(folder) if folder.is_dir() else []
        if not files and not datasets:
            connection.close()
            raise InvalidValueError(
                "source", str(source), "be a folder of .parquet files (itaproj tables or an ingest dataset)"
            )
        for file in files:
            name = _table_name(file.stem)
            path = str(file).replace("'", "''")
            connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
        for name, parts, keys in datasets:
            connection.execute(
                f"CREATE VIEW {_table_name(name)} AS SELECT * FROM {_dataset_scan(parts, keys)}"
            )
        return connection
    if isinstance(source, Mapping):
        tables = source
    else:
        from itaproj.io.tables import to_tables

        tables = to_tables(source)
    for name, table in tables.items():
        connection.register(_table_name(name), table)
    return connection


def _datasets(folder: Path) -> list[tuple[str, list[Path], list[str]]]:
    """The hive-partitioned tables of a folder (``itaproj ingest``): name, parts, partition keys.

    A subfolder is a table when it holds Parquet parts in ``KEY=VALUE`` subfolders, or only
    its ``_schema.parquet`` (no rows: the columns of a table no file had rows for).
    """
    found = []
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or sub.name.startswith((".", "_")):
            continue
        parts = sorted(sub.glob("*=*/*.parquet"))
        keys = sorted({part.parent.name.partition("=")[0] for part in parts})
        if parts:
            found.append((sub.name, parts, keys))
        elif (sub / "_schema.parquet").is_file():
            found.append((sub.name, [sub / "_schema.parquet"], []))
    return found


def _dataset_scan(parts: list[Path], keys: list[str]) -> str:
    """``read_parquet`` of a table's parts; the partition columns as text (never guessed as numbers)."""
    if not keys:
        return "read_parquet('" + str(parts[0]).replace("'", "''") + "')"
    pattern = str(parts[0].parent.parent / "*=*" / "*.parquet").replace("'", "''")
    types = ", ".join(f"'{key}': 'VARCHAR'" for key in keys if _NAME.fullmatch(key))
    return f"read_parquet('{pattern}', hive_partitioning = true, hive_types = {{{types}}})"


def _table_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise InvalidValueError("table", name, "be a lower-case SQL name (letters, digits, _)")
    return name


def register_rates(connection: duckdb.DuckDBPyConnection, rates: RateTable, name: str = "rates") -> None:
    """Add the published rates of ``rates`` to ``connection`` as the table ``name``.

    Columns: ``date`` (DATE), ``source`` and ``target`` (ISO 4217), ``rate``
    (``DECIMAL(38, 18)``; a rate with more places is rounded there) and ``provider``.

    Example:
        >>> import datetime as dt
        >>> from itaproj import ExchangeRate
        >>> from itaproj.rates import RateTable
        >>> db = connect({})
        >>> register_rates(db, RateTable([ExchangeRate("EUR", "UAH", "41.5", dt.date(2024, 3, 1))], "NBU"))
        >>> db.execute("SELECT target, rate, provider FROM rates").fetchall()
        [('UAH', Decimal('41.500000000000000000'), 'NBU')]
    """
    import pyarrow as pa

    table = pa.table(
        {
            "date": pa.array([rate.date for rate in rates.rates], pa.date32()),
            "source": pa.array([rate.source for rate in rates.rates], pa.string()),
            "target": pa.array([rate.target for rate in rates.rates], pa.string()),
            "rate": pa.array([rate.rate for rate in rates.rates], pa.decimal128(38, 18)),
            "provider": pa.array([rates.provider] * len(rates.rates), pa.string()),
        }
    )
    connection.register(_table_name(name), table)


def query(connection: duckdb.DuckDBPyConnection, sql: str) -> pyarrow.Table:
    """Run one SQL statement and return its result as a ``pyarrow.Table``."""
    relation: Any = connection.sql(sql)
    if relation is None:  # a statement without rows (CREATE ...): an empty table
        import pyarrow as pa

        return pa.table({})
    fetch = getattr(relation, "to_arrow_table", None) or relation.arrow  # (to_arrow_table from duckdb 2)
    return fetch()


def totals_by_country_and_year(
    currency: str = "EUR", rates: str = "rates", max_gap: int = 7, *, by_file: bool = False
) -> str:
    """The SQL of the budget totals by recipient country and calendar year in ``currency``.

    The columns are ``country``, ``year``, ``currency`` and ``amount``. Each counted budget
    line known to the day is prorated by days (both ends included) into the years it touches,
    converted at the latest rate of the table ``rates`` published on or before its value date
    (else its first day) and at most ``max_gap`` days before it (the ``previous`` policy of a
    :class:`~itaproj.rates.RateTable`): divided by a ``currency`` -> line currency rate, or
    multiplied by a line currency -> ``currency`` one, and split by the programme's country
    percentages. A line without a rate is left out (:func:`itaproj.metrics.rollup` lists it as
    a gap).

    ``by_file``: the tables are an :func:`itaproj.ingest.ingest` dataset, where a programme is
    told apart by its ``source_file`` and its key (two files may hold the same identifier).

    Raises:
        InvalidValueError: ``currency`` is not an ISO 4217 code or ``rates`` no SQL name.
    """
    if not is_currency(currency):
        raise InvalidValueError("currency", currency, "be an ISO 4217 code")
    if isinstance(max_gap, bool) or not isinstance(max_gap, int) or max_gap < 0:
        raise InvalidValueError("max_gap", max_gap, "be a whole number of days, 0 or more")
    table = _table_name(rates)
    key = "source_file, programme" if by_file else "programme"
    line_key = "l.source_file, l.programme" if by_file else "l.programme"
    return f"""
WITH lines AS (
    SELECT {key}, position, amount, currency, period_start AS first_day, period_end AS last_day,
           coalesce(value_date, period_start) AS rate_day
    FROM budgets
    WHERE counted AND NOT total
      AND period_start_precision = 'day' AND period_end_precision = 'day' AND period_start <= period_end
),
published AS (SELECT date, source, target, CAST(rate AS DOUBLE) AS rate FROM {table}),
days AS (  -- every day a published rate may stand for: up to max_gap days after it
    SELECT source, target,
           CAST(unnest(range(min(date), max(date) + INTERVAL {max_gap + 1} DAY, INTERVAL 1 DAY)) AS DATE) AS day
    FROM published GROUP BY source, target
),
standing AS (  -- the rate of each such day: the latest published on or before it, within the gap
    SELECT d.source, d.target, d.day, p.rate
    FROM days AS d ASOF JOIN published AS p
        ON p.source = d.source AND p.target = d.target AND d.day >= p.date
    WHERE date_diff('day', p.date, d.day) <= {max_gap}
),
divided AS (  -- currency -> line currency: divide
    SELECT {line_key}, l.position, s.rate
    FROM lines AS l LEFT JOIN standing AS s
        ON s.source = '{currency}' AND s.target = l.currency AND s.day = l.rate_day
),
multiplied AS (  -- line currency -> currency: multiply
    SELECT {line_key}, l.position, s.rate
    FROM lines AS l LEFT JOIN standing AS s
        ON s.source = l.currency AND s.target = '{currency}' AND s.day = l.rate_day
),
converted AS (
    SELECT {line_key}, l.first_day, l.last_day,
           CASE WHEN l.currency = '{currency}' THEN CAST(l.amount AS DOUBLE)
                WHEN d.rate IS NOT NULL THEN CAST(l.amount AS DOUBLE) / d.rate
                ELSE CAST(l.amount AS DOUBLE) * m.rate END AS amount
    FROM lines AS l
    JOIN divided AS d USING ({key}, position)
    JOIN multiplied AS m USING ({key}, position)
),
years AS (
    SELECT c.*, unnest(range(year(c.first_day), year(c.last_day) + 1)) AS year FROM converted AS c
    WHERE c.amount IS NOT NULL
),
parts AS (
    SELECT {key}, year,
           amount * (date_diff('day', greatest(first_day, make_date(year, 1, 1)),
                               least(last_day, make_date(year, 12, 31))) + 1)
                  / (date_diff('day', first_day, last_day) + 1) AS amount
    FROM years
),
shares AS (  -- a single country without a percentage takes the whole; several are not split
    SELECT {key}, country,
           CASE WHEN percentage IS NULL THEN 100 ELSE CAST(percentage AS DOUBLE) END AS percentage
    FROM countries
    QUALIFY count(*) OVER (PARTITION BY {key}) = 1
         OR bool_and(percentage IS NOT NULL) OVER (PARTITION BY {key})
)
SELECT shares.country, parts.year, '{currency}' AS currency,
       sum(parts.amount * shares.percentage / 100) AS amount
FROM parts JOIN shares USING ({key})
GROUP BY shares.country, parts.year
ORDER BY shares.country, parts.year
"""
