"""Sites, contacts, other identifiers, tags, scopes, conditions, country budget items, CRS, FSS, legacy data.

Every instance of these activity children in the real files and the official example is
typed: the model holds what lxml reads from the XML (computed here from the XML, never with
the reader), and writing then reading gives the same model. Generated models of these parts
survive IATI XML unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from lxml import etree

from itaproj import (
    AdministrativeArea,
    BudgetItem,
    Catalogue,
    Condition,
    Conditions,
    Contact,
    CountryBudgetItems,
    CrsAdditions,
    Extra,
    Forecast,
    ForwardSpending,
    HumanitarianScope,
    InvalidValueError,
    LegacyData,
    LoanStatus,
    LoanTerms,
    LocalizedText,
    Location,
    Money,
    OtherFlag,
    OtherIdentifier,
    PlaceId,
    Point,
    Programme,
    Site,
    Tag,
)
from itaproj.codelists import code_bindings
from itaproj.geo import WGS84
from itaproj.iati import read, read_with_findings, write, write_with_findings
from itaproj.testing import (
    conditions,
    contacts,
    country_budget_items,
    crs_additions,
    forward_spendings,
    humanitarian_scopes,
    legacy_data,
    localized_texts,
    other_identifiers,
    sites,
    tags,
)

DATA = Path(__file__).parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Programme field of each element this file covers.
FIELDS = {
    "location": "sites",
    "contact-info": "contacts",
    "other-identifier": "other_identifiers",
    "tag": "tags",
    "humanitarian-scope": "humanitarian_scopes",
    "conditions": "conditions",
    "country-budget-items": "country_budget_items",
    "crs-add": "crs",
    "fss": "forward_spending",
    "legacy-data": "legacy_data",
}
SINGLE = {"conditions", "country-budget-items", "crs-add", "fss"}


def _version(path: Path) -> str | None:
    for _, element in etree.iterparse(str(path), events=("start",)):
        return element.get("version")
    return None


#: The 2.0x files (and the one that states no version, read as 2.03); the rest are 1.0x.
FILES_2X = [path for path in FILES if (_version(path) or "2.03").startswith("2.")]
FILES_1X = [path for path in FILES if path not in FILES_2X]


# --- what the XML says, read with lxml --------------------------------------------------------


@attrs.frozen
class _Activity:
    """What an activity says that its parts depend on: its language, currency and publisher."""

    lang: str
    currency: str | None
    reporter: str | None


def _context(activity: etree._Element) -> _Activity:
    lang = activity.get(XML_LANG)
    reporting = activity.find("reporting-org")
    return _Activity(
        "und" if lang is None else lang.lower(),
        activity.get("default-currency"),
        None if reporting is None else reporting.get("ref"),
    )


def _lang(tag: str) -> str:
    language, dash, rest = tag.partition("-")
    return language.lower() + dash + rest


def _text(element: etree._Element | None, activity: _Activity) -> LocalizedText | None:
    """The narratives with text, by language (the first per language), the first one original."""
    if element is None:
        return None
    found: dict[str, str] = {}
    for narrative in element.findall("narrative"):
        given = narrative.get(XML_LANG)
        lang = activity.lang if given is None else _lang(given)
        if narrative.text and narrative.text.strip() and lang not in found:
            found[lang] = narrative.text
    return LocalizedText(found) if found else None


def _code(element: etree._Element | None) -> str | None:
    return None if element is None else element.get("code")


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text.strip())


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text.strip()[:10])


def _boolean(text: str | None) -> bool | None:
    return None if text is None else text.strip() in ("1", "true")


def _expected_site(element: etree._Element, activity: _Activity) -> Site:
    point = element.find("point")
    if point is None:
        where = None
    elif point.find("pos") is None:
        where = Point(srs_name=point.get("srsName"))
    else:
        latitude, longitude = point.findtext("pos").split()
        where = Point(Decimal(latitude), Decimal(longitude), point.get("srsName"))
    return Site(
        name=_text(element.find("name"), activity),
        description=_text(element.find("description"), activity),
        activity_description=_text(element.find("activity-description"), activity),
        point=where,
        administrative=[
            AdministrativeArea(
                area.get("code"),
                area.get("vocabulary"),
                None if area.get("level") is None else int(area.get("level")),
            )
            for area in element.findall("administrative")
        ],
        identifiers=[
            PlaceId(place.get("code"), place.get("vocabulary")) for place in element.findall("location-id")
        ],
        ref=element.get("ref"),
        reach=_code(element.find("location-reach")),
        exactness=_code(element.find("exactness")),
        location_class=_code(element.find("location-class")),
        feature_designation=_code(element.find("feature-designation")),
    )


def _texts_or_plain(element: etree._Element | None, activity: _Activity) -> LocalizedText | None:
    """Narratives (2.0x), or the plain text a 1.0x file puts there, in the activity's language."""
    if element is None:
        return None
    if element.find("narrative") is not None or not (element.text or "").strip():
        return _text(element, activity)
    return LocalizedText({activity.lang: element.text.strip()})


