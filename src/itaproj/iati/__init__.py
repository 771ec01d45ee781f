"""IATI 2.03 activity XML: read any published file, write schema-valid XML, lose nothing.

Needs lxml (``pip install 'itaproj[xml]'``); ``import itaproj.iati`` works without it and
the functions raise :class:`~itaproj.errors.MissingDependencyError` when called.

- :func:`read`, :func:`read_with_findings`, :func:`iter_programmes`: IATI 2.01-2.03 ->
  :class:`~itaproj.programme.Catalogue` (streaming, lenient, every deviation a finding).
- :func:`write`: catalogue -> IATI 2.03 XML valid against the shipped schema, written
  whole or not at all (:class:`WriteError` lists every value it cannot hold).
- :func:`validate_schema`: schema findings; :func:`validate`: schema plus IATI ruleset checks.

The shipped schemas are © Development Initiatives on behalf of the IATI Secretariat,
CC BY 4.0, "IATI Standard (http://iatistandard.org/)".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from itaproj.errors import ItaprojError, LoadIssue

if TYPE_CHECKING:
    from itaproj.findings import Finding
    from itaproj.org import Organisation
    from itaproj.programme import Catalogue, Programme

__all__ = [
    "WriteError",
    "iter_programmes",
    "read",
    "read_with_findings",
    "validate",
    "validate_schema",
    "write",
]

Source = str | os.PathLike[str] | IO[bytes]


class WriteError(ItaprojError, ValueError):
    """A catalogue that :func:`write` cannot write as IATI XML; nothing was written.

    Attributes:
        issues: Each problem with the ``$``-path of the value in the model
            (``$.programmes[3].title.en``, ``$.programmes[0].extras[2]``).
        target: The path or stream name that was to be written.

    Example:
        >>> error = WriteError([LoadIssue("$.programmes[0].title.en", "U+0007 is not XML")], "out.xml")
        >>> print(error)
        1 problem writing IATI XML to out.xml:
          U+0007 is not XML @ $.programmes[0].title.en
    """

    def __init__(self, issues: Iterable[LoadIssue], target: str = "output") -> None:
        self.issues = tuple(issues)
        self.target = target
        lines = "\n".join(f"  {issue}" for issue in self.issues)
        noun = "problem" if len(self.issues) == 1 else "problems"
        super().__init__(f"{len(self.issues)} {noun} writing IATI XML to {target}:\n{lines}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.issues, self.target))


def read(source: Source) -> Catalogue:
    """Read an IATI activity file (path or binary file) into a catalogue."""
    from itaproj.iati._read import read as _read

    return _read(source)


def read_with_findings(source: Source) -> tuple[Catalogue, tuple[Finding, ...]]:
    """Read an IATI activity file; also return what was read leniently, as findings."""
    from itaproj.iati._read import read_with_findings as _read_with_findings

    return _read_with_findings(source)


def iter_programmes(source: Source) -> Iterator[tuple[Programme, tuple[Finding, ...]]]:
    """Stream ``(programme, findings)`` pairs in bounded memory."""
    from itaproj.iati._read import iter_programmes as _iter_programmes

    return _iter_programmes(source)


def write(catalogue: Catalogue, target: Source, *, reporting_org: Organisation | None = None) -> None:
    """Write a catalogue as IATI 2.03 XML to a path or binary file, all of it or nothing.

    ``reporting_org`` is written for activities that kept no ``reporting-org`` from their source.

    Raises:
        WriteError: a value IATI XML cannot hold (every one listed with its ``$``-path), or a
            path that cannot be written; the target is left as it was.
    """
    from itaproj.iati._write import write as _write

    _write(catalogue, target, reporting_org=reporting_org)


def validate_schema(source: Source) -> tuple[Finding, ...]:
    """Findings of the IATI 2.03 activities schema (rule ``iati.schema``); empty when valid."""
    from itaproj.iati.schema import validate_schema as _validate_schema

    return _validate_schema(source)


def validate(source: Source) -> tuple[Finding, ...]:
    """Schema findings plus the IATI Standard Ruleset checks (rules ``iati.rule.*``)."""
    from itaproj.iati.rules import validate as _validate

    return _validate(source)
