"""Score itaproj against the IATI Validator's own XSpec suite.

For each scenario of the suite (``tests/data/iati/validator-rules``, read by
``tests/validator_suite.py``), itaproj checks the scenario's XML; its findings of the Validator's
rules (rule ``iati.dq.<id>``) are inserted into the XML as the Validator's ``me:feedback``
elements (``validator_suite.annotate``), and each expectation of the scenario is evaluated on
that, as XSpec evaluates it on the real rules' output. Each expectation is then:

- **met**: its test is true (of those, "by silence": also true when itaproj reports nothing);
- **missed** (a false negative): false, and false when nothing is reported either: itaproj
  did not report what the Validator does;
- **violated** (a false positive): false, but true when nothing is reported: itaproj reported
  what the Validator does not (``not(//me:feedback[@id='2.1.1'])`` and the like);
- **not assessable**: its test does not read the feedback at all (it reads the input, or what
  only the Validator's own stylesheet writes, such as ``@me:iatiVersion`` on the root), or it
  reads the Validator's message text (``starts-with(//me:feedback[@id='0.6.1'], 'Version 1.05')``),
  which itaproj words its own way. Pending scenarios are not run, as in XSpec.

itaproj is run as a user would run it on the file: ``itaproj.iati.validate`` (schema and rules)
and ``itaproj.iati.read_with_findings`` (what reading found), every finding of both; on an
organisation file (root ``iati-organisations`` or a lone ``iati-organisation``),
``itaproj.iati.read_organisations_with_findings`` instead of the activity reader. An inline
context of bare ``iati-activity`` (``iati-organisation``) elements is given to itaproj inside an
``iati-activities`` (``iati-organisations``) root of version 2.03, the version the Validator
assumes without a root; its findings' paths then name the fragment's elements (see
``validator_suite.locate``). ``--legacy`` also counts itaproj's IATI Standard Ruleset findings
(``iati.rule.*``) as the rule whose id their message names (``[IATI rule 2.1.1]``).

Usage (from the repository root)::

    python tools/validator_score.py            # totals and a table per rule
    python tools/validator_score.py --json     # the same, and every expectation, as JSON
    python tools/validator_score.py --judge    # score the real rules themselves (a self-check)
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

# The imports below come after sys.path names tests/, where validator_suite lives.
from lxml import etree  # noqa: E402

from validator_suite import (  # noqa: E402
    DQ_PREFIX,
    Expectation,
    Scenario,
    annotate,
    evaluate,
    judge_all,
    suite,
)

_MESSAGE_TEXT = re.compile(
    r"(?:starts-with|ends-with|contains|matches|string|normalize-space)\(\s*[^,()]*me:feedback"
    r"(?:\[[^\]]*\])?\s*[,)]"
)
_IDS = re.compile(r"@id\s*=\s*'([^']*)'")
_PREFIXES = re.compile(r"starts-with\(\s*@id\s*,\s*'([^']*)'\)|starts-with\([^,]*/@id\s*,\s*'([^']*)'\)")
_CLASS = re.compile(r"@class\s*=\s*'([^']*)'")
_LEGACY = re.compile(r"\[IATI rule ([0-9.]+)\]")


def not_assessable(expect: Expectation) -> str | None:
    """Why the expectation cannot score itaproj, or ``None`` when it can."""
    if "me:feedback" not in expect.test:
        return "does not read the feedback (reads the input or the Validator's own root attributes)"
    if _MESSAGE_TEXT.search(expect.test):
        return "reads the Validator's message text"
    return None


def rule_of(expect: Expectation) -> str:
    """The rule (or rules) an expectation is about, read from its test, for the table per rule."""
    ids = sorted(set(_IDS.findall(expect.test)))
    if ids:
        return ", ".join(ids)
    prefixes = sorted({a or b for a, b in _PREFIXES.findall(expect.test)})
    if prefixes:
        return ", ".join(f"{prefix}*" for prefix in prefixes)
    classes = sorted(set(_CLASS.findall(expect.test)))
    if classes:
        return ", ".join(f"class {name}" for name in classes)
    if "@type" in expect.test:
        return "no errors"
    return "any feedback"


def itaproj_input(context_xml: str) -> bytes:
    """The scenario's XML as a file itaproj reads: a fragment of activities gets its root."""
    wrapper = etree.fromstring(f"<_fragment>{context_xml}</_fragment>")
    tops = [child.tag for child in wrapper if isinstance(child.tag, str)]
    for element, root in (("iati-activity", "iati-activities"), ("iati-organisation", "iati-organisations")):
        if tops and all(tag == element for tag in tops):
            return f'<{root} version="2.03">{context_xml}</{root}>'.encode()
    return context_xml.encode()


