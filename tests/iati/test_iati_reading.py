"""Leniency findings, the mapping of single elements, hierarchy, extras and streaming."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal
from io import BytesIO

import pytest
from lxml import etree

from itaproj import (
    BudgetKind,
    BudgetStatus,
    Catalogue,
    Component,
    DateKind,
    LocalizedText,
    Money,
    PartialDate,
    Period,
    Programme,
    RelationKind,
    Role,
    Status,
)
from itaproj.checks import check
from itaproj.findings import Severity
from itaproj.iati import iter_programmes, read, read_with_findings, write

HEAD = b'<iati-activities version="2.03">'


def _doc(*activities: bytes, head: bytes = HEAD) -> BytesIO:
    return BytesIO(head + b"".join(activities) + b"</iati-activities>")


def _activity(body: bytes, identifier: bytes = b"XM-1-a", attributes: bytes = b'xml:lang="en"') -> bytes:
    return (
        b"<iati-activity " + attributes + b"><iati-identifier>" + identifier + b"</iati-identifier>"
        b"<title><narrative>Title</narrative></title>" + body + b"</iati-activity>"
    )


def _round_trip(catalogue: Catalogue) -> Catalogue:
    out = BytesIO()
    write(catalogue, out)
    return read(BytesIO(out.getvalue()))


def test_upper_case_language_is_lowered_and_reported() -> None:
    body = b'<description><narrative xml:lang="FR">Texte</narrative><narrative xml:lang="EN">Text</narrative></description>'
    catalogue, findings = read_with_findings(_doc(_activity(body)))
    (programme,) = catalogue
    assert programme.description == LocalizedText({"fr": "Texte", "en": "Text"}, original="fr")
    cases = [f for f in findings if f.rule == "iati.lenient.language-case"]
    assert [f.path for f in cases] == [
        "/iati-activities/iati-activity[1]/description[1]/narrative[1] (line 1)",
        "/iati-activities/iati-activity[1]/description[1]/narrative[2] (line 1)",
    ]
    assert _round_trip(catalogue) == catalogue


def test_narratives_without_language_take_the_activity_default() -> None:
    (programme,) = read(_doc(_activity(b"", attributes=b'xml:lang="uk"')))
    assert programme.title == LocalizedText({"uk": "Title"})
    (untagged,) = read(_doc(_activity(b"", attributes=b"")))
    assert untagged.title.languages == ("und",)  # BCP 47 "undetermined": nothing invented


def test_time_zones_are_dropped_and_reported_once_each() -> None:
    body = (
        b'<activity-date type="2" iso-date="2019-02-15+08:00"/>'
        b'<activity-date type="4" iso-date="2021-06-30T00:00:00Z"/>'
    )
    catalogue, findings = read_with_findings(_doc(_activity(body)))
    (programme,) = catalogue
    assert [(d.kind, d.date) for d in programme.dates] == [
        (DateKind.ACTUAL_START, PartialDate(2019, 2, 15)),
        (DateKind.ACTUAL_END, PartialDate(2021, 6, 30)),
    ]
    assert programme.period == Period(PartialDate(2019, 2, 15), PartialDate(2021, 6, 30))
    assert [f.rule for f in findings] == ["iati.lenient.timezone", "iati.lenient.timezone"]
    assert all(f.severity is Severity.WARNING for f in findings)
    # The model holds the day (the zone was reported when read); the day is what gets written.
    out = BytesIO()
    write(catalogue, out)
    assert b'iso-date="2019-02-15"' in out.getvalue()
    assert b"+08:00" not in out.getvalue()


def test_missing_version_and_aggregator_namespace_are_reported() -> None:
    head = b'<iati-activities xmlns:iati-extra="http://datastore.iatistandard.org/ns">'
    activity = _activity(b"", attributes=b'iati-extra:version="2.03"')
    catalogue, findings = read_with_findings(_doc(activity, head=head))
    assert {f.rule for f in findings} == {"iati.lenient.version-missing", "iati.lenient.foreign-namespace"}
    (programme,) = catalogue
    assert ("@{http://datastore.iatistandard.org/ns}version", "2.03") in [
        (e.path, e.value) for e in programme.extras
    ]
    out = BytesIO()
    write(catalogue, out)
    assert b'iati-extra:version="2.03"' in out.getvalue()


def test_point_without_pos_is_reported_and_kept() -> None:
    body = b'<location><point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"/></location>'
    catalogue, findings = read_with_findings(_doc(_activity(body)))
    (finding,) = findings
    assert finding.rule == "iati.lenient.point-without-pos"
    assert finding.path == "/iati-activities/iati-activity[1]/location[1]/point[1] (line 1)"
    assert _round_trip(catalogue) == catalogue


def test_codes_the_model_refuses_are_kept_verbatim_with_a_finding() -> None:
    # PolicyMarker is an OECD DAC list (not embedded in the standard): an unknown code is typed
    # and reported by check(); a budget without any currency cannot be typed and stays verbatim
    body = b'<policy-marker vocabulary="1" code="999" significance="1"/><budget><value>5</value></budget>'
    catalogue, findings = read_with_findings(_doc(_activity(body)))
    (programme,) = catalogue
    assert [(theme.code, theme.significance) for theme in programme.themes] == [("999", 1)]
    assert [(f.rule, f.path) for f in check(programme) if f.rule == "codelist.unknown"] == [
        ("codelist.unknown", "$.themes[0].code")
    ]
    assert programme.budget is None  # no currency anywhere: the amount is not guessed
    assert [f.rule for f in findings] == ["iati.unmapped"]
    assert "currency" in findings[0].message
    assert [e.path for e in programme.extras if e.format == "xml"][-1:] == ["budget[1]"]
    assert _round_trip(catalogue) == catalogue


def test_money_currency_comes_from_value_or_the_activity_default() -> None:
    body = (
        b'<budget type="2" status="1"><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>'
        b'<value value-date="2024-01-01">100.50</value></budget>'
        b'<budget type="1" status="2"><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>'
        b'<value currency="EUR" value-date="2025-01-01">7</value></budget>'
    )
    (programme,) = read(_doc(_activity(body, attributes=b'xml:lang="en" default-currency="USD"')))
    first, second = programme.budget.lines
    assert first.amount == Money("100.50", "USD")
    assert (first.kind, first.status) == (BudgetKind.REVISED, BudgetStatus.INDICATIVE)
    assert first.value_date == dt.date(2024, 1, 1)
    assert first.period == Period(PartialDate(2024, 1, 1), PartialDate(2024, 12, 31))
    assert second.amount == Money(7, "EUR")
    assert (second.kind, second.status) == (BudgetKind.ORIGINAL, BudgetStatus.COMMITTED)


def test_participants_roles_status_and_descriptions() -> None:
    body = (
        b'<description type="1"><narrative>General</narrative></description>'
        b'<description type="2"><narrative>Objectives</narrative></description>'
        b'<description type="3"><narrative>Target groups</narrative></description>'
        b'<participating-org ref="XM-1" role="1" type="40"><narrative>Funder</narrative></participating-org>'
        b'<participating-org role="4"><narrative>Implementer Ltd</narrative></participating-org>'
        b'<activity-status code="3"/>'
    )
    (programme,) = read(_doc(_activity(body)))
    assert str(programme.description) == "General"
    assert [str(o) for o in programme.objectives] == ["Objectives"]
    # the explicit type="1" is IATI's default: nothing to keep
    assert [e.path for e in programme.extras if e.path.startswith("description")] == []
    # target groups (type 3): a typed description of its own kind
    assert [(d.kind.iati_code, str(d.text)) for d in programme.descriptions] == [("3", "Target groups")]
    assert [(p.role, p.organisation.key, p.organisation.ref) for p in programme.participants] == [
        (Role.FUNDING, "XM-1", "XM-1"),
        (Role.IMPLEMENTING, "Implementer_Ltd", None),
    ]
    assert programme.status is Status.FINALISATION


def test_parent_and_child_activities_are_linked_in_the_catalogue() -> None:
    parent = _activity(b'<related-activity ref="XM-1-a-1" type="2"/>', attributes=b'hierarchy="1"')
    child = _activity(
        b'<related-activity ref="XM-1-a" type="1"/>', identifier=b"XM-1-a-1", attributes=b'hierarchy="2"'
    )
    catalogue = read(_doc(parent, child))
    top, component = catalogue
    assert catalogue.children_of(top) == (component,)
    assert catalogue.parents_of(component) == (top,)
    assert [(r.kind, r.ref) for r in component.relations] == [(RelationKind.PARENT, "XM-1-a")]


def test_components_are_written_as_linked_child_activities() -> None:
    programme = Programme(
        "XM-1-p",
        LocalizedText({"en": "Programme"}),
        components=(Component("1000", LocalizedText({"en": "Component one"})),),
    )
    written = _round_trip(Catalogue((programme,)))
    parent, child = written
    assert child.iati_identifier == "XM-1-p-1000"
    assert str(child.title) == "Component one"
    assert written.children_of(parent) == (child,)
    assert child.publication is not None
    assert child.publication.hierarchy == 2


def test_results_with_baselines_targets_and_actuals() -> None:
    body = (
        b'<result type="2"><title><narrative>More jobs</narrative></title>'
        b'<indicator measure="1" ascending="0"><title><narrative>Unemployed</narrative></title>'
        b'<baseline year="2015" value="120"><comment><narrative>2015 census</narrative></comment></baseline>'
        b'<period><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>'
        b'<target value="100"/><actual value="90.5"/></period></indicator></result>'
    )
    catalogue = read(_doc(_activity(body)))
    (programme,) = catalogue
    (result,) = programme.results
    (indicator,) = result.indicators
    assert indicator.ascending is False
    assert indicator.baseline.value.value == Decimal(120)
    assert indicator.baseline.period == Period(PartialDate(2015))
    assert str(indicator.baseline.note) == "2015 census"
    year_2020 = Period(PartialDate(2020, 1, 1), PartialDate(2020, 12, 31))
    assert [(o.value.value, o.period) for o in indicator.targets] == [(Decimal(100), year_2020)]
    assert [(o.value.value, o.period) for o in indicator.actuals] == [(Decimal("90.5"), year_2020)]
    assert not [e for e in programme.extras if e.path.startswith("result")]  # fully mapped
    assert _round_trip(catalogue) == catalogue


def test_duplicate_identifiers_get_distinct_keys() -> None:
    catalogue, findings = read_with_findings(_doc(_activity(b""), _activity(b"")))
    assert [p.key for p in catalogue] == ["XM-1-a", "XM-1-a~2"]
    assert [p.iati_identifier for p in catalogue] == ["XM-1-a", "XM-1-a"]
    assert [f.rule for f in findings] == ["iati.duplicate-identifier"]


def test_iter_programmes_yields_in_file_order() -> None:
    data = _doc(*(_activity(b"", identifier=f"XM-1-{n}".encode()) for n in range(50)))
    assert [programme.key for programme, _ in iter_programmes(data)] == [f"XM-1-{n}" for n in range(50)]


def test_streaming_drops_each_activity_once_read() -> None:
    # Spy on the parser's tree while reading 2000 activities (about 230 kB): activities already
    # converted are gone, so the tree never holds more than lxml's read-ahead.
    import itaproj.iati._read as reader

    data = _doc(*(_activity(b"", identifier=f"XM-1-{n}".encode()) for n in range(2000)))
    earlier: list[int] = []
    sizes: list[int] = []
    original = reader._Reader.activity

    def spy(self: reader._Reader, element: etree._Element, index: int, nested: object = ()) -> object:
        parent = element.getparent()
        assert parent is not None
        # Only the activity just read may remain before this one, cleared to an empty shell.
        earlier.extend(
            len(sibling) + len(sibling.attrib) + 1000 * n
            for n, sibling in enumerate(element.itersiblings(preceding=True))
        )
        sizes.append(len(parent))
        return original(self, element, index, nested)  # type: ignore[arg-type]

    reader._Reader.activity = spy  # type: ignore[method-assign,assignment]
    try:
        assert sum(1 for _ in iter_programmes(data)) == 2000
    finally:
        reader._Reader.activity = original  # type: ignore[method-assign]
    assert set(earlier) == {0}
    assert 1900 <= len(earlier) <= 1999  # the one before is gone too when a chunk ended in between
    assert max(sizes) < 1000


def test_import_itaproj_works_without_lxml() -> None:
    code = (
        "import sys; sys.modules['lxml'] = None; sys.modules['lxml.etree'] = None\n"
        "import itaproj, itaproj.iati\n"
        "from itaproj.errors import MissingDependencyError\n"
        "try:\n    itaproj.iati.read('x.xml')\nexcept MissingDependencyError as e:\n    print('missing:', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "missing: IATI XML needs lxml" in done.stdout
    assert "pip install 'itaproj[xml]'" in done.stdout


@pytest.mark.parametrize("version", [b"2.01", b"2.02", b"2.03"])
def test_versions_201_to_203_read_without_version_findings(version: bytes) -> None:
    _, findings = read_with_findings(
        _doc(_activity(b""), head=b'<iati-activities version="' + version + b'">')
    )
    assert findings == ()


def test_version_1_is_upgraded_with_one_info_finding() -> None:
    # 1.0x files are upgraded to 2.03 while read (tests/iati/test_iati_upgrade.py); an activity
    # already in the 2.03 shape needs no change, so the file-level note is the only finding.
    _, findings = read_with_findings(_doc(_activity(b""), head=b'<iati-activities version="1.05">'))
    assert [(f.rule, f.severity.value) for f in findings] == [("iati.upgrade", "info")]


def test_an_unknown_version_is_read_as_203_with_one_warning() -> None:
    _, findings = read_with_findings(_doc(_activity(b""), head=b'<iati-activities version="3.0">'))
    assert [(f.rule, f.severity.value) for f in findings] == [("iati.version", "warning")]


def test_writing_an_edited_model_writes_the_edit_and_keeps_verbatim_elements() -> None:
    import attrs

    body = (
        b'<budget><period-start iso-date="2024-01-01+02:00"/><period-end iso-date="2024-12-31"/>'
        b'<value currency="EUR" value-date="2024-01-01">1</value></budget>'
        b'<budget><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>'
        b'<value currency="EUR" value-date="2025-01-01">2</value></budget>'
        b'<conditions attached="0"/>'
    )
    (programme,) = read(_doc(_activity(body)))
    # both budgets are typed (the time zone on a date is reported, not copied)
    assert [e.path for e in programme.extras if e.path.startswith("budget")] == []
    assert programme.budget is not None
    assert len(programme.budget.lines) == 2
    edited = attrs.evolve(programme, budget=None)  # the user removes every budget line
    out = BytesIO()
    write(Catalogue((edited,)), out)
    (again,) = read(BytesIO(out.getvalue()))
    assert again.budget is None
    assert b"<conditions" in out.getvalue()


def test_a_capital_spend_out_of_range_is_kept_with_a_finding_not_a_failed_read() -> None:
    # Found by the IATI Validator's XSpec suite (percentages.xspec, rule 12.2.1): a capital-spend
    # of 101 % failed the whole read, since the model holds 0 to 100.
    catalogue, findings = read_with_findings(_doc(_activity(b'<capital-spend percentage="101"/>')))
    (programme,) = catalogue.programmes
    assert programme.capital_spend is None
    assert [extra.value for extra in programme.extras] == ['<capital-spend percentage="101"/>']
    (finding,) = [f for f in findings if f.rule == "iati.unmapped"]
    assert "from 0 to 100" in finding.message
    assert finding.path.startswith("/iati-activities/iati-activity[1]/capital-spend[1]")


def test_a_policy_marker_narrative_equal_to_its_code_is_kept_and_none_is_invented() -> None:
    # ADB's markers say <narrative>Partnerships</narrative> for code "Partnerships": the reader
    # took that for its own stand-in title and the writer dropped it (and the Validator's 6.13.1
    # was reported on 182 markers that have a narrative).
    body = (
        b'<policy-marker code="Partnerships" vocabulary="99"><narrative>Partnerships</narrative></policy-marker>'
        b'<policy-marker code="Own" vocabulary="99"/><policy-marker code="2" vocabulary="1" significance="1"/>'
    )
    (programme,) = read(_doc(_activity(body)))
    named, bare, dac = programme.themes
    assert named.title == LocalizedText({"en": "Partnerships"})
    assert (bare.title, dac.title) == (None, None)
    assert (str(bare.label), str(dac.label)) == ("Own", "Aid to Environment")
    out = BytesIO()
    write(Catalogue((programme,)), out)
    markers = etree.fromstring(out.getvalue()).findall("iati-activity/policy-marker")
    assert [[n.text for n in marker.findall("narrative")] for marker in markers] == [["Partnerships"], [], []]
    assert read(BytesIO(out.getvalue())) == Catalogue((programme,))


def test_an_empty_significance_states_nothing_but_a_wrong_one_keeps_the_marker_verbatim() -> None:
    # MAEC Indonesia writes significance="" on 103 markers: read as not stated (the marker stays
    # typed); a significance of "7" is no PolicySignificance code and keeps its marker verbatim.
    body = b'<policy-marker vocabulary="1" code="1" significance=""/><policy-marker vocabulary="1" code="2" significance="7"/>'
    catalogue, findings = read_with_findings(_doc(_activity(body)))
    (programme,) = catalogue.programmes
    assert [(theme.code, theme.significance) for theme in programme.themes] == [("1", None)]
    assert [extra.path for extra in programme.extras] == ["policy-marker[2]"]
    kept = [f.path.split(" (")[0] for f in findings if f.rule == "iati.unmapped"]
    assert kept == ["/iati-activities/iati-activity[1]/policy-marker[2]"]
    # ... and says so: reading "" as not stated is no silent fix
    said = [f.path.split(" (")[0] for f in findings if f.rule == "iati.lenient.empty-significance"]
    assert said == ["/iati-activities/iati-activity[1]/policy-marker[1]"]
