"""JSON speed and memory: itaproj against the same shape as msgspec Structs and pydantic v2 models.

Run from the repository root::

    python benchmarks/bench_json.py            # 2,000 programmes (~20 MB), scaling from 400
    python benchmarks/bench_json.py --quick    # 200 programmes, a smoke run

All three sides read the SAME bytes, written by ``itaproj.io.dumps``, and each dumps its own
loaded objects. Rounds are interleaved (itaproj, msgspec, pydantic in a rotating order) and
medians reported. This is a script, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pydantic

sys.path.insert(0, str(Path(__file__).resolve().parent))

import shapes

import itaproj
from itaproj import (
    Activity,
    ActivityKind,
    Budget,
    BudgetKind,
    BudgetLine,
    BudgetStatus,
    Catalogue,
    Component,
    CountryShare,
    CrossCuttingTheme,
    DateKind,
    Indicator,
    KeyDate,
    LocalizedText,
    Measure,
    Money,
    Observation,
    Organisation,
    PartialDate,
    Participant,
    Period,
    Programme,
    ProgrammeKind,
    Qualifier,
    Result,
    ResultKind,
    Role,
    SectorShare,
    Status,
)
from itaproj.io import dumps, encode, from_builtins, loads, to_builtins

# --- a synthetic catalogue -----------------------------------------------------------------------


def _vocabulary(text: str) -> list[str]:
    return text.split()


_EN = _vocabulary(
    "local economic development municipal governance energy efficiency small business support "
    "public finance transparency decentralisation capacity building community services water "
    "supply waste management regional planning investment promotion digital services training "
    "women entrepreneurs youth employment agriculture value chains tourism infrastructure"
)
_UK = _vocabulary(
    "місцевий економічний розвиток муніципальне врядування енергоефективність підтримка малого "
    "бізнесу публічні фінанси прозорість децентралізація розбудова спроможності громади послуги "
    "водопостачання поводження з відходами регіональне планування інвестиції цифрові послуги "
    "навчання жінки підприємниці молодь зайнятість сільське господарство туризм інфраструктура"
)
_CURRENCIES = ("EUR", "USD", "CAD", "UAH", "GBP", "SEK")
_COUNTRIES = ("UA", "MD", "GE", "AM", "AZ", "KZ", "KG", "UZ", "TJ", "BY")
_SECTORS = ("15110", "15112", "25010", "32130", "23183", "14010", "31120", "33210")
_UNITS = ("enterprise", "person", "community", "project", "document", "event")


def _words(rng: random.Random, vocabulary: list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def _text(rng: random.Random, low: int, high: int) -> LocalizedText:
    """Two languages, the original first (Ukrainian or English)."""
    uk, en = _words(rng, _UK, low, high), _words(rng, _EN, low, high)
    return LocalizedText({"uk": uk, "en": en}) if rng.random() < 0.5 else LocalizedText({"en": en, "uk": uk})


def _date(rng: random.Random, year: int) -> PartialDate:
    roll = rng.random()
    if roll < 0.4:
        return PartialDate(year)
    if roll < 0.8:
        return PartialDate(year, rng.randint(1, 12))
    return PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))


def _period(rng: random.Random, first: int, last: int) -> Period:
    start = rng.randint(first, last - 1)
    return Period(_date(rng, start), _date(rng, rng.randint(start + 1, last)))


def _money(rng: random.Random, currency: str, low: int, high: int) -> Money:
    qualifier = Qualifier.MORE_THAN if rng.random() < 0.05 else Qualifier.EXACT
    return Money(Decimal(rng.randint(low, high)) * 1000, currency, qualifier)


def organisations(count: int = 200, seed: int = 7) -> list[Organisation]:
    rng = random.Random(seed)
    return [
        Organisation(
            f"org{index:03d}",
            _text(rng, 3, 6),
            ref=f"XM-DAC-{index}" if rng.random() < 0.5 else None,
            type=rng.choice(("10", "21", "40", "60", "80")),
            country=rng.choice((*_COUNTRIES, "CA", "DE", "SE", "US")),
        )
        for index in range(count)
    ]


def programme(index: int, rng: random.Random, orgs: list[Organisation]) -> Programme:
    currency = rng.choice(_CURRENCIES)
    period = _period(rng, 2005, 2026)
    components = tuple(
        Component(
            str(1000 * (number + 1)),
            _text(rng, 3, 8),
            description=_text(rng, 6, 12),
            activities=tuple(
                Activity(
                    _text(rng, 3, 6),
                    kind=rng.choice((ActivityKind.ACTIVITY, ActivityKind.LINE, ActivityKind.EVENT)),
                    code=f"{1000 * (number + 1) + item + 1}",
                    description=_text(rng, 4, 9),
                    period=_period(rng, 2005, 2026),
                )
                for item in range(5)
            ),
            budget_share=Decimal(rng.randint(10, 50)),
            budget=_money(rng, currency, 100, 5000),
        )
        for number in range(3)
    )
    first_share = rng.randint(50, 90)
    chosen = rng.sample(orgs, 3)
    return Programme(
        f"p{index:05d}",
        _text(rng, 4, 10),
        iati_identifier=f"XM-DAC-{index}-1" if rng.random() < 0.3 else None,
        acronym=LocalizedText({"en": f"P{index}"}),
        kind=rng.choice(list(ProgrammeKind)),
        description=_text(rng, 15, 30),
        objectives=(_text(rng, 5, 10), _text(rng, 5, 10)),
        status=rng.choice(list(Status)),
        period=period,
        dates=(KeyDate(DateKind.SIGNED, PartialDate(2004, rng.randint(1, 12), rng.randint(1, 28))),),
        participants=(
            Participant(chosen[0], Role.FUNDING),
            Participant(chosen[1], Role.IMPLEMENTING),
            Participant(chosen[2], Role.BENEFICIARY, note=_text(rng, 2, 4)),
        ),
        recipient_countries=(
            CountryShare(_COUNTRIES[index % 5], Decimal(first_share)),
            CountryShare(_COUNTRIES[5 + index % 5], Decimal(100 - first_share)),
        ),
        sectors=(SectorShare(rng.choice(_SECTORS), percentage=Decimal(100)),),
        components=components,
        themes=(
            CrossCuttingTheme(_text(rng, 2, 4), code=rng.choice("1234"), significance=rng.randint(0, 2)),
        ),
        budget=Budget(
            total=_money(rng, currency, 1000, 30000),
            lines=tuple(
                BudgetLine(
                    _money(rng, currency, 100, 5000),
                    period=Period(PartialDate(year), PartialDate(year)),
                    kind=BudgetKind.ORIGINAL,
                    status=BudgetStatus.COMMITTED,
                )
                for year in (2020, 2021)
            ),
        ),
        results=(
            Result(
                _text(rng, 5, 10),
                kind=ResultKind.OUTCOME,
                indicators=(
                    Indicator(
                        _text(rng, 4, 8),
                        unit=rng.choice(_UNITS),
                        baselines=(
                            Observation(Measure(rng.randint(0, 50)), period=Period(end=PartialDate(2013))),
                        ),
                        targets=(Observation(Measure(rng.randint(50, 200), Qualifier.MORE_THAN)),),
                        actuals=(Observation(Measure(rng.randint(0, 200)), note=_text(rng, 3, 6)),),
                    ),
                ),
            ),
        ),
        tags=("synthetic", f"batch{index % 10}"),
    )


def catalogue(count: int, seed: int = 2024) -> Catalogue:
    rng = random.Random(seed)
    orgs = organisations()
    return Catalogue(tuple(programme(index, rng, orgs) for index in range(count)))


# --- the three sides ----------------------------------------------------------------------------------

_MSGSPEC_DECODER = msgspec.json.Decoder(shapes.MEnvelope)
_MSGSPEC_ENCODER = msgspec.json.Encoder()


def itaproj_load(data: bytes) -> Any:
    return loads(data, Catalogue)


def itaproj_dump(obj: Any) -> Any:
    return encode(obj)


def msgspec_load(data: bytes) -> Any:
    return _MSGSPEC_DECODER.decode(data)


def msgspec_dump(obj: Any) -> Any:
    return _MSGSPEC_ENCODER.encode(obj)


def pydantic_load(data: bytes) -> Any:
    return shapes.PEnvelope.model_validate_json(data)


_PYDANTIC_ADAPTER: pydantic.TypeAdapter[shapes.PEnvelope] = pydantic.TypeAdapter(shapes.PEnvelope)


def pydantic_dump(obj: Any) -> Any:
    return _PYDANTIC_ADAPTER.dump_json(obj, exclude_defaults=True)


SIDES: dict[str, tuple[Callable[[bytes], Any], Callable[[Any], Any]]] = {
    "itaproj": (itaproj_load, itaproj_dump),
    "msgspec": (msgspec_load, msgspec_dump),
    "pydantic": (pydantic_load, pydantic_dump),
}


#: The clock timed calls are measured with: wall time by default, or this process's CPU time
#: (``--clock cpu``), steadier on a machine shared with other jobs.
_CLOCK: Callable[[], float] = time.perf_counter


def _timed(function: Callable[[Any], Any], argument: Any, gc_on: bool) -> tuple[float, Any]:
    """Seconds taken by one call (GC state set by the harness), and its result."""
    if gc_on:
        gc.enable()
    else:
        gc.disable()
    try:
        start = _CLOCK()
        result = function(argument)
        elapsed = _CLOCK() - start
    finally:
        gc.enable()
    return elapsed, result


def time_rounds(data: bytes, rounds: int, gc_on: bool, sides: list[str]) -> dict[str, dict[str, float]]:
    """Median load and dump seconds per side, over interleaved rounds in rotating order."""
    samples: dict[str, dict[str, list[float]]] = {name: {"load": [], "dump": []} for name in sides}
    for number in range(rounds):
        order = sides[number % len(sides) :] + sides[: number % len(sides)]
        for name in order:
            load, dump = SIDES[name]
            gc.collect()
            seconds, obj = _timed(load, data, gc_on)
            samples[name]["load"].append(seconds)
            seconds, _ = _timed(dump, obj, gc_on)
            samples[name]["dump"].append(seconds)
            del obj
    return {
        name: {kind: statistics.median(values) for kind, values in by_kind.items()}
        for name, by_kind in samples.items()
    }


def scaling_rounds(small: bytes, big: bytes, rounds: int, gc_on: bool) -> dict[str, dict[str, list[float]]]:
    """itaproj load and dump seconds at two sizes, alternating sizes within each round.

    Timing both sizes in the same rounds keeps a change in machine load from passing for a
    change in scaling.
    """
    load, dump = SIDES["itaproj"]
    samples: dict[str, dict[str, list[float]]] = {size: {"load": [], "dump": []} for size in ("small", "big")}
    for number in range(rounds):
        order = [("small", small), ("big", big)]
        for size, data in order if number % 2 == 0 else order[::-1]:
            gc.collect()
            seconds, obj = _timed(load, data, gc_on)
            samples[size]["load"].append(seconds)
            seconds, _ = _timed(dump, obj, gc_on)
            samples[size]["dump"].append(seconds)
            del obj
    return samples


def retained_memory(data: bytes, name: str) -> int:
    """Bytes still allocated (tracemalloc) by the loaded object graph, after gc.collect()."""
    load, _ = SIDES[name]
    load(data)  # warm caches (codelists, currency list, units, compiled validators) outside the count
    gc.collect()
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        obj = load(data)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del obj
    return after - before


def check_same_output(data: bytes) -> None:
    """Each side's dump of its own load must equal the input (as JSON values), or the race is unfair."""
    expected = msgspec.json.decode(data)
    for name, (load, dump) in SIDES.items():
        written = dump(load(data))
        if msgspec.json.decode(written) != expected:
            raise SystemExit(f"{name} does not round-trip the itaproj JSON: the shapes differ")


