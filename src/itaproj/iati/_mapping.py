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
from typing import TYPE_CHECKING, Any, cast

import attrs

from itaproj.budget import Budget, BudgetItem, BudgetKind, BudgetLine, BudgetStatus, CountryBudgetItems
from itaproj.codelists import code_bindings, codelist
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    AidType,
    CrsAdditions,
    FinanceClassification,
    FlowOrganisation,
    Forecast,
    ForwardSpending,
    LoanStatus,
    LoanTerms,
    OtherFlag,
    PlannedDisbursement,
    Transaction,
)
from itaproj.findings import Finding, Severity
from itaproj.geo import WGS84, AdministrativeArea, CountryShare, PlaceId, Point, RegionShare, Site
from itaproj.money import Money, is_currency
from itaproj.org import Contact, Organisation, Participant, Role
from itaproj.period import PartialDate, Period, to_datetime
from itaproj.programme import (
    Condition,
    Conditions,
    DateKind,
    Description,
    DescriptionKind,
    DocumentLink,
    KeyDate,
    LegacyData,
    OtherIdentifier,
    Programme,
    Publication,
    Relation,
    RelationKind,
    SectorShare,
    Status,
)
from itaproj.quantity import Measure, Qualifier, to_decimal
from itaproj.results import (
    Dimension,
    Indicator,
    IndicatorMeasure,
    IndicatorReference,
    Observation,
    Result,
    ResultKind,
    ResultReference,
)
from itaproj.text import LocalizedText, is_language_tag
from itaproj.themes import CrossCuttingTheme, HumanitarianScope, Tag

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
    """Raised by a reader for an element the model has no place for (kept verbatim, no finding).

    Raised by a writer for a model value IATI cannot carry: the element is not written, and
    :func:`itaproj.iati.write_with_findings` reports it as a warning ``iati.write.<rule>`` at
    the value's ``$``-path followed by ``path`` (``".amount"``).

    Args:
        reason: What cannot be carried, in plain English.
        rule: The last part of the writer's finding rule (``"bounded-amount"``).
        path: The ``$``-path suffix, below the element's value, of what cannot be carried.
    """

    def __init__(self, reason: str = "", *, rule: str = "unmapped", path: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.rule = rule
        self.path = path


def element_path(
    element: etree._Element,
    activity_path: str,
    activity: etree._Element | None = None,
    positions: dict[Any, dict[Any, int]] | None = None,
) -> str:
    """``activity_path`` plus the XPath of ``element`` below its activity, with its line number.

    The steps end at ``activity`` when given (so an ``iati-activity`` nested inside it gets its
    own step), else at the nearest ``iati-activity``. ``positions``: each parent's children
    numbered by name, filled as needed, for a caller that locates many elements of a tree no
    longer changed (counting the siblings before each of thousands would take quadratic time).
    """
    steps: list[str] = []
    node: etree._Element | None = element
    while node is not None and (
        node is not activity if activity is not None else node.tag != "iati-activity"
    ):
        parent = node.getparent()
        if parent is None:
            break
        if positions is None:
            number = 1 + sum(1 for _ in node.itersiblings(node.tag, preceding=True))
        else:
            numbers = positions.get(parent)
            if numbers is None:
                numbers = positions[parent] = _numbered(parent)
            number = numbers[node]
        steps.append(f"{node.tag}[{number}]")
        node = parent
    path = "/".join([activity_path, *reversed(steps)])
    return f"{path} (line {element.sourceline})"


def _numbered(parent: etree._Element) -> dict[Any, int]:
    """Each child of ``parent`` -> its number among the children of its name (from 1)."""
    counts: dict[Any, int] = {}
    numbers: dict[Any, int] = {}
    for child in parent:
        numbers[child] = counts[child.tag] = counts.get(child.tag, 0) + 1
    return numbers


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
    #: Set once the activity's tree no longer changes (after the 1.0x upgrade): see element_path.
    positions: dict[Any, dict[Any, int]] | None = None

    def report(self, rule: str, severity: Severity, message: str, element: etree._Element) -> None:
        """Add a finding located at ``element`` (a message quoting a huge value is shortened)."""
        message = short_message(message)
        path = element_path(element, self.activity_path, self.activity, self.positions)
        self.findings.append(Finding(rule, severity, message, path))


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
    ref: str | None,
    name: LocalizedText | None,
    type: str | None,
    activity_id: str | None,
    extras: tuple[Extra, ...],
) -> FlowOrganisation:
    return FlowOrganisation(ref=ref, name=name, type=type, activity_id=activity_id, extras=extras)


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


def _inherited_language(element: etree._Element, ctx: ReadContext) -> str:
    """The language of narratives inside ``element`` that state none: the nearest ``xml:lang`` above."""
    node: etree._Element | None = element
    while node is not None and node is not ctx.activity and node.tag != "iati-activity":
        given = node.get(XML_LANG)
        if given is not None:
            lang = language_case(given)
            return lang if _is_tag(lang) else ctx.lang
        node = node.getparent()
    return ctx.lang


def narratives(element: etree._Element | None, ctx: ReadContext) -> LocalizedText | None:
    """The ``narrative`` children as one text; ``None`` when there is none with content."""
    if element is None:
        return None
    texts: dict[str, str] = {}
    default = _inherited_language(element, ctx)
    for child in element.iterchildren("narrative"):
        given = child.get(XML_LANG)
        if given is None:
            lang = default
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
                    f"xml:lang {lang!r} is not a language tag; {element.tag} kept verbatim",
                    child,
                )
                raise Unmapped(f"a narrative of {element.tag} in {given!r}, which is no language tag")
        text = child.text
        if text is None or not text.strip():
            continue
        if lang in texts:  # one text per language: a second, other one keeps the element whole
            if texts[lang] != text:
                raise Unmapped(f"two narratives of {element.tag} in {lang!r}")
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
        raise Unmapped(
            f"{qualified(amount)} is not an exact amount (IATI values are exact)",
            rule="bounded-amount",
            path=".amount",
        )
    return ("value", attributes, decimal_text(amount.amount), [])


def qualified(value: Money | Measure) -> str:
    """A bounded or approximate figure in words: ``"more than KZT 7800000000"``."""
    words = value.qualifier.value.replace("_", " ")
    if isinstance(value, Money):
        return f"{words} {value.currency} {value.amount:f}"
    return f"{words} {value.value:f}"


def day_text(date: PartialDate, path: str) -> str:
    """``date`` as ``YYYY-MM-DD``.

    Raises:
        Unmapped: ``date`` is a year or a month (rule ``partial-date``, at ``path``).
    """
    if date.day is None:
        raise Unmapped(
            f"{date} is a {date.precision.name.lower()}, not a day (IATI dates are days)",
            rule="partial-date",
            path=path,
        )
    return date.isoformat()


def is_full_period(period: Period | None) -> bool:
    """False when a date ``period`` states is a year or a month (IATI periods are days)."""
    return period is None or all(date is None or date.day is not None for date in (period.start, period.end))


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
    """``period-start`` and ``period-end`` of the dates ``period`` states.

    Raises:
        Unmapped: a date of ``period`` is a year or a month (IATI periods are days).
    """
    nodes: list[Node] = []
    if period is not None and period.start is not None:
        nodes.append(("period-start", {"iso-date": day_text(period.start, ".period.start")}, None, []))
    if period is not None and period.end is not None:
        nodes.append(("period-end", {"iso-date": day_text(period.end, ".period.end")}, None, []))
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
    return Participant(
        organisation,
        role,
        activity_id=element.get("activity-id"),
        crs_channel_code=element.get("crs-channel-code"),
    )


def write_participant(participant: Participant, ctx: WriteContext) -> Node:
    """:class:`~itaproj.org.Participant` -> ``participating-org``."""
    organisation = participant.organisation
    if participant.role.iati_code is None:
        raise Unmapped(
            f"the role {participant.role.value!r} is not an IATI organisation role "
            "(funding, accountable, extending, implementing)",
            rule="role",
            path=".role",
        )
    attributes: dict[str, str] = {}
    _put(attributes, "ref", organisation.ref)
    _put(attributes, "role", participant.role.iati_code)
    _put(attributes, "type", organisation.type)
    _put(attributes, "activity-id", participant.activity_id)
    _put(attributes, "crs-channel-code", participant.crs_channel_code)
    return ("participating-org", attributes, None, narrative_nodes(organisation.name, ctx))


def _flow_org(element: etree._Element | None, id_attribute: str, ctx: ReadContext) -> FlowOrganisation | None:
    """``provider-org`` or ``receiver-org`` -> :class:`~itaproj.finance.FlowOrganisation`.

    ``None`` when the element states nothing (a blank ``@ref`` states nothing).
    """
    if element is None:
        return None
    # The same organisations recur in thousands of transactions: one read per distinct element
    # (as written, in its language), unless reading it made findings, which each place gets.
    key = (_serialised(element), _inherited_language(element, ctx))
    known = _FLOW_ORGS.get(key, _UNKNOWN)
    if known is not _UNKNOWN:
        return cast("FlowOrganisation | None", known)
    before = len(ctx.findings)
    extras: list[Extra] = []
    found = _rest(element, _FLOW_ORG[id_attribute], _NARRATIVES, "", extras)
    name = _narrated(element, found, ctx)
    ref, kind, activity = _given(element, "ref"), _given(element, "type"), _given(element, id_attribute)
    organisation = None
    if ref is not None or name is not None or kind is not None or activity is not None or extras:
        organisation = _flow_organisation(ref, name, kind, activity, tuple(extras))
    if len(ctx.findings) == before:
        if len(_FLOW_ORGS) >= 4096:
            _FLOW_ORGS.clear()
        _FLOW_ORGS[key] = organisation
    return organisation


_UNKNOWN = object()
_FLOW_ORGS: dict[tuple[bytes, str], FlowOrganisation | None] = {}


def _serialised(element: etree._Element) -> bytes:
    from itaproj.iati._parse import etree as lxml_etree

    return lxml_etree.tostring(element, with_tail=False)


@lru_cache(maxsize=4096)
def _flow_org_node(org: FlowOrganisation, tag: str, id_attribute: str, ctx: WriteContext) -> Node:
    # Cached: nodes are never changed once built, and the same organisation recurs.
    attributes: dict[str, str] = {}
    _put(attributes, "ref", org.ref)
    _put(attributes, "type", org.type)
    _put(attributes, id_attribute, org.activity_id)
    node: Node = (tag, attributes, None, narrative_nodes(org.name, _scoped_write(ctx, org.extras)))
    return _placed(node, org.extras)


