"""iati.write refuses every value IATI XML cannot hold, before writing anything, and what it
writes always reads back."""

from __future__ import annotations

import contextlib
import io
import pickle
import threading
from pathlib import Path

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, event, given, settings
from lxml import etree

from itaproj import Catalogue, Component, LocalizedText, Programme
from itaproj.errors import InvalidValueError, ItaprojError
from itaproj.iati import WriteError, read, write
from itaproj.iati._mapping import decimal_text
from itaproj.programme import Extra
from itaproj.testing import catalogues

XML = "http://www.w3.org/XML/1998/namespace"


def _programme(key: str = "XM-1-a", title: str = "Title", extras: tuple[Extra, ...] = ()) -> Programme:
    return Programme(key, LocalizedText({"en": title}), iati_identifier=key, extras=extras)


def _write(catalogue: Catalogue) -> bytes:
    out = io.BytesIO()
    write(catalogue, out)
    return out.getvalue()


def _attempt(catalogue: Catalogue) -> bytes | WriteError:
    """What ``write`` gives: the bytes written, or the error it refused with."""
    out = io.BytesIO()
    try:
        write(catalogue, out)
    except WriteError as error:
        return error
    return out.getvalue()


def _refused(catalogue: Catalogue) -> WriteError:
    out = io.BytesIO()
    with pytest.raises(WriteError) as raised:
        write(catalogue, out)
    assert out.getvalue() == b""  # not one byte reached the stream
    return raised.value


def test_a_control_character_in_a_title_is_refused_with_its_path() -> None:
    catalogue = Catalogue((_programme("XM-1-a"), _programme("XM-1-b", "bell\u0007")))
    error = _refused(catalogue)
    assert isinstance(error, ItaprojError)
    assert isinstance(error, ValueError)
    assert [issue.path for issue in error.issues] == ["$.programmes[1].title.en"]
    assert "U+0007" in error.issues[0].message


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\ud800", "\ufffe", "\uffff"])
def test_every_character_xml_forbids_is_refused(char: str) -> None:
    error = _refused(Catalogue((_programme(title=f"a{char}b"),)))
    assert error.issues[0].path == "$.programmes[0].title.en"
    assert f"U+{ord(char):04X}" in error.issues[0].message


def test_problems_of_components_are_reported_once_at_their_own_paths() -> None:
    # A component becomes a child activity whose identifier and parent link repeat the
    # programme's identifier: its problem is reported once, where it is in the model.
    programme = Programme(
        "XM-1-p",
        LocalizedText({"en": "Parent"}),
        iati_identifier="XM-1-p\u0007",
        components=(
            Component("c1", LocalizedText({"en": "Child \x01"})),
            Component("c2", LocalizedText({"en": "ok"})),
        ),
    )
    error = _refused(Catalogue((programme,)))
    assert [issue.path for issue in error.issues] == [
        "$.programmes[0].iati_identifier",
        "$.programmes[0].components[0].title.en",
    ]


def test_every_problem_is_listed_not_just_the_first() -> None:
    bad = _programme(
        title="x\x01",
        extras=(
            Extra("location[1]", "<location>", "xml"),
            Extra("@a b", "v", "xml"),
            Extra("title[1]/@ok", "v\x02", "xml"),
        ),
    )
    catalogue = Catalogue((_programme("XM-1-a"), attrs.evolve(bad, key="XM-1-b", iati_identifier="XM-1-b")))
    error = _refused(catalogue)
    assert sorted(issue.path for issue in error.issues) == [
        "$.programmes[1].extras[0]",
        "$.programmes[1].extras[1]",
        "$.programmes[1].extras[2]",
        "$.programmes[1].title.en",
    ]
    assert str(error).startswith("4 problems writing IATI XML to ")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("<location>", "not one well-formed XML element"),
        ("", "not one well-formed XML element"),
        ("<a/><b/>", "not one well-formed XML element"),
        ("plain text", "not one well-formed XML element"),
        ("<location>&secret;</location>", "not one well-formed XML element"),
        ('<!DOCTYPE l [<!ENTITY e "v">]><location>&e;</location>', "DOCTYPE"),
        ('<!DOCTYPE l SYSTEM "http://127.0.0.1:9/x.dtd"><location/>', "DOCTYPE"),
    ],
)
def test_a_verbatim_extra_that_is_not_one_plain_element_is_refused(value: str, words: str) -> None:
    error = _refused(Catalogue((_programme(extras=(Extra("location[1]", value, "xml"),)),)))
    assert [issue.path for issue in error.issues] == ["$.programmes[0].extras[0]"]
    assert words in error.issues[0].message


