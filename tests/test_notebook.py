"""Notebook views: registered with a real IPython shell from the presentation layer, not the model."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from IPython.core.interactiveshell import InteractiveShell

from itaproj import Catalogue, LocalizedText, Programme
from itaproj.errors import InvalidValueError
from itaproj.findings import Finding, Severity
from itaproj.l10n.html import render_html
from itaproj.metrics import programme_metrics
from itaproj.notebook import (
    VIEWED_TYPES,
    View,
    load_ipython_extension,
    register,
    show,
    unload_ipython_extension,
)


@pytest.fixture
def shell() -> Iterator[InteractiveShell]:
    shell = InteractiveShell.instance()
    yield shell
    unload_ipython_extension(shell)


def _html(shell: InteractiveShell, value: object) -> str | None:
    data, _ = shell.display_formatter.format(value)
    html = data.get("text/html")
    return None if html is None else str(html)


def _programme() -> Programme:
    return Programme(
        "m4eg", LocalizedText({"en": "Mayors for Economic Growth", "uk": "Мери за економічне зростання"})
    )


def test_the_model_has_no_html_of_its_own() -> None:
    assert not hasattr(Programme, "_repr_html_")
    assert not hasattr(Catalogue, "_repr_html_")


def test_importing_itaproj_outside_ipython_imports_no_presentation() -> None:
    code = "import sys, itaproj; print(sorted(m for m in sys.modules if m.startswith(('itaproj.l10n', 'itaproj.notebook', 'IPython'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_importing_itaproj_in_a_running_shell_registers_the_views() -> None:
    code = textwrap.dedent(
        """
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        from itaproj import LocalizedText, Programme
        data, _ = shell.display_formatter.format(Programme("x", LocalizedText({"en": "Ex"})))
        print(data["text/html"])
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.startswith('<article class="itaproj-programme" lang="en" data-key="x"><h3>Ex</h3>')


def test_register_in_ukrainian(shell: InteractiveShell) -> None:
    register(shell, locale="uk")
    programme = _programme()
    assert _html(shell, programme) == render_html(programme, "uk")
    assert _html(shell, Catalogue((programme,))) == render_html(Catalogue((programme,)), "uk")
    metrics_html = _html(shell, programme_metrics(programme))
    assert metrics_html is not None
    assert 'lang="uk"' in metrics_html
    assert "<th>Ключ</th>" in metrics_html
    finding = Finding("budget.sum", Severity.ERROR, "sums to 101", "$.budget")
    finding_html = _html(shell, finding)
    assert finding_html is not None
    assert "<td>помилка</td>" in finding_html


def test_register_again_changes_the_language(shell: InteractiveShell) -> None:
    register(shell, locale="uk")
    register(shell, locale="ru")
    assert _html(shell, _programme()) == render_html(_programme(), "ru")


def test_load_and_unload_the_extension(shell: InteractiveShell) -> None:
    unload_ipython_extension(shell)
    assert _html(shell, _programme()) is None
    shell.run_line_magic("load_ext", "itaproj.notebook")
    assert _html(shell, _programme()) == render_html(_programme(), "en")
    shell.run_line_magic("unload_ext", "itaproj.notebook")
    assert _html(shell, _programme()) is None
    load_ipython_extension(shell)
    assert _html(shell, _programme()) == render_html(_programme(), "en")


def test_every_viewed_type_exists() -> None:
    import importlib

    for module, name in VIEWED_TYPES:
        assert isinstance(getattr(importlib.import_module(module), name), type)


def test_show_wraps_any_value_in_a_language() -> None:
    findings = (Finding("budget.sum", Severity.WARNING, "sums to 99", "$.budget"),)
    view = show(findings, locale="kk")
    assert isinstance(view, View)
    assert "<td>ескерту</td>" in view._repr_html_()
    assert str(view).splitlines()[:2] == ["- Ереже: budget.sum", "  Деңгей: ескерту"]
    assert show(_programme(), locale="uk")._repr_html_() == render_html(_programme(), "uk")


@pytest.mark.parametrize("call", [lambda: show(1, locale="xx-nowhere"), lambda: register(None, locale="")])
def test_a_bad_locale_fails_at_once(call: Any) -> None:
    with pytest.raises(InvalidValueError, match="locale"):
        call()


def test_register_without_a_shell_does_nothing() -> None:
    code = "import itaproj.notebook as n; n.register(); print('ok')"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ok"


def _budgeted() -> Programme:
    """Hand-built: EUR 1,200,000 over 2018-2019, a period known to the day."""
    from itaproj import Budget, Money, Period

    return Programme(
        "b",
        LocalizedText({"en": "Budgeted", "uk": "З бюджетом"}),
        period=Period.parse("2018-01-01", "2019-12-31"),
        budget=Budget(total=Money("1200000", "EUR")),
    )


def test_a_chart_shows_as_inline_svg(shell: InteractiveShell) -> None:
    from itaproj.plot import budget_by_year

    register(shell, locale="uk")
    html = _html(shell, budget_by_year(_budgeted(), locale="uk"))
    assert html is not None
    assert html.startswith('<figure class="itaproj-chart"')
    assert "<svg" in html
    assert "Бюджет за роками" in html  # the chart's title, drawn in Ukrainian, kept as text


def test_show_with_charts_follows_the_card_with_its_charts() -> None:
    programme = _budgeted()
    plain = show(programme, locale="uk")._repr_html_()
    with_charts = show(programme, locale="uk", charts=True)._repr_html_()
    assert "<svg" not in plain
    assert with_charts.startswith(plain)
    # A budget placed in years and a known period: the budget chart and the timeline, no others
    # (no beneficiaries, themes or indicators).
    assert with_charts.count("<figure") == 2
    assert (
        "<figcaption>Бюджет за роками (заштриховано: діапазон там, де дати відомі неточно)</figcaption>"
        in (with_charts)
    )


def test_show_with_charts_needs_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    from itaproj.errors import MissingDependencyError

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingDependencyError, match=r"itaproj\[plot\]"):
        show(_budgeted(), charts=True)


def test_charts_in_one_notebook_never_share_an_svg_id() -> None:
    import re
    from collections import Counter

    # Two outputs of the same programme's charts, as two cells would show them on one page.
    page = (
        show(_budgeted(), locale="uk", charts=True)._repr_html_()
        + show(_budgeted(), charts=True)._repr_html_()
    )
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert ids  # matplotlib names its clip paths and artists
    assert [name for name, times in Counter(ids).items() if times > 1] == []
    # Every reference points at an id of the page.
    assert set(re.findall(r'(?:url\(#|href="#)([^)"]+)', page)) <= set(ids)
