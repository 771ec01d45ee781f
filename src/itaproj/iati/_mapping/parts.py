"""Sites, contacts, other identifiers, tags, humanitarian scopes, conditions, country budget items, CRS and FSS data, legacy data."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

from itaproj.budget import BudgetItem, CountryBudgetItems
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.finance import (
    CrsAdditions,
    Forecast,
    ForwardSpending,
    LoanStatus,
    LoanTerms,
    OtherFlag,
)
from itaproj.findings import Severity
from itaproj.geo import WGS84, AdministrativeArea, PlaceId, Point, Site
from itaproj.money import Money
from itaproj.org import Contact
from itaproj.programme import (
    Condition,
    Conditions,
    LegacyData,
    OtherIdentifier,
)
from itaproj.text import LocalizedText
from itaproj.themes import HumanitarianScope, Tag

if TYPE_CHECKING:
    from lxml import etree

from itaproj.iati._mapping.core import (
    XML_LANG,
    Node,
    ReadContext,
    Unmapped,
    WriteContext,
    _child,
    _children,
    _code,
    _first_children,
    _put,
    decimal_text,
    narrative_nodes,
    narratives,
    qualified,
    read_day,
    read_decimal,
)
from itaproj.iati._mapping.kept import (
    _boolean,
    _boolean_text,
    _canonical_text,
    _has_text,
    _put_extras,
    narrates,
)
from itaproj.iati.schema import element_shape

# --- sites, contacts, other identifiers, tags, scopes, conditions, country budget, CRS, FSS, legacy
#
# Each reader first checks the element holds only what the 2.03 schema lets it hold
# (:func:`~itaproj.iati.schema.element_shape`, read from the shipped schema): anything else (an unknown attribute or child, a second child where one is
# allowed, text where there is none) raises :class:`Unmapped`, so the element is kept verbatim
# and nothing is lost. Content in other namespaces goes to the object's ``extras``, at paths
# relative to the element as :func:`_put_extras` writes them back.


def _element_only(element: etree._Element) -> bool:
    """True when no text stands between the elements inside ``element`` (it is a :data:`Node`)."""
    return not any(_has_text(node.tail) for node in element.iterdescendants())


def _parts(element: etree._Element, where: tuple[str, ...], extras: list[Extra], path: str = "") -> None:
    """Check ``element`` (at ``where`` below the activity) against the schema's shape of it.

    Its content in other namespaces goes to ``extras``.

    Raises:
        Unmapped: ``element`` holds what the 2.03 schema does not let it hold.
    """
    shape = element_shape(where)
    if shape is None:
        raise Unmapped(f"{'/'.join(where)} is not a 2.03 element")
    for name, value in cast("dict[str, str]", element.attrib).items():
        if name not in shape.attributes:
            if name[:1] != "{":
                raise Unmapped(f"@{name} is not an attribute of {element.tag}")
            if name == XML_LANG and narrates(element):
                continue  # the language of the narratives below, which the model holds with each text
            extras.append(Extra(f"{path}@{name}", value, "xml"))
    if not shape.text and _has_text(element.text):
        raise Unmapped(f"{element.tag} holds text")
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if _has_text(child.tail):
            raise Unmapped(f"{element.tag} holds text between its elements")
        if not isinstance(tag, str):
            continue  # a comment or processing instruction: not a fact
        number = counts[tag] = counts.get(tag, 0) + 1
        if tag[:1] == "{":
            if not _element_only(child):
                raise Unmapped(f"{tag} holds text between its elements")
            extras.append(Extra(f"{path}{tag}[{number}]", _canonical_text(child), "xml"))
            continue
        if tag not in shape.children:
            raise Unmapped(f"{tag} is not a child of {element.tag}")
        if number > 1 and tag in shape.single:
            raise Unmapped(f"another {tag} in {element.tag}")
        _parts(child, (*where, tag), extras, f"{path}{tag}[{number}]/")


def _text_node(tag: str, text: LocalizedText | None, ctx: WriteContext) -> list[Node]:
    """``[tag with narratives]``, or ``[]`` for no text."""
    return [] if text is None else [(tag, {}, None, narrative_nodes(text, ctx))]


def _code_nodes(tag: str, code: str | None) -> list[Node]:
    return [] if code is None else [(tag, {"code": code}, None, [])]


def _required(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute)
    if value is None:
        raise InvalidValueError(f"{element.tag}/@{attribute}", None, "be given")
    return value


def _whole(text: str | None, field: str) -> int | None:
    """A whole number (a year, a level) from an attribute or text; ``None`` when absent."""
    if text is None:
        return None
    number = read_decimal(text, field)
    if number is None or number != number.to_integral_value() or not 0 <= number <= 9999:
        raise InvalidValueError(field, text, "be a whole number from 0 to 9999")
    return int(number)


def _strip(text: str | None) -> str | None:
    return None if text is None else text.strip()


# location


def _point(element: etree._Element, ctx: ReadContext) -> Point:
    srs_name = element.get("srsName", WGS84)
    pos = _child(element, "pos")
    if pos is None:
        ctx.report(
            "iati.lenient.point-without-pos",
            Severity.WARNING,
            "a point without pos (read as a point without coordinates)",
            element,
        )
        return Point(srs_name=srs_name)
    parts = (pos.text or "").split()
    if len(parts) != 2:
        raise InvalidValueError("point/pos", pos.text, "be a latitude and a longitude separated by a space")
    return Point(read_decimal(parts[0], "latitude"), read_decimal(parts[1], "longitude"), srs_name)


def read_site(element: etree._Element, ctx: ReadContext) -> Site:
    """``location`` -> :class:`~itaproj.geo.Site` (point, administrative areas, gazetteer ids, codes)."""
    extras: list[Extra] = []
    _parts(element, ("location",), extras)
    first = _first_children(element)
    point = first.get("point")
    return Site(
        name=narratives(first.get("name"), ctx),
        description=narratives(first.get("description"), ctx),
        activity_description=narratives(first.get("activity-description"), ctx),
        point=None if point is None else _point(point, ctx),
        administrative=tuple(
            AdministrativeArea(
                _required(area, "code"),
                _required(area, "vocabulary"),
                level=_whole(area.get("level"), "administrative/@level"),
            )
            for area in _children(element, "administrative")
        ),
        identifiers=tuple(
            PlaceId(_required(place, "code"), _required(place, "vocabulary"))
            for place in _children(element, "location-id")
        ),
        ref=element.get("ref"),
        reach=_code(first.get("location-reach")),
        exactness=_code(first.get("exactness")),
        location_class=_code(first.get("location-class")),
        feature_designation=_code(first.get("feature-designation")),
        extras=tuple(extras),
    )


def write_site(site: Site, ctx: WriteContext) -> Node:
    """:class:`~itaproj.geo.Site` -> ``location``."""
    attributes: dict[str, str] = {}
    _put(attributes, "ref", site.ref)
    children = _code_nodes("location-reach", site.reach)
    children.extend(
        ("location-id", {"code": place.code, "vocabulary": place.vocabulary}, None, [])
        for place in site.identifiers
    )
    children.extend(_text_node("name", site.name, ctx))
    children.extend(_text_node("description", site.description, ctx))
    children.extend(_text_node("activity-description", site.activity_description, ctx))
    for area in site.administrative:
        area_attributes = {"code": area.code, "vocabulary": area.vocabulary}
        _put(area_attributes, "level", area.level)
        children.append(("administrative", area_attributes, None, []))
    point = site.point
    if point is not None:
        pos: list[Node] = []
        if point.latitude is not None and point.longitude is not None:
            pos.append(("pos", {}, f"{decimal_text(point.latitude)} {decimal_text(point.longitude)}", []))
        children.append(("point", {"srsName": point.srs_name}, None, pos))
    children.extend(_code_nodes("exactness", site.exactness))
    children.extend(_code_nodes("location-class", site.location_class))
    children.extend(_code_nodes("feature-designation", site.feature_designation))
    return _put_extras(("location", attributes, None, children), site.extras)


# contact-info


def _texts_of(element: etree._Element, tag: str) -> tuple[str, ...]:
    return tuple(child.text or "" for child in element if child.tag == tag)


def read_contact(element: etree._Element, ctx: ReadContext) -> Contact:
    """``contact-info`` -> :class:`~itaproj.org.Contact`."""
    extras: list[Extra] = []
    _parts(element, ("contact-info",), extras)
    first = _first_children(element)
    addresses = (narratives(child, ctx) for child in _children(element, "mailing-address"))
    return Contact(
        type=element.get("type"),
        organisation=narratives(first.get("organisation"), ctx),
        department=narratives(first.get("department"), ctx),
        person_name=narratives(first.get("person-name"), ctx),
        job_title=narratives(first.get("job-title"), ctx),
        telephones=_texts_of(element, "telephone"),
        emails=_texts_of(element, "email"),
        websites=_texts_of(element, "website"),
        mailing_addresses=tuple(address for address in addresses if address is not None),
        extras=tuple(extras),
    )


def write_contact(contact: Contact, ctx: WriteContext) -> Node:
    """:class:`~itaproj.org.Contact` -> ``contact-info``."""
    attributes: dict[str, str] = {}
    _put(attributes, "type", contact.type)
    children = _text_node("organisation", contact.organisation, ctx)
    children.extend(_text_node("department", contact.department, ctx))
    children.extend(_text_node("person-name", contact.person_name, ctx))
    children.extend(_text_node("job-title", contact.job_title, ctx))
    children.extend(("telephone", {}, text, []) for text in contact.telephones)
    children.extend(("email", {}, text, []) for text in contact.emails)
    children.extend(("website", {}, text, []) for text in contact.websites)
    for address in contact.mailing_addresses:
        children.extend(_text_node("mailing-address", address, ctx))
    return _put_extras(("contact-info", attributes, None, children), contact.extras)


# other-identifier


def read_other_identifier(element: etree._Element, ctx: ReadContext) -> OtherIdentifier:
    """``other-identifier`` -> :class:`~itaproj.programme.OtherIdentifier`."""
    extras: list[Extra] = []
    _parts(element, ("other-identifier",), extras)
    owner = _child(element, "owner-org")
    return OtherIdentifier(
        _required(element, "ref"),
        _required(element, "type"),
        owner_ref=None if owner is None else owner.get("ref"),
        owner_name=narratives(owner, ctx),
        extras=tuple(extras),
    )


def write_other_identifier(identifier: OtherIdentifier, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.OtherIdentifier` -> ``other-identifier``."""
    children: list[Node] = []
    if identifier.owner_ref is not None or identifier.owner_name is not None:
        owner: dict[str, str] = {}
        _put(owner, "ref", identifier.owner_ref)
        children.append(("owner-org", owner, None, narrative_nodes(identifier.owner_name, ctx)))
    node: Node = ("other-identifier", {"ref": identifier.ref, "type": identifier.type}, None, children)
    return _put_extras(node, identifier.extras)


