"""Figures that may be exact or only bounded: "19", "more than 100", "about 40".

Seeds state many figures as bounds ("more than 300 communities applied", "over KZT 7.8
billion"). A :class:`Qualifier` keeps that: arithmetic on bounded figures gives a bound,
never a false exact number, and combinations with no single bound raise
:class:`~itaproj.errors.BoundArithmeticError`.

The numbers the library holds
-----------------------------
Every amount of money, indicator value, exchange rate and count goes through one rule,
:func:`to_decimal` (counts: :class:`Count`): a finite number **below 10^18 in magnitude**
(a quintillion: USD 100 billion, more than any programme's budget, is below 10^17 even in
Iranian rials, the currency with the most units to the dollar) with **at most 45 decimal
places**. So every held number has at most 63 digits, and anything else is refused at
construction with :class:`~itaproj.errors.AmountRangeError` (an ``InvalidValueError``) naming
the field and the value: ``1E+28``, ``1E+1000000``, ``1E-99999``. Text longer than
:data:`MAX_TEXT_LENGTH` characters is refused before it is parsed, so hostile input costs
linear time.

Arithmetic on held numbers is done in local decimal contexts, whatever the thread's context
says, and a result outside the range raises :class:`~itaproj.errors.AmountRangeError` naming
the operation (never ``decimal.Overflow``):

* sums and differences are exact (:func:`add`, :func:`subtract`): 64 digits hold any sum of
  two held numbers, so adding many amounts never rounds;
* products are exact, then rounded half-even to 45 decimal places when they have more
  (:func:`multiply`);
* quotients are exact when the exact quotient is a held number; the others are rounded
  half-even to 28 significant digits, as Python's default context does (:func:`divide`,
  :func:`scale`), or to 45 decimal places where 28 digits would go beyond them or round up to
  10^18. Why 45 places: 28 significant digits of any quotient of at least 10^-18 fit in them,
  so ``Money(1, "EUR") / 3`` and ``Measure(Decimal(19) / 300)`` are held as computed.

Example:
    >>> add(Decimal("0.1"), Decimal("0.2"))
    Decimal('0.3')
    >>> divide(Decimal(10), 3)
    Decimal('3.333333333333333333333333333')
    >>> Measure("1E+18")
    Traceback (most recent call last):
    ...
    itaproj.errors.AmountRangeError: 'value' must be less than 10^18 in magnitude, with at most 45 decimal places (got '1E+18')
"""

from __future__ import annotations

import enum
import re
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_05UP,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Rounded,
)
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Final

import attrs

from itaproj.errors import AmountRangeError, BoundArithmeticError, InvalidValueError

if TYPE_CHECKING:
    import pint

__all__ = [
    "MAX_MAGNITUDE",
    "MAX_PLACES",
    "MAX_TEXT_LENGTH",
    "MAX_UNIT_LENGTH",
    "QUOTIENT_DIGITS",
    "Count",
    "Measure",
    "Qualifier",
    "add",
    "divide",
    "in_range",
    "multiply",
    "parse_unit",
    "ratio",
    "scale",
    "subtract",
    "to_decimal",
    "to_qualifier",
    "unit_registry",
]

#: Held numbers are less than this in magnitude (10^18).
MAX_MAGNITUDE: Final = Decimal("1E+18")
#: Held numbers have at most this many digits after the decimal point.
MAX_PLACES: Final = 45
#: Decimal text longer than this is refused before it is parsed.
MAX_TEXT_LENGTH: Final = 100
#: Quotients are rounded to this many significant digits (as in Python's default context).
QUOTIENT_DIGITS: Final = 28
#: Unit text longer than this is refused before pint sees it.
MAX_UNIT_LENGTH: Final = 100

_MAX_ADJUSTED = 17  # Decimal.adjusted() of the largest held numbers
_MAX_INT = 10**18
_QUANTUM = Decimal(1).scaleb(-MAX_PLACES)
_RANGE = f"be less than 10^18 in magnitude, with at most {MAX_PLACES} decimal places"


