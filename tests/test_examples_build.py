"""The committed catalogue JSON files are exactly what ``examples/build.py`` writes now.

If an example module changes and nobody reruns ``python -m examples.build``, this fails, so
the JSON shipped in the package and the one the README uses cannot go stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the examples package lives at the repository root
    sys.path.insert(0, str(ROOT))

from examples import build  # noqa: E402

from itaproj.examples import load, text  # noqa: E402
from itaproj.io import loads  # noqa: E402


def test_outputs_are_the_two_catalogue_files() -> None:
    assert build.OUTPUTS == (
        ROOT / "examples" / "catalogue.json",
        ROOT / "src" / "itaproj" / "examples" / "catalogue.json",
    )


@pytest.mark.parametrize("path", build.OUTPUTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_json_equals_a_fresh_build(path: Path) -> None:
    assert path.read_text(encoding="utf-8") == build.render()


def test_the_shipped_copy_is_what_load_reads() -> None:
    assert text() == build.render()
    assert load() == build.build()


def test_the_json_round_trip_is_lossless() -> None:
    catalogue = build.build()
    assert loads(build.render()) == catalogue
    assert len(catalogue) == 7


def test_main_writes_every_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    targets = (tmp_path / "a" / "catalogue.json", tmp_path / "catalogue.json")
    targets[0].parent.mkdir()
    monkeypatch.setattr(build, "OUTPUTS", targets)
    monkeypatch.setattr(build, "_ROOT", tmp_path)
    assert build.main([]) == 0
    for target in targets:
        assert target.read_text(encoding="utf-8") == build.render()
    assert capsys.readouterr().out.split() == ["a/catalogue.json", "catalogue.json"]
