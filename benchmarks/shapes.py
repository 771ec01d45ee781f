"""The itaproj catalogue shape written as msgspec Structs and as pydantic v2 models.

Both mirror the JSON format of :mod:`itaproj.io` field for field (same names, same order, same
defaults, so a dump omits exactly what itaproj omits) and validate what the attrs model
validates, so the benchmark compares like with like. See ``benchmarks/README.md`` for the list
of checks and the few places where they differ.

Codelists, the currency list and the unit parser are itaproj's own (built once, cached), so the
three sides check against the same data at the same (cached) cost.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator

from itaproj.activity import ActivityKind, Frequency
from itaproj.beneficiary import BeneficiaryKind
from itaproj.budget import BudgetKind, BudgetStatus
from itaproj.codelists import codelist
from itaproj.money import currency_codes
from itaproj.org import Role
from itaproj.period import TimeUnit
from itaproj.programme import DateKind, ProgrammeKind, RelationKind, Status
from itaproj.quantity import Qualifier, parse_unit
from itaproj.results import IndicatorMeasure, ResultKind

# --- shared scalar rules ---------------------------------------------------------------------------

KEY = r"^\S+$"
LANGUAGE_TAG = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
NON_BLANK = r"\S"
COUNTRY = r"^[A-Z]{2}$"
SUBDIVISION = r"^[A-Z]{2}-[A-Z0-9]{1,3}$"
# Year 0001-9999, month 01-12, day 01-31; whether the day exists in its month is checked apart.
PARTIAL_DATE = (
    r"^(?:[1-9]\d{3}|0[1-9]\d{2}|00[1-9]\d|000[1-9])(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$"
)


def check_partial_date(value: str | None) -> None:
    """Raise ValueError when a day-precision date names a day its month lacks (2021-02-30)."""
    if value is not None and len(value) == 10:
        dt.date.fromisoformat(value)


def check_percentage(field: str, value: Decimal | None) -> None:
    if value is not None and (not value.is_finite() or not 0 <= value <= 100):
        raise ValueError(f"{field!r} must be a percentage from 0 to 100 (got {value})")


def check_finite(field: str, value: Decimal) -> None:
    if not value.is_finite():
        raise ValueError(f"{field!r} must be a finite number (got {value})")


def check_currency(value: str) -> str:
    if value not in currency_codes():
        raise ValueError(f"'currency' must be an ISO 4217 code (got {value!r})")
    return value


def check_code(listname: str, field: str, value: str | None) -> None:
    if value is not None and value not in codelist(listname).items and codelist(listname).complete:
        raise ValueError(f"{field!r} must be a code of the IATI {listname} codelist (got {value!r})")


# ==================================================================================================
# msgspec
# ==================================================================================================


class _S(msgspec.Struct, frozen=True, omit_defaults=True, forbid_unknown_fields=True):
    """Base: immutable, defaults omitted on dump, unknown keys rejected."""


MKey = Annotated[str, msgspec.Meta(pattern=KEY)]
MText = Annotated[
    dict[Annotated[str, msgspec.Meta(pattern=LANGUAGE_TAG)], Annotated[str, msgspec.Meta(pattern=NON_BLANK)]],
    msgspec.Meta(min_length=1),
]
MPartialDate = Annotated[str, msgspec.Meta(pattern=PARTIAL_DATE)]
MCountry = Annotated[str, msgspec.Meta(pattern=COUNTRY)]
MNonNegative = Annotated[int, msgspec.Meta(ge=0)]
MNonBlank = Annotated[str, msgspec.Meta(pattern=NON_BLANK)]


class MMoney(_S, frozen=True):
    amount: Decimal
    currency: str
    qualifier: Qualifier = Qualifier.EXACT

    def __post_init__(self) -> None:
        check_finite("amount", self.amount)
        check_currency(self.currency)


class MObserved(_S, frozen=True):
    """A Measure ``{"value": ...}`` or a Money ``{"amount": ..., "currency": ...}``: exactly one."""

    value: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    qualifier: Qualifier = Qualifier.EXACT

    def __post_init__(self) -> None:
        if self.currency is None:
            if self.value is None or self.amount is not None:
                raise ValueError("a measure needs 'value' only")
            check_finite("value", self.value)
        else:
            if self.amount is None or self.value is not None:
                raise ValueError("an amount of money needs 'amount' and 'currency'")
            check_finite("amount", self.amount)
            check_currency(self.currency)


class MPeriod(_S, frozen=True):
    start: MPartialDate | None = None
    end: MPartialDate | None = None
    ongoing: bool = False

    def __post_init__(self) -> None:
        check_partial_date(self.start)
        check_partial_date(self.end)
        if self.ongoing and self.end is not None:
            raise ValueError("'end' must be None for an ongoing (open-ended) period")


class MSpan(_S, frozen=True):
    count: MNonNegative
    unit: TimeUnit


class MKeyDate(_S, frozen=True):
    kind: DateKind
    date: MPartialDate
    note: MText | None = None

    def __post_init__(self) -> None:
        check_partial_date(self.date)


class MOrganisation(_S, frozen=True):
    key: MKey
    name: MText
    ref: str | None = None
    type: str | None = None
    country: MCountry | None = None
    acronym: MText | None = None

    def __post_init__(self) -> None:
        check_code("OrganisationType", "type", self.type)


class MParticipant(_S, frozen=True):
    organisation: MKey  # a key of the catalogue's organisations
    role: Role
    note: MText | None = None


class MPerson(_S, frozen=True):
    name: MText
    position: MText | None = None
    organisation: MKey | None = None


class MCountryShare(_S, frozen=True):
    country: MCountry
    percentage: Decimal | None = None

    def __post_init__(self) -> None:
        check_percentage("percentage", self.percentage)


class MRegionShare(_S, frozen=True):
    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None
    name: MText | None = None

    def __post_init__(self) -> None:
        check_code("RegionVocabulary", "vocabulary", self.vocabulary)
        if self.vocabulary == "1":
            check_code("Region", "code", self.code)
        check_percentage("percentage", self.percentage)


class MSectorShare(_S, frozen=True):
    code: str
    vocabulary: str = "1"
    percentage: Decimal | None = None
    name: MText | None = None

    def __post_init__(self) -> None:
        check_code("SectorVocabulary", "vocabulary", self.vocabulary)
        listname = {"1": "Sector", "2": "SectorCategory"}.get(self.vocabulary)
        if listname is not None:
            check_code(listname, "code", self.code)
        check_percentage("percentage", self.percentage)


class MRecurrence(_S, frozen=True):
    frequency: Frequency
    since: MPartialDate | None = None
    until: MPartialDate | None = None

    def __post_init__(self) -> None:
        check_partial_date(self.since)
        check_partial_date(self.until)


class MRelativeDeadline(_S, frozen=True):
    within: MSpan
    event: MText


class MActivity(_S, frozen=True):
    title: MText
    kind: ActivityKind = ActivityKind.ACTIVITY
    code: str | None = None
    description: MText | None = None
    period: MPeriod | None = None
    recurrence: MRecurrence | None = None
    deadline: MRelativeDeadline | None = None
    eligibility: MText | None = None
    topics: tuple[MText, ...] = ()
    activities: tuple[MActivity, ...] = ()


class MComponent(_S, frozen=True):
    code: MKey
    title: MText
    description: MText | None = None
    activities: tuple[MActivity, ...] = ()
    stakeholders: tuple[MText, ...] = ()
    budget_share: Decimal | None = None
    budget: MMoney | None = None

    def __post_init__(self) -> None:
        check_percentage("budget_share", self.budget_share)


class MTheme(_S, frozen=True):
    title: MText
    code: str | None = None
    vocabulary: str = "1"
    significance: Annotated[int, msgspec.Meta(ge=0, le=4)] | None = None
    objectives: tuple[MText, ...] = ()
    strategy: MText | None = None
    description: MText | None = None
    components: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        check_code("PolicyMarkerVocabulary", "vocabulary", self.vocabulary)
        if self.vocabulary == "1":
            if self.code is None:
                raise ValueError("'code' must be a PolicyMarker code for vocabulary '1'")
            check_code("PolicyMarker", "code", self.code)


class MLocation(_S, frozen=True):
    country: MCountry
    subdivision: Annotated[str, msgspec.Meta(pattern=SUBDIVISION)] | None = None
    code: str | None = None

    def __post_init__(self) -> None:
        if self.subdivision is not None and not self.subdivision.startswith(self.country + "-"):
            raise ValueError(f"'subdivision' must belong to country {self.country!r}")


class MCluster(_S, frozen=True):
    key: MKey
    name: MText


class MBeneficiary(_S, frozen=True):
    name: MText
    kind: BeneficiaryKind
    location: MLocation | None = None
    organisation: MKey | None = None
    cluster: str | None = None


class MCount(_S, frozen=True):
    value: MNonNegative
    qualifier: Qualifier = Qualifier.EXACT


class MSelection(_S, frozen=True):
    applied: MCount | None = None
    selected: MCount | None = None
    applied_regions: MCount | None = None
    criteria: MText | None = None


class MTargetGroup(_S, frozen=True):
    kind: BeneficiaryKind
    description: MText | None = None
    declared_count: MCount | None = None
    declared_regions: MCount | None = None
    members: tuple[MBeneficiary, ...] = ()
    clusters: tuple[MCluster, ...] = ()
    selection: MSelection | None = None


class MBudgetLine(_S, frozen=True):
    amount: MMoney
    period: MPeriod | None = None
    component: str | None = None
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None
    label: MText | None = None


class MBudget(_S, frozen=True):
    total: MMoney | None = None
    lines: tuple[MBudgetLine, ...] = ()
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None


class MObservation(_S, frozen=True):
    value: MObserved | None = None
    period: MPeriod | None = None
    note: MText | None = None


class MIndicator(_S, frozen=True):
    title: MText
    measure: IndicatorMeasure = IndicatorMeasure.UNIT
    unit: str | None = None
    ascending: bool = True
    baseline: MObservation | None = None
    targets: tuple[MObservation, ...] = ()
    actuals: tuple[MObservation, ...] = ()
    description: MText | None = None

    def __post_init__(self) -> None:
        if self.unit is not None:
            parse_unit(self.unit)


class MResult(_S, frozen=True):
    title: MText
    kind: ResultKind | None = None
    description: MText | None = None
    indicators: tuple[MIndicator, ...] = ()


class MRelation(_S, frozen=True):
    kind: RelationKind
    ref: MKey
    note: MText | None = None


class MDocumentLink(_S, frozen=True):
    url: MNonBlank
    title: MText | None = None
    category: str | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        check_code("DocumentCategory", "category", self.category)


class MExtra(_S, frozen=True):
    path: MNonBlank
    value: str
    format: str = "json"


class MProgramme(_S, frozen=True):
    key: MKey
    title: MText
    iati_identifier: str | None = None
    acronym: MText | None = None
    kind: ProgrammeKind | None = None
    description: MText | None = None
    objectives: tuple[MText, ...] = ()
    status: Status | None = None
    period: MPeriod | None = None
    declared_duration: MSpan | None = None
    dates: tuple[MKeyDate, ...] = ()
    participants: tuple[MParticipant, ...] = ()
    people: tuple[MPerson, ...] = ()
    recipient_countries: tuple[MCountryShare, ...] = ()
    recipient_regions: tuple[MRegionShare, ...] = ()
    sectors: tuple[MSectorShare, ...] = ()
    components: tuple[MComponent, ...] = ()
    activities: tuple[MActivity, ...] = ()
    themes: tuple[MTheme, ...] = ()
    target_groups: tuple[MTargetGroup, ...] = ()
    budget: MBudget | None = None
    results: tuple[MResult, ...] = ()
    relations: tuple[MRelation, ...] = ()
    documents: tuple[MDocumentLink, ...] = ()
    tags: tuple[str, ...] = ()
    extras: tuple[MExtra, ...] = ()


def _organisation_refs(programme: Any) -> list[str]:
    """Every organisation key a programme refers to (participants, people, beneficiaries)."""
    refs = [participant.organisation for participant in programme.participants]
    refs.extend(person.organisation for person in programme.people if person.organisation is not None)
    for group in programme.target_groups:
        refs.extend(member.organisation for member in group.members if member.organisation is not None)
    return refs


def check_catalogue(organisations: Any, programmes: Any) -> None:
    """Unique organisation and programme keys; every organisation reference resolves."""
    keys = {organisation.key for organisation in organisations}
    if len(keys) != len(organisations):
        raise ValueError("organisation keys must be unique in the catalogue")
    seen: set[str] = set()
    for programme in programmes:
        if programme.key in seen:
            raise ValueError(f"programme key {programme.key!r} must be unique in the catalogue")
        seen.add(programme.key)
        for ref in _organisation_refs(programme):
            if ref not in keys:
                raise ValueError(
                    f"'organisation' must be a key listed in the catalogue's organisations ({ref!r})"
                )


class MCatalogue(_S, frozen=True):
    organisations: tuple[MOrganisation, ...] = ()
    programmes: tuple[MProgramme, ...] = ()
    title: MText | None = None
    extras: tuple[MExtra, ...] = ()

    def __post_init__(self) -> None:
        check_catalogue(self.organisations, self.programmes)


class MEnvelope(_S, frozen=True):
    itaproj: Literal[1]
    kind: Literal["Catalogue"]
    data: MCatalogue


# ==================================================================================================
# pydantic v2
# ==================================================================================================


class _P(BaseModel):
    """Base: strict (no "5" for 5), immutable, unknown keys rejected."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


