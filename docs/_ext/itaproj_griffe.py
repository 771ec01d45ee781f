"""A griffe extension for the itaproj API reference (loaded by mkdocstrings, offline).

* The project writes Google-style ``Example:`` sections; griffe only knows ``Examples:``, so the
  singular heading is read as the plural one and the ``>>>`` lines render as code.
* Docstrings use Sphinx roles (``:class:`~itaproj.money.Money```); they are rewritten to
  Markdown: a link to the object's entry in this reference when it has one (a public,
  documented object), else plain code, showing the last name for ``~`` targets as Sphinx does.
* attrs writes the ``__init__`` of the model classes at import time, so a static reading finds no
  signature; the signature is taken from the imported class and given to griffe, so the
  reference shows ``Money(amount, currency, qualifier=Qualifier.EXACT)`` and the ``Args:`` of
  each class match real parameters. Its annotations are parsed into griffe expressions in the
  class's module, so the signature links ``Qualifier`` to its entry like any other signature.
* An enum's page lists its members in a table, ``MEMBER`` and ``"value"`` read from the imported
  enum, with a meaning: the member's own docstring or ``#:`` comment when the source has one,
  else the name of its code in the IATI codelist the enum is bound to (through an ``iati_code``
  property documented as "IATI <Codelist> code"), else nothing.
"""

from __future__ import annotations

import ast
import enum
import functools
import importlib
import inspect
import json
import re
from typing import Any

import griffe

_EXAMPLE = re.compile(r"^(\s*)Example:\s*$", re.MULTILINE)
_ROLE = re.compile(r":(?:py:)?(?:func|class|meth|attr|mod|data|exc|obj|const):`(~?)([\w.]+)(\(\))?`")
# Modules whose own pages exist; helpers of itaproj.iati are documented through the package.
_UNRENDERED = re.compile(r"^itaproj\.iati\.")
# "IATI ActivityStatus code." in an ``iati_code`` docstring names the codelist an enum is bound to.
_BOUND_CODELIST = re.compile(r"\bIATI (\w+) code\b")
_MEMBER_COMMENT = re.compile(r"#:\s*(.+?)\s*$")

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
        """Give an attrs class the ``__init__`` signature attrs generated for it; list enum members."""
        if any("Enum" in str(base) for base in cls.bases):
            _add_member_table(cls)
            return
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
                    annotation=None
                    if annotation is inspect.Parameter.empty
                    else _annotation(annotation, cls),
                    kind=_KINDS[parameter.kind],
                    default=_default(parameter.default),
                )
            )
        init = griffe.Function("__init__", parameters=griffe.Parameters(*parameters), parent=cls)
        cls.set_member("__init__", init)


def _annotation(annotation: object, cls: griffe.Class) -> str | griffe.Expr:
    """An annotation as a griffe expression resolved in the class's module (so it links), else text."""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return text
    expression = griffe.safe_get_annotation(node, parent=cls.module)
    return text if expression is None else expression


def _add_member_table(cls: griffe.Class) -> None:
    """Append to an enum's docstring a table of its members, values and meanings."""
    try:
        runtime = getattr(importlib.import_module(cls.module.path), cls.name)
    except (ImportError, AttributeError):
        return
    if not (isinstance(runtime, type) and issubclass(runtime, enum.Enum)):
        return
    codelist = _bound_codelist(runtime)
    rows = ["| Member | Value | Meaning |", "|---|---|---|"]
    for name, member in runtime.__members__.items():
        meaning = _member_meaning(cls, name) or _codelist_meaning(member, codelist)
        value = member.value
        shown = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
        cells = [f"`{name}`", f"`{shown}`", meaning]
        rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    table = "**Members**\n\n" + "\n".join(rows)
    if cls.docstring is None:
        cls.docstring = griffe.Docstring(table, parent=cls)
    else:
        cls.docstring.value = cls.docstring.value.rstrip() + "\n\n" + table


def _member_meaning(cls: griffe.Class, name: str) -> str:
    """A member's docstring, or its ``#:`` comment on the line that defines it."""
    member = cls.members.get(name)
    if member is None or isinstance(member, griffe.Alias):
        return ""
    if member.docstring is not None and member.docstring.value.strip():
        return " ".join(member.docstring.value.split())
    lines = cls.module.lines
    if member.lineno is not None and 0 < member.lineno <= len(lines):
        comment = _MEMBER_COMMENT.search(lines[member.lineno - 1])
        if comment:
            return comment.group(1)
    return ""


def _bound_codelist(runtime: type[enum.Enum]) -> str | None:
    prop = runtime.__dict__.get("iati_code")
    match = _BOUND_CODELIST.search(getattr(prop, "__doc__", None) or "")
    return match.group(1) if match else None


def _codelist_meaning(member: enum.Enum, codelist: str | None) -> str:
    """``IATI ActivityStatus 2: Implementation`` for a member bound to a codelist code."""
    if codelist is None:
        return ""
    code = getattr(member, "iati_code", None)
    if code is None:
        return f"not in IATI {codelist}"
    from itaproj.codelists import codelist as load_codelist

    name = load_codelist(codelist).name_of(code)
    return f"IATI {codelist} {code}" + (f": {name}" if name else "")


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
