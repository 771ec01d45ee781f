"""Hypothesis strategies for every model type, for property tests of code built on itaproj.

``hypothesis.strategies.from_type`` ignores attrs validators, so it can build a ``Money`` in
currency ``"x"`` or a ``Period`` ending before a start it needs. The strategies here only
build values the model's constructors accept: real currency and codelist codes, lower-case
BCP 47 tags, days that exist, unique programme keys in a catalogue. Texts mix Latin,
Cyrillic, Georgian, Armenian and arbitrary Unicode (no control characters, surrogates or
unassigned code points). Sizes stay small (at most two or three items per tuple, shallow
nesting) so that round-trip properties run fast.

This module imports hypothesis (the ``test`` extra); ``import itaproj`` does not import it.

Example:
    >>> from hypothesis import given, settings
    >>> from itaproj import Money
    >>> @settings(max_examples=20)
    ... @given(money(currency="EUR", qualifier=Qualifier.EXACT))
    ... def test_zero_is_identity(amount):
    ...     assert amount + Money.zero("EUR") == amount
    >>> test_zero_is_identity()

After :func:`register_type_strategies`, ``st.from_type(Money)`` uses :func:`money`.

"""

from __future__ import annotations

import calendar
import datetime as dt
import string
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import hypothesis.strategies as st
from hypothesis.strategies import SearchStrategy

from itaproj.activity import Activity, ActivityKind, Component, Frequency, Recurrence, RelativeDeadline
from itaproj.beneficiary import Beneficiary, BeneficiaryKind, Cluster, Selection, TargetGroup
from itaproj.budget import Budget, BudgetItem, BudgetKind, BudgetLine, BudgetStatus, CountryBudgetItems
from itaproj.codelists import codelist
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
from itaproj.geo import WGS84, AdministrativeArea, CountryShare, Location, PlaceId, Point, RegionShare, Site
from itaproj.money import ExchangeRate, Money, currency_codes
from itaproj.org import Contact, Organisation, Participant, Person, Role
from itaproj.organisation_file import (
    LineItem,
    OrganisationBudget,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationFile,
    OrganisationRecord,
)
from itaproj.period import MonthRange, PartialDate, Period, Span, TimeUnit
from itaproj.programme import (
    Catalogue,
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
    ProgrammeKind,
    Publication,
    Relation,
    RelationKind,
    SectorShare,
    Status,
)
from itaproj.quantity import Count, Measure, Qualifier
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
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme, HumanitarianScope, Tag

__all__ = [
    "activities",
    "administrative_areas",
    "aid_types",
    "beneficiaries",
    "budget_items",
    "budget_lines",
    "budgets",
    "catalogues",
    "clusters",
    "components",
    "condition_items",
    "conditions",
    "contacts",
    "country_budget_items",
    "country_codes",
    "country_shares",
    "counts",
    "crs_additions",
    "currencies",
    "decimals",
    "descriptions",
    "dimensions",
    "document_links",
    "exchange_rates",
    "extras",
    "finance_classifications",
    "flow_organisations",
    "forecasts",
    "forward_spendings",
    "humanitarian_scopes",
    "indicator_references",
    "indicators",
    "key_dates",
    "keys",
    "language_tags",
    "legacy_data",
    "line_items",
    "loan_statuses",
    "loan_terms",
    "localized_texts",
    "locations",
    "measures",
    "money",
    "month_ranges",
    "observations",
    "organisation_budgets",
    "organisation_documents",
    "organisation_expenditures",
    "organisation_files",
    "organisation_records",
    "organisations",
    "other_flags",
    "other_identifiers",
    "partial_dates",
    "participants",
    "people",
    "percentages",
    "periods",
    "place_ids",
    "planned_disbursements",
    "points",
    "programmes",
    "publications",
    "qualifiers",
    "qualitative_values",
    "recurrences",
    "region_shares",
    "register_type_strategies",
    "relations",
    "relative_deadlines",
    "result_references",
    "results",
    "sector_shares",
    "selections",
    "sites",
    "spans",
    "subdivision_codes",
    "tags",
    "target_groups",
    "texts",
    "themes",
    "transactions",
]

T = TypeVar("T")

#: Tags of the languages ITA sources in the region are written in, plus a few with subtags.
_COMMON_TAGS = ("uk", "ru", "en", "kk", "ka", "hy", "az", "ro", "be", "uz", "de", "fr", "sr-Latn", "pt-BR")
_LOWER = string.ascii_lowercase
_UPPER = string.ascii_uppercase
_DIGITS = string.digits

_WORDS = (
    "Мери за економічне зростання",
    "Мэры за экономический рост",
    "Mayors for Economic Growth",
    "Громада",
    "Қалалық әкімдік",
    "ქალაქის მერია",
    "Քաղաքապետարան",
    "Primăria",
    "Şəhər icra hakimiyyəti",
    "Ўзбекистон",
    "U-LEAD з Європою",
    "ПРОМІС",
)
# Any assigned, non-control, non-surrogate character: JSON and XML 1.0 both hold these.
_ANY_CHAR = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"))
_CYRILLIC = st.characters(min_codepoint=0x0400, max_codepoint=0x04FF, categories=("L", "M", "P", "S"))
_KEY_WORDS = ("m4eg", "u-lead", "promis", "eu", "fcm", "gac", "undp", "громада", "промис")


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    return st.none() | strategy


def _tuples(strategy: SearchStrategy[T], max_size: int = 2) -> SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


def _sorted_codes(name: str) -> list[str]:
    return sorted(codelist(name).codes)


def _chars(alphabet: str, min_size: int, max_size: int) -> SearchStrategy[str]:
    return st.text(alphabet, min_size=min_size, max_size=max_size)


def _join(*parts: SearchStrategy[str]) -> SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def _organisation_refs() -> SearchStrategy[str]:
    # IATI organisation identifiers: a registration agency prefix and a number ("CA-3", "XM-DAC-41114").
    return _join(_chars(_UPPER, 2, 2), st.just("-"), _chars(_UPPER + _DIGITS, 1, 8))


def _activity_identifiers() -> SearchStrategy[str]:
    return _join(_organisation_refs(), st.just("-"), _chars(_UPPER + _LOWER + _DIGITS, 1, 8))


def _value_or_strategy(value: T | SearchStrategy[T] | None, default: SearchStrategy[T]) -> SearchStrategy[T]:
    if value is None:
        return default
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


# -- scalars ---------------------------------------------------------------------------------


def texts(max_size: int = 16) -> SearchStrategy[str]:
    """Non-blank strings without surrounding white space, often Cyrillic or another non-Latin script.

    Example:
        >>> from hypothesis import find
        >>> find(texts(), lambda s: any("\u0400" <= c <= "\u04ff" for c in s)).strip() != ""
        True

    """
    generated = st.text(_CYRILLIC | st.just(" ") | _ANY_CHAR, min_size=1, max_size=max_size)
    return st.sampled_from(_WORDS) | generated.map(str.strip).filter(bool)


