"""Prelude.Backprop.Explicit: the lifted Prelude with explicit ``AddFunc`` and
``ZeroFunc`` arguments instead of the Backprop class.

This module holds the logic; ``backprop_prelude`` calls it with the class's
functions (``sum = E.sum E.addFunc`` in Haskell). The arguments come in
Haskell's order and mean what they mean there: an ``AddFunc`` adds up the
gradients of a value (an element, a container or a result) and a
``ZeroFunc`` makes the gradient of an element that gets none. One rule
differs, the same as ``backprop.explicit.lift_op1``'s: the ZeroFunc that
Haskell takes only to zero-fill an operation's own unreached result is
dropped, since this tape never zero-fills (so ``sum af zf xs`` is
``sum(af, xs)`` here, and ``isoVar``-based conversions take only ``af``).
An array is the sequence of its rows (floats for a 1-D array); their zeros
are numpy's.

Whole-container functions (``sum``, ``product``, ``minimum``, ``maximum``,
``length``, ``map_const``, ``pure``, the conversions) are one Op each, lifted
with ``lift_op1``; the others split the container into element views once and
join the results once (``backprop._containers``).

>>> import backprop as bp
>>> import backprop.explicit as bpe
>>> import backprop_prelude.explicit as PE
>>> af, zf = bpe.af_num(), bpe.zf_num()
>>> bp.grad_bp(lambda xs: PE.sum(af, PE.map(af, af, zf, zf, lambda x: x * x, xs)), [1.0, 2.0])
[2.0, 4.0]
"""

from __future__ import annotations

import builtins
import math
import numbers
from collections.abc import Callable, Sequence
from functools import partial, reduce
from itertools import islice
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from backprop._containers import join, split
from backprop._lift import coerce_var, iso_var
from backprop._lift import lift_op1 as class_lift_op1
from backprop._op import op1
from backprop._registry import flatten, unflatten
from backprop._tape import BVar, tape_of
from backprop._typevars import A, B, C, D, S
from backprop.explicit import AddFunc, ZeroFunc, add_func, lift_op1, zero_func

__all__ = [
    "sum", "product", "length", "minimum", "maximum", "map", "map_const",
    "foldr", "foldl", "traverse", "to_list", "map_accum_l", "map_accum_r",
    "pure", "lift_a2", "lift_a3", "from_integral", "real_to_frac", "round",
    "coerce",
]  # fmt: skip

K = TypeVar("K")
Acc = TypeVar("Acc")
T = TypeVar("T", bound=list[Any] | tuple[Any, ...] | dict[Any, Any] | np.ndarray[Any, Any])
F = TypeVar("F", bound=np.floating[Any])
# The other dtypes an array of numbers has: no array is of both F and IntOrBool.
IntOrBool = TypeVar("IntOrBool", bound=np.integer[Any] | np.bool_)
Integral = TypeVar("Integral", bound=int | np.integer[Any])
Fractional = TypeVar("Fractional", bound=float | np.floating[Any])

Float64Array = NDArray[np.float64]
AnyArray = NDArray[Any]

Vjp = Callable[[Any], Any]

# The class's functions: given them, the core takes its default (fastest) path.
_ADD: AddFunc[Any] = add_func()
_ZERO: ZeroFunc[Any] = zero_func()
_KINDS = {list: "list", tuple: "tuple", dict: "dict", np.ndarray: "array"}


# --- containers ------------------------------------------------------------------------


def _container(op: str, xs: Any) -> Any:
    """The value of the container BVar ``xs``, checked: live, of a list,
    tuple, dict or array (exactly those: a subclass is not rebuilt as itself)."""
    if type(xs) is not BVar:
        raise TypeError(
            f"{op}: expected a BVar of a container, got {type(xs).__name__} "
            f"(wrap a constant in backprop.const_var)"
        )
    tape_of(op, (xs,))
    v = xs._value
    if type(v) not in _KINDS:
        raise TypeError(
            f"{op}: expected a BVar of a list, tuple, dict or numpy array, "
            f"got a BVar of {type(v).__name__}"
        )
    if type(v) is np.ndarray and v.ndim == 0:
        raise ValueError(f"{op}: a 0-d array has no elements (an array is the sequence of its rows)")
    return v


def _elements(v: Any) -> Sequence[Any]:
    """A container's elements: a dict's values, an array's rows (floats for a 1-D array)."""
    got = flatten(v)
    if got is None:
        return v.tolist() if v.ndim == 1 else list(v)
    return got[1]


def _like(op: str, v: Any, items: Sequence[Any], what: str = "every result") -> Any:
    """A container of ``v``'s kind holding ``items``."""
    got = flatten(v)
    if got is None:
        return _array(op, v, what, items)
    return unflatten(got[0], got[2], items)


def _array(op: str, like: Any, what: str, items: Sequence[Any]) -> Any:
    """``items`` stacked into an array in ``like``'s float dtype: numbers, or
    arrays of one shape (the rows of a matrix)."""
    where = f"{op}: over a {like.ndim}-D array {what} must be a number or an array"
    for r in items:
        if type(r) is not float and not isinstance(r, (numbers.Number, np.ndarray)):
            raise TypeError(f"{where}, got {type(r).__name__}")
    try:
        out = np.array(items)
    except ValueError as e:
        raise TypeError(f"{where}, all of one shape: {e}") from None
    if out.dtype.kind == "c":
        return out
    return out.astype(like.dtype if like.dtype.kind == "f" else np.float64, copy=False)


