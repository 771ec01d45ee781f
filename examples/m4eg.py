"""Mayors for Economic Growth (M4EG): seed ``000``, a Russian page of the EU's site.

What this module shows:

* a period known only to the year (``Period.parse("2017", "2020")``): its length is a range;
* a total budget with no breakdown, kept at the seed's precision (14.5 million, not 14,500,000);
* six recipient countries with no shares (``CountryShare(..., percentage=None)``);
* an obligation with a deadline counted from each city's own accession (``RelativeDeadline``),
  not a calendar date;
* nested activities (the second technical-assistance line has five sub-activities);
* a grant component with an eligibility rule;
* a source link kept exactly as printed, although it is malformed (``https://ru/east/...``).

The seed gives no IATI identifier, so the programme has only its local key.
"""

from __future__ import annotations

from examples.organisations import EU
from itaproj import (
    Activity,
    ActivityKind,
    BeneficiaryKind,
    Budget,
    CountryShare,
    DocumentLink,
    LocalizedText,
    Money,
    Participant,
    Period,
    Programme,
    ProgrammeKind,
    RelativeDeadline,
    Role,
    Span,
    TargetGroup,
    TimeUnit,
)

__all__ = ["M4EG", "SOURCE_URL"]

T = LocalizedText.of

#: The source link exactly as the seed prints it: the host is missing, so it is malformed.
SOURCE_URL = "https://ru/east/eu-in-action/projects/mery-za-ekonomiceskii-rost-m4eg"

_LEDP_DEADLINE = Activity(
    T(
        "ru",
        "Представление плана местного экономического развития (ПМЭР)",
        uk="Подання плану місцевого економічного розвитку (ПМЕР)",
        en="Submission of a Local Economic Development Plan (LEDP)",
    ),
    kind=ActivityKind.OBLIGATION,
    description=T(
        "ru",
        "В течение первого года с момента присоединения к инициативе «Мэры за экономический рост» "
        "(M4EG) подписанты должны представить план местного экономического развития, в котором будут "
        "прописаны конкретные меры для достижения поставленных целей.",
        uk="Протягом першого року з моменту приєднання до ініціативи «Мери за економічне зростання» (M4EG) "
        "підписанти мають подати план місцевого економічного розвитку, у якому будуть прописані "
        "конкретні заходи для досягнення поставлених цілей.",
        en="Within the first year of joining the Mayors for Economic Growth (M4EG) initiative, "
        "signatories must submit a local economic development plan setting out concrete measures "
        "to achieve the goals set.",
    ),
    deadline=RelativeDeadline(
        Span(1, TimeUnit.YEAR),
        T(
            "ru",
            "присоединение подписанта к инициативе «Мэры за экономический рост»",
            uk="приєднання підписанта до ініціативи «Мери за економічне зростання»",
            en="the signatory joining the Mayors for Economic Growth initiative",
        ),
    ),
)

_LINE_1 = Activity(
    T(
        "ru",
        "Информационная поддержка, наращивание потенциала и повышение осведомленности",
        uk="Інформаційна підтримка, нарощування спроможності та підвищення обізнаності",
        en="Information support, capacity building and awareness raising",
    ),
    kind=ActivityKind.LINE,
    description=T(
        "ru",
        "Информационная поддержка, наращивание потенциала и повышение осведомленности, включая "
        "проведение семинаров, предоставление учебных материалов, методологии и руководящих принципов "
        "для разработки базовых кадастров и планов развития.",
        uk="Інформаційна підтримка, нарощування спроможності та підвищення обізнаності, зокрема проведення "
        "семінарів, надання навчальних матеріалів, методології та настанов для розроблення базових "
        "кадастрів і планів розвитку.",
        en="Information support, capacity building and awareness raising, including seminars, "
        "training materials, methodology and guidelines for developing baseline inventories and "
        "development plans.",
    ),
)

_LINE_2 = Activity(
    T(
        "ru",
        "Помощь в реализации политики местного экономического развития",
        uk="Допомога в реалізації політики місцевого економічного розвитку",
        en="Assistance in implementing local economic development policy",
    ),
    kind=ActivityKind.LINE,
    activities=(
        Activity(
            T("ru", "прямая экспертная помощь", uk="пряма експертна допомога", en="direct expert assistance")
        ),
        Activity(T("ru", "обучение инструкторов", uk="навчання інструкторів", en="training of trainers")),
        Activity(
            T("ru", "обмен передовым опытом", uk="обмін передовим досвідом", en="exchange of best practice")
        ),
        Activity(
            T(
                "ru",
                "поддержка инвестиционных проектов",
                uk="підтримка інвестиційних проєктів",
                en="support to investment projects",
            )
        ),
        Activity(
            T(
                "ru",
                "содействие партнерству между странами",
                uk="сприяння партнерству між країнами",
                en="fostering partnership between countries",
            )
        ),
    ),
)

