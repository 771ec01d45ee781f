"""Identifier rules (1.x) and 6.1.5 on elements the reader keeps verbatim (dq.structure).

A ``participating-org`` without a ``@role``, a ``transaction`` without a ``value`` and a
``document-link`` without a ``@url`` are kept verbatim by the reader; the Validator checks the
identifiers and the format in them all the same. Expected rule ids and places are read by hand
from ``rules/iati/identifiers.xslt`` (``participating-org/@ref`` 1.8, ``@activity-id`` 1.9,
``provider-org/@ref`` 1.10, ``@provider-activity-id`` 1.4, ``receiver-org/@ref`` 1.15,
``@receiver-activity-id`` 1.5), ``rules/lib/identifiers.xslt`` (``x.1``: white space around it;
``x.13``: one of ``/ & | ?`` unless a known publisher's id), ``rules/iati/information.xslt``
(6.1.5: ``not(@format) or @format=''`` on any ``document-link``) and the XSpec scenarios under
``tests/data/iati/validator-rules/tests/iati`` (cited as ``file:line`` of the ``x:scenario``).
The feedback goes in the element holding the attribute; itaproj names the attribute, as for the
model's rules.
"""

from __future__ import annotations

from io import BytesIO
from xml.sax.saxutils import quoteattr

from hypothesis import given
from hypothesis import strategies as st

from itaproj.findings import Severity
from itaproj.iati.dq.run import check_iati

A = "/iati-activities/iati-activity[1]"
IDENTIFIER_RULES = ("1.4.", "1.5.", "1.8.", "1.9.", "1.10.", "1.15.")


def _findings(xml: str, prefixes: tuple[str, ...] = IDENTIFIER_RULES) -> list[tuple[str, str]]:
    """The findings of ``check_iati`` on one activity whose rule starts with ``prefixes``."""
    data = f'<iati-activities version="2.03"><iati-activity>{xml}</iati-activity></iati-activities>'
    return sorted(
        (finding.rule.removeprefix("iati.dq."), finding.path)
        for finding in check_iati(BytesIO(data.encode()))
        if finding.rule.removeprefix("iati.dq.").startswith(prefixes)
    )


def test_spaces_around_organisation_identifiers_in_kept_elements() -> None:
    # organisation-identifiers.xspec:30 (participating-org without @role, transaction without value)
    found = _findings(
        """<reporting-org ref=" ABC"/><participating-org ref="XYZ "/>
        <transaction><provider-org ref=" A12 "/><receiver-org ref="B23 "/></transaction>"""
    )
    assert found == [
        ("1.10.1", f"{A}/transaction[1]/provider-org/@ref"),
        ("1.15.1", f"{A}/transaction[1]/receiver-org/@ref"),
        ("1.8.1", f"{A}/participating-org[1]/@ref"),
    ]


def test_forbidden_characters_in_kept_elements_are_warnings() -> None:
    # organisation-identifiers.xspec:106: " A|12" has a space too (1.10.1 and 1.10.13)
    data = """<iati-activities version="2.03"><iati-activity><reporting-org ref="ABC&amp;D"/>
        <participating-org ref="XY/Z"/>
        <transaction><provider-org ref=" A|12"/><receiver-org ref="B?23"/></transaction>
        </iati-activity></iati-activities>"""
    findings = [
        finding
        for finding in check_iati(BytesIO(data.encode()))
        if finding.rule.removeprefix("iati.dq.").startswith(IDENTIFIER_RULES)
    ]
    assert sorted((finding.rule, finding.path) for finding in findings) == [
        ("iati.dq.1.10.1", f"{A}/transaction[1]/provider-org/@ref"),
        ("iati.dq.1.10.13", f"{A}/transaction[1]/provider-org/@ref"),
        ("iati.dq.1.15.13", f"{A}/transaction[1]/receiver-org/@ref"),
        ("iati.dq.1.8.13", f"{A}/participating-org[1]/@ref"),
    ]
    assert {finding.severity for finding in findings} == {Severity.WARNING}


def test_known_publishers_and_good_identifiers_in_kept_elements_give_nothing() -> None:
    # organisation-identifiers.xspec:7, :57 and :82 (known publisher with "/")
    for ref in ("GB-1", "US-GOV-1", "KE-NCB-OP/218/051/924/84"):
        xml = f'<participating-org ref="{ref}"/><transaction><provider-org ref="{ref}"/></transaction>'
        assert _findings(xml) == [], ref


