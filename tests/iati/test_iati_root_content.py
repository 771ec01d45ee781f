"""Namespaced elements under ``iati-activities`` are kept with the catalogue and written back."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from itaproj import Catalogue, Extra, LocalizedText, Programme
from itaproj.iati import WriteError, read, read_with_findings, validate_schema, write
from itaproj.iati import _read as reader_module
from itaproj.iati._parse import CHUNK
from itaproj.iati._read import ROOT_CONTENT_LIMIT, _Reader
from itaproj.io import dumps, loads

IR = "http://iatiregistry.org/ns/record#"
REAL = Path(__file__).resolve().parents[1] / "data" / "iati" / "real"

RECORD = (
    b'<ir:registry-record xmlns:ir="http://iatiregistry.org/ns/record#" xml:lang="en" file-id="GB-1"'
    b' publisher-id="GB-1" title="DFID Activity File">A note<ir:part n="1">x &amp; y</ir:part></ir:registry-record>'
)

# A schema-valid 2.03 activity.
ACTIVITY = b"""<iati-activity xml:lang="en" default-currency="EUR">
  <iati-identifier>XM-1-a</iati-identifier>
  <reporting-org ref="XM-1" type="10"><narrative>Reporter</narrative></reporting-org>
  <title><narrative>Mayors for Economic Growth</narrative></title>
  <description><narrative>Cities.</narrative></description>
  <participating-org role="1" ref="XM-1" type="10"><narrative>Reporter</narrative></participating-org>
  <activity-status code="4"/>
  <activity-date type="1" iso-date="2017-01-01"/>
 </iati-activity>"""


def _doc(*children: bytes) -> bytes:
    return b'<iati-activities version="2.03">' + b"\n".join(children) + b"</iati-activities>"


def _written(catalogue: Catalogue) -> bytes:
    out = io.BytesIO()
    write(catalogue, out)
    return out.getvalue()


def _records(catalogue: Catalogue) -> list[Extra]:
    return [extra for extra in catalogue.extras if not extra.path.startswith("@")]


def _same_element(text: str | bytes, expected: bytes) -> bool:
    """Equal as XML (canonical form), whatever the quoting or the order of attributes."""
    as_bytes = text.encode() if isinstance(text, str) else text
    return etree.tostring(etree.fromstring(as_bytes), method="c14n") == etree.tostring(
        etree.fromstring(expected), method="c14n"
    )


# --- kept, written back, read again ------------------------------------------------------------


def test_a_registry_record_before_the_activities_is_kept_with_the_catalogue() -> None:
    catalogue, findings = read_with_findings(io.BytesIO(_doc(RECORD, ACTIVITY)))
    (record,) = _records(catalogue)
    assert (record.path, record.format) == ("ir:registry-record[1]", "xml")
    assert _same_element(record.value, RECORD)
    assert not [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    (note,) = [finding for finding in findings if finding.rule == "iati.lenient.foreign-namespace"]
    assert note.severity.value == "info"
    assert IR in note.message
    assert note.path == "/iati-activities/ir:registry-record[1] (line 1)"


def test_the_writer_puts_it_back_under_the_root_after_the_activities() -> None:
    catalogue = read(io.BytesIO(_doc(RECORD, ACTIVITY)))
    root = etree.fromstring(_written(catalogue))
    assert [child.tag for child in root] == ["iati-activity", f"{{{IR}}}registry-record"]
    record = root[1]
    assert dict(record.attrib) == {
        "{http://www.w3.org/XML/1998/namespace}lang": "en",
        "file-id": "GB-1",
        "publisher-id": "GB-1",
        "title": "DFID Activity File",
    }
    assert record.text == "A note"
    (part,) = record
    assert (part.tag, part.get("n"), part.text) == (f"{{{IR}}}part", "1", "x & y")


def test_read_write_read_gives_the_same_catalogue() -> None:
    first = read(io.BytesIO(_doc(RECORD, ACTIVITY, RECORD.replace(b"GB-1", b"GB-2"))))
    assert [extra.path for extra in _records(first)] == ["ir:registry-record[1]", "ir:registry-record[2]"]
    again = read(io.BytesIO(_written(first)))
    assert again == first
    assert read(io.BytesIO(_written(again))) == first


def test_after_the_activities_is_where_the_schema_wants_it() -> None:
    # IATI's schema has ##other content after the activities only: a record before them is an
    # error in the source, and none in what is written.
    source = _doc(RECORD, ACTIVITY)
    assert [finding.message for finding in validate_schema(io.BytesIO(source))] == [
        f"Element '{{{IR}}}registry-record': This element is not expected. Expected is ( iati-activity )."
    ]
    assert validate_schema(io.BytesIO(_written(read(io.BytesIO(source))))) == ()


def test_a_record_after_the_activities_stays_there() -> None:
    catalogue, findings = read_with_findings(io.BytesIO(_doc(ACTIVITY, RECORD)))
    (record,) = _records(catalogue)
    assert _same_element(record.value, RECORD)
    assert [finding.rule for finding in findings] == ["iati.lenient.foreign-namespace"]
    assert _written(catalogue).index(b"</iati-activity>") < _written(catalogue).index(b"<ir:registry-record")


def test_the_json_round_trip_keeps_it() -> None:
    catalogue = read(io.BytesIO(_doc(RECORD, ACTIVITY)))
    again = loads(dumps(catalogue))
    assert again == catalogue
    assert isinstance(again, Catalogue)
    assert _same_element(_records(again)[0].value, RECORD)
    assert read(io.BytesIO(_written(again))) == catalogue


def test_a_namespace_declared_on_the_root_is_declared_by_the_kept_element() -> None:
    source = (
        b'<iati-activities version="2.03" xmlns:ir="http://iatiregistry.org/ns/record#">'
        + ACTIVITY
        + b'<ir:registry-record file-id="GB-1"/></iati-activities>'
    )
    catalogue = read(io.BytesIO(source))
    (record,) = _records(catalogue)
    # the text stands alone: it parses with its namespace
    assert etree.fromstring(record.value.encode()).tag == f"{{{IR}}}registry-record"
    assert ("@xmlns:ir", IR) in [(extra.path, extra.value) for extra in catalogue.extras]
    assert read(io.BytesIO(_written(catalogue))) == catalogue


# --- not kept ----------------------------------------------------------------------------------


def _lines(source: bytes, tag: str) -> list[int]:
    return [element.sourceline for element in etree.fromstring(source).iter(tag)]


def test_elements_in_no_namespace_are_still_reported_and_dropped() -> None:
    source = _doc(b"<junk>1</junk>", ACTIVITY, b"<junk/>")
    catalogue, findings = read_with_findings(io.BytesIO(source))
    assert _records(catalogue) == []
    strays = [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    first, second = _lines(source, "junk")
    assert [finding.path for finding in strays] == [
        f"/iati-activities/junk[1] (line {first})",
        f"/iati-activities/junk[2] (line {second})",
    ]
    assert b"junk" not in _written(catalogue)


def test_a_namespaced_element_holding_an_activity_gives_the_activity_and_is_reported() -> None:
    holder = b'<x:wrap xmlns:x="urn:x"><x:a/>' + ACTIVITY + b"<x:b/></x:wrap>"
    catalogue, findings = read_with_findings(io.BytesIO(_doc(holder)))
    assert [programme.key for programme in catalogue] == ["XM-1-a"]
    assert _records(catalogue) == []
    (stray,) = [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    assert "holds an iati-activity" in stray.message


def _junk(n: int, size: int) -> bytes:
    return b'<x:junk n="%d"><x:y>%s</x:y></x:junk>' % (n, b"y" * size)


def _foreign_stream(count: int, size: int) -> Iterator[bytes]:
    yield b'<iati-activities version="2.03" xmlns:x="urn:x">'
    yield ACTIVITY
    for n in range(count):
        yield _junk(n, size)
    yield b"</iati-activities>"


class _Spy(io.RawIOBase):
    """A stream of generated XML that records the parser's tree size at each read."""

    def __init__(self, parts: Iterator[bytes]) -> None:
        self.parts = parts
        self.pending = b""
        self.reader: _Reader | None = None
        self.sizes: list[int] = []

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.reader is not None and self.reader.root is not None:
            self.sizes.append(sum(1 for _ in self.reader.root.iter()))
        while len(self.pending) < max(size, 1):
            part = next(self.parts, None)
            if part is None:
                break
            self.pending += part
        data, self.pending = self.pending[:size], self.pending[size:]
        return data


