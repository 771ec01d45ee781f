"""Regional Development of Kazakhstan: seed ``003``, a Russian press release of the Mangystau akimat.

What this module shows:

* a period known to the year (2013–2017) next to the length the source declares ("a four-year
  project", ``declared_duration=Span(4, TimeUnit.YEAR)``), both kept;
* an exact total budget (EUR 6,288,000);
* a consortium lead as implementer, the printed name kept in a participant note;
* results with indicators: a baseline and an actual (5 -> 12 enterprises; 41 -> 143 projects),
  a target, counts, an amount that is a lower bound ("over KZT 7.8 billion") and a count that is
  a lower bound ("more than 100 people certified");
* a pilot region by its ISO 3166-2 code (``KZ-47``, Mangystau; the code was ``KZ-MAN`` before
  ISO 3166-2's 2020 change);
* named people, and the project website kept as printed (``www.kzregdev.kz``).

The release is undated, so "this year" and "today" stay undated too.
"""

from __future__ import annotations

from examples.organisations import EU, GDSI, MANGYSTAU_AKIMAT
from itaproj import (
    Activity,
    ActivityKind,
    Beneficiary,
    BeneficiaryKind,
    Budget,
    CountryShare,
    DocumentLink,
    Indicator,
    LocalizedText,
    Location,
    Measure,
    Money,
    Observation,
    PartialDate,
    Participant,
    Period,
    Person,
    Programme,
    ProgrammeKind,
    Qualifier,
    Result,
    Role,
    Span,
    TargetGroup,
    TimeUnit,
)

__all__ = ["KZ_REGIONAL"]

T = LocalizedText.of

_WORK_AREAS = tuple(
    Activity(T("ru", ru, en=en), kind=ActivityKind.LINE)
    for ru, en in (
        ("развитие СЭЗ «Морпорт Актау»", 'development of the SEZ "Seaport Aktau"'),
        ("малое предпринимательство", "small business"),
        ("региональные инновации", "regional innovation"),
        ("туризм", "tourism"),
        ("местное самоуправление", "local self-government"),
        (
            "включению населения в региональное и местное управление",
            "involving the population in regional and local governance",
        ),
        # The list items keep the release's printed forms, grammar slips included.
        ("бюджетирование, ориентированный на результат", "results-based budgeting"),
        ("занятость молодежи", "youth employment"),
    )
)

_SEZ = Result(
    T("ru", "Развитие СЭЗ «Морпорт Актау»", en='Development of the SEZ "Seaport Aktau"'),
    indicators=(
        Indicator(
            T(
                "ru",
                "Предприятия, действующие на территории СЭЗ «Морпорт Актау»",
                en='Enterprises operating in the SEZ "Seaport Aktau"',
            ),
            unit="enterprise",
            baseline=Observation(
                Measure(5),
                period=Period(end=PartialDate(2013)),
                note=T(
                    "ru",
                    "с момента создания СЭЗ «Морпорт Актау» до 2013 года на его территории действовало "
                    "всего 5 предприятий",
                    en='from the creation of the SEZ "Seaport Aktau" until 2013 only 5 enterprises '
                    "operated on its territory",
                ),
            ),
            actuals=(
                Observation(
                    Measure(12),
                    note=T(
                        "ru",
                        "На сегодня, то есть за 3 года здесь уже действуют 12 производств.",
                        en="Today, that is within 3 years, 12 production facilities already operate here.",
                    ),
                ),
            ),
        ),
        Indicator(
            T(
                "ru",
                "Новые производства, ввод которых запланирован в текущем году",
                en="New production facilities planned to be commissioned this year",
            ),
            unit="enterprise",
            targets=(
                Observation(
                    Measure(3),
                    note=T(
                        "ru",
                        "в текущем году запланирован ввод еще 3-х новых производств",
                        en="3 more new production facilities are planned to be commissioned this year",
                    ),
                ),
            ),
        ),
    ),
)

_ROAD_MAP = Result(
    T(
        "ru",
        "Расширение границы доступа сельских предпринимателей к услугам бизнес поддержки",
        en="Wider access of rural entrepreneurs to business support services",
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Проекты по программе «Дорожная карта бизнеса – 2020»",
                en='Projects under the "Business Road Map 2020" programme',
            ),
            unit="project",
            baseline=Observation(Measure(41)),
            actuals=(Observation(Measure(143)),),
        ),
    ),
)

