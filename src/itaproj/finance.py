"""Money flows of a programme: transactions and planned disbursements (IATI financial elements).

A :class:`~itaproj.budget.Budget` says what is planned per period; a :class:`Transaction` says
what moved (a commitment, a disbursement, an expenditure) and when; a
:class:`PlannedDisbursement` says what is expected to move in a period. Amounts are
:class:`~itaproj.money.Money`, dates are :class:`~itaproj.period.PartialDate`: nothing is
converted or completed.

Example:
    >>> t = Transaction("2", PartialDate(2023, 9, 30), Money("68400000.00", "USD"),
    ...                 receiver=FlowOrganisation(name=LocalizedText({"en": "ArmPower CJSC"})))
    >>> t.type_name
    'Outgoing Commitment'
    >>> str(t.amount)
    'USD 68,400,000.00'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field, code_spec, codelist
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.geo import CountryShare, RegionShare
from itaproj.money import Money
from itaproj.period import PartialDate, Period, as_date, as_optional_date, as_partial_date
from itaproj.sectors import SectorShare
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_percentage, as_optional_text, checked

__all__ = [
    "AidType",
    "CrsAdditions",
    "FinanceClassification",
    "FlowOrganisation",
    "Forecast",
    "ForwardSpending",
    "LoanStatus",
    "LoanTerms",
    "OtherFlag",
    "PlannedDisbursement",
    "Transaction",
]


@attrs.frozen
@checked
class AidType:
    """A type of aid in one vocabulary (IATI ``aid-type`` / ``default-aid-type``).

    Args:
        code: The code (``"C01"`` project-type interventions, in the OECD DAC vocabulary ``"1"``).
        vocabulary: IATI AidTypeVocabulary code; ``"1"`` (OECD DAC) is IATI's default.

    Example:
        >>> AidType("C01").code
        'C01'
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary={"1": "AidType"}))
    vocabulary: str = code_field("AidTypeVocabulary", default="1")


if TYPE_CHECKING:

    def _as_aid_types(value: Iterable[AidType]) -> tuple[AidType, ...]: ...

else:  # what the constructor accepts, for type checkers; @checked converts (see itaproj.validation)
    _as_aid_types = None


@attrs.frozen
@checked
class FinanceClassification:
    """How money is classified in OECD DAC terms: flow, finance type, aid types, tied status.

    A programme holds its defaults (IATI ``default-flow-type``, ``default-finance-type``,
    ``default-aid-type``, ``default-tied-status``); a transaction may hold its own, which
    replace the defaults for that transaction (:meth:`over`).

    Args:
        flow_type: IATI FlowType code (``"10"`` ODA).
        finance_type: IATI FinanceType code (``"110"`` standard grant).
        aid_types: The aid types, at most one per vocabulary.
        tied_status: IATI TiedStatus code (``"5"`` untied).

    Example:
        >>> defaults = FinanceClassification(flow_type="10", finance_type="110")
        >>> FinanceClassification(finance_type="421").over(defaults).flow_type
        '10'
    """

    flow_type: str | None = code_field("FlowType")
    finance_type: str | None = code_field("FinanceType")
    aid_types: tuple[AidType, ...] = attrs.field(default=(), converter=_as_aid_types)
    tied_status: str | None = code_field("TiedStatus")

    def over(self, defaults: FinanceClassification | None) -> FinanceClassification:
        """This classification with each missing part taken from ``defaults``."""
        if defaults is None:
            return self
        return FinanceClassification(
            flow_type=self.flow_type or defaults.flow_type,
            finance_type=self.finance_type or defaults.finance_type,
            aid_types=self.aid_types or defaults.aid_types,
            tied_status=self.tied_status or defaults.tied_status,
        )

    def __bool__(self) -> bool:
        return bool(self.flow_type or self.finance_type or self.aid_types or self.tied_status)


def _check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidValueError(attribute.name, value, "be a non-empty string or None")


