"""Write a catalogue as IATI 2.03 activities: schema element order, extras back in place.

Each programme becomes one ``iati-activity``; programmes and their components are linked
activities through ``related-activity`` (the model's :class:`~itaproj.programme.Relation`).
The file is written incrementally (``lxml.etree.xmlfile``), one activity at a time.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import IO, Any, cast

from itaproj.iati._mapping import TABLE, UNDETERMINED, XML_LANG, Node, Unmapped, WriteContext
from itaproj.iati._parse import etree, parse_fragment
from itaproj.iati.schema import activity_child_order
from itaproj.money import is_currency
from itaproj.programme import Catalogue, Extra, Programme
from itaproj.text import is_language_tag

__all__ = ["IATI_VERSION", "activity_element", "write"]

#: The version written in ``iati-activities/@version``.
IATI_VERSION = "2.03"

_SLOT = re.compile(r"(.*?)\[(\d+)\](?:/@(.*))?")


def _build(parent: etree._Element, node: Node) -> None:
    tag, attributes, text, children = node
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    for child in children:
        _build(element, child)


class _Slots:
    """The extras of one programme, sorted by the element slot they concern."""

    def __init__(self, extras: Iterable[Extra]) -> None:
        self.attributes: dict[str, str] = {}
        self.inserts: dict[str, dict[int, str]] = {}
        self.replaces: dict[str, dict[int, str]] = {}
        self.overrides: dict[tuple[str, int], dict[str, str]] = {}
        self.tags: list[str] = []
        for extra in extras:
            if extra.format not in ("xml", "xml+model"):
                continue
            if extra.path.startswith("@"):
                self.attributes[extra.path[1:]] = extra.value
                continue
            match = _SLOT.fullmatch(extra.path)
            if match is None:
                continue
            tag, index_text, attribute = match.groups()
            index = int(index_text)
            if tag not in self.tags:
                self.tags.append(tag)
            if attribute is not None:
                self.overrides.setdefault((tag, index), {})[attribute] = extra.value
            elif extra.format == "xml+model":
                self.replaces.setdefault(tag, {})[index] = extra.value
            else:
                self.inserts.setdefault(tag, {})[index] = extra.value


def _context(attributes: dict[str, str]) -> WriteContext:
    lang = attributes.get(XML_LANG, UNDETERMINED).lower()
    currency = attributes.get("default-currency")
    return WriteContext(
        lang if is_language_tag(lang) else UNDETERMINED,
        currency if currency is not None and is_currency(currency) else None,
    )


def _tag_order(slots: _Slots) -> list[str]:
    order = activity_child_order()
    tags = list(dict.fromkeys([*order, *slots.tags]))
    return sorted(tags, key=lambda tag: order.get(tag, len(order)))


def activity_element(programme: Programme, nsmap: dict[str | None, str] | None = None) -> etree._Element:
    """The ``iati-activity`` element for ``programme``.

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> element = activity_element(Programme("XM-EX-1", LocalizedText({"en": "Example"}),
        ...                                      iati_identifier="XM-EX-1"))
        >>> [child.tag for child in element]
        ['iati-identifier', 'title']
    """
    slots = _Slots(programme.extras)
    ctx = _context(slots.attributes)
    own: dict[str | None, str] = {
        name[6:]: uri for name, uri in slots.attributes.items() if name.startswith("xmlns:")
    }
    namespaces: dict[str | None, str] = dict(nsmap or {})
    namespaces.update(own)
    element = etree.Element("iati-activity", nsmap=cast("Any", namespaces or None))
    for name, value in slots.attributes.items():
        if not name.startswith("xmlns:"):
            element.set(name, value)
    for tag in _tag_order(slots):
        entry = TABLE.get(tag)
        values = list(entry.values(programme)) if entry is not None else []
        if tag == "title":
            values = [programme.title]
        inserts = slots.inserts.get(tag, {})
        replaces = slots.replaces.get(tag, {})
        items = iter(values)
        for index in range(1, len(values) + len(inserts) + 1):
            if index in inserts:
                element.append(parse_fragment(inserts[index]))
                continue
            item: Any = next(items)
            if index in replaces:
                if replaces[index]:
                    element.append(parse_fragment(replaces[index]))
                continue
            assert entry is not None  # values is empty without an entry
            try:
                node = entry.write(item, ctx)
            except Unmapped:
                continue
            _build(element, node)
            for name, text in slots.overrides.get((tag, index), {}).items():
                element[-1].set(name, text)
    return element


def _root_attributes(catalogue: Catalogue) -> tuple[dict[str, str], dict[str | None, str]]:
    attributes = {"version": IATI_VERSION}
    nsmap: dict[str | None, str] = {}
    for extra in getattr(catalogue, "extras", ()):
        if not extra.path.startswith("@") or extra.format != "xml":
            continue
        name = extra.path[1:]
        if name.startswith("xmlns:"):
            nsmap[name.removeprefix("xmlns:")] = extra.value
        elif name != "version":
            attributes[name] = extra.value
    return attributes, nsmap


def write(catalogue: Catalogue, target: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write ``catalogue`` as an IATI 2.03 activities file (UTF-8) to a path or binary file.

    Example:
        >>> import io
        >>> from itaproj import Catalogue, LocalizedText, Programme
        >>> out = io.BytesIO()
        >>> write(Catalogue((Programme("XM-EX-1", LocalizedText({"en": "Example"})),)), out)
        >>> from itaproj.iati.schema import validate_schema
        >>> validate_schema(io.BytesIO(out.getvalue()))
        ()
    """
    attributes, nsmap = _root_attributes(catalogue)
    with etree.xmlfile(target, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", attributes, nsmap=nsmap or None):
            for programme in catalogue:
                xf.write("\n")
                xf.write(activity_element(programme, nsmap), pretty_print=False)
            xf.write("\n")
