"""Where a value of the model stood in the IATI XML it was read from.

The data-quality rules run on the model and name what they find with a path into it
(``transactions[2].provider.activity_id``, relative to a programme). For a file read from IATI
XML the finding should point at the XML, as the Validator's do: :func:`xpath_of` turns the
model path into the XPath of the element or attribute that holds the value, through the one
table that says where each schema path lives in the model
(:data:`itaproj.iati.homes.HOMES`). The i-th item of a tuple is the i-th element of its name:
the reader keeps the document's order; an element it kept verbatim (an ``Extra`` of the
programme at ``name[k]``) holds its own place, so the items after it move one on.

Example:
    >>> xpath_of("transactions[2].provider.activity_id", "/iati-activities/iati-activity[1]")
    '/iati-activities/iati-activity[1]/transaction[3]/provider-org/@provider-activity-id'
    >>> xpath_of("iati_identifier", "/iati-activities/iati-activity[4]")
    '/iati-activities/iati-activity[4]/iati-identifier'
    >>> xpath_of("participants[0].organisation.ref", "/a", taken={"participating-org": {0}})
    '/a/participating-org[2]/@ref'
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from functools import cache

from itaproj.extras import Extra
from itaproj.iati.homes import HOMES
from itaproj.iati.schema import element_shape

__all__ = ["taken_positions", "xpath_of"]

_INDEX = re.compile(r"\[(\d+)\]")
_STEP = re.compile(r"^([^\[/@]+)\[(\d+)\]$")


@cache
def _by_home() -> Mapping[str, str]:
    """Home pattern (``transactions[].provider.ref``, without ``Programme.``) -> schema path."""
    found: dict[str, str] = {}
    for path, home in HOMES.items():
        for pattern in home.homes:
            found.setdefault(pattern.removeprefix("Programme."), path)
    return found


def _repeating_steps(path: str) -> list[int]:
    """Indices of the element steps of ``path`` that the schema lets repeat in their parent."""
    steps = [step for step in path.split("/") if not step.startswith("@")]
    repeating: list[int] = []
    for index, step in enumerate(steps):
        parent = element_shape(tuple(steps[:index]))
        if parent is not None and step not in parent.single:
            repeating.append(index)
    return repeating


def taken_positions(extras: Iterable[Extra]) -> dict[str, set[int]]:
    """Positions (0-based) of elements a programme kept verbatim, by element name.

    Example:
        >>> from itaproj.extras import Extra
        >>> taken_positions([Extra("participating-org[1]", "<participating-org/>", "xml")])
        {'participating-org': {0}}
    """
    taken: dict[str, set[int]] = {}
    for extra in extras:
        match = _STEP.match(extra.path)
        if match:
            taken.setdefault(match[1], set()).add(int(match[2]) - 1)
    return taken


def _position(index: int, taken: Collection[int]) -> int:
    """The 1-based XML position of the ``index``-th modelled item, skipping positions taken."""
    position = -1
    for _ in range(index + 1):
        position += 1
        while position in taken:
            position += 1
    return position + 1


def xpath_of(model_path: str, activity: str, *, taken: Mapping[str, Collection[int]] | None = None) -> str:
    """The XPath of the value at ``model_path`` of the programme read from ``activity``.

    Args:
        model_path: A path relative to the programme (``sectors[1].percentage``).
        activity: The XPath of the ``iati-activity`` element.
        taken: Positions of the programme's elements kept verbatim (:func:`taken_positions`).

    Returns:
        The XPath of the element or attribute; the activity's own XPath when the path names
        nothing the schema defines (a value of the model IATI has no place for).
    """
    pattern = _INDEX.sub("[]", model_path)
    indices = [int(found) for found in _INDEX.findall(model_path)]
    path = _by_home().get(pattern)
    while path is None and "." in pattern:
        # A value inside an object the table names as a whole: locate the object.
        pattern = pattern.rsplit(".", 1)[0]
        indices = indices[: pattern.count("[]")]
        path = _by_home().get(pattern)
    if path is None:
        return activity
    steps = path.split("/")
    repeating = _repeating_steps(path)
    for position, index in zip(repeating, indices, strict=False):
        name = steps[position]
        gaps = (taken or {}).get(name, ()) if position == 0 else ()
        steps[position] = f"{name}[{_position(index, gaps)}]"
    return "/".join([activity, *steps])
