"""Catalogue roll-ups (itaproj.metrics.rollup): figures by hand on small catalogues, and
cross-checked on real IATI files against sums computed here with lxml and fractions."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from lxml import etree

from itaproj import (
    Budget,
    BudgetLine,
    Catalogue,
    CountryShare,
    CrossCuttingTheme,
    ExchangeRate,
    LocalizedText,
    Money,
    Organisation,
    Participant,
    Period,
    Programme,
    Transaction,
)
from itaproj.errors import InvalidValueError
from itaproj.iati import read
from itaproj.metrics import Gap, rollup
from itaproj.money import MoneyRange
from itaproj.programme import Relation
from itaproj.rates import RateTable

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"
T = LocalizedText({"en": "t"})


def _rows(result: object) -> dict[tuple[str | None, ...], str]:
    return {row.keys: str(row.amount) for row in result.rows}  # type: ignore[attr-defined]


def _programme(key: str, *lines: BudgetLine, **fields: object) -> Programme:
    return Programme(key, T, budget=Budget(lines=lines), **fields)  # type: ignore[arg-type]


def _line(amount: int, start: str, end: str, currency: str = "EUR", **fields: object) -> BudgetLine:
    return BudgetLine(Money(amount, currency), Period.parse(start, end), **fields)  # type: ignore[arg-type]


def test_by_year_and_country_by_hand() -> None:
    # EUR 730 over 2021-07-01..2022-06-30 (184 days in 2021 of 365), 60 % UA, 40 % MD.
    p = _programme(
        "p",
        _line(365, "2021-07-01", "2022-06-30"),
        recipient_countries=(CountryShare("UA", 60), CountryShare("MD", 40)),
    )
    result = rollup([p], by=("year", "country"))
    rows = {row.keys: row.amount for row in result.rows}
    assert set(rows) == {("2021", "MD"), ("2021", "UA"), ("2022", "MD"), ("2022", "UA")}
    assert rows[("2021", "UA")] == MoneyRange.exact(Money(Decimal("110.4"), "EUR"))  # 184 * 0.6
    assert rows[("2022", "MD")] == MoneyRange.exact(Money(Decimal("72.4"), "EUR"))  # 181 * 0.4
    assert result.totals() == {"EUR": MoneyRange.exact(Money(365, "EUR"))}
    assert result.gaps == ()


def test_countries_without_percentages_are_not_split_evenly() -> None:
    p = _programme(
        "p",
        _line(100, "2020-01-01", "2020-12-31"),
        recipient_countries=(CountryShare("UA"), CountryShare("MD")),
    )
    result = rollup([p], by="country")
    assert _rows(result) == {(None,): "EUR 100"}
    assert result.gaps == (Gap("p", None, "country: no percentage for UA, MD, not split"),)
    single = _programme(
        "s", _line(100, "2020-01-01", "2020-12-31"), recipient_countries=(CountryShare("UA"),)
    )
    assert _rows(rollup([single], by="country")) == {("UA",): "EUR 100"}


def test_percentages_short_of_100_leave_the_rest_unsplit() -> None:
    p = _programme("p", _line(200, "2020-01-01", "2020-12-31"), recipient_countries=(CountryShare("UA", 75),))
    result = rollup([p], by="country")
    assert _rows(result) == {(None,): "EUR 50", ("UA",): "EUR 150"}
    assert [gap.reason for gap in result.gaps] == ["country: percentages add up to 75, the rest is not split"]


def test_themes_overlap_funders_join_and_currencies_stay_apart() -> None:
    gender = CrossCuttingTheme(T, code="1", significance=2)
    climate = CrossCuttingTheme(T, code="7", significance=1)
    eu, sida = (
        Organisation("eu", LocalizedText({"en": "EU"})),
        Organisation("sida", LocalizedText({"en": "Sida"})),
    )
    a = _programme(
        "a",
        _line(10, "2020-01-01", "2020-12-31"),
        themes=(gender, climate),
        participants=(Participant(eu, "funding"), Participant(sida, "funding")),
    )
    b = _programme(
        "b", _line(5, "2020-01-01", "2020-12-31", "USD"), participants=(Participant(eu, "funding"),)
    )
    assert _rows(rollup([a, b], by="theme")) == {(None,): "USD 5", ("1:2",): "EUR 10", ("7:1",): "EUR 10"}
    funders = rollup([a, b], by="funder,currency")
    assert _rows(funders) == {("eu", "USD"): "USD 5", ("eu+sida", "EUR"): "EUR 10"}
    assert [row.programmes for row in funders.rows] == [1, 1]


def test_a_child_is_counted_through_its_parent() -> None:
    parent = _programme(
        "parent", _line(100, "2020-01-01", "2020-12-31"), relations=(Relation("child", "kid"),)
    )
    child = _programme("kid", _line(40, "2020-01-01", "2020-12-31"))
    orphan = _programme(
        "orphan", _line(7, "2020-01-01", "2020-12-31"), relations=(Relation("parent", "nobody"),)
    )
    catalogue = Catalogue((parent, child, orphan))
    result = rollup(catalogue, by="year")
    assert _rows(result) == {("2020",): "EUR 107"}
    assert result.excluded == ("kid",)
    assert _rows(rollup(catalogue, by="year", include_children=True)) == {("2020",): "EUR 147"}
    assert _rows(rollup(iter(catalogue.programmes), by="year")) == {("2020",): "EUR 147"}
    # a parent without budget does not hide its child's
    empty_parent = Programme("parent", T, relations=(Relation("child", "kid"),))
    assert _rows(rollup(Catalogue((empty_parent, child)), by="year")) == {("2020",): "EUR 40"}


def test_conversion_at_the_value_date_with_the_quotes_listed() -> None:
    table = RateTable(
        [
            ExchangeRate("EUR", "USD", "1.25", dt.date(2020, 3, 2)),
            ExchangeRate("EUR", "USD", "1.10", dt.date(2021, 3, 1)),
        ],
        provider="test table",
    )
    p = _programme(
        "p",
        _line(250, "2020-01-01", "2020-12-31", "USD", value_date=dt.date(2020, 3, 3)),  # 250 / 1.25 = 200
        _line(110, "2021-01-01", "2021-12-31", "USD", value_date=dt.date(2021, 3, 1)),  # 110 / 1.10 = 100
        _line(30, "2021-01-01", "2021-12-31", "EUR"),
        _line(99, "2019-01-01", "2019-12-31", "USD", value_date=dt.date(2019, 6, 1)),  # no rate then
    )
    result = rollup([p], by="year", currency="EUR", rates=table)
    assert _rows(result) == {("2020",): "EUR 200", ("2021",): "EUR 130"}
    assert [quote.rate.date for quote in result.quotes] == [dt.date(2020, 3, 2), dt.date(2021, 3, 1)]
    assert {quote.provider for quote in result.quotes} == {"test table"}
    (gap,) = result.gaps
    assert gap.amount == Money(99, "USD")
    assert "USD" in gap.reason
    assert "2019-06-01" in gap.reason
    without = rollup([p], by="year", currency="EUR")
    assert _rows(without) == {("2021",): "EUR 30"}
    assert len(without.gaps) == 3


def test_transactions_by_quarter() -> None:
    p = Programme(
        "p",
        T,
        transactions=(
            Transaction("3", "2020-02-10", Money(10, "EUR")),
            Transaction("3", "2020-05", Money(4, "EUR")),  # some day of May
            Transaction("2", "2020-01-01", Money(1000, "EUR")),  # a commitment
            Transaction("3", "2020", Money(8, "EUR")),  # some day of 2020
        ),
    )
    result = rollup([p], by="quarter", flow="disbursement")
    assert _rows(result) == {
        ("2020-Q1",): "EUR 10 – EUR 18",
        ("2020-Q2",): "EUR 4 – EUR 12",
        ("2020-Q3",): "EUR 0 – EUR 8",
        ("2020-Q4",): "EUR 0 – EUR 8",
    }
    assert _rows(rollup([p], by="year,quarter", flow="commitment")) == {("2020", "2020-Q1"): "EUR 1,000"}


def test_what_has_no_place_in_time_is_a_gap() -> None:
    p = Programme("p", T, budget=Budget(total=Money(9, "EUR")))  # no lines, no programme period
    result = rollup([p], by="year")
    assert result.rows == ()
    assert result.gaps == (Gap("p", Money(9, "EUR"), "no period or date: not placed in time"),)
    assert _rows(rollup([p], by="programme")) == {("p",): "EUR 9"}


def test_bad_arguments_name_themselves() -> None:
    with pytest.raises(InvalidValueError, match="'by' must be one of"):
        rollup([], by="planet")
    with pytest.raises(InvalidValueError, match="'by' must name each dimension once"):
        rollup([], by="year,year")
    with pytest.raises(InvalidValueError, match="'flow'"):
        rollup([], flow="gifts")


# --- real files ------------------------------------------------------------------------------


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text[:10])


def _budget_by_year_and_country(path: Path) -> dict[tuple[str, str | None, str], Fraction]:
    """Counted budgets (a revision replaces the originals of its period) prorated by days into
    years, split by the stated country percentages, per currency: all with lxml and fractions."""
    found: dict[tuple[str, str | None, str], Fraction] = defaultdict(Fraction)
    for activity in etree.parse(str(path)).iterfind("iati-activity"):
        default = activity.get("default-currency")
        countries = [(c.get("code"), c.get("percentage")) for c in activity.iterfind("recipient-country")]
        if len(countries) == 1 and countries[0][1] is None:
            split: list[tuple[str | None, Fraction]] = [(countries[0][0], Fraction(1))]
        elif countries and all(p is not None for _, p in countries):
            split = [(code, Fraction(p) / 100) for code, p in countries]  # type: ignore[arg-type]
            rest = Fraction(1) - sum((f for _, f in split), Fraction(0))
            if rest > 0:
                split.append((None, rest))
        else:
            split = [(None, Fraction(1))]
        groups: dict[tuple[str, str], list[etree._Element]] = defaultdict(list)
        for budget in activity.iterfind("budget"):
            key = (
                str(budget.xpath("string(period-start/@iso-date)")),
                str(budget.xpath("string(period-end/@iso-date)")),
            )
            groups[key].append(budget)
        for (start_text, end_text), budgets in groups.items():
            start, end = _day(start_text), _day(end_text)
            days = (end - start).days + 1
            for budget in [b for b in budgets if b.get("type") == "2"] or budgets:
                value = budget.find("value")
                assert value is not None
                assert value.text is not None
                currency = value.get("currency") or default
                assert currency is not None
                amount = Fraction(value.text.strip())
                for year in range(start.year, end.year + 1):
                    first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
                    part = amount * ((last - first).days + 1) / days
                    for code, fraction in split:
                        found[(str(year), code, currency)] += part * fraction
    return found


@pytest.mark.parametrize(
    "name",
    [
        "OCHA-DAP__hdx-scraper-iati-viz__saved_data_dportal_4.xml",
        "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml",
        "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
    ],
)
def test_budgets_by_year_and_country_match_lxml_on_real_files(name: str) -> None:
    path = REAL / name
    expected = {key: value for key, value in _budget_by_year_and_country(path).items() if value}
    assert expected
    programmes = read(io.BytesIO(path.read_bytes())).programmes
    result = rollup(iter(programmes), by="year,country")
    found: dict[tuple[str, str | None, str], Fraction] = {}
    for row in result.rows:
        assert row.amount.is_exact
        year, country = row.keys
        assert year is not None
        if row.amount.low.amount:  # (budgets of zero make rows of zero)
            found[(year, country, row.amount.currency)] = Fraction(row.amount.low.amount)
    assert set(found) == set(expected)
    for key, value in expected.items():
        assert abs(found[key] - value) <= abs(value) * Fraction(1, 10**24) + Fraction(1, 10**12), key


@pytest.mark.parametrize(
    "name",
    [
        "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml",
        "okfn__okfn_iati__data-samples_xml_CAF-ActivityFile-2025-10-10.xml",
    ],
)
def test_disbursements_by_year_match_lxml_on_real_files(name: str) -> None:
    path = REAL / name
    expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for activity in etree.parse(str(path)).iterfind("iati-activity"):
        default = activity.get("default-currency")
        for transaction in activity.iterfind("transaction"):
            if transaction.xpath("string(transaction-type/@code)") != "3":
                continue
            value = transaction.find("value")
            assert value is not None
            assert value.text is not None
            currency = value.get("currency") or default
            assert currency is not None
            year = str(transaction.xpath("string(transaction-date/@iso-date)"))[:4]
            expected[(year, currency)] += Decimal(value.text.strip())
    assert expected
    programmes = read(io.BytesIO(path.read_bytes())).programmes
    result = rollup(iter(programmes), by="year,currency", flow="disbursement")
    found = {row.keys: row.amount for row in result.rows}
    assert {key: amount.low.amount for key, amount in found.items()} == dict(expected)
    assert all(amount.is_exact for amount in found.values())
    assert result.gaps == ()
