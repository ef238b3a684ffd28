"""Containers of BVars: ``x[i]``, iteration, ``sequence_var`` and ``collect_var``.

A part of a container is a view of it (``backprop._tape.view``): its gradient
travels back as a sparse ``(focus, g)`` pair, and the container's gradient is
built once from all of them through the structure registry, so splitting a
container of n elements costs O(n) per pass. Two kinds of focus: a child of
a registry container (``child(i)``, or ``ExplicitChild`` when a split is
given explicit add and zero functions), and an index of an array.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from ._class import UnsupportedTypeError, add, instance
from ._registry import flatten, unflatten
from ._rules.core import ARRAY_FUNCTIONS, plain, static_args
from ._tape import BVar, const, record, tape_of, values, view, view_of
from ._typevars import A, B, C, D, E, S

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

K = TypeVar("K")


def _zero(x: Any) -> Any:
    return instance(type(x)).zero(x)


class Child:
    """Child ``i`` of a registry container (the i-th of its flatten).

    One object per index (``child(i)``), so foci compare and hash by identity.
    """

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def __repr__(self) -> str:
        return f"<child {self.i}>"

    def get(self, v: Any) -> Any:
        got = flatten(v)
        if got is None:
            raise TypeError(f"a {type(v).__qualname__} has no children")
        return got[1][self.i]

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        return fill(base, {focus.i: g for focus, g in items})


class ExplicitChild(Child):
    """Child ``i`` of a split with explicit functions (Haskell's ``sequenceVar af zf``):
    ``af`` adds its gradients from several splits, ``zf`` zeroes the children
    that get none. One object per child per split, so foci never merge early.
    """

    __slots__ = ("af", "zf")

    def __init__(self, i: int, af: Callable[[Any, Any], Any], zf: Callable[[Any], Any]) -> None:
        self.i = i
        self.af = af
        self.zf = zf

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        grads: dict[int, Any] = {}
        for focus, g in items:
            i = focus.i
            grads[i] = focus.af(grads[i], g) if i in grads else g
        return fill(base, grads, self.zf)


_CHILDREN: list[Child] = []


def child(i: int) -> Child:
    while len(_CHILDREN) <= i:
        _CHILDREN.append(Child(len(_CHILDREN)))
    return _CHILDREN[i]


def fill(
    base: Any, grads: dict[int, Any], zero: Callable[[Any], Any] = _zero, flat: Any = None
) -> Any:
    """The gradient of the container ``base`` (whose ``flatten`` may be given):
    ``grads`` at their children, zeros elsewhere, built through the registry
    (no user code runs)."""
    got = flat if flat is not None else flatten(base)
    assert got is not None
    kind, children, aux = got
    out = []
    for i, c in enumerate(children):
        if i in grads:
            out.append(grads[i])
            continue
        try:
            out.append(zero(c))
        except UnsupportedTypeError as e:
            raise e.inside(kind.labels(aux, len(children))[i], type(base)) from None
    return unflatten(kind, aux, out)


def _grad_dtype(base: Any, gs: Sequence[Any]) -> np.dtype[Any]:
    dtype = np.result_type(base, *gs)
    return dtype if np.issubdtype(dtype, np.inexact) else np.dtype(np.float64)


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


class ArrayIndex:
    """An index of an ndarray (basic, fancy or boolean); an integer index is
    one object per position (``array_index(i)``), any other is never merged."""

    __slots__ = ("basic", "idx")

    def __init__(self, idx: Any) -> None:
        self.basic = type(idx) is int or _is_basic(idx)
        self.idx = idx if self.basic else _frozen_index(idx)

    def get(self, v: Any) -> Any:
        return v[self.idx]

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        gs = [g for _, g in items]
        out = np.zeros(np.shape(base), dtype=_grad_dtype(base, gs))
        if all(type(f.idx) is int for f, _ in items) and out.ndim == 1:
            np.add.at(out, [f.idx for f, _ in items], gs)
            return out
        for focus, g in items:
            if focus.basic:
                out[focus.idx] += g
            else:
                np.add.at(out, focus.idx, g)
        return out


_POSITIONS: list[ArrayIndex] = []


def array_index(i: int) -> ArrayIndex:
    """The focus of position ``i`` of an array's first axis (its element or row)."""
    while len(_POSITIONS) <= i:
        _POSITIONS.append(ArrayIndex(len(_POSITIONS)))
    return _POSITIONS[i]


def _index_error(e: Exception, idx: Any, v: Any) -> Exception:
    where = "" if isinstance(v, np.ndarray) else f" on a {type(v).__name__} of length {len(v)}"
    return type(e)(f"BVar indexing with {idx!r}{where}: {e}")


def _position(v: Any, idx: Any) -> int:
    """The child position of ``v[idx]`` for a registry container ``v``."""
    if isinstance(v, dict):
        if idx not in v:
            raise KeyError(f"BVar indexing: key {idx!r} is not in the dict")
        return list(v).index(idx)
    i = int(idx)
    n = len(v)
    if not -n <= i < n:
        raise IndexError(f"BVar indexing with {idx!r} on a {type(v).__name__} of length {n}: index out of range")
    return i + n if i < 0 else i


def getitem(x: BVar[Any, Any], idx: Any) -> BVar[Any, Any]:
    """``x[idx]`` on a BVar of an array, a list, a tuple or a dict."""
    if type(idx) is BVar:
        raise TypeError(
            "BVar indexing: the index must be a plain value, not a BVar (read idx.value)"
        )
    v = x._value
    pv = plain(v)
    if isinstance(pv, np.ndarray):
        try:
            out = pv[idx]
        except (IndexError, TypeError, ValueError) as e:
            raise _index_error(e, idx, pv) from None
        focus = array_index(idx) if type(idx) is int and idx >= 0 else ArrayIndex(idx)
        return view("getitem", x, focus) if type(v) is BVar else view_of("getitem", x, focus, out)
    if isinstance(pv, (list, tuple)) and isinstance(idx, slice):
        parts = sequence_var(x)[idx]
        return collect_var(parts)
    if isinstance(pv, (list, tuple, dict)):
        try:
            i = _position(pv, idx)
        except TypeError as e:
            raise _index_error(e, idx, pv) from None
        return view("getitem", x, child(i))
    raise TypeError(
        f"BVar indexing: a value of type {type(pv).__name__} cannot be indexed "
        f"(use a lens: view_var)"
    )


def iterate(x: BVar[Any, Any]) -> Iterator[BVar[Any, Any]]:
    v = plain(x._value)
    if isinstance(v, (list, tuple, np.ndarray)):
        return iter(sequence_var(x))
    raise TypeError(
        f"BVar iteration: a value of type {type(v).__name__} is not a "
        f"sequence (use sequence_var on lists, tuples and arrays)"
    )


def split(
    op: str,
    x: BVar[Any, Any],
    af: Callable[[Any, Any], Any] | None = None,
    zf: Callable[[Any], Any] | None = None,
    flat: Any = None,
) -> list[BVar[Any, Any]]:
    """Every child of the registry container held by ``x`` (an array's rows), as views.

    ``af`` and ``zf`` are explicit functions for the children (None: the
    class's): ``af`` adds up the gradients of one child, ``zf`` zeroes a child
    that gets none (an array's rows are zeroed by numpy). ``flat``: the
    ``flatten`` of the value, when the caller has it.
    """
    v = x._value
    got = flat if flat is not None else flatten(plain(v))
    parts: list[BVar[Any, Any]]
    if got is None:
        parts = sequence_var(x)
    elif type(v) is BVar:
        parts = [view(op, x, child(i)) for i in range(len(got[1]))]
    elif zf is None:
        parts = [view_of(op, x, child(i), c) for i, c in enumerate(got[1])]
    else:
        add_ = af or add
        parts = [view_of(op, x, ExplicitChild(i, add_, zf), c) for i, c in enumerate(got[1])]
    if af is not None and x._tape is not None:
        adders = x._tape.adders
        for p in parts:
            adders[p._idx] = af
    return parts


@overload
def sequence_var(x: BVar[S, list[A]]) -> list[BVar[S, A]]: ...
@overload
def sequence_var(x: BVar[S, tuple[A, B]]) -> tuple[BVar[S, A], BVar[S, B]]: ...
@overload
def sequence_var(x: BVar[S, tuple[A, B, C]]) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C]]: ...
@overload
def sequence_var(
    x: BVar[S, tuple[A, B, C, D]],
) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C], BVar[S, D]]: ...
@overload
def sequence_var(
    x: BVar[S, tuple[A, B, C, D, E]],
) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C], BVar[S, D], BVar[S, E]]: ...
@overload
def sequence_var(x: BVar[S, tuple[A, ...]]) -> tuple[BVar[S, A], ...]: ...
@overload
def sequence_var(x: BVar[S, dict[K, A]]) -> dict[K, BVar[S, A]]: ...
@overload
def sequence_var(x: BVar[S, NDArray[Any]]) -> list[BVar[S, float]]: ...
def sequence_var(x: BVar[Any, Any]) -> Any:
    """Split a BVar of a container into a container of BVars (``sequenceVar``).

    Lists, tuples and dicts keep their kind; an array gives a list of its
    rows: floats for a 1-D array (as the type says), arrays for a matrix (a
    T x I matrix of inputs is a sequence of T rows). Each element's gradient
    flows back into its own position.

    >>> import backprop as bp
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     a, b, c = bp.sequence_var(xs)
    ...     return a * b + c
    >>> bp.grad_bp(f, [2.0, 3.0, 4.0])
    [3.0, 2.0, 1.0]
    """
    if type(x) is not BVar:
        raise TypeError(f"sequence_var: expected a BVar, got {type(x).__name__}")
    tape_of("sequence_var", (x,))
    v = x._value
    pv = plain(v)
    if isinstance(pv, np.ndarray):
        if pv.ndim == 0:
            raise ValueError("sequence_var: a 0-d array has no elements")
        if type(v) is BVar:
            return [view("sequence_var", x, array_index(i)) for i in range(len(pv))]
        elems = pv.tolist() if pv.ndim == 1 else list(pv)
        return [view_of("sequence_var", x, array_index(i), e) for i, e in enumerate(elems)]
    if type(pv) is list or type(pv) is tuple or type(pv) is dict:
        parts = split("sequence_var", x)
        if type(pv) is list:
            return parts
        if type(pv) is tuple:
            return tuple(parts)
        return dict(zip(pv, parts))
    raise TypeError(
        f"sequence_var: expected a BVar of a list, tuple, dict or array, "
        f"got a BVar of {type(pv).__name__}"
    )


