"""The derivative table of ``backprop.numpy``: each forward rule, and beside
it the vector-Jacobian product (vjp) of each differentiable argument.

A vjp is ``vjp(g, payload) -> gradient``: ``g`` is the gradient of the
output and the payload what the forward pass kept: ``(x, out)`` for a unary
function, ``(x, y, out)`` for a binary one, and a tuple named at the rule
otherwise. Python floats stay Python floats (``math``), everything else goes
through numpy, and every gradient has its input's shape.

NaN and inf flow through. A rule that numpy would warn about (log of 0,
inf - inf) is run again under ``np.errstate(all="ignore")``, so the warning
never surfaces as an error; the fast path pays nothing for this (a ``try``
block is free until it catches). Shape errors keep numpy's exception type and
message, prefixed with the operation's name.

The rules on the hot path of a model (logistic, softmax, the cross entropy,
whole-array sum and mean, matmul) first try a fast path for plain float
arrays: ufunc methods instead of numpy's Python wrappers, numpy scalars for
one sample, fresh temporaries reused in place. Anything else (other types,
non-finite maxima or losses, any floating-point event or error) goes to the
general rule, so both give the same values.
"""

from __future__ import annotations

import functools
import math
import operator
import string
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

import numpy as np

from . import _arith
from ._arith import matmul_dx as _matmul_dx
from ._arith import matmul_dy as _matmul_dy
from ._arith import unbroadcast

_Fn = TypeVar("_Fn", bound=Callable[..., Any])

# What numpy raises for a floating-point event, depending on np.seterr and the
# warning filters; what Python floats raise for the same events.
_NUMPY_FP = (RuntimeWarning, FloatingPointError)
_PYTHON_FP = (ZeroDivisionError, OverflowError, ValueError)


def _numpy_floats(args: tuple[Any, ...]) -> tuple[Any, ...]:
    """Python floats (also one level inside tuples) as numpy floats, which
    follow IEEE rules (1/0 = inf) instead of raising."""
    return tuple(
        np.float64(a)
        if type(a) is float
        else tuple([np.float64(b) if type(b) is float else b for b in a])
        if type(a) is tuple
        else a
        for a in args
    )


def _plain(r: Any) -> Any:
    return float(r) if type(r) is np.float64 else r


def tolerant(fn: _Fn) -> _Fn:
    """Let NaN and inf flow through ``fn`` without warnings or exceptions."""

    @functools.wraps(fn)
    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except _NUMPY_FP:
            with np.errstate(all="ignore"):
                return fn(*args)
        except _PYTHON_FP:
            with np.errstate(all="ignore"):
                return _plain(fn(*_numpy_floats(args)))

    return cast("_Fn", run)


# The events a hot vjp catches inline (it cannot meet a ValueError: math's
# domain errors are handled inside the elementwise functions it calls).
_FP_EVENTS = (RuntimeWarning, FloatingPointError, ZeroDivisionError, OverflowError)


def _quiet(vjp: Callable[[Any, Any], Any], g: Any, p: Any) -> Any:
    """``vjp`` run again with IEEE semantics (numpy floats, no warnings): the
    slow path of an elementwise vjp that met NaN, inf or a division by 0."""
    with np.errstate(all="ignore"):
        return _plain(vjp(*_numpy_floats((g, p))))


def _named(op: str, e: Exception) -> Exception:
    """``e`` with the operation's name in front of its message, of its own
    type when that type can be made from a message alone."""
    msg = f"backprop.numpy.{op}: {e}"
    try:
        new = type(e)(msg)
    except Exception:
        new = None
    if new is None or str(new) != msg:
        base = next(b for b in type(e).__mro__ if b in (ValueError, TypeError, IndexError))
        new = base(msg)
    return new


def forward(op: str) -> Callable[[_Fn], _Fn]:
    """A forward rule: tolerant of NaN/inf, and its numpy errors name ``op``."""

    def wrap(fn: _Fn) -> _Fn:
        quiet = tolerant(fn)

        @functools.wraps(fn)
        def run(*args: Any) -> Any:
            try:
                return quiet(*args)
            except (ValueError, TypeError, IndexError) as e:
                raise _named(op, e) from None

        return cast("_Fn", run)

    return wrap


# --- shared helpers ------------------------------------------------------------

# The fast paths below take plain float arrays only (identity tests on numpy's
# builtin dtypes): everything else goes the general way.
_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)


def _finite(a: Any) -> bool:
    """Whether every element of ``a``, an array or a numpy scalar, is finite."""
    if a.size == 1:
        return math.isfinite(a.item())
    return bool(np.isfinite(a).all())


def is_scalar(x: Any) -> bool:
    """A Python number: its gradient is a Python float."""
    return type(x) is float or type(x) is int


def fit(gx: Any, x: Any) -> Any:
    """``gx`` as the gradient of ``x``: its shape and float dtype, or a Python
    float for a Python number."""
    if is_scalar(x):
        return float(gx)
    return np.reshape(gx, np.shape(x)).astype(grad_dtype(x), copy=False)


def grad_dtype(x: Any) -> np.dtype[Any]:
    """The dtype of the gradient of ``x``: its own if floating, else float64."""
    dt = np.result_type(x)
    return dt if dt.kind in "fc" else np.dtype(np.float64)


def axes_of(axis: Any, ndim: int) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple, negatives allowed) as sorted axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        return tuple(sorted(operator.index(a) % ndim for a in axis))
    return (operator.index(axis) % ndim,)


