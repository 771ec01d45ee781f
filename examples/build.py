"""Assemble the seed catalogue and write it as JSON with the library itself.

Run from the repository root::

    python -m examples.build

It writes the same document to ``examples/catalogue.json`` (the file the README's first
command reports on) and to ``src/itaproj/examples/catalogue.json`` (the copy shipped in the
package, read by :func:`itaproj.examples.load`). ``tests/test_examples_build.py`` fails when
either file differs from what this module builds, so the JSON cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from examples.auc import AUC_PROJECT, U_LEAD
from examples.clir import CLIR, SURGE
from examples.kz_regional import KZ_REGIONAL
from examples.m4eg import M4EG
from examples.promis import PROMIS
from itaproj import Catalogue, LocalizedText
from itaproj.io import dump, dumps

__all__ = ["OUTPUTS", "build", "main", "render"]

_ROOT = Path(__file__).resolve().parent.parent

#: Where the catalogue is written.
OUTPUTS: tuple[Path, ...] = (
    _ROOT / "examples" / "catalogue.json",
    _ROOT / "src" / "itaproj" / "examples" / "catalogue.json",
)


def build() -> Catalogue:
    """The seed catalogue: the five seeds' programmes, parents next to their children."""
    return Catalogue(
        (M4EG, PROMIS, U_LEAD, AUC_PROJECT, KZ_REGIONAL, SURGE, CLIR),
        title=LocalizedText.of(
            "en",
            "Seed programmes of international technical assistance",
            uk="Вихідні програми міжнародної технічної допомоги",
            ru="Исходные программы международной технической помощи",
        ),
    )


def render() -> str:
    """The catalogue as the JSON text written to every output."""
    return dumps(build(), indent=True)


def main(argv: list[str] | None = None) -> int:
    """Write the catalogue to every path in :data:`OUTPUTS` and name them on stdout."""
    catalogue = build()
    for path in OUTPUTS:
        dump(catalogue, path)
        print(path.relative_to(_ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
