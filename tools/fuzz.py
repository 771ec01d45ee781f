"""Fuzz itaproj's public entry points with mutated catalogues, IATI XML files and command lines.

Usage (from the repository root, in an environment with the ``test`` extra installed)::

    python tools/fuzz.py --inputs 20000 --seed 1            # all targets, one worker
    python tools/fuzz.py --inputs 2000 --targets json,cli --timeout 5 --workers 2
    python tools/fuzz.py --seed 1 --only 4711              # run input 4711 again, in-process, verbosely
    python tools/fuzz.py --inputs 5000 --minimize          # also shrink one reproducer per bug class

Each input is made from a seed and a few random mutations, deterministically from ``--seed`` and
the input's index, so ``--only INDEX`` regenerates any input of a run made with the same library
code (some seeds are written by the library's own ``dumps``; every problem's input is also saved).

Targets (``--targets``, comma-separated):

``json``
    A mutated JSON document (the bundled seed catalogue, its programmes one by one, and documents
    drawn from :mod:`itaproj.testing`): structural mutations (keys deleted, duplicated, swapped,
    renamed, unknown keys at any level, values of another type), odd numbers (``1E+1000000``,
    ``1E-99999``, 5,000-digit integers, ``+5``, padded), long strings, control characters,
    unicode, deep nesting, duplicate keys in the raw text, truncation and byte flips. Runs
    ``loads``, then on what loaded ``check``, ``catalogue_metrics``, the l10n report, cards and
    HTML page in en, uk, ru and kk, and the JSON round trip.
``xml``
    IATI XML: one to three activities cut from the real files in ``tests/data/iati/real`` and the
    official example, with elements removed, duplicated, nested (an activity inside another) or
    swapped, attribute values and texts mutated (huge numbers, long text, unknown attributes),
    DTDs and entities, truncation and byte flips. Runs ``iati.read_with_findings``,
    ``iter_programmes``, ``validate``, then on what was read ``check``, metrics, l10n, the JSON
    round trip and the XML round trip (``write`` then ``read`` again).
``extras``
    JSON documents with IATI extras (read from the XML seeds and drawn from the strategies) whose
    extras get XML-ish paths and values (slots such as ``location[10000000000]``, ``@xml:lang``,
    values that are not XML, entity references, control characters): ``loads`` then
    ``iati.write`` then ``iati.read`` of the written file, twice.
``cli``
    ``itaproj.cli.main`` in-process on a mutated JSON or XML file, with ``validate``, ``report``,
    ``metrics`` or ``convert`` and option values good and bad.

Outcomes of each call: ``ok``; ``expected`` (an :class:`~itaproj.errors.ItaprojError`); ``bug`` (any
other exception, or a broken promise of the CLI: a traceback, an exit status other than 0, 1 or 2,
``--json`` output that is not JSON, a usage error that does not exit 2); ``hang`` (the call used
more than ``--timeout`` seconds of CPU, or ran ten times that long by the clock: the worker is
killed and replaced; CPU time, so that a machine busy with other work does not make hangs of
slow calls); ``crash`` (the worker died);
``loss`` (data that loaded was lost or changed: the JSON round trip ``loads(dumps(x))`` or the XML
round trip ``read(write(read(x)))`` is not equal, an unknown key, attribute or element added by the
fuzzer (each holds a unique marker) is missing from the output, an ``iati-identifier`` of the input
is missing from the written XML, a document with duplicate keys, ``"itaproj": true`` or a number
written ``+5``, `` 5`` or ``05`` loads, the writer's XML does not read back, or ``convert`` failed
and changed or left files behind).

Each distinct class (outcome, step, exception type, innermost itaproj frame) is reported once with
its count; up to three reproducers per class are saved under ``--out`` (``fuzz-out/`` by default,
which git ignores), with ``classes.json`` and ``summary.json``. ``--minimize`` then shrinks the
first input of each class (dropping keys, items, elements, attributes and bytes while the same
problem shows) and saves it as ``min-INDEX``. ItaprojErrors raised on data that had loaded (by
``check``, metrics, l10n or a round trip) are listed apart: refusing is allowed, but a value the
model accepts should normally also be checked, measured and shown.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import datetime as dt
import decimal
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: The IATI files the XML seeds are cut from: ``real/*.xml`` and the official example, anywhere below.
XML_SEEDS = ROOT / "tests" / "data" / "iati"
OFFICIAL_EXAMPLE = "activity-standard-example-annotated.xml"
TARGETS = ("json", "xml", "extras", "cli")
WEIGHTS = {"json": 50, "xml": 30, "extras": 12, "cli": 8}
LOCALES = ("en", "uk", "ru", "kk")
#: Steps that run on data that loaded: an ItaprojError there is listed apart (it may be legitimate).
AFTER_LOADING = frozenset({"check", "metrics", "l10n", "roundtrip", "json.roundtrip"})
OUTCOMES = ("ok", "expected", "bug", "hang", "crash", "loss")


# --- sizes ------------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Scale:
    """How big the mutations get: the script uses :data:`FULL`, the test suite :data:`SMALL`."""

    long_text: tuple[int, ...]
    depth: tuple[int, ...]
    repeat: tuple[int, ...]
    digits: tuple[int, ...]


FULL = Scale(
    long_text=(300, 5_000, 40_000, 200_000),
    depth=(20, 200, 1_100, 5_000, 50_000),
    repeat=(3, 50, 500),
    digits=(30, 400, 5_000, 50_000),
)
SMALL = Scale(long_text=(300, 3_000), depth=(20, 1_100), repeat=(3, 20), digits=(30, 400, 5_000))


# --- JSON text kept as written: raw number tokens and duplicate keys ---------------------------------


class Raw:
    """A JSON token written as it is: a number (``1E+1000000`` fits no float) or any raw text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Raw({self.text[:40]!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Raw) and other.text == self.text

    __hash__ = None  # type: ignore[assignment]


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as a list of ``[key, value]`` pairs: order and duplicate keys are kept."""


def parse_json(text: str | bytes) -> Any:
    """JSON text as :class:`Obj`, lists, strings and :class:`Raw` numbers (no precision lost)."""
    return json.loads(
        text,
        object_pairs_hook=lambda pairs: Obj([list(pair) for pair in pairs]),
        parse_int=Raw,
        parse_float=Raw,
        parse_constant=Raw,
    )


def render_json(value: Any, *, ensure_ascii: bool = False) -> str:
    """The JSON text of a tree from :func:`parse_json` (iterative: deep trees are fine)."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Raw):
            out.append(item.text)
        elif isinstance(item, Obj):
            parts: list[Any] = [Raw("}")]
            for index, (key, val) in enumerate(reversed(item)):
                parts.append(val)
                parts.append(Raw(json.dumps(str(key), ensure_ascii=ensure_ascii) + ":"))
                if index < len(item) - 1:
                    parts.append(Raw(","))
            parts.append(Raw("{"))
            stack.extend(parts)
        elif isinstance(item, list):
            parts = [Raw("]")]
            for index, val in enumerate(reversed(item)):
                parts.append(val)
                if index < len(item) - 1:
                    parts.append(Raw(","))
            parts.append(Raw("["))
            stack.extend(parts)
        elif item is None:
            out.append("null")
        elif item is True:
            out.append("true")
        elif item is False:
            out.append("false")
        elif isinstance(item, str):
            out.append(json.dumps(item, ensure_ascii=ensure_ascii))
        else:
            out.append(json.dumps(item))
    return "".join(out)


def _slots(root: Any) -> list[tuple[Any, int]]:
    """Every ``(container, index)`` in the tree; ``container[index]`` is a pair or an item."""
    found: list[tuple[Any, int]] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Obj):
            for index, pair in enumerate(node):
                found.append((node, index))
                stack.append(pair[1])
        elif isinstance(node, list):
            for index, item in enumerate(node):
                found.append((node, index))
                stack.append(item)
    return found


def _get(container: Any, index: int) -> Any:
    return container[index][1] if isinstance(container, Obj) else container[index]


def _set(container: Any, index: int, value: Any) -> None:
    if isinstance(container, Obj):
        container[index][1] = value
    else:
        container[index] = value


def _key_of(container: Any, index: int) -> str | None:
    return str(container[index][0]) if isinstance(container, Obj) else None


class Holder(list):  # type: ignore[type-arg]
    """The one-item list holding a document's root, so that mutations can replace the root too."""


def _containers(root: Any, kind: type) -> list[Any]:
    found = [root] if isinstance(root, kind) and not isinstance(root, Holder) else []
    found += [_get(c, i) for c, i in _slots(root) if isinstance(_get(c, i), kind)]
    return found


# --- value pools ---------------------------------------------------------------------------------------

_NUMBER_TEXT = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_DATE_TEXT = re.compile(r"\d{4}(-\d{2}){0,2}")
_NUMERIC_FIELDS = frozenset({"amount", "count", "value", "percentage", "low", "high", "rate", "share"})

CONTROL = [chr(c) for c in (*range(0x00, 0x20), 0x7F, 0x85, 0x2028, 0x2029, 0xFFFE, 0xFFFF)]
UNICODE = [
    "\u202e",  # right-to-left override
    "e\u0301",  # combining accent
    "\u200b",  # zero width space
    "\ufeff",  # byte order mark
    "😀",
    "𝔘𝔨𝔯𝔞𝔦𝔫𝔢",
    "Ⅻ",
    "ﬁ",
    "İ",
    "ß",
    "\U0010ffff",
    "١٢٣",
    "\u00a0",
    "Київ",
    "Қазақстан",
]


def huge_numbers(rng: random.Random, scale: Scale) -> str:
    """A number as text that strains decimal arithmetic, formatting or parsing."""
    digits = rng.choice(scale.digits)
    return rng.choice(
        [
            "1E+1000000",
            "1E-99999",
            "-1E+1000000",
            "9.999E+999999",
            "1E+28",
            "1E+29",
            "10000000000000000000000000000",
            "99999999999999999999999999999.99",
            "0.0000000000000000000000000001",
            "1" + "0" * digits,
            "0." + "0" * digits + "1",
            "9" * digits + "." + "9" * 10,
            "1e308",
            "1e309",
            "-0",
            "-0.0",
            "0",
            "-1",
            "-5",
            "1.5",
            "0.1",
            "1E+10",
            "4.2e-7",
            "123456789.123456789123456789",
            # the edges of what a model may accept: values just inside a range format at full length
            "999999999999999999",
            "-999999999999999999",
            "99999999999999999.999999999999999999999999999999999999999999999",
            "1E+17",
            "9.99999999999999999E+17",
            "1E+18",
            "1E-45",
            "1E-46",
            "0.000000000000000000000000000000000000000000001",
            "9223372036854775807",
            "-9223372036854775808",
            "18446744073709551616",
            "100.0000000001",
            "99.99999999999999999999999999999",
            "33.333333333333333333333333333333333333333333333",
            "1E-7",
        ]
    )


def odd_number_strings(rng: random.Random) -> str:
    """Numbers written in a way JSON or ``Decimal`` might take but should not silently rewrite."""
    return rng.choice(
        [
            "+5",
            " 5",
            "5 ",
            "05",
            "5.",
            ".5",
            "1_000",
            "٥",
            "0x10",
            "1e",
            "NaN",
            "-Infinity",
            "Infinity",
            "",
            " ",
        ]
    )


def canonical(rng: random.Random, text: str) -> str:
    """Mostly ``text`` as ``str(Decimal(text))`` writes it (the form a loader may insist on)."""
    if rng.random() < 0.3:
        return text
    try:
        return str(decimal.Decimal(text))
    except (decimal.InvalidOperation, ValueError):
        return text


