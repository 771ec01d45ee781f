"""An mkdocs hook: the diagram of the model on ``docs/model.md``, drawn from the code at build time.

The page holds the marker :data:`MARKER`; :func:`on_page_markdown` puts there an inline SVG
computed by :func:`model_svg`: every attrs class reachable from :class:`itaproj.Programme` and
:class:`itaproj.Catalogue` through the types of their fields (``attrs.fields`` and
``typing.get_type_hints``, through tuples, optionals, unions and mappings), and the enums those
fields name. Each class is a box with its name and public fields (an enum's box lists its
members); an edge goes from a field to the class it holds, labelled with the field's name and
cardinality (``1``, ``0..1`` or ``0..*``).

The layout is computed here, without Graphviz or JavaScript: classes held by many others
(:data:`SHARED_FROM` or more: ``LocalizedText``, ``Money``, ``Extra`` ...) are drawn once in a
band of shared values below the tree, with no edges into them (the field rows name them), so
the containment tree stays readable; everything else is laid out in layers left to right, a
class in the column after the first class that holds it, ordered by the position of its
holders. Nothing is fetched. Registered under ``hooks:`` in ``mkdocs.yml``; this folder is
excluded from the built site.
"""

from __future__ import annotations

import enum
import html
import re
import types
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

MARKER = "<!-- model-diagram -->"

#: A class held by fields of this many different classes or more is a shared value.
SHARED_FROM = 3

_CHAR = 6.6  # width of a character of the 11 px monospace font, in px
_ROW = 16  # height of a field row
_HEAD = 22  # height of a box's title row
_PAD = 8
_COLUMN_GAP = 150
_BOX_GAP = 14
_MANY = "0..*"


@attrs.frozen
class _Edge:
    source: type
    field: str
    target: type
    cardinality: str


@attrs.frozen
class _Box:
    cls: type
    rows: tuple[str, ...]
    x: float
    y: float
    width: float

    @property
    def height(self) -> float:
        return _HEAD + _ROW * len(self.rows) + _PAD / 2


def on_page_markdown(markdown: str, *, page: Any = None, config: Any = None, **kwargs: Any) -> str:
    """The page's Markdown with :data:`MARKER` replaced by the diagram (other pages as they are)."""
    if MARKER not in markdown:
        return markdown
    import itaproj

    links: dict[str, str] = {}
    if config is not None and page is not None:
        links = _reference_links(Path(config["docs_dir"]), page.url)
    svg = model_svg((itaproj.Programme, itaproj.Catalogue), links=links)
    return markdown.replace(MARKER, f'<div class="itaproj-model-diagram">{svg}</div>')


def _reference_links(docs: Path, page_url: str) -> dict[str, str]:
    """Module -> the URL of its API reference page, relative to the page at ``page_url``."""
    from mkdocs.utils import get_relative_url

    found = {}
    for source in sorted((docs / "api").glob("*.md")):
        url = f"api/{source.stem}/" if source.stem != "index" else "api/"
        for module in re.findall(r"^::: ([\w.]+)\s*$", source.read_text(encoding="utf-8"), re.MULTILINE):
            found[module] = get_relative_url(url, page_url)
    return found


def _leaves(hint: Any) -> tuple[list[type], str]:
    """The classes a field's type names, and the field's cardinality."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        optional = type(None) in args
        classes: list[type] = []
        cardinality = "1"
        for arg in args:
            if arg is type(None):
                continue
            found, inner = _leaves(arg)
            classes.extend(found)
            cardinality = _MANY if inner == _MANY else cardinality
        return classes, _MANY if cardinality == _MANY else ("0..1" if optional else "1")
    if origin is not None:
        classes = []
        for arg in typing.get_args(hint):
            if arg is not Ellipsis:
                classes.extend(_leaves(arg)[0])
        many = isinstance(origin, type) and issubclass(origin, (tuple, list, frozenset, set, Mapping))
        return classes, _MANY if many else "1"
    if isinstance(hint, type) and (attrs.has(hint) or issubclass(hint, enum.Enum)):
        return [hint], "1"
    return [], "1"


def _show(hint: Any) -> str:
    """A field's type as a reader writes it: ``tuple[Activity, ...]``, ``Money | None``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_show(arg) for arg in typing.get_args(hint))
    if origin is not None:
        args = ", ".join("..." if arg is Ellipsis else _show(arg) for arg in typing.get_args(hint))
        return f"{getattr(origin, '__name__', str(origin))}[{args}]"
    if hint is type(None):
        return "None"
    return hint.__name__ if isinstance(hint, type) else str(hint)


