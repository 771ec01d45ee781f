"""Money flows and documents: budgets, planned disbursements, transactions, document links and related activities."""

from __future__ import annotations

from typing import TYPE_CHECKING

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
from itaproj.programme import (
    DocumentLink,
    Relation,
    RelationKind,
)

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.activity import aid_type_node, read_aid_type
from itaproj.iati._mapping.core import (
    Node,
    ReadContext,
    WriteContext,
    _first_children,
    _money,
    _money_node,
    _period,
    _period_nodes,
    _put,
    day_text,
    read_date,
)
from itaproj.iati._mapping.kept import (
    _AID_TYPE,
    _CODE,
    _DOCUMENT_ATTRIBUTES,
    _ISO_DATE_ONLY,
    _TRANSACTION_ATTRIBUTES,
    _TYPE,
    _VALUE,
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
)
from itaproj.iati._mapping.orgs import _flow_org_node, _flow_part
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
    """``transaction`` -> :class:`~itaproj.finance.Transaction`, with its classification and places."""
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