# --- content kept with a transaction, planned disbursement, document link or share ----------
#
# Inside these elements, what the model does not type (attributes and elements of other
# namespaces, the schema's ``##other``; an element the schema allows once, given twice, such as
# a second ``transaction-date``) is kept in the ``extras`` of the object that holds it, at a
# path relative to its element, as for results: ``@{uri}name`` for an attribute,
# ``{uri}name[1]`` for an element, ``value[1]/@{uri}name`` below an IATI child without a class
# of its own. The writer puts each back with :func:`_placed` (an element after the IATI
# children, where the schema has ``##other``). An ``xml:lang`` on such an element (or on a
# child) is no content of its own: it is the language of the narratives below it, which the
# model holds with each text, and the writer states where it differs from the activity's. What
# neither the model nor a :data:`Node` can hold (text where the schema has none, a narrative
# with more than a text, two narratives in one language) makes the reader raise
# :class:`Unmapped`: the whole element is then kept verbatim with its programme.

_NARRATIVES = {"narrative": True}
_FLOW_ORG = {
    name: frozenset({"ref", "type", name}) for name in ("provider-activity-id", "receiver-activity-id")
}
_SHARE = {  # (element, with a percentage) -> its attributes
    ("recipient-country", False): frozenset({"code"}),
    ("recipient-region", False): frozenset({"code", "vocabulary", "vocabulary-uri"}),
    ("sector", False): frozenset({"code", "vocabulary", "vocabulary-uri"}),
}
_SHARE.update({(tag, True): known | {"percentage"} for (tag, _), known in list(_SHARE.items())})
_CODE = frozenset({"code"})
_ISO_DATE_ONLY = frozenset({"iso-date"})
_VALUE = frozenset({"currency", "value-date"})
_TYPE = frozenset({"type"})
_TRANSACTION_ATTRIBUTES = frozenset({"ref", "humanitarian"})
_DOCUMENT_ATTRIBUTES = frozenset({"url", "format"})
_AID_TYPE = frozenset({"code", "vocabulary"})


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def _given(element: etree._Element, attribute: str) -> str | None:
    """``element/@attribute``, ``None`` when absent or blank (a blank value states nothing)."""
    value = element.get(attribute)
    return None if value is None or not value.strip() else value


def _kept_text(element: etree._Element) -> str:
    """An element kept verbatim, as canonical XML that reads back the same after a round trip.

    Comments and the white space between elements are left out (they are layout, not
    content, and a :data:`Node` has no place for them). A namespace the activity (or the file)
    declares keeps its prefix there, which the writer uses again; one declared below the
    activity is written under a prefix lxml makes up, so it is named here by its place among
    the element's own namespaces (``ns0``, ``ns1``...), whatever the source called it.

    Raises:
        Unmapped: text follows one of its elements (mixed content, which a Node cannot hold).
    """
    from lxml import etree as lxml_etree

    for node in element.iterdescendants():
        if not _blank(node.tail):
            raise Unmapped(f"text after an element or comment inside {element.tag}")
    tree = _as_node(element)
    activity = next(element.iterancestors("iati-activity"), None)
    declared = [] if activity is None else [(p, uri) for p, uri in activity.nsmap.items() if p]
    scope = {uri: prefix for prefix, uri in sorted(declared, reverse=True)}  # the first prefix of each
    used: dict[str, str] = {}
    _namespaces(tree, scope, used)
    rebuilt = lxml_etree.Element(tree[0], nsmap=cast("Any", {prefix: uri for uri, prefix in used.items()}))
    _fill(rebuilt, tree)
    return lxml_etree.tostring(rebuilt, method="c14n", exclusive=True).decode()


def _namespaces(node: Node, scope: dict[str, str], used: dict[str, str]) -> None:
    """The namespaces ``node`` uses, each with the prefix it gets in a kept element's text."""
    tag, attributes, _text, children = node
    for name in (tag, *attributes):
        if name[:1] == "{":
            uri = name[1 : name.index("}")]
            if uri not in used and uri != "http://www.w3.org/XML/1998/namespace":
                prefix = scope.get(uri)
                if prefix is None:
                    taken = {*scope.values(), *used.values()}
                    prefix = next(f"ns{n}" for n in range(len(taken) + 1) if f"ns{n}" not in taken)
                used[uri] = prefix
    for child in children:
        _namespaces(child, scope, used)


def _fill(element: etree._Element, node: Node) -> None:
    from lxml import etree as lxml_etree

    _tag, attributes, text, children = node
    for name, value in attributes.items():
        element.set(name, value)
    element.text = None if children and _blank(text) else text
    for child in children:
        _fill(lxml_etree.SubElement(element, child[0]), child)


def _rest(
    element: etree._Element,
    known: frozenset[str],
    typed: dict[str, bool],
    path: str,
    extras: list[Extra],
    *,
    text: bool = False,
) -> dict[str, list[etree._Element]]:
    """The children of ``element`` the model types, by tag; the rest kept in ``extras`` at ``path``.

    Args:
        element: The element read.
        known: The attributes the model types; the others become extras ``path@name``
            (but ``xml:lang``, which :func:`_narrated` reads into the narratives below).
        typed: The child elements the model types: ``True`` for any number of them,
            ``False`` for the first only (a second one becomes an extra ``path tag[2]``).
        path: The extras' path prefix (``""`` for the object's own element, ``"value[1]/"``).
        extras: Where the rest goes.
        text: Whether the element's text is typed (``value``).

    Raises:
        Unmapped: text where the schema has none (in the element, or between its children).
    """
    names = element.keys()
    if not len(element) and (text or not _has_text(element.text)) and known.issuperset(names):
        return {}  # the common case of a leaf (``value``) that holds only what the model types
    if not known.issuperset(names):  # (a test in C: most elements hold only these)
        attributes: Any = element.attrib  # text names and values: the parser decodes them
        for name, value in attributes.items():
            if name not in known and name != XML_LANG:  # xml:lang: read into the narratives below
                extras.append(Extra(f"{path}@{name}", value, "xml"))
    own = element.text
    if not text and own and not own.isspace():
        raise Unmapped(f"text in {element.tag}")
    found: dict[str, list[etree._Element]] = {}
    counts: dict[str, int] = {}
    for child in element:
        tail = child.tail
        if tail and not tail.isspace():
            raise Unmapped(f"text between the elements of {element.tag}")
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: layout, not content
        number = counts[tag] = counts.get(tag, 0) + 1
        many = typed.get(tag)
        if many is None or (not many and number > 1):
            extras.append(Extra(f"{path}{tag}[{number}]", _kept_text(child), "xml"))
        else:
            found.setdefault(tag, []).append(child)
    return found


def _leaf(element: etree._Element, known: frozenset[str], path: str, extras: list[Extra]) -> None:
    """Keep what the model does not type of an IATI child that holds attributes only."""
    own = element.text
    if len(element) or (own and not own.isspace()) or not known.issuperset(element.keys()):
        _rest(element, known, {}, path, extras)


def _scoped(ctx: ReadContext, element: etree._Element) -> ReadContext:
    """``ctx`` with the language ``element/@xml:lang`` states for the narratives inside it."""
    given = element.get(XML_LANG)
    if given is None:
        return ctx
    lang = language_case(given)
    return attrs.evolve(ctx, lang=lang) if _is_tag(lang) and lang != ctx.lang else ctx


def _scoped_write(ctx: WriteContext, extras: tuple[Extra, ...], path: str = "") -> WriteContext:
    """``ctx`` with the language an ``xml:lang`` extra at ``path`` states (one a caller gave).

    The reader keeps none (:func:`_rest`), but an extra ``"@{...}lang"`` that a caller adds is
    written, and then the narratives below it must say where their language differs.
    """
    if not extras:
        return ctx
    wanted = f"{path}@{XML_LANG}"
    for extra in extras:
        if extra.path == wanted and extra.format == "xml":
            lang = language_case(extra.value)
            return attrs.evolve(ctx, lang=lang) if _is_tag(lang) and lang != ctx.lang else ctx
    return ctx


def _narrated(
    element: etree._Element, found: dict[str, list[etree._Element]], ctx: ReadContext
) -> LocalizedText | None:
    """The text of the ``narrative`` children found in ``element`` (its ``xml:lang`` applies).

    Raises:
        Unmapped: a narrative holds more than a text (an attribute, an element), or two hold
            texts in one language: :class:`~itaproj.text.LocalizedText` has no place for it.
    """
    items = found.get("narrative", ())
    if not items:
        return None
    plain: dict[str, str] = {}
    lang = None
    for item in items:  # most narratives state no language and hold a text only: read them in one pass
        if len(item) or item.keys():
            break
        text = item.text
        if text is None or not text.strip():
            continue
        if lang is None:
            lang = _inherited_language(element, ctx)
        if lang in plain:
            if plain[lang] != text:
                raise Unmapped(f"two narratives of {element.tag} in {lang!r}")
            continue
        plain[lang] = text
    else:
        return _localized(tuple(plain.items())) if plain else None
    ctx = _scoped(ctx, element)
    for item in items:
        if len(item) or any(name != XML_LANG for name in item.attrib):
            raise Unmapped(f"a narrative of {element.tag} holds more than a text")
    return narratives(element, ctx)  # (which refuses two texts in one language, or no language)


def _text_part(
    element: etree._Element | None, path: str, extras: list[Extra], ctx: ReadContext
) -> LocalizedText | None:
    """A child that holds narratives only (``description``, ``title``), at ``path`` (``"title[1]/"``).

    One without text is kept whole (:func:`_keep_whole`) when it holds anything else.
    """
    if element is None:
        return None
    own: list[Extra] = []
    text = _narrated(element, _rest(element, frozenset(), _NARRATIVES, path, own), ctx)
    if text is None and (own or _repeated(element)):
        _keep_whole(element, extras)
    else:
        extras.extend(own)
    return text


def _repeated(element: etree._Element) -> bool:
    """Whether another element of the same name follows ``element``."""
    return next(element.itersiblings(element.tag), None) is not None


def _keep_whole(element: etree._Element, extras: list[Extra]) -> None:
    """Keep ``element``, the first of its name, as an extra: its value states nothing.

    Kept when it holds content the model cannot place, or when another of its name follows
    (kept already, by :func:`_rest`): the writer puts it back first, so that read again, the
    same element is the first. It goes before the others of its name for that.
    """
    prefix = f"{element.tag}["
    kept = (
        index for index, extra in enumerate(extras) if extra.path.startswith(prefix) and "/" not in extra.path
    )
    position = next(kept, len(extras))
    extras.insert(position, Extra(f"{element.tag}[1]", _kept_text(element), "xml"))


