"""JSON Lines (itaproj.io.lines): the same catalogue as the JSON document, line by line, streamed.

Expected values come from the JSON document format (``encode``'s bytes, sliced with msgspec),
from hand-written lines, or from counting: never from the module under test.
"""

from __future__ import annotations

import gc
import io
import json
import os
import tracemalloc
import weakref
from collections.abc import Iterator
from pathlib import Path

import attrs
import msgspec
import pytest
from hypothesis import given

from itaproj import (
    Budget,
    BudgetLine,
    Catalogue,
    Extra,
    LoadError,
    LocalizedText,
    Money,
    Organisation,
    Participant,
    Period,
    Programme,
    Role,
)
from itaproj.errors import InvalidValueError
from itaproj.examples import load as load_seed
from itaproj.examples import text as seed_text
from itaproj.io import MAX_DEPTH, dumps, encode, loads
from itaproj.io.lines import dump_lines, iter_lines, load_lines
from itaproj.io.tables import to_tables
from itaproj.metrics import rollup
from itaproj.testing import catalogues

EU = Organisation("eu", LocalizedText({"en": "European Union"}), type="40")
GAC = Organisation("gac", LocalizedText({"en": "Global Affairs Canada"}), ref="CA-3")
HEADER = '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": %d}, "data": {}}'


def text(en: str) -> LocalizedText:
    return LocalizedText({"en": en})


def lines_of(catalogue: Catalogue) -> bytes:
    stream = io.BytesIO()
    dump_lines(catalogue, stream)
    return stream.getvalue()


def issues_of(source: str | bytes) -> list[tuple[str, str]]:
    with pytest.raises(LoadError) as caught:
        load_lines(source)
    return [(issue.path, issue.message) for issue in caught.value.issues]


def document_parts(catalogue: Catalogue) -> tuple[dict[str, bytes], list[bytes], list[bytes]]:
    """The data of ``encode(catalogue)`` as raw JSON: its other keys, its organisations, its programmes."""
    envelope = msgspec.json.decode(encode(catalogue), type=dict[str, msgspec.Raw])
    data = msgspec.json.decode(envelope["data"], type=dict[str, msgspec.Raw])
    listed = [
        bytes(raw) for raw in msgspec.json.decode(data.pop("organisations", b"[]"), type=list[msgspec.Raw])
    ]
    programmes = [
        bytes(raw) for raw in msgspec.json.decode(data.pop("programmes", b"[]"), type=list[msgspec.Raw])
    ]
    return {key: bytes(raw) for key, raw in data.items()}, listed, programmes


# --- round trips ----------------------------------------------------------------------------------


@given(catalogues())
def test_round_trips_through_lines(catalogue: Catalogue) -> None:
    data = lines_of(catalogue)
    # load_lines(dump_lines(c)) is c, and what loads gives for the document
    loaded = load_lines(data)
    assert loaded == catalogue
    assert loaded == loads(dumps(catalogue))
    assert loaded.organisations == catalogue.organisations
    assert list(iter_lines(data)) == list(catalogue.programmes)

    # each line is the document's object, byte for byte
    rest, listed, programmes = document_parts(catalogue)
    lines = data.split(b"\n")
    assert lines[-1] == b""  # every line ends with a line feed
    header = msgspec.json.decode(lines[0], type=dict[str, msgspec.Raw])
    assert list(header) == ["itaproj", "kind", "lines", "data"]
    assert (bytes(header["itaproj"]), bytes(header["kind"])) == (b"1", b'"Catalogue"')
    assert bytes(header["lines"]) == b'{"organisations":%d}' % len(listed)
    data_of_header = msgspec.json.decode(header["data"], type=dict[str, msgspec.Raw])
    assert {key: bytes(raw) for key, raw in data_of_header.items()} == rest
    assert lines[1 : 1 + len(listed)] == listed
    assert lines[1 + len(listed) : -1] == programmes

    # the same programmes given one by one, with the organisations to list
    first: dict[str, Organisation] = {}
    for organisation in catalogue.organisations:  # one per key: the first, as dumps lists them
        first.setdefault(organisation.key, organisation)
    stream = io.BytesIO()
    written = dump_lines(
        iter(catalogue.programmes), stream, organisations=first.values(), title=catalogue.title
    )
    assert written == len(catalogue.programmes)
    assert list(iter_lines(stream.getvalue())) == list(catalogue.programmes)
    streamed = load_lines(stream.getvalue())
    assert (streamed.programmes, streamed.title) == (catalogue.programmes, catalogue.title)


