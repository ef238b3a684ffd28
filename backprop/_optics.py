"""Optic access over BVars (the ``^^.`` family) through python-lenses.

A lens is resolved once (cached by identity) into a chain of segments. Each
segment finds its targets in a BVar, as views (``targets``), and puts new
targets back (``rebuild``): a node whose gradient hands each new target its
part and the rest to the whole. Then, as in Haskell,

- ``view_var`` is the first target of the chain, ``to_list_of_var`` all of them;
- ``over_var(l, f, x)`` rebuilds every segment with ``f`` applied at the end;
- ``set_var(l, y, x)`` is ``over_var(l, lambda _: y, x)``.

A chain of attribute and item steps (``lens.layers[2].w``) is one segment,
a ``_Path``: the path is the focus of its views, and the gradient of many
views of one record is built once through the structure registry. Every
other optic is a segment of its own: ``Each``/``Values`` over the children
of a container or the rows of an array (the containers' foci), prisms,
isomorphisms, filters, and any other traversal through python-lenses itself.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable, Mapping
from operator import attrgetter, itemgetter
from types import ModuleType
from typing import Any, TypeVar, cast

import numpy as np
from lenses import hooks
from lenses.maybe import Just, Nothing
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

from ._class import instance, register
from ._containers import array_index, fill, join, split
from ._lenses import Lens as Lens
from ._lenses import Traversal as Traversal
from ._registry import _STATIC, flatten, kind_of, register_container
from ._rules.core import plain
from ._rules.shape import stack
from ._tape import BVar, const, get_focus, record, tape_of, values, view, view_of
from ._typevars import A, B, S

R = TypeVar("R")


Step = tuple[bool, Any]  # (is an attribute, name or key)


def _zero(x: Any) -> Any:
    return instance(type(x)).zero(x)


def _add(x: Any, y: Any) -> Any:
    return instance(type(x)).add(x, y)


def _tname(v: Any) -> str:
    return type(v).__qualname__


# Haskell's `instance Backprop a => Backprop (Maybe a)`, for lens.Just(); its
# structure is a container of zero or one child.
register(
    Just,
    zero=lambda m: m if m.is_nothing() else Just(_zero(m.item)),
    add=lambda m, n: n if m.is_nothing() else m if n.is_nothing() else Just(_add(m.item, n.item)),
    one=lambda m: m if m.is_nothing() else Just(instance(type(m.item)).one(m.item)),
)
register_container(
    Just,
    lambda m: (() if m.is_nothing() else (m.item,), None),
    lambda aux, cs: Just(cs[0]) if cs else Nothing(),
)


# --- paths of attribute and item steps ------------------------------------------------------


def _step_name(step: Step) -> str:
    is_attr, key = step
    return f".{key}" if is_attr else f"[{key!r}]"


def _why_not(v: Any, step: Step, setting: bool) -> str | None:
    """Why ``step`` cannot carry a gradient back into ``v``, or None."""
    is_attr, key = step
    if isinstance(v, np.ndarray):
        return "an array has items, not fields to write back" if is_attr else None
    if isinstance(v, tuple) and hasattr(v, "_fields"):
        fields = getattr(v, "_fields", ())
        return f"{key!r} is not a field of the NamedTuple" if is_attr and key not in fields else None
    if isinstance(v, (list, tuple)):
        return f"a {'list' if isinstance(v, list) else 'tuple'} has items, not fields" if is_attr else None
    if isinstance(v, dict):
        return f"a dict has keys, not fields (use lens[{key!r}])" if is_attr else None
    if dataclasses.is_dataclass(v) and kind_of(type(v)) is not None:
        if not is_attr:
            return f"a dataclass has fields, not items (use lens.{key} for a field)"
        field = {f.name: f for f in dataclasses.fields(v)}.get(key)
        if field is None:
            return f"{key!r} is not a field of the dataclass, so no gradient can be written back"
        if setting and not field.init:
            return f"{key!r} is a field with init=False, which dataclasses.replace cannot set"
    return None


def _position(v: Any, step: Step, flat: Any = None) -> int | None:
    """The child position of ``step`` in the registry container ``v`` (whose
    ``flatten`` may be given), or None when the step is not one of its
    children (a static field)."""
    is_attr, key = step
    if isinstance(v, dict):
        return list(v).index(key)
    if isinstance(v, (list, tuple)) and not is_attr:
        n = len(v)
        i = int(key)
        return i + n if i < 0 else i
    got = flat if flat is not None else flatten(v)
    assert got is not None
    kind, children, aux = got
    names = kind.labels(aux, len(children))
    label = f".{key}" if is_attr else f"[{key}]"
    return names.index(label) if label in names else None


def _positions(v: Any, flat: Any) -> Callable[[Step], int | None]:
    """``_position`` in ``v`` for many steps, the labels read once."""
    if isinstance(v, (dict, list, tuple)):
        return lambda step: _position(v, step, flat)
    kind, children, aux = flat
    where = {label: i for i, label in enumerate(kind.labels(aux, len(children)))}
    return lambda step: where.get(f".{step[1]}" if step[0] else f"[{step[1]}]")


def _replace_child(v: Any, step: Step, new: Any) -> Any:
    """A copy of ``v`` with one step replaced, through the registry (no user
    code runs: the way of gradients)."""
    is_attr, key = step
    if isinstance(v, np.ndarray):
        out = v.copy()
        out[key] = new
        return out
    got = flatten(v)
    i = _position(v, step) if got is not None else None
    if got is None or i is None:  # a type of unknown layout: python-lenses' hooks
        return hooks.setattr(v, key, new) if is_attr else hooks.setitem(v, key, new)
    kind, children, aux = got
    parts = list(children)
    parts[i] = new
    return kind.unflatten(aux, parts)


def _set_step(v: Any, step: Step, new: Any) -> Any:
    """A copy of the value ``v`` with one step replaced; a dataclass through
    ``dataclasses.replace``, as python-lenses does, so a value keeps its
    class's invariants (``__post_init__`` runs)."""
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return dataclasses.replace(v, **{step[1]: new})
    return _replace_child(v, step, new)


