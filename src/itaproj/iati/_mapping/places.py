"""Activity dates and status, recipient countries and regions, sectors and policy markers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.findings import Severity
from itaproj.geo import CountryShare, RegionShare
from itaproj.period import Period
from itaproj.programme import (
    DateKind,
    KeyDate,
    SectorShare,
    Status,
)
from itaproj.themes import CrossCuttingTheme

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.core import (
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _put,
    day_text,
    narrative_nodes,
    narratives,
    read_date,
    read_decimal,
)
from itaproj.iati._mapping.kept import _NARRATIVES, _SHARE, _given, _narrated, _placed, _rest, _scoped_write

# --- dates, status, places, sectors, themes -------------------------------------------------

_DATE_KINDS = {kind.iati_code: kind for kind in DateKind if kind.iati_code is not None}


def read_key_date(element: etree._Element, ctx: ReadContext) -> KeyDate:
    """``activity-date`` -> :class:`~itaproj.programme.KeyDate`."""
    kind = _DATE_KINDS.get(element.get("type", ""))
    if kind is None:
        raise InvalidValueError("activity-date/@type", element.get("type"), "be an ActivityDateType code 1-4")
    date = read_date(element, "iso-date", ctx)
    if date is None:
        raise InvalidValueError("activity-date/@iso-date", None, "be given")
    return KeyDate(kind, date, narratives(element, ctx))


def write_key_date(date: KeyDate, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.KeyDate` -> ``activity-date``."""
    if date.kind.iati_code is None:
        raise Unmapped(
            f"a date of kind {date.kind.value!r} has no IATI activity-date type "
            "(IATI has planned and actual start and end)",
            rule="date-kind",
            path=".kind",
        )
    attributes = {"iso-date": day_text(date.date, ".date"), "type": date.kind.iati_code}
    return ("activity-date", attributes, None, narrative_nodes(date.note, ctx))


def period_from_dates(dates: Iterable[KeyDate]) -> Period | None:
    """The programme period IATI dates give: actual start/end where stated, else planned."""
    found = {date.kind: date.date for date in dates}
    start = found.get(DateKind.ACTUAL_START) or found.get(DateKind.PLANNED_START)
    end = found.get(DateKind.ACTUAL_END) or found.get(DateKind.PLANNED_END)
    if start is None and end is None:
        return None
    return Period(start, end)


def read_status(element: etree._Element, ctx: ReadContext) -> Status:
    """``activity-status`` -> :class:`~itaproj.programme.Status`."""
    return Status.from_iati_code(element.get("code", ""))


def write_status(status: Status, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.Status` -> ``activity-status``."""
    return ("activity-status", {"code": status.iati_code}, None, [])


def _country(element: etree._Element, ctx: ReadContext, shares: bool) -> CountryShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE["recipient-country", shares], _NARRATIVES, "", extras)
    return CountryShare(
        element.get("code", ""),
        read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        extras=tuple(extras),
    )


def _country_node(share: CountryShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.country}
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("recipient-country", attributes, None, name), share.extras)


def read_country(element: etree._Element, ctx: ReadContext) -> CountryShare:
    """``recipient-country`` -> :class:`~itaproj.geo.CountryShare`."""
    return _country(element, ctx, shares=True)


def write_country(share: CountryShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.CountryShare` -> ``recipient-country``."""
    return _country_node(share, ctx)


def _region(element: etree._Element, ctx: ReadContext, shares: bool) -> RegionShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE[element.tag, shares], _NARRATIVES, "", extras)
    return RegionShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        vocabulary_uri=_given(element, "vocabulary-uri"),
        extras=tuple(extras),
    )


def _region_node(share: RegionShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.code}
    if share.vocabulary != "1":  # IATI's default, left implicit
        attributes["vocabulary"] = share.vocabulary
    _put(attributes, "vocabulary-uri", share.vocabulary_uri)
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("recipient-region", attributes, None, name), share.extras)


def read_region(element: etree._Element, ctx: ReadContext) -> RegionShare:
    """``recipient-region`` -> :class:`~itaproj.geo.RegionShare`."""
    return _region(element, ctx, shares=True)


def write_region(share: RegionShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.RegionShare` -> ``recipient-region`` (vocabulary 1 left implicit)."""
    return _region_node(share, ctx)


def _sector(element: etree._Element, ctx: ReadContext, shares: bool) -> SectorShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE[element.tag, shares], _NARRATIVES, "", extras)
    return SectorShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        vocabulary_uri=_given(element, "vocabulary-uri"),
        extras=tuple(extras),
    )


def _sector_node(share: SectorShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.code, "vocabulary": share.vocabulary}
    _put(attributes, "vocabulary-uri", share.vocabulary_uri)
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("sector", attributes, None, name), share.extras)


def read_sector(element: etree._Element, ctx: ReadContext) -> SectorShare:
    """``sector`` -> :class:`~itaproj.sectors.SectorShare`."""
    return _sector(element, ctx, shares=True)


def write_sector(share: SectorShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.sectors.SectorShare` -> ``sector``."""
    return _sector_node(share, ctx)


def read_theme(element: etree._Element, ctx: ReadContext) -> CrossCuttingTheme:
    """``policy-marker`` -> :class:`~itaproj.themes.CrossCuttingTheme`.

    A marker without a narrative has no title (its label is the name of its code).
    """
    code = element.get("code")
    vocabulary = element.get("vocabulary", "1")
    title = narratives(element, ctx)
    significance = element.get("significance")
    if significance is not None and not significance.strip():
        # An empty attribute states nothing: read as not stated, and said so. (The IATI
        # Validator reports it as a code not in the list, 9.48.1, which itaproj's codelist
        # rules read from the XML too.)
        ctx.report(
            "iati.lenient.empty-significance",
            Severity.WARNING,
            f"significance {significance!r} states no code; read as not stated",
            element,
        )
        significance = None
    if significance is not None and not significance.isdigit():
        raise InvalidValueError("significance", significance, "be a PolicySignificance code")
    return CrossCuttingTheme(
        title,
        code=code,
        vocabulary=vocabulary,
        significance=None if significance is None else int(significance),
        vocabulary_uri=element.get("vocabulary-uri"),
    )


def write_theme(theme: CrossCuttingTheme, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.CrossCuttingTheme` -> ``policy-marker``, its title as narratives."""
    attributes = {"vocabulary": theme.vocabulary}
    _put(attributes, "vocabulary-uri", theme.vocabulary_uri)
    _put(attributes, "code", theme.code)
    _put(attributes, "significance", theme.significance)
    return (
        "policy-marker",
        attributes,
        None,
        [] if theme.title is None else narrative_nodes(theme.title, ctx),
    )
