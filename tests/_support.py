"""Helpers shared by several test modules."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

import backprop as bp
from backprop import BVar, S
from backprop.testing import check_grad

Fn = Callable[..., Any]
A = TypeVar("A")


def inner_grad(f: Fn, x: BVar[S, A]) -> BVar[S, A]:
    """``bp.grad_bp(f, x)`` at a BVar ``x`` of an enclosing call: a BVar of that
    call, of ``x``'s type. The runners' types take a plain input, and ``f``'s
    argument is then a BVar of a BVar, whose arithmetic the types do not
    follow (docs/higher-order.md), so ``f`` is untyped here."""
    return bp.grad_bp(f, x)


def same(a: Any, b: Any) -> bool:
    """Equality that also compares arrays inside records and containers.

    A numpy float equals the Python float of the same value (1-D arrays
    are split into Python floats, as sequence_var does)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and bool(np.array_equal(a, b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def make(kind: str, values: list[float]) -> Any:
    """``values`` as a container of one kind."""
    if kind == "list":
        return list(values)
    if kind == "tuple":
        return tuple(values)
    if kind == "dict":
        return {f"k{i}": v for i, v in enumerate(values)}
    return np.array(values, dtype=np.float64)


def flat(x: Any) -> list[float]:
    """The elements of a container, in order, as plain floats."""
    if isinstance(x, dict):
        return [float(v) for v in x.values()]
    return [float(v) for v in x]


def as_function(fn: Fn, n: int) -> Fn:
    """``fn`` of n arguments as a function of one BVar (of a tuple when n > 1)."""
    if n == 1:
        return fn
    return lambda t: fn(*[t[i] for i in range(n)])


def check_op(
    fn: Fn,
    ref: Fn,
    args: Sequence[Any],
    *,
    rtol: float | None = None,
    f32: tuple[float, float] = (1e-6, 1e-6),
) -> None:
    """Value against ``ref`` (numpy's), dtype and float-ness kept, gradient by
    finite differences, gradient dtypes equal to the inputs'.

    The value is compared to 1e-12, or to ``f32`` (rtol, atol) when an
    argument is float32; ``rtol`` replaces both tolerances."""
    args = tuple(args)
    f = as_function(fn, len(args))
    x: Any = args if len(args) > 1 else args[0]  # pyright: ignore[reportGeneralTypeIssues]
    got = bp.eval_bp(f, x)
    want = ref(*args)
    low = any(np.asarray(a).dtype == np.float32 for a in args)
    tols = f32 if low else (1e-12, 1e-12)
    if rtol is not None:
        tols = (rtol, rtol)
    np.testing.assert_allclose(got, want, rtol=tols[0], atol=tols[1])
    if all(type(a) is float for a in args) and np.ndim(want) == 0:
        assert type(got) is float, f"a float in gives {type(got).__name__} out"
    elif type(got) is not float and all(np.asarray(a).dtype == np.float32 for a in args):
        assert np.asarray(got).dtype == np.float32
    check_grad(f, x)
    grads = bp.grad_bp(f, x)
    for a, g in zip(args, grads if len(args) > 1 else (grads,)):
        if type(a) is float:
            assert type(g) is float
        else:
            assert np.asarray(g).dtype == np.asarray(a).dtype, (np.asarray(g).dtype, a)
