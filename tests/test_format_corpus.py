"""The frozen corpus of format-version-1 documents (tests/data/format/v1): each keeps loading, with its facts.

The facts below were read off the files by hand. A change that makes one of these tests fail
breaks version 1 of the format: see docs/format-evolution.md before touching anything here.
"""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from itaproj import (
    Catalogue,
    DateKind,
    Measure,
    Money,
    PartialDate,
    Period,
    Programme,
    Qualifier,
    Role,
    Span,
    TimeUnit,
)
from itaproj.io import FORMAT_VERSION, dumps, load, loads
from itaproj.io.lines import dump_lines, load_lines
from itaproj.period import Precision

V1 = Path(__file__).resolve().parent / "data" / "format" / "v1"
FILES = sorted(path.name for path in V1.iterdir() if path.name not in ("README.md", "SHA256SUMS"))


def read(name: str) -> Any:
    return load_lines(V1 / name) if name.endswith(".jsonl") else load(V1 / name)


def json_lines(text: str | bytes) -> list[Any]:
    return [json.loads(line) for line in (text.decode() if isinstance(text, bytes) else text).splitlines()]


def extras_of(holder: Catalogue | Programme) -> list[tuple[str, Any]]:
    return [(extra.path, json.loads(extra.value)) for extra in holder.extras]


# --- the corpus as a whole ------------------------------------------------------------------------------


