"""The one table that maps IATI activity elements to model objects and back.

Each direct child element of ``iati-activity`` that the model can hold has an :class:`Entry`:
a reader (lxml element -> model value, lenient, may lose detail), a writer (model value ->
:data:`Node`, the element as the writer emits it) and the Programme field it lives in.
:mod:`itaproj.iati._read` checks every mapped element by comparing the source with the
writer's rendering of the value read; whatever the model cannot carry is kept verbatim in
``Programme.extras``, so the reader may be lenient here without losing anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.budget import Budget, BudgetKind, BudgetLine, BudgetStatus
from itaproj.codelists import codelist
from itaproj.errors import InvalidValueError
from itaproj.finance import FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.findings import Finding, Severity
from itaproj.geo import CountryShare, RegionShare
from itaproj.money import Money
from itaproj.org import Organisation, Participant, Role
from itaproj.period import PartialDate, Period
from itaproj.programme import (
    DateKind,
    DocumentLink,
    KeyDate,
    Programme,
    Relation,
    RelationKind,
    SectorShare,
    Status,
)
from itaproj.quantity import Measure, to_decimal
from itaproj.results import Indicator, IndicatorMeasure, Observation, Result, ResultKind
from itaproj.text import LocalizedText, is_language_tag
from itaproj.themes import CrossCuttingTheme

if TYPE_CHECKING:
    from lxml import etree

__all__ = [
    "TABLE",
    "UNDETERMINED",
    "XML_LANG",
    "Entry",
    "Node",
    "ReadContext",
    "Unmapped",
    "WriteContext",
    "element_path",
    "language_case",
    "period_from_dates",
    "report_zoned_dates",
    "short_message",
]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The BCP 47 tag for narratives whose language neither they nor the activity state.
UNDETERMINED = "und"

#: An element as the writer emits it: (tag, attributes, text, children).
Node = tuple[str, dict[str, str], str | None, list["Node"]]


class Unmapped(Exception):
    """Raised by a reader for an element the model has no place for (kept verbatim, no finding)."""


def element_path(element: etree._Element, activity_path: str, activity: etree._Element | None = None) -> str:
    """``activity_path`` plus the XPath of ``element`` below its activity, with its line number.

    The steps end at ``activity`` when given (so an ``iati-activity`` nested inside it gets its
    own step), else at the nearest ``iati-activity``.
    """
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and (
        node is not activity if activity is not None else node.tag != "iati-activity"
    ):
        parent = node.getparent()
        if parent is None:
            break
        before = sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        steps.append(f"{node.tag}[{before + 1}]")
        node = parent
    path = "/".join([activity_path, *reversed(steps)])
    return f"{path} (line {element.sourceline})"


#: The longest finding message; longer ones (quoting a huge source value) are cut.
MAX_MESSAGE = 500


def short_message(message: str) -> str:
    """``message``, cut to :data:`MAX_MESSAGE` characters."""
    return message if len(message) <= MAX_MESSAGE else f"{message[: MAX_MESSAGE - 1]}…"


@attrs.define
class ReadContext:
    """Per-activity reading state: the activity's defaults and the findings so far."""

    activity_path: str
    lang: str = UNDETERMINED
    currency: str | None = None
    findings: list[Finding] = attrs.field(factory=list)
    activity: Any = None

    def report(self, rule: str, severity: Severity, message: str, element: etree._Element) -> None:
        """Add a finding located at ``element`` (a message quoting a huge value is shortened)."""
        message = short_message(message)
        self.findings.append(
            Finding(rule, severity, message, element_path(element, self.activity_path, self.activity))
        )


@attrs.frozen
class WriteContext:
    """The defaults the writer may leave implicit: the activity's language and currency."""

    lang: str = UNDETERMINED
    currency: str | None = None


# --- values -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?\s*")


def read_date(element: etree._Element, attribute: str, ctx: ReadContext) -> PartialDate | None:
    """The date in ``element/@attribute``; a time or time zone is dropped with a finding."""
    text = element.get(attribute)
    if text is None:
        return None
    return _parse_date(attribute, text)


