"""The IATI Validator's data-quality rules: the shipped catalogue and the identifier rules (1.x).

Expected rule ids and places come from the Validator's own XSpec scenarios
(``tests/data/iati/validator-rules/tests/iati/activity-identifiers.xspec``), read by hand, and
from the rule texts in ``rules/iati/identifiers.xslt`` and ``rules/lib/identifiers.xslt``.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from io import BytesIO
from pathlib import Path
from types import ModuleType

import attrs
import pytest

from itaproj import Catalogue, LocalizedText, Organisation, Programme
from itaproj.findings import Severity
from itaproj.iati import validate
from itaproj.iati.dq import categories, dq_rule, dq_rules, known_orgid_prefixes, known_publishers
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.programme import OtherIdentifier, Publication

ROOT = Path(__file__).resolve().parents[2]
RULESETS = ROOT / "tests" / "data" / "iati" / "validator-rules"
ACTIVITY = "/iati-activities/iati-activity"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("validator_rules", ROOT / "tools" / "validator_rules.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["validator_rules"] = module
    spec.loader.exec_module(module)
    return module


def _found(xml: str, version: str = "2.03") -> list[tuple[str, str]]:
    data = f'<iati-activities version="{version}">{xml}</iati-activities>'.encode()
    found = ((f.rule.removeprefix("iati.dq."), f.path) for f in check_iati(BytesIO(data)))
    return sorted(hit for hit in found if hit[0].startswith("1."))  # the identifier rules


# --- the catalogue ------------------------------------------------------------------------------


def test_catalogue_has_every_rule_of_the_validator() -> None:
    # The IATI Validator's rule list: 245 rule ids, 183 errors ("danger") and 62 warnings
    # (issue 12 and the Rulesets' README).
    rules = dq_rules()
    assert len(rules) == 245
    assert sum(rule.severity is Severity.ERROR for rule in rules.values()) == 183
    assert sum(rule.severity is Severity.WARNING for rule in rules.values()) == 62
    assert set(categories()) == {
        "iati",
        "identifiers",
        "organisation",
        "information",
        "participating",
        "geo",
        "classifications",
        "financial",
        "documents",
        "relations",
        "performance",
    }
    assert {rule.category for rule in rules.values()} <= set(categories())


def test_rules_read_as_written_in_the_xslt() -> None:
    # rules/iati/identifiers.xslt, the 1.1.2 feedback element
    assert dq_rule("1.1.2").message == "The activity identifier must be unique for each activity."
    assert dq_rule("iati.dq.1.1.2").severity is Severity.ERROR
    # rules/lib/identifiers.xslt instantiated by the reporting-org/@ref call (idclass 1.14)
    rule = dq_rule("1.14.8")
    assert rule.message == "The reporting-org identifier must start with an approved agency code."
    assert (rule.severity, rule.category, rule.context) == (
        Severity.WARNING,
        "identifiers",
        "iati-activity/reporting-org/@ref",
    )
    # rules/lib/percentages.xslt, called for sectors with idclass 2.1 and verb "must"
    assert (
        dq_rule("12.1.1").message
        == "The country/region percentage value must be between 0.0 and 100.0 (inclusive)."
    )
    with pytest.raises(KeyError):
        dq_rule("99.99.99")


def test_shipped_catalogue_is_what_the_rulesets_say() -> None:
    tool = _tool()
    shipped = json.loads((ROOT / "src/itaproj/data/iati/validator/rules.json").read_text(encoding="utf-8"))
    assert tool.catalogue(RULESETS) == shipped
    assert sorted(known_publishers()) == tool.codes(RULESETS / "var" / "known-publishers.xml")
    assert sorted(known_orgid_prefixes()) == tool.codes(RULESETS / "var" / "known-orgid-prefixes.xml")
    assert {"GB-CHC", "XM-DAC", "XI-IATI"} <= known_orgid_prefixes()


# --- identifier rules on IATI XML ---------------------------------------------------------------


def test_leading_and_trailing_spaces_in_every_kind_of_identifier() -> None:
    found = _found(
        """<iati-activity>
          <iati-identifier> ABC</iati-identifier>
          <participating-org role="1" ref="XM-DAC-1" activity-id="XYZ "/>
          <transaction><transaction-type code="1"/><transaction-date iso-date="2020-01-01"/>
            <value value-date="2020-01-01" currency="EUR">1</value>
            <provider-org provider-activity-id=" A12 "/>
            <receiver-org receiver-activity-id="B23 "/>
          </transaction>
          <other-identifier type="A3" ref="
              CDE "/>
        </iati-activity>
        <iati-activity><iati-identifier>XYZ  </iati-identifier></iati-activity>"""
    )
    first, second = f"{ACTIVITY}[1]", f"{ACTIVITY}[2]"
    assert [hit for hit in found if hit[0].endswith(".1") and not hit[0].startswith("1.1.")] == sorted(
        [
            ("1.3.1", f"{first}/iati-identifier"),
            ("1.9.1", f"{first}/participating-org[1]/@activity-id"),
            ("1.4.1", f"{first}/transaction[1]/provider-org/@provider-activity-id"),
            ("1.5.1", f"{first}/transaction[1]/receiver-org/@receiver-activity-id"),
            ("1.6.1", f"{first}/other-identifier[1]/@ref"),
            ("1.3.1", f"{second}/iati-identifier"),
        ]
    )


def test_forbidden_characters_unless_the_publisher_is_known() -> None:
    found = _found(
        "<iati-activity><iati-identifier>AB&amp;C</iati-identifier></iati-activity>"
        "<iati-activity><iati-identifier>X/YZ</iati-identifier></iati-activity>"
        # KE-NCB-OP/218/051/924/84 is a publisher the Registry knows (var/known-publishers.xml)
        "<iati-activity><iati-identifier>KE-NCB-OP/218/051/924/84-X/YZ</iati-identifier></iati-activity>"
    )
    assert [hit for hit in found if hit[0] == "1.3.13"] == [
        ("1.3.13", f"{ACTIVITY}[1]/iati-identifier"),
        ("1.3.13", f"{ACTIVITY}[2]/iati-identifier"),
    ]


def test_activity_identifier_and_reporting_organisation() -> None:
    found = _found(
        # starts with the reporting org's id, but no "-suffix": 1.1.21 (2.03 only)
        '<iati-activity><iati-identifier>myOrg/123</iati-identifier><reporting-org ref="myOrg" type="10"/></iati-activity>'
        '<iati-activity><iati-identifier>XX-ABC-</iati-identifier><reporting-org ref="XX-ABC" type="10"/></iati-activity>'
        # the reporting org's id itself: 1.1.3
        '<iati-activity><iati-identifier>XM-DAC-5</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/></iati-activity>'
        # another org's prefix, no previous identifier: 1.1.1
        '<iati-activity><iati-identifier>XM-DAC-6-1</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/></iati-activity>'
        # a previous reporting-org id (other-identifier B1) counts
        '<iati-activity><iati-identifier>XM-DAC-6-2</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/>'
        '<other-identifier ref="XM-DAC-6" type="B1"/></iati-activity>'
    )
    rules = {rule: [path for r, path in found if r == rule] for rule, _ in found}
    assert rules["1.1.21"] == [f"{ACTIVITY}[1]/iati-identifier", f"{ACTIVITY}[2]/iati-identifier"]
    assert rules["1.1.3"] == [f"{ACTIVITY}[3]/iati-identifier"]
    assert rules["1.1.1"] == [f"{ACTIVITY}[4]/iati-identifier"]
    # myOrg and XX-ABC are no registration agency's prefix; XM-DAC is
    assert rules["1.14.8"] == [f"{ACTIVITY}[1]/reporting-org/@ref", f"{ACTIVITY}[2]/reporting-org/@ref"]
    assert "1.1.2" not in rules


def test_version_202_has_no_rule_1_1_21() -> None:
    xml = '<iati-activity><iati-identifier>XX-ABC-</iati-identifier><reporting-org ref="XX-ABC" type="10"/></iati-activity>'
    assert "1.1.21" in {rule for rule, _ in _found(xml)}
    assert "1.1.21" not in {rule for rule, _ in _found(xml, version="2.02")}


def test_an_identifier_used_twice_is_reported_on_each_activity() -> None:
    one = '<iati-activity><iati-identifier>XM-DAC-5-1</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/></iati-activity>'
    other = '<iati-activity><iati-identifier>XM-DAC-5-2</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/></iati-activity>'
    assert _found(one + other + one) == [
        ("1.1.2", f"{ACTIVITY}[1]/iati-identifier"),
        ("1.1.2", f"{ACTIVITY}[3]/iati-identifier"),
    ]


def test_reporting_org_without_identifier() -> None:
    found = _found(
        '<iati-activity><iati-identifier>A-1</iati-identifier><reporting-org type="10"><narrative>X</narrative></reporting-org></iati-activity>'
    )
    assert ("1.7.2", f"{ACTIVITY}[1]/reporting-org") in found


def test_an_element_kept_verbatim_keeps_its_place() -> None:
    # The first participating-org has neither @ref nor a name, so the reader keeps it verbatim;
    # the second is participants[0] in the model and participating-org[2] in the file.
    found = _found(
        '<iati-activity><iati-identifier>XM-DAC-5-1</iati-identifier><reporting-org ref="XM-DAC-5" type="10"/>'
        '<participating-org role="1"/><participating-org role="2" ref="GB-COH-1/2"/></iati-activity>'
    )
    assert found == [("1.8.13", f"{ACTIVITY}[1]/participating-org[2]/@ref")]


def test_a_version_1_file_gets_one_finding() -> None:
    data = b'<iati-activities version="1.03"><iati-activity><iati-identifier> x</iati-identifier></iati-activity></iati-activities>'
    findings = check_iati(BytesIO(data))
    assert [(f.rule, f.severity, f.path) for f in findings] == [
        ("iati.dq.0.6.1", Severity.ERROR, "/iati-activities")
    ]


def test_validate_includes_the_data_quality_rules_and_reads_a_stream_once() -> None:
    data = BytesIO(
        b'<iati-activities version="2.03"><iati-activity><iati-identifier>AB&amp;C</iati-identifier>'
        b"</iati-activity></iati-activities>"
    )
    rules = {finding.rule for finding in validate(data)}
    assert {"iati.schema", "iati.dq.1.3.13", "iati.dq.1.1.1"} <= rules


# --- on the model -------------------------------------------------------------------------------


def test_catalogue_findings_name_model_paths() -> None:
    bank = Organisation("wb", LocalizedText({"en": "World Bank"}), ref="44000 ")
    previous = OtherIdentifier("XM/1", "B1")
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        iati_identifier="44000-P1",
        publication=Publication(reporting_org=bank),
        other_identifiers=(previous,),
    )
    findings = check_catalogue(
        Catalogue((programme, attrs.evolve(programme, key="q"))), today=dt.date(2026, 1, 1)
    )
    found = sorted((f.rule, f.path) for f in findings if f.rule.startswith("iati.dq.1."))
    expected = []
    for index in (0, 1):
        at = f"$.programmes[{index}]"
        expected += [
            # "44000 " ends with a space, and starts with no agency prefix and "-"
            ("iati.dq.1.14.1", f"{at}.publication.reporting_org.ref"),
            ("iati.dq.1.14.8", f"{at}.publication.reporting_org.ref"),
            # neither "44000 " nor the previous id "XM/1" begins "44000-P1"
            ("iati.dq.1.1.1", f"{at}.iati_identifier"),
            # two programmes, one identifier
            ("iati.dq.1.1.2", f"{at}.iati_identifier"),
        ]
    assert found == sorted(expected)
