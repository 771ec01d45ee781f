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
from typing import Any

import attrs

from itaproj.errors import InvalidValueError, UnknownCodelistError
from itaproj.validation import checked

__all__ = [
    "IATI_CODELISTS_SOURCES",
    "IATI_STANDARD_VERSION",
    "CodeBinding",
    "Codelist",
    "CodelistItem",
    "code_bindings",
    "code_field",
    "code_spec",
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
    #: Part of the IATI Standard itself (changes only with a new version of the standard);
    #: ``False`` for lists others maintain (OECD DAC sectors, aid types, regions, currencies...),
    #: which change between releases, so that the shipped copy may lag behind real data.
    embedded: bool = True

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

    def admit(self, field: str, code: str) -> str:
        """Return ``code`` if a model field bound to this list takes it, else raise ``InvalidValueError``.

        A list the standard embeds must hold the code (:meth:`require`); a list others maintain
        takes any non-empty code (the shipped copy may lag behind: ``check()`` reports the
        codes it lacks).
        """
        if self.embedded:
            return self.require(field, code)
        if not isinstance(code, str) or not code.strip():
            raise InvalidValueError(field, code, f"be a code of the IATI {self.name} codelist")
        return code

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
    return Codelist(
        name=name,
        items=MappingProxyType(items),
        complete=root.get("complete") != "0",
        embedded=root.get("embedded") != "0",
    )


# --- fields bound to a codelist ---------------------------------------------------------------

#: The attrs metadata key under which :func:`code_field` declares a field's codelist.
_BINDING = "itaproj.codelist"


@attrs.frozen
class CodeBinding:
    """A model field whose values are codes of an IATI codelist, declared once on the class.

    Args:
        field: The attribute name.
        codelist: The codelist's name, when it does not depend on a vocabulary.
        vocabulary: The attribute holding the vocabulary that decides the list, if any.
        by_vocabulary: Vocabulary code -> codelist name; other vocabularies are not checked
            (they are the publisher's own or another organisation's).
    """

    field: str
    codelist: str | None = None
    vocabulary: str | None = None
    by_vocabulary: Mapping[str, str] = attrs.field(factory=dict)

    def list_for(self, obj: object) -> str | None:
        """The name of the codelist that applies to the field of ``obj``, or ``None``."""
        if self.vocabulary is None:
            return self.codelist
        return self.by_vocabulary.get(str(getattr(obj, self.vocabulary)))

    def codes(self, obj: object) -> tuple[str, ...]:
        """The codes the field of ``obj`` holds (none, one, or a tuple's)."""
        value = getattr(obj, self.field)
        if value is None:
            return ()
        if isinstance(value, tuple):
            return tuple(str(code) for code in value)
        return (str(value),)


class _CodeValidator:
    def __init__(self, binding: CodeBinding) -> None:
        self.binding = binding

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is None:
            return
        codes = value if isinstance(value, tuple) else (value,)
        for index, code in enumerate(codes):
            if not isinstance(code, str):  # whatever the list, a code is text
                where = attribute.name if codes is not value else f"{attribute.name}[{index}]"
                raise InvalidValueError(where, code, "be a code (a string)")
        name = self.binding.list_for(instance)
        if name is None:
            return
        listed = codelist(name)
        for code in codes:
            listed.admit(attribute.name, code)

    def __repr__(self) -> str:
        return f"<code of {self.binding.codelist or self.binding.by_vocabulary}>"


def code_spec(
    codelist: str | None = None,
    *,
    vocabulary: str | None = None,
    by_vocabulary: Mapping[str, str] | None = None,
    validate: bool = True,
    validator: Any = None,
) -> dict[str, Any]:
    """The ``validator`` and ``metadata`` of an attrs field holding codes of an IATI codelist.

    For a required field: ``type: str = attrs.field(**code_spec("TransactionType"))`` (the
    attrs mypy plugin then knows the field has no default); otherwise use :func:`code_field`.

    Args:
        codelist: The codelist's name, e.g. ``"FlowType"``.
        vocabulary: Instead of ``codelist``: the attribute whose value picks the list...
        by_vocabulary: ... from this mapping of vocabulary code to codelist name.
        validate: ``False`` to declare the binding only, where data in the wild uses codes the
            list lacks: :func:`~itaproj.checks.check` still reports withdrawn codes.
        validator: A validator to run instead of the codelist check (a country code is checked
            against ISO 3166-1, which the open Country list would accept anything for).
    """
    if (codelist is None) == (vocabulary is None):
        raise TypeError("give a codelist or a vocabulary field, not both or neither")
    binding = CodeBinding("", codelist, vocabulary, dict(by_vocabulary or {}))
    if validator is None and validate:
        validator = _CodeValidator(binding)
    return {"validator": validator, "metadata": {_BINDING: binding}}


def code_field(
    codelist: str | None = None,
    *,
    default: Any = None,
    converter: Any = None,
    vocabulary: str | None = None,
    by_vocabulary: Mapping[str, str] | None = None,
    validate: bool = True,
    validator: Any = None,
) -> Any:
    """An attrs field with a default holding a code (or a tuple of codes) of an IATI codelist.

    The code is checked at construction against a list the IATI Standard embeds (withdrawn codes
    are accepted; open lists accept any code); for a list others maintain (``embedded="0"``, such
    as Sector or AidType) any non-empty code is taken and :func:`~itaproj.checks.check` reports
    those the shipped copy lacks. The binding is declared in the field's metadata, where :func:`code_bindings`
    finds it: checks, readers and writers use that one declaration. The other arguments are
    those of :func:`code_spec`.

    Args:
        codelist: The codelist's name.
        default: The field's default (``None``: optional).
        converter: An attrs converter to apply first (e.g. to take any iterable as a tuple).
        vocabulary: See :func:`code_spec`.
        by_vocabulary: See :func:`code_spec`.
        validate: See :func:`code_spec`.
        validator: See :func:`code_spec`.

    Example:
        >>> @attrs.frozen
        ... class Link:
        ...     category: str | None = code_field("DocumentCategory")
        >>> Link("A01").category
        'A01'
        >>> Link("zz")
        Traceback (most recent call last):
        itaproj.errors.InvalidValueError: 'category' must be a code of the IATI DocumentCategory codelist (got 'zz')
        >>> [(b.field, b.codelist) for b in code_bindings(Link)]
        [('category', 'DocumentCategory')]
    """
    spec = code_spec(
        codelist, vocabulary=vocabulary, by_vocabulary=by_vocabulary, validate=validate, validator=validator
    )
    return attrs.field(default=default, converter=converter, **spec)


_BINDINGS: dict[type, tuple[CodeBinding, ...]] = {}


def code_bindings(cls: type) -> tuple[CodeBinding, ...]:
    """The codelist bindings :func:`code_field` declared on the attrs class ``cls``, in field order."""
    found = _BINDINGS.get(cls)
    if found is None:
        found = _BINDINGS[cls] = tuple(
            attrs.evolve(field.metadata[_BINDING], field=field.name)
            for field in attrs.fields(cls)
            if _BINDING in field.metadata
        )
    return found
