"""Shape rules: transposes, reshapes, joins and constructors.

None of these computes with the elements, so each gradient moves ``g``
back where the element came from. Payloads: ``(a, *static, out)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from .._tape import BVar, const
from . import elementwise as ew
from .core import (
    ARRAY_FUNCTIONS,
    ARRAY_OF_SEQUENCE,
    Rule,
    apply,
    grad_dtype,
    holds_bvar,
    is_scalar,
    plain,
    quiet,
    static_args,
    unbroadcast,
)
from .linalg import take_diagonal


def _transpose_dx(g: Any, p: Any) -> Any:
    a, axes, _ = p
    if axes is None:
        return np.transpose(g)
    return np.transpose(g, np.argsort([int(i) % np.ndim(a) for i in axes]))


TRANSPOSE = Rule("transpose", quiet(np.transpose), (_transpose_dx,), ("axes",))


def transpose(a: Any, axes: Any = None) -> Any:
    return apply(TRANSPOSE, (a,), (axes,))


def index_order(a: Any, order: str) -> str:
    """The "C" or "F" that numpy's order "A" means for ``a``."""
    return ("F" if np.isfortran(plain(a)) else "C") if order == "A" else order


# reshape, ravel, expand_dims and squeeze move no data: the gradient is g
# reshaped back, read in the same order ("C" or "F", an "A" resolved by
# index_order); ravel in memory order ("K") keeps the C positions it read.
def _reshape_dx(g: Any, p: Any) -> Any:
    a, how = p[0], p[-2]
    if is_scalar(a):
        return g if type(g) is float else np.reshape(g, ())[()]
    if isinstance(how, np.ndarray):
        if type(g) is BVar:  # a nested derivative: the inverse permutation, lifted
            return reshape(g[np.argsort(how)], np.shape(a))
        gx = np.zeros(np.size(plain(a)), dtype=np.result_type(plain(g)))
        gx[how] = g
        return gx.reshape(np.shape(a))
    return np.reshape(g, np.shape(a), order=how)


RESHAPE = Rule("reshape", quiet(lambda a, shape, order: np.reshape(a, shape, order=order)), (_reshape_dx,), ("shape", "order"))
RAVEL = Rule("ravel", quiet(lambda a, order: np.ravel(a, order="K" if isinstance(order, np.ndarray) else order)), (_reshape_dx,), ("order",))
EXPAND_DIMS = Rule("expand_dims", quiet(lambda a, axis, order: np.expand_dims(a, axis)), (_reshape_dx,), ("axis", "order"))
SQUEEZE = Rule("squeeze", quiet(lambda a, axis, order: np.squeeze(a, axis)), (_reshape_dx,), ("axis", "order"))


def memory_positions(a: Any) -> Any:
    """The C positions of ``a``'s elements in the order ravel(a, "K") reads them."""
    pos = np.empty_like(a, dtype=np.intp)  # same layout as a
    pos[...] = np.arange(pos.size).reshape(pos.shape)
    return np.ravel(pos, order="K")


def reshape(a: Any, shape: Any, order: str = "C") -> Any:
    return apply(RESHAPE, (a,), (shape, index_order(a, order)))


def ravel(a: Any, order: str = "C") -> Any:
    how = memory_positions(plain(a)) if order == "K" else index_order(a, order)
    return apply(RAVEL, (a,), (how,))


def expand_dims(a: Any, axis: Any) -> Any:
    return apply(EXPAND_DIMS, (a,), (axis, "C"))


def squeeze(a: Any, axis: Any = None) -> Any:
    return apply(SQUEEZE, (a,), (axis, "C"))


BROADCAST_TO = Rule(
    "broadcast_to",
    quiet(np.broadcast_to),
    (lambda g, p: unbroadcast(g, p[0]),),
    ("shape",),
)


def broadcast_to(array: Any, shape: Any) -> Any:
    return apply(BROADCAST_TO, (array,), (shape,))


