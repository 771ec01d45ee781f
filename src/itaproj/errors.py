"""The library's exceptions.

Every error raised on purpose by itaproj derives from :class:`ItaprojError`, and each
concrete error also derives from the builtin exception it refines (pint's pattern), so
``except ValueError`` keeps working for callers who do not know this library.

Every error pickles (so it crosses process pools) whatever its constructor takes: it comes
back as the same class, with the same message and attributes.

Example:
    >>> import pickle
    >>> err = pickle.loads(pickle.dumps(InvalidValueError("currency", "eur", "be an ISO 4217 code")))
    >>> type(err).__name__, err.field, err.value, str(err)
    ('InvalidValueError', 'currency', 'eur', "'currency' must be an ISO 4217 code (got 'eur')")
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import datetime as dt
    from enum import Enum

__all__ = [
    "AmountRangeError",
    "BoundArithmeticError",
    "CurrencyMismatchError",
    "InvalidValueError",
    "ItaprojError",
    "LoadError",
    "LoadIssue",
    "MissingDependencyError",
    "MissingRateError",
    "UnknownCodelistError",
]


def _restore(cls: type[ItaprojError], args: tuple[Any, ...], state: dict[str, Any]) -> ItaprojError:
    """Rebuild a pickled error without calling its ``__init__`` (whose arguments are not kept)."""
    error = cls.__new__(cls)
    # Sets args; ImportError also keeps its message in a slot of its own (msg).
    (ImportError if isinstance(error, ImportError) else BaseException).__init__(error, *args)
    error.__dict__.update(state)
    return error


def _picklable(value: object) -> object:
    try:
        pickle.dumps(value)
    except Exception:  # any failure to pickle: a lambda, a socket, a recursion...
        return repr(value)
    return value


def _show(value: object) -> str:
    """``repr(value)`` for a message, cut short: a rejected value may be megabytes long."""
    if isinstance(value, str) and len(value) > _SHOWN:  # without copying all of it in repr()
        return f"{repr(value[: _SHOWN - 40])[:-1]}... ({len(value)} characters)"
    try:
        text = repr(value)
    except Exception:  # an int of more than 4,300 digits, a broken __repr__...
        size = f" of {value.bit_length()} bits" if isinstance(value, int) else ""
        text = f"<{type(value).__name__}{size}>"
    if len(text) > _SHOWN:
        text = f"{text[: _SHOWN - 40]}... ({len(text)} characters)"
    return text


_SHOWN = 200


class ItaprojError(Exception):
    """Base class of every error raised by itaproj.

    Errors pickle whatever their constructor takes: :meth:`__reduce__` rebuilds the error from
    its class, its ``args`` (so the same message) and its attributes, without calling
    ``__init__``. An attribute that cannot be pickled itself (an ``InvalidValueError`` about a
    lambda, say) comes back as its ``repr()``.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        state = {name: _picklable(value) for name, value in self.__dict__.items()}
        return (_restore, (type(self), self.args, state))


