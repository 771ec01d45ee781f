"""Read and write IATI organisation files (``iati-organisations``, versions 2.01-2.03).

Reading streams: each ``iati-organisation`` becomes an
:class:`~itaproj.organisation_file.OrganisationRecord` and is freed with what came before it,
so memory stays bounded by the largest record. Reading is lenient and loses nothing:

- every element and attribute the 2.03 organisations schema defines is typed;
- content of other namespaces (attributes, elements) is kept as an
  :class:`~itaproj.extras.Extra` on the object whose element held it, at a path relative to
  that element (``@{uri}name``, ``{uri}name[1]``, ``value[1]/@{uri}name``); the record keeps
  what lies in its own element, ``name`` and ``reporting-org``;
- what the model cannot hold (a budget with an unknown status or currency, a narrative whose
  ``xml:lang`` is no language tag, an element the schema does not define there) is reported
  as a :class:`~itaproj.findings.Finding` at its XPath and line, and the element is kept
  verbatim in the record's extras (``total-budget[2]``) and written back in its place.

Only input that is not well-formed XML (or declares a DTD), or a path naming no readable file,
raises :class:`~itaproj.errors.LoadError`.

Writing builds each record with lxml, puts the kept content back, and (with findings) validates
each record against the shipped 2.03 organisations schema as it is written. This module
imports nothing of the activity writer.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from functools import cache
from typing import IO, Any, cast

from itaproj.budget import BudgetStatus
from itaproj.documents import DocumentLink
from itaproj.errors import InvalidValueError, LoadError, LoadIssue
from itaproj.extras import Extra, ExtraFormat
from itaproj.findings import Finding, Severity
from itaproj.geo import CountryShare, RegionShare
from itaproj.iati._mapping.core import decimal_text, element_path, language_case, read_decimal, short_message
from itaproj.iati._parse import Source, etree, iterparse, open_source, parse_fragment, parse_tree, source_name
from itaproj.money import Money, is_currency
from itaproj.org import Organisation
from itaproj.organisation_file import (
    LineItem,
    OrganisationBudget,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationFile,
    OrganisationRecord,
)
from itaproj.period import PartialDate, Period, to_datetime
from itaproj.text import LocalizedText, is_language_tag

__all__ = [
    "SUPPORTED_VERSIONS",
    "iter_organisations",
    "organisation_schema",
    "read_organisations",
    "read_organisations_with_findings",
    "validate_organisations_schema",
    "write_organisations",
    "write_organisations_with_findings",
]

#: The IATI versions of organisation files read as such; others are read as 2.03, reported.
SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
#: The versions written (the shipped schema is 2.03's).
WRITTEN_VERSIONS = ("2.03",)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ROOT = "/iati-organisations"

#: Budget elements in the schema's order, with the record field each fills.
_BUDGETS = {
    "total-budget": "total_budgets",
    "recipient-org-budget": "recipient_org_budgets",
    "recipient-region-budget": "recipient_region_budgets",
    "recipient-country-budget": "recipient_country_budgets",
}
#: The children of ``iati-organisation`` in the schema's order.
_ORDER = (
    "organisation-identifier",
    "name",
    "reporting-org",
    *_BUDGETS,
    "total-expenditure",
    "document-link",
)
_RECIPIENT = {
    "recipient-org-budget": "recipient-org",
    "recipient-region-budget": "recipient-region",
    "recipient-country-budget": "recipient-country",
}
_LINE = {**dict.fromkeys(_BUDGETS, "budget-line"), "total-expenditure": "expense-line"}

#: Per element: the IATI children the schema allows in it, and those it allows once.
_CHILDREN: dict[str, frozenset[str]] = {
    "iati-organisation": frozenset(_ORDER),
    **dict.fromkeys(
        ("name", "reporting-org", "title", "description", "recipient-org", "recipient-region"),
        frozenset({"narrative"}),
    ),
    "recipient-country": frozenset({"narrative"}),
    "budget-line": frozenset({"value", "narrative"}),
    "expense-line": frozenset({"value", "narrative"}),
    **{
        tag: frozenset(
            {"period-start", "period-end", "value", _LINE[tag]} | set(_RECIPIENT.get(tag, "").split())
        )
        for tag in _LINE
    },
    "document-link": frozenset(
        {"title", "description", "category", "language", "document-date", "recipient-country"}
    ),
}
_SINGLE = frozenset(
    {
        "organisation-identifier",
        "name",
        "reporting-org",
        "period-start",
        "period-end",
        "value",
        "title",
        "description",
        "document-date",
        "recipient-org",
        "recipient-region",
    }
)
#: A child the schema allows once in this parent (and more often in others).
_ONCE_HERE = ("recipient-country", "recipient-country-budget")
_ATTRIBUTES: dict[str, frozenset[str]] = {
    "iati-organisation": frozenset({"last-updated-datetime", XML_LANG, "default-currency"}),
    "reporting-org": frozenset({"ref", "type", "secondary-reporter"}),
    **dict.fromkeys(_BUDGETS, frozenset({"status"})),
    "recipient-org": frozenset({"ref"}),
    "recipient-region": frozenset({"vocabulary", "vocabulary-uri", "code"}),
    "recipient-country": frozenset({"code"}),
    "period-start": frozenset({"iso-date"}),
    "period-end": frozenset({"iso-date"}),
    "document-date": frozenset({"iso-date"}),
    "value": frozenset({"currency", "value-date"}),
    "budget-line": frozenset({"ref"}),
    "expense-line": frozenset({"ref"}),
    "document-link": frozenset({"url", "format"}),
    "category": frozenset({"code"}),
    "language": frozenset({"code"}),
    "narrative": frozenset({XML_LANG}),
}
_STATUS = {"1": BudgetStatus.INDICATIVE, "2": BudgetStatus.COMMITTED}
_BOOLEAN = {"1": True, "true": True, "0": False, "false": False}
_DAY = re.compile(r"\s*(\d{4}-\d{2}-\d{2})(T[0-9:.]+)?(Z|[+-]\d{2}:?\d{2})?\s*")
_SLOT = re.compile(r"([A-Za-z_][\w.-]*)\[(\d{1,9})\]")


class _Unreadable(Exception):
    """The element (or one inside it) holds what the model cannot: kept verbatim, reported."""


# --- reading --------------------------------------------------------------------------------


def _verbatim(element: etree._Element) -> str:
    """The element as text, declaring only the namespaces it uses."""
    clone = copy.deepcopy(element)
    clone.tail = None
    etree.cleanup_namespaces(clone)
    return etree.tostring(clone, encoding="unicode", with_tail=False)


_GENERATED_PREFIX = re.compile(r"ns\d+")


def _declared(prefix: str | None) -> bool:
    """Whether a namespace declaration of ``prefix`` is kept (as ``@xmlns:prefix``).

    Not the default namespace, ``xml``, or a prefix of the form lxml makes up (``ns0``), which
    the writer makes up again for the namespace that needs one.
    """
    return prefix is not None and prefix != "xml" and _GENERATED_PREFIX.fullmatch(prefix) is None


def _foreign_name(element: etree._Element) -> str:
    """``prefix:local`` of a namespaced element when it has a prefix, else ``{uri}local``."""
    tag = str(element.tag)
    if element.prefix:
        return f"{element.prefix}:{etree.QName(element).localname}"
    return tag


class _Context:
    """Reading state of one record: its defaults, element, XPath and findings."""

    def __init__(self, index: int, element: etree._Element) -> None:
        self.path = f"{_ROOT}/iati-organisation[{index}]"
        self.element = element
        self.lang = "und"
        self.currency: str | None = None
        self.findings: list[Finding] = []

    def report(self, rule: str, severity: Severity, message: str, element: etree._Element) -> None:
        where = (
            f"{self.path} (line {element.sourceline})"
            if element is self.element
            else element_path(element, self.path, self.element)
        )
        self.findings.append(Finding(rule, severity, short_message(message), where))


def _keep_foreign(
    element: etree._Element,
    prefix: str,
    extras: list[Extra],
    ctx: _Context,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Keep what ``element`` (at ``prefix`` below its holder) holds that the schema does not type.

    Attributes and elements of other namespaces, anywhere below it but inside the children
    ``skip`` names (their own objects keep theirs); IATI content the schema does not define
    there is reported and kept the same way.
    """
    tag = str(element.tag)
    known = _ATTRIBUTES.get(tag, frozenset())
    for name, value in cast("dict[str, str]", dict(element.attrib)).items():
        if name in known and value.strip():
            continue
        if name in known or (name == XML_LANG and tag != "iati-organisation"):
            # A blank attribute states nothing: the model reads it as absent (a blank currency
            # as the default one, a blank vocabulary as IATI's default) and it is kept as it is,
            # so the writer puts it back. (An xml:lang above narratives is their language.)
            if name in known and name != XML_LANG:
                extras.append(Extra(f"{prefix}@{name}", value, ExtraFormat.XML))
            continue
        extras.append(Extra(f"{prefix}@{name}", value, ExtraFormat.XML))
        if not name.startswith("{"):
            ctx.report("iati.unmapped", Severity.WARNING, f"@{name} of {tag} is not IATI's: kept", element)
    if element.text and element.text.strip() and tag not in ("narrative", "value", "organisation-identifier"):
        ctx.report("iati.lenient.text", Severity.WARNING, f"text directly inside {tag} (ignored)", element)
    counts: dict[str, int] = {}
    allowed = _CHILDREN.get(tag, frozenset())
    for child in element:
        child_tag = child.tag
        if not isinstance(child_tag, str):
            continue
        number = counts[child_tag] = counts.get(child_tag, 0) + 1
        if child_tag.startswith("{"):
            extras.append(
                Extra(f"{prefix}{_foreign_name(child)}[{number}]", _verbatim(child), ExtraFormat.XML)
            )
            continue
        repeated = number > 1 and (child_tag in _SINGLE or (child_tag, tag) == _ONCE_HERE)
        if child_tag in skip and not repeated:
            continue
        if child_tag not in allowed or repeated:
            why = "another" if child_tag in allowed else "not an element of IATI 2.03 in"
            ctx.report("iati.unmapped", Severity.WARNING, f"{child_tag} is {why} {tag}: kept verbatim", child)
            extras.append(Extra(f"{prefix}{child_tag}[{number}]", _verbatim(child), ExtraFormat.XML))
            continue
        _keep_foreign(child, f"{prefix}{child_tag}[{number}]/", extras, ctx)


