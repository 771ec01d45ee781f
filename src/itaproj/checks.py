"""Cross-object checks: what the model accepts field by field but does not add up.

The model's constructors refuse values that are wrong on their own (a currency ``"eur"``, a
percentage of 140). What they cannot see is a fact that contradicts another fact: shares that
do not sum to 100, components whose budgets exceed the programme's, an activity dated outside
its programme, "19 communities" with 18 listed. :func:`check` finds those and returns every
:class:`~itaproj.findings.Finding`, each with a stable rule id and a ``$``-path into the model
(attribute names and indexes: ``$.components[1].budget.currency``; in a catalogue
``$.programmes[2].target_groups[0]``). It never raises on odd data and never changes it.

Partial data is judged honestly: a finding is reported only when the facts *certainly*
disagree on every reading of the partial dates and bounded figures ("2017" may be any day of
2017; "more than 300" any number above 300). An undetermined case is never an error.

Rules
-----

Each rule id, its severity, and what makes it fire:

* ``share.geo-sum`` (error): Recipient country and region percentages do not add up to 100. As in
  the IATI Standard Ruleset (rules 3.1.2 and 3.4.2), countries are summed alone when there are no
  regions, otherwise together with the regions of each region vocabulary. Checked only when at least
  one percentage is stated in the group.
* ``share.sector-sum`` (error): Sector percentages within one sector vocabulary do not add up to 100
  (IATI rule 2.1.2).
* ``share.missing`` (warning): Some items of a share group state a percentage and this one does not
  (IATI rule 3.4.1).
* ``share.component-sum`` (error above 100, warning below 100 when every component states one):
  Component ``budget_share`` values do not add up to 100. Shares below 100 are only a warning, and
  only when every component states a share: the rest may be management cost.
* ``budget.components-above-total`` (error; warning when an "about" figure is involved): The
  components' own budgets add up to more than the programme budget.
* ``budget.child-above-parent`` (error; warning with "about" figures): In a catalogue, a child
  programme's budget is above its parent's.
* ``budget.currency-mix`` (warning): A budget's total and lines use more than one currency; the
  model holds no rate to add them.
* ``budget.overlapping-lines`` (warning): Two counted budget lines of the same kind (original or
  revised), status and component certainly share a day, so the budget counts those days twice
  (:meth:`~itaproj.budget.Budget.overlapping_lines`). A revised line for the same period as an
  original replaces it (:attr:`~itaproj.budget.Budget.counted_lines`) and is not an overlap.
* ``budget.currency-mismatch`` (info): Two budgets that should be compared (component vs programme,
  child vs parent) are in different currencies, so the comparison was not made.
* ``period.end-before-start`` (error): A period (of a programme, activity, budget line or indicator
  observation) or a recurrence certainly ends before it starts.
* ``period.outside-parent`` (warning): An activity's period certainly lies (partly) outside the
  period of what contains it (its parent activity, else the programme); in a catalogue, a child
  programme outside its parent's period. Uses :meth:`~itaproj.period.Period.may_contain`, so "2017"
  inside "2017-2020" never fires. Budget lines follow calendar quarters or years, so a line is
  reported only when it shares no day with the programme period
  (:meth:`~itaproj.period.Period.may_overlap`).
* ``duration.declared-vs-period`` (warning): A declared length ("a four-year project") lies outside
  the range of lengths the period allows (:meth:`~itaproj.period.Period.months`; days for day and
  week units). "Four years" over 2013-2017 is 48 months within 38..60: no finding.
* ``count.declared-vs-listed`` (warning): A target group declares a number of members ("19
  communities") that its listed members contradict (18 listed). A bound compares as a bound: "more
  than 300" with 301 listed is consistent, with 300 listed it is not. "About" figures are never
  flagged. Checked only when members are listed.
* ``count.declared-regions`` (warning): The declared number of regions contradicts the distinct
  subdivisions of the listed members. When some members have no subdivision, only a certain excess
  is reported.
* ``geo.unknown-subdivision`` (warning): A location's subdivision or a cluster's region is not an
  ISO 3166-2 code of its country as the installed pycountry knows them (``UA-99``; also a code
  ISO has since replaced, such as ``KZ-MAN``, now ``KZ-47``). Checked only when pycountry (the
  ``names`` extra) is installed and knows the country; without it, no finding. Construction
  checks only the form of a code, so that it never depends on an optional package.
* ``url.malformed`` (warning): A document URL that :func:`urllib.parse.urlsplit` cannot read as a
  web address: the scheme must be ``http``, ``https`` or ``ftp``; there must be a host made of valid
  DNS labels (letters, digits, hyphens; 1-63 characters each) with at least one dot and an
  alphabetic top-level domain of 2 or more letters (or ``xn--`` IDN), or an IP address; the port, if
  any, must be a number from 0 to 65535; and the URL may contain no white space. So
  ``https://ru/east/...`` (host ``ru`` has no dot) and ``www.kzregdev.kz`` (no scheme) are flagged.
* ``url.no-scheme`` (info): A well-formed web address printed without its scheme
  (``www.kzregdev.kz``).
* ``cluster.unknown`` (warning): A member names a cluster key that its target group does not define.
* ``component.duplicate-code`` (error): Two components of a programme share a code.
* ``component.unknown-code`` (warning): A budget line or a cross-cutting theme names a component
  code the programme lacks.
* ``relation.self`` (error): A programme names itself as a related programme.
* ``relation.unresolved`` (info): In a catalogue, a relation's ref names no programme of the
  catalogue (it may be outside).
* ``relation.not-reciprocal`` (info): A parent or child link that the other programme does not state
  back. Info only: IATI publishers usually state one side, and
  :meth:`~itaproj.programme.Catalogue.parents_of` reads either side.
* ``relation.conflict`` (error): Two programmes state contradicting parent/child links (each calls
  the other its parent).
* ``organisation.conflicting-key`` (warning): The same organisation key is used for organisations
  with different content.
* ``codelist.withdrawn`` (warning): A code the IATI codelists mark as withdrawn (currency ``BYR``,
  sector ``11321``...).
* ``codelist.unknown`` (warning): A code of a list the IATI Standard does not embed (sectors, aid
  types, regions, CRS channels...: lists others maintain, which the model takes any code of) that
  the shipped copy of the list lacks: a typo, or a code newer than the copy.
* ``extras.unmapped`` (info): One per :class:`~itaproj.programme.Extra`: input kept verbatim because
  the model has no field for it, so a load never silently hides data.

Example:
    >>> from itaproj import CountryShare, LocalizedText, Programme
    >>> from decimal import Decimal
    >>> p = Programme("x", LocalizedText({"en": "X"}),
    ...               recipient_countries=(CountryShare("UA", Decimal(60)), CountryShare("MD", Decimal(30))))
    >>> for finding in check(p):
    ...     print(finding)
    error share.geo-sum: recipient country percentages add up to 90, not 100 @ $.recipient_countries

"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from functools import cache
from types import ModuleType

import attrs

from itaproj.activity import Activity, Recurrence
from itaproj.beneficiary import Cluster, TargetGroup
from itaproj.budget import Budget
from itaproj.codelists import code_bindings, codelist
from itaproj.extras import Extra
from itaproj.findings import Finding, Severity
from itaproj.geo import Location
from itaproj.money import Money
from itaproj.org import Organisation
from itaproj.period import Period, TimeUnit
from itaproj.programme import Catalogue, Programme, RelationKind
from itaproj.quantity import Count, Qualifier
from itaproj.text import LocalizedText

__all__ = ["RULES", "SHARE_TOLERANCE", "check", "url_problem"]

#: How far (in percentage points) a sum of shares may be from 100 and still pass. The IATI
#: Standard says shares "MUST add up to 100" with no tolerance; 0.01 lets three shares of
#: 33.33 through (99.99) while 33 + 33 + 33 = 99 is still reported.
SHARE_TOLERANCE = Decimal("0.01")

#: Every rule id :func:`check` can report, with its default severity.
RULES: dict[str, Severity] = {
    "share.geo-sum": Severity.ERROR,
    "share.sector-sum": Severity.ERROR,
    "share.missing": Severity.WARNING,
    "share.component-sum": Severity.ERROR,
    "budget.components-above-total": Severity.ERROR,
    "budget.child-above-parent": Severity.ERROR,
    "budget.currency-mix": Severity.WARNING,
    "budget.overlapping-lines": Severity.WARNING,
    "budget.currency-mismatch": Severity.INFO,
    "period.end-before-start": Severity.ERROR,
    "period.outside-parent": Severity.WARNING,
    "duration.declared-vs-period": Severity.WARNING,
    "count.declared-vs-listed": Severity.WARNING,
    "count.declared-regions": Severity.WARNING,
    "geo.unknown-subdivision": Severity.WARNING,
    "url.malformed": Severity.WARNING,
    "url.no-scheme": Severity.INFO,
    "cluster.unknown": Severity.WARNING,
    "component.duplicate-code": Severity.ERROR,
    "component.unknown-code": Severity.WARNING,
    "relation.self": Severity.ERROR,
    "relation.unresolved": Severity.INFO,
    "relation.not-reciprocal": Severity.INFO,
    "relation.conflict": Severity.ERROR,
    "organisation.conflicting-key": Severity.WARNING,
    "codelist.withdrawn": Severity.WARNING,
    "codelist.unknown": Severity.WARNING,
    "extras.unmapped": Severity.INFO,
}

_HUNDRED = Decimal(100)


def check(obj: Programme | Catalogue) -> tuple[Finding, ...]:
    """Every cross-object finding of a programme or a catalogue, in a stable order.

    Args:
        obj: A :class:`~itaproj.programme.Programme`, or a
            :class:`~itaproj.programme.Catalogue` (its programmes are checked one by one under
            ``$.programmes[i]``, then the links between them).

    Returns:
        The findings, programme by programme in rule order, then catalogue-wide ones.

    Example:
        >>> from itaproj import LocalizedText, Programme, Period
        >>> check(Programme("ok", LocalizedText({"en": "OK"}), period=Period.parse("2017", "2020")))
        ()

    """
    if isinstance(obj, Catalogue):
        return tuple(_check_catalogue(obj))
    return tuple(_check_programme(obj, "$"))


# -- the walk -------------------------------------------------------------------------------


def _walk(obj: object, path: str) -> Iterator[tuple[str, object]]:
    """Yield ``(path, value)`` for ``obj`` and every model object under it, depth first."""
    yield path, obj
    cls = type(obj)
    if isinstance(obj, LocalizedText) or not attrs.has(cls):
        return
    for field in attrs.fields(cls):
        value = getattr(obj, field.name)
        if isinstance(value, tuple):
            for index, item in enumerate(value):
                yield from _walk(item, f"{path}.{field.name}[{index}]")
        elif value is not None:
            yield from _walk(value, f"{path}.{field.name}")


# -- programme rules ------------------------------------------------------------------------


def _check_programme(programme: Programme, base: str, organisations: bool = True) -> Iterator[Finding]:
    yield from _geo_shares(programme, base)
    yield from _sector_shares(programme, base)
    yield from _component_shares(programme, base)
    yield from _component_codes(programme, base)
    yield from _budget_currencies(programme, base)
    yield from _budget_overlaps(programme, base)
    yield from _component_budgets(programme, base)
    yield from _end_before_start(programme, base)
    yield from _periods_inside(programme, base)
    yield from _declared_duration(programme, base)
    yield from _target_groups(programme, base)
    yield from _subdivisions(programme, base)
    yield from _documents(programme, base)
    yield from _self_relations(programme, base)
    yield from _withdrawn_codes(programme, base)
    if organisations:
        yield from _organisations(_walk(programme, base))
    for index, extra in enumerate(programme.extras):
        yield _unmapped(extra, f"{base}.extras[{index}]")


def _unmapped(extra: Extra, path: str) -> Finding:
    return Finding(
        "extras.unmapped",
        Severity.INFO,
        f"input at {extra.path} ({extra.format}) has no model field; kept verbatim",
        path,
    )


def _fmt(value: Decimal) -> str:
    """Format a decimal without exponent or useless zeros: ``90``, ``99.5``."""
    return f"{value.normalize():f}"


def _share_sum(
    items: Sequence[tuple[str, Decimal | None]], rule: str, what: str, path: str
) -> Iterator[Finding]:
    """Check one group of shares; ``items`` are ``(path, percentage)`` pairs."""
    stated = [pct for _, pct in items if pct is not None]
    if not stated:
        return
    for item_path, pct in items:
        if pct is None:
            yield Finding(
                "share.missing",
                Severity.WARNING,
                f"{what}: other items state a percentage, this one does not",
                item_path,
            )
    total = sum(stated, Decimal(0))
    if abs(total - _HUNDRED) > SHARE_TOLERANCE:
        yield Finding(rule, Severity.ERROR, f"{what} add up to {_fmt(total)}, not 100", path)


def _geo_shares(programme: Programme, base: str) -> Iterator[Finding]:
    countries = [
        (f"{base}.recipient_countries[{i}]", share.percentage)
        for i, share in enumerate(programme.recipient_countries)
    ]
    if not programme.recipient_regions:
        yield from _share_sum(
            countries, "share.geo-sum", "recipient country percentages", f"{base}.recipient_countries"
        )
        return
    by_vocabulary: dict[str, list[tuple[str, Decimal | None]]] = defaultdict(list)
    for i, region in enumerate(programme.recipient_regions):
        by_vocabulary[region.vocabulary].append((f"{base}.recipient_regions[{i}]", region.percentage))
    for vocabulary, regions in by_vocabulary.items():
        what = f"recipient country and region (vocabulary {vocabulary}) percentages"
        yield from _share_sum(countries + regions, "share.geo-sum", what, f"{base}.recipient_regions")


def _sector_shares(programme: Programme, base: str) -> Iterator[Finding]:
    by_vocabulary: dict[str, list[tuple[str, Decimal | None]]] = defaultdict(list)
    for i, sector in enumerate(programme.sectors):
        by_vocabulary[sector.vocabulary].append((f"{base}.sectors[{i}]", sector.percentage))
    for vocabulary, sectors in by_vocabulary.items():
        what = f"sector (vocabulary {vocabulary}) percentages"
        yield from _share_sum(sectors, "share.sector-sum", what, f"{base}.sectors")


def _component_shares(programme: Programme, base: str) -> Iterator[Finding]:
    shares = [c.budget_share for c in programme.components]
    stated = [s for s in shares if s is not None]
    if not stated:
        return
    total = sum(stated, Decimal(0))
    path = f"{base}.components"
    if total > _HUNDRED + SHARE_TOLERANCE:
        yield Finding(
            "share.component-sum",
            Severity.ERROR,
            f"component budget shares add up to {_fmt(total)}, more than 100",
            path,
        )
    elif len(stated) == len(shares) and total < _HUNDRED - SHARE_TOLERANCE:
        yield Finding(
            "share.component-sum",
            Severity.WARNING,
            f"component budget shares add up to {_fmt(total)}, less than 100",
            path,
        )


def _component_codes(programme: Programme, base: str) -> Iterator[Finding]:
    codes: set[str] = set()
    for i, component in enumerate(programme.components):
        if component.code in codes:
            yield Finding(
                "component.duplicate-code",
                Severity.ERROR,
                f"component code {component.code!r} is used by an earlier component",
                f"{base}.components[{i}].code",
            )
        codes.add(component.code)
    if programme.budget is not None:
        for i, line in enumerate(programme.budget.lines):
            if line.component is not None and line.component not in codes:
                yield Finding(
                    "component.unknown-code",
                    Severity.WARNING,
                    f"budget line names component {line.component!r}, which the programme lacks",
                    f"{base}.budget.lines[{i}].component",
                )
    for i, theme in enumerate(programme.themes):
        for j, code in enumerate(theme.components):
            if code not in codes:
                yield Finding(
                    "component.unknown-code",
                    Severity.WARNING,
                    f"theme names component {code!r}, which the programme lacks",
                    f"{base}.themes[{i}].components[{j}]",
                )


def _budget_currencies(programme: Programme, base: str) -> Iterator[Finding]:
    budget = programme.budget
    if budget is not None and len(budget.currencies) > 1:
        yield Finding(
            "budget.currency-mix",
            Severity.WARNING,
            f"the budget mixes {', '.join(sorted(budget.currencies))} without exchange rates",
            f"{base}.budget",
        )


def budget_amount(budget: Budget | None) -> Money | None:
    """Return the budget's single amount; ``None`` when absent or not one amount (:attr:`Budget.known_amount`)."""
    return None if budget is None else budget.known_amount


