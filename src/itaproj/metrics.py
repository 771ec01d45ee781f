"""Derived metrics: durations, budget ratios, totals, indicator progress, beneficiary counts.

Every figure here is computed from the model and nothing is invented to make one computable:

* where dates are partial, a figure is a range (:class:`~itaproj.period.MonthRange`,
  :class:`DecimalRange`, :class:`MoneyRange`): 2017-2020 lasted 26 to 48 months, so EUR 14.5
  million over it is between EUR 3.625 million and EUR 6.69 million a year;
* where the source states a bound ("more than 300 applied"), the result keeps a bound as a
  :class:`~itaproj.quantity.Measure` with a qualifier (19 selected out of more than 300 is a
  ratio *less than* 19/300);
* where a figure cannot be computed (no shares stated, no budget, no exchange rate), the
  result says so (``None``, or a ``reason`` / a listed gap), never an even split or a skip;
* amounts in different currencies are added only through explicit
  :class:`~itaproj.money.ExchangeRate` objects;
* a figure that would fall outside the range of numbers the library holds (10^18 in
  magnitude, :mod:`itaproj.quantity`) is not computable either: ``None`` or a listed gap, so
  no metric of a valid programme raises for its size.

Shares computed here are fractions from 0 to 1 (``Decimal('0.25')`` is a quarter); fields
named ``percentage`` hold percentages as the model does (``25`` is a quarter).

What to call for what:

* duration: ``Programme.duration`` (a ``MonthRange``); elapsed share at a date:
  ``elapsed_share(period, at)``;
* budget per year: ``budget_per_year(programme)`` (or ``per_year(amount, months)``); per
  recipient country: ``budget_per_country``; per component: ``component_budgets``;
* catalogue totals in one currency: ``catalogue_total(catalogue, "EUR", rates)``; budget under
  each policy marker by significance: ``theme_totals``; within one programme:
  ``theme_coverage``;
* indicators: ``indicator_change(indicator)``; selection: ``selection_ratio(selection)``;
* listed beneficiaries by kind, country, oblast and cluster: ``beneficiary_counts``;
* everything at once: ``programme_metrics(programme, at)`` and
  ``catalogue_metrics(catalogue, at, currency, rates)``.

The results are frozen attrs classes holding model types, ``Decimal``, ``Money``, ``MonthRange``,
``int``, ``str``, tuples and ``dict[str, ...]``, so :func:`itaproj.io.to_builtins` can serialize
them. :func:`programme_metrics` and :func:`catalogue_metrics` bundle everything for the CLI
(``itaproj metrics FILE``).

Example:
    >>> from itaproj import Budget, LocalizedText, Money, Period, Programme
    >>> m4eg = Programme("m4eg", LocalizedText({"en": "Mayors for Economic Growth"}),
    ...                  period=Period.parse("2017", "2020"), budget=Budget(total=Money("14.5E6", "EUR")))
    >>> yearly = budget_per_year(m4eg)
    >>> str(yearly.low), str(yearly.high.amount.quantize(Decimal(1)))
    ('EUR 3,625,000', '6692308')
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

import attrs

from itaproj.beneficiary import Selection, TargetGroup
from itaproj.budget import Budget
from itaproj.errors import AmountRangeError, BoundArithmeticError, CurrencyMismatchError, InvalidValueError
from itaproj.money import ExchangeRate, Money, MoneyRange
from itaproj.period import MonthRange, PartialDate, Period
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Count, Measure, Qualifier, divide, ratio, scale
from itaproj.results import Indicator, Observation
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme

__all__ = [
    "BeneficiaryCounts",
    "CatalogueMetrics",
    "CatalogueTotal",
    "ComponentBudget",
    "CountrySplit",
    "DecimalRange",
    "IndicatorChange",
    "ProgrammeMetrics",
    "SelectionRatio",
    "ThemeCoverage",
    "ThemeTotal",
    "beneficiary_counts",
    "budget_per_country",
    "budget_per_year",
    "catalogue_metrics",
    "catalogue_total",
    "component_budgets",
    "elapsed_share",
    "indicator_change",
    "per_year",
    "programme_metrics",
    "selection_ratio",
    "theme_coverage",
    "theme_totals",
]

_HUNDRED = Decimal(100)
_TWELVE = Decimal(12)


# -- result types ---------------------------------------------------------------------------


@attrs.frozen
class DecimalRange:
    """A number known to lie between ``low`` and ``high`` (inclusive).

    Example:
        >>> r = DecimalRange(Decimal("0.25"), Decimal("0.5"))
        >>> Decimal("0.3") in r, r.is_exact
        (True, False)
    """

    low: Decimal
    high: Decimal

    @property
    def is_exact(self) -> bool:
        """True when the number is known exactly."""
        return self.low == self.high

    def __contains__(self, value: object) -> bool:
        return isinstance(value, (Decimal, int)) and self.low <= value <= self.high

    def __str__(self) -> str:
        return f"{self.low}" if self.is_exact else f"{self.low}–{self.high}"


@attrs.frozen
class CountrySplit:
    """A programme budget split by recipient country, or why it cannot be split.

    Args:
        amounts: ISO 3166-1 code -> amount; empty when not computable.
        reason: Why the split is not computable (no budget, a country without a stated share...);
            ``None`` when ``amounts`` holds the split.
    """

    amounts: dict[str, Money] = attrs.field(factory=dict)
    reason: str | None = None


@attrs.frozen
class ComponentBudget:
    """One component's budget: stated, or derived from its stated share of the programme budget.

    Args:
        code: The component's code.
        amount: Its own stated budget, else ``percentage`` of the programme budget; ``None`` when
            neither is known.
        percentage: Its stated ``budget_share``, else its stated budget as a percentage of the
            programme budget (exact amounts in one currency only); ``None`` when unknown.
    """

    code: str
    amount: Money | None = None
    percentage: Decimal | None = None


@attrs.frozen
class CatalogueTotal:
    """Budgets of a catalogue in one reporting currency, with every gap listed.

    Args:
        currency: The reporting currency.
        total: The sum of ``amounts``; ``None`` when bounds in opposite directions leave no
            single bound ("more than X" plus "less than Y"), or the sum is 10^18 or more.
        amounts: Programme key -> its budget in ``currency``, for the programmes counted.
        missing_rates: Programme keys whose budget currency has no rate to ``currency``.
        unknown: Programme keys without a single budget amount (none stated, mixed currencies,
            lines adding up to 10^18 or more, or 10^18 or more once converted).
        nested: Child programmes left out because a parent in the catalogue has a known budget
            that is taken to include theirs.
        rates: The exchange rates used, each once.
    """

    currency: str
    total: Money | None
    amounts: dict[str, Money] = attrs.field(factory=dict)
    missing_rates: tuple[str, ...] = ()
    unknown: tuple[str, ...] = ()
    nested: tuple[str, ...] = ()
    rates: tuple[ExchangeRate, ...] = ()

    @property
    def is_complete(self) -> bool:
        """True when every programme counted has a known budget and a rate (nested ones aside)."""
        return not self.missing_rates and not self.unknown and self.total is not None


@attrs.frozen
class ThemeTotal:
    """The budget that carries one policy marker at one significance, across a catalogue.

    Args:
        vocabulary: The PolicyMarkerVocabulary code.
        code: The policy marker code (``"1"`` gender equality, ``"2"`` aid to environment...).
        significance: The PolicySignificance, ``None`` where the source does not say.
        budget: The covered budgets in the reporting currency, programme by programme, with gaps.
    """

    vocabulary: str
    code: str
    significance: int | None
    budget: CatalogueTotal


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


@attrs.frozen
class BeneficiaryCounts:
    """Listed beneficiaries counted by kind, country, subdivision (oblast) and cluster.

    A member counts for a subdivision when it is located there, or when its cluster names exactly
    one region; members of a cluster spanning several regions are counted in
    ``by_region_group`` under the comma-joined codes (``"UA-14,UA-63"``) instead.

    Args:
        listed: The number of listed members.
        by_kind: Beneficiary kind value (``"community"``) -> count.
        by_country: ISO 3166-1 code -> count.
        by_subdivision: ISO 3166-2 code -> count.
        by_region_group: Comma-joined ISO 3166-2 codes of a multi-region cluster -> count.
        by_cluster: Cluster key (``"programme/cluster"`` in a catalogue) -> count.
        without_country: Members whose country is unknown.
        without_subdivision: Members whose subdivision is unknown (``by_region_group`` included).
        without_cluster: Members in no cluster.
    """

    listed: int = 0
    by_kind: dict[str, int] = attrs.field(factory=dict)
    by_country: dict[str, int] = attrs.field(factory=dict)
    by_subdivision: dict[str, int] = attrs.field(factory=dict)
    by_region_group: dict[str, int] = attrs.field(factory=dict)
    by_cluster: dict[str, int] = attrs.field(factory=dict)
    without_country: int = 0
    without_subdivision: int = 0
    without_cluster: int = 0


@attrs.frozen
class ThemeCoverage:
    """How much of a programme a cross-cutting theme covers.

    Args:
        title: The theme's title.
        code: Its policy marker code, if any.
        vocabulary: Its PolicyMarkerVocabulary code.
        significance: Its PolicySignificance (0-4), ``None`` when unstated.
        components: The codes of the programme's components it covers (all of them when the
            theme names none).
        component_share: ``len(components)`` over the number of components, as a fraction;
            ``None`` when the programme has no components.
        budget: The budget that carries the theme: the programme budget when it applies to all,
            else the sum of its components' budgets; ``None`` where any of these is unknown.
        budget_share: ``budget`` over the programme budget, as a fraction; ``None`` when unknown
            or not exact.
    """

    title: LocalizedText
    code: str | None
    vocabulary: str
    significance: int | None
    components: tuple[str, ...] = ()
    component_share: Decimal | None = None
    budget: Money | None = None
    budget_share: Decimal | None = None


@attrs.frozen
class ProgrammeMetrics:
    """Every metric of one programme, as :func:`programme_metrics` computes them.

    Args:
        key: The programme's key.
        duration: Its length in months (a range when dates are partial).
        declared_months: The declared length in months ("four-year" is 48), if declared in
            months or years.
        at: The date ``elapsed`` refers to, if one was given.
        elapsed: The share of the period elapsed at ``at``, as a range of fractions.
        budget: The budget as one amount.
        budget_per_year: ``budget`` over the duration in years, as a range; ``None`` when
            unknown or 10^18 or more a year.
        budget_per_declared_year: ``budget`` over the declared length, when declared (and
            below 10^18 a year).
        countries: The budget by recipient country, or why not.
        components: Each component's budget and share.
        indicators: Change and progress of every indicator.
        selections: Selection ratios of the target groups that state a selection.
        beneficiaries: Listed beneficiaries by kind, country, oblast, cluster.
        themes: Coverage of every cross-cutting theme.
    """

    key: str
    duration: MonthRange | None = None
    declared_months: int | None = None
    at: PartialDate | None = None
    elapsed: DecimalRange | None = None
    budget: Money | None = None
    budget_per_year: MoneyRange | None = None
    budget_per_declared_year: Money | None = None
    countries: CountrySplit = attrs.field(factory=CountrySplit)
    components: tuple[ComponentBudget, ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    selections: tuple[SelectionRatio, ...] = ()
    beneficiaries: BeneficiaryCounts = attrs.field(factory=BeneficiaryCounts)
    themes: tuple[ThemeCoverage, ...] = ()


@attrs.frozen
class CatalogueMetrics:
    """Metrics of every programme of a catalogue, and catalogue-wide totals.

    Args:
        programmes: Programme key -> its metrics, in catalogue order.
        total: Budgets in the reporting currency, when one was asked for.
        beneficiaries: Listed beneficiaries of all programmes.
        themes: Budget carrying each policy marker by significance, when a currency was asked for.
    """

    programmes: dict[str, ProgrammeMetrics] = attrs.field(factory=dict)
    total: CatalogueTotal | None = None
    beneficiaries: BeneficiaryCounts = attrs.field(factory=BeneficiaryCounts)
    themes: tuple[ThemeTotal, ...] = ()


# -- time -----------------------------------------------------------------------------------


def _fraction_elapsed(at: dt.date, start: dt.date, end: dt.date) -> Decimal:
    # The period covers the days start..end inclusive; at the start of day `at`, the days
    # before it have elapsed.
    total = (end - start).days + 1
    done = (at - start).days
    return min(max(ratio(done, total), Decimal(0)), Decimal(1))


def elapsed_share(period: Period, at: dt.date) -> DecimalRange | None:
    """The share of ``period`` elapsed at the start of day ``at``, as a range of fractions.

    0 on the first day, 1 from the day after the last. With partial dates the share is a range:
    the highest reading takes the earliest start and end, the lowest the latest ones. ``None``
    when the start or end is unknown or open, or the period ends before it starts.

    Example:
        >>> share = elapsed_share(Period.parse("2017", "2020"), dt.date(2019, 1, 1))
        >>> str(share.low.quantize(Decimal("0.001"))), str(share.high.quantize(Decimal("0.001")))
        ('0.334', '0.666')
    """
    if period.start is None or period.end is None or period.ends_before_start:
        return None
    start_first, start_last = period.start.earliest(), period.start.latest()
    end_first, end_last = period.end.earliest(), period.end.latest()
    # A reading has start <= end; the share falls as the start or the end moves later.
    high = _fraction_elapsed(at, start_first, max(end_first, start_first))
    low = _fraction_elapsed(at, min(start_last, end_last), end_last)
    return DecimalRange(low, high)


def per_year(amount: Money, months: MonthRange) -> MoneyRange:
    """``amount`` spread over ``months``, per year: low over the longest, high over the shortest.

    A period always touches at least one calendar month, so a range starting at 0 counts from 1.
    Each end is ``amount * 12 / months``, rounded once (as a quotient, to 28 significant digits).

    Raises:
        AmountRangeError: when the amount per year is 10^18 or more.

    Example:
        >>> str(per_year(Money(1200, "EUR"), MonthRange(12, 24)))
        'EUR 600 – EUR 1,200'
    """
    shortest = max(months.low, 1)
    longest = max(months.high, shortest)
    over_longest, over_shortest = _per_months(amount, longest), _per_months(amount, shortest)
    if amount.amount < 0:  # a negative amount (a reduction) is largest over the longest time
        return MoneyRange(over_shortest, over_longest)
    return MoneyRange(over_longest, over_shortest)


def _per_months(amount: Money, months: int) -> Money:
    """``amount`` per year when spread over ``months``: one rounding, no overflow on the way."""
    qualifier = amount.qualifier if months > 0 else amount.qualifier.flipped()
    return Money(scale(amount.amount, _TWELVE, months, "amount", "per year"), amount.currency, qualifier)


def _share(amount: Money, percentage: Decimal) -> Money:
    """``percentage`` percent (0 to 100) of ``amount``, rounded once."""
    return Money(
        scale(amount.amount, percentage, _HUNDRED, "amount", "share"), amount.currency, amount.qualifier
    )


def _budget_amount(budget: Budget | None) -> Money | None:
    return None if budget is None else budget.known_amount


def budget_per_year(programme: Programme) -> MoneyRange | None:
    """The programme budget per year of its period, as a range; ``None`` if either is unknown.

    ``None`` too when the amount per year is out of range (10^18 or more).

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> kz = Programme("kz", LocalizedText({"en": "KZ"}), period=Period.parse("2013", "2017"),
        ...                budget=Budget(total=Money(6288000, "EUR")))
        >>> kz.duration
        MonthRange(low=38, high=60)
        >>> str(budget_per_year(kz).low)
        'EUR 1,257,600'
    """
    amount, months = _budget_amount(programme.budget), programme.duration
    if amount is None or months is None:
        return None
    try:
        return per_year(amount, months)
    except AmountRangeError:
        return None


# -- budget splits ----------------------------------------------------------------------------


def budget_per_country(programme: Programme) -> CountrySplit:
    """The budget split by the stated recipient country shares; never an even split.

    Example:
        >>> from itaproj import Budget, CountryShare, LocalizedText
        >>> p = Programme("p", LocalizedText({"en": "P"}), budget=Budget(total=Money(100, "EUR")),
        ...               recipient_countries=(CountryShare("UA"), CountryShare("MD")))
        >>> budget_per_country(p).reason
        'no share stated for UA, MD'
    """
    if not programme.recipient_countries:
        return CountrySplit(reason="no recipient countries")
    unstated = [share.country for share in programme.recipient_countries if share.percentage is None]
    if unstated:
        return CountrySplit(reason=f"no share stated for {', '.join(unstated)}")
    amount = _budget_amount(programme.budget)
    if amount is None:
        return CountrySplit(reason="no single budget amount")
    amounts: dict[str, Money] = {}
    for share in programme.recipient_countries:
        percentage = share.percentage or Decimal(0)  # every share is stated here: see `unstated`
        part = _share(amount, percentage)
        try:
            amounts[share.country] = amounts[share.country] + part if share.country in amounts else part
        except AmountRangeError:  # one country listed again and again, its shares above 100%
            return CountrySplit(reason=f"the amount for {share.country} is out of range")
    return CountrySplit(amounts)


def component_budgets(programme: Programme) -> tuple[ComponentBudget, ...]:
    """Each component's budget and percentage of the programme budget, as far as stated."""
    total = _budget_amount(programme.budget)
    found: list[ComponentBudget] = []
    for component in programme.components:
        amount, percentage = component.budget, component.budget_share
        if amount is None and percentage is not None and total is not None:
            amount = _share(total, percentage)
        elif (
            percentage is None
            and amount is not None
            and total is not None
            and amount.currency == total.currency
            and amount.is_exact
            and total.is_exact
            and total.amount != 0
        ):
            percentage = ratio(amount.amount, total.amount, _HUNDRED)
        found.append(ComponentBudget(component.code, amount, percentage))
    return tuple(found)