def _join_vjp(g: Any, p: Any) -> Any:
    """The children's gradients of a joined container: its children's parts."""
    n, keys = p
    if type(g) is BVar:
        return [view("collect_var", g, child(i)) for i in range(n)]
    if keys is not None and type(g) is dict:
        return [g.get(k) for k in keys]
    got = flatten(g)
    if got is None:
        raise TypeError(
            f"the gradient of a container must be a container of its kind, got a {type(g).__name__}"
        )
    return got[1]


def _join_zeroed_vjp(g: Any, p: Any) -> Any:
    """``_join_vjp``, with ``zf`` of a child for a part the gradient lacks."""
    n, keys, vals, zf = p
    gs = list(_join_vjp(g, (n, keys)))
    gs += [None] * (n - len(gs))
    return [zf(x) if c is None else c for c, x in zip(gs, vals)]


def join(
    op: str,
    container: Any,
    af: Callable[[Any, Any], Any] | None = None,
    zf: Callable[[Any], Any] | None = None,
) -> BVar[Any, Any]:
    """A BVar of a registry container whose children are BVars or constants.

    ``af`` and ``zf`` are explicit functions for the children (None: the
    class's), as Haskell's ``collectVar af zf``: ``af`` adds up the gradients
    of a child, ``zf`` makes the part a container's gradient lacks.
    """
    got = flatten(container)
    assert got is not None
    kind, children, aux = got
    tape = tape_of(op, children)
    vals, parents = values(tape, children)
    value = unflatten(kind, aux, vals)
    if tape is None:
        return const(value)
    keys = list(container) if type(container) is dict else None
    if af is not None:
        for j in parents:
            if j >= 0:
                tape.adders[j] = af
    if zf is not None:
        return record(tape, value, parents, _join_zeroed_vjp, (len(children), keys, vals, zf))
    return record(tape, value, parents, _join_vjp, (len(children), keys))


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
    if type(xs) not in (list, tuple, dict):
        raise TypeError(
            f"collect_var: expected a list, tuple or dict of BVars, got {type(xs).__name__}"
        )
    return join("collect_var", xs)