def _budget_overlaps(programme: Programme, base: str) -> Iterator[Finding]:
    budget = programme.budget
    if budget is None:
        return
    for earlier, index in budget.overlapping_lines():
        first, line = budget.lines[earlier], budget.lines[index]
        yield Finding(
            "budget.overlapping-lines",
            Severity.WARNING,
            f"budget line period {line.period} overlaps line {earlier} ({first.period}) of the same kind "
            "and status: those days are counted twice",
            f"{base}.budget.lines[{index}].period",
        )


def _money_bounds(money: Money) -> tuple[Decimal | None, Decimal | None]:
    """Return the lowest and highest value ``money`` may stand for (``None``: unbounded)."""
    if money.qualifier.is_lower_bound:
        return money.amount, None
    if money.qualifier.is_upper_bound:
        return None, money.amount
    return money.amount, money.amount


def _certainly_above(child: Money, parent: Money) -> Severity | None:
    """ERROR when ``child`` is certainly above ``parent``; WARNING when only "about" says so."""
    child_low, _ = _money_bounds(child)
    _, parent_high = _money_bounds(parent)
    if child_low is None or parent_high is None or child_low <= parent_high:
        return None
    if Qualifier.ABOUT in (child.qualifier, parent.qualifier):
        return Severity.WARNING
    return Severity.ERROR


