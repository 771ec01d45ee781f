"""IATI 2.03 activity XML: read any published file, write schema-valid XML, lose nothing.

Needs lxml (``pip install 'itaproj[xml]'``); ``import itaproj.iati`` works without it and
the functions raise :class:`~itaproj.errors.MissingDependencyError` when called.

- :func:`read`, :func:`read_with_findings`, :func:`iter_programmes`: IATI 2.01-2.03 ->
  :class:`~itaproj.programme.Catalogue` (streaming, lenient, every deviation a finding).
- :func:`write`: catalogue -> IATI 2.03 XML, written whole or not at all
  (:class:`WriteError` lists every value it cannot hold); :func:`write_with_findings` also
  reports what IATI cannot carry, what it requires that the model lacks, and the schema
  findings of what was written.
- :func:`validate_schema`: schema findings; :func:`validate`: schema plus IATI ruleset checks
  and the IATI Validator's data-quality rules (:mod:`itaproj.iati.dq`).

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
    from itaproj.organisation_file import OrganisationFile, OrganisationRecord
    from itaproj.programme import Catalogue, Programme

__all__ = [
    "WriteError",
    "iter_organisations",
    "iter_programmes",
    "read",
    "read_organisations",
    "read_organisations_with_findings",
    "read_with_findings",
    "validate",
    "validate_organisations_schema",
    "validate_schema",
    "write",
    "write_organisations",
    "write_organisations_with_findings",
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
    """Every check of an IATI activity or organisation file, as findings.

    Rules: ``iati.xml`` (not well-formed), ``iati.schema`` (the 2.03 activities or organisations
    schema), the IATI Validator's data-quality rules ``iati.dq.<id>`` (:mod:`itaproj.iati.dq`:
    codes against the codelists of the file's version, and the rules that run on the model),
    and ``iati.codelist.withdrawn`` (:mod:`itaproj.iati.rules`).

    Raises:
        LoadError: ``source`` is a path that names no readable file (missing, a directory).
    """
    from itaproj.iati._organisations import _schema_findings, organisation_schema
    from itaproj.iati.dq.codelists import codelist_findings
    from itaproj.iati.dq.context import iati_version
    from itaproj.iati.dq.run import check_iati, check_organisations
    from itaproj.iati.rules import check_tree
    from itaproj.iati.schema import parse_or_findings

    tree = parse_or_findings(source)
    if isinstance(tree, tuple):
        return tree
    root = tree.getroot()
    if root.tag not in ("iati-organisations", "iati-organisation"):
        checked = check_tree(tree)
        # The data-quality rules read the model from the tree already parsed (taking it apart:
        # after the checks of the tree).
        return (*checked, *check_iati(tree))
    schema = organisation_schema()
    findings = [] if schema.validate(tree) else _schema_findings(schema)
    version = iati_version(root.get("version"))
    if not version.startswith("1."):
        findings.extend(codelist_findings(root, version))
    return (*findings, *check_organisations(tree))  # (the records read from the tree too)


# --- organisation files -------------------------------------------------------------------


def read_organisations(source: Source) -> OrganisationFile:
    """Read an IATI organisation file (path or binary file) into an :class:`~itaproj.organisation_file.OrganisationFile`."""
    from itaproj.iati._organisations import read_organisations as _read_organisations

    return _read_organisations(source)


def read_organisations_with_findings(source: Source) -> tuple[OrganisationFile, tuple[Finding, ...]]:
    """Read an IATI organisation file; also return what was read leniently, as findings.

    Content no schema defines is kept as extras on the object that held it; what the model
    cannot hold is kept verbatim in the record's extras, reported at its XPath and line.
    """
    from itaproj.iati._organisations import read_organisations_with_findings as _read

    return _read(source)


def iter_organisations(source: Source) -> Iterator[tuple[OrganisationRecord, tuple[Finding, ...]]]:
    """Stream ``(record, findings)`` pairs of an organisation file in bounded memory."""
    from itaproj.iati._organisations import iter_organisations as _iter_organisations

    return _iter_organisations(source)


def write_organisations(
    records: OrganisationFile | Iterable[OrganisationRecord], target: Source, *, version: str = "2.03"
) -> None:
    """Write organisation records as an IATI 2.03 organisation file, all of it or nothing.

    :func:`write_organisations_with_findings` writes the same bytes and says what IATI cannot
    carry, what the schema requires that a record lacks, and whether the output is schema-valid.

    Raises:
        WriteError: a value IATI XML cannot hold (each listed with its ``$``-path), or a path
            that cannot be written; the target is left as it was.
        InvalidValueError: a ``version`` other than ``"2.03"``.
    """
    from itaproj.iati._organisations import write_organisations as _write_organisations

    _write_organisations(records, target, version=version)


def write_organisations_with_findings(
    records: OrganisationFile | Iterable[OrganisationRecord],
    target: Source,
    *,
    version: str = "2.03",
    check_schema: bool = True,
) -> tuple[Finding, ...]:
    """Write like :func:`write_organisations`, and say what the output lacks or left out, as findings.

    Warnings ``iati.write.*`` for what IATI cannot carry (left out), errors ``iati.write.*``
    for what the schema requires that the model lacks, and (when ``check_schema``) errors
    ``iati.schema`` of the organisations schema, each record validated as it is written.
    The output is schema-valid when no finding has the rule ``iati.schema``.
    """
    from itaproj.iati._organisations import write_organisations_with_findings as _write

    return _write(records, target, version=version, check_schema=check_schema)


def validate_organisations_schema(source: Source) -> tuple[Finding, ...]:
    """Findings of the IATI 2.03 organisations schema (rule ``iati.schema``); empty when valid."""
    from itaproj.iati._organisations import validate_organisations_schema as _validate

    return _validate(source)
