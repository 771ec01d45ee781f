"""Typed results for people: metrics, roll-ups, totals and findings as text and as HTML.

One place decides how a value the library computed reads in a language: :func:`format_value`
for one value (money, ranges, bounds, dates, enums, texts), :func:`to_text` for a whole result
as indented ``label: value`` lines (what ``itaproj metrics`` prints) and :func:`to_html` for the
same as HTML tables (what a notebook shows, see :mod:`itaproj.notebook`). They walk the typed
objects themselves, so nothing is guessed back from JSON shapes:

* fields read as labels from the gettext catalogs (``budget_per_year`` is "Budget per year",
  "Бюджет на рік");
* fractions (``elapsed``, ``budget_share``, ``progress`` ...) read as percentages, fields named
  ``percentage`` as the percentages they hold;
* money is exact to the currency's minor unit, with its bound in words ("more than €100");
* a range stays a range (``26–48 months``), a bound stays a bound ("less than 7%");
* country and oblast codes used as keys read as names.

Example:
    >>> from itaproj import Money
    >>> from itaproj.metrics import Gap
    >>> print(to_text(Gap("m4eg", Money("14.5E6", "EUR"), "the period has no end"), "en"))
    Programme: m4eg
    Amount: €14,500,000
    Reason: the period has no end
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from html import escape
from typing import Any, cast

import attrs
from babel.dates import format_date

from itaproj.activity import ActivityKind, Frequency
from itaproj.beneficiary import BeneficiaryKind
from itaproj.errors import InvalidValueError
from itaproj.findings import Severity
from itaproj.l10n.catalogs import babel_locale, translations
from itaproj.l10n.format import (
    country_name,
    format_count,
    format_date_partial,
    format_list_of,
    format_money,
    format_months,
    format_number,
    format_percentage,
    format_period,
    format_qualified,
    format_span,
    resolve,
    round_to_minor_units,
    subdivision_name,
)
from itaproj.l10n.labels import (
    activity_kind_label,
    beneficiary_kind_label,
    date_kind_label,
    frequency_label,
    programme_kind_label,
    relation_kind_label,
    result_kind_label,
    status_label,
)
from itaproj.metrics import DecimalRange, Flow, Rollup
from itaproj.money import ExchangeRate, Money, MoneyRange
from itaproj.period import MonthRange, PartialDate, Period, Span
from itaproj.programme import DateKind, ProgrammeKind, RelationKind, Status
from itaproj.quantity import Count, Measure
from itaproj.rates import Quote
from itaproj.results import ResultKind
from itaproj.text import LocalizedText

__all__ = ["field_label", "format_value", "to_html", "to_text"]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs; it is translated where it is shown."""
    return message


#: Field name -> its label (translated when shown). A field not listed reads as its name in words.
_LABELS: dict[str, str] = {
    "amount": N_("Amount"),
    "amounts": N_("Amounts"),
    "applied": N_("Applied"),
    "at": N_("At"),
    "baseline": N_("Baseline"),
    "beneficiaries": N_("Beneficiaries"),
    "budget": N_("Budget"),
    "budget_per_declared_year": N_("Budget per declared year"),
    "budget_per_year": N_("Budget per year"),
    "budget_share": N_("Share of the budget"),
    "by": N_("By"),
    "by_cluster": N_("By cluster"),
    "by_country": N_("By country"),
    "by_kind": N_("By kind"),
    "by_region_group": N_("By region group"),
    "by_subdivision": N_("By oblast or region"),
    "change": N_("Change"),
    "code": N_("Code"),
    "component_share": N_("Share of the components"),
    "components": N_("Components"),
    "count": N_("Count"),
    "countries": N_("Countries"),
    "currency": N_("Currency"),
    "declared_months": N_("Declared months"),
    "duration": N_("Duration"),
    "elapsed": N_("Elapsed"),
    "excluded": N_("Excluded"),
    "flow": N_("Flow"),
    "gaps": N_("Gaps"),
    "indicators": N_("Indicators"),
    "key": N_("Key"),
    "keys": N_("Keys"),
    "latest": N_("Latest"),
    "listed": N_("Listed"),
    "message": N_("Message"),
    "missing_rates": N_("Missing rates"),
    "nested": N_("Nested"),
    "path": N_("Path"),
    "paths": N_("Paths"),
    "percentage": N_("Percentage"),
    "programme": N_("Programme"),
    "programmes": N_("Programmes"),
    "progress": N_("Progress"),
    "quotes": N_("Exchange rates"),
    "rate": N_("Rate"),
    "rates": N_("Exchange rates"),
    "ratio": N_("Ratio"),
    "reason": N_("Reason"),
    "relative_change": N_("Relative change"),
    "rows": N_("Rows"),
    "rule": N_("Rule"),
    "selected": N_("Selected"),
    "selections": N_("Selections"),
    "severity": N_("Severity"),
    "significance": N_("Significance"),
    "target": N_("Target"),
    "themes": N_("Themes"),
    "title": N_("Title"),
    "total": N_("Total"),
    "unknown": N_("Unknown"),
    "variants": N_("Variants"),
    "vocabulary": N_("Vocabulary"),
    "without_cluster": N_("Without cluster"),
    "without_country": N_("Without country"),
    "without_subdivision": N_("Without oblast or region"),
    # the dimensions of a roll-up (itaproj.metrics.DIMENSIONS)
    "year": N_("Year"),
    "quarter": N_("Quarter"),
    "country": N_("Country"),
    "region": N_("Region"),
    "sector": N_("Sector"),
    "funder": N_("Funder"),
    "implementer": N_("Implementer"),
    "theme": N_("Theme"),
    "status": N_("Status"),
}

