"""The two passes of JSON loading: linear time, bugs surfacing as bugs, readable tracebacks,
agreement between the fast and the detailed pass, the collector left alone, safe files."""

from __future__ import annotations

import gc
import json
import os
import pickle
import re
import traceback
from pathlib import Path
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given

import itaproj.io.json as json_module
from itaproj import (
    Activity,
    Catalogue,
    Extra,
    LoadError,
    LocalizedText,
    Money,
    Organisation,
    Programme,
)
from itaproj.io import dump, dumps, from_builtins, loads, to_builtins
from itaproj.testing import catalogues, organisations, programmes


def text(en: str) -> LocalizedText:
    return LocalizedText({"en": en})


def envelope(data: Any, kind: str = "Programme") -> str:
    return json.dumps({"itaproj": 1, "kind": kind, "data": data})


def nested_activities(depth: int, innermost: dict[str, Any]) -> dict[str, Any]:
    """An activity whose only child has one child... ``depth`` levels above ``innermost``."""
    activity = innermost
    for level in range(depth):
        activity = {"title": {"en": f"level {depth - level}"}, "activities": [activity]}
    return activity


class CountingText(LocalizedText):
    """A LocalizedText that counts how many are made: one per text per pass over a document."""

    made = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).made += 1
        super().__init__(*args, **kwargs)


# --- 1. linear time whatever is wrong ----------------------------------------------------------------


def test_a_bad_value_30_levels_deep_is_found_in_two_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    # 30 nested activities under a programme, the innermost with a number for its code: each
    # of the 31 texts is made at most once per pass, so at most twice, where falling back per
    # object made each of them up to 2**30 times.
    innermost = {"title": {"en": "innermost"}, "code": 5}
    data = {"key": "p", "title": {"en": "P"}, "activities": [nested_activities(30, innermost)]}
    monkeypatch.setattr(json_module, "LocalizedText", CountingText)
    CountingText.made = 0
    with pytest.raises(LoadError) as caught:
        loads(envelope(data))
    path = "$.activities[0]" + ".activities[0]" * 30 + ".code"
    assert [(issue.path, issue.message) for issue in caught.value.issues] == [
        (path, "expected a string, got number 5")
    ]
    texts_in_document = 1 + 31
    assert CountingText.made <= 2 * texts_in_document


def test_a_valid_document_is_structured_once(monkeypatch: pytest.MonkeyPatch) -> None:
    data = {"key": "p", "title": {"en": "P"}, "activities": [nested_activities(30, {"title": {"en": "x"}})]}
    monkeypatch.setattr(json_module, "LocalizedText", CountingText)
    CountingText.made = 0
    loaded = loads(envelope(data))
    assert len(loaded.walk_activities()) == 31
    assert CountingText.made == 32


def test_errors_at_every_level_are_all_reported_once() -> None:
    activity: dict[str, Any] = {"title": {"en": "innermost"}, "code": 0}
    for level in range(1, 21):
        activity = {"title": {"en": f"level {level}"}, "code": level, "activities": [activity]}
    data = {"key": "p", "title": {"en": "P"}, "activities": [activity]}
    with pytest.raises(LoadError) as caught:
        loads(envelope(data))
    paths = [issue.path for issue in caught.value.issues]
    expected = ["$.activities[0]" + ".activities[0]" * depth + ".code" for depth in range(21)]
    assert sorted(paths) == sorted(expected)


# --- 2. programming errors are not data errors --------------------------------------------------------


def broken_text(*args: Any, **kwargs: Any) -> LocalizedText:
    raise AttributeError("a bug in a hook, not a bad document")


def test_a_bug_in_the_fast_pass_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_module, "LocalizedText", broken_text)
    with pytest.raises(AttributeError, match="a bug in a hook"):
        loads(envelope({"key": "p", "title": {"en": "P"}}))


def test_a_bug_in_the_detailed_pass_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    # the key is wrong, so the fast pass stops before any text; the detailed pass meets the bug
    monkeypatch.setattr(json_module, "LocalizedText", broken_text)
    with pytest.raises(AttributeError, match="a bug in a hook"):
        loads(envelope({"key": 5, "title": {"en": "P"}}))


