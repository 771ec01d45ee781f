"""The Validator's rules of organisation files that run on the XML, not on the model.

An organisation record holds a budget (or an expenditure) only when it has a value with a
currency, and a ``recipient-org-budget`` (``-region-``, ``-country-``) only with its recipient;
a ``reporting-org`` only with a name. What the model refuses, the reader keeps verbatim
(``iati.unmapped``), yet the Validator checks it. So these rules read the parsed
``iati-organisation`` element, each at the XPath of the element it names (relative to the
``iati-organisation``, in :attr:`~itaproj.iati.dq.context.Hit.xml`):

- on the XML only, as the model never holds what they inspect whole: a ``value`` without
  ``@currency`` in a record without ``@default-currency`` (7.8.1; the Validator's test of an
  empty currency reads a ``currency`` child that never exists, so only a missing
  ``@currency`` counts); a budget's or expenditure's period longer than a year (7.5.3) or
  starting after it ends (8.6.3: the two ``@iso-date`` compared as strings, as XPath compares
  untyped attributes), checked in every budget element; the identifier of a ``recipient-org``
  (1.17.x), which the model holds only inside a complete budget;
- on the XML where the model could not hold the element: the record's
  ``organisation-identifier`` (1.12.x), ``reporting-org`` (1.7.2, 1.18.x) and
  ``recipient-country-budget`` lines' value dates (11.3.1) are checked on the model
  (:mod:`itaproj.iati.dq.identifiers`, :mod:`itaproj.iati.dq.dates`) when the reader typed the
  element, and here when it kept it verbatim (the record's extras name the element's place,
  ``reporting-org[1]``; their XML is not parsed again): each element is checked once.

Dates are compared where they are ``castable as xs:date`` (``YYYY-MM-DD``, an optional time
zone, white space around trimmed).

Example:
    >>> from lxml import etree
    >>> from itaproj.organisation_file import OrganisationRecord
    >>> element = etree.fromstring(b'''<iati-organisation><total-budget>
    ...   <period-start iso-date="2015-01-01"/><period-end iso-date="2014-12-31"/>
    ...   <value>5</value></total-budget></iati-organisation>''')
    >>> for hit in organisation_value_rules(element, OrganisationRecord(), DqContext()):
    ...     print(hit.rule, hit.xml, hit.detail)
    7.8.1 total-budget[1]/value[1] no @currency, no @default-currency
    8.6.3 total-budget[1] 2015-01-01/2014-12-31
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from lxml import etree

from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.financial import one_year_after
from itaproj.iati.dq.identifiers import identifier_check
from itaproj.organisation_file import OrganisationRecord

__all__ = ["organisation_value_rules", "xs_date"]

#: The elements of an organisation file with a period (7.5.3 and 8.6.3 apply to each).
_PERIODS = (
    "total-budget",
    "recipient-org-budget",
    "recipient-region-budget",
    "recipient-country-budget",
    "total-expenditure",
)
#: ``xs:date``'s lexical form (after XPath's white space is trimmed).
_XS_DATE = re.compile(r"(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-]\d{2}:\d{2})?")
_SPACE = " \t\n\r"


def xs_date(text: str | None) -> dt.datetime | None:
    """The first instant of ``text`` as an ``xs:date``, or ``None`` when it is not castable.

    A date without a time zone is taken in the machine's time zone, as XPath takes it in its
    implicit one; a year Python cannot hold (before 1, after 9999) counts as not castable.

    Example:
        >>> xs_date(" 2014-01-01 ").date(), xs_date("2014-02-30"), xs_date("2014-01-01T00:00:00")
        (datetime.date(2014, 1, 1), None, None)
        >>> xs_date("2014-01-01+01:00").isoformat()
        '2014-01-01T00:00:00+01:00'
    """
    if text is None:
        return None
    match = _XS_DATE.fullmatch(text.strip(_SPACE))
    if match is None:
        return None
    try:
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    zone = match.group(4)
    if zone is None:
        return dt.datetime.combine(day, dt.time()).astimezone()
    if zone == "Z":
        return dt.datetime.combine(day, dt.time(), dt.UTC)
    sign = -1 if zone[0] == "-" else 1
    offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
    if offset > dt.timedelta(hours=14):
        return None
    return dt.datetime.combine(day, dt.time(), dt.timezone(sign * offset))


def _xpath(element: etree._Element, top: etree._Element) -> str:
    """``element``'s XPath below ``top``, each step with its position among same-named siblings."""
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and node is not top:
        position = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"{node.tag}[{position}]")
        node = node.getparent()
    return "/".join(reversed(steps))


