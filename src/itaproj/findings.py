"""Findings: what a check found, how bad it is, and where (a ``$``-path or an XPath).

A file can break one rule thousands of times (an upper-case ``xml:lang`` on every narrative);
:func:`summarize` turns such repeats into one :class:`FindingGroup` with a count and the first
few places, which is what ``itaproj validate`` prints.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable

import attrs

from itaproj.errors import InvalidValueError
from itaproj.validation import checked

__all__ = ["Finding", "FindingGroup", "Severity", "message_template", "summarize"]


class Severity(enum.Enum):
    """How bad a finding is. Errors make ``itaproj validate`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@attrs.frozen
class Finding:
    """One finding of a check.

    Args:
        rule: A stable rule id (``"budget.currency-mix"``, ``"iati.schema"``).
        severity: Error, warning or info.
        message: What is wrong, in plain English, naming the value.
        path: Where: a ``$``-path into the model (``$.components[1].budget.currency``), or an
            XPath with a line number for XML input.

    Example:
        >>> f = Finding("count.declared-vs-listed", Severity.WARNING, "19 declared, 18 listed",
        ...             "$.target_groups[0]")
        >>> str(f)
        'warning count.declared-vs-listed: 19 declared, 18 listed @ $.target_groups[0]'
    """

    rule: str
    severity: Severity
    message: str
    path: str = "$"

    def __str__(self) -> str:
        return f"{self.severity.value} {self.rule}: {self.message} @ {self.path}"


#: Severities in reporting order: errors first.
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

#: What varies between messages of one kind: a quoted value (as ``repr`` quotes it, starting
#: and ending at a word boundary, so the apostrophe of "programme's" quotes nothing) or a number.
_VARYING = re.compile(
    r"""(?<!\w)'(?:[^'\\\n]|\\.)*'(?!\w)"""
    r"""|(?<!\w)"(?:[^"\\\n]|\\.)*"(?!\w)"""
    r"""|(?<![\w-])-?[0-9]+(?:\.[0-9]+)*|[0-9]+(?:\.[0-9]+)*"""
)
_BLANK = "\u2026"


def message_template(message: str) -> str:
    """``message`` with its quoted values and numbers blanked: what messages of one kind share.

    Example:
        >>> message_template("xml:lang 'EN' should be lower case; read as 'en'")
        'xml:lang … should be lower case; read as …'
        >>> message_template("19 declared, 18 listed") == message_template("5 declared, 3 listed")
        True
    """
    return _VARYING.sub(_BLANK, message)


@attrs.frozen
@checked
class FindingGroup:
    """Findings of one rule and severity whose messages differ at most in quoted values and numbers.

    Made by :func:`summarize`.

    Args:
        rule: The findings' rule id.
        severity: Their severity.
        message: The message of the first finding of the group.
        count: How many findings the group holds (at least 1).
        paths: Where the first of them are, in order (at most ``count``).
        variants: How many different messages the group holds (1 when all say the same).

    Example:
        >>> group = FindingGroup("iati.lenient.language-case", Severity.WARNING,
        ...                      "xml:lang 'EN' should be lower case; read as 'en'", 120,
        ...                      ("/a[1] (line 3)", "/a[2] (line 9)"))
        >>> print(group)
        warning iati.lenient.language-case (120 times): xml:lang 'EN' should be lower case; read as 'en' @ /a[1] (line 3), /a[2] (line 9) and 118 more
    """

    rule: str
    severity: Severity
    message: str
    count: int
    paths: tuple[str, ...] = ()
    variants: int = 1

    def __attrs_post_init__(self) -> None:
        if self.count < 1:
            raise InvalidValueError("count", self.count, "be at least 1 (a group holds a finding)")
        if len(self.paths) > self.count:
            raise InvalidValueError(
                "paths", self.paths, f"hold at most count ({self.count}) paths, one per finding"
            )
        if not 1 <= self.variants <= self.count:
            raise InvalidValueError("variants", self.variants, f"be from 1 to count ({self.count})")

    def __str__(self) -> str:
        if self.count == 1:
            where = f" @ {self.paths[0]}" if self.paths else ""
            return f"{self.severity.value} {self.rule}: {self.message}{where}"
        variants = f", {self.variants} variants" if self.variants > 1 else ""
        head = f"{self.severity.value} {self.rule} ({self.count} times{variants}): {self.message}"
        more = self.count - len(self.paths)
        if not self.paths:
            return head
        tail = f" and {more} more" if more else ""
        return f"{head} @ {', '.join(self.paths)}{tail}"


def summarize(findings: Iterable[Finding], *, examples: int = 3) -> tuple[FindingGroup, ...]:
    """The findings grouped: one group per rule, severity and :func:`message_template`.

    Groups come errors first, then warnings, then infos; within a severity, in the order of
    their first finding. Each group keeps the first finding's message, its count, how many
    different messages it holds, and the paths of its first ``examples`` findings. Every
    finding is in exactly one group, so the counts add up to the number of findings.

    Args:
        findings: The findings, in the order they were found.
        examples: How many paths each group keeps (0 or more).

    Raises:
        InvalidValueError: ``examples`` is not an integer of 0 or more.

    Example:
        >>> findings = [Finding("iati.codelist", Severity.ERROR, f"@code {code!r} is not in the X codelist",
        ...                     f"/a[{n}]") for n, code in enumerate(["Z", "Y", "Z"], start=1)]
        >>> findings.append(Finding("url.no-scheme", Severity.INFO, "no scheme", "$.url"))
        >>> for group in summarize(findings, examples=2):
        ...     print(group)
        error iati.codelist (3 times, 2 variants): @code 'Z' is not in the X codelist @ /a[1], /a[2] and 1 more
        info url.no-scheme: no scheme @ $.url
    """
    if isinstance(examples, bool) or not isinstance(examples, int) or examples < 0:
        raise InvalidValueError("examples", examples, "be an integer of 0 or more")
    tallies: dict[tuple[str, Severity, str], _Tally] = {}
    for finding in findings:
        key = (finding.rule, finding.severity, message_template(finding.message))
        tally = tallies.get(key)
        if tally is None:
            tallies[key] = _Tally(finding, examples)
        else:
            tally.add(finding, examples)
    ordered = sorted(tallies.values(), key=lambda tally: _RANK[tally.first.severity])  # stable sort
    return tuple(tally.group() for tally in ordered)


class _Tally:
    """The group of :func:`summarize` being counted."""

    __slots__ = ("count", "first", "messages", "paths")

    def __init__(self, first: Finding, examples: int) -> None:
        self.first = first
        self.count = 1
        self.paths = [first.path] if examples else []
        self.messages = {first.message}

    def add(self, finding: Finding, examples: int) -> None:
        self.count += 1
        if len(self.paths) < examples:
            self.paths.append(finding.path)
        self.messages.add(finding.message)

    def group(self) -> FindingGroup:
        first = self.first
        return FindingGroup(
            first.rule, first.severity, first.message, self.count, tuple(self.paths), len(self.messages)
        )
