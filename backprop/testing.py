"""The gradient checker: reverse mode against central finite differences.

``check_grad(f, x)`` draws a random output gradient ``w`` and random input
directions ``v``, and compares ``<v, pullback of w>`` from backprop with
``(<w, f(x + eps v)> - <w, f(x - eps v)>) / (2 eps)``. Values are taken apart
through the structure registry, so any Backprop value made of floats,
complex numbers and inexact arrays inside tuples, lists, dicts, dataclasses,
NamedTuples and registered containers works: those leaves are perturbed (a
complex leaf along real and imaginary directions) and compared; integer and
boolean leaves are held constant (and, in the output, get a zero gradient);
static fields are constants of the record. A leaf of a type it cannot
perturb (a user type with zero/add/one methods) is an error naming its path,
never silently skipped. On failure it finds the worst component by finite
differences one component at a time, and names it by its field path and
index, with both values.

The pairing of a gradient with a direction follows the library's complex
convention (autograd's and JAX's): ``Re(sum(g * v))``, with no conjugate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ._class import instance
from ._registry import flatten, unflatten
from ._runners import Differentiable, backprop_with, eval_bp
from ._typevars import A, B

__all__ = ["check_grad"]


# Components probed one by one to locate a failure; beyond this, a sample.
_PROBES = 2000


def _kind(x: Any) -> str:
    """'float' (perturbed), 'constant' (held), or 'opaque' (cannot be checked)."""
    if isinstance(x, (bool, np.bool_)) or x is None:
        return "constant"
    if isinstance(x, np.ndarray):
        return "float" if np.issubdtype(x.dtype, np.inexact) else "constant"
    if isinstance(x, (float, complex, np.inexact)):
        return "float"
    if isinstance(x, (int, np.integer, str, bytes)):
        return "constant"
    return "opaque"


def _walk(x: Any, path: str, out: list[tuple[str, Any]], what: str) -> None:
    got = flatten(x)
    if got is None:
        leaf = _kind(x)
        if leaf == "float":
            out.append((path, x))
        elif leaf == "opaque":
            raise TypeError(
                f"check_grad: {path or '(the ' + what + ')'} is a {type(x).__qualname__}, "
                f"which check_grad cannot perturb: register it with "
                f"backprop.register_container(cls, flatten, unflatten) to expose its floats"
            )
        return
    kind, children, aux = got
    labels = kind.labels(aux, len(children))
    for label, c in zip(labels, children):
        _walk(c, path + label, out, what)


def _leaves(x: Any, what: str = "input") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    _walk(x, "", out, what)
    return out


def _rebuild(x: Any, new: dict[str, Any], path: str = "", other: Callable[[Any], Any] | None = None) -> Any:
    """``x`` with the leaves at the paths of ``new`` replaced, and every other
    leaf that is not a float mapped by ``other`` (kept when None)."""
    got = flatten(x)
    if got is None:
        if path in new:
            return new[path]
        return x if other is None or _kind(x) == "float" else other(x)
    kind, children, aux = got
    labels = kind.labels(aux, len(children))
    parts = [_rebuild(c, new, path + label, other) for label, c in zip(labels, children)]
    return unflatten(kind, aux, parts)


def _zero(v: Any) -> Any:
    return None if v is None else instance(type(v)).zero(v)


def _random(shape: tuple[int, ...], is_complex: bool, rng: np.random.Generator) -> Any:
    r = rng.standard_normal(shape)
    return r + 1j * rng.standard_normal(shape) if is_complex else r


def _random_like(leaves: list[tuple[str, Any]], rng: np.random.Generator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, leaf in leaves:
        r = _random(np.shape(leaf), bool(np.iscomplexobj(leaf)), rng)
        out[path] = r.astype(leaf.dtype) if isinstance(leaf, np.ndarray) else type(leaf)(r)
    return out


def _dot(a: dict[str, Any], b: Any) -> float:
    """Re of the sum over the leaves of ``b`` of their bilinear product with ``a``."""
    total = 0.0
    for path, leaf in _leaves(b, "result"):
        if path in a:
            prod = np.asarray(a[path], dtype=np.complex128) * np.asarray(leaf, dtype=np.complex128)
            total += float(np.sum(np.real(prod)))
    return total


def _shift(x: Any, leaves: list[tuple[str, Any]], v: dict[str, Any], h: float) -> Any:
    new: dict[str, Any] = {}
    for path, leaf in leaves:
        dtype = np.float64 if np.isrealobj(leaf) else np.complex128
        moved = np.asarray(leaf, dtype=dtype) + h * np.asarray(v[path])
        new[path] = moved.astype(leaf.dtype) if isinstance(leaf, np.ndarray) else type(leaf)(moved)
    return _rebuild(x, new)


def _low_precision(leaves: list[tuple[str, Any]]) -> bool:
    return any(np.finfo(np.asarray(leaf).dtype).bits <= 32 for _, leaf in leaves)


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

    ``x`` and the result may be any Backprop value built from floats,
    complex numbers and inexact arrays (tuples, lists, dicts, dataclasses,
    NamedTuples, registered containers); integer components are held
    constant, complex ones perturbed along real and imaginary directions.
    ``directions`` random directions are tried (from ``seed``), each compared
    within ``atol + rtol * |value|`` with a central difference of step
    ``eps``. The defaults suit float64; an input or a result with float32
    leaves gets a larger step and looser tolerances.

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
    xs = _leaves(x)
    if not xs:
        raise ValueError(
            f"check_grad: the input (a {type(x).__name__}) has no float or float "
            f"array component to perturb"
        )
    y, pull = backprop_with(f, x)
    ys = _leaves(y, "result")
    if not ys:
        raise ValueError(
            f"check_grad: the result (a {type(y).__name__}) has no float or float "
            f"array component to compare"
        )
    low = _low_precision(xs) or _low_precision(ys)
    eps = eps if eps is not None else (1e-3 if low else 1e-6)
    rtol = rtol if rtol is not None else (1e-2 if low else 1e-5)
    atol = atol if atol is not None else (1e-3 if low else 1e-7)
    rng = np.random.default_rng(seed)
    # A real scalar result is compared as is; any other is weighted at random.
    w = {"": 1.0} if isinstance(y, (float, np.floating)) else _random_like(ys, rng)
    g = pull(_rebuild(y, w, other=_zero))
    gl = dict(_leaves(g, "gradient"))
    _check_structure(x, xs, g, gl)

    def objective(z: A) -> float:
        return _dot(w, eval_bp(f, z))

    for _ in range(directions):
        v = _random_like(xs, rng)
        fd = (objective(_shift(x, xs, v, eps)) - objective(_shift(x, xs, v, -eps))) / (2 * eps)
        rev = _dot(v, g)
        if not abs(fd - rev) <= atol + rtol * max(abs(fd), abs(rev)):
            where = _locate(objective, x, xs, gl, eps, rng)
            raise AssertionError(
                f"check_grad: reverse-mode and finite-difference gradients differ; "
                f"{where} (along a random direction: backprop={rev!r} finite "
                f"differences={fd!r}; eps={eps}, rtol={rtol}, atol={atol})"
            )


def _check_structure(x: Any, xs: list[tuple[str, Any]], g: Any, gs: dict[str, Any]) -> None:
    """Every float leaf of the input has a gradient leaf (``gs``) of its shape."""
    for path, leaf in xs:
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
    xs: list[tuple[str, Any]],
    g: dict[str, Any],
    eps: float,
    rng: np.random.Generator,
) -> str:
    """The worst component, by a finite difference along each one (or along
    a random sample of them, for large inputs); a complex component along
    its real and its imaginary direction."""
    spots = [
        (path, index, unit)
        for path, leaf in xs
        for index in np.ndindex(np.shape(leaf))
        for unit in ((1.0, 1j) if np.iscomplexobj(leaf) else (1.0,))
    ]
    sampled = len(spots) > _PROBES
    if sampled:
        spots = [spots[i] for i in rng.choice(len(spots), _PROBES, replace=False)]
    shapes = {p: (np.shape(leaf), np.iscomplexobj(leaf)) for p, leaf in xs}
    worst: tuple[float, str, tuple[int, ...], complex, float, float] | None = None
    for path, index, unit in spots:
        v = {p: np.zeros(s, dtype=complex if c else float) for p, (s, c) in shapes.items()}
        v[path][index] = unit
        num = (objective(_shift(x, xs, v, eps)) - objective(_shift(x, xs, v, -eps))) / (2 * eps)
        got = float(np.real(np.asarray(g[path])[index] * unit))
        err = abs(num - got)
        err = np.inf if err != err else err  # a nan is the worst there is
        if worst is None or err > worst[0]:
            worst = (err, path, index, unit, got, num)
    assert worst is not None
    _, path, index, unit, got, num = worst
    where = (path or "(the input)") + (f" at index {index}" if index else "")
    if unit == 1j:
        where += " (imaginary part)"
    among = f" (among {_PROBES} sampled components)" if sampled else ""
    return f"worst component{among}: {where} backprop={got!r} finite differences={num!r}"
