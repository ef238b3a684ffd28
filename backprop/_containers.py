"""Containers of BVars: ``sequence_var``, ``collect_var`` and ``x[i]``.

An element is a view of its container: its gradient travels back as a sparse
``(focus, g)`` pair, and the container's gradient is built once from all of
them, so splitting a container of n elements costs O(n) per pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from ._class import zero
from ._tape import BVar, const, record, tape_of, view

S = TypeVar("S")
A = TypeVar("A")
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class IndexFocus:
    """Position ``i`` of a list or tuple."""

    i: int

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        out: list[Any] = [None] * len(base)
        for focus, g in items:
            out[focus.i] = g
        for i, g in enumerate(out):
            if g is None:
                out[i] = zero(base[i])
        if isinstance(base, list):
            return out
        make = getattr(type(base), "_make", None)
        return make(out) if make is not None else type(base)(out)


@dataclass(frozen=True, slots=True)
class KeyFocus:
    """Key ``k`` of a dict."""

    k: Any

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        got = {focus.k: g for focus, g in items}
        return {k: got[k] if k in got else zero(v) for k, v in base.items()}


class ArrayFocus:
    """An index of an ndarray (basic, fancy or boolean); never merged."""

    __slots__ = ("idx",)

    def __init__(self, idx: Any) -> None:
        self.idx = idx

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        out = _zero_gradient(base, items)
        for focus, g in items:
            np.add.at(out, focus.idx, g)
        return out


def _zero_gradient(base: Any, items: list[tuple[Any, Any]]) -> Any:
    """A zero array of ``base``'s shape, in a float dtype that holds every ``g``."""
    dtype = np.result_type(base, *[g for _, g in items])
    if not np.issubdtype(dtype, np.inexact):
        dtype = np.dtype(np.float64)
    return np.zeros(np.shape(base), dtype=dtype)


def _frozen_index(idx: Any) -> Any:
    """A copy of the array parts of an index: the caller may reuse theirs."""
    if isinstance(idx, tuple):
        return tuple(_frozen_index(p) for p in idx)
    if isinstance(idx, (np.ndarray, list)):
        return np.array(idx)
    return idx


def _is_basic(idx: Any) -> bool:
    parts = idx if isinstance(idx, tuple) else (idx,)
    return all(isinstance(p, (int, np.integer, slice)) or p is None or p is Ellipsis for p in parts)


class _BasicArrayFocus(ArrayFocus):
    """Basic indexing touches each element once: plain ``+=``, no ``add.at``."""

    __slots__ = ()

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        out = _zero_gradient(base, items)
        for focus, g in items:
            out[focus.idx] += g
        return out


def getitem(x: BVar[Any, Any], idx: Any) -> BVar[Any, Any]:
    """``x[idx]`` on a BVar of a list, tuple, dict or ndarray."""
    if type(idx) is BVar:
        raise TypeError(
            "BVar indexing: the index must be a plain value, not a BVar (read idx.value)"
        )
    v = x._value
    if isinstance(v, np.ndarray):
        try:
            out = v[idx]
        except (IndexError, TypeError, ValueError) as e:
            raise type(e)(f"BVar indexing with {idx!r}: {e}") from None
        focus = _BasicArrayFocus(idx) if _is_basic(idx) else ArrayFocus(_frozen_index(idx))
        return view("getitem", x, focus, out)
    if isinstance(v, (list, tuple)):
        if isinstance(idx, slice):
            return collect_var(list(sequence_var(x))[idx])
        try:
            out = v[idx]
        except (IndexError, TypeError) as e:
            raise type(e)(
                f"BVar indexing with {idx!r} on a {type(v).__name__} of length {len(v)}: {e}"
            ) from None
        i = int(idx)
        return view("getitem", x, IndexFocus(i if i >= 0 else i + len(v)), out)
    if isinstance(v, Mapping):
        try:
            out = v[idx]
        except KeyError:
            raise KeyError(f"BVar indexing: key {idx!r} is not in the dict") from None
        return view("getitem", x, KeyFocus(idx), out)
    raise TypeError(
        f"BVar indexing: a value of type {type(v).__name__} cannot be indexed "
        f"(use a lens: view_var)"
    )


