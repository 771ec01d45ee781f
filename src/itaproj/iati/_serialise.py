"""The writer's element trees (:data:`~itaproj.iati._mapping.Node`) as XML text, without lxml.

The text is what ``lxml.etree.tostring(..., encoding="UTF-8")`` writes for the same tree,
decoded: the same escaping (text ``&``, ``<``, ``>`` and carriage return; attribute values
also ``"``, tab and line feed, as character references, so white space survives a round
trip), attributes in the order given, ``<tag/>`` for an element with no text and no children.

A name ``{uri}local`` is written with the prefix lxml gives it when the activity element
declares ``uri`` and no element below declares any namespace (as here): the first prefix the
activity binds to ``uri`` (``prefixes``). Only what this module can write exactly as lxml
would is written: a name that is not a plain ASCII XML name, one in a namespace the activity
does not bind to a prefix, one starting with ``xml`` but ``xml:lang``, a value that is not
text, raise :class:`Unserialisable`, and the caller builds the tree with lxml instead, which
reports what XML cannot hold. Characters XML 1.0 cannot hold are not checked here value by
value: the caller checks the whole text once. A value that is not text may be appended as it
is, so that joining the pieces raises ``TypeError`` (the type check costs nothing more).

Example:
    >>> out: list[str] = []
    >>> node_text(("value", {"currency": 'a"b'}, "1 < 2 & 3", [("x", {}, None, [])]), out)
    >>> "".join(out)
    '<value currency="a&quot;b">1 &lt; 2 &amp; 3<x/></value>'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from itaproj.iati._mapping import XML_LANG, Node

__all__ = [
    "Unserialisable",
    "attribute_name",
    "attributes_text",
    "escape_attribute",
    "escape_text",
    "node_text",
]

#: Names written as they are: ASCII, no prefix (lxml accepts more; those go through lxml).
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")
#: Names seen to be plain, as written, so each is checked once (bounded: names may come from
#: extras): tags as ``(<tag, <tag>, <tag/>, </tag>)``, and attributes as `` name="``.
_TAGS: dict[str, tuple[str, str, str, str]] = {}
_STARTS: dict[str, str] = {XML_LANG: ' xml:lang="', "xml:lang": ' xml:lang="'}
_CACHED = 4096


class Unserialisable(Exception):
    """Raised for a tree this module cannot write exactly as lxml would."""


def _plain(name: object) -> str:
    if not isinstance(name, str) or _NAME.fullmatch(name) is None or name[:3].lower() == "xml":
        raise Unserialisable(f"{name!r:.80} is not a plain name")
    return name


def _qualified(name: str, prefixes: Mapping[str, str] | None) -> str:
    """``name`` as written: plain, or ``{uri}local`` as ``prefix:local``."""
    if name[:1] == "{" and prefixes:
        uri, brace, local = name[1:].partition("}")
        prefix = prefixes.get(uri)
        if not brace or prefix is None:
            raise Unserialisable(f"{name!r:.80} is in a namespace the activity binds to no prefix")
        return f"{prefix}:{_plain(local)}"
    return _plain(name)


def attribute_name(name: str, prefixes: Mapping[str, str] | None = None) -> str:
    """``name`` as written: ``xml:lang`` for the Clark name of ``xml:lang``, ``prefix:local``.

    Raises:
        Unserialisable: any other name in a namespace ``prefixes`` (uri -> prefix) has no
            prefix for, or no plain XML name.
    """
    return _start(name, prefixes)[1:-2]


def _start(name: str, prefixes: Mapping[str, str] | None) -> str:
    start = _STARTS.get(name)
    if start is None:
        start = f' {_qualified(name, prefixes)}="'
        if name[:1] != "{" and len(_STARTS) < _CACHED:
            _STARTS[name] = start
    return start


def _tag(name: str, prefixes: Mapping[str, str] | None) -> tuple[str, str, str, str]:
    """The pieces of tag ``name`` as written: ``<tag``, ``<tag>``, ``<tag/>``, ``</tag>``."""
    tag = _qualified(name, prefixes)
    pieces = (f"<{tag}", f"<{tag}>", f"<{tag}/>", f"</{tag}>")
    if name[:1] != "{" and len(_TAGS) < _CACHED:
        _TAGS[name] = pieces
    return pieces


def escape_text(value: str) -> str:
    """``value`` as element text: ``&``, ``<``, ``>`` escaped, carriage return as ``&#13;``."""
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return value


def escape_attribute(value: str) -> str:
    """``value`` as an attribute value: also ``"``, tab and line feed escaped (they survive a round trip)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def attributes_text(attributes: Mapping[str, str], prefixes: Mapping[str, str] | None = None) -> str:
    """`` name="value"`` for each attribute, in order, each value escaped.

    Raises:
        Unserialisable: a name :func:`attribute_name` refuses, or a value that is not text.
    """
    out: list[str] = []
    try:
        _attributes(attributes, out, prefixes)
        return "".join(out)
    except TypeError as error:  # a value that is no text
        raise Unserialisable(str(error)) from None


def _attributes(attributes: Mapping[str, str], out: list[str], prefixes: Mapping[str, str] | None) -> None:
    for name, value in attributes.items():
        start = _STARTS.get(name) or _start(name, prefixes)
        if (
            "&" in value
            or "<" in value
            or ">" in value
            or '"' in value
            or "\t" in value
            or "\n" in value
            or "\r" in value
        ):
            value = escape_attribute(value)
        out += (start, value, '"')


def node_text(node: Node, out: list[str], prefixes: Mapping[str, str] | None = None) -> None:
    """Append the pieces of ``node``'s text to ``out``; ``prefixes``: the activity's, uri -> prefix.

    A value that is not text may be appended as it is: joining ``out`` then raises ``TypeError``.

    Raises:
        Unserialisable: a tag or attribute name :func:`attribute_name` would refuse, a value
            that is not text.
    """
    try:
        _node(node, out, prefixes)
    except (TypeError, ValueError, AttributeError) as error:  # no text, or no node
        raise Unserialisable(str(error)) from None


def _node(node: Node, out: list[str], prefixes: Mapping[str, str] | None) -> None:
    # The hot loop of writing: the common shapes (no attributes, a leaf) in fewest steps.
    name, attributes, text, children = node
    start, opened, empty, end = _TAGS.get(name) or _tag(name, prefixes)
    if attributes:
        out.append(start)
        _attributes(attributes, out, prefixes)
        if text is None:
            if not children:
                out.append("/>")
                return
            out.append(">")
        else:
            if "&" in text or "<" in text or ">" in text or "\r" in text:
                text = escape_text(text)
            out += (">", text)
    elif text is None:
        if not children:
            out.append(empty)
            return
        out.append(opened)
    else:
        if "&" in text or "<" in text or ">" in text or "\r" in text:
            text = escape_text(text)
        if not children:
            out += (opened, text, end)
            return
        out += (opened, text)
    for child in children:
        _node(child, out, prefixes)
    out.append(end)