# tag, humanitarian-scope


def read_tag(element: etree._Element, ctx: ReadContext) -> Tag:
    """``tag`` -> :class:`~itaproj.themes.Tag`."""
    extras: list[Extra] = []
    _parts(element, ("tag",), extras)
    return Tag(
        _required(element, "code"),
        _required(element, "vocabulary"),
        vocabulary_uri=element.get("vocabulary-uri"),
        name=narratives(element, ctx),
        extras=tuple(extras),
    )


def write_tag(tag: Tag, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.Tag` -> ``tag``.

    Raises:
        Unmapped: a free keyword (a tag without vocabulary), which IATI cannot carry.
    """
    if tag.vocabulary is None:
        raise Unmapped(
            f"the free keyword {tag.code!r} has no vocabulary (an IATI tag is a code of a vocabulary)",
            rule="free-keyword",
        )
    attributes = {"code": tag.code, "vocabulary": tag.vocabulary}
    _put(attributes, "vocabulary-uri", tag.vocabulary_uri)
    return _put_extras(("tag", attributes, None, narrative_nodes(tag.name, ctx)), tag.extras)


def read_humanitarian_scope(element: etree._Element, ctx: ReadContext) -> HumanitarianScope:
    """``humanitarian-scope`` -> :class:`~itaproj.themes.HumanitarianScope`."""
    extras: list[Extra] = []
    _parts(element, ("humanitarian-scope",), extras)
    return HumanitarianScope(
        _required(element, "type"),
        _required(element, "code"),
        _required(element, "vocabulary"),
        vocabulary_uri=element.get("vocabulary-uri"),
        name=narratives(element, ctx),
        extras=tuple(extras),
    )


def write_humanitarian_scope(scope: HumanitarianScope, ctx: WriteContext) -> Node:
    """:class:`~itaproj.themes.HumanitarianScope` -> ``humanitarian-scope``."""
    attributes = {"type": scope.type, "vocabulary": scope.vocabulary}
    _put(attributes, "vocabulary-uri", scope.vocabulary_uri)
    attributes["code"] = scope.code
    node: Node = ("humanitarian-scope", attributes, None, narrative_nodes(scope.name, ctx))
    return _put_extras(node, scope.extras)


# conditions


def read_conditions(element: etree._Element, ctx: ReadContext) -> Conditions:
    """``conditions`` -> :class:`~itaproj.programme.Conditions`."""
    extras: list[Extra] = []
    _parts(element, ("conditions",), extras)
    attached = _boolean(element, "attached")
    if attached is None:
        raise InvalidValueError("conditions/@attached", None, "be given")
    return Conditions(
        attached,
        tuple(
            Condition(_required(condition, "type"), narratives(condition, ctx))
            for condition in _children(element, "condition")
        ),
        extras=tuple(extras),
    )


def write_conditions(conditions: Conditions, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.Conditions` -> ``conditions``."""
    children: list[Node] = [
        ("condition", {"type": condition.type}, None, narrative_nodes(condition.text, ctx))
        for condition in conditions.conditions
    ]
    node: Node = ("conditions", {"attached": _boolean_text(conditions.attached)}, None, children)
    return _put_extras(node, conditions.extras)


# country-budget-items


def read_country_budget_items(element: etree._Element, ctx: ReadContext) -> CountryBudgetItems:
    """``country-budget-items`` -> :class:`~itaproj.budget.CountryBudgetItems`."""
    extras: list[Extra] = []
    _parts(element, ("country-budget-items",), extras)
    return CountryBudgetItems(
        _required(element, "vocabulary"),
        tuple(
            BudgetItem(
                _required(item, "code"),
                read_decimal(item.get("percentage"), "budget-item/@percentage"),
                narratives(_child(item, "description"), ctx),
            )
            for item in _children(element, "budget-item")
        ),
        extras=tuple(extras),
    )


def write_country_budget_items(items: CountryBudgetItems, ctx: WriteContext) -> Node:
    """:class:`~itaproj.budget.CountryBudgetItems` -> ``country-budget-items``."""
    children: list[Node] = []
    for item in items.items:
        attributes = {"code": item.code}
        _put(attributes, "percentage", item.percentage)
        children.append(("budget-item", attributes, None, _text_node("description", item.description, ctx)))
    node: Node = ("country-budget-items", {"vocabulary": items.vocabulary}, None, children)
    return _put_extras(node, items.extras)


# crs-add

_LOAN_AMOUNTS = ("interest-received", "principal-outstanding", "principal-arrears", "interest-arrears")


def _day_of(element: etree._Element | None, ctx: ReadContext) -> dt.date | None:
    return None if element is None else read_day(element, "iso-date", ctx)


def _loan_terms(element: etree._Element, ctx: ReadContext) -> LoanTerms:
    first = _first_children(element)
    return LoanTerms(
        rate_1=read_decimal(element.get("rate-1"), "loan-terms/@rate-1"),
        rate_2=read_decimal(element.get("rate-2"), "loan-terms/@rate-2"),
        repayment_type=_code(first.get("repayment-type")),
        repayment_plan=_code(first.get("repayment-plan")),
        commitment_date=_day_of(first.get("commitment-date"), ctx),
        repayment_first_date=_day_of(first.get("repayment-first-date"), ctx),
        repayment_final_date=_day_of(first.get("repayment-final-date"), ctx),
    )


def _loan_status(element: etree._Element, ctx: ReadContext) -> LoanStatus:
    first = _first_children(element)
    amounts: dict[str, Money] = {}
    for tag in _LOAN_AMOUNTS:
        child = first.get(tag)
        amount = None if child is None else read_decimal(child.text, f"loan-status/{tag}")
        if amount is None:
            continue
        currency = element.get("currency") or ctx.currency
        if currency is None:
            raise InvalidValueError(
                "currency", None, "be given in loan-status/@currency or iati-activity/@default-currency"
            )
        amounts[tag.replace("-", "_")] = Money(amount, currency)
    year = _whole(_required(element, "year"), "loan-status/@year")
    assert year is not None  # the attribute is given
    return LoanStatus(year, read_day(element, "value-date", ctx), **amounts)


def read_crs_add(element: etree._Element, ctx: ReadContext) -> CrsAdditions:
    """``crs-add`` -> :class:`~itaproj.finance.CrsAdditions` (flags, loan terms and status, channel)."""
    extras: list[Extra] = []
    _parts(element, ("crs-add",), extras)
    first = _first_children(element)
    flags = []
    for flag in _children(element, "other-flags"):
        significance = _boolean(flag, "significance")
        if significance is None:
            raise InvalidValueError("other-flags/@significance", None, "be given")
        flags.append(OtherFlag(_required(flag, "code"), significance))
    terms = first.get("loan-terms")
    status = first.get("loan-status")
    channel = first.get("channel-code")
    return CrsAdditions(
        other_flags=tuple(flags),
        loan_terms=None if terms is None else _loan_terms(terms, ctx),
        loan_status=None if status is None else _loan_status(status, ctx),
        channel_code=None if channel is None else _strip(channel.text),
        extras=tuple(extras),
    )


def _amount_text(amount: Money, path: str) -> str:
    if not amount.is_exact:
        raise Unmapped(
            f"{qualified(amount)} is not an exact amount (IATI values are exact)",
            rule="bounded-amount",
            path=path,
        )
    return decimal_text(amount.amount)


def write_crs_add(crs: CrsAdditions, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.CrsAdditions` -> ``crs-add``."""
    children: list[Node] = [
        ("other-flags", {"code": flag.code, "significance": _boolean_text(flag.significance)}, None, [])
        for flag in crs.other_flags
    ]
    terms = crs.loan_terms
    if terms is not None:
        attributes: dict[str, str] = {}
        _put(attributes, "rate-1", terms.rate_1)
        _put(attributes, "rate-2", terms.rate_2)
        parts = _code_nodes("repayment-type", terms.repayment_type)
        parts.extend(_code_nodes("repayment-plan", terms.repayment_plan))
        for tag, day in (
            ("commitment-date", terms.commitment_date),
            ("repayment-first-date", terms.repayment_first_date),
            ("repayment-final-date", terms.repayment_final_date),
        ):
            if day is not None:
                parts.append((tag, {"iso-date": day.isoformat()}, None, []))
        children.append(("loan-terms", attributes, None, parts))
    status = crs.loan_status
    if status is not None:
        attributes = {"year": str(status.year)}
        if status.currency is not None and status.currency != ctx.currency:
            attributes["currency"] = status.currency
        _put(attributes, "value-date", None if status.value_date is None else status.value_date.isoformat())
        amounts: list[Node] = []
        for tag in _LOAN_AMOUNTS:
            field = tag.replace("-", "_")
            amount: Money | None = getattr(status, field)
            if amount is not None:
                amounts.append((tag, {}, _amount_text(amount, f".loan_status.{field}"), []))
        children.append(("loan-status", attributes, None, amounts))
    if crs.channel_code is not None:
        children.append(("channel-code", {}, crs.channel_code, []))
    return _put_extras(("crs-add", {}, None, children), crs.extras)


# fss


def _forecast(element: etree._Element, ctx: ReadContext) -> Forecast:
    amount = read_decimal(element.text, "forecast")
    if amount is None:
        raise InvalidValueError("forecast", None, "hold an amount")
    currency = element.get("currency") or ctx.currency
    if currency is None:
        raise InvalidValueError(
            "currency", None, "be given in forecast/@currency or iati-activity/@default-currency"
        )
    year = _whole(_required(element, "year"), "forecast/@year")
    assert year is not None  # the attribute is given
    return Forecast(year, Money(amount, currency), read_day(element, "value-date", ctx))


def read_fss(element: etree._Element, ctx: ReadContext) -> ForwardSpending:
    """``fss`` -> :class:`~itaproj.finance.ForwardSpending`."""
    extras: list[Extra] = []
    _parts(element, ("fss",), extras)
    extraction = read_day(element, "extraction-date", ctx)
    if extraction is None:
        raise InvalidValueError("fss/@extraction-date", None, "be given")
    return ForwardSpending(
        extraction,
        tuple(_forecast(forecast, ctx) for forecast in _children(element, "forecast")),
        priority=_boolean(element, "priority"),
        phaseout_year=_whole(element.get("phaseout-year"), "fss/@phaseout-year"),
        extras=tuple(extras),
    )


def write_fss(fss: ForwardSpending, ctx: WriteContext) -> Node:
    """:class:`~itaproj.finance.ForwardSpending` -> ``fss``."""
    attributes = {"extraction-date": fss.extraction_date.isoformat()}
    if fss.priority is not None:
        attributes["priority"] = _boolean_text(fss.priority)
    _put(attributes, "phaseout-year", fss.phaseout_year)
    children: list[Node] = []
    for index, forecast in enumerate(fss.forecasts):
        forecast_attributes = {"year": str(forecast.year)}
        if forecast.amount.currency != ctx.currency:
            forecast_attributes["currency"] = forecast.amount.currency
        if forecast.value_date is not None:
            forecast_attributes["value-date"] = forecast.value_date.isoformat()
        text = _amount_text(forecast.amount, f".forecasts[{index}].amount")
        children.append(("forecast", forecast_attributes, text, []))
    return _put_extras(("fss", attributes, None, children), fss.extras)


# legacy-data


def read_legacy_data(element: etree._Element, ctx: ReadContext) -> LegacyData:
    """``legacy-data`` -> :class:`~itaproj.programme.LegacyData`."""
    extras: list[Extra] = []
    _parts(element, ("legacy-data",), extras)
    return LegacyData(
        _required(element, "name"),
        _required(element, "value"),
        element.get("iati-equivalent"),
        extras=tuple(extras),
    )


def write_legacy_data(legacy: LegacyData, ctx: WriteContext) -> Node:
    """:class:`~itaproj.programme.LegacyData` -> ``legacy-data``."""
    attributes = {"name": legacy.name, "value": legacy.value}
    _put(attributes, "iati-equivalent", legacy.iati_equivalent)
    return _put_extras(("legacy-data", attributes, None, []), legacy.extras)
