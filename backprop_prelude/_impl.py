"""How the lifted Prelude sits on the tape (shared by the implicit and the
explicit modules; ``None`` for a ZeroFunc/AddFunc means the Backprop class's).

Three shapes of node, all O(n) per pass:

- a whole-container reduction (``sum``, ``product``, ``minimum``, ...) is one
  node with one vectorised rule, its forward rule written next to its vjp;
- ``split`` turns a container into n element BVars whose gradients are
  gathered as ``(position, g)`` pairs, and the container's gradient is
  built once from all of them (see ``split`` for the two ways);
- ``collect`` gathers n BVars into one container node whose vjp hands each
  parent its own component.

A container is a ``list``, ``tuple`` or ``dict`` (exactly those types: a
subclass could not be rebuilt faithfully) or a 1-D ``numpy.ndarray``.
"""

from __future__ import annotations

import builtins
import math
import numbers
from collections.abc import Callable, Sequence
from functools import reduce
from itertools import islice
from typing import Any

import numpy as np

from backprop._class import add as class_add
from backprop._class import zero as class_zero
from backprop._tape import BVar, Sparse, const, record, tape_of

Fn = Callable[..., Any]

LIST = "list"
TUPLE = "tuple"
DICT = "dict"
ARRAY = "array"


# --- containers ----------------------------------------------------------------


def kind_of(op: str, v: Any) -> str:
    t = type(v)
    if t is list:
        return LIST
    if t is tuple:
        return TUPLE
    if t is dict:
        return DICT
    if t is np.ndarray:
        if v.ndim != 1:
            raise ValueError(f"{op}: expected a 1-D array, got an array of shape {v.shape}")
        return ARRAY
    raise TypeError(
        f"{op}: expected a BVar of a list, tuple, dict or 1-D numpy array, "
        f"got a BVar of {t.__name__}"
    )


def container(op: str, xs: Any) -> tuple[str, Any]:
    """The kind and value of the container BVar ``xs``; checks it is live."""
    if type(xs) is not BVar:
        raise TypeError(
            f"{op}: expected a BVar of a container, got {type(xs).__name__} "
            f"(wrap a constant in backprop.const_var)"
        )
    tape_of(op, (xs,))
    v = xs._value
    return kind_of(op, v), v


def elements(kind: str, v: Any) -> Sequence[Any]:
    if kind == DICT:
        return list(v.values())
    if kind == ARRAY:
        return v.tolist()  # type: ignore[no-any-return]
    return v  # type: ignore[no-any-return]


def grad_dtype(base: np.dtype[Any], g: Any) -> np.dtype[Any]:
    """The dtype of an array's gradient: the array's own float dtype (so a
    float32 input gets a float32 gradient), widened only to complex."""
    gd = np.result_type(g)
    if base.kind in "fc":
        return np.result_type(base, gd) if gd.kind == "c" else base
    return np.result_type(gd, np.float64)