def keep(g: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    """The gradient of a reduction, with the reduced axes restored as 1s."""
    if keepdims or axis is None:
        return g
    return np.expand_dims(g, axes_of(axis, np.ndim(x)))


def spread(g: Any, x: Any, axis: Any, keepdims: bool) -> Any:
    """The gradient of a reduction of ``x`` broadcast back to ``x``'s shape."""
    if is_scalar(x):
        return float(g)
    return np.broadcast_to(keep(g, x, axis, keepdims), np.shape(x)).astype(grad_dtype(x))


def reduced_size(x: Any, axis: Any) -> int:
    shape = np.shape(x)
    return math.prod(shape[a] for a in axes_of(axis, len(shape)))


def scalar(out: Any) -> Any:
    """A full reduction's result as a Python float, as its type says."""
    return float(out) if isinstance(out, np.floating) else out


def prod_of_others(x: Any, axes: tuple[int, ...]) -> Any:
    """For each element, the product of the others in its reduction group,
    without dividing (exact when some are zero)."""
    x = np.asarray(x)
    rest = [i for i in range(x.ndim) if i not in axes]
    order = rest + list(axes)
    moved = np.transpose(x, order)
    n = math.prod(x.shape[a] for a in axes)
    if n == 0 or x.size == 0:
        return np.zeros(x.shape, dtype=grad_dtype(x))
    flat = moved.reshape((*moved.shape[: len(rest)], n))
    ones = np.ones((*flat.shape[:-1], 1), dtype=flat.dtype)
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.transpose((left * right).reshape(moved.shape), np.argsort(order))


def put_diagonal(shape: tuple[int, ...], diag: Any, offset: int, axis1: int, axis2: int) -> Any:
    """Zeros of ``shape`` with ``diag`` (broadcast to np.diagonal's result) on
    the diagonal that np.diagonal reads."""
    out = np.zeros(shape, dtype=grad_dtype(diag))
    view = np.moveaxis(out, (axis1, axis2), (-2, -1))
    n1, n2 = view.shape[-2:]
    if offset >= 0:
        cols = np.arange(max(0, min(n1, n2 - offset))) + offset
        rows = cols - offset
    else:
        rows = np.arange(max(0, min(n1 + offset, n2))) - offset
        cols = rows + offset
    view[..., rows, cols] = diag
    return out


def _swap(a: Any) -> Any:
    return np.swapaxes(a, -1, -2)


# --- elementwise: payload (x, out) ---------------------------------------------


# ``math`` on a Python float, numpy on anything else, quiet outside the domain.
_elementwise = _arith._floating


exp = _elementwise(math.exp, np.exp)


def exp_dx(g: Any, p: Any) -> Any:
    try:
        return g * p[1]
    except _FP_EVENTS:
        return _quiet(exp_dx, g, p)


log = _elementwise(math.log, np.log)


def log_dx(g: Any, p: Any) -> Any:
    try:
        return g / p[0]
    except _FP_EVENTS:
        return _quiet(log_dx, g, p)


log1p = _elementwise(math.log1p, np.log1p)


def log1p_dx(g: Any, p: Any) -> Any:
    try:
        return g / (1 + p[0])
    except _FP_EVENTS:
        return _quiet(log1p_dx, g, p)


expm1 = _elementwise(math.expm1, np.expm1)


def expm1_dx(g: Any, p: Any) -> Any:
    try:
        return g * (p[1] + 1)
    except _FP_EVENTS:
        return _quiet(expm1_dx, g, p)


sqrt = _elementwise(math.sqrt, np.sqrt)


def sqrt_dx(g: Any, p: Any) -> Any:
    try:
        return g / (2 * p[1])
    except _FP_EVENTS:
        return _quiet(sqrt_dx, g, p)


def _float_square(x: float) -> float:
    return x * x


square = _elementwise(_float_square, np.square)


def square_dx(g: Any, p: Any) -> Any:
    try:
        return g * (2 * p[0])
    except _FP_EVENTS:
        return _quiet(square_dx, g, p)


sin = _elementwise(math.sin, np.sin)
cos = _elementwise(math.cos, np.cos)
tan = _elementwise(math.tan, np.tan)


def sin_dx(g: Any, p: Any) -> Any:
    try:
        return g * cos(p[0])
    except _FP_EVENTS:
        return _quiet(sin_dx, g, p)


def cos_dx(g: Any, p: Any) -> Any:
    try:
        return -g * sin(p[0])
    except _FP_EVENTS:
        return _quiet(cos_dx, g, p)


def tan_dx(g: Any, p: Any) -> Any:
    try:
        return g * (1 + p[1] * p[1])
    except _FP_EVENTS:
        return _quiet(tan_dx, g, p)


arcsin = _elementwise(math.asin, np.arcsin)
arccos = _elementwise(math.acos, np.arccos)
arctan = _elementwise(math.atan, np.arctan)


def arcsin_dx(g: Any, p: Any) -> Any:
    try:
        return g / sqrt(1 - p[0] * p[0])
    except _FP_EVENTS:
        return _quiet(arcsin_dx, g, p)


def arccos_dx(g: Any, p: Any) -> Any:
    try:
        return -g / sqrt(1 - p[0] * p[0])
    except _FP_EVENTS:
        return _quiet(arccos_dx, g, p)


def arctan_dx(g: Any, p: Any) -> Any:
    try:
        return g / (1 + p[0] * p[0])
    except _FP_EVENTS:
        return _quiet(arctan_dx, g, p)


sinh = _elementwise(math.sinh, np.sinh)
cosh = _elementwise(math.cosh, np.cosh)
tanh = _elementwise(math.tanh, np.tanh)


def sinh_dx(g: Any, p: Any) -> Any:
    try:
        return g * cosh(p[0])
    except _FP_EVENTS:
        return _quiet(sinh_dx, g, p)


def cosh_dx(g: Any, p: Any) -> Any:
    try:
        return g * sinh(p[0])
    except _FP_EVENTS:
        return _quiet(cosh_dx, g, p)


def tanh_dx(g: Any, p: Any) -> Any:
    try:
        return g * (1 - p[1] * p[1])
    except _FP_EVENTS:
        return _quiet(tanh_dx, g, p)


arcsinh = _elementwise(math.asinh, np.arcsinh)
arccosh = _elementwise(math.acosh, np.arccosh)
arctanh = _elementwise(math.atanh, np.arctanh)


def arcsinh_dx(g: Any, p: Any) -> Any:
    try:
        return g / sqrt(p[0] * p[0] + 1)
    except _FP_EVENTS:
        return _quiet(arcsinh_dx, g, p)


def arccosh_dx(g: Any, p: Any) -> Any:
    try:
        return g / sqrt(p[0] * p[0] - 1)
    except _FP_EVENTS:
        return _quiet(arccosh_dx, g, p)


def arctanh_dx(g: Any, p: Any) -> Any:
    try:
        return g / (1 - p[0] * p[0])
    except _FP_EVENTS:
        return _quiet(arctanh_dx, g, p)


def absolute(x: Any) -> Any:
    return abs(x) if type(x) is float else np.absolute(x)


def sign(x: Any) -> Any:
    if type(x) is float:
        return 1.0 if x > 0 else -1.0 if x < 0 else x  # keeps 0.0 and nan
    return np.sign(x)


# d|x| = sign(x) dx, taking 0 at 0 (a subgradient)
def abs_dx(g: Any, p: Any) -> Any:
    try:
        return g * sign(p[0])
    except _FP_EVENTS:
        return _quiet(abs_dx, g, p)


# sign is flat where it is differentiable
def sign_dx(g: Any, p: Any) -> Any:
    return 0.0 if type(g) is float else np.zeros_like(g)


# --- maximum, minimum, clip, where ------------------------------------------------


def _max2(x: Any, y: Any) -> Any:
    if is_scalar(x) and is_scalar(y):
        return float(x if x >= y or x != x else y)  # nan wins, as in numpy
    return np.maximum(x, y)


def _min2(x: Any, y: Any) -> Any:
    if is_scalar(x) and is_scalar(y):
        return float(x if x <= y or x != x else y)
    return np.minimum(x, y)


maximum = forward("maximum")(_max2)
minimum = forward("minimum")(_min2)


def _share(g: Any, wins: Any, ties: Any) -> Any:
    """``g`` where ``wins``, half of it at ties (max and min split ties)."""
    if type(wins) is bool:
        return g if wins else (0.5 * g if ties else 0.0)
    return np.where(wins, g, np.where(ties, 0.5 * g, 0))


# d max(x, y) = [x > y] dx + [y > x] dy, each half where x == y
@tolerant
def maximum_dx(g: Any, p: Any) -> Any:
    x, y, _ = p
    return unbroadcast(_share(g, x > y, x == y), x)


@tolerant
def maximum_dy(g: Any, p: Any) -> Any:
    x, y, _ = p
    return unbroadcast(_share(g, y > x, x == y), y)


@tolerant
def minimum_dx(g: Any, p: Any) -> Any:
    x, y, _ = p
    return unbroadcast(_share(g, x < y, x == y), x)


@tolerant
def minimum_dy(g: Any, p: Any) -> Any:
    x, y, _ = p
    return unbroadcast(_share(g, y < x, x == y), y)


@forward("clip")
def clip(a: Any, lo: Any, hi: Any) -> Any:
    if lo is None and hi is None:
        raise ValueError("one of a_min and a_max must be given")
    if is_scalar(a) and (lo is None or is_scalar(lo)) and (hi is None or is_scalar(hi)):
        m = a if lo is None else _max2(a, lo)
        return float(m if hi is None else _min2(m, hi))
    return np.clip(a, lo, hi)


# clip = minimum(maximum(a, lo), hi), with the ties of each split in half.
# payload (a, lo, hi, out)
def _clip_weights(p: Any, g: Any) -> tuple[Any, Any, Any]:
    a, lo, hi, _ = p
    m = a if lo is None else _max2(a, lo)
    one = np.ones((), dtype=np.result_type(g)) if isinstance(g, np.ndarray) else 1.0
    to_m = one if hi is None else _share(one, m < hi, m == hi)
    to_hi = None if hi is None else _share(one, hi < m, m == hi)
    to_a = one if lo is None else _share(one, a > lo, a == lo)
    to_lo = None if lo is None else _share(one, lo > a, a == lo)
    return to_m * to_a, None if to_lo is None else to_m * to_lo, to_hi


@tolerant
def clip_da(g: Any, p: Any) -> Any:
    return unbroadcast(g * _clip_weights(p, g)[0], p[0])


@tolerant
def clip_dlo(g: Any, p: Any) -> Any:
    return unbroadcast(g * _clip_weights(p, g)[1], p[1])


@tolerant
def clip_dhi(g: Any, p: Any) -> Any:
    return unbroadcast(g * _clip_weights(p, g)[2], p[2])


@forward("where")
def where(condition: Any, x: Any, y: Any) -> Any:
    if type(condition) is bool and is_scalar(x) and is_scalar(y):
        return float(x if condition else y)
    return np.where(condition, x, y)


# payload (condition, x, y, out)
def where_dx(g: Any, p: Any) -> Any:
    c, x, _, _ = p
    return unbroadcast((g if c else 0.0) if type(c) is bool else np.where(c, g, 0), x)


def where_dy(g: Any, p: Any) -> Any:
    c, _, y, _ = p
    return unbroadcast((0.0 if c else g) if type(c) is bool else np.where(c, 0, g), y)


# --- activations --------------------------------------------------------------------


# exp of a non-positive number only: no overflow on either side
def _float_logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# A float array whose minimum is above the bound (below it exp(-x) would
# overflow) takes 1 / (1 + exp(-x)): four ufuncs on one fresh buffer,
# accurate to a few ulps on both tails, where 0.5 * (tanh(x / 2) + 1) loses
# the left one.
def _array_logistic(x: Any) -> Any:
    if type(x) is np.ndarray and x.size and x.ndim:
        bound = -700.0 if x.dtype is _F64 else -85.0 if x.dtype is _F32 else None
        if bound is not None and np.minimum.reduce(x, None) > bound:  # False for NaN
            e = np.negative(x)
            np.exp(e, out=e)
            e += 1.0
            return np.divide(1.0, e, out=e)
    e = np.exp(-np.abs(x))
    return np.where(np.asarray(x) >= 0, 1 / (1 + e), e / (1 + e))[()]


logistic = _elementwise(_float_logistic, _array_logistic)


def logistic_dx(g: Any, p: Any) -> Any:
    out = p[1]
    try:
        if type(out) is np.ndarray and type(g) is np.ndarray and g.dtype is out.dtype:
            d = 1 - out  # fresh: the products go into it
            d *= out
            d *= g
            return d
        return g * (out * (1 - out))
    except _FP_EVENTS:
        return _quiet(logistic_dx, g, p)


def relu(x: Any) -> Any:
    if type(x) is float:
        return x if not x <= 0.0 else 0.0  # nan stays nan
    return np.maximum(x, 0)


def relu_dx(g: Any, p: Any) -> Any:
    x = p[0]
    if type(x) is float:
        return g if x > 0 else 0.0
    return np.where(x > 0, g, 0)


# softplus(x) = log(1 + e^x) = log1p(e^-|x|) + max(x, 0); its derivative is logistic
def _float_softplus(x: float) -> float:
    return math.log1p(math.exp(-abs(x))) + (x if x > 0.0 else 0.0)


def _array_softplus(x: Any) -> Any:
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


softplus = _elementwise(_float_softplus, _array_softplus)


def softplus_dx(g: Any, p: Any) -> Any:
    try:
        return g * logistic(p[0])
    except _FP_EVENTS:
        return _quiet(softplus_dx, g, p)


def _lse_keepdims(x: Any, axis: Any) -> Any:
    """log-sum-exp with the reduced axes kept, shifted by a finite max."""
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m


@forward("softmax")
def _softmax(x: Any, axis: Any) -> Any:
    x = np.asarray(x)
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0))
    return e / np.sum(e, axis=axis, keepdims=True)


