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
    Activity(T("ru", ru, uk=uk, en=en), kind=ActivityKind.LINE)
    for ru, uk, en in (
        (
            "развитие СЭЗ «Морпорт Актау»",
            "розвиток СЕЗ «Морпорт Актау»",
            'development of the SEZ "Seaport Aktau"',
        ),
        ("малое предпринимательство", "мале підприємництво", "small business"),
        ("региональные инновации", "регіональні інновації", "regional innovation"),
        ("туризм", "туризм", "tourism"),
        ("местное самоуправление", "місцеве самоврядування", "local self-government"),
        (
            "включению населения в региональное и местное управление",
            "залучення населення до регіонального та місцевого управління",
            "involving the population in regional and local governance",
        ),
        # The list items keep the release's printed forms, grammar slips included; the
        # translations render the meaning, not the slips.
        (
            "бюджетирование, ориентированный на результат",
            "бюджетування, орієнтоване на результат",
            "results-based budgeting",
        ),
        ("занятость молодежи", "зайнятість молоді", "youth employment"),
    )
)

_SEZ = Result(
    T(
        "ru",
        "Развитие СЭЗ «Морпорт Актау»",
        uk="Розвиток СЕЗ «Морпорт Актау»",
        en='Development of the SEZ "Seaport Aktau"',
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Предприятия, действующие на территории СЭЗ «Морпорт Актау»",
                uk="Підприємства, що діють на території СЕЗ «Морпорт Актау»",
                en='Enterprises operating in the SEZ "Seaport Aktau"',
            ),
            unit="enterprise",
            baselines=(
                Observation(
                    Measure(5),
                    period=Period(end=PartialDate(2013)),
                    note=T(
                        "ru",
                        "с момента создания СЭЗ «Морпорт Актау» до 2013 года на его территории действовало "
                        "всего 5 предприятий",
                        uk="від моменту створення СЕЗ «Морпорт Актау» до 2013 року на її території діяло всього "
                        "5 підприємств",
                        en='from the creation of the SEZ "Seaport Aktau" until 2013 only 5 enterprises '
                        "operated on its territory",
                    ),
                ),
            ),
            actuals=(
                Observation(
                    Measure(12),
                    note=T(
                        "ru",
                        "На сегодня, то есть за 3 года здесь уже действуют 12 производств.",
                        uk="На сьогодні, тобто за 3 роки, тут уже діють 12 виробництв.",
                        en="Today, that is within 3 years, 12 production facilities already operate here.",
                    ),
                ),
            ),
        ),
        Indicator(
            T(
                "ru",
                "Новые производства, ввод которых запланирован в текущем году",
                uk="Нові виробництва, введення яких заплановано в поточному році",
                en="New production facilities planned to be commissioned this year",
            ),
            unit="enterprise",
            targets=(
                Observation(
                    Measure(3),
                    note=T(
                        "ru",
                        "в текущем году запланирован ввод еще 3-х новых производств",
                        uk="у поточному році заплановано введення ще 3 нових виробництв",
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
        uk="Розширення меж доступу сільських підприємців до послуг підтримки бізнесу",
        en="Wider access of rural entrepreneurs to business support services",
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Проекты по программе «Дорожная карта бизнеса – 2020»",
                uk="Проєкти за програмою «Дорожня карта бізнесу – 2020»",
                en='Projects under the "Business Road Map 2020" programme',
            ),
            unit="project",
            baselines=(Observation(Measure(41)),),
            actuals=(Observation(Measure(143)),),
        ),
    ),
)

