"""``check()`` on the seed catalogue reports the seeds' real problems, and nothing else."""

from __future__ import annotations

from itaproj import Catalogue
from itaproj.checks import check
from itaproj.examples import load
from itaproj.findings import Severity

CATALOGUE = load()


def _index(key: str) -> int:
    return [p.key for p in CATALOGUE].index(key)


def test_the_exact_findings_of_the_seed_catalogue() -> None:
    m4eg, kz, clir = _index("m4eg"), _index("kz-regional-development"), _index("clir")
    assert (m4eg, kz, clir) == (0, 4, 6)
    found = {(f.rule, f.path) for f in check(CATALOGUE)}
    assert found == {
        # S0.13: the source link printed as "https://ru/east/...": the host "ru" is no web host.
        ("url.malformed", f"$.programmes[{m4eg}].documents[0].url"),
        # S3.14: the website printed as "www.kzregdev.kz", with no scheme: how a press release
        # names a website, so only an info note, not a problem of the seed.
        ("url.no-scheme", f"$.programmes[{kz}].documents[0].url"),
        # S4.7: 19 communities declared, 18 listed (4 + 3 + 4 + 2 + 2 + 3).
        ("count.declared-vs-listed", f"$.programmes[{clir}].target_groups[0]"),
    }


def test_the_findings_are_warnings_that_name_the_figures() -> None:
    findings = check(CATALOGUE)
    assert len(findings) == 3  # no duplicates hide in the set above
    problems = [f for f in findings if f.severity is not Severity.INFO]
    assert {(f.rule, f.severity) for f in problems} == {
        ("url.malformed", Severity.WARNING),
        ("count.declared-vs-listed", Severity.WARNING),
    }
    (note,) = (f for f in findings if f.severity is Severity.INFO)
    assert note.rule == "url.no-scheme"
    assert "http://www.kzregdev.kz" in note.message
    (count,) = (f for f in findings if f.rule == "count.declared-vs-listed")
    assert "19" in count.message
    assert "18" in count.message


def test_no_finding_for_what_is_consistent() -> None:
    rules = {f.rule for f in check(CATALOGUE)}
    # "A four-year project, 2013-2017": 48 months lies within the 38..60 months the years allow
    # (January 2013 to December 2017 is 60; December 2013 to January 2017 is 38).
    assert 4 * 12 == 48
    assert (2017 - 2013) * 12 + 12 - 1 + 1 == 60
    assert (2017 - 2013) * 12 + 1 - 12 + 1 == 38
    assert "duration.declared-vs-period" not in rules
    # Both sides of each parent/child link are stated, and every ref resolves.
    assert not rules & {"relation.not-reciprocal", "relation.unresolved", "relation.conflict"}
    # 5 oblasts among the located CLIR members plus 3 unlocated ones cannot exceed the 7 declared.
    assert "count.declared-regions" not in rules
    # One organisation per key.
    assert "organisation.conflicting-key" not in rules


def test_each_programme_alone_keeps_its_own_findings() -> None:
    per_programme = {p.key: {(f.rule, f.path) for f in check(p)} for p in CATALOGUE}
    assert per_programme == {
        "m4eg": {("url.malformed", "$.documents[0].url")},
        "promis": set(),
        "u-lead": set(),
        "auc-analytics": set(),
        "kz-regional-development": {("url.no-scheme", "$.documents[0].url")},
        "surge": set(),
        "clir": {("count.declared-vs-listed", "$.target_groups[0]")},
    }
    assert isinstance(CATALOGUE, Catalogue)