def _sum_money(amounts: Iterable[Money]) -> Money | None:
    """Add same-currency amounts; ``None`` when bounds point opposite ways."""
    items = list(amounts)
    total = items[0]
    for item in items[1:]:
        try:
            total = total + item
        except ArithmeticError:
            return None
    return total


def _component_budgets(programme: Programme, base: str) -> Iterator[Finding]:
    total = budget_amount(programme.budget)
    stated = [(i, c.budget) for i, c in enumerate(programme.components) if c.budget is not None]
    if total is None or not stated:
        return
    same = [money for _, money in stated if money.currency == total.currency]
    for i, money in stated:
        if money.currency != total.currency:
            yield Finding(
                "budget.currency-mismatch",
                Severity.INFO,
                f"component budget in {money.currency} not compared with the programme budget "
                f"in {total.currency}",
                f"{base}.components[{i}].budget.currency",
            )
    if not same:
        return
    components = _sum_money(same)
    severity = None if components is None else _certainly_above(components, total)
    if components is not None and severity is not None:
        yield Finding(
            "budget.components-above-total",
            severity,
            f"component budgets add up to {components}, above the programme budget {total}",
            f"{base}.components",
        )


def _periods(obj: object, base: str) -> Iterator[tuple[str, Period | Recurrence]]:
    for path, value in _walk(obj, base):
        if isinstance(value, (Period, Recurrence)):
            yield path, value


