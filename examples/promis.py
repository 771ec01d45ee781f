"""PROMIS, «Партнерство для розвитку міст»: seed ``001``, Ukrainian.

What this module shows:

* a period known to the month (April 2015 – December 2020);
* components with the programme's own codes (1000, 2000, 3000): labels, not positions;
* a component's stakeholders and activities;
* cross-cutting themes as OECD DAC policy markers (gender equality ``"1"``, aid to environment
  ``"2"``), with their own objectives and strategy; the seed does not state a significance, so
  ``significance`` stays ``None``;
* the implementer and the funder, the funder shared with SURGe (see :mod:`examples.clir`).

The seed gives no budget and no IATI identifier.
"""

from __future__ import annotations

from examples.organisations import FCM, GAC
from itaproj import (
    Activity,
    Component,
    CountryShare,
    CrossCuttingTheme,
    LocalizedText,
    Participant,
    Period,
    Programme,
    ProgrammeKind,
    Role,
)

__all__ = ["PROMIS"]

T = LocalizedText.of

_OPEN_GOVERNMENT = Component(
    "1000",
    T(
        "uk",
        "Запровадження моделі «відкритого уряду» та забезпечення прозорості та ефективності прийняття "
        "рішень органами місцевого самоврядування",
        en='Introducing the "open government" model and ensuring transparent and effective decision '
        "making by local self-government bodies",
    ),
    description=T(
        "uk",
        "Проект ПРОМІС передбачає надання допомоги органам місцевого самоврядування у створенні моделі "
        "«відкритого уряду» і запровадженні прозорого та колективного процесу прийняття рішень, який "
        "дозволить зацікавленим сторонам брати активнішу участь у формуванні та впровадженні стратегій і "
        "програм місцевого розвитку, розробці місцевих рішень, спрямованих на розбудову територіальних "
        "громад.",
        en='The PROMIS project helps local self-government bodies create an "open government" model and '
        "introduce a transparent, collective decision-making process that lets stakeholders take a more "
        "active part in shaping and implementing local development strategies and programmes and in "
        "drafting local decisions aimed at building territorial communities.",
    ),
    stakeholders=(
        T("uk", "організації громадянського суспільства", en="civil society organisations"),
        T("uk", "засоби масової інформації", en="mass media"),
        T("uk", "представники приватного сектору", en="representatives of the private sector"),
        T("uk", "громадяни", en="citizens"),
    ),
    activities=(
        Activity(
            T(
                "uk",
                "розробка і застосування моделі «відкритого, демократичного управління»",
                en='developing and applying an "open, democratic governance" model',
            )
        ),
        Activity(
            T(
                "uk",
                "формування і впровадження стратегічних планів відповідно до спільного бачення розвитку "
                "територіальних громад, розширення міжмуніципальної співпраці",
                en="drafting and implementing strategic plans in line with a shared vision of the "
                "development of territorial communities; expanding inter-municipal cooperation",
            )
        ),
        Activity(
            T(
                "uk",
                "формування місцевих нормативних актів/рішень, поліпшення управління, бюджетування і "
                "надання адміністративних послуг",
                en="drafting local regulations/decisions; improving management, budgeting and the "
                "provision of administrative services",
            )
        ),
    ),
)

_SME = Component(
    "2000",
    T(
        "uk",
        "Підтримка розвитку і підвищення ефективності діяльності малих та середніх підприємств",
        en="Supporting the development and efficiency of small and medium-sized enterprises",
    ),
    description=T(
        "uk",
        "Проект надає технічну допомогу для стимулювання і підтримки зростання місцевих малих та середніх "
        "підприємств шляхом створення інституцій підтримки бізнесу, підвищення кваліфікації та навичок "
        "підприємців, а також реалізації програм органів місцевого самоврядування з підтримки "
        "підприємництва.",
        en="The project provides technical assistance to stimulate and support the growth of local small "
        "and medium-sized enterprises by creating business support institutions, improving the "
        "qualifications and skills of entrepreneurs, and implementing local self-government programmes "
        "to support entrepreneurship.",
    ),
    activities=(
        Activity(
            T(
                "uk",
                "створення сприятливого бізнес-клімату для малого та середнього бізнесу з акцентом на "
                "жінок-підприємниць та екологічно чистий бізнес",
                en="creating a favourable business climate for small and medium-sized businesses, with a "
                "focus on women entrepreneurs and environmentally clean business",
            )
        ),
        Activity(
            T(
                "uk",
                "підтримка розвитку бізнес-інфраструктури та проектного фінансування",
                en="supporting the development of business infrastructure and project finance",
            )
        ),
        Activity(
            T(
                "uk",
                "розвиток трисекторного партнерства для підтримки розвитку бізнесу",
                en="developing tri-sector partnership to support business development",
            )
        ),
    ),
)

