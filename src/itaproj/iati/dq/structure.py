"""The Validator's rules on the elements of an IATI activity the model does not hold, read from the XML.

The rules run on the model wherever it holds what they inspect (:mod:`~itaproj.iati.dq.results`,
:mod:`~itaproj.iati.dq.financial`, :mod:`~itaproj.iati.dq.information`). Two things it does not
hold, so the rules that inspect them read the parsed XML, the one place they still are:

- An element the reader kept verbatim (an :class:`~itaproj.extras.Extra` of the programme at
  ``result[2]``, with an ``iati.unmapped`` finding) because the model refuses something else in
  it: a ``result`` or ``indicator`` without a title, a ``transaction`` without a value, a
  ``budget`` whose value is empty. The Validator still checks such an element, so the same
  rules are checked here on its XML, and only on it (the model's rules see every other one):
  the value rules of its indicators' baselines, targets and actuals (8.8.x, 8.9.x, 8.10.x, in
  IATI 2.03), an indicator period ending before it starts (8.6.1), reference codes at both
  result and indicator (8.11.1) in a ``result``; the aid types of a ``transaction`` (107.2.1,
  107.2.2); the value date, length and order of a ``budget`` (7.5.2, 7.5.3, 8.6.3) and the order
  of a ``planned-disbursement`` (8.6.3). Where sectors are (6.6.2, 6.2.2, 6.7.2: at activity
  level, or for every transaction) is decided here for the whole activity as soon as one
  ``transaction`` was kept verbatim: the model's rule says nothing then.
- A baseline's, target's or actual's ``@value`` in exponent notation (``1e3``): the reader
  holds it as the number it is, so the model's rule cannot tell it is no ``xs:decimal``
  (8.8.2, 8.9.2, 8.10.2); it is checked here, in every result.
- An organisation with neither ``@ref`` nor a ``narrative`` in an element kept verbatim (6.10.1
  for a ``participating-org``, which the model refuses, so only here; 6.9.1 for the provider or
  receiver of a kept ``transaction`` or ``planned-disbursement``).
- The identifiers in an element kept verbatim (a ``participating-org`` without a valid
  ``@role``, a ``transaction`` without a value, a ``planned-disbursement``): an organisation's
  ``@ref`` and an activity's ``@activity-id``, ``@provider-activity-id`` or
  ``@receiver-activity-id`` (1.8, 1.9, 1.10, 1.4, 1.15, 1.5: the checks of
  :func:`~itaproj.iati.dq.identifiers.identifier_check`, as the model's rules run them), and the
  format of a ``document-link`` kept verbatim, or in a ``result`` kept verbatim (6.1.5: no
  ``@format``, or an empty one).
- An activity ``description`` without a ``narrative`` with text (4.4.1): the model's texts
  cannot be blank, so the reader keeps such a description verbatim, and the rule is checked
  here, on the descriptions kept.
- An empty ``other-identifier/owner-org`` (neither ``@ref`` nor a ``narrative``, 6.8.1): the
  model holds the owner's identifier and name, so "an owner without either" and "no owner"
  are the same to it. The rule is checked here only, on every ``owner-org``.
- The percentage sums of a group with a member kept verbatim (a ``sector`` of 102 % or
  ``"abc"``): the model does not know that member's percentage, so its rules say nothing of
  the group (:mod:`~itaproj.iati.dq.percentages`), and the checks of ``percentage-checks`` run
  here, on the XML: with a ``sector`` kept, on the activity's sectors by vocabulary (2.1.1,
  2.1.2, 2.1.4, and 102.1.1); with a ``recipient-country`` or ``recipient-region`` kept, on
  its countries and regions (3.1.x or 3.4.x). A ``sector`` kept verbatim is checked for a
  narrative here (2.2.1), and a ``policy-marker`` kept verbatim for a significance (6.14.1).
- A ``policy-marker``'s empty ``@significance`` (``significance=""``): the reader holds it
  as no significance, and the model's 6.14.1 ("must include a significance") would fire
  where the Validator, testing ``not(@significance)``, sees one (and reports its empty code,
  9.48.1). :meth:`ActivityXml.silenced` says which hits of the model's rules the XML proves
  do not apply, and :func:`~itaproj.iati.dq.run.check_iati` drops them; a catalogue, with no
  XML, keeps the model's rule.

The XML is read in two steps, because the reader takes a parsed file apart as it reads it:
:func:`structure_of` reads an ``iati-activity`` element just before it is read into a
programme, and :func:`structure_hits`, once the programme is read, gives the hits of what it
kept verbatim (a ``transaction``, ``budget`` or ``planned-disbursement`` is read only then, so
the cost is that of the results, which every 8.x.2 needs, and of the elements kept). Each hit
names its element by ``xml``, relative to the ``iati-activity``, where the Validator places its
feedback; its ``path`` is ``""`` (the programme: the model has no value there). Every test is
the XSLT's: an attribute compared as the string it is (``@measure='1'``; two ``@iso-date``
compared with ``gt`` are two strings), ``castable as xs:date`` and ``castable as xs:decimal`` as
Saxon decides them.

Example:
    >>> import io
    >>> from lxml import etree
    >>> from itaproj.iati import read
    >>> xml = b'''<iati-activities version="2.03"><iati-activity>
    ...   <iati-identifier>XM-1-A</iati-identifier><title><narrative>A</narrative></title>
    ...   <result type="1"><indicator measure="1"><baseline/></indicator></result>
    ... </iati-activity></iati-activities>'''
    >>> found = structure_of(etree.fromstring(xml)[0], "2.03")
    >>> programme = read(io.BytesIO(xml)).programmes[0]
    >>> [(hit.rule, hit.xml) for hit in structure_hits(programme, found)]
    [('8.8.1', 'result[1]/indicator[1]/baseline[1]')]
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from decimal import Decimal

import attrs

from itaproj.errors import InvalidValueError
from itaproj.iati._parse import etree
from itaproj.iati.dq.context import Hit
from itaproj.iati.dq.financial import one_year_after
from itaproj.iati.dq.identifiers import identifier_check
from itaproj.iati.dq.locate import xpath_of
from itaproj.iati.dq.percentages import Share, percentage_checks
from itaproj.iati.dq.results import is_xs_decimal
from itaproj.programme import Programme
from itaproj.quantity import Measure

__all__ = ["ActivityXml", "XmlHit", "XmlShare", "is_xs_date", "structure_hits", "structure_of"]

#: ``castable as xs:date``: an optional sign, a year of four digits or more (no leading zero
#: beyond four), month, day and an optional time zone, with XML white space around it.
_XS_DATE = re.compile(
    r"[ \t\r\n]*-?(?P<year>[1-9][0-9]{4,}|[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?P<zone>Z|[+-](?P<hours>[0-9]{2}):(?P<minutes>[0-9]{2}))?[ \t\r\n]*"
)
#: A top-level element the reader keeps verbatim: ``result[2]``.
_KEPT = re.compile(r"([^\[/@]+)\[(\d+)\]")
_NON_QUALITATIVE = ("1", "2", "3", "4")
#: The identifier classes of an organisation's ``@ref`` and of its activity's identifier, by
#: element (``identifiers.xslt``: ``participating-org/@ref``, ``provider-org/@ref`` ...).
_IDENTIFIERS = {
    "participating-org": (("ref", "1.8"), ("activity-id", "1.9")),
    "provider-org": (("ref", "1.10"), ("provider-activity-id", "1.4")),
    "receiver-org": (("ref", "1.15"), ("receiver-activity-id", "1.5")),
}
#: The elements of a result that may have document links, below a result or an indicator.
_DOCUMENTED = {"result": ("indicator",), "indicator": ("baseline", "period"), "period": ("target", "actual")}
#: The rule ids of a baseline, a target and an actual: (no value, not a number, qualitative).
_VALUE_RULES = {
    "baseline": ("8.8.1", "8.8.2", "8.8.3"),
    "target": ("8.9.1", "8.9.2", "8.9.3"),
    "actual": ("8.10.1", "8.10.2", "8.10.3"),
}


@attrs.frozen
class XmlHit:
    """A hit found in a ``result``'s XML, and when it counts.

    Args:
        hit: The hit, its element named by ``xml``.
        kept: The result it is in, as the reader names what it keeps verbatim
            (``"result[2]"``): the hit counts when the programme kept it verbatim (the model's
            rules see it otherwise); ``None``: always (a value the model cannot tell apart).
    """

    hit: Hit
    kept: str | None = None


@attrs.frozen
class XmlShare:
    """A ``sector``, ``recipient-country`` or ``recipient-region`` of the activity, as read.

    Args:
        tag: The element's name.
        vocabulary: Its ``@vocabulary`` (``None``: not stated).
        share: Its ``@code`` and ``@percentage``.
    """

    tag: str
    vocabulary: str | None
    share: Share


@attrs.frozen(eq=False)
class ActivityXml:
    """What these rules read of one ``iati-activity`` element (:func:`structure_of`).

    It holds the activity's ``transaction``, ``budget``, ``planned-disbursement``,
    ``participating-org`` and ``document-link`` elements (which the reader detaches, not
    destroys), checked only if the reader keeps them verbatim: drop it once
    :func:`structure_hits` has run.

    Args:
        version: The file's IATI version.
        always: Hits that count whatever the model holds (6.8.1).
        results: The hits in each ``result`` (and of each activity ``description``), and when they count.
        sector: Whether the activity has a ``sector`` element.
        elements: The ``transaction``, ``budget``, ``planned-disbursement``, ``participating-org``
            and ``document-link`` elements, by the name the reader gives what it keeps
            (``"budget[2]"``), in document order.
        shares: The activity's sectors, recipient countries and regions, in document order.
        inapplicable: By rule id, the elements (``"policy-marker[2]"``) where the XML proves
            the model's rule does not apply (:meth:`silenced`).
    """

    version: str
    always: tuple[Hit, ...]
    results: tuple[XmlHit, ...]
    sector: bool
    elements: dict[str, etree._Element]
    shares: tuple[XmlShare, ...] = ()
    inapplicable: Mapping[str, frozenset[str]] = attrs.field(factory=dict)

    def silenced(self, hit: Hit, taken: Mapping[str, Collection[int]]) -> bool:
        """Whether the XML proves that ``hit``, of a rule on the model, does not apply.

        The one case: 6.14.1 on a ``policy-marker`` that has a ``@significance`` the model
        holds as none (``significance=""``).

        Args:
            hit: A hit of the model's rules, at a model path.
            taken: The positions of the elements the programme kept verbatim
                (:func:`~itaproj.iati.dq.locate.taken_positions`), which the model's items skip.

        Example:
            >>> found = ActivityXml("2.03", (), (), False, {},
            ...                     inapplicable={"6.14.1": frozenset({"policy-marker[2]"})})
            >>> found.silenced(Hit("6.14.1", "themes[1]"), {})
            True
            >>> found.silenced(Hit("6.14.1", "themes[0]"), {})
            False
            >>> found.silenced(Hit("6.14.1", "themes[0]"), {"policy-marker": {0}})  # [1] kept
            True
        """
        where = self.inapplicable.get(hit.rule)
        if not where or hit.xml is not None:
            return False
        return xpath_of(hit.path, "", taken=taken).removeprefix("/") in where


#: The rule of an organisation with neither ``@ref`` nor a ``narrative`` (``information.xslt``).
_UNNAMED = {"participating-org": "6.10.1", "provider-org": "6.9.1", "receiver-org": "6.9.1"}


def _identifier_hits(element: etree._Element, at: str) -> Iterator[Hit]:
    """1.8.x/1.9.x, 1.10.x/1.4.x or 1.15.x/1.5.x on the identifiers of an organisation at ``at``.

    And 6.10.1 (a ``participating-org``) or 6.9.1 (a ``provider-org`` or ``receiver-org``) on an
    organisation with neither ``@ref`` nor a ``narrative`` element (an empty one counts), which
    the model cannot hold: the reader keeps such a ``participating-org`` verbatim.
    """
    if element.get("ref") is None and not _children(element, "narrative"):
        yield Hit(_UNNAMED[str(element.tag)], "", "no @ref, no narrative", at)
    for attribute, idclass in _IDENTIFIERS[str(element.tag)]:
        item = element.get(attribute)
        if item is not None:
            for hit in identifier_check(item, idclass, ""):
                yield attrs.evolve(hit, xml=f"{at}/@{attribute}")


def _format_hits(element: etree._Element, at: str) -> Iterator[Hit]:
    """6.1.5 on each ``document-link`` in ``element`` at ``at``, and below it in a result."""
    positions: dict[str, int] = {}
    for child in element:
        tag = str(child.tag)
        if tag == "document-link" or tag in _DOCUMENTED.get(str(element.tag), ()):
            position = positions[tag] = positions.get(tag, 0) + 1
            where = f"{at}/{tag}[{position}]"
            if tag != "document-link":
                yield from _format_hits(child, where)
            elif not child.get("format"):
                yield Hit("6.1.5", "", "no @format", where)


def is_xs_date(text: str | None) -> bool:
    """Whether ``text`` is ``castable as xs:date`` as Saxon decides it (``None``, no attribute, is not).

    Years count from 0000 (1 BC, a leap year, as in XML Schema 1.1).

    Example:
        >>> is_xs_date(" 2020-02-29 "), is_xs_date("2021-02-29"), is_xs_date("2020-01-01+14:00")
        (True, False, True)
    """
    if text is None:
        return False
    if _plain_day(text) is not None:
        return True
    match = _XS_DATE.fullmatch(text)
    if match is None:
        return False
    year = -int(match["year"]) if text.strip().startswith("-") else int(match["year"])
    month, day = int(match["month"]), int(match["day"])
    if not 1 <= month <= 12:
        return False
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = 29 if month == 2 and leap else calendar.monthrange(2001, month)[1]
    if not 1 <= day <= days:
        return False
    if match["zone"] in (None, "Z"):
        return True
    # Saxon takes any minutes with 14 hours (XML Schema would not)
    return int(match["hours"]) <= 14 and int(match["minutes"]) < 60


def _plain_day(text: str) -> dt.date | None:
    """The day of a plain ``yyyy-mm-dd`` (years 1-9999, the common case), else ``None``."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _period(element: etree._Element) -> tuple[str, str] | None:
    """``period-start/@iso-date`` and ``period-end/@iso-date`` when each is one ``xs:date``."""
    starts: list[str] = []
    ends: list[str] = []
    for child in element:
        if child.tag == "period-start" or child.tag == "period-end":
            date = child.get("iso-date")
            if date is not None:
                (starts if child.tag == "period-start" else ends).append(date)
    if len(starts) != 1 or len(ends) != 1 or not is_xs_date(starts[0]) or not is_xs_date(ends[0]):
        return None
    return starts[0], ends[0]


