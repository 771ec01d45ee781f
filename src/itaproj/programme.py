"""Programmes and catalogues: the aggregates that hold everything else."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.activity import Activity, Component, as_activities
from itaproj.beneficiary import TargetGroup
from itaproj.budget import Budget, CountryBudgetItems
from itaproj.codelists import code_field, code_spec
from itaproj.documents import DocumentLink
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    CrsAdditions,
    FinanceClassification,
    ForwardSpending,
    PlannedDisbursement,
    Transaction,
)
from itaproj.geo import CountryShare, RegionShare, Site
from itaproj.money import is_currency
from itaproj.org import Contact, Organisation, Participant, Person, Role
from itaproj.period import MonthRange, PartialDate, Period, Span, as_partial_date
from itaproj.results import Result
from itaproj.sectors import SectorShare
from itaproj.text import LocalizedText, is_language_tag
from itaproj.themes import CrossCuttingTheme, HumanitarianScope, Tag
from itaproj.validation import (
    as_optional_percentage,
    as_optional_text,
    as_text,
    as_texts,
    check_key,
    check_text,
    checked,
)

__all__ = [
    "Catalogue",
    "Condition",
    "Conditions",
    "DateKind",
    "Description",
    "DescriptionKind",
    "DocumentLink",
    "KeyDate",
    "LegacyData",
    "OtherIdentifier",
    "Programme",
    "ProgrammeKind",
    "Publication",
    "Relation",
    "RelationKind",
    "SectorShare",
    "Status",
]


class ProgrammeKind(enum.Enum):
    """What the source calls it."""

    PROGRAMME = "programme"
    PROJECT = "project"
    INITIATIVE = "initiative"


class Status(enum.Enum):
    """IATI ActivityStatus."""

    PIPELINE = "pipeline"
    IMPLEMENTATION = "implementation"
    FINALISATION = "finalisation"
    CLOSED = "closed"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"

    @property
    def iati_code(self) -> str:
        """IATI ActivityStatus code."""
        return str(list(Status).index(self) + 1)

    @classmethod
    def from_iati_code(cls, code: str) -> Status:
        """The status for an IATI ActivityStatus code (``"2"`` -> ``IMPLEMENTATION``)."""
        members = list(cls)
        if code not in {"1", "2", "3", "4", "5", "6"}:
            raise InvalidValueError("status", code, "be an IATI ActivityStatus code 1-6")
        return members[int(code) - 1]


class RelationKind(enum.Enum):
    """IATI RelatedActivityType: how another programme relates to this one."""

    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    CO_FUNDED = "co_funded"
    THIRD_PARTY = "third_party"

    @property
    def iati_code(self) -> str:
        """IATI RelatedActivityType code."""
        return str(list(RelationKind).index(self) + 1)

    @property
    def inverse(self) -> RelationKind:
        """The kind seen from the other side: a parent's child sees it as parent."""
        if self is RelationKind.PARENT:
            return RelationKind.CHILD
        if self is RelationKind.CHILD:
            return RelationKind.PARENT
        return self


