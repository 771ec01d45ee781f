"""An mkdocs hook: the charts of ``docs/gallery.md``, drawn by :mod:`itaproj.plot` at build time.

:func:`on_files` draws every chart of :data:`CHARTS` from the bundled catalogue
(:func:`itaproj.examples.load`), and the budget by year of one real IATI file of the test data
(:data:`IATI_FILE`), and adds each to the site as an SVG file under ``gallery/``
(:func:`itaproj.plot.to_svg`: text kept as text), so the page shows them as images and the
links to them are checked like any other. Needs matplotlib (the ``docs`` extra); nothing is
fetched. Registered under ``hooks:`` in ``mkdocs.yml``; this folder is excluded from the built
site.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The charts of the bundled catalogue: file name in ``gallery/`` -> (``itaproj.plot``
#: function, locale, keyword arguments).
CHARTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "budget-by-year.svg": ("budget_by_year", "en", {}),
    "timeline.svg": ("timeline", "en", {}),
    "beneficiaries-map-uk.svg": ("beneficiaries_map", "uk", {"country": "UA"}),
    "beneficiaries-bar.svg": ("beneficiaries_bar", "en", {}),
    "theme-coverage.svg": ("theme_coverage", "en", {}),
    "indicator-progress-ru.svg": ("indicator_progress", "ru", {}),
}

#: A real IATI activity file of the test data (Global Affairs Canada, CAD budgets over 2015-2021),
#: relative to the repository root, and the gallery file its budget chart is written to.
IATI_FILE = (
    "tests/data/iati/real/iati-data-access__iati-flattener__iatiflattener_tests_fixtures_canada-activity.xml"
)
IATI_CHART = "iati-canada-budget-by-year.svg"


def charts(root: Path) -> dict[str, str]:
    """Every gallery chart as SVG text, by its file name in ``gallery/``."""
    from itaproj import iati, plot
    from itaproj.examples import load

    catalogue = load()
    drawn = {}
    for name, (function, locale, options) in CHARTS.items():
        chart = getattr(plot, function)(catalogue, locale=locale, **options)
        drawn[name] = plot.to_svg(chart.figure)
    (programme,) = iati.read(root / IATI_FILE)
    drawn[IATI_CHART] = plot.to_svg(plot.budget_by_year(programme, locale="en").figure)
    return drawn


def on_files(files: Any, config: Any, **kwargs: Any) -> Any:
    """The site's files with the gallery's charts added under ``gallery/``."""
    from mkdocs.structure.files import File

    root = Path(config["config_file_path"]).resolve().parent
    for name, svg in charts(root).items():
        files.append(File.generated(config, f"gallery/{name}", content=svg))
    return files
