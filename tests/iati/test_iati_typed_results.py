"""Every attribute and child of IATI 2.03 ``result`` has a typed home: read, held, written back.

The facts of each ``result`` element are computed here with lxml alone (narratives by
language, booleans and numbers by meaning, defaults resolved), then compared with the model
read by itaproj and with the XML the writer makes of that model.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

import attrs
import hypothesis.strategies as st
import pytest
from hypothesis import given, settings
from lxml import etree

from itaproj import (
    Catalogue,
    Dimension,
    DocumentLink,
    Extra,
    Indicator,
    IndicatorMeasure,
    IndicatorReference,
    LocalizedText,
    Measure,
    Observation,
    PartialDate,
    Period,
    Programme,
    Result,
    ResultKind,
    ResultReference,
)
from itaproj.codelists import codelist
from itaproj.errors import InvalidValueError
from itaproj.findings import Severity
from itaproj.iati import read, read_with_findings, write
from itaproj.io import dumps, loads, to_builtins
from itaproj.testing import localized_texts, observations, qualitative_values, results

DATA = Path(__file__).resolve().parents[1] / "data" / "iati"
FILES = [
    *sorted((DATA / "real").glob("*.xml")),
    DATA / "examples" / "activity-standard-example-annotated.xml",
]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NUMBER = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*")
BOOLEAN = {"1": True, "true": True, "0": False, "false": False}
DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")
Facts = dict[str, Any]


# --- facts of the XML, by lxml alone ----------------------------------------------------------


def _lang(tag: str) -> str:
    language, _, rest = tag.partition("-")
    return f"{language.lower()}-{rest}" if rest else language.lower()


def _narratives(element: etree._Element | None, lang: str) -> dict[str, str] | None:
    if element is None:
        return None
    texts: dict[str, str] = {}
    for narrative in element.findall("narrative"):
        given = narrative.get(XML_LANG)
        language = lang if given is None else _lang(given)
        if narrative.text and narrative.text.strip() and language not in texts:
            texts[language] = narrative.text
    return texts or None


def _date(element: etree._Element | None, name: str = "iso-date") -> str | None:
    """A date attribute's day (a time or time zone read as the day it is on, as IATI means it)."""
    text = None if element is None else element.get(name)
    if text is None:
        return None
    match = DATE.match(text)
    assert match is not None, text
    return match.group(1)


def _boolean(element: etree._Element, name: str) -> bool | None:
    text = element.get(name)
    return None if text is None else BOOLEAN[text.strip()]


def _foreign(element: etree._Element) -> list[Any]:
    """Attributes and elements of other namespaces: names, values and canonical content."""
    attributes = sorted((name, value) for name, value in element.attrib.items() if name.startswith("{"))
    elements = [_tree(child) for child in element if isinstance(child.tag, str) and child.tag.startswith("{")]
    return [attributes, elements]


def _tree(element: etree._Element) -> tuple[Any, ...]:
    """An element by meaning: names by namespace (not prefix), attributes, texts, children."""
    children = tuple(_tree(child) for child in element if isinstance(child.tag, str))
    tails = tuple(child.tail for child in element if child.tail)
    return (element.tag, sorted(element.attrib.items()), element.text, children, tails)


