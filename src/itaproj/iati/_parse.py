"""The one place lxml is imported, and the hardened parser settings every IATI read uses.

Hostile XML is refused or read inertly: no external entities, no DTD loading, no network,
no entity expansion (so "billion laughs" expands nothing), and a document that declares a
DOCTYPE at all is refused, since IATI files never need one.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Union, cast

from itaproj.errors import LoadError, LoadIssue, MissingDependencyError

if TYPE_CHECKING:
    from lxml import etree
else:
    try:
        from lxml import etree
    except ImportError as error:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError("lxml", "xml", "IATI XML") from error

__all__ = [
    "CHUNK",
    "Source",
    "etree",
    "iterparse",
    "open_source",
    "parse_fragment",
    "parse_tree",
    "read_chunk",
    "source_name",
]

#: A path or a binary file object.
Source = Union[str, "os.PathLike[str]", IO[bytes]]

_SAFE: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}

_FRAGMENT_PARSER = etree.XMLParser(**_SAFE)

#: Bytes fed to the parser at a time.
CHUNK = 64 * 1024


def source_name(source: Source) -> str:
    """A printable name for ``source`` (its path, or the file object's name)."""
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a directory, not a file"
    if isinstance(error, PermissionError):
        return "permission denied"
    return f"cannot be read: {error.strerror or error}"


@contextlib.contextmanager
def open_source(source: Source) -> Iterator[IO[bytes]]:
    """``source`` as a binary stream: a path is opened (and closed again), a stream is used as is.

    Raises:
        LoadError: the path names no file, a directory, or a file that cannot be opened.
    """
    if not isinstance(source, (str, os.PathLike)):
        if not callable(getattr(source, "read", None)):
            raise TypeError(
                f"an IATI source must be a path or a binary file object, not {type(source).__name__}"
            )
        yield source
        return
    name = source_name(source)
    try:
        stream = open(source, "rb")  # noqa: SIM115 - closed by the with below, after the yield
    except OSError as error:
        raise LoadError([LoadIssue(name, _os_reason(error))], name) from None
    except ValueError as error:  # an embedded NUL
        raise LoadError([LoadIssue(repr(name), f"not a usable path: {error}")], repr(name)) from None
    with stream:
        yield stream


def read_chunk(stream: IO[bytes], name: str, size: int = CHUNK) -> bytes:
    """Up to ``size`` bytes of ``stream``; an operating-system error becomes a :class:`LoadError`."""
    try:
        return stream.read(size)
    except OSError as error:
        raise LoadError([LoadIssue(name, _os_reason(error))], name) from None


def _refuse_doctype(element: etree._Element, name: str) -> None:
    docinfo = element.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise LoadError(
            [LoadIssue(f"line {element.sourceline}", "a DOCTYPE/DTD is not allowed in IATI XML (refused)")],
            name,
        )


def _syntax_error(error: etree.XMLSyntaxError, name: str) -> LoadError:
    line = error.position[0] if error.position else 0
    message = str(error.msg or error).strip()
    return LoadError([LoadIssue(f"line {line}", f"not well-formed XML: {message}")], name)


def _not_unicode(error: UnicodeError, name: str) -> LoadError:
    reason = getattr(error, "reason", str(error))
    return LoadError([LoadIssue(name, f"not well-formed XML: the text is not Unicode ({reason})")], name)


def iterparse(
    source: Source,
    tags: tuple[str, ...],
    events: tuple[str, ...] = ("start", "end"),
    after_chunk: Callable[[], None] | None = None,
) -> Iterator[tuple[str, etree._Element]]:
    """Stream ``(event, element)`` for ``tags`` with the hardened settings.

    The source is fed to the parser :data:`CHUNK` bytes at a time; once the events of a
    chunk were consumed, ``after_chunk`` is called (the reader frees finished elements there,
    whether the parser reported them or not).

    Raises:
        LoadError: for a path that names no readable file, a document that is not
            well-formed (truncated, not XML) or declares a DTD.
    """
    name = source_name(source)
    with open_source(source) as stream:
        parser = etree.XMLPullParser(events=cast("Any", events), tag=tags, **_SAFE)
        checked = False
        finished = False
        first = b""
        failure: LoadError | None = None
        try:
            while not finished:
                chunk = read_chunk(stream, name)
                if not first:
                    first = (
                        chunk[:4096] if isinstance(chunk, bytes) else chunk[:4096].encode("utf-8", "replace")
                    )
                if chunk:
                    parser.feed(chunk)
                else:
                    finished = True
                    parser.close()
                found = cast("Iterator[tuple[str, etree._Element]]", parser.read_events())
                for event, element in found:
                    if not checked:
                        _refuse_doctype(element, name)
                        checked = True
                    yield event, element
                if after_chunk is not None:
                    after_chunk()
        except etree.XMLSyntaxError as error:
            if not checked and b"<!DOCTYPE" in first:
                # libxml2 may stop on the DTD (entity amplification) before the first element
                failure = LoadError(
                    [LoadIssue("line 1", "a DOCTYPE/DTD is not allowed in IATI XML (refused)")], name
                )
            else:
                failure = _syntax_error(error, name)
        except UnicodeError as error:  # a text stream holding a lone surrogate
            failure = _not_unicode(error, name)
    if failure is not None:
        # Raised here, not in the except: lxml's error is then no __context__ of it. With tblib's
        # pickling installed (dask installs it for every exception class), a context is pickled
        # with the error, and lxml's is not picklable.
        raise failure
    if not checked:
        raise LoadError([LoadIssue("/", f"no {' or '.join(tags)} element found")], name)


def parse_tree(source: Source) -> etree._ElementTree:
    """Parse a whole document with the hardened settings (for schema validation).

    Raises:
        LoadError: the document is not well-formed or declares a DTD. A path that names no
            readable file raises too: open it with :func:`open_source` first to tell the two apart.
    """
    name = source_name(source)
    with open_source(source) as stream:
        parser = etree.XMLParser(**_SAFE)
        failure: LoadError | None = None
        try:
            while chunk := read_chunk(stream, name):
                parser.feed(chunk)
            root = parser.close()
        except etree.XMLSyntaxError as error:
            failure = _syntax_error(error, name)
        except UnicodeError as error:
            failure = _not_unicode(error, name)
    if failure is not None:
        raise failure  # (outside the except: see iterparse)
    _refuse_doctype(root, name)
    return root.getroottree()


def parse_fragment(text: str) -> etree._Element:
    """Parse one element kept verbatim in an :class:`~itaproj.programme.Extra`.

    Raises:
        etree.XMLSyntaxError: the text is not one well-formed element.
        ValueError: it declares a DOCTYPE (whose entities no reader of the output could resolve).
    """
    element = etree.fromstring(text, _FRAGMENT_PARSER)
    docinfo = element.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise ValueError("a DOCTYPE is not allowed in a verbatim element")
    return element
