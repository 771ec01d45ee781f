"""The Validator's rules of organisation files where the model cannot hold the element.

Expected rule ids and places are read by hand from ``tests/data/iati/validator-rules/rules/iati``
(7.8.1 is attached to ``iati-organisation//value``, 7.5.3 and 8.6.3 to each budget and
``total-expenditure``, 11.3.1 to ``recipient-country-budget/budget-line/value``, 11.4.1 to the
``iati-organisation``, 1.17.x to ``recipient-org/@ref``, i.e. into ``recipient-org``, and 1.18.x to
``iati-organisation/reporting-org/@ref``) and the scenarios of ``financial.xspec``,
``dates.xspec``, ``organisation-identifiers.xspec`` and ``testfiles.xspec`` cited in each test.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import given

from itaproj.iati import validate
from itaproj.iati.dq.run import check_organisations

ROOT = Path(__file__).resolve().parents[2]
TESTFILES = ROOT / "tests" / "data" / "iati" / "validator-rules" / "tests" / "iati" / "testfiles"
ORG = "/iati-organisations/iati-organisation[1]"
TODAY = dt.date(2026, 1, 1)


def _found(xml: str, *, prefix: str = "", now: dt.datetime | None = None) -> list[tuple[str, str]]:
    data = xml.encode()
    findings = (
        check_organisations(BytesIO(data), now=now)
        if now
        else check_organisations(BytesIO(data), today=TODAY)
    )
    return sorted(
        (rule, finding.path.split(" (line")[0])
        for finding in findings
        if (rule := finding.rule.removeprefix("iati.dq.")).startswith(prefix)
    )


def _file(record: str, attributes: str = "") -> str:
    return f'<iati-organisations version="2.03"><iati-organisation{attributes}>{record}</iati-organisation></iati-organisations>'


_FINANCIAL = (
    "<total-budget><value>123</value><budget-line><value>123</value></budget-line></total-budget>"
    "<recipient-org-budget><value>123</value><budget-line><value>123</value></budget-line></recipient-org-budget>"
    "<recipient-region-budget><value>123</value><budget-line><value>123</value></budget-line>"
    "</recipient-region-budget>"
    "<recipient-country-budget><value>123</value><budget-line><value>123</value></budget-line>"
    "</recipient-country-budget>"
    "<total-expenditure><value>123</value><expense-line><value>123</value></expense-line></total-expenditure>"
)


def test_values_without_a_currency_and_no_default_currency() -> None:
    # financial.xspec "If a financial value in an organisation has no currency and there is no
    # default currency": every value and line value, in the value element
    found = _found(_file(_FINANCIAL), prefix="7.8.")
    assert found == sorted(
        ("7.8.1", f"{ORG}/{budget}[1]/{step}value[1]")
        for budget, line in (
            ("total-budget", "budget-line"),
            ("recipient-org-budget", "budget-line"),
            ("recipient-region-budget", "budget-line"),
            ("recipient-country-budget", "budget-line"),
            ("total-expenditure", "expense-line"),
        )
        for step in ("", f"{line}[1]/")
    )
    assert len(found) == 10


def test_values_without_a_currency_with_a_default_currency() -> None:
    # financial.xspec "... and there is a default currency": nothing
    assert _found(_file(_FINANCIAL, ' default-currency="EUR"'), prefix="7.8.") == []
    # The Validator's test of an empty currency reads a currency child that never exists: an
    # empty @currency is no breach, an empty @default-currency is none given
    record = (
        '<total-budget><value currency="">1</value><budget-line><value>2</value></budget-line></total-budget>'
    )
    assert _found(_file(record, ' default-currency=""'), prefix="7.8.") == [
        ("7.8.1", f"{ORG}/total-budget[1]/budget-line[1]/value[1]")
    ]


@given(st.lists(st.booleans(), min_size=1, max_size=6), st.booleans())
def test_each_value_without_currency_is_one_finding_unless_a_default_is_given(
    stated: list[bool], default: bool
) -> None:
    currency = {True: ' currency="USD"', False: ""}
    budgets = "".join(f"<total-budget><value{currency[given]}>1</value></total-budget>" for given in stated)
    found = _found(_file(budgets, ' default-currency="EUR"' if default else ""), prefix="7.8.")
    expected = (
        []
        if default
        else [f"{ORG}/total-budget[{i + 1}]/value[1]" for i, given in enumerate(stated) if not given]
    )
    assert [path for _, path in found] == sorted(expected)


def test_budget_line_value_dates_outside_the_period() -> None:
    # dates.xspec "If budget-line value dates are outside the budget period": only in a
    # recipient-country-budget; here every budget lacks its recipient and currency, so the
    # reader keeps them verbatim and the rule reads the XML
    def budget(tag: str) -> str:
        return (
            f'<{tag}><period-start iso-date="2014-01-01"/><period-end iso-date="2014-12-31"/>'
            f'<budget-line><value value-date="2013-12-01">2000000</value></budget-line></{tag}>'
        )

    tags = ("total-budget", "recipient-org-budget", "recipient-region-budget", "recipient-country-budget")
    found = _found(_file("".join(budget(tag) for tag in tags)), prefix="11.")
    assert found == [("11.3.1", f"{ORG}/recipient-country-budget[1]/budget-line[1]/value[1]")]


def test_a_typed_budget_line_is_reported_once() -> None:
    # the same rule on a recipient-country-budget the model holds: reported once (by the
    # model's rule, at the value's @value-date), not again from the XML; the period's ends
    # are inside it
    record = (
        '<recipient-country-budget><recipient-country code="AF"/>'
        '<period-start iso-date="2014-01-01"/><period-end iso-date="2014-12-31"/>'
        '<value currency="USD" value-date="2014-01-01">5</value>'
        '<budget-line><value currency="USD" value-date="2014-12-31">1</value><narrative>A</narrative></budget-line>'
        '<budget-line><value currency="USD" value-date="2015-01-01">1</value><narrative>B</narrative></budget-line>'
        "</recipient-country-budget>"
    )
    found = _found(_file(record), prefix="11.")
    assert found == [("11.3.1", f"{ORG}/recipient-country-budget[1]/budget-line[2]/value/@value-date")]


def _moments(now: dt.datetime) -> str:
    # dates.xspec: the moment written in its own time zone, without one (local time), in UTC,
    # one hour ahead of its own, and that one hour ahead without a time zone
    ahead = now.astimezone(dt.timezone(dt.timedelta(hours=1)))
    local = now.astimezone()
    written = (
        now.isoformat(),
        local.replace(tzinfo=None).isoformat(),
        now.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        ahead.isoformat(),
        (local + dt.timedelta(hours=1)).replace(tzinfo=None).isoformat(),
    )
    records = "".join(f'<iati-organisation last-updated-datetime="{moment}"/>' for moment in written)
    return f'<iati-organisations version="2.03">{records}</iati-organisations>'


def test_last_updated_at_the_moment_of_checking() -> None:
    # dates.xspec "If last-updated-datetime is the current time": only the moment one hour
    # ahead, written without a time zone, is in the future
    now = dt.datetime(2026, 12, 3, 2, 30, 15, 500000, tzinfo=dt.UTC)
    found = _found(_moments(now), prefix="11.4.", now=now)
    assert found == [("11.4.1", "/iati-organisations/iati-organisation[5]")]


def test_last_updated_one_hour_ahead() -> None:
    # dates.xspec "If last-updated-datetime is one hour ahead of the current time": all five
    now = dt.datetime(2026, 12, 3, 2, 30, 15, 500000, tzinfo=dt.UTC)
    found = _found(_moments(now + dt.timedelta(hours=1)), prefix="11.4.", now=now)
    assert found == [("11.4.1", f"/iati-organisations/iati-organisation[{i}]") for i in range(1, 6)]


def test_last_updated_compared_with_the_moment_of_the_call() -> None:
    # without today or now, "the future" is after the moment check_organisations runs: a
    # minute ahead is in it, a minute ago is not
    now = dt.datetime.now(dt.UTC)
    records = "".join(
        f'<iati-organisation last-updated-datetime="{(now + dt.timedelta(minutes=m)).isoformat()}"/>'
        for m in (-1, 1)
    )
    data = f'<iati-organisations version="2.03">{records}</iati-organisations>'.encode()
    found = [f.path for f in check_organisations(BytesIO(data)) if f.rule == "iati.dq.11.4.1"]
    assert found == ["/iati-organisations/iati-organisation[2]"]


def test_identifiers_with_spaces() -> None:
    # organisation-identifiers.xspec "... contains leading or trailing spaces": the
    # reporting-org without a narrative and the recipient-org-budget without a value are kept
    # verbatim by the reader; their identifiers are still checked, in their elements
    record = (
        "<organisation-identifier> B123 </organisation-identifier>"
        '<reporting-org ref="A12 "/>'
        '<recipient-org-budget><recipient-org ref=" AA-ABC"/></recipient-org-budget>'
    )
    assert _found(_file(record), prefix="1.") == [
        ("1.12.1", f"{ORG}/organisation-identifier"),
        ("1.17.1", f"{ORG}/recipient-org-budget[1]/recipient-org[1]"),
        ("1.18.1", f"{ORG}/reporting-org[1]"),
        ("1.18.8", f"{ORG}/reporting-org[1]"),  # "A12 " starts with no approved agency prefix
    ]


def test_identifiers_with_forbidden_characters_or_unknown_prefixes() -> None:
    # organisation-identifiers.xspec "... contains forbidden characters": 1.18.13 (and 1.18.8),
    # no 1.17.13 (recipient-org identifiers are not checked for characters)
    record = (
        "<organisation-identifier>KE-NCB-051/924/84</organisation-identifier>"
        '<reporting-org ref="ABC&amp;D"/>'
        '<recipient-org-budget><recipient-org ref="PQ|RS?"/></recipient-org-budget>'
    )
    assert _found(_file(record), prefix="1.") == [
        ("1.12.13", f"{ORG}/organisation-identifier"),
        ("1.18.13", f"{ORG}/reporting-org[1]"),
        ("1.18.8", f"{ORG}/reporting-org[1]"),
    ]
    # "... does not start with a known prefix": 1.18.8 only, on the reporting-org
    record = (
        "<organisation-identifier>NL-ABC-01234567</organisation-identifier>"
        '<reporting-org ref="NL-ABC-01234567"/>'
        '<recipient-org-budget><recipient-org ref="NL-ABC-01234567"/></recipient-org-budget>'
    )
    assert _found(_file(record), prefix="1.") == [("1.18.8", f"{ORG}/reporting-org[1]")]
    # a reporting-org kept verbatim without @ref: 1.7.2; a second reporting-org is checked too
    record = '<reporting-org/><reporting-org ref="A B "/>'
    assert _found(_file(record), prefix="1.") == [
        ("1.18.1", f"{ORG}/reporting-org[2]"),
        ("1.18.8", f"{ORG}/reporting-org[2]"),
        ("1.7.2", f"{ORG}/reporting-org[1]"),
    ]


def test_periods_starting_after_they_end() -> None:
    # testfiles.xspec "#8.6.3 Period Start > Period End organisation file": each of the five
    # budgets and expenditure of 8.6.3.xml starts after it ends
    findings = validate(TESTFILES / "8.6.3.xml")
    found = sorted(f.path for f in findings if f.rule == "iati.dq.8.6.3")
    assert found == sorted(
        f"{ORG}/{tag}[1]"
        for tag in (
            "total-budget",
            "recipient-org-budget",
            "recipient-region-budget",
            "recipient-country-budget",
            "total-expenditure",
        )
    )


def test_periods_longer_than_a_year_and_kept_budgets() -> None:
    # financial.xslt 7.5.3 (start + P1Y < end) and results.xslt 8.6.3 (start gt end) on the
    # organisation file's budgets, also one the reader keeps verbatim (no value); the same day
    # a year on is no breach; two period-starts are not compared
    record = (
        '<total-budget><period-start iso-date="2014-01-01"/><period-end iso-date="2015-01-01"/></total-budget>'
        '<total-budget><period-start iso-date="2014-01-01"/><period-end iso-date="2015-01-02"/></total-budget>'
        '<total-expenditure><period-start iso-date="2015-01-01"/><period-end iso-date="2014-12-31"/>'
        "</total-expenditure>"
        '<total-budget><period-start iso-date="2016-01-01"/><period-start iso-date="2016-01-01"/>'
        '<period-end iso-date="2014-12-31"/></total-budget>'
    )
    assert _found(_file(record, ' default-currency="EUR"'), prefix="") == [
        ("7.5.3", f"{ORG}/total-budget[2]"),
        ("8.6.3", f"{ORG}/total-expenditure[1]"),
    ]


def test_a_lone_organisation_is_the_first_record() -> None:
    # a bare iati-organisation as the root (the Validator's inline contexts)
    data = b"<iati-organisation><total-budget><value>1</value></total-budget></iati-organisation>"
    found = [
        (f.rule, f.path) for f in check_organisations(BytesIO(data), today=TODAY) if f.rule == "iati.dq.7.8.1"
    ]
    assert found == [("iati.dq.7.8.1", f"{ORG}/total-budget[1]/value[1]")]


def test_every_finding_of_a_broken_example_names_an_element_of_it() -> None:
    # The official example with each element below the record deleted in turn (a budget
    # without its value, a reporting-org without its narrative ...): validating never fails,
    # and each data-quality finding names an element of the file, where the Validator would put
    # its feedback.
    from lxml import etree

    import validator_suite

    example = ROOT / "tests" / "data" / "iati" / "examples" / "organisation-standard-example-annotated.xml"
    source = etree.parse(str(example), etree.XMLParser(remove_comments=True)).getroot()
    checked = 0
    for index in range(2, sum(1 for _ in source.iter())):
        root = etree.fromstring(etree.tostring(source))
        target = list(root.iter())[index]
        target.getparent().remove(target)
        data = etree.tostring(root)
        wrapper = etree.fromstring(b"<_fragment>" + data + b"</_fragment>")
        for finding in validate(BytesIO(data)):
            if finding.rule.startswith("iati.dq."):
                assert validator_suite.locate(wrapper, finding.path) is not None, (target.tag, finding)
                checked += 1
    assert checked > 100


def test_a_parsed_tree_gives_the_same_findings_as_the_file() -> None:
    # check_organisations reads the records from a tree already parsed as from the bytes
    from itaproj.iati._parse import parse_tree

    data = (TESTFILES / "8.6.3.xml").read_bytes()
    from_file = check_organisations(BytesIO(data), today=TODAY)
    from_tree = check_organisations(parse_tree(BytesIO(data)), today=TODAY)
    assert from_tree == from_file
    assert {f.rule for f in from_tree} >= {"iati.dq.8.6.3", "iati.dq.11.3.1"}
