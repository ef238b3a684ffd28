"""Prelude.Backprop.Explicit: the lifted Prelude with explicit ``AddFunc`` and
``ZeroFunc`` arguments instead of the Backprop class.

The arguments come in Haskell's order and mean what they mean there: an
``AddFunc`` adds up the gradients of a value (an element, a container or a
result) and a ``ZeroFunc`` makes the gradient of an element that gets none.
One rule differs, the same as ``backprop.explicit.lift_op1``'s: the
ZeroFunc that Haskell takes only to zero-fill an operation's own unreached
result is dropped, since this tape never zero-fills (so ``sum af zf xs`` is
``sum(af, xs)`` here, and ``isoVar``-based conversions take only ``af``).
Elements of a 1-D array are numbers: their zeros are always 0.

>>> import backprop as bp
>>> import backprop.explicit as bpe
>>> import backprop_prelude.explicit as PE
>>> af, zf = bpe.af_num(), bpe.zf_num()
>>> bp.grad_bp(lambda xs: PE.sum(af, PE.map(af, af, zf, zf, lambda x: x * x, xs)), [1.0, 2.0])
[2.0, 4.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from backprop._lift import coerce_var
from backprop._tape import BVar
from backprop.explicit import AddFunc, ZeroFunc

from . import _impl

__all__ = [
    "sum", "product", "length", "minimum", "maximum", "map", "map_const",
    "foldr", "foldl", "traverse", "to_list", "map_accum_l", "map_accum_r",
    "pure", "lift_a2", "lift_a3", "from_integral", "real_to_frac", "round",
    "coerce",
]  # fmt: skip

S = TypeVar("S")
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
K = TypeVar("K")
Acc = TypeVar("Acc")
T = TypeVar("T", bound=list[Any] | tuple[Any, ...] | dict[Any, Any] | np.ndarray[Any, Any])
F = TypeVar("F", bound=np.floating[Any])
Integral = TypeVar("Integral", bound=int | np.integer[Any])
Fractional = TypeVar("Fractional", bound=float | np.floating[Any])

Float64Array = NDArray[np.float64]
AnyArray = NDArray[Any]


# --- Foldable -----------------------------------------------------------------------


@overload
def sum(af: AddFunc[list[A]], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[tuple[A, ...]], xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[dict[K, A]], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def sum(af: AddFunc[AnyArray], xs: BVar[S, AnyArray]) -> BVar[S, float]: ...
def sum(af: AddFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``sum`` with ``af`` adding up the container's gradients (Haskell: ``sum af zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.sum(bpe.add_func(), xs), [1.0, 2.0])
    (3.0, [1.0, 1.0])
    """
    return _impl.sum_("sum", xs, af)


@overload
def product(af: AddFunc[list[A]], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[tuple[A, ...]], xs: BVar[S, tuple[A, ...]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[dict[K, A]], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def product(af: AddFunc[AnyArray], xs: BVar[S, AnyArray]) -> BVar[S, float]: ...
def product(af: AddFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``product`` with ``af`` for the container (Haskell: ``product af zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.product(bpe.add_func(), xs), (2.0, 5.0))
    (10.0, (5.0, 2.0))
    """
    return _impl.product_("product", xs, af)


@overload
def minimum(af: AddFunc[list[A]], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[tuple[A, ...]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, A]: ...
@overload
def minimum(af: AddFunc[dict[K, A]], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def minimum(
    af: AddFunc[AnyArray], zf: ZeroFunc[float], xs: BVar[S, AnyArray]
) -> BVar[S, float]: ...
def minimum(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``minimum``; ``zf`` makes the gradient of each element that is not the minimum.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.minimum(bpe.add_func(), bpe.zero_func(), xs), [2.0, 1.0])
    (1.0, [0.0, 1.0])
    """
    return _impl.extreme_("minimum", xs, af, zf)


@overload
def maximum(af: AddFunc[list[A]], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[tuple[A, ...]], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]]
) -> BVar[S, A]: ...
@overload
def maximum(af: AddFunc[dict[K, A]], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> BVar[S, A]: ...
@overload
def maximum(
    af: AddFunc[AnyArray], zf: ZeroFunc[float], xs: BVar[S, AnyArray]
) -> BVar[S, float]: ...
def maximum(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """``maximum``; ``zf`` makes the gradient of each element that is not the maximum.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda xs: PE.maximum(bpe.add_func(), bpe.zero_func(), xs), {"a": 2.0, "b": 1.0})
    (2.0, {'a': 1.0, 'b': 0.0})
    """
    return _impl.extreme_("maximum", xs, af, zf)


@overload
def length(af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T]) -> BVar[S, float]: ...
@overload
def length(
    af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T], to_type: Callable[[int], B]
) -> BVar[S, B]: ...
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
    return _impl.length_("length", xs, to_type, af, zfa)


# --- Functor and Traversable --------------------------------------------------------


@overload
def map(
    afa: AddFunc[A],
    afb: AddFunc[B],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]],
    xs: BVar[S, list[A]],
) -> BVar[S, list[B]]: ...
@overload
def map(
    afa: AddFunc[A],
    afb: AddFunc[B],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]],
    xs: BVar[S, tuple[A, ...]],
) -> BVar[S, tuple[B, ...]]: ...
@overload
def map(
    afa: AddFunc[A],
    afb: AddFunc[B],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B]],
    xs: BVar[S, dict[K, A]],
) -> BVar[S, dict[K, B]]: ...
@overload
def map(
    afa: AddFunc[float],
    afb: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]]: ...
