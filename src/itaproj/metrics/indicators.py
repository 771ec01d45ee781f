"""Indicator progress and selection ratios, keeping bounds as bounds."""

from __future__ import annotations

from decimal import Decimal

import attrs

from itaproj.beneficiary import Selection
from itaproj.errors import AmountRangeError, BoundArithmeticError
from itaproj.quantity import Count, Measure, Qualifier, divide
from itaproj.results import Indicator, Observation
from itaproj.text import LocalizedText

__all__ = ["IndicatorChange", "SelectionRatio", "indicator_change", "selection_ratio"]


@attrs.frozen
class IndicatorChange:
    """Change and progress of one indicator, bounds kept.

    Args:
        path: Where the indicator is, as a ``$``-path (``$.results[0].indicators[1]``).
        title: The indicator's title.
        baseline: The baseline value, when a number.
        latest: The latest actual value, when a number.
        target: The last target value, when a number.
        change: ``latest - baseline`` (:attr:`itaproj.results.Indicator.change`).
        relative_change: ``change / baseline`` as a fraction (0.5 is +50%), a bound when the
            change is a bound; ``None`` without an exact non-zero baseline.
        progress: ``(latest - baseline) / (target - baseline)``: 1 is the target reached; a
            bound when the latest value is; ``None`` unless baseline and target are exact and
            differ.

    A figure that would be 10^18 or more in magnitude (a change over a tiny baseline) is
    ``None``: no number the library holds states it.
    """

    path: str
    title: LocalizedText
    baseline: Measure | None = None
    latest: Measure | None = None
    target: Measure | None = None
    change: Measure | None = None
    relative_change: Measure | None = None
    progress: Measure | None = None


@attrs.frozen
class SelectionRatio:
    """Selected over applied for one target group: 19 of more than 300 is "less than 19/300"."""

    path: str
    applied: Measure | None
    selected: Measure | None
    ratio: Measure | None


def _number(observation: Observation | None) -> Measure | None:
    if observation is None or not isinstance(observation.value, Measure):
        return None
    return observation.value


def _divide(numerator: Measure, denominator: Measure) -> Measure | None:
    """``numerator / denominator`` for an exact, non-zero denominator, the bound kept.

    ``None`` when the quotient is 10^18 or more (a change over a tiny baseline).
    """
    if denominator.qualifier is not Qualifier.EXACT or denominator.value == 0:
        return None
    qualifier = numerator.qualifier if denominator.value > 0 else numerator.qualifier.flipped()
    try:
        return Measure(divide(numerator.value, denominator.value, "value"), qualifier)
    except AmountRangeError:
        return None


def indicator_change(indicator: Indicator, path: str = "$") -> IndicatorChange:
    """Change, relative change and progress of ``indicator``, bounds kept.

    Where every value is exact the figures equal :attr:`~itaproj.results.Indicator.change`,
    :attr:`~itaproj.results.Indicator.relative_change` and
    :attr:`~itaproj.results.Indicator.progress`.

    Example:
        >>> from itaproj import LocalizedText
        >>> sez = Indicator(LocalizedText({"en": "Enterprises in the SEZ"}), baselines=(Observation(Measure(5)),),
        ...                 targets=(Observation(Measure(15)),), actuals=(Observation(Measure(12)),))
        >>> str(indicator_change(sez).progress)
        '0.7'
    """
    baseline, latest = _number(indicator.baseline), _number(indicator.latest_actual)
    target = _number(indicator.targets[-1]) if indicator.targets else None
    try:
        change = indicator.change
    except (BoundArithmeticError, AmountRangeError):  # no single bound, or 10^18 or more
        change = None
    relative = progress = None
    if change is not None and baseline is not None:
        relative = _divide(change, baseline)
        if (
            target is not None
            and target.qualifier is Qualifier.EXACT
            and baseline.qualifier is Qualifier.EXACT
        ):
            try:
                span = target - baseline
            except AmountRangeError:
                span = None
            progress = None if span is None else _divide(change, span)
    return IndicatorChange(path, indicator.title, baseline, latest, target, change, relative, progress)


def _as_measure(count: Count | None) -> Measure | None:
    return None if count is None else Measure(count.value, count.qualifier)


def selection_ratio(selection: Selection) -> Measure | None:
    """Selected over applied as a fraction, bounds kept: 19 of more than 300 is "less than 19/300".

    ``None`` when either count is missing, nobody applied, or the bounds leave no single bound
    ("more than 10" of "more than 300").

    Example:
        >>> from itaproj import Count
        >>> ratio = selection_ratio(Selection(applied=Count(300, Qualifier.MORE_THAN), selected=Count(19)))
        >>> ratio.qualifier, ratio.value == Decimal(19) / 300
        (<Qualifier.LESS_THAN: 'less_than'>, True)
    """
    applied, selected = selection.applied, selection.selected
    if applied is None or selected is None or applied.value == 0:
        return None
    if selected.value == 0:
        # 0 over any positive count is 0, so the applicants' bound adds no strictness here.
        if selected.qualifier in (Qualifier.EXACT, Qualifier.AT_MOST):
            return Measure(0)  # a count of at most 0 is 0
        if selected.qualifier.is_lower_bound:
            return Measure(0, selected.qualifier)
        if selected.qualifier is Qualifier.LESS_THAN:
            return None  # no count is below 0
    try:
        qualifier = selected.qualifier.combine(applied.qualifier.flipped(), "divide")
    except BoundArithmeticError:
        return None
    return Measure(divide(Decimal(selected.value), applied.value, "value"), qualifier)
