"""The Validator's rules of ``rules/iati/information.xslt`` and ``language.xslt`` over the model.

What an activity must state besides its identifiers and money: a status (6.2.1), a planned or
actual start date (6.11.1), sectors at activity level or for every transaction (6.2.2, 6.6.2,
6.7.2), a type for its reporting organisation (6.3.1), a name or identifier for each provider
and receiver (6.9.1), a format for each document (6.1.5), a narrative for a policy marker of
the publisher's own vocabulary (6.13.1) and a significance for an OECD DAC one (6.14.1), an
OECD DAC default aid type next to others (107.1.1) and one per vocabulary (107.1.2); and a
language for every narrative, from the activity or its own (4.1.1), and narrative content in a
title (4.3.1).

The model holds what IATI XML states, so most rules read it one to one; where the reader kept
an element verbatim (an :class:`~itaproj.extras.Extra` of the programme, because the model has
no place for what it says) a rule that would need it says nothing rather than guess, except
where the element's mere presence is what the rule asks about (an ``activity-status`` kept
verbatim is still a status, 6.2.1). The sector rules, which need every transaction, are
left to the XML (:mod:`itaproj.iati.dq.structure`) when a transaction was kept verbatim, and
so is the owner of another identifier (6.8.1), which the model cannot tell from no owner at
all. The stand-ins the reader puts where the XML has no
narrative (the identifier as the title of an activity without one, the ``@ref`` as the name of
an organisation without a narrative, a policy marker's code as its title) are not taken for
narratives.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.iati.dq.context import DqContext
    >>> programme = Programme("p", LocalizedText({"en": "Roads"}))
    >>> [hit.rule for hit in information_rules(programme, DqContext())]
    ['6.2.1', '6.11.1', '6.2.2']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import cast

import attrs

from itaproj.documents import DocumentLink
from itaproj.extras import Extra
from itaproj.iati.dq.context import DqContext, Hit
from itaproj.iati.dq.locate import taken_positions, xpath_of
from itaproj.iati.dq.results import period_elements
from itaproj.organisation_file import OrganisationRecord
from itaproj.programme import DateKind, Programme
from itaproj.results import Observation
from itaproj.text import LocalizedText

__all__ = ["information_rules", "organisation_information_rules"]

#: The element name of a programme's extra at ``name[k]`` (kept verbatim at that place).
_KEPT = re.compile(r"^([^\[/@]+)\[\d+\]$")
#: What a narrative without ``xml:lang`` of an activity without one is filed under.
_UNDETERMINED = "und"
_XML_LANG = ("@xml:lang", "@{http://www.w3.org/XML/1998/namespace}lang")


def _kept(extras: tuple[Extra, ...]) -> Counter[str]:
    """How many elements of each name the programme kept verbatim."""
    counts: Counter[str] = Counter()
    for extra in extras:
        match = _KEPT.match(extra.path)
        if match:
            counts[match[1]] += 1
    return counts


def _texts(value: object, path: str) -> Iterator[tuple[str, LocalizedText]]:
    """Every text below ``value`` (a model object), with its path."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(item, f"{path}[{index}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            if field.name != "extras":
                item = getattr(value, field.name)
                if item is not None:
                    yield from _texts(item, f"{path}.{field.name}" if path else field.name)


def _placeholder_title(programme: Programme) -> bool:
    """Whether the title is what the reader gives an activity without one: its identifier."""
    identifier = programme.iati_identifier
    return programme.title.texts == {_UNDETERMINED: identifier.strip() if identifier else programme.key}


def _organisation_placeholders(programme: Programme) -> set[str]:
    """Paths of organisation names that are only the organisation's ``@ref``."""
    found: set[str] = set()
    publication = programme.publication
    reporting = publication.reporting_org if publication is not None else None
    if (
        reporting is not None
        and reporting.ref is not None
        and reporting.name.texts == {_UNDETERMINED: reporting.ref}
    ):
        found.add("publication.reporting_org.name")
    for index, participant in enumerate(programme.participants):
        organisation = participant.organisation
        if organisation.ref is not None and organisation.name.texts == {_UNDETERMINED: organisation.ref}:
            found.add(f"participants[{index}].organisation.name")
    return found


def _language(programme: Programme) -> Iterator[Hit]:
    """4.1.1: no default language, and a narrative that states none."""
    publication = programme.publication
    if publication is not None and publication.default_language is not None:
        return
    if any(extra.path in _XML_LANG for extra in programme.extras):
        return  # the activity states a language the model could not hold
    placeholders = _organisation_placeholders(programme)
    for path, text in _texts(programme, ""):
        if _UNDETERMINED not in text.texts or path in placeholders:
            continue
        if path == "title" and _placeholder_title(programme):
            continue
        yield Hit("4.1.1", "", f"a narrative without xml:lang at {path}")
        return


def _documents(programme: Programme) -> Iterator[tuple[str, str | None, DocumentLink]]:
    """Every document link of the programme, at any level: its path, its XML place, itself.

    The XML place is given for the documents of targets and actuals only, whose ``period``
    elements the model does not hold one to one (:func:`~itaproj.iati.dq.results.period_elements`).
    """
    for index, document in enumerate(programme.documents):
        yield f"documents[{index}]", None, document
    taken = taken_positions(programme.extras)
    for r, result in enumerate(programme.results):
        for index, document in enumerate(result.documents):
            yield f"results[{r}].documents[{index}]", None, document
        for i, indicator in enumerate(result.indicators):
            at = f"results[{r}].indicators[{i}]"
            for index, document in enumerate(indicator.documents):
                yield f"{at}.documents[{index}]", None, document
            for b, baseline in enumerate(indicator.baselines):
                for index, document in enumerate(baseline.documents):
                    yield f"{at}.baselines[{b}].documents[{index}]", None, document
            element = xpath_of(at, "", taken=taken).lstrip("/")
            for p, (_, targets, actuals) in enumerate(period_elements(indicator), 1):
                for kind, indexes in (("targets", targets), ("actuals", actuals)):
                    observations: tuple[Observation, ...] = getattr(indicator, kind)
                    for position, o in enumerate(indexes, 1):
                        for index, document in enumerate(observations[o].documents):
                            yield (
                                f"{at}.{kind}[{o}].documents[{index}]",
                                f"{element}/period[{p}]/{kind[:-1]}[{position}]/document-link[{index + 1}]",
                                document,
                            )


def _document_formats(programme: Programme) -> Iterator[Hit]:
    """6.1.5: a document link declares its format."""
    for path, xml, document in _documents(programme):
        if document.format is None:
            yield Hit("6.1.5", path, "no @format", xml)


def _status_and_start(programme: Programme, kept: Counter[str]) -> Iterator[Hit]:
    """6.2.1 (an activity status) and 6.11.1 (a planned or actual start date)."""
    if programme.status is None and not kept["activity-status"]:
        yield Hit("6.2.1", "", "no activity-status")
    starts = {DateKind.PLANNED_START, DateKind.ACTUAL_START}
    # an activity-date kept verbatim may be a start date: its type is not known
    if not kept["activity-date"] and not any(date.kind in starts for date in programme.dates):
        yield Hit("6.11.1", "", "no activity-date of type 1 or 2")


def _sectors(programme: Programme, kept: Counter[str]) -> Iterator[Hit]:
    """6.6.2, 6.2.2, 6.7.2: sectors for the activity or for every transaction, not both.

    When the reader kept a transaction verbatim, whether it has sectors is not in the model:
    the three rules are then decided on the XML (:mod:`itaproj.iati.dq.structure`).
    """
    if kept["transaction"]:
        return
    with_sector = sum(1 for transaction in programme.transactions if transaction.sectors)
    without = len(programme.transactions) - with_sector
    if programme.sectors or kept["sector"]:
        if with_sector:
            yield Hit("6.6.2", "", f"{with_sector} transaction(s) with sectors")
    elif with_sector:
        if without:
            yield Hit("6.7.2", "", f"{without} transaction(s) without a sector")
    else:
        yield Hit("6.2.2", "", "no sector")


def _organisations(programme: Programme) -> Iterator[Hit]:
    """6.3.1 (reporting organisation type) and 6.9.1 (provider and receiver named)."""
    publication = programme.publication
    reporting = publication.reporting_org if publication is not None else None
    if reporting is not None and reporting.type is None:
        yield Hit("6.3.1", "publication.reporting_org", "no @type")
    for field in ("planned_disbursements", "transactions"):
        for index, flow in enumerate(getattr(programme, field)):
            for side in ("provider", "receiver"):
                party = getattr(flow, side)
                if party is not None and party.ref is None and party.name is None:
                    yield Hit("6.9.1", f"{field}[{index}].{side}", "no @ref, no narrative")


def _policy_markers(programme: Programme) -> Iterator[Hit]:
    """6.13.1 (a narrative for vocabulary 99) and 6.14.1 (a significance for vocabulary 1)."""
    for index, theme in enumerate(programme.themes):
        if theme.vocabulary == "99":
            if theme.title is None:
                yield Hit("6.13.1", f"themes[{index}]", f"code {theme.code!r}")
        elif theme.vocabulary == "1" and theme.significance is None:
            yield Hit("6.14.1", f"themes[{index}]", f"code {theme.code!r}")


def _aid_types(programme: Programme, kept: Counter[str]) -> Iterator[Hit]:
    """107.1.1 (an OECD DAC default aid type) and 107.1.2 (one per vocabulary)."""
    aid_types = programme.finance.aid_types if programme.finance is not None else ()
    if not aid_types:
        return
    vocabularies = Counter(aid_type.vocabulary for aid_type in aid_types)
    # a default-aid-type kept verbatim may be of vocabulary 1 (or "", read as 1)
    if "1" not in vocabularies and not kept["default-aid-type"]:
        yield Hit("107.1.1", "", f"vocabularies {', '.join(sorted(vocabularies))}")
    repeated = sorted(vocabulary for vocabulary, count in vocabularies.items() if count > 1)
    if repeated:
        yield Hit("107.1.2", "", f"vocabulary {', '.join(repeated)} more than once")


def _titles(programme: Programme) -> Iterator[Hit]:
    """4.3.1: the activity's title has narrative content.

    The reader keeps an activity title verbatim only when it has no narrative with text (the
    model's texts cannot be blank); titles of results, indicators and documents without text
    are not in the model (the reader keeps the result or indicator verbatim, drops an empty
    document title).
    """
    for extra in programme.extras:
        match = _KEPT.match(extra.path)
        if match and match[1] == "title":
            yield Hit("4.3.1", "", "no narrative with text", xml=extra.path)


def information_rules(programme: Programme, context: DqContext) -> Iterator[Hit]:
    """Every hit of these rules in ``programme``."""
    kept = _kept(programme.extras)
    yield from _language(programme)
    yield from _titles(programme)
    yield from _status_and_start(programme, kept)
    yield from _sectors(programme, kept)
    yield from _organisations(programme)
    yield from _document_formats(programme)
    yield from _policy_markers(programme)
    yield from _aid_types(programme, kept)


def organisation_information_rules(record: OrganisationRecord, context: DqContext) -> Iterator[Hit]:
    """The hits of 6.3.1 and 6.1.5 in an organisation file's ``record``.

    The reporting organisation has a type (6.3.1) and each document a format (6.1.5); paths
    are relative to the record; and a language for each narrative, from the record or its own
    (4.5.1).

    Example:
        >>> from itaproj import LocalizedText, Organisation
        >>> record = OrganisationRecord(reporting_org=Organisation("b", LocalizedText({"en": "B"}), ref="XM-1"))
        >>> [(hit.rule, hit.path) for hit in organisation_information_rules(record, DqContext())]
        [('6.3.1', 'reporting_org')]
    """
    if record.language is None and not any(extra.path in _XML_LANG for extra in record.extras):
        reporting = record.reporting_org
        for path, text in _texts(record, ""):
            if (
                path == "reporting_org.name"
                and reporting is not None
                and text.texts == {_UNDETERMINED: reporting.ref}
            ):
                continue  # the reader's stand-in for a reporting-org without a narrative
            if _UNDETERMINED in text.texts:
                yield Hit("4.5.1", "", f"a narrative without xml:lang at {path}")
                break
    if record.reporting_org is not None and record.reporting_org.type is None:
        yield Hit("6.3.1", "reporting_org", "no @type")
    for index, document in enumerate(record.documents):
        if document.link.format is None:
            yield Hit("6.1.5", f"documents[{index}].link", "no @format")
