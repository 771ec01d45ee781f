"""The seed catalogue reads fully in Ukrainian, Russian and English, with each seed's original kept.

Every :class:`~itaproj.LocalizedText` reachable from the shipped catalogue is found by walking
the objects generically (``attrs.fields`` of every attrs instance, every tuple and mapping), so
a text added to the model later is covered without touching this file.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest

from itaproj import LocalizedText
from itaproj.examples import load

REQUIRED = ("uk", "ru", "en")

#: The language each seed (the programme description an example was modelled from, see
#: ``examples/__init__.py``) was written in: 000 and 003 are Russian, 001, 002 and 004 Ukrainian.
SEED_LANGUAGE = {
    "m4eg": "ru",
    "kz-regional-development": "ru",
    "promis": "uk",
    "u-lead": "uk",
    "auc-analytics": "uk",
    "surge": "uk",
    "clir": "uk",
}

CATALOGUE = load()


def walk(obj: Any, path: str) -> Iterator[tuple[str, LocalizedText]]:
    """Every LocalizedText inside ``obj``, with the attribute path that reaches it."""
    if isinstance(obj, LocalizedText):
        yield path, obj
    elif isinstance(obj, str | bytes | int | float | enum.Enum) or obj is None:
        return
    elif attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            yield from walk(getattr(obj, field.name), f"{path}.{field.name}")
    elif isinstance(obj, tuple | list):
        for index, item in enumerate(obj):
            yield from walk(item, f"{path}[{index}]")
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from walk(value, f"{path}[{key!r}]")


def texts_of(key: str) -> list[tuple[str, LocalizedText]]:
    return list(walk(CATALOGUE[key], key))


def test_every_seed_programme_has_a_stated_language() -> None:
    assert sorted(programme.key for programme in CATALOGUE) == sorted(SEED_LANGUAGE)


def test_the_walk_reaches_nested_texts() -> None:
    # Texts several levels down, each known from the seed: a person's name, an organisation's
    # name inside a participant, a community inside a target group, an observation's note.
    kz = dict(texts_of("kz-regional-development"))
    assert kz["kz-regional-development.people[0].name"]["ru"] == "Алик Айдарбаев"
    assert kz["kz-regional-development.participants[0].organisation.name"]["ru"] == "Европейский Союз"
    assert str(kz["kz-regional-development.results[0].indicators[0].actuals[0].note"]).startswith(
        "На сегодня"
    )
    clir = dict(texts_of("clir"))
    assert str(clir["clir.target_groups[0].members[0].name"]) == "Баришівка"
    # 18 communities, 6 clusters, 4 lines of work, 2 themes (the last without a description).
    assert sum(".members[" in path and path.endswith(".name") for path in clir) == 18
    assert sum(".clusters[" in path for path in clir) == 6


@pytest.mark.parametrize("key", sorted(SEED_LANGUAGE))
def test_every_text_has_uk_ru_and_en(key: str) -> None:
    found = texts_of(key)
    assert found
    missing = [
        (path, sorted(set(REQUIRED) - set(text))) for path, text in found if not set(REQUIRED) <= set(text)
    ]
    assert missing == []


@pytest.mark.parametrize("key", sorted(SEED_LANGUAGE))
def test_the_original_is_the_seed_language(key: str) -> None:
    wrong = [(path, text.original) for path, text in texts_of(key) if text.original != SEED_LANGUAGE[key]]
    assert wrong == []


# Letters only one of the two languages uses: a Ukrainian text with «ы» or a Russian one with «і»
# was written in, or pasted from, the other language.
_ONLY_RUSSIAN = re.compile("[ыэъёЫЭЪЁ]")
_ONLY_UKRAINIAN = re.compile("[іїєґІЇЄҐ]")


@pytest.mark.parametrize("key", sorted(SEED_LANGUAGE))
def test_each_translation_is_in_its_own_alphabet(key: str) -> None:
    mixed = [
        (path, tag, text[tag])
        for path, text in texts_of(key)
        for tag, letters in (("uk", _ONLY_RUSSIAN), ("ru", _ONLY_UKRAINIAN))
        if tag in text and letters.search(text[tag])
    ]
    assert mixed == []


def test_the_catalogue_title_reads_in_every_language() -> None:
    assert CATALOGUE.title is not None
    assert set(REQUIRED) <= set(CATALOGUE.title)