# --- reporting ----------------------------------------------------------------------------------------


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _report_times(results: dict[str, dict[str, float]], size: int, rounds: int, gc_label: str) -> None:
    mb = size / 1e6
    print(f"\nGC {gc_label}. Median of {rounds} interleaved rounds (seconds; MB/s of JSON):")
    print(f"  {'':10} {'load+validate':>22} {'dump':>22}")
    for name, by_kind in results.items():
        load_s, dump_s = by_kind["load"], by_kind["dump"]
        print(
            f"  {name:10} {load_s:10.3f} s {mb / load_s:7.1f} MB/s {dump_s:10.3f} s {mb / dump_s:7.1f} MB/s"
        )
    it, ms, pd = results["itaproj"], results["msgspec"], results["pydantic"]
    rows = [
        ("load / pydantic", it["load"] / pd["load"], 1.0),
        ("load / msgspec", it["load"] / ms["load"], 2.0),
        ("dump / msgspec", it["dump"] / ms["dump"], 2.5),
        ("dump / pydantic", it["dump"] / pd["dump"], None),
    ]
    print("  Ratios itaproj / other (below 1: itaproj faster) and targets:")
    for label, ratio, target in rows:
        aim = f"target <= {target:.1f}x   {_verdict(ratio <= target)}" if target else "(no target)"
        print(f"    {label:18} {ratio:6.2f}x   {aim}")