def _context(precision: int, rounding: str = ROUND_HALF_EVEN) -> Context:
    # The widest exponents, so no intermediate result overflows or underflows; a result out
    # of range comes back infinite and is refused by _held().
    return Context(
        prec=precision,
        rounding=rounding,
        Emax=MAX_EMAX,
        Emin=MIN_EMIN,
        traps=[InvalidOperation, DivisionByZero],
    )


#: Sums: 18 digits before the point, 45 after, and one for the carry hold any sum of two.
_SUMS = _context(1 + 18 + MAX_PLACES)
#: Products, computed exactly before they are rounded once.
_PRODUCTS = _context(MAX_PREC)
#: Quotients as Python's default context rounds them.
_QUOTIENTS = _context(QUOTIENT_DIGITS)
#: Quotients that are held numbers (64 digits at most), exactly: Inexact tells the others.
_EXACT_QUOTIENTS = _context(1 + 18 + MAX_PLACES)
_EXACT_QUOTIENTS.traps[Inexact] = True
#: Quotients smaller than 10^-17, rounded to 45 places from these 80 digits: ROUND_05UP keeps
#: the second rounding correct (the intermediate has more than two extra digits).
_STICKY = _context(80, ROUND_05UP)


#: Quantizing a held number to 45 places needs at most 63 digits and discards none: a trap
#: on Rounded tells, without building the digit tuple, that a number has more places. One
#: digit more for 999...9.99...97, which rounds up to 10^18.
_PLACES = Context(
    prec=1 + 18 + MAX_PLACES, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero, Rounded]
)


def _within_places(value: Decimal) -> bool:
    """Tell whether finite ``value``, below 10^18 in magnitude, has at most 45 decimal places as written."""
    if value.is_zero():
        return value.adjusted() >= -MAX_PLACES  # a zero's exponent (0E-50 discards no digit)
    if value.adjusted() >= -1 and len(str(value)) <= MAX_PLACES:
        # At least 0.1 and written with at most 45 digits (str() shows each digit of the
        # coefficient): the last digit is not beyond 45 places. Most numbers take this way.
        return True
    try:
        _PLACES.quantize(value, _QUANTUM)
    except Rounded:
        return False
    return True


def in_range(value: Decimal) -> bool:
    """Tell whether a finite ``value`` is one the library holds (see the module's docstring).

    Example:
        >>> in_range(Decimal("999999999999999999.5")), in_range(Decimal("1E+18")), in_range(Decimal("1E-46"))
        (True, False, False)
    """
    return value.adjusted() <= _MAX_ADJUSTED and _within_places(value)


class Qualifier(enum.Enum):
    """How a stated figure relates to the true value."""

    EXACT = "exact"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"
    ABOUT = "about"

    @property
    def is_lower_bound(self) -> bool:
        """True for "more than" and "at least"."""
        return self in (Qualifier.MORE_THAN, Qualifier.AT_LEAST)

    @property
    def is_upper_bound(self) -> bool:
        """True for "less than" and "at most"."""
        return self in (Qualifier.LESS_THAN, Qualifier.AT_MOST)

    @property
    def symbol(self) -> str:
        """A one-character mark for plain-text output: ``>``, ``≥``, ``<``, ``≤``, ``~``, or ``""``."""
        return _SYMBOLS[self]

    def flipped(self) -> Qualifier:
        """The qualifier of the negated (or inverted) figure: "more than" becomes "less than"."""
        return _FLIPPED.get(self, self)

    def combine(self, other: Qualifier, operation: str = "add") -> Qualifier:
        """The qualifier of the sum of two figures qualified ``self`` and ``other``.

        Example:
            >>> Qualifier.MORE_THAN.combine(Qualifier.EXACT)
            <Qualifier.MORE_THAN: 'more_than'>
        """
        if self is other:
            return self
        if Qualifier.EXACT in (self, other):
            return other if self is Qualifier.EXACT else self
        pair = {self, other}
        if pair == {Qualifier.MORE_THAN, Qualifier.AT_LEAST}:
            return Qualifier.MORE_THAN
        if pair == {Qualifier.LESS_THAN, Qualifier.AT_MOST}:
            return Qualifier.LESS_THAN
        raise BoundArithmeticError(self, other, operation)


