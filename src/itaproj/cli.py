"""The ``itaproj`` command: validate, report, metrics and convert, for JSON and IATI XML files.

Usage::

    itaproj validate FILE [--json]              # exit 1 if any finding is an error
    itaproj report FILE [--locale uk] [--json | --html]
    itaproj metrics FILE [--json]
    itaproj convert IN OUT [--reporting-org KEY]  # JSON <-> IATI XML, by extension

Files ending in ``.xml`` are IATI 2.03 activity files (they need the ``xml`` extra); anything else
is an itaproj JSON document. Exit status: 0 success, 1 errors in the data, 2 a usage problem
(missing file, unknown locale or format, missing optional dependency). Problems are printed as
messages, never as tracebacks.

Example:
    >>> main(["report", "no-such-file.json"])
    2
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn, TextIO

from itaproj.errors import InvalidValueError, ItaprojError, LoadError, MissingDependencyError
from itaproj.findings import Finding, Severity
from itaproj.money import ExchangeRate
from itaproj.programme import Catalogue, Programme
from itaproj.text import is_language_tag

__all__ = ["build_parser", "main"]

_XML_SUFFIXES = frozenset({".xml"})
_JSON_SUFFIXES = frozenset({".json"})
_LONG_DECIMAL = re.compile(r"-?\d+\.\d{5,}")


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


def _existing(path_text: str) -> Path:
    path = Path(path_text)
    if not path.exists():
        _fail(2, f"itaproj: no such file: {path_text}")
    if path.is_dir():
        _fail(2, f"itaproj: is a directory, not a file: {path_text}")
    return path


def _load(path_text: str) -> Programme | Catalogue:
    """A programme or catalogue from a JSON document or an IATI XML file."""
    path = _existing(path_text)
    if _is_xml(path):
        from itaproj import iati

        loaded: object = iati.read(path)
    else:
        from itaproj.io import load

        loaded = load(path)
    if not isinstance(loaded, (Programme, Catalogue)):
        _fail(1, f"itaproj: {path_text} holds a {type(loaded).__name__}, not a programme or a catalogue")
    return loaded


def _dump_json(data: Any, out: TextIO) -> None:
    def default(value: object) -> object:
        if isinstance(value, Decimal):
            return str(value)
        raise TypeError(f"cannot write {type(value).__name__} as JSON")

    out.write(json.dumps(data, ensure_ascii=False, indent=2, default=default) + "\n")


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


def _validate(args: argparse.Namespace, out: TextIO) -> int:
    path = _existing(args.file)
    findings: tuple[Finding, ...]
    if _is_xml(path):
        from itaproj import iati

        findings = tuple(iati.validate(path))
    else:
        from itaproj.checks import check

        findings = tuple(check(_load(args.file)))
    has_errors = any(f.severity is Severity.ERROR for f in findings)
    if args.json:
        _dump_json(
            {"file": args.file, "valid": not has_errors, "findings": [_finding_dict(f) for f in findings]},
            out,
        )
    else:
        for finding in findings:
            out.write(f"{finding}\n")
        verdict = "invalid" if has_errors else "valid"
        out.write(f"{args.file}: {verdict} ({_summary(findings)})\n")
    return 1 if has_errors else 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from itaproj.l10n.catalogs import locale_tag

    try:
        locale = locale_tag(args.locale)
    except InvalidValueError:
        _fail(2, f"itaproj: unknown locale {args.locale!r}: use a CLDR locale such as en, uk, ru or kk")
    obj = _load(args.file)
    if args.json:
        import attrs

        from itaproj.l10n.card import catalogue_cards, programme_card

        cards = (programme_card(obj, locale),) if isinstance(obj, Programme) else catalogue_cards(obj, locale)
        _dump_json([attrs.asdict(card) for card in cards], out)
    elif args.html:
        from itaproj.l10n.html import html_page

        out.write(html_page(obj, locale) + "\n")
    else:
        from itaproj.l10n.report import render_report

        out.write(render_report(obj, locale) + "\n")
    return 0


def _plain(value: Any, indent: str = "") -> Iterable[str]:
    """JSON-ready builtins as indented ``key: value`` lines."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                yield f"{indent}{key}:"
                yield from _plain(item, indent + "  ")
            else:
                yield f"{indent}{key}: {_scalar(item)}"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                lines = list(_plain(item, indent + "  "))
                yield f"{indent}- {lines[0].lstrip()}"
                yield from lines[1:]
            else:
                yield f"{indent}- {_scalar(item)}"
    else:
        yield f"{indent}{_scalar(value)}"


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (dict, list)):
        return "—"
    return str(value)


