"""SURGe and its child, the CLIR initiative: seed ``004``, Ukrainian.

What this module shows:

* a parent/child pair linked from both sides (SURGe -> CLIR); SURGe carries only the facts the
  seed states about it (name, implementer, funders, the ministry at whose request it is financed);
* a target group whose declared size (19 communities from 7 oblasts) and listed members (18)
  disagree: both are kept, and :func:`itaproj.checks.check` reports the difference;
* members grouped into six clusters, each cluster with the oblasts the seed names for it;
  a community gets an oblast only where its cluster names exactly one (the seed does not say
  which of Blyzniukivska, Saventsi and Balakliia lies in Donetsk and which in Kharkiv oblast);
* a selection with a lower bound ("more than 300 communities from 11 oblasts applied");
* community names in the seed's own forms («Близнюківська», «Савенці», «Шабівка»);
* cross-cutting themes that are not OECD DAC markers (vocabulary ``"99"``, no code).
"""

from __future__ import annotations

from examples.organisations import ALINEA, CANADA_EMBASSY, CANADA_GOVERNMENT, GAC, UA_MINISTRY_COMMUNITIES
from itaproj import (
    Activity,
    ActivityKind,
    Beneficiary,
    BeneficiaryKind,
    Cluster,
    Count,
    CountryShare,
    CrossCuttingTheme,
    LocalizedText,
    Location,
    Participant,
    Programme,
    ProgrammeKind,
    Qualifier,
    Relation,
    RelationKind,
    Role,
    Selection,
    TargetGroup,
)

__all__ = ["CLIR", "SURGE"]

T = LocalizedText.of

#: SURGe, described only as far as seed 004 describes it.
SURGE = Programme(
    "surge",
    T(
        "uk",
        "Супровід урядових реформ в Україні",
        ru="Сопровождение правительственных реформ в Украине",
        en="Support to Government Reforms in Ukraine",
    ),
    acronym=T("uk", "SURGe", ru="SURGe", en="SURGe"),
    kind=ProgrammeKind.PROJECT,
    description=T(
        "uk",
        "SURGe – проєкт з інклюзивного врядування в Україні, що впроваджується компанією Alinea "
        "International та фінансується Міністерством міжнародних справ Канади.",
        ru="SURGe – проект по инклюзивному управлению в Украине, который реализуется компанией Alinea "
        "International и финансируется Министерством иностранных дел Канады.",
        en="SURGe is an inclusive governance project in Ukraine, implemented by Alinea International and "
        "funded by Global Affairs Canada.",
    ),
    participants=(
        Participant(ALINEA, Role.IMPLEMENTING),
        Participant(GAC, Role.FUNDING),
        Participant(
            CANADA_GOVERNMENT,
            Role.FUNDING,
            note=T(
                "uk",
                "фінансується Урядом Канади",
                ru="финансируется Правительством Канады",
                en="financed by the Government of Canada",
            ),
        ),
        Participant(
            UA_MINISTRY_COMMUNITIES,
            Role.BENEFICIARY,
            note=T(
                "uk",
                "фінансується Урядом Канади на запит Міністерства розвитку громад, територій та "
                "інфраструктури України",
                ru="финансируется Правительством Канады по запросу Министерства развития общин, территорий "
                "и инфраструктуры Украины",
                en="financed by the Government of Canada at the request of the Ministry for Communities, "
                "Territories and Infrastructure Development of Ukraine",
            ),
        ),
    ),
    recipient_countries=(CountryShare("UA"),),
    relations=(Relation(RelationKind.CHILD, "clir"),),
)

# The six groups, each with the ISO 3166-2 codes of the oblasts the seed names for it.
_CLUSTERS = (
    Cluster("kyiv", T("uk", "Київська область", ru="Киевская область", en="Kyiv oblast"), regions=("UA-32",)),
    Cluster(
        "donetsk-kharkiv",
        T(
            "uk",
            "Донецька та Харківська область",
            ru="Донецкая и Харьковская область",
            en="Donetsk and Kharkiv oblasts",
        ),
        regions=("UA-14", "UA-63"),
    ),
    Cluster(
        "dnipropetrovsk",
        T("uk", "Дніпропетровська область", ru="Днепропетровская область", en="Dnipropetrovsk oblast"),
        regions=("UA-12",),
    ),
    Cluster(
        "mykolaiv",
        T("uk", "Миколаївська область", ru="Николаевская область", en="Mykolaiv oblast"),
        regions=("UA-48",),
    ),
    Cluster(
        "odesa", T("uk", "Одеська область", ru="Одесская область", en="Odesa oblast"), regions=("UA-51",)
    ),
    Cluster(
        "chernihiv",
        T("uk", "Чернігівська область", ru="Черниговская область", en="Chernihiv oblast"),
        regions=("UA-74",),
    ),
)

