"""Money: exact amounts in one currency; laws of addition, bounds, conversion and ordering."""

import datetime as dt
import operator
from decimal import Decimal, localcontext
from functools import reduce
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from itaproj.errors import BoundArithmeticError, CurrencyMismatchError, InvalidValueError, ItaprojError
from itaproj.money import ExchangeRate, Money, currency_codes, is_currency, money_sum
from itaproj.quantity import Qualifier
from itaproj.testing import currencies, decimals, exchange_rates, money, qualifiers

EUR = money(currency="EUR", qualifier=Qualifier.EXACT)
DAY = dt.date(2020, 1, 2)


# -- construction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("14500000"), Decimal("14500000")),
        (500000, Decimal(500000)),
        ("7.8E9", Decimal("7800000000")),
        (" 12.50 ", Decimal("12.50")),
        (-3, Decimal(-3)),
    ],
)
def test_amount_accepts_exact_numbers(amount: object, expected: Decimal) -> None:
    assert Money(amount, "EUR").amount == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        (1.5, "be a Decimal, an int or a decimal string, not a float"),
        (0.1, "not a float"),
        (True, "be a Decimal, an int or a decimal string"),
        (None, "be a Decimal, an int or a decimal string"),
        ([1], "be a Decimal, an int or a decimal string"),
        ("abc", "be a decimal number"),
        ("", "be a decimal number"),
        ("1,5", "be a decimal number"),
        ("NaN", "be a finite number"),
        ("Infinity", "be a finite number"),
        (Decimal("-Infinity"), "be a finite number"),
        (Decimal("sNaN"), "be a finite number"),
    ],
)
def test_amount_refuses_floats_and_non_numbers(amount: object, reason: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Money(amount, "EUR")  # type: ignore[arg-type]
    assert info.value.field == "amount"
    assert info.value.value is amount
    assert str(info.value).startswith("'amount' must ")
    assert reason in str(info.value)
    assert repr(amount) in str(info.value)


@pytest.mark.parametrize("currency", ["eur", "EURO", "XXX1", "", "E U", None, 978, "ZZZ"])
def test_currency_must_be_iso_4217(currency: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Money(1, currency)  # type: ignore[arg-type]
    assert str(info.value) == f"'currency' must be an ISO 4217 code (got {currency!r})"
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, ItaprojError)


def test_withdrawn_currencies_are_accepted() -> None:
    # Historic data uses them: the Ukrainian karbovanets and the pre-2006 Azerbaijani manat.
    assert is_currency("UAK")
    assert is_currency("AZM")
    assert Money(1, "UAK").currency == "UAK"
    # Withdrawn in the IATI Currency codelist: the Belarusian rouble before 2016.
    assert Money(1, "BYR").currency == "BYR"


def test_currency_codes_are_upper_case_three_letters() -> None:
    codes = currency_codes()
    assert {"EUR", "USD", "UAH", "KZT", "GEL"} <= codes
    assert all(len(code) == 3 and code.isupper() for code in codes)
    assert not is_currency(978)  # type: ignore[arg-type]


def test_repr_and_str() -> None:
    assert repr(Money("14500000", "EUR")) == "Money('14500000', 'EUR')"
    assert repr(Money("7.8E9", "KZT", Qualifier.MORE_THAN)) == "Money('7.8E+9', 'KZT', Qualifier.MORE_THAN)"
    assert str(Money("14500000", "EUR")) == "EUR 14,500,000"
    assert str(Money("7.8E9", "KZT", Qualifier.MORE_THAN)) == ">KZT 7,800,000,000"
    assert str(Money("0.5", "USD", Qualifier.ABOUT)) == "~USD 0.5"


def test_equal_amounts_with_different_exponents_are_equal_and_hash_alike() -> None:
    assert Money("1.00", "EUR") == Money(1, "EUR")
    assert hash(Money("1.00", "EUR")) == hash(Money(1, "EUR"))
    assert Money(1, "EUR") != Money(1, "USD")
    assert Money(1, "EUR") != Money(1, "EUR", Qualifier.ABOUT)


# -- addition laws ---------------------------------------------------------------------------


@given(EUR, EUR, EUR)
def test_addition_is_associative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)