def test_a_bug_in_a_constructor_propagates(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_init(self: Any, *args: Any, **kwargs: Any) -> None:
        raise NameError("name 'undefined' is not defined")

    monkeypatch.setattr(Money, "__init__", broken_init)
    with pytest.raises(NameError):
        from_builtins({"amount": "1", "currency": "EUR"}, Money)


# --- 3. generated code in tracebacks -------------------------------------------------------------------


def formatted(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def test_tracebacks_show_the_generated_structure_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_module, "LocalizedText", broken_text)
    with pytest.raises(AttributeError) as caught:
        loads(envelope({"key": "p", "title": {"en": "P"}}))
    report = formatted(caught.value)
    assert re.search(
        r'<itaproj generated structure itaproj\.programme\.Programme( #\d+)?>", line \d+', report
    )
    assert re.search(r"\n +f_title = _h\d+\(v, s\)\n", report)


def test_tracebacks_show_the_generated_unstructure_code() -> None:
    programme = Programme("p", text("P"))
    object.__setattr__(programme, "title", 5)  # what a bug elsewhere could leave behind
    with pytest.raises(AttributeError) as caught:
        to_builtins(programme)
    report = formatted(caught.value)
    assert re.search(
        r'<itaproj generated unstructure itaproj\.programme\.Programme( #\d+)?>", line \d+', report
    )
    assert "d['title'] = v.texts.copy()" in report


# --- 4. the fast and the detailed pass agree -----------------------------------------------------------

WRONG_VALUES = st.sampled_from(
    [5, -1, 5.5, True, False, None, "", "x", "2017", "5", [], ["x"], {}, {"en": "x"}]
)


def locations(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON value: the paths of all its values, containers included."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(locations(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(locations(item, (*path, index)))
    return found


def at(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type, Any, str]:
    """A valid document's builtins with one thing changed, and what was changed."""
    cls: type = draw(st.sampled_from([Programme, Catalogue]))
    obj = draw(programmes() if cls is Programme else catalogues(max_programmes=2))
    data = to_builtins(obj)
    places = locations(data)
    kind = draw(st.sampled_from(["replace", "delete", "add"]))
    if kind == "replace":
        path = draw(st.sampled_from(places[1:] or places))
        if not path:
            return cls, draw(WRONG_VALUES), kind
        at(data, path[:-1])[path[-1]] = draw(WRONG_VALUES)
        return cls, data, kind
    objects = [path for path in places if isinstance(at(data, path), dict)]
    filled = [path for path in objects if at(data, path)]
    if kind == "delete" and not filled:
        kind = "add"  # an empty catalogue: nothing to delete
    holder = at(data, draw(st.sampled_from(filled if kind == "delete" else objects)))
    if kind == "delete":
        del holder[draw(st.sampled_from(sorted(holder)))]
    else:
        holder[draw(st.sampled_from(["x_new", "zz", "extras_v2"]))] = draw(
            st.sampled_from([1, "note", [1, {"a": None}], {"deep": [True]}])
        )
    return cls, data, kind


def extras_in(data: Any) -> int:
    """How many extras a programme's or catalogue's builtins list."""
    count = len(data.get("extras", []))
    return count + sum(len(programme.get("extras", [])) for programme in data.get("programmes", []))


def all_extras(obj: Any) -> int:
    if isinstance(obj, Catalogue):
        return len(obj.extras) + sum(len(programme.extras) for programme in obj.programmes)
    return len(obj.extras) if isinstance(obj, Programme) else 0


def test_the_passes_agree_on_valid_documents() -> None:
    @given(st.one_of(programmes(), catalogues(max_programmes=2)))
    def check(obj: Any) -> None:
        cls = type(obj)
        data = to_builtins(obj)
        state = [0, 0]
        fast = json_module._structure_fast(data, cls, state)
        detailed, issues, keys = json_module._structure_detailed(data, cls)
        assert issues == []
        assert fast == detailed == obj
        assert state[0] == keys  # both count the same keys (the duplicate-key check relies on it)

    check()


def test_the_passes_agree_on_mutated_documents() -> None:
    @given(mutated())
    def check(case: tuple[type, Any, str]) -> None:
        cls, data, kind = case
        before = json.dumps(data, sort_keys=True)
        fast = json_module._structure_fast(data, cls, [0, 0])
        detailed, issues, _ = json_module._structure_detailed(data, cls)
        assert json.dumps(data, sort_keys=True) == before  # neither pass changes its input
        if fast is not json_module._FAILED:
            assert issues == []
            assert detailed == fast
        elif not issues:
            # the only thing the detailed pass accepts and the fast one does not: unknown keys,
            # kept as extras (one more than the document had) of a programme or catalogue
            assert kind == "add"
            assert all_extras(detailed) == extras_in(data) + 1
            assert loads(dumps(detailed), cls) == detailed
        # and the public function gives what the detailed pass gives
        if issues:
            with pytest.raises(LoadError) as caught:
                from_builtins(data, cls)
            assert list(caught.value.issues) == sorted(issues, key=lambda issue: issue.path)
        else:
            assert from_builtins(data, cls) == (fast if fast is not json_module._FAILED else detailed)

    check()


# --- 6. the collector is left alone -----------------------------------------------------------------


def test_loading_and_dumping_leave_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []

    class Watching(LocalizedText):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            seen.append(gc.isenabled())
            super().__init__(*args, **kwargs)

    real = json_module.converter

    class WatchingConverter:
        def unstructure(self, obj: Any) -> Any:
            seen.append(gc.isenabled())
            return real.unstructure(obj)

    assert gc.isenabled()
    monkeypatch.setattr(json_module, "LocalizedText", Watching)
    loads(envelope({"key": "p", "title": {"en": "P"}}))
    with pytest.raises(LoadError):
        loads(envelope({"key": "p", "title": {"en": "P"}, "status": "done"}))
    monkeypatch.setattr(json_module, "converter", WatchingConverter())
    json_module.encode(Programme("p", text("P")))
    assert seen
    assert all(seen)
    assert gc.isenabled()


def test_a_caller_that_paused_the_collector_finds_it_paused() -> None:
    gc.disable()
    try:
        loads(dumps(Programme("p", text("P"))))
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- 8. dump writes all or nothing -----------------------------------------------------------------


def test_a_failed_dump_leaves_the_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "catalogue.json"
    target.write_bytes(b"old bytes")

    def failing_encode(obj: Any, *, indent: bool = False) -> bytes:
        raise OSError("no space left on device")

    monkeypatch.setattr(json_module, "encode", failing_encode)
    with pytest.raises(OSError, match="no space"):
        dump(Catalogue(), target)
    assert target.read_bytes() == b"old bytes"
    assert sorted(os.listdir(tmp_path)) == ["catalogue.json"]


def test_a_dump_failing_while_writing_leaves_the_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the bytes are written, then the flush to disk fails: the old file must stay
    target = tmp_path / "catalogue.json"
    target.write_bytes(b"old bytes")

    def failing_fsync(descriptor: int) -> None:
        raise OSError("I/O error")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="I/O error"):
        dump(Catalogue((Programme("p", text("P")),)), target)
    assert target.read_bytes() == b"old bytes"
    assert sorted(os.listdir(tmp_path)) == ["catalogue.json"]


def test_dump_replaces_the_file_when_it_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "catalogue.json"
    target.write_bytes(b"old bytes")
    catalogue = Catalogue((Programme("p", text("P")),))
    dump(catalogue, target)
    assert json.loads(target.read_text(encoding="utf-8"))["data"]["programmes"][0]["key"] == "p"
    assert sorted(os.listdir(tmp_path)) == ["catalogue.json"]


# --- 9. the private errors pickle -------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        json_module._StrictTypeError("an integer", "5"),
        json_module._StrictTypeError("an array", {"deep": [[1]]}),
        json_module._FormatError("be written '5'", " 5"),
        json_module._Invalid(),
        json_module._Invalid("nested too deeply"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_private_errors_pickle(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert getattr(copy, "value", None) == getattr(error, "value", None)
    assert copy.args == error.args


def test_private_error_messages() -> None:
    assert str(json_module._StrictTypeError("an integer", "5")) == "expected an integer, got string '5'"
    assert str(json_module._FormatError("be written '5'", " 5")) == "must be written '5' (got ' 5')"
    huge = json_module._StrictTypeError("a string", list(range(10_000)))
    assert len(str(huge)) < 200  # the value is shortened in the message, kept whole on the error
    assert huge.value == list(range(10_000))


# --- the directory of a catalogue ---------------------------------------------------------------------


@st.composite
def catalogues_with_directories(draw: st.DrawFn) -> Catalogue:
    """Catalogues whose directory holds any organisations: unnamed ones, named ones, repeated keys."""
    catalogue = draw(catalogues(max_programmes=2))
    named = list(catalogue.organisations)
    pool = st.one_of(organisations(), st.sampled_from(named)) if named else organisations()
    directory = tuple(draw(st.lists(pool, max_size=3)))
    return attrs.evolve(catalogue, directory=directory)


@given(catalogues_with_directories())
def test_any_directory_survives_a_round_trip(catalogue: Catalogue) -> None:
    loaded = loads(dumps(catalogue), Catalogue)
    assert loaded == catalogue
    assert loaded.directory == catalogue.directory


def test_an_unnamed_organisation_is_kept_in_the_directory_and_listed_again() -> None:
    data = {
        "organisations": [
            {"key": "un", "name": {"en": "United Nations"}},
            {"key": "eu", "name": {"en": "European Union"}},
        ],
        "programmes": [
            {"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "eu", "role": "funding"}]}
        ],
    }
    catalogue = loads(envelope(data, "Catalogue"))
    assert catalogue.directory == (Organisation("un", text("United Nations")),)
    written = json.loads(dumps(catalogue))["data"]
    assert [entry["key"] for entry in written["organisations"]] == ["eu", "un"]
    assert "directory" not in written
    assert loads(dumps(catalogue)) == catalogue


def test_a_directory_naming_a_participant_is_written_explicitly() -> None:
    eu = Organisation("eu", text("European Union"))
    catalogue = Catalogue(
        (Programme("a", text("A"), participants=(itaproj_participant(eu),)),),
        directory=(eu,),
    )
    written = json.loads(dumps(catalogue))["data"]
    assert written["directory"] == ["eu"]
    assert loads(dumps(catalogue)) == catalogue


def itaproj_participant(organisation: Organisation) -> Any:
    from itaproj import Participant, Role

    return Participant(organisation, Role.FUNDING)


def test_extras_of_a_listed_organisation_go_back_into_it() -> None:
    data = {
        "organisations": [
            {"key": "un", "name": {"en": "UN"}, "x_since": 1945},
            {"key": "eu", "name": {"en": "EU"}, "x_seat": {"city": "Brussels"}},
        ],
        "programmes": [
            {"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "eu", "role": "funding"}]}
        ],
        "x_top": "kept too",
    }
    catalogue = loads(envelope(data, "Catalogue"))
    assert set(catalogue.extras) == {
        Extra("$.x_top", '"kept too"'),
        Extra("$.organisations[?@.key=='un'].x_since", "1945"),
        Extra("$.organisations[?@.key=='eu'].x_seat", '{"city":"Brussels"}'),
    }
    written = json.loads(dumps(catalogue))["data"]
    assert written["organisations"] == [
        {"key": "eu", "name": {"en": "EU"}, "x_seat": {"city": "Brussels"}},
        {"key": "un", "name": {"en": "UN"}, "x_since": 1945},
    ]
    assert written["extras"] == [{"path": "$.x_top", "value": '"kept too"'}]
    assert loads(dumps(catalogue)) == catalogue
    assert loads(dumps(loads(dumps(catalogue)))) == catalogue


def test_activity_nesting_beyond_the_limit_is_refused_by_both_passes() -> None:
    limit = json_module.MAX_NESTING
    ok = {"key": "p", "title": {"en": "P"}, "activities": [nested_activities(limit, {"title": {"en": "x"}})]}
    assert len(from_builtins(ok, Programme).walk_activities()) == limit + 1
    too_deep = {
        "key": "p",
        "title": {"en": "P"},
        "activities": [nested_activities(limit + 1, {"title": {"en": "x"}})],
    }
    assert json_module._structure_fast(too_deep, Programme, [0, 0]) is json_module._FAILED
    with pytest.raises(LoadError) as caught:
        from_builtins(too_deep, Programme)
    [issue] = caught.value.issues
    assert issue.path == "$.activities[0]" + ".activities[0]" * limit + ".activities"
    assert f"more than {limit} levels" in issue.message


def test_structure_through_the_converter_is_from_builtins() -> None:
    with pytest.raises(LoadError) as caught:
        json_module.converter.structure({"amount": "1", "currency": "eur"}, Money)
    assert [issue.path for issue in caught.value.issues] == ["$.currency"]
    assert json_module.converter.structure({"title": {"en": "x"}}, Activity) == Activity(text("x"))
