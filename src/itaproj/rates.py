"""Exchange rates with provenance: which published rates convert an amount, and whose they are.

A :class:`RateProvider` answers "how many units of ``target`` is one ``source`` worth on this
day?" with a :class:`Quote`: the effective :class:`~itaproj.money.ExchangeRate`, every
published rate it was computed from (its ``legs``), the :class:`RatePolicy` that chose them
and the provider's label. :func:`convert` turns an amount into a :class:`Conversion`, which
keeps the original money next to the converted one and the quote, so every converted figure
says which rate, of which day, from whom.

Providers: a :class:`RateTable` holds published rates (your national bank's table,
loaded with :func:`itaproj.io.rates.load_rates`; the ECB's reference rates,
:func:`itaproj.io.rates.ecb_rates`), and a :class:`RateChain` asks several in order.

How a table answers, in this order (the policy applies to each published pair it reads):

1. the pair as published (``EUR->USD`` from a ``EUR->USD`` rate);
2. its inverse: ``USD->EUR`` from the published ``EUR->USD`` rate. An amount is converted
   by *dividing* it by the published rate, so "USD 110 at EUR/USD 1.10" is exactly EUR 100;
   the quote's effective rate is ``1 / 1.10`` to 28 significant digits;
3. through the table's ``via`` currency (``"EUR"`` for the ECB): ``source->via`` and
   ``via->target``, each direct or inverse. The effective rate is the product of the two
   legs (an inverse leg divides), computed with one rounding; an amount is multiplied by
   the direct legs and divided by the inverse ones, also with one rounding.

Arithmetic follows :mod:`itaproj.quantity`: products are exact up to 45 decimal places,
quotients exact when they can be, else rounded half-even to 28 significant digits.

A missing rate raises :class:`~itaproj.errors.MissingRateError` naming the currencies, the
day, the policy and the provider: never a zero, never a guess.

Example:
    >>> table = RateTable([ExchangeRate("EUR", "USD", "1.10", dt.date(2024, 3, 1))], "ECB")
    >>> usd = convert(Money(110, "USD"), "EUR", dt.date(2024, 3, 4), table)
    >>> usd.amount, usd.rate.date, usd.quote.provider
    (Money('100', 'EUR'), datetime.date(2024, 3, 1), 'ECB')
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import enum
import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from itaproj.errors import CurrencyMismatchError, InvalidValueError, MissingRateError
from itaproj.money import ExchangeRate, Money, is_currency
from itaproj.quantity import add, divide, multiply, scale
from itaproj.validation import to_tuple

__all__ = [
    "SAME_CURRENCY",
    "Conversion",
    "Quote",
    "RateChain",
    "RatePolicy",
    "RateProvider",
    "RateTable",
    "convert",
    "to_rate_policy",
    "to_rates",
]

#: The provider label of a quote from a currency to itself: rate 1, no published rate used.
SAME_CURRENCY = "same currency"

_ONE = Decimal(1)


class RatePolicy(enum.Enum):
    """Which published rate stands for a day.

    * ``EXACT``: a rate published that very day, or none.
    * ``PREVIOUS``: the latest rate published on or before the day, at most the provider's
      ``max_gap`` days earlier (7 for a :class:`RateTable` unless told): the nearest earlier
      business day of a publisher that publishes on business days. A weekend or a holiday is
      bridged; a month without rates is not.
    * ``MONTHLY_AVERAGE``: the arithmetic mean of the rates published in the day's calendar
      month (every published day of that month, also those after the day), as the ECB
      computes its monthly averages; to 28 significant digits.
    """

    EXACT = "exact"
    PREVIOUS = "previous"
    MONTHLY_AVERAGE = "monthly-average"


_POLICIES = {policy.value: policy for policy in RatePolicy}


def to_rate_policy(value: RatePolicy | str, field: str = "policy") -> RatePolicy:
    """A :class:`RatePolicy`, given as itself or as its value (``"monthly-average"``, exactly).

    Example:
        >>> to_rate_policy("monthly-average")
        <RatePolicy.MONTHLY_AVERAGE: 'monthly-average'>
    """
    if isinstance(value, RatePolicy):
        return value
    if type(value) is str and value in _POLICIES:
        return _POLICIES[value]
    allowed = ", ".join(repr(policy.value) for policy in RatePolicy)
    raise InvalidValueError(field, value, f"be a RatePolicy or one of its values {allowed}")


# -- checks of the fields -------------------------------------------------------------------------


def _to_legs(value: Iterable[ExchangeRate]) -> tuple[ExchangeRate, ...]:
    return to_tuple(value, "legs", ExchangeRate)


def _check_label(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if type(value) is not str or not value.strip():
        raise InvalidValueError(attribute.name, value, "be a non-empty string naming the provider")


def _check_optional_currency(instance: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not (type(value) is str and is_currency(value)):
        raise InvalidValueError(attribute.name, value, "be an ISO 4217 code or None")


def _check_instance(kind: type) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            raise InvalidValueError(attribute.name, value, f"be {_article(kind.__name__)} {kind.__name__}")

    return check


def _article(noun: str) -> str:
    return "an" if noun[:1] in "AEIOU" else "a"


def _check_day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        raise InvalidValueError(field, value, "be a datetime.date (a day), not a datetime: pass .date()")
    if not isinstance(value, dt.date):
        raise InvalidValueError(field, value, "be a datetime.date")
    return value


def _check_currency(value: object, field: str) -> str:
    if not (type(value) is str and is_currency(value)):
        raise InvalidValueError(field, value, "be an ISO 4217 code")
    return value


# -- quotes -------------------------------------------------------------------------------------


def _plain(value: Decimal) -> Decimal:
    """An integral result without a positive exponent: 110 / 1.10 is ``100``, not ``1E+2``."""
    exponent = value.as_tuple().exponent
    return Decimal(int(value)) if isinstance(exponent, int) and exponent > 0 else value


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of ``day``'s calendar month."""
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _hops(legs: tuple[ExchangeRate, ...]) -> list[tuple[ExchangeRate, ...]]:
    """The legs grouped by published pair: one group per hop, in order."""
    groups: list[list[ExchangeRate]] = []
    for leg in legs:
        if groups and (groups[-1][0].source, groups[-1][0].target) == (leg.source, leg.target):
            groups[-1].append(leg)
        else:
            groups.append([leg])
    return [tuple(group) for group in groups]


