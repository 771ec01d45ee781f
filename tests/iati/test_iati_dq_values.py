"""The Validator's rules on values the model refuses, run on the XML (:mod:`itaproj.iati.dq.values`).

Expected rule ids and places are read by hand from ``rules/iati/percentages.xslt`` (12.x),
``financial.xslt`` (7.8.1, 7.9.x with ``rules/lib/percentages.xslt``) and ``identifiers.xslt``
(1.7.1), and from the scenarios of ``tests/iati/percentages.xspec``, ``financial.xspec`` and
``activity-identifiers.xspec`` cited at each test. A feedback is in the element the template
matched: the element for 12.1-12.3, 7.8.1 and 7.9.x (on the ``iati-activity``), the attribute's
element for 12.4.1 and 1.7.1 (whose findings name the attribute).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from itaproj.errors import InvalidValueError
from itaproj.findings import Severity
from itaproj.geo import CountryShare
from itaproj.iati import validate
from itaproj.iati.dq.codelists import codelist_findings
from itaproj.iati.dq.run import check_iati
from itaproj.iati.dq.values import decimal_of, value_findings

A = "/iati-activities/iati-activity"
OURS = frozenset(
    {"12.1.1", "12.1.2", "12.2.1", "12.2.2", "12.3.1", "12.3.2", "12.4.1", "7.8.1", "1.7.1"}
    | {"7.9.1", "7.9.2", "7.9.4"}
)


def _document(activities: str, version: str) -> bytes:
    return f'<iati-activities version="{version}">{activities}</iati-activities>'.encode()


def _found(activities: str, version: str = "2.03") -> list[tuple[str, str]]:
    """(rule id, XPath without the line) of this module's rules, as ``validate`` reports them."""
    found = (
        (f.rule.removeprefix("iati.dq."), f.path.split(" (line")[0])
        for f in validate(BytesIO(_document(activities, version)))
    )
    return [hit for hit in found if hit[0] in OURS]


# --- percentages: 12.4.1, 12.1.x, 12.2.x, 12.3.x -----------------------------------------------


def test_a_percentage_that_is_no_number() -> None:
    # percentages.xspec:7: 12.4.1 for the sector and for the recipient-country.
    found = _found(
        '<iati-activity><sector percentage="100%"/><recipient-country percentage="&amp;1"/></iati-activity>'
    )
    assert found == [
        ("12.4.1", f"{A}[1]/sector[1]/@percentage"),
        ("12.4.1", f"{A}[1]/recipient-country[1]/@percentage"),
    ]


@pytest.mark.parametrize(
    ("version", "values", "expected"),
    [
        ("2.03", ("-1", "-122"), "12.1.1"),  # percentages.xspec:18
        ("2.03", ("101", "122"), "12.1.1"),  # percentages.xspec:33
        ("2.02", ("-1", "-122"), "12.1.2"),  # percentages.xspec:48
        ("2.02", ("101", "122"), None),  # percentages.xspec:63: before 2.03 only below 0
    ],
)
def test_country_and_region_percentages_out_of_range(
    version: str, values: tuple[str, str], expected: str | None
) -> None:
    country, region = values
    found = _found(
        f'<iati-activity><recipient-country percentage="{country}"/></iati-activity>'
        f'<iati-activity><recipient-region percentage="{region}"/></iati-activity>',
        version,
    )
    assert found == (
        []
        if expected is None
        else [(expected, f"{A}[1]/recipient-country[1]"), (expected, f"{A}[2]/recipient-region[1]")]
    )


@pytest.mark.parametrize(
    ("version", "values", "expected"),
    [
        ("2.03", ("-1", "-122"), ["12.2.1", "12.2.1"]),  # percentages.xspec:82
        ("2.03", ("101", "122"), ["12.2.1", "12.2.1"]),  # percentages.xspec:97
        ("2.02", ("-1", "-122"), ["12.2.2", "12.2.2"]),  # percentages.xspec:112
        ("2.02", ("101", "122"), []),  # percentages.xspec:127
    ],
)
def test_capital_spend_and_budget_item_percentages_out_of_range(
    version: str, values: tuple[str, str], expected: list[str]
) -> None:
    spend, item = values
    found = _found(
        f'<iati-activity><capital-spend percentage="{spend}"/>'
        f'<country-budget-items><budget-item percentage="{item}"/></country-budget-items></iati-activity>',
        version,
    )
    places = [f"{A}[1]/capital-spend[1]", f"{A}[1]/country-budget-items[1]/budget-item[1]"]
    assert found == list(zip(expected, places[: len(expected)], strict=True))


