"""Hostile XML: entities, DTDs and network access are off; broken XML gives one clear error."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from itaproj.errors import LoadError
from itaproj.iati import iter_programmes, read, read_with_findings, validate, validate_schema

ACTIVITY = (
    b"<iati-activity><iati-identifier>XM-1-a</iati-identifier>"
    b'<title><narrative xml:lang="en">%s</narrative></title></iati-activity>'
)


def _doc(body: bytes, prolog: bytes = b"") -> bytes:
    return prolog + b'<iati-activities version="2.03">' + body + b"</iati-activities>"


XXE_FILE = _doc(ACTIVITY % b"&x;", b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
XXE_NETWORK = _doc(ACTIVITY % b"&x;", b'<!DOCTYPE r [<!ENTITY x SYSTEM "http://127.0.0.1:9/secret">]>')
EXTERNAL_DTD = _doc(ACTIVITY % b"t", b'<!DOCTYPE iati-activities SYSTEM "http://127.0.0.1:9/iati.dtd">')
PARAMETER_ENTITY = _doc(ACTIVITY % b"t", b'<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>')
LAUGHS = _doc(
    ACTIVITY % b"&l9;",
    b"<!DOCTYPE r [<!ENTITY l0 'lol'>"
    + b"".join(
        b"<!ENTITY l%d '%s'>" % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10))) for i in range(1, 10)
    )
    + b"]>",
)
HOSTILE = {
    "xxe-file": XXE_FILE,
    "xxe-network": XXE_NETWORK,
    "external-dtd": EXTERNAL_DTD,
    "parameter-entity": PARAMETER_ENTITY,
    "billion-laughs": LAUGHS,
}


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_documents_with_a_dtd_are_refused_by_the_reader(data: bytes) -> None:
    with pytest.raises(LoadError) as raised:
        read(BytesIO(data))
    assert len(raised.value.issues) == 1
    assert "DOCTYPE/DTD is not allowed" in str(raised.value)


@pytest.mark.parametrize("data", HOSTILE.values(), ids=HOSTILE.keys())
def test_documents_with_a_dtd_are_one_error_for_the_validators(data: bytes) -> None:
    for check in (validate_schema, validate):
        (finding,) = check(BytesIO(data))
        assert finding.rule == "iati.xml"
        # libxml2 may stop the laughs itself (amplification limit) before the DTD is seen.
        assert "DOCTYPE/DTD is not allowed" in finding.message or "amplification" in finding.message


def test_no_file_content_leaks_even_through_the_stream(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    data = _doc(ACTIVITY % b"&x;", b'<!DOCTYPE r [<!ENTITY x SYSTEM "%s">]>' % secret.as_uri().encode())
    with pytest.raises(LoadError) as raised:
        list(iter_programmes(BytesIO(data)))
    assert "TOP-SECRET" not in str(raised.value)


def test_xinclude_is_read_inertly() -> None:
    data = _doc(
        b'<iati-activity xmlns:xi="http://www.w3.org/2001/XInclude"><iati-identifier>XM-1-a</iati-identifier>'
        b'<title><narrative xml:lang="en">t</narrative></title>'
        b'<xi:include href="file:///etc/passwd" parse="text"/></iati-activity>'
    )
    (programme,) = read(BytesIO(data))
    kept = [extra for extra in programme.extras if "include" in extra.path]
    assert len(kept) == 1
    assert "file:///etc/passwd" in kept[0].value  # kept as data, never followed
    assert "root:" not in repr(programme)


TRUNCATED = _doc(ACTIVITY % b"t")[:-30]
BROKEN = {
    "truncated": TRUNCATED,
    "json": b'{"iati": true}',
    "empty": b"",
    "binary": bytes(range(256)),
    "unclosed": b"<iati-activities><iati-activity>",
}


@pytest.mark.parametrize("data", BROKEN.values(), ids=BROKEN.keys())
def test_broken_input_gives_one_clear_error(data: bytes) -> None:
    with pytest.raises(LoadError) as raised:
        read_with_findings(BytesIO(data))
    assert len(raised.value.issues) == 1
    assert "not well-formed XML" in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_truncated_file_on_disk_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.xml"
    path.write_bytes(b'<iati-activities version="2.03">\n<iati-activity>\n<iati-identifier>X')
    with pytest.raises(LoadError) as raised:
        read(path)
    message = str(raised.value)
    assert str(path) in message
    assert raised.value.issues[0].path.startswith("line ")


def test_xml_that_is_not_iati_is_one_error() -> None:
    with pytest.raises(LoadError, match="no iati-activities or iati-activity element found"):
        read(BytesIO(b"<html><body/></html>"))
