"""Ingest speed, scaling and memory: a synthetic registry into one Parquet dataset.

Run from the repository root::

    python benchmarks/bench_ingest.py                         # 2,000 files, 2 GB: the issue's size
    python benchmarks/bench_ingest.py --files 100 --mb 100    # a quick run

The registry is built once into ``benchmarks/data/registry-<N>f-<M>mb/`` (git-ignored) from the
real files of ``tests/data/iati/real``: file ``i`` takes the activities of real file
``i mod 14``, repeated until it reaches its size, with every identifier made unique (``-f<i>-<k>``
appended). Sizes vary around the mean (0.25x to 1.75x) so that memory is seen on small and large
files alike.

One run measures, each in a fresh Python process (so that its peak memory is its own):

- ``1 worker``: ``ingest(..., workers=1)``, in the process itself;
- ``local``: ``ingest(..., workers=W)``, a process pool of ``W`` (``--workers``, default the
  number of cores);
- ``dask``: ``ingest(..., engine="dask")`` on ``itaproj.ingest.local_dask_cluster(W)`` (a
  ``distributed.LocalCluster`` of ``W`` worker processes of one thread, set up with
  ``DASK_WORKER_CONFIG``), started before the clock;
- ``re-run``: the local pool again, on the last run's dataset, after 1 % of the files changed
  (an identifier rewritten).

It prints MB/s (of XML read), activities/s, the speed-up per worker against one worker, Dask's
overhead against the local pool, the re-run's cost against the full run, the peak resident
memory per worker (``ru_maxrss``: of the process for 1 worker, of the largest child for the
pool, of each Dask worker), and a projection of the full registry (1.2 M activities, 30 GB)
from the per-core throughput (bytes and activities per CPU second of the 1-worker run).
``CPU s`` is the CPU time of the run (the parent and its workers): on a shared machine the wall
clock measures the other jobs too, the CPU time far less so. This is a script, not a test:
nothing asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "data" / "iati" / "real"
DATA = Path(__file__).resolve().parent / "data"
MB = 1_000_000
FACTORS = (0.25, 0.5, 1.0, 1.5, 1.75)  # file sizes around the mean
IDENTIFIER = re.compile(rb"<iati-identifier>\s*([^<]*?)\s*</iati-identifier>")


def _activities(path: Path) -> tuple[bytes, list[bytes], bytes]:
    """The file's head (up to the root's start tag), its activities' bytes, its tail."""
    from lxml import etree

    text = path.read_bytes()
    start = text.index(b">", text.index(b"<iati-activities")) + 1
    end = text.rindex(b"</iati-activities>")
    root = etree.fromstring(text)
    activities = [etree.tostring(element) for element in root.findall("iati-activity")]
    return text[:start], activities, text[end:]


def build(files: int, megabytes: int) -> Path:
    """The synthetic registry: ``files`` files of ``megabytes`` MB in all (built once)."""
    folder = DATA / f"registry-{files}f-{megabytes}mb"
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    sources = [_activities(path) for path in sorted(REAL.glob("*.xml"))]
    sources = [source for source in sources if source[1]]
    mean = megabytes * MB / files
    for index in range(files):
        head, activities, tail = sources[index % len(sources)]
        target = mean * FACTORS[index % len(FACTORS)]
        parts = [head]
        size = len(head) + len(tail)
        count = 0
        while size < target or count == 0:
            activity = activities[count % len(activities)]
            suffix = f"-f{index}-{count}".encode()
            activity = IDENTIFIER.sub(
                lambda m, s=suffix: b"<iati-identifier>" + m[1] + s + b"</iati-identifier>", activity, count=1
            )
            parts.append(activity)
            size += len(activity)
            count += 1
        parts.append(tail)
        (folder / f"file-{index:05d}.xml").write_bytes(b"".join(parts))
    done.write_text("ok")
    return folder


def _child(args: argparse.Namespace) -> None:
    """One measurement, in this fresh process: prints a JSON line."""
    from itaproj.ingest import ingest

    out = Path(args.out)
    if args.mode != "rerun":
        shutil.rmtree(out, ignore_errors=True)
    worker_rss: list[int] = []
    if args.mode == "dask":
        import distributed

        from itaproj.ingest import local_dask_cluster

        # The cluster ingest itself starts (its workers set up by DASK_WORKER_CONFIG), started here
        # so that its start-up is outside the clock.
        with local_dask_cluster(args.workers) as cluster, distributed.Client(cluster) as client:
            client.run(lambda: None)  # workers up before the clock
            started = time.perf_counter()
            result = ingest([args.registry], out, engine="dask", scheduler=client)
            seconds = time.perf_counter() - started
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            worker_rss = sorted(rss.values())
            cpu = sum(client.run(_cpu_self).values())
    else:
        started = time.perf_counter()
        result = ingest([args.registry], out, workers=args.workers)
        seconds = time.perf_counter() - started
    if args.mode != "dask":
        cpu = _cpu_self() + _cpu(resource.RUSAGE_CHILDREN)
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if args.workers == 1 and args.mode == "local":
        worker_rss = [own]
    elif args.mode != "dask":
        worker_rss = [children]
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": cpu,
                "activities": result.activities,
                "bytes": result.bytes_read,
                "read": result.count("read"),
                "unchanged": result.count("unchanged"),
                "failed": result.count("failed"),
                "worker_kb": worker_rss,
                "parent_kb": own,
            }
        )
    )


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _cpu_self() -> float:
    """CPU seconds of this process (in a Dask worker: of the worker; its import time included)."""
    return _cpu(resource.RUSAGE_SELF)