def _mean(rates: tuple[ExchangeRate, ...]) -> Decimal:
    """The arithmetic mean of the rates: an exact sum, one division (28 significant digits)."""
    if len(rates) == 1:
        return rates[0].rate
    total = Decimal(0)
    for rate in rates:
        total = add(total, rate.rate, "rate", "average")
    return divide(total, len(rates), "rate", "average")


def _hop_value(hop: tuple[ExchangeRate, ...], legs: tuple[ExchangeRate, ...], policy: RatePolicy) -> Decimal:
    if policy is not RatePolicy.MONTHLY_AVERAGE:
        if len(hop) != 1:
            raise InvalidValueError(
                "legs", legs, f"hold one published rate per pair under policy {policy.value}"
            )
        return hop[0].rate
    for earlier, later in itertools.pairwise(hop):
        if not earlier.date < later.date:
            raise InvalidValueError(
                "legs", legs, "hold each published day once, in date order, for an average"
            )
    return _mean(hop)


def _factors(
    source: str, legs: tuple[ExchangeRate, ...], policy: RatePolicy
) -> tuple[str, Decimal, Decimal, dt.date, str | None]:
    """Follow the legs from ``source``: (target, multiplier, divisor, date, via)."""
    hops = _hops(legs)
    if len(hops) > 2:
        raise InvalidValueError(
            "legs", legs, "be the published rates of one pair, or of two through one currency"
        )
    current, multiplier, divisor, via = source, _ONE, _ONE, None
    for number, hop in enumerate(hops):
        first = hop[0]
        if first.source == first.target:
            raise InvalidValueError("legs", legs, "be rates between two currencies")
        value = _hop_value(hop, legs, policy)
        if first.source == current:  # as published: multiply
            multiplier, current = multiply(multiplier, value, "rate", "quote"), first.target
        elif first.target == current:  # inverse: divide by the published rate
            divisor, current = multiply(divisor, value, "rate", "quote"), first.source
        else:
            raise InvalidValueError(
                "legs", legs, f"lead on from {current}: the rate {first.source}->{first.target} does not"
            )
        if number == 0 and len(hops) == 2:
            via = current
    if via == source or current == source:
        raise InvalidValueError("legs", legs, f"lead away from {source}")
    if policy is RatePolicy.MONTHLY_AVERAGE:
        first_day, last_day = _month(legs[0].date)
        if not all(first_day <= leg.date <= last_day for leg in legs):
            raise InvalidValueError("legs", legs, "be published in one calendar month for a monthly average")
        date = first_day
    else:
        date = min(leg.date for leg in legs)
        if policy is RatePolicy.EXACT and any(leg.date != date for leg in legs):
            raise InvalidValueError("legs", legs, "be published on one day under policy exact")
    return current, multiplier, divisor, date, via