def _pieces(op: str, splitter: Any, ary: Any, indices_or_sections: Any, axis: int | None) -> list[Any]:
    """numpy's ``splitter`` (array_split, hsplit, vsplit, dsplit) on a BVar:
    the pieces numpy makes of the value, each a view."""
    static_args(op, indices_or_sections=indices_or_sections, axis=axis)
    x = ary if type(ary) is BVar else const(ary)
    v = plain(x._value)
    try:
        pieces = splitter(v, indices_or_sections) if axis is None else splitter(v, indices_or_sections, axis)
    except (ValueError, TypeError, IndexError) as e:
        raise type(e)(f"backprop.numpy.{op}: {e}") from None
    ax = (2 if op == "dsplit" else 1 if op == "hsplit" and v.ndim > 1 else 0) if axis is None else int(axis) % v.ndim
    lead = (slice(None),) * ax
    out = []
    start = 0
    for piece in pieces:
        stop = start + piece.shape[ax]
        out.append(getitem(x, (*lead, slice(start, stop))))
        start = stop
    return out


def _split_array(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """np.split on a BVar: each piece a view, gathered into one gradient."""
    return _pieces("split", np.split, ary, indices_or_sections, axis)


def _array_split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Any]:
    """np.array_split on a BVar (unequal pieces allowed), each piece a view."""
    return _pieces("array_split", np.array_split, ary, indices_or_sections, axis)


