"""Results, indicators, baselines, targets and actuals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.findings import Severity
from itaproj.period import PartialDate, Period
from itaproj.quantity import Measure, Qualifier
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

if TYPE_CHECKING:
    from lxml import etree

    from itaproj.documents import DocumentLink
    from itaproj.text import LocalizedText

from itaproj.iati._mapping.core import (
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _child,
    _children,
    _localized,
    _parse_date,
    _period,
    _period_nodes,
    _put,
    decimal_text,
    is_full_period,
    narrative_nodes,
    narratives,
    read_date,
)
from itaproj.iati._mapping.flows import plain_document_in, read_document, write_document
from itaproj.iati._mapping.kept import (
    Irregular,
    _boolean,
    _boolean_text,
    _foreign,
    _foreign_below,
    _put_extras,
    plain_narrative_texts,
)

# --- results ----------------------------------------------------------------------------------

_RESULT_KINDS = {kind.iati_code: kind for kind in ResultKind}
_MEASURES = {measure.iati_code: measure for measure in IndicatorMeasure}


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


# --- the common shape, in one pass --------------------------------------------------------------

_RESULT_ATTRIBUTES = frozenset({"type", "aggregation-status"})
_INDICATOR_ATTRIBUTES = frozenset({"measure", "ascending", "aggregation-status"})
_BASELINE_ATTRIBUTES = frozenset({"year", "iso-date", "value"})
#: A reference's attributes, by the name of its URI attribute (a result's, an indicator's).
_REFERENCE_ATTRIBUTES = {
    uri: frozenset({"code", "vocabulary", uri}) for uri in ("vocabulary-uri", "indicator-uri")
}


def plain_result(element: etree._Element, ctx: ReadContext) -> Result | None:
    """:func:`read_result` of a ``result`` of the common shape, in one pass; ``None`` for any other.

    The common shape: a result below an activity that is its parent, no text anywhere but in
    narratives, and only what the model types: ``@type`` and ``@aggregation-status``; one
    ``title`` and at most one ``description`` of plain narratives (:func:`_plain_narratives`);
    ``reference`` (``@code``, ``@vocabulary``, ``@vocabulary-uri``), ``document-link`` of the
    common shape (:func:`~itaproj.iati._mapping.flows.plain_document_in`) and ``indicator``
    children. An indicator alike: ``@measure`` (given, a code as it is), ``@ascending``,
    ``@aggregation-status``; a title, a description, references, document links, ``baseline``
    (``@year``, ``@iso-date``, ``@value``, at most one ``comment``) and ``period`` (one
    ``period-start`` and one ``period-end`` of ``@iso-date`` only, ``target`` and ``actual``
    with ``@value`` and at most one ``comment``). Such a result holds nothing undeclared or of
    another namespace, and the value equals what :func:`read_result` reads, with no finding.
    ``None`` leaves ``ctx`` as it was, for the general reader to read the element.
    """
    if element.getparent() is not ctx.activity:
        return None  # (the language above its narratives is then not simply the activity's)
    before = len(ctx.findings)
    try:
        result = _plain_result(element, ctx)
        if len(ctx.findings) != before:  # (a value read as text, say: the general reader says so)
            raise Irregular
    except (Irregular, ValueError, LookupError, Unmapped):
        del ctx.findings[before:]
        return None
    return result


def _plain_result(element: etree._Element, ctx: ReadContext) -> Result:
    _bare(element, _RESULT_ATTRIBUTES)
    code = element.get("type")
    kind = None
    if code is not None:
        kind = _RESULT_KINDS.get(code)
        if kind is None:
            raise Irregular
    lang = ctx.lang
    title: LocalizedText | None = None
    description: LocalizedText | None = None
    indicators: list[Indicator] = []
    references: list[ResultReference] = []
    documents: list[DocumentLink] = []
    seen = 0  # title and description met, as bits
    for child in element:
        tag = _tag_of(child)
        if tag == "indicator":
            indicators.append(_plain_indicator(child, lang, ctx))
        elif tag == "document-link":
            documents.append(plain_document_in(child, lang))
        elif tag == "title":
            if seen & 1:
                raise Irregular
            seen |= 1
            title = _plain_narratives(child, lang)
        elif tag == "description":
            if seen & 2:
                raise Irregular
            seen |= 2
            description = _plain_narratives(child, lang)
        elif tag == "reference":
            references.append(ResultReference(*_plain_reference(child, "vocabulary-uri")))
        else:
            raise Irregular
    if title is None:
        raise Irregular
    return Result(
        title,
        kind=kind,
        description=description,
        indicators=tuple(indicators),
        aggregation_status=_boolean(element, "aggregation-status"),
        references=tuple(references),
        documents=tuple(documents),
        extras=(),
    )


def _plain_indicator(element: etree._Element, lang: str, ctx: ReadContext) -> Indicator:
    _bare(element, _INDICATOR_ATTRIBUTES)
    code = element.get("measure")
    measure = None if code is None else _MEASURES.get(code)
    if measure is None:
        raise Irregular  # (none: a finding, which the general reader makes)
    qualitative = measure is IndicatorMeasure.QUALITATIVE
    title: LocalizedText | None = None
    description: LocalizedText | None = None
    baselines: list[Observation] = []
    targets: list[Observation] = []
    actuals: list[Observation] = []
    references: list[IndicatorReference] = []
    documents: list[DocumentLink] = []
    seen = 0
    for child in element:
        tag = _tag_of(child)
        if tag == "period":
            _plain_period(child, qualitative, lang, targets, actuals, ctx)
        elif tag == "title":
            if seen & 1:
                raise Irregular
            seen |= 1
            title = _plain_narratives(child, lang)
        elif tag == "description":
            if seen & 2:
                raise Irregular
            seen |= 2
            description = _plain_narratives(child, lang)
        elif tag == "baseline":
            baselines.append(_plain_baseline(child, qualitative, lang, ctx))
        elif tag == "reference":
            references.append(IndicatorReference(*_plain_reference(child, "indicator-uri")))
        elif tag == "document-link":
            documents.append(plain_document_in(child, lang))
        else:
            raise Irregular
    if title is None:
        raise Irregular
    ascending = _boolean(element, "ascending")
    return Indicator(
        title,
        measure=measure,
        ascending=True if ascending is None else ascending,
        baselines=tuple(baselines),
        targets=tuple(targets),
        actuals=tuple(actuals),
        description=description,
        aggregation_status=_boolean(element, "aggregation-status"),
        references=tuple(references),
        documents=tuple(documents),
        extras=(),
    )


def _plain_period(
    element: etree._Element,
    qualitative: bool,
    lang: str,
    targets: list[Observation],
    actuals: list[Observation],
    ctx: ReadContext,
) -> None:
    """An indicator's ``period``: its targets and actuals appended, in order."""
    _bare(element, frozenset())
    dates: dict[str, PartialDate] = {}
    observed: list[etree._Element] = []
    for child in element:
        tag = _tag_of(child)
        if tag == "target" or tag == "actual":
            observed.append(child)
        elif tag == "period-start" or tag == "period-end":
            _bare(child, frozenset({"iso-date"}))
            given = child.get("iso-date")
            if tag in dates or given is None or len(child):
                raise Irregular
            dates[tag] = _parse_date("iso-date", given)
        else:
            raise Irregular
    period = Period(dates.get("period-start"), dates.get("period-end"))
    for child in observed:
        (targets if child.tag == "target" else actuals).append(
            _plain_observation(child, period, qualitative, lang, None, ctx)
        )