# payload (*values, axis, out): g cut at the operands' boundaries
def _concatenate_vjp(g: Any, p: Any) -> list[Any]:
    *values, axis, _ = p
    shapes = [np.shape(v) for v in values]
    if axis is None:
        bounds = np.cumsum([math.prod(s) for s in shapes])[:-1]
        return [np.reshape(piece, s) for piece, s in zip(np.split(g, bounds), shapes)]
    ax = int(axis) % np.ndim(g)
    bounds = np.cumsum([s[ax] for s in shapes])[:-1]
    return np.split(g, bounds, axis=ax)


CONCATENATE = Rule(
    "concatenate",
    quiet(lambda *args: np.concatenate(args[:-1], axis=args[-1])),
    _concatenate_vjp,
    ("axis",),
)


def _operands(op: str, arrays: Any) -> tuple[Any, ...]:
    if isinstance(arrays, (list, tuple)):
        return tuple(arrays)
    if type(arrays) is BVar or isinstance(arrays, np.ndarray):
        return tuple(arrays)
    raise TypeError(
        f"backprop.numpy.{op}: expected a list or tuple of arrays, got "
        f"{type(arrays).__name__} (a generator would be consumed once; pass list(...))"
    )


def concatenate(arrays: Sequence[Any], axis: Any = 0) -> Any:
    return apply(CONCATENATE, _operands("concatenate", arrays), (axis,))


# payload (*values, axis, out): the slices of g along the new axis
def _stack_vjp(g: Any, p: Any) -> list[Any]:
    *values, axis, _ = p
    pieces = np.moveaxis(g, int(axis) % np.ndim(g), 0)
    return [
        (float(piece) if type(piece) is not BVar else piece) if is_scalar(v) else piece
        for piece, v in zip(pieces, values)
    ]


STACK = Rule(
    "stack", quiet(lambda *args: np.stack(args[:-1], axis=args[-1])), _stack_vjp, ("axis",)
)


def stack(arrays: Sequence[Any], axis: int = 0) -> Any:
    return apply(STACK, _operands("stack", arrays), (axis,))


# --- constructors -------------------------------------------------------------------------


def _fill_dx(g: Any, p: Any) -> Any:
    # every element of the result is the fill value: its gradient is the sum
    return unbroadcast(g, p[0])


def _fill_rule(name: str) -> Rule:
    return Rule(name, quiet(lambda fill, shape: np.full(shape, fill)), (_fill_dx,), ("shape",))


KONST = _fill_rule("konst")
FULL = _fill_rule("full")  # numpy's order of arguments, named as numpy's


def konst(fill_value: Any, shape: Any) -> Any:
    return apply(KONST, (fill_value,), (shape,))


def full(shape: Any, fill_value: Any) -> Any:
    return apply(FULL, (fill_value,), (shape,))


def _full_like(fill: Any, like: Any) -> Any:
    return float(fill) if is_scalar(like) else np.full_like(like, fill, dtype=None)


FULL_LIKE = Rule("full_like", quiet(_full_like), (_fill_dx,), ("like",))


def full_like(a: Any, fill_value: Any) -> Any:
    return apply(FULL_LIKE, (fill_value,), (plain(a),))


def zeros_like(a: Any) -> Any:
    av = plain(a)
    return 0.0 if is_scalar(av) else np.zeros_like(av)


ARRAY_FUNCTIONS.update(
    {
        np.transpose: transpose, np.reshape: reshape, np.ravel: ravel,
        np.expand_dims: expand_dims, np.squeeze: squeeze, np.broadcast_to: broadcast_to,
        np.concatenate: concatenate, np.stack: stack,
        np.zeros_like: lambda a, *args, **kwargs: const(zeros_like(a)),
        np.full_like: lambda a, fill_value, *args, **kwargs: full_like(a, fill_value),
    }
)  # fmt: skip

BVar.T = property(transpose, doc="The transpose, on the tape (numpy's ``.T``).")  # type: ignore[assignment]  # pyright: ignore[reportAttributeAccessIssue]


# --- arrays from lists of BVars, and dtype casts --------------------------------------------


def _astype_fwd(x: Any, dtype: Any) -> Any:
    out = np.array(x, dtype=dtype)
    return out[()] if is_scalar(x) else out


def _astype_dx(g: Any, p: Any) -> Any:
    x, _, out = p
    dt = grad_dtype(x)
    if not np.iscomplexobj(plain(out)) or dt.kind == "f":
        g = ew.real_part(g)
    if dt.kind == "c" and not np.iscomplexobj(plain(g)):
        g = g + 0j
    if np.result_type(plain(g)) == dt:
        return g
    return astype(g, dt)