def test_the_seed_catalogue_by_hand() -> None:
    seed = load_seed()
    shipped = json.loads(seed_text())["data"]
    data = lines_of(seed)
    lines = [json.loads(line) for line in data.decode().splitlines()]
    count = len(shipped["organisations"])
    assert lines[0]["lines"] == {"organisations": count}
    assert lines[0]["data"]["title"]["en"] == "Seed programmes of international technical assistance"
    assert [o["key"] for o in lines[1 : 1 + count]] == [o["key"] for o in shipped["organisations"]]
    keys = [p["key"] for p in lines[1 + count :]]
    assert keys == ["m4eg", "promis", "u-lead", "auc-analytics", "kz-regional-development", "surge", "clir"]
    m4eg = next(p for p in iter_lines(data) if p.key == "m4eg")
    assert m4eg.budget is not None
    assert m4eg.budget.total == Money("14.5E6", "EUR")
    assert load_lines(data) == seed


def test_a_minimal_file_by_hand() -> None:
    source = (
        HEADER % 1
        + "\n"
        + '{"key": "gac", "name": {"en": "Global Affairs Canada"}, "ref": "CA-3"}\n'
        + '{"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "gac", "role": "funding"}]}\n'
        + '{"key": "b", "title": {"en": "B"}, "budget": {"total": {"amount": "5", "currency": "EUR"}}}'
    )
    a, b = iter_lines(source)
    assert a.participants == (Participant(GAC, Role.FUNDING),)
    assert b.budget == Budget(total=Money(5, "EUR"))
    catalogue = load_lines(source)
    assert catalogue == Catalogue((a, b))
    assert catalogue.directory == ()


def test_an_organisation_no_programme_names_is_kept_in_the_directory() -> None:
    source = (
        HEADER % 2 + "\n" + json.dumps(msgspec.to_builtins({"key": "eu", "name": {"en": "European Union"}}))
    )
    source += '\n{"key": "gac", "name": {"en": "Global Affairs Canada"}, "ref": "CA-3"}\n'
    source += (
        '{"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "gac", "role": "funding"}]}\n'
    )
    catalogue = load_lines(source)
    assert [o.key for o in catalogue.directory] == ["eu"]
    assert load_lines(lines_of(catalogue)) == catalogue


def test_a_directory_the_header_names_is_read_after_the_organisations() -> None:
    # the directory holds an organisation a programme names too: the header refers to it by key
    catalogue = Catalogue(
        (Programme("a", text("A"), participants=(Participant(GAC, Role.FUNDING),)),), directory=(GAC,)
    )
    lines = [json.loads(line) for line in lines_of(catalogue).splitlines()]
    assert lines[0]["data"] == {"directory": ["gac"]}
    assert lines[1]["key"] == "gac"
    loaded = load_lines(lines_of(catalogue))
    assert loaded == catalogue
    assert loaded.directory[0] is loaded["a"].participants[0].organisation
    source = (
        '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {"directory": ["who"]}}'
    )
    [(path, message)] = issues_of(source)
    assert path == "line 1: $.directory[0]"
    assert "be a key listed in the catalogue's organisations (got 'who')" in message


def test_every_kind_of_source_reads_the_same(tmp_path: Path) -> None:
    seed = load_seed()
    data = lines_of(seed)
    path = tmp_path / "seed.jsonl"
    path.write_bytes(data)
    expected = list(seed.programmes)
    assert list(iter_lines(path)) == expected
    assert list(iter_lines(data)) == expected
    assert list(iter_lines(data.decode())) == expected
    with path.open("rb") as binary:
        assert list(iter_lines(binary)) == expected
    with path.open(encoding="utf-8") as textual:
        assert list(iter_lines(textual)) == expected
    assert list(iter_lines(data.splitlines())) == expected
    # CR LF line ends, blank lines, no line feed at the end
    spaced = data.replace(b"\n", b"\r\n\r\n").rstrip(b"\r\n")
    assert list(iter_lines(spaced)) == expected


