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
        ru="Внедрение модели «открытого правительства» и обеспечение прозрачности и эффективности принятия "
        "решений органами местного самоуправления",
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
        ru="Проект ПРОМИС предусматривает оказание помощи органам местного самоуправления в создании модели "
        "«открытого правительства» и внедрении прозрачного и коллективного процесса принятия решений, "
        "который позволит заинтересованным сторонам активнее участвовать в формировании и внедрении "
        "стратегий и программ местного развития, разработке местных решений, направленных на развитие "
        "территориальных громад.",
        en='The PROMIS project helps local self-government bodies create an "open government" model and '
        "introduce a transparent, collective decision-making process that lets stakeholders take a more "
        "active part in shaping and implementing local development strategies and programmes and in "
        "drafting local decisions aimed at building territorial communities.",
    ),
    stakeholders=(
        T(
            "uk",
            "організації громадянського суспільства",
            ru="организации гражданского общества",
            en="civil society organisations",
        ),
        T("uk", "засоби масової інформації", ru="средства массовой информации", en="mass media"),
        T(
            "uk",
            "представники приватного сектору",
            ru="представители частного сектора",
            en="representatives of the private sector",
        ),
        T("uk", "громадяни", ru="граждане", en="citizens"),
    ),
    activities=(
        Activity(
            T(
                "uk",
                "розробка і застосування моделі «відкритого, демократичного управління»",
                ru="разработка и применение модели «открытого, демократического управления»",
                en='developing and applying an "open, democratic governance" model',
            )
        ),
        Activity(
            T(
                "uk",
                "формування і впровадження стратегічних планів відповідно до спільного бачення розвитку "
                "територіальних громад, розширення міжмуніципальної співпраці",
                ru="формирование и внедрение стратегических планов в соответствии с общим видением развития "
                "территориальных громад, расширение межмуниципального сотрудничества",
                en="drafting and implementing strategic plans in line with a shared vision of the "
                "development of territorial communities; expanding inter-municipal cooperation",
            )
        ),
        Activity(
            T(
                "uk",
                "формування місцевих нормативних актів/рішень, поліпшення управління, бюджетування і "
                "надання адміністративних послуг",
                ru="формирование местных нормативных актов/решений, улучшение управления, бюджетирования и "
                "предоставления административных услуг",
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
        ru="Поддержка развития и повышение эффективности деятельности малых и средних предприятий",
        en="Supporting the development and efficiency of small and medium-sized enterprises",
    ),
    description=T(
        "uk",
        "Проект надає технічну допомогу для стимулювання і підтримки зростання місцевих малих та середніх "
        "підприємств шляхом створення інституцій підтримки бізнесу, підвищення кваліфікації та навичок "
        "підприємців, а також реалізації програм органів місцевого самоврядування з підтримки "
        "підприємництва.",
        ru="Проект оказывает техническую помощь для стимулирования и поддержки роста местных малых и "
        "средних предприятий путем создания институтов поддержки бизнеса, повышения квалификации и "
        "навыков предпринимателей, а также реализации программ органов местного самоуправления по "
        "поддержке предпринимательства.",
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
                ru="создание благоприятного бизнес-климата для малого и среднего бизнеса с акцентом на "
                "женщин-предпринимателей и экологически чистый бизнес",
                en="creating a favourable business climate for small and medium-sized businesses, with a "
                "focus on women entrepreneurs and environmentally clean business",
            )
        ),
        Activity(
            T(
                "uk",
                "підтримка розвитку бізнес-інфраструктури та проектного фінансування",
                ru="поддержка развития бизнес-инфраструктуры и проектного финансирования",
                en="supporting the development of business infrastructure and project finance",
            )
        ),
        Activity(
            T(
                "uk",
                "розвиток трисекторного партнерства для підтримки розвитку бізнесу",
                ru="развитие трехсекторного партнерства для поддержки развития бизнеса",
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
        ru="Улучшение сотрудничества местных, региональных и центральных органов власти в сфере "
        "децентрализации и межведомственного диалога",
        en="Improving cooperation between local, regional and central authorities on decentralisation "
        "and inter-agency dialogue",
    ),
    description=T(
        "uk",
        "Проект ПРОМІС сприяє підвищенню інституційної спроможності місцевих органів влади, формуванню "
        "політики співпраці між різними рівнями влади для розвитку децентралізації, підтримки бізнесу, "
        "торгівлі та залучення інвестицій; допомагає місцевим органам влади побудувати ефективну модель "
        "взаємодії з центральними органами відповідно до вимог децентралізації.",
        ru="Проект ПРОМИС способствует повышению институционального потенциала местных органов власти, "
        "формированию политики сотрудничества между различными уровнями власти для развития "
        "децентрализации, поддержки бизнеса, торговли и привлечения инвестиций; помогает местным органам "
        "власти построить эффективную модель взаимодействия с центральными органами в соответствии с "
        "требованиями децентрализации.",
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
                ru="повышение профессионального уровня служащих местных, региональных и центральных органов "
                "власти в сфере демократического управления, децентрализации, местного экономического "
                "развития, инвестиций и торговли",
                en="training officials of local, regional and central authorities in democratic "
                "governance, decentralisation, local economic development, investment and trade",
            )
        ),
        Activity(
            T(
                "uk",
                "розширення міжвідомчого діалогу, впровадження децентралізації та комплексного планування "
                "економічного розвитку",
                ru="расширение межведомственного диалога, внедрение децентрализации и комплексного "
                "планирования экономического развития",
                en="expanding inter-agency dialogue, implementing decentralisation and integrated economic "
                "development planning",
            )
        ),
        Activity(
            T(
                "uk",
                "зміцнення потенціалу муніципального сектору України для сприяння місцевому економічному "
                "розвитку, ефективному врядуванню та впровадженню реформ",
                ru="укрепление потенциала муниципального сектора Украины для содействия местному "
                "экономическому развитию, эффективному управлению и внедрению реформ",
                en="strengthening the capacity of Ukraine's municipal sector to foster local economic "
                "development, effective governance and the implementation of reforms",
            )
        ),
    ),
)