def _partial_date(value: str) -> str:
    check_partial_date(value)
    return value


def _codelist_validator(listname: str) -> AfterValidator:
    def validate(value: str) -> str:
        check_code(listname, listname, value)
        return value

    return AfterValidator(validate)


PKey = Annotated[str, Field(pattern=KEY)]
PText = Annotated[
    dict[Annotated[str, Field(pattern=LANGUAGE_TAG)], Annotated[str, Field(pattern=NON_BLANK)]],
    Field(min_length=1),
]
PPartialDate = Annotated[str, Field(pattern=PARTIAL_DATE), AfterValidator(_partial_date)]
PCountry = Annotated[str, Field(pattern=COUNTRY)]
PNonNegative = Annotated[int, Field(ge=0)]
PNonBlank = Annotated[str, Field(pattern=NON_BLANK)]
PPercentage = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
PDecimal = Annotated[Decimal, Field(allow_inf_nan=False)]
PCurrency = Annotated[str, AfterValidator(check_currency)]


class PMoney(_P):
    amount: PDecimal
    currency: PCurrency
    qualifier: Qualifier = Qualifier.EXACT


class PMeasure(_P):
    value: PDecimal
    qualifier: Qualifier = Qualifier.EXACT


def _observed_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "money" if "currency" in value else "measure"
    return "money" if isinstance(value, PMoney) else "measure"