def test_a_text_stream_gets_the_same_text(tmp_path: Path) -> None:
    seed = load_seed()
    textual = io.StringIO()
    dump_lines(seed, textual)
    assert textual.getvalue().encode() == lines_of(seed)
    dump_lines(seed, tmp_path / "out.jsonl")
    dump_lines(seed, str(tmp_path / "again.jsonl"))
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "again.jsonl").read_bytes() == lines_of(seed)


def test_writing_a_path_is_all_or_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_bytes(b"previous")

    def failing() -> Iterator[Programme]:
        yield Programme("a", text("A"))
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        dump_lines(failing(), target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_extras_survive_in_every_place() -> None:
    # unknown keys in the header's data, in an organisation line and in a programme line
    source = (
        '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 1}, "data": {"x_owner": "team"}}\n'
        '{"key": "gac", "name": {"en": "Global Affairs Canada"}, "x_since": 1968}\n'
        '{"key": "a", "title": {"en": "A"}, "x_reg": {"number": "4163-01"},'
        ' "participants": [{"organisation": "gac", "role": "funding"}]}\n'
    )
    catalogue = load_lines(source)
    assert [(e.path, e.value) for e in catalogue.extras] == [
        ("$.x_owner", '"team"'),
        ("$.organisations[?@.key=='gac'].x_since", "1968"),
    ]
    assert [(e.path, e.value) for e in catalogue["a"].extras] == [("$.x_reg", '{"number":"4163-01"}')]
    # the same facts as the JSON document with the same objects
    document = json.loads(HEADER % 0)
    del document["lines"]
    document["data"] = {
        "organisations": [json.loads(source.splitlines()[1])],
        "programmes": [json.loads(source.splitlines()[2])],
        "x_owner": "team",
    }
    assert catalogue == loads(json.dumps(document))
    # written back where they were found
    lines = lines_of(catalogue).decode().splitlines()
    assert json.loads(lines[1])["x_since"] == 1968
    # a programme's and the catalogue's unknown keys go under "extras", as dumps writes them
    assert json.loads(lines[2])["extras"] == [{"path": "$.x_reg", "value": '{"number":"4163-01"}'}]
    assert json.loads(lines[0])["data"] == {"extras": [{"path": "$.x_owner", "value": '"team"'}]}
    assert load_lines("\n".join(lines)) == catalogue


def test_nesting_is_limited_as_in_a_document() -> None:
    def programme_line(depth: int) -> str:
        return '{"key": "a", "title": {"en": "A"}, "x_deep": ' + "[" * depth + "]" * depth + "}"

    # in a document the programme's object is at level 3 of data (data, the array, the programme)
    deepest = MAX_DEPTH - 3
    for depth, accepted in ((deepest, True), (deepest + 1, False)):
        line = programme_line(depth)
        as_document = '{"itaproj": 1, "kind": "Catalogue", "data": {"programmes": [' + line + "]}}"
        as_lines = HEADER % 0 + "\n" + line
        if accepted:
            assert load_lines(as_lines) == loads(as_document)
        else:
            for load in (loads, load_lines):
                with pytest.raises(LoadError, match=f"nested more than {MAX_DEPTH} levels"):
                    load(as_document if load is loads else as_lines)


# --- the roll-ups and tables take the stream --------------------------------------------------------


def test_rollup_and_to_tables_take_the_stream(tmp_path: Path) -> None:
    def budgeted(key: str, amount: int, year: int) -> Programme:
        line = BudgetLine(Money(amount, "EUR"), Period.parse(f"{year}-01-01", f"{year}-12-31"))
        return Programme(
            key, text(key), budget=Budget(lines=(line,)), participants=(Participant(EU, Role.FUNDING),)
        )

    path = tmp_path / "budgets.jsonl"
    programmes = [budgeted("a", 1000, 2020), budgeted("b", 500, 2021), budgeted("c", 250, 2020)]
    dump_lines(iter(programmes), path, organisations=[EU])
    rows = {row.keys: (row.amount.low, row.amount.high) for row in rollup(iter_lines(path), by="year").rows}
    assert rows == {("2020",): (Money(1250, "EUR"),) * 2, ("2021",): (Money(500, "EUR"),) * 2}
    tables = to_tables(iter_lines(path))
    assert tables["programmes"].column("programme").to_pylist() == ["a", "b", "c"]
    budgets = tables["budgets"]
    found = list(
        zip(budgets.column("programme").to_pylist(), budgets.column("amount").to_pylist(), strict=True)
    )
    assert found == [("a", 1000), ("b", 500), ("c", 250)]  # Decimal('1000.000000000000000000') == 1000
    assert tables["organisations"].column("organisation").to_pylist() == ["eu"]


# --- constant memory ---------------------------------------------------------------------------------


def _many(count: int) -> Iterator[Programme]:
    """``count`` programmes: the seed's, again and again under new keys, made one at a time."""
    seed = load_seed().programmes
    for index in range(count):
        programme = seed[index % len(seed)]
        yield attrs.evolve(programme, key=f"{programme.key}-{index}")


def _streamed_peak(path: Path) -> tuple[int, int]:
    """Reading ``path`` with iter_lines: the traced peak, and the most programmes alive at once."""
    alive: weakref.WeakSet[Programme] = weakref.WeakSet()
    most = 0
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for programme in iter_lines(path):
            alive.add(programme)
            most = max(most, len(alive))
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    return peak, most


def test_iter_lines_holds_one_programme_at_a_time(tmp_path: Path) -> None:
    organisations = load_seed().organisations
    small, big = tmp_path / "small.jsonl", tmp_path / "big.jsonl"
    assert dump_lines(_many(40), small, organisations=organisations) == 40
    assert dump_lines(_many(400), big, organisations=organisations) == 400
    list(iter_lines(small))  # warm up: generated functions, codelists, caches
    small_peak, small_most = _streamed_peak(small)
    big_peak, big_most = _streamed_peak(big)
    assert small_most == big_most == 1  # each programme is garbage once the next is read
    # ten times the programmes, not ten times the memory; far less than the file itself
    assert big_peak < 2 * small_peak
    assert big_peak < os.path.getsize(big) / 10


def test_dump_lines_holds_one_programme_at_a_time(tmp_path: Path) -> None:
    alive: weakref.WeakSet[Programme] = weakref.WeakSet()
    most = 0

    def watched(count: int) -> Iterator[Programme]:
        nonlocal most
        for programme in _many(count):
            alive.add(programme)
            most = max(most, len(alive))
            yield programme

    organisations = load_seed().organisations
    dump_lines(watched(10), tmp_path / "warm.jsonl", organisations=organisations)
    peaks = []
    for count in (40, 400):
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            dump_lines(watched(count), tmp_path / f"{count}.jsonl", organisations=organisations)
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
        finally:
            tracemalloc.stop()
    assert most <= 2  # the one being written, and the next one being made
    assert peaks[1] < 2 * peaks[0]
    assert sum(1 for _ in iter_lines(tmp_path / "400.jsonl")) == 400


# --- bad input -------------------------------------------------------------------------------------------


def test_every_problem_of_a_line_is_reported_with_the_line() -> None:
    source = (
        HEADER % 0
        + "\n"
        + '{"key": "a", "title": {"en": "A"}}\n'
        + '{"key": "b", "title": {"en": "B"}, "period": {"start": "2015-13", "end": 2020},'
        + ' "budget": {"total": {"amount": 5.5, "currency": "EUR"}}}\n'
        + '{"key": "c", "title": {"en": "C"}}\n'
    )
    assert issues_of(source) == [
        (
            "line 3: $.budget.total.amount",
            "'amount' must be a Decimal, an int or a decimal string, not a float (got 5.5)",
        ),
        ("line 3: $.period.end", "expected a date string YYYY, YYYY-MM or YYYY-MM-DD, got number 2020"),
        ("line 3: $.period.start", "'month' must be a month from 1 to 12 (got 13)"),
    ]
    programmes = iter_lines(source)
    assert next(programmes).key == "a"
    with pytest.raises(LoadError) as caught:
        next(programmes)
    assert [issue.path for issue in caught.value.issues] == [
        "line 3: $.budget.total.amount",
        "line 3: $.period.end",
        "line 3: $.period.start",
    ]
    assert caught.value.source == "JSON Lines"


def test_load_lines_reports_every_line_iter_lines_the_first(tmp_path: Path) -> None:
    source = (
        HEADER % 0
        + "\n"
        + '{"key": "a", "title": {"en": "A"}, "status": "sleeping"}\n'
        + '{"key": "b", "title": {"en": "B"}}\n'
        + '{"key": "c", "title": "C"}\n'
    )
    assert [path for path, _ in issues_of(source)] == ["line 2: $.status", "line 4: $.title"]
    path = tmp_path / "bad.jsonl"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        list(iter_lines(path))
    assert [issue.path for issue in caught.value.issues] == ["line 2: $.status"]
    assert caught.value.source == str(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("source", "path", "fragment"),
    [
        ("", "line 1: $", "no header: the input is empty"),
        ('{"key": "a", "title": {"en": "A"}}\n', "line 1: $", "no header: the first line must be"),
        ("\n\n[1]\n", "line 3: $", "no header"),
        (
            '{"itaproj": 2, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.itaproj",
            "format version 2 is newer than this library reads (1)",
        ),
        (
            '{"itaproj": 0, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.itaproj",
            "unsupported format version 0",
        ),
        (
            '{"itaproj": true, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.itaproj",
            "unsupported format version True",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "data": {"programmes": []}}',
            "line 1: $",
            "a JSON document, not",
        ),
        ('{\n  "itaproj": 1,\n  "kind": "Catalogue"\n}', "line 1: $", "an indented JSON document?"),
        (
            '{"itaproj": 1, "kind": "Programme", "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.kind",
            "expected kind 'Catalogue', got 'Programme'",
        ),
        ('{"itaproj": 1, "kind": "Catalogue", "lines": {}, "data": {}}', "line 1: $.lines", "must be"),
        (
            '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": "2"}, "data": {}}',
            "line 1: $.lines.organisations",
            "(got '2')",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": -1}, "data": {}}',
            "line 1: $.lines.organisations",
            "(got -1)",
        ),
        ('{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}}', "line 1: $.data", "missing"),
        (
            '{"itaproj": 1, "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.kind",
            "required field missing",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}, "x": 1}',
            "line 1: $",
            "unknown header field 'x'",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {"programmes": []}}',
            "line 1: $.programmes",
            "belongs on lines of its own",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}',
            "line 1: $.kind",
            "repeats the key 'kind'",
        ),
        (
            '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {"title": "x"}}',
            "line 1: $.title",
            "expected an object of language tag to text",
        ),
    ],
)
def test_header_problems(source: str, path: str, fragment: str) -> None:
    found = issues_of(source)
    assert len(found) == 1
    assert found[0][0] == path
    assert fragment in found[0][1]
    with pytest.raises(LoadError, match="line"):
        next(iter_lines(source))


