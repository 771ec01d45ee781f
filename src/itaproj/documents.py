"""Documents and web pages a programme (or one of its results) links to."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field
from itaproj.extras import Extra
from itaproj.period import PartialDate, as_optional_partial_date
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, check_text, checked, to_tuple

__all__ = ["DocumentLink"]


def _convert_codes(value: Any, field: attrs.Attribute[Any]) -> tuple[str, ...]:
    return to_tuple(value, field.name, str)


if TYPE_CHECKING:

    def _as_codes(value: Iterable[str]) -> tuple[str, ...]: ...
    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructor accepts, for type checkers; @checked converts the extras
    _as_codes = attrs.Converter(_convert_codes, takes_field=True)  # a code field has a validator
    _as_extras = None


@attrs.frozen
@checked
class DocumentLink:
    """A source document or web page (IATI ``document-link``).

    The URL is kept exactly as printed, even when malformed: :func:`itaproj.checks.check`
    reports malformed URLs; the model does not repair them.

    Args:
        url: Where the document is.
        title: Its title.
        categories: What kind of document it is: IATI DocumentCategory codes (``"A01"``
            pre- and post-project impact appraisal, ``"A12"`` activity web page...). IATI
            requires at least one.
        languages: The languages it is written in (ISO 639-1 codes, IATI Language).
        format: Its media type (IATI FileFormat: ``"application/pdf"``, ``"text/html"``).
        description: What it says.
        date: When it was published (IATI ``document-date``).
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the link.

    Example:
        >>> doc = DocumentLink("https://example.org/report.pdf", {"en": "Annual report"},
        ...                    categories=["B01"], languages=["en", "fr"],
        ...                    format="application/pdf", date="2023-06-30")
        >>> doc.languages, str(doc.date)
        (('en', 'fr'), '2023-06-30')
    """

    url: str = attrs.field(validator=check_text)
    title: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    categories: tuple[str, ...] = code_field("DocumentCategory", default=(), converter=_as_codes)
    languages: tuple[str, ...] = code_field("Language", default=(), converter=_as_codes)
    format: str | None = code_field("FileFormat")
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    date: PartialDate | None = attrs.field(default=None, converter=as_optional_partial_date)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    @property
    def category(self) -> str | None:
        """The first of :attr:`categories`, or ``None``."""
        return self.categories[0] if self.categories else None

    @property
    def language(self) -> str | None:
        """The first of :attr:`languages`, or ``None``."""
        return self.languages[0] if self.languages else None
