"""Components and activities: what a programme does, nested as deep as the source nests it."""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from itaproj.money import Money
from itaproj.period import PartialDate, Period, Span
from itaproj.text import LocalizedText
from itaproj.validation import check_key, check_percentage, check_tuple

__all__ = [
    "Activity",
    "ActivityKind",
    "Component",
    "Frequency",
    "Recurrence",
    "RelativeDeadline",
]


class ActivityKind(enum.Enum):
    """What sort of thing an activity is."""

    LINE = "line"  #: a line or direction of work (напрям діяльності)
    ACTIVITY = "activity"  #: a concrete activity or measure (захід)
    EVENT = "event"  #: a held event (a conference, a Dialogue Day)
    GRANT = "grant"  #: a grant scheme or grant component
    OBLIGATION = "obligation"  #: something participants must do (submit a plan)
    OTHER = "other"


class Frequency(enum.Enum):
    """How often a recurring activity happens."""

    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    WEEKLY = "weekly"


@attrs.frozen
class Recurrence:
    """A repeating activity: "every year since 2004" is ``Recurrence(Frequency.YEARLY, since=PartialDate(2004))``."""

    frequency: Frequency
    since: PartialDate | None = None
    until: PartialDate | None = None


@attrs.frozen
class RelativeDeadline:
    """A deadline counted from an event rather than a calendar date.

    Example:
        >>> from itaproj.period import TimeUnit
        >>> deadline = RelativeDeadline(Span(1, TimeUnit.YEAR), LocalizedText({"en": "joining"}))
        >>> str(deadline.within)
        '1 year'
    """

    within: Span
    event: LocalizedText


@attrs.frozen
class Activity:
    """An activity or line of work, with nested sub-activities.

    Args:
        title: What it is called.
        kind: Line of work, activity, event, grant, obligation...
        code: The programme's own code for it, if any.
        description: Longer text.
        period: When it runs, if stated.
        recurrence: For repeating activities ("every year since 2004").
        deadline: For obligations counted from an event ("within a year of joining").
        eligibility: Who may take part (a grant's eligibility rule).
        topics: Sectors or themes it covers, as listed in the source.
        activities: Sub-activities, in source order.
    """

    title: LocalizedText
    kind: ActivityKind = ActivityKind.ACTIVITY
    code: str | None = None
    description: LocalizedText | None = None
    period: Period | None = None
    recurrence: Recurrence | None = None
    deadline: RelativeDeadline | None = None
    eligibility: LocalizedText | None = None
    topics: tuple[LocalizedText, ...] = attrs.field(default=(), validator=check_tuple)
    activities: tuple[Activity, ...] = attrs.field(default=(), validator=check_tuple)

    def walk(self) -> tuple[Activity, ...]:
        """This activity and all its descendants, depth first."""
        found: list[Activity] = [self]
        for child in self.activities:
            found.extend(child.walk())
        return tuple(found)


@attrs.frozen
class Component:
    """A component of a programme, with its own code (PROMIS numbers them 1000, 2000, 3000).

    Args:
        code: The programme's own code; a label, not a position.
        title: What it is called.
        description: Longer text.
        activities: Its activities, in source order.
        stakeholders: Groups it involves, as the source lists them.
        budget_share: Its share of the programme budget in percent, when stated.
        budget: Its own budget, when stated.
    """

    code: str = attrs.field(validator=check_key)
    title: LocalizedText
    description: LocalizedText | None = None
    activities: tuple[Activity, ...] = attrs.field(default=(), validator=check_tuple)
    stakeholders: tuple[LocalizedText, ...] = attrs.field(default=(), validator=check_tuple)
    budget_share: Decimal | None = attrs.field(default=None, validator=check_percentage)
    budget: Money | None = None

    def walk(self) -> tuple[Activity, ...]:
        """Every activity of the component, nested ones included, depth first."""
        return tuple(found for activity in self.activities for found in activity.walk())
