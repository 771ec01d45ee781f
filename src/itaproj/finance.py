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
from typing import Any

import attrs

from itaproj.codelists import code_field, code_spec, codelist
from itaproj.errors import InvalidValueError
from itaproj.money import Money
from itaproj.period import PartialDate, Period, as_optional_date, as_partial_date
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, checked

__all__ = ["FlowOrganisation", "PlannedDisbursement", "Transaction"]


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