def _rate_table(rates: Iterable[ExchangeRate]) -> dict[tuple[str, str], tuple[ExchangeRate, bool]]:
    """Index rates by (source, target) -> (rate, inverted); a rate serves backwards too."""
    direct: dict[tuple[str, str], ExchangeRate] = {}
    for rate in rates:
        pair = (rate.source, rate.target)
        known = direct.setdefault(pair, rate)
        if known.rate != rate.rate:
            raise InvalidValueError(
                "rates", rate, f"hold one rate from {pair[0]} to {pair[1]} (also {known.rate})"
            )
    table = {pair: (rate, False) for pair, rate in direct.items()}
    for (source, target), rate in direct.items():
        table.setdefault((target, source), (rate, True))
    return table


def _convert(amount: Money, rate: ExchangeRate, inverted: bool) -> Money:
    # Dividing by the given rate keeps "USD 110 at 1.10" exactly EUR 100.
    if inverted:
        return Money(divide(amount.amount, rate.rate, "amount", "convert"), rate.source, amount.qualifier)
    return amount.convert(rate)


def catalogue_total(
    catalogue: Catalogue,
    currency: str,
    rates: Iterable[ExchangeRate] = (),
    *,
    include_children: bool = False,
    strict: bool = False,
) -> CatalogueTotal:
    """The catalogue's budgets in ``currency``, converted only with the given ``rates``.

    A rate converts either way (its inverse is used for the opposite direction). A programme
    whose currency has no rate is listed in ``missing_rates`` and left out of the total (or,
    with ``strict=True``, raises). A child programme is left out when a parent in the catalogue
    has a known budget (a child's budget is normally part of its parent's), unless
    ``include_children`` is true.

    Raises:
        CurrencyMismatchError: with ``strict=True``, for the first budget without a rate.
        InvalidValueError: when two different rates are given for one currency pair.

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> cat = Catalogue((
        ...     Programme("a", LocalizedText({"en": "A"}), budget=Budget(total=Money(100, "EUR"))),
        ...     Programme("b", LocalizedText({"en": "B"}), budget=Budget(total=Money(110, "USD"))),
        ...     Programme("c", LocalizedText({"en": "C"}), budget=Budget(total=Money(5, "KZT")))))
        >>> total = catalogue_total(cat, "EUR", [ExchangeRate("EUR", "USD", "1.10", dt.date(2020, 1, 2))])
        >>> total.total, total.missing_rates
        (Money('200', 'EUR'), ('c',))
    """
    table = _rate_table(rates)
    entries: list[tuple[str, Money | None]] = []
    nested: list[str] = []
    for programme in catalogue.programmes:
        if not include_children and _is_nested(catalogue, programme):
            nested.append(programme.key)
        else:
            entries.append((programme.key, _budget_amount(programme.budget)))
    return _reporting_total(currency, entries, table, strict, tuple(nested))