def _vector(x: Any, axis: Any) -> bool:
    """A 1-D array reduced along its one axis: its reductions are numpy
    scalars, and scalar operands are numpy's fastest broadcast."""
    return bool(x.ndim == 1 and (axis == -1 or axis == 0))


# payload (x, out, axis). A float array whose maxima are finite (the shift
# is then the max itself) is computed in one fresh buffer; anything else,
# and any error or floating-point event, takes the general rule.
def softmax(x: Any, axis: Any) -> Any:
    if type(x) is np.ndarray and (x.dtype is _F64 or x.dtype is _F32) and x.size:
        try:
            if _vector(x, axis):
                top = float(np.maximum.reduce(x))  # a Python float keeps float32 float32
                if math.isfinite(top):
                    e = x - top
                    np.exp(e, out=e)
                    e /= np.add.reduce(e)
                    return e
            else:
                m = np.maximum.reduce(x, axis, keepdims=True)
                if _finite(m):
                    e = x - m
                    np.exp(e, out=e)
                    e /= np.add.reduce(e, axis, keepdims=True)
                    return e
        except Exception:  # the general rule names the error or absorbs the event
            pass
    return _softmax(x, axis)


# J^T g = out * (g - <g, out>)
@tolerant
def _softmax_dx(g: Any, p: Any) -> Any:
    _, out, axis = p
    return out * (g - np.sum(g * out, axis=axis, keepdims=True))


