"""The Validator's rules of ``rules/iati/results.xslt`` over the model.

An indicator period does not end before it starts (8.6.1; the budget and planned-disbursement
rule of the same file, 8.6.3, is checked with the budgets in
:mod:`itaproj.iati.dq.financial`). In IATI 2.03, the baselines, targets and actuals of an
indicator whose measure is not qualitative have a value (8.8.1, 8.9.1, 8.10.1) that is a
decimal number (8.8.2, 8.9.2, 8.10.2); those of a qualitative indicator (measure 5) have none
(8.8.3, 8.9.3, 8.10.3). A reference code is given for a result or for its indicators, not both
(8.11.1, at each indicator that has one).

The model holds an indicator's ``period`` elements as the periods of its targets and actuals;
the hits of a period, a target or an actual name the element by its place in the XML
(``result[1]/indicator[2]/period[3]/target[1]``) as the reader read them: each ``period``
element gave a run of consecutive targets and a run of consecutive actuals with its dates (the
grouping the writer writes back). So two ``period`` elements in a row with the same dates count
as one, and a ``period`` with neither target nor actual is not in the model (nor checked).

A ``result`` the reader kept verbatim (it or one of its indicators has no title, the model
requires one) is checked on its XML, by the same rules (:mod:`itaproj.iati.dq.structure`).
An indicator without ``@measure`` is read as measure 1 (unit, with an ``iati.lenient.measure``
finding), so its baselines, targets and actuals are held to the rules of measures 1-4, which
the Validator does not apply without a measure.

A value is a number when the model holds it as one (a :class:`~itaproj.quantity.Measure`),
or when its text is an ``xs:decimal`` (a number beyond the model's range, held as text); an
amount of money or a bound ("more than 100") is not (IATI's ``@value`` cannot hold it).

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.results import Indicator, Observation, Result
    >>> indicator = Indicator(LocalizedText({"en": "Schools"}), baselines=(Observation(text="ten"),))
    >>> result = Result(LocalizedText({"en": "Education"}), indicators=(indicator,))
    >>> programme = Programme("p", LocalizedText({"en": "Schools"}), results=(result,))
    >>> for hit in result_rules(programme, DqContext()):
    ...     print(hit.rule, hit.path, hit.detail)
    8.8.2 results[0].indicators[0].baselines[0].text 'ten'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.financial import period_days
from itaproj.iati.dq.locate import taken_positions, xpath_of
from itaproj.period import Period
from itaproj.programme import Programme
from itaproj.quantity import Measure, Qualifier
from itaproj.results import Indicator, IndicatorMeasure, Observation

__all__ = ["is_xs_decimal", "period_elements", "result_rules"]

#: ``castable as xs:decimal``: XML white space around an optional sign and decimal digits.
_XS_DECIMAL = re.compile(r"[ \t\r\n]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[ \t\r\n]*")

#: The rule ids for a baseline, a target and an actual: (no value, not a number, qualitative).
_IDS = {
    "baselines": ("8.8.1", "8.8.2", "8.8.3"),
    "targets": ("8.9.1", "8.9.2", "8.9.3"),
    "actuals": ("8.10.1", "8.10.2", "8.10.3"),
}


def _runs(observations: Sequence[Observation]) -> list[tuple[Period | None, list[int]]]:
    """Consecutive observations of one period: (the period, their indexes)."""
    runs: list[tuple[Period | None, list[int]]] = []
    for index, observation in enumerate(observations):
        if runs and runs[-1][0] == observation.period:
            runs[-1][1].append(index)
        else:
            runs.append((observation.period, [index]))
    return runs


def period_elements(indicator: Indicator) -> list[tuple[Period | None, list[int], list[int]]]:
    """The ``period`` elements the indicator's targets and actuals were read from, in order.

    Each is (its period, the indexes of its targets, the indexes of its actuals): a run of
    consecutive targets of one period and a run of consecutive actuals of one period share an
    element when they come in turn, as the writer writes them.

    Example:
        >>> from itaproj import LocalizedText, Period
        >>> from itaproj.quantity import Measure
        >>> q1, q2 = Period.parse("2020-01-01", "2020-03-31"), Period.parse("2020-04-01", "2020-06-30")
        >>> indicator = Indicator(LocalizedText({"en": "Wells"}),
        ...     targets=(Observation(Measure(1), q1), Observation(Measure(2), q2)),
        ...     actuals=(Observation(Measure(1), q2),))
        >>> [(str(period), targets, actuals) for period, targets, actuals in period_elements(indicator)]
        [('2020-01-01/2020-03-31', [0], []), ('2020-04-01/2020-06-30', [1], [0])]
    """
    target_runs, actual_runs = _runs(indicator.targets), _runs(indicator.actuals)
    waiting: dict[Period | None, int] = {}  # target runs not placed yet, by period
    for period, _ in target_runs:
        waiting[period] = waiting.get(period, 0) + 1
    elements: list[tuple[Period | None, list[int], list[int]]] = []
    t = a = 0
    while t < len(target_runs) or a < len(actual_runs):
        if t < len(target_runs) and a < len(actual_runs) and target_runs[t][0] == actual_runs[a][0]:
            period = target_runs[t][0]
            elements.append((period, target_runs[t][1], actual_runs[a][1]))
            waiting[period] -= 1
            t += 1
            a += 1
        elif a < len(actual_runs) and not waiting.get(actual_runs[a][0]):
            elements.append((actual_runs[a][0], [], actual_runs[a][1]))
            a += 1
        else:
            period = target_runs[t][0]
            elements.append((period, target_runs[t][1], []))
            waiting[period] -= 1
            t += 1
    return elements


def is_xs_decimal(text: str) -> bool:
    """Whether ``text`` is ``castable as xs:decimal``.

    Example:
        >>> is_xs_decimal(" -12.5 "), is_xs_decimal("1e3"), is_xs_decimal("198,412.00")
        (True, False, False)
    """
    return _XS_DECIMAL.fullmatch(text) is not None


def _is_decimal(observation: Observation) -> bool:
    """Whether the observation's ``@value`` is ``castable as xs:decimal``."""
    if observation.text is not None:
        return is_xs_decimal(observation.text)
    value = observation.value
    return isinstance(value, Measure) and value.qualifier is Qualifier.EXACT


