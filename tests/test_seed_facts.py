"""Every numbered seed fact (S0.1 ... S4.8 of the domain notes), read back from the shipped catalogue.

Each fact is read through the public API from ``itaproj.examples.load()``: the JSON document
shipped in the package, not the Python sources in ``examples/``. So a fact the JSON round-trip
loses or changes (a precision, a bound, a currency, a malformed link, a parent link) fails here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import pytest

from itaproj import (
    ActivityKind,
    BeneficiaryKind,
    Catalogue,
    Count,
    DateKind,
    Frequency,
    LocalizedText,
    Location,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Period,
    Precision,
    Programme,
    ProgrammeKind,
    Qualifier,
    Recurrence,
    Role,
    Span,
    TimeUnit,
)
from itaproj.checks import check
from itaproj.examples import load
from itaproj.io import dumps
from itaproj.results import Indicator

CATALOGUE = load()

#: The ids of the domain notes' facts: S0.1-S0.13, S1.1-S1.10, S2.1-S2.9, S3.1-S3.14, S4.1-S4.8.
FACT_IDS = (
    [f"S0.{n}" for n in range(1, 14)]
    + [f"S1.{n}" for n in range(1, 11)]
    + [f"S2.{n}" for n in range(1, 10)]
    + [f"S3.{n}" for n in range(1, 15)]
    + [f"S4.{n}" for n in range(1, 9)]
)

#: The language each seed is written in, by programme key.
SEED_LANGUAGE = {
    "m4eg": "ru",
    "promis": "uk",
    "u-lead": "uk",
    "auc-analytics": "uk",
    "kz-regional-development": "ru",
    "surge": "uk",
    "clir": "uk",
}


def seed_text(text: LocalizedText | None) -> LocalizedText:
    """``text`` cut down to what the seed itself gives: its original and the English translation.

    The catalogue also carries Ukrainian and Russian translations for reading (checked in
    ``tests/test_seed_translations.py``); the seed facts are about the original and its English.
    """
    assert text is not None
    return LocalizedText({text.original: text[text.original], "en": text["en"]}, original=text.original)


FACTS: dict[str, Callable[[Catalogue], None]] = {}


def fact(fact_id: str) -> Callable[[Callable[[Catalogue], None]], Callable[[Catalogue], None]]:
    def register(function: Callable[[Catalogue], None]) -> Callable[[Catalogue], None]:
        assert fact_id not in FACTS, fact_id
        FACTS[fact_id] = function
        return function

    return register


def org(catalogue: Catalogue, key: str) -> Organisation:
    (found,) = (o for o in catalogue.organisations if o.key == key)
    return found


def findings(catalogue: Catalogue) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in check(catalogue)}


def path_of(catalogue: Catalogue, key: str) -> str:
    keys = [p.key for p in catalogue]
    return f"$.programmes[{keys.index(key)}]"


def texts_en(texts: tuple[LocalizedText, ...]) -> list[str]:
    return [t["en"] for t in texts]


def only(indicators: tuple[Indicator, ...]) -> Indicator:
    (indicator,) = indicators
    return indicator


def measure_of(observation: Observation | None) -> Measure | Money | None:
    assert observation is not None
    return observation.value


# --- S0: Mayors for Economic Growth (Russian) -------------------------------------------------


@fact("S0.1")
def _s0_1(cat: Catalogue) -> None:
    m4eg = cat["m4eg"]
    assert seed_text(m4eg.title) == LocalizedText(
        {"ru": "Мэры за экономический рост", "en": "Mayors for Economic Growth"}, original="ru"
    )
    assert m4eg.acronym is not None
    assert m4eg.acronym["ru"] == m4eg.acronym["en"] == "M4EG"
    assert m4eg.iati_identifier is None  # none is given; the key is local


@fact("S0.2")
def _s0_2(cat: Catalogue) -> None:
    period = cat["m4eg"].period
    assert period == Period(PartialDate(2017), PartialDate(2020))
    assert period.start is not None
    assert period.end is not None
    assert (period.start.precision, period.end.precision) == (Precision.YEAR, Precision.YEAR)


@fact("S0.3")
def _s0_3(cat: Catalogue) -> None:
    budget = cat["m4eg"].budget
    assert budget is not None
    assert budget.total == Money(14_500_000, "EUR")
    assert budget.total.qualifier is Qualifier.EXACT
    # «14,5 млн евро» is stated to a tenth of a million, and the JSON keeps that precision.
    assert str(budget.total.amount) == "1.45E+7"
    assert budget.lines == ()  # no breakdown given


@fact("S0.4")
def _s0_4(cat: Catalogue) -> None:
    (eu,) = cat["m4eg"].funders
    assert eu.key == "eu"
    assert seed_text(eu.name) == LocalizedText({"ru": "Европейский Союз", "en": "European Union"})
    assert eu.ref is None  # the seed does not say which EU body; no ref is invented


@fact("S0.5")
def _s0_5(cat: Catalogue) -> None:
    countries = cat["m4eg"].recipient_countries
    assert [c.country for c in countries] == ["AM", "AZ", "BY", "GE", "MD", "UA"]
    assert all(c.percentage is None for c in countries)  # no shares given


@fact("S0.6")
def _s0_6(cat: Catalogue) -> None:
    description = cat["m4eg"].description
    assert description is not None
    assert description.original == "ru"
    for phrase in (
        "содействия экономическому росту и создания рабочих мест",
        "улучшения местной деловой среды",
        "стимулирования предпринимательства",
        "привлечения инвестиций для устойчивого экономического развития",
    ):
        assert phrase in description["ru"]
    for phrase in ("economic growth and job creation", "local business environment", "entrepreneurship"):
        assert phrase in description["en"]


@fact("S0.7")
def _s0_7(cat: Catalogue) -> None:
    objectives = cat["m4eg"].objectives
    assert len(objectives) == 4
    assert "ПМЭР" in objectives[0]["ru"]
    assert "(LEDP)" in objectives[0]["en"]
    assert "управления финансами" in objectives[1]["ru"]
    assert "financial management" in objectives[1]["en"]
    assert "государственным и частным сектором" in objectives[2]["ru"]
    assert "public-private" in objectives[2]["en"]
    assert "ноу-хау" in objectives[3]["ru"]
    assert "know-how" in objectives[3]["en"]


@fact("S0.8")
def _s0_8(cat: Catalogue) -> None:
    (obligation,) = (a for a in cat["m4eg"].activities if a.kind is ActivityKind.OBLIGATION)
    assert obligation.deadline is not None
    assert obligation.deadline.within == Span(1, TimeUnit.YEAR)
    assert "присоединение" in obligation.deadline.event["ru"]
    assert "joining" in obligation.deadline.event["en"]
    assert obligation.period is None  # relative to each city's accession, not a calendar date


@fact("S0.9")
def _s0_9(cat: Catalogue) -> None:
    line = cat["m4eg"].activities[1]
    assert line.kind is ActivityKind.LINE
    assert line.title["ru"].startswith("Информационная поддержка, наращивание потенциала")
    assert line.description is not None
    for phrase in ("семинаров", "учебных материалов", "методологии", "базовых кадастров"):
        assert phrase in line.description["ru"]
    assert "baseline inventories" in line.description["en"]


@fact("S0.10")
def _s0_10(cat: Catalogue) -> None:
    line = cat["m4eg"].activities[2]
    assert line.kind is ActivityKind.LINE
    assert "политики местного экономического развития" in line.title["ru"]
    assert texts_en(tuple(a.title for a in line.activities)) == [
        "direct expert assistance",
        "training of trainers",
        "exchange of best practice",
        "support to investment projects",
        "fostering partnership between countries",
    ]
    assert line.activities[0].title["ru"] == "прямая экспертная помощь"
    assert all(a.activities == () for a in line.activities)


@fact("S0.11")
def _s0_11(cat: Catalogue) -> None:
    (grant,) = (a for a in cat["m4eg"].activities if a.kind is ActivityKind.GRANT)
    assert grant.eligibility is not None
    assert grant.description is not None
    assert "уже разработали план местного экономического развития" in grant.eligibility["ru"]
    assert "«новаторские проекты»" in grant.description["ru"]
    assert "«пионерами»" in grant.description["ru"]
    assert '"pioneers"' in grant.description["en"]


@fact("S0.12")
def _s0_12(cat: Catalogue) -> None:
    (group,) = cat["m4eg"].target_groups
    assert group.kind is BeneficiaryKind.MUNICIPALITY
    assert group.description is not None
    assert "подписанты" in group.description["ru"]
    assert "signatories" in group.description["en"]
    assert group.declared_count is None
    assert group.members == ()


@fact("S0.13")
def _s0_13(cat: Catalogue) -> None:
    (link,) = cat["m4eg"].documents
    assert link.url == "https://ru/east/eu-in-action/projects/mery-za-ekonomiceskii-rost-m4eg"
    assert ("url.malformed", f"{path_of(cat, 'm4eg')}.documents[0].url") in findings(cat)


# --- S1: PROMIS (Ukrainian) -----------------------------------------------------------------------


@fact("S1.1")
def _s1_1(cat: Catalogue) -> None:
    promis = cat["promis"]
    assert promis.title.original == "uk"
    assert promis.title["uk"] == "Партнерство для розвитку міст"
    assert promis.title["en"] == "Partnership for the Development of Cities"
    assert seed_text(promis.acronym) == LocalizedText({"uk": "ПРОМІС", "en": "PROMIS"})
    assert promis.kind is ProgrammeKind.PROJECT
    assert promis.iati_identifier is None


@fact("S1.2")
def _s1_2(cat: Catalogue) -> None:
    period = cat["promis"].period
    assert period == Period(PartialDate(2015, 4), PartialDate(2020, 12))
    assert period.start is not None
    assert period.start.precision is Precision.MONTH


@fact("S1.3")
def _s1_3(cat: Catalogue) -> None:
    promis = cat["promis"]
    (fcm,) = promis.implementers
    (gac,) = promis.funders
    assert seed_text(fcm.name) == LocalizedText(
        {"uk": "Федерація канадських муніципалітетів", "en": "Federation of Canadian Municipalities"}
    )
    assert seed_text(fcm.acronym) == LocalizedText({"uk": "ФКМ", "en": "FCM"})
    assert gac.name["uk"] == "Міністерство міжнародних справ Канади"
    assert gac.name["en"] == "Global Affairs Canada"
    assert gac.ref == "CA-3"
    assert [c.country for c in promis.recipient_countries] == ["UA"]


@fact("S1.4")
def _s1_4(cat: Catalogue) -> None:
    description = cat["promis"].description
    assert description is not None
    for phrase in (
        "зміцнення муніципального сектору",
        "демократичного управління",
        "малого та середнього бізнесу",
        "децентралізації та інтегрованого планування",
        "місцевому, регіональному та національному рівнях",
    ):
        assert phrase in description["uk"]
    for phrase in ("municipal sector", "small and medium-sized businesses", "decentralisation"):
        assert phrase in description["en"]


@fact("S1.5")
def _s1_5(cat: Catalogue) -> None:
    component = cat["promis"].components[0]
    assert component.code == "1000"
    assert "«відкритого уряду»" in component.title["uk"]
    assert component.description is not None
    assert "прозорого та колективного процесу прийняття рішень" in component.description["uk"]
    assert texts_en(component.stakeholders) == [
        "civil society organisations",
        "mass media",
        "representatives of the private sector",
        "citizens",
    ]
    titles = [a.title["uk"] for a in component.activities]
    assert len(titles) == 3
    assert "«відкритого, демократичного управління»" in titles[0]
    assert "стратегічних планів" in titles[1]
    assert "міжмуніципальної співпраці" in titles[1]
    assert "бюджетування" in titles[2]
    assert "адміністративних послуг" in titles[2]


@fact("S1.6")
def _s1_6(cat: Catalogue) -> None:
    component = cat["promis"].components[1]
    assert component.code == "2000"
    assert "малих та середніх підприємств" in component.title["uk"]
    titles = [a.title["uk"] for a in component.activities]
    assert len(titles) == 3
    assert "жінок-підприємниць" in titles[0]
    assert "екологічно чистий бізнес" in titles[0]
    assert "бізнес-інфраструктури та проектного фінансування" in titles[1]
    assert "трисекторного партнерства" in titles[2]
    assert "women entrepreneurs" in component.activities[0].title["en"]


@fact("S1.7")
def _s1_7(cat: Catalogue) -> None:
    component = cat["promis"].components[2]
    assert component.code == "3000"
    assert "децентралізації та міжвідомчого діалогу" in component.title["uk"]
    titles = [a.title["uk"] for a in component.activities]
    assert len(titles) == 3
    assert "підвищення фахового рівня службовців" in titles[0]
    assert "торгівлі" in titles[0]
    assert "міжвідомчого діалогу" in titles[1]
    assert "комплексного планування" in titles[1]
    assert "муніципального сектору" in titles[2]


@fact("S1.8")
def _s1_8(cat: Catalogue) -> None:
    gender = cat["promis"].themes[0]
    assert (gender.code, gender.vocabulary, gender.is_dac_marker) == ("1", "1", True)
    assert gender.significance is None  # the seed does not state one
    assert gender.components == ()  # the whole project
    assert len(gender.objectives) == 2
    assert "участі жінок нарівні з чоловіками" in gender.objectives[0]["uk"]
    assert "ґендерної нерівності в доступі до ресурсів" in gender.objectives[1]["uk"]
    assert "equally with men" in gender.objectives[0]["en"]
    assert "control over resources" in gender.objectives[1]["en"]


@fact("S1.9")
def _s1_9(cat: Catalogue) -> None:
    environment = cat["promis"].themes[1]
    assert (environment.code, environment.vocabulary, environment.significance) == ("2", "1", None)
    assert environment.strategy is not None
    assert environment.description is not None
    assert "Стратегія екологічної збалансованості" in environment.strategy["uk"]
    assert "Environmental Sustainability Strategy" in environment.strategy["en"]
    for phrase in ("негативний вплив", "обмежити", "позитивний вплив"):
        assert phrase in environment.description["uk"]


@fact("S1.10")
def _s1_10(cat: Catalogue) -> None:
    codes = [c.code for c in cat["promis"].components]
    assert codes == ["1000", "2000", "3000"]  # the programme's own labels, kept as strings


# --- S2: the AUC project under U-LEAD with Europe (Ukrainian) ------------------------------------


@fact("S2.1")
def _s2_1(cat: Catalogue) -> None:
    project = cat["auc-analytics"]
    assert project.title.original == "uk"
    assert project.title["uk"] == "Сприяння всебічному розвитку громад через аналітику, діалог та співпрацю"
    assert "Analytics, Dialogue and Cooperation" in project.title["en"]


@fact("S2.2")
def _s2_2(cat: Catalogue) -> None:
    project, u_lead = cat["auc-analytics"], cat["u-lead"]
    (auc,) = project.implementers
    assert auc.name["uk"] == "Асоціація міст України"
    assert auc.acronym is not None
    assert auc.acronym["uk"] == "АМУ"
    assert seed_text(u_lead.title) == LocalizedText({"uk": "U-LEAD з Європою", "en": "U-LEAD with Europe"})
    assert u_lead.kind is ProgrammeKind.PROGRAMME
    # Both sides state the link, and the catalogue resolves it from either side.
    assert project.parent_refs == ("u-lead",)
    assert u_lead.child_refs == ("auc-analytics",)
    assert cat.parents_of(project) == (u_lead,)
    assert cat.children_of(u_lead) == (project,)


@fact("S2.3")
def _s2_3(cat: Catalogue) -> None:
    project = cat["auc-analytics"]
    assert project.period == Period(start=None, end=PartialDate(2022, 7))
    assert project.period.start is None
    assert not project.period.ongoing
    assert project.duration is None  # no start, so no length
    assert [(d.kind, d.date) for d in project.dates] == [(DateKind.ANNOUNCED, PartialDate(2021, 3, 12))]


@fact("S2.4")
def _s2_4(cat: Catalogue) -> None:
    (objective,) = cat["auc-analytics"].objectives
    for phrase in (
        "спроможності громад",
        "аналітичних та методологічних матеріалів",
        "міжмуніципального співробітництва",
        "діалогові та міжінституційній координації",
    ):
        assert phrase in objective["uk"]
    assert "inter-institutional coordination" in objective["en"]


@fact("S2.5")
def _s2_5(cat: Catalogue) -> None:
    line = cat["auc-analytics"].activities[0]
    assert line.kind is ActivityKind.LINE
    assert "Аналітичного центру АМУ" in line.title["uk"]
    assert line.description is not None
    for phrase in ("секторальні діалоги в регіонах", "аналітичних записок", "методологічних матеріалів"):
        assert phrase in line.description["uk"]
    assert [t["uk"] for t in line.topics] == [
        "освіта",
        "соціальний захист та соціальні послуги",
        "місцевий економічний розвиток",
        "комунальні послуги й відповідна інфраструктура",
    ]
    assert texts_en(line.topics)[0] == "education"


@fact("S2.6")
def _s2_6(cat: Catalogue) -> None:
    line = cat["auc-analytics"].activities[1]
    assert "партнерств між сільськими та міськими громадами" in line.title["uk"]
    assert line.eligibility is not None
    assert "на конкурсній основі" in line.eligibility["uk"]
    assert line.description is not None
    assert "заходи регіонального значення" in line.description["uk"]
    assert "міжмуніципального співробітництва" in line.description["uk"]
    assert "залучення інвестицій" in line.description["uk"]


@fact("S2.7")
def _s2_7(cat: Catalogue) -> None:
    event = cat["auc-analytics"].activities[2]
    assert event.kind is ActivityKind.EVENT
    assert event.title["uk"] == "Проведення Дня Діалогу"
    assert event.recurrence == Recurrence(Frequency.YEARLY, since=PartialDate(2004))
    assert event.recurrence.since is not None
    assert event.recurrence.since.precision is Precision.YEAR
    assert event.recurrence.until is None


@fact("S2.8")
def _s2_8(cat: Catalogue) -> None:
    (cooperation,) = cat["u-lead"].activities
    assert cooperation.period == Period(start=PartialDate(2018))  # since 2018, end not stated
    assert texts_en(cooperation.topics) == [
        "developing community development strategies",
        "inter-municipal cooperation",
        "building international partnerships between Ukrainian communities and EU municipalities",
    ]
    assert "з 2018 р." in (cooperation.description or LocalizedText({"uk": "-"}))["uk"]


@fact("S2.9")
def _s2_9(cat: Catalogue) -> None:
    # The "read also" news, the view counter, the time stamp and the page tags are not facts
    # of the project: none of them may appear anywhere in the catalogue.
    assert cat["auc-analytics"].tags == ()
    assert cat["u-lead"].tags == ()
    document = dumps(cat)
    for noise in (
        "Переглядів",
        "8928",
        "12:20",
        "Читайте також",
        "Приєднані зображення",
        "Грибів",
        "Решетилівці",
        "профтехів",
        "НАДС",
        "Львова",
        "UNBROKEN",
        "2026",
        "міжнародна підтримка",
        "створення спроможних громад",
    ):
        assert noise not in document, noise


# --- S3: Regional Development of Kazakhstan (Russian) ----------------------------------------


@fact("S3.1")
def _s3_1(cat: Catalogue) -> None:
    kz = cat["kz-regional-development"]
    assert seed_text(kz.title) == LocalizedText(
        {"ru": "Региональное развитие Казахстана", "en": "Regional Development of Kazakhstan"}
    )
    (eu,) = kz.funders
    assert eu is org(cat, "eu")  # the same EU as M4EG's: one organisation in the catalogue
    assert cat["m4eg"].funders == (eu,)


@fact("S3.2")
def _s3_2(cat: Catalogue) -> None:
    kz = cat["kz-regional-development"]
    (gdsi,) = kz.implementers
    assert gdsi.name["en"] == "GDSI Limited"
    assert gdsi.country == "IE"
    (participant,) = (p for p in kz.participants if p.role is Role.IMPLEMENTING)
    assert participant.note is not None
    assert "консорциумом под руководством GDSILimited (Ирландия)" in participant.note["ru"]
    assert "consortium led by GDSI Limited (Ireland)" in participant.note["en"]


@fact("S3.3")
def _s3_3(cat: Catalogue) -> None:
    kz = cat["kz-regional-development"]
    assert kz.budget is not None
    assert kz.budget.total == Money(6_288_000, "EUR")
    assert kz.budget.total.is_exact
    assert kz.period == Period(PartialDate(2013), PartialDate(2017))
    assert kz.declared_duration == Span(4, TimeUnit.YEAR)  # both the years and the declared length


@fact("S3.4")
def _s3_4(cat: Catalogue) -> None:
    kz = cat["kz-regional-development"]
    (group,) = kz.target_groups
    (region,) = group.members
    assert region.kind is BeneficiaryKind.REGION
    assert seed_text(region.name) == LocalizedText({"ru": "Мангистауская область", "en": "Mangystau Oblast"})
    assert region.location == Location("KZ", "KZ-47")  # ISO 3166-2 (KZ-MAN before 2020)
    assert [c.country for c in kz.recipient_countries] == ["KZ"]
    (counterpart,) = kz.organisations(Role.BENEFICIARY)
    assert counterpart.key == "mangystau-akimat"
    assert counterpart.name["ru"] == "Акимат Мангистауской области"


@fact("S3.5")
def _s3_5(cat: Catalogue) -> None:
    (objective,) = cat["kz-regional-development"].objectives
    for phrase in ("консультативной поддержки", "равномерного регионального развития", "уровня жизни"):
        assert phrase in objective["ru"]
    assert "balanced regional development" in objective["en"]


@fact("S3.6")
def _s3_6(cat: Catalogue) -> None:
    areas = cat["kz-regional-development"].activities
    assert all(a.kind is ActivityKind.LINE for a in areas)
    assert texts_en(tuple(a.title for a in areas)) == [
        'development of the SEZ "Seaport Aktau"',
        "small business",
        "regional innovation",
        "tourism",
        "local self-government",
        "involving the population in regional and local governance",
        "results-based budgeting",
        "youth employment",
    ]
    assert areas[0].title["ru"] == "развитие СЭЗ «Морпорт Актау»"


@fact("S3.7")
def _s3_7(cat: Catalogue) -> None:
    sez, planned = cat["kz-regional-development"].results[0].indicators
    assert "СЭЗ «Морпорт Актау»" in sez.title["ru"]
    assert sez.unit == "enterprise"
    assert sez.baseline is not None
    assert measure_of(sez.baseline) == Measure(5)
    assert sez.baseline.period == Period(end=PartialDate(2013))  # "up to 2013", no start
    assert [measure_of(a) for a in sez.actuals] == [Measure(12)]
    assert [measure_of(t) for t in planned.targets] == [Measure(3)]  # 3 more planned this year
    assert planned.baseline is None
    assert planned.actuals == ()


@fact("S3.8")
def _s3_8(cat: Catalogue) -> None:
    result = cat["kz-regional-development"].results[1]
    road_map = only(result.indicators)
    assert "«Дорожная карта бизнеса – 2020»" in road_map.title["ru"]
    assert measure_of(road_map.baseline) == Measure(41)
    assert [measure_of(a) for a in road_map.actuals] == [Measure(143)]
    assert "сельских предпринимателей" in result.title["ru"]


@fact("S3.9")
def _s3_9(cat: Catalogue) -> None:
    applications, centre = cat["kz-regional-development"].results[2:4]
    assert "совместно с учеными и предпринимателями" in applications.title["ru"]
    indicator = only(applications.indicators)
    assert indicator.unit == "application"
    assert [measure_of(a) for a in indicator.actuals] == [Measure(7)]
    assert "Центра коммерциализации при Центре обслуживания предпринимателей" in centre.title["ru"]


@fact("S3.10")
def _s3_10(cat: Catalogue) -> None:
    tourism, association = cat["kz-regional-development"].results[4:6]
    count, value = tourism.indicators
    assert [measure_of(a) for a in count.actuals] == [Measure(4)]
    (amount,) = (measure_of(a) for a in value.actuals)
    assert amount == Money("7.8E9", "KZT", Qualifier.MORE_THAN)  # "over KZT 7.8 billion": a bound
    assert isinstance(amount, Money)
    assert amount.currency == "KZT"
    assert amount.qualifier.is_lower_bound
    assert tourism.description is not None
    assert "«ДАМУ»" in tourism.description["ru"]
    assert "Акимату области" in tourism.description["ru"]
    assert "Региональная ассоциация туризма (РАТ)" in association.title["ru"]


@fact("S3.11")
def _s3_11(cat: Catalogue) -> None:
    result = cat["kz-regional-development"].results[6]
    assert "АО «Фонд науки»" in result.title["ru"]
    assert [measure_of(a) for a in only(result.indicators).actuals] == [Measure(7)]


@fact("S3.12")
def _s3_12(cat: Catalogue) -> None:
    result = cat["kz-regional-development"].results[7]
    assert "Региональный консультативный совет (РКС)" in result.title["ru"]
    assert result.description is not None
    assert "представителей гражданского общества" in result.description["ru"]
    assert "Программы развития территорий на 2016-2020 годы" in result.description["ru"]


@fact("S3.13")
def _s3_13(cat: Catalogue) -> None:
    certified = only(cat["kz-regional-development"].results[8].indicators)
    assert certified.unit == "person"
    (actual,) = certified.actuals
    assert actual.value == Measure(100, Qualifier.MORE_THAN)  # a lower bound, not 100


@fact("S3.14")
def _s3_14(cat: Catalogue) -> None:
    kz = cat["kz-regional-development"]
    assert [(p.name["ru"], p.name["en"]) for p in kz.people] == [
        ("Алик Айдарбаев", "Alik Aidarbayev"),
        ("Траян Христеа", "Traian Hristea"),
        ("Шолпан Ильмуханбетова", "Sholpan Ilmukhanbetova"),
    ]
    akim, head, deputy = kz.people
    assert akim.position is not None
    assert akim.position["ru"] == "Аким Мангистауской области"
    assert head.organisation is org(cat, "eu")
    assert deputy.position is not None
    assert deputy.position["ru"] == "заместитель акима Мангистауской области"
    assert akim.organisation is deputy.organisation is org(cat, "mangystau-akimat")
    assert [d.url for d in kz.documents] == ["www.kzregdev.kz"]  # as printed


# --- S4: CLIR under SURGe (Ukrainian) ---------------------------------------------------------


@fact("S4.1")
def _s4_1(cat: Catalogue) -> None:
    clir = cat["clir"]
    assert seed_text(clir.title) == LocalizedText(
        {"uk": "Інклюзивне відновлення за лідерства громад", "en": "Community-Led Inclusive Recovery"}
    )
    assert clir.acronym is not None
    assert clir.acronym["uk"] == "CLIR"
    assert clir.kind is ProgrammeKind.INITIATIVE
    (support,) = clir.participants
    assert support.organisation.name["uk"] == "Посольство Канади в Україні"
    assert support.note is not None
    assert support.note["uk"].startswith("За підтримки")


@fact("S4.2")
def _s4_2(cat: Catalogue) -> None:
    clir, surge = cat["clir"], cat["surge"]
    assert surge.title["uk"] == "Супровід урядових реформ в Україні"
    assert surge.acronym is not None
    assert surge.acronym["uk"] == "SURGe"
    assert cat.parents_of(clir) == (surge,)
    assert cat.children_of(surge) == (clir,)
    assert clir.parent_refs == ("surge",)
    assert surge.child_refs == ("clir",)
    assert [o.key for o in surge.implementers] == ["alinea"]
    assert [o.key for o in surge.funders] == ["gac", "canada-government"]
    assert surge.funders[0] is cat["promis"].funders[0]  # the same Global Affairs Canada as PROMIS's
    (ministry,) = (p for p in surge.participants if p.role is Role.BENEFICIARY)
    assert (
        ministry.organisation.name["uk"]
        == "Міністерство розвитку громад, територій та інфраструктури України"
    )
    assert ministry.note is not None
    assert "на запит" in ministry.note["uk"]


@fact("S4.3")
def _s4_3(cat: Catalogue) -> None:
    (group,) = cat["clir"].target_groups
    assert group.kind is BeneficiaryKind.COMMUNITY
    assert (group.declared_count, group.declared_regions) == (Count(19), Count(7))
    assert group.description is not None
    assert "сталому, інклюзивному, соціальному та економічному відновленні" in group.description["uk"]


@fact("S4.4")
def _s4_4(cat: Catalogue) -> None:
    lines = cat["clir"].activities
    assert all(a.kind is ActivityKind.LINE for a in lines)
    assert [a.title["uk"] for a in lines] == [
        "стратегічне управління та планування",
        "налагодження партнерств із міжнародними організаціями та залучення зовнішніх інвестицій",
        "розвиток сфери соціальних послуг",
        "підтримка з розробки планів і стратегій відновлення та розвитку, впровадження принципів "
        "сталого розвитку тощо",
    ]


@fact("S4.5")
def _s4_5(cat: Catalogue) -> None:
    selection = cat["clir"].target_groups[0].selection
    assert selection is not None
    assert selection.applied == Count(300, Qualifier.MORE_THAN)
    assert selection.applied_regions == Count(11)
    assert selection.selected == Count(19)
    assert selection.criteria is not None
    assert "постраждалих від війни" in selection.criteria["uk"]


@fact("S4.6")
def _s4_6(cat: Catalogue) -> None:
    group = cat["clir"].target_groups[0]
    assert [(c.key, c.regions) for c in group.clusters] == [
        ("kyiv", ("UA-32",)),
        ("donetsk-kharkiv", ("UA-14", "UA-63")),
        ("dnipropetrovsk", ("UA-12",)),
        ("mykolaiv", ("UA-48",)),
        ("odesa", ("UA-51",)),
        ("chernihiv", ("UA-74",)),
    ]
    assert group.clusters[1].name["uk"] == "Донецька та Харківська область"
    by_cluster: dict[str, list[str]] = {}
    for member in group.members:
        assert member.cluster is not None
        by_cluster.setdefault(member.cluster, []).append(member.name["uk"])
    assert by_cluster == {
        "kyiv": ["Баришівка", "Глеваха", "Боярка", "Велика Димерка"],
        "donetsk-kharkiv": ["Близнюківська", "Савенці", "Балаклія"],
        "dnipropetrovsk": ["Софіївська", "Першотравенська", "Апостолівська", "Зеленодольська"],
        "mykolaiv": ["Баштанка", "Березнегувате"],
        "odesa": ["Шабівка", "Білгород-Дністровська"],
        "chernihiv": ["Холмська", "Коропська", "Менська"],
    }
    regions = {c.key: c.regions for c in group.clusters}
    for member in group.members:
        assert member.kind is BeneficiaryKind.COMMUNITY
        assert member.location is not None
        cluster_regions = regions[member.cluster or ""]
        # Located to the oblast only where the seed's cluster names exactly one oblast.
        expected = cluster_regions[0] if len(cluster_regions) == 1 else None
        assert member.location == Location("UA", expected)


@fact("S4.7")
def _s4_7(cat: Catalogue) -> None:
    group = cat["clir"].target_groups[0]
    assert group.declared_count == Count(19)
    assert len(group.members) == 18  # 4 + 3 + 4 + 2 + 2 + 3
    assert ("count.declared-vs-listed", f"{path_of(cat, 'clir')}.target_groups[0]") in findings(cat)


@fact("S4.8")
def _s4_8(cat: Catalogue) -> None:
    themes = cat["clir"].themes
    assert [(t.title["en"], t.vocabulary, t.code, t.is_dac_marker) for t in themes] == [
        ("Inclusive recovery", "99", None, False),
        ("Principles of sustainable development", "99", None, False),
    ]
    assert themes[0].description is not None
    assert "постраждалих від війни" in themes[0].description["uk"]


# --- the tests ---------------------------------------------------------------------------------


def test_every_fact_has_exactly_one_test() -> None:
    assert sorted(FACTS) == sorted(FACT_IDS)
    assert len(FACT_IDS) == 13 + 10 + 9 + 14 + 8


@pytest.mark.parametrize("fact_id", FACT_IDS)
def test_fact(fact_id: str) -> None:
    FACTS[fact_id](CATALOGUE)


def _texts(obj: object) -> Iterator[LocalizedText]:
    if isinstance(obj, LocalizedText):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from _texts(item)
    elif attrs.has(type(obj)):
        cls: Any = type(obj)
        for field in attrs.fields(cls):
            yield from _texts(getattr(obj, field.name))


@pytest.mark.parametrize("key", list(SEED_LANGUAGE))
def test_every_text_is_in_the_seed_language_and_english(key: str) -> None:
    texts = list(_texts(CATALOGUE[key]))
    assert len(texts) > 1
    for text in texts:
        assert text.original == SEED_LANGUAGE[key], text
        assert {SEED_LANGUAGE[key], "en"} <= set(text.languages), text


def test_no_programme_has_an_invented_iati_identifier() -> None:
    assert [p.key for p in CATALOGUE] == list(SEED_LANGUAGE)
    assert all(p.iati_identifier is None for p in CATALOGUE)


def test_organisations_are_shared_across_the_catalogue() -> None:
    keys = [o.key for o in CATALOGUE.organisations]
    assert len(keys) == len(set(keys)) == 10
    funded_by = {key: [p.key for p in CATALOGUE if org(CATALOGUE, key) in p.funders] for key in ("eu", "gac")}
    assert funded_by == {"eu": ["m4eg", "kz-regional-development"], "gac": ["promis", "surge"]}
    # Only refs that published IATI data vouches for.
    refs = {o.key: o.ref for o in CATALOGUE.organisations if o.ref is not None}
    assert refs == {"gac": "CA-3", "fcm": "CA-CRA_ACR-2118913938"}


def test_budget_amounts_stay_exact_decimals() -> None:
    totals = [p.budget.total for p in CATALOGUE if p.budget is not None and p.budget.total is not None]
    assert [(t.amount, t.currency) for t in totals] == [
        (Decimal("14500000"), "EUR"),
        (Decimal("6288000"), "EUR"),
    ]
    assert all(isinstance(t.amount, Decimal) for t in totals)


def test_the_catalogue_type() -> None:
    assert isinstance(CATALOGUE, Catalogue)
    assert all(isinstance(p, Programme) for p in CATALOGUE)