def keys() -> SearchStrategy[str]:
    """Local keys: non-empty strings without white space (``"m4eg"``, ``"u-lead"``, ``"громада"``)."""
    return st.sampled_from(_KEY_WORDS) | _join(_chars(_LOWER, 1, 1), _chars(_LOWER + _DIGITS + "_-", 0, 9))


def currencies() -> SearchStrategy[str]:
    """ISO 4217 codes the model accepts (CLDR's and IATI's, withdrawn ones included)."""
    return st.sampled_from(("EUR", "USD", "UAH", "KZT", "GEL")) | st.sampled_from(sorted(currency_codes()))


def decimals(
    min_value: Decimal | int = -(10**12), max_value: Decimal | int = 10**12, places: int = 2
) -> SearchStrategy[Decimal]:
    """Finite decimals with a fixed number of places: sums of a few stay exact (no rounding).

    Example:
        >>> from hypothesis import find
        >>> find(decimals(), lambda d: d > 1)
        Decimal('1.01')

    """
    return st.decimals(
        min_value=min_value, max_value=max_value, places=places, allow_nan=False, allow_infinity=False
    )


def percentages() -> SearchStrategy[Decimal]:
    """Decimal percentages from 0 to 100 with two places."""
    return decimals(0, 100, places=2)


def qualifiers() -> SearchStrategy[Qualifier]:
    """Any :class:`~itaproj.quantity.Qualifier`."""
    return st.sampled_from(Qualifier)


def money(
    currency: str | SearchStrategy[str] | None = None,
    qualifier: Qualifier | SearchStrategy[Qualifier] | None = None,
) -> SearchStrategy[Money]:
    """Amounts of money.

    Args:
        currency: A fixed currency code, a strategy of codes, or ``None`` for any currency.
        qualifier: A fixed qualifier, a strategy, or ``None`` for any qualifier.

    """
    return st.builds(
        Money,
        amount=decimals(),
        currency=_value_or_strategy(currency, currencies()),
        qualifier=_value_or_strategy(qualifier, qualifiers()),
    )


def exchange_rates(
    source: str | SearchStrategy[str] | None = None, target: str | SearchStrategy[str] | None = None
) -> SearchStrategy[ExchangeRate]:
    """Positive, dated exchange rates with four places."""
    return st.builds(
        ExchangeRate,
        source=_value_or_strategy(source, currencies()),
        target=_value_or_strategy(target, currencies()),
        rate=decimals(Decimal("0.0001"), 10_000, places=4),
        date=st.dates(),
    )


def counts() -> SearchStrategy[Count]:
    """Non-negative counts, exact or bounded."""
    return st.builds(Count, value=st.integers(0, 10**6), qualifier=qualifiers())


def measures() -> SearchStrategy[Measure]:
    """Generate indicator values, exact or bounded."""
    return st.builds(Measure, value=decimals(), qualifier=qualifiers())


def language_tags() -> SearchStrategy[str]:
    """Lower-case BCP 47 tags: common ones of the region and generated well-formed ones."""
    subtags = st.lists(_chars(_LOWER + _UPPER + _DIGITS, 2, 8), max_size=2)
    generated = st.tuples(_chars(_LOWER, 2, 3), subtags).map(lambda parts: "-".join([parts[0], *parts[1]]))
    return st.sampled_from(_COMMON_TAGS) | generated


@st.composite
def _localized_text(draw: st.DrawFn, max_languages: int) -> LocalizedText:
    tags = draw(st.lists(language_tags(), min_size=1, max_size=max_languages, unique=True))
    values = {tag: draw(texts()) for tag in tags}
    original = draw(st.sampled_from(tags))
    return LocalizedText(values, original=original)


def localized_texts(max_languages: int = 3) -> SearchStrategy[LocalizedText]:
    """Texts in one to ``max_languages`` languages, with any of them as the original."""
    return _localized_text(max_languages)


def country_codes() -> SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes: the IATI Country list's, and well-formed ones it lacks (it is open)."""
    return (
        st.sampled_from(("UA", "KZ", "GE", "MD", "AM", "AZ"))
        | st.sampled_from(_sorted_codes("Country"))
        | _chars(_UPPER, 2, 2)
    )


# -- time ------------------------------------------------------------------------------------


@st.composite
def _partial_date(draw: st.DrawFn, min_year: int, max_year: int) -> PartialDate:
    year = draw(st.integers(min_year, max_year))
    month = draw(_optional(st.integers(1, 12)))
    if month is None:
        return PartialDate(year)
    day = draw(_optional(st.integers(1, 28) | st.integers(29, 31)))
    if day is not None:
        day = min(day, calendar.monthrange(year, month)[1])
    return PartialDate(year, month, day)


def partial_dates(min_year: int = 1, max_year: int = 9999) -> SearchStrategy[PartialDate]:
    """Dates known to the year, the month or the day; days always exist (no 30 February)."""
    return _partial_date(min_year, max_year)


@st.composite
def _period(draw: st.DrawFn, bounded: bool, ordered: bool) -> Period:
    dates = partial_dates()
    start = draw(dates if bounded else _optional(dates))
    end = draw(dates if bounded else _optional(dates))
    if ordered and start is not None and end is not None and start.earliest() > end.earliest():
        start, end = end, start
    ongoing = end is None and not bounded and draw(st.booleans())
    return Period(start, end, ongoing)


def periods(*, bounded: bool = False, ordered: bool = False) -> SearchStrategy[Period]:
    """Periods with known, unknown (``None``) or open (ongoing) ends.

    Args:
        bounded: Only periods with both a start and an end.
        ordered: Never an end certainly before the start (``ends_before_start`` is False).

    """
    return _period(bounded, ordered)


def month_ranges() -> SearchStrategy[MonthRange]:
    """Lengths in months from ``low`` to ``high``, exact (``low == high``) or a range."""
    return st.integers(0, 600).flatmap(
        lambda low: st.builds(MonthRange, st.just(low), st.integers(low, low + 120))
    )


def spans() -> SearchStrategy[Span]:
    """Generate declared lengths such as "four years"."""
    return st.builds(Span, count=st.integers(0, 100), unit=st.sampled_from(TimeUnit))


# -- organisations and places ----------------------------------------------------------------


def organisations() -> SearchStrategy[Organisation]:
    """Organisations with optional IATI ref, OrganisationType code, country and acronym."""
    return st.builds(
        Organisation,
        key=keys(),
        name=localized_texts(2),
        ref=_optional(_organisation_refs()),
        type=_optional(st.sampled_from(_sorted_codes("OrganisationType"))),
        country=_optional(country_codes()),
        acronym=_optional(localized_texts(1)),
    )


