"""Components and activities: what a programme does, nested as deep as the source nests it."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from itaproj.money import Money
from itaproj.period import PartialDate, Period, Span, as_optional_partial_date
from itaproj.text import LocalizedText
from itaproj.validation import (
    as_optional_percentage,
    as_optional_text,
    as_text,
    as_texts,
    check_key,
    checked,
)

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


if TYPE_CHECKING:

    def _as_activity_kind(value: ActivityKind | str) -> ActivityKind: ...
    def _as_frequency(value: Frequency | str) -> Frequency: ...
    def as_activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
        """A tuple of activities from any ordered iterable of them."""

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_activity_kind = _as_frequency = as_activities = None


@attrs.frozen
@checked
class Recurrence:
    """A repeating activity: "every year since 2004" is ``Recurrence(Frequency.YEARLY, since=PartialDate(2004))``."""

    frequency: Frequency = attrs.field(converter=_as_frequency)
    since: PartialDate | None = attrs.field(default=None, converter=as_optional_partial_date)
    until: PartialDate | None = attrs.field(default=None, converter=as_optional_partial_date)


@attrs.frozen
@checked
class RelativeDeadline:
    """A deadline counted from an event rather than a calendar date.

    Example:
        >>> from itaproj.period import TimeUnit
        >>> deadline = RelativeDeadline(Span(1, TimeUnit.YEAR), LocalizedText({"en": "joining"}))
        >>> str(deadline.within)
        '1 year'
    """

    within: Span
    event: LocalizedText = attrs.field(converter=as_text)


@attrs.frozen
@checked
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

    title: LocalizedText = attrs.field(converter=as_text)
    kind: ActivityKind = attrs.field(default=ActivityKind.ACTIVITY, converter=_as_activity_kind)
    code: str | None = None
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    period: Period | None = None
    recurrence: Recurrence | None = None
    deadline: RelativeDeadline | None = None
    eligibility: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    topics: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=as_activities)

    def walk(self) -> tuple[Activity, ...]:
        """This activity and all its descendants, depth first."""
        found: list[Activity] = [self]
        for child in self.activities:
            found.extend(child.walk())
        return tuple(found)


@attrs.frozen
@checked
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
    title: LocalizedText = attrs.field(converter=as_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    activities: tuple[Activity, ...] = attrs.field(default=(), converter=as_activities)
    stakeholders: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    budget_share: Decimal | None = attrs.field(default=None, converter=as_optional_percentage)
    budget: Money | None = None

    def walk(self) -> tuple[Activity, ...]:
        """Every activity of the component, nested ones included, depth first."""
        return tuple(found for activity in self.activities for found in activity.walk())