@pytest.mark.parametrize(
    ("version", "value", "expected"),
    [
        ("2.03", "-1", ["12.3.1"]),  # percentages.xspec:142
        ("2.03", "101", ["12.3.1"]),  # percentages.xspec:153
        ("2.02", "-1", ["12.3.2"]),  # percentages.xspec:164
        ("2.02", "101", []),  # percentages.xspec:175
        ("2.03", "100.0", []),  # 0 and 100 are inside: "between 0.0 and 100.0 (inclusive)"
        ("2.03", "0", []),
    ],
)
def test_sector_percentages_out_of_range(version: str, value: str, expected: list[str]) -> None:
    found = _found(f'<iati-activity><sector code="11110" percentage="{value}"/></iati-activity>', version)
    assert found == [(rule, f"{A}[1]/sector[1]") for rule in expected]


def test_the_model_refuses_what_these_rules_read_so_check_iati_leaves_them_to_the_xml() -> None:
    # The reader keeps the sector of 101 % verbatim; the model-based rules say nothing of it,
    # the XML walk of validate says 12.3.1 once.
    data = _document('<iati-activity><sector code="11110" percentage="101"/></iati-activity>', "2.03")
    assert [f for f in check_iati(BytesIO(data)) if f.rule.removeprefix("iati.dq.") in OURS] == []
    assert _found('<iati-activity><sector code="11110" percentage="101"/></iati-activity>') == [
        ("12.3.1", f"{A}[1]/sector[1]")
    ]
    # A catalogue cannot hold such a percentage at all, so check_catalogue has nothing to find.
    with pytest.raises(InvalidValueError):
        CountryShare("UA", 150)


def test_severity_and_message_are_the_validators() -> None:
    root = etree.fromstring(_document('<iati-activity><sector percentage="x"/></iati-activity>', "2.03"))
    (finding,) = codelist_findings(root, "2.03")
    assert finding.severity is Severity.ERROR  # type="danger"
    assert finding.message.startswith("The percentage value must be a numerical value.")
    assert finding.path == f"{A}[1]/sector[1]/@percentage (line 1)"


@given(st.decimals(min_value=0, max_value=100, places=4, allow_nan=False))
def test_a_percentage_from_0_to_100_is_never_reported(value: Decimal) -> None:
    element = etree.fromstring(f'<sector percentage="{value}"/>')
    assert list(value_findings(element, "2.03")) == []
    assert list(value_findings(element, "2.02")) == []


@given(st.decimals(max_value=Decimal("-0.0001"), places=4, allow_nan=False, allow_infinity=False))
def test_a_negative_percentage_is_reported_in_every_version(value: Decimal) -> None:
    element = etree.fromstring(f'<sector percentage="{value}"/>')
    assert [f.rule for f in value_findings(element, "2.03")] == ["iati.dq.12.3.1"]
    assert [f.rule for f in value_findings(element, "2.01")] == ["iati.dq.12.3.2"]


def test_castable_as_decimal_is_xsd_decimal() -> None:
    # xs:decimal: an optional sign, digits with at most one point, no exponent; white space
    # around it is collapsed away.
    assert decimal_of("50") == Decimal(50)
    assert decimal_of(" +5. ") == Decimal(5)
    assert decimal_of(".25") == Decimal("0.25")
    for text in ("", ".", "1e2", "100%", "NaN", "INF", "1,5", "٣"):
        assert decimal_of(text) is None, text


# --- 7.8.1: a value with no currency -----------------------------------------------------------