def itaproj_breakdown(data: bytes, rounds: int) -> dict[str, float]:
    """Median seconds of the stages of itaproj's load and dump, with GC disabled to isolate them.

    ``loads`` itself decodes a catalogue's programmes one at a time as it builds them; here the
    whole document is decoded first, so the two stages can be timed apart.
    """
    stages: dict[str, list[float]] = {
        name: [] for name in ("parse", "structure", "unstructure", "encode", "to_str")
    }
    for _ in range(rounds):
        gc.collect()
        seconds, document = _timed(msgspec.json.decode, data, gc_on=False)
        stages["parse"].append(seconds)
        seconds, obj = _timed(lambda raw: from_builtins(raw["data"], Catalogue), document, gc_on=False)
        stages["structure"].append(seconds)
        del document
        seconds, builtins = _timed(to_builtins, obj, gc_on=False)
        stages["unstructure"].append(seconds)
        envelope = {"itaproj": 1, "kind": "Catalogue", "data": builtins}
        seconds, encoded = _timed(_MSGSPEC_ENCODER.encode, envelope, gc_on=False)
        stages["encode"].append(seconds)
        seconds, _ = _timed(bytes.decode, encoded, gc_on=False)
        stages["to_str"].append(seconds)
        del obj, builtins, envelope, encoded
    return {name: statistics.median(values) for name, values in stages.items()}