def _day(text: str) -> tuple[dt.date, str | None] | None:
    """The day and time zone of an ``xs:date`` text, ``None`` past the model's years (1-9999)."""
    plain = _plain_day(text)
    if plain is not None:
        return plain, None
    match = _XS_DATE.fullmatch(text)
    if match is None or text.strip().startswith("-") or not 1 <= int(match["year"]) <= 9999:
        return None
    return dt.date(int(match["year"]), int(match["month"]), int(match["day"])), match["zone"]


def _ends_before_start(period: tuple[str, str] | None) -> str | None:
    """``start/end`` when ``period-start/@iso-date gt period-end/@iso-date`` (8.6.1, 8.6.3).

    Both are untyped attributes, so XPath compares them as strings (by code point).
    """
    if period is None or not period[0] > period[1]:
        return None
    return f"{period[0]}/{period[1]}"


def _longer_than_a_year(period: tuple[str, str] | None) -> str | None:
    """``start/end`` when the end is after the start plus ``P1Y`` (7.5.3).

    Days in one time zone (or none) are compared as days; others are not compared.
    """
    if period is None:
        return None
    first, last = _day(period[0]), _day(period[1])
    if first is None or last is None or first[1] != last[1]:
        return None
    later = one_year_after(first[0])
    return f"{period[0]}/{period[1]}" if later is not None and later < last[0] else None


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if child.tag == name]