@overload
def map(
    afa: AddFunc[float],
    afb: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float]],
    xs: BVar[S, AnyArray],
) -> BVar[S, Float64Array]: ...
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
    kind, v, elems = _impl.split("map", xs, afa, zfa)
    return _impl.collect("map", kind, v, [f(e) for e in elems], afb, zfb)


@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, list[B]]
) -> BVar[S, list[A]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, tuple[B, ...]]
) -> BVar[S, tuple[A, ...]]: ...
@overload
def map_const(
    af: AddFunc[A], zf: ZeroFunc[A], x: BVar[S, A], xs: BVar[S, dict[K, B]]
) -> BVar[S, dict[K, A]]: ...
@overload
def map_const(
    af: AddFunc[float], zf: ZeroFunc[float], x: BVar[S, float], xs: BVar[S, NDArray[F]]
) -> BVar[S, NDArray[F]]: ...
@overload
def map_const(
    af: AddFunc[float], zf: ZeroFunc[float], x: BVar[S, float], xs: BVar[S, AnyArray]
) -> BVar[S, Float64Array]: ...
def map_const(
    af: AddFunc[Any], zf: ZeroFunc[Any], x: BVar[Any, Any], xs: BVar[Any, Any]
) -> BVar[Any, Any]:
    """``x <$ xs``: ``x``'s gradient is ``af`` folded over the output's,
    starting from ``zf(x)`` (not in Haskell's explicit module; defined as ``pure``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(x: bp.BVar[bp.S, float], xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     return PE.map_const(bpe.add_func(), bpe.zero_func(), x, xs)
    >>> bp.backprop2(f, 7.0, [0.0, 0.0])
    ([7.0, 7.0], (2.0, [0.0, 0.0]))
    """
    return _impl.map_const_("map_const", x, xs, af, zf)


@overload
def traverse(
    afa: AddFunc[A],
    afb: AddFunc[B],
    aftb: AddFunc[list[B]],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None],
    xs: BVar[S, list[A]],
) -> BVar[S, list[B]] | None: ...
@overload
def traverse(
    afa: AddFunc[A],
    afb: AddFunc[B],
    aftb: AddFunc[tuple[B, ...]],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None],
    xs: BVar[S, tuple[A, ...]],
) -> BVar[S, tuple[B, ...]] | None: ...
@overload
def traverse(
    afa: AddFunc[A],
    afb: AddFunc[B],
    aftb: AddFunc[dict[K, B]],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    f: Callable[[BVar[S, A]], BVar[S, B] | None],
    xs: BVar[S, dict[K, A]],
) -> BVar[S, dict[K, B]] | None: ...
@overload
def traverse(
    afa: AddFunc[float],
    afb: AddFunc[float],
    aftb: AddFunc[NDArray[F]],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float] | None],
    xs: BVar[S, NDArray[F]],
) -> BVar[S, NDArray[F]] | None: ...
@overload
def traverse(
    afa: AddFunc[float],
    afb: AddFunc[float],
    aftb: AddFunc[Float64Array],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    f: Callable[[BVar[S, float]], BVar[S, float] | None],
    xs: BVar[S, AnyArray],
) -> BVar[S, Float64Array] | None: ...
def traverse(
    afa: AddFunc[Any],
    afb: AddFunc[Any],
    aftb: AddFunc[Any],
    zfa: ZeroFunc[Any],
    zfb: ZeroFunc[Any],
    f: Callable[[Any], Any],
    xs: BVar[Any, Any],
) -> BVar[Any, Any] | None:
    """``traverse`` in the Optional applicative (see ``backprop_prelude.traverse``);
    ``aftb`` adds up the gradients of the collected container.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> bp.eval_bp(lambda xs: PE.traverse(a, a, a, z, z, lambda x: x + 1.0, xs), [1.0])
    [2.0]
    """
    kind, v, elems = _impl.split("traverse", xs, afa, zfa)
    outs = []
    for e in elems:
        out = _impl.check_optional("traverse", f(e))
        if out is None:
            return None
        outs.append(out)
    result = _impl.collect("traverse", kind, v, outs, afb, zfb)
    if result._tape is not None:
        result._tape.adders[result._idx] = aftb
    return result


