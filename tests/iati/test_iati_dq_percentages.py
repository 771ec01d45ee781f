"""The IATI Validator's sector, geography and percentage rules (2.x, 3.x, 102.1.1) over the model.

Expected rule ids and places are read by hand from the rules (``rules/iati/sectors.xslt``,
``geography.xslt``, the named template ``percentage-checks`` in ``rules/lib/percentages.xslt``)
and from the Validator's XSpec scenarios (``tests/iati/sectors.xspec``,
``countries-regions.xspec``, ``percentages.xspec`` under ``tests/data/iati/validator-rules``),
each cited as ``file:line`` of its ``x:scenario``. The percentage checks put their feedback on
the ``iati-activity``; 2.2.1 on the sector; 102.1.1 on the activity or the transaction.

Every activity without a recipient country or region and without transactions that state one
also gets 3.7.1 (a warning): it is in the expectations wherever the Validator gives it.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj import Catalogue, LocalizedText, Programme
from itaproj.finance import Transaction
from itaproj.findings import Severity
from itaproj.geo import CountryShare, RegionShare
from itaproj.iati.dq import dq_rule
from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.percentages import percentage_rules
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.money import Money
from itaproj.sectors import SectorShare

A = "/iati-activities/iati-activity"
#: The rule ids of sectors.xslt, geography.xslt and percentages.xslt.
_SECTORS = ("2.1.1", "2.1.2", "2.1.4", "2.2.1", "102.1.1")  # sectors.xslt
_GEOGRAPHY = ("3.1.1", "3.1.2", "3.1.4", "3.4.1", "3.4.2", "3.4.4", "3.6.2", "3.7.1", "3.7.2")
_PERCENTAGES = ("12.1.1", "12.1.2", "12.2.1", "12.2.2", "12.3.1", "12.3.2", "12.4.1")
OURS = frozenset({*_SECTORS, *_GEOGRAPHY, *_PERCENTAGES})
#: A transaction the reader models (type, date, value with the activity's default currency).
TX = (
    '<transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-10"/>'
    '<value value-date="2024-01-10">100</value>{}</transaction>'
)


def _found(xml: str, version: str = "2.03") -> list[tuple[str, str]]:
    """Our rules' findings on a file of the activities ``xml``, as sorted (id, XPath)."""
    data = f'<iati-activities version="{version}">{xml}</iati-activities>'.encode()
    found = ((f.rule.removeprefix("iati.dq."), f.path) for f in check_iati(BytesIO(data)))
    return sorted((rule, path) for rule, path in found if rule in OURS)


def _activity(body: str) -> str:
    return f'<iati-activity default-currency="EUR">{body}</iati-activity>'


# --- sectors (2.1.x, 2.2.1, 102.1.1) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # sectors.xspec:9 one sector, no percentage / percentage 100: no 2.1.x
        ('<sector code="99810"/>', []),
        ('<sector code="99810" percentage="100"/>', []),
        # sectors.xspec:21 one sector, percentage 99
        ('<sector code="99810" percentage="99"/>', [("2.1.4", f"{A}[1]")]),
        # sectors.xspec:31 and :41 several sectors, none or some without a percentage
        ('<sector code="99810"/><sector code="99820"/>', [("2.1.1", f"{A}[1]")]),
        ('<sector code="99810" percentage="33"/><sector code="99820"/>', [("2.1.1", f"{A}[1]")]),
        # sectors.xspec:51 and :61 the sum is not 100 (± 0.0101)
        (
            '<sector code="99810" percentage="33"/><sector code="99820" percentage="33"/>',
            [("2.1.2", f"{A}[1]")],
        ),
        (
            '<sector code="99810" percentage="33.3"/><sector code="99820" percentage="66.6"/>',
            [("2.1.2", f"{A}[1]")],
        ),
        # sectors.xspec:71 99.99 is within 0.0101 of 100
        ('<sector code="99810" percentage="33.33"/><sector code="99820" percentage="66.66"/>', []),
        # the boundary, in decimal arithmetic: |100.0101 - 100| = 0.0101 is not more than 0.0101
        ('<sector code="99810" percentage="50.0101"/><sector code="99820" percentage="50"/>', []),
        (
            '<sector code="99810" percentage="50.0102"/><sector code="99820" percentage="50"/>',
            [("2.1.2", f"{A}[1]")],
        ),
        # grouped by vocabulary ("1" when absent): 50 + 50 in vocabulary 1, a single 40 in vocabulary 2
        (
            '<sector code="11110" percentage="50"/><sector code="111" vocabulary="2" percentage="40"/>'
            '<sector code="11120" vocabulary="1" percentage="50"/>',
            [("2.1.4", f"{A}[1]")],
        ),
        # two groups each wrong: one hit per group
        (
            '<sector code="11110" percentage="50"/><sector code="11120"/>'
            '<sector code="111" vocabulary="2" percentage="60"/><sector code="112" vocabulary="2" percentage="60"/>',
            [("2.1.1", f"{A}[1]"), ("2.1.2", f"{A}[1]")],
        ),
    ],
)
def test_sector_percentages_within_a_vocabulary(body: str, expected: list[tuple[str, str]]) -> None:
    # No recipient country or region, no transaction: 3.7.1 as well (geography.xslt).
    assert _found(_activity(body)) == sorted([*expected, ("3.7.1", f"{A}[1]")])