def _end_before_start(programme: Programme, base: str) -> Iterator[Finding]:
    for path, value in _periods(programme, base):
        if isinstance(value, Period):
            if value.ends_before_start:
                yield Finding(
                    "period.end-before-start",
                    Severity.ERROR,
                    f"the period {value} ends before it starts",
                    path,
                )
        elif (
            value.since is not None
            and value.until is not None
            and value.until.latest() < value.since.earliest()
        ):
            yield Finding(
                "period.end-before-start",
                Severity.ERROR,
                f"the recurrence runs until {value.until}, before its start {value.since}",
                path,
            )


def _outside(child: Period, parent: Period, what: str, path: str) -> Iterator[Finding]:
    if not parent.may_contain(child):
        yield Finding(
            "period.outside-parent",
            Severity.WARNING,
            f"{what} {child} lies outside {parent}",
            path,
        )


def _activities_inside(
    activities: Sequence[Activity], parent: Period | None, what: str, path: str
) -> Iterator[Finding]:
    for i, activity in enumerate(activities):
        here = f"{path}[{i}]"
        if activity.period is not None and parent is not None:
            yield from _outside(activity.period, parent, f"activity period (within {what})", f"{here}.period")
        inner = activity.period if activity.period is not None else parent
        inner_what = "its parent activity" if activity.period is not None else what
        yield from _activities_inside(activity.activities, inner, inner_what, f"{here}.activities")


