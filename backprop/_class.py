"""The Backprop class (Numeric.Backprop.Class): ``zero``, ``add`` and ``one``.

Every value that flows through a tape needs three operations: a zero of the
same shape (the gradient of an unused input), addition (accumulating the
contributions of several uses), and a one (the seed of the output). This
module dispatches them on the value's type, with a cache per type, so the
tape pays one dict lookup per call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple, Protocol, TypeVar, cast, runtime_checkable

import numpy as np
from typing_extensions import Self

__all__ = ["Backprop", "add", "one", "register", "zero"]

_T = TypeVar("_T")


@runtime_checkable
class Backprop(Protocol):
    """A value type that knows how to be zeroed, added and one-ed.

    Define these three methods on your own class and it works on the tape:

    >>> import backprop as bp
    >>> class Money:
    ...     def __init__(self, cents: float) -> None:
    ...         self.cents = cents
    ...     def zero(self) -> "Money":
    ...         return Money(0.0)
    ...     def add(self, other: "Money") -> "Money":
    ...         return Money(self.cents + other.cents)
    ...     def one(self) -> "Money":
    ...         return Money(1.0)
    >>> bp.add(Money(2.0), Money(3.0)).cents
    5.0
    """

    def zero(self) -> Self: ...

    def add(self, other: Self, /) -> Self: ...

    def one(self) -> Self: ...


class _Instance(NamedTuple):
    zero: Callable[[Any], Any]
    add: Callable[[Any, Any], Any]
    one: Callable[[Any], Any]


_registered: dict[type, _Instance] = {}
_cache: dict[type, _Instance] = {}


def register(
    cls: type[_T],
    *,
    zero: Callable[[_T], _T],
    add: Callable[[_T, _T], _T],
    one: Callable[[_T], _T],
) -> None:
    """Make a type you do not own usable on the tape.

    Registration wins over every built-in rule and applies to subclasses.

    >>> import fractions
    >>> import backprop as bp
    >>> bp.register(
    ...     fractions.Fraction,
    ...     zero=lambda x: fractions.Fraction(0),
    ...     add=lambda x, y: x + y,
    ...     one=lambda x: fractions.Fraction(1),
    ... )
    >>> bp.grad_bp(lambda x: x * x, fractions.Fraction(1, 3))
    Fraction(2, 3)
    """
    if not isinstance(cls, type):
        raise TypeError(f"register: expected a class, got {cls!r}")
    _registered[cls] = _Instance(zero, add, one)
    _cache.clear()


def _unsupported(op: str, cls: type) -> TypeError:
    name = cls.__qualname__
    return TypeError(
        f"{op}: values of type {cls.__module__}.{name} are not supported by "
        f"backprop. Either define zero(), add(other) and one() methods on "
        f"{name} (the backprop.Backprop protocol), or call "
        f"backprop.register({name}, zero=..., add=..., one=...)."
    )


# --- built-in instances -----------------------------------------------------


def _num_zero(x: Any) -> Any:
    return type(x)(0)


def _num_one(x: Any) -> Any:
    return type(x)(1)


def _plus(x: Any, y: Any) -> Any:
    return x + y


def _array_add(x: Any, y: Any) -> Any:
    out = x + y
    # numpy turns the sum of 0-d arrays into a scalar; keep the array type.
    return out if isinstance(out, np.ndarray) else np.asarray(out)


def _array_zero(x: Any) -> Any:
    return np.zeros_like(x)


def _array_one(x: Any) -> Any:
    return np.ones_like(x)


def _none(*_: Any) -> None:
    return None


def _tuple_instance() -> _Instance:
    def t_add(x: tuple[Any, ...], y: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(x) != len(y):
            raise ValueError(f"add: cannot add tuples of lengths {len(x)} and {len(y)}")
        return tuple([add(a, b) for a, b in zip(x, y)])

    return _Instance(
        lambda x: tuple([zero(e) for e in x]),
        t_add,
        lambda x: tuple([one(e) for e in x]),
    )


def _list_add(x: list[Any], y: list[Any]) -> list[Any]:
    # Haskell's instance: zipWith add, the longer list's tail kept as is.
    out = [add(a, b) for a, b in zip(x, y)]
    longer = x if len(x) >= len(y) else y
    out.extend(longer[len(out) :])
    return out


def _dict_add(x: dict[Any, Any], y: dict[Any, Any]) -> dict[Any, Any]:
    out = dict(x)
    for k, v in y.items():
        out[k] = add(out[k], v) if k in out else v
    return out


def _namedtuple_instance(cls: type) -> _Instance:
    make = cast("Callable[[Any], Any]", cls._make)  # type: ignore[attr-defined]
    n = len(cls._fields)  # type: ignore[attr-defined]

    def nt_add(x: Any, y: Any) -> Any:
        return make([add(x[i], y[i]) for i in range(n)])

    return _Instance(
        lambda x: make([zero(e) for e in x]),
        nt_add,
        lambda x: make([one(e) for e in x]),
    )


def _dataclass_instance(cls: type) -> _Instance:
    names = [f.name for f in dataclasses.fields(cls) if f.init]
    late = [f.name for f in dataclasses.fields(cls) if not f.init]

    def build(fn: Callable[..., Any], *xs: Any) -> Any:
        obj = cls(**{n: fn(*[getattr(x, n) for x in xs]) for n in names})
        # Fields outside __init__ are derived state; give them the same treatment.
        for n in late:
            object.__setattr__(obj, n, fn(*[getattr(x, n) for x in xs]))
        return obj

    return _Instance(
        lambda x: build(zero, x),
        lambda x, y: build(add, x, y),
        lambda x: build(one, x),
    )


def _resolve(cls: type) -> _Instance:
    for base in cls.__mro__:
        if base in _registered:
            return _registered[base]
    if cls is bool or issubclass(cls, np.bool_):
        raise _unsupported("backprop", cls)
    if issubclass(cls, np.ndarray):
        return _Instance(_array_zero, _array_add, _array_one)
    if issubclass(cls, (int, float, complex, np.number)):
        return _Instance(_num_zero, _plus, _num_one)
    if cls is type(None):
        return _Instance(_none, _none, _none)
    if issubclass(cls, tuple) and hasattr(cls, "_fields"):
        return _namedtuple_instance(cls)
    if issubclass(cls, tuple):
        return _tuple_instance()
    if issubclass(cls, list):
        return _Instance(
            lambda x: [zero(e) for e in x],
            _list_add,
            lambda x: [one(e) for e in x],
        )
    if issubclass(cls, dict):
        return _Instance(
            lambda x: {k: zero(v) for k, v in x.items()},
            _dict_add,
            lambda x: {k: one(v) for k, v in x.items()},
        )
    if dataclasses.is_dataclass(cls):
        return _dataclass_instance(cls)
    if all(callable(getattr(cls, m, None)) for m in ("zero", "add", "one")):
        return _Instance(lambda x: x.zero(), lambda x, y: x.add(y), lambda x: x.one())
    raise _unsupported("backprop", cls)


def instance(cls: type) -> _Instance:
    """The zero/add/one triple of a type, resolved once and cached."""
    inst = _cache.get(cls)
    if inst is None:
        inst = _cache[cls] = _resolve(cls)
    return inst


def _named(op: str, cls: type) -> _Instance:
    try:
        return instance(cls)
    except TypeError:
        raise _unsupported(op, cls) from None


def zero(x: _T) -> _T:
    """The zero of ``x``'s type and shape (``zero`` of the Backprop class).

    >>> import backprop as bp
    >>> bp.zero((1.5, [2, 3], {"w": 4.0}))
    (0.0, [0, 0], {'w': 0.0})
    """
    return cast("_T", _named("zero", type(x)).zero(x))


def add(x: _T, y: _T) -> _T:
    """Add two values of one type (``add`` of the Backprop class).

    Lists of different lengths keep the longer one's tail; dicts take the
    union, adding the values of shared keys.

    >>> import backprop as bp
    >>> bp.add([1.0, 2.0], [10.0])
    [11.0, 2.0]
    >>> bp.add({"a": 1.0}, {"a": 2.0, "b": 5.0})
    {'a': 3.0, 'b': 5.0}
    """
    return cast("_T", _named("add", type(x)).add(x, y))


def one(x: _T) -> _T:
    """The one of ``x``'s type and shape, the seed of a gradient.

    >>> import backprop as bp
    >>> bp.one((2.0, 3))
    (1.0, 1)
    """
    return cast("_T", _named("one", type(x)).one(x))