@pytest.mark.parametrize(
    "name", ["@1bad", "@a b", "@", "title[1]/@a<b", "@xmlns", "@{http://www.w3.org/2000/xmlns/}p"]
)
def test_an_attribute_name_xml_does_not_allow_is_refused(name: str) -> None:
    error = _refused(Catalogue((_programme(extras=(Extra(name, "v", "xml"),)),)))
    assert [issue.path for issue in error.issues] == ["$.programmes[0].extras[0]"]


@pytest.mark.parametrize(
    ("prefix", "uri"),
    [
        ("a", ""),
        ("xmlns", "urn:x"),
        ("xml", "urn:x"),
        ("a", XML),
        ("a", "http://www.w3.org/2000/xmlns/"),
        ("1a", "urn:x"),
        ("a", "http://d-po\u2028rtal.org/x"),  # no URI a parser reads (lxml writes it)
        ("a", "urn:a b"),
    ],
)
def test_a_namespace_declaration_xml_does_not_allow_is_refused(prefix: str, uri: str) -> None:
    extra = Extra(f"@xmlns:{prefix}", uri, "xml")
    error = _refused(Catalogue((_programme(extras=(extra,)),)))
    assert [issue.path for issue in error.issues] == ["$.programmes[0].extras[0]"]
    error = _refused(Catalogue((_programme(),), extras=(extra,)))
    assert [issue.path for issue in error.issues] == ["$.extras[0]"]


@pytest.mark.parametrize("uri", ["http://d-po\u2028rtal.org/xmlns/dstore", "urn:a b", "http://x/%zz"])
def test_an_attribute_in_a_namespace_no_parser_reads_is_refused(uri: str) -> None:
    # Found by tools/fuzz.py (seed 20261209, input 63411): lxml set an attribute of the namespace
    # "http://d-po\u2028rtal.org/..." kept in an extra, and wrote XML the reader refuses.
    valid = etree.fromstring(b'<a xmlns:p="urn:ok"/>')  # (the probe itself reads a good name)
    assert valid.nsmap == {"p": "urn:ok"}
    for path in (f"@{{{uri}}}dataset", f"budget[1]/@{{{uri}}}x"):
        outcome = _attempt(Catalogue((_programme(extras=(Extra(path, "v", "xml"),)),)))
        if isinstance(outcome, WriteError):
            assert [issue.path for issue in outcome.issues] == ["$.programmes[0]"]
            assert "not a valid URI" in str(outcome)
        else:  # written only when a parser reads it back
            assert read(io.BytesIO(outcome)).programmes[0].key == "XM-1-a"


def test_xml_lang_on_the_root_is_written_as_xml_lang() -> None:
    # It was written as ns0:lang with ns0 bound to the XML namespace, which no parser accepts.
    for name in (f"@{{{XML}}}lang", "@xml:lang"):
        data = _write(Catalogue((_programme(),), extras=(Extra(name, "en", "xml"),)))
        root = etree.fromstring(data)
        assert root.get(f"{{{XML}}}lang") == "en"
        assert b' xml:lang="en"' in data
        assert read(io.BytesIO(data)).extras == (Extra(f"@{{{XML}}}lang", "en", "xml"),)


