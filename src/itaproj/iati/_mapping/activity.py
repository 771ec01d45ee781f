"""The activity's own parts: title, identifier, descriptions, reporting organisation, default finance classification and attributes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from itaproj.codelists import code_bindings, codelist
from itaproj.errors import InvalidValueError
from itaproj.finance import (
    AidType,
    FinanceClassification,
)
from itaproj.money import is_currency
from itaproj.org import Organisation
from itaproj.period import to_datetime
from itaproj.programme import (
    Description,
    DescriptionKind,
    Programme,
)
from itaproj.text import LocalizedText, is_language_tag

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.core import (
    XML_LANG,
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _put,
    decimal_text,
    language_case,
    narrative_nodes,
    narratives,
    read_decimal,
)
from itaproj.iati._mapping.orgs import _org_key

# --- title, identifier and descriptions ------------------------------------------------------


def read_identifier(element: etree._Element, ctx: ReadContext) -> str:
    """``iati-identifier`` -> its text."""
    text = element.text
    if text is None or not text.strip():
        raise InvalidValueError("iati-identifier", text, "be a non-empty identifier")
    return text


def write_identifier(identifier: str, ctx: WriteContext) -> Node:
    """An identifier -> ``iati-identifier``."""
    return ("iati-identifier", {}, identifier, [])


def read_title(element: etree._Element, ctx: ReadContext) -> LocalizedText:
    """``title`` -> its narratives."""
    title = narratives(element, ctx)
    if title is None:
        raise InvalidValueError("title", None, "have a narrative with text")
    return title


def write_title(title: LocalizedText, ctx: WriteContext) -> Node:
    """A title -> ``title``."""
    return ("title", {}, None, narrative_nodes(title, ctx))


_DESCRIPTION_KINDS = {kind.iati_code: kind for kind in DescriptionKind}


def read_description(element: etree._Element, ctx: ReadContext) -> Description:
    """``description`` of any DescriptionType (1 general when it states none)."""
    kind = _DESCRIPTION_KINDS.get(element.get("type", "1"))
    if kind is None:
        raise InvalidValueError("description/@type", element.get("type"), "be a DescriptionType code 1-4")
    text = narratives(element, ctx)
    if text is None:
        raise Unmapped("empty description")
    return Description(kind, text)


def write_description(value: Description, ctx: WriteContext) -> Node:
    """A :class:`~itaproj.programme.Description` -> ``description`` (no type for a general one)."""
    attributes = {} if value.kind is DescriptionKind.GENERAL else {"type": value.kind.iati_code}
    return ("description", attributes, None, narrative_nodes(value.text, ctx))


def programme_descriptions(programme: Programme) -> list[Description]:
    """Every description of ``programme`` as IATI writes them: the main one, objectives, the rest."""
    found = (
        [] if programme.description is None else [Description(DescriptionKind.GENERAL, programme.description)]
    )
    found.extend(Description(DescriptionKind.OBJECTIVES, text) for text in programme.objectives)
    found.extend(programme.descriptions)
    return found


# --- who publishes it, and how its money is classified -------------------------------------------

#: A reporting organisation read: the organisation, and whether it reports as a secondary reporter.
Reporting = tuple[Organisation, bool]

_BOOLEAN = {"1": True, "true": True, "0": False, "false": False}


def read_reporting_org(element: etree._Element, ctx: ReadContext) -> Reporting:
    """``reporting-org`` -> the publishing :class:`~itaproj.org.Organisation` and its secondary flag."""
    ref = element.get("ref")
    name = narratives(element, ctx)
    key = _org_key(ref, name)
    display = name if name is not None else LocalizedText({ctx.lang: ref or key})
    organisation = Organisation(key, display, ref=ref, type=element.get("type"))
    flag = element.get("secondary-reporter")
    secondary = False if flag is None else _BOOLEAN.get(flag.strip())
    if secondary is None:
        raise InvalidValueError("reporting-org/@secondary-reporter", flag, "be 0, 1, true or false")
    return organisation, secondary


def write_reporting_org(value: Reporting, ctx: WriteContext) -> Node:
    """The publishing organisation -> ``reporting-org``."""
    organisation, secondary = value
    attributes: dict[str, str] = {}
    _put(attributes, "ref", organisation.ref)
    _put(attributes, "type", organisation.type)
    if secondary:
        attributes["secondary-reporter"] = "1"
    return ("reporting-org", attributes, None, narrative_nodes(organisation.name, ctx))


def _read_code(element: etree._Element, ctx: ReadContext) -> str:
    code = element.get("code")
    if code is None or not code.strip():
        raise InvalidValueError(f"{element.tag}/@code", code, "be a code")
    return code


def _coded(cls: type, field: str) -> Callable[[etree._Element, ReadContext], str]:
    """A reader of ``@code`` checked against the codelist ``cls.field`` is bound to (one declaration)."""
    [binding] = [b for b in code_bindings(cls) if b.field == field]
    listed = binding.codelist or ""

    def read(element: etree._Element, ctx: ReadContext) -> str:
        return codelist(listed).admit(f"{element.tag}/@code", _read_code(element, ctx))

    read.__name__ = f"read_{field}"
    return read


def _code_node(tag: str) -> Callable[[str, WriteContext], Node]:
    def write(code: str, ctx: WriteContext) -> Node:
        return (tag, {"code": code}, None, [])

    write.__name__ = f"write_{tag.replace('-', '_')}"
    return write


def read_aid_type(element: etree._Element, ctx: ReadContext) -> AidType:
    """``default-aid-type`` (or a transaction's ``aid-type``) -> :class:`~itaproj.finance.AidType`."""
    return AidType(_read_code(element, ctx), element.get("vocabulary", "1"))


def aid_type_node(tag: str, aid_type: AidType) -> Node:
    """An :class:`~itaproj.finance.AidType` as the element ``tag`` (vocabulary 1 left implicit)."""
    attributes = {"code": aid_type.code}
    if aid_type.vocabulary != "1":
        attributes["vocabulary"] = aid_type.vocabulary
    return (tag, attributes, None, [])


def write_default_aid_type(aid_type: AidType, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.AidType` -> ``default-aid-type``."""
    return aid_type_node("default-aid-type", aid_type)


def read_capital_spend(element: etree._Element, ctx: ReadContext) -> Decimal:
    """``capital-spend/@percentage`` -> the percentage."""
    value = read_decimal(element.get("percentage"), "capital-spend/@percentage")
    if value is None or not 0 <= value <= 100:
        # Out of range, the element is kept verbatim with a finding (the model holds 0-100).
        raise InvalidValueError("capital-spend/@percentage", value, "be a percentage from 0 to 100")
    return value


def write_capital_spend(percentage: Decimal, ctx: WriteContext) -> Node:
    """A percentage -> ``capital-spend``."""
    return ("capital-spend", {"percentage": decimal_text(percentage)}, None, [])


#: The default classification's elements, by the FinanceClassification field they fill.
_DEFAULT_FINANCE = {
    "default-flow-type": "flow_type",
    "default-finance-type": "finance_type",
    "default-tied-status": "tied_status",
}


def finance_values(finance: FinanceClassification | None, tag: str) -> tuple[Any, ...]:
    """The values of one ``default-*`` element a programme's classification writes."""
    if finance is None:
        return ()
    if tag == "default-aid-type":
        return finance.aid_types
    value = getattr(finance, _DEFAULT_FINANCE[tag])
    return () if value is None else (value,)


# --- activity attributes ---------------------------------------------------------------------

#: Activity attributes the model types (the rest are kept verbatim).
ACTIVITY_ATTRIBUTES = (
    "default-currency",
    XML_LANG,
    "hierarchy",
    "last-updated-datetime",
    "linked-data-uri",
    "budget-not-provided",
    "humanitarian",
)


def read_activity_attribute(name: str, value: str) -> tuple[str, Any]:
    """One activity attribute -> (the model field it fills, its value); raises ValueError if bad."""
    if name == "default-currency":
        if not is_currency(value):
            raise InvalidValueError("@default-currency", value, "be an ISO 4217 code")
        return "default_currency", value
    if name == XML_LANG:
        tag = language_case(value)
        if not is_language_tag(tag):
            raise InvalidValueError("@xml:lang", value, "be a language tag")
        return "default_language", tag
    if name == "hierarchy":
        if not value.strip().isdigit() or len(value.strip()) > 9:
            raise InvalidValueError("@hierarchy", value, "be a whole number")
        return "hierarchy", int(value)
    if name == "last-updated-datetime":
        return "last_updated", to_datetime(value.strip(), "@last-updated-datetime")
    if name == "linked-data-uri":
        return "linked_data_uri", value
    if name == "budget-not-provided":
        codelist("BudgetNotProvided").require("@budget-not-provided", value)
        return "budget_not_provided", value
    flag = _BOOLEAN.get(value.strip())
    if flag is None:
        raise InvalidValueError(f"@{name}", value, "be 0, 1, true or false")
    return "humanitarian", flag


def activity_attributes(programme: Programme) -> dict[str, str]:
    """The attributes of ``programme``'s ``iati-activity`` that the model holds."""
    attributes: dict[str, str] = {}
    publication = programme.publication
    if publication is not None:
        _put(attributes, "default-currency", publication.default_currency)
        _put(attributes, XML_LANG, publication.default_language)
        _put(attributes, "hierarchy", publication.hierarchy)
        if publication.last_updated is not None:
            attributes["last-updated-datetime"] = publication.last_updated.isoformat()
        _put(attributes, "linked-data-uri", publication.linked_data_uri)
        _put(attributes, "budget-not-provided", publication.budget_not_provided)
    if programme.humanitarian is not None:
        attributes["humanitarian"] = "1" if programme.humanitarian else "0"
    return attributes
