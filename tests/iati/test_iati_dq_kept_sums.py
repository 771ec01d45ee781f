"""Percentage sums of groups with a member kept verbatim, and 6.14.1 on an empty ``@significance``.

Expected findings are read off the Validator's XSLT (``tests/data/iati/validator-rules/rules``):

- ``lib/percentages.xslt``, template ``percentage-checks``: a group of one with a decimal
  ``@percentage`` other than 100 -> ``.4``; else any member without ``@percentage`` -> ``.1``;
  else ``abs(sum(@percentage[. castable as xs:decimal]) - 100) > 0.0101`` -> ``.2``; each on the
  ``iati-activity``.
- ``iati/sectors.xslt``: sectors grouped by ``(@vocabulary, '1')[1]`` (2.1.x); 2.2.1 on a sector
  of vocabulary 98 or 99 without ``narrative``; 102.1.1 on the activity when no sector has
  vocabulary ``1``, ``''`` or none.
- ``iati/geography.xslt``: countries alone (3.1.x) when there is no region, else countries with
  the regions of each vocabulary (3.4.x).
- ``iati/information.xslt``: 6.14.1 on a ``policy-marker`` of vocabulary 1 (or none) when
  ``not(@significance)``: ``significance=""`` is a significance there.

The reader keeps verbatim (an ``Extra``) a sector or country whose percentage is outside 0-100
or no number, and a policy marker whose significance is no code or which has no code.
"""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import validator_suite
from itaproj import Catalogue, LocalizedText, Programme
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.sectors import SectorShare
from itaproj.themes import CrossCuttingTheme

A = "/iati-activities/iati-activity[1]"
RULES = ("2.1.", "2.2.1", "3.1.", "3.4.", "102.1.1", "6.14.1")


def _activity(body: str) -> str:
    return (
        '<iati-activities version="2.03"><iati-activity>'
        f"<iati-identifier>XM-DAC-41114-1</iati-identifier>{body}</iati-activity></iati-activities>"
    )


def _found(body: str) -> list[tuple[str, str]]:
    findings = check_iati(io.BytesIO(_activity(body).encode()))
    found = [(finding.rule.removeprefix("iati.dq."), finding.path) for finding in findings]
    return sorted(item for item in found if item[0].startswith(RULES))


CASES = {
    # vocabulary 1, two sectors, 102 (kept) + 10 = 112
    "sum-with-kept": (
        '<sector code="11110" percentage="102"/><sector code="11120" percentage="10"/>',
        [("2.1.2", A)],
    ),
    # "abc" is left out of the sum: 60 + 40 = 100
    "not-a-number": (
        '<sector code="11110" percentage="60"/><sector code="11120" percentage="abc"/>'
        '<sector code="11130" percentage="40"/>',
        [],
    ),
    # a member without @percentage
    "missing": ('<sector code="11110" percentage="102"/><sector code="11120"/>', [("2.1.1", A)]),
    # no @vocabulary and vocabulary "1" are one group: 102 + -2 = 100
    "one-group": (
        '<sector code="11110" percentage="102"/><sector vocabulary="1" code="11120" percentage="-2"/>',
        [],
    ),
    # within the tolerance: 102 - 1.99 = 100.01; outside: 102 - 1.98 = 100.02
    "tolerance": ('<sector code="11110" percentage="102"/><sector code="11120" percentage="-1.99"/>', []),
    "beyond": (
        '<sector code="11110" percentage="102"/><sector code="11120" percentage="-1.98"/>',
        [("2.1.2", A)],
    ),
    # a single sector of vocabulary 2 at 102 (2.1.4); vocabulary 1's single one has none
    "single": ('<sector code="11110"/><sector vocabulary="2" code="111" percentage="102"/>', [("2.1.4", A)]),
    # vocabulary 98 only, kept: 2.1.4, 2.2.1 on the sector, 102.1.1 on the activity
    "own-vocabulary": (
        '<sector code="11110" vocabulary="99" percentage="100"><narrative>A</narrative></sector>'
        '<sector vocabulary="98" code="X" percentage="102"/>',
        [("102.1.1", A), ("2.1.4", A), ("2.2.1", f"{A}/sector[2]")],
    ),
    # countries only: 150 (kept) + 20 = 170; one country of 150
    "countries": (
        '<recipient-country code="UA" percentage="150"/><recipient-country code="KZ" percentage="20"/>',
        [("3.1.2", A)],
    ),
    "one-country": ('<recipient-country code="UA" percentage="150"/>', [("3.1.4", A)]),
    # with regions: vocabulary 1 = [UA 150, 298 none] (3.4.1); vocabulary 99 = [UA 150, X -50]: 100
    "regions": (
        '<recipient-country code="UA" percentage="150"/><recipient-region code="298"/>'
        '<recipient-region vocabulary="99" code="X" percentage="-50"/>',
        [("3.4.1", A)],
    ),
    # a region kept (-10) with a country: 90 + -10 = 80 in vocabulary 1
    "region-kept": (
        '<recipient-country code="UA" percentage="90"/><recipient-region code="298" percentage="-10"/>',
        [("3.4.2", A)],
    ),
    # nothing kept: the model's rule, once: 60 + 30 = 90
    "model": ('<sector code="11110" percentage="60"/><sector code="11120" percentage="30"/>', [("2.1.2", A)]),
    # Saxon sums untyped attributes as doubles: 15.144 + 84.8661 is 100.0101 in decimals (within
    # the tolerance), 100.01010000000001 in doubles (beyond it); the Validator reports 2.1.2
    "doubles": (
        '<sector code="11110" percentage="15.144"/><sector code="11120" percentage="84.8661"/>',
        [("2.1.2", A)],
    ),
    # policy markers: [1] kept (significance "abc"), [2] none (the model's rule, past the kept
    # one), [3] significance="" (a significance to the Validator), [4] kept without one, [5]
    # vocabulary 2 (not the rule's)
    "policy-markers": (
        '<policy-marker vocabulary="1" code="1" significance="abc"/><policy-marker vocabulary="1" code="2"/>'
        '<policy-marker vocabulary="1" code="3" significance=""/><policy-marker vocabulary="1"/>'
        '<policy-marker vocabulary="2" code="4"/><policy-marker code="5"/>',
        [
            ("6.14.1", f"{A}/policy-marker[2]"),
            ("6.14.1", f"{A}/policy-marker[4]"),
            ("6.14.1", f"{A}/policy-marker[6]"),
        ],
    ),
    "empty-significance": ('<policy-marker vocabulary="1" code="3" significance=""/>', []),
}


