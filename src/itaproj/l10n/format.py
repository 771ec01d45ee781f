r"""Locale-aware formatting of the model's values: dates, periods, money, counts, countries, changes.

Every function takes the locale explicitly and passes it to babel (babel would otherwise read
the environment). Words ("until", "more than") come from the gettext catalogs; numbers, month
names, currency symbols, list patterns and country names come from CLDR through babel.

Numbers are formatted in a local decimal context wide enough for every number the library
holds (below 10^18, 45 decimal places: :mod:`itaproj.quantity`) and every ratio of two of
them, so no digit is rounded away by the thread's context (28 digits by default) and no
formatting raises for them. A number beyond 10^100 in magnitude, or with more than 100
decimal places, is refused with :class:`~itaproj.errors.InvalidValueError`.

Example:
    >>> from itaproj import Money, Period, Qualifier
    >>> format_period(Period.parse("2015-04", "2020-12"), "uk")
    'квітень 2015 – грудень 2020'
    >>> format_period(Period.parse(None, "2022-07"), "uk")
    'до липня 2022'
    >>> format_money(Money("14500000", "EUR"), "en")
    '€14.5M'
    >>> format_money(Money("7.8E9", "KZT", Qualifier.MORE_THAN), "ru")
    'более 7,8\xa0млрд\xa0KZT'
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from functools import cache

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
)

from itaproj.errors import AmountRangeError, BoundArithmeticError, InvalidValueError
from itaproj.l10n.catalogs import babel_locale, text_fallback, translations
from itaproj.money import Money
from itaproj.period import MonthRange, PartialDate, Period, Precision, Span, TimeUnit
from itaproj.quantity import Count, Measure, Qualifier
from itaproj.results import Indicator
from itaproj.text import LocalizedText

__all__ = [
    "country_name",
    "format_change",
    "format_count",
    "format_date_partial",
    "format_list_of",
    "format_measure",
    "format_money",
    "format_months",
    "format_number",
    "format_percentage",
    "format_period",
    "format_qualified",
    "format_span",
    "minor_units",
    "resolve",
    "round_to_minor_units",
    "subdivision_name",
]


def resolve(text: LocalizedText, locale: str) -> str:
    """A model text in ``locale``, along the fallback chain of :func:`~itaproj.l10n.catalogs.text_fallback`.

    Example:
        >>> title = LocalizedText.of("ru", "Мэры за экономический рост", en="Mayors for Economic Growth")
        >>> resolve(title, "uk"), resolve(title, "kk")
        ('Mayors for Economic Growth', 'Мэры за экономический рост')
    """
    return text.resolve(str(babel_locale(locale)), fallback=text_fallback(locale))


def _month_name(month: int, locale: str, context: str) -> str:
    return str(babel_locale(locale).months[context]["wide"][month])


def format_date_partial(date: PartialDate, locale: str, *, governed: bool = False) -> str:
    """A partial date as precise as it is known: ``2017``, ``квітень 2015``, ``12 березня 2021 р.``.

    Args:
        date: The date.
        locale: The locale.
        governed: True when the date follows a preposition ("until", "from"): month names then
            take CLDR's format (in Ukrainian and Russian, genitive) form instead of the stand-alone one.

    Example:
        >>> format_date_partial(PartialDate(2015, 4), "ru"), format_date_partial(PartialDate(2015, 4), "ru", governed=True)
        ('апрель 2015', 'апреля 2015')
    """
    tr = translations(locale)
    if date.precision is Precision.YEAR:
        return str(date.year)
    if date.precision is Precision.MONTH:
        assert date.month is not None
        # TRANSLATORS: which CLDR month names go into "{month} {year}" on their own: "stand-alone"
        # (uk "квітень 2015") or "format" (kk "2015 ж. сәуір", lower case as CLDR writes it).
        own_form = "format" if tr.pgettext("month names", "stand-alone") == "format" else "stand-alone"
        month = _month_name(date.month, locale, "format" if governed else own_form)
        # TRANSLATORS: a month and a year, as in "April 2015"; reorder if your language needs to.
        return tr.gettext("{month} {year}").format(month=month, year=date.year)
    return format_date(date.to_date(), "long", locale=babel_locale(locale))


def format_period(period: Period | None, locale: str) -> str:
    """A period in words: ``2017–2020``, ``квітень 2015 – грудень 2020``, ``до липня 2022``.

    Example:
        >>> format_period(Period.parse("2017", "2020"), "ru")
        '2017–2020'
        >>> format_period(Period.parse("2015-04", None), "en")
        'from April 2015'
        >>> format_period(None, "uk")
        'не вказано'
        >>> format_period(Period.parse("2017", "2017"), "uk")
        '2017'
    """
    tr = translations(locale)
    if period is None or (period.start is None and period.end is None and not period.ongoing):
        return tr.gettext("not stated")
    start, end = period.start, period.end
    if start is None:
        if end is None:
            return tr.gettext("ongoing, start not stated")
        return tr.gettext("until {date}").format(date=format_date_partial(end, locale, governed=True))
    if end is None:
        since = format_date_partial(start, locale, governed=True)
        if period.ongoing:
            return tr.gettext("since {date}, ongoing").format(date=since)
        return tr.gettext("from {date}").format(date=since)
    if start == end:  # "in 2017", not "2017–2017"
        return format_date_partial(start, locale)
    if start.precision is Precision.YEAR and end.precision is Precision.YEAR:
        return f"{start.year}–{end.year}"
    return f"{format_date_partial(start, locale)} – {format_date_partial(end, locale)}"


#: The decimal context babel formats in: 300 digits hold any number below 10^100 with 100
#: decimal places, and babel's own scaling (x100 for percentages) on top.
_FORMATTING = Context(prec=300, Emax=MAX_EMAX, Emin=MIN_EMIN)
_FORMAT_DIGITS = 100  # digits before the point, and after it, that a formatted number may have


def _formattable(value: Decimal | int, field: str = "value") -> Decimal | int:
    """``value`` if it is a number babel can format whole, else InvalidValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        if -(10**_FORMAT_DIGITS) < value < 10**_FORMAT_DIGITS:
            return value
    elif (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < _FORMAT_DIGITS
        and int(value.as_tuple().exponent) >= -_FORMAT_DIGITS
    ):
        return value
    reason = f"be a finite number below 10^{_FORMAT_DIGITS} with at most {_FORMAT_DIGITS} decimal places"
    raise InvalidValueError(field, value, reason)


