"""Qualified figures: counts, measures, qualifier algebra, decimals and pint units."""

from decimal import Decimal

import pytest
from hypothesis import given

from itaproj import quantity
from itaproj.errors import BoundArithmeticError, InvalidValueError
from itaproj.quantity import Count, Measure, Qualifier, parse_unit, to_decimal, to_qualifier, unit_registry
from itaproj.testing import counts, measures, qualifiers

LOWER = (Qualifier.MORE_THAN, Qualifier.AT_LEAST)
UPPER = (Qualifier.LESS_THAN, Qualifier.AT_MOST)


def test_bound_kinds() -> None:
    assert [q for q in Qualifier if q.is_lower_bound] == list(LOWER)
    assert [q for q in Qualifier if q.is_upper_bound] == list(UPPER)
    assert not Qualifier.ABOUT.is_lower_bound
    assert not Qualifier.EXACT.is_upper_bound


def test_symbols() -> None:
    assert {q: q.symbol for q in Qualifier} == {
        Qualifier.EXACT: "",
        Qualifier.MORE_THAN: ">",
        Qualifier.AT_LEAST: "≥",
        Qualifier.LESS_THAN: "<",
        Qualifier.AT_MOST: "≤",
        Qualifier.ABOUT: "~",
    }


@given(qualifiers())
def test_flipping_twice_is_the_identity(q: Qualifier) -> None:
    assert q.flipped().flipped() is q
    assert q.flipped().is_lower_bound is q.is_upper_bound


@given(qualifiers())
def test_exact_is_the_identity_of_combine(q: Qualifier) -> None:
    assert q.combine(Qualifier.EXACT) is q
    assert Qualifier.EXACT.combine(q) is q
    assert q.combine(q) is q


@given(qualifiers(), qualifiers())
def test_combine_never_mixes_directions(q: Qualifier, r: Qualifier) -> None:
    same_direction = {q, r} <= set(LOWER) or {q, r} <= set(UPPER)
    if Qualifier.EXACT not in (q, r) and q is not r and not same_direction:
        # Opposite bounds, or a bound and "about": no single bound holds the sum.
        with pytest.raises(BoundArithmeticError) as info:
            q.combine(r)
        assert isinstance(info.value, ArithmeticError)
        assert info.value.left is q
        assert info.value.right is r
        return
    combined = q.combine(r)
    assert combined in (q, r)
    if same_direction and q is not r:
        # "more than" with "at least" is "more than"; "less than" with "at most" is "less than".
        assert combined in (Qualifier.MORE_THAN, Qualifier.LESS_THAN)
    if q.is_lower_bound or r.is_lower_bound:
        assert combined.is_lower_bound
    if q.is_upper_bound or r.is_upper_bound:
        assert combined.is_upper_bound


def test_bound_arithmetic_error_message() -> None:
    with pytest.raises(BoundArithmeticError) as info:
        Qualifier.MORE_THAN.combine(Qualifier.LESS_THAN, "subtract")
    assert info.value.operation == "subtract"
    assert str(info.value) == (
        "cannot subtract <Qualifier.MORE_THAN: 'more_than'> and "
        "<Qualifier.LESS_THAN: 'less_than'>: the result is unbounded"
    )


# -- to_decimal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("14.5E6", Decimal("14500000")),
        (7, Decimal(7)),
        (Decimal("0.10"), Decimal("0.10")),
        (" -3 ", Decimal(-3)),
    ],
)
def test_to_decimal(value: object, expected: Decimal) -> None:
    assert to_decimal(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [0.5, 1e10, False, None, b"1", "one", "NaN", "-inf"])
def test_to_decimal_names_the_field_it_is_given(value: object) -> None:
    with pytest.raises(InvalidValueError) as info:
        to_decimal(value, "budget_share")  # type: ignore[arg-type]
    assert info.value.field == "budget_share"
    assert str(info.value).startswith("'budget_share' must be ")
    assert repr(value) in str(info.value)


