"""The ``itaproj`` command: validate, report, metrics and convert, for JSON and IATI XML files.

Usage::

    itaproj validate FILE [--json | --format text|json|validator]  # exit 1 if any finding is an error
    itaproj report FILE [--locale uk] [--json | --html]
    itaproj metrics FILE [--json] [--at DATE] [--currency CODE] [--rate SRC:TGT:RATE:DATE ...]
    itaproj totals FILE [--by year,country] [--currency CODE --rates ecb|FILE] [--json | --csv]
    itaproj convert IN OUT [--reporting-org KEY|REF:TYPE:NAME]  # JSON, JSON Lines, IATI XML, by extension
    itaproj tables FILE OUTDIR                  # one Parquet file per tidy table
    itaproj sql FILE|OUTDIR QUERY [--rates ecb|FILE] [--json | --csv]
    itaproj ingest SOURCES... OUTDIR [--workers N] [--partition publisher|file]
                   [--engine local|dask] [--scheduler ADDRESS] [--prune] [--json]
    itaproj schema [--output FILE]              # the JSON Schema (draft 2020-12) of catalogue documents

Files ending in ``.xml`` are IATI 2.03 activity files (they need the ``xml`` extra); files ending
in ``.jsonl`` are catalogues in the JSON Lines form (:mod:`itaproj.io.lines`); anything else is
an itaproj JSON document.

Exit status: 0 success; 1 a problem in the data (the file does not load, a check found an error,
a value the library refuses, IATI output written but not schema-valid); 2 a usage problem (a missing file, an unknown locale, a malformed
option value, two ``--rate`` for one currency pair, an option that does not apply, a missing
optional dependency). Options are checked before the file is read. Problems are printed on
stderr as messages, never as tracebacks.

With ``--json``, stdout always holds one JSON document once the arguments parse, even when the
command fails. A failed run prints the same shape as ``validate --json``::

    {"file": "FILE", "loaded": false, "valid": false,
     "findings": [{"severity": "error", "rule": "load", "message": "...", "path": "$.status"}],
     "summary": [{"severity": "error", "rule": "load", "message": "...", "count": 1, "variants": 1,
                  "paths": ["$.status"]}]}

``loaded`` tells whether the file was read into the model. Each problem is a finding: rule
``load`` for what stopped the file loading, with the ``$``-path of a JSON document or the line
of an XML file; ``usage`` for a usage problem (path ``$``); ``data`` for a value refused after
loading (path ``$``). ``summary`` groups the findings as ``validate`` prints them: one line
per rule, severity and message that differs at most in quoted values and numbers, with the
count and the first three paths (:func:`itaproj.findings.summarize`); ``findings`` keeps
every one.

``convert`` writes its output to a temporary file beside the destination and renames it into
place only when everything was written, so a failed run leaves an existing file untouched.

Example:
    >>> main(["report", "no-such-file.json"])
    2
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn, TextIO, cast

from itaproj.errors import InvalidValueError, ItaprojError, LoadError, LoadIssue, MissingDependencyError
from itaproj.findings import Finding, FindingGroup, Severity, summarize
from itaproj.money import ExchangeRate, is_currency
from itaproj.programme import Catalogue, Programme

if TYPE_CHECKING:
    from itaproj.metrics.rollup import Rollup, RollupRow
    from itaproj.org import Organisation
    from itaproj.rates import RateProvider

__all__ = ["build_parser", "main"]

_XML_SUFFIXES = frozenset({".xml"})
_JSON_SUFFIXES = frozenset({".json"})
_LINES_SUFFIXES = frozenset({".jsonl"})
_RATE_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?", re.ASCII)


class _Exit(Exception):
    """Stop with a message on stderr and an exit status."""

    def __init__(self, status: int, lines: Iterable[str]) -> None:
        super().__init__(status)
        self.status = status
        self.lines = tuple(lines)


def _fail(status: int, *lines: str) -> NoReturn:
    raise _Exit(status, lines)


def _is_xml(path: Path) -> bool:
    return path.suffix.lower() in _XML_SUFFIXES


def _is_lines(path: Path) -> bool:
    return path.suffix.lower() in _LINES_SUFFIXES


def _path(path_text: str, what: str) -> Path:
    if "\0" in path_text:
        _fail(2, f"itaproj: {what} names no valid path (it holds a NUL character): {path_text!r}")
    return Path(path_text)


def _existing(path_text: str) -> Path:
    path = _path(path_text, "the file")
    if not path.exists():
        _fail(2, f"itaproj: no such file: {path_text}")
    if path.is_dir():
        _fail(2, f"itaproj: is a directory, not a file: {path_text}")
    return path


class _Loaded:
    """Remembers whether the input of the current command was read into the model."""

    loaded = False


#: Files at least this large show a progress line while they are read (stderr a terminal).
_PROGRESS_BYTES = 8_000_000
#: The progress line is redrawn at most this often (seconds).
_PROGRESS_EVERY = 0.2


class _Bar:
    """One progress line on a terminal's stderr: a bar, how much of the total, the rate, what else."""

    def __init__(self, stream: TextIO, total: int, unit: str) -> None:
        self.stream, self.total, self.unit = stream, total, unit
        self.started = time.perf_counter()
        self.drawn = 0.0

    def draw(self, done: int, extra: str = "", *, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self.drawn < _PROGRESS_EVERY:
            return
        self.drawn = now
        filled = 30 * min(done, self.total) // max(self.total, 1)
        seconds = max(now - self.started, 1e-9)
        if self.unit == "MB":
            amount = f"{done / 1e6:,.1f}/{self.total / 1e6:,.1f} MB, {done / 1e6 / seconds:.1f} MB/s"
        else:
            amount = f"{done:,}/{self.total:,} {self.unit}"
        _write(self.stream, f"\r[{'#' * filled}{'.' * (30 - filled)}] {amount}{extra}")
        self.stream.flush()

    def close(self) -> None:
        """End the line, so that what follows starts on a new one."""
        _write(self.stream, "\n")
        self.stream.flush()


class _ProgressReader(io.RawIOBase):
    """A binary file that draws a :class:`_Bar` of the bytes read so far as it is read."""

    def __init__(self, raw: io.BufferedReader, bar: _Bar) -> None:
        super().__init__()
        self.raw, self.bar, self.done = raw, bar, 0
        self.name = raw.name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer)
        self.done += count or 0
        self.bar.draw(self.done)
        return count or 0


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[Path | BinaryIO]:
    """``path``, or on a terminal for a large file, the file opened to show how far reading is."""
    err = sys.stderr
    size = path.stat().st_size
    if size < _PROGRESS_BYTES or not err.isatty():
        yield path
        return
    bar = _Bar(err, size, "MB")
    with path.open("rb") as raw:
        reader = _ProgressReader(raw, bar)
        try:
            yield cast("BinaryIO", io.BufferedReader(reader, 1 << 16))
        finally:
            bar.draw(reader.done, force=True)
            bar.close()


