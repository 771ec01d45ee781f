"""Every error of the library pickles: same class, same message, same attributes, across processes.

The classes are found, not listed: every module of the package is imported and every subclass of
``ItaprojError`` is collected, so a new error class without an example here fails the suite.
"""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import pickle
import pkgutil
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

import pytest

import itaproj
from itaproj.codelists import codelist
from itaproj.errors import (
    AmountRangeError,
    BoundArithmeticError,
    CurrencyMismatchError,
    InvalidValueError,
    ItaprojError,
    LoadError,
    LoadIssue,
    MissingDependencyError,
    UnknownCodelistError,
)
from itaproj.quantity import Qualifier


def _all_modules() -> list[str]:
    names = [itaproj.__name__]
    for module in pkgutil.walk_packages(itaproj.__path__, f"{itaproj.__name__}."):
        names.append(module.name)
        importlib.import_module(module.name)
    return names


def _subclasses(cls: type[ItaprojError]) -> Iterator[type[ItaprojError]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


MODULES = _all_modules()
# The package's own classes only: a test module may define an error of its own.
CLASSES = sorted(
    {cls for cls in (ItaprojError, *_subclasses(ItaprojError)) if cls.__module__.split(".")[0] == "itaproj"},
    key=_name,
)

ISSUES = (LoadIssue("$.programmes[0].budget.total.amount", "must be a decimal number"), LoadIssue("$", "bad"))


def _raised(action: Callable[[], object]) -> BaseException:
    """The error ``action`` raises, as the library raises it."""
    try:
        action()
    except ItaprojError as error:
        return error
    raise AssertionError("nothing was raised")


def _invalid_values(cls: type) -> list[BaseException]:
    from itaproj.money import Money

    return [
        cls("currency", "eur", "be an ISO 4217 code"),
        cls("amount", [1, {"a": (2,)}], "be a Decimal"),
        _raised(lambda: Money(1, "eur")),
    ]


def _amount_ranges(cls: type) -> list[BaseException]:
    from itaproj.money import Money
    from itaproj.quantity import to_decimal

    return [
        cls("amount", Decimal("1E+18"), "be less than 10^18 in magnitude", "add"),
        cls("value", "1E-99999", "have at most 45 decimal places"),
        _raised(lambda: to_decimal("1E+1000000")),
        _raised(lambda: Money("9E+17", "EUR") + Money("9E+17", "EUR")),
    ]


def _load_errors(cls: type) -> list[BaseException]:
    from itaproj.io import loads

    return [cls(ISSUES, "catalogue.json"), cls([]), _raised(lambda: loads('{"itaproj": 1, "programmes": 5}'))]


def _missing_rates(cls: type) -> list[BaseException]:
    import datetime as dt

    from itaproj.rates import RatePolicy, RateTable

    day = dt.date(2024, 3, 1)
    return [
        cls("UAH", "EUR", day, RatePolicy.PREVIOUS, "NBU", "none from 2024-02-23 to 2024-03-01"),
        cls("UAH", "EUR", day, "exact", "NBU"),
        _raised(lambda: RateTable((), "NBU", via="EUR").quote("UAH", "USD", day, RatePolicy.MONTHLY_AVERAGE)),
    ]


def _write_errors(cls: type) -> list[BaseException]:
    return [cls(ISSUES, "out.xml"), cls([])]


#: Class (module and qualified name) -> instances of it, built as the library builds them.
EXAMPLES: dict[str, Callable[[type], list[BaseException]]] = {
    "itaproj.errors.ItaprojError": lambda cls: [cls("something went wrong"), cls()],
    "itaproj.errors.InvalidValueError": _invalid_values,
    "itaproj.errors.AmountRangeError": _amount_ranges,
    "itaproj.errors.CurrencyMismatchError": lambda cls: [cls("EUR", "USD", "add")],
    "itaproj.errors.BoundArithmeticError": lambda cls: [cls(Qualifier.MORE_THAN, Qualifier.LESS_THAN, "add")],
    "itaproj.errors.UnknownCodelistError": lambda cls: [
        cls("Currencies", ["Currency", "Country"]),
        _raised(lambda: codelist("Nope")),
    ],
    "itaproj.errors.MissingDependencyError": lambda cls: [cls("lxml", "iati", "reading IATI XML")],
    "itaproj.errors.MissingRateError": _missing_rates,
    "itaproj.errors.LoadError": _load_errors,
    "itaproj.iati.WriteError": _write_errors,
    # Private errors of the JSON reader (helper H2 may rename them: the lead reconciles).
    "itaproj.io.json._StrictTypeError": lambda cls: [cls("an integer", "5"), cls("a string", ["x"] * 1000)],
    "itaproj.io.json._FormatError": lambda cls: [cls("be written '5'", " 5")],
    "itaproj.io.json._Invalid": lambda cls: [cls(), cls("invalid value")],
}


def test_the_whole_package_was_imported() -> None:
    assert {"itaproj.errors", "itaproj.io.json", "itaproj.iati", "itaproj.testing", "itaproj.cli"} <= set(
        MODULES
    )
    assert AmountRangeError in CLASSES
    assert issubclass(AmountRangeError, InvalidValueError)


def test_every_error_class_has_an_example() -> None:
    missing = [_name(cls) for cls in CLASSES if _name(cls) not in EXAMPLES]
    assert not missing, f"add an example of each to EXAMPLES in {__name__}: {missing}"


def test_every_example_names_an_error_class() -> None:
    stale = sorted(set(EXAMPLES) - {_name(cls) for cls in CLASSES})
    assert not stale, f"no such error class any more: {stale}"


def _same(restored: BaseException, original: BaseException) -> None:
    assert type(restored) is type(original)
    assert str(restored) == str(original)
    assert restored.args == original.args
    assert vars(restored) == vars(original)
    assert repr(restored) == repr(original)


@pytest.mark.parametrize("cls", CLASSES, ids=_name)
def test_errors_round_trip_through_pickle(cls: type[ItaprojError]) -> None:
    factory = EXAMPLES.get(_name(cls))
    if factory is None:
        pytest.fail(f"no example of {_name(cls)}: add one to EXAMPLES")
    examples = factory(cls)
    assert examples
    for error in examples:
        assert type(error) is cls
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            _same(pickle.loads(pickle.dumps(error, protocol)), error)
        _same(copy.copy(error), error)
        _same(copy.deepcopy(error), error)


def test_specific_attributes_survive() -> None:
    error = pickle.loads(pickle.dumps(LoadError(ISSUES, "catalogue.json")))
    assert error.issues == ISSUES
    assert error.source == "catalogue.json"
    assert isinstance(error, ValueError)
    missing = pickle.loads(pickle.dumps(MissingDependencyError("lxml", "iati", "reading IATI XML")))
    # ImportError keeps its message in its own slot, which comes back too.
    assert missing.msg == str(missing)
    assert (missing.module, missing.extra, missing.feature) == ("lxml", "iati", "reading IATI XML")
    unknown = pickle.loads(pickle.dumps(UnknownCodelistError("Nope", ["Country", "Currency"])))
    assert (unknown.name, unknown.value, unknown.known) == ("Nope", "Nope", ("Country", "Currency"))
    mismatch = pickle.loads(pickle.dumps(CurrencyMismatchError("EUR", "USD", "compare")))
    assert (mismatch.left, mismatch.right, mismatch.operation) == ("EUR", "USD", "compare")
    bound = pickle.loads(pickle.dumps(BoundArithmeticError(Qualifier.ABOUT, Qualifier.EXACT, "divide")))
    assert (bound.left, bound.right) == (Qualifier.ABOUT, Qualifier.EXACT)


def test_notes_survive() -> None:
    error = InvalidValueError("currency", "eur", "be an ISO 4217 code")
    error.add_note("while loading catalogue.json")
    restored = pickle.loads(pickle.dumps(error))
    assert restored.__notes__ == ["while loading catalogue.json"]


def test_an_attribute_that_does_not_pickle_comes_back_as_its_repr() -> None:
    def local() -> None:  # a local function does not pickle
        pass

    error = InvalidValueError("amount", local, "be a Decimal")
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is InvalidValueError
    assert str(restored) == str(error)
    assert (restored.field, restored.reason) == ("amount", "be a Decimal")
    assert restored.value == repr(local)


def test_messages_show_long_values_cut_short() -> None:
    text = "x" * 1_000_000
    error = InvalidValueError("unit", text, "be short")
    assert error.value is text
    assert len(str(error)) < 300
    assert str(error).endswith("xxx... (1000000 characters))")
    huge = InvalidValueError("count", 10**5000, "be smaller")  # repr() of this int raises ValueError
    assert str(huge) == f"'count' must be smaller (got <int of {(10**5000).bit_length()} bits>)"


# -- across a process boundary ------------------------------------------------------------------


def test_errors_raised_in_a_worker_process_arrive_whole() -> None:
    from itaproj.io import loads
    from itaproj.quantity import to_decimal

    # "spawn": a fresh interpreter that must import itaproj to unpickle the errors.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        out_of_range = pool.submit(to_decimal, "1E+28", "budget")
        load_failure = pool.submit(loads, '{"itaproj": 1, "programmes": 5}')
        with pytest.raises(AmountRangeError) as info:
            out_of_range.result(timeout=120)
        with pytest.raises(LoadError) as load_info:
            load_failure.result(timeout=120)
    assert (info.value.field, info.value.value, info.value.operation) == ("budget", "1E+28", None)
    assert str(info.value) == str(_raised(lambda: to_decimal("1E+28", "budget")))
    local = _raised(lambda: loads('{"itaproj": 1, "programmes": 5}'))
    assert isinstance(local, LoadError)
    assert load_info.value.issues == local.issues
    assert str(load_info.value) == str(local)
