"""The itaproj command: main(argv) with captured output, and one real ``python -m itaproj`` run."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from itaproj import Budget, Catalogue, LocalizedText, Money, Period, Programme, __version__
from itaproj.cli import main
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
  <iati-identifier>XM-1-a</iati-identifier>
  <reporting-org ref="XM-1" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Mayors for Economic Growth</narrative></title>
  <description><narrative>Cities.</narrative></description>
  <participating-org role="1" ref="XM-1" type="10"><narrative>Reporter</narrative></participating-org>
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
    assert "Ідентифікатор IATI:     XM-1-a" in out
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
    assert html.startswith('<!DOCTYPE html>\n<html lang="kk"><head><meta charset="utf-8">')
    assert '<body><div class="itaproj-catalogue" lang="kk">' in html


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
    assert "    duration: 26–48\n" in out
    assert "    budget: €14,500,000\n" in out
    # 14.5 million over 48 months is 3,625,000 a year; over 26 months 14.5e6 * 12 / 26 = 6,692,307.69
    assert "    budget_per_year: €3,625,000–€6,692,307.69\n" in out


def test_metrics_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["metrics", str(SEED), "--at", "June"]) == 2
    assert main(["metrics", str(SEED), "--rate", "EUR-USD"]) == 2
    assert "--rate must be" in capsys.readouterr().err


# --- convert ----------------------------------------------------------------------------------------


def test_convert_json_to_xml_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml, back = tmp_path / "seed.xml", tmp_path / "back.json"
    assert main(["convert", str(SEED), str(xml)]) == 0
    assert "<iati-activities" in xml.read_text(encoding="utf-8")
    assert main(["convert", str(xml), str(back)]) == 0
    catalogue = load(back, Catalogue)
    identifiers = {p.iati_identifier for p in catalogue} | {p.key for p in catalogue}
    assert {p.key for p in load(SEED, Catalogue)} <= identifiers
    assert "seed.xml -> " in capsys.readouterr().out


def test_convert_with_a_reporting_organisation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xml = tmp_path / "seed.xml"
    assert main(["convert", str(SEED), str(xml), "--reporting-org", "gac"]) == 0
    assert '<reporting-org ref="CA-3"' in xml.read_text(encoding="utf-8")  # Global Affairs Canada's IATI ref
    assert main(["convert", str(SEED), str(tmp_path / "x.xml"), "--reporting-org", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "no organisation 'nobody'" in err
    assert "gac" in err


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
