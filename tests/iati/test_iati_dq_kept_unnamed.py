"""6.10.1 and 6.9.1 on organisations the reader keeps verbatim: neither ``@ref`` nor a narrative.

``information.xslt``: ``participating-org`` with ``not(@ref) and not(narrative)`` gets 6.10.1;
``provider-org|receiver-org`` with the same test gets 6.9.1. The model cannot hold a
``participating-org`` without either (the reader keeps it verbatim), nor the organisations of a
``transaction`` without a value, so these are checked on the XML (``itaproj.iati.dq.structure``).
Expected findings are read off the XSLT by hand, then confirmed with the real rules in Saxon.
"""

from __future__ import annotations

import io
import re

from lxml import etree

import validator_suite
from itaproj.iati.dq.run import check_iati

A = "/iati-activities/iati-activity[1]"
RULES = ("6.9.1", "6.10.1")
BODY = (
    '<title><narrative xml:lang="en">T</narrative></title>'
    # no @ref, no narrative: 6.10.1
    '<participating-org role="1" type="10"/>'
    # an empty narrative element is a narrative for not(narrative): nothing
    '<participating-org role="2"><narrative/></participating-org>'
    # kept verbatim for its role, but named by @ref: nothing
    '<participating-org role="9" ref="XM-DAC-2"/>'
    # a transaction without a value, kept verbatim: its provider has neither (6.9.1), its
    # receiver a @ref
    '<transaction><transaction-type code="1"/><provider-org/><receiver-org ref="XM-DAC-3"/></transaction>'
)
EXPECTED = [
    ("6.10.1", f"{A}/participating-org[1]"),
    ("6.9.1", f"{A}/transaction[1]/provider-org[1]"),
]


def _document() -> str:
    return (
        '<iati-activities version="2.03"><iati-activity>'
        f"<iati-identifier>XM-DAC-41114-1</iati-identifier>{BODY}</iati-activity></iati-activities>"
    )


def _with_positions(path: str) -> str:
    # itaproj names the one provider-org of a transaction without a position, as the model does
    return re.sub(r"/(provider-org|receiver-org)(?!\[)", r"/\1[1]", path)


def test_kept_organisations_without_ref_or_narrative() -> None:
    findings = check_iati(io.BytesIO(_document().encode()))
    ours = sorted(
        (rule, _with_positions(finding.path))
        for finding in findings
        if (rule := finding.rule.removeprefix("iati.dq.")) in RULES
    )
    assert ours == sorted(EXPECTED)


def _where(element: etree._Element) -> str:
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and node.tag != "_fragment":
        before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"{node.tag}[{before + 1}]" if node.tag != "iati-activities" else str(node.tag))
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


def test_the_real_validator_agrees() -> None:
    (output,) = validator_suite.judge_all([_document()])
    root = etree.fromstring(f"<_fragment>{output}</_fragment>".encode())
    theirs = sorted(
        (str(feedback.get("id")), _where(feedback.getparent()))
        for feedback in root.iter("{http://iati.me}feedback")
        if str(feedback.get("id")) in RULES
    )
    assert theirs == sorted(EXPECTED)
