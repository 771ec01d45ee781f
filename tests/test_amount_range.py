"""The range of numbers the library holds: below 10^18 in magnitude, at most 45 decimal places.

Every held number constructs, computes and formats; every other one is refused at construction;
arithmetic is exact (sums) or rounded as documented (products to 45 places, quotients to 28
significant digits), whatever the thread's decimal context. Expected values are computed here
with ``fractions.Fraction``, independently of :mod:`itaproj.quantity`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal, Inexact, Rounded, localcontext
from fractions import Fraction
from random import Random

import pytest
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from hypothesis import given
from hypothesis import strategies as st

from itaproj import (
    BeneficiaryKind,
    Budget,
    BudgetLine,
    Catalogue,
    Component,
    CountryShare,
    CrossCuttingTheme,
    Indicator,
    LocalizedText,
    Observation,
    Period,
    Programme,
    Result,
    Selection,
    Span,
    TargetGroup,
    TimeUnit,
)
from itaproj.errors import AmountRangeError, InvalidValueError, ItaprojError
from itaproj.l10n import render_html, render_report
from itaproj.l10n.format import format_measure, format_money, format_number, format_percentage
from itaproj.metrics import catalogue_metrics, programme_metrics, theme_totals
from itaproj.money import ExchangeRate, Money, money_sum
from itaproj.quantity import Count, Measure, Qualifier, to_decimal

LOCALES = ("en", "uk", "ru", "kk")
LIMIT = 10**18
PLACES = 45
NINES = "9" * 18 + "." + "9" * 45  # the largest held number, 10^18 - 10^-45
EXTREMES = tuple(
    Decimal(text)
    for text in (
        NINES,
        "-" + NINES,
        "1E-45",
        "-1E-45",
        "999999999999999999",
        "0",
        "0E-45",
        "0E+17",
        "123456789012345678.123456789012345678901234567890123456789012345",
        "1E+17",
        "-5E+17",
        "0.000000000000000001",
        "7.8E+9",
        "0.1",
    )
)


def _decimal(negative: bool, coefficient: int, exponent: int) -> Decimal:
    return Decimal((int(negative), tuple(int(d) for d in str(coefficient)), exponent))


@st.composite
def _generated(draw: st.DrawFn, below: int) -> Decimal:
    """``c * 10^e`` with ``-45 <= e`` and ``c * 10^e < 10^below``: every held number can come out."""
    exponent = draw(st.integers(-PLACES, below - 1))
    coefficient = draw(st.integers(0, 10 ** (below - exponent) - 1))
    return _decimal(draw(st.booleans()), coefficient, exponent)


def held(below: int = 18) -> st.SearchStrategy[Decimal]:
    """Numbers the library holds, below ``10^below`` in magnitude; the extremes often."""
    extremes = [d for d in EXTREMES if d.copy_abs() < 10**below]
    return st.sampled_from(extremes) | _generated(below)


def rounded(value: Fraction, places: int = PLACES) -> Fraction:
    """``value`` rounded half-even to ``places`` decimal places (``round`` on a Fraction is half-even)."""
    return Fraction(round(value * 10**places), 10**places)


def quotient(value: Fraction) -> Fraction:
    """``value`` as a quotient is held: exact if it is held, else to 28 significant digits, else 45 places.

    45 places where the 28th significant digit is beyond them, or where 28 digits round up to 10^18.
    """
    if held_value(value):
        return value
    magnitude = 0  # 10^magnitude <= |value| < 10^(magnitude + 1)
    while abs(value) >= Fraction(10) ** (magnitude + 1):
        magnitude += 1
    while abs(value) < Fraction(10) ** magnitude:
        magnitude -= 1
    step = Fraction(10) ** (magnitude - 27)  # the place of the 28th significant digit
    digits28 = round(value / step) * step
    if step < Fraction(1, 10**PLACES) or abs(digits28) >= LIMIT:
        return rounded(value)
    return digits28


def held_value(value: Fraction) -> bool:
    return abs(value) < LIMIT and (value * 10**PLACES).denominator == 1


# -- construction -----------------------------------------------------------------------------


@given(held())
def test_every_held_number_constructs_and_keeps_its_text(number: Decimal) -> None:
    for given_as in (number, str(number), f"  {number}\n"):
        assert str(to_decimal(given_as)) == str(number)
    assert str(Money(number, "EUR").amount) == str(number)
    assert str(Measure(str(number)).value) == str(number)
    if number > 0:
        assert ExchangeRate("EUR", "USD", number, dt.date(2020, 1, 2)).rate == number
    if number == number.to_integral_value():
        assert to_decimal(int(number)) == number


@given(held(), st.integers(1, 20))
def test_one_place_too_many_is_refused(number: Decimal, extra: int) -> None:
    sign, digits, _ = number.as_tuple()
    # The same digits, then one more non-zero digit beyond the 45th place.
    longer = Decimal((sign, (*digits, *([0] * (extra - 1)), 7), -PLACES - extra))
    assert longer.copy_abs() < LIMIT  # abs() would round to the context's 28 digits
    for given_as in (longer, str(longer)):
        with pytest.raises(AmountRangeError) as info:
            Money(given_as, "EUR")
        assert info.value.field == "amount"
        assert info.value.value is given_as
        assert info.value.operation is None


@given(st.integers(0, 10**60), st.integers(0, 40), st.booleans())
def test_10_to_the_18_or_more_is_refused(coefficient: int, exponent: int, negative: bool) -> None:
    big = _decimal(negative, 10**18 + coefficient, exponent)
    for given_as in (big, str(big), int(big)):
        with pytest.raises(AmountRangeError) as info:
            Measure(given_as)
        assert isinstance(info.value, InvalidValueError)
        assert info.value.field == "value"
        assert "less than 10^18" in str(info.value)


@pytest.mark.parametrize(
    "text",
    ["1E+28", "1E+1000000", "1E-99999", "-1E+18", "1E-46", "0E-46", "0E+18", "1" * 19, "0." + "0" * 45 + "1"],
)
def test_out_of_range_text_is_refused(text: str) -> None:
    with pytest.raises(AmountRangeError) as info:
        to_decimal(text, "budget")
    assert str(info.value) == (
        f"'budget' must be less than 10^18 in magnitude, with at most 45 decimal places (got {text!r})"
    )


@pytest.mark.parametrize(
    "text",
    ["1" * 101, "1" * 5000, " " * 99 + "12", "0." + "5" * 1_000_000],
    ids=["101 digits", "5000 digits", "padded", "a million digits"],
)
def test_long_text_is_refused_by_its_length(text: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        to_decimal(text)
    assert info.value.reason == "be a decimal number of at most 100 characters"
    assert info.value.value is text


@pytest.mark.parametrize("text", ["1_000", "١٢٣", "１２", "12\u00a05", "0x10", "1,5", "1e", "--1", ""])
def test_only_plain_ascii_decimal_text_is_read(text: str) -> None:
    # Decimal() itself reads "1_000" as 1000 and Arabic-Indic or full-width digits as numbers.
    with pytest.raises(InvalidValueError) as info:
        to_decimal(text)
    assert info.value.reason == "be a decimal number"


@pytest.mark.parametrize("value", [10**18, -(10**18), 10**5000], ids=["10^18", "-10^18", "10^5000"])
def test_large_ints_are_refused(value: int) -> None:
    with pytest.raises(AmountRangeError):
        to_decimal(value)
    assert to_decimal(10**18 - 1) == Decimal("999999999999999999")


def test_counts_are_below_10_to_the_18() -> None:
    assert Count(10**18 - 1).value == 10**18 - 1
    with pytest.raises(AmountRangeError) as info:
        Count(10**18)
    assert str(info.value) == f"'value' must be less than 10^18 (got {10**18})"


# -- arithmetic against Fraction ------------------------------------------------------------------


def _expect(expected: Fraction, compute: object) -> None:
    """``compute()`` gives ``expected`` when it is held, else raises AmountRangeError."""
    assert callable(compute)
    if abs(expected) < LIMIT:
        result = compute()
        assert Fraction(result) == expected
        assert held_value(Fraction(result))
        assert to_decimal(result) == result  # the result is itself a held number
        assert not result.is_signed() or result != 0  # no negative zero
    else:
        with pytest.raises(AmountRangeError) as info:
            compute()
        assert info.value.operation is not None


@given(held(), held())
def test_sums_and_differences_are_exact_or_refused(a: Decimal, b: Decimal) -> None:
    x, y = Money(a, "EUR"), Money(b, "EUR")
    _expect(Fraction(a) + Fraction(b), lambda: (x + y).amount)
    _expect(Fraction(a) - Fraction(b), lambda: (x - y).amount)
    _expect(Fraction(a) + Fraction(b), lambda: (Measure(a) + Measure(b)).value)
    _expect(Fraction(a) - Fraction(b), lambda: (Measure(a) - Measure(b)).value)
    assert Fraction((-x).amount) == -Fraction(a)


@given(held(), held() | st.integers(-(10**30), 10**30))
def test_products_are_rounded_to_45_places(a: Decimal, factor: Decimal | int) -> None:
    _expect(rounded(Fraction(a) * Fraction(factor)), lambda: (Money(a, "EUR") * factor).amount)


@given(held(), held() | st.integers(-(10**30), 10**30))
def test_quotients_have_28_significant_digits(a: Decimal, divisor: Decimal | int) -> None:
    if divisor == 0:
        with pytest.raises(InvalidValueError, match="'divisor' must not be zero"):
            Money(a, "EUR") / divisor
        return
    _expect(quotient(Fraction(a) / Fraction(divisor)), lambda: (Money(a, "EUR") / divisor).amount)


def test_quotients_are_those_of_the_default_context() -> None:
    # Division results such as a third are held as Python's default context computes them.
    assert (Money(1, "EUR") / 3).amount == Decimal(1) / Decimal(3)
    # A quotient that is a held number is exact, even with more than 28 digits...
    largest = Money(NINES, "EUR")
    assert largest / 1 == largest
    digits31 = Money("123456789012345678.1234567890123", "EUR")
    assert (digits31 * 4) / 4 == digits31  # the default context would round to 28 digits
    # ... and one that 28 digits would round up to 10^18 is rounded to 45 places instead.
    assert (largest / Decimal("1.0000000000000000000000000000000000000000000001")).amount == Decimal(
        "999999999999999999.999999999999999999999999999899999999999999999"
    )
    assert Money((Money(10, "EUR") / 3).amount, "EUR") == Money(10, "EUR") / 3
    assert (Money("1E-18", "EUR") / 7).amount == Decimal("1.42857142857142857142857143E-19")
    assert (Money("1E-45", "EUR") / 2).amount == 0  # 0.5E-45, half to even
    assert (Money("3E-45", "EUR") / 2).amount == Decimal("2E-45")


@given(held(), held())
def test_conversion_both_ways(a: Decimal, r: Decimal) -> None:
    if r <= 0:
        return
    rate = ExchangeRate("EUR", "USD", r, dt.date(2020, 1, 2))
    _expect(rounded(Fraction(a) * Fraction(r)), lambda: Money(a, "EUR").convert(rate).amount)
    _expect(quotient(1 / Fraction(r)), lambda: rate.inverse().rate)


def test_overflow_names_the_operation() -> None:
    big = Money("9E+17", "EUR")
    cases = [
        (lambda: big + big, "add"),
        (lambda: big - -big, "subtract"),
        (lambda: big * 2, "multiply"),
        (lambda: big / Decimal("0.5"), "divide"),
        (lambda: big.convert(ExchangeRate("EUR", "KZT", 500, dt.date(2020, 1, 2))), "convert"),
        (lambda: Measure("9E+17") - Measure("-9E+17"), "subtract"),
        (lambda: ExchangeRate("EUR", "USD", "1E-45", dt.date(2020, 1, 2)).inverse(), "divide"),
    ]
    for compute, operation in cases:
        with pytest.raises(AmountRangeError) as info:
            compute()
        assert info.value.operation == operation
        assert str(info.value).endswith(f" from {operation})")
        # A value refused and an overflow: both kinds of handler catch it.
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, ArithmeticError)


@pytest.mark.parametrize(
    "factor", [Decimal("1E+999999999999999999"), Decimal("9E+999999999999999999"), 10**400]
)
def test_huge_factors_overflow_to_an_error(factor: Decimal | int) -> None:
    with pytest.raises(AmountRangeError):
        Money(1, "EUR") * factor
    assert Money(0, "EUR") * factor == Money(0, "EUR")
    assert Money(5, "EUR") / factor == Money(0, "EUR")


def test_non_finite_factors_are_refused() -> None:
    for bad in (Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")):
        with pytest.raises(InvalidValueError):
            Money(1, "EUR") * bad
        with pytest.raises(InvalidValueError):
            Money(1, "EUR") / bad


# -- laws -------------------------------------------------------------------------------------------

SMALL = held(17).map(lambda d: Money(d, "EUR"))  # three of them add up to less than 10^18


@given(SMALL, SMALL, SMALL)
def test_addition_is_associative_exactly(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert Fraction(((a + b) + c).amount) == Fraction(a.amount) + Fraction(b.amount) + Fraction(c.amount)


@given(SMALL, SMALL)
def test_adding_then_subtracting_gives_back_the_amount(a: Money, b: Money) -> None:
    assert a + b - b == a
    assert a - b + b == a


@given(st.lists(held(16), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_sums_do_not_depend_on_the_order(numbers: list[Decimal], random: Random) -> None:
    amounts = [Money(n, "UAH") for n in numbers]
    shuffled = list(amounts)
    random.shuffle(shuffled)
    total = money_sum(amounts, "UAH")
    assert money_sum(shuffled, "UAH") == total == sum(reversed(amounts))
    # 40 amounts of up to 63 digits: far past the default context's 28 digits, still exact.
    assert Fraction(total.amount) == sum(Fraction(n) for n in numbers)


@given(st.lists(held(), min_size=2, max_size=6))
def test_arithmetic_ignores_the_threads_context(numbers: list[Decimal]) -> None:
    amounts = [Money(n, "EUR") for n in numbers]
    pairs = list(itertools.pairwise(amounts))
    expected = []
    for a, b in pairs:
        try:
            expected.append((a + b, a - b, a * b.amount, a / 3))
        except AmountRangeError:
            expected.append(None)
    with localcontext() as context:
        # Two digits, and a trap on any rounding: an operation in this context would raise.
        context.prec = 2
        context.traps[Inexact] = context.traps[Rounded] = True
        for (a, b), results in zip(pairs, expected, strict=True):
            try:
                computed = (a + b, a - b, a * b.amount, a / 3)
            except AmountRangeError:
                computed = None
            assert computed == results


# -- formatting -------------------------------------------------------------------------------------


def _read_back(text: str, locale: str) -> Decimal:
    """A number formatted by babel read back with the locale's symbols, from CLDR through babel."""
    plain = text.replace(get_group_symbol(locale), "").replace(get_decimal_symbol(locale), ".")
    return Decimal(plain.replace(get_minus_sign_symbol(locale), "-"))