_DECENTRALISATION = Component(
    "3000",
    T(
        "uk",
        "Поліпшення співпраці місцевих, регіональних і центральних органів влади у сфері децентралізації "
        "та міжвідомчого діалогу",
        en="Improving cooperation between local, regional and central authorities on decentralisation "
        "and inter-agency dialogue",
    ),
    description=T(
        "uk",
        "Проект ПРОМІС сприяє підвищенню інституційної спроможності місцевих органів влади, формуванню "
        "політики співпраці між різними рівнями влади для розвитку децентралізації, підтримки бізнесу, "
        "торгівлі та залучення інвестицій; допомагає місцевим органам влади побудувати ефективну модель "
        "взаємодії з центральними органами відповідно до вимог децентралізації.",
        en="The PROMIS project strengthens the institutional capacity of local authorities and policies "
        "of cooperation between levels of government for decentralisation, business support, trade and "
        "investment attraction, and helps local authorities build an effective model of interaction with "
        "central bodies as decentralisation requires.",
    ),
    activities=(
        Activity(
            T(
                "uk",
                "підвищення фахового рівня службовців місцевих, регіональних і центральних органів влади у "
                "сфері демократичного врядування, децентралізації, місцевого економічного розвитку, "
                "інвестицій і торгівлі",
                en="training officials of local, regional and central authorities in democratic "
                "governance, decentralisation, local economic development, investment and trade",
            )
        ),
        Activity(
            T(
                "uk",
                "розширення міжвідомчого діалогу, впровадження децентралізації та комплексного планування "
                "економічного розвитку",
                en="expanding inter-agency dialogue, implementing decentralisation and integrated economic "
                "development planning",
            )
        ),
        Activity(
            T(
                "uk",
                "зміцнення потенціалу муніципального сектору України для сприяння місцевому економічному "
                "розвитку, ефективному врядуванню та впровадженню реформ",
                en="strengthening the capacity of Ukraine's municipal sector to foster local economic "
                "development, effective governance and the implementation of reforms",
            )
        ),
    ),
)

_GENDER = CrossCuttingTheme(
    T("uk", "Інтеграція питань ґендерної рівності", en="Gender equality integration"),
    code="1",  # OECD DAC policy marker: gender equality
    vocabulary="1",
    significance=None,  # the seed does not say how significant
    description=T(
        "uk",
        "Проект ПРОМІС у своїй діяльності сприятиме підвищенню ролі жінок на керівних посадах в органах "
        "місцевого самоврядування та їх активному залученню до процесів економічного розвитку.",
        en="In its work the PROMIS project will promote the role of women in leading positions in local "
        "self-government and their active involvement in economic development.",
    ),
    strategy=T("uk", "Ґендерна стратегія Проекту", en="The Project's Gender Strategy"),
    objectives=(
        T(
            "uk",
            "сприяння участі жінок нарівні з чоловіками в процесі прийняття рішень при виробленні "
            "місцевої політики та стратегій розвитку в своїх громадах",
            en="promoting women's participation, equally with men, in decision making when local "
            "policies and development strategies are drawn up in their communities",
        ),
        T(
            "uk",
            "зменшення ґендерної нерівності в доступі до ресурсів та благ розвитку і контролі над ними",
            en="reducing gender inequality in access to and control over resources and the benefits of "
            "development",
        ),
    ),
)

_ENVIRONMENT = CrossCuttingTheme(
    T("uk", "Інтеграція питань екологічної збалансованості", en="Environmental sustainability integration"),
    code="2",  # OECD DAC policy marker: aid to environment
    vocabulary="1",
    significance=None,
    description=T(
        "uk",
        "Усі ініціативи Проекту ПРОМІС буде проаналізовано на предмет того, чи матимуть вони негативний "
        "вплив на довкілля, яким чином найкраще обмежити такий негативний вплив і як максимізувати "
        "можливий позитивний вплив на довкілля.",
        en="Every initiative of the PROMIS project will be screened for whether it will have a negative "
        "impact on the environment, how best to limit such impact, and how to maximise its possible "
        "positive impact on the environment.",
    ),
    strategy=T(
        "uk",
        "Стратегія екологічної збалансованості, включена в план реалізації Проекту",
        en="The Environmental Sustainability Strategy included in the Project's implementation plan",
    ),
)

PROMIS = Programme(
    "promis",
    T("uk", "Партнерство для розвитку міст", en="Partnership for the Development of Cities"),
    acronym=T("uk", "ПРОМІС", en="PROMIS"),
    kind=ProgrammeKind.PROJECT,
    description=T(
        "uk",
        "Проєкт міжнародної технічної допомоги «Партнерство для розвитку міст» (Проєкт ПРОМІС) "
        "спрямовано на зміцнення муніципального сектору в Україні, впровадження ефективного "
        "демократичного управління та прискорення економічного розвитку шляхом підвищення спроможності "
        "українських міст у сфері демократизації врядування та місцевого економічного розвитку; "
        "створення сприятливого середовища для розвитку малого та середнього бізнесу; підтримку процесу "
        "децентралізації та інтегрованого планування розвитку на місцевому, регіональному та "
        "національному рівнях.",
        en='The international technical assistance project "Partnership for the Development of Cities" '
        "(PROMIS project) aims to strengthen the municipal sector in Ukraine, introduce effective "
        "democratic governance and accelerate economic development by building the capacity of Ukrainian "
        "cities in democratic governance and local economic development; creating an enabling "
        "environment for small and medium-sized businesses; and supporting decentralisation and "
        "integrated development planning at the local, regional and national levels.",
    ),
    period=Period.parse("2015-04", "2020-12"),
    participants=(Participant(FCM, Role.IMPLEMENTING), Participant(GAC, Role.FUNDING)),
    recipient_countries=(CountryShare("UA"),),
    components=(_OPEN_GOVERNMENT, _SME, _DECENTRALISATION),
    themes=(_GENDER, _ENVIRONMENT),
)
