"""Reading and writing the model: JSON here, IATI XML in :mod:`itaproj.iati`.

Example:
    >>> from itaproj import LocalizedText, Programme
    >>> from itaproj.io import dumps, loads
    >>> p = Programme("m4eg", LocalizedText({"ru": "Мэры за экономический рост"}))
    >>> loads(dumps(p)) == p
    True
"""

from __future__ import annotations

from itaproj.io.json import (
    FORMAT_VERSION,
    MAX_DEPTH,
    MAX_NESTING,
    converter,
    dump,
    dumps,
    encode,
    from_builtins,
    load,
    loads,
    to_builtins,
)
from itaproj.io.lines import dump_lines, iter_lines, load_lines
from itaproj.io.tables import from_tables, read_parquet, to_tables, write_parquet

__all__ = [
    "FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_NESTING",
    "converter",
    "dump",
    "dump_lines",
    "dumps",
    "encode",
    "from_builtins",
    "from_tables",
    "iter_lines",
    "load",
    "load_lines",
    "loads",
    "read_parquet",
    "to_builtins",
    "to_tables",
    "write_parquet",
]
