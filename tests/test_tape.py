"""BVar and the tape: operators, numpy interplay, conversions, every runner,
constants, coercions, isomorphisms, lift_op*, containers and backprop.explicit."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, NamedTuple, NewType, cast

import numpy as np
import pytest
from numpy.typing import NDArray

import backprop as bp
import backprop.explicit as bpe
from backprop import BVar, S
from backprop.testing import check_grad

Arr = NDArray[np.float64]
rng = np.random.default_rng(7)


def nodes(x: BVar[Any, Any]) -> int:
    """How many nodes the tape of ``x`` holds (to see what creates one)."""
    tape = x._tape
    assert tape is not None
    return len(tape.nodes)


def value(shape: tuple[int, ...] | None, lo: float = -2.0, hi: float = 2.0) -> Any:
    """A float (shape None) or a float64 array of that shape."""
    x = rng.uniform(lo, hi, () if shape is None else shape)
    return float(x) if shape is None else x


# --- binary operators ---------------------------------------------------------------

BINARY_OPS: list[tuple[str, Callable[[Any, Any], Any], tuple[float, float]]] = [
    ("+", operator.add, (-2.0, 2.0)),
    ("-", operator.sub, (-2.0, 2.0)),
    ("*", operator.mul, (-2.0, 2.0)),
    ("/", operator.truediv, (0.5, 2.0)),
    ("**", operator.pow, (0.5, 2.0)),
]
binary_ops = pytest.mark.parametrize(
    ("name", "fn", "domain"), BINARY_OPS, ids=[n for n, *_ in BINARY_OPS]
)
SHAPES = [
    (None, None),
    (None, (3,)),
    ((3,), None),
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((2, 1), (1, 3)),
    ((4, 1, 3), (2, 1)),
    ((), (2,)),
]
shapes = pytest.mark.parametrize(("xs", "ys"), SHAPES, ids=str)


@binary_ops
@shapes
def test_operator_on_two_bvars(
    name: str,
    fn: Callable[[Any, Any], Any],
    domain: tuple[float, float],
    xs: tuple[int, ...] | None,
    ys: tuple[int, ...] | None,
) -> None:
    x, y = value(xs, *domain), value(ys, *domain)
    out = bp.eval_bp2(lambda a, b: fn(a, b), x, y)
    np.testing.assert_allclose(out, fn(x, y))
    # check_grad also checks each gradient has its operand's shape
    check_grad(lambda p: fn(p[0], p[1]), (x, y))
    gx, gy = bp.grad_bp2(lambda a, b: fn(a, b), x, y)
    assert np.shape(gx) == np.shape(x)
    assert np.shape(gy) == np.shape(y)


@binary_ops
@shapes
def test_operator_with_a_constant_on_either_side(
    name: str,
    fn: Callable[[Any, Any], Any],
    domain: tuple[float, float],
    xs: tuple[int, ...] | None,
    ys: tuple[int, ...] | None,
) -> None:
    x, c = value(xs, *domain), value(ys, *domain)
    np.testing.assert_allclose(bp.eval_bp(lambda v: fn(v, c), x), fn(x, c))
    np.testing.assert_allclose(bp.eval_bp(lambda v: fn(c, v), x), fn(c, x))
    check_grad(lambda v: fn(v, c), x)
    check_grad(lambda v: fn(c, v), x)  # the reflected form (or numpy's hook for arrays)


@pytest.mark.parametrize("c", [2, 2.5, np.float64(2.5)], ids=type)
def test_reflected_operators_with_plain_numbers(c: float) -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        return c + x - (c - x) * (c * x) + c / x + c**x

    x = 1.5
    assert bp.eval_bp(f, x) == pytest.approx(c + x - (c - x) * (c * x) + c / x + c**x)
    check_grad(f, x)


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ((2, 3), (3, 4)),
        ((3,), (3, 4)),
        ((2, 3), (3,)),
        ((3,), (3,)),
        ((5, 2, 3), (3, 4)),
        ((3,), (5, 3, 4)),
        ((5, 2, 3), (5, 3, 4)),
        ((1, 2, 3), (4, 3, 2)),
    ],
    ids=str,
)
def test_matmul(xs: tuple[int, ...], ys: tuple[int, ...]) -> None:
    x, y = rng.standard_normal(xs), rng.standard_normal(ys)
    np.testing.assert_allclose(bp.eval_bp2(lambda a, b: a @ b, x, y), x @ y)
    check_grad(lambda p: p[0] @ p[1], (x, y))
    check_grad(lambda a: a @ y, x)
    check_grad(lambda b: x @ b, y)  # ndarray @ BVar goes through __array_ufunc__


@pytest.mark.parametrize("x", [-1.5, 0.5, np.array([[-1.0, 2.0], [0.5, -0.25]])], ids=repr)
def test_unary_operators(x: Any) -> None:
    np.testing.assert_allclose(bp.eval_bp(lambda v: -v, x), -x)
    np.testing.assert_allclose(bp.eval_bp(lambda v: +v, x), x)
    np.testing.assert_allclose(bp.eval_bp(lambda v: abs(v), x), abs(x))
    check_grad(lambda v: -v * 2.0, x)
    check_grad(lambda v: +v * 2.0, x)
    check_grad(lambda v: abs(v) * 2.0, x)


def test_transpose_property() -> None:
    x = rng.standard_normal((2, 3))
    assert bp.eval_bp(lambda v: v.T, x).shape == (3, 2)
    check_grad(lambda v: v.T @ np.arange(2.0), x)


def test_gradients_of_broadcast_operands_are_summed_back() -> None:
    x, y = np.ones((2, 3)), np.array([1.0, 2.0, 3.0])
    gx, gy = bp.grad_bp2(lambda a, b: a * b, x, y)
    np.testing.assert_array_equal(gx, np.tile(y, (2, 1)))
    np.testing.assert_array_equal(gy, np.array([2.0, 2.0, 2.0]))
    gs, gv = bp.grad_bp2(lambda a, b: a * b, 2.0, y)
    assert gs == 6.0
    np.testing.assert_array_equal(gv, np.full(3, 2.0))


def test_the_gradient_of_a_float_is_a_float() -> None:
    assert type(bp.grad_bp(lambda v: v * np.float64(2.0), 3.0)) is float


def test_the_gradient_of_a_0d_array_is_a_0d_array() -> None:
    g = bp.grad_bp(lambda v: v * 2.0, np.array(3.0))
    assert type(g) is np.ndarray
    assert g.shape == ()


# --- numpy interplay ------------------------------------------------------------------


@pytest.mark.parametrize(
    "fn",
    [operator.add, operator.sub, operator.mul, operator.truediv, operator.pow],
    ids=lambda f: f.__name__,
)
def test_ndarray_on_the_left_reaches_the_bvar(fn: Callable[[Any, Any], Any]) -> None:
    c = np.array([1.0, 2.0, 3.0])

    def f(x: BVar[S, Arr]) -> BVar[S, Arr]:
        out = fn(c, x)
        assert type(out) is BVar  # not an object array of BVars
        assert out.value.dtype == np.float64
        return out

    x = np.array([0.5, 1.5, 2.5])
    np.testing.assert_allclose(bp.eval_bp(f, x), fn(c, x))
    check_grad(f, x)
    check_grad(lambda v: fn(c, v), 1.25)  # an array constant and a scalar BVar


UFUNCS: list[tuple[Any, tuple[float, float]]] = [
    (np.exp, (-2, 2)),
    (np.log, (0.2, 3)),
    (np.sqrt, (0.2, 3)),
    (np.sin, (-2, 2)),
    (np.cos, (-2, 2)),
    (np.tan, (-1.2, 1.2)),
    (np.arcsin, (-0.9, 0.9)),
    (np.arccos, (-0.9, 0.9)),
    (np.arctan, (-2, 2)),
    (np.sinh, (-2, 2)),
    (np.cosh, (-2, 2)),
    (np.tanh, (-2, 2)),
    (np.arcsinh, (-2, 2)),
    (np.arccosh, (1.1, 3)),
    (np.arctanh, (-0.9, 0.9)),
    (np.negative, (-2, 2)),
    (np.positive, (-2, 2)),
    (np.absolute, (0.2, 2)),
    (np.sign, (0.2, 2)),
    (np.reciprocal, (0.3, 2)),
]


@pytest.mark.parametrize(("ufunc", "domain"), UFUNCS, ids=lambda u: getattr(u, "__name__", ""))
def test_numpy_unary_ufuncs_lift(ufunc: Any, domain: tuple[float, float]) -> None:
    x = rng.uniform(*domain, (2, 3))
    out = bp.eval_bp(lambda v: ufunc(v), x)
    assert type(out) is np.ndarray
    np.testing.assert_allclose(out, ufunc(x))
    check_grad(lambda v: ufunc(v), x)
    s = float(rng.uniform(*domain))
    assert type(bp.eval_bp(lambda v: ufunc(v), s)) is float
    check_grad(lambda v: ufunc(v), s)


@pytest.mark.parametrize(
    "ufunc", [np.add, np.subtract, np.multiply, np.divide, np.power], ids=lambda u: u.__name__
)
def test_numpy_binary_ufuncs_lift(ufunc: Any) -> None:
    x, y = rng.uniform(0.5, 2, (2, 3)), rng.uniform(0.5, 2, (3,))
    check_grad(lambda p: ufunc(p[0], p[1]), (x, y))
    check_grad(lambda v: ufunc(y, v), x)
    check_grad(lambda v: ufunc(v, y), x)


def test_numpy_ufunc_methods_and_keywords_are_refused() -> None:
    x = np.ones(3)
    with pytest.raises(TypeError, match=r"numpy\.add \(reduce .*not differentiable"):
        bp.grad_bp(lambda v: bp.const_var(np.add.reduce(v)), x)  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        TypeError, match=r"numpy\.exp \(__call__ with \['out'\]\).*not differentiable"
    ):
        bp.grad_bp(lambda v: bp.const_var(np.exp(v, out=np.empty(3))), x)  # pyright: ignore[reportArgumentType, reportCallIssue]


def test_no_conversion_to_an_array() -> None:
    with pytest.raises(TypeError, match=r"cannot be converted to a numpy array.*x\.value"):
        bp.eval_bp(lambda v: bp.const_var(np.asarray(v)), np.ones(2))
    with pytest.raises(TypeError, match=r"cannot be converted to a numpy array"):
        bp.eval_bp(lambda v: bp.const_var(np.array([v, v])), 1.0)


@pytest.mark.parametrize("convert", [float, int, complex, operator.index], ids=lambda f: f.__name__)
def test_number_conversions_raise_naming_value(convert: Callable[[Any], Any]) -> None:
    with pytest.raises(TypeError, match=r"would silently drop its gradient: read x\.value"):
        bp.grad_bp(lambda v: bp.const_var(convert(v)) * v, 2.0)


# --- comparisons -------------------------------------------------------------------------


def test_comparisons_compare_values() -> None:
    def check(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
        assert x < y
        assert x <= y
        assert y > x
        assert y >= x
        assert x != y
        assert not x == y  # noqa: SIM201  # __eq__ itself is under test
        assert x == 1.0
        assert x < 2
        assert x > 0.5
        assert 2.0 > x  # noqa: SIM300  # the reflected comparison
        return x

    bp.backprop2(check, 1.0, 3.0)


def test_comparisons_of_arrays_are_elementwise() -> None:
    def check(x: BVar[S, Arr]) -> BVar[S, Arr]:
        np.testing.assert_array_equal(x > 0.0, [False, True, True])
        np.testing.assert_array_equal(np.array([0.0, 0.0, 5.0]) < x, [False, True, False])
        np.testing.assert_array_equal(x == np.array([-1.0, 0.0, 2.0]), [True, False, True])
        return x

    bp.backprop(check, np.array([-1.0, 1.0, 2.0]))


def test_branching_on_a_comparison_follows_the_value() -> None:
    def relu_ish(x: BVar[S, float]) -> BVar[S, float]:
        if x > 0:
            return x * x
        return x * -3.0

    assert bp.backprop(relu_ish, 2.0) == (4.0, 4.0)
    assert bp.backprop(relu_ish, -2.0) == (6.0, -3.0)


# --- runners ---------------------------------------------------------------------------


def test_one_input_runners() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        return x**2 + 3

    assert bp.backprop(f, 9.0) == (84.0, 18.0)
    assert bp.eval_bp(f, 9.0) == 84.0
    assert bp.grad_bp(f, 9.0) == 18.0
    y, pull = bp.backprop_with(f, 9.0)
    assert (y, pull(1.0), pull(0.5)) == (84.0, 18.0, 9.0)


def weighted(x: BVar[S, float], w: BVar[S, Arr]) -> BVar[S, Arr]:
    # mul_op is typed on floats and multiplies an array by a float at run time
    mul: bp.Op[tuple[Arr, float], Arr] = cast(Any, bp.mul_op)
    return w * w + bp.lift_op2(mul, w, x)


def test_two_input_runners() -> None:
    w = np.array([1.0, -2.0])
    value, (gx, gw) = bp.backprop2(weighted, 3.0, w)
    np.testing.assert_allclose(value, np.array([4.0, -2.0]))
    assert gx == -1.0  # seeded with ones: sum(w)
    np.testing.assert_allclose(gw, 3.0 + 2 * w)
    np.testing.assert_allclose(bp.eval_bp2(weighted, 3.0, w), value)
    assert bp.grad_bp2(weighted, 3.0, w)[0] == -1.0
    _, pull = bp.backprop_with2(weighted, 3.0, w)
    d = np.array([10.0, 100.0])
    gx2, gw2 = pull(d)
    assert gx2 == pytest.approx(float(np.dot(d, w)))
    np.testing.assert_allclose(gw2, d * (3.0 + 2 * w))
    check_grad(lambda p: weighted(p[0], p[1]), (3.0, w))


def test_n_input_runners_for_one_to_five_inputs() -> None:
    def f1(a: BVar[S, float]) -> BVar[S, float]:
        return a * 2.0

    def f2(a: BVar[S, float], b: BVar[S, float]) -> BVar[S, float]:
        return a * b

    def f3(a: BVar[S, float], b: BVar[S, float], c: BVar[S, float]) -> BVar[S, float]:
        return a * b + c

    def f4(
        a: BVar[S, float], b: BVar[S, float], c: BVar[S, float], d: BVar[S, float]
    ) -> BVar[S, float]:
        return a * b + c * d

    def f5(*xs: BVar[S, float]) -> BVar[S, float]:
        total = xs[0]
        for x in xs[1:]:
            total = total * x
        return total

    assert bp.backprop_n(f1, (3.0,)) == (6.0, (2.0,))
    assert bp.backprop_n(f2, (3.0, 4.0)) == (12.0, (4.0, 3.0))
    assert bp.backprop_n(f3, (3.0, 4.0, 5.0)) == (17.0, (4.0, 3.0, 1.0))
    assert bp.backprop_n(f4, (1.0, 2.0, 3.0, 4.0)) == (14.0, (2.0, 1.0, 4.0, 3.0))
    assert bp.backprop_n(f5, (1.0, 2.0, 3.0, 4.0, 5.0)) == (120.0, (120.0, 60.0, 40.0, 30.0, 24.0))
    assert bp.eval_bp_n(f3, (3.0, 4.0, 5.0)) == 17.0
    assert bp.eval_bp_n(f5, (1.0, 2.0, 3.0, 4.0, 5.0)) == 120.0
    assert bp.grad_bp_n(f4, (1.0, 2.0, 3.0, 4.0)) == (2.0, 1.0, 4.0, 3.0)
    y, pull = bp.backprop_with_n(f3, (3.0, 4.0, 5.0))
    assert (y, pull(2.0)) == (17.0, (8.0, 6.0, 2.0))


@pytest.mark.parametrize(
    "runner",
    [bp.backprop_n, bp.eval_bp_n, bp.grad_bp_n, bp.backprop_with_n],
    ids=lambda r: r.__name__,
)
def test_n_runners_want_a_tuple(runner: Callable[..., Any]) -> None:
    name = runner.__name__
    with pytest.raises(TypeError, match=rf"^{name}: the inputs must be a tuple, got list"):
        runner(lambda a, b: a * b, [1.0, 2.0])


def test_backprop_with_called_twice_with_different_seeds() -> None:
    x = np.array([1.0, 2.0, 3.0])
    _, pull = bp.backprop_with(lambda v: v * v * v, x)
    s1, s2 = np.array([1.0, 0.0, 2.0]), np.array([-1.0, 5.0, 0.5])
    g1 = pull(s1)
    g1_copy = g1.copy()
    g2 = pull(s2)
    np.testing.assert_allclose(g1, s1 * 3 * x**2)
    np.testing.assert_allclose(g2, s2 * 3 * x**2)
    np.testing.assert_array_equal(g1, g1_copy)  # the second pull did not reuse g1
    np.testing.assert_allclose(pull(s1), g1)


def test_eval_bp0() -> None:
    assert bp.eval_bp0(lambda: bp.const_var(2.0) * 3.0) == 6.0
    assert bp.eval_bp0(lambda: bp.lift_op1(bp.exp_op, bp.auto(0.0))) == 1.0


@pytest.mark.parametrize(
    ("runner", "name"),
    [
        (lambda f: bp.backprop(f, 1.0), "backprop"),
        (lambda f: bp.eval_bp(f, 1.0), "eval_bp"),
        (lambda f: bp.grad_bp(f, 1.0), "grad_bp"),
        (lambda f: bp.grad_bp2(lambda x, y: f(x), 1.0, 2.0), "grad_bp2"),
        (lambda f: bp.grad_bp_n(f, (1.0,)), "grad_bp_n"),
        (lambda f: bp.backprop_with(f, 1.0), "backprop_with"),
        (lambda f: bp.backprop2(lambda x, y: f(x), 1.0, 2.0), "backprop2"),
        (lambda f: bp.eval_bp2(lambda x, y: f(x), 1.0, 2.0), "eval_bp2"),
        (lambda f: bp.backprop_with2(lambda x, y: f(x), 1.0, 2.0), "backprop_with2"),
        (lambda f: bp.backprop_n(f, (1.0,)), "backprop_n"),
        (lambda f: bp.eval_bp_n(f, (1.0,)), "eval_bp_n"),
        (lambda f: bp.backprop_with_n(f, (1.0,)), "backprop_with_n"),
        (lambda f: bp.eval_bp0(lambda: f(bp.auto(1.0))), "eval_bp0"),
    ],
    ids=lambda r: r if isinstance(r, str) else "",
)
def test_runners_reject_a_function_that_returns_no_bvar(
    runner: Callable[[Callable[[Any], Any]], Any], name: str
) -> None:
    with pytest.raises(TypeError, match=rf"^{name}: the function must return a BVar, got float"):
        runner(lambda x: 3.0)


def test_an_input_the_result_does_not_use_gets_zero() -> None:
    def f(x: BVar[S, float], ys: BVar[S, list[Arr]]) -> BVar[S, float]:
        return x * 2.0

    assert bp.backprop2(f, 1.0, [np.ones(2)])[1][0] == 2.0
    gys = bp.grad_bp2(f, 1.0, [np.ones(2), np.ones(3)])[1]
    assert [g.tolist() for g in gys] == [[0.0, 0.0], [0.0, 0.0, 0.0]]


# --- constants, coercions, isomorphisms ----------------------------------------------------


@pytest.mark.parametrize("make", [bp.const_var, bp.auto], ids=lambda f: f.__name__)
def test_constants_create_no_node_and_get_no_gradient(
    make: Callable[[float], BVar[Any, float]],
) -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        before = nodes(x)
        c: BVar[S, float] = make(3.0)
        d = c * c + 1.0  # arithmetic among constants stays off the tape
        assert nodes(x) == before
        out = x * d
        assert nodes(x) == before + 1
        return out

    assert bp.backprop(f, 2.0) == (20.0, 10.0)
    assert make(2.5).value == 2.5


def test_a_constant_result_gives_zero_gradients() -> None:
    assert bp.backprop(lambda x: bp.const_var(5.0), np.ones(2))[1].tolist() == [0.0, 0.0]


Meters = NewType("Meters", float)


def test_coerce_var_retypes_without_a_node() -> None:
    def f(x: BVar[S, float]) -> BVar[S, Meters]:
        y = x * 2.0
        before = nodes(y)
        m = bp.coerce_var(y, Meters)
        assert m is y
        assert nodes(y) == before
        return m

    assert bp.backprop(f, 1.5) == (3.0, 2.0)
    with pytest.raises(TypeError, match="coerce_var: expected a BVar, got float"):
        bp.coerce_var(2.0, Meters)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_iso_var() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        wrapped = bp.iso_var(lambda v: (v,), lambda t: t[0], x)
        return bp.iso_var(lambda t: t[0], lambda v: (v,), wrapped) * x

    assert bp.backprop(f, 3.0) == (9.0, 6.0)
    check_grad(f, 0.7)


def test_iso_var2_iso_var3_iso_var_n() -> None:
    def f2(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
        z = bp.iso_var2(complex, lambda c: (c.real, c.imag), x, y)
        return bp.iso_var(lambda c: c.real * c.imag, lambda d: complex(d, d), z)

    # the forward is not an isomorphism, so only the bookkeeping is checked:
    # each input gets the part of the output gradient that g maps to it
    assert bp.backprop2(f2, 2.0, 3.0) == (6.0, (1.0, 1.0))

    def f3(x: BVar[S, float], y: BVar[S, float], z: BVar[S, float]) -> BVar[S, list[float]]:
        return bp.iso_var3(lambda a, b, c: [a, b, c], lambda t: (t[0], t[1], t[2]), x, y * 2.0, z)

    y, pull = bp.backprop_with_n(f3, (1.0, 2.0, 3.0))
    assert y == [1.0, 4.0, 3.0]
    assert pull([10.0, 20.0, 30.0]) == (10.0, 40.0, 30.0)

    def fn(*xs: BVar[S, float]) -> BVar[S, tuple[float, ...]]:
        return bp.iso_var_n(lambda *vs: tuple(vs), lambda t: t, *xs)

    y5, pull5 = bp.backprop_with_n(fn, (1.0, 2.0, 3.0, 4.0, 5.0))
    assert y5 == (1.0, 2.0, 3.0, 4.0, 5.0)
    assert pull5((5.0, 4.0, 3.0, 2.0, 1.0)) == (5.0, 4.0, 3.0, 2.0, 1.0)


def test_iso_var_with_a_constant_argument() -> None:
    def f(x: BVar[S, float]) -> BVar[S, tuple[float, float]]:
        return bp.iso_var2(lambda a, b: (a, b), lambda t: t, x, bp.const_var(2.0))

    assert bp.backprop(f, 1.0) == ((1.0, 2.0), 1.0)


# --- lift_op -----------------------------------------------------------------------------------


def softplus(x: Arr) -> tuple[Arr, Callable[[Arr], Arr]]:
    return np.log1p(np.exp(x)), lambda d: d / (1 + np.exp(-x))


def affine(w: Arr, x: Arr, b: Arr) -> tuple[Arr, Callable[[Arr], tuple[Arr, Arr, Arr]]]:
    return w @ x + b, lambda d: (np.outer(d, x), w.T @ d, d)


def test_lift_op1_lift_op2_lift_op3_lift_op() -> None:
    sp = bp.op1(softplus)
    aff = bp.op3(affine)
    w, x, b = rng.standard_normal((2, 3)), rng.standard_normal(3), rng.standard_normal(2)

    def net(p: BVar[S, tuple[Arr, Arr, Arr]]) -> BVar[S, Arr]:
        hw, hx, hb = p[0], p[1], p[2]
        h = bp.lift_op3(aff, hw, hx, hb)
        # the numeric Ops are typed on floats; at run time they take arrays
        mul: bp.Op[tuple[Arr, Arr], Arr] = cast(Any, bp.mul_op)
        add: bp.Op[tuple[Arr, Arr], Arr] = cast(Any, bp.add_op)
        h2 = bp.lift_op2(mul, bp.lift_op1(sp, h), h)
        return bp.lift_op(add, h2, hb)

    h = w @ x + b
    np.testing.assert_allclose(bp.eval_bp(net, (w, x, b)), np.log1p(np.exp(h)) * h + b)
    check_grad(net, (w, x, b))


def test_lift_op_with_constant_arguments() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        return bp.lift_op2(bp.pow_op, bp.const_var(2.0), x) + bp.lift_op2(
            bp.pow_op, x, bp.auto(3.0)
        )

    y, g = bp.backprop(f, 2.0)
    assert y == 12.0
    assert g == pytest.approx(4 * math.log(2) + 12.0)
    assert bp.eval_bp0(lambda: bp.lift_op2(bp.mul_op, bp.auto(2.0), bp.auto(3.0))) == 6.0


def test_lift_op_refuses_what_is_not_an_op() -> None:
    with pytest.raises(TypeError, match="lift_op: expected an Op, got function"):
        bp.grad_bp(lambda x: bp.lift_op1(lambda v: v, x), 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- containers ----------------------------------------------------------------------------


def test_sequence_var_of_a_list() -> None:
    def f(xs: BVar[S, list[float]]) -> BVar[S, float]:
        a, b, c = bp.sequence_var(xs)
        return a * b + c * c

    assert bp.backprop(f, [2.0, 3.0, 4.0]) == (22.0, [3.0, 2.0, 8.0])
    check_grad(f, [0.5, -1.0, 2.0])


def test_sequence_var_of_a_tuple_keeps_the_tuple() -> None:
    def f(xs: BVar[S, tuple[float, ...]]) -> BVar[S, float]:
        parts = bp.sequence_var(xs)
        assert type(parts) is tuple
        return parts[0] * parts[2]

    assert bp.backprop(f, (2.0, 3.0, 4.0)) == (8.0, (4.0, 0.0, 2.0))


def test_sequence_var_of_a_dict() -> None:
    def f(d: BVar[S, dict[str, float]]) -> BVar[S, float]:
        parts = bp.sequence_var(d)
        assert list(parts) == ["w", "b", "unused"]
        return parts["w"] * parts["w"] + parts["b"]

    assert bp.backprop(f, {"w": 3.0, "b": 1.0, "unused": 7.0}) == (
        10.0,
        {"w": 6.0, "b": 1.0, "unused": 0.0},
    )


def test_sequence_var_of_a_1d_array() -> None:
    def f(a: BVar[S, Arr]) -> BVar[S, float]:
        x, y, z = bp.sequence_var(a)
        assert type(x.value) is float
        return x * y + z * 2.0

    value, g = bp.backprop(f, np.array([2.0, 3.0, 4.0]))
    assert value == 14.0
    assert type(g) is np.ndarray
    np.testing.assert_array_equal(g, [3.0, 2.0, 2.0])
    check_grad(f, np.array([0.5, -1.0, 2.0]))


def test_collect_var_of_list_tuple_and_dict() -> None:
    def f(x: BVar[S, float]) -> BVar[S, list[float]]:
        return bp.collect_var([x, x * 2.0, x * x])

    y, pull = bp.backprop_with(f, 3.0)
    assert y == [3.0, 6.0, 9.0]
    assert pull([1.0, 10.0, 100.0]) == 1.0 + 20.0 + 600.0

    def g(x: BVar[S, float]) -> BVar[S, tuple[float, ...]]:
        return bp.collect_var((x, bp.const_var(5.0)))

    assert bp.backprop(g, 1.0) == ((1.0, 5.0), 1.0)

    def h(x: BVar[S, float]) -> BVar[S, dict[str, float]]:
        return bp.collect_var({"a": x, "b": x * 3.0})

    y2, pull2 = bp.backprop_with(h, 2.0)
    assert y2 == {"a": 2.0, "b": 6.0}
    assert pull2({"a": 1.0, "b": 2.0}) == 7.0


@pytest.mark.parametrize(
    "x",
    [[1.0, 2.0], (1.0, 2.0), {"a": 1.0, "b": 2.0}, np.array([1.0, 2.0])],
    ids=lambda x: type(x).__name__,
)
def test_sequence_then_collect_is_the_identity(x: Any) -> None:
    # an array comes back as a list, and its gradient as an array
    y, g = bp.backprop(lambda v: bp.collect_var(bp.sequence_var(v)), x)
    assert y == (x.tolist() if isinstance(x, np.ndarray) else x)
    assert type(g) is type(x)
    if isinstance(x, np.ndarray):
        np.testing.assert_array_equal(g, np.ones(2))
    else:
        assert g == bp.one(x)


def test_container_errors() -> None:
    with pytest.raises(ValueError, match=r"sequence_var: a 0-d array has no elements"):
        bp.grad_bp(lambda a: bp.sequence_var(a)[0], np.array(1.0))
    with pytest.raises(
        TypeError,
        match="sequence_var: expected a BVar of a list, tuple, dict or array, got a BVar of float",
    ):
        bp.grad_bp(lambda a: bp.sequence_var(a)[0], 1.0)  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(TypeError, match="sequence_var: expected a BVar, got list"):
        bp.sequence_var([1.0])  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    with pytest.raises(
        TypeError, match="collect_var: expected a list, tuple or dict of BVars, got float"
    ):
        bp.collect_var(1.0)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]


class Pair(NamedTuple):
    a: float
    b: float


@pytest.mark.parametrize(
    ("f", "x", "expected"),
    [
        (lambda xs: xs[1] * 2.0 + xs[1] * xs[0], [3.0, 4.0, 5.0], [4.0, 5.0, 0.0]),
        (lambda xs: xs[-1] * 2.0, [3.0, 4.0, 5.0], [0.0, 0.0, 2.0]),
        (lambda xs: xs[1:][0] * 2.0, [3.0, 4.0, 5.0], [0.0, 2.0, 0.0]),
        (lambda t: t[1] * 2.0 + t[1], (1.0, 2.0), (0.0, 3.0)),
        (lambda p: p[1] * 2.0, Pair(1.0, 2.0), Pair(0.0, 2.0)),
        (lambda d: d["a"] * d["a"], {"a": 3.0, "b": 1.0}, {"a": 6.0, "b": 0.0}),
        (lambda xs: sum(xs, bp.auto(0.0)) * 2.0, [1.0, 2.0], [2.0, 2.0]),
    ],
    ids=["list", "negative", "slice", "tuple", "NamedTuple", "dict", "iteration"],
)
def test_indexing_containers(f: Callable[[Any], Any], x: Any, expected: Any) -> None:
    g = bp.grad_bp(f, x)
    assert type(g) is type(expected)
    assert g == expected


def test_indexing_arrays() -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    check_grad(lambda v: v[0, 1] * v[1][0] + v[0, 1], x)  # basic, twice
    check_grad(lambda v: v[[0, 0, 1]] * 2.0, x)  # fancy, repeated rows
    check_grad(lambda v: v[v.value > 2.5] * 3.0, x)  # boolean mask
    check_grad(lambda v: sum(v, bp.auto(np.zeros(2))), x)  # iterating rows
    np.testing.assert_array_equal(bp.grad_bp(lambda v: v[:, 0], x), [[1.0, 0.0], [1.0, 0.0]])


def test_indexing_errors() -> None:
    with pytest.raises(IndexError, match="BVar indexing with 5 on a list of length 1"):
        bp.grad_bp(lambda xs: xs[5], [1.0])
    with pytest.raises(KeyError, match="BVar indexing: key 'z' is not in the dict"):
        bp.grad_bp(lambda d: d["z"], {"a": 1.0})
    with pytest.raises(IndexError, match="BVar indexing with 5: index 5 is out of bounds"):
        bp.grad_bp(lambda a: a[5], np.ones(2))
    with pytest.raises(
        TypeError, match=r"the index must be a plain value, not a BVar \(read idx\.value\)"
    ):
        bp.grad_bp(lambda xs: xs[xs], [1.0])
    with pytest.raises(TypeError, match="a value of type float cannot be indexed"):
        bp.grad_bp(lambda x: x[0], 1.0)
    with pytest.raises(TypeError, match="BVar iteration: a value of type float is not a sequence"):
        bp.grad_bp(lambda x: next(iter(x)), 1.0)


# --- backprop.explicit ----------------------------------------------------------------------


class Bag:
    """Neither registered nor given the methods: only explicit functions work."""

    def __init__(self, v: float) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bag) and other.v == self.v

    def __hash__(self) -> int:
        return hash(self.v)

    def __repr__(self) -> str:
        return f"Bag({self.v})"


def bag_square(b: Bag) -> tuple[Bag, Callable[[Bag], Bag]]:
    return Bag(b.v * b.v), lambda d: Bag(2 * d.v * b.v)


def bag_mul(a: Bag, b: Bag) -> tuple[Bag, Callable[[Bag], tuple[Bag, Bag]]]:
    return Bag(a.v * b.v), lambda d: (Bag(d.v * b.v), Bag(d.v * a.v))


class Calls:
    def __init__(self) -> None:
        self.log: list[str] = []

    def zero(self, b: Bag) -> Bag:
        self.log.append("zero")
        return Bag(0.0)

    def one(self, b: Bag) -> Bag:
        self.log.append("one")
        return Bag(1.0)

    def add(self, a: Bag, b: Bag) -> Bag:
        self.log.append("add")
        return Bag(a.v + b.v)


def test_explicit_functions_are_the_ones_used() -> None:
    calls = Calls()
    mul = bp.op2(bag_mul)

    def f(x: BVar[S, Bag], y: BVar[S, Bag]) -> BVar[S, Bag]:
        return bpe.lift_op2(calls.add, calls.add, mul, x, x)  # x used twice, y unused

    value, (gx, gy) = bpe.backprop2(calls.zero, calls.zero, calls.one, f, Bag(3.0), Bag(4.0))
    assert (value, gx, gy) == (Bag(9.0), Bag(6.0), Bag(0.0))
    assert sorted(calls.log) == ["add", "one", "zero"]
    with pytest.raises(TypeError, match=r"values of type .*Bag are not supported"):
        bp.backprop2(f, Bag(3.0), Bag(4.0))  # the class functions cannot do it


def test_explicit_runners() -> None:
    calls = Calls()
    sq = bp.op1(bag_square)

    def f(x: BVar[S, Bag]) -> BVar[S, Bag]:
        return bpe.lift_op1(calls.add, sq, x)

    assert bpe.backprop(calls.zero, calls.one, f, Bag(3.0)) == (Bag(9.0), Bag(6.0))
    assert bpe.grad_bp(calls.zero, calls.one, f, Bag(3.0)) == Bag(6.0)
    y, pull = bpe.backprop_with(calls.zero, f, Bag(3.0))
    assert (y, pull(Bag(2.0)), pull(Bag(-1.0))) == (Bag(9.0), Bag(12.0), Bag(-6.0))
    assert calls.log == ["one", "one"]  # backprop_with takes its seed from the caller

    def g(a: BVar[S, Bag], b: BVar[S, Bag], c: BVar[S, Bag]) -> BVar[S, Bag]:
        return bpe.lift_op([calls.add, calls.add], bp.op2(bag_mul), a, c)

    value, grads = bpe.backprop_n([calls.zero] * 3, calls.one, g, (Bag(2.0), Bag(5.0), Bag(3.0)))
    assert (value, grads) == (Bag(6.0), (Bag(3.0), Bag(0.0), Bag(2.0)))


def test_explicit_seed_and_zero_change_the_result() -> None:
    def f(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
        return x * 3.0

    assert bpe.backprop2(lambda v: -1.0, lambda v: -1.0, lambda v: 2.0, f, 1.0, 1.0) == (
        3.0,
        (6.0, -1.0),
    )


def test_explicit_class_and_num_functions() -> None:
    zf: bpe.ZeroFunc[list[Any]] = bpe.zero_func()
    assert zf([1.0, (2, 3.0)]) == [0.0, (0, 0.0)]
    af: bpe.AddFunc[dict[str, float]] = bpe.add_func()
    assert af({"a": 1.0}, {"b": 2.0}) == {"a": 1.0, "b": 2.0}
    of: bpe.OneFunc[tuple[float, int]] = bpe.one_func()
    assert of((2.0, 3)) == (1.0, 1)
    np.testing.assert_array_equal(bpe.zf_num()(np.array([2.0, 3.0])), [0.0, 0.0])
    assert bpe.af_num()(1.5, 2.0) == 3.5
    np.testing.assert_array_equal(bpe.of_num()(np.array([2.0, 3.0])), [1.0, 1.0])


def test_explicit_length_mismatches_are_reported() -> None:
    z = bpe.zf_num()
    with pytest.raises(ValueError, match="backprop_n: 1 ZeroFuncs given for 2 inputs"):
        bpe.backprop_n([z], bpe.of_num(), lambda a, b: a * b, (1.0, 2.0))
    with pytest.raises(ValueError, match="lift_op: 2 AddFuncs given for 1 inputs"):
        bp.grad_bp(lambda x: bpe.lift_op([bpe.af_num()] * 2, bp.exp_op, x), 1.0)


def test_an_explicit_add_func_is_used_for_float_contributions_in_any_order() -> None:
    calls: list[tuple[float, float]] = []

    def af(a: float, b: float) -> float:
        calls.append((a, b))
        return a + b

    def first(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
        return x * 2.0 + bpe.lift_op1(af, bp.exp_op, x)

    def second(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
        return bpe.lift_op1(af, bp.exp_op, x) + x * 2.0

    for f in (first, second):
        calls.clear()
        assert bp.grad_bp(f, 0.0) == 3.0
        assert len(calls) == 1


def test_an_explicit_add_func_joins_a_whole_gradient_and_element_views() -> None:
    calls: list[int] = []

    def af(a: list[float], b: list[float]) -> list[float]:
        calls.append(1)
        return [x + y for x, y in zip(a, b, strict=True)]

    total = bp.op1(lambda xs: (sum(xs), lambda d: [d] * len(xs)))

    def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
        first = bp.sequence_var(xs)[0]
        return bpe.lift_op1(af, total, xs) + first * 3.0

    assert bp.grad_bp(f, [1.0, 2.0, 3.0]) == [4.0, 1.0, 1.0]
    assert calls == [1]
