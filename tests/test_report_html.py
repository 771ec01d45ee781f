"""The HTML report (itaproj.report.html_report, ``itaproj report --html``), parsed without a browser."""

from __future__ import annotations

import json
import re
import sys
import types
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

from itaproj import Catalogue, LocalizedText, Period, Programme
from itaproj.cli import main
from itaproj.errors import MissingDependencyError
from itaproj.io import load
from itaproj.report import html_report

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "catalogue.json"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@attrs.define
class Element:
    tag: str
    attrs: dict[str, str | None]
    parent: Element | None = None
    children: list[Element | str] = attrs.field(factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self, tag: str | None = None) -> list[Element]:
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            if isinstance(child, Element):
                found.extend(child.iter(tag))
        return found

    def ancestors(self) -> list[Element]:
        up, node = [], self.parent
        while node is not None:
            up.append(node)
            node = node.parent
        return up

    def lang(self) -> str | None:
        """The language in effect: its own ``lang`` or the nearest ancestor's."""
        for node in [self, *self.ancestors()]:
            if "lang" in node.attrs:
                return node.attrs["lang"]
        return None


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.node = self.root
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), self.node)
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.node.children.append(Element(tag, dict(attrs), self.node))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.node.tag == tag, f"</{tag}> closes <{self.node.tag}>"
        assert self.node.parent is not None
        self.node = self.node.parent

    def handle_data(self, data: str) -> None:
        self.node.children.append(data)


def parse(page: str) -> _Tree:
    tree = _Tree()
    tree.feed(page)
    tree.close()
    assert tree.node is tree.root, "unclosed elements"
    return tree


def seed_programmes() -> list[dict[str, object]]:
    """The programmes of the bundled catalogue, read with the json module (not itaproj)."""
    document = json.loads(SEED.read_text(encoding="utf-8"))
    programmes: list[dict[str, object]] = document["data"]["programmes"]
    return programmes


@pytest.fixture(scope="module")
def seed() -> Catalogue:
    return load(SEED, Catalogue)


@pytest.fixture(scope="module")
def uk_page(seed: Catalogue) -> str:
    return html_report(seed, locale="uk", charts=False)


def test_a_page_with_charset_viewport_and_language(uk_page: str) -> None:
    tree = parse(uk_page)
    assert uk_page.startswith("<!DOCTYPE html>\n")
    assert tree.doctype == "DOCTYPE html"
    (html,) = tree.root.iter("html")
    assert html.attrs["lang"] == "uk"
    metas = [m.attrs for m in tree.root.iter("meta")]
    assert {"charset": "utf-8"} in metas
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in metas
    (title,) = tree.root.iter("title")
    assert title.text() == "Вихідні програми міжнародної технічної допомоги"
    (h1,) = tree.root.iter("h1")
    assert h1.text() == "Вихідні програми міжнародної технічної допомоги"
    assert h1.lang() == "uk"


def test_one_visible_article_per_programme_in_catalogue_order(uk_page: str) -> None:
    keys = [p["key"] for p in seed_programmes()]
    assert len(keys) == 7
    tree = parse(uk_page)
    articles = tree.root.iter("article")
    assert [a.attrs["data-key"] for a in articles] == keys
    for article in articles:  # each card shown: not folded into a <details>
        assert all(node.tag != "details" for node in article.ancestors())
        assert article.iter("h2"), "each card has its title as a heading"
    assert tree.root.iter("details") == []


