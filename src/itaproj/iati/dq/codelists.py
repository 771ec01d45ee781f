"""The Validator's codelist rules (9.x): each coded attribute holds a code of its codelist.

``rules/iati/codelists.xslt`` has one rule per place a code stands (``9.3.1``: the activity's
``@default-currency``; ``9.61.1``: a transaction sector's ``@code`` of vocabulary 1; ...), each
checking the code against the codelist of the file's IATI version, withdrawn codes included,
in the case given, lower or upper case. The model refuses a code of a complete embedded list it
does not know (the reader keeps such an element verbatim, with a finding), so the model cannot
say which code was wrong: these rules read the parsed XML, the one place the code still is.
A JSON catalogue's codes are checked where the model is built (:mod:`itaproj.codelists`).

The match patterns and codelist names come from the shipped rule catalogue, so each rule is
declared once, by the Validator.

Example:
    >>> from lxml import etree
    >>> root = etree.fromstring(b'''<iati-activities version="2.03"><iati-activity
    ...   default-currency="EURO"><sector vocabulary="1" code="11110"/><sector code="99999"/>
    ...   </iati-activity></iati-activities>''')
    >>> for finding in codelist_findings(root, "2.03"):
    ...     print(finding.rule, finding.path)
    iati.dq.9.3.1 /iati-activities/iati-activity[1]/@default-currency (line 2)
    iati.dq.9.76.1 /iati-activities/iati-activity[1]/sector[2]/@code (line 2)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib import resources
from typing import cast

import attrs

from itaproj.findings import Finding
from itaproj.iati._parse import etree
from itaproj.iati.dq import DqRule, dq_rules
from itaproj.iati.dq.values import VALUE_TAGS, value_findings, xpath_and_line

__all__ = ["codelist_findings", "codes"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The "attribute" name of a rule on an element's text (``crs-add/channel-code/text()``).
_TEXT = "text()"
_CODELIST = re.compile(r"me:codeListFail\(\., '([^']+)'")
#: A rule that skips a version: ``($iati-version != '2.03') and me:codeListFail(...)`` (9.14.1,
#: whose list 2.03 no longer embeds).
_NOT_IN = re.compile(r"\(\$iati-version != '([^']+)'\) and ")
_STEP = re.compile(r"([^/\[]+)(\[[^\]]*\])?")
_VOCABULARY = re.compile(
    r"(?P<parent>\.\./)?@vocabulary = (?:\((?P<many>[^)]*)\)|'(?P<one>[^']*)')(?P<absent> or not\(@vocabulary\))?"
)

Predicate = Callable[[etree._Element], bool]


@attrs.frozen
class _CodeRule:
    rule: DqRule
    #: The element names from the outermost named one down to the one holding the attribute.
    steps: tuple[str, ...]
    attribute: str
    codelist: str
    predicate: Predicate | None
    skipped_version: str | None = None


@cache
def codes() -> Mapping[str, Mapping[str, frozenset[str]]]:
    """Codes by version (``"2.01"``-``"2.03"``) and codelist name, as the Validator has them."""
    folder = resources.files("itaproj").joinpath("data").joinpath("iati").joinpath("validator")
    data = json.loads(folder.joinpath("codes.json").read_text(encoding="utf-8"))
    shared = {name: frozenset(values) for name, values in data.pop("non-embedded").items()}
    return {
        version: {**shared, **{name: frozenset(values) for name, values in lists.items()}}
        for version, lists in data.items()
    }


def _predicate(text: str) -> Predicate:
    match = _VOCABULARY.fullmatch(text)
    if match is None:
        raise ValueError(f"a codelist rule's predicate itaproj cannot read: [{text}]")
    wanted = (
        frozenset(re.findall(r"'([^']*)'", match["many"])) if match["many"] else frozenset({match["one"]})
    )
    absent_too = match["absent"] is not None
    on_parent = match["parent"] is not None

    def test(element: etree._Element) -> bool:
        holder = element.getparent() if on_parent else element
        vocabulary = holder.get("vocabulary") if holder is not None else None
        return vocabulary in wanted or (absent_too and vocabulary is None)

    return test


def _compile(rule: DqRule) -> _CodeRule:
    named = _CODELIST.search(rule.test)
    if named is None:
        raise ValueError(f"rule {rule.id} names no codelist")
    pattern = rule.context.removeprefix("//")
    if pattern.endswith("/text()"):
        path, attribute = pattern.removesuffix("/text()"), _TEXT
    else:
        path, attribute = pattern.rsplit("/@", 1) if "/@" in pattern else ("", pattern.removeprefix("@"))
    steps: list[str] = []
    predicate: Predicate | None = None
    for name, condition in _STEP.findall(path):
        steps.append(name)
        if condition:
            predicate = _predicate(condition[1:-1])
    attribute = _XML_LANG if attribute == "xml:lang" else attribute
    skipped = _NOT_IN.match(rule.test)
    if rule.test.replace(skipped[0] if skipped else "", "") != named[0] + ", $iati-version)":
        raise ValueError(f"rule {rule.id} tests more than itaproj reads: {rule.test}")
    return _CodeRule(rule, tuple(steps), attribute, named[1], predicate, skipped[1] if skipped else None)


@cache
def _by_attribute() -> Mapping[tuple[str, str], tuple[_CodeRule, ...]]:
    """The codelist rules by (name of the element holding the attribute, attribute)."""
    found: dict[tuple[str, str], list[_CodeRule]] = {}
    for rule in dq_rules().values():
        if "codeListFail" in rule.test:
            compiled = _compile(rule)
            holder = compiled.steps[-1] if compiled.steps else "*"
            found.setdefault((holder, compiled.attribute), []).append(compiled)
    return {key: tuple(rules) for key, rules in found.items()}


def _within(element: etree._Element, steps: tuple[str, ...]) -> bool:
    """Whether ``element`` ends the chain of ``steps`` (``//a/b/c``: c, in b, in a)."""
    node: etree._Element | None = element
    for name in reversed(steps):
        if node is None or node.tag != name:
            return False
        node = node.getparent()
    return True


def _where(element: etree._Element, attribute: str) -> str:
    name = None if attribute == _TEXT else "xml:lang" if attribute == _XML_LANG else attribute
    return xpath_and_line(element, name)


def _fails(code: str, listed: frozenset[str] | None) -> bool:
    # An empty attribute is a code like any other (not listed); an empty text is no text node,
    # which the rule does not read, so the caller passes no text at all.
    return listed is not None and not (code in listed or code.lower() in listed or code.upper() in listed)


def codelist_findings(root: etree._Element, version: str) -> Iterator[Finding]:
    """The codelist rules' findings in the document ``root`` of IATI ``version`` (2.0x).

    The same walk gives the findings of the rules on values the model refuses
    (:func:`itaproj.iati.dq.values.value_findings`): the tree is walked once.
    """
    lists = codes().get(version, codes()["2.03"])
    table = _by_attribute()
    texts = {holder for holder, attribute in table if attribute == _TEXT}
    # (the rules of an element's attribute, those of any element's included, made once per pair)
    rules_of: dict[tuple[str, str], tuple[_CodeRule, ...]] = {}
    failing: dict[tuple[str, str], bool] = {}  # (codelist, code) -> whether the code fails
    for element in root.iter(tag=etree.Element):
        tag = str(element.tag)
        values = cast("list[tuple[str, str]]", element.items())
        if tag in texts:
            text = element.text
            if text:
                values.append((_TEXT, text))
        for attribute, code in values:
            key = (tag, attribute)
            rules = rules_of.get(key)
            if rules is None:
                rules = rules_of[key] = (
                    *table.get(key, ()),
                    *table.get(("*", attribute), ()),
                )
            for rule in rules:
                if rule.skipped_version == version:
                    continue
                known = (rule.codelist, code)
                fails = failing.get(known)
                if fails is None:
                    fails = failing[known] = _fails(code, lists.get(rule.codelist))
                if (
                    fails
                    and _within(element, rule.steps)
                    and (rule.predicate is None or rule.predicate(element))
                ):
                    yield rule.rule.finding(_where(element, attribute), repr(code))
        if tag in VALUE_TAGS or (values and element.get("percentage") is not None):
            yield from value_findings(element, version)