_SYMBOLS = {
    Qualifier.EXACT: "",
    Qualifier.MORE_THAN: ">",
    Qualifier.AT_LEAST: "≥",
    Qualifier.LESS_THAN: "<",
    Qualifier.AT_MOST: "≤",
    Qualifier.ABOUT: "~",
}
_FLIPPED = {
    Qualifier.MORE_THAN: Qualifier.LESS_THAN,
    Qualifier.LESS_THAN: Qualifier.MORE_THAN,
    Qualifier.AT_LEAST: Qualifier.AT_MOST,
    Qualifier.AT_MOST: Qualifier.AT_LEAST,
}


def to_decimal(value: Decimal | int | str, field: str = "amount") -> Decimal:
    """Convert an exact number to a ``Decimal`` the library holds; floats are refused (not exact).

    Accepted: a ``Decimal``, an ``int`` or a decimal string (ASCII digits, an optional sign,
    point and exponent, surrounding white space ignored, at most :data:`MAX_TEXT_LENGTH`
    characters) whose value is finite, below 10^18 in magnitude, with at most 45 decimal
    places. The value is kept as written (``"12.50"`` stays ``Decimal('12.50')``).

    ``field`` names the field in the error raised for a bad value.

    Raises:
        InvalidValueError: for anything else, naming ``field`` and the value;
            :class:`~itaproj.errors.AmountRangeError` when the number is out of range.

    Example:
        >>> to_decimal("14.5E6")
        Decimal('1.45E+7')
        >>> to_decimal("1E-99999", "value")
        Traceback (most recent call last):
        ...
        itaproj.errors.AmountRangeError: 'value' must be less than 10^18 in magnitude, with at most 45 decimal places (got '1E-99999')
    """
    if isinstance(value, Decimal):
        if value.is_finite() and value.adjusted() <= _MAX_ADJUSTED and _within_places(value):
            return value
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        if not -_MAX_INT < value < _MAX_INT:
            raise AmountRangeError(field, value, _RANGE)
        return Decimal(value)
    elif isinstance(value, str):
        if len(value) > MAX_TEXT_LENGTH:
            raise InvalidValueError(
                field, value, f"be a decimal number of at most {MAX_TEXT_LENGTH} characters"
            )
        text = value.strip()
        # Decimal() also reads "1_000" and other scripts' digits ("١٢"): not decimal text here.
        if not text.isascii() or "_" in text:
            raise InvalidValueError(field, value, "be a decimal number")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise InvalidValueError(field, value, "be a decimal number") from None
        if result.is_finite() and -1 <= result.adjusted() <= _MAX_ADJUSTED and len(text) <= MAX_PLACES:
            # At least 0.1 and written in at most 45 characters: at most 45 digits, so the last
            # one is not beyond 45 places. Most amounts take this way.
            return result
    elif isinstance(value, float):
        raise InvalidValueError(field, value, "be a Decimal, an int or a decimal string, not a float")
    else:
        raise InvalidValueError(field, value, "be a Decimal, an int or a decimal string")
    if not result.is_finite():
        raise InvalidValueError(field, value, "be a finite number")
    if not in_range(result):
        raise AmountRangeError(field, value, _RANGE)
    return result


