"""The Validator's rules on elements the model does not hold, read from the XML (dq.structure).

A ``result`` without a title, a ``transaction`` without a value, a ``budget`` or
``planned-disbursement`` with an empty value are kept verbatim by the reader; the Validator
checks them all the same. Expected rule ids and places are read by hand from
``rules/iati/results.xslt``, ``financial.xslt`` and ``information.xslt`` and from the XSpec
scenarios under ``tests/data/iati/validator-rules/tests/iati`` (cited as ``file:line`` of the
``x:scenario``): the feedback is on the element the template matched, the value rules written at
``@value`` as the model's are (the same element).
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from itaproj import Catalogue, LocalizedText, Programme
from itaproj.extras import Extra
from itaproj.iati import iter_programmes
from itaproj.iati.dq.context import DqContext, iati_version
from itaproj.iati.dq.information import information_rules
from itaproj.iati.dq.locate import taken_positions, xpath_of
from itaproj.iati.dq.run import check_catalogue, check_programme
from itaproj.iati.dq.structure import is_xs_date, structure_hits, structure_of

A = "/iati-activities/iati-activity"
R1 = f"{A}[1]/result[1]"
I1 = f"{R1}/indicator[1]"
TESTFILES = (
    Path(__file__).resolve().parents[1] / "data" / "iati" / "validator-rules" / "tests" / "iati" / "testfiles"
)
SECTOR_RULES = {"6.2.2", "6.6.2", "6.7.2"}
TITLE = "<title><narrative>T</narrative></title>"


def _structure(data: bytes) -> list[tuple[str, str]]:
    """The structure rules' hits on a file, as sorted (id, XPath), read as check_iati would."""
    root = etree.fromstring(data)
    version = iati_version(root.get("version"))
    activities = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
    found = [structure_of(activity, version) for activity in activities]
    hits = []
    for index, (programme, _) in enumerate(iter_programmes(BytesIO(data))):
        for hit in structure_hits(programme, found[index]):
            assert hit.xml is not None
            hits.append((hit.rule, f"{A}[{index + 1}]" + (f"/{hit.xml}" if hit.xml else "")))
    return sorted(hits)


def _found(xml: str, version: str | None = "2.03") -> list[tuple[str, str]]:
    declared = "" if version is None else f' version="{version}"'
    return _structure(f"<iati-activities{declared}>{xml}</iati-activities>".encode())


def _model(xml: str, rules: set[str], version: str = "2.03") -> list[tuple[str, str]]:
    """The model's rules' hits of ``rules`` on the same file (check_programme), at XPaths."""
    data = f'<iati-activities version="{version}">{xml}</iati-activities>'.encode()
    found = []
    for index, (programme, _) in enumerate(iter_programmes(BytesIO(data))):
        activity = f"{A}[{index + 1}]"
        for hit in check_programme(programme, DqContext(version)):
            if hit.rule not in rules:
                continue
            if hit.xml is not None:
                where = f"{activity}/{hit.xml}" if hit.xml else activity
            else:
                taken = taken_positions(programme.extras)
                where = xpath_of(hit.path, activity, taken=taken) if hit.path else activity
            found.append((hit.rule, where))
    return sorted(found)


def _untitled(
    measure: str, baseline: str = "<baseline/>", target: str = "<target/>", actual: str = "<actual/>"
) -> str:
    """The XSpec's results.xspec context: a result and indicator without titles."""
    return (
        f"<iati-activity><result><indicator measure='{measure}'>{baseline}"
        f"<period>{target}{actual}</period></indicator></result></iati-activity>"
    )


# --- results kept verbatim: 8.8.x, 8.9.x, 8.10.x, 8.11.1, 8.6.1 ------------------------------


@pytest.mark.parametrize("measure", ["1", "2", "3", "4"])
def test_values_missing_for_a_non_qualitative_measure(measure: str) -> None:
    # results.xspec:47 (measure 1), :68 (2), :89 (3), :110 (4)
    assert _found(_untitled(measure)) == [
        ("8.10.1", f"{I1}/period[1]/actual[1]"),
        ("8.8.1", f"{I1}/baseline[1]"),
        ("8.9.1", f"{I1}/period[1]/target[1]"),
    ]


