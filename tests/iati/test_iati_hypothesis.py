"""Model -> IATI XML -> model is the identity, for generated models IATI can carry."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO

import hypothesis.strategies as st
from hypothesis import given, settings

from itaproj import (
    BudgetKind,
    BudgetLine,
    BudgetStatus,
    Catalogue,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    DocumentLink,
    Indicator,
    IndicatorMeasure,
    KeyDate,
    LocalizedText,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    RegionShare,
    Relation,
    RelationKind,
    Result,
    ResultKind,
    Role,
    SectorShare,
    Status,
)
from itaproj.budget import Budget
from itaproj.codelists import codelist
from itaproj.finance import FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.iati import read, validate_schema, write
from itaproj.testing import country_codes, currencies, decimals, localized_texts, percentages

REF = st.from_regex(r"[A-Z]{2}-[A-Z0-9]{1,6}(-[a-z0-9]{1,4})?", fullmatch=True)
URL = st.from_regex(r"https://example\.org/[a-z0-9/]{0,12}", fullmatch=True)
CODE = st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True)


def codes(name: str) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(codelist(name).codes))


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return st.none() | strategy


def small(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(strategy, max_size=2).map(tuple)


days = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
day_dates = days.map(PartialDate.from_date)
exact_money = st.builds(Money, decimals(), currencies())
periods = st.builds(Period, optional(day_dates), optional(day_dates))


@st.composite
def participants(draw: st.DrawFn) -> Participant:
    ref = draw(optional(REF))
    name = draw(localized_texts(2))
    key = re.sub(r"\s+", "_", ref) if ref else re.sub(r"\s+", "_", str(name).strip())[:80]
    organisation = Organisation(key, name, ref=ref, type=draw(optional(codes("OrganisationType"))))
    return Participant(
        organisation,
        draw(st.sampled_from([Role.FUNDING, Role.ACCOUNTABLE, Role.EXTENDING, Role.IMPLEMENTING])),
    )


@st.composite
def flow_organisations(draw: st.DrawFn) -> FlowOrganisation:
    ref = draw(optional(REF))
    name = draw(localized_texts(2) if ref is None else optional(localized_texts(2)))
    return FlowOrganisation(ref, name, draw(optional(codes("OrganisationType"))), draw(optional(REF)))


@st.composite
def sectors(draw: st.DrawFn) -> SectorShare:
    vocabulary = draw(st.sampled_from(["1", "2", "99"]))
    code = draw({"1": codes("Sector"), "2": codes("SectorCategory"), "99": CODE}[vocabulary])
    return SectorShare(code, vocabulary, draw(optional(percentages())), draw(optional(localized_texts(2))))


@st.composite
def themes(draw: st.DrawFn, with_code: bool = False) -> CrossCuttingTheme:
    vocabulary = draw(st.sampled_from(["1", "99"]))
    code = draw(codes("PolicyMarker") if vocabulary == "1" else CODE if with_code else optional(CODE))
    return CrossCuttingTheme(
        draw(localized_texts(2)),
        code=code,
        vocabulary=vocabulary,
        significance=draw(optional(st.integers(0, 4))),
    )


observations = st.builds(
    Observation, optional(st.builds(Measure, decimals())), st.none(), optional(localized_texts(2))
)


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    baselines = []
    for baseline in draw(st.lists(observations, max_size=2)):
        start = draw(optional(day_dates | st.integers(1990, 2040).map(PartialDate)))
        baselines.append(Observation(baseline.value, None if start is None else Period(start), baseline.note))
    group_periods = draw(st.lists(periods, max_size=2, unique=True))
    # IATI groups targets and actuals by period; the model lists them flat. The writer orders
    # periods as the targets name them, then periods with actuals only: generate in that order.
    groups = []
    for period in group_periods:
        found_t = draw(st.lists(observations, max_size=2))
        found_a = draw(st.lists(observations, min_size=0 if found_t else 1, max_size=2))
        groups.append((period, found_t, found_a))
    groups.sort(key=lambda group: not group[1])
    targets = [Observation(o.value, period, o.note) for period, found_t, _ in groups for o in found_t]
    actuals = [Observation(o.value, period, o.note) for period, _, found_a in groups for o in found_a]
    return Indicator(
        draw(localized_texts(2)),
        measure=draw(st.sampled_from(IndicatorMeasure)),
        ascending=draw(st.booleans()),
        baselines=tuple(baselines),
        targets=tuple(targets),
        actuals=tuple(actuals),
        description=draw(optional(localized_texts(2))),
    )


results = st.builds(
    Result,
    localized_texts(2),
    optional(st.sampled_from(ResultKind)),
    optional(localized_texts(2)),
    small(indicators()),
)
budget_lines = st.builds(
    BudgetLine,
    exact_money,
    periods,
    st.none(),
    optional(st.sampled_from(BudgetKind)),
    optional(st.sampled_from(BudgetStatus)),
    optional(days),
)
transactions = st.builds(
    Transaction,
    codes("TransactionType"),
    day_dates,
    exact_money,
    optional(days),
    optional(REF),
    optional(localized_texts(2)),
    optional(flow_organisations()),
    optional(flow_organisations()),
)
planned = st.builds(
    PlannedDisbursement,
    periods,
    exact_money,
    optional(st.sampled_from(["1", "2"])),
    optional(days),
    optional(flow_organisations()),
    optional(flow_organisations()),
)
key_dates = st.builds(
    KeyDate,
    st.sampled_from(
        [DateKind.PLANNED_START, DateKind.ACTUAL_START, DateKind.PLANNED_END, DateKind.ACTUAL_END]
    ),
    day_dates,
    optional(localized_texts(2)),
)


@st.composite
def programmes(draw: st.DrawFn, identifier: str) -> Programme:
    from itaproj.iati._mapping import period_from_dates

    dates = draw(small(key_dates))
    lines = draw(small(budget_lines))
    return Programme(
        identifier,
        draw(localized_texts()),
        iati_identifier=identifier,
        description=draw(optional(localized_texts())),
        objectives=draw(small(localized_texts(2))),
        status=draw(optional(st.sampled_from(Status))),
        period=period_from_dates(dates),
        dates=dates,
        participants=draw(small(participants())),
        recipient_countries=draw(small(st.builds(CountryShare, country_codes(), optional(percentages())))),
        recipient_regions=draw(
            small(
                st.builds(
                    RegionShare,
                    codes("Region"),
                    st.just("1"),
                    optional(percentages()),
                    optional(localized_texts(2)),
                )
            )
        ),
        sectors=draw(small(sectors())),
        themes=draw(small(themes())),
        budget=Budget(lines=lines) if lines else None,
        results=draw(small(results)),
        relations=draw(small(st.builds(Relation, st.sampled_from(RelationKind), REF))),
        documents=draw(
            small(
                st.builds(
                    DocumentLink,
                    URL,
                    optional(localized_texts(2)),
                    small(codes("DocumentCategory")),
                    small(st.sampled_from(["en", "fr", "uk"])),
                )
            )
        ),
        transactions=draw(small(transactions)),
        planned_disbursements=draw(small(planned)),
    )


@st.composite
def catalogues(draw: st.DrawFn) -> Catalogue:
    identifiers = draw(st.lists(REF, min_size=1, max_size=3, unique=True))
    return Catalogue(tuple(draw(programmes(identifier)) for identifier in identifiers))


@settings(max_examples=30, deadline=None)
@given(catalogues())
def test_model_to_xml_to_model_is_the_identity(catalogue: Catalogue) -> None:
    out = BytesIO()
    write(catalogue, out)
    assert read(BytesIO(out.getvalue())) == catalogue


complete_budget_lines = st.builds(
    BudgetLine,
    exact_money,
    st.builds(Period, day_dates, day_dates),
    st.none(),
    optional(st.sampled_from(BudgetKind)),
    optional(st.sampled_from(BudgetStatus)),
    days,
)
complete_transactions = st.builds(
    Transaction,
    codes("TransactionType"),
    day_dates,
    exact_money,
    days,
    optional(REF),
    optional(localized_texts(2)),
    optional(flow_organisations()),
    optional(flow_organisations()),
)


@st.composite
def complete_programmes(draw: st.DrawFn, identifier: str) -> Programme:
    """Programmes holding everything the schema requires (the reporting-org comes from write())."""
    from itaproj.iati._mapping import period_from_dates

    dates = draw(st.lists(key_dates, min_size=1, max_size=2).map(tuple))
    lines = draw(small(complete_budget_lines))
    return Programme(
        identifier,
        draw(localized_texts()),
        iati_identifier=identifier,
        description=draw(localized_texts()),
        status=draw(st.sampled_from(Status)),
        period=period_from_dates(dates),
        dates=dates,
        participants=draw(st.lists(participants(), min_size=1, max_size=2).map(tuple)),
        recipient_countries=draw(small(st.builds(CountryShare, country_codes(), optional(percentages())))),
        sectors=draw(small(sectors())),
        themes=draw(small(themes(with_code=True))),  # the schema requires @code, the model does not
        budget=Budget(lines=lines) if lines else None,
        relations=draw(small(st.builds(Relation, st.sampled_from(RelationKind), REF))),
        transactions=draw(small(complete_transactions)),
    )


@settings(max_examples=15, deadline=None)
@given(
    st.lists(REF, min_size=1, max_size=3, unique=True).flatmap(
        lambda ids: st.tuples(*(complete_programmes(i) for i in ids))
    )
)
def test_complete_models_are_written_schema_valid(programmes_: tuple[Programme, ...]) -> None:
    catalogue = Catalogue(programmes_)
    reporter = Organisation("reporter", _REPORTER_NAME, ref="XM-1", type="10")
    out = BytesIO()
    write(catalogue, out, reporting_org=reporter)
    assert validate_schema(BytesIO(out.getvalue())) == ()


_REPORTER_NAME = LocalizedText({"en": "Reporter"})
