# mypy: disable-error-code="arg-type"
# (this file passes wrong types on purpose, to check the errors that name them)
"""Constructors, validation and derived values of the aggregate classes."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given

from itaproj import (
    Activity,
    ActivityKind,
    Beneficiary,
    BeneficiaryKind,
    Budget,
    BudgetKind,
    BudgetLine,
    BudgetStatus,
    Catalogue,
    Cluster,
    Component,
    Count,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    DocumentLink,
    Extra,
    Frequency,
    Indicator,
    IndicatorMeasure,
    KeyDate,
    LocalizedText,
    Location,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Person,
    Programme,
    Qualifier,
    Recurrence,
    RegionShare,
    Relation,
    RelationKind,
    RelativeDeadline,
    Result,
    ResultKind,
    Role,
    SectorShare,
    Selection,
    Span,
    Status,
    TargetGroup,
    TimeUnit,
)
from itaproj.errors import (
    BoundArithmeticError,
    CurrencyMismatchError,
    InvalidValueError,
    ItaprojError,
    LoadError,
    LoadIssue,
    MissingDependencyError,
    UnknownCodelistError,
)
from itaproj.finance import FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.geo import is_country_code, is_subdivision_code
from itaproj.testing import target_groups
from itaproj.validation import check_key, check_text


def text(value: str, tag: str = "en") -> LocalizedText:
    return LocalizedText({tag: value})


EU = Organisation("eu", text("European Union"), ref="XI-IATI-EC_NEAR", type="40")
FCM = Organisation("fcm", text("Federation of Canadian Municipalities"), type="21", country="CA")
GAC = Organisation("gac", text("Global Affairs Canada"), ref="CA-3", type="10", country="CA")


# -- every constructor names the field and the bad value ------------------------------------


def _prog(**kwargs: Any) -> Programme:
    return Programme(**{"key": "m4eg", "title": text("Mayors for Economic Growth"), **kwargs})


BAD_VALUES: list[tuple[str, Callable[[], object], str, object]] = [
    ("country share code", lambda: CountryShare("ua"), "country", "ua"),
    ("country share alpha-3", lambda: CountryShare("UKR"), "country", "UKR"),
    ("country share None", lambda: CountryShare(None), "country", None),
    ("country share number", lambda: CountryShare(804), "country", 804),
    ("share above 100", lambda: CountryShare("UA", Decimal("100.5")), "percentage", Decimal("100.5")),
    ("share negative", lambda: CountryShare("UA", Decimal(-1)), "percentage", Decimal(-1)),
    ("share float", lambda: CountryShare("UA", 50.0), "percentage", 50.0),
    ("share NaN", lambda: CountryShare("UA", Decimal("NaN")), "percentage", Decimal("NaN")),
    # codes of lists the standard does not embed: any code is taken (check() reports unknown
    # ones), but not an empty one
    ("region code", lambda: RegionShare(" "), "code", " "),
    ("region vocabulary", lambda: RegionShare("89", vocabulary=""), "vocabulary", ""),
    ("region share", lambda: RegionShare("89", percentage=Decimal(101)), "percentage", Decimal(101)),
    ("location country", lambda: Location("Ukraine"), "country", "Ukraine"),
    ("location subdivision form", lambda: Location("UA", "UA32"), "subdivision", "UA32"),
    ("location subdivision lower", lambda: Location("UA", "ua-32"), "subdivision", "ua-32"),
    ("location other country", lambda: Location("UA", "KZ-MAN"), "subdivision", "KZ-MAN"),
    ("organisation key empty", lambda: Organisation("", text("x")), "key", ""),
    ("organisation key space", lambda: Organisation("f c m", text("x")), "key", "f c m"),
    ("organisation key None", lambda: Organisation(None, text("x")), "key", None),
    ("organisation type", lambda: Organisation("eu", text("x"), type=""), "type", ""),
    ("organisation type int", lambda: Organisation("eu", text("x"), type=10), "type", 10),
    ("organisation country", lambda: Organisation("eu", text("x"), country="can"), "country", "can"),
    ("role code", lambda: Role.from_iati_code("5"), "role", "5"),
    ("component code", lambda: Component("1 000", text("x")), "code", "1 000"),
    (
        "component share",
        lambda: Component("1000", text("x"), budget_share=Decimal(150)),
        "budget_share",
        Decimal(150),
    ),
    ("theme without code", lambda: CrossCuttingTheme(text("Gender")), "code", None),
    ("theme code", lambda: CrossCuttingTheme(text("Gender"), code=""), "code", ""),
    (
        "theme vocabulary",
        lambda: CrossCuttingTheme(text("Gender"), code="1", vocabulary=""),
        "vocabulary",
        "",
    ),
    (
        "theme significance 5",
        lambda: CrossCuttingTheme(text("G"), code="1", significance=5),
        "significance",
        5,
    ),
    (
        "theme significance -1",
        lambda: CrossCuttingTheme(text("G"), code="1", significance=-1),
        "significance",
        -1,
    ),
    (
        "theme significance bool",
        lambda: CrossCuttingTheme(text("G"), code="1", significance=True),
        "significance",
        True,
    ),
    (
        "theme significance str",
        lambda: CrossCuttingTheme(text("G"), code="1", significance="2"),
        "significance",
        "2",
    ),
    (
        "theme components str",
        lambda: CrossCuttingTheme(text("G"), code="1", components="a"),
        "components",
        "a",
    ),
    ("cluster key", lambda: Cluster("kyiv oblast", text("Kyiv")), "key", "kyiv oblast"),
    ("cluster regions form", lambda: Cluster("east", text("East"), regions=("UA14",)), "regions[0]", "UA14"),
    ("cluster regions int", lambda: Cluster("east", text("East"), regions=["UA-14", 14]), "regions[1]", 14),
    ("cluster regions str", lambda: Cluster("east", text("East"), regions="UA-14"), "regions", "UA-14"),
    ("target group members str", lambda: TargetGroup(BeneficiaryKind.COMMUNITY, members="x"), "members", "x"),
    ("budget lines of money", lambda: Budget(lines=[Money(1, "EUR")]), "lines[0]", Money(1, "EUR")),
    ("indicator targets mapping", lambda: Indicator(text("x"), targets={}), "targets", {}),
    ("result indicators set", lambda: Result(text("x"), indicators=set()), "indicators", set()),
    ("programme title str", lambda: _prog(title="Mayors"), "title", "Mayors"),
    ("programme title tag", lambda: _prog(title={"EN": "Mayors"}), "title", "EN"),
    ("programme title blank", lambda: _prog(title={"en": " "}), "title['en']", " "),
    ("programme objectives of str", lambda: _prog(objectives=["x"]), "objectives[0]", "x"),
    ("programme tags str", lambda: _prog(tags="x"), "tags", "x"),
    ("programme tags of int", lambda: _prog(tags=["x", 1]), "tags[1]", 1),
    ("programme participants of orgs", lambda: _prog(participants=[EU]), "participants[0]", EU),
    ("programme kind", lambda: _prog(kind="programm"), "kind", "programm"),
    ("programme status member name", lambda: _prog(status="CLOSED"), "status", "CLOSED"),
    ("programme status of another enum", lambda: _prog(status=Role.FUNDING), "status", Role.FUNDING),
    ("programme period", lambda: _prog(period="2017/2020"), "period", "2017/2020"),
    ("catalogue programmes of str", lambda: Catalogue(["m4eg"]), "programmes[0]", "m4eg"),
    ("catalogue programmes int", lambda: Catalogue(7), "programmes", 7),
    ("participant role", lambda: Participant(EU, "fund"), "role", "fund"),
    ("participant organisation", lambda: Participant("eu", Role.FUNDING), "organisation", "eu"),
    ("beneficiary name str", lambda: Beneficiary("Bucha", BeneficiaryKind.COMMUNITY), "name", "Bucha"),
    ("beneficiary kind", lambda: Beneficiary(text("Bucha"), "hromada"), "kind", "hromada"),
    ("period datetime", lambda: Period(dt.datetime(2024, 1, 1, 12)), "start", dt.datetime(2024, 1, 1, 12)),
    ("period text", lambda: Period(end="2024-13"), "end", "2024-13"),
    ("period int", lambda: Period(2024), "start", 2024),
    ("key date text", lambda: KeyDate(DateKind.SIGNED, "12.03.2021"), "date", "12.03.2021"),
    ("budget value date text", lambda: Budget(value_date="2021-02-30"), "value_date", "2021-02-30"),
    (
        "budget value date datetime",
        lambda: Budget(value_date=dt.datetime(2021, 1, 1)),
        "value_date",
        dt.datetime(2021, 1, 1),
    ),
    ("indicator ascending", lambda: Indicator(text("x"), ascending="yes"), "ascending", "yes"),
    ("observation value int", lambda: Observation(5), "value", 5),
    ("indicator unit", lambda: Indicator(text("x"), unit="widgets"), "unit", "widgets"),
    ("indicator unit syntax", lambda: Indicator(text("x"), unit="person)"), "unit", "person)"),
    ("status code", lambda: Status.from_iati_code("7"), "status", "7"),
    ("relation ref", lambda: Relation(RelationKind.PARENT, "u lead"), "ref", "u lead"),
    ("sector code", lambda: SectorShare(""), "code", ""),
    ("sector category code", lambda: SectorShare(" ", vocabulary="2"), "code", " "),
    ("sector vocabulary", lambda: SectorShare("15110", vocabulary=""), "vocabulary", ""),
    ("sector share", lambda: SectorShare("15110", percentage=Decimal("-0.5")), "percentage", Decimal("-0.5")),
    ("document url empty", lambda: DocumentLink(""), "url", ""),
    ("document url blank", lambda: DocumentLink("  "), "url", "  "),
    ("document url None", lambda: DocumentLink(None), "url", None),
    ("document category", lambda: DocumentLink("https://x.org", categories=["Z99"]), "categories", "Z99"),
    ("extra path", lambda: Extra("", "{}"), "path", ""),
    ("extra path None", lambda: Extra(None, "{}"), "path", None),
    ("programme key", lambda: _prog(key="m4eg 2"), "key", "m4eg 2"),
    ("flow organisation", lambda: FlowOrganisation(), "ref", None),
    ("flow organisation ref", lambda: FlowOrganisation(ref=" "), "ref", " "),
    ("transaction type", lambda: Transaction("99", PartialDate(2020), Money(1, "EUR")), "type", "99"),
    (
        "planned disbursement type",
        lambda: PlannedDisbursement(Period(), Money(1, "EUR"), type="3"),
        "type",
        "3",
    ),
]


@pytest.mark.parametrize(
    ("build", "field", "bad"), [case[1:] for case in BAD_VALUES], ids=[c[0] for c in BAD_VALUES]
)
def test_errors_name_the_field_and_the_bad_value(
    build: Callable[[], object], field: str, bad: object
) -> None:
    with pytest.raises(InvalidValueError) as info:
        build()
    error = info.value
    assert error.field == field
    assert repr(error.value) == repr(bad)
    message = str(error)
    assert message.startswith(f"{field!r} must ")
    assert message.endswith(f"(got {bad!r})")
    assert isinstance(error, ValueError)
    assert isinstance(error, ItaprojError)


# -- geo -------------------------------------------------------------------------------------


def test_country_codes_follow_the_open_list() -> None:
    assert CountryShare("UA").percentage is None
    assert CountryShare("UA", Decimal("62.5")).percentage == Decimal("62.5")
    # Kosovo's user-assigned code is not in every list; the Country list is open.
    assert CountryShare("QZ").country == "QZ"
    assert is_country_code("KZ")
    assert not is_country_code("kz")
    assert not is_country_code(None)
    assert is_subdivision_code("KZ-MAN")
    assert is_subdivision_code("UA-32")
    assert not is_subdivision_code("UA-")
    assert not is_subdivision_code("UA-1234")


def test_region_share_vocabularies() -> None:
    assert RegionShare("89").vocabulary == "1"
    # Vocabulary 99 is the reporting organisation's own: any code goes.
    assert RegionShare("eastern-partnership", vocabulary="99").code == "eastern-partnership"


def test_location() -> None:
    place = Location("UA", "UA-32", code="UA32000000000030281")
    assert (place.country, place.subdivision, place.code) == ("UA", "UA-32", "UA32000000000030281")
    assert Location("KZ").subdivision is None


# -- organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [(Role.FUNDING, "1"), (Role.ACCOUNTABLE, "2"), (Role.EXTENDING, "3"), (Role.IMPLEMENTING, "4")],
)
def test_iati_roles_round_trip(role: Role, code: str) -> None:
    assert role.iati_code == code
    assert Role.from_iati_code(code) is role


def test_legal_roles_have_no_iati_code() -> None:
    assert Role.RECIPIENT.iati_code is None
    assert Role.BENEFICIARY.iati_code is None


def test_organisations_and_people() -> None:
    assert GAC.ref == "CA-3"
    assert EU.acronym is None
    assert Participant(FCM, Role.IMPLEMENTING, note=text("consortium lead")).note == text("consortium lead")
    person = Person(text("Олена", "uk"), position=text("coordinator"), organisation=FCM)
    assert person.organisation is FCM


# -- activities and components ---------------------------------------------------------------


def test_walk_is_depth_first_in_source_order() -> None:
    a11 = Activity(text("1.1"))
    a12 = Activity(text("1.2"))
    a1 = Activity(text("1"), kind=ActivityKind.LINE, activities=(a11, a12))
    a2 = Activity(text("2"), kind=ActivityKind.EVENT)
    component = Component("1000", text("Local governance"), activities=(a1, a2))
    assert [a.title.resolve("en") for a in component.walk()] == ["1", "1.1", "1.2", "2"]
    assert a11.walk() == (a11,)
    programme = _prog(components=(component,), activities=(Activity(text("3")),))
    assert [a.title.resolve("en") for a in programme.walk_activities()] == ["1", "1.1", "1.2", "2", "3"]


def test_recurrence_and_deadline() -> None:
    yearly = Recurrence(Frequency.YEARLY, since=PartialDate(2004))
    assert yearly.until is None
    deadline = RelativeDeadline(Span(1, TimeUnit.YEAR), text("joining"))
    obligation = Activity(text("Submit a plan"), kind=ActivityKind.OBLIGATION, deadline=deadline)
    assert obligation.deadline is not None
    assert obligation.deadline.within.months == 12


def test_component_budget() -> None:
    component = Component("2000", text("Grants"), budget_share=Decimal(40), budget=Money(2_000_000, "EUR"))
    assert component.budget_share == Decimal(40)
    assert component.walk() == ()


# -- themes ----------------------------------------------------------------------------------


def test_themes() -> None:
    gender = CrossCuttingTheme(text("Gender equality"), code="1", significance=2)
    assert gender.is_dac_marker
    own = CrossCuttingTheme(text("Digital inclusion"), vocabulary="99")
    assert not own.is_dac_marker
    assert own.code is None
    assert CrossCuttingTheme(text("Environment"), code="2", significance=0).significance == 0


# -- beneficiaries ---------------------------------------------------------------------------


def community(name: str, subdivision: str | None = None, cluster: str | None = None) -> Beneficiary:
    location = None if subdivision is None else Location("UA", subdivision)
    return Beneficiary(text(name, "uk"), BeneficiaryKind.COMMUNITY, location=location, cluster=cluster)


def test_members_by_subdivision() -> None:
    group = TargetGroup(
        BeneficiaryKind.COMMUNITY,
        declared_count=Count(19),
        members=(
            community("Бровари", "UA-32"),
            community("Ірпінь", "UA-32"),
            community("Суми", "UA-59"),
            community("?"),
        ),
    )
    assert group.members_by_subdivision() == {"UA-32": 2, "UA-59": 1, None: 1}


def test_members_by_cluster_keeps_every_member() -> None:
    group = TargetGroup(
        BeneficiaryKind.COMMUNITY,
        clusters=(Cluster("north", text("North")), Cluster("east", text("East"), regions=("UA-14", "UA-63"))),
        members=(
            community("a", cluster="east"),
            community("b", cluster="south"),  # a key no cluster declares
            community("c"),
            community("d", cluster="east"),
        ),
    )
    # Regression: the member of "south" used to vanish from the counts.
    assert group.members_by_cluster() == {"north": 0, "east": 2, "south": 1, None: 1}
    assert list(group.members_by_cluster()) == ["north", "east", "south", None]


@given(target_groups())
def test_members_by_cluster_adds_up(group: TargetGroup) -> None:
    counts = group.members_by_cluster()
    assert sum(counts.values()) == len(group.members)
    assert list(counts)[: len(group.clusters)] == [cluster.key for cluster in group.clusters]
    assert sum(group.members_by_subdivision().values()) == len(group.members)


def test_selection() -> None:
    selection = Selection(
        applied=Count(300, Qualifier.MORE_THAN), selected=Count(19), applied_regions=Count(11)
    )
    assert str(selection.applied) == ">300"


# -- budgets ---------------------------------------------------------------------------------


def test_budget_codes() -> None:
    assert (BudgetKind.ORIGINAL.iati_code, BudgetKind.REVISED.iati_code) == ("1", "2")
    assert (BudgetStatus.INDICATIVE.iati_code, BudgetStatus.COMMITTED.iati_code) == ("1", "2")


def line(amount: int, kind: BudgetKind | None = None, currency: str = "EUR") -> BudgetLine:
    return BudgetLine(Money(amount, currency), kind=kind)


def test_budget_amount() -> None:
    assert Budget().amount is None
    assert Budget(total=Money(6_288_000, "EUR")).amount == Money(6_288_000, "EUR")
    # A stated total wins over lines.
    assert Budget(total=Money(10, "EUR"), lines=(line(3), line(4))).amount == Money(10, "EUR")
    # 1,000,000 + 2,500,000 + 500,000 = 4,000,000.
    assert Budget(lines=(line(1_000_000), line(2_500_000), line(500_000))).amount == Money(4_000_000, "EUR")
    # Revised lines replace the original ones: 5 + 7 = 12, not 1 + 2 + 5 + 7.
    lines = (
        line(1, BudgetKind.ORIGINAL),
        line(2, BudgetKind.ORIGINAL),
        line(5, BudgetKind.REVISED),
        line(7, BudgetKind.REVISED),
    )
    budget = Budget(lines=lines)
    assert budget.amount == Money(12, "EUR")
    assert budget.lines_of(BudgetKind.ORIGINAL) == lines[:2]
    assert budget.lines_of(None) == ()


def test_budget_currencies() -> None:
    assert Budget().currencies == frozenset()
    assert Budget(lines=(line(1), line(2, currency="UAH"))).currencies == {"EUR", "UAH"}
    assert Budget(total=Money(1, "USD")).currencies == {"USD"}


def test_budget_never_mixes_currencies() -> None:
    budget = Budget(total=Money(1, "USD"), lines=(line(1), line(2, currency="UAH")))
    assert budget.currencies == {"USD", "EUR", "UAH"}
    with pytest.raises(CurrencyMismatchError):
        Budget(lines=(line(1), line(2, currency="UAH"))).amount  # noqa: B018


# -- results ---------------------------------------------------------------------------------


def test_result_codes() -> None:
    assert [kind.iati_code for kind in ResultKind] == ["1", "2", "3", "9"]
    assert [measure.iati_code for measure in IndicatorMeasure] == ["1", "2", "3", "4", "5"]


def observe(value: int | str, qualifier: Qualifier = Qualifier.EXACT) -> Observation:
    return Observation(Measure(value, qualifier))


def test_indicator_change_and_progress() -> None:
    sez = Indicator(
        text("Enterprises in the SEZ"),
        unit="enterprise",
        baselines=(observe(5),),
        targets=(observe(10), observe(15)),
        actuals=(observe(9), observe(12)),
    )
    assert sez.latest_actual == observe(12)
    assert sez.change == Measure(7)  # 12 - 5
    assert sez.relative_change == Decimal("1.4")  # 7 / 5
    assert sez.progress == Decimal("0.7")  # (12 - 5) / (15 - 5)


def test_indicator_without_numbers() -> None:
    empty = Indicator(text("Qualitative"), measure=IndicatorMeasure.QUALITATIVE)
    assert empty.latest_actual is None
    assert empty.change is None
    assert empty.relative_change is None
    assert empty.progress is None
    money = Indicator(text("Investment"), baselines=(Observation(Money(0, "EUR")),), actuals=(observe(3),))
    assert money.change is None
    zero_base = Indicator(text("x"), baselines=(observe(0),), actuals=(observe(3),))
    assert zero_base.change == Measure(3)
    assert zero_base.relative_change is None
    flat = Indicator(text("x"), baselines=(observe(4),), targets=(observe(4),), actuals=(observe(5),))
    assert flat.progress is None


def test_bounded_indicator_values_give_no_ratio() -> None:
    applied = Indicator(
        text("Communities applying"),
        unit="community",
        baselines=(observe(0),),
        targets=(observe(200),),
        actuals=(observe(300, Qualifier.MORE_THAN),),
    )
    assert applied.change == Measure(300, Qualifier.MORE_THAN)
    assert applied.relative_change is None
    # Regression: progress used to report exactly 1.5 for "more than 300" of 200.
    assert applied.progress is None
    bounded_base = Indicator(text("x"), baselines=(observe(5, Qualifier.MORE_THAN),), actuals=(observe(12),))
    assert bounded_base.change == Measure(7, Qualifier.LESS_THAN)
    assert bounded_base.relative_change is None
    clashing = Indicator(
        text("x"), baselines=(observe(5, Qualifier.MORE_THAN),), actuals=(observe(12, Qualifier.MORE_THAN),)
    )
    with pytest.raises(BoundArithmeticError):
        clashing.change  # noqa: B018


def test_result() -> None:
    result = Result(text("Better services"), kind=ResultKind.OUTCOME, indicators=(Indicator(text("x")),))
    assert result.indicators[0].measure is IndicatorMeasure.UNIT
    assert result.indicators[0].ascending


# -- programmes ------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "code"), [(s, str(i)) for i, s in enumerate(Status, start=1)])
def test_status_codes_round_trip(status: Status, code: str) -> None:
    assert status.iati_code == code
    assert Status.from_iati_code(code) is status


def test_relation_kinds() -> None:
    assert [kind.iati_code for kind in RelationKind] == ["1", "2", "3", "4", "5"]
    assert RelationKind.PARENT.inverse is RelationKind.CHILD
    assert RelationKind.CHILD.inverse is RelationKind.PARENT
    for kind in RelationKind:
        assert kind.inverse.inverse is kind
    assert RelationKind.SIBLING.inverse is RelationKind.SIBLING


def test_date_kinds() -> None:
    assert [kind.iati_code for kind in DateKind] == ["1", "2", "3", "4", None, None, None]
    announced = KeyDate(DateKind.ANNOUNCED, PartialDate(2021, 3, 12))
    assert announced.date.isoformat() == "2021-03-12"


def test_sector_vocabularies() -> None:
    assert SectorShare("15110").vocabulary == "1"
    assert SectorShare("151", vocabulary="2").code == "151"
    assert SectorShare("anything", vocabulary="99").code == "anything"


def test_documents_keep_malformed_urls() -> None:
    assert DocumentLink("htp:/m4eg.eu").url == "htp:/m4eg.eu"
    assert DocumentLink("https://m4eg.eu", categories=["A01"], languages=["uk"]).categories == ("A01",)
    assert Extra("$.x_note", '"kept"').format == "json"


def programme(key: str, *relations: Relation, iati: str | None = None, **kwargs: Any) -> Programme:
    return Programme(key, text(key.upper()), iati_identifier=iati, relations=relations, **kwargs)


def test_programme_derived_values() -> None:
    m4eg = _prog(
        acronym=text("M4EG"),
        period=Period.parse("2017", "2020"),
        participants=(
            Participant(EU, Role.FUNDING),
            Participant(FCM, Role.IMPLEMENTING),
            Participant(EU, Role.ACCOUNTABLE),
            Participant(EU, Role.FUNDING),
        ),
        relations=(Relation(RelationKind.PARENT, "eu4business"), Relation(RelationKind.CHILD, "m4eg-ua")),
    )
    assert repr(m4eg) == "<Programme 'm4eg': M4EG>"
    assert repr(_prog()) == "<Programme 'm4eg': Mayors for Economic Growth>"
    assert m4eg.organisations() == (EU, FCM)
    assert m4eg.funders == (EU,)
    assert m4eg.implementers == (FCM,)
    assert m4eg.organisations(Role.RECIPIENT) == ()
    assert str(m4eg.duration) == "26–48"
    assert _prog().duration is None
    assert m4eg.parent_refs == ("eu4business",)
    assert m4eg.child_refs == ("m4eg-ua",)


def test_notebook_html_names_the_programme() -> None:
    from itaproj.notebook import html

    assert "Mayors for Economic Growth" in html(_prog())
    assert "Mayors for Economic Growth" in html(Catalogue((_prog(),)))


def test_programme_is_immutable_and_evolves() -> None:
    base = _prog()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        base.key = "other"  # type: ignore[misc]
    changed = attrs.evolve(base, status=Status.CLOSED)
    assert changed.status is Status.CLOSED
    assert base.status is None
    assert hash(_prog()) == hash(base)


def test_catalogue_lookup() -> None:
    u_lead = programme("u-lead", iati="XM-DAC-41122-U-LEAD")
    auc = programme("auc", Relation(RelationKind.PARENT, "u-lead"))
    catalogue = Catalogue((u_lead, auc), title=text("ITA in Ukraine"))
    assert len(catalogue) == 2
    assert list(catalogue) == [u_lead, auc]
    assert repr(catalogue) == "<Catalogue of 2 programmes>"
    assert catalogue["u-lead"] is u_lead
    assert catalogue["XM-DAC-41122-U-LEAD"] is u_lead
    assert catalogue.get("nothing") is None
    with pytest.raises(KeyError, match="no programme with key or IATI identifier 'nothing'"):
        catalogue["nothing"]


def test_keys_win_over_iati_identifiers() -> None:
    # A programme whose IATI identifier equals another's key: the key lookup finds the key's owner.
    a = programme("a", iati="b")
    b = programme("b")
    assert Catalogue((a, b))["b"] is b
    assert Catalogue((a, b))["a"] is a


def test_catalogue_keys_are_unique() -> None:
    with pytest.raises(InvalidValueError) as info:
        Catalogue((programme("a"), programme("b"), programme("a")))
    assert str(info.value) == "'programmes[2].key' must be unique in the catalogue (got 'a')"


def test_catalogue_relations_from_either_side() -> None:
    parent = programme("u-lead", Relation(RelationKind.CHILD, "promis"), iati="XM-1")
    auc = programme("auc", Relation(RelationKind.PARENT, "XM-1"))
    promis = programme("promis")
    lonely = programme("lonely", Relation(RelationKind.PARENT, "missing"))
    catalogue = Catalogue((parent, auc, promis, lonely))
    assert catalogue.children_of(parent) == (promis, auc)
    assert catalogue.parents_of(auc) == (parent,)
    assert catalogue.parents_of(promis) == (parent,)
    assert catalogue.parents_of(lonely) == ()
    assert catalogue.children_of(promis) == ()


def test_catalogue_organisations_once_each() -> None:
    a = programme("a", participants=(Participant(EU, Role.FUNDING), Participant(FCM, Role.IMPLEMENTING)))
    b = programme("b", participants=(Participant(GAC, Role.FUNDING), Participant(EU, Role.ACCOUNTABLE)))
    assert Catalogue((a, b)).organisations == (EU, FCM, GAC)


# -- money flows -----------------------------------------------------------------------------


def test_money_flows() -> None:
    receiver = FlowOrganisation(name=text("ArmPower CJSC"))
    flow = Transaction("2", PartialDate(2023, 9, 30), Money("68400000.00", "USD"), receiver=receiver)
    assert flow.type_name == "Outgoing Commitment"
    assert FlowOrganisation(ref="XM-DAC-41114").name is None
    plan = PlannedDisbursement(Period.parse("2023-01-01", "2023-12-31"), Money(500_000, "EUR"), type="1")
    assert plan.type == "1"
    assert PlannedDisbursement(Period(), Money(1, "EUR")).type is None
    assert FlowOrganisation(ref="CA-3", type="10").type == "10"
    # OrganisationType is not embedded in the standard: any code is taken, check() reports it
    assert FlowOrganisation(ref="CA-3", type="5").type == "5"
    with pytest.raises(
        InvalidValueError, match="'type' must be a code of the IATI OrganisationType codelist"
    ):
        FlowOrganisation(ref="CA-3", type="")


# -- errors and validators -------------------------------------------------------------------


def test_error_hierarchy() -> None:
    assert issubclass(InvalidValueError, ValueError)
    assert issubclass(CurrencyMismatchError, TypeError)
    assert issubclass(BoundArithmeticError, ArithmeticError)
    assert issubclass(UnknownCodelistError, LookupError)
    assert issubclass(MissingDependencyError, ImportError)
    assert issubclass(LoadError, ValueError)
    for error in (
        InvalidValueError,
        CurrencyMismatchError,
        BoundArithmeticError,
        LoadError,
        MissingDependencyError,
    ):
        assert issubclass(error, ItaprojError)


def test_error_messages() -> None:
    assert str(InvalidValueError("currency", "eur", "be an ISO 4217 code")) == (
        "'currency' must be an ISO 4217 code (got 'eur')"
    )
    missing = MissingDependencyError("lxml", "xml", "IATI XML output")
    assert str(missing) == (
        "IATI XML output needs lxml, which is not installed; install it with: pip install 'itaproj[xml]'"
    )
    assert (missing.module, missing.extra) == ("lxml", "xml")
    unknown = UnknownCodelistError("Nope", ["B", "A"])
    assert str(unknown) == "no codelist named 'Nope'; known: A, B"
    assert unknown.value == "Nope"


def test_load_error_lists_every_issue() -> None:
    issues = [LoadIssue("$.programmes[0].key", "'key' must be a non-empty string"), LoadIssue("$.x", "bad")]
    error = LoadError(issues, source="catalogue.json")
    assert error.issues == tuple(issues)
    assert str(issues[1]) == "bad @ $.x"
    assert str(error) == (
        "2 errors loading catalogue.json:\n  'key' must be a non-empty string @ $.programmes[0].key\n  bad @ $.x"
    )
    assert str(LoadError([LoadIssue("$", "empty")])) == "1 error loading input:\n  empty @ $"


@attrs.define
class _Holder:
    value: object = None


_FIELD = attrs.fields(_Holder).value


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (check_key, ["m4eg", "громада", "a-b_c.1"], ["", " ", "a b", "a\tb", None, 5]),
        (check_text, [None, "x", " x "], ["", "  ", 5, b"x"]),
    ],
)
def test_validators(
    check: Callable[[object, Any, object], None], good: list[object], bad: list[object]
) -> None:
    for value in good:
        check(None, _FIELD, value)
    for value in bad:
        with pytest.raises(InvalidValueError) as info:
            check(None, _FIELD, value)
        assert info.value.field == "value"
        assert info.value.value is value


def test_dates_on_budget_lines() -> None:
    budget_line = BudgetLine(
        Money(1, "EUR"), period=Period.parse("2021", "2021"), value_date=dt.date(2021, 1, 1)
    )
    assert budget_line.value_date == dt.date(2021, 1, 1)
