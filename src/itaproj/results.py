"""Results and indicators: baselines, targets and actuals, in units of the library's pint registry."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.errors import InvalidValueError
from itaproj.money import Money
from itaproj.period import Period
from itaproj.quantity import Measure, Qualifier, parse_unit
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_text, checked

__all__ = ["Indicator", "IndicatorMeasure", "Observation", "Result", "ResultKind"]


class ResultKind(enum.Enum):
    """IATI ResultType."""

    OUTPUT = "output"
    OUTCOME = "outcome"
    IMPACT = "impact"
    OTHER = "other"

    @property
    def iati_code(self) -> str:
        """IATI ResultType code."""
        return {"output": "1", "outcome": "2", "impact": "3", "other": "9"}[self.value]


class IndicatorMeasure(enum.Enum):
    """IATI IndicatorMeasure: what an indicator's values are."""

    UNIT = "unit"
    PERCENTAGE = "percentage"
    NOMINAL = "nominal"
    ORDINAL = "ordinal"
    QUALITATIVE = "qualitative"

    @property
    def iati_code(self) -> str:
        """IATI IndicatorMeasure code."""
        return str(list(IndicatorMeasure).index(self) + 1)


if TYPE_CHECKING:

    def _as_kind(value: ResultKind | str | None) -> ResultKind | None: ...
    def _as_measure(value: IndicatorMeasure | str) -> IndicatorMeasure: ...
    def _as_observations(value: Iterable[Observation]) -> tuple[Observation, ...]: ...
    def _as_indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_kind = _as_measure = _as_observations = _as_indicators = None


@attrs.frozen
@checked
class Observation:
    """A value of an indicator at a time: a baseline, a target or an actual.

    Args:
        value: A number (possibly a bound: "more than 100"), an amount of money, or ``None``
            for a qualitative observation.
        period: When it holds, to the precision known ("up to 2013").
        note: What the source says about it, verbatim.
    """

    value: Measure | Money | None = None
    period: Period | None = None
    note: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


def _check_unit(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        if not isinstance(value, str):
            raise InvalidValueError(attribute.name, value, "be a unit known to pint")
        parse_unit(value)


@attrs.frozen
@checked
class Indicator:
    """A measured indicator of a result.

    Args:
        title: What it measures.
        measure: Unit count, percentage, nominal, ordinal or qualitative.
        unit: A unit pint understands through :func:`itaproj.quantity.unit_registry`
            (``"enterprise"``, ``"person"``, ``"percent"``), or ``None``.
        ascending: True when higher is better.
        baseline: The starting value.
        targets: Planned values, in time order.
        actuals: Achieved values, in time order.
        description: Longer text.

    Example:
        >>> sez = Indicator(LocalizedText({"en": "Enterprises in the SEZ"}), unit="enterprise",
        ...                 baseline=Observation(Measure(5)), actuals=(Observation(Measure(12)),))
        >>> sez.change
        Measure(value=Decimal('7'), qualifier=<Qualifier.EXACT: 'exact'>)
        >>> sez.relative_change
        Decimal('1.4')
    """

    title: LocalizedText = attrs.field(converter=as_text)
    measure: IndicatorMeasure = attrs.field(default=IndicatorMeasure.UNIT, converter=_as_measure)
    unit: str | None = attrs.field(default=None, validator=_check_unit)
    ascending: bool = True
    baseline: Observation | None = None
    targets: tuple[Observation, ...] = attrs.field(default=(), converter=_as_observations)
    actuals: tuple[Observation, ...] = attrs.field(default=(), converter=_as_observations)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)

    @property
    def latest_actual(self) -> Observation | None:
        """The last actual observation, if any."""
        return self.actuals[-1] if self.actuals else None

    @property
    def change(self) -> Measure | None:
        """Latest actual minus baseline, when both are numbers."""
        base, last = _measure(self.baseline), _measure(self.latest_actual)
        if base is None or last is None:
            return None
        return last - base

    @property
    def relative_change(self) -> Decimal | None:
        """The change as a fraction of the baseline (0.5 is +50%), for exact numbers only."""
        change, base = self.change, _measure(self.baseline)
        if change is None or base is None or base.value == 0:
            return None
        if change.qualifier is not Qualifier.EXACT:
            return None
        return change.value / base.value

    @property
    def progress(self) -> Decimal | None:
        """How far the latest actual has come from baseline to the last target (1 is reached).

        ``None`` unless all three are exact numbers: a bound ("more than 100") gives no ratio.
        """
        base, last = _measure(self.baseline), _measure(self.latest_actual)
        target = _measure(self.targets[-1]) if self.targets else None
        if base is None or last is None or target is None or target.value == base.value:
            return None
        if not (base.qualifier is last.qualifier is target.qualifier is Qualifier.EXACT):
            return None
        return (last.value - base.value) / (target.value - base.value)


def _measure(observation: Observation | None) -> Measure | None:
    if observation is None or not isinstance(observation.value, Measure):
        return None
    return observation.value


@attrs.frozen
@checked
class Result:
    """A result of a programme, with its indicators.

    Args:
        title: What was (or is to be) achieved.
        kind: Output, outcome, impact or other; ``None`` when the source does not say.
        description: Longer text.
        indicators: How it is measured.
    """

    title: LocalizedText = attrs.field(converter=as_text)
    kind: ResultKind | None = attrs.field(default=None, converter=_as_kind)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_as_indicators)