#: Fields holding a fraction (0.25 is a quarter), shown as percentages.
_FRACTIONS = frozenset({"budget_share", "component_share", "elapsed", "progress", "ratio", "relative_change"})


#: Fields whose dict keys are codes with names: country codes, subdivision codes.
def _beneficiary_kind(value: str, locale: str) -> str:
    try:
        kind = BeneficiaryKind(value)
    except ValueError:
        return value
    return beneficiary_kind_label(kind, locale)


_KEY_NAMES: dict[str, Callable[[str, str], str]] = {
    "by_country": country_name,
    "by_subdivision": subdivision_name,
    "by_kind": _beneficiary_kind,
}

_SEVERITIES = {
    Severity.ERROR: N_("error"),
    Severity.WARNING: N_("warning"),
    Severity.INFO: N_("info"),
}

_FLOWS = {
    Flow.BUDGET: N_("budgets"),
    Flow.PLANNED: N_("planned disbursements"),
    Flow.INCOMING: N_("incoming funds"),
    Flow.COMMITMENT: N_("commitments"),
    Flow.DISBURSEMENT: N_("disbursements"),
    Flow.EXPENDITURE: N_("expenditure"),
}


_ENUM_LABELS: dict[type[enum.Enum], Callable[[Any, str], str]] = {
    Status: status_label,
    ProgrammeKind: programme_kind_label,
    RelationKind: relation_kind_label,
    ActivityKind: activity_kind_label,
    DateKind: date_kind_label,
    Frequency: frequency_label,
    BeneficiaryKind: beneficiary_kind_label,
    ResultKind: result_kind_label,
}

_DASH = "—"
#: Decimals a plain number shows at most (a share computed as 1/3 has 28).
_PLACES = 4
_ROUNDING = decimal.Context(prec=200, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN)


def field_label(name: str, locale: str) -> str:
    """The label of a result's field in ``locale``: ``budget_per_year`` -> "Budget per year".

    Example:
        >>> field_label("budget_per_year", "uk"), field_label("some_new_field", "en")
        ('Бюджет на рік', 'Some new field')
    """
    label = _LABELS.get(name)
    if label is None:
        return name.replace("_", " ").strip().capitalize()
    return translations(locale).gettext(label)


def _number(value: Decimal | int, locale: str) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -_PLACES:
            value = value.quantize(Decimal(1).scaleb(-_PLACES), context=_ROUNDING)
    try:
        return format_number(value, locale)
    except InvalidValueError:
        return str(value)  # beyond what babel formats (10^100): every digit, as Python writes it


def _money(money: Money, locale: str) -> str:
    try:
        return format_money(round_to_minor_units(money), locale, exact=True)
    except InvalidValueError:
        return str(money)


def _percent(value: Decimal | int, locale: str) -> str:
    try:
        return format_percentage(Decimal(value), locale)
    except InvalidValueError:
        return f"{Decimal(value).scaleb(2, context=_ROUNDING)}%"  # beyond babel: every digit