def _held(value: Decimal, field: str, operation: str) -> Decimal:
    """An arithmetic result as held: rounded to 45 places if longer, in range, zero unsigned."""
    if not value.is_finite() or value.adjusted() > _MAX_ADJUSTED:
        if value.is_zero():  # 0 * 1E+50 is 0E+50: zero as held
            return Decimal(0)
        raise AmountRangeError(field, value, _RANGE, operation)
    if not _within_places(value):
        # 0E-30 * 1E-30 is 0E-60; 1/3 * 1/3 has 56 places: round to 45, half to even.
        value = _SUMS.quantize(value, _QUANTUM)
        if value.adjusted() > _MAX_ADJUSTED:  # 999...9.99...95 rounded up to 10^18
            raise AmountRangeError(field, value, _RANGE, operation)
    # -1 * 0 is -0, and -1E-50 rounds to -0E-45: zero has no sign here.
    return value.copy_abs() if value.is_zero() else value


def add(left: Decimal, right: Decimal, field: str = "amount", operation: str = "add") -> Decimal:
    """The exact sum of two held numbers.

    Raises:
        InvalidValueError: when an operand is not a finite ``Decimal`` or an ``int``.
        AmountRangeError: when the sum is 10^18 or more in magnitude.
    """
    return _held(_SUMS.add(_operand(left, field), _operand(right, field)), field, operation)


def subtract(left: Decimal, right: Decimal, field: str = "amount", operation: str = "subtract") -> Decimal:
    """The exact difference of two held numbers.

    Raises:
        InvalidValueError: when an operand is not a finite ``Decimal`` or an ``int``.
        AmountRangeError: when the difference is 10^18 or more in magnitude.
    """
    return _held(_SUMS.subtract(_operand(left, field), _operand(right, field)), field, operation)


def multiply(
    value: Decimal, factor: Decimal | int, field: str = "amount", operation: str = "multiply"
) -> Decimal:
    """``value * factor``: exact, then rounded half-even to 45 decimal places if it has more.

    Raises:
        InvalidValueError: when an operand is not a finite ``Decimal`` or an ``int``.
        AmountRangeError: when the product is 10^18 or more in magnitude.

    Example:
        >>> multiply(Decimal("100"), Decimal("1.10"))
        Decimal('110.00')
    """
    return _held(_PRODUCTS.multiply(_operand(value, field), _operand(factor, "factor")), field, operation)


def divide(
    value: Decimal, divisor: Decimal | int, field: str = "amount", operation: str = "divide"
) -> Decimal:
    """``value / divisor``: exact if held, else rounded half-even to 28 significant digits.

    Where 28 digits would go beyond 45 decimal places (below 10^-17) or round up to 10^18, the
    quotient is rounded half-even to 45 places instead.

    Raises:
        InvalidValueError: when ``divisor`` is zero, or an operand is not a finite ``Decimal``
            or an ``int``.
        AmountRangeError: when the quotient is 10^18 or more in magnitude.
    """
    return scale(value, 1, divisor, field, operation)


def scale(
    value: Decimal,
    multiplier: Decimal | int,
    divisor: Decimal | int,
    field: str = "amount",
    operation: str = "scale",
) -> Decimal:
    """``value * multiplier / divisor`` with one rounding, as :func:`divide` rounds a quotient.

    The product is not rounded nor range-checked on the way: EUR 9 * 10^17 * 12 / 48 is
    EUR 2.25 * 10^17, although 12 times the amount is out of range.

    Raises:
        InvalidValueError: when ``divisor`` is zero, or an operand is not a finite ``Decimal``
            or an ``int``.
        AmountRangeError: when the result is 10^18 or more in magnitude.

    Example:
        >>> scale(Decimal("14.5E6"), 12, 26) == Decimal(174_000_000) / Decimal(26)
        True
    """
    divisor = _operand(divisor, "divisor")
    if divisor.is_zero():
        raise InvalidValueError("divisor", divisor, "not be zero")
    product = _PRODUCTS.multiply(_operand(value, field), _operand(multiplier, "multiplier"))
    try:
        exact = _EXACT_QUOTIENTS.divide(product, divisor)
    except Inexact:
        pass
    else:
        if exact.adjusted() > _MAX_ADJUSTED or _within_places(exact):
            return _held(exact, field, operation)  # held as it is, or out of range
    quotient = _QUOTIENTS.divide(product, divisor)
    if quotient.adjusted() > _MAX_ADJUSTED or not _within_places(quotient):
        # Below 10^-17, fewer than 28 digits fit in 45 places; near 10^18, 28 digits may round
        # up to it: round the true quotient to 45 places (from 80 digits, ROUND_05UP), not the
        # 28-digit one a second time.
        quotient = _STICKY.divide(product, divisor)
    return _held(quotient, field, operation)


