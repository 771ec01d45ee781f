"""itaproj: one typed model of international technical assistance (ITA) programmes.

Import the nouns from here::

    >>> from itaproj import LocalizedText, Money, Programme, Period
    >>> p = Programme("m4eg", LocalizedText({"en": "Mayors for Economic Growth"}),
    ...               period=Period.parse("2017", "2020"))
    >>> str(p.duration)
    '26–48'
"""

from __future__ import annotations

from itaproj.activity import Activity, ActivityKind, Component, Frequency, Recurrence, RelativeDeadline
from itaproj.beneficiary import Beneficiary, BeneficiaryKind, Cluster, Selection, TargetGroup
from itaproj.budget import Budget, BudgetKind, BudgetLine, BudgetStatus
from itaproj.codelists import Codelist, CodelistItem, codelist
from itaproj.errors import (
    AmountRangeError,
    BoundArithmeticError,
    CurrencyMismatchError,
    InvalidValueError,
    ItaprojError,
    LoadError,
    LoadIssue,
    MissingDependencyError,
    UnknownCodelistError,
)
from itaproj.extras import Extra
from itaproj.finance import AidType, FinanceClassification, FlowOrganisation, PlannedDisbursement, Transaction
from itaproj.geo import CountryShare, Location, RegionShare
from itaproj.money import ExchangeRate, Money
from itaproj.org import Organisation, Participant, Person, Role
from itaproj.period import MonthRange, PartialDate, Period, Precision, Span, TimeUnit
from itaproj.programme import (
    Catalogue,
    DateKind,
    DocumentLink,
    KeyDate,
    Programme,
    ProgrammeKind,
    Relation,
    RelationKind,
    SectorShare,
    Status,
)
from itaproj.quantity import Count, Measure, Qualifier
from itaproj.results import Indicator, IndicatorMeasure, Observation, Result, ResultKind
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "ActivityKind",
    "AidType",
    "AmountRangeError",
    "Beneficiary",
    "BeneficiaryKind",
    "BoundArithmeticError",
    "Budget",
    "BudgetKind",
    "BudgetLine",
    "BudgetStatus",
    "Catalogue",
    "Cluster",
    "Codelist",
    "CodelistItem",
    "Component",
    "Count",
    "CountryShare",
    "CrossCuttingTheme",
    "CurrencyMismatchError",
    "DateKind",
    "DocumentLink",
    "ExchangeRate",
    "Extra",
    "FinanceClassification",
    "FlowOrganisation",
    "Frequency",
    "Indicator",
    "IndicatorMeasure",
    "InvalidValueError",
    "ItaprojError",
    "KeyDate",
    "LoadError",
    "LoadIssue",
    "LocalizedText",
    "Location",
    "Measure",
    "MissingDependencyError",
    "Money",
    "MonthRange",
    "Observation",
    "Organisation",
    "PartialDate",
    "Participant",
    "Period",
    "Person",
    "PlannedDisbursement",
    "Precision",
    "Programme",
    "ProgrammeKind",
    "Qualifier",
    "Recurrence",
    "RegionShare",
    "Relation",
    "RelationKind",
    "RelativeDeadline",
    "Result",
    "ResultKind",
    "Role",
    "SectorShare",
    "Selection",
    "Span",
    "Status",
    "TargetGroup",
    "TimeUnit",
    "Transaction",
    "UnknownCodelistError",
    "__version__",
    "codelist",
]