def _is_nested(catalogue: Catalogue, programme: Programme) -> bool:
    """Tell whether a parent of ``programme`` in ``catalogue`` has a known budget."""
    return any(_budget_amount(parent.budget) is not None for parent in catalogue.parents_of(programme))


def _reporting_total(
    currency: str,
    entries: Iterable[tuple[str, Money | None]],
    table: dict[tuple[str, str], tuple[ExchangeRate, bool]],
    strict: bool,
    nested: tuple[str, ...],
) -> CatalogueTotal:
    amounts: dict[str, Money] = {}
    missing: list[str] = []
    unknown: list[str] = []
    used: dict[ExchangeRate, None] = {}
    for key, amount in entries:
        if amount is None:
            unknown.append(key)
            continue
        if amount.currency != currency:
            found = table.get((amount.currency, currency))
            if found is None:
                if strict:
                    raise CurrencyMismatchError(amount.currency, currency, "convert")
                missing.append(key)
                continue
            try:
                amount = _convert(amount, *found)
            except AmountRangeError:  # 10^18 or more once converted
                unknown.append(key)
                continue
            used[found[0]] = None
        amounts[key] = amount
    total: Money | None = Money.zero(currency)
    for amount in amounts.values():
        try:
            total = total + amount
        except (BoundArithmeticError, AmountRangeError):
            total = None
            break
    return CatalogueTotal(currency, total, amounts, tuple(missing), tuple(unknown), nested, tuple(used))