@attrs.frozen
class Quote:
    """An exchange rate as a provider gave it, with every published rate it was computed from.

    A quote is what :meth:`RateProvider.quote` returns; build one yourself with
    :meth:`from_legs`. Its rate must be what its legs give (checked at construction).

    Args:
        rate: The effective rate from the quote's source to its target. Its ``date`` is the
            date of the published rate used; through ``via``, the earlier of the two legs'
            dates; under ``MONTHLY_AVERAGE``, the **first day of the averaged calendar
            month** (the legs give the days averaged). For a currency to itself: rate 1 on
            the day asked.
        provider: A human label of who published the rates ("ECB euro reference rates",
            "NBU", a file name); :data:`SAME_CURRENCY` for a currency to itself.
        policy: The :class:`RatePolicy` that chose the legs, or its value.
        legs: Every published rate used, as published (an inverse leg keeps the published
            direction): one for a direct or an inverse rate, one per hop through ``via``, and
            every averaged day under ``MONTHLY_AVERAGE``, hop by hop in date order. Empty
            only for a currency to itself.
        via: The currency the rate was triangulated through, or ``None``.

    Example:
        >>> published = ExchangeRate("EUR", "USD", "1.10", dt.date(2024, 3, 1))
        >>> quote = Quote.from_legs("USD", [published], "ECB")
        >>> quote.rate
        ExchangeRate(source='USD', target='EUR', rate=Decimal('0.9090909090909090909090909091'), date=datetime.date(2024, 3, 1))
        >>> quote.convert(Money(110, "USD")).amount
        Money('100', 'EUR')
    """

    rate: ExchangeRate = attrs.field(validator=_check_instance(ExchangeRate))
    provider: str = attrs.field(validator=_check_label)
    policy: RatePolicy = attrs.field(default=RatePolicy.PREVIOUS, converter=to_rate_policy)
    legs: tuple[ExchangeRate, ...] = attrs.field(default=(), converter=_to_legs)
    via: str | None = attrs.field(default=None, validator=_check_optional_currency)
    # (multiplier, divisor) of the legs, computed once: a roll-up converts many amounts with one quote
    _scale: tuple[Decimal, Decimal] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        rate = self.rate
        object.__setattr__(self, "_scale", (_ONE, _ONE))
        if not self.legs:
            if rate.source != rate.target or rate.rate != 1 or self.via is not None:
                raise InvalidValueError(
                    "legs",
                    self.legs,
                    f"name the published rates the {rate.source}->{rate.target} rate comes from"
                    " (only a currency to itself, at rate 1, needs none)",
                )
            return
        target, multiplier, divisor, date, via = _factors(rate.source, self.legs, self.policy)
        if target != rate.target:
            raise InvalidValueError(
                "legs", self.legs, f"lead from {rate.source} to {rate.target}, not {target}"
            )
        if via != self.via:
            raise InvalidValueError("via", self.via, f"be {via!r}, the currency the legs go through")
        value = _plain(scale(_ONE, multiplier, divisor, "rate", "quote"))
        if rate.rate != value or rate.date != date:
            raise InvalidValueError("rate", rate, f"be what its legs give: {value} on {date.isoformat()}")
        object.__setattr__(self, "_scale", (multiplier, divisor))

    @classmethod
    def from_legs(
        cls,
        source: str,
        legs: Iterable[ExchangeRate],
        provider: str,
        policy: RatePolicy | str = RatePolicy.PREVIOUS,
    ) -> Quote:
        """The quote from ``source`` that the published ``legs`` give (see the class).

        Raises:
            InvalidValueError: when the legs do not lead from ``source`` to another currency
                (directly, inverted, or through one currency), or do not fit the policy.
        """
        legs = _to_legs(legs)
        policy = to_rate_policy(policy)
        _check_currency(source, "source")
        if not legs:
            raise InvalidValueError("legs", legs, "name at least one published rate")
        target, multiplier, divisor, date, via = _factors(source, legs, policy)
        rate = ExchangeRate(source, target, _plain(scale(_ONE, multiplier, divisor, "rate", "quote")), date)
        if cls is not Quote:
            return cls(rate, provider, policy, legs, via)
        if type(provider) is not str or not provider.strip():
            raise InvalidValueError("provider", provider, "be a non-empty string naming the provider")
        # Built from its legs just now: what the constructor would check again holds (providers
        # make a quote per amount's day, so this is the hot path of a roll-up).
        quote = object.__new__(cls)
        for name, value in (
            ("rate", rate),
            ("provider", provider),
            ("policy", policy),
            ("legs", legs),
            ("via", via),
            ("_scale", (multiplier, divisor)),
        ):
            object.__setattr__(quote, name, value)
        return quote

    def _apply(self, money: Money) -> Money:
        if not isinstance(money, Money):
            raise InvalidValueError("money", money, "be a Money")
        if money.currency != self.rate.source:
            raise CurrencyMismatchError(money.currency, self.rate.source, "convert")
        if not self.legs:
            return money
        return Money(self.converted(money.amount), self.rate.target, money.qualifier)

    def converted(self, amount: Decimal) -> Decimal:
        """The number ``amount`` of the source currency in the target currency, as :meth:`convert` gives it.

        For code that converts many amounts with one quote and keeps the provenance itself (a
        roll-up lists its quotes once).

        Raises:
            AmountRangeError: when the converted amount is 10^18 or more.

        Example:
            >>> published = ExchangeRate("EUR", "USD", "1.10", dt.date(2024, 3, 1))
            >>> Quote.from_legs("USD", [published], "ECB").converted(Decimal(110))
            Decimal('100')
        """
        multiplier, divisor = self._scale
        if multiplier == divisor:
            return amount
        return _plain(scale(amount, multiplier, divisor, "amount", "convert"))

    def convert(self, money: Money) -> Conversion:
        """``money`` in this quote's target currency, with its provenance.

        The amount is multiplied by the direct legs and divided by the inverse ones (their
        means under ``MONTHLY_AVERAGE``), with one rounding (:func:`~itaproj.quantity.scale`);
        its qualifier is kept ("more than" stays "more than": rates are positive).

        Raises:
            CurrencyMismatchError: when ``money`` is not in the quote's source currency.
            AmountRangeError: when the converted amount is 10^18 or more.
        """
        return Conversion(money, self._apply(money), self)


