"""What a programme works on: sectors in a vocabulary, with the share each gets."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from itaproj.codelists import code_field, code_spec
from itaproj.extras import Extra
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_percentage, as_optional_text, check_text, checked

__all__ = ["SectorShare"]

#: The codelists of the SectorVocabulary codes IATI ships a list for.
_SECTOR_LISTS = {"1": "Sector", "2": "SectorCategory"}

if TYPE_CHECKING:

    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructor accepts, for type checkers; @checked converts (see itaproj.validation)
    _as_extras = None


@attrs.frozen
@checked
class SectorShare:
    """A sector (DAC 5-digit with vocabulary ``"1"``, 3-digit with ``"2"``) and its share in percent.

    Args:
        code: The sector's code in its vocabulary (``"11110"`` education policy).
        vocabulary: IATI SectorVocabulary code; ``"1"`` (OECD DAC 5-digit) is IATI's default,
            ``"98"`` and ``"99"`` are the publisher's own.
        percentage: Its share of the programme, when stated (a transaction's sector has none).
        name: Its name as the source gives it.
        vocabulary_uri: Where the vocabulary is published (IATI ``@vocabulary-uri``), for a
            vocabulary of the publisher's own.
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the sector
            (``"@{urn:x}note"``).

    Example:
        >>> SectorShare("11110").vocabulary
        '1'
        >>> own = SectorShare("WA", "99", name={"en": "Sanitation"},
        ...                   vocabulary_uri="https://example.org/sectors")
        >>> own.name.resolve("en")
        'Sanitation'
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary=_SECTOR_LISTS))
    vocabulary: str = code_field("SectorVocabulary", default="1")
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    vocabulary_uri: str | None = attrs.field(default=None, validator=check_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
