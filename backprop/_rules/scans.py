"""Scans and sorting: cumulative sums and products, differences, numerical
gradients, sort and partition, each forward rule beside its vjp.

Payloads: ``(a, *static, out)``. The vjps are written with the table's own
rules (a reversed cumulative sum is ``flip``, ``cumsum``, ``flip``), so
every one is differentiable again. A sort is a permutation of its input:
its gradient goes back through the inverse permutation (``shape.gather``
and its adjoint ``shape.scatter``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from .._tape import BVar
from .core import ARRAY_FUNCTIONS, Rule, apply, array_arg, grad_dtype, plain, quiet, static_args
from .shape import concatenate, flip, gather, moveaxis, pad, reshape, stack


def _axis(op: str, axis: Any, ndim: int) -> int:
    try:
        return normalize_axis_index(axis, ndim)
    except (ValueError, TypeError, IndexError) as e:
        raise type(e)(f"backprop.numpy.{op}: {e}") from None


# --- cumsum, cumprod -------------------------------------------------------------------------


# The gradient of a cumulative sum is the reversed cumulative sum of g
# (over the flattened array for axis None).
def _cumsum_dx(g: Any, p: Any) -> Any:
    a, axis, _ = p
    if axis is None:
        return reshape(flip(cumsum(flip(g, 0), 0), 0), np.shape(plain(a)))
    return flip(cumsum(flip(g, axis), axis), axis)


CUMSUM = Rule("cumsum", quiet(lambda a, axis: np.cumsum(a, axis)), (_cumsum_dx,), ("axis",))


def cumsum(a: Any, axis: Any = None) -> Any:
    return apply(CUMSUM, (a,), (axis,))


# out_j = prod_{k <= j} x_k, so d/dx_i = sum_{j >= i} g_j out_j / x_i: the
# reversed cumulative sum of g * out over x. Where some x is 0 that is 0/0,
# and the exact form is used: left_i * r_i, with left_i the product of the
# elements before i and r_i = g_i + x_{i+1} r_{i+1} (a loop along the axis).
def _cumprod_dx(g: Any, p: Any) -> Any:
    a, axis, out = p
    shape = np.shape(plain(a))
    if axis is None:
        a = reshape(a, (-1,))
        out = reshape(out, (-1,))
        axis = 0
    if np.all(plain(a) != 0):
        gx = flip(cumsum(flip(g * out, axis), axis), axis) / a
    else:
        gx = _cumprod_exact(g, a, out, _axis("cumprod", axis, len(np.shape(plain(a)))))
    return reshape(gx, shape)


def _cumprod_exact(g: Any, a: Any, out: Any, axis: int) -> Any:
    g, a, out = (moveaxis(v, axis, 0) for v in (g, a, out))
    n = np.shape(plain(a))[0]
    r = [g[n - 1]]
    for i in range(n - 2, -1, -1):
        r.append(g[i] + a[i + 1] * r[-1])
    parts = [r[n - 1]] + [out[i - 1] * r[n - 1 - i] for i in range(1, n)]
    return moveaxis(stack(parts, 0), 0, axis)


CUMPROD = Rule("cumprod", quiet(lambda a, axis: np.cumprod(a, axis)), (_cumprod_dx,), ("axis",))


def cumprod(a: Any, axis: Any = None) -> Any:
    return apply(CUMPROD, (a,), (axis,))


# --- diff, gradient --------------------------------------------------------------------------


# diff is linear: its vjp applies the adjoint of one difference n times,
# g -> (g padded by a zero in front) - (g padded by a zero behind), which
# is g_(i-1) - g_i at each i.
def _diff_dx(g: Any, p: Any) -> Any:
    a, n, axis, _ = p
    nd = len(np.shape(plain(a)))
    ax = _axis("diff", axis, nd)
    before = [(0, 0)] * nd
    after = [(0, 0)] * nd
    before[ax] = (1, 0)
    after[ax] = (0, 1)
    for _ in range(n):
        g = pad(g, before) - pad(g, after)
    return g


DIFF = Rule("diff", quiet(lambda a, n, axis: np.diff(a, n, axis)), (_diff_dx,), ("n", "axis"))


def diff(a: Any, n: int = 1, axis: int = -1, prepend: Any = None, append: Any = None) -> Any:
    static_args("diff", n=n, axis=axis)
    if n < 0:
        raise ValueError(f"backprop.numpy.diff: order must be non-negative but got {n!r}")
    a = array_arg(a)
    nd = np.ndim(plain(a))
    if nd == 0:
        raise ValueError("backprop.numpy.diff: requires input that is at least one dimensional")
    ax = _axis("diff", axis, nd)
    if prepend is not None or append is not None:
        shape = list(np.shape(plain(a)))
        shape[ax] = 1
        parts = []
        for extra in (prepend, a, append):
            if extra is None:
                continue
            if extra is not a and np.ndim(plain(extra)) == 0:
                extra = np.broadcast_to(extra, tuple(shape))
            parts.append(extra)
        a = concatenate(parts, ax)
    if n == 0:
        return a
    return apply(DIFF, (a,), (n, ax))


# np.gradient: central differences inside, one-sided ones (first or second
# order) at the two ends, with unit, scalar or coordinate spacing; written
# with slices of the array, so it is differentiable to any order.
def _gradient_1(f: Any, h: Any, edge_order: int) -> Any:
    n = np.shape(plain(f))[0]
    if n < edge_order + 1:
        raise ValueError(
            "backprop.numpy.gradient: Shape of array too small to calculate a numerical "
            "gradient, at least (edge_order + 1) elements are required."
        )
    rest = (1,) * (np.ndim(plain(f)) - 1)
    if np.ndim(h) == 0:
        h = float(h)
        inner = (f[2:] - f[:-2]) / (2.0 * h)
        if edge_order == 1:
            first = (f[1:2] - f[0:1]) / h
            last = (f[-1:] - f[-2:-1]) / h
        else:
            first = (-1.5 * f[0:1] + 2.0 * f[1:2] - 0.5 * f[2:3]) / h
            last = (0.5 * f[-3:-2] - 2.0 * f[-2:-1] + 1.5 * f[-1:]) / h
        return concatenate([first, inner, last], 0)
    x = np.asarray(h, dtype=np.float64)
    if x.ndim != 1 or x.shape[0] != n:
        raise ValueError("backprop.numpy.gradient: when 1d, distances must match the length of the corresponding dimension")
    dx = np.diff(x)
    if (dx == dx[0]).all():
        return _gradient_1(f, dx[0], edge_order)  # uniform, as numpy takes it
    # coefficients in float64, then in f's precision (numpy stores them so)
    dt = grad_dtype(f)
    dx1, dx2 = dx[:-1], dx[1:]
    a = (-dx2 / (dx1 * (dx1 + dx2))).astype(dt).reshape(-1, *rest)
    b = ((dx2 - dx1) / (dx1 * dx2)).astype(dt).reshape(-1, *rest)
    c = (dx1 / (dx2 * (dx1 + dx2))).astype(dt).reshape(-1, *rest)
    inner = a * f[:-2] + b * f[1:-1] + c * f[2:]
    if edge_order == 1:
        first = (f[1:2] - f[0:1]) / float(dx[0])
        last = (f[-1:] - f[-2:-1]) / float(dx[-1])
    else:
        d1, d2 = float(dx[0]), float(dx[1])
        first = (
            -(2.0 * d1 + d2) / (d1 * (d1 + d2)) * f[0:1]
            + (d1 + d2) / (d1 * d2) * f[1:2]
            - d1 / (d2 * (d1 + d2)) * f[2:3]
        )
        d1, d2 = float(dx[-2]), float(dx[-1])
        last = (
            d2 / (d1 * (d1 + d2)) * f[-3:-2]
            - (d2 + d1) / (d1 * d2) * f[-2:-1]
            + (2.0 * d2 + d1) / (d2 * (d1 + d2)) * f[-1:]
        )
    return concatenate([first, inner, last], 0)


def gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    static_args("gradient", axis=axis, edge_order=edge_order)
    f = array_arg(f)
    nd = np.ndim(plain(f))
    axes = tuple(range(nd)) if axis is None else normalize_axis_tuple(axis, nd)
    if len(varargs) == 0:
        spacing: list[Any] = [1.0] * len(axes)
    elif len(varargs) == 1 and np.ndim(varargs[0]) == 0:
        spacing = [varargs[0]] * len(axes)
    elif len(varargs) == len(axes):
        spacing = list(varargs)
    else:
        raise TypeError("backprop.numpy.gradient: invalid number of arguments")
    if edge_order not in (1, 2):
        raise ValueError("backprop.numpy.gradient: 'edge_order' greater than 2 not supported")
    if any(type(h) is BVar for h in spacing):
        raise TypeError(
            "backprop.numpy.gradient: the spacing must be a plain value, not a BVar "
            "(it is not differentiable; read its .value)"
        )
    out = [
        moveaxis(_gradient_1(moveaxis(f, ax, 0), h, edge_order), 0, ax)
        for ax, h in zip(axes, spacing)
    ]
    return out[0] if len(out) == 1 else tuple(out)


# --- sort, partition -------------------------------------------------------------------------


def _lane_positions(shape: tuple[int, ...], order: Any, axis: int) -> Any:
    """The flat positions of the elements that ``order`` (indices along
    ``axis``, as argsort gives) picks."""
    positions = np.arange(math.prod(shape)).reshape(shape)
    return np.take_along_axis(positions, order, axis)


def _lanes(op: str, a: Any, axis: Any, order: Any) -> tuple[Any, Any, int]:
    """``a`` (flattened for axis None), its plain value and the axis sorted along."""
    if order is not None:
        raise TypeError(f"backprop.numpy.{op}: the order argument (structured arrays) is not differentiable")
    static_args(op, axis=axis)
    a = array_arg(a)
    v = plain(a)
    if axis is None:
        a = reshape(a, (-1,))
        v = np.ravel(v)
        axis = 0
    return a, v, _axis(op, axis, np.ndim(v))


def sort(a: Any, axis: Any = -1, kind: Any = None, order: Any = None, *, stable: Any = None) -> Any:
    """The sorted elements (a permutation of ``a``): each one's gradient goes
    back to the element it is; equal elements are taken in their order in
    ``a`` (a stable sort), so the first of them gets the first place's."""
    a, v, ax = _lanes("sort", a, axis, order)
    perm = np.argsort(v, axis=ax, kind="stable")
    return gather(a, _lane_positions(np.shape(v), perm, ax), True)