def profile_load(data: bytes, top: int = 15) -> None:
    """Print the functions where itaproj's load spends its time (cProfile, by own time)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    itaproj_load(data)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def compare(data: bytes, rounds: int, modes: list[bool], profile: bool) -> None:
    """Time, measure and compare the three sides on the same bytes, and break down itaproj's time."""
    sides = list(SIDES)
    timings = {}
    for gc_on in modes:
        timings[gc_on] = time_rounds(data, rounds, gc_on, sides)
        _report_times(timings[gc_on], len(data), rounds, "enabled" if gc_on else "disabled")

    memory = {name: retained_memory(data, name) for name in sides}
    print("\nRetained memory of the loaded object graph (tracemalloc, after gc.collect()):")
    for name in sides:
        print(
            f"  {name:10} {memory[name] / 1e6:8.1f} MB  ({memory[name] / len(data):.2f} bytes per JSON byte)"
        )
    mem_vs_ms = memory["itaproj"] / memory["msgspec"]
    mem_vs_pd = memory["itaproj"] / memory["pydantic"]
    print(f"    {'memory / msgspec':18} {mem_vs_ms:6.2f}x   target <= 1.2x   {_verdict(mem_vs_ms <= 1.2)}")
    print(f"    {'memory / pydantic':18} {mem_vs_pd:6.2f}x   (no target)")

    stages = itaproj_breakdown(data, rounds)
    print("\nWhere itaproj spends its time (GC disabled; medians):")
    print(
        f"  load = parse JSON to builtins (msgspec) {stages['parse']:.3f} s + build objects (cattrs/attrs) "
        f"{stages['structure']:.3f} s"
    )
    print(
        f"  dump = unstructure to builtins (cattrs) {stages['unstructure']:.3f} s + encode (msgspec) "
        f"{stages['encode']:.3f} s + bytes to str {stages['to_str']:.3f} s"
    )
    if profile:
        profile_load(data)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--programmes", type=int, default=2000, help="catalogue size (default 2000)")
    parser.add_argument("--scale-from", type=int, default=400, help="smaller size for the scaling check")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument(
        "--gc", choices=("on", "off", "both"), default="both", help="GC during timed calls (default both)"
    )
    parser.add_argument("--quick", action="store_true", help="200 programmes, 3 rounds: a smoke run")
    parser.add_argument("--profile", action="store_true", help="also profile one itaproj load (cProfile)")
    parser.add_argument(
        "--scaling-only", action="store_true", help="only the itaproj scaling check (for large sizes)"
    )
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="time calls by wall clock (default) or by this process's CPU time (steadier on a busy machine)",
    )
    args = parser.parse_args(argv)
    global _CLOCK
    _CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.quick:
        args.programmes, args.scale_from, args.rounds = 200, 40, 3
    modes = {"on": [True], "off": [False], "both": [True, False]}[args.gc]

    print(
        f"Python {platform.python_version()} ({platform.machine()}), itaproj {itaproj.__version__}, ", end=""
    )
    print(f"msgspec {shapes.MSGSPEC_VERSION}, pydantic {shapes.PYDANTIC_VERSION}")
    print(
        f"GC modes timed: {', '.join('enabled ' + str(gc.get_threshold()) if on else 'disabled' for on in modes)}"
        f"; {args.clock} clock"
        " (the harness sets GC around each timed call; none of the three switches it itself)"
    )

    started = time.perf_counter()
    big = catalogue(args.programmes)
    data = dumps(big).encode()
    activities = sum(len(p.walk_activities()) for p in big)
    print(
        f"\nCatalogue: {len(big)} programmes, {activities} activities, {len(data) / 1e6:.1f} MB of JSON "
        f"(built in {time.perf_counter() - started:.1f} s)"
    )
    del big
    if not args.scaling_only:
        check_same_output(data)
        print(
            "Check passed: each side's dump of its own load equals the input JSON (same shape, same omissions)."
        )

    if not args.scaling_only:
        compare(data, args.rounds, modes, profile=args.profile)

    small = dumps(catalogue(args.scale_from)).encode()
    factor = len(data) / len(small)
    limit = 1.1 * factor
    print(
        f"\nScaling (itaproj): {args.scale_from} -> {args.programmes} programmes, {factor:.2f}x the JSON bytes, "
        f"target <= {limit:.2f}x the time (both sizes interleaved in the same rounds):"
    )
    scale_rounds = max(args.rounds, 7)
    print(f"  ({scale_rounds} rounds; the median shows the typical run, the minimum the run least disturbed)")
    for gc_on in modes:
        scaled = scaling_rounds(small, data, scale_rounds, gc_on)
        for kind in ("load", "dump"):
            low, high = scaled["small"][kind], scaled["big"][kind]
            median = statistics.median(high) / statistics.median(low)
            best = min(high) / min(low)
            print(
                f"  GC {'on ' if gc_on else 'off'} {kind}: median {statistics.median(low):.3f} s -> "
                f"{statistics.median(high):.3f} s = {median:.2f}x {_verdict(median <= limit):6}   "
                f"minimum {min(low):.3f} s -> {min(high):.3f} s = {best:.2f}x {_verdict(best <= limit)}"
            )
    print(f"\nTotal run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