def _periods_inside(programme: Programme, base: str) -> Iterator[Finding]:
    period = programme.period
    for i, component in enumerate(programme.components):
        yield from _activities_inside(
            component.activities, period, "the programme", f"{base}.components[{i}].activities"
        )
    yield from _activities_inside(programme.activities, period, "the programme", f"{base}.activities")
    if period is not None and programme.budget is not None:
        # Budget lines follow calendar quarters or years, so a line that starts before the
        # programme or ends after it is normal; only a line sharing no day with it is reported.
        for i, line in enumerate(programme.budget.lines):
            if line.period is not None and not period.may_overlap(line.period):
                yield Finding(
                    "period.outside-parent",
                    Severity.WARNING,
                    f"budget line period {line.period} lies entirely outside the programme period {period}",
                    f"{base}.budget.lines[{i}].period",
                )


def _declared_duration(programme: Programme, base: str) -> Iterator[Finding]:
    span, period = programme.declared_duration, programme.period
    if span is None or period is None:
        return
    months = span.months
    if months is not None:
        allowed = period.months()
        if allowed is not None and months not in allowed:
            yield Finding(
                "duration.declared-vs-period",
                Severity.WARNING,
                f"declared {span} ({months} months) but the period {period} lasts {allowed} months",
                f"{base}.declared_duration",
            )
        return
    days = span.count * (7 if span.unit is TimeUnit.WEEK else 1)
    allowed_days = period.days()
    if allowed_days is not None and not allowed_days[0] <= days <= allowed_days[1]:
        low, high = allowed_days
        yield Finding(
            "duration.declared-vs-period",
            Severity.WARNING,
            f"declared {span} ({days} days) but the period {period} lasts {low}–{high} days",
            f"{base}.declared_duration",
        )