_INNOVATION_APPLICATIONS = Result(
    T(
        "ru",
        "Заявки на получение финансирования, подготовленные совместно с учеными и предпринимателями",
        en="Funding applications prepared together with scientists and entrepreneurs",
    ),
    description=T(
        "ru",
        "В сфере региональных инноваций с марта текущего года проектом оказана помощь по проведению "
        "организационных мероприятий с целью активизации инновационных процессов. Результаты конкурсов "
        "будут известны в конце года.",
        en="In regional innovation, since March of this year the project has helped organise events to "
        "stimulate innovation processes. The results of the competitions will be known at the end of the "
        "year.",
    ),
    indicators=(
        Indicator(
            T("ru", "Подготовленные заявки на финансирование", en="Funding applications prepared"),
            unit="application",
            actuals=(Observation(Measure(7)),),
        ),
    ),
)

_COMMERCIALISATION = Result(
    T(
        "ru",
        "Открытие Центра коммерциализации при Центре обслуживания предпринимателей",
        en="Opening of a Commercialisation Centre at the Entrepreneurs Service Centre",
    ),
    description=T(
        "ru",
        "Проводится работа по открытию Центра коммерциализации при Центре обслуживания предпринимателей.",
        en="Work is under way to open a Commercialisation Centre at the Entrepreneurs Service Centre.",
    ),
)

_TOURISM = Result(
    T(
        "ru",
        "Туристические проекты, разработанные для финансирования",
        en="Tourism projects prepared for financing",
    ),
    description=T(
        "ru",
        "В рамках сотрудничества с экспертами Европейского Союза были разработаны четыре туристических "
        "проекта на сумму более 7,8 млрд тенге, которые будут представлены АО «Фонд развития "
        "предпринимательства «ДАМУ» и Акимату области для финансирования.",
        en="In cooperation with European Union experts four tourism projects worth more than KZT 7.8 "
        'billion were developed; they will be presented to JSC "Entrepreneurship Development Fund '
        '"DAMU"" and to the oblast Akimat for financing.',
    ),
    indicators=(
        Indicator(
            T("ru", "Разработанные туристические проекты", en="Tourism projects developed"),
            unit="project",
            actuals=(Observation(Measure(4)),),
        ),
        Indicator(
            T("ru", "Сумма туристических проектов", en="Value of the tourism projects"),
            actuals=(Observation(Money("7.8E9", "KZT", Qualifier.MORE_THAN)),),
        ),
    ),
)

_TOURISM_ASSOCIATION = Result(
    T(
        "ru",
        "Создана Региональная ассоциация туризма (РАТ)",
        en="A Regional Tourism Association (RTA) created",
    ),
    description=T(
        "ru",
        "В области создана Региональная ассоциация туризма (РАТ), которая выступит основным институтом в "
        "развитии туризма в регионе в ближайшие годы.",
        en="A Regional Tourism Association (RTA) has been created in the oblast; it will be the main "
        "institution for tourism development in the region in the coming years.",
    ),
)

_SCIENCE_FUND = Result(
    T(
        "ru",
        "Проекты в сфере инновации, представленные для финансирования АО «Фонд науки»",
        en='Innovation projects submitted for financing to JSC "Science Fund"',
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Инновационные проекты, представленные для финансирования",
                en="Innovation projects submitted",
            ),
            unit="project",
            actuals=(Observation(Measure(7)),),
        ),
    ),
)

_ADVISORY_COUNCIL = Result(
    T(
        "ru",
        "Создан Региональный консультативный совет (РКС)",
        en="A Regional Advisory Council (RAC) created",
    ),
    description=T(
        "ru",
        "Региональный консультативный совет (РКС), созданный при содействии Проекта и состоящий из "
        "представителей гражданского общества, будет активно следить за реализацией Программы развития "
        "территорий на 2016-2020 годы.",
        en="The Regional Advisory Council (RAC), created with the Project's help and made up of "
        "representatives of civil society, will actively monitor the implementation of the Territorial "
        "Development Programme for 2016-2020.",
    ),
)