def test_values_missing_in_2_02_or_for_a_qualitative_measure_are_fine() -> None:
    # results.xspec:26 (2.02) and :131 (measure 5)
    assert _found(_untitled("1"), version="2.02") == []
    assert _found(_untitled("5")) == []


def test_values_given_are_checked_as_decimals_or_refused_for_qualitative_measures() -> None:
    # results.xspec:7: a value for each, measure 1: nothing
    values = ('<baseline value="99"/>', '<target value="123"/>', '<actual value="456"/>')
    assert _found(_untitled("1", *values)) == []
    # not castable as xs:decimal: 8.x.2 (warnings)
    texts = ('<baseline value="ten"/>', '<target value="1e3"/>', '<actual value=""/>')
    assert _found(_untitled("2", *texts)) == [
        ("8.10.2", f"{I1}/period[1]/actual[1]/@value"),
        ("8.8.2", f"{I1}/baseline[1]/@value"),
        ("8.9.2", f"{I1}/period[1]/target[1]/@value"),
    ]
    # measure 5 with values: 8.x.3
    assert _found(_untitled("5", *values)) == [
        ("8.10.3", f"{I1}/period[1]/actual[1]/@value"),
        ("8.8.3", f"{I1}/baseline[1]/@value"),
        ("8.9.3", f"{I1}/period[1]/target[1]/@value"),
    ]


def test_the_measure_is_compared_as_the_string_it_is() -> None:
    # baseline[../@measure=('1', '2', '3', '4')]: " 1" and no measure are none of them
    assert _found(_untitled(" 1")) == []
    no_measure = "<iati-activity><result><indicator><baseline/></indicator></result></iati-activity>"
    assert _found(no_measure) == []


def test_reference_codes_at_result_and_indicator() -> None:
    # results.xspec:150
    xml = '<iati-activity><result><reference code="R1"/><indicator><reference code="I1"/></indicator></result></iati-activity>'
    assert _found(xml) == [("8.11.1", I1)]
    # only the indicator's, only the result's: nothing
    assert (
        _found(
            '<iati-activity><result><indicator><reference code="I1"/></indicator></result></iati-activity>'
        )
        == []
    )
    assert _found('<iati-activity><result><reference code="R1"/><indicator/></result></iati-activity>') == []


def test_an_indicator_period_ending_before_it_starts() -> None:
    # dates.xspec:24 (a file without a version: 2.03, as the Validator reads it)
    xml = (
        "<iati-activity><result><indicator><period><period-start iso-date='2018-04-15'/>"
        "<period-end iso-date='2015-12-31'/></period></indicator></result></iati-activity>"
    )
    assert _found(xml, version=None) == [("8.6.1", f"{I1}/period[1]")]
    # the dates are compared as strings (both untyped): ' 2015-01-01' (castable) is not after
    # '2014-01-01', as a space comes before '2'
    spaced = xml.replace("'2018-04-15'", "' 2015-01-01'").replace("'2015-12-31'", "'2014-01-01'")
    assert _found(spaced) == []
    # two starts: no rule (count(period-start/@iso-date)=1)
    doubled = xml.replace("<period-end", "<period-start iso-date='2019-01-01'/><period-end")
    assert _found(doubled) == []


def test_the_second_indicator_and_period_are_named_by_their_place() -> None:
    xml = (
        "<iati-activity><result><indicator measure='5'/><indicator measure='1'>"
        "<period><target value='1'/></period><period><target value='1'/><target/></period>"
        "</indicator></result></iati-activity>"
    )
    assert _found(xml) == [("8.9.1", f"{R1}/indicator[2]/period[2]/target[2]")]


def test_a_result_the_model_holds_is_left_to_the_model() -> None:
    titled = f"<iati-activity><result>{TITLE}<indicator measure='1'>{TITLE}<baseline/></indicator></result></iati-activity>"
    assert _found(titled) == []
    assert _model(titled, {"8.8.1"}) == [("8.8.1", f"{I1}/baseline[1]")]
    # the same result without the indicator's title is kept verbatim: the XML gives the same
    untitled = titled.replace(f"measure='1'>{TITLE}", "measure='1'>")
    assert _model(untitled, {"8.8.1"}) == []
    assert _found(untitled) == [("8.8.1", f"{I1}/baseline[1]")]