def _rows(g: Any) -> Any:
    """The gradients of the elements of an array from the array's gradient."""
    return g.tolist() if type(g) is np.ndarray and g.ndim == 1 else list(g)


def _grad_dtype(base: np.dtype[Any], g: Any) -> np.dtype[Any]:
    """The dtype of an array's gradient: the array's own float dtype (a
    float32 input gets a float32 gradient), widened only to complex."""
    gd = np.result_type(g)
    if base.kind in "fc":
        return np.result_type(base, gd) if gd.kind == "c" else base
    return np.result_type(gd, np.float64)


def _scalar(x: Any) -> Any:
    """A numpy scalar as a Python number (a reduction of a 1-D array)."""
    return x.item() if isinstance(x, np.generic) else x


def _lift(af: AddFunc[Any], body: Callable[[Any], tuple[Any, Vjp]], x: Any) -> BVar[Any, Any]:
    """``lift_op1 af (op1 body) x``. The class's add is not named: it is the
    tape's default, and naming it would take ``x`` off the tape's fast paths."""
    op = op1(body)
    return class_lift_op1(op, x) if af is _ADD else lift_op1(af, op, x)


def _split(op: str, af: AddFunc[Any], zf: ZeroFunc[Any], xs: Any) -> list[BVar[Any, Any]]:
    """The elements of ``xs`` as views (``sequenceVar af zf``)."""
    _container(op, xs)
    return split(op, xs, None if af is _ADD else af, None if zf is _ZERO else zf)


def _collect(
    op: str, af: AddFunc[Any], zf: ZeroFunc[Any], xs: Any, outs: list[Any]
) -> BVar[Any, Any]:
    """One BVar of ``outs`` in a container of ``xs``'s kind (``collectVar af zf``)."""
    v = xs._value
    af_, zf_ = None if af is _ADD else af, None if zf is _ZERO else zf
    if type(v) is np.ndarray:
        return iso_var(partial(_array, op, v, "every result"), _rows, join(op, outs, af_, zf_))
    return join(op, _like(op, v, outs), af_, zf_)


def _copies(g: Any, n: int) -> list[Any]:
    """``n`` times ``g``, an array gradient copied so no two positions share memory."""
    return [g.copy() for _ in range(n)] if isinstance(g, np.ndarray) else [g] * n


def _spread(op: str, af: AddFunc[Any], zf: ZeroFunc[Any], x: Any, like: Any, n: int) -> BVar[Any, Any]:
    """``x`` at ``n`` positions of a container of ``like``'s kind, one node;
    ``x``'s gradient is ``foldl' af (zf x)`` over the container's (Haskell's
    ``pure``), an array's summed over its rows."""

    def body(xv: Any) -> tuple[Any, Vjp]:
        def vjp(g: Any) -> Any:
            if type(g) is np.ndarray:
                return _scalar(g.sum(axis=0))
            return reduce(af, _elements(g), zf(xv))

        return _like(op, like, [xv] * n, "the value"), vjp

    return _lift(af, body, x)


# --- Foldable: whole-container Ops ----------------------------------------------------


