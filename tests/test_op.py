"""Op: every constructor, runner, composition and numeric Op, checked for
value and gradient against hand-written derivatives and finite differences."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any, NewType, cast

import numpy as np
import pytest
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar, S
from backprop.testing import check_grad

Arr = NDArray[np.float64]
rng = np.random.default_rng(20240607)


def close(a: object, b: object) -> bool:
    """Same type and shape, numerically close (arrays compared elementwise)."""
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and a.shape == b.shape and np.allclose(a, b)
    return type(a) is type(b) and bool(np.isclose(cast("float", a), cast("float", b)))


def sum_to(g: Arr, shape: tuple[int, ...]) -> Arr:
    """Add up the broadcast axes of ``g`` so it has ``shape`` (the reference)."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


# --- numeric Ops ----------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Unary:
    op: bp.Op[tuple[Any], Any]
    f: Callable[[Any], Any]
    df: Callable[[Any], Any]
    lo: float = -2.0
    hi: float = 2.0
    signed: bool = False  # draw |x| from [lo, hi], then a random sign

    def sample(self, shape: tuple[int, ...]) -> Arr:
        x = rng.uniform(self.lo, self.hi, shape)
        return x * rng.choice([-1.0, 1.0], shape) if self.signed else x


UNARY = [
    Unary(bp.neg_op, np.negative, lambda x: -np.ones_like(x)),
    Unary(bp.abs_op, np.abs, np.sign, 0.2, 2.0, True),
    Unary(bp.sign_op, np.sign, np.zeros_like, 0.2, 2.0, True),
    Unary(bp.recip_op, lambda x: 1 / x, lambda x: -1 / x**2, 0.3, 2.0, True),
    Unary(bp.exp_op, np.exp, np.exp),
    Unary(bp.log_op, np.log, lambda x: 1 / x, 0.2, 3.0),
    Unary(bp.sqrt_op, np.sqrt, lambda x: 0.5 / np.sqrt(x), 0.2, 3.0),
    Unary(bp.sin_op, np.sin, np.cos),
    Unary(bp.cos_op, np.cos, lambda x: -np.sin(x)),
    Unary(bp.tan_op, np.tan, lambda x: 1 / np.cos(x) ** 2, -1.2, 1.2),
    Unary(bp.asin_op, np.arcsin, lambda x: 1 / np.sqrt(1 - x**2), -0.9, 0.9),
    Unary(bp.acos_op, np.arccos, lambda x: -1 / np.sqrt(1 - x**2), -0.9, 0.9),
    Unary(bp.atan_op, np.arctan, lambda x: 1 / (1 + x**2)),
    Unary(bp.sinh_op, np.sinh, np.cosh),
    Unary(bp.cosh_op, np.cosh, np.sinh),
    Unary(bp.tanh_op, np.tanh, lambda x: 1 / np.cosh(x) ** 2),
    Unary(bp.asinh_op, np.arcsinh, lambda x: 1 / np.sqrt(x**2 + 1)),
    Unary(bp.acosh_op, np.arccosh, lambda x: 1 / np.sqrt(x**2 - 1), 1.1, 3.0),
    Unary(bp.atanh_op, np.arctanh, lambda x: 1 / (1 - x**2), -0.9, 0.9),
]
unary = pytest.mark.parametrize("u", UNARY, ids=lambda u: u.op.name)


@unary
def test_unary_op_on_floats(u: Unary) -> None:
    for x in u.sample((5,)).tolist():
        assert close(bp.eval_op(u.op, (x,)), float(u.f(x)))
        d = float(rng.standard_normal())
        (gx,) = bp.grad_op_with(u.op, (x,), d)
        assert close(float(gx), d * float(u.df(x)))
        check_grad(lambda v: bp.lift_op1(u.op, v), x)


@unary
def test_unary_op_on_arrays(u: Unary) -> None:
    x = u.sample((2, 3))
    y, (gx,) = bp.run_op(u.op, (x,))  # seeded with ones
    assert close(y, u.f(x))
    assert close(gx, u.df(x))
    d = rng.standard_normal((2, 3))
    assert close(bp.grad_op_with(u.op, (x,), d), (d * u.df(x),))
    check_grad(lambda v: bp.lift_op1(u.op, v), x)