ASTYPE = Rule("astype", quiet(_astype_fwd), (_astype_dx,), ("dtype",))


def astype(x: Any, dtype: Any) -> Any:
    """``x`` cast to a float or complex ``dtype``; the gradient is cast back."""
    dt = np.dtype(dtype)
    if dt.kind not in "fc":
        raise TypeError(
            f"backprop.numpy.astype: a cast to {dt} has no gradient (only float and "
            f"complex dtypes do); read x.value.astype({dt.name!r}) for a constant"
        )
    return apply(ASTYPE, (x,), (dt,))


def _stacked(obj: Any) -> Any:
    """A list or tuple holding BVars as one stack (its items may be floats)."""
    if isinstance(obj, (list, tuple)):
        return stack([_stacked(e) for e in obj]) if holds_bvar(obj) else np.array(obj)
    return obj


def array(obj: Any, dtype: Any = None, *, ndmin: int = 0) -> Any:
    """numpy's ``array`` for BVars and (nested) lists or tuples mixing BVars
    and constants (a BVar of a float gives a 0-d array); a plain value gives
    a plain array."""
    if type(obj) is BVar:
        out = obj
    elif isinstance(obj, (list, tuple)) and holds_bvar(obj):
        out = _stacked(obj)
    else:
        return np.array(obj, dtype=dtype, ndmin=ndmin)
    if dtype is not None and np.result_type(plain(out)) != np.dtype(dtype):
        out = astype(out, dtype)
    shape = np.shape(plain(out))
    if ndmin > len(shape) or is_scalar(plain(out)):
        out = reshape(out, (1,) * (ndmin - len(shape)) + shape)
    return out


ARRAY_OF_SEQUENCE.append(_stacked)


# --- flips, rolls and axis moves -------------------------------------------------------------
#
# Each is a permutation of the elements: its vjp is the inverse permutation,
# the same rule with the inverse argument (or a transpose).

FLIP = Rule(
    "flip", quiet(lambda m, axis: np.flip(m, axis)), (lambda g, p: flip(g, p[1]),), ("axis",)
)


def flip(m: Any, axis: Any = None) -> Any:
    return apply(FLIP, (m,), (axis,))


def _at_least(op: str, m: Any, n: int) -> None:
    if np.ndim(plain(m)) < n:
        raise ValueError(f"backprop.numpy.{op}: Input must be >= {n}-d.")


def fliplr(m: Any) -> Any:
    _at_least("fliplr", m, 2)
    return flip(m, 1)


def flipud(m: Any) -> Any:
    _at_least("flipud", m, 1)
    return flip(m, 0)


def _negated(shift: Any) -> Any:
    return tuple(-int(s) for s in shift) if isinstance(shift, (tuple, list)) else -shift


ROLL = Rule(
    "roll",
    quiet(lambda a, shift, axis: np.roll(a, shift, axis)),
    (lambda g, p: roll(g, _negated(p[1]), p[2]),),
    ("shift", "axis"),
)


def roll(a: Any, shift: Any, axis: Any = None) -> Any:
    return apply(ROLL, (a,), (shift, axis))


ROT90 = Rule(
    "rot90",
    quiet(lambda m, k, axes: np.rot90(m, k, axes)),
    (lambda g, p: rot90(g, -p[1], p[2]),),
    ("k", "axes"),
)


def rot90(m: Any, k: int = 1, axes: Any = (0, 1)) -> Any:
    return apply(ROT90, (m,), (k, tuple(axes)))


def _axes(op: str, axes: Any, ndim: int) -> tuple[int, ...]:
    try:
        return normalize_axis_tuple(axes, ndim)
    except (ValueError, TypeError, IndexError) as e:
        raise type(e)(f"backprop.numpy.{op}: {e}") from None


def swapaxes(a: Any, axis1: int, axis2: int) -> Any:
    static_args("swapaxes", axis1=axis1, axis2=axis2)
    nd = np.ndim(plain(a))
    (i,), (j,) = _axes("swapaxes", axis1, nd), _axes("swapaxes", axis2, nd)
    perm = list(range(nd))
    perm[i], perm[j] = perm[j], perm[i]
    return transpose(a, perm)