@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, list[A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, tuple[A, ...]]) -> list[BVar[S, A]]: ...
@overload
def to_list(af: AddFunc[A], zf: ZeroFunc[A], xs: BVar[S, dict[K, A]]) -> list[BVar[S, A]]: ...
@overload
def to_list(
    af: AddFunc[float], zf: ZeroFunc[float], xs: BVar[S, AnyArray]
) -> list[BVar[S, float]]: ...
def to_list(af: AddFunc[Any], zf: ZeroFunc[Any], xs: BVar[Any, Any]) -> list[BVar[Any, Any]]:
    """``toList``: ``af`` adds two gradients of one element, ``zf`` zeroes an unused one.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.grad_bp(lambda xs: PE.to_list(bpe.add_func(), bpe.zero_func(), xs)[0] * 2.0, [1.0, 9.0])
    [2.0, 0.0]
    """
    return _impl.split("to_list", xs, af, zf)[2]


@overload
def foldr(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, list[A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, tuple[A, ...]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, dict[K, A]],
) -> BVar[S, B]: ...
@overload
def foldr(
    af: AddFunc[float],
    zf: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, B]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
def foldr(
    af: AddFunc[Any],
    zf: ZeroFunc[Any],
    f: Callable[[Any, Any], Any],
    z: Any,
    xs: BVar[Any, Any],
) -> Any:
    """``foldr`` over ``to_list(af, zf, xs)``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return PE.foldr(bpe.add_func(), bpe.zero_func(), lambda x, acc: x - acc, bp.const_var(0.0), xs)
    >>> bp.backprop(f, [1.0, 2.0, 3.0])
    (2.0, [1.0, -1.0, 1.0])
    """
    acc = z
    for e in reversed(_impl.split("foldr", xs, af, zf)[2]):
        acc = f(e, acc)
    return acc