def test_an_organisation_after_a_programme_is_refused_clearly() -> None:
    source = (
        HEADER % 1
        + "\n"
        + '{"key": "gac", "name": {"en": "Global Affairs Canada"}}\n'
        + '{"key": "a", "title": {"en": "A"}}\n'
        + '{"key": "eu", "name": {"en": "European Union"}}\n'
    )
    [(path, message)] = issues_of(source)
    assert path == "line 4: $"
    assert "an organisation where a programme belongs" in message
    assert "the header announces 1 organisations" in message


def test_a_programme_where_an_organisation_is_announced_is_refused_clearly() -> None:
    source = (
        HEADER % 2 + "\n" + '{"key": "gac", "name": {"en": "GAC"}}\n' + '{"key": "a", "title": {"en": "A"}}\n'
    )
    found = issues_of(source)
    assert found[0] == (
        "line 3: $",
        "a programme where organisation 2 of the 2 the header announces belongs (organisations come first)",
    )


def test_fewer_organisations_than_announced() -> None:
    source = HEADER % 3 + "\n" + '{"key": "gac", "name": {"en": "GAC"}}\n'
    assert issues_of(source) == [
        ("line 1: $.lines.organisations", "announces 3 organisations, the input ends after 1")
    ]


def test_organisation_problems() -> None:
    source = (
        HEADER % 3
        + "\n"
        + '{"key": "gac", "name": {"en": "GAC"}}\n'
        + '{"key": "gac", "name": {"en": "GAC again"}}\n'
        + '{"key": "eu", "name": {"en": "EU"}, "country": "Q1"}\n'
        + '{"key": "a", "title": {"en": "A"}, "participants": [{"organisation": "eu", "role": "funding"}]}\n'
        + '{"key": "b", "title": {"en": "B"}, "participants": [{"organisation": "who", "role": "funding"}]}\n'
    )
    found = issues_of(source)
    # line 5 names the broken organisation of line 4: reported once, at line 4
    assert [path for path, _ in found] == [
        "line 3: $.key",
        "line 4: $.country",
        "line 6: $.participants[0].organisation",
    ]
    assert "unique among the catalogue's organisations (got 'gac')" in found[0][1]
    assert "be a key listed in the catalogue's organisations (got 'who')" in found[2][1]


