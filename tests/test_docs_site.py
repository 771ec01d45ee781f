"""The built documentation site: enum tables, the model diagram, the cookbook and gallery.

The site is built once per test session with ``mkdocs build --strict`` (offline, as CI builds
it) into a temporary folder; the tests read the built HTML. What they expect is computed here
from the library (the members of an enum, the attrs classes reachable from ``Programme``), not
taken from the build hooks.
"""

from __future__ import annotations

import enum
import html
import os
import re
import subprocess
import sys
import types
import typing
import xml.etree.ElementTree as ET
from pathlib import Path

import attrs
import pytest

import itaproj
from itaproj.findings import Severity

ROOT = Path(__file__).resolve().parent.parent
_SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as ``mkdocs build --strict`` builds it (any warning fails the build)."""
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return out


def _section(page: str, anchor: str) -> str:
    """The HTML of one object's entry in the reference: from its heading to the next object's."""
    start = page.index(f'id="{anchor}"')
    for heading in re.finditer(r'<h[1-6] id="(itaproj\.[\w.]+)" class="doc doc-heading"', page[start + 1 :]):
        if not heading.group(1).startswith(f"{anchor}."):  # its own members belong to it
            return page[start : start + 1 + heading.start()]
    return page[start:]


def _cells(section: str) -> list[list[str]]:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", section, re.DOTALL):
        cells = [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
        ]
        if cells:
            rows.append(cells)
    return rows


def test_the_status_entry_lists_every_member_with_its_value_and_meaning(site: Path) -> None:
    page = (site / "api" / "programme" / "index.html").read_text(encoding="utf-8")
    rows = _cells(_section(page, "itaproj.programme.Status"))
    expected = [[member.name, f'"{member.value}"'] for member in itaproj.Status]
    assert [row[:2] for row in rows] == expected
    # Status is bound to IATI's ActivityStatus: codes 1-6 in order, named as the codelist names them.
    assert rows[1][2] == "IATI ActivityStatus 2: Implementation"
    assert rows[0][2] == "IATI ActivityStatus 1: Pipeline/identification"


@pytest.mark.parametrize(
    ("page", "enum_class"),
    [
        ("parts", itaproj.ActivityKind),
        ("values", itaproj.Qualifier),
        ("checks", Severity),
        ("parts", itaproj.Role),
    ],
)
def test_enum_entries_list_their_members(site: Path, page: str, enum_class: type[enum.Enum]) -> None:
    text = (site / "api" / page / "index.html").read_text(encoding="utf-8")
    rows = _cells(_section(text, f"{enum_class.__module__}.{enum_class.__name__}"))
    assert [row[:2] for row in rows[: len(enum_class)]] == [[m.name, f'"{m.value}"'] for m in enum_class]


def test_member_comments_are_the_meaning(site: Path) -> None:
    text = (site / "api" / "parts" / "index.html").read_text(encoding="utf-8")
    rows = {row[0]: row[2] for row in _cells(_section(text, "itaproj.activity.ActivityKind"))}
    # the "#:" comments of src/itaproj/activity.py, copied by hand
    assert rows["EVENT"] == "a held event (a conference, a Dialogue Day)"
    assert rows["OTHER"] == ""
    roles = {row[0]: row[2] for row in _cells(_section(text, "itaproj.org.Role"))}
    assert roles["FUNDING"] == "IATI OrganisationRole 1: Funding"
    assert roles["RECIPIENT"] == "not in IATI OrganisationRole"


def test_signatures_are_formatted_and_link_annotations(site: Path) -> None:
    page = (site / "api" / "programme" / "index.html").read_text(encoding="utf-8")
    section = _section(page, "itaproj.programme.Programme")
    signature = section[section.index("doc-signature") : section.index("</pre>")]
    text = html.unescape(re.sub(r"<[^>]+>", "", signature))
    assert "\n    title: LocalizedText,\n" in text  # one parameter a line, as Ruff or Black lays it out
    assert max(len(line) for line in text.splitlines()[1:]) <= 88
    assert 'href="../values/#itaproj.text.LocalizedText"' in signature
    assert 'href="../parts/#itaproj.budget.Budget"' in signature


def test_code_blocks_wrap(site: Path) -> None:
    css = (site / "css" / "extra.css").read_text(encoding="utf-8")
    assert re.search(
        r"\.md-typeset pre > code \{[^}]*white-space: pre-wrap;[^}]*overflow-wrap: anywhere;", css
    )
    assert 'href="../../css/extra.css"' in (site / "guide" / "modelling" / "index.html").read_text(
        encoding="utf-8"
    )


def _classes(hint: object) -> list[type]:
    """The attrs classes and enums a type hint names (through unions, tuples and mappings)."""
    if isinstance(hint, type) and (attrs.has(hint) or issubclass(hint, enum.Enum)):
        return [hint]
    found = []
    if typing.get_origin(hint) is not None or isinstance(hint, types.UnionType):
        for arg in typing.get_args(hint):
            found.extend(_classes(arg))
    return found


def _reachable() -> set[type]:
    seen: set[type] = set()
    todo: list[type] = [itaproj.Programme, itaproj.Catalogue]
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        if attrs.has(cls):
            hints = typing.get_type_hints(cls)
            todo.extend(target for field in attrs.fields(cls) for target in _classes(hints[field.name]))
    return seen


def _diagram(site: Path) -> ET.Element:
    page = (site / "model" / "index.html").read_text(encoding="utf-8")
    start = page.index("<svg", page.index('class="itaproj-model-diagram"'))
    return ET.fromstring(page[start : page.index("</svg>", start) + len("</svg>")])


def test_the_model_diagram_has_a_box_for_every_reachable_class(site: Path) -> None:
    svg = _diagram(site)
    boxes = {g.get("data-class"): g.get("data-kind") for g in svg.iter(f"{_SVG}g") if g.get("data-class")}
    reachable = _reachable()
    assert {name for name, kind in boxes.items() if kind == "class"} == {
        c.__name__ for c in reachable if attrs.has(c)
    }
    assert {name for name, kind in boxes.items() if kind == "enum"} == {
        c.__name__ for c in reachable if issubclass(c, enum.Enum)
    }
    assert {"Programme", "Catalogue", "Activity", "Indicator", "Observation", "Money"} <= set(boxes)


def test_the_model_diagram_edges_carry_field_and_cardinality(site: Path) -> None:
    svg = _diagram(site)
    edges = {
        (g.get("data-source"), g.get("data-field"), g.get("data-target")): g.get("data-cardinality")
        for g in svg.iter(f"{_SVG}g")
        if g.get("data-field")
    }
    # Programme.activities: tuple[Activity, ...]; budget: Budget | None; Participant.organisation
    # is held by five classes, so it is a shared value drawn without an edge into it.
    assert edges[("Programme", "activities", "Activity")] == "0..*"
    assert edges[("Programme", "budget", "Budget")] == "0..1"
    assert edges[("Participant", "role", "Role")] == "1"
    assert edges[("Activity", "activities", "Activity")] == "0..*"
    assert ("Participant", "organisation", "Organisation") not in edges
    labels = {
        "".join(t.itertext())
        for g in svg.iter(f"{_SVG}g")
        if g.get("data-field")
        for t in g.iter(f"{_SVG}text")
    }
    assert "activities 0..*" in labels
    assert "budget 0..1" in labels


def test_the_model_diagram_links_each_class_to_its_reference_entry(site: Path) -> None:
    svg = _diagram(site)
    links = {
        g.get("data-class"): a.get("href")
        for g in svg.iter(f"{_SVG}g")
        if g.get("data-kind")
        for a in g.iter(f"{_SVG}a")
    }
    assert links["Programme"] == "../api/programme/#itaproj.programme.Programme"
    assert len(links) == len({g.get("data-class") for g in svg.iter(f"{_SVG}g") if g.get("data-kind")})
    for href in links.values():
        page, anchor = href.split("#")
        target = (site / "model" / page / "index.html").resolve()
        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), href


def test_the_model_page_is_in_the_nav_and_linked_from_the_guide(site: Path) -> None:
    guide = (site / "guide" / "modelling" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../model/"' in guide
    assert "The model at a glance" in (site / "index.html").read_text(encoding="utf-8")


def test_the_cookbook_is_built_from_the_nav(site: Path) -> None:
    for page in ("notebook-tour", "donor-report-uk", "plot-iati"):
        built = (site / "cookbook" / page / "index.html").read_text(encoding="utf-8")
        assert "Cookbook" in built
    tour = (site / "cookbook" / "notebook-tour" / "index.html").read_text(encoding="utf-8")
    assert "itaproj.notebook" in tour


_GALLERY = (
    "budget-by-year.svg",
    "timeline.svg",
    "beneficiaries-map-uk.svg",
    "beneficiaries-bar.svg",
    "theme-coverage.svg",
    "indicator-progress-ru.svg",
    "iati-canada-budget-by-year.svg",
)


def test_the_gallery_shows_charts_drawn_at_build_time(site: Path) -> None:
    page = (site / "gallery" / "index.html").read_text(encoding="utf-8")
    shown = re.findall(r'<img alt="[^"]+" src="([^"]+)"', page)
    assert shown == list(_GALLERY)
    for name in _GALLERY:
        svg = ET.parse(site / "gallery" / name).getroot()
        assert svg.tag == f"{_SVG}svg"
    # The Ukrainian map names the oblasts in Ukrainian; the Russian chart is in Russian.
    assert "Київська" in (site / "gallery" / "beneficiaries-map-uk.svg").read_text(encoding="utf-8")


def test_the_iati_chart_covers_every_year_of_the_published_budget(site: Path) -> None:
    svg = ET.parse(site / "gallery" / "iati-canada-budget-by-year.svg").getroot()
    texts = {"".join(t.itertext()).strip() for t in svg.iter(f"{_SVG}text")}
    source = (
        ROOT
        / "tests/data/iati/real/iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml"
    ).read_text(encoding="utf-8")
    # The <budget> elements as published: <period-start iso-date="2015-04-01"/> ... "2021-03-31"
    budgets = "".join(re.findall(r"<budget\b.*?</budget>", source))
    starts = [int(year) for year in re.findall(r'<period-start iso-date="(\d{4})', budgets)]
    ends = [int(year) for year in re.findall(r'<period-end iso-date="(\d{4})', budgets)]
    assert (min(starts), max(ends)) == (2015, 2021)
    assert {str(year) for year in range(min(starts), max(ends) + 1)} <= texts
