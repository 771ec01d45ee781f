"""Shipped codelists, checked against an independent parse of their XML files with lxml."""

from importlib import resources

import pytest
from lxml import etree

from itaproj.codelists import (
    IATI_CODELISTS_SOURCES,
    IATI_STANDARD_VERSION,
    Codelist,
    CodelistItem,
    codelist,
    codelist_names,
)
from itaproj.errors import InvalidValueError, ItaprojError, UnknownCodelistError

DATA = resources.files("itaproj").joinpath("data").joinpath("codelists")


def parse(name: str) -> etree._Element:
    return etree.fromstring(DATA.joinpath(f"{name}.xml").read_bytes())


def code_of(item: etree._Element) -> str:
    return (item.findtext("code") or "").strip()


def test_every_xml_file_is_a_codelist() -> None:
    files = {entry.name for entry in DATA.iterdir() if entry.name.endswith(".xml")}
    assert codelist_names() == {name[: -len(".xml")] for name in files}
    assert {"Currency", "Country", "Sector", "OrganisationRole", "PolicyMarker"} <= codelist_names()


@pytest.mark.parametrize("name", sorted(codelist_names()))
def test_codelist_matches_its_xml(name: str) -> None:
    root = parse(name)
    items = root.findall("codelist-items/codelist-item")
    codes = {code_of(item) for item in items} - {""}
    withdrawn = {code_of(item) for item in items if item.get("status") == "withdrawn"}
    loaded = codelist(name)
    assert loaded.name == name
    assert loaded.codes == codes
    assert len(loaded) == len(codes)
    assert {code for code in codes if loaded.is_withdrawn(code)} == withdrawn
    assert loaded.active_codes == codes - withdrawn
    assert loaded.complete is (root.get("complete") != "0")
    assert loaded.version == IATI_STANDARD_VERSION


def test_currency_withdrawn_codes_are_kept_and_flagged() -> None:
    root = parse("Currency")
    withdrawn_in_xml = [
        code_of(item) for item in root.iter("codelist-item") if item.get("status") == "withdrawn"
    ]
    currency = codelist("Currency")
    flagged = [item.code for item in currency if item.withdrawn]
    assert len(flagged) == len(withdrawn_in_xml) == 9
    assert sorted(flagged) == sorted(withdrawn_in_xml)
    # The Belarusian rouble replaced in 2016 is withdrawn but still accepted: historic data uses it.
    assert currency.is_withdrawn("BYR")
    assert currency.accepts("BYR")
    assert currency.require("currency", "BYR") == "BYR"
    assert "BYR" not in currency.active_codes
    assert not currency.is_withdrawn("BYN")
    assert not currency.is_withdrawn("XYZ")


def test_names_are_the_english_narratives() -> None:
    root = parse("Currency")
    expected = {
        code_of(item): " ".join((item.findtext("name/narrative") or "").split())
        for item in root.iter("codelist-item")
    }
    currency = codelist("Currency")
    assert {item.code: item.name for item in currency} == expected
    assert currency.name_of("UAH") == "Hryvnia"
    assert currency.name_of("XYZ") is None
    assert codelist("OrganisationRole")["1"].name == "Funding"


def test_items_carry_category_and_description() -> None:
    sector = codelist("Sector")
    item = sector["11110"]
    assert item == CodelistItem(
        code="11110", name=item.name, category="111", withdrawn=False, description=item.description
    )
    assert item.name == "Education policy and administrative management"
    assert item.description is not None
    assert codelist("Currency")["EUR"].category is None


def test_open_lists_accept_unknown_codes() -> None:
    country = codelist("Country")
    assert not country.complete
    assert "QZ" not in country
    assert country.accepts("QZ")
    assert country.require("country", "QZ") == "QZ"
    language = codelist("Language")
    assert not language.complete
    assert language.accepts("zz")


def test_complete_lists_refuse_unknown_codes_naming_the_field() -> None:
    currency = codelist("Currency")
    assert currency.complete
    assert not currency.accepts("XYZ")
    with pytest.raises(InvalidValueError) as info:
        currency.require("budget.currency", "XYZ")
    assert str(info.value) == "'budget.currency' must be a code of the IATI Currency codelist (got 'XYZ')"


@pytest.mark.parametrize("code", [5, None, b"EUR"])
def test_require_refuses_non_strings_even_in_open_lists(code: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        codelist("Country").require("country", code)  # type: ignore[arg-type]
    assert info.value.field == "country"
    assert info.value.value == code


@pytest.mark.parametrize("name", ["currency", "Currencies", "", "Sector.xml", "../Sector"])
def test_unknown_codelist(name: str) -> None:
    with pytest.raises(UnknownCodelistError) as info:
        codelist(name)
    assert isinstance(info.value, LookupError)
    assert isinstance(info.value, ItaprojError)
    assert info.value.name == name
    assert str(info.value).startswith(f"no codelist named {name!r}; known: ActivityDateType, ")
    assert "Currency" in str(info.value)


def test_codelists_are_cached_and_behave_as_collections() -> None:
    roles = codelist("OrganisationRole")
    assert codelist("OrganisationRole") is roles
    assert isinstance(roles, Codelist)
    assert len(roles) == 4
    assert [item.code for item in roles] == ["1", "2", "3", "4"]
    assert "9" not in roles
    assert repr(roles) == f"<Codelist OrganisationRole (4 codes, version {IATI_STANDARD_VERSION})>"
    with pytest.raises(KeyError):
        roles["9"]


def test_sources_are_recorded() -> None:
    assert set(IATI_CODELISTS_SOURCES) == {"embedded", "non-embedded"}
    assert all("@" in source for source in IATI_CODELISTS_SOURCES.values())