def _stated(observation: Observation) -> str:
    """The observation's value as found, for a hit's detail."""
    if observation.text is not None:
        return repr(observation.text)
    return str(observation.value)


def _value_hits(
    observation: Observation, qualitative: bool, kind: str, path: str, xml: str | None
) -> Iterator[Hit]:
    missing, not_number, qualitative_value = _IDS[kind]
    stated = observation.text is not None or observation.value is not None
    field = ".text" if observation.text is not None else ".value"
    attribute = None if xml is None else f"{xml}/@value"
    if qualitative:
        if stated:
            yield Hit(qualitative_value, path + field, _stated(observation), attribute)
    elif not stated:
        yield Hit(missing, path, "", xml)
    elif not _is_decimal(observation):
        yield Hit(not_number, path + field, _stated(observation), attribute)


def _indicator(
    context: DqContext, r: int, i: int, indicator: Indicator, taken: dict[str, set[int]]
) -> Iterator[Hit]:
    base = f"results[{r}].indicators[{i}]"
    element = xpath_of(base, "", taken=taken).lstrip("/")
    observed = context.version == "2.03"
    qualitative = indicator.measure is IndicatorMeasure.QUALITATIVE
    if observed:
        for b, baseline in enumerate(indicator.baselines):
            yield from _value_hits(baseline, qualitative, "baselines", f"{base}.baselines[{b}]", None)
    for p, (period, targets, actuals) in enumerate(period_elements(indicator), 1):
        days = period_days(period)
        if days is not None and days[0] > days[1]:
            first = f"{base}.targets[{targets[0]}]" if targets else f"{base}.actuals[{actuals[0]}]"
            interval = f"{days[0].isoformat()}/{days[1].isoformat()}"
            yield Hit("8.6.1", f"{first}.period", interval, f"{element}/period[{p}]")
        if not observed:
            continue
        for kind, indexes in (("targets", targets), ("actuals", actuals)):
            tag = kind[:-1]
            for position, index in enumerate(indexes, 1):
                yield from _value_hits(
                    getattr(indicator, kind)[index],
                    qualitative,
                    kind,
                    f"{base}.{kind}[{index}]",
                    f"{element}/period[{p}]/{tag}[{position}]",
                )


def result_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every hit of these rules in ``programme``."""
    taken = taken_positions(programme.extras)
    for r, result in enumerate(programme.results):
        for i, indicator in enumerate(result.indicators):
            yield from _indicator(context, r, i, indicator, taken)
            if result.references and indicator.references:
                codes = ", ".join(reference.code for reference in result.references)
                own = ", ".join(reference.code for reference in indicator.references)
                yield Hit("8.11.1", f"results[{r}].indicators[{i}].references", f"{codes} / {own}")
