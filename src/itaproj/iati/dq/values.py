"""The Validator's rules on values the model refuses, run on the parsed XML of an activity file.

The model stays strict: a percentage that is no number or lies outside 0 to 100, a value with
no currency in an activity with no default currency, a related activity's identifier with
spaces around it, a second ``country-budget-items``: the reader keeps such an element verbatim
(with an ``iati.unmapped`` finding), so the model cannot say what it held. The rules that
inspect those values therefore read the XML, as the codelist rules do
(:mod:`itaproj.iati.dq.codelists`, whose one walk of the tree calls :func:`value_findings` on
the elements it concerns):

- ``@percentage`` (``rules/iati/percentages.xslt``), anywhere: a value not ``castable as
  xs:decimal`` (12.4.1, at the attribute); in IATI 2.03 a ``recipient-country`` or
  ``recipient-region`` percentage below 0 or above 100 (12.1.1), before 2.03 below 0 (12.1.2);
  the same for ``capital-spend`` and ``budget-item`` (12.2.1, 12.2.2) and ``sector`` (12.3.1,
  12.3.2), at the element. The model holds only percentages from 0 to 100, so these rules run
  here only.
- A ``value`` within an ``iati-activity``, a ``loan-status`` or a ``forecast`` without
  ``@currency`` in an activity without a ``@default-currency`` (or an empty one): 7.8.1
  (``financial.xslt``). Every :class:`~itaproj.money.Money` has a currency, so only here.
- ``related-activity/@ref`` with leading or trailing white space: 1.7.1 (``identifiers.xslt``;
  the model's relation identifier has none), so the whole of 1.7 is here.
- An activity with several ``country-budget-items``: its budget items grouped by the
  ``@vocabulary`` of their ``country-budget-items`` (one without ``@vocabulary`` is in no
  group), each group checked as ``percentage-checks`` does (7.9.1, 7.9.2, 7.9.4: warnings, in
  2.03 only), at the activity. The model holds one ``country-budget-items``: an activity with
  one is checked on the model (:mod:`itaproj.iati.dq.financial`), one with more here, so no
  activity is checked twice. (An activity whose only ``country-budget-items`` the reader kept
  verbatim is checked by neither.)

Each finding is at the element's (or attribute's) XPath and line, as the codelist rules'.

Example:
    >>> from lxml import etree
    >>> root = etree.fromstring(b'''<iati-activities version="2.03"><iati-activity>
    ...   <sector code="11110" percentage="100%"/><recipient-country code="UA" percentage="-5"/>
    ...   <budget><value>10</value></budget></iati-activity></iati-activities>''')
    >>> for element in root.iter(tag=etree.Element):
    ...     for finding in value_findings(element, "2.03"):
    ...         print(finding.rule, finding.path)
    iati.dq.12.4.1 /iati-activities/iati-activity[1]/sector[1]/@percentage (line 2)
    iati.dq.12.1.1 /iati-activities/iati-activity[1]/recipient-country[1] (line 2)
    iati.dq.7.8.1 /iati-activities/iati-activity[1]/budget[1]/value[1] (line 3)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal

from itaproj.findings import Finding
from itaproj.iati._parse import etree
from itaproj.iati.dq import dq_rule
from itaproj.iati.dq.identifiers import identifier_check

__all__ = ["VALUE_TAGS", "decimal_of", "value_findings", "xpath_and_line"]

#: ``castable as xs:decimal``: the XSD decimal lexical form, white space collapsed around it.
_DECIMAL = re.compile(r"[ \t\r\n]*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))[ \t\r\n]*")
_HUNDRED = Decimal(100)
#: ``percentage-checks``: a sum further than this from 100 is wrong (``> 0.0101``).
_TOLERANCE = Decimal("0.0101")
#: The element whose ``@percentage`` each range rule checks: rule class by element name.
_RANGE_CLASS = {
    "recipient-country": "12.1",
    "recipient-region": "12.1",
    "capital-spend": "12.2",
    "budget-item": "12.2",
    "sector": "12.3",
}


def decimal_of(text: str) -> Decimal | None:
    """``xs:decimal(text)`` when ``text castable as xs:decimal``, else ``None``.

    Example:
        >>> decimal_of(" 12.50 "), decimal_of("-.5"), decimal_of("1e2"), decimal_of("100%")
        (Decimal('12.50'), Decimal('-0.5'), None, None)
    """
    match = _DECIMAL.fullmatch(text)
    return Decimal(match[1]) if match else None


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def xpath_and_line(element: etree._Element, attribute: str | None = None) -> str:
    """The XPath of ``element`` (or of its ``attribute``), each step with its position, and its line.

    Example:
        >>> from lxml import etree
        >>> root = etree.fromstring(b'<a><b/><c/><c x="1"/></a>')
        >>> xpath_and_line(root[2], "x")
        '/a/c[2]/@x (line 1)'
    """
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        if parent is None:
            steps.append(str(node.tag))
        else:
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            steps.append(f"{node.tag}[{before + 1}]")
        node = parent
    where = "/" + "/".join(reversed(steps)) + (f"/@{attribute}" if attribute else "")
    return f"{where} (line {element.sourceline})"


def _percentage(element: etree._Element, text: str, version: str) -> Iterator[Finding]:
    """12.4.1 of any ``@percentage``; 12.1.x, 12.2.x, 12.3.x of the elements that have one."""
    value = decimal_of(text)
    if value is None:
        yield dq_rule("12.4.1").finding(xpath_and_line(element, "percentage"), repr(text))
        return
    idclass = _RANGE_CLASS.get(str(element.tag))
    if idclass is None:
        return
    if version == "2.03" and (value < 0 or value > _HUNDRED):
        yield dq_rule(f"{idclass}.1").finding(xpath_and_line(element), _plain(value))
    elif version != "2.03" and value < 0:
        yield dq_rule(f"{idclass}.2").finding(xpath_and_line(element), _plain(value))


def _activity_of(element: etree._Element) -> etree._Element | None:
    node = element.getparent()
    while node is not None and node.tag != "iati-activity":
        node = node.getparent()
    return node


def _currency(element: etree._Element, version: str) -> Iterator[Finding]:
    """7.8.1: a ``value`` of an activity, a ``loan-status`` or ``forecast``, with no currency."""
    if element.get("currency") is not None:
        return  # an empty @currency is a code the codelist rule 9.x refuses, not a missing one
    activity = _activity_of(element)
    if element.tag == "value" and activity is None:
        return  # an organisation file's value: its own template (another rule's business)
    if activity is None or not activity.get("default-currency"):
        yield dq_rule("7.8.1").finding(xpath_and_line(element), "no @currency, no @default-currency")


def _related(element: etree._Element, version: str) -> Iterator[Finding]:
    """1.7.1: a related activity's identifier has no white space around it."""
    ref = element.get("ref")
    if ref is not None:
        for hit in identifier_check(ref, "1.7", ""):
            yield dq_rule(hit.rule).finding(xpath_and_line(element, "ref"), hit.detail)