class _Reader:
    """The facts of ``result`` elements of an activity in language ``lang``.

    ``foreign``: with the content of other namespaces (the model keeps it in ``extras``).
    """

    def __init__(self, lang: str, foreign: bool = True) -> None:
        self.lang = lang
        self.foreign = foreign

    def narratives(self, element: etree._Element | None) -> dict[str, str] | None:
        return _narratives(element, self.lang)

    def with_foreign(self, facts: Facts, *elements: etree._Element) -> Facts:
        if self.foreign:
            facts["foreign"] = [_foreign(element) for element in elements]
        return facts

    def documents(self, element: etree._Element) -> list[Facts]:
        return [
            self.with_foreign(
                {
                    "url": link.get("url"),
                    "format": link.get("format"),
                    "title": self.narratives(link.find("title")),
                    "description": self.narratives(link.find("description")),
                    "categories": [c.get("code") for c in link.findall("category")],
                    "languages": [c.get("code") for c in link.findall("language")],
                    "date": _date(link.find("document-date")),
                },
                link,
            )
            for link in element.findall("document-link")
        ]

    def references(self, element: etree._Element, uri: str) -> list[Facts]:
        return [
            self.with_foreign(
                {"code": r.get("code"), "vocabulary": r.get("vocabulary"), "uri": r.get(uri)},
                r,
            )
            for r in element.findall("reference")
        ]

    def observation(self, element: etree._Element) -> Facts:
        raw = element.get("value")
        number = raw is not None and NUMBER.fullmatch(raw) is not None
        parts = [element, *(e for e in element if e.tag in ("location", "dimension"))]
        return self.with_foreign(
            {
                "value": Decimal(raw.strip()) if number and raw is not None else None,
                "text": raw if raw is not None and not number else None,
                "locations": [location.get("ref") for location in element.findall("location")],
                "dimensions": [(d.get("name"), d.get("value")) for d in element.findall("dimension")],
                "comment": self.narratives(element.find("comment")),
                "documents": self.documents(element),
            },
            *parts,
        )

    def indicator(self, element: etree._Element) -> Facts:
        baselines = []
        for baseline in element.findall("baseline"):
            facts = self.observation(baseline)
            year = baseline.get("year")
            facts["year"] = None if year is None else int(year.strip())
            facts["iso-date"] = _date(baseline)
            baselines.append(facts)
        targets, actuals, periods = [], [], []
        for period in element.findall("period"):
            ends = (period.find("period-start"), period.find("period-end"))
            dates = tuple(_date(end) for end in ends)
            periods.append(self.with_foreign({}, period, *(end for end in ends if end is not None)))
            targets.extend({**self.observation(t), "period": dates} for t in period.findall("target"))
            actuals.extend({**self.observation(a), "period": dates} for a in period.findall("actual"))
        ascending = _boolean(element, "ascending")
        facts = {
            "measure": element.get("measure"),
            "ascending": True if ascending is None else ascending,
            "aggregation-status": _boolean(element, "aggregation-status"),
            "title": self.narratives(element.find("title")),
            "description": self.narratives(element.find("description")),
            "documents": self.documents(element),
            "references": self.references(element, "indicator-uri"),
            "baselines": baselines,
            "targets": targets,
            "actuals": actuals,
        }
        if self.foreign:
            facts["periods"] = periods
        return self.with_foreign(facts, element)

    def result(self, element: etree._Element) -> Facts:
        return self.with_foreign(
            {
                "type": element.get("type"),
                "aggregation-status": _boolean(element, "aggregation-status"),
                "title": self.narratives(element.find("title")),
                "description": self.narratives(element.find("description")),
                "documents": self.documents(element),
                "references": self.references(element, "vocabulary-uri"),
                "indicators": [self.indicator(indicator) for indicator in element.findall("indicator")],
            },
            element,
        )


def result_facts(element: etree._Element, lang: str, foreign: bool = True) -> Facts:
    """Every fact of a ``result`` element, by meaning."""
    return _Reader(lang, foreign).result(element)


# --- the same facts of the model ------------------------------------------------------------


def _texts(text: LocalizedText | None) -> dict[str, str] | None:
    return None if text is None else dict(text.texts)


def _model_documents(documents: tuple[DocumentLink, ...]) -> list[Facts]:
    return [
        {
            "url": d.url,
            "format": d.format,
            "title": _texts(d.title),
            "description": _texts(d.description),
            "categories": list(d.categories),
            "languages": list(d.languages),
            "date": None if d.date is None else d.date.isoformat(),
        }
        for d in documents
    ]


def _model_observation(observation: Observation) -> Facts:
    value = observation.value
    assert value is None or isinstance(value, Measure)
    return {
        "value": None if value is None else value.value,
        "text": observation.text,
        "locations": list(observation.locations),
        "dimensions": [(d.name, d.value) for d in observation.dimensions],
        "comment": _texts(observation.note),
        "documents": _model_documents(observation.documents),
    }


def _period_dates(period: Period | None) -> tuple[str | None, ...]:
    assert period is not None
    return tuple(None if d is None else d.isoformat() for d in (period.start, period.end))


def _model_references(references: tuple[Any, ...], uri: str) -> list[Facts]:
    return [{"code": r.code, "vocabulary": r.vocabulary, "uri": getattr(r, uri)} for r in references]


