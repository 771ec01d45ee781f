"""The Validator's codelist rules (9.x), read from ``rules/iati/codelists.xslt``.

Expected ids and places are read by hand from the XSLT (each template's match pattern, codelist
and id) and from ``tests/iati/codelists.xspec``.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

from lxml import etree

from itaproj.findings import Severity
from itaproj.iati import validate
from itaproj.iati.dq.codelists import codelist_findings, codes

ROOT = Path(__file__).resolve().parents[2]
XSLT = ROOT / "tests" / "data" / "iati" / "validator-rules" / "rules" / "iati" / "codelists.xslt"
ACTIVITY = "/iati-activities/iati-activity[1]"


def _found(body: str, version: str = "2.03", attributes: str = "") -> list[tuple[str, str]]:
    root = etree.fromstring(
        f'<iati-activities version="{version}"><iati-activity {attributes}>{body}</iati-activity></iati-activities>'
    )
    return [
        (f.rule.removeprefix("iati.dq."), f.path.split(" (line")[0]) for f in codelist_findings(root, version)
    ]


def test_every_codelist_rule_of_the_validator_is_read() -> None:
    text = XSLT.read_text(encoding="utf-8")
    ids = set(re.findall(r'id="(9\.\d+\.1)"', text))
    assert len(ids) == text.count("me:codeListFail(") == 126
    from itaproj.iati.dq.codelists import _by_attribute

    compiled = {rule.rule.id for rules in _by_attribute().values() for rule in rules}
    assert compiled == ids


def test_a_code_is_checked_where_it_stands() -> None:
    found = _found(
        '<activity-status code="9"/>'  # 9.5.1 ActivityStatus
        '<recipient-country code="QQ"/>'  # 9.50.1 Country: checked, although the list is open
        '<transaction><flow-type code="99"/></transaction>'  # 9.84.1 FlowType
        '<sector vocabulary="99" code="anything"/>',  # the publisher's own vocabulary: no rule
        attributes='default-currency="EURO"',  # 9.3.1 Currency
    )
    assert found == [
        ("9.3.1", f"{ACTIVITY}/@default-currency"),
        ("9.5.1", f"{ACTIVITY}/activity-status[1]/@code"),
        ("9.50.1", f"{ACTIVITY}/recipient-country[1]/@code"),
        ("9.84.1", f"{ACTIVITY}/transaction[1]/flow-type[1]/@code"),
    ]


def test_codes_pass_in_lower_or_upper_case_as_the_validator_tries_both() -> None:
    assert _found('<recipient-country code="ua"/><activity-status code="2"/>') == []
    # "Ua" in upper case is listed too; " UA" is not, in any case (the value is not trimmed)
    assert _found('<recipient-country code="Ua"/>') == []
    assert _found('<recipient-country code=" UA"/>') == [("9.50.1", f"{ACTIVITY}/recipient-country[1]/@code")]


def test_an_empty_attribute_is_an_invalid_code_but_an_empty_text_is_none() -> None:
    # In XPath the attribute node is true even when empty, and "" is in no codelist
    # (the Validator reports significance="" on a real file, MAEC Indonesia, 456 times).
    found = _found(
        '<policy-marker vocabulary="1" code="1" significance=""/><crs-add><channel-code/></crs-add>'
    )
    assert [path for _, path in found] == [f"{ACTIVITY}/policy-marker[1]/@significance"]


def test_vocabulary_decides_the_codelist() -> None:
    found = _found(
        '<sector code="99999"/>'  # no vocabulary: DAC 5-digit (9.76.1)
        '<sector vocabulary="2" code="99999"/>'  # DAC 3-digit category
        '<sector vocabulary="2" code="111"/>'
    )
    rules = {rule for rule, _ in found}
    assert [path for _, path in found] == [f"{ACTIVITY}/sector[1]/@code", f"{ACTIVITY}/sector[2]/@code"]
    assert len(rules) == 2  # one rule per vocabulary


def test_an_element_text_and_xml_lang_anywhere() -> None:
    found = _found(
        '<title><narrative xml:lang="zz">x</narrative></title><crs-add><channel-code>0</channel-code></crs-add>'
    )
    assert [path for _, path in found] == [
        f"{ACTIVITY}/title[1]/narrative[1]/@xml:lang",
        f"{ACTIVITY}/crs-add[1]/channel-code[1]",
    ]


def test_budget_identifiers_of_vocabulary_1_are_not_checked_in_2_03() -> None:
    # codelists.xspec: "If there are country budget items with vocabulary 1 in version 2.03"
    body = '<country-budget-items vocabulary="1"><budget-item code="9.9.9"/></country-budget-items>'
    assert _found(body, "2.03") == []
    assert _found(body, "2.02") == [("9.14.1", f"{ACTIVITY}/country-budget-items[1]/budget-item[1]/@code")]


def test_the_codelists_are_the_validators_by_version() -> None:
    lists = codes()
    assert set(lists) == {"2.01", "2.02", "2.03"}
    assert "UA" in lists["2.03"]["Country"]
    # ActivityStatus is embedded: 6 codes in each version (lib/schemata/2.0x/codelist)
    assert {version: len(by_name["ActivityStatus"]) for version, by_name in lists.items()} == {
        "2.01": 6,
        "2.02": 6,
        "2.03": 6,
    }


def test_validate_reports_them_with_the_validators_severity() -> None:
    data = b'<iati-activities version="2.03"><iati-activity><activity-status code="9"/></iati-activity></iati-activities>'
    (finding,) = [f for f in validate(BytesIO(data)) if f.rule == "iati.dq.9.5.1"]
    assert finding.severity is Severity.ERROR
    assert finding.message == "The activity status code is invalid. ('9')"


def test_a_version_1_file_gets_no_codelist_rule() -> None:
    data = b'<iati-activities version="1.03"><iati-activity><activity-status code="9"/></iati-activity></iati-activities>'
    rules = {f.rule for f in validate(BytesIO(data)) if f.rule.startswith("iati.dq.")}
    assert rules == {"iati.dq.0.6.1"}
