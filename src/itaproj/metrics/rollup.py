"""Catalogue roll-ups: budgets, planned disbursements or transactions totalled by any dimensions.

``rollup(catalogue, by=("year", "country"))`` answers "how much per year and recipient
country?" with every figure traceable and every gap listed:

- **Time** (``year``, ``quarter``) places each amount with :mod:`itaproj.allocation`: a budget
  line across two years is prorated by days (or all to its start year, ``rule="by-start"``); a
  period known only to the year gives ranges. What has no place in time is a :class:`Gap`.
- **Shares** (``country``, ``region``, ``sector``) split each amount by the percentages the
  programme states (IATI: they add up to 100). A single country without a percentage takes
  the whole amount; several without percentages are *not* split evenly: the amount goes under
  ``None`` for that dimension, with a gap saying why. Percentages that do not add up to 100
  leave the rest under ``None``, with a gap. Sectors are those of the DAC 5-digit vocabulary
  (``"1"``) when the programme has any, else of the first vocabulary it uses, so each amount
  is split once.
- **Labels** (``funder``, ``implementer``, ``programme``, ``status``, ``currency``) take the
  whole amount: the organisation keys of the programme's funding (implementing) participants,
  joined with ``+`` when there are several (co-funded money is not split by guess).
- **Themes** (``theme``, as ``code:significance`` of each cross-cutting theme's policy marker)
  count each amount under every theme the programme carries, so theme rows overlap and do not
  add up to the total; a programme without a coded theme counts under ``None``.

**Currencies** stay apart (each row is in one currency) unless ``currency`` is given with a
:class:`~itaproj.rates.RateProvider`: each amount is then converted at the rate of its IATI
``value-date`` (the day the standard says to convert at; else the start of its period, or the
transaction's day) under the stated :class:`~itaproj.rates.RatePolicy`, and the quotes used are
listed in :attr:`Rollup.quotes`. An amount without a rate is a gap, never a zero.

**Hierarchy**: with a :class:`~itaproj.programme.Catalogue`, a programme whose parent in the
catalogue has money of the same flow is left out (:attr:`Rollup.excluded`), since a parent's
budget normally includes its children's; ``include_children=True`` counts every level. With
a plain iterable of programmes nothing is left out (the parents may not have been seen).

Rows hold :class:`~itaproj.money.MoneyRange` amounts: exact when every date was, a range where
a date is known only to the month or year.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
from collections.abc import Iterable, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import TYPE_CHECKING, NamedTuple

import attrs

from itaproj.allocation import Granularity, Proration, allocate, day_shares
from itaproj.errors import AmountRangeError, BoundArithmeticError, InvalidValueError, MissingRateError
from itaproj.finance import Transaction
from itaproj.money import Money, MoneyRange
from itaproj.org import Participant, Role
from itaproj.period import PartialDate, Period
from itaproj.programme import Catalogue, Programme, RelationKind, SectorShare
from itaproj.quantity import MAX_PLACES, Qualifier, ratio, subtract
from itaproj.rates import RatePolicy, to_rate_policy

if TYPE_CHECKING:
    from itaproj.rates import Quote, RateProvider

__all__ = ["DIMENSIONS", "Flow", "Gap", "Rollup", "RollupRow", "rollup"]

#: The dimensions a roll-up can be taken by.
DIMENSIONS = (
    "year",
    "quarter",
    "currency",
    "country",
    "region",
    "sector",
    "funder",
    "implementer",
    "theme",
    "programme",
    "status",
)
_HUNDRED = Decimal(100)
_ONE = Decimal(1)


class Flow(enum.Enum):
    """The money a roll-up totals: budgets, planned disbursements, or transactions of a type."""

    BUDGET = "budget"
    PLANNED = "planned-disbursement"
    INCOMING = "incoming-funds"
    COMMITMENT = "commitment"
    DISBURSEMENT = "disbursement"
    EXPENDITURE = "expenditure"

    @property
    def transaction_types(self) -> frozenset[str]:
        """The IATI TransactionType codes of this flow (empty for budgets and plans)."""
        return _TRANSACTION_TYPES.get(self, frozenset())


_TRANSACTION_TYPES = {
    Flow.INCOMING: frozenset({"1"}),
    Flow.COMMITMENT: frozenset({"2"}),
    Flow.DISBURSEMENT: frozenset({"3"}),
    Flow.EXPENDITURE: frozenset({"4"}),
}


@attrs.frozen
class RollupRow:
    """One cell of a roll-up: the keys (one per dimension, ``None`` where not known) and the amount.

    Args:
        keys: One value per dimension of :attr:`Rollup.by`, as text, or ``None``.
        amount: The total, one currency; a range where dates are partial.
        programmes: How many programmes contributed to it.
    """

    keys: tuple[str | None, ...]
    amount: MoneyRange
    programmes: int


@attrs.frozen
class Gap:
    """Money that is not (or not fully) in the rows' keys, and why.

    Args:
        programme: The programme's key.
        amount: The amount concerned (in its own currency), or ``None`` when the gap is about
            a split rather than an amount.
        reason: What is missing ("no rate ...", "the period has no end", "country: no
            percentages for UA, MD").
    """

    programme: str
    amount: Money | None
    reason: str


@attrs.frozen
class Rollup:
    """The result of :func:`rollup`.

    Args:
        by: The dimensions, in the order of each row's keys.
        flow: What was totalled.
        currency: The reporting currency, or ``None`` when amounts keep their own.
        rows: The cells, sorted by keys then currency.
        gaps: Money not (fully) placed in the rows, and splits not made, with reasons.
        excluded: Keys of programmes left out because a parent in the catalogue counts them.
        quotes: The exchange-rate quotes used, each once, in order of first use.
    """

    by: tuple[str, ...]
    flow: Flow
    currency: str | None
    rows: tuple[RollupRow, ...]
    gaps: tuple[Gap, ...] = ()
    excluded: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()

    def totals(self) -> dict[str, MoneyRange]:
        """The sum of the rows per currency (themes overlap: see the module's notes)."""
        found: dict[str, MoneyRange] = {}
        for row in self.rows:
            known = found.get(row.amount.currency)
            found[row.amount.currency] = row.amount if known is None else known + row.amount
        return found


class _Item(NamedTuple):
    """One amount of a programme with when it is for and the day to convert it at."""

    amount: Money
    when: Period | PartialDate | None
    value_date: dt.date | None
    transaction: Transaction | None


def _as_dimensions(by: str | Sequence[str]) -> tuple[str, ...]:
    names = tuple(part.strip() for part in by.split(",")) if isinstance(by, str) else tuple(by)
    for name in names:
        if name not in DIMENSIONS:
            raise InvalidValueError("by", name, f"be one of {', '.join(DIMENSIONS)}")
    if len(set(names)) != len(names):
        raise InvalidValueError("by", by, "name each dimension once")
    return names


def _as_flow(flow: Flow | str) -> Flow:
    try:
        return Flow(flow)
    except ValueError:
        raise InvalidValueError("flow", flow, f"be one of {', '.join(f.value for f in Flow)}") from None


def _items(programme: Programme, flow: Flow) -> list[_Item]:
    if flow is Flow.BUDGET:
        budget = programme.budget
        if budget is None:
            return []
        lines = budget.counted_lines
        if not lines and budget.total is not None:
            return [_Item(budget.total, programme.period, budget.value_date, None)]
        return [_Item(line.amount, line.period, line.value_date or budget.value_date, None) for line in lines]
    if flow is Flow.PLANNED:
        return [
            _Item(item.amount, item.period, item.value_date, None) for item in programme.planned_disbursements
        ]
    types = flow.transaction_types
    return [
        _Item(item.amount, item.date, item.value_date, item)
        for item in programme.transactions
        if item.type in types
    ]


def _conversion_day(item: _Item) -> dt.date | None:
    if item.value_date is not None:
        return item.value_date
    when = item.when
    if isinstance(when, PartialDate):
        return when.earliest()
    if isinstance(when, Period) and when.start is not None:
        return when.start.earliest()
    return None


class _Splits:
    """The keys of each dimension for one programme, each with its share (``1`` for the whole)."""

    def __init__(self, programme: Programme, gaps: list[Gap]) -> None:
        self.programme = programme
        self.gaps = gaps
        self.reported: set[str] = set()
        self.cache: dict[str, list[tuple[str | None, Decimal]]] = {}

    def of(self, dimension: str, item: _Item) -> list[tuple[str | None, Decimal]]:
        transaction = item.transaction
        if transaction is not None and dimension in ("country", "region", "sector"):
            override = self._transaction(dimension, transaction)
            if override is not None:
                return override
        found = self.cache.get(dimension)
        if found is None:
            found = self.cache[dimension] = self._programme(dimension)
        return found

    def _transaction(
        self, dimension: str, transaction: Transaction
    ) -> list[tuple[str | None, Decimal]] | None:
        """A transaction's own country, region or sectors, which IATI says take precedence."""
        if dimension == "country" and transaction.recipient_country is not None:
            return [(transaction.recipient_country.country, _ONE)]
        if dimension == "region" and transaction.recipient_region is not None:
            return [(transaction.recipient_region.code, _ONE)]
        if dimension == "sector" and transaction.sectors:
            return self._sectors(transaction.sectors)
        return None

    def _programme(self, dimension: str) -> list[tuple[str | None, Decimal]]:
        programme = self.programme
        if dimension == "country":
            return self._shares(dimension, [(s.country, s.percentage) for s in programme.recipient_countries])
        if dimension == "region":
            return self._shares(dimension, [(s.code, s.percentage) for s in programme.recipient_regions])
        if dimension == "sector":
            return self._sectors(programme.sectors)
        if dimension == "theme":
            themes = sorted({f"{t.code}:{t.significance}" for t in programme.themes if t.code is not None})
            return [(theme, _ONE) for theme in themes] or [(None, _ONE)]
        if dimension in ("funder", "implementer"):
            role = Role.FUNDING if dimension == "funder" else Role.IMPLEMENTING
            return [(_organisations(programme.participants, role), _ONE)]
        if dimension == "programme":
            return [(programme.key, _ONE)]
        if dimension == "status":
            return [(None if programme.status is None else programme.status.value, _ONE)]
        if dimension == "currency":
            return [(None, _ONE)]  # (the currency of the amount, set once it is converted)
        raise AssertionError(dimension)  # (the dimensions were checked)

    def _sectors(self, sectors: Sequence[SectorShare]) -> list[tuple[str | None, Decimal]]:
        vocabularies = [s.vocabulary for s in sectors]
        chosen = "1" if "1" in vocabularies else (vocabularies[0] if vocabularies else None)
        return self._shares("sector", [(s.code, s.percentage) for s in sectors if s.vocabulary == chosen])

    def _shares(
        self, dimension: str, shares: list[tuple[str, Decimal | None]]
    ) -> list[tuple[str | None, Decimal]]:
        if not shares:
            return [(None, _ONE)]
        if len(shares) == 1 and shares[0][1] is None:
            return [(shares[0][0], _ONE)]
        unstated = [code for code, percentage in shares if percentage is None]
        if unstated:
            self._gap(f"{dimension}: no percentage for {', '.join(unstated)}, not split")
            return [(None, _ONE)]
        found: list[tuple[str | None, Decimal]] = [
            (code, _fraction(p)) for code, p in shares if p is not None
        ]
        total = Decimal(0)
        for _, percentage in shares:
            total += percentage or 0  # (exact: roll-ups run in a context wide enough)
        if total < _HUNDRED:
            self._gap(f"{dimension}: percentages add up to {total}, the rest is not split")
            found.append((None, ratio(subtract(_HUNDRED, total, "percentage"), _HUNDRED)))
        elif total > _HUNDRED:
            self._gap(f"{dimension}: percentages add up to {total}, more than the whole is split")
        return found

    def _gap(self, reason: str) -> None:
        if reason not in self.reported:
            self.reported.add(reason)
            self.gaps.append(Gap(self.programme.key, None, reason))


@functools.lru_cache(maxsize=4096)
def _fraction(percentage: Decimal) -> Decimal:
    """A percentage as a fraction of the whole (28 significant digits); the same few recur."""
    return ratio(percentage, _HUNDRED)


def _organisations(participants: Iterable[Participant], role: Role) -> str | None:
    keys = sorted({p.organisation.key for p in participants if p.role is role})
    return "+".join(keys) if keys else None


class _Converter:
    """Converts amounts into the reporting currency, one quote per currency and day."""

    def __init__(self, currency: str, rates: RateProvider | None, policy: RatePolicy) -> None:
        self.currency = currency
        self.rates = rates
        self.policy = policy
        self.quotes: dict[tuple[str, dt.date], Quote | MissingRateError] = {}
        self.used: dict[int, Quote] = {}  # (by identity: hashing a quote hashes all its legs)

    def quote(self, source: str, day: dt.date) -> Quote:
        """The quote for ``source`` on ``day`` (asked once).

        Raises:
            MissingRateError: there is none (or no provider).
        """
        known = self.quotes.get((source, day))
        if known is None:
            try:
                if self.rates is None:
                    raise MissingRateError(source, self.currency, day, self.policy, "no rate provider given")
                known = self.rates.quote(source, self.currency, day, self.policy)
            except MissingRateError as error:
                known = error
            self.quotes[(source, day)] = known
        if isinstance(known, MissingRateError):
            raise known
        self.used.setdefault(id(known), known)
        return known


def _children_left_out(catalogue: Catalogue, counted: dict[str, bool]) -> set[str]:
    """Keys of programmes with a parent in ``catalogue`` that has money of the flow (linear time)."""
    by_ref: dict[str, Programme] = {}
    for programme in catalogue.programmes:
        by_ref.setdefault(programme.key, programme)
        if programme.iati_identifier:
            by_ref.setdefault(programme.iati_identifier, programme)
    left_out: set[str] = set()
    for programme in catalogue.programmes:
        for relation in programme.relations:
            other = by_ref.get(relation.ref)
            if other is None or other is programme:
                continue
            if relation.kind is RelationKind.PARENT and counted.get(other.key):
                left_out.add(programme.key)  # my parent has money
            elif relation.kind is RelationKind.CHILD and counted.get(programme.key):
                left_out.add(other.key)  # I have money, and this is my child
    return left_out


#: Sums and products of held numbers (below 10^18, at most 45 decimal places) times shares of 28
#: significant digits, exactly: the thread's context plays no part.
_EXACT = Context(prec=200, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, DivisionByZero, Overflow])

# A placed piece of an item: its (year, quarter) names (``None`` untimed), low and high amounts.
_Piece = tuple[tuple[str, str] | None, Decimal, Decimal]


class _Cell:
    """One row being summed: exact low and high sums, their qualifiers, the programmes counted."""

    __slots__ = ("broken", "count", "high", "high_qualifier", "last", "low", "low_qualifier")

    def __init__(self, index: int) -> None:
        self.low = self.high = Decimal(0)
        self.low_qualifier = self.high_qualifier = Qualifier.EXACT
        self.count, self.last, self.broken = 1, index, False


def rollup(
    programmes: Catalogue | Iterable[Programme],
    by: str | Sequence[str] = ("year",),
    *,
    flow: Flow | str = Flow.BUDGET,
    rule: Proration | str = Proration.BY_DAYS,
    currency: str | None = None,
    rates: RateProvider | None = None,
    policy: RatePolicy | str = RatePolicy.PREVIOUS,
    include_children: bool = False,
) -> Rollup:
    """Total a flow of money over ``programmes`` by the dimensions ``by``.

    Args:
        programmes: A catalogue (whose hierarchy is then respected) or any iterable of
            programmes (streamed: each is read once).
        by: Dimensions from :data:`DIMENSIONS`, as a sequence or comma-separated text.
        flow: ``"budget"``, ``"planned-disbursement"``, or a transaction flow
            (``"commitment"``, ``"disbursement"``, ``"expenditure"``, ``"incoming-funds"``).
        rule: How a period's amount is split between years or quarters (see
            :mod:`itaproj.allocation`).
        currency: The reporting currency; ``None`` keeps each amount's own.
        rates: Where exchange rates come from (a :class:`~itaproj.rates.RateTable`,
            :func:`~itaproj.io.rates.ecb_rates` ...); needed when ``currency`` is given and an
            amount is in another.
        policy: Which published rate applies to a day (:class:`~itaproj.rates.RatePolicy`).
        include_children: Count programmes whose parent in the catalogue has money of the
            flow too (their money is then usually counted twice).

    Raises:
        InvalidValueError: an unknown dimension, flow, rule or policy.

    Example:
        >>> from itaproj import Budget, BudgetLine, CountryShare, LocalizedText
        >>> p = Programme("p", LocalizedText({"en": "P"}),
        ...     recipient_countries=(CountryShare("UA", 75), CountryShare("MD", 25)),
        ...     budget=Budget(lines=(BudgetLine(Money(1000, "EUR"), Period.parse("2020-01-01", "2020-12-31")),)))
        >>> [(row.keys, str(row.amount)) for row in rollup([p], by="year,country").rows]
        [(('2020', 'MD'), 'EUR 250'), (('2020', 'UA'), 'EUR 750')]
    """
    dimensions = _as_dimensions(by)
    chosen = _as_flow(flow)
    proration = _as_proration(rule)
    rate_policy = to_rate_policy(policy)
    granularity = Granularity.QUARTER if "quarter" in dimensions else Granularity.YEAR
    timed = "year" in dimensions or "quarter" in dimensions
    converter = None if currency is None else _Converter(currency, rates, rate_policy)
    gaps: list[Gap] = []
    cells: dict[tuple[tuple[str | None, ...], str], _Cell] = {}
    excluded: set[str] = set()
    source: Iterable[Programme] = programmes
    if isinstance(programmes, Catalogue):
        source = programmes.programmes
        if not include_children:
            counted = {p.key: bool(_items(p, chosen)) for p in programmes.programmes}
            excluded = _children_left_out(programmes, counted)
    # where each dimension's key comes from: 0 the year, 1 the quarter, 2 a split
    kinds = tuple(0 if d == "year" else 1 if d == "quarter" else 2 for d in dimensions)
    currency_at = dimensions.index("currency") if "currency" in dimensions else -1
    timing = [(position, kind) for position, kind in enumerate(kinds) if kind < 2]

    with localcontext(_EXACT):
        for index, programme in enumerate(source):
            if programme.key in excluded:
                continue
            splits = _Splits(programme, gaps)
            for item in _items(programme, chosen):
                pieces = _placed(item, timed, granularity, proration, programme.key, gaps)
                if not pieces:
                    continue
                unit = item.amount.currency
                if converter is not None and unit != converter.currency:
                    converted = _converted(pieces, item, converter, programme.key, gaps)
                    if converted is None:
                        continue
                    pieces, unit = converted, converter.currency
                qualifier = item.amount.qualifier
                lists = [
                    [(None, _ONE)] if kind < 2 else splits.of(d, item)
                    for d, kind in zip(dimensions, kinds, strict=True)
                ]
                for combination in itertools.product(*lists):
                    share = _ONE
                    keys = [key for key, _ in combination]
                    for _, part in combination:
                        if part is not _ONE:
                            share = share * part
                    if currency_at >= 0:
                        keys[currency_at] = unit
                    for when, low, high in pieces:
                        for position, kind in timing:
                            keys[position] = None if when is None else when[kind]
                        cell_key = (tuple(keys), unit)
                        cell = cells.get(cell_key)
                        if cell is None:
                            cell = cells[cell_key] = _Cell(index)
                        elif cell.last != index:
                            cell.count += 1
                            cell.last = index
                        if cell.broken:
                            continue
                        if share is _ONE:
                            cell.low += low
                            cell.high += high
                        else:
                            cell.low += low * share
                            cell.high += high * share
                        if qualifier is not Qualifier.EXACT:
                            _qualify(cell, qualifier)
    rows: list[RollupRow] = []
    for (row_keys, unit), cell in sorted(cells.items(), key=_row_order):
        row = _row(row_keys, unit, cell, gaps)
        if row is not None:
            rows.append(row)
    return Rollup(
        dimensions,
        chosen,
        currency,
        tuple(rows),
        tuple(gaps),
        tuple(sorted(excluded)),
        () if converter is None else tuple(dict.fromkeys(converter.used.values())),
    )


def _qualify(cell: _Cell, qualifier: Qualifier) -> None:
    """Combine a bound into the cell's qualifiers; bounds in opposite directions break the cell."""
    try:
        cell.low_qualifier = cell.low_qualifier.combine(qualifier)
        cell.high_qualifier = cell.high_qualifier.combine(qualifier)
    except BoundArithmeticError:
        cell.broken = True


def _row(keys: tuple[str | None, ...], unit: str, cell: _Cell, gaps: list[Gap]) -> RollupRow | None:
    """The row of a summed cell; ``None`` (and a gap) when the sum is no amount the model holds."""
    shown = ", ".join("-" if key is None else key for key in keys)
    if cell.broken:
        gaps.append(Gap("*", None, f"row {shown} ({unit}): bounds in opposite directions add up to no bound"))
        return None
    try:
        low = Money(_held(cell.low), unit, cell.low_qualifier)
        high = Money(_held(cell.high), unit, cell.high_qualifier)
    except AmountRangeError:
        gaps.append(Gap("*", None, f"row {shown} ({unit}): the sum is 10^18 or more"))
        return None
    return RollupRow(keys, MoneyRange(low, high), cell.count)


def _held(value: Decimal) -> Decimal:
    """``value`` with at most 45 decimal places (as products are held) and no trailing zeros after the point."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # (finite: the context traps the rest)
    if exponent >= 0:
        return value
    with localcontext(_EXACT):
        if exponent < -MAX_PLACES:
            value = value.quantize(Decimal(1).scaleb(-MAX_PLACES), rounding=ROUND_HALF_EVEN)
        value = value.normalize()
        normal = value.as_tuple().exponent
        if isinstance(normal, int) and normal > 0:  # (an integer: no exponent notation)
            value = value.quantize(_ONE)
    return value


def _as_proration(rule: Proration | str) -> Proration:
    try:
        return Proration(rule)
    except ValueError:
        raise InvalidValueError("rule", rule, "be 'by-days' or 'by-start'") from None


def _row_order(
    cell: tuple[tuple[tuple[str | None, ...], str], object],
) -> tuple[tuple[tuple[int, str], ...], str]:
    """Rows by their keys (``None`` first in each), then currency."""
    (keys, currency), _ = cell
    return tuple((0, "") if key is None else (1, key) for key in keys), currency


def _before(end: PartialDate, start: PartialDate) -> bool:
    """Whether ``end`` certainly comes before ``start`` (dates of one year)."""
    return (end.month or 12, end.day or 31) < (start.month or 1, start.day or 1)


def _names(year: int, quarter: int) -> tuple[str, str]:
    return str(year), f"{year}-Q{quarter}"


def _placed(
    item: _Item, timed: bool, granularity: Granularity, rule: Proration, key: str, gaps: list[Gap]
) -> list[_Piece]:
    """The item's amount by calendar period, or whole when untimed; what has no place is a gap."""
    amount = item.amount.amount
    if not timed:
        return [(None, amount, amount)]
    when = item.when
    if when is None:
        gaps.append(Gap(key, item.amount, "no period or date: not placed in time"))
        return []
    # the common case first: all the days it may be for lie in one year (or quarter)
    start: PartialDate | None
    end: PartialDate | None
    if isinstance(when, PartialDate):
        start = end = when
    else:
        start, end = when.start, when.end
        if rule is Proration.BY_START:
            end = start
    if start is not None and end is not None and start.year == end.year:
        if granularity is Granularity.YEAR:
            if start is end or not _before(end, start):
                return [((str(start.year), ""), amount, amount)]
        elif start.month is not None and end.month is not None:
            quarter = (start.month + 2) // 3
            if quarter == (end.month + 2) // 3 and (start is end or not _before(end, start)):
                return [(_names(start.year, quarter), amount, amount)]
    if (
        rule is Proration.BY_DAYS
        and start is not None
        and end is not None
        and start.day is not None
        and end.day is not None
        and start.to_date() <= end.to_date()
    ):  # days known: the by-days rule on numbers, without the model's objects
        parts = day_shares(
            amount,
            start.to_date(),
            end.to_date(),
            granularity,
            remainder=item.amount.qualifier is Qualifier.EXACT,
        )
        return [(_names(year, quarter or 1), part, part) for (year, quarter), part in parts]
    allocation = allocate(item.amount, when, granularity, rule)
    for unplaced in allocation.unplaced:
        gaps.append(Gap(key, unplaced.amount, f"{unplaced.reason}: not placed in time"))
    return [
        (
            _names(share.period.year, share.period.quarter or 1),
            share.amount.low.amount,
            share.amount.high.amount,
        )
        for share in allocation.shares
    ]


def _converted(
    pieces: list[_Piece], item: _Item, converter: _Converter, key: str, gaps: list[Gap]
) -> list[_Piece] | None:
    day = _conversion_day(item)
    if day is None:
        gaps.append(Gap(key, item.amount, "no value date, period or date to convert at"))
        return None
    try:
        quote = converter.quote(item.amount.currency, day)
        converted = []
        for when, low, high in pieces:
            low_there = quote.converted(low)
            converted.append((when, low_there, low_there if high is low else quote.converted(high)))
        return converted
    except MissingRateError as error:
        gaps.append(Gap(key, item.amount, str(error)))
    except AmountRangeError as error:
        gaps.append(Gap(key, item.amount, f"out of range once converted: {error}"))
    return None
