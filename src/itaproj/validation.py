"""How the model's constructors check and convert their arguments.

A constructor takes what a Python caller naturally passes and stores one type:

* any ordered iterable (a list, a generator...) where a tuple is stored (:func:`to_tuple`);
  a ``str``, ``bytes``, mapping or set is refused, not taken apart into characters, keys or
  items in no stable order;
* a mapping of language tag to text where a :class:`~itaproj.text.LocalizedText` is stored
  (``{"en": "Title"}``, :func:`to_text`); a bare ``str`` is refused, since it does not say
  its language;
* an enum member or its value (``"funding"`` for ``Role.FUNDING``, :func:`to_enum`);
* a ``datetime.date`` or an ISO text where a date is stored
  (:func:`~itaproj.period.to_partial_date`, :func:`~itaproj.period.to_date`);
* a ``Decimal``, ``int`` or decimal string for a percentage, as for money; never a float
  (:func:`to_percentage`).

Anything else raises :class:`~itaproj.errors.InvalidValueError` naming the field and the bad
value, at construction. A field takes ``None`` only when its annotation allows it.

How it works: :func:`checked` reads a class's field annotations and compiles, once per class,
one function that tests every field's type inline and converts or refuses only what is not
already right; attrs calls it as the class's ``__attrs_post_init__``. Correctly typed input
(all the JSON and IATI readers pass) thus costs one type test per field and no function call
per field. A field's ``converter=`` names what the constructor *accepts*, for type checkers:
mypy's attrs plugin types an ``__init__`` parameter by the converter's parameter, and
understands only plain functions there. Those declarations (``as_text``, ``as_texts``...)
are functions under ``TYPE_CHECKING`` and ``None`` at run time, where :func:`checked` does
their work. A real attrs converter (a percentage's) is left to attrs.
"""

from __future__ import annotations

import enum
import linecache
import re
import typing
from collections.abc import Callable, Iterable, Mapping, Set
from decimal import Decimal
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from itaproj.errors import InvalidValueError
from itaproj.quantity import to_decimal
from itaproj.text import LocalizedText

__all__ = [
    "as_optional_percentage",
    "as_optional_text",
    "as_strings",
    "as_text",
    "as_texts",
    "check_key",
    "check_text",
    "checked",
    "register_conversion",
    "to_enum",
    "to_percentage",
    "to_text",
    "to_tuple",
]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)

_KEY = re.compile(r"\S+")
_HUNDRED = Decimal(100)


def _names(element: type | tuple[type, ...]) -> str:
    """``"LocalizedText"`` or ``"Measure or Money"``, for messages."""
    if isinstance(element, tuple):
        return " or ".join(cls.__name__ for cls in element)
    return element.__name__


def _a(element: type | tuple[type, ...]) -> str:
    """``"a Period"``, ``"an Organisation"``, ``"a Measure or a Money"``, for messages."""
    classes = element if isinstance(element, tuple) else (element,)
    names = ["a string" if cls is str else cls.__name__ for cls in classes]
    return " or ".join(
        name if name == "a string" else f"{'an' if name[0] in 'AEIOU' else 'a'} {name}" for name in names
    )


# -- the conversions -----------------------------------------------------------------------------


