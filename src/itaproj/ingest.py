"""Many IATI files into one Parquet dataset, on a local process pool or on Dask.

:func:`ingest` reads each IATI activity file with the streaming reader
(:func:`itaproj.iati.iter_programmes`), turns every batch of programmes into the tidy tables
(:func:`itaproj.io.tables.to_tables`) and appends them as row groups to one Parquet part per
table, partition and file. The result is a hive-partitioned dataset that DuckDB, pyarrow,
polars and Spark read as it is::

    OUTDIR/
      _manifest.json                      what was read: sha256, size and parts of each file
      ingest_report.parquet               one row per file: status, counts, error
      programmes/_schema.parquet          no rows: the table's columns, partition column included
      programmes/publisher=XM-DAC-41114/<file id>.parquet
      transactions/publisher=unknown/<file id>.parquet
      ...

* Partitions: ``partition="publisher"`` (the default) puts each programme's rows under the IATI
  ``ref`` of its reporting organisation (``publisher=unknown`` when it states none); a file of
  several publishers has one part in each. ``partition="file"`` puts every row of a file under
  ``file=<file id>``. A value is written as it is when it holds only ASCII letters, digits and
  ``-``, ``_``, ``.``, ``~`` (and does not start with ``.``); every other byte of its UTF-8 is
  written ``%XX`` (``GB/1`` -> ``GB%2F1``), the escaping Hive and Spark use, which pyarrow,
  DuckDB and Spark undo on reading.
* File ids: the file's name (its letters, digits, ``-``, ``_`` and ``.``, at most 40), a ``-`` and
  the first 12 hex digits of the sha256 of its source name: stable from run to run.
* Keys: every table has a ``source_file`` column first, the file as it was named (a folder
  given joined with the file's path inside it, POSIX style). The reader makes ``programme``
  unique within a file (a repeated identifier becomes ``ID~N``), so ``(source_file,
  programme)`` is unique across the dataset even when two files hold the same activity.
  ``programmes.position`` is the activity's 0-based index in its file.
* Tables: those of :data:`~itaproj.io.tables.TABLE_NAMES` but ``catalogue`` (a file is no
  catalogue). ``organisations`` (and their ``texts``) hold each organisation a part's programmes
  name, once per distinct row.
* Report: ``ingest_report.parquet`` has a row for every file of the dataset (:class:`FileReport`):
  ``file``, ``status`` (``read``, ``unchanged``, ``failed`` or ``kept``: given in an earlier run,
  not in this one), ``size``, ``sha256``, ``activities``, ``errors``, ``warnings``, ``infos``
  (the reading findings by severity), ``error`` (null unless it failed) and ``seconds``. A file
  that cannot be read (not XML, truncated, hostile...) fails alone; it has no rows in the tables.
* Incremental: ``_manifest.json`` keeps the sha256, size and parts of each file. A re-run skips
  a file whose size and sha256 are unchanged, replaces the parts of a changed one (removing
  those it no longer has), retries failed ones, and keeps the files not given again unless
  ``prune`` is set. Each part is written under a temporary name in its folder and renamed into
  place when the file is done, the manifest last: an interrupted run leaves a readable dataset
  (a killed one may leave temporary files, hidden, which the next run removes). Two runs must
  not write to one folder at the same time.
* Engines: ``engine="local"`` runs a :class:`concurrent.futures.ProcessPoolExecutor` of
  ``workers`` processes (``workers=1``: in this process); ``engine="dask"`` sends the same task
  per file to a Dask distributed cluster (extra ``dask``). Each part depends on its file alone,
  so both write the same bytes. Tasks and results pickle. The ``LocalCluster`` that ingest
  starts runs its workers with :data:`DASK_WORKER_CONFIG`; start the workers of your own
  cluster with it too (``dask.config.set(DASK_WORKER_CONFIG)``, or the ``DASK_...`` environment
  variables it stands for): Dask's defaults cost ingest 30-40 % of its speed.

Needs pyarrow (``pip install 'itaproj[arrow]'``) and lxml (``itaproj[xml]``).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> result = ingest([], Path(tempfile.mkdtemp()) / "dataset")
    >>> result.ok, len(result.files)
    (True, 0)
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from itaproj.errors import InvalidValueError, LoadError, LoadIssue, MissingDependencyError
from itaproj.findings import Severity
from itaproj.io._atomic import atomic_output
from itaproj.io.tables import _arrow, _parquet
from itaproj.programme import Programme

__all__ = [
    "DASK_WORKER_CONFIG",
    "FileReport",
    "IngestProgress",
    "IngestResult",
    "dataset_tables",
    "discover",
    "ingest",
    "local_dask_cluster",
]

#: Dask settings for the workers of an ingest: ingest is pure-Python work on one thread per
#: worker, and Dask's defaults wake each worker's event loop every 10-20 ms (a stack sample for
#: the statistical profiler, the loop's health tick, the memory monitor), each time taking the
#: GIL from the task. Measured on 100 files (100 MB, 2 workers): 44.2 s with the defaults,
#: 34.1 s with these, against 29.9 s for the local pool. The dashboard's profile page stays empty.
DASK_WORKER_CONFIG: Final[Mapping[str, object]] = MappingProxyType(
    {
        "distributed.worker.profile.enabled": False,
        "distributed.admin.tick.interval": "1s",
        "distributed.worker.memory.monitor-interval": "1s",
        "distributed.admin.system-monitor.interval": "2s",
    }
)

#: The version of the manifest's layout (``_manifest.json``).
MANIFEST_VERSION: Final = 1
_MANIFEST = "_manifest.json"
_REPORT = "ingest_report.parquet"
_SCHEMA_PART = "_schema.parquet"
_SOURCE = "source_file"
_UNKNOWN = "unknown"
_SAFE = re.compile(r"[A-Za-z0-9_.~-]")
_STEM_KEEP = re.compile(r"[^A-Za-z0-9_.-]+")
_FLUSH_BYTES = 32 * 1024 * 1024  # buffered Arrow data per file before row groups are written
_FLUSH_ROWS = 131_072  # rows of one part buffered before they are written as a row group

Partition = Literal["publisher", "file"]
Engine = Literal["local", "dask"]


def dataset_tables() -> tuple[str, ...]:
    """The tables an ingest writes: :data:`~itaproj.io.tables.TABLE_NAMES` but ``catalogue``."""
    from itaproj.io.tables import TABLE_NAMES

    return tuple(name for name in TABLE_NAMES if name != "catalogue")


def _escape(value: str) -> str:
    """A partition value safe as a folder name: unusual bytes as ``%XX`` (Hive's escaping)."""
    if not value:
        return _UNKNOWN
    out = []
    for index, char in enumerate(value):
        if _SAFE.fullmatch(char) and not (index == 0 and char == "."):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _file_id(name: str) -> str:
    stem = _STEM_KEEP.sub("_", Path(name).stem).strip("._")[:40] or "file"
    return f"{stem}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:12]}"


# --- sources ---------------------------------------------------------------------------------------


def discover(sources: Iterable[str | os.PathLike[str]]) -> list[tuple[str, Path]]:
    r"""The files that ``sources`` name, as ``(source name, path)`` sorted by name, without repeats.

    A source is a file (any name), a folder (walked recursively for files ending in ``.xml``,
    in any case; hidden files and folders, those starting with ``.``, are left out) or a list
    file: ``@PATH`` names a text file of one source per line (files or folders; blank lines
    and lines starting with ``#`` are skipped; relative paths are relative to the list file's
    folder). The name of a file is its path as given, joined with its path inside a folder
    given, in POSIX form.

    Raises:
        InvalidValueError: a source names nothing that exists.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> folder = Path(tempfile.mkdtemp())
        >>> (folder / "b").mkdir()
        >>> for name in ("a.xml", "b/c.XML", "b/notes.txt"):
        ...     _ = (folder / name).write_text("<x/>")
        >>> _ = (folder / "list.txt").write_text("# two sources\nb\na.xml\n")
        >>> [Path(name).relative_to(folder).as_posix() for name, _ in discover([f"@{folder}/list.txt"])]
        ['a.xml', 'b/c.XML']
    """
    found: dict[str, Path] = {}
    for source in sources:
        text = os.fspath(source)
        if text.startswith("@"):
            listing = Path(text[1:])
            if not listing.is_file():
                raise InvalidValueError("sources", text, "name an existing list file after '@'")
            for line in listing.read_text(encoding="utf-8").splitlines():
                entry = line.strip()
                if entry and not entry.startswith("#"):
                    _add(listing.parent / entry, found)
        else:
            _add(Path(text), found)
    return sorted(found.items())


def _add(path: Path, found: dict[str, Path]) -> None:
    if path.is_dir():
        for root, folders, files in os.walk(path):
            folders[:] = sorted(folder for folder in folders if not folder.startswith("."))
            for name in files:
                if name.lower().endswith(".xml") and not name.startswith("."):
                    file = Path(root) / name
                    found.setdefault(file.as_posix(), file)
    elif path.is_file():
        found.setdefault(path.as_posix(), path)
    else:
        raise InvalidValueError("sources", str(path), "name an existing file or folder")


# --- what crosses the process boundary -----------------------------------------------------------


@attrs.frozen
class _Task:
    """One file to read: what a worker needs, all of it picklable."""

    name: str
    path: str
    file_id: str
    outdir: str
    partition: str
    batch_size: int
    known_size: int | None = None
    known_sha256: str | None = None


def _as_parts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FileReport:
    """What happened to one file: a row of ``ingest_report``.

    Attributes:
        file: The file's source name (the ``source_file`` of its rows).
        status: ``"read"``, ``"unchanged"`` (skipped: same size and sha256 as before),
            ``"failed"``, or ``"kept"`` (in the dataset from an earlier run, not given now).
        size: Its size in bytes (``-1`` when it could not be read at all).
        sha256: The sha256 of its bytes, in hex (empty when it could not be read at all).
        activities: The activities read (for a failed file, those read before it failed; none
            of them is in the dataset).
        errors: Reading findings of severity error.
        warnings: Reading findings of severity warning.
        infos: Reading findings of severity info.
        error: Why it failed (the exception's class and message), else ``None``.
        seconds: How long reading and writing it took when it was last read.
        parts: The parts written for it, relative to the output folder.
    """

    file: str
    status: str
    size: int = -1
    sha256: str = ""
    activities: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    error: str | None = None
    seconds: float = 0.0
    parts: tuple[str, ...] = attrs.field(default=(), converter=_as_parts)


@attrs.frozen
class IngestProgress:
    """Where a run is: given to the ``progress`` callback of :func:`ingest` after each file.

    Attributes:
        done: Files finished (read, unchanged or failed).
        total: Files of the run.
        activities: Activities read so far.
        bytes_read: Bytes of the files read so far (unchanged ones not counted).
        failed: Files failed so far.
        seconds: Since the run started.
    """

    done: int
    total: int
    activities: int
    bytes_read: int
    failed: int
    seconds: float

    @property
    def mb_per_second(self) -> float:
        """Megabytes (10^6 bytes) read per second."""
        return self.bytes_read / 1e6 / self.seconds if self.seconds > 0 else 0.0


@attrs.frozen
class IngestResult:
    """What :func:`ingest` did.

    Attributes:
        outdir: The dataset's folder.
        files: A report for every file of the dataset, sorted by name (``ingest_report``).
        pruned: Files removed from the dataset (``prune``), sorted.
        seconds: How long the run took.
    """

    outdir: str
    files: tuple[FileReport, ...]
    pruned: tuple[str, ...] = ()
    seconds: float = 0.0

    def count(self, status: str) -> int:
        """How many files have this status."""
        return sum(report.status == status for report in self.files)

    @property
    def ok(self) -> bool:
        """Whether no file failed."""
        return self.count("failed") == 0

    @property
    def activities(self) -> int:
        """Activities read in this run."""
        return sum(report.activities for report in self.files if report.status == "read")

    @property
    def bytes_read(self) -> int:
        """Bytes of the files read in this run."""
        return sum(
            report.size for report in self.files if report.status in ("read", "failed") and report.size > 0
        )

    def summary(self) -> dict[str, Any]:
        """The run in figures, as JSON builtins (what ``itaproj ingest --json`` prints)."""
        return {
            "outdir": self.outdir,
            "files": len(self.files),
            "read": self.count("read"),
            "unchanged": self.count("unchanged"),
            "failed": self.count("failed"),
            "kept": self.count("kept"),
            "pruned": len(self.pruned),
            "activities": self.activities,
            "bytes_read": self.bytes_read,
            "seconds": round(self.seconds, 3),
            "failures": [
                {"file": report.file, "error": report.error}
                for report in self.files
                if report.status == "failed"
            ],
        }


# --- the worker: one file to parts ------------------------------------------------------------------


def _schemas() -> dict[str, Any]:
    """Each dataset table's Arrow schema: ``source_file`` then the tidy table's columns."""
    from itaproj.io.tables import to_tables

    pa = _arrow()
    tables = to_tables([])
    return {name: tables[name].schema.insert(0, pa.field(_SOURCE, pa.string())) for name in dataset_tables()}


def _sha256(path: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


class _Part:
    """One Parquet part being written: a temporary file, rows buffered until a row group."""

    def __init__(self, final: Path, schema: Any) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
        os.close(handle)
        self.temporary = Path(temporary)
        self.schema = schema
        self.writer: Any = None
        self.buffer: list[Any] = []
        self.rows = 0
        self.nbytes = 0

    def add(self, table: Any) -> None:
        self.buffer.append(table)
        self.rows += table.num_rows
        self.nbytes += table.nbytes

    def flush(self) -> None:
        if not self.buffer:
            return
        pa = _arrow()
        if self.writer is None:
            self.writer = _parquet().ParquetWriter(str(self.temporary), self.schema)
        self.writer.write_table(pa.concat_tables(self.buffer), row_group_size=max(self.rows, 1))
        self.buffer, self.rows, self.nbytes = [], 0, 0

    def close(self) -> None:
        self.flush()
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            if self.writer is not None:
                self.writer.close()
        with contextlib.suppress(FileNotFoundError):
            self.temporary.unlink()


class _FileWriter:
    """The parts of one source file: a batch of programmes at a time, committed at the end."""

    def __init__(self, task: _Task) -> None:
        self.task = task
        self.schemas = _schemas()
        self.parts: dict[tuple[str, str], _Part] = {}
        self.seen: dict[tuple[str, str], set[tuple[Any, ...]]] = {}

    def add(self, programmes: list[tuple[int, Programme]]) -> None:
        groups: dict[str, list[tuple[int, Programme]]] = {}
        for index, programme in programmes:
            groups.setdefault(self.partition_value(programme), []).append((index, programme))
        for value, group in groups.items():
            self.add_group(value, group)
        if sum(part.nbytes for part in self.parts.values()) >= _FLUSH_BYTES:
            for part in self.parts.values():
                part.flush()

    def partition_value(self, programme: Programme) -> str:
        if self.task.partition == "file":
            return self.task.file_id
        publication = programme.publication
        organisation = None if publication is None else publication.reporting_org
        ref = None if organisation is None else organisation.ref
        return _escape(ref) if ref else _UNKNOWN

    def add_group(self, value: str, group: list[tuple[int, Programme]]) -> None:
        from itaproj.io.tables import to_tables

        pa = _arrow()
        tables = to_tables([programme for _, programme in group])
        positions = pa.array([index for index, _ in group], pa.int32())
        programmes = tables["programmes"]
        tables["programmes"] = programmes.set_column(
            programmes.schema.get_field_index("position"), "position", positions
        )
        tables["organisations"] = self.distinct(value, "organisations", tables["organisations"], None)
        tables["texts"] = self.distinct(value, "texts", tables["texts"], "programme")
        for name in dataset_tables():
            table = tables[name]
            if table.num_rows == 0:
                continue
            table = table.add_column(0, _SOURCE, pa.array([self.task.name] * table.num_rows, pa.string()))
            key = (name, value)
            part = self.parts.get(key)
            if part is None:
                part = self.parts[key] = _Part(self.final(name, value), self.schemas[name])
            part.add(table)
            if part.rows >= _FLUSH_ROWS:
                part.flush()

    def distinct(self, value: str, name: str, table: Any, programme_column: str | None) -> Any:
        """Rows of organisations (and their texts) not already in this part, in order."""
        pa = _arrow()
        if table.num_rows == 0:
            return table
        seen = self.seen.setdefault((name, value), set())
        rows = table.to_pylist()
        keep = []
        for index, row in enumerate(rows):
            if programme_column is not None and row[programme_column] is not None:
                keep.append(index)  # a programme's own text: never repeated
                continue
            marker = tuple(row.values())
            if marker not in seen:
                seen.add(marker)
                keep.append(index)
        return table if len(keep) == len(rows) else table.take(pa.array(keep, pa.int64()))

    def final(self, table: str, value: str) -> Path:
        return (
            Path(self.task.outdir) / table / f"{self.task.partition}={value}" / f"{self.task.file_id}.parquet"
        )

    def commit(self) -> tuple[str, ...]:
        """Close every part and rename it into place; the parts relative to the output folder."""
        for part in self.parts.values():
            part.close()
        outdir = Path(self.task.outdir)
        names = []
        for part in self.parts.values():
            os.replace(part.temporary, part.final)
            names.append(part.final.relative_to(outdir).as_posix())
        return tuple(sorted(names))

    def discard(self) -> None:
        for part in self.parts.values():
            part.discard()


def _batches(task: _Task, counts: dict[str, int]) -> Iterator[list[tuple[int, Programme]]]:
    """The file's programmes with their index, ``batch_size`` at a time; ``counts`` kept up to date."""
    from itaproj.iati import iter_programmes

    batch: list[tuple[int, Programme]] = []
    for index, (programme, findings) in enumerate(iter_programmes(task.path)):
        counts["activities"] += 1
        for finding in findings:
            counts[finding.severity.value] += 1
        batch.append((index, programme))
        if len(batch) >= task.batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ingest_file(task: _Task) -> FileReport:
    """Read one file into its parts; never raises for a bad file (it becomes a failed report)."""
    started = time.perf_counter()
    try:
        size, sha256 = _sha256(task.path)
    except OSError as error:
        return FileReport(task.name, "failed", error=f"{type(error).__name__}: {error}")
    if size == task.known_size and sha256 == task.known_sha256:
        return FileReport(task.name, "unchanged", size, sha256)
    counts = dict.fromkeys(("activities", *(severity.value for severity in Severity)), 0)
    writer: _FileWriter | None = None
    message: str | None = None
    parts: tuple[str, ...] = ()
    try:
        writer = _FileWriter(task)
        for batch in _batches(task, counts):
            writer.add(batch)
        parts = writer.commit()
    except BaseException as error:
        if writer is not None:
            writer.discard()  # no temporary part left behind, whatever stopped the file
        if isinstance(error, MissingDependencyError) or not isinstance(error, Exception):
            raise
        # Any other failure of one file stays with that file.
        status, parts, message = "failed", (), f"{type(error).__name__}: {error}"
    else:
        status = "read"
    return FileReport(
        task.name,
        status,
        size,
        sha256,
        counts["activities"],
        counts[Severity.ERROR.value],
        counts[Severity.WARNING.value],
        counts[Severity.INFO.value],
        message,
        time.perf_counter() - started,
        parts,
    )


# --- engines -----------------------------------------------------------------------------------------


def _run_local(tasks: Sequence[_Task], workers: int) -> Iterator[FileReport]:
    if workers == 1 or len(tasks) <= 1:
        for task in tasks:
            yield _ingest_file(task)
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(tasks))) as pool:
        futures = {pool.submit(_ingest_file, task): task for task in tasks}
        for future in concurrent.futures.as_completed(futures):
            yield _result(future, futures[future])


