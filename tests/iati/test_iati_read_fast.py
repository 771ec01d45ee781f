"""The reader's one-pass paths read exactly what the general paths read.

Three shortcuts of the IATI reader are held against the general code they stand in for:

- :func:`~itaproj.iati._mapping.flows.plain_transaction` reads a transaction of the common
  shape in one pass: whenever it gives a value, that value equals what the general reader
  (:func:`~itaproj.iati._mapping.flows.read_any_transaction`) gives for the same element, with
  the same findings; whenever it declines (``None``), it has left no finding behind;
- ``_plain`` in :mod:`itaproj.iati._read` says an activity child holds nothing undeclared or of
  another namespace only when ``undeclared`` and ``_foreign_roots`` find nothing;
- ``_has_text`` says an activity holds no text of its own only when none of its texts and tails
  has anything ``str.strip`` leaves.

Each is checked on every distinct element of the real files and the official example, and on
those elements changed at random places (attributes, elements, texts, codes, languages, removed
or repeated children).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from lxml import etree

from itaproj.finance import Transaction
from itaproj.iati._mapping import ReadContext, Unmapped, plain_transaction, read_any_transaction
from itaproj.iati._read import _foreign_roots, _has_text, _plain
from itaproj.iati._upgrade import undeclared

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@cache
def _activities() -> tuple[bytes, ...]:
    """Each activity of the 2.0x files, serialised."""
    found: list[bytes] = []
    for path in FILES:
        root = etree.parse(str(path)).getroot()
        if str(root.get("version", "")).startswith("2"):
            found.extend(etree.tostring(activity) for activity in root.iter("iati-activity"))
    return tuple(found)


@cache
def _elements(tag: str | None) -> tuple[bytes, ...]:
    """Each distinct direct child of an activity named ``tag`` (any name: ``None``), serialised."""
    found: dict[bytes, None] = {}
    for data in _activities():
        for child in etree.fromstring(data):
            if isinstance(child.tag, str) and (tag is None or child.tag == tag):
                found.setdefault(etree.tostring(child, with_tail=False), None)
    return tuple(found)


def _in_activity(element: etree._Element, lang: str | None, currency: str | None) -> etree._Element:
    activity = etree.Element("iati-activity")
    if currency is not None:
        activity.set("default-currency", currency)
    if lang is not None:
        activity.set(XML_LANG, lang)
    activity.append(element)
    return activity


def _context(activity: etree._Element, lang: str, currency: str | None) -> ReadContext:
    return ReadContext("/iati-activities/iati-activity[1]", lang=lang, currency=currency, activity=activity)


def _general(element: etree._Element, ctx: ReadContext) -> tuple[object, list[object]]:
    """What the general reader makes of ``element``: its value (or its error) and its findings."""
    try:
        value: object = read_any_transaction(element, ctx)
    except (Unmapped, ValueError, LookupError) as error:
        value = (type(error).__name__, str(error))
    return value, list(ctx.findings)


def _compare(data: bytes, lang: str = "en", currency: str | None = "EUR") -> bool:
    """Read ``data`` both ways; ``True`` when the one-pass reader took it."""
    element = etree.fromstring(data)
    activity = _in_activity(element, None, currency)
    ctx = _context(activity, lang, currency)
    fast = plain_transaction(element, ctx)
    fast_findings = list(ctx.findings)
    twin = copy.deepcopy(element)
    value, findings = _general(twin, _context(_in_activity(twin, None, currency), lang, currency))
    if fast is None:
        assert fast_findings == [], data[:300]  # declined: nothing left behind
        return False
    assert type(fast) is Transaction
    assert fast == value, data[:300]
    assert fast_findings == findings, data[:300]
    # every field as the validating constructor makes it (the one-pass reader builds it unchecked)
    assert fast == Transaction(
        **{field.name: getattr(fast, field.name) for field in attrs.fields(Transaction)}
    )
    return True


@cache
def _plain_transactions() -> tuple[bytes, ...]:
    """The real transactions the one-pass reader takes as they are."""
    return tuple(item for item in _elements("transaction") if _compare(item))


def test_the_real_files_have_transactions_of_both_shapes() -> None:
    assert len(_elements("transaction")) > 1000


@pytest.mark.parametrize(("lang", "currency"), [("en", "EUR"), ("fr", None), ("und", "USD")])
def test_every_real_transaction_reads_the_same_in_one_pass(lang: str, currency: str | None) -> None:
    taken = sum(_compare(data, lang, currency) for data in _elements("transaction"))
    declined = len(_elements("transaction")) - taken
    # both paths are exercised: the ADB and CAF files hold plain transactions, the World Bank
    # and USAID ones transactions with sectors and countries
    assert taken > 500
    assert declined > 100


_NAMES = st.sampled_from(
    [
        "ref",
        "humanitarian",
        "code",
        "currency",
        "value-date",
        "iso-date",
        "vocabulary",
        "type",
        "provider-activity-id",
        "odd",
        XML_LANG,
        "{urn:example:other}mark",
    ]
)
_VALUES = st.sampled_from(
    ["1", "0", "true", "", " ", "EUR", "XX", "2020-01-01", "2020-01-01Z", "en", "EN", "a b"]
)
_TAGS = st.sampled_from(
    [
        "narrative",
        "value",
        "transaction-type",
        "transaction-date",
        "description",
        "provider-org",
        "receiver-org",
        "aid-type",
        "flow-type",
        "finance-type",
        "tied-status",
        "disbursement-channel",
        "sector",
        "recipient-country",
        "not-in-the-schema",
        "{urn:example:other}thing",
    ]
)
_TEXTS = st.sampled_from(["", "   ", "\n  ", "x", "12.50", " 1E+3 ", "\xa0", "NaN"])
_CHANGE = st.sampled_from(["attribute", "remove-attribute", "element", "text", "tail", "remove", "repeat"])


def _change(element: etree._Element, change: str, where: int, data: st.DataObject) -> None:
    nodes = [node for node in element.iter() if isinstance(node.tag, str)]
    node = nodes[where % len(nodes)]
    if change == "attribute":
        node.set(data.draw(_NAMES), data.draw(_VALUES))
    elif change == "remove-attribute" and node.keys():
        del node.attrib[node.keys()[where % len(node.keys())]]
    elif change == "element":
        added = etree.SubElement(node, data.draw(_TAGS))
        added.text = data.draw(_TEXTS) or None
    elif change == "text":
        node.text = data.draw(_TEXTS)
    elif change == "tail" and node is not element:
        node.tail = data.draw(_TEXTS)
    elif change == "remove" and node is not element:
        parent = node.getparent()
        assert parent is not None
        parent.remove(node)
    elif change == "repeat" and node is not element:
        node.addnext(copy.deepcopy(node))


@settings(max_examples=400, deadline=None)
@given(
    index=st.integers(min_value=0),
    changes=st.lists(st.tuples(_CHANGE, st.integers(min_value=0)), min_size=1, max_size=3),
    lang=st.sampled_from(["en", "und"]),
    currency=st.sampled_from(["EUR", None]),
    data=st.data(),
)
def test_a_changed_transaction_reads_the_same_in_one_pass(
    index: int, changes: list[tuple[str, int]], lang: str, currency: str | None, data: st.DataObject
) -> None:
    plain = _plain_transactions()
    element = etree.fromstring(plain[index % len(plain)])
    for change, where in changes:
        _change(element, change, where, data)
    _compare(etree.tostring(element), lang, currency)


_DESCRIPTIONS = [
    b"<description/>",
    b"<description><narrative>Paid</narrative></description>",
    b"<description><narrative/><narrative>Paid</narrative><narrative>Paid</narrative></description>",
    b"<description><narrative>Paid</narrative><narrative>Other</narrative></description>",
    b'<description><narrative xml:lang="fr">Pay\xc3\xa9</narrative></description>',
    b"<description><narrative> </narrative></description>",
]


def test_each_child_repeated_reads_the_same_in_one_pass() -> None:
    # a second child the schema allows once is kept aside by the general reader
    for data in _plain_transactions()[:40]:
        for position in range(len(etree.fromstring(data))):
            element = etree.fromstring(data)
            element[position].addnext(copy.deepcopy(element[position]))
            assert not _compare(etree.tostring(element))


def test_descriptions_read_the_same_in_one_pass() -> None:
    taken = 0
    for data in _plain_transactions()[:20]:
        for description in _DESCRIPTIONS:
            for times in (1, 2):
                element = etree.fromstring(data)
                for _ in range(times):
                    element.append(etree.fromstring(description))
                taken += _compare(etree.tostring(element))
    # read in one pass: once each, as the first two (a third, differing text is refused)
    assert taken == 20 * 3


def test_a_transaction_below_another_parent_is_left_to_the_general_reader() -> None:
    element = etree.fromstring(_plain_transactions()[0])
    holder = etree.SubElement(_in_activity(etree.Element("other"), "fr", "EUR"), "wrapper")
    holder.append(element)
    assert plain_transaction(element, _context(holder.getroottree().getroot(), "en", "EUR")) is None


def _plain_agrees(element: etree._Element, keeps_repeats: bool) -> None:
    tag = str(element.tag)
    if _plain(element, (tag,), keeps_repeats):
        assert undeclared(element, repeats=not keeps_repeats) is None, etree.tostring(element)[:300]
        assert not _foreign_roots(element), etree.tostring(element)[:300]


def test_every_real_activity_child_said_plain_is_declared_and_iati_only() -> None:
    said = 0
    for data in _elements(None):
        element = etree.fromstring(data)
        _in_activity(element, None, None)
        for keeps_repeats in (False, True):
            _plain_agrees(element, keeps_repeats)
        said += _plain(element, (str(element.tag),), False)
    assert said > 500


@settings(max_examples=400, deadline=None)
@given(
    index=st.integers(min_value=0),
    changes=st.lists(st.tuples(_CHANGE, st.integers(min_value=0)), min_size=1, max_size=2),
    keeps_repeats=st.booleans(),
    data=st.data(),
)
def test_a_changed_activity_child_said_plain_is_declared_and_iati_only(
    index: int, changes: list[tuple[str, int]], keeps_repeats: bool, data: st.DataObject
) -> None:
    children = _elements(None)
    element = etree.fromstring(children[index % len(children)])
    _in_activity(element, None, None)
    for change, where in changes:
        _change(element, change, where, data)
    _plain_agrees(element, keeps_repeats)


def _loose(activity: etree._Element) -> list[str]:
    """The activity's own texts that hold more than white space, as ``str.strip`` sees it."""
    texts = [activity.text, *(child.tail for child in activity)]
    return [text for text in texts if text and text.strip()]


@settings(max_examples=200, deadline=None)
@given(texts=st.lists(st.text(st.sampled_from(" \t\n\r\xa0\u2003\u3000x<>&;é"), max_size=4), max_size=4))
def test_an_activity_said_to_hold_no_text_holds_none(texts: list[str]) -> None:
    activity = etree.Element("iati-activity")
    if texts:
        activity.text = texts[0]
    for text in texts[1:]:
        etree.SubElement(activity, "title").tail = text
    if not _has_text(activity):
        assert _loose(activity) == []
    if any(text.strip(" \t\n\r") for text in texts):  # text XML calls text: found
        assert _has_text(activity)


def test_the_real_activities_hold_no_text_of_their_own() -> None:
    for data in _activities():
        activity = etree.fromstring(data)
        assert not _has_text(activity)
        assert _loose(activity) == []