def _expected_contact(element: etree._Element, activity: _Activity) -> Contact:
    addresses = (_texts_or_plain(address, activity) for address in element.findall("mailing-address"))
    return Contact(
        type=element.get("type"),
        organisation=_texts_or_plain(element.find("organisation"), activity),
        department=_texts_or_plain(element.find("department"), activity),
        person_name=_texts_or_plain(element.find("person-name"), activity),
        job_title=_texts_or_plain(element.find("job-title"), activity),
        telephones=[child.text or "" for child in element.findall("telephone")],
        emails=[child.text or "" for child in element.findall("email")],
        websites=[child.text or "" for child in element.findall("website")],
        mailing_addresses=[address for address in addresses if address is not None],
    )


def _expected_other_identifier(element: etree._Element, activity: _Activity) -> OtherIdentifier:
    if element.get("ref") is None:  # 1.0x: the identifier is the text, its owner in attributes
        owner_ref = element.get("owner-ref")
        owner_name = element.get("owner-name")
        return OtherIdentifier(
            element.text.strip(),
            "A1" if owner_ref == activity.reporter else "A9",
            owner_ref=owner_ref,
            owner_name=None if owner_name is None else LocalizedText({activity.lang: owner_name}),
        )
    owner = element.find("owner-org")
    return OtherIdentifier(
        element.get("ref"),
        element.get("type"),
        owner_ref=None if owner is None else owner.get("ref"),
        owner_name=_text(owner, activity),
    )


def _expected_tag(element: etree._Element, activity: _Activity) -> Tag:
    return Tag(
        element.get("code"),
        element.get("vocabulary"),
        element.get("vocabulary-uri"),
        _text(element, activity),
    )


def _expected_scope(element: etree._Element, activity: _Activity) -> HumanitarianScope:
    return HumanitarianScope(
        element.get("type"),
        element.get("code"),
        element.get("vocabulary"),
        element.get("vocabulary-uri"),
        _text(element, activity),
    )


def _expected_conditions(element: etree._Element, activity: _Activity) -> Conditions:
    return Conditions(
        _boolean(element.get("attached")),
        [
            Condition(condition.get("type"), _text(condition, activity))
            for condition in element.findall("condition")
        ],
    )


def _expected_budget_items(element: etree._Element, activity: _Activity) -> CountryBudgetItems:
    return CountryBudgetItems(
        element.get("vocabulary"),
        [
            BudgetItem(
                item.get("code"), _decimal(item.get("percentage")), _text(item.find("description"), activity)
            )
            for item in element.findall("budget-item")
        ],
    )