def test_the_corpus_is_frozen() -> None:
    listed = {}
    for line in (V1 / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ")
        listed[name] = digest
    assert sorted(listed) == FILES  # every file is listed, and every listed file is there
    for name, digest in listed.items():
        assert hashlib.sha256((V1 / name).read_bytes()).hexdigest() == digest, f"{name} was changed"


def test_the_corpus_is_of_this_version() -> None:
    assert FORMAT_VERSION == 1
    for name in FILES:
        first = (V1 / name).read_text(encoding="utf-8")
        envelope = json_lines(first)[0] if name.endswith(".jsonl") else json.loads(first)
        assert envelope["itaproj"] == 1, name


@pytest.mark.parametrize("name", FILES)
def test_every_file_loads_and_round_trips(name: str) -> None:
    obj = read(name)
    assert loads(dumps(obj)) == obj
    if isinstance(obj, Catalogue):
        stream = io.BytesIO()
        dump_lines(obj, stream)
        assert load_lines(stream.getvalue()) == obj


@pytest.mark.parametrize(
    "name", ["seed-catalogue.json", "programme-as-written.json", "money.json", "period.json"]
)
def test_a_document_without_unknown_keys_is_written_back_with_the_same_json_values(name: str) -> None:
    assert json.loads(dumps(read(name))) == json.loads((V1 / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["seed-catalogue", "catalogue"])
def test_the_lines_form_is_the_document(name: str) -> None:
    document = load(V1 / f"{name}.json", Catalogue)
    assert load_lines(V1 / f"{name}.jsonl") == document
    stream = io.BytesIO()
    dump_lines(document, stream)
    assert json_lines(stream.getvalue()) == json_lines((V1 / f"{name}.jsonl").read_bytes())


# --- seed-catalogue ---------------------------------------------------------------------------------------


def test_seed_catalogue_facts() -> None:
    seed = load(V1 / "seed-catalogue.json", Catalogue)
    assert [p.key for p in seed] == [
        "m4eg",
        "promis",
        "u-lead",
        "auc-analytics",
        "kz-regional-development",
        "surge",
        "clir",
    ]
    assert seed.title is not None
    assert seed.title["en"] == "Seed programmes of international technical assistance"
    m4eg, kz = seed["m4eg"], seed["kz-regional-development"]
    assert m4eg.title["en"] == "Mayors for Economic Growth"
    assert m4eg.title.original == "ru"
    assert m4eg.period == Period(PartialDate(2017), PartialDate(2020))
    assert m4eg.budget is not None
    assert m4eg.budget.total == Money("1.45E+7", "EUR")
    assert m4eg.budget.total.amount == Decimal(14_500_000)
    assert kz.budget is not None
    assert kz.budget.total == Money(6288000, "EUR")
    assert [p.organisation.key for p in kz.participants] == ["eu", "gdsi", "mangystau-akimat"]
    # an organisation listed once is one object wherever it is named
    assert m4eg.participants[0].organisation is kz.participants[0].organisation
    promis = seed["promis"]
    assert promis.period is not None
    assert promis.period.start == PartialDate(2015, 4)
    assert promis.period.start.precision is Precision.MONTH
    assert [p.organisation.key for p in promis.participants] == ["fcm", "gac"]
    assert [child.key for child in seed.children_of(seed["surge"])] == ["clir"]


def test_seed_catalogue_lines_facts() -> None:
    lines = json_lines((V1 / "seed-catalogue.jsonl").read_bytes())
    assert lines[0]["lines"] == {"organisations": 10}
    assert [line["key"] for line in lines[1:11]] == [
        "eu",
        "fcm",
        "gac",
        "auc",
        "gdsi",
        "mangystau-akimat",
        "alinea",
        "canada-government",
        "ua-mindev",
        "canada-embassy-ua",
    ]
    assert [line["key"] for line in lines[11:]][:2] == ["m4eg", "promis"]
    assert len(lines) == 1 + 10 + 7


# --- catalogue --------------------------------------------------------------------------------------------

# The unknown keys of catalogue.json, read off the file: where each is kept, and its JSON value.
CATALOGUE_UNKNOWN = [
    ("$.x_generator", "hand-written for tests/data/format/v1"),
    ("$.organisations[?@.key=='gac'].x_since", 1968),
    ("$.organisations[?@.key=='registry'].x_note", {"kept": ["in", "place"]}),
]


def test_catalogue_facts() -> None:
    catalogue = load(V1 / "catalogue.json", Catalogue)
    assert [p.key for p in catalogue] == ["local-governance", "pilot-cities"]
    assert [o.key for o in catalogue.directory] == ["registry"]
    assert catalogue.title is not None
    assert catalogue.title["en"] == "Format corpus: a small catalogue"
    parent, child = catalogue["local-governance"], catalogue["pilot-cities"]
    gac = parent.participants[0].organisation
    assert (gac.key, gac.ref, gac.type, gac.name["fr"]) == ("gac", "CA-3", "10", "Affaires mondiales Canada")
    assert [p.role for p in parent.participants] == [Role.FUNDING, Role.IMPLEMENTING]
    assert parent.participants[1].organisation is child.participants[0].organisation
    assert parent.budget is not None
    assert parent.budget.total == Money(19_500_000, "CAD", Qualifier.AT_MOST)
    assert child.period == Period(PartialDate(2016), ongoing=True)
    assert catalogue.children_of(parent) == (child,)
    assert catalogue.parents_of(child) == (parent,)
    assert extras_of(catalogue) == CATALOGUE_UNKNOWN
    assert extras_of(parent) == [("$.x_phase", 2)]


def test_catalogue_unknown_keys_survive_a_round_trip_in_meaning() -> None:
    written = json.loads(dumps(load(V1 / "catalogue.json")))["data"]
    listed = {o["key"]: o for o in written["organisations"]}
    assert listed["gac"]["x_since"] == 1968  # back in place in its organisation
    assert listed["registry"]["x_note"] == {"kept": ["in", "place"]}
    assert [(e["path"], json.loads(e["value"])) for e in written["extras"]] == [CATALOGUE_UNKNOWN[0]]
    programme = written["programmes"][0]
    assert [(e["path"], json.loads(e["value"])) for e in programme["extras"]] == [("$.x_phase", 2)]


def test_catalogue_lines_facts() -> None:
    lines = json_lines((V1 / "catalogue.jsonl").read_bytes())
    assert lines[0]["lines"] == {"organisations": 3}
    assert lines[0]["data"]["title"] == {"en": "Format corpus: a small catalogue"}
    assert lines[1]["x_since"] == 1968
    assert lines[3]["x_note"] == {"kept": ["in", "place"]}
    assert lines[4]["participants"][0] == {"organisation": "gac", "role": "funding"}
    assert extras_of(load_lines(V1 / "catalogue.jsonl")) == CATALOGUE_UNKNOWN


# --- programme -------------------------------------------------------------------------------------------

PROGRAMME_UNKNOWN = [
    ("$.participants[0].x_contact", "grants@example.org"),
    ("$.budget.x_source", "annual report 2019"),
    ("$.x_registration", {"number": "4163-01", "date": "2019-05-02", "tags": ["water", 7, None, True]}),
]


def test_programme_facts() -> None:
    p = load(V1 / "programme.json", Programme)
    assert p.key == "small-towns-water"
    assert (p.title.original, p.title["en"]) == ("uk", "Clean water for small towns")
    assert p.period == Period(PartialDate(2019, 4), PartialDate(2023))
    assert p.declared_duration == Span(48, TimeUnit.MONTH)
    assert [(d.kind, d.date) for d in p.dates] == [
        (DateKind.SIGNED, PartialDate(2019, 3, 14)),
        (DateKind.PLANNED_END, PartialDate(2023)),
    ]
    assert [d.date.precision for d in p.dates] == [Precision.DAY, Precision.YEAR]
    fund, utility = (participant.organisation for participant in p.participants)
    assert (fund.key, fund.type, fund.name["fr"]) == ("fund", "40", "Fonds de développement exemple")
    assert (utility.key, utility.country) == ("utility", "UA")
    assert p.recipient_countries[0].percentage == Decimal(100)
    assert p.budget is not None
    assert p.budget.total == Money("2.5E+6", "EUR", Qualifier.MORE_THAN)
    assert p.budget.total.amount == Decimal(2_500_000)
    first, second = p.budget.lines
    assert first.amount == Money(600_000, "EUR")
    assert first.period == Period(PartialDate(2019, 4, 1), PartialDate(2019, 12, 31))
    assert second.amount == Money("900000.50", "EUR", Qualifier.ABOUT)
    indicator = p.results[0].indicators[0]
    assert indicator.unit == "person"
    assert indicator.baselines[0].value == Measure(0)
    assert indicator.baselines[0].period == Period(end=PartialDate(2019))
    assert indicator.targets[0].value == Measure(12_000, Qualifier.AT_LEAST)
    assert indicator.actuals[0].value == Measure(4500, Qualifier.LESS_THAN)
    assert extras_of(p) == PROGRAMME_UNKNOWN


def test_programme_unknown_keys_survive_a_round_trip_in_meaning() -> None:
    original = load(V1 / "programme.json", Programme)
    written = json.loads(dumps(original))["data"]
    assert [(e["path"], json.loads(e["value"])) for e in written["extras"]] == PROGRAMME_UNKNOWN
    assert written["budget"]["lines"][1]["amount"]["amount"] == "900000.50"  # digits as written
    assert loads(dumps(original)) == original
    assert load(V1 / "programme-as-written.json", Programme) == original


# --- money and period -----------------------------------------------------------------------------------


def test_money_facts() -> None:
    money = load(V1 / "money.json", Money)
    assert money == Money(Decimal(7_800_000_000), "KZT", Qualifier.MORE_THAN)
    assert money.qualifier.is_lower_bound


def test_period_facts() -> None:
    period = load(V1 / "period.json", Period)
    assert period.start == PartialDate(2004, 11)
    assert period.end is None
    assert period.ongoing is True