def _first(element: etree._Element, tag: str) -> etree._Element | None:
    for child in element:
        if child.tag == tag:
            return child
    return None


def _language(element: etree._Element, ctx: _Context) -> str:
    """The language of narratives below ``element`` that state none."""
    node: etree._Element | None = element
    while node is not None and node is not ctx.element:
        given = node.get(XML_LANG)
        if given is not None:
            lang = language_case(given)
            if not is_language_tag(lang):
                raise _Unreadable(f"xml:lang {given!r} of {node.tag} is no language tag")
            return lang
        node = node.getparent()
    return ctx.lang


def _texts(element: etree._Element | None, ctx: _Context) -> LocalizedText | None:
    """The ``narrative`` children of ``element`` as one text, ``None`` when none has text."""
    if element is None:
        return None
    texts: dict[str, str] = {}
    for child in element.iterchildren("narrative"):
        given = child.get(XML_LANG)
        if given is None:
            lang = _language(element, ctx)
        else:
            lang = language_case(given)
            if lang != given:
                ctx.report(
                    "iati.lenient.language-case",
                    Severity.WARNING,
                    f"xml:lang {given!r} should be lower case; read as {lang!r}",
                    child,
                )
            if not is_language_tag(lang):
                raise _Unreadable(f"a narrative of {element.tag} in {given!r}, which is no language tag")
        if len(child):
            raise _Unreadable(f"a narrative of {element.tag} holds elements")
        text = child.text
        if text is None or not text.strip():
            continue
        if lang in texts:  # (the model holds one text per language)
            raise _Unreadable(f"two narratives of {element.tag} in {lang!r}")
        texts[lang] = text
    if not texts and element.find("narrative") is not None:
        # only empty narratives: no text for the model, and an element the writer would leave out
        raise _Unreadable(f"the narratives of {element.tag} are empty")
    return LocalizedText(texts) if texts else None


def _day(element: etree._Element | None, attribute: str, ctx: _Context) -> dt.date | None:
    if element is None:
        return None
    text = element.get(attribute)
    if text is None:
        return None
    match = _DAY.fullmatch(text)
    if match is None:
        raise _Unreadable(f"@{attribute} {text!r} is no date YYYY-MM-DD")
    if match.group(2) or match.group(3):
        ctx.report(
            "iati.lenient.timezone",
            Severity.WARNING,
            f"@{attribute} {text!r} carries a time or time zone; read as the date {match.group(1)}",
            element,
        )
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        raise _Unreadable(f"@{attribute} {text!r} is no date") from None


