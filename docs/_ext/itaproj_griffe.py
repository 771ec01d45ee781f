"""A griffe extension for the itaproj API reference (loaded by mkdocstrings, offline).

* The project writes Google-style ``Example:`` sections; griffe only knows ``Examples:``, so the
  singular heading is read as the plural one and the ``>>>`` lines render as code.
* Docstrings use Sphinx roles (``:class:`~itaproj.money.Money```); they are rewritten to
  Markdown: a link to the object's entry in this reference when it has one (a public,
  documented object), else plain code, showing the last name for ``~`` targets as Sphinx does.
* attrs writes the ``__init__`` of the model classes at import time, so a static reading finds no
  signature; the signature is taken from the imported class and given to griffe, so the
  reference shows ``Money(amount, currency, qualifier=Qualifier.EXACT)`` and the ``Args:`` of
  each class match real parameters.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)
_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj|const):`(~?)([\w.]+)(\(\))?`")
# Modules whose own pages exist; helpers of itaproj.iati are documented through the package.
_UNRENDERED = re.compile(r"^itaproj\.iati\.")

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

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Rewrite Sphinx roles in every docstring of the package, once everything is loaded."""
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = _ROLE.sub(
                    functools.partial(_role, context=obj, loader=loader), obj.docstring.value
                )

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


def _walk(obj: griffe.Object) -> list[griffe.Object]:
    found = [obj]
    for member in obj.members.values():
        if not isinstance(member, griffe.Alias):
            found.extend(_walk(member))
    return found


def _target(path: str, context: griffe.Object, loader: griffe.GriffeLoader) -> griffe.Object | None:
    """The documented object a role names, tried as absolute, then in the module, then the class."""
    candidates = [path, f"{context.module.path}.{path}"]
    if isinstance(context, griffe.Class):
        candidates.insert(0, f"{context.path}.{path}")
    for candidate in candidates:
        try:
            found = loader.modules_collection[candidate]
        except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        try:
            target = found.final_target if isinstance(found, griffe.Alias) else found
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
        if not isinstance(target, griffe.Object) or target.docstring is None:
            return None
        parts = target.path.split(".")
        if any(part.startswith("_") for part in parts) or _UNRENDERED.match(target.path):
            return None
        return target
    return None


def _role(match: re.Match[str], *, context: griffe.Object, loader: griffe.GriffeLoader) -> str:
    tilde, path, call = match.group(1), match.group(2), match.group(3) or ""
    shown = (path.rsplit(".", 1)[-1] if tilde else path) + call
    target = _target(path, context, loader)
    if target is None:
        return f"`{shown}`"
    return f"[`{shown}`][{target.path}]"