if TYPE_CHECKING:

    def _as_flow_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...
    def _as_sectors(value: Iterable[SectorShare]) -> tuple[SectorShare, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_flow_extras = _as_sectors = None


@attrs.frozen
@checked
class FlowOrganisation:
    """The organisation money comes from or goes to, as far as the source names it.

    Unlike :class:`~itaproj.org.Organisation` it needs no catalogue key: transactions often
    name a receiver only by a text, or a provider only by its IATI identifier. It must state
    something: a ref, a name, a type, an activity or content kept verbatim.

    Args:
        ref: Its IATI organisation identifier, if given.
        name: Its name, if given.
        type: IATI OrganisationType code, if given.
        activity_id: The IATI identifier of its own activity that the money comes from or
            goes to (IATI ``provider-activity-id`` / ``receiver-activity-id``).
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the
            ``provider-org`` or ``receiver-org`` element.

    Example:
        >>> FlowOrganisation(ref="XM-DAC-41114", activity_id="XM-DAC-41114-1").activity_id
        'XM-DAC-41114-1'
    """

    ref: str | None = attrs.field(default=None, validator=_check_optional_text)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    type: str | None = code_field("OrganisationType")
    activity_id: str | None = attrs.field(default=None, validator=_check_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_flow_extras)

    def __attrs_post_init__(self) -> None:
        stated = (self.ref, self.name, self.type, self.activity_id)
        if not self.extras and all(part is None for part in stated):
            raise InvalidValueError(
                "ref", None, "be given when the organisation has no name, type or activity id"
            )


@attrs.frozen
@checked
class Transaction:
    """A money flow that happened (or was committed) on a date (IATI ``transaction``).

    Args:
        type: IATI TransactionType code (``"2"`` outgoing commitment, ``"3"`` disbursement,
            ``"4"`` expenditure...).
        date: When it happened.
        amount: How much, in the currency stated (or the activity's default currency).
        value_date: The day the amount's currency value is taken at, if stated.
        ref: The publisher's own reference for the transaction.
        description: What it is for.
        provider: Where the money came from.
        receiver: Where it went.
        humanitarian: Whether it is humanitarian aid, if stated (IATI ``@humanitarian``).
        disbursement_channel: IATI DisbursementChannel code: how the money flows (``"1"``
            through the recipient government's treasury...).
        sectors: The sectors it goes to, when the publisher states them per transaction
            instead of for the programme (no percentages).
        recipient_country: The country it goes to, when stated per transaction (no percentage).
        recipient_region: The region it goes to, when stated per transaction (no percentage).
        finance: Its own flow type, finance type, aid types and tied status; each part it
            lacks is the programme's default (``finance.over(programme.finance)``).
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the
            ``transaction`` element (``"@{http://afdb.org/iati/}finance-type-id"``).

    Example:
        >>> t = Transaction("3", "2024-02-01", Money(1000, "EUR"), humanitarian=True,
        ...                 sectors=[SectorShare("72010")], recipient_country=CountryShare("UA"),
        ...                 finance=FinanceClassification(finance_type="110"))
        >>> t.finance.over(FinanceClassification(flow_type="10")).flow_type
        '10'
    """

    type: str = attrs.field(**code_spec("TransactionType"))
    date: PartialDate = attrs.field(converter=as_partial_date)
    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    ref: str | None = attrs.field(default=None, validator=_check_optional_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    provider: FlowOrganisation | None = None
    receiver: FlowOrganisation | None = None
    humanitarian: bool | None = None
    disbursement_channel: str | None = code_field("DisbursementChannel")
    sectors: tuple[SectorShare, ...] = attrs.field(default=(), converter=_as_sectors)
    recipient_country: CountryShare | None = None
    recipient_region: RegionShare | None = None
    finance: FinanceClassification | None = None
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_flow_extras)

    def __attrs_post_init__(self) -> None:
        for index, sector in enumerate(self.sectors):
            if sector.percentage is not None:
                raise InvalidValueError(
                    f"sectors[{index}].percentage",
                    sector.percentage,
                    "be None: a transaction's sector has no share",
                )
        for name in ("recipient_country", "recipient_region"):
            share: CountryShare | RegionShare | None = getattr(self, name)
            if share is not None and share.percentage is not None:
                raise InvalidValueError(
                    f"{name}.percentage",
                    share.percentage,
                    f"be None: a transaction's {name[10:]} has no share",
                )

    @property
    def type_name(self) -> str:
        """The English name of the transaction type."""
        return codelist("TransactionType").name_of(self.type) or self.type


@attrs.frozen
@checked
class PlannedDisbursement:
    """An amount expected to be paid out in a period (IATI ``planned-disbursement``).

    Args:
        period: The period it is planned for.
        amount: How much.
        type: IATI BudgetType code (``"1"`` original, ``"2"`` revised), if stated.
        value_date: The day the amount's currency value is taken at, if stated.
        provider: Who pays it.
        receiver: Who receives it.
        extras: Content in the source that the IATI schema does not define (attributes and
            elements of another namespace), kept verbatim; paths are relative to the
            ``planned-disbursement`` element.

    Example:
        >>> pd = PlannedDisbursement(Period.parse("2023-01-01", "2023-12-31"), Money(500000, "EUR"))
        >>> pd.amount.currency
        'EUR'
    """

    period: Period
    amount: Money
    type: str | None = code_field("BudgetType")
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    provider: FlowOrganisation | None = None
    receiver: FlowOrganisation | None = None
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_flow_extras)


# --- CRS additions and forward spending: what the OECD DAC statistics ask of a programme -------

if TYPE_CHECKING:

    def _as_other_flags(value: Iterable[OtherFlag]) -> tuple[OtherFlag, ...]: ...
    def _as_forecasts(value: Iterable[Forecast]) -> tuple[Forecast, ...]: ...
    def _as_crs_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_other_flags = _as_forecasts = _as_crs_extras = None


