"""The bundled seed catalogue: the five programmes the library was first built to describe.

The catalogue is written by ``examples/build.py`` (one Python module per programme, in the
source repository's ``examples/`` folder) and ships inside the package as JSON, so notebooks
and tests reach it after ``pip install``:

Example:
    >>> from itaproj.examples import load
    >>> catalogue = load()
    >>> [programme.key for programme in catalogue]
    ['m4eg', 'promis', 'u-lead', 'auc-analytics', 'kz-regional-development', 'surge', 'clir']
    >>> catalogue["m4eg"].budget.total
    Money('1.45E+7', 'EUR')
    >>> [child.key for child in catalogue.children_of(catalogue["surge"])]
    ['clir']

"""

from __future__ import annotations

from importlib import resources

from itaproj.io import loads
from itaproj.programme import Catalogue

__all__ = ["load", "text"]

_RESOURCE = "catalogue.json"


def text() -> str:
    """The shipped catalogue as its JSON text."""
    return resources.files(__name__).joinpath(_RESOURCE).read_text(encoding="utf-8")


def load() -> Catalogue:
    """Read the shipped seed catalogue.

    Every call reads and validates the JSON afresh; the result is immutable, so keep it as
    long as you like.
    """
    return loads(text(), Catalogue)
