"""The official IATI Validator's data-quality rules: their catalogue and reference lists.

The IATI Validator checks a file with 245 data-quality rules (IATI/IATI-Rulesets, branch
``xslt-rules``): 183 errors and 62 warnings, each with an id (``"1.1.2"``, ``"6.1.4"``), a
category (``"identifiers"``, ``"financial"``, ...) and a message. itaproj reports a breach of
one as a :class:`~itaproj.findings.Finding` whose rule is ``iati.dq.<id>``, with the
Validator's severity and message. This module is the one place that knows the rules: it reads
the catalogue shipped in ``itaproj/data/iati/validator`` (generated from the Rulesets by
``tools/validator_rules.py``), together with the Validator's lists of known publishers and
organisation-identifier prefixes.

Example:
    >>> rule = dq_rule("1.1.2")
    >>> rule.finding_rule, rule.severity.value, rule.category
    ('iati.dq.1.1.2', 'error', 'identifiers')
    >>> rule.message
    'The activity identifier must be unique for each activity.'
    >>> categories()["identifiers"]
    'Identification'
    >>> len(dq_rules()), sum(r.severity.value == "warning" for r in dq_rules().values())
    (245, 62)
    >>> "XM-DAC" in known_orgid_prefixes()
    True
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import attrs

from itaproj.findings import Finding, Severity

__all__ = [
    "DqRule",
    "categories",
    "dq_rule",
    "dq_rules",
    "known_orgid_prefixes",
    "known_publishers",
]

#: The Validator's feedback types and the severity of an itaproj finding.
_SEVERITY = {
    "critical": Severity.ERROR,
    "danger": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
}


@attrs.frozen
class DqRule:
    """One data-quality rule of the IATI Validator.

    Args:
        id: The Validator's rule id, e.g. ``"1.1.2"``.
        severity: Error (the Validator's "danger") or warning.
        category: The Validator's category ("identifiers", "financial", ...; titles in
            :func:`categories`).
        message: The Validator's message.
        versions: The IATI versions the rule applies to, as the Validator writes them
            (``"any"``, ``"2.03"``, ``"2.0x"``, ``"< 2.03"``, ...).
        context: The XPath pattern of the element the rule is attached to in the Validator.
        test: The Validator's XPath condition, for reference.
    """

    id: str
    severity: Severity
    category: str
    message: str
    versions: str = "any"
    context: str = ""
    test: str = ""

    @property
    def finding_rule(self) -> str:
        """The rule id of itaproj's findings for this rule: ``iati.dq.<id>``."""
        return f"iati.dq.{self.id}"

    def finding(self, path: str, detail: str = "") -> Finding:
        """A finding of this rule at ``path``, the Validator's message followed by ``detail``.

        Example:
            >>> print(dq_rule("1.3.1").finding("$.programmes[0].iati_identifier", "' ABC'"))
            warning iati.dq.1.3.1: The identifier should not start or end with spaces or newlines. (' ABC') @ $.programmes[0].iati_identifier
        """
        message = f"{self.message} ({detail})" if detail else self.message
        return Finding(self.finding_rule, self.severity, message, path)


def _data(name: str) -> Any:
    folder = resources.files("itaproj").joinpath("data").joinpath("iati").joinpath("validator")
    return json.loads(folder.joinpath(name).read_text(encoding="utf-8"))


@cache
def dq_rules() -> Mapping[str, DqRule]:
    """Every rule of the shipped catalogue by id, in the Validator's order."""
    return MappingProxyType(
        {
            entry["id"]: DqRule(
                entry["id"],
                _SEVERITY[entry["severity"]],
                entry["category"],
                entry["message"],
                entry["versions"],
                entry["context"],
                entry["test"],
            )
            for entry in _data("rules.json")
        }
    )


def dq_rule(rule_id: str) -> DqRule:
    """The rule with the Validator's id ``rule_id`` (``"1.1.2"``; ``"iati.dq.1.1.2"`` also works).

    Raises:
        KeyError: No rule has that id.
    """
    return dq_rules()[rule_id.removeprefix("iati.dq.")]


@cache
def categories() -> Mapping[str, str]:
    """The Validator's categories: class -> title (``"geo"`` -> ``"Geopolitical information"``)."""
    return MappingProxyType(dict(_data("categories.json")["categories"]))


@cache
def known_publishers() -> frozenset[str]:
    """Organisation identifiers of publishers the IATI Registry knows (the Validator's list)."""
    return frozenset(_data("known-publishers.json"))


@cache
def known_orgid_prefixes() -> frozenset[str]:
    """Registration-agency prefixes of org-id.guide (``"GB-CHC"``, ``"XM-DAC"``)."""
    return frozenset(_data("known-orgid-prefixes.json"))
