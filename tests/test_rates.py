"""Rates with provenance: look-up policies, inverse and triangulation, conversions, errors.

Expected figures are worked out by hand or with Python's own ``decimal`` (in a context of its
own, independent of :mod:`itaproj.quantity`); the property tests compare the table's answers
with a brute-force search over the published rates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import pickle
from collections.abc import Sequence
from decimal import Context, Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itaproj.rates as rates_module
from itaproj.errors import (
    CurrencyMismatchError,
    InvalidValueError,
    ItaprojError,
    MissingRateError,
)
from itaproj.money import ExchangeRate, Money
from itaproj.quantity import Qualifier
from itaproj.rates import (
    SAME_CURRENCY,
    Conversion,
    Quote,
    RateChain,
    RatePolicy,
    RateProvider,
    RateTable,
    convert,
    to_rate_policy,
    to_rates,
)

FRI = dt.date(2024, 3, 1)  # a Friday
SUN = dt.date(2024, 3, 3)
PREC28 = Context(prec=28)
WIDE = Context(prec=120)


def rate(source: str, target: str, value: str, day: dt.date = FRI) -> ExchangeRate:
    return ExchangeRate(source, target, value, day)


# -- the three ways a table answers ---------------------------------------------------------------


def test_a_published_pair_converts_by_multiplying() -> None:
    published = rate("EUR", "USD", "1.10")
    table = RateTable([published], "ECB")
    conversion = convert(Money(100, "EUR"), "USD", FRI, table)
    assert conversion.amount == Money("110", "USD")
    assert conversion.amount.amount == Decimal("110.00")
    assert conversion.original == Money(100, "EUR")
    assert conversion.quote == Quote(published, "ECB", RatePolicy.PREVIOUS, (published,), None)
    assert (conversion.rate, conversion.provider) == (published, "ECB")


def test_an_inverse_divides_by_the_published_rate_exactly() -> None:
    published = rate("EUR", "USD", "1.10")
    table = RateTable([published], "ECB")
    conversion = convert(Money(110, "USD"), "EUR", FRI, table)
    # "USD 110 at EUR/USD 1.10" is exactly EUR 100, not 110 * 0.90909...
    assert conversion.amount.amount == Decimal(100)
    assert str(conversion.amount.amount) == "100"
    assert conversion.quote.legs == (published,)  # the published rate, as published
    assert conversion.rate.source == "USD"
    assert conversion.rate.target == "EUR"
    assert conversion.rate.rate == Decimal("0.9090909090909090909090909091")  # 1 / 1.10, 28 digits
    assert conversion.rate.date == FRI
    # Multiplying by the rounded inverse would not give 100.
    assert WIDE.multiply(Decimal(110), conversion.rate.rate) != Decimal(100)


def test_triangulation_through_via_multiplies_and_divides_with_one_rounding() -> None:
    usd = rate("EUR", "USD", "1.0830")
    gbp = rate("EUR", "GBP", "0.8550")
    table = RateTable([usd, gbp], "ECB", via="EUR")
    quote = table.quote("USD", "GBP", FRI)
    assert quote.legs == (usd, gbp)
    assert quote.via == "EUR"
    assert quote.rate.rate == PREC28.divide(Decimal("0.8550"), Decimal("1.0830"))
    assert str(quote.rate.rate) == "0.7894736842105263157894736842"
    # USD 1,083 is EUR 1,000, which is GBP 855: exactly, computed as 1083 * 0.8550 / 1.0830.
    assert quote.convert(Money(1083, "USD")).amount == Money(855, "GBP")


def test_triangulation_with_both_legs_inverse() -> None:
    # Published as EUR->USD and GBP->EUR: USD->EUR and EUR->GBP are both inverses.
    usd = rate("EUR", "USD", "1.10")
    gbp = rate("GBP", "EUR", "1.17")
    table = RateTable([gbp, usd], "someone", via="EUR")
    quote = table.quote("USD", "GBP", FRI)
    assert quote.legs == (usd, gbp)
    assert quote.rate.rate == PREC28.divide(Decimal(1), Decimal("1.287"))  # 1.10 * 1.17
    assert quote.convert(Money("1287", "USD")).amount == Money(1000, "GBP")


def test_triangulation_with_both_legs_direct_is_the_exact_product() -> None:
    # Published as UAH->EUR and EUR->USD: through EUR both are as published.
    uah = rate("UAH", "EUR", "0.0241")
    usd = rate("EUR", "USD", "1.0830")
    quote = RateTable([uah, usd], "NBU", via="EUR").quote("UAH", "USD", FRI)
    assert quote.rate.rate == Decimal("0.0241") * Decimal("1.0830")  # exact: 0.02610030
    assert quote.rate.rate == Decimal("0.02610030")


def test_the_published_pair_comes_first_then_its_inverse_then_via() -> None:
    both = [rate("EUR", "USD", "1.10"), rate("USD", "EUR", "0.95")]
    table = RateTable([*both, rate("EUR", "GBP", "0.85"), rate("USD", "GBP", "0.70")], "x", via="EUR")
    assert table.quote("EUR", "USD", FRI).rate.rate == Decimal("1.10")
    assert table.quote("USD", "EUR", FRI).rate.rate == Decimal("0.95")
    # USD->GBP is published: no triangulation, though EUR would also lead there.
    assert table.quote("USD", "GBP", FRI).legs == (rate("USD", "GBP", "0.70"),)
    assert table.quote("USD", "GBP", FRI).via is None
    # GBP->USD: the inverse of the published USD->GBP, still not through EUR.
    assert table.quote("GBP", "USD", FRI).legs == (rate("USD", "GBP", "0.70"),)


def test_the_published_pair_wins_even_when_its_inverse_is_more_recent() -> None:
    older = rate("EUR", "USD", "1.10", dt.date(2024, 2, 28))
    newer = rate("USD", "EUR", "0.95", FRI)
    quote = RateTable([older, newer], "x").quote("EUR", "USD", FRI)
    assert quote.legs == (older,)
    assert quote.rate.date == dt.date(2024, 2, 28)


def test_the_date_of_a_triangulated_rate_is_its_older_leg() -> None:
    usd = rate("EUR", "USD", "1.10", dt.date(2024, 2, 29))
    gbp = rate("EUR", "GBP", "0.85", FRI)
    quote = RateTable([usd, gbp], "x", via="EUR").quote("USD", "GBP", SUN)
    assert quote.rate.date == dt.date(2024, 2, 29)
    assert [leg.date for leg in quote.legs] == [dt.date(2024, 2, 29), FRI]


# -- policies -------------------------------------------------------------------------------------


def test_previous_bridges_a_weekend_and_holidays_but_not_a_long_gap() -> None:
    table = RateTable([rate("EUR", "USD", "1.10", FRI)], "ECB")
    assert table.quote("EUR", "USD", SUN).rate.date == FRI
    assert table.quote("EUR", "USD", FRI + dt.timedelta(days=7)).rate.date == FRI
    with pytest.raises(MissingRateError) as info:
        table.quote("EUR", "USD", FRI + dt.timedelta(days=8))
    assert str(info.value) == (
        "no EUR->USD rate on 2024-03-09 (policy previous: none from 2024-03-02 to 2024-03-09) in ECB"
    )
    assert attrs.evolve(table, max_gap=8).quote("EUR", "USD", FRI + dt.timedelta(days=8)).rate.date == FRI


def test_previous_never_looks_forward() -> None:
    table = RateTable([rate("EUR", "USD", "1.10", FRI)], "ECB")
    with pytest.raises(MissingRateError):
        table.quote("EUR", "USD", FRI - dt.timedelta(days=1))


def test_previous_takes_the_latest_rate_on_or_before_the_day() -> None:
    days = [dt.date(2024, 2, 27), dt.date(2024, 2, 28), FRI, dt.date(2024, 3, 4)]
    table = RateTable([rate("EUR", "USD", f"1.{n}", day) for n, day in enumerate(days, start=1)], "x")
    assert table.quote("EUR", "USD", dt.date(2024, 2, 29)).legs[0].rate == Decimal("1.2")
    assert table.quote("EUR", "USD", SUN).legs[0].rate == Decimal("1.3")
    assert table.quote("EUR", "USD", dt.date(2024, 3, 4)).legs[0].rate == Decimal("1.4")


def test_exact_needs_a_rate_published_that_day() -> None:
    table = RateTable([rate("EUR", "USD", "1.10", FRI)], "ECB")
    assert table.quote("EUR", "USD", FRI, RatePolicy.EXACT).rate.date == FRI
    with pytest.raises(MissingRateError) as info:
        table.quote("EUR", "USD", SUN, "exact")
    assert str(info.value) == "no EUR->USD rate on 2024-03-03 (policy exact: none published that day) in ECB"
    assert info.value.policy is RatePolicy.EXACT


def test_a_monthly_average_is_the_mean_of_the_month_dated_its_first_day() -> None:
    march = [
        rate("EUR", "USD", "1.08", dt.date(2024, 3, 4)),
        rate("EUR", "USD", "1.09", dt.date(2024, 3, 15)),
        rate("EUR", "USD", "1.10", dt.date(2024, 3, 29)),
    ]
    others = [rate("EUR", "USD", "2", dt.date(2024, 2, 29)), rate("EUR", "USD", "3", dt.date(2024, 4, 1))]
    table = RateTable(others + march, "ECB")
    quote = table.quote("EUR", "USD", dt.date(2024, 3, 10), "monthly-average")
    assert quote.rate == ExchangeRate("EUR", "USD", "1.09", dt.date(2024, 3, 1))
    assert quote.legs == tuple(march)  # also the days after the 10th
    assert quote.policy is RatePolicy.MONTHLY_AVERAGE
    # The inverse of an average divides by the average: USD 109 is EUR 100.
    back = table.quote("USD", "EUR", dt.date(2024, 3, 31), RatePolicy.MONTHLY_AVERAGE)
    assert back.convert(Money(109, "USD")).amount == Money(100, "EUR")
    with pytest.raises(MissingRateError) as info:
        table.quote("EUR", "USD", dt.date(2024, 5, 31), RatePolicy.MONTHLY_AVERAGE)
    assert "(policy monthly-average: none in 2024-05)" in str(info.value)


def test_a_monthly_average_rounds_to_28_significant_digits() -> None:
    days = [dt.date(2024, 1, 2), dt.date(2024, 1, 3), dt.date(2024, 1, 4)]
    table = RateTable([rate("EUR", "USD", v, d) for v, d in zip(["1", "1", "2"], days, strict=True)], "x")
    quote = table.quote("EUR", "USD", dt.date(2024, 1, 20), RatePolicy.MONTHLY_AVERAGE)
    assert quote.rate.rate == Decimal("1.333333333333333333333333333")


def test_monthly_averages_through_via_average_each_leg() -> None:
    jan = [dt.date(2024, 1, 2), dt.date(2024, 1, 3)]
    usd = [rate("EUR", "USD", "1.10", jan[0]), rate("EUR", "USD", "1.12", jan[1])]
    gbp = [rate("EUR", "GBP", "0.86", jan[0])]
    quote = RateTable(usd + gbp, "x", via="EUR").quote("USD", "GBP", jan[1], RatePolicy.MONTHLY_AVERAGE)
    assert quote.legs == (*usd, *gbp)
    assert quote.rate.rate == PREC28.divide(Decimal("0.86"), Decimal("1.11"))
    assert quote.rate.date == dt.date(2024, 1, 1)


def test_a_policy_is_given_as_a_member_or_its_exact_value() -> None:
    assert to_rate_policy("previous") is RatePolicy.PREVIOUS
    assert to_rate_policy(RatePolicy.EXACT) is RatePolicy.EXACT
    for bad in ["PREVIOUS", "Previous", "monthly_average", 1, None]:
        with pytest.raises(InvalidValueError) as info:
            to_rate_policy(bad)  # type: ignore[arg-type]  # (the wrong type is the test)
        assert info.value.field == "policy"
        assert "'exact', 'previous', 'monthly-average'" in info.value.reason


# -- conversions --------------------------------------------------------------------------------


def test_the_same_currency_needs_no_rate_and_says_so() -> None:
    empty = RateTable((), "nobody")
    money = Money("12.50", "EUR", Qualifier.MORE_THAN)
    conversion = convert(money, "EUR", FRI, empty)
    assert conversion.amount == money
    assert conversion.amount.qualifier is Qualifier.MORE_THAN
    assert conversion.quote == Quote(ExchangeRate("EUR", "EUR", 1, FRI), SAME_CURRENCY, RatePolicy.PREVIOUS)
    assert conversion.quote.legs == ()
    assert conversion.provider == "same currency"
    assert empty.quote("UAH", "UAH", FRI, "exact").provider == "same currency"


def test_a_conversion_keeps_the_qualifier_and_the_original() -> None:
    table = RateTable([rate("EUR", "KZT", "480")], "NBK")
    money = Money("7.8E9", "EUR", Qualifier.MORE_THAN)
    conversion = convert(money, "KZT", SUN, table)
    assert conversion.original is money
    assert conversion.amount == Money("3744E9", "KZT", Qualifier.MORE_THAN)


def test_a_missing_rate_is_an_error_never_a_zero() -> None:
    table = RateTable([rate("UAH", "EUR", "0.0241", dt.date(2024, 2, 20))], "NBU")
    with pytest.raises(MissingRateError) as info:
        convert(Money(1000, "UAH"), "EUR", FRI, table)
    error = info.value
    assert str(error) == (
        "no UAH->EUR rate on 2024-03-01 (policy previous: none from 2024-02-23 to 2024-03-01) in NBU"
    )
    assert (error.source, error.target, error.date, error.policy, error.provider) == (
        "UAH",
        "EUR",
        FRI,
        RatePolicy.PREVIOUS,
        "NBU",
    )
    assert isinstance(error, LookupError)
    assert isinstance(error, ItaprojError)
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is MissingRateError
    assert str(restored) == str(error)
    assert (restored.date, restored.policy) == (FRI, RatePolicy.PREVIOUS)
    # A currency the table has never heard of: the same error.
    with pytest.raises(MissingRateError, match=r"^no KZT->EUR rate on 2024-03-01 "):
        table.quote("KZT", "EUR", FRI)


def test_a_missing_leg_through_via_is_named() -> None:
    table = RateTable([rate("EUR", "USD", "1.10")], "ECB", via="EUR")
    with pytest.raises(MissingRateError) as info:
        table.quote("USD", "UAH", FRI)
    assert str(info.value) == (
        "no USD->UAH rate on 2024-03-01 (policy previous: none from 2024-02-23 to 2024-03-01,"
        " nor through EUR (no EUR->UAH)) in ECB"
    )


def test_a_wide_gap_near_the_first_day_does_not_overflow() -> None:
    table = RateTable((), "x", max_gap=10**9)
    with pytest.raises(MissingRateError, match="none from 0001-01-01 to 0001-01-05"):
        table.quote("EUR", "USD", dt.date(1, 1, 5))


def test_quote_convert_refuses_money_of_another_currency() -> None:
    quote = RateTable([rate("EUR", "USD", "1.10")], "ECB").quote("EUR", "USD", FRI)
    with pytest.raises(CurrencyMismatchError):
        quote.convert(Money(1, "GBP"))


def test_convert_checks_the_provider_answered_the_pair_asked() -> None:
    class Liar:
        def quote(
            self, source: str, target: str, on: dt.date, policy: RatePolicy = RatePolicy.PREVIOUS
        ) -> Quote:
            return RateTable([rate("EUR", "GBP", "0.85")], "liar").quote("EUR", "GBP", on, policy)

    assert isinstance(Liar(), RateProvider)
    with pytest.raises(CurrencyMismatchError):
        convert(Money(1, "EUR"), "USD", FRI, Liar())


def test_own_providers_fit_the_protocol() -> None:
    class Fixed:
        def quote(
            self, source: str, target: str, on: dt.date, policy: RatePolicy = RatePolicy.PREVIOUS
        ) -> Quote:
            return Quote.from_legs(source, [ExchangeRate(source, target, 2, on)], "fixed", policy)

    assert convert(Money(3, "EUR"), "USD", FRI, Fixed()).amount == Money(6, "USD")
    assert isinstance(RateTable((), "x"), RateProvider)
    assert isinstance(RateChain([RateTable((), "x")]), RateProvider)
    assert not isinstance(object(), RateProvider)


# -- chains ---------------------------------------------------------------------------------------


def test_a_chain_asks_in_order_and_records_who_answered() -> None:
    nbu = RateTable([rate("EUR", "UAH", "41.4261"), rate("EUR", "USD", "1.0900")], "NBU")
    ecb = RateTable([rate("EUR", "USD", "1.0830"), rate("EUR", "GBP", "0.8550")], "ECB", via="EUR")
    chain = RateChain([nbu, ecb])
    assert chain.quote("EUR", "UAH", FRI).provider == "NBU"
    usd = chain.quote("EUR", "USD", FRI)
    assert (usd.provider, usd.rate.rate) == ("NBU", Decimal("1.0900"))  # the first that answers
    gbp = convert(Money(1083, "USD"), "GBP", SUN, chain)
    assert (gbp.provider, gbp.amount, gbp.quote.via) == ("ECB", Money(855, "GBP"), "EUR")
    with pytest.raises(MissingRateError) as info:
        chain.quote("UAH", "KZT", FRI, "exact")
    assert str(info.value) == (
        "no UAH->KZT rate on 2024-03-01 (policy exact: NBU: none published that day;"
        " ECB: none published that day, nor through EUR (no UAH->EUR)) in NBU, then ECB"
    )
    assert info.value.provider == "NBU, then ECB"


def test_a_chain_does_not_swallow_other_errors() -> None:
    class Broken:
        def quote(
            self, source: str, target: str, on: dt.date, policy: RatePolicy = RatePolicy.PREVIOUS
        ) -> Quote:
            raise InvalidValueError("rate", "x", "be a rate")

    chain = RateChain([Broken(), RateTable([rate("EUR", "USD", "1.1")], "ECB")])
    with pytest.raises(InvalidValueError):
        chain.quote("EUR", "USD", FRI)


def test_a_chain_needs_providers() -> None:
    with pytest.raises(InvalidValueError) as info:
        RateChain([])
    assert info.value.field == "providers"
    with pytest.raises(InvalidValueError) as info:
        RateChain([RateTable((), "x"), "ECB"])  # type: ignore[list-item]  # (the wrong type is the test)
    assert info.value.field == "providers[1]"


# -- construction ---------------------------------------------------------------------------------


def test_the_same_rate_twice_is_one_rate_and_two_rates_a_day_are_refused() -> None:
    same = [rate("EUR", "USD", "1.10"), rate("EUR", "USD", "1.1")]
    assert to_rates(same) == (same[0],)
    assert RateTable(same, "x").rates == (same[0],)
    with pytest.raises(InvalidValueError) as info:
        RateTable([rate("EUR", "USD", "1.10"), rate("EUR", "GBP", "0.85"), rate("EUR", "USD", "1.11")], "x")
    error = info.value
    assert error.field == "rates[2]"
    assert "rates[0]" in error.reason
    assert "Decimal('1.10')" in str(error)
    assert "Decimal('1.11')" in str(error)
    # Another day, or the other direction on the same day, is no conflict.
    RateTable([rate("EUR", "USD", "1.10"), rate("USD", "EUR", "0.9"), rate("EUR", "USD", "1.2", SUN)], "x")


def test_a_table_is_stored_sorted_so_order_does_not_matter() -> None:
    items = [rate("EUR", "USD", "1.2", SUN), rate("EUR", "GBP", "0.85"), rate("EUR", "USD", "1.1")]
    table = RateTable(items, "x")
    assert table == RateTable(list(reversed(items)), "x")
    assert table.rates == (items[1], items[2], items[0])
    assert table.pairs == frozenset({("EUR", "USD"), ("EUR", "GBP")})
    assert repr(table) == "RateTable(rates=<3 rates>, provider='x', via=None, max_gap=7)"


@pytest.mark.parametrize(
    ("build", "field", "reason"),
    [
        (lambda: RateTable("EUR", "x"), "rates", "taken apart"),
        (lambda: RateTable({rate("EUR", "USD", "1")}, "x"), "rates", "no order"),
        (lambda: RateTable({"EUR": 1}, "x"), "rates", "its keys"),
        (lambda: RateTable([rate("EUR", "USD", "1"), 1.1], "x"), "rates[1]", "be an ExchangeRate"),
        (lambda: RateTable([rate("EUR", "EUR", "1")], "x"), "rates[0]", "between two currencies"),
        (lambda: RateTable((), ""), "provider", "non-empty"),
        (lambda: RateTable((), b"NBU"), "provider", "non-empty"),
        (lambda: RateTable((), "x", via="eur"), "via", "ISO 4217"),
        (lambda: RateTable((), "x", max_gap=-1), "max_gap", "0 or more"),
        (lambda: RateTable((), "x", max_gap=True), "max_gap", "0 or more"),
        (lambda: RateTable((), "x", max_gap=7.0), "max_gap", "0 or more"),
        (lambda: RateTable((), "x").quote("eur", "USD", FRI), "source", "ISO 4217"),
        (lambda: RateTable((), "x").quote("EUR", "XXXX", FRI), "target", "ISO 4217"),
        (lambda: RateTable((), "x").quote("EUR", "USD", dt.datetime(2024, 3, 1)), "on", ".date()"),
        (lambda: RateTable((), "x").quote("EUR", "USD", "2024-03-01"), "on", "datetime.date"),
        (lambda: RateTable((), "x").quote("EUR", "USD", FRI, "latest"), "policy", "'previous'"),
        (lambda: convert(5, "USD", FRI, RateTable((), "x")), "money", "Money"),
    ],
)
def test_bad_arguments_are_refused_naming_the_field(build: Any, field: str, reason: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        build()
    assert info.value.field == field
    assert reason in info.value.reason


def test_a_quote_is_what_its_legs_give() -> None:
    published = rate("EUR", "USD", "1.10")
    good = Quote.from_legs("USD", [published], "ECB")
    assert good.rate == ExchangeRate("USD", "EUR", PREC28.divide(1, Decimal("1.10")), FRI)
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(good, rate=ExchangeRate("USD", "EUR", "0.9", FRI))
    assert info.value.field == "rate"
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(good, rate=ExchangeRate("USD", "EUR", good.rate.rate, SUN))
    assert info.value.field == "rate"
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(good, rate=ExchangeRate("USD", "GBP", good.rate.rate, FRI))
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(good, via="EUR")
    assert info.value.field == "via"
    with pytest.raises(InvalidValueError) as info:
        attrs.evolve(good, legs=())
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:
        Quote.from_legs("GBP", [published], "ECB")  # does not start at GBP
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:  # two rates of one pair, but not an average
        Quote.from_legs("EUR", [published, rate("EUR", "USD", "1.2", SUN)], "ECB", "previous")
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:  # an average over two months
        Quote.from_legs(
            "EUR", [published, rate("EUR", "USD", "1.2", dt.date(2024, 4, 2))], "x", "monthly-average"
        )
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:  # three hops
        Quote.from_legs("UAH", [rate("UAH", "EUR", "0.02"), published, rate("USD", "GBP", "0.8")], "x")
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:  # there and back again
        Quote.from_legs("EUR", [published, rate("USD", "EUR", "0.9")], "x")
    assert info.value.field == "legs"
    with pytest.raises(InvalidValueError) as info:  # exact: the legs of one day
        Quote.from_legs("USD", [published, rate("EUR", "GBP", "0.85", SUN)], "x", "exact")
    assert info.value.field == "legs"


def test_a_conversion_is_checked_against_its_quote() -> None:
    quote = RateTable([rate("EUR", "USD", "1.10")], "ECB").quote("EUR", "USD", FRI)
    assert Conversion(Money(10, "EUR"), Money(11, "USD"), quote) == quote.convert(Money(10, "EUR"))
    with pytest.raises(InvalidValueError) as info:
        Conversion(Money(10, "EUR"), Money(12, "USD"), quote)
    assert info.value.field == "amount"
    with pytest.raises(InvalidValueError) as info:
        Conversion(Money(10, "GBP"), Money(11, "USD"), quote)
    assert info.value.field == "original"
    with pytest.raises(InvalidValueError) as info:
        Conversion(Money(10, "EUR"), 11, quote)  # type: ignore[arg-type]  # (the wrong type is the test)
    assert info.value.field == "amount"


# -- laws, against a brute-force search -----------------------------------------------------------

CURRENCIES = ["EUR", "USD", "GBP", "UAH", "KZT"]
BASE = dt.date(2024, 1, 25)  # the tables span the end of January to the end of April
DAYS = 90

pairs = st.tuples(st.sampled_from(CURRENCIES), st.sampled_from(CURRENCIES)).filter(lambda p: p[0] != p[1])
rate_values = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("50000"), places=4)
days = st.integers(0, DAYS).map(lambda n: BASE + dt.timedelta(days=n))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[ExchangeRate], str | None, int]:
    published = draw(st.dictionaries(st.tuples(pairs, days), rate_values, max_size=40))
    listed = [ExchangeRate(s, t, value, day) for ((s, t), day), value in published.items()]
    via = draw(st.sampled_from([None, "EUR", "USD"]))
    return listed, via, draw(st.integers(0, 10))


def brute_hop(
    listed: Sequence[ExchangeRate], source: str, target: str, on: dt.date, policy: RatePolicy, gap: int
) -> tuple[ExchangeRate, ...] | None:
    """The documented rule, by scanning every rate."""
    for a, b in ((source, target), (target, source)):
        of_pair = [r for r in listed if (r.source, r.target) == (a, b)]
        if policy is RatePolicy.EXACT:
            found = [r for r in of_pair if r.date == on]
        elif policy is RatePolicy.PREVIOUS:
            earlier = [r for r in of_pair if r.date <= on and (on - r.date).days <= gap]
            found = [max(earlier, key=lambda r: r.date)] if earlier else []
        else:
            found = sorted(
                (r for r in of_pair if (r.date.year, r.date.month) == (on.year, on.month)),
                key=lambda r: r.date,
            )
        if found:
            return tuple(found)
    return None


def brute_legs(
    listed: Sequence[ExchangeRate],
    via: str | None,
    source: str,
    target: str,
    on: dt.date,
    policy: RatePolicy,
    gap: int,
) -> tuple[ExchangeRate, ...] | None:
    direct = brute_hop(listed, source, target, on, policy, gap)
    if direct is not None:
        return direct
    if via is None or via in (source, target):
        return None
    first = brute_hop(listed, source, via, on, policy, gap)
    second = brute_hop(listed, via, target, on, policy, gap)
    return None if first is None or second is None else first + second


def exact_rate(source: str, legs: tuple[ExchangeRate, ...]) -> Decimal:
    """The product of the legs (an inverse leg divides), each pair's mean first, in a wide context."""
    result, current = Decimal(1), source
    groups: list[list[ExchangeRate]] = []
    for leg in legs:
        if groups and (groups[-1][0].source, groups[-1][0].target) == (leg.source, leg.target):
            groups[-1].append(leg)
        else:
            groups.append([leg])
    for group in groups:
        mean = WIDE.divide(sum((r.rate for r in group), Decimal(0)), len(group))
        if group[0].source == current:
            result, current = WIDE.multiply(result, mean), group[0].target
        else:
            assert group[0].target == current
            result, current = WIDE.divide(result, mean), group[0].source
    return result


