"""SQL with DuckDB over the tidy tables (itaproj.sql, ``itaproj tables`` and ``itaproj sql``)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from itaproj import (
    Budget,
    BudgetLine,
    Catalogue,
    CountryShare,
    ExchangeRate,
    LocalizedText,
    Money,
    Period,
    Programme,
)
from itaproj.cli import main
from itaproj.errors import InvalidValueError, MissingDependencyError
from itaproj.iati import read
from itaproj.io import dump
from itaproj.io.tables import to_tables, write_parquet
from itaproj.metrics import rollup
from itaproj.rates import RateTable
from itaproj.sql import connect, query, register_rates, totals_by_country_and_year

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"
T = LocalizedText({"en": "t"})
NBU = RateTable([ExchangeRate("EUR", "UAH", "40", dt.date(2024, 2, 29))], "NBU")


def _small() -> Catalogue:
    # UAH 730,000 over 1 July 2024 - 30 June 2025 (184 days in 2024 of 365) at EUR/UAH 40: EUR
    # 18,250, of which 9,200 in 2024 and 9,050 in 2025; 60 % UA, 40 % MD. A line of 2023 has no
    # rate within 7 days (left out by both); a programme without percentages is not split.
    a = Programme(
        "a",
        T,
        recipient_countries=(CountryShare("UA", 60), CountryShare("MD", 40)),
        budget=Budget(
            lines=(
                BudgetLine(
                    Money(730_000, "UAH"), Period.parse("2024-07-01", "2025-06-30"), value_date="2024-03-01"
                ),
                BudgetLine(Money(5, "UAH"), Period.parse("2023-01-01", "2023-12-31")),
            )
        ),
    )
    b = Programme(
        "b",
        T,
        recipient_countries=(CountryShare("UA"), CountryShare("GE")),
        budget=Budget(lines=(BudgetLine(Money(100, "EUR"), Period.parse("2024-01-01", "2024-12-31")),)),
    )
    return Catalogue((a, b))


def test_totals_by_country_and_year_by_hand() -> None:
    with connect(_small()) as db:
        register_rates(db, NBU)
        rows = db.execute(totals_by_country_and_year("EUR")).fetchall()
    found = {(country, year): amount for country, year, currency, amount in rows}
    assert {currency for *_, currency, _ in rows} == {"EUR"}
    assert found == pytest.approx(
        {("MD", 2024): 3680.0, ("MD", 2025): 3620.0, ("UA", 2024): 5520.0, ("UA", 2025): 5430.0}, abs=1e-9
    )


@pytest.mark.parametrize(
    "name",
    [
        "OCHA-DAP__hdx-scraper-iati-viz__saved_data_dportal_4.xml",
        "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml",
        "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
    ],
)
def test_the_sql_totals_are_the_rollups_on_real_files(name: str) -> None:
    catalogue = read(io.BytesIO((REAL / name).read_bytes()))
    currencies = {line.amount.currency for p in catalogue.programmes if p.budget for line in p.budget.lines}
    # a rate for every currency every Monday: each day has one within the 7-day gap
    days = [dt.date(2000, 1, 3) + dt.timedelta(weeks=n) for n in range(31 * 53)]
    table = RateTable(
        [
            ExchangeRate("EUR", c, Decimal(1) + Decimal(n) / 10, day)
            for n, c in enumerate(sorted(currencies - {"EUR"}))
            for day in days
        ],
        "test",
    )
    with connect(catalogue) as db:
        register_rates(db, table)
        rows = db.execute(totals_by_country_and_year("EUR")).fetchall()
    in_sql: dict[tuple[str | None, ...], float] = {
        (country, str(year)): amount for country, year, _, amount in rows
    }
    result = rollup(iter(catalogue.programmes), by="country,year", currency="EUR", rates=table)
    in_python = {row.keys: row.amount for row in result.rows if row.keys[0] is not None}
    assert in_sql
    assert set(in_sql) == set(in_python)
    for key, amount in in_python.items():
        assert amount.is_exact
        assert in_sql[key] == pytest.approx(float(amount.low.amount), rel=1e-9, abs=1e-6), key


def test_a_parquet_folder_is_queried_where_it_lies(tmp_path: Path) -> None:
    catalogue = _small()
    write_parquet(to_tables(catalogue), tmp_path)
    with connect(tmp_path) as db:
        names = sorted(
            row[0] for row in db.execute("SELECT table_name FROM information_schema.tables").fetchall()
        )
        budgets = query(
            db, "SELECT programme, amount FROM budgets WHERE NOT total ORDER BY programme, position"
        )
    assert "budgets" in names
    assert "programmes" in names
    assert budgets.column("programme").to_pylist() == ["a", "a", "b"]
    assert budgets.column("amount").to_pylist() == [Decimal(730_000), Decimal(5), Decimal(100)]


def test_bad_sources_and_names_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InvalidValueError, match=r"folder of \.parquet files"):
        connect(tmp_path)
    with pytest.raises(InvalidValueError, match="'table'"):
        connect({"Bad Name": to_tables(_small())["budgets"]})
    with pytest.raises(InvalidValueError, match="'currency'"):
        totals_by_country_and_year("euro")
    with pytest.raises(InvalidValueError, match="'max_gap'"):
        totals_by_country_and_year("EUR", max_gap=-1)
    monkeypatch.setitem(sys.modules, "duckdb", None)
    with pytest.raises(MissingDependencyError, match=r"itaproj\[sql\]"):
        connect(_small())


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_tables_and_sql_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "c.json"
    dump(_small(), source)
    folder = tmp_path / "tables"
    status, out, _ = _run(capsys, "tables", str(source), str(folder))
    assert status == 0
    assert "20 Parquet files" in out
    assert (folder / "budgets.parquet").is_file()
    sql = "SELECT programme, count(*) AS lines, sum(amount) AS amount FROM budgets WHERE NOT total GROUP BY ALL ORDER BY ALL"
    status, out, _ = _run(capsys, "sql", str(folder), sql, "--json")
    assert status == 0
    rows = json.loads(out)
    assert rows == [
        {"programme": "a", "lines": 2, "amount": "730005.000000000000000000"},
        {"programme": "b", "lines": 1, "amount": "100.000000000000000000"},
    ]
    status, out, _ = _run(capsys, "sql", str(source), sql, "--csv")
    assert list(csv.reader(io.StringIO(out)))[1] == ["a", "2", "730005.000000000000000000"]
    rates = tmp_path / "nbu.csv"
    rates.write_text("date,from,to,rate\n2024-02-29,EUR,UAH,40\n", encoding="utf-8")
    status, out, _ = _run(capsys, "sql", str(source), "SELECT target, rate FROM rates", "--rates", str(rates))
    assert status == 0
    assert out.splitlines()[1].split() == ["UAH", "40.000000000000000000"]
    assert out.rstrip().endswith("(1 rows)")


def test_sql_and_tables_errors_exit_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "c.json"
    dump(_small(), source)
    status, _, err = _run(capsys, "sql", str(source), "SELEC 1")
    assert status == 1
    assert "the query failed" in err
    assert "Traceback" not in err
    status, _, err = _run(capsys, "tables", str(source), str(source))
    assert status == 2
    assert "not a folder" in err
