"""The IATI 2.03 activity schema shipped with the package: element order and validation.

The schema files (``itaproj/data/iati``) are © Development Initiatives on behalf of the IATI
Secretariat, CC BY 4.0: "IATI Standard (http://iatistandard.org/)".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

from itaproj.errors import LoadError
from itaproj.findings import Finding, Severity
from itaproj.iati._parse import Source, etree, open_source, parse_tree

__all__ = ["activity_child_order", "activity_schema", "schema_dir", "validate_schema", "validate_tree"]

_XSD = "{http://www.w3.org/2001/XMLSchema}"


def schema_dir() -> Path:
    """The folder holding the shipped ``.xsd`` files."""
    return Path(str(resources.files("itaproj").joinpath("data").joinpath("iati")))


@cache
def activity_schema() -> etree.XMLSchema:
    """The IATI 2.03 activities schema, loaded once (imports resolved from the package only)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.parse(str(schema_dir() / "iati-activities-schema.xsd"), parser)
    return etree.XMLSchema(document)


@cache
def activity_child_order() -> dict[str, int]:
    """Position of each child element of ``iati-activity`` in the schema's sequence.

    Example:
        >>> order = activity_child_order()
        >>> order["iati-identifier"] < order["title"] < order["budget"] < order["result"]
        True
    """
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.parse(str(schema_dir() / "iati-activities-schema.xsd"), parser)
    activity = document.find(f"{_XSD}element[@name='iati-activity']")
    sequence = None if activity is None else activity.find(f"{_XSD}complexType/{_XSD}sequence")
    if sequence is None:  # pragma: no cover - the shipped schema has it
        raise LookupError("iati-activity sequence not found in the shipped schema")
    order: dict[str, int] = {}
    for index, element in enumerate(sequence):
        name = element.get("ref") or element.get("name")
        if name is not None:
            order[name] = index
    return order


def validate_tree(tree: etree._ElementTree) -> tuple[Finding, ...]:
    """Schema findings (rule ``iati.schema``, errors) for a parsed document."""
    schema = activity_schema()
    if schema.validate(tree):
        return ()
    return tuple(
        Finding("iati.schema", Severity.ERROR, entry.message, f"{entry.path} (line {entry.line})")
        for entry in cast("Iterable[Any]", schema.error_log)
    )


def validate_schema(source: Source) -> tuple[Finding, ...]:
    """Validate a file against the IATI 2.03 activities schema; an empty tuple means valid.

    The whole document is parsed (validation needs it), with the same hardened settings as
    :func:`itaproj.iati.read`. A file that is not well-formed gives one ``iati.xml`` error.

    Raises:
        LoadError: ``source`` is a path that names no readable file (missing, a directory).

    Example:
        >>> import io
        >>> findings = validate_schema(io.BytesIO(b'<iati-activities version="2.03"/>'))
        >>> findings[0].rule, findings[0].severity.value
        ('iati.schema', 'error')
    """
    tree = parse_or_findings(source)
    return tree if isinstance(tree, tuple) else validate_tree(tree)


def parse_or_findings(source: Source) -> etree._ElementTree | tuple[Finding, ...]:
    """The parsed file, or the ``iati.xml`` error findings of XML that does not parse.

    Raises:
        LoadError: ``source`` is a path that names no readable file (missing, a directory).
    """
    with open_source(source) as stream:
        try:
            return parse_tree(stream)
        except LoadError as error:
            return tuple(
                Finding("iati.xml", Severity.ERROR, issue.message, issue.path) for issue in error.issues
            )
