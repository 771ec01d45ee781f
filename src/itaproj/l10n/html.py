"""HTML views of programmes and catalogues, for notebooks (``_repr_html_``) and web pages.

Every text is escaped; a text shown in another language than the page's carries its own
``lang`` attribute, so screen readers and hyphenation treat it right.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> print(render_html(Programme("x", LocalizedText.of("en", "<script>alert(1)</script>")), "en"))
    <article class="itaproj-programme" lang="en" data-key="x"><h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3></article>
"""

from __future__ import annotations

import re
from html import escape

from itaproj.l10n.card import Card, Node, budget_text, catalogue_cards, programme_card
from itaproj.l10n.catalogs import babel_locale, translations
from itaproj.l10n.format import country_name, format_list_of, format_period, resolve
from itaproj.l10n.report import catalogue_heading
from itaproj.programme import Catalogue, Programme

__all__ = ["CHARTS", "CONTENTS", "card_html", "catalogue_html", "figure_html", "html_page", "render_html"]


def N_(message: str) -> str:
    """Mark ``message`` for extraction into the catalogs; it is translated where it is shown."""
    return message


# The HTML report's own headings (itaproj.report translates them): marked here, in the l10n
# package, where tools/l10n_catalogs.py extracts messages from.
#: The heading of the report's list of links to each programme.
CONTENTS = N_("Contents")
#: The heading of a catalogue's charts in the report.
CHARTS = N_("Charts")


_ID = re.compile(r'(?<![\w-])id="([^"]*)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]*)')


def figure_html(svg: str, caption: str | None, *, id_prefix: str, attributes: str = "") -> str:
    """An inline SVG chart as a ``<figure>`` (with its caption), ready to sit beside others in a page.

    matplotlib names glyphs, clip paths and artists alike in every figure it writes; inlined
    side by side, the same ids would clash, so every ``id`` (and every reference to one) is
    prefixed with ``id_prefix``. An XML declaration or DOCTYPE (not allowed inside HTML) is
    dropped, and the ``<svg>`` is named by its caption for assistive technology. ``attributes``
    (trusted markup, such as ``' class="chart"'``) go on the ``<figure>``.

    Example:
        >>> figure_html('<?xml version="1.0"?><svg><g id="a"/><use href="#a"/></svg>', "Budget", id_prefix="c1-")
        '<figure><svg role="img" aria-label="Budget"><g id="c1-a"/><use href="#c1-a"/></svg><figcaption>Budget</figcaption></figure>'
    """
    start = svg.find("<svg")
    svg = svg[start:] if start > 0 else svg
    svg = _ID.sub(lambda match: f'id="{id_prefix}{match[1]}"', svg)
    svg = _REFERENCE.sub(lambda match: f"{match[1]}{id_prefix}{match[2]}", svg).strip()
    if caption is not None and svg.startswith("<svg") and " role=" not in svg[: svg.find(">")]:
        svg = f'<svg role="img" aria-label="{escape(caption)}"{svg[4:]}'
    below = "" if caption is None else f"<figcaption>{escape(caption)}</figcaption>"
    return f"<figure{attributes}>{svg}{below}</figure>"


def _lang(tag: str | None) -> str:
    return "" if tag is None else f' lang="{escape(tag)}"'


def _nodes(nodes: tuple[Node, ...]) -> str:
    items = []
    for node in nodes:
        children = _nodes(node.children) if node.children else ""
        items.append(f"<li><span{_lang(node.lang)}>{escape(node.text)}</span>{children}</li>")
    return f"<ul>{''.join(items)}</ul>"


def _html_lang(locale: str) -> str:
    return str(babel_locale(locale)).replace("_", "-")


