"""Fields bound to IATI codelists are declared once (``code_field``) and used by construction and check()."""

from __future__ import annotations

import inspect

import attrs
import pytest

import itaproj
from itaproj import (
    CountryShare,
    CrossCuttingTheme,
    DocumentLink,
    FlowOrganisation,
    LocalizedText,
    Money,
    PartialDate,
    Period,
    PlannedDisbursement,
    Programme,
    RegionShare,
    SectorShare,
    Transaction,
)
from itaproj.checks import check
from itaproj.codelists import code_bindings, codelist
from itaproj.errors import InvalidValueError


def _model_classes() -> list[type]:
    return [
        obj for name in itaproj.__all__ if inspect.isclass(obj := getattr(itaproj, name)) and attrs.has(obj)
    ]


def _declared() -> dict[tuple[str, str], str]:
    found = {}
    for cls in _model_classes():
        for binding in code_bindings(cls):
            found[(cls.__name__, binding.field)] = binding.codelist or f"by {binding.vocabulary}"
    return found


def test_the_bindings_that_exist() -> None:
    # written out by hand from the IATI 2.03 schema's attribute -> codelist mapping
    expected = {
        ("Transaction", "type"): "TransactionType",
        ("FlowOrganisation", "type"): "OrganisationType",
        ("Organisation", "type"): "OrganisationType",
        ("Organisation", "country"): "Country",
        ("PlannedDisbursement", "type"): "BudgetType",
        ("SectorShare", "vocabulary"): "SectorVocabulary",
        ("SectorShare", "code"): "by vocabulary",
        ("RegionShare", "vocabulary"): "RegionVocabulary",
        ("RegionShare", "code"): "by vocabulary",
        ("CountryShare", "country"): "Country",
        ("Location", "country"): "Country",
        ("DocumentLink", "categories"): "DocumentCategory",
        ("DocumentLink", "languages"): "Language",
        ("DocumentLink", "format"): "FileFormat",
        ("Transaction", "disbursement_channel"): "DisbursementChannel",
        ("CrossCuttingTheme", "vocabulary"): "PolicyMarkerVocabulary",
        ("CrossCuttingTheme", "code"): "by vocabulary",
        ("CrossCuttingTheme", "significance"): "PolicySignificance",
    }
    declared = _declared()
    assert {key: declared.get(key) for key in expected} == expected


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Transaction("99", PartialDate(2020), Money(1, "EUR")), "type"),
        (lambda: PlannedDisbursement(Period.parse("2020", "2021"), Money(1, "EUR"), type="3"), "type"),
        (lambda: DocumentLink("https://x.org", categories=("Z99",)), "categories"),
        (lambda: SectorShare(""), "code"),
        (lambda: FlowOrganisation(ref="X", type=5), "type"),
    ],
)
def test_a_code_a_list_of_the_standard_lacks_is_refused_naming_the_field(build: object, field: str) -> None:
    # TransactionType, BudgetType and DocumentCategory are embedded in the standard; any list
    # refuses an empty code or one that is not text
    with pytest.raises(InvalidValueError) as caught:
        build()  # type: ignore[operator]
    assert caught.value.field == field


def test_lists_others_maintain_take_any_code_and_check_reports_unknown_ones() -> None:
    # Sector, Region and PolicyMarker are OECD DAC lists (embedded="0" in the shipped files):
    # real data uses codes newer than the shipped copy, so the model keeps them and check() says so
    assert not codelist("Sector").embedded
    assert "99999" not in codelist("Sector")
    programme = Programme(
        "p",
        LocalizedText({"en": "P"}),
        sectors=(SectorShare("99999"),),
        recipient_regions=(RegionShare("9999"),),
        themes=(CrossCuttingTheme(LocalizedText({"en": "x"}), code="99"),),
    )
    unknown = [(f.path, f.severity.value) for f in check(programme) if f.rule == "codelist.unknown"]
    assert unknown == [
        ("$.recipient_regions[0].code", "warning"),
        ("$.sectors[0].code", "warning"),
        ("$.themes[0].code", "warning"),
    ]


def test_a_vocabulary_outside_the_mapping_accepts_any_code() -> None:
    # vocabulary 99: the reporting organisation's own codes
    assert SectorShare("MY-OWN", vocabulary="99").code == "MY-OWN"
    assert RegionShare("R1", vocabulary="99").code == "R1"


def test_withdrawn_codes_are_found_through_the_declarations() -> None:
    sector = codelist("Sector")
    withdrawn = sorted(code for code in sector.codes if sector.is_withdrawn(code))[0]
    programme = Programme(
        "p",
        LocalizedText({"en": "P"}),
        sectors=(SectorShare(withdrawn),),
        recipient_countries=(CountryShare("UA"),),
    )
    findings = [(f.rule, f.path) for f in check(programme)]
    assert ("codelist.withdrawn", "$.sectors[0].code") in findings