# <overloads of sum: generated by tests/prelude_overloads.py>
@overload
def sum(af: AddFunc[list[A]], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A]], xs: BVar[S, tuple[A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, A]], xs: BVar[S, tuple[A, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, A, A]], xs: BVar[S, tuple[A, A, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, A, A, A]], xs: BVar[S, tuple[A, A, A, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, A, A, A, A]], xs: BVar[S, tuple[A, A, A, A, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, ...]], xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[dict[K, A]], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[AnyArray], xs: BVar[S, AnyArray]) -> BVar[S, float]: ...
# </overloads>
def sum(af: AddFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``sum`` with ``af`` adding up the container's gradients (Haskell: ``sum af zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.sum(bpe.add_func(), xs), [1.0, 2.0])
    (3.0, [1.0, 1.0])
    """
    _container("sum", xs)
    return _lift(af, _sum, xs)


def _sum(v: Any) -> tuple[Any, Vjp]:
    if type(v) is np.ndarray:
        return _scalar(v.sum(axis=0)), lambda g: np.full(v.shape, g, _grad_dtype(v.dtype, g))
    items = _elements(v)
    total = builtins.sum(islice(items, 1, None), items[0]) if items else 0.0
    return total, lambda g: _like("sum", v, _copies(g, len(items)))


# <overloads of product: generated by tests/prelude_overloads.py>
@overload
def product(af: AddFunc[list[A]], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A]], xs: BVar[S, tuple[A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, A]], xs: BVar[S, tuple[A, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, A, A]], xs: BVar[S, tuple[A, A, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, A, A, A]], xs: BVar[S, tuple[A, A, A, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, A, A, A, A]], xs: BVar[S, tuple[A, A, A, A, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, ...]], xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[dict[K, A]], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[AnyArray], xs: BVar[S, AnyArray]) -> BVar[S, float]: ...
# </overloads>
def product(af: AddFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``product`` with ``af`` for the container (Haskell: ``product af zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.product(bpe.add_func(), xs), (2.0, 5.0))
    (10.0, (5.0, 2.0))
    """
    _container("product", xs)
    return _lift(af, _product, xs)


def _product(v: Any) -> tuple[Any, Vjp]:
    if type(v) is np.ndarray:
        p = np.prod(v, axis=0)
        return _scalar(p), lambda g: _product_grads(v, p, g).astype(_grad_dtype(v.dtype, g))
    items = _elements(v)
    if builtins.any(isinstance(x, np.ndarray) for x in items):
        shapes = {np.shape(x) for x in items}
        if len(shapes) != 1:
            raise ValueError(
                f"product: the elements must all have one shape, got shapes {sorted(shapes)}"
            )
        stack = np.stack(items)
        p = np.prod(stack, axis=0)
        return p, lambda g: _like("product", v, list(_product_grads(stack, p, g)))
    p = math.prod(items) if items else 1.0
    return p, lambda g: _like("product", v, _exact_product_grads(items, p, g))


def _product_grads(stack: Any, p: Any, g: Any) -> Any:
    # Position by position down the rows: p*g/x where no element is 0; with
    # one 0, only it gets g * (product of the others); with two or more,
    # every gradient is 0. Never 0/0.
    is_zero = stack == 0
    zeros = is_zero.sum(axis=0)
    safe = np.where(is_zero, 1, stack)
    others = np.prod(safe, axis=0)
    return np.where(zeros == 0, p * g / safe, np.where(is_zero & (zeros == 1), others * g, 0))


def _exact_product_grads(items: Sequence[Any], p: Any, g: Any) -> list[Any]:
    """The same rule on numbers; integers divide exactly (x divides the product)."""
    zeros = [i for i, x in enumerate(items) if x == 0]
    if not zeros:
        pg = p * g
        return [pg // x if type(pg) is int and type(x) is int else pg / x for x in items]
    gs = [type(x)(0) for x in items]
    if len(zeros) == 1:
        k = zeros[0]
        gs[k] = math.prod(items[:k]) * math.prod(items[k + 1 :]) * g
    return gs


# <overloads of minimum: generated by tests/prelude_overloads.py>
@overload
def minimum(af: AddFunc[list[A]], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def minimum(af: AddFunc[tuple[A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A]]) -> BVar[S, A]: ...
@overload
def minimum(af: AddFunc[tuple[A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A]]) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[tuple[A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[tuple[A, A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[tuple[A, A, A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[tuple[A, ...]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, A]: ...
@overload
def minimum(af: AddFunc[dict[K, A]], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[AnyArray], zf: ZeroFunc[float], xs: BVar[S, AnyArray],
) -> BVar[S, float]: ...
# </overloads>
def minimum(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``minimum``; ``zf`` makes the gradient of each element that is not the minimum.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.minimum(bpe.add_func(), bpe.zero_func(), xs), [2.0, 1.0])
    (1.0, [0.0, 1.0])
    """
    _container("minimum", xs)
    return _lift(af, partial(_extreme, "minimum", zf), xs)


# <overloads of maximum: generated by tests/prelude_overloads.py>
@overload
def maximum(af: AddFunc[list[A]], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def maximum(af: AddFunc[tuple[A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A]]) -> BVar[S, A]: ...
@overload
def maximum(af: AddFunc[tuple[A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A]]) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[tuple[A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[tuple[A, A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[tuple[A, A, A, A, A]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[tuple[A, ...]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, A]: ...
@overload
def maximum(af: AddFunc[dict[K, A]], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[AnyArray], zf: ZeroFunc[float], xs: BVar[S, AnyArray],
) -> BVar[S, float]: ...
# </overloads>
def maximum(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``maximum``; ``zf`` makes the gradient of each element that is not the maximum.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.maximum(bpe.add_func(), bpe.zero_func(), xs), {"a": 2.0, "b": 1.0})
    (2.0, {'a': 1.0, 'b': 0.0})
    """
    _container("maximum", xs)
    return _lift(af, partial(_extreme, "maximum", zf), xs)


_PICKS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "minimum": (builtins.min, np.min),
    "maximum": (builtins.max, np.max),
}


def _extreme(op: str, zf: ZeroFunc[Any], v: Any) -> tuple[Any, Vjp]:
    """``minimum`` or ``maximum`` (``op``): the gradient goes to every element equal to it."""
    kind = _KINDS[type(v)]
    if len(v) == 0:
        raise ValueError(f"{op}: an empty {kind} has no {op} (the container must be non-empty)")
    pick, pick_array = _PICKS[op]
    if type(v) is np.ndarray and v.ndim == 1:
        m = pick_array(v).item()
        return m, lambda g: np.where(v == m, g, 0).astype(_grad_dtype(v.dtype, g))
    items = _elements(v)
    try:
        m = pick(items)
    except (TypeError, ValueError) as e:
        raise TypeError(
            f"{op}: the elements of the {kind} cannot be ordered ({e}); {op} needs numbers"
        ) from None
    return m, lambda g: _like(op, v, [g if x == m else zf(x) for x in items])


# <overloads of length: generated by tests/prelude_overloads.py>
@overload
def length(af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T]) -> BVar[S, float]: ...
@overload
def length(
    af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T], to_type: Callable[[int], B],
) -> BVar[S, B]: ...
# </overloads>
def length(
    af: AddFunc[Any],
    zfa: ZeroFunc[Any],
    xs: BVar[Any, Any],
    to_type: Callable[[int], Any] = float,
) -> BVar[Any, Any]:
    """``length``; its gradient, ``zfa(xs)``, is added to ``xs``'s with ``af``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.length(bpe.add_func(), bpe.zero_func(), xs), [4.0, 5.0])
    (2.0, [0.0, 0.0])
    """
    _container("length", xs)
    return _lift(af, lambda v: (to_type(len(v)), lambda g: zfa(v)), xs)


# --- Functor and Traversable: split once, apply per element, join once ---------------------


# <overloads of map: generated by tests/prelude_overloads.py>
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, list[A]],
) -> BVar[S, list[B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A]],
) -> BVar[S, tuple[B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, A]],
) -> BVar[S, tuple[B, B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, tuple[B, B, B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, tuple[B, B, B, B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, tuple[B, B, B, B, B]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, tuple[B, ...]]: ...
@overload
def map(
    afa: AddFunc[A], afb: AddFunc[B], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, dict[K, A]],
) -> BVar[S, dict[K, B]]: ...
@overload
def map(
    afa: AddFunc[float], afb: AddFunc[float], zfa: ZeroFunc[float], zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]]: ...
@overload
def map(
    afa: AddFunc[float], afb: AddFunc[float], zfa: ZeroFunc[float], zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[IntOrBool]],
) -> BVar[S, Float64Array]: ...
@overload
def map(
    afa: AddFunc[NDArray[F]], afb: AddFunc[Any], zfa: ZeroFunc[NDArray[F]], zfb: ZeroFunc[Any],
    f: Callable[[BVar[S, NDArray[F]]], BVar[S, Any]], xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]]: ...
@overload
def map(
    afa: AddFunc[NDArray[IntOrBool]], afb: AddFunc[Any], zfa: ZeroFunc[NDArray[IntOrBool]],
    zfb: ZeroFunc[Any], f: Callable[[BVar[S, NDArray[IntOrBool]]], BVar[S, Any]],
    xs: BVar[S, NDArray[IntOrBool]],
) -> BVar[S, Float64Array]: ...
# </overloads>
def map(
    afa: AddFunc[Any],
    afb: AddFunc[Any],
    zfa: ZeroFunc[Any],
    zfb: ZeroFunc[Any],
    f: Callable[[Any], Any],
    xs: BVar[Any, Any],
) -> BVar[Any, Any]:
    """``fmap``: ``afa``/``zfa`` for the input's elements, ``afb`` adds up each
    result's gradients and ``zfb`` fills a component a short gradient lacks.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> bp.backprop(lambda xs: PE.map(a, a, z, z, lambda x: x * 3.0, xs), (1.0, 2.0))
    ((3.0, 6.0), (3.0, 3.0))
    """
    outs = [f(e) for e in _split("map", afa, zfa, xs)]
    return _collect("map", afb, zfb, xs, outs)


# <overloads of map_const: generated by tests/prelude_overloads.py>
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, list[B]],
) -> BVar[S, list[A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B]],
) -> BVar[S, tuple[A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, B]],
) -> BVar[S, tuple[A, A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, B, B]],
) -> BVar[S, tuple[A, A, A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, B, B, B]],
) -> BVar[S, tuple[A, A, A, A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, B, B, B, B]],
) -> BVar[S, tuple[A, A, A, A, A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, ...]],
) -> BVar[S, tuple[A, ...]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, dict[K, B]],
) -> BVar[S, dict[K, A]]: ...
@overload
def map_const(
    af: AddFunc[float], zf: ZeroFunc[float], x: BVar[S, float], xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]]: ...
