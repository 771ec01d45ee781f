"""The reader's shortcut for transactions keeps the schema check's verdict.

The reader skips the 2.03 schema-shape check (``undeclared``) for a transaction whose typed
reading kept nothing aside (no extras on it, its organisations or its shares): the transaction
reader types or keeps everything, so nothing in such an element can be undeclared or of
another namespace. These tests
hold that claim against every transaction in the real files and the official example, and
against transactions with undeclared content put at random places (an attribute, an element,
text): whenever the schema check finds something, the reading kept something aside, so the
check still runs and the transaction is kept whole, as before the shortcut.
"""

from __future__ import annotations

import copy
import io
from functools import cache
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import given, settings
from lxml import etree

from itaproj.iati import read_with_findings
from itaproj.iati._mapping import ReadContext, Unmapped, read_transaction
from itaproj.iati._read import _foreign_roots, _kept_nothing_aside
from itaproj.iati._upgrade import undeclared

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]


@cache
def _transactions() -> tuple[bytes, ...]:
    """Each distinct transaction of the 2.0x files, serialised, with its activity's defaults."""
    found: dict[bytes, None] = {}
    for path in FILES:
        root = etree.parse(str(path)).getroot()
        if not str(root.get("version", "")).startswith("2"):
            continue
        for transaction in root.iter("transaction"):
            found.setdefault(etree.tostring(transaction), None)
    return tuple(found)


def _read(element: etree._Element) -> object | None:
    """The transaction as the reader types it, ``None`` when the reader refuses it."""
    activity = etree.Element("iati-activity", {"default-currency": "EUR"})
    activity.append(element)
    try:
        return read_transaction(element, ReadContext("/x", currency="EUR", activity=activity))
    except (Unmapped, ValueError, LookupError):
        return None


def test_the_real_files_have_transactions_to_check() -> None:
    # counted with lxml: the DFID, World Bank, ADB... files hold thousands of transactions
    assert len(_transactions()) > 1000


def test_every_real_transaction_read_without_extras_is_declared() -> None:
    shortcut = 0
    for data in _transactions():
        element = etree.fromstring(data)
        value = _read(element)
        if value is not None and _kept_nothing_aside(value):
            shortcut += 1
            assert undeclared(element) is None, data[:300]
            assert not _foreign_roots(element), data[:300]
    assert shortcut > 1000


_ODD = st.sampled_from(["attribute", "element", "text", "tail", "namespaced"])


@settings(max_examples=300, deadline=None)
@given(index=st.integers(min_value=0), where=st.integers(min_value=0), odd=_ODD)
def test_undeclared_content_anywhere_in_a_transaction_is_never_skipped(
    index: int, where: int, odd: str
) -> None:
    transactions = _transactions()
    element = etree.fromstring(transactions[index % len(transactions)])
    nodes = [node for node in element.iter() if isinstance(node.tag, str)]
    node = nodes[where % len(nodes)]
    if odd == "attribute":
        node.set("not-in-the-schema", "1")
    elif odd == "element":
        etree.SubElement(node, "not-in-the-schema")
    elif odd == "text":
        node.text = (node.text or "") + " stray words "
    elif odd == "tail" and node is not element:
        node.tail = " stray words "
    else:
        node.set("{urn:example:other}mark", "1")
    value = _read(copy.deepcopy(element))
    if undeclared(element) is not None or _foreign_roots(element):
        # the reader refused it or kept something aside, so the checks are not skipped
        assert value is None or not _kept_nothing_aside(value)


def test_a_transaction_with_an_undeclared_attribute_is_still_kept_whole() -> None:
    document = b"""<iati-activities version="2.03"><iati-activity default-currency="EUR">
      <iati-identifier>XM-1</iati-identifier><title><narrative>T</narrative></title>
      <transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>
        <value value-date="2020-01-01">5</value>
        <provider-org ref="XM-2" odd="1"><narrative>P</narrative></provider-org></transaction>
    </iati-activity></iati-activities>"""
    catalogue, findings = read_with_findings(io.BytesIO(document))
    (programme,) = catalogue.programmes
    assert programme.transactions == ()
    assert [extra.path for extra in programme.extras] == ["transaction[1]"]
    assert "provider-org/@odd is not a 2.03 attribute" in " ".join(f.message for f in findings)


def _activity_with(transactions: bytes, lang: bytes = b"en") -> bytes:
    return (
        b'<iati-activities version="2.03"><iati-activity default-currency="EUR" xml:lang="%s">'
        b"<iati-identifier>XM-1</iati-identifier><title><narrative>T</narrative></title>%s"
        b"</iati-activity></iati-activities>"
    ) % (lang, transactions)


def _transaction(provider: bytes) -> bytes:
    return (
        b'<transaction><transaction-type code="3"/><transaction-date iso-date="2020-01-01"/>'
        b'<value value-date="2020-01-01">5</value>%s</transaction>'
    ) % provider


def test_an_organisation_read_again_reports_its_findings_at_each_place() -> None:
    # organisations recur across transactions and are read once; findings must not be lost
    provider = b'<provider-org ref="XM-2"><narrative xml:lang="FR">Donateur</narrative></provider-org>'
    catalogue, findings = read_with_findings(io.BytesIO(_activity_with(_transaction(provider) * 3)))
    (programme,) = catalogue.programmes
    assert [t.provider.name.texts for t in programme.transactions if t.provider] == [{"fr": "Donateur"}] * 3
    paths = [f.path for f in findings if f.rule == "iati.lenient.language-case"]
    assert [path.split("/")[3] for path in paths] == ["transaction[1]", "transaction[2]", "transaction[3]"]


def test_the_same_organisation_element_in_another_language_reads_in_that_language() -> None:
    provider = b'<provider-org ref="XM-2"><narrative>Name</narrative></provider-org>'
    texts = []
    for lang in (b"en", b"fr", b"en"):
        catalogue = read_with_findings(io.BytesIO(_activity_with(_transaction(provider), lang)))[0]
        (transaction,) = catalogue.programmes[0].transactions
        assert transaction.provider is not None
        assert transaction.provider.name is not None
        texts.append(transaction.provider.name.texts)
    assert texts == [{"en": "Name"}, {"fr": "Name"}, {"en": "Name"}]
