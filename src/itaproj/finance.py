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
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field, code_spec, codelist
from itaproj.errors import InvalidValueError
from itaproj.money import Money
from itaproj.period import PartialDate, Period, as_optional_date, as_partial_date
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, checked

__all__ = ["AidType", "FinanceClassification", "FlowOrganisation", "PlannedDisbursement", "Transaction"]


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


@attrs.frozen
@checked
class FlowOrganisation:
    """The organisation money comes from or goes to, as far as the source names it.

    Unlike :class:`~itaproj.org.Organisation` it needs no catalogue key: transactions often
    name a receiver only by a text, or a provider only by its IATI identifier.

    Args:
        ref: Its IATI organisation identifier, if given.
        name: Its name, if given.
        type: IATI OrganisationType code, if given.
        activity_id: The IATI identifier of its own activity that the money comes from or
            goes to (IATI ``provider-activity-id`` / ``receiver-activity-id``).
    """

    ref: str | None = attrs.field(default=None, validator=_check_optional_text)
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    type: str | None = code_field("OrganisationType")
    activity_id: str | None = attrs.field(default=None, validator=_check_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.ref is None and self.name is None:
            raise InvalidValueError("ref", None, "be given when the organisation has no name")


@attrs.frozen
@checked
class Transaction:
    """A money flow that happened (or was committed) on a date.

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
    """

    type: str = attrs.field(**code_spec("TransactionType"))
    date: PartialDate = attrs.field(converter=as_partial_date)
    amount: Money
    value_date: dt.date | None = attrs.field(default=None, converter=as_optional_date)
    ref: str | None = attrs.field(default=None, validator=_check_optional_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    provider: FlowOrganisation | None = None
    receiver: FlowOrganisation | None = None

    @property
    def type_name(self) -> str:
        """The English name of the transaction type."""
        return codelist("TransactionType").name_of(self.type) or self.type


@attrs.frozen
@checked
class PlannedDisbursement:
    """An amount expected to be paid out in a period.

    Args:
        period: The period it is planned for.
        amount: How much.
        type: IATI BudgetType code (``"1"`` original, ``"2"`` revised), if stated.
        value_date: The day the amount's currency value is taken at, if stated.
        provider: Who pays it.
        receiver: Who receives it.

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