def moveaxis(a: Any, source: Any, destination: Any) -> Any:
    static_args("moveaxis", source=source, destination=destination)
    nd = np.ndim(plain(a))
    src = _axes("moveaxis", source, nd)
    dst = _axes("moveaxis", destination, nd)
    if len(src) != len(dst):
        raise ValueError(
            "backprop.numpy.moveaxis: `source` and `destination` arguments must have "
            "the same number of elements"
        )
    order = [n for n in range(nd) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return transpose(a, order)


def rollaxis(a: Any, axis: int, start: int = 0) -> Any:
    static_args("rollaxis", axis=axis, start=start)
    nd = np.ndim(plain(a))
    ax = _axes("rollaxis", axis, nd)[0]
    if not -nd <= start <= nd:
        raise ValueError(
            f"backprop.numpy.rollaxis: 'start' arg requires {-nd} <= start < {nd + 1}, but {start} was passed in"
        )
    if start < 0:
        start += nd
    if ax < start:
        start -= 1
    order = [n for n in range(nd) if n != ax]
    order.insert(start, ax)
    return transpose(a, order)


def _atleast(n: int, arys: Sequence[Any]) -> Any:
    fn = (np.atleast_1d, np.atleast_2d, np.atleast_3d)[n - 1]
    out: list[Any] = []
    for a in arys:
        a = array(a) if isinstance(a, (list, tuple)) else a
        v = plain(a)
        if type(a) is not BVar:
            out.append(fn(v))
        elif np.ndim(v) >= n:
            out.append(a)
        else:
            out.append(reshape(a, np.shape(fn(v))))
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*arys: Any) -> Any:
    return _atleast(1, arys)


def atleast_2d(*arys: Any) -> Any:
    return _atleast(2, arys)


def atleast_3d(*arys: Any) -> Any:
    return _atleast(3, arys)


# --- joins built from concatenate -------------------------------------------------------------


def _each(op: str, tup: Any) -> list[Any]:
    return [array(a) if isinstance(a, (list, tuple)) else a for a in _operands(op, tup)]


def vstack(tup: Sequence[Any]) -> Any:
    return concatenate([atleast_2d(a) for a in _each("vstack", tup)], 0)


def hstack(tup: Sequence[Any]) -> Any:
    arrs = [atleast_1d(a) for a in _each("hstack", tup)]
    return concatenate(arrs, 0 if arrs and np.ndim(plain(arrs[0])) == 1 else 1)


def dstack(tup: Sequence[Any]) -> Any:
    return concatenate([atleast_3d(a) for a in _each("dstack", tup)], 2)


def column_stack(tup: Sequence[Any]) -> Any:
    cols = []
    for a in _each("column_stack", tup):
        v = plain(a)
        if np.ndim(v) < 2:
            a = reshape(a, (np.size(v), 1)) if type(a) is BVar else np.array(v, ndmin=2).T
        cols.append(a)
    return concatenate(cols, 1)


def append(arr: Any, values: Any, axis: Any = None) -> Any:
    static_args("append", axis=axis)
    arr, values = _each("append", (arr, values))
    if axis is None:
        if np.ndim(plain(arr)) != 1:
            arr = ravel(arr)
        return concatenate([arr, ravel(values)], 0)
    return concatenate([arr, values], axis)


# --- r_ and c_: numpy's index-expression joins --------------------------------------------------
#
# Each item is made an array of at least ``ndmin`` axes (a slice a:b:c is
# np.arange, or np.linspace for a complex step; a 1-D item's axis is moved
# to ``trans1d``), plain items are cast to the dtype numpy would give the
# result (numbers do not widen it), and all are concatenated along ``axis``.


def _directive(op: str, item: str) -> list[int]:
    """``[axis]``, ``[axis, ndmin]`` or ``[axis, ndmin, trans1d]`` of a string
    such as ``"0,2,-1"``; numpy's matrix directives are refused."""
    if item in ("r", "c"):
        raise TypeError(
            f"backprop.numpy.{op}: the directive {item!r} makes an np.matrix, which has no "
            f"gradient; write bnp.{op}['1,2', ...] for one row or bnp.{op}['0,2,0', ...] "
            f"for one column (2-D arrays)"
        )
    try:
        nums = [int(x) for x in item.split(",")]
    except ValueError:
        nums = []
    if not 1 <= len(nums) <= 3:
        raise ValueError(f"backprop.numpy.{op}: unknown special directive {item!r}")
    return nums


