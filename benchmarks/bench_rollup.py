"""Totals at registry scale: the Python roll-up, a hand-written loop, tidy tables, Parquet, DuckDB.

Run from the repository root::

    python benchmarks/bench_rollup.py                    # 1,000,000 programmes
    python benchmarks/bench_rollup.py --programmes 20000  # a quicker run

One synthetic catalogue (each programme: a funder, two recipient countries with percentages,
two or three budget lines in one of six currencies, each a day-precise period that may cross a
year end, with a value date) is built once; then, in the same run:

* ``loop``: a hand-written loop over plain dicts of the same data (no model objects): each
  line prorated by days into years, converted at the latest published rate on or before its
  value date (a dict look-up), split by the country percentages, summed in a dict;
* ``rollup``: ``rollup(programmes, by="country,year", currency="EUR", rates=table)``;
* ``to_tables`` and ``write_parquet``, with tracemalloc's peak against the Arrow size of the
  output (on ``--memory-sample`` programmes: tracemalloc slows everything down);
* ``duckdb``: the totals by country and year in EUR in SQL over the Parquet files
  (:func:`itaproj.sql.totals_by_country_and_year`).

It prints rows per second and the ratios the data-teams issue sets as targets: roll-up within 3x
the loop; DuckDB at least 10x faster than the roll-up; to_tables' peak under 3x the Arrow size.
The three totals are compared (to 10^-6 of a unit: DuckDB sums 18-place decimals). This is a
script, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

from itaproj import (
    Budget,
    BudgetLine,
    CountryShare,
    ExchangeRate,
    LocalizedText,
    Money,
    Organisation,
    Participant,
    Period,
    Programme,
)
from itaproj.metrics import rollup
from itaproj.rates import RateTable

CURRENCIES = ("EUR", "USD", "GBP", "UAH", "KZT", "SEK")
COUNTRIES = ("UA", "MD", "GE", "AM", "AZ", "KZ", "KG", "UZ", "TJ", "BY")
FIRST_YEAR, LAST_YEAR = 2010, 2025


def published_rates() -> list[ExchangeRate]:
    """EUR to each currency on every weekday of the years, drifting a little (as the ECB's)."""
    rng = random.Random(7)
    base = {"USD": 1.1, "GBP": 0.85, "UAH": 30.0, "KZT": 450.0, "SEK": 10.5}
    rates = []
    day = dt.date(FIRST_YEAR - 1, 12, 1)
    while day <= dt.date(LAST_YEAR + 1, 12, 31):
        if day.weekday() < 5:
            for currency, value in base.items():
                base[currency] = value * (1 + rng.uniform(-0.004, 0.004))
                rates.append(ExchangeRate("EUR", currency, Decimal(f"{base[currency]:.4f}"), day))
        day += dt.timedelta(days=1)
    return rates


def programmes(count: int) -> list[Programme]:
    rng = random.Random(2026)
    funders = [Organisation(f"org{n}", LocalizedText({"en": f"Funder {n}"})) for n in range(50)]
    title = LocalizedText({"en": "Synthetic programme"})
    made = []
    for index in range(count):
        currency = rng.choice(CURRENCIES)
        first = rng.randrange(len(COUNTRIES))
        share = rng.randint(50, 90)
        lines = []
        for _ in range(rng.randint(2, 3)):
            start = dt.date(rng.randint(FIRST_YEAR, LAST_YEAR - 1), rng.randint(1, 12), rng.randint(1, 28))
            end = start + dt.timedelta(days=rng.randint(30, 500))
            amount = Money(Decimal(rng.randint(1_000, 5_000_000)) / 100, currency)
            lines.append(BudgetLine(amount, Period(start, end), value_date=start))
        made.append(
            Programme(
                f"p{index}",
                title,
                participants=(Participant(rng.choice(funders), "funding"),),
                recipient_countries=(
                    CountryShare(COUNTRIES[first], share),
                    CountryShare(COUNTRIES[(first + 1) % len(COUNTRIES)], 100 - share),
                ),
                budget=Budget(lines=tuple(lines)),
            )
        )
    return made


def plain(made: list[Programme]) -> list[dict[str, Any]]:
    """The same data as plain dicts of builtins and Decimals: what a hand-written script holds."""
    return [
        {
            "countries": [(s.country, s.percentage) for s in p.recipient_countries],
            "lines": [_line(line) for line in (p.budget.lines if p.budget else ())],
        }
        for p in made
    ]


def _line(line: BudgetLine) -> tuple[Decimal, str, dt.date, dt.date, dt.date | None]:
    period = line.period
    assert period is not None  # (every line made above has a period known to the day)
    assert period.start is not None
    assert period.end is not None
    return (
        line.amount.amount,
        line.amount.currency,
        period.start.to_date(),
        period.end.to_date(),
        line.value_date,
    )


def hand_loop(
    data: list[dict[str, Any]], rates: dict[tuple[str, dt.date], Decimal]
) -> dict[tuple[str, int], Decimal]:
    """Totals by (country, year) in EUR, written by hand over plain dicts."""
    totals: dict[tuple[str, int], Decimal] = {}
    hundred = Decimal(100)
    for programme in data:
        for amount, currency, start, end, value_date in programme["lines"]:
            if currency == "EUR":
                eur = amount
            else:
                day = value_date
                rate = rates.get((currency, day))
                while rate is None:  # the latest rate published on or before the day
                    day -= dt.timedelta(days=1)
                    rate = rates.get((currency, day))
                eur = amount / rate
            days = (end - start).days + 1
            for year in range(start.year, end.year + 1):
                first = max(start, dt.date(year, 1, 1))
                last = min(end, dt.date(year, 12, 31))
                part = eur * ((last - first).days + 1) / days
                for country, percentage in programme["countries"]:
                    key = (country, year)
                    totals[key] = totals.get(key, Decimal(0)) + part * percentage / hundred
    return totals


def timed(label: str, rows: int, call: Any, *args: Any, **kwargs: Any) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    result = call(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{label:<28} {seconds:9.2f} s  {rows / seconds:12,.0f} programmes/s", flush=True)
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--programmes", type=int, default=1_000_000)
    parser.add_argument(
        "--memory-sample", type=int, default=20_000, help="programmes for the tracemalloc peak"
    )
    args = parser.parse_args()
    count = args.programmes
    print(f"python {sys.version.split()[0]}; {count:,} programmes")
    started = time.perf_counter()
    rates = published_rates()
    table = RateTable(rates, "synthetic")
    made = programmes(count)
    data = plain(made)
    lookup = {(r.target, r.date): r.rate for r in rates}
    print(f"built in {time.perf_counter() - started:.1f} s ({len(rates):,} published rates)")

    loop_seconds, by_hand = timed("hand-written loop", count, hand_loop, data, lookup)
    rollup_seconds, result = timed(
        "rollup (Python API)", count, rollup, made, by="country,year", currency="EUR", rates=table
    )
    found = {(row.keys[0], int(row.keys[1])): row.amount.low.amount for row in result.rows}
    worst = max(abs(found[key] - value) for key, value in by_hand.items())
    print(f"  same totals as the loop: {set(found) == set(by_hand)}, largest difference {worst:.2E} EUR")
    print(f"  ratio rollup / loop: {rollup_seconds / loop_seconds:.2f} (target: at most 3)")

    try:
        from itaproj.io.tables import to_tables, write_parquet
        from itaproj.sql import connect, register_rates, totals_by_country_and_year
    except ImportError as error:  # (before the tables and SQL layers exist, or without pyarrow/duckdb)
        print(f"tables and DuckDB skipped: {error}")
        return
    tables_seconds, tables = timed("to_tables", count, to_tables, made)
    size = sum(t.nbytes for t in tables.values())
    with tempfile.TemporaryDirectory() as folder:
        timed("write_parquet", count, write_parquet, tables, Path(folder))
        del tables
        connection = connect(Path(folder))
        register_rates(connection, table)
        duck_seconds, rows = timed(
            "duckdb over Parquet", count, lambda: connection.execute(totals_by_country_and_year()).fetchall()
        )
    duck = {(country, int(year)): amount for country, year, _, amount in rows}
    worst = max(abs(Decimal(duck[key]) - value) for key, value in by_hand.items())
    print(f"  same totals as the loop: {set(duck) == set(by_hand)}, largest difference {worst:.2E} EUR")
    print(f"  ratio rollup / duckdb: {rollup_seconds / duck_seconds:.1f} (target: at least 10)")
    print(f"  to_tables: {count / tables_seconds:,.0f} programmes/s, Arrow size {size / 2**20:,.0f} MiB")

    sample = made[: args.memory_sample]
    del made, data
    gc.collect()
    tracemalloc.start()
    sampled = to_tables(sample)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    sample_size = sum(t.nbytes for t in sampled.values())
    print(
        f"to_tables peak on {len(sample):,} programmes: {peak / 2**20:.1f} MiB for {sample_size / 2**20:.1f} MiB"
        f" of Arrow: {peak / sample_size:.2f}x (target: under 3)"
    )


if __name__ == "__main__":
    main()