def ratio(numerator: Decimal | int, denominator: Decimal | int, multiplier: Decimal | int = 1) -> Decimal:
    """``numerator * multiplier / denominator`` as a plain number, to 28 significant digits.

    Unlike :func:`divide`, the result is not bound to the range of held numbers: a share, a
    relative change or a percentage of a tiny amount may be 10^60. The thread's decimal
    context plays no part.

    Raises:
        InvalidValueError: when ``denominator`` is zero, or an operand is not a finite
            ``Decimal`` or an ``int``.

    Example:
        >>> ratio(1, 3), ratio(3, 4, 100)
        (Decimal('0.3333333333333333333333333333'), Decimal('75'))
    """
    divisor = _operand(denominator, "denominator")
    if divisor.is_zero():
        raise InvalidValueError("denominator", denominator, "not be zero")
    product = _PRODUCTS.multiply(_operand(numerator, "numerator"), _operand(multiplier, "multiplier"))
    return _QUOTIENTS.divide(product, divisor)


def _operand(number: Decimal | int, field: str) -> Decimal:
    """An operand of the arithmetic here: a finite ``Decimal`` or an ``int`` (any size)."""
    if isinstance(number, Decimal):
        if not number.is_finite():
            raise InvalidValueError(field, number, "be a finite number")
        return number
    if isinstance(number, int) and not isinstance(number, bool):
        return Decimal(number)
    raise InvalidValueError(field, number, "be a Decimal or an int")


def to_qualifier(value: Qualifier | str, field: str = "qualifier") -> Qualifier:
    """A :class:`Qualifier`, given as itself or as its value (``"more_than"``, exactly).

    Example:
        >>> to_qualifier("more_than")
        <Qualifier.MORE_THAN: 'more_than'>
    """
    if isinstance(value, Qualifier):
        return value
    if isinstance(value, str):
        found = _QUALIFIERS.get(value)
        if found is not None:
            return found
    choices = ", ".join(repr(q.value) for q in Qualifier)
    raise InvalidValueError(field, value, f"be a Qualifier or one of {choices}")


_QUALIFIERS = {q.value: q for q in Qualifier}


def _to_measure_value(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, "value")


def _check_count(instance: Count, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "be an integer")
    if value < 0:
        raise InvalidValueError(attribute.name, value, "not be negative")
    if value >= _MAX_INT:
        raise AmountRangeError(attribute.name, value, "be less than 10^18")


@attrs.frozen
class Count:
    """A declared number of things, possibly a bound ("more than 300").

    Args:
        value: An ``int`` from 0 to 10^18 (excluded).
        qualifier: A :class:`Qualifier`, or its value (``"more_than"``).

    Example:
        >>> applied = Count(300, "more_than")
        >>> str(applied), applied.qualifier
        ('>300', <Qualifier.MORE_THAN: 'more_than'>)
    """

    value: int = attrs.field(validator=_check_count)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=to_qualifier)

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"

    @property
    def is_exact(self) -> bool:
        """True when the count is stated exactly."""
        return self.qualifier is Qualifier.EXACT


