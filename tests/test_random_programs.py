"""Random programs (hypothesis): the value against plain numpy, the gradient
against central finite differences and, when it is installed, against HIPS
autograd; and the gradient's types: a float leaf gets a Python float (also
inside a list), an array its own shape and dtype."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import S

Vec = NDArray[np.float64]
Expr = Any  # a nested tuple: ("x",), ("v",), ("c", 0.7), ("un", name, e), ("bin", op, a, b), ...

UNARY = ["sin", "cos", "tanh", "exp_small", "square", "soft_log", "soft_sqrt", "logistic", "neg"]
BINARY = ["+", "-", "*", "/", "max", "min"]


def exprs(depth: int) -> st.SearchStrategy[Expr]:
    leaves = st.one_of(
        st.just(("x",)),
        st.just(("v",)),
        st.sampled_from([("c", 0.7), ("c", -1.3), ("c", 2.0)]),
        st.sampled_from([("elem", 0), ("elem", 1)]),
    )
    if depth == 0:
        return leaves
    sub = exprs(depth - 1)
    return st.one_of(
        leaves,
        st.tuples(st.just("un"), st.sampled_from(UNARY), sub),
        st.tuples(st.just("bin"), st.sampled_from(BINARY), sub, sub),
        st.tuples(st.just("index"), st.sampled_from([0, 2, -1]), sub),
        st.tuples(st.just("mean"), sub),
    )


class Ops:
    """The functions one interpretation of a program uses."""

    def __init__(self, np_like: Any, where: Callable[..., Any]) -> None:
        self.np = np_like
        self.where = where

    def unary(self, name: str, a: Any) -> Any:
        m = self.np
        if name == "exp_small":
            return m.exp(m.tanh(a))
        if name == "square":
            return a * a
        if name == "soft_log":
            return m.log(a * a + 1.0)
        if name == "soft_sqrt":
            return m.sqrt(a * a + 1.0)
        if name == "logistic":
            return 1.0 / (1.0 + m.exp(-a))
        if name == "neg":
            return -a
        return getattr(m, name)(a)

    def binary(self, op: str, a: Any, b: Any) -> Any:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if op == "/":
            return a / (b * b + 1.0)
        if op == "max":
            return self.np.maximum(a, b)
        return self.np.minimum(a, b)


def run(e: Expr, x: Any, v: Any, pair: Any, ops: Ops) -> Any:
    tag = e[0]
    if tag == "x":
        return x
    if tag == "v":
        return v
    if tag == "c":
        return e[1]
    if tag == "elem":
        return pair[e[1]]
    if tag == "un":
        return ops.unary(e[1], run(e[2], x, v, pair, ops))
    if tag == "bin":
        return ops.binary(e[1], run(e[2], x, v, pair, ops), run(e[3], x, v, pair, ops))
    inner = run(e[-1], x, v, pair, ops)
    is_array = np.ndim(getattr(inner, "value", inner)) > 0
    if tag == "index":
        return inner[e[1]] if is_array else inner
    return ops.np.mean(inner) if is_array else inner


def total(out: Any, ops: Ops) -> Any:
    out = ops.np.sum(out) if np.ndim(getattr(out, "value", out)) > 0 else out * 1.0
    if ops is BNP and not isinstance(out, bp.BVar):
        return bp.const_var(out)  # a program that does not use its inputs
    return out


BNP = Ops(bnp, bnp.where)
NP = Ops(np, np.where)


def has_tie(e: Expr, x: float, v: np.ndarray, pair: list[float]) -> bool:
    """Whether a max/min compares two equal values (its derivative is split there)."""
    if e[0] == "bin" and e[1] in ("max", "min"):
        a, b = run(e[2], x, v, pair, NP), run(e[3], x, v, pair, NP)
        if np.any(np.isclose(a, b, rtol=1e-6, atol=1e-6)):
            return True
    return any(isinstance(c, tuple) and has_tie(c, x, v, pair) for c in e[1:])


INPUT = st.tuples(
    st.floats(-1.5, 1.5),
    st.lists(st.floats(-1.5, 1.5), min_size=3, max_size=3),
    st.lists(st.floats(-1.5, 1.5), min_size=2, max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(e=exprs(3), data=INPUT)
def test_random_programs_match_numpy_finite_differences_and_keep_types(
    e: Expr, data: tuple[float, list[float], list[float]]
) -> None:
    x, vs, pair = data[0], np.array(data[1]), list(data[2])
    if has_tie(e, x, vs, pair):
        return  # a kink: no derivative to compare

    def f(inputs: bp.BVar[S, tuple[float, Vec, list[float]]]) -> bp.BVar[S, float]:
        bx, bv, bpair = bp.split_bv(inputs)
        return total(run(e, bx, bv, bp.sequence_var(bpair), BNP), BNP)  # type: ignore[no-any-return]

    def plain(x_: float, v_: np.ndarray, pair_: list[float]) -> float:
        return float(total(run(e, x_, v_, pair_, NP), NP))

    value, (gx, gv, gpair) = bp.backprop(f, (x, vs, pair))
    assert value == pytest.approx(plain(x, vs, pair), rel=1e-12, abs=1e-12)
    assert type(gx) is float
    assert type(gv) is np.ndarray
    assert gv.shape == (3,)
    assert gv.dtype == np.float64
    assert type(gpair) is list
    assert all(type(g) is float for g in gpair)

    h = 1e-6
    fx = (plain(x + h, vs, pair) - plain(x - h, vs, pair)) / (2 * h)
    assert gx == pytest.approx(fx, rel=1e-4, abs=1e-6)
    for i in range(3):
        d = np.eye(3)[i] * h
        fv = (plain(x, vs + d, pair) - plain(x, vs - d, pair)) / (2 * h)
        assert gv[i] == pytest.approx(fv, rel=1e-4, abs=1e-6)
    for i in range(2):
        up, down = list(pair), list(pair)
        up[i] += h
        down[i] -= h
        assert gpair[i] == pytest.approx(
            (plain(x, vs, up) - plain(x, vs, down)) / (2 * h), rel=1e-4, abs=1e-6
        )


@settings(max_examples=100, deadline=None)
@given(e=exprs(3), data=INPUT)
def test_random_programs_match_autograd(
    e: Expr, data: tuple[float, list[float], list[float]]
) -> None:
    autograd = pytest.importorskip(
        "autograd", reason="HIPS autograd is not installed (the dev and bench extras)"
    )
    anp = pytest.importorskip("autograd.numpy")
    x, vs, pair = data[0], np.array(data[1]), list(data[2])
    if has_tie(e, x, vs, pair):
        return
    ag = Ops(anp, anp.where)

    def g(x_: Any, v_: Any, a: Any, b: Any) -> Any:
        return total(run(e, x_, v_, [a, b], ag), ag)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Output seems independent of input"
        want = [autograd.grad(g, i)(x, vs, pair[0], pair[1]) for i in range(4)]

    def f(inputs: bp.BVar[S, tuple[float, Vec, float, float]]) -> bp.BVar[S, float]:
        bx, bv, ba, bb = bp.split_bv(inputs)
        return total(run(e, bx, bv, [ba, bb], BNP), BNP)  # type: ignore[no-any-return]

    got: tuple[Any, ...] = bp.grad_bp(f, (x, vs, pair[0], pair[1]))  # compared one by one
    for w, gg in zip(want, got):
        np.testing.assert_allclose(gg, w, rtol=1e-10, atol=1e-12)
    assert not math.isnan(float(np.sum(got[1])))