def _with_ndmin(item: Any, ndmin: int, trans1d: int) -> Any:
    """``item`` with ``ndmin`` axes at least: leading 1s, then its own axes
    moved to ``trans1d`` (numpy's placement in r_ and c_)."""
    shape = np.shape(plain(item))
    nd = len(shape)
    if nd >= ndmin:
        return item
    out = reshape(item, (1,) * (ndmin - nd) + shape) if type(item) is BVar else np.array(item, ndmin=ndmin)
    if trans1d == -1:
        return out
    k = ndmin - nd
    k1 = trans1d + k + 1 if trans1d < 0 else trans1d
    axes = list(range(ndmin))
    return transpose(out, axes[:k1] + axes[k:] + axes[k1:k])


def _range(op: str, s: slice[Any, Any, Any], ndmin: int, trans1d: int) -> Any:
    if any(type(b) is BVar for b in (s.start, s.stop, s.step)):
        raise TypeError(
            f"backprop.numpy.{op}: the bounds and step of a slice must be plain numbers, "
            f"not BVars (a range is a constant; read .value)"
        )
    start = 0 if s.start is None else s.start
    step = 1 if s.step is None else s.step
    if isinstance(step, (complex, np.complexfloating)):
        out = np.linspace(start, s.stop, num=int(abs(complex(step))))
    else:
        out = np.arange(start, s.stop, step)
    if ndmin > 1:
        out = np.array(out, ndmin=ndmin)
        if trans1d != -1:
            out = out.swapaxes(-1, trans1d)
    return out


def index_join(op: str, key: Any, axis: int, ndmin: int, trans1d: int) -> Any:
    """``np.r_[key]`` (np.c_'s by its defaults) of BVars, arrays, numbers,
    lists and slices: a BVar out, or a plain array for plain items."""
    items = key if isinstance(key, tuple) else (key,)
    objs: list[Any] = []
    kinds: list[Any] = []  # numbers themselves (weak in result_type), else dtypes
    for k, item in enumerate(items):
        if isinstance(item, str):
            if k != 0:
                raise ValueError(f"backprop.numpy.{op}: special directives must be the first entry.")
            d = _directive(op, item)
            axis, ndmin, trans1d = d + [axis, ndmin, trans1d][len(d) :]
            continue
        if isinstance(item, slice):
            obj = _range(op, item, ndmin, trans1d)
            kinds.append(obj.dtype)
        elif type(item) in (int, float, complex, bool) or isinstance(item, np.generic):
            obj = np.array(item, ndmin=ndmin)
            kinds.append(item)
        else:
            obj = array(item) if isinstance(item, (list, tuple)) else item
            v = plain(obj)
            kinds.append(v if type(v) in (int, float, complex) else np.result_type(v))
            obj = _with_ndmin(obj, ndmin, trans1d)
        objs.append(obj)
    if kinds:
        dt = np.result_type(*kinds)
        for i, obj in enumerate(objs):
            if type(obj) is not BVar:
                objs[i] = np.asarray(obj, dtype=dt)
            elif np.result_type(plain(obj)) != dt and dt.kind in "fc":
                objs[i] = astype(obj, dt)
    if not objs:
        raise ValueError(f"backprop.numpy.{op}: need at least one array to concatenate")
    return apply(CONCATENATE, tuple(objs), (axis,))


# --- repeat and tile --------------------------------------------------------------------------


def _counts(repeats: Any, n: int) -> Any:
    """``repeats`` as one count per element, or as an int when they are all equal."""
    r = np.asarray(repeats)
    return int(r.reshape(-1)[0]) if r.size == 1 else np.broadcast_to(r, (n,))


