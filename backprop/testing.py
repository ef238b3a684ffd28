"""The gradient checker: reverse mode against central finite differences.

``check_grad(f, x)`` draws a random output gradient ``w`` and random input
directions ``v``, and compares ``<v, pullback of w>`` from backprop with
``(<w, f(x + eps v)> - <w, f(x - eps v)>) / (2 eps)``. It works for any
Backprop value made of floats and float arrays inside tuples, lists, dicts,
dataclasses and NamedTuples: those leaves are perturbed and compared, while
integer, boolean and other leaves are held constant (and, in the output, get
a zero gradient). On failure it finds the worst component by finite
differences one component at a time, and names it by its field path and
index, with both values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from ._class import instance
from ._runners import Differentiable, backprop_with, eval_bp

__all__ = ["check_grad"]

A = TypeVar("A")
B = TypeVar("B")

Leaf = tuple[str, Any]

# Components probed one by one to locate a failure; beyond this, a sample.
_PROBES = 2000


def _is_leaf(x: Any) -> bool:
    if isinstance(x, (bool, np.bool_)):
        return False
    if isinstance(x, np.ndarray):
        return bool(np.issubdtype(x.dtype, np.inexact))
    return isinstance(x, (float, complex, np.inexact))


def _fields(x: Any) -> list[tuple[str, Any]] | None:
    """The children of a container with their path labels, or None for a leaf."""
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return [(f".{n}", getattr(x, n)) for n in x._fields]
    if isinstance(x, (tuple, list)):
        return [(f"[{i}]", e) for i, e in enumerate(x)]
    if isinstance(x, dict):
        return [(f"[{k!r}]", v) for k, v in x.items()]
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return [(f".{f.name}", getattr(x, f.name)) for f in dataclasses.fields(x)]
    return None


def _leaves(x: Any, path: str = "") -> list[Leaf]:
    children = _fields(x)
    if children is None:
        return [(path, x)] if _is_leaf(x) else []
    return [leaf for label, c in children for leaf in _leaves(c, path + label)]


def _keep(v: Any) -> Any:
    return v


def _zero(v: Any) -> Any:
    return None if v is None else instance(type(v)).zero(v)


def _rebuild(
    x: Any, new: dict[str, Any], path: str = "", other: Callable[[Any], Any] = _keep
) -> Any:
    """``x`` with the leaves at the paths of ``new`` replaced, and every other
    atom (not a float leaf) mapped by ``other``."""
    children = _fields(x)
    if children is None:
        if path in new:
            return new[path]
        return x if _is_leaf(x) else other(x)
    parts = [_rebuild(c, new, path + label, other) for label, c in children]
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return type(x)._make(parts)  # type: ignore[attr-defined]
    if isinstance(x, (tuple, list)):
        return type(x)(parts)
    if isinstance(x, dict):
        return dict(zip(x.keys(), parts))
    return dataclasses.replace(
        x, **{f.name: p for f, p in zip(dataclasses.fields(x), parts) if f.init}
    )


def _random_like(x: Any, rng: np.random.Generator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, leaf in _leaves(x):
        r = rng.standard_normal(np.shape(leaf))
        if isinstance(leaf, np.ndarray):
            out[path] = r.astype(leaf.dtype)
        else:
            out[path] = type(leaf)(r)
    return out


def _dot(a: dict[str, Any], b: Any) -> float:
    """Sum over the leaves of ``b`` of their inner product with ``a``."""
    total = 0.0
    for path, leaf in _leaves(b):
        if path in a:
            total += float(
                np.sum(
                    np.real(
                        np.asarray(a[path], dtype=np.complex128).conj()
                        * np.asarray(leaf, dtype=np.complex128)
                    )
                )
            )
    return total


def _shift(x: Any, v: dict[str, Any], h: float) -> Any:
    new: dict[str, Any] = {}
    for path, leaf in _leaves(x):
        moved = np.asarray(
            leaf, dtype=np.float64 if np.isrealobj(leaf) else np.complex128
        ) + h * np.asarray(v[path])
        if isinstance(leaf, np.ndarray):
            new[path] = moved.astype(leaf.dtype)
        else:
            new[path] = type(leaf)(moved)
    return _rebuild(x, new)


def _low_precision(x: Any) -> bool:
    return any(np.finfo(np.asarray(leaf).dtype).bits <= 32 for _, leaf in _leaves(x))


def check_grad(
    f: Differentiable[A, B],
    x: A,
    *,
    eps: float | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    directions: int = 3,
    seed: int = 0,
) -> None:
    """Check the reverse-mode gradient of ``f`` at ``x`` by finite differences.

    ``x`` and the result may be any Backprop value built from floats and
    float arrays (tuples, lists, dicts, dataclasses, NamedTuples); integer
    components are held constant. ``directions`` random directions are
    tried (from ``seed``), each compared within ``atol + rtol * |value|``
    with a central difference of step ``eps``. The defaults suit float64;
    an input or a result with float32 leaves gets a larger step and looser
    tolerances.

    On a mismatch it raises an AssertionError naming the worst component:
    its field path and index, the gradient from backprop and the one from
    finite differences. It also checks that every gradient has its input's
    shape.

    >>> import backprop as bp
    >>> from backprop.testing import check_grad
    >>> check_grad(lambda x: x * x * x, 2.0)
    >>> bad = bp.op1(lambda x: (x * x, lambda d: d * x))  # wrong: should be 2*d*x
    >>> check_grad(lambda x: bp.lift_op1(bad, x), 3.0)
    Traceback (most recent call last):
    ...
    AssertionError: check_grad: reverse-mode and finite-difference gradients differ; worst component: (the input) backprop=3.0 finite differences=6.0...
    """
    if directions < 1:
        raise ValueError(f"check_grad: directions must be at least 1, got {directions}")
    if not _leaves(x):
        raise ValueError(
            f"check_grad: the input (a {type(x).__name__}) has no float or float "
            f"array component to perturb"
        )
    y, pull = backprop_with(f, x)
    if not _leaves(y):
        raise ValueError(
            f"check_grad: the result (a {type(y).__name__}) has no float or float "
            f"array component to compare"
        )
    low = _low_precision(x) or _low_precision(y)
    eps = eps if eps is not None else (1e-3 if low else 1e-6)
    rtol = rtol if rtol is not None else (1e-2 if low else 1e-5)
    atol = atol if atol is not None else (1e-3 if low else 1e-7)
    rng = np.random.default_rng(seed)
    # A scalar result is compared as is; any other is weighted at random.
    w = {"": 1.0} if isinstance(y, (float, np.floating)) else _random_like(y, rng)
    g = pull(_rebuild(y, w, other=_zero))
    _check_structure(x, g)

    def objective(z: A) -> float:
        return _dot(w, eval_bp(f, z))

    gl = dict(_leaves(g))
    for _ in range(directions):
        v = _random_like(x, rng)
        fd = (objective(_shift(x, v, eps)) - objective(_shift(x, v, -eps))) / (2 * eps)
        rev = _dot(v, g)
        if not abs(fd - rev) <= atol + rtol * max(abs(fd), abs(rev)):
            where = _locate(objective, x, gl, eps, rng)
            raise AssertionError(
                f"check_grad: reverse-mode and finite-difference gradients differ; "
                f"{where} (along a random direction: backprop={rev!r} finite "
                f"differences={fd!r}; eps={eps}, rtol={rtol}, atol={atol})"
            )


def _check_structure(x: Any, g: Any) -> None:
    xs, gs = dict(_leaves(x)), dict(_leaves(g))
    for path, leaf in xs.items():
        name = path or "(the input)"
        if path not in gs:
            raise AssertionError(
                f"check_grad: the gradient has no float component {name} "
                f"(got {type(g).__name__} where the input has {type(x).__name__})"
            )
        if np.shape(gs[path]) != np.shape(leaf):
            raise AssertionError(
                f"check_grad: the gradient of {name} has shape "
                f"{np.shape(gs[path])}, the input has shape {np.shape(leaf)}"
            )


def _locate(
    objective: Callable[[Any], float],
    x: Any,
    g: dict[str, Any],
    eps: float,
    rng: np.random.Generator,
) -> str:
    """The worst component, by a finite difference along each one (or along
    a random sample of them, for large inputs)."""
    leaves = _leaves(x)
    spots = [(path, index) for path, leaf in leaves for index in np.ndindex(np.shape(leaf))]
    sampled = len(spots) > _PROBES
    if sampled:
        spots = [spots[i] for i in rng.choice(len(spots), _PROBES, replace=False)]
    shapes = {p: np.shape(leaf) for p, leaf in leaves}
    worst: tuple[float, str, tuple[int, ...], float, float] | None = None
    for path, index in spots:
        v = {p: np.zeros(s) for p, s in shapes.items()}
        v[path][index] = 1.0
        num = (objective(_shift(x, v, eps)) - objective(_shift(x, v, -eps))) / (2 * eps)
        got = float(np.real(np.asarray(g[path])[index]))
        err = abs(num - got)
        err = np.inf if err != err else err  # a nan is the worst there is
        if worst is None or err > worst[0]:
            worst = (err, path, index, got, num)
    assert worst is not None
    _, path, index, got, num = worst
    where = (path or "(the input)") + (f" at index {index}" if index else "")
    among = f" (among {_PROBES} sampled components)" if sampled else ""
    return f"worst component{among}: {where} backprop={got!r} finite differences={num!r}"