@given(money(qualifier=Qualifier.EXACT), st.data())
def test_addition_is_commutative(a: Money, data: st.DataObject) -> None:
    b = data.draw(money(currency=a.currency))
    assert a + b == b + a


@given(money())
def test_zero_is_the_identity(a: Money) -> None:
    zero = Money.zero(a.currency)
    assert a + zero == a
    assert zero + a == a
    assert a - zero == a


@given(st.lists(EUR, min_size=1, max_size=6))
def test_sum_equals_a_fold(amounts: list[Money]) -> None:
    folded = reduce(lambda x, y: x + y, amounts)
    assert sum(amounts) == folded
    assert money_sum(amounts, "EUR") == folded
    assert folded.amount == sum((m.amount for m in amounts), Decimal(0))


def test_sum_of_nothing() -> None:
    assert money_sum([], "UAH") == Money(0, "UAH")
    # sum() of no amounts is the int 0: the currency is unknowable.
    assert sum([]) == 0


@given(EUR, EUR)
def test_subtraction_undoes_addition(a: Money, b: Money) -> None:
    assert a - b + b == a
    assert a + b - b == a
    assert a - a == Money.zero("EUR")


@given(money())
def test_negation_is_an_involution(a: Money) -> None:
    negated = -a
    assert -negated == a
    assert (-a).qualifier is a.qualifier.flipped()
    assert (-a).amount == -a.amount


@given(money(qualifier=Qualifier.EXACT), st.integers(-50, 50))
def test_multiplication_by_an_integer_is_repeated_addition(a: Money, n: int) -> None:
    repeated = sum((a for _ in range(abs(n))), Money.zero(a.currency))
    assert a * n == (repeated if n >= 0 else -repeated)
    assert n * a == a * n


@given(money(qualifier=Qualifier.MORE_THAN), st.integers(1, 100))
def test_scaling_keeps_or_flips_the_bound(a: Money, n: int) -> None:
    assert (a * n).qualifier is Qualifier.MORE_THAN
    assert (a * -n).qualifier is Qualifier.LESS_THAN
    assert (a / n).qualifier is Qualifier.MORE_THAN
    assert (a / Decimal(-n)).qualifier is Qualifier.LESS_THAN


def test_division() -> None:
    assert Money(10, "EUR") / 4 == Money("2.5", "EUR")
    with pytest.raises(InvalidValueError, match="'divisor' must not be zero"):
        Money(10, "EUR") / 0


@pytest.mark.parametrize("factor", [1.5, "2", True, None])
def test_multiplying_by_non_exact_numbers_is_refused(factor: object) -> None:
    with pytest.raises(TypeError):
        Money(10, "EUR") * factor  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(10, "EUR") / factor  # type: ignore[operator]


@pytest.mark.parametrize("other", [1, Decimal(1), "1", 1.0])
def test_adding_a_bare_number_is_refused(other: object) -> None:
    with pytest.raises(TypeError):
        Money(1, "EUR") + other  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1, "EUR") - other  # type: ignore[operator]
    with pytest.raises(TypeError):
        other + Money(1, "EUR")


def test_radd_accepts_only_the_int_zero() -> None:
    assert 0 + Money(3, "EUR") == Money(3, "EUR")
    with pytest.raises(TypeError):
        False + Money(3, "EUR")
    with pytest.raises(TypeError):
        1 + Money(3, "EUR")


# -- currencies never mix ---------------------------------------------------------------------


@given(money(), money())
def test_mixing_currencies_raises(a: Money, b: Money) -> None:
    if a.currency == b.currency:
        return
    for operation in (lambda: a + b, lambda: a - b, lambda: a < b, lambda: a >= b, lambda: a.ratio(b)):
        with pytest.raises(CurrencyMismatchError) as info:
            operation()
        assert isinstance(info.value, TypeError)
        assert isinstance(info.value, ItaprojError)
        assert info.value.left == a.currency
        assert info.value.right == b.currency


