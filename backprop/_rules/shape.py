"""Shape rules: transposes, reshapes, joins and constructors.

None of these computes with the elements, so each gradient moves ``g``
back where the element came from. Payloads: ``(a, *static, out)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._tape import BVar, const
from .core import ARRAY_FUNCTIONS, Rule, apply, is_scalar, plain, quiet, unbroadcast


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


KONST = Rule("konst", quiet(lambda fill, shape: np.full(shape, fill)), (_fill_dx,), ("shape",))


def konst(fill_value: Any, shape: Any) -> Any:
    return apply(KONST, (fill_value,), (shape,))


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
