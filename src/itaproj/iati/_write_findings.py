"""What the IATI writer cannot carry, what IATI requires that the model lacks, and the schema check.

:func:`itaproj.iati.write_with_findings` reports, with the ``$``-path of each value in the model:

- **warnings** for detail the model holds that IATI 2.03 cannot carry, left out of the output
  (a bounded or approximate amount, a date known only to the year or month where IATI needs a
  day, a date kind or organisation role IATI lacks, people, target groups, nested activities,
  a budget total, ...), and for facts the IATI Standard Ruleset requires that the model does not
  state (a policy marker's significance, recipient percentages): the schema accepts the output,
  IATI's validator does not;
- **errors** for what IATI's schema requires that the model does not hold (a reporting
  organisation, a status, an activity date, a description, a budget's value date, a result's
  type, ...): the element is written without it, so the output is not schema-valid until the
  fact is supplied; each message says which field to set.

:class:`SchemaCheck` then validates every activity as it is written (rule ``iati.schema``,
located at the XPath and line of the output), without reading the output again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, cast

from itaproj.findings import Finding, Severity
from itaproj.iati._mapping import Unmapped, is_full_period, period_from_dates, qualified, short_message
from itaproj.iati._parse import etree
from itaproj.money import Money
from itaproj.programme import Catalogue, Programme
from itaproj.quantity import Measure, Qualifier

__all__ = ["REQUIRED", "SchemaCheck", "WriteFindings"]

#: The children every ``iati-activity`` must have (besides ``iati-identifier`` and ``title``,
#: which every programme gives), in schema order.
REQUIRED = ("reporting-org", "description", "participating-org", "activity-status", "activity-date")

_WARNING, _ERROR = Severity.WARNING, Severity.ERROR
#: Extras the writer writes: in an activity, an element slot (``budget[2]``), an attribute of
#: one (``budget[2]/@type``) or of the activity (``@x``); in the catalogue, an attribute of the
#: root or an element under it (``ir:registry-record[1]``).
_WRITTEN_EXTRA = re.compile(r"@.*|.*?\[\d+\](?:/@.*)?", re.DOTALL)
_WRITTEN_ROOT_EXTRA = re.compile(r"@.*|[^@/\[\]]+\[\d+\]", re.DOTALL)


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


class WriteFindings:
    """The findings of one write, each once, in the order found."""

    def __init__(self, check_schema: bool = True) -> None:
        self._found: dict[tuple[str, str, str], Finding] = {}
        self.check_schema = check_schema
        self._schema: SchemaCheck | None = None

    def start(self, catalogue: Catalogue, head: bytes) -> None:
        """Begin a write: the catalogue's own findings; ``head`` is the root start tag written."""
        self.catalogue(catalogue)
        self._schema = SchemaCheck(head) if self.check_schema else None

    def written(self, element: etree._Element, data: bytes) -> None:
        """An activity was written as ``data`` (parsed as ``element``): validate it."""
        if self._schema is not None:
            self._schema.activity(element, data)

    def finish(self, tail: bytes = b"") -> None:
        """The last activity was written, then ``tail`` under the root: validate the root."""
        if self._schema is not None:
            self._schema.root(tail)

    def add(self, what: str, severity: Severity, message: str, path: str) -> None:
        """Add the finding ``iati.write.<what>`` (a repeat of one already found is dropped)."""
        finding = Finding(f"iati.write.{what}", severity, short_message(message), path)
        self._found.setdefault((finding.rule, finding.path, finding.message), finding)

    def findings(self) -> tuple[Finding, ...]:
        """The writer's findings, then the schema's."""
        schema = () if self._schema is None else self._schema.findings
        return (*self._found.values(), *schema)

    # --- the catalogue and each programme ---------------------------------------------------

    def catalogue(self, catalogue: Catalogue) -> None:
        """What the catalogue holds outside its programmes that IATI has no place for."""
        if not catalogue.programmes:
            self.add(
                "empty",
                _ERROR,
                "IATI requires at least one iati-activity; the catalogue holds no programme",
                "$.programmes",
            )
        if catalogue.title is not None:
            self.add("unmapped", _WARNING, "an IATI activity file has no title: not written", "$.title")
        if catalogue.directory:
            self.add(
                "unmapped",
                _WARNING,
                f"{_count(len(catalogue.directory), 'organisation')} in the directory, named by no "
                "programme: IATI names organisations only in activities: not written",
                "$.directory",
            )
        self._extras(catalogue.extras, "$", root=True)

    def programme(self, programme: Programme, path: str) -> None:
        """What a programme holds outside the elements written that IATI has no place for."""
        if programme.iati_identifier is None:
            self.add(
                "identifier",
                _WARNING,
                f"no IATI identifier: the key {programme.key!r} is written as iati-identifier; an IATI "
                "identifier is the reporting organisation's ref, a hyphen and the activity's own id: "
                "set iati_identifier",
                f"{path}.iati_identifier",
            )
        simple = (
            ("acronym", "an acronym"),
            ("kind", "the kind of programme"),
            ("declared_duration", "a declared duration"),
        )
        for field, what in simple:
            if getattr(programme, field) is not None:
                self.add(
                    "unmapped", _WARNING, f"IATI has no place for {what}: not written", f"{path}.{field}"
                )
        if programme.period is not None and programme.period != period_from_dates(programme.dates):
            self.add(
                "period",
                _WARNING,
                f"the period {programme.period} is not written: IATI states when an activity runs as "
                "planned and actual start and end days; give those as dates (KeyDate with "
                "DateKind.PLANNED_START ... ACTUAL_END and a date to the day)",
                f"{path}.period",
            )
        if programme.people:
            self.add(
                "people",
                _WARNING,
                f"{_count(len(programme.people), 'person', 'people')} named: IATI activities have no place for "
                "people: not written",
                f"{path}.people",
            )
        if programme.target_groups:
            self.add(
                "target-groups",
                _WARNING,
                f"{_count(len(programme.target_groups), 'target group')}: IATI activities have no place "
                "for beneficiaries: not written",
                f"{path}.target_groups",
            )
        if programme.activities:
            self._activities(programme.activities, f"{path}.activities")
        for number, component in enumerate(programme.components):
            where = f"{path}.components[{number}]"
            if component.activities:
                self._activities(component.activities, f"{where}.activities")
            if component.stakeholders:
                self.add(
                    "unmapped",
                    _WARNING,
                    "IATI has no place for stakeholders: not written",
                    f"{where}.stakeholders",
                )
            for field, what in (
                ("budget_share", "a component's budget share"),
                ("budget", "a component's budget"),
            ):
                if getattr(component, field) is not None:
                    self.add(
                        "unmapped", _WARNING, f"IATI has no place for {what}: not written", f"{where}.{field}"
                    )
        self._budget(programme, path)
        self._percentages(programme, path)
        self._extras(programme.extras, path)

    def _activities(self, activities: Iterable[Any], path: str) -> None:
        found = [nested for activity in activities for nested in activity.walk()]
        self.add(
            "activities",
            _WARNING,
            f"{_count(len(found), 'activity', 'activities')} (nested ones included): IATI has no activities inside "
            "an activity (only components become child activities): not written",
            path,
        )

    def _budget(self, programme: Programme, path: str) -> None:
        budget = programme.budget
        if budget is None:
            return
        if budget.total is not None:
            self.add(
                "budget-total",
                _WARNING,
                f"the total {budget.total} is not written: IATI budgets are amounts per period of at "
                "most a year (give them as budget lines)",
                f"{path}.budget.total",
            )
        for field in ("kind", "status", "value_date"):
            if getattr(budget, field) is not None:
                self.add(
                    "unmapped",
                    _WARNING,
                    f"IATI states a budget's {field.replace('_', ' ')} on each line, not on the whole "
                    "budget: not written (set it on the lines)",
                    f"{path}.budget.{field}",
                )

    def _percentages(self, programme: Programme, path: str) -> None:
        """IATI Standard Ruleset 2.1.1, 3.1.1 and 3.4.1: each of several shares needs a percentage.

        Grouped as the ruleset groups them: sectors per vocabulary; recipient countries alone
        when there is no region, else with the regions of each region vocabulary.
        """
        countries = [
            ("recipient_countries", number, share)
            for number, share in enumerate(programme.recipient_countries)
        ]
        regions: dict[str, list[tuple[str, int, Any]]] = {}
        for number, region in enumerate(programme.recipient_regions):
            regions.setdefault(region.vocabulary, []).append(("recipient_regions", number, region))
        sectors: dict[str, list[tuple[str, int, Any]]] = {}
        for number, sector in enumerate(programme.sectors):
            sectors.setdefault(sector.vocabulary, []).append(("sectors", number, sector))
        groups = [] if regions else [(countries, "3.1.1", "recipient countries")]
        groups.extend(
            (countries + members, "3.4.1", f"recipient countries and regions of vocabulary {vocabulary}")
            for vocabulary, members in regions.items()
        )
        groups.extend(
            (members, "2.1.1", f"sectors of vocabulary {vocabulary}")
            for vocabulary, members in sectors.items()
        )
        for members, rule_id, what in groups:
            lacking = [(field, number) for field, number, share in members if share.percentage is None]
            if len(members) > 1 and lacking:
                field, number = lacking[0]
                self.add(
                    "percentage",
                    _WARNING,
                    f"IATI requires a percentage for each of several {what} (IATI rule {rule_id}); "
                    f"{_count(len(lacking), 'has', 'have')} none: set each share's percentage",
                    f"{path}.{field}[{number}].percentage",
                )

    def _extras(self, extras: Iterable[Any], path: str, root: bool = False) -> None:
        for number, extra in enumerate(extras):
            pattern = _WRITTEN_ROOT_EXTRA if root else _WRITTEN_EXTRA
            written = extra.format == "xml" and pattern.fullmatch(extra.path) is not None
            if not written:
                self.add(
                    "extra",
                    _WARNING,
                    f"a {extra.format} extra ({extra.path!r}) has no place in IATI XML: not written",
                    f"{path}.extras[{number}]",
                )

    # --- each activity as written ------------------------------------------------------------

    def unmapped(self, error: Unmapped, tag: str, path: str) -> None:
        """A value the writer left out (its element is not written)."""
        self.add(error.rule, _WARNING, f"{error.reason}: this {tag} is not written", path + error.path)

    def missing(self, present: Iterable[str], path: str, programme_path: str) -> None:
        """The required children an activity was written without.

        ``path``: the activity's ``$``-path (a component's for a child activity);
        ``programme_path``: its programme's (whose reporting organisation, participants, status
        and dates a component's activity takes).
        """
        missing = [tag for tag in REQUIRED if tag not in set(present)]
        advice = {
            "reporting-org": (
                programme_path,
                "IATI requires a reporting-org (the publisher) in every activity; the model holds "
                "none: pass reporting_org=Organisation(..., ref=..., type=...) to write (itaproj "
                "convert --reporting-org)",
            ),
            "description": (
                f"{path}.description",
                "IATI requires a description: set description (or objectives)",
            ),
            "participating-org": (
                f"{programme_path}.participants",
                "IATI requires a participating-org in a role IATI has (funding, accountable, "
                "extending or implementing): add such a participant",
            ),
            "activity-status": (
                f"{programme_path}.status",
                "IATI requires an activity-status: set status (pipeline, implementation, "
                "finalisation, closed, cancelled or suspended)",
            ),
            "activity-date": (
                f"{programme_path}.dates",
                "IATI requires an activity-date, a planned or actual start or end to the day: add "
                "one to dates (KeyDate with DateKind.PLANNED_START ... ACTUAL_END)",
            ),
        }
        for tag in missing:
            where, message = advice[tag]
            self.add(tag, _ERROR, message, where)

    def reporting_org(self, organisation: Any) -> None:
        """The ``reporting_org`` given to write lacks what IATI requires of a reporting-org."""
        for field in ("ref", "type"):
            if getattr(organisation, field) is None:
                self.add(
                    "reporting-org",
                    _ERROR,
                    f"IATI requires reporting-org/@{field}: the reporting organisation "
                    f"{organisation.key!r} has no {field}",
                    f"reporting_org.{field}",
                )

    def value(self, tag: str, value: Any, path: str, element: Any) -> None:
        """Detail of a value written as ``tag`` (built as ``element``) that IATI cannot carry or lacks."""
        check = _VALUE_CHECKS.get(tag)
        if check is not None:
            check(self, value, path, element)

    def _participant(self, participant: Any, path: str, element: Any) -> None:
        if participant.note is not None:
            self.add(
                "unmapped",
                _WARNING,
                "IATI has no place for a participant's note: not written",
                f"{path}.note",
            )
        organisation = participant.organisation
        for field, what in (
            ("country", "an organisation's country"),
            ("acronym", "an organisation's acronym"),
        ):
            if getattr(organisation, field, None) is not None:
                self.add(
                    "unmapped",
                    _WARNING,
                    f"IATI has no place for {what}: not written",
                    f"{path}.organisation.{field}",
                )

    def _theme(self, theme: Any, path: str, element: Any) -> None:
        if theme.code is None:
            self.add(
                "policy-marker-code",
                _ERROR,
                f"IATI requires policy-marker/@code: set the theme's code (your own code with "
                f"vocabulary {theme.vocabulary!r})",
                f"{path}.code",
            )
        if theme.vocabulary == "1" and theme.significance is None:
            self.add(
                "significance",
                _WARNING,
                f"IATI requires a significance for an OECD DAC policy marker (code {theme.code}; IATI "
                "rule 6.14.1) and the source states none: written without one (the schema accepts "
                "it, IATI's validator does not); set significance (PolicySignificance 0-4)",
                f"{path}.significance",
            )
        for field in ("objectives", "strategy", "description", "components"):
            if getattr(theme, field):
                self.add(
                    "unmapped",
                    _WARNING,
                    f"IATI has no place for a theme's {field}: not written",
                    f"{path}.{field}",
                )

    def _value_date(self, value: Any, path: str, what: str) -> None:
        if value.value_date is None:
            self.add(
                "value-date",
                _ERROR,
                f"IATI requires the value date of {what}'s amount (value/@value-date, the day its "
                "exchange rate is taken): set value_date",
                f"{path}.value_date",
            )

    def _budget_line(self, line: Any, path: str, element: Any) -> None:
        self._value_date(line, path, "a budget")
        for end in ("start", "end"):
            if line.period is None or getattr(line.period, end) is None:
                self.add(
                    "budget-period",
                    _ERROR,
                    f"IATI requires a budget's period {end} (a day): set the line's period",
                    f"{path}.period",
                )
        for field, what in (("label", "a budget line's label"), ("component", "a budget line's component")):
            if getattr(line, field) is not None:
                self.add(
                    "unmapped", _WARNING, f"IATI has no place for {what}: not written", f"{path}.{field}"
                )

    def _planned(self, planned: Any, path: str, element: Any) -> None:
        self._value_date(planned, path, "a planned disbursement")
        if planned.period.start is None:
            self.add(
                "budget-period",
                _ERROR,
                "IATI requires a planned disbursement's period start (a day): set its period",
                f"{path}.period",
            )

    def _transaction(self, transaction: Any, path: str, element: Any) -> None:
        self._value_date(transaction, path, "a transaction")

    def _document(self, document: Any, path: str, element: Any) -> None:
        if document.format is None:
            self.add(
                "document",
                _ERROR,
                "IATI requires document-link/@format, the document's media type (text/html, "
                "application/pdf...): set format",
                f"{path}.format",
            )
        if document.title is None:
            self.add("document", _ERROR, "IATI requires a document link's title: set title", f"{path}.title")
        if not document.categories:
            self.add(
                "document",
                _ERROR,
                "IATI requires a document link's category (a DocumentCategory code): set categories",
                f"{path}.categories",
            )

    def _relation(self, relation: Any, path: str, element: Any) -> None:
        if relation.note is not None:
            self.add(
                "unmapped", _WARNING, "IATI has no place for a relation's note: not written", f"{path}.note"
            )

    def _result(self, result: Any, path: str, element: Any) -> None:
        if result.kind is None:
            self.add(
                "result-type",
                _ERROR,
                "IATI requires a result's type: set kind (output, outcome, impact or other)",
                f"{path}.kind",
            )
        if not result.indicators:
            self.add(
                "indicator",
                _ERROR,
                "IATI requires at least one indicator for a result: add the indicators it is measured by",
                f"{path}.indicators",
            )
        for number, indicator in enumerate(result.indicators):
            self._indicator(indicator, f"{path}.indicators[{number}]")

    def _indicator(self, indicator: Any, path: str) -> None:
        if getattr(indicator, "unit", None) is not None:
            self.add(
                "unmapped",
                _WARNING,
                f"IATI 2.03 has no place for the unit {indicator.unit!r}: not written",
                f"{path}.unit",
            )
        for where, baseline in _baselines(indicator, path):
            self._observed_value(baseline.value, where, "baseline")
            period = baseline.period
            start = None if period is None else period.start
            if start is None and getattr(baseline, "year", None) is None:
                self.add(
                    "baseline-year",
                    _ERROR,
                    "IATI requires the year of a baseline (baseline/@year): set the baseline's period start",
                    f"{where}.period",
                )
            elif start is not None and start.month is not None and start.day is None:
                self.add(
                    "partial-date",
                    _WARNING,
                    f"the baseline date {start} is a month: IATI takes a year or a day, so only the "
                    "year is written",
                    f"{where}.period.start",
                )
            if period is not None and (period.end is not None or period.ongoing):
                self.add(
                    "unmapped",
                    _WARNING,
                    "an IATI baseline has a date, not a period: its end is not written",
                    f"{where}.period.end",
                )
        for field in ("targets", "actuals"):
            for number, observation in enumerate(getattr(indicator, field)):
                self._observation(observation, f"{path}.{field}[{number}]", field[:-1])

    def _observation(self, observation: Any, path: str, what: str) -> None:
        period = observation.period
        if not is_full_period(period):
            self.add(
                "partial-date",
                _WARNING,
                f"the {what}'s period {period} is not to the day (IATI periods are days): this {what} "
                "is not written",
                f"{path}.period",
            )
            return
        if period is None or period.start is None or period.end is None:
            self.add(
                "result-period",
                _ERROR,
                f"IATI reports {_article(what)} {what} for a period with a start and an end day: set the "
                f"{what}'s period",
                f"{path}.period",
            )
        self._observed_value(observation.value, path, what)

    def _observed_value(self, value: Any, path: str, what: str) -> None:
        if isinstance(value, Money):
            self.add(
                "money-value",
                _WARNING,
                f"{qualified(value) if not value.is_exact else value} is an amount of money: an IATI "
                f"{what} value is a number without a currency: the {what} is written without it",
                f"{path}.value",
            )
        elif isinstance(value, Measure) and value.qualifier is not Qualifier.EXACT:
            self.add(
                "bounded-value",
                _WARNING,
                f"{qualified(value)} is not an exact value (an IATI {what} value is a number): the "
                f"{what} is written without it",
                f"{path}.value",
            )