if TYPE_CHECKING:

    def _as_programme_kind(value: ProgrammeKind | str | None) -> ProgrammeKind | None: ...
    def _as_status(value: Status | str | None) -> Status | None: ...
    def _as_relation_kind(value: RelationKind | str) -> RelationKind: ...
    def _as_date_kind(value: DateKind | str) -> DateKind: ...
    def _as_key_dates(value: Iterable[KeyDate]) -> tuple[KeyDate, ...]: ...
    def _as_participants(value: Iterable[Participant]) -> tuple[Participant, ...]: ...
    def _as_people(value: Iterable[Person]) -> tuple[Person, ...]: ...
    def _as_countries(value: Iterable[CountryShare]) -> tuple[CountryShare, ...]: ...
    def _as_regions(value: Iterable[RegionShare]) -> tuple[RegionShare, ...]: ...
    def _as_sectors(value: Iterable[SectorShare]) -> tuple[SectorShare, ...]: ...
    def _as_components(value: Iterable[Component]) -> tuple[Component, ...]: ...
    def _as_themes(value: Iterable[CrossCuttingTheme]) -> tuple[CrossCuttingTheme, ...]: ...
    def _as_target_groups(value: Iterable[TargetGroup]) -> tuple[TargetGroup, ...]: ...
    def _as_results(value: Iterable[Result]) -> tuple[Result, ...]: ...
    def _as_relations(value: Iterable[Relation]) -> tuple[Relation, ...]: ...
    def _as_documents(value: Iterable[DocumentLink]) -> tuple[DocumentLink, ...]: ...
    def _as_transactions(value: Iterable[Transaction]) -> tuple[Transaction, ...]: ...
    def _as_disbursements(value: Iterable[PlannedDisbursement]) -> tuple[PlannedDisbursement, ...]: ...
    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...
    def _as_descriptions(value: Iterable[Description]) -> tuple[Description, ...]: ...
    def _as_programmes(value: Iterable[Programme]) -> tuple[Programme, ...]: ...
    def _as_organisations(value: Iterable[Organisation]) -> tuple[Organisation, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_programme_kind = _as_status = _as_relation_kind = _as_date_kind = None
    _as_key_dates = _as_participants = _as_people = _as_countries = _as_regions = None
    _as_sectors = _as_components = _as_themes = _as_target_groups = _as_results = None
    _as_relations = _as_documents = _as_transactions = _as_disbursements = _as_extras = None
    _as_programmes = _as_organisations = _as_descriptions = None


@attrs.frozen
@checked
class Relation:
    """A link to another programme, by its catalogue key or IATI identifier.

    ``Relation(RelationKind.PARENT, "u-lead")`` on the AUC project says U-LEAD is its parent.
    """

    kind: RelationKind = attrs.field(converter=_as_relation_kind)
    ref: str = attrs.field(validator=check_key)
    note: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


class DateKind(enum.Enum):
    """What a dated event in a programme's life is (IATI ActivityDateType 1-4, and more)."""

    PLANNED_START = "planned_start"
    ACTUAL_START = "actual_start"
    PLANNED_END = "planned_end"
    ACTUAL_END = "actual_end"
    ANNOUNCED = "announced"
    SIGNED = "signed"
    REGISTERED = "registered"

    @property
    def iati_code(self) -> str | None:
        """IATI ActivityDateType code, or ``None`` for kinds IATI lacks."""
        return {"planned_start": "1", "actual_start": "2", "planned_end": "3", "actual_end": "4"}.get(
            self.value
        )


@attrs.frozen
@checked
class KeyDate:
    """A dated event: "announced on 12.03.2021" is ``KeyDate(DateKind.ANNOUNCED, PartialDate(2021, 3, 12))``."""

    kind: DateKind = attrs.field(converter=_as_date_kind)
    date: PartialDate = attrs.field(converter=as_partial_date)
    note: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


class DescriptionKind(enum.Enum):
    """What a description describes (IATI DescriptionType)."""

    GENERAL = "general"
    OBJECTIVES = "objectives"
    TARGET_GROUPS = "target_groups"
    OTHER = "other"

    @property
    def iati_code(self) -> str:
        """IATI DescriptionType code."""
        return {"general": "1", "objectives": "2", "target_groups": "3", "other": "4"}[self.value]


if TYPE_CHECKING:

    def _as_description_kind(value: DescriptionKind | str) -> DescriptionKind: ...

else:
    _as_description_kind = None


@attrs.frozen
@checked
class Description:
    """A text describing one side of a programme, beyond its main description and objectives.

    Example:
        >>> Description("target_groups", LocalizedText({"en": "Small farmers"})).kind.iati_code
        '3'
    """

    kind: DescriptionKind = attrs.field(converter=_as_description_kind)
    text: LocalizedText = attrs.field(converter=as_text)


def _check_currency_code(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not is_currency(value)):
        raise InvalidValueError(attribute.name, value, "be an ISO 4217 currency code such as 'EUR'")


def _check_language(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not is_language_tag(value)):
        raise InvalidValueError(attribute.name, value, "be a BCP 47 language tag such as 'en'")


@attrs.frozen
@checked
class Publication:
    """How a programme is published as an IATI activity: who reports it, when, with which defaults.

    These are facts about the record, not about the programme: the reporting organisation
    (the publisher), whether it reports as a secondary reporter, when the record last
    changed, its place in a hierarchy of activities, and the defaults its figures and texts
    assume.

    Args:
        reporting_org: The organisation that publishes the record (IATI ``reporting-org``).
        secondary_reporter: The publisher reports an activity it does not fund or implement.
        last_updated: When the record last changed (IATI ``@last-updated-datetime``).
        hierarchy: Its level in the publisher's hierarchy of activities (IATI ``@hierarchy``;
            the standard reads a missing one as 1).
        default_currency: The currency of amounts that state none (ISO 4217).
        default_language: The language of texts that state none (BCP 47).
        linked_data_uri: The record's linked-data URI.
        budget_not_provided: Why no budget is given (IATI BudgetNotProvided code).

    Example:
        >>> from itaproj import Organisation
        >>> adb = Organisation("adb", LocalizedText({"en": "Asian Development Bank"}), ref="XM-DAC-46004")
        >>> Publication(reporting_org=adb, default_currency="USD").default_currency
        'USD'
    """

    reporting_org: Organisation | None = None
    secondary_reporter: bool = False
    last_updated: dt.datetime | None = None
    hierarchy: int | None = None
    default_currency: str | None = code_field("Currency", validator=_check_currency_code)
    default_language: str | None = attrs.field(default=None, validator=_check_language)
    linked_data_uri: str | None = None
    budget_not_provided: str | None = code_field("BudgetNotProvided")

    def __attrs_post_init__(self) -> None:
        if self.secondary_reporter and self.reporting_org is None:
            raise InvalidValueError(
                "secondary_reporter", True, "go with a reporting_org (it says how that organisation reports)"
            )


if TYPE_CHECKING:

    def _as_conditions(value: Iterable[Condition]) -> tuple[Condition, ...]: ...
    def _as_sites(value: Iterable[Site]) -> tuple[Site, ...]: ...
    def _as_contacts(value: Iterable[Contact]) -> tuple[Contact, ...]: ...
    def _as_other_identifiers(value: Iterable[OtherIdentifier]) -> tuple[OtherIdentifier, ...]: ...
    def _as_tags(value: Iterable[Tag | str]) -> tuple[Tag, ...]: ...
    def _as_scopes(value: Iterable[HumanitarianScope]) -> tuple[HumanitarianScope, ...]: ...
    def _as_legacy_data(value: Iterable[LegacyData]) -> tuple[LegacyData, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_conditions = _as_sites = _as_contacts = _as_other_identifiers = _as_tags = _as_scopes = None
    _as_legacy_data = None


@attrs.frozen
@checked
class OtherIdentifier:
    """Another identifier of the programme: the publisher's internal one, a CRS number, a previous one.

    Args:
        ref: The identifier.
        type: IATI OtherIdentifierType (``"A1"`` the reporting organisation's internal one,
            ``"A2"`` the CRS activity identifier, ``"A3"`` a previous activity identifier,
            ``"B1"`` a previous reporting organisation identifier...).
        owner_ref: The IATI identifier of the organisation that owns the identifier, if stated.
        owner_name: The name of that organisation, if stated.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> OtherIdentifier("2018000130001", "A2").type
        'A2'
    """

    ref: str = attrs.field(validator=check_text)
    type: str = attrs.field(**code_spec("OtherIdentifierType"))
    owner_ref: str | None = None
    owner_name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)


@attrs.frozen
@checked
class Condition:
    """A condition attached to a programme's funding (IATI ``conditions/condition``).

    Args:
        type: IATI ConditionType (``"1"`` policy, ``"2"`` performance, ``"3"`` fiduciary).
        text: What the condition says.

    Example:
        >>> Condition("2", {"en": "Matched funding of 20 %"}).type
        '2'
    """

    type: str = attrs.field(**code_spec("ConditionType"))
    text: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)