@overload
def foldl(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, list[A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, tuple[A, ...]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[A],
    zf: ZeroFunc[A],
    f: Callable[[BVar[S, B], BVar[S, A]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, dict[K, A]],
) -> BVar[S, B]: ...
@overload
def foldl(
    af: AddFunc[float],
    zf: ZeroFunc[float],
    f: Callable[[BVar[S, B], BVar[S, float]], BVar[S, B]],
    z: BVar[S, B],
    xs: BVar[S, AnyArray],
) -> BVar[S, B]: ...
def foldl(
    af: AddFunc[Any],
    zf: ZeroFunc[Any],
    f: Callable[[Any, Any], Any],
    z: Any,
    xs: BVar[Any, Any],
) -> Any:
    """``foldl'`` over ``to_list(af, zf, xs)``.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     return PE.foldl(bpe.add_func(), bpe.zero_func(), lambda acc, x: acc - x, bp.const_var(0.0), xs)
    >>> bp.backprop(f, [1.0, 2.0, 3.0])
    (-6.0, [-1.0, -1.0, -1.0])
    """
    acc = z
    for e in _impl.split("foldl", xs, af, zf)[2]:
        acc = f(acc, e)
    return acc


@overload
def map_accum_l(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_l(
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, AnyArray],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
def map_accum_l(
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], tuple[Any, Any]],
    s: Any,
    xs: BVar[Any, Any],
) -> tuple[Any, BVar[Any, Any]]:
    """``mapAccumL``: ``afb``/``zfb`` for the input's elements, ``afc``/``zfc``
    for the results.

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


@overload
def map_accum_r(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, list[A]],
) -> tuple[BVar[S, Acc], BVar[S, list[C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, tuple[A, ...]],
) -> tuple[BVar[S, Acc], BVar[S, tuple[C, ...]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[A],
    afc: AddFunc[C],
    zfb: ZeroFunc[A],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, Acc], BVar[S, A]], tuple[BVar[S, Acc], BVar[S, C]]],
    s: BVar[S, Acc],
    xs: BVar[S, dict[K, A]],
) -> tuple[BVar[S, Acc], BVar[S, dict[K, C]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, NDArray[F]],
) -> tuple[BVar[S, Acc], BVar[S, NDArray[F]]]: ...
@overload
def map_accum_r(
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, Acc], BVar[S, float]], tuple[BVar[S, Acc], BVar[S, float]]],
    s: BVar[S, Acc],
    xs: BVar[S, AnyArray],
) -> tuple[BVar[S, Acc], BVar[S, Float64Array]]: ...
def map_accum_r(
    afb: AddFunc[Any],
    afc: AddFunc[Any],
    zfb: ZeroFunc[Any],
    zfc: ZeroFunc[Any],
    f: Callable[[Any, Any], tuple[Any, Any]],
    s: Any,
    xs: BVar[Any, Any],
) -> tuple[Any, BVar[Any, Any]]:
    """``mapAccumR``: as ``map_accum_l``, threading right to left.

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
    kind, v, elems = _impl.split(op, xs, afb, zfb)
    outs: list[Any] = [None] * len(elems)
    acc = s
    order = range(len(elems) - 1, -1, -1) if reverse else range(len(elems))
    for i in order:
        acc, outs[i] = _impl.check_pair(op, f(acc, elems[i]))
    return acc, _impl.collect(op, kind, v, outs, afc, zfc)


# --- Applicative (the list applicative) -------------------------------------------------


@overload
def pure(af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A]) -> BVar[S, list[A]]: ...
@overload
def pure(
    af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[list[Any]]
) -> BVar[S, list[A]]: ...
@overload
def pure(
    af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[tuple[Any, ...]]
) -> BVar[S, tuple[A, ...]]: ...
@overload
def pure(
    af: AddFunc[float], zfa: ZeroFunc[float], x: BVar[S, float], kind: type[np.ndarray[Any, Any]]
) -> BVar[S, Float64Array]: ...
def pure(
    af: AddFunc[Any], zfa: ZeroFunc[Any], x: BVar[Any, Any], kind: type[Any] = list
) -> BVar[Any, Any]:
    """``pure``: the gradient of ``x`` is ``af`` folded over the output's,
    starting from ``zfa(x)`` (Haskell: ``pure af zfa zf``).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.pure(bpe.add_func(), bpe.zero_func(), x), 3.0)
    ([3.0], 1.0)
    """
    return _impl.pure_("pure", x, kind, af, zfa)


@overload
def lift_a2(
    afa: AddFunc[A],
    afb: AddFunc[B],
    afc: AddFunc[C],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]],
    xs: BVar[S, list[A]],
    ys: BVar[S, list[B]],
) -> BVar[S, list[C]]: ...
@overload
def lift_a2(
    afa: AddFunc[A],
    afb: AddFunc[B],
    afc: AddFunc[C],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    zfc: ZeroFunc[C],
    f: Callable[[BVar[S, A], BVar[S, B]], BVar[S, C]],
    xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]],
) -> BVar[S, tuple[C, ...]]: ...
@overload
def lift_a2(
    afa: AddFunc[float],
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]],
    ys: BVar[S, AnyArray],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a2(
    afa: AddFunc[float],
    afb: AddFunc[float],
    afc: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, AnyArray],
    ys: BVar[S, AnyArray],
) -> BVar[S, Float64Array]: ...
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
    """``liftA2`` of the list applicative (every pair, first argument outermost).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> bp.eval_bp2(lambda xs, ys: PE.lift_a2(a, a, a, z, z, z, lambda x, y: x - y, xs, ys), [10.0, 20.0], [1.0, 2.0])
    [9.0, 8.0, 19.0, 18.0]
    """
    kind = _impl.same_kind("lift_a2", [_impl.container("lift_a2", c)[0] for c in (xs, ys)])
    _, vx, ex = _impl.split("lift_a2", xs, afa, zfa)
    ey = _impl.split("lift_a2", ys, afb, zfb)[2]
    return _impl.collect("lift_a2", kind, vx, [f(a, b) for a in ex for b in ey], afc, zfc)