def format_number(value: Decimal | int, locale: str) -> str:
    r"""A plain number with the locale's separators, every digit shown.

    Raises:
        InvalidValueError: for a number beyond 10^100 or with more than 100 decimal places.

    Example:
        >>> format_number(Decimal("6288000"), "uk")
        '6\xa0288\xa0000'
        >>> format_number(Decimal("-999999999999999999.000000000000000000000000000000000000000000001"), "en")
        '-999,999,999,999,999,999.000000000000000000000000000000000000000000001'
    """
    number = _formattable(value)
    with localcontext(_FORMATTING):
        return format_decimal(number, locale=babel_locale(locale), decimal_quantization=False)


def format_qualified(text: str, qualifier: Qualifier, locale: str) -> str:
    """Put a formatted figure into words for its qualifier: "more than 100", "понад 100".

    Example:
        >>> format_qualified("100", Qualifier.MORE_THAN, "uk"), format_qualified("100", Qualifier.MORE_THAN, "ru")
        ('понад 100', 'более 100')
    """
    tr = translations(locale)
    if qualifier is Qualifier.MORE_THAN:
        return tr.gettext("more than {value}").format(value=text)
    if qualifier is Qualifier.AT_LEAST:
        return tr.gettext("at least {value}").format(value=text)
    if qualifier is Qualifier.LESS_THAN:
        return tr.gettext("less than {value}").format(value=text)
    if qualifier is Qualifier.AT_MOST:
        return tr.gettext("at most {value}").format(value=text)
    if qualifier is Qualifier.ABOUT:
        return tr.gettext("about {value}").format(value=text)
    return text


def format_count(count: Count, locale: str) -> str:
    """A count, bounds in words.

    Example:
        >>> format_count(Count(300, Qualifier.MORE_THAN), "en")
        'more than 300'
    """
    return format_qualified(format_number(count.value, locale), count.qualifier, locale)


def format_measure(measure: Measure, locale: str) -> str:
    """An indicator value, bounds in words.

    Example:
        >>> format_measure(Measure(100, Qualifier.MORE_THAN), "ru")
        'более 100'
    """
    return format_qualified(format_number(measure.value, locale), measure.qualifier, locale)


def _exact_currency(amount: Decimal, currency: str, locale: str) -> str:
    parsed = babel_locale(locale)
    if amount == amount.to_integral_value(context=_FORMATTING):
        # The locale's own currency pattern without its decimals: "6 288 000 €", not "6 288 000,00 €".
        pattern = parsed.currency_formats["standard"].pattern.split(";")[0].replace(".00", "")
        return format_currency(amount, currency, format=pattern, locale=parsed, currency_digits=False)
    return format_currency(amount, currency, locale=parsed)


