"""Organisations and the roles they play in a programme; named people."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field
from itaproj.errors import InvalidValueError
from itaproj.geo import is_country_code
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_text, check_key, checked

__all__ = ["Organisation", "Participant", "Person", "Role"]


class Role(enum.Enum):
    """What an organisation does in a programme.

    The first four are IATI's OrganisationRole codes 1-4; the last two are the legal roles
    of Ukrainian ITA law (Cabinet of Ministers Resolution No. 153): the *recipient* that
    receives the aid and the *beneficiary* public body interested in its results.
    """

    FUNDING = "funding"
    ACCOUNTABLE = "accountable"
    EXTENDING = "extending"
    IMPLEMENTING = "implementing"
    RECIPIENT = "recipient"
    BENEFICIARY = "beneficiary"

    @property
    def iati_code(self) -> str | None:
        """The IATI OrganisationRole code, or ``None`` for the legal roles IATI lacks."""
        return _IATI_CODES.get(self)

    @classmethod
    def from_iati_code(cls, code: str) -> Role:
        """The role for an IATI OrganisationRole code (``"1"`` -> ``Role.FUNDING``)."""
        for role, role_code in _IATI_CODES.items():
            if role_code == code:
                return role
        raise InvalidValueError("role", code, "be an IATI OrganisationRole code 1-4")


_IATI_CODES = {
    Role.FUNDING: "1",
    Role.ACCOUNTABLE: "2",
    Role.EXTENDING: "3",
    Role.IMPLEMENTING: "4",
}


if TYPE_CHECKING:

    def _as_role(value: Role | str) -> Role: ...

else:
    _as_role = None


def _check_optional_country(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_country_code(value):
        raise InvalidValueError(attribute.name, value, "be an ISO 3166-1 alpha-2 code such as 'CA'")


@attrs.frozen
@checked
class Organisation:
    """An organisation, known to the catalogue by ``key`` and to IATI by ``ref`` when it has one.

    Args:
        key: A local identifier, unique in a catalogue (``"eu"``, ``"fcm"``).
        name: Its name in one or more languages.
        ref: Its IATI organisation identifier (``"CA-3"``) when known for certain.
        type: IATI OrganisationType code (``"10"`` government, ``"40"`` multilateral...).
        country: ISO 3166-1 alpha-2 code of the country it is based in.
        acronym: A short name, if it has one.

    Example:
        >>> gac = Organisation("gac", LocalizedText({"en": "Global Affairs Canada"}), ref="CA-3")
        >>> gac.ref
        'CA-3'
    """

    key: str = attrs.field(validator=check_key)
    name: LocalizedText = attrs.field(converter=as_text)
    ref: str | None = None
    type: str | None = code_field("OrganisationType")
    country: str | None = code_field("Country", validator=_check_optional_country)
    acronym: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class Participant:
    """An organisation in one role in a programme, with an optional note ("consortium lead").

    Example:
        >>> gac = Organisation("gac", {"en": "Global Affairs Canada"})
        >>> Participant(gac, "funding").role
        <Role.FUNDING: 'funding'>

    """

    organisation: Organisation
    role: Role = attrs.field(converter=_as_role)
    note: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class Person:
    """A named person in a source, with their position and organisation when stated."""

    name: LocalizedText = attrs.field(converter=as_text)
    position: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    organisation: Organisation | None = None