def participants() -> SearchStrategy[Participant]:
    """Organisations in a role, with an optional note."""
    return st.builds(
        Participant,
        organisation=organisations(),
        role=st.sampled_from(Role),
        note=_optional(localized_texts(1)),
    )


def people() -> SearchStrategy[Person]:
    """Named people with optional position and organisation."""
    return st.builds(
        Person,
        name=localized_texts(2),
        position=_optional(localized_texts(1)),
        organisation=_optional(organisations()),
    )


def country_shares() -> SearchStrategy[CountryShare]:
    """Recipient countries with an optional percentage and name."""
    return st.builds(
        CountryShare,
        country=country_codes(),
        percentage=_optional(percentages()),
        name=_optional(localized_texts(2)),
        extras=_part_extras(),
    )


@st.composite
def _region_share(draw: st.DrawFn) -> RegionShare:
    vocabulary = draw(st.sampled_from(("1", "2", "99")))
    code = draw(st.sampled_from(_sorted_codes("Region")) if vocabulary == "1" else keys())
    return RegionShare(
        code,
        vocabulary,
        draw(_optional(percentages())),
        draw(_optional(localized_texts(2))),
        vocabulary_uri=None if vocabulary == "1" else draw(_optional(_vocabulary_uris())),
        extras=draw(_part_extras()),
    )


def region_shares() -> SearchStrategy[RegionShare]:
    """Recipient regions: OECD DAC region codes with vocabulary ``"1"``, free codes otherwise."""
    return _region_share()


@st.composite
def _location(draw: st.DrawFn) -> Location:
    country = draw(country_codes())
    subdivision = draw(_optional(_chars(_UPPER + _DIGITS, 1, 3)))
    return Location(
        country,
        None if subdivision is None else f"{country}-{subdivision}",
        draw(_optional(_join(_chars(_UPPER, 2, 2), _chars(_DIGITS, 4, 17)))),
    )


def locations() -> SearchStrategy[Location]:
    """Places by country, an ISO 3166-2 subdivision of that country, and a national code."""
    return _location()


# -- activities and components ---------------------------------------------------------------


def recurrences() -> SearchStrategy[Recurrence]:
    """Repeating activities ("every year since 2004")."""
    return st.builds(
        Recurrence,
        frequency=st.sampled_from(Frequency),
        since=_optional(partial_dates()),
        until=_optional(partial_dates()),
    )


def relative_deadlines() -> SearchStrategy[RelativeDeadline]:
    """Deadlines counted from an event ("within a year of joining")."""
    return st.builds(RelativeDeadline, within=spans(), event=localized_texts(2))


def activities(max_depth: int = 2) -> SearchStrategy[Activity]:
    """Activities with sub-activities nested at most ``max_depth`` levels below, two per level."""
    children: SearchStrategy[tuple[Activity, ...]] = (
        _tuples(activities(max_depth - 1)) if max_depth > 0 else st.just(())
    )
    return st.builds(
        Activity,
        title=localized_texts(2),
        kind=st.sampled_from(ActivityKind),
        code=_optional(keys()),
        description=_optional(localized_texts(2)),
        period=_optional(periods()),
        recurrence=_optional(recurrences()),
        deadline=_optional(relative_deadlines()),
        eligibility=_optional(localized_texts(1)),
        topics=_tuples(localized_texts(1)),
        activities=children,
    )


def components() -> SearchStrategy[Component]:
    """Components with a code, up to two activities (not nested), stakeholders and budget."""
    return st.builds(
        Component,
        code=keys(),
        title=localized_texts(2),
        description=_optional(localized_texts(2)),
        activities=_tuples(activities(max_depth=0)),
        stakeholders=_tuples(localized_texts(1)),
        budget_share=_optional(percentages()),
        budget=_optional(money()),
    )


# -- themes and beneficiaries ----------------------------------------------------------------


@st.composite
def _theme(draw: st.DrawFn) -> CrossCuttingTheme:
    vocabulary = draw(st.sampled_from(("1", "99")))
    if vocabulary == "1":
        code: str | None = draw(st.sampled_from(_sorted_codes("PolicyMarker")))
    else:
        code = draw(_optional(keys()))
    return CrossCuttingTheme(
        title=draw(localized_texts(2)),
        code=code,
        vocabulary=vocabulary,
        significance=draw(_optional(st.integers(0, 4))),
        objectives=draw(_tuples(localized_texts(1))),
        strategy=draw(_optional(localized_texts(1))),
        description=draw(_optional(localized_texts(2))),
        components=draw(_tuples(keys())),
    )


def themes() -> SearchStrategy[CrossCuttingTheme]:
    """Cross-cutting themes: DAC policy markers (vocabulary ``"1"``) or your own (``"99"``)."""
    return _theme()


def subdivision_codes() -> SearchStrategy[str]:
    """ISO 3166-2 codes such as ``"UA-32"``."""
    generated = _join(_chars(_UPPER, 2, 2), st.just("-"), _chars(_UPPER + _DIGITS, 1, 3))
    return st.sampled_from(("UA-32", "UA-14", "UA-63", "KZ-MAN")) | generated


def clusters() -> SearchStrategy[Cluster]:
    """Named groups of beneficiaries, with the regions the source names for them."""
    return st.builds(Cluster, key=keys(), name=localized_texts(2), regions=_tuples(subdivision_codes()))


def beneficiaries(cluster_keys: tuple[str, ...] = ()) -> SearchStrategy[Beneficiary]:
    """Generate listed beneficiaries, each in one of ``cluster_keys`` or in none."""
    cluster: SearchStrategy[str | None] = (
        _optional(st.sampled_from(cluster_keys)) if cluster_keys else st.none()
    )
    return st.builds(
        Beneficiary,
        name=localized_texts(2),
        kind=st.sampled_from(BeneficiaryKind),
        location=_optional(locations()),
        organisation=_optional(organisations()),
        cluster=cluster,
    )


def selections() -> SearchStrategy[Selection]:
    """How beneficiaries were selected: counts applied and selected, and criteria."""
    return st.builds(
        Selection,
        applied=_optional(counts()),
        selected=_optional(counts()),
        applied_regions=_optional(counts()),
        criteria=_optional(localized_texts(1)),
    )


@st.composite
def _target_group(draw: st.DrawFn) -> TargetGroup:
    groups = tuple(draw(st.lists(clusters(), max_size=2, unique_by=lambda c: c.key)))
    members = draw(_tuples(beneficiaries(tuple(c.key for c in groups)), max_size=3))
    return TargetGroup(
        kind=draw(st.sampled_from(BeneficiaryKind)),
        description=draw(_optional(localized_texts(2))),
        declared_count=draw(_optional(counts())),
        declared_regions=draw(_optional(counts())),
        members=members,
        clusters=groups,
        selection=draw(_optional(selections())),
    )


