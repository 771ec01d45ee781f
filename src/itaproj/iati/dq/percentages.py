"""The Validator's sector, geography and percentage rules over the model.

From ``rules/iati/sectors.xslt``, ``geography.xslt`` and the named template
``percentage-checks`` (``rules/lib/percentages.xslt``) they call:

- The activity's sectors, grouped by vocabulary (``"1"`` when absent): several in a group must
  each have a percentage (2.1.1) and the percentages must add up to 100 within 0.0101 (2.1.2); a
  group of one sector has no percentage or 100 (2.1.4). A sector of the publisher's own
  vocabulary (98, 99), of the activity or of a transaction, has a narrative (2.2.1). An activity
  or transaction with sectors has one of vocabulary 1, OECD DAC (102.1.1, a warning).
- The activity's recipient countries when it has no region: the same three checks (3.1.1, 3.1.2,
  3.1.4); with regions, for each region vocabulary the countries and that vocabulary's regions
  together (3.4.1, 3.4.2, 3.4.4).
- Countries or regions stated for the activity are not also stated for transactions (3.6.2);
  without them the activity's transactions state them (3.7.1, a warning), and then all of them
  do (3.7.2).

Every hit of the percentage checks is on the activity (``""``), where the Validator's
``iati-activity`` template puts it; 2.2.1 is on the sector, 102.1.1 on the activity or the
transaction.

What the model cannot hold is not guessed at. An element the reader kept verbatim (an
:class:`~itaproj.extras.Extra` of the programme at ``sector[k]``, ``recipient-country[k]``,
``transaction[k]``: a percentage outside 0 to 100 or not a number, a vocabulary ``""``, a code
the lists refuse) is known to be there, not what it says: the checks whose outcome depends on it
yield nothing here. The percentage checks and 102.1.1 of the activity's sectors, when one was
kept verbatim, and those of its countries and regions, when one of them was, are checked on the
XML instead (:mod:`itaproj.iati.dq.structure`, with :func:`percentage_checks`), so each group
is checked in one place. The rules of single percentages (12.1.1, 12.1.2, 12.2.1, 12.2.2, 12.3.1, 12.3.2,
12.4.1) are not here: the model holds only percentages from 0 to 100, so they run on the XML
(:mod:`itaproj.iati.dq.values`). A sector whose narratives are all empty has no name in the
model: 2.2.1 counts it as having no narrative, where the Validator sees a ``narrative`` element.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.geo import CountryShare
    >>> from itaproj.sectors import SectorShare
    >>> programme = Programme(
    ...     "p", LocalizedText({"en": "Roads"}),
    ...     sectors=[SectorShare("21020", percentage=60), SectorShare("21030", percentage=30)],
    ...     recipient_countries=[CountryShare("UA", 50)])
    >>> for hit in percentage_rules(programme, DqContext()):
    ...     print(hit.rule, repr(hit.path), hit.detail)
    2.1.2 '' vocabulary 1: sum 90
    3.1.4 '' UA: 50
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

import attrs

from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.locate import taken_positions
from itaproj.programme import Programme

__all__ = ["Share", "percentage_checks", "percentage_rules"]

_HUNDRED = Decimal(100)
#: ``percentage-checks``: a sum further than this from 100 is wrong (``> 0.0101``, in doubles).
_TOLERANCE = 0.0101
#: Sector vocabularies of the reporting organisation's own (2.2.1).
_OWN_VOCABULARIES = frozenset({"98", "99"})


@attrs.frozen
class Share:
    """One member of a percentage group, as ``percentage-checks`` sees it.

    Args:
        code: Its ``@code``.
        percentage: Its ``@percentage``: the number when ``castable as xs:decimal``, the text
            when not (stated, but left out of the sum), ``None`` when not stated.
    """

    code: str | None
    percentage: Decimal | str | None


def _plain(value: Decimal) -> str:
    """A decimal as XPath writes one: plain notation, no trailing zeros after the point."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def percentage_checks(group: Sequence[Share], idclass: str, vocabulary: str | None) -> Iterator[Hit]:
    """The named template ``percentage-checks`` on one group (``vocabulary``: ``None`` for n/a).

    Each hit is on the activity (``""``), its detail the exact sum. Whether the sum is wrong is
    decided as Saxon decides it: ``sum()`` of untyped attributes adds them as ``xs:double``, one
    after the other, and so does this (``15.144 + 84.8661`` is ``100.0101`` in decimals, within
    the tolerance, and ``100.01010000000001`` in doubles, beyond it: the Validator reports it).

    Example:
        >>> group = [Share("A", Decimal("50")), Share("B", Decimal("50.5")), Share("C", "abc")]
        >>> [(hit.rule, hit.detail) for hit in percentage_checks(group, "2.1", "1")]
        [('2.1.2', 'vocabulary 1: sum 100.5')]
    """
    where = "" if vocabulary is None else f"vocabulary {vocabulary}: "
    if not group:
        return
    if len(group) == 1:
        (only,) = group
        if isinstance(only.percentage, Decimal) and only.percentage != _HUNDRED:
            yield Hit(f"{idclass}.4", "", f"{where}{only.code}: {_plain(only.percentage)}")
        return
    missing = [str(share.code) for share in group if share.percentage is None]
    if missing:
        yield Hit(f"{idclass}.1", "", f"{where}no percentage for {', '.join(missing)}")
        return
    numbers = [share.percentage for share in group if isinstance(share.percentage, Decimal)]
    total = 0.0
    for number in numbers:
        total += float(number)
    if abs(total - 100) > _TOLERANCE:
        yield Hit(f"{idclass}.2", "", f"{where}sum {_plain(sum(numbers, Decimal(0)))}")