_GENDER = CrossCuttingTheme(
    T(
        "uk",
        "Інтеграція питань ґендерної рівності",
        ru="Интеграция вопросов гендерного равенства",
        en="Gender equality integration",
    ),
    code="1",  # OECD DAC policy marker: gender equality
    vocabulary="1",
    significance=None,  # the seed does not say how significant
    description=T(
        "uk",
        "Проект ПРОМІС у своїй діяльності сприятиме підвищенню ролі жінок на керівних посадах в органах "
        "місцевого самоврядування та їх активному залученню до процесів економічного розвитку.",
        ru="Проект ПРОМИС в своей деятельности будет способствовать повышению роли женщин на руководящих "
        "должностях в органах местного самоуправления и их активному вовлечению в процессы "
        "экономического развития.",
        en="In its work the PROMIS project will promote the role of women in leading positions in local "
        "self-government and their active involvement in economic development.",
    ),
    strategy=T(
        "uk",
        "Ґендерна стратегія Проекту",
        ru="Гендерная стратегия Проекта",
        en="The Project's Gender Strategy",
    ),
    objectives=(
        T(
            "uk",
            "сприяння участі жінок нарівні з чоловіками в процесі прийняття рішень при виробленні "
            "місцевої політики та стратегій розвитку в своїх громадах",
            ru="содействие участию женщин наравне с мужчинами в процессе принятия решений при выработке "
            "местной политики и стратегий развития в своих громадах",
            en="promoting women's participation, equally with men, in decision making when local "
            "policies and development strategies are drawn up in their communities",
        ),
        T(
            "uk",
            "зменшення ґендерної нерівності в доступі до ресурсів та благ розвитку і контролі над ними",
            ru="уменьшение гендерного неравенства в доступе к ресурсам и благам развития и контроле над ними",
            en="reducing gender inequality in access to and control over resources and the benefits of "
            "development",
        ),
    ),
)

_ENVIRONMENT = CrossCuttingTheme(
    T(
        "uk",
        "Інтеграція питань екологічної збалансованості",
        ru="Интеграция вопросов экологической сбалансированности",
        en="Environmental sustainability integration",
    ),
    code="2",  # OECD DAC policy marker: aid to environment
    vocabulary="1",
    significance=None,
    description=T(
        "uk",
        "Усі ініціативи Проекту ПРОМІС буде проаналізовано на предмет того, чи матимуть вони негативний "
        "вплив на довкілля, яким чином найкраще обмежити такий негативний вплив і як максимізувати "
        "можливий позитивний вплив на довкілля.",
        ru="Все инициативы Проекта ПРОМИС будут проанализированы на предмет того, будут ли они оказывать "
        "негативное влияние на окружающую среду, каким образом лучше всего ограничить такое негативное "
        "влияние и как максимизировать возможное позитивное влияние на окружающую среду.",
        en="Every initiative of the PROMIS project will be screened for whether it will have a negative "
        "impact on the environment, how best to limit such impact, and how to maximise its possible "
        "positive impact on the environment.",
    ),
    strategy=T(
        "uk",
        "Стратегія екологічної збалансованості, включена в план реалізації Проекту",
        ru="Стратегия экологической сбалансированности, включенная в план реализации Проекта",
        en="The Environmental Sustainability Strategy included in the Project's implementation plan",
    ),
)

PROMIS = Programme(
    "promis",
    T(
        "uk",
        "Партнерство для розвитку міст",
        ru="Партнерство для развития городов",
        en="Partnership for the Development of Cities",
    ),
    acronym=T("uk", "ПРОМІС", ru="ПРОМИС", en="PROMIS"),
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
        ru="Проект международной технической помощи «Партнерство для развития городов» (Проект ПРОМИС) "
        "направлен на укрепление муниципального сектора в Украине, внедрение эффективного "
        "демократического управления и ускорение экономического развития путем повышения потенциала "
        "украинских городов в сфере демократизации управления и местного экономического развития; "
        "создание благоприятной среды для развития малого и среднего бизнеса; поддержку процесса "
        "децентрализации и интегрированного планирования развития на местном, региональном и "
        "национальном уровнях.",
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