def _count_contradiction(declared: Count, low: int, high: int) -> bool:
    """Tell whether no number of things from ``low`` to ``high`` matches ``declared``."""
    value, qualifier = declared.value, declared.qualifier
    if qualifier is Qualifier.EXACT:
        return not low <= value <= high
    if qualifier is Qualifier.MORE_THAN:
        return high <= value
    if qualifier is Qualifier.AT_LEAST:
        return high < value
    if qualifier is Qualifier.LESS_THAN:
        return low >= value
    if qualifier is Qualifier.AT_MOST:
        return low > value
    return False  # "about": never certain


def _target_groups(programme: Programme, base: str) -> Iterator[Finding]:
    for i, group in enumerate(programme.target_groups):
        path = f"{base}.target_groups[{i}]"
        yield from _group_counts(group, path)
        keys = {cluster.key for cluster in group.clusters}
        for j, member in enumerate(group.members):
            if member.cluster is not None and member.cluster not in keys:
                yield Finding(
                    "cluster.unknown",
                    Severity.WARNING,
                    f"member names cluster {member.cluster!r}, which its target group does not define",
                    f"{path}.members[{j}].cluster",
                )


def _group_counts(group: TargetGroup, path: str) -> Iterator[Finding]:
    listed = len(group.members)
    if (
        group.declared_count is not None
        and listed
        and _count_contradiction(group.declared_count, listed, listed)
    ):
        yield Finding(
            "count.declared-vs-listed",
            Severity.WARNING,
            f"{group.declared_count} declared, {listed} listed",
            path,
        )
    if group.declared_regions is None:
        return
    cluster_regions = {cluster.key: cluster.regions for cluster in group.clusters}
    known: set[str] = set()
    unplaced = 0  # members that may each come from one more region
    for member in group.members:
        if member.location is not None and member.location.subdivision is not None:
            known.add(member.location.subdivision)
        elif cluster_regions.get(member.cluster or ""):
            known.update(cluster_regions[member.cluster or ""])
        else:
            unplaced += 1
    if not known:
        return
    high = len(known) + unplaced
    if _count_contradiction(group.declared_regions, len(known), high):
        tail = "" if high == len(known) else f" to {high}"
        yield Finding(
            "count.declared-regions",
            Severity.WARNING,
            f"{group.declared_regions} regions declared, members listed in {len(known)}{tail}",
            f"{path}.declared_regions",
        )


def _unknown_subdivisions() -> Callable[[str], bool] | None:
    """A test telling whether pycountry certainly lacks a subdivision code; ``None`` without pycountry."""
    try:
        import pycountry
    except ImportError:
        return None
    countries, codes = _iso_3166(pycountry)
    return lambda code: code[:2] in countries and code not in codes


@cache
def _iso_3166(pycountry: ModuleType) -> tuple[frozenset[str], frozenset[str]]:
    """The alpha-2 country codes and the subdivision codes pycountry knows."""
    countries = frozenset(country.alpha_2 for country in pycountry.countries)
    return countries, frozenset(subdivision.code for subdivision in pycountry.subdivisions)


def _subdivisions(programme: Programme, base: str) -> Iterator[Finding]:
    codes: list[tuple[str, str]] = []
    for path, value in _walk(programme, base):
        if isinstance(value, Location) and value.subdivision is not None:
            codes.append((value.subdivision, f"{path}.subdivision"))
        elif isinstance(value, Cluster):
            codes.extend((code, f"{path}.regions[{j}]") for j, code in enumerate(value.regions))
    if not codes:
        return
    unknown = _unknown_subdivisions()
    if unknown is None:
        return
    for code, path in codes:
        if unknown(code):
            yield Finding(
                "geo.unknown-subdivision",
                Severity.WARNING,
                f"{code!r} is not an ISO 3166-2 subdivision of {code[:2]} (as pycountry knows them)",
                path,
            )


