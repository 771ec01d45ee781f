"""Figures that may be exact or only bounded: "19", "more than 100", "about 40".

Seeds state many figures as bounds ("more than 300 communities applied", "over KZT 7.8
billion"). A :class:`Qualifier` keeps that: arithmetic on bounded figures gives a bound,
never a false exact number, and combinations with no single bound raise
:class:`~itaproj.errors.BoundArithmeticError`.
"""

from __future__ import annotations

import enum
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.errors import BoundArithmeticError, InvalidValueError

if TYPE_CHECKING:
    import pint

__all__ = [
    "Count",
    "Measure",
    "Qualifier",
    "parse_unit",
    "to_decimal",
    "unit_registry",
]


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
    """Convert an exact number to ``Decimal``; floats are refused because they are not exact.

    ``field`` names the field in the error raised for a bad value.

    Example:
        >>> to_decimal("14.5E6")
        Decimal('1.45E+7')
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValueError(field, value, "be a decimal number") from None
    else:
        raise InvalidValueError(field, value, "be a Decimal, an int or a decimal string, not a float")
    if not result.is_finite():
        raise InvalidValueError(field, value, "be a finite number")
    return result


def _to_measure_value(value: Decimal | int | str) -> Decimal:
    return to_decimal(value, "value")


def _check_count(instance: Count, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidValueError(attribute.name, value, "be an integer")
    if value < 0:
        raise InvalidValueError(attribute.name, value, "not be negative")


@attrs.frozen
class Count:
    """A declared number of things, possibly a bound ("more than 300").

    Example:
        >>> applied = Count(300, Qualifier.MORE_THAN)
        >>> str(applied)
        '>300'
    """

    value: int = attrs.field(validator=_check_count)
    qualifier: Qualifier = Qualifier.EXACT

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"

    @property
    def is_exact(self) -> bool:
        """True when the count is stated exactly."""
        return self.qualifier is Qualifier.EXACT


@attrs.frozen
class Measure:
    """A number with a qualifier, as observed for an indicator (baseline, target, actual).

    Example:
        >>> Measure(12) - Measure(5)
        Measure(value=Decimal('7'), qualifier=<Qualifier.EXACT: 'exact'>)
    """

    value: Decimal = attrs.field(converter=_to_measure_value)
    qualifier: Qualifier = Qualifier.EXACT

    def __str__(self) -> str:
        return f"{self.qualifier.symbol}{self.value}"

    def __add__(self, other: Measure) -> Measure:
        if not isinstance(other, Measure):
            return NotImplemented
        return Measure(self.value + other.value, self.qualifier.combine(other.qualifier))

    def __sub__(self, other: Measure) -> Measure:
        if not isinstance(other, Measure):
            return NotImplemented
        qualifier = self.qualifier.combine(other.qualifier.flipped(), "subtract")
        return Measure(self.value - other.value, qualifier)


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


@cache
def parse_unit(text: str) -> pint.Unit:
    """Parse a unit expression with the library's registry.

    Raises:
        InvalidValueError: if pint does not know the unit.

    Example:
        >>> str(parse_unit("person"))
        'person'
    """
    try:
        return unit_registry().Unit(text)
    except Exception:
        # pint's parser fails in many ways on malformed text (AssertionError for "2 + ",
        # tokenize.TokenError for "person)", ZeroDivisionError for "1/0", TypeError...).
        raise InvalidValueError("unit", text, "be a unit known to pint") from None
