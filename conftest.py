"""Collect every documentation example as a test, through Sybil and only through Sybil.

* ``README.md`` and ``docs/**/*.md``: fenced ```` ```python ```` blocks. A block whose first line
  starts with ``>>>`` is a doctest (its output is checked); any other ``python`` block is run and
  must not raise. Blocks of one page share a namespace, top to bottom, so a page reads as one
  session. ``<!-- skip: next -->`` skips the following block (use it sparingly).
* ``src/itaproj/**/*.py``: the ``>>>`` examples in docstrings, run in the module's namespace.

pytest's own doctest plugin is disabled in ``pyproject.toml`` (``-p no:doctest``), so each example
is collected exactly once.
"""

from __future__ import annotations

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser
from sybil.sybil import SybilCollection
from sybil.typing import Parser

_FLAGS = ELLIPSIS | NORMALIZE_WHITESPACE

_markdown_parsers: list[Parser] = [PythonCodeBlockParser(doctest_optionflags=_FLAGS), SkipParser()]

_readme = Sybil(
    parsers=_markdown_parsers,
    path=".",
    patterns=["README.md"],
    # Only the top-level README; benchmarks/README.md and others hold shell commands only.
    excludes=["*/README.md"],
    name="readme",
)


def _repository(namespace: dict[str, object]) -> None:
    """Pages that read the repository's test data (in hidden setup blocks) find it here."""
    namespace["REPOSITORY"] = Path(__file__).resolve().parent


_docs = Sybil(parsers=_markdown_parsers, path="docs", patterns=["*.md"], name="docs", setup=_repository)

_docstrings = Sybil(
    parsers=[DocTestParser(optionflags=_FLAGS)],
    path="src/itaproj",
    patterns=["*.py"],
    name="docstrings",
)

pytest_collect_file = SybilCollection((_readme, _docs, _docstrings)).pytest()
