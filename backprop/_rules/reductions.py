"""Reductions and the softmax family.

Payloads: ``(x, axis, keepdims, out)`` for a reduction (``(x, axis, ddof,
keepdims, out)`` for var and std), ``(x, axis, out)`` for softmax.
The rules on the hot path of a model (softmax, the cross entropy, whole-array
sum and mean) first try a fast path for plain float arrays: ufunc methods
instead of numpy's Python wrappers, fresh temporaries reused in place.
Anything else (other types, non-finite values, any floating-point event)
takes the general rule, so both give the same values.
"""

from __future__ import annotations

import builtins
import math
import operator
from typing import Any

import numpy as np

from .._tape import BVar
from .core import (
    ARRAY_FUNCTIONS,
    Rule,
    apply,
    array_arg,
    grad_dtype,
    is_scalar,
    plain,
    quiet,
    scalar,
    static_args,
    unbroadcast,
)
from .elementwise import exp, real_part, where

_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)
_NUMPY_FP = (RuntimeWarning, FloatingPointError)


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
        return float(g) if type(g) is not np.ndarray and type(g) is not BVar else g
    out = np.broadcast_to(keep(g, x, axis, keepdims), np.shape(x))
    if type(out) is np.ndarray:
        return out.astype(grad_dtype(x))
    return out


def reduced_size(x: Any, axis: Any) -> int:
    shape = np.shape(x)
    return math.prod(shape[a] for a in axes_of(axis, len(shape)))


def _finite(a: Any) -> bool:
    """Whether every element of ``a``, an array or a numpy scalar, is finite."""
    if a.size == 1:
        return math.isfinite(a.item())
    return bool(np.isfinite(a).all())


def _reduction(np_fn: Any) -> Any:
    def fn(x: Any, axis: Any, keepdims: bool) -> Any:
        out = np_fn(x, axis=axis, keepdims=keepdims)
        if axis is None and not keepdims:
            return float(out) if is_scalar(x) else scalar(out)
        return out

    fn.__name__ = fn.__qualname__ = np_fn.__name__
    return quiet(fn)


