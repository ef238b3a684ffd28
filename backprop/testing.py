"""The gradient checker: reverse mode against central finite differences.

``check_grad(f, x)`` draws a random output gradient ``w`` and random input
directions ``v``, and compares ``<backprop(f)(x) pulled back from w, v>``
with ``(<w, f(x + eps v)> - <w, f(x - eps v)>) / 2 eps``. It works for any
Backprop value made of floats and float arrays inside tuples, lists, dicts,
dataclasses and NamedTuples (integer leaves are held constant). On failure it
finds, by finite differences per component, the worst one and names it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from ._runners import Differentiable, backprop_with, eval_bp

__all__ = ["check_grad"]

A = TypeVar("A")
B = TypeVar("B")

Leaf = tuple[str, Any]


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


def _rebuild(x: Any, new: dict[str, Any], path: str = "") -> Any:
    children = _fields(x)
    if children is None:
        return new.get(path, x)
    parts = [_rebuild(c, new, path + label) for label, c in children]
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
        elif isinstance(leaf, np.generic):
            out[path] = type(leaf)(r)
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

    Raises an AssertionError naming the worst component (its path, index and
    both values) when they disagree. Defaults suit float64; inputs with
    float32 leaves get a larger step and looser tolerances.

    >>> import backprop as bp
    >>> from backprop.testing import check_grad
    >>> check_grad(lambda x: x * x * x, 2.0)
    >>> bad = bp.op1(lambda x: (x * x, lambda d: d * x))  # wrong: should be 2*d*x
    >>> check_grad(lambda x: bp.lift_op1(bad, x), 3.0)
    Traceback (most recent call last):
    ...
    AssertionError: check_grad: reverse-mode and finite-difference gradients differ; worst component: (the input) backprop=3.0 finite differences=6.0...
    """
    low = _low_precision(x)
    eps = eps if eps is not None else (1e-3 if low else 1e-6)
    rtol = rtol if rtol is not None else (1e-2 if low else 1e-5)
    atol = atol if atol is not None else (1e-3 if low else 1e-7)
    rng = np.random.default_rng(seed)
    y, pull = backprop_with(f, x)
    # A scalar output is compared as is; any other is weighted at random.
    w = {"": 1.0} if isinstance(y, (float, np.floating)) else _random_like(y, rng)
    g = pull(_rebuild(y, w))
    _check_structure(x, g)

    def objective(z: A) -> float:
        return _dot(w, eval_bp(f, z))

    gl = dict(_leaves(g))
    for _ in range(directions):
        v = _random_like(x, rng)
        fd = (objective(_shift(x, v, eps)) - objective(_shift(x, v, -eps))) / (2 * eps)
        rev = _dot(v, g)
        if not abs(fd - rev) <= atol + rtol * max(abs(fd), abs(rev)):
            raise AssertionError(_locate(objective, x, gl, eps, fd, rev))


def _check_structure(x: Any, g: Any) -> None:
    xs, gs = dict(_leaves(x)), dict(_leaves(g))
    for path, leaf in xs.items():
        name = path or "(the input)"
        if path not in gs:
            raise AssertionError(f"check_grad: the gradient has no component {name}")
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
    fd: float,
    rev: float,
) -> str:
    head = "check_grad: reverse-mode and finite-difference gradients differ"
    leaves = _leaves(x)
    if sum(int(np.size(leaf)) for _, leaf in leaves) > 5000:
        return f"{head} along a random direction: backprop={rev!r} finite differences={fd!r}"
    worst: tuple[float, str, Any, float] | None = None
    for path, leaf in leaves:
        for index in np.ndindex(np.shape(leaf)):
            e = np.zeros(np.shape(leaf))
            e[index] = 1.0
            v = {p: (e if p == path else np.zeros(np.shape(lf))) for p, lf in leaves}
            num = (objective(_shift(x, v, eps)) - objective(_shift(x, v, -eps))) / (2 * eps)
            got = float(np.real(np.asarray(g[path])[index]))
            err = abs(num - got)
            if worst is None or err > worst[0]:
                worst = (err, path, index, num)
    assert worst is not None
    err, path, index, num = worst
    got = float(np.real(np.asarray(g[path])[index]))
    where = (path or "(the input)") + (f" at index {index}" if index else "")
    return f"{head}; worst component: {where} backprop={got!r} finite differences={num!r}"
