"""The donor-ready HTML report: one self-contained page for a programme or a catalogue.

:func:`html_report` writes a complete page that needs nothing from the network: its stylesheet is
embedded (system fonts, light and dark colours, a print style), a catalogue gets a summary table
that scrolls inside its own box on a phone, a list of contents and one card per programme, and
the charts of :mod:`itaproj.plot` are inlined as SVG when matplotlib is installed. A text shown in
another language than the page's carries its own ``lang``. ``itaproj report FILE --html`` prints it.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> page = html_report(Programme("x", LocalizedText.of("en", "<Water & sanitation>")), locale="uk", charts=False)
    >>> page.splitlines()[:2]
    ['<!DOCTYPE html>', '<html lang="uk">']
    >>> '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    True
    >>> '<h1><span lang="en">&lt;Water &amp; sanitation&gt;</span></h1>' in page
    True
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from html import escape
from itertools import count
from typing import TYPE_CHECKING
from urllib.parse import quote

from itaproj.errors import MissingDependencyError
from itaproj.l10n.card import Card, budget_text, catalogue_cards, programme_card
from itaproj.l10n.catalogs import babel_locale, text_fallback, translations
from itaproj.l10n.format import country_name, format_list_of, format_period
from itaproj.l10n.html import CHARTS, CONTENTS, _html_lang, _lang, card_html, figure_html
from itaproj.l10n.report import catalogue_heading
from itaproj.programme import Catalogue, Programme
from itaproj.text import LocalizedText

if TYPE_CHECKING:
    from itaproj.plot import Chart

__all__ = ["STYLE", "html_report"]

#: The report's stylesheet, embedded in every page: no web fonts, no external resources.
STYLE = """\
:root{color-scheme:light dark;--fg:#1b1f24;--bg:#fff;--muted:#505a64;--line:#d0d7de;--card:#f6f8fa;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--bg:#0d1117;--muted:#a8b3bf;--line:#3d444d;\
--card:#161b22;--link:#8ab4f8}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);line-height:1.5;overflow-wrap:anywhere;\
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
main{max-width:60rem;margin:0 auto;padding:1rem}
p,li,dt,dd,figcaption{max-width:70ch}
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.25em 0 .5em}
h1{font-size:1.75rem}h2{font-size:1.4rem}h3{font-size:1.15rem}h4,h5,h6{font-size:1rem}
a{color:var(--link)}
.count{color:var(--muted)}
.contents ol{padding-left:1.5rem}
.contents li{margin:.2rem 0}
.table-scroll{overflow-x:auto;max-width:100%;margin:1rem 0;border:1px solid var(--line);border-radius:.5rem}
.summary{border-collapse:collapse;width:100%;min-width:36rem}
.summary th,.summary td{text-align:left;vertical-align:top;padding:.45rem .6rem;\
border-bottom:1px solid var(--line);overflow-wrap:break-word}
.summary thead th{background:var(--card)}
.summary tbody tr:last-child td{border-bottom:0}
.itaproj-programme{background:var(--card);border:1px solid var(--line);border-radius:.5rem;\
padding:.25rem 1.25rem 1rem;margin:1.5rem 0;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.itaproj-programme dl{display:grid;grid-template-columns:minmax(0,max-content) minmax(0,1fr);gap:.3rem 1rem}
.itaproj-programme dt{font-weight:600;color:var(--muted)}
.itaproj-programme dd{margin:0}
.itaproj-programme ul{padding-left:1.25rem}
small{font-size:.85em;color:var(--muted)}
figure{margin:1rem 0;max-width:100%}
figure svg{display:block;max-width:100%;height:auto;background:#fff;border-radius:.25rem}
figcaption{font-size:.9rem;color:var(--muted);margin-top:.3rem}
@media (max-width:40rem){main{padding:.75rem}.itaproj-programme{padding:.25rem .85rem .85rem}\
.itaproj-programme dl{grid-template-columns:minmax(0,1fr);gap:0}.itaproj-programme dd{margin-bottom:.5rem}}
@media print{:root{--fg:#000;--bg:#fff;--muted:#333;--line:#999;--card:#fff;--link:#000}
body{font-size:10.5pt}main{max-width:none;padding:0}
.itaproj-programme,figure{box-shadow:none;break-inside:avoid;page-break-inside:avoid}
.itaproj-programme{border-color:#999}
a{color:#000;text-decoration:underline}
a[href^="http"]::after{content:" (" attr(href) ")"}
.table-scroll{overflow:visible;border:0}.summary{min-width:0}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}}
"""


def _chart_maker(charts: bool | None) -> Callable[..., Sequence[Chart]] | None:
    """:func:`itaproj.plot.report_charts` if charts are wanted (and, for ``None``, available)."""
    if charts is False:
        return None
    if importlib.util.find_spec("matplotlib") is None:
        if charts is None:
            return None
        raise MissingDependencyError("matplotlib", "plot", "Charts in the HTML report")
    from itaproj.plot import report_charts

    return report_charts


def _figures(charts: Sequence[Chart], numbers: Iterator[int]) -> str:
    return "".join(figure_html(c.svg, c.caption, id_prefix=f"chart{next(numbers)}-") for c in charts)


def _text_lang(text: LocalizedText, locale: str) -> str | None:
    """The language ``text`` is shown in, when it is not the locale's (as the cards decide it)."""
    found = text.language_of(str(babel_locale(locale)), fallback=text_fallback(locale))
    return None if found.split("-")[0] == babel_locale(locale).language else found


def _anchor(key: str) -> str:
    """The ``id`` of a programme's card: ASCII, no white space, the same text as its link's fragment."""
    return "programme-" + quote(key, safe="-._~")


def _name(card: Card) -> str:
    """A card's title (with its ``lang``) and acronym, as HTML."""
    title = (
        f"<span{_lang(card.title_lang)}>{escape(card.title)}</span>"
        if card.title_lang
        else escape(card.title)
    )
    if card.acronym is not None and card.acronym != card.title:
        title += f" ({escape(card.acronym)})"
    return title


def _summary(catalogue: Catalogue, cards: Sequence[Card], locale: str) -> str:
    tr = translations(locale)
    headers = (tr.gettext("Programme"), tr.gettext("Period"), tr.gettext("Budget"), tr.gettext("Countries"))
    head = "".join(f'<th scope="col">{escape(header)}</th>' for header in headers)
    rows = []
    for programme, card in zip(catalogue, cards, strict=True):
        countries = format_list_of(
            (country_name(c.country, locale) for c in programme.recipient_countries), locale
        )
        cells = (
            "" if programme.period is None else escape(format_period(programme.period, locale)),
            escape(budget_text(programme, locale) or ""),
            escape(countries),
        )
        rows.append(
            f'<tr data-key="{escape(programme.key)}">'
            f'<th scope="row"><a href="#{_anchor(card.key)}">{_name(card)}</a></th>'
            + "".join(f"<td>{cell}</td>" for cell in cells)
            + "</tr>"
        )
    label = escape(tr.gettext("Programmes"))
    return (
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">'
        f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _contents(cards: Sequence[Card], locale: str) -> str:
    heading = escape(translations(locale).gettext(CONTENTS))
    items = "".join(f'<li><a href="#{_anchor(card.key)}">{_name(card)}</a></li>' for card in cards)
    return (
        f'<nav class="contents" aria-labelledby="contents"><h2 id="contents">{heading}</h2>'
        f"<ol>{items}</ol></nav>"
    )


def _page(locale: str, title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(_html_lang(locale))}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="itaproj">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>\n{STYLE}</style>\n"
        "</head>\n"
        f'<body>\n<main class="itaproj-report">\n{body}\n</main>\n</body>\n</html>\n'
    )


def html_report(obj: Programme | Catalogue, *, locale: str, charts: bool | None = None) -> str:
    """``obj`` as a self-contained HTML page in ``locale``, ready to send or print.

    A programme gets its card (title as the page's heading); a catalogue gets its title and size,
    a list of contents, a summary table (title, period, budget, countries), its charts, then one
    card per programme, each with its own charts. Every text is escaped.

    Args:
        obj: A programme or a catalogue.
        locale: The language (and region) of the page, such as ``"uk"``.
        charts: Put the charts of :func:`itaproj.plot.report_charts` in the page: ``None`` (the
            default) when matplotlib is installed, ``True`` always (an error without
            matplotlib), ``False`` never.

    Returns:
        The page, from ``<!DOCTYPE html>`` to ``</html>``.

    Raises:
        MissingDependencyError: ``charts=True`` and matplotlib is not installed.

    Example:
        >>> from itaproj.examples import load
        >>> page = html_report(load(), locale="uk", charts=False)
        >>> page.count("<article"), '<html lang="uk">' in page, "<link" in page or "<script" in page
        (7, True, False)
    """
    make_charts = _chart_maker(charts)
    numbers = count(1)
    if isinstance(obj, Programme):
        card = programme_card(obj, locale)
        figures = "" if make_charts is None else _figures(make_charts(obj, locale=locale), numbers)
        body = card_html(card, anchor=_anchor(card.key), level=1, extra=figures)
        return _page(locale, card.title, body)
    title, size = catalogue_heading(obj, locale)
    title_lang = None if obj.title is None else _text_lang(obj.title, locale)
    cards = catalogue_cards(obj, locale)
    parts = [
        f'<header><h1{_lang(title_lang)}>{escape(title)}</h1><p class="count">{escape(size)}</p></header>',
        _contents(cards, locale),
        _summary(obj, cards, locale),
    ]
    if make_charts is not None:
        figures = _figures(make_charts(obj, locale=locale), numbers)
        if figures:
            heading = escape(translations(locale).gettext(CHARTS))
            parts.append(f'<section class="charts"><h2>{heading}</h2>{figures}</section>')
    for programme, card in zip(obj, cards, strict=True):
        figures = "" if make_charts is None else _figures(make_charts(programme, locale=locale), numbers)
        parts.append(card_html(card, anchor=_anchor(card.key), level=2, extra=figures))
    return _page(locale, title, "\n".join(parts))
