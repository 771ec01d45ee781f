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

import attrs

from itaproj.iati._mapping import (
    TABLE,
    UNDETERMINED,
    XML_LANG,
    Node,
    Unmapped,
    WriteContext,
    language_case,
    narrative_nodes,
)
from itaproj.iati._parse import etree, parse_fragment
from itaproj.iati.schema import activity_child_order
from itaproj.money import is_currency
from itaproj.org import Organisation
from itaproj.programme import Catalogue, Extra, Programme, Relation, RelationKind
from itaproj.text import is_language_tag

__all__ = ["IATI_VERSION", "activity_element", "expand_components", "write"]

#: The version written in ``iati-activities/@version``.
IATI_VERSION = "2.03"

_MISSING = object()
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
    lang = language_case(attributes.get(XML_LANG, UNDETERMINED))
    currency = attributes.get("default-currency")
    return WriteContext(
        lang if is_language_tag(lang) else UNDETERMINED,
        currency if currency is not None and is_currency(currency) else None,
    )


def _tag_order(slots: _Slots) -> list[str]:
    order = activity_child_order()
    tags = list(dict.fromkeys([*order, *slots.tags]))
    return sorted(tags, key=lambda tag: order.get(tag, len(order)))


def activity_element(
    programme: Programme,
    nsmap: dict[str | None, str] | None = None,
    reporting_org: Organisation | None = None,
) -> etree._Element:
    """The ``iati-activity`` element for ``programme``.

    ``reporting_org`` is written as ``reporting-org`` when the programme has none kept from
    its source (IATI requires one).

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
        if tag == "reporting-org" and reporting_org is not None and not slots.inserts.get(tag):
            element.append(_reporting_org(reporting_org, ctx))
            continue
        entry = TABLE.get(tag)
        values = list(entry.values(programme)) if entry is not None else []
        if tag == "title":
            values = [programme.title]
        inserts = slots.inserts.get(tag, {})
        replaces = slots.replaces.get(tag, {})
        items = iter(values)
        # Positions past the end (the model lost values since it was read) still get their
        # verbatim elements; a replacement without its model value is dropped with it.
        last = max(len(values) + len(inserts), max(inserts, default=0))
        for index in range(1, last + 1):
            if index in inserts:
                element.append(parse_fragment(inserts[index]))
                continue
            item: Any = next(items, _MISSING)
            if item is _MISSING:
                continue
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


def _reporting_org(organisation: Organisation, ctx: WriteContext) -> etree._Element:
    element = etree.Element("reporting-org")
    if organisation.ref is not None:
        element.set("ref", organisation.ref)
    if organisation.type is not None:
        element.set("type", organisation.type)
    for node in narrative_nodes(organisation.name, ctx):
        _build(element, node)
    return element


def expand_components(programme: Programme) -> tuple[Programme, ...]:
    """``programme`` (with child relations added) followed by one child programme per component."""
    if not programme.components:
        return (programme,)
    parent_id = programme.iati_identifier or programme.key
    known = {(relation.kind, relation.ref) for relation in programme.relations}
    children: list[Programme] = []
    relations = list(programme.relations)
    inherited = tuple(
        extra for extra in programme.extras if extra.path in _INHERITED or extra.path.startswith("@xmlns:")
    )
    for component in programme.components:
        child_id = f"{parent_id}-{component.code}"
        if (RelationKind.CHILD, child_id) not in known:
            relations.append(Relation(RelationKind.CHILD, child_id))
        children.append(
            Programme(
                child_id,
                component.title,
                iati_identifier=child_id,
                description=component.description,
                status=programme.status,
                dates=programme.dates,
                participants=programme.participants,
                relations=(Relation(RelationKind.PARENT, parent_id),),
                extras=(*inherited, Extra("@hierarchy", "2", "xml")),
            )
        )
    parent = attrs.evolve(programme, relations=tuple(relations))
    return (parent, *children)


_INHERITED = frozenset({"reporting-org[1]", "@default-currency", f"@{XML_LANG}"})


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


def write(
    catalogue: Catalogue,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    reporting_org: Organisation | None = None,
) -> None:
    """Write ``catalogue`` as an IATI 2.03 activities file (UTF-8) to a path or binary file.

    Elements kept from an IATI source (``Programme.extras``) are written back in their
    schema positions, so a file read with :func:`itaproj.iati.read` is written back without
    loss. Components become child activities linked to their programme (see
    :func:`expand_components`). Model values IATI cannot carry (bounded amounts, date kinds
    other than IATI's four, people, target groups, nested activities, a budget total without
    periods) are not written.

    Args:
        catalogue: The programmes.
        target: A path or a binary file object.
        reporting_org: Written as ``reporting-org`` of activities that kept none from their
            source; the output is schema-valid only when every activity has one, a
            description, a participating organisation, a status and a date.

    Example:
        >>> import io
        >>> from itaproj import Catalogue, LocalizedText, Programme
        >>> from itaproj import DateKind, KeyDate, Organisation, Participant, PartialDate, Role, Status
        >>> adb = Organisation("adb", LocalizedText({"en": "Asian Development Bank"}), ref="XM-DAC-46004",
        ...                    type="40")
        >>> programme = Programme("XM-DAC-46004-1", LocalizedText({"en": "Example"}),
        ...     description=LocalizedText({"en": "What it does"}), status=Status.IMPLEMENTATION,
        ...     dates=(KeyDate(DateKind.PLANNED_START, PartialDate(2024, 1, 1)),),
        ...     participants=(Participant(adb, Role.FUNDING),))
        >>> out = io.BytesIO()
        >>> write(Catalogue((programme,)), out, reporting_org=adb)
        >>> from itaproj.iati.schema import validate_schema
        >>> validate_schema(io.BytesIO(out.getvalue()))
        ()
    """
    attributes, nsmap = _root_attributes(catalogue)
    with etree.xmlfile(target, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", attributes, nsmap=nsmap or None):
            for programme in catalogue:
                for activity in expand_components(programme):
                    xf.write("\n")
                    xf.write(activity_element(activity, nsmap, reporting_org), pretty_print=False)
            xf.write("\n")
