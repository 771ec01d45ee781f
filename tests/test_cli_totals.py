"""``itaproj totals``: roll-ups on the command line, figures by hand."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from itaproj import Budget, BudgetLine, Catalogue, CountryShare, LocalizedText, Money, Period, Programme
from itaproj.cli import main
from itaproj.io import dump

T = LocalizedText({"en": "t"})


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    # UAH 1,000,000 in 2024 (value date 1 March), 60 % UA 40 % MD; EUR 100.005 in 2025 for UA.
    a = Programme(
        "a",
        T,
        recipient_countries=(CountryShare("UA", 60), CountryShare("MD", 40)),
        budget=Budget(
            lines=(
                BudgetLine(
                    Money(1_000_000, "UAH"), Period.parse("2024-01-01", "2024-12-31"), value_date="2024-03-01"
                ),
            )
        ),
    )
    b = Programme(
        "b",
        T,
        recipient_countries=(CountryShare("UA"),),
        budget=Budget(lines=(BudgetLine(Money("100.005", "EUR"), Period.parse("2025-01-01", "2025-12-31")),)),
    )
    path = tmp_path / "c.json"
    dump(Catalogue((a, b)), path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_csv_rows_in_their_own_currencies(catalogue: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "totals", str(catalogue), "--by", "year,country", "--csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["year", "country", "currency", "low", "high", "programmes"],
        ["2024", "MD", "UAH", "400000", "400000", "1"],
        ["2024", "UA", "UAH", "600000", "600000", "1"],
        ["2025", "UA", "EUR", "100.00", "100.00", "1"],  # 100.005 shown to the cent, half-even
    ]
    status, out, _ = _run(capsys, "totals", str(catalogue), "--by", "year", "--csv", "--exact")
    assert list(csv.reader(io.StringIO(out)))[2] == ["2025", "EUR", "100.005", "100.005", "1"]


def test_json_in_one_currency_with_a_rates_file(
    catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rates = tmp_path / "nbu.csv"
    rates.write_text("date,from,to,rate,source\n2024-02-29,EUR,UAH,41.5,NBU\n", encoding="utf-8")
    status, out, _ = _run(
        capsys,
        "totals",
        str(catalogue),
        "--by",
        "country",
        "--currency",
        "EUR",
        "--rates",
        str(rates),
        "--json",
        "--exact",
    )
    assert status == 0
    document = json.loads(out)
    rows = {row["keys"]["country"]: row for row in document["rows"]}
    # (converted with 28 significant digits, then split: the last digit may differ)
    assert abs(Decimal(rows["MD"]["low"]) - Decimal(400_000) / Decimal("41.5")) < Decimal("1E-20")
    assert abs(
        Decimal(rows["UA"]["low"]) - (Decimal(600_000) / Decimal("41.5") + Decimal("100.005"))
    ) < Decimal("1E-20")
    (rate,) = document["rates"]
    assert (rate["source"], rate["target"], rate["date"], rate["provider"]) == (
        "UAH",
        "EUR",
        "2024-02-29",
        "NBU",
    )
    assert document["gaps"] == []


def test_a_missing_rate_is_a_gap_not_a_zero(catalogue: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "totals", str(catalogue), "--currency", "EUR", "--rate", "USD:EUR:0.9:2024-01-01"
    )
    assert status == 0
    assert "2025   EUR 100.00" in out or "2025  EUR 100.00" in out
    assert "2024" not in out.split("gaps:")[0]
    assert "no UAH->EUR rate on 2024-03-01" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--by", "planet"],
        ["--by", "year,year"],
        ["--flow", "gifts"],
        ["--currency", "eur"],
        ["--rate", "UAH:EUR:0.02:2024-01-01"],  # a rate without --currency
        ["--policy", "sometimes"],
        ["--json", "--csv"],
    ],
)
def test_usage_errors_exit_2(catalogue: Path, capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    status, _, err = _run(capsys, "totals", str(catalogue), *argv)
    assert status == 2
    assert err


def test_the_bundled_catalogue_by_year(capsys: pytest.CaptureFixture[str]) -> None:
    seed = Path(__file__).resolve().parents[1] / "examples" / "catalogue.json"
    status, out, _ = _run(capsys, "totals", str(seed), "--by", "year", "--json")
    assert status == 0
    document = json.loads(out)
    assert document["flow"] == "budget"
    assert {row["currency"] for row in document["rows"]} <= {"EUR", "USD", "KZT", "UAH"}
    assert all(row["keys"]["year"] for row in document["rows"])


def test_schema_prints_or_writes_the_json_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "schema")
    assert status == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["kind"] == {"const": "Catalogue"}
    assert schema["required"] == ["itaproj", "kind", "data"]
    target = tmp_path / "catalogue.schema.json"
    status, out, _ = _run(capsys, "schema", "--output", str(target))
    assert status == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema
    status, _, err = _run(capsys, "schema", "--output", str(tmp_path))
    assert status == 2
    assert "directory" in err
