"""The IATI ruleset checks beyond the schema, each shown to fire and to stay quiet."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from lxml import etree

from itaproj.codelists import codelist
from itaproj.findings import Severity
from itaproj.iati import validate
from itaproj.iati.rules import check_activity, ruleset

TODAY = dt.date(2026, 1, 1)
PATH = "/iati-activities/iati-activity[1]"


def _rules(body: str, identifier: str = "XM-1-a", reporting: str = "XM-1") -> list[tuple[str, str]]:
    activity = etree.fromstring(
        f"<iati-activity><iati-identifier>{identifier}</iati-identifier>"
        f'<reporting-org ref="{reporting}" type="10"/>{body}</iati-activity>'
    )
    findings = check_activity(activity, PATH, TODAY)
    return [(f.rule, f.message.rsplit("[IATI rule ", 1)[1].rstrip("]")) for f in findings]


def test_the_ruleset_ships_with_the_package() -> None:
    assert "/iati-activities/iati-activity" in ruleset()


def test_a_clean_activity_has_no_findings() -> None:
    body = (
        '<activity-date type="1" iso-date="2020-01-01"/><activity-date type="3" iso-date="2021-01-01"/>'
        '<recipient-country code="AM" percentage="60"/><recipient-country code="GE" percentage="40"/>'
        '<sector code="11110" percentage="50"/><sector code="11120" percentage="50"/>'
        '<policy-marker vocabulary="1" code="1" significance="2"/>'
        '<budget><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/></budget>'
    )
    assert _rules(body) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<sector code="11110" percentage="50"/><sector code="11120" percentage="40"/>', "2.1.2"),
        ('<sector code="11110" percentage="50"/><sector code="11120"/>', "2.1.1"),
        (
            '<recipient-country code="AM" percentage="60"/><recipient-country code="GE" percentage="30"/>',
            "3.1.2",
        ),
        ('<recipient-country code="AM" percentage="60"/><recipient-country code="GE"/>', "3.1.1"),
        (
            '<recipient-country code="AM" percentage="50"/>'
            '<recipient-region code="298" vocabulary="1" percentage="40"/>',
            "3.4.2",
        ),
    ],
)
def test_percentages(body: str, expected: str) -> None:
    assert _rules(body) == [("iati.rule.percentages", expected)]


def test_percentages_are_summed_per_vocabulary() -> None:
    # 100 in vocabulary 1 and 100 in vocabulary 2 is right; the 200 overall does not matter.
    body = (
        '<sector code="11110" percentage="60"/><sector code="11120" percentage="40"/>'
        '<sector vocabulary="2" code="111" percentage="70"/><sector vocabulary="2" code="112" percentage="30"/>'
    )
    assert _rules(body) == []
    wrong = body.replace('percentage="30"', 'percentage="20"')
    assert _rules(wrong) == [("iati.rule.percentages", "2.1.2")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            '<activity-date type="1" iso-date="2021-01-01"/><activity-date type="3" iso-date="2020-01-01"/>',
            "11.1.2",
        ),
        (
            '<activity-date type="2" iso-date="2021-01-01"/><activity-date type="4" iso-date="2020-12-31"/>',
            "11.1.3",
        ),
        ('<activity-date type="2" iso-date="2026-01-02"/>', "11.1.4"),
        ('<activity-date type="4" iso-date="2030-01-01"/>', "11.1.5"),
        (
            '<budget><period-start iso-date="2020-06-01"/><period-end iso-date="2020-05-31"/></budget>',
            "8.6.3",
        ),
        (
            '<planned-disbursement><period-start iso-date="2023-01-01"/>'
            '<period-end iso-date="2021-02-01"/></planned-disbursement>',
            "8.6.3",
        ),
        (
            '<result><indicator><period><period-start iso-date="2020-02-01"/>'
            '<period-end iso-date="2020-01-01"/></period></indicator></result>',
            "8.6.1",
        ),
    ],
)
def test_date_order(body: str, expected: str) -> None:
    assert _rules(body) == [("iati.rule.date-order", expected)]


def test_budget_period_of_at_most_one_year() -> None:
    def budget(start: str, end: str) -> str:
        return f'<budget><period-start iso-date="{start}"/><period-end iso-date="{end}"/></budget>'

    assert _rules(budget("2020-03-01", "2021-03-01")) == []  # exactly one year later
    assert _rules(budget("2020-03-01", "2021-03-02")) == [("iati.rule.budget-period", "7.5.3")]
    assert _rules(budget("2020-02-29", "2021-02-28")) == []  # leap day: one year later is 28 February
    assert _rules(budget("2019-03-19", "2050-12-31")) == [("iati.rule.budget-period", "7.5.3")]


def test_significance_is_required_for_vocabulary_1() -> None:
    assert _rules('<policy-marker vocabulary="1" code="2"/>') == [("iati.rule.significance", "6.14.1")]
    assert _rules('<policy-marker code="2"/>') == [
        ("iati.rule.significance", "6.14.1")
    ]  # vocabulary 1 by default
    assert _rules('<policy-marker vocabulary="1" code="2" significance="0"/>') == []
    assert _rules('<policy-marker vocabulary="99" code="x"/>') == [("iati.rule.significance", "6.13.1")]
    assert _rules('<policy-marker vocabulary="99" code="x"><narrative>X</narrative></policy-marker>') == []


def test_identifier_prefix() -> None:
    assert _rules("", identifier="XM-1-project") == []
    assert _rules("", identifier="XM-2-project") == [("iati.rule.identifier-prefix", "1.1.21")]
    assert _rules("", identifier="XM-1project") == [("iati.rule.identifier-prefix", "1.1.21")]
    previous = '<other-identifier ref="46002" type="B1"/>'
    assert _rules(previous, identifier="46002-P-Z1-FA0-026", reporting="XM-DAC-46002") == []


def test_findings_carry_severity_path_and_line() -> None:
    activity = etree.fromstring(
        b"<iati-activity>\n<iati-identifier>XM-1-a</iati-identifier>\n"
        b'<policy-marker code="2"/>\n<policy-marker vocabulary="1" code="3"/></iati-activity>'
    )
    findings = check_activity(activity, PATH, TODAY)
    assert [f.path for f in findings] == [
        f"{PATH}/policy-marker[1] (line 3)",
        f"{PATH}/policy-marker[2] (line 4)",
    ]
    assert {f.severity for f in findings} == {Severity.ERROR}  # 6.14.1 is an error in the ruleset


def test_validate_joins_schema_and_rules() -> None:
    data = (
        b'<iati-activities version="2.03"><iati-activity><iati-identifier>XM-2-a</iati-identifier>'
        b'<reporting-org ref="XM-1" type="10"/></iati-activity></iati-activities>'
    )
    rules = {f.rule for f in validate(BytesIO(data))}
    assert rules == {"iati.schema", "iati.rule.identifier-prefix"}


def test_withdrawn_codes_are_accepted_and_flagged() -> None:
    sector = codelist("Sector")
    withdrawn = sorted(code for code in sector.codes if sector.is_withdrawn(code))[0]
    activity = etree.fromstring(f'<iati-activity><sector vocabulary="1" code="{withdrawn}"/></iati-activity>')
    (finding,) = [f for f in check_activity(activity, PATH, TODAY) if f.rule.startswith("iati.codelist")]
    assert (finding.rule, finding.severity) == ("iati.codelist.withdrawn", Severity.WARNING)
    assert withdrawn in finding.message
    assert finding.path == f"{PATH}/sector[1] (line 1)"


def test_codes_missing_from_a_complete_list_are_errors_but_open_lists_accept_any() -> None:
    activity = etree.fromstring(
        b'<iati-activity><activity-status code="9"/><recipient-country code="QQ"/>'
        b'<sector vocabulary="99" code="own-code"/></iati-activity>'
    )
    codes = [
        (f.rule, f.message)
        for f in check_activity(activity, PATH, TODAY)
        if f.rule.startswith("iati.codelist")
    ]
    assert codes == [("iati.codelist", "@code '9' is not in the ActivityStatus codelist")]
    assert not codelist("Country").complete  # QQ: an open list proves nothing
