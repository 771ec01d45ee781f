"""Translated names of the model's enumerations (status, roles, kinds...), through the gettext catalogs.

Example:
    >>> from itaproj.programme import Status
    >>> status_label(Status.CLOSED, "uk"), status_label(Status.CLOSED, "en")
    ('завершено', 'closed')
"""

from __future__ import annotations

from itaproj.activity import ActivityKind, Frequency
from itaproj.beneficiary import BeneficiaryKind
from itaproj.l10n.catalogs import translations
from itaproj.org import Role
from itaproj.programme import DateKind, ProgrammeKind, RelationKind, Status
from itaproj.results import ResultKind

__all__ = [
    "activity_kind_label",
    "beneficiary_kind_label",
    "date_kind_label",
    "frequency_label",
    "programme_kind_label",
    "relation_kind_label",
    "result_kind_label",
    "role_label",
    "significance_label",
    "status_label",
]


def status_label(status: Status, locale: str) -> str:
    """The IATI activity status in words."""
    tr = translations(locale)
    labels = {
        Status.PIPELINE: tr.pgettext("status", "pipeline"),
        Status.IMPLEMENTATION: tr.pgettext("status", "implementation"),
        Status.FINALISATION: tr.pgettext("status", "finalisation"),
        Status.CLOSED: tr.pgettext("status", "closed"),
        Status.CANCELLED: tr.pgettext("status", "cancelled"),
        Status.SUSPENDED: tr.pgettext("status", "suspended"),
    }
    return labels[status]


def programme_kind_label(kind: ProgrammeKind, locale: str) -> str:
    """Programme, project or initiative."""
    tr = translations(locale)
    labels = {
        ProgrammeKind.PROGRAMME: tr.pgettext("kind", "programme"),
        ProgrammeKind.PROJECT: tr.pgettext("kind", "project"),
        ProgrammeKind.INITIATIVE: tr.pgettext("kind", "initiative"),
    }
    return labels[kind]


def role_label(role: Role, locale: str) -> str:
    """The heading for the organisations in ``role`` ("Funders", "Implementers"...).

    Example:
        >>> role_label(Role.FUNDING, "ru")
        'Доноры'
    """
    tr = translations(locale)
    labels = {
        Role.FUNDING: tr.gettext("Funders"),
        Role.ACCOUNTABLE: tr.gettext("Accountable"),
        Role.EXTENDING: tr.gettext("Extending agencies"),
        Role.IMPLEMENTING: tr.gettext("Implementers"),
        Role.RECIPIENT: tr.gettext("Recipients"),
        Role.BENEFICIARY: tr.gettext("Beneficiaries (legal)"),
    }
    return labels[role]


def date_kind_label(kind: DateKind, locale: str) -> str:
    """The label of a key date ("Announced", "Signed"...)."""
    tr = translations(locale)
    labels = {
        DateKind.PLANNED_START: tr.gettext("Planned start"),
        DateKind.ACTUAL_START: tr.gettext("Actual start"),
        DateKind.PLANNED_END: tr.gettext("Planned end"),
        DateKind.ACTUAL_END: tr.gettext("Actual end"),
        DateKind.ANNOUNCED: tr.gettext("Announced"),
        DateKind.SIGNED: tr.gettext("Signed"),
        DateKind.REGISTERED: tr.gettext("Registered"),
    }
    return labels[kind]


def relation_kind_label(kind: RelationKind, locale: str) -> str:
    """The label of a related programme ("Part of", "Includes"...)."""
    tr = translations(locale)
    labels = {
        RelationKind.PARENT: tr.gettext("Part of"),
        RelationKind.CHILD: tr.gettext("Includes"),
        RelationKind.SIBLING: tr.gettext("Related"),
        RelationKind.CO_FUNDED: tr.gettext("Co-funded"),
        RelationKind.THIRD_PARTY: tr.gettext("Third-party report"),
    }
    return labels[kind]


def activity_kind_label(kind: ActivityKind, locale: str) -> str:
    """The kind of an activity, as a short tag ("grant", "event")."""
    tr = translations(locale)
    labels = {
        ActivityKind.LINE: tr.pgettext("activity", "line of work"),
        ActivityKind.ACTIVITY: tr.pgettext("activity", "activity"),
        ActivityKind.EVENT: tr.pgettext("activity", "event"),
        ActivityKind.GRANT: tr.pgettext("activity", "grant"),
        ActivityKind.OBLIGATION: tr.pgettext("activity", "obligation"),
        ActivityKind.OTHER: tr.pgettext("activity", "other"),
    }
    return labels[kind]


def frequency_label(frequency: Frequency, locale: str) -> str:
    """How often: "every year"."""
    tr = translations(locale)
    labels = {
        Frequency.YEARLY: tr.gettext("every year"),
        Frequency.QUARTERLY: tr.gettext("every quarter"),
        Frequency.MONTHLY: tr.gettext("every month"),
        Frequency.WEEKLY: tr.gettext("every week"),
    }
    return labels[frequency]


def beneficiary_kind_label(kind: BeneficiaryKind, locale: str) -> str:
    """The kind of a target group's members, as a plural noun ("communities")."""
    tr = translations(locale)
    labels = {
        BeneficiaryKind.COUNTRY: tr.pgettext("beneficiaries", "countries"),
        BeneficiaryKind.REGION: tr.pgettext("beneficiaries", "regions"),
        BeneficiaryKind.MUNICIPALITY: tr.pgettext("beneficiaries", "municipalities"),
        BeneficiaryKind.COMMUNITY: tr.pgettext("beneficiaries", "communities"),
        BeneficiaryKind.ORGANISATION: tr.pgettext("beneficiaries", "organisations"),
        BeneficiaryKind.PEOPLE: tr.pgettext("beneficiaries", "people"),
    }
    return labels[kind]


def result_kind_label(kind: ResultKind, locale: str) -> str:
    """Output, outcome, impact or other."""
    tr = translations(locale)
    labels = {
        ResultKind.OUTPUT: tr.pgettext("result", "output"),
        ResultKind.OUTCOME: tr.pgettext("result", "outcome"),
        ResultKind.IMPACT: tr.pgettext("result", "impact"),
        ResultKind.OTHER: tr.pgettext("result", "other"),
    }
    return labels[kind]


def significance_label(significance: int, locale: str) -> str:
    """IATI PolicySignificance 0-4 in words.

    Example:
        >>> significance_label(1, "en")
        'significant objective'
    """
    tr = translations(locale)
    labels = {
        0: tr.pgettext("significance", "not targeted"),
        1: tr.pgettext("significance", "significant objective"),
        2: tr.pgettext("significance", "principal objective"),
        3: tr.pgettext("significance", "principal objective and in support of an action programme"),
        4: tr.pgettext("significance", "explicit primary objective"),
    }
    return labels[significance]