@given(held(), st.sampled_from(LOCALES), st.sampled_from(Qualifier))
def test_every_held_number_formats_with_every_digit(
    number: Decimal, locale: str, qualifier: Qualifier
) -> None:
    assert _read_back(format_number(number, locale), locale) == number
    assert format_measure(Measure(number, qualifier), locale)
    for currency in ("EUR", "UAH", "KZT", "USD"):
        text = format_money(Money(number, currency, qualifier), locale)
        assert text
        assert format_money(Money(number, currency), locale, exact=True) in text or number.copy_abs() >= 1000
    assert format_percentage(number, locale)


@given(held(), held(), st.sampled_from(LOCALES))
def test_results_of_arithmetic_format(a: Decimal, b: Decimal, locale: str) -> None:
    x, y = Money(a, "EUR"), Money(b, "EUR")
    for compute in (lambda: x + y, lambda: x - y, lambda: x * b, lambda: x / 7, lambda: x / b):
        try:
            result = compute()
        except ItaprojError:
            continue
        assert format_money(result, locale)
        assert _read_back(format_number(result.amount, locale), locale) == result.amount
    if b != 0:
        # A ratio is not bound to the range (up to 10^63 here): it still formats as a percentage.
        assert format_percentage(x.ratio(y), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_extremes_format(locale: str) -> None:
    for number in EXTREMES:
        assert _read_back(format_number(number, locale), locale) == number
    for bad in (Decimal("1E+100"), Decimal("1E-101"), 10**100, Decimal("NaN")):
        with pytest.raises(InvalidValueError):
            format_number(bad, locale)
    assert format_percentage(Decimal("1E-5000"), locale).startswith("0")


# -- metrics and reports of programmes at the edges of the range --------------------------------

PERIODS = (
    Period.parse("2020-01", "2020-01"),
    Period.parse("2017", "2020"),
    Period.parse("2000", "2099"),
    None,
)
PERCENTAGES = st.sampled_from((Decimal(0), Decimal(50), Decimal(100))) | held(3).filter(
    lambda d: 0 <= d <= 100
)
COUNTS = st.sampled_from((0, 1, 19, 10**18 - 1)) | st.integers(0, 10**18 - 1)


def _observation(value: Decimal | None, qualifier: Qualifier) -> Observation | None:
    return None if value is None else Observation(Measure(value, qualifier))


@st.composite
def edge_programmes(draw: st.DrawFn, key: str) -> Programme:
    currency = draw(st.sampled_from(("EUR", "USD")))
    amount = draw(held())
    lines = tuple(BudgetLine(Money(n, currency)) for n in draw(st.lists(held(), max_size=3)))
    budget = Budget(total=None if draw(st.booleans()) else Money(amount, currency), lines=lines)
    countries = tuple(
        CountryShare(code, share)
        for code, share in draw(st.lists(st.tuples(st.sampled_from(("UA", "MD")), PERCENTAGES), max_size=3))
    )
    components = tuple(
        Component(str(i), LocalizedText({"en": f"C{i}"}), budget_share=share, budget=budget_money)
        for i, (share, budget_money) in enumerate(
            draw(
                st.lists(
                    st.tuples(st.none() | PERCENTAGES, st.none() | held().map(lambda n: Money(n, currency))),
                    max_size=3,
                )
            )
        )
    )
    theme = CrossCuttingTheme(
        LocalizedText({"en": "Gender"}), code="1", components=tuple(c.code for c in components[:2])
    )
    qualifiers = st.sampled_from(Qualifier)
    values = st.none() | held()
    indicator = Indicator(
        LocalizedText({"en": "Figure"}),
        baselines=tuple(b for b in (_observation(draw(values), draw(qualifiers)),) if b is not None),
        actuals=tuple(o for o in [_observation(draw(values), draw(qualifiers))] if o is not None),
        targets=tuple(o for o in [_observation(draw(values), draw(qualifiers))] if o is not None),
    )
    selection = Selection(
        applied=Count(draw(COUNTS), draw(qualifiers)), selected=Count(draw(COUNTS), draw(qualifiers))
    )
    group = TargetGroup(BeneficiaryKind.COMMUNITY, declared_count=Count(draw(COUNTS)), selection=selection)
    return Programme(
        key,
        LocalizedText({"en": key}),
        period=draw(st.sampled_from(PERIODS)),
        declared_duration=draw(st.sampled_from((None, Span(1, TimeUnit.MONTH), Span(4, TimeUnit.YEAR)))),
        budget=budget,
        recipient_countries=countries,
        components=components,
        themes=(theme,),
        results=(Result(LocalizedText({"en": "Result"}), indicators=(indicator,)),),
        target_groups=(group,),
    )


@given(edge_programmes("a"), edge_programmes("b"), held().filter(lambda d: d > 0), st.sampled_from(LOCALES))
def test_metrics_and_reports_of_edge_programmes_never_raise(
    a: Programme, b: Programme, rate: Decimal, locale: str
) -> None:
    catalogue = Catalogue((a, b))
    at = dt.date(2020, 6, 1)
    rates = [ExchangeRate("EUR", "USD", rate, dt.date(2020, 1, 2))]
    # Every metric of a valid programme computes, whatever its size: what is out of range is None.
    for programme in catalogue:
        metrics = programme_metrics(programme, at)
        assert metrics.key == programme.key
        for amount in (metrics.budget, *metrics.countries.amounts.values()):
            assert amount is None or to_decimal(amount.amount) == amount.amount
    totals = catalogue_metrics(catalogue, at, "EUR", rates)
    assert totals.total is not None
    assert set(totals.total.amounts) | set(totals.total.unknown) | set(totals.total.missing_rates) == {
        "a",
        "b",
    }
    theme_totals(catalogue, "USD", rates)
    # Every view of them renders.
    assert render_report(catalogue, locale)
    assert render_html(catalogue, locale)