_GRANTS = Activity(
    T(
        "ru",
        "Грантовый компонент: «новаторские проекты»",
        uk="Грантовий компонент: «новаторські проєкти»",
        en='Grant component: "pioneer projects"',
    ),
    kind=ActivityKind.GRANT,
    description=T(
        "ru",
        "Инициатива M4EG также включает грантовый компонент, финансирующий «новаторские проекты». "
        "Отобранные города станут «пионерами» инициативы «Мэры за экономический рост» в реализации "
        "пилотных проектов, превращая планы экономического развития в конкретные действия на местах.",
        uk="Ініціатива M4EG також містить грантовий компонент, що фінансує «новаторські проєкти». Відібрані "
        "міста стануть «піонерами» ініціативи «Мери за економічне зростання» в реалізації пілотних "
        "проєктів, перетворюючи плани економічного розвитку на конкретні дії на місцях.",
        en='The M4EG initiative also includes a grant component funding "pioneer projects". The '
        'selected cities will become the "pioneers" of the Mayors for Economic Growth initiative in '
        "implementing pilot projects, turning economic development plans into concrete action on the "
        "ground.",
    ),
    eligibility=T(
        "ru",
        "Города, которые уже разработали план местного экономического развития, соответствующий "
        "концепции M4EG.",
        uk="Міста, які вже розробили план місцевого економічного розвитку, що відповідає концепції M4EG.",
        en="Cities that have already drawn up a local economic development plan consistent with the "
        "M4EG concept.",
    ),
)

M4EG = Programme(
    "m4eg",
    T("ru", "Мэры за экономический рост", uk="Мери за економічне зростання", en="Mayors for Economic Growth"),
    acronym=T("ru", "M4EG", uk="M4EG", en="M4EG"),
    kind=ProgrammeKind.INITIATIVE,
    description=T(
        "ru",
        "Инициатива «Мэры за экономический рост» оказывает поддержку городам в Армении, Азербайджане, "
        "Беларуси, Грузии, Молдове и Украине для содействия экономическому росту и создания рабочих мест "
        "путем улучшения местной деловой среды, стимулирования предпринимательства и привлечения "
        "инвестиций для устойчивого экономического развития.",
        uk="Ініціатива «Мери за економічне зростання» підтримує міста у Вірменії, Азербайджані, Білорусі, "
        "Грузії, Молдові та Україні, щоб сприяти економічному зростанню і створенню робочих місць шляхом "
        "поліпшення місцевого ділового середовища, стимулювання підприємництва та залучення інвестицій "
        "для сталого економічного розвитку.",
        en="The Mayors for Economic Growth initiative supports cities in Armenia, Azerbaijan, Belarus, "
        "Georgia, Moldova and Ukraine to promote economic growth and job creation by improving the local "
        "business environment, stimulating entrepreneurship and attracting investment for sustainable "
        "economic development.",
    ),
    objectives=(
        T(
            "ru",
            "Поддержка местных властей в разработке и реализации планов местного экономического "
            "развития (ПМЭР)",
            uk="Підтримка місцевої влади в розробленні та реалізації планів місцевого економічного розвитку "
            "(ПМЕР)",
            en="Supporting local authorities in drafting and implementing Local Economic Development "
            "Plans (LEDP)",
        ),
        T(
            "ru",
            "Усиление потенциала местных властей по внедрению ПМЭР в соответствии с принципом "
            "эффективного и рационального управления финансами",
            uk="Посилення спроможності місцевої влади впроваджувати ПМЕР відповідно до принципу ефективного "
            "і раціонального управління фінансами",
            en="Strengthening the capacity of local authorities to implement LEDPs in line with the "
            "principle of sound and efficient financial management",
        ),
        T(
            "ru",
            "Содействие созданию местных партнерств и сетей на основе диалога между государственным и "
            "частным сектором для стимулирования роста занятости и создания новых рабочих мест",
            uk="Сприяння створенню місцевих партнерств і мереж на основі діалогу між державним і приватним "
            "сектором для стимулювання зростання зайнятості та створення нових робочих місць",
            en="Fostering local partnerships and networks based on public-private dialogue to stimulate "
            "employment growth and the creation of new jobs",
        ),
        T(
            "ru",
            "Обмен ноу-хау и лучшими практиками для мотивации местных заинтересованных сторон, "
            "демонстрации новых подходов в работе и поддержки местных стратегий и действий в области "
            "развития",
            uk="Обмін ноу-хау та найкращими практиками для мотивації місцевих зацікавлених сторін, "
            "демонстрації нових підходів у роботі та підтримки місцевих стратегій і дій у сфері розвитку",
            en="Exchanging know-how and best practice to motivate local stakeholders, demonstrate new "
            "ways of working and support local development strategies and action",
        ),
    ),
    period=Period.parse("2017", "2020"),
    participants=(Participant(EU, Role.FUNDING),),
    recipient_countries=tuple(CountryShare(code) for code in ("AM", "AZ", "BY", "GE", "MD", "UA")),
    activities=(_LEDP_DEADLINE, _LINE_1, _LINE_2, _GRANTS),
    target_groups=(
        TargetGroup(
            BeneficiaryKind.MUNICIPALITY,
            description=T(
                "ru",
                "Города и местные власти, присоединившиеся к инициативе (подписанты)",
                uk="Міста й органи місцевої влади, що приєдналися до ініціативи (підписанти)",
                en="Cities and local authorities that have joined the initiative (signatories)",
            ),
        ),
    ),
    # «14,5 млн евро»: the seed states the budget to a tenth of a million, so it is kept so.
    budget=Budget(total=Money("14.5E6", "EUR")),
    documents=(
        DocumentLink(
            SOURCE_URL,
            title=T(
                "ru",
                "/ru/east/eu-in-action/projects/mery-za-ekonomiceskii-rost-m4eg",
                uk="/ru/east/eu-in-action/projects/mery-za-ekonomiceskii-rost-m4eg",
                en="/ru/east/eu-in-action/projects/mery-za-ekonomiceskii-rost-m4eg",
            ),
            languages=["ru"],
        ),
    ),
)
