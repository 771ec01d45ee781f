"""Catalogs (shipped .mo = compiled .po, .pot = the code's messages, uk/ru complete) and formatting."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from babel.dates import format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.numbers import format_compact_currency
from hypothesis import given, settings
from hypothesis import strategies as st

from itaproj import (
    Count,
    Indicator,
    LocalizedText,
    Measure,
    Money,
    MonthRange,
    Observation,
    PartialDate,
    Period,
    Qualifier,
    Span,
    TimeUnit,
)
from itaproj.errors import InvalidValueError
from itaproj.l10n.catalogs import CATALOG_LOCALES, babel_locale, locale_tag, text_fallback, translations
from itaproj.l10n.format import (
    country_name,
    format_change,
    format_count,
    format_date_partial,
    format_measure,
    format_money,
    format_months,
    format_period,
    format_span,
    resolve,
    subdivision_name,
)
from itaproj.testing import partial_dates, periods

ROOT = Path(__file__).resolve().parents[1]
LOCALE_DIR = ROOT / "src" / "itaproj" / "locale"
#: The packages whose messages are in the catalogs (what tools/l10n_catalogs.py extracts).
SOURCES = (ROOT / "src" / "itaproj" / "l10n", ROOT / "src" / "itaproj" / "plot")


def _po(language: str) -> Catalog:
    with (LOCALE_DIR / language / "LC_MESSAGES" / "itaproj.po").open("rb") as stream:
        return read_po(stream, locale=language)


def _keys(catalog: Catalog) -> set[tuple[str | None, str]]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalog if m.id}


# --- the catalogs ------------------------------------------------------------------------------


def _text(value: str | bytes | None) -> str | None:
    # babel before 2.16 leaves a message context read from a .mo as bytes.
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _strings(value: str | Iterable[str]) -> str | tuple[str, ...]:
    return value if isinstance(value, str) else tuple(value)


def _meaning(catalog: Catalog) -> dict[tuple[str | None, str | tuple[str, ...]], str | tuple[str, ...]]:
    """(context, msgid or (msgid, msgid_plural)) -> msgstr or its plural forms, for every translation."""
    return {
        (_text(m.context), _strings(m.id)): _strings(m.string)
        for m in catalog
        if m.id and not m.fuzzy and m.string and all(_strings(m.string))
    }


@pytest.mark.parametrize("language", CATALOG_LOCALES)
def test_shipped_mo_is_the_compiled_po(language: str) -> None:
    # Compare what the catalogs mean, not their bytes: babel releases lay out a .mo differently.
    po = _po(language)
    mo_path = LOCALE_DIR / language / "LC_MESSAGES" / "itaproj.mo"
    with mo_path.open("rb") as stream:
        mo = read_mo(stream)
    hint = "run: python tools/l10n_catalogs.py compile"
    assert _meaning(mo) == _meaning(po), hint
    assert len(_meaning(po)) > 100
    assert (mo.num_plurals, mo.plural_expr) == (po.num_plurals, po.plural_expr), hint

    # The standard library's reader (what translations() uses) picks the same plural form as the
    # .po's own rule, which is evaluated here independently with gettext.c2py.
    with mo_path.open("rb") as stream:
        reader = gettext.GNUTranslations(stream)
    rule = gettext.c2py(po.plural_expr)
    plurals = [m for m in po if m.id and not isinstance(m.id, str)]
    assert plurals
    for message in po:
        if not message.id:
            continue
        if isinstance(message.id, str):
            expected = message.string
            got = (
                reader.pgettext(message.context, message.id)
                if message.context
                else reader.gettext(message.id)
            )
            assert got == expected, (language, message.id)
            continue
        singular, plural = message.id[0], message.id[1]
        forms = tuple(message.string or ())
        for n in (*range(30), 101, 111, 1000, 1001, 1_000_000):
            expected = forms[rule(n)]
            if message.context:
                got = reader.npgettext(message.context, singular, plural, n)
            else:
                got = reader.ngettext(singular, plural, n)
            assert got == expected, (language, message.id, n)


def test_pot_holds_exactly_the_messages_marked_in_the_code() -> None:
    extracted = {
        (context, message if isinstance(message, str) else message[0])
        for source in SOURCES
        for _, _, message, _, context in extract_from_dir(
            source, [("**.py", "python")], keywords=DEFAULT_KEYWORDS
        )
    }
    with (LOCALE_DIR / "itaproj.pot").open("rb") as stream:
        template = read_po(stream)
    assert len(extracted) > 100
    assert _keys(template) == extracted, "run: python tools/l10n_catalogs.py"


@pytest.mark.parametrize("language", CATALOG_LOCALES)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    with (LOCALE_DIR / "itaproj.pot").open("rb") as stream:
        template = read_po(stream)
    catalog = _po(language)
    assert _keys(catalog) == _keys(template)
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, message.id
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        assert all(strings), f"{language}: {message.id!r} is untranslated"
        placeholders = set(re.findall(r"\{\w+\}", ids[-1]))
        for string in strings:
            assert set(re.findall(r"\{\w+\}", string)) == placeholders, (language, message.id, string)


@pytest.mark.parametrize(("language", "forms"), [("uk", 3), ("ru", 3), ("en", 2), ("kk", 2)])
def test_plural_forms_follow_cldr(language: str, forms: int) -> None:
    catalog = _po(language)
    assert catalog.num_plurals == forms
    plurals = [m for m in catalog if m.id and not isinstance(m.id, str)]
    assert plurals
    assert all(isinstance(m.string, (tuple, list)) and len(m.string) == forms for m in plurals)


def test_translations_by_locale() -> None:
    assert translations("uk").gettext("Budget") == "Бюджет"
    assert translations("uk_UA").gettext("Budget") == "Бюджет"
    assert translations("uk-UA").gettext("Budget") == "Бюджет"
    assert translations("ru").pgettext("status", "closed") == "завершено"
    assert translations("en").gettext("Budget") == "Budget"
    assert translations("de").gettext("Budget") == "Budget"  # no catalog: English labels, German CLDR data


def test_unknown_locale_is_refused_with_the_field_named() -> None:
    with pytest.raises(InvalidValueError, match="'locale' must"):
        locale_tag("xx")
    assert locale_tag("kk-KZ") == "kk_KZ"


def test_fallback_chains() -> None:
    assert text_fallback("uk") == ("en",)
    assert text_fallback("ru_RU") == ("en",)
    assert text_fallback("kk") == ("ru", "en")
    assert text_fallback("en") == ()
    text = LocalizedText({"ru": "Мэры", "en": "Mayors"}, original="ru")
    assert resolve(text, "uk") == "Mayors"
    assert resolve(text, "kk") == "Мэры"
    only_ru = LocalizedText({"ru": "Мэры"})
    assert resolve(only_ru, "en") == "Мэры"  # the original ends every chain
    assert resolve(LocalizedText({"en": "A", "uk": "Б"}), "uk-UA") == "Б"


# --- dates and periods ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("uk", "квітень 2015 – грудень 2020"),
        ("ru", "апрель 2015 – декабрь 2020"),
        ("en", "April 2015 – December 2020"),
    ],
)
def test_month_period_uses_standalone_month_names(locale: str, expected: str) -> None:
    assert format_period(Period.parse("2015-04", "2020-12"), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"), [("uk", "до липня 2022"), ("ru", "до июля 2022"), ("en", "until July 2022")]
)
def test_unknown_start_uses_the_governed_month_form(locale: str, expected: str) -> None:
    assert format_period(Period.parse(None, "2022-07"), locale) == expected


def test_other_period_shapes() -> None:
    assert format_period(Period.parse("2017", "2020"), "uk") == "2017–2020"
    assert format_period(Period.parse("2015-04", None), "uk") == "з квітня 2015"
    assert format_period(Period(PartialDate(2004), ongoing=True), "ru") == "с 2004, продолжается"
    assert format_period(Period(), "en") == "not stated"
    assert format_period(None, "ru") == "не указано"
    assert format_period(Period(ongoing=True), "en") == "ongoing, start not stated"
    assert format_period(Period.parse("2015-04", "2020"), "en") == "April 2015 – 2020"
    assert format_period(Period.parse("2017", "2017"), "en") == "2017"  # not "2017–2017"
    assert format_period(Period.parse("2015-04", "2015-04"), "uk") == "квітень 2015"


_OWN_FORM = {"uk": "stand-alone", "ru": "stand-alone", "en": "stand-alone", "kk": "format"}


def test_month_names_come_from_cldr() -> None:
    for locale, form in _OWN_FORM.items():
        for month in range(1, 13):
            name = Locale.parse(locale).months[form]["wide"][month]
            assert name in format_date_partial(PartialDate(2020, month), locale)


def test_kazakh_month_and_year_as_cldr_writes_them() -> None:
    for month in range(1, 13):
        date = dt.date(2015, month, 1)
        expected = format_skeleton("yMMMM", date, locale="kk")  # "2015 ж. сәуір", lower case
        assert format_date_partial(PartialDate(2015, month), "kk") == expected


@settings(max_examples=60, deadline=None)
@given(periods(), st.sampled_from(CATALOG_LOCALES))
def test_every_period_has_words_with_its_years(period: Period, locale: str) -> None:
    text = format_period(period, locale)
    assert text
    for date in (period.start, period.end):
        if date is not None:
            assert str(date.year) in text


@settings(max_examples=60, deadline=None)
@given(partial_dates(min_year=1000), st.sampled_from(CATALOG_LOCALES))
def test_month_precision_dates_name_their_month(date: PartialDate, locale: str) -> None:
    text = format_date_partial(date, locale)
    assert str(date.year) in text
    if date.month is not None and date.day is None:
        assert str(babel_locale(locale).months[_OWN_FORM[locale]]["wide"][date.month]) in text


# --- lengths ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (1, "1 місяць"),
        (2, "2 місяці"),
        (5, "5 місяців"),
        (11, "11 місяців"),
        (21, "21 місяць"),
        (24, "24 місяці"),
    ],
)
def test_ukrainian_month_plurals(months: int, expected: str) -> None:
    assert format_months(MonthRange(months, months), "uk") == expected


def test_ranges_and_spans() -> None:
    assert format_months(MonthRange(26, 48), "ru") == "26–48 месяцев"
    assert format_months(MonthRange(1, 1), "en") == "1 month"
    assert format_span(Span(4, TimeUnit.YEAR), "ru") == "4 года"
    assert format_span(Span(5, TimeUnit.YEAR), "ru") == "5 лет"
    assert format_span(Span(2, TimeUnit.WEEK), "en") == "2 weeks"
    assert format_span(Span(1, TimeUnit.DAY), "uk") == "1 день"


# --- money, counts, bounds ---------------------------------------------------------------------------


@pytest.mark.parametrize("locale", ["en", "uk", "ru", "kk"])
def test_money_uses_cldr_compact_currency(locale: str) -> None:
    expected = format_compact_currency(Decimal("14500000"), "EUR", locale=locale, fraction_digits=1)
    assert format_money(Money("14500000", "EUR"), locale) == expected


def test_money_keeps_digits_the_compact_form_drops() -> None:
    assert format_money(Money("6288000", "EUR"), "en") == "€6.3M (€6,288,000)"
    assert format_money(Money("6288000", "EUR"), "en", exact=True) == "€6,288,000"
    assert format_money(Money("12.5", "USD"), "en") == "$12.50"


@pytest.mark.parametrize(
    ("locale", "expected"), [("uk", "понад 100"), ("ru", "более 100"), ("en", "more than 100")]
)
def test_bounds_in_words(locale: str, expected: str) -> None:
    assert format_count(Count(100, Qualifier.MORE_THAN), locale) == expected
    assert format_measure(Measure(100, Qualifier.MORE_THAN), locale) == expected


def test_every_qualifier_has_words() -> None:
    texts = {q: format_count(Count(7, q), "uk") for q in Qualifier}
    assert texts[Qualifier.EXACT] == "7"
    assert len(set(texts.values())) == len(Qualifier)
    assert all("7" in text for text in texts.values())


def test_money_bound() -> None:
    amount = Money("7.8E9", "KZT", Qualifier.MORE_THAN)
    compact = format_compact_currency(Decimal("7.8E9"), "KZT", locale="ru", fraction_digits=1)
    assert format_money(amount, "ru") == f"более {compact}"


def test_change() -> None:
    title = LocalizedText({"en": "x"})
    sez = Indicator(title, baselines=(Observation(Measure(5)),), actuals=(Observation(Measure(12)),))
    assert format_change(sez, "uk") == "5 → 12 (+7, +140%)"  # 12 - 5 = 7; 7 / 5 = 140 %
    assert format_change(sez, "ru") == "5 → 12 (+7, +140\xa0%)"  # ru CLDR puts a no-break space before %
    fall = Indicator(title, baselines=(Observation(Measure(40)),), actuals=(Observation(Measure(30)),))
    assert format_change(fall, "en") == "40 → 30 (-10, -25%)"  # (30 - 40) / 40
    bounded = Indicator(
        title, baselines=(Observation(Measure(5)),), actuals=(Observation(Measure(100, Qualifier.MORE_THAN)),)
    )
    assert format_change(bounded, "en") == "5 → more than 100 (more than +95)"  # no percentage of a bound
    unbounded = Indicator(
        title,
        baselines=(Observation(Measure(5, Qualifier.MORE_THAN)),),
        actuals=(Observation(Measure(12, Qualifier.MORE_THAN)),),
    )
    assert format_change(unbounded, "en") == "more than 5 → more than 12"  # the change has no single bound
    assert format_change(Indicator(title, actuals=(Observation(Measure(7)),)), "en") is None


def test_country_names_from_cldr() -> None:
    for locale in ("uk", "ru", "en", "kk"):
        territories = Locale.parse(locale).territories
        for code in ("UA", "KZ", "AM", "MD"):
            assert country_name(code, locale) == territories[code]
    assert country_name("QZ", "uk") == "QZ"  # not in CLDR: the code, never a guess


def test_subdivision_names_in_the_readers_language() -> None:
    # ISO 3166-2 names through pycountry (the iso-codes translations); the code stays alongside.
    assert subdivision_name("UA-32", "uk") == "Київська область (UA-32)"
    assert subdivision_name("UA-32", "ru") == "Киевская область (UA-32)"
    assert subdivision_name("UA-32", "en") == "Kyivska oblast (UA-32)"
    assert (
        subdivision_name("KZ-47", "uk") == "Мангістауська область (KZ-47)"
    )  # iso-codes has a typo; corrected
    assert subdivision_name("UA-48", "ru") == "Николаевская область (UA-48)"  # iso-codes lacks it in ru
    assert subdivision_name("UA-32", "kk") == subdivision_name("UA-32", "ru")  # no kk names: ru, then en
    assert subdivision_name("UA-99", "uk") == "UA-99"  # unknown: the code, never a guess