def test_an_attribute_on_the_root_is_checked_like_any_other() -> None:
    error = _refused(
        Catalogue((_programme(),), extras=(Extra("@a b", "v", "xml"), Extra("@c", "\x07", "xml")))
    )
    assert [issue.path for issue in error.issues] == ["$.extras[0]", "$.extras[1]"]


def test_a_huge_slot_index_costs_no_more_than_a_small_one() -> None:
    # The writer counted up to the index: location[10000000000] never finished.
    extras = (
        Extra("location[10000000000]", '<location ref="far"/>', "xml"),
        Extra("location[1]", '<location ref="near"/>', "xml"),
    )
    catalogue = Catalogue((_programme(extras=extras),))
    result: list[bytes] = []
    worker = threading.Thread(target=lambda: result.append(_write(catalogue)), daemon=True)
    worker.start()
    worker.join(timeout=30)  # generous: the write takes milliseconds
    assert result, "write did not finish"
    (activity,) = etree.fromstring(result[0])
    assert [element.get("ref") for element in activity.iter("location")] == ["near", "far"]


def test_a_slot_index_of_absurd_length_is_refused() -> None:
    error = _refused(
        Catalogue((_programme(extras=(Extra(f"location[{'9' * 5000}]", "<location/>", "xml"),)),))
    )
    assert [issue.path for issue in error.issues] == ["$.programmes[0].extras[0]"]


def test_inserts_and_model_values_keep_their_positions() -> None:
    # Worked out by hand: two model titles do not exist, so use participating-org-like verbatim
    # elements around the one title: positions 1 and 3 are verbatim, the title takes 2.
    extras = (
        Extra("other-identifier[3]", '<other-identifier ref="c"/>', "xml"),
        Extra("other-identifier[1]", '<other-identifier ref="a"/>', "xml"),
        Extra("other-identifier[2]", '<other-identifier ref="b"/>', "xml"),
    )
    (activity,) = etree.fromstring(_write(Catalogue((_programme(extras=extras),))))
    assert [element.get("ref") for element in activity.iter("other-identifier")] == ["a", "b", "c"]


def test_a_decimal_too_long_for_plain_notation_is_refused_not_expanded() -> None:
    assert decimal_text(__import__("decimal").Decimal("1.5E+3")) == "1500"
    for text in ("1E+1000000", "1E-99999", "1E+999999999999"):
        with pytest.raises(InvalidValueError):
            decimal_text(__import__("decimal").Decimal(text))


def test_write_error_pickles() -> None:
    error = _refused(Catalogue((_programme(title="\x07"),)))
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is WriteError
    assert copy.issues == error.issues
    assert str(copy) == str(error)


# --- data safety ---------------------------------------------------------------------------


def _seven(bad: int | None) -> Catalogue:
    return Catalogue(
        tuple(_programme(f"XM-1-{n}", "bell\u0007" if n == bad else f"Title {n}") for n in range(7))
    )


def test_a_failure_leaves_the_existing_file_untouched_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    write(_seven(None), target)
    before = target.read_bytes()
    assert len(read(target)) == 7
    with pytest.raises(WriteError) as raised:
        write(_seven(3), target)
    assert raised.value.issues[0].path == "$.programmes[3].title.en"
    assert target.read_bytes() == before
    assert [path.name for path in tmp_path.iterdir()] == ["out.xml"]


def test_a_failure_creates_no_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    with pytest.raises(WriteError):
        write(_seven(6), target)
    assert list(tmp_path.iterdir()) == []


def test_a_path_that_cannot_be_written_is_a_write_error(tmp_path: Path) -> None:
    for target in (tmp_path / "missing" / "out.xml", tmp_path):
        with pytest.raises(WriteError) as raised:
            write(_seven(None), target)
        assert raised.value.issues[0].path == str(target)
    assert list(tmp_path.iterdir()) == []


def test_a_successful_write_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    target.write_bytes(b"old")
    write(_seven(None), target)
    assert [programme.key for programme in read(target)] == [f"XM-1-{n}" for n in range(7)]


