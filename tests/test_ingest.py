"""Many IATI files into one Parquet dataset (itaproj.ingest, ``itaproj ingest``).

Expected values come from lxml (activities per file), hashlib (sha256) and the file system,
never from the code under test.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import hashlib
import io
import json
import pickle
import shutil
import sys
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from lxml import etree

from itaproj.cli import main
from itaproj.errors import InvalidValueError, LoadError, MissingDependencyError
from itaproj.iati import iter_programmes
from itaproj.ingest import FileReport, IngestProgress, IngestResult, _escape, _result, _Task, discover, ingest
from itaproj.sql import connect, query

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"
SMALL = [
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_ec-intpa-activity.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_unops-at-activity.xml",
    "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml",
    "zimmerman-team__IATI.cloud__OIPA_media_5e87f792-3d59-4f06-afcf-a8efa8523553.xml",
]
HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol2;</iati-identifier></iati-activity>
</iati-activities>"""
BROKEN = {"broken/not-xml.xml", "broken/truncated.xml", "broken/hostile.xml"}


def _activities(path: Path) -> int:
    """Top-level iati-activity elements, counted by lxml."""
    return len(etree.parse(str(path)).getroot().findall("iati-activity"))


def _publishers(path: Path) -> Counter[str]:
    """Activities per reporting-org ref, counted by lxml ("unknown" without one)."""
    found: Counter[str] = Counter()
    for activity in etree.parse(str(path)).getroot().findall("iati-activity"):
        org = activity.find("reporting-org")
        ref = org.get("ref") if org is not None else None
        found[ref or "unknown"] += 1
    return found


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of small real files (one in a subfolder), a not-XML, a truncated and a hostile file."""
    folder = tmp_path / "registry"
    (folder / "more").mkdir(parents=True)
    (folder / "broken").mkdir()
    for index, name in enumerate(SMALL):
        shutil.copy(REAL / name, folder / ("more" if index == 0 else "") / name)
    (folder / "broken" / "not-xml.xml").write_bytes(b"%PDF-1.4 this is no XML\n")
    whole = (REAL / SMALL[3]).read_bytes()
    (folder / "broken" / "truncated.xml").write_bytes(whole[: len(whole) // 2])
    (folder / "broken" / "hostile.xml").write_bytes(HOSTILE)
    (folder / "notes.txt").write_text("not a source: not *.xml", encoding="utf-8")
    return folder


def _rel(path: str, root: Path) -> str:
    return Path(path).relative_to(root).as_posix()


def _parts(outdir: Path) -> dict[str, bytes]:
    """Every Parquet part of a dataset (the report aside: it holds timings), by relative path."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*.parquet"))
        if path.name != "ingest_report.parquet"
    }


def _table(outdir: Path, name: str) -> pa.Table:
    return ds.dataset(outdir / name, format="parquet", partitioning="hive").to_table()


