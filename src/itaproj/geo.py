"""Where a programme works: recipient countries and regions, and locations of beneficiaries."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import attrs

from itaproj.codelists import code_field, code_spec
from itaproj.errors import InvalidValueError
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_percentage, as_optional_text, checked

__all__ = ["CountryShare", "Location", "RegionShare", "is_country_code", "is_subdivision_code"]

_COUNTRY = re.compile(r"[A-Z]{2}")
_SUBDIVISION = re.compile(r"([A-Z]{2})-[A-Z0-9]{1,3}")


def is_country_code(code: object) -> bool:
    """Tell whether ``code`` has the form of an ISO 3166-1 alpha-2 code (``"UA"``).

    The Country list is open, so a well-formed code that the list lacks is accepted.
    """
    return isinstance(code, str) and _COUNTRY.fullmatch(code) is not None


def is_subdivision_code(code: object) -> bool:
    """Tell whether ``code`` has the form of an ISO 3166-2 code (``"UA-32"``, ``"KZ-MAN"``)."""
    return isinstance(code, str) and _SUBDIVISION.fullmatch(code) is not None


def _check_country(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.default is None:
        return
    if not is_country_code(value):
        raise InvalidValueError(attribute.name, value, "be an ISO 3166-1 alpha-2 code such as 'UA'")


def _check_subdivision(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_subdivision_code(value):
        raise InvalidValueError(attribute.name, value, "be an ISO 3166-2 code such as 'UA-32'")


@attrs.frozen
class CountryShare:
    """A recipient country, with the share of the programme it gets when stated.

    Example:
        >>> CountryShare("UA").percentage is None
        True
    """

    country: str = attrs.field(**code_spec("Country", validator=_check_country))
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)


@attrs.frozen
@checked
class RegionShare:
    """A recipient region (IATI Region vocabulary ``"1"`` is OECD DAC; ``"99"`` your own)."""

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary={"1": "Region"}))
    vocabulary: str = code_field("RegionVocabulary", default="1")
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class Location:
    """A place by its administrative codes: a country and, when known, an ISO 3166-2 subdivision.

    Args:
        country: ISO 3166-1 alpha-2 code.
        subdivision: ISO 3166-2 code of the first-level division (oblast, region), if known.
        code: A national code for a smaller unit (e.g. Ukraine's KATOTTG), if known.

    Example:
        >>> Location("UA", "UA-32").subdivision
        'UA-32'
    """

    country: str = attrs.field(**code_spec("Country", validator=_check_country))
    subdivision: str | None = attrs.field(default=None, validator=_check_subdivision)
    code: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.subdivision is not None and not self.subdivision.startswith(self.country + "-"):
            raise InvalidValueError("subdivision", self.subdivision, f"belong to country {self.country!r}")