def partition(a: Any, kth: Any, axis: Any = -1, kind: Any = "introselect", order: Any = None) -> Any:
    """numpy's partition (the kth element in its sorted place, smaller ones
    before it, larger after, each in numpy's order); a permutation of ``a``,
    whose gradient goes back to the element each one is. Equal elements are
    matched in order: the first of them in ``a`` to the first of their places."""
    static_args("partition", kth=kth)
    a, v, ax = _lanes("partition", a, axis, order)
    try:
        out = np.partition(v, kth, axis=ax, kind=kind)
    except (ValueError, TypeError, IndexError) as e:
        raise type(e)(f"backprop.numpy.partition: {e}") from None
    # the j-th smallest of a (stably) is the j-th smallest of out, stably
    perm = np.empty(np.shape(v), dtype=np.intp)
    np.put_along_axis(
        perm, np.argsort(out, axis=ax, kind="stable"), np.argsort(v, axis=ax, kind="stable"), ax
    )
    return gather(a, _lane_positions(np.shape(v), perm, ax), True)


ARRAY_FUNCTIONS.update(
    {
        np.cumsum: cumsum, np.cumprod: cumprod, np.diff: diff, np.gradient: gradient,
        np.sort: sort, np.partition: partition,
    }
)  # fmt: skip