def test_repeated_keys_and_text_that_is_not_json() -> None:
    source = (
        HEADER % 0
        + "\n"
        + '{"key": "a", "title": {"en": "A"}, "key": "b"}\n'
        + '{"key": "c", "title": {"en": "C"}\n'
        + '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}\n'
    )
    found = issues_of(source)
    assert [path for path, _ in found] == ["line 2: $.key", "line 3: $", "line 4: $"]
    assert found[0][1] == "repeats the key 'key'"
    assert found[1][1].startswith("not valid JSON")
    assert found[2][1].startswith("a second header")


def test_invalid_utf8_is_reported_at_its_line() -> None:
    found = issues_of((HEADER % 0 + "\n").encode() + b'{"key": "a", "title": {"en": "\xff"}}\n')
    assert len(found) == 1
    assert found[0][0] == "line 2: $"
    assert found[0][1].startswith("not valid JSON")


def test_two_programmes_with_one_key() -> None:
    source = HEADER % 0 + "\n" + '{"key": "a", "title": {"en": "A"}}\n' * 3
    assert issues_of(source) == [
        ("line 3: $.key", "'key' must be unique in the catalogue (got 'a'); line 2 has it too"),
        ("line 4: $.key", "'key' must be unique in the catalogue (got 'a'); line 2 has it too"),
    ]
    assert [p.key for p in iter_lines(source)] == ["a", "a", "a"]  # a stream keeps no keys