def to_array(op: str, values: list[Any], like: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Results collected over a 1-D array: numbers, kept in the input's float dtype."""
    try:
        out = np.array(values)
    except ValueError as e:
        raise TypeError(f"{op}: over a 1-D array every result must be a number: {e}") from None
    if out.ndim != 1:
        raise TypeError(
            f"{op}: over a 1-D array every result must be a number, "
            f"got results of shape {out.shape[1:]}"
        )
    if out.dtype.kind in "biuf":
        return out.astype(like.dtype if like.dtype.kind == "f" else np.float64, copy=False)
    if out.dtype.kind == "c":
        return out
    raise TypeError(f"{op}: over a 1-D array every result must be a number, got {out.dtype}")


def rebuild(op: str, kind: str, like: Any, values: list[Any]) -> Any:
    """A container of ``kind`` shaped like ``like`` holding ``values``."""
    if kind == LIST:
        return values
    if kind == TUPLE:
        return tuple(values)
    if kind == DICT:
        return dict(zip(like, values))
    return to_array(op, values, like)


# --- one node over a whole container -----------------------------------------------


def node1(xs: BVar[Any, Any], out: Any, vjp: Fn, payload: Any, af: Fn | None) -> BVar[Any, Any]:
    """A node with the single parent ``xs`` (already checked live)."""
    tape = xs._tape
    if tape is None:
        return const(out)
    if af is not None:
        tape.adders[xs._idx] = af
    return record(tape, out, (xs._idx,), (vjp,), payload)


def _fill(kind: str, v: Any, g: Any) -> Any:
    """``g <$ v``: the container ``v`` with every element replaced by ``g``."""
    n = len(v)
    # Separate copies of an array gradient, so no two positions share memory.
    gs = [g.copy() for _ in range(n)] if isinstance(g, np.ndarray) else [g] * n
    return rebuild("sum", kind, v, gs)


def sum_(op: str, xs: Any, af: Fn | None = None) -> BVar[Any, Any]:
    kind, v = container(op, xs)
    if kind == ARRAY:
        return node1(xs, np.sum(v).item(), _sum_array_vjp, v, af)
    vals = elements(kind, v)
    out = builtins.sum(islice(vals, 1, None), vals[0]) if vals else 0.0
    return node1(xs, out, _sum_vjp, (kind, v), af)


def _sum_array_vjp(g: Any, v: Any) -> Any:
    return np.full(v.shape, g, dtype=grad_dtype(v.dtype, g))


def _sum_vjp(g: Any, payload: Any) -> Any:
    kind, v = payload
    return _fill(kind, v, g)


def product_(op: str, xs: Any, af: Fn | None = None) -> BVar[Any, Any]:
    kind, v = container(op, xs)
    if kind == ARRAY:
        p = np.prod(v).item() if len(v) else 1.0
        return node1(xs, p, _product_array_vjp, (v, p), af)
    vals = elements(kind, v)
    if any(isinstance(x, np.ndarray) for x in vals):
        shapes = {np.shape(x) for x in vals}
        if len(shapes) != 1:
            raise ValueError(
                f"product: the elements must all have one shape, got shapes {sorted(shapes)}"
            )
    p = math.prod(vals) if vals else 1.0
    return node1(xs, p, _product_vjp, (kind, v, p), af)


def _product_array_vjp(g: Any, payload: Any) -> Any:
    # p*g/x where no element is 0; with one 0, only it gets g * (product of
    # the others); with two or more, every gradient is 0. Never 0/0.
    v, p = payload
    dtype = grad_dtype(v.dtype, g)
    is_zero = v == 0
    zeros = int(np.count_nonzero(is_zero))
    if zeros == 0:
        return (p * g / v).astype(dtype, copy=False)
    out = np.zeros(v.shape, dtype)
    if zeros == 1:
        out[is_zero] = g * np.prod(v[~is_zero])
    return out


def _div(a: Any, x: Any) -> Any:
    # Integers divide exactly (x divides the product); the rest as Fractional.
    return a // x if type(a) is int and type(x) is int else a / x


def _product_vjp(g: Any, payload: Any) -> Any:
    kind, v, p = payload
    vals = elements(kind, v)
    if any(isinstance(x, np.ndarray) for x in vals):
        return rebuild("product", kind, v, _product_elementwise(vals, p, g))
    zeros = [i for i, x in enumerate(vals) if x == 0]
    if not zeros:
        gs = [_div(p * g, x) for x in vals]
    else:
        gs = [class_zero(x) for x in vals]
        if len(zeros) == 1:
            k = zeros[0]
            gs[k] = math.prod(islice(vals, k)) * math.prod(islice(vals, k + 1, None)) * g
    return rebuild("product", kind, v, gs)


def _product_elementwise(vals: Sequence[Any], p: Any, g: Any) -> list[Any]:
    """The product rule above, position by position, for elements that are arrays."""
    stack = np.stack([np.asarray(x) for x in vals])  # one shape: checked forward
    is_zero = stack == 0
    zeros = is_zero.sum(axis=0)
    safe = np.where(is_zero, 1, stack)
    others = np.prod(safe, axis=0)
    gs = np.where(zeros == 0, p * g / safe, np.where(is_zero & (zeros == 1), others * g, 0))
    return list(gs)


_PICKS: dict[str, tuple[Fn, Fn]] = {
    "minimum": (builtins.min, np.min),
    "maximum": (builtins.max, np.max),
}


def extreme_(op: str, xs: Any, af: Fn | None, zf: Fn | None) -> BVar[Any, Any]:
    """``minimum`` or ``maximum`` (``op``): the gradient goes to every element equal to it."""
    kind, v = container(op, xs)
    if len(v) == 0:
        raise ValueError(f"{op}: an empty {kind} has no {op} (the container must be non-empty)")
    pick, pick_array = _PICKS[op]
    if kind == ARRAY:
        m = pick_array(v).item()
        return node1(xs, m, _extreme_array_vjp, (v, m), af)
    vals = elements(kind, v)
    try:
        m = pick(vals)
    except (TypeError, ValueError) as e:
        raise TypeError(
            f"{op}: the elements of the {kind} cannot be ordered ({e}); {op} needs numbers"
        ) from None
    return node1(xs, m, _extreme_vjp, (kind, v, m, zf), af)


def _extreme_array_vjp(g: Any, payload: Any) -> Any:
    v, m = payload
    out = np.zeros(v.shape, grad_dtype(v.dtype, g))
    out[v == m] = g
    return out


def _extreme_vjp(g: Any, payload: Any) -> Any:
    kind, v, m, zf = payload
    zero = zf or class_zero
    return rebuild("extreme", kind, v, [g if x == m else zero(x) for x in elements(kind, v)])


def length_(op: str, xs: Any, to_type: Fn, af: Fn | None, zf: Fn | None) -> BVar[Any, Any]:
    v = container(op, xs)[1]
    out = to_type(len(v))
    tape = xs._tape
    if tape is None:
        return const(out)
    if af is not None:
        tape.adders[xs._idx] = af
    return record(tape, out, (xs._idx,), _length_vjp, (v, zf))


def _length_vjp(g: Any, payload: Any) -> tuple[Any]:
    # The gradient is zero: made only when a ZeroFunc was given, else skipped.
    v, zf = payload
    return (None if zf is None else zf(v),)


def map_const_(op: str, x: Any, xs: Any, af: Fn | None, zf: Fn | None) -> BVar[Any, Any]:
    """``x <$ xs``: the shape of ``xs`` filled with ``x``; x's gradient is the
    sum of the output's; xs gets none (its values are not used)."""
    kind, v = container(op, xs)
    tape = tape_of(op, (x, xs))
    xv = x._value if type(x) is BVar else x
    if kind == ARRAY:
        if np.ndim(xv) != 0:
            raise TypeError(
                f"{op}: over a 1-D array the value must be a number, got {type(xv).__name__}"
            )
        out = to_array(op, [xv] * len(v), v)
    else:
        out = rebuild(op, kind, v, [xv] * len(v))
    if tape is None or type(x) is not BVar or x._tape is None:
        return const(out)
    return spread(x, out, kind, af, zf)


def spread(x: BVar[Any, Any], out: Any, kind: str, af: Fn | None, zf: Fn | None) -> BVar[Any, Any]:
    """A node whose value ``out`` holds ``x`` at every position (map_const, pure)."""
    tape = x._tape
    assert tape is not None
    if af is not None:
        tape.adders[x._idx] = af
    return record(tape, out, (x._idx,), (_spread_vjp,), (kind, x._value, af, zf))


def _spread_vjp(g: Any, payload: Any) -> Any:
    kind, xv, af, zf = payload
    if kind == ARRAY:
        return np.sum(g).item()
    # foldl' add (zero x) over the output's gradients, as Haskell's pure.
    parts = elements(kind, g)
    return reduce(af or class_add, parts, (zf or class_zero)(xv))


PURE_KINDS: dict[Any, str] = {list: LIST, tuple: TUPLE, np.ndarray: ARRAY}


def pure_(op: str, x: Any, kind_type: Any, af: Fn | None, zf: Fn | None) -> BVar[Any, Any]:
    kind = PURE_KINDS.get(kind_type)
    if kind is None:
        raise TypeError(
            f"{op}: kind must be list, tuple or numpy.ndarray, got {kind_type!r} "
            f"(dicts have no pure: there is no key to put the value under)"
        )
    if type(x) is not BVar:
        raise TypeError(
            f"{op}: expected a BVar, got {type(x).__name__} (wrap a constant in backprop.const_var)"
        )
    tape = tape_of(op, (x,))
    xv = x._value
    if kind == ARRAY:
        if np.ndim(xv) != 0:
            raise TypeError(f"{op}: an array holds numbers, got {type(xv).__name__}")
        out: Any = to_array(op, [xv], np.empty(0))
    else:
        out = rebuild(op, kind, None, [xv])
    if tape is None:
        return const(out)
    return spread(x, out, kind, af, zf)


# --- split into elements and collect back ------------------------------------------


def _container_grad(kind: str, base: Any, pairs: list[tuple[int, Any]], add: Fn, zero: Fn) -> Any:
    """The gradient of the container ``base`` from ``(position, gradient)``
    pairs, built once: repeated positions are added, missing ones zeroed."""
    if kind == ARRAY:
        idx, gs = zip(*pairs)
        g_arr = np.asarray(gs)
        out = np.zeros(base.shape, grad_dtype(base.dtype, g_arr.dtype))
        np.add.at(out, np.asarray(idx, dtype=np.intp), g_arr)
        return out
    grads: list[Any] = [None] * len(base)
    for i, g in pairs:
        cur = grads[i]
        grads[i] = g if cur is None else add(cur, g)
    vals = elements(kind, base)
    for i, g in enumerate(grads):
        if g is None:
            grads[i] = zero(vals[i])
    return rebuild("split", kind, base, grads)


class Slot:
    """The focus of one element of one split: position ``i`` (see ``split``).

    One object per element per split, hashed by identity (cheap). Two splits
    of one container give two slots for a position; ``materialize`` adds them.
    """

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def materialize(self, base: Any, items: list[tuple[Slot, Any]]) -> Any:
        kind = kind_of("split", base)
        pairs = [(s.i, g) for s, g in items]
        return _container_grad(kind, base, pairs, class_add, class_zero)


def _slot_vjp(g: Any, payload: Any) -> Sparse:
    return Sparse(payload[0], payload[1], g)


def _element_vjp(g: Any, i: int) -> tuple[int, Any]:
    return (i, g)


def _gather(cur: Any, c: Any) -> list[tuple[int, Any]]:
    # The "AddFunc" of an explicit split's hub: it gathers (position,
    # gradient) pairs instead of adding. The list is made during this
    # backward pass, so appending never touches another pass's state.
    if type(cur) is tuple:
        return [cur, c]
    cur.append(c)
    return cur  # type: ignore[no-any-return]


def _hub_vjp(g: Any, payload: Any) -> Any:
    kind, v, zf = payload
    return _container_grad(kind, v, [g] if type(g) is tuple else g, class_add, zf)


def split(
    op: str, xs: Any, af: Fn | None = None, zf: Fn | None = None
) -> tuple[str, Any, list[BVar[Any, Any]]]:
    """The kind, value and element BVars of the container BVar ``xs``.

    The container's gradient is built once per pass from its elements':

    - with the class (``af``, ``zf`` None) each element is a view of ``xs``
      whose gradient goes back as a sparse ``(Slot, g)`` pair, the core's
      ``Sparse``, which keeps the tape's float fast path;
    - with explicit ``af``/``zf``, elements hang off one hub node whose
      AddFunc gathers ``(i, g)`` pairs, and ``xs`` adds its gradients with an
      AddFunc made from ``af``: the core's ``Sparse`` would add a dense
      gradient of ``xs`` with the class, which need not know the elements.
      ``af`` adds up the gradients of one element, ``zf`` zeroes an unused one.
    """
    kind, v = container(op, xs)
    vals = elements(kind, v)
    tape = xs._tape
    if tape is None or not vals:
        return kind, v, [const(e) for e in vals]
    nodes = tape.nodes
    if af is None and zf is None:
        start = len(nodes)
        parents = (xs._idx,)
        vjps: tuple[Fn] = (_slot_vjp,)
        nodes.extend([(parents, vjps, (v, Slot(i))) for i in range(len(vals))])
    else:
        hub = record(tape, v, (xs._idx,), (_hub_vjp,), (kind, v, zf or class_zero))._idx
        tape.adders[hub] = _gather
        if af is not None and kind != ARRAY:
            tape.adders.setdefault(xs._idx, _elementwise(kind, af))
        start = len(nodes)
        parents = (hub,)
        vjps = (_element_vjp,)
        nodes.extend([(parents, vjps, i) for i in range(len(vals))])
        if af is not None:
            for j in range(start, len(nodes)):
                tape.adders[j] = af
    return kind, v, [BVar(e, tape, start + i) for i, e in enumerate(vals)]


def _elementwise(kind: str, af: Fn) -> Fn:
    """An AddFunc of a list, tuple or dict made from its elements' ``af``."""

    def add(a: Any, b: Any) -> Any:
        if kind == DICT:
            out = dict(a)
            for k, y in b.items():
                out[k] = af(out[k], y) if k in out else y
            return out
        added = [af(x, y) for x, y in zip(a, b)]
        return added if kind == LIST else tuple(added)

    return add


def collect(
    op: str, kind: str, like: Any, outs: list[Any], af: Fn | None = None, zf: Fn | None = None
) -> BVar[Any, Any]:
    """One node holding the container of ``outs`` (BVars, or plain constants)."""
    tape = tape_of(op, tuple(outs))
    values = [o._value if type(o) is BVar else o for o in outs]
    value = rebuild(op, kind, like, values)
    if tape is None:
        return const(value)
    parents = tuple([o._idx if type(o) is BVar else -1 for o in outs])
    if af is not None:
        for j in parents:
            if j >= 0:
                tape.adders[j] = af
    keys = list(like) if kind == DICT else None
    return record(tape, value, parents, _collect_vjp, (kind, keys, values, zf))


def _collect_vjp(g: Any, payload: Any) -> Any:
    kind, keys, values, zf = payload
    if kind == DICT:
        gs = [g.get(k) for k in keys]
    elif kind == ARRAY:
        gs = np.asarray(g).tolist()
    else:
        gs = g
    if zf is not None and (len(gs) < len(values) or any(c is None for c in gs)):
        # Haskell's collectVar: a component the gradient lacks is zf of the value.
        gs = list(gs) + [None] * (len(values) - len(gs))
        gs = [zf(x) if c is None else c for c, x in zip(gs, values)]
    return gs


def check_pair(op: str, r: Any) -> tuple[Any, Any]:
    if type(r) is not tuple or len(r) != 2:
        raise TypeError(
            f"{op}: f must return a pair (new accumulator, result), got {type(r).__name__}"
        )
    return r


def check_optional(op: str, r: Any) -> Any:
    if r is not None and type(r) is not BVar:
        raise TypeError(
            f"{op}: f must return a BVar or None (the Optional applicative), got {type(r).__name__}"
        )
    return r


def same_kind(op: str, kinds: list[str]) -> str:
    if len(set(kinds)) != 1:
        raise TypeError(f"{op}: the containers must be of one kind, got {' and '.join(kinds)}")
    if kinds[0] == DICT:
        raise TypeError(
            f"{op}: dicts are not an Applicative (Haskell's Map has no Applicative "
            f"instance); use lists, tuples or 1-D arrays"
        )
    return kinds[0]


# --- numeric conversions ----------------------------------------------------------


def _is_integral(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def _is_fractional(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, numbers.Integral)


def convert_(
    op: str,
    x: Any,
    fwd: Callable[[Any], Any],
    back: Callable[[type, Any], Any],
    integral: bool,
    af: Fn | None,
) -> BVar[Any, Any]:
    """An isomorphism-like conversion (``isoVar``): ``fwd`` forward, ``back``
    turning the gradient back into the input's type."""
    if type(x) is not BVar:
        raise TypeError(f"{op}: expected a BVar, got {type(x).__name__}")
    tape_of(op, (x,))
    xv = x._value
    if integral and not _is_integral(xv):
        raise TypeError(
            f"{op}: expected a BVar of an integer, got a BVar of {type(xv).__name__} "
            f"(use real_to_frac or round for fractional numbers)"
        )
    if not integral and not _is_fractional(xv):
        raise TypeError(
            f"{op}: expected a BVar of a fractional real number, got a BVar of "
            f"{type(xv).__name__} (use from_integral for integers)"
        )
    return node1(x, fwd(xv), _convert_vjp, (back, type(xv)), af)


def _convert_vjp(g: Any, payload: Any) -> Any:
    back, cls = payload
    return back(cls, g)


def round_fwd(op: str, to_type: Fn) -> Callable[[Any], Any]:
    def fwd(v: Any) -> Any:
        try:
            n = builtins.round(v)
        except (ValueError, OverflowError):
            raise ValueError(f"{op}: cannot round {v!r} to an integer") from None
        return to_type(n)

    return fwd


def back_integral(cls: type, g: Any) -> Any:
    # Haskell: fromIntegral back for an integral gradient, round for a fractional one.
    return cls(builtins.round(g))


def back_fractional(cls: type, g: Any) -> Any:
    return cls(g)