def _baselines(indicator: Any, path: str) -> list[tuple[str, Any]]:
    """The baselines of an indicator with their ``$``-paths (one ``baseline``, or ``baselines``)."""
    if hasattr(indicator, "baselines"):
        return [(f"{path}.baselines[{n}]", found) for n, found in enumerate(indicator.baselines)]
    found = getattr(indicator, "baseline", None)
    return [] if found is None else [(f"{path}.baseline", found)]


_VALUE_CHECKS: dict[str, Any] = {
    "participating-org": WriteFindings._participant,
    "policy-marker": WriteFindings._theme,
    "budget": WriteFindings._budget_line,
    "planned-disbursement": WriteFindings._planned,
    "transaction": WriteFindings._transaction,
    "document-link": WriteFindings._document,
    "related-activity": WriteFindings._relation,
    "result": WriteFindings._result,
}


# --- the schema ------------------------------------------------------------------------------

#: The smallest activity the schema accepts: validates the root start tag as written.
_STUB = (
    b"<iati-activity><iati-identifier>XM-0</iati-identifier>"
    b'<reporting-org ref="XM" type="10"><narrative>X</narrative></reporting-org>'
    b"<title><narrative>X</narrative></title><description><narrative>X</narrative></description>"
    b'<participating-org role="1" ref="XM"/><activity-status code="2"/>'
    b'<activity-date type="1" iso-date="2000-01-01"/></iati-activity>'
)
#: The line the stub stands on when validating the root (the declaration and root take two).
_STUB_LAST_LINE = 3


