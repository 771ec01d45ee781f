"""Localized, readable views of the model: plain-text reports, HTML, and value formatting.

Labels come from gettext catalogs shipped in ``itaproj/locale`` (``en``, ``uk``, ``ru``, and a
draft ``kk``); dates, numbers, currencies and country names come from CLDR through babel, with the
locale always passed explicitly. Texts from the data are resolved along :func:`text_fallback`.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.l10n import render_report
    >>> print(render_report(Programme("a", LocalizedText.of("en", "Open data")), "uk"))
    Open data
    =========
"""

from __future__ import annotations

from itaproj.l10n.card import Card, CardField, Node, Section, catalogue_cards, programme_card
from itaproj.l10n.catalogs import CATALOG_LOCALES, text_fallback, translations
from itaproj.l10n.html import render_html
from itaproj.l10n.report import render_report

__all__ = [
    "CATALOG_LOCALES",
    "Card",
    "CardField",
    "Node",
    "Section",
    "catalogue_cards",
    "programme_card",
    "render_html",
    "render_report",
    "text_fallback",
    "translations",
]