def minor_units(currency: str) -> int:
    """How many decimals an amount in ``currency`` is shown with (CLDR: JPY 0, EUR 2, KWD 3).

    Example:
        >>> minor_units("EUR"), minor_units("JPY"), minor_units("UAH")
        (2, 0, 2)
    """
    return int(get_currency_precision(currency))


def round_to_minor_units(money: Money) -> Money:
    """``money`` rounded half-even to its currency's :func:`minor_units`, for showing, never for sums.

    Amounts with fewer decimals keep them as they are ("EUR 250" stays "250", not "250.00").

    Example:
        >>> round_to_minor_units(Money("2.487804878048780487804878049", "EUR"))
        Money('2.49', 'EUR')
        >>> round_to_minor_units(Money("1234.5", "JPY"))
        Money('1234', 'JPY')
    """
    places = minor_units(money.currency)
    exponent = money.amount.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= -places:
        return money
    with localcontext(_FORMATTING):
        amount = money.amount.quantize(Decimal(1).scaleb(-places))
    return Money(amount, money.currency, money.qualifier)


def format_money(money: Money, locale: str, *, exact: bool = False) -> str:
    """An amount with CLDR's compact currency format ("14,5 млн EUR", "€14.5M"), bounds in words.

    Where the compact form drops digits (EUR 6,288,000 is "€6.3M") the exact amount follows in
    parentheses, so nothing is lost. ``exact=True`` gives the exact amount only.

    Example:
        >>> format_money(Money("6288000", "EUR"), "en")
        '€6.3M (€6,288,000)'
        >>> format_money(Money("250", "USD"), "en")
        '$250'
    """
    amount = _formattable(money.amount, "amount")
    assert isinstance(amount, Decimal)
    with localcontext(_FORMATTING):
        full = _exact_currency(amount, money.currency, locale)
        digits = len(amount.normalize().as_tuple().digits)
        if exact or abs(amount) < 1000:
            text = full
        else:
            compact = format_compact_currency(
                amount, money.currency, locale=babel_locale(locale), fraction_digits=1
            )
            text = compact if digits <= 3 else f"{compact} ({full})"
    return format_qualified(text, money.qualifier, locale)


def format_percentage(fraction: Decimal, locale: str, *, signed: bool = False) -> str:
    r"""A fraction as a percentage (``Decimal("1.4")`` is 140%), optionally with its sign.

    Raises:
        InvalidValueError: for a fraction of 10^98 or more (10^100 percent).

    Example:
        >>> format_percentage(Decimal("1.4"), "ru", signed=True)
        '+140\xa0%'
    """
    if isinstance(fraction, Decimal) and fraction.is_finite() and fraction.adjusted() < -_FORMAT_DIGITS:
        # Far below what a percentage shows (CLDR's patterns have no decimals): zero it.
        fraction = Decimal(0).copy_sign(fraction)
    number = _formattable(fraction, "fraction")
    if abs(number) >= 10 ** (_FORMAT_DIGITS - 2):
        raise InvalidValueError(
            "fraction", fraction, f"be below 10^{_FORMAT_DIGITS - 2} to show as a percentage"
        )
    with localcontext(_FORMATTING):
        text = format_percent(number, locale=babel_locale(locale))
    return f"+{text}" if signed and fraction > 0 else text


def format_change(indicator: Indicator, locale: str) -> str | None:
    """Baseline to latest actual with the change: ``5 → 12 (+7, +140%)``; ``None`` without both values.

    Example:
        >>> from itaproj.results import Observation
        >>> sez = Indicator(LocalizedText({"en": "Enterprises"}), baselines=(Observation(Measure(5)),),
        ...                 actuals=(Observation(Measure(12)),))
        >>> format_change(sez, "en")
        '5 → 12 (+7, +140%)'
    """
    baseline = indicator.baseline
    actual = indicator.latest_actual
    if baseline is None or actual is None:
        return None
    if not isinstance(baseline.value, Measure) or not isinstance(actual.value, Measure):
        return None
    before, after = format_measure(baseline.value, locale), format_measure(actual.value, locale)
    try:
        change = indicator.change
        relative = indicator.relative_change
    except (BoundArithmeticError, AmountRangeError):
        # "more than 5" to "more than 12": the change has no single bound; -9E+17 to 9E+17:
        # the change is beyond the numbers the library holds.
        return f"{before} → {after}"
    assert change is not None
    magnitude = format_number(change.value, locale)
    signed = f"+{magnitude}" if change.value > 0 else magnitude
    parts = [format_qualified(signed, change.qualifier, locale)]
    if relative is not None:
        parts.append(format_percentage(relative, locale, signed=True))
    return f"{before} → {after} ({', '.join(parts)})"