def _money(element: etree._Element, ctx: _Context) -> tuple[Money, dt.date | None]:
    value = _first(element, "value")
    if value is None:
        raise _Unreadable(f"{element.tag} has no value")
    currency = value.get("currency") or ctx.currency
    if currency is None:
        raise _Unreadable("no currency: neither value/@currency nor @default-currency")
    if not is_currency(currency):
        raise _Unreadable(f"currency {currency!r} is not an ISO 4217 code")
    amount = read_decimal(value.text.strip() if value.text else None, "value")
    if amount is None:
        raise _Unreadable(f"the value of {element.tag} holds no amount")
    return Money(amount, currency), _day(value, "value-date", ctx)


def _period(element: etree._Element, ctx: _Context) -> Period:
    start = _day(_first(element, "period-start"), "iso-date", ctx)
    end = _day(_first(element, "period-end"), "iso-date", ctx)
    return Period(
        None if start is None else PartialDate.from_date(start),
        None if end is None else PartialDate.from_date(end),
    )


def _line(element: etree._Element, ctx: _Context) -> LineItem:
    extras: list[Extra] = []
    _keep_foreign(element, "", extras, ctx)
    amount, value_date = _money(element, ctx)
    ref = element.get("ref")
    return LineItem(amount, value_date, _texts(element, ctx), ref if ref and ref.strip() else None, extras)


def _country(element: etree._Element, ctx: _Context) -> CountryShare:
    extras: list[Extra] = []
    _keep_foreign(element, "", extras, ctx)
    code = element.get("code")
    if code is None:
        raise _Unreadable("recipient-country has no @code")
    return CountryShare(code, name=_texts(element, ctx), extras=extras)


def _budget(element: etree._Element, ctx: _Context) -> OrganisationBudget:
    tag = str(element.tag)
    line_tag = _LINE[tag]
    recipient_tag = _RECIPIENT.get(tag)
    extras: list[Extra] = []
    skip = {line_tag}
    recipient: dict[str, Any] = {}
    if recipient_tag is not None:
        target = _first(element, recipient_tag)
        if target is None:
            raise _Unreadable(f"{tag} has no {recipient_tag}")
        if recipient_tag == "recipient-country":
            skip.add(recipient_tag)
            recipient["recipient_country"] = _country(target, ctx)
        elif recipient_tag == "recipient-region":
            skip.add(recipient_tag)
            region_extras: list[Extra] = []
            _keep_foreign(target, "", region_extras, ctx)
            code = target.get("code")
            if code is None:
                raise _Unreadable("recipient-region has no @code")
            recipient["recipient_region"] = RegionShare(
                code,
                target.get("vocabulary") or "1",  # (IATI reads a missing vocabulary as 1)
                name=_texts(target, ctx),
                vocabulary_uri=target.get("vocabulary-uri"),
                extras=region_extras,
            )
        else:
            name = _texts(target, ctx)
            ref = target.get("ref")
            if name is None:
                raise _Unreadable("recipient-org has no name")
            key = ref.strip() if ref and ref.strip() else "recipient-org"
            recipient["recipient_org"] = Organisation(re.sub(r"\s+", "_", key), name, ref=ref)
    _keep_foreign(element, "", extras, ctx, frozenset(skip))
    status_text = element.get("status") if tag != "total-expenditure" else None
    status = None
    if status_text is not None:
        status = _STATUS.get(status_text.strip())
        if status is None:
            raise _Unreadable(f"@status {status_text!r} is not a BudgetStatus code (1 or 2)")
    amount, value_date = _money(element, ctx)
    lines = [_line(line, ctx) for line in element.iterchildren(line_tag)]
    return OrganisationBudget(
        _period(element, ctx), amount, value_date, status, lines, extras=extras, **recipient
    )


def _expenditure(element: etree._Element, ctx: _Context) -> OrganisationExpenditure:
    extras: list[Extra] = []
    _keep_foreign(element, "", extras, ctx, frozenset({"expense-line"}))
    amount, value_date = _money(element, ctx)
    lines = [_line(line, ctx) for line in element.iterchildren("expense-line")]
    return OrganisationExpenditure(_period(element, ctx), amount, value_date, lines, extras)


def _document(element: etree._Element, ctx: _Context) -> OrganisationDocument:
    extras: list[Extra] = []
    _keep_foreign(element, "", extras, ctx, frozenset({"recipient-country"}))
    url = element.get("url")
    if url is None or not url.strip():
        raise _Unreadable("document-link has no @url")
    codes = {
        tag: tuple(code for child in element.iterchildren(tag) if (code := child.get("code")) is not None)
        for tag in ("category", "language")
    }
    date = _day(_first(element, "document-date"), "iso-date", ctx)
    texts = {tag: _texts(_first(element, tag), ctx) for tag in ("title", "description")}
    for tag, text in texts.items():
        if text is None and _first(element, tag) is not None:
            raise _Unreadable(f"the {tag} of document-link has no narrative")
    link = DocumentLink(
        url,
        texts["title"],
        categories=codes["category"],
        languages=codes["language"],
        format=element.get("format"),
        description=texts["description"],
        date=None if date is None else PartialDate.from_date(date),
        extras=extras,
    )
    countries = [_country(child, ctx) for child in element.iterchildren("recipient-country")]
    return OrganisationDocument(link, countries)


def _reporting_org(element: etree._Element, ctx: _Context) -> tuple[Organisation, bool | None]:
    name = _texts(element, ctx)
    ref = element.get("ref")
    if name is None:
        raise _Unreadable("reporting-org has no name (narrative)")
    key = re.sub(r"\s+", "_", ref.strip()) if ref and ref.strip() else "reporting-org"
    secondary = element.get("secondary-reporter")
    flag = None
    if secondary is not None:
        if secondary.strip().lower() not in _BOOLEAN:
            raise _Unreadable(f"@secondary-reporter {secondary!r} is not a boolean")
        flag = _BOOLEAN[secondary.strip().lower()]
    return Organisation(key, name, ref=ref, type=element.get("type")), flag