# -- Count -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [(-1, "not be negative"), (1.0, "be an integer"), ("19", "be an integer"), (True, "be an integer")],
)
def test_count_validation_names_the_field(value: object, reason: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        Count(value)  # type: ignore[arg-type]
    assert str(info.value) == f"'value' must {reason} (got {value!r})"


def test_count_str_and_exactness() -> None:
    assert str(Count(300, Qualifier.MORE_THAN)) == ">300"
    assert str(Count(19)) == "19"
    assert Count(19).is_exact
    assert not Count(11, Qualifier.AT_LEAST).is_exact


@given(counts())
def test_counts_hash_and_compare(count: Count) -> None:
    assert count == Count(count.value, count.qualifier)
    assert hash(count) == hash(Count(count.value, count.qualifier))
    assert str(count) == f"{count.qualifier.symbol}{count.value}"


# -- Measure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [1.5, "twelve", None, "NaN"])
def test_measure_value_errors_name_the_value_field(value: object) -> None:
    # Regression: the error used to name 'amount', a field Measure does not have.
    with pytest.raises(InvalidValueError) as info:
        Measure(value)  # type: ignore[arg-type]
    assert info.value.field == "value"
    assert str(info.value).startswith("'value' must be ")


def test_measure_arithmetic() -> None:
    assert Measure(12) - Measure(5) == Measure(7)
    assert Measure(12) + Measure(5) == Measure(17)
    assert Measure(100, Qualifier.MORE_THAN) - Measure(40) == Measure(60, Qualifier.MORE_THAN)
    assert Measure(100) - Measure(40, Qualifier.AT_LEAST) == Measure(60, Qualifier.AT_MOST)
    assert str(Measure("40", Qualifier.ABOUT)) == "~40"
    with pytest.raises(BoundArithmeticError):
        Measure(100, Qualifier.MORE_THAN) - Measure(40, Qualifier.MORE_THAN)
    with pytest.raises(TypeError):
        Measure(1) + 1  # type: ignore[operator]
    with pytest.raises(TypeError):
        Measure(1) - Decimal(1)  # type: ignore[operator]


@given(measures(), measures())
def test_measure_sum_is_commutative(a: Measure, b: Measure) -> None:
    try:
        forward = a + b
    except BoundArithmeticError:
        with pytest.raises(BoundArithmeticError):
            b + a
        return
    assert forward == b + a
    assert forward.value == a.value + b.value


@given(measures(), measures())
def test_measure_difference_flips_the_right_bound(a: Measure, b: Measure) -> None:
    try:
        difference = a - b
    except BoundArithmeticError:
        with pytest.raises(BoundArithmeticError):
            a.qualifier.combine(b.qualifier.flipped())
        return
    assert difference.value == a.value - b.value
    assert difference.qualifier is a.qualifier.combine(b.qualifier.flipped())


# -- units -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit", ["person", "persons", "enterprise", "community", "project", "document", "event", "percent", "km"]
)
def test_known_units(unit: str) -> None:
    assert parse_unit(unit) == unit_registry().Unit(unit)


def test_counting_units_are_dimensionless() -> None:
    registry = unit_registry()
    assert registry.Quantity(3, "enterprise").dimensionless
    assert registry.Quantity(2, "persons").to("person").magnitude == 2
    assert unit_registry() is registry


@pytest.mark.parametrize(
    "unit", ["widgets", "per per", "person)", "(", "person ** x", "person ** person", "1/person/", "1e5"]
)
def test_unknown_units_name_the_field(unit: str) -> None:
    # Regression: pint's parser let AssertionError, TokenError, ZeroDivisionError and TypeError out.
    with pytest.raises(InvalidValueError) as info:
        parse_unit(unit)
    assert str(info.value) == f"'unit' must be a unit known to pint (got {unit!r})"


SYNTAX = "be a unit expression: names joined by '*', '/' and spaces, with numeric powers ('km/h', 'm**2')"


