"""JSON Lines against the JSON document: time and peak memory of writing and reading a catalogue.

Run from the repository root::

    python benchmarks/bench_lines.py               # 2,000 programmes (~23 MB of JSON)
    python benchmarks/bench_lines.py --quick       # 200 programmes, a smoke run
    python benchmarks/bench_lines.py --programmes 8000 --rounds 3

The programmes are bench_json.py's synthetic ones (so this needs what that needs: the ``bench``
extra). Each side writes and reads the same catalogue, through files in a temporary folder:

* document: ``dump(catalogue, path, indent=False)``; ``loads`` of the file's bytes;
* lines: ``dump_lines(catalogue, path)`` (both writes are atomic: a temporary file, flushed to
  disk with ``fsync`` and renamed); ``load_lines(path)`` (the whole catalogue again) and
  ``iter_lines(path)`` consumed one programme at a time (what a streaming job does).

Times are medians of interleaved rounds with the collector on, as a caller has it. Peak memory
is tracemalloc's peak during the call above what was allocated before it (the catalogue being
written is allocated before, so it is not counted; a catalogue being read is). A separate run
without a catalogue in memory writes programmes made one at a time with ``dump_lines`` (the
streaming case). This is a script, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_json

import itaproj
from itaproj import Catalogue, Programme
from itaproj.io import dump, loads
from itaproj.io.lines import dump_lines, iter_lines, load_lines


def _streamed(count: int) -> Iterator[Programme]:
    """bench_json's programmes, made one at a time (the same ones bench_json.catalogue builds)."""
    rng = bench_json.random.Random(2024)
    organisations = bench_json.organisations()
    for index in range(count):
        yield bench_json.programme(index, rng, organisations)


def _count(programmes: Iterator[Programme]) -> int:
    return sum(1 for _ in programmes)


def _peak(function: Callable[[], Any]) -> int:
    """tracemalloc's peak during ``function()`` above what was allocated before it, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        result = function()
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    del result
    return peak


def _seconds(function: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--programmes", type=int, default=2000, help="catalogue size (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--quick", action="store_true", help="200 programmes, 3 rounds: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.programmes, args.rounds = 200, 3

    print(f"Python {platform.python_version()} ({platform.machine()}), itaproj {itaproj.__version__}")
    catalogue = bench_json.catalogue(args.programmes)
    folder = Path(tempfile.mkdtemp(prefix="bench-lines-"))
    document, lines = folder / "catalogue.json", folder / "catalogue.jsonl"

    def write_document() -> None:
        dump(catalogue, document, indent=False)

    def write_lines() -> None:
        dump_lines(catalogue, lines)

    def read_document() -> Catalogue:
        return loads(document.read_bytes(), Catalogue)

    def read_lines() -> Catalogue:
        return load_lines(lines)

    def stream_lines() -> int:
        return _count(iter_lines(lines))

    write_document()
    write_lines()
    assert read_lines() == read_document() == catalogue
    assert stream_lines() == len(catalogue)
    print(
        f"Catalogue: {len(catalogue)} programmes; {document.stat().st_size / 1e6:.1f} MB as a document, "
        f"{lines.stat().st_size / 1e6:.1f} MB as JSON Lines",
        flush=True,
    )

    cases: dict[str, Callable[[], Any]] = {
        "write document": write_document,
        "write lines": write_lines,
        "read document": read_document,
        "load_lines": read_lines,
        "iter_lines": stream_lines,
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for number in range(args.rounds):
        for name in names[number % len(names) :] + names[: number % len(names)]:
            samples[name].append(_seconds(cases[name]))
    seconds = {name: statistics.median(values) for name, values in samples.items()}
    peaks = {name: _peak(case) for name, case in cases.items()}

    streamed_file = folder / "streamed.jsonl"
    organisations = bench_json.organisations()
    stream_peak = _peak(
        lambda: dump_lines(_streamed(args.programmes), streamed_file, organisations=organisations)
    )
    assert list(iter_lines(streamed_file)) == list(catalogue.programmes)

    print(f"\nMedians of {args.rounds} interleaved rounds (GC on), tracemalloc peaks (separate runs):")
    print(f"  {'':16} {'seconds':>9} {'peak MB':>9}")
    for name in cases:
        print(f"  {name:16} {seconds[name]:9.3f} {peaks[name] / 1e6:9.2f}")
    print(
        f"  {'stream to lines':16} {'':>9} {stream_peak / 1e6:9.2f}  (programmes made one at a time, no catalogue)"
    )
    print("\nRatios, lines / document:")
    print(
        f"  write: time {seconds['write lines'] / seconds['write document']:.2f}x, "
        f"peak memory {peaks['write lines'] / peaks['write document']:.3f}x"
    )
    print(
        f"  read whole (load_lines / loads): time {seconds['load_lines'] / seconds['read document']:.2f}x, "
        f"peak memory {peaks['load_lines'] / peaks['read document']:.2f}x"
    )
    print(
        f"  read streaming (iter_lines / loads): time {seconds['iter_lines'] / seconds['read document']:.2f}x, "
        f"peak memory {peaks['iter_lines'] / peaks['read document']:.4f}x"
    )
    for path in (document, lines, streamed_file):
        path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