def _read_as_number(value: str) -> bool:
    """Whether the reader holds ``value`` as a number (a :class:`~itaproj.quantity.Measure`)."""
    try:
        Measure(value)
    except (InvalidValueError, ArithmeticError):
        return False
    return True


def _value_hits(element: etree._Element, measure: str | None, where: str, at: str) -> Iterator[XmlHit]:
    """8.8.x, 8.9.x or 8.10.x on a ``baseline``, ``target`` or ``actual`` (IATI 2.03).

    A value in exponent notation (``1e3``) is no ``xs:decimal``, but the reader holds it as
    the number it is, as the model's rule cannot tell: its 8.x.2 counts in any result.
    """
    missing, not_number, qualitative = _VALUE_RULES[str(element.tag)]
    value = element.get("value")
    if measure in _NON_QUALITATIVE:
        if value is None:
            yield XmlHit(Hit(missing, "", "no @value", where), at)
        elif not is_xs_decimal(value):
            hit = Hit(not_number, "", repr(value), f"{where}/@value")
            yield XmlHit(hit, None if _read_as_number(value) else at)
    elif measure == "5" and value is not None:
        yield XmlHit(Hit(qualitative, "", repr(value), f"{where}/@value"), at)


def _result_hits(result: etree._Element, at: str, version: str) -> Iterator[XmlHit]:
    """The rules of ``results.xslt`` in a ``result`` element at ``at``."""
    coded = bool(_children(result, "reference"))
    for i, indicator in enumerate(_children(result, "indicator"), 1):
        where = f"{at}/indicator[{i}]"
        measure = indicator.get("measure")
        if version == "2.03":
            for b, baseline in enumerate(_children(indicator, "baseline"), 1):
                yield from _value_hits(baseline, measure, f"{where}/baseline[{b}]", at)
        for p, period in enumerate(_children(indicator, "period"), 1):
            interval = _ends_before_start(_period(period))
            if interval is not None:
                yield XmlHit(Hit("8.6.1", "", interval, f"{where}/period[{p}]"), at)
            if version == "2.03":
                for tag in ("target", "actual"):
                    for n, observed in enumerate(_children(period, tag), 1):
                        yield from _value_hits(observed, measure, f"{where}/period[{p}]/{tag}[{n}]", at)
        if coded and _children(indicator, "reference"):
            yield XmlHit(Hit("8.11.1", "", "reference at result and indicator", where), at)
    for hit in _format_hits(result, at):
        yield XmlHit(hit, at)