def model_facts(result: Result) -> Facts:
    """The facts :func:`result_facts` computes (foreign content aside), as the model holds them."""
    indicators = []
    for indicator in result.indicators:
        baselines = []
        for baseline in indicator.baselines:
            start = None if baseline.period is None else baseline.period.start
            facts = _model_observation(baseline)
            facts["year"] = (
                baseline.year if baseline.year is not None else None if start is None else start.year
            )
            facts["iso-date"] = None if start is None or start.day is None else start.isoformat()
            baselines.append(facts)
        indicators.append(
            {
                "measure": indicator.measure.iati_code,
                "ascending": indicator.ascending,
                "aggregation-status": indicator.aggregation_status,
                "title": _texts(indicator.title),
                "description": _texts(indicator.description),
                "documents": _model_documents(indicator.documents),
                "references": _model_references(indicator.references, "indicator_uri"),
                "baselines": baselines,
                "targets": [
                    {**_model_observation(o), "period": _period_dates(o.period)} for o in indicator.targets
                ],
                "actuals": [
                    {**_model_observation(o), "period": _period_dates(o.period)} for o in indicator.actuals
                ],
            }
        )
    return {
        "type": None if result.kind is None else result.kind.iati_code,
        "aggregation-status": result.aggregation_status,
        "title": _texts(result.title),
        "description": _texts(result.description),
        "documents": _model_documents(result.documents),
        "references": _model_references(result.references, "vocabulary_uri"),
        "indicators": indicators,
    }


# --- the real files and the official example ------------------------------------------------


@cache
def _source(path: Path) -> tuple[Catalogue, list[etree._Element]]:
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False, huge_tree=True)
    root = etree.parse(str(path), parser).getroot()
    return read(path), root.findall("iati-activity")


@cache
def _rewritten(path: Path) -> tuple[Catalogue, list[etree._Element]]:
    """The programmes with results, their verbatim copies dropped: written from the model alone."""
    catalogue, _ = _source(path)
    programmes = tuple(attrs.evolve(p, extras=_attributes_only(p.extras)) for p in catalogue if p.results)
    out = BytesIO()
    write(Catalogue(programmes), out)
    root = etree.fromstring(out.getvalue(), etree.XMLParser(huge_tree=True))
    return read(BytesIO(out.getvalue())), root.findall("iati-activity")


def _attributes_only(extras: tuple[Extra, ...]) -> tuple[Extra, ...]:
    # The activity's own attributes (its language, currency) stay; no element is written verbatim.
    return tuple(extra for extra in extras if extra.path.startswith("@"))


def _activity_lang(activity: etree._Element) -> str:
    lang = activity.get(XML_LANG)
    return "und" if lang is None else _lang(lang)


WITH_RESULTS = [path for path in FILES if b"<result " in path.read_bytes()]


def test_the_files_hold_results_of_every_kind() -> None:
    # What the tests below cover, counted with lxml: 1,048 results in seven files, qualitative
    # indicators, several baselines, dimensions, locations and documents under results.
    elements = [e for path in FILES for a in _source(path)[1] for e in a.findall("result")]
    assert len(elements) == 1048
    assert len(WITH_RESULTS) == 7
    indicators = [i for e in elements for i in e.findall("indicator")]
    assert sum(i.get("measure") == "5" for i in indicators) == 296
    assert sum(len(i.findall("baseline/dimension")) for i in indicators) == 2
    assert sum(len(e.findall(".//location")) for e in elements) == 6
    assert sum(len(e.findall("document-link")) for e in elements) == 80


@pytest.mark.parametrize("path", WITH_RESULTS, ids=lambda path: path.name[:45])
def test_the_model_holds_every_fact_of_every_result(path: Path) -> None:
    catalogue, activities = _source(path)
    checked = 0
    for programme, activity in zip(catalogue, activities, strict=True):
        elements = activity.findall("result")
        assert len(programme.results) == len(elements)
        for result, element in zip(programme.results, elements, strict=True):
            assert model_facts(result) == result_facts(element, _activity_lang(activity), foreign=False)
            checked += 1
    assert checked == len([r for a in activities for r in a.findall("result")])


@pytest.mark.parametrize("path", WITH_RESULTS, ids=lambda path: path.name[:45])
def test_the_writer_writes_every_fact_of_every_result(path: Path) -> None:
    catalogue, activities = _source(path)
    again, written = _rewritten(path)
    sources = [a for p, a in zip(catalogue, activities, strict=True) if p.results]
    assert len(written) == len(sources)
    for source, output in zip(sources, written, strict=True):
        lang = _activity_lang(source)
        before = [result_facts(e, lang) for e in source.findall("result")]
        after = [result_facts(e, _activity_lang(output)) for e in output.findall("result")]
        assert after == before
    # and reading the output gives the same results
    assert [p.results for p in again] == [p.results for p in catalogue if p.results]


