"""LocalizedText: validation, fallback chain, resolution, translation, equality and hashing."""

from random import Random
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj.errors import InvalidValueError
from itaproj.testing import language_tags, localized_texts, texts
from itaproj.text import DEFAULT_FALLBACK, LocalizedText, is_language_tag

TITLE = LocalizedText(
    {
        "ru": "Мэры за экономический рост",
        "en": "Mayors for Economic Growth",
        "uk": "Мери за економічне зростання",
    }
)


def test_original_defaults_to_the_first_language() -> None:
    assert TITLE.original == "ru"
    assert str(TITLE) == "Мэры за экономический рост"
    assert TITLE.languages == ("ru", "en", "uk")


def test_of_builds_from_original_and_translations() -> None:
    text = LocalizedText.of("uk", "Громада", en="Community", ru="Громада")
    assert text.original == "uk"
    assert text.languages == ("uk", "en", "ru")
    assert text["en"] == "Community"


def test_mapping_protocol() -> None:
    assert len(TITLE) == 3
    assert list(TITLE) == ["ru", "en", "uk"]
    assert "en" in TITLE
    assert "kk" not in TITLE
    assert TITLE.get("kk") is None
    with pytest.raises(KeyError):
        TITLE["kk"]
    assert dict(TITLE) == dict(TITLE.texts)


def test_texts_are_frozen_and_copied() -> None:
    source = {"en": "Growth"}
    text = LocalizedText(source)
    source["uk"] = "Зростання"
    assert text.languages == ("en",)
    assert isinstance(text.texts, MappingProxyType)
    with pytest.raises(TypeError):
        text.texts["uk"] = "Зростання"  # type: ignore[index]


def test_repr() -> None:
    assert (
        repr(LocalizedText({"en": "A", "uk": "Б"})) == "LocalizedText({'en': 'A', 'uk': 'Б'}, original='en')"
    )