def test_a_folder_with_broken_files_reads_the_rest_and_reports_every_file(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = ingest([corpus], out, workers=1)
    names = {_rel(report.file, corpus): report for report in result.files}
    expected_files = {
        _rel(path.as_posix(), corpus) for path in corpus.rglob("*.xml")
    }  # the .txt is no source
    assert set(names) == expected_files == {*BROKEN, "more/" + SMALL[0], *SMALL[1:]}
    assert not result.ok
    programmes = _table(out, "programmes")
    per_file = Counter(_rel(name, corpus) for name in programmes.column("source_file").to_pylist())
    for name, report in names.items():
        path = corpus / name
        data = path.read_bytes()
        assert report.size == len(data)
        assert report.sha256 == hashlib.sha256(data).hexdigest()
        if name in BROKEN:
            assert report.status == "failed"
            assert report.error
            assert per_file[name] == 0
            assert report.parts == ()
        else:
            assert report.status == "read", report.error
            assert report.error is None
            assert report.activities == per_file[name] == _activities(path)
    # The report table says the same, one row per file.
    rows = {
        _rel(row["file"], corpus): row for row in pq.read_table(out / "ingest_report.parquet").to_pylist()
    }
    assert set(rows) == expected_files
    assert {name for name, row in rows.items() if row["error"] is not None} == BROKEN
    assert rows["broken/not-xml.xml"]["sha256"] == hashlib.sha256(b"%PDF-1.4 this is no XML\n").hexdigest()


def test_rows_are_partitioned_by_publisher_and_positions_count_within_the_file(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    ingest([corpus], out, workers=1, batch_size=2)
    programmes = _table(out, "programmes")
    name = (corpus / SMALL[3]).as_posix()  # seven activities of six publishers
    mine = [row for row in programmes.to_pylist() if row["source_file"] == name]
    assert Counter(row["publisher"] for row in mine) == _publishers(corpus / SMALL[3])
    assert sorted(row["position"] for row in mine) == list(range(_activities(corpus / SMALL[3])))
    folders = {path.parent.name for path in (out / "programmes").glob("*/*.parquet")}
    expected = set()
    for path in corpus.rglob("*.xml"):
        if _rel(path.as_posix(), corpus) not in BROKEN:
            expected |= {f"publisher={ref}" for ref in _publishers(path)}
    assert folders == expected


def test_batches_do_not_change_the_tables(corpus: Path, tmp_path: Path) -> None:
    ingest([corpus / SMALL[3]], tmp_path / "one", workers=1, batch_size=1)
    ingest([corpus / SMALL[3]], tmp_path / "all", workers=1, batch_size=500)
    for table in ("programmes", "organisations", "texts", "transactions", "indicator_values"):
        one, every = _table(tmp_path / "one", table), _table(tmp_path / "all", table)
        assert sorted(map(repr, one.to_pylist())) == sorted(map(repr, every.to_pylist())), table
    # Organisations are listed once per part, however many batches named them.
    organisations = _table(tmp_path / "one", "organisations")
    keys = list(
        zip(
            organisations.column("publisher").to_pylist(),
            organisations.column("organisation").to_pylist(),
            strict=True,
        )
    )
    assert len(keys) == len(set(keys))


def test_two_workers_write_the_same_bytes_as_one(corpus: Path, tmp_path: Path) -> None:
    one = ingest([corpus], tmp_path / "one", workers=1)
    two = ingest([corpus], tmp_path / "two", workers=2)
    assert _parts(tmp_path / "one") == _parts(tmp_path / "two")
    assert len(_parts(tmp_path / "one")) > 20
    strip = [(r.file, r.status, r.size, r.sha256, r.activities, r.error, r.parts) for r in one.files]
    assert strip == [(r.file, r.status, r.size, r.sha256, r.activities, r.error, r.parts) for r in two.files]


def test_a_rerun_skips_unchanged_files_and_replaces_changed_ones(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = ingest([corpus], out, workers=1)
    parts = _parts(out)
    again = ingest([corpus], out, workers=1)
    assert _parts(out) == parts
    assert again.count("read") == 0
    assert again.count("unchanged") == len(SMALL)
    assert again.count("failed") == len(BROKEN)  # failed files are tried again
    # A changed file: the multi-publisher file becomes a one-publisher one; its old parts go.
    changed = corpus / SMALL[3]
    before = next(report for report in first.files if report.file == changed.as_posix()).parts
    shutil.copy(corpus / SMALL[1], changed)
    third = ingest([corpus], out, workers=1)
    statuses = {report.file: report.status for report in third.files}
    assert statuses[changed.as_posix()] == "read"
    assert Counter(statuses.values()) == {"read": 1, "unchanged": len(SMALL) - 1, "failed": len(BROKEN)}
    after = next(report for report in third.files if report.file == changed.as_posix()).parts
    assert set(before) - set(after)
    for part in set(before) - set(after):
        assert not (out / part).exists()
    for part in after:
        assert (out / part).is_file()
    programmes = _table(out, "programmes")
    per_file = Counter(programmes.column("source_file").to_pylist())
    assert per_file[changed.as_posix()] == _activities(corpus / SMALL[1])
    manifest = json.loads((out / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][changed.as_posix()]["sha256"] == hashlib.sha256(changed.read_bytes()).hexdigest()


def test_files_not_given_again_are_kept_unless_pruned(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    ingest([corpus], out, workers=1)
    gone = corpus / SMALL[2]
    parts = next(
        report.parts for report in ingest([corpus], out, workers=1).files if report.file == gone.as_posix()
    )
    gone.unlink()
    kept = ingest([corpus], out, workers=1)
    assert {report.file: report.status for report in kept.files}[gone.as_posix()] == "kept"
    assert all((out / part).is_file() for part in parts)
    pruned = ingest([corpus], out, workers=1, prune=True)
    assert pruned.pruned == (gone.as_posix(),)
    assert gone.as_posix() not in {report.file for report in pruned.files}
    assert not any((out / part).exists() for part in parts)
    assert gone.as_posix() not in _table(out, "programmes").column("source_file").to_pylist()


def test_an_interrupted_run_leaves_the_previous_dataset(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    ingest([corpus], out, workers=1)
    before = _parts(out)
    manifest = (out / "_manifest.json").read_bytes()
    shutil.copy(corpus / SMALL[1], corpus / SMALL[3])  # changed: it would be read again

    def interrupt(self: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("itaproj.ingest._FileWriter.commit", interrupt)
    with pytest.raises(KeyboardInterrupt):
        ingest([corpus], out, workers=1)
    assert _parts(out) == before
    assert (out / "_manifest.json").read_bytes() == manifest
    assert not [path for path in out.rglob("*") if path.name.startswith(".")]  # no temporary part left
    # A killed run leaves its temporary parts: the next run removes them.
    (part,) = (out / "programmes").glob("publisher=CA-3/*.parquet")
    stale = part.parent / f".{part.name}.x1y2.tmp"
    stale.write_bytes(b"PAR1")
    monkeypatch.undo()
    assert ingest([corpus], out, workers=1).count("read") == 1
    assert not stale.exists()


def test_duckdb_counts_the_dataset_as_lxml_does(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["ingest", str(corpus), str(out), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "3 failed" in captured.out
    assert captured.err.count("itaproj: ") == len(BROKEN)  # one line per failed file
    readable = [path for path in corpus.rglob("*.xml") if _rel(path.as_posix(), corpus) not in BROKEN]
    total = sum(_activities(path) for path in readable)
    assert main(["sql", str(out), "SELECT count(*) AS n FROM programmes", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": total}]
    # A table no file has rows for is there, empty, with its columns.
    assert main(["sql", str(out), "SELECT count(*) AS n FROM components", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 0}]
    with connect(out) as db:
        counted = query(db, "SELECT count(*) AS n FROM ingest_report WHERE error IS NOT NULL")
        assert counted.column("n").to_pylist() == [len(BROKEN)]
        columns = query(db, "SELECT * FROM components LIMIT 0").column_names
        assert columns[0] == "source_file"
        assert columns[-1] == "publisher"
        # (source_file, programme) is a key of the dataset.
        repeated = query(
            db,
            "SELECT count(*) AS n FROM (SELECT source_file, programme FROM programmes GROUP BY ALL HAVING count(*) > 1)",
        )
        assert repeated.column("n").to_pylist() == [0]


def test_the_same_activities_in_two_files_stay_apart(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        shutil.copy(REAL / SMALL[2], tmp_path / folder / "same.xml")
    out = tmp_path / "out"
    result = ingest([tmp_path / "a", tmp_path / "b"], out, workers=1)
    assert result.ok
    assert len({report.parts for report in result.files}) == 2  # different file ids
    programmes = _table(out, "programmes")
    keys = list(
        zip(
            programmes.column("source_file").to_pylist(),
            programmes.column("programme").to_pylist(),
            strict=True,
        )
    )
    assert len(keys) == len(set(keys)) == 2 * _activities(REAL / SMALL[2])


def test_the_json_summary_and_the_list_file(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(
        f"# two good files and a folder\n\nregistry/{SMALL[1]}\n{corpus / SMALL[2]}\nregistry/more\n"
    )
    out = tmp_path / "out"
    assert main(["ingest", f"@{listing}", str(out), "--workers", "1", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    expected = [corpus / SMALL[1], corpus / SMALL[2], corpus / "more" / SMALL[0]]
    assert summary["files"] == summary["read"] == 3
    assert summary["failed"] == 0
    assert summary["activities"] == sum(_activities(path) for path in expected)
    assert summary["bytes_read"] == sum(path.stat().st_size for path in expected)
    assert summary["failures"] == []


def test_discover_sorts_and_refuses_what_is_not_there(corpus: Path, tmp_path: Path) -> None:
    found = discover([corpus, corpus / SMALL[1]])  # a file given twice counts once
    names = [name for name, _ in found]
    assert names == sorted(names)
    assert len(names) == len(SMALL) + len(BROKEN)
    with pytest.raises(InvalidValueError, match="no-such"):
        discover([tmp_path / "no-such"])
    with pytest.raises(InvalidValueError, match="list file"):
        discover([f"@{tmp_path / 'no-such.txt'}"])
    assert main(["ingest", str(tmp_path / "no-such"), str(tmp_path / "out")]) == 2
    assert main(["ingest", str(corpus), str(tmp_path / "out"), "--scheduler", "tcp://x:1"]) == 2
    assert main(["ingest", str(corpus), str(tmp_path / "out"), "--workers", "0"]) == 2


def test_unsafe_publisher_refs_are_escaped_and_read_back(tmp_path: Path) -> None:
    assert _escape("GB-CHC-285776") == "GB-CHC-285776"
    assert _escape("A/B C") == "A%2FB%20C"
    assert _escape("..") == "%2E."
    assert _escape("é") == "%C3%A9"
    xml = b"""<iati-activities version="2.03"><iati-activity>
      <iati-identifier>A/B-1</iati-identifier>
      <reporting-org ref="A/B=1" type="10"><narrative>A</narrative></reporting-org>
      <title><narrative>T</narrative></title></iati-activity></iati-activities>"""
    (tmp_path / "odd.xml").write_bytes(xml)
    out = tmp_path / "out"
    assert ingest([tmp_path / "odd.xml"], out, workers=1).ok
    assert [path.parent.name for path in (out / "programmes").glob("*/*.parquet")] == ["publisher=A%2FB%3D1"]
    with connect(out) as db:
        assert query(db, "SELECT publisher FROM programmes").column("publisher").to_pylist() == ["A/B=1"]
    assert _table(out, "programmes").column("publisher").to_pylist() == ["A/B=1"]


def test_partition_by_file_and_a_dataset_keeps_its_partitioning(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = ingest([corpus / SMALL[3]], out, workers=1, partition="file")
    (folder,) = {path.parent.name for path in out.rglob("*.parquet") if path.parent.name.startswith("file=")}
    assert all(part.split("/")[1] == folder for part in result.files[0].parts)
    assert _table(out, "programmes").num_rows == _activities(corpus / SMALL[3])
    with pytest.raises(InvalidValueError, match="partition"):
        ingest([corpus / SMALL[3]], out, workers=1, partition="publisher")
    with pytest.raises(InvalidValueError, match="partition"):
        ingest([corpus], tmp_path / "x", partition="country")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="workers"):
        ingest([corpus], tmp_path / "x", workers=0)
    with pytest.raises(InvalidValueError, match="engine"):
        ingest([corpus], tmp_path / "x", engine="spark")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match="batch_size"):
        ingest([corpus], tmp_path / "x", batch_size=0)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(InvalidValueError, match="outdir"):
        ingest(str(corpus / SMALL[1]), tmp_path / "a-file")
    assert ingest(str(corpus / SMALL[1]), tmp_path / "y", workers=1).count("read") == 1  # one source as text


def test_a_broken_manifest_is_refused(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "_manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(LoadError):
        ingest([corpus / SMALL[1]], out, workers=1)


def test_progress_counts_every_file(corpus: Path, tmp_path: Path) -> None:
    seen: list[IngestProgress] = []
    ingest([corpus], tmp_path / "out", workers=2, progress=seen.append)
    files = len(SMALL) + len(BROKEN)
    assert [p.done for p in seen] == list(range(files + 1))
    assert {p.total for p in seen} == {files}
    assert seen[-1].failed == len(BROKEN)
    readable = [path for path in corpus.rglob("*.xml") if _rel(path.as_posix(), corpus) not in BROKEN]
    assert seen[-1].activities >= sum(_activities(path) for path in readable)
    assert seen[-1].bytes_read == sum(path.stat().st_size for path in corpus.rglob("*.xml"))


def test_what_crosses_a_process_boundary_pickles(corpus: Path, tmp_path: Path) -> None:
    task = _Task("a.xml", str(corpus / SMALL[1]), "a-0123", str(tmp_path), "publisher", 500, 10, "ab")
    report = FileReport("a.xml", "failed", 3, "ab", 1, 0, 2, 0, "LoadError: no", 0.5, ("x/y.parquet",))
    result = IngestResult(str(tmp_path), (report,), ("gone.xml",), 1.5)
    progress = IngestProgress(1, 2, 3, 4, 0, 0.5)
    for value in (task, report, result, progress):
        assert pickle.loads(pickle.dumps(value)) == value
    # Dask installs tblib's pickling for every exception class (pint imports dask when it is
    # there), which pickles an error's __context__ too: lxml's error must not be it.
    import tblib.pickling_support

    tblib.pickling_support.install()
    with pytest.raises(LoadError) as caught:
        list(iter_programmes(corpus / "broken" / "not-xml.xml"))
    error = pickle.loads(pickle.dumps(caught.value))
    assert type(error) is LoadError
    assert str(error) == str(caught.value)
    assert error.issues == caught.value.issues


def test_dask_without_distributed_says_which_extra(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"itaproj\[dask\]"):
        ingest([corpus], tmp_path / "out", engine="dask")
    assert main(["ingest", str(corpus), str(tmp_path / "out"), "--engine", "dask"]) == 2


def test_dask_writes_the_same_bytes_as_the_local_pool(corpus: Path, tmp_path: Path) -> None:
    import dask.config
    import distributed

    from itaproj.ingest import DASK_WORKER_CONFIG, local_dask_cluster

    local = ingest([corpus], tmp_path / "local", workers=2)
    with local_dask_cluster(2) as cluster, distributed.Client(cluster) as client:
        # the workers (other processes) run with ingest's settings: no profiler, slow ticks
        settings = client.run(lambda: {key: dask.config.get(key) for key in DASK_WORKER_CONFIG})
        assert len(settings) == 2
        for worker in settings.values():
            assert worker["distributed.worker.profile.enabled"] is False
            assert worker == dict(DASK_WORKER_CONFIG)
        dask = ingest([corpus], tmp_path / "dask", engine="dask", scheduler=cluster.scheduler_address)
    assert _parts(tmp_path / "dask") == _parts(tmp_path / "local")
    assert [(r.file, r.status, r.activities, r.parts) for r in dask.files] == [
        (r.file, r.status, r.activities, r.parts) for r in local.files
    ]


def test_an_empty_file_is_read_with_no_rows(tmp_path: Path) -> None:
    (tmp_path / "empty.xml").write_bytes(b'<iati-activities version="2.03"></iati-activities>')
    result = ingest([tmp_path / "empty.xml"], tmp_path / "out", workers=1)
    assert result.ok
    assert [(r.status, r.activities, r.parts) for r in result.files] == [("read", 0, ())]
    with connect(tmp_path / "out") as db:
        assert query(db, "SELECT count(*) AS n FROM programmes").column("n").to_pylist() == [0]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_progress_and_json_failures_name_the_dataset(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["ingest", str(corpus / SMALL[1]), str(tmp_path / "out"), "--workers", "1"]) == 0
    shown = terminal.getvalue()
    assert "\r[" in shown
    assert "1/1 files" in shown
    assert f"{_activities(corpus / SMALL[1])} activities" in shown
    capsys.readouterr()
    assert main(["ingest", str(tmp_path / "no-such"), str(tmp_path / "out"), "--json"]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["file"] == str(tmp_path / "out")
    assert document["findings"][0]["rule"] == "usage"


def test_row_groups_are_flushed_as_rows_pile_up(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest([corpus / SMALL[3]], tmp_path / "whole", workers=1, partition="file")
    monkeypatch.setattr("itaproj.ingest._FLUSH_ROWS", 3)
    ingest([corpus / SMALL[3]], tmp_path / "rows", workers=1, partition="file", batch_size=1)
    monkeypatch.setattr("itaproj.ingest._FLUSH_BYTES", 1)
    ingest([corpus / SMALL[3]], tmp_path / "bytes", workers=1, partition="file", batch_size=1)
    (part,) = (tmp_path / "rows" / "programmes").glob("*/*.parquet")
    assert pq.ParquetFile(part).metadata.num_row_groups == 3  # 7 programmes: 3 + 3 + 1
    (part,) = (tmp_path / "bytes" / "programmes").glob("*/*.parquet")
    assert pq.ParquetFile(part).metadata.num_row_groups == 7  # every batch written at once
    assert _table(tmp_path / "rows", "programmes").equals(_table(tmp_path / "whole", "programmes"))
    for table in ("programmes", "texts", "transactions"):  # batches of one: organisations' texts come earlier
        whole = sorted(map(repr, _table(tmp_path / "whole", table).to_pylist()))
        assert sorted(map(repr, _table(tmp_path / "rows", table).to_pylist())) == whole
        assert sorted(map(repr, _table(tmp_path / "bytes", table).to_pylist())) == whole


def test_a_worker_that_dies_fails_its_file_only() -> None:
    future: concurrent.futures.Future[FileReport] = concurrent.futures.Future()
    future.set_exception(concurrent.futures.process.BrokenProcessPool("a worker was killed"))
    task = _Task("a.xml", "a.xml", "a-0", "out", "publisher", 500)
    report = _result(future, task)
    assert (report.file, report.status, report.parts) == ("a.xml", "failed", ())
    assert report.error == "BrokenProcessPool: a worker was killed"


def test_sql_totals_tell_programmes_of_two_files_apart(tmp_path: Path) -> None:
    # The same Canadian file (budgets in CAD, seven recipient countries) in two folders: the
    # totals over both are twice those over one; joined on the programme key alone, each budget
    # line meets the rates, lines and country shares of both copies and is counted many times.
    from itaproj.sql import totals_by_country_and_year

    canada = REAL / "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml"
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(canada, tmp_path / folder / "same.xml")

    def totals(sources: list[Path], out: Path, by_file: bool) -> dict[tuple[str, int], float]:
        assert ingest(sources, out, workers=1).ok
        db = connect(out)
        db.execute("CREATE TABLE rates (date DATE, source VARCHAR, target VARCHAR, rate DECIMAL(38, 18))")
        sql = totals_by_country_and_year("CAD", by_file=by_file)
        return {(country, year): amount for country, year, _, amount in db.execute(sql).fetchall()}

    one = totals([tmp_path / "a"], tmp_path / "one", by_file=True)
    both = totals([tmp_path / "a", tmp_path / "b"], tmp_path / "both", by_file=True)
    assert len(one) >= 2  # several years
    assert both.keys() == one.keys()
    assert both == pytest.approx({key: 2 * amount for key, amount in one.items()})
    mixed = totals([tmp_path / "a", tmp_path / "b"], tmp_path / "mixed", by_file=False)
    assert all(mixed[key] > 4 * one[key] for key in one)


def test_the_documented_worker_environment_is_the_worker_config() -> None:
    """docs/ingest.md tells cluster owners which DASK_ variables to export: they must mean DASK_WORKER_CONFIG."""
    import os
    import re
    import subprocess

    from itaproj.ingest import DASK_WORKER_CONFIG

    page = (Path(__file__).resolve().parents[1] / "docs" / "ingest.md").read_text(encoding="utf-8")
    exported = dict(re.findall(r"^export (DASK_\w+)=(\S+)$", page, flags=re.MULTILINE))
    assert len(exported) == len(DASK_WORKER_CONFIG)
    code = (
        "import json, sys, dask.config\n"
        "print(json.dumps({key: dask.config.get(key) for key in json.loads(sys.argv[1])}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(list(DASK_WORKER_CONFIG))],
        env={**os.environ, **exported},
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == dict(DASK_WORKER_CONFIG)
