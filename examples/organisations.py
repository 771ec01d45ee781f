"""The organisations the seeds name, defined once and shared by every programme that names them.

An organisation is one value: the European Union funds two programmes (M4EG and Regional
Development of Kazakhstan) and Global Affairs Canada funds two (PROMIS and SURGe), and each
is the same :class:`~itaproj.Organisation` in both, so the catalogue lists it once.

Each name is in the language of the first seed that names it (its original), with Ukrainian,
Russian and English translations, so a report reads in any of the three.
An IATI organisation ``ref`` is given only where it is certain from published IATI data
(``tests/data/iati/real/``, Global Affairs Canada's own activity file): ``CA-3`` for Global
Affairs Canada and ``CA-CRA_ACR-2118913938`` for the Federation of Canadian Municipalities.
No other seed organisation has a ref we can vouch for, so theirs stay ``None``.
"""

from __future__ import annotations

from itaproj import LocalizedText, Organisation

__all__ = [
    "ALINEA",
    "ALL",
    "AUC",
    "CANADA_EMBASSY",
    "CANADA_GOVERNMENT",
    "EU",
    "FCM",
    "GAC",
    "GDSI",
    "MANGYSTAU_AKIMAT",
    "UA_MINISTRY_COMMUNITIES",
]

#: The European Union (seeds 000 and 003, both Russian). The seeds do not say which body of the
#: EU (DG NEAR, DG INTPA...) funds the programmes, so no IATI ref is given.
EU = Organisation(
    "eu",
    LocalizedText.of("ru", "Европейский Союз", uk="Європейський Союз", en="European Union"),
    acronym=LocalizedText.of("ru", "ЕС", uk="ЄС", en="EU"),
)

#: Global Affairs Canada, «Міністерство міжнародних справ Канади» (seeds 001 and 004).
#: ``CA-3`` and type ``10`` (government) as Global Affairs Canada publishes itself in IATI.
GAC = Organisation(
    "gac",
    LocalizedText.of(
        "uk",
        "Міністерство міжнародних справ Канади",
        ru="Министерство иностранных дел Канады",
        en="Global Affairs Canada",
    ),
    ref="CA-3",
    type="10",
    country="CA",
)

#: The Federation of Canadian Municipalities (seed 001); its ref is the one Global Affairs
#: Canada's IATI data gives it.
FCM = Organisation(
    "fcm",
    LocalizedText.of(
        "uk",
        "Федерація канадських муніципалітетів",
        ru="Федерация канадских муниципалитетов",
        en="Federation of Canadian Municipalities",
    ),
    ref="CA-CRA_ACR-2118913938",
    country="CA",
    acronym=LocalizedText.of("uk", "ФКМ", ru="ФКМ", en="FCM"),
)

#: The Association of Ukrainian Cities (seed 002).
AUC = Organisation(
    "auc",
    LocalizedText.of(
        "uk", "Асоціація міст України", ru="Ассоциация городов Украины", en="Association of Ukrainian Cities"
    ),
    country="UA",
    acronym=LocalizedText.of("uk", "АМУ", ru="АГУ", en="AUC"),
)

#: GDSI Limited, Ireland (seed 003). The Russian name keeps the seed's printed form
#: ("GDSILimited", without a space); the English name is the company's.
GDSI = Organisation(
    "gdsi",
    LocalizedText.of("ru", "GDSILimited", uk="GDSI Limited", en="GDSI Limited"),
    country="IE",
)

#: The akimat (regional administration) of Mangystau oblast, the project's counterpart (seed 003).
MANGYSTAU_AKIMAT = Organisation(
    "mangystau-akimat",
    LocalizedText.of(
        "ru",
        "Акимат Мангистауской области",
        uk="Акімат Мангістауської області",
        en="Akimat of Mangystau Oblast",
    ),
    country="KZ",
)

#: The Embassy of Canada in Ukraine, which supports the CLIR initiative (seed 004).
CANADA_EMBASSY = Organisation(
    "canada-embassy-ua",
    LocalizedText.of(
        "uk",
        "Посольство Канади в Україні",
        ru="Посольство Канады в Украине",
        en="Embassy of Canada to Ukraine",
    ),
)

#: The Government of Canada, which finances SURGe (seed 004).
CANADA_GOVERNMENT = Organisation(
    "canada-government",
    LocalizedText.of("uk", "Уряд Канади", ru="Правительство Канады", en="Government of Canada"),
    country="CA",
)

#: Alinea International, which implements SURGe (seed 004). The seed does not say where it is based.
ALINEA = Organisation(
    "alinea",
    LocalizedText.of("uk", "Alinea International", ru="Alinea International", en="Alinea International"),
)

#: The Ukrainian ministry at whose request SURGe is financed (seed 004).
UA_MINISTRY_COMMUNITIES = Organisation(
    "ua-mindev",
    LocalizedText.of(
        "uk",
        "Міністерство розвитку громад, територій та інфраструктури України",
        ru="Министерство развития общин, территорий и инфраструктуры Украины",
        en="Ministry for Communities, Territories and Infrastructure Development of Ukraine",
    ),
    country="UA",
)

#: Every organisation above, in the order the seeds name them.
ALL: tuple[Organisation, ...] = (
    EU,
    GAC,
    FCM,
    AUC,
    GDSI,
    MANGYSTAU_AKIMAT,
    CANADA_EMBASSY,
    CANADA_GOVERNMENT,
    ALINEA,
    UA_MINISTRY_COMMUNITIES,
)
