"""The reader's one-pass paths read exactly what the general paths read.

Seven shortcuts of the IATI reader are held against the general code they stand in for:

- :func:`~itaproj.iati._mapping.flows.plain_transaction` reads a transaction of the common
  shape in one pass: whenever it gives a value, that value equals what the general reader
  (:func:`~itaproj.iati._mapping.flows.read_any_transaction`) gives for the same element, with
  the same findings; whenever it declines (``None``), it has left no finding behind;
- :func:`~itaproj.iati._mapping.flows.plain_document`,
  :func:`~itaproj.iati._mapping.flows.plain_budget` and
  :func:`~itaproj.iati._mapping.results.plain_result` read a ``document-link``, a ``budget`` or a
  ``result`` of the common shape in one pass: whenever it gives a value, the general route gives
  the same value with no finding, and the element holds nothing undeclared or of another namespace (so the reader
  would not have kept it aside), and it leaves no finding behind either way;
- ``_plain`` in :mod:`itaproj.iati._read` says an activity child holds nothing undeclared or of
  another namespace only when ``undeclared`` and ``_foreign_roots`` find nothing;
- ``_has_text`` says an activity holds no text of its own only when none of its texts and tails
  has anything ``str.strip`` leaves;
- ``report_zoned_dates`` locates its findings with each ancestor's path made once
  (``_shared_path``): the same paths :func:`~itaproj.iati._mapping.core.element_path` gives,
  in the same order.

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

from itaproj.budget import BudgetLine
from itaproj.documents import DocumentLink
from itaproj.finance import Transaction
from itaproj.findings import Finding
from itaproj.iati._mapping import ReadContext, Unmapped, plain_transaction, read_any_transaction
from itaproj.iati._mapping.core import _shared_path, element_path, report_zoned_dates
from itaproj.iati._mapping.flows import plain_budget, plain_document, read_budget_line, read_document
from itaproj.iati._mapping.results import plain_result, read_result
from itaproj.iati._read import _foreign_roots, _has_text, _plain
from itaproj.iati._upgrade import undeclared
from itaproj.results import Result

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


# --- document links --------------------------------------------------------------------------


def _compare_document(data: bytes, lang: str = "en") -> bool:
    """Read a ``document-link`` both ways; ``True`` when the one-pass reader took it."""
    element = etree.fromstring(data)
    activity = _in_activity(element, None, None)
    ctx = _context(activity, lang, None)
    fast = plain_document(element, ctx)
    assert ctx.findings == [], data[:300]  # it never leaves a finding behind
    if fast is None:
        return False
    twin = copy.deepcopy(element)
    general_ctx = _context(_in_activity(twin, None, None), lang, None)
    value = read_document(twin, general_ctx)
    assert type(fast) is DocumentLink
    assert fast == value, data[:300]
    assert general_ctx.findings == [], data[:300]  # so the general route keeps nothing aside ...
    # ... and finds nothing undeclared or of another namespace in it: the value is the activity's
    assert _plain(twin, ("document-link",), True), data[:300]
    assert undeclared(twin, repeats=False) is None, data[:300]
    assert not _foreign_roots(twin), data[:300]
    return True


@cache
def _plain_documents() -> tuple[bytes, ...]:
    """The real document links the one-pass reader takes as they are."""
    return tuple(item for item in _elements("document-link") if _compare_document(item))


@pytest.mark.parametrize("lang", ["en", "fr", "und"])
def test_every_real_document_link_reads_the_same_in_one_pass(lang: str) -> None:
    taken = sum(_compare_document(data, lang) for data in _elements("document-link"))
    # both paths are exercised: most real links are of the common shape, some are not (a
    # format in capitals, a title with no text, ...)
    assert taken > 300
    assert len(_elements("document-link")) - taken > 5


_DOCUMENT_TAGS = st.sampled_from(
    [
        "narrative",
        "title",
        "description",
        "category",
        "language",
        "document-date",
        "not-in-the-schema",
        "{urn:example:other}thing",
    ]
)
_DOCUMENT_NAMES = st.sampled_from(
    ["url", "format", "code", "iso-date", "odd", XML_LANG, "{urn:example:other}mark"]
)
_DOCUMENT_VALUES = st.sampled_from(
    [
        "",
        " ",
        "A01",
        "ZZZ",
        "en",
        "EN",
        "application/pdf",
        "APPLICATION/PDF",
        "text/x-odd",
        "2020-01-01",
        "2020-01-01+02:00",
        "2020-13-01",
        "https://example.org/a.pdf",
    ]
)


def _change_document(element: etree._Element, change: str, where: int, data: st.DataObject) -> None:
    nodes = [node for node in element.iter() if isinstance(node.tag, str)]
    node = nodes[where % len(nodes)]
    if change == "attribute":
        node.set(data.draw(_DOCUMENT_NAMES), data.draw(_DOCUMENT_VALUES))
    elif change == "element":
        added = etree.SubElement(node, data.draw(_DOCUMENT_TAGS))
        added.text = data.draw(_TEXTS) or None
    else:
        _change(element, change, where, data)


@settings(max_examples=400, deadline=None)
@given(
    index=st.integers(min_value=0),
    changes=st.lists(st.tuples(_CHANGE, st.integers(min_value=0)), min_size=1, max_size=3),
    lang=st.sampled_from(["en", "und"]),
    data=st.data(),
)
def test_a_changed_document_link_reads_the_same_in_one_pass(
    index: int, changes: list[tuple[str, int]], lang: str, data: st.DataObject
) -> None:
    plain = _plain_documents()
    element = etree.fromstring(plain[index % len(plain)])
    for change, where in changes:
        _change_document(element, change, where, data)
    _compare_document(etree.tostring(element), lang)


def test_each_child_of_a_document_link_repeated_reads_the_same_in_one_pass() -> None:
    taken = declined = 0
    for data in _plain_documents()[:40]:
        for position in range(len(etree.fromstring(data))):
            element = etree.fromstring(data)
            element[position].addnext(copy.deepcopy(element[position]))
            if _compare_document(etree.tostring(element)):
                taken += 1
                # only categories and languages may repeat (a title, description or date is once)
                assert element[position].tag in ("category", "language")
            else:
                declined += 1
    assert taken > 0
    assert declined > 0


def test_a_document_link_below_another_parent_is_left_to_the_general_reader() -> None:
    element = etree.fromstring(_plain_documents()[0])
    holder = etree.SubElement(_in_activity(etree.Element("other"), "fr", None), "wrapper")
    holder.append(element)
    assert plain_document(element, _context(holder.getroottree().getroot(), "en", None)) is None


def test_a_format_in_capitals_is_left_to_the_general_reader_which_reports_it() -> None:
    element = etree.fromstring(
        b'<document-link url="https://example.org/a.pdf" format="APPLICATION/PDF">'
        b"<title><narrative>Report</narrative></title></document-link>"
    )
    ctx = _context(_in_activity(element, None, None), "en", None)
    assert plain_document(element, ctx) is None
    assert read_document(element, ctx).format == "application/pdf"
    assert [finding.rule for finding in ctx.findings] == ["iati.lenient.format-case"]


# --- budgets ----------------------------------------------------------------------------------


def _compare_budget(data: bytes, currency: str | None = "EUR") -> bool:
    """Read a ``budget`` both ways; ``True`` when the one-pass reader took it."""
    element = etree.fromstring(data)
    ctx = _context(_in_activity(element, None, currency), "en", currency)
    fast = plain_budget(element, ctx)
    assert ctx.findings == [], data[:300]
    if fast is None:
        return False
    twin = copy.deepcopy(element)
    general_ctx = _context(_in_activity(twin, None, currency), "en", currency)
    value = read_budget_line(twin, general_ctx)
    assert type(fast) is BudgetLine
    assert fast == value, data[:300]
    assert general_ctx.findings == [], data[:300]
    # the general route keeps it (a budget holding more is kept verbatim)
    assert _plain(twin, ("budget",), False), data[:300]
    assert undeclared(twin, repeats=True) is None, data[:300]
    assert not _foreign_roots(twin), data[:300]
    return True


@cache
def _plain_budgets() -> tuple[bytes, ...]:
    return tuple(item for item in _elements("budget") if _compare_budget(item))


@pytest.mark.parametrize("currency", ["EUR", None])
def test_every_real_budget_reads_the_same_in_one_pass(currency: str | None) -> None:
    taken = sum(_compare_budget(data, currency) for data in _elements("budget"))
    assert taken > 300  # (the real budgets all state their currency: declined ones are made below)


_BUDGET_TAGS = st.sampled_from(
    ["period-start", "period-end", "value", "narrative", "not-in-the-schema", "{urn:example:other}thing"]
)
_BUDGET_NAMES = st.sampled_from(
    ["type", "status", "currency", "value-date", "iso-date", "odd", XML_LANG, "{urn:example:other}mark"]
)
_BUDGET_VALUES = st.sampled_from(
    [
        "",
        " ",
        "1",
        "2",
        "3",
        "USD",
        "XX",
        "2020-01-01",
        "2031-01-01",
        "2020-01-01+02:00",
        "2020-02-30",
        "12.5",
        "x",
    ]
)


def _change_budget(element: etree._Element, change: str, where: int, data: st.DataObject) -> None:
    nodes = [node for node in element.iter() if isinstance(node.tag, str)]
    node = nodes[where % len(nodes)]
    if change == "attribute":
        node.set(data.draw(_BUDGET_NAMES), data.draw(_BUDGET_VALUES))
    elif change == "element":
        added = etree.SubElement(node, data.draw(_BUDGET_TAGS))
        added.text = data.draw(_TEXTS) or None
    else:
        _change(element, change, where, data)


@settings(max_examples=400, deadline=None)
@given(
    index=st.integers(min_value=0),
    changes=st.lists(st.tuples(_CHANGE, st.integers(min_value=0)), min_size=1, max_size=3),
    currency=st.sampled_from(["EUR", None]),
    data=st.data(),
)
def test_a_changed_budget_reads_the_same_in_one_pass(
    index: int, changes: list[tuple[str, int]], currency: str | None, data: st.DataObject
) -> None:
    plain = _plain_budgets()
    element = etree.fromstring(plain[index % len(plain)])
    for change, where in changes:
        _change_budget(element, change, where, data)
    _compare_budget(etree.tostring(element), currency)


def test_each_child_of_a_budget_repeated_is_left_to_the_general_reader() -> None:
    # each child is allowed once: a second one is kept aside by the general reader
    for data in _plain_budgets()[:40]:
        for position in range(len(etree.fromstring(data))):
            element = etree.fromstring(data)
            element[position].addnext(copy.deepcopy(element[position]))
            assert not _compare_budget(etree.tostring(element))


def test_a_budget_of_no_currency_is_left_to_the_general_reader() -> None:
    element = etree.fromstring(b'<budget><period-start iso-date="2024-01-01"/><value>5</value></budget>')
    assert plain_budget(element, _context(_in_activity(element, None, None), "en", None)) is None
    assert _compare_budget(etree.tostring(element), "EUR")  # (with a default currency, taken)


def test_a_budget_of_the_common_shape_is_read_by_hand() -> None:
    element = etree.fromstring(
        b'<budget type="2" status="1"><period-start iso-date="2024-01-01"/>'
        b'<period-end iso-date="2024-12-31+02:00"/><value value-date="2024-01-01">1000.50</value></budget>'
    )
    line = plain_budget(element, _context(_in_activity(element, None, "USD"), "en", "USD"))
    assert line is not None
    assert str(line.amount.amount) == "1000.50"
    assert line.amount.currency == "USD"
    assert (line.kind.iati_code if line.kind else None, line.status.iati_code if line.status else None) == (
        "2",
        "1",
    )
    assert line.period is not None
    assert str(line.period.end) == "2024-12-31"  # (the time zone dropped)


# --- results ----------------------------------------------------------------------------------


def _compare_result(data: bytes, lang: str = "en") -> bool:
    """Read a ``result`` both ways; ``True`` when the one-pass reader took it."""
    element = etree.fromstring(data)
    ctx = _context(_in_activity(element, None, None), lang, None)
    fast = plain_result(element, ctx)
    assert ctx.findings == [], data[:300]  # it never leaves a finding behind
    if fast is None:
        return False
    twin = copy.deepcopy(element)
    general_ctx = _context(_in_activity(twin, None, None), lang, None)
    value = read_result(twin, general_ctx)
    assert type(fast) is Result
    assert fast == value, data[:300]
    assert general_ctx.findings == [], data[:300]
    # the general route keeps the value as read (nothing undeclared or of another namespace in it)
    assert _plain(twin, ("result",), False), data[:300]
    assert undeclared(twin, repeats=True) is None, data[:300]
    assert not _foreign_roots(twin), data[:300]
    return True


@cache
def _plain_results() -> tuple[bytes, ...]:
    return tuple(item for item in _elements("result") if _compare_result(item))


@pytest.mark.parametrize("lang", ["en", "fr", "und"])
def test_every_real_result_reads_the_same_in_one_pass(lang: str) -> None:
    taken = sum(_compare_result(data, lang) for data in _elements("result"))
    # both paths: the ADB, CAF and most World Bank results are of the common shape; the
    # D-Portal ones state xml:lang="EN" (a finding: the general reader's)
    assert taken > 400
    assert len(_elements("result")) - taken > 100


def test_the_real_common_results_have_indicators_periods_and_baselines() -> None:
    # the one-pass reader is exercised on every part it reads, not only on titles
    parts = {
        "indicator": 0,
        "period": 0,
        "target": 0,
        "actual": 0,
        "baseline": 0,
        "comment": 0,
        "document-link": 0,
    }
    for data in _plain_results():
        for node in etree.fromstring(data).iter():
            if node.tag in parts:
                parts[node.tag] += 1
    assert min(parts.values()) > 10, parts


_RESULT_TAGS = st.sampled_from(
    [
        "narrative",
        "title",
        "description",
        "indicator",
        "reference",
        "baseline",
        "period",
        "period-start",
        "period-end",
        "target",
        "actual",
        "comment",
        "location",
        "dimension",
        "document-link",
        "not-in-the-schema",
        "{urn:example:other}thing",
    ]
)
_RESULT_NAMES = st.sampled_from(
    [
        "type",
        "aggregation-status",
        "measure",
        "ascending",
        "year",
        "iso-date",
        "value",
        "code",
        "vocabulary",
        "vocabulary-uri",
        "indicator-uri",
        "odd",
        XML_LANG,
        "{urn:example:other}mark",
    ]
)
_RESULT_VALUES = st.sampled_from(
    [
        "",
        " ",
        "1",
        " 1",
        "2",
        "5",
        "9",
        "0",
        "true",
        "x",
        "12.5",
        "2020",
        "20x0",
        "2020-01-01",
        "2020-01-01Z",
        "en",
    ]
)


def _change_result(element: etree._Element, change: str, where: int, data: st.DataObject) -> None:
    nodes = [node for node in element.iter() if isinstance(node.tag, str)]
    node = nodes[where % len(nodes)]
    if change == "attribute":
        node.set(data.draw(_RESULT_NAMES), data.draw(_RESULT_VALUES))
    elif change == "element":
        added = etree.SubElement(node, data.draw(_RESULT_TAGS))
        added.text = data.draw(_TEXTS) or None
    else:
        _change(element, change, where, data)


@settings(max_examples=500, deadline=None)
@given(
    index=st.integers(min_value=0),
    changes=st.lists(st.tuples(_CHANGE, st.integers(min_value=0)), min_size=1, max_size=3),
    lang=st.sampled_from(["en", "und"]),
    data=st.data(),
)
def test_a_changed_result_reads_the_same_in_one_pass(
    index: int, changes: list[tuple[str, int]], lang: str, data: st.DataObject
) -> None:
    plain = _plain_results()
    element = etree.fromstring(plain[index % len(plain)])
    for change, where in changes:
        _change_result(element, change, where, data)
    _compare_result(etree.tostring(element), lang)


def test_each_part_of_a_result_repeated_reads_the_same_in_one_pass() -> None:
    taken = declined = 0
    for data in _plain_results()[:60]:
        count = sum(1 for _ in etree.fromstring(data).iter())
        for position in range(1, count):
            element = etree.fromstring(data)
            node = list(element.iter())[position]
            node.addnext(copy.deepcopy(node))
            if _compare_result(etree.tostring(element)):
                taken += 1
                assert node.tag not in ("title", "description", "period-start", "period-end", "comment")
            else:
                declined += 1
    assert taken > 0
    assert declined > 0


def test_a_result_below_another_parent_is_left_to_the_general_reader() -> None:
    element = etree.fromstring(_plain_results()[0])
    holder = etree.SubElement(_in_activity(etree.Element("other"), "fr", None), "wrapper")
    holder.append(element)
    assert plain_result(element, _context(holder.getroottree().getroot(), "en", None)) is None


def test_a_result_of_the_common_shape_is_read_by_hand() -> None:
    element = etree.fromstring(
        b'<result type="1" aggregation-status="0"><title><narrative>Water</narrative></title>'
        b'<indicator measure="1" ascending="0"><title><narrative>Wells</narrative></title>'
        b'<baseline year="2019" iso-date="2020-01-01" value="3"><comment><narrative/></comment></baseline>'
        b'<period><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31+02:00"/>'
        b'<target value="10"><comment><narrative>by year end</narrative></comment></target>'
        b'<actual value="7"/></period></indicator></result>'
    )
    result = plain_result(element, _context(_in_activity(element, None, None), "uk", None))
    assert result is not None
    assert result.kind is not None
    assert result.kind.iati_code == "1"
    assert result.aggregation_status is False
    assert result.title.texts == {"uk": "Water"}
    (indicator,) = result.indicators
    assert indicator.measure.iati_code == "1"
    assert indicator.ascending is False
    (baseline,) = indicator.baselines
    assert str(baseline.value) == "3"
    assert baseline.note is None  # (an empty comment states nothing)
    assert baseline.year == 2019  # (not the year of its date: kept)
    assert baseline.period is not None
    assert str(baseline.period.start) == "2020-01-01"
    (target,) = indicator.targets
    (actual,) = indicator.actuals
    assert str(target.value) == "10"
    assert str(actual.value) == "7"
    assert target.note is not None
    assert target.note.texts == {"uk": "by year end"}
    assert target.period == actual.period
    assert target.period is not None
    assert str(target.period.end) == "2021-12-31"


def test_a_non_number_in_a_quantitative_indicator_is_left_to_the_general_reader() -> None:
    element = etree.fromstring(
        b'<result><title><narrative>R</narrative></title><indicator measure="1">'
        b'<title><narrative>I</narrative></title><period><target value="many"/></period></indicator></result>'
    )
    ctx = _context(_in_activity(element, None, None), "en", None)
    assert plain_result(element, ctx) is None
    assert ctx.findings == []
    read_result(element, ctx)
    assert [finding.rule for finding in ctx.findings] == ["iati.lenient.indicator-value"]


# --- whole files ------------------------------------------------------------------------------


def test_every_file_reads_the_same_without_the_one_pass_readers(monkeypatch: pytest.MonkeyPatch) -> None:
    # the programmes and findings of each file, read with the one-pass readers of document links,
    # budgets and results and without them (every element through the general route)
    import itaproj.iati._read as reader

    files = [path for path in sorted(DATA.rglob("*.xml")) if b"<iati-activit" in path.read_bytes()[:4096]]
    fast = {path: _read_all(path) for path in files}
    monkeypatch.setattr(reader, "plain_document", lambda element, ctx: None)
    monkeypatch.setattr(reader, "plain_budget", lambda element, ctx: None)
    monkeypatch.setattr(reader, "plain_result", lambda element, ctx: None)
    documents = budgets = indicators = 0
    for path in files:
        general = _read_all(path)
        assert fast[path] == general, path.name
        if isinstance(general, tuple):
            documents += sum(len(programme.documents) for programme in general[0].programmes)
            budgets += sum(
                len(programme.budget.lines) for programme in general[0].programmes if programme.budget
            )
            indicators += sum(
                len(result.indicators) for programme in general[0].programmes for result in programme.results
            )
    assert len(files) > 100
    assert documents > 1000
    assert budgets > 1000
    assert indicators > 1000


def _read_all(path: Path) -> object:
    """What :func:`~itaproj.iati.read_with_findings` makes of ``path``: its result or its error."""
    from itaproj.errors import LoadError
    from itaproj.iati import read_with_findings

    try:
        return read_with_findings(path)
    except LoadError as error:
        return ("LoadError", str(error))


# --- time-zone findings: each element's path made once (report_zoned_dates) ---------------------


def _zoned_both_ways(activity: etree._Element) -> tuple[list[Finding], list[Finding]]:
    """The time-zone findings of ``activity`` located one element at a time, and with shared paths."""
    alone = ReadContext("/iati-activities/iati-activity[3]", activity=activity)
    report_zoned_dates(activity, alone)  # (no positions: element_path for each finding)
    shared = ReadContext("/iati-activities/iati-activity[3]", activity=activity)
    shared.positions = {}
    report_zoned_dates(activity, shared)
    return list(alone.findings), list(shared.findings)


def test_every_real_time_zone_finding_is_located_the_same_with_shared_paths() -> None:
    found = 0
    for data in _activities():
        alone, shared = _zoned_both_ways(etree.fromstring(data))
        assert shared == alone
        found += len(shared)
    assert found > 1000  # (the ADB file gives every date a time zone)


def test_every_real_element_path_is_the_same_with_shared_paths() -> None:
    for data in _activities():
        activity = etree.fromstring(data)
        positions: dict[object, dict[object, int]] = {}
        paths: dict[object, str] = {}
        numbered: dict[object, dict[object, int]] = {}  # (element_path's own, filled apart)
        for stop in (activity, None):
            for element in activity.iter():
                expected = element_path(element, "/a[1]", stop, numbered)
                assert (
                    f"{_shared_path(element, '/a[1]', stop, positions, paths)} (line {element.sourceline})"
                    == expected
                )
            paths.clear()


def test_a_nested_activity_and_a_deep_element_are_located_the_same_with_shared_paths() -> None:
    xml = (
        b'<iati-activity><result><indicator><period><period-start iso-date="2020-01-01Z"/>'
        b'<period-start iso-date="2020-01-02+01:00"/></period></indicator></result>'
        b'<other><iati-activity><activity-date iso-date="2020-01-01T10:00:00"/></iati-activity></other>'
        + b"<deep>" * 2000
        + b'<activity-date iso-date="2021-05-05-05:00"/>'
        + b"</deep>" * 2000
        + b'<activity-date iso-date="2021-05-05"/><activity-date iso-date="2021-05-06Z"/></iati-activity>'
    )
    activity = etree.fromstring(xml, etree.XMLParser(huge_tree=True))
    alone, shared = _zoned_both_ways(activity)
    assert shared == alone
    # by hand: the two period dates, the nested activity's, the deep one and the last
    assert len(shared) == 5
    where = "/iati-activities/iati-activity[3]"
    assert [finding.path for finding in shared] == [
        f"{where}/result[1]/indicator[1]/period[1]/period-start[1] (line 1)",
        f"{where}/result[1]/indicator[1]/period[1]/period-start[2] (line 1)",
        f"{where}/other[1]/iati-activity[1]/activity-date[1] (line 1)",
        f"{where}/{'deep[1]/' * 2000}activity-date[1] (line 1)",
        f"{where}/activity-date[2] (line 1)",
    ]
    positions: dict[object, dict[object, int]] = {}
    nested = activity.find("other/iati-activity/activity-date")
    assert nested is not None
    # without a stop, the steps end at the nearest iati-activity
    assert _shared_path(nested, "/x", None, positions, {}) == "/x/activity-date[1]"
    assert (
        _shared_path(nested, "/x", activity, positions, {}) == "/x/other[1]/iati-activity[1]/activity-date[1]"
    )
