"""The reader loses nothing, frees what it does not need, and turns odd values into findings."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import attrs
import pytest
from lxml import etree

from itaproj import Catalogue, Programme
from itaproj.errors import LoadError
from itaproj.iati import iter_programmes, read, read_with_findings, validate, validate_schema, write
from itaproj.iati._read import _Reader


def _doc(*activities: bytes, root: bytes = b'version="2.03"') -> bytes:
    return b"<iati-activities " + root + b">" + b"".join(activities) + b"</iati-activities>"


def _activity(identifier: bytes, body: bytes = b"") -> bytes:
    return (
        b'<iati-activity default-currency="EUR"><iati-identifier>%s</iati-identifier>'
        b'<title><narrative xml:lang="en">Title of %s</narrative></title>%s</iati-activity>'
    ) % (identifier, identifier, body)


def identified(catalogue: Catalogue) -> Catalogue:
    """``catalogue`` as the IATI writer writes it where a programme has no IATI identifier: its key."""
    return attrs.evolve(
        catalogue,
        programmes=tuple(p if _identified(p) else attrs.evolve(p, iati_identifier=p.key) for p in catalogue),
    )


# --- nested activities -------------------------------------------------------------------------

INNER = _activity(b"XM-1-inner", b"<description><narrative>Inner text</narrative></description>")
OUTER = _activity(
    b"XM-1-outer",
    b'<description><narrative xml:lang="en">Outer text</narrative></description>'
    + INNER
    + b'<activity-status code="2"/>',
)


def test_an_activity_nested_in_another_keeps_the_outer_one_whole() -> None:
    # The inner one used to be read and cleared with its earlier siblings: the outer activity
    # lost its identifier, title and description.
    data = _doc(OUTER, _activity(b"XM-1-next"))
    catalogue, findings = read_with_findings(io.BytesIO(data))
    assert [programme.key for programme in catalogue] == ["XM-1-outer", "XM-1-next"]
    outer = catalogue["XM-1-outer"]
    assert outer.iati_identifier == "XM-1-outer"
    assert outer.title.texts == {"en": "Title of XM-1-outer"}
    assert outer.description is not None
    assert outer.description.texts == {"en": "Outer text"}
    assert outer.status is not None
    assert outer.status.iati_code == "2"
    (kept,) = [extra for extra in outer.extras if extra.path == "iati-activity[1]"]
    assert etree.tostring(etree.fromstring(kept.value)) == etree.tostring(etree.fromstring(INNER))
    (nested,) = [finding for finding in findings if finding.rule == "iati.nested-activity"]
    assert nested.path == "/iati-activities/iati-activity[1]/iati-activity[1] (line 1)"


def test_a_nested_activity_deeper_down_is_reported_and_kept_with_its_element() -> None:
    holder = b'<location ref="L1">' + INNER + b"</location>"
    data = _doc(_activity(b"XM-1-outer", holder))
    catalogue, findings = read_with_findings(io.BytesIO(data))
    (outer,) = catalogue
    assert outer.title.texts == {"en": "Title of XM-1-outer"}
    (location,) = [extra for extra in outer.extras if extra.path == "location[1]"]
    assert b"XM-1-inner" in location.value.encode()
    assert [finding.path for finding in findings if finding.rule == "iati.nested-activity"] == [
        "/iati-activities/iati-activity[1]/location[1]/iati-activity[1] (line 1)"
    ]


def test_many_nested_activities_make_one_finding_with_their_count() -> None:
    # Found by tools/fuzz.py (seed 20261202, input 4640): 19,550 activities nested ~100 deep
    # made one finding each, each with a path ~100 steps long; reading 1.5 MB took minutes.
    holder = b"".join(
        [b"<location>" + INNER + INNER + b"</location>", b"<location>" + INNER + b"</location>"]
    )
    data = _doc(_activity(b"XM-1-outer", holder))
    catalogue, findings = read_with_findings(io.BytesIO(data))
    (outer,) = catalogue
    assert [extra.path for extra in outer.extras] == ["location[1]", "location[2]"]
    (nested,) = [finding for finding in findings if finding.rule == "iati.nested-activity"]
    assert nested.path == "/iati-activities/iati-activity[1]/location[1]/iati-activity[1] (line 1)"
    assert "(and 2 more in this activity)" in nested.message


def test_a_nested_activity_survives_a_round_trip() -> None:
    catalogue = read(io.BytesIO(_doc(OUTER)))
    out = io.BytesIO()
    write(catalogue, out)
    assert read(io.BytesIO(out.getvalue())) == catalogue


# --- memory: elements outside activities are freed ---------------------------------------------


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


def _junk_stream(count: int) -> Iterator[bytes]:
    yield b'<iati-activities version="2.03">'
    yield _activity(b"XM-1-a")
    for n in range(count):  # between activities
        yield b'<junk n="%d"><x>%s</x></junk>' % (n, b"y" * 200)
    yield _activity(b"XM-1-b")
    for n in range(count):  # after the last activity
        yield b'<junk n="%d"><x>%s</x></junk>' % (n, b"y" * 200)
    yield b"</iati-activities>"


def test_elements_outside_activities_are_freed_while_streaming() -> None:
    # 2 x 5000 root children of about 230 bytes (2.3 MB): without freeing, the tree held every
    # one read so far (over 10,000 elements) by the end.
    stream = _Spy(_junk_stream(5000))
    reader = _Reader(stream)
    stream.reader = reader
    keys = [programme.key for programme, _ in reader.programmes()]
    assert keys == ["XM-1-a", "XM-1-b"]
    assert len(stream.sizes) > 30  # it was looked at all along the stream
    assert max(stream.sizes) < 700  # one chunk's worth (64 KiB / 230 bytes x 2 elements) at most


def test_elements_outside_activities_are_reported() -> None:
    catalogue, findings = read_with_findings(_Spy(_junk_stream(30)))
    assert [programme.key for programme in catalogue] == ["XM-1-a", "XM-1-b"]
    strays = [finding for finding in findings if finding.rule == "iati.lenient.root-child"]
    # 20 one by one, then one count of the other 40
    assert len(strays) == 21
    assert strays[0].path.startswith("/iati-activities/junk[1] (line 1)")
    assert strays[-1].message.startswith("40 more elements under the root")


# --- values outside the model's range ---------------------------------------------------------


def _money_activity(amount: bytes) -> bytes:
    return _activity(
        b"XM-1-m",
        b'<budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
        b'<value value-date="2024-01-01">%s</value></budget>'
        b'<transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/>'
        b"<value>%s</value></transaction>"
        b'<result type="1"><title><narrative>R</narrative></title><indicator measure="1">'
        b'<title><narrative>I</narrative></title><baseline year="2020" value="%s"/></indicator></result>'
        % (amount, amount, amount),
    )


@pytest.mark.parametrize(
    "amount", [b"1E+1000000", b"1E-99999", b"1E+999999999999", b"9" * 5000, b"1e-" + b"9" * 50]
)
def test_an_amount_outside_the_models_range_is_a_finding_with_its_xpath(amount: bytes) -> None:
    catalogue, findings = read_with_findings(io.BytesIO(_doc(_money_activity(amount))))
    (programme,) = catalogue
    assert programme.budget is None
    assert programme.transactions == ()
    paths = sorted(finding.path for finding in findings if finding.rule == "iati.unmapped")
    activity = "/iati-activities/iati-activity[1]"
    assert paths == [f"{activity}/budget[1] (line 1)", f"{activity}/transaction[1] (line 1)"]
    # an indicator value that is no number the model holds is read as text, with a finding
    (value,) = [finding for finding in findings if finding.rule == "iati.lenient.indicator-value"]
    assert value.path == f"{activity}/result[1]/indicator[1]/baseline[1] (line 1)"
    (baseline,) = programme.results[0].indicators[0].baselines
    assert (baseline.value, baseline.text) == (None, amount.decode())
    assert all(len(finding.message) <= 500 for finding in findings)
    # nothing is lost: the elements are kept verbatim and written back as they were
    kept = {extra.path: extra.value for extra in programme.extras}
    assert amount.decode() in kept["budget[1]"]
    assert amount.decode() in kept["transaction[1]"]
    out = io.BytesIO()
    write(catalogue, out)
    assert read(io.BytesIO(out.getvalue())) == catalogue


def test_validate_copes_with_absurd_percentages_and_the_last_year() -> None:
    body = (
        b'<recipient-country code="AM" percentage="1E+999999999"/><recipient-country code="GE" percentage="sNaN"/>'
        b'<sector code="11110" percentage="1E+1000000"/><sector code="11120" percentage="1"/>'
        b'<budget><period-start iso-date="9999-03-01"/><period-end iso-date="9999-12-31"/><value>1</value></budget>'
    )
    findings = validate(io.BytesIO(_doc(_activity(b"XM-1-v", body))))
    rules = {finding.rule for finding in findings}
    # the percentages no number can hold are schema findings (and kept verbatim by the reader);
    # the budget of year 9999 after them is still checked (7.5.2: no value date)
    assert {"iati.schema", "iati.dq.7.5.2"} <= rules


# --- paths that name no file ----------------------------------------------------------------------


def _entry_points() -> list[object]:
    return [read, read_with_findings, lambda source: list(iter_programmes(source)), validate, validate_schema]


@pytest.mark.parametrize(
    "call",
    _entry_points(),
    ids=["read", "read_with_findings", "iter_programmes", "validate", "validate_schema"],
)
def test_a_missing_path_is_a_load_error_naming_it(call: object, tmp_path: Path) -> None:
    missing = tmp_path / "missing.xml"
    with pytest.raises(LoadError) as raised:
        call(missing)  # type: ignore[operator]
    assert raised.value.issues[0].path == str(missing)
    assert raised.value.issues[0].message == "no such file"
    with pytest.raises(LoadError) as raised:
        call(tmp_path)  # type: ignore[operator]
    assert raised.value.issues[0].path == str(tmp_path)
    assert "directory" in raised.value.issues[0].message


@pytest.mark.parametrize(
    "xml",
    [
        # a kept element that declares one prefix and uses the root's (found by tools/fuzz.py)
        b'<iati-activities xmlns:u="urn:u"><iati-activity><transaction>'
        b'<e xmlns:n="urn:n" n:f="0"/><u:t/></transaction></iati-activity></iati-activities>',
        # two prefixes declared on the root in reverse alphabetical order
        b'<iati-activities xmlns:z="urn:z" xmlns:a="urn:a"><iati-activity><transaction>'
        b'<z:e a:f="1"/></transaction></iati-activity></iati-activities>',
    ],
)
def test_kept_elements_declare_namespaces_in_one_order_so_round_trips_are_equal(xml: bytes) -> None:
    first = read(BytesIO(xml))
    out = BytesIO()
    write(first, out)
    again = read(BytesIO(out.getvalue()))
    assert again == identified(first)  # the key stands in for a missing identifier
    kept = first.programmes[0].extras[-1].value
    declared = re.findall(r'xmlns:(\w+)="', kept[: kept.index(">")])
    assert declared == sorted(declared)


@pytest.mark.parametrize(
    "xml",
    [
        # D-Portal re-exports: the root and each activity bind one namespace to two prefixes
        b'<iati-activities xmlns:ns0="urn:d"><iati-activity xmlns:dstore="urn:d" dstore:i="1">'
        b"<iati-identifier>A</iati-identifier></iati-activity></iati-activities>",
        # ... and a kept element inside the activity still uses the root's prefix
        b'<iati-activities xmlns:ns0="urn:d"><iati-activity xmlns:dstore="urn:d" dstore:i="1">'
        b'<iati-identifier>A</iati-identifier><ns0:x ns0:y="2" dstore:z="3"/></iati-activity>'
        b"</iati-activities>",
        # two activities, one of them with its own prefix
        b'<iati-activities xmlns:ns0="urn:d"><iati-activity xmlns:d="urn:d" d:i="1"/>'
        b'<iati-activity ns0:i="2"/></iati-activities>',
    ],
    ids=["activity", "element-inside", "two-activities"],
)
def test_a_namespace_under_two_prefixes_keeps_each_prefix_through_a_round_trip(xml: bytes) -> None:
    first = read(BytesIO(xml))
    out = BytesIO()
    write(first, out)
    again = read(BytesIO(out.getvalue()))
    assert again == identified(first)  # the key stands in for a missing identifier
    # the prefixes of the input, checked with lxml on what was written
    activities = etree.fromstring(out.getvalue()).findall("iati-activity")
    assert [sorted(a.attrib) for a in activities] == [
        sorted(a.attrib) for a in etree.fromstring(xml).findall("iati-activity")
    ]
    written_tags = re.findall(rb"<iati-activity[^>]*>", out.getvalue())
    input_tags = re.findall(rb"<iati-activity[^>]*>", xml)
    for written_tag, input_tag in zip(written_tags, input_tags, strict=True):
        assert re.findall(rb" (\w+):i=", written_tag) == re.findall(rb" (\w+):i=", input_tag)


# --- text streams that are not Unicode ---------------------------------------------------------

SURROGATE_TEXT = _doc(_activity(b"XM-1-a")).decode().replace("Title of", "Title \ud800 of")


@pytest.mark.parametrize(
    "call",
    [read, read_with_findings, lambda source: list(iter_programmes(source))],  # the last reads lazily
    ids=["read", "read_with_findings", "iter_programmes"],
)
def test_a_text_stream_with_a_lone_surrogate_is_a_load_error(call: object) -> None:
    with pytest.raises(LoadError) as caught:
        call(io.StringIO(SURROGATE_TEXT))  # type: ignore[operator]
    [issue] = caught.value.issues
    assert issue.message == "not well-formed XML: the text is not Unicode (surrogates not allowed)"


@pytest.mark.parametrize("call", [validate, validate_schema])
def test_validating_a_text_stream_with_a_lone_surrogate_finds_it(call: object) -> None:
    findings = call(io.StringIO(SURROGATE_TEXT))  # type: ignore[operator]
    assert [(f.rule, f.message) for f in findings] == [
        ("iati.xml", "not well-formed XML: the text is not Unicode (surrogates not allowed)")
    ]


def test_text_directly_inside_an_activity_is_kept_and_written_back() -> None:
    # fuzz input 37988: the schema has no text there, but it is the publisher's and must not vanish
    xml = _doc(_activity(b"XM-1-a").replace(b"<iati-identifier>", b"loose words<iati-identifier>"))
    first, findings = read_with_findings(BytesIO(xml))
    assert [f.rule for f in findings if f.rule == "iati.lenient.text"] == ["iati.lenient.text"]
    out = BytesIO()
    write(first, out)
    assert etree.fromstring(out.getvalue()).find("iati-activity").text == "loose words"
    assert read(BytesIO(out.getvalue())) == first


def _identified(programme: Programme) -> bool:
    """The writer writes ``programme``'s identifier as read: its own, or its verbatim element."""
    return programme.iati_identifier is not None or any(
        extra.path.startswith("iati-identifier[") for extra in programme.extras
    )
