"""A griffe extension for the itaproj API reference (loaded by mkdocstrings, offline).

* The project writes Google-style ``Example:`` sections; griffe only knows ``Examples:``, so the
  singular heading is read as the plural one and the ``>>>`` lines render as code.
* attrs writes the ``__init__`` of the model classes at import time, so a static reading finds no
  signature; the signature is taken from the imported class and given to griffe, so the
  reference shows ``Money(amount, currency, qualifier=Qualifier.EXACT)`` and the ``Args:`` of
  each class match real parameters.
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)

_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: griffe.ParameterKind.positional_only,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: griffe.ParameterKind.positional_or_keyword,
    inspect.Parameter.VAR_POSITIONAL: griffe.ParameterKind.var_positional,
    inspect.Parameter.KEYWORD_ONLY: griffe.ParameterKind.keyword_only,
    inspect.Parameter.VAR_KEYWORD: griffe.ParameterKind.var_keyword,
}


def _default(value: Any) -> str | None:
    if value is inspect.Parameter.empty:
        return None
    if hasattr(value, "factory"):  # an attrs Factory
        return f"{getattr(value.factory, '__name__', 'factory')}()"
    return repr(value) if not hasattr(value, "name") else f"{type(value).__name__}.{value.name}"


class ItaprojDocs(griffe.Extension):
    """Example sections and attrs signatures for the itaproj reference."""

    def on_object(self, *, obj: griffe.Object, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Read a singular ``Example:`` heading as ``Examples:``."""
        if obj.docstring is not None:
            obj.docstring.value = _EXAMPLE.sub(r"\1Examples:", obj.docstring.value)

    def on_class(self, *, cls: griffe.Class, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Give an attrs class the ``__init__`` signature attrs generated for it."""
        if "__init__" in cls.members or not any("attrs." in str(d.value) for d in cls.decorators):
            return
        try:
            runtime = getattr(importlib.import_module(cls.module.path), cls.name)
            signature = inspect.signature(runtime)
        except (ImportError, AttributeError, ValueError, TypeError):
            return
        parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
        for parameter in signature.parameters.values():
            annotation = parameter.annotation
            parameters.append(
                griffe.Parameter(
                    parameter.name,
                    annotation=None if annotation is inspect.Parameter.empty else str(annotation),
                    kind=_KINDS[parameter.kind],
                    default=_default(parameter.default),
                )
            )
        init = griffe.Function("__init__", parameters=griffe.Parameters(*parameters), parent=cls)
        cls.set_member("__init__", init)