def test_values_without_currency_and_no_default_currency() -> None:
    # financial.xspec:30: budget/value, planned-disbursement/value, transaction/value,
    # crs-add/loan-status and fss/forecast each get 7.8.1.
    body = (
        "<budget><value>123</value></budget>"
        "<planned-disbursement><value>123</value></planned-disbursement>"
        "<transaction><value>123</value></transaction>"
        "<crs-add><loan-status/></crs-add>"
        "<fss><forecast>123</forecast></fss>"
    )
    assert _found(f"<iati-activity>{body}</iati-activity>") == [
        ("7.8.1", f"{A}[1]/budget[1]/value[1]"),
        ("7.8.1", f"{A}[1]/planned-disbursement[1]/value[1]"),
        ("7.8.1", f"{A}[1]/transaction[1]/value[1]"),
        ("7.8.1", f"{A}[1]/crs-add[1]/loan-status[1]"),
        ("7.8.1", f"{A}[1]/fss[1]/forecast[1]"),
    ]
    # financial.xspec:7: with a default currency, none.
    assert _found(f'<iati-activity default-currency="EUR">{body}</iati-activity>') == []
    # An empty default currency is none (``@default-currency=''``).
    assert len(_found(f'<iati-activity default-currency="">{body}</iati-activity>')) == 5


def test_a_value_with_its_own_currency_even_an_empty_one() -> None:
    # ``not(@currency)``: an empty @currency is there (the codelist rule refuses its code).
    found = _found(
        '<iati-activity><budget><value currency="USD">1</value></budget>'
        '<transaction><value currency="">1</value></transaction></iati-activity>'
    )
    assert found == []


# --- 1.7.1: related activity identifiers -------------------------------------------------------


def test_a_related_activity_identifier_with_spaces() -> None:
    # activity-identifiers.xspec:7: related-activity ref=" 123 " gives 1.7.1 (a warning); 1.7
    # has no forbidden-character rule (identifier_check checks / & | ? for other classes only).
    found = _found(
        '<iati-activity><related-activity ref=" 123 " type="1"/>'
        '<related-activity ref="A/B" type="1"/><related-activity ref="XM-1" type="1"/></iati-activity>'
    )
    assert found == [("1.7.1", f"{A}[1]/related-activity[1]/@ref")]
    root = etree.fromstring(b'<related-activity ref="x&#10;"/>')
    (finding,) = value_findings(root, "2.03")
    assert finding.severity is Severity.WARNING


# --- 7.9.x: several country-budget-items -------------------------------------------------------


def test_budget_items_of_several_country_budget_items_grouped_by_vocabulary() -> None:
    # percentages.xspec:202: activity 1 (one country-budget-items, 40 + 40) is the model's
    # (dq.financial) 7.9.2; activity 2: vocabulary 3 has one item of 40 (7.9.4), vocabulary 4
    # adds up; activity 3: vocabulary 4 twice, 40 + 50 + 50 = 140 (7.9.2). All on the activity.
    activities = (
        '<iati-activity><country-budget-items vocabulary="4"><budget-item code="1844" percentage="40"/>'
        '<budget-item code="1900" percentage="40"/></country-budget-items></iati-activity>'
        '<iati-activity><country-budget-items vocabulary="3"><budget-item code="1900" percentage="40"/>'
        '</country-budget-items><country-budget-items vocabulary="4"><budget-item code="1844" percentage="50"/>'
        '<budget-item code="1900" percentage="50"/></country-budget-items></iati-activity>'
        '<iati-activity><country-budget-items vocabulary="4"><budget-item code="1900" percentage="40"/>'
        '</country-budget-items><country-budget-items vocabulary="4"><budget-item code="1844" percentage="50"/>'
        '<budget-item code="1900" percentage="50"/></country-budget-items></iati-activity>'
    )
    assert sorted(_found(activities)) == [("7.9.2", f"{A}[1]"), ("7.9.2", f"{A}[3]"), ("7.9.4", f"{A}[2]")]
    # only in 2.03 (the template's $iati-version = '2.03')
    assert _found(activities, "2.02") == []


def test_several_country_budget_items_missing_percentages_and_no_vocabulary() -> None:
    # Two items of vocabulary 1 across two elements, one without a percentage: 7.9.1; an element
    # without @vocabulary is in no group of for-each-group (group-by="@vocabulary").
    root = etree.fromstring(
        b'<iati-activity><country-budget-items vocabulary="1"><budget-item code="A" percentage="50"/>'
        b'</country-budget-items><country-budget-items vocabulary="1"><budget-item code="B"/>'
        b'</country-budget-items><country-budget-items><budget-item code="C" percentage="7"/>'
        b"</country-budget-items></iati-activity>"
    )
    assert [(f.rule, f.severity) for f in value_findings(root, "2.03")] == [
        ("iati.dq.7.9.1", Severity.WARNING)
    ]
