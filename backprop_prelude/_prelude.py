"""Prelude.Backprop: Prelude functions lifted to BVars of containers.

The public functions, typed by one overload per container kind; the tape
work is in ``_impl``. The names shadow builtins on purpose (``P.sum``); this
module uses ``builtins.x`` where it needs the originals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from backprop._lift import coerce_var
from backprop._tape import BVar

from . import _impl

S = TypeVar("S")
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
K = TypeVar("K")
Acc = TypeVar("Acc")
F = TypeVar("F", bound=np.floating[Any])
Integral = TypeVar("Integral", bound=int | np.integer[Any])
Fractional = TypeVar("Fractional", bound=float | np.floating[Any])

Float64Array = NDArray[np.float64]


# --- Foldable: whole-container reductions, one vectorised node each ----------------


@overload
def sum(xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def sum(xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def sum(xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def sum(xs: BVar[S, NDArray[Any]]) -> BVar[S, float]: ...
def sum(xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """The sum of the elements (``sum``); every element gets the output's gradient.

    One node whatever the length. An empty container sums to ``0.0``; a dict
    sums its values; a 1-D array sums to a float.

    >>> import numpy as np
    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.sum, [1.0, 2.0, 3.0])
    (6.0, [1.0, 1.0, 1.0])
    >>> bp.grad_bp(lambda v: P.sum(v) * 2.0, np.array([1.0, 2.0]))
    array([2., 2.])
    """
    return _impl.sum_("sum", xs)


@overload
def product(xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def product(xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def product(xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def product(xs: BVar[S, NDArray[Any]]) -> BVar[S, float]: ...
def product(xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """The product of the elements (``product``).

    Element ``x`` gets ``p * d / x``. When one element is 0 it gets ``d``
    times the product of the others and the rest get 0; with two or more
    zeros every gradient is 0 (never ``0/0``). An empty container gives ``1.0``.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.product, [2.0, 3.0, 4.0])
    (24.0, [12.0, 8.0, 6.0])
    >>> bp.grad_bp(P.product, [2.0, 0.0, 4.0])
    [0.0, 8.0, 0.0]
    """
    return _impl.product_("product", xs)


@overload
def minimum(xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def minimum(xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def minimum(xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def minimum(xs: BVar[S, NDArray[Any]]) -> BVar[S, float]: ...
def minimum(xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """The smallest element (``minimum``); every element equal to it gets the gradient.

    An empty container raises ``ValueError`` (Haskell's ``minimum`` is
    undefined there).

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.minimum, [3.0, 1.0, 2.0, 1.0])
    (1.0, [0.0, 1.0, 0.0, 1.0])
    """
    return _impl.extreme_("minimum", xs, None, None)


@overload
def maximum(xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def maximum(xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def maximum(xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def maximum(xs: BVar[S, NDArray[Any]]) -> BVar[S, float]: ...
def maximum(xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """The largest element (``maximum``); every element equal to it gets the gradient.

    An empty container raises ``ValueError``.

    >>> import numpy as np
    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.maximum, np.array([3.0, 5.0, 5.0]))
    (5.0, array([0., 1., 1.]))
    """
    return _impl.extreme_("maximum", xs, None, None)


AnyContainer = (
    BVar[S, list[Any]] | BVar[S, tuple[Any, ...]] | BVar[S, dict[Any, Any]] | BVar[S, NDArray[Any]]
)


@overload
def length(xs: AnyContainer[S]) -> BVar[S, float]: ...
@overload
def length(xs: AnyContainer[S], to_type: Callable[[int], B]) -> BVar[S, B]: ...
def length(xs: BVar[Any, Any], to_type: Callable[[int], Any] = float) -> BVar[Any, Any]:
    """The number of elements (``length``), as a float unless ``to_type`` says
    otherwise (Haskell's result is any ``Num``). Its gradient is zero.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def mean(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return P.sum(xs) / P.length(xs)
    >>> bp.backprop(mean, [1.0, 2.0, 6.0])
    (3.0, [0.333..., 0.333..., 0.333...])
    >>> bp.eval_bp(lambda xs: P.length(xs, int), (1.0, 2.0))
    2
    """
    return _impl.length_("length", xs, to_type, None, None)


# --- Functor and Traversable: split once, apply per element, collect once ---------------


@overload
def map(f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, list[A]]) -> BVar[S, list[B]]: ...
@overload
def map(
    f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, tuple[B, ...]]: ...
@overload
def map(f: Callable[[BVar[S, A]], BVar[S, B]], xs: BVar[S, dict[K, A]]) -> BVar[S, dict[K, B]]: ...
@overload
def map(
    f: Callable[[BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[F]]
) -> BVar[S, NDArray[F]]: ...
@overload
def map(
    f: Callable[[BVar[S, float]], BVar[S, float]], xs: BVar[S, NDArray[Any]]
) -> BVar[S, Float64Array]: ...
def map(f: Callable[[Any], Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """Apply ``f`` to every element (``fmap``); the result has the input's kind.

    Dicts keep their keys. Over a 1-D array, ``f`` gets each element as a
    ``BVar`` of a float and the results are collected into an array of the
    input's float dtype. The container is split once and collected once:
    O(n) nodes and O(n) work per pass.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(lambda xs: P.map(lambda x: x * x, xs), [1.0, 2.0, 3.0])
    ([1.0, 4.0, 9.0], [2.0, 4.0, 6.0])
    >>> bp.eval_bp(lambda d: P.map(lambda x: x + 1.0, d), {"a": 1.0, "b": 2.0})
    {'a': 2.0, 'b': 3.0}
    """
    kind, v, elems = _impl.split("map", xs)
    return _impl.collect("map", kind, v, [f(e) for e in elems])


@overload
def map_const(x: BVar[S, A], xs: BVar[S, list[B]]) -> BVar[S, list[A]]: ...
@overload
def map_const(x: BVar[S, A], xs: BVar[S, tuple[B, ...]]) -> BVar[S, tuple[A, ...]]: ...
@overload
def map_const(x: BVar[S, A], xs: BVar[S, dict[K, B]]) -> BVar[S, dict[K, A]]: ...
@overload
def map_const(x: BVar[S, float], xs: BVar[S, NDArray[F]]) -> BVar[S, NDArray[F]]: ...
@overload
def map_const(x: BVar[S, float], xs: BVar[S, NDArray[Any]]) -> BVar[S, Float64Array]: ...
def map_const(x: BVar[Any, Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``x <$ xs``: the shape of ``xs`` with ``x`` at every position.

    One node: ``x`` gets the sum of the output's gradients and ``xs`` gets
    none (only its shape is used).

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop2(lambda x, xs: P.map_const(x, xs), 5.0, [0.0, 0.0, 0.0])
    ([5.0, 5.0, 5.0], (3.0, [0.0, 0.0, 0.0]))
    """
    return _impl.map_const_("map_const", x, xs, None, None)


@overload
def traverse(
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, list[A]]
) -> BVar[S, list[B]] | None: ...
@overload
def traverse(
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, tuple[B, ...]] | None: ...
@overload
def traverse(
    f: Callable[[BVar[S, A]], BVar[S, B] | None], xs: BVar[S, dict[K, A]]
) -> BVar[S, dict[K, B]] | None: ...
@overload
def traverse(
    f: Callable[[BVar[S, float]], BVar[S, float] | None], xs: BVar[S, NDArray[F]]
) -> BVar[S, NDArray[F]] | None: ...
@overload
def traverse(
    f: Callable[[BVar[S, float]], BVar[S, float] | None], xs: BVar[S, NDArray[Any]]
) -> BVar[S, Float64Array] | None: ...
def traverse(f: Callable[[Any], Any], xs: BVar[Any, Any]) -> BVar[Any, Any] | None:
    """``traverse`` in the Optional applicative (Haskell's ``Maybe``).

    ``f`` returns a BVar or ``None``. If it returns ``None`` for any element
    the result is ``None``; otherwise it is the BVar of the collected
    results, as ``map``. (Haskell's ``BVar s (Maybe (t b))`` becomes
    ``BVar[S, t[B]] | None``, the way ``preview_var`` returns ``BVar | None``.)
    It stops at the first ``None``, as Haskell's lazy ``Maybe`` does.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def safe_sqrt(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float] | None:
    ...     return None if x.value <= 0 else x ** 0.5
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     ys = P.traverse(safe_sqrt, xs)
    ...     return bp.const_var(0.0) if ys is None else P.sum(ys)
    >>> bp.backprop(f, [4.0, 16.0])
    (6.0, [0.25, 0.125])
    >>> bp.backprop(f, [4.0, -1.0])
    (0.0, [0.0, 0.0])
    """
    kind, v, elems = _impl.split("traverse", xs)
    outs = []
    for e in elems:
        out = _impl.check_optional("traverse", f(e))
        if out is None:
            return None
        outs.append(out)
    return _impl.collect("traverse", kind, v, outs)