PObserved = Annotated[
    Annotated[PMeasure, Tag("measure")] | Annotated[PMoney, Tag("money")], Discriminator(_observed_tag)
]


class PPeriod(_P):
    start: PPartialDate | None = None
    end: PPartialDate | None = None
    ongoing: bool = False

    @model_validator(mode="after")
    def _check_ongoing(self) -> PPeriod:
        if self.ongoing and self.end is not None:
            raise ValueError("'end' must be None for an ongoing (open-ended) period")
        return self


class PSpan(_P):
    count: PNonNegative
    unit: TimeUnit


class PKeyDate(_P):
    kind: DateKind
    date: PPartialDate
    note: PText | None = None


class POrganisation(_P):
    key: PKey
    name: PText
    ref: str | None = None
    type: Annotated[str, _codelist_validator("OrganisationType")] | None = None
    country: PCountry | None = None
    acronym: PText | None = None


class PParticipant(_P):
    organisation: PKey
    role: Role
    note: PText | None = None


class PPerson(_P):
    name: PText
    position: PText | None = None
    organisation: PKey | None = None


class PCountryShare(_P):
    country: PCountry
    percentage: PPercentage | None = None


class PRegionShare(_P):
    code: str
    vocabulary: Annotated[str, _codelist_validator("RegionVocabulary")] = "1"
    percentage: PPercentage | None = None
    name: PText | None = None

    @model_validator(mode="after")
    def _check_code(self) -> PRegionShare:
        if self.vocabulary == "1":
            check_code("Region", "code", self.code)
        return self


