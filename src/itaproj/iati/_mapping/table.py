"""The table: each activity child element, its reader, writer and Programme field."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.budget import Budget
from itaproj.finance import (
    FinanceClassification,
)
from itaproj.programme import (
    DescriptionKind,
    Programme,
    Publication,
)

if TYPE_CHECKING:
    pass
from itaproj.iati._mapping.activity import (
    _DEFAULT_FINANCE,
    _code_node,
    _coded,
    finance_values,
    programme_descriptions,
    read_aid_type,
    read_capital_spend,
    read_description,
    read_identifier,
    read_reporting_org,
    read_title,
    write_capital_spend,
    write_default_aid_type,
    write_description,
    write_identifier,
    write_reporting_org,
    write_title,
)
from itaproj.iati._mapping.core import Node, ReadContext, WriteContext
from itaproj.iati._mapping.flows import (
    read_budget_line,
    read_document,
    read_planned,
    read_relation,
    read_transaction,
    write_budget_line,
    write_document,
    write_planned,
    write_relation,
    write_transaction,
)
from itaproj.iati._mapping.orgs import read_participant, write_participant
from itaproj.iati._mapping.parts import (
    read_conditions,
    read_contact,
    read_country_budget_items,
    read_crs_add,
    read_fss,
    read_humanitarian_scope,
    read_legacy_data,
    read_other_identifier,
    read_site,
    read_tag,
    write_conditions,
    write_contact,
    write_country_budget_items,
    write_crs_add,
    write_fss,
    write_humanitarian_scope,
    write_legacy_data,
    write_other_identifier,
    write_site,
    write_tag,
)
from itaproj.iati._mapping.places import (
    read_country,
    read_key_date,
    read_region,
    read_sector,
    read_status,
    read_theme,
    write_country,
    write_key_date,
    write_region,
    write_sector,
    write_status,
    write_theme,
)
from itaproj.iati._mapping.results import read_result, write_result

# --- the table --------------------------------------------------------------------------------


@attrs.frozen
class Entry:
    """How one activity child element maps to a Programme field.

    Args:
        tag: The element name.
        read: Element -> value (raises InvalidValueError or :class:`Unmapped`).
        write: Value -> :data:`Node`.
        field: The Programme field holding the values (a tuple), or the single value.
        single: The field holds one value, not a tuple.
        keeps_repeats: The reader keeps a second child that the schema allows once in the
            value's ``extras`` (:func:`_rest`); for the others, the reader's caller refuses it.
    """

    tag: str
    read: Callable[[Any, ReadContext], Any]
    write: Callable[[Any, WriteContext], Node]
    field: str
    single: bool = False
    keeps_repeats: bool = False

    def values(self, programme: Programme) -> Sequence[Any]:
        """The values of this entry in ``programme``, in writing order."""
        if self.tag == "description":
            return programme_descriptions(programme)
        if self.tag == "reporting-org":
            publication = programme.publication
            if publication is None or publication.reporting_org is None:
                return ()
            return ((publication.reporting_org, publication.secondary_reporter),)
        if self.tag in _DEFAULT_FINANCE or self.tag == "default-aid-type":
            return finance_values(programme.finance, self.tag)
        if self.tag == "budget":
            return () if programme.budget is None else programme.budget.lines
        if self.tag == "iati-identifier":
            return (programme.iati_identifier or programme.key,)
        value = getattr(programme, self.field)
        if self.single:
            return () if value is None else (value,)
        return tuple(value)


TABLE: dict[str, Entry] = {
    entry.tag: entry
    for entry in (
        Entry("iati-identifier", read_identifier, write_identifier, "iati_identifier", single=True),
        Entry("title", read_title, write_title, "title", single=True),
        Entry("reporting-org", read_reporting_org, write_reporting_org, "publication", single=True),
        Entry("description", read_description, write_description, "description"),
        Entry("participating-org", read_participant, write_participant, "participants"),
        Entry("activity-status", read_status, write_status, "status", single=True),
        Entry("activity-date", read_key_date, write_key_date, "dates"),
        Entry("recipient-country", read_country, write_country, "recipient_countries"),
        Entry("recipient-region", read_region, write_region, "recipient_regions"),
        Entry("sector", read_sector, write_sector, "sectors"),
        Entry("policy-marker", read_theme, write_theme, "themes"),
        Entry("budget", read_budget_line, write_budget_line, "budget"),
        Entry(
            "planned-disbursement", read_planned, write_planned, "planned_disbursements", keeps_repeats=True
        ),
        Entry("transaction", read_transaction, write_transaction, "transactions", keeps_repeats=True),
        Entry("document-link", read_document, write_document, "documents", keeps_repeats=True),
        Entry("related-activity", read_relation, write_relation, "relations"),
        Entry("result", read_result, write_result, "results"),
        Entry(
            "collaboration-type",
            _coded(Programme, "collaboration_type"),
            _code_node("collaboration-type"),
            "collaboration_type",
            single=True,
        ),
        Entry(
            "default-flow-type",
            _coded(FinanceClassification, "flow_type"),
            _code_node("default-flow-type"),
            "finance",
            single=True,
        ),
        Entry(
            "default-finance-type",
            _coded(FinanceClassification, "finance_type"),
            _code_node("default-finance-type"),
            "finance",
            single=True,
        ),
        Entry("default-aid-type", read_aid_type, write_default_aid_type, "finance"),
        Entry(
            "default-tied-status",
            _coded(FinanceClassification, "tied_status"),
            _code_node("default-tied-status"),
            "finance",
            single=True,
        ),
        Entry(
            "activity-scope",
            _coded(Programme, "activity_scope"),
            _code_node("activity-scope"),
            "activity_scope",
            single=True,
        ),
        Entry("capital-spend", read_capital_spend, write_capital_spend, "capital_spend", single=True),
        Entry("location", read_site, write_site, "sites"),
        Entry("contact-info", read_contact, write_contact, "contacts"),
        Entry("other-identifier", read_other_identifier, write_other_identifier, "other_identifiers"),
        Entry("tag", read_tag, write_tag, "tags"),
        Entry("humanitarian-scope", read_humanitarian_scope, write_humanitarian_scope, "humanitarian_scopes"),
        Entry("conditions", read_conditions, write_conditions, "conditions", single=True),
        Entry(
            "country-budget-items",
            read_country_budget_items,
            write_country_budget_items,
            "country_budget_items",
            single=True,
        ),
        Entry("crs-add", read_crs_add, write_crs_add, "crs", single=True),
        Entry("fss", read_fss, write_fss, "forward_spending", single=True),
        Entry("legacy-data", read_legacy_data, write_legacy_data, "legacy_data"),
    )
}


def programme_fields(values: dict[str, list[Any]]) -> dict[str, Any]:
    """Programme keyword arguments from the values read per element name."""
    fields: dict[str, Any] = {}
    for tag, found in values.items():
        entry = TABLE[tag]
        if tag == "description":
            general = next((d for d in found if d.kind is DescriptionKind.GENERAL), None)
            fields["description"] = None if general is None else general.text
            fields["objectives"] = tuple(d.text for d in found if d.kind is DescriptionKind.OBJECTIVES)
            fields["descriptions"] = tuple(
                d for d in found if d.kind is not DescriptionKind.OBJECTIVES and d is not general
            )
        elif tag == "reporting-org":
            organisation, secondary = found[0]
            fields["publication"] = Publication(reporting_org=organisation, secondary_reporter=secondary)
        elif tag in _DEFAULT_FINANCE or tag == "default-aid-type":
            classification = fields.get("finance") or FinanceClassification()
            if tag == "default-aid-type":
                fields["finance"] = attrs.evolve(classification, aid_types=tuple(found))
            else:
                fields["finance"] = attrs.evolve(classification, **{_DEFAULT_FINANCE[tag]: found[0]})
        elif tag == "budget":
            fields["budget"] = Budget(lines=tuple(found)) if found else None
        elif tag in ("iati-identifier", "title"):
            continue
        elif entry.single:
            fields[entry.field] = found[0] if found else None
        else:
            fields[entry.field] = tuple(found)
    return fields
