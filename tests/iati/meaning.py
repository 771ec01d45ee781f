"""What an IATI activity means, as a comparable value: the facts, not the form they were written in.

Used by the tests that prove XML -> model -> XML keeps every fact. Written here from the IATI
2.03 standard, independently of the library's mapping. What does not count as a fact:

* the order of children of different names (the writer follows the schema's order), attribute
  order, white space around and inside texts (runs of white space count as one space);
* defaults the standard defines, written or not: ``value/@currency`` is the activity's
  ``@default-currency``; a narrative without ``xml:lang`` is in the language of the nearest
  ``xml:lang`` above it (``xml:lang`` on other elements only sets that default); ``@vocabulary``
  "1" of sectors, regions, policy markers and aid types; ``@type`` "1" of descriptions and
  budgets and ``@status`` "1" of budgets; ``@secondary-reporter`` and ``@attached`` false;
  ``@ascending`` true;
* empty attributes, and the case of media types (``@format``);
* the spelling of booleans ("true" / "1"), of language tags (case), of decimals ("5.0" / "5.00")
  and of dates with a time or a zone on a date-only attribute (``2020-01-01Z``);
* empty elements and empty narratives, which state nothing; nor does a policy marker's only
  narrative when it is just the name of its code (the PolicyMarker codelist's English name for
  vocabulary 1, the code itself otherwise): IATI expects no narrative for vocabulary 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from itaproj.codelists import codelist

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: (element, attribute) -> the value the standard assumes when the attribute is absent.
DEFAULTS: dict[tuple[str, str], str] = {
    ("sector", "vocabulary"): "1",
    ("recipient-region", "vocabulary"): "1",
    ("policy-marker", "vocabulary"): "1",
    ("aid-type", "vocabulary"): "1",
    ("default-aid-type", "vocabulary"): "1",
    ("description", "type"): "1",
    ("budget", "type"): "1",
    ("budget", "status"): "1",
    ("reporting-org", "secondary-reporter"): "0",
    ("conditions", "attached"): "0",
    ("indicator", "ascending"): "1",
}
BOOLEAN_ATTRIBUTES = {
    "humanitarian",
    "secondary-reporter",
    "attached",
    "ascending",
    "aggregation-status",
    "significance-not-provided",
    "priority",
}
DECIMAL_ATTRIBUTES = {"percentage", "value", "rate-1", "rate-2", "significance"}
DECIMAL_TEXT = {
    "value",
    "forecast",
    "interest-received",
    "principal-outstanding",
    "principal-arrears",
    "interest-arrears",
}
DATE_ATTRIBUTES = {"iso-date", "value-date", "extraction-date"}
DATETIME_ATTRIBUTES = {"last-updated-datetime", "generated-datetime"}
CURRENCY_ELEMENTS = {"value", "forecast", "loan-status"}

Meaning = tuple[Any, ...]


def _decimal(text: str) -> str:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not value.is_finite():
        return text
    return str(value.normalize()) if value != 0 else "0"


def _datetime(text: str) -> str:
    try:
        return dt.datetime.fromisoformat(text.strip()).isoformat()
    except ValueError:
        return text


def _boolean(text: str) -> str:
    return {"true": "1", "false": "0"}.get(text.strip(), text.strip())


def _attributes(element: etree._Element, currency: str | None, lang: str) -> dict[str, str]:
    tag = element.tag
    found: dict[str, str] = {}
    for name, value in element.attrib.items():
        if name == XML_LANG or not value.strip():
            continue  # only a default for the narratives below; an empty attribute states nothing
        if name == "format":
            value = value.lower()  # a media type is case-insensitive (RFC 2045)
        if name in BOOLEAN_ATTRIBUTES:
            value = _boolean(value)
        elif name in DECIMAL_ATTRIBUTES:
            value = _decimal(value)
        elif name in DATE_ATTRIBUTES:
            value = value.strip()[:10]
        elif name in DATETIME_ATTRIBUTES:
            value = _datetime(value)
        found[name] = value
    for (owner, name), default in DEFAULTS.items():
        if tag == owner:
            found.setdefault(name, default)
    if tag in CURRENCY_ELEMENTS and currency is not None:
        found.setdefault("currency", currency)
    if tag == "narrative":
        found["lang"] = lang.lower()
    return found


def meaning(element: etree._Element, currency: str | None = None, lang: str = "und") -> Meaning | None:
    """The facts ``element`` states, or ``None`` when it states none."""
    if not isinstance(element.tag, str):
        return None
    if element.tag == "iati-activity":
        currency = element.get("default-currency", currency)
    own_lang = element.get(XML_LANG)
    if own_lang is not None:
        lang = own_lang
    text = " ".join((element.text or "").split())
    if element.tag in DECIMAL_TEXT and text:
        text = _decimal(text)
    children: dict[str, list[Meaning]] = {}
    for child in element:
        found = meaning(child, currency, lang)
        if found is not None:
            children.setdefault(child.tag, []).append(found)
    if element.tag == "policy-marker" and len(children.get("narrative", ())) == 1:
        [(_, narrative_attributes, narrative_text, _)] = children["narrative"]
        code = element.get("code")
        name = (
            codelist("PolicyMarker").name_of(code) if element.get("vocabulary", "1") == "1" and code else None
        )
        labels = {" ".join(label.split()) for label in (name, code) if label}
        if narrative_text in labels and dict(narrative_attributes)["lang"] in ("en", "und"):
            del children["narrative"]
    if "description" in children:  # descriptions of different types have no order between them
        children["description"].sort(key=lambda found: dict(found[1]).get("type", "1"))
    attributes = _attributes(element, currency, lang)
    if element.tag == "narrative" and not text:
        return None
    if not text and not children and not element.attrib:
        return None
    if element.tag == "iati-activity":
        attributes.pop("default-currency", None)  # resolved into every amount
    return (
        element.tag,
        tuple(sorted(attributes.items())),
        text,
        tuple((tag, tuple(children[tag])) for tag in sorted(children)),
    )


def differences(left: Meaning | None, right: Meaning | None, path: str = "", index: int = 0) -> list[str]:
    """Where two meanings differ, as readable paths (first difference in each branch)."""
    if left == right:
        return []
    if left is None or right is None:
        return [f"{path or '/'}: {'missing' if left is None else 'kept'} on one side"]
    tag, attributes, text, children = left
    _, attributes2, text2, children2 = right
    here = f"{path}/{tag}" + (f"[{index}]" if index else "")
    found: list[str] = []
    if attributes != attributes2:
        a, b = dict(attributes), dict(attributes2)
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                found.append(f"{here}/@{name}: {a.get(name)!r} != {b.get(name)!r}")
    if text != text2:
        found.append(f"{here}: text {text[:60]!r} != {text2[:60]!r}")
    left_children, right_children = dict(children), dict(children2)
    for child_tag in sorted(set(left_children) | set(right_children)):
        one, two = left_children.get(child_tag, ()), right_children.get(child_tag, ())
        if len(one) != len(two):
            found.append(f"{here}/{child_tag}: {len(one)} != {len(two)} elements")
            continue
        for number, (x, y) in enumerate(zip(one, two, strict=True)):
            found.extend(differences(x, y, here, number + 1))
    return found
