"""The HTML report and the notebook views in headless Chromium, at phone and desktop widths.

Run with ``pytest --browser`` (needs Debian's ``chromium`` and ``chromium-driver``).
"""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest
from chromium import open_page, save_full_page, severe_console_entries

from itaproj import Catalogue, LocalizedText, Programme
from itaproj.io import load
from itaproj.report import html_report

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "catalogue.json"
PHONE = (375, 812)
DESKTOP = (1280, 800)
WIDTHS = pytest.mark.parametrize(("width", "height"), [PHONE, DESKTOP], ids=["375px", "1280px"])

#: The elements sticking out of the viewport, sideways, that no scrolling box of theirs clips.
OVERFLOWING = """
const width = document.documentElement.clientWidth, found = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || (box.right <= width + 0.5 && box.left >= -0.5)) continue;
  let clipped = false;
  for (let up = element.parentElement; up && !clipped; up = up.parentElement) {
    clipped = ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(up).overflowX);
  }
  if (!clipped) found.push(`${element.tagName} ${element.getAttribute('class') || ''} ${box.left}..${box.right}`);
}
return found;
"""


def seed_keys() -> list[str]:
    """The keys of the bundled catalogue's programmes, read with the json module."""
    return [p["key"] for p in json.loads(SEED.read_text(encoding="utf-8"))["data"]["programmes"]]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Ukrainian report of the bundled catalogue, with its charts, as a file."""
    path = tmp_path_factory.mktemp("report") / "report-uk.html"
    path.write_text(html_report(load(SEED, Catalogue), locale="uk", charts=True), encoding="utf-8")
    return path


def fits(driver: Any) -> None:
    """Nothing makes the page scroll sideways."""
    sizes = driver.execute_script(
        "const root = document.documentElement; return [root.scrollWidth, root.clientWidth, window.innerWidth]"
    )
    assert sizes[0] <= sizes[1] <= sizes[2], sizes  # the client width leaves out a vertical scroll bar
    assert driver.execute_script(OVERFLOWING) == []


def _relative_luminance(rgb: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", rgb)[:3])

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two ``rgb(...)`` colours."""
    a, b = sorted((_relative_luminance(foreground), _relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@WIDTHS
def test_report_fits_and_shows_every_card_and_chart(
    driver: Any, report: Path, screenshots: Path, width: int, height: int
) -> None:
    open_page(driver, report, width, height)
    fits(driver)
    client = driver.execute_script("return document.documentElement.clientWidth")  # without the scroll bar
    assert width - 20 <= client <= width
    articles = driver.execute_script(
        "return [...document.querySelectorAll('article')].map(a => {"
        " const box = a.getBoundingClientRect();"
        " return [a.dataset.key, box.width, box.height, box.left, box.right, getComputedStyle(a).display]; })"
    )
    assert [a[0] for a in articles] == seed_keys()
    for key, box_width, box_height, left, right, display in articles:
        assert display != "none", key
        assert box_width > 0, key
        assert box_height > 0, key
        assert left >= 0, key
        assert right <= client, key
    figures = report.read_text(encoding="utf-8").count("<figure>")
    assert figures > 0
    charts = driver.execute_script(
        "return [...document.querySelectorAll('figure svg')].map(s => {"
        " const box = s.getBoundingClientRect(); return [box.width, box.height, box.left, box.right]; })"
    )
    assert len(charts) == figures
    for box_width, box_height, left, right in charts:
        assert box_width > 0
        assert box_height > 0
        assert left >= 0
        assert right <= client
    assert severe_console_entries(driver) == []
    driver.save_screenshot(str(screenshots / f"report-uk-{width}.png"))
    if width == PHONE[0]:
        save_full_page(driver, screenshots / f"report-uk-{width}-full.png")


@WIDTHS
def test_summary_table_scrolls_inside_its_box_on_a_phone(
    driver: Any, report: Path, width: int, height: int
) -> None:
    open_page(driver, report, width, height)
    box = driver.execute_script(
        "const box = document.querySelector('.table-scroll');"
        "return [box.scrollWidth, box.clientWidth, box.getBoundingClientRect().right,"
        " document.documentElement.clientWidth];"
    )
    assert box[2] <= box[3]
    if width == PHONE[0]:
        assert box[0] > box[1], "the table is wider than its box: it scrolls there, not the page"
    else:
        assert box[0] <= box[1], "on a desktop the table fits"


def test_contents_links_bring_each_card_to_the_top(driver: Any, report: Path) -> None:
    open_page(driver, report, *PHONE)
    links = driver.execute_script("return [...document.querySelectorAll('nav a')].map(a => a.hash)")
    assert len(links) == len(seed_keys())
    last = driver.find_elements("css selector", "nav a")[-1]
    last.click()
    top, key = driver.execute_script(
        "const target = document.getElementById(location.hash.slice(1));"
        "return [target.getBoundingClientRect().top, target.dataset.key];"
    )
    assert key == seed_keys()[-1]
    assert abs(top) < 2


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_is_readable_in_light_and_dark(
    driver: Any, report: Path, screenshots: Path, scheme: str
) -> None:
    open_page(driver, report, *PHONE)
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    try:
        colours = driver.execute_script(
            "const css = e => getComputedStyle(document.querySelector(e));"
            "return [css('body').backgroundColor, css('body').color, css('article').backgroundColor,"
            " css('article dt').color, css('nav a').color];"
        )
        page, text, card, label, link = colours
        assert (_relative_luminance(page) < 0.05) == (scheme == "dark"), colours
        assert contrast(text, page) >= 7, colours
        for foreground in (text, label, link):
            assert contrast(foreground, card) >= 4.5, colours
        driver.save_screenshot(str(screenshots / f"report-uk-375-{scheme}.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


def test_print_style_keeps_cards_whole_without_shadows(driver: Any, report: Path) -> None:
    open_page(driver, report, *DESKTOP)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        styles = driver.execute_script(
            "return [...document.querySelectorAll('article')].map(a => {"
            " const s = getComputedStyle(a); return [s.breakInside, s.boxShadow]; })"
        )
        assert styles == [["avoid", "none"]] * len(seed_keys())
        link = driver.execute_script(
            "const s = getComputedStyle(document.querySelector('nav a'));"
            "return [s.color, s.textDecorationLine];"
        )
        assert link == ["rgb(0, 0, 0)", "underline"]
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report whose title, key, description, objective and document URL are long unbroken strings."""
    from itaproj.documents import DocumentLink

    word = "Децентралізаціявідповідальностізарегіональнийрозвиток" * 3
    url = "https://example.org/" + "a" * 200 + "?" + "&".join(f"p{i}=v{i}" for i in range(30))
    programme = Programme(
        "k" * 120,
        LocalizedText({"uk": word, "en": "Long"}),
        acronym=LocalizedText({"uk": "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 4}),
        description=LocalizedText({"uk": f"{word} {url}"}),
        objectives=(LocalizedText({"uk": word}),),
        documents=(DocumentLink(url, LocalizedText({"uk": word})),),
    )
    catalogue = Catalogue((programme, Programme("short", LocalizedText({"uk": "Коротка"}))))
    path = tmp_path_factory.mktemp("long") / "long-uk.html"
    path.write_text(html_report(catalogue, locale="uk", charts=False), encoding="utf-8")
    assert escape(url) in path.read_text(encoding="utf-8")  # shown as text
    return path


@WIDTHS
def test_long_words_and_urls_wrap(driver: Any, long_words: Path, width: int, height: int) -> None:
    open_page(driver, long_words, width, height)
    fits(driver)
    assert severe_console_entries(driver) == []


@pytest.fixture(scope="module")
def notebook_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a notebook exported to HTML shows: a catalogue, its metrics and its findings."""
    from itaproj.checks import check
    from itaproj.metrics import catalogue_metrics
    from itaproj.notebook import html, show

    catalogue = load(SEED, Catalogue)
    outputs = (
        html(catalogue, "uk"),
        show(catalogue_metrics(catalogue), locale="uk")._repr_html_(),
        show(check(catalogue), locale="uk")._repr_html_(),
    )
    cells = "".join(f'<div class="output">{output}</div>' for output in outputs)
    path = tmp_path_factory.mktemp("notebook") / "notebook-uk.html"
    path.write_text(
        '<!DOCTYPE html>\n<html lang="uk"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Notebook</title>'
        "<style>body{font-family:sans-serif;margin:8px}.output{margin:1em 0}</style></head>"
        f"<body>{cells}</body></html>",
        encoding="utf-8",
    )
    return path


@WIDTHS
def test_notebook_views_fit(
    driver: Any, notebook_page: Path, screenshots: Path, width: int, height: int
) -> None:
    open_page(driver, notebook_page, width, height)
    fits(driver)
    tables = driver.execute_script("return document.querySelectorAll('table').length")
    assert tables >= 3
    assert severe_console_entries(driver) == []
    driver.save_screenshot(str(screenshots / f"notebook-uk-{width}.png"))