_VALUES = st.sampled_from([None, "12", " -1.5 ", "ten", "1e3", ""])


@given(
    measure=st.sampled_from(["1", "2", "3", "4", "5"]),
    values=st.tuples(_VALUES, _VALUES, _VALUES),
    version=st.sampled_from(["2.01", "2.02", "2.03"]),
)
def test_a_result_gets_the_same_hits_kept_verbatim_or_modelled(
    measure: str, values: tuple[str | None, str | None, str | None], version: str
) -> None:
    # The law: whether the reader models a result or keeps it verbatim (no indicator title)
    # does not change what the Validator's rules report on it.
    def observed(tag: str, value: str | None) -> str:
        return f"<{tag}/>" if value is None else f'<{tag} value="{value}"/>'

    def activity(title: str) -> str:
        return (
            f"<iati-activity><result>{TITLE}<indicator measure='{measure}'>{title}"
            f"{observed('baseline', values[0])}<period><period-start iso-date='2020-01-01'/>"
            f"<period-end iso-date='2020-12-31'/>{observed('target', values[1])}"
            f"{observed('actual', values[2])}</period></indicator></result></iati-activity>"
        )

    rules = {f"8.{n}.{k}" for n in (8, 9, 10) for k in (1, 2, 3)}
    modelled = sorted(_model(activity(TITLE), rules, version) + _found(activity(TITLE), version))
    assert _model(activity(""), rules, version) == []
    assert _found(activity(""), version) == modelled
    # what the Validator reports, by hand from results.xslt
    expected = []
    if version == "2.03":
        places = (f"{I1}/baseline[1]", f"{I1}/period[1]/target[1]", f"{I1}/period[1]/actual[1]")
        for ids, place, value in zip(("8.8", "8.9", "8.10"), places, values, strict=True):
            decimal = value is not None and value not in ("ten", "1e3", "")
            if measure == "5" and value is not None:
                expected.append((f"{ids}.3", f"{place}/@value"))
            elif measure != "5" and value is None:
                expected.append((f"{ids}.1", place))
            elif measure != "5" and not decimal:
                expected.append((f"{ids}.2", f"{place}/@value"))
    assert modelled == sorted(expected)


def test_a_value_in_exponent_notation_is_no_decimal_even_where_the_model_holds_it() -> None:
    # the reader reads "1e3" as the number 1000: only the XML still says it is no xs:decimal
    xml = f"<iati-activity><result>{TITLE}<indicator measure='1'>{TITLE}<baseline value='1e3'/></indicator></result></iati-activity>"
    rules = {"8.8.1", "8.8.2"}
    assert _model(xml, rules) == []
    assert _found(xml) == [("8.8.2", f"{I1}/baseline[1]/@value")]
    # for a qualitative measure the model reports the value, the XML nothing
    qualitative = xml.replace("measure='1'", "measure='5'")
    assert _found(qualitative) == []
    assert _model(qualitative, {"8.8.3"}) == [("8.8.3", f"{I1}/baseline[1]/@value")]


# --- transactions kept verbatim: 107.2.1, 107.2.2, and where sectors are ------------------------