def card_html(card: Card, *, anchor: str | None = None, level: int = 3, extra: str = "") -> str:
    """A card as an ``<article>``: title, a ``<dl>`` of fields, and each section as nested lists.

    Args:
        card: The card to render.
        anchor: An ``id`` for the article, so that a page can link to it.
        level: The heading level of the title (1 to 5); the sections' headings are one deeper.
        extra: HTML (already escaped) put at the end of the article, such as its charts.

    Example:
        >>> from itaproj import LocalizedText, Programme
        >>> from itaproj.l10n.card import programme_card
        >>> card_html(programme_card(Programme("x", LocalizedText.of("en", "X")), "en"), anchor="p-x", level=2)
        '<article class="itaproj-programme" lang="en" data-key="x" id="p-x"><h2>X</h2></article>'
    """
    if not 1 <= level <= 5:
        raise ValueError(f"level must be 1 to 5 (got {level!r})")
    ident = "" if anchor is None else f' id="{escape(anchor)}"'
    parts = [
        f'<article class="itaproj-programme" lang="{escape(_html_lang(card.locale))}"'
        f' data-key="{escape(card.key)}"{ident}>'
    ]
    title = (
        f"<span{_lang(card.title_lang)}>{escape(card.title)}</span>"
        if card.title_lang
        else escape(card.title)
    )
    if card.acronym is not None and card.acronym != card.title:
        title += f" <small>({escape(card.acronym)})</small>"
    parts.append(f"<h{level}>{title}</h{level}>")
    if card.fields:
        rows = "".join(
            f"<dt>{escape(field.label)}</dt><dd{_lang(field.lang)}>{escape(field.value)}</dd>"
            for field in card.fields
        )
        parts.append(f"<dl>{rows}</dl>")
    sub = level + 1
    for section in card.sections:
        parts.append(f"<section><h{sub}>{escape(section.heading)}</h{sub}>{_nodes(section.nodes)}</section>")
    parts.append(extra)
    parts.append("</article>")
    return "".join(parts)


def catalogue_html(catalogue: Catalogue, locale: str = "en") -> str:
    """A catalogue as a table of its programmes (title, period, budget, countries), then every card."""
    tr = translations(locale)
    title, size = catalogue_heading(catalogue, locale)
    headers = (tr.gettext("Programme"), tr.gettext("Period"), tr.gettext("Budget"), tr.gettext("Countries"))
    head = "".join(f"<th>{escape(header)}</th>" for header in headers)
    rows = []
    for programme in catalogue:
        name = resolve(programme.title, locale)
        if programme.acronym is not None:
            name = f"{name} ({resolve(programme.acronym, locale)})"
        countries = format_list_of(
            (country_name(c.country, locale) for c in programme.recipient_countries), locale
        )
        cells = (
            name,
            "" if programme.period is None else format_period(programme.period, locale),
            budget_text(programme, locale) or "",
            countries,
        )
        rows.append(
            f'<tr data-key="{escape(programme.key)}">'
            + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
            + "</tr>"
        )
    cards = "".join(card_html(card) for card in catalogue_cards(catalogue, locale))
    details = tr.gettext("Details")
    return (
        f'<div class="itaproj-catalogue" lang="{escape(_html_lang(locale))}">'
        f"<h2>{escape(title)}</h2><p>{escape(size)}</p>"
        # The table scrolls sideways in its own box when it is wider than the page (a phone).
        f'<div style="overflow-x:auto;max-width:100%"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"<details><summary>{escape(details)}</summary>{cards}</details>"
        "</div>"
    )


def render_html(obj: Programme | Catalogue, locale: str = "en") -> str:
    """HTML for a programme (a card) or a catalogue (a table and the cards), in ``locale``."""
    if isinstance(obj, Programme):
        return card_html(programme_card(obj, locale))
    return catalogue_html(obj, locale)


def html_page(obj: Programme | Catalogue, locale: str = "en") -> str:
    """A complete HTML document (``<!DOCTYPE html>``, ``lang``, UTF-8) around :func:`render_html`.

    Example:
        >>> from itaproj import LocalizedText
        >>> page = html_page(Programme("a", LocalizedText.of("uk", "Громада")), "uk")
        >>> page.splitlines()[:2]
        ['<!DOCTYPE html>', '<html lang="uk"><head><meta charset="utf-8"><title>Громада</title></head>']
    """
    title = resolve(obj.title, locale) if isinstance(obj, Programme) else catalogue_heading(obj, locale)[0]
    head = f'<html lang="{escape(_html_lang(locale))}"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
    return f"<!DOCTYPE html>\n{head}\n<body>{render_html(obj, locale)}</body></html>"