def theme_totals(
    catalogue: Catalogue,
    currency: str,
    rates: Iterable[ExchangeRate] = (),
    *,
    include_children: bool = False,
) -> tuple[ThemeTotal, ...]:
    """How much of the catalogue's budget carries each policy marker, by significance.

    Themes are grouped by (vocabulary, code, significance); themes without a code (your own,
    vocabulary ``"99"``) cannot be matched across programmes and are left out. Each group's
    budget is the sum of its programmes' :attr:`ThemeCoverage.budget` in ``currency``, with the
    same gaps and nesting as :func:`catalogue_total`.

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> gender = CrossCuttingTheme(LocalizedText({"en": "Gender"}), code="1", significance=1)
        >>> cat = Catalogue(tuple(
        ...     Programme(k, LocalizedText({"en": k}), budget=Budget(total=Money(n, "EUR")), themes=(gender,))
        ...     for k, n in (("a", 100), ("b", 50))))
        >>> (marker,) = theme_totals(cat, "EUR")
        >>> marker.code, marker.significance, marker.budget.total
        ('1', 1, Money('150', 'EUR'))
    """
    table = _rate_table(rates)
    groups: dict[tuple[str, str, int | None], list[tuple[str, Money | None]]] = {}
    nested: dict[tuple[str, str, int | None], list[str]] = {}
    for programme in catalogue.programmes:
        inside = not include_children and _is_nested(catalogue, programme)
        for coverage in theme_coverage(programme):
            if coverage.code is None:
                continue
            group = (coverage.vocabulary, coverage.code, coverage.significance)
            groups.setdefault(group, [])
            if inside:
                nested.setdefault(group, []).append(programme.key)
            else:
                groups[group].append((programme.key, coverage.budget))
    return tuple(
        ThemeTotal(
            vocabulary,
            code,
            significance,
            _reporting_total(
                currency, entries, table, False, tuple(nested.get((vocabulary, code, significance), ()))
            ),
        )
        for (vocabulary, code, significance), entries in groups.items()
    )