@attrs.frozen
@checked
class Conditions:
    """Whether conditions are attached to a programme's funding, and which (IATI ``conditions``).

    Args:
        attached: True when conditions are attached (even if they are not listed).
        conditions: The conditions.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> Conditions(False).conditions
        ()
    """

    attached: bool
    conditions: tuple[Condition, ...] = attrs.field(default=(), converter=_as_conditions)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)


@attrs.frozen
@checked
class LegacyData:
    """A field of the publisher's own system that IATI has no place for (IATI ``legacy-data``).

    Args:
        name: The field's name in the publisher's system.
        value: Its value.
        iati_equivalent: The IATI element that comes closest, if any (``"sector"``).
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> LegacyData("Project status", "7", "activity-status").iati_equivalent
        'activity-status'
    """

    name: str
    value: str
    iati_equivalent: str | None = None
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)


@attrs.frozen(repr=False)
@checked
class Programme:
    """An international technical assistance programme or project.

    Only ``key`` and ``title`` are required: a source that does not state a fact leaves its
    field empty, and nothing is invented.

    Like every model class, it takes what a caller naturally passes and stores one type: any
    ordered iterable (a list, a generator) for a tuple; a mapping of language tag to text
    (``{"en": "Title"}``) for a :class:`~itaproj.text.LocalizedText`, never a bare string; an
    enum's value (``"closed"``) for its member; a ``datetime.date`` or an ISO text
    (``"2017"``) for a :class:`~itaproj.period.PartialDate`; an ``int`` or a decimal string
    for a percentage. Anything else raises :class:`~itaproj.errors.InvalidValueError` naming
    the field.

    Example:
        >>> p = Programme("m4eg", {"en": "Mayors for Economic Growth"}, status="closed",
        ...               tags=["local development"])
        >>> p.status, [tag.code for tag in p.tags]
        (<Status.CLOSED: 'closed'>, ['local development'])
        >>> Programme("m4eg", "Mayors for Economic Growth")
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'title' must be a LocalizedText or a mapping of language tag to text such as {'en': 'Mayors for Economic Growth'}; a bare string does not say its language (got 'Mayors for Economic Growth')

    Args:
        key: A catalogue-unique local key (``"m4eg"``); not an IATI identifier.
        title: The name in the source's language and translations.
        iati_identifier: The IATI activity identifier, only when published.
        acronym: Short name (``M4EG``, ``ПРОМІС``).
        kind: Programme, project or initiative, as the source calls it.
        description: What it is for.
        objectives: Its objectives, each a text.
        status: IATI ActivityStatus, if known.
        period: When it runs, to the precision stated.
        declared_duration: A length the source declares ("a four-year project").
        dates: Other dated events (announced, signed, IATI planned/actual dates).
        participants: Organisations in their roles.
        people: Named people.
        recipient_countries: Countries, with shares when stated.
        recipient_regions: Supranational regions, with shares when stated.
        sectors: Sectors, with shares when stated.
        components: Its components.
        activities: Activities that belong to no component.
        themes: Cross-cutting themes.
        target_groups: Beneficiaries.
        budget: The budget.
        results: Results and indicators.
        relations: Parent, child and other programmes.
        documents: Sources and links.
        tags: Keywords: free ones from the source (a plain string is one), or codes of a
            vocabulary such as the SDGs (IATI ``tag``).
        transactions: Money flows that happened or were committed (IATI transactions).
        planned_disbursements: Amounts expected to be paid out per period.
        sites: Places it works at or its beneficiaries are (IATI ``location``).
        contacts: Whom to ask about it (IATI ``contact-info``).
        other_identifiers: Its other identifiers (internal, CRS, previous).
        humanitarian_scopes: Emergencies and appeals it responds to.
        conditions: Conditions attached to its funding.
        country_budget_items: How it maps onto the recipient country's budget.
        crs: What the OECD DAC CRS asks beyond the rest (flags, loan terms and status, channel).
        forward_spending: The spending it expects in coming years (IATI ``fss``).
        legacy_data: Fields of the publisher's own system IATI has no place for.
        extras: Input kept verbatim because the model has no field for it.
    """

    key: str = attrs.field(validator=check_key)
    title: LocalizedText = attrs.field(converter=as_text)
    iati_identifier: str | None = None
    acronym: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    kind: ProgrammeKind | None = attrs.field(default=None, converter=_as_programme_kind)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    objectives: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    status: Status | None = attrs.field(default=None, converter=_as_status)
    period: Period | None = None
    declared_duration: Span | None = None
    dates: tuple[KeyDate, ...] = attrs.field(default=(), converter=_as_key_dates)
    participants: tuple[Participant, ...] = attrs.field(default=(), converter=_as_participants)
    people: tuple[Person, ...] = attrs.field(default=(), converter=_as_people)
    recipient_countries: tuple[CountryShare, ...] = attrs.field(default=(), converter=_as_countries)
    recipient_regions: tuple[RegionShare, ...] = attrs.field(default=(), converter=_as_regions)
    sectors: tuple[SectorShare, ...] = attrs.field(default=(), converter=_as_sectors)
    components: tuple[Component, ...] = attrs.field(default=(), converter=_as_components)
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=as_activities)
    themes: tuple[CrossCuttingTheme, ...] = attrs.field(default=(), converter=_as_themes)
    target_groups: tuple[TargetGroup, ...] = attrs.field(default=(), converter=_as_target_groups)
    budget: Budget | None = None
    results: tuple[Result, ...] = attrs.field(default=(), converter=_as_results)
    relations: tuple[Relation, ...] = attrs.field(default=(), converter=_as_relations)
    documents: tuple[DocumentLink, ...] = attrs.field(default=(), converter=_as_documents)
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_as_tags)
    transactions: tuple[Transaction, ...] = attrs.field(default=(), converter=_as_transactions)
    planned_disbursements: tuple[PlannedDisbursement, ...] = attrs.field(
        default=(), converter=_as_disbursements
    )
    descriptions: tuple[Description, ...] = attrs.field(default=(), converter=_as_descriptions)
    humanitarian: bool | None = None
    collaboration_type: str | None = code_field("CollaborationType")
    finance: FinanceClassification | None = None
    activity_scope: str | None = code_field("ActivityScope")
    capital_spend: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    publication: Publication | None = None
    # Where, whom to ask, other identifiers, scopes, conditions, CRS and forward spending (IATI).
    sites: tuple[Site, ...] = attrs.field(default=(), converter=_as_sites)
    contacts: tuple[Contact, ...] = attrs.field(default=(), converter=_as_contacts)
    other_identifiers: tuple[OtherIdentifier, ...] = attrs.field(default=(), converter=_as_other_identifiers)
    humanitarian_scopes: tuple[HumanitarianScope, ...] = attrs.field(default=(), converter=_as_scopes)
    conditions: Conditions | None = None
    country_budget_items: CountryBudgetItems | None = None
    crs: CrsAdditions | None = None
    forward_spending: ForwardSpending | None = None
    legacy_data: tuple[LegacyData, ...] = attrs.field(default=(), converter=_as_legacy_data)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __repr__(self) -> str:
        name = self.acronym or self.title
        return f"<Programme {self.key!r}: {name.resolve('en')}>"

    def organisations(self, role: Role | None = None) -> tuple[Organisation, ...]:
        """The organisations taking part, optionally only those in ``role``, without repeats."""
        found = (p.organisation for p in self.participants if role is None or p.role is role)
        return tuple(dict.fromkeys(found))

    @property
    def funders(self) -> tuple[Organisation, ...]:
        """Organisations in the funding role."""
        return self.organisations(Role.FUNDING)

    @property
    def implementers(self) -> tuple[Organisation, ...]:
        """Organisations in the implementing role."""
        return self.organisations(Role.IMPLEMENTING)

    @property
    def duration(self) -> MonthRange | None:
        """The length of ``period`` in calendar months (a range when dates are partial)."""
        return None if self.period is None else self.period.months()

    @property
    def parent_refs(self) -> tuple[str, ...]:
        """Refs of the programmes this one declares as parents."""
        return tuple(r.ref for r in self.relations if r.kind is RelationKind.PARENT)

    @property
    def child_refs(self) -> tuple[str, ...]:
        """Refs of the programmes this one declares as children."""
        return tuple(r.ref for r in self.relations if r.kind is RelationKind.CHILD)

    def walk_activities(self) -> tuple[Activity, ...]:
        """Every activity, of components and of the programme itself, nested ones included."""
        found = [a for component in self.components for a in component.walk()]
        found.extend(a for top in self.activities for a in top.walk())
        return tuple(found)


