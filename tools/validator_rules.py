"""Generate the IATI Validator's rule catalogue and reference lists shipped with itaproj.

The official IATI Validator's data-quality rules are XSLT (IATI/IATI-Rulesets, branch
``xslt-rules``): each rule is a ``me:feedback`` element with an id, a type (severity) and a
class (category). Rules written in named templates (``identifier_check``,
``percentage-checks``, ``narrative_content_check``) are instantiated once per
``xsl:call-template`` with the parameters of that call, as the Rulesets' own
``lib/iati.me/data-quality-rules-list.xslt`` lists them. This script does the same with lxml
and writes:

- ``src/itaproj/data/iati/validator/rules.json``: one entry per rule id (id, severity as the
  Validator names it, category, message, versions, context and test XPath, source file);
- ``src/itaproj/data/iati/validator/categories.json``: category -> title, severity -> label,
  from ``rules/meta.xml``;
- ``src/itaproj/data/iati/validator/known-publishers.json`` and
  ``known-orgid-prefixes.json``: the Validator's ``var/`` lists, sorted;
- ``src/itaproj/data/iati/validator/codes.json``: the codes of every codelist the codelist rules
  (9.x) check against: the non-embedded lists, and each version's (2.01, 2.02, 2.03) embedded
  lists, withdrawn codes included, as ``rules/iati.xslt`` collects them.

Run from the repository root with the Rulesets checkout as argument::

    python tools/validator_rules.py tests/data/iati/validator-rules
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from lxml import etree

XSL = "{http://www.w3.org/1999/XSL/Transform}"
ME = "{http://iati.me}"
OUT = Path(__file__).resolve().parents[1] / "src" / "itaproj" / "data" / "iati" / "validator"


def _text(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _template(element: etree._Element) -> etree._Element:
    node = element.getparent()
    while node is not None and node.tag != XSL + "template":
        node = node.getparent()
    if node is None:
        raise ValueError(f"me:feedback outside a template at line {element.sourceline}")
    return node


def _test(element: etree._Element) -> str:
    node = element.getparent()
    while node is not None and node.tag not in (XSL + "if", XSL + "when"):
        node = node.getparent()
    return "" if node is None else " ".join(str(node.get("test", "")).split())


def _message(feedback: etree._Element, params: dict[str, str]) -> str:
    """The message with ``{$name}`` placeholders filled from the call's parameters."""
    message = feedback.find(ME + "message")
    parts: list[str] = []
    if message is not None:
        parts.append(message.text or "")
        for child in message:
            if child.tag == XSL + "value-of" and child.get("select", "").startswith("$"):
                parts.append("{$" + child.get("select", "")[1:] + "}")
            else:
                parts.append(_text(child))
            parts.append(child.tail or "")
    text = " ".join("".join(parts).split())
    for name, value in params.items():
        text = text.replace("{$" + name + "}", value)
    return text


def _fill(value: str | None, params: dict[str, str]) -> str:
    text = value or ""
    for name, filled in params.items():
        text = text.replace("{$" + name + "}", filled)
    return text


def _defaults(template: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for param in template.findall(XSL + "param"):
        select = param.get("select", "")
        if select.startswith("'") and select.endswith("'"):
            found[param.get("name", "")] = select[1:-1]
    return found


def _entry(feedback: etree._Element, params: dict[str, str], source: str, context: str) -> dict[str, Any]:
    src = feedback.find(ME + "src")
    return {
        "id": _fill(feedback.get("id"), params),
        "severity": _fill(feedback.get("type"), params),
        "category": _fill(feedback.get("class"), params),
        "message": _message(feedback, params),
        "versions": _fill(src.get("versions") if src is not None else "any", params) or "any",
        "context": context,
        "test": _test(feedback),
        "source": source,
    }


def catalogue(root: Path) -> list[dict[str, Any]]:
    """Every rule of the Rulesets checkout at ``root``, sorted by id."""
    files = sorted((root / "rules").rglob("*.xslt"))
    trees = {path: etree.parse(str(path)) for path in files}
    calls: dict[str, list[tuple[etree._Element, str]]] = {}
    for path, tree in trees.items():
        for call in tree.iter(XSL + "call-template"):
            calls.setdefault(call.get("name", ""), []).append((call, path.relative_to(root).as_posix()))
    rules: dict[str, dict[str, Any]] = {}
    for path, tree in trees.items():
        source = path.relative_to(root).as_posix()
        for feedback in tree.iter(ME + "feedback"):
            template = _template(feedback)
            if template.get("match"):
                entry = _entry(feedback, {}, source, template.get("match", ""))
                rules.setdefault(entry["id"], entry)
                continue
            defaults = _defaults(template)
            for call, call_source in calls.get(template.get("name", ""), []):
                params = dict(defaults)
                for param in call.findall(XSL + "with-param"):
                    if param.get("select") is None:
                        params[param.get("name", "")] = _text(param)
                entry = _entry(feedback, params, call_source, _template(call).get("match", ""))
                rules.setdefault(entry["id"], entry)
    return sorted(rules.values(), key=lambda rule: [int(part) for part in rule["id"].split(".")])


def meta(root: Path) -> dict[str, dict[str, str]]:
    """Categories and severities of ``rules/meta.xml``."""
    tree = etree.parse(str(root / "rules" / "meta.xml"))
    return {
        "categories": {c.get("class", ""): _text(c.find(ME + "title")) for c in tree.iter(ME + "category")},
        "severities": {s.get("type", ""): _text(s) for s in tree.iter(ME + "severity")},
    }


def codes(path: Path) -> list[str]:
    """The sorted ``code`` texts of a ``var/`` list."""
    return sorted({(code.text or "").strip() for code in etree.parse(str(path)).iter("code")} - {""})


def codelists(root: Path) -> dict[str, dict[str, list[str]]]:
    """Codelist name -> sorted codes from ``lib/schemata``, by version.

    ``"non-embedded"`` holds the lists every version shares; 2.01, 2.02 and 2.03 their own
    embedded lists.
    """
    schemata = root / "lib" / "schemata"

    def read(folder: Path) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for path in sorted(folder.glob("*.xml")):
            tree = etree.parse(str(path))
            name = tree.getroot().get("name", "")
            found[name] = sorted({code.text or "" for code in tree.iter("code")})
        return found

    found = {"non-embedded": read(schemata / "non-embedded-codelist")}
    found.update({version: read(schemata / version / "codelist") for version in ("2.01", "2.02", "2.03")})
    return found


def _dump(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Write the catalogue and lists into ``src/itaproj/data/iati/validator``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rulesets", type=Path, help="a checkout of IATI-Rulesets, branch xslt-rules")
    args = parser.parse_args(argv)
    root: Path = args.rulesets
    rules = catalogue(root)
    OUT.mkdir(parents=True, exist_ok=True)
    _dump(OUT / "rules.json", rules)
    _dump(OUT / "categories.json", meta(root))
    _dump(OUT / "codes.json", codelists(root))
    for name in ("known-publishers", "known-orgid-prefixes"):
        _dump(OUT / f"{name}.json", codes(root / "var" / f"{name}.xml"))
    severities: dict[str, int] = {}
    for rule in rules:
        severities[rule["severity"]] = severities.get(rule["severity"], 0) + 1
    print(f"{len(rules)} rules: {severities}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
