"""The Validator's rules of information.xslt and language.xslt (6.x, 107.1.x, 4.x) over the model.

Expected rule ids and places are read by hand from ``tests/data/iati/validator-rules``:
``rules/iati/information.xslt`` and ``rules/iati/language.xslt`` (the element each template
matches is where the finding points) and the XSpec scenarios cited in each test.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import hypothesis.strategies as st
from hypothesis import given

from itaproj import Catalogue, LocalizedText, Organisation, Programme
from itaproj.documents import DocumentLink
from itaproj.finance import AidType, FinanceClassification, FlowOrganisation, Transaction
from itaproj.iati.dq.context import DqContext
from itaproj.iati.dq.information import information_rules, organisation_information_rules
from itaproj.iati.dq.run import check_catalogue, check_iati
from itaproj.money import Money
from itaproj.organisation_file import OrganisationDocument, OrganisationRecord
from itaproj.programme import KeyDate, Publication, Status
from itaproj.sectors import SectorShare
from itaproj.themes import CrossCuttingTheme

A = "/iati-activities/iati-activity"
MINE = {
    "4.1.1",
    "4.3.1",
    "4.4.1",
    "6.1.5",
    "6.2.1",
    "6.2.2",
    "6.3.1",
    "6.6.2",
    "6.7.2",
    "6.8.1",
    "6.9.1",
    "6.10.1",
    "6.11.1",
    "6.13.1",
    "6.14.1",
    "107.1.1",
    "107.1.2",
}
#: What every activity below states so that only the rule under test can fire.
COMPLETE = '<activity-status code="2"/><activity-date type="1" iso-date="2020-01-01"/><sector code="11110"/>'


def _found(xml: str, lang: str | None = "en") -> list[tuple[str, str]]:
    attribute = f' xml:lang="{lang}"' if lang else ""
    xml = xml.replace("<iati-activity>", f"<iati-activity{attribute}>")
    data = f'<iati-activities version="2.03">{xml}</iati-activities>'.encode()
    findings = check_iati(BytesIO(data), today=dt.date(2026, 1, 1))
    return sorted(
        (rule, finding.path.split(" (line")[0])
        for finding in findings
        if (rule := finding.rule.removeprefix("iati.dq.")) in MINE
    )


def test_policy_marker_rules() -> None:
    # policy-markers.xspec: "If a policy marker is in vocabulary 1 or without a vocabulary" and
    # "If there is a reporting organisation policy marker" (codes 1 and 2: valid DAC markers)
    found = _found(
        f'<iati-activity>{COMPLETE}<policy-marker code="1" vocabulary="1"/><policy-marker code="2"/>'
        '<policy-marker code="3" significance="1"/>'
        '<policy-marker code="A1" vocabulary="99"/>'
        '<policy-marker code="A2" vocabulary="99"><narrative>Own marker</narrative></policy-marker>'
        "</iati-activity>"
    )
    assert found == [
        ("6.13.1", f"{A}[1]/policy-marker[4]"),
        ("6.14.1", f"{A}[1]/policy-marker[1]"),
        ("6.14.1", f"{A}[1]/policy-marker[2]"),
    ]


def test_sectors_at_activity_or_transaction_level() -> None:
    # sectors.xspec: "If there are sectors at the activity level" (6.6.2) and "If there are no
    # sectors at the activity level" (6.2.2 without transactions, 6.7.2 when some lack one)
    transaction = (
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>'
        '<value currency="EUR" value-date="2020-01-01">1</value>{}</transaction>'
    )
    with_sector = transaction.format('<sector code="11110"/>')
    without = transaction.format("")
    start = '<activity-status code="2"/><activity-date type="1" iso-date="2020-01-01"/>'
    found = _found(
        f'<iati-activity>{start}<sector code="12345"/>{with_sector}</iati-activity>'
        f"<iati-activity>{start}</iati-activity>"
        f"<iati-activity>{start}{without}</iati-activity>"
        f"<iati-activity>{start}{without}{with_sector}</iati-activity>"
        f"<iati-activity>{start}{with_sector}{with_sector}</iati-activity>"
        f'<iati-activity>{start}<sector code="12345"/>{without}</iati-activity>'
    )
    assert found == [
        ("6.2.2", f"{A}[2]"),
        ("6.2.2", f"{A}[3]"),
        ("6.6.2", f"{A}[1]"),
        ("6.7.2", f"{A}[4]"),
    ]


def test_status_start_date_and_reporting_org_type() -> None:
    # testfiles.xspec #116 (6.2.1), #6.11.1, #152 (6.3.1); an end date is no start date
    found = _found(
        '<iati-activity><reporting-org ref="XM-DAC-5"><narrative>Org</narrative></reporting-org>'
        '<sector code="11110"/><activity-date type="3" iso-date="2020-01-01"/></iati-activity>'
        f'<iati-activity>{COMPLETE}<reporting-org ref="XM-DAC-5" type="10"/></iati-activity>'
    )
    assert found == [("6.11.1", f"{A}[1]"), ("6.2.1", f"{A}[1]"), ("6.3.1", f"{A}[1]/reporting-org")]


def test_provider_and_receiver_need_a_ref_or_a_narrative() -> None:
    # information.xslt, template provider-org|receiver-org (testfiles.xspec #6.9.1)
    found = _found(
        f"<iati-activity>{COMPLETE}"
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>'
        '<value currency="EUR" value-date="2020-01-01">1</value>'
        '<provider-org type="10" provider-activity-id="XM-1-2"/>'
        '<receiver-org ref="XM-DAC-7"/></transaction>'
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>'
        '<value currency="EUR" value-date="2020-01-01">1</value>'
        '<provider-org><narrative>Bank</narrative></provider-org><receiver-org type="21"/></transaction>'
        "</iati-activity>"
    )
    assert found == [
        ("6.9.1", f"{A}[1]/transaction[1]/provider-org"),
        ("6.9.1", f"{A}[1]/transaction[2]/receiver-org"),
    ]


def test_document_format() -> None:
    # document-link.xspec "If a document link has no format attribute" (a url given here: the
    # reader keeps a document-link without one verbatim)
    found = _found(
        f'<iati-activity>{COMPLETE}<document-link url="https://x.org/a"><category code="A01"/></document-link>'
        '<document-link url="https://x.org/b" format="text/html"><category code="A01"/></document-link>'
        '<result type="1"><title><narrative>R</narrative></title>'
        '<document-link url="https://x.org/c"><category code="A01"/></document-link></result>'
        "</iati-activity>"
    )
    assert found == [("6.1.5", f"{A}[1]/document-link[1]"), ("6.1.5", f"{A}[1]/result[1]/document-link[1]")]


def test_document_format_in_indicator_periods() -> None:
    # the document-link template matches at any depth: here in the second period's actual
    doc = '<document-link url="https://x.org/{}"{}><category code="A01"/></document-link>'
    period = (
        '<period><period-start iso-date="{0}-01-01"/><period-end iso-date="{0}-12-31"/>'
        '<target value="1">{1}</target><actual value="1">{2}</actual></period>'
    )
    found = _found(
        f'<iati-activity>{COMPLETE}<result type="1"><title><narrative>R</narrative></title>'
        '<indicator measure="1"><title><narrative>I</narrative></title>'
        + period.format(2020, doc.format("a", ' format="text/html"'), "")
        + period.format(2021, "", doc.format("b", ' format="text/html"') + doc.format("c", ""))
        + "</indicator></result></iati-activity>"
    )
    assert found == [("6.1.5", f"{A}[1]/result[1]/indicator[1]/period[2]/actual[1]/document-link[2]")]


def test_default_aid_types() -> None:
    # other-information.xspec: "If a default-aid-type is specified" (107.1.1) and "If multiple
    # default-aid-type's are specified in the same vocabulary" (107.1.2); both on the activity
    found = _found(
        f'<iati-activity>{COMPLETE}<default-aid-type code="A1" vocabulary="2"/></iati-activity>'
        f'<iati-activity>{COMPLETE}<default-aid-type code="A1" vocabulary="2"/>'
        '<default-aid-type code="A2" vocabulary="2"/></iati-activity>'
        f'<iati-activity>{COMPLETE}<default-aid-type code="A01"/><default-aid-type code="A02" vocabulary="1"/>'
        "</iati-activity>"
        # (with vocabulary 1 stated: the Validator's test reads the @vocabulary attributes only,
        # so a default-aid-type without one next to one of vocabulary 2 would count as none)
        f'<iati-activity>{COMPLETE}<default-aid-type code="A01" vocabulary="1"/>'
        '<default-aid-type code="A1" vocabulary="2"/>'
        "</iati-activity>"
    )
    assert found == [
        ("107.1.1", f"{A}[1]"),
        ("107.1.1", f"{A}[2]"),
        ("107.1.2", f"{A}[2]"),
        ("107.1.2", f"{A}[3]"),
    ]


def test_default_language_or_a_language_on_each_narrative() -> None:
    # language.xslt 4.1.1 (testfiles.xspec #4.1.1): only without the activity's xml:lang
    narrated = '<title><narrative>Roads</narrative></title><reporting-org ref="XM-DAC-5" type="10"/>'
    stated = (
        '<title><narrative xml:lang="en">Roads</narrative></title><reporting-org ref="XM-DAC-5" type="10"/>'
    )
    found = _found(
        f"<iati-activity>{COMPLETE}{narrated}</iati-activity><iati-activity>{COMPLETE}{stated}</iati-activity>",
        lang=None,
    )
    assert found == [("4.1.1", f"{A}[1]")]
    assert _found(f"<iati-activity>{COMPLETE}{narrated}</iati-activity>", lang="en") == []


def test_an_activity_title_without_narrative_content() -> None:
    # language.xslt 4.3.1 on the title element; an activity without a title has no title to
    # check, and its stand-in title (its identifier) is no narrative for 4.1.1 either
    found = _found(
        f"<iati-activity>{COMPLETE}<iati-identifier>XM-1-1</iati-identifier>"
        '<title><narrative xml:lang="en"> </narrative></title></iati-activity>'
        f"<iati-activity>{COMPLETE}<iati-identifier>XM-1-2</iati-identifier></iati-activity>",
        lang=None,
    )
    assert found == [("4.3.1", f"{A}[1]/title[1]")]


def test_an_activity_description_without_narrative_content() -> None:
    # language.xslt 4.4.1 on each description element whose narratives are all blank (trimmed
    # of space, tab, CR, LF) or that has none; a description with one narrative with text passes
    found = _found(
        f"<iati-activity>{COMPLETE}<iati-identifier>XM-1-1</iati-identifier>"
        '<title><narrative xml:lang="en">T</narrative></title>'
        '<description><narrative xml:lang="en">\t\n </narrative></description>'
        '<description type="2"><narrative xml:lang="en"> </narrative><narrative xml:lang="fr">Oui</narrative></description>'
        '<description type="3"/></iati-activity>',
        lang=None,
    )
    assert found == [("4.4.1", f"{A}[1]/description[1]"), ("4.4.1", f"{A}[1]/description[3]")]


def test_catalogue_findings_name_model_paths() -> None:
    bank = Organisation("wb", LocalizedText({"en": "World Bank"}), ref="XM-DAC-44000")
    paid = Transaction(
        "3",
        "2024-02-01",
        Money(1000, "EUR"),
        receiver=FlowOrganisation(type="10"),
        sectors=[SectorShare("11110")],
    )
    programme = Programme(
        "p",
        LocalizedText({"und": "Roads"}),
        publication=Publication(reporting_org=bank),
        dates=[KeyDate("planned_start", "2024-01-01")],
        status=Status.IMPLEMENTATION,
        transactions=[paid, Transaction("3", "2024-03-01", Money(5, "EUR"))],
        themes=[CrossCuttingTheme(LocalizedText({"en": "Gender"}), code="1")],
        finance=FinanceClassification(aid_types=[AidType("A1", "2")]),
    )
    findings = check_catalogue(Catalogue((programme,)))
    found = sorted((f.rule, f.path) for f in findings if f.rule.removeprefix("iati.dq.") in MINE)
    assert found == [
        ("iati.dq.107.1.1", "$.programmes[0]"),
        ("iati.dq.4.1.1", "$.programmes[0]"),
        ("iati.dq.6.14.1", "$.programmes[0].themes[0]"),
        ("iati.dq.6.3.1", "$.programmes[0].publication.reporting_org"),
        ("iati.dq.6.7.2", "$.programmes[0]"),
        ("iati.dq.6.9.1", "$.programmes[0].transactions[0].receiver"),
    ]


@given(st.lists(st.sampled_from(["1", "2", "3", "4"]), min_size=1, max_size=4, unique=True))
def test_one_aid_type_per_vocabulary_is_never_repeated(vocabularies: list[str]) -> None:
    # 107.1.2 counts default aid types per vocabulary: distinct vocabularies never repeat one,
    # and any vocabulary listed twice does
    codes = {"1": "A01", "2": "A1", "3": "1", "4": "1"}
    aid_types = [AidType(codes[vocabulary], vocabulary) for vocabulary in vocabularies]

    def rules(types: list[AidType]) -> set[str]:
        programme = Programme("p", LocalizedText({"en": "X"}), finance=FinanceClassification(aid_types=types))
        return {hit.rule for hit in information_rules(programme, DqContext())}

    assert "107.1.2" not in rules(aid_types)
    assert "107.1.2" in rules([*aid_types, aid_types[-1]])
    assert ("107.1.1" in rules(aid_types)) == ("1" not in vocabularies)


def test_organisation_records() -> None:
    # information.xslt: the reporting-org (6.3.1) and document-link (6.1.5) templates match in
    # organisation files too (organisation-identifiers.xspec, reporting-org without @type)
    record = OrganisationRecord(
        reporting_org=Organisation("b", LocalizedText({"en": "Bank"}), ref="XM-DAC-1"),
        documents=[
            OrganisationDocument(DocumentLink("https://x.org/a", format="text/html")),
            OrganisationDocument(DocumentLink("https://x.org/b")),
        ],
    )
    hits = [(hit.rule, hit.path) for hit in organisation_information_rules(record, DqContext())]
    assert hits == [("6.3.1", "reporting_org"), ("6.1.5", "documents[1].link")]
    typed = OrganisationRecord(
        reporting_org=Organisation("b", LocalizedText({"en": "Bank"}), ref="XM-DAC-1", type="40")
    )
    assert list(organisation_information_rules(typed, DqContext())) == []


@given(st.lists(st.booleans(), min_size=1, max_size=6), st.booleans())
def test_sectors_for_the_activity_or_for_every_transaction(has_sector: list[bool], activity: bool) -> None:
    # information.xslt 6.6.2 / 6.2.2 / 6.7.2 decide by where sectors are: exactly one of them
    # fires unless the activity alone, or every transaction alone, has sectors
    transactions = [
        Transaction("3", "2024-02-01", Money(1, "EUR"), sectors=[SectorShare("11110")] if flag else [])
        for flag in has_sector
    ]
    programme = Programme(
        "p",
        LocalizedText({"en": "X"}),
        sectors=[SectorShare("11110")] if activity else [],
        transactions=transactions,
    )
    rules = {hit.rule for hit in information_rules(programme, DqContext())} & {"6.6.2", "6.2.2", "6.7.2"}
    if activity:
        assert rules == ({"6.6.2"} if any(has_sector) else set())
    elif all(has_sector):
        assert rules == set()
    else:
        assert rules == ({"6.7.2"} if any(has_sector) else {"6.2.2"})
