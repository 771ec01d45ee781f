"""Where a programme works: recipient countries and regions, sites, and locations of beneficiaries."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field, code_spec
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.quantity import to_decimal
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_percentage, as_optional_text, checked

__all__ = [
    "WGS84",
    "AdministrativeArea",
    "CountryShare",
    "Location",
    "PlaceId",
    "Point",
    "RegionShare",
    "Site",
    "is_country_code",
    "is_subdivision_code",
]

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


if TYPE_CHECKING:

    def _as_share_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_share_extras = None


@attrs.frozen
@checked
class CountryShare:
    """A recipient country, with the share of the programme it gets when stated.

    Args:
        country: ISO 3166-1 alpha-2 code.
        percentage: Its share of the programme, when stated (a transaction's country has none).
        name: Its name as the source gives it (IATI ``recipient-country/narrative``).
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the country.

    Example:
        >>> CountryShare("UA").percentage is None
        True
        >>> CountryShare("AM", 60, name={"en": "Armenia"}).name.resolve("en")
        'Armenia'
    """

    country: str = attrs.field(**code_spec("Country", validator=_check_country))
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_share_extras)


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValueError(attribute.name, value, "be a non-empty string or None")


@attrs.frozen
@checked
class RegionShare:
    """A recipient region (IATI Region vocabulary ``"1"`` is OECD DAC; ``"99"`` your own).

    Args:
        code: The region's code in its vocabulary (``"298"`` Africa, regional).
        vocabulary: IATI RegionVocabulary code; ``"1"`` (OECD DAC) is IATI's default.
        percentage: Its share of the programme, when stated (a transaction's region has none).
        name: Its name as the source gives it.
        vocabulary_uri: Where the vocabulary is published (IATI ``@vocabulary-uri``), for a
            vocabulary of the publisher's own.
        extras: Content in the source that the IATI schema does not define, kept verbatim.

    Example:
        >>> RegionShare("298", percentage=40).vocabulary
        '1'
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary={"1": "Region"}))
    vocabulary: str = code_field("RegionVocabulary", default="1")
    percentage: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    vocabulary_uri: str | None = attrs.field(default=None, validator=_check_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_share_extras)


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


# --- sites: the places a programme works at, as IATI describes them -----------------------------

#: The spatial reference system of IATI points: WGS 84 latitude and longitude in degrees.
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"


def _to_coordinate(value: Decimal | int | str | None, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None:
        return None
    return to_decimal(value, field.name)


if TYPE_CHECKING:

    def _as_coordinate(value: Decimal | int | str | None) -> Decimal | None: ...
    def _as_areas(value: Iterable[AdministrativeArea]) -> tuple[AdministrativeArea, ...]: ...
    def _as_place_ids(value: Iterable[PlaceId]) -> tuple[PlaceId, ...]: ...
    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_coordinate = attrs.Converter(_to_coordinate, takes_field=True)
    _as_areas = _as_place_ids = _as_extras = None


@attrs.frozen
@checked
class Point:
    """A position: latitude and longitude in degrees, exact decimals as the source writes them.

    Args:
        latitude: Degrees north (negative: south); from -90 to 90 in :data:`WGS84`.
        longitude: Degrees east (negative: west); from -180 to 180 in :data:`WGS84`.
        srs_name: The spatial reference system (IATI ``point/@srsName``); IATI uses :data:`WGS84`.

    A point some sources give without coordinates (IATI requires them) has both ``None``; the
    IATI reader reports it (``iati.lenient.point-without-pos``).

    Example:
        >>> kyiv = Point("50.4501", "30.5234")
        >>> kyiv.latitude, kyiv.srs_name == WGS84
        (Decimal('50.4501'), True)
        >>> Point("95", "30")
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'latitude' must be from -90 to 90 degrees in WGS 84 (got Decimal('95'))
    """

    latitude: Decimal | None = attrs.field(default=None, converter=_as_coordinate)
    longitude: Decimal | None = attrs.field(default=None, converter=_as_coordinate)
    srs_name: str = WGS84

    def __attrs_post_init__(self) -> None:
        if (self.latitude is None) != (self.longitude is None):
            missing = "latitude" if self.latitude is None else "longitude"
            raise InvalidValueError(missing, None, "be given with the other coordinate")
        if self.srs_name == WGS84 and self.latitude is not None and self.longitude is not None:
            if not -90 <= self.latitude <= 90:
                raise InvalidValueError("latitude", self.latitude, "be from -90 to 90 degrees in WGS 84")
            if not -180 <= self.longitude <= 180:
                raise InvalidValueError("longitude", self.longitude, "be from -180 to 180 degrees in WGS 84")


def _check_level(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(attribute.name, value, "be a non-negative integer or None")


@attrs.frozen
@checked
class AdministrativeArea:
    """An administrative area a site lies in, by its code in a geographic vocabulary.

    Args:
        code: The area's code in ``vocabulary`` (with ``"A4"``, an ISO 3166-1 alpha-2 country).
        vocabulary: IATI GeographicVocabulary code (``"A1"`` GAUL, ``"A4"`` ISO country,
            ``"G1"`` GeoNames...).
        level: The administrative level (0 a country, 1 its first-level divisions...), if stated.

    Example:
        >>> AdministrativeArea("UA", "A4", level=0).level
        0
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary={"A4": "Country"}))
    vocabulary: str = attrs.field(**code_spec("GeographicVocabulary"))
    level: int | None = attrs.field(default=None, validator=_check_level)


@attrs.frozen
@checked
class PlaceId:
    """A place's identifier in a gazetteer or boundary set (IATI ``location-id``).

    Example:
        >>> PlaceId("703448", "G1").vocabulary  # GeoNames: Kyiv
        'G1'
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary={"A4": "Country"}))
    vocabulary: str = attrs.field(**code_spec("GeographicVocabulary"))


