"""The library's exceptions.

Every error raised on purpose by itaproj derives from :class:`ItaprojError`, and each
concrete error also derives from the builtin exception it refines (pint's pattern), so
``except ValueError`` keeps working for callers who do not know this library.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "BoundArithmeticError",
    "CurrencyMismatchError",
    "InvalidValueError",
    "ItaprojError",
    "LoadError",
    "LoadIssue",
    "MissingDependencyError",
    "UnknownCodelistError",
]


class ItaprojError(Exception):
    """Base class of every error raised by itaproj."""


class InvalidValueError(ItaprojError, ValueError):
    """A value that the model cannot hold, named with its field.

    Attributes:
        field: The name of the field (or argument) that got the value.
        value: The rejected value, as given.
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
        super().__init__(f"{field!r} must {reason} (got {value!r})")


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
        super().__init__(f"no codelist named {name!r}; known: {', '.join(sorted(known))}")


class MissingDependencyError(ItaprojError, ImportError):
    """An optional backend is not installed; the message says which extra brings it."""

    def __init__(self, module: str, extra: str, feature: str) -> None:
        self.module = module
        self.extra = extra
        super().__init__(
            f"{feature} needs {module}, which is not installed; "
            f"install it with: pip install 'itaproj[{extra}]'"
        )


@attrs.frozen
class LoadIssue:
    """One problem found while loading data, with the ``$``-path where it was found."""

    path: str
    message: str

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