def _record_attributes(element: etree._Element, ctx: _Context, extras: list[Extra]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for prefix, uri in element.nsmap.items():
        parent = element.getparent()
        inherited = parent.nsmap if parent is not None else {}
        if _declared(prefix) and inherited.get(prefix) != uri:
            extras.append(Extra(f"@xmlns:{prefix}", uri, ExtraFormat.XML))
    lang = element.get(XML_LANG)
    if lang is not None:
        fixed = language_case(lang)
        if fixed != lang:
            ctx.report(
                "iati.lenient.language-case",
                Severity.WARNING,
                f"xml:lang {lang!r} should be lower case",
                element,
            )
        if is_language_tag(fixed):
            ctx.lang = fields["language"] = fixed
        else:
            ctx.report(
                "iati.lenient.language",
                Severity.WARNING,
                f"xml:lang {lang!r} of the record is not a language tag (kept as it is)",
                element,
            )
            extras.append(Extra(f"@{XML_LANG}", lang, ExtraFormat.XML))
    currency = element.get("default-currency")
    if currency is not None:
        if is_currency(currency):
            ctx.currency = fields["default_currency"] = currency
        else:
            ctx.report(
                "iati.lenient.currency",
                Severity.WARNING,
                f"@default-currency {currency!r} is not an ISO 4217 code (kept as it is)",
                element,
            )
            extras.append(Extra("@default-currency", currency, ExtraFormat.XML))
    updated = element.get("last-updated-datetime")
    if updated is not None:
        try:
            fields["last_updated"] = to_datetime(updated.strip().replace("Z", "+00:00"), "last_updated")
        except InvalidValueError:
            ctx.report(
                "iati.lenient.datetime",
                Severity.WARNING,
                f"@last-updated-datetime {updated!r} is not an ISO 8601 date and time (kept as it is)",
                element,
            )
            extras.append(Extra("@last-updated-datetime", updated, ExtraFormat.XML))
    return fields


def read_record(element: etree._Element, index: int) -> tuple[OrganisationRecord, tuple[Finding, ...]]:
    """Convert one ``iati-organisation`` element (the ``index``-th of its file, from 1)."""
    ctx = _Context(index, element)
    extras: list[Extra] = []
    fields = _record_attributes(element, ctx, extras)
    lists: dict[str, list[Any]] = {field: [] for field in (*_BUDGETS.values(), "expenditures", "documents")}
    counts: dict[str, int] = {}
    for name, value in cast("dict[str, str]", dict(element.attrib)).items():
        if name not in _ATTRIBUTES["iati-organisation"]:
            extras.append(Extra(f"@{name}", value, ExtraFormat.XML))
            if not name.startswith("{"):
                ctx.report("iati.unmapped", Severity.WARNING, f"@{name} is not IATI's: kept", element)
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        number = counts[tag] = counts.get(tag, 0) + 1
        slot = f"{tag}[{number}]"
        if tag.startswith("{"):
            extras.append(Extra(f"{_foreign_name(child)}[{number}]", _verbatim(child), ExtraFormat.XML))
            continue
        if tag not in _CHILDREN["iati-organisation"] or (tag in _SINGLE and number > 1):
            what = "another" if tag in _SINGLE else "not an element of IATI 2.03 in"
            ctx.report(
                "iati.unmapped", Severity.WARNING, f"{tag} is {what} iati-organisation: kept verbatim", child
            )
            extras.append(Extra(slot, _verbatim(child), ExtraFormat.XML))
            continue
        try:
            if tag == "organisation-identifier":
                own: list[Extra] = []
                _keep_foreign(child, f"{slot}/", own, ctx)
                text = child.text or ""
                if not text.strip():
                    raise _Unreadable("organisation-identifier is empty")
                fields["identifier"] = text  # as published: white space around it is a finding (1.12.1)
                extras.extend(own)
            elif tag == "name":
                own = []
                _keep_foreign(child, f"{slot}/", own, ctx)
                title = _texts(child, ctx)
                if title is None:
                    raise _Unreadable("name has no narrative with text")
                fields["name"] = title
                extras.extend(own)
            elif tag == "reporting-org":
                own = []
                _keep_foreign(child, f"{slot}/", own, ctx)
                fields["reporting_org"], fields["secondary_reporter"] = _reporting_org(child, ctx)
                extras.extend(own)
            elif tag in _BUDGETS:
                lists[_BUDGETS[tag]].append(_budget(child, ctx))
            elif tag == "total-expenditure":
                lists["expenditures"].append(_expenditure(child, ctx))
            else:
                lists["documents"].append(_document(child, ctx))
        except (_Unreadable, InvalidValueError, ValueError) as why:
            ctx.report("iati.unmapped", Severity.WARNING, f"{tag} kept verbatim only: {why}", child)
            extras.append(Extra(slot, _verbatim(child), ExtraFormat.XML))
    for required, field in (
        ("organisation-identifier", "identifier"),
        ("name", "name"),
        ("reporting-org", "reporting_org"),
    ):
        if field not in fields and required not in counts:
            ctx.report("iati.required", Severity.WARNING, f"the record has no {required}", element)
    record = OrganisationRecord(**fields, **cast("dict[str, Any]", lists), extras=extras)
    return record, tuple(ctx.findings)


class _Reader:
    """One pass over a source: the root's extras, and findings not yet handed out."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = source_name(source)
        self.root: etree._Element | None = None
        self.root_extras: list[Extra] = []
        self.generated: dt.datetime | None = None
        self.pending: list[Finding] = []
        self.root_counts: dict[str, int] = {}
        self.strays = 0

    def _start(self, root: etree._Element) -> None:
        where = f"{_ROOT} (line {root.sourceline})"
        if root.tag != "iati-organisations":
            self.pending.append(
                Finding(
                    "iati.lenient.root",
                    Severity.WARNING,
                    short_message(f"the root element is {root.tag!r}, not iati-organisations"),
                    "/",
                )
            )
            if root.tag == "iati-organisation":
                return  # (its attributes are the record's)
        version = root.get("version")
        if version is None:
            self.pending.append(
                Finding("iati.lenient.version-missing", Severity.WARNING, "no @version; read as 2.03", where)
            )
        elif version.strip() not in SUPPORTED_VERSIONS:
            self.pending.append(
                Finding(
                    "iati.version",
                    Severity.WARNING,
                    short_message(f"version {version!r} is not 2.01-2.03; read as 2.03"),
                    where,
                )
            )
        for prefix, uri in root.nsmap.items():
            if _declared(prefix):
                self.root_extras.append(Extra(f"@xmlns:{prefix}", uri, ExtraFormat.XML))
        for name, value in cast("dict[str, str]", dict(root.attrib)).items():
            if name == "generated-datetime":
                try:
                    self.generated = to_datetime(value.strip().replace("Z", "+00:00"), "generated")
                    continue
                except InvalidValueError:
                    self.pending.append(
                        Finding(
                            "iati.lenient.datetime",
                            Severity.WARNING,
                            short_message(
                                f"@generated-datetime {value!r} is no date and time (kept as it is)"
                            ),
                            where,
                        )
                    )
            if name != "version":
                self.root_extras.append(Extra(f"@{name}", value, ExtraFormat.XML))

    def _other(self, element: etree._Element) -> None:
        """A child of the root that is no record: kept when namespaced, else reported."""
        tag = element.tag
        if not isinstance(tag, str):
            return
        number = self.root_counts[tag] = self.root_counts.get(tag, 0) + 1
        if tag.startswith("{"):
            self.root_extras.append(
                Extra(f"{_foreign_name(element)}[{number}]", _verbatim(element), ExtraFormat.XML)
            )
            return
        self.strays += 1
        self.pending.append(
            Finding(
                "iati.lenient.root-child",
                Severity.WARNING,
                short_message(f"{tag} under the root is not an iati-organisation (ignored)"),
                f"{_ROOT}/{tag}[{number}] (line {element.sourceline})",
            )
        )

    def _drop_before(self, last: etree._Element | None) -> None:
        root = self.root
        if root is None:
            return
        for child in list(root):
            if child is last:
                break
            if child.tag != "iati-organisation":
                self._other(child)
            root.remove(child)

    def records(self) -> Iterator[tuple[OrganisationRecord, tuple[Finding, ...]]]:
        index = 0
        depth = 0
        for event, element in iterparse(self.source, ("iati-organisations", "iati-organisation")):
            if self.root is None:
                self.root = element.getroottree().getroot()
                self._start(self.root)
            if element.tag == "iati-organisations" and element is self.root:
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth > 0 or (element.getparent() is not self.root and element is not self.root):
                continue  # inside another element: kept with it
            index += 1
            if element is self.root:  # a lone iati-organisation as the root
                record, findings = read_record(element, index)
            else:
                self._drop_before(element)
                record, findings = read_record(element, index)
                element.clear()
            if self.pending:
                findings = (*self.pending, *findings)
                self.pending = []
            yield record, findings
        if self.root is not None and self.root.tag == "iati-organisations":
            self._drop_before(None)


def iter_organisations(source: Source) -> Iterator[tuple[OrganisationRecord, tuple[Finding, ...]]]:
    """Stream ``(record, findings)`` from an IATI organisation file, in bounded memory.

    Findings about the file (its root, elements before a record) come with the next record;
    those about what follows the last one only :func:`read_organisations_with_findings` reports.

    Raises:
        LoadError: the input is not well-formed XML, declares a DTD, or has no
            ``iati-organisations`` element; or the path names no readable file.
    """
    yield from _Reader(source).records()


def read_organisations_with_findings(source: Source) -> tuple[OrganisationFile, tuple[Finding, ...]]:
    """Read a whole organisation file, with the reading findings.

    Example:
        >>> import io
        >>> xml = b'''<iati-organisations version="2.03"><iati-organisation default-currency="EUR">
        ...   <organisation-identifier>XM-EX-1</organisation-identifier>
        ...   <name><narrative xml:lang="EN">Example</narrative></name>
        ...   <reporting-org ref="XM-EX-1" type="40"><narrative>Example</narrative></reporting-org>
        ...   <total-budget status="9"><period-start iso-date="2024-01-01"/>
        ...     <period-end iso-date="2024-12-31"/><value value-date="2024-01-01">10</value></total-budget>
        ...   <total-budget><period-start iso-date="2025-01-01"/><period-end iso-date="2025-12-31"/>
        ...     <value value-date="2025-01-01">1000.50</value></total-budget>
        ... </iati-organisation></iati-organisations>'''
        >>> file, findings = read_organisations_with_findings(io.BytesIO(xml))
        >>> file["XM-EX-1"].total_budgets[0].amount
        Money('1000.50', 'EUR')
        >>> [(f.rule, f.path) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
        [('iati.lenient.language-case', '/iati-organisations/iati-organisation[1]/name[1]/narrative[1] (line 3)'),
         ('iati.unmapped', '/iati-organisations/iati-organisation[1]/total-budget[1] (line 5)')]
        >>> [extra.path for extra in file.records[0].extras]
        ['total-budget[1]']
    """
    reader = _Reader(source)
    records: list[OrganisationRecord] = []
    findings: list[Finding] = []
    for record, found in reader.records():
        records.append(record)
        findings.extend(found)
    findings.extend(reader.pending)
    if not records:
        findings.append(Finding("iati.empty", Severity.WARNING, "the file holds no iati-organisation", _ROOT))
    return OrganisationFile(records, reader.generated, reader.root_extras), tuple(findings)


def read_organisations(source: Source) -> OrganisationFile:
    """Read an IATI organisation file; :func:`read_organisations_with_findings` also says what was lenient."""
    return read_organisations_with_findings(source)[0]


# --- the schema -------------------------------------------------------------------------------


@cache
def organisation_schema() -> etree.XMLSchema:
    """The IATI 2.03 organisations schema shipped with the package, loaded once."""
    from itaproj.iati.schema import schema_dir

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.parse(str(schema_dir() / "iati-organisations-schema.xsd"), parser)
    return etree.XMLSchema(document)


def _schema_findings(schema: etree.XMLSchema, prefix: str = "", line_offset: int = 0) -> list[Finding]:
    found = []
    for entry in cast("Iterable[Any]", schema.error_log):
        path = str(entry.path)
        if prefix and path.startswith("/iati-organisation"):
            path = prefix + path[len("/iati-organisation") :]
        found.append(
            Finding("iati.schema", Severity.ERROR, entry.message, f"{path} (line {entry.line + line_offset})")
        )
    return found


def validate_organisations_schema(source: Source) -> tuple[Finding, ...]:
    """Findings of the IATI 2.03 organisations schema (rule ``iati.schema``); empty when valid.

    A file that is not well-formed gives ``iati.xml`` errors.

    Raises:
        LoadError: ``source`` is a path that names no readable file.

    Example:
        >>> import io
        >>> validate_organisations_schema(io.BytesIO(b'<iati-organisations version="2.03"/>'))[0].rule
        'iati.schema'
    """
    with open_source(source) as stream:
        try:
            tree = parse_tree(stream)
        except LoadError as error:
            return tuple(
                Finding("iati.xml", Severity.ERROR, issue.message, issue.path) for issue in error.issues
            )
    schema = organisation_schema()
    if schema.validate(tree):
        return ()
    return tuple(_schema_findings(schema))


# --- writing ----------------------------------------------------------------------------------


class _Writing:
    """The problems (values XML cannot hold) and findings of one write."""

    def __init__(self, check_schema: bool) -> None:
        self.check_schema = check_schema
        self.issues: list[LoadIssue] = []
        self.findings: list[Finding] = []

    def find(self, rule: str, severity: Severity, message: str, path: str) -> None:
        self.findings.append(Finding(f"iati.write.{rule}", severity, message, path))


def _steps(path: str) -> list[str]:
    """The steps of an extra's path: ``a[1]``, ``{uri}b[2]``, ``@{uri}c`` (URIs may hold slashes)."""
    steps: list[str] = []
    start = 0
    depth = 0
    for position, char in enumerate(path):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "/" and depth == 0:
            steps.append(path[start:position])
            start = position + 1
    steps.append(path[start:])
    return steps


def _split_step(step: str) -> tuple[str, int] | None:
    end = step.rfind("[")
    if end <= 0 or not step.endswith("]") or not step[end + 1 : -1].isdigit():
        return None
    return step[:end], int(step[end + 1 : -1])


def _child(element: etree._Element, tag: str, number: int) -> etree._Element | None:
    count = 0
    for child in element:
        if child.tag == tag:
            count += 1
            if count == number:
                return child
    return None


def _qualified(name: str, nsmap: dict[Any, str]) -> str:
    """``p:local`` -> ``{uri}local`` with the namespaces in scope; other names as they are."""
    if name.startswith("{") or ":" not in name:
        return name
    prefix, local = name.split(":", 1)
    if prefix == "xml":
        return "{http://www.w3.org/XML/1998/namespace}" + local
    uri = nsmap.get(prefix)
    return f"{{{uri}}}{local}" if uri else name


def _put_extras(
    element: etree._Element, extras: Iterable[Extra], writing: _Writing, path: str, slots: bool = False
) -> None:
    """Put each kept extra back where its path says, below ``element``.

    ``slots``: paths ``tag[n]`` of IATI elements are placed by the caller (kept records' children).
    """
    for index, extra in enumerate(extras):
        where = f"{path}.extras[{index}]"
        if extra.format is not ExtraFormat.XML:
            writing.find("extra", Severity.WARNING, "a JSON extra has no place in IATI XML: left out", where)
            continue
        steps = _steps(extra.path)
        last = steps[-1]
        if last.startswith("@xmlns:"):
            continue  # (declared when the element was made)
        if (
            slots
            and len(steps) == 1
            and not last.startswith("@")
            and not last.startswith("{")
            and ":" not in last
        ):
            continue
        target: etree._Element | None = element
        for step in steps[:-1]:
            split = _split_step(step)
            if split is None or target is None:
                target = None
                break
            target = _child(target, _qualified(split[0], target.nsmap), split[1])
        if target is None:
            writing.find(
                "extra",
                Severity.WARNING,
                short_message(f"kept content at {extra.path!r} has no element to go in: left out"),
                where,
            )
            continue
        try:
            if last.startswith("@"):
                target.set(_qualified(last[1:], target.nsmap), extra.value)
                continue
            node = parse_fragment(extra.value)
        except (etree.XMLSyntaxError, ValueError, TypeError) as error:
            writing.issues.append(LoadIssue(where, short_message(f"not XML that can be written: {error}")))
            continue
        if target.tag == "document-link":
            first = _child(target, "recipient-country", 1)
            if first is not None:
                first.addprevious(node)
                continue
        target.append(node)


def _sub(parent: etree._Element, tag: str, attributes: dict[str, str] | None = None) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for name, value in (attributes or {}).items():
        element.set(name, value)
    return element


def _narratives(parent: etree._Element, text: LocalizedText | None, lang: str | None) -> None:
    if text is None:
        return
    for language in text.languages:
        narrative = _sub(parent, "narrative", {} if language == lang else {XML_LANG: language})
        narrative.text = text.texts[language]


def _day_text(date: PartialDate | None) -> str | None:
    if date is None or date.day is None:
        return None
    return date.isoformat()


class _RecordWriter:
    """One record as an lxml element, with what IATI cannot carry and what it lacks as findings."""

    def __init__(
        self, record: OrganisationRecord, path: str, writing: _Writing, nsmap: dict[Any, str]
    ) -> None:
        self.record = record
        self.path = path
        self.writing = writing
        self.nsmap = nsmap
        self.lang = record.language or "und"  # (narratives in no stated language state none)
        self.currency = record.default_currency

    def _error(self, rule: str, message: str, path: str) -> None:
        self.writing.find(rule, Severity.ERROR, message, path)

    def _value(self, parent: etree._Element, amount: Money, value_date: dt.date | None, path: str) -> bool:
        if not amount.is_exact:
            self.writing.find(
                "bounded-amount",
                Severity.WARNING,
                f"{amount} is not an exact amount (IATI values are exact): not written",
                f"{path}.amount",
            )
            return False
        attributes = {} if amount.currency == self.currency else {"currency": amount.currency}
        if value_date is None:
            self._error("value-date", "IATI requires a value date: set value_date", f"{path}.value_date")
        else:
            attributes["value-date"] = value_date.isoformat()
        try:
            text = decimal_text(amount.amount)
        except InvalidValueError as error:
            self.writing.issues.append(LoadIssue(f"{path}.amount", str(error)))
            return False
        _sub(parent, "value", attributes).text = text
        return True

    def _period(self, parent: etree._Element, period: Period, path: str) -> bool:
        for _tag, date, field in (("period-start", period.start, "start"), ("period-end", period.end, "end")):
            if date is not None and date.day is None:
                self.writing.find(
                    "partial-date",
                    Severity.WARNING,
                    f"{date} is a {date.precision.name.lower()}, not a day (IATI dates are days): not written",
                    f"{path}.period.{field}",
                )
                return False
        for tag, date, field in (("period-start", period.start, "start"), ("period-end", period.end, "end")):
            text = _day_text(date)
            if text is None:
                self._error("period", f"IATI requires a {tag}: set period.{field}", f"{path}.period.{field}")
            else:
                _sub(parent, tag, {"iso-date": text})
        return True

    def _line(self, parent: etree._Element, tag: str, line: LineItem, path: str) -> None:
        element = etree.Element(tag)
        if line.ref is not None:
            element.set("ref", line.ref)
        if not self._value(element, line.amount, line.value_date, path):
            return
        if line.label is None:
            self._error("narrative", "IATI requires a text for each line: set label", f"{path}.label")
        _narratives(element, line.label, self.lang)
        _put_extras(element, line.extras, self.writing, path)
        parent.append(element)

    def _country(self, parent: etree._Element, country: CountryShare, path: str) -> None:
        element = _sub(parent, "recipient-country", {"code": country.country})
        _narratives(element, country.name, self.lang)
        _put_extras(element, country.extras, self.writing, path)

    def budget(self, budget: OrganisationBudget, path: str) -> etree._Element | None:
        element = etree.Element(budget.kind)
        if budget.status is not None:
            element.set("status", budget.status.iati_code)
        if budget.recipient_org is not None:
            org = budget.recipient_org
            target = _sub(element, "recipient-org", {} if org.ref is None else {"ref": org.ref})
            _narratives(target, org.name, self.lang)
        elif budget.recipient_region is not None:
            region = budget.recipient_region
            attributes = {"vocabulary": region.vocabulary}
            if region.vocabulary_uri is not None:
                attributes["vocabulary-uri"] = region.vocabulary_uri
            attributes["code"] = region.code
            target = _sub(element, "recipient-region", attributes)
            _narratives(target, region.name, self.lang)
            _put_extras(target, region.extras, self.writing, f"{path}.recipient_region")
        elif budget.recipient_country is not None:
            self._country(element, budget.recipient_country, f"{path}.recipient_country")
        if not self._period(element, budget.period, path):
            return None
        if not self._value(element, budget.amount, budget.value_date, path):
            return None
        for index, line in enumerate(budget.lines):
            self._line(element, "budget-line", line, f"{path}.lines[{index}]")
        _put_extras(element, budget.extras, self.writing, path)
        return element

    def expenditure(self, spent: OrganisationExpenditure, path: str) -> etree._Element | None:
        element = etree.Element("total-expenditure")
        if not self._period(element, spent.period, path):
            return None
        if not self._value(element, spent.amount, spent.value_date, path):
            return None
        for index, line in enumerate(spent.lines):
            self._line(element, "expense-line", line, f"{path}.lines[{index}]")
        _put_extras(element, spent.extras, self.writing, path)
        return element

    def document(self, document: OrganisationDocument, path: str) -> etree._Element:
        link = document.link
        element = etree.Element("document-link")
        element.set("url", link.url)
        if link.format is None:
            self._error(
                "document-format", "IATI requires a document's format: set link.format", f"{path}.link"
            )
        else:
            element.set("format", link.format)
        if link.title is None:
            self._error("document-title", "IATI requires a document's title: set link.title", f"{path}.link")
        else:
            _narratives(_sub(element, "title"), link.title, self.lang)
        if link.description is not None:
            _narratives(_sub(element, "description"), link.description, self.lang)
        if not link.categories:
            self._error(
                "document-category",
                "IATI requires a document's category: set link.categories",
                f"{path}.link",
            )
        for code in link.categories:
            _sub(element, "category", {"code": code})
        for code in link.languages:
            _sub(element, "language", {"code": code})
        if link.date is not None:
            text = _day_text(link.date)
            if text is None:
                self.writing.find(
                    "partial-date",
                    Severity.WARNING,
                    f"{link.date} is not a day (IATI dates are days): the document date is not written",
                    f"{path}.link.date",
                )
            else:
                _sub(element, "document-date", {"iso-date": text})
        for index, country in enumerate(document.recipient_countries):
            self._country(element, country, f"{path}.recipient_countries[{index}]")
        _put_extras(element, link.extras, self.writing, f"{path}.link")
        return element

    def element(self) -> etree._Element:
        record = self.record
        path = self.path
        nsmap = dict(self.nsmap)
        for extra in record.extras:
            if extra.path.startswith("@xmlns:"):
                nsmap[extra.path[len("@xmlns:") :]] = extra.value
        element = etree.Element("iati-organisation", nsmap=cast("Any", nsmap) or None)
        if record.last_updated is not None:
            element.set("last-updated-datetime", record.last_updated.isoformat())
        if record.language is not None:
            element.set(XML_LANG, record.language)
        if record.default_currency is not None:
            element.set("default-currency", record.default_currency)
        kept: dict[str, dict[int, Extra]] = {}
        for extra in record.extras:
            split = _split_step(extra.path) if "/" not in extra.path else None
            if split is not None and split[0] in _ORDER:
                kept.setdefault(split[0], {})[split[1]] = extra
        children: dict[str, list[etree._Element]] = {tag: [] for tag in _ORDER}
        if record.identifier is None:
            if "organisation-identifier" not in kept:
                self._error("identifier", "IATI requires an organisation identifier: set identifier", path)
        else:
            identifier = etree.Element("organisation-identifier")
            identifier.text = record.identifier
            children["organisation-identifier"].append(identifier)
        if record.name is None:
            if "name" not in kept:
                self._error("name", "IATI requires the organisation's name: set name", path)
        else:
            name = etree.Element("name")
            _narratives(name, record.name, self.lang)
            children["name"].append(name)
        org = record.reporting_org
        if org is None:
            if "reporting-org" not in kept:
                self._error(
                    "reporting-org", "IATI requires a reporting organisation: set reporting_org", path
                )
        else:
            reporting = etree.Element("reporting-org")
            if org.ref is None:
                self._error(
                    "reporting-org",
                    "IATI requires the reporting organisation's ref",
                    f"{path}.reporting_org.ref",
                )
            else:
                reporting.set("ref", org.ref)
            if org.type is None:
                self._error(
                    "reporting-org",
                    "IATI requires the reporting organisation's type",
                    f"{path}.reporting_org.type",
                )
            else:
                reporting.set("type", org.type)
            if record.secondary_reporter is not None:
                reporting.set("secondary-reporter", "1" if record.secondary_reporter else "0")
            _narratives(reporting, org.name, self.lang)
            children["reporting-org"].append(reporting)
        for tag, field in _BUDGETS.items():
            for index, budget in enumerate(getattr(record, field)):
                built = self.budget(budget, f"{path}.{field}[{index}]")
                if built is not None:
                    children[tag].append(built)
        for index, spent in enumerate(record.expenditures):
            built = self.expenditure(spent, f"{path}.expenditures[{index}]")
            if built is not None:
                children["total-expenditure"].append(built)
        for index, document in enumerate(record.documents):
            children["document-link"].append(self.document(document, f"{path}.documents[{index}]"))
        for tag in _ORDER:
            typed = iter(children[tag])
            slots = kept.get(tag, {})
            total = len(children[tag]) + len(slots)
            for position in range(1, total + 1):
                slot = slots.get(position)
                if slot is None:
                    element.append(next(typed))
                    continue
                try:
                    element.append(parse_fragment(slot.value))
                except (etree.XMLSyntaxError, ValueError) as error:
                    where = f"{path}.extras[{record.extras.index(slot)}]"
                    self.writing.issues.append(
                        LoadIssue(where, short_message(f"not one XML element: {error}"))
                    )
            element.extend(typed)
        _put_extras(element, record.extras, self.writing, path, slots=True)
        return element


def _root_element(file: OrganisationFile, version: str) -> etree._Element:
    nsmap = {
        extra.path[len("@xmlns:") :]: extra.value for extra in file.extras if extra.path.startswith("@xmlns:")
    }
    root = etree.Element("iati-organisations", nsmap=cast("Any", nsmap) or None)
    root.set("version", version)
    if file.generated is not None:
        root.set("generated-datetime", file.generated.isoformat())
    return root


def _write(file: OrganisationFile, stream: IO[bytes], version: str, writing: _Writing) -> None:
    root = _root_element(file, version)
    nsmap = cast("dict[Any, str]", dict(root.nsmap))
    try:
        for extra in file.extras:
            if extra.path.startswith("@") and not extra.path.startswith("@xmlns:"):
                root.set(_qualified(extra.path[1:], nsmap), extra.value)
    except (ValueError, TypeError) as error:
        writing.issues.append(LoadIssue("$.extras", short_message(str(error))))
    head = etree.tostring(root, encoding="unicode")
    head = head[:-2] + ">" if head.endswith("/>") else head[: head.rfind("</")]
    stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(head.encode("utf-8") + b"\n")
    lines = 2
    schema = organisation_schema() if writing.check_schema else None
    for index, record in enumerate(file.records):
        path = f"$.records[{index}]"
        try:
            element = _RecordWriter(record, path, writing, nsmap).element()
            data = etree.tostring(element, encoding="UTF-8", xml_declaration=False)
        except (ValueError, TypeError) as error:
            writing.issues.append(LoadIssue(path, short_message(f"cannot be written as XML: {error}")))
            continue
        if schema is not None:
            # validated as parsed from the bytes written, so lines count in the output
            parsed = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
            if not schema.validate(parsed):
                writing.findings.extend(
                    _schema_findings(schema, f"{_ROOT}/iati-organisation[{index + 1}]", lines)
                )
        stream.write(data + b"\n")
        lines += data.count(b"\n") + 1
    tail = b""
    for index, extra in enumerate(file.extras):
        if extra.path.startswith("@"):
            continue
        try:
            node = parse_fragment(extra.value)
            tail += etree.tostring(node, encoding="UTF-8") + b"\n"
        except (etree.XMLSyntaxError, ValueError) as error:
            writing.issues.append(
                LoadIssue(f"$.extras[{index}]", short_message(f"not one XML element: {error}"))
            )
    stream.write(tail + b"</iati-organisations>\n")
    if schema is not None and not file.records:
        empty = etree.fromstring(head.encode("utf-8") + b"</iati-organisations>")
        if not schema.validate(empty):
            writing.findings.extend(_schema_findings(schema))


def _as_file(records: OrganisationFile | Iterable[OrganisationRecord]) -> OrganisationFile:
    if isinstance(records, OrganisationFile):
        return records
    return OrganisationFile(tuple(records))


def _write_to(
    records: OrganisationFile | Iterable[OrganisationRecord],
    target: Source,
    version: str,
    writing: _Writing,
) -> None:
    if version not in WRITTEN_VERSIONS:
        raise InvalidValueError("version", version, f"be one of {', '.join(WRITTEN_VERSIONS)}")
    from itaproj.iati import WriteError

    file = _as_file(records)
    name = source_name(target)
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as buffer:
        _write(file, cast("IO[bytes]", buffer), version, writing)
        if writing.issues:
            raise WriteError(writing.issues, name)
        buffer.seek(0)
        if not isinstance(target, (str, os.PathLike)):
            shutil.copyfileobj(buffer, target)
            return
        from itaproj.io._atomic import atomic_output

        try:
            with atomic_output(target) as stream:
                shutil.copyfileobj(buffer, stream)
        except OSError as error:
            raise WriteError(
                [LoadIssue(name, f"cannot be written: {error.strerror or error}")], name
            ) from None
        except ValueError as error:
            raise WriteError([LoadIssue(repr(name), f"not a usable path: {error}")], repr(name)) from None


def write_organisations(
    records: OrganisationFile | Iterable[OrganisationRecord], target: Source, *, version: str = "2.03"
) -> None:
    """Write organisation records as an IATI organisation file, all of it or nothing.

    Raises:
        WriteError: a value IATI XML cannot hold (each with its ``$``-path), or a path that
            cannot be written; nothing was written.
        InvalidValueError: a ``version`` other than ``"2.03"``.
    """
    _write_to(records, target, version, _Writing(check_schema=False))


def write_organisations_with_findings(
    records: OrganisationFile | Iterable[OrganisationRecord],
    target: Source,
    *,
    version: str = "2.03",
    check_schema: bool = True,
) -> tuple[Finding, ...]:
    """Write like :func:`write_organisations`; say what IATI cannot carry or the model lacks, as findings.

    - warnings ``iati.write.*``: what IATI cannot carry, left out (a bounded amount, a date
      known only to the year or month), and kept content with no place left for it;
    - errors ``iati.write.*``: what the schema requires that a record lacks (an identifier, a
      name, a reporting organisation's ref or type, a value date, a line's text, a
      document's title, format or category): written without it, each naming the field to set;
    - errors ``iati.schema`` (when ``check_schema``): the organisations schema's findings of the
      output, each record validated as it is written, at its XPath and line in the output.

    Example:
        >>> import attrs, io
        >>> from itaproj import Money, Organisation, Period
        >>> from itaproj.organisation_file import OrganisationBudget, OrganisationRecord
        >>> me = Organisation("XM-EX-1", {"en": "Example"}, ref="XM-EX-1", type="40")
        >>> budget = OrganisationBudget(Period.parse("2024-01-01", "2024-12-31"), Money(10, "EUR"))
        >>> record = OrganisationRecord("XM-EX-1", {"en": "Example"}, reporting_org=me,
        ...                             default_currency="EUR", total_budgets=[budget])
        >>> out = io.BytesIO()
        >>> [(f.rule, f.path) for f in write_organisations_with_findings([record], out)][:1]
        [('iati.write.value-date', '$.records[0].total_budgets[0].value_date')]
        >>> budget = attrs.evolve(budget, value_date="2024-01-01")
        >>> write_organisations_with_findings([attrs.evolve(record, total_budgets=[budget])], out)
        ()
    """
    writing = _Writing(check_schema)
    _write_to(records, target, version, writing)
    return tuple(writing.findings)