# The communities in the seed's order and forms, with the Russian form of each name (the
# conventional Russian name where the place has one, e.g. «Балаклея» for «Балаклія»; otherwise the
# Ukrainian name in Russian spelling, e.g. «Савенцы») and a transliteration (Ukrainian national system).
_LISTED = (
    ("kyiv", "Баришівка", "Барышевка", "Baryshivka"),
    ("kyiv", "Глеваха", "Глеваха", "Hlevakha"),
    ("kyiv", "Боярка", "Боярка", "Boiarka"),
    ("kyiv", "Велика Димерка", "Великая Дымерка", "Velyka Dymerka"),
    ("donetsk-kharkiv", "Близнюківська", "Близнюковская", "Blyzniukivska"),
    ("donetsk-kharkiv", "Савенці", "Савенцы", "Saventsi"),
    ("donetsk-kharkiv", "Балаклія", "Балаклея", "Balakliia"),
    ("dnipropetrovsk", "Софіївська", "Софиевская", "Sofiivska"),
    ("dnipropetrovsk", "Першотравенська", "Першотравенская", "Pershotravenska"),
    ("dnipropetrovsk", "Апостолівська", "Апостоловская", "Apostolivska"),
    ("dnipropetrovsk", "Зеленодольська", "Зеленодольская", "Zelenodolska"),
    ("mykolaiv", "Баштанка", "Баштанка", "Bashtanka"),
    ("mykolaiv", "Березнегувате", "Березнеговатое", "Bereznehuvate"),
    ("odesa", "Шабівка", "Шабовка", "Shabivka"),
    ("odesa", "Білгород-Дністровська", "Белгород-Днестровская", "Bilhorod-Dnistrovska"),
    ("chernihiv", "Холмська", "Холмская", "Kholmska"),
    ("chernihiv", "Коропська", "Коропская", "Koropska"),
    ("chernihiv", "Менська", "Менская", "Menska"),
)

_REGIONS = {cluster.key: cluster.regions for cluster in _CLUSTERS}


def _community(cluster: str, uk: str, ru: str, en: str) -> Beneficiary:
    regions = _REGIONS[cluster]
    # One oblast named for the cluster locates the community; two leave it unlocated within Ukraine.
    location = Location("UA", regions[0]) if len(regions) == 1 else Location("UA")
    return Beneficiary(
        T("uk", uk, ru=ru, en=en), BeneficiaryKind.COMMUNITY, location=location, cluster=cluster
    )


_COMMUNITIES = TargetGroup(
    BeneficiaryKind.COMMUNITY,
    description=T(
        "uk",
        "19 територіальних громад із 7 областей отримають експертну підтримку у сталому, інклюзивному, "
        "соціальному та економічному відновленні. З відібраних громад сформували 6 груп за принципом "
        "географічної близькості та спільності потреб.",
        ru="19 территориальных громад из 7 областей получат экспертную поддержку в устойчивом, инклюзивном, "
        "социальном и экономическом восстановлении. Из отобранных громад сформировали 6 групп по "
        "принципу географической близости и общности потребностей.",
        en="19 territorial communities from 7 oblasts will receive expert support for sustainable, "
        "inclusive, social and economic recovery. The selected communities were formed into 6 groups by "
        "geographical proximity and common needs.",
    ),
    declared_count=Count(19),
    declared_regions=Count(7),
    members=tuple(_community(*row) for row in _LISTED),
    clusters=_CLUSTERS,
    selection=Selection(
        applied=Count(300, Qualifier.MORE_THAN),
        selected=Count(19),
        applied_regions=Count(11),
        criteria=T(
            "uk",
            "Бажання взяти участь в ініціативи висловило понад 300 громад із 11 областей України "
            "постраждалих від війни.",
            ru="Желание принять участие в инициативе выразили более 300 громад из 11 областей Украины, "
            "пострадавших от войны.",
            en="More than 300 communities from 11 war-affected oblasts of Ukraine expressed a wish to take "
            "part in the initiative.",
        ),
    ),
)