@runtime_checkable
class RateProvider(Protocol):
    """Anything that quotes exchange rates: a :class:`RateTable`, a :class:`RateChain`, your own.

    Providers raise :class:`~itaproj.errors.MissingRateError` when they have no rate for the
    pair on the day under the policy; they never answer zero.
    """

    def quote(self, source: str, target: str, on: dt.date, policy: RatePolicy = RatePolicy.PREVIOUS) -> Quote:
        """The rate from ``source`` to ``target`` on the day ``on`` under ``policy``.

        Raises:
            MissingRateError: when there is none.
        """
        ...


def _same_currency(currency: str, on: dt.date, policy: RatePolicy) -> Quote:
    return Quote(ExchangeRate(currency, currency, 1, on), SAME_CURRENCY, policy)


# -- conversions --------------------------------------------------------------------------------


@attrs.frozen
class Conversion:
    """An amount converted, with the original money and the quote that converted it.

    Build one with :func:`convert` or :meth:`Quote.convert`; the constructor checks that
    ``amount`` is ``original`` converted with ``quote``.

    Args:
        original: The money as it was.
        amount: The money in the quote's target currency.
        quote: The rate used, with its legs, date, policy and provider.

    Example:
        >>> table = RateTable([ExchangeRate("EUR", "UAH", "41.5", dt.date(2024, 3, 1))], "NBU")
        >>> c = convert(Money(1000, "EUR"), "UAH", dt.date(2024, 3, 1), table)
        >>> c.original, c.amount, c.rate.rate, c.rate.date, c.provider
        (Money('1000', 'EUR'), Money('41500.0', 'UAH'), Decimal('41.5'), datetime.date(2024, 3, 1), 'NBU')
    """

    original: Money = attrs.field(validator=_check_instance(Money))
    amount: Money = attrs.field(validator=_check_instance(Money))
    quote: Quote = attrs.field(validator=_check_instance(Quote))

    def __attrs_post_init__(self) -> None:
        if self.original.currency != self.quote.rate.source:
            raise InvalidValueError(
                "original", self.original, f"be in {self.quote.rate.source}, the quote's source currency"
            )
        expected = self.quote._apply(self.original)
        if self.amount != expected or self.amount.currency != expected.currency:
            raise InvalidValueError(
                "amount", self.amount, f"be {expected!r}, the original converted by the quote"
            )

    @property
    def rate(self) -> ExchangeRate:
        """The effective rate (its date is the rate's date, see :class:`Quote`)."""
        return self.quote.rate

    @property
    def provider(self) -> str:
        """Who published the rates used."""
        return self.quote.provider


