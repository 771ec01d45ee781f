"""Findings: what a check found, how bad it is, and where (a ``$``-path or an XPath)."""

from __future__ import annotations

import enum

import attrs

__all__ = ["Finding", "Severity"]


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