# --- whatever write emits reads back --------------------------------------------------------

HOSTILE_TEXT = st.sampled_from(
    [
        "\x07",
        "\x00",
        "\ud800",
        "\ufffe",
        "&x;",
        "&amp;",
        "<a>",
        "]]>",
        "\r\n",
        "<!DOCTYPE x>",
        '"',
        "\x85",
        "\u2028",
    ]
)
TEXTS = st.lists(st.text(max_size=6) | HOSTILE_TEXT, min_size=1, max_size=4).map("".join)
PATHS = st.sampled_from(
    [
        "@a b",
        "@xml:lang",
        f"@{{{XML}}}lang",
        "@xmlns:p",
        "@xmlns:xml",
        "@{urn:x}attr",
        "@default-currency",
        "location[1]",
        "location[10000000000]",
        "location[0]",
        "title[1]",
        "title[1]/@{urn:x}a",
        "title[1]/@bad name",
        "iati-identifier[1]",
        "budget[1]",
        "iati-activity[1]",
        "reporting-org[1]",
        "$.x_note",
    ]
)
FRAGMENTS = (
    TEXTS
    | TEXTS.map(lambda text: f"<location>{text}</location>")
    | TEXTS.map(lambda text: f'<location a="{text}"/>')
    | st.sampled_from(
        [
            '<p:location xmlns:p="urn:p"><p:x/></p:location>',
            '<!DOCTYPE l [<!ENTITY e "v">]><location>&e;</location>',
            "<iati-activity><iati-identifier>XM-9</iati-identifier></iati-activity>",
            '<location xmlns="urn:default"/>',
            "<location><![CDATA[<x>]]></location>",
            "urn:x",
            "",
        ]
    )
)
HOSTILE_EXTRAS = st.builds(Extra, PATHS, FRAGMENTS, st.sampled_from(["xml", "json"]))


@st.composite
def hostile_catalogues(draw: st.DrawFn) -> Catalogue:
    """A generated catalogue (itaproj.testing) plus small programmes, with hostile text and extras."""
    catalogue = draw(catalogues(max_programmes=1))
    programmes = []
    for programme in catalogue.programmes:
        title = programme.title
        if draw(st.booleans()):
            with contextlib.suppress(InvalidValueError):
                title = LocalizedText({"en": draw(TEXTS)})
        extras = (*programme.extras, *draw(st.lists(HOSTILE_EXTRAS, max_size=3)))
        programmes.append(attrs.evolve(programme, title=title, extras=extras))
    for number in range(draw(st.integers(0, 2))):
        try:
            title = LocalizedText({"en": draw(TEXTS)})
        except InvalidValueError:
            title = LocalizedText({"en": "plain"})
        extras = tuple(draw(st.lists(HOSTILE_EXTRAS, max_size=3)))
        programmes.append(Programme(f"XM-light-{number}", title, extras=extras))
    root_extras = (*catalogue.extras, *draw(st.lists(HOSTILE_EXTRAS, max_size=2)))
    return attrs.evolve(catalogue, programmes=tuple(programmes), extras=root_extras)


# Generating a catalogue (itaproj.testing) takes about a second: a quarter of the profile's examples.
@settings(
    max_examples=max(10, settings().max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(hostile_catalogues())
def test_write_either_refuses_or_writes_xml_that_reads_back(catalogue: Catalogue) -> None:
    out = io.BytesIO()
    refused: WriteError | None = None
    try:
        write(catalogue, out)
    except WriteError as error:
        refused = error
    if refused is not None:
        event("refused")
        assert refused.issues
        assert out.getvalue() == b""
        return
    event("written")
    data = out.getvalue()
    back = read(io.BytesIO(data))
    expected = sum(1 + len(programme.components) for programme in catalogue.programmes)
    assert len(back) == expected
    # the same document again is the same bytes: nothing depends on more than the model
    again = io.BytesIO()
    write(back, again)
    assert len(read(io.BytesIO(again.getvalue()))) == expected