def target_groups() -> SearchStrategy[TargetGroup]:
    """Target groups whose members belong to the group's own clusters (unique keys) or none."""
    return _target_group()


# -- budgets and results ---------------------------------------------------------------------


def budget_lines(currency: str | SearchStrategy[str] | None = None) -> SearchStrategy[BudgetLine]:
    """Budget lines with exact amounts in ``currency`` (any when ``None``)."""
    return st.builds(
        BudgetLine,
        amount=money(currency, Qualifier.EXACT),
        period=_optional(periods()),
        component=_optional(keys()),
        kind=_optional(st.sampled_from(BudgetKind)),
        status=_optional(st.sampled_from(BudgetStatus)),
        value_date=_optional(st.dates()),
        label=_optional(localized_texts(1)),
    )


@st.composite
def _budget(draw: st.DrawFn) -> Budget:
    currency = draw(currencies())
    return Budget(
        total=draw(_optional(money(currency))),
        lines=draw(_tuples(budget_lines(currency), max_size=3)),
        kind=draw(_optional(st.sampled_from(BudgetKind))),
        status=draw(_optional(st.sampled_from(BudgetStatus))),
        value_date=draw(_optional(st.dates())),
    )


def budgets() -> SearchStrategy[Budget]:
    """Budgets in one currency, so ``Budget.amount`` never mixes currencies; lines are exact."""
    return _budget()


_UNITS = ("person", "enterprise", "community", "project", "event", "percent", "document", "application")


_QUALITATIVE_WORDS = ("Yes", "No", "Not available", "Too early to measure", "Так", "Ні", "198,412.00")


def _is_number(text: str) -> bool:
    try:
        Measure(text)
    except (ValueError, ArithmeticError):
        return False
    return True


def qualitative_values() -> SearchStrategy[str]:
    """Indicator values that are not numbers (``"Yes"``, ``"198,412.00"``): what ``Observation.text`` holds."""
    return (st.sampled_from(_QUALITATIVE_WORDS) | texts()).filter(lambda text: not _is_number(text))


def dimensions() -> SearchStrategy[Dimension]:
    """Breakdowns of an observation (``sex``: ``female``), either part possibly unstated."""
    return st.builds(Dimension, name=_optional(texts(8)), value=_optional(texts(8)))


def result_references() -> SearchStrategy[ResultReference]:
    """Codes of results in results frameworks (the reporting organisation's own, vocabulary 99)."""
    return st.builds(
        ResultReference,
        code=keys(),
        vocabulary=_optional(st.sampled_from(_sorted_codes("ResultVocabulary"))),
        vocabulary_uri=_optional(st.just("https://example.org/results")),
    )


def indicator_references() -> SearchStrategy[IndicatorReference]:
    """Codes of indicators in recognised vocabularies (the list is open: other codes too)."""
    return st.builds(
        IndicatorReference,
        code=keys(),
        vocabulary=_optional(st.sampled_from(_sorted_codes("IndicatorVocabulary")) | _chars(_DIGITS, 1, 3)),
        indicator_uri=_optional(st.just("https://example.org/indicators")),
    )


@st.composite
def _observation(draw: st.DrawFn) -> Observation:
    value = draw(st.none() | measures() | money())
    return Observation(
        value,
        period=draw(_optional(periods())),
        note=draw(_optional(localized_texts(1))),
        text=None if value is not None else draw(_optional(qualitative_values())),
        year=draw(_optional(st.integers(1, 9999))),
        locations=draw(_tuples(keys())),
        dimensions=draw(_tuples(dimensions())),
        documents=draw(_tuples(document_links(), max_size=1)),
        extras=draw(_tuples(extras(), max_size=1)),
    )


def observations() -> SearchStrategy[Observation]:
    """Baselines, targets and actuals: a measure, an amount of money, a text ("Yes") or nothing."""
    return _observation()


def indicators() -> SearchStrategy[Indicator]:
    """Generate indicators with units of the library's pint registry, up to two targets and actuals."""
    return st.builds(
        Indicator,
        title=localized_texts(2),
        measure=st.sampled_from(IndicatorMeasure),
        unit=_optional(st.sampled_from(_UNITS)),
        ascending=st.booleans(),
        baselines=_tuples(observations()),
        targets=_tuples(observations()),
        actuals=_tuples(observations()),
        description=_optional(localized_texts(1)),
        aggregation_status=_optional(st.booleans()),
        references=_tuples(indicator_references()),
        documents=_tuples(document_links(), max_size=1),
        extras=_tuples(extras(), max_size=1),
    )


def results() -> SearchStrategy[Result]:
    """Results with up to two indicators."""
    return st.builds(
        Result,
        title=localized_texts(2),
        kind=_optional(st.sampled_from(ResultKind)),
        description=_optional(localized_texts(1)),
        indicators=_tuples(indicators()),
        aggregation_status=_optional(st.booleans()),
        references=_tuples(result_references()),
        documents=_tuples(document_links(), max_size=1),
        extras=_tuples(extras(), max_size=1),
    )


# -- money flows -----------------------------------------------------------------------------


@st.composite
def _flow_organisation(draw: st.DrawFn) -> FlowOrganisation:
    ref = draw(_optional(_organisation_refs()))
    name = draw(localized_texts(2) if ref is None else _optional(localized_texts(2)))
    return FlowOrganisation(
        ref=ref,
        name=name,
        type=draw(_optional(st.sampled_from(_sorted_codes("OrganisationType")))),
        activity_id=draw(_optional(_activity_identifiers())),
        extras=draw(_part_extras()),
    )


def flow_organisations() -> SearchStrategy[FlowOrganisation]:
    """Providers and receivers of money: a ref, a name, or both."""
    return _flow_organisation()


def _vocabulary_uris() -> SearchStrategy[str]:
    return _join(st.just("https://example.org/"), _chars(_LOWER + _DIGITS + "/-", 0, 12))


@st.composite
def _transaction(draw: st.DrawFn) -> Transaction:
    # IATI states one recipient country or region per transaction, and sectors without shares
    sectors = [
        SectorShare(s.code, s.vocabulary, None, s.name, s.vocabulary_uri, s.extras)
        for s in draw(_tuples(sector_shares()))
    ]
    place = draw(st.sampled_from(("none", "country", "region")))
    country = region = None
    if place == "country":
        found = draw(country_shares())
        country = CountryShare(found.country, None, found.name, found.extras)
    elif place == "region":
        share = draw(region_shares())
        region = RegionShare(
            share.code, share.vocabulary, None, share.name, share.vocabulary_uri, share.extras
        )
    return Transaction(
        type=draw(st.sampled_from(_sorted_codes("TransactionType"))),
        date=draw(partial_dates()),
        amount=draw(money()),
        value_date=draw(_optional(st.dates())),
        ref=draw(_optional(keys())),
        description=draw(_optional(localized_texts(1))),
        provider=draw(_optional(flow_organisations())),
        receiver=draw(_optional(flow_organisations())),
        humanitarian=draw(_optional(st.booleans())),
        disbursement_channel=draw(_optional(st.sampled_from(_sorted_codes("DisbursementChannel")))),
        sectors=sectors,
        recipient_country=country,
        recipient_region=region,
        finance=draw(_optional(finance_classifications().filter(bool))),
        extras=draw(_part_extras()),
    )