def _flow_part(
    element: etree._Element | None, id_attribute: str, ctx: ReadContext, extras: list[Extra]
) -> FlowOrganisation | None:
    """:func:`_flow_org` of the first ``provider-org`` or ``receiver-org``, kept whole if it states nothing."""
    organisation = _flow_org(element, id_attribute, ctx)
    if organisation is None and element is not None and _repeated(element):
        _keep_whole(element, extras)
    return organisation


def _narrated_node(
    tag: str, text: LocalizedText, extras: tuple[Extra, ...], path: str, ctx: WriteContext
) -> Node:
    """``tag`` with the narratives of ``text``, in the language an ``xml:lang`` kept at ``path`` states."""
    return (tag, {}, None, narrative_nodes(text, _scoped_write(ctx, extras, path)))


def _placed(node: Node, extras: tuple[Extra, ...]) -> Node:
    """``node`` with the XML ``extras`` put back where their paths say (the inverse of :func:`_rest`).

    Nodes are copied where they change, never changed: the organisation nodes are shared
    (:func:`_flow_org_node` caches them). An extra below an IATI child the model no longer
    holds has nowhere to go and is left out.

    Raises:
        InvalidValueError: an extra's path names no place in an element, or its value is not
            the element its path names, as one well-formed XML element.
    """
    for extra in extras:
        if extra.format == "xml":
            node = _place(node, extra, 0)
    return node


def _place(node: Node, extra: Extra, position: int) -> Node:
    tag, attributes, text, children = node
    path = extra.path
    attribute = _ATTRIBUTE.fullmatch(path, position)
    if attribute is not None:
        return (tag, {**attributes, attribute.group(1): extra.value}, text, children)
    step = _STEP.match(path, position)
    if step is None or (step.end() < len(path) and path[step.end()] != "/"):
        raise InvalidValueError("extras", path, "name an attribute or an element of the element")
    name, number = step.group(1), int(step.group(2))
    if step.end() == len(path):
        return (tag, attributes, text, [*children, _kept_node(extra.value, name)])
    seen = 0
    for index, child in enumerate(children):
        if child[0] == name:
            seen += 1
            if seen == number:
                changed = list(children)
                changed[index] = _place(child, extra, step.end() + 1)
                return (tag, attributes, text, changed)
    return node


def _kept_node(text: str, tag: str) -> Node:
    """An element kept verbatim (by :func:`_kept_text`) as a :data:`Node`."""
    from lxml import etree as lxml_etree

    from itaproj.iati._parse import parse_fragment

    try:
        element = parse_fragment(text)
    except (lxml_etree.XMLSyntaxError, ValueError):
        element = None
    if element is None or element.tag != tag:
        raise InvalidValueError("extras", text, f"be one well-formed XML element {tag}")
    return _as_node(element)


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
        raise Unmapped(
            f"a date of kind {date.kind.value!r} has no IATI activity-date type "
            "(IATI has planned and actual start and end)",
            rule="date-kind",
            path=".kind",
        )
    attributes = {"iso-date": day_text(date.date, ".date"), "type": date.kind.iati_code}
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


def _country(element: etree._Element, ctx: ReadContext, shares: bool) -> CountryShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE["recipient-country", shares], _NARRATIVES, "", extras)
    return CountryShare(
        element.get("code", ""),
        read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        extras=tuple(extras),
    )


def _country_node(share: CountryShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.country}
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("recipient-country", attributes, None, name), share.extras)


def read_country(element: etree._Element, ctx: ReadContext) -> CountryShare:
    """``recipient-country`` -> :class:`~itaproj.geo.CountryShare`."""
    return _country(element, ctx, shares=True)


