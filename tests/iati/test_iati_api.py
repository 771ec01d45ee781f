"""The public functions of itaproj.iati stay functions however often they are used."""

from __future__ import annotations

import importlib
import io

from itaproj import Catalogue, iati


def test_read_and_write_can_be_called_again_after_their_modules_are_imported() -> None:
    importlib.import_module("itaproj.iati._read")
    importlib.import_module("itaproj.iati._write")
    for _ in range(2):
        buffer = io.BytesIO()
        iati.write(Catalogue(), buffer)
        buffer.seek(0)
        assert iati.read(buffer) == Catalogue()
    assert callable(iati.read)
    assert callable(iati.write)