def convert(
    money: Money,
    target: str,
    on: dt.date,
    provider: RateProvider,
    policy: RatePolicy | str = RatePolicy.PREVIOUS,
) -> Conversion:
    """``money`` in ``target`` on the day ``on``, with a rate from ``provider``, and where it came from.

    Money already in ``target`` is returned as it is, with a quote at rate 1 dated ``on``,
    no legs, and the provider label :data:`SAME_CURRENCY` (no provider is asked).

    Raises:
        MissingRateError: when the provider has no rate for the pair on that day.
        CurrencyMismatchError: when the provider quotes another pair than the one asked.
        AmountRangeError: when the converted amount is 10^18 or more.

    Example:
        >>> table = RateTable([ExchangeRate("EUR", "USD", "1.10", dt.date(2024, 3, 1))], "ECB")
        >>> convert(Money(100, "EUR"), "USD", dt.date(2024, 3, 1), table).amount
        Money('110.00', 'USD')
        >>> convert(Money(100, "EUR"), "EUR", dt.date(2024, 3, 1), table).quote.provider
        'same currency'
    """
    if not isinstance(money, Money):
        raise InvalidValueError("money", money, "be a Money")
    _check_currency(target, "target")
    _check_day(on, "on")
    policy = to_rate_policy(policy)
    if money.currency == target:
        return _same_currency(target, on, policy).convert(money)
    quote = provider.quote(money.currency, target, on, policy)
    if not isinstance(quote, Quote):
        raise InvalidValueError("quote", quote, "be a Quote (what a RateProvider returns)")
    if quote.rate.target != target:
        raise CurrencyMismatchError(quote.rate.target, target, "convert")
    return quote.convert(money)


# -- tables -------------------------------------------------------------------------------------


def to_rates(value: Iterable[ExchangeRate], field: str = "rates") -> tuple[ExchangeRate, ...]:
    """Published rates as a :class:`RateTable` holds them: sorted by pair and date, each once.

    Any ordered iterable of :class:`~itaproj.money.ExchangeRate` is taken. The same pair on
    the same day twice at the same rate is one rate; at another rate it is refused.

    Raises:
        InvalidValueError: for an item that is not a rate between two currencies, or a
            second rate of a pair on one day, naming both.

    Example:
        >>> day = dt.date(2024, 3, 1)
        >>> to_rates([ExchangeRate("EUR", "USD", "1.10", day), ExchangeRate("EUR", "USD", "1.1", day)])
        (ExchangeRate(source='EUR', target='USD', rate=Decimal('1.10'), date=datetime.date(2024, 3, 1)),)
    """
    items = to_tuple(value, field, ExchangeRate)
    for index, rate in enumerate(items):
        if rate.source == rate.target:
            raise InvalidValueError(f"{field}[{index}]", rate, "be a rate between two currencies")
    kept: list[ExchangeRate] = []
    last: ExchangeRate | None = None
    # A stable sort: rates of one pair and day stay in the order given, the first is kept.
    for rate in sorted(items, key=_rate_key):
        if last is not None and _rate_key(last) == _rate_key(rate):
            if last.rate != rate.rate:
                first = next(i for i, item in enumerate(items) if item is last)
                later = next(i for i, item in enumerate(items) if item is rate)
                raise InvalidValueError(
                    f"{field}[{later}]",
                    rate,
                    f"agree with {field}[{first}] ({last!r}): a pair has one rate a day",
                )
            continue
        kept.append(rate)
        last = rate
    return tuple(kept)


def _rate_key(rate: ExchangeRate) -> tuple[str, str, dt.date]:
    return rate.source, rate.target, rate.date