@attrs.frozen(repr=False)
@checked
class Catalogue:
    """A set of programmes, with organisations shared between them.

    Example:
        >>> cat = Catalogue((Programme("a", LocalizedText({"en": "A"})),))
        >>> cat["a"].title.resolve("en")
        'A'
    """

    programmes: tuple[Programme, ...] = attrs.field(default=(), converter=_as_programmes)
    title: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
    #: Organisations the catalogue lists although no programme names them (a register of
    #: partners, say): kept, so that loading a catalogue never drops one.
    directory: tuple[Organisation, ...] = attrs.field(default=(), converter=_as_organisations)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for index, programme in enumerate(self.programmes):
            if programme.key in seen:
                raise InvalidValueError(
                    f"programmes[{index}].key", programme.key, "be unique in the catalogue"
                )
            seen.add(programme.key)

    def __repr__(self) -> str:
        return f"<Catalogue of {len(self.programmes)} programmes>"

    def __len__(self) -> int:
        return len(self.programmes)

    def __iter__(self) -> Iterator[Programme]:
        return iter(self.programmes)

    @cached_property
    def _index(self) -> dict[str, Programme]:
        index: dict[str, Programme] = {}
        for programme in self.programmes:
            if programme.iati_identifier is not None:
                index.setdefault(programme.iati_identifier, programme)
        for programme in self.programmes:
            index[programme.key] = programme
        return index

    def __getitem__(self, ref: str) -> Programme:
        """The programme with this key or IATI identifier."""
        try:
            return self._index[ref]
        except KeyError:
            raise KeyError(f"no programme with key or IATI identifier {ref!r}") from None

    def get(self, ref: str) -> Programme | None:
        """The programme with this key or IATI identifier, or ``None``."""
        return self._index.get(ref)

    @property
    def organisations(self) -> tuple[Organisation, ...]:
        """Every organisation of the catalogue, each once, in first-seen order.

        The publishers (reporting organisations) and those taking part in a programme come
        first, then those named by its people and target groups, then the :attr:`directory`.
        """
        found: dict[Organisation, None] = {}
        for programme in self.programmes:
            publication = programme.publication
            if publication is not None and publication.reporting_org is not None:
                found.setdefault(publication.reporting_org)
            for participant in programme.participants:
                found.setdefault(participant.organisation)
        for programme in self.programmes:
            for person in programme.people:
                if person.organisation is not None:
                    found.setdefault(person.organisation)
            for group in programme.target_groups:
                for member in group.members:
                    if member.organisation is not None:
                        found.setdefault(member.organisation)
        for organisation in self.directory:
            found.setdefault(organisation)
        return tuple(found)

    def parents_of(self, programme: Programme) -> tuple[Programme, ...]:
        """Programmes that are parents of ``programme``, from either side's links."""
        return self._related(programme, RelationKind.PARENT)

    def children_of(self, programme: Programme) -> tuple[Programme, ...]:
        """Programmes that are children of ``programme``, from either side's links."""
        return self._related(programme, RelationKind.CHILD)

    def _related(self, programme: Programme, kind: RelationKind) -> tuple[Programme, ...]:
        refs = {programme.key} | ({programme.iati_identifier} - {None})
        found: dict[str, Programme] = {}
        for relation in programme.relations:
            if relation.kind is kind and (other := self.get(relation.ref)) is not None:
                found[other.key] = other
        for other in self.programmes:
            for relation in other.relations:
                if relation.kind is kind.inverse and relation.ref in refs:
                    found[other.key] = other
        return tuple(found.values())