def _put(base: Any, touched: dict[Step, Any], deeper: dict[Step, list[Any]]) -> Any:
    """The gradient of ``base`` with ``touched`` gradients at their steps."""
    if isinstance(base, np.ndarray):
        gs = list(touched.values())
        dtype = np.result_type(base, *gs)
        out = np.zeros(base.shape, dtype if dtype.kind in "fc" else np.float64)
        for (_, key), g in touched.items():
            out[key] += g
        return out
    flat = flatten(base)
    position = _positions(base, flat) if flat is not None else lambda step: None
    grads: dict[int, Any] = {}
    other: dict[Step, Any] = {}
    for step, g in touched.items():
        i = position(step)
        if i is None:
            other[step] = g
        else:
            grads[i] = _add(grads[i], g) if i in grads else g
    out = fill(base, grads, flat=flat) if flat is not None else _zero(base)
    # a step the registry cannot place (a type of unknown layout): one copy per step
    for step, g in other.items():
        out = _replace_child(out, step, g)
    return out


def _fill_tree(base: Any, entries: list[tuple[tuple[Step, ...], int, Any]]) -> Any:
    """The gradient of ``base`` from gradients at the ends of many paths;
    each touched record is built once."""
    touched: dict[Step, Any] = {}
    deeper: dict[Step, list[Any]] = {}
    for steps, i, g in entries:
        step = steps[i]
        if i + 1 == len(steps):
            touched[step] = _add(touched[step], g) if step in touched else g
        else:
            deeper.setdefault(step, []).append((steps, i + 1, g))
    for step, sub in deeper.items():
        part = getattr(base, step[1]) if step[0] else base[step[1]]
        g = _fill_tree(part, sub)
        touched[step] = _add(touched[step], g) if step in touched else g
    return _put(base, touched, deeper)