def test_aid_types_of_a_transaction_kept_verbatim() -> None:
    # other-information.xspec:26 and :37
    # (the transaction, kept verbatim, also leaves the activity without a sector: 6.2.2)
    one = '<iati-activity><transaction><aid-type code="A1" vocabulary="2"/></transaction></iati-activity>'
    t1 = f"{A}[1]/transaction[1]"
    assert _found(one) == [("107.2.1", t1), ("6.2.2", f"{A}[1]")]
    two = one.replace("</transaction>", '<aid-type code="A2" vocabulary="2"/></transaction>')
    assert _found(two) == [("107.2.1", t1), ("107.2.2", t1), ("6.2.2", f"{A}[1]")]
    # not(aid-type/@vocabulary=('1','') or not(aid-type/@vocabulary)): one without a
    # vocabulary beside one of vocabulary 2 is no OECD DAC code (some do state one, none is 1)
    mixed = one.replace("</transaction>", '<aid-type code="A01"/></transaction>')
    assert _found(mixed) == [("107.2.1", t1), ("6.2.2", f"{A}[1]")]
    # two of vocabulary 1 (one by default, one stated ""): 107.2.2 only
    dac = '<iati-activity><transaction><aid-type code="A01"/><aid-type code="A02" vocabulary=""/></transaction></iati-activity>'
    assert _found(dac) == [("107.2.2", t1), ("6.2.2", f"{A}[1]")]


def test_sectors_when_a_transaction_is_kept_verbatim() -> None:
    # sectors.xspec:82: a sector for the activity and one for its (unmodelled) transaction
    both = '<iati-activity><sector code="12345"/><transaction><sector code="98765"/></transaction></iati-activity>'
    assert _found(both) == [("6.6.2", f"{A}[1]")]
    # sectors.xspec:94: no sector anywhere (a transaction kept); one of two transactions without
    data = (
        "<iati-activity/><iati-activity><transaction/></iati-activity>"
        '<iati-activity><transaction/><transaction><sector code="12345"/></transaction></iati-activity>'
    )
    assert _found(data) == [("6.2.2", f"{A}[2]"), ("6.7.2", f"{A}[3]")]
    # the model's rule decides the first activity (no transaction kept), and only it
    assert _model(data, SECTOR_RULES) == [("6.2.2", f"{A}[1]")]


def test_sectors_are_decided_on_the_xml_only_when_a_transaction_is_kept() -> None:
    modelled = (
        "<transaction><transaction-type code='1'/><transaction-date iso-date='2014-01-01'/>"
        "<value currency='EUR' value-date='2014-01-01'>5</value>{}</transaction>"
    )
    sector = "<sector code='11110'/>"
    # all transactions modelled: the model decides (6.7.2), the XML says nothing
    xml = f"<iati-activity>{modelled.format(sector)}{modelled.format('')}</iati-activity>"
    assert _found(xml) == []
    assert _model(xml, SECTOR_RULES) == [("6.7.2", f"{A}[1]")]
    # an activity sector, a modelled transaction without one, a kept one with one: 6.6.2, once
    kept = f"<iati-activity>{sector}{modelled.format('')}<transaction>{sector}</transaction></iati-activity>"
    assert _found(kept) == [("6.6.2", f"{A}[1]")]
    assert _model(kept, SECTOR_RULES) == []


def test_a_catalogue_with_a_transaction_kept_verbatim_leaves_sectors_unjudged() -> None:
    plain = Programme("p", LocalizedText({"en": "Roads"}))
    kept = Programme(
        "q", LocalizedText({"en": "Roads"}), extras=(Extra("transaction[1]", "<transaction/>", "xml"),)
    )
    found = [(f.rule, f.path) for f in check_catalogue(Catalogue((plain, kept)))]
    assert [item for item in found if item[0].removeprefix("iati.dq.") in SECTOR_RULES] == [
        ("iati.dq.6.2.2", "$.programmes[0]")
    ]
    assert not {hit.rule for hit in information_rules(kept, DqContext())} & SECTOR_RULES


# --- budgets and planned disbursements kept verbatim: 7.5.2, 7.5.3, 8.6.3 -----------------------


def test_a_budget_without_a_value_date() -> None:
    # testfiles.xspec:256 (#117): the budget's value is empty, so the reader keeps it verbatim
    assert _structure((TESTFILES / "117.xml").read_bytes()) == [("7.5.2", f"{A}[1]/budget[1]")]


