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

import attrs

from itaproj.errors import LoadError
from itaproj.findings import Finding, Severity
from itaproj.iati._parse import Source, etree, open_source, parse_tree

__all__ = [
    "ElementShape",
    "activity_child_order",
    "activity_schema",
    "element_shape",
    "schema_dir",
    "validate_schema",
    "validate_tree",
]

_XSD = "{http://www.w3.org/2001/XMLSchema}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


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


# --- element shapes -----------------------------------------------------------------------------


@attrs.frozen
class ElementShape:
    """What the 2.03 schema allows in one element: children (in order), attributes, text."""

    children: dict[str, int]
    attributes: frozenset[str]
    text: bool
    #: The children the schema allows once at most.
    single: frozenset[str] = frozenset()


class _Schema:
    """Element shapes of the shipped 2.03 activity schema, by path below ``iati-activity``."""

    def __init__(self) -> None:
        parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=True)
        self._elements: dict[str, etree._Element] = {}
        self._types: dict[str, etree._Element] = {}
        for name in ("iati-common.xsd", "iati-activities-schema.xsd"):
            root = etree.parse(str(schema_dir() / name), parser).getroot()
            for node in root:
                table = {f"{_XSD}element": self._elements, f"{_XSD}complexType": self._types}.get(node.tag)
                if table is not None:
                    table[str(node.get("name"))] = node
        self._declarations: dict[tuple[str, ...], etree._Element | None] = {
            (): self._elements["iati-activity"]
        }
        self._shapes: dict[tuple[str, ...], ElementShape | None] = {}

    def shape(self, path: tuple[str, ...]) -> ElementShape | None:
        """The shape at ``path`` (``()`` is the activity), ``None`` where 2.03 has no element."""
        if path not in self._shapes:
            declaration = self._declaration(path)
            self._shapes[path] = None if declaration is None else self._shape_of(declaration)
        return self._shapes[path]

    def _declaration(self, path: tuple[str, ...]) -> etree._Element | None:
        if path not in self._declarations:
            parent = self._declaration(path[:-1])
            found = None
            if parent is not None:
                found = dict(self._content(parent)[0]).get(path[-1])
            self._declarations[path] = found
        return self._declarations[path]

    def _shape_of(self, declaration: etree._Element) -> ElementShape:
        children, attributes, text = self._content(declaration)
        order: dict[str, int] = {}
        declared: dict[str, int] = {}
        for name, node in children:
            order.setdefault(name, len(order))
            declared[name] = declared.get(name, 0) + (2 if _repeats(node) else 1)
        single = frozenset(name for name, times in declared.items() if times == 1)
        return ElementShape(order, frozenset(attributes), text, single)

    def _content(
        self, declaration: etree._Element
    ) -> tuple[list[tuple[str, etree._Element]], set[str], bool]:
        reference = declaration.get("ref")
        if reference is not None:
            declaration = self._elements[reference]
        complex_type = declaration.find(f"{_XSD}complexType")
        if complex_type is None:
            complex_type = self._types.get(str(declaration.get("type")))
        if complex_type is None:  # a simple type: text only
            return [], set(), True
        return self._complex(complex_type)

    def _complex(
        self, complex_type: etree._Element
    ) -> tuple[list[tuple[str, etree._Element]], set[str], bool]:
        children: list[tuple[str, etree._Element]] = []
        attributes: set[str] = set()
        text = complex_type.get("mixed") == "true"
        for node in complex_type:
            if node.tag in (f"{_XSD}sequence", f"{_XSD}choice"):
                self._particles(node, children)
            elif node.tag == f"{_XSD}attribute":
                attributes.add(_attribute_name(node))
            elif node.tag in (f"{_XSD}simpleContent", f"{_XSD}complexContent"):
                text = text or node.tag == f"{_XSD}simpleContent"
                for derivation in node:
                    base = self._types.get(str(derivation.get("base")))
                    if base is not None:
                        inherited, inherited_attributes, inherited_text = self._complex(base)
                        children.extend(inherited)
                        attributes |= inherited_attributes
                        text = text or inherited_text
                    more, more_attributes, _ = self._complex(derivation)
                    children.extend(more)
                    attributes |= more_attributes
        return children, attributes, text

    def _particles(self, group: etree._Element, children: list[tuple[str, etree._Element]]) -> None:
        for node in group:
            if node.tag == f"{_XSD}element":
                children.append((str(node.get("name") or node.get("ref")), node))
            elif node.tag in (f"{_XSD}sequence", f"{_XSD}choice"):
                self._particles(node, children)


def _repeats(node: etree._Element) -> bool:
    """Whether the element declaration ``node`` (or a sequence or choice around it) may repeat."""
    current: etree._Element | None = node
    while current is not None and current.tag in (f"{_XSD}element", f"{_XSD}sequence", f"{_XSD}choice"):
        if current.get("maxOccurs", "1") != "1":
            return True
        current = current.getparent()
    return False


def _attribute_name(node: etree._Element) -> str:
    name = str(node.get("name") or node.get("ref"))
    return XML_LANG if name == "xml:lang" else name


@cache
def _schema() -> _Schema:
    return _Schema()


def element_shape(path: tuple[str, ...]) -> ElementShape | None:
    """What the 2.03 schema lets the element at ``path`` below ``iati-activity`` hold.

    ``()`` is the activity; ``None`` where 2.03 defines no such element. Read from the shipped
    schema once; each shape is computed once.

    Example:
        >>> shape = element_shape(("location", "point"))
        >>> sorted(shape.attributes), list(shape.children), shape.text
        (['srsName'], ['pos'], False)
        >>> element_shape(("location", "nowhere")) is None
        True
    """
    return _schema().shape(path)