def _hsplit(ary: Any, indices_or_sections: Any) -> list[Any]:
    return _pieces("hsplit", np.hsplit, ary, indices_or_sections, None)


def _vsplit(ary: Any, indices_or_sections: Any) -> list[Any]:
    return _pieces("vsplit", np.vsplit, ary, indices_or_sections, None)


def _dsplit(ary: Any, indices_or_sections: Any) -> list[Any]:
    return _pieces("dsplit", np.dsplit, ary, indices_or_sections, None)


BVar.__getitem__ = getitem  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]
BVar.__iter__ = iterate  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]
ARRAY_FUNCTIONS[np.split] = _split_array
ARRAY_FUNCTIONS.update(
    {np.array_split: _array_split, np.hsplit: _hsplit, np.vsplit: _vsplit, np.dsplit: _dsplit}
)


# --- splitting records into BVars and joining them back ----------------------------------



class _NamedTuple(Protocol):
    """What a NamedTuple has and a plain tuple has not."""

    def _asdict(self) -> dict[str, Any]: ...


# What split_bv and join_bv take apart or put together besides a plain tuple:
# a dataclass or a NamedTuple; not a list, dict or BVar, and not a plain tuple,
# which the typed overloads take (a bound that let tuples in would overlap
# them, and pyright answers Any for an ambiguous overload).
_Record = TypeVar("_Record", bound="DataclassInstance | _NamedTuple")