def _one_date(element: etree._Element, child: str) -> tuple[str, dt.datetime] | None:
    """``child/@iso-date`` of ``element`` when there is exactly one and it is an ``xs:date``."""
    dates = [text for node in element.iterchildren(child) if (text := node.get("iso-date")) is not None]
    if len(dates) != 1:
        return None
    day = xs_date(dates[0])
    return None if day is None else (dates[0], day)


def _currencies(element: etree._Element) -> Iterator[Hit]:
    """7.8.1: each ``value`` without ``@currency`` when the record has no default currency."""
    if element.get("default-currency"):
        return
    for value in element.iter("value"):
        if value.get("currency") is None:
            yield Hit("7.8.1", "", "no @currency, no @default-currency", _xpath(value, element))


def _periods(element: etree._Element) -> Iterator[Hit]:
    """7.5.3 and 8.6.3 on every budget and expenditure of the record."""
    for budget in element.iter(*_PERIODS):
        start, end = _one_date(budget, "period-start"), _one_date(budget, "period-end")
        if start is None or end is None:
            continue
        where, interval = _xpath(budget, element), f"{start[0]}/{end[0]}"
        later = one_year_after(start[1].date())
        if later is not None and dt.datetime.combine(later, dt.time(), start[1].tzinfo) < end[1]:
            yield Hit("7.5.3", "", interval, where)
        if start[0] > end[0]:
            yield Hit("8.6.3", "", interval, where)


def _line_dates(budget: etree._Element, top: etree._Element) -> Iterator[Hit]:
    """11.3.1 on the lines of a ``recipient-country-budget``."""
    start, end = _one_date(budget, "period-start"), _one_date(budget, "period-end")
    if start is None or end is None:
        return
    for line in budget.iterchildren("budget-line"):
        for value in line.iterchildren("value"):
            day = xs_date(value.get("value-date"))
            if day is not None and not start[1] <= day <= end[1]:
                detail = f"{value.get('value-date')} not in {start[0]}/{end[0]}"
                yield Hit("11.3.1", "", detail, _xpath(value, top))


def _kept(record: OrganisationRecord) -> frozenset[str]:
    """The places (``reporting-org[1]``) of the record's children the reader kept verbatim."""
    return frozenset(extra.path for extra in record.extras if "/" not in extra.path and "[" in extra.path)


def organisation_value_rules(
    element: etree._Element, record: OrganisationRecord, context: DqContext
) -> Iterator[Hit]:
    """The hits of these rules in one ``iati-organisation`` ``element``, read as ``record``.

    ``record`` is what the reader made of ``element``: its extras say which children it kept
    verbatim. Each hit's :attr:`~itaproj.iati.dq.context.Hit.xml` is relative to ``element``.
    """
    yield from _currencies(element)
    yield from _periods(element)
    for recipient in element.iter("recipient-org"):
        ref = recipient.get("ref")
        if ref is not None:
            for hit in identifier_check(ref, "1.17", ""):
                yield Hit(hit.rule, "", hit.detail, _xpath(recipient, element))
    kept = _kept(record)
    for child in element:
        if not isinstance(child.tag, str):
            continue
        where = _xpath(child, element)
        if where not in kept:
            continue
        if child.tag == "organisation-identifier":
            for hit in identifier_check(child.text or "", "1.12", ""):
                yield Hit(hit.rule, "", hit.detail, where)
        elif child.tag == "reporting-org":
            ref = child.get("ref")
            checks = [Hit("1.7.2", "")] if ref is None else identifier_check(ref, "1.18", "")
            for hit in checks:
                yield Hit(hit.rule, "", hit.detail, where)
        elif child.tag == "recipient-country-budget":
            yield from _line_dates(child, element)
