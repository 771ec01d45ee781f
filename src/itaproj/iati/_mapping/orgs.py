"""Organisations: participating, provider and receiver organisations."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any, cast

from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    FlowOrganisation,
)
from itaproj.org import Organisation, Participant, Role
from itaproj.text import LocalizedText

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.core import (
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _flow_organisation,
    _inherited_language,
    _put,
    narrative_nodes,
    narratives,
)
from itaproj.iati._mapping.kept import (
    _FLOW_ORG,
    _NARRATIVES,
    Irregular,
    _given,
    _keep_whole,
    _narrated,
    _placed,
    _repeated,
    _rest,
    _scoped_write,
    plain_narrative_texts,
)

# --- organisations ---------------------------------------------------------------------------

_SPACE = re.compile(r"\s+")


def _org_key(ref: str | None, name: LocalizedText | None) -> str:
    if ref is not None and ref.strip():
        return _SPACE.sub("_", ref.strip())
    if name is not None:
        return _SPACE.sub("_", str(name).strip())[:80]
    raise InvalidValueError("participating-org", None, "have a @ref or a narrative")


def read_participant(element: etree._Element, ctx: ReadContext) -> Participant:
    """``participating-org`` -> :class:`~itaproj.org.Participant` (organisation in a role)."""
    ref = element.get("ref")
    name = narratives(element, ctx)
    role = Role.from_iati_code(element.get("role", ""))
    key = _org_key(ref, name)
    display = name if name is not None else LocalizedText({ctx.lang: ref or key})
    organisation = Organisation(key, display, ref=ref, type=element.get("type"))
    return Participant(
        organisation,
        role,
        activity_id=element.get("activity-id"),
        crs_channel_code=element.get("crs-channel-code"),
    )


def write_participant(participant: Participant, ctx: WriteContext) -> Node:
    """:class:`~itaproj.org.Participant` -> ``participating-org``."""
    organisation = participant.organisation
    if participant.role.iati_code is None:
        raise Unmapped(
            f"the role {participant.role.value!r} is not an IATI organisation role "
            "(funding, accountable, extending, implementing)",
            rule="role",
            path=".role",
        )
    attributes: dict[str, str] = {}
    _put(attributes, "ref", organisation.ref)
    _put(attributes, "role", participant.role.iati_code)
    _put(attributes, "type", organisation.type)
    _put(attributes, "activity-id", participant.activity_id)
    _put(attributes, "crs-channel-code", participant.crs_channel_code)
    return ("participating-org", attributes, None, narrative_nodes(organisation.name, ctx))


def _flow_org(element: etree._Element | None, id_attribute: str, ctx: ReadContext) -> FlowOrganisation | None:
    """``provider-org`` or ``receiver-org`` -> :class:`~itaproj.finance.FlowOrganisation`.

    ``None`` when the element states nothing (a blank ``@ref`` states nothing).
    """
    if element is None:
        return None
    # The same organisations recur in thousands of transactions: one read per distinct element
    # (as written, in its language), unless reading it made findings, which each place gets.
    key = (_serialised(element), _inherited_language(element, ctx))
    known = _FLOW_ORGS.get(key, _UNKNOWN)
    if known is not _UNKNOWN:
        return cast("FlowOrganisation | None", known)
    before = len(ctx.findings)
    extras: list[Extra] = []
    found = _rest(element, _FLOW_ORG[id_attribute], _NARRATIVES, "", extras)
    name = _narrated(element, found, ctx)
    ref, kind, activity = _given(element, "ref"), _given(element, "type"), _given(element, id_attribute)
    organisation = None
    if ref is not None or name is not None or kind is not None or activity is not None or extras:
        organisation = _flow_organisation(ref, name, kind, activity, tuple(extras))
    if len(ctx.findings) == before:
        if len(_FLOW_ORGS) >= 4096:
            _FLOW_ORGS.clear()
        _FLOW_ORGS[key] = organisation
    return organisation


_UNKNOWN = object()
_FLOW_ORGS: dict[tuple[bytes, str], FlowOrganisation | None] = {}


def _serialised(element: etree._Element) -> bytes:
    from itaproj.iati._parse import etree as lxml_etree

    return lxml_etree.tostring(element, with_tail=False)


#: Organisations of the common shape read so far, by what they hold: see :func:`plain_flow_org`.
_PLAIN_ORGS: dict[tuple[Any, ...], FlowOrganisation | None] = {}


def plain_flow_org(
    element: etree._Element, id_attribute: str, lang: str, ctx: ReadContext
) -> FlowOrganisation | None:
    """:func:`_flow_org` of a ``provider-org`` or ``receiver-org`` of the common shape, by what it holds.

    The common shape: only the attributes the model types (no ``xml:lang``), no text, and
    only ``narrative`` children holding a text and nothing else (no attribute, no element).
    Such an element reads to the same organisation as any other holding the same attributes
    and texts, with the same language above it (``lang``): each is read once (by
    :func:`_flow_org`), without serialising the element to recognise it.

    Raises:
        Irregular: the element is not of the common shape, or reading it made a finding.
    """
    items = element.items()  # (names and values in one call)
    if items:
        known_names = _FLOW_ORG[id_attribute]
        for name, _ in items:
            if name not in known_names:
                raise Irregular
    key = (id_attribute, tuple(items), plain_narrative_texts(element), lang)
    known = _PLAIN_ORGS.get(key)
    if known is not None or key in _PLAIN_ORGS:
        return known
    before = len(ctx.findings)
    organisation = _flow_org(element, id_attribute, ctx)
    if len(ctx.findings) != before:
        raise Irregular
    if len(_PLAIN_ORGS) >= 4096:
        _PLAIN_ORGS.clear()
    _PLAIN_ORGS[key] = organisation
    return organisation


@lru_cache(maxsize=4096)
def _flow_org_node(org: FlowOrganisation, tag: str, id_attribute: str, ctx: WriteContext) -> Node:
    # Cached: nodes are never changed once built, and the same organisation recurs.
    attributes: dict[str, str] = {}
    _put(attributes, "ref", org.ref)
    _put(attributes, "type", org.type)
    _put(attributes, id_attribute, org.activity_id)
    node: Node = (tag, attributes, None, narrative_nodes(org.name, _scoped_write(ctx, org.extras)))
    return _placed(node, org.extras)


def _flow_part(
    element: etree._Element | None, id_attribute: str, ctx: ReadContext, extras: list[Extra]
) -> FlowOrganisation | None:
    """:func:`_flow_org` of the first ``provider-org`` or ``receiver-org``, kept whole if it states nothing."""
    organisation = _flow_org(element, id_attribute, ctx)
    if organisation is None and element is not None and _repeated(element):
        _keep_whole(element, extras)
    return organisation
