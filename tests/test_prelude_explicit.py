"""backprop_prelude.explicit: with the class's functions it agrees with the
implicit Prelude; with its own it works on a type the Backprop class does
not know, and each AddFunc/ZeroFunc is the one actually used."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import flat, make

import backprop as bp
import backprop.explicit as bpe
import backprop_prelude as P
import backprop_prelude.explicit as PE
from backprop import BVar, S
from backprop.testing import check_grad

VALUES = [1.5, -2.0, 0.7, 3.0]
KINDS = ["list", "tuple", "dict", "array"]
SEQ_KINDS = ["list", "tuple", "array"]


af: Any = bpe.add_func()
zf: Any = bpe.zero_func()


def c0() -> BVar[Any, float]:
    return bp.const_var(0.0)


PAIRS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "sum": (P.sum, lambda v: PE.sum(af, v)),
    "product": (P.product, lambda v: PE.product(af, v)),
    "minimum": (P.minimum, lambda v: PE.minimum(af, zf, v)),
    "maximum": (P.maximum, lambda v: PE.maximum(af, zf, v)),
    "length": (P.length, lambda v: PE.length(af, zf, v)),
    "map": (
        lambda v: P.map(lambda e: e * e - e, v),
        lambda v: PE.map(af, af, zf, zf, lambda e: e * e - e, v),
    ),
    "map_const": (
        lambda v: P.map_const(P.sum(v), v),
        lambda v: PE.map_const(af, zf, PE.sum(af, v), v),
    ),
    "traverse": (
        lambda v: P.traverse(lambda e: e * 3.0, v),
        lambda v: PE.traverse(af, af, af, zf, zf, lambda e: e * 3.0, v),
    ),
    "to_list": (
        lambda v: P.to_list(v)[1] * P.to_list(v)[2],
        lambda v: PE.to_list(af, zf, v)[1] * PE.to_list(af, zf, v)[2],
    ),
    "foldr": (
        lambda v: P.foldr(lambda e, a: e - a * e, c0(), v),
        lambda v: PE.foldr(af, zf, lambda e, a: e - a * e, c0(), v),
    ),
    "foldl": (
        lambda v: P.foldl(lambda a, e: a * e + e, c0(), v),
        lambda v: PE.foldl(af, zf, lambda a, e: a * e + e, c0(), v),
    ),
    "map_accum_l": (
        lambda v: P.map_accum_l(lambda a, e: (a + e, a * e), c0(), v)[1],
        lambda v: PE.map_accum_l(af, af, zf, zf, lambda a, e: (a + e, a * e), c0(), v)[1],
    ),
    "map_accum_r": (
        lambda v: P.map_accum_r(lambda a, e: (a + e, a * e), c0(), v)[1],
        lambda v: PE.map_accum_r(af, af, zf, zf, lambda a, e: (a + e, a * e), c0(), v)[1],
    ),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(PAIRS))
def test_explicit_with_the_class_functions_agrees_with_implicit(kind: str, name: str) -> None:
    implicit, explicit = PAIRS[name]
    x = make(kind, VALUES)
    (vi, gi), (ve, ge) = bp.backprop(implicit, x), bp.backprop(explicit, x)
    assert type(ve) is type(vi)
    assert type(ge) is type(gi)
    assert (flat(ve) if isinstance(ve, (list, tuple, dict, np.ndarray)) else ve) == (
        flat(vi) if isinstance(vi, (list, tuple, dict, np.ndarray)) else vi
    )
    assert flat(ge) == flat(gi)
    check_grad(explicit, x)


@pytest.mark.parametrize("kind", SEQ_KINDS)
def test_explicit_applicative_agrees_with_implicit(kind: str) -> None:
    x = make(kind, VALUES[:3])

    def implicit(v: Any) -> Any:
        return P.lift_a3(lambda a, b, c: a * b - c, v, v, P.lift_a2(lambda a, b: a + b, v, v))

    def explicit(v: Any) -> Any:
        ab = PE.lift_a2(af, af, af, zf, zf, zf, lambda a, b: a + b, v, v)
        return PE.lift_a3(af, af, af, af, zf, zf, zf, zf, lambda a, b, c: a * b - c, v, v, ab)

    assert flat(bp.grad_bp(explicit, x)) == flat(bp.grad_bp(implicit, x))
    check_grad(explicit, x)


def test_explicit_pure_and_conversions_agree_with_implicit() -> None:
    assert bp.backprop(lambda x: PE.pure(af, zf, x, tuple), 2.0) == bp.backprop(
        lambda x: P.pure(x, tuple), 2.0
    )
    assert bp.backprop(lambda x: PE.round(af, x) * 2, 2.6) == (6, 2.0)
    assert bp.backprop(lambda n: PE.from_integral(af, n, float) * 1.5, 4) == (6.0, 2)
    assert bp.backprop(lambda x: PE.real_to_frac(af, x, float) * 3.0, 0.5) == (1.5, 3.0)
    assert bp.backprop(lambda x: PE.coerce(x, float) * 3.0, 0.5) == (1.5, 3.0)


# --- a value type the Backprop class does not know ------------------------------------------


class Cents:
    """Money without zero/add/one: only explicit functions can handle it."""

    __slots__ = ("v",)

    def __init__(self, v: float) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Cents) and other.v == self.v

    __hash__ = None  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]

    def __lt__(self, other: Cents) -> bool:
        return self.v < other.v

    def __add__(self, other: Cents) -> Cents:
        return Cents(self.v + other.v)

    def __repr__(self) -> str:
        return f"Cents({self.v})"


calls: list[str] = []


def add_c(a: Cents, b: Cents) -> Cents:
    calls.append("add")
    return Cents(a.v + b.v)


def zero_c(a: Cents) -> Cents:
    calls.append("zero")
    return Cents(0.0)


def one_c(a: Cents) -> Cents:
    return Cents(1.0)


def zero_cs(xs: list[Cents]) -> list[Cents]:
    calls.append("zero list")
    return [Cents(0.0) for _ in xs]


def one_cs(xs: list[Cents]) -> list[Cents]:
    return [Cents(1.0) for _ in xs]


def add_cs(a: list[Cents], b: list[Cents]) -> list[Cents]:
    calls.append("add list")
    return [add_c(x, y) for x, y in zip(a, b)]


def scale(k: float) -> bp.Op[tuple[Cents], Cents]:
    return bp.op1(lambda c: (Cents(k * c.v), lambda d: Cents(k * d.v)))


def times(x: BVar[S, Cents], y: BVar[S, Cents]) -> BVar[S, Cents]:
    mul: bp.Op[tuple[Cents, Cents], Cents] = bp.op2(
        lambda a, b: (Cents(a.v * b.v), lambda d: (Cents(d.v * b.v), Cents(d.v * a.v)))
    )
    return bpe.lift_op2(add_c, add_c, mul, x, y)


CENTS = [Cents(2.0), Cents(5.0), Cents(3.0)]


@pytest.fixture(autouse=True)
def _clear_calls() -> None:
    calls.clear()


def test_the_class_cannot_handle_cents() -> None:
    with pytest.raises(TypeError, match=r"values of type .*Cents are not supported"):
        bp.grad_bp(lambda v: P.to_list(v)[0], CENTS)


def test_unreached_elements_get_the_given_zero() -> None:
    def first(v: BVar[S, list[Cents]]) -> BVar[S, Cents]:
        return PE.to_list(add_c, zero_c, v)[0]

    out, g = bpe.backprop(zero_cs, one_c, first, CENTS)
    assert out == Cents(2.0)
    assert g == [Cents(1.0), Cents(0.0), Cents(0.0)]
    assert calls.count("zero") == 2


def test_an_element_used_twice_adds_with_the_given_add() -> None:
    def squares(v: BVar[S, list[Cents]]) -> BVar[S, list[Cents]]:
        return PE.map(add_c, add_c, zero_c, zero_c, lambda e: times(e, e), v)

    y, pull = bpe.backprop_with(zero_cs, squares, CENTS)
    assert y == [Cents(4.0), Cents(25.0), Cents(9.0)]
    assert pull(one_cs(CENTS)) == [Cents(4.0), Cents(10.0), Cents(6.0)]
    assert calls.count("add") == 3


def test_a_container_split_twice_adds_with_the_elements_add() -> None:
    def twice(v: BVar[S, list[Cents]]) -> BVar[S, Cents]:
        a = PE.to_list(add_c, zero_c, v)[0]
        b = PE.to_list(add_c, zero_c, v)[1]
        return times(a, b)

    _, g = bpe.backprop(zero_cs, one_c, twice, CENTS)
    assert g == [Cents(5.0), Cents(2.0), Cents(0.0)]


def test_minimum_gives_the_others_the_given_zero() -> None:
    out, g = bpe.backprop(zero_cs, one_c, lambda v: PE.minimum(add_cs, zero_c, v), CENTS)
    assert out == Cents(2.0)
    assert g == [Cents(1.0), Cents(0.0), Cents(0.0)]
    assert calls == ["zero", "zero"]


def test_sum_over_cents_uses_no_zero() -> None:
    out, g = bpe.backprop(zero_cs, one_c, lambda v: PE.sum(add_cs, v), CENTS)
    assert out == Cents(10.0)
    assert g == [Cents(1.0)] * 3
    assert calls == []


def test_length_gradient_is_the_given_zero() -> None:
    def n_times_first(v: BVar[S, list[Cents]]) -> BVar[S, Cents]:
        n = PE.length(add_cs, zero_cs, v, int)
        first = PE.to_list(add_c, zero_c, v)[0]
        mul: bp.Op[tuple[int, Cents], Cents] = bp.op2(
            lambda k, c: (Cents(k * c.v), lambda d: (0, Cents(k * d.v)))
        )
        return bp.lift_op2(mul, n, first)

    out, g = bpe.backprop(zero_cs, one_c, n_times_first, CENTS)
    assert out == Cents(6.0)
    assert g == [Cents(3.0), Cents(0.0), Cents(0.0)]
    assert "zero list" in calls


def test_map_const_and_pure_fold_the_given_add_from_the_given_zero() -> None:
    def spread(x: BVar[S, Cents]) -> BVar[S, list[Cents]]:
        return PE.map_const(add_c, zero_c, x, bp.const_var([1.0, 2.0, 3.0]))

    y, pull = bpe.backprop_with(zero_c, spread, Cents(7.0))
    assert y == [Cents(7.0)] * 3
    assert pull([Cents(1.0), Cents(2.0), Cents(4.0)]) == Cents(7.0)
    assert calls == ["zero", "add", "add", "add"]
    calls.clear()
    y1, pull1 = bpe.backprop_with(zero_c, lambda x: PE.pure(add_c, zero_c, x), Cents(7.0))
    assert y1 == [Cents(7.0)]
    assert pull1([Cents(3.0)]) == Cents(3.0)
    assert calls == ["zero", "add"]


def test_lift_a2_over_cents() -> None:
    def products(v: BVar[S, list[Cents]]) -> BVar[S, list[Cents]]:
        return PE.lift_a2(add_c, add_c, add_c, zero_c, zero_c, zero_c, times, v, v)

    y, pull = bpe.backprop_with(zero_cs, products, CENTS[:2])
    assert y == [Cents(4.0), Cents(10.0), Cents(10.0), Cents(25.0)]
    assert pull(one_cs(y)) == [Cents(14.0), Cents(14.0)]


def test_traverse_and_map_accum_over_cents() -> None:
    def doubled(v: BVar[S, list[Cents]]) -> BVar[S, list[Cents]]:
        out = PE.traverse(
            add_c, add_c, add_cs, zero_c, zero_c, lambda e: bp.lift_op1(scale(2.0), e), v
        )
        assert out is not None
        # the result used twice: its two gradients are added with aftb (add_cs)
        first: bp.Op[tuple[list[Cents], list[Cents]], list[Cents]] = bp.op2(
            lambda a, b: (a, lambda d: (d, d))
        )
        return bp.lift_op2(first, out, out)

    y, pull = bpe.backprop_with(zero_cs, doubled, CENTS)
    assert y == [Cents(4.0), Cents(10.0), Cents(6.0)]
    assert pull(one_cs(CENTS)) == [Cents(4.0)] * 3
    assert "add list" in calls

    def running(v: BVar[S, list[Cents]]) -> BVar[S, Cents]:
        def step(acc: BVar[S, Cents], e: BVar[S, Cents]) -> tuple[BVar[S, Cents], BVar[S, Cents]]:
            return times(acc, e), acc

        return PE.map_accum_l(add_c, add_c, zero_c, zero_c, step, bp.const_var(Cents(1.0)), v)[0]

    out, g = bpe.backprop(zero_cs, one_c, running, CENTS)
    assert out == Cents(30.0)
    assert g == [Cents(15.0), Cents(6.0), Cents(10.0)]


def test_one_element_of_two_splits_adds_with_the_given_add() -> None:
    def square_first(v: BVar[S, list[Cents]]) -> BVar[S, Cents]:
        return times(PE.to_list(add_c, zero_c, v)[0], PE.to_list(add_c, zero_c, v)[0])

    out, g = bpe.backprop(zero_cs, one_c, square_first, CENTS)
    assert out == Cents(4.0)
    assert g == [Cents(4.0), Cents(0.0), Cents(0.0)]
    # the two splits' gradients of element 0 are added once, with add_c;
    # elements 1 and 2 are zeroed once each, with zero_c
    assert calls.count("add") == 1
    assert calls.count("zero") == 2


def test_a_part_the_result_gradient_lacks_is_the_given_result_zero() -> None:
    def zero_result(c: Cents) -> Cents:
        calls.append("zero result")
        return Cents(0.0)

    # an Op whose gradient is sparse: only the key it read
    lookup_a: bp.Op[tuple[dict[str, Cents]], Cents] = bp.op1(lambda d: (d["a"], lambda g: {"a": g}))

    def first_doubled(d: BVar[S, dict[str, Cents]]) -> BVar[S, Cents]:
        doubled = PE.map(add_c, add_c, zero_c, zero_result, lambda e: bp.lift_op1(scale(2.0), e), d)
        return bp.lift_op1(lookup_a, doubled)

    def zero_d(d: dict[str, Cents]) -> dict[str, Cents]:
        return {k: Cents(0.0) for k in d}

    out, g = bpe.backprop(zero_d, one_c, first_doubled, {"a": Cents(1.0), "b": Cents(2.0)})
    assert out == Cents(2.0)
    assert g == {"a": Cents(2.0), "b": Cents(0.0)}
    assert calls == ["zero result"]  # Haskell's collectVar: zfb of the missing part


def test_the_elements_of_an_array_add_with_the_given_add() -> None:
    added: list[float] = []

    def add_f(a: float, b: float) -> float:
        added.append(a + b)
        return a + b

    x = np.array([1.0, 2.0, 3.0])
    g = bp.grad_bp(lambda v: PE.sum(af, PE.map(add_f, af, zf, zf, lambda e: e * e, v)), x)
    assert g.tolist() == [2.0, 4.0, 6.0]
    assert sorted(added) == [2.0, 4.0, 6.0]  # e * e: each element's two gradients, added by add_f


def test_explicit_over_a_matrix_agrees_with_implicit() -> None:
    m = np.array([[1.5, -2.0], [0.7, 3.0]])

    def implicit(v: Any) -> Any:
        return P.map_accum_l(lambda a, r: (a * r, a + r), bp.const_var(np.ones(2)), v)[1]

    def explicit(v: Any) -> Any:
        return PE.map_accum_l(af, af, zf, zf, lambda a, r: (a * r, a + r), bp.const_var(np.ones(2)), v)[1]

    np.testing.assert_array_equal(bp.grad_bp(explicit, m), bp.grad_bp(implicit, m))
    check_grad(explicit, m)


# --- bad input ----------------------------------------------------------------------------------


def test_explicit_errors_name_the_function() -> None:
    with pytest.raises(ValueError, match="maximum: an empty list has no maximum"):
        bp.grad_bp(lambda v: PE.maximum(af, zf, v), [])
    with pytest.raises(TypeError, match="map: expected a BVar of a container, got list"):
        PE.map(af, af, zf, zf, lambda e: e, [1.0])  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(TypeError, match="lift_a2: dicts are not an Applicative"):
        bp.eval_bp(lambda d: PE.lift_a2(af, af, af, zf, zf, zf, lambda a, b: a, d, d), {"k": 1.0})  # pyright: ignore[reportArgumentType, reportCallIssue]