def test_sectors_of_the_publishers_own_vocabulary_need_a_narrative() -> None:
    # sectors.xspec:129: 2.2.1 on each sector of vocabulary 98 and 99 without a narrative; no
    # sector of vocabulary 1, so 102.1.1 on the activity; each vocabulary has one sector
    # without a percentage, so no 2.1.x.
    body = '<sector code="A1" vocabulary="98"/><sector code="A2" vocabulary="99"/>'
    assert _found(_activity(body)) == [
        ("102.1.1", f"{A}[1]"),
        ("2.2.1", f"{A}[1]/sector[1]"),
        ("2.2.1", f"{A}[1]/sector[2]"),
        ("3.7.1", f"{A}[1]"),
    ]


def test_a_narrative_or_a_dac_sector_satisfies_them() -> None:
    body = (
        '<recipient-country code="UA"/>'
        '<sector code="A1" vocabulary="99" percentage="50"><narrative>Roads</narrative></sector>'
        '<sector code="A2" vocabulary="99" percentage="50"><narrative>Rails</narrative></sector>'
        '<sector code="21020"/>'
    )
    assert _found(_activity(body)) == []


def test_transaction_sectors_have_a_dac_one_and_narratives() -> None:
    # sectors.xslt: 102.1.1 matches (iati-activity|transaction)[sector], 2.2.1 any
    # sector[@vocabulary=('98','99')]. Transaction 1: only vocabulary 99, no narrative: both;
    # transaction 2: vocabulary 1 and 98 with a narrative: neither. Every transaction states a
    # country and the activity none: no 3.7.x.
    country = '<recipient-country code="UA"/>'
    body = TX.format(f'{country}<sector code="X" vocabulary="99"/>') + TX.format(
        f'{country}<sector code="21020"/><sector code="Y" vocabulary="98"><narrative>y</narrative></sector>'
    )
    assert _found(_activity(body)) == [
        ("102.1.1", f"{A}[1]/transaction[1]"),
        ("2.2.1", f"{A}[1]/transaction[1]/sector[1]"),
    ]


def test_severities_and_messages_are_the_validators() -> None:
    assert dq_rule("2.1.2").severity is Severity.ERROR
    assert dq_rule("102.1.1").severity is Severity.WARNING
    assert dq_rule("3.7.1").severity is Severity.WARNING
    assert dq_rule("3.7.2").severity is Severity.ERROR
    activity = _activity('<sector code="1" percentage="99"/>')
    data = f'<iati-activities version="2.03">{activity}</iati-activities>'.encode()
    (finding,) = [f for f in check_iati(BytesIO(data)) if f.rule == "iati.dq.2.1.4"]
    assert finding.message.startswith(
        "When a single sector is declared, the percentage must either be omitted, or set to 100."
    )
    assert "99" in finding.message


def test_details_name_what_was_found() -> None:
    programme = Programme(
        "p",
        LocalizedText({"en": "x"}),
        sectors=[SectorShare("11110", percentage="33.3"), SectorShare("11120", percentage="66.6")],
        recipient_countries=[CountryShare("UA"), CountryShare("MD", 40)],
    )
    assert list(percentage_rules(programme, DqContext())) == [
        Hit("2.1.2", "", "vocabulary 1: sum 99.9"),
        Hit("3.1.1", "", "no percentage for UA"),
    ]