def _fraction(value: object, locale: str) -> str:
    """A fraction (or a range or bound of one) as a percentage."""
    if isinstance(value, DecimalRange):
        low, high = _percent(value.low, locale), _percent(value.high, locale)
        return low if low == high else f"{low}–{high}"
    if isinstance(value, Measure):
        return format_qualified(_percent(value.value, locale), value.qualifier, locale)
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return _percent(value, locale)
    return format_value(value, locale)


def _rate(rate: ExchangeRate, locale: str) -> str:
    day = format_date(rate.date, format="medium", locale=babel_locale(locale))
    return f"1 {rate.source} = {_number(rate.rate, locale)} {rate.target} ({day})"


def format_value(value: object, locale: str, *, field: str | None = None) -> str:
    """One value the library computed, as text in ``locale``.

    Args:
        value: A number, money, a range, a bound, a date or period, an enum, a text, an exchange
            rate or quote, ``None`` (shown as a dash), or a tuple or dict of these.
        locale: The language (and region) to write in: ``"uk"``, ``"en_GB"``.
        field: The name of the field ``value`` comes from, when known: a fraction field
            (``elapsed``, ``budget_share`` ...) reads as a percentage.

    Example:
        >>> from itaproj import Money, Qualifier
        >>> format_value(Money("1E5", "EUR", Qualifier.MORE_THAN), "en")
        'more than €100,000'
        >>> format_value(Decimal("0.3333333333"), "uk"), format_value(Decimal("0.25"), "en", field="elapsed")
        ('0,3333', '25%')
    """
    if field in _FRACTIONS:
        return _fraction(value, locale)
    if field == "percentage" and isinstance(value, Decimal):
        return _percent(value.scaleb(-2, context=_ROUNDING), locale)
    if value is None:
        return _DASH
    if isinstance(value, bool):
        tr = translations(locale)
        return tr.gettext("yes") if value else tr.gettext("no")
    if isinstance(value, (int, Decimal)):
        return _number(value, locale)
    if isinstance(value, str):
        return value
    if isinstance(value, LocalizedText):
        return resolve(value, locale)
    if isinstance(value, Money):
        return _money(value, locale)
    if isinstance(value, MoneyRange):
        low, high = _money(value.low, locale), _money(value.high, locale)
        return low if low == high else f"{low} – {high}"
    if isinstance(value, DecimalRange):
        low, high = _number(value.low, locale), _number(value.high, locale)
        return low if low == high else f"{low}–{high}"
    if isinstance(value, MonthRange):
        return format_months(value, locale)
    if isinstance(value, PartialDate):
        return format_date_partial(value, locale)
    if isinstance(value, dt.date):
        return format_date(value, format="medium", locale=babel_locale(locale))
    if isinstance(value, Period):
        return format_period(value, locale)
    if isinstance(value, Measure):
        return _measure(value, locale)
    if isinstance(value, Count):
        return format_count(value, locale)
    if isinstance(value, Span):
        return format_span(value, locale)
    if isinstance(value, ExchangeRate):
        return _rate(value, locale)
    if isinstance(value, Quote):
        return f"{_rate(value.rate, locale)}, {value.provider}"
    if isinstance(value, enum.Enum):
        return _enum(value, locale)
    if isinstance(value, (tuple, list)):
        return format_list_of((format_value(item, locale) for item in value), locale) if value else _DASH
    if isinstance(value, Mapping):
        return "; ".join(f"{key}: {format_value(item, locale)}" for key, item in value.items()) or _DASH
    if attrs.has(type(value)):
        return "; ".join(
            f"{field_label(name, locale)}: {format_value(item, locale, field=name)}"
            for name, item in _fields(value)
        )
    return str(value)


def _measure(measure: Measure, locale: str) -> str:
    """A figure with its bound in words, to at most four decimals (a ratio has 28)."""
    return format_qualified(_number(measure.value, locale), measure.qualifier, locale)


def _enum(value: enum.Enum, locale: str) -> str:
    tr = translations(locale)
    if isinstance(value, Severity):
        return tr.gettext(_SEVERITIES[value])
    if isinstance(value, Flow):
        return tr.gettext(_FLOWS[value])
    label = _ENUM_LABELS.get(type(value))
    return label(value, locale) if label is not None else str(value.value)


# --- the structure of a result ------------------------------------------------------------------

#: Types that read as one value, although attrs classes.
_LEAVES = (
    LocalizedText, Money, MoneyRange, DecimalRange, MonthRange, PartialDate, Period, Measure, Count, Span,
    ExchangeRate, Quote,
)  # fmt: skip


