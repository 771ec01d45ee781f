"""``python -m itaproj``: the same command as ``itaproj`` (see :mod:`itaproj.cli`)."""

from __future__ import annotations

from itaproj.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