# -- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize("tag", ["EN", "english", "e", "en_US", "", "uk-", "-uk", "ru-RU-", "en US", 1, None])
def test_bad_tags_are_rejected_naming_the_field(tag: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        LocalizedText({tag: "text"})  # type: ignore[dict-item]
    assert info.value.field == "texts"
    assert info.value.value == tag
    assert str(info.value) == f"'texts' must use lower-case BCP 47 language tags as keys (got {tag!r})"


@pytest.mark.parametrize("value", ["", " ", "\n\t", None, 5, b"text"])
def test_blank_or_non_string_texts_are_rejected(value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        LocalizedText({"en": "ok", "uk": value})  # type: ignore[dict-item]
    assert str(info.value) == f"\"texts['uk']\" must be a non-empty string (got {value!r})"


@pytest.mark.parametrize("texts_arg", [[("en", "x")], "en", None, 5])
def test_texts_must_be_a_mapping(texts_arg: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        LocalizedText(texts_arg)  # type: ignore[arg-type]
    assert str(info.value) == f"'texts' must be a mapping of language tag to text (got {texts_arg!r})"


def test_texts_must_not_be_empty() -> None:
    with pytest.raises(InvalidValueError) as info:
        LocalizedText({})
    assert str(info.value) == "'texts' must hold at least one language (got {})"


def test_original_must_be_one_of_the_languages() -> None:
    with pytest.raises(InvalidValueError) as info:
        LocalizedText({"en": "A", "uk": "Б"}, original="ru")
    assert str(info.value) == "'original' must be one of the text's languages ['en', 'uk'] (got 'ru')"


@pytest.mark.parametrize("original", [["en"], {"en": 1}, 1.5, b"en"])
def test_an_original_that_is_no_string_is_refused_naming_it(original: object) -> None:
    # An unhashable one used to escape as a TypeError from the membership test.
    with pytest.raises(InvalidValueError) as info:
        LocalizedText({"en": "A"}, original=original)  # type: ignore[arg-type]
    assert (info.value.field, info.value.value) == ("original", original)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("uk", True),
        ("kk", True),
        ("sr-Latn", True),
        ("pt-BR", True),
        ("yue", True),
        ("UK", False),
        ("u", False),
    ],
)
def test_is_language_tag(tag: str, expected: bool) -> None:
    assert is_language_tag(tag) is expected


@given(language_tags())
def test_generated_tags_are_language_tags(tag: str) -> None:
    assert is_language_tag(tag)


# -- fallback and resolution -----------------------------------------------------------------


def test_fallback_chain_order() -> None:
    # locale, its base language, the fallbacks, then the original; no repeats.
    assert TITLE.fallback_chain("uk-UA") == ("uk-UA", "uk", "en", "ru")
    assert TITLE.fallback_chain("uk_UA") == ("uk-UA", "uk", "en", "ru")
    assert TITLE.fallback_chain("kk", fallback=("ru", "en")) == ("kk", "ru", "en")
    assert TITLE.fallback_chain("en") == ("en", "ru")
    assert TITLE.fallback_chain("kk", fallback=()) == ("kk", "ru")
    assert DEFAULT_FALLBACK == ("en",)


@pytest.mark.parametrize(
    ("locale", "fallback", "language"),
    [
        ("uk", DEFAULT_FALLBACK, "uk"),
        ("uk-UA", DEFAULT_FALLBACK, "uk"),
        ("kk", DEFAULT_FALLBACK, "en"),
        ("kk", ("ru",), "ru"),
        ("kk", ("de",), "ru"),
        ("ru-KZ", ("en",), "ru"),
    ],
)
def test_resolve(locale: str, fallback: tuple[str, ...], language: str) -> None:
    assert TITLE.language_of(locale, fallback) == language
    assert TITLE.resolve(locale, fallback) == TITLE[language]


def test_resolve_falls_back_to_the_original() -> None:
    ka = LocalizedText({"ka": "ქალაქის მერია", "hy": "Քաղաքապետարան"})
    assert ka.resolve("de") == "ქალაქის მერია"
    assert ka.language_of("de") == "ka"
    assert ka.resolve("hy-AM") == "Քաղաքապետարան"


@given(localized_texts(), language_tags(), st.lists(language_tags(), max_size=3))
def test_resolve_answers_in_the_first_present_language_of_the_chain(
    text: LocalizedText, locale: str, fallback: list[str]
) -> None:
    chain = text.fallback_chain(locale, fallback)
    assert chain[0] == locale
    assert text.original in chain
    assert len(set(chain)) == len(chain)
    first_present = next(tag for tag in chain if tag in text)
    assert text.language_of(locale, fallback) == first_present
    assert text.resolve(locale, fallback) == text[first_present]


@given(localized_texts())
def test_every_present_language_resolves_to_itself(text: LocalizedText) -> None:
    for tag in text:
        assert text.resolve(tag) == text[tag]
        assert text.language_of(tag) == tag


# -- translation -----------------------------------------------------------------------------


@given(localized_texts(), language_tags(), texts())
def test_with_translation(text: LocalizedText, tag: str, value: str) -> None:
    translated = text.with_translation(tag, value)
    assert translated[tag] == value
    assert translated.original == text.original
    assert set(translated) == set(text) | {tag}
    for other in text:
        if other != tag:
            assert translated[other] == text[other]
    assert len(text) == len(translated) - (tag not in text)


def test_with_translation_validates() -> None:
    with pytest.raises(InvalidValueError, match="'texts' must use lower-case BCP 47"):
        TITLE.with_translation("Kazakh", "Экономикалық өсу")
    with pytest.raises(InvalidValueError, match="texts\\['kk'\\]"):
        TITLE.with_translation("kk", "   ")


# -- equality and hashing --------------------------------------------------------------------


def test_equality_ignores_insertion_order() -> None:
    a = LocalizedText({"en": "A", "uk": "Б", "ru": "В"}, original="en")
    b = LocalizedText({"en": "A", "ru": "В", "uk": "Б"}, original="en")
    assert a == b
    # Regression: the hash used the insertion order of the translations, so equal texts
    # could hash differently and a set held both.
    assert hash(a) == hash(b)
    assert len({a, b}) == 1


def test_equality_needs_the_same_original() -> None:
    assert LocalizedText({"en": "A", "uk": "Б"}, original="en") != LocalizedText(
        {"en": "A", "uk": "Б"}, original="uk"
    )
    assert LocalizedText({"en": "A"}) != LocalizedText({"en": "B"})
    assert LocalizedText({"en": "A"}) != {"en": "A"}


@given(localized_texts(), st.randoms(use_true_random=False))
def test_permuted_texts_are_equal_and_hash_alike(text: LocalizedText, random: Random) -> None:
    items = list(text.texts.items())
    random.shuffle(items)
    permuted = LocalizedText(dict(items), original=text.original)
    assert permuted == text
    assert hash(permuted) == hash(text)
    assert set(permuted.languages) == set(text.languages)


def test_the_original_comes_first() -> None:
    text = LocalizedText({"en": "Community", "uk": "Громада"}, original="uk")
    assert text.languages == ("uk", "en")
    assert text == LocalizedText({"uk": "Громада", "en": "Community"})