def test_a_str_is_text_not_a_path(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(lines_of(Catalogue()))
    [(where, message)] = issues_of(str(path))
    assert where == "line 1: $"
    assert message.startswith("not valid JSON")
    assert load_lines(path) == Catalogue()


def test_writer_refusals() -> None:
    with pytest.raises(InvalidValueError, match="'organisations' must be left out for a catalogue"):
        dump_lines(Catalogue(), io.BytesIO(), organisations=[EU])
    with pytest.raises(InvalidValueError, match="'title' must be left out for a catalogue"):
        dump_lines(Catalogue(), io.BytesIO(), title=text("T"))
    with pytest.raises(InvalidValueError, match=r"'organisations\[1\].key' must be unique"):
        dump_lines([], io.BytesIO(), organisations=[EU, attrs.evolve(EU, name=text("EU"))])
    with pytest.raises(InvalidValueError, match=r"'programmes\[1\]' must be a Programme"):
        dump_lines([Programme("a", text("A")), EU], io.BytesIO())  # type: ignore[list-item]  # (the wrong type is the test)


def test_an_organisation_not_listed_is_written_in_full() -> None:
    stream = io.BytesIO()
    other = attrs.evolve(EU, name=text("EU delegation"))
    programmes = [
        Programme("a", text("A"), participants=(Participant(EU, Role.FUNDING),)),
        Programme(
            "b", text("B"), participants=(Participant(other, Role.FUNDING), Participant(GAC, Role.FUNDING))
        ),
    ]
    dump_lines(programmes, stream, organisations=[EU])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert lines[2]["participants"] == [{"organisation": "eu", "role": "funding"}]
    assert lines[3]["participants"][0]["organisation"] == {
        "key": "eu",
        "name": {"en": "EU delegation"},
        "type": "40",
    }
    assert lines[3]["participants"][1]["organisation"]["ref"] == "CA-3"
    assert list(iter_lines(stream.getvalue())) == programmes


def test_extras_of_the_header_keep_their_place_among_the_catalogues() -> None:
    catalogue = Catalogue(
        (Programme("a", text("A"), participants=(Participant(GAC, Role.FUNDING),)),),
        extras=(Extra("$.x_first", "1"), Extra("$.organisations[?@.key=='gac'].x_since", "1968")),
    )
    lines = lines_of(catalogue).decode().splitlines()
    assert json.loads(lines[0])["data"] == {"extras": [{"path": "$.x_first", "value": "1"}]}
    assert json.loads(lines[1]) == {
        "key": "gac",
        "name": {"en": "Global Affairs Canada"},
        "ref": "CA-3",
        "x_since": 1968,
    }
    assert load_lines(lines_of(catalogue)) == catalogue