_INNOVATION_APPLICATIONS = Result(
    T(
        "ru",
        "Заявки на получение финансирования, подготовленные совместно с учеными и предпринимателями",
        uk="Заявки на отримання фінансування, підготовлені спільно з науковцями та підприємцями",
        en="Funding applications prepared together with scientists and entrepreneurs",
    ),
    description=T(
        "ru",
        "В сфере региональных инноваций с марта текущего года проектом оказана помощь по проведению "
        "организационных мероприятий с целью активизации инновационных процессов. Результаты конкурсов "
        "будут известны в конце года.",
        uk="У сфері регіональних інновацій з березня поточного року проєкт надав допомогу в проведенні "
        "організаційних заходів з метою активізації інноваційних процесів. Результати конкурсів будуть "
        "відомі наприкінці року.",
        en="In regional innovation, since March of this year the project has helped organise events to "
        "stimulate innovation processes. The results of the competitions will be known at the end of the "
        "year.",
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Подготовленные заявки на финансирование",
                uk="Підготовлені заявки на фінансування",
                en="Funding applications prepared",
            ),
            unit="application",
            actuals=(Observation(Measure(7)),),
        ),
    ),
)

_COMMERCIALISATION = Result(
    T(
        "ru",
        "Открытие Центра коммерциализации при Центре обслуживания предпринимателей",
        uk="Відкриття Центру комерціалізації при Центрі обслуговування підприємців",
        en="Opening of a Commercialisation Centre at the Entrepreneurs Service Centre",
    ),
    description=T(
        "ru",
        "Проводится работа по открытию Центра коммерциализации при Центре обслуживания предпринимателей.",
        uk="Триває робота з відкриття Центру комерціалізації при Центрі обслуговування підприємців.",
        en="Work is under way to open a Commercialisation Centre at the Entrepreneurs Service Centre.",
    ),
)

_TOURISM = Result(
    T(
        "ru",
        "Туристические проекты, разработанные для финансирования",
        uk="Туристичні проєкти, розроблені для фінансування",
        en="Tourism projects prepared for financing",
    ),
    description=T(
        "ru",
        "В рамках сотрудничества с экспертами Европейского Союза были разработаны четыре туристических "
        "проекта на сумму более 7,8 млрд тенге, которые будут представлены АО «Фонд развития "
        "предпринимательства «ДАМУ» и Акимату области для финансирования.",
        uk="У межах співпраці з експертами Європейського Союзу було розроблено чотири туристичні проєкти на "
        "суму понад 7,8 млрд тенге, які буде представлено АТ «Фонд розвитку підприємництва «ДАМУ» та "
        "Акімату області для фінансування.",
        en="In cooperation with European Union experts four tourism projects worth more than KZT 7.8 "
        'billion were developed; they will be presented to JSC "Entrepreneurship Development Fund '
        '"DAMU"" and to the oblast Akimat for financing.',
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Разработанные туристические проекты",
                uk="Розроблені туристичні проєкти",
                en="Tourism projects developed",
            ),
            unit="project",
            actuals=(Observation(Measure(4)),),
        ),
        Indicator(
            T(
                "ru",
                "Сумма туристических проектов",
                uk="Сума туристичних проєктів",
                en="Value of the tourism projects",
            ),
            actuals=(Observation(Money("7.8E9", "KZT", Qualifier.MORE_THAN)),),
        ),
    ),
)

_TOURISM_ASSOCIATION = Result(
    T(
        "ru",
        "Создана Региональная ассоциация туризма (РАТ)",
        uk="Створено Регіональну асоціацію туризму (РАТ)",
        en="A Regional Tourism Association (RTA) created",
    ),
    description=T(
        "ru",
        "В области создана Региональная ассоциация туризма (РАТ), которая выступит основным институтом в "
        "развитии туризма в регионе в ближайшие годы.",
        uk="В області створено Регіональну асоціацію туризму (РАТ), яка стане основною інституцією розвитку "
        "туризму в регіоні найближчими роками.",
        en="A Regional Tourism Association (RTA) has been created in the oblast; it will be the main "
        "institution for tourism development in the region in the coming years.",
    ),
)

