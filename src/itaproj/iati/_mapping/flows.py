"""Money flows and documents: budgets, planned disbursements, transactions, document links and related activities."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING, cast

import attrs

from itaproj.budget import BudgetKind, BudgetLine, BudgetStatus
from itaproj.codelists import codelist
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    FinanceClassification,
    PlannedDisbursement,
    Transaction,
)
from itaproj.findings import Severity
from itaproj.money import Money
from itaproj.period import PartialDate, Period
from itaproj.programme import (
    DocumentLink,
    Relation,
    RelationKind,
)
from itaproj.text import LocalizedText

if TYPE_CHECKING:
    from lxml import etree

    from itaproj.finance import FlowOrganisation

from itaproj.iati._mapping.activity import aid_type_node, read_aid_type
from itaproj.iati._mapping.core import (
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _first_children,
    _localized,
    _money,
    _money_node,
    _parse_date,
    _period,
    _period_nodes,
    _put,
    day_text,
    read_date,
    read_decimal,
)
from itaproj.iati._mapping.kept import (
    _AID_TYPE,
    _CODE,
    _DOCUMENT_ATTRIBUTES,
    _ISO_DATE_ONLY,
    _TRANSACTION_ATTRIBUTES,
    _TYPE,
    _VALUE,
    Irregular,
    _boolean,
    _boolean_text,
    _given,
    _keep_whole,
    _leaf,
    _narrated_node,
    _placed,
    _rest,
    _scoped,
    _scoped_write,
    _text_part,
    plain_narrative_texts,
)
from itaproj.iati._mapping.orgs import _flow_org_node, _flow_part, plain_flow_org
from itaproj.iati._mapping.places import _country, _country_node, _region, _region_node, _sector, _sector_node

# --- money flows ------------------------------------------------------------------------------

_BUDGET_KINDS = {kind.iati_code: kind for kind in BudgetKind}
_BUDGET_STATUSES = {status.iati_code: status for status in BudgetStatus}


def read_budget_line(element: etree._Element, ctx: ReadContext) -> BudgetLine:
    """``budget`` -> :class:`~itaproj.budget.BudgetLine`, its currency resolved."""
    first = _first_children(element)
    amount, value_date = _money(element, ctx, first)
    kind = element.get("type")
    status = element.get("status")
    if kind is not None and kind not in _BUDGET_KINDS:
        raise InvalidValueError("budget/@type", kind, "be a BudgetType code 1-2")
    if status is not None and status not in _BUDGET_STATUSES:
        raise InvalidValueError("budget/@status", status, "be a BudgetStatus code 1-2")
    return BudgetLine(
        amount,
        period=_period(element, ctx, first),
        kind=None if kind is None else _BUDGET_KINDS[kind],
        status=None if status is None else _BUDGET_STATUSES[status],
        value_date=value_date,
    )


def plain_budget(element: etree._Element, ctx: ReadContext) -> BudgetLine | None:
    """:func:`read_budget_line` of a ``budget`` of the common shape, in one pass; ``None`` for any other.

    The common shape: ``@type`` and ``@status`` only (codes of their lists), no text;
    ``period-start`` and ``period-end`` (``@iso-date`` only) and ``value`` (``@currency`` and
    ``@value-date`` only, an amount), each once and nothing else; every value valid. Such an
    element holds nothing undeclared or of another namespace, and the value equals what
    :func:`read_budget_line` reads, with no finding; ``None`` lets the general reader read it.
    """
    try:
        return _plain_budget(element, ctx)
    except (Irregular, ValueError, LookupError):
        return None


def _plain_budget(element: etree._Element, ctx: ReadContext) -> BudgetLine:
    own = element.text
    if own and not own.isspace():
        raise Irregular
    kind = status = None
    for name, given in cast("list[tuple[str, str]]", element.items()):
        if name == "type":
            kind = _BUDGET_KINDS[given]  # (a code of no kind: LookupError)
        elif name == "status":
            status = _BUDGET_STATUSES[given]
        else:
            raise Irregular
    dates: dict[str, PartialDate] = {}
    amount: Money | None = None
    value_date: dt.date | None = None
    for child in element:
        tail = child.tail
        if tail and not tail.isspace():
            raise Irregular
        tag = child.tag
        if len(child):
            raise Irregular
        if tag == "value":
            if amount is not None:
                raise Irregular
            currency = ctx.currency
            for name, given in cast("list[tuple[str, str]]", child.items()):
                if name == "currency":
                    currency = given or currency
                elif name == "value-date":
                    value_date = _plain_day(given)
                else:
                    raise Irregular
            text = child.text
            if currency is None or text is None:
                raise Irregular
            amount = _plain_money(text, currency)
        elif tag == "period-start" or tag == "period-end":
            own = child.text
            if tag in dates or (own and not own.isspace()):
                raise Irregular
            given_attributes = cast("list[tuple[str, str]]", child.items())
            if len(given_attributes) != 1 or given_attributes[0][0] != "iso-date":
                raise Irregular
            dates[tag] = _parse_date("iso-date", given_attributes[0][1])
        else:
            raise Irregular
    if amount is None:
        raise Irregular
    return BudgetLine(
        amount,
        period=Period(dates.get("period-start"), dates.get("period-end")),
        kind=kind,
        status=status,
        value_date=value_date,
    )


def write_budget_line(line: BudgetLine, ctx: WriteContext) -> Node:
    """:class:`~itaproj.budget.BudgetLine` -> ``budget``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", None if line.kind is None else line.kind.iati_code)
    _put(attributes, "status", None if line.status is None else line.status.iati_code)
    children = _period_nodes(line.period)
    children.append(_money_node(line.amount, line.value_date, ctx))
    return ("budget", attributes, None, children)