@overload
def to_list(xs: BVar[S, list[A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(xs: BVar[S, tuple[A, ...]]) -> list[BVar[S, A]]: ...
@overload
def to_list(xs: BVar[S, dict[K, A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(xs: BVar[S, NDArray[Any]]) -> list[BVar[S, float]]: ...
def to_list(xs: BVar[Any, Any]) -> list[BVar[Any, Any]]:
    """The elements as a list of BVars (``toList``); a dict gives its values.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def f(xs: bp.BVar[bp.S, tuple[float, ...]]) -> bp.BVar[bp.S, float]:
    ...     a, b = P.to_list(xs)
    ...     return a * b
    >>> bp.grad_bp(f, (3.0, 4.0))
    (4.0, 3.0)
    """
    return _impl.split("to_list", xs)[2]


@overload
def foldr(
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, list[A]]
) -> BVar[S, B]: ...
@overload
def foldr(
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, B]: ...
@overload
def foldr(
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, dict[K, A]]
) -> BVar[S, B]: ...
@overload
def foldr(
    f: Callable[[BVar[S, float], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, NDArray[Any]]
) -> BVar[S, B]: ...
def foldr(f: Callable[[Any, Any], Any], z: Any, xs: BVar[Any, Any]) -> Any:
    """Right fold (``foldr``): ``f(x1, f(x2, ... f(xn, z)))``.

    The elements are split once, then folded with Python's own loop.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def horner(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return P.foldr(lambda c, acc: c + 2.0 * acc, bp.const_var(0.0), xs)
    >>> bp.backprop(horner, [1.0, 1.0, 1.0])
    (7.0, [1.0, 2.0, 4.0])
    """
    acc = z
    for e in reversed(_impl.split("foldr", xs)[2]):
        acc = f(e, acc)
    return acc


@overload
def foldl(
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, list[A]]
) -> BVar[S, B]: ...
@overload
def foldl(
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, B]: ...
@overload
def foldl(
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, dict[K, A]]
) -> BVar[S, B]: ...
@overload
def foldl(
    f: Callable[[BVar[S, B], BVar[S, float]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, NDArray[Any]]
) -> BVar[S, B]: ...
def foldl(f: Callable[[Any, Any], Any], z: Any, xs: BVar[Any, Any]) -> Any:
    """Left fold (Haskell's strict ``foldl'``): ``f(... f(f(z, x1), x2) ..., xn)``.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def horner(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return P.foldl(lambda acc, c: acc * 2.0 + c, bp.const_var(0.0), xs)
    >>> bp.backprop(horner, [1.0, 1.0, 1.0])
    (7.0, [4.0, 2.0, 1.0])
    """
    acc = z
    for e in _impl.split("foldl", xs)[2]:
        acc = f(acc, e)
    return acc


@overload
def map_accum_l(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_l(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_l(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_l(
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_l(
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[Any]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
def map_accum_l(
    f: Callable[[Any, Any], tuple[Any, Any]], s: Any, xs: BVar[Any, Any]
) -> tuple[Any, BVar[Any, Any]]:
    """Map with an accumulator threaded left to right (``mapAccumL``).

    ``f(acc, x)`` returns ``(new_acc, y)``; the result is the final
    accumulator and the container of the ``y``s.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def running(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     total, sums = P.map_accum_l(lambda acc, x: (acc + x, acc + x), bp.const_var(0.0), xs)
    ...     return sums
    >>> bp.backprop(running, [1.0, 2.0, 3.0])
    ([1.0, 3.0, 6.0], [3.0, 2.0, 1.0])
    """
    return _map_accum("map_accum_l", f, s, xs, reverse=False)


@overload
def map_accum_r(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_r(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_r(
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_r(
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_r(
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[Any]],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
def map_accum_r(
    f: Callable[[Any, Any], tuple[Any, Any]], s: Any, xs: BVar[Any, Any]
) -> tuple[Any, BVar[Any, Any]]:
    """Map with an accumulator threaded right to left (``mapAccumR``);
    each result stays at its element's position.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> def suffix(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     return P.map_accum_r(lambda acc, x: (acc + x, acc + x), bp.const_var(0.0), xs)[1]
    >>> bp.backprop(suffix, [1.0, 2.0, 3.0])
    ([6.0, 5.0, 3.0], [1.0, 2.0, 3.0])
    """
    return _map_accum("map_accum_r", f, s, xs, reverse=True)


def _map_accum(
    op: str, f: Callable[[Any, Any], tuple[Any, Any]], s: Any, xs: Any, *, reverse: bool
) -> tuple[Any, BVar[Any, Any]]:
    kind, v, elems = _impl.split(op, xs)
    outs: list[Any] = [None] * len(elems)
    acc = s
    order = range(len(elems) - 1, -1, -1) if reverse else range(len(elems))
    for i in order:
        acc, outs[i] = _impl.check_pair(op, f(acc, elems[i]))
    return acc, _impl.collect(op, kind, v, outs)


# --- Applicative: the list applicative (pure is a singleton, lift_a2 is the cartesian product)


@overload
def pure(x: BVar[S, A]) -> BVar[S, list[A]]: ...
@overload
def pure(x: BVar[S, A], kind: type[list[Any]]) -> BVar[S, list[A]]: ...
@overload
def pure(x: BVar[S, A], kind: type[tuple[Any, ...]]) -> BVar[S, tuple[A, ...]]: ...
@overload
def pure(x: BVar[S, float], kind: type[np.ndarray[Any, Any]]) -> BVar[S, Float64Array]: ...
def pure(x: BVar[Any, Any], kind: type[Any] = list) -> BVar[Any, Any]:
    """``x`` in a one-element container (``pure`` of the list applicative).

    ``kind`` is ``list`` (default), ``tuple`` or ``numpy.ndarray`` (for a
    number). The gradient of ``x`` folds ``add`` over the output's gradients,
    starting from ``zero(x)``.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.pure, 2.0)
    ([2.0], 1.0)
    >>> bp.eval_bp(lambda x: P.pure(x, tuple), 2.0)
    (2.0,)
    """
    return _impl.pure_("pure", x, kind, None, None)


@overload
def lift_a2(
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]],
    xs: BVar[S, list[A]],
    ys: BVar[S, list[B]],
) -> BVar[S, list[C]]: ...
@overload
def lift_a2(
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]],
    xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]],
) -> BVar[S, tuple[C, ...]]: ...
@overload
def lift_a2(
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]],
    ys: BVar[S, NDArray[Any]],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a2(
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[Any]],
    ys: BVar[S, NDArray[Any]],
) -> BVar[S, Float64Array]: ...
def lift_a2(f: Callable[[Any, Any], Any], xs: BVar[Any, Any], ys: BVar[Any, Any]) -> BVar[Any, Any]:
    """``liftA2`` of the list applicative: ``f`` over every pair, first
    argument outermost (``[f(x, y) for x in xs for y in ys]``).

    Both containers have one kind (list, tuple or 1-D array); dicts have no
    Applicative and raise ``TypeError``. With ``pure`` as the unit:
    ``lift_a2(f, pure(x), ys) == map(lambda y: f(x, y), ys)``.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop2(lambda xs, ys: P.lift_a2(lambda x, y: x * y, xs, ys), [1.0, 2.0], [10.0, 20.0])
    ([10.0, 20.0, 20.0, 40.0], ([30.0, 30.0], [3.0, 3.0]))
    """
    kind = _impl.same_kind("lift_a2", [_impl.container("lift_a2", c)[0] for c in (xs, ys)])
    _, vx, ex = _impl.split("lift_a2", xs)
    ey = _impl.split("lift_a2", ys)[2]
    return _impl.collect("lift_a2", kind, vx, [f(a, b) for a in ex for b in ey])


@overload
def lift_a3(
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]],
    xs: BVar[S, list[A]],
    ys: BVar[S, list[B]],
    zs: BVar[S, list[C]],
) -> BVar[S, list[D]]: ...
@overload
def lift_a3(
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]],
    xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]],
    zs: BVar[S, tuple[C, ...]],
) -> BVar[S, tuple[D, ...]]: ...
@overload
def lift_a3(
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]],
    ys: BVar[S, NDArray[Any]],
    zs: BVar[S, NDArray[Any]],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a3(
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[Any]],
    ys: BVar[S, NDArray[Any]],
    zs: BVar[S, NDArray[Any]],
) -> BVar[S, Float64Array]: ...
def lift_a3(
    f: Callable[[Any, Any, Any], Any], xs: BVar[Any, Any], ys: BVar[Any, Any], zs: BVar[Any, Any]
) -> BVar[Any, Any]:
    """``liftA3`` of the list applicative: ``f`` over every triple, in
    ``itertools.product`` order.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.eval_bp_n(lambda a, b, c: P.lift_a3(lambda x, y, z: x + y + z, a, b, c), ([0.0, 1.0], [10.0], [100.0, 200.0]))
    [110.0, 210.0, 111.0, 211.0]
    """
    kind = _impl.same_kind("lift_a3", [_impl.container("lift_a3", c)[0] for c in (xs, ys, zs)])
    _, vx, ex = _impl.split("lift_a3", xs)
    ey = _impl.split("lift_a3", ys)[2]
    ez = _impl.split("lift_a3", zs)[2]
    return _impl.collect("lift_a3", kind, vx, [f(a, b, c) for a in ex for b in ey for c in ez])