def close(value: Decimal, expected: Decimal, digits: int = 27) -> bool:
    """Equal to ``digits`` significant digits (what rounding to 28 digits, once or twice, keeps)."""
    return abs(value - expected) <= abs(expected) * Decimal(10) ** -digits + Decimal("1E-45")


@settings(max_examples=200)
@given(
    tables(),
    st.sampled_from(CURRENCIES),
    st.sampled_from(CURRENCIES),
    days,
    st.sampled_from(list(RatePolicy)),
)
def test_every_quote_is_the_brute_force_answer(
    table_args: tuple[list[ExchangeRate], str | None, int],
    source: str,
    target: str,
    on: dt.date,
    policy: RatePolicy,
) -> None:
    listed, via, gap = table_args
    table = RateTable(listed, "test", via=via, max_gap=gap)
    if source == target:
        assert table.quote(source, target, on, policy).legs == ()
        return
    expected = brute_legs(listed, via, source, target, on, policy, gap)
    if expected is None:
        with pytest.raises(MissingRateError) as info:
            table.quote(source, target, on, policy)
        assert (info.value.source, info.value.target, info.value.date) == (source, target, on)
        return
    quote = table.quote(source, target, on, policy)
    assert quote.legs == expected
    assert quote.rate.source == source
    assert quote.rate.target == target
    assert close(quote.rate.rate, exact_rate(source, expected), 26)
    if policy is RatePolicy.MONTHLY_AVERAGE:
        assert quote.rate.date == on.replace(day=1)
    else:
        assert quote.rate.date == min(leg.date for leg in expected)
    if policy is RatePolicy.EXACT:
        assert all(leg.date == on for leg in quote.legs)
    if policy is RatePolicy.PREVIOUS:
        assert all(0 <= (on - leg.date).days <= gap for leg in quote.legs)
    assert set(quote.legs) <= set(table.rates)