def test_qualitative_values_are_text_and_numbers_are_values() -> None:
    # worldbank-sv: measure 5 indicators with targets "Yes", "No", "Not available".
    catalogue, _ = _source(DATA / "real" / "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml")
    observed = [
        o
        for p in catalogue
        for r in p.results
        for i in r.indicators
        if i.measure is IndicatorMeasure.QUALITATIVE
        for o in (*i.baselines, *i.targets, *i.actuals)
    ]
    texts = {o.text for o in observed if o.text is not None}
    assert {"Yes", "No"} <= texts
    assert all((o.text is None) or (o.value is None) for o in observed)


# --- specific shapes -----------------------------------------------------------------------

HEAD = (
    b'<iati-activities version="2.03"><iati-activity xml:lang="en"><iati-identifier>XM-1</iati-identifier>'
    b"<title><narrative>X</narrative></title>"
)
TAIL = b"</iati-activity></iati-activities>"


def _read_result(xml: bytes) -> tuple[Result, tuple[Any, ...], Catalogue]:
    catalogue, findings = read_with_findings(BytesIO(HEAD + xml + TAIL))
    (programme,) = catalogue.programmes
    (result,) = programme.results
    return result, findings, catalogue


def _write_read(result: Result, catalogue: Catalogue | None = None) -> tuple[etree._Element, Result]:
    """``result`` written (in ``catalogue``'s one programme, or a bare one) and read again."""
    if catalogue is None:
        catalogue = Catalogue((Programme("x", LocalizedText({"en": "X"}), iati_identifier="XM-1"),))
    (programme,) = catalogue.programmes
    out = BytesIO()
    write(attrs.evolve(catalogue, programmes=(attrs.evolve(programme, results=(result,)),)), out)
    root = etree.fromstring(out.getvalue())
    (programme,) = read(BytesIO(out.getvalue())).programmes
    (again,) = programme.results
    return root.find("iati-activity/result"), again


FULL = (
    b'<result type="2" aggregation-status="0"><title><narrative>More jobs</narrative></title>'
    b'<description><narrative xml:lang="fr">Plus d\'emplois</narrative></description>'
    b'<document-link url="https://example.org/r.pdf" format="application/pdf"><title><narrative>R</narrative></title>'
    b'<category code="A01"/></document-link>'
    b'<reference vocabulary="99" code="R-1" vocabulary-uri="https://example.org/frame"/>'
    b'<indicator measure="5" ascending="false" aggregation-status="true">'
    b"<title><narrative>Law adopted</narrative></title>"
    b'<reference vocabulary="9" code="16.6.1" indicator-uri="https://example.org/sdg"/>'
    b'<baseline year="1900" iso-date="2019-10-23" value="No"><location ref="L1"/>'
    b'<dimension name="sex" value="female"/><comment><narrative>None yet</narrative></comment></baseline>'
    b'<baseline year="2019"><location ref="L2"/></baseline>'
    b'<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
    b'<target value="Yes"><dimension name="age" value="15-24"/></target><actual value="1"/></period>'
    b"</indicator></result>"
)


def test_every_part_of_a_result_is_read_into_its_typed_home() -> None:
    result, findings, _ = _read_result(FULL)
    assert result.kind is ResultKind.OUTCOME
    assert result.aggregation_status is False
    assert result.description == LocalizedText({"fr": "Plus d'emplois"})
    assert [d.url for d in result.documents] == ["https://example.org/r.pdf"]
    assert result.references == (ResultReference("R-1", "99", "https://example.org/frame"),)
    (indicator,) = result.indicators
    assert indicator.measure is IndicatorMeasure.QUALITATIVE
    assert (indicator.ascending, indicator.aggregation_status) == (False, True)
    assert indicator.references == (IndicatorReference("16.6.1", "9", "https://example.org/sdg"),)
    first, second = indicator.baselines
    assert indicator.baseline is first
    assert (first.text, first.value, first.year) == ("No", None, 1900)  # the placeholder year is kept
    assert first.period == Period(PartialDate(2019, 10, 23))
    assert first.locations == ("L1",)
    assert first.dimensions == (Dimension("sex", "female"),)
    assert first.note == LocalizedText({"en": "None yet"})
    assert (second.period, second.year, second.locations) == (Period(PartialDate(2019)), None, ("L2",))
    year_2020 = Period(PartialDate(2020, 1, 1), PartialDate(2020, 12, 31))
    assert indicator.targets == (
        Observation(text="Yes", period=year_2020, dimensions=(Dimension("age", "15-24"),)),
    )
    assert indicator.actuals == (Observation(Measure(1), year_2020),)
    assert not [f for f in findings if f.severity is not Severity.INFO]