def _structured(value: object) -> bool:
    """Whether ``value`` reads as a block of its own (a record, a table) rather than one value."""
    if isinstance(value, _LEAVES):
        return False
    if attrs.has(type(value)):
        return True
    if isinstance(value, (tuple, list)):
        return any(_structured(item) for item in value)
    if isinstance(value, Mapping):
        return bool(value)
    return False


def _names(cls: type) -> list[str]:
    """The public fields of an attrs class, in order."""
    attributes: tuple[attrs.Attribute[Any], ...] = attrs.fields(cast("type[attrs.AttrsInstance]", cls))
    return [attribute.name for attribute in attributes if not attribute.name.startswith("_")]


def _fields(obj: object) -> Iterator[tuple[str, object]]:
    """The public fields of an attrs instance, those left empty (``()``, ``{}``) out."""
    for name in _names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, (tuple, list, Mapping)) and not value:
            continue
        yield name, value


def _key(name: str | None, key: object, locale: str) -> str:
    names = _KEY_NAMES.get(name or "")
    if names is not None and isinstance(key, str):
        return names(key, locale)
    return format_value(key, locale)


def _rollup_rows(rollup: Rollup, locale: str) -> tuple[list[str], list[list[str]]]:
    tr = translations(locale)
    header = [field_label(dimension, locale) for dimension in rollup.by]
    header += [field_label("amount", locale), tr.gettext("Programmes")]
    rows = []
    for row in rollup.rows:
        keys = [
            _key(f"by_{dimension}", key, locale) for dimension, key in zip(rollup.by, row.keys, strict=True)
        ]
        rows.append([*keys, format_value(row.amount, locale), format_value(row.programmes, locale)])
    return header, rows


# --- text --------------------------------------------------------------------------------------


def to_text(obj: object, locale: str) -> str:
    """``obj`` (a metrics bundle, a roll-up, a finding ...) as indented ``label: value`` lines.

    Example:
        >>> from itaproj.metrics import DecimalRange
        >>> from itaproj.metrics.themes import ThemeCoverage
        >>> from itaproj import LocalizedText
        >>> print(to_text(ThemeCoverage(LocalizedText({"en": "Gender"}), "1", "1", 2,
        ...                             component_share=Decimal("0.5")), "en"))
        Title: Gender
        Code: 1
        Vocabulary: 1
        Significance: 2
        Share of the components: 50%
        Budget: —
        Share of the budget: —
    """
    return "\n".join(_text_lines(obj, locale, "", None))


def _text_lines(obj: object, locale: str, indent: str, field: str | None) -> Iterator[str]:
    if isinstance(obj, Rollup):
        for name, value in _fields(obj):
            if name == "by":
                dimensions = format_list_of((field_label(d, locale) for d in obj.by), locale)
                yield f"{indent}{field_label(name, locale)}: {dimensions}"
            elif name != "rows":
                yield from _text_item(name, value, locale, indent)
        header, rows = _rollup_rows(obj, locale)
        yield f"{indent}{field_label('rows', locale)}:"
        for row in rows:
            yield f"{indent}  - " + ", ".join(f"{h}: {c}" for h, c in zip(header, row, strict=True))
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            yield from _text_item(_key(field, key, locale), value, locale, indent, label=True)
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            lines = list(_text_lines(item, locale, indent + "  ", field))
            if lines:
                yield f"{indent}- {lines[0].lstrip()}"
                yield from lines[1:]
    elif attrs.has(type(obj)) and _structured(obj):
        for name, value in _fields(obj):
            yield from _text_item(name, value, locale, indent)
    else:
        yield f"{indent}{format_value(obj, locale, field=field)}"


def _text_item(name: str, value: object, locale: str, indent: str, *, label: bool = False) -> Iterator[str]:
    heading = name if label else field_label(name, locale)
    if _structured(value):
        yield f"{indent}{heading}:"
        yield from _text_lines(value, locale, indent + "  ", None if label else name)
    else:
        yield f"{indent}{heading}: {format_value(value, locale, field=None if label else name)}"


# --- HTML --------------------------------------------------------------------------------------

#: The views' own style: compact tables that follow the notebook's colours.
STYLE = (
    # The fragment scrolls sideways in its own box when its tables are wider than the page (a phone).
    ".itaproj-views{overflow-x:auto;max-width:100%}"
    ".itaproj-view{font:inherit;border-collapse:collapse;margin:.25em 0}"
    ".itaproj-view th,.itaproj-view td{text-align:left;vertical-align:top;padding:.2em .6em;"
    "border-bottom:1px solid rgba(127,127,127,.3)}"
    ".itaproj-view th{font-weight:600}.itaproj-view td.num{text-align:right;white-space:nowrap}"
    ".itaproj-view caption{text-align:left;font-weight:600;padding:.2em 0}"
)


