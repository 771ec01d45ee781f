"""Bounded fuzzing of the IATI entry points: mutated documents give findings or one LoadError.

Whatever the input, ``read``/``iter_programmes``/``validate``/``validate_schema`` raise
nothing but :class:`~itaproj.errors.LoadError`, and what ``read`` loads is written back by
``write`` (or refused with a ``WriteError``) and reads back equal: nothing loaded is lost.
"""

from __future__ import annotations

import copy
import io

import attrs
import hypothesis.strategies as st
from hypothesis import HealthCheck, event, given, settings
from lxml import etree

from itaproj import Programme
from itaproj.errors import LoadError
from itaproj.iati import (
    WriteError,
    iter_programmes,
    read,
    read_with_findings,
    validate,
    validate_schema,
    write,
)
from itaproj.iati._mapping import XML_LANG

SEED = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<iati-activities version="2.03" xmlns:x="urn:x"><iati-activity default-currency="EUR" xml:lang="en">'
    '<iati-identifier>XM-1-a</iati-identifier><reporting-org ref="XM-1" type="10"><narrative>Org</narrative>'
    '</reporting-org><title><narrative>Title</narrative><narrative xml:lang="uk">Назва</narrative></title>'
    '<description type="1"><narrative>Text</narrative></description>'
    '<participating-org ref="XM-1" role="1"><narrative>Funder</narrative></participating-org>'
    '<activity-status code="2"/><activity-date iso-date="2024-01-01" type="1"/>'
    '<recipient-country code="AM" percentage="60"/><recipient-country code="GE" percentage="40"/>'
    '<sector vocabulary="1" code="11110"/><policy-marker vocabulary="1" code="1" significance="1"/>'
    '<budget type="1" status="1"><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
    '<value value-date="2024-01-01">1000.50</value></budget>'
    '<transaction ref="t1"><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/>'
    '<value currency="USD" value-date="2024-02-01">10</value><provider-org ref="XM-1"><narrative>P</narrative>'
    "</provider-org></transaction>"
    '<location ref="L1"><point srsName="x"><pos>40.1 44.5</pos></point></location>'
    '<document-link url="https://example.org/d" format="text/html"><title><narrative>D</narrative></title>'
    '<category code="A01"/></document-link><related-activity ref="XM-1-b" type="2"/>'
    '<result type="1"><title><narrative>R</narrative></title><indicator measure="1" ascending="1">'
    '<title><narrative>I</narrative></title><baseline year="2020" iso-date="2020-01-01" value="1"/>'
    '<period><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><target value="3"/>'
    '<actual value="2"><comment><narrative>C</narrative></comment></actual></period></indicator></result>'
    '<x:extension x:a="1">kept</x:extension></iati-activity></iati-activities>'
).encode()

VALUES = [
    "1E+1000000",
    "1E-99999",
    "sNaN",
    "-Infinity",
    "²",
    "",
    " 7 ",
    "9" * 500,
    "9999-12-31T25:00+99:99",
    "2024-02-30",
    "EN",
    "x-" + "a" * 300,
    "99",
    "\u00a0",
    "&",
    "<x>",
]
PIECES = [
    b"<iati-activity>",
    b"</iati-activity>",
    b"<junk/>",
    b"&#7;",
    b"<![CDATA[<x>]]>",
    b"<?pi x?>",
    b"\x00",
    b"<!DOCTYPE x>",
]


def _elements(root: etree._Element) -> list[etree._Element]:
    return [element for element in root.iter() if isinstance(element.tag, str)]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The seed with a few elements duplicated, moved, dropped or given odd values; now and then
    a byte-level change that usually makes it not well-formed."""
    root = etree.fromstring(SEED)
    for _ in range(draw(st.integers(1, 4))):
        elements = _elements(root)
        element = draw(st.sampled_from(elements))
        operation = draw(st.sampled_from(["duplicate", "move", "drop", "attribute", "text"]))
        parent = element.getparent()
        if operation == "duplicate" and parent is not None:
            parent.insert(parent.index(element), copy.deepcopy(element))
        elif operation == "move" and parent is not None:
            host = draw(st.sampled_from(elements))
            if element not in host.iterancestors() and host is not element:
                host.append(element)
        elif operation == "drop" and parent is not None:
            parent.remove(element)
        elif operation == "attribute":
            name = draw(st.sampled_from([*element.keys(), "percentage", "code", "iso-date", XML_LANG]))
            element.set(name, draw(st.sampled_from(VALUES)))
        else:
            element.text = draw(st.sampled_from(VALUES))
    data = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    if draw(st.integers(0, 9)) == 0:
        position = draw(st.integers(0, len(data)))
        operation = draw(st.sampled_from(["insert", "delete", "truncate"]))
        if operation == "insert":
            data = data[:position] + draw(st.sampled_from(PIECES) | st.binary(max_size=8)) + data[position:]
        elif operation == "delete":
            data = data[:position] + data[position + draw(st.integers(1, 80)) :]
        else:
            data = data[:position]
    return data


# Each example takes milliseconds: twice the profile's count.
@settings(
    max_examples=2 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_mutated_documents_give_findings_or_one_load_error(data: bytes) -> None:
    for check in (validate, validate_schema):
        try:
            check(io.BytesIO(data))
        except LoadError:  # a stream never fails to open: syntax errors are findings here
            raise AssertionError("validate raised for a stream") from None
    try:
        streamed = [programme for programme, _ in iter_programmes(io.BytesIO(data))]
    except LoadError:
        streamed = None
    try:
        catalogue, _ = read_with_findings(io.BytesIO(data))
    except LoadError:
        assert streamed is None  # both fail, or neither
        event("not loaded")
        return
    event("loaded")
    assert streamed is not None
    assert list(catalogue) == streamed
    assert read(io.BytesIO(data)) == catalogue
    out = io.BytesIO()
    try:
        write(catalogue, out)
    except WriteError:
        return
    # the key stands in for a missing identifier (the writer reports it)
    identified = [p if _identified(p) else attrs.evolve(p, iati_identifier=p.key) for p in catalogue]
    assert read(io.BytesIO(out.getvalue())) == attrs.evolve(catalogue, programmes=tuple(identified))


def _identified(programme: Programme) -> bool:
    """The writer writes ``programme``'s identifier as read: its own, or its verbatim element."""
    return programme.iati_identifier is not None or any(
        extra.path.startswith("iati-identifier[") for extra in programme.extras
    )