@attrs.frozen
class Measure:
    """A number with a qualifier, as observed for an indicator (baseline, target, actual).

    Args:
        value: A ``Decimal``, ``int`` or decimal string the library holds (:func:`to_decimal`).
        qualifier: A :class:`Qualifier`, or its value (``"more_than"``).

    Sums and differences are exact; out of range they raise
    :class:`~itaproj.errors.AmountRangeError`.

    Example:
        >>> Measure(12) - Measure(5)
        Measure(value=Decimal('7'), qualifier=<Qualifier.EXACT: 'exact'>)
    """

    value: Decimal = attrs.field(converter=_to_measure_value)
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=to_qualifier)

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"

    def __add__(self, other: Measure) -> Measure:
        if not isinstance(other, Measure):
            return NotImplemented
        qualifier = self.qualifier.combine(other.qualifier)
        return Measure(add(self.value, other.value, "value"), qualifier)

    def __sub__(self, other: Measure) -> Measure:
        if not isinstance(other, Measure):
            return NotImplemented
        qualifier = self.qualifier.combine(other.qualifier.flipped(), "subtract")
        return Measure(subtract(self.value, other.value, "value"), qualifier)


@cache
def unit_registry() -> pint.UnitRegistry[Any]:
    """The one pint registry of the library, built on first use.

    Besides pint's own units it knows counting units for the things indicators count
    (``person``, ``enterprise``, ``project``, ``community``, ``application``, ``document``,
    ``event``), all dimensionless so they convert to plain counts.
    """
    import pint

    registry: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=None)
    for name in ("person", "enterprise", "project", "community", "application", "document", "event"):
        registry.define(f"{name} = [] = {name}s")
    return registry


# One token of a unit expression: a name ("person", "km", "°C", "%"), a power with a literal
# exponent ("**2", "^-1", "** 0.5"), the number 1 (as in "1/person"), an operator or a parenthesis.
_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<name>[^\W\d][\w°]*|[°%][\w°]*)"
    r"|(?P<power>(?:\*\*|\^)\s*[-+]?[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<one>1(?![0-9.]))"
    r"|(?P<operator>[*/()]))"
)
_UNIT_SYNTAX = (
    "be a unit expression: names joined by '*', '/' and spaces, with numeric powers ('km/h', 'm**2')"
)


def _check_unit_text(text: object) -> str:
    """Refuse, in time linear in its length, unit text that pint could take long over."""
    if not isinstance(text, str):
        raise InvalidValueError("unit", text, "be a string")
    if len(text) > MAX_UNIT_LENGTH:
        raise InvalidValueError("unit", text, f"be a unit expression of at most {MAX_UNIT_LENGTH} characters")
    # pint evaluates numbers: "9**9**9**9" would never finish. Numbers may only be powers
    # (not raised again) or a lone 1, so no expression computes more than a product of powers.
    stripped, position, previous = text.strip(), 0, None
    while position < len(stripped):
        token = _UNIT_TOKEN.match(stripped, position)
        if token is None or (token.lastgroup == "power" and previous == "power"):
            raise InvalidValueError("unit", text, _UNIT_SYNTAX)
        previous, position = token.lastgroup, token.end()
    return text


def parse_unit(text: str) -> pint.Unit:
    """Parse a unit expression with the library's registry.

    The text is checked before pint sees it, in time linear in its length: at most
    :data:`MAX_UNIT_LENGTH` characters of unit names, ``*``, ``/``, spaces, parentheses and
    powers by a literal number (``m**2``, ``s^-1``), or the number 1 (``1/person``).

    Raises:
        InvalidValueError: if the text is not such an expression or pint does not know the unit.

    Example:
        >>> str(parse_unit("person")), str(parse_unit("km/h"))
        ('person', 'kilometer / hour')
    """
    return _parse_unit(_check_unit_text(text))


@lru_cache(maxsize=1024)
def _parse_unit(text: str) -> pint.Unit:
    try:
        return unit_registry().Unit(text)
    except Exception:
        # pint's parser fails in many ways on malformed text (AssertionError for "2 + ",
        # tokenize.TokenError for "person)", ZeroDivisionError for "1/0", TypeError...).
        raise InvalidValueError("unit", text, "be a unit known to pint") from None
