"""Organisations and the roles they play in a programme; named people; contacts."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.geo import is_country_code
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_strings, as_text, as_texts, check_key, checked

__all__ = ["Contact", "Organisation", "Participant", "Person", "Role"]


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
    #: The IATI identifier of the organisation's own activity for this programme, if stated.
    activity_id: str | None = None
    #: The OECD DAC CRS channel code of the organisation (IATI ``@crs-channel-code``).
    crs_channel_code: str | None = code_field("CRSChannelCode")


@attrs.frozen
@checked
class Person:
    """A named person in a source, with their position and organisation when stated."""

    name: LocalizedText = attrs.field(converter=as_text)
    position: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    organisation: Organisation | None = None


if TYPE_CHECKING:

    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_extras = None


@attrs.frozen
@checked
class Contact:
    """Whom to ask about a programme, and how to reach them (IATI ``contact-info``).

    Every part is optional; telephones, e-mail and web addresses are kept as printed (the
    model neither normalises nor checks them).

    Args:
        type: IATI ContactType (``"1"`` general enquiries, ``"2"`` project management,
            ``"3"`` financial management, ``"4"`` communications).
        organisation: The organisation's name.
        department: The department within it.
        person_name: The person to contact.
        job_title: Their job title.
        telephones: Telephone numbers.
        emails: E-mail addresses.
        websites: Web addresses.
        mailing_addresses: Postal addresses, each a text.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> c = Contact("1", organisation={"en": "EU Delegation to Ukraine"},
        ...             emails=["delegation-ukraine@eeas.europa.eu"])
        >>> c.emails
        ('delegation-ukraine@eeas.europa.eu',)
    """

    type: str | None = code_field("ContactType")
    organisation: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    department: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    person_name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    job_title: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    telephones: tuple[str, ...] = attrs.field(default=(), converter=as_strings)
    emails: tuple[str, ...] = attrs.field(default=(), converter=as_strings)
    websites: tuple[str, ...] = attrs.field(default=(), converter=as_strings)
    mailing_addresses: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
