"""Helpers shared by several test modules."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

import backprop as bp
import backprop.numpy as bnp
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


def sample(
    seed: int, shape: tuple[int, ...] | None, lo: float, hi: float, dtype: Any = np.float64
) -> Any:
    """A float (shape None) or an array of ``dtype``, uniform in [lo, hi]."""
    x = np.random.default_rng(seed).uniform(lo, hi, () if shape is None else shape)
    return float(x) if shape is None else np.asarray(x, dtype=dtype)


def signed(
    seed: int, shape: tuple[int, ...] | None, lo: float, hi: float, dtype: Any = np.float64
) -> Any:
    """|x| uniform in [lo, hi] with random signs (off the kinks at 0)."""
    rng = np.random.default_rng(seed)
    size = () if shape is None else shape
    x = rng.choice([-1.0, 1.0], size) * rng.uniform(lo, hi, size)
    return float(x) if shape is None else np.asarray(x, dtype=dtype)


# The inputs of an elementwise function: a float, 0-d, vector, matrix, float32.
KINDS: list[tuple[str, tuple[int, ...] | None, Any]] = [
    ("float", None, np.float64),
    ("0-d", (), np.float64),
    ("vector", (4,), np.float64),
    ("matrix", (2, 3), np.float64),
    ("float32", (2, 3), np.float32),
]

# The arguments of a reduction: shapes, dtypes, axes and keepdims.
AXES: list[tuple[str, tuple[int, ...] | None, Any, dict[str, Any]]] = [
    ("float", None, np.float64, {}),
    ("0-d", (), np.float64, {}),
    ("all", (2, 3, 4), np.float64, {}),
    ("axis 0", (2, 3, 4), np.float64, {"axis": 0}),
    ("axis -1 keepdims", (2, 3, 4), np.float64, {"axis": -1, "keepdims": True}),
    ("axes (0, 2)", (2, 3, 4), np.float64, {"axis": (0, 2)}),
    ("axes (-1, 0) keepdims", (2, 3, 4), np.float64, {"axis": (-1, 0), "keepdims": True}),
    ("all keepdims", (2, 3), np.float64, {"keepdims": True}),
    ("vector", (5,), np.float64, {"axis": 0}),
    ("float32", (3, 4), np.float32, {"axis": 1}),
    ("float32 all", (3, 4), np.float32, {}),
]

# The argument shapes of a binary function: floats, 0-d, broadcasting pairs, float32.
PAIRS: list[tuple[str, tuple[int, ...] | None, tuple[int, ...] | None, Any]] = [
    ("floats", None, None, np.float64),
    ("0-d", (), (), np.float64),
    ("same", (2, 3), (2, 3), np.float64),
    ("row", (2, 3), (3,), np.float64),
    ("outer", (3, 1), (1, 4), np.float64),
    ("0-d and vector", (), (3,), np.float64),
    ("float and vector", None, (3,), np.float64),
    ("float32", (2, 3), (3,), np.float32),
]


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


def weights_like(y: Any, seed: int = 7) -> Any:
    """Fixed random weights of ``y``'s shape and dtype (a float for a float)."""
    r = np.random.default_rng(seed).standard_normal(np.shape(y))
    if isinstance(y, float):
        return float(r)
    return np.asarray(r, dtype=np.result_type(y, np.float32))


def check_second(
    fn: Fn,
    args: Sequence[Any],
    *,
    rtol: float | None = None,
    atol: float | None = None,
    eps: float | None = None,
) -> None:
    """The second derivative of ``fn`` against finite differences of its
    gradient: ``check_grad`` of ``x -> grad sum(w fn(x)^2)`` (w fixed and
    random), whose reverse mode runs the rules' vjps on BVars of an
    enclosing call. Squaring makes the output gradient depend on ``x``, so
    the vjp of a linear ``fn`` is differentiated too."""
    args = tuple(args)
    f = as_function(fn, len(args))
    x: Any = args[0] if len(args) == 1 else args
    w = weights_like(bp.eval_bp(f, x))

    def loss(u: Any) -> Any:
        y = f(u)
        return bnp.sum(y * y * w)

    def gradient(v: Any) -> Any:
        g = bp.grad_bp(loss, v)
        # a gradient that does not depend on x comes back as a plain value
        return g if isinstance(g, (bp.BVar, tuple)) else bp.const_var(g)

    check_grad(gradient, x, rtol=rtol, atol=atol, eps=eps)


def check_complex(fn: Fn, args: Sequence[Any], *, rtol: float | None = None) -> None:
    """Complex inputs: ``fn``'s gradient against finite differences along the
    real and the imaginary part of each complex argument (the convention
    ``df/dx - i df/dy`` of a real function of ``z = x + i y``), and the value
    against ``fn`` on the plain values."""
    args = tuple(args)
    parts = tuple((np.real(a), np.imag(a)) if np.iscomplexobj(a) else a for a in args)
    out = fn(*args)
    out = out.value if isinstance(out, bp.BVar) else out
    w = np.random.default_rng(3).standard_normal(np.shape(out)) * (1.0 + (0.5j if np.iscomplexobj(out) else 0.0))

    def real_loss(ps: Any) -> Any:
        zs = [p[0] + p[1] * 1j if isinstance(a, np.ndarray) and np.iscomplexobj(a) else p for a, p in zip(args, ps)]
        return bnp.sum(bnp.real(fn(*zs) * np.conj(w)))

    check_grad(real_loss, parts, rtol=rtol)