_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")
_TLD = re.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_SCHEMES = frozenset({"http", "https", "ftp"})


def url_problem(url: str) -> str | None:
    """Say why ``url`` is not a well-formed web address; ``None`` when it is.

    Example:
        >>> url_problem("https://ru/east/")
        "host 'ru' has no dot and top-level domain"
        >>> url_problem("https://eeas.europa.eu/ru/east") is None
        True

    """
    if any(char.isspace() for char in url):
        return "it contains white space"
    try:
        parts = urllib.parse.urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range or not a number
    except ValueError as error:
        return f"it cannot be parsed ({error})"
    if parts.scheme.lower() not in _SCHEMES:
        return (
            "it has no http, https or ftp scheme"
            if not parts.scheme
            else f"scheme {parts.scheme!r} is not a web scheme"
        )
    host = parts.hostname
    if not host:
        return "it has no host"
    if host.startswith("[") or ":" in host:
        return None  # an IPv6 literal: urlsplit has checked the brackets
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        pass
    else:
        return None
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or _TLD.fullmatch(labels[-1]) is None:
        return (
            f"host {host!r} has no dot and top-level domain"
            if len(labels) < 2
            else f"host {host!r} has no valid top-level domain"
        )
    if not all(_LABEL.fullmatch(label) for label in labels):
        return f"host {host!r} is not a valid domain name"
    return None


def _is_bare_web_address(url: str) -> bool:
    """True for a well-formed host and path printed without a scheme (``www.kzregdev.kz``)."""
    try:
        scheme = urllib.parse.urlsplit(url).scheme
    except ValueError:
        return False
    return not scheme and url_problem(f"http://{url}") is None


def _documents(programme: Programme, base: str) -> Iterator[Finding]:
    for i, document in enumerate(programme.documents):
        problem = url_problem(document.url)
        if problem is not None and _is_bare_web_address(document.url):
            yield Finding(
                "url.no-scheme",
                Severity.INFO,
                f"the web address {document.url!r} has no scheme; with one it reads http://{document.url}",
                f"{base}.documents[{i}].url",
            )
        elif problem is not None:
            yield Finding(
                "url.malformed",
                Severity.WARNING,
                f"the URL {document.url!r} is malformed: {problem}",
                f"{base}.documents[{i}].url",
            )


def _self_relations(programme: Programme, base: str) -> Iterator[Finding]:
    own = {programme.key} | ({programme.iati_identifier} - {None})
    for i, relation in enumerate(programme.relations):
        if relation.ref in own:
            yield Finding(
                "relation.self",
                Severity.ERROR,
                f"the programme names itself ({relation.ref!r}) as its {relation.kind.value}",
                f"{base}.relations[{i}].ref",
            )


def _withdrawn(listname: str, code: object, path: str) -> Iterator[Finding]:
    if code is None:
        return
    text = str(code)
    items = codelist(listname)
    if items.is_withdrawn(text):
        yield Finding(
            "codelist.withdrawn",
            Severity.WARNING,
            f"{listname} code {text!r} ({items.name_of(text)}) is withdrawn",
            path,
        )
    elif not items.accepts(text):
        yield Finding(
            "codelist.unknown",
            Severity.WARNING,
            f"{listname} code {text!r} is not in the shipped codelist (version {items.version})",
            path,
        )


def _withdrawn_codes(programme: Programme, base: str) -> Iterator[Finding]:
    # the fields bound to codelists are declared once, on the model classes (code_field)
    for path, value in _walk(programme, base):
        if isinstance(value, Money):
            yield from _withdrawn("Currency", value.currency, f"{path}.currency")
            continue
        if not attrs.has(type(value)):
            continue
        for binding in code_bindings(type(value)):
            listname = binding.list_for(value)
            if listname is None:
                continue
            codes = binding.codes(value)
            if len(codes) == 1 and not isinstance(getattr(value, binding.field), tuple):
                yield from _withdrawn(listname, codes[0], f"{path}.{binding.field}")
            else:
                for index, code in enumerate(codes):
                    yield from _withdrawn(listname, code, f"{path}.{binding.field}[{index}]")


# -- catalogue rules ------------------------------------------------------------------------


