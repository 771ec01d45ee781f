"""Findings in the shapes people know from the IATI Validator: by category, and its JSON report.

:func:`by_category` groups findings as the Validator's pages do, under its categories
("Identification", "Financial", ...; schema and itaproj's own checks under their own headings).
:func:`validator_report` gives the Validator's JSON report: whether the file is valid, its type
and version, a summary by severity, and the feedback of each activity (by identifier and title)
grouped by category; what concerns no activity is under the identifier ``"file"``.

Example:
    >>> import io
    >>> from itaproj.iati import validate
    >>> data = b'''<iati-activities version="2.03"><iati-activity>
    ...   <iati-identifier>AB&amp;C</iati-identifier><activity-status code="9"/>
    ... </iati-activity></iati-activities>'''
    >>> findings = validate(io.BytesIO(data))
    >>> report = validator_report(io.BytesIO(data), findings)
    >>> report["fileType"], report["iatiVersion"], report["valid"]
    ('iati-activities', '2.03', False)
    >>> [entry["identifier"] for entry in report["errors"]]
    ['file', 'AB&C']
    >>> [group["category"] for group in report["errors"][1]["errors"]][:2]
    ['Identification', 'Basic activity information']
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from itaproj.findings import Finding, Severity
from itaproj.iati._parse import Source, etree, open_source
from itaproj.iati.dq import categories, dq_rule

__all__ = ["by_category", "category_of", "validator_report"]

#: The version of the IATI-Rulesets (branch xslt-rules) the shipped rules come from.
RULESETS_COMMIT = "b12eebb"

_ACTIVITY = re.compile(r"^/iati-activities/iati-activity\[(\d+)\]")
#: Headings of findings that are no data-quality rule, in the order they are listed.
_OTHER = {"iati.xml": "XML", "iati.schema": "Schema"}
_OTHERS = "Other checks (itaproj)"
_ORDER = ("XML", "Schema")


def category_of(finding: Finding) -> str:
    """The heading ``finding`` is listed under: a Validator category's title, or its own.

    Example:
        >>> category_of(Finding("iati.dq.1.1.2", Severity.ERROR, "", "/"))
        'Identification'
        >>> category_of(Finding("iati.schema", Severity.ERROR, "", "/"))
        'Schema'
    """
    if finding.rule.startswith("iati.dq."):
        return categories()[dq_rule(finding.rule).category]
    return _OTHER.get(finding.rule, _OTHERS)


def _rank(title: str) -> tuple[int, str]:
    if title in _ORDER:
        return (_ORDER.index(title), "")
    titles = list(categories().values())
    return (len(_ORDER) + titles.index(title), "") if title in titles else (100, title)


def by_category(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """``findings`` under their headings (:func:`category_of`), in order kept within each.

    XML and schema come first, then the Validator's categories in its order, then itaproj's own
    checks.
    """
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(category_of(finding), []).append(finding)
    return sorted(groups.items(), key=lambda item: _rank(item[0]))


def _activities(source: Source) -> tuple[str, str | None, list[tuple[str, str]]]:
    """The root's name and version, and (identifier, title) of each top-level activity."""
    with open_source(source) as stream:
        data = stream.read()
    found: list[tuple[str, str]] = []
    root_name, version = "", None
    depth = 0
    try:
        for event, element in etree.iterparse(
            io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True
        ):
            if not root_name:
                root_name, version = str(element.tag), element.get("version")
            if element.tag != "iati-activity":
                continue
            depth += 1 if event == "start" else -1
            if event == "end" and depth == 0:
                identifier = (element.findtext("iati-identifier") or "").strip()
                title = " ".join(
                    (element.findtext("title/narrative") or element.findtext("title") or "").split()
                )
                found.append((identifier, title))
                element.clear()
    except etree.XMLSyntaxError:
        pass  # the findings say what is wrong; the activities read so far are listed
    return root_name, None if version is None else str(version), found


def _severity(finding: Finding) -> str:
    if finding.rule in _OTHER and finding.severity is Severity.ERROR:
        return "critical"  # the file is no IATI XML the Validator would read further
    return finding.severity.value


def _item(finding: Finding) -> dict[str, Any]:
    rule = finding.rule.removeprefix("iati.dq.") if finding.rule.startswith("iati.dq.") else finding.rule
    return {
        "id": rule,
        "severity": _severity(finding),
        "message": finding.message,
        "context": [{"text": finding.path}],
    }


def _grouped(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    return [
        {"category": title, "errors": [_item(finding) for finding in members]}
        for title, members in by_category(findings)
    ]


def validator_report(source: Source, findings: Sequence[Finding]) -> dict[str, Any]:
    """The IATI Validator's JSON report of the file ``source`` with ``findings``.

    Args:
        source: The IATI file the findings are about (read again, lightly, for each activity's
            identifier and title).
        findings: Its findings, e.g. from :func:`itaproj.iati.validate`.

    Returns:
        ``valid`` (no critical finding: the file is well-formed and schema-valid), ``fileType``,
        ``iatiVersion``, ``rulesetCommitSha``, ``summary`` (a count per severity: critical,
        error, warning, info) and ``errors``: one entry per activity with findings (and
        ``"file"`` for the rest), each with ``identifier``, ``title`` and its findings grouped by
        category, each finding with ``id`` (the Validator's rule id, or itaproj's rule),
        ``severity``, ``message`` and ``context`` (where).
    """
    root, declared, activities = _activities(source)
    per_activity: dict[int, list[Finding]] = {}
    for finding in findings:
        match = _ACTIVITY.match(finding.path)
        index = int(match[1]) if match and int(match[1]) <= len(activities) else 0
        per_activity.setdefault(index, []).append(finding)
    entries = []
    for index in sorted(per_activity):
        identifier, title = ("file", "") if index == 0 else activities[index - 1]
        entries.append({"identifier": identifier, "title": title, "errors": _grouped(per_activity[index])})
    summary = dict.fromkeys(("critical", "error", "warning", "info"), 0)
    for finding in findings:
        summary[_severity(finding)] += 1
    from itaproj.iati.dq.context import iati_version

    return {
        "valid": summary["critical"] == 0,
        "fileType": root if root in ("iati-activities", "iati-organisations") else "iati-activities",
        "iatiVersion": iati_version(declared),
        "rulesetCommitSha": RULESETS_COMMIT,
        "summary": summary,
        "errors": entries,
    }
