"""Higher-order derivatives (issue 16): nested runners, hvp, hessian and
jacobian, each against hand derivatives or finite differences of a gradient;
every core operator and numeric Op differentiated twice; the perturbation
confusion test; and a custom Op that cannot be differentiated twice named."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import inner_grad

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop.testing import check_grad

Fn = Callable[..., Any]


def second(f: Fn, x: float) -> float:
    """d^2 f / dx^2 at x by nested runners."""
    out: float = bp.grad_bp(lambda xb: bp.grad_bp(f, xb), x)
    return out


def test_nested_runners_give_second_and_third_derivatives() -> None:
    assert bp.grad_bp(lambda x: bp.grad_bp(lambda y: y * y * y, x), 2.0) == 12.0
    assert second(lambda y: y**4, 2.0) == 48.0
    third = bp.grad_bp(lambda a: inner_grad(lambda b: inner_grad(lambda c: c**4, b), a), 2.0)
    assert third == 48.0  # 24 x
    assert second(np.sin, 0.7) == pytest.approx(-math.sin(0.7))
    assert second(lambda y: bnp.exp(y * 2.0), 0.5) == pytest.approx(4 * math.exp(1.0))


def test_perturbation_confusion_is_avoided() -> None:
    # d/dx (x * d/dy (x + y)) at x = 1 is 1 (a mixed-up implementation gives 2)
    def outer(x: BVar[S, float]) -> BVar[S, float]:
        def inner(y: BVar[Any, float]) -> BVar[Any, float]:
            return x + y

        return x * bp.grad_bp(inner, 1.0)

    assert bp.grad_bp(outer, 1.0) == 1.0


def test_an_inner_bvar_used_after_its_call_is_a_scope_error() -> None:
    kept: list[Any] = []

    def outer(x: BVar[S, float]) -> BVar[S, float]:
        def inner(y: BVar[Any, float]) -> BVar[Any, float]:
            kept.append(y)
            return y * x

        g = bp.grad_bp(inner, 1.0)
        leaked: BVar[S, float] = kept[0] * g  # an inner BVar at the outer level
        return leaked

    with pytest.raises(bp.ScopeError, match="escaped its scope"):
        bp.grad_bp(outer, 2.0)


# --- every core operator and numeric Op, differentiated twice ---------------------------------

UNARY_OPS = {
    "neg_op": (bp.neg_op, 0.7), "abs_op": (bp.abs_op, -0.7), "sign_op": (bp.sign_op, 0.7),
    "recip_op": (bp.recip_op, 0.7), "exp_op": (bp.exp_op, 0.7), "log_op": (bp.log_op, 0.7),
    "sqrt_op": (bp.sqrt_op, 0.7), "sin_op": (bp.sin_op, 0.7), "cos_op": (bp.cos_op, 0.7),
    "tan_op": (bp.tan_op, 0.7), "asin_op": (bp.asin_op, 0.3), "acos_op": (bp.acos_op, 0.3),
    "atan_op": (bp.atan_op, 0.7), "sinh_op": (bp.sinh_op, 0.7), "cosh_op": (bp.cosh_op, 0.7),
    "tanh_op": (bp.tanh_op, 0.7), "asinh_op": (bp.asinh_op, 0.7), "acosh_op": (bp.acosh_op, 1.7),
    "atanh_op": (bp.atanh_op, 0.3),
}  # fmt: skip
BINARY_OPS = {
    "add_op": bp.add_op, "sub_op": bp.sub_op, "mul_op": bp.mul_op, "div_op": bp.div_op,
    "pow_op": bp.pow_op, "log_base_op": bp.log_base_op,
}  # fmt: skip


@pytest.mark.parametrize("name", list(UNARY_OPS))
@pytest.mark.parametrize("where", ["float", "array"])
def test_every_unary_numeric_op_twice(name: str, where: str) -> None:
    op, x = UNARY_OPS[name]
    if where == "float":
        check_grad(lambda v: inner_grad(lambda u: bp.lift_op1(op, u), v), x)
    else:
        xs = np.array([x, x * 0.9, x * 1.1])
        w = np.array([0.3, -1.2, 0.8])
        check_grad(lambda v: inner_grad(lambda u: bnp.sum(bp.lift_op1(op, u) * w), v), xs)


@pytest.mark.parametrize("name", list(BINARY_OPS))
def test_every_binary_numeric_op_twice(name: str) -> None:
    op = BINARY_OPS[name]
    pair = (1.3, 0.6)

    def grads(t: BVar[S, tuple[float, float]]) -> BVar[S, tuple[float, float]]:
        return inner_grad(lambda u: bp.lift_op2(op, *bp.split_bv(u)), t)

    check_grad(grads, pair)


OPERATORS: dict[str, Fn] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "**": lambda a, b: a**b, "@": lambda a, b: a @ b,
    "neg": lambda a, b: -a * b, "abs": lambda a, b: abs(a) * b, "pos": lambda a, b: +a * b,
    "reflected": lambda a, b: 2.0 / a + 3.0 * b - 1.5**a,
}  # fmt: skip


@pytest.mark.parametrize("name", [n for n in OPERATORS if n != "@"])
def test_every_operator_twice_on_floats(name: str) -> None:
    op = OPERATORS[name]
    check_grad(lambda t: inner_grad(lambda u: op(*bp.split_bv(u)), t), (1.3, 0.6))


@pytest.mark.parametrize("name", list(OPERATORS))
def test_every_operator_twice_on_arrays(name: str) -> None:
    op = OPERATORS[name]
    a = np.array([[1.3, 0.4], [0.5, 0.9]])
    b = np.array([[0.6, 1.1], [0.2, 0.7]])
    w = np.array([[0.3, -1.2], [0.8, 0.5]])

    def gradient(t: BVar[S, Any]) -> BVar[S, Any]:
        return inner_grad(lambda u: bnp.sum(op(*bp.split_bv(u)) * w), t)

    check_grad(gradient, (a, b))


# --- hvp, hessian, jacobian ----------------------------------------------------------------


def rosenbrock(v: BVar[S, Any]) -> BVar[S, float]:
    x, y = v[0], v[1]
    return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2


def rosenbrock_hessian(x: float, y: float) -> np.ndarray:
    return np.array([[2 - 400 * (y - x * x) + 800 * x * x, -400 * x], [-400 * x, 200.0]])


def test_hessian_matches_the_hand_derivative() -> None:
    p = np.array([0.3, -0.4])
    np.testing.assert_allclose(bp.hessian(rosenbrock, p), rosenbrock_hessian(0.3, -0.4))
    assert bp.hessian(lambda x: x * x * x, 2.0) == 12.0


def test_hessian_of_a_matrix_input_has_shape_x_by_x() -> None:
    rng = np.random.default_rng(0)
    m = rng.standard_normal((2, 3))
    h = bp.hessian(lambda a: bnp.sum(bnp.tanh(a) ** 2), m)
    assert h.shape == (2, 3, 2, 3)
    # against finite differences of the gradient
    eps = 1e-6
    fd = np.zeros((2, 3, 2, 3))

    def grad(a: np.ndarray) -> np.ndarray:
        return bp.grad_bp(lambda u: bnp.sum(bnp.tanh(u) ** 2), a)

    for i in np.ndindex(2, 3):
        e = np.zeros((2, 3))
        e[i] = eps
        idx = (slice(None), slice(None), *i)
        fd[idx] = (grad(m + e) - grad(m - e)) / (2 * eps)
    np.testing.assert_allclose(h, fd, rtol=1e-6, atol=1e-8)


def test_hvp_equals_the_hessian_times_v_and_keeps_the_type() -> None:
    p, v = np.array([0.3, -0.4]), np.array([1.5, -2.0])
    np.testing.assert_allclose(bp.hvp(rosenbrock, p, v), rosenbrock_hessian(0.3, -0.4) @ v)
    f32 = bp.hvp(lambda x: bnp.sum(x**3), np.ones(2, np.float32), np.ones(2, np.float32))
    assert f32.dtype == np.float32
    assert bp.hvp(lambda x: x**3, 2.0, 0.5) == 6.0


def test_hvp_of_a_record() -> None:
    from dataclasses import dataclass

    from lenses import lens

    @dataclass(frozen=True)
    class P:
        a: float
        b: np.ndarray

    def f(p: BVar[S, P]) -> BVar[S, float]:
        return p.view(lens.a) ** 2 * bnp.sum(p.view(lens.b) ** 2)

    # H v for f = a^2 |b|^2 at a = 2, b = (1, 3), v = (1, (0, 1)), by hand
    out = bp.hvp(f, P(2.0, np.array([1.0, 3.0])), P(1.0, np.array([0.0, 1.0])))
    assert out.a == 44.0
    np.testing.assert_array_equal(out.b, [8.0, 32.0])


def test_jacobian_against_finite_differences() -> None:
    x = np.array([0.5, -1.0, 2.0])

    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        return bnp.stack([v[0] * v[1], bnp.sin(v[2]) + v[0], v[1] ** 2])

    j = bp.jacobian(f, x)
    assert j.shape == (3, 3)
    eps = 1e-6
    fd = np.stack(
        [(bp.eval_bp(f, x + e) - bp.eval_bp(f, x - e)) / (2 * eps) for e in np.eye(3) * eps],
        axis=1,
    )
    np.testing.assert_allclose(j, fd, rtol=1e-6)
    assert bp.jacobian(lambda v: v * 3.0, 1.5) == 3.0
    assert bp.jacobian(lambda m: m @ m, np.eye(2)).shape == (2, 2, 2, 2)


def test_newtons_method_converges_quadratically() -> None:
    x = np.array([-1.2, 1.0])
    for _ in range(8):
        step = np.linalg.solve(bp.hessian(rosenbrock, x), bp.grad_bp(rosenbrock, x))
        x = x - step
    np.testing.assert_allclose(x, [1.0, 1.0], atol=1e-9)


# --- custom Ops ------------------------------------------------------------------------------


def test_a_custom_op_computing_with_plain_numbers_is_named_when_differentiated_twice() -> None:
    plain = bp.op1(lambda x: (math.exp(x), lambda d: d * math.exp(x)))
    assert bp.grad_bp(lambda x: bp.lift_op1(plain, x), 1.0) == pytest.approx(math.e)
    with pytest.raises(
        TypeError, match=r"Op 'op1' cannot be differentiated a second time: its function"
    ):
        bp.hessian(lambda x: bp.lift_op1(plain, x), 1.0)

    def exp_with_plain_vjp(x: Any) -> Any:
        return bnp.exp(x), lambda d: d * math.exp(x)

    vjp_only = bp.op1(exp_with_plain_vjp)
    with pytest.raises(
        TypeError, match=r"Op 'op1\(exp_with_plain_vjp\)' cannot be differentiated a second time: its vjp"
    ):
        bp.hessian(lambda x: bp.lift_op1(vjp_only, x), 1.0)

    def exp_lifted(x: Any) -> Any:
        return bnp.exp(x), lambda d: d * bnp.exp(x)

    lifted = bp.op1(exp_lifted)
    assert bp.hessian(lambda x: bp.lift_op1(lifted, x), 1.0) == pytest.approx(math.e)

