"""backprop.numpy at parity with autograd, first half: numpy's other
elementwise functions, shape and assembly, scans and sorting, reductions,
the ndarray methods of BVar and lists of BVars. Values against numpy,
gradients against finite differences (check_op, check_grad), broadcasting
pairs, axes and keepdims, float32, 0-d inputs, a constant in each position,
complex inputs where numpy takes them, numpy's own functions reaching the
lifted ones, and the conventions at ties."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import AXES, KINDS, PAIRS, check_complex, check_op, sample, signed
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop.testing import check_grad

Fn = Callable[..., Any]


def val(x: Any) -> Any:
    return x.value if isinstance(x, bp.BVar) else x


# --- elementwise, one argument -------------------------------------------------------------------

# name, function, numpy reference, sampler of an input of a shape and dtype
UNARY: list[tuple[str, Fn, Fn, Callable[[int, Any, Any], Any]]] = [
    ("exp2", bnp.exp2, np.exp2, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("log2", bnp.log2, np.log2, lambda s, sh, dt: sample(s, sh, 0.5, 3.0, dt)),
    ("log10", bnp.log10, np.log10, lambda s, sh, dt: sample(s, sh, 0.5, 3.0, dt)),
    ("fabs", bnp.fabs, np.fabs, lambda s, sh, dt: signed(s, sh, 0.3, 2.0, dt)),
    ("reciprocal", bnp.reciprocal, np.reciprocal, lambda s, sh, dt: signed(s, sh, 0.5, 2.0, dt)),
    ("negative", bnp.negative, np.negative, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("deg2rad", bnp.deg2rad, np.deg2rad, lambda s, sh, dt: sample(s, sh, -200.0, 200.0, dt)),
    ("radians", bnp.radians, np.radians, lambda s, sh, dt: sample(s, sh, -200.0, 200.0, dt)),
    ("rad2deg", bnp.rad2deg, np.rad2deg, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt)),
    ("degrees", bnp.degrees, np.degrees, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt)),
    ("sinc", bnp.sinc, np.sinc, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("nan_to_num", bnp.nan_to_num, np.nan_to_num, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("real", bnp.real, np.real, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("imag", bnp.imag, np.imag, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("conj", bnp.conj, np.conj, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("conjugate", bnp.conjugate, np.conjugate, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("angle", bnp.angle, np.angle, lambda s, sh, dt: signed(s, sh, 0.3, 2.0, dt)),
    ("real_if_close", bnp.real_if_close, np.real_if_close, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    # piecewise constant: away from the jumps, the gradient is 0
    ("floor", bnp.floor, np.floor, lambda s, sh, dt: sample(s, sh, 0.1, 0.9, dt)),
    ("ceil", bnp.ceil, np.ceil, lambda s, sh, dt: sample(s, sh, 0.1, 0.9, dt)),
    ("rint", bnp.rint, np.rint, lambda s, sh, dt: sample(s, sh, 0.1, 0.4, dt)),
    ("round", bnp.round, np.round, lambda s, sh, dt: sample(s, sh, 1.1, 1.4, dt)),
    ("trunc", bnp.trunc, np.trunc, lambda s, sh, dt: sample(s, sh, 1.1, 1.9, dt)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "draw"), UNARY, ids=[u[0] for u in UNARY])
@pytest.mark.parametrize(("kind", "shape", "dtype"), KINDS, ids=[k[0] for k in KINDS])
def test_unary(name: str, fn: Fn, ref: Fn, draw: Any, kind: str, shape: Any, dtype: Any) -> None:
    x = draw(len(name) + len(kind), shape, dtype)
    check_op(fn, ref, [x])


def test_gradients_of_the_unary_functions_have_their_closed_forms() -> None:
    x = np.array([0.5, 1.0, 2.0])
    expect: list[tuple[Fn, Any]] = [
        (bnp.exp2, np.log(2.0) * 2.0**x),
        (bnp.log2, 1 / (x * np.log(2.0))),
        (bnp.log10, 1 / (x * np.log(10.0))),
        (bnp.reciprocal, -1 / x**2),
        (bnp.deg2rad, np.full(3, np.pi / 180)),
        (bnp.rad2deg, np.full(3, 180 / np.pi)),
        (bnp.sinc, (np.cos(np.pi * x) - np.sinc(x)) / x),
        (bnp.floor, np.zeros(3)),
        (bnp.angle, np.zeros(3)),
        (bnp.imag, np.zeros(3)),
    ]
    for fn, want in expect:
        np.testing.assert_allclose(bp.grad_bp(lambda v: bnp.sum(fn(v)), x), want, rtol=1e-13, atol=1e-15)


def test_sinc_is_smooth_at_zero() -> None:
    # sinc'(0) = 0 and sinc''(0) = -pi^2 / 3, also through the series branch
    sinc: Fn = bnp.sinc  # (the nested calls below are untyped: a BVar of a BVar)
    assert bp.grad_bp(bnp.sinc, 0.0) == 0.0
    assert bp.grad_bp(lambda x: bp.grad_bp(sinc, x), 0.0) == pytest.approx(-np.pi**2 / 3)
    for x in (-1e-3 - 1e-9, -2e-4, 0.0, 3e-4, 1e-3 + 1e-9):
        check_grad(bnp.sinc, x)
        check_grad(lambda v: bp.grad_bp(sinc, v), x)


def test_nan_to_num_passes_finite_gradients_and_never_writes_its_input() -> None:
    x = np.array([1.0, np.nan, np.inf, -np.inf, -2.0])
    before = x.copy()
    y, g = bp.backprop(lambda v: bnp.sum(bnp.nan_to_num(v, copy=False, nan=5.0, posinf=7.0, neginf=-3.0) * 2.0), x)
    assert y == 2 * (1.0 + 5.0 + 7.0 - 3.0 - 2.0)
    np.testing.assert_array_equal(g, [2.0, 0.0, 0.0, 0.0, 2.0])
    np.testing.assert_array_equal(x, before)
    nan_to_num: Fn = np.nan_to_num  # numpy's own function, on a BVar
    np.testing.assert_array_equal(bp.eval_bp(lambda v: nan_to_num(v, nan=-1.0), x)[:2], [1.0, -1.0])


def test_zero_gradient_functions_are_constants_in_a_chain() -> None:
    x = np.array([1.25, -2.5, 3.75])
    fns: list[Fn] = [bnp.floor, bnp.ceil, bnp.rint, bnp.trunc, lambda v: bnp.round(v, 1)]
    for fn in fns:
        g = bp.grad_bp(lambda v: bnp.sum(v * fn(v)), x)
        np.testing.assert_array_equal(g, val(fn(x)))
    np_fns: list[Fn] = [np.floor, np.ceil, np.rint, np.trunc, np.round, np.around, np.fix]
    for np_fn in np_fns:
        out = bp.eval_bp(lambda v: np_fn(v) * 1.0, x)
        np.testing.assert_array_equal(out, np_fn(x))


# --- elementwise, two arguments -------------------------------------------------------------------

# name, function, numpy reference, first and second argument samplers
BINARY: list[tuple[str, Fn, Fn, Any, Any]] = [
    ("mod", bnp.mod, np.mod, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt), lambda s, sh, dt: signed(s, sh, 0.7, 1.3, dt)),
    ("remainder", bnp.remainder, np.remainder, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt), lambda s, sh, dt: signed(s, sh, 0.7, 1.3, dt)),
    ("fmod", bnp.fmod, np.fmod, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt), lambda s, sh, dt: signed(s, sh, 0.7, 1.3, dt)),
    ("arctan2", bnp.arctan2, np.arctan2, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt), lambda s, sh, dt: signed(s, sh, 0.3, 2.0, dt)),
    ("hypot", bnp.hypot, np.hypot, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt), lambda s, sh, dt: signed(s, sh, 0.3, 2.0, dt)),
    ("logaddexp", bnp.logaddexp, np.logaddexp, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt), lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt)),
    ("logaddexp2", bnp.logaddexp2, np.logaddexp2, lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt), lambda s, sh, dt: sample(s, sh, -3.0, 3.0, dt)),
    ("fmax", bnp.fmax, np.fmax, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt), lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
    ("fmin", bnp.fmin, np.fmin, lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt), lambda s, sh, dt: sample(s, sh, -2.0, 2.0, dt)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "dx", "dy"), BINARY, ids=[b[0] for b in BINARY])
@pytest.mark.parametrize(("kind", "xs", "ys", "dtype"), PAIRS, ids=[p[0] for p in PAIRS])
def test_binary(name: str, fn: Fn, ref: Fn, dx: Any, dy: Any, kind: str, xs: Any, ys: Any, dtype: Any) -> None:
    x = dx(1 + len(name), xs, dtype)
    y = dy(2 + len(kind), ys, dtype)
    check_op(fn, ref, [x, y])


@pytest.mark.parametrize(("name", "fn", "ref", "dx", "dy"), BINARY, ids=[b[0] for b in BINARY])
def test_binary_with_a_constant_in_each_position(name: str, fn: Fn, ref: Fn, dx: Any, dy: Any) -> None:
    x = dx(4, (2, 3), np.float64)
    c = dy(5, (3,), np.float64)
    check_op(lambda v: fn(v, c), lambda v: ref(v, c), [x])
    y = dy(6, (2, 3), np.float64)
    a = dx(7, (3,), np.float64)
    check_op(lambda v: fn(a, v), lambda v: ref(a, v), [y])
    check_op(lambda v: fn(v, 0.75), lambda v: ref(v, 0.75), [x])
    check_op(lambda v: fn(1.25, v), lambda v: ref(1.25, v), [y])


def test_mod_and_fmod_gradients_are_the_integer_quotients() -> None:
    x = np.array([7.0, -7.0, 1.0])
    y = np.array([2.5, 2.5, 0.1])
    gx, gy = bp.grad_bp2(lambda a, b: bnp.sum(bnp.mod(a, b)), x, y)
    np.testing.assert_array_equal(gx, [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(gy, [-2.0, 3.0, -9.0])  # floor(7/2.5), floor(-7/2.5), mod(1, .1)'s 9
    _, gy = bp.grad_bp2(lambda a, b: bnp.sum(bnp.fmod(a, b)), x, y)
    np.testing.assert_array_equal(gy, [-2.0, 2.0, -9.0])


def test_the_percent_operator_on_bvars_is_numpy_mod() -> None:
    x = np.array([2.5, -1.25])
    check_op(lambda v: v % 0.75, lambda v: np.mod(v, 0.75), [x])
    check_op(lambda v: 2.0 % v, lambda v: np.mod(2.0, v), [np.array([0.75, -0.7])])
    check_op(lambda a, b: a % b, np.mod, [2.5, -0.75])
    assert bp.eval_bp(lambda v: v % 2.0, 5.5) == 1.5


def test_fmax_and_fmin_skip_nans_and_split_ties() -> None:
    x = np.array([np.nan, 1.0, 2.0, np.nan])
    y = np.array([3.0, np.nan, 2.0, np.nan])

    def fmax(a: bp.BVar[bp.S, NDArray[np.float64]], b: bp.BVar[bp.S, NDArray[np.float64]]) -> bp.BVar[bp.S, float]:
        return bnp.nansum(bnp.fmax(a, b))

    def fmin(a: bp.BVar[bp.S, NDArray[np.float64]], b: bp.BVar[bp.S, NDArray[np.float64]]) -> bp.BVar[bp.S, float]:
        return bnp.nansum(bnp.fmin(a, b))

    gx, gy = bp.grad_bp2(fmax, x, y)
    np.testing.assert_array_equal(gx, [0.0, 1.0, 0.5, 0.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0, 0.5, 0.0])
    gx, gy = bp.grad_bp2(fmin, x, y)
    np.testing.assert_array_equal(gx, [0.0, 1.0, 0.5, 0.0])
    np.testing.assert_array_equal(gy, [1.0, 0.0, 0.5, 0.0])


def test_hypot_and_logaddexp_at_their_edges() -> None:
    assert bp.grad_bp2(bnp.hypot, 0.0, 0.0) == (0.0, 0.0)
    assert bp.grad_bp2(bnp.logaddexp, 1000.0, 1000.0) == (0.5, 0.5)
    assert bp.grad_bp2(bnp.logaddexp2, -1000.0, 0.0) == pytest.approx((2.0**-1000, 1.0), rel=1e-12)


# --- complex inputs ---------------------------------------------------------------------------

Z = np.array([1.0 + 2.0j, -0.5 + 0.3j, 2.0 - 1.0j])
ZM = np.array([[1.0 + 2.0j, -0.5 + 0.3j, 0.2 - 1.0j], [0.7 - 0.4j, 1.5 + 0.1j, -1.2 + 0.9j]])
COMPLEX: list[tuple[str, Fn, list[Any]]] = [
    ("exp2", bnp.exp2, [Z]), ("log2", bnp.log2, [Z]), ("log10", bnp.log10, [Z]),
    ("reciprocal", bnp.reciprocal, [Z]), ("negative", bnp.negative, [Z]), ("sinc", bnp.sinc, [Z]),
    ("conj", bnp.conj, [Z]), ("real", bnp.real, [Z]), ("imag", bnp.imag, [Z]),
    ("angle", bnp.angle, [Z]), ("angle deg", lambda z: bnp.angle(z, deg=True), [Z]),
    ("nan_to_num", bnp.nan_to_num, [Z]), ("real_if_close", bnp.real_if_close, [Z]),
    ("methods", lambda z: z.conj() * z.real + z.imag, [Z]),
    ("astype", lambda z: bnp.astype(z, np.complex128) * bnp.astype(bnp.real(z), np.complex128), [Z]),
    ("cumsum", lambda z: bnp.cumsum(z, 1), [ZM]), ("cumprod", lambda z: bnp.cumprod(z, 0), [ZM]),
    ("diff", lambda z: bnp.diff(z, 1, 0), [ZM]), ("gradient", lambda z: bnp.gradient(z, axis=1), [ZM]),
    ("flip", bnp.flip, [ZM]), ("roll", lambda z: bnp.roll(z, 2), [ZM]), ("rot90", bnp.rot90, [ZM]),
    ("repeat", lambda z: bnp.repeat(z, [2, 1], 0), [ZM]), ("tile", lambda z: bnp.tile(z, 2), [ZM]),
    ("pad", lambda z: bnp.pad(z, 1, "reflect"), [ZM]), ("tril", bnp.tril, [ZM]),
    ("diagonal", bnp.diagonal, [ZM]), ("kron", bnp.kron, [Z, ZM]), ("cross", bnp.cross, [ZM, Z]),
    ("vstack", lambda a, b: bnp.vstack([a, b]), [Z, ZM]), ("sort", bnp.sort, [ZM]),
    ("average", lambda z: bnp.average(z, 1, np.array([1.0, 2.0, 3.0])), [ZM]),
    ("nansum", lambda z: bnp.nansum(z, 0), [ZM]), ("nanmean", bnp.nanmean, [ZM]),
    ("array", lambda a, b: bnp.array([a[0], b[1, 2]]), [Z, ZM]),
    ("mixed with a real argument", lambda z, x: bnp.kron(z, x), [Z, np.array([0.5, -2.0])]),
    ("amax", lambda z: bnp.amax(z, 1), [ZM]), ("ptp", lambda z: bnp.ptp(z, 1), [ZM]),
    ("fmax", lambda z: bnp.fmax(z, z[::-1]), [ZM]), ("partition", lambda z: bnp.partition(z, 1), [ZM]),
    ("select", lambda z: bnp.select([np.real(ZM) > 0], [z], 0), [ZM]),
    ("column_stack", lambda z: bnp.column_stack([z[0], z[1]]), [ZM]), ("atleast_3d", bnp.atleast_3d, [ZM]),
    ("moveaxis", lambda z: bnp.moveaxis(z, 0, 1), [ZM]), ("append", lambda z: bnp.append(z, 1j), [ZM]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "args"), COMPLEX, ids=[c[0] for c in COMPLEX])
def test_complex_inputs_follow_the_convention(name: str, fn: Fn, args: list[Any]) -> None:
    check_complex(fn, args)


def test_complex_parts_have_their_gradients() -> None:
    z = np.array([3.0 + 4.0j])
    np.testing.assert_array_equal(bp.grad_bp(lambda v: bnp.sum(bnp.real(v)), z), [1.0 + 0.0j])
    np.testing.assert_array_equal(bp.grad_bp(lambda v: bnp.sum(bnp.imag(v)), z), [-1.0j])
    np.testing.assert_allclose(bp.grad_bp(lambda v: bnp.sum(bnp.angle(v)), z), [-1j * (3 - 4j) / 25])
    assert bp.grad_bp(lambda v: bnp.sum(bnp.angle(v)), np.zeros(1, dtype=complex))[0] == 0
    g = bp.grad_bp(lambda v: bnp.sum(bnp.real(v * np.array([2.0j]))), np.array([1.0]))
    assert g.dtype == np.float64  # a real input keeps a real gradient


# --- reductions ---------------------------------------------------------------------------------

REDUCTIONS: list[tuple[str, Fn, Fn]] = [
    ("amax", bnp.amax, np.amax),
    ("amin", bnp.amin, np.amin),
    ("ptp", bnp.ptp, np.ptp),
    ("nansum", bnp.nansum, np.nansum),
    ("nanmean", bnp.nanmean, np.nanmean),
    ("average", lambda a, axis=None, keepdims=False: bnp.average(a, axis, keepdims=keepdims),
     lambda a, axis=None, keepdims=False: np.average(a, axis, keepdims=keepdims)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref"), REDUCTIONS, ids=[r[0] for r in REDUCTIONS])
@pytest.mark.parametrize(("kind", "shape", "dtype", "kw"), AXES, ids=[a[0] for a in AXES])
def test_reduction(name: str, fn: Fn, ref: Fn, kind: str, shape: Any, dtype: Any, kw: dict[str, Any]) -> None:
    x = sample(len(name) * 7 + len(kind), shape, 0.5, 1.5, dtype)
    check_op(lambda v: fn(v, **kw), lambda v: ref(v, **kw), [x], rtol=1e-5 if dtype == np.float32 else None)


def test_full_reductions_of_floats_give_python_floats() -> None:
    x = np.arange(1.0, 4.0)
    for fn in (bnp.amax, bnp.ptp, bnp.nansum, bnp.nanmean, bnp.average):
        assert type(bp.eval_bp(fn, x)) is float


def test_nan_reductions_give_nans_no_gradient() -> None:
    x = np.array([[1.0, np.nan, 3.0], [np.nan, np.nan, 2.0]])
    check_op(lambda v: bnp.nansum(v, axis=1), lambda v: np.nansum(v, axis=1), [x])
    check_op(lambda v: bnp.nanmean(v, axis=1, keepdims=True), lambda v: np.nanmean(v, axis=1, keepdims=True), [x])
    g = bp.grad_bp(lambda v: bnp.sum(bnp.nanmean(v, axis=1)), x)
    np.testing.assert_array_equal(g, [[0.5, 0.0, 0.5], [0.0, 0.0, 1.0]])


AVERAGES: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("weights like a", lambda a, w: bnp.average(a, weights=w), lambda a, w: np.average(a, weights=w),
     [sample(30, (3, 4), -1.0, 1.0), sample(31, (3, 4), 0.5, 1.5)]),
    ("weights along an axis", lambda a, w: bnp.average(a, 1, w), lambda a, w: np.average(a, 1, w),
     [sample(32, (3, 4), -1.0, 1.0), sample(33, (4,), 0.5, 1.5)]),
    ("negative axis keepdims", lambda a, w: bnp.average(a, -2, w, keepdims=True),
     lambda a, w: np.average(a, -2, w, keepdims=True), [sample(34, (3, 4), -1.0, 1.0), sample(35, (3,), 0.5, 1.5)]),
    ("constant weights", lambda a: bnp.average(a, 0, np.array([1.0, 2.0, 3.0])),
     lambda a: np.average(a, 0, np.array([1.0, 2.0, 3.0])), [sample(36, (3, 2), -1.0, 1.0)]),
    ("weights only", lambda w: bnp.average(np.arange(4.0), weights=w), lambda w: np.average(np.arange(4.0), weights=w),
     [sample(37, (4,), 0.5, 1.5)]),
    ("float32", lambda a: bnp.average(a, 1), lambda a: np.average(a, 1), [sample(38, (3, 4), -1.0, 1.0, np.float32)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), AVERAGES, ids=[a[0] for a in AVERAGES])
def test_average(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check_op(fn, ref, args)


def test_average_returns_the_sum_of_the_weights() -> None:
    a = sample(40, (3, 4), -1.0, 1.0)
    w = sample(41, (4,), 0.5, 1.5)
    both: tuple[bp.BVar[Any, Any], bp.BVar[Any, Any]] = bnp.average(a, 1, w, returned=True)
    avg, scl = both
    want_avg, want_scl = np.average(a, 1, w, returned=True)
    np.testing.assert_allclose(avg.value, want_avg)
    np.testing.assert_allclose(scl.value, want_scl)
    check_grad(lambda ws: bnp.sum(bnp.average(a, 1, ws, returned=True)[1] ** 2), w)
    _, count = bnp.average(a, 0, returned=True)
    np.testing.assert_array_equal(count.value, np.average(a, 0, returned=True)[1])
    with pytest.raises(ZeroDivisionError, match=r"backprop\.numpy\.average: Weights sum to zero"):
        bnp.average(a, 1, np.array([1.0, -1.0, 0.0, 0.0]))
    with pytest.raises(TypeError, match="Axis must be specified"):
        bnp.average(a, weights=w)
    with pytest.raises(ValueError, match="Length of weights not compatible"):
        bnp.average(a, 0, w)


def test_ptp_and_amax_split_ties_evenly_as_max_does() -> None:
    x = np.array([[3.0, 1.0, 3.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    np.testing.assert_allclose(
        bp.grad_bp(lambda v: bnp.sum(bnp.ptp(v, axis=1)), x), [[0.5, -0.5, 0.5, -0.5], [0.0, 0.0, 0.0, 0.0]]
    )
    np.testing.assert_allclose(
        bp.grad_bp(lambda v: bnp.sum(bnp.amax(v, axis=1)), x), [[0.5, 0.0, 0.5, 0.0], [0.25, 0.25, 0.25, 0.25]]
    )
    np.testing.assert_allclose(bp.grad_bp(bnp.amin, x), [[0.0, 0.5, 0.0, 0.5], [0.0, 0.0, 0.0, 0.0]])


# --- shape and assembly ---------------------------------------------------------------------------

M = sample(50, (3, 4), -1.0, 1.0)
M2 = sample(51, (3, 4), -1.0, 1.0)
T3 = sample(52, (2, 3, 4), -1.0, 1.0)
V3 = sample(53, (3,), -1.0, 1.0)
V4 = sample(54, (4,), -1.0, 1.0)
F32 = sample(55, (3, 4), -1.0, 1.0, np.float32)
SHAPES: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("vstack", lambda a, b: bnp.vstack([a, b]), lambda a, b: np.vstack([a, b]), [M, V4]),
    ("vstack of a tuple with a constant", lambda a: bnp.vstack((a, M2, [0.0, 1.0, 2.0, 3.0])), lambda a: np.vstack((a, M2, [0.0, 1.0, 2.0, 3.0])), [V4]),
    ("row_stack", lambda a, b: bnp.row_stack([a, b]), lambda a, b: np.vstack([a, b]), [V4, V4 * 2]),
    ("hstack", lambda a, b: bnp.hstack([a, b]), lambda a, b: np.hstack([a, b]), [M, M2]),
    ("hstack 1-D and floats", lambda a, b: bnp.hstack([a, b, 2.0]), lambda a, b: np.hstack([a, b, 2.0]), [V3, 0.5]),
    ("dstack", lambda a, b: bnp.dstack([a, b]), lambda a, b: np.dstack([a, b]), [M, M2]),
    ("dstack 1-D", lambda a, b: bnp.dstack((a, b)), lambda a, b: np.dstack((a, b)), [V4, V4 + 1]),
    ("column_stack", lambda a, b: bnp.column_stack([a, b]), lambda a, b: np.column_stack([a, b]), [V3, M[:, :2]]),
    ("append flat", bnp.append, np.append, [M, V3]),
    ("append axis", lambda a, b: bnp.append(a, b, 0), lambda a, b: np.append(a, b, 0), [M, M2[:1]]),
    ("append a float", bnp.append, np.append, [V3, 2.5]),
    ("repeat", lambda a: bnp.repeat(a, 2), lambda a: np.repeat(a, 2), [M]),
    ("repeat axis", lambda a: bnp.repeat(a, 3, axis=1), lambda a: np.repeat(a, 3, axis=1), [M]),
    ("repeat counts", lambda a: bnp.repeat(a, [2, 0, 1], axis=0), lambda a: np.repeat(a, [2, 0, 1], axis=0), [M]),
    ("repeat counts flat", lambda a: bnp.repeat(a, [1, 2, 3]), lambda a: np.repeat(a, [1, 2, 3]), [V3]),
    ("repeat a float", lambda a: bnp.repeat(a, 3), lambda a: np.repeat(a, 3), [1.5]),
    ("repeat float32", lambda a: bnp.repeat(a, 2, -1), lambda a: np.repeat(a, 2, -1), [F32]),
    ("tile", lambda a: bnp.tile(a, 2), lambda a: np.tile(a, 2), [M]),
    ("tile more axes", lambda a: bnp.tile(a, (2, 1, 3)), lambda a: np.tile(a, (2, 1, 3)), [M]),
    ("tile fewer reps", lambda a: bnp.tile(a, (2, 1)), lambda a: np.tile(a, (2, 1)), [T3]),
    ("tile a float", lambda a: bnp.tile(a, (2, 2)), lambda a: np.tile(a, (2, 2)), [0.5]),
    ("pad", lambda a: bnp.pad(a, 1), lambda a: np.pad(a, 1), [M]),
    ("pad widths and values", lambda a: bnp.pad(a, ((1, 0), (2, 3)), constant_values=((1.0, 2.0), (3.0, 4.0))),
     lambda a: np.pad(a, ((1, 0), (2, 3)), constant_values=((1.0, 2.0), (3.0, 4.0))), [M]),
    ("pad edge", lambda a: bnp.pad(a, (1, 2), "edge"), lambda a: np.pad(a, (1, 2), "edge"), [M]),
    ("pad reflect", lambda a: bnp.pad(a, 2, "reflect"), lambda a: np.pad(a, 2, "reflect"), [M]),
    ("pad symmetric", lambda a: bnp.pad(a, ((3, 1), (0, 2)), "symmetric"), lambda a: np.pad(a, ((3, 1), (0, 2)), "symmetric"), [M]),
    ("pad wrap", lambda a: bnp.pad(a, 5, "wrap"), lambda a: np.pad(a, 5, "wrap"), [V4]),
    ("pad float32", lambda a: bnp.pad(a, 1, "edge"), lambda a: np.pad(a, 1, "edge"), [F32]),
    ("roll", lambda a: bnp.roll(a, 5), lambda a: np.roll(a, 5), [M]),
    ("roll axes", lambda a: bnp.roll(a, (1, -2), (0, 2)), lambda a: np.roll(a, (1, -2), (0, 2)), [T3]),
    ("rot90", bnp.rot90, np.rot90, [M]),
    ("rot90 k axes", lambda a: bnp.rot90(a, -3, (2, 0)), lambda a: np.rot90(a, -3, (2, 0)), [T3]),
    ("flip", bnp.flip, np.flip, [T3]),
    ("flip axes", lambda a: bnp.flip(a, (0, 2)), lambda a: np.flip(a, (0, 2)), [T3]),
    ("fliplr", bnp.fliplr, np.fliplr, [M]),
    ("flipud", bnp.flipud, np.flipud, [V4]),
    ("moveaxis", lambda a: bnp.moveaxis(a, 0, -1), lambda a: np.moveaxis(a, 0, -1), [T3]),
    ("moveaxis several", lambda a: bnp.moveaxis(a, [0, 1], [2, 0]), lambda a: np.moveaxis(a, [0, 1], [2, 0]), [T3]),
    ("swapaxes", lambda a: bnp.swapaxes(a, 0, 2), lambda a: np.swapaxes(a, 0, 2), [T3]),
    ("swapaxes same", lambda a: bnp.swapaxes(a, 1, -2), lambda a: np.swapaxes(a, 1, -2), [T3]),
    ("rollaxis", lambda a: bnp.rollaxis(a, 2), lambda a: np.rollaxis(a, 2), [T3]),
    ("rollaxis negative", lambda a: bnp.rollaxis(a, -3, 3), lambda a: np.rollaxis(a, -3, 3), [T3]),
    ("atleast_1d of a float", bnp.atleast_1d, np.atleast_1d, [0.5]),
    ("atleast_2d", bnp.atleast_2d, np.atleast_2d, [V4]),
    ("atleast_3d", bnp.atleast_3d, np.atleast_3d, [M]),
    ("atleast_3d of 0-d", bnp.atleast_3d, np.atleast_3d, [np.array(0.5)]),
    ("atleast_2d unchanged", bnp.atleast_2d, np.atleast_2d, [T3]),
    ("tril", bnp.tril, np.tril, [M]),
    ("tril k", lambda a: bnp.tril(a, -1), lambda a: np.tril(a, -1), [T3]),
    ("tril of a vector", bnp.tril, np.tril, [V4]),
    ("triu", lambda a: bnp.triu(a, 2), lambda a: np.triu(a, 2), [M]),
    ("triu float32", bnp.triu, np.triu, [F32]),
    ("diagonal", bnp.diagonal, np.diagonal, [M]),
    ("diagonal offset axes", lambda a: bnp.diagonal(a, -1, 2, 1), lambda a: np.diagonal(a, -1, 2, 1), [T3]),
    ("kron", bnp.kron, np.kron, [M, M2[:2, :3]]),
    ("kron vectors", bnp.kron, np.kron, [V3, V4]),
    ("kron of mixed ranks", bnp.kron, np.kron, [V3, T3]),
    ("kron float", bnp.kron, np.kron, [1.5, V3]),
    ("kron float32", bnp.kron, np.kron, [F32, F32[:2]]),
    ("cross", bnp.cross, np.cross, [M[:, :3], M2[:, :3]]),
    ("cross broadcast", bnp.cross, np.cross, [M[:, :3], V3]),
    ("cross axes", lambda a, b: bnp.cross(a, b, axisa=0, axisb=1, axisc=0), lambda a, b: np.cross(a, b, axisa=0, axisb=1, axisc=0), [M[:, :2], M2[:2, :3]]),
    ("cross axis", lambda a, b: bnp.cross(a, b, axis=0), lambda a, b: np.cross(a, b, axis=0), [M, M2]),
    ("cross float32", bnp.cross, np.cross, [F32[:, :3], F32[:, 1:]]),
    ("select", lambda a, b: bnp.select([M > 0, M2 > 0], [a, b], -1.0), lambda a, b: np.select([M > 0, M2 > 0], [a, b], -1.0), [M2, M]),
    ("select default", lambda a, d: bnp.select([M > 0.5], [a], d), lambda a, d: np.select([M > 0.5], [a], d), [V4, M2]),
    ("take flat repeated", lambda a: bnp.take(a, [5, 0, 5, -1]), lambda a: np.take(a, [5, 0, 5, -1]), [M]),
    ("take axis 0 2-D indices", lambda a: bnp.take(a, [[0, 2], [2, 2]], axis=0), lambda a: np.take(a, [[0, 2], [2, 2]], axis=0), [M]),
    ("take axis -1", lambda a: bnp.take(a, np.array([3, 3, 0]), axis=-1), lambda a: np.take(a, [3, 3, 0], axis=-1), [T3]),
    ("take one index", lambda a: bnp.take(a, 2), lambda a: np.take(a, 2), [V4]),
    ("take one index along an axis", lambda a: bnp.take(a, -1, axis=1), lambda a: np.take(a, -1, axis=1), [M]),
    ("take of 0-d", lambda a: bnp.take(a, [0, 0]), lambda a: np.take(a, [0, 0]), [np.array(0.5)]),
    ("take wrap", lambda a: bnp.take(a, [-5, 7], mode="wrap"), lambda a: np.take(a, [-5, 7], mode="wrap"), [V4]),
    ("take clip", lambda a: bnp.take(a, [[-5], [7]], 0, "clip"), lambda a: np.take(a, [[-5], [7]], 0, mode="clip"), [M]),
    ("take float32", lambda a: bnp.take(a, [1, 1, 0], axis=0), lambda a: np.take(a, [1, 1, 0], axis=0), [F32]),
    ("compress axis 0", lambda a: bnp.compress([True, False, True], a, axis=0), lambda a: np.compress([True, False, True], a, axis=0), [M]),
    ("compress flat", lambda a: bnp.compress(np.array([0, 1, 1, 0, 1]), a), lambda a: np.compress(np.array([0, 1, 1, 0, 1], bool), a), [M]),
    ("compress short condition axis -1", lambda a: bnp.compress([1, 0], a, axis=-1), lambda a: np.compress([True, False], a, axis=-1), [T3]),
    ("compress float32", lambda a: bnp.compress([0, 1, 1, 1], a, 1), lambda a: np.compress([False, True, True, True], a, 1), [F32]),
    ("r_", lambda a: bnp.r_[a, 0.5, 1:3, a[::-1]], lambda a: np.r_[a, 0.5, 1:3, a[::-1]], [V4]),
    ("r_ linspace", lambda a: bnp.r_[0:1:3j, a], lambda a: np.r_[0:1:3j, a], [V3]),
    ("r_ of a float", lambda a: bnp.r_[a, [2.0, 3.0], a], lambda a: np.r_[a, [2.0, 3.0], a], [0.5]),
    ("r_ of 0-d", lambda a: bnp.r_[a, a], lambda a: np.r_[a, a], [np.array(0.5)]),
    ("r_ matrices", lambda a: bnp.r_[a, M2], lambda a: np.r_[a, M2], [M]),
    ("r_ axis directive", lambda a: bnp.r_["-1", a, M2], lambda a: np.r_["-1", a, M2], [M]),
    ("r_ row directive", lambda a: bnp.r_["0,2", a, a], lambda a: np.r_["0,2", a, a], [V4]),
    ("r_ column directive", lambda a: bnp.r_["0,2,0", a, V3, 1.0], lambda a: np.r_["0,2,0", a, V3, 1.0], [V4]),
    ("r_ float32 with a number", lambda a: bnp.r_[a, 2.0], lambda a: np.r_[a, 2.0], [F32[0]]),
    ("c_", lambda a: bnp.c_[a, 2.0 * a, V3], lambda a: np.c_[a, 2.0 * a, V3], [V3]),
    ("c_ matrices", lambda a: bnp.c_[a, M2[:, :1], a], lambda a: np.c_[a, M2[:, :1], a], [M]),
    ("c_ directive", lambda a: bnp.c_["0", a, a], lambda a: np.c_["0", a, a], [V3]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), SHAPES, ids=[s[0] for s in SHAPES])
def test_shape(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check_op(fn, ref, args)


SHAPES2 = [s for s in SHAPES if len(s[3]) > 1]


@pytest.mark.parametrize(("name", "fn", "ref", "args"), SHAPES2, ids=[s[0] for s in SHAPES2])
def test_shape_with_a_constant_in_each_position(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    for i in range(len(args)):
        def part(v: Any, i: int = i) -> Any:
            return fn(*args[:i], v, *args[i + 1 :])

        check_op(part, lambda v, i=i: ref(*args[:i], v, *args[i + 1 :]), [args[i]])


def test_cross_of_two_2_vectors_is_the_z_component_without_numpy_warning() -> None:
    a, b = M[:, :2], M2[:, :2]
    check_op(bnp.cross, lambda x, y: x[..., 0] * y[..., 1] - x[..., 1] * y[..., 0], [a, b])


SPLITS: list[tuple[str, Fn, Fn, Any]] = [
    ("array_split", lambda x: bnp.array_split(x, 3, axis=1), lambda x: np.array_split(x, 3, axis=1), M),
    ("array_split indices", lambda x: bnp.array_split(x, [1, 5]), lambda x: np.array_split(x, [1, 5]), V4),
    ("hsplit", lambda x: bnp.hsplit(x, 2), lambda x: np.hsplit(x, 2), M),
    ("hsplit 1-D", lambda x: bnp.hsplit(x, [1]), lambda x: np.hsplit(x, [1]), V4),
    ("vsplit", lambda x: bnp.vsplit(x, [1, 2]), lambda x: np.vsplit(x, [1, 2]), M),
    ("dsplit", lambda x: bnp.dsplit(x, 2), lambda x: np.dsplit(x, 2), T3),
]


@pytest.mark.parametrize(("name", "fn", "ref", "x"), SPLITS, ids=[s[0] for s in SPLITS])
def test_splits(name: str, fn: Fn, ref: Fn, x: Any) -> None:
    pieces = fn(x)
    want = ref(x)
    assert len(pieces) == len(want)
    for p, w in zip(pieces, want):
        np.testing.assert_array_equal(p.value, w)
    w = [sample(60 + i, np.shape(p), -1.0, 1.0) for i, p in enumerate(want)]
    check_grad(lambda v: bnp.sum(bnp.stack([bnp.sum(p * p * wi) for p, wi in zip(fn(v), w)])), x)


def test_pad_rejects_modes_that_do_not_copy() -> None:
    mode: Any = "mean"
    with pytest.raises(TypeError, match=r"backprop.numpy.pad: mode 'mean'.* 'edge', 'reflect'"):
        bp.grad_bp(lambda v: bnp.sum(bnp.pad(v, 1, mode)), M)
    with pytest.raises(TypeError, match="reflect_type"):
        bp.grad_bp(lambda v: bnp.sum(bnp.pad(v, 1, "reflect", reflect_type="odd")), M)


def test_shape_errors_name_the_function() -> None:
    with pytest.raises(ValueError, match=r"backprop.numpy.fliplr: Input must be >= 2-d"):
        bnp.fliplr(V4)
    with pytest.raises(ValueError, match=r"backprop.numpy.cross: incompatible dimensions"):
        bnp.cross(M, M2)
    with pytest.raises(ValueError, match=r"backprop.numpy.select: list of cases must be same length"):
        bnp.select([M > 0], [M, M2])
    with pytest.raises(TypeError, match=r"backprop.numpy.select: invalid entry 0"):
        bnp.select([M], [M])
    with pytest.raises(ValueError, match=r"backprop.numpy.vsplit"):
        bnp.vsplit(V4, 2)
    with pytest.raises(np.exceptions.AxisError, match=r"backprop.numpy.moveaxis"):
        bnp.moveaxis(M, 2, 0)
    with pytest.raises(ValueError, match=r"backprop.numpy.repeat"):
        bnp.repeat(V4, [1, 2])


def test_take_and_compress_raise_numpys_errors_with_their_names() -> None:
    with pytest.raises(IndexError, match=r"backprop.numpy.take: index 9 is out of bounds for axis 0 with size 4"):
        bp.grad_bp(lambda v: bnp.sum(bnp.take(v, [0, 9])), V4)
    with pytest.raises(IndexError, match=r"backprop.numpy.take: index -5 is out of bounds"):
        bp.grad_bp(lambda v: bnp.sum(v.take([-5], axis=1)), M)
    with pytest.raises(np.exceptions.AxisError, match=r"backprop.numpy.take: axis 2 is out of bounds"):
        bnp.take(M, [0], axis=2)
    with pytest.raises(IndexError, match=r"backprop.numpy.compress: index 4 is out of bounds"):
        bnp.compress([0, 0, 0, 0, 1], V4)
    with pytest.raises(ValueError, match=r"backprop.numpy.compress: condition must be a 1-d array"):
        bp.grad_bp(lambda v: bnp.sum(v.compress(M > 0)), M)


def test_take_gives_numpys_scalar_and_adds_up_repeated_indices() -> None:
    y, g = bp.backprop(lambda v: bnp.take(v, 3) * v.take(-1), V4)
    assert type(y) is np.float64
    np.testing.assert_array_equal(g, [0.0, 0.0, 0.0, 2 * V4[3]])
    assert bp.eval_bp(lambda v: v.take(1, axis=0), M).shape == (4,)
    take: Fn = bnp.take  # (its types take arrays; at run time a float works as in numpy)
    assert bp.grad_bp(lambda x: take(x, 0) * 2.0, 1.5) == 2.0  # a float's gradient is a float
    g = bp.grad_bp(lambda v: bnp.sum(bnp.take(v, [[1, 1], [1, 2]], axis=1)), M)
    np.testing.assert_array_equal(g, np.tile([0.0, 3.0, 1.0, 0.0], (3, 1)))
    idx = np.array([2, 0, 2])
    bp.grad_bp(lambda v: bnp.sum(bnp.take(v, idx)) * bnp.sum(bnp.compress(idx > 0, v[:3])), V4)
    np.testing.assert_array_equal(idx, [2, 0, 2])


def test_r_and_c_of_plain_items_are_constants_with_numpys_values() -> None:
    for got, want in [
        (bnp.r_[1:4, 7], np.r_[1:4, 7]), (bnp.r_[0:1:5j], np.r_[0:1:5j]),
        (bnp.c_[V3, [1, 2, 3]], np.c_[V3, [1, 2, 3]]), (bnp.r_[F32[0], 2.0], np.r_[F32[0], 2.0]),
    ]:  # fmt: skip
        assert isinstance(got, bp.BVar)
        assert got.value.dtype == want.dtype
        np.testing.assert_array_equal(got.value, want)
    assert bp.grad_bp(lambda x: bnp.sum(bnp.r_[x, 0:2] * bnp.r_[0:3]), 1.5) == 0.0


def test_r_and_c_refuse_what_numpy_would_make_a_matrix_of() -> None:
    with pytest.raises(TypeError, match=r"backprop.numpy.r_: the directive 'r' makes an np.matrix.*bnp.r_\['1,2', \.\.\.\]"):
        bnp.r_["r", V3, V3]
    with pytest.raises(TypeError, match=r"backprop.numpy.c_: the directive 'c'.*bnp.c_\['0,2,0', \.\.\.\] for one column"):
        bp.grad_bp(lambda v: bnp.sum(bnp.c_["c", v]), V3)
    with pytest.raises(ValueError, match=r"backprop.numpy.r_: special directives must be the first entry"):
        bnp.r_[V3, "0"]
    with pytest.raises(ValueError, match=r"backprop.numpy.r_: unknown special directive '0,x'"):
        bnp.r_["0,x", V3]
    with pytest.raises(ValueError, match=r"backprop.numpy.r_: need at least one array"):
        bnp.r_[()]
    with pytest.raises(TypeError, match=r"backprop.numpy.r_: the bounds and step of a slice must be plain numbers"):
        bp.grad_bp(lambda x: bnp.sum(bnp.r_[0:x]), 3.0)


# --- scans and sorting ----------------------------------------------------------------------------

Z0 = np.array([[2.0, 0.0, 3.0, -1.5], [0.0, 1.5, 0.0, 2.0], [1.0, -2.0, 0.5, 0.0]])
SCANS: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("cumsum", bnp.cumsum, np.cumsum, [M]),
    ("cumsum axis", lambda a: bnp.cumsum(a, 1), lambda a: np.cumsum(a, 1), [T3]),
    ("cumsum axis -1 float32", lambda a: bnp.cumsum(a, -1), lambda a: np.cumsum(a, -1), [F32]),
    ("cumsum a float", bnp.cumsum, np.cumsum, [0.5]),
    ("cumprod", bnp.cumprod, np.cumprod, [M]),
    ("cumprod axis", lambda a: bnp.cumprod(a, 0), lambda a: np.cumprod(a, 0), [T3]),
    ("cumprod with zeros", lambda a: bnp.cumprod(a, 1), lambda a: np.cumprod(a, 1), [Z0]),
    ("cumprod with zeros flat", bnp.cumprod, np.cumprod, [Z0]),
    ("cumprod float32", lambda a: bnp.cumprod(a, 1), lambda a: np.cumprod(a, 1), [F32]),
    ("diff", bnp.diff, np.diff, [M]),
    ("diff n axis", lambda a: bnp.diff(a, 2, 0), lambda a: np.diff(a, 2, 0), [T3]),
    ("diff n 0", lambda a: bnp.diff(a, 0), lambda a: np.diff(a, 0), [V4]),
    ("diff n 3", lambda a: bnp.diff(a, 3), lambda a: np.diff(a, 3), [V4]),
    ("diff prepend append", lambda a: bnp.diff(a, prepend=0.5, append=M2[:, :1]), lambda a: np.diff(a, prepend=0.5, append=M2[:, :1]), [M]),
    ("diff BVar ends", lambda a, p, q: bnp.diff(a, 2, 0, p, q), lambda a, p, q: np.diff(a, 2, 0, p, q), [M, V4[None], 1.5]),
    ("diff float32", bnp.diff, np.diff, [F32]),
    ("gradient 1-D", bnp.gradient, np.gradient, [sample(70, (6,), -1.0, 1.0)]),
    ("gradient spacing", lambda a: bnp.gradient(a, 0.5), lambda a: np.gradient(a, 0.5), [V4]),
    ("gradient edge 2", lambda a: bnp.gradient(a, 2.0, edge_order=2), lambda a: np.gradient(a, 2.0, edge_order=2), [V4]),
    ("gradient coordinates", lambda a: bnp.gradient(a, np.array([0.0, 0.5, 2.0, 2.25])), lambda a: np.gradient(a, np.array([0.0, 0.5, 2.0, 2.25])), [V4]),
    ("gradient coordinates edge 2", lambda a: bnp.gradient(a, np.array([0.0, 1.0, 3.0, 3.5]), axis=1, edge_order=2),
     lambda a: np.gradient(a, np.array([0.0, 1.0, 3.0, 3.5]), axis=1, edge_order=2), [M]),
    ("gradient uniform coordinates", lambda a: bnp.gradient(a, np.array([0.0, 2.0, 4.0])), lambda a: np.gradient(a, np.array([0.0, 2.0, 4.0])), [V3]),
    ("gradient axis", lambda a: bnp.gradient(a, axis=-1), lambda a: np.gradient(a, axis=-1), [T3]),
    ("gradient float32", lambda a: bnp.gradient(a, axis=0, edge_order=2), lambda a: np.gradient(a, axis=0, edge_order=2), [F32]),
    ("sort", bnp.sort, np.sort, [M]),
    ("sort axis 0", lambda a: bnp.sort(a, 0), lambda a: np.sort(a, 0), [T3]),
    ("sort flat", lambda a: bnp.sort(a, None), lambda a: np.sort(a, None), [M]),
    ("sort kind", lambda a: bnp.sort(a, kind="heapsort"), lambda a: np.sort(a, kind="heapsort"), [V4]),
    ("sort float32", bnp.sort, np.sort, [F32]),
    ("partition", lambda a: bnp.partition(a, 2), lambda a: np.partition(a, 2), [M]),
    ("partition kths axis", lambda a: bnp.partition(a, [0, 2], 1), lambda a: np.partition(a, [0, 2], 1), [T3]),
    ("partition flat", lambda a: bnp.partition(a, -3, None), lambda a: np.partition(a, -3, None), [M]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), SCANS, ids=[s[0] for s in SCANS])
def test_scans_and_sorting(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check_op(fn, ref, args, f32=(1e-5, 1e-5))


def test_gradient_over_several_axes_gives_a_tuple() -> None:
    out = bnp.gradient(T3, 1.0, 2.0, axis=(0, 2))
    want = np.gradient(T3, 1.0, 2.0, axis=(0, 2))
    assert type(out) is tuple
    assert len(out) == 2
    for o, w in zip(out, want):
        np.testing.assert_allclose(o.value, w, rtol=1e-14)
    weights = [sample(80, T3.shape, -1.0, 1.0), sample(81, T3.shape, -1.0, 1.0)]
    check_grad(lambda v: bnp.sum(bnp.stack([bnp.sum(g * w) for g, w in zip(bnp.gradient(v), weights)])), T3[0])
    with pytest.raises(ValueError, match="at least"):
        bnp.gradient(np.ones(2), edge_order=2)


def test_cumprod_gradient_is_exact_with_zeros() -> None:
    # d/dx_i sum_j prod_{k<=j} x_k = sum_{j>=i} prod_{k<=j, k!=i} x_k
    x = np.array([2.0, 0.0, 3.0, 0.0, 5.0])
    want = [sum(np.prod(np.delete(x[: j + 1], i)) for j in range(i, 5)) for i in range(5)]
    np.testing.assert_array_equal(bp.grad_bp(lambda v: bnp.sum(bnp.cumprod(v)), x), want)


def test_sort_ties_go_in_their_order_in_the_input() -> None:
    x = np.array([2.0, 1.0, 2.0, 1.0])
    w = np.array([10.0, 20.0, 30.0, 40.0])  # the gradient of each sorted place
    g = bp.grad_bp(lambda v: bnp.sum(bnp.sort(v) * w), x)
    # sorted: x[1], x[3], x[0], x[2]: the first 1.0 (x[1]) takes place 0
    np.testing.assert_array_equal(g, [30.0, 10.0, 40.0, 20.0])
    g = bp.grad_bp(lambda v: bnp.sum(bnp.partition(v, 1) * w), x)
    np.testing.assert_array_equal(g[[1, 3]], [10.0, 20.0])  # the two smallest, in order
    np.testing.assert_array_equal(np.sort(g[[0, 2]]), [30.0, 40.0])
    assert g[0] < g[2]  # ties taken in order: the first 2.0 gets the earlier place


def test_sort_and_partition_leave_their_input_alone() -> None:
    x: NDArray[np.float64] = sample(90, (5,), -1.0, 1.0)
    before = x.copy()
    w: NDArray[np.float64] = np.arange(5.0)

    def f(v: bp.BVar[bp.S, NDArray[np.float64]]) -> bp.BVar[bp.S, float]:
        return bnp.sum(bnp.sort(v) * w) + bnp.sum(bnp.partition(v, 2) * w) + bnp.sum(bnp.pad(v, 2, "reflect"))

    bp.grad_bp(f, x)
    np.testing.assert_array_equal(x, before)


# --- ndarray methods on BVars -------------------------------------------------------------------

METHODS: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("sum", lambda v: v.sum(), lambda v: v.sum(), [M]),
    ("sum axis keepdims", lambda v: v.sum(axis=0, keepdims=True), lambda v: v.sum(axis=0, keepdims=True), [M]),
    ("mean", lambda v: v.mean(1), lambda v: v.mean(1), [M]),
    ("max", lambda v: v.max(axis=(0, 2)), lambda v: v.max(axis=(0, 2)), [T3]),
    ("min", lambda v: v.min(), lambda v: v.min(), [M]),
    ("prod", lambda v: v.prod(axis=1), lambda v: v.prod(axis=1), [M]),
    ("std", lambda v: v.std(axis=0, ddof=1), lambda v: v.std(axis=0, ddof=1), [M]),
    ("var", lambda v: v.var(), lambda v: v.var(), [M]),
    ("cumsum", lambda v: v.cumsum(1), lambda v: v.cumsum(1), [M]),
    ("cumprod", lambda v: v.cumprod(), lambda v: v.cumprod(), [M]),
    ("reshape varargs", lambda v: v.reshape(4, 3), lambda v: v.reshape(4, 3), [M]),
    ("reshape tuple order", lambda v: v.reshape((2, -1), order="F"), lambda v: v.reshape((2, -1), order="F"), [M]),
    ("ravel", lambda v: v.ravel(), lambda v: v.ravel(), [T3]),
    ("flatten F", lambda v: v.flatten("F"), lambda v: v.flatten("F"), [M]),
    ("squeeze", lambda v: v.squeeze(), lambda v: v.squeeze(), [M[:1]]),
    ("transpose", lambda v: v.transpose(), lambda v: v.transpose(), [T3]),
    ("transpose varargs", lambda v: v.transpose(1, 2, 0), lambda v: v.transpose(1, 2, 0), [T3]),
    ("transpose tuple", lambda v: v.transpose((2, 0, 1)), lambda v: v.transpose((2, 0, 1)), [T3]),
    ("T", lambda v: v.T, lambda v: v.T, [M]),
    ("swapaxes", lambda v: v.swapaxes(0, 2), lambda v: v.swapaxes(0, 2), [T3]),
    ("dot", lambda v, w: v.dot(w), lambda v, w: v.dot(w), [M, M2.T]),
    ("clip", lambda v: v.clip(-0.5, 0.5), lambda v: v.clip(-0.5, 0.5), [M]),
    ("clip max only", lambda v: v.clip(max=0.2), lambda v: v.clip(max=0.2), [M]),
    ("astype float32", lambda v: v.astype(np.float32), lambda v: v.astype(np.float32), [M]),
    ("conj", lambda v: v.conj(), lambda v: v.conj(), [M]),
    ("conjugate", lambda v: v.conjugate(), lambda v: v.conjugate(), [M]),
    ("real", lambda v: v.real, lambda v: v.real, [M]),
    ("imag", lambda v: v.imag, lambda v: v.imag, [M]),
    ("round", lambda v: v.round(1) * v, lambda v: v.round(1) * v, [sample(91, (4,), 0.11, 0.14)]),
    ("repeat", lambda v: v.repeat(2, axis=0), lambda v: v.repeat(2, axis=0), [M]),
    ("diagonal", lambda v: v.diagonal(1), lambda v: v.diagonal(1), [M]),
    ("take", lambda v: v.take([[0, 3], [3, 3]], axis=-1), lambda v: v.take([[0, 3], [3, 3]], axis=-1), [M]),
    ("take flat", lambda v: v.take(np.array([7, 1, 7])), lambda v: v.take([7, 1, 7]), [M]),
    ("compress", lambda v: v.compress([1, 0, 1], 0), lambda v: v.compress([1, 0, 1], 0), [M]),
    ("trace", lambda v: v.trace(), lambda v: v.trace(), [M]),
    ("copy", lambda v: v.copy(), lambda v: v.copy(), [M]),
    ("float methods", lambda v: v.sum() + v.mean() + v.max() + v.round(), lambda v: 3 * v + round(v), [0.25]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), METHODS, ids=[m[0] for m in METHODS])
def test_ndarray_methods(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check_op(fn, ref, args)


def test_attributes_and_index_methods_read_the_value() -> None:
    def f(v: bp.BVar[Any, Any]) -> bp.BVar[Any, Any]:
        assert v.shape == (2, 3, 4)
        assert v.ndim == 3
        assert v.size == 24
        assert v.dtype == np.float64
        assert v.argmax() == np.argmax(T3)
        assert (v.argmin(axis=1) == np.argmin(T3, axis=1)).all()
        np.testing.assert_array_equal(v.argsort(), np.argsort(T3))
        np.testing.assert_array_equal(v.argsort(axis=0), np.argsort(T3, axis=0))
        np.testing.assert_array_equal(v[0, 0].argpartition(1), np.argpartition(T3[0, 0], 1))
        for got, want in zip(v.nonzero(), np.nonzero(T3)):
            np.testing.assert_array_equal(got, want)
        row = np.sort(T3[0, 0])
        got_at = bnp.sort(v[0, 0]).searchsorted([row[1]], side="right")
        np.testing.assert_array_equal(got_at, np.searchsorted(row, [row[1]], side="right"))
        assert v.all() == np.all(T3)
        assert v.any()
        assert not (v * 0.0).any()
        np.testing.assert_array_equal(v.any(axis=1, keepdims=True), np.any(T3, axis=1, keepdims=True))
        return v.sum()

    bp.grad_bp(f, T3)


def test_astype_casts_the_gradient_back() -> None:
    y, g = bp.backprop(lambda v: v.astype(np.float64) * 2.0, F32)
    assert y.dtype == np.float64
    assert g.dtype == np.float32
    np.testing.assert_array_equal(g, np.full(F32.shape, 2.0, dtype=np.float32))
    check_grad(lambda v: v.astype(np.float64) ** 2, F32)
    check_grad(lambda v: bnp.astype(v, np.complex128).real * v, M)


def test_astype_to_an_integer_dtype_names_the_problem() -> None:
    with pytest.raises(TypeError, match=r"astype: a cast to int64 has no gradient"):
        bp.grad_bp(lambda v: v.astype(np.int64).sum(), M)


# --- lists of BVars ----------------------------------------------------------------------------------


def test_array_of_lists_mixing_bvars_and_constants() -> None:
    def f(x: bp.BVar[Any, float], y: bp.BVar[Any, float]) -> bp.BVar[Any, Any]:
        return bnp.array([[x, 1.0, y], (y * y, x, 0.5)])

    check_op(f, lambda x, y: np.array([[x, 1.0, y], [y * y, x, 0.5]]), [0.25, -1.5])
    check_op(lambda v: bnp.array([v, v * 2.0, V4]), lambda v: np.array([v, v * 2.0, V4]), [V4])
    check_op(lambda v: bnp.asarray([v[0], [1.0, v[1]][1]]), lambda v: np.asarray([v[0], v[1]]), [V4])
    y = bp.eval_bp(bnp.array, 0.5)  # a 0-d array, as numpy's
    assert type(y) is np.ndarray
    assert y.shape == ()
    assert bp.grad_bp(lambda x: bnp.sum(bnp.array(x)) * 2.0, 0.5) == 2.0
    check_op(lambda x: bnp.array([x, 2.0], dtype=np.float32), lambda x: np.array([x, 2.0], dtype=np.float32), [0.5])
    check_op(lambda v: bnp.array(v, ndmin=3), lambda v: np.array(v, ndmin=3), [V4])
    assert bp.eval_bp(lambda x: bnp.array([x]), 1.0).dtype == np.float64
    np.testing.assert_array_equal(bnp.array([[1.0, 2.0]]).value, [[1.0, 2.0]])  # a constant


def test_reductions_take_lists_of_bvars() -> None:
    def g(a: bp.BVar[Any, float], b: bp.BVar[Any, float]) -> bp.BVar[Any, float]:
        # a list of BVars, or a tuple mixing BVars and floats (mypy joins a list's item types)
        return bnp.mean([a, b]) + bnp.sum((a, 1.0)) * bnp.max((a, b, 0.0)) + bnp.prod([a, b]) - bnp.min((b, 2.0))

    check_op(g, lambda a, b: np.mean([a, b]) + np.sum([a, 1.0]) * max(a, b, 0.0) + a * b - min(b, 2.0), [0.75, -1.25])


def test_every_function_takes_lists_of_bvars() -> None:
    anp: Any = bnp  # at run time; the types of most functions name arrays only
    check_op(lambda a: anp.sum(anp.exp([a[0], 1.0])), lambda a: np.sum(np.exp([a[0], 1.0])), [V4])
    check_op(lambda a: anp.stack([a, [1.0, 2.0, 3.0, 4.0]]), lambda a: np.stack([a, [1.0, 2.0, 3.0, 4.0]]), [V4])
    check_op(lambda a: anp.concatenate(([a[0], 1.0], a)), lambda a: np.concatenate(([a[0], 1.0], a)), [V4])
    check_op(lambda a: anp.vstack([[a[0], a[1]], a[2:]]), lambda a: np.vstack([a[:2], a[2:]]), [V4])
    check_op(lambda a: anp.sort([a[2], a[0], 1.0]), lambda a: np.sort([a[2], a[0], 1.0]), [V4])
    check_op(lambda a: anp.maximum([a[0], a[1]], 0.0), lambda a: np.maximum(a[:2], 0.0), [V4])
    check_op(lambda a: anp.cumsum([[a[0], a[1]], [1.0, a[2]]], 1), lambda a: np.cumsum([a[:2], [1.0, a[2]]], 1), [V4])
    check_op(lambda a: anp.average([a[0], a[1]], weights=[a[2], 2.0]), lambda a: np.average(a[:2], weights=[a[2], 2.0]), [V4])


def test_numpy_never_looks_inside_a_list_so_np_array_of_bvars_fails() -> None:
    with pytest.raises(TypeError, match=r"a BVar cannot be converted to a numpy array.*bnp\.array\(\[x, y\]\) for np\.array"):
        bp.grad_bp(lambda x: bnp.sum(np.array([x, x])), 1.0)
    # np.full copies its fill value into a new array: the message names bnp.full
    with pytest.raises(TypeError, match=r"bnp\.full\(shape, x\) for np\.full"):
        bp.grad_bp(lambda x: bnp.sum(np.full(3, x)), 1.0)


# --- numpy's own functions reach the lifted ones ---------------------------------------------------

NUMPY: list[tuple[str, Fn, Fn, list[Any]]] = [
    ("mod", np.mod, bnp.mod, [M, 0.7]), ("remainder", np.remainder, bnp.mod, [M, 0.7]),
    ("fmod", np.fmod, bnp.fmod, [M, 0.7]), ("arctan2", np.arctan2, bnp.arctan2, [M, M2]),
    ("hypot", np.hypot, bnp.hypot, [M, M2]), ("logaddexp", np.logaddexp, bnp.logaddexp, [M, M2]),
    ("logaddexp2", np.logaddexp2, bnp.logaddexp2, [M, M2]), ("exp2", np.exp2, bnp.exp2, [M]),
    ("log2", np.log2, bnp.log2, [M + 2]), ("log10", np.log10, bnp.log10, [M + 2]),
    ("fabs", np.fabs, bnp.fabs, [M]), ("fmax", np.fmax, bnp.fmax, [M, M2]), ("fmin", np.fmin, bnp.fmin, [M, M2]),
    ("reciprocal", np.reciprocal, bnp.reciprocal, [M + 2]), ("negative", np.negative, bnp.negative, [M]),
    ("deg2rad", np.deg2rad, bnp.deg2rad, [M]), ("radians", np.radians, bnp.deg2rad, [M]),
    ("rad2deg", np.rad2deg, bnp.rad2deg, [M]), ("degrees", np.degrees, bnp.rad2deg, [M]),
    ("sinc", np.sinc, bnp.sinc, [M]), ("nan_to_num", np.nan_to_num, bnp.nan_to_num, [M]),
    ("real", np.real, bnp.real, [M]), ("imag", np.imag, bnp.imag, [M]), ("conj", np.conj, bnp.conj, [M]),
    ("conjugate", np.conjugate, bnp.conj, [M]), ("angle", np.angle, bnp.angle, [M]),
    ("real_if_close", np.real_if_close, bnp.real_if_close, [M]),
    ("amax", lambda v: np.amax(v, 1), lambda v: bnp.amax(v, 1), [M]),
    ("average", lambda v: np.average(v, 0, V3), lambda v: bnp.average(v, 0, V3), [M]),
    ("ptp", lambda v: np.ptp(v, 0), lambda v: bnp.ptp(v, 0), [M]),
    ("nansum", np.nansum, bnp.nansum, [M]), ("nanmean", np.nanmean, bnp.nanmean, [M]),
    ("vstack", lambda v: np.vstack([v, M2]), lambda v: bnp.vstack([v, M2]), [M]),
    ("hstack", lambda v: np.hstack([M2, v]), lambda v: bnp.hstack([M2, v]), [M]),
    ("dstack", lambda v: np.dstack([v, v]), lambda v: bnp.dstack([v, v]), [M]),
    ("column_stack", lambda v: np.column_stack([v, v]), lambda v: bnp.column_stack([v, v]), [V4]),
    ("append", lambda v: np.append(v, M2, 1), lambda v: bnp.append(v, M2, 1), [M]),
    ("repeat", lambda v: np.repeat(v, 2, 0), lambda v: bnp.repeat(v, 2, 0), [M]),
    ("tile", lambda v: np.tile(v, 2), lambda v: bnp.tile(v, 2), [M]),
    ("pad", lambda v: np.pad(v, 1, "edge"), lambda v: bnp.pad(v, 1, "edge"), [M]),
    ("roll", lambda v: np.roll(v, 1, 0), lambda v: bnp.roll(v, 1, 0), [M]), ("rot90", np.rot90, bnp.rot90, [M]),
    ("flip", np.flip, bnp.flip, [M]), ("fliplr", np.fliplr, bnp.fliplr, [M]), ("flipud", np.flipud, bnp.flipud, [M]),
    ("moveaxis", lambda v: np.moveaxis(v, 0, 1), lambda v: bnp.moveaxis(v, 0, 1), [M]),
    ("swapaxes", lambda v: np.swapaxes(v, 0, 1), lambda v: bnp.swapaxes(v, 0, 1), [M]),
    ("rollaxis", lambda v: np.rollaxis(v, 1), lambda v: bnp.rollaxis(v, 1), [M]),
    ("atleast_1d", np.atleast_1d, bnp.atleast_1d, [M]), ("atleast_2d", np.atleast_2d, bnp.atleast_2d, [V4]),
    ("atleast_3d", np.atleast_3d, bnp.atleast_3d, [M]),
    ("array_split", lambda v: np.array_split(v, 2)[1], lambda v: bnp.array_split(v, 2)[1], [M]),
    ("hsplit", lambda v: np.hsplit(v, 2)[1], lambda v: bnp.hsplit(v, 2)[1], [M]),
    ("vsplit", lambda v: np.vsplit(v, 3)[1], lambda v: bnp.vsplit(v, 3)[1], [M]),
    ("dsplit", lambda v: np.dsplit(v, 2)[1], lambda v: bnp.dsplit(v, 2)[1], [T3]),
    ("tril", np.tril, bnp.tril, [M]), ("triu", np.triu, bnp.triu, [M]), ("diagonal", np.diagonal, bnp.diagonal, [M]),
    ("take", lambda v: np.take(v, [2, 2, 0], 1), lambda v: bnp.take(v, [2, 2, 0], 1), [M]),
    ("compress", lambda v: np.compress([False, True, True], v, 0), lambda v: bnp.compress([0, 1, 1], v, 0), [M]),
    ("kron", np.kron, bnp.kron, [M, V3]), ("cross", lambda v: np.cross(v, V3), lambda v: bnp.cross(v, V3), [M[:, :3]]),
    ("select", lambda v: np.select([M > 0], [v]), lambda v: bnp.select([M > 0], [v]), [M]),
    ("cumsum", np.cumsum, bnp.cumsum, [M]), ("cumprod", lambda v: np.cumprod(v, 1), lambda v: bnp.cumprod(v, 1), [M]),
    ("diff", np.diff, bnp.diff, [M]), ("gradient", lambda v: np.gradient(v, axis=0), lambda v: bnp.gradient(v, axis=0), [M]),
    ("sort", np.sort, bnp.sort, [M]), ("partition", lambda v: np.partition(v, 1), lambda v: bnp.partition(v, 1), [M]),
    ("astype", lambda v: np.astype(v, np.float32), lambda v: bnp.astype(v, np.float32), [M]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "np_fn", "fn", "args"), NUMPY, ids=[n[0] for n in NUMPY])
def test_numpy_functions_on_bvars_reach_the_lifted_ones(name: str, np_fn: Fn, fn: Fn, args: list[Any]) -> None:
    w = np.random.default_rng(5).standard_normal(np.shape(val(fn(*args))))
    y1, g1 = bp.backprop(lambda v: bnp.sum(np_fn(v, *args[1:]) * w), args[0])
    y2, g2 = bp.backprop(lambda v: bnp.sum(fn(v, *args[1:]) * w), args[0])
    assert y1 == y2
    np.testing.assert_array_equal(g1, g2)
    assert np.any(g1 != 0) or name in ("imag", "angle")


# --- bad input --------------------------------------------------------------------------------------

STATIC: list[tuple[str, Fn]] = [
    ("repeats", lambda v, n: bnp.repeat(v, n)),
    ("reps", lambda v, n: bnp.tile(v, n)),
    ("shift", lambda v, n: bnp.roll(v, n)),
    ("axis", lambda v, n: bnp.cumsum(v, n)),
    ("n", lambda v, n: bnp.diff(v, n)),
    ("k", lambda v, n: bnp.rot90(v, n)),
    ("pad_width", lambda v, n: bnp.pad(v, n)),
    ("kth", lambda v, n: bnp.partition(v, n)),
    ("axis", lambda v, n: bnp.sort(v, n)),
    ("axis", lambda v, n: bnp.gradient(v, axis=n)),
    ("source", lambda v, n: bnp.moveaxis(v, n, 0)),
    ("axis2", lambda v, n: bnp.swapaxes(v, 0, n)),
    ("start", lambda v, n: bnp.rollaxis(v, 0, n)),
    ("axisc", lambda v, n: bnp.cross(v[:, :3], v[:, 1:], axisc=n)),
    ("axis", lambda v, n: bnp.average(v, n)),
    ("indices_or_sections", lambda v, n: bnp.array_split(v, n)[0]),
    ("axis", lambda v, n: bnp.repeat(v, 2, n)),
    ("constant_values", lambda v, n: bnp.pad(v, 1, constant_values=n)),
    ("indices", lambda v, n: bnp.take(v, n)),
    ("axis", lambda v, n: bnp.take(v, [0], n)),
    ("indices", lambda v, n: v.take(n, axis=0)),
    ("condition", lambda v, n: bnp.compress(n, v)),
    ("axis", lambda v, n: bnp.compress([1], v, n)),
    ("condition", lambda v, n: v.compress(n)),
    ("shape", lambda v, n: bnp.full(n, 1.0) * v[0, 0]),
]


@pytest.mark.parametrize(("arg", "fn"), STATIC, ids=[f"{s[0]} {i}" for i, s in enumerate(STATIC)])
def test_an_integer_argument_given_as_a_bvar_is_named(arg: str, fn: Fn) -> None:
    def f(v: bp.BVar[Any, Any], n: bp.BVar[Any, float]) -> bp.BVar[Any, Any]:
        return bnp.sum(fn(v, n))

    with pytest.raises(TypeError, match=rf"the argument {arg} must be a plain value, not a BVar"):
        bp.grad_bp2(f, M, 1.0)


@pytest.mark.parametrize(("op", "arg", "fn"), [
    ("take", "indices", lambda v, n: bnp.take(v, n)), ("take", "axis", lambda v, n: v.take(0, n)),
    ("compress", "condition", lambda v, n: bnp.compress(n, v)), ("compress", "axis", lambda v, n: v.compress([1], n)),
])  # fmt: skip
def test_take_and_compress_name_themselves_and_the_bvar_argument(op: str, arg: str, fn: Fn) -> None:
    with pytest.raises(TypeError, match=rf"^{op}: the argument {arg} must be a plain value, not a BVar"):
        bp.grad_bp2(lambda v, n: bnp.sum(fn(v, n)), M, 1.0)


def test_the_spacing_of_gradient_given_as_a_bvar_is_named() -> None:
    gradient: Fn = bnp.gradient  # (its types refuse a BVar spacing)
    with pytest.raises(TypeError, match=r"gradient: the spacing must be a plain value, not a BVar"):
        bp.grad_bp2(lambda v, h: bnp.sum(gradient(v, h)), V4, 1.0)


@pytest.mark.parametrize("np_fn", [np.median, np.percentile, np.convolve, np.interp, np.cov], ids=lambda f: f.__name__)
def test_a_numpy_function_that_is_not_lifted_names_itself_and_the_ways_to_lift_it(np_fn: Fn) -> None:
    args: dict[Any, tuple[Any, ...]] = {np.percentile: (50.0,), np.convolve: (V3,), np.interp: (V3, V3)}
    with pytest.raises(TypeError, match=rf"numpy.{np_fn.__name__} is not differentiable yet.*backprop.op1"):
        bp.grad_bp(lambda v: bnp.sum(np_fn(v, *args.get(np_fn, ()))), V3)


# --- autograd's non-differentiable functions --------------------------------------------------

PLAIN: list[tuple[str, Fn]] = [
    ("argmax", lambda v: np.argmax(v, axis=1)), ("argmin", np.argmin), ("argsort", np.argsort),
    ("argpartition", lambda v: np.argpartition(v, 1)), ("argwhere", lambda v: np.argwhere(v)),
    ("nonzero", lambda v: np.nonzero(v)), ("flatnonzero", np.flatnonzero),
    ("count_nonzero", np.count_nonzero), ("searchsorted", lambda v: np.searchsorted(v[0], 0.1)),
    ("all", np.all), ("any", lambda v: np.any(v, axis=0)), ("allclose", lambda v: np.allclose(v, M)),
    ("isclose", lambda v: np.isclose(v, M)), ("array_equal", lambda v: np.array_equal(v, M)),
    ("array_equiv", lambda v: np.array_equiv(v, M)), ("iscomplex", np.iscomplex), ("isreal", np.isreal),
    ("isneginf", np.isneginf), ("isposinf", np.isposinf),
    ("logical_and", lambda v: np.logical_and(v, M2)), ("logical_or", lambda v: np.logical_or(v, 0.0)),
    ("logical_not", np.logical_not), ("logical_xor", lambda v: np.logical_xor(v, M2)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn"), PLAIN, ids=[p[0] for p in PLAIN])
def test_functions_with_integer_or_boolean_results_read_the_values(name: str, fn: Fn) -> None:
    m = np.where(M > 0.3, M, 0.0)
    seen: list[Any] = []

    def f(v: bp.BVar[Any, Any]) -> bp.BVar[Any, Any]:
        seen.append(fn(v))
        return bnp.sum(v)

    bp.grad_bp(f, m)
    want = fn(m)
    got = seen[0]
    for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
        assert not isinstance(g, bp.BVar)
        np.testing.assert_array_equal(g, w)


def test_floor_division_and_ones_like_are_constants() -> None:
    x = np.array([3.4, -1.3, 2.25])
    check_op(lambda v: v * (v // 2.0) + 7.0 // v, lambda v: v * (v // 2.0) + 7.0 // v, [x])
    check_op(lambda v: np.floor_divide(v, 0.5) * v, lambda v: np.floor_divide(v, 0.5) * v, [x])
    check_op(lambda v: np.ones_like(v) * v, lambda v: v, [x])
    assert bp.grad_bp(lambda v: np.empty_like(v) * 0.0 + v, 1.5) == 1.0


# --- nothing the user passes is written ------------------------------------------------------


@pytest.mark.parametrize(("name", "fn", "ref", "args"), SHAPES + SCANS + METHODS, ids=[s[0] for s in SHAPES + SCANS + METHODS])
def test_inputs_are_left_as_they_were(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    before = [np.array(a, copy=True) for a in args]

    def f(t: Any) -> Any:
        return fn(*[t[i] for i in range(len(args))]) if len(args) > 1 else fn(t)

    x = tuple(args) if len(args) > 1 else args[0]
    w = np.random.default_rng(1).standard_normal(np.shape(bp.eval_bp(f, x)))
    bp.grad_bp(lambda v: bnp.sum(f(v) * f(v) * w), x)
    for a, b in zip(args, before):
        np.testing.assert_array_equal(a, b)