def _expected_crs(element: etree._Element, activity: _Activity) -> CrsAdditions:
    terms = element.find("loan-terms")
    status = element.find("loan-status")
    loan_status = None
    if status is not None:
        currency = status.get("currency") or activity.currency
        amounts = {
            tag.replace("-", "_"): Money(Decimal(status.findtext(tag)), currency)
            for tag in ("interest-received", "principal-outstanding", "principal-arrears", "interest-arrears")
            if status.find(tag) is not None
        }
        loan_status = LoanStatus(int(status.get("year")), _day(status.get("value-date")), **amounts)

    def date_of(tag: str) -> dt.date | None:
        found = None if terms is None else terms.find(tag)
        return None if found is None else _day(found.get("iso-date"))

    return CrsAdditions(
        other_flags=[
            OtherFlag(flag.get("code"), _boolean(flag.get("significance")))
            for flag in element.findall("other-flags")
        ],
        loan_terms=None
        if terms is None
        else LoanTerms(
            _decimal(terms.get("rate-1")),
            _decimal(terms.get("rate-2")),
            _code(terms.find("repayment-type")),
            _code(terms.find("repayment-plan")),
            date_of("commitment-date"),
            date_of("repayment-first-date"),
            date_of("repayment-final-date"),
        ),
        loan_status=loan_status,
        channel_code=None
        if element.find("channel-code") is None
        else element.findtext("channel-code").strip(),
    )


def _expected_fss(element: etree._Element, activity: _Activity) -> ForwardSpending:
    return ForwardSpending(
        _day(element.get("extraction-date")),
        [
            Forecast(
                int(forecast.get("year")),
                Money(Decimal(forecast.text), forecast.get("currency") or activity.currency),
                _day(forecast.get("value-date")),
            )
            for forecast in element.findall("forecast")
        ],
        priority=_boolean(element.get("priority")),
        phaseout_year=None if element.get("phaseout-year") is None else int(element.get("phaseout-year")),
    )


def _expected_legacy(element: etree._Element, activity: _Activity) -> LegacyData:
    return LegacyData(element.get("name"), element.get("value"), element.get("iati-equivalent"))


EXPECTED: dict[str, Callable[[etree._Element, _Activity], Any]] = {
    "location": _expected_site,
    "contact-info": _expected_contact,
    "other-identifier": _expected_other_identifier,
    "tag": _expected_tag,
    "humanitarian-scope": _expected_scope,
    "conditions": _expected_conditions,
    "country-budget-items": _expected_budget_items,
    "crs-add": _expected_crs,
    "fss": _expected_fss,
    "legacy-data": _expected_legacy,
}


def _pairs(path: Path) -> Iterator[tuple[etree._Element, Programme]]:
    catalogue = read(path)
    activities = etree.parse(str(path)).getroot().findall("iati-activity")
    assert len(activities) == len(catalogue.programmes)
    yield from zip(activities, catalogue.programmes, strict=True)


def _values(programme: Programme, tag: str) -> tuple[Any, ...]:
    value = getattr(programme, FIELDS[tag])
    if tag in SINGLE:
        return () if value is None else (value,)
    return tuple(value)


def _kept(programme: Programme, tag: str) -> list[str]:
    """The slots of ``tag`` kept verbatim only (not typed)."""
    slot = re.compile(rf"{re.escape(tag)}\[\d+\]")
    return [extra.path for extra in programme.extras if extra.format == "xml" and slot.fullmatch(extra.path)]


# --- every instance in the real files is typed, as lxml reads it -------------------------------


@pytest.mark.parametrize("path", FILES_2X, ids=lambda path: path.name[-40:])
def test_every_instance_is_typed_as_lxml_reads_it(path: Path) -> None:
    seen = 0
    for activity, programme in _pairs(path):
        context = _context(activity)
        for tag, expect in EXPECTED.items():
            elements = activity.findall(tag)
            assert _kept(programme, tag) == []
            assert _values(programme, tag) == tuple(expect(element, context) for element in elements)
            seen += len(elements)
    if path.name.startswith("activity-standard-example"):
        assert seen == 14  # two locations, tags, scopes and legacy data; one of each other element


