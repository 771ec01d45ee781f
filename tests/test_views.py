"""Typed results for people (itaproj.l10n.views): values, labels, text and HTML, in en/uk/ru/kk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from itaproj import Budget, LocalizedText, Money, Period, Programme, Qualifier, Status
from itaproj.findings import Finding, Severity
from itaproj.l10n.views import field_label, format_value, to_html, to_text
from itaproj.metrics import DecimalRange, Flow, Gap, Rollup, RollupRow, programme_metrics
from itaproj.money import ExchangeRate, MoneyRange
from itaproj.period import MonthRange
from itaproj.quantity import Measure

NBSP = "\xa0"


def _m4eg() -> Programme:
    """Mayors for Economic Growth as the seed states it: 2017-2020, EUR 14.5 million (S1.x)."""
    return Programme(
        "m4eg",
        LocalizedText({"en": "Mayors for Economic Growth"}),
        period=Period.parse("2017", "2020"),
        budget=Budget(total=Money("14.5E6", "EUR")),
    )


@pytest.mark.parametrize(
    ("name", "locale", "label"),
    [
        ("budget_per_year", "en", "Budget per year"),
        ("budget_per_year", "uk", "Бюджет на рік"),
        ("budget_per_year", "ru", "Бюджет в год"),
        ("budget_per_year", "kk", "Жылына бюджет"),
        ("duration", "uk", "Тривалість"),
        ("a_field_added_later", "uk", "A field added later"),  # no label yet: its name in words
    ],
)
def test_field_labels(name: str, locale: str, label: str) -> None:
    assert field_label(name, locale) == label


@pytest.mark.parametrize(
    ("value", "locale", "field", "text"),
    [
        (None, "en", None, "—"),
        (True, "uk", None, "так"),
        (False, "ru", None, "нет"),
        (Decimal(1) / 3, "en", None, "0.3333"),  # 28 decimals shown as 4
        (Decimal(1) / 3, "uk", None, "0,3333"),
        (Decimal("1234567.5"), "en", None, "1,234,567.5"),
        (Decimal("0.25"), "en", "elapsed", "25%"),
        (DecimalRange(Decimal("0.25"), Decimal("0.5")), "en", "elapsed", "25%–50%"),
        (Decimal(25), "en", "percentage", "25%"),
        (Measure(Decimal("0.0633"), Qualifier.LESS_THAN), "en", "ratio", "less than 6%"),
        (Measure(Decimal(19) / 300, Qualifier.LESS_THAN), "en", None, "less than 0.0633"),
        (Measure(300, Qualifier.MORE_THAN), "uk", None, "понад 300"),
        (Money("1E5", "EUR", Qualifier.MORE_THAN), "en", None, "more than €100,000"),
        # money to the currency's minor unit: 14.5e6 * 12 / 26 = 6,692,307.6923...
        (Money(Decimal("14.5E6") * 12 / 26, "EUR"), "en", None, "€6,692,307.69"),
        (
            MoneyRange(Money("3625000", "EUR"), Money(Decimal("14.5E6") * 12 / 26, "EUR")),
            "en",
            None,
            "€3,625,000 – €6,692,307.69",
        ),
        (MonthRange(26, 48), "en", None, "26–48 months"),
        (MonthRange(69, 69), "uk", None, "69 місяців"),
        (Severity.ERROR, "uk", None, "помилка"),
        (Severity.WARNING, "kk", None, "ескерту"),
        (Flow.DISBURSEMENT, "en", None, "disbursements"),
        (Status.CLOSED, "en", None, "closed"),
        (LocalizedText({"en": "Gender", "uk": "Гендер"}), "uk", None, "Гендер"),
        (("AM", "UA"), "en", None, "AM and UA"),
        ((), "en", None, "—"),
        (
            ExchangeRate("EUR", "USD", "1.10", dt.date(2020, 1, 2)),
            "en",
            None,
            "1 EUR = 1.1 USD (Jan 2, 2020)",
        ),
        (dt.date(2020, 1, 2), "uk", None, "2 січ. 2020 р."),
    ],
)
def test_format_value(value: object, locale: str, field: str | None, text: str) -> None:
    assert format_value(value, locale, field=field).replace(NBSP, " ").replace("\u202f", " ") == text.replace(
        NBSP, " "
    )


def test_a_number_beyond_what_babel_formats_keeps_every_digit() -> None:
    huge = Decimal("1E+150")
    assert format_value(huge, "en") == "1E+150"


def test_programme_metrics_as_text() -> None:
    text = to_text(programme_metrics(_m4eg(), at=dt.date(2019, 1, 1)), "en")
    lines = text.splitlines()
    assert "Key: m4eg" in lines
    assert "Duration: 26–48 months" in lines  # Dec 2017-Jan 2020 to Jan 2017-Dec 2020
    assert "Budget: €14,500,000" in lines
    # 14.5e6 over 48 months: 3,625,000 a year; over 26: 6,692,307.69
    assert "Budget per year: €3,625,000 – €6,692,307.69" in lines
    # The days before 2019-01-01 over the days of the period: at least 366 of 1,097 (2017-12-31
    # to 2020-12-31), 33 %; at most 730 of 1,096 (2017-01-01 to 2020-01-01), 67 %.
    assert "Elapsed: 33%–67%" in lines
    assert "Countries:" in lines
    assert "  Reason: no recipient countries" in lines


def test_rollup_as_text_names_dimensions_and_countries() -> None:
    rows = (
        RollupRow(("2020", "UA"), MoneyRange(Money(100, "EUR"), Money(100, "EUR")), 2),
        RollupRow(("2020", None), MoneyRange(Money(5, "EUR"), Money(7, "EUR")), 1),
    )
    result = Rollup(("year", "country"), Flow.BUDGET, "EUR", rows, gaps=(Gap("x", None, "no rate"),))
    text = to_text(result, "uk").replace(NBSP, " ")
    euro = Locale.parse("uk").currency_symbols.get("EUR", "EUR")  # CLDR: Ukrainian writes "EUR"
    assert "За: Рік і Країна" in text
    assert f"  - Рік: 2020, Країна: Україна, Сума: 100 {euro}, Програми: 2" in text
    assert f"  - Рік: 2020, Країна: —, Сума: 5 {euro} – 7 {euro}, Програми: 1" in text
    assert "Причина: no rate" in text


class _Tree(HTMLParser):
    """Tags in order, with the text inside each ``td``/``th``."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in {"td", "th"}:
            self._in_cell = True
            self.cells.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"}:
            self._in_cell = False

    def handle_data(self, data: str) -> None:
        if self._in_cell:
            self.cells[-1] += data


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def test_findings_as_an_html_table() -> None:
    findings = (
        Finding("budget.sum", Severity.ERROR, "sums to 101", "$.budget"),
        Finding("url.no-scheme", Severity.INFO, "www.example.org has no scheme", "$.documents[0].url"),
    )
    tree = _parse(to_html(findings, "ru"))
    assert tree.tags[0] == ("div", {"class": "itaproj-views", "lang": "ru"})
    assert [tag for tag, _ in tree.tags].count("tr") == 3  # a header and a row per finding
    assert tree.cells[:4] == ["Правило", "Уровень", "Сообщение", "Путь"]
    assert tree.cells[4:8] == ["budget.sum", "ошибка", "sums to 101", "$.budget"]
    assert tree.cells[9] == "информация"


def test_metrics_as_html_nest_tables() -> None:
    tree = _parse(to_html(programme_metrics(_m4eg()), "en", caption="M4EG"))
    cells = tree.cells
    assert cells[cells.index("Budget per year") + 1] == "€3,625,000 – €6,692,307.69"
    assert cells[cells.index("Duration") + 1] == "26–48 months"
    assert ("caption", {}) in tree.tags
    assert [tag for tag, _ in tree.tags].count("table") >= 2  # countries nest a table


@given(st.text(max_size=40), st.text(max_size=20))
def test_html_escapes_every_text(message: str, path: str) -> None:
    html = to_html(Finding("rule", Severity.WARNING, message, path), "en")
    tree = _parse(html)
    cells = tree.cells

    # The parser gets back exactly the texts given (HTMLParser turns \r\n into \n, as browsers do).
    def same(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    assert same(cells[cells.index("Message") + 1]) == same(message)
    assert same(cells[cells.index("Path") + 1]) == same(path)
    assert [
        tag for tag, _ in tree.tags if tag not in {"div", "style", "table", "tbody", "tr", "th", "td"}
    ] == []