# Real files repeat the same dates, texts and organisations thousands of times; the model's
# values are immutable, so equal ones are shared (bounded caches keep memory flat).
@lru_cache(maxsize=4096)
def _parse_date(attribute: str, text: str) -> PartialDate:
    match = _ISO_DATE.fullmatch(text)
    if match is None:
        raise InvalidValueError(attribute, text, "be an ISO date YYYY-MM-DD")
    day = match.group(1)
    return PartialDate(int(day[:4]), int(day[5:7]), int(day[8:10]))


@lru_cache(maxsize=4096)
def _localized(pairs: tuple[tuple[str, str], ...]) -> LocalizedText:
    return LocalizedText(dict(pairs))


@lru_cache(maxsize=4096)
def _flow_organisation(
    ref: str | None, name: LocalizedText | None, type: str | None, activity_id: str | None
) -> FlowOrganisation:
    return FlowOrganisation(ref=ref, name=name, type=type, activity_id=activity_id)


_LONG_DATES: Any = None


def report_zoned_dates(activity: etree._Element, ctx: ReadContext) -> None:
    """Report every ``@iso-date`` or ``@value-date`` of an activity that has a time or time zone.

    All of them, in mapped and unmapped elements alike (one compiled XPath per activity);
    :func:`read_date` drops the time part.
    """
    global _LONG_DATES
    if _LONG_DATES is None:
        from lxml import etree as lxml_etree

        _LONG_DATES = lxml_etree.XPath(
            ".//@iso-date[string-length() > 10] | .//@value-date[string-length() > 10]"
        )
    for text in _LONG_DATES(activity):
        match = _ISO_DATE.fullmatch(text)
        if match is not None and (match.group(2) or match.group(3)):
            ctx.report(
                "iati.lenient.timezone",
                Severity.WARNING,
                f"@{text.attrname} {str(text)!r} carries a time or time zone; read as the date {match.group(1)}",
                text.getparent(),
            )


def read_day(element: etree._Element, attribute: str, ctx: ReadContext) -> dt.date | None:
    """Like :func:`read_date`, as a ``datetime.date``."""
    date = read_date(element, attribute, ctx)
    return None if date is None else date.to_date()


#: The most characters a decimal may take in plain notation, as ``xsd:decimal`` writes it.
#: ``1E+1000000`` is a short text for a million digits: longer ones are refused when read
#: (a finding) and when written, in time linear in the text, never expanded.
MAX_DECIMAL_TEXT = 1000


def plain_length(value: Decimal) -> int:
    """An upper bound of ``len(format(value, "f"))``, computed without formatting."""
    _sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):  # NaN or infinity: written as such, never expanded
        return len(str(value))
    if exponent >= 0:
        return 1 + len(digits) + exponent
    return 3 + max(len(digits), -exponent)


def read_decimal(text: str | None, field: str) -> Decimal | None:
    """A decimal attribute or text, ``None`` when absent.

    Raises:
        InvalidValueError: not a finite decimal, or longer than :data:`MAX_DECIMAL_TEXT`
            characters in plain notation.
    """
    if text is None:
        return None
    try:
        value = to_decimal(text)
    except (InvalidValueError, ArithmeticError):  # ArithmeticError: an exponent Decimal cannot hold
        raise InvalidValueError(field, text, "be a decimal number in the model's range") from None
    if plain_length(value) > MAX_DECIMAL_TEXT:
        raise InvalidValueError(field, text, f"be a decimal of at most {MAX_DECIMAL_TEXT} digits")
    return value


def decimal_text(value: Decimal) -> str:
    """A decimal in plain notation, as ``xsd:decimal`` needs (``1E+3`` -> ``1000``).

    Raises:
        InvalidValueError: ``value`` is not finite or takes more than :data:`MAX_DECIMAL_TEXT`
            characters in plain notation.
    """
    if not value.is_finite() or plain_length(value) > MAX_DECIMAL_TEXT:
        raise InvalidValueError(
            "amount",
            value,
            f"be a finite decimal of at most {MAX_DECIMAL_TEXT} digits to be written as IATI XML",
        )
    return format(value, "f")


