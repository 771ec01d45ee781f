"""The IATI Validator's XSpec suite, run with the Validator's real XSLT rules in Saxon-HE.

The judge (``validator_suite.judge_all``) must meet every expectation of the suite except the
ones listed in :data:`REAL_RULES_FAIL`, each with the reason found by reading the rule and the
expectation; ``annotate``, which turns itaproj's findings into the Validator's feedback so the
same expectations can score itaproj (``tools/validator_score.py``), is tested on small cases.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from lxml import etree

from validator_suite import (
    ROOT,
    SUITE,
    Context,
    Expectation,
    annotate,
    evaluate,
    feedback_kinds,
    judge,
    judge_all,
    read_suite,
    suite,
)

X = "{http://www.jenitennison.com/xslt/xspec}"
XSPEC_FILES = sorted((SUITE.parent / "iati").glob("*.xspec"))

#: Expectations (scenario file:line, expectation label) the real rules fail whatever the date,
#: with the reason. None today: every failure of the suite comes from a date (below).
REAL_RULES_FAIL: dict[tuple[str, str], str] = {}

#: Expectations that need a date of a test file to be in the future (the rules compare it with
#: ``current-dateTime()``): the real rules fail them from the day after that date on.
DATED: dict[tuple[str, str], tuple[dt.date, str]] = {
    ("iati/testfiles.xspec:208", "It should produce error message 11.1.5."): (
        dt.date(2021, 12, 31),
        "11.1.5 (actual end date in the future): testfiles/11.1.5.xml ends on 2021-12-31, "
        "in the future when the suite was written (February 2021), in the past now",
    ),
    ("iati/testfiles.xspec:203", "It should produce error message 11.1.4."): (
        dt.date(2030, 4, 28),
        "11.1.4 (actual start date in the future): testfiles/11.1.4.xml starts on 2030-04-28",
    ),
    ("iati/testfiles.xspec:213", "It should produce error message 11.2.1."): (
        dt.date(2030, 1, 1),
        "11.2.1 (transaction date in the future): testfiles/11.2.1.xml has a transaction on 2030-01-01",
    ),
    ("iati/testfiles.xspec:218", "It should produce error message 11.2.2."): (
        dt.date(2030, 6, 1),
        "11.2.2 (value date in the future): testfiles/11.2.2.xml has a value date 2030-06-01",
    ),
    ("iati/testfiles.xspec:188", "It should produce error message 11.1.1."): (
        dt.date(2030, 9, 10),
        "11.1.1 (last updated in the future): testfiles/11.1.1.xml was updated 2030-09-10T07:15:37Z",
    ),
    ("iati/testfiles.xspec:228", "It should produce error message 11.4.1."): (
        dt.date(2030, 9, 10),
        "11.4.1 (organisation last updated in the future): testfiles/11.4.1.xml, 2030-09-10T07:15:37Z",
    ),
}


def expected_failures(today: dt.date) -> set[tuple[str, str]]:
    dated = {key for key, (day, _) in DATED.items() if today > day}
    return set(REAL_RULES_FAIL) | dated


@pytest.fixture(scope="module")
def outcomes() -> dict[tuple[str, str, int], bool]:
    """Every expectation of every running scenario, judged: (key, label, index) -> met."""
    scenarios = list(suite().running())
    annotated = judge_all(scenario.context for scenario in scenarios)
    return {
        (scenario.key, expect.label, index): evaluate(expect, result)
        for scenario, result in zip(scenarios, annotated, strict=True)
        for index, expect in enumerate(scenario.expectations)
    }


# --- the suite as read ----------------------------------------------------------------------


def _count(xpath: str) -> int:
    return sum(int(etree.parse(str(path)).xpath(xpath, namespaces={"x": X[1:-1]})) for path in XSPEC_FILES)


def test_every_expectation_and_scenario_of_the_files_is_read() -> None:
    # Counted in the files with lxml, independently of the reader: 471 x:expect elements (the
    # suite's README says 471), 2 of them under a pending scenario.
    expectations = _count("count(//x:expect)")
    pending = _count("count(//x:scenario[ancestor-or-self::x:scenario/@pending]/x:expect)")
    scenarios = _count("count(//x:scenario[x:expect])")
    assert (expectations, pending) == (471, 2)
    read = suite()
    assert sum(len(scenario.expectations) for scenario in read.scenarios) == expectations
    assert len(read.scenarios) == scenarios
    assert sum(len(s.expectations) for s in read.scenarios if s.pending is not None) == pending
    assert len(list(read.running())) == scenarios - 2
    assert read.params == (("iati-version", "2.03"),)


def test_contexts_are_inline_or_a_test_file_that_exists() -> None:
    hrefs = _count("count(//x:context[@href])")
    inline = _count("count(//x:context[not(@href)])")
    scenarios = suite().scenarios
    files = {s.context.href for s in scenarios if s.context.href is not None}
    assert len(files) == hrefs == 196
    assert all(path.is_file() and path.parent == SUITE.parent / "iati" / "testfiles" for path in files)
    # 318 contexts, one of them (a scenario with expectations only in nested scenarios) shared.
    assert inline + hrefs == 318
    assert sum(s.context.inline is not None for s in scenarios) == inline - 1


def test_labels_join_the_nested_scenarios() -> None:
    first = suite().scenarios[0]
    assert first.file == "iati/iati-schema-errors.xspec"  # xml-errors.xspec has no expectation
    assert first.label == "IATI data with schema errors / If budget dates are empty"
    assert first.pending is None
    pending = [s for s in suite().scenarios if s.pending is not None]
    assert [s.pending for s in pending] == [
        "Test moved to 'additional', not included now.",
        "Test for numeric values to be added to validation rule",
    ]


def test_inline_contexts_drop_whitespace_and_unused_namespaces() -> None:
    context = suite().scenarios[0].context
    assert context.inline == (
        '<budget type="1" status="1"><period-start iso-date=""/><period-end iso-date=""/>'
        '<value currency="USD" value-date="">0.00</value></budget>'
    )


def test_text_with_more_than_whitespace_is_kept_whole() -> None:
    (scenario,) = [s for s in suite().scenarios if s.label.endswith("If it's a string with whitespace")]
    assert (
        scenario.context.inline
        == "<iati-activity><crs-add><channel-code>  90000\n            </channel-code></crs-add></iati-activity>"
    )


def test_attribute_value_templates_use_the_scenario_variables() -> None:
    (scenario,) = [
        s for s in suite().scenarios if s.label.endswith("If last-updated-datetime is the current time")
    ]
    assert [v.name for v in scenario.context.variables] == ["now", "tz", "notz", "utc", "tz1", "notz1"]
    root = etree.fromstring(scenario.context.xml())
    now = dt.datetime.fromisoformat(root[0].get("last-updated-datetime"))
    utc = dt.datetime.fromisoformat(root[2].get("last-updated-datetime"))
    assert now == utc
    assert utc.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - utc) < dt.timedelta(minutes=5)
    assert "{" not in scenario.context.xml()


def test_an_unsupported_xspec_feature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "call.xspec"
    path.write_text(
        '<x:description xmlns:x="http://www.jenitennison.com/xslt/xspec">'
        '<x:scenario label="s"><x:call template="t"/><x:expect label="e" test="true()"/></x:scenario>'
        "</x:description>"
    )
    with pytest.raises(ValueError, match="unsupported XSpec element"):
        read_suite(path)


def test_the_copy_holds_what_the_rules_read() -> None:
    assert (ROOT / "LICENSE").read_text().startswith("The MIT License (MIT)")
    for folder in ("2.03", "2.02", "2.01", "1.05", "1.04", "1.03", "non-embedded-codelist"):
        base = ROOT / "lib" / "schemata" / (folder if folder.startswith("non") else f"{folder}/codelist")
        assert any(base.glob("*.xml")), base
    assert (ROOT / "var" / "known-publishers.xml").is_file()
    assert (ROOT / "var" / "known-orgid-prefixes.xml").is_file()


# --- the judge ------------------------------------------------------------------------------


def test_the_real_rules_fail_exactly_the_listed_expectations(
    outcomes: dict[tuple[str, str, int], bool],
) -> None:
    failed = {(key, label) for (key, label, _), met in outcomes.items() if not met}
    assert failed == expected_failures(dt.datetime.now(dt.UTC).date())


def test_the_real_rules_meet_every_other_expectation(outcomes: dict[tuple[str, str, int], bool]) -> None:
    assert len(outcomes) == 469  # 471 less the 2 pending
    failing = expected_failures(dt.datetime.now(dt.UTC).date())
    met = sum(outcomes.values())
    assert met == 469 - len(failing)
    assert met >= 469 - len(DATED) - len(REAL_RULES_FAIL)


def test_the_listed_failures_name_real_expectations() -> None:
    labels = {(s.key, e.label) for s in suite().running() for e in s.expectations}
    assert set(REAL_RULES_FAIL) | set(DATED) <= labels


def test_the_judge_annotates_a_hand_case() -> None:
    # information.xslt: document-link without @format -> 6.1.5 (danger, documents) on it; the
    # activity lacks a status (6.2.1) and a start date (6.11.1), a sector (6.2.2) and a
    # country or region (3.7.1, warning, geo).
    annotated = judge("<iati-activity><document-link/></iati-activity>")
    root = etree.fromstring(annotated)
    me = {"me": "http://iati.me"}
    assert [
        (f.get("id"), f.get("type"), f.get("class"))
        for f in root.xpath("document-link/me:feedback", namespaces=me)
    ] == [("6.1.5", "danger", "documents")]
    assert sorted(f.get("id") for f in root.xpath("me:feedback", namespaces=me)) == [
        "3.7.1",
        "6.11.1",
        "6.2.1",
        "6.2.2",
    ]


def test_the_judge_keeps_fragments_apart_and_sees_the_document_root() -> None:
    two, versioned = judge_all(
        [
            "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>"
            "<iati-activity><iati-identifier>A</iati-identifier></iati-activity>",
            Context(inline='<iati-activities version="1.03"/>'),
        ]
    )
    # Two top-level activities with the same identifier: 1.1.2 (not unique) on both.
    assert two.count('id="1.1.2"') == 2
    # /*[starts-with(@version, '1.')] matches only a child of the document node: 0.6.1.
    assert 'id="0.6.1"' in versioned
    assert "Version 1.03 of the IATI Standard" in versioned


def test_evaluate_reads_the_result_as_xspec_does() -> None:
    annotated = (
        '<iati-activity/><iati-activity><me:feedback xmlns:me="http://iati.me" id="1.1.1"/></iati-activity>'
    )
    assert evaluate(Expectation("e", "boolean(//iati-activity[2]/me:feedback[@id='1.1.1'])"), annotated)
    assert not evaluate(Expectation("e", "boolean(//iati-activity[1]/me:feedback)"), annotated)
    assert evaluate(Expectation("e", "count(/iati-activity) = 2"), annotated)
    with pytest.raises(TypeError, match="one boolean"):
        evaluate(Expectation("e", "//me:feedback/@id"), annotated)


# --- annotate -------------------------------------------------------------------------------


def _finding(rule: str, severity: str, path: str, message: str = "") -> SimpleNamespace:
    return SimpleNamespace(rule=rule, severity=SimpleNamespace(value=severity), path=path, message=message)


TWO = "<iati-activity><sector code='1'/></iati-activity><iati-activity><sector code='2'/><sector code='3'/></iati-activity>"


def test_annotate_places_feedback_on_the_named_element_of_a_fragment() -> None:
    annotated = annotate(
        TWO,
        [
            _finding(
                "iati.dq.2.2.1",
                "error",
                "/iati-activities/iati-activity[2]/sector[2] (line 1)",
                "no narrative",
            ),
            _finding("iati.dq.6.2.1", "warning", "/iati-activities/iati-activity[1] (line 1)"),
            _finding("iati.dq.99.9.9", "info", "/iati-activities/iati-activity[1]/sector[1]/@code"),
        ],
    )
    assert annotated == (
        '<iati-activity><sector code="1"><me:feedback xmlns:me="http://iati.me" type="info" id="99.9.9"/>'
        '</sector><me:feedback xmlns:me="http://iati.me" type="warning" class="information" id="6.2.1"/>'
        '</iati-activity><iati-activity><sector code="2"/><sector code="3">'
        '<me:feedback xmlns:me="http://iati.me" type="danger" class="classifications" id="2.2.1">'
        "<me:message>no narrative</me:message></me:feedback></sector></iati-activity>"
    )
    expect = Expectation(
        "e", "boolean(//iati-activity[2]/sector[2]/me:feedback[@id='2.2.1' and @type='danger'])"
    )
    assert evaluate(expect, annotated)


def test_annotate_resolves_paths_in_a_whole_document() -> None:
    document = f'<iati-activities version="2.03">{TWO}</iati-activities>'
    annotated = annotate(
        document, [_finding("iati.dq.2.2.1", "error", "/iati-activities/iati-activity[2]/sector[1]")]
    )
    root = etree.fromstring(annotated)
    assert [e.getparent().get("code") for e in root.iter("{http://iati.me}feedback")] == ["2"]


def test_annotate_leaves_out_findings_of_other_rules() -> None:
    findings = [
        _finding("iati.schema", "error", "/iati-activities/iati-activity[1]"),
        _finding("iati.rule.percentages", "error", "/iati-activities/iati-activity[1]"),
    ]
    assert (
        annotate(TWO, findings) == etree.tostring(etree.fromstring(f"<w>{TWO}</w>"), encoding="unicode")[3:-4]
    )


def test_annotate_refuses_or_collects_a_path_that_names_nothing() -> None:
    wrong = [
        _finding("iati.dq.2.2.1", "error", "/iati-activities/iati-activity[3]"),
        _finding("iati.dq.2.2.1", "error", "/iati-activities/iati-activity[2]/sector"),  # two sectors
        _finding("iati.dq.2.2.1", "error", "$.programmes[0]"),
    ]
    for finding in wrong:
        with pytest.raises(ValueError, match="names no element"):
            annotate(TWO, [finding])
    unplaced: list[object] = []
    assert "feedback" not in annotate(TWO, wrong, unplaced=unplaced)
    assert unplaced == wrong


def test_annotate_and_the_judge_agree_on_a_hand_case() -> None:
    # The same fact, reported by the real rules and by a hand-made finding, meets the same
    # expectation: a sector of vocabulary 99 without a narrative is 2.2.1 on that sector.
    context = '<iati-activity><sector vocabulary="99" code="X"/></iati-activity>'
    expect = Expectation(
        "e",
        "boolean(/iati-activity/sector[1]/me:feedback[@id='2.2.1' and @type='danger' and @class='classifications'])",
    )
    assert evaluate(expect, judge(context))
    assert evaluate(
        expect,
        annotate(
            context,
            [_finding("iati.dq.2.2.1", "error", "/iati-activities/iati-activity[1]/sector[1] (line 1)")],
        ),
    )
    assert not evaluate(expect, annotate(context, []))


def test_feedback_kinds_come_from_the_rules() -> None:
    kinds = feedback_kinds()
    assert kinds["6.1.5"] == ("danger", "documents")  # literal, information.xslt
    assert kinds["1.14.8"] == ("warning", "identifiers")  # identifier_check, called with idclass 1.14
    assert kinds["3.1.1"] == ("danger", "geo")  # percentage-checks, default severity
    assert kinds["7.9.1"] == ("warning", "financial")  # percentage-checks, severity passed
    assert kinds["4.3.1"] == ("danger", "information")  # narrative_content_check
    assert "{" not in "".join(f"{k}{t}{c}" for k, (t, c) in kinds.items())


# --- tools/validator_score.py's criteria ----------------------------------------------------


def _score_tool() -> Any:  # a module loaded from its path: its names are not known to mypy
    import importlib.util

    path = ROOT.parents[3] / "tools" / "validator_score.py"
    spec = importlib.util.spec_from_file_location("validator_score", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_score_leaves_out_exactly_the_expectations_on_the_judges_own_output() -> None:
    tool = _score_tool()
    out = [(e.test, tool.not_assessable(e)) for s in suite().running() for e in s.expectations]
    left_out = sorted(test for test, reason in out if reason is not None)
    # Read in the files: 4 + 3 tests of @me:iatiVersion on the root (iati-versions.xspec), 2
    # true() and 1 on the input's channel-code (sectors.xspec), 3 on 0.6.1's message text.
    assert left_out == sorted(
        [*(f"/iati-activities/@me:iatiVersion='{v}'" for v in ("2.03", "2.02", "2.01", "2.03"))]
        + [*(f"/iati-organisations/@me:iatiVersion='{v}'" for v in ("2.03", "2.01", "2.03"))]
        + ["true()", "true()", "(//channel-code='1000090000')"]
        + [
            f"starts-with(//iati-activities/me:feedback[@id='0.6.1'], 'Version {v}')"
            for v in ("1.05", "1.03", "1.05")
        ]
    )


def test_the_score_gives_itaproj_a_root_for_a_fragment_of_activities() -> None:
    tool = _score_tool()
    assert tool.itaproj_input(TWO) == f'<iati-activities version="2.03">{TWO}</iati-activities>'.encode()
    assert tool.itaproj_input("<budget/>") == b"<budget/>"
    expect = Expectation("e", "not(//me:feedback[starts-with(@id, '1.')])")
    assert tool.rule_of(expect) == "1.*"


def test_itaproj_meets_every_expectation_the_real_rules_meet() -> None:
    # Issue 12's "done": scored on the same expectations as the judge, itaproj misses only the
    # ones the real rules fail themselves (a test file's "future" date that has passed) and
    # reports nothing where the Validator reports nothing.
    result = _score_tool().score()
    assert result["violated"] == 0
    assert result["unplaced_findings"] == []
    missed = {
        (row["scenario"], row["label"].rsplit(" / ", 1)[1])
        for row in result["rows"]
        if row["outcome"] == "missed"
    }
    assert missed <= expected_failures(dt.date.today())
    assert result["met"] == result["assessable"] - len(missed)
    assert result["assessable"] == 456  # 469 run, 13 on the judge's own output (test above)
