"""Leaf-by-leaf arithmetic over any structure of the registry, and the
``Arithmetic`` mixin that gives a record ``+``, ``-`` and scaling by a number.

``backprop.tree`` is the public front of these functions; they live here, at
the bottom of the core, because BVars of ``Arithmetic`` records use them too.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any, TypeVar, overload

import numpy as np
from typing_extensions import Self

from ._registry import flatten, unflatten

__all__ = ["Arithmetic", "axpy", "dot", "leaves", "map", "norm", "scale", "vdot"]

_T = TypeVar("_T")


def leaves(x: Any) -> list[Any]:
    """The leaves of ``x`` (everything that is not a container), in a fixed order.

    >>> import backprop.tree as tree
    >>> tree.leaves({"w": (1.0, 2.0), "b": [3.0]})
    [1.0, 2.0, 3.0]
    """
    out: list[Any] = []
    stack = [x]
    while stack:
        v = stack.pop()
        got = flatten(v)
        if got is None:
            out.append(v)
        else:
            stack.extend(reversed(got[1]))
    return out


def _mismatch(x: Any, y: Any, why: str) -> ValueError:
    return ValueError(
        f"backprop.tree.map: the values do not have one structure: a "
        f"{type(x).__qualname__} and a {type(y).__qualname__} ({why})"
    )


# One overload per number of values, so that a lambda's parameters are typed
# (Any: the leaves of one structure are of many types).
@overload
def map(f: Callable[[Any], Any], x: _T, /) -> _T: ...
@overload
def map(f: Callable[[Any, Any], Any], x: _T, y: _T, /) -> _T: ...
@overload
def map(f: Callable[[Any, Any, Any], Any], x: _T, y: _T, z: _T, /) -> _T: ...
def map(f: Callable[..., Any], x: _T, *rest: _T) -> _T:
    """``x`` with ``f`` applied leaf by leaf (to the leaves of ``x`` and ``rest`` together).

    All the values must have one structure; static fields and dict keys come
    from ``x``. Typed for one to three values (``f`` takes as many leaves).

    >>> import backprop.tree as tree
    >>> tree.map(lambda a, b: a + b, (1.0, [2.0]), (10.0, [20.0]))
    (11.0, [22.0])
    """
    got = flatten(x)
    if got is None:
        return f(x, *rest)  # type: ignore[no-any-return]
    kind, children, aux = got
    others = []
    for r in rest:
        other = flatten(r)
        if other is None or other[0] is not kind or type(r) is not type(x):
            raise _mismatch(x, r, "a container and a leaf" if other is None else "two kinds")
        if len(other[1]) != len(children) or other[2] != aux:
            raise _mismatch(x, r, f"{len(children)} and {len(other[1])} children")
        others.append(other[1])
    return unflatten(kind, aux, [map(f, c, *[o[i] for o in others]) for i, c in enumerate(children)])  # type: ignore[no-any-return]


def scale(a: Any, x: _T) -> _T:
    """``a * x``, leaf by leaf.

    >>> import backprop.tree as tree
    >>> tree.scale(2.0, {"w": 1.5})
    {'w': 3.0}
    """
    return map(lambda leaf: a * leaf, x)


def axpy(a: Any, x: _T, y: _T) -> _T:
    """``a * x + y``, leaf by leaf.

    >>> import backprop.tree as tree
    >>> tree.axpy(-0.5, (2.0, 4.0), (1.0, 1.0))
    (0.0, -1.0)
    """
    return map(lambda u, v: a * u + v, x, y)


def _leaf_dot(a: Any, b: Any, conj: bool) -> Any:
    if conj:
        return np.vdot(a, b) if isinstance(a, np.ndarray) else np.conj(a) * b
    return np.sum(a * b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else a * b


def _total(x: Any, y: Any, conj: bool) -> Any:
    xs, ys = leaves(x), leaves(y)
    if len(xs) != len(ys):
        raise _mismatch(x, y, f"{len(xs)} and {len(ys)} leaves")
    total: Any = 0.0
    for a, b in zip(xs, ys):
        total = total + _leaf_dot(a, b, conj)
    return total.item() if isinstance(total, np.generic) else total


def vdot(x: Any, y: Any) -> Any:
    """The inner product over all leaves, conjugating ``x`` as ``numpy.vdot`` does.

    >>> import numpy as np
    >>> import backprop.tree as tree
    >>> tree.vdot((np.array([1.0, 2.0]), 3.0), (np.array([1.0, 1.0]), 2.0))
    9.0
    """
    return _total(x, y, True)


def dot(x: Any, y: Any) -> Any:
    """The bilinear product over all leaves (no conjugate): the pairing of a
    gradient with a value under the library's complex convention."""
    return _total(x, y, False)


def norm(x: Any) -> float:
    """The Euclidean norm over all leaves.

    >>> import backprop.tree as tree
    >>> tree.norm((3.0, [4.0]))
    5.0
    """
    return math.sqrt(float(np.real(vdot(x, x))))


class Arithmetic:
    """A mixin giving a dataclass (or any registered container) ``+``, ``-``,
    unary ``-``, and ``*``, ``/`` by a number, field by field.

    So the update of gradient descent reads as in Haskell's home page,
    ``n0 - 0.1 * gradient``; a BVar of such a record gets the same
    operators, lifted. Static fields are kept.

    >>> from dataclasses import dataclass
    >>> import backprop as bp
    >>> @dataclass
    ... class Line(bp.Arithmetic):
    ...     slope: float
    ...     offset: float
    >>> Line(1.0, 2.0) - 0.5 * Line(2.0, 2.0)
    Line(slope=0.0, offset=1.0)
    """

    __slots__ = ()

    def __add__(self, other: Self) -> Self:
        if type(other) is not type(self):
            return NotImplemented
        return map(operator.add, self, other)

    def __sub__(self, other: Self) -> Self:
        if type(other) is not type(self):
            return NotImplemented
        return map(operator.sub, self, other)

    def __neg__(self) -> Self:
        return map(operator.neg, self)

    def __pos__(self) -> Self:
        return self

    def __mul__(self, k: float) -> Self:
        if not _is_number(k):
            return NotImplemented
        return map(lambda leaf: leaf * k, self)

    def __rmul__(self, k: float) -> Self:
        if not _is_number(k):
            return NotImplemented
        return map(lambda leaf: k * leaf, self)

    def __truediv__(self, k: float) -> Self:
        if not _is_number(k):
            return NotImplemented
        return map(lambda leaf: leaf / k, self)


def _is_number(k: object) -> bool:
    return isinstance(k, (int, float, complex, np.number)) and not isinstance(k, bool)