def aid_types() -> SearchStrategy[AidType]:
    """Aid types in the OECD DAC vocabulary or another one."""
    return st.one_of(
        st.builds(AidType, st.sampled_from(_sorted_codes("AidType"))),
        st.builds(
            AidType, keys(), st.sampled_from([v for v in _sorted_codes("AidTypeVocabulary") if v != "1"])
        ),
    )


def finance_classifications() -> SearchStrategy[FinanceClassification]:
    """OECD DAC classifications of money, each part present or not."""
    return st.builds(
        FinanceClassification,
        flow_type=_optional(st.sampled_from(_sorted_codes("FlowType"))),
        finance_type=_optional(st.sampled_from(_sorted_codes("FinanceType"))),
        aid_types=_tuples(aid_types()),
        tied_status=_optional(st.sampled_from(_sorted_codes("TiedStatus"))),
    )


def transactions() -> SearchStrategy[Transaction]:
    """Transactions of any IATI TransactionType, dated to the precision known.

    Now and then with a classification, sectors and a recipient country or region.
    """
    return _transaction()


def planned_disbursements() -> SearchStrategy[PlannedDisbursement]:
    """Amounts planned to be paid out per period."""
    return st.builds(
        PlannedDisbursement,
        period=periods(),
        amount=money(),
        type=_optional(st.sampled_from(_sorted_codes("BudgetType"))),
        value_date=_optional(st.dates()),
        provider=_optional(flow_organisations()),
        receiver=_optional(flow_organisations()),
        extras=_part_extras(),
    )


# -- sites, contacts, identifiers, tags, scopes, conditions, country budget, CRS, FSS, legacy ----

#: A foreign attribute, as the IATI reader keeps one: the only extras the IATI part classes hold.
_FOREIGN = "{urn:example:itaproj}note"


def _part_extras() -> SearchStrategy[tuple[Extra, ...]]:
    return st.just(()) | texts().map(lambda text: (Extra(f"@{_FOREIGN}", text, "xml"),))


@st.composite
def _point(draw: st.DrawFn) -> Point:
    if draw(st.integers(0, 9)) == 0:
        return Point()  # as some sources give it: a reference system without coordinates
    srs_name = draw(st.sampled_from((WGS84, WGS84, "http://www.opengis.net/def/crs/EPSG/0/3857")))
    return Point(
        draw(decimals(-90, 90, places=draw(st.integers(0, 6)))),
        draw(decimals(-180, 180, places=draw(st.integers(0, 6)))),
        srs_name,
    )


def points() -> SearchStrategy[Point]:
    """Points in WGS 84 (sometimes another system), to six places; now and then without coordinates."""
    return _point()


@st.composite
def _geographic_code(draw: st.DrawFn) -> tuple[str, str]:
    vocabulary = draw(st.sampled_from(_sorted_codes("GeographicVocabulary")))
    code = draw(country_codes() if vocabulary == "A4" else _chars(_DIGITS, 1, 10))
    return code, vocabulary


def administrative_areas() -> SearchStrategy[AdministrativeArea]:
    """Administrative areas in any geographic vocabulary (ISO countries with ``"A4"``)."""
    return st.builds(
        lambda pair, level: AdministrativeArea(pair[0], pair[1], level=level),
        _geographic_code(),
        _optional(st.integers(0, 5)),
    )


def place_ids() -> SearchStrategy[PlaceId]:
    """Gazetteer identifiers of places (GeoNames numbers and the like)."""
    return _geographic_code().map(lambda pair: PlaceId(*pair))


def sites() -> SearchStrategy[Site]:
    """Sites with any of their parts: names, a point, areas, gazetteer ids, codes."""
    return st.builds(
        Site,
        name=_optional(localized_texts(2)),
        description=_optional(localized_texts(1)),
        activity_description=_optional(localized_texts(1)),
        point=_optional(points()),
        administrative=_tuples(administrative_areas()),
        identifiers=_tuples(place_ids()),
        ref=_optional(keys()),
        reach=_optional(st.sampled_from(_sorted_codes("GeographicLocationReach"))),
        exactness=_optional(st.sampled_from(_sorted_codes("GeographicExactness"))),
        location_class=_optional(st.sampled_from(_sorted_codes("GeographicLocationClass"))),
        feature_designation=_optional(st.sampled_from(("PPL", "PPLC", "ADM1", "ADM2", "BLDG"))),
        extras=_part_extras(),
    )


def contacts() -> SearchStrategy[Contact]:
    """Contacts with some of their parts; telephones, e-mail and web addresses as printed."""
    return st.builds(
        Contact,
        type=_optional(st.sampled_from(_sorted_codes("ContactType"))),
        organisation=_optional(localized_texts(2)),
        department=_optional(localized_texts(1)),
        person_name=_optional(localized_texts(1)),
        job_title=_optional(localized_texts(1)),
        telephones=_tuples(_join(st.just("+"), _chars(_DIGITS + " ", 5, 14))),
        emails=_tuples(_join(_chars(_LOWER, 1, 8), st.just("@"), _chars(_LOWER, 1, 8), st.just(".org"))),
        websites=_tuples(_join(st.just("https://"), _chars(_LOWER, 1, 10), st.just(".org/"))),
        mailing_addresses=_tuples(localized_texts(2)),
        extras=_part_extras(),
    )


def other_identifiers() -> SearchStrategy[OtherIdentifier]:
    """Other identifiers of a programme, with their owner when stated."""
    return st.builds(
        OtherIdentifier,
        ref=_activity_identifiers() | keys(),
        type=st.sampled_from(_sorted_codes("OtherIdentifierType")),
        owner_ref=_optional(_organisation_refs()),
        owner_name=_optional(localized_texts(1)),
        extras=_part_extras(),
    )


@st.composite
def _tag(draw: st.DrawFn) -> Tag:
    vocabulary = draw(st.sampled_from((None, "1", "2", "3", "99")))
    if vocabulary is None:
        return Tag(draw(texts()))
    listname = {"2": "UNSDG-Goals", "3": "UNSDG-Targets"}.get(vocabulary)
    code = draw(keys() if listname is None else st.sampled_from(_sorted_codes(listname)))
    uri = draw(_optional(st.just("https://example.org/vocabulary"))) if vocabulary == "99" else None
    return Tag(code, vocabulary, uri, draw(_optional(localized_texts(2))), draw(_part_extras()))