_LINES = tuple(
    Activity(T("uk", uk, ru=ru, en=en), kind=ActivityKind.LINE)
    for uk, ru, en in (
        (
            "стратегічне управління та планування",
            "стратегическое управление и планирование",
            "strategic management and planning",
        ),
        (
            "налагодження партнерств із міжнародними організаціями та залучення зовнішніх інвестицій",
            "налаживание партнерств с международными организациями и привлечение внешних инвестиций",
            "building partnerships with international organisations and attracting external investment",
        ),
        ("розвиток сфери соціальних послуг", "развитие сферы социальных услуг", "developing social services"),
        (
            "підтримка з розробки планів і стратегій відновлення та розвитку, впровадження принципів "
            "сталого розвитку тощо",
            "поддержка в разработке планов и стратегий восстановления и развития, внедрение принципов "
            "устойчивого развития и т. д.",
            "support in drafting recovery and development plans and strategies, introducing the "
            "principles of sustainable development, etc.",
        ),
    )
)

#: The CLIR initiative, a child of SURGe.
CLIR = Programme(
    "clir",
    T(
        "uk",
        "Інклюзивне відновлення за лідерства громад",
        ru="Инклюзивное восстановление под руководством громад",
        en="Community-Led Inclusive Recovery",
    ),
    acronym=T("uk", "CLIR", ru="CLIR", en="CLIR"),
    kind=ProgrammeKind.INITIATIVE,
    description=T(
        "uk",
        "За підтримки Посольства Канади в Україні запустили ініціативу «Інклюзивне відновлення за "
        "лідерства громад». В її рамках 19 територіальних громад із 7 областей отримають експертну "
        "підтримку у сталому, інклюзивному, соціальному та економічному відновленні.",
        ru="При поддержке Посольства Канады в Украине запустили инициативу «Инклюзивное восстановление под "
        "руководством громад». В ее рамках 19 территориальных громад из 7 областей получат экспертную "
        "поддержку в устойчивом, инклюзивном, социальном и экономическом восстановлении.",
        en='With the support of the Embassy of Canada to Ukraine, the "Community-Led Inclusive Recovery" '
        "initiative has been launched. Under it, 19 territorial communities from 7 oblasts will receive "
        "expert support for sustainable, inclusive, social and economic recovery.",
    ),
    participants=(
        # «За підтримки Посольства Канади»: "with the support of". The seed does not say whether
        # the support is money; FUNDING is the nearest IATI role, and the note keeps the words.
        Participant(
            CANADA_EMBASSY,
            Role.FUNDING,
            note=T(
                "uk",
                "За підтримки Посольства Канади в Україні",
                ru="При поддержке Посольства Канады в Украине",
                en="With the support of the Embassy of Canada to Ukraine",
            ),
        ),
    ),
    recipient_countries=(CountryShare("UA"),),
    activities=_LINES,
    themes=(
        CrossCuttingTheme(
            T("uk", "Інклюзивне відновлення", ru="Инклюзивное восстановление", en="Inclusive recovery"),
            vocabulary="99",
            description=T(
                "uk",
                "Стале, інклюзивне, соціальне та економічне відновлення громад, постраждалих від війни",
                ru="Устойчивое, инклюзивное, социальное и экономическое восстановление громад, пострадавших "
                "от войны",
                en="Sustainable, inclusive, social and economic recovery of war-affected communities",
            ),
        ),
        CrossCuttingTheme(
            T(
                "uk",
                "Принципи сталого розвитку",
                ru="Принципы устойчивого развития",
                en="Principles of sustainable development",
            ),
            vocabulary="99",
        ),
    ),
    target_groups=(_COMMUNITIES,),
    relations=(
        Relation(
            RelationKind.PARENT,
            "surge",
            note=T(
                "uk",
                "Ініціатива реалізується проєктом міжнародної технічної допомоги «Супровід урядових "
                "реформ в Україні» SURGe Project",
                ru="Инициатива реализуется проектом международной технической помощи «Сопровождение "
                "правительственных реформ в Украине» SURGe Project",
                en="The initiative is implemented by the international technical assistance project "
                '"Support to Government Reforms in Ukraine" (SURGe Project)',
            ),
        ),
    ),
)