# -- indicators and selection -----------------------------------------------------------------


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


# -- beneficiaries ----------------------------------------------------------------------------


def _group_counts(groups: Iterable[tuple[str, TargetGroup]]) -> BeneficiaryCounts:
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    subdivisions: Counter[str] = Counter()
    region_groups: Counter[str] = Counter()
    clusters: Counter[str] = Counter()
    listed = no_country = no_subdivision = no_cluster = 0
    for prefix, group in groups:
        regions = {cluster.key: cluster.regions for cluster in group.clusters}
        for member in group.members:
            listed += 1
            kinds[member.kind.value] += 1
            cluster_regions = regions.get(member.cluster or "", ())
            location = member.location
            if location is not None and location.subdivision is not None:
                subdivision: str | None = location.subdivision
            elif len(cluster_regions) == 1:
                subdivision = cluster_regions[0]
            else:
                subdivision = None
            cluster_countries = {code.split("-", 1)[0] for code in cluster_regions}
            if location is not None:
                countries[location.country] += 1
            elif subdivision is not None or len(cluster_countries) == 1:
                countries[(subdivision or cluster_regions[0]).split("-", 1)[0]] += 1
            else:
                no_country += 1
            if subdivision is not None:
                subdivisions[subdivision] += 1
            else:
                no_subdivision += 1
                if cluster_regions:
                    region_groups[",".join(cluster_regions)] += 1
            if member.cluster is None:
                no_cluster += 1
            else:
                clusters[prefix + member.cluster] += 1
    return BeneficiaryCounts(
        listed,
        dict(kinds),
        dict(countries),
        dict(subdivisions),
        dict(region_groups),
        dict(clusters),
        no_country,
        no_subdivision,
        no_cluster,
    )