@overload
def map_const(
    af: AddFunc[float], zf: ZeroFunc[float], x: BVar[S, float], xs: BVar[S, NDArray[IntOrBool]],
) -> BVar[S, Float64Array]: ...
# </overloads>
def map_const(
    af: AddFunc[Any], zf: ZeroFunc[Any], x: BVar[Any, Any], xs: BVar[Any, Any]
) -> BVar[Any, Any]:
    """``x <$ xs``: the shape of ``xs`` with ``x`` at every position, one node.
    ``x``'s gradient is ``af`` folded over the output's, starting from
    ``zf(x)`` (as ``pure``); ``xs`` gets none (only its shape is used).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(x: bp.BVar[bp.S, float], xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     return PE.map_const(bpe.add_func(), bpe.zero_func(), x, xs)
    >>> bp.backprop2(f, 7.0, [0.0, 0.0])
    ([7.0, 7.0], (2.0, [0.0, 0.0]))
    """
    v = _container("map_const", xs)
    tape_of("map_const", (x, xs))
    return _spread("map_const", af, zf, x, v, len(v))


# <overloads of traverse: generated by tests/prelude_overloads.py>
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[list[B]], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, list[A]],
) -> BVar[S, list[B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B]], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A]],
) -> BVar[S, tuple[B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B, B]], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A, A]],
) -> BVar[S, tuple[B, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B, B, B]], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, tuple[B, B, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B, B, B, B]], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, tuple[B, B, B, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B, B, B, B, B]], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], f: Callable[[BVar[S, A]], BVar[S, B] | None],
    xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, tuple[B, B, B, B, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[tuple[B, ...]], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, tuple[B, ...]] | None: ...
@overload
def traverse(
    afa: AddFunc[A], afb: AddFunc[B], aftb: AddFunc[dict[K, B]], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, dict[K, A]],
) -> BVar[S, dict[K, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[float], afb: AddFunc[float], aftb: AddFunc[NDArray[F]], zfa: ZeroFunc[float],
    zfb: ZeroFunc[float], f: Callable[[BVar[S, float]], BVar[S, float] | None],
    xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]] | None: ...
