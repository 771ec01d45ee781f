"""The most frequent, simple activity parts as XML text straight from the model, without nodes.

Most of an activity's elements are its transactions (nine in ten in the ADB files), each a
handful of leaves: building a :data:`~itaproj.iati._mapping.Node` tree for each and then
serialising it (:mod:`._serialise`) costs about ten times what writing the text does. Here a
transaction (:func:`transaction_text`), a budget line (:func:`budget_text`), a planned
disbursement (:func:`planned_text`) and a document link (:func:`document_text`) are written as the text :mod:`._serialise` writes for the
node the mapping builds (:func:`itaproj.iati._mapping.flows.write_transaction` and its
siblings), byte for byte, from the same model fields. The text of values that recur is kept:
codes, currencies, dates, narratives and organisations (the reader shares equal values, so
they are found by identity, each kept with its value so that its identity stays its own).

Only the common shapes are written here: kept extras only as attributes of another namespace
and elements right below the element (written as ``_placed`` puts them back). Anything else
(an extra below a child, a date known only to the month, an amount that is not exact, a
decimal in exponent notation, a value of an unexpected type...) makes a writer return
``False`` or raise, and the caller (:func:`written_as_text`) takes back what was appended and
writes the value through its node, as before, which reports or raises what it should. A
writer that returns ``True`` appended what the node route writes, and only characters XML 1.0
can hold (each text is checked once, as it is made: the caller need not check it again).

Example:
    >>> from itaproj.finance import Transaction
    >>> from itaproj.money import Money
    >>> from itaproj.iati._mapping import WriteContext
    >>> body: list[str] = []
    >>> transaction_text(Transaction("3", "2024-02-01", Money("10.50", "EUR")), WriteContext("en", "EUR"), {}, body)
    True
    >>> "".join(body)
    '<transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/><value>10.50</value></transaction>'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from itaproj.budget import BudgetLine
from itaproj.documents import DocumentLink
from itaproj.extras import Extra
from itaproj.finance import FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.iati import _serialise
from itaproj.iati._mapping import MAX_DECIMAL_TEXT, XML_LANG, Node, WriteContext
from itaproj.iati._mapping.kept import _kept_node
from itaproj.iati._mapping.orgs import _flow_org_node
from itaproj.iati._mapping.places import _country_node, _region_node, _sector_node
from itaproj.money import Money
from itaproj.period import PartialDate, Period
from itaproj.quantity import Qualifier
from itaproj.text import LocalizedText

__all__ = [
    "TEXT_WRITERS",
    "budget_text",
    "document_text",
    "planned_text",
    "transaction_text",
    "written_as_text",
]

#: How many texts each cache keeps (it is emptied when full: memory stays flat).
_CACHED = 4096
#: Decimals of more characters are left to the node route (which refuses those too long).
_LONGEST_DECIMAL = MAX_DECIMAL_TEXT - 10

#: The written text of a value, appended to the list given; whether it was written.
TextWriter = Callable[[Any, WriteContext, Mapping[str, str], list[str]], bool]
_XML_PREFIX = "@" + XML_LANG.partition("}")[0] + "}"
#: An attribute extra of another namespace, as ``_placed`` reads its path.
_FOREIGN_PATH = re.compile(r"@\{[^}]*\}[^\s/@\[\]{}]+")
#: An element extra right below the element (``_placed`` appends it to the children).
_STEP = re.compile(r"((?:\{[^}]*\})?[^\s/@\[\]{}]+)\[(\d+)\]")
_escape_attribute = _serialise.escape_attribute
_EXACT = Qualifier.EXACT
_escape_text = _serialise.escape_text

#: Attribute values as written, escaped (codes, currencies, languages recur).
_ATTRIBUTES: dict[str, str] = {}
#: ``<tag code="...`` leaves by (tag, code).
_CODES: dict[tuple[str, str], str] = {}
#: Texts by the identity of the value they were made of: id -> (value, key, text). The value
#: is held, so its id is not reused while the entry lives.
_BY_ID: dict[int, tuple[object, object, str]] = {}
#: ``provider-org`` and ``receiver-org`` texts together, as :data:`_BY_ID`, by the receiver.
_PAIRS: dict[int, tuple[object, object, str]] = {}
#: ``transaction-type`` leaves by code.
_TYPES: dict[str, str] = {}
#: `` value-date="..."`` by date.
_VALUE_DATES: dict[dt.date, str] = {}


#: Characters XML 1.0 cannot hold (a surrogate included: it does not encode).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _checked(text: str) -> str:
    """``text``, which holds only characters XML 1.0 can hold.

    Raises:
        ValueError: it holds another (the node route's to report).
    """
    if _NOT_XML.search(text) is not None:
        raise ValueError("a character XML 1.0 cannot hold")
    return text


def _attribute(value: str) -> str:
    """``value`` escaped as an attribute value (``TypeError``/``AttributeError``: no text)."""
    text = _ATTRIBUTES.get(value)
    if text is None:
        text = _checked(_escape_attribute(value))
        if len(_ATTRIBUTES) >= _CACHED:
            _ATTRIBUTES.clear()
        _ATTRIBUTES[value] = text
    return text


def _code(tag: str, code: str) -> str:
    """``<tag code="code"/>``."""
    key = (tag, code)
    text = _CODES.get(key)
    if text is None:
        text = "<" + tag + ' code="' + _attribute(code) + '"/>'
        if len(_CODES) >= _CACHED:
            _CODES.clear()
        _CODES[key] = text
    return text


#: `` prefix:local="`` by (prefix, ``{uri}local``).
_FOREIGN: dict[tuple[str, str], str] = {}


def _extras(extras: tuple[Extra, ...], prefixes: Mapping[str, str]) -> tuple[str, list[Node]]:
    """Kept content in other namespaces, as ``_placed`` puts it back on the element of ``extras``.

    The text of its attributes (``@{uri}local`` extras), and its elements (``{uri}local[n]``
    extras, which follow the element's own children, in order).

    Raises:
        Unserialisable: any other extra (below a child, an attribute of no namespace or of XML's,
            a name given twice...), or a namespace the activity binds to no prefix: the node
            route's to write.
    """
    text = ""
    names: set[str] = set()
    elements: list[Node] = []
    for extra in extras:
        path = extra.path
        if extra.format != "xml":
            continue  # _placed leaves them out too
        step = _STEP.fullmatch(path)
        if step is not None:
            elements.append(_kept_node(extra.value, step.group(1)))
            continue
        if _FOREIGN_PATH.fullmatch(path) is None or path.startswith(_XML_PREFIX):
            raise _serialise.Unserialisable(f"{path!r:.80} is not an attribute of another namespace")
        name = path[1:]
        if name in names:
            raise _serialise.Unserialisable(f"{path!r:.80} is given twice")
        names.add(name)
        prefix = prefixes.get(name[1:].partition("}")[0], "")
        start = _FOREIGN.get((prefix, name))
        if start is None:
            start = " " + _serialise.attribute_name(name, prefixes) + '="'
            if len(_FOREIGN) >= _CACHED:
                _FOREIGN.clear()
            _FOREIGN[prefix, name] = start
        text += start + _attribute(extra.value) + '"'
    return text, elements


def _node_text(node: Node, prefixes: Mapping[str, str], out: list[str]) -> None:
    """Append ``node``'s text (checked: see :func:`_checked`) to ``out``."""
    pieces: list[str] = []
    _serialise.node_text(node, pieces, prefixes)
    out.append(_checked("".join(pieces)))


def _type(code: str) -> str:
    text = _code("transaction-type", code)
    if len(_TYPES) >= _CACHED:
        _TYPES.clear()
    _TYPES[code] = text
    return text


def _remember(value: object, key: object, text: str) -> str:
    if len(_BY_ID) >= _CACHED:
        _BY_ID.clear()
    _BY_ID[id(value)] = (value, key, text)
    return text


def _date(tag: str, date: PartialDate) -> str | None:
    """``<tag iso-date="YYYY-MM-DD"/>``; ``None`` for a date that is no day."""
    kept = _BY_ID.get(id(date))
    if kept is not None and kept[0] is date and kept[1] == tag:
        return kept[2]
    if type(date) is not PartialDate or date.day is None:
        return None
    return _remember(date, tag, "<" + tag + ' iso-date="' + _attribute(date.isoformat()) + '"/>')


def _period(period: Period | None, out: list[str]) -> bool:
    """``period-start`` and ``period-end`` of the dates ``period`` states; ``False``: not a day."""
    if period is None:
        return True
    start, end = period.start, period.end
    if start is not None:
        text = _date("period-start", start)
        if text is None:
            return False
        out.append(text)
    if end is not None:
        text = _date("period-end", end)
        if text is None:
            return False
        out.append(text)
    return True


def _value_date(date: dt.date) -> str:
    text = _VALUE_DATES.get(date)
    if text is None:
        text = ' value-date="' + _attribute(date.isoformat()) + '"'
        if len(_VALUE_DATES) >= _CACHED:
            _VALUE_DATES.clear()
        _VALUE_DATES[date] = text
    return text


def _value(amount: Any, value_date: dt.date | None, ctx: WriteContext, out: list[str]) -> bool:
    """The ``value`` element of ``amount`` (a :class:`~itaproj.money.Money`); ``False``: not here."""
    figure = amount.amount
    if type(amount) is not Money or amount.qualifier is not _EXACT or type(figure) is not Decimal:
        return False  # (Money.is_exact, without the property's call)
    text = str(figure)  # plain notation (as decimal_text writes it) unless it holds an exponent
    if "E" in text or "n" in text or "N" in text or len(text) > _LONGEST_DECIMAL:
        return False
    if value_date is not None and type(value_date) is not dt.date:
        return False  # (a subclass may write itself otherwise, and equal a date it is not)
    currency = amount.currency
    if currency == ctx.currency:
        if value_date is None:
            out += ("<value>", text, "</value>")
        else:
            out += ("<value", _VALUE_DATES.get(value_date) or _value_date(value_date), ">", text, "</value>")
    else:
        start = '<value currency="' + _attribute(currency) + '"'
        if value_date is not None:
            start += _value_date(value_date)
        out += (start, ">", text, "</value>")
    return True


def _narratives(text: LocalizedText, ctx: WriteContext) -> str:
    """The ``narrative`` elements of ``text``, as :func:`~itaproj.iati._mapping.narrative_nodes` has them."""
    implicit = None if ctx.stated else ctx.lang
    kept = _BY_ID.get(id(text))
    if kept is not None and kept[0] is text and kept[1] == implicit:
        return kept[2]
    texts = text.texts
    original = text.original
    pieces: list[str] = []
    for lang in (original, *(lang for lang in texts if lang != original)):
        value = texts[lang]
        if "&" in value or "<" in value or ">" in value or "\r" in value:
            value = _escape_text(value)
        if lang == implicit:
            pieces += ("<narrative>", value, "</narrative>")
        else:
            pieces += ('<narrative xml:lang="', _attribute(lang), '">', value, "</narrative>")
    return _remember(text, implicit, _checked("".join(pieces)))


def _organisation(org: FlowOrganisation, tag: str, id_attribute: str, ctx: WriteContext) -> str:
    """``provider-org`` or ``receiver-org``: its node's text (raises when the node has no plain text)."""
    key = (tag, ctx.lang, ctx.stated)
    kept = _BY_ID.get(id(org))
    if kept is not None and kept[0] is org and kept[1] == key:
        return kept[2]
    pieces: list[str] = []
    _serialise.node_text(_flow_org_node(org, tag, id_attribute, ctx), pieces)
    return _remember(org, key, _checked("".join(pieces)))


def transaction_text(
    transaction: Transaction, ctx: WriteContext, prefixes: Mapping[str, str], out: list[str]
) -> bool:
    """Append the ``transaction`` element's text to ``out``; ``False``: not here (see :func:`written_as_text`).

    What :func:`~itaproj.iati._mapping.flows.write_transaction` builds, serialised (``prefixes``:
    the activity's, uri -> prefix, for kept attributes in other namespaces). May raise on an
    unexpected value, having appended part of the text.
    """
    ref = transaction.ref
    humanitarian = transaction.humanitarian
    kept: list[Node] = []
    if ref is None and humanitarian is None and not transaction.extras:
        out.append("<transaction>")
    else:
        start = "<transaction"
        if ref is not None:
            start += ' ref="' + _attribute(ref) + '"'
        if humanitarian is not None:
            start += ' humanitarian="1"' if humanitarian else ' humanitarian="0"'
        if transaction.extras:
            foreign, kept = _extras(transaction.extras, prefixes)
            start += foreign
        out.append(start + ">")
    code = transaction.type
    date = transaction.date
    kept_date = _BY_ID.get(id(date))
    if kept_date is not None and kept_date[0] is date and kept_date[1] == "transaction-date":
        out += (_TYPES.get(code) or _type(code), kept_date[2])
    else:
        date_text = _date("transaction-date", date)
        if date_text is None:
            return False
        out += (_TYPES.get(code) or _type(code), date_text)
    if not _value(transaction.amount, transaction.value_date, ctx, out):
        return False
    if transaction.description is not None:
        out += ("<description>", _narratives(transaction.description, ctx), "</description>")
    provider = transaction.provider
    receiver = transaction.receiver
    if receiver is not None:  # the two in one look-up
        kept_pair = _PAIRS.get(id(receiver))
        key = (provider, ctx.lang, ctx.stated)
        if kept_pair is not None and kept_pair[0] is receiver and kept_pair[1] == key:
            out.append(kept_pair[2])
        else:
            pair = _organisation(receiver, "receiver-org", "receiver-activity-id", ctx)
            if provider is not None:
                pair = _organisation(provider, "provider-org", "provider-activity-id", ctx) + pair
            if len(_PAIRS) >= _CACHED:
                _PAIRS.clear()
            _PAIRS[id(receiver)] = (receiver, key, pair)
            out.append(pair)
    elif provider is not None:
        out.append(_organisation(provider, "provider-org", "provider-activity-id", ctx))
    if transaction.disbursement_channel is not None:
        out.append(_code("disbursement-channel", transaction.disbursement_channel))
    for sector in transaction.sectors:
        _node_text(_sector_node(sector, ctx), prefixes, out)
    if transaction.recipient_country is not None:
        _node_text(_country_node(transaction.recipient_country, ctx), prefixes, out)
    if transaction.recipient_region is not None:
        _node_text(_region_node(transaction.recipient_region, ctx), prefixes, out)
    finance = transaction.finance
    if finance is not None:
        if finance.flow_type is not None:
            out.append(_code("flow-type", finance.flow_type))
        if finance.finance_type is not None:
            out.append(_code("finance-type", finance.finance_type))
        for aid_type in finance.aid_types:
            if aid_type.vocabulary == "1":
                out.append(_code("aid-type", aid_type.code))
            else:
                out += ('<aid-type code="', _attribute(aid_type.code), '" vocabulary="')
                out += (_attribute(aid_type.vocabulary), '"/>')
        if finance.tied_status is not None:
            out.append(_code("tied-status", finance.tied_status))
    for node in kept:
        _node_text(node, prefixes, out)
    out.append("</transaction>")
    return True


def budget_text(line: BudgetLine, ctx: WriteContext, prefixes: Mapping[str, str], out: list[str]) -> bool:
    """:func:`transaction_text` for a ``budget`` (a :class:`~itaproj.budget.BudgetLine`)."""
    start = "<budget"
    if line.kind is not None:
        start += ' type="' + _attribute(line.kind.iati_code) + '"'
    if line.status is not None:
        start += ' status="' + _attribute(line.status.iati_code) + '"'
    out.append(start + ">")
    if not _period(line.period, out) or not _value(line.amount, line.value_date, ctx, out):
        return False
    out.append("</budget>")
    return True


def planned_text(
    planned: PlannedDisbursement, ctx: WriteContext, prefixes: Mapping[str, str], out: list[str]
) -> bool:
    """:func:`transaction_text` for a ``planned-disbursement``."""
    start = "<planned-disbursement"
    if planned.type is not None:
        start += ' type="' + _attribute(planned.type) + '"'
    kept: list[Node] = []
    if planned.extras:
        foreign, kept = _extras(planned.extras, prefixes)
        start += foreign
    out.append(start + ">")
    if not _period(planned.period, out) or not _value(planned.amount, planned.value_date, ctx, out):
        return False
    if planned.provider is not None:
        out.append(_organisation(planned.provider, "provider-org", "provider-activity-id", ctx))
    if planned.receiver is not None:
        out.append(_organisation(planned.receiver, "receiver-org", "receiver-activity-id", ctx))
    for node in kept:
        _node_text(node, prefixes, out)
    out.append("</planned-disbursement>")
    return True


def document_text(
    document: DocumentLink, ctx: WriteContext, prefixes: Mapping[str, str], out: list[str]
) -> bool:
    """:func:`transaction_text` for a ``document-link`` (without extras)."""
    if document.extras:
        return False
    start = '<document-link url="' + _checked(_escape_attribute(document.url)) + '"'  # (urls seldom recur)
    if document.format is not None:
        start += ' format="' + _attribute(document.format) + '"'
    pieces = [start]
    if document.title is not None:
        pieces += (">", "<title>", _narratives(document.title, ctx), "</title>")
    if document.description is not None:
        pieces += ("<description>", _narratives(document.description, ctx), "</description>")
    pieces += (_code("category", code) for code in document.categories)
    pieces += (_code("language", code) for code in document.languages)
    if document.date is not None:
        date = _date("document-date", document.date)
        if date is None:
            return False
        pieces.append(date)
    if len(pieces) == 1:
        out.append(start + "/>")
        return True
    if document.title is None:
        pieces[0] = start + ">"
    pieces.append("</document-link>")
    out += pieces
    return True


#: The writers by activity child tag.
TEXT_WRITERS: dict[str, TextWriter] = {
    "transaction": transaction_text,
    "budget": budget_text,
    "planned-disbursement": planned_text,
    "document-link": document_text,
}


def written_as_text(
    writer: TextWriter, value: object, ctx: WriteContext, prefixes: Mapping[str, str], out: list[str]
) -> bool:
    """Whether ``writer`` appended ``value``'s text to ``out``; if not, ``out`` is as it was.

    Anything unusual (an exception included) is the node route's to write or report, as before.
    """
    mark = len(out)
    try:
        if writer(value, ctx, prefixes, out):
            return True
    except Exception:  # the node route raises (or reports) it again, as it always did
        pass
    del out[mark:]
    return False