_PLANNED_PARTS = {
    "period-start": False,
    "period-end": False,
    "value": False,
    "provider-org": False,
    "receiver-org": False,
}


def read_planned(element: etree._Element, ctx: ReadContext) -> PlannedDisbursement:
    """``planned-disbursement`` -> :class:`~itaproj.finance.PlannedDisbursement`."""
    extras: list[Extra] = []
    found = _rest(element, _TYPE, _PLANNED_PARTS, "", extras)
    first = {tag: elements[0] for tag, elements in found.items()}
    ctx = _scoped(ctx, element)
    amount, value_date = _money(element, ctx, first)
    _rest(first["value"], _VALUE, {}, "value[1]/", extras, text=True)
    for tag in ("period-start", "period-end"):
        if tag in first:
            if read_date(first[tag], "iso-date", ctx) is None:
                _keep_whole(first[tag], extras)  # no date: kept as it is
            else:
                _leaf(first[tag], _ISO_DATE_ONLY, f"{tag}[1]/", extras)
    return PlannedDisbursement(
        _period(element, ctx, first),
        amount,
        type=_given(element, "type"),
        value_date=value_date,
        provider=_flow_part(first.get("provider-org"), "provider-activity-id", ctx, extras),
        receiver=_flow_part(first.get("receiver-org"), "receiver-activity-id", ctx, extras),
        extras=tuple(extras),
    )


