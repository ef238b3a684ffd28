"""The fast paths of backprop.numpy's rules (plain float arrays, one sample,
shapes that need no unbroadcasting) against the general rules they skip:
the same values, types and dtypes, NaN and inf included, whether numpy's
floating-point events raise (this suite) or are ignored (then only the
finiteness checks send a case to the general rule)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

import backprop as bp
import backprop.numpy as bnp
from backprop._rules import elementwise as e
from backprop._rules import linalg as la
from backprop._rules import reductions as v
from backprop.testing import check_grad

SPECIAL = [np.nan, np.inf, -np.inf, 0.0, 1000.0, -1000.0, -800.0]


def logits(seed: int, shape: tuple[int, ...]) -> list[np.ndarray]:
    """Ordinary, huge and masked logits, and some with NaN or inf."""
    rng = np.random.default_rng(seed)
    out = [rng.normal(size=shape) * s for s in (1.0, 1000.0)]
    for special in SPECIAL:
        x = rng.normal(size=shape)
        x.flat[1] = special
        out.append(x)
    out += [np.full(shape, -np.inf), np.full(shape, np.inf)]
    return out


@contextmanager
def mode(name: str) -> Iterator[None]:
    """'raise': events are exceptions (this suite's filter); 'ignore': silent."""
    if name == "ignore":
        with np.errstate(all="ignore"):
            yield
    else:
        yield


def quiet(fn: Callable[..., Any], *args: Any) -> Any:
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args)


def assert_same(got: Any, want: Any) -> None:
    assert type(got) is type(want)
    assert np.shape(got) == np.shape(want)
    assert np.asarray(got).dtype == np.asarray(want).dtype
    quiet(np.testing.assert_allclose, got, want, 1e-13, 0.0, True)


MODES = ["raise", "ignore"]
SHAPES = [(6,), (3, 4)]


@pytest.mark.parametrize("how", MODES)
@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_and_its_vjp_match_the_general_rule(how: str, shape: tuple[int, ...]) -> None:
    g = np.random.default_rng(1).normal(size=shape)
    for x in logits(0, shape):
        for axis in (-1, 0):
            want = quiet(v._softmax_general, x, axis)
            with mode(how):
                assert_same(v._softmax(x, axis), want)
                assert_same(
                    v._softmax_dx(g, (x, axis, want)),
                    quiet(v._softmax_dx_general, g, (x, axis, want)),
                )