class PSectorShare(_P):
    code: str
    vocabulary: Annotated[str, _codelist_validator("SectorVocabulary")] = "1"
    percentage: PPercentage | None = None
    name: PText | None = None

    @model_validator(mode="after")
    def _check_code(self) -> PSectorShare:
        listname = {"1": "Sector", "2": "SectorCategory"}.get(self.vocabulary)
        if listname is not None:
            check_code(listname, "code", self.code)
        return self


class PRecurrence(_P):
    frequency: Frequency
    since: PPartialDate | None = None
    until: PPartialDate | None = None


class PRelativeDeadline(_P):
    within: PSpan
    event: PText


class PActivity(_P):
    title: PText
    kind: ActivityKind = ActivityKind.ACTIVITY
    code: str | None = None
    description: PText | None = None
    period: PPeriod | None = None
    recurrence: PRecurrence | None = None
    deadline: PRelativeDeadline | None = None
    eligibility: PText | None = None
    topics: tuple[PText, ...] = ()
    activities: tuple[PActivity, ...] = ()


class PComponent(_P):
    code: PKey
    title: PText
    description: PText | None = None
    activities: tuple[PActivity, ...] = ()
    stakeholders: tuple[PText, ...] = ()
    budget_share: PPercentage | None = None
    budget: PMoney | None = None


class PTheme(_P):
    title: PText
    code: str | None = None
    vocabulary: Annotated[str, _codelist_validator("PolicyMarkerVocabulary")] = "1"
    significance: Annotated[int, Field(ge=0, le=4)] | None = None
    objectives: tuple[PText, ...] = ()
    strategy: PText | None = None
    description: PText | None = None
    components: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _check_code(self) -> PTheme:
        if self.vocabulary == "1":
            if self.code is None:
                raise ValueError("'code' must be a PolicyMarker code for vocabulary '1'")
            check_code("PolicyMarker", "code", self.code)
        return self


