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


_VALID_TAGS: set[str] = set()


@attrs.frozen(eq=False, repr=False, init=False)
class LocalizedText(Mapping[str, str]):
    """A text in one or more languages, keyed by BCP 47 tag, with its original language.

    The original is the language the source document was written in; the others are
    translations. Lookup by a locale falls back along a stated chain: the locale itself,
    its base language (``"uk-UA"`` -> ``"uk"``), the ``fallback`` languages, then the original.

    Args:
        texts: Language tag -> text. Tags are lower-case BCP 47 (``"uk"``, ``"ru"``, ``"en"``).
        original: The source language; defaults to the first key of ``texts``. It is always
            the first language of :attr:`texts` afterwards.

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

    texts: Mapping[str, str]
    original: str

    def __init__(self, texts: Mapping[str, str], original: str | None = None) -> None:
        if type(texts) is not dict and not isinstance(texts, Mapping):
            raise InvalidValueError("texts", texts, "be a mapping of language tag to text")
        for tag, text in texts.items():
            if tag not in _VALID_TAGS:
                if not isinstance(tag, str) or not is_language_tag(tag):
                    raise InvalidValueError("texts", tag, "use lower-case BCP 47 language tags as keys")
                _VALID_TAGS.add(tag)
            if type(text) is not str or not text or (text[0].isspace() and not text.strip()):
                raise InvalidValueError(f"texts[{tag!r}]", text, "be a non-empty string")
        if not texts:
            raise InvalidValueError("texts", {}, "hold at least one language")
        first = next(iter(texts))
        if original is not None and type(original) is not str:
            raise InvalidValueError("original", original, f"be one of the text's languages {sorted(texts)}")
        if original is None or original == first:
            frozen = dict(texts)
            original = first
        elif original in texts:
            frozen = {original: texts[original], **texts}
        else:
            raise InvalidValueError("original", original, f"be one of the text's languages {sorted(texts)}")
        object.__setattr__(self, "texts", MappingProxyType(frozen))
        object.__setattr__(self, "original", original)

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
        # Equality ignores the order of the translations, so the hash must too.
        return hash((self.original, frozenset(self.texts.items())))

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
        """The languages present, the original first."""
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
