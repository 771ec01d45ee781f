"""IATI 1.0x files are read by upgrading each activity to the 2.03 shape (``iati._upgrade``).

Expected values come from the source files read with lxml and from the IATI 2.01 changelog's
code tables, written out by hand below (IATI/IATI-Extra-Documentation,
``en/upgrade-changelogs/integer-upgrade-to-2-01/2-01-changes.rst``), each pinned to the
meaning of the 2.03 code in the shipped codelists; never from the code under test.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from meaning import differences, meaning  # tests/iati/meaning.py

from itaproj import BudgetKind, Catalogue, DateKind, Role
from itaproj.codelists import codelist
from itaproj.findings import Finding, Severity
from itaproj.iati import read, read_with_findings, validate_schema, write
from itaproj.iati._mapping import ReadContext
from itaproj.iati._upgrade import upgrade_activity
from itaproj.iati.schema import validate_tree

REAL = Path(__file__).resolve().parents[1] / "data" / "iati" / "real"
DFID_101 = REAL / "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_CD.xml"
USAID_10 = REAL / "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_big_value.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The 2.01 changelog's tables, by hand.
DATE_TYPES = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
DATE_KINDS = {
    "1": DateKind.PLANNED_START,
    "2": DateKind.ACTUAL_START,
    "3": DateKind.PLANNED_END,
    "4": DateKind.ACTUAL_END,
}
ROLES = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
ROLE_MEMBERS = {"1": Role.FUNDING, "2": Role.ACCOUNTABLE, "3": Role.EXTENDING, "4": Role.IMPLEMENTING}
TRANSACTION_TYPES = {
    "IF": "1",
    "C": "2",
    "D": "3",
    "E": "4",
    "IR": "5",
    "LR": "6",
    "R": "7",
    "QP": "8",
    "QS": "9",
    "CG": "10",
}
BUDGET_TYPES = {"Original": "1", "Revised": "2"}
# Coded elements whose 1.0x text is the code's name (2.01: free text removed).
LABELLED = {
    "activity-status",
    "collaboration-type",
    "default-flow-type",
    "default-finance-type",
    "default-aid-type",
    "default-tied-status",
    "transaction-type",
    "category",
}
# Elements whose 1.0x text becomes a narrative (the 2.01 changelog's list, as far as these
# two files use it), by path below the activity.
NARRATIVE_PATHS = {
    "reporting-org",
    "participating-org",
    "title",
    "description",
    "recipient-country",
    "sector",
    "policy-marker",
    "contact-info/organisation",
    "contact-info/mailing-address",
    "transaction/description",
    "transaction/provider-org",
    "transaction/receiver-org",
    "document-link/title",
}


def _tree(path: Path) -> etree._Element:
    return etree.parse(str(path), etree.XMLParser(remove_comments=True, resolve_entities=False)).getroot()


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _lang(element: etree._Element, activity: etree._Element) -> str:
    return element.get(XML_LANG) or activity.get(XML_LANG) or "und"


@pytest.fixture(scope="module", params=[DFID_101, USAID_10], ids=["dfid-1.01", "usaid-1.0"])
def upgraded(request: pytest.FixtureRequest) -> tuple[Path, Catalogue, tuple[Finding, ...], bytes]:
    path: Path = request.param
    catalogue, findings = read_with_findings(path)
    out = BytesIO()
    write(catalogue, out)
    return path, catalogue, findings, out.getvalue()


def _pairs(path: Path, catalogue: Catalogue) -> list[tuple[etree._Element, Any]]:
    activities = _tree(path).findall("iati-activity")
    assert len(activities) == len(catalogue.programmes)
    return list(zip(activities, catalogue.programmes, strict=True))


# --- the real 1.0x files ------------------------------------------------------------------------


def test_a_1x_file_gets_one_file_finding_and_no_version_warning(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, _, findings, _ = upgraded
    version = _tree(path).get("version")
    assert version in ("1.01", "1.0")
    file_findings = [f for f in findings if f.path.startswith("/iati-activities (line")]
    assert [(f.rule, f.severity, f.message) for f in file_findings] == [
        ("iati.upgrade", Severity.INFO, f"version {version!r}: read as 1.0x and upgraded to 2.03")
    ]
    rules = {f.rule for f in findings}
    assert not rules & {"iati.version", "iati.unmapped", "iati.title-missing"}


def test_every_activity_has_its_source_title(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, catalogue, _, _ = upgraded
    for activity, programme in _pairs(path, catalogue):
        (title,) = activity.findall("title")
        expected = {_lang(title, activity): _norm(title.text)}
        assert {lang: _norm(text) for lang, text in programme.title.texts.items()} == expected
        assert programme.iati_identifier == activity.findtext("iati-identifier")


def test_activity_dates_keep_their_kind_and_day(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, catalogue, _, _ = upgraded
    count = 0
    for activity, programme in _pairs(path, catalogue):
        expected = [
            (DATE_KINDS[DATE_TYPES[date.get("type")]], date.get("iso-date") or date.text.strip())
            for date in activity.findall("activity-date")
        ]
        count += len(expected)
        assert [(date.kind, date.date.isoformat()) for date in programme.dates] == expected
    assert count in (820, 396)  # every activity-date of the file, none dropped


def test_participating_organisations_keep_their_roles(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, catalogue, _, _ = upgraded
    for activity, programme in _pairs(path, catalogue):
        expected = [
            (org.get("ref"), org.get("type"), ROLE_MEMBERS[ROLES[org.get("role").lower()]], _norm(org.text))
            for org in activity.findall("participating-org")
        ]
        actual = [
            (
                p.organisation.ref,
                p.organisation.type,
                p.role,
                _norm(p.organisation.name.texts[_lang(activity, activity)]),
            )
            for p in programme.participants
        ]
        assert actual == expected
        assert actual


def test_transactions_keep_type_value_and_date(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, catalogue, _, _ = upgraded
    count = kept_total = 0
    for activity, programme in _pairs(path, catalogue):
        expected = []
        kept = 0
        for transaction in activity.findall("transaction"):
            note = _norm(transaction.find("transaction-date").text)
            if (
                note
                and note != transaction.find("transaction-date").get("iso-date")
                and not note[:4].isdigit()
            ):
                # a 1.0x note in transaction-date has no place in 2.03: the transaction is kept whole
                kept += 1
                continue
            value = transaction.find("value")
            provider = transaction.find("provider-org")
            expected.append(
                (
                    TRANSACTION_TYPES[transaction.find("transaction-type").get("code")],
                    Decimal(value.text),
                    value.get("currency") or activity.get("default-currency"),
                    transaction.find("transaction-date").get("iso-date"),
                    _norm(transaction.findtext("description")) or None,
                    None if provider is None else (provider.get("ref"), _norm(provider.text)),
                )
            )
        actual = [
            (
                t.type,
                t.amount.amount,
                t.amount.currency,
                t.date.isoformat(),
                None if t.description is None else _norm(t.description.texts[_lang(activity, activity)]),
                None if t.provider is None else (t.provider.ref, _norm(t.provider.name.texts["en"])),
            )
            for t in programme.transactions
        ]
        count += len(expected)
        assert actual == expected
        assert len([e for e in programme.extras if e.path.startswith("transaction[")]) == kept
        kept_total += kept
    assert count + kept_total in (815, 255)


def test_budget_types_given_as_words_become_kinds() -> None:
    catalogue = read(DFID_101)
    kinds = {"1": BudgetKind.ORIGINAL, "2": BudgetKind.REVISED}
    count = 0
    for activity, programme in _pairs(DFID_101, catalogue):
        expected = [
            (
                kinds[BUDGET_TYPES[b.get("type")]],
                Decimal(b.findtext("value")),
                b.find("period-start").get("iso-date"),
            )
            for b in activity.findall("budget")
        ]
        count += len(expected)
        lines = programme.budget.lines if programme.budget is not None else ()
        assert [(line.kind, line.amount.amount, line.period.start.isoformat()) for line in lines] == expected
    assert count == 442


@pytest.mark.parametrize(("code", "kept"), [("", True), ("XX", True), ("D", False)])
def test_a_code_name_is_dropped_only_where_the_code_is_usable(code: str, kept: bool) -> None:
    # Found by tools/fuzz.py (seed 20261204, input 1088): the upgrade dropped the code name of
    # a transaction-type whose code it could not upgrade (kept as is), so its only content was lost.
    data = (
        b'<iati-activities version="1.03"><iati-activity default-currency="EUR">'
        b"<iati-identifier>XM-1</iati-identifier><title>T</title><transaction>"
        b'<transaction-type code="%s">Disbursement</transaction-type><transaction-date iso-date="2010-01-01"/>'
        b"<value>5</value></transaction></iati-activity></iati-activities>"
    ) % code.encode()
    catalogue, findings = read_with_findings(BytesIO(data))
    out = BytesIO()
    write(catalogue, out)
    names = etree.fromstring(out.getvalue()).xpath("//transaction-type/text()")
    assert names == (["Disbursement"] if kept else [])
    dropped = [f for f in findings if "code name 'Disbursement' dropped" in f.message]
    assert len(dropped) == (0 if kept else 1)


def test_writing_and_reading_again_gives_the_same_catalogue(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    _, catalogue, _, written = upgraded
    assert etree.fromstring(written).get("version") == "2.03"
    again, findings = read_with_findings(BytesIO(written))
    assert again == catalogue
    assert not [f for f in findings if f.rule.startswith("iati.upgrade")]


# --- the written 2.03 file means what the 1.0x file meant ----------------------------------------


def _expected_203(source: etree._Element) -> etree._Element:
    """The source activity as 2.03 says it, by the 2.01 changelog, built here with lxml."""
    activity = copy.deepcopy(source)
    reporting_ref = activity.find("reporting-org").get("ref")
    for element in list(activity.iter()):
        if not isinstance(element.tag, str):
            continue
        path = "/".join(
            [ancestor.tag for ancestor in reversed(list(element.iterancestors())) if ancestor is not activity]
            + [element.tag]
        )
        text = element.text
        if element.tag in LABELLED and element.get("code") is not None:
            element.text = None
            element.attrib.pop(XML_LANG, None)
        elif element.tag == "activity-date":
            element.set("type", DATE_TYPES[element.get("type")])
            if element.get("iso-date") is None:
                element.set("iso-date", text.strip())
            if text is not None and text.strip() == element.get("iso-date"):
                element.text = None
        elif element.tag == "transaction-date" and (text or "").strip() == element.get("iso-date"):
            element.text = None
        elif element.tag == "other-identifier":
            owner = etree.SubElement(element, "owner-org", ref=element.attrib.pop("owner-ref"))
            etree.SubElement(owner, "narrative").text = element.attrib.pop("owner-name")
            assert owner.get("ref") == reporting_ref  # so the type is A1, the publisher's own id
            element.set("ref", text.strip())
            element.set("type", "A1")
            element.text = None
        elif element.tag == "document-link" and element.get("language") is not None:
            etree.SubElement(element, "language", code=element.attrib.pop("language"))
        if path in NARRATIVE_PATHS and (text or "").strip():
            narrative = etree.Element("narrative")
            narrative.text = text
            if element.get(XML_LANG) is not None:
                narrative.set(XML_LANG, element.attrib.pop(XML_LANG))
            element.text = None
            element.insert(0, narrative)
        if element.tag == "participating-org":
            element.set("role", ROLES[element.get("role").lower()])
        elif element.tag == "transaction-type":
            element.set("code", TRANSACTION_TYPES[element.get("code")])
        elif element.tag == "budget" and element.get("type") in BUDGET_TYPES:
            element.set("type", BUDGET_TYPES[element.get("type")])
        elif element.tag in ("sector", "policy-marker") and element.get("vocabulary") == "DAC":
            element.set("vocabulary", "1")
    return activity


def _canonical(element: etree._Element, default_lang: str | None) -> tuple[Any, ...]:
    """Tag, attributes, text, children, ignoring order, layout and an explicit default language."""
    attributes = {
        name: value
        for name, value in element.attrib.items()
        if not (name == XML_LANG and value == default_lang)
    }
    return (
        element.tag,
        tuple(sorted(attributes.items())),
        _norm(element.text),
        tuple(sorted(_canonical(child, default_lang) for child in element if isinstance(child.tag, str))),
    )


def test_the_written_file_says_what_the_source_said_element_by_element(
    upgraded: tuple[Path, Catalogue, tuple[Finding, ...], bytes],
) -> None:
    path, _, _, written = upgraded
    sources = _tree(path).findall("iati-activity")
    outputs = etree.fromstring(written).findall("iati-activity")
    assert len(outputs) == len(sources)
    for source, output in zip(sources, outputs, strict=True):
        # by meaning (tests/iati/meaning.py): defaults resolved, order of different elements aside
        assert differences(meaning(_expected_203(source)), meaning(output)) == []


# --- schema validity of the output --------------------------------------------------------------

# 1.0x text that 2.03 has no place for, kept as it was (reported as iati.upgrade.kept).
KEPT_TEXT = ("related-activity", "legacy-data", "transaction/transaction-date")


def test_usaid_10_output_is_schema_valid() -> None:
    # Before the upgrade the written file had 3,027 schema errors.
    catalogue = read(USAID_10)
    out = BytesIO()
    write(catalogue, out)
    assert validate_schema(BytesIO(out.getvalue())) == ()


def test_dfid_101_output_breaks_the_schema_only_where_the_source_has_no_2_03_form() -> None:
    # Before the upgrade: 2,831 schema errors. What remains is 1.0x text 2.03 has no place for
    # (kept) and what the source lacks that 2.03 requires (a description, a document category).
    catalogue, findings = read_with_findings(DFID_101)
    out = BytesIO()
    write(catalogue, out)
    errors = validate_schema(BytesIO(out.getvalue()))
    assert errors
    for error in errors:
        step = error.path.split(" (line")[0].rsplit("/", 1)[-1].split("[")[0]
        assert step in {
            "related-activity",
            "legacy-data",
            "transaction-date",
            "participating-org",
            "document-link",
        }
    kept = {f.message.split(": ", 1)[0].split(" x ", 1)[1] for f in findings if f.rule == "iati.upgrade.kept"}
    assert kept == {f"{path}" for path in KEPT_TEXT}
    # Without that kept text, an activity is valid exactly when its source has what 2.03 requires.
    written = etree.fromstring(out.getvalue())
    for path in KEPT_TEXT:
        for element in written.iterfind(f"iati-activity/{path}"):
            element.text = None
    sources = _tree(DFID_101).findall("iati-activity")
    valid = 0
    for source, activity in zip(sources, written.findall("iati-activity"), strict=True):
        document = etree.Element("iati-activities", version="2.03")
        document.append(copy.deepcopy(activity))
        complete = source.find("description") is not None and all(
            link.find("category") is not None for link in source.findall("document-link")
        )
        assert (validate_tree(etree.ElementTree(document)) == ()) is complete
        valid += complete
    assert valid == 58


# --- each mapping, on small snippets -------------------------------------------------------------


def _upgrade(
    body: str, attributes: str = 'xml:lang="en"', reporting: str = '<reporting-org ref="XM-1" type="10"/>'
) -> tuple[etree._Element, list[Finding]]:
    activity = etree.fromstring(
        f"<iati-activity {attributes}><iati-identifier>XM-1</iati-identifier>{reporting}{body}</iati-activity>"
    )
    ctx = ReadContext("/iati-activities/iati-activity[1]", activity=activity)
    upgrade_activity(activity, ctx)
    return activity, ctx.findings


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("IF", "1", "Incoming Funds"),
        ("C", "2", "Outgoing Commitment"),
        ("D", "3", "Disbursement"),
        ("E", "4", "Expenditure"),
        ("IR", "5", "Interest Payment"),
        ("LR", "6", "Loan Repayment"),
        ("R", "7", "Reimbursement"),
        ("QP", "8", "Purchase of Equity"),
        ("QS", "9", "Sale of Equity"),
        ("CG", "10", "Credit Guarantee"),
    ],
)
def test_transaction_type_letters(old: str, new: str, name: str) -> None:
    activity, findings = _upgrade(
        f'<transaction><value value-date="2012-01-01">5</value><transaction-type code="{old}">x</transaction-type>'
        '<transaction-date iso-date="2012-01-01"/></transaction>'
    )
    transaction = activity.find("transaction")
    assert transaction.find("transaction-type").get("code") == new
    assert codelist("TransactionType")[new].name == name
    assert [child.tag for child in transaction] == ["transaction-type", "transaction-date", "value"]
    assert transaction.find("transaction-type").text is None
    infos = {f.message for f in findings if f.severity is Severity.INFO}
    assert (
        f"1 x transaction/transaction-type/@code: 1.0x value -> TransactionType code (first {old!r} -> {new!r})"
        in infos
    )
    assert "1 x transaction: children put in the 2.03 schema order" in infos


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("start-planned", "1", "Planned start"),
        ("start-actual", "2", "Actual start"),
        ("end-planned", "3", "Planned End"),
        ("end-actual", "4", "Actual end"),
    ],
)
def test_activity_date_types(old: str, new: str, name: str) -> None:
    activity, _ = _upgrade(f'<activity-date type="{old}" iso-date="2012-03-04"/>')
    assert activity.find("activity-date").attrib == {"type": new, "iso-date": "2012-03-04"}
    assert codelist("ActivityDateType")[new].name.lower() == name.lower()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Funding", "1"),
        ("Accountable", "2"),
        ("Extending", "3"),
        ("Implementing", "4"),
        ("implementing", "4"),
    ],
)
def test_participating_org_roles(old: str, new: str) -> None:
    activity, findings = _upgrade(f'<participating-org role="{old}" xml:lang="fr">Agence</participating-org>')
    org = activity.find("participating-org")
    assert org.get("role") == new
    assert codelist("OrganisationRole")[new].name.lower() == old.lower()
    assert [(n.text, n.get(XML_LANG)) for n in org] == [("Agence", "fr")]
    assert org.get(XML_LANG) is None
    assert any(f.message == "1 x participating-org: plain text -> narrative" for f in findings)


@pytest.mark.parametrize(
    ("element", "old", "new", "list_name", "name"),
    [
        ("sector", "DAC", "1", "SectorVocabulary", "OECD DAC CRS Purpose Codes (5 digit)"),
        ("sector", "DAC-3", "2", "SectorVocabulary", "OECD DAC CRS Purpose Codes (3 digit)"),
        ("sector", "COFOG", "3", "SectorVocabulary", "Classification of the Functions of Government (UN)"),
        (
            "sector",
            "NACE",
            "4",
            "SectorVocabulary",
            "Statistical classification of economic activities in the European Community",
        ),
        ("sector", "NTEE", "5", "SectorVocabulary", "National Taxonomy for Exempt Entities (USA)"),
        ("sector", "ADT", "6", "SectorVocabulary", "AidData"),
        ("sector", "RO", "99", "SectorVocabulary", "Reporting Organisation"),
        ("sector", "RO2", "98", "SectorVocabulary", "Reporting Organisation 2"),
        ("policy-marker", "DAC", "1", "PolicyMarkerVocabulary", "OECD DAC CRS"),
        ("policy-marker", "RO", "99", "PolicyMarkerVocabulary", "Reporting Organisation"),
    ],
)
def test_vocabularies_by_the_codes_meaning(
    element: str, old: str, new: str, list_name: str, name: str
) -> None:
    activity, _ = _upgrade(f'<{element} code="1" vocabulary="{old}">Label</{element}>')
    assert activity.find(element).get("vocabulary") == new
    assert codelist(list_name)[new].name == name
    assert activity.find(element).findtext("narrative") == "Label"


@pytest.mark.parametrize(
    ("element", "old"),
    [("sector", "ISO"), ("sector", "WB"), ("policy-marker", "NTEE"), ("policy-marker", "ADT")],
)
def test_vocabularies_without_a_2x_code_are_kept_and_reported(element: str, old: str) -> None:
    activity, findings = _upgrade(f'<{element} code="1" vocabulary="{old}"/>')
    assert activity.find(element).get("vocabulary") == old
    (kept,) = [f for f in findings if f.severity is Severity.WARNING]
    assert kept.rule == "iati.upgrade.kept"
    assert kept.path.startswith(f"/iati-activities/iati-activity[1]/{element}[1] (line ")
    assert repr(old) in kept.message


@pytest.mark.parametrize(
    ("snippet", "xpath", "attribute", "new", "list_name", "name"),
    [
        ('<budget type="Original"/>', "budget", "type", "1", "BudgetType", "Original"),
        ('<budget type="revised"/>', "budget", "type", "2", "BudgetType", "Revised"),
        ('<result type="output"/>', "result", "type", "1", "ResultType", "Output"),
        ('<result type="Outcome"/>', "result", "type", "2", "ResultType", "Outcome"),
        ('<result type="impact"/>', "result", "type", "3", "ResultType", "Impact"),
        (
            '<result type="1"><indicator measure="unit"/></result>',
            "result/indicator",
            "measure",
            "1",
            "IndicatorMeasure",
            "Unit",
        ),
        (
            '<result type="1"><indicator measure="Percentage"/></result>',
            "result/indicator",
            "measure",
            "2",
            "IndicatorMeasure",
            "Percentage",
        ),
    ],
)
def test_names_given_for_codes(
    snippet: str, xpath: str, attribute: str, new: str, list_name: str, name: str
) -> None:
    activity, findings = _upgrade(snippet)
    assert activity.find(xpath).get(attribute) == new
    assert codelist(list_name)[new].name == name
    assert not [f for f in findings if f.severity is not Severity.INFO]


NARRATIVE_CASES = [
    "title",
    "description",
    "reporting-org",
    "participating-org",
    "activity-date",
    "contact-info/organisation",
    "contact-info/person-name",
    "contact-info/job-title",
    "contact-info/mailing-address",
    "recipient-country",
    "recipient-region",
    "location/name",
    "location/description",
    "location/activity-description",
    "sector",
    "country-budget-items/budget-item/description",
    "policy-marker",
    "transaction/description",
    "transaction/provider-org",
    "transaction/receiver-org",
    "document-link/title",
    "conditions/condition",
    "result/title",
    "result/description",
    "result/indicator/title",
    "result/indicator/description",
    "result/indicator/baseline/comment",
    "result/indicator/period/target/comment",
    "result/indicator/period/actual/comment",
]


def _nest(path: str, inner: str) -> str:
    steps = path.split("/")
    xml = f'<{steps[-1]} xml:lang="fr">{inner}</{steps[-1]}>'
    for step in reversed(steps[:-1]):
        xml = f"<{step}>{xml}</{step}>"
    return xml


@pytest.mark.parametrize("path", NARRATIVE_CASES)
def test_plain_text_becomes_a_narrative_in_its_language(path: str) -> None:
    activity, findings = _upgrade(_nest(path, "Texte libre"), reporting="")
    (element,) = activity.findall(path)
    narratives = element.findall("narrative")
    assert [(n.text, n.get(XML_LANG)) for n in narratives] == [("Texte libre", "fr")]
    assert element.text is None
    assert element.get(XML_LANG) is None
    assert f"1 x {path}: plain text -> narrative" in {f.message for f in findings}


def test_one_finding_per_kind_with_a_count_located_at_the_first() -> None:
    _, findings = _upgrade(
        "<title>T</title>"
        '<participating-org role="Funding" ref="A">A</participating-org>'
        '<participating-org role="Extending" ref="B">B</participating-org>'
        '<participating-org role="Implementing" ref="C">C</participating-org>'
    )
    by_message = {f.message: f for f in findings}
    assert set(by_message) == {
        "1 x title: plain text -> narrative",
        "3 x participating-org/@role: 1.0x value -> OrganisationRole code (first 'Funding' -> '1')",
        "3 x participating-org: plain text -> narrative",
    }
    assert len(findings) == 3
    located = by_message["3 x participating-org: plain text -> narrative"]
    assert located.path == "/iati-activities/iati-activity[1]/participating-org[1] (line 1)"
    assert all(f.rule == "iati.upgrade" and f.severity is Severity.INFO for f in findings)


@pytest.mark.parametrize(
    ("snippet", "attributes", "text", "message"),
    [
        (
            '<activity-date type="start-planned">2010-12-31</activity-date>',
            {"type": "1", "iso-date": "2010-12-31"},
            None,
            "date in the text -> @iso-date",
        ),
        (
            '<activity-date type="start-planned" iso-date="2010-12-31"> 2010-12-31 </activity-date>',
            {"type": "1", "iso-date": "2010-12-31"},
            None,
            "text repeating @iso-date dropped",
        ),
        (
            '<activity-date type="start-planned" iso-date="2010-01-01">Early 2010</activity-date>',
            {"type": "1", "iso-date": "2010-01-01"},
            "Early 2010",
            "plain text -> narrative",
        ),
    ],
)
def test_activity_date_text(snippet: str, attributes: dict[str, str], text: str | None, message: str) -> None:
    activity, findings = _upgrade(snippet)
    date = activity.find("activity-date")
    assert dict(date.attrib) == attributes
    assert date.text is None
    assert date.findtext("narrative") == text
    assert f"1 x activity-date: {message}" in {f.message for f in findings}


def test_code_names_on_coded_elements_are_dropped() -> None:
    activity, findings = _upgrade(
        '<activity-status code="2">Implementation</activity-status>'
        '<default-finance-type code="110" xml:lang="en">Aid grant</default-finance-type>'
    )
    assert activity.find("activity-status").text is None
    assert dict(activity.find("default-finance-type").attrib) == {"code": "110"}
    assert codelist("ActivityStatus")["2"].name == "Implementation"
    assert (
        "1 x activity-status: code name 'Implementation' dropped (2.01 removed free text from coded elements)"
        in {f.message for f in findings}
    )


@pytest.mark.parametrize(
    ("owner_ref", "expected_type", "name"),
    [
        ("XM-1", "A1", "Reporting Organisation's internal activity identifier"),
        ("XM-2", "A9", "Other Activity Identifier"),
    ],
)
def test_other_identifier_is_rebuilt(owner_ref: str, expected_type: str, name: str) -> None:
    activity, _ = _upgrade(
        f'<other-identifier owner-ref="{owner_ref}" owner-name="Agency">105838</other-identifier>'
    )
    other = activity.find("other-identifier")
    assert dict(other.attrib) == {"ref": "105838", "type": expected_type}
    assert codelist("OtherIdentifierType")[expected_type].name == name
    owner = other.find("owner-org")
    assert owner.get("ref") == owner_ref
    assert owner.findtext("narrative") == "Agency"
    assert other.text is None


def test_activity_website_becomes_an_activity_web_page_document_link() -> None:
    activity, findings = _upgrade(
        '<document-link url="http://a.example/1.pdf" format="application/pdf"><title>One</title>'
        '<category code="A01"/></document-link>'
        "<activity-website>http://example.org/project</activity-website>"
    )
    assert activity.find("activity-website") is None
    first, second = activity.findall("document-link")
    assert first.get("url") == "http://a.example/1.pdf"
    assert dict(second.attrib) == {"url": "http://example.org/project", "format": "text/html"}
    assert second.find("title/narrative").text == "http://example.org/project"
    assert second.find("category").get("code") == "A12"
    assert codelist("DocumentCategory")["A12"].name == "Activity web page"
    (finding,) = [f for f in findings if "activity-website" in f.message]
    assert finding.path == "/iati-activities/iati-activity[1]/activity-website[1] (line 1)"


def test_document_link_language_attribute_becomes_a_child() -> None:
    activity, _ = _upgrade(
        '<document-link url="http://a.example/d" format="application/msword" language="fr">'
        '<category xml:lang="fr" code="A02">Objectifs</category><title xml:lang="fr">Résumé</title></document-link>'
    )
    link = activity.find("document-link")
    assert dict(link.attrib) == {"url": "http://a.example/d", "format": "application/msword"}
    assert [child.tag for child in link] == ["title", "category", "language"]
    assert link.find("language").get("code") == "fr"
    assert (link.find("title/narrative").text, link.find("title/narrative").get(XML_LANG)) == ("Résumé", "fr")
    assert dict(link.find("category").attrib) == {"code": "A02"}


def test_aid_type_flag_is_renamed_other_flags() -> None:
    activity, _ = _upgrade('<crs-add><aidtype-flag code="1" significance="1"/></crs-add>')
    assert activity.find("crs-add/aidtype-flag") is None
    assert dict(activity.find("crs-add/other-flags").attrib) == {"code": "1", "significance": "1"}
    assert codelist("CRSAddOtherFlags")["1"].name == "Free standing technical cooperation"


def test_location_1x_parts() -> None:
    activity, findings = _upgrade(
        '<location percentage="50"><name>Herat</name><coordinates latitude="34.34" longitude="62.20"/>'
        '<gazetteer-entry gazetteer-ref="GEO">1140026</gazetteer-entry><location-type code="PPL"/>'
        '<administrative country="AF">Afghanistan, Herat</administrative></location>'
    )
    location = activity.find("location")
    assert location.find("point").get("srsName") == "http://www.opengis.net/def/crs/EPSG/0/4326"
    assert location.find("point/pos").text == "34.34 62.20"
    assert location.find("coordinates") is None
    assert dict(location.find("location-id").attrib) == {"vocabulary": "G1", "code": "1140026"}
    assert codelist("GeographicVocabulary")["G1"].name == "Geonames"
    assert location.find("feature-designation").get("code") == "PPL"
    assert codelist("LocationType")["PPL"].name == "populated place"
    assert location.find("name/narrative").text == "Herat"
    # 2.03 order: location-id, name, ..., administrative, point, ..., feature-designation
    assert [child.tag for child in location] == [
        "location-id",
        "name",
        "administrative",
        "point",
        "feature-designation",
    ]
    # What 2.03 has no place for stays as it was, reported.
    assert location.get("percentage") == "50"
    assert location.find("administrative").text == "Afghanistan, Herat"
    kept = sorted(f.message for f in findings if f.rule == "iati.upgrade.kept")
    assert kept == [
        "1 x location/@percentage: not an IATI 2.03 attribute (kept as is)",
        "1 x location/administrative/@country: not an IATI 2.03 attribute (kept as is)",
        "1 x location/administrative: text 'Afghanistan, Herat' has no place in 2.03 (kept as is)",
    ]


@pytest.mark.parametrize(
    ("snippet", "kept"),
    [
        (
            '<location><coordinates latitude="1" longitude="2" precision="3"/></location>',
            "1 x location/coordinates: @precision has no place in 2.03 (kept as is)",
        ),
        (
            '<location><gazetteer-entry gazetteer-ref="NGA">-3</gazetteer-entry></location>',
            "1 x location/gazetteer-entry: gazetteer 'NGA' has no 2.0x GeographicVocabulary code (kept as is)",
        ),
        (
            '<related-activity ref="XM-1-2" type="2">Another activity</related-activity>',
            "1 x related-activity: text 'Another activity' has no place in 2.03 (kept as is)",
        ),
        (
            '<transaction><transaction-type code="3"/><transaction-date iso-date="2010-01-01">Q1 2010'
            '</transaction-date><value value-date="2010-01-01">1</value></transaction>',
            "1 x transaction/transaction-date: text 'Q1 2010' has no place in 2.03 (kept as is)",
        ),
        (
            '<planned-disbursement updated="2010-01-01"><period-start iso-date="2010-01-01"/></planned-disbursement>',
            "1 x planned-disbursement/@updated: not an IATI 2.03 attribute (kept as is)",
        ),
        (
            '<participating-org role="Donor" ref="X"/>',
            "1 x participating-org/@role: 'Donor' has no OrganisationRole code (kept as is)",
        ),
        ("<crs-add><secret/></crs-add>", "1 x crs-add/secret: not an IATI 2.03 element (kept as is)"),
    ],
)
def test_what_cannot_be_upgraded_is_kept_and_reported(snippet: str, kept: str) -> None:
    activity, findings = _upgrade(snippet)
    before = etree.fromstring(f"<a>{snippet}</a>")
    assert [(f.rule, f.severity, f.message) for f in findings if f.severity is Severity.WARNING] == [
        ("iati.upgrade.kept", Severity.WARNING, kept)
    ]
    # Nothing of what is kept is lost: every source attribute value and text is still there.
    after = etree.tostring(activity, encoding="unicode")
    for element in before.iter():
        for value in element.attrib.values():
            assert value in after
        if element.text and element.text.strip():
            assert element.text.strip() in after


def test_activity_version_attribute_is_removed_with_a_note() -> None:
    activity, findings = _upgrade("<title>T</title>", attributes='version="1.03" xml:lang="en"')
    assert activity.get("version") is None
    assert findings[0].message.startswith("1 x iati-activity/@version: '1.03' removed")
    assert findings[0].path == "/iati-activities/iati-activity[1] (line 1)"


def test_an_activity_in_the_2_03_shape_is_left_alone() -> None:
    body = (
        '<title><narrative>T</narrative></title><activity-date type="1" iso-date="2010-01-01"/>'
        '<transaction><transaction-type code="3"/><transaction-date iso-date="2010-01-01"/>'
        '<value value-date="2010-01-01">1</value></transaction>'
    )
    activity = etree.fromstring(f"<iati-activity><iati-identifier>X</iati-identifier>{body}</iati-activity>")
    before = etree.tostring(activity)
    ctx = ReadContext("/iati-activities/iati-activity[1]", activity=activity)
    upgrade_activity(activity, ctx)
    assert etree.tostring(activity) == before
    assert ctx.findings == []


# --- through the public reader --------------------------------------------------------------------

V105 = b"""<iati-activities version="1.05">
<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-1-1</iati-identifier>
  <reporting-org ref="XM-1" type="10">Agency</reporting-org>
  <title>Roads</title>
  <description>Repairs.</description>
  <participating-org role="Funding" ref="XM-1">Agency</participating-org>
  <activity-status code="2">Implementation</activity-status>
  <activity-date type="start-actual" iso-date="2012-01-01"/>
  <transaction>
    <value value-date="2012-02-01">1000</value>
    <transaction-type code="D">Disbursement</transaction-type>
    <transaction-date iso-date="2012-02-01"/>
  </transaction>
