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
import itertools
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from itaproj.allocation import Granularity, Proration, allocate
from itaproj.errors import AmountRangeError, InvalidValueError, MissingRateError
from itaproj.finance import Transaction
from itaproj.money import Money, MoneyRange
from itaproj.org import Participant, Role
from itaproj.period import PartialDate, Period
from itaproj.programme import Catalogue, Programme, RelationKind
from itaproj.quantity import add, multiply, ratio, subtract
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
    """The keys of one dimension for a programme, each with its share (``1`` for the whole)."""

    def __init__(self, programme: Programme, gaps: list[Gap]) -> None:
        self.programme = programme
        self.gaps = gaps

    def of(self, dimension: str, item: _Item) -> list[tuple[str | None, Decimal]]:
        programme = self.programme
        if dimension == "country":
            transaction = item.transaction
            if transaction is not None and transaction.recipient_country is not None:
                return [(transaction.recipient_country.country, Decimal(1))]
            return self._shares(dimension, [(s.country, s.percentage) for s in programme.recipient_countries])
        if dimension == "region":
            transaction = item.transaction
            if transaction is not None and transaction.recipient_region is not None:
                return [(transaction.recipient_region.code, Decimal(1))]
            return self._shares(dimension, [(s.code, s.percentage) for s in programme.recipient_regions])
        if dimension == "sector":
            sectors = programme.sectors
            if item.transaction is not None and item.transaction.sectors:
                sectors = item.transaction.sectors
            vocabularies = [s.vocabulary for s in sectors]
            chosen = "1" if "1" in vocabularies else (vocabularies[0] if vocabularies else None)
            return self._shares(
                dimension, [(s.code, s.percentage) for s in sectors if s.vocabulary == chosen]
            )
        if dimension == "theme":
            themes = sorted({f"{t.code}:{t.significance}" for t in programme.themes if t.code is not None})
            return [(theme, Decimal(1)) for theme in themes] or [(None, Decimal(1))]
        if dimension in ("funder", "implementer"):
            role = Role.FUNDING if dimension == "funder" else Role.IMPLEMENTING
            return [(_organisations(programme.participants, role), Decimal(1))]
        if dimension == "programme":
            return [(programme.key, Decimal(1))]
        if dimension == "currency":
            return [(None, Decimal(1))]  # (the currency of the amount, set once it is converted)
        if dimension == "status":
            return [(None if programme.status is None else programme.status.value, Decimal(1))]
        raise AssertionError(dimension)  # (the dimensions were checked)

    def _shares(
        self, dimension: str, shares: list[tuple[str, Decimal | None]]
    ) -> list[tuple[str | None, Decimal]]:
        if not shares:
            return [(None, Decimal(1))]
        if len(shares) == 1 and shares[0][1] is None:
            return [(shares[0][0], Decimal(1))]
        unstated = [code for code, percentage in shares if percentage is None]
        if unstated:
            self._gap(f"{dimension}: no percentage for {', '.join(unstated)}, not split")
            return [(None, Decimal(1))]
        found: list[tuple[str | None, Decimal]] = [
            (code, ratio(p, _HUNDRED)) for code, p in shares if p is not None
        ]
        total = Decimal(0)
        for _, percentage in shares:
            total = add(total, percentage or Decimal(0), "percentage")
        if total < _HUNDRED:
            self._gap(f"{dimension}: percentages add up to {total}, the rest is not split")
            found.append((None, ratio(subtract(_HUNDRED, total, "percentage"), _HUNDRED)))
        elif total > _HUNDRED:
            self._gap(f"{dimension}: percentages add up to {total}, more than the whole is split")
        return found

    def _gap(self, reason: str) -> None:
        gap = Gap(self.programme.key, None, reason)
        if gap not in self.gaps:
            self.gaps.append(gap)


def _organisations(participants: Iterable[Participant], role: Role) -> str | None:
    keys = sorted({p.organisation.key for p in participants if p.role is role})
    return "+".join(keys) if keys else None