def _aid_type_hits(transaction: etree._Element, at: str) -> Iterator[Hit]:
    """107.2.1 and 107.2.2 on a ``transaction`` with aid types."""
    vocabularies = [aid_type.get("vocabulary") for aid_type in _children(transaction, "aid-type")]
    if not vocabularies:
        return
    stated = [vocabulary for vocabulary in vocabularies if vocabulary is not None]
    # not(aid-type/@vocabulary=('1','') or not(aid-type/@vocabulary))
    if stated and not any(vocabulary in ("1", "") for vocabulary in stated):
        yield Hit("107.2.1", "", ", ".join(stated), at)
    dac = sum(1 for vocabulary in vocabularies if vocabulary in (None, "1", ""))
    repeated = sorted({vocabulary for vocabulary in stated if stated.count(vocabulary) > 1})
    if dac > 1 or repeated:
        yield Hit("107.2.2", "", ", ".join(f"vocabulary {v!r}" for v in repeated) or "vocabulary 1", at)


def _budget_hits(budget: etree._Element, at: str) -> Iterator[Hit]:
    """7.5.2, 7.5.3 and 8.6.3 on a ``budget``."""
    if not any(value.get("value-date") is not None for value in _children(budget, "value")):
        yield Hit("7.5.2", "", "no value/@value-date", at)
    period = _period(budget)
    longer = _longer_than_a_year(period)
    if longer is not None:
        yield Hit("7.5.3", "", longer, at)
    interval = _ends_before_start(period)
    if interval is not None:
        yield Hit("8.6.3", "", interval, at)