def tags() -> SearchStrategy[Tag]:
    """Tags: free keywords, SDG goals and targets, Agrovoc or your own codes."""
    return _tag()


def humanitarian_scopes() -> SearchStrategy[HumanitarianScope]:
    """Emergencies and appeals, by GLIDE number, plan code or your own."""
    return st.builds(
        HumanitarianScope,
        type=st.sampled_from(_sorted_codes("HumanitarianScopeType")),
        code=keys(),
        vocabulary=st.sampled_from(_sorted_codes("HumanitarianScopeVocabulary")),
        vocabulary_uri=_optional(st.just("https://example.org/emergencies")),
        name=_optional(localized_texts(2)),
        extras=_part_extras(),
    )


def condition_items() -> SearchStrategy[Condition]:
    """Single conditions of any type, with their text."""
    return st.builds(
        Condition, type=st.sampled_from(_sorted_codes("ConditionType")), text=_optional(localized_texts(2))
    )


def conditions() -> SearchStrategy[Conditions]:
    """Whether conditions are attached, and which."""
    return st.builds(
        Conditions, attached=st.booleans(), conditions=_tuples(condition_items()), extras=_part_extras()
    )


def budget_items(vocabulary: str | None = None) -> SearchStrategy[BudgetItem]:
    """Lines of a country budget; IATI's own codes for ``vocabulary="1"``."""
    code = st.sampled_from(_sorted_codes("BudgetIdentifier")) if vocabulary == "1" else keys()
    return st.builds(
        BudgetItem, code=code, percentage=_optional(percentages()), description=_optional(localized_texts(1))
    )


@st.composite
def _country_budget_items(draw: st.DrawFn) -> CountryBudgetItems:
    vocabulary = draw(st.sampled_from(_sorted_codes("BudgetIdentifierVocabulary")))
    return CountryBudgetItems(vocabulary, draw(_tuples(budget_items(vocabulary))), draw(_part_extras()))


def country_budget_items() -> SearchStrategy[CountryBudgetItems]:
    """Mappings onto a recipient country's budget, in any vocabulary."""
    return _country_budget_items()


def other_flags() -> SearchStrategy[OtherFlag]:
    """OECD DAC CRS flags."""
    return st.builds(
        OtherFlag, code=st.sampled_from(_sorted_codes("CRSAddOtherFlags")), significance=st.booleans()
    )


def loan_terms() -> SearchStrategy[LoanTerms]:
    """Loan terms, each part present or not."""
    return st.builds(
        LoanTerms,
        rate_1=_optional(percentages()),
        rate_2=_optional(percentages()),
        repayment_type=_optional(st.sampled_from(_sorted_codes("LoanRepaymentType"))),
        repayment_plan=_optional(st.sampled_from(_sorted_codes("LoanRepaymentPeriod"))),
        commitment_date=_optional(st.dates()),
        repayment_first_date=_optional(st.dates()),
        repayment_final_date=_optional(st.dates()),
    )


@st.composite
def _loan_status(draw: st.DrawFn) -> LoanStatus:
    currency = draw(currencies())
    amount = _optional(money(currency=currency, qualifier=Qualifier.EXACT))
    return LoanStatus(
        draw(st.integers(1960, 2100)),
        draw(_optional(st.dates())),
        interest_received=draw(amount),
        principal_outstanding=draw(amount),
        principal_arrears=draw(amount),
        interest_arrears=draw(amount),
    )


def loan_statuses() -> SearchStrategy[LoanStatus]:
    """Where loans stand at a year's end: amounts in one currency."""
    return _loan_status()


def crs_additions() -> SearchStrategy[CrsAdditions]:
    """OECD DAC CRS additions: flags, loan terms and status, a channel code."""
    return st.builds(
        CrsAdditions,
        other_flags=_tuples(other_flags()),
        loan_terms=_optional(loan_terms()),
        loan_status=_optional(loan_statuses()),
        channel_code=_optional(st.sampled_from(_sorted_codes("CRSChannelCode"))),
        extras=_part_extras(),
    )


def forecasts() -> SearchStrategy[Forecast]:
    """Spending forecasts for a year."""
    return st.builds(
        Forecast,
        year=st.integers(1990, 2100),
        amount=money(qualifier=Qualifier.EXACT),
        value_date=_optional(st.dates()),
    )


def forward_spendings() -> SearchStrategy[ForwardSpending]:
    """Forward spending surveys of a few forecasts."""
    return st.builds(
        ForwardSpending,
        extraction_date=st.dates(),
        forecasts=_tuples(forecasts()),
        priority=_optional(st.booleans()),
        phaseout_year=_optional(st.integers(1990, 2100)),
        extras=_part_extras(),
    )


def legacy_data() -> SearchStrategy[LegacyData]:
    """Fields of a publisher's own system."""
    return st.builds(
        LegacyData,
        name=texts(),
        value=texts() | st.just(""),
        iati_equivalent=_optional(st.sampled_from(("sector", "activity-status", "transaction"))),
        extras=_part_extras(),
    )


# -- IATI organisation files -------------------------------------------------------------------
#
# Values as an IATI organisation file carries them: exact amounts, periods and dates of whole
# days, organisations keyed by their ref, countries and regions without percentages, so that
# writing a value and reading it back gives it again.


def _iati_datetimes() -> SearchStrategy[dt.datetime]:
    return st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.sampled_from((None, dt.UTC)),
    )


def _day_periods() -> SearchStrategy[Period]:
    days = _optional(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(PartialDate.from_date))
    return st.builds(Period, start=days, end=days)


def _iati_organisation(draw: st.DrawFn, fallback: str, with_type: bool) -> Organisation:
    ref = draw(_optional(_organisation_refs()))
    return Organisation(
        ref or fallback,
        draw(localized_texts(2)),
        ref=ref,
        type=draw(st.sampled_from(_sorted_codes("OrganisationType"))) if with_type else None,
    )


