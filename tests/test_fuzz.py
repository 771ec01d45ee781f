"""Fuzz tests: mutated JSON and IATI XML reach every public entry point, which may refuse them only
with an ItaprojError, and what loads survives its round trip.

The mutations are those of ``tools/fuzz.py`` (the long fuzz script), at a smaller scale, driven by
hypothesis so that a failure shrinks to few mutations and replays from the example database.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import os
import random
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from itaproj import Catalogue, Programme, examples, iati
from itaproj.checks import check
from itaproj.errors import ItaprojError
from itaproj.io import dumps, loads

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("itaproj_fuzz_tool", ROOT / "tools" / "fuzz.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


fuzz = _load_tool()
SMALL = fuzz.SMALL


@cache
def _json_seeds() -> dict[str, str]:
    """Two programmes of the seed catalogue as a catalogue, and each programme alone, by name."""
    catalogue = examples.load()
    # two programmes with their organisations: a catalogue, yet small enough to shrink quickly
    pair = Catalogue(catalogue.programmes[:2], title=catalogue.title)
    seeds = {"catalogue": dumps(pair)}
    seeds.update((f"programme {p.key}", dumps(p)) for p in catalogue)
    return seeds


SEED_NAMES = st.sampled_from(sorted(_json_seeds()))


@cache
def _xml_seeds() -> tuple[Any, ...]:
    """The official example and the real files under 100 kB, cut into activities."""
    files = [path for path in fuzz.xml_seed_files() if path.stat().st_size < 100_000]
    assert len(files) >= 6, files  # the example and at least five real files
    return tuple(fuzz.load_xml_seeds(files))


@cache
def _extras_seeds() -> tuple[str, ...]:
    """JSON documents holding the IATI extras of real activities."""
    return tuple(fuzz.extras_seeds(_xml_seeds(), random.Random(7), count=8))


def _noted(data: bytes, meta: dict[str, Any]) -> None:
    note(f"mutations {meta['mutations']}; {len(data)} bytes: {data[:400]!r}")


def _refused(call: Callable[..., T], *args: Any) -> T | None:
    """``call(*args)``, or None when it refuses with an ItaprojError; anything else fails the test."""
    try:
        return call(*args)
    except ItaprojError:
        return None


def _catalogue(obj: object) -> Catalogue | None:
    if isinstance(obj, Catalogue):
        return obj
    if isinstance(obj, Programme):
        return Catalogue((obj,))
    return None


def _use(obj: Programme | Catalogue) -> None:
    """check, metrics and the l10n renderers in four locales: each refuses only with ItaprojError."""
    catalogue = _catalogue(obj)
    assert catalogue is not None
    _refused(check, obj)
    _refused(fuzz.all_metrics, catalogue)
    for locale in fuzz.LOCALES:
        _refused(fuzz.all_renderings, obj, locale)


def _written(catalogue: Catalogue) -> bytes | None:
    """The catalogue as IATI XML, or None when the writer refuses it with an ItaprojError."""
    out = io.BytesIO()
    try:
        iati.write(catalogue, out)
    except ItaprojError:
        return None
    return out.getvalue()


def _loads_mutated(data: bytes, meta: dict[str, Any]) -> Any:
    obj = _refused(loads, data)
    if obj is not None:
        assert not meta["must_reject"], f"loaded a document with {meta['must_reject']}"
        assert not meta["canonical"], f"loaded {meta['canonical'][0]!r} as a number"
        text = dumps(obj)
        assert loads(text) == obj
        for marker in meta["markers"]:
            assert marker in text, f"the unknown key {marker} was dropped"
    return obj


@given(seed=SEED_NAMES, rng=st.randoms(use_true_random=False))
def test_mutated_json_loads_or_refuses(seed: str, rng: random.Random) -> None:
    data, meta = fuzz.mutate_json(rng, _json_seeds()[seed], SMALL)
    _noted(data, meta)
    obj = _loads_mutated(data, meta)
    if isinstance(obj, (Programme, Catalogue)):
        _use(obj)


@given(seed=SEED_NAMES, rng=st.randoms(use_true_random=False))
def test_json_with_odd_values_reaches_checks_metrics_and_reports(seed: str, rng: random.Random) -> None:
    # values only: most of these documents load, so the later steps see the odd values
    data, meta = fuzz.mutate_json(rng, _json_seeds()[seed], SMALL, mutators=fuzz.VALUE_MUTATORS, text_rate=0)
    _noted(data, meta)
    obj = _loads_mutated(data, meta)
    if isinstance(obj, (Programme, Catalogue)):
        _use(obj)


@pytest.fixture(scope="module")
def strategy_seeds() -> tuple[str, ...]:
    """Catalogues drawn once from :func:`itaproj.testing.catalogues` (drawing is slow, mutating fast)."""
    seeds = tuple(fuzz.strategy_seeds(6, seed=0, max_programmes=1))
    assert len(seeds) >= 4
    return seeds


@given(number=st.integers(0, 5), rng=st.randoms(use_true_random=False))
def test_mutated_strategy_documents(strategy_seeds: tuple[str, ...], number: int, rng: random.Random) -> None:
    data, meta = fuzz.mutate_json(rng, strategy_seeds[number % len(strategy_seeds)], SMALL)
    _noted(data, meta)
    obj = _loads_mutated(data, meta)
    if isinstance(obj, (Programme, Catalogue)):
        _use(obj)


def identified(catalogue: Catalogue) -> Catalogue:
    """``catalogue`` as the IATI writer writes it where a programme has no IATI identifier: its key."""
    return attrs.evolve(
        catalogue,
        programmes=tuple(p if _identified(p) else attrs.evolve(p, iati_identifier=p.key) for p in catalogue),
    )


@given(rng=st.randoms(use_true_random=False))
def test_mutated_iati_xml_reads_or_refuses(rng: random.Random) -> None:
    data, meta = fuzz.mutate_xml(rng, _xml_seeds(), SMALL)
    _noted(data, meta)
    _refused(iati.validate, io.BytesIO(data))
    _refused(lambda: sum(1 for _ in iati.iter_programmes(io.BytesIO(data))))
    found = _refused(iati.read_with_findings, io.BytesIO(data))
    if found is None:
        return
    read, findings = found
    _use(read)
    assert loads(dumps(read)) == read
    written = _written(read)
    assert written is not None
    again = iati.read(io.BytesIO(written))  # a LoadError here: the writer made unreadable XML
    if not any(finding.rule == "iati.upgrade.kept" for finding in findings):
        # (1.0x content the upgrade kept as is reads as 2.03 once written: its bytes must stay)
        assert again == identified(read)  # the key stands in for a missing identifier
    text = written.decode()
    for marker in fuzz.kept_markers(data, meta["markers"]):
        assert marker in text, f"{marker} was in an activity, not in write(read(input))"
    for identifier in fuzz.xml_identifiers(data):
        assert identifier in fuzz.xml_texts(written), f"iati-identifier {identifier!r} was dropped"


@given(number=st.integers(0, 7), rng=st.randoms(use_true_random=False))
def test_extras_reach_iati_write(number: int, rng: random.Random) -> None:
    seed = _extras_seeds()[number % len(_extras_seeds())]
    mutators = (fuzz.m_extras, fuzz.m_extras, fuzz.m_extras, *fuzz.JSON_MUTATORS)
    data, meta = fuzz.mutate_json(rng, seed, SMALL, mutators=mutators, text_rate=0)
    _noted(data, meta)
    catalogue = _catalogue(_refused(loads, data))
    if catalogue is None:
        return
    written = _written(catalogue)
    if written is None:
        return
    first = iati.read(io.BytesIO(written))  # a LoadError here: the writer made unreadable XML
    second = _written(first)
    assert second is not None
    assert iati.read(io.BytesIO(second)) == first


@given(rng=st.randoms(use_true_random=False), data=st.data())
def test_command_line_on_mutated_files(rng: random.Random, data: st.DataObject) -> None:
    from_json = data.draw(st.booleans())
    if from_json:
        payload, meta = fuzz.mutate_json(rng, _json_seeds()[data.draw(SEED_NAMES)], SMALL)
    else:
        payload, meta = fuzz.mutate_xml(rng, _xml_seeds(), SMALL)
    _noted(payload, meta)
    argv, command = fuzz.cli_command(rng, ".json" if from_json else ".xml")
    note(f"itaproj {' '.join(argv)}")
    task = fuzz.Task(0, "cli", payload, {**meta, "argv": argv, **command})
    problems = [r for r in fuzz.run_task(task) if r.outcome not in ("ok", "expected")]
    assert not problems, [dataclasses.asdict(p) for p in problems]


# --- the mutators themselves ------------------------------------------------------------------------------


def test_json_text_is_kept_as_written() -> None:
    text = '{"a":1E+1000000,"a":[-0.0,{"b":null}],"c":"\\u00e9\\ud800"}'
    tree = fuzz.parse_json(text)
    assert [key for key, _ in tree] == ["a", "a", "c"]
    assert tree[0][1] == fuzz.Raw("1E+1000000")
    assert fuzz.render_json(tree) == '{"a":1E+1000000,"a":[-0.0,{"b":null}],"c":"é\ud800"}'
    assert fuzz.render_json(tree, ensure_ascii=True).endswith('"c":"\\u00e9\\ud800"}')


def test_render_json_handles_deep_nesting() -> None:
    deep: Any = fuzz.Raw("1")
    for _ in range(50_000):
        deep = [deep]
    assert fuzz.render_json(deep) == "[" * 50_000 + "1" + "]" * 50_000


def test_mutations_are_deterministic_and_mutate() -> None:
    seed = _json_seeds()["catalogue"]
    first = [fuzz.mutate_json(random.Random(n), seed, SMALL)[0] for n in range(20)]
    again = [fuzz.mutate_json(random.Random(n), seed, SMALL)[0] for n in range(20)]
    assert first == again
    assert sum(data != seed.encode() for data in first) >= 18


def test_duplicate_keys_and_markers_are_noted() -> None:
    ctx = fuzz.Context(random.Random(1), SMALL, "t")
    marker = ctx.marker()
    data = ('{"itaproj":1,"kind":"Programme","data":{"key":"k","key":"k2","x_' + marker + '":1}}').encode()
    meta = fuzz.json_meta(data, ctx, [])
    assert meta["must_reject"] == "duplicate key 'key'"
    assert meta["markers"] == [marker]


def test_xml_identifiers_are_those_inside_activities() -> None:
    data = (
        b"<r><iati-activity><iati-identifier> A-1 </iati-identifier><iati-activity>"
        b"<iati-identifier>B\n2</iati-identifier></iati-activity></iati-activity>"
        b"<iati-identifier>outside</iati-identifier></r>"
    )
    assert fuzz.xml_identifiers(data) == ["A-1", "B 2"]
    assert fuzz.xml_identifiers(b"<iati-activity><iati-identifier>C</iati-identifier></iati-activity>") == [
        "C"
    ]
    assert fuzz.xml_identifiers(b"<r><unclosed>") == []


def test_a_slice_of_a_real_file_reads() -> None:
    seeds = _xml_seeds()
    etree = fuzz.lxml_etree()
    for number, seed in enumerate(seeds):
        root = fuzz.xml_slice(random.Random(number), seed)
        catalogue = iati.read(io.BytesIO(etree.tostring(root)))
        activities = root.findall("iati-activity") if root.tag == "iati-activities" else [root]
        assert len(catalogue) == len(activities) >= 1


def _identified(programme: Programme) -> bool:
    """The writer writes ``programme``'s identifier as read: its own, or its verbatim element."""
    return programme.iati_identifier is not None or any(
        extra.path.startswith("iati-identifier[") for extra in programme.extras
    )