# --- recipient countries and regions (3.1.x, 3.4.x) ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # countries-regions.xspec:9, :29 one country, no percentage, 100, 100.00
        ('<recipient-country code="AL"/>', []),
        ('<recipient-country code="AL" percentage="100"/>', []),
        ('<recipient-country code="JO" percentage="100.00"/>', []),
        # countries-regions.xspec:19 one country, 33
        ('<recipient-country code="AL" percentage="33"/>', ["3.1.4"]),
        # countries-regions.xspec:52, :63 several, none or some without a percentage
        ('<recipient-country code="AL"/><recipient-country code="AN"/>', ["3.1.1"]),
        ('<recipient-country code="AL" percentage="33"/><recipient-country code="AN"/>', ["3.1.1"]),
        # countries-regions.xspec:73, :83, :93 sums
        (
            '<recipient-country code="AL" percentage="33"/><recipient-country code="AN" percentage="33"/>',
            ["3.1.2"],
        ),
        (
            '<recipient-country code="AL" percentage="66.6"/><recipient-country code="AN" percentage="33.3"/>',
            ["3.1.2"],
        ),
        (
            '<recipient-country code="AL" percentage="66.66"/><recipient-country code="AN" percentage="33.33"/>',
            [],
        ),
        # countries-regions.xspec: regions only, one vocabulary
        ('<recipient-region code="89"/>', []),
        ('<recipient-region code="389" percentage="100"/>', []),
        ('<recipient-region code="89" percentage="33"/>', ["3.4.4"]),
        ('<recipient-region code="89"/><recipient-region code="389"/>', ["3.4.1"]),
        ('<recipient-region code="89" percentage="33"/><recipient-region code="389"/>', ["3.4.1"]),
        (
            '<recipient-region code="89" percentage="33"/><recipient-region code="389" percentage="33"/>',
            ["3.4.2"],
        ),
        (
            '<recipient-region code="89" percentage="66.66"/><recipient-region code="389" percentage="33.33"/>',
            [],
        ),
        # countries-regions.xspec:229: vocabulary 1 has one region without a percentage (nothing),
        # vocabulary 99 two without (3.4.1)
        (
            '<recipient-region code="89"/><recipient-region code="X1" vocabulary="99"/>'
            '<recipient-region code="X2" vocabulary="99"/>',
            ["3.4.1"],
        ),
        # countries-regions.xspec:239: vocabulary 1 one region of 33.3 (3.4.4), vocabulary 99 one
        # without a percentage (3.4.1)
        (
            '<recipient-region code="89" percentage="33.3"/><recipient-region code="X1" vocabulary="99"/>'
            '<recipient-region code="X2" vocabulary="99" percentage="33.3"/>',
            ["3.4.1", "3.4.4"],
        ),
        # countries-regions.xspec:271 each vocabulary adds up: 90 + 10 and 66.66 + 33.33
        (
            '<recipient-region code="88" percentage="90"/><recipient-region code="89" percentage="10"/>'
            '<recipient-region code="X1" vocabulary="99" percentage="66.66"/>'
            '<recipient-region code="X2" vocabulary="99" percentage="33.33"/>',
            [],
        ),
        # countries-regions.xspec:289: a country and a region, one percentage (100 or 33) or none
        ('<recipient-country code="AL"/><recipient-region code="89"/>', ["3.4.1"]),
        ('<recipient-country code="AL"/><recipient-region code="89" percentage="100"/>', ["3.4.1"]),
        # countries-regions.xspec:317: the country counts in each region vocabulary: 25 + 75 twice
        (
            '<recipient-country code="AF" percentage="25"/><recipient-region code="489" vocabulary="1" percentage="75"/>'
            '<recipient-region code="A1" vocabulary="99" percentage="75"/>',
            [],
        ),
        # countries-regions.xspec:359: one country and one region of 50 each: a group of two, no 3.4.4
        (
            '<recipient-country code="AF" percentage="50"/><recipient-region code="489" vocabulary="1" percentage="50"/>',
            [],
        ),
        # countries-regions.xspec:369, :379, :389: 33 * 3, 33.3 * 3 wrong; 33.33 * 3 within 0.0101
        (
            '<recipient-country code="AL" percentage="33"/><recipient-region code="89" percentage="33"/>'
            '<recipient-region code="389" percentage="33"/>',
            ["3.4.2"],
        ),
        (
            '<recipient-country code="AL" percentage="33.3"/><recipient-region code="89" percentage="33.3"/>'
            '<recipient-region code="389" percentage="33.3"/>',
            ["3.4.2"],
        ),
        (
            '<recipient-country code="AL" percentage="33.33"/><recipient-region code="89" percentage="33.33"/>'
            '<recipient-region code="389" percentage="33.33"/>',
            [],
        ),
    ],
)
def test_country_and_region_percentages(body: str, expected: list[str]) -> None:
    # Every hit of the percentage checks is on the iati-activity; the activity states a
    # country or region and has no transaction, so no 3.6.2 or 3.7.x.
    assert _found(_activity(body)) == sorted((rule, f"{A}[1]") for rule in expected)