def softmax_dx(g: Any, p: Any) -> Any:
    out, axis = p[1], p[2]
    if type(g) is np.ndarray and type(out) is np.ndarray:
        try:
            d = g * out  # fresh, of the result's dtype: the rest goes into it
            dot = np.add.reduce(d, axis) if d.ndim == 1 else np.add.reduce(d, axis, keepdims=True)
            np.subtract(g, dot, out=d)
            d *= out
            return d
        except Exception:
            pass
    return _softmax_dx(g, p)


@forward("log_softmax")
def log_softmax(x: Any, axis: Any) -> Any:
    return x - _lse_keepdims(np.asarray(x), axis)


@tolerant
def log_softmax_dx(g: Any, p: Any) -> Any:
    _, out, axis = p
    return g - np.exp(out) * np.sum(g, axis=axis, keepdims=True)


# payload (x, out, axis, keepdims)
@forward("logsumexp")
def logsumexp(x: Any, axis: Any, keepdims: bool) -> Any:
    lse = _lse_keepdims(np.asarray(x), axis)
    if keepdims:
        return lse
    out = np.squeeze(lse, axis=axes_of(axis, lse.ndim))
    return scalar(out[()]) if axis is None else out[()]


@tolerant
def logsumexp_dx(g: Any, p: Any) -> Any:
    x, out, axis, keepdims = p
    out_k = keep(out, x, axis, keepdims)
    return keep(g, x, axis, keepdims) * np.exp(np.asarray(x) - out_k)


# The fused loss: sum over ``axis`` of t * (logsumexp(z) - z), i.e. the cross
# entropy -sum t log softmax(z) without ever taking the log of a softmax.
# payload (z, t, lse (axis kept; a float for 1-D z), axis)
@forward("softmax_cross_entropy")
def _softmax_cross_entropy(z: Any, t: Any, axis: int) -> tuple[Any, Any]:
    z = np.asarray(z)
    t_arr = np.asarray(t)
    if t_arr.dtype.kind in "iub" and t_arr.ndim < z.ndim:
        raise ValueError(
            f"targets must be probabilities over the classes (for example "
            f"one-hot rows) of the logits' shape {z.shape}, got integer "
            f"targets of shape {t_arr.shape}; for class labels pass "
            f"np.eye(n_classes)[labels]"
        )
    lse = _lse_keepdims(z, axis)
    terms = np.where(t_arr != 0, t_arr * (lse - z), 0.0)  # 0 * inf = 0 here
    return np.sum(terms, axis=axis)[()], lse


def _same_floats(z: Any, t: Any) -> bool:
    """Logits and targets both float64 arrays of one shape: the fast path."""
    return (
        type(z) is np.ndarray
        and type(t) is np.ndarray
        and z.dtype is _F64
        and t.dtype is _F64
        and z.shape == t.shape
    )


# The same steps as the general rule, in fresh buffers (for one sample, on
# Python floats: lse is then a float). A finite loss shows that no 0 * inf
# was dropped (a masked logit with a zero target) and that the shift was
# finite; otherwise the general rule runs.
def softmax_cross_entropy(z: Any, t: Any, axis: int) -> tuple[Any, Any]:
    if _same_floats(z, t) and z.size:
        try:
            if _vector(z, axis):
                top = float(np.maximum.reduce(z))
                if math.isfinite(top):
                    e = z - top
                    np.exp(e, out=e)
                    lse: Any = math.log(np.add.reduce(e)) + top
                    out = np.dot(lse - z, t)
                    if math.isfinite(out):
                        return out, lse
            else:
                m = np.maximum.reduce(z, axis, keepdims=True)
                if _finite(m):
                    lse = z - m
                    np.exp(lse, out=lse)
                    lse = np.add.reduce(lse, axis, keepdims=True)
                    np.log(lse, out=lse)
                    lse += m
                    # (numpy's stubs lack the axis argument of gufuncs)
                    out = np.vecdot(lse - z, t, axis=axis)  # type: ignore[call-overload]
                    if _finite(out):
                        return out, lse
        except Exception:  # the general rule names the error or absorbs the event
            pass
    return _softmax_cross_entropy(z, t, axis)


# d/dz = (softmax(z) * sum(t) - t) g, which is (softmax(z) - t) g for rows of t
# summing to one; d/dt = (logsumexp(z) - z) g
@tolerant
def _softmax_cross_entropy_dz(g: Any, p: Any) -> Any:
    z, t, lse, axis = p
    gk = np.expand_dims(g, axis)
    mass = np.sum(
        np.broadcast_to(t, np.broadcast_shapes(np.shape(t), z.shape)), axis=axis, keepdims=True
    )
    return unbroadcast(gk * (np.exp(z - lse) * mass - t), z)


def softmax_cross_entropy_dz(g: Any, p: Any) -> Any:
    z, t, lse, axis = p
    if _same_floats(z, t):
        try:
            d = z - lse
            np.exp(d, out=d)
            if z.ndim == 1:
                # one-hot targets (mass 1) and a unit g (the loss itself, or
                # the mean of one) need no scaling
                mass = np.add.reduce(t)
                if mass != 1.0:
                    d *= mass
                d -= t
                if g != 1.0:
                    d *= g
            else:
                d *= np.add.reduce(t, axis, keepdims=True)
                d -= t
                # g has the axis summed out: put it back as a 1, as lse has it
                d *= g.reshape(lse.shape) if type(g) is np.ndarray else g
            return d
        except Exception:
            pass
    return _softmax_cross_entropy_dz(g, p)


