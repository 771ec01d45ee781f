"""U-LEAD with Europe and its child, the AUC project: seed ``002``, a Ukrainian news page.

What this module shows:

* a parent/child pair, linked from both sides (``RelationKind.CHILD`` on U-LEAD,
  ``RelationKind.PARENT`` on the project), so either side finds the other;
* a period with an unknown start: the project "runs until July 2022" and the page, dated
  12.03.2021, says it has begun, so the start stays ``None`` and the page date is a
  ``KeyDate(DateKind.ANNOUNCED, ...)``, not an invented start;
* a recurring event older than the project (Dialogue Day, yearly since 2004);
* a line of work with the sectors it covers as ``topics``;
* a parent programme described only as far as the seed describes it: U-LEAD's funders,
  period and budget are not in the seed and stay empty.

The page also carries "read also" news, a view counter and tags; they are not facts of the
project and are deliberately left out.
"""

from __future__ import annotations

from examples.organisations import AUC
from itaproj import (
    Activity,
    ActivityKind,
    CountryShare,
    DateKind,
    Frequency,
    KeyDate,
    LocalizedText,
    PartialDate,
    Participant,
    Period,
    Programme,
    ProgrammeKind,
    Recurrence,
    Relation,
    RelationKind,
    Role,
)

__all__ = ["AUC_PROJECT", "U_LEAD"]

T = LocalizedText.of

_COOPERATION = Activity(
    T(
        "uk",
        "Співпраця АМУ та Програми «U-LEAD з Європою»",
        ru="Сотрудничество АГУ и Программы «U-LEAD с Европой»",
        en='Cooperation between the AUC and the "U-LEAD with Europe" Programme',
    ),
    kind=ActivityKind.LINE,
    description=T(
        "uk",
        "АМУ та Програма «U-LEAD з Європою» співпрацюють з 2018 р.",
        ru="АГУ и Программа «U-LEAD с Европой» сотрудничают с 2018 г.",
        en='The AUC and the "U-LEAD with Europe" Programme have cooperated since 2018.',
    ),
    # "since 2018": the start is a year, the end is not stated.
    period=Period(start=PartialDate(2018)),
    topics=(
        T(
            "uk",
            "розробка стратегій розвитку громад",
            ru="разработка стратегий развития громад",
            en="developing community development strategies",
        ),
        T(
            "uk",
            "міжмуніципальне співробітництво",
            ru="межмуниципальное сотрудничество",
            en="inter-municipal cooperation",
        ),
        T(
            "uk",
            "налагодження міжнародних партнерств між українськими громадами та муніципалітетами ЄС",
            ru="налаживание международных партнерств между украинскими громадами и муниципалитетами ЕС",
            en="building international partnerships between Ukrainian communities and EU municipalities",
        ),
    ),
)

#: The parent programme, described only as far as seed 002 describes it.
U_LEAD = Programme(
    "u-lead",
    T("uk", "U-LEAD з Європою", ru="U-LEAD с Европой", en="U-LEAD with Europe"),
    kind=ProgrammeKind.PROGRAMME,
    activities=(_COOPERATION,),
    relations=(Relation(RelationKind.CHILD, "auc-analytics"),),
)

_ANALYTICAL_CENTRE = Activity(
    T(
        "uk",
        "Підтримка роботи Аналітичного центру АМУ",
        ru="Поддержка работы Аналитического центра АГУ",
        en="Supporting the work of the AUC Analytical Centre",
    ),
    kind=ActivityKind.LINE,
    description=T(
        "uk",
        "Підтримка роботи Аналітичного центру АМУ шляхом вивчення потреб громад через секторальні діалоги "
        "в регіонах, підготовку аналітичних записок, розробку методологічних матеріалів та надання "
        "рекомендацій за секторами.",
        ru="Поддержка работы Аналитического центра АГУ путем изучения потребностей громад через "
        "секторальные диалоги в регионах, подготовку аналитических записок, разработку методологических "
        "материалов и предоставление рекомендаций по секторам.",
        en="Supporting the work of the AUC Analytical Centre by studying communities' needs through "
        "sectoral dialogues in the regions, preparing analytical notes, developing methodological "
        "materials and giving recommendations by sector.",
    ),
    topics=(
        T("uk", "освіта", ru="образование", en="education"),
        T(
            "uk",
            "соціальний захист та соціальні послуги",
            ru="социальная защита и социальные услуги",
            en="social protection and social services",
        ),
        T(
            "uk",
            "місцевий економічний розвиток",
            ru="местное экономическое развитие",
            en="local economic development",
        ),
        T(
            "uk",
            "комунальні послуги й відповідна інфраструктура",
            ru="коммунальные услуги и соответствующая инфраструктура",
            en="communal services and the related infrastructure",
        ),
    ),
)