class PLocation(_P):
    country: PCountry
    subdivision: Annotated[str, Field(pattern=SUBDIVISION)] | None = None
    code: str | None = None

    @model_validator(mode="after")
    def _check_subdivision(self) -> PLocation:
        if self.subdivision is not None and not self.subdivision.startswith(self.country + "-"):
            raise ValueError(f"'subdivision' must belong to country {self.country!r}")
        return self


class PCluster(_P):
    key: PKey
    name: PText


class PBeneficiary(_P):
    name: PText
    kind: BeneficiaryKind
    location: PLocation | None = None
    organisation: PKey | None = None
    cluster: str | None = None


class PCount(_P):
    value: PNonNegative
    qualifier: Qualifier = Qualifier.EXACT


class PSelection(_P):
    applied: PCount | None = None
    selected: PCount | None = None
    applied_regions: PCount | None = None
    criteria: PText | None = None


class PTargetGroup(_P):
    kind: BeneficiaryKind
    description: PText | None = None
    declared_count: PCount | None = None
    declared_regions: PCount | None = None
    members: tuple[PBeneficiary, ...] = ()
    clusters: tuple[PCluster, ...] = ()
    selection: PSelection | None = None


class PBudgetLine(_P):
    amount: PMoney
    period: PPeriod | None = None
    component: str | None = None
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None
    label: PText | None = None


class PBudget(_P):
    total: PMoney | None = None
    lines: tuple[PBudgetLine, ...] = ()
    kind: BudgetKind | None = None
    status: BudgetStatus | None = None
    value_date: dt.date | None = None


class PObservation(_P):
    value: PObserved | None = None
    period: PPeriod | None = None
    note: PText | None = None


def _unit(value: str) -> str:
    parse_unit(value)
    return value


class PIndicator(_P):
    title: PText
    measure: IndicatorMeasure = IndicatorMeasure.UNIT
    unit: Annotated[str, AfterValidator(_unit)] | None = None
    ascending: bool = True
    baseline: PObservation | None = None
    targets: tuple[PObservation, ...] = ()
    actuals: tuple[PObservation, ...] = ()
    description: PText | None = None


class PResult(_P):
    title: PText
    kind: ResultKind | None = None
    description: PText | None = None
    indicators: tuple[PIndicator, ...] = ()


class PRelation(_P):
    kind: RelationKind
    ref: PKey
    note: PText | None = None


class PDocumentLink(_P):
    url: PNonBlank
    title: PText | None = None
    category: Annotated[str, _codelist_validator("DocumentCategory")] | None = None
    language: str | None = None


class PExtra(_P):
    path: PNonBlank
    value: str
    format: str = "json"


class PProgramme(_P):
    key: PKey
    title: PText
    iati_identifier: str | None = None
    acronym: PText | None = None
    kind: ProgrammeKind | None = None
    description: PText | None = None
    objectives: tuple[PText, ...] = ()
    status: Status | None = None
    period: PPeriod | None = None
    declared_duration: PSpan | None = None
    dates: tuple[PKeyDate, ...] = ()
    participants: tuple[PParticipant, ...] = ()
    people: tuple[PPerson, ...] = ()
    recipient_countries: tuple[PCountryShare, ...] = ()
    recipient_regions: tuple[PRegionShare, ...] = ()
    sectors: tuple[PSectorShare, ...] = ()
    components: tuple[PComponent, ...] = ()
    activities: tuple[PActivity, ...] = ()
    themes: tuple[PTheme, ...] = ()
    target_groups: tuple[PTargetGroup, ...] = ()
    budget: PBudget | None = None
    results: tuple[PResult, ...] = ()
    relations: tuple[PRelation, ...] = ()
    documents: tuple[PDocumentLink, ...] = ()
    tags: tuple[str, ...] = ()
    extras: tuple[PExtra, ...] = ()


class PCatalogue(_P):
    organisations: tuple[POrganisation, ...] = ()
    programmes: tuple[PProgramme, ...] = ()
    title: PText | None = None
    extras: tuple[PExtra, ...] = ()

    @model_validator(mode="after")
    def _check_references(self) -> PCatalogue:
        check_catalogue(self.organisations, self.programmes)
        return self


class PEnvelope(_P):
    itaproj: Literal[1]
    kind: Literal["Catalogue"]
    data: PCatalogue


PYDANTIC_VERSION = pydantic.VERSION
MSGSPEC_VERSION = msgspec.__version__

__all__ = ["MEnvelope", "PEnvelope", "check_catalogue"]