_CERTIFIED = Result(
    T(
        "ru",
        "Повышение квалификации руководителей и специалистов государственных органов и "
        "неправительственных организаций",
        en="Training of managers and specialists of state bodies and non-governmental organisations",
    ),
    indicators=(
        Indicator(
            T("ru", "Обладатели сертификатов", en="People awarded certificates"),
            unit="person",
            actuals=(
                Observation(
                    Measure(100, Qualifier.MORE_THAN),
                    note=T(
                        "ru",
                        "За четыре года работы эксперты Проекта «Региональное развитие Казахстана» повысили "
                        "квалификацию руководителей и специалистов государственных органов и "
                        "неправительственных организаций по различным направлениям. Более 100 человек стали "
                        "обладателями сертификатов.",
                        en='Over four years of work the experts of the "Regional Development of Kazakhstan" '
                        "Project trained managers and specialists of state bodies and non-governmental "
                        "organisations in various fields. More than 100 people were awarded certificates.",
                    ),
                ),
            ),
        ),
    ),
)

KZ_REGIONAL = Programme(
    "kz-regional-development",
    T("ru", "Региональное развитие Казахстана", en="Regional Development of Kazakhstan"),
    kind=ProgrammeKind.PROJECT,
    objectives=(
        T(
            "ru",
            "Оказание консультативной поддержки в части внедрения политики равномерного регионального "
            "развития и повышения уровня жизни населения Казахстана",
            en="Providing advisory support for implementing a policy of balanced regional development and "
            "raising the living standards of the population of Kazakhstan",
        ),
    ),
    # «Общий бюджет четырехлетнего проекта (2013-2017 гг.)»: both the years and the declared length.
    period=Period.parse("2013", "2017"),
    declared_duration=Span(4, TimeUnit.YEAR),
    participants=(
        Participant(EU, Role.FUNDING),
        Participant(
            GDSI,
            Role.IMPLEMENTING,
            note=T(
                "ru",
                "реализуется консорциумом под руководством GDSILimited (Ирландия)",
                en="implemented by a consortium led by GDSI Limited (Ireland)",
            ),
        ),
        Participant(
            MANGYSTAU_AKIMAT,
            Role.BENEFICIARY,
            note=T(
                "ru",
                "пилотная область проекта; сотрудничество между Европейским Союзом и Акиматом "
                "Мангистауской области",
                en="the project's pilot oblast; cooperation between the European Union and the Akimat "
                "of Mangystau oblast",
            ),
        ),
    ),
    people=(
        Person(
            T("ru", "Алик Айдарбаев", en="Alik Aidarbayev"),
            position=T("ru", "Аким Мангистауской области", en="Akim of Mangystau Oblast"),
            organisation=MANGYSTAU_AKIMAT,
        ),
        Person(
            T("ru", "Траян Христеа", en="Traian Hristea"),
            position=T(
                "ru",
                "Глава Представительства Европейского Союза в Республике",
                en="Head of the Delegation of the European Union in the Republic",
            ),
            organisation=EU,
        ),
        Person(
            T("ru", "Шолпан Ильмуханбетова", en="Sholpan Ilmukhanbetova"),
            position=T("ru", "заместитель акима Мангистауской области", en="Deputy Akim of Mangystau Oblast"),
            organisation=MANGYSTAU_AKIMAT,
        ),
    ),
    recipient_countries=(CountryShare("KZ"),),
    activities=_WORK_AREAS,
    target_groups=(
        TargetGroup(
            BeneficiaryKind.REGION,
            description=T(
                "ru",
                "Мангистауская область выбрана в качестве пилотной для реализации проекта",
                en="Mangystau oblast was chosen as the pilot region for the project",
            ),
            members=(
                Beneficiary(
                    T("ru", "Мангистауская область", en="Mangystau Oblast"),
                    BeneficiaryKind.REGION,
                    location=Location("KZ", "KZ-47"),
                ),
            ),
        ),
    ),
    budget=Budget(total=Money(6288000, "EUR")),
    results=(
        _SEZ,
        _ROAD_MAP,
        _INNOVATION_APPLICATIONS,
        _COMMERCIALISATION,
        _TOURISM,
        _TOURISM_ASSOCIATION,
        _SCIENCE_FUND,
        _ADVISORY_COUNCIL,
        _CERTIFIED,
    ),
    documents=(
        DocumentLink(
            "www.kzregdev.kz",
            title=T("ru", "Веб-сайт Проекта", en="Project website"),
            language="ru",
        ),
    ),
)
