"""itaproj's data-quality findings against the IATI Validator's real rules, on every real file.

The judge is the Validator's XSLT (``tests/data/iati/validator-rules``) run in Saxon-HE over each
real IATI file in the repository, the official activity and organisation examples and the
organisation files of ``tests/data/iati/organisations``; it inserts a ``me:feedback`` in the
element each finding is about. itaproj's ``iati.dq`` findings of the same file are inserted the
same way (:func:`validator_suite.annotate`), and the two are compared as multisets of (rule id,
element). Where they differ, the difference is listed below with its reason: the test fails on
any difference not listed, and on a listed one that is gone, so the list stays the truth.
"""

from __future__ import annotations

import collections
from pathlib import Path

import pytest
from lxml import etree

import validator_suite
from itaproj.iati import validate

ROOT = Path(__file__).resolve().parents[2]
FILES = [
    *sorted((ROOT / "tests" / "data" / "iati" / "real").glob("*.xml")),
    ROOT / "tests" / "data" / "iati" / "examples" / "activity-standard-example-annotated.xml",
    ROOT / "tests" / "data" / "iati" / "examples" / "organisation-standard-example-annotated.xml",
    *sorted((ROOT / "tests" / "data" / "iati" / "organisations").glob("*.xml")),
]
FEEDBACK = "{http://iati.me}feedback"

#: (file name, rule id) -> (findings only the Validator gives, findings only itaproj gives, why).
KNOWN: dict[tuple[str, str], tuple[int, int, str]] = {}


def _where(element: etree._Element) -> str:
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and node.tag != "_fragment":
        parent = node.getparent()
        if parent is None or parent.tag == "_fragment":
            steps.append(str(node.tag))
        else:
            before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
            steps.append(f"{node.tag}[{before + 1}]")
        node = parent
    return "/" + "/".join(reversed(steps))


def _feedback(annotated: str) -> collections.Counter[tuple[str, str]]:
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(f"<_fragment>{annotated}</_fragment>".encode(), parser)
    found: collections.Counter[tuple[str, str]] = collections.Counter()
    for feedback in root.iter(FEEDBACK):
        found[(str(feedback.get("id")), _where(feedback.getparent()))] += 1
    return found


@pytest.fixture(scope="module")
def judged() -> dict[str, str]:
    contexts = [validator_suite.Context(href=path) for path in FILES]
    return {
        path.name: annotated
        for path, annotated in zip(FILES, validator_suite.judge_all(contexts), strict=True)
    }


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:60])
def test_itaproj_and_the_validator_report_the_same_rules_on_the_same_elements(
    path: Path, judged: dict[str, str]
) -> None:
    theirs = _feedback(judged[path.name])
    mine = _feedback(validator_suite.annotate(path.read_text(encoding="utf-8"), validate(path)))
    only_theirs = collections.Counter(rule for rule, _ in (theirs - mine).elements())
    only_mine = collections.Counter(rule for rule, _ in (mine - theirs).elements())
    differences = {
        rule: (only_theirs[rule], only_mine[rule]) for rule in sorted(set(only_theirs) | set(only_mine))
    }
    known = {rule: counts[:2] for (name, rule), counts in KNOWN.items() if name == path.name}
    assert differences == known
    assert sum((theirs & mine).values()) + sum(only_theirs.values()) == sum(theirs.values())


def test_the_files_agree_on_thousands_of_findings(judged: dict[str, str]) -> None:
    # Not an empty agreement: the Validator finds something in most files.
    total = sum(sum(_feedback(annotated).values()) for annotated in judged.values())
    assert total > 1000
    assert all(name in judged for name, _ in KNOWN)
