"""Results and indicators: baselines, targets and actuals, in units of the library's pint registry."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field
from itaproj.documents import DocumentLink
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.money import Money
from itaproj.period import Period
from itaproj.quantity import Measure, Qualifier, parse_unit, to_decimal
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_strings, as_text, checked

__all__ = [
    "Dimension",
    "Indicator",
    "IndicatorMeasure",
    "IndicatorReference",
    "Observation",
    "Result",
    "ResultKind",
    "ResultReference",
]


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
    def _as_dimensions(value: Iterable[Dimension]) -> tuple[Dimension, ...]: ...
    def _as_documents(value: Iterable[DocumentLink]) -> tuple[DocumentLink, ...]: ...
    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...
    def _as_result_references(value: Iterable[ResultReference]) -> tuple[ResultReference, ...]: ...
    def _as_indicator_references(value: Iterable[IndicatorReference]) -> tuple[IndicatorReference, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_kind = _as_measure = _as_observations = _as_indicators = _as_dimensions = None
    _as_documents = _as_extras = _as_result_references = _as_indicator_references = None


@attrs.frozen
@checked
class Dimension:
    """A category an observation is broken down by (IATI ``dimension``): sex, age group, ...

    Args:
        name: What is broken down (``"sex"``), as the source names it.
        value: Which part this observation counts (``"female"``).

    Example:
        >>> Observation(Measure(40), dimensions=(Dimension("sex", "female"),)).dimensions[0].value
        'female'
    """

    name: str | None = None
    value: str | None = None


@attrs.frozen
@checked
class ResultReference:
    """A code for a result in a results framework (IATI ``result/reference``).

    Args:
        code: The result's code in the framework.
        vocabulary: The framework (IATI ResultVocabulary: ``"99"``, the reporting
            organisation's own); ``None`` when the source does not say.
        vocabulary_uri: Where the framework is defined.

    Example:
        >>> ResultReference("R-1", "99", "https://example.org/results").vocabulary
        '99'
    """

    code: str
    vocabulary: str | None = code_field("ResultVocabulary")
    vocabulary_uri: str | None = None


@attrs.frozen
@checked
class IndicatorReference:
    """A code for an indicator in a recognised vocabulary (IATI ``indicator/reference``).

    Args:
        code: The indicator's code in the vocabulary.
        vocabulary: IATI IndicatorVocabulary (``"9"``: the SDG indicators; ``"99"``: the
            reporting organisation's own); ``None`` when the source does not say.
        indicator_uri: Where the vocabulary (or the indicator) is defined.

    Example:
        >>> IndicatorReference("4.1.1", "9").vocabulary
        '9'
    """

    code: str
    vocabulary: str | None = code_field("IndicatorVocabulary")
    indicator_uri: str | None = None


def _check_year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9999:
        raise InvalidValueError(attribute.name, value, "be a year from 1 to 9999")


def _is_number(text: str) -> bool:
    try:
        to_decimal(text)
    except (InvalidValueError, ArithmeticError):
        return False
    return True


@attrs.frozen
@checked
class Observation:
    """A value of an indicator at a time: a baseline, a target or an actual.

    Args:
        value: A number (possibly a bound: "more than 100"), an amount of money, or ``None``
            when the value is not a number (see ``text``) or not stated.
        period: When it holds, to the precision known ("up to 2013"); a baseline's is the
            date (or year) it was taken.
        note: What the source says about it, verbatim (IATI ``comment``).
        text: A value that is not a number, as the source states it: a qualitative
            indicator's ``"Yes"`` or ``"Too early to measure"``, or a figure written in a way
            that is no decimal number (``"198,412.00"``). Never a number (give that as
            ``value``), and never together with ``value``.
        year: For a baseline only: the year IATI's ``baseline/@year`` states when it is not
            the year of ``period.start`` (publishers write placeholders such as 1900 beside a
            real date); ``None``: the year of ``period.start``.
        locations: The activity locations the value is for, by their ``ref``
            (IATI ``location/@ref``).
        dimensions: The categories the value is broken down by.
        documents: Documents the value comes from.
        extras: Content in other XML namespaces found in the source element, kept verbatim.

    Example:
        >>> Observation(text="Yes").value is None
        True
        >>> Observation(text="12")
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'text' must be a value that is not a number; give a number as value=Measure(...) (got '12')
    """

    value: Measure | Money | None = None
    period: Period | None = None
    note: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    text: str | None = None
    year: int | None = attrs.field(default=None, validator=_check_year)
    locations: tuple[str, ...] = attrs.field(default=(), converter=as_strings)
    dimensions: tuple[Dimension, ...] = attrs.field(default=(), converter=_as_dimensions)
    documents: tuple[DocumentLink, ...] = attrs.field(default=(), converter=_as_documents)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __attrs_post_init__(self) -> None:
        """Refuse a text that is a number, or a text beside a value."""
        if self.text is not None:
            if self.value is not None:
                raise InvalidValueError(
                    "text", self.text, f"be given without a value (the observation's value is {self.value})"
                )
            if _is_number(self.text):
                raise InvalidValueError(
                    "text", self.text, "be a value that is not a number; give a number as value=Measure(...)"
                )


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
        baselines: The starting values: usually one; IATI 2.03 allows one per location or
            breakdown (:attr:`baseline` is the first).
        targets: Planned values, in time order.
        actuals: Achieved values, in time order.
        description: Longer text.
        aggregation_status: Whether the values may be added up with other indicators'
            (IATI ``@aggregation-status``); ``None`` when the source does not say.
        references: Codes of the indicator in recognised vocabularies (SDG indicators, ...).
        documents: Documents about the indicator.
        extras: Content in other XML namespaces found in the source element, kept verbatim.

    Example:
        >>> sez = Indicator(LocalizedText({"en": "Enterprises in the SEZ"}), unit="enterprise",
        ...                 baselines=(Observation(Measure(5)),), actuals=(Observation(Measure(12)),))
        >>> sez.change
        Measure(value=Decimal('7'), qualifier=<Qualifier.EXACT: 'exact'>)
        >>> sez.relative_change
        Decimal('1.4')
    """

    title: LocalizedText = attrs.field(converter=as_text)
    measure: IndicatorMeasure = attrs.field(default=IndicatorMeasure.UNIT, converter=_as_measure)
    unit: str | None = attrs.field(default=None, validator=_check_unit)
    ascending: bool = True
    baselines: tuple[Observation, ...] = attrs.field(default=(), converter=_as_observations)
    targets: tuple[Observation, ...] = attrs.field(default=(), converter=_as_observations)
    actuals: tuple[Observation, ...] = attrs.field(default=(), converter=_as_observations)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    aggregation_status: bool | None = None
    references: tuple[IndicatorReference, ...] = attrs.field(default=(), converter=_as_indicator_references)
    documents: tuple[DocumentLink, ...] = attrs.field(default=(), converter=_as_documents)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    @property
    def baseline(self) -> Observation | None:
        """The first baseline, if any: the one :attr:`change` and :attr:`progress` start from."""
        return self.baselines[0] if self.baselines else None

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
        aggregation_status: Whether the result's data may be added up with others'
            (IATI ``@aggregation-status``); ``None`` when the source does not say.
        references: Codes of the result in results frameworks.
        documents: Documents about the result.
        extras: Content in other XML namespaces found in the source element, kept verbatim.

    Example:
        >>> jobs = Result(LocalizedText({"en": "More jobs"}), kind="outcome",
        ...               references=(ResultReference("R-1", "99"),))
        >>> jobs.kind.iati_code, jobs.references[0].code
        ('2', 'R-1')
    """

    title: LocalizedText = attrs.field(converter=as_text)
    kind: ResultKind | None = attrs.field(default=None, converter=_as_kind)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_as_indicators)
    aggregation_status: bool | None = None
    references: tuple[ResultReference, ...] = attrs.field(default=(), converter=_as_result_references)
    documents: tuple[DocumentLink, ...] = attrs.field(default=(), converter=_as_documents)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