def _check_catalogue(catalogue: Catalogue) -> Iterator[Finding]:
    for i, programme in enumerate(catalogue.programmes):
        yield from _check_programme(programme, f"$.programmes[{i}]", organisations=False)
    yield from _relations(catalogue)
    yield from _hierarchy(catalogue)
    yield from _organisations(_walk(catalogue, "$"))
    for i, extra in enumerate(catalogue.extras):
        yield _unmapped(extra, f"$.extras[{i}]")


def _refs(programme: Programme) -> set[str]:
    refs = {programme.key}
    if programme.iati_identifier is not None:
        refs.add(programme.iati_identifier)
    return refs


_HIERARCHY = (RelationKind.PARENT, RelationKind.CHILD)


def _relations(catalogue: Catalogue) -> Iterator[Finding]:
    position = {programme.key: i for i, programme in enumerate(catalogue.programmes)}
    for i, programme in enumerate(catalogue.programmes):
        own = _refs(programme)
        for j, relation in enumerate(programme.relations):
            path = f"$.programmes[{i}].relations[{j}]"
            if relation.ref in own:
                continue  # relation.self, reported with the programme
            other = catalogue.get(relation.ref)
            if other is None:
                yield Finding(
                    "relation.unresolved",
                    Severity.INFO,
                    f"{relation.kind.value} {relation.ref!r} is not in the catalogue",
                    f"{path}.ref",
                )
                continue
            if relation.kind not in _HIERARCHY:
                continue
            back = {r.kind for r in other.relations if r.ref in own and r.kind in _HIERARCHY}
            if not back:
                yield Finding(
                    "relation.not-reciprocal",
                    Severity.INFO,
                    f"{other.key!r} is named as {relation.kind.value} but does not name "
                    f"{programme.key!r} as {relation.kind.inverse.value}",
                    path,
                )
            elif relation.kind in back and position[other.key] > i:
                yield Finding(
                    "relation.conflict",
                    Severity.ERROR,
                    f"{programme.key!r} and {other.key!r} each call the other their {relation.kind.value}",
                    path,
                )


def _hierarchy(catalogue: Catalogue) -> Iterator[Finding]:
    """Child-versus-parent period and budget findings, once per (child, parent) pair."""
    position = {programme.key: i for i, programme in enumerate(catalogue.programmes)}
    pairs: dict[tuple[int, int], None] = {}
    for i, programme in enumerate(catalogue.programmes):
        for relation in programme.relations:
            other = catalogue.get(relation.ref)
            if other is None or other.key == programme.key or relation.kind not in _HIERARCHY:
                continue
            j = position[other.key]
            pairs[(i, j) if relation.kind is RelationKind.PARENT else (j, i)] = None
    for child, parent in pairs:
        if (parent, child) in pairs:
            continue  # relation.conflict: neither side is known to be the parent
        yield from _child_vs_parent(
            catalogue.programmes[child], catalogue.programmes[parent], f"$.programmes[{child}]"
        )


def _child_vs_parent(child: Programme, parent: Programme, path: str) -> Iterator[Finding]:
    if child.period is not None and parent.period is not None:
        yield from _outside(
            child.period, parent.period, f"period of a child of {parent.key!r}", f"{path}.period"
        )
    child_budget, parent_budget = budget_amount(child.budget), budget_amount(parent.budget)
    if child_budget is None or parent_budget is None:
        return
    if child_budget.currency != parent_budget.currency:
        yield Finding(
            "budget.currency-mismatch",
            Severity.INFO,
            f"budget in {child_budget.currency} not compared with parent {parent.key!r}'s budget "
            f"in {parent_budget.currency}",
            f"{path}.budget",
        )
        return
    severity = _certainly_above(child_budget, parent_budget)
    if severity is not None:
        yield Finding(
            "budget.child-above-parent",
            severity,
            f"budget {child_budget} is above parent {parent.key!r}'s budget {parent_budget}",
            f"{path}.budget",
        )


def _organisations(walk: Iterable[tuple[str, object]]) -> Iterator[Finding]:
    seen: dict[str, Organisation] = {}
    for path, value in walk:
        if not isinstance(value, Organisation):
            continue
        first = seen.setdefault(value.key, value)
        if first != value:
            differ = [
                f.name for f in attrs.fields(Organisation) if getattr(first, f.name) != getattr(value, f.name)
            ]
            yield Finding(
                "organisation.conflicting-key",
                Severity.WARNING,
                f"organisation key {value.key!r} is used for organisations that differ in {', '.join(differ)} "
                f"({first.name.resolve('en')!r} and {value.name.resolve('en')!r})",
                path,
            )