# segment_sum is repeat's adjoint: the sum of each element's copies. Each
# is the other's vjp, so both are differentiable any number of times.
def _segment_sum(g: Any, repeats: Any, axis: Any, shape: tuple[int, ...]) -> Any:
    g = np.asarray(g)
    ax = 0 if axis is None else int(axis) % len(shape)
    n = math.prod(shape) if axis is None else shape[ax]
    counts = _counts(repeats, n)
    if isinstance(counts, int):
        out = np.sum(np.reshape(g, (*g.shape[:ax], n, counts, *g.shape[ax + 1 :])), axis=ax + 1)
    else:
        out = np.zeros((*g.shape[:ax], n, *g.shape[ax + 1 :]), dtype=g.dtype)
        nonzero = counts > 0
        if nonzero.any():
            starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[nonzero]
            np.moveaxis(out, ax, 0)[nonzero] = np.moveaxis(np.add.reduceat(g, starts, axis=ax), ax, 0)
    return np.reshape(out, shape) if axis is None else out


SEGMENT_SUM = Rule(
    "segment_sum",
    quiet(_segment_sum),
    (lambda g, p: repeat(g, p[1], p[2]),),
    ("repeats", "axis", "shape"),
)


def _repeat_dx(g: Any, p: Any) -> Any:
    a, repeats, axis, _ = p
    return apply(SEGMENT_SUM, (g,), (repeats, axis, np.shape(plain(a))))


REPEAT = Rule(
    "repeat",
    quiet(lambda a, repeats, axis: np.repeat(a, repeats, axis)),
    (_repeat_dx,),
    ("repeats", "axis"),
)


def repeat(a: Any, repeats: Any, axis: Any = None) -> Any:
    return apply(REPEAT, (a,), (repeats, axis))


# tile lays out reps[i] copies of each axis: the gradient sums the copies
def _tile_dx(g: Any, p: Any) -> Any:
    a, reps, _ = p
    shape = np.shape(plain(a))
    reps = tuple(reps) if isinstance(reps, (tuple, list)) else (int(reps),)
    d = max(len(reps), len(shape))
    reps = (1,) * (d - len(reps)) + reps
    shp = (1,) * (d - len(shape)) + shape
    pairs = np.reshape(g, tuple(n for r, s in zip(reps, shp) for n in (r, s)))
    return np.reshape(np.sum(pairs, axis=tuple(range(0, 2 * d, 2))), shape)


TILE = Rule("tile", quiet(lambda a, reps: np.tile(a, reps)), (_tile_dx,), ("reps",))


def tile(A: Any, reps: Any) -> Any:
    return apply(TILE, (A,), (reps,))


# --- pad --------------------------------------------------------------------------------------
#
# "constant" pads with constants: the gradient is g without the padding.
# "edge", "reflect", "symmetric" and "wrap" copy elements: the result is a
# gather of the input at the padded positions, and the gradient a scatter.


def _pad_pairs(pad_width: Any, ndim: int) -> Any:
    return np.broadcast_to(np.asarray(pad_width, dtype=np.intp), (ndim, 2))


def _unpad(g: Any, p: Any) -> Any:
    a, pad_width = p[0], p[1]
    shape = np.shape(plain(a))
    idx = tuple(slice(int(lo), int(lo) + n) for (lo, _), n in zip(_pad_pairs(pad_width, len(shape)), shape))
    return g[idx]


PAD = Rule(
    "pad",
    quiet(lambda a, pad_width, cv: np.pad(a, pad_width, "constant", constant_values=cv)),
    (_unpad,),
    ("pad_width", "constant_values"),
)
_COPYING = ("edge", "reflect", "symmetric", "wrap")


def pad(array: Any, pad_width: Any, mode: Any = "constant", **kwargs: Any) -> Any:
    static_args("pad", pad_width=pad_width, mode=mode, **kwargs)
    if mode == "constant":
        return apply(PAD, (array,), (pad_width, kwargs.get("constant_values", 0)))
    if mode in _COPYING and kwargs.get("reflect_type", "even") == "even":
        shape = np.shape(plain(array))
        positions = np.arange(math.prod(shape)).reshape(shape)
        try:
            idx = np.pad(positions, pad_width, mode)
        except (ValueError, TypeError) as e:
            raise type(e)(f"backprop.numpy.pad: {e}") from None
        return gather(array, idx)
    raise TypeError(
        f"backprop.numpy.pad: mode {mode!r} with {kwargs} is not differentiable yet; "
        f"use 'constant', or 'edge', 'reflect', 'symmetric' or 'wrap' (reflect_type 'even')"
    )