def test_the_official_example_has_every_element_and_attribute_of_these_parts() -> None:
    # Not a single part is left empty: the example exercises the whole schema of these elements.
    ((activity, programme),) = _pairs(DATA / "examples" / "activity-standard-example-annotated.xml")
    for tag in EXPECTED:
        for element in activity.findall(tag):
            for node in element.iter():
                if isinstance(node.tag, str) and node.tag != "narrative":
                    assert node.attrib or node.text or len(node), (tag, node.tag)
    (site,) = [site for site in programme.sites if site.ref == "AF-KAN"]
    assert site.point == Point(Decimal("31.616944"), Decimal("65.716944"))
    assert site.administrative == (AdministrativeArea("1453782", "G1", level=1),)
    crs = programme.crs
    assert crs is not None
    assert crs.loan_status is not None
    assert crs.loan_status.principal_outstanding == Money(1500000, "GBP")
    assert programme.forward_spending is not None
    assert programme.forward_spending.forecasts == (Forecast(2014, Money(10000, "GBP"), dt.date(2013, 7, 3)),)


@pytest.mark.parametrize("path", FILES_1X, ids=lambda path: path.name[-40:])
def test_upgraded_1x_parts_are_typed_and_legacy_text_is_kept(path: Path) -> None:
    for activity, programme in _pairs(path):
        context = _context(activity)
        for tag, expect in EXPECTED.items():
            elements = activity.findall(tag)
            # 1.0x legacy-data may hold text, which 2.03 has no place for: kept verbatim whole.
            texts = [element for element in elements if tag == "legacy-data" and (element.text or "").strip()]
            typed = [element for element in elements if element not in texts]
            assert len(_kept(programme, tag)) == len(texts)
            assert _values(programme, tag) == tuple(expect(element, context) for element in typed)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[-40:])
def test_write_then_read_gives_the_same_parts(path: Path) -> None:
    catalogue = read(path)
    out = BytesIO()
    write(catalogue, out)
    again = read(BytesIO(out.getvalue()))
    for before, after in zip(catalogue, again, strict=True):
        for field in FIELDS.values():
            assert getattr(after, field) == getattr(before, field), (before.key, field)


# --- generated parts survive IATI XML -------------------------------------------------------------


def _programme(**fields: Any) -> Programme:
    return Programme("XM-1-parts", LocalizedText({"en": "Parts"}), iati_identifier="XM-1-parts", **fields)


def _round_trip(programme: Programme) -> Programme:
    out = BytesIO()
    write(Catalogue((programme,)), out)
    (again,) = read(BytesIO(out.getvalue()))
    return again