def iterate(x: BVar[Any, Any]) -> Iterator[BVar[Any, Any]]:
    v = x._value
    if isinstance(v, np.ndarray) and v.ndim > 1:
        return (getitem(x, i) for i in range(len(v)))
    if isinstance(v, (list, tuple, np.ndarray)):
        return iter(sequence_var(x))
    raise TypeError(
        f"BVar iteration: a value of type {type(v).__name__} is not a "
        f"sequence (use sequence_var on lists, tuples and 1-D arrays)"
    )


@overload
def sequence_var(x: BVar[S, list[A]]) -> list[BVar[S, A]]: ...
@overload
def sequence_var(x: BVar[S, tuple[A, ...]]) -> tuple[BVar[S, A], ...]: ...
@overload
def sequence_var(x: BVar[S, dict[K, A]]) -> dict[K, BVar[S, A]]: ...
@overload
def sequence_var(x: BVar[S, NDArray[Any]]) -> list[BVar[S, float]]: ...
def sequence_var(x: BVar[Any, Any]) -> Any:
    """Split a BVar of a container into a container of BVars (``sequenceVar``).

    Lists, tuples and dicts keep their kind; a 1-D array gives a list of
    floats. Each element's gradient flows back into its own position.

    >>> import backprop as bp
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     a, b, c = bp.sequence_var(xs)
    ...     return a * b + c
    >>> bp.grad_bp(f, [2.0, 3.0, 4.0])
    [3.0, 2.0, 1.0]
    """
    if type(x) is not BVar:
        raise TypeError(f"sequence_var: expected a BVar, got {type(x).__name__}")
    v = x._value
    if isinstance(v, np.ndarray):
        if v.ndim != 1:
            raise ValueError(f"sequence_var: expected a 1-D array, got shape {v.shape}")
        elems: Sequence[Any] = v.tolist()
        # An array focus, so the gradient is rebuilt as an array, not a list.
        return [view("sequence_var", x, _BasicArrayFocus(i), e) for i, e in enumerate(elems)]
    if isinstance(v, list):
        return [view("sequence_var", x, IndexFocus(i), e) for i, e in enumerate(v)]
    if isinstance(v, tuple):
        return tuple([view("sequence_var", x, IndexFocus(i), e) for i, e in enumerate(v)])
    if isinstance(v, dict):
        return {k: view("sequence_var", x, KeyFocus(k), e) for k, e in v.items()}
    raise TypeError(
        f"sequence_var: expected a BVar of a list, tuple, dict or 1-D array, "
        f"got a BVar of {type(v).__name__}"
    )


def _collect_list_vjp(g: Any, payload: Any) -> Any:
    return g


def _collect_dict_vjp(g: Any, keys: Any) -> Any:
    return [g.get(k) for k in keys]


@overload
def collect_var(xs: list[BVar[S, A]]) -> BVar[S, list[A]]: ...
@overload
def collect_var(xs: tuple[BVar[S, A], ...]) -> BVar[S, tuple[A, ...]]: ...
@overload
def collect_var(xs: dict[K, BVar[S, A]]) -> BVar[S, dict[K, A]]: ...
def collect_var(xs: Any) -> Any:
    """Gather a container of BVars into a BVar of the container (``collectVar``).

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, list[float]]:
    ...     return bp.collect_var([x, x * 2.0, x * x])
    >>> bp.backprop(f, 3.0)
    ([3.0, 6.0, 9.0], 9.0)
    """
    keys = list(xs) if isinstance(xs, dict) else []
    if isinstance(xs, dict):
        elems = [xs[k] for k in keys]
    elif isinstance(xs, (list, tuple)):
        elems = list(xs)
    else:
        raise TypeError(
            f"collect_var: expected a list, tuple or dict of BVars, got {type(xs).__name__}"
        )
    tape = tape_of("collect_var", tuple(elems))
    values = [e._value if type(e) is BVar else e for e in elems]
    if isinstance(xs, dict):
        value: Any = dict(zip(keys, values))
    elif isinstance(xs, tuple):
        value = tuple(values)
    else:
        value = values
    if tape is None:
        return const(value)
    parents = tuple(e._idx if type(e) is BVar else -1 for e in elems)
    if isinstance(xs, dict):
        return record(tape, value, parents, _collect_dict_vjp, keys)
    return record(tape, value, parents, _collect_list_vjp, None)