def _result(future: Any, task: _Task) -> FileReport:
    try:
        report: FileReport = future.result()
    except MissingDependencyError:
        raise
    except Exception as error:  # the worker died (killed, out of memory): this file failed
        return FileReport(task.name, "failed", error=f"{type(error).__name__}: {error}")
    return report


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise MissingDependencyError("distributed", "dask", "Ingest on Dask") from None
    return distributed


def local_dask_cluster(workers: int) -> Any:
    """A ``distributed.LocalCluster`` of ``workers`` processes of one thread, set up for ingest.

    Its workers run with :data:`DASK_WORKER_CONFIG`; it has no dashboard. What :func:`ingest`
    starts when given ``engine="dask"`` and no scheduler; use it as a context manager.
    """
    distributed = _distributed()
    import dask

    with dask.config.set(dict(DASK_WORKER_CONFIG)):  # the nannies hand it to their workers
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )


def _run_dask(tasks: Sequence[_Task], workers: int, scheduler: Any) -> Iterator[FileReport]:
    distributed = _distributed()
    with contextlib.ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(local_dask_cluster(workers))
            client = stack.enter_context(distributed.Client(cluster))
        elif isinstance(scheduler, str):
            client = stack.enter_context(distributed.Client(scheduler))
        else:
            client = scheduler  # a Client the caller owns
        futures = client.map(_ingest_file, list(tasks), pure=False)
        by_future = dict(zip(futures, tasks, strict=True))
        for future in distributed.as_completed(futures):
            yield _result(future, by_future[future])


