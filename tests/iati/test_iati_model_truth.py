"""The typed model is the truth: XML -> model -> XML keeps every fact, and an edit is what gets written.

"Every fact" is defined in ``tests/iati/meaning.py`` from the IATI standard, independently of the
library's mapping.
"""

from __future__ import annotations

import random
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from meaning import differences, meaning  # tests/iati/meaning.py

from itaproj import Catalogue, Money, Programme
from itaproj.iati import read, write
from itaproj.io import encode

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
EXAMPLE = DATA / "examples" / "activity-standard-example-annotated.xml"
IATI_ELEMENT = r"^[a-z-]+\["  # a verbatim copy of an element IATI's schema defines (no namespace)


def _version(path: Path) -> str:
    return etree.parse(str(path)).getroot().get("version", "")


FILES = [
    path
    for path in [*sorted((DATA / "real").glob("*.xml")), EXAMPLE]
    if not _version(path).startswith("1.")  # 1.0x input is upgraded: tests/iati/test_iati_upgrade.py
]


def _written(catalogue: Catalogue) -> bytes:
    out = BytesIO()
    write(catalogue, out)
    return out.getvalue()


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:40])
def test_every_fact_survives_reading_and_writing(path: Path) -> None:
    source = etree.parse(str(path)).getroot().findall("iati-activity")
    written = etree.fromstring(_written(read(path))).findall("iati-activity")
    assert len(written) == len(source)
    lost = [
        f"activity {index}: {difference}"
        for index, (before, after) in enumerate(zip(source, written, strict=True), start=1)
        for difference in differences(meaning(before), meaning(after))
    ]
    assert lost == []


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:40])
def test_content_the_schema_defines_is_typed_not_copied(path: Path) -> None:
    catalogue = read(path)
    kept = [
        extra
        for programme in catalogue
        for extra in programme.extras
        if extra.format == "xml" and not extra.path.startswith("@") and extra.path[0].islower()
    ]
    copied = sum(len(extra.value.encode()) for extra in kept)
    assert copied < path.stat().st_size / 100, [extra.path for extra in kept][:10]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:40])
def test_the_json_of_a_file_is_at_most_half_again_its_xml(path: Path) -> None:
    # Issue 8: a converted file's JSON at most 1.5x the XML's bytes (it was 2.3-2.9x while
    # the model carried verbatim copies of what it also typed).
    catalogue = read(path)
    assert len(encode(catalogue)) <= 1.5 * path.stat().st_size


# --- edits are what gets written ----------------------------------------------------------------


def _real_programmes() -> list[Programme]:
    found: list[Programme] = []
    for path in FILES:
        found.extend(p for p in read(path) if p.budget is not None or p.transactions or p.results)
    return found


REAL = _real_programmes()


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, len(REAL) - 1), seed=st.integers(0, 2**32 - 1))
def test_an_edited_amount_is_what_gets_written(index: int, seed: int) -> None:
    rng = random.Random(seed)
    programme = REAL[index]
    factor = rng.randint(2, 9)
    if programme.budget is not None and programme.budget.lines:
        lines = list(programme.budget.lines)
        i = rng.randrange(len(lines))
        amount = lines[i].amount
        lines[i] = attrs.evolve(
            lines[i], amount=Money(amount.amount * factor + 1, amount.currency, amount.qualifier)
        )
        edited = attrs.evolve(programme, budget=attrs.evolve(programme.budget, lines=tuple(lines)))
    elif programme.transactions:
        transactions = list(programme.transactions)
        i = rng.randrange(len(transactions))
        amount = transactions[i].amount
        transactions[i] = attrs.evolve(
            transactions[i], amount=Money(amount.amount * factor + 1, amount.currency, amount.qualifier)
        )
        edited = attrs.evolve(programme, transactions=tuple(transactions))
    else:
        edited = attrs.evolve(programme, results=programme.results[1:])
    again = read(BytesIO(_written(Catalogue((edited,))))).programmes[0]
    assert again == edited


@pytest.mark.parametrize("field", ["budget", "transactions", "results"])
def test_deleting_the_ith_item_removes_exactly_that_one(field: str) -> None:
    for programme in REAL:
        items = (
            programme.budget.lines
            if field == "budget" and programme.budget
            else getattr(programme, field, ())
        )
        if field == "budget" and programme.budget is None:
            continue
        if len(items) < 3:
            continue
        i = len(items) // 2
        kept = items[:i] + items[i + 1 :]
        if field == "budget":
            assert programme.budget is not None
            edited = attrs.evolve(programme, budget=attrs.evolve(programme.budget, lines=kept))
        else:
            edited = attrs.evolve(programme, **{field: kept})
        again = read(BytesIO(_written(Catalogue((edited,))))).programmes[0]
        got = again.budget.lines if field == "budget" and again.budget else getattr(again, field)
        assert got == kept
        return
    pytest.fail(f"no real programme has three {field}")
