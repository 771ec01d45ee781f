"""The documentation site in headless Chromium: the chart gallery and the model diagram.

The site is built with ``mkdocs build --strict`` and served over HTTP on localhost (as a reader's
browser gets it; ``file://`` would refuse the theme's own requests). Run with ``pytest --browser``.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from chromium import severe_console_entries

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request lines on stderr."""


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site, served on a free localhost port: its base URL."""
    site = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _open(driver: Any, url: str, width: int, height: int) -> None:
    driver.get_log("browser")
    driver.set_window_size(width, height)
    driver.get(url)
    inner = driver.execute_script("return window.innerWidth")
    if inner != width:
        driver.set_window_size(2 * width - inner, height)
        driver.get(url)
    assert driver.execute_script("return window.innerWidth") == width


def test_the_gallery_shows_every_chart(driver: Any, docs: str, screenshots: Path) -> None:
    source = (ROOT / "docs" / "gallery.md").read_text(encoding="utf-8")
    expected = re.findall(r"!\[[^\]]*\]\((gallery/[^)]+\.svg)\)", source)
    assert len(expected) >= 6
    _open(driver, docs + "gallery/", 1280, 900)
    images = driver.execute_script(
        "return [...document.querySelectorAll('article img')].map(i => {"
        " const box = i.getBoundingClientRect();"
        " return [i.getAttribute('src'), i.complete, i.naturalWidth, box.width, box.right]; })"
    )
    charts = [image for image in images if image[0].endswith(".svg")]
    assert [Path(src).name for src, *_ in charts] == [Path(path).name for path in expected]
    client = driver.execute_script("return document.documentElement.clientWidth")
    for src, complete, natural, width, right in charts:
        assert complete, src
        assert natural > 0, src  # the SVG was found and decoded
        assert width > 0, src
        assert right <= client, src
    assert severe_console_entries(driver) == []
    driver.save_screenshot(str(screenshots / "docs-gallery-1280.png"))


def test_the_model_diagram_is_drawn_and_fits_its_box(driver: Any, docs: str, screenshots: Path) -> None:
    _open(driver, docs + "model/", 1280, 900)
    box = driver.execute_script(
        "const s = document.querySelector('article svg'); const b = s.getBoundingClientRect();"
        " return [b.width, b.height, s.querySelectorAll('rect').length];"
    )
    width, height, rects = box
    assert width > 0
    assert height > 0
    assert rects > 10  # a box per class
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 1280
    assert severe_console_entries(driver) == []
    driver.save_screenshot(str(screenshots / "docs-model-1280.png"))
