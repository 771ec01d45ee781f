"""The upstream schema conformance fixtures: 58 should pass, 225 should fail."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest

from itaproj.errors import LoadError
from itaproj.findings import Severity
from itaproj.iati import read, read_with_findings, validate_schema, write

TESTS = Path(__file__).resolve().parents[1] / "data" / "iati" / "schema-tests" / "activity-tests"
PASS = sorted((TESTS / "should-pass").rglob("*.xml"))
FAIL = sorted((TESTS / "should-fail").rglob("*.xml"))


def test_fixture_counts() -> None:
    assert (len(PASS), len(FAIL)) == (58, 225)


@pytest.mark.parametrize("path", PASS, ids=lambda p: str(p.relative_to(TESTS / "should-pass")))
def test_should_pass_reads_without_error_findings_and_round_trips(path: Path) -> None:
    assert validate_schema(path) == ()
    catalogue, findings = read_with_findings(path)
    assert [f for f in findings if f.severity is Severity.ERROR] == []
    out = BytesIO()
    write(catalogue, out)
    assert validate_schema(BytesIO(out.getvalue())) == ()
    assert read(BytesIO(out.getvalue())) == catalogue


@pytest.mark.parametrize("path", FAIL, ids=lambda p: str(p.relative_to(TESTS / "should-fail")))
def test_should_fail_is_rejected_by_the_schema_validator(path: Path) -> None:
    findings = validate_schema(path)
    assert findings
    assert all(f.rule == "iati.schema" and f.severity is Severity.ERROR for f in findings)


def test_should_fail_fixtures_still_read_leniently() -> None:
    # Invalid is not unreadable: every should-fail file loads (the empty one gives an empty
    # catalogue with a finding) and nothing raises except LoadError for broken XML.
    empty = 0
    for path in FAIL:
        try:
            catalogue, findings = read_with_findings(path)
        except LoadError:  # pragma: no cover - no fixture is malformed XML
            pytest.fail(f"{path} raised")
        if not catalogue.programmes:
            empty += 1
            assert any(f.rule == "iati.empty" for f in findings)
    assert empty == 1