@overload
def traverse(
    afa: AddFunc[float], afb: AddFunc[float], aftb: AddFunc[Float64Array], zfa: ZeroFunc[float],
    zfb: ZeroFunc[float], f: Callable[[BVar[S, float]], BVar[S, float] | None],
    xs: BVar[S, NDArray[IntOrBool]],
) -> BVar[S, Float64Array] | None: ...
@overload
def traverse(
    afa: AddFunc[NDArray[F]], afb: AddFunc[Any], aftb: AddFunc[NDArray[F]],
    zfa: ZeroFunc[NDArray[F]], zfb: ZeroFunc[Any],
    f: Callable[[BVar[S, NDArray[F]]], BVar[S, Any] | None], xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]] | None: ...
@overload
def traverse(
    afa: AddFunc[NDArray[IntOrBool]], afb: AddFunc[Any], aftb: AddFunc[Float64Array],
    zfa: ZeroFunc[NDArray[IntOrBool]], zfb: ZeroFunc[Any],
    f: Callable[[BVar[S, NDArray[IntOrBool]]], BVar[S, Any] | None],
    xs: BVar[S, NDArray[IntOrBool]],
) -> BVar[S, Float64Array] | None: ...
# </overloads>
def traverse(
    afa: AddFunc[Any],
    afb: AddFunc[Any],
    aftb: AddFunc[Any],
    zfa: ZeroFunc[Any],
    zfb: ZeroFunc[Any],
    f: Callable[[Any], Any],
    xs: BVar[Any, Any],
) -> BVar[Any, Any] | None:
    """``traverse`` in the Optional applicative (Haskell's ``Maybe``).

    ``f`` returns a BVar or ``None``. If it returns ``None`` for any element
    the result is ``None`` (it stops there, as Haskell's lazy ``Maybe``
    does); otherwise it is the BVar of the collected results, as ``map``,
    whose gradients ``aftb`` adds up.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> bp.eval_bp(lambda xs: PE.traverse(a, a, a, z, z, lambda x: x + 1.0, xs), [1.0])
    [2.0]
    """
    outs = []
    for e in _split("traverse", afa, zfa, xs):
        out = f(e)
        if out is None:
            return None
        if type(out) is not BVar:
            raise TypeError(
                f"traverse: f must return a BVar or None (the Optional applicative), "
                f"got {type(out).__name__}"
            )
        outs.append(out)
    result = _collect("traverse", afb, zfb, xs, outs)
    if aftb is not _ADD and result._tape is not None:
        result._tape.adders[result._idx] = aftb
    return result


