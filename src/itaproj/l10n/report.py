"""Plain-text reports: each programme as a card with aligned labels and its sections as trees.

Example:
    >>> from itaproj import LocalizedText, Period, Programme
    >>> p = Programme("promis", LocalizedText.of("uk", "Партнерство для розвитку міст"),
    ...               acronym=LocalizedText.of("uk", "ПРОМІС"), period=Period.parse("2015-04", "2020-12"))
    >>> print(render_report(p, "uk"))
    Партнерство для розвитку міст (ПРОМІС)
    ======================================
    Період: квітень 2015 – грудень 2020 (69 місяців)
"""

from __future__ import annotations

from collections.abc import Iterator

from itaproj.l10n.card import Card, Node, catalogue_cards, programme_card
from itaproj.l10n.catalogs import translations
from itaproj.l10n.format import format_number, resolve
from itaproj.programme import Catalogue, Programme

__all__ = ["card_heading", "catalogue_heading", "render_card", "render_report"]


def card_heading(card: Card) -> str:
    """The title line of a card: ``title (acronym)``."""
    if card.acronym is None or card.acronym == card.title:
        return card.title
    return f"{card.title} ({card.acronym})"


def catalogue_heading(catalogue: Catalogue, locale: str) -> tuple[str, str]:
    """The title of a catalogue (or "Catalogue") and its size in words ("5 programmes")."""
    tr = translations(locale)
    title = tr.gettext("Catalogue") if catalogue.title is None else resolve(catalogue.title, locale)
    count = len(catalogue)
    size = tr.ngettext("{n} programme", "{n} programmes", count).format(n=format_number(count, locale))
    return title, size


def _tree(nodes: tuple[Node, ...], prefix: str = "") -> Iterator[str]:
    for index, node in enumerate(nodes):
        last = index == len(nodes) - 1
        yield f"{prefix}{'└─ ' if last else '├─ '}{node.text}"
        yield from _tree(node.children, prefix + ("   " if last else "│  "))


def render_card(card: Card) -> str:
    """A card as text: heading, underlined; aligned ``label: value`` lines; sections as trees."""
    heading = card_heading(card)
    lines = [heading, "=" * len(heading)]
    width = max((len(field.label) for field in card.fields), default=0) + 1
    lines.extend(f"{(field.label + ':').ljust(width)} {field.value}" for field in card.fields)
    for section in card.sections:
        lines.extend(["", f"{section.heading}:"])
        for node in section.nodes:
            lines.append(f"• {node.text}")
            lines.extend(_tree(node.children, "  "))
    return "\n".join(lines)


def render_report(obj: Programme | Catalogue, locale: str = "en") -> str:
    """A readable report of a programme or of every programme of a catalogue, in ``locale``."""
    if isinstance(obj, Programme):
        return render_card(programme_card(obj, locale))
    title, size = catalogue_heading(obj, locale)
    parts = [f"{title} — {size}"]
    parts.extend(render_card(card) for card in catalogue_cards(obj, locale))
    return "\n\n\n".join(parts)