def _measure(mode: str, registry: Path, out: Path, workers: int) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--registry",
        str(registry),
        "--out",
        str(out),
        "--workers",
        str(workers),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _touch(registry: Path, share: float) -> int:
    """Change ``share`` of the files (an identifier rewritten); how many."""
    files = sorted(registry.glob("*.xml"))
    step = max(1, round(1 / share))
    changed = 0
    for path in files[::step]:
        text = path.read_bytes()
        path.write_bytes(
            IDENTIFIER.sub(
                lambda m: b"<iati-identifier>" + m[1] + b"-changed</iati-identifier>", text, count=1
            )
        )
        changed += 1
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--mb", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask run out")
    parser.add_argument("--child", choices=["local", "dask", "rerun"], help=argparse.SUPPRESS)
    parser.add_argument("--registry", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        args.mode = args.child
        _child(args)
        return
    started = time.perf_counter()
    registry = build(args.files, args.mb)
    size = sum(path.stat().st_size for path in registry.glob("*.xml"))
    print(
        f"registry: {args.files} files, {size / MB:,.0f} MB ({registry}; built in {time.perf_counter() - started:.0f} s)"
    )
    out = DATA / f"ingest-out-{args.files}f-{args.mb}mb"
    workers = args.workers
    runs = {"1 worker": _measure("local", registry, out, 1)}
    runs[f"local x{workers}"] = _measure("local", registry, out, workers)
    if not args.no_dask:
        runs[f"dask x{workers}"] = _measure("dask", registry, out, workers)
    # The re-run starts from the last run's dataset: local and Dask write the same bytes.
    changed = _touch(registry, 0.01)
    runs[f"re-run x{workers}, {changed} changed"] = _measure("rerun", registry, out, workers)
    (registry / ".complete").unlink()  # the registry changed: build it anew next time
    one = float(runs["1 worker"]["seconds"])
    print(
        f"{'run':<28}{'seconds':>9}{'CPU s':>8}{'MB/s':>8}{'act/s':>9}{'speed-up/worker':>17}{'peak MB/worker':>17}"
    )
    for name, run in runs.items():
        seconds = float(run["seconds"])
        n = 1 if name == "1 worker" else workers
        peak = max(run["worker_kb"]) / 1024 if run["worker_kb"] else float("nan")
        speedup = "" if name.startswith("re-run") else f"{one / seconds / n:.2f}"
        print(
            f"{name:<28}{seconds:>9.2f}{float(run['cpu']):>8.1f}{int(run['bytes']) / MB / seconds:>8.1f}"
            f"{int(run['activities']) / seconds:>9.0f}{speedup:>17}{peak:>17.0f}"
        )
    local = float(runs[f"local x{workers}"]["seconds"])
    if not args.no_dask:
        dask = float(runs[f"dask x{workers}"]["seconds"])
        print(f"dask overhead against the local pool: {100 * (dask / local - 1):+.1f} %")
    rerun = float(runs[f"re-run x{workers}, {changed} changed"]["seconds"])
    print(f"re-run with {changed} of {args.files} files changed: {100 * rerun / local:.1f} % of the full run")
    # Per core: what the 1-worker run did per CPU second (a core of its own, whatever the load).
    cpu_one = float(runs["1 worker"]["cpu"])
    per_core = int(runs["1 worker"]["bytes"]) / cpu_one
    per_core_activities = int(runs["1 worker"]["activities"]) / cpu_one
    print(
        f"per core (CPU time of 1 worker): {per_core / MB:.2f} MB/s, {per_core_activities:,.0f} activities/s"
    )
    for cores in (1, 16, 128):
        by_bytes = 30e9 / (per_core * cores)
        by_activities = 1.2e6 / (per_core_activities * cores)
        print(
            f"projection, 30 GB / 1.2 M activities on {cores:>3} cores at that rate:"
            f" {by_bytes / 60:,.1f} min by bytes, {by_activities / 60:,.1f} min by activities"
        )


if __name__ == "__main__":
    main()
