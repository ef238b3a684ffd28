"""The structure registry: how a value is taken apart and put back together.

A *container kind* flattens a value into its children (the parts a gradient
flows into) plus static data (what is carried unchanged), and rebuilds a
value of the same kind from new children without running user code: a
dataclass is rebuilt with ``object.__new__`` and field assignment, so its
``__init__`` and ``__post_init__`` never run on a gradient or a zero.
Every part of the library that walks structure (the Backprop class, optics,
``sequence_var``, ``split_bv``, the Prelude, ``check_grad``, ``backprop.tree``)
goes through this one module. Anything that is not a container is a leaf.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple, TypeVar

__all__ = ["Kind", "flatten", "kind_of", "register_container", "static_field", "unflatten"]

_T = TypeVar("_T")
_Aux = TypeVar("_Aux")

_STATIC = "backprop.static"


class Kind(NamedTuple):
    """How one container type is taken apart and rebuilt."""

    flatten: Callable[[Any], tuple[Sequence[Any], Any]]
    unflatten: Callable[[Any, Sequence[Any]], Any]
    labels: Callable[[Any, int], list[str]]  # the children's names in error messages


def _indices(aux: Any, n: int) -> list[str]:
    return [f"[{i}]" for i in range(n)]


# --- built-in kinds ---------------------------------------------------------------


def _tuple_flatten(x: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any]:
    return x, None


def _tuple_unflatten(aux: Any, children: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(children)


def _list_flatten(x: list[Any]) -> tuple[list[Any], Any]:
    return x, None


def _list_unflatten(aux: Any, children: Sequence[Any]) -> list[Any]:
    return list(children)


def _dict_flatten(x: dict[Any, Any]) -> tuple[list[Any], Any]:
    return list(x.values()), tuple(x)


def _dict_unflatten(keys: tuple[Any, ...], children: Sequence[Any]) -> dict[Any, Any]:
    return dict(zip(keys, children))


def _dict_labels(keys: tuple[Any, ...], n: int) -> list[str]:
    return [f"[{k!r}]" for k in keys]


def _none_flatten(x: None) -> tuple[tuple[()], Any]:
    return (), None


def _none_unflatten(aux: Any, children: Sequence[Any]) -> None:
    return None


def _namedtuple_kind(cls: type) -> Kind:
    make = cls._make  # type: ignore[attr-defined]
    names = [f".{n}" for n in cls._fields]  # type: ignore[attr-defined]
    return Kind(_tuple_flatten, lambda aux, cs: make(cs), lambda aux, n: names)


def _subclass_kind(base: type, cls: type) -> Kind:
    """A subclass of tuple, list or dict: rebuilt through the base type's
    ``__new__`` (no user ``__init__``), then filled."""
    if base is tuple:
        return Kind(_tuple_flatten, lambda aux, cs: tuple.__new__(cls, cs), _indices)

    if base is list:

        def rebuild_list(aux: Any, cs: Sequence[Any]) -> Any:
            out: Any = list.__new__(cls)
            list.extend(out, cs)
            return out

        return Kind(_list_flatten, rebuild_list, _indices)

    def rebuild_dict(keys: Any, cs: Sequence[Any]) -> Any:
        out: Any = dict.__new__(cls)
        dict.update(out, zip(keys, cs))
        return out

    return Kind(_dict_flatten, rebuild_dict, _dict_labels)


def static_field(**field_kwargs: Any) -> Any:
    """A dataclass field that is a constant of the record, not a parameter.

    A name, an activation function, a size or an Enum marked this way is
    carried unchanged into gradients and zeros, never perturbed by
    ``check_grad`` and never an error. Takes the arguments of
    ``dataclasses.field``.

    >>> from dataclasses import dataclass
    >>> from lenses import lens
    >>> import backprop as bp
    >>> @dataclass
    ... class Layer:
    ...     w: float
    ...     name: str = bp.static_field(default="dense")
    >>> bp.grad_bp(lambda p: p.view(lens.w) * 2.0, Layer(3.0))
    Layer(w=2.0, name='dense')
    """
    metadata = {**field_kwargs.pop("metadata", {}), _STATIC: True}
    return dataclasses.field(metadata=metadata, **field_kwargs)


def _dataclass_kind(cls: type) -> Kind:
    fields = dataclasses.fields(cls)
    names = tuple(f.name for f in fields if not f.metadata.get(_STATIC))
    statics = tuple(f.name for f in fields if f.metadata.get(_STATIC))
    labels = [f".{n}" for n in names]
    setattr_ = object.__setattr__
    new = object.__new__

    everything = (names, ())

    def flatten(x: Any) -> tuple[list[Any], Any]:
        try:
            children = [getattr(x, n) for n in names]
        except AttributeError:
            # A field set neither by __init__ nor later is left out, and stays unset.
            held = tuple(n for n in names if hasattr(x, n))
            children = [getattr(x, n) for n in held]
        else:
            if not statics:
                return children, everything
            held = names
        fixed = tuple((n, getattr(x, n)) for n in statics if hasattr(x, n))
        return children, (held, fixed)

    def unflatten(aux: Any, children: Sequence[Any]) -> Any:
        held, fixed = aux
        out: Any = new(cls)
        for n, c in zip(held, children):
            setattr_(out, n, c)
        for n, v in fixed:
            setattr_(out, n, v)
        return out

    def child_labels(aux: Any, n: int) -> list[str]:
        return [f".{name}" for name in aux[0]] if aux is not None else labels

    return Kind(flatten, unflatten, child_labels)


_BUILTIN: dict[type, Kind] = {
    tuple: Kind(_tuple_flatten, _tuple_unflatten, _indices),
    list: Kind(_list_flatten, _list_unflatten, _indices),
    dict: Kind(_dict_flatten, _dict_unflatten, _dict_labels),
    type(None): Kind(_none_flatten, _none_unflatten, _indices),
}

_registered: dict[type, Kind] = {}
_cache: dict[type, Kind | None] = {}
_checked: set[type] = set()


def _resolve(cls: type) -> Kind | None:
    for base in cls.__mro__:
        if base in _registered:
            return _registered[base]
    kind = _BUILTIN.get(cls)
    if kind is not None:
        return kind
    if issubclass(cls, tuple):
        if hasattr(cls, "_fields") and hasattr(cls, "_make"):
            return _namedtuple_kind(cls)
        return _subclass_kind(tuple, cls)
    if issubclass(cls, list):
        return _subclass_kind(list, cls)
    if issubclass(cls, dict):
        return _subclass_kind(dict, cls)
    if dataclasses.is_dataclass(cls):
        return _dataclass_kind(cls)
    return None


def kind_of(cls: type) -> Kind | None:
    """The container kind of a type, or None for a leaf. Cached per type."""
    try:
        return _cache[cls]
    except KeyError:
        kind = _cache[cls] = _resolve(cls)
        return kind


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_container(
    cls: type[_T],
    flatten: Callable[[_T], tuple[Iterable[Any], _Aux]],
    unflatten: Callable[[_Aux, list[Any]], _T],
) -> None:
    """Make a type a container: its children get gradients, its static data is kept.

    ``flatten(x)`` returns ``(children, aux)``: the parts of ``x`` a gradient
    flows into, and whatever else ``unflatten(aux, children)`` needs to build
    a value of the same type. The registration wins over the built-in rules
    and applies to subclasses. Zeros, gradients, optics, ``check_grad`` and
    ``backprop.tree`` then work through the children.

    >>> import backprop as bp
    >>> class Interval:
    ...     def __init__(self, lo: float, hi: float) -> None:
    ...         self.lo, self.hi = lo, hi
    ...     def __repr__(self) -> str:
    ...         return f"Interval({self.lo}, {self.hi})"
    >>> bp.register_container(
    ...     Interval, lambda i: ((i.lo, i.hi), None), lambda aux, cs: Interval(*cs)
    ... )
    >>> bp.zero(Interval(1.0, 2.0))
    Interval(0.0, 0.0)
    """
    if not isinstance(cls, type):
        raise TypeError(f"register_container: cls must be a class, got {cls!r}")
    for arg, fn in (("flatten", flatten), ("unflatten", unflatten)):
        if not callable(fn):
            raise TypeError(
                f"register_container({cls.__qualname__}): {arg} must be callable, "
                f"got {type(fn).__name__} {fn!r}"
            )

    def checked_flatten(x: Any) -> tuple[list[Any], Any]:
        got: Any = flatten(x)
        if not (isinstance(got, tuple) and len(got) == 2):
            raise TypeError(
                f"register_container({cls.__qualname__}): flatten must return a pair "
                f"(children, aux), got {type(got).__name__}"
            )
        return list(got[0]), got[1]

    def checked_unflatten(aux: Any, children: Sequence[Any]) -> Any:
        out = unflatten(aux, list(children))
        if not isinstance(out, cls):
            raise TypeError(
                f"register_container({cls.__qualname__}): unflatten returned a "
                f"{type(out).__qualname__}, not a {cls.__qualname__}"
            )
        return out

    _registered[cls] = Kind(checked_flatten, checked_unflatten, _indices)
    _cache.clear()
    _checked.clear()  # subclasses of cls take its kind now: check them again


def _round_trip(cls: type, kind: Kind, children: Sequence[Any], aux: Any) -> None:
    """Check once per registered type that unflatten and flatten agree."""
    again = kind.flatten(kind.unflatten(aux, children))[0]
    if len(again) != len(children):
        raise TypeError(
            f"register_container({cls.__qualname__}): flatten and unflatten disagree: "
            f"flatten gave {len(children)} children, and the value unflatten built "
            f"from them flattens to {len(again)}"
        )
    _checked.add(cls)


def flatten(x: Any) -> tuple[Kind, Sequence[Any], Any] | None:
    """``(kind, children, aux)`` of a container, or None for a leaf."""
    cls = type(x)
    kind = kind_of(cls)
    if kind is None:
        return None
    children, aux = kind.flatten(x)
    if cls not in _checked:
        if any(b in _registered for b in cls.__mro__):
            _round_trip(cls, kind, children, aux)  # adds cls once it passes
        else:
            _checked.add(cls)  # a built-in kind: nothing to check
    return kind, children, aux


def unflatten(kind: Kind, aux: Any, children: Sequence[Any]) -> Any:
    """A value of ``kind`` from ``aux`` and new ``children``."""
    return kind.unflatten(aux, children)