class _Path:
    """A chain of attribute/item steps: a segment, and the focus of its views.

    Foci compare by identity: views through one lens object add up in the
    sparse gradient, views of one position through others when the tree is
    built. The root type last checked to fit is remembered, per direction.
    """

    __slots__ = ("_ok_get", "_ok_set", "getter", "name", "static", "steps")

    def __init__(self, steps: tuple[Step, ...], name: str | None = None) -> None:
        self.steps = steps
        getters = tuple(attrgetter(k) if a else itemgetter(k) for a, k in steps)
        names = [k for a, k in steps if a]
        if len(names) == len(steps) and not any("." in n for n in names):
            self.getter: Callable[[Any], Any] = attrgetter(".".join(names))
        elif len(getters) == 1:
            self.getter = getters[0]
        else:

            def get(v: Any) -> Any:
                for g in getters:
                    v = g(v)
                return v

            self.getter = get
        self.name = name if name is not None else "lens" + "".join(map(_step_name, steps))
        self._ok_get: type | None = None
        self._ok_set: type | None = None
        self.static = False

    def __repr__(self) -> str:
        return f"<focus {self.name}>"

    def get(self, v: Any) -> Any:
        return self.getter(v)

    def _check(self, op: str, v: Any, setting: bool) -> None:
        """Raise, naming the failing step, if the path does not fit ``v``."""
        cur = v
        static = False
        for step in self.steps:
            why = _why_not(cur, step, setting)
            try:
                nxt = getattr(cur, step[1]) if step[0] else cur[step[1]]
            except (AttributeError, LookupError, TypeError) as e:
                cls: type[Exception] = type(e)
                detail = f"{_step_name(step)} on a {_tname(cur)}: {e}"
                break
            if why is not None:
                cls, detail = TypeError, f"{_step_name(step)} on a {_tname(cur)}: {why}"
                break
            if dataclasses.is_dataclass(cur) and step[0]:
                field = {f.name: f for f in dataclasses.fields(cur)}[step[1]]
                static = static or bool(field.metadata.get(_STATIC))
            cur = nxt
        else:
            self.static = static
            if setting:
                self._ok_set = type(v)
            else:
                self._ok_get = type(v)
            return
        raise cls(f"{op}: the lens {self.name} does not fit a value of type {_tname(v)} ({detail})")

    def targets(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        v = x._value
        pv = plain(v)
        if type(pv) is not self._ok_get:
            self._check(op, pv, False)
        try:
            focus = self.getter(pv)
        except (AttributeError, LookupError, TypeError):
            self._check(op, pv, False)  # names the failing step
            raise
        if self.static:
            return [const(focus)]
        if type(v) is BVar:
            return [view(op, x, self)]
        return [view_of(op, x, self, focus)]

    def replace(self, v: Any, new: Any, setter: Any = _set_step) -> Any:
        """``v`` with the focus replaced by ``new`` (a copy; ``v`` is unchanged)."""
        parents = []
        for is_attr, key in self.steps:
            parents.append(v)
            v = getattr(v, key) if is_attr else v[key]
        for step, parent in zip(reversed(self.steps), reversed(parents)):
            new = setter(parent, step, new)
        return new

    def rebuild(self, op: str, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
        pv = plain(x._value)
        if type(pv) is not self._ok_set:
            self._check(op, pv, True)
        return _rebuild(op, self, x, news)

    # the rebuild rule: the value, and the gradient split into the rest and the parts
    def put(self, v: Any, news: list[Any]) -> Any:
        return self.replace(v, news[0])

    def parts(self, g: Any, n: int) -> list[Any]:
        return [get_focus(self, g)]

    def rest(self, g: Any, old: Any) -> Any:
        # the old record's gradient: g with the replaced focus zeroed, in the old focus's shape
        return self.replace(g, _zero(self.getter(plain(old))), _replace_child)

    # the focus interface (called by backprop._tape.Sparse)
    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        return _fill_tree(base, [(focus.steps, 0, g) for focus, g in items])


# --- one optic at a time ----------------------------------------------------------------------


class _Segment:
    """One optic that is not an attribute or item step, run through python-lenses."""

    __slots__ = ("name", "optic")

    def __init__(self, optic: Any, name: str) -> None:
        self.optic = optic
        self.name = name

    def _misfit(self, op: str, v: Any, e: Exception) -> Exception:
        return type(e)(
            f"{op}: the optic {self.name} does not fit a value of type {_tname(v)} "
            f"(at {self.optic!r}: {e})"
        )

    def found(self, op: str, v: Any) -> list[Any]:
        try:
            return list(self.optic.to_list_of(v))
        except (AttributeError, LookupError, TypeError, ValueError, NotImplementedError) as e:
            raise self._misfit(op, v, e) from None

    def targets(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        v = plain(x._value)
        fs = self.found(op, v)
        return [view_of(op, x, _Target(self, i, len(fs)), f) for i, f in enumerate(fs)]

    def rebuild(self, op: str, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
        return _rebuild(op, self, x, news)

    def put(self, v: Any, news: list[Any]) -> Any:
        return self.optic.iterate(v, news)

    def parts(self, g: Any, n: int) -> list[Any]:
        got = list(self.optic.to_list_of(g))
        if len(got) != n:
            raise ValueError(f"{self.name}: the gradient has {len(got)} targets where the value had {n}")
        return got

    def rest(self, g: Any, old: Any) -> Any:
        return self.optic.iterate(g, [_zero(f) for f in self.optic.to_list_of(plain(old))])

    def grad_of(self, base: Any, grads: dict[int, Any], n: int) -> Any:
        fs = self.found("backprop", base)
        return self.put(_zero(base), [grads[i] if i in grads else _zero(f) for i, f in enumerate(fs)])


class _Target:
    """Target ``i`` of ``n`` of one application of a segment (compared by identity)."""

    __slots__ = ("i", "n", "segment")

    def __init__(self, segment: _Segment, i: int, n: int) -> None:
        self.segment = segment
        self.i = i
        self.n = n

    def get(self, v: Any) -> Any:
        return self.segment.found("view", v)[self.i]

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        groups: dict[int, tuple[_Segment, int, dict[int, Any]]] = {}
        for focus, g in items:
            entry = groups.setdefault(id(focus.segment), (focus.segment, focus.n, {}))
            grads = entry[2]
            grads[focus.i] = _add(grads[focus.i], g) if focus.i in grads else g
        total: Any = None
        for segment, n, grads in groups.values():
            part = segment.grad_of(base, grads, n)
            total = part if total is None else _add(total, part)
        return total


def _rebuild_vjp(g: Any, p: Any) -> list[Any]:
    segment, n, old = p
    if n == 0:
        return [g]
    return [segment.rest(g, old), *segment.parts(g, n)]


def _rebuild(op: str, segment: Any, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
    """``x`` with the targets of ``segment`` replaced by ``news`` (BVars or constants)."""
    tape = tape_of(op, (x, *news))
    (v, *new_values), parents = values(tape, (x, *news))
    if type(v) is BVar or any(type(n) is BVar for n in new_values):
        out = _rebuild(op, segment, v if type(v) is BVar else const(v), new_values)
    else:
        out = segment.put(v, new_values)
    if tape is None:
        return const(out)
    return record(tape, out, parents, _rebuild_vjp, (segment, len(news), v))


def _key_grad(k: Any) -> Any:
    # a dict key is not differentiable; keep its slot typed when we can
    try:
        return _zero(k)
    except TypeError:
        return None


class _Pair:
    """The ``(key, value)`` pair ``i`` of a dict: only the value gets a gradient."""

    __slots__ = ("i",)

    def __init__(self, i: int) -> None:
        self.i = i

    def get(self, v: Any) -> Any:
        return list(v.items())[self.i]

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any:
        grads: dict[int, Any] = {}
        for focus, g in items:
            grads[focus.i] = _add(grads[focus.i], g[1]) if focus.i in grads else g[1]
        return fill(base, grads)


class _Children(_Segment):
    """``Each`` over a registry container (the pairs of a dict) or an array
    (its rows, or the floats of a 1-D array), ``Values`` of a dict: the
    containers' own foci."""

    __slots__ = ("pairs",)

    def __init__(self, optic: Any, name: str, pairs: bool) -> None:
        super().__init__(optic, name)
        self.pairs = pairs  # Each on a dict gives (key, value) pairs, as python-lenses does

    def _kind(self, v: Any) -> str:
        if isinstance(v, np.ndarray):
            return "array"
        if type(v) is dict:
            return "pairs" if self.pairs else "children"
        if type(v) in (list, tuple) or (isinstance(v, tuple) and hasattr(v, "_make")):
            return "children"
        return "other"

    def targets(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        v = plain(x._value)
        kind = self._kind(v)
        if kind == "array":
            if v.ndim == 0:
                raise self._misfit(op, v, TypeError("a 0-d array has no elements"))
            return [view(op, x, array_index(i)) for i in range(len(v))]
        if kind == "pairs":
            return [view(op, x, _Pair(i)) for i in range(len(v))]
        if kind == "children":
            return split(op, x)
        return super().targets(op, x)

    def rebuild(self, op: str, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
        v = plain(x._value)
        kind = self._kind(v)
        if kind == "array":
            out = stack(list(news))
            if np.shape(plain(out)) != v.shape:
                raise ValueError(
                    f"{self.name}: the new elements make an array of shape "
                    f"{np.shape(plain(out))}, not {v.shape}"
                )
            return out if type(out) is BVar else const(out)
        if kind == "children":
            got = flatten(v)
            assert got is not None
            return join(op, got[0].unflatten(got[2], news))
        return super().rebuild(op, x, news)

    def put(self, v: Any, news: list[Any]) -> Any:
        return dict(news) if self._kind(v) == "pairs" else super().put(v, news)

    def parts(self, g: Any, n: int) -> list[Any]:
        if type(g) is dict and self.pairs:
            return [(_key_grad(k), e) for k, e in g.items()]
        return super().parts(g, n)

    def rest(self, g: Any, old: Any) -> Any:
        return None if type(g) is dict else super().rest(g, old)


class _Filter(_Segment):
    """``Filter``/``Instance``: the value itself, when it matches (no node)."""

    __slots__ = ()

    def targets(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        return [x] if self.optic.has(plain(x._value)) else []

    def rebuild(self, op: str, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
        if not news:
            return x
        return news[0] if type(news[0]) is BVar else const(news[0])


class _Prism(_Segment):
    """A prism (``Just`` or hand-made): its focus when it matches; ``pack`` rebuilds."""

    __slots__ = ()

    def found(self, op: str, v: Any) -> list[Any]:
        try:
            m = self.optic.unpack(v)
        except (AttributeError, LookupError, TypeError, ValueError) as e:
            raise self._misfit(op, v, e) from None
        return [] if m.is_nothing() else [m.unwrap()]

    def put(self, v: Any, news: list[Any]) -> Any:
        return self.optic.pack(news[0])

    def parts(self, g: Any, n: int) -> list[Any]:
        m = self.optic.unpack(g)
        return [None if m.is_nothing() else m.unwrap()]

    def rest(self, g: Any, old: Any) -> Any:
        return None

    def grad_of(self, base: Any, grads: dict[int, Any], n: int) -> Any:
        return self.optic.pack(grads[0])


class _JustPrism(_Prism):
    __slots__ = ()

    def found(self, op: str, v: Any) -> list[Any]:
        if not isinstance(v, Just):
            raise self._misfit(
                op, v, TypeError(f"lens.Just() looks into a lenses.maybe.Just, got {v!r}")
            )
        return [] if v.is_nothing() else [v.item]


class _Iso(_Prism):
    """An isomorphism, with derivative 1 as in ``iso_var``: gradients go through ``backwards``."""

    __slots__ = ()

    def found(self, op: str, v: Any) -> list[Any]:
        try:
            return [self.optic.forwards(v)]
        except (AttributeError, LookupError, TypeError, ValueError) as e:
            raise self._misfit(op, v, e) from None

    def put(self, v: Any, news: list[Any]) -> Any:
        return self.optic.backwards(news[0])

    def parts(self, g: Any, n: int) -> list[Any]:
        return [self.optic.forwards(g)]

    def grad_of(self, base: Any, grads: dict[int, Any], n: int) -> Any:
        return self.optic.backwards(grads[0])


class _Whole:
    """The identity optic (``lens`` itself)."""

    name = "lens"

    def targets(self, op: str, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
        return [x]

    def rebuild(self, op: str, x: BVar[Any, Any], news: list[Any]) -> BVar[Any, Any]:
        tape_of(op, (x, *news))
        return news[0] if type(news[0]) is BVar else const(news[0])


# --- resolving a lens into a chain of segments, once per lens object ------------------------


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


def _resolve(op: str, l: Any) -> list[Any]:
    if not isinstance(l, UnboundLens):
        raise TypeError(
            f"{op}: expected an unbound lens such as lens.w1 or lens[0], got "
            f"{type(l).__name__} {l!r}"
        )
    optic = l._optic
    atoms: list[Any] = list(optic.lenses) if type(optic) is ComposedLens else [optic]
    atoms = [a for a in atoms if type(a) is not TrivialIso]
    steps = [_step_of(a) for a in atoms]
    if all(s is not None for s in steps):
        return [_Path(tuple(steps))] if steps else [_Whole()]  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    name = repr(l)
    chain: list[Any] = []
    run: list[Step] = []
    i = 0
    while i < len(atoms):
        a, step = atoms[i], steps[i]
        i += 1
        if step is not None:
            run.append(step)
            continue
        if run:
            chain.append(_Path(tuple(run), name))
            run = []
        kind = a.kind()
        if kind is None or not issubclass(kind, _TraversalKind):
            raise _unusable(op, l, a)
        if isinstance(a, FilteringPrism):
            chain.append(_Filter(a, name))
        elif isinstance(a, Isomorphism):
            chain.append(_Iso(a, name))
        elif isinstance(a, JustPrism):
            chain.append(_JustPrism(a, name))
        elif isinstance(a, Prism):
            chain.append(_Prism(a, name))
        elif type(a) is EachTraversal:
            chain.append(_Children(a, name, pairs=True))
        elif (
            type(a) is ItemsTraversal
            and i < len(atoms)
            and type(atoms[i]) is GetitemLens
            and atoms[i].key == 1
        ):
            chain.append(_Children(ComposedLens([a, atoms[i]]), name, pairs=False))
            i += 1
        else:
            chain.append(_Segment(a, name))
    if run:
        chain.append(_Path(tuple(run), name))
    return chain


# By id, holding the lens so its id is not reused; bounded for lenses made in loops.
_PLANS: dict[int, tuple[Any, list[Any]]] = {}
_MAX_PLANS = 4096


def _plan(op: str, l: Any) -> list[Any]:
    hit = _PLANS.get(id(l))
    if hit is not None and hit[0] is l:
        return hit[1]
    chain = _resolve(op, l)
    if len(_PLANS) >= _MAX_PLANS:
        _PLANS.clear()
    _PLANS[id(l)] = (l, chain)
    return chain


def _need_bvar(op: str, x: object) -> None:
    if type(x) is not BVar:
        raise TypeError(
            f"{op}: expected a BVar to look into, got {type(x).__name__} "
            f"(make a constant with const_var, or use the lens on the plain value)"
        )


def _all_targets(op: str, l: Any, x: BVar[Any, Any]) -> list[BVar[Any, Any]]:
    _need_bvar(op, x)
    tape_of(op, (x,))
    frontier = [x]
    for segment in _plan(op, l):
        frontier = [t for b in frontier for t in segment.targets(op, b)]
    return frontier


def _over(op: str, chain: list[Any], f: Callable[[Any], Any], x: BVar[Any, Any]) -> BVar[Any, Any]:
    if not chain:
        out = f(x)
        return out if type(out) is BVar else const(out)
    segment, rest = chain[0], chain[1:]
    targets = segment.targets(op, x)
    if not targets and not isinstance(segment, (_Path, _Whole)):
        return x
    return segment.rebuild(op, x, [_over(op, rest, f, t) for t in targets])  # type: ignore[no-any-return]


# --- the public API ------------------------------------------------------------------------


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
    _need_bvar("view_var", x)
    return x.view(l)


# Lenses that are paths of attributes and items and have read a value of
# this root type, by id: (the lens, kept so its id is not reused; its getter;
# the root type; the path). BVar.view then takes two frames, not five.
_FAST: dict[int, tuple[Any, Callable[[Any], Any], type, _Path]] = {}


def _bvar_view(self: BVar[Any, Any], l: Any) -> BVar[Any, Any]:
    hit = _FAST.get(id(l))
    v = self._value
    if hit is not None and hit[0] is l and type(v) is hit[2]:
        try:
            out = hit[1](v)
        except (AttributeError, LookupError, TypeError):
            pass  # the checked path names the error
        else:
            return view_of("view_var", self, hit[3], out)
    found = _all_targets("view_var", l, self)
    if not found:
        raise ValueError(
            f"view_var: the optic {l!r} has no target in this value of type "
            f"{_tname(plain(v))} (a prism that does not match, or an empty "
            f"traversal); use preview_var or to_list_of_var"
        )
    chain = _PLANS[id(l)][1]
    path = chain[0]
    if len(chain) == 1 and type(path) is _Path and path._ok_get is type(v) and not path.static:
        if len(_FAST) >= _MAX_PLANS:
            _FAST.clear()
        _FAST[id(l)] = (l, path.getter, type(v), path)
    return found[0]


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
    tape_of("set_var", (x, y))
    chain = _plan("set_var", l)
    if len(chain) == 1 and type(chain[0]) is _Path:
        return chain[0].rebuild("set_var", x, [y])  # one node: no view of the old focus
    return _over("set_var", chain, lambda _: y, x)


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
    tape_of("over_var", (x,))
    return _over("over_var", _plan("over_var", l), f, x)


def preview_var(l: Traversal[A, B], x: BVar[S, A]) -> BVar[S, B] | None:
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
    found = _all_targets("preview_var", l, x)
    return found[0] if found else None


def preview_var_or_raise(l: Traversal[A, B], x: BVar[S, A]) -> BVar[S, B]:
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
    found = _all_targets("preview_var_or_raise", l, x)
    if not found:
        raise ValueError(
            f"preview_var_or_raise: the optic {l!r} has no target in this value of "
            f"type {_tname(plain(x._value))} (use preview_var to get None instead)"
        )
    return found[0]


def to_list_of_var(l: Traversal[A, B], x: BVar[S, A]) -> list[BVar[S, B]]:
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
    return _all_targets("to_list_of_var", l, x)


BVar.view = _bvar_view  # type: ignore[method-assign]
BVar.set = lambda self, l, y: set_var(l, y, self)  # type: ignore[method-assign]
BVar.over = lambda self, l, f: over_var(l, f, self)  # type: ignore[method-assign]
BVar.preview = lambda self, l: preview_var(l, self)  # type: ignore[method-assign]
BVar.to_list_of = lambda self, l: to_list_of_var(l, self)  # type: ignore[method-assign]


# --- checking annotated lens constants ------------------------------------------------


def _field_types(cls: type) -> dict[str, Any] | None:
    """The fields of a dataclass or NamedTuple and their types, or None."""
    if not (dataclasses.is_dataclass(cls) or (issubclass(cls, tuple) and hasattr(cls, "_fields"))):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that does not resolve: names, no types
        hints = {}
    if dataclasses.is_dataclass(cls):
        names = [f.name for f in dataclasses.fields(cls)]
    else:
        names = list(cast(Any, cls)._fields)
    return {n: hints.get(n, Any) for n in names}


def _item_type(t: Any, key: Any) -> Any:
    """The type of ``t[key]`` when the annotation says it, else Any."""
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is list and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        if isinstance(key, int) and -len(args) <= key < len(args):
            return args[key]
    return Any


def _lens_problem(name: str, hint: Any, value: Any) -> str | None:
    """What is wrong with one annotated lens constant, or None."""
    args = typing.get_args(hint)
    shown = f"{name}: {_show(hint)}"
    if not isinstance(value, UnboundLens):
        return f"{shown} is {value!r}, not an optic"
    optic = value._optic
    atoms: list[Any] = list(optic.lenses) if type(optic) is ComposedLens else [optic]
    atoms = [a for a in atoms if type(a) is not TrivialIso]
    t: Any = args[0]
    where = _show(t)
    for atom in atoms:
        step = _step_of(atom)
        if step is None or t is Any:
            return None  # a traversal, prism, ...: its foci are not checked
        is_attr, key = step
        if is_attr:
            fields = _field_types(t) if isinstance(t, type) else None
            if fields is None:
                return None
            if key not in fields:
                return (
                    f"{shown} = {value!r}: {where} has no field {key!r} "
                    f"(its fields: {', '.join(fields)})"
                )
            t = fields[key]
            where = f"{where}.{key}"
        else:
            t = _item_type(t, key)
            where = f"{where}[{key!r}]"
    want = args[-1]
    if t is Any or want is Any or t == want:
        return None
    return f"{shown} = {value!r}: {where} is {_show(t)}, not {_show(want)}"


def _show(t: Any) -> str:
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is UnboundLens and len(args) == 4:
        return f"Lens[{_show(args[0])}, {_show(args[2])}]"
    if origin is Traversal:
        return f"Traversal[{_show(args[0])}, {_show(args[1])}]"
    if isinstance(t, type) and not args:
        return t.__qualname__
    return re.sub(
        r"numpy\.ndarray\[tuple\[typing\.Any, \.\.\.\], numpy\.dtype\[numpy\.(\w+)\]\]",
        r"NDArray[numpy.\1]",
        repr(t),
    )


def check_lenses(namespace: ModuleType | Mapping[str, Any]) -> None:
    """Check the annotated lens constants of a module against their records.

    A lens constant's annotation is a promise the type checker cannot verify
    (``lens.weight`` is untyped): ``w: Lens[Dense, Mat] = lens.wieght``
    type-checks and fails only when it is used. Call this once, at the end
    of the module that defines the constants (``bp.check_lenses(globals())``
    or with the module object): every ``Lens[R, A]`` and ``Traversal[R, A]``
    annotation whose optic is a path of attributes and items is followed
    through ``R``'s fields (dataclasses, NamedTuples; items of tuples, lists
    and dicts), and a missing field or a field of another type than ``A``
    raises one TypeError naming each constant, its record and the field.

    >>> from dataclasses import dataclass
    >>> from lenses import lens
    >>> import backprop as bp
    >>> @dataclass
    ... class Dense:
    ...     weight: float
    ...     bias: float
    >>> bp.check_lenses({"w": lens.weight, "__annotations__": {"w": bp.Lens[Dense, float]}})
    >>> bp.check_lenses({"w": lens.wieght, "__annotations__": {"w": bp.Lens[Dense, float]}})
    Traceback (most recent call last):
    ...
    TypeError: check_lenses: 1 lens constant does not fit its annotation:
      w: Lens[Dense, float] = UnboundLens(GetZoomAttrTraversal('wieght')): Dense has no field 'wieght' (its fields: weight, bias)
    """
    if isinstance(namespace, ModuleType):
        values: Mapping[str, Any] = vars(namespace)
        hints = typing.get_type_hints(namespace)
    else:
        values = namespace
        raw = namespace.get("__annotations__", {})
        hints = {
            k: eval(v, dict(namespace)) if isinstance(v, str) else v
            for k, v in raw.items()
        }
    problems = []
    for name, hint in hints.items():
        origin = typing.get_origin(hint)
        if (origin is not UnboundLens and origin is not Traversal) or name not in values:
            continue
        problem = _lens_problem(name, hint, values[name])
        if problem is not None:
            problems.append(problem)
    if problems:
        n = len(problems)
        raise TypeError(
            f"check_lenses: {n} lens constant{'s do' if n > 1 else ' does'} not fit "
            f"{'their annotations' if n > 1 else 'its annotation'}:\n  " + "\n  ".join(problems)
        )