def test_mismatch_message_names_both_currencies() -> None:
    with pytest.raises(CurrencyMismatchError) as info:
        Money(1, "EUR") + Money(1, "USD")
    assert str(info.value) == "cannot add EUR and USD amounts without an exchange rate"
    with pytest.raises(TypeError, match="cannot add EUR and UAH"):
        sum([Money(1, "EUR"), Money(1, "UAH")])


# -- qualifiers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (Qualifier.MORE_THAN, Qualifier.EXACT, Qualifier.MORE_THAN),
        (Qualifier.EXACT, Qualifier.MORE_THAN, Qualifier.MORE_THAN),
        (Qualifier.AT_LEAST, Qualifier.MORE_THAN, Qualifier.MORE_THAN),
        (Qualifier.AT_MOST, Qualifier.LESS_THAN, Qualifier.LESS_THAN),
        (Qualifier.ABOUT, Qualifier.EXACT, Qualifier.ABOUT),
        (Qualifier.ABOUT, Qualifier.ABOUT, Qualifier.ABOUT),
        (Qualifier.AT_LEAST, Qualifier.AT_LEAST, Qualifier.AT_LEAST),
    ],
)
def test_bounds_add_to_bounds(left: Qualifier, right: Qualifier, expected: Qualifier) -> None:
    total = Money(100, "KZT", left) + Money(5, "KZT", right)
    assert total == Money(105, "KZT", expected)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (Qualifier.MORE_THAN, Qualifier.LESS_THAN),
        (Qualifier.AT_LEAST, Qualifier.AT_MOST),
        (Qualifier.MORE_THAN, Qualifier.ABOUT),
        (Qualifier.ABOUT, Qualifier.AT_MOST),
    ],
)
def test_opposite_bounds_do_not_add(left: Qualifier, right: Qualifier) -> None:
    with pytest.raises(BoundArithmeticError) as info:
        Money(100, "EUR", left) + Money(5, "EUR", right)
    assert isinstance(info.value, ArithmeticError)
    assert isinstance(info.value, ItaprojError)
    assert "cannot add" in str(info.value)


def test_subtracting_bounds() -> None:
    # more than 100, minus exactly 5: more than 95.
    assert Money(100, "EUR", Qualifier.MORE_THAN) - Money(5, "EUR") == Money(95, "EUR", Qualifier.MORE_THAN)
    # exactly 100, minus more than 5: less than 95.
    assert Money(100, "EUR") - Money(5, "EUR", Qualifier.MORE_THAN) == Money(95, "EUR", Qualifier.LESS_THAN)
    # more than 100, minus less than 5: more than 95.
    assert Money(100, "EUR", Qualifier.MORE_THAN) - Money(5, "EUR", Qualifier.LESS_THAN) == Money(
        95, "EUR", Qualifier.MORE_THAN
    )
    # more than 100, minus more than 5: anything.
    with pytest.raises(BoundArithmeticError, match="cannot subtract"):
        Money(100, "EUR", Qualifier.MORE_THAN) - Money(5, "EUR", Qualifier.MORE_THAN)


@given(money(), money())
def test_addition_of_qualified_amounts_follows_combine(a: Money, b: Money) -> None:
    if a.currency != b.currency:
        b = Money(b.amount, a.currency, b.qualifier)
    try:
        expected = a.qualifier.combine(b.qualifier)
    except BoundArithmeticError:
        with pytest.raises(BoundArithmeticError):
            a + b
        return
    assert (a + b).qualifier is expected
    assert (a + b).is_exact is (expected is Qualifier.EXACT)