def _put(attributes: dict[str, str], name: str, value: object) -> None:
    if value is None:
        return
    if isinstance(value, Decimal):
        attributes[name] = decimal_text(value)
    else:
        attributes[name] = value if isinstance(value, str) else str(value)


@lru_cache(maxsize=512)
def language_case(tag: str) -> str:
    """``tag`` with its language subtag in lower case (``"EN"`` -> ``"en"``, ``"PT-BR"`` -> ``"pt-BR"``)."""
    if is_language_tag(tag):
        return tag
    language, _, rest = tag.partition("-")
    return f"{language.lower()}-{rest}" if rest else language.lower()


_is_tag = lru_cache(maxsize=512)(is_language_tag)


def narratives(element: etree._Element | None, ctx: ReadContext) -> LocalizedText | None:
    """The ``narrative`` children as one text; ``None`` when there is none with content."""
    if element is None:
        return None
    texts: dict[str, str] = {}
    for child in element.iterchildren("narrative"):
        given = child.get(XML_LANG)
        if given is None:
            lang = ctx.lang
        else:
            lang = language_case(given)
            if lang != given:
                ctx.report(
                    "iati.lenient.language-case",
                    Severity.WARNING,
                    f"xml:lang {given!r} should be lower case; read as {lang!r}",
                    child,
                )
            if not _is_tag(lang):
                ctx.report(
                    "iati.lenient.language",
                    Severity.WARNING,
                    f"xml:lang {lang!r} is not a language tag",
                    child,
                )
                continue
        text = child.text
        if text is None or not text.strip() or lang in texts:
            continue
        texts[lang] = text
    return _localized(tuple(texts.items())) if texts else None


def narrative_nodes(text: LocalizedText | None, ctx: WriteContext) -> list[Node]:
    """``narrative`` nodes for ``text``, its original language first (so reading keeps it original).

    ``xml:lang`` is left out for the activity's default language.
    """
    if text is None:
        return []
    languages = [text.original, *(lang for lang in text.texts if lang != text.original)]
    return [
        ("narrative", {} if lang == ctx.lang else {XML_LANG: lang}, text.texts[lang], [])
        for lang in languages
    ]


def _child(element: etree._Element, tag: str) -> etree._Element | None:
    for child in element:
        if child.tag == tag:
            return child
    return None


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return [child for child in element if child.tag == tag]


def _code(element: etree._Element | None) -> str | None:
    return None if element is None else element.get("code")


# --- money -----------------------------------------------------------------------------------


def _first_children(element: etree._Element) -> dict[str, etree._Element]:
    """The first child of each tag, in one pass."""
    return {child.tag: child for child in reversed(element)}


def _money(
    element: etree._Element, ctx: ReadContext, first: dict[str, etree._Element] | None = None
) -> tuple[Money, dt.date | None]:
    value = _child(element, "value") if first is None else first.get("value")
    if value is None:
        raise InvalidValueError("value", None, "be given")
    currency = value.get("currency") or ctx.currency
    if currency is None:
        raise InvalidValueError(
            "currency", None, "be given in value/@currency or iati-activity/@default-currency"
        )
    amount = read_decimal(value.text, "value")
    if amount is None:
        raise InvalidValueError("value", None, "hold an amount")
    return Money(amount, currency), read_day(value, "value-date", ctx)


def _money_node(amount: Money, value_date: dt.date | None, ctx: WriteContext) -> Node:
    attributes: dict[str, str] = {}
    if amount.currency != ctx.currency:
        attributes["currency"] = amount.currency
    _put(attributes, "value-date", None if value_date is None else value_date.isoformat())
    if not amount.is_exact:
        raise Unmapped("a bounded amount")
    return ("value", attributes, decimal_text(amount.amount), [])


def _period(
    element: etree._Element, ctx: ReadContext, first: dict[str, etree._Element] | None = None
) -> Period:
    if first is None:
        first = _first_children(element)
    start = first.get("period-start")
    end = first.get("period-end")
    return Period(
        None if start is None else read_date(start, "iso-date", ctx),
        None if end is None else read_date(end, "iso-date", ctx),
    )


