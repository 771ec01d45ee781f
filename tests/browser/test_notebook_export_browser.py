"""A real notebook, executed by a Jupyter kernel and exported to HTML by nbconvert, in Chromium.

The notebook imports itaproj, registers the Ukrainian views and shows a catalogue, its metrics,
its findings and a programme with its charts; nbconvert's JupyterLab template exports it (its
MathJax and RequireJS links, which would be fetched from a CDN, are left out: nothing here
goes to the network). Run with ``pytest --browser``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from chromium import open_page, severe_console_entries

pytestmark = pytest.mark.browser

CELLS = (
    "from itaproj.examples import load\nfrom itaproj.notebook import register, show\n"
    "register(locale='uk')\ncatalogue = load()\ncatalogue",
    "from itaproj.metrics import catalogue_metrics\ncatalogue_metrics(catalogue)",
    "from itaproj.checks import check\nshow(check(catalogue), locale='uk')",
    "show(catalogue['m4eg'], locale='uk', charts=True)",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The notebook of :data:`CELLS`, executed in a kernel and exported with the lab template."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    errors = [
        output for cell in notebook.cells for output in cell.outputs if output.get("output_type") == "error"
    ]
    assert errors == []
    body, _ = HTMLExporter(template_name="lab", mathjax_url="", require_js_url="").from_notebook_node(
        notebook
    )
    path = tmp_path_factory.mktemp("notebook") / "tour-uk.html"
    path.write_text(body, encoding="utf-8")
    return path


def test_every_cell_shows_its_itaproj_view(exported: Path) -> None:
    page = exported.read_text(encoding="utf-8")
    # One catalogue table, one metrics view, one findings view, one card with its charts.
    assert page.count('class="itaproj-catalogue"') == 1
    assert page.count('class="itaproj-programme"') >= 7  # the catalogue's cards, then m4eg's
    assert "Бюджет за роками" in page  # the m4eg budget chart's title, in Ukrainian, as text
    assert page.count('<figure class="itaproj-chart"') >= 2  # its budget and its timeline


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 800)], ids=["375px", "1280px"])
def test_the_exported_notebook_fits_and_shows_its_charts(
    driver: Any, exported: Path, screenshots: Path, width: int, height: int
) -> None:
    open_page(driver, exported, width, height)
    client = driver.execute_script("return document.documentElement.clientWidth")
    assert driver.execute_script("return document.documentElement.scrollWidth") <= client
    charts = driver.execute_script(
        "return [...document.querySelectorAll('figure.itaproj-chart svg')].map(s => {"
        " const box = s.getBoundingClientRect(); return [box.width, box.height, box.right]; })"
    )
    assert len(charts) >= 2
    for chart_width, chart_height, right in charts:
        assert chart_width > 0
        assert chart_height > 0
        assert right <= client
    assert severe_console_entries(driver) == []
    driver.save_screenshot(str(screenshots / f"notebook-export-uk-{width}.png"))