class InvalidValueError(ItaprojError, ValueError):
    """A value that the model cannot hold, named with its field.

    Attributes:
        field: The name of the field (or argument) that got the value.
        value: The rejected value, as given (the message shows its ``repr``, cut to 200
            characters).
        reason: Why it was rejected, phrased to follow "must ...".

    Example:
        >>> err = InvalidValueError("currency", "eur", "be an ISO 4217 code")
        >>> str(err)
        "'currency' must be an ISO 4217 code (got 'eur')"
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field!r} must {reason} (got {_show(value)})")


class AmountRangeError(InvalidValueError, ArithmeticError):
    """A number outside the range the library holds, given or computed.

    Amounts, indicator values, rates and counts are below 10^18 in magnitude and have
    at most 45 decimal places (:func:`itaproj.quantity.to_decimal`). Given such a number, the
    error is raised at construction; when a sum, a product or a quotient falls outside, it is
    raised by the arithmetic and ``operation`` names it (``"add"``, ``"multiply"``...). It is
    a ``ValueError`` (a value refused) and an ``ArithmeticError`` (an overflow) alike.

    Attributes:
        operation: The arithmetic that gave the number, or ``None`` when it was given.

    Example:
        >>> from decimal import Decimal
        >>> str(AmountRangeError("amount", Decimal("1.5E+18"), "be less than 10^18 in magnitude", "add"))
        "'amount' must be less than 10^18 in magnitude (got Decimal('1.5E+18') from add)"
    """

    def __init__(self, field: str, value: object, reason: str, operation: str | None = None) -> None:
        super().__init__(field, value, reason)
        self.operation = operation
        if operation is not None:
            self.args = (f"{field!r} must {reason} (got {_show(value)} from {operation})",)


class CurrencyMismatchError(ItaprojError, TypeError):
    """Arithmetic or comparison between amounts in different currencies.

    Convert one side explicitly with an :class:`~itaproj.money.ExchangeRate` first.
    """

    def __init__(self, left: str, right: str, operation: str) -> None:
        self.left = left
        self.right = right
        self.operation = operation
        super().__init__(f"cannot {operation} {left} and {right} amounts without an exchange rate")


class BoundArithmeticError(ItaprojError, ArithmeticError):
    """Arithmetic whose result is not a single bound ("more than 5" minus "more than 3")."""

    def __init__(self, left: object, right: object, operation: str) -> None:
        self.left = left
        self.right = right
        self.operation = operation
        super().__init__(f"cannot {operation} {left!r} and {right!r}: the result is unbounded")


class UnknownCodelistError(ItaprojError, LookupError):
    """A codelist name that the package does not ship."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.value = name
        self.known = tuple(sorted(known))
        super().__init__(f"no codelist named {name!r}; known: {', '.join(self.known)}")


class MissingDependencyError(ItaprojError, ImportError):
    """An optional backend is not installed; the message says which extra brings it."""

    def __init__(self, module: str, extra: str, feature: str) -> None:
        self.module = module
        self.extra = extra
        self.feature = feature
        super().__init__(
            f"{feature} needs {module}, which is not installed; "
            f"install it with: pip install 'itaproj[{extra}]'"
        )


class MissingRateError(ItaprojError, LookupError):
    """No exchange rate for a currency pair on a day under a policy: an error, never a zero.

    Raised by the rate providers of :mod:`itaproj.rates` when none of the rates they hold
    answers (directly, inverted, or through their triangulation currency).

    Attributes:
        source: The ISO 4217 code converted from.
        target: The ISO 4217 code converted to.
        date: The day asked about, a ``datetime.date``.
        policy: The :class:`~itaproj.rates.RatePolicy` (or its value) the look-up followed.
        provider: The label of the provider (or providers) asked.
        reason: What the policy looked for and did not find ("none from 2024-02-23 to
            2024-03-01"); may be empty.

    Example:
        >>> import datetime as dt
        >>> err = MissingRateError(
        ...     "UAH", "EUR", dt.date(2024, 3, 1), "previous", "NBU", "none from 2024-02-23 to 2024-03-01"
        ... )
        >>> str(err)
        'no UAH->EUR rate on 2024-03-01 (policy previous: none from 2024-02-23 to 2024-03-01) in NBU'
    """

    def __init__(
        self,
        source: str,
        target: str,
        date: dt.date,
        policy: Enum | str,  # a RatePolicy: errors sit below the modules that raise them
        provider: str,
        reason: str = "",
    ) -> None:
        self.source = source
        self.target = target
        self.date = date
        self.policy = policy
        self.provider = provider
        self.reason = reason
        name = getattr(policy, "value", policy)
        detail = f": {reason}" if reason else ""
        day = date.isoformat() if hasattr(date, "isoformat") else _show(date)
        super().__init__(f"no {source}->{target} rate on {day} (policy {name}{detail}) in {provider}")


def _check_str(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, value, "be a string")


@attrs.frozen
class LoadIssue:
    """One problem found while loading data, with the ``$``-path where it was found."""

    path: str = attrs.field(validator=_check_str)
    message: str = attrs.field(validator=_check_str)

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


class LoadError(ItaprojError, ValueError):
    """Data that could not be loaded; lists every problem found, not just the first.

    Attributes:
        issues: Each problem with its ``$``-path.
    """

    def __init__(self, issues: Iterable[LoadIssue], source: str = "input") -> None:
        self.issues = tuple(issues)
        self.source = source
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        count = len(self.issues)
        noun = "error" if count == 1 else "errors"
        super().__init__(f"{count} {noun} loading {source}:\n{lines}")