def _period_nodes(period: Period | None) -> list[Node]:
    nodes: list[Node] = []
    if period is not None and period.start is not None:
        nodes.append(("period-start", {"iso-date": period.start.isoformat()}, None, []))
    if period is not None and period.end is not None:
        nodes.append(("period-end", {"iso-date": period.end.isoformat()}, None, []))
    return nodes


# --- organisations ---------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _org_key(ref: str | None, name: LocalizedText | None) -> str:
    if ref is not None and ref.strip():
        return _SPACE.sub("_", ref.strip())
    if name is not None:
        return _SPACE.sub("_", str(name).strip())[:80]
    raise InvalidValueError("participating-org", None, "have a @ref or a narrative")


def read_participant(element: etree._Element, ctx: ReadContext) -> Participant:
    """``participating-org`` -> :class:`~itaproj.org.Participant` (organisation in a role)."""
    ref = element.get("ref")
    name = narratives(element, ctx)
    role = Role.from_iati_code(element.get("role", ""))
    key = _org_key(ref, name)
    display = name if name is not None else LocalizedText({ctx.lang: ref or key})
    organisation = Organisation(key, display, ref=ref, type=element.get("type"))
    return Participant(organisation, role)


def write_participant(participant: Participant, ctx: WriteContext) -> Node:
    """:class:`~itaproj.org.Participant` -> ``participating-org``."""
    organisation = participant.organisation
    attributes: dict[str, str] = {}
    _put(attributes, "ref", organisation.ref)
    _put(attributes, "role", participant.role.iati_code)
    _put(attributes, "type", organisation.type)
    return ("participating-org", attributes, None, narrative_nodes(organisation.name, ctx))


def _flow_org(element: etree._Element | None, id_attribute: str, ctx: ReadContext) -> FlowOrganisation | None:
    if element is None:
        return None
    ref = element.get("ref")
    name = narratives(element, ctx)
    if (ref is None or not ref.strip()) and name is None:
        return None
    return _flow_organisation(ref, name, element.get("type"), element.get(id_attribute))


@lru_cache(maxsize=4096)
def _flow_org_node(org: FlowOrganisation, tag: str, id_attribute: str, ctx: WriteContext) -> Node:
    # Cached: nodes are never changed once built, and the same organisation recurs.
    attributes: dict[str, str] = {}
    _put(attributes, "ref", org.ref)
    _put(attributes, "type", org.type)
    _put(attributes, id_attribute, org.activity_id)
    return (tag, attributes, None, narrative_nodes(org.name, ctx))


# --- dates, status, places, sectors, themes -------------------------------------------------

_DATE_KINDS = {kind.iati_code: kind for kind in DateKind if kind.iati_code is not None}


def read_key_date(element: etree._Element, ctx: ReadContext) -> KeyDate:
    """``activity-date`` -> :class:`~itaproj.programme.KeyDate`."""
    kind = _DATE_KINDS.get(element.get("type", ""))
    if kind is None:
        raise InvalidValueError("activity-date/@type", element.get("type"), "be an ActivityDateType code 1-4")
    date = read_date(element, "iso-date", ctx)
    if date is None:
        raise InvalidValueError("activity-date/@iso-date", None, "be given")
    return KeyDate(kind, date, narratives(element, ctx))


def write_key_date(date: KeyDate, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.KeyDate` -> ``activity-date``."""
    if date.kind.iati_code is None:
        raise Unmapped(date.kind.value)
    attributes = {"iso-date": date.date.isoformat(), "type": date.kind.iati_code}
    return ("activity-date", attributes, None, narrative_nodes(date.note, ctx))


def period_from_dates(dates: Iterable[KeyDate]) -> Period | None:
    """The programme period IATI dates give: actual start/end where stated, else planned."""
    found = {date.kind: date.date for date in dates}
    start = found.get(DateKind.ACTUAL_START) or found.get(DateKind.PLANNED_START)
    end = found.get(DateKind.ACTUAL_END) or found.get(DateKind.PLANNED_END)
    if start is None and end is None:
        return None
    return Period(start, end)


def read_status(element: etree._Element, ctx: ReadContext) -> Status:
    """``activity-status`` -> :class:`~itaproj.programme.Status`."""
    return Status.from_iati_code(element.get("code", ""))


def write_status(status: Status, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.Status` -> ``activity-status``."""
    return ("activity-status", {"code": status.iati_code}, None, [])


def read_country(element: etree._Element, ctx: ReadContext) -> CountryShare:
    """``recipient-country`` -> :class:`~itaproj.geo.CountryShare`."""
    return CountryShare(element.get("code", ""), read_decimal(element.get("percentage"), "percentage"))


def write_country(share: CountryShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.CountryShare` -> ``recipient-country``."""
    attributes = {"code": share.country}
    _put(attributes, "percentage", share.percentage)
    return ("recipient-country", attributes, None, [])


def read_region(element: etree._Element, ctx: ReadContext) -> RegionShare:
    """``recipient-region`` -> :class:`~itaproj.geo.RegionShare`."""
    return RegionShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage"),
        name=narratives(element, ctx),
    )


