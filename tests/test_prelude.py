"""backprop_prelude: values and gradients (finite differences or derivatives
written by hand), empty containers, ties, zeros, cost and bad input."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import flat, make
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop as bp
import backprop.numpy as bnp
import backprop_prelude as P
from backprop import BVar, S, _containers
from backprop.testing import check_grad

VALUES = [1.5, -2.0, 0.7, 3.0]


KINDS = ["list", "tuple", "dict", "array"]
SEQ_KINDS = ["list", "tuple", "array"]


def const0() -> BVar[Any, float]:
    return bp.const_var(0.0)


# --- every function against finite differences, on every container kind -----------

REDUCTIONS: dict[str, Callable[[Any], Any]] = {
    "sum": P.sum,
    "product": P.product,
    "minimum": P.minimum,
    "maximum": P.maximum,
    "mean via length": lambda v: P.sum(v) / P.length(v),
}

STRUCTURAL: dict[str, Callable[[Any], Any]] = {
    "map": lambda v: P.map(lambda e: e * e * 3.0 - e, v),
    "sum of map": lambda v: P.sum(P.map(lambda e: e * e, v)),
    "traverse": lambda v: P.traverse(lambda e: e * 2.0 + e * e, v),
    "to_list": lambda v: P.to_list(v)[0] * P.to_list(v)[2] + P.to_list(v)[0],
    "foldr": lambda v: P.foldr(lambda e, acc: e * acc + 1.0, bp.const_var(0.5), v),
    "foldl": lambda v: P.foldl(lambda acc, e: acc * e - 1.0, bp.const_var(0.5), v),
    "map_accum_l results": lambda v: P.map_accum_l(
        lambda acc, e: (acc * e, acc + e * e), bp.const_var(1.0), v
    )[1],
    "map_accum_l accumulator": lambda v: P.map_accum_l(
        lambda acc, e: (acc * e, acc + e), bp.const_var(1.0), v
    )[0],
    "map_accum_r results": lambda v: P.map_accum_r(
        lambda acc, e: (acc * e, acc - e), bp.const_var(2.0), v
    )[1],
    "map_accum_r accumulator": lambda v: P.map_accum_r(
        lambda acc, e: (acc * e + 1.0, acc), bp.const_var(2.0), v
    )[0],
    "container used whole and split": lambda v: P.sum(v) * P.sum(P.map(lambda e: e * e, v)),
    "two splits of one container": lambda v: (
        P.sum(P.map(lambda e: e * e, v)) * P.product(P.map(lambda e: e + 1.0, v))
    ),
    "map_const of an element": lambda v: P.map_const(P.to_list(v)[1] * 3.0, v),
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(REDUCTIONS))
def test_reductions_match_finite_differences(kind: str, name: str) -> None:
    check_grad(REDUCTIONS[name], make(kind, VALUES))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_structural_functions_match_finite_differences(kind: str, name: str) -> None:
    check_grad(STRUCTURAL[name], make(kind, VALUES))


@pytest.mark.parametrize("kind", SEQ_KINDS)
def test_lift_a2_and_lift_a3_match_finite_differences(kind: str) -> None:
    x = make(kind, VALUES[:3])
    check_grad(lambda v: P.lift_a2(lambda a, b: a * b - b, v, v), x)
    check_grad(lambda v: P.lift_a3(lambda a, b, c: a * b * c + a, v, v, v), x)


@pytest.mark.parametrize("kind", KINDS)
def test_map_const_gives_x_the_sum_of_the_output_gradients(kind: str) -> None:
    xs = make(kind, VALUES)
    check_grad(lambda x: P.map_const(x, bp.const_var(xs)), 2.0)
    out, (gx, gxs) = bp.backprop2(lambda x, v: P.map_const(x, v), 2.0, xs)
    assert flat(out) == [2.0] * 4
    assert gx == 4.0
    assert flat(gxs) == [0.0] * 4
    assert type(out) is type(xs)


@pytest.mark.parametrize("kind", [list, tuple, np.ndarray])
def test_pure_gradient_folds_add_over_the_output(kind: Any) -> None:
    check_grad(lambda x: P.pure(x, kind), 2.5)
    out, g = bp.backprop(lambda x: P.pure(x, kind), 2.5)
    assert type(out) is kind
    assert flat(out) == [2.5]
    assert g == 1.0
    _, pull = bp.backprop_with(lambda x: P.pure(x, kind), 2.5)
    assert pull(make(kind.__name__ if kind is not np.ndarray else "array", [7.0])) == 7.0


def test_pure_of_an_array_is_added_elementwise() -> None:
    x = np.array([1.0, 2.0])
    out, g = bp.backprop(P.pure, x)
    assert len(out) == 1
    assert out[0] is x
    np.testing.assert_array_equal(g, [1.0, 1.0])


def test_haskell_home_page_example() -> None:
    def f(x: BVar[S, float], xs: BVar[S, list[float]]) -> BVar[S, float]:
        return P.sum(P.map(lambda e: e**2, xs)) / x

    gx, gxs = bp.grad_bp2(f, 9.0, [1.0, 6.0, 2.0])
    assert gx == pytest.approx(-0.5061728395061729, rel=1e-15)
    assert gxs == pytest.approx([2 / 9, 12 / 9, 4 / 9], rel=1e-15)


# --- values and kinds --------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_results_keep_the_input_kind(kind: str) -> None:
    xs = make(kind, VALUES)
    out = bp.eval_bp(lambda v: P.map(lambda e: e + 1.0, v), xs)
    assert type(out) is type(xs)
    assert flat(out) == [v + 1.0 for v in VALUES]
    if kind == "dict":
        assert list(out) == list(xs)
    running = bp.eval_bp(
        lambda v: P.map_accum_l(lambda a, e: (a + e, a * 1.0), bp.const_var(0.0), v)[1], xs
    )
    assert type(running) is type(xs)
    assert flat(running) == pytest.approx([0.0, 1.5, -0.5, 0.2])


@pytest.mark.parametrize("kind", KINDS)
def test_reduction_values(kind: str) -> None:
    xs = make(kind, VALUES)
    assert bp.eval_bp(P.sum, xs) == pytest.approx(3.2)
    assert bp.eval_bp(P.product, xs) == pytest.approx(1.5 * -2.0 * 0.7 * 3.0)
    assert bp.eval_bp(P.minimum, xs) == -2.0
    assert bp.eval_bp(P.maximum, xs) == 3.0
    assert bp.eval_bp(P.length, xs) == 4.0
    assert bp.eval_bp(lambda v: P.length(v, int), xs) == 4
    assert type(bp.eval_bp(P.sum, xs)) is float


@pytest.mark.parametrize("kind", KINDS)
def test_sum_sends_the_output_gradient_to_every_element(kind: str) -> None:
    _, pull = bp.backprop_with(P.sum, make(kind, VALUES))
    assert flat(pull(2.5)) == [2.5] * 4
    assert type(pull(1.0)) is type(make(kind, VALUES))


def test_sum_of_arrays_gives_each_position_its_own_gradient_array() -> None:
    xs = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    out, g = bp.backprop(P.sum, xs)
    np.testing.assert_array_equal(out, [4.0, 6.0])
    assert g[0] is not g[1]  # no aliasing between positions
    np.testing.assert_array_equal(g[0], [1.0, 1.0])


def test_length_has_zero_gradient() -> None:
    out, g = bp.backprop(P.length, {"a": 3.0, "b": 4.0})
    assert out == 2.0
    assert g == {"a": 0.0, "b": 0.0}
    assert bp.grad_bp(lambda v: P.length(v) * P.sum(v), [1.0, 2.0]) == [2.0, 2.0]


# --- product with zeros (derivatives written by hand) ---------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([2.0, 3.0, 4.0], [12.0, 8.0, 6.0]),
        ([2.0, 0.0, 4.0], [0.0, 8.0, 0.0]),  # one zero: the product of the others
        ([0.0, 3.0, 0.0], [0.0, 0.0, 0.0]),  # two zeros: all zero
        ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
    ],
)
def test_product_gradient_with_zeros(kind: str, values: list[float], expected: list[float]) -> None:
    _, pull = bp.backprop_with(P.product, make(kind, values))
    g = pull(2.0)
    assert flat(g) == [2.0 * e for e in expected]
    assert not any(math.isnan(v) for v in flat(g))


@pytest.mark.parametrize("values", [[2.0, 0.0, 4.0], [0.0, 3.0, 0.0]])
def test_product_at_zeros_matches_finite_differences(values: list[float]) -> None:
    # The product is linear in each element, so differences are exact at 0 too.
    product: Callable[[Any], Any] = P.product
    check_grad(product, values)
    check_grad(product, np.array(values))


def test_product_of_integers_is_exact() -> None:
    big = [3**40, 5, 7]
    out, g = bp.backprop(P.product, big)
    assert out == 3**40 * 35
    assert g == [35, 3**40 * 7, 3**40 * 5]
    assert bp.grad_bp(P.product, [0, 5, 7]) == [35, 0, 0]


def test_product_of_arrays_handles_zeros_per_position() -> None:
    xs = [np.array([0.0, 2.0, 1.0]), np.array([3.0, 0.0, 2.0]), np.array([5.0, 0.0, 4.0])]
    out, g = bp.backprop(P.product, xs)
    np.testing.assert_array_equal(out, [0.0, 0.0, 8.0])
    # position 0 has one zero, position 1 two, position 2 none
    np.testing.assert_array_equal(g[0], [15.0, 0.0, 8.0])
    np.testing.assert_array_equal(g[1], [0.0, 0.0, 4.0])
    np.testing.assert_array_equal(g[2], [0.0, 0.0, 2.0])
    check_grad(P.product, [np.array([0.5, 2.0]), np.array([3.0, -1.0])])


# --- minimum and maximum ties ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_minimum_and_maximum_send_the_gradient_to_every_tie(kind: str) -> None:
    xs = make(kind, [3.0, 1.0, 3.0, 1.0, 2.0])
    assert bp.backprop(P.minimum, xs)[0] == 1.0
    assert flat(bp.grad_bp(P.minimum, xs)) == [0.0, 1.0, 0.0, 1.0, 0.0]
    assert bp.backprop(P.maximum, xs)[0] == 3.0
    assert flat(bp.grad_bp(P.maximum, xs)) == [1.0, 0.0, 1.0, 0.0, 0.0]


# --- empty containers -------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_empty_containers(kind: str) -> None:
    empty = make(kind, [])
    out, g = bp.backprop(P.sum, empty)
    assert (out, flat(g), type(g)) == (0.0, [], type(empty))
    assert bp.eval_bp(P.sum, empty) == 0.0
    assert bp.eval_bp(P.product, empty) == 1.0
    assert bp.eval_bp(P.length, empty) == 0.0
    assert flat(bp.grad_bp(P.sum, empty)) == []
    assert flat(bp.eval_bp(lambda v: P.map(lambda e: e * 2.0, v), empty)) == []
    assert bp.eval_bp(lambda v: P.foldr(lambda e, a: e + a, bp.const_var(5.0), v), empty) == 5.0
    for fn in ("minimum", "maximum"):
        with pytest.raises(ValueError, match=f"{fn}: an empty {kind} has no {fn}"):
            bp.grad_bp(getattr(P, fn), empty)


def test_map_over_an_empty_array_gives_an_empty_float_array() -> None:
    out = bp.eval_bp(lambda v: P.map(lambda e: e * 2.0, v), np.array([], dtype=np.float32))
    assert out.shape == (0,)
    assert out.dtype == np.float32


# --- folds, accumulating maps, traverse, applicative: order and semantics ---------------


def test_folds_associate_as_in_haskell() -> None:
    xs = [1.0, 2.0, 3.0]
    # foldr (-) 0 [1,2,3] = 1 - (2 - (3 - 0)) = 2
    assert bp.backprop(lambda v: P.foldr(lambda e, a: e - a, const0(), v), xs) == (
        2.0,
        [1.0, -1.0, 1.0],
    )
    # foldl (-) 0 [1,2,3] = ((0 - 1) - 2) - 3 = -6
    assert bp.backprop(lambda v: P.foldl(lambda a, e: a - e, const0(), v), xs) == (
        -6.0,
        [-1.0, -1.0, -1.0],
    )


def test_map_accum_r_threads_right_to_left_keeping_positions() -> None:
    def suffix(v: BVar[S, list[float]]) -> BVar[S, list[float]]:
        return P.map_accum_r(lambda a, e: (a + e, a + e), const0(), v)[1]

    assert bp.eval_bp(suffix, [1.0, 2.0, 3.0]) == [6.0, 5.0, 3.0]
    check_grad(suffix, [1.0, 2.0, 3.0])
    total = bp.eval_bp(
        lambda v: P.map_accum_r(lambda a, e: (a * 10.0 + e, a), const0(), v)[0], [1.0, 2.0, 3.0]
    )
    assert total == 321.0


def test_traverse_stops_at_the_first_none() -> None:
    calls: list[float] = []

    def f(e: BVar[S, float]) -> BVar[S, float] | None:
        calls.append(e.value)
        return None if e.value < 0 else e * 2.0

    assert bp.eval_bp(lambda v: P.traverse(f, v) or bp.const_var([0.0]), [1.0, -1.0, 2.0]) == [0.0]
    assert calls == [1.0, -1.0]
    assert bp.backprop(lambda v: P.traverse(f, v) or bp.const_var([0.0]), [1.0, 3.0]) == (
        [2.0, 6.0],
        [2.0, 2.0],
    )


@pytest.mark.parametrize("kind", SEQ_KINDS)
def test_lift_a2_is_the_list_applicative(kind: str) -> None:
    xs, ys = make(kind, [1.0, 2.0]), make(kind, [10.0, 20.0, 30.0])
    out = bp.eval_bp2(lambda a, b: P.lift_a2(lambda x, y: x * y + x, a, b), xs, ys)
    assert type(out) is type(xs)
    assert flat(out) == [x * y + x for x in [1.0, 2.0] for y in [10.0, 20.0, 30.0]]
    gx, gy = bp.grad_bp2(lambda a, b: P.lift_a2(lambda x, y: x * y, a, b), xs, ys)
    assert flat(gx) == [60.0, 60.0]
    assert flat(gy) == [3.0, 3.0, 3.0]
    zs = make(kind, [100.0])
    out3 = bp.eval_bp_n(lambda a, b, c: P.lift_a3(lambda x, y, z: x + y + z, a, b, c), (xs, ys, zs))
    assert flat(out3) == [x + y + 100.0 for x in [1.0, 2.0] for y in [10.0, 20.0, 30.0]]


def test_lift_a2_with_pure_is_map() -> None:
    def via_pure(x: BVar[S, float], ys: BVar[S, list[float]]) -> BVar[S, list[float]]:
        return P.lift_a2(lambda a, b: a * b - a, P.pure(x), ys)

    def via_map(x: BVar[S, float], ys: BVar[S, list[float]]) -> BVar[S, list[float]]:
        return P.map(lambda b: x * b - x, ys)

    args = (1.5, [2.0, -3.0, 4.0])
    assert bp.backprop2(via_pure, *args) == bp.backprop2(via_map, *args)


def test_to_list_of_a_dict_gives_its_values_in_order() -> None:
    d = {"b": 2.0, "a": 1.0}
    assert [e.value for e in bp.eval_bp(lambda v: bp.const_var(P.to_list(v)), d)] == [2.0, 1.0]
    assert bp.grad_bp(lambda v: P.to_list(v)[0] * 3.0, d) == {"b": 3.0, "a": 0.0}


# --- numeric conversions ------------------------------------------------------------------


def test_round_passes_the_gradient_through_as_haskell_does() -> None:
    assert bp.backprop(P.round, 2.5) == (2, 1.0)  # half to even
    assert bp.backprop(P.round, 3.5) == (4, 1.0)
    assert bp.backprop(lambda x: P.round(x) * 3, 2.7) == (9, 3.0)
    assert bp.backprop(lambda x: P.round(x, float), -1.2) == (-1.0, 1.0)
    out, g = bp.backprop(P.round, np.float32(1.6))
    assert (out, g) == (2, 1.0)
    assert type(g) is np.float32


def test_from_integral_rounds_a_fractional_gradient_back() -> None:
    assert bp.backprop(lambda n: P.from_integral(n, float) * 2.5, 3) == (7.5, 2)
    assert bp.backprop(lambda n: P.from_integral(n, float) * 3.5, 3) == (10.5, 4)
    out, g = bp.backprop(lambda n: P.from_integral(n, np.int64) * np.int64(7), 2)
    assert (out, g) == (14, 7)
    assert type(out) is np.int64
    assert type(g) is int


def test_real_to_frac_converts_both_ways() -> None:
    out, g = bp.backprop(lambda x: P.real_to_frac(x, np.float32) * np.float32(3), 0.5)
    assert type(out) is np.float32
    assert out == 1.5
    assert type(g) is float
    assert g == 3.0
    check_grad(lambda x: P.real_to_frac(x, float) * P.real_to_frac(x, float), 1.25)


def test_coerce_retypes_without_a_node() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        y = P.coerce(x, float)
        assert y is x
        return y * 2.0

    assert bp.backprop(f, 3.0) == (6.0, 2.0)


# --- numpy arrays: dtypes and the vectorised path ---------------------------------------------


def test_float32_arrays_keep_their_dtype() -> None:
    x = np.array([1.0, -2.0, 3.0], dtype=np.float32)
    reductions: list[Callable[[Any], Any]] = [P.sum, P.product, P.minimum, P.maximum]
    for f in reductions:
        g = bp.grad_bp(f, x)
        assert g.dtype == np.float32, f
    out, g = bp.backprop(lambda v: P.map(lambda e: e * e, v), x)
    assert out.dtype == np.float32
    assert g.dtype == np.float32
    assert bp.eval_bp(lambda v: P.map_const(P.sum(v), v), x).dtype == np.float32


def test_integer_arrays_sum_to_an_int_with_a_float_gradient() -> None:
    total: Callable[[Any], Any] = P.sum
    out, g = bp.backprop(total, np.array([1, 2, 3]))
    assert out == 6
    assert type(out) is int
    assert g.dtype == np.float64


def test_map_over_an_array_gives_f_floats() -> None:
    seen: list[type] = []

    def f(e: BVar[S, float]) -> BVar[S, float]:
        seen.append(type(e.value))
        return e * 2.0

    bp.grad_bp(lambda v: P.map(f, v), np.arange(3.0))
    assert seen == [float, float, float]


# --- a matrix is the sequence of its rows ------------------------------------------------------

MATRIX = np.array([[1.5, -2.0], [0.7, 3.0], [-1.2, 0.4]])
W_H = np.array([[0.5, -0.2], [0.1, 0.3]])
W_X = np.array([[0.2, 0.1], [-0.3, 0.4]])


def rnn_step(h: BVar[S, Any], x: BVar[S, Any]) -> tuple[BVar[S, Any], BVar[S, Any]]:
    """h' = tanh(h W_H + x W_X); the new state is also the step's output."""
    new = bnp.tanh(h @ W_H + x @ W_X)
    return new, new


def test_map_accum_l_runs_a_recurrence_over_the_rows_of_a_matrix() -> None:
    def loss(xs: BVar[S, Any]) -> BVar[S, float]:
        h, hs = P.map_accum_l(rnn_step, bp.const_var(np.zeros(2)), xs)
        return bnp.sum(hs * hs) + bnp.sum(h)

    check_grad(loss, MATRIX)
    # the same recurrence written out by hand, row by row
    h, hs = np.zeros(2), []
    for x in MATRIX:
        h = np.tanh(h @ W_H + x @ W_X)
        hs.append(h)
    states = bp.eval_bp(
        lambda xs: P.map_accum_l(rnn_step, bp.const_var(np.zeros(2)), xs)[1], MATRIX
    )
    np.testing.assert_allclose(states, np.array(hs), rtol=1e-15)
    assert states.shape == (3, 2)


MATRIX_FUNCTIONS: dict[str, Callable[[Any], Any]] = {
    "sum": P.sum,
    "product": P.product,
    "map to numbers": lambda m: P.map(lambda r: bnp.sum(r * r), m),
    "map to rows": lambda m: P.map(lambda r: r * r * 2.0, m),
    "traverse": lambda m: P.traverse(lambda r: r * 3.0 - r * r, m),
    "foldr": lambda m: P.foldr(lambda r, a: r * a + 1.0, bp.const_var(np.ones(2)), m),
    "foldl": lambda m: P.foldl(lambda a, r: a * 0.5 - r * r, bp.const_var(np.ones(2)), m),
    "map_accum_r": lambda m: P.map_accum_r(
        lambda a, r: (a + r, a * r), bp.const_var(np.ones(2)), m
    )[1],
    "map_const of a row": lambda m: P.map_const(P.to_list(m)[1] * 2.0, m),
    "lift_a2": lambda m: P.lift_a2(lambda a, b: a * b, m, m),
}


@pytest.mark.parametrize("name", sorted(MATRIX_FUNCTIONS))
def test_matrix_functions_match_finite_differences(name: str) -> None:
    check_grad(MATRIX_FUNCTIONS[name], MATRIX)


def test_matrix_values_are_those_of_its_rows() -> None:
    def rows(m: Any) -> Any:
        return bp.const_var([r.value for r in P.to_list(m)])

    def doubled(m: Any) -> Any:
        return P.map(lambda r: r * 2.0, m)

    def total(m: Any) -> Any:  # a row sum: P.sum is typed for 1-D arrays (a float)
        return P.sum(m)

    assert bp.eval_bp(total, MATRIX).tolist() == pytest.approx([1.0, 1.4])
    assert bp.eval_bp(lambda m: P.length(m), MATRIX) == 3.0
    assert [r.tolist() for r in bp.eval_bp(rows, MATRIX)] == MATRIX.tolist()
    out = bp.eval_bp(doubled, MATRIX.astype(np.float32))
    assert (out.shape, out.dtype) == ((3, 2), np.float32)
    g = bp.grad_bp(total, MATRIX.astype(np.float32))
    assert (g.shape, g.dtype) == ((3, 2), np.float32)
    assert bp.eval_bp(lambda x: P.pure(x, np.ndarray), np.array([1.0, 2.0])).shape == (1, 2)


def test_product_of_a_matrix_handles_zeros_per_column() -> None:
    m = np.array([[0.0, 2.0, 1.0], [3.0, 0.0, 2.0], [5.0, 0.0, 4.0]])
    product: Callable[[Any], Any] = P.product
    out, g = bp.backprop(product, m)
    np.testing.assert_array_equal(out, [0.0, 0.0, 8.0])
    # column 0 has one zero, column 1 two, column 2 none
    np.testing.assert_array_equal(g, [[15.0, 0.0, 8.0], [0.0, 0.0, 4.0], [0.0, 0.0, 2.0]])


def test_rows_of_a_matrix_cannot_be_ordered() -> None:
    with pytest.raises(TypeError, match="maximum: the elements of the array cannot be ordered"):
        bp.grad_bp(lambda m: P.maximum(m), MATRIX)


def test_map_over_a_matrix_needs_results_of_one_shape() -> None:
    with pytest.raises(TypeError, match=r"map: over a 2-D array every result must be .* one shape"):
        bp.eval_bp(lambda m: P.map(lambda r: r if r.value[0] > 0 else r[0], m), MATRIX)  # pyright: ignore[reportIndexIssue]


# --- fixed-length tuples -------------------------------------------------------------------------


def test_fixed_length_tuples_are_tuples() -> None:
    def f(t: BVar[S, tuple[float, float, float]]) -> BVar[S, float]:
        squares = P.map(lambda e: e * e, t)
        return P.sum(squares) * P.product(t) + P.maximum(t)

    t = (1.5, -2.0, 0.5)
    check_grad(f, t)
    assert type(bp.grad_bp(f, t)) is tuple
    assert bp.eval_bp(lambda v: P.map(lambda e: e * 2.0, v), t) == (3.0, -4.0, 1.0)


# --- cost: O(n) nodes and work, single nodes for whole-array reductions ---------------------


def nodes_used(f: Callable[[Any], Any], x: Any) -> int:
    """The number of tape nodes a run of ``f`` made (inputs included)."""
    counts: list[int] = []

    def spy(v: Any) -> Any:
        out = f(v)
        counts.append(len(out._tape.nodes))
        return out

    bp.grad_bp(spy, x)
    return counts[0]


@pytest.mark.parametrize("kind", ["list", "array"])
@pytest.mark.parametrize("name", ["sum", "product", "minimum", "maximum", "length", "map_const"])
def test_whole_container_functions_are_one_node(kind: str, name: str) -> None:
    f: Callable[[Any], Any] = (
        (lambda v: P.map_const(P.sum(v), v)) if name == "map_const" else getattr(P, name)
    )
    small = nodes_used(f, make(kind, [1.0, 2.0]))
    large = nodes_used(f, make(kind, [1.0 + i * 1e-4 for i in range(1000)]))
    assert small == large
    assert small <= 3


@pytest.mark.parametrize("kind", KINDS)
def test_map_and_folds_are_linear_in_nodes(kind: str) -> None:
    def sum_squares(v: Any) -> Any:
        return P.sum(P.map(lambda e: e * e, v))

    def fold(v: Any) -> Any:
        return P.foldl(lambda a, e: a + e * e, const0(), v)

    # per element: its own node, then one multiply (sum_squares) or a multiply and an add (fold)
    for f, per_element in ((sum_squares, 2), (fold, 3)):
        counts = [nodes_used(f, make(kind, [1.0] * n)) for n in (1, 101, 201)]
        assert counts[1] - counts[0] == counts[2] - counts[1] == 100 * per_element


def test_split_container_gradient_is_built_once_per_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    real = _containers.Child.materialize

    def counting(self: _containers.Child, base: Any, items: list[tuple[Any, Any]]) -> Any:
        built.append(len(items))
        return real(self, base, items)

    monkeypatch.setattr(_containers.Child, "materialize", counting)
    x = [float(i) for i in range(500)]
    g = bp.grad_bp(lambda v: P.sum(P.map(lambda e: e * e, v)), x)
    assert g == [2.0 * v for v in x]
    assert built == [500]  # one container gradient, from 500 element gradients


def test_a_backprop_with_pull_can_run_twice() -> None:
    _, pull = bp.backprop_with(lambda v: P.map(lambda e: e * e, v), [1.0, 2.0, 3.0])
    assert pull([1.0, 1.0, 1.0]) == [2.0, 4.0, 6.0]
    assert pull([1.0, 0.0, 2.0]) == [2.0, 0.0, 12.0]
    assert pull([1.0, 1.0, 1.0]) == [2.0, 4.0, 6.0]


def test_elements_that_get_no_gradient_get_zero() -> None:
    assert bp.grad_bp(lambda v: P.to_list(v)[1] * 2.0, (1.0, 2.0, 3.0)) == (0.0, 2.0, 0.0)
    assert bp.grad_bp(lambda v: P.to_list(v)[1] * 2.0, np.arange(3.0)).tolist() == [0, 2, 0]
    mixed = [1.0, np.array([1.0, 2.0])]
    g = bp.grad_bp(lambda v: P.to_list(v)[0] * 2.0, mixed)
    assert g[0] == 2.0
    np.testing.assert_array_equal(g[1], [0.0, 0.0])


# --- never mutate the caller's value ---------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_inputs_are_not_mutated(kind: str) -> None:
    xs = make(kind, VALUES)
    before = copy.deepcopy(xs)
    for f in list(REDUCTIONS.values()) + list(STRUCTURAL.values()):
        bp.backprop(f, xs)
    assert flat(xs) == flat(before)
    assert type(xs) is type(before)


# --- bad input ------------------------------------------------------------------------------


def test_a_plain_container_is_rejected_with_a_hint() -> None:
    with pytest.raises(
        TypeError, match=r"sum: expected a BVar of a container, got list .*const_var"
    ):
        P.sum([1.0, 2.0])  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]


@pytest.mark.parametrize("name", ["sum", "product", "minimum", "maximum", "length", "to_list"])
def test_unsupported_containers_are_rejected(name: str) -> None:
    f = getattr(P, name)
    with pytest.raises(
        TypeError,
        match=f"{name}: expected a BVar of a list, tuple, dict or numpy array, got a BVar of set",
    ):
        bp.grad_bp(f, {1.0, 2.0})
    # an array is the sequence of its rows; a 0-d array has none
    with pytest.raises(ValueError, match=f"{name}: a 0-d array has no elements"):
        bp.grad_bp(f, np.array(1.0))


def test_minimum_of_unordered_elements_is_rejected() -> None:
    with pytest.raises(TypeError, match="minimum: the elements of the list cannot be ordered"):
        bp.grad_bp(P.minimum, [np.ones(2), np.zeros(2)])


def test_product_of_differently_shaped_arrays_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"product: the elements must all have one shape"):
        bp.grad_bp(P.product, [np.ones(2), np.ones(3)])


def test_map_over_an_array_needs_numbers() -> None:
    with pytest.raises(TypeError, match="map: over a 1-D array every result must be a number"):
        bp.grad_bp(lambda v: P.map(lambda e: bp.collect_var([e, e]), v), np.ones(2))


def test_map_accum_needs_a_pair() -> None:
    with pytest.raises(TypeError, match=r"map_accum_l: f must return a pair .* got BVar"):
        bp.grad_bp(lambda v: P.map_accum_l(lambda a, e: a + e, const0(), v)[1], [1.0])  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType, reportCallIssue, reportOperatorIssue]


def test_traverse_needs_a_bvar_or_none() -> None:
    with pytest.raises(TypeError, match=r"traverse: f must return a BVar or None .* got list"):
        bp.grad_bp(lambda v: P.traverse(lambda e: [e], v), [1.0])  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType, reportCallIssue]


def test_applicative_containers_must_match_and_not_be_dicts() -> None:
    with pytest.raises(
        TypeError, match="lift_a2: the containers must be of one kind, got list and tuple"
    ):
        bp.grad_bp2(lambda a, b: P.lift_a2(lambda x, y: x * y, a, b), [1.0], (2.0,))  # pyright: ignore[reportArgumentType, reportCallIssue, reportOperatorIssue]
    with pytest.raises(TypeError, match="lift_a3: dicts are not an Applicative"):
        bp.eval_bp(lambda d: P.lift_a3(lambda x, y, z: x, d, d, d), {"a": 1.0})  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(
        TypeError, match=r"pure: kind must be list, tuple or numpy\.ndarray, got <class 'dict'>"
    ):
        bp.eval_bp(lambda x: P.pure(x, dict), 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(TypeError, match="pure: an array holds numbers, got list"):
        bp.eval_bp(lambda x: P.pure(x, np.ndarray), [1.0])  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(TypeError, match="map_const: over a 1-D array the value must be a number"):
        bp.eval_bp2(lambda x, v: P.map_const(x, v), [1.0], np.ones(2))  # pyright: ignore[reportArgumentType, reportCallIssue]


def test_conversions_check_the_kind_of_number() -> None:
    with pytest.raises(
        TypeError, match="from_integral: expected a BVar of an integer, got a BVar of float"
    ):
        bp.grad_bp(lambda x: P.from_integral(x, float), 1.5)  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"from_integral: .* got a BVar of bool"):
        bp.eval_bp(lambda x: P.from_integral(x, float), True)
    with pytest.raises(
        TypeError,
        match=r"real_to_frac: expected a BVar of a fractional real number, got a BVar of int .*from_integral",
    ):
        bp.grad_bp(lambda x: P.real_to_frac(x, float), 2)
    with pytest.raises(
        TypeError, match="round: expected a BVar of a fractional real number, got a BVar of str"
    ):
        bp.grad_bp(P.round, "2.5")  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match="round: cannot round nan to an integer"):
        bp.grad_bp(P.round, float("nan"))
    with pytest.raises(ValueError, match="round: cannot round inf to an integer"):
        bp.grad_bp(P.round, float("inf"))


def test_a_leaked_bvar_is_rejected() -> None:
    leaked: list[BVar[Any, list[float]]] = []

    def f(v: BVar[S, list[float]]) -> BVar[S, float]:
        leaked.append(v)
        return P.sum(v)

    bp.grad_bp(f, [1.0, 2.0])
    with pytest.raises(bp.ScopeError, match="map: this BVar escaped its scope"):
        P.map(lambda e: e, leaked[0])
    with pytest.raises(bp.ScopeError, match="sum: this BVar escaped its scope"):
        P.sum(leaked[0])


# --- properties --------------------------------------------------------------------------------

floats = st.floats(min_value=-10, max_value=10, allow_nan=False).map(lambda v: round(v, 3))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(floats, st.just(0.0)), max_size=6))
def test_product_gradient_is_the_product_of_the_others(xs: list[float]) -> None:
    g = bp.grad_bp(P.product, xs)
    expected = [math.prod(xs[:i] + xs[i + 1 :]) for i in range(len(xs))]
    assert g == pytest.approx(expected, rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(floats, max_size=8))
def test_sum_of_squares_gradient_is_twice_the_input(xs: list[float]) -> None:
    assert bp.grad_bp(lambda v: P.sum(P.map(lambda e: e * e, v)), xs) == [2.0 * x for x in xs]
    assert bp.grad_bp(lambda v: P.sum(P.map(lambda e: e * e, v)), np.array(xs)).tolist() == [
        2.0 * x for x in xs
    ]
