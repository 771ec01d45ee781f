"""JSON Lines: a catalogue as one line per organisation and per programme, streamed both ways.

A catalogue larger than memory cannot be one JSON document read whole; in the lines form it is
read and written one programme at a time. The file holds, one JSON object per line:

1. a **header**: the envelope of the JSON document format with the same version, kind
   ``"Catalogue"``, ``"lines": {"organisations": N}`` (the mark of this form, with the number
   of organisation lines that follow) and under ``"data"`` the catalogue's own fields other
   than its organisations and programmes (``title``, ``extras``, ``directory``, each only when
   :func:`~itaproj.io.dumps` would write it);
2. the catalogue's **organisations**, N lines, exactly as ``dumps`` lists them under
   ``"organisations"``;
3. its **programmes**, one a line, exactly as ``dumps`` writes them under ``"programmes"``:
   participants, people and beneficiaries refer to the listed organisations by key.

So each line after the header is byte for byte the object ``encode`` writes for it inside a
catalogue, and a catalogue loaded from either form is the same catalogue.

Example:
    >>> import io
    >>> from itaproj import Catalogue, LocalizedText, Organisation, Participant, Programme, Role
    >>> gac = Organisation("gac", LocalizedText({"en": "Global Affairs Canada"}), ref="CA-3")
    >>> promis = Programme("promis", LocalizedText({"uk": "ПРОМІС"}),
    ...                    participants=(Participant(gac, Role.FUNDING),))
    >>> stream = io.BytesIO()
    >>> dump_lines(Catalogue((promis,)), stream)
    1
    >>> print(stream.getvalue().decode(), end="")
    {"itaproj":1,"kind":"Catalogue","lines":{"organisations":1},"data":{}}
    {"key":"gac","name":{"en":"Global Affairs Canada"},"ref":"CA-3"}
    {"key":"promis","title":{"uk":"ПРОМІС"},"participants":[{"organisation":"gac","role":"funding"}]}
    >>> [(programme.key, programme.funders[0].ref) for programme in iter_lines(stream.getvalue())]
    [('promis', 'CA-3')]
    >>> load_lines(stream.getvalue()) == Catalogue((promis,))
    True

Memory and time:

* :func:`iter_lines` holds one line and the programme built from it at a time, plus the
  organisations (they are few); :func:`dump_lines` given programmes one by one writes each as
  it comes. Neither keeps the programmes, so neither checks that their keys are unique (that
  would take memory growing with the file); :func:`load_lines` does, as a
  :class:`~itaproj.programme.Catalogue` does.
* Each line is loaded as :func:`~itaproj.io.loads` loads a document (one fast pass; one
  detailed pass only if that meets a problem), so the time is linear in the input's size.

Errors are :class:`~itaproj.errors.LoadError` issues whose path names the line and the
``$``-path inside it (``line 7: $.budget.lines[0].amount``; for the header, paths are relative
to its ``data`` as in a document, envelope keys aside). Every problem of a line is reported at
once: :func:`iter_lines` stops at the first line with a problem, after yielding the programmes
before it; :func:`load_lines` reports the problems of every line. Blank lines are skipped.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, TypeAlias, cast

import attrs
import msgspec

from itaproj.errors import InvalidValueError, ItaprojError, LoadError, LoadIssue
from itaproj.extras import Extra
from itaproj.io._atomic import atomic_output
from itaproj.io.json import (
    _BAD,
    _ENCODER,
    _FAILED,
    _ORGANISATIONS,
    FORMAT_VERSION,
    _catalogue_to_dict,
    _count_keys,
    _Detailed,
    _detailed_handler,
    _listed,
    _listing,
    _not_unicode,
    _object_hook,
    _organisation_to_dict,
    _repeated_keys,
    _scan,
    _show,
    _structure_fast,
    _with_directory,
    _write_back_listed,
    converter,
)
from itaproj.org import Organisation
from itaproj.programme import Catalogue, Programme
from itaproj.text import LocalizedText

__all__ = ["LinesDestination", "LinesSource", "dump_lines", "iter_lines", "load_lines"]

#: What :func:`iter_lines` and :func:`load_lines` read: a path (:class:`os.PathLike`, such as a
#: :class:`pathlib.Path`), the text itself (``str`` or ``bytes``, as :func:`~itaproj.io.loads`
#: takes it), or a file object or any other iterable of lines (``str`` or ``bytes``).
LinesSource: TypeAlias = str | bytes | os.PathLike[str] | Iterable[str] | Iterable[bytes]

#: Where :func:`dump_lines` writes: a path (``str`` or :class:`os.PathLike`, written atomically)
#: or a binary or text file object.
LinesDestination: TypeAlias = str | os.PathLike[str] | IO[bytes] | IO[str]

# Where a line's object sits in a whole document: the detailed pass walks it from there, so
# that it allows exactly the nesting a document allows (MAX_DEPTH counts from the document's
# data), and its paths are then made relative to the line.
_PROGRAMME_BASE = "$.programmes[0]"
_ORGANISATION_BASE = "$.organisations[0]"

_HEADER_SHAPE = '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": N}, "data": {...}}'


# --- writing --------------------------------------------------------------------------------------


def dump_lines(
    source: Catalogue | Iterable[Programme],
    destination: LinesDestination,
    *,
    organisations: Iterable[Organisation] | None = None,
    title: LocalizedText | None = None,
) -> int:
    """Write a catalogue, or programmes as they come, in the JSON Lines form.

    Args:
        source: A :class:`~itaproj.programme.Catalogue` (written as :func:`~itaproj.io.dumps`
            writes it, line by line), or any iterable of programmes, consumed one at a time
            (a generator, :func:`iter_lines` of another file...).
        destination: A path (``str`` or :class:`os.PathLike`): written to a temporary file
            that replaces it once complete, so a failure leaves an existing file as it was.
            Or a binary or text file object, written as the lines are made.
        organisations: With programmes only: the organisations to list first. A programme
            naming one of them (the same organisation) refers to it by key; any other
            organisation is written in full where it occurs, as in a single programme.
        title: With programmes only: the catalogue's title, kept in the header.

    Returns:
        The number of programmes written.

    Raises:
        InvalidValueError: ``organisations`` or ``title`` given with a catalogue (it has its
            own), two organisations with one key, or an item that is not a programme.

    Example:
        >>> import io
        >>> from itaproj import LocalizedText, Organisation, Participant, Programme, Role
        >>> eu = Organisation("eu", LocalizedText({"en": "European Union"}))
        >>> programmes = (Programme(f"p{n}", LocalizedText({"en": f"P{n}"}),
        ...                         participants=(Participant(eu, Role.FUNDING),)) for n in range(2))
        >>> text = io.StringIO()
        >>> dump_lines(programmes, text, organisations=[eu])
        2
        >>> print(text.getvalue(), end="")
        {"itaproj":1,"kind":"Catalogue","lines":{"organisations":1},"data":{}}
        {"key":"eu","name":{"en":"European Union"}}
        {"key":"p0","title":{"en":"P0"},"participants":[{"organisation":"eu","role":"funding"}]}
        {"key":"p1","title":{"en":"P1"},"participants":[{"organisation":"eu","role":"funding"}]}
    """
    if isinstance(source, Catalogue):
        if organisations is not None:
            raise InvalidValueError(
                "organisations", organisations, "be left out for a catalogue: it lists its own"
            )
        if title is not None:
            raise InvalidValueError("title", title, "be left out for a catalogue: it has its own")
        data, listed, table = _catalogue_parts(source)
        programmes: Iterable[Programme] = source.programmes
    else:
        data, listed, table = _stream_parts(() if organisations is None else organisations, title)
        programmes = source
    header = {
        "itaproj": FORMAT_VERSION,
        "kind": "Catalogue",
        "lines": {"organisations": len(listed)},
        "data": data,
    }
    if isinstance(destination, (str, os.PathLike)):
        with atomic_output(destination) as stream:
            return _write(stream.write, header, listed, programmes, table)
    if isinstance(destination, io.TextIOBase):
        text = cast("IO[str]", destination)
        return _write(lambda line: text.write(line.decode()), header, listed, programmes, table)
    binary = cast("IO[bytes]", destination)
    return _write(binary.write, header, listed, programmes, table)


def _write(
    write: Callable[[bytes], object],
    header: dict[str, Any],
    listed: list[dict[str, Any]],
    programmes: Iterable[Programme],
    table: dict[str, Organisation],
) -> int:
    encode = _ENCODER.encode
    write(encode(header) + b"\n")
    for organisation in listed:
        write(encode(organisation) + b"\n")
    unstructure = converter.get_unstructure_hook(Programme)
    count = 0
    for count, programme in enumerate(programmes, 1):
        if not isinstance(programme, Programme):
            raise InvalidValueError(f"programmes[{count - 1}]", programme, "be a Programme")
        # Set around this programme only: the iterable may be a generator that loads or dumps too.
        token = _ORGANISATIONS.set(table)
        try:
            data = unstructure(programme)
        finally:
            _ORGANISATIONS.reset(token)
        write(encode(data) + b"\n")
    return count


def _catalogue_parts(
    catalogue: Catalogue,
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Organisation]]:
    """The header's data, the listed organisations and the table of a catalogue, as ``encode`` has them.

    The same steps as :func:`itaproj.io.json._unstructure_catalogue`, without the programmes:
    the organisations listed (those the programmes name, then the directory), the directory
    left out when loading restores it, and extras of listed organisations written back into them.
    """
    table, named = _listing(catalogue)
    token = _ORGANISATIONS.set(None)
    try:
        listed = [_organisation_to_dict(organisation) for organisation in table.values()]
    finally:
        _ORGANISATIONS.reset(token)
    token = _ORGANISATIONS.set(table)
    try:
        data: dict[str, Any] = _catalogue_to_dict(attrs.evolve(catalogue, programmes=()))
    finally:
        _ORGANISATIONS.reset(token)
    implicit = list(table.values())[named:]
    if len(implicit) == len(catalogue.directory) and all(
        mine is theirs or mine == theirs for mine, theirs in zip(implicit, catalogue.directory, strict=True)
    ):
        data.pop("directory", None)
    written = _write_back_listed(catalogue.extras, table, listed) if catalogue.extras and listed else 0
    if written:
        data["extras"] = data["extras"][:-written]
        if not data["extras"]:
            del data["extras"]
    return data, listed, table


def _stream_parts(
    organisations: Iterable[Organisation], title: LocalizedText | None
) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Organisation]]:
    """The header's data, the listed organisations and the table for programmes given one by one."""
    table: dict[str, Organisation] = {}
    for index, organisation in enumerate(organisations):
        if not isinstance(organisation, Organisation):
            raise InvalidValueError(f"organisations[{index}]", organisation, "be an Organisation")
        if organisation.key in table:
            raise InvalidValueError(f"organisations[{index}].key", organisation.key, "be unique")
        table[organisation.key] = organisation
    listed = [_organisation_to_dict(organisation) for organisation in table.values()]
    data: dict[str, Any] = _catalogue_to_dict(Catalogue(title=title))
    return data, listed, table