@given(tables(), st.randoms(use_true_random=False), days, st.sampled_from(list(RatePolicy)))
def test_a_shuffled_table_answers_the_same(
    table_args: tuple[list[ExchangeRate], str | None, int], random: Any, on: dt.date, policy: RatePolicy
) -> None:
    listed, via, gap = table_args
    shuffled = list(listed)
    random.shuffle(shuffled)
    first, second = RateTable(listed, "t", via, gap), RateTable(shuffled, "t", via, gap)
    assert first == second
    for source in CURRENCIES:
        for target in CURRENCIES:
            try:
                expected: Quote | None = first.quote(source, target, on, policy)
            except MissingRateError:
                expected = None
            if expected is None:
                with pytest.raises(MissingRateError):
                    second.quote(source, target, on, policy)
            else:
                assert second.quote(source, target, on, policy) == expected


@given(days, st.lists(days, unique=True, max_size=10), rate_values)
def test_exact_fails_exactly_when_the_day_is_missing(
    on: dt.date, published: list[dt.date], value: Decimal
) -> None:
    table = RateTable([ExchangeRate("EUR", "UAH", value, day) for day in published], "NBU")
    if on in published:
        assert table.quote("UAH", "EUR", on, RatePolicy.EXACT).legs == (
            ExchangeRate("EUR", "UAH", value, on),
        )
    else:
        with pytest.raises(MissingRateError):
            table.quote("UAH", "EUR", on, RatePolicy.EXACT)