def test_a_hang_is_cpu_time_not_a_busy_machine() -> None:
    # A worker waiting for the CPU (the machine busy with other work) is not hung; one that uses
    # more CPU than the timeout is, and so is one that has not finished in ten times the timeout.
    pool = fuzz.Pool.__new__(fuzz.Pool)
    pool.timeout = 0.05
    process = type("Process", (), {"pid": os.getpid()})()
    used = fuzz._cpu_seconds(os.getpid())
    assert used is not None
    assert used == pytest.approx(time.process_time(), abs=0.5)
    now = time.monotonic()
    slot = fuzz._Slot(process, None, step="s", since=now - 0.2, cpu=used)
    assert not pool._overdue(slot, now)  # 0.2 s by the clock, no CPU since: waiting
    assert pool._overdue(fuzz._Slot(process, None, since=now - 0.6, cpu=used), now)
    assert not pool._overdue(fuzz._Slot(process, None, since=now - 0.01, cpu=0.0), now)
    assert pool._overdue(fuzz._Slot(process, None, since=now - 0.2, cpu=used - 1.0), now)


def test_the_value_of_an_extra_is_text_not_a_number() -> None:
    # seed 20261209, input 15826: "05" given to an extra's "value" was taken for an oddly
    # written number that must not load, although an extra's value is any text.
    extra = fuzz.parse_json('{"path": "$.x", "value": "1"}')
    observation = fuzz.parse_json('{"value": "1", "qualifier": "exact"}')
    assert not fuzz.numeric_field(extra, "value")
    assert fuzz.numeric_field(observation, "value")
    assert not fuzz.numeric_field(observation, "qualifier")