def to_tuple(
    value: Iterable[Any],
    field: str,
    element: type[T] | tuple[type, ...],
    item: Callable[[Any, str], T] | None = None,
) -> tuple[T, ...]:
    """Convert an ordered iterable to a tuple of ``element`` instances.

    Args:
        value: A tuple, a list, a generator... A ``str``, ``bytes``, mapping or set is refused.
        field: The field's name, for errors (an item's error names ``field[index]``).
        element: The type (or types) every item must have.
        item: Converts an item that is not an ``element`` (called with the item and its
            ``field[index]`` name); without it, such an item is refused.

    Example:
        >>> to_tuple(["eu", "gac"], "tags", str)
        ('eu', 'gac')
        >>> to_tuple("eu", "tags", str)
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'tags' must be an iterable of str such as a tuple or a list; a str is not taken apart (got 'eu')

    """
    if type(value) is tuple:
        items: tuple[Any, ...] = value
    elif isinstance(value, Iterable) and not isinstance(value, (str, bytes, bytearray, Mapping, Set)):
        items = tuple(value)
    else:
        if isinstance(value, (str, bytes, bytearray)):
            reason = f"; a {type(value).__name__} is not taken apart"
        elif isinstance(value, Mapping):
            reason = "; a mapping is not taken for its keys"
        elif isinstance(value, Set):
            reason = "; a set has no order to keep"
        else:
            reason = ""
        raise InvalidValueError(
            field, value, f"be an iterable of {_names(element)} such as a tuple or a list{reason}"
        )
    converted: list[Any] | None = None
    for index, obj in enumerate(items):
        if not isinstance(obj, element):
            if item is None:
                raise InvalidValueError(f"{field}[{index}]", obj, f"be {_a(element)}")
            if converted is None:
                converted = list(items)
            converted[index] = item(obj, f"{field}[{index}]")
    return items if converted is None else tuple(converted)


def to_text(value: LocalizedText | Mapping[str, str], field: str) -> LocalizedText:
    """Convert a mapping of language tag to text to a :class:`~itaproj.text.LocalizedText`.

    The mapping's first language is the original. A bare ``str`` is refused: it does not say
    its language, and the model does not guess.

    Example:
        >>> to_text({"en": "Mayors for Economic Growth"}, "title")
        LocalizedText({'en': 'Mayors for Economic Growth'}, original='en')
        >>> to_text("Mayors", "title")
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'title' must be a LocalizedText or a mapping of language tag to text such as {'en': 'Mayors'}; a bare string does not say its language (got 'Mayors')

    """
    if isinstance(value, LocalizedText):
        return value
    if isinstance(value, Mapping):
        try:
            return LocalizedText(value)
        except InvalidValueError as error:
            # "texts" -> "title", "texts['en']" -> "title['en']"
            name = field + error.field.removeprefix("texts") if error.field.startswith("texts") else field
            raise InvalidValueError(name, error.value, error.reason) from None
    if isinstance(value, str):
        raise InvalidValueError(
            field,
            value,
            f"be a LocalizedText or a mapping of language tag to text such as {{'en': {value!r}}}; "
            "a bare string does not say its language",
        )
    raise InvalidValueError(field, value, "be a LocalizedText or a mapping of language tag to text")


def to_enum(cls: type[E], value: E | str, field: str) -> E:
    """Convert an enum member or its value (``"funding"`` for ``Role.FUNDING``) to the member.

    Example:
        >>> from itaproj.org import Role
        >>> to_enum(Role, "funding", "role")
        <Role.FUNDING: 'funding'>
        >>> to_enum(Role, "Funding", "role")
        Traceback (most recent call last):
        ...
        itaproj.errors.InvalidValueError: 'role' must be a Role or one of its values 'funding', 'accountable', 'extending', 'implementing', 'recipient', 'beneficiary' (got 'Funding')

    """
    if isinstance(value, cls):
        return value
    for member in cls:
        if type(value) is type(member.value) and value == member.value:
            return member
    allowed = ", ".join(repr(member.value) for member in cls)
    raise InvalidValueError(field, value, f"be a {cls.__name__} or one of its values {allowed}")


def to_percentage(value: Decimal | int | str, field: str) -> Decimal:
    """Convert a ``Decimal``, ``int`` or decimal string from 0 to 100 to a ``Decimal``.

    Floats are refused, as for money (:func:`~itaproj.quantity.to_decimal`): ``12.3`` is not
    exact in binary.

    Example:
        >>> to_percentage(100, "percentage"), to_percentage("62.5", "percentage")
        (Decimal('100'), Decimal('62.5'))

    """
    number = to_decimal(value, field)
    if not 0 <= number <= _HUNDRED:
        raise InvalidValueError(field, value, "be a percentage from 0 to 100")
    return number


