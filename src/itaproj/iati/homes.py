"""Where each element and attribute of an IATI 2.03 activity lives in the model.

:data:`HOMES` maps every path the shipped 2.03 activity schema defines below
``iati-activity`` (``"transaction/provider-org/@provider-activity-id"``, ``"@default-currency"``,
``"location/point/pos"``; an attribute of the activity itself is ``"@name"``, ``xml:lang`` is
written ``@xml:lang``) to its *home*: the attribute path from :class:`~itaproj.programme.Programme`
that holds what the reader reads there and the writer writes from
(``"Programme.transactions[].provider.activity_id"``; ``[]`` steps into each item of a tuple).
An element's own text (``iati-identifier``, ``value``, ``pos``) lives at the element's home;
``narrative`` children are one language each of a :class:`~itaproj.text.LocalizedText`, their
``@xml:lang`` the key it is filed under. Where the mapping is not one to one (several
elements share one value, a value the standard defaults, a value written only where it differs
from a default) the entry says so in a note.

:func:`rows` joins the table with the schema (in the schema's order: an element, its
attributes alphabetically, then its children) and with the model's own declarations: the type
of each home comes from the class annotations and the codelist from
:func:`itaproj.codelists.code_bindings`, so the documentation page generated from it (*IATI
2.03: what maps where*) cannot drift from the code. The tests check that every schema path has
exactly one row, that every home names real fields, that reading the official example and real
files fills each home the XML gives a value for, and that the codelists agree with IATI's own
codelist mapping.

Example:
    >>> found = {row.path: row for row in rows()}
    >>> row = found["transaction/provider-org/@provider-activity-id"]
    >>> row.home, row.type
    ('Programme.transactions[].provider.activity_id', 'str | None')
    >>> found["transaction/transaction-type/@code"].codelist
    'TransactionType'
    >>> found["sector/@code"].codelist
    'Sector (vocabulary 1), SectorCategory (vocabulary 2)'
    >>> print(found["budget/value/@currency"].note)
    The currency of the amount (Money.currency). Read as the activity's @default-currency where the value states none; written only where it differs from it.
"""

from __future__ import annotations

import html
import re
import types
import typing
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

import attrs

from itaproj.codelists import code_bindings
from itaproj.programme import Programme

