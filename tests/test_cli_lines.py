"""``itaproj convert`` and the other commands with JSON Lines files (``.jsonl``), by extension."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from itaproj import Catalogue
from itaproj.cli import main
from itaproj.io import load
from itaproj.io.lines import load_lines

SEED = Path(__file__).resolve().parents[1] / "src" / "itaproj" / "examples" / "catalogue.json"


def test_convert_json_to_lines_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines, back = tmp_path / "seed.jsonl", tmp_path / "back.json"
    assert main(["convert", str(SEED), str(lines)]) == 0
    assert main(["convert", str(lines), str(back)]) == 0
    out = capsys.readouterr().out
    assert f"{SEED} -> {lines} (catalogue of 7 programmes)" in out
    assert f"{lines} -> {back} (catalogue of 7 programmes)" in out
    shipped = json.loads(SEED.read_text(encoding="utf-8"))["data"]
    written = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert written[0]["lines"] == {"organisations": len(shipped["organisations"])}
    assert [p["key"] for p in written[1 + len(shipped["organisations"]) :]] == [
        p["key"] for p in shipped["programmes"]
    ]
    assert load(back, Catalogue) == load(SEED, Catalogue) == load_lines(lines)


def test_upper_case_suffix_and_lines_to_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.JSONL", tmp_path / "b.jsonl"
    assert main(["convert", str(SEED), str(first)]) == 0
    assert main(["convert", str(first), str(second)]) == 0
    capsys.readouterr()
    assert first.read_bytes() == second.read_bytes()


def test_the_other_commands_read_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = tmp_path / "seed.jsonl"
    assert main(["convert", str(SEED), str(lines)]) == 0
    capsys.readouterr()
    for command in (
        ["validate"],
        ["report", "--locale", "uk"],
        ["metrics", "--json"],
        ["totals", "--by", "year"],
    ):
        status = main([command[0], str(SEED), *command[1:]])
        from_document = capsys.readouterr().out.replace(str(SEED), "FILE")
        assert main([command[0], str(lines), *command[1:]]) == status
        assert capsys.readouterr().out.replace(str(lines), "FILE") == from_document


def test_a_bad_line_is_a_load_finding_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}\n'
        '{"key": "a", "title": {"en": "A"}, "status": "sleeping"}\n',
        encoding="utf-8",
    )
    assert main(["validate", str(bad), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["loaded"] is False
    assert [(f["rule"], f["path"]) for f in document["findings"]] == [("load", "line 2: $.status")]
    target = tmp_path / "out.json"
    assert main(["convert", str(bad), str(target)]) == 1
    assert "line 2: $.status" in capsys.readouterr().err
    assert not target.exists()


def test_a_failed_lines_output_leaves_the_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous")

    def full(fd: int) -> None:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["convert", str(SEED), str(target)]) == 2
    assert os.strerror(28) in capsys.readouterr().err
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_reporting_org_is_refused_for_lines_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "out.jsonl"), "--reporting-org", "gac"]) == 2
    assert "--reporting-org applies to IATI output" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
