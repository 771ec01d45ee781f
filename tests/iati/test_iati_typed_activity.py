"""The activity's own attributes, its publisher, classifications and descriptions land in typed fields.

Expected values are read from the XML with lxml here, never with the library's mapping.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from itaproj import (
    AidType,
    Description,
    DescriptionKind,
    FinanceClassification,
    LocalizedText,
    Organisation,
    Programme,
    Publication,
)
from itaproj.codelists import codelist
from itaproj.iati import read, write
from itaproj.programme import Catalogue
from itaproj.testing import finance_classifications, publications

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DESCRIPTION = {"1": "general", "2": "objectives", "3": "target_groups", "4": "other"}


def _activities(path: Path) -> list[etree._Element]:
    return etree.parse(str(path)).getroot().findall("iati-activity")


def _version(path: Path) -> str:
    return etree.parse(str(path)).getroot().get("version", "")


# 1.0x files are upgraded before they are read (tests/iati/test_iati_upgrade.py); here the 2.0x ones
FILES_2X = [path for path in FILES if not _version(path).startswith("1.")]


def _narrative_texts(element: etree._Element | None) -> list[str]:
    if element is None:
        return []
    return [n.text for n in element.findall("narrative") if n.text and n.text.strip()]


@pytest.mark.parametrize("path", FILES_2X, ids=lambda path: path.name[:40])
def test_activity_attributes_are_typed(path: Path) -> None:
    for element, programme in zip(_activities(path), read(path), strict=True):
        publication = programme.publication or Publication()
        currency = element.get("default-currency")
        assert publication.default_currency == currency
        hierarchy = element.get("hierarchy")
        assert publication.hierarchy == (None if hierarchy is None else int(hierarchy))
        updated = element.get("last-updated-datetime")
        if updated is None:
            assert publication.last_updated is None
        else:
            expected = dt.datetime.fromisoformat(updated.strip())
            assert publication.last_updated == expected
        lang = element.get(XML_LANG)
        assert publication.default_language == (None if lang is None else lang.lower())
        humanitarian = element.get("humanitarian")
        assert programme.humanitarian == (None if humanitarian is None else humanitarian in ("1", "true"))
        modelled = {"default-currency", "hierarchy", "last-updated-datetime", XML_LANG, "humanitarian"}
        kept = {
            e.path[1:] for e in programme.extras if e.path.startswith("@") and not e.path.startswith("@xmlns")
        }
        assert kept == set(element.attrib) - modelled - {"linked-data-uri", "budget-not-provided"}


@pytest.mark.parametrize("path", FILES_2X, ids=lambda path: path.name[:40])
def test_the_reporting_organisation_is_the_publisher(path: Path) -> None:
    for element, programme in zip(_activities(path), read(path), strict=True):
        source = element.find("reporting-org")
        if source is None:
            assert programme.publication is None or programme.publication.reporting_org is None
            continue
        assert programme.publication is not None
        organisation = programme.publication.reporting_org
        assert organisation is not None
        assert organisation.ref == source.get("ref")
        assert organisation.type == source.get("type")
        texts = _narrative_texts(source)
        if texts:
            assert texts[0] in organisation.name.texts.values()
        assert programme.publication.secondary_reporter == (source.get("secondary-reporter") in ("1", "true"))


@pytest.mark.parametrize("path", FILES_2X, ids=lambda path: path.name[:40])
def test_classifications_scope_and_capital_spend_are_typed(path: Path) -> None:
    lists = {
        "collaboration-type": "CollaborationType",
        "default-flow-type": "FlowType",
        "default-finance-type": "FinanceType",
        "default-tied-status": "TiedStatus",
        "activity-scope": "ActivityScope",
    }
    for element, programme in zip(_activities(path), read(path), strict=True):
        kept = {e.path.split("[")[0] for e in programme.extras}
        expected: dict[str, str | None] = {}
        for tag, listname in lists.items():
            source = element.find(tag)
            code = None if source is None else source.get("code")
            if code is not None and code not in codelist(listname):
                assert tag in kept  # a code outside its list stays as the publisher wrote it
                code = None
            expected[tag] = code
        finance = programme.finance or FinanceClassification()
        assert programme.collaboration_type == expected["collaboration-type"]
        assert finance.flow_type == expected["default-flow-type"]
        assert finance.finance_type == expected["default-finance-type"]
        assert finance.tied_status == expected["default-tied-status"]
        assert programme.activity_scope == expected["activity-scope"]
        assert [(a.code, a.vocabulary) for a in finance.aid_types] == [
            (e.get("code"), e.get("vocabulary", "1")) for e in element.findall("default-aid-type")
        ]
        capital = element.find("capital-spend")
        percentage = None if capital is None else capital.get("percentage")
        assert programme.capital_spend == (None if percentage is None else Decimal(percentage))
        if capital is not None and percentage is None:
            assert "capital-spend" in kept


@pytest.mark.parametrize("path", FILES_2X, ids=lambda path: path.name[:40])
def test_every_description_with_text_has_a_typed_home(path: Path) -> None:
    for element, programme in zip(_activities(path), read(path), strict=True):
        expected = [
            (_DESCRIPTION[d.get("type", "1")], _narrative_texts(d)[0])
            for d in element.findall("description")
            if _narrative_texts(d)
        ]
        got = []
        if programme.description is not None:
            got.append(("general", next(iter(programme.description.texts.values()))))
        got += [("objectives", next(iter(o.texts.values()))) for o in programme.objectives]
        got += [(d.kind.value, next(iter(d.text.texts.values()))) for d in programme.descriptions]
        assert sorted(got) == sorted(expected)


def test_the_publisher_and_attributes_are_written_back() -> None:
    adb = Organisation(
        "XM-DAC-46004", LocalizedText({"en": "Asian Development Bank"}), ref="XM-DAC-46004", type="40"
    )
    programme = Programme(
        "XM-DAC-46004-1",
        LocalizedText({"en": "Roads"}),
        iati_identifier="XM-DAC-46004-1",
        publication=Publication(
            reporting_org=adb,
            secondary_reporter=True,
            last_updated=dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
            hierarchy=1,
            default_currency="USD",
            default_language="en",
        ),
        humanitarian=True,
        collaboration_type="2",
        finance=FinanceClassification("10", "110", (AidType("C01"), AidType("1", "2")), "5"),
        activity_scope="4",
        capital_spend=Decimal("12.5"),
        descriptions=(Description(DescriptionKind.OTHER, LocalizedText({"en": "Note"})),),
    )
    out = BytesIO()
    write(Catalogue((programme,)), out)
    activity = etree.fromstring(out.getvalue()).find("iati-activity")
    assert activity.get("default-currency") == "USD"
    assert activity.get("last-updated-datetime") == "2024-05-01T12:30:00+00:00"
    assert activity.get("humanitarian") == "1"
    assert activity.get(XML_LANG) == "en"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type"), reporting.get("secondary-reporter")) == (
        "XM-DAC-46004",
        "40",
        "1",
    )
    assert [
        (e.tag, e.get("code"), e.get("vocabulary")) for e in activity if e.tag.startswith("default-")
    ] == [
        ("default-flow-type", "10", None),
        ("default-finance-type", "110", None),
        ("default-aid-type", "C01", None),
        ("default-aid-type", "1", "2"),
        ("default-tied-status", "5", None),
    ]
    assert activity.find("capital-spend").get("percentage") == "12.5"
    assert [d.get("type") for d in activity.findall("description")] == ["4"]
    again = read(BytesIO(out.getvalue())).programmes[0]
    assert again.publication == programme.publication
    for field in (
        "humanitarian",
        "collaboration_type",
        "finance",
        "activity_scope",
        "capital_spend",
        "descriptions",
    ):
        assert getattr(again, field) == getattr(programme, field), field


@given(
    publication=publications(),
    finance=finance_classifications(),
    humanitarian=st.none() | st.booleans(),
)
def test_typed_activity_facts_survive_write_and_read(
    publication: Publication, finance: FinanceClassification, humanitarian: bool | None
) -> None:
    programme = Programme(
        "XM-1-a",
        LocalizedText({"en": "A"}),
        iati_identifier="XM-1-a",
        publication=publication,
        finance=finance or None,
        humanitarian=humanitarian,
    )
    out = BytesIO()
    write(Catalogue((programme,)), out)
    again = read(BytesIO(out.getvalue())).programmes[0]
    expected = publication
    if publication.reporting_org is not None:  # the key of a read organisation is its ref, else its name
        assert again.publication is not None
        assert again.publication.reporting_org is not None
        assert again.publication.reporting_org.ref == publication.reporting_org.ref
        assert again.publication.reporting_org.name == publication.reporting_org.name
        expected = Publication(**{**_fields(publication), "reporting_org": again.publication.reporting_org})
    empty = expected == Publication()
    assert again.publication == (None if empty else expected)
    assert again.finance == (finance or None)
    assert again.humanitarian == humanitarian


def _fields(publication: Publication) -> dict[str, object]:
    return {field.name: getattr(publication, field.name) for field in attrs.fields(Publication)}
