"""The gettext catalogs of the report labels, and the fallback chains for texts from the model.

Labels ("Period", "Budget", "Funders"...) are marked in the code with ``gettext``/``ngettext``/
``pgettext`` calls on a :class:`gettext.NullTranslations`, extracted with babel into
``itaproj/locale/itaproj.pot`` and translated in ``itaproj/locale/<lang>/LC_MESSAGES/itaproj.po``;
the compiled ``.mo`` files ship in the wheel. Regenerate them with ``python tools/l10n_catalogs.py``.

Texts that come from the data (titles, descriptions) are not translated here: each is a
:class:`~itaproj.text.LocalizedText` and is resolved along :func:`text_fallback`.
"""

from __future__ import annotations

import gettext
from functools import cache
from importlib import resources

from babel import Locale, UnknownLocaleError

from itaproj.errors import InvalidValueError

__all__ = [
    "CATALOG_LOCALES",
    "DOMAIN",
    "babel_locale",
    "locale_tag",
    "text_fallback",
    "translations",
]

#: The gettext domain of the catalogs.
DOMAIN = "itaproj"

#: The languages the labels are translated into (``kk`` is a first draft, awaiting native review).
CATALOG_LOCALES: tuple[str, ...] = ("en", "kk", "ru", "uk")

# Which languages a text from the model is looked up in after the requested one (and its base
# language), before its original. Ukrainian readers get English before Russian: the seeds' Russian
# texts all have English translations, and a Ukrainian report should not silently switch to Russian.
# Kazakh readers get Russian first (an official language in Kazakhstan), then English. Everyone else
# gets English. The original language always ends the chain, so a text never goes missing.
_TEXT_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": (),
    "uk": ("en",),
    "ru": ("en",),
    "kk": ("ru", "en"),
}


def locale_tag(locale: str) -> str:
    """Normalise ``uk``, ``uk-UA`` or ``uk_UA`` to babel's form (``uk_UA``), checking babel knows it.

    Raises:
        InvalidValueError: if CLDR (through babel) has no such locale.

    Example:
        >>> locale_tag("uk-UA"), locale_tag("ru")
        ('uk_UA', 'ru')
    """
    return str(babel_locale(locale))


@cache
def babel_locale(locale: str) -> Locale:
    """The babel :class:`~babel.Locale` for ``locale`` (``-`` or ``_`` separated).

    Example:
        >>> babel_locale("uk").territories["UA"]
        'Україна'
    """
    if not isinstance(locale, str) or not locale.strip():
        raise InvalidValueError("locale", locale, "be a locale such as 'uk' or 'en_GB'")
    try:
        return Locale.parse(locale.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise InvalidValueError(
            "locale", locale, "be a locale known to CLDR, such as 'uk' or 'en_GB'"
        ) from None


def text_fallback(locale: str) -> tuple[str, ...]:
    """The languages tried for a model text after ``locale`` and its base language, before its original.

    Example:
        >>> text_fallback("uk"), text_fallback("kk_KZ"), text_fallback("fr")
        (('en',), ('ru', 'en'), ('en',))
    """
    language = babel_locale(locale).language
    return _TEXT_FALLBACKS.get(language, ("en",))


@cache
def translations(locale: str) -> gettext.NullTranslations:
    """The label catalog for ``locale``: ``uk_UA`` uses ``uk``; a language without a catalog gets English.

    Example:
        >>> translations("uk").gettext("Budget")
        'Бюджет'
        >>> translations("fr").gettext("Budget")
        'Budget'
    """
    parsed = babel_locale(locale)
    for tag in dict.fromkeys((str(parsed), parsed.language)):
        resource = resources.files("itaproj") / "locale" / tag / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if resource.is_file():
            with resource.open("rb") as stream:
                return gettext.GNUTranslations(stream)
    return gettext.NullTranslations()
