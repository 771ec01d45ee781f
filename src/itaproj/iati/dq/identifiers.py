"""The Validator's identifier rules (1.x) over the model.

An activity identifier begins with its reporting organisation's identifier and a hyphen
(1.1.1, 1.1.3, 1.1.21); the reporting organisation has an
identifier (1.7.2). (An identifier used by two activities of one file, 1.1.2, is a rule of the
file: :mod:`itaproj.iati.dq.run` checks it.) Every identifier the Validator reads (activity, organisation, provider and
receiver activity, other identifiers) has no leading or trailing white space
(``x.1``); the ones that name organisations or activities of a publisher the IATI Registry does
not know use none of ``/ & | ?`` (``x.13``); a reporting organisation's identifier starts with a
registration agency's prefix (1.14.8).

Each rule yields ``(rule id, path relative to the programme, detail)``; :mod:`itaproj.iati.dq.run`
turns them into findings.

Where the model cannot hold what a rule reads, the rule runs on the XML instead
(:mod:`itaproj.iati.dq.values`): a related activity's identifier with white space around it
(1.7.1) is refused by the model, so the related-activity rule is there. The model holds every
other identifier as written, but only in an element it holds: a ``participating-org`` without
a valid ``@role``, or a ``transaction`` without a ``value``, is kept verbatim whole, and the
identifiers in it (1.8, 1.9, 1.10, 1.15, 1.4, 1.5) are checked on its XML, by the same
:func:`identifier_check` (:mod:`itaproj.iati.dq.structure`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from itaproj.iati.dq import known_orgid_prefixes, known_publishers
from itaproj.iati.dq.context import DqContext, Hit
from itaproj.organisation_file import OrganisationRecord
from itaproj.programme import Programme

__all__ = ["identifier_check", "identifier_rules", "organisation_identifier_rules"]

#: XPath's white space (``\s`` in XPath regular expressions, what ``functx:trim`` strips).
_SPACE = " \t\n\r"
_FORBIDDEN = re.compile(r"[/&|?]")
#: Identifier classes whose identifiers may start with a known publisher's id and a hyphen.
_PUBLISHER_PREFIXED = frozenset({"1.3", "1.4", "1.5", "1.6", "1.7", "1.9"})
#: Identifier classes checked for forbidden characters (and 1.14, 1.18 for a known prefix).
_CHARACTERS_CHECKED = frozenset({"1.3", "1.8", "1.10", "1.11", "1.12", "1.14", "1.15", "1.18"})


def _prefixed(item: str, names: frozenset[str]) -> bool:
    """Whether ``item`` starts with one of ``names`` followed by a hyphen.

    One set lookup per hyphen in ``item`` instead of a scan of every name (the known
    publishers are over a thousand).

    Example:
        >>> _prefixed("XM-DAC-41114-1", frozenset({"XM-DAC"}))
        True
        >>> _prefixed("XM-DACX-1", frozenset({"XM-DAC"}))
        False
    """
    at = item.find("-")
    while at != -1:
        if item[:at] in names:
            return True
        at = item.find("-", at + 1)
    return False


def identifier_check(item: str, idclass: str, path: str) -> Iterator[Hit]:
    """The Validator's checks of one identifier of class ``idclass`` (``"1.3"`` ...).

    Example:
        >>> [hit.rule for hit in identifier_check("XM-DAC-1 ", "1.14", "publication.reporting_org.ref")]
        ['1.14.1']
        >>> [hit.rule for hit in identifier_check("ZZ-ABC", "1.14", "publication.reporting_org.ref")]
        ['1.14.8']
        >>> [hit.rule for hit in identifier_check("AA-1/2", "1.3", "iati_identifier")]
        ['1.3.13']
    """
    if item != item.strip(_SPACE):
        yield Hit(f"{idclass}.1", path, repr(item))
    publishers = known_publishers()
    known = item in publishers or (idclass in _PUBLISHER_PREFIXED and _prefixed(item, publishers))
    if known or idclass not in _CHARACTERS_CHECKED:
        return
    if _FORBIDDEN.search(item):
        yield Hit(f"{idclass}.13", path, repr(item))
    if idclass in ("1.14", "1.18") and not _prefixed(item, known_orgid_prefixes()):
        yield Hit(f"{idclass}.8", path, repr(item))


def _activity_identifier(programme: Programme, context: DqContext) -> Iterator[Hit]:
    identifier = programme.iati_identifier
    if identifier is None:
        return
    yield from identifier_check(identifier, "1.3", "iati_identifier")
    reporting = programme.publication.reporting_org if programme.publication else None
    candidates = [reporting.ref] if reporting is not None and reporting.ref is not None else []
    candidates += [other.ref for other in programme.other_identifiers if other.type.upper() == "B1"]
    if not any(identifier.startswith(candidate) for candidate in candidates):
        yield Hit(
            "1.1.1",
            "iati_identifier",
            f"{identifier!r} does not begin with {' or '.join(map(repr, candidates)) or 'a reporting organisation identifier'}",
        )
    elif reporting is not None and identifier == reporting.ref:
        yield Hit("1.1.3", "iati_identifier", repr(identifier))
    elif context.version == "2.03" and not any(
        re.search(re.escape(candidate) + "-.+", identifier) for candidate in candidates
    ):
        yield Hit(
            "1.1.21", "iati_identifier", f"{identifier!r} has no '-' and suffix after {candidates[0]!r}"
        )


def identifier_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every identifier rule's hits in ``programme``, in document order of the elements."""
    yield from _activity_identifier(programme, context)
    publication = programme.publication
    reporting = publication.reporting_org if publication is not None else None
    if reporting is not None:
        if reporting.ref is None:
            yield Hit("1.7.2", "publication.reporting_org", "")
        else:
            yield from identifier_check(reporting.ref, "1.14", "publication.reporting_org.ref")
    for index, participant in enumerate(programme.participants):
        ref = participant.organisation.ref
        if ref is not None:
            yield from identifier_check(ref, "1.8", f"participants[{index}].organisation.ref")
        if participant.activity_id is not None:
            yield from identifier_check(participant.activity_id, "1.9", f"participants[{index}].activity_id")
    for index, other in enumerate(programme.other_identifiers):
        kind = other.type.upper()
        if kind in ("A3", "B1"):
            yield from identifier_check(
                other.ref, "1.6" if kind == "A3" else "1.16", f"other_identifiers[{index}].ref"
            )
        if other.owner_ref is not None:
            yield from identifier_check(other.owner_ref, "1.11", f"other_identifiers[{index}].owner_ref")
    for field in ("planned_disbursements", "transactions"):
        for index, flow in enumerate(getattr(programme, field)):
            for side, idclass, activity_class in (("provider", "1.10", "1.4"), ("receiver", "1.15", "1.5")):
                party = getattr(flow, side)
                if party is None:
                    continue
                if party.ref is not None:
                    yield from identifier_check(party.ref, idclass, f"{field}[{index}].{side}.ref")
                if party.activity_id is not None:
                    yield from identifier_check(
                        party.activity_id, activity_class, f"{field}[{index}].{side}.activity_id"
                    )


def organisation_identifier_rules(record: OrganisationRecord, context: DqContext) -> Iterator[Hit]:
    """The identifier rules of an organisation record (1.12.x, 1.18.x, 1.7.2), relative to it."""
    if record.identifier is not None:
        yield from identifier_check(record.identifier, "1.12", "identifier")
    reporting = record.reporting_org
    if reporting is not None:
        if reporting.ref is None:
            yield Hit("1.7.2", "reporting_org", "")
        else:
            yield from identifier_check(reporting.ref, "1.18", "reporting_org.ref")