@given(
    st.lists(st.tuples(st.integers(1, 29), rate_values), min_size=1, max_size=29, unique_by=lambda x: x[0])
)
def test_a_monthly_average_is_the_brute_force_mean(published: list[tuple[int, Decimal]]) -> None:
    table = RateTable([ExchangeRate("EUR", "USD", v, dt.date(2024, 2, d)) for d, v in published], "ECB")
    quote = table.quote("EUR", "USD", dt.date(2024, 2, 29), RatePolicy.MONTHLY_AVERAGE)
    mean = PREC28.divide(sum((v for _, v in published), Decimal(0)), len(published))
    assert quote.rate.rate == mean
    assert quote.rate.date == dt.date(2024, 2, 1)
    assert [leg.date.day for leg in quote.legs] == sorted(d for d, _ in published)


amounts = st.decimals(min_value=Decimal("-1E12"), max_value=Decimal("1E12"), places=2)


@given(amounts, rate_values, st.sampled_from(list(Qualifier)))
def test_there_and_back(amount: Decimal, value: Decimal, qualifier: Qualifier) -> None:
    table = RateTable([ExchangeRate("EUR", "USD", value, FRI)], "ECB")
    money = Money(amount, "EUR", qualifier)
    there = convert(money, "USD", FRI, table)
    back = convert(there.amount, "EUR", FRI, table)
    # As published, then inverted: a product, then a division by the same rate: exact.
    assert back.amount == money
    assert back.amount.qualifier is qualifier
    assert there.original is money
    assert back.original is there.amount
    # Inverted first: the quotient has 28 significant digits, so the way back is that close.
    usd = Money(amount, "USD")
    eur = convert(usd, "EUR", FRI, table)
    assert eur.amount.amount == PREC28.divide(amount, value) or eur.amount.amount == WIDE.divide(
        amount, value
    )
    again = convert(eur.amount, "USD", FRI, table)
    assert close(again.amount.amount, amount)