def _load(path_text: str, state: _Loaded) -> Programme | Catalogue:
    """A programme or catalogue from a JSON document, a JSON Lines file or an IATI XML file."""
    path = _existing(path_text)
    if _is_xml(path):
        from itaproj import iati

        with _reading(path) as source:
            loaded: object = iati.read(source)
    elif _is_lines(path):
        from itaproj.io.lines import load_lines

        loaded = load_lines(path)
    else:
        from itaproj.io import load

        loaded = load(path)
    if not isinstance(loaded, (Programme, Catalogue)):
        kind = type(loaded).__name__
        issue = LoadIssue("$.kind", f"the document holds a {kind}, not a programme or a catalogue")
        raise LoadError([issue], source=path_text)
    state.loaded = True
    return loaded


def _json_text(data: Any, *, ensure_ascii: bool = False) -> str:
    def default(value: object) -> object:
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    return json.dumps(data, ensure_ascii=ensure_ascii, indent=2, default=default) + "\n"


def _write(stream: TextIO, text: str) -> None:
    """Write ``text``, escaping what the stream's encoding cannot hold instead of failing."""
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))


def _write_json(stream: TextIO, data: Any) -> None:
    """Write ``data`` as JSON; in ASCII escapes if the stream's encoding cannot hold the text."""
    try:
        stream.write(_json_text(data))
    except UnicodeEncodeError:
        stream.write(_json_text(data, ensure_ascii=True))


def _finding_dict(finding: Finding) -> dict[str, str]:
    return {
        "severity": finding.severity.value,
        "rule": finding.rule,
        "message": finding.message,
        "path": finding.path,
    }


def _summary(findings: Sequence[Finding]) -> str:
    counts = {severity: sum(1 for f in findings if f.severity is severity) for severity in Severity}
    parts = []
    for severity, noun in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")):
        count = counts[severity]
        parts.append(f"{count} {noun}{'' if count == 1 else 's'}")
    return ", ".join(parts)


