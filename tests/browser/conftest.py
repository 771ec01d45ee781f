"""Headless Chromium for the browser tests: Debian's chromium driven through its chromedriver.

Nothing is downloaded: the driver is started from ``/usr/bin/chromedriver`` (not through Selenium
Manager) and Chromium runs with a fresh profile, without background networking, sync or component
updates. Install both with ``apt-get install -y chromium chromium-driver``; run with
``pytest --browser``.

Screenshots go to the folder named by ``ITAPROJ_SCREENSHOTS`` (``build/screenshots`` of the
repository by default), created if missing, so CI can keep them as artifacts.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ARGUMENTS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@pytest.fixture(scope="session")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the session, logging the page's console."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ARGUMENTS:
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.binary_location = CHROMIUM
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The folder screenshots are saved in (``$ITAPROJ_SCREENSHOTS`` or ``build/screenshots``)."""
    folder = Path(os.environ.get("ITAPROJ_SCREENSHOTS") or ROOT / "build" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