# --- reading --------------------------------------------------------------------------------------


def iter_lines(source: LinesSource) -> Iterator[Programme]:
    r"""The programmes of a catalogue in the JSON Lines form, one at a time, in constant memory.

    Organisation keys are resolved as :func:`~itaproj.io.loads` resolves them in a catalogue.
    The header's catalogue fields and unknown keys of the organisations are checked but not
    kept (:func:`load_lines` keeps them on the catalogue).

    Args:
        source: A path (:class:`os.PathLike`, such as a :class:`pathlib.Path`; a ``str`` is the
            text itself, as for ``loads``), ``bytes`` or ``str`` text, a binary or text file
            object, or any iterable of lines.

    Raises:
        LoadError: at the first line with a problem, listing every problem of that line as
            ``line N: $.path``; a missing or malformed header, a header of another format
            version, and the header's own fields are reported before any programme.

    Example:
        >>> text = (
        ...     '{"itaproj": 1, "kind": "Catalogue", "lines": {"organisations": 0}, "data": {}}\n'
        ...     '{"key": "a", "title": {"en": "A"}}\n'
        ...     '{"key": "b", "title": {"en": "B"}, "budget": {"total": {"amount": 5.5, "currency": "EUR"}}}\n'
        ... )
        >>> programmes = iter_lines(text)
        >>> next(programmes).key
        'a'
        >>> next(programmes)
        Traceback (most recent call last):
        itaproj.errors.LoadError: 1 error loading JSON Lines:
          'amount' must be a Decimal, an int or a decimal string, not a float (got 5.5) @ line 3: $.budget.total.amount
    """
    with _opened(source) as (lines, name):
        reader = _Reader(name, collect=False)
        for _, programme in reader.read(lines):
            yield programme