@overload
def split_bv(x: BVar[S, tuple[A, B]]) -> tuple[BVar[S, A], BVar[S, B]]: ...
@overload
def split_bv(x: BVar[S, tuple[A, B, C]]) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C]]: ...
@overload
def split_bv(
    x: BVar[S, tuple[A, B, C, D]],
) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C], BVar[S, D]]: ...
@overload
def split_bv(
    x: BVar[S, tuple[A, B, C, D, E]],
) -> tuple[BVar[S, A], BVar[S, B], BVar[S, C], BVar[S, D], BVar[S, E]]: ...
@overload
def split_bv(x: BVar[S, _Record]) -> Any: ...
def split_bv(x: BVar[Any, Any]) -> Any:
    """Split a BVar of a tuple or record into its fields as BVars (``splitBV``, ``T2``...).

    A tuple gives a tuple of BVars (typed for 2 to 5 elements). A dataclass or
    NamedTuple gives an object of the same class whose fields hold BVars;
    mypy sees it as ``Any`` (Python cannot type "this record, with every field
    a BVar"). Its ``__init__`` is not run; static fields keep their value.
    ``join_bv`` makes it a BVar again.

    >>> from typing import NamedTuple
    >>> import backprop as bp
    >>> class P(NamedTuple):
    ...     x: float
    ...     y: float
    >>> def f(p: bp.BVar[bp.S, P]) -> bp.BVar[bp.S, float]:
    ...     q = bp.split_bv(p)
    ...     return q.x * q.y
    >>> bp.grad_bp(f, P(2.0, 5.0))
    P(x=5.0, y=2.0)
    """
    if type(x) is not BVar:
        raise TypeError(
            f"split_bv: expected a BVar to look into, got {type(x).__name__} "
            f"(make a constant with const_var)"
        )
    tape_of("split_bv", (x,))
    v = plain(x._value)
    got = flatten(v)
    if got is None or type(v) in (list, dict, type(None)):
        raise TypeError(
            f"split_bv: expected a BVar of a tuple, NamedTuple or dataclass, got a BVar "
            f"of {type(v).__qualname__} (use sequence_var for lists, dicts and arrays)"
        )
    kind, _, aux = got
    return unflatten(kind, aux, split("split_bv", x, flat=got))


@overload
def join_bv(a: BVar[S, A], b: BVar[S, B], /) -> BVar[S, tuple[A, B]]: ...
@overload
def join_bv(a: BVar[S, A], b: BVar[S, B], c: BVar[S, C], /) -> BVar[S, tuple[A, B, C]]: ...
@overload
def join_bv(
    a: BVar[S, A], b: BVar[S, B], c: BVar[S, C], d: BVar[S, D], /
) -> BVar[S, tuple[A, B, C, D]]: ...
@overload
def join_bv(
    a: BVar[S, A], b: BVar[S, B], c: BVar[S, C], d: BVar[S, D], e: BVar[S, E], /
) -> BVar[S, tuple[A, B, C, D, E]]: ...
@overload
def join_bv(record: _Record, /) -> BVar[Any, _Record]: ...
def join_bv(*xs: Any) -> Any:
    """Join BVars into a BVar of a tuple, or a record of BVars into a BVar (``joinBV``).

    ``join_bv(a, b)`` is a BVar of ``(a, b)`` (typed for 2 to 5 elements).
    ``join_bv(r)`` takes a dataclass or NamedTuple whose fields hold BVars
    (or constants), as ``split_bv`` gives; it is typed loosely (``BVar[Any, R]`` for the record type ``R``).

    >>> import backprop as bp
    >>> def f(p: bp.BVar[bp.S, tuple[float, float]]) -> bp.BVar[bp.S, tuple[float, float]]:
    ...     x, y = bp.split_bv(p)
    ...     return bp.join_bv(y, x * y)
    >>> bp.backprop(f, (2.0, 3.0))
    ((3.0, 6.0), (3.0, 3.0))
    """
    if len(xs) >= 2:
        return join("join_bv", tuple(xs))
    if len(xs) == 1:
        r = xs[0]
        if type(r) in (tuple, list, dict, type(None)) or type(r) is BVar or flatten(r) is None:
            raise TypeError(
                f"join_bv: expected 2 to 5 BVars, or one dataclass or NamedTuple "
                f"holding BVars, got one {type(r).__qualname__}"
                + (" (pass a tuple's elements as separate arguments)" if type(r) is tuple else "")
            )
        return join("join_bv", r)
    raise TypeError("join_bv: expected 2 to 5 BVars, or one record holding BVars; got nothing")