def line_items(currency: str | SearchStrategy[str] | None = None) -> SearchStrategy[LineItem]:
    """Budget and expense lines: exact amounts (in ``currency`` when given), a value date, a label."""
    return st.builds(
        LineItem,
        amount=money(currency, Qualifier.EXACT),
        value_date=_optional(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
        label=_optional(localized_texts(2)),
        ref=_optional(keys()),
        extras=_part_extras(),
    )


@st.composite
def _organisation_budget(draw: st.DrawFn, kind: str | None) -> OrganisationBudget:
    kind = kind or draw(
        st.sampled_from(
            ("total-budget", "recipient-org-budget", "recipient-region-budget", "recipient-country-budget")
        )
    )
    currency = draw(currencies())
    recipient: dict[str, Any] = {}
    if kind == "recipient-org-budget":
        recipient["recipient_org"] = _iati_organisation(draw, "recipient-org", with_type=False)
    elif kind == "recipient-region-budget":
        recipient["recipient_region"] = attrs.evolve(draw(region_shares()), percentage=None)
    elif kind == "recipient-country-budget":
        recipient["recipient_country"] = attrs.evolve(draw(country_shares()), percentage=None)
    return OrganisationBudget(
        draw(_day_periods()),
        draw(money(currency, Qualifier.EXACT)),
        value_date=draw(_optional(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)))),
        status=draw(_optional(st.sampled_from(BudgetStatus))),
        lines=draw(_tuples(line_items(currency))),
        extras=draw(_part_extras()),
        **recipient,
    )


def organisation_budgets(kind: str | None = None) -> SearchStrategy[OrganisationBudget]:
    """Organisation budgets of ``kind`` (``"total-budget"``, ``"recipient-org-budget"``, ...; any when ``None``)."""
    return _organisation_budget(kind)


def organisation_expenditures() -> SearchStrategy[OrganisationExpenditure]:
    """Past expenditure of an organisation, with expense lines."""
    return currencies().flatmap(
        lambda currency: st.builds(
            OrganisationExpenditure,
            period=_day_periods(),
            amount=money(currency, Qualifier.EXACT),
            value_date=_optional(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))),
            lines=_tuples(line_items(currency)),
            extras=_part_extras(),
        )
    )


def organisation_documents() -> SearchStrategy[OrganisationDocument]:
    """Documents of an organisation, dated to the day, with the countries they are about."""
    links = document_links().flatmap(
        lambda link: st.builds(
            attrs.evolve,
            st.just(link),
            date=_optional(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(PartialDate.from_date)),
        )
    )
    countries = country_shares().map(lambda country: attrs.evolve(country, percentage=None))
    return st.builds(OrganisationDocument, link=links, recipient_countries=_tuples(countries))


@st.composite
def _organisation_record(draw: st.DrawFn) -> OrganisationRecord:
    reporting = _iati_organisation(draw, "reporting-org", with_type=True) if draw(st.booleans()) else None
    return OrganisationRecord(
        identifier=draw(_optional(_organisation_refs())),
        name=draw(_optional(localized_texts(2))),
        reporting_org=reporting,
        secondary_reporter=None if reporting is None else draw(_optional(st.booleans())),
        default_currency=draw(_optional(currencies())),
        language=draw(_optional(st.sampled_from(("en", "fr", "uk")))),
        last_updated=draw(_optional(_iati_datetimes())),
        total_budgets=draw(_tuples(organisation_budgets("total-budget"))),
        recipient_org_budgets=draw(_tuples(organisation_budgets("recipient-org-budget"))),
        recipient_region_budgets=draw(_tuples(organisation_budgets("recipient-region-budget"))),
        recipient_country_budgets=draw(_tuples(organisation_budgets("recipient-country-budget"))),
        expenditures=draw(_tuples(organisation_expenditures())),
        documents=draw(_tuples(organisation_documents())),
        extras=draw(_part_extras()),
    )


def organisation_records() -> SearchStrategy[OrganisationRecord]:
    """IATI organisation records as a file can carry them (reporting organisations keyed by ref)."""
    return _organisation_record()


def organisation_files(max_records: int = 2) -> SearchStrategy[OrganisationFile]:
    """IATI organisation files of up to ``max_records`` records."""
    return st.builds(
        OrganisationFile,
        records=_tuples(organisation_records(), max_size=max_records),
        generated=_optional(_iati_datetimes()),
        extras=_part_extras(),
    )


# -- programmes ------------------------------------------------------------------------------


def key_dates() -> SearchStrategy[KeyDate]:
    """Dated events in a programme's life."""
    return st.builds(
        KeyDate, kind=st.sampled_from(DateKind), date=partial_dates(), note=_optional(localized_texts(1))
    )


@st.composite
def _sector_share(draw: st.DrawFn) -> SectorShare:
    vocabulary = draw(st.sampled_from(("1", "2", "99")))
    listname = {"1": "Sector", "2": "SectorCategory"}.get(vocabulary)
    code = draw(keys() if listname is None else st.sampled_from(_sorted_codes(listname)))
    return SectorShare(
        code,
        vocabulary,
        draw(_optional(percentages())),
        draw(_optional(localized_texts(1))),
        vocabulary_uri=None if listname else draw(_optional(_vocabulary_uris())),
        extras=draw(_part_extras()),
    )


def sector_shares() -> SearchStrategy[SectorShare]:
    """Sectors: DAC 5-digit (vocabulary ``"1"``), 3-digit (``"2"``) or your own (``"99"``)."""
    return _sector_share()


def relations() -> SearchStrategy[Relation]:
    """Links to other programmes by key."""
    return st.builds(
        Relation, kind=st.sampled_from(RelationKind), ref=keys(), note=_optional(localized_texts(1))
    )


def document_links() -> SearchStrategy[DocumentLink]:
    """Source documents; URLs are kept as printed, so some are not well-formed."""
    url = (
        _join(
            st.just("https://"),
            _chars(_LOWER, 1, 10),
            st.sampled_from((".org/", ".eu/", ".gov.ua/")),
            _chars(_LOWER + _DIGITS + "/_-", 0, 20),
        )
        | texts()
    )
    return st.builds(
        DocumentLink,
        url=url,
        title=_optional(localized_texts(2)),
        categories=_tuples(st.sampled_from(_sorted_codes("DocumentCategory"))),
        languages=_tuples(st.sampled_from(("en", "fr", "es", "uk", "ru"))),
        format=_optional(st.sampled_from(_sorted_codes("FileFormat"))),
        description=_optional(localized_texts(2)),
        date=_optional(partial_dates(1900, 2100)),
        extras=_part_extras(),
    )


def extras() -> SearchStrategy[Extra]:
    """Input kept verbatim: a path, the raw text, and its format."""
    return st.builds(
        Extra,
        path=keys().map(lambda key: f"$.x_{key}"),
        value=st.text(_ANY_CHAR, max_size=20),
        format=st.sampled_from(("json", "xml")),
    )


def descriptions() -> SearchStrategy[Description]:
    """Further descriptions of any kind."""
    return st.builds(Description, st.sampled_from(DescriptionKind), localized_texts(2))


@st.composite
def _publication(draw: st.DrawFn) -> Publication:
    reporting_org = draw(_optional(organisations()))
    secondary = reporting_org is not None and draw(st.booleans())
    return draw(_publication_rest(reporting_org, secondary))


def publications() -> SearchStrategy[Publication]:
    """How a programme is published: a reporting organisation, defaults, a time of last update."""
    return _publication()


