"""Repeated findings are summarized: one group per rule, severity and kind of message, with a count."""

from __future__ import annotations

import collections
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itaproj import iati
from itaproj.cli import main
from itaproj.errors import InvalidValueError
from itaproj.findings import Finding, FindingGroup, Severity, message_template, summarize

REAL = Path(__file__).resolve().parent / "data" / "iati" / "real"
RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

# -- the laws, on findings whose kind is known by construction ---------------------------------------

# Each shape makes messages of one kind from varying values; the test knows the kind of every
# message it makes, so it computes the expected groups without the code under test.
SHAPES = (
    lambda value, number: f"@code {value!r} is not in the FlowType codelist",
    lambda value, number: f"{number} declared, {number + 1} listed",
    lambda value, number: "no title with text; titled by its key",
    lambda value, number: f"the programme's budget of {number} adds up to {number}.5 (vocabulary {value!r})",
)


#: Findings, and for each the kind it was made as (rule, severity, shape).
Made = tuple[list[Finding], list[tuple[str, Severity, int]]]


@st.composite
def made_findings(draw: st.DrawFn) -> Made:
    """Findings and, for each, the key of the group it must be in."""
    count = draw(st.integers(0, 40))
    findings: list[Finding] = []
    keys: list[tuple[str, Severity, int]] = []
    for number in range(count):
        rule = draw(st.sampled_from(["iati.codelist", "count.declared-vs-listed"]))
        severity = draw(st.sampled_from(list(Severity)))
        shape = draw(st.integers(0, len(SHAPES) - 1))
        value = draw(st.text(max_size=8))
        amount = draw(st.integers(0, 10**6))
        findings.append(Finding(rule, severity, SHAPES[shape](value, amount), f"$.x[{number}]"))
        keys.append((rule, severity, shape))
    return findings, keys


def _expected(made: Made, examples: int) -> list[tuple[str, Severity, str, int, tuple[str, ...], int]]:
    """The groups, computed from the kinds the findings were made of."""
    findings, keys = made
    members: dict[tuple[str, Severity, int], list[Finding]] = {}
    for finding, key in zip(findings, keys, strict=True):
        members.setdefault(key, []).append(finding)
    order = sorted(members, key=lambda key: (RANK[key[1]], findings.index(members[key][0])))
    return [
        (
            rule,
            severity,
            members[key][0].message,
            len(members[key]),
            tuple(f.path for f in members[key][:examples]),
            len({f.message for f in members[key]}),
        )
        for key in order
        for rule, severity, _ in [key]
    ]


def _fields(group: FindingGroup) -> tuple[str, Severity, str, int, tuple[str, ...], int]:
    return (group.rule, group.severity, group.message, group.count, group.paths, group.variants)


@given(made_findings(), st.integers(0, 5))
def test_the_counts_add_up_to_the_number_of_findings(made: Made, examples: int) -> None:
    groups = summarize(made[0], examples=examples)
    assert sum(group.count for group in groups) == len(made[0])
    assert all(group.count >= 1 for group in groups)


@given(made_findings(), st.integers(0, 5))
def test_every_finding_is_in_exactly_one_group(made: Made, examples: int) -> None:
    # one group per kind of finding, holding exactly that kind's findings
    groups = summarize(made[0], examples=examples)
    expected = _expected(made, examples)
    assert sorted(map(_fields, groups), key=repr) == sorted(expected, key=repr)


@given(made_findings())
def test_groups_come_by_severity_then_first_occurrence(made: Made) -> None:
    groups = summarize(made[0])
    assert [_fields(group) for group in groups] == _expected(made, 3)
    ranks = [RANK[group.severity] for group in groups]
    assert ranks == sorted(ranks)


@given(made_findings(), st.integers(0, 5))
def test_the_examples_are_the_first_paths(made: Made, examples: int) -> None:
    findings, keys = made
    for group in summarize(findings, examples=examples):
        assert len(group.paths) == min(examples, group.count)
        first = next(
            f
            for f in findings
            if (f.rule, f.severity, f.message) == (group.rule, group.severity, group.message)
        )
        kind = keys[findings.index(first)]
        paths = [f.path for f, key in zip(findings, keys, strict=True) if key == kind]
        assert group.paths == tuple(paths[:examples])