_PARTNERSHIPS = Activity(
    T(
        "uk",
        "Підтримка та розвиток партнерств між сільськими та міськими громадами",
        ru="Поддержка и развитие партнерств между сельскими и городскими громадами",
        en="Supporting and developing partnerships between rural and urban communities",
    ),
    kind=ActivityKind.LINE,
    description=T(
        "uk",
        "Ці партнерські ініціативи, серед який також розроблятимуться заходи регіонального значення, "
        "сприятимуть посиленню міжмуніципального співробітництва серед громад через розробку проектів "
        "розвитку та залучення інвестицій.",
        ru="Эти партнерские инициативы, среди которых также будут разрабатываться мероприятия регионального "
        "значения, будут способствовать усилению межмуниципального сотрудничества между громадами через "
        "разработку проектов развития и привлечение инвестиций.",
        en="These partnership initiatives, among which measures of regional significance will also be "
        "developed, will strengthen inter-municipal cooperation among communities through the "
        "development of projects and the attraction of investment.",
    ),
    eligibility=T(
        "uk",
        "Громади, що будуть відібрані на конкурсній основі",
        ru="Громады, которые будут отобраны на конкурсной основе",
        en="Communities to be selected competitively",
    ),
)

_DIALOGUE_DAY = Activity(
    T("uk", "Проведення Дня Діалогу", ru="Проведение Дня Диалога", en="Holding the Dialogue Day"),
    kind=ActivityKind.EVENT,
    description=T(
        "uk",
        "Цей захід є майданчиком для обговорення питань і вироблення спільної позиції органів державної "
        "влади та АМУ щодо розвитку місцевого самоврядування, удосконалення законодавчої бази, "
        "розв’язання конкретних проблем забезпечення життєдіяльності територіальних громад. Під час "
        "цього заходу відбуватиметься обмін досвідом та знанням серед лідерів місцевого самоврядування, "
        "представників уряду та неурядових організацій.",
        ru="Это мероприятие является площадкой для обсуждения вопросов и выработки общей позиции органов "
        "государственной власти и АГУ относительно развития местного самоуправления, совершенствования "
        "законодательной базы, решения конкретных проблем обеспечения жизнедеятельности территориальных "
        "громад. Во время этого мероприятия будет происходить обмен опытом и знаниями между лидерами "
        "местного самоуправления, представителями правительства и неправительственных организаций.",
        en="The event is a platform for discussing issues and working out a common position of the state "
        "authorities and the AUC on the development of local self-government, improving the legislative "
        "framework and solving specific problems of the functioning of territorial communities. Leaders "
        "of local self-government, government representatives and non-governmental organisations will "
        "exchange experience and knowledge during the event.",
    ),
    # «який АМУ організовує щорічно з 2004 року»: older than the project itself.
    recurrence=Recurrence(Frequency.YEARLY, since=PartialDate(2004)),
)

#: The AUC project, a child of U-LEAD with Europe.
AUC_PROJECT = Programme(
    "auc-analytics",
    T(
        "uk",
        "Сприяння всебічному розвитку громад через аналітику, діалог та співпрацю",
        ru="Содействие всестороннему развитию громад через аналитику, диалог и сотрудничество",
        en="Promoting the Comprehensive Development of Communities through Analytics, Dialogue and "
        "Cooperation",
    ),
    kind=ProgrammeKind.PROJECT,
    objectives=(
        T(
            "uk",
            "Розвиток спроможності громад шляхом підготовки аналітичних та методологічних матеріалів, "
            "налагодження міжмуніципального співробітництва заради розробки розвиткових проєктів, "
            "сприяння діалогові та міжінституційній координації",
            ru="Развитие потенциала громад путем подготовки аналитических и методологических материалов, "
            "налаживания межмуниципального сотрудничества ради разработки проектов развития, содействия "
            "диалогу и межинституциональной координации",
            en="Developing the capacity of communities by preparing analytical and methodological "
            "materials, establishing inter-municipal cooperation to develop development projects, and "
            "promoting dialogue and inter-institutional coordination",
        ),
    ),
    # «триватиме до липня 2022 р.»: the end is a month; the start is not stated.
    period=Period(end=PartialDate(2022, 7)),
    dates=(
        KeyDate(
            DateKind.ANNOUNCED,
            PartialDate(2021, 3, 12),
            note=T(
                "uk",
                "Новина від 12.03.2021: АМУ розпочала впровадження проєкту",
                ru="Новость от 12.03.2021: АГУ начала реализацию проекта",
                en="News of 12.03.2021: the AUC has started implementing the project",
            ),
        ),
    ),
    participants=(Participant(AUC, Role.IMPLEMENTING),),
    recipient_countries=(CountryShare("UA"),),
    activities=(_ANALYTICAL_CENTRE, _PARTNERSHIPS, _DIALOGUE_DAY),
    relations=(
        Relation(
            RelationKind.PARENT,
            "u-lead",
            note=T(
                "uk",
                "за сприяння Програми «U-LEAD з Європою»",
                ru="при содействии Программы «U-LEAD с Европой»",
                en='with the support of the "U-LEAD with Europe" Programme',
            ),
        ),
    ),
)