@pytest.mark.parametrize(("body", "expected"), CASES.values(), ids=CASES.keys())
def test_the_findings_are_the_validators(body: str, expected: list[tuple[str, str]]) -> None:
    assert _found(body) == sorted(expected)


def _where(element: etree._Element) -> str:
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and node.tag != "_fragment":
        before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"{node.tag}[{before + 1}]" if node.tag != "iati-activities" else str(node.tag))
        node = node.getparent()
    return "/" + "/".join(reversed(steps))


def test_the_real_validator_agrees_on_every_case() -> None:
    # the judge: the Validator's XSLT in Saxon, on the same snippets
    annotated = validator_suite.judge_all([_activity(body) for body, _ in CASES.values()])
    for (name, (_, expected)), output in zip(CASES.items(), annotated, strict=True):
        root = etree.fromstring(f"<_fragment>{output}</_fragment>".encode())
        theirs = sorted(
            (str(feedback.get("id")), _where(feedback.getparent()))
            for feedback in root.iter("{http://iati.me}feedback")
            if str(feedback.get("id")).startswith(RULES)
        )
        assert theirs == sorted(expected), name


def test_each_group_is_reported_once_when_a_member_is_kept() -> None:
    # two vocabularies: 1 = [102 kept, 10] (112), 2 = [50, 40] (90): two 2.1.2, not three
    body = (
        '<sector code="11110" percentage="102"/><sector code="11120" percentage="10"/>'
        '<sector vocabulary="2" code="111" percentage="50"/><sector vocabulary="2" code="112" percentage="40"/>'
    )
    assert _found(body) == [("2.1.2", A), ("2.1.2", A)]


def test_a_catalogue_keeps_the_models_rules() -> None:
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        sectors=[
            SectorShare("11110", percentage=Decimal("15.144")),
            SectorShare("11120", percentage=Decimal("84.8661")),
        ],
        themes=[CrossCuttingTheme(code="2", vocabulary="1")],
    )
    found = sorted(
        (finding.rule, finding.path)
        for finding in check_catalogue(Catalogue((programme,)))
        if finding.rule in ("iati.dq.2.1.2", "iati.dq.6.14.1")
    )
    assert found == [("iati.dq.2.1.2", "$.programmes[0]"), ("iati.dq.6.14.1", "$.programmes[0].themes[0]")]


@given(
    st.lists(st.integers(-10_000, 20_000), min_size=1, max_size=4),
    st.integers(101, 500),
)
def test_a_group_summing_to_100_never_breaks_the_sum_rule(cents: list[int], kept: int) -> None:
    # a first sector above 100 (kept verbatim), the others making the sum exactly 100
    shares = [Decimal(kept), *(Decimal(c) / 100 for c in cents)]
    shares.append(Decimal(100) - sum(shares))
    body = "".join(f'<sector code="1111{i}" percentage="{share}"/>' for i, share in enumerate(shares))
    assert [rule for rule, _ in _found(body) if rule.startswith("2.1.")] == []
