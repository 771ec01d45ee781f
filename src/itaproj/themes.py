"""Cross-cutting themes (gender, environment, inclusion... as IATI policy markers or your own), tags and humanitarian scopes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from itaproj.codelists import code_field, code_spec, codelist
from itaproj.errors import InvalidValueError
from itaproj.extras import Extra
from itaproj.text import LocalizedText
from itaproj.validation import (
    as_optional_text,
    as_strings,
    as_texts,
    check_text,
    checked,
    register_conversion,
)

__all__ = ["CrossCuttingTheme", "HumanitarianScope", "Tag"]


def _check_significance(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or str(value) not in codelist("PolicySignificance")
    ):
        raise InvalidValueError(attribute.name, value, "be an IATI PolicySignificance code 0-4")


@attrs.frozen
@checked
class CrossCuttingTheme:
    """A theme that runs across a programme, as a policy marker.

    With ``vocabulary="1"`` (OECD DAC CRS) ``code`` is a PolicyMarker code: ``"1"`` gender
    equality, ``"2"`` aid to environment, ``"3"`` participatory development/good governance...
    With ``"99"`` (reporting organisation) the code is your own, or ``None``.

    Args:
        title: The theme's name as the source gives it; ``None`` when it gives none (an IATI
            policy marker without a narrative): :attr:`label` names it then.
        code: The policy marker code, if any.
        vocabulary: IATI PolicyMarkerVocabulary code.
        significance: IATI PolicySignificance 0-4, ``None`` when the source does not say.
        objectives: The theme's own objectives.
        strategy: The strategy that carries it, when named.
        description: Longer text.
        components: Codes of the components it applies to; empty means all of them.

    Example:
        >>> gender = CrossCuttingTheme(LocalizedText({"en": "Gender equality"}), code="1")
        >>> gender.is_dac_marker
        True
        >>> CrossCuttingTheme(code="2", significance=1).label
        LocalizedText({'en': 'Aid to Environment'}, original='en')
    """

    title: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    code: str | None = code_field(vocabulary="vocabulary", by_vocabulary={"1": "PolicyMarker"})
    vocabulary: str = code_field("PolicyMarkerVocabulary", default="1")
    significance: int | None = code_field("PolicySignificance", validator=_check_significance)
    objectives: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    strategy: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    components: tuple[str, ...] = attrs.field(default=(), converter=as_strings)
    #: Where the reporting organisation's own vocabulary (``"99"``) is described.
    vocabulary_uri: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.vocabulary == "1" and self.code is None:
            raise InvalidValueError("code", None, "be a PolicyMarker code for vocabulary '1'")
        if self.title is None and self.code is None:
            raise InvalidValueError("title", None, "be given for a theme without a code")

    @property
    def label(self) -> LocalizedText:
        """What to call the theme: its title, else its PolicyMarker code's English name, else its code."""
        if self.title is not None:
            return self.title
        name = codelist("PolicyMarker").name_of(self.code) if self.vocabulary == "1" and self.code else None
        return LocalizedText({"en": name or str(self.code)})

    @property
    def is_dac_marker(self) -> bool:
        """True for an OECD DAC policy marker."""
        return self.vocabulary == "1"


if TYPE_CHECKING:

    def _as_extras(value: Iterable[Extra]) -> tuple[Extra, ...]: ...

else:  # what the constructors accept, for type checkers; @checked converts (see itaproj.validation)
    _as_extras = None

#: Tag vocabularies whose codes the shipped codelists hold (SDG goals and targets).
_TAG_LISTS = {"2": "UNSDG-Goals", "3": "UNSDG-Targets"}


@attrs.frozen
@checked
class Tag:
    """A keyword a programme is tagged with: free, or a code of a vocabulary (IATI ``tag``).

    A free keyword from a source (``Tag("local development")``) has no vocabulary; IATI
    cannot carry it (its tags are codes of a vocabulary), so the IATI writer reports it
    instead of writing it. A programme's ``tags`` take plain strings as free keywords.

    Args:
        code: The keyword, or the code in ``vocabulary`` (``"11"`` in the SDG goals ``"2"``).
        vocabulary: IATI TagVocabulary (``"1"`` Agrovoc, ``"2"`` SDG goals, ``"3"`` SDG
            targets, ``"99"`` the reporting organisation's own...); ``None`` for a free keyword.
        vocabulary_uri: Where the vocabulary is published, for the reporting organisation's own.
        name: The tag's text.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> Tag("11", "2").label("en")
        'Goal 11. Make cities and human settlements inclusive, safe, resilient and sustainable'
        >>> Tag("local development").label("en")
        'local development'
    """

    code: str = attrs.field(**code_spec(vocabulary="vocabulary", by_vocabulary=_TAG_LISTS))
    vocabulary: str | None = code_field("TagVocabulary")
    vocabulary_uri: str | None = None
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)

    def __attrs_post_init__(self) -> None:
        if not self.code.strip():
            raise InvalidValueError("code", self.code, "be a non-empty string")

    @property
    def is_keyword(self) -> bool:
        """True for a free keyword (no vocabulary)."""
        return self.vocabulary is None

    def label(self, locale: str) -> str:
        """The tag's text in ``locale`` (or its fallback), else its code's name, else the code."""
        if self.name is not None:
            return self.name.resolve(locale)
        listname = _TAG_LISTS.get(self.vocabulary or "")
        found = None if listname is None else codelist(listname).name_of(self.code)
        return found or self.code


def _to_tag(value: object, field: str) -> Tag:
    """A :class:`Tag`, or a plain string taken as a free keyword."""
    if isinstance(value, Tag):
        return value
    if isinstance(value, str):
        try:
            return Tag(value)
        except InvalidValueError as error:
            raise InvalidValueError(field, value, error.reason) from None
    raise InvalidValueError(field, value, "be a Tag or a keyword (a string)")


register_conversion(Tag, _to_tag)


@attrs.frozen
@checked
class HumanitarianScope:
    """An emergency or appeal a programme responds to (IATI ``humanitarian-scope``).

    Args:
        type: IATI HumanitarianScopeType: ``"1"`` emergency, ``"2"`` appeal.
        code: The emergency's or appeal's code in ``vocabulary`` (a GLIDE number, a plan code).
        vocabulary: IATI HumanitarianScopeVocabulary (``"1-2"`` GLIDE, ``"2-1"`` humanitarian
            plan, ``"99"`` the reporting organisation's own).
        vocabulary_uri: Where the vocabulary is published, for the reporting organisation's own.
        name: Its name.
        extras: Content in other XML namespaces, kept verbatim.

    Example:
        >>> HumanitarianScope("1", "EQ-2015-000048-NPL", "1-2").type
        '1'
    """

    type: str = attrs.field(**code_spec("HumanitarianScopeType"))
    code: str = attrs.field(validator=check_text)
    vocabulary: str = attrs.field(**code_spec("HumanitarianScopeVocabulary"))
    vocabulary_uri: str | None = None
    name: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    extras: tuple[Extra, ...] = attrs.field(default=(), converter=_as_extras)
