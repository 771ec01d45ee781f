"""How much of each IATI file the model does not type: verbatim XML kept in extras, by element.

Usage: ``python tools/verbatim_share.py [FILE ...]`` (default: every file in tests/data/iati/real
and the official example). For each file: the bytes of verbatim XML (``Extra`` values of format
``xml``) against the file's bytes, split into copies of content the schema
defines and content in foreign namespaces, then the elements that contribute most.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

from itaproj.iati import read

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "iati"
_TAG = re.compile(r"^\{?([^}\[/@]*)\}?([^\[/@]*)")


def _element(path: str) -> str:
    """The element an extra's path names: ``transaction[3]`` -> ``transaction``."""
    first = path.split("/", 1)[0]
    if first.startswith("@"):
        return "@attributes"
    return first.split("[", 1)[0]


def measure(path: Path) -> tuple[int, int, int, Counter[str]]:
    """(file bytes, verbatim bytes of schema content, verbatim bytes of foreign content, by element)."""
    catalogue = read(path)
    size = path.stat().st_size
    schema = foreign = 0
    by_element: Counter[str] = Counter()
    extras = [*catalogue.extras, *(extra for programme in catalogue for extra in programme.extras)]
    for extra in extras:
        if extra.format != "xml":
            continue
        length = len(extra.value.encode())
        element = _element(extra.path)
        if element.startswith("{") or ":" in element.split("[")[0]:
            foreign += length
        else:
            schema += length
            by_element[element] += length
    return size, schema, foreign, by_element


def main(argv: list[str]) -> int:
    """Print the table for the files named in ``argv`` (default: the real files and the example)."""
    files = [Path(a) for a in argv] or [
        *sorted((DATA / "real").glob("*.xml")),
        DATA / "examples" / "activity-standard-example-annotated.xml",
    ]
    print(f"{'file':48} {'bytes':>10} {'schema %':>9} {'foreign %':>9}  top elements kept verbatim")
    for path in files:
        size, schema, foreign, by_element = measure(path)
        top = ", ".join(f"{name} {count * 100 / size:.1f}%" for name, count in by_element.most_common(4))
        print(
            f"{path.name[:48]:48} {size:>10,} {schema * 100 / size:>8.1f}% {foreign * 100 / size:>8.1f}%  {top}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