def _show_rates(rates: tuple[ExchangeRate, ...]) -> str:
    return f"<{len(rates)} rates>"


def _check_gap(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise InvalidValueError(attribute.name, value, "be a number of days, an int of 0 or more")


#: Per published pair: its dates, ascending, and the rates of those dates.
_Index = dict[tuple[str, str], tuple[tuple[dt.date, ...], tuple[ExchangeRate, ...]]]


def _build_index(rates: tuple[ExchangeRate, ...]) -> _Index:
    """Index sorted rates by pair, in one pass."""
    index: _Index = {}
    start = 0
    for end in range(1, len(rates) + 1):
        if end == len(rates) or (rates[end].source, rates[end].target) != (
            rates[start].source,
            rates[start].target,
        ):
            block = rates[start:end]
            index[(rates[start].source, rates[start].target)] = (tuple(r.date for r in block), block)
            start = end
    return index


@attrs.frozen
class RateTable:
    """Published exchange rates, dated, from one provider: a :class:`RateProvider`.

    Look-ups are binary searches in each pair's dates (the index is built once, at
    construction): a quote costs O(log n) in a table of n rates. See the module for the
    order of tries (as published, inverse, through ``via``); ``policy`` applies to each
    published pair read.

    Args:
        rates: The published rates, any ordered iterable of
            :class:`~itaproj.money.ExchangeRate` (:func:`to_rates`: stored sorted by pair and
            date, each once). Several days per pair, and a pair in both directions, are fine.
        provider: Who published them, as a human label ("NBU", "ECB euro reference rates").
        via: The currency to triangulate through when a pair is not published either way
            (``"EUR"`` for the ECB's rates, all quoted against the euro), or ``None``.
        max_gap: Under ``PREVIOUS``, how many days before the day asked a published rate may
            be (7 bridges a weekend and holidays, not a missing month).

    Example:
        >>> day = dt.date(2024, 3, 1)
        >>> ecb = RateTable(
        ...     [ExchangeRate("EUR", "USD", "1.0830", day), ExchangeRate("EUR", "GBP", "0.8550", day)],
        ...     "ECB", via="EUR")
        >>> quote = ecb.quote("USD", "GBP", dt.date(2024, 3, 3))  # a Sunday: Friday's rates
        >>> quote.rate.rate, quote.rate.date, quote.via, len(quote.legs)
        (Decimal('0.7894736842105263157894736842'), datetime.date(2024, 3, 1), 'EUR', 2)
        >>> ecb.quote("USD", "GBP", dt.date(2024, 3, 3), "exact")
        Traceback (most recent call last):
        ...
        itaproj.errors.MissingRateError: no USD->GBP rate on 2024-03-03 (policy exact: none published that day, nor through EUR (no USD->EUR)) in ECB
    """

    rates: tuple[ExchangeRate, ...] = attrs.field(converter=to_rates, repr=_show_rates)
    provider: str = attrs.field(validator=_check_label)
    via: str | None = attrs.field(default=None, validator=_check_optional_currency)
    max_gap: int = attrs.field(default=7, validator=_check_gap)
    _index: _Index = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _build_index(self.rates))  # immutable: indexed once

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """The published pairs, as ``(source, target)``."""
        return frozenset(self._index)

    def quote(
        self, source: str, target: str, on: dt.date, policy: RatePolicy | str = RatePolicy.PREVIOUS
    ) -> Quote:
        """The rate from ``source`` to ``target`` on the day ``on`` under ``policy``.

        Raises:
            MissingRateError: when no published rate answers, directly, inverted or
                through ``via``.
            InvalidValueError: for a code that is not an ISO 4217 code, or a day that is
                not a ``datetime.date``.
        """
        _check_currency(source, "source")
        _check_currency(target, "target")
        _check_day(on, "on")
        policy = to_rate_policy(policy)
        if source == target:
            return _same_currency(source, on, policy)
        legs = self._hop(source, target, on, policy)
        if legs is not None:
            return Quote.from_legs(source, legs, self.provider, policy)
        reason = self._window(on, policy)
        via = self.via
        if via is not None and via not in (source, target):
            first = self._hop(source, via, on, policy)
            second = None if first is None else self._hop(via, target, on, policy)
            if first is not None and second is not None:
                return Quote.from_legs(source, first + second, self.provider, policy)
            lacking = f"{source}->{via}" if first is None else f"{via}->{target}"
            reason = f"{reason}, nor through {via} (no {lacking})"
        raise MissingRateError(source, target, on, policy, self.provider, reason)

    def _hop(
        self, source: str, target: str, on: dt.date, policy: RatePolicy
    ) -> tuple[ExchangeRate, ...] | None:
        """The published rates for one hop: the pair as published, else its inverse."""
        for pair in ((source, target), (target, source)):
            found = self._index.get(pair)
            if found is not None:
                picked = self._pick(*found, on, policy)
                if picked:
                    return picked
        return None

    def _pick(
        self, dates: tuple[dt.date, ...], rates: tuple[ExchangeRate, ...], on: dt.date, policy: RatePolicy
    ) -> tuple[ExchangeRate, ...]:
        if policy is RatePolicy.EXACT:
            at = _bisect_left(dates, on)
            return rates[at : at + 1] if at < len(dates) and dates[at] == on else ()
        if policy is RatePolicy.PREVIOUS:
            at = _bisect_right(dates, on) - 1
            return rates[at : at + 1] if at >= 0 and (on - dates[at]).days <= self.max_gap else ()
        first, last = _month(on)
        return rates[_bisect_left(dates, first) : _bisect_right(dates, last)]

    def _window(self, on: dt.date, policy: RatePolicy) -> str:
        """What the policy looked for, for the error: "none from 2024-02-23 to 2024-03-01"."""
        if policy is RatePolicy.EXACT:
            return "none published that day"
        if policy is RatePolicy.PREVIOUS:
            earliest = dt.date.min if self.max_gap >= on.toordinal() else on - dt.timedelta(days=self.max_gap)
            return f"none from {earliest.isoformat()} to {on.isoformat()}"
        return f"none in {on.isoformat()[:7]}"