def write_planned(planned: PlannedDisbursement, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.PlannedDisbursement` -> ``planned-disbursement``."""
    ctx = _scoped_write(ctx, planned.extras)
    attributes: dict[str, str] = {}
    _put(attributes, "type", planned.type)
    children = _period_nodes(planned.period)
    children.append(_money_node(planned.amount, planned.value_date, ctx))
    if planned.provider is not None:
        children.append(_flow_org_node(planned.provider, "provider-org", "provider-activity-id", ctx))
    if planned.receiver is not None:
        children.append(_flow_org_node(planned.receiver, "receiver-org", "receiver-activity-id", ctx))
    return _placed(("planned-disbursement", attributes, None, children), planned.extras)


_TRANSACTION_PARTS = {
    "transaction-type": False,
    "transaction-date": False,
    "value": False,
    "description": False,
    "provider-org": False,
    "receiver-org": False,
    "disbursement-channel": False,
    "sector": True,
    "recipient-country": False,
    "recipient-region": False,
    "flow-type": False,
    "finance-type": False,
    "aid-type": True,
    "tied-status": False,
}


def _code_in(element: etree._Element, path: str, extras: list[Extra]) -> str:
    """The ``@code`` of an IATI child that holds a code only (``flow-type``, ``category``)."""
    _leaf(element, _CODE, path, extras)
    code = element.get("code")
    if code is None or not code.strip():
        raise InvalidValueError(f"{element.tag}/@code", code, "be a code")
    return code


def _code_of(element: etree._Element | None, path: str, extras: list[Extra]) -> str | None:
    """:func:`_code_in`, ``None`` when there is no such child."""
    return None if element is None else _code_in(element, path, extras)


def read_transaction(element: etree._Element, ctx: ReadContext) -> Transaction:
    """``transaction`` -> :class:`~itaproj.finance.Transaction`, with its classification and places.

    A transaction of the common shape is read in one pass (:func:`plain_transaction`); any
    other by :func:`read_any_transaction`, which reads every shape to the same value.
    """
    fast = plain_transaction(element, ctx)
    return read_any_transaction(element, ctx) if fast is None else fast


def read_any_transaction(element: etree._Element, ctx: ReadContext) -> Transaction:
    """:func:`read_transaction` of any transaction, whatever it holds."""
    extras: list[Extra] = []
    found = _rest(element, _TRANSACTION_ATTRIBUTES, _TRANSACTION_PARTS, "", extras)
    first = {tag: elements[0] for tag, elements in found.items()}
    ctx = _scoped(ctx, element)
    amount, value_date = _money(element, ctx, first)
    _rest(first["value"], _VALUE, {}, "value[1]/", extras, text=True)
    kind = _code_of(first.get("transaction-type"), "transaction-type[1]/", extras)
    if kind is None:
        raise InvalidValueError("transaction-type", None, "be given")
    date_element = first.get("transaction-date")
    date = None if date_element is None else read_date(date_element, "iso-date", ctx)
    if date_element is None or date is None:
        raise InvalidValueError("transaction-date/@iso-date", None, "be given")
    _leaf(date_element, _ISO_DATE_ONLY, "transaction-date[1]/", extras)
    description = _text_part(first.get("description"), "description[1]/", extras, ctx)
    channel = _code_of(first.get("disbursement-channel"), "disbursement-channel[1]/", extras)
    flow_type = _code_of(first.get("flow-type"), "flow-type[1]/", extras)
    finance_type = _code_of(first.get("finance-type"), "finance-type[1]/", extras)
    tied_status = _code_of(first.get("tied-status"), "tied-status[1]/", extras)
    aid_types = []
    for number, aid_element in enumerate(found.get("aid-type", ()), 1):
        _leaf(aid_element, _AID_TYPE, f"aid-type[{number}]/", extras)
        aid_types.append(read_aid_type(aid_element, ctx))
    finance = FinanceClassification(flow_type, finance_type, tuple(aid_types), tied_status) or None
    country = first.get("recipient-country")
    region = first.get("recipient-region")
    return Transaction(
        kind,
        date,
        amount,
        value_date=value_date,
        ref=_given(element, "ref"),
        description=description,
        provider=_flow_part(first.get("provider-org"), "provider-activity-id", ctx, extras),
        receiver=_flow_part(first.get("receiver-org"), "receiver-activity-id", ctx, extras),
        humanitarian=_boolean(element, "humanitarian"),
        disbursement_channel=channel,
        sectors=tuple(_sector(sector, ctx, shares=False) for sector in found.get("sector", ())),
        recipient_country=None if country is None else _country(country, ctx, shares=False),
        recipient_region=None if region is None else _region(region, ctx, shares=False),
        finance=finance,
        extras=tuple(extras),
    )


# --- transactions of the common shape, in one pass --------------------------------------------
#
# Most transactions hold a type, a date, a value, organisations with plain narratives and a
# few codes, each once, with nothing kept aside. :func:`plain_transaction` reads those in one
# pass over the children, with the values that recur (dates, amounts, organisations, codes)
# read once; anything else (an element the general reader keeps aside or refuses, a finding
# to make) stops it, and :func:`read_any_transaction` reads the element from the start.

#: The finance codes a transaction of the common shape may hold (each once, ``@code`` only).
_PLAIN_CODES = frozenset({"disbursement-channel", "flow-type", "finance-type", "tied-status"})


@lru_cache(maxsize=4096)
def _plain_money(text: str, currency: str) -> Money:
    """``value`` of ``text`` in ``currency``, as :func:`~itaproj.iati._mapping.core._money` reads it."""
    amount = read_decimal(text, "value")
    if amount is None:  # pragma: no cover - text is never None here
        raise Irregular
    return Money(amount, currency)


@lru_cache(maxsize=4096)
def _plain_day(text: str) -> dt.date:
    """``value/@value-date`` as :func:`~itaproj.iati._mapping.core.read_day` reads it."""
    return _parse_date("value-date", text).to_date()


#: (codelist, code) -> whether a model field bound to that list takes the code.
_ADMITTED: dict[tuple[str, str], bool] = {}


def _admitted(name: str, code: str) -> bool:
    """Whether a field bound to the codelist ``name`` takes ``code`` (as its validator decides)."""
    known = _ADMITTED.get((name, code))
    if known is None:
        try:
            codelist(name).admit("code", code)
        except InvalidValueError:
            known = False
        else:
            known = True
        if len(_ADMITTED) >= 4096:
            _ADMITTED.clear()
        _ADMITTED[name, code] = known
    return known


_NEW = object.__new__
#: The fields :func:`_checked_transaction` sets, in the class's order.
_TRANSACTION_FIELDS = (
    "type",
    "date",
    "amount",
    "value_date",
    "ref",
    "description",
    "provider",
    "receiver",
    "humanitarian",
    "disbursement_channel",
    "sectors",
    "recipient_country",
    "recipient_region",
    "finance",
    "extras",
)
# Checked once at import; true only when the model changes, which the tests would then show.
if tuple(field.name for field in attrs.fields(Transaction)) != _TRANSACTION_FIELDS:  # pragma: no cover
    raise ImportError("itaproj.finance.Transaction changed: update plain_transaction's fields")
#: Each field's slot setter (``Transaction`` is slotted: a member descriptor per field).
(
    _SET_TYPE,
    _SET_DATE,
    _SET_AMOUNT,
    _SET_VALUE_DATE,
    _SET_REF,
    _SET_DESCRIPTION,
    _SET_PROVIDER,
    _SET_RECEIVER,
    _SET_HUMANITARIAN,
    _SET_CHANNEL,
    _SET_SECTORS,
    _SET_COUNTRY,
    _SET_REGION,
    _SET_FINANCE,
    _SET_EXTRAS,
) = (vars(Transaction)[name].__set__ for name in _TRANSACTION_FIELDS)


def _checked_transaction(
    kind: str,
    date: PartialDate,
    amount: Money,
    value_date: dt.date | None,
    ref: str | None,
    description: LocalizedText | None,
    provider: FlowOrganisation | None,
    receiver: FlowOrganisation | None,
    humanitarian: bool | None,
    channel: str | None,
    finance: FinanceClassification | None,
) -> Transaction:
    """The :class:`~itaproj.finance.Transaction` of values :func:`plain_transaction` checked already.

    Each value is of the exact type the class's checks convert to, and the codes are ones its
    code validators admit (:func:`_admitted`); there are no shares, so its own check (shares
    have no percentage) holds too. What the constructor would do is done, without doing it
    again: the object equals ``Transaction(kind, date, amount, ...)``.
    """
    made: Transaction = _NEW(Transaction)
    # (each slot set through its descriptor: what object.__setattr__ does, without the lookup)
    _SET_TYPE(made, kind)
    _SET_DATE(made, date)
    _SET_AMOUNT(made, amount)
    _SET_VALUE_DATE(made, value_date)
    _SET_REF(made, ref)
    _SET_DESCRIPTION(made, description)
    _SET_PROVIDER(made, provider)
    _SET_RECEIVER(made, receiver)
    _SET_HUMANITARIAN(made, humanitarian)
    _SET_CHANNEL(made, channel)
    _SET_SECTORS(made, ())
    _SET_COUNTRY(made, None)
    _SET_REGION(made, None)
    _SET_FINANCE(made, finance)
    _SET_EXTRAS(made, ())
    return made


def plain_transaction(element: etree._Element, ctx: ReadContext) -> Transaction | None:
    """:func:`read_transaction` of a transaction of the common shape, in one pass; ``None`` for any other.

    The common shape: ``@ref`` and ``@humanitarian`` only, no text; children among
    ``transaction-type``, ``transaction-date``, ``value``, ``description``, ``provider-org``,
    ``receiver-org``, the finance codes and ``aid-type``, each once (``aid-type`` any number
    of times), holding the attributes the model types and nothing the reader keeps aside
    (``narrative`` children with a text only, below an activity that is the transaction's
    parent); every value valid. ``None`` leaves ``ctx`` as it was (the findings made are
    taken back), for the general reader to read the element from the start.
    """
    before = len(ctx.findings)
    try:
        return _plain_transaction(element, ctx)
    except (Irregular, ValueError, LookupError, Unmapped):
        del ctx.findings[before:]
        return None


def _plain_transaction(element: etree._Element, ctx: ReadContext) -> Transaction:
    own = element.text
    if own and not own.isspace():
        raise Irregular
    names = element.keys()
    if names and not _TRANSACTION_ATTRIBUTES.issuperset(names):
        raise Irregular
    if element.getparent() is not ctx.activity:
        raise Irregular  # (the language above its narratives is then not simply the activity's)
    lang = ctx.lang
    kind: str | None = None
    date: PartialDate | None = None
    amount: Money | None = None
    value_date: dt.date | None = None
    provider: FlowOrganisation | None = None
    receiver: FlowOrganisation | None = None
    description: LocalizedText | None = None
    others: dict[str, etree._Element] = {}  # the rarer children: finance codes
    aid_elements: list[etree._Element] = []
    seen = 0  # the other children met, as bits (each once)
    for child in element:
        tail = child.tail
        if tail and not tail.isspace():
            raise Irregular
        tag = child.tag
        if tag == "value":
            if amount is not None or len(child):
                raise Irregular
            currency = ctx.currency
            for name, given in cast("list[tuple[str, str]]", child.items()):  # (attributes in one call)
                if name == "currency":
                    currency = given or currency
                elif name == "value-date":
                    value_date = _plain_day(given)
                else:
                    raise Irregular
            text = child.text
            if currency is None or text is None:
                raise Irregular
            amount = _plain_money(text, currency)
        elif tag == "transaction-type":
            own = child.text
            if kind is not None or len(child) or (own and not own.isspace()):
                raise Irregular
            given_attributes = cast("list[tuple[str, str]]", child.items())
            if len(given_attributes) != 1 or given_attributes[0][0] != "code":
                raise Irregular  # (@code, and nothing else)
            kind = given_attributes[0][1]
            if not _admitted("TransactionType", kind):
                raise Irregular
        elif tag == "transaction-date":
            own = child.text
            if date is not None or len(child) or (own and not own.isspace()):
                raise Irregular
            given_attributes = cast("list[tuple[str, str]]", child.items())
            if len(given_attributes) != 1 or given_attributes[0][0] != "iso-date":
                raise Irregular  # (@iso-date, and nothing else)
            date = _parse_date("iso-date", given_attributes[0][1])
        elif tag == "provider-org":
            if seen & 1:
                raise Irregular
            seen |= 1
            provider = plain_flow_org(child, "provider-activity-id", lang, ctx)
        elif tag == "receiver-org":
            if seen & 2:
                raise Irregular
            seen |= 2
            receiver = plain_flow_org(child, "receiver-activity-id", lang, ctx)
        elif tag == "description":
            if seen & 4:
                raise Irregular
            seen |= 4
            description = _plain_text(child, lang)
        elif tag == "aid-type":
            _plain_leaf(child, _AID_TYPE)
            aid_elements.append(child)
        elif tag in _PLAIN_CODES and tag not in others:
            _plain_leaf(child, _CODE)
            others[tag] = child
        else:
            raise Irregular
    if kind is None or date is None or amount is None:
        raise Irregular
    channel = finance = None
    if others or aid_elements:
        channel = _plain_code(others.get("disbursement-channel"))
        if channel is not None and not _admitted("DisbursementChannel", channel):
            raise Irregular
        flow_type = _plain_code(others.get("flow-type"))
        finance_type = _plain_code(others.get("finance-type"))
        tied_status = _plain_code(others.get("tied-status"))
        if aid_elements or flow_type is not None or finance_type is not None or tied_status is not None:
            aid_types = tuple(read_aid_type(aid, ctx) for aid in aid_elements)
            finance = FinanceClassification(flow_type, finance_type, aid_types, tied_status) or None
    ref = humanitarian = None
    if names:
        ref = _given(element, "ref")
        humanitarian = _boolean(element, "humanitarian")
    return _checked_transaction(
        kind, date, amount, value_date, ref, description, provider, receiver, humanitarian, channel, finance
    )


def _plain_leaf(element: etree._Element, known: frozenset[str]) -> None:
    """Refuse a child of attributes only that holds more than the attributes ``known`` (:func:`_leaf` keeps it)."""
    own = element.text
    if len(element) or (own and not own.isspace()):
        raise Irregular
    names = element.keys()
    if names and not known.issuperset(names):
        raise Irregular


def _plain_code(element: etree._Element | None) -> str | None:
    """The ``@code`` of a finance code child (:func:`_code_in`), ``None`` without one."""
    if element is None:
        return None
    code = element.get("code")
    if code is None or not code.strip():
        raise Irregular
    return code


def _plain_text(element: etree._Element, lang: str) -> LocalizedText | None:
    """A ``description`` of plain narratives, as :func:`_text_part` reads it (``lang``: the language above)."""
    if element.keys():
        raise Irregular
    texts: dict[str, str] = {}
    given = plain_narrative_texts(element)
    for text in given:
        if text is None or not text.strip():
            continue
        if lang in texts:
            if texts[lang] != text:
                raise Irregular
            continue
        texts[lang] = text
    if not texts:
        if given:
            raise Irregular  # (kept whole)
        return None
    return _localized(tuple(texts.items()))


def write_transaction(transaction: Transaction, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.Transaction` -> ``transaction``, in the schema's order."""
    extras = transaction.extras
    ctx = _scoped_write(ctx, extras)
    attributes: dict[str, str] = {}
    _put(attributes, "ref", transaction.ref)
    if transaction.humanitarian is not None:
        attributes["humanitarian"] = _boolean_text(transaction.humanitarian)
    children: list[Node] = [
        ("transaction-type", {"code": transaction.type}, None, []),
        ("transaction-date", {"iso-date": day_text(transaction.date, ".date")}, None, []),
        _money_node(transaction.amount, transaction.value_date, ctx),
    ]
    if transaction.description is not None:
        description = transaction.description
        children.append(_narrated_node("description", description, extras, "description[1]/", ctx))
    if transaction.provider is not None:
        children.append(_flow_org_node(transaction.provider, "provider-org", "provider-activity-id", ctx))
    if transaction.receiver is not None:
        children.append(_flow_org_node(transaction.receiver, "receiver-org", "receiver-activity-id", ctx))
    if transaction.disbursement_channel is not None:
        children.append(("disbursement-channel", {"code": transaction.disbursement_channel}, None, []))
    children.extend(_sector_node(sector, ctx) for sector in transaction.sectors)
    if transaction.recipient_country is not None:
        children.append(_country_node(transaction.recipient_country, ctx))
    if transaction.recipient_region is not None:
        children.append(_region_node(transaction.recipient_region, ctx))
    finance = transaction.finance
    if finance is not None:
        if finance.flow_type is not None:
            children.append(("flow-type", {"code": finance.flow_type}, None, []))
        if finance.finance_type is not None:
            children.append(("finance-type", {"code": finance.finance_type}, None, []))
        children.extend(aid_type_node("aid-type", aid_type) for aid_type in finance.aid_types)
        if finance.tied_status is not None:
            children.append(("tied-status", {"code": finance.tied_status}, None, []))
    return _placed(("transaction", attributes, None, children), extras)


# --- documents and relations -----------------------------------------------------------------


_DOCUMENT_PARTS = {
    "title": False,
    "description": False,
    "category": True,
    "language": True,
    "document-date": False,
}


def _media_type(element: etree._Element, ctx: ReadContext) -> str | None:
    """``@format``; a media type in capitals is read in lower case (media types ignore case)."""
    given = _given(element, "format")
    if given is None:
        return None
    formats = codelist("FileFormat")
    if given not in formats and given.lower() in formats:
        ctx.report(
            "iati.lenient.format-case",
            Severity.WARNING,
            f"@format {given!r} should be lower case; read as {given.lower()!r}",
            element,
        )
        return given.lower()
    return given


def read_document(element: etree._Element, ctx: ReadContext) -> DocumentLink:
    """``document-link`` -> :class:`~itaproj.documents.DocumentLink`."""
    url = element.get("url")
    if url is None or not url.strip():
        raise InvalidValueError("document-link/@url", url, "be given")
    extras: list[Extra] = []
    found = _rest(element, _DOCUMENT_ATTRIBUTES, _DOCUMENT_PARTS, "", extras)
    first = {tag: elements[0] for tag, elements in found.items()}
    ctx = _scoped(ctx, element)
    categories = [
        _code_in(category, f"category[{number}]/", extras)
        for number, category in enumerate(found.get("category", ()), 1)
    ]
    languages = [
        _code_in(language, f"language[{number}]/", extras)
        for number, language in enumerate(found.get("language", ()), 1)
    ]
    date = None
    dated = first.get("document-date")
    if dated is not None:
        date = read_date(dated, "iso-date", ctx)
        if date is None:
            _keep_whole(dated, extras)  # no date: kept as it is
        else:
            _leaf(dated, _ISO_DATE_ONLY, "document-date[1]/", extras)
    return DocumentLink(
        url,
        title=_text_part(first.get("title"), "title[1]/", extras, ctx),
        categories=tuple(categories),
        languages=tuple(languages),
        format=_media_type(element, ctx),
        description=_text_part(first.get("description"), "description[1]/", extras, ctx),
        date=date,
        extras=tuple(extras),
    )


def plain_document(element: etree._Element, ctx: ReadContext) -> DocumentLink | None:
    """:func:`read_document` of a ``document-link`` of the common shape, in one pass; ``None`` for any other.

    The common shape: ``@url`` (not blank) and ``@format`` (as the FileFormat list has it)
    only, no text; children among ``title`` and ``description`` (each once, holding plain
    narratives with a text, below an activity that is the document's parent),
    ``category`` and ``language`` (``@code`` only, any number) and ``document-date``
    (``@iso-date`` only, once); every value valid. Such an element holds nothing undeclared or
    of another namespace, and the value equals what :func:`read_document` reads, with no
    finding. ``None`` leaves ``ctx`` as it was, for the general reader to read the element.
    """
    if element.getparent() is not ctx.activity:
        return None  # (the language above its narratives is then not simply the activity's)
    try:
        return plain_document_in(element, ctx.lang)
    except (Irregular, ValueError, LookupError, Unmapped):
        return None


@lru_cache(maxsize=1024)
def _listed_format(given: str) -> bool:
    """Whether the FileFormat list has ``given`` as it is (as :func:`_media_type` looks it up)."""
    return given in codelist("FileFormat")


def plain_document_in(element: etree._Element, lang: str) -> DocumentLink:
    """:func:`plain_document` of a ``document-link`` whose narratives stating no language are in ``lang``.

    For a one-pass reader of the element that holds it (a result, an indicator), which made
    sure of the language above.

    Raises:
        Irregular: the element is not of the common shape (or ``ValueError``, ``LookupError``:
            a value is not valid).
    """
    own = element.text
    if own and not own.isspace():
        raise Irregular
    url = None
    given_format = None
    for name, given in cast("list[tuple[str, str]]", element.items()):
        if name == "url":
            url = given
        elif name == "format":
            given_format = given
        else:
            raise Irregular
    if url is None or not url.strip():
        raise Irregular
    if given_format is not None:
        if not given_format.strip():
            given_format = None
        elif not _listed_format(given_format):
            raise Irregular  # (perhaps in capitals: a finding, which the general reader makes)
    title: LocalizedText | None = None
    description: LocalizedText | None = None
    categories: list[str] = []
    languages: list[str] = []
    date: PartialDate | None = None
    seen = 0  # the children allowed once met, as bits
    for child in element:
        tail = child.tail
        if tail and not tail.isspace():
            raise Irregular
        tag = child.tag
        if tag == "category" or tag == "language":
            own = child.text
            if len(child) or (own and not own.isspace()):
                raise Irregular
            given_attributes = cast("list[tuple[str, str]]", child.items())
            if len(given_attributes) != 1 or given_attributes[0][0] != "code":
                raise Irregular
            code = given_attributes[0][1]
            if not code.strip():
                raise Irregular
            (categories if tag == "category" else languages).append(code)
        elif tag == "title":
            if seen & 1:
                raise Irregular
            seen |= 1
            title = _plain_text(child, lang)
            if title is None and len(child):
                raise Irregular  # (no text: kept whole)
        elif tag == "description":
            if seen & 2:
                raise Irregular
            seen |= 2
            description = _plain_text(child, lang)
            if description is None and len(child):
                raise Irregular
        elif tag == "document-date":
            own = child.text
            if seen & 4 or len(child) or (own and not own.isspace()):
                raise Irregular
            seen |= 4
            given_attributes = cast("list[tuple[str, str]]", child.items())
            if len(given_attributes) != 1 or given_attributes[0][0] != "iso-date":
                raise Irregular
            date = _parse_date("iso-date", given_attributes[0][1])
        else:
            raise Irregular
    return DocumentLink(
        url,
        title=title,
        categories=tuple(categories),
        languages=tuple(languages),
        format=given_format,
        description=description,
        date=date,
    )


def write_document(document: DocumentLink, ctx: WriteContext) -> Node:
    """:class:`~itaproj.documents.DocumentLink` -> ``document-link``."""
    extras = document.extras
    ctx = _scoped_write(ctx, extras)
    attributes = {"url": document.url}
    _put(attributes, "format", document.format)
    children: list[Node] = []
    if document.title is not None:
        children.append(_narrated_node("title", document.title, extras, "title[1]/", ctx))
    if document.description is not None:
        children.append(_narrated_node("description", document.description, extras, "description[1]/", ctx))
    children.extend(("category", {"code": code}, None, []) for code in document.categories)
    children.extend(("language", {"code": code}, None, []) for code in document.languages)
    if document.date is not None:
        children.append(("document-date", {"iso-date": day_text(document.date, ".date")}, None, []))
    return _placed(("document-link", attributes, None, children), extras)


_RELATION_KINDS = {kind.iati_code: kind for kind in RelationKind}


def read_relation(element: etree._Element, ctx: ReadContext) -> Relation:
    """``related-activity`` -> :class:`~itaproj.programme.Relation` (parent, child, sibling...)."""
    kind = _RELATION_KINDS.get(element.get("type", ""))
    if kind is None:
        raise InvalidValueError(
            "related-activity/@type", element.get("type"), "be a RelatedActivityType code"
        )
    return Relation(kind, element.get("ref", ""))


def write_relation(relation: Relation, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.Relation` -> ``related-activity``."""
    return ("related-activity", {"ref": relation.ref, "type": relation.kind.iati_code}, None, [])