def test_spaces_around_activity_identifiers_in_kept_elements() -> None:
    # activity-identifiers.xspec:7
    found = _findings(
        """<iati-identifier> ABC</iati-identifier><participating-org activity-id="XYZ "/>
        <transaction><provider-org provider-activity-id=" A12 "/>
        <receiver-org receiver-activity-id="B23 "/></transaction>"""
    )
    assert found == [
        ("1.4.1", f"{A}/transaction[1]/provider-org/@provider-activity-id"),
        ("1.5.1", f"{A}/transaction[1]/receiver-org/@receiver-activity-id"),
        ("1.9.1", f"{A}/participating-org[1]/@activity-id"),
    ]


def test_kept_planned_disbursement_and_second_party_are_located() -> None:
    # identifiers.xslt matches provider-org/@ref wherever it is: a planned disbursement's too
    found = _findings(
        """<participating-org role="1" ref="A-1"/><participating-org ref="B/1"/>
        <planned-disbursement><provider-org ref="C-1"/><receiver-org ref="D|1"/></planned-disbursement>"""
    )
    assert found == [
        ("1.15.13", f"{A}/planned-disbursement[1]/receiver-org/@ref"),
        ("1.8.13", f"{A}/participating-org[2]/@ref"),
    ]


def test_modelled_elements_are_reported_once() -> None:
    # a participating-org with a role and a transaction with a value: the model's rules only
    found = _findings(
        """<participating-org role="1" ref="XYZ "/><transaction><transaction-type code="1"/>
        <transaction-date iso-date="2020-01-01"/><value currency="EUR" value-date="2020-01-01">1</value><provider-org ref=" A12 "/></transaction>"""
    )
    assert found == [
        ("1.10.1", f"{A}/transaction[1]/provider-org/@ref"),
        ("1.8.1", f"{A}/participating-org[1]/@ref"),
    ]


def test_kept_document_link_without_format() -> None:
    # document-link.xspec:51: a document-link without @url (nor @format) is kept verbatim
    assert _findings("<document-link/>", ("6.1.5",)) == [("6.1.5", f"{A}/document-link[1]")]
    assert _findings('<document-link format=""/>', ("6.1.5",)) == [("6.1.5", f"{A}/document-link[1]")]
    assert _findings('<document-link format="text/html"/>', ("6.1.5",)) == []


def test_document_links_in_a_kept_result() -> None:
    # a result without a title is kept verbatim; information.xslt matches document-link anywhere
    found = _findings(
        """<result type="1"><document-link format="text/html"/><document-link/>
        <indicator measure="1"><document-link/><baseline value="1"><document-link/></baseline>
        <period><target value="1"><document-link/></target><actual value="1">
        <document-link format="application/pdf"/></actual></period></indicator></result>""",
        ("6.1.5",),
    )
    indicator = f"{A}/result[1]/indicator[1]"
    assert found == [
        ("6.1.5", f"{A}/result[1]/document-link[2]"),
        ("6.1.5", f"{indicator}/baseline[1]/document-link[1]"),
        ("6.1.5", f"{indicator}/document-link[1]"),
        ("6.1.5", f"{indicator}/period[1]/target[1]/document-link[1]"),
    ]


@given(st.text(alphabet=" /&|?-AB1é", max_size=8))
def test_kept_and_modelled_participants_get_the_same_identifier_findings(ref: str) -> None:
    # the same identifier_check runs on both; only @role decides whether the model holds it
    attribute = quoteattr(ref)
    kept = _findings(f"<participating-org ref={attribute} activity-id={attribute}/>")
    modelled = _findings(f'<participating-org role="1" ref={attribute} activity-id={attribute}/>')
    assert kept == modelled
    spaced = ref != ref.strip(" ")
    assert (("1.8.1", f"{A}/participating-org[1]/@ref") in kept) == spaced
    assert (("1.9.1", f"{A}/participating-org[1]/@activity-id") in kept) == spaced


def test_two_providers_in_a_kept_transaction_are_told_apart() -> None:
    # not schema-valid (one provider-org at most), but the Validator checks each @ref
    found = _findings('<transaction><provider-org ref="A-1"/><provider-org ref="B-1 "/></transaction>')
    assert found == [("1.10.1", f"{A}/transaction[1]/provider-org[2]/@ref")]