@tolerant
def softmax_cross_entropy_dt(g: Any, p: Any) -> Any:
    z, t, lse, axis = p
    return unbroadcast(np.expand_dims(g, axis) * (lse - z), t)


# --- reductions: payload (x, out, axis, keepdims) --------------------------------------


def _reduction(np_fn: Any) -> Callable[[Any, Any, bool], Any]:
    def fn(x: Any, axis: Any, keepdims: bool) -> Any:
        out = np_fn(x, axis=axis, keepdims=keepdims)
        if axis is None and not keepdims:
            return float(out) if is_scalar(x) else scalar(out)
        return out

    fn.__name__ = fn.__qualname__ = np_fn.__name__
    return forward(np_fn.__name__)(fn)


_sum = _reduction(np.sum)


# A whole float64 array (or a numpy float, as a 1-D loss gives) is reduced
# by the ufunc itself, skipping np.sum's and np.mean's layers; the general
# rule takes anything else, and any floating-point event.
def sum_(x: Any, axis: Any, keepdims: bool) -> Any:
    if axis is None and not keepdims:
        if type(x) is np.ndarray and x.dtype is _F64:
            try:
                return float(np.add.reduce(x, None))
            except _NUMPY_FP:
                pass
        elif type(x) is np.float64:
            return float(x)
    return _sum(x, axis, keepdims)


def _whole(g: Any, x: Any, axis: Any, keepdims: bool) -> bool:
    """A float gradient of a whole float64 array's reduction to a float."""
    return (
        axis is None
        and not keepdims
        and (type(g) is float or type(g) is np.float64)
        and (type(x) is np.float64 or (type(x) is np.ndarray and x.dtype is _F64))
    )


def _filled(x: Any, value: Any) -> Any:
    """A fresh float64 array of x's shape filled with ``value`` (a numpy float for a numpy float)."""
    if type(x) is np.float64:
        return np.float64(value)
    out = np.empty(x.shape)
    out.fill(value)
    return out


def sum_dx(g: Any, p: Any) -> Any:
    x, _, axis, keepdims = p
    if type(x) is np.ndarray and _whole(g, x, axis, keepdims):
        return _filled(x, g)
    return spread(g, x, axis, keepdims)


_mean = _reduction(np.mean)


def mean(x: Any, axis: Any, keepdims: bool) -> Any:
    if axis is None and not keepdims:
        if type(x) is np.ndarray and x.dtype is _F64 and x.size:
            try:
                return float(np.add.reduce(x, None)) / x.size
            except _NUMPY_FP:
                pass
        elif type(x) is np.float64:
            return float(x)
    return _mean(x, axis, keepdims)


@tolerant
def _mean_dx(g: Any, p: Any) -> Any:
    x, _, axis, keepdims = p
    return spread(g, x, axis, keepdims) / reduced_size(x, axis)


def mean_dx(g: Any, p: Any) -> Any:
    x, _, axis, keepdims = p
    if _whole(g, x, axis, keepdims) and x.size:
        return _filled(x, g / x.size)
    return _mean_dx(g, p)


prod = _reduction(np.prod)


# d prod = sum_i (prod of the others) dx_i
@tolerant
def prod_dx(g: Any, p: Any) -> Any:
    x, _, axis, keepdims = p
    if is_scalar(x):
        return float(g)
    return spread(g, x, axis, keepdims) * prod_of_others(x, axes_of(axis, np.ndim(x)))


max_ = _reduction(np.max)
min_ = _reduction(np.min)


# the gradient goes to the extreme elements, split evenly among ties
@tolerant
def extreme_dx(g: Any, p: Any) -> Any:
    x, out, axis, keepdims = p
    if is_scalar(x):
        return float(g)
    hit = np.asarray(x) == keep(out, x, axis, keepdims)
    count = np.sum(hit, axis=axis, keepdims=True)
    gx = spread(g, x, axis, keepdims)
    return np.where(hit, gx / count.astype(gx.dtype), 0)