def write_country(share: CountryShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.CountryShare` -> ``recipient-country``."""
    return _country_node(share, ctx)


def _region(element: etree._Element, ctx: ReadContext, shares: bool) -> RegionShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE[element.tag, shares], _NARRATIVES, "", extras)
    return RegionShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        vocabulary_uri=_given(element, "vocabulary-uri"),
        extras=tuple(extras),
    )


def _region_node(share: RegionShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.code}
    if share.vocabulary != "1":  # IATI's default, left implicit
        attributes["vocabulary"] = share.vocabulary
    _put(attributes, "vocabulary-uri", share.vocabulary_uri)
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("recipient-region", attributes, None, name), share.extras)


def read_region(element: etree._Element, ctx: ReadContext) -> RegionShare:
    """``recipient-region`` -> :class:`~itaproj.geo.RegionShare`."""
    return _region(element, ctx, shares=True)


def write_region(share: RegionShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.RegionShare` -> ``recipient-region`` (vocabulary 1 left implicit)."""
    return _region_node(share, ctx)


def _sector(element: etree._Element, ctx: ReadContext, shares: bool) -> SectorShare:
    extras: list[Extra] = []
    found = _rest(element, _SHARE[element.tag, shares], _NARRATIVES, "", extras)
    return SectorShare(
        element.get("code", ""),
        vocabulary=element.get("vocabulary", "1"),
        percentage=read_decimal(element.get("percentage"), "percentage") if shares else None,
        name=_narrated(element, found, ctx),
        vocabulary_uri=_given(element, "vocabulary-uri"),
        extras=tuple(extras),
    )


def _sector_node(share: SectorShare, ctx: WriteContext) -> Node:
    attributes = {"code": share.code, "vocabulary": share.vocabulary}
    _put(attributes, "vocabulary-uri", share.vocabulary_uri)
    _put(attributes, "percentage", share.percentage)
    name = narrative_nodes(share.name, _scoped_write(ctx, share.extras))
    return _placed(("sector", attributes, None, name), share.extras)


def read_sector(element: etree._Element, ctx: ReadContext) -> SectorShare:
    """``sector`` -> :class:`~itaproj.sectors.SectorShare`."""
    return _sector(element, ctx, shares=True)


def write_sector(share: SectorShare, ctx: WriteContext) -> Node:
    """:class:`~itaproj.sectors.SectorShare` -> ``sector``."""
    return _sector_node(share, ctx)


def read_theme(element: etree._Element, ctx: ReadContext) -> CrossCuttingTheme:
    """``policy-marker`` -> :class:`~itaproj.themes.CrossCuttingTheme`.

    A marker without a narrative is titled with the English name of its PolicyMarker code.
    """
    code = element.get("code")
    vocabulary = element.get("vocabulary", "1")
    title = narratives(element, ctx)
    if title is None:
        title = _marker_name(vocabulary, code)
    significance = element.get("significance")
    if significance is not None and not significance.strip():
        significance = None  # an empty attribute states nothing
    if significance is not None and not significance.isdigit():
        raise InvalidValueError("significance", significance, "be a PolicySignificance code")
    return CrossCuttingTheme(
        title,
        code=code,
        vocabulary=vocabulary,
        significance=None if significance is None else int(significance),
        vocabulary_uri=element.get("vocabulary-uri"),
    )


def _marker_name(vocabulary: str, code: str | None) -> LocalizedText:
    """The title of a marker that states none: the English name of its PolicyMarker code."""
    name = codelist("PolicyMarker").name_of(code) if vocabulary == "1" and code else None
    return LocalizedText({"en": name or code or "policy marker"})


def write_theme(theme: CrossCuttingTheme, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.CrossCuttingTheme` -> ``policy-marker``.

    A title that is only the code's own name (what a marker without a narrative is read as)
    is not written as a narrative: it states nothing the code does not.
    """
    attributes = {"vocabulary": theme.vocabulary}
    _put(attributes, "vocabulary-uri", theme.vocabulary_uri)
    _put(attributes, "code", theme.code)
    _put(attributes, "significance", theme.significance)
    named = theme.title == _marker_name(theme.vocabulary, theme.code)
    return ("policy-marker", attributes, None, [] if named else narrative_nodes(theme.title, ctx))


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


# --- results ----------------------------------------------------------------------------------

_RESULT_KINDS = {kind.iati_code: kind for kind in ResultKind}
_MEASURES = {measure.iati_code: measure for measure in IndicatorMeasure}
_BOOLEANS = {"1": True, "true": True, "0": False, "false": False}


def _boolean(element: etree._Element, attribute: str) -> bool | None:
    """An ``xsd:boolean`` attribute (``1``, ``0``, ``true``, ``false``), ``None`` when absent."""
    text = element.get(attribute)
    if text is None:
        return None
    value = _BOOLEANS.get(text.strip())
    if value is None:
        raise InvalidValueError(f"{element.tag}/@{attribute}", text, "be a boolean: 1, 0, true or false")
    return value


def _boolean_text(value: bool) -> str:
    return "1" if value else "0"


# Content in other namespaces (the schema's ``##other``) inside a result is kept in the
# ``extras`` of the object that holds it (the result, an indicator, an observation), at a path
# relative to that object's element: ``@{uri}name`` for an attribute, ``{uri}name[1]`` for an
# element, below an IATI child the object writes as ``reference[2]/@{uri}name`` or
# ``period[1]/period-start[1]/{uri}name[1]``. The writer puts each back where its path says
# (a foreign element after the IATI children, where the schema has it).


def _foreign(element: etree._Element, path: str, extras: list[Extra]) -> None:
    """The attributes and child elements of ``element`` in other namespaces, as extras at ``path``.

    Raises:
        Unmapped: a foreign element holds text between its elements (see :func:`_kept_text`).
    """
    for name, value in cast("dict[str, str]", element.attrib).items():
        if name[:1] == "{":
            extras.append(Extra(f"{path}@{name}", value, "xml"))
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag[:1] == "{":
            number = counts[tag] = counts.get(tag, 0) + 1
            extras.append(Extra(f"{path}{tag}[{number}]", _kept_text(child), "xml"))


def _foreign_below(element: etree._Element, tags: tuple[str, ...], path: str, extras: list[Extra]) -> None:
    """:func:`_foreign` of each child of ``element`` named in ``tags`` (by ``tag[n]`` below ``path``)."""
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if tag in tags:
            number = counts[tag] = counts.get(tag, 0) + 1
            _foreign(child, f"{path}{tag}[{number}]/", extras)


_NAME = r"(?:\{[^}]*\})?[^\s/@\[\]{}]+"
_STEP = re.compile(rf"({_NAME})\[(\d+)\]")
_ATTRIBUTE = re.compile(rf"@({_NAME})")


def _node_of(text: str) -> Node | None:
    """A foreign element kept as text, as a :data:`Node` (``None``: not one well-formed element)."""
    from lxml import etree as lxml_etree

    from itaproj.iati._parse import parse_fragment

    try:
        element = parse_fragment(text)
    except (lxml_etree.XMLSyntaxError, ValueError):
        return None
    return _as_node(element)


def _as_node(element: etree._Element) -> Node:
    children = [_as_node(child) for child in element if isinstance(child.tag, str)]
    return (element.tag, dict(cast("dict[str, str]", element.attrib)), element.text, children)


def _put_extras(node: Node, extras: Iterable[Extra]) -> Node:
    """``node`` with the foreign content of ``extras`` put back where their paths say.

    An extra whose path names no place in ``node`` (the model changed since it was read), or
    that is not XML, is left out.
    """
    for extra in extras:
        if extra.format != "xml":
            continue
        target: Node | None = node
        path = extra.path
        position = 0
        while target is not None and position < len(path):
            attribute = _ATTRIBUTE.fullmatch(path, position)
            if attribute is not None:
                target[1][attribute.group(1)] = extra.value
                break
            step = _STEP.match(path, position)
            if step is None:
                break
            position = step.end()
            if position == len(path):
                foreign = _node_of(extra.value)
                if foreign is not None and foreign[0] == step.group(1):
                    target[3].append(foreign)
                break
            if path[position] != "/":
                break
            position += 1
            target = _nth_child(target, step.group(1), int(step.group(2)))
    return node


def _nth_child(node: Node, tag: str, number: int) -> Node | None:
    seen = 0
    for child in node[3]:
        if child[0] == tag:
            seen += 1
            if seen == number:
                return child
    return None


def _observed(
    raw: str, qualitative: bool, element: etree._Element, ctx: ReadContext
) -> tuple[Measure | None, str | None]:
    """``@value`` as a number (a :class:`Measure`) or, when it is none, as text."""
    try:
        return Measure(raw), None
    except (InvalidValueError, ArithmeticError):  # ArithmeticError: an exponent Decimal cannot hold
        pass
    if not qualitative:
        ctx.report(
            "iati.lenient.indicator-value",
            Severity.WARNING,
            f"@value {raw!r} is not a number the model holds (a decimal below 10^18); read as text",
            element,
        )
    return None, raw


def _observation(
    element: etree._Element,
    period: Period | None,
    qualitative: bool,
    ctx: ReadContext,
    year: int | None = None,
) -> Observation:
    """``baseline``, ``target`` or ``actual`` -> :class:`~itaproj.results.Observation`."""
    raw = element.get("value")
    value, text = (None, None) if raw is None else _observed(raw, qualitative, element, ctx)
    extras: list[Extra] = []
    _foreign(element, "", extras)
    _foreign_below(element, ("location", "dimension"), "", extras)
    locations: list[str] = []
    for location in _children(element, "location"):
        ref = location.get("ref")
        if ref is None:
            raise InvalidValueError(f"{element.tag}/location/@ref", None, "be given")
        locations.append(ref)
    return Observation(
        value,
        period,
        narratives(_child(element, "comment"), ctx),
        text=text,
        year=year,
        locations=tuple(locations),
        dimensions=tuple(
            Dimension(dimension.get("name"), dimension.get("value"))
            for dimension in _children(element, "dimension")
        ),
        documents=tuple(read_document(link, ctx) for link in _children(element, "document-link")),
        extras=tuple(extras),
    )


def _observation_node(
    tag: str, observation: Observation, attributes: dict[str, str], ctx: WriteContext
) -> Node:
    """:class:`~itaproj.results.Observation` -> ``baseline``, ``target`` or ``actual``."""
    # An amount of money or a bound has no place in @value: the observation is written without
    # it (its period and note stay), and write_with_findings reports the value.
    value = observation.value
    if observation.text is not None:
        attributes["value"] = observation.text
    elif isinstance(value, Measure) and value.qualifier is Qualifier.EXACT:
        attributes["value"] = decimal_text(value.value)
    children: list[Node] = [("location", {"ref": ref}, None, []) for ref in observation.locations]
    for dimension in observation.dimensions:
        dimension_attributes: dict[str, str] = {}
        _put(dimension_attributes, "name", dimension.name)
        _put(dimension_attributes, "value", dimension.value)
        children.append(("dimension", dimension_attributes, None, []))
    # The schema puts a baseline's documents before its comment, a target's or actual's after.
    documents = [write_document(document, ctx) for document in observation.documents]
    if tag == "baseline":
        children.extend(documents)
    if observation.note is not None:
        children.append(("comment", {}, None, narrative_nodes(observation.note, ctx)))
    if tag != "baseline":
        children.extend(documents)
    return _put_extras((tag, attributes, None, children), observation.extras)


def _baseline(element: etree._Element, qualitative: bool, ctx: ReadContext) -> Observation:
    """``baseline`` -> :class:`~itaproj.results.Observation`: its period starts at ``@iso-date`` or ``@year``."""
    year_text = element.get("year")
    year: int | None = None
    if year_text is not None:
        digits = year_text.strip()
        if not (digits.isascii() and digits.isdigit()):
            raise InvalidValueError("baseline/@year", year_text, "be a year (yyyy)")
        year = int(digits)
    date = read_date(element, "iso-date", ctx)
    if date is None:
        period = None if year is None else Period(PartialDate(year))
        return _observation(element, period, qualitative, ctx)
    return _observation(element, Period(date), qualitative, ctx, None if year == date.year else year)


def _baseline_node(baseline: Observation, ctx: WriteContext) -> Node:
    attributes: dict[str, str] = {}
    start = None if baseline.period is None else baseline.period.start
    year = baseline.year if baseline.year is not None else None if start is None else start.year
    if year is not None:
        attributes["year"] = str(year)
    if start is not None and start.day is not None:
        attributes["iso-date"] = start.isoformat()
    return _observation_node("baseline", baseline, attributes, ctx)


_Run = tuple[Period | None, list[Observation]]


def _runs(observations: Iterable[Observation]) -> list[_Run]:
    """Consecutive observations of one period, those of a period of years or months left out."""
    runs: list[_Run] = []
    for observation in observations:
        if not is_full_period(observation.period):
            continue  # a period of years or months: IATI periods are days (reported, not written)
        if runs and runs[-1][0] == observation.period:
            runs[-1][1].append(observation)
        else:
            runs.append((observation.period, [observation]))
    return runs


def _period_groups(
    targets: Iterable[Observation], actuals: Iterable[Observation]
) -> list[tuple[Period | None, list[Observation], list[Observation]]]:
    """The ``period`` elements for ``targets`` and ``actuals``: (period, its targets, its actuals).

    Reading them back gives the same targets and the same actuals in the same order (each
    ``period`` element holds a run of consecutive observations of its period); a run of
    targets and a run of actuals of one period share an element when they come in turn.
    """
    target_runs, actual_runs = _runs(targets), _runs(actuals)
    waiting: dict[Period | None, int] = {}  # target runs not written yet, by period
    for period, _ in target_runs:
        waiting[period] = waiting.get(period, 0) + 1
    groups: list[tuple[Period | None, list[Observation], list[Observation]]] = []
    t = a = 0
    while t < len(target_runs) or a < len(actual_runs):
        if t < len(target_runs) and a < len(actual_runs) and target_runs[t][0] == actual_runs[a][0]:
            period = target_runs[t][0]
            groups.append((period, target_runs[t][1], actual_runs[a][1]))
            waiting[period] -= 1
            t += 1
            a += 1
        elif a < len(actual_runs) and not waiting.get(actual_runs[a][0]):
            groups.append((actual_runs[a][0], [], actual_runs[a][1]))
            a += 1
        else:
            period = target_runs[t][0]
            groups.append((period, target_runs[t][1], []))
            waiting[period] -= 1
            t += 1
    return groups


def _references(element: etree._Element, uri: str) -> list[tuple[str, str | None, str | None]]:
    found = []
    for reference in _children(element, "reference"):
        code = reference.get("code")
        if code is None:
            raise InvalidValueError(f"{element.tag}/reference/@code", None, "be given")
        found.append((code, reference.get("vocabulary"), reference.get(uri)))
    return found


def _reference_node(code: str, vocabulary: str | None, uri_name: str, uri: str | None) -> Node:
    attributes: dict[str, str] = {}
    _put(attributes, "vocabulary", vocabulary)
    attributes["code"] = code
    _put(attributes, uri_name, uri)
    return ("reference", attributes, None, [])


def _read_indicator(element: etree._Element, ctx: ReadContext) -> Indicator:
    """``indicator`` -> :class:`~itaproj.results.Indicator`."""
    title = narratives(_child(element, "title"), ctx)
    if title is None:
        raise InvalidValueError("indicator/title", None, "have a narrative")
    code = element.get("measure")
    if code is None:
        ctx.report(
            "iati.lenient.measure",
            Severity.WARNING,
            "indicator has no @measure (IATI requires one); read as 1 (unit)",
            element,
        )
        measure = IndicatorMeasure.UNIT
    else:
        found = _MEASURES.get(code.strip())
        if found is None:
            raise InvalidValueError("indicator/@measure", code, "be an IndicatorMeasure code 1-5")
        measure = found
    qualitative = measure is IndicatorMeasure.QUALITATIVE
    extras: list[Extra] = []
    _foreign(element, "", extras)
    _foreign_below(element, ("reference", "period"), "", extras)
    targets: list[Observation] = []
    actuals: list[Observation] = []
    for number, period_element in enumerate(_children(element, "period"), 1):
        _foreign_below(period_element, ("period-start", "period-end"), f"period[{number}]/", extras)
        period = _period(period_element, ctx)
        for child in period_element:
            if child.tag == "target":
                targets.append(_observation(child, period, qualitative, ctx))
            elif child.tag == "actual":
                actuals.append(_observation(child, period, qualitative, ctx))
    ascending = _boolean(element, "ascending")
    return Indicator(
        title,
        measure=measure,
        ascending=True if ascending is None else ascending,
        baselines=tuple(_baseline(base, qualitative, ctx) for base in _children(element, "baseline")),
        targets=tuple(targets),
        actuals=tuple(actuals),
        description=narratives(_child(element, "description"), ctx),
        aggregation_status=_boolean(element, "aggregation-status"),
        references=tuple(
            IndicatorReference(code, vocabulary, uri)
            for code, vocabulary, uri in _references(element, "indicator-uri")
        ),
        documents=tuple(read_document(link, ctx) for link in _children(element, "document-link")),
        extras=tuple(extras),
    )


def _indicator_node(indicator: Indicator, ctx: WriteContext) -> Node:
    """:class:`~itaproj.results.Indicator` -> ``indicator``."""
    attributes = {"measure": indicator.measure.iati_code}
    if not indicator.ascending:
        attributes["ascending"] = "0"
    if indicator.aggregation_status is not None:
        attributes["aggregation-status"] = _boolean_text(indicator.aggregation_status)
    children: list[Node] = [("title", {}, None, narrative_nodes(indicator.title, ctx))]
    if indicator.description is not None:
        children.append(("description", {}, None, narrative_nodes(indicator.description, ctx)))
    children.extend(write_document(document, ctx) for document in indicator.documents)
    children.extend(
        _reference_node(reference.code, reference.vocabulary, "indicator-uri", reference.indicator_uri)
        for reference in indicator.references
    )
    children.extend(_baseline_node(baseline, ctx) for baseline in indicator.baselines)
    for period, targets, actuals in _period_groups(indicator.targets, indicator.actuals):
        period_children = _period_nodes(period)
        period_children.extend(_observation_node("target", t, {}, ctx) for t in targets)
        period_children.extend(_observation_node("actual", a, {}, ctx) for a in actuals)
        children.append(("period", {}, None, period_children))
    return _put_extras(("indicator", attributes, None, children), indicator.extras)


def read_result(element: etree._Element, ctx: ReadContext) -> Result:
    """``result`` -> :class:`~itaproj.results.Result` with indicators, baselines, targets, actuals."""
    title = narratives(_child(element, "title"), ctx)
    if title is None:
        raise InvalidValueError("result/title", None, "have a narrative")
    code = element.get("type")
    kind = None if code is None else _RESULT_KINDS.get(code.strip())
    if code is not None and kind is None:
        raise InvalidValueError("result/@type", code, "be a ResultType code: 1, 2, 3 or 9")
    extras: list[Extra] = []
    _foreign(element, "", extras)
    _foreign_below(element, ("reference",), "", extras)
    return Result(
        title,
        kind=kind,
        description=narratives(_child(element, "description"), ctx),
        indicators=tuple(_read_indicator(i, ctx) for i in _children(element, "indicator")),
        aggregation_status=_boolean(element, "aggregation-status"),
        references=tuple(
            ResultReference(code, vocabulary, uri)
            for code, vocabulary, uri in _references(element, "vocabulary-uri")
        ),
        documents=tuple(read_document(link, ctx) for link in _children(element, "document-link")),
        extras=tuple(extras),
    )


def write_result(result: Result, ctx: WriteContext) -> Node:
    """:class:`~itaproj.results.Result` -> ``result``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", None if result.kind is None else result.kind.iati_code)
    if result.aggregation_status is not None:
        attributes["aggregation-status"] = _boolean_text(result.aggregation_status)
    children: list[Node] = [("title", {}, None, narrative_nodes(result.title, ctx))]
    if result.description is not None:
        children.append(("description", {}, None, narrative_nodes(result.description, ctx)))
    children.extend(write_document(document, ctx) for document in result.documents)
    children.extend(
        _reference_node(reference.code, reference.vocabulary, "vocabulary-uri", reference.vocabulary_uri)
        for reference in result.references
    )
    children.extend(_indicator_node(indicator, ctx) for indicator in result.indicators)
    return _put_extras(("result", attributes, None, children), result.extras)


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


_DESCRIPTION_KINDS = {kind.iati_code: kind for kind in DescriptionKind}


def read_description(element: etree._Element, ctx: ReadContext) -> Description:
    """``description`` of any DescriptionType (1 general when it states none)."""
    kind = _DESCRIPTION_KINDS.get(element.get("type", "1"))
    if kind is None:
        raise InvalidValueError("description/@type", element.get("type"), "be a DescriptionType code 1-4")
    text = narratives(element, ctx)
    if text is None:
        raise Unmapped("empty description")
    return Description(kind, text)


def write_description(value: Description, ctx: WriteContext) -> Node:
    """A :class:`~itaproj.programme.Description` -> ``description`` (no type for a general one)."""
    attributes = {} if value.kind is DescriptionKind.GENERAL else {"type": value.kind.iati_code}
    return ("description", attributes, None, narrative_nodes(value.text, ctx))


def programme_descriptions(programme: Programme) -> list[Description]:
    """Every description of ``programme`` as IATI writes them: the main one, objectives, the rest."""
    found = (
        [] if programme.description is None else [Description(DescriptionKind.GENERAL, programme.description)]
    )
    found.extend(Description(DescriptionKind.OBJECTIVES, text) for text in programme.objectives)
    found.extend(programme.descriptions)
    return found


# --- who publishes it, and how its money is classified -------------------------------------------

#: A reporting organisation read: the organisation, and whether it reports as a secondary reporter.
Reporting = tuple[Organisation, bool]

_BOOLEAN = {"1": True, "true": True, "0": False, "false": False}


def read_reporting_org(element: etree._Element, ctx: ReadContext) -> Reporting:
    """``reporting-org`` -> the publishing :class:`~itaproj.org.Organisation` and its secondary flag."""
    ref = element.get("ref")
    name = narratives(element, ctx)
    key = _org_key(ref, name)
    display = name if name is not None else LocalizedText({ctx.lang: ref or key})
    organisation = Organisation(key, display, ref=ref, type=element.get("type"))
    flag = element.get("secondary-reporter")
    secondary = False if flag is None else _BOOLEAN.get(flag.strip())
    if secondary is None:
        raise InvalidValueError("reporting-org/@secondary-reporter", flag, "be 0, 1, true or false")
    return organisation, secondary


def write_reporting_org(value: Reporting, ctx: WriteContext) -> Node:
    """The publishing organisation -> ``reporting-org``."""
    organisation, secondary = value
    attributes: dict[str, str] = {}
    _put(attributes, "ref", organisation.ref)
    _put(attributes, "type", organisation.type)
    if secondary:
        attributes["secondary-reporter"] = "1"
    return ("reporting-org", attributes, None, narrative_nodes(organisation.name, ctx))


def _read_code(element: etree._Element, ctx: ReadContext) -> str:
    code = element.get("code")
    if code is None or not code.strip():
        raise InvalidValueError(f"{element.tag}/@code", code, "be a code")
    return code


def _coded(cls: type, field: str) -> Callable[[etree._Element, ReadContext], str]:
    """A reader of ``@code`` checked against the codelist ``cls.field`` is bound to (one declaration)."""
    [binding] = [b for b in code_bindings(cls) if b.field == field]
    listed = binding.codelist or ""

    def read(element: etree._Element, ctx: ReadContext) -> str:
        return codelist(listed).admit(f"{element.tag}/@code", _read_code(element, ctx))

    read.__name__ = f"read_{field}"
    return read


def _code_node(tag: str) -> Callable[[str, WriteContext], Node]:
    def write(code: str, ctx: WriteContext) -> Node:
        return (tag, {"code": code}, None, [])

    write.__name__ = f"write_{tag.replace('-', '_')}"
    return write


def read_aid_type(element: etree._Element, ctx: ReadContext) -> AidType:
    """``default-aid-type`` (or a transaction's ``aid-type``) -> :class:`~itaproj.finance.AidType`."""
    return AidType(_read_code(element, ctx), element.get("vocabulary", "1"))


def aid_type_node(tag: str, aid_type: AidType) -> Node:
    """An :class:`~itaproj.finance.AidType` as the element ``tag`` (vocabulary 1 left implicit)."""
    attributes = {"code": aid_type.code}
    if aid_type.vocabulary != "1":
        attributes["vocabulary"] = aid_type.vocabulary
    return (tag, attributes, None, [])


def write_default_aid_type(aid_type: AidType, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.AidType` -> ``default-aid-type``."""
    return aid_type_node("default-aid-type", aid_type)


def read_capital_spend(element: etree._Element, ctx: ReadContext) -> Decimal:
    """``capital-spend/@percentage`` -> the percentage."""
    value = read_decimal(element.get("percentage"), "capital-spend/@percentage")
    if value is None:
        raise InvalidValueError("capital-spend/@percentage", None, "be a percentage")
    return value


def write_capital_spend(percentage: Decimal, ctx: WriteContext) -> Node:
    """A percentage -> ``capital-spend``."""
    return ("capital-spend", {"percentage": decimal_text(percentage)}, None, [])


#: The default classification's elements, by the FinanceClassification field they fill.
_DEFAULT_FINANCE = {
    "default-flow-type": "flow_type",
    "default-finance-type": "finance_type",
    "default-tied-status": "tied_status",
}


def finance_values(finance: FinanceClassification | None, tag: str) -> tuple[Any, ...]:
    """The values of one ``default-*`` element a programme's classification writes."""
    if finance is None:
        return ()
    if tag == "default-aid-type":
        return finance.aid_types
    value = getattr(finance, _DEFAULT_FINANCE[tag])
    return () if value is None else (value,)


# --- activity attributes ---------------------------------------------------------------------

#: Activity attributes the model types (the rest are kept verbatim).
ACTIVITY_ATTRIBUTES = (
    "default-currency",
    XML_LANG,
    "hierarchy",
    "last-updated-datetime",
    "linked-data-uri",
    "budget-not-provided",
    "humanitarian",
)


def read_activity_attribute(name: str, value: str) -> tuple[str, Any]:
    """One activity attribute -> (the model field it fills, its value); raises ValueError if bad."""
    if name == "default-currency":
        if not is_currency(value):
            raise InvalidValueError("@default-currency", value, "be an ISO 4217 code")
        return "default_currency", value
    if name == XML_LANG:
        tag = language_case(value)
        if not is_language_tag(tag):
            raise InvalidValueError("@xml:lang", value, "be a language tag")
        return "default_language", tag
    if name == "hierarchy":
        if not value.strip().isdigit() or len(value.strip()) > 9:
            raise InvalidValueError("@hierarchy", value, "be a whole number")
        return "hierarchy", int(value)
    if name == "last-updated-datetime":
        return "last_updated", to_datetime(value.strip(), "@last-updated-datetime")
    if name == "linked-data-uri":
        return "linked_data_uri", value
    if name == "budget-not-provided":
        codelist("BudgetNotProvided").require("@budget-not-provided", value)
        return "budget_not_provided", value
    flag = _BOOLEAN.get(value.strip())
    if flag is None:
        raise InvalidValueError(f"@{name}", value, "be 0, 1, true or false")
    return "humanitarian", flag


def activity_attributes(programme: Programme) -> dict[str, str]:
    """The attributes of ``programme``'s ``iati-activity`` that the model holds."""
    attributes: dict[str, str] = {}
    publication = programme.publication
    if publication is not None:
        _put(attributes, "default-currency", publication.default_currency)
        _put(attributes, XML_LANG, publication.default_language)
        _put(attributes, "hierarchy", publication.hierarchy)
        if publication.last_updated is not None:
            attributes["last-updated-datetime"] = publication.last_updated.isoformat()
        _put(attributes, "linked-data-uri", publication.linked_data_uri)
        _put(attributes, "budget-not-provided", publication.budget_not_provided)
    if programme.humanitarian is not None:
        attributes["humanitarian"] = "1" if programme.humanitarian else "0"
    return attributes


# --- sites, contacts, other identifiers, tags, scopes, conditions, country budget, CRS, FSS, legacy
#
# Each reader first checks the element holds only what the 2.03 schema lets it hold
# (:data:`_Shape`): anything else (an unknown attribute or child, a second child where one is
# allowed, text where there is none) raises :class:`Unmapped`, so the element is kept verbatim
# and nothing is lost. Content in other namespaces goes to the object's ``extras``, at paths
# relative to the element as :func:`_put_extras` writes them back.


class _Shape:
    """What the 2.03 schema lets an element hold: attributes, children (tag -> repeats, shape), text."""

    __slots__ = ("attributes", "children", "text")

    def __init__(
        self,
        attributes: Iterable[str] = (),
        children: dict[str, tuple[bool, _Shape]] | None = None,
        text: bool = False,
    ) -> None:
        self.attributes = frozenset(attributes)
        self.children = children or {}
        self.text = text


def _has_text(text: str | None) -> bool:
    return bool(text and not text.isspace())


def _element_only(element: etree._Element) -> bool:
    """True when no text stands between the elements inside ``element`` (it is a :data:`Node`)."""
    return not any(_has_text(node.tail) for node in element.iterdescendants())


def _canonical(element: etree._Element) -> Node:
    """A foreign element as a :data:`Node`, without the white space that only indents its children."""
    children = [_canonical(child) for child in element if isinstance(child.tag, str)]
    text = element.text if not children or _has_text(element.text) else None
    return (element.tag, dict(cast("dict[str, str]", element.attrib)), text, children)


def _canonical_text(element: etree._Element) -> str:
    """A foreign element as text that does not depend on its prefixes or indentation.

    The writer binds a namespace to the prefix in scope where it writes (so the prefix in the
    text never reaches the output); a text with fixed prefixes (``ns0``...) makes an element
    read, written and read again give the same extra.
    """
    from lxml import etree as lxml_etree

    def build(parent: etree._Element | None, node: Node) -> etree._Element:
        tag, attributes, text, children = node
        if parent is None:
            built = lxml_etree.Element(tag, attributes)
        else:
            built = lxml_etree.SubElement(parent, tag, attributes)
        built.text = text
        for child in children:
            build(built, child)
        return built

    return lxml_etree.tostring(build(None, _canonical(element)), encoding="unicode")


def _parts(element: etree._Element, shape: _Shape, extras: list[Extra], path: str = "") -> None:
    """Check ``element`` against ``shape``; its content in other namespaces goes to ``extras``.

    Raises:
        Unmapped: ``element`` holds what ``shape`` does not allow.
    """
    for name, value in cast("dict[str, str]", element.attrib).items():
        if name not in shape.attributes:
            if name[:1] != "{":
                raise Unmapped(f"@{name} is not an attribute of {element.tag}")
            extras.append(Extra(f"{path}@{name}", value, "xml"))
    if not shape.text and _has_text(element.text):
        raise Unmapped(f"{element.tag} holds text")
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if _has_text(child.tail):
            raise Unmapped(f"{element.tag} holds text between its elements")
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: not a fact
        number = counts[tag] = counts.get(tag, 0) + 1
        if tag[:1] == "{":
            if not _element_only(child):
                raise Unmapped(f"{tag} holds text between its elements")
            extras.append(Extra(f"{path}{tag}[{number}]", _canonical_text(child), "xml"))
            continue
        found = shape.children.get(tag)
        if found is None:
            raise Unmapped(f"{tag} is not a child of {element.tag}")
        repeats, child_shape = found
        if number > 1 and not repeats:
            raise Unmapped(f"another {tag} in {element.tag}")
        _parts(child, child_shape, extras, f"{path}{tag}[{number}]/")


_NARRATIVE = _Shape([XML_LANG], text=True)
_TEXT_SHAPE = _Shape(children={"narrative": (True, _NARRATIVE)})
_CODE_SHAPE = _Shape(["code"])
_DATE_SHAPE = _Shape(["iso-date"])
_SIMPLE = _Shape(text=True)


def _text_node(tag: str, text: LocalizedText | None, ctx: WriteContext) -> list[Node]:
    """``[tag with narratives]``, or ``[]`` for no text."""
    return [] if text is None else [(tag, {}, None, narrative_nodes(text, ctx))]


def _code_nodes(tag: str, code: str | None) -> list[Node]:
    return [] if code is None else [(tag, {"code": code}, None, [])]


def _required(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute)
    if value is None:
        raise InvalidValueError(f"{element.tag}/@{attribute}", None, "be given")
    return value


def _whole(text: str | None, field: str) -> int | None:
    """A whole number (a year, a level) from an attribute or text; ``None`` when absent."""
    if text is None:
        return None
    number = read_decimal(text, field)
    if number is None or number != number.to_integral_value() or not 0 <= number <= 9999:
        raise InvalidValueError(field, text, "be a whole number from 0 to 9999")
    return int(number)


def _strip(text: str | None) -> str | None:
    return None if text is None else text.strip()


# location


_LOCATION = _Shape(
    ["ref"],
    {
        "location-reach": (False, _CODE_SHAPE),
        "location-id": (True, _Shape(["code", "vocabulary"])),
        "name": (False, _TEXT_SHAPE),
        "description": (False, _TEXT_SHAPE),
        "activity-description": (False, _TEXT_SHAPE),
        "administrative": (True, _Shape(["code", "vocabulary", "level"])),
        "point": (False, _Shape(["srsName"], {"pos": (False, _SIMPLE)})),
        "exactness": (False, _CODE_SHAPE),
        "location-class": (False, _CODE_SHAPE),
        "feature-designation": (False, _CODE_SHAPE),
    },
)


def _point(element: etree._Element, ctx: ReadContext) -> Point:
    srs_name = element.get("srsName", WGS84)
    pos = _child(element, "pos")
    if pos is None:
        ctx.report(
            "iati.lenient.point-without-pos",
            Severity.WARNING,
            "a point without pos (read as a point without coordinates)",
            element,
        )
        return Point(srs_name=srs_name)
    parts = (pos.text or "").split()
    if len(parts) != 2:
        raise InvalidValueError("point/pos", pos.text, "be a latitude and a longitude separated by a space")
    return Point(read_decimal(parts[0], "latitude"), read_decimal(parts[1], "longitude"), srs_name)


def read_site(element: etree._Element, ctx: ReadContext) -> Site:
    """``location`` -> :class:`~itaproj.geo.Site` (point, administrative areas, gazetteer ids, codes)."""
    extras: list[Extra] = []
    _parts(element, _LOCATION, extras)
    first = _first_children(element)
    point = first.get("point")
    return Site(
        name=narratives(first.get("name"), ctx),
        description=narratives(first.get("description"), ctx),
        activity_description=narratives(first.get("activity-description"), ctx),
        point=None if point is None else _point(point, ctx),
        administrative=tuple(
            AdministrativeArea(
                _required(area, "code"),
                _required(area, "vocabulary"),
                level=_whole(area.get("level"), "administrative/@level"),
            )
            for area in _children(element, "administrative")
        ),
        identifiers=tuple(
            PlaceId(_required(place, "code"), _required(place, "vocabulary"))
            for place in _children(element, "location-id")
        ),
        ref=element.get("ref"),
        reach=_code(first.get("location-reach")),
        exactness=_code(first.get("exactness")),
        location_class=_code(first.get("location-class")),
        feature_designation=_code(first.get("feature-designation")),
        extras=tuple(extras),
    )


def write_site(site: Site, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.Site` -> ``location``."""
    attributes: dict[str, str] = {}
    _put(attributes, "ref", site.ref)
    children = _code_nodes("location-reach", site.reach)
    children.extend(
        ("location-id", {"code": place.code, "vocabulary": place.vocabulary}, None, [])
        for place in site.identifiers
    )
    children.extend(_text_node("name", site.name, ctx))
    children.extend(_text_node("description", site.description, ctx))
    children.extend(_text_node("activity-description", site.activity_description, ctx))
    for area in site.administrative:
        area_attributes = {"code": area.code, "vocabulary": area.vocabulary}
        _put(area_attributes, "level", area.level)
        children.append(("administrative", area_attributes, None, []))
    point = site.point
    if point is not None:
        pos: list[Node] = []
        if point.latitude is not None and point.longitude is not None:
            pos.append(("pos", {}, f"{decimal_text(point.latitude)} {decimal_text(point.longitude)}", []))
        children.append(("point", {"srsName": point.srs_name}, None, pos))
    children.extend(_code_nodes("exactness", site.exactness))
    children.extend(_code_nodes("location-class", site.location_class))
    children.extend(_code_nodes("feature-designation", site.feature_designation))
    return _put_extras(("location", attributes, None, children), site.extras)


# contact-info

_CONTACT = _Shape(
    ["type"],
    {
        "organisation": (False, _TEXT_SHAPE),
        "department": (False, _TEXT_SHAPE),
        "person-name": (False, _TEXT_SHAPE),
        "job-title": (False, _TEXT_SHAPE),
        "telephone": (True, _SIMPLE),
        "email": (True, _SIMPLE),
        "website": (True, _SIMPLE),
        "mailing-address": (True, _TEXT_SHAPE),
    },
)


def _texts_of(element: etree._Element, tag: str) -> tuple[str, ...]:
    return tuple(child.text or "" for child in element if child.tag == tag)


def read_contact(element: etree._Element, ctx: ReadContext) -> Contact:
    """``contact-info`` -> :class:`~itaproj.org.Contact`."""
    extras: list[Extra] = []
    _parts(element, _CONTACT, extras)
    first = _first_children(element)
    addresses = (narratives(child, ctx) for child in _children(element, "mailing-address"))
    return Contact(
        type=element.get("type"),
        organisation=narratives(first.get("organisation"), ctx),
        department=narratives(first.get("department"), ctx),
        person_name=narratives(first.get("person-name"), ctx),
        job_title=narratives(first.get("job-title"), ctx),
        telephones=_texts_of(element, "telephone"),
        emails=_texts_of(element, "email"),
        websites=_texts_of(element, "website"),
        mailing_addresses=tuple(address for address in addresses if address is not None),
        extras=tuple(extras),
    )


def write_contact(contact: Contact, ctx: WriteContext) -> Node:
    """:class:`~itaproj.org.Contact` -> ``contact-info``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", contact.type)
    children = _text_node("organisation", contact.organisation, ctx)
    children.extend(_text_node("department", contact.department, ctx))
    children.extend(_text_node("person-name", contact.person_name, ctx))
    children.extend(_text_node("job-title", contact.job_title, ctx))
    children.extend(("telephone", {}, text, []) for text in contact.telephones)
    children.extend(("email", {}, text, []) for text in contact.emails)
    children.extend(("website", {}, text, []) for text in contact.websites)
    for address in contact.mailing_addresses:
        children.extend(_text_node("mailing-address", address, ctx))
    return _put_extras(("contact-info", attributes, None, children), contact.extras)


# other-identifier

_OTHER_IDENTIFIER = _Shape(
    ["ref", "type"], {"owner-org": (False, _Shape(["ref"], {"narrative": (True, _NARRATIVE)}))}
)


def read_other_identifier(element: etree._Element, ctx: ReadContext) -> OtherIdentifier:
    """``other-identifier`` -> :class:`~itaproj.programme.OtherIdentifier`."""
    extras: list[Extra] = []
    _parts(element, _OTHER_IDENTIFIER, extras)
    owner = _child(element, "owner-org")
    return OtherIdentifier(
        _required(element, "ref"),
        _required(element, "type"),
        owner_ref=None if owner is None else owner.get("ref"),
        owner_name=narratives(owner, ctx),
        extras=tuple(extras),
    )


def write_other_identifier(identifier: OtherIdentifier, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.OtherIdentifier` -> ``other-identifier``."""
    children: list[Node] = []
    if identifier.owner_ref is not None or identifier.owner_name is not None:
        owner: dict[str, str] = {}
        _put(owner, "ref", identifier.owner_ref)
        children.append(("owner-org", owner, None, narrative_nodes(identifier.owner_name, ctx)))
    node: Node = ("other-identifier", {"ref": identifier.ref, "type": identifier.type}, None, children)
    return _put_extras(node, identifier.extras)


# tag, humanitarian-scope

_TAG = _Shape(["code", "vocabulary", "vocabulary-uri"], {"narrative": (True, _NARRATIVE)})
_SCOPE = _Shape(["type", "vocabulary", "vocabulary-uri", "code"], {"narrative": (True, _NARRATIVE)})


def read_tag(element: etree._Element, ctx: ReadContext) -> Tag:
    """``tag`` -> :class:`~itaproj.themes.Tag`."""
    extras: list[Extra] = []
    _parts(element, _TAG, extras)
    return Tag(
        _required(element, "code"),
        _required(element, "vocabulary"),
        vocabulary_uri=element.get("vocabulary-uri"),
        name=narratives(element, ctx),
        extras=tuple(extras),
    )


def write_tag(tag: Tag, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.Tag` -> ``tag``.

    Raises:
        Unmapped: a free keyword (a tag without vocabulary), which IATI cannot carry.
    """
    if tag.vocabulary is None:
        raise Unmapped(
            f"the free keyword {tag.code!r} has no vocabulary (an IATI tag is a code of a vocabulary)",
            rule="free-keyword",
        )
    attributes = {"code": tag.code, "vocabulary": tag.vocabulary}
    _put(attributes, "vocabulary-uri", tag.vocabulary_uri)
    return _put_extras(("tag", attributes, None, narrative_nodes(tag.name, ctx)), tag.extras)


def read_humanitarian_scope(element: etree._Element, ctx: ReadContext) -> HumanitarianScope:
    """``humanitarian-scope`` -> :class:`~itaproj.themes.HumanitarianScope`."""
    extras: list[Extra] = []
    _parts(element, _SCOPE, extras)
    return HumanitarianScope(
        _required(element, "type"),
        _required(element, "code"),
        _required(element, "vocabulary"),
        vocabulary_uri=element.get("vocabulary-uri"),
        name=narratives(element, ctx),
        extras=tuple(extras),
    )


def write_humanitarian_scope(scope: HumanitarianScope, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.HumanitarianScope` -> ``humanitarian-scope``."""
    attributes = {"type": scope.type, "vocabulary": scope.vocabulary}
    _put(attributes, "vocabulary-uri", scope.vocabulary_uri)
    attributes["code"] = scope.code
    node: Node = ("humanitarian-scope", attributes, None, narrative_nodes(scope.name, ctx))
    return _put_extras(node, scope.extras)


# conditions

_CONDITIONS = _Shape(["attached"], {"condition": (True, _Shape(["type"], {"narrative": (True, _NARRATIVE)}))})


def read_conditions(element: etree._Element, ctx: ReadContext) -> Conditions:
    """``conditions`` -> :class:`~itaproj.programme.Conditions`."""
    extras: list[Extra] = []
    _parts(element, _CONDITIONS, extras)
    attached = _boolean(element, "attached")
    if attached is None:
        raise InvalidValueError("conditions/@attached", None, "be given")
    return Conditions(
        attached,
        tuple(
            Condition(_required(condition, "type"), narratives(condition, ctx))
            for condition in _children(element, "condition")
        ),
        extras=tuple(extras),
    )


def write_conditions(conditions: Conditions, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.Conditions` -> ``conditions``."""
    children: list[Node] = [
        ("condition", {"type": condition.type}, None, narrative_nodes(condition.text, ctx))
        for condition in conditions.conditions
    ]
    node: Node = ("conditions", {"attached": _boolean_text(conditions.attached)}, None, children)
    return _put_extras(node, conditions.extras)


# country-budget-items

_COUNTRY_BUDGET_ITEMS = _Shape(
    ["vocabulary"],
    {"budget-item": (True, _Shape(["code", "percentage"], {"description": (False, _TEXT_SHAPE)}))},
)


def read_country_budget_items(element: etree._Element, ctx: ReadContext) -> CountryBudgetItems:
    """``country-budget-items`` -> :class:`~itaproj.budget.CountryBudgetItems`."""
    extras: list[Extra] = []
    _parts(element, _COUNTRY_BUDGET_ITEMS, extras)
    return CountryBudgetItems(
        _required(element, "vocabulary"),
        tuple(
            BudgetItem(
                _required(item, "code"),
                read_decimal(item.get("percentage"), "budget-item/@percentage"),
                narratives(_child(item, "description"), ctx),
            )
            for item in _children(element, "budget-item")
        ),
        extras=tuple(extras),
    )


def write_country_budget_items(items: CountryBudgetItems, ctx: WriteContext) -> Node:
    """:class:`~itaproj.budget.CountryBudgetItems` -> ``country-budget-items``."""
    children: list[Node] = []
    for item in items.items:
        attributes = {"code": item.code}
        _put(attributes, "percentage", item.percentage)
        children.append(("budget-item", attributes, None, _text_node("description", item.description, ctx)))
    node: Node = ("country-budget-items", {"vocabulary": items.vocabulary}, None, children)
    return _put_extras(node, items.extras)


# crs-add

_LOAN_AMOUNTS = ("interest-received", "principal-outstanding", "principal-arrears", "interest-arrears")
_CRS_ADD = _Shape(
    [],
    {
        "other-flags": (True, _Shape(["code", "significance"])),
        "loan-terms": (
            False,
            _Shape(
                ["rate-1", "rate-2"],
                {
                    "repayment-type": (False, _CODE_SHAPE),
                    "repayment-plan": (False, _CODE_SHAPE),
                    "commitment-date": (False, _DATE_SHAPE),
                    "repayment-first-date": (False, _DATE_SHAPE),
                    "repayment-final-date": (False, _DATE_SHAPE),
                },
            ),
        ),
        "loan-status": (
            False,
            _Shape(["year", "currency", "value-date"], dict.fromkeys(_LOAN_AMOUNTS, (False, _SIMPLE))),
        ),
        "channel-code": (False, _SIMPLE),
    },
)


def _day_of(element: etree._Element | None, ctx: ReadContext) -> dt.date | None:
    return None if element is None else read_day(element, "iso-date", ctx)


def _loan_terms(element: etree._Element, ctx: ReadContext) -> LoanTerms:
    first = _first_children(element)
    return LoanTerms(
        rate_1=read_decimal(element.get("rate-1"), "loan-terms/@rate-1"),
        rate_2=read_decimal(element.get("rate-2"), "loan-terms/@rate-2"),
        repayment_type=_code(first.get("repayment-type")),
        repayment_plan=_code(first.get("repayment-plan")),
        commitment_date=_day_of(first.get("commitment-date"), ctx),
        repayment_first_date=_day_of(first.get("repayment-first-date"), ctx),
        repayment_final_date=_day_of(first.get("repayment-final-date"), ctx),
    )


def _loan_status(element: etree._Element, ctx: ReadContext) -> LoanStatus:
    first = _first_children(element)
    amounts: dict[str, Money] = {}
    for tag in _LOAN_AMOUNTS:
        child = first.get(tag)
        amount = None if child is None else read_decimal(child.text, f"loan-status/{tag}")
        if amount is None:
            continue
        currency = element.get("currency") or ctx.currency
        if currency is None:
            raise InvalidValueError(
                "currency", None, "be given in loan-status/@currency or iati-activity/@default-currency"
            )
        amounts[tag.replace("-", "_")] = Money(amount, currency)
    year = _whole(_required(element, "year"), "loan-status/@year")
    assert year is not None  # the attribute is given
    return LoanStatus(year, read_day(element, "value-date", ctx), **amounts)


def read_crs_add(element: etree._Element, ctx: ReadContext) -> CrsAdditions:
    """``crs-add`` -> :class:`~itaproj.finance.CrsAdditions` (flags, loan terms and status, channel)."""
    extras: list[Extra] = []
    _parts(element, _CRS_ADD, extras)
    first = _first_children(element)
    flags = []
    for flag in _children(element, "other-flags"):
        significance = _boolean(flag, "significance")
        if significance is None:
            raise InvalidValueError("other-flags/@significance", None, "be given")
        flags.append(OtherFlag(_required(flag, "code"), significance))
    terms = first.get("loan-terms")
    status = first.get("loan-status")
    channel = first.get("channel-code")
    return CrsAdditions(
        other_flags=tuple(flags),
        loan_terms=None if terms is None else _loan_terms(terms, ctx),
        loan_status=None if status is None else _loan_status(status, ctx),
        channel_code=None if channel is None else _strip(channel.text),
        extras=tuple(extras),
    )


def _amount_text(amount: Money, path: str) -> str:
    if not amount.is_exact:
        raise Unmapped(
            f"{qualified(amount)} is not an exact amount (IATI values are exact)",
            rule="bounded-amount",
            path=path,
        )
    return decimal_text(amount.amount)


def write_crs_add(crs: CrsAdditions, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.CrsAdditions` -> ``crs-add``."""
    children: list[Node] = [
        ("other-flags", {"code": flag.code, "significance": _boolean_text(flag.significance)}, None, [])
        for flag in crs.other_flags
    ]
    terms = crs.loan_terms
    if terms is not None:
        attributes: dict[str, str] = {}
        _put(attributes, "rate-1", terms.rate_1)
        _put(attributes, "rate-2", terms.rate_2)
        parts = _code_nodes("repayment-type", terms.repayment_type)
        parts.extend(_code_nodes("repayment-plan", terms.repayment_plan))
        for tag, day in (
            ("commitment-date", terms.commitment_date),
            ("repayment-first-date", terms.repayment_first_date),
            ("repayment-final-date", terms.repayment_final_date),
        ):
            if day is not None:
                parts.append((tag, {"iso-date": day.isoformat()}, None, []))
        children.append(("loan-terms", attributes, None, parts))
    status = crs.loan_status
    if status is not None:
        attributes = {"year": str(status.year)}
        if status.currency is not None and status.currency != ctx.currency:
            attributes["currency"] = status.currency
        _put(attributes, "value-date", None if status.value_date is None else status.value_date.isoformat())
        amounts: list[Node] = []
        for tag in _LOAN_AMOUNTS:
            field = tag.replace("-", "_")
            amount: Money | None = getattr(status, field)
            if amount is not None:
                amounts.append((tag, {}, _amount_text(amount, f".loan_status.{field}"), []))
        children.append(("loan-status", attributes, None, amounts))
    if crs.channel_code is not None:
        children.append(("channel-code", {}, crs.channel_code, []))
    return _put_extras(("crs-add", {}, None, children), crs.extras)


# fss

_FSS = _Shape(
    ["extraction-date", "priority", "phaseout-year"],
    {"forecast": (True, _Shape(["year", "currency", "value-date"], text=True))},
)


def _forecast(element: etree._Element, ctx: ReadContext) -> Forecast:
    amount = read_decimal(element.text, "forecast")
    if amount is None:
        raise InvalidValueError("forecast", None, "hold an amount")
    currency = element.get("currency") or ctx.currency
    if currency is None:
        raise InvalidValueError(
            "currency", None, "be given in forecast/@currency or iati-activity/@default-currency"
        )
    year = _whole(_required(element, "year"), "forecast/@year")
    assert year is not None  # the attribute is given
    return Forecast(year, Money(amount, currency), read_day(element, "value-date", ctx))


def read_fss(element: etree._Element, ctx: ReadContext) -> ForwardSpending:
    """``fss`` -> :class:`~itaproj.finance.ForwardSpending`."""
    extras: list[Extra] = []
    _parts(element, _FSS, extras)
    extraction = read_day(element, "extraction-date", ctx)
    if extraction is None:
        raise InvalidValueError("fss/@extraction-date", None, "be given")
    return ForwardSpending(
        extraction,
        tuple(_forecast(forecast, ctx) for forecast in _children(element, "forecast")),
        priority=_boolean(element, "priority"),
        phaseout_year=_whole(element.get("phaseout-year"), "fss/@phaseout-year"),
        extras=tuple(extras),
    )


def write_fss(fss: ForwardSpending, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.ForwardSpending` -> ``fss``."""
    attributes = {"extraction-date": fss.extraction_date.isoformat()}
    if fss.priority is not None:
        attributes["priority"] = _boolean_text(fss.priority)
    _put(attributes, "phaseout-year", fss.phaseout_year)
    children: list[Node] = []
    for index, forecast in enumerate(fss.forecasts):
        forecast_attributes = {"year": str(forecast.year)}
        if forecast.amount.currency != ctx.currency:
            forecast_attributes["currency"] = forecast.amount.currency
        if forecast.value_date is not None:
            forecast_attributes["value-date"] = forecast.value_date.isoformat()
        text = _amount_text(forecast.amount, f".forecasts[{index}].amount")
        children.append(("forecast", forecast_attributes, text, []))
    return _put_extras(("fss", attributes, None, children), fss.extras)


# legacy-data

_LEGACY = _Shape(["name", "value", "iati-equivalent"])


def read_legacy_data(element: etree._Element, ctx: ReadContext) -> LegacyData:
    """``legacy-data`` -> :class:`~itaproj.programme.LegacyData`."""
    extras: list[Extra] = []
    _parts(element, _LEGACY, extras)
    return LegacyData(
        _required(element, "name"),
        _required(element, "value"),
        element.get("iati-equivalent"),
        extras=tuple(extras),
    )


def write_legacy_data(legacy: LegacyData, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.LegacyData` -> ``legacy-data``."""
    attributes = {"name": legacy.name, "value": legacy.value}
    _put(attributes, "iati-equivalent", legacy.iati_equivalent)
    return _put_extras(("legacy-data", attributes, None, []), legacy.extras)


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
        keeps_repeats: The reader keeps a second child that the schema allows once in the
            value's ``extras`` (:func:`_rest`); for the others, the reader's caller refuses it.
    """

    tag: str
    read: Callable[[Any, ReadContext], Any]
    write: Callable[[Any, WriteContext], Node]
    field: str
    single: bool = False
    keeps_repeats: bool = False

    def values(self, programme: Programme) -> Sequence[Any]:
        """The values of this entry in ``programme``, in writing order."""
        if self.tag == "description":
            return programme_descriptions(programme)
        if self.tag == "reporting-org":
            publication = programme.publication
            if publication is None or publication.reporting_org is None:
                return ()
            return ((publication.reporting_org, publication.secondary_reporter),)
        if self.tag in _DEFAULT_FINANCE or self.tag == "default-aid-type":
            return finance_values(programme.finance, self.tag)
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
        Entry("reporting-org", read_reporting_org, write_reporting_org, "publication", single=True),
        Entry("description", read_description, write_description, "description"),
        Entry("participating-org", read_participant, write_participant, "participants"),
        Entry("activity-status", read_status, write_status, "status", single=True),
        Entry("activity-date", read_key_date, write_key_date, "dates"),
        Entry("recipient-country", read_country, write_country, "recipient_countries"),
        Entry("recipient-region", read_region, write_region, "recipient_regions"),
        Entry("sector", read_sector, write_sector, "sectors"),
        Entry("policy-marker", read_theme, write_theme, "themes"),
        Entry("budget", read_budget_line, write_budget_line, "budget"),
        Entry(
            "planned-disbursement", read_planned, write_planned, "planned_disbursements", keeps_repeats=True
        ),
        Entry("transaction", read_transaction, write_transaction, "transactions", keeps_repeats=True),
        Entry("document-link", read_document, write_document, "documents", keeps_repeats=True),
        Entry("related-activity", read_relation, write_relation, "relations"),
        Entry("result", read_result, write_result, "results"),
        Entry(
            "collaboration-type",
            _coded(Programme, "collaboration_type"),
            _code_node("collaboration-type"),
            "collaboration_type",
            single=True,
        ),
        Entry(
            "default-flow-type",
            _coded(FinanceClassification, "flow_type"),
            _code_node("default-flow-type"),
            "finance",
            single=True,
        ),
        Entry(
            "default-finance-type",
            _coded(FinanceClassification, "finance_type"),
            _code_node("default-finance-type"),
            "finance",
            single=True,
        ),
        Entry("default-aid-type", read_aid_type, write_default_aid_type, "finance"),
        Entry(
            "default-tied-status",
            _coded(FinanceClassification, "tied_status"),
            _code_node("default-tied-status"),
            "finance",
            single=True,
        ),
        Entry(
            "activity-scope",
            _coded(Programme, "activity_scope"),
            _code_node("activity-scope"),
            "activity_scope",
            single=True,
        ),
        Entry("capital-spend", read_capital_spend, write_capital_spend, "capital_spend", single=True),
        Entry("location", read_site, write_site, "sites"),
        Entry("contact-info", read_contact, write_contact, "contacts"),
        Entry("other-identifier", read_other_identifier, write_other_identifier, "other_identifiers"),
        Entry("tag", read_tag, write_tag, "tags"),
        Entry("humanitarian-scope", read_humanitarian_scope, write_humanitarian_scope, "humanitarian_scopes"),
        Entry("conditions", read_conditions, write_conditions, "conditions", single=True),
        Entry(
            "country-budget-items",
            read_country_budget_items,
            write_country_budget_items,
            "country_budget_items",
            single=True,
        ),
        Entry("crs-add", read_crs_add, write_crs_add, "crs", single=True),
        Entry("fss", read_fss, write_fss, "forward_spending", single=True),
        Entry("legacy-data", read_legacy_data, write_legacy_data, "legacy_data"),
    )
}


def programme_fields(values: dict[str, list[Any]]) -> dict[str, Any]:
    """Programme keyword arguments from the values read per element name."""
    fields: dict[str, Any] = {}
    for tag, found in values.items():
        entry = TABLE[tag]
        if tag == "description":
            general = next((d for d in found if d.kind is DescriptionKind.GENERAL), None)
            fields["description"] = None if general is None else general.text
            fields["objectives"] = tuple(d.text for d in found if d.kind is DescriptionKind.OBJECTIVES)
            fields["descriptions"] = tuple(
                d for d in found if d.kind is not DescriptionKind.OBJECTIVES and d is not general
            )
        elif tag == "reporting-org":
            organisation, secondary = found[0]
            fields["publication"] = Publication(reporting_org=organisation, secondary_reporter=secondary)
        elif tag in _DEFAULT_FINANCE or tag == "default-aid-type":
            classification = fields.get("finance") or FinanceClassification()
            if tag == "default-aid-type":
                fields["finance"] = attrs.evolve(classification, aid_types=tuple(found))
            else:
                fields["finance"] = attrs.evolve(classification, **{_DEFAULT_FINANCE[tag]: found[0]})
        elif tag == "budget":
            fields["budget"] = Budget(lines=tuple(found)) if found else None
        elif tag in ("iati-identifier", "title"):
            continue
        elif entry.single:
            fields[entry.field] = found[0] if found else None
        else:
            fields[entry.field] = tuple(found)
    return fields
