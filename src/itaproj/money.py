"""Money: an exact ``Decimal`` amount with its ISO 4217 currency.

Amounts in one currency add, subtract and compare; amounts in two currencies never mix
silently: that raises :class:`~itaproj.errors.CurrencyMismatchError` (a ``TypeError``)
until one side is converted with an explicit, dated :class:`ExchangeRate`.

Amounts and rates are numbers as :func:`itaproj.quantity.to_decimal` accepts them: below
10^18 in magnitude, with at most 45 decimal places. Sums and differences are exact; products
(``*``, :meth:`Money.convert`) are exact up to 45 decimal places; quotients (``/``,
:meth:`ExchangeRate.inverse`) are exact when that is such a number, else they have 28
significant digits, as in Python's default decimal context (:func:`itaproj.quantity.divide`
says where 45 places are kept instead); :meth:`Money.ratio` has 28 significant digits. The
thread's decimal context plays no part. A result out of range raises
:class:`~itaproj.errors.AmountRangeError` naming the operation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import cache

import attrs

from itaproj.errors import BoundArithmeticError, CurrencyMismatchError, InvalidValueError
from itaproj.quantity import (
    Qualifier,
    add,
    divide,
    multiply,
    ratio,
    subtract,
    to_decimal,
    to_qualifier,
)

__all__ = ["ExchangeRate", "Money", "MoneyRange", "currency_codes", "is_currency", "money_sum"]


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 codes known to CLDR (via babel) or to the IATI Currency codelist.

    Withdrawn codes are included: historic data uses them.
    """
    from babel.numbers import list_currencies

    from itaproj.codelists import codelist

    return frozenset(list_currencies()) | frozenset(codelist("Currency").codes)


def is_currency(code: str) -> bool:
    """Tell whether ``code`` is an upper-case ISO 4217 currency code."""
    return isinstance(code, str) and code in currency_codes()


