"""What mypy infers for the JSON entry points (their ``@overload`` signatures)."""

from __future__ import annotations

import re
from pathlib import Path

from mypy import api

SNIPPET = """
from pathlib import Path

from itaproj import Catalogue, Money
from itaproj.io import from_builtins, load, loads

text = '{"itaproj": 1, "kind": "Money", "data": {"amount": "1", "currency": "EUR"}}'
reveal_type(loads(text))
reveal_type(loads(text, Catalogue))
reveal_type(loads(text.encode(), cls=Money))
reveal_type(load(Path("catalogue.json")))
reveal_type(load("catalogue.json", Catalogue))
reveal_type(from_builtins({}, Money))
catalogue = loads(text)
print(len(catalogue.programmes))
"""


def test_mypy_infers_the_class_asked_for_and_any_without_one(tmp_path: Path) -> None:
    source = tmp_path / "snippet.py"
    source.write_text(SNIPPET, encoding="utf-8")
    stdout, stderr, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(Path.cwd() / ".mypy_cache"), str(source)]
    )
    revealed = re.findall(r'Revealed type is "([^"]+)"', stdout)
    assert revealed == [
        "Any",
        "itaproj.programme.Catalogue",
        "itaproj.money.Money",
        "Any",
        "itaproj.programme.Catalogue",
        "itaproj.money.Money",
    ], stdout + stderr
    # reveal_type notes aside, the snippet checks: no "Never", nothing unreachable
    errors = [line for line in stdout.splitlines() if ": error:" in line]
    assert errors == [], stdout
    assert status == 0