def _convert_percentage(value: Any, field: attrs.Attribute[Any]) -> Decimal | None:
    if value is None and field.default is None:
        return None
    return to_percentage(value, field.name)


#: Stored type -> the function converting other input to it (with the field's name).
_CONVERSIONS: dict[type, Callable[[Any, str], Any]] = {LocalizedText: to_text}


def register_conversion(cls: type[T], conversion: Callable[[Any, str], T]) -> None:
    """Make :func:`checked` convert input that is not a ``cls`` with ``conversion(value, field)``.

    The model registers its own value types here (``PartialDate``, ``datetime.date``).
    """
    _CONVERSIONS[cls] = conversion


# -- what the constructors accept, as type checkers see it -----------------------------------------

if TYPE_CHECKING:

    def as_text(value: LocalizedText | Mapping[str, str]) -> LocalizedText:
        """A :class:`~itaproj.text.LocalizedText`, or a mapping of tag to text made one (:func:`to_text`)."""

    def as_optional_text(value: LocalizedText | Mapping[str, str] | None) -> LocalizedText | None:
        """As :func:`as_text`, or ``None``."""

    def as_texts(value: Iterable[LocalizedText | Mapping[str, str]]) -> tuple[LocalizedText, ...]:
        """A tuple of texts from any ordered iterable of texts or mappings."""

    def as_strings(value: Iterable[str]) -> tuple[str, ...]:
        """A tuple of strings from any ordered iterable of strings."""

    def as_optional_percentage(value: Decimal | int | str | None) -> Decimal | None:
        """A percentage from 0 to 100 (:func:`to_percentage`), or ``None``."""

else:
    as_text = as_optional_text = as_texts = as_strings = None  # done by @checked
    as_optional_percentage = attrs.Converter(_convert_percentage, takes_field=True)


# -- @checked --------------------------------------------------------------------------------------


def checked(cls: type[T]) -> type[T]:
    """Check and convert every field of an attrs class by its annotation (see the module's text).

    Apply it *under* ``@attrs.frozen``, so that it runs first and attrs' ``__init__`` calls the
    ``__attrs_post_init__`` it adds; the class's own ``__attrs_post_init__`` runs after the
    checks, on converted values. Fields with an attrs converter are left to it. The check is
    compiled on the first construction, when every annotation can be resolved.
    """
    if attrs.has(cls):
        raise TypeError(f"apply @checked under @attrs.frozen, not above it ({cls.__name__})")
    own = cls.__dict__.get("__attrs_post_init__")

    def __attrs_post_init__(self: Any) -> None:
        final = type(self)
        check = _compile(final, own)
        type.__setattr__(final, "__attrs_post_init__", check)  # later objects call it directly
        check(self)

    type.__setattr__(cls, "__attrs_post_init__", __attrs_post_init__)
    return cls


def _refuse(field: str, value: object, reason: str) -> None:
    raise InvalidValueError(field, value, reason)


