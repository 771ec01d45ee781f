"""The checks of a parsed IATI file: withdrawn codes, codelists and the schema, with the model's rules."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from lxml import etree

from itaproj.codelists import codelist
from itaproj.findings import Severity
from itaproj.iati import validate
from itaproj.iati.rules import check_activity, ruleset

TODAY = dt.date(2026, 1, 1)
PATH = "/iati-activities/iati-activity[1]"


def test_the_ruleset_ships_with_the_package() -> None:
    assert "/iati-activities/iati-activity" in ruleset()


def test_a_clean_activity_has_no_findings() -> None:
    activity = etree.fromstring(
        b'<iati-activity><iati-identifier>XM-DAC-1-a</iati-identifier><reporting-org ref="XM-DAC-1" type="10"/>'
        b'<sector code="11110" percentage="50"/><sector code="11120" percentage="50"/>'
        b'<transaction><finance-type code="110"/></transaction></iati-activity>'
    )
    assert check_activity(activity, PATH, TODAY) == ()


def test_findings_carry_severity_path_and_line() -> None:
    activity = etree.fromstring(
        b"<iati-activity>\n<transaction>\n<finance-type code='410'/></transaction>\n"
        b"<transaction><finance-type code='110'/></transaction>\n"
        b"<transaction>\n\n<finance-type code='410'/></transaction></iati-activity>"
    )
    findings = check_activity(activity, PATH, TODAY)
    assert [f.path for f in findings] == [
        f"{PATH}/transaction[1]/finance-type[1] (line 3)",
        f"{PATH}/transaction[3]/finance-type[1] (line 7)",
    ]
    assert {f.severity for f in findings} == {Severity.WARNING}


def test_validate_joins_schema_and_rules() -> None:
    data = (
        b'<iati-activities version="2.03"><iati-activity><iati-identifier>XM-2-a</iati-identifier>'
        b'<reporting-org ref="XM-1" type="10"/></iati-activity></iati-activities>'
    )
    rules = {f.rule for f in validate(BytesIO(data))}
    # XM-2-a does not begin with XM-1 (1.1.1), and XM is no registration agency (1.14.8)
    assert {rule for rule in rules if not rule.startswith("iati.dq.") or rule.startswith("iati.dq.1.")} == {
        "iati.schema",
        "iati.dq.1.1.1",
        "iati.dq.1.14.8",
    }


def test_withdrawn_codes_are_accepted_and_flagged() -> None:
    sector = codelist("Sector")
    withdrawn = sorted(code for code in sector.codes if sector.is_withdrawn(code))[0]
    activity = etree.fromstring(f'<iati-activity><sector vocabulary="1" code="{withdrawn}"/></iati-activity>')
    (finding,) = [f for f in check_activity(activity, PATH, TODAY) if f.rule.startswith("iati.codelist")]
    assert (finding.rule, finding.severity) == ("iati.codelist.withdrawn", Severity.WARNING)
    assert withdrawn in finding.message
    assert finding.path == f"{PATH}/sector[1] (line 1)"


def test_codes_missing_from_their_codelist_are_the_validators_rules() -> None:
    # rules/iati/codelists.xslt: 9.5.1 activity-status/@code (ActivityStatus), 9.50.1
    # recipient-country/@code (Country, checked although the list is open); a sector of
    # vocabulary 99 is the publisher's own and no rule reads it.
    data = (
        b'<iati-activities version="2.03"><iati-activity><activity-status code="9"/>'
        b'<recipient-country code="QQ"/><sector vocabulary="99" code="own-code"/>'
        b'<recipient-country code="ua"/></iati-activity></iati-activities>'
    )
    codes = [(f.rule, f.severity, f.path) for f in validate(BytesIO(data)) if f.rule.startswith("iati.dq.9.")]
    assert codes == [
        (
            "iati.dq.9.5.1",
            Severity.ERROR,
            "/iati-activities/iati-activity[1]/activity-status[1]/@code (line 1)",
        ),
        (
            "iati.dq.9.50.1",
            Severity.ERROR,
            "/iati-activities/iati-activity[1]/recipient-country[1]/@code (line 1)",
        ),
    ]  # "ua" passes: the Validator also tries the code in upper case