# --- countries and regions: the activity's or the transactions' (3.6.2, 3.7.1, 3.7.2) -------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # geography.xslt 3.7.1: neither the activity nor any transaction (nor none at all)
        ("", ["3.7.1"]),
        (TX.format("") + TX.format(""), ["3.7.1"]),
        # every transaction states one: nothing
        (TX.format('<recipient-country code="UA"/>') + TX.format('<recipient-region code="298"/>'), []),
        # some do, some do not: 3.7.2
        (TX.format('<recipient-country code="UA"/>') + TX.format(""), ["3.7.2"]),
        # the activity states one and a transaction too: 3.6.2
        (
            '<recipient-country code="UA"/>' + TX.format('<recipient-region code="298"/>') + TX.format(""),
            ["3.6.2"],
        ),
        ('<recipient-region code="298"/>' + TX.format(""), []),
    ],
)
def test_countries_of_the_activity_or_of_every_transaction(body: str, expected: list[str]) -> None:
    assert _found(_activity(body)) == sorted((rule, f"{A}[1]") for rule in expected)


def test_a_transaction_with_two_countries_still_states_one() -> None:
    # The model holds the first; the second is kept verbatim in the transaction, still a
    # recipient-country of that transaction: 3.6.2 as the Validator gives it.
    body = '<recipient-country code="UA"/>' + TX.format(
        '<recipient-country code="UA"/><recipient-country code="AM"/>'
    )
    assert _found(_activity(body)) == [("3.6.2", f"{A}[1]")]


# --- what the model does not hold: elements kept verbatim ----------------------------------------


def test_a_sector_kept_verbatim_is_summed_on_the_xml() -> None:
    # The Validator (percentages.xspec:142 and :164) reports 12.3.1 and, the -1 counting in the
    # sum (-1 + 50 = 49), 2.1.2 here; the model refuses a percentage of -1 and the reader keeps
    # that sector verbatim, so the sector group is summed on the XML (dq.structure), not on the
    # model. 12.x are found on the XML too (dq.values), outside this test's rules.
    body = '<recipient-country code="UA"/><sector code="11110" percentage="-1"/><sector code="11120" percentage="50"/>'
    assert _found(_activity(body)) == [("2.1.2", f"{A}[1]")]


def test_a_country_kept_verbatim_is_summed_on_the_xml() -> None:
    # countries-regions.xspec:39 "hundred": the Validator gives no 3.1.x (a percentage that is
    # no number counts as stated and is left out of a sum of one); 150 + 20 = 170 gives 3.1.2,
    # decided on the XML since the model refuses 150.
    assert _found(_activity('<recipient-country code="JO" percentage="hundred"/>')) == []
    body = '<recipient-country code="JO" percentage="150"/><recipient-country code="AM" percentage="20"/>'
    # A kept country is still a recipient-country of the activity: no 3.7.1.
    assert _found(_activity(body)) == [("3.1.2", f"{A}[1]")]


def test_a_transaction_kept_verbatim_leaves_3_7_undecided() -> None:
    # sectors.xspec:94 activity 2: a transaction without a value, which the reader keeps
    # verbatim; the Validator gives 3.7.1, but whether that transaction states a country is not
    # in the model: nothing here.
    assert _found(_activity("<transaction></transaction>")) == []
    # Known transactions with and without a country decide 3.7.2 whatever the kept one says.
    body = TX.format('<recipient-country code="UA"/>') + TX.format("") + "<transaction></transaction>"
    assert _found(_activity(body)) == [("3.7.2", f"{A}[1]")]


def test_the_version_changes_nothing_here() -> None:
    # percentage-checks and the 3.6/3.7 templates have no version condition.
    body = _activity('<sector code="1" percentage="33"/><sector code="2" percentage="33"/>')
    assert _found(body, "2.02") == _found(body, "2.03") == [("2.1.2", f"{A}[1]"), ("3.7.1", f"{A}[1]")]


