"""The one place lxml is imported, and the hardened parser settings every IATI read uses.

Hostile XML is refused or read inertly: no external entities, no DTD loading, no network,
no entity expansion (so "billion laughs" expands nothing), and a document that declares a
DOCTYPE at all is refused, since IATI files never need one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any, Union

from itaproj.errors import LoadError, LoadIssue, MissingDependencyError

if TYPE_CHECKING:
    from lxml import etree
else:
    try:
        from lxml import etree
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError("lxml", "xml", "IATI XML") from error

__all__ = ["Source", "etree", "iterparse", "parse_fragment", "parse_tree", "source_name"]

#: A path or a binary file object.
Source = Union[str, "os.PathLike[str]", IO[bytes]]

_SAFE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_FRAGMENT_PARSER = etree.XMLParser(**_SAFE)


def source_name(source: Source) -> str:
    """A printable name for ``source`` (its path, or the file object's name)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def _refuse_doctype(element: etree._Element, name: str) -> None:
    docinfo = element.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise LoadError(
            [LoadIssue(f"line {element.sourceline}", "a DOCTYPE/DTD is not allowed in IATI XML (refused)")],
            name,
        )


def _syntax_error(error: etree.XMLSyntaxError, name: str) -> LoadError:
    line = error.position[0] if error.position else 0
    message = str(error.msg or error).strip()
    return LoadError([LoadIssue(f"line {line}", f"not well-formed XML: {message}")], name)


def iterparse(
    source: Source, tags: tuple[str, ...], events: tuple[str, ...] = ("start", "end")
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ``(event, element)`` for ``tags`` with the hardened settings.

    Raises:
        LoadError: for a document that is not well-formed (truncated, not XML) or declares a DTD.
    """
    name = source_name(source)
    context = etree.iterparse(source, events=events, tag=tags, **_SAFE)
    checked = False
    try:
        for event, element in context:
            if not checked:
                _refuse_doctype(element, name)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error, name) from None
    if not checked:
        raise LoadError([LoadIssue("/", f"no {' or '.join(tags)} element found")], name)


def parse_tree(source: Source) -> etree._ElementTree:
    """Parse a whole document with the hardened settings (for schema validation)."""
    name = source_name(source)
    parser = etree.XMLParser(**_SAFE)
    try:
        tree = etree.parse(source, parser)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(error, name) from None
    _refuse_doctype(tree.getroot(), name)
    return tree


def parse_fragment(text: str) -> etree._Element:
    """Parse one element kept verbatim in an :class:`~itaproj.programme.Extra`."""
    return etree.fromstring(text, _FRAGMENT_PARSER)