# --- gather and scatter -----------------------------------------------------------------------
#
# gather(a, idx) = a.ravel()[idx] for an integer array idx of any shape;
# scatter is its adjoint (the sum of g at each position). Each is the
# other's vjp. ``unique`` says idx is a permutation (sort): no sums needed.


def _gather(a: Any, idx: Any, unique: bool) -> Any:
    return np.ravel(a)[idx]


def _scatter(g: Any, idx: Any, unique: bool, shape: tuple[int, ...]) -> Any:
    g = np.asarray(g)
    out = np.zeros(math.prod(shape), dtype=g.dtype)
    if unique:
        out[idx.ravel()] = g.ravel()
    else:
        np.add.at(out, idx.ravel(), g.ravel())
    return out.reshape(shape)


def _gather_dx(g: Any, p: Any) -> Any:
    return apply(SCATTER, (g,), (p[1], p[2], np.shape(plain(p[0]))))


def _scatter_dx(g: Any, p: Any) -> Any:
    return apply(GATHER, (g,), (p[1], p[2]))


GATHER = Rule("gather", _gather, (_gather_dx,), ("indices", "unique"))
SCATTER = Rule("scatter", _scatter, (_scatter_dx,), ("indices", "unique", "shape"))


def gather(a: Any, idx: Any, unique: bool = False) -> Any:
    return apply(GATHER, (a,), (idx, unique))


# take and compress pick elements along an axis: numpy's own function run on
# the array of a's positions says which (with numpy's indices, axes, modes
# and errors), and the gather of those positions is differentiable to any order.
def _picked(op: str, a: Any, pick: Any) -> Any:
    shape = np.shape(plain(a))
    positions = np.arange(math.prod(shape)).reshape(shape)
    try:
        idx = pick(positions)
    except (ValueError, TypeError, IndexError) as e:
        raise type(e)(f"backprop.numpy.{op}: {e}") from None
    return gather(a, idx)


def take(a: Any, indices: Any, axis: Any = None, mode: Any = "raise") -> Any:
    static_args("take", indices=indices, axis=axis, mode=mode)
    return _picked("take", a, lambda pos: np.take(pos, indices, axis, mode=mode))


def compress(condition: Any, a: Any, axis: Any = None) -> Any:
    static_args("compress", condition=condition, axis=axis)
    return _picked("compress", a, lambda pos: np.compress(condition, pos, axis))


# --- triangles, diagonals ---------------------------------------------------------------------

TRIL = Rule(
    "tril",
    quiet(lambda m, k: np.tril(m, k)),
    (lambda g, p: unbroadcast(tril(g, p[1]), p[0]),),
    ("k",),
)
TRIU = Rule(
    "triu",
    quiet(lambda m, k: np.triu(m, k)),
    (lambda g, p: unbroadcast(triu(g, p[1]), p[0]),),
    ("k",),
)


def tril(m: Any, k: int = 0) -> Any:
    return apply(TRIL, (m,), (k,))


def triu(m: Any, k: int = 0) -> Any:
    return apply(TRIU, (m,), (k,))


# diagonal is linalg's pair of rules (take_diagonal and put_diagonal, each
# the other's vjp), with numpy's negative axes made positive.
def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    static_args("diagonal", offset=offset, axis1=axis1, axis2=axis2)
    nd = np.ndim(plain(a))
    ax1, ax2 = _axes("diagonal", axis1, nd) + _axes("diagonal", axis2, nd)
    if ax1 == ax2:
        raise ValueError("backprop.numpy.diagonal: axis1 and axis2 cannot be the same")
    return take_diagonal(a, offset, ax1, ax2)


# --- kron, cross, select ----------------------------------------------------------------------


# kron(a, b)[..., i*nb + j, ...] = a[..., i, ...] b[..., j, ...] on every
# axis (the shorter shape padded with leading 1s): g read as interleaved
# (a, b) axes pairs each element of a with the block it scales.
def _kron_shapes(p: Any) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    sa, sb = np.shape(plain(p[0])), np.shape(plain(p[1]))
    d = max(len(sa), len(sb))
    return sa, sb, (1,) * (d - len(sa)) + sa, (1,) * (d - len(sb)) + sb