def beneficiary_counts(obj: Programme | Catalogue) -> BeneficiaryCounts:
    """Listed beneficiaries of a programme (or every programme of a catalogue) by kind, place, cluster.

    In a catalogue, cluster keys are prefixed with the programme key (``"clir/kyiv"``).
    """
    if isinstance(obj, Catalogue):
        return _group_counts((f"{p.key}/", g) for p in obj.programmes for g in p.target_groups)
    return _group_counts(("", g) for g in obj.target_groups)


# -- themes -----------------------------------------------------------------------------------


def _theme(
    theme: CrossCuttingTheme, programme: Programme, budgets: dict[str, ComponentBudget]
) -> ThemeCoverage:
    total = _budget_amount(programme.budget)
    codes = tuple(budgets) if not theme.components else tuple(c for c in theme.components if c in budgets)
    component_share = None if not budgets else ratio(len(codes), len(budgets))
    budget: Money | None
    if not theme.components:
        budget = total
    else:
        parts = [budgets[code].amount for code in codes]
        amounts = [part for part in parts if part is not None]
        budget = None
        if amounts and len(amounts) == len(parts):
            try:
                budget = sum(amounts[1:], amounts[0])
            except (CurrencyMismatchError, BoundArithmeticError, AmountRangeError):
                budget = None
    budget_share = None
    if (
        budget is not None
        and total is not None
        and budget.currency == total.currency
        and budget.is_exact
        and total.is_exact
        and total.amount != 0
    ):
        budget_share = budget.ratio(total)
    return ThemeCoverage(
        theme.title,
        theme.code,
        theme.vocabulary,
        theme.significance,
        codes,
        component_share,
        budget,
        budget_share,
    )


