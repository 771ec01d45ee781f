"""Nothing is kept verbatim without a word: each element an activity keeps whole has a finding.

An element the model cannot hold as the schema defines it (an attribute a part does not have,
an element no IATI version defines, a second title) is kept verbatim with its activity; the
reader says so at the element's XPath. Content of another namespace is said once per
namespace. An ``xml:lang`` on any element is kept or is the language of narratives below it.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from lxml import etree

from itaproj.iati import iter_programmes, read, read_with_findings, write

REAL = sorted((Path(__file__).resolve().parents[1] / "data" / "iati" / "real").glob("*.xml"))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_WHOLE = re.compile(r"([^@/\[{][^@/\[]*)\[(\d+)\]")


def _activity(part: str, lang: str = "en") -> bytes:
    return (
        f'<iati-activities version="2.03"><iati-activity xml:lang="{lang}" default-currency="EUR">'
        f"<iati-identifier>XM-1</iati-identifier><title><narrative>T</narrative></title>{part}"
        "</iati-activity></iati-activities>"
    ).encode()


def _written(data: bytes) -> bytes:
    out = io.BytesIO()
    write(read(io.BytesIO(data)), out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("part", "slot", "words"),
    [
        ('<location foo="1"><name><narrative>x</narrative></name></location>', "location[1]", "@foo"),
        (
            "<contact-info><organisation><narrative>x</narrative></organisation><bogus/></contact-info>",
            "contact-info[1]",
            "bogus",
        ),
        ("<title><narrative>again</narrative></title>", "title[2]", "another title"),
        ('<bogus a="1"/>', "bogus[1]", "not an element of IATI 2.03"),
    ],
)
def test_an_element_kept_whole_is_reported_where_it_stands(part: str, slot: str, words: str) -> None:
    catalogue, findings = read_with_findings(io.BytesIO(_activity(part)))
    (programme,) = catalogue
    assert [extra.path for extra in programme.extras] == [slot]
    (finding,) = findings
    assert finding.rule == "iati.unmapped"
    assert words in finding.message
    assert finding.path.startswith(f"/iati-activities/iati-activity[1]/{slot}")
    assert read(io.BytesIO(_written(_activity(part)))) == catalogue


def test_elements_of_another_namespace_are_reported_once_per_namespace() -> None:
    part = '<x:f xmlns:x="urn:x">1</x:f><x:g xmlns:x="urn:x"/><y:f xmlns:y="urn:y"/>'
    catalogue, findings = read_with_findings(io.BytesIO(_activity(part)))
    assert [extra.path for extra in catalogue.programmes[0].extras if not extra.path.startswith("@")] == [
        "{urn:x}f[1]",
        "{urn:x}g[1]",
        "{urn:y}f[1]",
    ]
    assert sorted(f.message for f in findings) == [
        "elements of namespace 'urn:x' kept verbatim",
        "elements of namespace 'urn:y' kept verbatim",
    ]
    assert {f.rule for f in findings} == {"iati.lenient.foreign-namespace"}


@pytest.mark.parametrize("language", ["fr", "zz zz"])
def test_the_language_of_a_budget_is_kept_and_written_back(language: str) -> None:
    part = (
        f'<budget xml:lang="{language}"><period-start iso-date="2020-01-01"/>'
        '<period-end iso-date="2020-12-31"/><value value-date="2020-01-01">5</value></budget>'
    )
    catalogue, findings = read_with_findings(io.BytesIO(_activity(part)))
    (programme,) = catalogue
    assert programme.budget is not None
    assert [str(line.amount.amount) for line in programme.budget.lines] == ["5"]  # typed, not kept whole
    written = etree.fromstring(_written(_activity(part)))
    assert written.xpath("//budget/@xml:lang") == [language]
    assert read(io.BytesIO(etree.tostring(written))) == catalogue
    reported = [f.message for f in findings if f.rule == "iati.lenient.language"]
    assert len(reported) == (language == "zz zz")


def test_an_activity_language_that_is_no_tag_is_reported() -> None:
    catalogue, findings = read_with_findings(io.BytesIO(_activity("", lang="!!x")))
    assert catalogue.programmes[0].title.texts == {"und": "T"}
    assert [(f.rule, f.path) for f in findings] == [
        ("iati.lenient.language", "/iati-activities/iati-activity[1] (line 1)")
    ]
    assert "'!!x'" in findings[0].message


@pytest.mark.parametrize("path", REAL, ids=lambda path: path.name[:40])
def test_every_element_a_real_file_keeps_whole_is_reported(path: Path) -> None:
    activities = etree.parse(str(path)).getroot().findall("iati-activity")
    pairs = list(iter_programmes(path))
    assert len(pairs) == len(activities)
    for number, (programme, findings) in enumerate(pairs, 1):
        where = f"/iati-activity[{number}]/"
        paths = [finding.path for finding in findings]
        for extra in programme.extras:
            match = _WHOLE.fullmatch(extra.path)
            if match is None:
                continue  # an attribute, or an element of another namespace (said once per file)
            # at its own XPath, or (the 1.0x upgrade groups its kind: "4 x related-activity")
            # at the first element of its kind
            slot = f"{where}{match.group(1)}["
            assert any(slot in found for found in paths), (extra.path, number)