# --- the manifest and the run --------------------------------------------------------------------------


def _load_manifest(outdir: Path) -> dict[str, Any]:
    path = outdir / _MANIFEST
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict):
            raise TypeError("files is not an object")
    except (ValueError, KeyError, TypeError) as error:
        raise LoadError([LoadIssue("$", f"not an ingest manifest: {error}")], source=str(path)) from None
    return dict(data)


def _entry(report: FileReport) -> dict[str, Any]:
    data = attrs.asdict(report)
    data["parts"] = list(report.parts)
    del data["file"], data["status"]
    return data


def _from_entry(name: str, status: str, data: dict[str, Any]) -> FileReport:
    fields = {field.name for field in attrs.fields(FileReport)} - {"file", "status"}
    return FileReport(name, status, **{key: value for key, value in data.items() if key in fields})


def _write_report(outdir: Path, reports: Sequence[FileReport]) -> None:
    pa = _arrow()
    columns: dict[str, tuple[Any, list[Any]]] = {
        "file": (pa.string(), [r.file for r in reports]),
        "status": (pa.string(), [r.status for r in reports]),
        "size": (pa.int64(), [r.size for r in reports]),
        "sha256": (pa.string(), [r.sha256 for r in reports]),
        "activities": (pa.int64(), [r.activities for r in reports]),
        "errors": (pa.int64(), [r.errors for r in reports]),
        "warnings": (pa.int64(), [r.warnings for r in reports]),
        "infos": (pa.int64(), [r.infos for r in reports]),
        "error": (pa.string(), [r.error for r in reports]),
        "seconds": (pa.float64(), [r.seconds for r in reports]),
    }
    table = pa.table({name: pa.array(values, kind) for name, (kind, values) in columns.items()})
    with atomic_output(outdir / _REPORT) as stream:
        _parquet().write_table(table, stream)