def _budget_items(activity: etree._Element, version: str) -> Iterator[Finding]:
    """7.9.1, 7.9.2, 7.9.4 of an activity with several ``country-budget-items`` (2.03 only)."""
    if version != "2.03":
        return
    found = activity.findall("country-budget-items")
    if len(found) < 2:
        return  # none, or one: the model holds it and dq.financial checks it
    groups: dict[str, list[etree._Element]] = {}
    for items in found:
        vocabulary = items.get("vocabulary")
        if vocabulary is not None:
            groups.setdefault(vocabulary, []).extend(items.findall("budget-item"))
    for vocabulary, group in groups.items():
        where = f"vocabulary {vocabulary}"
        if len(group) == 1:
            text = group[0].get("percentage")
            value = None if text is None else decimal_of(text)
            if value is not None and value != _HUNDRED:
                code = group[0].get("code", "")
                yield dq_rule("7.9.4").finding(xpath_and_line(activity), f"{where}, {code}: {_plain(value)}")
            continue
        missing = [str(item.get("code", "")) for item in group if item.get("percentage") is None]
        if missing:
            yield dq_rule("7.9.1").finding(xpath_and_line(activity), f"{where}: {', '.join(missing)}")
            continue
        values = (decimal_of(str(item.get("percentage"))) for item in group)
        total = sum((value for value in values if value is not None), Decimal(0))
        if abs(total - _HUNDRED) > _TOLERANCE:
            yield dq_rule("7.9.2").finding(xpath_and_line(activity), f"{where}: sum {_plain(total)}")


#: The element checks, by element name.
_BY_TAG: Mapping[str, Callable[[etree._Element, str], Iterator[Finding]]] = {
    "value": _currency,
    "loan-status": _currency,
    "forecast": _currency,
    "related-activity": _related,
    "iati-activity": _budget_items,
}


#: The elements :func:`value_findings` checks besides any with a ``@percentage``.
VALUE_TAGS = frozenset(_BY_TAG)


def value_findings(element: etree._Element, version: str) -> Iterator[Finding]:
    """The findings of these rules on one ``element`` of a file of IATI ``version`` (2.0x).

    Called for each element named in :data:`VALUE_TAGS` or with a ``@percentage``, in document
    order, by the walk of :func:`~itaproj.iati.dq.codelists.codelist_findings`; any other
    element has no finding here.
    """
    percentage = element.get("percentage")
    if percentage is not None:
        yield from _percentage(element, percentage, version)
    check = _BY_TAG.get(str(element.tag))
    if check is not None:
        yield from check(element, version)