# <overloads of to_list: generated by tests/prelude_overloads.py>
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(
    af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A]],
) -> list[BVar[S, A]]: ...
@overload
def to_list(
    af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, A, A, A, A]],
) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(
    af: AddFunc[float], zf: ZeroFunc[float], xs: BVar[S, AnyArray],
) -> list[BVar[S, float]]: ...
# </overloads>
def to_list(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> list[BVar[Any, Any]]:
    """``toList``: ``af`` adds two gradients of one element, ``zf`` zeroes an unused one.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.grad_bp(lambda xs: PE.to_list(bpe.add_func(), bpe.zero_func(), xs)[0] * 2.0, [1.0, 9.0])
    [2.0, 0.0]
    """
    return _split("to_list", af, zf, xs)


# <overloads of foldr: generated by tests/prelude_overloads.py>
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, list[A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, dict[K, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[AnyArray], zf: ZeroFunc[AnyArray],
    f: Callable[[BVar[S, AnyArray], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[float], zf: ZeroFunc[float], f: Callable[[BVar[S, float], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
# </overloads>
def foldr(
    af: AddFunc[Any],
    zf: ZeroFunc[Any],
    f: Callable[[Any, Any], Any],
    z: Any,
    xs: BVar[Any, Any],
) -> Any:
    """``foldr`` over ``to_list(af, zf, xs)``: ``f(x1, f(x2, ... f(xn, z)))``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return PE.foldr(bpe.add_func(), bpe.zero_func(), lambda x, acc: x - acc, bp.const_var(0.0), xs)
    >>> bp.backprop(f, [1.0, 2.0, 3.0])
    (2.0, [1.0, -1.0, 1.0])
    """
    return reduce(lambda acc, e: f(e, acc), reversed(_split("foldr", af, zf, xs)), z)


# <overloads of foldl: generated by tests/prelude_overloads.py>
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, list[A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, A, A, A, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, tuple[A, ...]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A], zf: ZeroFunc[A], f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, dict[K, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[AnyArray], zf: ZeroFunc[AnyArray],
    f: Callable[[BVar[S, B], BVar[S, AnyArray]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[float], zf: ZeroFunc[float], f: Callable[[BVar[S, B], BVar[S, float]], BVar[S, B]],
    z: BVar[S, B], xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
# </overloads>
def foldl(
    af: AddFunc[Any],
    zf: ZeroFunc[Any],
    f: Callable[[Any, Any], Any],
    z: Any,
    xs: BVar[Any, Any],
) -> Any:
    """``foldl'`` over ``to_list(af, zf, xs)``: ``f(... f(f(z, x1), x2) ..., xn)``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return PE.foldl(bpe.add_func(), bpe.zero_func(), lambda acc, x: acc - x, bp.const_var(0.0), xs)
    >>> bp.backprop(f, [1.0, 2.0, 3.0])
    (-6.0, [-1.0, -1.0, -1.0])
    """
    return reduce(f, _split("foldl", af, zf, xs), z)


# <overloads of map_accum_l: generated by tests/prelude_overloads.py>
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C, C, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[float], afc: AddFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[float], afc: AddFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[IntOrBool]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
@overload
def map_accum_l(
    afb: AddFunc[NDArray[F]], afc: AddFunc[Any], zfb: ZeroFunc[NDArray[F]], zfc: ZeroFunc[Any],
    f: Callable[[BVar[S, Acc], BVar[S, NDArray[F]]], tuple[BVar[S, Acc], BVar[S, Any]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[NDArray[IntOrBool]], afc: AddFunc[Any], zfb: ZeroFunc[NDArray[IntOrBool]],
    zfc: ZeroFunc[Any],
    f: Callable[[BVar[S, Acc], BVar[S, NDArray[IntOrBool]]], tuple[BVar[S, Acc], BVar[S, Any]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[IntOrBool]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
# </overloads>
def map_accum_l(
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], tuple[Any, Any]],
    s: Any,
    xs: BVar[Any, Any],
) -> tuple[Any, BVar[Any, Any]]:
    """``mapAccumL``: ``f(acc, x)`` returns ``(new_acc, y)``, threaded left to
    right; ``afb``/``zfb`` for the input's elements, ``afc``/``zfc`` for the results.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return PE.map_accum_l(a, a, z, z, lambda acc, x: (acc * x, acc), bp.const_var(1.0), xs)[0]
    >>> bp.backprop(f, [2.0, 3.0])
    (6.0, [3.0, 2.0])
    """
    return _map_accum("map_accum_l", afb, afc, zfb, zfc, f, s, xs, reverse=False)


# <overloads of map_accum_r: generated by tests/prelude_overloads.py>
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, A, A, A, A]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, C, C, C, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A], afc: AddFunc[C], zfb: ZeroFunc[A], zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]], s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[float], afc: AddFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[float], afc: AddFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[IntOrBool]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
@overload
def map_accum_r(
    afb: AddFunc[NDArray[F]], afc: AddFunc[Any], zfb: ZeroFunc[NDArray[F]], zfc: ZeroFunc[Any],
    f: Callable[[BVar[S, Acc], BVar[S, NDArray[F]]], tuple[BVar[S, Acc], BVar[S, Any]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[NDArray[IntOrBool]], afc: AddFunc[Any], zfb: ZeroFunc[NDArray[IntOrBool]],
    zfc: ZeroFunc[Any],
    f: Callable[[BVar[S, Acc], BVar[S, NDArray[IntOrBool]]], tuple[BVar[S, Acc], BVar[S, Any]]],
    s: BVar[S, Acc], xs: BVar[S, NDArray[IntOrBool]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
# </overloads>
def map_accum_r(
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], tuple[Any, Any]],
    s: Any,
    xs: BVar[Any, Any],
) -> tuple[Any, BVar[Any, Any]]:
    """``mapAccumR``: as ``map_accum_l``, threading right to left; each
    result stays at its element's position.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     return PE.map_accum_r(a, a, z, z, lambda acc, x: (acc + x, acc), bp.const_var(0.0), xs)[1]
    >>> bp.eval_bp(f, [1.0, 2.0, 3.0])
    [5.0, 3.0, 0.0]
    """
    return _map_accum("map_accum_r", afb, afc, zfb, zfc, f, s, xs, reverse=True)


def _map_accum(
    op: str,
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], tuple[Any, Any]],
    s: Any,
    xs: Any,
    *,
    reverse: bool,
) -> tuple[Any, BVar[Any, Any]]:
    elems = _split(op, afb, zfb, xs)
    outs: list[Any] = [None] * len(elems)
    acc = s
    for i in reversed(range(len(elems))) if reverse else range(len(elems)):
        r = f(acc, elems[i])
        if type(r) is not tuple or len(r) != 2:
            raise TypeError(
                f"{op}: f must return a pair (new accumulator, result), got {type(r).__name__}"
            )
        acc, outs[i] = r
    return acc, _collect(op, afc, zfc, xs, outs)


# --- Applicative: the list applicative (pure is a singleton, lift_a2 every combination)


_UNITS: dict[Any, Any] = {list: [], tuple: (), np.ndarray: np.empty(0)}


# <overloads of pure: generated by tests/prelude_overloads.py>
@overload
def pure(af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A]) -> BVar[S, list[A]]: ...
@overload
def pure(
    af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[list[Any]],
) -> BVar[S, list[A]]: ...
@overload
def pure(
    af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[tuple[Any, ...]],
) -> BVar[S, tuple[A, ...]]: ...
@overload
def pure(
    af: AddFunc[float], zfa: ZeroFunc[float], x: BVar[S, float], kind: type[np.ndarray[Any, Any]],
) -> BVar[S, Float64Array]: ...
@overload
def pure(
    af: AddFunc[NDArray[F]], zfa: ZeroFunc[NDArray[F]], x: BVar[S, NDArray[F]],
    kind: type[np.ndarray[Any, Any]],
) -> BVar[S, NDArray[F]]: ...
# </overloads>
def pure(
    af: AddFunc[Any], zfa: ZeroFunc[Any], x: BVar[Any, Any], kind: type[Any] = list
) -> BVar[Any, Any]:
    """``x`` in a one-element container (``pure`` of the list applicative):
    ``kind`` is ``list`` (default), ``tuple`` or ``numpy.ndarray``. The
    gradient of ``x`` is ``af`` folded over the output's, starting from
    ``zfa(x)`` (Haskell: ``pure af zfa zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.pure(bpe.add_func(), bpe.zero_func(), x), 3.0)
    ([3.0], 1.0)
    """
    unit = _UNITS.get(kind)
    if unit is None:
        raise TypeError(
            f"pure: kind must be list, tuple or numpy.ndarray, got {kind!r} "
            f"(dicts have no pure: there is no key to put the value under)"
        )
    if type(x) is not BVar:
        raise TypeError(
            f"pure: expected a BVar, got {type(x).__name__} (wrap a constant in backprop.const_var)"
        )
    tape_of("pure", (x,))
    if kind is np.ndarray and not isinstance(x._value, (numbers.Number, np.ndarray)):
        raise TypeError(
            f"pure: an array holds numbers, got {type(x._value).__name__} "
            f"(or arrays, the rows of a matrix)"
        )
    return _spread("pure", af, zfa, x, unit, 1)


def _applicative(op: str, *xss: Any) -> None:
    kinds = [_KINDS[type(_container(op, xs))] for xs in xss]
    if len(set(kinds)) != 1:
        raise TypeError(f"{op}: the containers must be of one kind, got {' and '.join(kinds)}")
    if kinds[0] == "dict":
        raise TypeError(
            f"{op}: dicts are not an Applicative (Haskell's Map has no Applicative "
            f"instance); use lists, tuples or arrays"
        )


# <overloads of lift_a2: generated by tests/prelude_overloads.py>
@overload
def lift_a2(
    afa: AddFunc[A], afb: AddFunc[B], afc: AddFunc[C], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    zfc: ZeroFunc[C], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]], xs: BVar[S, list[A]],
    ys: BVar[S, list[B]],
) -> BVar[S, list[C]]: ...
@overload
def lift_a2(
    afa: AddFunc[A], afb: AddFunc[B], afc: AddFunc[C], zfa: ZeroFunc[A], zfb: ZeroFunc[B],
    zfc: ZeroFunc[C], f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]], xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]],
) -> BVar[S, tuple[C, ...]]: ...
@overload
def lift_a2(
    afa: AddFunc[float], afb: AddFunc[float], afc: AddFunc[float], zfa: ZeroFunc[float],
    zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[F]],
    ys: BVar[S, AnyArray],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a2(
    afa: AddFunc[float], afb: AddFunc[float], afc: AddFunc[float], zfa: ZeroFunc[float],
    zfb: ZeroFunc[float], zfc: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[IntOrBool]],
    ys: BVar[S, AnyArray],
) -> BVar[S, Float64Array]: ...
# </overloads>
def lift_a2(
    afa: AddFunc[Any],
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfa: ZeroFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], Any],
    xs: BVar[Any, Any],
    ys: BVar[Any, Any],
) -> BVar[Any, Any]:
    """``liftA2`` of the list applicative: ``f`` over every pair, first
    argument outermost (``[f(x, y) for x in xs for y in ys]``). Both
    containers have one kind; dicts have no Applicative.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> bp.eval_bp2(lambda xs, ys: PE.lift_a2(a, a, a, z, z, z, lambda x, y: x - y, xs, ys), [10.0, 20.0], [1.0, 2.0])
    [9.0, 8.0, 19.0, 18.0]
    """
    _applicative("lift_a2", xs, ys)
    ex, ey = _split("lift_a2", afa, zfa, xs), _split("lift_a2", afb, zfb, ys)
    return _collect("lift_a2", afc, zfc, xs, [f(a, b) for a in ex for b in ey])


