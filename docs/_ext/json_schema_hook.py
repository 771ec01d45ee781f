"""An mkdocs hook: the JSON Schema of catalogues, generated from the code at build time.

:func:`on_files` adds the schema (:func:`itaproj.io.schema.json_schema_text`) to the site as
:data:`SCHEMA_FILE`, so the page can link to it and the link is checked like any other;
:func:`on_page_markdown` replaces :data:`MARKER` on ``docs/json-schema.md`` with the summary
tables of :func:`itaproj.io.schema.markdown_summary`. Nothing is fetched. Registered under
``hooks:`` in ``mkdocs.yml``; this folder is excluded from the built site.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- json-schema-summary -->"

#: Where the schema is written in the site, relative to its root (and to the docs folder).
SCHEMA_FILE = "schema/catalogue.schema.json"


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    """The site's files with the generated schema added as :data:`SCHEMA_FILE`."""
    from mkdocs.structure.files import File

    from itaproj.io.schema import json_schema_text

    files.append(File.generated(config, SCHEMA_FILE, content=json_schema_text()))
    return files


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """The page's Markdown with :data:`MARKER` replaced by the summary tables (other pages as they are)."""
    if MARKER not in markdown:
        return markdown
    from itaproj.io.schema import markdown_summary

    return markdown.replace(MARKER, markdown_summary())