@given(tables(), amounts, st.sampled_from(CURRENCIES), st.sampled_from(CURRENCIES), days)
def test_a_conversion_keeps_its_original_and_is_the_product_of_the_legs(
    table_args: tuple[list[ExchangeRate], str | None, int],
    amount: Decimal,
    source: str,
    target: str,
    on: dt.date,
) -> None:
    listed, via, gap = table_args
    table = RateTable(listed, "t", via=via, max_gap=gap)
    money = Money(amount, source)
    try:
        conversion = convert(money, target, on, table)
    except MissingRateError:
        return
    assert conversion.original is money
    assert conversion.amount.currency == target
    if source == target:
        assert conversion.amount == money
    else:
        expected = WIDE.multiply(amount, exact_rate(source, conversion.quote.legs))
        assert close(conversion.amount.amount, expected)


# -- look-ups cost O(log n) -----------------------------------------------------------------------


class CountingSequence(Sequence[dt.date]):
    """A sequence that counts the items read from it."""

    reads = 0

    def __init__(self, items: tuple[dt.date, ...]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        CountingSequence.reads += 1
        return self.items[index]


def test_a_look_up_in_100000_rates_reads_log_n_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    builds = []
    real_build = rates_module._build_index
    monkeypatch.setattr(rates_module, "_build_index", lambda r: builds.append(1) or real_build(r))
    start = dt.date(1900, 1, 1)
    n = 100_000
    # Two pairs (EUR->USD every day, EUR->GBP every other day): 100,000 rates.
    listed = [ExchangeRate("EUR", "USD", "1.1", start + dt.timedelta(days=i)) for i in range(2 * n // 3)]
    listed += [
        ExchangeRate("EUR", "GBP", "0.85", start + dt.timedelta(days=2 * i)) for i in range(n - len(listed))
    ]
    table = RateTable(listed, "big", via="EUR")
    assert len(table.rates) == n
    assert builds == [1]

    for name in ("_bisect_left", "_bisect_right"):
        real = getattr(rates_module, name)
        monkeypatch.setattr(
            rates_module,
            name,
            lambda a, x, real=real: real(CountingSequence(a), x),  # type: ignore[misc]  # (a default binds the real bisect)
        )
    bound = math.ceil(math.log2(n + 1))  # the reads of one binary search
    for offset in (0, 1, 12_345, 40_000, 66_665, 99_999):
        on = start + dt.timedelta(days=offset)
        for policy, searches in (
            (RatePolicy.EXACT, 1),
            (RatePolicy.PREVIOUS, 1),
            (RatePolicy.MONTHLY_AVERAGE, 2),
        ):
            for source, target, hops in (("EUR", "USD", 1), ("USD", "EUR", 1), ("USD", "GBP", 2)):
                CountingSequence.reads = 0
                with contextlib.suppress(MissingRateError):
                    table.quote(source, target, on, policy)
                # At most: each hop tries the pair and its inverse, each with its searches.
                assert 0 < CountingSequence.reads <= hops * 2 * searches * bound
    assert builds == [1]  # the index is built once, not per look-up


def test_a_quote_from_its_legs_is_the_checked_one() -> None:
    # from_legs builds without checking again what it has just computed: the result must be
    # the quote the checking constructor accepts, converting the same.
    day = dt.date(2024, 3, 1)
    legs = (ExchangeRate("EUR", "USD", "1.0830", day), ExchangeRate("EUR", "UAH", "41.5", day))
    fast = Quote.from_legs("USD", legs, "ECB")
    checked = Quote(fast.rate, fast.provider, fast.policy, fast.legs, fast.via)
    assert fast == checked
    assert hash(fast) == hash(checked)
    assert fast.via == "EUR"
    assert fast.converted(Decimal(1083)) == checked.converted(Decimal(1083)) == Decimal("41500")
    with pytest.raises(InvalidValueError, match="'provider'"):
        Quote.from_legs("USD", legs, " ")