__all__ = ["HOMES", "Home", "Row", "field_of", "markdown_sections", "markdown_table", "rows", "schema_paths"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@attrs.frozen
class Home:
    """Where the content of one schema path lives.

    Args:
        homes: Attribute paths from ``Programme`` (``"Programme.sites[].point.srs_name"``); more
            than one where the content is spread over several fields (a description goes to
            ``description``, ``objectives`` or ``descriptions`` by its type).
        note: What is not one to one: a default the standard resolves, a value written only
            where it differs from a default, a conversion.
        codelist: The codelist of a field that declares none with
            :func:`~itaproj.codelists.code_field` (an enum such as
            :class:`~itaproj.org.Role`, a language, ``Money.currency``).

    Example:
        >>> HOMES["activity-status/@code"].codelist
        'ActivityStatus'
    """

    homes: tuple[str, ...]
    note: str = ""
    codelist: str | None = None


def _h(*homes: str, note: str = "", codelist: str | None = None) -> Home:
    return Home(homes, note, codelist)


_NARRATIVE_NOTE = "Its text: one language of the LocalizedText (the first narrative's is the original)."
_LANG_NOTE = (
    "The language its text is filed under, a key of LocalizedText.texts; none given: the "
    "language the element or the activity states (see @xml:lang)."
)


def _narratives(path: str, *homes: str, note: str = "") -> dict[str, Home]:
    """The rows of ``path/narrative`` and its ``@xml:lang``, both at ``homes``."""
    text_note = f"{_NARRATIVE_NOTE} {note}".strip()
    return {
        f"{path}/narrative": Home(homes, text_note),
        f"{path}/narrative/@xml:lang": Home(homes, _LANG_NOTE, "Language"),
    }


def _narrated(path: str, *homes: str, note: str = "") -> dict[str, Home]:
    """``path``, an element that holds narratives only, and its narratives, at ``homes``."""
    return {path: Home(homes, note), **_narratives(path, *homes)}


def _code(path: str, home: str, note: str = "", codelist: str | None = None) -> dict[str, Home]:
    """``path``, an element that holds a ``@code`` only, and the code, at ``home``."""
    return {path: _h(home), f"{path}/@code": _h(home, note=note, codelist=codelist)}


def _dated(path: str, home: str, note: str = "") -> dict[str, Home]:
    """``path``, an element that holds an ``@iso-date`` only, and the date, at ``home``."""
    return {path: _h(home), f"{path}/@iso-date": _h(home, note=note)}


_CURRENCY_NOTE = (
    "The currency of the amount (Money.currency). Read as the activity's @default-currency "
    "where the value states none; written only where it differs from it."
)


def _value(path: str, home: str, value_date: str) -> dict[str, Home]:
    """A ``value`` element: amount and currency in one Money, its value date apart."""
    return {
        path: _h(
            home,
            note="The amount, with @currency, is one Money (the text is Money.amount, an exact decimal).",
        ),
        f"{path}/@currency": _h(f"{home}.currency", note=_CURRENCY_NOTE, codelist="Currency"),
        f"{path}/@value-date": _h(value_date),
    }


def _period(path: str, *homes: str) -> dict[str, Home]:
    """``period-start`` and ``period-end`` below ``path``: one Period at ``homes``."""
    found: dict[str, Home] = {}
    for tag, end in (("period-start", "start"), ("period-end", "end")):
        at = tuple(f"{home}.{end}" for home in homes)
        found[f"{path}/{tag}"] = Home(at, "With the other end, one Period (to the day).")
        found[f"{path}/{tag}/@iso-date"] = Home(
            at, "A PartialDate to the day; a time or time zone is dropped."
        )
    return found


def _flow_org(path: str, home: str, id_attribute: str) -> dict[str, Home]:
    """``provider-org`` or ``receiver-org`` of a transaction or planned disbursement."""
    return {
        path: _h(home, note="A FlowOrganisation; one that states nothing is None."),
        f"{path}/@{id_attribute}": _h(f"{home}.activity_id"),
        f"{path}/@ref": _h(f"{home}.ref", note="A blank @ref states nothing: None."),
        f"{path}/@type": _h(f"{home}.type"),
        **_narratives(path, f"{home}.name"),
    }


def _share(path: str, home: str, *, percentage: bool, vocabulary: str | None) -> dict[str, Home]:
    """``recipient-country``, ``recipient-region`` or ``sector`` (``vocabulary``: its default note)."""
    code = "country" if path.endswith("recipient-country") else "code"
    found = {path: _h(home), f"{path}/@code": _h(f"{home}.{code}")}
    if percentage:
        found[f"{path}/@percentage"] = _h(f"{home}.percentage")
    if vocabulary is not None:
        found[f"{path}/@vocabulary"] = _h(f"{home}.vocabulary", note=vocabulary)
        found[f"{path}/@vocabulary-uri"] = _h(f"{home}.vocabulary_uri")
    found.update(_narratives(path, f"{home}.name"))
    return found


_REGION_VOCABULARY = (
    "'1' (OECD DAC) when absent, as the standard defaults it; vocabulary 1 is written implicitly."
)
_SECTOR_VOCABULARY = "'1' (OECD DAC CRS 5-digit) when absent, as the standard defaults it; always written."


def _document_link(path: str, home: str) -> dict[str, Home]:
    """A ``document-link`` (of the activity, a result, an indicator or an observation)."""
    return {
        path: _h(home),
        f"{path}/@format": _h(
            f"{home}.format",
            note="A media type; one in capitals that the list has in lower case is read in lower case.",
        ),
        f"{path}/@url": _h(f"{home}.url"),
        **_narrated(f"{path}/title", f"{home}.title"),
        **_narrated(f"{path}/description", f"{home}.description"),
        **_code(f"{path}/category", f"{home}.categories[]"),
        **_code(f"{path}/language", f"{home}.languages[]"),
        **_dated(f"{path}/document-date", f"{home}.date"),
    }


def _observed(path: str, home: str, *, baseline: bool = False) -> dict[str, Home]:
    """A ``baseline``, ``target`` or ``actual``: an Observation."""
    found = {
        path: _h(home, note="An Observation."),
        f"{path}/@value": _h(
            f"{home}.value",
            f"{home}.text",
            note="A number is a Measure in value; anything else (a qualitative 'Yes') is text.",
        ),
        f"{path}/location": _h(f"{home}.locations[]"),
        f"{path}/location/@ref": _h(
            f"{home}.locations[]", note="The ref of an activity location (Site.ref)."
        ),
        f"{path}/dimension": _h(f"{home}.dimensions[]"),
        f"{path}/dimension/@name": _h(f"{home}.dimensions[].name"),
        f"{path}/dimension/@value": _h(f"{home}.dimensions[].value"),
        **_narrated(f"{path}/comment", f"{home}.note"),
        **_document_link(f"{path}/document-link", f"{home}.documents[]"),
    }
    if baseline:
        found[f"{path}/@iso-date"] = _h(
            f"{home}.period.start", note="The day the baseline was taken: the start of its period."
        )
        found[f"{path}/@year"] = _h(
            f"{home}.period.start",
            f"{home}.year",
            note=(
                "The year of period.start (the whole period when no @iso-date is given); year "
                "holds it only where it differs from @iso-date's year."
            ),
        )
    return found


_RESULT = "Programme.results[]"
_INDICATOR = f"{_RESULT}.indicators[]"
_TRANSACTION = "Programme.transactions[]"
_PLANNED = "Programme.planned_disbursements[]"
_SITE = "Programme.sites[]"
_CONTACT = "Programme.contacts[]"
_CRS = "Programme.crs"
_LOAN_STATUS = f"{_CRS}.loan_status"
_LOAN_AMOUNTS = ("interest_received", "principal_outstanding", "principal_arrears", "interest_arrears")

#: Every path the IATI 2.03 activity schema defines below ``iati-activity``: where it lives.
HOMES: Mapping[str, Home] = types.MappingProxyType(
    {
        # the activity's attributes
        "@budget-not-provided": _h("Programme.publication.budget_not_provided"),
        "@default-currency": _h(
            "Programme.publication.default_currency",
            note=(
                "Also the currency of every amount that states none, resolved while reading "
                "(each Money holds its currency); amounts in it are written without @currency."
            ),
        ),
        "@hierarchy": _h(
            "Programme.publication.hierarchy",
            note="None when absent (the standard reads a missing one as 1).",
        ),
        "@humanitarian": _h("Programme.humanitarian"),
        "@last-updated-datetime": _h("Programme.publication.last_updated"),
        "@linked-data-uri": _h("Programme.publication.linked_data_uri"),
        "@xml:lang": _h(
            "Programme.publication.default_language",
            note=(
                "Also the language of every narrative that states none, resolved while reading "
                "(each text is filed under its language); texts in it are written without xml:lang."
            ),
            codelist="Language",
        ),
        "iati-identifier": _h(
            "Programme.iati_identifier",
            note=(
                "Its text. It also gives the catalogue key, Programme.key (white space as '_', a "
                "repeated identifier suffixed ~n; without one: activity-n)."
            ),
        ),
        "reporting-org": _h(
            "Programme.publication.reporting_org",
            note="An Organisation in Publication, with secondary_reporter.",
        ),
        "reporting-org/@ref": _h(
            "Programme.publication.reporting_org.ref",
            note="Also the organisation's key (white space as '_').",
        ),
        "reporting-org/@secondary-reporter": _h(
            "Programme.publication.secondary_reporter", note="False when absent; written only when true."
        ),
        "reporting-org/@type": _h("Programme.publication.reporting_org.type"),
        **_narratives(
            "reporting-org",
            "Programme.publication.reporting_org.name",
            note="Without a narrative the name is the @ref.",
        ),
        **_narrated(
            "title",
            "Programme.title",
            note="Without a narrative with text the title is the iati-identifier (finding iati.title-missing).",
        ),
        "description": _h(
            "Programme.description",
            "Programme.objectives[]",
            "Programme.descriptions[]",
            note=(
                "By @type: the first general description (1, or no type) is description, "
                "objectives (2) are objectives, the others are descriptions with their kind; "
                "written back in that order."
            ),
        ),
        "description/@type": _h(
            "Programme.description",
            "Programme.objectives[]",
            "Programme.descriptions[].kind",
            note=(
                "Picks the field (see description); a DescriptionKind in descriptions. 1 "
                "(general) when absent; not written for the general description."
            ),
            codelist="DescriptionType",
        ),
        **_narratives(
            "description",
            "Programme.description",
            "Programme.objectives[]",
            "Programme.descriptions[].text",
        ),
        "participating-org": _h("Programme.participants[]", note="A Participant: an Organisation in a Role."),
        "participating-org/@activity-id": _h("Programme.participants[].activity_id"),
        "participating-org/@crs-channel-code": _h("Programme.participants[].crs_channel_code"),
        "participating-org/@ref": _h(
            "Programme.participants[].organisation.ref",
            note="Also the organisation's key (white space as '_'; without @ref, from its name).",
        ),
        "participating-org/@role": _h(
            "Programme.participants[].role",
            note="A Role (Role.iati_code); the roles IATI lacks are not written.",
            codelist="OrganisationRole",
        ),
        "participating-org/@type": _h("Programme.participants[].organisation.type"),
        **_narratives(
            "participating-org",
            "Programme.participants[].organisation.name",
            note="Without a narrative the name is the @ref.",
        ),
        "other-identifier": _h("Programme.other_identifiers[]"),
        "other-identifier/@ref": _h("Programme.other_identifiers[].ref"),
        "other-identifier/@type": _h("Programme.other_identifiers[].type"),
        "other-identifier/owner-org": _h(
            "Programme.other_identifiers[].owner_ref",
            "Programme.other_identifiers[].owner_name",
            note="Its @ref and name, flat in the OtherIdentifier.",
        ),
        "other-identifier/owner-org/@ref": _h("Programme.other_identifiers[].owner_ref"),
        **_narratives("other-identifier/owner-org", "Programme.other_identifiers[].owner_name"),
        **_code(
            "activity-status",
            "Programme.status",
            note="A Status (Status.iati_code).",
            codelist="ActivityStatus",
        ),
        "activity-date": _h(
            "Programme.dates[]",
            note=(
                "A KeyDate. The dates also give Programme.period: the actual start and end where "
                "given, else the planned ones."
            ),
        ),
        "activity-date/@iso-date": _h("Programme.dates[].date"),
        "activity-date/@type": _h(
            "Programme.dates[].kind",
            note="A DateKind (DateKind.iati_code); the kinds IATI lacks are not written.",
            codelist="ActivityDateType",
        ),
        **_narratives("activity-date", "Programme.dates[].note"),
        "contact-info": _h(f"{_CONTACT}", note="A Contact."),
        "contact-info/@type": _h(f"{_CONTACT}.type"),
        **_narrated("contact-info/organisation", f"{_CONTACT}.organisation"),
        **_narrated("contact-info/department", f"{_CONTACT}.department"),
        **_narrated("contact-info/person-name", f"{_CONTACT}.person_name"),
        **_narrated("contact-info/job-title", f"{_CONTACT}.job_title"),
        "contact-info/telephone": _h(f"{_CONTACT}.telephones[]", note="Its text."),
        "contact-info/email": _h(f"{_CONTACT}.emails[]", note="Its text."),
        "contact-info/website": _h(f"{_CONTACT}.websites[]", note="Its text."),
        **_narrated("contact-info/mailing-address", f"{_CONTACT}.mailing_addresses[]"),
        **_code("activity-scope", "Programme.activity_scope"),
        **_share("recipient-country", "Programme.recipient_countries[]", percentage=True, vocabulary=None),
        **_share(
            "recipient-region",
            "Programme.recipient_regions[]",
            percentage=True,
            vocabulary=_REGION_VOCABULARY,
        ),
        "location": _h(_SITE, note="A Site; Site.location is the ITA Location its A4 (country) code names."),
        "location/@ref": _h(f"{_SITE}.ref"),
        **_code("location/location-reach", f"{_SITE}.reach"),
        "location/location-id": _h(f"{_SITE}.identifiers[]", note="A PlaceId."),
        "location/location-id/@code": _h(f"{_SITE}.identifiers[].code"),
        "location/location-id/@vocabulary": _h(f"{_SITE}.identifiers[].vocabulary"),
        **_narrated("location/name", f"{_SITE}.name"),
        **_narrated("location/description", f"{_SITE}.description"),
        **_narrated("location/activity-description", f"{_SITE}.activity_description"),
        "location/administrative": _h(f"{_SITE}.administrative[]", note="An AdministrativeArea."),
        "location/administrative/@code": _h(f"{_SITE}.administrative[].code"),
        "location/administrative/@level": _h(f"{_SITE}.administrative[].level"),
        "location/administrative/@vocabulary": _h(f"{_SITE}.administrative[].vocabulary"),
        "location/point": _h(
            f"{_SITE}.point", note="A Point; one without pos has no coordinates (a finding)."
        ),
        "location/point/@srsName": _h(
            f"{_SITE}.point.srs_name", note="WGS 84 (EPSG 4326) when absent; always written."
        ),
        "location/point/pos": _h(
            f"{_SITE}.point.latitude",
            f"{_SITE}.point.longitude",
            note="Its text, 'latitude longitude', as two Decimals.",
        ),
        **_code("location/exactness", f"{_SITE}.exactness"),
        **_code("location/location-class", f"{_SITE}.location_class"),
        **_code("location/feature-designation", f"{_SITE}.feature_designation"),
        **_share("sector", "Programme.sectors[]", percentage=True, vocabulary=_SECTOR_VOCABULARY),
        "tag": _h(
            "Programme.tags[]", note="A Tag (a tag without vocabulary, a free keyword, is not written)."
        ),
        "tag/@code": _h("Programme.tags[].code"),
        "tag/@vocabulary": _h("Programme.tags[].vocabulary"),
        "tag/@vocabulary-uri": _h("Programme.tags[].vocabulary_uri"),
        **_narratives("tag", "Programme.tags[].name"),
        "country-budget-items": _h("Programme.country_budget_items"),
        "country-budget-items/@vocabulary": _h("Programme.country_budget_items.vocabulary"),
        "country-budget-items/budget-item": _h("Programme.country_budget_items.items[]"),
        "country-budget-items/budget-item/@code": _h("Programme.country_budget_items.items[].code"),
        "country-budget-items/budget-item/@percentage": _h(
            "Programme.country_budget_items.items[].percentage"
        ),
        **_narrated(
            "country-budget-items/budget-item/description",
            "Programme.country_budget_items.items[].description",
        ),
        "humanitarian-scope": _h("Programme.humanitarian_scopes[]"),
        "humanitarian-scope/@code": _h("Programme.humanitarian_scopes[].code"),
        "humanitarian-scope/@type": _h("Programme.humanitarian_scopes[].type"),
        "humanitarian-scope/@vocabulary": _h("Programme.humanitarian_scopes[].vocabulary"),
        "humanitarian-scope/@vocabulary-uri": _h("Programme.humanitarian_scopes[].vocabulary_uri"),
        **_narratives("humanitarian-scope", "Programme.humanitarian_scopes[].name"),
        "policy-marker": _h("Programme.themes[]", note="A CrossCuttingTheme."),
        "policy-marker/@code": _h("Programme.themes[].code"),
        "policy-marker/@significance": _h("Programme.themes[].significance"),
        "policy-marker/@vocabulary": _h(
            "Programme.themes[].vocabulary", note="'1' (OECD DAC CRS) when absent; always written."
        ),
        "policy-marker/@vocabulary-uri": _h("Programme.themes[].vocabulary_uri"),
        **_narratives(
            "policy-marker",
            "Programme.themes[].title",
            note="None without a narrative (the theme's label is then the name of its code).",
        ),
        **_code("collaboration-type", "Programme.collaboration_type"),
        **_code(
            "default-flow-type",
            "Programme.finance.flow_type",
            note="The activity's default; a transaction's own is Transaction.finance (kept apart, not merged).",
        ),
        **_code(
            "default-finance-type",
            "Programme.finance.finance_type",
            note="The activity's default; a transaction's own is Transaction.finance (kept apart, not merged).",
        ),
        "default-aid-type": _h(
            "Programme.finance.aid_types[]",
            note="An AidType; the activity's default (a transaction's own is Transaction.finance).",
        ),
        "default-aid-type/@code": _h("Programme.finance.aid_types[].code"),
        "default-aid-type/@vocabulary": _h(
            "Programme.finance.aid_types[].vocabulary",
            note="'1' (OECD DAC) when absent, as the standard defaults it; vocabulary 1 is written implicitly.",
        ),
        **_code(
            "default-tied-status",
            "Programme.finance.tied_status",
            note="The activity's default; a transaction's own is Transaction.finance (kept apart, not merged).",
        ),
        "budget": _h("Programme.budget.lines[]", note="A BudgetLine of the programme's Budget."),
        "budget/@status": _h(
            "Programme.budget.lines[].status", note="A BudgetStatus (iati_code).", codelist="BudgetStatus"
        ),
        "budget/@type": _h(
            "Programme.budget.lines[].kind", note="A BudgetKind (iati_code).", codelist="BudgetType"
        ),
        **_period("budget", "Programme.budget.lines[].period"),
        **_value("budget/value", "Programme.budget.lines[].amount", "Programme.budget.lines[].value_date"),
        "planned-disbursement": _h(_PLANNED, note="A PlannedDisbursement."),
        "planned-disbursement/@type": _h(f"{_PLANNED}.type"),
        **_period("planned-disbursement", f"{_PLANNED}.period"),
        **_value("planned-disbursement/value", f"{_PLANNED}.amount", f"{_PLANNED}.value_date"),
        **_flow_org("planned-disbursement/provider-org", f"{_PLANNED}.provider", "provider-activity-id"),
        **_flow_org("planned-disbursement/receiver-org", f"{_PLANNED}.receiver", "receiver-activity-id"),
        "capital-spend": _h("Programme.capital_spend"),
        "capital-spend/@percentage": _h("Programme.capital_spend"),
        "transaction": _h(_TRANSACTION, note="A Transaction."),
        "transaction/@humanitarian": _h(f"{_TRANSACTION}.humanitarian"),
        "transaction/@ref": _h(f"{_TRANSACTION}.ref"),
        **_code("transaction/transaction-type", f"{_TRANSACTION}.type"),
        **_dated("transaction/transaction-date", f"{_TRANSACTION}.date"),
        **_value("transaction/value", f"{_TRANSACTION}.amount", f"{_TRANSACTION}.value_date"),
        **_narrated("transaction/description", f"{_TRANSACTION}.description"),
        **_flow_org("transaction/provider-org", f"{_TRANSACTION}.provider", "provider-activity-id"),
        **_flow_org("transaction/receiver-org", f"{_TRANSACTION}.receiver", "receiver-activity-id"),
        **_code("transaction/disbursement-channel", f"{_TRANSACTION}.disbursement_channel"),
        **_share(
            "transaction/sector", f"{_TRANSACTION}.sectors[]", percentage=False, vocabulary=_SECTOR_VOCABULARY
        ),
        **_share(
            "transaction/recipient-country",
            f"{_TRANSACTION}.recipient_country",
            percentage=False,
            vocabulary=None,
        ),
        **_share(
            "transaction/recipient-region",
            f"{_TRANSACTION}.recipient_region",
            percentage=False,
            vocabulary=_REGION_VOCABULARY,
        ),
        **_code("transaction/flow-type", f"{_TRANSACTION}.finance.flow_type"),
        **_code("transaction/finance-type", f"{_TRANSACTION}.finance.finance_type"),
        "transaction/aid-type": _h(f"{_TRANSACTION}.finance.aid_types[]", note="An AidType."),
        "transaction/aid-type/@code": _h(f"{_TRANSACTION}.finance.aid_types[].code"),
        "transaction/aid-type/@vocabulary": _h(
            f"{_TRANSACTION}.finance.aid_types[].vocabulary",
            note="'1' (OECD DAC) when absent, as the standard defaults it; vocabulary 1 is written implicitly.",
        ),
        **_code("transaction/tied-status", f"{_TRANSACTION}.finance.tied_status"),
        **_document_link("document-link", "Programme.documents[]"),
        "related-activity": _h("Programme.relations[]", note="A Relation."),
        "related-activity/@ref": _h("Programme.relations[].ref"),
        "related-activity/@type": _h(
            "Programme.relations[].kind", note="A RelationKind (iati_code).", codelist="RelatedActivityType"
        ),
        "legacy-data": _h("Programme.legacy_data[]"),
        "legacy-data/@iati-equivalent": _h("Programme.legacy_data[].iati_equivalent"),
        "legacy-data/@name": _h("Programme.legacy_data[].name"),
        "legacy-data/@value": _h("Programme.legacy_data[].value"),
        "conditions": _h("Programme.conditions"),
        "conditions/@attached": _h("Programme.conditions.attached"),
        "conditions/condition": _h("Programme.conditions.conditions[]"),
        "conditions/condition/@type": _h("Programme.conditions.conditions[].type"),
        **_narratives("conditions/condition", "Programme.conditions.conditions[].text"),
        "result": _h(_RESULT, note="A Result."),
        "result/@aggregation-status": _h(f"{_RESULT}.aggregation_status"),
        "result/@type": _h(f"{_RESULT}.kind", note="A ResultKind (iati_code).", codelist="ResultType"),
        **_narrated("result/title", f"{_RESULT}.title"),
        **_narrated("result/description", f"{_RESULT}.description"),
        **_document_link("result/document-link", f"{_RESULT}.documents[]"),
        "result/reference": _h(f"{_RESULT}.references[]", note="A ResultReference."),
        "result/reference/@code": _h(f"{_RESULT}.references[].code"),
        "result/reference/@vocabulary": _h(f"{_RESULT}.references[].vocabulary"),
        "result/reference/@vocabulary-uri": _h(f"{_RESULT}.references[].vocabulary_uri"),
        "result/indicator": _h(_INDICATOR, note="An Indicator."),
        "result/indicator/@aggregation-status": _h(f"{_INDICATOR}.aggregation_status"),
        "result/indicator/@ascending": _h(
            f"{_INDICATOR}.ascending",
            note="True when absent, as the standard defaults it; written only when false.",
        ),
        "result/indicator/@measure": _h(
            f"{_INDICATOR}.measure",
            note="An IndicatorMeasure (iati_code); a missing one is read as 1 (unit), with a finding.",
            codelist="IndicatorMeasure",
        ),
        **_narrated("result/indicator/title", f"{_INDICATOR}.title"),
        **_narrated("result/indicator/description", f"{_INDICATOR}.description"),
        **_document_link("result/indicator/document-link", f"{_INDICATOR}.documents[]"),
        "result/indicator/reference": _h(f"{_INDICATOR}.references[]", note="An IndicatorReference."),
        "result/indicator/reference/@code": _h(f"{_INDICATOR}.references[].code"),
        "result/indicator/reference/@indicator-uri": _h(f"{_INDICATOR}.references[].indicator_uri"),
        "result/indicator/reference/@vocabulary": _h(f"{_INDICATOR}.references[].vocabulary"),
        **_observed("result/indicator/baseline", f"{_INDICATOR}.baselines[]", baseline=True),
        "result/indicator/period": _h(
            f"{_INDICATOR}.targets[].period",
            f"{_INDICATOR}.actuals[].period",
            note=(
                "Each target and actual holds its period; consecutive targets and actuals of one "
                "period are written in one period element."
            ),
        ),
        **_period(
            "result/indicator/period", f"{_INDICATOR}.targets[].period", f"{_INDICATOR}.actuals[].period"
        ),
        **_observed("result/indicator/period/target", f"{_INDICATOR}.targets[]"),
        **_observed("result/indicator/period/actual", f"{_INDICATOR}.actuals[]"),
        "crs-add": _h(_CRS, note="CrsAdditions."),
        "crs-add/other-flags": _h(f"{_CRS}.other_flags[]", note="An OtherFlag."),
        "crs-add/other-flags/@code": _h(f"{_CRS}.other_flags[].code"),
        "crs-add/other-flags/@significance": _h(f"{_CRS}.other_flags[].significance"),
        "crs-add/loan-terms": _h(f"{_CRS}.loan_terms", note="LoanTerms."),
        "crs-add/loan-terms/@rate-1": _h(f"{_CRS}.loan_terms.rate_1"),
        "crs-add/loan-terms/@rate-2": _h(f"{_CRS}.loan_terms.rate_2"),
        **_code("crs-add/loan-terms/repayment-type", f"{_CRS}.loan_terms.repayment_type"),
        **_code("crs-add/loan-terms/repayment-plan", f"{_CRS}.loan_terms.repayment_plan"),
        **_dated("crs-add/loan-terms/commitment-date", f"{_CRS}.loan_terms.commitment_date"),
        **_dated("crs-add/loan-terms/repayment-first-date", f"{_CRS}.loan_terms.repayment_first_date"),
        **_dated("crs-add/loan-terms/repayment-final-date", f"{_CRS}.loan_terms.repayment_final_date"),
        "crs-add/loan-status": _h(_LOAN_STATUS, note="A LoanStatus."),
        "crs-add/loan-status/@currency": _h(
            *(f"{_LOAN_STATUS}.{amount}.currency" for amount in _LOAN_AMOUNTS),
            note=(
                "The currency of each of the four amounts (LoanStatus.currency); the activity's "
                "@default-currency where none is given; written only where it differs from it."
            ),
            codelist="Currency",
        ),
        "crs-add/loan-status/@value-date": _h(f"{_LOAN_STATUS}.value_date"),
        "crs-add/loan-status/@year": _h(f"{_LOAN_STATUS}.year"),
        **{
            f"crs-add/loan-status/{amount.replace('_', '-')}": _h(
                f"{_LOAN_STATUS}.{amount}", note="Its text, with loan-status/@currency, is one Money."
            )
            for amount in _LOAN_AMOUNTS
        },
        "crs-add/channel-code": _h(f"{_CRS}.channel_code", note="Its text, stripped."),
        "fss": _h("Programme.forward_spending", note="ForwardSpending."),
        "fss/@extraction-date": _h("Programme.forward_spending.extraction_date"),
        "fss/@phaseout-year": _h("Programme.forward_spending.phaseout_year"),
        "fss/@priority": _h("Programme.forward_spending.priority"),
        "fss/forecast": _h(
            "Programme.forward_spending.forecasts[].amount",
            note="A Forecast; its text, with @currency, is one Money.",
        ),
        "fss/forecast/@currency": _h(
            "Programme.forward_spending.forecasts[].amount.currency", note=_CURRENCY_NOTE, codelist="Currency"
        ),
        "fss/forecast/@value-date": _h("Programme.forward_spending.forecasts[].value_date"),
        "fss/forecast/@year": _h("Programme.forward_spending.forecasts[].year"),
    }
)


# --- the schema's paths ----------------------------------------------------------------------


def _attribute(name: str) -> str:
    return "xml:lang" if name == _XML_LANG else name


@cache
def _schema_walk() -> tuple[tuple[str, bool], ...]:
    """(path, whether it holds a value: an attribute, or an element with text) in schema order."""
    from itaproj.iati.schema import element_shape  # lxml: imported only when the schema is read

    found: list[tuple[str, bool]] = []

    def walk(path: tuple[str, ...]) -> None:
        shape = element_shape(path)
        if shape is None:  # pragma: no cover - a child the schema lists has a declaration
            raise LookupError(f"the schema declares no {'/'.join(path)}")
        prefix = "/".join(path)
        for name in sorted(_attribute(attribute) for attribute in shape.attributes):
            found.append((f"{prefix}/@{name}" if prefix else f"@{name}", True))
        for child in shape.children:
            child_shape = element_shape((*path, child))
            found.append(
                (f"{prefix}/{child}" if prefix else child, child_shape is not None and child_shape.text)
            )
            walk((*path, child))

    walk(())
    return tuple(found)


def schema_paths() -> tuple[str, ...]:
    """Every element and attribute path the shipped 2.03 schema defines below ``iati-activity``.

    In the schema's order: an element, its attributes (alphabetically), then its children;
    the activity's own attributes first. Needs lxml (the schema is read with it).

    Example:
        >>> paths = schema_paths()
        >>> paths[0], "result/indicator/baseline/@year" in paths
        ('@budget-not-provided', True)
    """
    return tuple(path for path, _ in _schema_walk())


# --- homes resolved against the model -----------------------------------------------------------


def _optional_removed(hint: Any) -> Any:
    """``hint`` without ``None`` (``X | None`` -> ``X``)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        rest = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return hint


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def field_of(home: str) -> tuple[type, str, Any]:
    """The class, field name and type a home ends at (the type of one item after ``[]``).

    Raises:
        LookupError: a step names no attrs field of the class reached, ``[]`` follows a field
            that is not a tuple, or a step follows a field that is no attrs class.

    Example:
        >>> cls, name, hint = field_of("Programme.transactions[].provider.activity_id")
        >>> cls.__name__, name, hint
        ('FlowOrganisation', 'activity_id', str | None)
    """
    start, *steps = home.split(".")
    if start != "Programme" or not steps:
        raise LookupError(f"{home!r} does not start at Programme")
    owner: type = Programme
    hint: Any = Programme
    name = ""
    for number, step in enumerate(steps):
        if number:
            owner = _optional_removed(hint)
            if not (isinstance(owner, type) and attrs.has(owner)):
                raise LookupError(f"{home!r}: {name} is not an attrs class, so it has no {step}")
        name = step.removesuffix("[]")
        if name not in attrs.fields_dict(owner):
            raise LookupError(f"{home!r}: {owner.__name__} has no field {name!r}")
        hint = _hints(owner)[name]
        if step.endswith("[]"):
            items = _optional_removed(hint)
            arguments = typing.get_args(items)
            if typing.get_origin(items) is not tuple or len(arguments) != 2 or arguments[1] is not Ellipsis:
                raise LookupError(f"{home!r}: {owner.__name__}.{name} is not a tuple")
            hint = arguments[0]
    return owner, name, hint


def _type_name(hint: Any) -> str:
    if hint is type(None):
        return "None"
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return " | ".join(_type_name(arg) for arg in typing.get_args(hint))
    origin = typing.get_origin(hint)
    if origin is not None:
        arguments = ", ".join("..." if arg is Ellipsis else _type_name(arg) for arg in typing.get_args(hint))
        return f"{getattr(origin, '__name__', str(origin))}[{arguments}]"
    return str(getattr(hint, "__name__", hint))


def _codelists(home: Home) -> tuple[tuple[str, str | None], ...]:
    """(codelist, vocabulary it applies under or ``None``) of a home, without repeats.

    Raises:
        LookupError: a home names no field, or states a codelist its field also declares.
    """
    found: dict[tuple[str, str | None], None] = {}
    for path in home.homes:
        owner, name, _ = field_of(path)
        for binding in code_bindings(owner):
            if binding.field != name:
                continue
            if home.codelist is not None:
                raise LookupError(f"{path}: the field declares its codelist; the home must not state one")
            if binding.codelist is not None:
                found[binding.codelist, None] = None
            for vocabulary, listed in binding.by_vocabulary.items():
                found[listed, vocabulary] = None
    if home.codelist is not None:
        found[home.codelist, None] = None
    return tuple(found)


@attrs.frozen
class Row:
    """One schema path and its home, as the generated documentation shows it.

    Args:
        path: The schema path below ``iati-activity`` (``"budget/value/@currency"``).
        homes: The attribute paths from ``Programme`` that hold it.
        type: The type at the (first) home, as the class annotation states it.
        codelists: (codelist, the vocabulary it applies under or ``None``) pairs: from the
            field's :func:`~itaproj.codelists.code_field` declaration, else from the table.
        note: What is not one to one.

    Example:
        >>> row = Row("@hierarchy", ("Programme.publication.hierarchy",), "int | None", (), "")
        >>> row.home, row.codelist
        ('Programme.publication.hierarchy', None)
    """

    path: str
    homes: tuple[str, ...]
    type: str
    codelists: tuple[tuple[str, str | None], ...]
    note: str

    @property
    def home(self) -> str:
        """The homes, joined with ``" or "``."""
        return " or ".join(self.homes)

    @property
    def codelist(self) -> str | None:
        """The codelists as words (``"Sector (vocabulary 1), ..."``), ``None`` when there is none."""
        if not self.codelists:
            return None
        return ", ".join(
            name if vocabulary is None else f"{name} (vocabulary {vocabulary})"
            for name, vocabulary in self.codelists
        )


def rows() -> tuple[Row, ...]:
    """A row for every path of :func:`schema_paths`, in its order, from :data:`HOMES` and the model.

    The codelist of an element that holds only a ``@code`` is that of the attribute's row.

    Raises:
        LookupError: the schema has a path :data:`HOMES` lacks, or a home names no field of the
            model (the tests see to it that neither happens).

    Example:
        >>> [row.home for row in rows() if row.path == "location/point/@srsName"]
        ['Programme.sites[].point.srs_name']
    """
    found: list[Row] = []
    for path, holds_value in _schema_walk():
        home = HOMES.get(path)
        if home is None:
            raise LookupError(f"the 2.03 schema path {path} has no home in itaproj.iati.homes.HOMES")
        _, _, hint = field_of(home.homes[0])
        codelists = _codelists(home) if holds_value else ()  # an element's code is its @code's
        found.append(Row(path, home.homes, _type_name(hint), codelists, home.note))
    return tuple(found)


def _cell(text: str) -> str:
    return html.escape(text, quote=False).replace("|", "&#124;")


def _code_cell(text: str) -> str:
    """``text`` as HTML code that may break after a ``.`` or ``/`` (a path in a narrow column)."""
    return "<code>" + _BREAK.sub(r"\1<wbr>", _cell(text)) + "</code>"


_BREAK = re.compile(r"([./])(?=.)")


def _lines(table: Iterable[Row]) -> Iterator[str]:
    yield "| IATI 2.03 path | Home in the model | Type | Codelist | Note |"
    yield "|---|---|---|---|---|"
    for row in table:
        home = "<br>or ".join(_code_cell(path) for path in row.homes)
        codelist = "" if row.codelist is None else _cell(row.codelist)
        cells = (_code_cell(row.path), home, _code_cell(row.type), codelist, _cell(row.note))
        yield f"| {' | '.join(cells)} |"


def markdown_table() -> str:
    """:func:`rows` as one Markdown table (path, home, type, codelist, note), one line a row.

    Example:
        >>> print(markdown_table().splitlines()[2])  # doctest: +NORMALIZE_WHITESPACE
        | <code>@budget-not-provided</code> | <code>Programme.<wbr>publication.<wbr>budget_not_provided</code>
        | <code>str &#124; None</code> | BudgetNotProvided |  |
    """
    return "\n".join(_lines(rows()))


def markdown_sections(level: int = 2) -> str:
    r""":func:`rows` as Markdown: a heading of ``level`` and a table per child of the activity.

    The activity's own attributes come first, under "The activity's attributes".

    Example:
        >>> text = markdown_sections()
        >>> headings = [line for line in text.splitlines() if line.startswith("## ")]
        >>> len(headings), headings[:3]
        (35, ["## The activity's attributes", '## `iati-identifier`', '## `reporting-org`'])
    """
    groups: dict[str, list[Row]] = {}
    for row in rows():
        top = row.path.split("/")[0]
        groups.setdefault("@" if top.startswith("@") else top, []).append(row)
    marks = "#" * level
    parts = []
    for top, group in groups.items():
        title = "The activity's attributes" if top == "@" else f"`{top}`"
        parts.append(f"{marks} {title}\n\n" + "\n".join(_lines(group)))
    return "\n\n".join(parts)