# <overloads of lift_a3: generated by tests/prelude_overloads.py>
@overload
def lift_a3(
    afa: AddFunc[A], afb: AddFunc[B], afc: AddFunc[C], afd: AddFunc[D], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], zfc: ZeroFunc[C], zfd: ZeroFunc[D],
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]], xs: BVar[S, list[A]],
    ys: BVar[S, list[B]], zs: BVar[S, list[C]],
) -> BVar[S, list[D]]: ...
@overload
def lift_a3(
    afa: AddFunc[A], afb: AddFunc[B], afc: AddFunc[C], afd: AddFunc[D], zfa: ZeroFunc[A],
    zfb: ZeroFunc[B], zfc: ZeroFunc[C], zfd: ZeroFunc[D],
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]], xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]], zs: BVar[S, tuple[C, ...]],
) -> BVar[S, tuple[D, ...]]: ...
@overload
def lift_a3(
    afa: AddFunc[float], afb: AddFunc[float], afc: AddFunc[float], afd: AddFunc[float],
    zfa: ZeroFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float], zfd: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]], ys: BVar[S, AnyArray], zs: BVar[S, AnyArray],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a3(
    afa: AddFunc[float], afb: AddFunc[float], afc: AddFunc[float], afd: AddFunc[float],
    zfa: ZeroFunc[float], zfb: ZeroFunc[float], zfc: ZeroFunc[float], zfd: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[IntOrBool]], ys: BVar[S, AnyArray], zs: BVar[S, AnyArray],
) -> BVar[S, Float64Array]: ...
# </overloads>
def lift_a3(
    afa: AddFunc[Any],
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    afd: AddFunc[Any],
    zfa: ZeroFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    zfd: ZeroFunc[Any],
    f: Callable[[Any, Any, Any], Any],
    xs: BVar[Any, Any],
    ys: BVar[Any, Any],
    zs: BVar[Any, Any],
) -> BVar[Any, Any]:
    """``liftA3`` of the list applicative: ``f`` over every triple, in
    ``itertools.product`` order.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> def f(xs: bp.BVar[bp.S, tuple[float, ...]]) -> bp.BVar[bp.S, tuple[float, ...]]:
    ...     return PE.lift_a3(a, a, a, a, z, z, z, z, lambda x, y, w: x * y * w, xs, xs, xs)
    >>> bp.backprop(f, (2.0,))
    ((8.0,), (12.0,))
    """
    _applicative("lift_a3", xs, ys, zs)
    ex, ey = _split("lift_a3", afa, zfa, xs), _split("lift_a3", afb, zfb, ys)
    ez = _split("lift_a3", afc, zfc, zs)
    outs = [f(a, b, c) for a in ex for b in ey for c in ez]
    return _collect("lift_a3", afd, zfd, xs, outs)


