"""Reading and writing contexts, element paths and the values every mapping shares (text, numbers, dates, money)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    FlowOrganisation,
)
from itaproj.findings import Finding, Severity
from itaproj.money import Money
from itaproj.period import PartialDate, Period
from itaproj.quantity import Measure, to_decimal
from itaproj.text import LocalizedText, is_language_tag

if TYPE_CHECKING:
    from lxml import etree


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
    """The defaults the writer may leave implicit: the activity's language and currency.

    ``stated``: narratives state their language even when it is the activity's (they stand
    below an element with a kept ``xml:lang``, which must govern none of them).
    """

    lang: str = UNDETERMINED
    currency: str | None = None
    stated: bool = False


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

        # (one walk of the attributes: a union of two paths walks the elements twice)
        _LONG_DATES = lxml_etree.XPath(
            "descendant-or-self::*/@*[string-length() > 10][name() = 'iso-date' or name() = 'value-date']"
        )
    findings = ctx.findings
    positions = ctx.positions
    paths: dict[Any, str] = {}  # element -> its path without the line, for the elements located so far
    for text in _LONG_DATES(activity):
        message = _zoned_message(text.attrname, str(text))
        if message is not None:
            # (what ctx.report makes of it, with the message made once per distinct date, and each
            # element's path once: many dates share their parents)
            element = text.getparent()
            if positions is None:
                where = element_path(element, ctx.activity_path, ctx.activity, positions)
            else:
                path = _shared_path(element, ctx.activity_path, ctx.activity, positions, paths)
                where = f"{path} (line {element.sourceline})"
            findings.append(Finding("iati.lenient.timezone", Severity.WARNING, message, where))


def _shared_path(
    element: etree._Element,
    activity_path: str,
    activity: etree._Element | None,
    positions: dict[Any, dict[Any, int]],
    paths: dict[Any, str],
) -> str:
    """:func:`element_path` of ``element`` without the line, each ancestor's path made once (kept in ``paths``).

    The same steps (ending at ``activity``, else at the nearest ``iati-activity``; a node with
    no parent adds none), for a caller that locates many elements of a tree no longer changed.
    """
    above: list[tuple[etree._Element, etree._Element]] = []  # (node, parent) still to locate, nearest first
    node: etree._Element = element
    while True:
        known = paths.get(node)
        if known is not None:
            break
        if (node is activity) if activity is not None else (node.tag == "iati-activity"):
            known = activity_path
            break
        parent = node.getparent()
        if parent is None:
            known = activity_path
            break
        above.append((node, parent))
        node = parent
    paths[node] = known
    for node, parent in reversed(above):
        numbers = positions.get(parent)
        if numbers is None:
            numbers = positions[parent] = _numbered(parent)
        known = paths[node] = f"{known}/{node.tag}[{numbers[node]}]"
    return known


@lru_cache(maxsize=4096)
def _zoned_message(attribute: str, text: str) -> str | None:
    """The finding's message about ``@attribute`` ``text`` when it has a time or time zone, else ``None``."""
    match = _ISO_DATE.fullmatch(text)
    if match is None or not (match.group(2) or match.group(3)):
        return None
    return short_message(
        f"@{attribute} {text!r} carries a time or time zone; read as the date {match.group(1)}"
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
    """The language of narratives inside ``element`` that state none: the nearest ``xml:lang`` above.

    Raises:
        Unmapped: that ``xml:lang`` is no language tag (reported): the element that holds it is
            kept verbatim, as the model has no language to file the texts under.
    """
    node: etree._Element | None = element
    while node is not None and node is not ctx.activity and node.tag != "iati-activity":
        given = node.get(XML_LANG)
        if given is not None:
            lang = language_case(given)
            if not _is_tag(lang):
                ctx.report(
                    "iati.lenient.language",
                    Severity.WARNING,
                    f"xml:lang {given!r} is not a language tag; {node.tag} kept verbatim",
                    node,
                )
                raise Unmapped(f"xml:lang {given!r} of {node.tag} is no language tag")
            return lang
        node = node.getparent()
    return ctx.lang


def narratives(element: etree._Element | None, ctx: ReadContext) -> LocalizedText | None:
    """The ``narrative`` children as one text; ``None`` when there is none with content."""
    if element is None:
        return None
    texts: dict[str, str] = {}
    default: str | None = None  # the language above, looked up only for a narrative stating none
    for child in element.iterchildren("narrative"):
        given = child.get(XML_LANG)
        if given is None:
            lang = default = _inherited_language(element, ctx) if default is None else default
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

    ``xml:lang`` is left out for the activity's default language (unless ``ctx.stated``).
    """
    if text is None:
        return []
    languages = [text.original, *(lang for lang in text.texts if lang != text.original)]
    implicit = None if ctx.stated else ctx.lang
    return [
        ("narrative", Unstated(lang) if lang == implicit else {XML_LANG: lang}, text.texts[lang], [])
        for lang in languages
    ]


class Unstated(dict[str, str]):
    """The attributes of a narrative written without ``xml:lang``: it is in the activity's language.

    It remembers that language, so that an ``xml:lang`` an extra puts on an element above it
    (which would otherwise become the narrative's language) makes it state its own.
    """

    __slots__ = ("lang",)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


def state_languages(node: Node) -> None:
    """Give the narratives below ``node`` that state no language their own (``node`` got an ``xml:lang``)."""
    stack = list(node[3])
    while stack:
        tag, attributes, _, children = stack.pop()
        if tag == "narrative" and isinstance(attributes, Unstated) and XML_LANG not in attributes:
            attributes[XML_LANG] = attributes.lang
        elif XML_LANG not in attributes:  # (below an element stating its own, it governs)
            stack.extend(children)


def languages_stated(node: Node) -> Node:
    """``node`` (about to get an ``xml:lang``) with the narratives below it stating their own.

    A copy where it changes, as nodes may be shared: the ``xml:lang`` set on ``node`` then
    governs none of them, as when it was read.
    """
    tag, attributes, text, children = node
    if tag == "narrative":
        if isinstance(attributes, Unstated) and XML_LANG not in attributes:
            return (tag, {XML_LANG: attributes.lang}, text, children)
        return node
    stated = [
        child if XML_LANG in child[1] and child[0] != "narrative" else languages_stated(child)
        for child in children
    ]
    if all(new is old for new, old in zip(stated, children, strict=True)):
        return node
    return (tag, attributes, text, stated)


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
