"""The writer serialises activities straight from the model's nodes (``_serialise``): the same
output as building them with lxml, the same problems, the same findings.

The reference is the lxml path, forced with ``itaproj.iati._write._FAST = False``; texts read
back are read with lxml, never with the code under test.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from itaproj import (
    Catalogue,
    LocalizedText,
    Money,
    Organisation,
    PartialDate,
    Participant,
    Programme,
    Role,
    Transaction,
)
from itaproj.extras import Extra, ExtraFormat
from itaproj.iati import WriteError, read, write, write_with_findings
from itaproj.iati import _write as writer
from itaproj.testing import catalogues

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
XML = ExtraFormat.XML
#: XML 1.0's Char production, written out here (not the writer's own pattern).
_CHAR = re.compile("[\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


class _Paths:
    """How many activities each path wrote."""

    def __init__(self) -> None:
        self.fast = 0
        self.lxml = 0


@contextlib.contextmanager
def _path(fast: bool) -> Iterator[_Paths]:
    """Write with the fast path on or off, counting the activities each path wrote."""
    paths = _Paths()
    original = writer._ActivityWriter._fast
    was = writer._FAST

    def counting(self: writer._ActivityWriter, *args: object) -> tuple[bytes, bool] | None:
        done = original(self, *args)  # type: ignore[arg-type]
        if done is None:
            paths.lxml += 1
        else:
            paths.fast += 1
        return done

    writer._FAST = fast
    writer._ActivityWriter._fast = counting  # type: ignore[method-assign,assignment]
    try:
        yield paths
    finally:
        writer._FAST = was
        writer._ActivityWriter._fast = original  # type: ignore[method-assign]


def _attempt(catalogue: Catalogue, fast: bool) -> tuple[bytes | tuple[tuple[str, str], ...], _Paths]:
    """The bytes written, or the issues ``write`` refused with; and the paths taken."""
    out = io.BytesIO()
    with _path(fast) as paths:
        try:
            write(catalogue, out)
        except WriteError as error:
            return tuple((issue.path, issue.message) for issue in error.issues), paths
    return out.getvalue(), paths


def _canonical(data: bytes) -> list[bytes]:
    """Each activity of a written document in canonical form (C14N 2.0, which takes the relative
    namespace names some real files declare), with lxml."""
    root = etree.fromstring(data)
    return [etree.tostring(activity, method="c14n2") for activity in root]


def _same(catalogue: Catalogue) -> tuple[bytes | tuple[tuple[str, str], ...], _Paths]:
    """Write both ways; assert the same result (by meaning); give the fast one."""
    fast, paths = _attempt(catalogue, True)
    reference, lxml_paths = _attempt(catalogue, False)
    assert lxml_paths.fast == 0
    if isinstance(reference, bytes):
        assert isinstance(fast, bytes)
        assert _canonical(fast) == _canonical(reference)
        assert fast.split(b"<iati-activity", 1)[0] == reference.split(b"<iati-activity", 1)[0]
    else:
        assert fast == reference
    return fast, paths


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name[:60])
def test_real_files_write_the_same_as_through_lxml(path: Path) -> None:
    catalogue = read(path)
    activities = len(etree.parse(str(path)).getroot().findall("iati-activity"))
    fast, paths = _same(catalogue)
    assert isinstance(fast, bytes)
    written = len(etree.fromstring(fast).findall("iati-activity"))
    assert written >= activities  # (components become activities of their own)
    # no file needs lxml: foreign names here are all in namespaces the activity declares
    assert paths.lxml == 0
    assert paths.fast == written


@pytest.mark.parametrize("path", FILES[:4] + FILES[-2:], ids=lambda path: path.name[:60])
def test_findings_are_the_same_as_through_lxml(path: Path) -> None:
    catalogue = read(path)
    found = []
    for fast in (True, False):
        out = io.BytesIO()
        with _path(fast):
            findings = write_with_findings(catalogue, out)
        found.append((out.getvalue(), sorted((f.rule, f.path, f.message) for f in findings)))
    assert found[0][1] == found[1][1]
    assert _canonical(found[0][0]) == _canonical(found[1][0])


def _programme(**fields: object) -> Programme:
    return Programme("XM-1", LocalizedText({"en": "Title"}), iati_identifier="XM-1", **fields)  # type: ignore[arg-type]


def _activity(data: bytes) -> etree._Element:
    root = etree.fromstring(data)
    assert len(root) == 1
    return root[0]


def test_an_attribute_in_an_undeclared_namespace_goes_through_lxml() -> None:
    catalogue = Catalogue((_programme(extras=(Extra("@{urn:x}a", "v", XML),)),))
    fast, paths = _same(catalogue)
    assert isinstance(fast, bytes)
    assert (paths.fast, paths.lxml) == (0, 1)
    assert _activity(fast).get("{urn:x}a") == "v"


def test_an_attribute_in_a_declared_namespace_is_written_with_its_prefix() -> None:
    extras = (Extra("@xmlns:p", "urn:p", XML), Extra("@p:a", "v", XML), Extra("@{urn:p}b", "w", XML))
    fast, paths = _same(Catalogue((_programme(extras=extras),)))
    assert isinstance(fast, bytes)
    assert (paths.fast, paths.lxml) == (1, 0)
    activity = _activity(fast)
    assert activity.nsmap == {"p": "urn:p"}
    assert (activity.get("{urn:p}a"), activity.get("{urn:p}b")) == ("v", "w")
    assert b' p:a="v" p:b="w"' in fast


def test_a_namespace_declared_twice_is_written_with_its_first_prefix() -> None:
    extras = (Extra("@xmlns:p", "urn:p", XML), Extra("@xmlns:q", "urn:p", XML), Extra("@q:a", "v", XML))
    fast, paths = _same(Catalogue((_programme(extras=extras),)))
    assert isinstance(fast, bytes)
    assert paths.fast == 1
    assert _activity(fast).get("{urn:p}a") == "v"


@pytest.mark.parametrize(
    "extra",
    [
        Extra("@xmlns", "urn:x", XML),
        Extra("@q:a", "v", XML),  # q is declared nowhere
        Extra("@xml:space", "preserve", XML),
        Extra("@1a", "v", XML),
        Extra("@a b", "v", XML),
        Extra("title[1]/@1a", "v", XML),
    ],
    ids=lambda extra: extra.path,
)
def test_what_lxml_refuses_or_names_otherwise_is_written_through_lxml(extra: Extra) -> None:
    _result, paths = _same(Catalogue((_programme(extras=(extra,)),)))
    assert paths.fast == 0


def test_overrides_text_and_verbatim_elements_write_the_same() -> None:
    extras = (
        Extra("title[1]/@xml:lang", "fr", XML),
        Extra("title[1]/@note", 'a "b"\t<c>', XML),
        Extra("text()", "\n  ", XML),
        Extra("budget[1]", '<budget type="1"><value currency="EUR">5</value></budget>', XML),
        Extra("@xml:lang", "de", XML),
    )
    fast, paths = _same(Catalogue((_programme(extras=extras),)))
    assert isinstance(fast, bytes)
    assert paths.fast == 1
    activity = _activity(fast)
    assert activity.text == "\n  "
    title = activity.find("title")
    assert title is not None
    assert title.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert title.get("note") == 'a "b"\t<c>'
    assert activity.findtext("budget/value") == "5"
    assert activity.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"


def test_a_verbatim_element_declaring_its_own_namespace_is_spliced_as_kept() -> None:
    kept = '<x:budget xmlns:x="urn:x"><x:value>5</x:value></x:budget>'
    extras = (Extra("@xmlns:x", "urn:y", XML), Extra("budget[1]", kept, XML))
    fast, paths = _same(Catalogue((_programme(extras=extras),)))
    assert isinstance(fast, bytes)
    assert paths.fast == 1  # spliced as kept: it declares its own namespace
    assert etree.fromstring(fast)[0].find("{urn:x}budget/{urn:x}value") is not None


_SPECIAL = st.sampled_from(["&", "<", ">", '"', "'", "\t", "\n", "\r", " ", "]]>", "&amp;", "\x85", "\u2028"])
_NOT_XML = st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\ud800", "\udfff"])
_TEXTS = (
    st.lists(
        st.one_of(_SPECIAL, st.characters(), st.characters(min_codepoint=0x10000), _NOT_XML),
        min_size=1,
        max_size=10,
    )
    .map("".join)
    .filter(lambda text: text.strip() != "")
)


def _holdable(text: str) -> bool:
    return _CHAR.fullmatch(text) is not None


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=_TEXTS,
    description=_TEXTS,
    narrative=_TEXTS,
    ref=_TEXTS,
    org_ref=_TEXTS,
    attribute=_TEXTS,
)
def test_texts_read_back_exactly_or_are_refused_at_their_path(
    title: str, description: str, narrative: str, ref: str, org_ref: str, attribute: str
) -> None:
    organisation = Organisation("o", LocalizedText({"en": "Org"}), ref=org_ref)
    transaction = Transaction(
        "3",
        PartialDate(2024, 1, 2),
        Money(Decimal(10), "USD"),
        ref=ref,
        description=LocalizedText({"en": narrative}),
    )
    programme = Programme(
        "XM-1",
        LocalizedText({"en": title}),
        iati_identifier="XM-1",
        description=LocalizedText({"en": description}),
        participants=(Participant(organisation, Role.FUNDING),),
        transactions=(transaction,),
        extras=(Extra("@note", attribute, XML),),
    )
    fields = {
        "$.programmes[0].title.en": title,
        "$.programmes[0].description.text.en": description,
        "$.programmes[0].transactions[0].description.en": narrative,
        "$.programmes[0].transactions[0].ref": ref,
        "$.programmes[0].participants[0].organisation.ref": org_ref,
        "$.programmes[0].extras[0]": attribute,
    }
    result, paths = _same(Catalogue((programme,)))
    bad = {path for path, text in fields.items() if not _holdable(text)}
    if bad:
        assert isinstance(result, tuple)
        assert {path for path, _message in result} == bad
        assert (paths.fast, paths.lxml) == (0, 1)  # lxml reports them
        return
    assert isinstance(result, bytes)
    assert (paths.fast, paths.lxml) == (1, 0)
    activity = _activity(result)
    assert activity.findtext("title/narrative") == title
    assert activity.findtext("description/narrative") == description
    assert activity.findtext("transaction/description/narrative") == narrative
    assert activity.find("transaction").get("ref") == ref  # type: ignore[union-attr]
    assert activity.find("participating-org").get("ref") == org_ref  # type: ignore[union-attr]
    assert activity.get("note") == attribute


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(catalogues())
def test_any_catalogue_writes_the_same_both_ways(catalogue: Catalogue) -> None:
    _same(catalogue)


@given(
    st.text(
        st.one_of(
            st.characters(exclude_categories=["Cs"]), _NOT_XML.filter(lambda c: not "\ud800" <= c <= "\udfff")
        )
    )
)
def test_the_bytes_check_finds_exactly_the_characters_xml_cannot_hold(text: str) -> None:
    # (surrogates do not encode: the writer falls back to lxml as it encodes)
    assert writer._not_xml(text.encode("utf-8")) is (_CHAR.fullmatch(text) is None)
