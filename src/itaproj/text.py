"""Multilingual text: one statement in several languages, with its original language known."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

import attrs

from itaproj.errors import InvalidValueError

__all__ = ["DEFAULT_FALLBACK", "LocalizedText", "is_language_tag"]

# BCP 47 as far as IATI and CLDR use it: a 2-3 letter language, then optional subtags
# (script, region, variant), e.g. "uk", "kk", "sr-Latn", "pt-BR".
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")

#: The languages tried, in order, after the requested one and its base language.
DEFAULT_FALLBACK: tuple[str, ...] = ("en",)


def is_language_tag(tag: str) -> bool:
    """Tell whether ``tag`` is a lower-case BCP 47 language tag such as ``"uk"`` or ``"pt-BR"``."""
    return _LANGUAGE_TAG.fullmatch(tag) is not None


def _freeze_texts(texts: Mapping[str, str]) -> Mapping[str, str]:
    if not isinstance(texts, Mapping):
        raise InvalidValueError("texts", texts, "be a mapping of language tag to text")
    for tag, text in texts.items():
        if not isinstance(tag, str) or not is_language_tag(tag):
            raise InvalidValueError("texts", tag, "use lower-case BCP 47 language tags as keys")
        if not isinstance(text, str) or not text.strip():
            raise InvalidValueError(f"texts[{tag!r}]", text, "be a non-empty string")
    return MappingProxyType(dict(texts))


@attrs.frozen(eq=False, repr=False)
class LocalizedText(Mapping[str, str]):
    """A text in one or more languages, keyed by BCP 47 tag, with its original language.

    The original is the language the source document was written in; the others are
    translations. Lookup by a locale falls back along a stated chain: the locale itself,
    its base language (``"uk-UA"`` -> ``"uk"``), the ``fallback`` languages, then the original.

    Args:
        texts: Language tag -> text. Tags are lower-case BCP 47 (``"uk"``, ``"ru"``, ``"en"``).
        original: The source language; defaults to the first key of ``texts``.

    Example:
        >>> title = LocalizedText({"ru": "Мэры за экономический рост",
        ...                        "en": "Mayors for Economic Growth"})
        >>> title.original
        'ru'
        >>> title.resolve("uk")
        'Mayors for Economic Growth'
        >>> title.resolve("uk", fallback=("ru",))
        'Мэры за экономический рост'
    """

    texts: Mapping[str, str] = attrs.field(converter=_freeze_texts)
    original: str = attrs.field()

    @original.default
    def _default_original(self) -> str:
        return next(iter(self.texts), "")

    @original.validator
    def _check_original(self, attribute: attrs.Attribute[str], value: str) -> None:
        if not self.texts:
            raise InvalidValueError("texts", {}, "hold at least one language")
        if value not in self.texts:
            raise InvalidValueError(
                "original", value, f"be one of the text's languages {sorted(self.texts)}"
            )

    @classmethod
    def of(cls, original: str, text: str, **translations: str) -> LocalizedText:
        """Build a text from its original language and keyword translations.

        Example:
            >>> LocalizedText.of("uk", "Громада", en="Community").languages
            ('uk', 'en')
        """
        return cls({original: text, **translations}, original=original)

    def __getitem__(self, tag: str) -> str:
        return self.texts[tag]

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)

    def __hash__(self) -> int:
        return hash((self.original, tuple(self.texts.items())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LocalizedText):
            return NotImplemented
        return self.original == other.original and dict(self.texts) == dict(other.texts)

    def __repr__(self) -> str:
        return f"LocalizedText({dict(self.texts)!r}, original={self.original!r})"

    def __str__(self) -> str:
        return self.texts[self.original]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages present, in insertion order."""
        return tuple(self.texts)

    def fallback_chain(self, locale: str, fallback: Iterable[str] = DEFAULT_FALLBACK) -> tuple[str, ...]:
        """The languages ``resolve`` tries for ``locale``, in order, without duplicates."""
        chain = [locale.replace("_", "-")]
        base = chain[0].split("-", 1)[0].lower()
        chain.append(base)
        chain.extend(fallback)
        chain.append(self.original)
        return tuple(dict.fromkeys(chain))

    def resolve(self, locale: str, fallback: Iterable[str] = DEFAULT_FALLBACK) -> str:
        """The text in ``locale``, or in the first language of the fallback chain present."""
        for tag in self.fallback_chain(locale, fallback):
            if tag in self.texts:
                return self.texts[tag]
        return self.texts[self.original]

    def language_of(self, locale: str, fallback: Iterable[str] = DEFAULT_FALLBACK) -> str:
        """The language ``resolve`` would answer ``locale`` in."""
        for tag in self.fallback_chain(locale, fallback):
            if tag in self.texts:
                return tag
        return self.original

    def with_translation(self, tag: str, text: str) -> LocalizedText:
        """A copy with ``text`` added (or replaced) in language ``tag``."""
        return LocalizedText({**self.texts, tag: text}, original=self.original)
