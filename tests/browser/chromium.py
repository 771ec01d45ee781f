"""Loading a page at a given width in the browser tests' Chromium, reading its console, saving it as PNG."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any


def open_page(driver: Any, path: Path, width: int, height: int) -> None:
    """Load ``path`` in a window whose viewport is ``width`` CSS pixels wide (checked)."""
    driver.get_log("browser")  # empty the console log of the previous page
    driver.set_window_size(width, height)
    driver.get(path.as_uri())
    inner = driver.execute_script("return window.innerWidth")
    if inner != width:  # the window's frame takes some pixels: widen it by as many
        driver.set_window_size(2 * width - inner, height)
        driver.get(path.as_uri())
    assert driver.execute_script("return window.innerWidth") == width


def severe_console_entries(driver: Any) -> list[dict[str, Any]]:
    """The console's errors since the page was opened."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def save_full_page(driver: Any, path: Path) -> None:
    """A PNG of the whole page (beyond the viewport), through the DevTools protocol."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = dict(metrics.get("cssContentSize") or metrics["contentSize"])
    # Captured beyond the viewport, the page has no scroll bar: it is laid out the window's width.
    size["width"] = max(size["width"], driver.execute_script("return window.innerWidth"))
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        },
    )
    path.write_bytes(base64.b64decode(shot["data"]))