def _small(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(strategy, max_size=2).map(tuple)


@settings(max_examples=60, deadline=None)
@given(
    sites=_small(sites()),
    contacts=_small(contacts()),
    other_identifiers=_small(other_identifiers()),
    tags=_small(tags().filter(lambda tag: not tag.is_keyword)),
    humanitarian_scopes=_small(humanitarian_scopes()),
    conditions=st.none() | conditions(),
    country_budget_items=st.none() | country_budget_items(),
    crs=st.none() | crs_additions(),
    forward_spending=st.none() | forward_spendings(),
    legacy_data=_small(legacy_data()),
)
def test_generated_parts_survive_writing_and_reading(**fields: Any) -> None:
    programme = _programme(**fields)
    again = _round_trip(programme)
    for field in FIELDS.values():
        assert getattr(again, field) == getattr(programme, field), field


@settings(max_examples=30, deadline=None)
@given(sites=_small(sites()), name=localized_texts(2))
def test_an_edited_part_is_written_as_edited(sites: tuple[Site, ...], name: LocalizedText) -> None:
    # The writer writes the model: an edit of a site read from a file is what is read back.
    (programme,) = read(
        BytesIO(_document(b'<location ref="L1"><name><narrative>Old</narrative></name></location>'))
    )
    edited = attrs.evolve(programme, sites=(attrs.evolve(programme.sites[0], name=name), *sites))
    assert _round_trip(edited).sites == edited.sites


# --- single behaviours --------------------------------------------------------------------------


def _document(body: bytes, attributes: bytes = b'xml:lang="en" default-currency="EUR"') -> bytes:
    return (
        b'<iati-activities version="2.03"><iati-activity '
        + attributes
        + b"><iati-identifier>XM-1-a</iati-identifier><title><narrative>T</narrative></title>"
        + body
        + b"</iati-activity></iati-activities>"
    )


def _written(programme: Programme) -> etree._Element:
    out = BytesIO()
    write(Catalogue((programme,)), out)
    activity = etree.fromstring(out.getvalue()).find("iati-activity")
    assert activity is not None
    return activity


def test_content_the_schema_does_not_define_keeps_the_element_verbatim() -> None:
    body = b'<location ref="L1"><name><narrative>Kyiv</narrative></name><oblast code="32"/></location>'
    catalogue, findings = read_with_findings(BytesIO(_document(body)))
    (programme,) = catalogue
    assert programme.sites == ()
    (kept,) = programme.extras
    assert (kept.path, kept.format) == ("location[1]", "xml")
    assert etree.fromstring(kept.value).find("oblast").get("code") == "32"
    # ... and says so where it stands (it was kept without a word)
    assert [(f.rule, f.path) for f in findings] == [
        ("iati.unmapped", "/iati-activities/iati-activity[1]/location[1] (line 1)")
    ]
    assert "oblast is not a child of location" in findings[0].message
    assert _written(programme).find("location/oblast") is not None


@pytest.mark.parametrize(
    "body",
    [
        b'<contact-info flavour="x"/>',  # an attribute the element does not have
        b"<contact-info><organisation><narrative>A</narrative></organisation><organisation>"
        b"<narrative>B</narrative></organisation></contact-info>",  # a second single child
        b"<legacy-data name='n' value='v'>free text</legacy-data>",  # text where there is none
        b"<conditions attached='1'>text <condition type='1'><narrative>C</narrative></condition></conditions>",
    ],
)
def test_anything_else_the_schema_lacks_keeps_the_element_verbatim(body: bytes) -> None:
    (programme,) = read(BytesIO(_document(body)))
    tag = etree.fromstring(body).tag
    assert [extra.path for extra in programme.extras] == [f"{tag}[1]"]
    assert dict(etree.fromstring(programme.extras[0].value).attrib) == dict(etree.fromstring(body).attrib)


def test_foreign_content_stays_with_its_part_where_it_was() -> None:
    body = (
        b'<location xmlns:x="urn:x" ref="L1" x:source="survey">'
        b'<name><narrative x:checked="1">Kyiv</narrative></name>'
        b'<point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>50.45 30.52</pos>'
        b"<x:accuracy>10 m</x:accuracy></point><x:note>Capital</x:note></location>"
    )
    (programme,) = read(BytesIO(_document(body)))
    (site,) = programme.sites
    assert [(extra.path, extra.format) for extra in site.extras] == [
        ("@{urn:x}source", "xml"),
        ("name[1]/narrative[1]/@{urn:x}checked", "xml"),
        ("point[1]/{urn:x}accuracy[1]", "xml"),
        ("{urn:x}note[1]", "xml"),
    ]
    assert programme.extras == ()
    location = _written(programme).find("location")
    assert location is not None
    assert location.get("{urn:x}source") == "survey"
    assert location.find("name/narrative").get("{urn:x}checked") == "1"
    assert location.findtext("point/{urn:x}accuracy") == "10 m"
    assert [child.tag for child in location] == ["name", "point", "{urn:x}note"]
    assert _round_trip(programme).sites == programme.sites


def test_text_inside_foreign_content_keeps_the_element_verbatim() -> None:
    # A Node cannot hold text between elements, so such content is not taken apart.
    body = b'<tag xmlns:x="urn:x" code="T1" vocabulary="99"><x:a>one <x:b/> two</x:a></tag>'
    (programme,) = read(BytesIO(_document(body)))
    assert programme.tags == ()
    assert [extra.path for extra in programme.extras] == ["tag[1]"]


def test_a_point_without_pos_is_a_point_without_coordinates() -> None:
    body = b'<location><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"/></location>'
    catalogue, findings = read_with_findings(BytesIO(_document(body)))
    (programme,) = catalogue
    assert programme.sites == (Site(point=Point()),)
    assert [finding.rule for finding in findings] == ["iati.lenient.point-without-pos"]
    point = _written(programme).find("location/point")
    assert point is not None
    assert point.get("srsName") == WGS84
    assert len(point) == 0


def test_a_malformed_position_keeps_the_location_verbatim_with_a_finding() -> None:
    body = b'<location><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>50,45 30,52</pos></point></location>'
    catalogue, findings = read_with_findings(BytesIO(_document(body)))
    (programme,) = catalogue
    assert programme.sites == ()
    assert [extra.path for extra in programme.extras] == ["location[1]"]
    (finding,) = findings
    assert finding.rule == "iati.unmapped"
    assert "50,45" in finding.message


def test_a_code_the_shipped_list_lacks_is_typed_and_reported_by_check() -> None:
    # The SDG list is not embedded in the standard: a newer code than the shipped copy has is read.
    from itaproj.checks import check

    (programme,) = read(BytesIO(_document(b'<tag vocabulary="2" code="18"/>')))
    assert programme.tags == (Tag("18", "2"),)
    unknown = [finding for finding in check(programme) if finding.rule == "codelist.unknown"]
    assert [finding.path for finding in unknown] == ["$.tags[0].code"]


def test_a_missing_code_keeps_the_element_verbatim_with_a_finding() -> None:
    body = b'<tag vocabulary="2" code=" "/><tag vocabulary="2"/><tag vocabulary="2" code="17"/>'
    catalogue, findings = read_with_findings(BytesIO(_document(body)))
    (programme,) = catalogue
    assert programme.tags == (Tag("17", "2"),)
    assert [extra.path for extra in programme.extras] == ["tag[1]", "tag[2]"]
    assert [(finding.rule, finding.path) for finding in findings] == [
        ("iati.unmapped", "/iati-activities/iati-activity[1]/tag[1] (line 1)"),
        ("iati.unmapped", "/iati-activities/iati-activity[1]/tag[2] (line 1)"),
    ]


def test_amounts_take_the_default_currency_and_leave_it_implicit() -> None:
    body = (
        b'<crs-add><loan-status year="2020" value-date="2020-12-31"><principal-outstanding>100.50'
        b'</principal-outstanding></loan-status></crs-add><fss extraction-date="2021-01-05">'
        b'<forecast year="2022">10</forecast><forecast year="2023" currency="USD">20</forecast></fss>'
    )
    (programme,) = read(BytesIO(_document(body)))
    assert programme.crs is not None
    assert programme.crs.loan_status is not None
    assert programme.crs.loan_status.principal_outstanding == Money("100.50", "EUR")
    assert programme.forward_spending is not None
    assert [forecast.amount for forecast in programme.forward_spending.forecasts] == [
        Money(10, "EUR"),
        Money(20, "USD"),
    ]
    activity = _written(programme)
    assert activity.find("crs-add/loan-status").get("currency") is None
    assert [forecast.get("currency") for forecast in activity.iter("forecast")] == [None, "USD"]
    assert activity.findtext("crs-add/loan-status/principal-outstanding") == "100.50"


def test_an_amount_without_any_currency_keeps_the_element_verbatim_with_a_finding() -> None:
    body = b'<fss extraction-date="2021-01-05"><forecast year="2022">10</forecast></fss>'
    catalogue, findings = read_with_findings(BytesIO(_document(body, attributes=b'xml:lang="en"')))
    (programme,) = catalogue
    assert programme.forward_spending is None
    assert [extra.path for extra in programme.extras] == ["fss[1]"]
    assert [finding.rule for finding in findings] == ["iati.unmapped"]


@pytest.mark.parametrize(("text", "attached"), [("1", True), ("true", True), ("0", False), ("false", False)])
def test_conditions_attached_is_a_boolean(text: str, attached: bool) -> None:
    (programme,) = read(BytesIO(_document(f'<conditions attached="{text}"/>'.encode())))
    assert programme.conditions == Conditions(attached)


def test_free_keywords_are_tags_that_iati_cannot_carry() -> None:
    programme = _programme(tags=["local development", Tag("11", "2")])
    assert programme.tags == (Tag("local development"), Tag("11", "2"))
    assert programme.tags[0].is_keyword
    assert not programme.tags[1].is_keyword
    out = BytesIO()
    findings = write_with_findings(Catalogue((programme,)), out, check_schema=False)
    written = etree.fromstring(out.getvalue()).findall("iati-activity/tag")
    assert [(tag.get("vocabulary"), tag.get("code")) for tag in written] == [("2", "11")]
    (free,) = [finding for finding in findings if finding.rule == "iati.write.free-keyword"]
    assert free.path == "$.programmes[0].tags[0]"
    assert "local development" in free.message


def test_a_keyword_must_be_a_string() -> None:
    with pytest.raises(InvalidValueError) as info:
        _programme(tags=["x", 1])
    assert (info.value.field, info.value.value) == ("tags[1]", 1)


def test_a_tag_label_is_its_text_its_code_name_or_its_code() -> None:
    assert Tag("11", "2", name=LocalizedText({"uk": "Міста"})).label("uk") == "Міста"
    assert Tag("11", "2").label("en").startswith("Goal 11.")
    assert Tag("T1", "99").label("en") == "T1"


def test_a_site_gives_the_ita_location_its_iso_country_code_names() -> None:
    assert Site(
        administrative=[AdministrativeArea("0", "A1", 1), AdministrativeArea("UA", "A4", 0)]
    ).location == (Location("UA"))
    assert Site(administrative=[AdministrativeArea("703448", "G1")]).location is None


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Point("90.5", "0"), "latitude"),
        (lambda: Point("0", "-180.1"), "longitude"),
        (lambda: Point("1", None), "longitude"),
        (lambda: AdministrativeArea("1", "A1", level=-1), "level"),
        (lambda: AdministrativeArea("1", ""), "vocabulary"),
        (lambda: PlaceId("1", " "), "vocabulary"),
        (lambda: Site(reach=""), "reach"),
        (lambda: Site(feature_designation=""), "feature_designation"),
        (lambda: Contact(type=""), "type"),
        (lambda: OtherIdentifier("x", ""), "type"),
        (lambda: OtherIdentifier(" ", "A1"), "ref"),
        (lambda: Tag(" "), "code"),
        (lambda: Tag("x", ""), "vocabulary"),
        (lambda: HumanitarianScope("", "x", "1-2"), "type"),
        (lambda: HumanitarianScope("1", "", "1-2"), "code"),
        (lambda: Condition(""), "type"),
        (lambda: BudgetItem(""), "code"),
        (lambda: BudgetItem("1", percentage=101), "percentage"),
        (lambda: CountryBudgetItems(""), "vocabulary"),
        (lambda: OtherFlag("", True), "code"),
        (lambda: OtherFlag("1", 1), "significance"),
        (lambda: LoanTerms(rate_1=1.5), "rate_1"),
        (lambda: LoanTerms(repayment_plan=""), "repayment_plan"),
        (lambda: LoanTerms(commitment_date="2013-02-30"), "commitment_date"),
        (
            lambda: LoanStatus(2020, interest_received=Money(1, "EUR"), interest_arrears=Money(1, "USD")),
            "interest_arrears",
        ),
        (lambda: CrsAdditions(channel_code=""), "channel_code"),
        (lambda: Forecast("2020", Money(1, "EUR")), "year"),
        (lambda: ForwardSpending("2020"), "extraction_date"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(build: Callable[[], object], field: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        build()
    assert info.value.field == field


def test_a_point_elsewhere_than_wgs84_is_not_bound_to_degrees() -> None:
    assert Point("5000000", "-300", "http://www.opengis.net/def/crs/EPSG/0/3857").latitude == Decimal(5000000)


def test_the_codelist_bindings_of_these_parts() -> None:
    # Written out by hand from the IATI 2.03 schema's attribute -> codelist mapping.
    expected = {
        (AdministrativeArea, "code"): (None, "vocabulary", {"A4": "Country"}),
        (AdministrativeArea, "vocabulary"): ("GeographicVocabulary", None, {}),
        (PlaceId, "vocabulary"): ("GeographicVocabulary", None, {}),
        (Site, "reach"): ("GeographicLocationReach", None, {}),
        (Site, "exactness"): ("GeographicExactness", None, {}),
        (Site, "location_class"): ("GeographicLocationClass", None, {}),
        (Site, "feature_designation"): ("LocationType", None, {}),
        (Contact, "type"): ("ContactType", None, {}),
        (OtherIdentifier, "type"): ("OtherIdentifierType", None, {}),
        (Tag, "vocabulary"): ("TagVocabulary", None, {}),
        (Tag, "code"): (None, "vocabulary", {"2": "UNSDG-Goals", "3": "UNSDG-Targets"}),
        (HumanitarianScope, "type"): ("HumanitarianScopeType", None, {}),
        (HumanitarianScope, "vocabulary"): ("HumanitarianScopeVocabulary", None, {}),
        (Condition, "type"): ("ConditionType", None, {}),
        (CountryBudgetItems, "vocabulary"): ("BudgetIdentifierVocabulary", None, {}),
        (OtherFlag, "code"): ("CRSAddOtherFlags", None, {}),
        (LoanTerms, "repayment_type"): ("LoanRepaymentType", None, {}),
        (LoanTerms, "repayment_plan"): ("LoanRepaymentPeriod", None, {}),
        (CrsAdditions, "channel_code"): ("CRSChannelCode", None, {}),
    }
    declared = {
        (cls, binding.field): (binding.codelist, binding.vocabulary, dict(binding.by_vocabulary))
        for cls in {cls for cls, _ in expected}
        for binding in code_bindings(cls)
    }
    assert {key: declared.get(key) for key in expected} == expected


def test_withdrawn_codes_of_these_parts_are_reported_by_check() -> None:
    from itaproj.checks import check

    programme = _programme(country_budget_items=CountryBudgetItems("1", [BudgetItem("1.1.1")]))
    withdrawn = [finding for finding in check(programme) if finding.rule == "codelist.withdrawn"]
    assert [finding.path for finding in withdrawn] == ["$.country_budget_items.vocabulary"]


def test_the_parts_survive_json() -> None:
    from itaproj.io import dumps, loads

    (programme,) = read(DATA / "examples" / "activity-standard-example-annotated.xml")
    site = attrs.evolve(programme.sites[0], extras=(Extra("@{urn:x}a", "1", "xml"),))
    programme = attrs.evolve(programme, sites=(site, *programme.sites[1:]))
    again = loads(dumps(Catalogue((programme,))))
    for field in FIELDS.values():
        assert getattr(again.programmes[0], field) == getattr(programme, field), field