def write_region(share: RegionShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.RegionShare` -> ``recipient-region``."""
    attributes = {"code": share.code, "vocabulary": share.vocabulary}
    _put(attributes, "percentage", share.percentage)
    return ("recipient-region", attributes, None, narrative_nodes(share.name, ctx))


def read_sector(element: etree._Element, ctx: ReadContext) -> SectorShare:
    """``sector`` -> :class:`~itaproj.programme.SectorShare`."""
    return SectorShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage"),
        name=narratives(element, ctx),
    )


def write_sector(share: SectorShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.SectorShare` -> ``sector``."""
    attributes = {"code": share.code, "vocabulary": share.vocabulary}
    _put(attributes, "percentage", share.percentage)
    return ("sector", attributes, None, narrative_nodes(share.name, ctx))


def read_theme(element: etree._Element, ctx: ReadContext) -> CrossCuttingTheme:
    """``policy-marker`` -> :class:`~itaproj.themes.CrossCuttingTheme`.

    A marker without a narrative is titled with the English name of its PolicyMarker code.
    """
    code = element.get("code")
    vocabulary = element.get("vocabulary", "1")
    title = narratives(element, ctx)
    if title is None:
        name = codelist("PolicyMarker").name_of(code) if vocabulary == "1" and code else None
        title = LocalizedText({"en": name or code or "policy marker"})
    significance = element.get("significance")
    if significance is not None and not significance.isdigit():
        raise InvalidValueError("significance", significance, "be a PolicySignificance code")
    return CrossCuttingTheme(
        title,
        code=code,
        vocabulary=vocabulary,
        significance=None if significance is None else int(significance),
    )


def write_theme(theme: CrossCuttingTheme, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.CrossCuttingTheme` -> ``policy-marker``."""
    attributes = {"vocabulary": theme.vocabulary}
    _put(attributes, "code", theme.code)
    _put(attributes, "significance", theme.significance)
    return ("policy-marker", attributes, None, narrative_nodes(theme.title, ctx))


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


def read_planned(element: etree._Element, ctx: ReadContext) -> PlannedDisbursement:
    """``planned-disbursement`` -> :class:`~itaproj.finance.PlannedDisbursement`."""
    first = _first_children(element)
    amount, value_date = _money(element, ctx, first)
    return PlannedDisbursement(
        _period(element, ctx, first),
        amount,
        type=element.get("type"),
        value_date=value_date,
        provider=_flow_org(first.get("provider-org"), "provider-activity-id", ctx),
        receiver=_flow_org(first.get("receiver-org"), "receiver-activity-id", ctx),
    )


def write_planned(planned: PlannedDisbursement, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.PlannedDisbursement` -> ``planned-disbursement``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", planned.type)
    children = _period_nodes(planned.period)
    children.append(_money_node(planned.amount, planned.value_date, ctx))
    if planned.provider is not None:
        children.append(_flow_org_node(planned.provider, "provider-org", "provider-activity-id", ctx))
    if planned.receiver is not None:
        children.append(_flow_org_node(planned.receiver, "receiver-org", "receiver-activity-id", ctx))
    return ("planned-disbursement", attributes, None, children)


def read_transaction(element: etree._Element, ctx: ReadContext) -> Transaction:
    """``transaction`` -> :class:`~itaproj.finance.Transaction`."""
    first = _first_children(element)
    amount, value_date = _money(element, ctx, first)
    date_element = first.get("transaction-date")
    date = None if date_element is None else read_date(date_element, "iso-date", ctx)
    if date is None:
        raise InvalidValueError("transaction-date", None, "be given")
    return Transaction(
        _code(first.get("transaction-type")) or "",
        date,
        amount,
        value_date=value_date,
        ref=element.get("ref"),
        description=narratives(first.get("description"), ctx),
        provider=_flow_org(first.get("provider-org"), "provider-activity-id", ctx),
        receiver=_flow_org(first.get("receiver-org"), "receiver-activity-id", ctx),
    )


def write_transaction(transaction: Transaction, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.Transaction` -> ``transaction``."""
    attributes: dict[str, str] = {}
    _put(attributes, "ref", transaction.ref)
    children: list[Node] = [
        ("transaction-type", {"code": transaction.type}, None, []),
        ("transaction-date", {"iso-date": transaction.date.isoformat()}, None, []),
        _money_node(transaction.amount, transaction.value_date, ctx),
    ]
    if transaction.description is not None:
        children.append(("description", {}, None, narrative_nodes(transaction.description, ctx)))
    if transaction.provider is not None:
        children.append(_flow_org_node(transaction.provider, "provider-org", "provider-activity-id", ctx))
    if transaction.receiver is not None:
        children.append(_flow_org_node(transaction.receiver, "receiver-org", "receiver-activity-id", ctx))
    return ("transaction", attributes, None, children)


# --- documents and relations -----------------------------------------------------------------


def read_document(element: etree._Element, ctx: ReadContext) -> DocumentLink:
    """``document-link`` -> :class:`~itaproj.programme.DocumentLink` (first category and language)."""
    url = element.get("url")
    if url is None or not url.strip():
        raise InvalidValueError("document-link/@url", url, "be given")
    return DocumentLink(
        url,
        title=narratives(_child(element, "title"), ctx),
        category=_code(_child(element, "category")),
        language=_code(_child(element, "language")),
    )


def write_document(document: DocumentLink, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.DocumentLink` -> ``document-link``."""
    children: list[Node] = []
    if document.title is not None:
        children.append(("title", {}, None, narrative_nodes(document.title, ctx)))
    if document.category is not None:
        children.append(("category", {"code": document.category}, None, []))
    if document.language is not None:
        children.append(("language", {"code": document.language}, None, []))
    return ("document-link", {"url": document.url}, None, children)


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


# --- results ----------------------------------------------------------------------------------

_RESULT_KINDS = {kind.iati_code: kind for kind in ResultKind}
_MEASURES = {measure.iati_code: measure for measure in IndicatorMeasure}
_ASCENDING = {"1": True, "true": True, "0": False, "false": False}


def _observation(element: etree._Element, period: Period | None, ctx: ReadContext) -> Observation:
    raw = element.get("value")
    value: Measure | None = None
    if raw is not None:
        try:
            value = Measure(raw)
            if plain_length(value.value) > MAX_DECIMAL_TEXT:
                raise InvalidValueError("value", raw, f"be a decimal of at most {MAX_DECIMAL_TEXT} digits")
        except (InvalidValueError, ArithmeticError) as error:  # ArithmeticError: a huge exponent
            reason = error if isinstance(error, InvalidValueError) else f"{raw!r} is out of the model's range"
            ctx.report("iati.unmapped", Severity.WARNING, f"@value kept verbatim only: {reason}", element)
            value = None
    return Observation(value, period, narratives(_child(element, "comment"), ctx))


def _observation_node(
    tag: str, observation: Observation, attributes: dict[str, str], ctx: WriteContext
) -> Node:
    if isinstance(observation.value, Money):
        raise Unmapped("money observation")
    if observation.value is not None:
        if observation.value.qualifier.symbol:
            raise Unmapped("bounded observation")
        attributes["value"] = decimal_text(observation.value.value)
    children: list[Node] = []
    if observation.note is not None:
        children.append(("comment", {}, None, narrative_nodes(observation.note, ctx)))
    return (tag, attributes, None, children)


def _read_indicator(element: etree._Element, ctx: ReadContext) -> Indicator:
    title = narratives(_child(element, "title"), ctx)
    if title is None:
        raise InvalidValueError("indicator/title", None, "have a narrative")
    baseline: Observation | None = None
    base = _child(element, "baseline")
    if base is not None:
        date = read_date(base, "iso-date", ctx)
        year = base.get("year")
        if date is None and year is not None and year.isdigit():
            date = PartialDate(int(year))
        baseline = _observation(base, None if date is None else Period(date), ctx)
    targets: list[Observation] = []
    actuals: list[Observation] = []
    for period_element in _children(element, "period"):
        period = _period(period_element, ctx)
        targets.extend(_observation(t, period, ctx) for t in _children(period_element, "target"))
        actuals.extend(_observation(a, period, ctx) for a in _children(period_element, "actual"))
    return Indicator(
        title,
        measure=_MEASURES.get(element.get("measure", "1"), IndicatorMeasure.UNIT),
        ascending=_ASCENDING.get(element.get("ascending", "1"), True),
        baseline=baseline,
        targets=tuple(targets),
        actuals=tuple(actuals),
        description=narratives(_child(element, "description"), ctx),
    )


def _indicator_node(indicator: Indicator, ctx: WriteContext) -> Node:
    attributes = {"measure": indicator.measure.iati_code}
    if not indicator.ascending:
        attributes["ascending"] = "0"
    children: list[Node] = [("title", {}, None, narrative_nodes(indicator.title, ctx))]
    if indicator.description is not None:
        children.append(("description", {}, None, narrative_nodes(indicator.description, ctx)))
    if indicator.baseline is not None:
        base_attributes: dict[str, str] = {}
        start = None if indicator.baseline.period is None else indicator.baseline.period.start
        if start is not None:
            base_attributes["year"] = f"{start.year:04d}"
            if start.day is not None:
                base_attributes["iso-date"] = start.isoformat()
        children.append(_observation_node("baseline", indicator.baseline, base_attributes, ctx))
    periods: dict[Period | None, tuple[list[Observation], list[Observation]]] = {}
    for observation in indicator.targets:
        periods.setdefault(observation.period, ([], []))[0].append(observation)
    for observation in indicator.actuals:
        periods.setdefault(observation.period, ([], []))[1].append(observation)
    for period, (targets, actuals) in periods.items():
        period_children = _period_nodes(period)
        period_children.extend(_observation_node("target", t, {}, ctx) for t in targets)
        period_children.extend(_observation_node("actual", a, {}, ctx) for a in actuals)
        children.append(("period", {}, None, period_children))
    return ("indicator", attributes, None, children)


def read_result(element: etree._Element, ctx: ReadContext) -> Result:
    """``result`` -> :class:`~itaproj.results.Result` with indicators, baselines, targets, actuals."""
    title = narratives(_child(element, "title"), ctx)
    if title is None:
        raise InvalidValueError("result/title", None, "have a narrative")
    kind = element.get("type")
    return Result(
        title,
        kind=None if kind is None else _RESULT_KINDS.get(kind),
        description=narratives(_child(element, "description"), ctx),
        indicators=tuple(_read_indicator(i, ctx) for i in _children(element, "indicator")),
    )


def write_result(result: Result, ctx: WriteContext) -> Node:
    """:class:`~itaproj.results.Result` -> ``result``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", None if result.kind is None else result.kind.iati_code)
    children: list[Node] = [("title", {}, None, narrative_nodes(result.title, ctx))]
    if result.description is not None:
        children.append(("description", {}, None, narrative_nodes(result.description, ctx)))
    children.extend(_indicator_node(indicator, ctx) for indicator in result.indicators)
    return ("result", attributes, None, children)


# --- title, identifier and descriptions ------------------------------------------------------


def read_identifier(element: etree._Element, ctx: ReadContext) -> str:
    """``iati-identifier`` -> its text."""
    text = element.text
    if text is None or not text.strip():
        raise InvalidValueError("iati-identifier", text, "be a non-empty identifier")
    return text


def write_identifier(identifier: str, ctx: WriteContext) -> Node:
    """An identifier -> ``iati-identifier``."""
    return ("iati-identifier", {}, identifier, [])


def read_title(element: etree._Element, ctx: ReadContext) -> LocalizedText:
    """``title`` -> its narratives."""
    title = narratives(element, ctx)
    if title is None:
        raise InvalidValueError("title", None, "have a narrative with text")
    return title


def write_title(title: LocalizedText, ctx: WriteContext) -> Node:
    """A title -> ``title``."""
    return ("title", {}, None, narrative_nodes(title, ctx))


#: A description read: (is it the general description, its text).
DescriptionValue = tuple[bool, LocalizedText]


def read_description(element: etree._Element, ctx: ReadContext) -> DescriptionValue:
    """``description`` of type 1 (general, or no type) or 2 (objectives); other types stay verbatim."""
    kind = element.get("type", "1")
    if kind not in ("1", "2"):
        raise Unmapped(kind)
    text = narratives(element, ctx)
    if text is None:
        raise Unmapped("empty description")
    return kind == "1", text


def write_description(value: DescriptionValue, ctx: WriteContext) -> Node:
    """A general description (no type) or an objectives text (type 2) -> ``description``."""
    general, text = value
    return ("description", {} if general else {"type": "2"}, None, narrative_nodes(text, ctx))


# --- the table --------------------------------------------------------------------------------


@attrs.frozen
class Entry:
    """How one activity child element maps to a Programme field.

    Args:
        tag: The element name.
        read: Element -> value (raises InvalidValueError or :class:`Unmapped`).
        write: Value -> :data:`Node`.
        field: The Programme field holding the values (a tuple), or the single value.
        single: The field holds one value, not a tuple.
    """

    tag: str
    read: Callable[[Any, ReadContext], Any]
    write: Callable[[Any, WriteContext], Node]
    field: str
    single: bool = False

    def values(self, programme: Programme) -> Sequence[Any]:
        """The values of this entry in ``programme``, in writing order."""
        if self.tag == "description":
            general = [] if programme.description is None else [(True, programme.description)]
            return general + [(False, text) for text in programme.objectives]
        if self.tag == "budget":
            return () if programme.budget is None else programme.budget.lines
        if self.tag == "iati-identifier":
            return (programme.iati_identifier or programme.key,)
        value = getattr(programme, self.field)
        if self.single:
            return () if value is None else (value,)
        return tuple(value)


TABLE: dict[str, Entry] = {
    entry.tag: entry
    for entry in (
        Entry("iati-identifier", read_identifier, write_identifier, "iati_identifier", single=True),
        Entry("title", read_title, write_title, "title", single=True),
        Entry("description", read_description, write_description, "description"),
        Entry("participating-org", read_participant, write_participant, "participants"),
        Entry("activity-status", read_status, write_status, "status", single=True),
        Entry("activity-date", read_key_date, write_key_date, "dates"),
        Entry("recipient-country", read_country, write_country, "recipient_countries"),
        Entry("recipient-region", read_region, write_region, "recipient_regions"),
        Entry("sector", read_sector, write_sector, "sectors"),
        Entry("policy-marker", read_theme, write_theme, "themes"),
        Entry("budget", read_budget_line, write_budget_line, "budget"),
        Entry("planned-disbursement", read_planned, write_planned, "planned_disbursements"),
        Entry("transaction", read_transaction, write_transaction, "transactions"),
        Entry("document-link", read_document, write_document, "documents"),
        Entry("related-activity", read_relation, write_relation, "relations"),
        Entry("result", read_result, write_result, "results"),
    )
}


def programme_fields(values: dict[str, list[Any]]) -> dict[str, Any]:
    """Programme keyword arguments from the values read per element name."""
    fields: dict[str, Any] = {}
    for tag, found in values.items():
        entry = TABLE[tag]
        if tag == "description":
            fields["description"] = next((text for general, text in found if general), None)
            fields["objectives"] = tuple(text for general, text in found if not general)
        elif tag == "budget":
            fields["budget"] = Budget(lines=tuple(found)) if found else None
        elif tag in ("iati-identifier", "title"):
            continue
        elif entry.single:
            fields[entry.field] = found[0] if found else None
        else:
            fields[entry.field] = tuple(found)
    return fields
