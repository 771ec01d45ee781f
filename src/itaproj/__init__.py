"""itaproj: one typed model of international technical assistance (ITA) programmes.

Import the nouns from here::

    >>> from itaproj import LocalizedText, Money, Programme, Period
    >>> p = Programme("m4eg", LocalizedText({"en": "Mayors for Economic Growth"}),
    ...               period=Period.parse("2017", "2020"))
    >>> str(p.duration)
    '26–48'
"""

from __future__ import annotations

import sys as _sys

from itaproj.activity import Activity, ActivityKind, Component, Frequency, Recurrence, RelativeDeadline
from itaproj.allocation import Granularity, Proration
from itaproj.beneficiary import Beneficiary, BeneficiaryKind, Cluster, Selection, TargetGroup
from itaproj.budget import Budget, BudgetItem, BudgetKind, BudgetLine, BudgetStatus, CountryBudgetItems
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
    MissingRateError,
    UnknownCodelistError,
)
from itaproj.extras import Extra, ExtraFormat
from itaproj.finance import (
    AidType,
    CrsAdditions,
    FinanceClassification,
    FlowOrganisation,
    Forecast,
    ForwardSpending,
    LoanStatus,
    LoanTerms,
    OtherFlag,
    PlannedDisbursement,
    Transaction,
)
from itaproj.geo import AdministrativeArea, CountryShare, Location, PlaceId, Point, RegionShare, Site
from itaproj.money import ExchangeRate, Money
from itaproj.org import Contact, Organisation, Participant, Person, Role
from itaproj.organisation_file import (
    LineItem,
    OrganisationBudget,
    OrganisationDocument,
    OrganisationExpenditure,
    OrganisationFile,
    OrganisationRecord,
)
from itaproj.period import MonthRange, PartialDate, Period, Precision, Span, TimeUnit
from itaproj.programme import (
    Catalogue,
    Condition,
    Conditions,
    DateKind,
    Description,
    DescriptionKind,
    DocumentLink,
    KeyDate,
    LegacyData,
    OtherIdentifier,
    Programme,
    ProgrammeKind,
    Publication,
    Relation,
    RelationKind,
    SectorShare,
    Status,
)
from itaproj.quantity import Count, Measure, Qualifier
from itaproj.rates import RatePolicy, RateProvider
from itaproj.results import (
    Dimension,
    Indicator,
    IndicatorMeasure,
    IndicatorReference,
    Observation,
    Result,
    ResultKind,
    ResultReference,
)
from itaproj.text import LocalizedText
from itaproj.themes import CrossCuttingTheme, HumanitarianScope, Tag

__version__ = "0.1.0"

__all__ = [
    "Activity",
    "ActivityKind",
    "AdministrativeArea",
    "AidType",
    "AmountRangeError",
    "Beneficiary",
    "BeneficiaryKind",
    "BoundArithmeticError",
    "Budget",
    "BudgetItem",
    "BudgetKind",
    "BudgetLine",
    "BudgetStatus",
    "Catalogue",
    "Cluster",
    "Codelist",
    "CodelistItem",
    "Component",
    "Condition",
    "Conditions",
    "Contact",
    "Count",
    "CountryBudgetItems",
    "CountryShare",
    "CrossCuttingTheme",
    "CrsAdditions",
    "CurrencyMismatchError",
    "DateKind",
    "Description",
    "DescriptionKind",
    "Dimension",
    "DocumentLink",
    "ExchangeRate",
    "Extra",
    "ExtraFormat",
    "FinanceClassification",
    "FlowOrganisation",
    "Forecast",
    "ForwardSpending",
    "Frequency",
    "Granularity",
    "HumanitarianScope",
    "Indicator",
    "IndicatorMeasure",
    "IndicatorReference",
    "InvalidValueError",
    "ItaprojError",
    "KeyDate",
    "LegacyData",
    "LineItem",
    "LoadError",
    "LoadIssue",
    "LoanStatus",
    "LoanTerms",
    "LocalizedText",
    "Location",
    "Measure",
    "MissingDependencyError",
    "MissingRateError",
    "Money",
    "MonthRange",
    "Observation",
    "Organisation",
    "OrganisationBudget",
    "OrganisationDocument",
    "OrganisationExpenditure",
    "OrganisationFile",
    "OrganisationRecord",
    "OtherFlag",
    "OtherIdentifier",
    "PartialDate",
    "Participant",
    "Period",
    "Person",
    "PlaceId",
    "PlannedDisbursement",
    "Point",
    "Precision",
    "Programme",
    "ProgrammeKind",
    "Proration",
    "Publication",
    "Qualifier",
    "RatePolicy",
    "RateProvider",
    "Recurrence",
    "RegionShare",
    "Relation",
    "RelationKind",
    "RelativeDeadline",
    "Result",
    "ResultKind",
    "ResultReference",
    "Role",
    "SectorShare",
    "Selection",
    "Site",
    "Span",
    "Status",
    "Tag",
    "TargetGroup",
    "TimeUnit",
    "Transaction",
    "UnknownCodelistError",
    "__version__",
    "codelist",
]


def _views_for_ipython() -> None:
    """Inside a running IPython (Jupyter ...), show itaproj's values as HTML: :mod:`itaproj.notebook`."""
    if "IPython" in _sys.modules:
        from itaproj.notebook import register

        register()


_views_for_ipython()