@given(qualifiers(), qualifiers())
def test_combine_is_commutative(q: Qualifier, r: Qualifier) -> None:
    try:
        forward = q.combine(r)
    except BoundArithmeticError:
        with pytest.raises(BoundArithmeticError):
            r.combine(q)
        return
    assert r.combine(q) is forward


# -- ratio -----------------------------------------------------------------------------------


def test_ratio() -> None:
    assert Money(3, "EUR").ratio(Money(4, "EUR")) == Decimal("0.75")
    with pytest.raises(InvalidValueError, match="'other' must not be zero"):
        Money(3, "EUR").ratio(Money(0, "EUR"))


@pytest.mark.parametrize(
    ("left", "right"),
    [(Qualifier.MORE_THAN, Qualifier.EXACT), (Qualifier.EXACT, Qualifier.ABOUT)],
)
def test_ratio_of_a_bound_is_refused(left: Qualifier, right: Qualifier) -> None:
    # The docstring requires exact amounts: "more than 3" / 4 is not 0.75.
    with pytest.raises(BoundArithmeticError):
        Money(3, "EUR", left).ratio(Money(4, "EUR", right))


# -- conversion ------------------------------------------------------------------------------


def test_convert_with_a_rate() -> None:
    rate = ExchangeRate("EUR", "USD", "1.10", DAY)
    assert Money(100, "EUR").convert(rate) == Money("110.00", "USD")
    # "more than EUR 100" stays "more than" in dollars.
    assert Money(100, "EUR", Qualifier.MORE_THAN).convert(rate).qualifier is Qualifier.MORE_THAN
    with pytest.raises(CurrencyMismatchError, match="cannot convert UAH and EUR"):
        Money(100, "UAH").convert(rate)
    # the same rate converts back: dividing by it, so USD 110 is exactly EUR 100
    assert Money(110, "USD").convert(rate) == Money(100, "EUR")
    assert str(Money(110, "USD").convert(rate).amount) == "100"
    assert Money(1, "USD", Qualifier.AT_MOST).convert(rate).qualifier is Qualifier.AT_MOST


@given(st.data(), exchange_rates())
def test_one_rate_converts_there_and_back_exactly(data: st.DataObject, rate: ExchangeRate) -> None:
    assume(rate.source != rate.target)
    amount = data.draw(money(currency=rate.source))
    there = amount.convert(rate)
    assume(there.amount == amount.amount * rate.rate)  # (the product needed no rounding)
    assert there.convert(rate) == amount


@given(st.data(), exchange_rates())
def test_converting_there_and_back_returns_the_amount(data: st.DataObject, rate: ExchangeRate) -> None:
    amount = data.draw(money(currency=rate.source))
    back = amount.convert(rate).convert(rate.inverse())
    assert back.currency == amount.currency
    assert back.qualifier is amount.qualifier
    # 1/rate is rounded to 28 significant digits; the round trip is exact to far below a cent.
    assert abs(back.amount - amount.amount) < Decimal("1E-12") * max(abs(amount.amount), Decimal(1))
    assert round(back.amount, 2) == amount.amount


@given(exchange_rates())
def test_inverse_of_inverse(rate: ExchangeRate) -> None:
    twice = rate.inverse().inverse()
    assert (twice.source, twice.target, twice.date) == (rate.source, rate.target, rate.date)
    assert abs(twice.rate - rate.rate) < Decimal("1E-20")
    assert abs(rate.inverse().rate * rate.rate - 1) < Decimal("1E-24")


@pytest.mark.parametrize(
    ("kwargs", "field", "bad"),
    [
        ({"source": "eur"}, "source", "eur"),
        ({"target": "DOLLAR"}, "target", "DOLLAR"),
        ({"rate": 0}, "rate", Decimal(0)),
        ({"rate": "-1.1"}, "rate", Decimal("-1.1")),
        ({"rate": 1.1}, "rate", 1.1),
        ({"rate": "abc"}, "rate", "abc"),
        ({"rate": "Infinity"}, "rate", "Infinity"),
    ],
)
def test_exchange_rate_validation_names_the_field(kwargs: dict[str, object], field: str, bad: object) -> None:
    args: dict[str, object] = {"source": "EUR", "target": "USD", "rate": "1.1", "date": DAY, **kwargs}
    with pytest.raises(InvalidValueError) as info:
        ExchangeRate(**args)  # type: ignore[arg-type]
    assert info.value.field == field
    assert info.value.value == bad
    assert str(info.value).startswith(f"{field!r} must ")
    assert repr(bad) in str(info.value)