@attrs.frozen
@checked
class OtherFlag:
    """An OECD DAC CRS flag on a programme (IATI ``crs-add/other-flags``).

    Args:
        code: IATI CRSAddOtherFlags (``"1"`` free-standing technical cooperation,
            ``"2"`` programme-based approach, ``"3"`` investment project, ``"4"`` associated financing).
        significance: Whether the flag applies.

    Example:
        >>> OtherFlag("1", True).significance
        True
    """

    code: str = attrs.field(**code_spec("CRSAddOtherFlags"))
    significance: bool


@attrs.frozen
@checked
class LoanTerms:
    """The terms of a loan, as the OECD DAC CRS asks for them (IATI ``crs-add/loan-terms``).

    Args:
        rate_1: The interest rate in percent (the first rate, when it changes).
        rate_2: The second interest rate in percent, if the rate changes.
        repayment_type: IATI LoanRepaymentType (``"1"`` equal principal payments, ``"2"`` annuity...).
        repayment_plan: IATI LoanRepaymentPeriod (``"1"`` annual, ``"2"`` semi-annual...).
        commitment_date: The day the loan was committed.
        repayment_first_date: The day of the first repayment.
        repayment_final_date: The day of the final repayment.

    Example:
        >>> LoanTerms(rate_1="4", repayment_type="1", commitment_date="2013-09-01").rate_1
        Decimal('4')
    """

    rate_1: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    rate_2: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    repayment_type: str | None = code_field("LoanRepaymentType")
    repayment_plan: str | None = code_field("LoanRepaymentPeriod")
    commitment_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    repayment_first_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    repayment_final_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)


@attrs.frozen
@checked
class LoanStatus:
    """Where a loan stands at the end of a year (IATI ``crs-add/loan-status``).

    The amounts share one currency.

    Args:
        year: The year it reports on.
        value_date: The day the amounts' currency value is taken at.
        interest_received: Interest received during the year.
        principal_outstanding: Principal still owed at the end of the year.
        principal_arrears: Principal overdue at the end of the year.
        interest_arrears: Interest overdue at the end of the year.

    Example:
        >>> status = LoanStatus(2014, "2014-01-01", interest_received=Money(200000, "GBP"))
        >>> str(status.interest_received)
        'GBP 200,000'
    """

    year: int
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    interest_received: Money | None = None
    principal_outstanding: Money | None = None
    principal_arrears: Money | None = None
    interest_arrears: Money | None = None

    def __attrs_post_init__(self) -> None:
        currency = None
        for name in ("interest_received", "principal_outstanding", "principal_arrears", "interest_arrears"):
            amount: Money | None = getattr(self, name)
            if amount is None:
                continue
            if currency is None:
                currency = amount.currency
            elif amount.currency != currency:
                raise InvalidValueError(name, amount, f"be in {currency}, the currency of the other amounts")

    @property
    def currency(self) -> str | None:
        """The amounts' currency, ``None`` when there is no amount."""
        for amount in (
            self.interest_received,
            self.principal_outstanding,
            self.principal_arrears,
            self.interest_arrears,
        ):
            if amount is not None:
                return amount.currency
        return None


@attrs.frozen
@checked
class CrsAdditions:
    """What the OECD DAC Creditor Reporting System asks beyond IATI's own fields (IATI ``crs-add``).

    Args:
        other_flags: CRS flags (free-standing technical cooperation, programme-based approach...).
        loan_terms: The terms of a loan.
        loan_status: Where a loan stands at the end of a year.
        channel_code: IATI CRSChannelCode: the channel the money goes through.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> crs = CrsAdditions(other_flags=[OtherFlag("1", True)], channel_code="21039")
        >>> crs.channel_code
        '21039'
    """

    other_flags: tuple[OtherFlag, ...] = attrs.field(default=(), converter=_as_other_flags)
    loan_terms: LoanTerms | None = None
    loan_status: LoanStatus | None = None
    channel_code: str | None = code_field("CRSChannelCode")
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_crs_extras)


@attrs.frozen
@checked
class Forecast:
    """An amount a programme expects to spend in a year (IATI ``fss/forecast``).

    Args:
        year: The calendar year.
        amount: How much.
        value_date: The day the amount's currency value is taken at, if stated.

    Example:
        >>> Forecast(2025, Money(10000, "GBP")).year
        2025
    """

    year: int
    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)


@attrs.frozen
@checked
class ForwardSpending:
    """A forward spending survey: the spending a programme expects in coming years (IATI ``fss``).

    Args:
        extraction_date: The day the forecasts were taken from the publisher's systems.
        forecasts: The amounts expected per year.
        priority: Whether the programme is a priority (hard to reschedule), if stated.
        phaseout_year: The year the programme is expected to be phased out, if stated.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> fss = ForwardSpending("2014-01-01", [Forecast(2014, Money(10000, "GBP"))], priority=True)
        >>> fss.extraction_date
        datetime.date(2014, 1, 1)
    """

    extraction_date: dt.date = attrs.field(converter=as_date)
    forecasts: tuple[Forecast, ...] = attrs.field(default=(), converter=_as_forecasts)
    priority: bool | None = None
    phaseout_year: int | None = None
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_crs_extras)
