"""Codelists (IATI 2.03, ISO) as data shipped with the package, with their versions.

The IATI codelists are read from the XML files in ``itaproj/data/codelists`` the first time
one is asked for. Withdrawn codes are kept (historic data uses them) and flagged; open lists
(``complete="0"``, such as Country and Language) never prove a code wrong.

Attribution: the IATI codelists are © Development Initiatives on behalf of the IATI
Secretariat, released under CC BY 4.0; attribute as "IATI Standard (http://iatistandard.org/)".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

import attrs

from itaproj.errors import InvalidValueError, UnknownCodelistError
from itaproj.validation import checked

__all__ = [
    "IATI_CODELISTS_SOURCES",
    "IATI_STANDARD_VERSION",
    "Codelist",
    "CodelistItem",
    "codelist",
    "codelist_names",
]

#: The version of the IATI Standard the shipped codelists belong to.
IATI_STANDARD_VERSION = "2.03"

#: Where the shipped codelists come from (repository @ commit).
IATI_CODELISTS_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "embedded": "IATI/IATI-Codelists@75e827bacd29f77356cb43defbc0b655705432f3 (version-2.03)",
        "non-embedded": "IATI/IATI-Codelists-NonEmbedded@7aeece773c60afa0265eb95e988d5e61e96d8482",
    }
)

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@attrs.frozen
@checked
class CodelistItem:
    """One code of a codelist with its English name."""

    code: str
    name: str
    category: str | None = None
    withdrawn: bool = False
    description: str | None = None


@attrs.frozen(repr=False)
@checked
class Codelist:
    """A codelist: its items by code, whether it is complete, and where it comes from.

    Example:
        >>> roles = codelist("OrganisationRole")
        >>> roles["1"].name
        'Funding'
        >>> "9" in roles
        False
    """

    name: str
    items: Mapping[str, CodelistItem]
    complete: bool
    version: str = IATI_STANDARD_VERSION

    def __repr__(self) -> str:
        return f"<Codelist {self.name} ({len(self.items)} codes, version {self.version})>"

    def __contains__(self, code: object) -> bool:
        return code in self.items

    def __getitem__(self, code: str) -> CodelistItem:
        return self.items[code]

    def __iter__(self) -> Iterator[CodelistItem]:
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    @property
    def codes(self) -> frozenset[str]:
        """Every code, withdrawn ones included."""
        return frozenset(self.items)

    @property
    def active_codes(self) -> frozenset[str]:
        """The codes that new data may use."""
        return frozenset(code for code, item in self.items.items() if not item.withdrawn)

    def name_of(self, code: str) -> str | None:
        """The English name of ``code``, or ``None`` when the list does not have it."""
        item = self.items.get(code)
        return None if item is None else item.name

    def is_withdrawn(self, code: str) -> bool:
        """True when ``code`` is in the list but withdrawn."""
        item = self.items.get(code)
        return item is not None and item.withdrawn

    def accepts(self, code: str) -> bool:
        """True when ``code`` is in the list, or the list is open (not complete)."""
        return code in self.items or not self.complete

    def require(self, field: str, code: str) -> str:
        """Return ``code`` if the list accepts it, else raise ``InvalidValueError`` naming ``field``."""
        if not isinstance(code, str) or not self.accepts(code):
            raise InvalidValueError(field, code, f"be a code of the IATI {self.name} codelist")
        return code


def _narrative(element: ET.Element | None) -> str | None:
    if element is None:
        return None
    narratives = element.findall("narrative")
    for narrative in narratives:
        if narrative.get(_XML_LANG) in (None, "en") and narrative.text:
            return " ".join(narrative.text.split())
    return None


def _data_dir() -> resources.abc.Traversable:
    return resources.files("itaproj").joinpath("data").joinpath("codelists")


@cache
def codelist_names() -> frozenset[str]:
    """The names of every shipped codelist."""
    return frozenset(
        entry.name.removesuffix(".xml") for entry in _data_dir().iterdir() if entry.name.endswith(".xml")
    )


@cache
def codelist(name: str) -> Codelist:
    """The shipped codelist called ``name`` (e.g. ``"Sector"``), parsed once and cached.

    Raises:
        UnknownCodelistError: if no such list ships (also a ``LookupError``).
    """
    if name not in codelist_names():
        raise UnknownCodelistError(name, codelist_names())
    root = ET.fromstring(_data_dir().joinpath(f"{name}.xml").read_bytes())
    items: dict[str, CodelistItem] = {}
    for element in root.iter("codelist-item"):
        code = (element.findtext("code") or "").strip()
        if not code:
            continue
        items[code] = CodelistItem(
            code=code,
            name=_narrative(element.find("name")) or code,
            category=(element.findtext("category") or "").strip() or None,
            withdrawn=element.get("status") == "withdrawn",
            description=_narrative(element.find("description")),
        )
    return Codelist(name=name, items=MappingProxyType(items), complete=root.get("complete") != "0")
