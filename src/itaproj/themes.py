"""Cross-cutting themes: gender, environment, inclusion... as IATI policy markers or your own."""

from __future__ import annotations

from typing import Any

import attrs

from itaproj.codelists import code_field, codelist
from itaproj.errors import InvalidValueError
from itaproj.text import LocalizedText
from itaproj.validation import as_optional_text, as_strings, as_text, as_texts, checked

__all__ = ["CrossCuttingTheme"]


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
        title: The theme's name as the source gives it.
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
    """

    title: LocalizedText = attrs.field(converter=as_text)
    code: str | None = code_field(vocabulary="vocabulary", by_vocabulary={"1": "PolicyMarker"})
    vocabulary: str = code_field("PolicyMarkerVocabulary", default="1")
    significance: int | None = code_field("PolicySignificance", validator=_check_significance)
    objectives: tuple[LocalizedText, ...] = attrs.field(default=(), converter=as_texts)
    strategy: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    description: LocalizedText | None = attrs.field(default=None, converter=as_optional_text)
    components: tuple[str, ...] = attrs.field(default=(), converter=as_strings)

    def __attrs_post_init__(self) -> None:
        if self.vocabulary == "1" and self.code is None:
            raise InvalidValueError("code", None, "be a PolicyMarker code for vocabulary '1'")

    @property
    def is_dac_marker(self) -> bool:
        """True for an OECD DAC policy marker."""
        return self.vocabulary == "1"