def _reduce_front(rule: Rule) -> Any:
    def front(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
        return apply(rule, (a,), (axis, keepdims))

    front.__name__ = front.__qualname__ = rule.name
    return front


# --- sum and mean ------------------------------------------------------------------------

_sum = _reduction(np.sum)


# A whole float64 array (or a numpy float, as a 1-D loss gives) is reduced
# by the ufunc itself, skipping np.sum's and np.mean's layers.
def _sum_fwd(x: Any, axis: Any, keepdims: bool) -> Any:
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
    """A fresh float64 array of x's shape filled with ``value``."""
    if type(x) is np.float64:
        return np.float64(value)
    out = np.empty(x.shape)
    out.fill(value)
    return out


def _sum_dx(g: Any, p: Any) -> Any:
    x, axis, keepdims, _ = p
    if type(x) is np.ndarray and _whole(g, x, axis, keepdims):
        return _filled(x, g)
    return spread(g, x, axis, keepdims)


SUM = Rule("sum", _sum_fwd, (_sum_dx,), ("axis", "keepdims"))
sum = _reduce_front(SUM)

_mean = _reduction(np.mean)


def _mean_fwd(x: Any, axis: Any, keepdims: bool) -> Any:
    if axis is None and not keepdims:
        if type(x) is np.ndarray and x.dtype is _F64 and x.size:
            try:
                return float(np.add.reduce(x, None)) / x.size
            except _NUMPY_FP:
                pass
        elif type(x) is np.float64:
            return float(x)
    return _mean(x, axis, keepdims)


def _mean_dx(g: Any, p: Any) -> Any:
    x, axis, keepdims, _ = p
    if _whole(g, x, axis, keepdims) and x.size:
        return _filled(x, g / x.size)
    return _mean_dx_general(g, p)


def _mean_dx_general(g: Any, p: Any) -> Any:
    x, axis, keepdims, _ = p
    return spread(g, x, axis, keepdims) / reduced_size(x, axis)


MEAN = Rule("mean", _mean_fwd, (_mean_dx,), ("axis", "keepdims"))
mean = _reduce_front(MEAN)


# --- prod, max, min ----------------------------------------------------------------------


def prod_of_others(x: Any, axes: tuple[int, ...]) -> Any:
    """For each element, the product of the others in its reduction group,
    without dividing (exact when some are zero)."""
    if type(x) is BVar:
        return _prod_of_others_lifted(x, axes)
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


def _prod_of_others_lifted(x: Any, axes: tuple[int, ...]) -> Any:
    """``prod_of_others`` with numpy functions that BVars dispatch (a
    nested derivative: the products are differentiable again)."""
    shape = np.shape(plain(x))
    rest = [i for i in range(len(shape)) if i not in axes]
    order = rest + list(axes)
    n = math.prod(shape[a] for a in axes)
    if n == 0 or math.prod(shape) == 0:
        return np.zeros(shape, dtype=grad_dtype(x))
    moved = np.transpose(x, order)
    lead = tuple(shape[i] for i in rest)
    flat = np.reshape(moved, (*lead, n))
    ones = np.ones((*lead, 1), dtype=grad_dtype(x))
    left = np.cumprod(np.concatenate([ones, flat[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, flat[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.transpose(np.reshape(left * right, np.shape(plain(moved))), np.argsort(order))


# d prod = sum_i (prod of the others) dx_i
def _prod_dx(g: Any, p: Any) -> Any:
    x, axis, keepdims, _ = p
    if is_scalar(x):
        return g
    return spread(g, x, axis, keepdims) * prod_of_others(x, axes_of(axis, np.ndim(x)))


PROD = Rule("prod", _reduction(np.prod), (_prod_dx,), ("axis", "keepdims"))
prod = _reduce_front(PROD)


# the gradient goes to the extreme elements, split evenly among ties
def _extreme_dx(g: Any, p: Any) -> Any:
    x, axis, keepdims, out = p
    if is_scalar(x):
        return g
    hit = plain(x) == keep(plain(out), x, axis, keepdims)
    count = np.sum(hit, axis=axis, keepdims=True)
    gx = spread(g, x, axis, keepdims)
    return where(hit, gx / count.astype(grad_dtype(gx)), 0.0)


MAX = Rule("max", _reduction(np.max), (_extreme_dx,), ("axis", "keepdims"))
MIN = Rule("min", _reduction(np.min), (_extreme_dx,), ("axis", "keepdims"))
max = _reduce_front(MAX)
min = _reduce_front(MIN)


# --- var and std -------------------------------------------------------------------------


@quiet
def _var(x: Any, axis: Any, ddof: float, keepdims: bool) -> Any:
    out = np.var(x, axis=axis, ddof=ddof, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


@quiet
def _std(x: Any, axis: Any, ddof: float, keepdims: bool) -> Any:
    out = np.std(x, axis=axis, ddof=ddof, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


def _centered(x: Any, axis: Any) -> Any:
    return x - np.mean(x, axis=axis, keepdims=True)


def _fit(gx: Any, x: Any) -> Any:
    if is_scalar(x) and plain(gx) is gx:  # a BVar (a nested derivative) stays one
        return float(gx)
    return np.reshape(gx, np.shape(x))


# d var = 2 (x - mean) / (n - ddof) dx (for complex x, conj(x - mean): a real
# function of a complex value, as abs is)
def _var_dx(g: Any, p: Any) -> Any:
    x, axis, ddof, keepdims, _ = p
    dof = reduced_size(x, axis) - ddof
    scale = 2.0 / dof if dof != 0 else math.inf
    c = _centered(x, axis)
    if np.iscomplexobj(plain(x)):
        c = np.conjugate(c)
        g = real_part(g)
    return _fit(spread(g, x, axis, keepdims) * (c * scale), x)


# d std = (x - mean) / ((n - ddof) std) dx, taking 0 where std is 0
def _std_dx(g: Any, p: Any) -> Any:
    x, axis, ddof, keepdims, out = p
    s = keep(out, x, axis, keepdims)
    c = _centered(x, axis)
    if np.iscomplexobj(plain(x)):
        c = np.conjugate(c)
        g = real_part(g)
    d = c / ((reduced_size(x, axis) - ddof) * where(plain(s) == 0, 1.0, s))
    return _fit(spread(g, x, axis, keepdims) * where(plain(s) == 0, 0.0, d), x)


VAR = Rule("var", _var, (_var_dx,), ("axis", "ddof", "keepdims"))
STD = Rule("std", _std, (_std_dx,), ("axis", "ddof", "keepdims"))


def var(a: Any, axis: Any = None, ddof: float = 0, keepdims: bool = False) -> Any:
    return apply(VAR, (a,), (axis, ddof, keepdims))


def std(a: Any, axis: Any = None, ddof: float = 0, keepdims: bool = False) -> Any:
    return apply(STD, (a,), (axis, ddof, keepdims))


# --- the softmax family ------------------------------------------------------------------


def _lse_keepdims(x: Any, axis: Any) -> Any:
    """log-sum-exp with the reduced axes kept, shifted by a finite max."""
    m = np.max(x, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0)
    return np.log(np.sum(np.exp(x - m), axis=axis, keepdims=True)) + m


@quiet
def _softmax_general(x: Any, axis: Any) -> Any:
    x = np.asarray(x)
    m = np.max(x, axis=axis, keepdims=True)
    e = np.exp(x - np.where(np.isfinite(m), m, 0))
    return e / np.sum(e, axis=axis, keepdims=True)


def _vector(x: Any, axis: Any) -> bool:
    """A 1-D array reduced along its one axis: its reductions are numpy
    scalars, and scalar operands are numpy's fastest broadcast."""
    return bool(x.ndim == 1 and (axis == -1 or axis == 0))


# A float array whose maxima are finite (the shift is then the max itself)
# is computed in one fresh buffer; anything else takes the general rule.
def _softmax(x: Any, axis: Any) -> Any:
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
    return _softmax_general(x, axis)


# J^T g = out * (g - <g, out>)
def _softmax_dx(g: Any, p: Any) -> Any:
    _, axis, out = p
    if type(g) is np.ndarray and type(out) is np.ndarray:
        try:
            d = g * out  # fresh, of the result's dtype: the rest goes into it
            dot = np.add.reduce(d, axis) if d.ndim == 1 else np.add.reduce(d, axis, keepdims=True)
            np.subtract(g, dot, out=d)
            d *= out
            return d
        except Exception:
            pass
    return _softmax_dx_general(g, p)


@quiet
def _softmax_dx_general(g: Any, p: Any) -> Any:
    _, axis, out = p
    return out * (g - np.sum(g * out, axis=axis, keepdims=True))


SOFTMAX = Rule("softmax", _softmax, (_softmax_dx,), ("axis",))


def softmax(x: Any, axis: Any = -1) -> Any:
    return apply(SOFTMAX, (x,), (axis,))


@quiet
def _log_softmax(x: Any, axis: Any) -> Any:
    return x - _lse_keepdims(np.asarray(x), axis)


LOG_SOFTMAX = Rule(
    "log_softmax",
    _log_softmax,
    (lambda g, p: g - exp(p[2]) * np.sum(g, axis=p[1], keepdims=True),),
    ("axis",),
)


def log_softmax(x: Any, axis: Any = -1) -> Any:
    return apply(LOG_SOFTMAX, (x,), (axis,))


@quiet
def _logsumexp(x: Any, axis: Any, keepdims: bool) -> Any:
    lse = _lse_keepdims(np.asarray(x), axis)
    if keepdims:
        return lse
    out = np.squeeze(lse, axis=axes_of(axis, lse.ndim))
    return scalar(out[()]) if axis is None else out[()]


def _logsumexp_dx(g: Any, p: Any) -> Any:
    x, axis, keepdims, out = p
    return keep(g, x, axis, keepdims) * exp(x - keep(out, x, axis, keepdims))


LOGSUMEXP = Rule("logsumexp", _logsumexp, (_logsumexp_dx,), ("axis", "keepdims"))


def logsumexp(x: Any, axis: Any = -1, keepdims: bool = False) -> Any:
    return apply(LOGSUMEXP, (x,), (axis, keepdims))


# The fused loss: sum over ``axis`` of t * (logsumexp(z) - z), i.e. the cross
# entropy -sum t log softmax(z) without ever taking the log of a softmax.
# Its forward returns (loss, lse): the payload is (z, t, axis, (loss, lse)).
@quiet
def _softmax_cross_entropy_general(z: Any, t: Any, axis: int) -> tuple[Any, Any]:
    z = np.asarray(z)
    t_arr = np.asarray(t)
    if t_arr.dtype.kind in "iub" and t_arr.ndim < z.ndim:
        raise ValueError(
            f"softmax_cross_entropy: targets must be probabilities over the classes "
            f"(for example one-hot rows) of the logits' shape {z.shape}, got integer "
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


# The same steps as the general rule, in fresh buffers. A finite loss shows
# that no 0 * inf was dropped (a masked logit with a zero target) and that
# the shift was finite; otherwise the general rule runs.
def _softmax_cross_entropy(z: Any, t: Any, axis: int) -> tuple[Any, Any]:
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
                    out = np.vecdot(lse - z, t, axis=axis)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]
                    if _finite(out):
                        return out, lse
        except Exception:  # the general rule names the error or absorbs the event
            pass
    both: tuple[Any, Any] = _softmax_cross_entropy_general(z, t, axis)
    return both


# d/dz = (softmax(z) * sum(t) - t) g, which is (softmax(z) - t) g for rows of t
# summing to one; d/dt = (logsumexp(z) - z) g
def _softmax_cross_entropy_dz(g: Any, p: Any) -> Any:
    z, t, axis, (_, lse) = p
    if lse is None:
        lse = logsumexp(z, axis, True)
    if _same_floats(z, t):
        try:
            d = z - lse
            np.exp(d, out=d)
            if z.ndim == 1:
                # one-hot targets (mass 1) and a unit g need no scaling
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
    return _softmax_cross_entropy_dz_general(g, (z, t, axis, (None, lse)))


@quiet
def _softmax_cross_entropy_dz_general(g: Any, p: Any) -> Any:
    z, t, axis, (_, lse) = p
    if lse is None:
        lse = logsumexp(z, axis, True)
    gk = np.expand_dims(g, axis)
    mass = np.sum(
        np.broadcast_to(t, np.broadcast_shapes(np.shape(t), np.shape(z))), axis=axis, keepdims=True
    )
    return unbroadcast(gk * (exp(z - lse) * mass - t), z)


def _softmax_cross_entropy_dt(g: Any, p: Any) -> Any:
    z, t, axis, (_, lse) = p
    if lse is None:
        lse = logsumexp(z, axis, True)
    return unbroadcast(np.expand_dims(g, axis) * (lse - z), t)


SOFTMAX_CROSS_ENTROPY = Rule(
    "softmax_cross_entropy",
    _softmax_cross_entropy,
    (_softmax_cross_entropy_dz, _softmax_cross_entropy_dt),
    ("axis",),
    aux=True,
)


def softmax_cross_entropy(logits: Any, targets: Any, axis: int = -1) -> Any:
    return apply(SOFTMAX_CROSS_ENTROPY, (logits, targets), (axis,))


ARRAY_FUNCTIONS.update(
    {
        np.sum: sum, np.mean: mean, np.prod: prod, np.max: max, np.amax: max,
        np.min: min, np.amin: min, np.var: var, np.std: std,
    }
)  # fmt: skip


# --- numpy's other reductions ----------------------------------------------------------------
#
# Each is written with the rules above, so its gradient and every higher
# one come from theirs: ptp splits the gradient among ties as max and min
# do, nansum and nanmean give the nans none.


def ptp(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The range ``max - min`` over ``axis``."""
    a = array_arg(a)
    return max(a, axis, keepdims) - min(a, axis, keepdims)


def nansum(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The sum over ``axis``, the nans counted as 0."""
    a = array_arg(a)
    return sum(where(np.isnan(plain(a)), 0.0, a), axis, keepdims)


def nanmean(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The mean over ``axis`` of the elements that are not nan."""
    a = array_arg(a)
    keep_n = ~np.isnan(plain(a))
    count = np.sum(keep_n, axis=axis, keepdims=keepdims)
    total = nansum(a, axis, keepdims)
    if np.ndim(count) == 0:
        return total / int(count)
    return total / count.astype(grad_dtype(a))


def average(
    a: Any, axis: Any = None, weights: Any = None, returned: bool = False, *, keepdims: bool = False
) -> Any:
    """The weighted average over ``axis``; ``weights`` (a BVar too) has ``a``'s
    shape, or is 1-D along one ``axis``. With ``returned``, also the sum of
    the weights, broadcast to the average's shape."""
    static_args("average", axis=axis)
    a, weights = array_arg(a), array_arg(weights)
    av = plain(a)
    if weights is None:
        avg = mean(a, axis, keepdims)
        scl = np.size(av) / builtins.max(np.size(plain(avg)), 1)
        if returned:
            return avg, np.broadcast_to(np.asarray(scl, dtype=grad_dtype(avg)), np.shape(plain(avg)))[()]
        return avg
    wv = plain(weights)
    if np.shape(av) != np.shape(wv):
        if axis is None:
            raise TypeError("backprop.numpy.average: Axis must be specified when shapes of a and weights differ.")
        if np.ndim(wv) != 1:
            raise TypeError("backprop.numpy.average: 1D weights expected when shapes of a and weights differ.")
        ax = axes_of(axis, np.ndim(av))
        if len(ax) != 1 or np.shape(wv)[0] != np.shape(av)[ax[0]]:
            raise ValueError("backprop.numpy.average: Length of weights not compatible with specified axis.")
        shape = [1] * np.ndim(av)
        shape[ax[0]] = np.shape(wv)[0]
        weights = np.broadcast_to(np.reshape(weights, shape), np.shape(av))
    scl = sum(weights, axis, keepdims)
    if np.any(plain(scl) == 0.0):
        raise ZeroDivisionError("backprop.numpy.average: Weights sum to zero, can't be normalized")
    avg = sum(a * weights, axis, keepdims) / scl
    if returned:
        shape_avg = np.shape(plain(avg))
        return avg, (scl if np.shape(plain(scl)) == shape_avg else np.broadcast_to(scl, shape_avg))
    return avg


ARRAY_FUNCTIONS.update(
    {np.ptp: ptp, np.nansum: nansum, np.nanmean: nanmean, np.average: average}
)
