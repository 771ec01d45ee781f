"""IATI Standard Ruleset checks the schema cannot express, as findings.

The checks follow ``rulesets/standard.json`` (IATI/IATI-Rulesets, version-2.03), shipped in
``itaproj/data/iati``; each finding names the IATI rule id in its message and takes the
ruleset's severity. Rule ids of the findings:

- ``iati.rule.percentages``: sector percentages within a vocabulary, and recipient country
  and region percentages, must each be given and add up to 100 (2.1.1, 2.1.2, 3.1.1, 3.1.2, 3.4.2).
- ``iati.rule.date-order``: planned and actual start before end (11.1.2, 11.1.3), actual dates
  not in the future (11.1.4, 11.1.5), budget, planned-disbursement and indicator periods start
  before they end (8.6.3, 8.6.1).
- ``iati.rule.budget-period``: a budget period is at most one year (7.5.3).
- ``iati.rule.significance``: a policy marker of vocabulary 1 has a significance (6.14.1); one
  of vocabulary 99 has a narrative (6.13.1).
- ``iati.rule.identifier-prefix``: the iati-identifier begins with the reporting organisation's
  identifier, or a previous one (other-identifier of type B1), and a hyphen (1.1.21).

Codes are checked against the shipped codelists through the IATI ``mapping.xml`` (codelist ->
XPath): ``iati.codelist.withdrawn`` (warning) for a withdrawn code, which is still accepted,
and ``iati.codelist`` (error) for a code missing from a complete list. Open lists (Country,
Language, ...) never prove a code wrong.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

from itaproj.findings import Finding, Severity
from itaproj.iati._mapping import MAX_DECIMAL_TEXT, plain_length
from itaproj.iati._parse import Source, etree
from itaproj.iati.schema import parse_or_findings, validate_tree

__all__ = ["check_activity", "ruleset", "validate"]

_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


@cache
def ruleset() -> dict[str, Any]:
    """The shipped IATI Standard Ruleset (version-2.03) as parsed JSON."""
    path = resources.files("itaproj").joinpath("data").joinpath("iati").joinpath("rulesets")
    data: dict[str, Any] = json.loads(path.joinpath("standard.json").read_text(encoding="utf-8"))
    return data


@cache
def _rule_info(rule_id: str) -> tuple[Severity, str]:
    """Severity and message of an IATI rule id, looked up in the ruleset."""

    def walk(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "ruleInfo" in node:
                yield node["ruleInfo"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for info in walk(ruleset()):
        if info.get("id") == rule_id:
            return Severity(info.get("severity", "error")), str(info.get("message", ""))
    raise LookupError(f"no IATI rule {rule_id!r} in the shipped ruleset")


@cache
def _codelist_paths() -> tuple[tuple[Any, str], ...]:
    """(compiled XPath relative to an activity, codelist name) from the shipped mapping.xml."""
    from itaproj.codelists import codelist_names

    path = resources.files("itaproj").joinpath("data").joinpath("iati").joinpath("mapping.xml")
    mappings = etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False, no_network=True))
    found: list[tuple[Any, str]] = []
    for mapping in mappings.iter("mapping"):
        xpath = (mapping.findtext("path") or "").strip()
        reference = mapping.find("codelist")
        name = None if reference is None else reference.get("ref")
        if not xpath.startswith("//iati-activity/") or "/@" not in xpath or name not in codelist_names():
            continue
        element, attribute = xpath.removeprefix("//iati-activity").rsplit("/@", 1)
        element = f".{element}" if element else "self::node()"
        condition = mapping.findtext("condition")
        if condition:
            element = f"{element}[{condition.strip()}]"
        found.append((etree.XPath(f"{element}/@{attribute}"), str(name)))
    return tuple(found)


def _date(element: etree._Element | None, attribute: str = "iso-date") -> dt.date | None:
    if element is None:
        return None
    match = _DATE.match(element.get(attribute) or "")
    if match is None:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _percentage(element: etree._Element) -> Decimal | None:
    """The ``@percentage`` as a number to add up; ``None`` when it is none (or absurdly long)."""
    try:
        value = Decimal(element.get("percentage", "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite() or plain_length(value) > MAX_DECIMAL_TEXT:
        return None
    return value


def _one_year_later(day: dt.date) -> dt.date:
    if day.year == dt.MAXYEAR:
        return dt.date.max
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


class _Checker:
    def __init__(self, activity: etree._Element, path: str, today: dt.date) -> None:
        self.activity = activity
        self.path = path
        self.today = today
        self.findings: list[Finding] = []

    def where(self, element: etree._Element) -> str:
        steps: list[str] = []
        node: etree._Element | None = element
        while node is not None and node is not self.activity:
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            steps.append(f"{node.tag}[{before + 1}]")
            node = node.getparent()
        return f"{'/'.join([self.path, *reversed(steps)])} (line {element.sourceline})"

    def add(self, rule: str, rule_id: str, detail: str, element: etree._Element) -> None:
        severity, message = _rule_info(rule_id)
        text = f"{message} ({detail}) [IATI rule {rule_id}]" if detail else f"{message} [IATI rule {rule_id}]"
        self.findings.append(Finding(f"iati.rule.{rule}", severity, text, self.where(element)))

    def children(self, tag: str) -> list[etree._Element]:
        return [child for child in self.activity if child.tag == tag]

    def percentages(self) -> None:
        by_vocabulary: dict[str, list[etree._Element]] = {}
        for sector in self.children("sector"):
            by_vocabulary.setdefault(sector.get("vocabulary") or "1", []).append(sector)
        for vocabulary, sectors in by_vocabulary.items():
            if len(sectors) < 2:
                continue
            values = [_percentage(sector) for sector in sectors]
            if any(value is None for value in values):
                self.add("percentages", "2.1.1", f"vocabulary {vocabulary}", sectors[0])
            else:
                total = sum(value for value in values if value is not None)
                if total != 100:
                    self.add(
                        "percentages", "2.1.2", f"vocabulary {vocabulary} adds up to {total}", sectors[0]
                    )
        countries = self.children("recipient-country")
        regions: dict[str, list[etree._Element]] = {}
        for region in self.children("recipient-region"):
            regions.setdefault(region.get("vocabulary") or "1", []).append(region)
        groups = [(countries, "3.1.1", "3.1.2", "countries")] if not regions else []
        groups.extend(
            (countries + members, "3.4.1", "3.4.2", f"countries and regions of vocabulary {vocabulary}")
            for vocabulary, members in regions.items()
        )
        for members, each_rule, sum_rule, what in groups:
            if len(members) < 2:
                continue
            values = [_percentage(member) for member in members]
            if any(value is None for value in values):
                self.add("percentages", each_rule, what, members[0])
            else:
                total = sum(value for value in values if value is not None)
                if total != 100:
                    self.add("percentages", sum_rule, f"{what} add up to {total}", members[0])

    def date_order(self) -> None:
        dates: dict[str, tuple[dt.date, etree._Element]] = {}
        for element in self.children("activity-date"):
            day = _date(element)
            if day is not None:
                dates.setdefault(element.get("type", ""), (day, element))
        for start, end, rule_id in (("1", "3", "11.1.2"), ("2", "4", "11.1.3")):
            if start in dates and end in dates and dates[end][0] < dates[start][0]:
                self.add("date-order", rule_id, f"{dates[start][0]} to {dates[end][0]}", dates[end][1])
        for kind, rule_id in (("2", "11.1.4"), ("4", "11.1.5")):
            if kind in dates and dates[kind][0] > self.today:
                self.add("date-order", rule_id, str(dates[kind][0]), dates[kind][1])
        for tag in ("budget", "planned-disbursement"):
            for element in self.children(tag):
                self._period(element, "8.6.3", budget=tag == "budget")
        for period in self.activity.iterfind("result/indicator/period"):
            self._period(period, "8.6.1", budget=False)

    def _period(self, element: etree._Element, rule_id: str, budget: bool) -> None:
        start = _date(element.find("period-start"))
        end = _date(element.find("period-end"))
        if start is None or end is None:
            return
        if end < start:
            self.add("date-order", rule_id, f"{start} to {end}", element)
        elif budget and end > _one_year_later(start):
            self.add("budget-period", "7.5.3", f"{start} to {end}", element)

    def significance(self) -> None:
        for marker in self.children("policy-marker"):
            vocabulary = marker.get("vocabulary") or "1"
            if vocabulary == "1" and marker.get("significance") is None:
                self.add("significance", "6.14.1", f"code {marker.get('code')}", marker)
            if vocabulary == "99" and marker.find("narrative") is None:
                self.add("significance", "6.13.1", f"code {marker.get('code')}", marker)

    def codes(self) -> None:
        from itaproj.codelists import codelist

        for xpath, name in _codelist_paths():
            values = xpath(self.activity)
            if not values:
                continue
            listed = codelist(name)
            for value in values:
                code = str(value)
                where = f"{self.where(value.getparent())}"
                if listed.is_withdrawn(code):
                    self.findings.append(
                        Finding(
                            "iati.codelist.withdrawn",
                            Severity.WARNING,
                            f"@{value.attrname} {code!r} is a withdrawn {name} code (accepted)",
                            where,
                        )
                    )
                elif not listed.accepts(code):
                    self.findings.append(
                        Finding(
                            "iati.codelist",
                            Severity.ERROR,
                            f"@{value.attrname} {code!r} is not in the {name} codelist",
                            where,
                        )
                    )

    def identifier_prefix(self) -> None:
        identifier = self.activity.find("iati-identifier")
        if identifier is None or not identifier.text:
            return
        text = identifier.text.strip()
        prefixes: list[str | None] = []
        reporting = self.activity.find("reporting-org")
        if reporting is not None and reporting.get("ref"):
            prefixes.append(reporting.get("ref"))
        prefixes.extend(
            other.get("ref") for other in self.children("other-identifier") if other.get("type") == "B1"
        )
        candidates = [prefix.strip() for prefix in prefixes if prefix]
        if not candidates:
            return
        if not any(text.startswith(prefix + "-") for prefix in candidates):
            self.add(
                "identifier-prefix", "1.1.21", f"{text!r} does not begin with {candidates[0]}-", identifier
            )


def check_activity(activity: etree._Element, path: str, today: dt.date | None = None) -> tuple[Finding, ...]:
    """The ruleset findings for one ``iati-activity`` element located at ``path``.

    Example:
        >>> from lxml import etree
        >>> activity = etree.fromstring(b'''<iati-activity><iati-identifier>XX-1-a</iati-identifier>
        ...   <reporting-org ref="XM-2"/>
        ...   <policy-marker vocabulary="1" code="1"/></iati-activity>''')
        >>> sorted(f.rule for f in check_activity(activity, "/iati-activities/iati-activity[1]"))
        ['iati.rule.identifier-prefix', 'iati.rule.significance']
    """
    checker = _Checker(activity, path, today or dt.date.today())
    checker.percentages()
    checker.date_order()
    checker.significance()
    checker.identifier_prefix()
    checker.codes()
    return tuple(checker.findings)


def validate(source: Source, today: dt.date | None = None) -> tuple[Finding, ...]:
    """Schema findings and ruleset findings of an IATI activity file.

    The file is parsed once, whole, with the hardened parser; a file that is not well-formed
    gives one ``iati.xml`` error finding.

    Raises:
        LoadError: ``source`` is a path that names no readable file (missing, a directory).
    """
    tree = parse_or_findings(source)
    if isinstance(tree, tuple):
        return tree
    findings = list(validate_tree(tree))
    root = tree.getroot()
    activities = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
    for index, activity in enumerate(activities, start=1):
        findings.extend(check_activity(activity, f"/iati-activities/iati-activity[{index}]", today))
    return tuple(findings)
