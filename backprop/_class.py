"""The Backprop class (Numeric.Backprop.Class): ``zero``, ``add`` and ``one``.

Every value that flows through a tape needs three operations: a zero of the
same shape (the gradient of an unused input), addition (accumulating the
contributions of several uses), and a one (the seed of the output). This
module dispatches them on the value's type, with a cache per type, so the
tape pays one dict lookup per call.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, Protocol, TypeVar, cast, runtime_checkable

import numpy as np
from typing_extensions import Self

from ._registry import flatten, kind_of, unflatten

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
    for name, fn in (("zero", zero), ("add", add), ("one", one)):
        if not callable(fn):
            raise TypeError(
                f"register({cls.__qualname__}): {name} must be callable, got "
                f"{type(fn).__name__} {fn!r}"
            )
    _registered[cls] = _Instance(zero, add, one)
    _cache.clear()


class UnsupportedTypeError(TypeError):
    """A value the Backprop class cannot zero, add or one; names where it sits."""

    def __init__(self, op: str, cls: type, path: str = "", root: type | None = None) -> None:
        self.op, self.cls, self.path, self.root = op, cls, path, root
        name = cls.__qualname__
        full = f"{cls.__module__}.{name}"
        if root is None:
            msg = (
                f"{op}: values of type {full} are not supported by backprop. "
                f"Either define zero(), add(other) and one() methods on {name} "
                f"(the backprop.Backprop protocol), or call "
                f"backprop.register({name}, zero=..., add=..., one=...)."
            )
        else:
            msg = (
                f"{op}: the {'field' if path.startswith('.') else 'element'} {path} of "
                f"the {root.__qualname__} holds a value of type "
                f"{full}, which backprop cannot differentiate. If it is a constant "
                f"of the record (a name, a function, a size, an Enum), declare the "
                f"field with backprop.static_field(); otherwise give {name} "
                f"zero(), add(other) and one() methods or call backprop.register({name}, ...)."
            )
        super().__init__(msg)

    def inside(self, label: str, root: type) -> UnsupportedTypeError:
        return UnsupportedTypeError(self.op, self.cls, label + self.path, root)

    def renamed(self, op: str) -> UnsupportedTypeError:
        return UnsupportedTypeError(op, self.cls, self.path, self.root)


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


def _children(op: str, fn: Callable[[Any], Any], x: Any) -> Any:
    """``x`` rebuilt with ``fn`` applied to each child (a container's zero or one)."""
    kind, cs, aux = flatten(x)  # type: ignore[misc]  # pyright: ignore[reportGeneralTypeIssues]
    out = []
    for i, c in enumerate(cs):
        try:
            out.append(fn(c))
        except UnsupportedTypeError as e:
            raise e.inside(kind.labels(aux, len(cs))[i], type(x)) from None
    return unflatten(kind, aux, out)


def _container_add(x: Any, y: Any) -> Any:
    fx, fy = flatten(x), flatten(y)
    assert fx is not None
    kind, xs, aux = fx
    if fy is None or fy[2] != aux or len(fy[1]) != len(xs):
        ys = fy[1] if fy is not None else None
        if type(x) is tuple and ys is not None:
            raise ValueError(f"add: cannot add tuples of lengths {len(xs)} and {len(ys)}")
        raise ValueError(
            f"add: cannot add two values of type {type(x).__qualname__} of different "
            f"structure ({_describe(x)} and {_describe(y)})"
        )
    out = []
    for i, (a, b) in enumerate(zip(xs, fy[1])):
        try:
            out.append(add(a, b))
        except UnsupportedTypeError as e:
            raise e.inside(kind.labels(aux, len(xs))[i], type(x)) from None
    return unflatten(kind, aux, out)


def _describe(x: Any) -> str:
    got = flatten(x)
    if got is None:
        return f"a {type(x).__qualname__}"
    return f"{len(got[1])} children, static data {got[2]!r}"


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


def _resolve(cls: type) -> _Instance:
    for base in cls.__mro__:
        if base in _registered:
            return _registered[base]
    if cls is bool or issubclass(cls, np.bool_):
        raise UnsupportedTypeError("backprop", cls)
    if issubclass(cls, np.ndarray):
        return _Instance(_array_zero, _array_add, _array_one)
    if issubclass(cls, (int, float, complex, np.number)):
        return _Instance(_num_zero, _plus, _num_one)
    if all(callable(getattr(cls, m, None)) for m in ("zero", "add", "one")):
        return _Instance(lambda x: x.zero(), lambda x, y: x.add(y), lambda x: x.one())
    if kind_of(cls) is not None:
        adder = _list_add if cls is list else _dict_add if cls is dict else _container_add
        return _Instance(
            lambda x: _children("zero", zero, x), adder, lambda x: _children("one", one, x)
        )
    raise UnsupportedTypeError("backprop", cls)


def instance(cls: type) -> _Instance:
    """The zero/add/one triple of a type, resolved once and cached."""
    inst = _cache.get(cls)
    if inst is None:
        inst = _cache[cls] = _resolve(cls)
    return inst


def _named(op: str, cls: type) -> _Instance:
    try:
        return instance(cls)
    except UnsupportedTypeError as e:
        raise e.renamed(op) from None


def zero(x: _T) -> _T:
    """The zero of ``x``'s type and shape (``zero`` of the Backprop class).

    >>> import backprop as bp
    >>> bp.zero((1.5, [2, 3], {"w": 4.0}))
    (0.0, [0, 0], {'w': 0.0})
    """
    try:
        return cast("_T", _named("zero", type(x)).zero(x))
    except UnsupportedTypeError as e:
        raise e.renamed("zero") from None


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
    try:
        return cast("_T", _named("add", type(x)).add(x, y))
    except UnsupportedTypeError as e:
        raise e.renamed("add") from None


def one(x: _T) -> _T:
    """The one of ``x``'s type and shape, the seed of a gradient.

    >>> import backprop as bp
    >>> bp.one((2.0, 3))
    (1.0, 1)
    """
    try:
        return cast("_T", _named("one", type(x)).one(x))
    except UnsupportedTypeError as e:
        raise e.renamed("one") from None