# payload (x, out, axis, ddof, keepdims)
@forward("var")
def var(x: Any, axis: Any, ddof: float, keepdims: bool) -> Any:
    out = np.var(x, axis=axis, ddof=ddof, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


@forward("std")
def std(x: Any, axis: Any, ddof: float, keepdims: bool) -> Any:
    out = np.std(x, axis=axis, ddof=ddof, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


def _centered(x: Any, axis: Any) -> Any:
    return np.asarray(x) - np.mean(x, axis=axis, keepdims=True)


# d var = 2 (x - mean) / (n - ddof) dx
@tolerant
def var_dx(g: Any, p: Any) -> Any:
    x, _, axis, ddof, keepdims = p
    dof = reduced_size(x, axis) - ddof
    scale = 2.0 / dof if dof != 0 else math.inf
    return fit(spread(g, x, axis, keepdims) * (_centered(x, axis) * scale), x)


# d std = (x - mean) / ((n - ddof) std) dx, taking 0 where std is 0
@tolerant
def std_dx(g: Any, p: Any) -> Any:
    x, out, axis, ddof, keepdims = p
    s = keep(out, x, axis, keepdims)
    d = _centered(x, axis) / ((reduced_size(x, axis) - ddof) * np.where(s == 0, 1, s))
    return fit(spread(g, x, axis, keepdims) * np.where(s == 0, 0, d), x)


# --- linear algebra ------------------------------------------------------------------


@forward("matmul")
def matmul(x: Any, y: Any) -> Any:
    return np.matmul(x, y)


# d(x @ y) = dx @ y + x @ dy, with numpy's promotion of 1-D operands undone
matmul_dx = tolerant(_matmul_dx)
matmul_dy = tolerant(_matmul_dy)


def tensordot_axes(axes: Any, nda: int, ndb: int) -> tuple[list[int], list[int]]:
    """numpy's ``axes`` of tensordot as two lists of paired, non-negative axes."""
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes, b_axes = axes
    a_list = [a_axes] if isinstance(a_axes, (int, np.integer)) else list(a_axes)
    b_list = [b_axes] if isinstance(b_axes, (int, np.integer)) else list(b_axes)
    return [int(a) % nda for a in a_list], [int(b) % ndb for b in b_list]


# payload (a, b, out, a_axes, b_axes): out = sum over the paired axes of a * b.
# Each gradient contracts g with the other operand over that operand's free
# axes, then puts the axes back in the input's order.
@tolerant
def contract_da(g: Any, p: Any) -> Any:
    a, b, _, a_axes, b_axes = p
    nda, ndb = np.ndim(a), np.ndim(b)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    r = np.tensordot(g, b, axes=(list(range(len(a_free), np.ndim(g))), b_free))
    order = a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    return fit(np.transpose(r, np.argsort(order)), a)


@tolerant
def contract_db(g: Any, p: Any) -> Any:
    a, b, _, a_axes, b_axes = p
    nda, ndb = np.ndim(a), np.ndim(b)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    r = np.tensordot(a, g, axes=(a_free, list(range(len(a_free)))))
    order = [b_axes[a_axes.index(i)] for i in sorted(a_axes)] + b_free
    return fit(np.transpose(r, np.argsort(order)), b)


@forward("tensordot")
def tensordot(a: Any, b: Any, axes: Any) -> Any:
    return np.tensordot(a, b, axes=axes)


@forward("dot")
def dot(a: Any, b: Any) -> Any:
    return np.dot(a, b)


def same_float_matrices(a: Any, b: Any) -> bool:
    """Two vectors or matrices of one float dtype: their dot is their matmul,
    and its gradients already have the operands' dtype."""
    return (
        type(a) is np.ndarray
        and type(b) is np.ndarray
        and (a.dtype is _F64 or a.dtype is _F32)
        and a.dtype is b.dtype
        and 1 <= a.ndim <= 2
        and 1 <= b.ndim <= 2
    )


def dot_axes(a: Any, b: Any) -> tuple[list[int], list[int]]:
    """The axes np.dot contracts: a's last with b's last (1-D) or second to last."""
    nda, ndb = np.ndim(a), np.ndim(b)
    return [nda - 1], [0 if ndb == 1 else ndb - 2]


@forward("inner")
def inner(a: Any, b: Any) -> Any:
    return np.inner(a, b)


@forward("vdot")
def vdot(a: Any, b: Any) -> Any:
    return scalar(np.vdot(a, b))


# payload (a, b, out): vdot flattens both operands
@tolerant
def vdot_da(g: Any, p: Any) -> Any:
    a, b, _ = p
    return fit(g * np.ravel(b), a)


@tolerant
def vdot_db(g: Any, p: Any) -> Any:
    a, b, _ = p
    return fit(g * np.ravel(a), b)


@forward("outer")
def outer(a: Any, b: Any) -> Any:
    return np.outer(a, b)


# payload (a, b, out): out[i, j] = a.flat[i] * b.flat[j]
@tolerant
def outer_da(g: Any, p: Any) -> Any:
    a, b, _ = p
    return fit(g @ np.ravel(b), a)


@tolerant
def outer_db(g: Any, p: Any) -> Any:
    a, b, _ = p
    return fit(np.ravel(a) @ g, b)


# a product with a 0-d operand (dot, inner): payload (a, b, out)
@tolerant
def scaled_da(g: Any, p: Any) -> Any:
    a, b, _ = p
    return unbroadcast(g * b, a)


@tolerant
def scaled_db(g: Any, p: Any) -> Any:
    a, b, _ = p
    return unbroadcast(g * a, b)


# --- einsum ------------------------------------------------------------------------


def einsum_specs(subscripts: str, shapes: Sequence[tuple[int, ...]]) -> tuple[list[str], str]:
    """Explicit per-operand and output labels, with '...' spelled out in
    letters unused by ``subscripts`` (right-aligned, as numpy broadcasts)."""
    s = subscripts.replace(" ", "")
    ins, arrow, out = s.partition("->")
    specs = ins.split(",")
    pool = [c for c in string.ascii_letters if c not in s]
    n_ell = [len(sh) - (len(sp) - 3) if "..." in sp else 0 for sp, sh in zip(specs, shapes)]
    width = max(n_ell, default=0)
    ell = pool[:width]
    specs = [sp.replace("...", "".join(ell[width - n :])) for sp, n in zip(specs, n_ell)]
    if arrow:
        out = out.replace("...", "".join(ell))
    else:
        named = "".join(specs).translate({ord(c): None for c in ell})
        out = "".join(ell) + "".join(sorted(c for c in set(named) if named.count(c) == 1))
    return specs, out


# payload (subscripts, values, out, optimize)
@tolerant
def einsum_vjp(g: Any, p: Any) -> list[Any]:
    subscripts, values, _, optimize = p
    shapes = [np.shape(v) for v in values]
    specs, out_spec = einsum_specs(subscripts, shapes)
    sizes: dict[str, int] = {}
    for spec, shape in zip(specs, shapes):
        for c, n in zip(spec, shape):
            if n != 1 or c not in sizes:
                sizes[c] = n
    return [
        _einsum_grad(g, k, specs, out_spec, values, sizes, optimize) for k in range(len(values))
    ]


def _einsum_grad(
    g: Any,
    k: int,
    specs: list[str],
    out_spec: str,
    values: Sequence[Any],
    sizes: dict[str, int],
    optimize: Any,
) -> Any:
    spec = specs[k]
    labels = list(dict.fromkeys(spec))
    others = [j for j in range(len(values)) if j != k]
    seen = set(out_spec).union(*[specs[j] for j in others])
    kept = [c for c in labels if c in seen]
    # contract g with the other operands onto this operand's labels
    r = np.einsum(
        ",".join([out_spec] + [specs[j] for j in others]) + "->" + "".join(kept),
        g,
        *[values[j] for j in others],
        optimize=optimize,
    )
    # labels summed by this operand alone get the gradient everywhere
    order = kept + [c for c in labels if c not in seen]
    r = np.reshape(r, np.shape(r) + (1,) * (len(order) - len(kept)))
    r = np.broadcast_to(
        np.transpose(r, [order.index(c) for c in labels]), [sizes[c] for c in labels]
    )
    if len(labels) < len(spec):  # a repeated label reads a diagonal: write it back there
        full = np.zeros([sizes[c] for c in spec], dtype=r.dtype)
        np.einsum(spec + "->" + "".join(labels), full)[...] = r
        r = full
    shape = np.shape(values[k])
    summed = tuple(i for i, (n, c) in enumerate(zip(shape, spec)) if n == 1 and sizes[c] != 1)
    r = np.sum(r, axis=summed, keepdims=True) if summed else np.array(r)
    return fit(r, values[k])


@forward("einsum")
def einsum(subscripts: Any, values: Sequence[Any], optimize: Any) -> Any:
    if not isinstance(subscripts, str):
        raise TypeError(
            "only the subscripts-string form einsum('ij,jk->ik', a, b) is "
            f"supported, got {type(subscripts).__name__} as the first argument"
        )
    return np.einsum(subscripts, *values, optimize=optimize)


# --- transpose, trace, diag -----------------------------------------------------------


@forward("transpose")
def transpose(a: Any, axes: Any) -> Any:
    return np.transpose(a, axes)


# payload (a, out, axes)
def transpose_dx(g: Any, p: Any) -> Any:
    a, _, axes = p
    if axes is None:
        return fit(np.transpose(g), a)
    return fit(np.transpose(g, np.argsort([int(i) % np.ndim(a) for i in axes])), a)


@forward("trace")
def trace(a: Any, offset: int, axis1: int, axis2: int) -> Any:
    return np.trace(a, offset=offset, axis1=axis1, axis2=axis2)


# payload (a, out, offset, axis1, axis2)
def trace_dx(g: Any, p: Any) -> Any:
    a, _, offset, axis1, axis2 = p
    nd = np.ndim(a)
    gx = put_diagonal(np.shape(a), np.asarray(g)[..., None], offset, axis1 % nd, axis2 % nd)
    return gx.astype(grad_dtype(a), copy=False)


@forward("diag")
def diag(v: Any, k: int) -> Any:
    return np.diag(v, k)


# payload (v, out, k): builds a matrix from a vector, or reads a diagonal
def diag_dx(g: Any, p: Any) -> Any:
    v, _, k = p
    if np.ndim(v) == 1:
        return np.diagonal(g, k).copy()
    return put_diagonal(np.shape(v), g, k, 0, 1).astype(grad_dtype(v), copy=False)


# --- det, slogdet, inv, solve, cholesky ---------------------------------------------


@forward("det")
def det(a: Any) -> Any:
    return scalar(np.linalg.det(a))


# d det(a) = <adj(a)^T, da>; the adjugate from the SVD a = U S V^T is
# det(U) det(V) V diag(prod of the other singular values) U^T, which is
# also right where a is singular.
@tolerant
def det_dx(g: Any, p: Any) -> Any:
    a = np.asarray(p[0])
    try:
        u, s, vh = np.linalg.svd(a)
    except np.linalg.LinAlgError:  # NaN or inf in a: so is its gradient
        return np.full(a.shape, np.nan, dtype=grad_dtype(a))
    signs = np.linalg.det(u) * np.linalg.det(vh)
    others = prod_of_others(s, (s.ndim - 1,))
    adj_t = (u * others[..., None, :]) @ vh * np.asarray(signs)[..., None, None]
    return (np.asarray(g)[..., None, None] * adj_t).astype(grad_dtype(a), copy=False)


@forward("slogdet")
def slogdet(a: Any) -> tuple[Any, Any]:
    sign_, logabs = np.linalg.slogdet(a)
    return scalar(sign_), scalar(logabs)


def _inv_t(a: Any) -> Any:
    """inv(a)^T; inf where a is singular (via the SVD), NaN where a holds NaN
    or inf, instead of an error."""
    try:
        return _swap(np.linalg.inv(a))
    except np.linalg.LinAlgError:
        try:
            u, s, vh = np.linalg.svd(a)
        except np.linalg.LinAlgError:
            return np.full(a.shape, np.nan, dtype=grad_dtype(a))
        with np.errstate(all="ignore"):
            return (u / s[..., None, :]) @ vh


# d log|det a| = <inv(a)^T, da>; payload (a, logabs)
@tolerant
def slogdet_dx(g: Any, p: Any) -> Any:
    a = np.asarray(p[0])
    return (np.asarray(g)[..., None, None] * _inv_t(a)).astype(grad_dtype(a), copy=False)


@forward("inv")
def inv(a: Any) -> Any:
    return np.linalg.inv(a)


# d inv(a) = -inv(a) da inv(a)
@tolerant
def inv_dx(g: Any, p: Any) -> Any:
    out_t = _swap(p[1])
    return -(out_t @ g @ out_t)


@forward("solve")
def solve(a: Any, b: Any) -> Any:
    return np.linalg.solve(a, b)


# x = a^-1 b: db = a^-T g, da = -db x^T. b is one vector when 1-D (numpy 2).
# payload (a, b, out); one vjp for both, since both need a^-T g.
@tolerant
def solve_vjp(g: Any, p: Any) -> tuple[Any, Any]:
    a, b, x = p
    a_t = _swap(np.asarray(a))
    if np.ndim(b) == 1:
        gb = np.linalg.solve(a_t, np.asarray(g)[..., None])[..., 0]
        ga = -gb[..., :, None] * np.asarray(x)[..., None, :]
    else:
        gb = np.linalg.solve(a_t, g)
        ga = -(gb @ _swap(x))
    return unbroadcast(ga, a), unbroadcast(gb, b)


@forward("cholesky")
def cholesky(a: Any, upper: bool) -> Any:
    return np.linalg.cholesky(a, upper=upper)


# numpy reads one triangle of a (the lower one, or the upper one when
# upper=True), so the gradient lives in that triangle. With L = cholesky(a),
# S = L^-T Phi(L^T Lbar) L^-1, Phi taking the lower triangle with half its
# diagonal: the gradient is the lower triangle of S + S^T, diagonal of S.
# payload (a, out, upper)
@tolerant
def cholesky_dx(g: Any, p: Any) -> Any:
    a, out, upper = p
    low = _swap(out) if upper else out
    g_low = _swap(g) if upper else g
    phi = np.tril(_swap(low) @ g_low)
    phi = phi - 0.5 * np.eye(phi.shape[-1], dtype=phi.dtype) * phi
    low_inv = np.linalg.inv(low)
    s = _swap(low_inv) @ phi @ low_inv
    gx = np.tril(s + _swap(s), -1) + np.eye(s.shape[-1], dtype=s.dtype) * s
    return (_swap(gx) if upper else gx).astype(grad_dtype(a), copy=False)


# --- norm -------------------------------------------------------------------------------


@forward("norm")
def norm(x: Any, ord: Any, axis: Any, keepdims: bool) -> Any:
    out = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


def norm_axes(x: Any, ord: Any, axis: Any) -> tuple[int, ...] | None:
    """The reduced axes: one (a vector norm), two (a matrix norm), or None
    for the 2-norm of the whole flattened array."""
    nd = np.ndim(x)
    if axis is None:
        if ord is None:
            return None
        return (0,) if nd == 1 else (0, 1)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(int(a) % nd for a in axes)


def _share_extreme(values: Any, pick: Any, axis: int) -> Any:
    """1 / count on the elements of ``values`` equal to its extreme along ``axis``."""
    hit = values == pick(values, axis=axis, keepdims=True)
    return hit / np.sum(hit, axis=axis, keepdims=True)


# payload (x, out, ord, axis, keepdims)
@tolerant
def norm_dx(g: Any, p: Any) -> Any:
    x, out, ord, axis, keepdims = p
    x = np.asarray(x)
    axes = norm_axes(x, ord, axis)
    red = axes if axes is not None else tuple(range(x.ndim))
    gk = np.asarray(g) if keepdims or axes is None else np.expand_dims(g, axes)
    nk = np.asarray(out) if keepdims or axes is None else np.expand_dims(out, axes)
    if len(red) == 2 and ord not in (None, "fro"):
        return (gk * _matrix_norm_grad(x, ord, red)).astype(grad_dtype(x), copy=False)
    if ord in (None, 2, "fro"):
        d = np.where(nk == 0, 0.0, x / np.where(nk == 0, 1, nk))
    elif ord == np.inf or ord == -np.inf:
        pick = np.max if ord == np.inf else np.min
        d = np.sign(x) * _share_extreme(np.abs(x), pick, red[0])
    elif ord == 0:
        d = np.zeros_like(x, dtype=grad_dtype(x))
    elif ord == 1:
        d = np.sign(x)
    else:
        d = np.sign(x) * (np.abs(x) / nk) ** (ord - 1)
    return (gk * d).astype(grad_dtype(x), copy=False)


def _matrix_norm_grad(x: Any, ord: Any, axes: tuple[int, ...]) -> Any:
    """The derivative of a matrix norm over ``axes`` = (rows, cols), kept dims."""
    r, c = axes
    if ord in ("nuc", 2, -2):
        u, _, vh = np.linalg.svd(np.moveaxis(x, (r, c), (-2, -1)), full_matrices=False)
        if ord == 2:
            u, vh = u[..., :, :1], vh[..., :1, :]
        elif ord == -2:
            u, vh = u[..., :, -1:], vh[..., -1:, :]
        return np.moveaxis(u @ vh, (-2, -1), (r, c))
    # 1 / -1: extreme column sum (sum over rows); inf / -inf: extreme row sum
    summed, across = (r, c) if ord in (1, -1) else (c, r)
    pick = np.max if ord in (1, np.inf) else np.min
    sums = np.sum(np.abs(x), axis=summed, keepdims=True)
    return np.sign(x) * _share_extreme(sums, pick, across)


# --- shape ------------------------------------------------------------------------------


@forward("reshape")
def reshape(a: Any, shape: Any, order: Any) -> Any:
    return np.reshape(a, shape, order=order)


def index_order(a: Any, order: str) -> str:
    """The "C" or "F" that numpy's order "A" means for ``a``."""
    return ("F" if np.isfortran(a) else "C") if order == "A" else order


# payload (a, out, order): reshape, ravel, expand_dims and squeeze move no data;
# order "C" or "F" (an "A" resolved by index_order), or "K": ravel in memory
# order, which the payload then holds as the C positions read, in order.
def reshape_dx(g: Any, p: Any) -> Any:
    a, _, order = p
    if is_scalar(a):
        return float(g)
    if isinstance(order, np.ndarray):
        gx = np.zeros(np.size(a), dtype=np.result_type(g))
        gx[order] = g
        return gx.reshape(np.shape(a))
    return np.reshape(g, np.shape(a), order=order)


def memory_positions(a: Any) -> Any:
    """The C positions of ``a``'s elements in the order ravel(a, "K") reads them."""
    pos = np.empty_like(a, dtype=np.intp)  # same layout as a
    pos[...] = np.arange(pos.size).reshape(pos.shape)
    return np.ravel(pos, order="K")


@forward("ravel")
def ravel(a: Any, order: Any) -> Any:
    return np.ravel(a, order=order)


@forward("expand_dims")
def expand_dims(a: Any, axis: Any) -> Any:
    return np.expand_dims(a, axis)


@forward("squeeze")
def squeeze(a: Any, axis: Any) -> Any:
    return np.squeeze(a, axis)


@forward("broadcast_to")
def broadcast_to(array: Any, shape: Any) -> Any:
    return np.broadcast_to(array, shape)


# payload (array, out)
def broadcast_to_dx(g: Any, p: Any) -> Any:
    return unbroadcast(g, p[0])


@forward("concatenate")
def concatenate(values: Sequence[Any], axis: Any) -> Any:
    return np.concatenate(values, axis=axis)


# payload (shapes, axis): g cut at the operands' boundaries
def concatenate_vjp(g: Any, p: Any) -> list[Any]:
    shapes, axis = p
    if axis is None:
        bounds = np.cumsum([math.prod(s) for s in shapes])[:-1]
        return [np.reshape(piece, s) for piece, s in zip(np.split(g, bounds), shapes)]
    ax = int(axis) % np.ndim(g)
    bounds = np.cumsum([s[ax] for s in shapes])[:-1]
    return np.split(g, bounds, axis=ax)


@forward("stack")
def stack(values: Sequence[Any], axis: int) -> Any:
    return np.stack(values, axis=axis)


# payload (axis, kinds): the slices of g along the new axis
def stack_vjp(g: Any, p: Any) -> list[Any]:
    axis, scalars = p
    pieces = np.moveaxis(g, int(axis) % np.ndim(g), 0)
    return [float(piece) if s else piece for piece, s in zip(pieces, scalars)]


@forward("split")
def split_bounds(ary: Any, indices_or_sections: Any, axis: int) -> list[tuple[int, int]]:
    """Where np.split cuts ``ary`` along ``axis``, as (start, stop) pairs."""
    pieces = np.split(ary, indices_or_sections, axis=axis)
    bounds: list[tuple[int, int]] = []
    start = 0
    n = np.shape(ary)[axis]
    for piece in pieces:
        stop = min(start + np.shape(piece)[axis], n)
        bounds.append((start, stop))
        start = stop
    return bounds


# --- constructors ------------------------------------------------------------------------


@forward("full_like")
def full_like(a: Any, fill_value: Any, dtype: Any) -> Any:
    return np.full_like(a, fill_value, dtype=dtype)


@forward("konst")
def konst(fill_value: Any, shape: Any) -> Any:
    return np.full(shape, fill_value)


# payload (fill_value, out): every element of out is fill_value
def fill_dx(g: Any, p: Any) -> Any:
    return unbroadcast(g, p[0])
