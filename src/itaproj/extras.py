"""Content the model has no field for, kept verbatim where it was found so nothing is lost."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from itaproj.validation import check_text, checked

__all__ = ["Extra", "ExtraFormat"]


class ExtraFormat(enum.StrEnum):
    """What an :class:`Extra` holds: JSON text (from JSON input) or one XML element or attribute value."""

    JSON = "json"
    XML = "xml"


if TYPE_CHECKING:

    def _as_format(value: ExtraFormat | str) -> ExtraFormat: ...

else:  # what the constructor accepts, for type checkers; @checked converts (see itaproj.validation)
    _as_format = None


@attrs.frozen
@checked
class Extra:
    """Input the model has no field for, kept verbatim so nothing is lost.

    Only content no schema defines is kept this way: unknown keys of a JSON document, elements
    and attributes of other namespaces in IATI XML (and IATI elements whose values the model
    cannot hold, reported when read). It never overrides a modelled value.

    Args:
        path: Where it was found, relative to its holder (``$.x_note``, ``usg:treasury-account[1]``,
            ``@{http://example.org/ns}code``).
        value: The raw text: JSON for JSON input, serialized XML (or an attribute's value) for XML.
        format: :class:`ExtraFormat` (or its value, ``"json"`` or ``"xml"``).

    Example:
        >>> Extra("$.x_note", '"kept"').format
        <ExtraFormat.JSON: 'json'>
        >>> Extra("@{urn:x}a", "1", "xml").format == "xml"
        True
    """

    path: str = attrs.field(validator=check_text)
    value: str
    format: ExtraFormat = attrs.field(default=ExtraFormat.JSON, converter=_as_format)