def _validate(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    if args.format == "json":
        args.json = True
    path = _existing(args.file)
    if args.format == "validator" and not _is_xml(path):
        _fail(2, "itaproj: --format validator is for IATI XML files (.xml)")
    findings: tuple[Finding, ...]
    if _is_xml(path):
        from itaproj import iati

        findings = tuple(iati.validate(path))
        state.loaded = not any(f.rule == "iati.xml" for f in findings)
    else:
        from itaproj.checks import check

        findings = tuple(check(_load(args.file, state)))
    has_errors = any(f.severity is Severity.ERROR for f in findings)
    if args.json:
        _write_json(out, _document(args.file, state.loaded, not has_errors, findings))
    elif args.format == "validator":
        from itaproj.iati.dq.report import validator_report

        _write_json(out, validator_report(path, findings))
    else:
        sections = [("", list(findings))]
        if _is_xml(path):
            from itaproj.iati.dq.report import by_category

            sections = by_category(findings)
        for title, members in sections:
            if title:
                _write(out, f"== {title}: {_summary(members)}\n")
            # One line per kind of finding: a rule broken 8,000 times is one line with a count.
            for group in summarize(members):
                _write(out, f"{group}\n")
        verdict = "invalid" if has_errors else "valid"
        _write(out, f"{args.file}: {verdict} ({_summary(findings)})\n")
    return 1 if has_errors else 0


def _group_dict(group: FindingGroup) -> dict[str, Any]:
    return {
        "severity": group.severity.value,
        "rule": group.rule,
        "message": group.message,
        "count": group.count,
        "variants": group.variants,
        "paths": list(group.paths),
    }


def _document(file: str, loaded: bool, valid: bool, findings: Sequence[Finding]) -> dict[str, Any]:
    """The JSON document of ``validate --json``, also printed by any ``--json`` run that fails.

    ``findings`` lists every finding; ``summary`` the groups the text output prints.
    """
    return {
        "file": file,
        "loaded": loaded,
        "valid": valid,
        "findings": [_finding_dict(f) for f in findings],
        "summary": [_group_dict(group) for group in summarize(findings)],
    }


def _locale(text: str) -> str:
    """``--locale`` in babel's form, or a usage error."""
    from itaproj.l10n.catalogs import locale_tag

    try:
        return locale_tag(text)
    except InvalidValueError:
        _fail(2, f"itaproj: unknown locale {text!r}: use a CLDR locale such as en, uk, ru or kk")


def _report(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    locale = _locale(args.locale)
    obj = _load(args.file, state)
    if args.json:
        import attrs

        from itaproj.l10n.card import catalogue_cards, programme_card

        cards = (programme_card(obj, locale),) if isinstance(obj, Programme) else catalogue_cards(obj, locale)
        _write_json(out, [attrs.asdict(card) for card in cards])
        return 0
    if args.html:
        from itaproj.report import html_report

        text = html_report(obj, locale=locale)
    else:
        from itaproj.l10n.report import render_report

        text = render_report(obj, locale) + "\n"
    _write(out, text)
    return 0


_RATE_USAGE = "--rate must be SOURCE:TARGET:RATE:YYYY-MM-DD, such as EUR:USD:1.10:2020-01-02"


def _rate(text: str) -> ExchangeRate:
    parts = text.split(":")
    if len(parts) != 4:
        _fail(2, f"itaproj: {_RATE_USAGE} (got {text!r})")
    source, target, rate, date_text = parts
    if not _RATE_NUMBER.fullmatch(rate):
        _fail(2, f"itaproj: {_RATE_USAGE}; RATE is a decimal number such as 1.10 (got {text!r})")
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        _fail(2, f"itaproj: {_RATE_USAGE}; the date is not a valid YYYY-MM-DD date (got {text!r})")
    if source == target and is_currency(source):
        _fail(2, f"itaproj: --rate converts between two different currencies (got {text!r})")
    try:
        return ExchangeRate(source, target, rate, date)
    except InvalidValueError as error:
        _fail(2, f"itaproj: {_RATE_USAGE}: {error}")


def _rates(texts: Sequence[str]) -> tuple[ExchangeRate, ...]:
    rates: dict[tuple[str, str], tuple[str, ExchangeRate]] = {}
    for text in texts:
        rate = _rate(text)
        pair = (rate.source, rate.target)
        if pair in rates:
            _fail(
                2,
                f"itaproj: --rate given twice for {pair[0]} to {pair[1]} ({rates[pair][0]!r} and {text!r}):"
                " give one rate per currency pair",
            )
        rates[pair] = (text, rate)
    return tuple(rate for _, rate in rates.values())


def _metrics(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.io import to_builtins
    from itaproj.metrics import catalogue_metrics

    try:
        at = None if args.at is None else dt.date.fromisoformat(args.at)
    except ValueError:
        _fail(2, f"itaproj: --at must be a date YYYY-MM-DD (got {args.at!r})")
    if args.currency is not None and not is_currency(args.currency):
        _fail(
            2,
            f"itaproj: --currency must be an ISO 4217 code in capitals, such as EUR (got {args.currency!r})",
        )
    rates = _rates(args.rate)
    if rates and args.currency is None:
        _fail(2, "itaproj: --rate is used only to total the budgets in a --currency; give one")
    locale = _locale(args.locale)
    obj = _load(args.file, state)
    catalogue = Catalogue((obj,)) if isinstance(obj, Programme) else obj
    result = catalogue_metrics(catalogue, at=at, currency=args.currency, rates=rates)
    if args.json:
        _write_json(out, to_builtins(result))
    else:
        from itaproj.l10n.views import to_text

        _write(out, to_text(result, locale) + "\n")
    return 0


def _rate_provider(args: argparse.Namespace) -> RateProvider | None:
    """``--rates ecb|FILE`` (repeatable, asked in order) and ``--rate`` (asked first), as one provider."""
    from itaproj.io.rates import ecb_rates, load_rates
    from itaproj.rates import RateChain, RateTable

    providers: list[RateProvider] = []
    inline = _rates(args.rate)
    if inline:
        providers.append(RateTable(inline, "--rate"))
    for source in args.rates:
        providers.append(ecb_rates() if source.lower() == "ecb" else load_rates(_existing(source)))
    if not providers:
        return None
    return providers[0] if len(providers) == 1 else RateChain(providers)


def _totals(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.metrics.rollup import DIMENSIONS, Flow, rollup

    if args.currency is not None and not is_currency(args.currency):
        _fail(
            2,
            f"itaproj: --currency must be an ISO 4217 code in capitals, such as EUR (got {args.currency!r})",
        )
    if (args.rate or args.rates) and args.currency is None:
        _fail(2, "itaproj: --rate and --rates convert to a --currency; give one")
    by = tuple(part.strip() for part in args.by.split(","))
    unknown = [name for name in by if name not in DIMENSIONS]
    if unknown or len(set(by)) != len(by):
        _fail(2, f"itaproj: --by takes each of {', '.join(DIMENSIONS)} at most once (got {args.by!r})")
    if args.flow not in {flow.value for flow in Flow}:
        _fail(
            2, f"itaproj: --flow must be one of {', '.join(flow.value for flow in Flow)} (got {args.flow!r})"
        )
    provider = _rate_provider(args)
    obj = _load(args.file, state)
    catalogue = Catalogue((obj,)) if isinstance(obj, Programme) else obj
    result = rollup(
        catalogue,
        by,
        flow=args.flow,
        rule=args.rule,
        currency=args.currency,
        rates=provider,
        policy=args.policy,
        include_children=args.include_children,
    )
    rows = [_total_row(result.by, row, exact=args.exact) for row in result.rows]
    if args.json:
        _write_json(out, _totals_document(args, result, rows))
    elif args.csv:
        _write(out, _csv_text([*result.by, "currency", "low", "high", "programmes"], rows))
    else:
        _write(out, _totals_text(result, exact=args.exact))
    return 0


def _total_row(by: Sequence[str], row: RollupRow, *, exact: bool) -> list[str]:
    from itaproj.l10n.format import round_to_minor_units

    low, high = row.amount.low, row.amount.high
    if not exact:
        low, high = round_to_minor_units(low), round_to_minor_units(high)
    return [
        *("" if key is None else key for key in row.keys),
        row.amount.currency,
        _decimal_text(low.amount),
        _decimal_text(high.amount),
        str(row.programmes),
    ]


def _decimal_text(value: Decimal) -> str:
    return f"{value:f}"


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _totals_document(
    args: argparse.Namespace, result: Rollup, rows: Sequence[Sequence[str]]
) -> dict[str, Any]:
    width = len(result.by)
    return {
        "file": args.file,
        "by": list(result.by),
        "flow": result.flow.value,
        "currency": result.currency,
        "rounded": not args.exact,
        "rows": [
            {
                "keys": dict(zip(result.by, (key or None for key in row[:width]), strict=True)),
                "currency": row[width],
                "low": row[width + 1],
                "high": row[width + 2],
                "programmes": int(row[width + 3]),
            }
            for row in rows
        ],
        "gaps": [
            {
                "programme": gap.programme,
                "amount": None if gap.amount is None else _decimal_text(gap.amount.amount),
                "currency": None if gap.amount is None else gap.amount.currency,
                "reason": gap.reason,
            }
            for gap in result.gaps
        ],
        "excluded": list(result.excluded),
        "rates": [
            {
                "source": quote.rate.source,
                "target": quote.rate.target,
                "rate": _decimal_text(quote.rate.rate),
                "date": quote.rate.date.isoformat(),
                "provider": quote.provider,
                "policy": quote.policy.value,
                "via": quote.via,
            }
            for quote in result.quotes
        ],
    }


def _totals_text(result: Rollup, *, exact: bool) -> str:
    from itaproj.l10n.format import round_to_minor_units
    from itaproj.money import MoneyRange

    def shown(amount: MoneyRange) -> str:
        if exact:
            return str(amount)
        return str(MoneyRange(round_to_minor_units(amount.low), round_to_minor_units(amount.high)))

    header = [*result.by, "amount", "programmes"]
    table = [
        [*("-" if key is None else key for key in row.keys), shown(row.amount), str(row.programmes)]
        for row in result.rows
    ]
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in [header, *table]
    ]
    overlap = " (themes overlap: each amount counts under every theme)" if "theme" in result.by else ""
    for currency, total in sorted(result.totals().items()):
        lines.append(f"total {currency}: {shown(total)}{overlap}")
    if result.excluded:
        lines.append(f"left out (counted through a parent): {', '.join(result.excluded)}")
    quotes = result.quotes
    for quote in quotes[:_QUOTES_SHOWN]:
        published = ", ".join(
            f"{leg.source}->{leg.target} {leg.rate} of {leg.date}" for leg in quote.legs[:3]
        )
        more = f" and {len(quote.legs) - 3} more" if len(quote.legs) > 3 else ""
        lines.append(
            f"rate {quote.rate.source}->{quote.rate.target}: {published}{more}"
            f" ({quote.provider}, {quote.policy.value})"
        )
    if len(quotes) > _QUOTES_SHOWN:
        days = sorted(quote.rate.date for quote in quotes)
        lines.append(f"... {len(quotes)} rates in all, of {days[0]} to {days[-1]} (--json lists every one)")
    if result.gaps:
        lines.append(f"gaps: {len(result.gaps)}")
        for gap in result.gaps:
            amount = "" if gap.amount is None else f"{gap.amount}: "
            lines.append(f"  {gap.programme}: {amount}{gap.reason}")
    return "\n".join(lines) + "\n"


_QUOTES_SHOWN = 5


def _convert(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.io._atomic import atomic_output

    target = _path(args.output, "the output")
    if not (_is_xml(target) or _is_lines(target) or target.suffix.lower() in _JSON_SUFFIXES):
        _fail(
            2,
            f"itaproj: cannot tell the output format of {args.output}: name it .json or .xml (.jsonl for JSON Lines)",
        )
    if target.is_dir():
        _fail(2, f"itaproj: the output is a directory, not a file: {args.output}")
    if args.reporting_org is not None and not _is_xml(target):
        _fail(2, "itaproj: --reporting-org applies to IATI output only (an OUT ending in .xml)")
    obj = _load(args.input, state)
    catalogue = obj if isinstance(obj, Catalogue) else Catalogue((obj,))
    findings: tuple[Finding, ...] = ()
    if _is_lines(target):
        from itaproj.io.lines import dump_lines

        dump_lines(catalogue, target)  # line by line to a temporary file, renamed when complete
        _write(out, f"{args.input} -> {args.output} ({_kind(obj)})\n")
        return 0
    # The whole output is made in memory first: a failure leaves nothing half-written.
    if _is_xml(target):
        from itaproj import iati

        reporting = None
        if args.reporting_org is not None:
            reporting = _reporting_org(args.reporting_org, catalogue, args.input)
        buffer = io.BytesIO()
        findings = iati.write_with_findings(catalogue, buffer, reporting_org=reporting)
        data = buffer.getvalue()
    else:
        from itaproj.io import encode

        data = encode(obj, indent=True)
    with atomic_output(target) as stream:
        stream.write(data)
    kind = _kind(obj)
    if not _is_xml(target):
        _write(out, f"{args.input} -> {args.output} ({kind})\n")
        return 0
    # IATI output: what it lacks or left out, one finding a line; valid only if the schema says so.
    for finding in findings:
        _write(out, f"{finding}\n")
    valid = not any(finding.rule == "iati.schema" for finding in findings)
    verdict = "schema-valid" if valid else "not schema-valid"
    _write(out, f"{args.input} -> {args.output} ({kind}): {verdict} IATI 2.03 ({_summary(findings)})\n")
    return 0 if valid else 1


def _tables(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.io.tables import to_tables, write_parquet

    target = _path(args.outdir, "the output folder")
    if target.exists() and not target.is_dir():
        _fail(2, f"itaproj: the output is a file, not a folder: {args.outdir}")
    obj = _load(args.file, state)
    catalogue = Catalogue((obj,)) if isinstance(obj, Programme) else obj
    tables = to_tables(catalogue)
    write_parquet(tables, target)
    rows = sum(table.num_rows for table in tables.values())
    _write(out, f"{args.file} -> {args.outdir}: {len(tables)} Parquet files, {rows:,} rows\n")
    return 0


def _sql(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.sql import _duckdb, connect, query, register_rates

    duckdb = _duckdb()
    folder = Path(args.source)
    if folder.is_dir():
        connection = connect(folder)
    else:
        obj = _load(args.source, state)
        connection = connect(Catalogue((obj,)) if isinstance(obj, Programme) else obj)
    with connection:
        if args.rates is not None:
            from itaproj.io.rates import ecb_rates, load_rates

            rates = ecb_rates() if args.rates.lower() == "ecb" else load_rates(_existing(args.rates))
            register_rates(connection, rates)
        try:
            result = query(connection, args.query)
        except duckdb.Error as error:
            _fail(1, f"itaproj: the query failed: {str(error).splitlines()[0]}")
    names = result.column_names
    records = result.to_pylist()
    if args.json:  # numbers the query made as JSON numbers; decimals as text (every digit kept)
        _write_json(out, [{name: _sql_json(value) for name, value in record.items()} for record in records])
        return 0
    rows = [[_sql_text(value) for value in record.values()] for record in records]
    if args.csv:
        _write(out, _csv_text(names, [["" if v is None else v for v in row] for row in rows]))
    else:
        table = [list(names), *[["NULL" if v is None else v for v in row] for row in rows]]
        widths = [max(len(line[i]) for line in table) for i in range(len(names))]
        lines = [
            "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() for line in table
        ]
        _write(out, "\n".join(lines) + f"\n({len(rows)} rows)\n")
    return 0


def _sql_json(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return _sql_text(value)


def _sql_text(value: object) -> str | None:
    """A query's value as text: decimals and dates as written, nothing through a float's repr."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _ingest(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    """``itaproj ingest``: many IATI files into one Parquet dataset (:func:`itaproj.ingest.ingest`)."""
    from itaproj.ingest import IngestProgress, ingest

    args.file = args.outdir  # what a failed run's --json document names
    if args.workers is not None and args.workers < 1:
        _fail(2, f"itaproj: --workers must be 1 or more (got {args.workers})")
    if args.scheduler is not None and args.engine != "dask":
        _fail(2, "itaproj: --scheduler applies to --engine dask only")
    target = _path(args.outdir, "the output folder")
    if target.exists() and not target.is_dir():
        _fail(2, f"itaproj: the output is a file, not a folder: {args.outdir}")
    err = sys.stderr
    terminal = err.isatty()
    bar = _Bar(err, 0, "files")

    def show(progress: IngestProgress) -> None:
        bar.total = progress.total
        bar.draw(
            progress.done,
            f", {progress.activities:,} activities, {progress.mb_per_second:.1f} MB/s, {progress.failed} failed",
            force=True,
        )

    try:
        result = ingest(
            args.sources,
            target,
            workers=args.workers,
            partition=args.partition,
            engine=args.engine,
            scheduler=args.scheduler,
            prune=args.prune,
            progress=show if terminal else None,
        )
    except InvalidValueError as error:  # a source that names nothing, a dataset partitioned otherwise
        _fail(2, f"itaproj: {error}")
    if terminal:
        bar.close()
    for report in result.files:
        if report.status == "failed":
            _write(err, f"itaproj: {report.file}: {' '.join((report.error or '').split())}\n")
    if args.json:
        _write_json(out, result.summary())
    else:
        figures = result.summary()
        _write(
            out,
            f"{args.outdir}: {figures['read']} read, {figures['unchanged']} unchanged, {figures['failed']} failed"
            f", {figures['kept']} kept, {figures['pruned']} pruned; {figures['activities']:,} activities,"
            f" {figures['bytes_read'] / 1e6:.1f} MB in {figures['seconds']:.1f} s\n",
        )
    return 0 if result.ok else 1


def _schema(args: argparse.Namespace, out: TextIO, state: _Loaded) -> int:
    from itaproj.io._atomic import atomic_output
    from itaproj.io.schema import json_schema_text

    text = json_schema_text()  # sorted keys, indent 2, ASCII, ends in a newline
    if args.output is None:
        _write(out, text)
        return 0
    target = _path(args.output, "the output")
    if target.is_dir():
        _fail(2, f"itaproj: the output is a directory, not a file: {args.output}")
    with atomic_output(target) as stream:
        stream.write(text.encode("utf-8"))
    return 0


def _kind(obj: Programme | Catalogue) -> str:
    return "programme" if isinstance(obj, Programme) else f"catalogue of {len(obj)} programmes"


def _reporting_org(text: str, catalogue: Catalogue, source: str) -> Organisation:
    """``--reporting-org``: the key of an organisation of the catalogue, or ``REF:TYPE:NAME``."""
    from itaproj.org import Organisation
    from itaproj.text import LocalizedText

    known = {organisation.key: organisation for organisation in catalogue.organisations}
    found = known.get(text)
    if found is not None:
        return found
    ref, _, rest = text.partition(":")
    kind, _, name = rest.partition(":")
    if not (ref.strip() and kind.strip() and name.strip()):
        _fail(
            2,
            f"itaproj: --reporting-org takes the key of an organisation of {source} or REF:TYPE:NAME, such as "
            f"XM-DAC-7:10:Netherlands; no organisation {text!r} in {source}; known: {', '.join(known)}",
        )
    try:
        # The name's language is not given: it is written without xml:lang.
        key = re.sub(r"\s+", "_", ref.strip())
        return Organisation(key, LocalizedText({"und": name.strip()}), ref=ref.strip(), type=kind.strip())
    except InvalidValueError as error:
        _fail(2, f"itaproj: --reporting-org {text!r}: {error}")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``itaproj`` command."""
    from itaproj import __version__

    parser = argparse.ArgumentParser(
        prog="itaproj",
        description="Validate, report on, measure and convert international technical assistance programmes.",
    )
    parser.add_argument("--version", action="version", version=f"itaproj {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check a JSON document or an IATI XML file")
    validate.add_argument("file", metavar="FILE")
    validate_formats = validate.add_mutually_exclusive_group()
    validate_formats.add_argument("--json", action="store_true", help="print the findings as JSON")
    validate_formats.add_argument(
        "--format",
        choices=("text", "json", "validator"),
        default="text",
        help="text (by category, with counts), json (= --json) or validator: the IATI Validator's "
        "JSON report (IATI XML only)",
    )
    validate.set_defaults(run=_validate)

    report = commands.add_parser("report", help="a readable card of each programme, in a language")
    report.add_argument("file", metavar="FILE")
    report.add_argument("--locale", default="en", help="a CLDR locale: en (default), uk, ru, kk...")
    formats = report.add_mutually_exclusive_group()
    formats.add_argument("--json", action="store_true", help="print the cards as JSON")
    formats.add_argument("--html", action="store_true", help="print the report as HTML")
    report.set_defaults(run=_report)

    metrics = commands.add_parser("metrics", help="derived figures of each programme and of the catalogue")
    metrics.add_argument("file", metavar="FILE")
    metrics.add_argument("--json", action="store_true", help="print the metrics as JSON")
    metrics.add_argument("--at", metavar="DATE", help="the date the elapsed share refers to (YYYY-MM-DD)")
    metrics.add_argument("--currency", metavar="CODE", help="total the catalogue's budgets in this currency")
    metrics.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="SRC:TGT:RATE:DATE",
        help="an exchange rate for the total, e.g. KZT:EUR:0.0021:2017-01-02 (repeatable, once per pair)",
    )
    metrics.add_argument(
        "--locale", default="en", help="the language of the text: en (default), uk, ru, kk..."
    )
    metrics.set_defaults(run=_metrics)

    totals = commands.add_parser(
        "totals", help="budgets, planned disbursements or transactions totalled by year, country, sector..."
    )
    totals.add_argument("file", metavar="FILE")
    totals.add_argument(
        "--by",
        default="year",
        metavar="DIMS",
        help="comma-separated: year, quarter, currency, country, region, sector, funder, implementer, theme,"
        " programme, status (default: year)",
    )
    totals.add_argument(
        "--flow",
        default="budget",
        help="budget (default), planned-disbursement, commitment, disbursement, expenditure, incoming-funds",
    )
    totals.add_argument(
        "--rule",
        default="by-days",
        choices=["by-days", "by-start"],
        help="how a period's amount is split between years",
    )
    totals.add_argument("--currency", metavar="CODE", help="convert every amount into this currency")
    totals.add_argument(
        "--rates",
        action="append",
        default=[],
        metavar="ecb|FILE",
        help="where rates come from: ecb (the ECB reference rates, extra 'ecb') or a CSV/JSON file of"
        " date,from,to,rate (repeatable: asked in order)",
    )
    totals.add_argument(
        "--rate",
        action="append",
        default=[],
        metavar="SRC:TGT:RATE:DATE",
        help="one exchange rate, e.g. UAH:EUR:0.0241:2024-03-01 (repeatable; asked before --rates)",
    )
    totals.add_argument(
        "--policy",
        default="previous",
        choices=["exact", "previous", "monthly-average"],
        help="which published rate applies to a day (default: the latest on or before it)",
    )
    totals.add_argument(
        "--include-children", action="store_true", help="also count programmes whose parent counts them"
    )
    totals.add_argument(
        "--exact", action="store_true", help="every digit of the amounts, not rounded to minor units"
    )
    shapes = totals.add_mutually_exclusive_group()
    shapes.add_argument("--json", action="store_true", help="print the totals as JSON")
    shapes.add_argument("--csv", action="store_true", help="print the rows as CSV")
    totals.set_defaults(run=_totals)

    convert = commands.add_parser(
        "convert",
        help="convert between itaproj JSON (.json), JSON Lines (.jsonl) and IATI XML (.xml), by extension",
    )
    convert.add_argument("input", metavar="IN")
    convert.add_argument("output", metavar="OUT")
    convert.add_argument(
        "--reporting-org",
        metavar="KEY|REF:TYPE:NAME",
        help="for IATI output: the organisation reporting the activities that name none: the key of an"
        " organisation of IN, or its IATI ref, OrganisationType code and name (XM-DAC-7:10:Netherlands)",
    )
    convert.set_defaults(run=_convert)

    tables = commands.add_parser(
        "tables", help="write the tidy tables of a file as Parquet files in a folder"
    )
    tables.add_argument("file", metavar="FILE")
    tables.add_argument("outdir", metavar="OUTDIR")
    tables.set_defaults(run=_tables)

    sql = commands.add_parser(
        "sql", help="run an SQL query (DuckDB) over the tidy tables of a file or a folder"
    )
    sql.add_argument(
        "source", metavar="FILE|OUTDIR", help="a JSON, JSON Lines or IATI file, or a folder from 'tables'"
    )
    sql.add_argument("query", metavar="QUERY")
    sql.add_argument("--rates", metavar="ecb|FILE", help="add these exchange rates as the table 'rates'")
    sql_formats = sql.add_mutually_exclusive_group()
    sql_formats.add_argument("--json", action="store_true", help="print the rows as JSON")
    sql_formats.add_argument("--csv", action="store_true", help="print the rows as CSV")
    sql.set_defaults(run=_sql)

    ingest = commands.add_parser(
        "ingest", help="read many IATI files into one Parquet dataset (hive-partitioned), incrementally"
    )
    ingest.add_argument(
        "sources",
        metavar="SOURCES",
        nargs="+",
        help="IATI files, folders (walked for *.xml) or @LIST (a file naming one source a line)",
    )
    ingest.add_argument("outdir", metavar="OUTDIR")
    ingest.add_argument(
        "--workers", type=int, metavar="N", help="processes reading files (default: the number of cores)"
    )
    ingest.add_argument(
        "--partition",
        default="publisher",
        choices=["publisher", "file"],
        help="the hive partition of the tables",
    )
    ingest.add_argument(
        "--engine",
        default="local",
        choices=["local", "dask"],
        help="a local process pool or Dask (extra 'dask')",
    )
    ingest.add_argument(
        "--scheduler", metavar="ADDRESS", help="the Dask scheduler (default: a local cluster of --workers)"
    )
    ingest.add_argument(
        "--prune", action="store_true", help="remove the files of earlier runs that SOURCES no longer name"
    )
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.set_defaults(run=_ingest)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema (draft 2020-12) of catalogue documents"
    )
    schema.add_argument("--output", metavar="FILE", help="write the schema to FILE instead of printing it")
    schema.set_defaults(run=_schema)
    return parser


def _load_findings(error: LoadError) -> tuple[Finding, ...]:
    return tuple(Finding("load", Severity.ERROR, issue.message, issue.path) for issue in error.issues)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` by default) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    out, err = sys.stdout, sys.stderr
    state = _Loaded()
    lines: tuple[str, ...]
    findings: tuple[Finding, ...]
    try:
        status: int = args.run(args, out, state)
    except _Exit as stop:
        status, lines = stop.status, stop.lines
        findings = tuple(Finding("usage", Severity.ERROR, line.removeprefix("itaproj: ")) for line in lines)
    except LoadError as exc:
        status = 1
        lines = (
            f"itaproj: cannot load {exc.source}: {len(exc.issues)} problem(s)",
            *(f"  {issue}" for issue in exc.issues),
        )
        findings = _load_findings(exc)
    except MissingDependencyError as exc:
        status, lines = 2, (f"itaproj: {exc}",)
        findings = (Finding("usage", Severity.ERROR, str(exc)),)
    except ItaprojError as exc:
        status, lines = 1, (f"itaproj: {exc}",)
        findings = (Finding("data", Severity.ERROR, str(exc)),)
    except OSError as exc:
        message = f"{exc.strerror or exc}: {exc.filename or ''}"
        status, lines = 2, (f"itaproj: {message}",)
        findings = (Finding("usage", Severity.ERROR, message),)
    else:
        return status
    for line in lines:
        _write(err, line + "\n")
    if getattr(args, "json", False):
        _write_json(out, _document(args.file, state.loaded, False, findings))
    return status