def _check_currency(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not is_currency(value):
        raise InvalidValueError(attribute.name, value, "be an ISO 4217 code")


@attrs.frozen(repr=False, order=False)
class Money:
    """An exact amount of one currency, possibly a bound ("more than KZT 7.8 billion").

    Args:
        amount: A ``Decimal``, ``int`` or decimal string below 10^18 in magnitude, with at most
            45 decimal places (:func:`~itaproj.quantity.to_decimal`); floats are refused.
        currency: An ISO 4217 code such as ``"EUR"``.
        qualifier: ``Qualifier.EXACT`` unless the source states a bound or an estimate; a
            :class:`~itaproj.quantity.Qualifier` or its value (``"more_than"``).

    Example:
        >>> budget = Money("14500000", "EUR")
        >>> budget + Money(500000, "EUR")
        Money('15000000', 'EUR')
        >>> sum([Money(1, "EUR"), Money(2, "EUR")])
        Money('3', 'EUR')
        >>> Money("7.8E9", "KZT", Qualifier.MORE_THAN)
        Money('7.8E+9', 'KZT', Qualifier.MORE_THAN)
    """

    amount: Decimal = attrs.field(converter=to_decimal)
    currency: str = attrs.field(validator=_check_currency)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=to_qualifier)

    def __repr__(self) -> str:
        tail = "" if self.qualifier is Qualifier.EXACT else f", {self.qualifier}"
        return f"Money({str(self.amount)!r}, {self.currency!r}{tail})"

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.currency} {self.amount:,f}"

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Zero in ``currency``."""
        return cls(Decimal(0), currency)

    @property
    def is_exact(self) -> bool:
        """True unless the amount is a bound or an estimate."""
        return self.qualifier is Qualifier.EXACT

    def _same_currency(self, other: Money, operation: str) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(self.currency, other.currency, operation)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "add")
        qualifier = self.qualifier.combine(other.qualifier)
        return Money(add(self.amount, other.amount), self.currency, qualifier)

    def __radd__(self, other: object) -> Money:
        # sum() starts from the int 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return NotImplemented

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "subtract")
        qualifier = self.qualifier.combine(other.qualifier.flipped(), "subtract")
        return Money(subtract(self.amount, other.amount), self.currency, qualifier)

    def __neg__(self) -> Money:
        return Money(self.amount.copy_negate(), self.currency, self.qualifier.flipped())

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, (Decimal, int)):
            return NotImplemented
        if isinstance(factor, Decimal) and not factor.is_finite():
            raise InvalidValueError("factor", factor, "be a finite number")
        qualifier = self.qualifier if factor >= 0 else self.qualifier.flipped()
        return Money(multiply(self.amount, factor), self.currency, qualifier)

    __rmul__ = __mul__

    def __truediv__(self, divisor: Decimal | int) -> Money:
        if isinstance(divisor, bool) or not isinstance(divisor, (Decimal, int)):
            return NotImplemented
        if isinstance(divisor, Decimal) and not divisor.is_finite():
            raise InvalidValueError("divisor", divisor, "be a finite number")
        if divisor == 0:
            raise InvalidValueError("divisor", divisor, "not be zero")
        qualifier = self.qualifier if divisor > 0 else self.qualifier.flipped()
        return Money(divide(self.amount, divisor), self.currency, qualifier)

    def ratio(self, other: Money) -> Decimal:
        """``self / other`` as a plain number; both must share a currency and be exact.

        The ratio has 28 significant digits; it is not bound to the range of amounts (an
        amount over a tiny one can be 10^60).

        Example:
            >>> Money(3, "EUR").ratio(Money(4, "EUR"))
            Decimal('0.75')
        """
        self._same_currency(other, "divide")
        if not (self.is_exact and other.is_exact):
            raise BoundArithmeticError(self, other, "divide")
        if other.amount == 0:
            raise InvalidValueError("other", other, "not be zero")
        return ratio(self.amount, other.amount)

    # Decimal comparisons are exact whatever the context: no difference is computed.
    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "compare")
        return self.amount >= other.amount

    def convert(self, rate: ExchangeRate) -> Money:
        """This amount in the rate's other currency: a rate converts either way.

        From ``rate.source`` the amount is multiplied by the rate; from ``rate.target`` it is
        divided by it (so USD 110 at EUR->USD 1.10 is exactly EUR 100), as
        :mod:`itaproj.rates` converts with an inverted published rate.

        Raises:
            CurrencyMismatchError: the rate is not between this currency and another.
            AmountRangeError: the result is 10^18 or more.

        Example:
            >>> rate = ExchangeRate("EUR", "USD", "1.10", dt.date(2020, 1, 2))
            >>> Money(100, "EUR").convert(rate), Money(110, "USD").convert(rate)
            (Money('110.00', 'USD'), Money('100', 'EUR'))
        """
        if rate.source == self.currency:
            return Money(multiply(self.amount, rate.rate, "amount", "convert"), rate.target, self.qualifier)
        if rate.target != self.currency:
            raise CurrencyMismatchError(self.currency, rate.source, "convert")
        amount = divide(self.amount, rate.rate, "amount", "convert")
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:  # 110 / 1.10 is 100, not 1E+2
            amount = Decimal(int(amount))
        return Money(amount, rate.source, self.qualifier)


def _to_rate(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, "rate")


def _check_rate(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValueError(attribute.name, value, "be positive")


def _check_date(instance: object, attribute: attrs.Attribute[dt.date], value: dt.date) -> None:
    # A datetime is a date too, but its time (and time zone) would be dropped silently.
    if isinstance(value, dt.datetime):
        raise InvalidValueError(
            attribute.name, value, "be a datetime.date (a day), not a datetime: pass .date()"
        )
    if not isinstance(value, dt.date):
        raise InvalidValueError(attribute.name, value, "be a datetime.date")


@attrs.frozen
class ExchangeRate:
    """One unit of ``source`` is worth ``rate`` units of ``target`` on ``date``.

    Args:
        source: The ISO 4217 code converted from.
        target: The ISO 4217 code converted to.
        rate: A positive ``Decimal``, ``int`` or decimal string below 10^18, with at most 45
            decimal places; floats are refused.
        date: The day the rate holds, a ``datetime.date``; a ``datetime`` is refused, not
            truncated (its time zone could make it another day): pass ``.date()``.

    Example:
        >>> rate = ExchangeRate("EUR", "USD", "1.10", dt.date(2020, 1, 2))
        >>> Money(100, "EUR").convert(rate)
        Money('110.00', 'USD')
    """

    source: str = attrs.field(validator=_check_currency)
    target: str = attrs.field(validator=_check_currency)
    rate: Decimal = attrs.field(converter=_to_rate, validator=_check_rate)
    date: dt.date = attrs.field(validator=_check_date)

    def inverse(self) -> ExchangeRate:
        """The rate from ``target`` back to ``source`` on the same date (``1 / rate``, as ``/`` rounds).

        Raises:
            AmountRangeError: when ``1 / rate`` is 10^18 or more (a rate below 10^-18).
        """
        return ExchangeRate(self.target, self.source, divide(Decimal(1), self.rate, "rate"), self.date)


def _check_range_currency(instance: MoneyRange, attribute: attrs.Attribute[Money], value: Money) -> None:
    if not isinstance(value, Money):
        raise InvalidValueError(attribute.name, value, "be a Money")
    if attribute.name == "high" and value.currency != instance.low.currency:
        raise CurrencyMismatchError(instance.low.currency, value.currency, "make a range of")


@attrs.frozen
class MoneyRange:
    """An amount known to lie between ``low`` and ``high``, in one currency.

    Each end keeps the qualifier of the amount it was computed from: "more than KZT 7.8
    billion" over 2 to 3 years is "more than KZT 2.6 billion" to "more than KZT 3.9 billion".
    Ranges add end by end (the sum of amounts each known to a range lies in the sum of the
    ranges).

    Example:
        >>> str(MoneyRange(Money(1, "EUR"), Money(3, "EUR")) + MoneyRange.exact(Money(2, "EUR")))
        'EUR 3 – EUR 5'
    """

    low: Money = attrs.field(validator=_check_range_currency)
    high: Money = attrs.field(validator=_check_range_currency)

    @classmethod
    def exact(cls, amount: Money) -> MoneyRange:
        """The range holding just ``amount``."""
        return cls(amount, amount)

    @property
    def currency(self) -> str:
        """The currency of both ends."""
        return self.low.currency

    @property
    def is_exact(self) -> bool:
        """True when both ends are the same exact amount."""
        return self.low == self.high and self.low.is_exact

    def __add__(self, other: MoneyRange) -> MoneyRange:
        if not isinstance(other, MoneyRange):
            return NotImplemented
        return MoneyRange(self.low + other.low, self.high + other.high)

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low} – {self.high}"


def money_sum(amounts: Iterable[Money], currency: str) -> Money:
    """Sum ``amounts``, all in ``currency``; an empty iterable gives zero in that currency."""
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total
