"""Content the model has no field for, kept verbatim where it was found so nothing is lost."""

from __future__ import annotations

import attrs

from itaproj.validation import check_text, checked

__all__ = ["Extra"]


@attrs.frozen
@checked
class Extra:
    """Input the model has no field for, kept verbatim so nothing is lost.

    Args:
        path: Where it was found, relative to its programme (``$.x_note``, ``/iati-activity/crs-add``).
        value: The raw text: JSON for JSON input, serialized XML for IATI input.
        format: ``"json"`` or ``"xml"``.
    """

    path: str = attrs.field(validator=check_text)
    value: str
    format: str = attrs.field(default="json", validator=check_text)