@given(made_findings())
def test_no_examples_keeps_no_path_and_the_same_groups(made: Made) -> None:
    findings, _ = made
    with_paths = summarize(findings)
    without = summarize(findings, examples=0)
    assert all(group.paths == () for group in without)
    assert [(g.rule, g.severity, g.message, g.count, g.variants) for g in without] == [
        (g.rule, g.severity, g.message, g.count, g.variants) for g in with_paths
    ]


def test_summarize_takes_any_iterable_and_refuses_a_bad_number_of_examples() -> None:
    findings = [Finding("r", Severity.INFO, "m", f"$[{n}]") for n in range(4)]
    assert summarize(iter(findings)) == summarize(findings)
    assert summarize([]) == ()
    for bad in (-1, True, 1.5, "3"):
        with pytest.raises(InvalidValueError) as info:
            summarize(findings, examples=bad)  # type: ignore[arg-type]
        assert info.value.field == "examples"


# -- what counts as one kind of message ---------------------------------------------------------------


def test_messages_differing_in_quoted_values_and_numbers_are_one_kind() -> None:
    same = [
        (
            "xml:lang 'EN' should be lower case; read as 'en'",
            "xml:lang 'FR' should be lower case; read as 'fr'",
        ),
        ("19 declared, 18 listed", "5 declared, 3 listed"),
        ("vocabulary 98 adds up to 1010", "vocabulary 1 adds up to 99.5"),
        ('@code "it\'s" is unknown', "@code 'x' is unknown"),  # repr quotes with " when the value has a '
        ("The end date is in the future. (2029-11-30)", "The end date is in the future. (2027-06-30)"),
        ("a balance of -5", "a balance of 12"),
    ]
    for left, right in same:
        assert message_template(left) == message_template(right), (left, right)
    different = [
        ("@code '410' is a withdrawn FinanceType code", "@code '10' is a withdrawn FlowType code"),
        ("the budget's total", "the budget total"),
        ("no title", "no description"),
    ]
    for left, right in different:
        assert message_template(left) != message_template(right), (left, right)


def test_an_apostrophe_in_a_word_quotes_nothing() -> None:
    # "programme's ... publisher's" is no quoted value: the words between stay in the template
    assert message_template("the programme's title and the publisher's name") == (
        "the programme's title and the publisher's name"
    )


def test_grouping_by_rule_alone_or_by_exact_message_would_be_wrong() -> None:
    findings = [
        Finding("iati.codelist", Severity.ERROR, "@code 'A' is not in the FlowType codelist", "/a[1]"),
        Finding(
            "iati.codelist", Severity.ERROR, "@type 'end' is not in the ActivityDateType codelist", "/a[2]"
        ),
        Finding("iati.codelist", Severity.ERROR, "@code 'B' is not in the FlowType codelist", "/a[3]"),
        Finding("iati.codelist", Severity.WARNING, "@code 'C' is not in the FlowType codelist", "/a[4]"),
    ]
    groups = summarize(findings)
    assert [(g.severity, g.count, g.variants, g.paths) for g in groups] == [
        (Severity.ERROR, 2, 2, ("/a[1]", "/a[3]")),
        (Severity.ERROR, 1, 1, ("/a[2]",)),
        (Severity.WARNING, 1, 1, ("/a[4]",)),
    ]


# -- the group and its line ---------------------------------------------------------------------------


def test_a_group_of_one_reads_as_its_finding() -> None:
    finding = Finding(
        "count.declared-vs-listed", Severity.WARNING, "19 declared, 18 listed", "$.target_groups[0]"
    )
    (group,) = summarize([finding])
    assert (
        str(group)
        == str(finding)
        == ("warning count.declared-vs-listed: 19 declared, 18 listed @ $.target_groups[0]")
    )


def test_a_repeated_finding_is_one_line_with_its_count_and_first_places() -> None:
    findings = [
        Finding(
            "iati.lenient.language-case",
            Severity.WARNING,
            f"xml:lang {lang!r} should be lower case",
            f"/n[{n}]",
        )
        for n, lang in enumerate(["EN", "EN", "FR", "EN", "EN"], start=1)
    ]
    (group,) = summarize(findings)
    assert str(group) == (
        "warning iati.lenient.language-case (5 times, 2 variants): xml:lang 'EN' should be lower case"
        " @ /n[1], /n[2], /n[3] and 2 more"
    )
    (two,) = summarize(findings[:2])
    assert (
        str(two)
        == "warning iati.lenient.language-case (2 times): xml:lang 'EN' should be lower case @ /n[1], /n[2]"
    )