def test_contents_links_resolve_to_each_card(uk_page: str) -> None:
    tree = parse(uk_page)
    ids = [e.attrs["id"] for e in tree.root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    (nav,) = tree.root.iter("nav")
    assert nav.iter("h2")[0].text() == "Зміст"
    links = [a.attrs["href"] for a in nav.iter("a")]
    assert len(links) == 7
    targets = {e.attrs["id"]: e for e in tree.root.iter() if "id" in e.attrs}
    for href, programme in zip(links, seed_programmes(), strict=True):
        assert href is not None
        assert href.startswith("#")
        target = targets[href[1:]]
        assert target.tag == "article"
        assert target.attrs["data-key"] == programme["key"]
    every_fragment = [a.attrs["href"] for a in tree.root.iter("a") if (a.attrs["href"] or "").startswith("#")]
    assert all(href[1:] in targets for href in every_fragment if href)


def test_summary_table_scrolls_in_its_own_box_with_ukrainian_headings(uk_page: str) -> None:
    tree = parse(uk_page)
    (table,) = tree.root.iter("table")
    wrapper = table.parent
    assert wrapper is not None
    assert wrapper.tag == "div"
    assert "table-scroll" in (wrapper.attrs["class"] or "")
    assert [th.text() for th in table.iter("thead")[0].iter("th")] == [
        "Програма",
        "Період",
        "Бюджет",
        "Країни",
    ]
    rows = table.iter("tbody")[0].iter("tr")
    assert [row.attrs["data-key"] for row in rows] == [p["key"] for p in seed_programmes()]
    m4eg = [cell.text() for cell in rows[0].children if isinstance(cell, Element)]
    assert m4eg == [
        "Мери за економічне зростання (M4EG)",
        "2017–2020",
        "14,5\xa0млн\xa0EUR",
        "Вірменія, Азербайджан, Білорусь, Грузія, Молдова і Україна",
    ]
    style = tree.root.iter("style")[0].text()
    assert re.search(r"\.table-scroll\{[^}]*overflow-x:auto", style)


def test_ukrainian_card_labels(uk_page: str) -> None:
    tree = parse(uk_page)
    first = tree.root.iter("article")[0]
    assert first.attrs["lang"] == "uk"
    assert [dt.text() for dt in first.iter("dt")][:3] == ["Тип", "Період", "Бюджет"]
    assert [h.text() for h in first.iter("h3")][:2] == ["Опис", "Цілі"]


def test_style_has_dark_print_and_wrapping_rules(uk_page: str) -> None:
    (style,) = parse(uk_page).root.iter("style")
    css = style.text()
    assert re.search(r"@media \(prefers-color-scheme:\s*dark\)", css)
    print_rules = css[css.index("@media print") :]
    assert "break-inside:avoid" in print_rules
    assert "box-shadow:none" in print_rules
    assert "text-decoration:underline" in print_rules
    assert re.search(r"body\{[^}]*overflow-wrap:anywhere", css)
    assert re.search(r"figure svg\{[^}]*max-width:100%;height:auto", css)
    assert "system-ui" in css


def test_nothing_is_fetched(uk_page: str) -> None:
    tree = parse(uk_page)
    tags = {e.tag for e in tree.root.iter()}
    assert not tags & {"script", "link", "img", "iframe", "object", "embed"}
    for element in tree.root.iter():
        for name in ("src", "href", "srcset", "data"):
            value = element.attrs.get(name) or ""
            assert not re.match(r"\s*(https?:)?//", value, re.IGNORECASE), (element.tag, value)
    css = tree.root.iter("style")[0].text()
    assert "@import" not in css
    assert "url(" not in css
    assert "@font-face" not in css


def test_texts_in_other_languages_carry_lang() -> None:
    catalogue = Catalogue(
        (
            Programme("a", LocalizedText({"uk": "Громади"})),
            Programme("b", LocalizedText({"en": "Only English"})),
            Programme("c", LocalizedText({"ru": "Громады", "en": "Communities"})),
        ),
        title=LocalizedText({"en": "Seeds"}),
    )
    tree = parse(html_report(catalogue, locale="uk", charts=False))
    # uk falls back to English, then to the original: b and c show English, a Ukrainian.
    expected = {"a": None, "b": "en", "c": "en"}
    for article in tree.root.iter("article"):
        title = article.iter("h2")[0]
        langs = [span.attrs.get("lang") for span in title.iter("span")]
        assert langs == ([] if expected[article.attrs["data-key"] or ""] is None else ["en"])
        text = title.iter("span")[0] if langs else title
        assert text.lang() == (expected[article.attrs["data-key"] or ""] or "uk")
    for links in (tree.root.iter("nav")[0].iter("a"), tree.root.iter("tbody")[0].iter("a")):
        assert [a.iter("span")[0].lang() if a.iter("span") else a.lang() for a in links] == ["uk", "en", "en"]
    (h1,) = tree.root.iter("h1")
    assert (h1.text(), h1.attrs.get("lang")) == ("Seeds", "en")


def test_kazakh_page_marks_the_russian_texts_of_the_seed(seed: Catalogue) -> None:
    # No seed title has a Kazakh version; Kazakh falls back to Russian first.
    # (seed_programmes types values as object; a title is a dict of language -> text)
    assert not any("kk" in p["title"] for p in seed_programmes())  # type: ignore[operator]
    tree = parse(html_report(seed, locale="kk", charts=False))
    assert tree.root.iter("html")[0].attrs["lang"] == "kk"
    titles = [article.iter("h2")[0] for article in tree.root.iter("article")]
    assert [h.iter("span")[0].attrs["lang"] for h in titles] == ["ru"] * 7
    assert tree.root.iter("h1")[0].attrs["lang"] == "ru"
    langs = {e.attrs["lang"] for e in tree.root.iter() if "lang" in e.attrs}
    assert langs == {"kk", "ru"}


def test_hostile_texts_are_escaped() -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    catalogue = Catalogue(
        (
            Programme('k"><b>', LocalizedText({"en": hostile}), acronym=LocalizedText({"en": "</h2><i>"})),
            Programme("plain", LocalizedText({"en": "Plain & simple"})),
        ),
        title=LocalizedText({"en": "</title><script>1</script>"}),
    )
    page = html_report(catalogue, locale="en", charts=False)
    tree = parse(page)
    tags = {e.tag for e in tree.root.iter()}
    assert not tags & {"script", "img", "b", "i"}
    assert tree.root.iter("title")[0].text() == "</title><script>1</script>"
    first, second = tree.root.iter("article")
    assert first.attrs["data-key"] == 'k"><b>'
    assert first.iter("h2")[0].text() == f"{hostile} (</h2><i>)"
    assert second.iter("h2")[0].text() == "Plain & simple"
    ids = {e.attrs["id"] for e in tree.root.iter() if "id" in e.attrs}
    links = [a.attrs["href"] for a in tree.root.iter("nav")[0].iter("a")]
    assert all(href is not None and href[1:] in ids for href in links)
    assert all(not re.search(r"\s", href or "") for href in links)


def test_a_programme_page_has_its_title_as_heading() -> None:
    page = html_report(
        Programme("x", LocalizedText({"uk": "Громада", "en": "Community"})), locale="uk", charts=False
    )
    tree = parse(page)
    (article,) = tree.root.iter("article")
    assert [h.text() for h in tree.root.iter("h1")] == ["Громада"]
    assert tree.root.iter("title")[0].text() == "Громада"
    assert tree.root.iter("nav") == []
    assert tree.root.iter("table") == []
    assert article.iter("h1")


# --- charts ------------------------------------------------------------------------------------


@attrs.frozen
class FakeChart:
    caption: str
    svg: str


def _fake_plot(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """An ``itaproj.plot`` whose ``report_charts`` names the object charted; returns the calls."""
    calls: list[object] = []

    def report_charts(obj: Programme | Catalogue, *, locale: str) -> tuple[FakeChart, ...]:
        calls.append((obj, locale))
        name = obj.key if isinstance(obj, Programme) else "catalogue"
        svg = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 100 50" data-of="{name}">'
            '<defs><clipPath id="clip"><rect width="9" height="9"/></clipPath><path id="glyph" d="M0 0"/></defs>'
            '<g clip-path="url(#clip)"><use xlink:href="#glyph"/><use href="#glyph"/></g></svg>'
        )
        return (FakeChart(f"<{name}> & {locale}", svg),)

    module = types.ModuleType("itaproj.plot")
    # (a stand-in module built at run time)
    module.report_charts = report_charts  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "itaproj.plot", module)
    return calls