def load_lines(source: LinesSource) -> Catalogue:
    """A whole catalogue from the JSON Lines form: the same catalogue ``loads`` gives for its document.

    Args:
        source: As for :func:`iter_lines`.

    Raises:
        LoadError: listing the problems of every line (``line N: $.path``), two programmes
            with one key among them.

    Example:
        >>> from itaproj import Catalogue, LocalizedText, Programme
        >>> from itaproj.io import dumps, loads
        >>> import io
        >>> catalogue = Catalogue((Programme("a", LocalizedText({"en": "A"})),), title=LocalizedText({"en": "Mine"}))
        >>> stream = io.BytesIO()
        >>> dump_lines(catalogue, stream)
        1
        >>> load_lines(stream.getvalue()) == loads(dumps(catalogue)) == catalogue
        True
    """
    with _opened(source) as (lines, name):
        reader = _Reader(name, collect=True)
        programmes: list[Programme] = []
        first_line: dict[str, int] = {}
        for number, programme in reader.read(lines):
            seen = first_line.setdefault(programme.key, number)
            if seen != number:
                error = InvalidValueError("key", programme.key, "be unique in the catalogue")
                reader.issues.append(LoadIssue(f"line {number}: $.key", f"{error}; line {seen} has it too"))
            else:
                programmes.append(programme)
        if reader.issues:
            raise LoadError(reader.issues, source=name)
        return reader.catalogue(programmes)


