"""The documentation's structure holds together: nav pages exist, API pages name real modules.

The full build (``mkdocs build --strict``) runs in CI; these checks are the fast part of it that
catches a renamed module or a moved page while running the test suite.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MKDOCS = ROOT / "mkdocs.yml"

_NAV_PAGE = re.compile(r"^\s*-\s+(?:[^:\n]+:\s+)?([\w./-]+\.md)\s*$", re.MULTILINE)
_DIRECTIVE = re.compile(r"^::: ([\w.]+)\s*$", re.MULTILINE)


def _nav_pages() -> list[str]:
    text = MKDOCS.read_text(encoding="utf-8")
    nav = text[text.index("\nnav:") : text.index("\nmarkdown_extensions:")]
    return _NAV_PAGE.findall(nav)


def _directives() -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        for module in _DIRECTIVE.findall(page.read_text(encoding="utf-8")):
            found.append((page.relative_to(DOCS).as_posix(), module))
    return found


def test_nav_lists_every_page_once_and_each_exists() -> None:
    pages = _nav_pages()
    assert len(pages) == len(set(pages))
    on_disk = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert set(pages) == on_disk
    assert {"index.md", "getting-started.md", "json-format.md", "changelog.md"} <= set(pages)


def _import(path: str) -> object:
    """The module ``path`` names, or the object in the longest importable module prefix of it."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ModuleNotFoundError(path)


@pytest.mark.parametrize(("page", "module"), _directives())
def test_api_pages_name_importable_modules(page: str, module: str) -> None:
    imported = _import(module)
    assert imported.__doc__, f"{page}: {module} has no docstring to show"


def test_api_reference_covers_every_public_module() -> None:
    documented = {module for _, module in _directives()}
    package = ROOT / "src" / "itaproj"
    public = {
        "itaproj." + path.relative_to(package).with_suffix("").as_posix().replace("/", ".")
        for path in package.rglob("*.py")
        if not any(part.startswith("_") for part in path.relative_to(package).parts)
    }
    public |= {
        "itaproj." + path.parent.relative_to(package).as_posix().replace("/", ".")
        for path in package.rglob("__init__.py")
        if path.parent != package
    }
    # Helper modules whose public functions are re-exported and documented by their package.
    public -= {module for module in public if module.startswith(("itaproj.iati.", "itaproj.plot."))}
    missing = sorted(public - documented - {"itaproj.validation"})
    assert missing == []


def test_changelog_page_includes_the_changelog() -> None:
    assert '--8<-- "CHANGELOG.md"' in (DOCS / "changelog.md").read_text(encoding="utf-8")
    assert (ROOT / "CHANGELOG.md").is_file()