def model_graph(roots: Iterable[type]) -> tuple[list[type], list[_Edge], dict[type, tuple[str, ...]]]:
    """The classes reachable from ``roots`` (in discovery order), the edges, and each box's rows."""
    order: list[type] = []
    edges: list[_Edge] = []
    rows: dict[type, tuple[str, ...]] = {}
    todo = list(roots)
    while todo:
        cls = todo.pop(0)
        if cls in rows:
            continue
        order.append(cls)
        if issubclass(cls, enum.Enum):
            rows[cls] = tuple(f"{m.name} = {m.value!r}" for m in cls)
            continue
        hints = typing.get_type_hints(cls)
        shown = []
        for field in attrs.fields(typing.cast(Any, cls)):
            hint = hints.get(field.name, field.type)
            targets, cardinality = _leaves(hint)
            if not field.name.startswith("_"):
                shown.append(f"{field.name}: {_show(hint)}")
            for target in targets:
                edges.append(_Edge(cls, field.name, target, cardinality))
                todo.append(target)
        rows[cls] = tuple(shown)
    return order, edges, rows


def _layers(nodes: list[type], edges: list[_Edge], roots: list[type]) -> list[list[type]]:
    """Breadth-first layers of ``nodes`` from ``roots`` over ``edges``, children by holders' rank."""
    children: dict[type, list[type]] = {node: [] for node in nodes}
    for edge in edges:
        if edge.source in children and edge.target in children and edge.target not in children[edge.source]:
            children[edge.source].append(edge.target)
    placed = dict.fromkeys(roots, 0)
    layers = [list(roots)]
    while True:
        following: list[type] = []
        for parent in layers[-1]:
            for child in children[parent]:
                if child not in placed and child not in following:
                    following.append(child)
        if not following:
            break
        for child in following:
            placed[child] = len(layers)
        layers.append(following)
    rest = [node for node in nodes if node not in placed]
    if rest:  # reachable only through edges this layout does not draw: one more column
        layers.append(rest)
    return layers


def _place(layers: list[list[type]], rows: dict[type, tuple[str, ...]], top: float) -> list[_Box]:
    boxes: list[_Box] = []
    x = 10.0
    for layer in layers:
        width = max(_box_width(cls, rows[cls]) for cls in layer)
        y = top
        for cls in layer:
            box = _Box(cls, rows[cls], x, y, width)
            boxes.append(box)
            y += box.height + _BOX_GAP
        x += width + _COLUMN_GAP
    return boxes


def _box_width(cls: type, rows: tuple[str, ...]) -> float:
    longest = max([len(_title(cls)), *(len(row) for row in rows)])
    return longest * _CHAR + 2 * _PAD


def _title(cls: type) -> str:
    return f"«enum» {cls.__name__}" if issubclass(cls, enum.Enum) else cls.__name__


def model_svg(roots: Iterable[type], *, links: Mapping[str, str] | None = None) -> str:
    """The diagram of the classes reachable from ``roots``, as a self-contained SVG element."""
    roots = list(roots)
    order, edges, rows = model_graph(roots)
    holders: dict[type, set[type]] = {cls: set() for cls in order}
    for edge in edges:
        holders[edge.target].add(edge.source)
    shared = {cls for cls in order if len(holders[cls] - {cls}) >= SHARED_FROM and cls not in roots}
    drawn = [edge for edge in edges if edge.target not in shared]
    tree_nodes = _reachable(roots, drawn)
    tree = _place(_layers([c for c in order if c in tree_nodes], drawn, roots), rows, 40)
    band_top = max(box.y + box.height for box in tree) + 70
    band_nodes = [cls for cls in order if cls not in tree_nodes]
    band_roots = [
        cls for cls in band_nodes if not any(e.target is cls and e.source in band_nodes for e in drawn)
    ]
    band: list[_Box] = []
    if band_nodes:
        layers = _layers(band_nodes, drawn, band_roots or band_nodes[:1])
        # The shared values side by side, three to a column, rather than one tall column.
        columns = [layers[0][i : i + 3] for i in range(0, len(layers[0]), 3)] + layers[1:]
        band = _place(columns, rows, band_top + 30)
    boxes = {box.cls: box for box in tree + band}
    width = max(box.x + box.width for box in boxes.values()) + 20
    height = max(box.y + box.height for box in boxes.values()) + 20
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="model-diagram" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
        'aria-labelledby="model-diagram-title" font-family="monospace" font-size="11">',
        '<title id="model-diagram-title">The itaproj model: the classes a Programme and a Catalogue '
        "are made of, and the fields that hold them</title>",
        '<defs><marker id="model-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#3f51b5"/>'
        "</marker></defs>",
        '<text x="10" y="22" font-size="13" font-weight="bold">Programme and Catalogue, field by field</text>',
    ]
    if band:
        out.append(
            f'<text x="10" y="{band_top + 10:.0f}" font-size="13" font-weight="bold">Shared values: '
            f"held by {SHARED_FROM} or more classes (their fields name them; no edges drawn)</text>"
        )
    for edge in drawn:
        out.append(_edge_svg(edge, boxes))
    for box in boxes.values():
        out.append(_box_svg(box, links or {}))
    out.append("</svg>")
    return "".join(out)