def test_a_group_refuses_what_cannot_be() -> None:
    def make(**changes: object) -> FindingGroup:
        fields: dict[str, object] = {
            "rule": "r",
            "severity": "error",
            "message": "m",
            "count": 2,
            "paths": ("a",),
        }
        fields.update(changes)
        return FindingGroup(**fields)  # type: ignore[arg-type]

    assert make().severity is Severity.ERROR  # an enum's value is taken, as everywhere
    for field, bad in [
        ("count", 0),
        ("count", True),
        ("paths", ("a", "b", "c")),
        ("paths", "ab"),
        ("variants", 3),
    ]:
        with pytest.raises(InvalidValueError) as info:
            make(**{field: bad})
        assert info.value.field == field


# -- real files -----------------------------------------------------------------------------------------

_LINE = re.compile(r"(error|warning|info) (\S+?)(?: \((\d+) times(?:, (\d+) variants)?\))?: ")


def _counts_of_lines(lines: list[str]) -> collections.Counter[str]:
    """Findings per rule, as the printed lines say."""
    counts: collections.Counter[str] = collections.Counter()
    for line in lines:
        match = _LINE.match(line)
        assert match is not None, line
        counts[match.group(2)] += int(match.group(3) or 1)
    return counts


def test_a_real_file_with_a_thousand_findings_prints_a_few_lines(capsys: pytest.CaptureFixture[str]) -> None:
    # The World Bank sample repeats a withdrawn FinanceType and FlowType on every transaction.
    path = REAL / "okfn__okfn_iati__data-samples_xml_worldbank-sv.xml"
    findings = iati.validate(path)
    per_rule = collections.Counter(finding.rule for finding in findings)
    assert len(findings) > 1000
    main(["validate", str(path)])
    *printed, verdict = capsys.readouterr().out.splitlines()
    assert verdict.startswith(f"{path}: ")
    # the findings are listed under category headings ("== Financial: 3 errors, ...")
    headings = [line for line in printed if line.startswith("== ")]
    lines = [line for line in printed if not line.startswith("== ")]
    assert len(headings) <= 12  # the Validator's 11 categories, schema, itaproj's own checks
    assert len(lines) <= len(per_rule) + 5  # about one line per rule: was one per finding, over 1,000
    assert _counts_of_lines(lines) == per_rule
    # --json keeps every finding, and the summary the lines were made from
    main(["validate", "--json", str(path)])
    document = json.loads(capsys.readouterr().out)
    assert len(document["findings"]) == len(findings)
    assert [(f["rule"], f["path"]) for f in document["findings"]] == [(f.rule, f.path) for f in findings]
    assert len(document["summary"]) == len(lines)
    assert sum(group["count"] for group in document["summary"]) == len(findings)
    by_rule = {}
    for line in lines:
        match = _LINE.match(line)
        assert match is not None
        by_rule.setdefault((match.group(1), match.group(2)), []).append(line)
    ordered = [by_rule[(group["severity"], group["rule"])].pop(0) for group in document["summary"]]
    for group, line in zip(document["summary"], ordered, strict=True):
        match = _LINE.match(line)
        assert match is not None
        assert (match.group(1), match.group(2)) == (group["severity"], group["rule"])
        # the example message and the first path are the first finding's with that message
        first = next(f for f in findings if f.message == group["message"] and f.rule == group["rule"])
        assert group["paths"][0] == first.path
        assert len(group["paths"]) == min(3, group["count"])


def test_upper_case_languages_of_a_real_file_are_one_group() -> None:
    # The d-portal fixture writes xml:lang="EN" on its narratives: one finding for each.
    path = REAL / "OCHA-DAP__hdx-scraper-iati-viz__tests_fixtures_foodsecurity_input_dportal.xml"
    _, findings = iati.read_with_findings(path)
    per_rule = collections.Counter(finding.rule for finding in findings)
    assert per_rule["iati.lenient.language-case"] > 200
    groups = summarize(findings)
    (case,) = [group for group in groups if group.rule == "iati.lenient.language-case"]
    assert case.count == per_rule["iati.lenient.language-case"]
    assert len(groups) < 10
    assert {group.rule for group in groups} == set(per_rule)
