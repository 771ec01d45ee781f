"""What a data-quality rule sees beyond one programme, and what it yields.

The Validator checks some things across a file (an activity identifier used twice, 1.1.2) and
some by the file's IATI version (1.1.21 applies to 2.03). A :class:`DqContext` carries those
facts while the programmes of one file are checked in turn; a rule yields :class:`Hit` values
that name the model value at fault by its path relative to the programme.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

import attrs

__all__ = ["DqContext", "Hit", "iati_version"]

#: The versions the Validator knows; another declared version is read as 2.03 (1.x as 1.05).
_KNOWN = ("1.01", "1.02", "1.03", "1.04", "1.05", "2.01", "2.02", "2.03")


def iati_version(declared: str | None) -> str:
    """The version the Validator applies to a file declaring ``declared``.

    Example:
        >>> iati_version("2.02"), iati_version("1.x"), iati_version(None)
        ('2.02', '1.05', '2.03')
    """
    if declared in _KNOWN:
        return str(declared)
    if declared is not None and declared.startswith("1."):
        return "1.05"
    return "2.03"


@attrs.frozen
class Hit:
    """One breach of a data-quality rule in a programme.

    Args:
        rule: The Validator's rule id (``"1.1.2"``).
        path: The value at fault, relative to the programme (``"transactions[0].provider.ref"``);
            ``""`` for the programme itself.
        detail: The value or what was found, appended to the Validator's message.
        xml: Where the value stands in IATI XML, relative to the ``iati-activity``
            (``"result[1]/indicator[2]/period[1]/target"``), for a value the model does not hold
            one to one with an element (:func:`~itaproj.iati.dq.locate.xpath_of` finds the
            rest from ``path``).
    """

    rule: str
    path: str
    detail: str = ""
    xml: str | None = None


@attrs.define
class DqContext:
    """The file-wide facts the rules need.

    Args:
        version: The IATI version the file declares (the Validator takes 2.03 when it declares
            none it knows).
        today: The day "in the future" is measured from.
        identifiers: How many activities of the file use each activity identifier.
        now: The instant a last updated datetime is compared with (11.1.1, 11.4.1), as the
            Validator compares it with the moment it runs; ``None``: with :attr:`today`, by day.

    Example:
        >>> context = DqContext.of(["A-1", "A-2", "A-1"])
        >>> context.repeated("A-1"), context.repeated("A-2")
        (True, False)
    """

    version: str = "2.03"
    today: dt.date = attrs.field(factory=dt.date.today)
    identifiers: Counter[str] = attrs.field(factory=Counter)
    now: dt.datetime | None = None

    @classmethod
    def of(
        cls, identifiers: Iterable[str | None], *, version: str = "2.03", today: dt.date | None = None
    ) -> DqContext:
        """A context for a file whose activities have ``identifiers`` (``None``: none given)."""
        counted = Counter(identifier for identifier in identifiers if identifier is not None)
        return cls(version, today or dt.date.today(), counted)

    def repeated(self, identifier: str) -> bool:
        """Whether more than one activity of the file has ``identifier``."""
        return self.identifiers[identifier] > 1
