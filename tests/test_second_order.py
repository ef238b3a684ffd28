"""Every rule of the elementwise, reduction, shape, scan and sorting families
differentiated twice: the second derivative (the reverse mode of a
gradient, which runs each rule's vjp on BVars of an enclosing call)
against finite differences of the gradient (check_second), for the
operators, every backprop.numpy function of these families, the ndarray
methods and lists of BVars."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import check_second, sample, signed, weights_like

import backprop as bp
import backprop.numpy as bnp
from backprop._rules import elementwise as ew
from backprop.testing import check_grad

Fn = Callable[..., Any]


P = sample(1, (3, 4), 0.5, 1.5)  # positive
Q = sample(2, (3, 4), 0.5, 1.5)
R = sample(3, (3, 4), -0.9, 0.9)  # in (-1, 1)
N = signed(4, (3, 4), 0.3, 1.5)  # away from 0
V = sample(5, (4,), 0.5, 1.5)
T3 = sample(6, (2, 3, 4), -1.0, 1.0)
U = sample(7, (3, 4), 1.2, 2.0)  # above 1
Z0 = np.array([[2.0, 0.0, 3.0, -1.5], [0.0, 1.5, 0.0, 2.0], [1.0, -2.0, 0.5, 0.0]])
PROBS = Q / Q.sum(axis=1, keepdims=True)

# name, function, arguments
CASES: list[tuple[str, Fn, list[Any]]] = [
    # --- operators
    ("+", lambda x, y: x + y, [P, V]), ("-", lambda x, y: x - y, [P, Q]), ("*", lambda x, y: x * y, [P, V]),
    ("/", lambda x, y: x / y, [P, Q]), ("**", lambda x, y: x**y, [P, Q]), ("** 0", lambda x: x**0.0, [P]),
    ("@", lambda x, y: x @ y, [P, Q.T]), ("unary -", lambda x: -x, [P]), ("abs()", abs, [N]),
    ("%", lambda x, y: x % y, [P * 3, Q]), ("reflected", lambda x: 2.0 / x - 3.0 ** x + 1.5 % x, [P]),
    ("float operators", lambda x, y: x * y / (x - y) ** 2.0 + x % y, [1.7, 0.4]),
    # --- elementwise, existing
    ("exp", bnp.exp, [R]), ("log", bnp.log, [P]), ("log1p", bnp.log1p, [R]), ("expm1", bnp.expm1, [R]),
    ("sqrt", bnp.sqrt, [P]), ("square", bnp.square, [R]), ("sin", bnp.sin, [N]), ("cos", bnp.cos, [N]),
    ("tan", bnp.tan, [R]), ("arcsin", bnp.arcsin, [R]), ("arccos", bnp.arccos, [R]), ("arctan", bnp.arctan, [N]),
    ("sinh", bnp.sinh, [N]), ("cosh", bnp.cosh, [N]), ("tanh", bnp.tanh, [N]), ("arcsinh", bnp.arcsinh, [N]),
    ("arccosh", bnp.arccosh, [U]), ("arctanh", bnp.arctanh, [R]), ("abs", bnp.abs, [N]),
    ("sign", lambda x: x * bnp.sign(x), [N]), ("logistic", bnp.logistic, [N]), ("relu", bnp.relu, [N]),
    ("softplus", bnp.softplus, [N]), ("maximum", bnp.maximum, [P, Q]), ("minimum", bnp.minimum, [P, V]),
    ("maximum tie", lambda x: bnp.maximum(x, x) * x, [P]),
    ("where", lambda x, y: bnp.where(x > y, x * y, x / y), [P, Q]),
    ("clip", lambda x: bnp.clip(x * x, 0.5, 1.5), [P]), ("clip bounds", bnp.clip, [N, -Q, Q]),
    ("log_base", ew.log_base, [U, P]),
    ("floats", lambda x: bnp.exp(bnp.sin(x)) * bnp.sqrt(x) + bnp.logistic(x), [0.7]),
    ("float32", lambda x: bnp.tanh(x) * x, [sample(8, (3,), -1.0, 1.0, np.float32)]),
    # --- elementwise, new
    ("mod", bnp.mod, [P * 3, Q]), ("fmod", bnp.fmod, [N * 3, Q]), ("arctan2", bnp.arctan2, [N, Q]),
    ("hypot", bnp.hypot, [N, Q]), ("logaddexp", bnp.logaddexp, [N, Q]), ("logaddexp2", bnp.logaddexp2, [N, V]),
    ("exp2", bnp.exp2, [N]), ("log2", bnp.log2, [P]), ("log10", bnp.log10, [P]), ("fabs", bnp.fabs, [N]),
    ("fmax", bnp.fmax, [P, Q]), ("fmin", bnp.fmin, [P, Q]), ("reciprocal", bnp.reciprocal, [N]),
    ("negative", bnp.negative, [N]), ("deg2rad", bnp.deg2rad, [N]), ("rad2deg", bnp.rad2deg, [N]),
    ("sinc", bnp.sinc, [N]), ("sinc near 0", bnp.sinc, [np.array([0.0, 2e-4, -5e-4, 0.3])]),
    ("nan_to_num", bnp.nan_to_num, [N]), ("real", bnp.real, [N]), ("imag", lambda x: bnp.imag(x) + x, [N]),
    ("conj", bnp.conj, [N]), ("angle", lambda x: bnp.angle(x) * x, [N]), ("real_if_close", bnp.real_if_close, [N]),
    ("floor", lambda x: bnp.floor(x) * x * x, [N]), ("ceil", lambda x: bnp.ceil(x) * x, [N]),
    ("rint", lambda x: bnp.rint(x) * x, [N]), ("round", lambda x: bnp.round(x, 1) * x, [N]),
    ("trunc", lambda x: bnp.trunc(x) * x, [N]),
    ("new on floats", lambda x, y: bnp.arctan2(x, y) * bnp.hypot(x, y) + bnp.sinc(x) * bnp.log2(y), [0.7, 1.3]),
    # --- reductions
    ("sum", bnp.sum, [P]), ("sum axis", lambda x: bnp.sum(x, axis=0), [P]), ("mean", lambda x: bnp.mean(x, 1, keepdims=True), [P]),
    ("prod", bnp.prod, [P]), ("prod axes", lambda x: bnp.prod(x, axis=(0, 2)), [T3]),
    ("prod with zeros", lambda x: bnp.prod(x, axis=1), [Z0]), ("max", lambda x: bnp.max(x, axis=0), [P]),
    ("min", bnp.min, [P]), ("var", lambda x: bnp.var(x, axis=1, ddof=1), [P]), ("std", bnp.std, [P]),
    ("softmax", bnp.softmax, [N]), ("log_softmax", lambda x: bnp.log_softmax(x, axis=0), [N]),
    ("logsumexp", bnp.logsumexp, [N]),
    ("softmax_cross_entropy", lambda z: bnp.softmax_cross_entropy(z, np.eye(4)[[0, 3, 1]]), [N]),
    ("softmax_cross_entropy both", bnp.softmax_cross_entropy, [N, PROBS]),
    ("amax", lambda x: bnp.amax(x, axis=(0, 1), keepdims=True), [P]), ("amin", bnp.amin, [P]),
    ("average", lambda x, w: bnp.average(x, 1, w), [N, Q]), ("average 1-D weights", lambda x, w: bnp.average(x, 1, w), [N, V]),
    ("ptp", lambda x: bnp.ptp(x, 0), [N]), ("nansum", lambda x: bnp.nansum(x, 1), [N]),
    ("nanmean", lambda x: bnp.nanmean(x, 0), [N]),
    # --- shape, existing
    ("transpose", lambda x: bnp.transpose(x, (2, 0, 1)), [T3]), ("T", lambda x: x.T, [P]),
    ("reshape", lambda x: bnp.reshape(x, (4, 3)), [P]), ("reshape F", lambda x: bnp.reshape(x, (2, 6), "F"), [P]),
    ("ravel", bnp.ravel, [T3]), ("ravel K", lambda x: bnp.ravel(x.T, "K"), [P]),
    ("expand_dims", lambda x: bnp.expand_dims(x, 1), [P]), ("squeeze", bnp.squeeze, [P[:1]]),
    ("broadcast_to", lambda v: bnp.broadcast_to(v, (3, 4)), [V]),
    ("concatenate", lambda x, y: bnp.concatenate([x, y], 1), [P, Q]),
    ("concatenate flat", lambda x, y: bnp.concatenate((x, y), None), [P, V]),
    ("stack", lambda x, y: bnp.stack([x, y], 1), [P, Q]), ("stack floats", lambda x, y: bnp.stack([x, y * x]), [0.5, 1.5]),
    ("split", lambda x: bnp.split(x, 2, axis=1)[1], [P]), ("konst", lambda c: bnp.konst(c, (2, 2)), [1.5]),
    ("full", lambda c: bnp.full((2, 2), c * c), [1.5]),
    ("full_like", lambda c: bnp.full_like(P, c), [1.5]), ("zeros_like", lambda x: bnp.zeros_like(x) + x, [P]),
    ("index", lambda x: x[1:, ::2], [P]), ("fancy index", lambda x: x[[0, 0, 2], 1:], [P]),
    ("iterate", lambda x: bnp.stack([r * r for r in x]), [P]),
    # --- shape, new
    ("vstack", lambda x, y: bnp.vstack([x, y]), [P, V]), ("hstack", lambda x, y: bnp.hstack([x[0], y, 2.0]), [P, V]),
    ("dstack", lambda x, y: bnp.dstack([x, y]), [P, Q]), ("column_stack", lambda v: bnp.column_stack([v, v * v]), [V]),
    ("row_stack", lambda x, y: bnp.row_stack([x, y]), [V, V * 2]), ("append", lambda x, y: bnp.append(x, y, 0), [P, Q]),
    ("repeat", lambda x: bnp.repeat(x, 2, 1), [P]), ("repeat counts", lambda x: bnp.repeat(x, [1, 0, 3], 0), [P]),
    ("repeat flat", lambda x: bnp.repeat(x, 2), [P]), ("tile", lambda x: bnp.tile(x, (2, 1, 2)), [P]),
    ("pad", lambda x: bnp.pad(x, ((1, 2), (0, 1)), constant_values=3.0), [P]),
    ("pad reflect", lambda x: bnp.pad(x, 2, "reflect"), [P]), ("pad wrap", lambda x: bnp.pad(x, ((1, 1), (3, 0)), "wrap"), [P]),
    ("pad edge", lambda x: bnp.pad(x, 1, "edge"), [V]), ("pad symmetric", lambda x: bnp.pad(x, 3, "symmetric"), [V]),
    ("roll", lambda x: bnp.roll(x, (1, -2), (0, 1)), [P]), ("rot90", lambda x: bnp.rot90(x, 3), [P]),
    ("flip", lambda x: bnp.flip(x, 1), [P]), ("fliplr", bnp.fliplr, [P]), ("flipud", bnp.flipud, [P]),
    ("moveaxis", lambda x: bnp.moveaxis(x, 0, -1), [T3]), ("swapaxes", lambda x: bnp.swapaxes(x, 0, 2), [T3]),
    ("rollaxis", lambda x: bnp.rollaxis(x, 2), [T3]), ("atleast_1d", bnp.atleast_1d, [0.5]),
    ("atleast_2d", bnp.atleast_2d, [V]), ("atleast_3d", bnp.atleast_3d, [V]),
    ("array_split", lambda x: bnp.array_split(x, 3, axis=1)[2], [P]), ("hsplit", lambda x: bnp.hsplit(x, 2)[0], [P]),
    ("vsplit", lambda x: bnp.vsplit(x, 3)[1], [P]), ("dsplit", lambda x: bnp.dsplit(x, [1])[1], [T3]),
    ("tril", lambda x: bnp.tril(x, -1), [P]), ("triu of a vector", bnp.triu, [V]),
    ("diagonal", lambda x: bnp.diagonal(x, 1), [P]), ("diagonal axes", lambda x: bnp.diagonal(x, 0, 2, 0), [T3]),
    ("kron", bnp.kron, [P[:2, :2], Q[:2]]), ("kron float", bnp.kron, [1.5, V]),
    ("cross", lambda x, y: bnp.cross(x[:, :3], y[:, 1:]), [P, Q]),
    ("cross 2-vector", lambda x, y: bnp.cross(x[:, :2], y[:, :3]), [P, Q]),
    ("cross two 2-vectors", lambda x, y: bnp.cross(x[:, :2], y[:, 2:]), [P, Q]),
    ("select", lambda x, y: bnp.select([x.value > 1, y.value > 1], [x * y, x], y), [P, Q]),
    ("take repeated", lambda x: bnp.take(x, [5, 0, 5, -1]), [P]), ("take axis", lambda x: bnp.take(x, [[2, 2], [0, 1]], -1), [T3]),
    ("take one index", lambda x: bnp.take(x, 1, axis=0) * x.take(7), [P]), ("take clip", lambda x: x.take([-1, 9], 0, "clip"), [P]),
    ("compress", lambda x: bnp.compress([1, 0, 1], x, 0), [P]), ("compress flat", lambda x: x.compress([0, 1, 1]), [P]),
    ("r_", lambda x, y: bnp.r_[x[0], 2.0, 0:2, y * y], [P, V]), ("r_ directive", lambda x, y: bnp.r_["0,2,0", x[1], y], [P, V]),
    ("c_", lambda x, y: bnp.c_[x, y[:3] * x[:, 0]], [P, V]),
    # --- scans and sorting
    ("cumsum", lambda x: bnp.cumsum(x, 1), [P]), ("cumsum flat", bnp.cumsum, [P]),
    ("cumprod", lambda x: bnp.cumprod(x, 0), [P]), ("cumprod flat", bnp.cumprod, [P]),
    ("cumprod with zeros", lambda x: bnp.cumprod(x, 1), [Z0]),
    ("diff", lambda x: bnp.diff(x, 2, 0, prepend=0.5), [P]), ("diff ends", lambda x, p: bnp.diff(x, 1, -1, p, p), [P, 1.5]),
    ("gradient", lambda x: bnp.gradient(x, axis=1), [P]),
    ("gradient coordinates", lambda x: bnp.gradient(x, np.array([0.0, 1.0, 3.0, 3.5]), axis=1, edge_order=2), [P]),
    ("gradient axes", lambda x: bnp.stack(bnp.gradient(x, 0.5, 2.0)), [P]),
    ("sort", lambda x: bnp.sort(x, 0), [P]), ("sort flat", lambda x: bnp.sort(x, None), [P]),
    ("partition", lambda x: bnp.partition(x, 2), [P]), ("partition kths", lambda x: bnp.partition(x, [0, 2], 0), [P]),
    # --- methods and lists of BVars
    ("methods", lambda x: x.reshape(4, 3).T.swapaxes(0, 1).cumsum(0).std(axis=1), [P]),
    ("reduction methods", lambda x: x.sum(0) * x.mean(1, keepdims=True) + x.max() * x.min() + x.prod(axis=1, keepdims=True) + x.var(0), [P]),
    ("more methods", lambda x: x.dot(x.T).clip(0.5, 4.0).diagonal() + x.cumprod(1).ravel()[:3] + x.trace(), [P]),
    ("astype", lambda x: bnp.astype(x, np.float64), [P]),
    ("array of lists", lambda x, y: bnp.array([[x[0, 0], 1.0], [y[1, 1], x[0, 0] * y[1, 1]]]), [P, Q]),
    ("mean of a list", lambda x, y: bnp.mean([x, y * y, 1.0]), [0.5, 1.5]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "args"), CASES, ids=[c[0] for c in CASES])
def test_second_derivative(name: str, fn: Fn, args: list[Any]) -> None:
    check_second(fn, args)


@pytest.mark.parametrize(("name", "fn", "args"), CASES, ids=[c[0] for c in CASES])
def test_second_derivative_through_a_captured_bvar(name: str, fn: Fn, args: list[Any]) -> None:
    # the inner input is plain and an outer BVar c scales the loss: every
    # vjp gets an output gradient that is a BVar with plain values beside it
    x: Any = tuple(args) if len(args) > 1 else args[0]

    def f(u: Any) -> Any:
        return fn(*[u[i] for i in range(len(args))]) if len(args) > 1 else fn(u)

    w = weights_like(bp.eval_bp(f, x))

    def gradient(c: bp.BVar[Any, float]) -> Any:
        g = bp.grad_bp(lambda u: bnp.sum(f(u) * f(u) * w) * c * c, x)
        if isinstance(g, tuple):
            return bp.collect_var(tuple(e if isinstance(e, bp.BVar) else bp.const_var(e) for e in g))
        return g if isinstance(g, bp.BVar) else bp.const_var(g)

    if any(np.asarray(a).dtype == np.float32 for a in args):
        check_grad(gradient, 1.3, eps=1e-3, rtol=2e-2, atol=2e-3)
    else:
        check_grad(gradient, 1.3)


def test_second_derivatives_of_float32_stay_float32() -> None:
    x = sample(9, (3, 4), 0.5, 1.5, np.float32)
    w = sample(10, (3, 4), -1.0, 1.0, np.float32)

    def loss(u: Any) -> Any:  # (a BVar of a BVar: untyped)
        return bnp.sum(bnp.cumprod(bnp.sort(u, 0) * bnp.exp2(u), 1) * w)

    def grad(v: bp.BVar[Any, Any]) -> bp.BVar[Any, Any]:
        return bp.grad_bp(loss, v)

    h = bp.grad_bp(lambda v: bnp.sum(grad(v) * w), x)
    assert h.dtype == np.float32
    check_second(lambda v: bnp.logaddexp(bnp.pad(v, 1, "reflect"), 0.5), [x], eps=1e-3, rtol=2e-2, atol=2e-3)


def second(f: Fn, x: float) -> Any:
    """The second derivative of ``f`` at ``x`` (a BVar of a BVar inside: untyped)."""
    return bp.grad_bp(lambda u: bp.grad_bp(f, u), x)


def test_second_derivatives_of_known_functions_have_their_closed_forms() -> None:
    s = 1 / (1 + np.exp(-0.3))
    assert second(lambda y: bnp.logaddexp(y, 0.0), 0.3) == pytest.approx(s * (1 - s), rel=1e-14)
    assert second(bnp.exp2, 1.5) == pytest.approx(np.log(2.0) ** 2 * 2.0**1.5, rel=1e-14)
    assert second(lambda y: bnp.hypot(y, 4.0), 3.0) == pytest.approx(16.0 / 125.0, rel=1e-14)