def test_an_odd_number_given_to_an_extra_is_not_one_that_must_not_load() -> None:
    # seed 20261211, input 4640: m_number asked "is the container a dict with a path?", but
    # objects are Obj lists of pairs, so "5 " given to an extra's value was still taken for an
    # oddly written number that must not load.
    for seed in range(200):
        ctx = fuzz.Context(random.Random(seed), SMALL, "t")
        root = fuzz.parse_json('{"path": "$.x", "value": "1"}')
        assert fuzz.m_number(ctx, root)
        assert ctx.canonical == [], seed
    numbers = fuzz.parse_json('{"value": "1"}')
    found = []
    for seed in range(200):
        ctx = fuzz.Context(random.Random(seed), SMALL, "t")
        fuzz.m_number(ctx, numbers)
        found += ctx.canonical
    assert found  # an observation's value still gets oddly written numbers to refuse


def test_a_new_organisation_goes_into_a_list_never_into_an_object() -> None:
    # seed 20261209, input 45596: "organisations" had been mutated into an object; the new
    # organisation was inserted into it as a pair, and rendering the document crashed the tool.
    ctx = fuzz.Context(random.Random(1), SMALL, "t")
    root = fuzz.parse_json('{"organisations": {"a": 1}}')
    assert not fuzz.m_new_organisation(ctx, root)
    assert fuzz.render_json(root) == '{"organisations":{"a":1}}'
    listed = fuzz.parse_json('{"organisations": []}')
    assert fuzz.m_new_organisation(ctx, listed)
    assert '"Unreferenced ' in fuzz.render_json(listed)