def _reachable(roots: list[type], edges: list[_Edge]) -> set[type]:
    found = set(roots)
    todo = list(roots)
    while todo:
        cls = todo.pop()
        for edge in edges:
            if edge.source is cls and edge.target not in found:
                found.add(edge.target)
                todo.append(edge.target)
    return found


def _row_y(box: _Box, field: str) -> float:
    for index, row in enumerate(box.rows):
        if row.split(":", 1)[0] == field:
            return box.y + _HEAD + _ROW * index + _ROW / 2 + 2
    return box.y + _HEAD / 2


def _edge_svg(edge: _Edge, boxes: Mapping[type, _Box]) -> str:
    source, target = boxes[edge.source], boxes[edge.target]
    x1, y1 = source.x + source.width, _row_y(source, edge.field)
    label = html.escape(f"{edge.field} {edge.cardinality}")
    if source is target:  # a class holding more of itself: a loop on its right side
        x2, y2 = x1, source.y + _HEAD / 2
        path = f"M {x1:.1f} {y1:.1f} C {x1 + 50:.1f} {y1:.1f} {x2 + 50:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
    else:
        x2, y2 = target.x, target.y + _HEAD / 2
        bend = max(40.0, abs(x2 - x1) / 2)
        path = f"M {x1:.1f} {y1:.1f} C {x1 + bend:.1f} {y1:.1f} {x2 - bend:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
    return (
        f'<g class="model-edge" data-source="{edge.source.__name__}" data-field="{edge.field}" '
        f'data-target="{edge.target.__name__}" data-cardinality="{edge.cardinality}">'
        f'<path d="{path}" fill="none" stroke="#3f51b5" stroke-opacity="0.55" marker-end="url(#model-arrow)"/>'
        f'<text x="{x1 + 4:.1f}" y="{y1 - 3:.1f}" font-size="9" fill="#283593">{label}</text></g>'
    )


def _box_svg(box: _Box, links: Mapping[str, str]) -> str:
    cls = box.cls
    kind = "enum" if issubclass(cls, enum.Enum) else "class"
    fill = "#fff8e1" if kind == "enum" else "#e8eaf6"
    parts = [
        f'<g class="model-class" id="model-{cls.__name__}" data-class="{cls.__name__}" data-kind="{kind}">',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{box.height:.1f}" '
        f'rx="4" fill="#ffffff" stroke="#3f51b5"/>',
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" height="{_HEAD}" rx="4" fill="{fill}" '
        'stroke="#3f51b5"/>',
    ]
    title = f'<text x="{box.x + _PAD:.1f}" y="{box.y + 15:.1f}" font-weight="bold">{html.escape(_title(cls))}</text>'
    module = _documented_module(cls, links)
    if module is not None:
        href = html.escape(f"{links[module]}#{module}.{cls.__name__}")
        title = f'<a href="{href}">{title}</a>'
    parts.append(title)
    for index, row in enumerate(box.rows):
        y = box.y + _HEAD + _ROW * index + _ROW / 2 + 6
        parts.append(f'<text x="{box.x + _PAD:.1f}" y="{y:.1f}">{html.escape(row)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _documented_module(cls: type, links: Mapping[str, str]) -> str | None:
    module = cls.__module__
    return module if module in links and not module.split(".")[-1].startswith("_") else None