def format_months(months: MonthRange, locale: str) -> str:
    """A length in months, a range when the dates are partial: ``26–48 months``, ``69 місяців``.

    Example:
        >>> format_months(MonthRange(69, 69), "uk"), format_months(MonthRange(26, 48), "en")
        ('69 місяців', '26–48 months')
    """
    tr = translations(locale)
    value = format_number(months.low, locale)
    if not months.is_exact:
        value = f"{value}–{format_number(months.high, locale)}"
    return tr.ngettext("{months} month", "{months} months", months.high).format(months=value)


def format_span(span: Span, locale: str) -> str:
    """A declared length: ``4 years``, ``4 роки``.

    Example:
        >>> format_span(Span(4, TimeUnit.YEAR), "uk"), format_span(Span(1, TimeUnit.YEAR), "en")
        ('4 роки', '1 year')
    """
    tr = translations(locale)
    n, count = format_number(span.count, locale), span.count
    if span.unit is TimeUnit.YEAR:
        return tr.ngettext("{n} year", "{n} years", count).format(n=n)
    if span.unit is TimeUnit.MONTH:
        return tr.ngettext("{n} month", "{n} months", count).format(n=n)
    if span.unit is TimeUnit.WEEK:
        return tr.ngettext("{n} week", "{n} weeks", count).format(n=n)
    return tr.ngettext("{n} day", "{n} days", count).format(n=n)


def country_name(code: str, locale: str) -> str:
    """The CLDR name of a country in ``locale``; the code itself when CLDR lacks it.

    Example:
        >>> country_name("UA", "uk"), country_name("AM", "ru"), country_name("XK", "en")
        ('Україна', 'Армения', 'Kosovo')
    """
    return str(babel_locale(locale).territories.get(code, code))


# Corrections to the iso-codes translations that pycountry ships, by (language, code): a typo
# ("Мангістаурська") and a missing Russian name (UA-48 came out in English).
_SUBDIVISION_CORRECTIONS: dict[tuple[str, str], str] = {
    ("uk", "KZ-47"): "Мангістауська область",
    ("ru", "UA-48"): "Николаевская область",
}


@cache
def _subdivision_names(locale: str) -> dict[str, str]:
    """ISO 3166-2 code -> name in ``locale`` (or along its fallback chain), from pycountry if installed."""
    try:
        import pycountry
    except ImportError:
        return {}
    english = {subdivision.code: subdivision.name for subdivision in pycountry.subdivisions}
    catalogs = []
    for language in (babel_locale(locale).language, *text_fallback(locale)):
        if language == "en":
            break
        try:
            catalogs.append(gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            continue
    names = {}
    for code, name in english.items():
        # gettext answers the English name when a catalog lacks it: try the next language then.
        names[code] = next((found for c in catalogs if (found := c.gettext(name)) != name), name)
    language = babel_locale(locale).language
    names.update({code: name for (lang, code), name in _SUBDIVISION_CORRECTIONS.items() if lang == language})
    return names


def subdivision_name(code: str, locale: str) -> str:
    """An oblast or region by its ISO 3166-2 code: ``Київська область (UA-32)``.

    The names come from the ISO 3166-2 data and translations of the iso-codes project, through
    ``pycountry`` when it is installed (``pip install 'itaproj[names]'``); without it, or for a
    code it does not know, the code alone.

    Example:
        >>> subdivision_name("UA-32", "uk"), subdivision_name("UA-32", "ru")
        ('Київська область (UA-32)', 'Киевская область (UA-32)')
        >>> subdivision_name("KZ-47", "uk"), subdivision_name("UA-48", "ru")
        ('Мангістауська область (KZ-47)', 'Николаевская область (UA-48)')
        >>> subdivision_name("UA-99", "uk")
        'UA-99'
    """
    name = _subdivision_names(str(babel_locale(locale))).get(code)
    return code if name is None else f"{name} ({code})"


def format_list_of(items: Iterable[str], locale: str) -> str:
    """Join items with the locale's list pattern ("A, B і C").

    Example:
        >>> format_list_of(["Вірменія", "Грузія", "Україна"], "uk")
        'Вірменія, Грузія і Україна'
    """
    values = list(items)
    return format_list(values, locale=babel_locale(locale)) if values else ""
