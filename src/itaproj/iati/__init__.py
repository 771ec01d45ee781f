"""IATI 2.03 activity XML: read any published file, write schema-valid XML, lose nothing.

Needs lxml (``pip install 'itaproj[xml]'``); ``import itaproj.iati`` works without it and
the functions raise :class:`~itaproj.errors.MissingDependencyError` when called.

- :func:`read`, :func:`read_with_findings`, :func:`iter_programmes`: IATI 2.01-2.03 ->
  :class:`~itaproj.programme.Catalogue` (streaming, lenient, every deviation a finding).
- :func:`write`: catalogue -> IATI 2.03 XML, written whole or not at all
  (:class:`WriteError` lists every value it cannot hold); :func:`write_with_findings` also
  reports what IATI cannot carry, what it requires that the model lacks, and the schema
  findings of what was written.
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
    "write_with_findings",
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
    What IATI cannot carry is left out, and what it requires may be missing:
    :func:`write_with_findings` writes the same bytes and says what, and whether the output is
    schema-valid.

    Raises:
        WriteError: a value IATI XML cannot hold (every one listed with its ``$``-path), or a
            path that cannot be written; the target is left as it was.
    """
    from itaproj.iati._write import write as _write

    _write(catalogue, target, reporting_org=reporting_org)


def write_with_findings(
    catalogue: Catalogue,
    target: Source,
    *,
    reporting_org: Organisation | None = None,
    check_schema: bool = True,
) -> tuple[Finding, ...]:
    """Write like :func:`write`, and say what the output lacks or left out, as findings.

    Each finding has the ``$``-path of the value in the model (``reporting_org.ref`` for the
    ``reporting_org`` given), except the schema's:

    - warnings ``iati.write.*``: detail IATI cannot carry, left out (a bounded or approximate
      amount or value, a date known only to the year or month where IATI needs a day, a date
      kind or role IATI lacks, people, target groups, nested activities, a budget total,
      a key written as the identifier, ...) and what the IATI Standard Ruleset requires that
      the model does not state (a DAC policy marker's significance, shares' percentages);
    - errors ``iati.write.*``: what the schema requires that the model lacks (a reporting
      organisation, a description, a participant in an IATI role, a status, an activity date,
      a value date, a result's type ...); the element is written without it, so the output
      is not schema-valid: each message names the field to set;
    - errors ``iati.schema`` (when ``check_schema``): the schema's findings of the output,
      at its XPath and line. Each activity is validated as it is written, so the output is not
      read again and memory stays bounded by the largest activity.

    The output is schema-valid when no finding has the rule ``iati.schema``.

    Args:
        catalogue: The programmes.
        target: A path or a binary file object.
        reporting_org: As for :func:`write`.
        check_schema: Validate the output against the schema (``False``: only the writer's
            own findings).

    Raises:
        WriteError: as :func:`write`: a value IATI XML cannot hold at all, or a path that
            cannot be written; nothing was written.

    Example:
        >>> import io
        >>> from itaproj import Catalogue, LocalizedText, Period, Programme
        >>> programme = Programme("m4eg", LocalizedText({"en": "Mayors for Economic Growth"}),
        ...                       period=Period.parse("2017", "2020"))
        >>> findings = write_with_findings(Catalogue((programme,)), io.BytesIO())
        >>> for finding in findings[:3]:
        ...     print(finding.severity.value, finding.rule, finding.path)
        warning iati.write.identifier $.programmes[0].iati_identifier
        warning iati.write.period $.programmes[0].period
        error iati.write.reporting-org $.programmes[0]
        >>> sum(finding.rule == "iati.schema" for finding in findings)
        1
    """
    from itaproj.iati._write import write as _write
    from itaproj.iati._write_findings import WriteFindings

    findings = WriteFindings(check_schema)
    _write(catalogue, target, reporting_org=reporting_org, findings=findings)
    return findings.findings()


def validate_schema(source: Source) -> tuple[Finding, ...]:
    """Findings of the IATI 2.03 activities schema (rule ``iati.schema``); empty when valid."""
    from itaproj.iati.schema import validate_schema as _validate_schema

    return _validate_schema(source)


def validate(source: Source) -> tuple[Finding, ...]:
    """Schema findings plus the IATI Standard Ruleset checks (rules ``iati.rule.*``)."""
    from itaproj.iati.rules import validate as _validate

    return _validate(source)