def to_html(obj: object, locale: str, *, caption: str | None = None) -> str:
    """``obj`` as an HTML fragment: records as two-column tables, lists of records as tables.

    Every text is escaped; the fragment carries its language (``lang``) and the views' style.

    Example:
        >>> from itaproj.findings import Finding, Severity
        >>> html = to_html((Finding("budget.sum", Severity.ERROR, "<b>3</b> > 2", "$.budget"),), "uk")
        >>> "<td>помилка</td>" in html, "&lt;b&gt;3&lt;/b&gt;" in html
        (True, True)
    """
    lang = escape(str(babel_locale(locale)).replace("_", "-"))
    body = _html(obj, locale, None)
    title = f"<caption>{escape(caption)}</caption>" if caption else ""
    if title and body.startswith('<table class="itaproj-view">'):
        body = body.replace('<table class="itaproj-view">', f'<table class="itaproj-view">{title}', 1)
    elif title:
        body = f"<p><strong>{escape(caption or '')}</strong></p>{body}"
    return f'<div class="itaproj-views" lang="{lang}"><style>{STYLE}</style>{body}</div>'


def _cell(value: object, locale: str, field: str | None) -> str:
    if _structured(value):
        return _html(value, locale, field)
    text = escape(format_value(value, locale, field=field))
    number = isinstance(value, (int, Decimal, Money, MoneyRange, Measure)) and not isinstance(value, bool)
    return f'<td class="num">{text}</td>' if number else f"<td>{text}</td>"


def _td(value: object, locale: str, field: str | None) -> str:
    cell = _cell(value, locale, field)
    return cell if cell.startswith("<td") else f"<td>{cell}</td>"


def _html(obj: object, locale: str, field: str | None) -> str:
    if isinstance(obj, Rollup):
        header, rows = _rollup_rows(obj, locale)
        head = "".join(f"<th>{escape(h)}</th>" for h in header)
        body = "".join(
            "<tr>"
            + "".join(f"<td>{escape(c)}</td>" for c in row[:-2])
            + "".join(f'<td class="num">{escape(c)}</td>' for c in row[-2:])
            + "</tr>"
            for row in rows
        )
        rest = "".join(
            f"<tr><th>{escape(field_label(name, locale))}</th>{_td(value, locale, name)}</tr>"
            for name, value in _fields(obj)
            if name not in {"rows", "by"}
        )
        return (
            f'<table class="itaproj-view"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
            f'<table class="itaproj-view"><tbody>{rest}</tbody></table>'
        )
    if isinstance(obj, Mapping):
        if any(_structured(value) for value in obj.values()):
            return "".join(
                f"<details open><summary>{escape(_key(field, key, locale))}</summary>{_html(value, locale, None)}</details>"
                for key, value in obj.items()
            )
        entries = "".join(
            f"<tr><th>{escape(_key(field, key, locale))}</th>{_td(value, locale, None)}</tr>"
            for key, value in obj.items()
        )
        return f'<table class="itaproj-view"><tbody>{entries}</tbody></table>'
    if isinstance(obj, (tuple, list)):
        records = [item for item in obj if attrs.has(type(item))]
        kinds = {type(item) for item in obj}
        if records and len(records) == len(obj) and len(kinds) == 1:
            names = _names(type(records[0]))
            names = [n for n in names if any(getattr(r, n) not in ((), {}, None) for r in records)] or names
            head = "".join(f"<th>{escape(field_label(n, locale))}</th>" for n in names)
            body = "".join(
                "<tr>" + "".join(_td(getattr(r, n), locale, n) for n in names) + "</tr>" for r in records
            )
            return f'<table class="itaproj-view"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        return "<ul>" + "".join(f"<li>{_html(item, locale, field)}</li>" for item in obj) + "</ul>"
    if attrs.has(type(obj)) and _structured(obj):
        entries = "".join(
            f"<tr><th>{escape(field_label(name, locale))}</th>{_td(value, locale, name)}</tr>"
            for name, value in _fields(obj)
        )
        return f'<table class="itaproj-view"><tbody>{entries}</tbody></table>'
    return escape(format_value(obj, locale, field=field))