def _sector_hits(found: ActivityXml) -> Iterator[Hit]:
    """6.6.2, 6.2.2, 6.7.2: sectors for the activity or for every transaction, not both."""
    transactions = [element for at, element in found.elements.items() if at.startswith("transaction[")]
    with_sector = sum(1 for transaction in transactions if _children(transaction, "sector"))
    if found.sector:
        if with_sector:
            yield Hit("6.6.2", "", f"{with_sector} transaction(s) with sectors", "")
    elif not with_sector:
        yield Hit("6.2.2", "", "no sector", "")
    elif with_sector < len(transactions):
        yield Hit("6.7.2", "", f"{len(transactions) - with_sector} transaction(s) without a sector", "")


def _owner_hits(other: etree._Element, at: str) -> Iterator[Hit]:
    """6.8.1: an ``other-identifier``'s ``owner-org`` has an ``@ref`` or a ``narrative``."""
    for n, owner in enumerate(_children(other, "owner-org"), 1):
        if owner.get("ref") is None and not _children(owner, "narrative"):
            yield Hit("6.8.1", "", "no @ref, no narrative", f"{at}/owner-org[{n}]")


#: The elements of the activity's percentage groups.
_SHARES = frozenset({"sector", "recipient-country", "recipient-region"})


def _percentage(element: etree._Element) -> Decimal | str | None:
    """An element's ``@percentage`` as ``percentage-checks`` sees it (:class:`Share`)."""
    text = element.get("percentage")
    if text is None or not is_xs_decimal(text):
        return text
    return Decimal(text.strip(" \t\r\n"))