def test_unary_ops_keep_python_floats() -> None:
    for u in UNARY:
        x = float(u.sample(()))
        assert type(bp.eval_op(u.op, (x,))) is float, u.op.name


@dataclasses.dataclass(frozen=True)
class Binary:
    op: bp.Op[tuple[Any, Any], Any]
    f: Callable[[Any, Any], Any]
    dfx: Callable[[Any, Any], Any]
    dfy: Callable[[Any, Any], Any]
    x_range: tuple[float, float] = (-2.0, 2.0)
    y_range: tuple[float, float] = (-2.0, 2.0)


BINARY = [
    Binary(bp.add_op, np.add, lambda x, y: 1 + 0 * x * y, lambda x, y: 1 + 0 * x * y),
    Binary(bp.sub_op, np.subtract, lambda x, y: 1 + 0 * x * y, lambda x, y: -1 + 0 * x * y),
    Binary(bp.mul_op, np.multiply, lambda x, y: y + 0 * x, lambda x, y: x + 0 * y),
    Binary(
        bp.div_op, np.divide, lambda x, y: 1 / y + 0 * x, lambda x, y: -x / y**2, y_range=(0.5, 2)
    ),
    Binary(
        bp.pow_op,
        np.power,
        lambda x, y: y * x ** (y - 1),
        lambda x, y: np.log(x) * x**y,
        x_range=(0.3, 2.0),
    ),
    # log_base_op's arguments are (base, x)
    Binary(
        bp.log_base_op,
        lambda b, x: np.log(x) / np.log(b),
        lambda b, x: -np.log(x) / (b * np.log(b) ** 2),
        lambda b, x: 1 / (x * np.log(b)),
        x_range=(1.5, 3.0),
        y_range=(0.3, 3.0),
    ),
]
binary = pytest.mark.parametrize("b", BINARY, ids=lambda b: b.op.name)
BROADCAST = [
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((3,), (2, 3)),
    ((2, 1), (1, 3)),
    ((4, 1, 3), (2, 1)),
    ((2, 3), ()),
    ((), (3,)),
]


@binary
def test_binary_op_on_floats(b: Binary) -> None:
    x, y = rng.uniform(*b.x_range), rng.uniform(*b.y_range)
    assert close(bp.eval_op(b.op, (x, y)), float(b.f(x, y)))
    d = float(rng.standard_normal())
    gx, gy = bp.grad_op_with(b.op, (x, y), d)
    assert type(gx) is float
    assert type(gy) is float
    assert close((gx, gy), (d * float(b.dfx(x, y)), d * float(b.dfy(x, y))))
    check_grad(lambda p: bp.lift_op2(b.op, p[0], p[1]), (x, y))


@binary
@pytest.mark.parametrize(("xshape", "yshape"), BROADCAST, ids=str)
def test_binary_op_broadcasts(b: Binary, xshape: tuple[int, ...], yshape: tuple[int, ...]) -> None:
    x = rng.uniform(*b.x_range, xshape)
    y = rng.uniform(*b.y_range, yshape)
    out = bp.eval_op(b.op, (x, y))
    assert close(out, b.f(x, y))
    d = rng.standard_normal(np.shape(out))
    gx, gy = bp.grad_op_with(b.op, (x, y), d)
    assert close(gx, sum_to(d * b.dfx(x, y), xshape))
    assert close(gy, sum_to(d * b.dfy(x, y), yshape))
    check_grad(lambda p: bp.lift_op2(b.op, p[0], p[1]), (x, y))


@binary
def test_binary_op_with_a_float_and_an_array(b: Binary) -> None:
    x = float(rng.uniform(*b.x_range))
    y = rng.uniform(*b.y_range, (3,))
    gx, gy = bp.grad_op(b.op, (x, y))
    assert type(gx) is float  # summed back to the float's shape
    assert close(gx, float(np.sum(b.dfx(x, y))))
    assert close(gy, b.dfy(x, y))
    check_grad(lambda p: bp.lift_op2(b.op, p[0], p[1]), (x, y))