def theme_coverage(programme: Programme) -> tuple[ThemeCoverage, ...]:
    """For each cross-cutting theme, the components and the budget that carry it.

    A theme that names no components applies to the whole programme. The budget of a theme
    that names components is the sum of their budgets (stated, or from their stated shares);
    when any of them is unknown, so is the theme's budget.
    """
    budgets = {item.code: item for item in component_budgets(programme)}
    return tuple(_theme(theme, programme, budgets) for theme in programme.themes)


# -- bundles ------------------------------------------------------------------------------------


def _indicators(programme: Programme) -> Iterator[IndicatorChange]:
    for i, result in enumerate(programme.results):
        for j, indicator in enumerate(result.indicators):
            yield indicator_change(indicator, f"$.results[{i}].indicators[{j}]")


def _selections(programme: Programme) -> Iterator[SelectionRatio]:
    for i, group in enumerate(programme.target_groups):
        selection = group.selection
        if selection is not None:
            yield SelectionRatio(
                f"$.target_groups[{i}].selection",
                _as_measure(selection.applied),
                _as_measure(selection.selected),
                selection_ratio(selection),
            )


def programme_metrics(programme: Programme, at: dt.date | None = None) -> ProgrammeMetrics:
    """Every metric of ``programme``; ``elapsed`` only when a date ``at`` is given.

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> m = programme_metrics(Programme("m4eg", LocalizedText({"en": "M4EG"}),
        ...                       period=Period.parse("2017", "2020"),
        ...                       budget=Budget(total=Money("14.5E6", "EUR"))))
        >>> str(m.duration), m.countries.reason
        ('26–48', 'no recipient countries')
    """
    amount = _budget_amount(programme.budget)
    span = programme.declared_duration
    declared_months = None if span is None else span.months
    per_declared_year = None
    if amount is not None and declared_months:
        try:
            per_declared_year = _per_months(amount, declared_months)
        except AmountRangeError:
            per_declared_year = None
    elapsed = None
    if at is not None and programme.period is not None:
        elapsed = elapsed_share(programme.period, at)
    return ProgrammeMetrics(
        key=programme.key,
        duration=programme.duration,
        declared_months=declared_months,
        at=None if at is None else PartialDate.from_date(at),
        elapsed=elapsed,
        budget=amount,
        budget_per_year=budget_per_year(programme),
        budget_per_declared_year=per_declared_year,
        countries=budget_per_country(programme),
        components=component_budgets(programme),
        indicators=tuple(_indicators(programme)),
        selections=tuple(_selections(programme)),
        beneficiaries=beneficiary_counts(programme),
        themes=theme_coverage(programme),
    )


def catalogue_metrics(
    catalogue: Catalogue,
    at: dt.date | None = None,
    currency: str | None = None,
    rates: Iterable[ExchangeRate] = (),
) -> CatalogueMetrics:
    """Metrics of every programme and, when ``currency`` is given, the total in that currency.

    Example:
        >>> from itaproj import Budget, LocalizedText
        >>> cat = Catalogue((Programme("a", LocalizedText({"en": "A"}), budget=Budget(total=Money(7, "EUR"))),))
        >>> catalogue_metrics(cat, currency="EUR").total.total
        Money('7', 'EUR')
    """
    rates = tuple(rates)
    return CatalogueMetrics(
        {programme.key: programme_metrics(programme, at) for programme in catalogue.programmes},
        None if currency is None else catalogue_total(catalogue, currency, rates),
        beneficiary_counts(catalogue),
        () if currency is None else theme_totals(catalogue, currency, rates),
    )
