"""Field validators shared by the model classes.

Each raises :class:`~itaproj.errors.InvalidValueError` naming the field and the bad value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs

from itaproj.errors import InvalidValueError

__all__ = ["check_key", "check_percentage", "check_text", "check_tuple"]

_KEY = re.compile(r"\S+")


def check_tuple(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Collections in the model are tuples, so every object stays immutable and hashable."""
    if type(value) is not tuple:
        raise InvalidValueError(attribute.name, value, "be a tuple")


def check_key(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Keys are non-empty strings without white space."""
    if not isinstance(value, str) or _KEY.fullmatch(value) is None:
        raise InvalidValueError(attribute.name, value, "be a non-empty string without spaces")


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-empty string (or ``None`` for optional fields, those whose default is ``None``)."""
    if value is None and attribute.default is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "be a non-empty string")


def check_percentage(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """``None`` or a ``Decimal`` from 0 to 100."""
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite() or not 0 <= value <= 100:
        raise InvalidValueError(attribute.name, value, "be a Decimal percentage from 0 to 100")