_SCIENCE_FUND = Result(
    T(
        "ru",
        "Проекты в сфере инновации, представленные для финансирования АО «Фонд науки»",
        uk="Проєкти у сфері інновацій, представлені для фінансування АТ «Фонд науки»",
        en='Innovation projects submitted for financing to JSC "Science Fund"',
    ),
    indicators=(
        Indicator(
            T(
                "ru",
                "Инновационные проекты, представленные для финансирования",
                uk="Інноваційні проєкти, представлені для фінансування",
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
        uk="Створено Регіональну консультативну раду (РКР)",
        en="A Regional Advisory Council (RAC) created",
    ),
    description=T(
        "ru",
        "Региональный консультативный совет (РКС), созданный при содействии Проекта и состоящий из "
        "представителей гражданского общества, будет активно следить за реализацией Программы развития "
        "территорий на 2016-2020 годы.",
        uk="Регіональна консультативна рада (РКР), створена за сприяння Проєкту з представників "
        "громадянського суспільства, активно стежитиме за реалізацією Програми розвитку територій на "
        "2016-2020 роки.",
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
        uk="Підвищення кваліфікації керівників і фахівців державних органів та неурядових організацій",
        en="Training of managers and specialists of state bodies and non-governmental organisations",
    ),
    indicators=(
        Indicator(
            T("ru", "Обладатели сертификатов", uk="Володарі сертифікатів", en="People awarded certificates"),
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
                        uk="За чотири роки роботи експерти Проєкту «Регіональний розвиток Казахстану» "
                        "підвищили кваліфікацію керівників і фахівців державних органів та неурядових "
                        "організацій за різними напрямами. Понад 100 осіб отримали сертифікати.",
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
    T(
        "ru",
        "Региональное развитие Казахстана",
        uk="Регіональний розвиток Казахстану",
        en="Regional Development of Kazakhstan",
    ),
    kind=ProgrammeKind.PROJECT,
    objectives=(
        T(
            "ru",
            "Оказание консультативной поддержки в части внедрения политики равномерного регионального "
            "развития и повышения уровня жизни населения Казахстана",
            uk="Надання консультативної підтримки щодо впровадження політики рівномірного регіонального "
            "розвитку та підвищення рівня життя населення Казахстану",
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
                uk="реалізується консорціумом під керівництвом GDSI Limited (Ірландія)",
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
                uk="пілотна область проєкту; співпраця між Європейським Союзом та Акіматом Мангістауської "
                "області",
                en="the project's pilot oblast; cooperation between the European Union and the Akimat "
                "of Mangystau oblast",
            ),
        ),
    ),
    people=(
        Person(
            T("ru", "Алик Айдарбаев", uk="Алік Айдарбаєв", en="Alik Aidarbayev"),
            position=T(
                "ru",
                "Аким Мангистауской области",
                uk="Акім Мангістауської області",
                en="Akim of Mangystau Oblast",
            ),
            organisation=MANGYSTAU_AKIMAT,
        ),
        Person(
            T("ru", "Траян Христеа", uk="Траян Христя", en="Traian Hristea"),
            position=T(
                "ru",
                "Глава Представительства Европейского Союза в Республике",
                uk="Голова Представництва Європейського Союзу в Республіці",
                en="Head of the Delegation of the European Union in the Republic",
            ),
            organisation=EU,
        ),
        Person(
            T("ru", "Шолпан Ильмуханбетова", uk="Шолпан Ільмуханбетова", en="Sholpan Ilmukhanbetova"),
            position=T(
                "ru",
                "заместитель акима Мангистауской области",
                uk="заступниця акіма Мангістауської області",
                en="Deputy Akim of Mangystau Oblast",
            ),
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
                uk="Мангістауську область обрано пілотною для реалізації проєкту",
                en="Mangystau oblast was chosen as the pilot region for the project",
            ),
            members=(
                Beneficiary(
                    T("ru", "Мангистауская область", uk="Мангістауська область", en="Mangystau Oblast"),
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
            title=T("ru", "Веб-сайт Проекта", uk="Вебсайт Проєкту", en="Project website"),
            languages=["ru"],
        ),
    ),
)