def test_budget_and_planned_disbursement_periods_kept_verbatim() -> None:
    period = "<period-start iso-date='{}'/><period-end iso-date='{}'/>"
    value = "<value currency='EUR' value-date='2014-01-01'></value>"
    long = f"<budget>{period.format('2014-01-01', '2015-01-02')}{value}</budget>"
    year = f"<budget>{period.format('2014-01-01', '2015-01-01')}{value}</budget>"
    reversed_ = f"<budget>{period.format('2015-01-01', '2014-01-01')}<value currency='EUR'/></budget>"
    planned = (
        f"<planned-disbursement>{period.format('2015-01-01', '2014-01-01')}<value/></planned-disbursement>"
    )
    xml = f"<iati-activity>{long}{year}{reversed_}{planned}</iati-activity>"
    assert _found(xml) == [
        ("7.5.2", f"{A}[1]/budget[3]"),
        ("7.5.3", f"{A}[1]/budget[1]"),
        ("8.6.3", f"{A}[1]/budget[3]"),
        ("8.6.3", f"{A}[1]/planned-disbursement[1]"),
    ]


# --- the owner of another identifier: 6.8.1 ----------------------------------------------------


def test_an_owner_org_without_identifier_or_narrative() -> None:
    # testfiles.xspec:758 (#6.8.1)
    found = _structure((TESTFILES / "6.8.1.xml").read_bytes())
    assert found == [("6.8.1", f"{A}[1]/other-identifier[1]/owner-org[1]")]
    owners = (
        '<other-identifier ref="X" type="A1"><owner-org ref="XM-1"/></other-identifier>'
        '<other-identifier ref="Y" type="A1"><owner-org><narrative/></owner-org></other-identifier>'
        '<other-identifier ref="Z" type="A1"/>'
        '<other-identifier ref="W" type="A1"><owner-org/></other-identifier>'
    )
    assert _found(f"<iati-activity>{owners}</iati-activity>") == [
        ("6.8.1", f"{A}[1]/other-identifier[4]/owner-org[1]")
    ]


# --- the parts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "castable"),
    [
        # as Saxon-HE casts them (XML Schema 1.1 years: 0000 is 1 BC, a leap year)
        ("2020-02-29", True),
        ("2100-02-29", False),
        ("\n2020-01-01 ", True),
        ("0000-02-29", True),
        ("-0001-02-29", False),
        ("10000-01-01", True),
        ("01000-01-01", False),
        ("2020-01-01Z", True),
        ("2020-01-01-14:00", True),
        ("2020-01-01+15:00", False),
        ("2020-1-01", False),
        ("2020-01-01T00:00:00", False),
        ("", False),
        (None, False),
    ],
)
def test_is_xs_date(text: str | None, castable: bool) -> None:
    assert is_xs_date(text) is castable


def test_hits_count_by_what_the_programme_kept() -> None:
    activity = etree.fromstring(
        b"""<iati-activity><other-identifier ref="W" type="A1"><owner-org/></other-identifier>
        <result><indicator measure="1"><baseline value="1e3"/></indicator></result>
        <result><indicator measure="1"><baseline/></indicator></result>
        <budget><value/></budget><transaction><aid-type code="A1" vocabulary="2"/></transaction>
        </iati-activity>"""
    )
    found = structure_of(activity, "2.03")
    owner = ("6.8.1", "other-identifier[1]/owner-org[1]")
    exponent = ("8.8.2", "result[1]/indicator[1]/baseline[1]/@value")

    def hits(*kept: str) -> list[tuple[str, str | None]]:
        extras = tuple(Extra(path, "<kept/>", "xml") for path in kept)
        programme = Programme("p", LocalizedText({"en": "Roads"}), extras=extras)
        return [(hit.rule, hit.xml) for hit in structure_hits(programme, found)]

    # nothing kept: the owner (never in the model) and the exponent value (read as a number)
    assert hits() == [owner, exponent]
    assert hits("result[2]", "budget[1]") == [
        owner,
        exponent,
        ("8.8.1", "result[2]/indicator[1]/baseline[1]"),
        ("7.5.2", "budget[1]"),
    ]
    # a kept transaction: its aid types, and where sectors are (none anywhere: 6.2.2)
    assert hits("transaction[1]") == [owner, exponent, ("6.2.2", ""), ("107.2.1", "transaction[1]")]
    # a kept element of another name or place is not these
    assert hits("result[3]", "budget[2]", "sector[1]") == [owner, exponent]
