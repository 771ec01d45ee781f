"""Checks of a parsed IATI activity file: the schema, codes, and the Validator's codelist rules.

- ``iati.schema``: the shipped IATI 2.03 activities schema.
- ``iati.dq.9.x``: a code missing from its codelist, the IATI Validator's codelist rules
  (:mod:`itaproj.iati.dq.codelists`), which read the XML because the model refuses such codes.
- ``iati.codelist.withdrawn`` (warning): a withdrawn code, which is still accepted, found through
  the IATI ``mapping.xml`` (codelist -> XPath).

The IATI Validator's other data-quality rules (identifiers, percentages, dates, results, ...,
``iati.dq.<id>``) run on the model: :mod:`itaproj.iati.dq`. They replace the checks this module
made of the IATI Standard Ruleset (``iati.rule.*``), whose JSON still ships (:func:`ruleset`).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from itaproj.findings import Finding, Severity
from itaproj.iati._parse import Source, etree
from itaproj.iati.schema import parse_or_findings, validate_tree

__all__ = ["check_activity", "check_tree", "ruleset", "validate"]


@cache
def ruleset() -> dict[str, Any]:
    """The shipped IATI Standard Ruleset (version-2.03) as parsed JSON."""
    path = resources.files("itaproj").joinpath("data").joinpath("iati").joinpath("rulesets")
    data: dict[str, Any] = json.loads(path.joinpath("standard.json").read_text(encoding="utf-8"))
    return data


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


@cache
def _withdrawn_paths() -> tuple[tuple[Any, str], ...]:
    """The :func:`_codelist_paths` of codelists that have a withdrawn code (the others find none)."""
    from itaproj.codelists import codelist

    return tuple(
        (xpath, name) for xpath, name in _codelist_paths() if any(item.withdrawn for item in codelist(name))
    )


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

    def codes(self) -> None:
        from itaproj.codelists import codelist

        for xpath, name in _withdrawn_paths():
            values = xpath(self.activity)
            if not values:
                continue
            listed = codelist(name)
            for value in values:
                code = str(value)
                if listed.is_withdrawn(code):
                    where = self.where(value.getparent())
                    self.findings.append(
                        Finding(
                            "iati.codelist.withdrawn",
                            Severity.WARNING,
                            f"@{value.attrname} {code!r} is a withdrawn {name} code (accepted)",
                            where,
                        )
                    )


def check_activity(activity: etree._Element, path: str, today: dt.date | None = None) -> tuple[Finding, ...]:
    """The withdrawn codes of one ``iati-activity`` element located at ``path``.

    Example:
        >>> from lxml import etree
        >>> activity = etree.fromstring(b'''<iati-activity><transaction>
        ...   <finance-type code="410"/></transaction></iati-activity>''')
        >>> for finding in check_activity(activity, "/iati-activities/iati-activity[1]"):
        ...     print(finding.rule, finding.path)
        iati.codelist.withdrawn /iati-activities/iati-activity[1]/transaction[1]/finance-type[1] (line 2)
    """
    checker = _Checker(activity, path, today or dt.date.today())
    checker.codes()
    return tuple(checker.findings)


def validate(source: Source, today: dt.date | None = None) -> tuple[Finding, ...]:
    """Schema, codelist and withdrawn-code findings of an IATI activity file.

    The file is parsed once, whole, with the hardened parser; a file that is not well-formed
    gives one ``iati.xml`` error finding.

    Raises:
        LoadError: ``source`` is a path that names no readable file (missing, a directory).
    """
    tree = parse_or_findings(source)
    if isinstance(tree, tuple):
        return tree
    return check_tree(tree, today)


def check_tree(tree: etree._ElementTree, today: dt.date | None = None) -> tuple[Finding, ...]:
    """Schema, codelist and withdrawn-code findings of an IATI activity file already parsed."""
    from itaproj.iati.dq.codelists import codelist_findings
    from itaproj.iati.dq.context import iati_version

    findings = list(validate_tree(tree))
    version = iati_version(tree.getroot().get("version"))
    if not version.startswith("1."):
        findings.extend(codelist_findings(tree.getroot(), version))
    root = tree.getroot()
    activities = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
    for index, activity in enumerate(activities, start=1):
        findings.extend(check_activity(activity, f"/iati-activities/iati-activity[{index}]", today))
    return tuple(findings)