def _check_int(value: object, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidValueError(field, value, "be an integer")


def _compile(cls: type, own: Callable[[Any], None] | None) -> Callable[[Any], None]:
    """The checking function of ``cls``, generated from its fields' annotations."""
    hints = typing.get_type_hints(cls)
    namespace: dict[str, Any] = {
        "_set": object.__setattr__,
        "_own": own,
        "_refuse": _refuse,
        "_check_int": _check_int,
        "_to_tuple": to_tuple,
        "_to_enum": to_enum,
    }
    body: list[str] = []
    for field in attrs.fields(cls):
        if field.init and field.converter is None and field.validator is None:
            body.extend(_field_lines(cls, field.name, hints[field.name], namespace))
    if own is not None:
        body.append("    _own(self)")
    # Every name the body uses is bound as a default argument: local lookups are the fastest.
    bound = ", ".join(f"{key}={key}" for key in namespace)
    name = f"check_{cls.__name__}"
    source = "\n".join([f"def {name}(self, _type=type, _tuple=tuple, {bound}):", *body, "    return"]) + "\n"
    filename = f"<itaproj checks of {cls.__module__}.{cls.__qualname__}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    exec(compile(source, filename, "exec"), namespace)  # code generated from the class's own fields
    function: Callable[[Any], None] = namespace[name]
    return function


def _classes(hint: Any) -> type | tuple[type, ...] | None:
    """The class (or classes, for a union) a value of ``hint`` must be an instance of."""
    if isinstance(hint, type):
        return hint
    origin = typing.get_origin(hint)
    if origin in (UnionType, typing.Union):
        members = [_classes(arg) for arg in typing.get_args(hint)]
        if all(isinstance(member, type) for member in members):
            return tuple(member for member in members if isinstance(member, type))
        return None
    return origin if isinstance(origin, type) else None  # Mapping[str, X] -> Mapping


def _field_lines(cls: type, name: str, hint: Any, namespace: dict[str, Any]) -> list[str]:
    """Lines testing ``self.<name>`` against ``hint``: convert it, refuse it, or leave it."""
    key = f"_{len(namespace)}"
    args = typing.get_args(hint)
    optional = typing.get_origin(hint) in (UnionType, typing.Union) and NoneType in args
    if optional:
        rest = tuple(arg for arg in args if arg is not NoneType)
        hint = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 (a runtime union)
    lines = [f"    v = self.{name}"]
    if typing.get_origin(hint) is tuple and not optional:
        element = _classes(typing.get_args(hint)[0])
        if typing.get_args(hint)[1:] != (Ellipsis,) or element is None:
            raise TypeError(f"@checked cannot check {cls.__name__}.{name}: {hint!r}")
        namespace[key] = element
        namespace[f"{key}i"] = _CONVERSIONS.get(element) if isinstance(element, type) else None
        convert = f"_set(self, {name!r}, _to_tuple(v, {name!r}, {key}, {key}i))"
        exact = f"_type(x) is not {key} and " if isinstance(element, type) else ""
        return [
            *lines,
            "    if _type(v) is _tuple:",
            "        for x in v:",
            f"            if {exact}not isinstance(x, {key}):",
            f"                {convert}",
            "                break",
            "    else:",
            f"        {convert}",
        ]
    none = "v is not None and " if optional else ""
    namespace[key] = hint
    if hint is bool:
        test, action = "v is not True and v is not False", f"_refuse({name!r}, v, 'be True or False')"
    elif hint is int:
        test, action = "_type(v) is not int", f"_check_int(v, {name!r})"
    elif isinstance(hint, type) and hint in _CONVERSIONS:
        namespace[f"{key}c"] = _CONVERSIONS[hint]
        test, action = f"_type(v) is not {key}", f"_set(self, {name!r}, {key}c(v, {name!r}))"
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        test, action = f"_type(v) is not {key}", f"_set(self, {name!r}, _to_enum({key}, v, {name!r}))"
    else:
        classes = _classes(hint)
        if classes is None:
            raise TypeError(f"@checked cannot check {cls.__name__}.{name}: {hint!r}")
        namespace[key] = classes
        reason = f"be {_a(classes)} or None" if optional else f"be {_a(classes)}"
        exact = f"_type(v) is not {key} and " if isinstance(classes, type) else ""
        test, action = f"{exact}not isinstance(v, {key})", f"_refuse({name!r}, v, {reason!r})"
    return [*lines, f"    if {none}{test}:", f"        {action}"]


# -- validators --------------------------------------------------------------------------------------


def check_key(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Keys are non-empty strings without white space."""
    if not isinstance(value, str) or _KEY.fullmatch(value) is None:
        raise InvalidValueError(attribute.name, value, "be a non-empty string without spaces")


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A non-empty string (or ``None`` for optional fields, those whose default is ``None``)."""
    if value is None and attribute.default is None:
        return
    if not isinstance(value, str) or not value.strip():
        raise InvalidValueError(attribute.name, value, "be a non-empty string")