def test_every_part_of_a_result_is_written_back() -> None:
    result, _, _ = _read_result(FULL)
    element, again = _write_read(result)
    assert again == result
    source = etree.fromstring(HEAD + FULL + TAIL).find("iati-activity/result")
    assert result_facts(element, "und") == result_facts(source, "en")


def test_a_value_that_is_no_number_in_a_numeric_indicator_is_text_with_a_finding() -> None:
    xml = (
        b'<result type="1"><title><narrative>R</narrative></title><indicator measure="1">'
        b'<title><narrative>I</narrative></title><baseline year="2020" value="198,412.00"/></indicator></result>'
    )
    result, findings, _ = _read_result(xml)
    assert result.indicators[0].baseline == Observation(text="198,412.00", period=Period(PartialDate(2020)))
    (finding,) = [f for f in findings if f.rule == "iati.lenient.indicator-value"]
    assert finding.severity is Severity.WARNING
    assert "'198,412.00'" in finding.message
    assert finding.path.endswith("/result[1]/indicator[1]/baseline[1] (line 1)")


def test_text_is_never_a_number_nor_beside_a_value() -> None:
    with pytest.raises(InvalidValueError, match="'text'"):
        Observation(text=" 12.5 ")
    with pytest.raises(InvalidValueError, match="'text'"):
        Observation(Measure(1), text="Yes")
    assert Observation(text="1E+99").text == "1E+99"  # not a number the model holds


def test_json_tells_a_text_from_a_number() -> None:
    qualitative, numeric = Observation(text="Yes"), Observation(Measure(1))
    assert to_builtins(qualitative) == {"text": "Yes"}
    assert to_builtins(numeric) == {"value": {"value": "1"}}
    for observation in (qualitative, numeric):
        assert loads(dumps(observation)) == observation


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (b'measure="6"', "indicator/@measure"),
        (b'measure="1" ascending="yes"', "indicator/@ascending"),
        (b'measure="1" aggregation-status="2"', "indicator/@aggregation-status"),
    ],
)
def test_a_code_the_model_refuses_keeps_the_result_verbatim_with_a_finding(change: bytes, field: str) -> None:
    xml = (
        b'<result type="1"><title><narrative>R</narrative></title><indicator ' + change + b">"
        b"<title><narrative>I</narrative></title></indicator></result>"
    )
    catalogue, findings = read_with_findings(BytesIO(HEAD + xml + TAIL))
    (programme,) = catalogue.programmes
    assert programme.results == ()
    assert [e.path for e in programme.extras if not e.path.startswith("@")] == ["result[1]"]
    assert any(f.rule == "iati.unmapped" and field in f.message for f in findings)


def test_a_missing_measure_is_read_as_unit_with_a_finding() -> None:
    xml = b'<result type="1"><title><narrative>R</narrative></title><indicator><title><narrative>I</narrative></title></indicator></result>'
    result, findings, _ = _read_result(xml)
    assert result.indicators[0].measure is IndicatorMeasure.UNIT
    assert [f.rule for f in findings if f.severity is Severity.WARNING] == ["iati.lenient.measure"]


NS = "http://example.org/ns"
FOREIGN = (
    b'<result type="1" x:a="1"><title><narrative>R</narrative></title>'
    b'<reference vocabulary="99" code="R" x:b="2"><x:note>ref</x:note></reference>'
    b'<indicator measure="1" x:c="3"><title><narrative>I</narrative></title>'
    b'<baseline year="2020" value="1" x:d="4"><location ref="L" x:e="5"/><dimension name="n" value="v">'
    b"<x:why>dim</x:why></dimension><x:source>census</x:source></baseline>"
    b'<period x:f="6"><period-start iso-date="2020-01-01"><x:g/></period-start><period-end iso-date="2020-12-31"/>'
    b'<target value="2"/></period><x:owner>me</x:owner></indicator><x:tag k="v">t<x:i/></x:tag></result>'
)
#: The namespace declared on the root, as publishers do.
WITH_NAMESPACE = HEAD.replace(b'version="2.03"', b'version="2.03" xmlns:x="http://example.org/ns"')