def _two() -> Catalogue:
    return Catalogue(
        (Programme("a", LocalizedText({"uk": "А"})), Programme("b", LocalizedText({"uk": "Б"}))),
        title=LocalizedText({"uk": "Каталог"}),
    )


def test_charts_go_after_the_summary_and_into_each_card(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_plot(monkeypatch)
    tree = parse(html_report(_two(), locale="uk", charts=True))
    assert len(calls) == 3
    figures = tree.root.iter("figure")
    assert [f.iter("svg")[0].attrs["data-of"] for f in figures] == ["catalogue", "a", "b"]
    captions = ["<catalogue> & uk", "<a> & uk", "<b> & uk"]
    assert [f.iter("figcaption")[0].text() for f in figures] == captions
    assert [(f.iter("svg")[0].attrs["role"], f.iter("svg")[0].attrs["aria-label"]) for f in figures] == [
        ("img", caption) for caption in captions
    ]
    first = figures[0]
    assert [h.text() for h in tree.root.iter("section")[0].iter("h2")] == ["Діаграми"]
    assert first.parent is not None
    assert first.parent.tag == "section"
    assert all(node.tag != "article" for node in first.ancestors())
    for figure, key in zip(figures[1:], "ab", strict=True):
        (article,) = [node for node in figure.ancestors() if node.tag == "article"]
        assert article.attrs["data-key"] == key
    body = [e.tag for e in tree.root.iter("main")[0].children if isinstance(e, Element)]
    assert body.index("section") == body.index("div") + 1  # right after the summary's box


def test_chart_ids_are_unique_in_the_page_and_references_follow(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_plot(monkeypatch)
    tree = parse(html_report(_two(), locale="uk", charts=True))
    ids = [e.attrs["id"] for e in tree.root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    for svg in tree.root.iter("svg"):
        own = {e.attrs["id"] for e in svg.iter() if "id" in e.attrs}
        assert len(own) == 2
        (group,) = svg.iter("g")
        assert group.attrs["clip-path"] == f"url(#{svg.iter('clipPath'.lower())[0].attrs['id']})"
        refs = [use.attrs.get("xlink:href") or use.attrs.get("href") for use in svg.iter("use")]
        assert refs == [f"#{svg.iter('path')[0].attrs['id']}"] * 2
        assert all(ref[1:] in own for ref in refs if ref)


def test_charts_drop_the_xml_declaration(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_plot(monkeypatch)
    page = html_report(Programme("a", LocalizedText({"uk": "А"})), locale="uk", charts=True)
    assert "<?xml" not in page
    assert (
        '<figure><svg role="img" aria-label="&lt;a&gt; &amp; uk" xmlns="http://www.w3.org/2000/svg"' in page
    )


def test_charts_false_leaves_them_out(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_plot(monkeypatch)
    tree = parse(html_report(_two(), locale="uk", charts=False))
    assert calls == []
    assert tree.root.iter("figure") == []
    assert tree.root.iter("svg") == []


def test_charts_default_follows_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _fake_plot(monkeypatch)
    assert len(parse(html_report(_two(), locale="uk")).root.iter("figure")) == 3
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    calls.clear()
    assert parse(html_report(_two(), locale="uk")).root.iter("figure") == []
    assert calls == []


def test_charts_true_without_matplotlib_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_plot(monkeypatch)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'itaproj\[plot\]'"):
        html_report(_two(), locale="uk", charts=True)


# --- the command line --------------------------------------------------------------------------


def test_real_charts_are_inline_svg_figures_with_captions() -> None:
    # A programme with only a period known has one chart: its timeline (itaproj.plot).
    programme = Programme("x", LocalizedText({"uk": "Х"}), period=Period.parse("2019", "2021"))
    page = html_report(programme, locale="uk", charts=True)
    assert "<?xml" not in page
    assert "<!DOCTYPE svg" not in page
    tree = parse(page)
    (figure,) = tree.root.iter("figure")
    children = [child.tag for child in figure.children if isinstance(child, Element)]
    assert children == ["svg", "figcaption"]
    assert figure.iter("figcaption")[0].text().strip()
    ids = [e.attrs["id"] for e in tree.root.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    references = re.findall(r'(?:url\(#|href="#)([^)"]*)', page)
    assert set(references) <= set(ids)


# --- the command line --------------------------------------------------------------------------


def test_cli_report_html_prints_the_report_with_charts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _fake_plot(monkeypatch)
    assert main(["report", str(SEED), "--html", "--locale", "uk"]) == 0
    tree = parse(capsys.readouterr().out)
    assert tree.root.iter("html")[0].attrs["lang"] == "uk"
    assert {"name": "viewport", "content": "width=device-width, initial-scale=1"} in [
        m.attrs for m in tree.root.iter("meta")
    ]
    keys = [p["key"] for p in seed_programmes()]
    assert [a.attrs["data-key"] for a in tree.root.iter("article")] == keys
    assert [f.iter("svg")[0].attrs["data-of"] for f in tree.root.iter("figure")] == ["catalogue", *keys]