# --- numeric conversions: isomorphisms with derivative 1, as in Haskell ---------------------


def _convert(
    op: str,
    af: AddFunc[Any],
    x: Any,
    fwd: Callable[[Any], Any],
    back: Callable[[type, Any], Any],
    integral: bool,
) -> BVar[Any, Any]:
    """``isoVar af fwd back x``: ``back`` turns the gradient into the input's type."""
    if type(x) is not BVar:
        raise TypeError(f"{op}: expected a BVar, got {type(x).__name__}")
    tape_of(op, (x,))
    xv = x._value
    is_int = isinstance(xv, (int, np.integer)) and not isinstance(xv, (bool, np.bool_))
    if integral and not is_int:
        raise TypeError(
            f"{op}: expected a BVar of an integer, got a BVar of {type(xv).__name__} "
            f"(use real_to_frac or round for fractional numbers)"
        )
    if not integral and not (isinstance(xv, numbers.Real) and not isinstance(xv, numbers.Integral)):
        raise TypeError(
            f"{op}: expected a BVar of a fractional real number, got a BVar of "
            f"{type(xv).__name__} (use from_integral for integers)"
        )
    cls = type(xv)
    return _lift(af, lambda v: (fwd(v), lambda g: back(cls, g)), x)


def _back_integral(cls: type, g: Any) -> Any:
    # Haskell: fromIntegral back for an integral gradient, round for a fractional one.
    return cls(builtins.round(g))


def _back_fractional(cls: type, g: Any) -> Any:
    return cls(g)


def _round(to_type: Callable[[int], Any], v: Any) -> Any:
    try:
        n = builtins.round(v)
    except (ValueError, OverflowError):
        raise ValueError(f"round: cannot round {v!r} to an integer") from None
    return to_type(n)


def from_integral(
    af: AddFunc[Integral], x: BVar[S, Integral], to_type: Callable[[Integral], B]
) -> BVar[S, B]:
    """``fromIntegral`` (and ``fromIntegral'`` when ``to_type`` is fractional),
    with ``af`` for ``x``'s gradients. The derivative is 1: the gradient comes
    back converted to the input's type, rounded half to even when fractional.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda n: PE.from_integral(bpe.add_func(), n, float) * 1.5, 2)
    (3.0, 2)
    """
    return _convert("from_integral", af, x, to_type, _back_integral, True)


def real_to_frac(
    af: AddFunc[Fractional], x: BVar[S, Fractional], to_type: Callable[[Fractional], B]
) -> BVar[S, B]:
    """``realToFrac`` with ``af`` for ``x``'s gradients: between fractional
    types, e.g. ``float`` and ``numpy.float32``; the derivative is 1.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.real_to_frac(bpe.add_func(), x, float), 0.5)
    (0.5, 1.0)
    """
    return _convert("real_to_frac", af, x, to_type, _back_fractional, False)


# <overloads of round: generated by tests/prelude_overloads.py>
@overload
def round(af: AddFunc[Fractional], x: BVar[S, Fractional]) -> BVar[S, int]: ...
@overload
def round(
    af: AddFunc[Fractional], x: BVar[S, Fractional], to_type: Callable[[int], B],
) -> BVar[S, B]: ...
# </overloads>
def round(
    af: AddFunc[Any], x: BVar[Any, Any], to_type: Callable[[int], Any] = int
) -> BVar[Any, Any]:
    """``round``, half to even, with ``af`` for ``x``'s gradients. As in
    Haskell the gradient passes through unchanged (derivative 1, not the true
    0), converted back to the input's type: a straight-through estimator.
    NaN and infinities raise ``ValueError``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.round(bpe.add_func(), x), 3.5)
    (4, 1.0)
    """
    return _convert("round", af, x, partial(_round, to_type), _back_fractional, False)


def coerce(x: BVar[S, A], to_type: Callable[[A], B]) -> BVar[S, B]:
    """``coerce``: retype the contents (a NewType wrap or unwrap), no node.

    >>> from typing import NewType
    >>> import backprop as bp
    >>> import backprop_prelude.explicit as PE
    >>> Cents = NewType("Cents", int)
    >>> bp.eval_bp(lambda x: PE.coerce(x, Cents), 5)
    5
    """
    return coerce_var(x, to_type)