class SchemaCheck:
    """Validates each ``iati-activity`` as it is written, and the root around them.

    Each activity is validated alone (it is a global element of the schema), as parsed by the
    writer's own well-formedness check, so the output is never read back; its findings are
    located in the output as :func:`~itaproj.iati.validate_schema` locates them:
    ``/iati-activities/iati-activity[N]/...`` (no ``[N]`` when there is one activity) and the
    output's line.

    Args:
        head: The XML declaration and the root start tag, as written.
    """

    def __init__(self, head: bytes) -> None:
        from itaproj.iati.schema import activity_schema

        self.schema = activity_schema()
        self.head = head
        self.line = head.count(b"\n") + 1  # the line the root start tag ends on
        self.count = 0
        #: (activity number, path below the activity, message, line) of each finding so far.
        self.found: list[tuple[int, str, str, int]] = []
        self.findings: list[Finding] = []

    def activity(self, element: etree._Element, data: bytes) -> None:
        """Validate one activity: ``element`` parsed from ``data``, written on the next line."""
        self.count += 1
        self.line += 1  # each activity starts on a line of its own
        first = self.line
        self.line += data.count(b"\n")
        if self.schema.validate(element):
            return
        for entry in cast("Iterable[Any]", self.schema.error_log):
            where = entry.path or "/iati-activity"
            below = where[len("/iati-activity") :] if where.startswith("/iati-activity") else ""
            self.found.append((self.count, below, entry.message, first + max(entry.line, 1) - 1))

    def root(self, tail: bytes = b"") -> None:
        """Validate the root element as written (its attributes, that it holds an activity, ``tail``).

        Then :attr:`findings` holds every finding: the root's, then the activities' in order.
        """
        body = b"\n" + _STUB if self.count else b""
        document = etree.fromstring(self.head + body + tail + b"\n</iati-activities>")
        self.findings = []
        if not self.schema.validate(document):
            for entry in cast("Iterable[Any]", self.schema.error_log):
                line = entry.line
                if self.count and line > _STUB_LAST_LINE:  # in the tail, written after the activities
                    line += self.line - _STUB_LAST_LINE
                where = f"{entry.path or '/iati-activities'} (line {line})"
                self.findings.append(Finding("iati.schema", _ERROR, entry.message, where))
        for number, below, message, line in self.found:
            activity = "/iati-activities/iati-activity" + (f"[{number}]" if self.count > 1 else "")
            self.findings.append(Finding("iati.schema", _ERROR, message, f"{activity}{below} (line {line})"))