def noncanonical_number(text: str) -> bool:
    """Whether ``text`` is a number written with padding, a plus sign or a leading zero."""
    stripped = text.strip()
    if not _NUMBER_TEXT.fullmatch(stripped):
        return False
    return stripped != text or stripped.startswith("+") or bool(re.match(r"-?0\d", stripped))


def odd_dates(rng: random.Random) -> str:
    """Dates that are wrong, edge or written oddly."""
    return rng.choice(
        [
            "2020-02-30",
            "2019-02-29",
            "2020-02-29",
            "0000",
            "0001-01-01",
            "9999-12-31",
            "2020-13",
            "2020-00",
            "2020-1-1",
            "+2020",
            "20200101",
            "2020-01-01T00:00:00Z",
            "2020-01-01+08:00",
            "1900",
            "10000-01-01",
            "2020-W01",
            "",
            "2020/01/01",
        ]
    )


def long_text(rng: random.Random, scale: Scale) -> str:
    """A long string: repeated words, a unit-like expression or one character."""
    size = rng.choice(scale.long_text)
    unit = rng.choice(["m/s", "kg*m^2", "word ", "Ж", "a", "(", "1/", "%", "<b>", "&amp;", "\\", '"', "😀"])
    return (unit * (size // len(unit) + 1))[:size]


def odd_string(rng: random.Random, scale: Scale, original: str) -> str:
    """A mutation of ``original``: long, control characters, unicode, padding, case, emptied."""
    choice = rng.randrange(12)
    if choice == 0:
        return long_text(rng, scale)
    if choice == 1:
        position = rng.randint(0, len(original))
        return original[:position] + rng.choice(CONTROL) + original[position:]
    if choice == 2:
        position = rng.randint(0, len(original))
        return original[:position] + rng.choice(UNICODE) + original[position:]
    if choice == 3:
        return rng.choice([" ", "\t", "\n", "\u00a0"]) + original + rng.choice(["", " ", "\n"])
    if choice == 4:
        return original.swapcase()
    if choice == 5:
        return ""
    if choice == 6:
        return original[: rng.randint(0, len(original))]
    if choice == 7:
        return original + original
    if choice == 8:
        return rng.choice(
            ["UA-99", "XX", "ua", "UA-", "XK", "SU", "EU", "EUR", "eur", "XXX", "ZZZ", "und", "x-y"]
        )
    if choice == 9:
        return huge_numbers(rng, scale)
    if choice == 10:
        return odd_dates(rng)
    return rng.choice(["null", "true", "{}", "[]", '"', "\\u0000", "<a>", "&x;", "$.x", "@y", "a[1]"])


def other_type(rng: random.Random, value: Any, scale: Scale) -> Any:
    """A value of another JSON type than ``value`` (or an odd one of the same)."""
    pool: list[Any] = [
        None,
        True,
        False,
        Raw("0"),
        Raw("-1"),
        Raw("1.5"),
        Raw("1E+1000000"),
        "",
        "x",
        [],
        Obj(),
        [copy.deepcopy(value)],
        Obj([["k", copy.deepcopy(value)]]),
        Raw(huge_numbers(rng, scale)),
    ]
    if isinstance(value, str):
        pool.append(Raw(value) if _NUMBER_TEXT.fullmatch(value) else Raw("1"))
    if isinstance(value, Raw):
        pool.append(value.text)
    return rng.choice(pool)


# --- JSON mutators ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Context:
    """What a mutation needs besides the tree: the random source, the scale and the markers used."""

    rng: random.Random
    scale: Scale
    tag: str
    markers: list[str] = dataclasses.field(default_factory=list)
    canonical: list[str] = dataclasses.field(default_factory=list)

    def marker(self) -> str:
        """A unique token: if the input holding it loads, the token must be in the output."""
        token = f"fz{self.tag}m{len(self.markers)}"
        self.markers.append(token)
        return token


def _random_slot(ctx: Context, root: Any, where: Callable[[Any, int], bool] | None = None) -> Any:
    slots = _slots(root)
    if where is not None:
        slots = [(c, i) for c, i in slots if where(c, i)]
    return ctx.rng.choice(slots) if slots else None


def m_delete(ctx: Context, root: Any) -> bool:
    """Delete a key or a list item."""
    slot = _random_slot(ctx, root)
    if slot is None:
        return False
    container, index = slot
    del container[index]
    return True


def m_duplicate_key(ctx: Context, root: Any) -> bool:
    """Write a key twice in one object (the same or another value)."""
    objects = [o for o in _containers(root, Obj) if o]
    if not objects:
        return False
    obj = ctx.rng.choice(objects)
    key, value = ctx.rng.choice(obj)
    twin = copy.deepcopy(value) if ctx.rng.random() < 0.4 else other_type(ctx.rng, value, ctx.scale)
    obj.insert(ctx.rng.randint(0, len(obj)), [key, twin])
    return True


def m_swap(ctx: Context, root: Any) -> bool:
    """Swap two values anywhere in the document."""
    slots = _slots(root)
    if len(slots) < 2:
        return False
    (c1, i1), (c2, i2) = ctx.rng.sample(slots, 2)
    v1, v2 = _get(c1, i1), _get(c2, i2)
    if _contains(v1, v2) or _contains(v2, v1):
        return False
    _set(c1, i1, v2)
    _set(c2, i2, v1)
    return True


def _contains(outer: Any, inner: Any) -> bool:
    if outer is inner:
        return True
    if isinstance(outer, (list, Obj)):
        return any(_get(c, i) is inner for c, i in _slots(outer))
    return False


def m_copy(ctx: Context, root: Any) -> bool:
    """Copy a value over another one."""
    slots = _slots(root)
    if len(slots) < 2:
        return False
    (c1, i1), (c2, i2) = ctx.rng.sample(slots, 2)
    _set(c2, i2, copy.deepcopy(_get(c1, i1)))
    return True


def m_type(ctx: Context, root: Any) -> bool:
    """Replace a value with one of another type."""
    slot = _random_slot(ctx, root)
    if slot is None:
        return False
    container, index = slot
    _set(container, index, other_type(ctx.rng, _get(container, index), ctx.scale))
    return True


def _is_numeric(container: Any, index: int) -> bool:
    value = _get(container, index)
    return isinstance(value, Raw) or (isinstance(value, str) and bool(_NUMBER_TEXT.fullmatch(value)))


def m_number(ctx: Context, root: Any) -> bool:
    """Give a number (or a number in a string) a huge, tiny or oddly written value."""
    slot = _random_slot(ctx, root, _is_numeric) or _random_slot(ctx, root)
    if slot is None:
        return False
    container, index = slot
    original = _get(container, index)
    numeric = numeric_field(container, _key_of(container, index) or "")  # (an extra's value is text)
    if ctx.rng.random() < 0.25 and isinstance(original, str) and numeric:
        text = odd_number_strings(ctx.rng)
        _set(container, index, text)
        if noncanonical_number(text):
            ctx.canonical.append(text)
        return True
    text = huge_numbers(ctx.rng, ctx.scale)
    as_string = isinstance(original, str) if ctx.rng.random() < 0.8 else not isinstance(original, str)
    _set(container, index, text if as_string else Raw(text))
    return True


def m_string(ctx: Context, root: Any) -> bool:
    """Mutate a string: long, control characters, unicode, padding, case..."""
    slot = _random_slot(ctx, root, lambda c, i: isinstance(_get(c, i), str))
    if slot is None:
        return False
    container, index = slot
    _set(container, index, odd_string(ctx.rng, ctx.scale, _get(container, index)))
    return True


def m_date(ctx: Context, root: Any) -> bool:
    """Give a date (or a date-like string) an odd value."""
    slot = _random_slot(
        ctx, root, lambda c, i: isinstance(_get(c, i), str) and bool(_DATE_TEXT.fullmatch(_get(c, i)))
    )
    if slot is None:
        return False
    container, index = slot
    _set(container, index, odd_dates(ctx.rng))
    return True


def m_unknown_key(ctx: Context, root: Any) -> bool:
    """Add a key the format does not know, holding a unique marker, to some object."""
    objects = _containers(root, Obj)
    if not objects:
        return False
    obj = ctx.rng.choice(objects)
    marker = ctx.marker()
    name = ctx.rng.choice([f"x_{marker}", marker, f"{marker}_ünï", f"${marker}", f"@{marker}"])
    value = ctx.rng.choice([marker, Raw("1"), [marker], Obj([["k", marker]]), None, Obj([[marker, True]])])
    obj.insert(ctx.rng.randint(0, len(obj)), [name, value])
    return True


def m_new_organisation(ctx: Context, root: Any) -> bool:
    """Add an organisation no programme refers to (a marker): a catalogue must keep it."""
    lists = [
        v
        for c, i in _slots(root)
        if _key_of(c, i) == "organisations"
        for v in [_get(c, i)]
        if isinstance(v, list) and not isinstance(v, Obj)  # (an Obj is a list of pairs)
    ]
    if not lists:
        return False
    marker = ctx.marker()
    organisation = Obj([["key", marker], ["name", Obj([["en", f"Unreferenced {marker}"]])]])
    if ctx.rng.random() < 0.5:
        organisation.append(["ref", f"XM-{marker}"])
    target = ctx.rng.choice(lists)
    target.insert(ctx.rng.randint(0, len(target)), organisation)
    return True


def m_rename_key(ctx: Context, root: Any) -> bool:
    """Rename a key: another case, a suffix, a space, or a marker."""
    objects = [o for o in _containers(root, Obj) if o]
    if not objects:
        return False
    pair = ctx.rng.choice(ctx.rng.choice(objects))
    key = str(pair[0])
    pair[0] = ctx.rng.choice(
        [key.upper(), key + " ", " " + key, key + "_", key.replace("_", "-"), ctx.marker()]
    )
    return True


def m_deep(ctx: Context, root: Any) -> bool:
    """Replace a value with deeply nested arrays or objects."""
    slot = _random_slot(ctx, root)
    if slot is None:
        return False
    depth = ctx.rng.choice(ctx.scale.depth)
    if ctx.rng.random() < 0.5:
        text = "[" * depth + "1" + "]" * depth
    else:
        key = ctx.rng.choice(["a", "programmes", "data", "title", "en"])
        text = f'{{"{key}":' * depth + "1" + "}" * depth
    container, index = slot
    _set(container, index, Raw(text))
    return True


def m_list(ctx: Context, root: Any) -> bool:
    """Repeat, reverse, empty or thin a list."""
    lists = [x for x in _containers(root, list) if not isinstance(x, Obj)]
    if not lists:
        return False
    items = ctx.rng.choice(lists)
    choice = ctx.rng.randrange(4)
    if choice == 0 and items:
        item = ctx.rng.choice(items)
        items.extend(copy.deepcopy(item) for _ in range(ctx.rng.choice(ctx.scale.repeat)))
    elif choice == 1:
        items.reverse()
    elif choice == 2:
        items.clear()
    elif items:
        del items[ctx.rng.randrange(len(items))]
    return True


def m_envelope(ctx: Context, root: Any) -> bool:
    """Change the envelope: version, kind, data."""
    if not isinstance(root, Obj):
        return False
    pairs = {str(k): pair for pair in root for k in [pair[0]]}
    choice = ctx.rng.randrange(3)
    if choice == 0 and "itaproj" in pairs:
        pairs["itaproj"][1] = ctx.rng.choice(
            [True, False, "1", Raw("1.0"), Raw("2"), Raw("0"), None, Raw("1E+1000000")]
        )
    elif choice == 1 and "kind" in pairs:
        pairs["kind"][1] = ctx.rng.choice(
            [
                "Programme",
                "Catalogue",
                "Money",
                "programme",
                "",
                ["Catalogue"],
                Obj([["a", "b"]]),
                Raw("1"),
                None,
            ]
        )
    elif "data" in pairs:
        pairs["data"][1] = other_type(ctx.rng, pairs["data"][1], ctx.scale)
    else:
        return False
    return True


def m_extras(ctx: Context, root: Any) -> bool:
    """Give an extra (``{"path", "value", "format"}``) an XML-ish path, value or format."""
    extras = [
        o
        for o in _containers(root, Obj)
        if {str(k) for k, _ in o} >= {"path", "value"}
        and all(isinstance(v, str) for k, v in o if k == "path")
    ]
    if not extras:
        holders = [o for o in _containers(root, Obj) if any(str(k) in ("key", "programmes") for k, _ in o)]
        if not holders:
            return False
        extra = Obj([["path", "title[2]"], ["value", "<title/>"], ["format", "xml"]])
        holder = ctx.rng.choice(holders)
        for pair in holder:
            if pair[0] == "extras" and isinstance(pair[1], list):
                pair[1].append(extra)
                break
        else:
            holder.append(["extras", [extra]])
        extras = [extra]
    extra = ctx.rng.choice(extras)
    fields = {str(pair[0]): pair for pair in extra}
    marker = ctx.marker()
    field = ctx.rng.choice(["path", "value", "value", "format"])
    if field == "path":
        value: Any = ctx.rng.choice(
            [
                "@xml:lang",
                "@{http://www.w3.org/XML/1998/namespace}lang",
                f"@{marker}",
                "@a b",
                "@1bad",
                "@",
                "@xmlns:x",
                "@xmlns:",
                "@xmlns",
                "@{urn:x}y",
                "@{}y",
                "@version",
                "location[10000000000]",
                "location[99999]",
                "location[0]",
                "title[1]",
                "title[2]",
                "iati-identifier[1]",
                "reporting-org[1]/@ref",
                "reporting-org[1]/@a b",
                "budget[1]/@{urn:x}y",
                f"{marker}[1]",
                "[1]",
                "a b[1]",
                "-x[1]",
                "iati-activity[1]",
                "$.x",
                "",
            ]
        )
    elif field == "value":
        value = ctx.rng.choice(
            [
                "not xml",
                "<a>",
                "<a/><b/>",
                "&amp;",
                "&foo;",
                "&#0;",
                "&#x1F600;",
                f"<x>{marker}&amp;</x>",
                f"<x>bell\u0007{marker}</x>",
                f"bell\u0007{marker}",
                '<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>',
                "<?xml version='1.0'?><a/>",
                f"<a xmlns='urn:x'>{marker}</a>",
                "<iati-activity><iati-identifier>nested</iati-identifier></iati-activity>",
                "]]>",
                f"<narrative xml:lang='zz'>{marker}</narrative>",
                f"<x:y>{marker}</x:y>",
                f'<title><narrative xml:lang="en">{marker}</narrative></title>',
                f"<location><name><narrative>{marker}</narrative></name></location>",
                "<!-- c -->",
                f"<a b='1' b='2'>{marker}</a>",
                "en",
                "",
                f"{marker}\ud800",
                long_text(ctx.rng, ctx.scale),
            ]
        )
    else:
        value = ctx.rng.choice(["xml", "xml+model", "json", "", "XML", Raw("1"), None])
    if field in fields:
        fields[field][1] = value
    else:
        extra.append([field, value])
    return True


def _unit_value(ctx: Context) -> str:
    size = ctx.rng.choice(ctx.scale.long_text)
    piece = ctx.rng.choice(["m/", "kg*", "year ", "(", "1/", "enterprise/", "m**2*"])
    return ctx.rng.choice(
        [
            (piece * (size // len(piece) + 1))[:size],
            "m" * size,
            "kg**1000000",
            "m^99999999",
            "1e1000000 m",
            "",
            " ",
            "%",
            "ΔT",
            "dimensionless",
            "year",
            "Year",
            "years ",
            "enterprise",
            "__class__",
            "1/0",
        ]
    )


def _field_value(ctx: Context, key: str, original: Any) -> Any:
    """A value that targets what the field ``key`` means (a unit, an amount, a code, a date...)."""
    rng = ctx.rng
    if key == "unit":
        return _unit_value(ctx)
    if key in ("amount", "rate", "percentage", "share"):
        text = canonical(rng, huge_numbers(rng, ctx.scale)) if rng.random() < 0.8 else odd_number_strings(rng)
        return text if rng.random() < 0.85 else Raw(text)
    if key in ("value", "count", "low", "high"):
        text = huge_numbers(rng, ctx.scale)
        return Raw(text) if isinstance(original, Raw) or rng.random() < 0.3 else canonical(rng, text)
    if key in ("start", "end", "date", "since", "until", "on"):
        return odd_dates(rng)
    if key in ("currency", "country", "subdivision", "region", "language", "code", "vocabulary", "type"):
        return odd_string(rng, ctx.scale, original if isinstance(original, str) else "")
    if key in ("key", "organisation", "cluster", "ref"):
        return rng.choice(
            ["", " ", "missing-key", "m4eg", "eu", "gac", long_text(rng, ctx.scale), ctx.marker()]
        )
    if key == "url":
        return rng.choice(
            [
                "",
                "javascript:alert(1)",
                "http://",
                "www.example.org",
                "http://ex ample.org",
                "ftp://x",
                "http://" + "a" * 5000,
            ]
        )
    if key in ("kind", "role", "status", "frequency", "qualifier", "significance"):
        return rng.choice(
            ["", "unknown", "MORE_THAN", "more_than ", Raw("1"), None, "exact", "range", "finished"]
        )
    return odd_string(rng, ctx.scale, original if isinstance(original, str) else "")


_FIELDS = frozenset(
    {
        "unit",
        "amount",
        "rate",
        "percentage",
        "share",
        "value",
        "count",
        "low",
        "high",
        "start",
        "end",
        "date",
        "since",
        "until",
        "on",
        "currency",
        "country",
        "subdivision",
        "region",
        "language",
        "code",
        "vocabulary",
        "type",
        "key",
        "organisation",
        "cluster",
        "ref",
        "url",
        "kind",
        "role",
        "status",
        "frequency",
        "qualifier",
        "significance",
    }
)


def numeric_field(container: Any, name: str) -> bool:
    """Whether the field ``name`` of ``container`` holds a number (the ``value`` of an extra is text)."""
    if name not in _NUMERIC_FIELDS:
        return False
    return not (isinstance(container, Obj) and any(pair[0] == "path" for pair in container))


def m_field(ctx: Context, root: Any) -> bool:
    """Give a field a value aimed at what it means: a long unit, a huge amount, an odd date or code."""
    slots = [
        (c, i)
        for c, i in _slots(root)
        if _key_of(c, i) in _FIELDS and not isinstance(_get(c, i), (list, Obj))
    ]
    if not slots:
        return False
    name = ctx.rng.choice(sorted({_key_of(c, i) or "" for c, i in slots}))
    container, index = ctx.rng.choice([(c, i) for c, i in slots if _key_of(c, i) == name])
    value = _field_value(ctx, name, _get(container, index))
    if isinstance(value, str) and numeric_field(container, name) and noncanonical_number(value):
        ctx.canonical.append(value)
    _set(container, index, value)
    return True


JSON_MUTATORS: tuple[Callable[[Context, Any], bool], ...] = (
    m_field,
    m_field,
    m_field,
    m_delete,
    m_duplicate_key,
    m_swap,
    m_copy,
    m_type,
    m_number,
    m_number,
    m_string,
    m_string,
    m_date,
    m_unknown_key,
    m_unknown_key,
    m_new_organisation,
    m_rename_key,
    m_deep,
    m_list,
    m_envelope,
)


#: How many mutations an input gets: mostly one or two.
_HOW_MANY = (1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 6)

#: Mutations that change values but keep the document's structure.
VALUE_MUTATORS: tuple[Callable[[Context, Any], bool], ...] = (
    m_field,
    m_field,
    m_field,
    m_number,
    m_string,
    m_date,
)


def mutate_text(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A byte-level mutation: truncation, bit flips, inserted or dropped bytes, a BOM, bad UTF-8."""
    if not data:
        return b"\xff", "text.byte"
    choice = rng.randrange(8)
    position = rng.randrange(len(data))
    if choice == 0:
        return data[:position], "text.truncate"
    if choice == 1:
        flipped = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        return bytes(flipped), "text.flip"
    if choice == 2:
        junk = rng.choice(
            [b"\x00", b"\xff\xfe", b"\xc3", b"\xed\xa0\x80", b"\x1b[31m", b"\r\n", b"\\", b'"', b"{", b"]"]
        )
        return data[:position] + junk + data[position:], "text.insert"
    if choice == 3:
        end = min(len(data), position + rng.randint(1, 64))
        return data[:position] + data[end:], "text.delete"
    if choice == 4:
        end = min(len(data), position + rng.randint(1, 256))
        return data[:end] + data[position:end] + data[end:], "text.duplicate"
    if choice == 5:
        return b"\xef\xbb\xbf" + data, "text.bom"
    if choice == 6:
        return data + rng.choice([b" ", b"\n", b"x", b"{}", b"\x00"]), "text.trailing"
    return data.decode("utf-8", "replace").encode("utf-16"), "text.utf16"


def mutate_json(
    rng: random.Random,
    seed_text: str,
    scale: Scale = FULL,
    *,
    tag: str = "0",
    mutators: Sequence[Callable[[Context, Any], bool]] = JSON_MUTATORS,
    text_rate: float = 0.15,
) -> tuple[bytes, dict[str, Any]]:
    """A mutated JSON document and what the fuzzer knows about it.

    Returns the document's bytes and ``meta``: ``mutations`` (their names), ``markers`` (tokens
    that must survive a successful load), ``must_reject`` (why loading it must fail, if it must)
    and ``canonical`` (oddly written numbers that must not load silently).
    """
    ctx = Context(rng, scale, tag)
    holder = Holder([parse_json(seed_text)])
    names: list[str] = []
    # Half the inputs change values only, so that more of them load and reach the later steps.
    pool = VALUE_MUTATORS if mutators is JSON_MUTATORS and rng.random() < 0.5 else mutators
    for _ in range(rng.choice(_HOW_MANY)):
        mutator = rng.choice(pool)
        if mutator(ctx, holder[0] if mutator is m_envelope else holder):
            names.append(mutator.__name__)
        if not holder:
            holder.append(Raw(""))
    text = render_json(holder[0], ensure_ascii=rng.random() < 0.2)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < text_rate:
        data, name = mutate_text(rng, data)
        names.append(name)
    return data, json_meta(data, ctx, names)


def json_meta(data: bytes, ctx: Context, names: list[str]) -> dict[str, Any]:
    """What must hold if ``data`` loads: markers kept, no duplicate keys, a proper version."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    must_reject = ""
    if text:
        try:
            tree = parse_json(text)
        except (ValueError, RecursionError):
            tree = None
        if tree is not None:
            if isinstance(tree, Obj) and any(k == "itaproj" and v is True for k, v in tree):
                must_reject = '"itaproj": true'
            for obj in _containers(tree, Obj):
                keys = [str(k) for k, _ in obj]
                if len(keys) != len(set(keys)):
                    twice = sorted(k for k, n in Counter(keys).items() if n > 1)
                    must_reject = f"duplicate key {twice[0][:40]!r}"
                    break
    return {
        "mutations": names,
        "markers": [m for m in ctx.markers if m in text],
        "must_reject": must_reject,
        "canonical": [c for c in ctx.canonical if json.dumps(c) in text],
    }


# --- XML mutators -----------------------------------------------------------------------------------------


def lxml_etree() -> Any:
    """``lxml.etree``, imported when first needed."""
    from lxml import etree

    return etree


def _parser() -> Any:
    etree = lxml_etree()
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


@dataclasses.dataclass
class XmlSeed:
    """A real IATI file cut into its root (tag, attributes, namespaces) and its children."""

    name: str
    tag: str
    attributes: dict[str, str]
    nsmap: dict[str | None, str]
    activities: list[bytes]
    others: list[bytes]
    whole: bytes | None


def xml_seed_files(folder: Path = XML_SEEDS) -> list[Path]:
    """The real files (``real/*.xml``) and the official example found below ``folder``."""
    files = sorted(folder.glob("real/*.xml"))
    files += sorted(folder.rglob(OFFICIAL_EXAMPLE))[:1]
    return files


def load_xml_seeds(files: Sequence[Path], whole_limit: int = 100_000) -> list[XmlSeed]:
    """Cut each file into activities (and other root children) for :func:`xml_slice`."""
    etree = lxml_etree()
    seeds = []
    for path in files:
        raw = path.read_bytes()
        root = etree.fromstring(raw, _parser())
        activities: list[bytes] = []
        others: list[bytes] = []
        for child in root:
            if not isinstance(child.tag, str):
                continue
            (activities if child.tag == "iati-activity" else others).append(etree.tostring(child))
        seeds.append(
            XmlSeed(
                path.name,
                root.tag,
                dict(root.attrib),
                dict(root.nsmap),
                activities or [etree.tostring(root)],
                others,
                raw if len(raw) <= whole_limit else None,
            )
        )
    return seeds


def xml_slice(rng: random.Random, seed: XmlSeed) -> Any:
    """A new ``iati-activities`` tree with one to three activities of ``seed``."""
    etree = lxml_etree()
    if seed.whole is not None and rng.random() < 0.15:
        return etree.fromstring(seed.whole, _parser())
    root = etree.Element(seed.tag, seed.attributes, nsmap=seed.nsmap)
    root.text = "\n"
    count = min(len(seed.activities), rng.choice((1, 1, 1, 2, 3)))
    chosen = [seed.activities[i] for i in sorted(rng.sample(range(len(seed.activities)), count))]
    if seed.others and rng.random() < 0.3:
        chosen.insert(rng.randint(0, len(chosen)), rng.choice(seed.others))
    for fragment in chosen:
        element = etree.fromstring(fragment, _parser())
        element.tail = "\n"
        root.append(element)
    return root


def _elements(root: Any) -> list[Any]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _attribute_value(ctx: Context) -> str:
    rng = ctx.rng
    choice = rng.randrange(7)
    if choice == 0:
        return huge_numbers(rng, ctx.scale)
    if choice == 1:
        return odd_dates(rng)
    if choice == 2:
        return long_text(rng, ctx.scale)
    if choice == 3:
        return odd_number_strings(rng)
    if choice == 4:
        return rng.choice(UNICODE) + rng.choice(["", "x", "1"])
    if choice == 5:
        return ctx.marker()
    return rng.choice(
        ["", " ", "\t1\n", "0", "-1", "xx", "EUR", "UA", "100", "101", "1.0", "true", "zz", "en"]
    )


def x_remove(ctx: Context, root: Any) -> bool:
    """Remove an element."""
    elements = _elements(root)[1:]
    if not elements:
        return False
    element = ctx.rng.choice(elements)
    element.getparent().remove(element)
    return True


def x_duplicate(ctx: Context, root: Any) -> bool:
    """Duplicate an element, once or many times."""
    elements = _elements(root)[1:]
    if not elements:
        return False
    element = ctx.rng.choice(elements)
    times = 1 if ctx.rng.random() < 0.7 else ctx.rng.choice(ctx.scale.repeat)
    for _ in range(times):
        element.addnext(copy.deepcopy(element))
    return True


def x_nest(ctx: Context, root: Any) -> bool:
    """Move or copy an element inside another one (an activity inside an activity, often)."""
    elements = _elements(root)[1:]
    if len(elements) < 2:
        return False
    activities = [e for e in elements if e.tag == "iati-activity"]
    if len(activities) >= 1 and ctx.rng.random() < 0.4:
        mover = copy.deepcopy(ctx.rng.choice(activities))
        target = ctx.rng.choice(activities)
    else:
        mover, target = ctx.rng.sample(elements, 2)
        if mover in target.iterancestors():
            return False
        if ctx.rng.random() < 0.5:
            mover = copy.deepcopy(mover)
    target.insert(ctx.rng.randint(0, len(target)), mover)
    return True


def x_swap(ctx: Context, root: Any) -> bool:
    """Swap an element with a sibling."""
    parents = [e for e in _elements(root) if len(e) >= 2]
    if not parents:
        return False
    parent = ctx.rng.choice(parents)
    children = list(parent)
    a, b = ctx.rng.sample(range(len(children)), 2)
    children[a], children[b] = children[b], children[a]
    parent[:] = children
    return True


def x_attribute(ctx: Context, root: Any) -> bool:
    """Change, remove or add an attribute (an unknown one holds a marker)."""
    elements = _elements(root)
    element = ctx.rng.choice(elements)
    choice = ctx.rng.randrange(4)
    names = list(element.attrib)
    if choice < 2 and names:
        name = ctx.rng.choice(names)
        if choice == 0:
            element.set(name, _attribute_value(ctx))
        else:
            del element.attrib[name]
        return True
    if choice == 2:
        element.set(
            "{http://www.w3.org/XML/1998/namespace}lang",
            ctx.rng.choice(["", "EN", "en-GB", "x" * 100, "zz", "1", "uk", " en"]),
        )
        return True
    marker = ctx.marker()
    name = ctx.rng.choice([f"fuzz-{marker}", f"{{urn:fuzz}}{marker}", "x"])
    element.set(name, marker)
    return True


def x_text(ctx: Context, root: Any) -> bool:
    """Give an element odd text: numbers, dates, long text, unicode, a marker."""
    elements = _elements(root)
    leaves = [e for e in elements if len(e) == 0] or elements
    element = ctx.rng.choice(leaves)
    element.text = _attribute_value(ctx)
    return True


def x_unknown(ctx: Context, root: Any) -> bool:
    """Add an element the standard does not have (or a known one out of place), holding a marker."""
    element = ctx.rng.choice(_elements(root))
    marker = ctx.marker()
    tag = ctx.rng.choice(
        [
            f"fuzz-{marker}",
            f"{{urn:fuzz}}{marker}",
            "budget",
            "narrative",
            "iati-identifier",
            "title",
            "value",
        ]
    )
    child = lxml_etree().SubElement(element, tag)
    child.text = marker
    if ctx.rng.random() < 0.3:
        child.set("code", ctx.rng.choice(["1", "", "ZZ", "99999"]))
    return True


def x_root(ctx: Context, root: Any) -> bool:
    """Change the root: its version, its language, its name, or make an activity the root."""
    choice = ctx.rng.randrange(4)
    if choice == 0:
        root.set("version", ctx.rng.choice(["1.01", "2.01", "2.03", "3.0", "", "abc", "2.03 "]))
    elif choice == 1:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", ctx.rng.choice(["en", "fr", "", "xx"]))
    elif choice == 2:
        root.tag = ctx.rng.choice(
            ["iati-organisations", "activities", "{urn:x}iati-activities", "iati-activity"]
        )
    else:
        root.set("generated-datetime", ctx.rng.choice(["2020-02-30T00:00:00", "", "now"]))
    return True


def x_deep(ctx: Context, root: Any) -> bool:
    """Nest a long chain of elements somewhere."""
    element = ctx.rng.choice(_elements(root))
    depth = min(ctx.rng.choice(ctx.scale.depth), 3_000)
    for _ in range(depth):
        element = lxml_etree().SubElement(
            element, ctx.rng.choice(["narrative", "x", "iati-activity", "result"])
        )
    element.text = ctx.marker()
    return True


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_NUMBERS = frozenset(
    {"value", "percentage", "significance", "pos", "vocabulary", "code", "type", "version"}
)
_XML_DATES = frozenset({"iso-date", "value-date", "period-start", "period-end", "last-updated-datetime"})


def x_field(ctx: Context, root: Any) -> bool:
    """Give an IATI value a value aimed at its meaning: amounts, percentages, dates, codes, languages."""
    rng = ctx.rng
    spots: list[tuple[Any, str | None]] = []
    for element in _elements(root):
        local = str(element.tag).rsplit("}", 1)[-1]
        if local in ("value", "pos") and len(element) == 0:
            spots.append((element, None))
        spots += [
            (element, name)
            for name in element.attrib
            if str(name).rsplit("}", 1)[-1] in _XML_NUMBERS | _XML_DATES
        ]
        spots += [
            (element, name) for name in element.attrib if name in ("currency", "default-currency", XML_LANG)
        ]
    if not spots:
        return False
    element, name = rng.choice(spots)
    local = (name or "").rsplit("}", 1)[-1]
    if name is None or local in _XML_NUMBERS:
        value = rng.choice(
            [
                huge_numbers(rng, ctx.scale),
                canonical(rng, huge_numbers(rng, ctx.scale)),
                odd_number_strings(rng),
            ]
        )
    elif local in _XML_DATES:
        value = odd_dates(rng) + rng.choice(["", "T00:00:00", "T25:61:61Z", "Z"])
    else:
        value = rng.choice(
            ["", "eur", "EUR ", "XXX", "ZZZ", "en", "EN", "x-fuzz", "zz", "\u0410", long_text(rng, ctx.scale)]
        )
    if name is None:
        element.text = value
    else:
        element.set(name, value)
    return True


XML_MUTATORS: tuple[Callable[[Context, Any], bool], ...] = (
    x_field,
    x_field,
    x_remove,
    x_duplicate,
    x_nest,
    x_swap,
    x_attribute,
    x_attribute,
    x_text,
    x_text,
    x_unknown,
    x_root,
    x_deep,
)

_DTDS = (
    b'<!DOCTYPE iati-activities [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>',
    b'<!DOCTYPE iati-activities [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE iati-activities SYSTEM "http://example.invalid/x.dtd">',
    b"<!DOCTYPE iati-activities>",
)


def mutate_xml_text(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    """A raw mutation of XML: the byte mutations plus DTDs, entities and declarations."""
    choice = rng.randrange(6)
    if choice == 0:
        body = re.sub(rb"^<\?xml[^>]*\?>", b"", data)
        return b'<?xml version="1.0"?>' + rng.choice(_DTDS) + body, "xml.doctype"
    if choice == 1:
        junk = rng.choice(
            [b"&d;", b"&x;", b"&undefined;", b"&#0;", b"&#xD800;", b"&#1;", b"\x01", b"]]>", b"<![CDATA[x]]>"]
        )
        spots = [m.end() for m in re.finditer(rb">", data)]
        position = rng.choice(spots) if spots else 0
        return data[:position] + junk + data[position:], "xml.entity"
    if choice == 2:
        declaration = rng.choice(
            [
                b'<?xml version="1.0" encoding="latin-1"?>',
                b'<?xml version="1.1"?>',
                b'<?xml version="1.0" encoding="UTF-16"?>',
                b"",
            ]
        )
        return declaration + re.sub(rb"^<\?xml[^>]*\?>", b"", data), "xml.declaration"
    data, name = mutate_text(rng, data)
    return data, name


def mutate_xml(
    rng: random.Random,
    seeds: Sequence[XmlSeed],
    scale: Scale = FULL,
    *,
    tag: str = "0",
    text_rate: float = 0.2,
) -> tuple[bytes, dict[str, Any]]:
    """A mutated IATI XML document cut from ``seeds``, and its ``meta`` (mutations and markers)."""
    ctx = Context(rng, scale, tag)
    root = xml_slice(rng, rng.choice(seeds))
    names: list[str] = []
    for _ in range(rng.choice(_HOW_MANY)):
        mutator = rng.choice(XML_MUTATORS)
        if mutator(ctx, root):
            names.append(mutator.__name__)
    data = lxml_etree().tostring(root, xml_declaration=True, encoding="UTF-8")
    if rng.random() < text_rate:
        data, name = mutate_xml_text(rng, data)
        names.append(name)
    return data, {"mutations": names, "markers": [m for m in ctx.markers if m.encode() in data]}


def xml_identifiers(data: bytes) -> list[str]:
    """The ``iati-identifier`` texts of a document lxml can read (none if it cannot)."""
    etree = lxml_etree()
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    activities = [root] if root.tag == "iati-activity" else list(root.iter("iati-activity"))
    found = []
    for activity in activities:
        for element in activity.iter("iati-identifier"):
            text = " ".join((element.text or "").split())
            if text and text not in found:
                found.append(text)
    return found


def xml_texts(data: bytes) -> set[str]:
    """The texts of every element of ``data``, white space collapsed."""
    etree = lxml_etree()
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    found = set()
    for element in root.iter():
        if isinstance(element.tag, str):
            found.add(" ".join((element.text or "").split()))
    return found


# --- seeds --------------------------------------------------------------------------------------------------


def json_seeds(strategy_documents: int = 24, seed: int = 0) -> list[str]:
    """The bundled seed catalogue, each of its programmes alone, and documents from the strategies."""
    from itaproj import examples
    from itaproj.io import dumps

    texts = [examples.text()]
    repo_copy = ROOT / "examples" / "catalogue.json"
    if repo_copy.exists() and repo_copy.read_text(encoding="utf-8") != texts[0]:
        texts.append(repo_copy.read_text(encoding="utf-8"))
    catalogue = examples.load()
    texts += [dumps(programme, indent=True) for programme in catalogue]
    texts += strategy_seeds(strategy_documents, seed)
    return texts


def strategy_seeds(count: int, seed: int, max_programmes: int = 2) -> list[str]:
    """``count`` catalogues drawn from :func:`itaproj.testing.catalogues`, deterministically."""
    if count <= 0:
        return []
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    from itaproj.errors import ItaprojError
    from itaproj.io import dumps
    from itaproj.testing import catalogues

    found: list[str] = []

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(catalogues(max_programmes=max_programmes))
    def draw(catalogue: Any) -> None:
        with contextlib.suppress(ItaprojError):
            found.append(dumps(catalogue, indent=True))

    draw()
    return found


def extras_seeds(xml_seeds: Sequence[XmlSeed], rng: random.Random, count: int = 12) -> list[str]:
    """JSON documents with IATI extras: activities of the XML seeds read and written as JSON."""
    from itaproj import iati
    from itaproj.errors import ItaprojError
    from itaproj.io import dumps

    etree = lxml_etree()
    texts = []
    for index in range(count):
        seed = xml_seeds[index % len(xml_seeds)]
        root = xml_slice(rng, seed)
        try:
            catalogue = iati.read(io.BytesIO(etree.tostring(root, xml_declaration=True, encoding="UTF-8")))
            texts.append(dumps(catalogue, indent=True))
        except ItaprojError:
            continue
    return texts


@dataclasses.dataclass
class Corpus:
    """Everything inputs are made from."""

    json: list[str]
    xml: list[XmlSeed]
    extras: list[str]


def build_corpus(seed: int, xml_folder: Path = XML_SEEDS, strategy_documents: int = 24) -> Corpus:
    """Load the seeds (a few seconds: the real IATI files are parsed once)."""
    files = xml_seed_files(xml_folder)
    if not files:
        raise SystemExit(f"fuzz: no IATI seed files under {xml_folder} (real/*.xml, {OFFICIAL_EXAMPLE})")
    xml = load_xml_seeds(files)
    return Corpus(
        json_seeds(strategy_documents, seed), xml, extras_seeds(xml, random.Random(seed), count=len(xml) * 2)
    )


# --- inputs -------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Task:
    """One fuzz input: which target runs it, its bytes, and what must hold."""

    index: int
    target: str
    payload: bytes
    meta: dict[str, Any]


_GOOD_LOCALES = ["en", "uk", "ru", "kk", "uk-UA", "en_GB", "ja", "ar", "de"]
_BAD_LOCALES = ["zz", "", "eur", "x" * 300, "en--US", "\u00e9"]
_GOOD_DATES = ["2019-06-01", "2030-01-01", "1990-12-31"]
_BAD_DATES = ["June", "2019-02-30", "", "2019-6-1", "yesterday"]
_GOOD_CURRENCIES = ["EUR", "USD", "UAH", "KZT", "CAD"]
_BAD_CURRENCIES = ["eur", "EURO", "", "E", "€", "ZZZ"]
_GOOD_RATES = [
    "EUR:USD:1.10:2020-01-02",
    "KZT:EUR:0.0021:2017-01-02",
    "USD:UAH:27.5:2019-01-01",
    "CAD:EUR:0.68:2018-06-30",
]
_BAD_RATES = [
    "EUR-USD",
    "EUR:USD:0:2020-01-01",
    "EUR:USD:-1:2020-01-01",
    "EUR:USD:x:2020-01-01",
    "EUR:EUR:1:2020-01-01",
    "eur:USD:1:2020-01-01",
    "EUR:USD:1.1:2020-02-30",
    "EUR:USD:1.1:2020-01-01:x",
    "EUR:USD:NaN:2020-01-01",
    "EUR:USD::2020-01-01",
    ":::",
]


def cli_command(rng: random.Random, input_suffix: str) -> tuple[list[str], dict[str, Any]]:
    """An ``itaproj`` command line for the input ``IN`` (output ``OUT``) and what its status must be."""
    bad = False

    def pick(good: list[str], wrong: list[str], bad_rate: float = 0.15) -> str:
        nonlocal bad
        if rng.random() < bad_rate:
            bad = True
            return rng.choice(wrong)
        return rng.choice(good)

    command = rng.choice(["validate", "report", "metrics", "convert"])
    argv = [command, "IN"]
    out_suffix = None
    if command == "validate":
        if rng.random() < 0.6:
            argv.append("--json")
    elif command == "report":
        if rng.random() < 0.7:
            argv += ["--locale", pick(_GOOD_LOCALES, _BAD_LOCALES)]
        argv += rng.choice([[], ["--json"], ["--html"]])
    elif command == "metrics":
        if rng.random() < 0.5:
            argv.append("--json")
        if rng.random() < 0.4:
            argv += ["--at", pick(_GOOD_DATES, _BAD_DATES)]
        currency = rng.random() < 0.6
        if currency:
            argv += ["--currency", pick(_GOOD_CURRENCIES, _BAD_CURRENCIES)]
        before = bad
        rates = [pick(_GOOD_RATES, _BAD_RATES) for _ in range(rng.choice((0, 1, 2, 3)))]
        if rates and rng.random() < 0.1:
            rates.append(rates[0])  # the same pair twice
            bad = True
        if rates and not currency:
            if rng.random() < 0.8:
                rates, bad = [], before
            else:
                bad = True  # rates serve only a total in a currency
        for rate in rates:
            argv += ["--rate", rate]
    else:
        out_suffix = rng.choice([".xml", ".json", ".xml", ".json", ".XML", ".csv"])
        argv.append("OUT")
        if rng.random() < 0.2:
            argv += ["--reporting-org", rng.choice(["gac", "eu", "nobody", ""])]
    return argv, {
        "usage_error": bad or out_suffix == ".csv",
        "out_suffix": out_suffix,
        "existing_output": rng.random() < 0.7,
        "input_suffix": input_suffix,
    }


def make_task(index: int, seed: int, corpus: Corpus, targets: Sequence[str], scale: Scale = FULL) -> Task:
    """Input ``index`` of the run with ``seed``: the same every time."""
    rng = random.Random(f"itaproj-fuzz:{seed}:{index}")
    weights = [WEIGHTS[t] for t in targets]
    target = rng.choices(list(targets), weights)[0]
    tag = f"{index:x}"
    if target == "json":
        payload, meta = mutate_json(rng, rng.choice(corpus.json), scale, tag=tag)
    elif target == "xml":
        payload, meta = mutate_xml(rng, corpus.xml, scale, tag=tag)
    elif target == "extras":
        mutators = (m_extras, m_extras, m_extras, *JSON_MUTATORS)
        payload, meta = mutate_json(
            rng, rng.choice(corpus.extras), scale, tag=tag, mutators=mutators, text_rate=0.03
        )
    else:
        if rng.random() < 0.55:
            payload, meta = mutate_json(rng, rng.choice(corpus.json), scale, tag=tag, text_rate=0.1)
            suffix = rng.choice([".json"] * 8 + [".JSON", ".txt", ".xml"])
        else:
            payload, meta = mutate_xml(rng, corpus.xml, scale, tag=tag)
            suffix = rng.choice([".xml"] * 9 + [".json"])
        argv, command = cli_command(rng, suffix)
        meta = {**meta, "argv": argv, **command}
    if rng.random() < 0.5 and target != "cli":
        meta["as_text"] = True
    return Task(index, target, payload, meta)


# --- running one input ---------------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    """The outcome of one call on one input."""

    step: str
    outcome: str
    kind: str = ""
    message: str = ""
    frames: list[str] = dataclasses.field(default_factory=list)
    trace: str = ""

    def key(self) -> str:
        """The class of the outcome: bugs with the same key are one bug."""
        where = self.frames[-1] if self.frames else ""
        return f"{self.outcome} | {self.step} | {self.kind} | {where}"


def _frames(error: BaseException) -> list[str]:
    """``file:function`` of the innermost frame outside itaproj, then of the innermost in itaproj."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if f"{os.sep}itaproj{os.sep}" in f.filename and "fuzz.py" not in f.filename]
    found = []
    if frames and frames[-1] not in ours:
        found.append(f"{_short(frames[-1].filename)}:{frames[-1].name}")
    if ours:
        found.append(f"{_short(ours[-1].filename)}:{ours[-1].name}")
    return found


def _short(filename: str) -> str:
    parts = Path(filename).parts
    for anchor in ("itaproj", "site-packages"):
        if anchor in parts:
            return "/".join(parts[len(parts) - parts[::-1].index(anchor) - 1 :])
    return "/".join(parts[-2:])


class Runner:
    """Runs the steps of one input, recording an outcome for each call."""

    def __init__(self, notify: Callable[[str], None]) -> None:
        self.notify = notify
        self.results: list[Result] = []

    def call(
        self, step: str, function: Callable[..., Any], *args: Any, any_error_is_bug: bool = False
    ) -> Any:
        """``function(*args)``; returns its value, or :data:`None` after an error (recorded)."""
        from itaproj.errors import ItaprojError

        self.notify(step)
        try:
            value = function(*args)
        except ItaprojError as error:
            if any_error_is_bug:
                self.bug(step, error)
            else:
                self.results.append(Result(step, "expected", type(error).__name__, _clip(str(error), 200)))
            return None
        except Exception as error:  # the point of fuzzing: anything else is a bug
            self.bug(step, error)
            return None
        self.results.append(Result(step, "ok"))
        return value

    def bug(self, step: str, error: BaseException) -> None:
        """Record ``error`` as a bug of ``step``."""
        name = f"{type(error).__module__}.{type(error).__qualname__}".removeprefix("builtins.")
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__, limit=-12))
        self.results.append(Result(step, "bug", name, _clip(str(error)), _frames(error), trace[-6000:]))

    def loss(self, step: str, kind: str, message: str) -> None:
        """Record data lost or silently changed by ``step``."""
        self.results.append(Result(step, "loss", kind, _clip(message)))

    def broken(self, step: str, kind: str, message: str) -> None:
        """Record a broken promise (not an exception) as a bug of ``step``."""
        self.results.append(Result(step, "bug", kind, _clip(message)))


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} characters)"


def _catalogue(obj: Any) -> Any:
    from itaproj.programme import Catalogue, Programme

    if isinstance(obj, Catalogue):
        return obj
    if isinstance(obj, Programme):
        return Catalogue((obj,))
    return None


def all_metrics(catalogue: Any) -> Any:
    """Every programme's metrics and the catalogue's, totalled in euros with a few rates."""
    from itaproj.io import to_builtins
    from itaproj.metrics import catalogue_metrics, programme_metrics
    from itaproj.money import ExchangeRate

    rates = [
        ExchangeRate("EUR", "USD", "1.1", dt.date(2020, 1, 2)),
        ExchangeRate("KZT", "EUR", "0.0021", dt.date(2017, 1, 2)),
        ExchangeRate("USD", "UAH", "27.5", dt.date(2019, 1, 1)),
        ExchangeRate("GBP", "EUR", "1.15", dt.date(2019, 1, 1)),
    ]
    for programme in catalogue:
        programme_metrics(programme)
    return to_builtins(catalogue_metrics(catalogue, at=dt.date(2019, 6, 1), currency="EUR", rates=rates))


def all_renderings(obj: Any, locale: str) -> int:
    """The text report, the HTML page and the cards as JSON, in ``locale``; their total length."""
    import attrs

    from itaproj.l10n.card import catalogue_cards, programme_card
    from itaproj.l10n.html import html_page
    from itaproj.l10n.report import render_report
    from itaproj.programme import Programme

    size = len(render_report(obj, locale)) + len(html_page(obj, locale))
    cards = (programme_card(obj, locale),) if isinstance(obj, Programme) else catalogue_cards(obj, locale)
    return size + len(json.dumps([attrs.asdict(card) for card in cards], ensure_ascii=False))


def _model_steps(run: Runner, obj: Any, markers: Sequence[str], prefix: str = "") -> None:
    """check, metrics, l10n and the JSON round trip of a loaded object."""
    from itaproj.checks import check
    from itaproj.io import dumps, loads

    catalogue = _catalogue(obj)
    if catalogue is not None:
        run.call("check", check, obj)
        run.call("metrics", all_metrics, catalogue)
        for locale in LOCALES:
            run.call("l10n", all_renderings, obj, locale)
    text = run.call(f"{prefix}roundtrip", dumps, obj, any_error_is_bug=True)
    if text is None:
        return
    again = run.call(f"{prefix}roundtrip", loads, text, any_error_is_bug=True)
    if again is not None and again != obj:
        run.loss(f"{prefix}roundtrip", "json round trip", "loads(dumps(x)) != x")
    for marker in markers:
        if marker not in text:
            run.loss(
                f"{prefix}roundtrip",
                "marker dropped",
                f"{marker} was in the input, not in dumps(loads(input))",
            )
            break


def run_json(run: Runner, task: Task) -> None:
    """The ``json`` target."""
    from itaproj.io import loads

    payload: str | bytes = task.payload
    if task.meta.get("as_text"):
        with contextlib.suppress(UnicodeDecodeError):
            payload = task.payload.decode("utf-8")
    obj = run.call("loads", loads, payload)
    if obj is None:
        return
    if task.meta.get("must_reject"):
        run.loss("loads", "accepted", f"loaded although it holds {task.meta['must_reject']}")
    if task.meta.get("canonical"):
        run.loss("loads", "number rewritten", f"loaded {task.meta['canonical'][0]!r} as a number")
    _model_steps(run, obj, task.meta.get("markers", ()))


def _write_xml(catalogue: Any) -> bytes:
    from itaproj import iati

    buffer = io.BytesIO()
    iati.write(catalogue, buffer)
    return buffer.getvalue()


def _read_xml(data: bytes) -> Any:
    from itaproj import iati

    return iati.read_with_findings(io.BytesIO(data))


def _iter_xml(data: bytes) -> int:
    from itaproj import iati

    return sum(1 for _ in iati.iter_programmes(io.BytesIO(data)))


def _validate_xml(data: bytes) -> Any:
    from itaproj import iati

    return iati.validate(io.BytesIO(data))


def _xml_round_trip(run: Runner, catalogue: Any, step: str) -> tuple[bytes | None, Any]:
    """write, then read what was written: a writer's file that does not read back is a loss."""
    from itaproj.errors import LoadError

    written = run.call(f"{step}.write", _write_xml, catalogue)
    if written is None:
        return None, None
    run.notify(f"{step}.reread")
    try:
        again, _ = _read_xml(written)
    except LoadError as error:
        run.loss(f"{step}.reread", "unreadable output", f"the written XML does not read back: {error}")
        return written, None
    except Exception as error:  # anything but LoadError is a bug
        run.bug(f"{step}.reread", error)
        return written, None
    run.results.append(Result(f"{step}.reread", "ok"))
    return written, again


def run_xml(run: Runner, task: Task) -> None:
    """The ``xml`` target."""
    read = run.call("iati.read", _read_xml, task.payload)
    run.call("iati.iter", _iter_xml, task.payload)
    run.call("iati.validate", _validate_xml, task.payload)
    if read is None:
        return
    catalogue, findings = read
    _model_steps(run, catalogue, (), prefix="json.")
    written, again = _xml_round_trip(run, catalogue, "iati")
    if written is None or again is None:
        return
    if any(finding.rule == "iati.upgrade.kept" for finding in findings):
        # 1.0x content the upgrade could not carry over is kept verbatim (and reported); written
        # into a 2.03 file it is read as 2.03 there. Its bytes must survive (the markers below),
        # not its reading.
        run.results.append(Result("iati.roundtrip", "expected", "1.0x content kept verbatim"))
    elif again != as_written(catalogue):
        run.loss("iati.roundtrip", "xml round trip", "read(write(read(x))) != read(x)")
    else:
        run.results.append(Result("iati.roundtrip", "ok"))
    text = written.decode("utf-8", "replace")
    for marker in kept_markers(task.payload, task.meta.get("markers", ())):
        if marker not in text:
            run.loss(
                "iati.roundtrip", "marker dropped", f"{marker} was in the input, not in write(read(input))"
            )
            break
    identifiers = xml_identifiers(task.payload)
    if identifiers:
        texts = xml_texts(written)
        missing = [i for i in identifiers if i not in texts]
        if missing:
            run.loss(
                "iati.roundtrip",
                "identifier dropped",
                f"iati-identifier {missing[0]!r} is not in write(read(x))",
            )


def as_written(catalogue: Any) -> Any:
    """``catalogue`` with the one stand-in the IATI writer makes (and reports): the key as identifier.

    A programme without an IATI identifier (an activity whose ``iati-identifier`` is missing or
    blank) is written with its key in ``iati-identifier``, with an ``iati.write.identifier``
    finding; read again, that is its identifier. One whose unreadable identifier was kept
    verbatim is written with that.
    """
    import attrs

    def identified(programme: Any) -> bool:
        return programme.iati_identifier is not None or any(
            extra.path.startswith("iati-identifier[") for extra in programme.extras
        )

    programmes = tuple(
        p if identified(p) else attrs.evolve(p, iati_identifier=p.key) for p in catalogue.programmes
    )
    return attrs.evolve(catalogue, programmes=programmes)


def kept_markers(data: bytes, markers: Sequence[str]) -> list[str]:
    """The markers inside an activity or on the root: the reader ignores other root children.

    It says so in an ``iati.lenient.root-child`` finding, so dropping those is not a silent loss;
    nor is the root's ``version``, which the writer replaces with the version it writes, nor
    the name of a coded element in a 1.0x file, which the upgrade drops with a finding.
    """
    if not markers:
        return []
    etree = lxml_etree()
    try:
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except (etree.XMLSyntaxError, ValueError):
        return []
    if root is None:
        return []
    if str(root.get("version", "")).strip().startswith("1"):
        # The 1.0x upgrade drops the name of a coded element (2.01 removed them), reported as
        # an iati.upgrade finding: that text is not expected in the 2.03 output.
        for element in root.iter():
            if isinstance(element.tag, str) and (element.get("code") or "").strip():
                element.text = None
    if root.tag == "iati-activity":
        kept = etree.tostring(root).decode("utf-8", "replace")
    else:
        # the root's version is not data: the writer always writes IATI 2.03
        parts = [" ".join(f"{k}={v}" for k, v in root.attrib.items() if k != "version"), str(root.tag)]
        parts += [etree.tostring(e).decode("utf-8", "replace") for e in root.iter("iati-activity")]
        kept = "\n".join(parts)
    return [m for m in markers if m in kept]


def run_extras(run: Runner, task: Task) -> None:
    """The ``extras`` target: JSON with IATI extras -> iati.write -> iati.read, twice."""
    from itaproj.io import loads

    obj = run.call("loads", loads, task.payload)
    catalogue = _catalogue(obj)
    if catalogue is None:
        return
    _, first = _xml_round_trip(run, catalogue, "extras")
    if first is None:
        return
    _, second = _xml_round_trip(run, first, "extras.again")
    if second is not None and second != first:
        run.loss("extras.roundtrip", "xml round trip", "read(write(c)) != c for c = read(write(loads(x)))")


class _Stream(io.TextIOWrapper):
    """A text stream like a real stdout: UTF-8, strict, on bytes."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", errors="strict", newline="")

    def text(self) -> str:
        """Everything written."""
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode("utf-8", "replace")


_SENTINEL = b"the previous output, which a failed convert must leave untouched\n"


def run_cli(run: Runner, task: Task) -> None:
    """The ``cli`` target: ``itaproj.cli.main`` on a file in a fresh folder."""
    from itaproj.cli import main

    meta = task.meta
    step = f"cli.{meta['argv'][0]}"
    with tempfile.TemporaryDirectory(prefix="itaproj-fuzz-") as folder:
        base = Path(folder)
        source = base / f"in{meta['input_suffix']}"
        source.write_bytes(task.payload)
        target = base / f"out{meta['out_suffix']}" if meta["out_suffix"] else None
        if target is not None and meta["existing_output"]:
            target.write_bytes(_SENTINEL)
        argv = [str(source) if a == "IN" else str(target) if a == "OUT" else a for a in meta["argv"]]
        out, err = _Stream(), _Stream()
        run.notify(step)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(argv)
        except BaseException as error:  # main must return, whatever happens
            if isinstance(error, KeyboardInterrupt):
                raise
            run.bug(step, error)
            return
        stdout, stderr = out.text(), err.text()
        problems = _cli_problems(meta, argv, status, stdout, stderr)
        if problems:
            run.broken(step, problems[0][0], problems[0][1])
        files = {p.name for p in base.iterdir()}
        written = status == 0 or _written_invalid(argv, status, stdout)
        expected = {source.name} | (
            {target.name} if target is not None and (written or meta["existing_output"]) else set()
        )
        if files != expected:
            run.loss(
                step,
                "files left",
                f"exit {status}; the folder holds {sorted(files)}, expected {sorted(expected)}",
            )
        elif (
            target is not None
            and not written
            and meta["existing_output"]
            and target.read_bytes() != _SENTINEL
        ):
            run.loss(step, "output overwritten", f"exit {status}, yet the existing output was replaced")
        elif target is not None and status == 0:
            _check_converted(run, step, target)
        if not problems and not any(r.outcome in ("loss", "bug") for r in run.results):
            run.results.append(Result(step, "ok" if status == 0 else "expected", f"exit {status}"))


def _written_invalid(argv: list[str], status: int, stdout: str) -> bool:
    """``convert`` wrote IATI XML that is not schema-valid: exit 1, the findings on stdout."""
    return argv[0] == "convert" and status == 1 and "not schema-valid IATI" in stdout


def _cli_problems(
    meta: dict[str, Any], argv: list[str], status: int, stdout: str, stderr: str
) -> list[tuple[str, str]]:
    problems = []
    if status not in (0, 1, 2):
        problems.append(("exit status", f"exit status {status!r}"))
    if "Traceback" in stderr:
        problems.append(("traceback", stderr[-300:]))
    reported = argv[0] == "validate" or _written_invalid(argv, status, stdout)
    if status != 0 and not stderr.strip() and not (reported and status == 1 and stdout.strip()):
        problems.append(("silent failure", f"exit {status} with nothing on stderr"))
    if meta["usage_error"] and status != 2:
        problems.append(
            ("usage exit status", f"a usage error exited {status}: {' '.join(argv[:1] + argv[2:])[:200]}")
        )
    if "--json" in argv:
        try:
            json.loads(stdout)
        except ValueError:
            problems.append(
                ("json output", f"--json printed no JSON document (exit {status}): {stdout[:120]!r}")
            )
    return problems


def _check_converted(run: Runner, step: str, target: Path) -> None:
    from itaproj import iati
    from itaproj.errors import ItaprojError
    from itaproj.io import load

    try:
        if target.suffix.lower() == ".xml":
            iati.read(target)
        else:
            load(target)
    except ItaprojError as error:
        run.loss(
            step, "unreadable output", f"convert exited 0 but its output does not load: {_clip(str(error))}"
        )


RUNNERS: dict[str, Callable[[Runner, Task], None]] = {
    "json": run_json,
    "xml": run_xml,
    "extras": run_extras,
    "cli": run_cli,
}


def run_task(task: Task, notify: Callable[[str], None] = lambda step: None) -> list[Result]:
    """Run every step of ``task`` in this process; the outcomes, in order."""
    runner = Runner(notify)
    RUNNERS[task.target](runner, task)
    return runner.results


# --- worker processes ------------------------------------------------------------------------------------------


def preload() -> None:
    """Import every module the targets use, so forked workers all run the code the run started with."""
    import importlib

    for name in (
        "itaproj.checks",
        "itaproj.cli",
        "itaproj.iati",
        "itaproj.iati._read",
        "itaproj.iati._write",
        "itaproj.iati.rules",
        "itaproj.iati.schema",
        "itaproj.io",
        "itaproj.l10n.card",
        "itaproj.l10n.html",
        "itaproj.l10n.report",
        "itaproj.metrics",
    ):
        importlib.import_module(name)


def _worker(connection: Connection, memory_mb: int) -> None:
    """Run tasks from ``connection``, announcing each step, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if memory_mb:
        with contextlib.suppress(ImportError, ValueError, OSError):
            import resource

            limit = memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    while True:
        task = connection.recv()
        if task is None:
            return
        results = run_task(task, lambda step: connection.send(("step", step)))
        connection.send(("done", results))


@dataclasses.dataclass
class _Slot:
    process: Any
    connection: Connection
    task: Task | None = None
    step: str = ""
    since: float = 0.0
    cpu: float = 0.0


def _cpu_seconds(pid: int) -> float | None:
    """The CPU time process ``pid`` has used (user and system), or ``None`` where unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Pool:
    """Worker processes that run tasks, each call under a time limit."""

    def __init__(self, workers: int, timeout: float, memory_mb: int) -> None:
        methods = multiprocessing.get_all_start_methods()
        self.context: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.slots = [self._start() for _ in range(workers)]

    def _start(self) -> _Slot:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker, args=(child, self.memory_mb), daemon=True)
        process.start()
        child.close()
        return _Slot(process, parent)

    def _replace(self, slot: _Slot) -> _Slot:
        slot.process.kill()
        slot.process.join()
        slot.connection.close()
        return self._start()

    def run(self, tasks: Iterator[Task]) -> Iterator[tuple[Task, list[Result]]]:
        """Each task with its results, as they finish (not in order with several workers)."""
        pending = iter(tasks)
        exhausted = False
        while True:
            for index, slot in enumerate(self.slots):
                if slot.task is None and not exhausted:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    slot.task, slot.step, slot.since = task, "start", time.monotonic()
                    slot.cpu = _cpu_seconds(slot.process.pid) or 0.0
                    slot.connection.send(task)
                    self.slots[index] = slot
            busy = [s for s in self.slots if s.task is not None]
            if not busy:
                break
            ready = wait([s.connection for s in busy], timeout=min(1.0, self.timeout / 4))
            now = time.monotonic()
            for index, slot in enumerate(self.slots):
                if slot.task is None:
                    continue
                if slot.connection in ready:
                    try:
                        message = slot.connection.recv()
                    except (EOFError, OSError):
                        slot.process.join(timeout=5)
                        code = slot.process.exitcode
                        task, step = slot.task, slot.step
                        self.slots[index] = self._replace(slot)
                        yield task, [Result(step, "crash", f"worker died (exit code {code})")]
                        continue
                    if message[0] == "step":
                        slot.step, slot.since = message[1], now
                        slot.cpu = _cpu_seconds(slot.process.pid) or 0.0
                    else:
                        task = slot.task
                        slot.task = None
                        yield task, message[1]
                elif self._overdue(slot, now):
                    task, step = slot.task, slot.step
                    self.slots[index] = self._replace(slot)
                    yield task, [Result(step, "hang", f"over {self.timeout:g} s")]

    def _overdue(self, slot: _Slot, now: float) -> bool:
        """Whether the slot's step has used more than the timeout of CPU (or ten times it by the clock)."""
        elapsed = now - slot.since
        if elapsed <= self.timeout:
            return False
        cpu = _cpu_seconds(slot.process.pid)
        return cpu is None or cpu - slot.cpu > self.timeout or elapsed > 10 * self.timeout

    def close(self) -> None:
        """Stop the workers."""
        for slot in self.slots:
            with contextlib.suppress(OSError, BrokenPipeError):
                slot.connection.send(None)
        for slot in self.slots:
            slot.process.join(timeout=5)
            if slot.process.is_alive():
                slot.process.kill()


# --- the report ---------------------------------------------------------------------------------------------------


@dataclasses.dataclass
class BugClass:
    """One distinct problem: how often, where, and the first inputs that showed it."""

    key: str
    result: Result
    count: int = 0
    inputs: list[int] = dataclasses.field(default_factory=list)
    saved: list[str] = dataclasses.field(default_factory=list)


class Tally:
    """Counts by outcome and by step, and the distinct bug classes with their reproducers."""

    def __init__(self, out: Path, seed: int) -> None:
        self.out = out
        self.seed = seed
        self.targets: Counter[str] = Counter()
        self.by_step: dict[str, Counter[str]] = {}
        self.inputs_by_outcome: Counter[str] = Counter()
        self.by_target: dict[str, Counter[str]] = {}
        self.classes: dict[str, BugClass] = {}
        self.refusals: dict[str, list[Any]] = {}

    def add(self, task: Task, results: list[Result]) -> None:
        """Count the outcomes of one input; save it if it shows a problem."""
        self.targets[task.target] += 1
        worst = "ok"
        for result in results:
            self.by_step.setdefault(result.step, Counter())[result.outcome] += 1
            if OUTCOMES.index(result.outcome) > OUTCOMES.index(worst):
                worst = result.outcome
            if result.outcome in ("bug", "hang", "crash", "loss"):
                self._problem(task, result)
            elif result.outcome == "expected" and result.step in AFTER_LOADING:
                pattern = re.sub(
                    r"'[^']*'|\d+", "…", result.message.splitlines()[0] if result.message else ""
                )
                key = f"{result.step} | {result.kind} | {pattern[:120]}"
                entry = self.refusals.setdefault(key, [0, task.index, result.message])
                entry[0] += 1
        self.inputs_by_outcome[worst] += 1
        self.by_target.setdefault(task.target, Counter())[worst] += 1

    def _problem(self, task: Task, result: Result) -> None:
        key = result.key()
        found = self.classes.get(key)
        if found is None:
            found = self.classes[key] = BugClass(key, result)
        found.count += 1
        if len(found.inputs) < 20:
            found.inputs.append(task.index)
        if len(found.saved) < 3:
            found.saved.append(str(save_reproducer(self.out, key, task, result, self.seed)))

    def report(self, stream: Any, elapsed: float, total: int) -> None:
        """Print counts by outcome and by step, then the distinct problem classes."""
        stream.write(f"\n{total} inputs in {elapsed:.0f} s ({total / max(elapsed, 1e-9):.1f}/s)\n")
        stream.write(
            "inputs by target: " + ", ".join(f"{t} {n}" for t, n in sorted(self.targets.items())) + "\n"
        )
        stream.write(
            "inputs by worst outcome: "
            + ", ".join(f"{o} {self.inputs_by_outcome[o]}" for o in OUTCOMES)
            + "\n\n"
        )
        width = max([len(s) for s in self.by_step] + [6])
        stream.write(
            f"{'target':<{width}} " + " ".join(f"{o:>9}" for o in OUTCOMES) + "  (inputs by worst outcome)\n"
        )
        for target in sorted(self.by_target):
            counts = self.by_target[target]
            stream.write(f"{target:<{width}} " + " ".join(f"{counts[o]:>9}" for o in OUTCOMES) + "\n")
        stream.write(f"\n{'step':<{width}} " + " ".join(f"{o:>9}" for o in OUTCOMES) + "  (calls)\n")
        for step in sorted(self.by_step):
            counts = self.by_step[step]
            stream.write(f"{step:<{width}} " + " ".join(f"{counts[o]:>9}" for o in OUTCOMES) + "\n")
        if self.refusals:
            stream.write("\nItaprojError raised on data that had loaded (counted as expected):\n")
            for key, (count, index, message) in sorted(self.refusals.items(), key=lambda kv: -kv[1][0]):
                stream.write(
                    f"- {key.split(' | ')[0]}: {key.split(' | ')[1]} x{count} (input {index}): {message[:160]}\n"
                )
        stream.write(f"\n{len(self.classes)} distinct problem classes\n")
        for found in sorted(self.classes.values(), key=lambda c: (c.result.outcome, c.result.step, -c.count)):
            r = found.result
            where = " <- ".join(reversed(r.frames)) if r.frames else ""
            stream.write(f"- [{r.outcome}] {r.step}: {r.kind} x{found.count}  {where}\n")
            stream.write(f"    {r.message[:200]}\n")
            stream.write(
                f"    inputs {found.inputs[:5]}; reproducer {found.saved[0] if found.saved else '-'}\n"
            )

    def dump(self, elapsed: float, total: int, arguments: dict[str, Any]) -> None:
        """Write ``summary.json`` and ``classes.json`` to the output folder."""
        self.out.mkdir(parents=True, exist_ok=True)
        summary = {
            "arguments": arguments,
            "inputs": total,
            "seconds": round(elapsed, 1),
            "targets": dict(self.targets),
            "inputs_by_worst_outcome": {o: self.inputs_by_outcome[o] for o in OUTCOMES},
            "by_target": {t: {o: c[o] for o in OUTCOMES} for t, c in sorted(self.by_target.items())},
            "by_step": {s: {o: c[o] for o in OUTCOMES} for s, c in sorted(self.by_step.items())},
            "refusals_after_loading": {
                k: {"count": v[0], "input": v[1], "message": v[2]} for k, v in self.refusals.items()
            },
        }
        (self.out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        classes = [
            {
                **dataclasses.asdict(c.result),
                "key": c.key,
                "count": c.count,
                "inputs": c.inputs,
                "saved": c.saved,
            }
            for c in self.classes.values()
        ]
        (self.out / "classes.json").write_text(json.dumps(classes, indent=2) + "\n", encoding="utf-8")


def class_folder(out: Path, key: str) -> Path:
    """The folder of one problem class: a readable slug and a short hash of its key."""
    digest = hashlib.sha1(key.encode()).hexdigest()[:8]
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", " ".join(key.split(" | ")[:3]))[:60].strip("-")
    return out / f"{slug}-{digest}"


def save_reproducer(out: Path, key: str, task: Task, result: Result, seed: int) -> Path:
    """Save the input of ``task`` and what happened; returns the input's path."""
    folder = class_folder(out, key)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = task.meta.get("input_suffix") or (".xml" if task.target == "xml" else ".json")
    path = folder / f"input-{task.index}{suffix}"
    path.write_bytes(task.payload)
    info = {
        "key": key,
        "seed": seed,
        "index": task.index,
        "target": task.target,
        "rerun": f"python tools/fuzz.py --seed {seed} --only {task.index} --targets {task.target}",
        "meta": dict(task.meta),
        "result": dataclasses.asdict(result),
    }
    (folder / f"input-{task.index}.json.info").write_text(
        json.dumps(info, indent=2, default=str) + "\n", encoding="utf-8"
    )
    return path


# --- shrinking a reproducer -----------------------------------------------------------------------------------------


class _Timeout(Exception):
    """An attempt of the shrinker ran over its time."""


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Shrinker:
    """Greedy shrinking: drop keys, items, elements, attributes and bytes while the problem stays."""

    def __init__(self, task: Task, key: str, timeout: float, budget: int, seconds: float = 90.0) -> None:
        self.task = task
        self.key = key
        self.timeout = timeout
        self.budget = budget
        self.deadline = time.monotonic() + seconds
        self.tries = 0

    def shows(self, payload: bytes) -> bool:
        """Whether ``payload`` still shows the problem class."""
        if self.tries >= self.budget or time.monotonic() > self.deadline:
            self.tries = max(self.tries, self.budget)
            return False
        self.tries += 1
        meta = dict(self.task.meta)
        # markers still in the input must still come out; the other promises concern the whole input
        meta["markers"] = [m for m in meta.get("markers", ()) if m.encode() in payload]
        if " | accepted | " not in self.key:
            meta["must_reject"] = ""
        if " | number rewritten | " not in self.key:
            meta["canonical"] = []
        candidate = dataclasses.replace(self.task, payload=payload, meta=meta)
        try:
            with _time_limit(self.timeout):
                results = run_task(candidate)
        except _Timeout:
            return False
        return any(r.key() == self.key for r in results)

    def shrink(self) -> bytes:
        """The smallest input found."""
        payload = self.task.payload
        for method in (self._json, self._xml, self._bytes):
            smaller = method(payload)
            if smaller is not None:
                payload = smaller
        return payload

    def _json(self, payload: bytes) -> bytes | None:
        try:
            tree = parse_json(payload)
        except (ValueError, RecursionError):
            return None
        holder = Holder([tree])

        def text() -> bytes:
            return render_json(holder[0]).encode("utf-8", "surrogatepass")

        if not self.shows(text()):
            return None
        progress = True
        while progress and self.tries < self.budget:
            progress = False
            for container, index in _breadth_first(holder):
                if container is holder:
                    continue
                removed = container.pop(index)
                if self.shows(text()):
                    progress = True
                    break
                container.insert(index, removed)
                value = removed[1] if isinstance(container, Obj) else removed
                if isinstance(value, str) and len(value) > 16:
                    half = (
                        [removed[0], value[: len(value) // 2]]
                        if isinstance(container, Obj)
                        else value[: len(value) // 2]
                    )
                    container[index] = half
                    if self.shows(text()):
                        progress = True
                        break
                    container[index] = removed
        return text()

    def _xml(self, payload: bytes) -> bytes | None:
        etree = lxml_etree()
        try:
            root = etree.fromstring(
                payload, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
            )
        except (etree.XMLSyntaxError, ValueError):
            return None
        if root is None:
            return None

        def text() -> bytes:
            data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            return data

        if not self.shows(text()):
            return None
        progress = True
        while progress and self.tries < self.budget:
            progress = False
            for element in list(root.iter()):
                if element is root:
                    continue
                parent = element.getparent()
                if parent is None:
                    continue
                index = parent.index(element)
                tail = element.tail
                parent.remove(element)
                if self.shows(text()):
                    progress = True
                    break
                parent.insert(index, element)
                element.tail = tail
            if progress:
                continue
            for element in root.iter():
                if not isinstance(element.tag, str):
                    continue
                for name, value in list(element.attrib.items()):
                    del element.attrib[name]
                    if self.shows(text()):
                        progress = True
                        break
                    element.set(name, value)
                if progress:
                    break
        return text()

    def _bytes(self, payload: bytes) -> bytes | None:
        if len(payload) > 20_000 or not self.shows(payload):
            return None
        chunk = max(1, len(payload) // 2)
        while chunk >= 1 and self.tries < self.budget:
            start = 0
            while start < len(payload) and self.tries < self.budget:
                candidate = payload[:start] + payload[start + chunk :]
                if candidate and self.shows(candidate):
                    payload = candidate
                else:
                    start += chunk
            chunk //= 2
        return payload


def _breadth_first(root: Any) -> list[tuple[Any, int]]:
    """Every ``(container, index)``, shallow ones first."""
    found: list[tuple[Any, int]] = []
    level = [root]
    while level:
        following = []
        for node in level:
            if isinstance(node, (Obj, list)):
                for index in range(len(node)):
                    found.append((node, index))
                    following.append(_get(node, index))
        level = following
    return found


def shrink_classes(tally: Tally, corpus: Corpus, args: argparse.Namespace) -> None:
    """Shrink the first input of each bug class and save it as ``min-INDEX`` in its folder."""
    for found in tally.classes.values():
        if found.result.outcome not in ("bug", "loss") or not found.inputs:
            continue
        task = make_task(found.inputs[0], args.seed, corpus, args.targets)
        shrinker = Shrinker(task, found.key, min(args.timeout, 5.0), budget=400)
        started = time.monotonic()
        try:
            smaller = shrinker.shrink()
        except Exception as error:  # a shrinker problem must not lose the run's report
            sys.stderr.write(f"fuzz: could not shrink {found.key}: {error!r}\n")
            continue
        suffix = task.meta.get("input_suffix") or (".xml" if smaller.lstrip().startswith(b"<") else ".json")
        path = class_folder(tally.out, found.key) / f"min-{task.index}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(smaller)
        found.saved.insert(0, str(path))
        preview = (
            smaller[:300].decode("utf-8", "replace") if len(smaller) <= 300 else f"({len(smaller)} bytes)"
        )
        sys.stdout.write(
            f"shrunk {found.result.step} {found.result.kind}: {len(task.payload)} -> {len(smaller)} bytes "
            f"in {shrinker.tries} tries, {time.monotonic() - started:.0f} s: {preview}\n"
        )


# --- the command ---------------------------------------------------------------------------------------------------


def _parse_targets(text: str) -> list[str]:
    targets = [t.strip() for t in text.split(",") if t.strip()]
    unknown = sorted(set(targets) - set(TARGETS))
    if unknown or not targets:
        raise argparse.ArgumentTypeError(f"targets are {', '.join(TARGETS)} (got {text!r})")
    return targets


def build_parser() -> argparse.ArgumentParser:
    """The command line of the fuzz script."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=1000, help="how many inputs in all (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="the run's seed (default 0)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds one call may take (default 10)")
    parser.add_argument(
        "--targets", type=_parse_targets, default=list(TARGETS), help="comma-separated: " + ",".join(TARGETS)
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "fuzz-out", help="reproducers and summaries (default fuzz-out/)"
    )
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument(
        "--memory", type=int, default=3072, help="address-space limit of a worker in MiB (0: none)"
    )
    parser.add_argument(
        "--xml-seeds", type=Path, default=XML_SEEDS, help="folder with real/*.xml and the official example"
    )
    parser.add_argument("--start", type=int, default=0, help="index of the first input (default 0)")
    parser.add_argument("--only", type=int, help="run just this input, in-process, and print what happened")
    parser.add_argument("--save", type=Path, help="with --only: also write the input to this file")
    parser.add_argument(
        "--progress", type=float, default=30.0, help="seconds between progress lines (0: none)"
    )
    parser.add_argument(
        "--minimize",
        action="store_true",
        help="shrink the first input of each bug or loss class (or the --only one)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the fuzzer; exit 1 when any bug, hang, crash or loss was found."""
    args = build_parser().parse_args(argv)
    started = time.monotonic()
    corpus = build_corpus(args.seed, args.xml_seeds)
    sys.stderr.write(
        f"fuzz: {len(corpus.json)} JSON seeds, {len(corpus.xml)} XML files, {len(corpus.extras)} extras seeds "
        f"({time.monotonic() - started:.1f} s)\n"
    )
    if args.only is not None:
        return _only(args, corpus)
    preload()
    tally = Tally(args.out, args.seed)
    tasks = (
        make_task(i, args.seed, corpus, args.targets) for i in range(args.start, args.start + args.inputs)
    )
    pool = Pool(max(1, args.workers), args.timeout, args.memory)
    started = last = time.monotonic()
    done = 0
    failed = False
    try:
        for task, results in pool.run(tasks):
            tally.add(task, results)
            done += 1
            now = time.monotonic()
            if args.progress and now - last >= args.progress:
                last = now
                problems = sum(c.count for c in tally.classes.values())
                outcomes = ", ".join(f"{o} {tally.inputs_by_outcome[o]}" for o in OUTCOMES)
                sys.stderr.write(
                    f"fuzz: {done}/{args.inputs} inputs, {len(tally.classes)} classes, {problems} problems, "
                    f"{now - started:.0f} s ({outcomes})\n"
                )
    except KeyboardInterrupt:
        sys.stderr.write("fuzz: interrupted\n")
    except Exception:  # a bug of this tool (making an input): report what was done, then fail
        sys.stderr.write(f"fuzz: the tool failed after {done} inputs:\n{traceback.format_exc()}")
        failed = True
    finally:
        pool.close()
    elapsed = time.monotonic() - started
    tally.report(sys.stdout, elapsed, done)
    if args.minimize:
        shrink_classes(tally, corpus, args)
    tally.dump(elapsed, done, {k: str(v) for k, v in vars(args).items()})
    return 2 if failed else 1 if tally.classes else 0


def _only(args: argparse.Namespace, corpus: Corpus) -> int:
    task = make_task(args.only, args.seed, corpus, args.targets)
    if args.save is not None:
        args.save.write_bytes(task.payload)
    preview = task.payload[:600].decode("utf-8", "replace")
    meta = dict(task.meta)
    print(f"input {task.index}: target {task.target}, {len(task.payload)} bytes, meta {meta}\n{preview}\n")
    failed = False
    results = run_task(task, lambda step: print(f"  step {step}", file=sys.stderr))
    for result in results:
        print(f"{result.step}: {result.outcome} {result.kind} {result.message}")
        if result.trace:
            print(result.trace)
        failed |= result.outcome not in ("ok", "expected")
    if args.minimize:
        for key in dict.fromkeys(r.key() for r in results if r.outcome in ("bug", "loss")):
            shrinker = Shrinker(task, key, min(args.timeout, 5.0), budget=600)
            smaller = shrinker.shrink()
            print(
                f"\nshrunk for {key} ({len(task.payload)} -> {len(smaller)} bytes, {shrinker.tries} tries):"
            )
            print(smaller.decode("utf-8", "replace")[:3000])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