@pytest.mark.parametrize(
    "unit",
    [
        "2 + ",  # numbers other than powers and 1
        "1/0",
        "2 person",
        "9**9**9**9",  # pint would compute 9**(9**(9**9)): it never finishes
        "2^2^2^2^2^2",
        "person**2**3",  # a power raised again
        "person**(1/0)",  # a power that is not a literal number
        "person; drop",
        "person\x00",
        "person # note",
    ],
)
def test_unit_text_that_is_not_an_expression_is_refused_before_pint(unit: str) -> None:
    with pytest.raises(InvalidValueError) as info:
        parse_unit(unit)
    assert str(info.value) == f"'unit' must {SYNTAX} (got {unit!r})"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("km/h", "kilometer / hour"),
        ("m**2", "meter ** 2"),
        ("m^2 * s^-1", "meter ** 2 / second"),
        ("1/person", "1 / person"),
        ("(km / h) ** 2", "kilometer ** 2 / hour ** 2"),
        ("person * km", "kilometer * person"),
        ("m ** 0.5", "meter ** 0.5"),
        ("°C", "degree_Celsius"),
        ("%", "percent"),
        ("µm", "micrometer"),
        ("  enterprises ", "enterprise"),
    ],
)
def test_unit_expressions_pint_reads(unit: str, expected: str) -> None:
    assert str(parse_unit(unit)) == expected


class _Spy:
    """Stands for the pint registry and notes each unit text it is asked to parse."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self) -> "_Spy":
        return self

    def Unit(self, text: str) -> str:
        self.asked.append(text)
        return "parsed"


@pytest.mark.parametrize(
    ("unit", "valid"),
    [
        ("person" * 170_000, "enterprise / community ** 3"),
        ("(" * 1_000_000, "enterprise / community ** 4"),
        ("person*" * 14 + "person" + " " * 1_000_000, "enterprise / community ** 5"),
        ("9**" * 333_333 + "9", "enterprise / community ** 6"),
    ],
    ids=["1 MB of names", "1 MB of parentheses", "padded", "1 MB of powers"],
)
def test_long_unit_text_is_refused_before_pint(
    unit: str, valid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # pint takes quadratic time (40 kB: 12 s): a megabyte is refused by its length, pint unasked.
    spy = _Spy()
    monkeypatch.setattr(quantity, "unit_registry", spy)
    with pytest.raises(InvalidValueError) as info:
        parse_unit(unit)
    assert info.value.reason == "be a unit expression of at most 100 characters"
    assert info.value.value is unit
    assert len(str(info.value)) < 300  # the message shows the start of the text only
    assert spy.asked == []
    # The same spy is asked for a text that passes the checks (one no other test parses).
    assert parse_unit(valid) == "parsed"
    assert spy.asked == [valid]


@pytest.mark.parametrize("unit", [None, 5, ["person"], b"person"])
def test_a_unit_is_text(unit: object) -> None:
    # Regression: a list reached the cache and raised TypeError: unhashable type.
    with pytest.raises(InvalidValueError) as info:
        parse_unit(unit)  # type: ignore[arg-type]
    assert str(info.value) == f"'unit' must be a string (got {unit!r})"


# -- qualifiers given by value -------------------------------------------------------------------


@pytest.mark.parametrize("qualifier", list(Qualifier))
def test_counts_and_measures_take_a_qualifier_by_its_value(qualifier: Qualifier) -> None:
    assert Count(3, qualifier.value).qualifier is qualifier  # type: ignore[arg-type]
    assert Measure(3, qualifier.value).qualifier is qualifier  # type: ignore[arg-type]
    assert to_qualifier(qualifier) is qualifier


@pytest.mark.parametrize("bad", ["More_than", "MORE_THAN", " exact", ">", 0, None, Qualifier.EXACT.name])
def test_other_qualifiers_are_refused(bad: object) -> None:
    for build in (lambda: Count(3, bad), lambda: Measure(3, bad)):  # type: ignore[arg-type]
        with pytest.raises(InvalidValueError) as info:
            build()
        assert info.value.field == "qualifier"
        assert info.value.value is bad