def test_numeric_op_names() -> None:
    assert repr(bp.mul_op) == "<Op mul_op>"
    assert [u.op.name for u in UNARY][:3] == ["neg_op", "abs_op", "sign_op"]
    assert bp.op.atanh_op is bp.atanh_op  # the backprop.op module re-exports them


# --- runners ------------------------------------------------------------------------------


def square(v: Arr) -> tuple[Arr, Callable[[Arr], Arr]]:
    return v * v, lambda d: 2 * d * v


def test_run_op_seeds_with_one_of_the_output() -> None:
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    y, (gx,) = bp.run_op(bp.op1(square), (x,))
    assert close(y, x * x)
    assert close(gx, 2 * x)


def test_eval_op_grad_op_and_grad_op_with_agree_with_run_op() -> None:
    args = (2.0, np.array([1.0, -3.0]))
    # The numeric Ops are typed on floats; at run time they take arrays too.
    mul: bp.Op[Any, Any] = bp.mul_op
    assert close(bp.eval_op(mul, args), np.array([2.0, -6.0]))
    assert close(bp.grad_op(mul, args), (-2.0, np.array([2.0, 2.0])))
    assert close(bp.run_op(mul, args), (np.array([2.0, -6.0]), bp.grad_op(mul, args)))
    d = np.array([10.0, 100.0])
    assert close(bp.grad_op_with(mul, args, d), (-290.0, np.array([20.0, 200.0])))


# --- constructors ---------------------------------------------------------------------


def test_op0() -> None:
    assert bp.run_op(bp.op0(10.0), ()) == (10.0, ())

    def f(x: BVar[S, float]) -> BVar[S, float]:
        return x * bp.lift_op(bp.op0(3.0))

    assert bp.backprop(f, 2.0) == (6.0, 3.0)


def test_op_const_gives_zero_gradients() -> None:
    y, grads = bp.run_op(bp.op_const(5.0), (2.0, np.ones(2), [1.0]))
    assert y == 5.0
    assert close(grads[:2], (0.0, np.zeros(2)))
    assert grads[2] == [0.0]

    def f(x: BVar[S, float]) -> BVar[S, float]:
        return bp.lift_op1(bp.op_const(5.0), x) + x

    assert bp.backprop(f, 2.0) == (7.0, 1.0)


def test_id_op() -> None:
    ident: bp.Op[tuple[float], float] = bp.id_op()
    assert bp.run_op(ident, (4.0,)) == (4.0, (1.0,))
    ident_list: bp.Op[tuple[list[float]], list[float]] = bp.id_op()
    assert bp.grad_op_with(ident_list, ([1.0],), [7.0]) == ([7.0],)


def x_sin_x(x: float) -> tuple[float, Callable[[float], float]]:
    return x * math.sin(x), lambda d: d * (math.sin(x) + x * math.cos(x))


def test_op1() -> None:
    op = bp.op1(x_sin_x)
    assert op.name == "op1(x_sin_x)"
    y, (g,) = bp.run_op(op, (0.7,))
    assert close(y, 0.7 * math.sin(0.7))
    assert close(g, math.sin(0.7) + 0.7 * math.cos(0.7))
    check_grad(lambda v: bp.lift_op1(op, v) * v, 0.7)


def hypot(x: float, y: float) -> tuple[float, Callable[[float], tuple[float, float]]]:
    r = math.hypot(x, y)
    return r, lambda d: (d * x / r, d * y / r)


def test_op2() -> None:
    op = bp.op2(hypot)
    assert close(bp.run_op(op, (3.0, 4.0)), (5.0, (0.6, 0.8)))
    check_grad(lambda p: bp.lift_op2(op, p[0], p[1]), (3.0, -4.0))