def _root_name(data: bytes) -> str | None:
    """The name of the root element of ``data``; ``None`` when it is not well-formed XML."""
    try:
        for _event, element in etree.iterparse(io.BytesIO(data), events=("start",), resolve_entities=False):
            return str(element.tag)
    except etree.XMLSyntaxError:
        return None
    return None


def itaproj_findings(scenario: Scenario, context_xml: str, legacy: bool, refusals: list[str]) -> list[Any]:
    """Every finding itaproj gives on the scenario's XML (``validate`` and ``read_with_findings``).

    A call that raises an :class:`~itaproj.errors.ItaprojError` (itaproj refusing the input) gives
    no findings; the error is appended to ``refusals``. Any other exception propagates.
    """
    from itaproj.errors import ItaprojError
    from itaproj.iati import read_organisations_with_findings, read_with_findings, validate

    data = itaproj_input(context_xml) if scenario.context.href is None else scenario.context.href.read_bytes()
    findings: list[Any] = []
    if _root_name(data) in ("iati-organisations", "iati-organisation"):
        reading = ("read_organisations_with_findings", lambda s: read_organisations_with_findings(s)[1])
    else:
        reading = ("read_with_findings", lambda s: read_with_findings(s)[1])
    for name, call in (("validate", validate), reading):
        try:
            findings.extend(call(io.BytesIO(data)))
        except ItaprojError as error:
            first = str(error).splitlines()[-1].strip()
            refusals.append(f"{scenario.key} {name}: {type(error).__name__}: {first}")
    if legacy:
        for finding in list(findings):
            match = _LEGACY.search(finding.message)
            if finding.rule.startswith("iati.rule.") and match:
                findings.append(
                    SimpleNamespace(
                        rule=f"{DQ_PREFIX}{match.group(1)}",
                        severity=finding.severity,
                        path=finding.path,
                        message=finding.message,
                    )
                )
    seen: set[tuple[str, str]] = set()
    unique = []
    for finding in findings:
        if (finding.rule, finding.path) not in seen:
            seen.add((finding.rule, finding.path))
            unique.append(finding)
    return unique


def score(*, legacy: bool = False, real_rules: bool = False) -> dict[str, Any]:
    """Every expectation of the running scenarios, classified; totals and counts per rule."""
    read = suite()
    scenarios = list(read.running())
    contexts = [scenario.context.xml() for scenario in scenarios]
    judged = judge_all(scenario.context for scenario in scenarios) if real_rules else None
    rows: list[dict[str, Any]] = []
    unplaced: list[dict[str, str]] = []
    refusals: list[str] = []
    dq_findings = 0
    for index, (scenario, context_xml) in enumerate(zip(scenarios, contexts, strict=True)):
        if judged is not None:
            annotated = judged[index]
        else:
            lost: list[Any] = []
            findings = itaproj_findings(scenario, context_xml, legacy, refusals)
            dq_findings += sum(finding.rule.startswith(DQ_PREFIX) for finding in findings)
            annotated = annotate(context_xml, findings, unplaced=lost)
            unplaced.extend({"scenario": scenario.key, "rule": f.rule, "path": f.path} for f in lost)
        for expect in scenario.expectations:
            reason = not_assessable(expect)
            # What the expectation says of the XML with no feedback at all: true for "nothing
            # of this kind is reported", false for "this is reported".
            silent = evaluate(expect, context_xml)
            met = evaluate(expect, annotated)
            if reason is not None:
                outcome = "not assessable"
            elif met:
                outcome = "met"
            else:
                outcome = "violated" if silent else "missed"
            by_silence = outcome == "met" and silent
            rows.append(
                {
                    "scenario": scenario.key,
                    "label": f"{scenario.label} / {expect.label}",
                    "test": expect.test,
                    "rule": rule_of(expect),
                    "outcome": outcome,
                    "by_silence": by_silence,
                    "reason": reason,
                }
            )
    totals = Counter(row["outcome"] for row in rows)
    per_rule: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        per_rule[row["rule"]][row["outcome"]] += 1
    pending = sum(len(s.expectations) for s in read.scenarios if s.pending is not None)
    return {
        "scored": "the real rules" if real_rules else ("itaproj (with legacy ids)" if legacy else "itaproj"),
        "expectations": sum(len(s.expectations) for s in read.scenarios),
        "scenarios": len(read.scenarios),
        "pending": pending,
        "run": len(rows),
        "assessable": len(rows) - totals["not assessable"],
        "met": totals["met"],
        "met_by_silence": sum(row["by_silence"] for row in rows),
        "missed": totals["missed"],
        "violated": totals["violated"],
        "not_assessable": totals["not assessable"],
        "dq_findings": dq_findings,
        "unplaced_findings": unplaced,
        "refusals": refusals,
        "per_rule": {
            rule: {key: counts[key] for key in ("met", "missed", "violated", "not assessable")}
            for rule, counts in sorted(per_rule.items(), key=lambda item: _sort_key(item[0]))
        },
        "rows": rows,
    }