def _grouped(shares: Iterable[XmlShare]) -> dict[str, list[Share]]:
    """``for-each-group ... group-by="(@vocabulary, '1')[1]"``: by vocabulary, in order of appearance."""
    groups: dict[str, list[Share]] = {}
    for item in shares:
        groups.setdefault("1" if item.vocabulary is None else item.vocabulary, []).append(item.share)
    return groups


def _share_hits(found: ActivityXml, kept: Collection[str]) -> Iterator[Hit]:
    """``percentage-checks`` (and 102.1.1) of each group with a member kept verbatim, on the activity.

    ``sectors.xslt``: the sectors by vocabulary (2.1.x), and one of vocabulary 1, ``""`` or
    none (102.1.1); ``geography.xslt``: the countries when there is no region (3.1.x), else
    the countries with the regions of each vocabulary (3.4.x).
    """
    hits: list[Hit] = []
    if any(at.startswith("sector[") for at in kept):
        sectors = [item for item in found.shares if item.tag == "sector"]
        for vocabulary, group in _grouped(sectors).items():
            hits.extend(percentage_checks(group, "2.1", vocabulary))
        if sectors and not any(item.vocabulary in (None, "1", "") for item in sectors):
            hits.append(Hit("102.1.1", "", "vocabularies " + ", ".join(_grouped(sectors))))
    if any(at.startswith(("recipient-country[", "recipient-region[")) for at in kept):
        countries = [item.share for item in found.shares if item.tag == "recipient-country"]
        regions = _grouped(item for item in found.shares if item.tag == "recipient-region")
        if not regions:
            hits.extend(percentage_checks(countries, "3.1", None))
        for vocabulary, group in regions.items():
            hits.extend(percentage_checks([*countries, *group], "3.4", vocabulary))
    for hit in hits:
        yield attrs.evolve(hit, xml="")


_ELEMENTS = frozenset({"transaction", "budget", "planned-disbursement", "participating-org", "document-link"})


def _narrated(element: etree._Element) -> bool:
    """Whether ``element`` has a ``narrative`` with text (``functx:trim(.)!=''``)."""
    return any(
        "".join(str(text) for text in narrative.itertext()).strip(" \t\r\n")
        for narrative in _children(element, "narrative")
    )