def test_op3() -> None:
    def prod3(x: float, y: Arr, z: float) -> tuple[Arr, Callable[[Arr], tuple[float, Arr, float]]]:
        return x * y * z, lambda d: (float(np.sum(d * y * z)), d * x * z, float(np.sum(d * x * y)))

    op = bp.op3(prod3)
    y = np.array([1.0, 2.0])
    out, (gx, gy, gz) = bp.run_op(op, (2.0, y, 3.0))
    assert close(out, np.array([6.0, 12.0]))
    assert close((gx, gy, gz), (9.0, np.array([6.0, 6.0]), 6.0))
    check_grad(lambda p: bp.lift_op3(op, p[0], p[1], p[2]), (2.0, y, -1.5))


def test_op_n() -> None:
    def sum_sq(xs: tuple[float, ...]) -> tuple[float, Callable[[float], list[float]]]:
        return sum(x * x for x in xs), lambda d: [2 * d * x for x in xs]

    op = bp.op_n(sum_sq)
    assert bp.run_op(op, (1.0, 2.0, 3.0)) == (14.0, (2.0, 4.0, 6.0))
    check_grad(lambda p: bp.lift_op(op, p[0], p[1], p[2], p[3]), (1.0, -2.0, 0.5, 3.0))


def test_op_iso_family() -> None:
    wrap = bp.op_iso(lambda x: [x], lambda xs: xs[0])
    assert bp.run_op(wrap, (2.0,)) == ([2.0], (1.0,))
    assert bp.grad_op_with(wrap, (2.0,), [5.0]) == (5.0,)

    cplx = bp.op_iso2(complex, lambda z: (z.real, z.imag))
    assert bp.eval_op(cplx, (1.0, 2.0)) == 1 + 2j
    assert bp.grad_op_with(cplx, (1.0, 2.0), 3 + 4j) == (3.0, 4.0)

    triple: bp.Op[tuple[float, float, float], tuple[float, float, float]]
    triple = bp.op_iso3(lambda x, y, z: (x, y, z), lambda t: t)
    assert bp.grad_op_with(triple, (1.0, 2.0, 3.0), (4.0, 5.0, 6.0)) == (4.0, 5.0, 6.0)

    to_list: bp.Op[tuple[float, float], list[float]]
    to_list = bp.op_iso_n(lambda xs: list(xs), lambda ys: (ys[0], ys[1]))
    assert bp.run_op(to_list, (1.0, 2.0)) == ([1.0, 2.0], (1.0, 1.0))
    assert bp.grad_op_with(to_list, (1.0, 2.0), [7.0, 8.0]) == (7.0, 8.0)

    def f(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
        z = bp.lift_op2(cplx, x, y)
        return bp.lift_op1(bp.op_iso(lambda c: c.real * 2 + c.imag, lambda d: complex(2 * d, d)), z)

    assert bp.backprop2(f, 1.0, 5.0) == (7.0, (2.0, 1.0))


@dataclasses.dataclass(frozen=True)
class Layer:
    w: float
    b: Arr


def test_op_lens() -> None:
    assert bp.run_op(bp.op_lens(lens[1]), ((1.0, 2.0),)) == (2.0, ((0.0, 1.0),))
    assert bp.run_op(bp.op_lens(lens["w"]), ({"w": 2.0, "b": 3.0},)) == (
        2.0,
        ({"w": 1.0, "b": 0.0},),
    )
    layer = Layer(2.0, np.array([1.0, 2.0]))
    (g,) = bp.grad_op_with(bp.op_lens(lens.b), (layer,), np.array([5.0, 6.0]))
    assert g.w == 0.0
    assert close(g.b, np.array([5.0, 6.0]))
    check_grad(lambda v: bp.lift_op1(bp.op_lens(lens.w), v) * 3.0, layer)


Meters = NewType("Meters", float)


def test_op_coerce() -> None:
    assert bp.run_op(bp.op_coerce(Meters), (2.0,)) == (2.0, (1.0,))
    assert bp.grad_op_with(bp.op_coerce(Meters), (2.0,), Meters(4.0)) == (4.0,)


def test_op_tup() -> None:
    tup3: bp.Op[tuple[float, float, float], tuple[float, float, float]] = bp.op_tup()
    assert bp.run_op(tup3, (1.0, 2.0, 3.0)) == ((1.0, 2.0, 3.0), (1.0, 1.0, 1.0))
    tup2: bp.Op[tuple[float, float], tuple[float, float]] = bp.op_tup()
    assert bp.grad_op_with(tup2, (1.0, 2.0), (3.0, 4.0)) == (3.0, 4.0)


def test_bp_op() -> None:
    cube = bp.bp_op(lambda x: x * x * x)  # pyright: ignore[reportOperatorIssue]
    assert bp.run_op(cube, (2.0,)) == (8.0, (12.0,))
    assert bp.grad_op_with(cube, (2.0,), 0.5) == (6.0,)
    # on the tape of another runner: d/dx x^3 * x = 4 x^3
    assert bp.grad_bp(lambda x: bp.lift_op1(cube, x) * x, 2.0) == 32.0
    check_grad(lambda x: bp.lift_op1(cube, x), np.array([0.5, -1.5]))


def to_int(x: float) -> int:
    return round(x)


def biggest(xs: tuple[float, ...]) -> float:
    return max(xs)


def test_no_grad_ops_evaluate() -> None:
    assert bp.eval_op(bp.no_grad1(to_int), (2.6,)) == 3
    assert bp.eval_op(bp.no_grad(biggest), (1.0, 5.0, 2.0)) == 5.0
    assert bp.eval_bp(lambda x: bp.lift_op1(bp.no_grad1(math.floor), x) * x, 2.5) == 5.0  # pyright: ignore[reportArgumentType, reportOperatorIssue]


@pytest.mark.parametrize(
    ("op", "name"),
    [(bp.no_grad1(to_int), "no_grad1"), (bp.no_grad(biggest), "no_grad")],
    ids=["no_grad1", "no_grad"],
)
def test_no_grad_ops_raise_when_their_gradient_is_needed(op: bp.Op[Any, Any], name: str) -> None:
    msg = rf"^{name}: this Op has no gradient .* result depends on it"
    with pytest.raises(ValueError, match=msg):
        bp.grad_op(op, (2.6,))
    with pytest.raises(ValueError, match=msg):
        bp.grad_bp(lambda x: bp.lift_op1(op, x) * x, 2.6)
    # fine where the gradient does not pass through it
    assert bp.grad_bp(lambda x: bp.lift_op(bp.op0(1.0)) * x, 2.6) == 1.0


# --- composition -----------------------------------------------------------------


def test_compose_op() -> None:
    # (x + y) / (x y) = 1/y + 1/x: gradient (-1/x^2, -1/y^2)
    op = bp.compose_op([bp.add_op, bp.mul_op], bp.div_op)
    assert op.name == "compose_op(div_op)"
    out, (gx, gy) = bp.run_op(op, (2.0, 4.0))
    assert close(out, 0.75)
    assert close((gx, gy), (-0.25, -1 / 16))
    check_grad(lambda p: bp.lift_op2(op, p[0], p[1]), (np.array([1.5, -2.0]), 0.7))


def test_compose_op_of_one_input_used_twice() -> None:
    # sin x cos x: derivative cos 2x
    op: bp.Op[Any, Any] = bp.compose_op([bp.sin_op, bp.cos_op], bp.mul_op)  # run on an array
    x = np.array([0.1, 0.7, 2.0])
    out, (g,) = bp.run_op(op, (x,))
    assert close(out, np.sin(x) * np.cos(x))
    assert close(g, np.cos(2 * x))


def test_compose_op_of_no_ops_gives_zero_gradients() -> None:
    op: bp.Op[tuple[float, float], float] = bp.compose_op([], bp.op0(5.0))
    assert bp.run_op(op, (1.0, 2.0)) == (5.0, (0.0, 0.0))


def test_compose_op1() -> None:
    # exp(x y): gradient (y, x) exp(x y)
    op = bp.compose_op1(bp.mul_op, bp.exp_op)
    out, (gx, gy) = bp.run_op(op, (0.5, 2.0))
    assert close(out, math.e)
    assert close((gx, gy), (2 * math.e, 0.5 * math.e))
    ident: bp.Op[tuple[Arr], Arr] = bp.id_op()
    double = bp.compose_op1(ident, bp.op1(square))
    check_grad(lambda v: bp.lift_op1(double, v), np.array([1.0, 2.0]))