@overload
def lift_a3(
    afa: AddFunc[A],
    afb: AddFunc[B],
    afc: AddFunc[C],
    afd: AddFunc[D],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    zfc: ZeroFunc[C],
    zfd: ZeroFunc[D],
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]],
    xs: BVar[S, list[A]],
    ys: BVar[S, list[B]],
    zs: BVar[S, list[C]],
) -> BVar[S, list[D]]: ...
@overload
def lift_a3(
    afa: AddFunc[A],
    afb: AddFunc[B],
    afc: AddFunc[C],
    afd: AddFunc[D],
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    zfc: ZeroFunc[C],
    zfd: ZeroFunc[D],
    f: Callable[[BVar[S, A], BVar[S, B], BVar[S, C]], BVar[S, D]],
    xs: BVar[S, tuple[A, ...]],
    ys: BVar[S, tuple[B, ...]],
    zs: BVar[S, tuple[C, ...]],
) -> BVar[S, tuple[D, ...]]: ...
@overload
def lift_a3(
    afa: AddFunc[float],
    afb: AddFunc[float],
    afc: AddFunc[float],
    afd: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    zfd: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, NDArray[F]],
    ys: BVar[S, AnyArray],
    zs: BVar[S, AnyArray],
) -> BVar[S, NDArray[F]]: ...
@overload
def lift_a3(
    afa: AddFunc[float],
    afb: AddFunc[float],
    afc: AddFunc[float],
    afd: AddFunc[float],
    zfa: ZeroFunc[float],
    zfb: ZeroFunc[float],
    zfc: ZeroFunc[float],
    zfd: ZeroFunc[float],
    f: Callable[[BVar[S, float], BVar[S, float], BVar[S, float]], BVar[S, float]],
    xs: BVar[S, AnyArray],
    ys: BVar[S, AnyArray],
    zs: BVar[S, AnyArray],
) -> BVar[S, Float64Array]: ...
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
    """``liftA3`` of the list applicative (every triple, ``itertools.product`` order).

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> a, z = bpe.add_func(), bpe.zero_func()
    >>> def f(xs: bp.BVar[bp.S, tuple[float, ...]]) -> bp.BVar[bp.S, tuple[float, ...]]:
    ...     return PE.lift_a3(a, a, a, a, z, z, z, z, lambda x, y, w: x * y * w, xs, xs, xs)
    >>> bp.backprop(f, (2.0,))
    ((8.0,), (12.0,))
    """
    kind = _impl.same_kind("lift_a3", [_impl.container("lift_a3", c)[0] for c in (xs, ys, zs)])
    _, vx, ex = _impl.split("lift_a3", xs, afa, zfa)
    ey = _impl.split("lift_a3", ys, afb, zfb)[2]
    ez = _impl.split("lift_a3", zs, afc, zfc)[2]
    outs = [f(a, b, c) for a in ex for b in ey for c in ez]
    return _impl.collect("lift_a3", kind, vx, outs, afd, zfd)


# --- numeric conversions ---------------------------------------------------------------


def from_integral(
    af: AddFunc[Integral], x: BVar[S, Integral], to_type: Callable[[Integral], B]
) -> BVar[S, B]:
    """``fromIntegral`` (and ``fromIntegral'``) with ``af`` for ``x``'s gradients.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda n: PE.from_integral(bpe.add_func(), n, float) * 1.5, 2)
    (3.0, 2)
    """
    return _impl.convert_("from_integral", x, to_type, _impl.back_integral, True, af)


def real_to_frac(
    af: AddFunc[Fractional], x: BVar[S, Fractional], to_type: Callable[[Fractional], B]
) -> BVar[S, B]:
    """``realToFrac`` with ``af`` for ``x``'s gradients.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.real_to_frac(bpe.add_func(), x, float), 0.5)
    (0.5, 1.0)
    """
    return _impl.convert_("real_to_frac", x, to_type, _impl.back_fractional, False, af)


@overload
def round(af: AddFunc[Fractional], x: BVar[S, Fractional]) -> BVar[S, int]: ...
@overload
def round(
    af: AddFunc[Fractional], x: BVar[S, Fractional], to_type: Callable[[int], B]
) -> BVar[S, B]: ...
def round(
    af: AddFunc[Any], x: BVar[Any, Any], to_type: Callable[[int], Any] = int
) -> BVar[Any, Any]:
    """``round`` (half to even, gradient passed through) with ``af`` for ``x``'s gradients.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> import backprop_prelude.explicit as PE
    >>> bp.backprop(lambda x: PE.round(bpe.add_func(), x), 3.5)
    (4, 1.0)
    """
    fwd = _impl.round_fwd("round", to_type)
    return _impl.convert_("round", x, fwd, _impl.back_fractional, False, af)


def coerce(x: BVar[S, A], to_type: Callable[[A], B]) -> BVar[S, B]:
    """``coerce``: retype the contents, no node (Haskell's takes no functions either).

    >>> from typing import NewType
    >>> import backprop as bp
    >>> import backprop_prelude.explicit as PE
    >>> Cents = NewType("Cents", int)
    >>> bp.eval_bp(lambda x: PE.coerce(x, Cents), 5)
    5
    """
    return coerce_var(x, to_type)