# --- numeric conversions (isomorphisms with derivative 1, as in Haskell) -------------


def from_integral(x: BVar[S, Integral], to_type: Callable[[Integral], B]) -> BVar[S, B]:
    """Convert an integer to ``to_type`` (``fromIntegral``, and ``fromIntegral'``
    when ``to_type`` is fractional).

    The derivative is 1: the gradient comes back converted to the input's
    type, rounded (half to even, as Haskell's ``round``) when it is fractional.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(lambda n: P.from_integral(n, float) * 2.5, 3)
    (7.5, 2)
    """
    return _impl.convert_("from_integral", x, to_type, _impl.back_integral, True, None)


def real_to_frac(x: BVar[S, Fractional], to_type: Callable[[Fractional], B]) -> BVar[S, B]:
    """Convert a fractional number to another fractional type (``realToFrac``),
    e.g. between ``float`` and ``numpy.float32``; the derivative is 1.

    >>> import numpy as np
    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(lambda x: P.real_to_frac(x, np.float32) * np.float32(2), 1.5)
    (np.float32(3.0), 2.0)
    """
    return _impl.convert_("real_to_frac", x, to_type, _impl.back_fractional, False, None)


@overload
def round(x: BVar[S, Fractional]) -> BVar[S, int]: ...
@overload
def round(x: BVar[S, Fractional], to_type: Callable[[int], B]) -> BVar[S, B]: ...
def round(x: BVar[Any, Any], to_type: Callable[[int], Any] = int) -> BVar[Any, Any]:
    """Round to the nearest integer, half to even (``round``).

    As in Haskell the gradient passes through unchanged (derivative 1, not
    the true 0), converted back to the input's type: ``round`` acts as a
    straight-through estimator. NaN and infinities raise ``ValueError``.

    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> bp.backprop(P.round, 2.5)
    (2, 1.0)
    >>> bp.backprop(lambda x: P.round(x) * 3, 2.7)
    (9, 3.0)
    """
    return _impl.convert_(
        "round", x, _impl.round_fwd("round", to_type), _impl.back_fractional, False, None
    )


def coerce(x: BVar[S, A], to_type: Callable[[A], B]) -> BVar[S, B]:
    """Retype the contents (``coerce``): a NewType wrap or unwrap, no node.

    >>> from typing import NewType
    >>> import backprop as bp
    >>> import backprop_prelude as P
    >>> Meters = NewType("Meters", float)
    >>> bp.backprop(lambda x: P.coerce(x, Meters), 2.0)
    (2.0, 1.0)
    """
    return coerce_var(x, to_type)