def _plain_baseline(element: etree._Element, qualitative: bool, lang: str, ctx: ReadContext) -> Observation:
    """A ``baseline``, as :func:`_baseline` reads it."""
    _bare(element, _BASELINE_ATTRIBUTES)
    year_text = element.get("year")
    year: int | None = None
    if year_text is not None:
        digits = year_text.strip()
        if not (digits.isascii() and digits.isdigit()):
            raise Irregular
        year = int(digits)
    given = element.get("iso-date")
    if given is None:
        period = None if year is None else Period(PartialDate(year))
        return _plain_observation(element, period, qualitative, lang, None, ctx)
    date = _parse_date("iso-date", given)
    return _plain_observation(
        element, Period(date), qualitative, lang, None if year == date.year else year, ctx
    )


def _plain_observation(
    element: etree._Element,
    period: Period | None,
    qualitative: bool,
    lang: str,
    year: int | None,
    ctx: ReadContext,
) -> Observation:
    """A ``target``, ``actual`` or ``baseline`` (its attributes checked) holding at most one ``comment``."""
    if element.tag != "baseline":
        _bare(element, frozenset({"value"}))
    note: LocalizedText | None = None
    commented = False
    for child in element:
        if _tag_of(child) != "comment" or commented:
            raise Irregular
        commented = True
        note = _plain_narratives(child, lang)
    raw = element.get("value")
    value, text = (None, None) if raw is None else _observed(raw, qualitative, element, ctx)
    return Observation(
        value, period, note, text=text, year=year, locations=(), dimensions=(), documents=(), extras=()
    )


def _plain_narratives(element: etree._Element, lang: str) -> LocalizedText | None:
    """:func:`~itaproj.iati._mapping.core.narratives` of an element of plain narratives (no attribute), in ``lang``."""
    if element.keys():
        raise Irregular
    found: str | None = None
    for text in plain_narrative_texts(element):
        if text is None or not text.strip():
            continue
        if found is None:
            found = text
        elif text != found:
            raise Irregular  # (two texts in one language: the general reader keeps the element)
    return None if found is None else _localized(((lang, found),))


def _plain_reference(element: etree._Element, uri: str) -> tuple[str, str | None, str | None]:
    """A ``reference`` of attributes only, as :func:`_references` reads it."""
    _bare(element, _REFERENCE_ATTRIBUTES[uri])
    code = element.get("code")
    if code is None or len(element):
        raise Irregular
    return code, element.get("vocabulary"), element.get(uri)


def _bare(element: etree._Element, known: frozenset[str]) -> None:
    """Refuse an element with text of its own or an attribute not among ``known``."""
    own = element.text
    if own and not own.isspace():
        raise Irregular
    names = element.keys()
    if names and not known.issuperset(names):
        raise Irregular


def _tag_of(child: etree._Element) -> object:
    """``child``'s tag, refusing one followed by text (a comment's or instruction's tag is no string)."""
    tail = child.tail
    if tail and not tail.isspace():
        raise Irregular
    return child.tag
