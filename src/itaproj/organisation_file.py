"""IATI organisation records: what an organisation publishes about itself (``iati-organisation``).

An IATI organisation file (``iati-organisations``) holds one :class:`OrganisationRecord` per
organisation: its identifier and name, who reports it, its forward budgets (its own total,
per recipient organisation, region and country), its past expenditure, and links to its
documents. :mod:`itaproj.iati` reads and writes these files
(:func:`~itaproj.iati.read_organisations`, :func:`~itaproj.iati.write_organisations`).

The values are the model's own: amounts are :class:`~itaproj.money.Money`, periods
:class:`~itaproj.period.Period`, texts :class:`~itaproj.text.LocalizedText`, organisations
:class:`~itaproj.org.Organisation`, countries and regions :class:`~itaproj.geo.CountryShare`
and :class:`~itaproj.geo.RegionShare` (without a percentage), documents
:class:`~itaproj.documents.DocumentLink`. Content no IATI schema defines (attributes and
elements of other namespaces) is kept as :class:`~itaproj.extras.Extra` on the object whose
element held it, at a path relative to that element (``@{uri}name``, ``{uri}name[1]``,
``value[1]/@{uri}name``).

Example:
    >>> from itaproj import LocalizedText, Money, Period
    >>> budget = OrganisationBudget(Period.parse("2024-01-01", "2024-12-31"), Money(250000000, "USD"),
    ...                             value_date="2024-01-01", status="committed")
    >>> record = OrganisationRecord("XM-DAC-41114", {"en": "UNDP"}, total_budgets=[budget])
    >>> str(record.total_budgets[0].amount), record.total_budgets[0].value_date.isoformat()
    ('USD 250,000,000', '2024-01-01')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.budget import BudgetStatus
from itaproj.documents import DocumentLink
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.geo import CountryShare, RegionShare
from itaproj.money import Money, is_currency
from itaproj.org import Organisation
from itaproj.period import Period, as_optional_date
from itaproj.text import LocalizedText, is_language_tag
from itaproj.validation import as_optional_text, checked

__all__ = [
    "LineItem",
    "OrganisationBudget",
    "OrganisationDocument",
    "OrganisationExpenditure",
    "OrganisationFile",
    "OrganisationRecord",
]


if TYPE_CHECKING:

    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...
    def _as_lines(value: Iterable[LineItem]) -> tuple[LineItem, ...]: ...
    def _as_budgets(value: Iterable[OrganisationBudget]) -> tuple[OrganisationBudget, ...]: ...
    def _as_expenditures(value: Iterable[OrganisationExpenditure]) -> tuple[OrganisationExpenditure, ...]: ...
    def _as_documents(value: Iterable[OrganisationDocument]) -> tuple[OrganisationDocument, ...]: ...
    def _as_countries(value: Iterable[CountryShare]) -> tuple[CountryShare, ...]: ...
    def _as_records(value: Iterable[OrganisationRecord]) -> tuple[OrganisationRecord, ...]: ...
    def _as_status(value: BudgetStatus | str | None) -> BudgetStatus | None: ...
    def _as_datetime(value: dt.datetime | str | None) -> dt.datetime | None: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_extras = _as_lines = _as_budgets = _as_expenditures = _as_documents = _as_countries = None
    _as_records = _as_status = _as_datetime = None


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValueError(attribute.name, value, "be a non-empty string or None")


def _check_currency(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not is_currency(value)):
        raise InvalidValueError(attribute.name, value, "be an ISO 4217 code such as 'EUR'")


def _check_language(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not is_language_tag(value)):
        raise InvalidValueError(attribute.name, value, "be a BCP 47 language tag such as 'en'")


@attrs.frozen
@checked
class LineItem:
    """One line of a breakdown: a ``budget-line`` of a budget or an ``expense-line`` of expenditure.

    The breakdown is the reporting organisation's own: the lines need not add up to the total.

    Args:
        amount: The sub-total.
        value_date: The date its currency value is taken at (IATI ``value/@value-date``,
            which the schema requires).
        label: What the line is for (IATI ``narrative``, which the schema requires).
        ref: The line's reference in the organisation's own system.
        extras: Content of other namespaces in the line, kept verbatim (paths relative to it).

    Example:
        >>> line = LineItem(Money(200000000, "USD"), "2014-01-01", {"en": "Budget Line"}, ref="1234")
        >>> line.label.resolve("en"), line.ref
        ('Budget Line', '1234')
    """

    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    label: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    ref: str | None = attrs.field(default=None, validator=_check_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)


@attrs.frozen
@checked
class OrganisationBudget:
    """A forward budget of an organisation for one period, overall or for one recipient.

    At most one of ``recipient_org``, ``recipient_region`` and ``recipient_country`` is set:
    none for a ``total-budget``, else the recipient of a ``recipient-org-budget``,
    ``recipient-region-budget`` or ``recipient-country-budget``.

    Args:
        period: The period budgeted (IATI requires both dates; a year at most).
        amount: The budget for the period.
        value_date: The date its currency value is taken at.
        status: Indicative or committed; ``None`` when not stated (IATI then reads indicative).
        lines: Its breakdown into sub-totals.
        recipient_org: The organisation that is to receive the money.
        recipient_region: The region (without a percentage).
        recipient_country: The country (without a percentage).
        extras: Content of other namespaces, kept verbatim (paths relative to the budget's
            element: ``value[1]/@{uri}name``, ``recipient-org[1]/{uri}name[1]``).

    Example:
        >>> from itaproj import CountryShare
        >>> budget = OrganisationBudget(Period.parse("2014-01-01", "2014-12-31"), Money(25000000, "USD"),
        ...                             recipient_country=CountryShare("AF"))
        >>> budget.kind
        'recipient-country-budget'
    """

    period: Period
    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    status: BudgetStatus | None = attrs.field(default=None, converter=_as_status)
    lines: tuple[LineItem, ...] = attrs.field(default=(), converter=_as_lines)
    recipient_org: Organisation | None = None
    recipient_region: RegionShare | None = None
    recipient_country: CountryShare | None = None
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __attrs_post_init__(self) -> None:
        given = [
            name
            for name in ("recipient_org", "recipient_region", "recipient_country")
            if getattr(self, name) is not None
        ]
        if len(given) > 1:
            raise InvalidValueError(given[1], getattr(self, given[1]), f"be None when {given[0]} is given")
        if self.recipient_region is not None and self.recipient_region.percentage is not None:
            raise InvalidValueError(
                "recipient_region.percentage", self.recipient_region.percentage, "be None"
            )
        if self.recipient_country is not None and self.recipient_country.percentage is not None:
            raise InvalidValueError(
                "recipient_country.percentage", self.recipient_country.percentage, "be None"
            )

    @property
    def kind(self) -> str:
        """The IATI element it is: ``"total-budget"``, ``"recipient-org-budget"``, ..."""
        if self.recipient_org is not None:
            return "recipient-org-budget"
        if self.recipient_region is not None:
            return "recipient-region-budget"
        if self.recipient_country is not None:
            return "recipient-country-budget"
        return "total-budget"


@attrs.frozen
@checked
class OrganisationExpenditure:
    """What an organisation spent in one past period (IATI ``total-expenditure``).

    Args:
        period: The period.
        amount: The total spent.
        value_date: The date its currency value is taken at.
        lines: Its breakdown (IATI ``expense-line``).
        extras: Content of other namespaces, kept verbatim (paths relative to the element).

    Example:
        >>> spent = OrganisationExpenditure(Period.parse("2013-01-01", "2013-12-31"), Money(9, "EUR"),
        ...                                 lines=[LineItem(Money(4, "EUR"), label={"en": "Salaries"})])
        >>> spent.lines[0].amount
        Money('4', 'EUR')
    """

    period: Period
    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    lines: tuple[LineItem, ...] = attrs.field(default=(), converter=_as_lines)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)


@attrs.frozen
@checked
class OrganisationDocument:
    """A document an organisation links to, with the recipient countries it is about.

    Args:
        link: The document (its extras keep the other namespaces' content of the whole
            ``document-link`` element).
        recipient_countries: The countries the document is about (without percentages).

    Example:
        >>> from itaproj import CountryShare, DocumentLink
        >>> doc = OrganisationDocument(DocumentLink("https://example.org/r.pdf", {"en": "Report"},
        ...                            categories=["B01"]), [CountryShare("AF", name={"en": "Afghanistan"})])
        >>> [country.country for country in doc.recipient_countries]
        ['AF']
    """

    link: DocumentLink
    recipient_countries: tuple[CountryShare, ...] = attrs.field(default=(), converter=_as_countries)

    def __attrs_post_init__(self) -> None:
        for index, country in enumerate(self.recipient_countries):
            if country.percentage is not None:
                raise InvalidValueError(
                    f"recipient_countries[{index}].percentage", country.percentage, "be None"
                )


@attrs.frozen
@checked
class OrganisationRecord:
    """One organisation as it reports itself (IATI ``iati-organisation``).

    Args:
        identifier: Its IATI organisation identifier (``organisation-identifier``, required
            by IATI; ``None`` when a source lacks it).
        name: Its name (required by IATI).
        reporting_org: Who reports the record (required by IATI; usually the organisation
            itself, with ``ref`` and ``type``).
        secondary_reporter: The reporter publishes for an organisation it is not responsible
            for; ``None`` when not stated.
        default_currency: The currency of amounts that state none (ISO 4217).
        language: The language of texts that state none (BCP 47).
        last_updated: When the record last changed (``@last-updated-datetime``).
        total_budgets: Its own budgets (no recipient).
        recipient_org_budgets: Budgets for the organisations it funds.
        recipient_region_budgets: Budgets by recipient region.
        recipient_country_budgets: Budgets by recipient country.
        expenditures: What it spent, by period.
        documents: Documents it links to.
        extras: What the reader kept verbatim at the record's level: attributes and elements of
            other namespaces (also those inside ``name`` or ``reporting-org``, at paths such
            as ``reporting-org[1]/@{uri}name``), and IATI elements whose values the model
            cannot hold (a ``total-budget[2]`` with an unknown status), each written back
            where it was.

    Example:
        >>> from itaproj import Organisation
        >>> me = Organisation("AA-AAA-123456789", {"en": "Organisation name"}, ref="AA-AAA-123456789", type="40")
        >>> record = OrganisationRecord("AA-AAA-123456789", {"en": "Organisation name"}, reporting_org=me,
        ...                             default_currency="EUR", language="en",
        ...                             last_updated="2014-09-10T07:15:37+00:00")
        >>> record.last_updated.year, len(record.budgets)
        (2014, 0)
    """

    identifier: str | None = attrs.field(default=None, validator=_check_optional_text)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    reporting_org: Organisation | None = None
    secondary_reporter: bool | None = None
    default_currency: str | None = attrs.field(default=None, validator=_check_currency)
    language: str | None = attrs.field(default=None, validator=_check_language)
    last_updated: dt.datetime | None = attrs.field(default=None, converter=_as_datetime)
    total_budgets: tuple[OrganisationBudget, ...] = attrs.field(default=(), converter=_as_budgets)
    recipient_org_budgets: tuple[OrganisationBudget, ...] = attrs.field(default=(), converter=_as_budgets)
    recipient_region_budgets: tuple[OrganisationBudget, ...] = attrs.field(default=(), converter=_as_budgets)
    recipient_country_budgets: tuple[OrganisationBudget, ...] = attrs.field(default=(), converter=_as_budgets)
    expenditures: tuple[OrganisationExpenditure, ...] = attrs.field(default=(), converter=_as_expenditures)
    documents: tuple[OrganisationDocument, ...] = attrs.field(default=(), converter=_as_documents)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __attrs_post_init__(self) -> None:
        if self.secondary_reporter is not None and self.reporting_org is None:
            raise InvalidValueError(
                "secondary_reporter",
                self.secondary_reporter,
                "go with a reporting_org (it says how that organisation reports)",
            )
        for field, kind in _BUDGET_FIELDS.items():
            for index, budget in enumerate(getattr(self, field)):
                if budget.kind != kind:
                    raise InvalidValueError(
                        f"{field}[{index}]", budget, f"be a {kind} (its recipient decides which)"
                    )

    @property
    def budgets(self) -> tuple[OrganisationBudget, ...]:
        """Every budget: total, then by recipient organisation, region and country."""
        return (
            *self.total_budgets,
            *self.recipient_org_budgets,
            *self.recipient_region_budgets,
            *self.recipient_country_budgets,
        )


#: The record's budget fields and the kind of budget each holds, in IATI's order.
_BUDGET_FIELDS = {
    "total_budgets": "total-budget",
    "recipient_org_budgets": "recipient-org-budget",
    "recipient_region_budgets": "recipient-region-budget",
    "recipient_country_budgets": "recipient-country-budget",
}


@attrs.frozen
@checked
class OrganisationFile:
    """An IATI organisation file: its records and what it says about itself.

    Args:
        records: The organisation records, in file order.
        generated: When the file was generated (``@generated-datetime``).
        extras: The root's other attributes and namespace declarations (``@xmlns:x``), and
            elements of other namespaces after the records (``x:thing[1]``), kept verbatim.

    Example:
        >>> file = OrganisationFile([OrganisationRecord("XM-DAC-41114", {"en": "UNDP"})])
        >>> [record.identifier for record in file]
        ['XM-DAC-41114']
    """

    records: tuple[OrganisationRecord, ...] = attrs.field(default=(), converter=_as_records)
    generated: dt.datetime | None = attrs.field(default=None, converter=_as_datetime)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[OrganisationRecord]:
        return iter(self.records)

    def __getitem__(self, identifier: str) -> OrganisationRecord:
        """The first record with this identifier."""
        for record in self.records:
            if record.identifier == identifier:
                return record
        raise KeyError(f"no organisation record with identifier {identifier!r}")