@attrs.frozen
@checked
class Site:
    """A place a programme works at, or where its intended beneficiaries are (IATI ``location``).

    A site says *where* in every way a source may: a name and descriptions, a point, the
    administrative areas and gazetteer entries it belongs to, and how exact all that is. The
    ITA :class:`Location` (country, ISO 3166-2 subdivision, national code) is what a site's
    administrative codes give, when they give one: :attr:`location`. The codes are the fact
    stored; the location is read from them, so the two never disagree.

    Args:
        name: The site's name.
        description: What the site is.
        activity_description: What the programme does there.
        point: Its position.
        administrative: The administrative areas it lies in.
        identifiers: Its identifiers in gazetteers (GeoNames, OpenStreetMap...).
        ref: The publisher's own reference for it.
        reach: IATI GeographicLocationReach: ``"1"`` the activity happens there, ``"2"`` the
            intended beneficiaries are there.
        exactness: IATI GeographicExactness: ``"1"`` exact, ``"2"`` approximate.
        location_class: IATI GeographicLocationClass (``"1"`` administrative region,
            ``"2"`` populated place, ``"3"`` structure, ``"4"`` other topographical feature).
        feature_designation: IATI LocationType (GeoNames feature codes: ``"PPLC"`` capital).
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> site = Site(name={"en": "Kyiv"}, point=Point("50.4501", "30.5234"),
        ...             administrative=[AdministrativeArea("UA", "A4", level=0)],
        ...             feature_designation="PPLC")
        >>> site.location
        Location(country='UA', subdivision=None, code=None)
    """

    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    activity_description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    point: Point | None = None
    administrative: tuple[AdministrativeArea, ...] = attrs.field(default=(), converter=_as_areas)
    identifiers: tuple[PlaceId, ...] = attrs.field(default=(), converter=_as_place_ids)
    ref: str | None = None
    reach: str | None = code_field("GeographicLocationReach")
    exactness: str | None = code_field("GeographicExactness")
    location_class: str | None = code_field("GeographicLocationClass")
    feature_designation: str | None = code_field("LocationType")
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    @property
    def location(self) -> Location | None:
        """The ITA place the administrative codes give: the country of the first ISO 3166-1 code.

        ``None`` when no administrative code is an ISO 3166-1 alpha-2 country (vocabulary ``"A4"``).
        """
        for area in self.administrative:
            if area.vocabulary == "A4" and is_country_code(area.code):
                return Location(area.code)
        return None