@contextlib.contextmanager
def _opened(source: LinesSource) -> Iterator[tuple[Iterable[str | bytes], str]]:
    """The lines of ``source``, and what to call it in errors."""
    if isinstance(source, (str, bytes)):
        yield _split(source), "JSON Lines"
    elif isinstance(source, os.PathLike):
        with open(source, "rb") as stream:
            yield stream, os.fspath(source)
    else:
        name = getattr(source, "name", None)
        yield source, name if isinstance(name, str) else "JSON Lines"


def _split(text: str | bytes) -> Iterator[str | bytes]:
    """The lines of ``text``, split at line feeds only (a JSON string holds none unescaped)."""
    newline: Any = "\n" if isinstance(text, str) else b"\n"
    start = 0
    while start < len(text):
        end = text.find(newline, start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


class _Reader:
    """The state of one reading: the header, the organisation table, and the problems found."""

    def __init__(self, name: str, *, collect: bool) -> None:
        self.name = name
        self.collect = collect  # go on after a line with problems (load_lines) or stop (iter_lines)
        self.issues: list[LoadIssue] = []
        self.table: dict[str, Organisation] = {}
        self.broken: set[str] = set()  # keys of organisation lines that were reported
        self.announced = 0  # organisation lines the header announces
        self.header_data: Any = None
        self.header_line = 1
        # what the header's data becomes once the organisations are known
        self.head = Catalogue()
        self.head_extras: list[Extra] = []  # its unknown keys
        self.listed_extras: list[tuple[str, list[Extra]]] = []  # unknown keys of each organisation, by key

    def read(self, lines: Iterable[str | bytes]) -> Iterator[tuple[int, Programme]]:
        """The programmes with their line numbers; problems raised or collected as :attr:`collect` says."""
        number = 0
        organisations = 0
        header = False
        for line in lines:
            number += 1
            if not line.strip():
                continue
            if not header:
                self._header(line, number)
                header = True
                if self.announced == 0:
                    self._head()
            elif organisations < self.announced:
                organisations += 1
                self._organisation(line, number, organisations)
                if organisations == self.announced:
                    self._head()
            else:
                programme = self._programme(line, number)
                if programme is not None:
                    yield number, programme
        if not header:
            self._fatal([LoadIssue("line 1: $", f"no header: the input is empty (expected {_HEADER_SHAPE})")])
        if organisations < self.announced:
            message = f"announces {self.announced} organisations, the input ends after {organisations}"
            self._report(self.header_line, [LoadIssue("$.lines.organisations", message)])
            self._head()

    def catalogue(self, programmes: list[Programme]) -> Catalogue:
        """The catalogue of ``programmes`` with the header's fields, as the document loader makes it."""
        catalogue = _with_directory(attrs.evolve(self.head, programmes=tuple(programmes)), self.table)
        if self.head_extras or any(found for _, found in self.listed_extras):
            # as the document loader orders them: the extras of listed organisations last, in the
            # order the organisations are listed when the catalogue is written
            order = {key: index for index, key in enumerate(_listing(catalogue)[0])}
            listed = sorted(self.listed_extras, key=lambda item: order.get(item[0], len(order)))
            added = [extra for _, found in listed for extra in found]
            catalogue = attrs.evolve(catalogue, extras=(*catalogue.extras, *self.head_extras, *added))
        return catalogue

    # --- problems

    def _report(self, number: int, issues: list[LoadIssue]) -> None:
        """The problems of line ``number`` (paths inside the line): kept, or raised at once."""
        found = [
            LoadIssue(f"line {number}: {issue.path}", issue.message) for issue in sorted(issues, key=_by_path)
        ]
        if self.collect:
            self.issues.extend(found)
        else:
            raise LoadError(found, source=self.name)

    def _fatal(self, issues: list[LoadIssue]) -> None:
        raise LoadError([*self.issues, *issues], source=self.name)

    # --- the lines

    def _decode(self, line: str | bytes) -> tuple[Any, list[LoadIssue]]:
        """The JSON value of a line, or ``_BAD`` and why not."""
        try:
            return msgspec.json.decode(line), []
        except msgspec.DecodeError as error:
            return _BAD, [LoadIssue("$", f"not valid JSON: {error}")]
        except UnicodeError:  # older msgspec releases raise it for invalid UTF-8 inside a string
            return _BAD, list(_not_unicode(line).issues)
        except RecursionError:  # nested deeper than the decoder follows: say where
            return _BAD, _scan(line, depth_only=True)

    def _header(self, line: str | bytes, number: int) -> None:
        value, issues = self._decode(line)
        if issues:
            if line.strip() in ("{", b"{"):
                issues = [
                    LoadIssue(
                        "$", f"{issues[0].message} (an indented JSON document? read it with itaproj.io.load)"
                    )
                ]
            self._fatal([LoadIssue(f"line {number}: {issue.path}", issue.message) for issue in issues])
        problem = _header_problem(value)
        if problem is not None:
            path, message = problem
            self._fatal([LoadIssue(f"line {number}: {path}", message)])
        repeated = _repeated_keys(line, _count_keys(value))
        if repeated:
            self._fatal([LoadIssue(f"line {number}: {issue.path}", issue.message) for issue in repeated])
        self.announced = value["lines"]["organisations"]
        self.header_data = value["data"]
        self.header_line = number

    def _head(self) -> None:
        """Build the header's catalogue fields: its ``directory`` may name the organisations just read."""
        data = self.header_data
        walker = _Detailed()
        walker.broken = self.broken
        token = _ORGANISATIONS.set(self.table)
        try:
            try:
                self.head = _object_hook(Catalogue)(data, [0, 0])
                return
            except ItaprojError:  # only data errors: the detailed pass says which
                pass
            walker.holders.append(("$", "$", self.head_extras))  # unknown keys: the catalogue's extras
            head = walker.structure_object(Catalogue, data, "$", holder=False)
        finally:
            _ORGANISATIONS.reset(token)
        if head is not _BAD:
            self.head = head
            return
        self.head_extras.clear()
        if walker.issues:  # none when it only names an organisation whose line was reported
            self._report(self.header_line, walker.issues)

    def _organisation(self, line: str | bytes, number: int, position: int) -> None:
        value, issues = self._decode(line)
        if issues:
            self._report(number, issues)
            return
        if type(value) is dict and "title" in value and "name" not in value:
            message = (
                f"a programme where organisation {position} of the {self.announced} the header announces "
                "belongs (organisations come first)"
            )
            self._report(number, [LoadIssue("$", message)])
            return
        state = [0, 0]
        extras: list[Extra] = []
        key = value.get("key") if type(value) is dict else None
        try:
            organisation: Any = _object_hook(Organisation)(value, state)
            keys = state[0]
        except ItaprojError:  # only data errors: the detailed pass says which
            walker = _Detailed()
            prefix = _listed(key) if type(key) is str else "$"
            walker.holders.append((_ORGANISATION_BASE, prefix, extras))  # unknown keys: kept by the key
            organisation = walker.structure_object(Organisation, value, _ORGANISATION_BASE, holder=False)
            issues = [_relative(issue, _ORGANISATION_BASE) for issue in walker.issues]
            keys = walker.state[0] if organisation is not _BAD else _count_keys(value)
        issues = _repeated_keys(line, keys) + issues
        if not issues and organisation.key in self.table:
            error = InvalidValueError(
                "key", organisation.key, "be unique among the catalogue's organisations"
            )
            issues = [LoadIssue("$.key", str(error))]
        if issues:
            if type(key) is str and key not in self.table:
                self.broken.add(key)  # programmes naming it are not reported again
            self._report(number, issues)
            return
        self.table[organisation.key] = organisation
        if extras:
            self.listed_extras.append((organisation.key, extras))

    def _programme(self, line: str | bytes, number: int) -> Programme | None:
        value, issues = self._decode(line)
        if issues:
            self._report(number, issues)
            return None
        if type(value) is dict and "title" not in value and "name" in value:
            message = (
                f"an organisation where a programme belongs: the header announces {self.announced} "
                "organisations, and they come before the programmes"
            )
            self._report(number, [LoadIssue("$", message)])
            return None
        if type(value) is dict and "itaproj" in value and "data" in value:
            self._report(
                number, [LoadIssue("$", "a second header: the header is the first line, and only it")]
            )
            return None
        token = _ORGANISATIONS.set(self.table)
        try:
            state = [0, 0]
            result = _structure_fast(value, Programme, state)
            if result is not _FAILED:
                issues = _repeated_keys(line, state[0])
            else:
                walker = _Detailed()
                walker.broken = self.broken
                result = _detailed_handler(Programme)(walker, value, _PROGRAMME_BASE, "Programme")
                if result is _BAD and not walker.issues:
                    return None  # it names an organisation whose line was reported
                keys = walker.state[0] if result is not _BAD else _count_keys(value)
                issues = _repeated_keys(line, keys) + [
                    _relative(issue, _PROGRAMME_BASE) for issue in walker.issues
                ]
        finally:
            _ORGANISATIONS.reset(token)
        if issues:
            self._report(number, issues)
            return None
        programme: Programme = result
        return programme


def _header_problem(value: Any) -> tuple[str, str] | None:
    """Why a decoded first line is not a header of this version: a path and a message, or ``None``."""
    if type(value) is not dict or "itaproj" not in value:
        return "$", f"no header: the first line must be {_HEADER_SHAPE}"
    version = value["itaproj"]
    if type(version) is int and version > FORMAT_VERSION:
        return "$.itaproj", (
            f"format version {version} is newer than this library reads ({FORMAT_VERSION}): "
            "read it with a newer itaproj"
        )
    if type(version) is not int or version != FORMAT_VERSION:
        return (
            "$.itaproj",
            f"unsupported format version {_show(version)} (this library reads the integer {FORMAT_VERSION})",
        )
    if "lines" not in value:
        return (
            "$",
            "a JSON document, not the JSON Lines form (its envelope has no 'lines'): read it with itaproj.io.load",
        )
    unknown = sorted(set(value) - {"itaproj", "kind", "lines", "data"}, key=str)
    if unknown:
        return "$", f"unknown header field {unknown[0]!r}: the catalogue's own fields belong under 'data'"
    if "kind" not in value:
        return "$.kind", "required field missing"
    if value["kind"] != "Catalogue" or type(value["kind"]) is not str:
        return (
            "$.kind",
            f"expected kind 'Catalogue', got {_show(value.get('kind'))}: the JSON Lines form holds catalogues",
        )
    lines = value["lines"]
    if type(lines) is not dict or set(lines) != {"organisations"}:
        return (
            "$.lines",
            f'must be {{"organisations": N}}, N the number of organisation lines (got {_show(lines)})',
        )
    count = lines["organisations"]
    if type(count) is not int or count < 0:
        return (
            "$.lines.organisations",
            f"must be the number of organisation lines, an integer from 0 (got {_show(count)})",
        )
    if "data" not in value:
        return "$.data", "required field missing"
    data = value["data"]
    if type(data) is not dict:
        return "$.data", f"expected an object, got {_show(data)}"
    for key in ("organisations", "programmes"):
        if key in data:
            return f"$.{key}", "belongs on lines of its own in the JSON Lines form, not in the header"
    return None


def _relative(issue: LoadIssue, base: str) -> LoadIssue:
    """An issue of the detailed pass, its path made relative to the line at ``base``."""
    path = issue.path
    if path == base:
        return LoadIssue("$", issue.message)
    if path.startswith(base) and path[len(base)] in ".[":
        return LoadIssue("$" + path[len(base) :], issue.message)
    return issue


def _by_path(issue: LoadIssue) -> str:
    return issue.path