@pytest.mark.parametrize("how", MODES)
@pytest.mark.parametrize("shape", SHAPES)
def test_softmax_cross_entropy_matches_the_general_rule(how: str, shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(2)
    soft = rng.random(shape)
    targets = [soft / soft.sum(axis=-1, keepdims=True), np.zeros(shape)]
    one_hot = np.zeros(shape)
    one_hot[..., 0] = 1.0
    targets.append(one_hot)
    for z in logits(3, shape):
        for t in targets:
            want, lse = quiet(v._softmax_cross_entropy_general, z, t, -1)
            with mode(how):
                out, got_lse = v._softmax_cross_entropy(z, t, -1)
            assert_same(out, want)
            quiet(np.testing.assert_allclose, got_lse, np.reshape(lse, np.shape(got_lse)), 1e-13)
            for g in (1.0, 2.5) if len(shape) == 1 else (rng.normal(size=shape[:-1]),):
                want_dz = quiet(v._softmax_cross_entropy_dz_general, g, (z, t, -1, (want, lse)))
                with mode(how):
                    assert_same(
                        v._softmax_cross_entropy_dz(g, (z, t, -1, (out, got_lse))), want_dz
                    )


@pytest.mark.parametrize("how", MODES)
def test_sum_and_mean_of_a_whole_array_match_the_general_rule(how: str) -> None:
    for x in [*logits(4, (5,)), *logits(5, (2, 3)), np.float64(2.0), np.float64(np.nan)]:
        for fast, general, vjp, general_vjp in (
            (v._sum_fwd, v._sum, v._sum_dx, v.spread),
            (v._mean_fwd, v._mean, v._mean_dx, v._mean_dx_general),
        ):
            with mode(how):
                got = fast(x, None, False)
            assert_same(got, quiet(general, x, None, False))
            for g in (1.0, np.float64(-2.0), math.inf):
                p = (x, None, False, got)
                want = (
                    quiet(general_vjp, g, x, None, False)
                    if vjp is v._sum_dx
                    else quiet(general_vjp, g, p)
                )
                with mode(how):
                    assert_same(vjp(g, p), want)


def logistic_exact(x: float) -> float:
    """1 / (1 + e^-x) in Python floats, from the side where exp cannot overflow."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@pytest.mark.parametrize("how", MODES)
def test_logistic_is_accurate_on_both_tails_without_overflow(how: str) -> None:
    # below -709, exp(-x) overflows: such arrays take the other form, silently
    for xs in ([-30.0, -1.0, 0.0, 1.0, 30.0, 700.0], [-699.0, -40.0, 5.0], [-710.0, -800.0, 3.0]):
        x = np.array(xs)
        with mode(how):
            got = bp.eval_bp(bnp.logistic, x)
        np.testing.assert_allclose(got, [logistic_exact(e) for e in xs], rtol=1e-14, atol=0)
    got32 = bp.eval_bp(bnp.logistic, np.array([-80.0, -20.0, 3.0], dtype=np.float32))
    assert got32.dtype == np.float32
    np.testing.assert_allclose(got32, [logistic_exact(e) for e in (-80.0, -20.0, 3.0)], rtol=1e-6)


def test_logistic_warns_of_nothing_where_numpy_warns() -> None:
    x = np.array([-1000.0, -710.0, -1.0, 2.0])
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn", under="ignore"):
        warnings.simplefilter("always")
        bp.grad_bp(lambda v_: bnp.sum(bnp.logistic(v_)), x)
    assert [str(w.message) for w in caught] == []


def test_the_log_of_a_logistic_keeps_its_gradient_far_out() -> None:
    # 0.5 * (tanh(x / 2) + 1) rounds to 0 here, which would make this -inf and nan
    x = np.array([-40.0, -400.0])
    y, g = bp.backprop(lambda v_: bnp.sum(bnp.log(bnp.logistic(v_))), x)
    assert y == pytest.approx(-440.0)
    np.testing.assert_allclose(g, [1.0, 1.0], rtol=1e-12)


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ((3,), (3, 4)),
        ((2, 3), (3, 4)),
        ((5, 2, 3), (3, 4)),
        ((3,), (3,)),
        ((2, 3), (3,)),
        ((5, 2, 3), (3,)),
        ((3, 4), (5, 4, 2)),
        ((1, 2, 3), (5, 3, 4)),
    ],
)
def test_matmul_and_dot_gradients_on_every_kind_of_operand(
    xs: tuple[int, ...], ys: tuple[int, ...]
) -> None:
    rng = np.random.default_rng(6)
    x, y = rng.normal(size=xs), rng.normal(size=ys)
    check_grad(lambda p: bnp.sum(p[0] @ p[1]), (x, y))
    check_grad(lambda p: bnp.sum(bnp.matmul(p[0], p[1])), (x, y))
    if len(xs) <= 2 and len(ys) <= 2:
        check_grad(lambda p: bnp.sum(bnp.dot(p[0], p[1])), (x, y))
    for dt in (np.float32, np.float64):
        gx, gy = bp.grad_bp(lambda p: bnp.sum(p[0] @ p[1]), (x.astype(dt), y.astype(dt)))
        assert gx.dtype == dt
        assert gy.dtype == dt


def test_large_outer_product_gradients_are_exact() -> None:
    # above 4096 elements the outer product of one sample takes einsum
    rng = np.random.default_rng(8)
    for dt in (np.float32, np.float64):
        h, w, m = (rng.normal(size=s).astype(dt) for s in ((100,), (100, 50), (50, 100)))
        gw = bp.grad_bp(lambda w_: bnp.sum((h @ w_) * np.arange(50.0, dtype=dt)), w)
        np.testing.assert_array_equal(gw, np.outer(h, np.arange(50.0, dtype=dt)))
        gm = bp.grad_bp(lambda m_: bnp.sum((m_ @ h) * np.arange(50.0, dtype=dt)), m)
        np.testing.assert_array_equal(gm, np.outer(np.arange(50.0, dtype=dt), h))
        assert gw.dtype == dt
        assert gm.dtype == dt
    special = np.array([np.inf, 0.0, np.nan] + [1.0] * 97)
    gs = la._matmul_dy(np.ones(50), (special, np.ones((100, 50)), None))
    np.testing.assert_array_equal(gs, np.outer(special, np.ones(50)))


def test_vjps_never_write_into_their_inputs() -> None:
    rng = np.random.default_rng(7)
    z, t, g = rng.normal(size=(3, 4)), np.eye(4)[[0, 2, 1]], rng.normal(size=3)
    h, w, gh = rng.normal(size=4), rng.normal(size=(4, 2)), rng.normal(size=2)
    values = [z, t, g, h, w, gh]
    before = [a.copy() for a in values]
    out, lse = v._softmax_cross_entropy(z, t, -1)
    v._softmax_cross_entropy_dz(g, (z, t, -1, (out, lse)))
    p = v._softmax(z, -1)
    v._softmax_dx(z, (z, -1, p))
    e._logistic_dx(z, (z, e.logistic(z)))
    la._matmul_dx(gh, (h, w, h @ w))
    la._matmul_dy(gh, (h, w, h @ w))
    v._mean_dx(1.0, (z, None, False, 0.0))
    for a, b in zip(values, before):
        np.testing.assert_array_equal(a, b)