def _read_spied(parts: Iterator[bytes]) -> tuple[_Spy, _Reader, list[str]]:
    stream = _Spy(parts)
    reader = _Reader(stream)
    stream.reader = reader
    keys = [programme.key for programme, _ in reader.programmes()]
    return stream, reader, keys


def test_namespaced_elements_are_kept_up_to_the_limit_and_freed_as_the_stream_goes() -> None:
    # 6000 elements of about 260 characters: 1.5 MiB, beyond the 1 MiB kept.
    stream, reader, keys = _read_spied(_foreign_stream(6000, 220))
    assert keys == ["XM-1-a"]
    kept = [extra for extra in reader.root_extras if not extra.path.startswith("@")]
    assert [extra.path for extra in kept[:2]] == ["x:junk[1]", "x:junk[2]"]
    # each kept as text declaring its namespace: the source element plus xmlns:x="urn:x"
    texts = [_junk(n, 220).replace(b"<x:junk", b'<x:junk xmlns:x="urn:x"', 1) for n in range(6000)]
    assert _same_element(kept[0].value, texts[0])
    fitting = 0
    total = 0
    while total + len(texts[fitting]) <= ROOT_CONTENT_LIMIT:
        total += len(texts[fitting])
        fitting += 1
    assert len(kept) == fitting  # all that fit, and no more
    assert sum(len(extra.value) for extra in kept) == total
    strays = [finding for finding in reader.pending if finding.rule == "iati.lenient.root-child"]
    # 20 one by one, then one count of the rest: every element is kept or reported
    assert len(strays) == 21
    assert "is beyond the 1,048,576 characters" in strays[0].message
    assert strays[-1].message.startswith(f"{6000 - len(kept) - 20} more elements under the root")
    # the tree never held more than a chunk's worth: kept elements are text, then freed
    assert max(stream.sizes) < 2 * (CHUNK // 200)


def test_one_namespaced_element_too_large_to_keep_is_freed_while_it_streams() -> None:
    def parts() -> Iterator[bytes]:
        yield b'<iati-activities version="2.03">' + ACTIVITY + b'<x:big xmlns:x="urn:x">'
        for n in range(20_000):  # 20,000 children of about 240 bytes: 4.6 MiB
            yield b'<x:y n="%d">%s</x:y>' % (n, b"y" * 220)
        yield b"</x:big></iati-activities>"

    stream, reader, keys = _read_spied(parts())
    assert keys == ["XM-1-a"]
    assert [extra for extra in reader.root_extras if not extra.path.startswith("@")] == []
    (stray,) = [finding for finding in reader.pending if finding.rule == "iati.lenient.root-child"]
    assert "is beyond the 1,048,576 characters" in stray.message
    # held whole up to the limit (about 4,400 children of 240 bytes), then freed: never all 20,000
    assert max(stream.sizes) < (ROOT_CONTENT_LIMIT + 2 * CHUNK) // 240 + 100


def test_the_limit_counts_what_was_kept_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "ROOT_CONTENT_LIMIT", 2 * len(RECORD))
    source = _doc(ACTIVITY, RECORD, RECORD, RECORD)
    catalogue, findings = read_with_findings(io.BytesIO(source))
    assert [extra.path for extra in _records(catalogue)] == ["ir:registry-record[1]", "ir:registry-record[2]"]
    (stray,) = [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    third = _lines(source, f"{{{IR}}}registry-record")[2]
    assert stray.path == f"/iati-activities/{{{IR}}}registry-record[1] (line {third})"


# --- the writer checks what it is given ----------------------------------------------------------


def _catalogue_with(*extras: Extra) -> Catalogue:
    programme = Programme("XM-1-a", LocalizedText({"en": "T"}), iati_identifier="XM-1-a")
    return Catalogue((programme,), extras=extras)


def test_the_writer_refuses_root_content_it_cannot_write() -> None:
    catalogue = _catalogue_with(
        Extra("x:ok[1]", '<x:ok xmlns:x="urn:x"/>', "xml"),
        Extra("junk[1]", "<junk/>", "xml"),
        Extra("x:bad[1]", "<x:bad", "xml"),
        Extra("x:undeclared[1]", "<x:undeclared/>", "xml"),
    )
    with pytest.raises(WriteError) as info:
        write(catalogue, io.BytesIO())
    assert [issue.path for issue in info.value.issues] == ["$.extras[1]", "$.extras[2]", "$.extras[3]"]
    assert "in no namespace" in info.value.issues[0].message


def test_other_catalogue_extras_are_not_root_content() -> None:
    catalogue = _catalogue_with(
        Extra("$.x_note", '"a JSON extra"', "json"),
        Extra("x:ok[1]", '<x:ok xmlns:x="urn:x">kept</x:ok>', "xml"),
    )
    root = etree.fromstring(_written(catalogue))
    assert [child.tag for child in root] == ["iati-activity", "{urn:x}ok"]
    assert root[1].text == "kept"


# --- a real file ---------------------------------------------------------------------------------


def test_the_registry_record_of_a_real_file_is_kept() -> None:
    path = REAL / "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_CD.xml"
    source = etree.parse(str(path)).getroot()
    (expected,) = source.findall(f"{{{IR}}}registry-record")
    catalogue, findings = read_with_findings(path)
    (record,) = _records(catalogue)
    assert _same_element(record.value, etree.tostring(expected))
    assert not [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    written = etree.fromstring(_written(catalogue))
    (again,) = written.findall(f"{{{IR}}}registry-record")
    assert dict(again.attrib) == dict(expected.attrib)
    assert written[-1].tag == f"{{{IR}}}registry-record"  # after the activities


def _rewritten(data: bytes) -> bytes:
    out = io.BytesIO()
    write(read(io.BytesIO(data)), out)
    return out.getvalue()


def test_the_attributes_of_a_root_of_another_name_are_kept() -> None:
    # Found by tools/fuzz.py (seed 20261210, input 88160): a root renamed into another
    # namespace was reported, but its attributes were dropped.
    data = (
        b'<ns0:iati-activities xmlns:ns0="urn:x" version="2.03" x="m1">'
        + ACTIVITY
        + b"</ns0:iati-activities>"
    )
    catalogue, findings = read_with_findings(io.BytesIO(data))
    assert [f.rule for f in findings if f.rule == "iati.lenient.root"] == ["iati.lenient.root"]
    assert len(catalogue) == 1
    written = etree.fromstring(_rewritten(data))
    assert written.tag == "iati-activities"
    assert written.get("x") == "m1"
    assert read(io.BytesIO(etree.tostring(written))) == catalogue


def test_a_lone_activity_as_the_root_keeps_its_attributes_once() -> None:
    catalogue, findings = read_with_findings(io.BytesIO(ACTIVITY))
    assert [f.rule for f in findings if f.rule == "iati.lenient.root"] == ["iati.lenient.root"]
    written = etree.fromstring(_rewritten(ACTIVITY))
    assert dict(written.attrib) == {"version": "2.03"}  # the activity's attributes stay on it
    (activity,) = written
    assert activity.get("default-currency") == "EUR"
    assert read(io.BytesIO(etree.tostring(written))) == catalogue