class _Converter:
    """Converts amounts into the reporting currency, one quote per currency and day."""

    def __init__(self, currency: str, rates: RateProvider | None, policy: RatePolicy) -> None:
        self.currency = currency
        self.rates = rates
        self.policy = policy
        self.quotes: dict[tuple[str, dt.date], Quote] = {}
        self.used: dict[Quote, None] = {}

    def quote(self, source: str, day: dt.date) -> Quote:
        known = self.quotes.get((source, day))
        if known is None:
            if self.rates is None:
                raise MissingRateError(source, self.currency, day, self.policy, "no rate provider given")
            known = self.quotes[(source, day)] = self.rates.quote(source, self.currency, day, self.policy)
        self.used.setdefault(known, None)
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
    proration = Proration(rule) if isinstance(rule, Proration) else _proration(rule)
    rate_policy = to_rate_policy(policy)
    granularity = Granularity.QUARTER if "quarter" in dimensions else Granularity.YEAR
    timed = "year" in dimensions or "quarter" in dimensions
    converter = None if currency is None else _Converter(currency, rates, rate_policy)
    gaps: list[Gap] = []
    # (keys, currency) -> [amount, programmes counted, index of the last programme counted]
    cells: dict[tuple[tuple[str | None, ...], str], list[Any]] = {}

    excluded: set[str] = set()
    source: Iterable[Programme] = programmes
    if isinstance(programmes, Catalogue) and not include_children:
        counted = {p.key: bool(_items(p, chosen)) for p in programmes.programmes}
        excluded = _children_left_out(programmes, counted)
        source = programmes.programmes

    for index, programme in enumerate(source):
        if programme.key in excluded:
            continue
        splits = _Splits(programme, gaps)
        for item in _items(programme, chosen):
            for when_keys, amount in _placed(item, timed, granularity, proration, programme.key, gaps):
                converted = _converted(amount, item, converter, programme.key, gaps)
                if converted is None:
                    continue
                per_dimension = [
                    [(key, _ONE)] if dimension in ("year", "quarter") else splits.of(dimension, item)
                    for dimension, key in zip(dimensions, _time_keys(dimensions, when_keys), strict=True)
                ]
                for combination in itertools.product(*per_dimension):
                    keys = tuple(
                        converted.currency if dimension == "currency" else key
                        for dimension, (key, _) in zip(dimensions, combination, strict=True)
                    )
                    share = _ONE
                    for _, part in combination:
                        if part != _ONE:
                            share = multiply(share, part, "share")
                    part_amount = _times(converted, share)
                    cell = cells.get((keys, converted.currency))
                    if cell is None:
                        cells[(keys, converted.currency)] = [part_amount, 1, index]
                    else:
                        cell[0] = cell[0] + part_amount
                        if cell[2] != index:
                            cell[1] += 1
                            cell[2] = index
    rows = tuple(
        RollupRow(keys, amount, count)
        for (keys, _), (amount, count, _) in sorted(cells.items(), key=_row_order)
    )
    return Rollup(
        dimensions,
        chosen,
        currency,
        rows,
        tuple(gaps),
        tuple(sorted(excluded)),
        () if converter is None else tuple(converter.used),
    )


def _proration(rule: str) -> Proration:
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


def _time_keys(dimensions: tuple[str, ...], when: tuple[str, str] | None) -> Iterator[str | None]:
    for dimension in dimensions:
        if dimension == "year":
            yield None if when is None else when[0]
        elif dimension == "quarter":
            yield None if when is None else when[1]
        else:
            yield None


def _placed(
    item: _Item, timed: bool, granularity: Granularity, rule: Proration, key: str, gaps: list[Gap]
) -> Iterator[tuple[tuple[str, str] | None, MoneyRange]]:
    """The item's amount by calendar period (``(year, quarter)`` names), or whole when untimed."""
    if not timed:
        yield None, MoneyRange.exact(item.amount)
        return
    if item.when is None:
        gaps.append(Gap(key, item.amount, "no period or date: not placed in time"))
        return
    allocation = allocate(item.amount, item.when, granularity, rule)
    for unplaced in allocation.unplaced:
        gaps.append(Gap(key, unplaced.amount, f"{unplaced.reason}: not placed in time"))
    for share in allocation.shares:
        period = share.period
        yield (str(period.year), str(period)), share.amount


def _converted(
    amount: MoneyRange, item: _Item, converter: _Converter | None, key: str, gaps: list[Gap]
) -> MoneyRange | None:
    if converter is None or amount.currency == converter.currency:
        return amount
    day = _conversion_day(item)
    if day is None:
        gaps.append(Gap(key, item.amount, "no value date, period or date to convert at"))
        return None
    try:
        quote = converter.quote(amount.currency, day)
        return MoneyRange(quote.convert(amount.low).amount, quote.convert(amount.high).amount)
    except MissingRateError as error:
        gaps.append(Gap(key, item.amount, str(error)))
    except AmountRangeError as error:
        gaps.append(Gap(key, item.amount, f"out of range once converted: {error}"))
    return None


def _times(amount: MoneyRange, share: Decimal) -> MoneyRange:
    if share == 1:
        return amount
    return MoneyRange(_share_of(amount.low, share), _share_of(amount.high, share))


def _share_of(money: Money, share: Decimal) -> Money:
    """``money * share``, without the trailing zeros the product adds (EUR 1000 * 0.25 is EUR 250)."""
    product = money * share
    sign, digits, exponent = product.amount.as_tuple()
    places = money.amount.as_tuple().exponent
    if not isinstance(exponent, int) or not isinstance(places, int):
        return product
    count = len(digits)
    while exponent < places and count > 1 and digits[count - 1] == 0:
        count -= 1
        exponent += 1
    if count == len(digits):
        return product
    return Money(Decimal((sign, digits[:count], exponent)), product.currency, product.qualifier)