def test_foreign_content_is_kept_by_the_object_that_holds_it_and_written_back_in_place() -> None:
    catalogue = read(BytesIO(WITH_NAMESPACE + FOREIGN + TAIL))
    (result,) = catalogue.programmes[0].results
    x = "{" + NS + "}"
    declared = f' xmlns:x="{NS}"'
    assert [(e.path, e.format) for e in result.extras] == [
        (f"@{x}a", "xml"),
        (f"{x}tag[1]", "xml"),
        (f"reference[1]/@{x}b", "xml"),
        (f"reference[1]/{x}note[1]", "xml"),
    ]
    assert [e.value for e in result.extras] == [
        "1",
        f'<x:tag{declared} k="v">t<x:i></x:i></x:tag>',  # canonical XML
        "2",
        f"<x:note{declared}>ref</x:note>",
    ]
    (indicator,) = result.indicators
    assert [e.path for e in indicator.extras] == [
        f"@{x}c",
        f"{x}owner[1]",
        f"period[1]/@{x}f",
        f"period[1]/period-start[1]/{x}g[1]",
    ]
    assert [e.path for e in indicator.baselines[0].extras] == [
        f"@{x}d",
        f"{x}source[1]",
        f"location[1]/@{x}e",
        f"dimension[1]/{x}why[1]",
    ]
    assert indicator.targets[0].extras == ()
    element, again = _write_read(result, catalogue)
    assert again == result
    source = etree.fromstring(WITH_NAMESPACE + FOREIGN + TAIL).find("iati-activity/result")
    assert result_facts(element, "en") == result_facts(source, "en")
    # each in its place: the foreign elements after the IATI children, as the schema has them
    assert [child.tag for child in element.find("indicator/baseline")] == [
        "location",
        "dimension",
        x + "source",
    ]
    assert [child.tag for child in element][-2:] == ["indicator", x + "tag"]
    assert element.find(f"indicator/period/period-start/{x}g") is not None
    assert element.find("reference").get(x + "b") == "2"


def test_foreign_content_declaring_its_namespace_locally_keeps_its_meaning() -> None:
    # Written, the namespace gets a prefix of lxml's choosing: the same facts, another prefix.
    local = FOREIGN.replace(b'<result type="1"', b'<result type="1" xmlns:x="http://example.org/ns"', 1)
    result, _, _ = _read_result(local)
    element, again = _write_read(result)
    source = etree.fromstring(HEAD + local + TAIL).find("iati-activity/result")
    assert result_facts(element, "en") == result_facts(source, "en")
    assert [e.path for e in again.extras] == [e.path for e in result.extras]
    assert attrs.evolve(again, extras=(), indicators=()) == attrs.evolve(result, extras=(), indicators=())


def test_foreign_content_with_text_between_its_elements_keeps_the_result_verbatim() -> None:
    # A Node has no place for text after an element: the whole result is kept as it was.
    mixed = FOREIGN.replace(b"t<x:i/></x:tag>", b"t<x:i/>tail</x:tag>")
    catalogue, _ = read_with_findings(BytesIO(WITH_NAMESPACE + mixed + TAIL))
    (programme,) = catalogue.programmes
    assert programme.results == ()
    (kept,) = [e for e in programme.extras if e.path == "result[1]"]
    assert "t<x:i/>tail</x:tag>" in kept.value
    out = BytesIO()
    write(catalogue, out)
    assert b"t<x:i/>tail</x:tag>" in out.getvalue()


def test_periods_are_written_so_that_targets_and_actuals_read_back_in_order() -> None:
    p1 = Period(PartialDate(2020, 1, 1), PartialDate(2020, 12, 31))
    p2 = Period(PartialDate(2021, 1, 1), PartialDate(2021, 12, 31))
    targets = (Observation(Measure(1), p1), Observation(Measure(2), p2), Observation(Measure(3), p1))
    actuals = (Observation(Measure(4), p2), Observation(Measure(5), p1))
    indicator = Indicator(LocalizedText({"en": "I"}), targets=targets, actuals=actuals)
    element, again = _write_read(Result(LocalizedText({"en": "R"}), kind="output", indicators=(indicator,)))
    assert again.indicators[0].targets == targets
    assert again.indicators[0].actuals == actuals
    # by hand: P1 (target 1), P2 (target 2, actual 4), P1 (target 3, actual 5)
    written = [
        (
            p.find("period-start").get("iso-date"),
            [t.get("value") for t in p.findall("target")],
            [a.get("value") for a in p.findall("actual")],
        )
        for p in element.findall("indicator/period")
    ]
    assert written == [("2020-01-01", ["1"], []), ("2021-01-01", ["2"], ["4"]), ("2020-01-01", ["3"], ["5"])]