# -- ordering --------------------------------------------------------------------------------


@given(EUR, EUR)
def test_ordering_within_a_currency_follows_the_amounts(a: Money, b: Money) -> None:
    assert (a < b) is (a.amount < b.amount)
    assert (a <= b) is (a.amount <= b.amount)
    assert (a > b) is (a.amount > b.amount)
    assert (a >= b) is (a.amount >= b.amount)
    assert sorted([a, b]) == sorted([b, a])


def test_ordering_across_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatchError, match="cannot compare EUR and USD"):
        Money(1, "EUR") < Money(2, "USD")  # noqa: B015
    with pytest.raises(TypeError):
        max([Money(1, "EUR"), Money(2, "USD")])


@pytest.mark.parametrize("other", [1, Decimal(1), "1"])
def test_ordering_against_bare_numbers_raises(other: Any) -> None:
    for compare in (operator.lt, operator.le, operator.gt, operator.ge):
        with pytest.raises(TypeError):
            compare(Money(1, "EUR"), other)


@given(currencies(), decimals())
def test_zero_and_exactness(currency: str, amount: Decimal) -> None:
    assert Money.zero(currency).amount == 0
    assert Money.zero(currency).is_exact
    assert Money(amount, currency).is_exact
    assert not Money(amount, currency, Qualifier.ABOUT).is_exact


# -- what a Python user passes ------------------------------------------------------------------


@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_a_qualifier_may_be_given_by_its_value(qualifier: Qualifier) -> None:
    assert Money(1, "EUR", qualifier.value).qualifier is qualifier  # type: ignore[arg-type]
    assert Money(1, "EUR", qualifier.value) == Money(1, "EUR", qualifier)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["MORE_THAN", "more than", ">", "", 1, None, ["exact"], Qualifier])
def test_anything_else_is_not_a_qualifier(bad: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        Money(1, "EUR", bad)  # type: ignore[arg-type]
    assert info.value.field == "qualifier"
    assert info.value.value is bad
    assert "'exact', 'more_than', 'at_least', 'less_than', 'at_most', 'about'" in str(info.value)


def test_the_rate_date_is_a_day() -> None:
    assert ExchangeRate("EUR", "USD", "1.1", dt.date(2020, 1, 2)).date == dt.date(2020, 1, 2)
    moment = dt.datetime(2020, 1, 2, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with pytest.raises(InvalidValueError) as info:
        ExchangeRate("EUR", "USD", "1.1", moment)
    assert info.value.field == "date"
    assert info.value.value is moment
    assert "not a datetime: pass .date()" in str(info.value)
    for bad in ("2020-01-02", 20200102, None):
        with pytest.raises(InvalidValueError) as info:
            ExchangeRate("EUR", "USD", "1.1", bad)  # type: ignore[arg-type]
        assert str(info.value) == f"'date' must be a datetime.date (got {bad!r})"


def test_arithmetic_does_not_follow_the_threads_context() -> None:
    # Two digits of precision in the thread: sums stay exact, quotients keep 28 digits.
    with localcontext(prec=2):
        assert Money("1234.56", "EUR") + Money("0.01", "EUR") == Money("1234.57", "EUR")
        assert (Money(10, "EUR") / 3).amount == Decimal("3.333333333333333333333333333")
        assert Money(3, "EUR").ratio(Money(7, "EUR")) == Decimal("0.4285714285714285714285714286")
        assert Money("1234.56", "EUR") < Money("1234.57", "EUR")