def _publication_rest(reporting_org: Organisation | None, secondary: bool) -> SearchStrategy[Publication]:
    return st.builds(
        Publication,
        reporting_org=st.just(reporting_org),
        secondary_reporter=st.just(secondary),
        last_updated=_optional(
            st.datetimes(
                min_value=dt.datetime(1990, 1, 1),
                max_value=dt.datetime(2100, 1, 1),
                timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=2))]),
            )
        ),
        hierarchy=_optional(st.integers(1, 9)),
        default_currency=_optional(currencies()),
        default_language=_optional(st.sampled_from(["en", "fr", "uk", "es"])),
        linked_data_uri=_optional(st.just("http://data.example.org/activity/1")),
        budget_not_provided=_optional(st.sampled_from(_sorted_codes("BudgetNotProvided"))),
    )


def programmes() -> SearchStrategy[Programme]:
    """Programmes with every field sometimes filled, at most two items per tuple."""
    return st.builds(
        Programme,
        key=keys(),
        title=localized_texts(),
        iati_identifier=_optional(_activity_identifiers()),
        acronym=_optional(localized_texts(2)),
        kind=_optional(st.sampled_from(ProgrammeKind)),
        description=_optional(localized_texts(2)),
        objectives=_tuples(localized_texts(2)),
        status=_optional(st.sampled_from(Status)),
        period=_optional(periods()),
        declared_duration=_optional(spans()),
        dates=_tuples(key_dates()),
        participants=_tuples(participants()),
        people=_tuples(people()),
        recipient_countries=_tuples(country_shares()),
        recipient_regions=_tuples(region_shares()),
        sectors=_tuples(sector_shares()),
        components=_tuples(components()),
        activities=_tuples(activities(max_depth=1)),
        themes=_tuples(themes()),
        target_groups=_tuples(target_groups()),
        budget=_optional(budgets()),
        results=_tuples(results()),
        relations=_tuples(relations()),
        documents=_tuples(document_links()),
        tags=_tuples(tags()),
        transactions=_tuples(transactions()),
        planned_disbursements=_tuples(planned_disbursements()),
        descriptions=_tuples(descriptions()),
        humanitarian=_optional(st.booleans()),
        collaboration_type=_optional(st.sampled_from(_sorted_codes("CollaborationType"))),
        finance=_optional(finance_classifications()),
        activity_scope=_optional(st.sampled_from(_sorted_codes("ActivityScope"))),
        capital_spend=_optional(percentages()),
        publication=_optional(publications()),
        sites=_tuples(sites()),
        contacts=_tuples(contacts()),
        other_identifiers=_tuples(other_identifiers()),
        humanitarian_scopes=_tuples(humanitarian_scopes()),
        conditions=_optional(conditions()),
        country_budget_items=_optional(country_budget_items()),
        crs=_optional(crs_additions()),
        forward_spending=_optional(forward_spendings()),
        legacy_data=_tuples(legacy_data()),
        extras=_tuples(extras()),
    )


@st.composite
def _catalogue(draw: st.DrawFn, max_programmes: int) -> Catalogue:
    listed = draw(st.lists(programmes(), max_size=max_programmes, unique_by=lambda p: p.key))
    named = {organisation.key for organisation in Catalogue(listed).organisations}
    directory = st.lists(
        organisations().filter(lambda organisation: organisation.key not in named),
        max_size=2,
        unique_by=lambda organisation: organisation.key,
    )
    return Catalogue(
        programmes=listed,
        title=draw(_optional(localized_texts(2))),
        extras=draw(_tuples(extras())),
        directory=draw(directory),
    )


def catalogues(max_programmes: int = 3) -> SearchStrategy[Catalogue]:
    """Catalogues of up to ``max_programmes`` programmes with unique keys.

    The :attr:`~itaproj.programme.Catalogue.directory` lists up to two organisations more,
    under keys that no programme uses.
    """
    return _catalogue(max_programmes)


_REGISTRY: dict[type[Any], Callable[[], SearchStrategy[Any]]] = {
    Money: money,
    ExchangeRate: exchange_rates,
    Count: counts,
    Measure: measures,
    LocalizedText: localized_texts,
    PartialDate: partial_dates,
    Period: periods,
    MonthRange: month_ranges,
    Span: spans,
    Organisation: organisations,
    Participant: participants,
    Person: people,
    CountryShare: country_shares,
    RegionShare: region_shares,
    Location: locations,
    Recurrence: recurrences,
    RelativeDeadline: relative_deadlines,
    Activity: activities,
    Component: components,
    CrossCuttingTheme: themes,
    Cluster: clusters,
    Beneficiary: beneficiaries,
    Selection: selections,
    TargetGroup: target_groups,
    BudgetLine: budget_lines,
    Budget: budgets,
    Observation: observations,
    Dimension: dimensions,
    ResultReference: result_references,
    IndicatorReference: indicator_references,
    Indicator: indicators,
    Result: results,
    KeyDate: key_dates,
    SectorShare: sector_shares,
    Relation: relations,
    DocumentLink: document_links,
    Extra: extras,
    AidType: aid_types,
    FinanceClassification: finance_classifications,
    FlowOrganisation: flow_organisations,
    Transaction: transactions,
    PlannedDisbursement: planned_disbursements,
    Description: descriptions,
    Publication: publications,
    Point: points,
    AdministrativeArea: administrative_areas,
    PlaceId: place_ids,
    Site: sites,
    Contact: contacts,
    OtherIdentifier: other_identifiers,
    Tag: tags,
    HumanitarianScope: humanitarian_scopes,
    Condition: condition_items,
    Conditions: conditions,
    BudgetItem: budget_items,
    CountryBudgetItems: country_budget_items,
    OtherFlag: other_flags,
    LoanTerms: loan_terms,
    LoanStatus: loan_statuses,
    CrsAdditions: crs_additions,
    Forecast: forecasts,
    ForwardSpending: forward_spendings,
    LegacyData: legacy_data,
    Programme: programmes,
    Catalogue: catalogues,
    LineItem: line_items,
    OrganisationBudget: organisation_budgets,
    OrganisationExpenditure: organisation_expenditures,
    OrganisationDocument: organisation_documents,
    OrganisationRecord: organisation_records,
    OrganisationFile: organisation_files,
}


def register_type_strategies() -> None:
    """Make ``st.from_type(Money)`` (and every other model class) use the strategies here.

    Safe to call more than once.

    Example:
        >>> from hypothesis import find, strategies as st
        >>> from itaproj import Money
        >>> register_type_strategies()
        >>> isinstance(find(st.from_type(Money), lambda m: True), Money)
        True

    """
    for cls, factory in _REGISTRY.items():
        st.register_type_strategy(cls, st.deferred(factory))
