"""backprop.numpy, elementwise functions, activations and reductions: values
equal to numpy's, gradients against finite differences (check_grad, which
also checks every gradient has its input's shape), dtypes kept, over Python
floats, 0-d arrays, vectors, matrices, broadcasting pairs and float32."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import AXES, KINDS, PAIRS, sample
from _support import check_op as check

import backprop as bp
import backprop.numpy as bnp

Fn = Callable[..., Any]


def away_from_zero(seed: int, shape: tuple[int, ...] | None, dtype: Any = np.float64) -> Any:
    """Values with |x| in [0.3, 2]: off the kinks of abs, sign and relu."""
    rng = np.random.default_rng(seed)
    x = rng.choice([-1.0, 1.0], () if shape is None else shape) * rng.uniform(
        0.3, 2.0, () if shape is None else shape
    )
    return float(x) if shape is None else np.asarray(x, dtype=dtype)


# --- elementwise, one argument ----------------------------------------------------------

# name, function, numpy reference, domain (None: away from 0)
UNARY: list[tuple[str, Fn, Fn, tuple[float, float] | None]] = [
    ("exp", bnp.exp, np.exp, (-2.0, 2.0)),
    ("log", bnp.log, np.log, (0.5, 3.0)),
    ("log1p", bnp.log1p, np.log1p, (-0.5, 2.0)),
    ("expm1", bnp.expm1, np.expm1, (-2.0, 2.0)),
    ("sqrt", bnp.sqrt, np.sqrt, (0.5, 3.0)),
    ("square", bnp.square, np.square, (-2.0, 2.0)),
    ("sin", bnp.sin, np.sin, (-3.0, 3.0)),
    ("cos", bnp.cos, np.cos, (-3.0, 3.0)),
    ("tan", bnp.tan, np.tan, (-1.2, 1.2)),
    ("arcsin", bnp.arcsin, np.arcsin, (-0.9, 0.9)),
    ("arccos", bnp.arccos, np.arccos, (-0.9, 0.9)),
    ("arctan", bnp.arctan, np.arctan, (-3.0, 3.0)),
    ("sinh", bnp.sinh, np.sinh, (-2.0, 2.0)),
    ("cosh", bnp.cosh, np.cosh, (-2.0, 2.0)),
    ("tanh", bnp.tanh, np.tanh, (-2.0, 2.0)),
    ("arcsinh", bnp.arcsinh, np.arcsinh, (-2.0, 2.0)),
    ("arccosh", bnp.arccosh, np.arccosh, (1.2, 3.0)),
    ("arctanh", bnp.arctanh, np.arctanh, (-0.9, 0.9)),
    ("abs", bnp.abs, np.abs, None),
    ("sign", bnp.sign, np.sign, None),
    ("logistic", bnp.logistic, lambda x: 1 / (1 + np.exp(-x)), (-4.0, 4.0)),
    ("relu", bnp.relu, lambda x: np.maximum(x, 0), None),
    ("softplus", bnp.softplus, lambda x: np.log1p(np.exp(x)), (-4.0, 4.0)),
]


@pytest.mark.parametrize(("name", "fn", "ref", "domain"), UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize(("kind", "shape", "dtype"), KINDS, ids=[k[0] for k in KINDS])
def test_unary(
    name: str,
    fn: Fn,
    ref: Fn,
    domain: tuple[float, float] | None,
    kind: str,
    shape: Any,
    dtype: Any,
) -> None:
    seed = len(name) + len(kind)
    x = (
        away_from_zero(seed, shape, dtype)
        if domain is None
        else sample(seed, shape, *domain, dtype)
    )
    check(fn, ref, [x])


UFUNCS = [u for u in UNARY if isinstance(getattr(np, u[0], None), np.ufunc)]


@pytest.mark.parametrize(("name", "fn", "ref", "domain"), UFUNCS, ids=[u[0] for u in UFUNCS])
def test_unary_through_numpy_reaches_the_lifted_function(
    name: str, fn: Fn, ref: Fn, domain: tuple[float, float] | None
) -> None:
    ufunc = getattr(np, name)
    x = sample(3, (3,), *(domain or (0.3, 2.0)))
    y, g = bp.backprop(lambda v: bnp.sum(ufunc(v)), x)
    y2, g2 = bp.backprop(lambda v: bnp.sum(fn(v)), x)
    assert y == y2
    np.testing.assert_array_equal(g, g2)


def test_activations_at_extremes_neither_overflow_nor_lose_the_gradient() -> None:
    x = np.array([-1000.0, -30.0, 0.0, 30.0, 1000.0])
    out = bp.eval_bp(bnp.logistic, x)
    np.testing.assert_allclose(
        out, [0.0, 1 / (1 + np.exp(30.0)), 0.5, 1 / (1 + np.exp(-30.0)), 1.0]
    )
    sp, g = bp.backprop(lambda v: bnp.sum(bnp.softplus(v)), x)
    np.testing.assert_allclose(g, out)
    assert np.isfinite(sp)
    assert bp.eval_bp(bnp.softplus, 1000.0) == 1000.0
    assert bp.eval_bp(bnp.logistic, -1000.0) == 0.0


# --- elementwise, two and three arguments ---------------------------------------------------


def val(x: Any) -> Any:
    return x.value if isinstance(x, bp.BVar) else x


BINARY: list[tuple[str, Fn, Fn]] = [
    ("maximum", bnp.maximum, np.maximum),
    ("minimum", bnp.minimum, np.minimum),
    (
        "where",
        lambda x, y: bnp.where(val(x) + val(y) > 0, x, y),
        lambda x, y: np.where(x + y > 0, x, y),
    ),
]


@pytest.mark.parametrize(("name", "fn", "ref"), BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize(("kind", "xs", "ys", "dtype"), PAIRS, ids=[p[0] for p in PAIRS])
def test_binary(name: str, fn: Fn, ref: Fn, kind: str, xs: Any, ys: Any, dtype: Any) -> None:
    x = sample(1, xs, -2.0, 2.0, dtype)
    y = sample(2, ys, -2.0, 2.0, dtype)
    if kind == "floats" and name == "where":
        fn = lambda a, b: bnp.where(True, a, b)  # noqa: E731
        ref = lambda a, b: a  # noqa: E731
    check(fn, ref, [x, y])


@pytest.mark.parametrize(("name", "fn", "ref"), BINARY, ids=[b[0] for b in BINARY])
def test_binary_with_a_constant_in_each_position(name: str, fn: Fn, ref: Fn) -> None:
    x = sample(4, (2, 3), -2.0, 2.0)
    c = sample(5, (3,), -2.0, 2.0)
    check(lambda v: fn(v, c), lambda v: ref(v, c), [x])
    check(lambda v: fn(c, v), lambda v: ref(c, v), [x])
    check(lambda v: fn(v, 0.5), lambda v: ref(v, 0.5), [x])


def test_maximum_and_minimum_split_ties_evenly() -> None:
    x = np.array([1.0, 2.0, 3.0])
    y = np.array([1.0, 0.0, 5.0])
    assert [a.tolist() for a in bp.grad_bp2(lambda a, b: bnp.sum(bnp.maximum(a, b)), x, y)] == [
        [0.5, 1.0, 0.0],
        [0.5, 0.0, 1.0],
    ]
    assert [a.tolist() for a in bp.grad_bp2(lambda a, b: bnp.sum(bnp.minimum(a, b)), x, y)] == [
        [0.5, 0.0, 1.0],
        [0.5, 1.0, 0.0],
    ]
    # a repeated argument: every element ties with itself, the halves add up
    check(lambda v: bnp.maximum(v, v), lambda v: v, [x])


def test_where_gives_the_condition_no_gradient_and_accepts_a_bvar_condition() -> None:
    x = np.array([-1.0, 2.0, -3.0])
    g = bp.grad_bp(lambda v: bnp.sum(bnp.where(v > 0, v, 2.0 * v)), x)
    np.testing.assert_array_equal(g, [2.0, 1.0, 2.0])
    check(lambda v: bnp.where(v > 0, v, v * v), lambda v: np.where(v > 0, v, v * v), [x])


CLIP: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("array, floats", lambda a: bnp.clip(a, -0.5, 0.5), lambda a: np.clip(a, -0.5, 0.5), [sample(6, (3, 4), -2.0, 2.0)]),
    ("float", lambda a: bnp.clip(a, -0.5, 0.5), lambda a: np.clip(a, -0.5, 0.5), [0.25]),
    ("0-d", lambda a: bnp.clip(a, -0.5, None), lambda a: np.clip(a, -0.5, None), [np.array(-1.5)]),
    ("no lower", lambda a: bnp.clip(a, None, 0.5), lambda a: np.clip(a, None, 0.5), [sample(7, (5,), -2.0, 2.0)]),
    ("float32", lambda a: bnp.clip(a, -0.5, 0.5), lambda a: np.clip(a, -0.5, 0.5), [sample(8, (5,), -2.0, 2.0, np.float32)]),
    ("all BVars, broadcasting", bnp.clip, np.clip,
     [sample(9, (3, 4), -2.0, 2.0), sample(10, (4,), -1.5, -0.2), sample(11, (3, 1), 0.2, 1.5)]),
    ("bounds only", lambda lo, hi: bnp.clip(np.linspace(-2, 2, 7), lo, hi),
     lambda lo, hi: np.clip(np.linspace(-2, 2, 7), lo, hi), [-0.55, 0.45]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), CLIP, ids=[c[0] for c in CLIP])
def test_clip(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check(fn, ref, args)


def test_clip_at_a_bound_splits_the_gradient() -> None:
    g = bp.grad_bp_n(lambda a, lo, hi: bnp.clip(a, lo, hi), (0.5, 0.5, 1.0))
    assert g == (0.5, 0.5, 0.0)


# --- softmax, log_softmax, logsumexp, softmax_cross_entropy --------------------------------


def np_softmax(x: Any, axis: Any) -> Any:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def np_lse(x: Any, axis: Any, keepdims: bool = False) -> Any:
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


X34 = sample(12, (3, 4), -2.0, 2.0)
X234 = sample(13, (2, 3, 4), -2.0, 2.0)
X32 = sample(14, (3, 4), -2.0, 2.0, np.float32)
T34 = np.eye(4)[[0, 3, 1]]
SOFT: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("softmax", bnp.softmax, lambda x: np_softmax(x, -1), [X34]),
    ("softmax axis 0", lambda x: bnp.softmax(x, axis=0), lambda x: np_softmax(x, 0), [X34]),
    ("softmax axes", lambda x: bnp.softmax(x, axis=(0, 2)), lambda x: np_softmax(x, (0, 2)), [X234]),
    ("softmax vector", bnp.softmax, lambda x: np_softmax(x, -1), [X34[0]]),
    ("softmax float32", bnp.softmax, lambda x: np_softmax(x, -1), [X32]),
    ("log_softmax", bnp.log_softmax, lambda x: np.log(np_softmax(x, -1)), [X34]),
    ("log_softmax axis 0", lambda x: bnp.log_softmax(x, axis=0), lambda x: np.log(np_softmax(x, 0)), [X234]),
    ("log_softmax float32", bnp.log_softmax, lambda x: np.log(np_softmax(x, -1)), [X32]),
    ("logsumexp", bnp.logsumexp, lambda x: np_lse(x, -1), [X34]),
    ("logsumexp all", lambda x: bnp.logsumexp(x, axis=None), lambda x: np_lse(x, None), [X234]),
    ("logsumexp keepdims", lambda x: bnp.logsumexp(x, axis=(1, -1), keepdims=True), lambda x: np_lse(x, (1, 2), True), [X234]),
    ("logsumexp all keepdims", lambda x: bnp.logsumexp(x, None, True), lambda x: np_lse(x, None, True), [X34]),
    ("logsumexp float32", bnp.logsumexp, lambda x: np_lse(x, -1), [X32]),
    ("xent", lambda z: bnp.softmax_cross_entropy(z, T34), lambda z: -np.sum(T34 * np.log(np_softmax(z, -1)), -1), [X34]),
    ("xent axis 0", lambda z: bnp.softmax_cross_entropy(z, T34.T, axis=0), lambda z: -np.sum(T34.T * np.log(np_softmax(z, 0)), 0), [X34.T]),
    ("xent both BVars", bnp.softmax_cross_entropy, lambda z, t: -np.sum(t * np.log(np_softmax(z, -1)), -1), [X34, sample(15, (3, 4), 0.0, 1.0)]),
    ("xent broadcast targets", bnp.softmax_cross_entropy, lambda z, t: -np.sum(t * np.log(np_softmax(z, -1)), -1), [X34, sample(16, (4,), 0.0, 1.0)]),
    ("xent float32", lambda z: bnp.softmax_cross_entropy(z, T34.astype(np.float32)), lambda z: -np.sum(T34 * np.log(np_softmax(z, -1)), -1), [X32]),
    ("xent targets only", lambda t: bnp.softmax_cross_entropy(X34, t), lambda t: -np.sum(t * np.log(np_softmax(X34, -1)), -1), [sample(17, (3, 4), 0.0, 1.0)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), SOFT, ids=[c[0] for c in SOFT])
def test_softmax_family(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check(fn, ref, args)


def test_softmax_cross_entropy_gradient_is_softmax_minus_targets() -> None:
    z = np.array([[1000.0, 0.0, -1000.0], [0.5, 0.25, 0.0]])
    t = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]])
    loss, g = bp.backprop(lambda v: bnp.sum(bnp.softmax_cross_entropy(v, t)), z)
    np.testing.assert_allclose(g, np_softmax(z, -1) - t, atol=1e-15)
    assert loss == pytest.approx(1000.0 - np.sum(t[1] * np.log(np_softmax(z[1], -1))))
    # masked logits: a -inf logit with a zero target costs nothing
    masked = np.array([0.0, -np.inf, 0.0])
    loss2, g2 = bp.backprop(
        lambda v: bnp.sum(bnp.softmax_cross_entropy(v, np.array([1.0, 0.0, 0.0]))), masked
    )
    assert loss2 == pytest.approx(np.log(2.0))
    np.testing.assert_allclose(g2, [-0.5, 0.0, 0.5])


def test_softmax_cross_entropy_rejects_integer_labels() -> None:
    with pytest.raises(
        ValueError, match=r"softmax_cross_entropy: targets must be probabilities.*np.eye"
    ):
        bp.grad_bp(
            lambda z: bnp.sum(bnp.softmax_cross_entropy(z, np.array([0, 2]))), np.zeros((2, 3))
        )


def test_softmax_with_masked_logits() -> None:
    x = np.array([[0.0, -np.inf, 0.0], [-np.inf, -np.inf, -np.inf]])
    out, g = bp.backprop(lambda v: bnp.sum(bnp.softmax(v)[0] * np.array([1.0, 2.0, 3.0])), x)
    np.testing.assert_array_equal(out, 2.0)
    np.testing.assert_allclose(g[0], [-0.5, 0.0, 0.5])
    lse: Any = bp.eval_bp(lambda v: bnp.logsumexp(v, -1), x)
    assert lse[0] == pytest.approx(np.log(2.0))
    assert lse[1] == -np.inf


# --- reductions ---------------------------------------------------------------------------

REDUCTIONS: list[tuple[str, Fn, Fn]] = [
    ("sum", bnp.sum, np.sum),
    ("mean", bnp.mean, np.mean),
    ("prod", bnp.prod, np.prod),
    ("max", bnp.max, np.max),
    ("min", bnp.min, np.min),
    ("var", bnp.var, np.var),
    ("std", bnp.std, np.std),
]


@pytest.mark.parametrize(("name", "fn", "ref"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
@pytest.mark.parametrize(("kind", "shape", "dtype", "kw"), AXES, ids=[a[0] for a in AXES])
def test_reduction(
    name: str, fn: Fn, ref: Fn, kind: str, shape: Any, dtype: Any, kw: dict[str, Any]
) -> None:
    x = sample(len(name) * 7 + len(kind), shape, 0.5, 1.5, dtype)
    check(
        lambda v: fn(v, **kw),
        lambda v: ref(v, **kw),
        [x],
        rtol=1e-5 if dtype == np.float32 else None,
    )


def test_full_reductions_give_python_floats() -> None:
    x32 = np.arange(1.0, 4.0, dtype=np.float32)
    for fn in (bnp.sum, bnp.mean, bnp.prod, bnp.max, bnp.min, bnp.var, bnp.std, bnp.norm):
        assert type(bp.eval_bp(fn, x32)) is float
        assert bp.grad_bp(fn, x32).dtype == np.float32


@pytest.mark.parametrize("ddof", [0, 1, 2])
def test_var_and_std_with_ddof(ddof: int) -> None:
    x = sample(20, (3, 5), -1.0, 1.0)
    check(lambda v: bnp.var(v, axis=1, ddof=ddof), lambda v: np.var(v, axis=1, ddof=ddof), [x])
    check(lambda v: bnp.std(v, ddof=ddof), lambda v: np.std(v, ddof=ddof), [x])


def test_std_of_a_constant_has_a_zero_gradient() -> None:
    y, g = bp.backprop(bnp.std, np.full(4, 2.0))
    assert y == 0.0
    np.testing.assert_array_equal(g, np.zeros(4))


def test_max_and_min_split_the_gradient_evenly_among_ties() -> None:
    x = np.array([[3.0, 1.0, 3.0, 3.0], [0.0, 0.0, -1.0, 2.0]])
    np.testing.assert_allclose(
        bp.grad_bp(lambda v: bnp.sum(bnp.max(v, axis=1)), x),
        [[1 / 3, 0.0, 1 / 3, 1 / 3], [0.0, 0.0, 0.0, 1.0]],
    )
    np.testing.assert_allclose(
        bp.grad_bp(lambda v: bnp.sum(bnp.min(v, axis=1)), x),
        [[0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0]],
    )
    np.testing.assert_allclose(
        bp.grad_bp(bnp.max, x), np.array([[1 / 3, 0, 1 / 3, 1 / 3], [0, 0, 0, 0]])
    )


def test_prod_gradient_is_exact_with_zeros() -> None:
    x = np.array([[2.0, 0.0, 3.0], [0.0, 0.0, 5.0], [1.0, 2.0, 4.0]])
    g = bp.grad_bp(lambda v: bnp.sum(bnp.prod(v, axis=1)), x)
    np.testing.assert_array_equal(g, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [8.0, 4.0, 2.0]])
    check(lambda v: bnp.prod(v, axis=0), lambda v: np.prod(v, axis=0), [x])


def test_reductions_through_numpy_reach_the_lifted_functions() -> None:
    x = sample(21, (3, 4), 0.5, 1.5)
    pairs: list[tuple[Fn, Fn]] = [(np.sum, bnp.sum), (np.mean, bnp.mean), (np.prod, bnp.prod), (np.max, bnp.max),
                      (np.amax, bnp.max), (np.min, bnp.min), (np.amin, bnp.min), (np.var, bnp.var),
                      (np.std, bnp.std)]  # fmt: skip
    for np_fn, fn in pairs:
        y1, g1 = bp.backprop(lambda v: bnp.sum(np_fn(v, axis=0, keepdims=True)), x)
        y2, g2 = bp.backprop(lambda v: bnp.sum(fn(v, axis=0, keepdims=True)), x)
        assert y1 == y2
        np.testing.assert_array_equal(g1, g2)
    g = bp.grad_bp(lambda v: np.var(v, 1, ddof=1)[0], x)  # pyright: ignore[reportArgumentType, reportCallIssue]
    check(lambda v: np.var(v, 1, ddof=1), lambda v: np.var(v, 1, ddof=1), [x])
    assert g.shape == x.shape


def test_empty_reductions() -> None:
    x = np.zeros((0, 3))
    y, g = bp.backprop(lambda v: bnp.sum(bnp.sum(v, axis=0)), x)
    assert y == 0.0
    assert g.shape == (0, 3)
    y2, g2 = bp.backprop(lambda v: bnp.sum(bnp.prod(v, axis=0)), x)
    assert y2 == 3.0
    assert g2.shape == (0, 3)