def _write_schemas(outdir: Path, partition: str) -> None:
    """``<table>/_schema.parquet``: no rows, the columns a reader of the table sees."""
    pa = _arrow()
    for name, schema in _schemas().items():
        folder = outdir / name
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _SCHEMA_PART
        if not target.exists():
            with atomic_output(target) as stream:
                _parquet().write_table(schema.append(pa.field(partition, pa.string())).empty_table(), stream)


def ingest(
    sources: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    outdir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    partition: Partition = "publisher",
    engine: Engine = "local",
    scheduler: Any = None,
    prune: bool = False,
    batch_size: int = 500,
    progress: Callable[[IngestProgress], None] | None = None,
) -> IngestResult:
    """Read IATI files into a Parquet dataset in ``outdir``, adding to what is there.

    Args:
        sources: Files, folders (walked for ``*.xml``) and ``@LIST`` files (see :func:`discover`).
        outdir: The dataset's folder (made if missing).
        workers: Processes reading files (default :func:`os.cpu_count`; ``1``: in this process).
            For Dask without ``scheduler``, the workers of the local cluster started.
        partition: ``"publisher"`` or ``"file"``: the hive partition of every table.
        engine: ``"local"`` (a process pool) or ``"dask"`` (extra ``dask``).
        scheduler: For Dask: a scheduler address (``"tcp://host:8786"``) or a
            ``distributed.Client``; ``None`` starts a ``LocalCluster`` of ``workers`` processes.
        prune: Remove from the dataset the files of earlier runs not in ``sources``.
        batch_size: Programmes turned into tables at a time (memory per worker grows with it).
        progress: Called with an :class:`IngestProgress` when the run starts and after each file.

    Returns:
        The reports of every file of the dataset; ``ok`` is false when one failed.

    Raises:
        InvalidValueError: a source names nothing, an option is out of range, ``outdir`` is a
            file, or it holds a dataset partitioned otherwise.
        LoadError: ``outdir`` holds a manifest that cannot be read.
        MissingDependencyError: pyarrow or lxml (or, for Dask, distributed) is missing.
    """
    started = time.perf_counter()
    if partition not in ("publisher", "file"):
        raise InvalidValueError("partition", partition, "be 'publisher' or 'file'")
    if engine not in ("local", "dask"):
        raise InvalidValueError("engine", engine, "be 'local' or 'dask'")
    if workers is None:
        workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InvalidValueError("workers", workers, "be a whole number, 1 or more")
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidValueError("batch_size", batch_size, "be a whole number, 1 or more")
    _arrow()
    if engine == "dask":
        _distributed()
    if isinstance(sources, (str, os.PathLike)):
        sources = [sources]
    files = discover(sources)
    folder = Path(outdir)
    if folder.exists() and not folder.is_dir():
        raise InvalidValueError("outdir", str(outdir), "be a folder, not a file")
    folder.mkdir(parents=True, exist_ok=True)
    from itaproj.io.tables import TABLES_VERSION

    manifest = _load_manifest(folder)
    # Temporary parts of a run that was killed (a run stopped by an exception removes its own).
    for temporary in folder.glob("*/*/.*.parquet.*.tmp"):
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    known: dict[str, dict[str, Any]] = manifest.get("files", {})
    if manifest and manifest.get("partition") != partition:
        raise InvalidValueError(
            "partition", partition, f"be {manifest.get('partition')!r}, as {outdir} was written with it"
        )
    trusted = manifest.get("version") == MANIFEST_VERSION and manifest.get("tables_version") == TABLES_VERSION
    tasks = []
    for name, path in files:
        entry = known.get(name) if trusted else None
        unchanged = entry is not None and entry.get("error") is None
        tasks.append(
            _Task(
                name,
                os.path.abspath(path),  # a Dask worker may run in another folder: absolute paths
                _file_id(name),
                os.path.abspath(folder),
                partition,
                batch_size,
                entry["size"] if unchanged and entry else None,
                entry["sha256"] if unchanged and entry else None,
            )
        )
    # Largest files first: the pool stays busy to the end.
    order = sorted(tasks, key=lambda task: -_size(task.path))
    runner = _run_local(order, workers) if engine == "local" else _run_dask(order, workers, scheduler)
    reports: dict[str, FileReport] = {}
    activities = bytes_read = failed = 0
    if progress is not None:
        progress(IngestProgress(0, len(tasks), 0, 0, 0, time.perf_counter() - started))
    for done, found in enumerate(runner, 1):
        report = found
        if report.status == "unchanged":
            report = _from_entry(report.file, "unchanged", known[report.file])
        else:
            activities += report.activities
            bytes_read += max(report.size, 0)
            failed += report.status == "failed"
        reports[report.file] = report
        if progress is not None:
            progress(
                IngestProgress(
                    done, len(tasks), activities, bytes_read, failed, time.perf_counter() - started
                )
            )
    # Parts no longer wanted: those a re-read file no longer has, those of pruned files.
    stale: set[str] = set()
    pruned: list[str] = []
    for name, entry in known.items():
        old = set(entry.get("parts", ()))
        if name in reports:
            stale |= old - set(reports[name].parts)
        elif prune:
            stale |= old
            pruned.append(name)
        else:
            reports[name] = _from_entry(name, "kept", entry)
    for part in sorted(stale):
        with contextlib.suppress(FileNotFoundError):
            (folder / part).unlink()
    ordered = tuple(reports[name] for name in sorted(reports))
    _write_schemas(folder, partition)
    _write_report(folder, ordered)
    document = {
        "version": MANIFEST_VERSION,
        "tables_version": TABLES_VERSION,
        "partition": partition,
        "files": {report.file: _entry(report) for report in ordered},
    }
    with atomic_output(folder / _MANIFEST) as stream:
        stream.write((json.dumps(document, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return IngestResult(str(outdir), ordered, tuple(sorted(pruned)), time.perf_counter() - started)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
