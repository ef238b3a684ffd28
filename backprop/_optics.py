"""Optic access over BVars (the ``^^.`` family) through python-lenses.

A view is a tape node whose vjp sends ``Sparse(base, focus, g)`` back (see
``_tape.view``): contributions are kept by focus and the record's gradient is
built once from all of them, so k views of one record cost O(k) plus one
record. Each lens object is resolved once (cached by identity) into a plan:

- a chain of attribute and item lenses (``lens.w1``, ``lens[0]``,
  ``lens.layers[2].w``) becomes a ``_Path``: plain ``getattr``/``[]`` forward,
  and the path itself is the focus. Its ``materialize`` groups all paths into
  a tree and builds each touched record once (``cls(**fields)``, ``_make``,
  a list, a dict, ``np.zeros`` plus assignment), zeroing untouched fields;
- any other optic (traversals, prisms, isos, filters, hand-made lenses) is a
  chain of segments, each one optic run by its own rule: its n targets are n
  view nodes whose foci name their index, rebuilt into one gradient of the
  container (O(n) per pass). Targets are found on the primal value, never on
  a zero, so a value-dependent filter sends each gradient where it came from.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import Any, TypeAlias, TypeVar, overload

import numpy as np
from lenses import hooks
from lenses.maybe import Just
from lenses.optics import (
    ComposedLens,
    EachTraversal,
    FilteringPrism,
    Fold,
    GetattrLens,
    GetitemLens,
    GetZoomAttrTraversal,
    Isomorphism,
    ItemsTraversal,
    JustPrism,
    Prism,
    Setter,
    TrivialIso,
)
from lenses.optics import Traversal as _TraversalKind
from lenses.ui import UnboundLens

from ._class import _registered, instance, register
from ._containers import collect_var
from ._tape import FAST_VIEWS, BVar, record, tape_of
from ._tape import const as _const
from ._tape import view as _view_node

S = TypeVar("S")
R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
E = TypeVar("E")

Lens: TypeAlias = UnboundLens[R, R, A, A]
"""A simple lens from a record ``R`` to a field ``A``: annotate lens constants once."""
Traversal: TypeAlias = UnboundLens[R, R, A, A]
"""A simple traversal from ``R`` to its many ``A``."""

Step = tuple[bool, Any]  # (is an attribute, name or key)


def _zero(x: Any) -> Any:
    return instance(type(x)).zero(x)


def _add(x: Any, y: Any) -> Any:
    return instance(type(x)).add(x, y)


def _tname(v: Any) -> str:
    return type(v).__qualname__


# Haskell's `instance Backprop a => Backprop (Maybe a)`, for lens.Just().
register(
    Just,
    zero=lambda m: m if m.is_nothing() else Just(_zero(m.item)),
    add=lambda m, n: n if m.is_nothing() else m if n.is_nothing() else Just(_add(m.item, n.item)),
    one=lambda m: m if m.is_nothing() else Just(instance(type(m.item)).one(m.item)),
)


# --- containers: how to write a step back and build a gradient ---------------


class _Kind:
    """How one container type writes a step back and builds its gradient."""

    __slots__ = ()

    def check(self, step: Step, setting: bool) -> str | None:
        """Why ``step`` cannot be written back into this type, or None."""
        return None

    def set(self, v: Any, step: Step, new: Any) -> Any:
        is_attr, key = step
        return hooks.setattr(v, key, new) if is_attr else hooks.setitem(v, key, new)

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        # A type of unknown layout: its own zero, then one copy per field.
        out = _zero(base)
        for step, g in touched.items():
            out = self.set(out, step, g)
        return out


def _index(key: Any, n: int) -> int:
    i = int(key)
    return i + n if i < 0 else i


def _put(out: list[Any], i: int, g: Any) -> None:
    # Two steps can name one position (lens.x and lens[0], lens[-1] and lens[n-1]).
    out[i] = g if out[i] is None else _add(out[i], g)


class _DataclassKind(_Kind):
    __slots__ = ("cls", "init", "late")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        fields = dataclasses.fields(cls)
        self.init = [f.name for f in fields if f.init]
        self.late = [f.name for f in fields if not f.init]

    def check(self, step: Step, setting: bool) -> str | None:
        is_attr, key = step
        if not is_attr:
            return f"a dataclass has fields, not items (use lens.{key} for a field)"
        if key in self.late:
            if setting:
                return f"{key!r} is a field with init=False, which dataclasses.replace cannot set"
            return None
        if key not in self.init:
            return f"{key!r} is not a field of the dataclass, so no gradient can be written back"
        return None

    def set(self, v: Any, step: Step, new: Any) -> Any:
        return dataclasses.replace(v, **{step[1]: new})

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        got = {key: g for (_, key), g in touched.items()}
        obj = self.cls(**{n: got[n] if n in got else _zero(getattr(base, n)) for n in self.init})
        # Fields outside __init__ are part of the gradient, as in the Backprop class.
        for n in self.late:
            object.__setattr__(obj, n, got[n] if n in got else _zero(getattr(base, n)))
        return obj


class _NamedTupleKind(_Kind):
    __slots__ = ("cls", "index")

    def __init__(self, cls: type) -> None:
        self.cls = cls
        self.index = {name: i for i, name in enumerate(cls._fields)}  # type: ignore[attr-defined]

    def check(self, step: Step, setting: bool) -> str | None:
        is_attr, key = step
        if is_attr and key not in self.index:
            return f"{key!r} is not a field of the NamedTuple"
        return None

    def _i(self, step: Step, n: int) -> int:
        is_attr, key = step
        return self.index[key] if is_attr else _index(key, n)

    def set(self, v: Any, step: Step, new: Any) -> Any:
        out = list(v)
        out[self._i(step, len(out))] = new
        return self.cls._make(out)  # type: ignore[attr-defined]

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        n = len(base)
        out: list[Any] = [None] * n
        for step, g in touched.items():
            _put(out, self._i(step, n), g)
        return self.cls._make(  # type: ignore[attr-defined]
            [_zero(base[i]) if g is None else g for i, g in enumerate(out)]
        )


class _SequenceKind(_Kind):
    __slots__ = ("is_list",)

    def __init__(self, is_list: bool) -> None:
        self.is_list = is_list

    def check(self, step: Step, setting: bool) -> str | None:
        return f"a {'list' if self.is_list else 'tuple'} has items, not fields" if step[0] else None

    def set(self, v: Any, step: Step, new: Any) -> Any:
        out = list(v) if type(v) is list or type(v) is tuple else copy.copy(v)
        out[step[1]] = new
        if self.is_list:
            return out
        return tuple(out) if type(v) is tuple else type(v)(out)

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        n = len(base)
        out: list[Any] = [None] * n
        for (_, key), g in touched.items():
            _put(out, _index(key, n), g)
        out = [_zero(base[i]) if g is None else g for i, g in enumerate(out)]
        return out if self.is_list else tuple(out)


class _DictKind(_Kind):
    __slots__ = ()

    def check(self, step: Step, setting: bool) -> str | None:
        return f"a dict has keys, not fields (use lens[{step[1]!r}])" if step[0] else None

    def set(self, v: Any, step: Step, new: Any) -> Any:
        out = dict(v) if type(v) is dict else copy.copy(v)
        out[step[1]] = new
        return out

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        got = {key: g for (_, key), g in touched.items()}
        return {k: got[k] if k in got else _zero(v) for k, v in base.items()}


def _grad_dtype(base: np.ndarray[Any, Any], *gs: Any) -> np.dtype[Any]:
    dtype = np.result_type(base, *gs)
    return dtype if np.issubdtype(dtype, np.inexact) else np.dtype(np.float64)


class _ArrayKind(_Kind):
    __slots__ = ()

    def check(self, step: Step, setting: bool) -> str | None:
        return "an array has items, not fields to write back" if step[0] else None

    def set(self, v: Any, step: Step, new: Any) -> Any:
        out = v.copy()
        out[step[1]] = new
        return out

    def fill(self, base: Any, touched: dict[Step, Any]) -> Any:
        out = np.zeros(np.shape(base), dtype=_grad_dtype(base, *touched.values()))
        for (_, key), g in touched.items():
            out[key] += g
        return out


# By type, with the number of registered types then: a later register() may
# hand a type's layout to its own zero (registrations are never removed).
_KINDS: dict[type, tuple[int, _Kind]] = {}


def _kind_of(cls: type) -> _Kind:
    """The container rules of ``cls``, resolved once per type."""
    hit = _KINDS.get(cls)
    if hit is not None and hit[0] == len(_registered):
        return hit[1]
    kind: _Kind
    if any(b in _registered for b in cls.__mro__):
        kind = _Kind()  # the user's zero decides the layout
    elif issubclass(cls, np.ndarray):
        kind = _ArrayKind()
    elif issubclass(cls, tuple) and hasattr(cls, "_fields"):
        kind = _NamedTupleKind(cls)
    elif issubclass(cls, (list, tuple)):
        kind = _SequenceKind(issubclass(cls, list))
    elif issubclass(cls, dict):
        kind = _DictKind()
    elif dataclasses.is_dataclass(cls):
        kind = _DataclassKind(cls)
    else:
        kind = _Kind()
    _KINDS[cls] = (len(_registered), kind)
    return kind


# --- the fast path: chains of attribute and item steps -------------------------


def _step_name(step: Step) -> str:
    is_attr, key = step
    return f".{key}" if is_attr else f"[{key!r}]"


def _chain_getter(getters: tuple[Callable[[Any], Any], ...]) -> Callable[[Any], Any]:
    def get(v: Any) -> Any:
        for g in getters:
            v = g(v)
        return v

    return get


class _Path:
    """A chain of attribute/item steps: a plan, and the focus of its views.

    Foci compare by identity (a C-level hash on the hot path): views through
    one lens object add up in the Sparse dict, and views of one position
    through different lens objects add up when the tree is built.
    """

    __slots__ = ("_ok_get", "_ok_set", "getter", "getters", "name", "steps")

    def __init__(self, steps: tuple[Step, ...], name: str | None = None) -> None:
        self.steps = steps
        self.getters = tuple(attrgetter(k) if a else itemgetter(k) for a, k in steps)
        names = [k for a, k in steps if a]
        if len(names) == len(steps) and not any("." in n for n in names):
            self.getter: Callable[[Any], Any] = attrgetter(".".join(names))
        elif len(steps) == 1:
            self.getter = self.getters[0]
        else:
            self.getter = _chain_getter(self.getters)
        self.name = name if name is not None else "lens" + "".join(map(_step_name, steps))
        # The root type last checked to fit (reading, writing): checked once per type.
        self._ok_get: type | None = None
        self._ok_set: type | None = None

    def __repr__(self) -> str:
        return f"<focus {self.name}>"

    def _misfit(self, op: str, v: Any, setting: bool) -> Exception:
        """The error for a value this path does not fit, naming the failing step."""
        cur = v
        for step, get in zip(self.steps, self.getters):
            why = _kind_of(type(cur)).check(step, setting)
            try:
                nxt = get(cur)
            except (AttributeError, LookupError, TypeError) as e:
                cls: type[Exception] = type(e)
                detail = f"{_step_name(step)} on a {_tname(cur)}: {e}"
                break
            if why is not None:
                cls, detail = TypeError, f"{_step_name(step)} on a {_tname(cur)}: {why}"
                break
            cur = nxt
        else:
            cls, detail = TypeError, "the value changed while it was read"
        return cls(
            f"{op}: the lens {self.name} does not fit a value of type {_tname(v)} ({detail})"
        )

    def _check(self, op: str, v: Any, setting: bool) -> None:
        cur = v
        for step, get in zip(self.steps, self.getters):
            if _kind_of(type(cur)).check(step, setting) is not None:
                raise self._misfit(op, v, setting)
            cur = get(cur)
        if setting:
            self._ok_set = type(v)
        else:
            self._ok_get = type(v)

    def view(self, op: str, x: BVar[Any, Any]) -> BVar[Any, Any]:
        v = x._value
        try:
            out = self.getter(v)
        except (AttributeError, LookupError, TypeError):
            raise self._misfit(op, v, False) from None
        if type(v) is not self._ok_get:
            self._check(op, v, False)
        return _view_node(op, x, self, out)

    def replace(self, v: Any, new: Any) -> Any:
        """``v`` with the focus replaced by ``new`` (a copy; ``v`` is unchanged)."""
        if len(self.steps) == 1:
            return _kind_of(type(v)).set(v, self.steps[0], new)
        parents = []
        for get in self.getters:
            parents.append(v)
            v = get(v)
        for step, parent in zip(reversed(self.steps), reversed(parents)):
            new = _kind_of(type(parent)).set(parent, step, new)
        return new

    def set(self, op: str, y: Any, x: BVar[Any, Any]) -> BVar[Any, Any]:
        v = x._value
        try:
            self.getter(v)
        except (AttributeError, LookupError, TypeError):
            raise self._misfit(op, v, True) from None
        if type(v) is not self._ok_set:
            self._check(op, v, True)
        tape = tape_of(op, (x, y))
        y_is_var = type(y) is BVar
        out = self.replace(v, y._value if y_is_var else y)
        if tape is None:
            return _const(out)
        if x._tape is None:
            return record(tape, out, (y._idx,), (_set_dy,), self)
        if not y_is_var or y._tape is None:
            return record(tape, out, (x._idx,), (_set_dx,), self)
        return record(tape, out, (x._idx, y._idx), (_set_dx, _set_dy), self)

    # --- the plan interface -------------------------------------------------

    view1 = view

    def views(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        return [self.view(op, x)]

    def over(
        self, op: str, f: Callable[[BVar[Any, Any]], Any], x: BVar[Any, Any]
    ) -> BVar[Any, Any]:
        return self.set(op, f(self.view(op, x)), x)

    # --- the focus interface (called by _tape.Sparse) ---------------------------

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        touched: dict[Step, Any] = {}
        for focus, g in items:
            if len(focus.steps) != 1:
                return _fill_tree(base, [(focus.steps, 0, g) for focus, g in items])
            step = focus.steps[0]
            touched[step] = _add(touched[step], g) if step in touched else g
        return _kind_of(type(base)).fill(base, touched)


def _fill_tree(base: Any, entries: list[tuple[tuple[Step, ...], int, Any]]) -> Any:
    """The gradient of ``base`` from gradients at the ends of many paths.

    Paths sharing a prefix share the sub-record built for it, so each touched
    record is built once and every untouched field is one ``zero``.
    """
    touched: dict[Step, Any] = {}
    deeper: dict[Step, list[tuple[tuple[Step, ...], int, Any]]] = {}
    for steps, i, g in entries:
        step = steps[i]
        if i + 1 == len(steps):
            touched[step] = _add(touched[step], g) if step in touched else g
        else:
            deeper.setdefault(step, []).append((steps, i + 1, g))
    for step, sub in deeper.items():
        child = getattr(base, step[1]) if step[0] else base[step[1]]
        g = _fill_tree(child, sub)
        touched[step] = _add(touched[step], g) if step in touched else g
    return _kind_of(type(base)).fill(base, touched)


def _set_dx(g: Any, path: _Path) -> Any:
    # The old record gets everything but the replaced focus.
    focus = path.getter(g)
    return path.replace(g, _zero(focus))


def _set_dy(g: Any, path: _Path) -> Any:
    return path.getter(g)


# --- the general path: one optic at a time ---------------------------------------


class _AtomFocus:
    """Target ``i`` of one application of an optic; ``foci`` are all its targets.

    Compared by identity: two applications of one optic to one value give
    equal positions under different foci, added up in ``materialize``.
    """

    __slots__ = ("atom", "foci", "i")

    def __init__(self, atom: _Atom, i: int, foci: list[Any]) -> None:
        self.atom = atom
        self.i = i
        self.foci = foci

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        groups: dict[int, tuple[_Atom, list[Any], dict[int, Any]]] = {}
        for focus, g in items:
            entry = groups.get(id(focus.atom))
            if entry is None:
                entry = groups[id(focus.atom)] = (focus.atom, focus.foci, {})
            grads = entry[2]
            i = focus.i
            grads[i] = _add(grads[i], g) if i in grads else g
        total: Any = None
        for atom, foci, grads in groups.values():
            part = atom.grad_of(base, foci, grads)
            total = part if total is None else _add(total, part)
        return total


def _rebuild_vjp(g: Any, payload: tuple[_Atom, Any, int]) -> list[Any]:
    atom, new, n = payload
    return [atom.rest_grad(g, new), *atom.focus_grads(g, new, n)]


class _Atom:
    """One optic of a chain that is not an attribute or item step.

    ``foci`` reads its targets from a value, ``rebuild`` writes new ones,
    ``grad_of`` turns the gradients of some targets into one gradient of the
    whole, and ``focus_grads``/``rest_grad`` split a gradient of a rebuilt
    value into the targets' part and the rest (None: nothing else).
    """

    __slots__ = ("name", "optic")

    def __init__(self, optic: Any, name: str) -> None:
        self.optic = optic
        self.name = name

    def _misfit(self, op: str, v: Any, e: Exception) -> Exception:
        return type(e)(
            f"{op}: the optic {self.name} does not fit a value of type {_tname(v)} "
            f"(at {self.optic!r}: {e})"
        )

    def foci(self, op: str, v: Any) -> list[Any]:
        try:
            return list(self.optic.to_list_of(v))
        except (AttributeError, LookupError, TypeError, ValueError, NotImplementedError) as e:
            raise self._misfit(op, v, e) from None

    def grad_of(self, base: Any, foci: list[Any], grads: dict[int, Any]) -> Any:
        full = [grads[i] if i in grads else _zero(f) for i, f in enumerate(foci)]
        return self.optic.iterate(_zero(base), full)

    def rebuild(self, v: Any, news: list[Any]) -> Any:
        return self.optic.iterate(v, news)

    def focus_grads(self, g: Any, new: Any, n: int) -> list[Any]:
        got = list(self.optic.to_list_of(g))
        if len(got) != n:
            raise ValueError(
                f"{self.name}: the gradient has {len(got)} targets where the value had {n}"
            )
        return got

    def rest_grad(self, g: Any, new: Any) -> Any:
        return self.optic.iterate(g, [_zero(f) for f in self.optic.to_list_of(g)])

    def views(self, op: str, b: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        v = b._value
        fs = self.foci(op, v)
        if b._tape is None:
            return [_const(f) for f in fs]
        return [_view_node(op, b, _AtomFocus(self, i, fs), f) for i, f in enumerate(fs)]

    def over(
        self, op: str, f: Callable[[BVar[Any, Any]], Any], b: BVar[Any, Any]
    ) -> BVar[Any, Any]:
        targets = self.views(op, b)
        if not targets:
            return b
        news = [f(t) for t in targets]
        tape = tape_of(op, (b, *news))
        new = self.rebuild(b._value, [n._value if type(n) is BVar else n for n in news])
        if tape is None:
            return _const(new)
        parents = (b._idx, *[n._idx if type(n) is BVar else -1 for n in news])
        return record(tape, new, parents, _rebuild_vjp, (self, new, len(news)))


class _FilterAtom(_Atom):
    """``Filter``/``Instance``: the value itself, when it matches (no node)."""

    __slots__ = ()

    def views(self, op: str, b: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        return [b] if self.optic.has(b._value) else []

    def over(
        self, op: str, f: Callable[[BVar[Any, Any]], Any], b: BVar[Any, Any]
    ) -> BVar[Any, Any]:
        if not self.optic.has(b._value):
            return b
        out = f(b)
        return out if type(out) is BVar else _const(out)


class _PrismAtom(_Atom):
    """A prism (``Just`` or hand-made): its focus, when it matches; ``pack`` rebuilds."""

    __slots__ = ()

    def foci(self, op: str, v: Any) -> list[Any]:
        try:
            m = self.optic.unpack(v)
        except (AttributeError, LookupError, TypeError, ValueError) as e:
            raise self._misfit(op, v, e) from None
        return [] if m.is_nothing() else [m.unwrap()]

    def grad_of(self, base: Any, foci: list[Any], grads: dict[int, Any]) -> Any:
        return self.optic.pack(grads[0])

    def rebuild(self, v: Any, news: list[Any]) -> Any:
        return self.optic.pack(news[0])

    def focus_grads(self, g: Any, new: Any, n: int) -> list[Any]:
        m = self.optic.unpack(g)
        return [None if m.is_nothing() else m.unwrap()]

    def rest_grad(self, g: Any, new: Any) -> Any:
        return None


class _IsoAtom(_PrismAtom):
    """An isomorphism, with derivative 1 as in ``iso_var``: gradients go through ``backwards``."""

    __slots__ = ()

    def foci(self, op: str, v: Any) -> list[Any]:
        try:
            return [self.optic.forwards(v)]
        except (AttributeError, LookupError, TypeError, ValueError) as e:
            raise self._misfit(op, v, e) from None

    def grad_of(self, base: Any, foci: list[Any], grads: dict[int, Any]) -> Any:
        return self.optic.backwards(grads[0])

    def rebuild(self, v: Any, news: list[Any]) -> Any:
        return self.optic.backwards(news[0])

    def focus_grads(self, g: Any, new: Any, n: int) -> list[Any]:
        return [self.optic.forwards(g)]


def _key_grad(k: Any) -> Any:
    # The key of a (key, value) pair is not differentiable; keep its slot typed when we can.
    try:
        return _zero(k)
    except TypeError:
        return None


class _EachAtom(_Atom):
    """``Each``: the elements of a list, tuple, 1-D or n-D array, or the pairs of a dict."""

    __slots__ = ()

    def foci(self, op: str, v: Any) -> list[Any]:
        if isinstance(v, np.ndarray):
            if v.ndim == 0:
                raise self._misfit(op, v, TypeError("a 0-d array has no elements"))
            return v.tolist() if v.ndim == 1 else list(v)
        if type(v) is list or type(v) is tuple or hasattr(v, "_make"):
            return list(v)
        if isinstance(v, dict):
            return list(v.items())
        return super().foci(op, v)

    def grad_of(self, base: Any, foci: list[Any], grads: dict[int, Any]) -> Any:
        if isinstance(base, np.ndarray):
            out = np.zeros(base.shape, dtype=_grad_dtype(base, *grads.values()))
            for i, g in grads.items():
                out[i] = g
            return out
        if isinstance(base, dict):
            return {
                k: grads[i][1] if i in grads and grads[i][1] is not None else _zero(v)
                for i, (k, v) in enumerate(foci)
            }
        if type(base) is list or type(base) is tuple or hasattr(base, "_make"):
            full = [grads[i] if i in grads else _zero(f) for i, f in enumerate(foci)]
            return full if type(base) is list else self.rebuild(base, full)
        return super().grad_of(base, foci, grads)

    def rebuild(self, v: Any, news: list[Any]) -> Any:
        if isinstance(v, np.ndarray):
            out = np.array(news, dtype=np.result_type(v, *news))
            if out.shape != v.shape:
                raise ValueError(
                    f"{self.name}: the new elements make an array of shape {out.shape}, "
                    f"not {v.shape}"
                )
            return out
        if type(v) is list:
            return list(news)
        if type(v) is tuple:
            return tuple(news)
        if hasattr(v, "_make"):
            return v._make(news)
        return super().rebuild(v, news)

    def focus_grads(self, g: Any, new: Any, n: int) -> list[Any]:
        if isinstance(new, np.ndarray):
            return g.tolist() if np.ndim(g) == 1 else list(g)
        if isinstance(new, dict):
            return [(_key_grad(k), g[k] if k in g else _zero(v)) for k, v in new.items()]
        if isinstance(new, (list, tuple)):
            return list(g)
        return super().focus_grads(g, new, n)

    def rest_grad(self, g: Any, new: Any) -> Any:
        if isinstance(new, (np.ndarray, dict, list, tuple)):
            return None  # every element is a target
        return super().rest_grad(g, new)


class _ValuesAtom(_Atom):
    """``Values()`` (``Items() & [1]``) of a dict: its values in order."""

    __slots__ = ()

    def foci(self, op: str, v: Any) -> list[Any]:
        if isinstance(v, dict):
            return list(v.values())
        return super().foci(op, v)

    def grad_of(self, base: Any, foci: list[Any], grads: dict[int, Any]) -> Any:
        if isinstance(base, dict):
            return {
                k: grads[i] if i in grads else _zero(f) for i, (k, f) in enumerate(base.items())
            }
        return super().grad_of(base, foci, grads)

    def rebuild(self, v: Any, news: list[Any]) -> Any:
        if isinstance(v, dict):
            out = dict(v) if type(v) is dict else copy.copy(v)
            for k, new in zip(v, news):
                out[k] = new
            return out
        return super().rebuild(v, news)

    def focus_grads(self, g: Any, new: Any, n: int) -> list[Any]:
        if isinstance(new, dict):
            return [g.get(k) for k in new]
        return super().focus_grads(g, new, n)

    def rest_grad(self, g: Any, new: Any) -> Any:
        return None if isinstance(new, dict) else super().rest_grad(g, new)


Segment: TypeAlias = "_Path | _Atom"


class _Chain:
    """A plan of several segments: the targets of each are fed to the next."""

    __slots__ = ("name", "segments")

    def __init__(self, segments: list[Segment], name: str) -> None:
        self.segments = segments
        self.name = name

    def views(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        frontier = [x]
        for seg in self.segments:
            frontier = [t for b in frontier for t in seg.views(op, b)]
        return frontier

    def view1(self, op: str, x: BVar[Any, Any]) -> BVar[Any, Any]:
        found = self.views(op, x)
        if not found:
            raise ValueError(
                f"{op}: the optic {self.name} has no target in this value of type "
                f"{_tname(x._value)} (a prism that does not match, or an empty "
                f"traversal); use preview_var or to_list_of_var"
            )
        return found[0]

    def over(
        self, op: str, f: Callable[[BVar[Any, Any]], Any], x: BVar[Any, Any]
    ) -> BVar[Any, Any]:
        def go(i: int, b: BVar[Any, Any]) -> Any:
            if i == len(self.segments):
                return f(b)
            return self.segments[i].over(op, lambda t: go(i + 1, t), b)

        out = go(0, x)
        return out if type(out) is BVar else _const(out)

    def set(self, op: str, y: Any, x: BVar[Any, Any]) -> BVar[Any, Any]:
        return self.over(op, lambda _: y, x)


class _Whole:
    """The identity optic (``lens`` itself)."""

    __slots__ = ()

    def views(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        return [x]

    def view1(self, op: str, x: BVar[Any, Any]) -> BVar[Any, Any]:
        return x

    def over(
        self, op: str, f: Callable[[BVar[Any, Any]], Any], x: BVar[Any, Any]
    ) -> BVar[Any, Any]:
        out = f(x)
        return out if type(out) is BVar else _const(out)

    def set(self, op: str, y: Any, x: BVar[Any, Any]) -> BVar[Any, Any]:
        tape_of(op, (x, y))
        return y if type(y) is BVar else _const(y)


Plan: TypeAlias = "_Path | _Chain | _Whole"


# --- resolving a lens into a plan, once per lens object ----------------------------


def _simple_key(key: Any) -> bool:
    """An item key that names one position (not a slice or a fancy index)."""
    parts = key if type(key) is tuple else (key,)
    return all(isinstance(p, (int, np.integer, str, bytes, float)) for p in parts)


def _step_of(optic: Any) -> Step | None:
    t = type(optic)
    if t is GetZoomAttrTraversal or t is GetattrLens:
        return (True, optic.name)
    if t is GetitemLens and _simple_key(optic.key):
        return (False, optic.key)
    return None


def _unusable(op: str, l: Any, optic: Any) -> TypeError:
    kind = optic.kind()
    what = kind.__name__ if kind is not None else type(optic).__name__
    if kind is not None and issubclass(kind, Fold):
        why = "it can read its targets but not write them"
    elif kind is not None and issubclass(kind, Setter):
        why = "it can write its targets but not read them"
    else:
        why = "it can neither read nor write targets"
    return TypeError(
        f"{op}: {l!r} includes {optic!r}, a {what}: {why}, so no gradient can "
        f"flow back through it. Use a Lens, Traversal, Prism or Iso (compute "
        f"derived values with lifted functions)"
    )


def _resolve(op: str, l: Any) -> Plan:
    if not isinstance(l, UnboundLens):
        raise TypeError(
            f"{op}: expected an unbound lens such as lens.w1 or lens[0], got "
            f"{type(l).__name__} {l!r}"
        )
    optic = l._optic
    atoms: list[Any] = list(optic.lenses) if type(optic) is ComposedLens else [optic]
    atoms = [a for a in atoms if type(a) is not TrivialIso]
    steps = [_step_of(a) for a in atoms]
    path = [s for s in steps if s is not None]
    if len(path) == len(steps):
        return _Path(tuple(path)) if path else _Whole()
    name = repr(l)
    segments: list[Segment] = []
    run: list[Step] = []
    i = 0
    while i < len(atoms):
        a, step = atoms[i], steps[i]
        i += 1
        if step is not None:
            run.append(step)
            continue
        if run:
            segments.append(_Path(tuple(run), name))
            run = []
        kind = a.kind()
        if kind is None or not issubclass(kind, _TraversalKind):
            raise _unusable(op, l, a)
        if isinstance(a, FilteringPrism):
            segments.append(_FilterAtom(a, name))
        elif isinstance(a, Isomorphism):
            segments.append(_IsoAtom(a, name))
        elif isinstance(a, (JustPrism, Prism)):
            segments.append(_PrismAtom(a, name))
        elif type(a) is EachTraversal:
            segments.append(_EachAtom(a, name))
        elif (
            type(a) is ItemsTraversal
            and i < len(atoms)
            and type(atoms[i]) is GetitemLens
            and atoms[i].key == 1
        ):
            segments.append(_ValuesAtom(ComposedLens([a, atoms[i]]), name))
            i += 1
        else:
            segments.append(_Atom(a, name))
    if run:
        segments.append(_Path(tuple(run), name))
    return _Chain(segments, name)


# By id, holding the lens so its id is not reused; bounded for lenses made in loops.
_PLANS: dict[int, tuple[Any, Plan]] = {}
_MAX_PLANS = 4096


def _plan(op: str, l: Any) -> Plan:
    hit = _PLANS.get(id(l))
    if hit is not None and hit[0] is l:
        return hit[1]
    plan = _resolve(op, l)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
        FAST_VIEWS.clear()
    _PLANS[id(l)] = (l, plan)
    return plan


def _need_bvar(op: str, x: object) -> None:
    if type(x) is not BVar:
        raise TypeError(
            f"{op}: expected a BVar to look into, got {type(x).__name__} "
            f"(make a constant with const_var, or use the lens on the plain value)"
        )


# --- the public API ------------------------------------------------------------------


def view_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B]:
    """``x ^^. l``: the focus of a lens, on the tape (``viewVar``).

    Its gradient is the focus's gradient written into a zero of the whole;
    many views of one record build that record's gradient once. Attribute and
    item lenses (and chains of them) take a fast path; any other optic works
    through python-lenses, and a traversal gives its first target.

    A lens that does not fit the value (a missing attribute, key or index, or
    an attribute that is not a field and so cannot take a gradient) raises
    here, naming the lens and the value's type. ``lens.w`` reads the
    attribute ``w`` (python-lenses would zoom into a field that is a lens).

    >>> from dataclasses import dataclass
    >>> from lenses import lens
    >>> import backprop as bp
    >>> @dataclass(frozen=True)
    ... class Net:
    ...     w: float
    ...     b: float
    >>> def f(n: bp.BVar[bp.S, Net]) -> bp.BVar[bp.S, float]:
    ...     return bp.view_var(lens.w, n) * 3.0 + n.view(lens.b)
    >>> bp.grad_bp(f, Net(w=1.0, b=2.0))
    Net(w=3.0, b=1.0)
    """
    if type(x) is not BVar:
        _need_bvar("view_var", x)
    return x.view(l)


def view_slow(l: Any, x: BVar[Any, Any]) -> BVar[Any, Any]:
    """``view_var`` the first time a lens meets a root type (``BVar.view``
    takes every later view itself, from ``FAST_VIEWS``), or through a plan
    other than a path of attributes and items."""
    plan = _plan("view_var", l)
    out = plan.view1("view_var", x)
    if type(plan) is _Path and plan._ok_get is type(x._value):
        FAST_VIEWS[id(l)] = (l, plan.getter, plan._ok_get, plan)
    return out


def set_var(l: UnboundLens[A, A, B, B], y: BVar[S, B] | B, x: BVar[S, A]) -> BVar[S, A]:
    """``l .~~ y $ x``: ``x`` with the focus of ``l`` replaced by ``y`` (``setVar``).

    ``y`` gets the gradient of the focus (summed over every target of a
    traversal); ``x`` gets the rest of the gradient, with the focus zeroed.
    The whole is copied, never changed (``dataclasses.replace``,
    ``_replace``, a new list or dict, ``ndarray.copy``); a NamedTuple stays a
    NamedTuple under ``lens[i]``.

    >>> from lenses import lens
    >>> import backprop as bp
    >>> def f(
    ...     xy: bp.BVar[bp.S, tuple[float, float]], z: bp.BVar[bp.S, float]
    ... ) -> bp.BVar[bp.S, tuple[float, float]]:
    ...     return bp.set_var(lens[0], z * 2.0, xy)
    >>> bp.backprop2(f, (1.0, 2.0), 5.0)
    ((10.0, 2.0), ((0.0, 1.0), 2.0))
    """
    _need_bvar("set_var", x)
    return _plan("set_var", l).set("set_var", y, x)


def over_var(
    l: UnboundLens[A, A, B, B], f: Callable[[BVar[S, B]], BVar[S, B]], x: BVar[S, A]
) -> BVar[S, A]:
    """``l %~~ f $ x``: apply ``f`` to the focus (every target) of ``l`` (``overVar``).

    >>> from lenses import lens
    >>> import backprop as bp
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, list[float]]:
    ...     return bp.over_var(lens.Each(), lambda v: v * v, xs)
    >>> bp.backprop(f, [1.0, 2.0, 3.0])
    ([1.0, 4.0, 9.0], [2.0, 4.0, 6.0])
    """
    _need_bvar("over_var", x)
    return _plan("over_var", l).over("over_var", f, x)


def preview_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B] | None:
    """``x ^^? l``: the first target of a prism or traversal, or None (``previewVar``).

    None means a prism that does not match or an empty traversal; a lens
    that does not fit the value raises, as in ``view_var``.

    >>> from lenses import lens
    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float | str]) -> bp.BVar[bp.S, float | str]:
    ...     v = bp.preview_var(lens.Instance(float), x)
    ...     return x if v is None else v * 2.0
    >>> bp.backprop(f, 3.0)
    (6.0, 2.0)
    >>> bp.eval_bp(f, "three")
    'three'
    """
    _need_bvar("preview_var", x)
    found = _plan("preview_var", l).views("preview_var", x)
    return found[0] if found else None


def preview_var_or_raise(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B]:
    """``x ^^?! l``: the first target, or a ValueError when there is none.

    >>> from lenses import lens
    >>> import backprop as bp
    >>> bp.grad_bp(lambda x: bp.preview_var_or_raise(lens.Instance(float), x), 2.0)
    1.0
    >>> bp.eval_bp(lambda x: bp.preview_var_or_raise(lens.Instance(float), x), "two")
    Traceback (most recent call last):
    ...
    ValueError: preview_var_or_raise: the optic UnboundLens(InstancePrism(<class 'float'>)) has no target in this value of type str...
    """
    _need_bvar("preview_var_or_raise", x)
    found = _plan("preview_var_or_raise", l).views("preview_var_or_raise", x)
    if not found:
        raise ValueError(
            f"preview_var_or_raise: the optic {l!r} has no target in this value of "
            f"type {_tname(x._value)} (use preview_var to get None instead)"
        )
    return found[0]


def to_list_of_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> list[BVar[S, B]]:
    """``x ^^.. l``: every target of a traversal, as BVars (``toListOfVar``).

    One pass costs O(n) for n targets: their gradients are gathered and the
    container's gradient is built once. ``lens.Each()`` on a dict gives its
    ``(key, value)`` pairs, as python-lenses does (backprop must be able to
    zero a key you read); ``lens.Values()`` gives the values.

    >>> from lenses import lens
    >>> import backprop as bp
    >>> def f(xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
    ...     a, b, c = bp.to_list_of_var(lens.Each(), xs)
    ...     return a * b * c
    >>> bp.grad_bp(f, [2.0, 3.0, 4.0])
    [12.0, 8.0, 6.0]
    """
    _need_bvar("to_list_of_var", x)
    return _plan("to_list_of_var", l).views("to_list_of_var", x)


# --- splitting records into BVars and joining them back ----------------------------------

_FIELD_PATHS: dict[tuple[bool, Any], _Path] = {}


def _field(step: Step) -> _Path:
    path = _FIELD_PATHS.get(step)
    if path is None:
        path = _FIELD_PATHS[step] = _Path((step,))
    return path


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
def split_bv(x: BVar[S, Any]) -> Any: ...
def split_bv(x: BVar[Any, Any]) -> Any:
    """Split a BVar of a tuple or record into its fields as BVars (``splitBV``, ``T2``...).

    A tuple gives a tuple of BVars (typed for 2 to 5 elements). A dataclass or
    NamedTuple gives an object of the same class whose fields hold BVars;
    mypy sees it as ``Any`` (Python cannot type "this record, with every field
    a BVar"). Its ``__init__`` is not run. ``join_bv`` makes it a BVar again.

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
    _need_bvar("split_bv", x)
    v = x._value
    cls = type(v)
    if isinstance(v, tuple):
        parts = [_field((False, i)).view("split_bv", x) for i in range(len(v))]
        return cls._make(parts) if hasattr(cls, "_make") else tuple(parts)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        obj = object.__new__(cls)
        for f in dataclasses.fields(v):
            if hasattr(v, f.name):
                object.__setattr__(obj, f.name, _field((True, f.name)).view("split_bv", x))
        return obj
    raise TypeError(
        f"split_bv: expected a BVar of a tuple, NamedTuple or dataclass, got a BVar "
        f"of {_tname(v)} (use sequence_var for lists, dicts and arrays)"
    )


def _join_vjp(g: Any, names: list[str] | None) -> Any:
    return g if names is None else [getattr(g, n) for n in names]


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
def join_bv(record: R, /) -> BVar[Any, R]: ...
def join_bv(*xs: Any) -> Any:
    """Join BVars into a BVar of a tuple, or a record of BVars into a BVar (``joinBV``).

    ``join_bv(a, b)`` is a BVar of ``(a, b)`` (typed for 2 to 5 elements).
    ``join_bv(r)`` takes a dataclass or NamedTuple whose fields hold BVars
    (or constants), as ``split_bv`` gives, and builds the record with its
    constructor; it is typed loosely (``BVar[Any, R]``).

    >>> import backprop as bp
    >>> def f(p: bp.BVar[bp.S, tuple[float, float]]) -> bp.BVar[bp.S, tuple[float, float]]:
    ...     x, y = bp.split_bv(p)
    ...     return bp.join_bv(y, x * y)
    >>> bp.backprop(f, (2.0, 3.0))
    ((3.0, 6.0), (3.0, 3.0))
    """
    if len(xs) >= 2:
        return collect_var(tuple(xs))
    if len(xs) == 1:
        r = xs[0]
        cls = type(r)
        if isinstance(r, tuple) and hasattr(cls, "_make"):
            names: list[str] | None = None
            parts = list(r)
        elif dataclasses.is_dataclass(r) and not isinstance(r, type):
            # __init__ rebuilds the derived (init=False) fields from the others.
            names = [f.name for f in dataclasses.fields(r) if f.init]
            parts = [getattr(r, n) for n in names]
        else:
            raise TypeError(
                f"join_bv: expected 2 to 5 BVars, or one dataclass or NamedTuple "
                f"holding BVars, got one {_tname(r)}"
                + (" (pass a tuple's elements as separate arguments)" if cls is tuple else "")
            )
        tape = tape_of("join_bv", tuple(parts))
        values = [p._value if type(p) is BVar else p for p in parts]
        value = cls._make(values) if names is None else cls(**dict(zip(names, values)))
        if tape is None:
            return _const(value)
        parents = tuple(p._idx if type(p) is BVar else -1 for p in parts)
        return record(tape, value, parents, _join_vjp, names)
    raise TypeError("join_bv: expected 2 to 5 BVars, or one record holding BVars; got nothing")
