"""An mkdocs hook: the tables of ``docs/iati-mapping.md``, generated from the code at build time.

The page holds the marker :data:`MARKER` where the tables go; :func:`on_page_markdown` puts
there :func:`itaproj.iati.homes.markdown_sections`, built from ``itaproj.iati.homes.HOMES``, the
shipped 2.03 schema and the model's class annotations and codelist declarations. Nothing is
fetched. Registered under ``hooks:`` in ``mkdocs.yml``; this folder is excluded from the built
site.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- iati-homes-table -->"


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """The page's Markdown with :data:`MARKER` replaced by the generated tables (other pages as they are)."""
    if MARKER not in markdown:
        return markdown
    from itaproj.iati.homes import markdown_sections

    return markdown.replace(MARKER, markdown_sections(level=2))