# --- random typed values -------------------------------------------------------------------

URL = st.from_regex(r"https://example\.org/[a-z0-9/]{0,12}", fullmatch=True)
WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .-]{0,10}[A-Za-z0-9]", fullmatch=True)
DAY = st.dates().map(lambda d: PartialDate(d.year, d.month, d.day))
VALUES = st.none() | st.builds(
    Measure, st.decimals(-(10**6), 10**6, places=3, allow_nan=False, allow_infinity=False)
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def _observed(draw: st.DrawFn, period: Period | None, year: int | None = None) -> Observation:
    value = draw(VALUES)
    text = None if value is not None else draw(_optional(qualitative_values()))
    return Observation(
        value,
        period,
        draw(_optional(localized_texts(2))),
        text=text,
        year=year,
        locations=tuple(draw(st.lists(WORD, max_size=2))),
        dimensions=tuple(draw(st.lists(st.builds(Dimension, _optional(WORD), _optional(WORD)), max_size=2))),
        documents=tuple(
            draw(st.lists(st.builds(DocumentLink, URL, _optional(localized_texts(1))), max_size=1))
        ),
    )


@st.composite
def _baseline(draw: st.DrawFn) -> Observation:
    start = draw(_optional(DAY | st.integers(1900, 2100).map(PartialDate)))
    year = None
    if start is not None and start.day is not None:
        year = draw(_optional(st.integers(1, 9999).filter(lambda y: y != start.year)))
    return draw(_observed(None if start is None else Period(start), year))


@st.composite
def _indicator(draw: st.DrawFn) -> Indicator:
    periods = draw(
        st.lists(
            st.tuples(DAY, DAY).map(lambda d: Period(*sorted(d, key=PartialDate.earliest))),
            min_size=1,
            max_size=3,
        )
    )
    targets = [draw(_observed(draw(st.sampled_from(periods)))) for _ in range(draw(st.integers(0, 3)))]
    actuals = [draw(_observed(draw(st.sampled_from(periods)))) for _ in range(draw(st.integers(0, 3)))]
    vocabularies = sorted(codelist("IndicatorVocabulary").codes)
    return Indicator(
        draw(localized_texts(2)),
        measure=draw(st.sampled_from(IndicatorMeasure)),
        ascending=draw(st.booleans()),
        baselines=tuple(draw(st.lists(_baseline(), max_size=2))),
        targets=tuple(targets),
        actuals=tuple(actuals),
        description=draw(_optional(localized_texts(2))),
        aggregation_status=draw(_optional(st.booleans())),
        references=tuple(
            draw(
                st.lists(
                    st.builds(
                        IndicatorReference, WORD, _optional(st.sampled_from(vocabularies)), _optional(URL)
                    ),
                    max_size=2,
                )
            )
        ),
        documents=tuple(draw(st.lists(st.builds(DocumentLink, URL), max_size=1))),
    )


writable_results = st.builds(
    Result,
    localized_texts(2),
    _optional(st.sampled_from(ResultKind)),
    _optional(localized_texts(2)),
    st.lists(_indicator(), min_size=1, max_size=2).map(tuple),
    _optional(st.booleans()),
    st.lists(st.builds(ResultReference, WORD, _optional(st.just("99")), _optional(URL)), max_size=2).map(
        tuple
    ),
    st.lists(st.builds(DocumentLink, URL, _optional(localized_texts(1))), max_size=2).map(tuple),
)


@settings(max_examples=40, deadline=None)
@given(writable_results)
def test_random_results_survive_write_and_read(result: Result) -> None:
    _element, again = _write_read(result)
    assert again == result


@settings(max_examples=25, deadline=None)
@given(results())
def test_the_json_format_round_trips_results(result: Result) -> None:
    assert loads(dumps(result)) == result


@settings(max_examples=25, deadline=None)
@given(observations())
def test_generated_observations_keep_text_and_value_apart(observation: Observation) -> None:
    assert observation.text is None or observation.value is None