# --- a catalogue, at $-paths -------------------------------------------------------------------


def test_a_catalogue_gets_findings_at_dollar_paths() -> None:
    own = SectorShare("X", "99", percentage=40)
    programme = Programme(
        "p",
        LocalizedText({"en": "Roads"}),
        sectors=[SectorShare("21020", percentage=50), own],
        recipient_countries=[CountryShare("UA", 70), CountryShare("MD")],
        transactions=[
            Transaction("3", "2024-01-10", Money(100, "EUR"), sectors=[SectorShare("111", "2")]),
            Transaction("3", "2024-02-10", Money(100, "EUR"), recipient_region=RegionShare("298")),
        ],
    )
    found = sorted(
        (f.rule.removeprefix("iati.dq."), f.path)
        for f in check_catalogue(Catalogue((programme,)))
        if f.rule.removeprefix("iati.dq.") in OURS
    )
    # vocabulary 1: one sector of 50 (2.1.4); vocabulary 99: one of 40 (2.1.4) without a name
    # (2.2.1); countries UA 70 and MD without (3.1.1); transaction 1 has only vocabulary 2
    # (102.1.1); transaction 2 states a region while the activity states countries (3.6.2).
    assert found == [
        ("102.1.1", "$.programmes[0].transactions[0]"),
        ("2.1.4", "$.programmes[0]"),
        ("2.1.4", "$.programmes[0]"),
        ("2.2.1", "$.programmes[0].sectors[1]"),
        ("3.1.1", "$.programmes[0]"),
        ("3.6.2", "$.programmes[0]"),
    ]


# --- laws ------------------------------------------------------------------------------------------

_CODES = ("11110", "11120", "11130", "11182", "11220", "11230", "11231", "11232")
_COUNTRIES = ("UA", "AM", "KZ", "GE", "MD", "PL", "RO", "TR")


def _split(total: int, parts: int) -> st.SearchStrategy[list[int]]:
    """``parts`` non-negative integers adding up to ``total``, in any split."""
    cuts = st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1).map(sorted)
    return cuts.map(lambda found: [b - a for a, b in zip([0, *found], [*found, total], strict=True)])


@st.composite
def _shares(draw: st.DrawFn, total: int) -> list[Decimal]:
    """Between two and eight percentages in ten-thousandths adding up to ``total`` ten-thousandths."""
    parts = draw(st.integers(2, len(_CODES)))
    return [Decimal(part).scaleb(-4) for part in draw(_split(total, parts))]


@given(_shares(1_000_000))
def test_shares_adding_up_to_exactly_100_never_break_the_sum_rules(shares: list[Decimal]) -> None:
    sectors = [SectorShare(code, percentage=share) for code, share in zip(_CODES, shares, strict=False)]
    countries = [CountryShare(code, share) for code, share in zip(_COUNTRIES, shares, strict=False)]
    regions = [RegionShare("298", percentage=Decimal(0))]
    for programme in (
        Programme("p", LocalizedText({"en": "x"}), sectors=sectors, recipient_countries=countries),
        Programme("p", LocalizedText({"en": "x"}), recipient_countries=countries, recipient_regions=regions),
    ):
        rules = {hit.rule for hit in percentage_rules(programme, DqContext())}
        assert not rules & {"2.1.1", "2.1.2", "2.1.4", "3.1.1", "3.1.2", "3.1.4", "3.4.1", "3.4.2", "3.4.4"}


@given(
    st.one_of(st.integers(999_700, 1_000_000), st.integers(0, 1_000_000)).flatmap(
        lambda total: st.tuples(st.just(total), _shares(total))
    )
)
def test_the_sum_rule_breaks_exactly_beyond_0_0101(drawn: tuple[int, list[Decimal]]) -> None:
    total, shares = drawn
    # ten-thousandths: |total - 1_000_000| > 101 (0.0101) is a wrong sum, by integer arithmetic
    wrong = abs(total - 1_000_000) > 101
    sectors = [SectorShare(code, percentage=share) for code, share in zip(_CODES, shares, strict=False)]
    programme = Programme("p", LocalizedText({"en": "x"}), sectors=sectors)
    hits = [hit for hit in percentage_rules(programme, DqContext()) if hit.rule.startswith("2.1.")]
    assert [hit.rule for hit in hits] == (["2.1.2"] if wrong else [])