def _humanize(value: Any) -> Any:
    """Builtins from :func:`itaproj.io.to_builtins` made readable: money, ranges and texts as strings."""
    if isinstance(value, list):
        return [_humanize(item) for item in value]
    if isinstance(value, str) and _LONG_DECIMAL.fullmatch(value):
        return str(Decimal(value).quantize(Decimal("0.0001")))
    if not isinstance(value, dict):
        return value
    keys = set(value)
    if {"amount", "currency"} <= keys <= {"amount", "currency", "qualifier"}:
        from itaproj.l10n.format import format_money
        from itaproj.money import Money
        from itaproj.quantity import Qualifier

        amount = Decimal(value["amount"])
        if amount != amount.quantize(Decimal("0.01")):
            amount = amount.quantize(Decimal("0.01"))
        money = Money(amount, value["currency"], Qualifier(value.get("qualifier", "exact")))
        return format_money(money, "en", exact=True)
    if (
        value
        and all(is_language_tag(key) for key in value)
        and all(isinstance(v, str) for v in value.values())
    ):
        from itaproj.l10n.format import resolve
        from itaproj.text import LocalizedText

        return resolve(LocalizedText(value), "en")
    items = {key: _humanize(item) for key, item in value.items()}
    if keys == {"low", "high"} and all(isinstance(v, (str, int)) for v in items.values()):
        low, high = items["low"], items["high"]
        return str(low) if low == high else f"{low}–{high}"
    return items


def _rate(text: str) -> ExchangeRate:
    parts = text.split(":")
    try:
        source, target, rate, date = parts
        return ExchangeRate(source, target, rate, dt.date.fromisoformat(date))
    except (ValueError, TypeError):
        _fail(
            2,
            f"itaproj: --rate must be SOURCE:TARGET:RATE:YYYY-MM-DD, such as EUR:USD:1.10:2020-01-02 (got {text!r})",
        )


def _metrics(args: argparse.Namespace, out: TextIO) -> int:
    from itaproj.io import to_builtins
    from itaproj.metrics import catalogue_metrics

    try:
        at = None if args.at is None else dt.date.fromisoformat(args.at)
    except ValueError:
        _fail(2, f"itaproj: --at must be a date YYYY-MM-DD (got {args.at!r})")
    rates = tuple(_rate(text) for text in args.rate)
    obj = _load(args.file)
    catalogue = Catalogue((obj,)) if isinstance(obj, Programme) else obj
    data = to_builtins(catalogue_metrics(catalogue, at=at, currency=args.currency, rates=rates))
    if args.json:
        _dump_json(data, out)
    else:
        out.write("\n".join(_plain(_humanize(data))) + "\n")
    return 0


def _convert(args: argparse.Namespace, out: TextIO) -> int:
    target = Path(args.output)
    if not (_is_xml(target) or target.suffix.lower() in _JSON_SUFFIXES):
        _fail(2, f"itaproj: cannot tell the output format of {args.output}: name it .json or .xml")
    obj = _load(args.input)
    catalogue = obj if isinstance(obj, Catalogue) else Catalogue((obj,))
    if _is_xml(target):
        from itaproj import iati

        reporting = None
        if args.reporting_org is not None:
            known = {organisation.key: organisation for organisation in catalogue.organisations}
            reporting = known.get(args.reporting_org)
            if reporting is None:
                _fail(
                    2,
                    f"itaproj: no organisation {args.reporting_org!r} in {args.input}; known: {', '.join(known)}",
                )
        iati.write(catalogue, target, reporting_org=reporting)
    else:
        from itaproj.io import dump

        dump(obj, target)
    kind = "programme" if isinstance(obj, Programme) else f"catalogue of {len(obj)} programmes"
    out.write(f"{args.input} -> {args.output} ({kind})\n")
    return 0


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
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")
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
        help="an exchange rate for the total, e.g. KZT:EUR:0.0021:2017-01-02 (repeatable)",
    )
    metrics.set_defaults(run=_metrics)

    convert = commands.add_parser("convert", help="convert between itaproj JSON and IATI XML, by extension")
    convert.add_argument("input", metavar="IN")
    convert.add_argument("output", metavar="OUT")
    convert.add_argument(
        "--reporting-org",
        metavar="KEY",
        help="for IATI output: the key of the organisation reporting the activities that name none",
    )
    convert.set_defaults(run=_convert)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (``sys.argv[1:]`` by default) and return the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else 2
    out, err = sys.stdout, sys.stderr
    try:
        status: int = args.run(args, out)
    except _Exit as stop:
        for line in stop.lines:
            err.write(line + "\n")
        return stop.status
    except LoadError as exc:
        err.write(f"itaproj: cannot load {exc.source}: {len(exc.issues)} problem(s)\n")
        for issue in exc.issues:
            err.write(f"  {issue}\n")
        return 1
    except MissingDependencyError as exc:
        err.write(f"itaproj: {exc}\n")
        return 2
    except ItaprojError as exc:
        err.write(f"itaproj: {exc}\n")
        return 1
    except OSError as exc:
        err.write(f"itaproj: {exc.strerror or exc}: {exc.filename or ''}\n")
        return 2
    return status