def _kron_da(g: Any, p: Any) -> Any:
    sa, _, sa1, sb1 = _kron_shapes(p)
    pairs = np.reshape(g, tuple(n for s, t in zip(sa1, sb1) for n in (s, t)))
    b = np.reshape(p[1], tuple(n for t in sb1 for n in (1, t)))
    return np.reshape(np.sum(pairs * b, axis=tuple(range(1, 2 * len(sa1), 2))), sa)


def _kron_db(g: Any, p: Any) -> Any:
    _, sb, sa1, sb1 = _kron_shapes(p)
    pairs = np.reshape(g, tuple(n for s, t in zip(sa1, sb1) for n in (s, t)))
    a = np.reshape(p[0], tuple(n for s in sa1 for n in (s, 1)))
    return np.reshape(np.sum(pairs * a, axis=tuple(range(0, 2 * len(sa1), 2))), sb)


KRON = Rule("kron", quiet(np.kron), (_kron_da, _kron_db))


def kron(a: Any, b: Any) -> Any:
    return apply(KRON, (a, b))


def cross(a: Any, b: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: Any = None) -> Any:
    """The cross product of 3-vectors (a 2-vector has a zero third
    component), written with products of components: differentiable to
    any order."""
    static_args("cross", axisa=axisa, axisb=axisb, axisc=axisc, axis=axis)
    if axis is not None:
        axisa = axisb = axisc = axis
    a, b = moveaxis(a, axisa, -1), moveaxis(b, axisb, -1)
    na, nb = np.shape(plain(a))[-1], np.shape(plain(b))[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError(
            "backprop.numpy.cross: incompatible dimensions for cross product "
            "(dimension must be 2 or 3)"
        )
    a0, a1, b0, b1 = a[..., 0], a[..., 1], b[..., 0], b[..., 1]
    if na == 2 and nb == 2:
        return a0 * b1 - a1 * b0
    if na == 2:
        b2 = b[..., 2]
        c = [a1 * b2, -(a0 * b2), a0 * b1 - a1 * b0]
    elif nb == 2:
        a2 = a[..., 2]
        c = [-(a2 * b1), a2 * b0, a0 * b1 - a1 * b0]
    else:
        a2, b2 = a[..., 2], b[..., 2]
        c = [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0]
    return moveaxis(stack(c, -1), -1, axisc)


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Any:
    """The first choice whose condition holds, element by element (a chain
    of ``where``); the conditions get no gradient."""
    if len(condlist) != len(choicelist):
        raise ValueError("backprop.numpy.select: list of cases must be same length as list of conditions")
    if len(condlist) == 0:
        raise ValueError("backprop.numpy.select: select with an empty condition list is not possible")
    conds = [plain(c) for c in condlist]
    for i, c in enumerate(conds):
        if np.asarray(c).dtype != np.bool_:
            raise TypeError(f"backprop.numpy.select: invalid entry {i} in condlist: should be boolean ndarray")
    out = default
    for c, x in reversed(list(zip(conds, _each("select", choicelist)))):
        out = ew.where(c, x, out)
    return out


ARRAY_FUNCTIONS.update(
    {
        np.flip: flip, np.fliplr: fliplr, np.flipud: flipud, np.roll: roll, np.rot90: rot90,
        np.swapaxes: swapaxes, np.moveaxis: moveaxis, np.rollaxis: rollaxis,
        np.atleast_1d: atleast_1d, np.atleast_2d: atleast_2d, np.atleast_3d: atleast_3d,
        np.vstack: vstack, np.hstack: hstack, np.dstack: dstack, np.column_stack: column_stack,
        np.append: append, np.repeat: repeat, np.tile: tile, np.pad: pad, np.tril: tril,
        np.triu: triu, np.diagonal: diagonal, np.kron: kron, np.cross: cross, np.select: select,
        np.take: take, np.compress: compress,
        np.astype: lambda x, dtype, /, *, copy=True, device=None: astype(x, dtype),
    }
)  # fmt: skip