</iati-activity>
</iati-activities>"""


@pytest.mark.parametrize("version", [b"1.0", b"1.01", b"1.02", b"1.03", b"1.04", b"1.05"])
def test_every_1x_version_is_upgraded(version: bytes) -> None:
    catalogue, findings = read_with_findings(BytesIO(V105.replace(b'"1.05"', b'"' + version + b'"', 1)))
    (programme,) = catalogue.programmes
    assert programme.title.texts == {"en": "Roads"}
    assert [(p.organisation.ref, p.role) for p in programme.participants] == [("XM-1", Role.FUNDING)]
    assert [(d.kind, d.date.isoformat()) for d in programme.dates] == [(DateKind.ACTUAL_START, "2012-01-01")]
    ((kind, amount),) = [(t.type, t.amount.amount) for t in programme.transactions]
    assert (kind, amount) == ("3", Decimal("1000"))
    assert findings[0].message == f"version {version.decode()!r}: read as 1.0x and upgraded to 2.03"
    assert {f.rule for f in findings} == {"iati.upgrade"}
    out = BytesIO()
    write(catalogue, out)
    assert validate_schema(BytesIO(out.getvalue())) == ()


@pytest.mark.parametrize("version", [b"3.0", b"abc", b"1.06", b"2.04"])
def test_an_unknown_version_gets_one_finding_and_no_upgrade(version: bytes) -> None:
    catalogue, findings = read_with_findings(BytesIO(V105.replace(b'"1.05"', b'"' + version + b'"', 1)))
    version_findings = [f for f in findings if f.path.startswith("/iati-activities (line")]
    assert [(f.rule, f.severity) for f in version_findings] == [("iati.version", Severity.WARNING)]
    assert repr(version.decode()) in version_findings[0].message
    assert not [f for f in findings if f.rule.startswith("iati.upgrade")]
    # Read as 2.03, the 1.0x title is not a title.
    assert "iati.title-missing" in {f.rule for f in findings}
    assert catalogue.programmes[0].participants == ()


def test_a_2x_file_is_not_upgraded() -> None:
    _, findings = read_with_findings(BytesIO(V105.replace(b'"1.05"', b'"2.03"', 1)))
    assert not [f for f in findings if f.rule.startswith("iati.upgrade")]
    assert "iati.title-missing" in {f.rule for f in findings}