def structure_of(activity: etree._Element, version: str) -> ActivityXml:
    """What these rules read of an ``iati-activity`` element of a file of IATI ``version``.

    Read it just before the reader reads (and takes apart) the element; :func:`structure_hits`
    then gives the hits that count for the programme read from it. Only the results and the
    owners of other identifiers are read now; transactions, budgets, planned
    disbursements, participating organisations and document links are read if the reader
    keeps them verbatim.
    """
    always: list[Hit] = []
    results: list[XmlHit] = []
    elements: dict[str, etree._Element] = {}
    shares: list[XmlShare] = []
    significant: set[str] = set()
    positions: dict[str, int] = {}
    for child in activity:
        tag = child.tag
        if tag in _SHARES:
            vocabulary = child.get("vocabulary")
            shares.append(XmlShare(str(tag), vocabulary, Share(child.get("code"), _percentage(child))))
            if tag == "sector":
                position = positions[tag] = positions.get(tag, 0) + 1
                if vocabulary in ("98", "99") and not _children(child, "narrative"):  # for a sector kept
                    at = f"sector[{position}]"
                    results.append(
                        XmlHit(Hit("2.2.1", "", f"{child.get('code')} (vocabulary {vocabulary})", at), at)
                    )
        elif tag == "policy-marker":
            position = positions[tag] = positions.get(tag, 0) + 1
            at = f"{tag}[{position}]"
            if child.get("significance") is not None:
                significant.add(at)
            elif child.get("vocabulary") in (None, "1"):  # for a marker kept verbatim
                results.append(XmlHit(Hit("6.14.1", "", "no @significance", at), kept=at))
        elif tag in _ELEMENTS or tag in ("result", "other-identifier", "description"):
            position = positions[tag] = positions.get(tag, 0) + 1
            at = f"{tag}[{position}]"
            if tag == "description":
                if not _narrated(child):
                    results.append(XmlHit(Hit("4.4.1", "", "no narrative with text", at), kept=at))
            elif tag == "result":
                results.extend(_result_hits(child, at, version))
            elif tag == "other-identifier":
                always.extend(_owner_hits(child, at))
            else:
                elements[at] = child
    sector = any(share.tag == "sector" for share in shares)
    inapplicable = {"6.14.1": frozenset(significant)}
    return ActivityXml(version, tuple(always), tuple(results), sector, elements, tuple(shares), inapplicable)


def _flow_identifier_hits(flow: etree._Element, at: str) -> Iterator[Hit]:
    """The identifier rules of a ``transaction``'s or ``planned-disbursement``'s provider and receiver."""
    for tag in ("provider-org", "receiver-org"):
        parties = _children(flow, tag)
        for n, party in enumerate(parties, 1):
            # one at most in the schema: named as the model's rules name it, without a position
            yield from _identifier_hits(party, f"{at}/{tag}" if len(parties) == 1 else f"{at}/{tag}[{n}]")


def _element_hits(at: str, element: etree._Element) -> Iterable[Hit]:
    """The rules of an element kept verbatim at ``at`` (a ``transaction``, ``budget`` ...)."""
    if element.tag == "participating-org":
        return _identifier_hits(element, at)
    if element.tag == "document-link":
        return () if element.get("format") else (Hit("6.1.5", "", "no @format", at),)
    if element.tag == "transaction":
        return itertools.chain(_aid_type_hits(element, at), _flow_identifier_hits(element, at))
    if element.tag == "budget":
        return _budget_hits(element, at)
    interval = _ends_before_start(_period(element))
    hits = () if interval is None else (Hit("8.6.3", "", interval, at),)
    return itertools.chain(hits, _flow_identifier_hits(element, at))


def structure_hits(programme: Programme, found: ActivityXml) -> Iterator[Hit]:
    """The hits of ``found`` (:func:`structure_of`) that count for ``programme``, read from that element."""
    kept = [extra.path for extra in programme.extras if _KEPT.fullmatch(extra.path)]
    yield from found.always
    for item in found.results:
        if item.kept is None or item.kept in kept:
            yield item.hit
    if any(path.startswith("transaction[") for path in kept):
        yield from _sector_hits(found)
    yield from _share_hits(found, kept)
    for at in kept:
        element = found.elements.get(at)
        if element is not None:
            yield from _element_hits(at, element)