# Module-level names, so a test can count the work of a look-up.
_bisect_left = bisect.bisect_left
_bisect_right = bisect.bisect_right


def _to_providers(value: Iterable[RateProvider]) -> tuple[RateProvider, ...]:
    providers = to_tuple(value, "providers", RateProvider)  # (a runtime-checkable protocol)
    if not providers:
        raise InvalidValueError("providers", value, "name at least one provider")
    return providers


@attrs.frozen
class RateChain:
    """Several providers asked in order: the first that has a rate answers.

    The quote names the provider that answered (:attr:`Quote.provider`); each quote comes
    from one provider (rates of two providers are never combined). Only a
    :class:`~itaproj.errors.MissingRateError` moves on to the next provider; any other
    error is raised as it is.

    Args:
        providers: The providers, in the order to ask them (at least one).

    Example:
        >>> day = dt.date(2024, 3, 1)
        >>> nbu = RateTable([ExchangeRate("UAH", "EUR", "0.0241", day)], "NBU")
        >>> ecb = RateTable([ExchangeRate("EUR", "USD", "1.0830", day)], "ECB", via="EUR")
        >>> chain = RateChain([nbu, ecb])
        >>> chain.quote("UAH", "EUR", day).provider, chain.quote("USD", "EUR", day).provider
        ('NBU', 'ECB')
        >>> chain.quote("UAH", "USD", day)
        Traceback (most recent call last):
        ...
        itaproj.errors.MissingRateError: no UAH->USD rate on 2024-03-01 (policy previous: NBU: none from 2024-02-23 to 2024-03-01; ECB: none from 2024-02-23 to 2024-03-01, nor through EUR (no UAH->EUR)) in NBU, then ECB
    """

    providers: tuple[RateProvider, ...] = attrs.field(converter=_to_providers)

    def quote(
        self, source: str, target: str, on: dt.date, policy: RatePolicy | str = RatePolicy.PREVIOUS
    ) -> Quote:
        """The first provider's quote; see :meth:`RateTable.quote`.

        Raises:
            MissingRateError: when no provider has a rate, naming each and what it lacked.
        """
        policy = to_rate_policy(policy)
        missing: list[MissingRateError] = []
        for provider in self.providers:
            try:
                return provider.quote(source, target, on, policy)
            except MissingRateError as error:
                missing.append(error)
        names = ", then ".join(error.provider for error in missing)
        reasons = "; ".join(f"{error.provider}: {error.reason}" for error in missing)
        raise MissingRateError(source, target, on, policy, names, reasons)