def _sort_key(rule: str) -> tuple[Any, ...]:
    first = rule.split(",")[0].rstrip("*").strip(".")
    numbers = tuple(int(part) for part in first.split(".") if part.isdigit())
    return (0, numbers, rule) if numbers else (1, (), rule)


def report(result: dict[str, Any]) -> str:
    """The score as text: totals, the table per rule, what is not assessable and why."""
    lines = [
        f"IATI Validator suite, scoring {result['scored']}: {result['expectations']} expectations in "
        f"{result['scenarios']} scenarios; {result['pending']} pending (not run), {result['run']} run, "
        f"{result['not_assessable']} not assessable, {result['assessable']} assessable.",
        f"met {result['met']} of {result['assessable']} ({result['met_by_silence']} of them by reporting "
        f"nothing), missed {result['missed']} (false negatives), violated {result['violated']} "
        f"(false positives).",
    ]
    if result["scored"] != "the real rules":
        lines.append(
            f"itaproj gave {result['dq_findings']} iati.dq findings; "
            f"{len(result['unplaced_findings'])} named no element of the XML and were left out; "
            f"itaproj refused the XML of {len({r.split()[0] for r in result['refusals']})} scenarios "
            "(ItaprojError from validate or read_with_findings: no findings from that call)."
        )
    lines.append("")
    width = max(len(rule) for rule in result["per_rule"])
    lines.append(f"{'rule':<{width}}  {'met':>4} {'missed':>6} {'violated':>8} {'n/a':>4}")
    for rule, counts in result["per_rule"].items():
        lines.append(
            f"{rule:<{width}}  {counts['met']:>4} {counts['missed']:>6} {counts['violated']:>8} "
            f"{counts['not assessable']:>4}"
        )
    reasons = Counter(row["reason"] for row in result["rows"] if row["reason"])
    if reasons:
        lines.append("")
        lines.append("not assessable:")
        lines.extend(f"  {count:>3}  {reason}" for reason, count in reasons.most_common())
    refused = Counter(refusal.split(" ", 1)[1] for refusal in result.get("refusals", ()))
    if refused:
        lines.append("")
        lines.append("refused by itaproj (scenarios, call: error):")
        lines.extend(f"  {count:>3}  {what}" for what, count in refused.most_common())
    violated = [row for row in result["rows"] if row["outcome"] == "violated"]
    if violated:
        lines.append("")
        lines.append("violated (reported where the Validator reports nothing):")
        lines.extend(f"  {row['scenario']}  {row['label']}  [{row['test']}]" for row in violated)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the score; exit 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the score and every expectation as JSON")
    parser.add_argument(
        "--legacy",
        action="store_true",
        help="also count iati.rule.* findings as the rule id in their message ([IATI rule 2.1.1])",
    )
    parser.add_argument("--judge", action="store_true", help="score the Validator's real rules instead")
    args = parser.parse_args(argv)
    result = score(legacy=args.legacy, real_rules=args.judge)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