def _sector_rules(programme: Programme, kept: dict[str, set[int]]) -> Iterator[Hit]:
    """2.1.x and 102.1.1 of the activity, 2.2.1 of its sectors."""
    sectors = programme.sectors
    unknown = bool(kept.get("sector"))
    if sectors and not unknown:
        groups: dict[str, list[Share]] = {}
        for sector in sectors:
            groups.setdefault(sector.vocabulary, []).append(Share(sector.code, sector.percentage))
        for vocabulary, group in groups.items():
            yield from percentage_checks(group, "2.1", vocabulary)
    for index, sector in enumerate(sectors):
        if sector.vocabulary in _OWN_VOCABULARIES and sector.name is None:
            yield Hit("2.2.1", f"sectors[{index}]", f"{sector.code} (vocabulary {sector.vocabulary})")
    if sectors and not unknown and all(sector.vocabulary != "1" for sector in sectors):
        yield Hit("102.1.1", "", _vocabularies(sector.vocabulary for sector in sectors))


def _vocabularies(found: Iterable[str]) -> str:
    return "vocabularies " + ", ".join(dict.fromkeys(found))


def _geography_rules(programme: Programme, kept: dict[str, set[int]]) -> Iterator[Hit]:
    """3.1.x and 3.4.x: the percentages of the activity's countries and regions."""
    if kept.get("recipient-country") or kept.get("recipient-region"):
        return
    countries = [Share(country.country, country.percentage) for country in programme.recipient_countries]
    if not programme.recipient_regions:
        yield from percentage_checks(countries, "3.1", None)
        return
    groups: dict[str, list[Share]] = {}
    for region in programme.recipient_regions:
        groups.setdefault(region.vocabulary, []).append(Share(region.code, region.percentage))
    for vocabulary, regions in groups.items():
        yield from percentage_checks([*countries, *regions], "3.4", vocabulary)


def _transaction_rules(programme: Programme, kept: dict[str, set[int]]) -> Iterator[Hit]:
    """102.1.1 and 2.2.1 of each transaction; 3.6.2, 3.7.1 and 3.7.2 of the activity."""
    placed = 0  # transactions with a country or region
    unplaced = 0
    for index, transaction in enumerate(programme.transactions):
        own = taken_positions(transaction.extras)
        for number, sector in enumerate(transaction.sectors):
            if sector.vocabulary in _OWN_VOCABULARIES and sector.name is None:
                yield Hit(
                    "2.2.1",
                    f"transactions[{index}].sectors[{number}]",
                    f"{sector.code} (vocabulary {sector.vocabulary})",
                )
        if (
            transaction.sectors
            and not own.get("sector")
            and all(sector.vocabulary != "1" for sector in transaction.sectors)
        ):
            yield Hit(
                "102.1.1",
                f"transactions[{index}]",
                _vocabularies(sector.vocabulary for sector in transaction.sectors),
            )
        geographic = (
            transaction.recipient_country is not None
            or transaction.recipient_region is not None
            or bool(own.get("recipient-country") or own.get("recipient-region"))
        )
        if geographic:
            placed += 1
        else:
            unplaced += 1
    unknown = len(kept.get("transaction", ()))  # kept verbatim: whether they state one is unknown
    stated = bool(
        programme.recipient_countries
        or programme.recipient_regions
        or kept.get("recipient-country")
        or kept.get("recipient-region")
    )
    if stated:
        if placed:
            yield Hit("3.6.2", "", f"{placed} of {placed + unplaced} transactions")
    elif not placed and not unknown:
        yield Hit("3.7.1", "", f"none of {unplaced} transactions" if unplaced else "no transactions")
    elif placed and unplaced:
        yield Hit("3.7.2", "", f"{unplaced} of {placed + unplaced} transactions without")


def percentage_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every hit of the sector, geography and percentage rules in ``programme``.

    No rule here depends on the file's IATI version (``context``): the version-dependent ones
    (12.x) concern percentages the model cannot hold (:mod:`itaproj.iati.dq.values`).

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> from itaproj.geo import RegionShare
        >>> from itaproj.sectors import SectorShare
        >>> programme = Programme("p", LocalizedText({"en": "Water"}),
        ...     sectors=[SectorShare("WA", "99")],
        ...     recipient_regions=[RegionShare("298", percentage=60), RegionShare("X", "99")])
        >>> [(hit.rule, hit.path) for hit in percentage_rules(programme, DqContext())]
        [('2.2.1', 'sectors[0]'), ('102.1.1', ''), ('3.4.4', '')]
    """
    kept = taken_positions(programme.extras)
    yield from _sector_rules(programme, kept)
    yield from _geography_rules(programme, kept)
    yield from _transaction_rules(programme, kept)
