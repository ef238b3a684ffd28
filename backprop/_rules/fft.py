"""numpy.fft: the discrete Fourier transforms and their shifts.

Every transform is linear, so its vjp is its transpose: the DFT matrix is
symmetric, so the transpose of a complex transform is the same transform
(same direction, same ``norm``) applied to ``g``, with the zero-padding or
truncation to ``n`` undone (``resize``). The real transforms are real-linear:
``rfft``'s transpose zero-pads ``g`` to ``n`` and takes the real part of its
``fft``; ``irfft``'s is ``ifft(g)`` cut to the ``n // 2 + 1`` inputs numpy
reads, doubled where an input stands for two conjugate frequencies. An n-d
transform is numpy's sequence of 1-d ones, pulled back one axis at a time in
reverse order, so a repeated axis and a different ``s`` per axis are exact.

A real input gets the real part of its gradient (``match``), and each
transposed step runs through this table's rules (``fft``, ``ifft``,
``resize``, ``real``), so the vjps are differentiable again.

Payloads: ``(a, n, axis, norm, out)`` for a 1-d transform, ``(a, s, axes,
norm, out)`` for an n-d one, ``(a, axes, out)`` for the shifts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .core import ARRAY_FUNCTIONS, Rule, apply, plain, quiet
from .linalg import match, real, real_dtype

# --- resize: numpy's truncation or zero-padding of an axis to n -----------------------------


def _resize(a: Any, axis: int, n: int) -> Any:
    m = a.shape[axis]
    if n <= m:
        return a[(slice(None),) * axis + (slice(0, n),)].copy()
    pad = [(0, 0)] * a.ndim
    pad[axis] = (0, n - m)
    return np.pad(a, pad)


# its transpose is the resize back to the original length; payload (a, axis, n, out)
RESIZE = Rule(
    "resize", _resize, (lambda g, p: resize(g, p[1], np.shape(p[0])[p[1]]),), ("axis", "n")
)


def resize(a: Any, axis: int, n: int) -> Any:
    """``a`` cut or zero-padded to length ``n`` along ``axis`` (non-negative)."""
    if np.shape(plain(a))[axis] == n:
        return a
    return apply(RESIZE, (a,), (axis, n))


# --- one axis: fft, ifft, rfft, irfft ---------------------------------------------------------

# One step of a transform: its kind, axis (non-negative), n (None: numpy's
# default) and the length of the axis before it.
Step = tuple[str, int, Any, int]


def _complex_dx(g: Any, kind: str, axis: int, before: int, norm: Any) -> Any:
    """The transpose of one complex transform of an axis of length ``before``."""
    return resize(transform(kind, g, None, axis, norm), axis, before)


def _rfft_dx(g: Any, axis: int, n: int, before: int, norm: Any) -> Any:
    full = resize(g, axis, n)
    return resize(real(transform("fft", full, None, axis, norm)), axis, before)


def _irfft_dx(g: Any, axis: int, n: int, before: int, norm: Any) -> Any:
    half = n // 2 + 1
    r = resize(transform("ifft", real(g), None, axis, norm), axis, half)
    # the inputs that stand for a frequency and its conjugate count twice
    twice = np.full(half, 2.0, dtype=real_dtype(r))
    twice[0] = 1.0
    if n % 2 == 0:
        twice[-1] = 1.0
    shape = [1] * np.ndim(plain(r))
    shape[axis] = half
    return resize(r * twice.reshape(shape), axis, before)


def _step_dx(g: Any, step: Step, norm: Any) -> Any:
    kind, axis, n, before = step
    if kind == "rfft":
        return _rfft_dx(g, axis, n, before, norm)
    if kind == "irfft":
        return _irfft_dx(g, axis, n, before, norm)
    return _complex_dx(g, kind, axis, before, norm)


def _steps(shape: Sequence[int], plan: list[tuple[str, int, Any]]) -> list[Step]:
    """The steps of ``plan`` (kind, axis, n) with their n made explicit and
    the length of each axis before its step."""
    cur = list(shape)
    out: list[Step] = []
    for kind, axis, n in plan:
        before = cur[axis]
        if n is None:
            n = 2 * (before - 1) if kind == "irfft" else before
        out.append((kind, axis, n, before))
        cur[axis] = n // 2 + 1 if kind == "rfft" else n
    return out


def _axis(axis: Any, ndim: int) -> int:
    if not -ndim <= axis < ndim:
        raise np.exceptions.AxisError(axis, ndim)
    return int(axis) % ndim


_ONE_AXIS: dict[str, Callable[..., Any]] = {
    "fft": np.fft.fft,
    "ifft": np.fft.ifft,
    "rfft": np.fft.rfft,
    "irfft": np.fft.irfft,
}


def _one_axis_rule(kind: str) -> Rule:
    fn = _ONE_AXIS[kind]

    # payload (a, n, axis, norm, out)
    def vjp(g: Any, p: Any) -> Any:
        a, n, axis, norm, _ = p
        shape = np.shape(plain(a))
        ax = _axis(axis, len(shape))
        (step,) = _steps(shape, [(kind, ax, n)])
        return match(_step_dx(g, step, norm), a)

    return Rule(
        kind, quiet(lambda a, n, axis, norm: fn(a, n, axis, norm)), (vjp,), ("n", "axis", "norm")
    )


ONE_AXIS = {kind: _one_axis_rule(kind) for kind in _ONE_AXIS}


def transform(kind: str, a: Any, n: Any = None, axis: int = -1, norm: Any = None) -> Any:
    """numpy.fft's 1-d transform ``kind`` (fft, ifft, rfft, irfft), lifted."""
    return apply(ONE_AXIS[kind], (a,), (n, axis, norm))


# --- several axes: fft2, fftn, rfftn ... ----------------------------------------------------


def _cook(shape: Sequence[int], s: Any, axes: Any, invreal: bool) -> tuple[list[Any], list[int]]:
    """numpy's defaults: s from the shape (or the last len(s) axes), axes
    non-negative, -1 in s meaning the whole axis (None numpy's 1-d default)."""
    nd = len(shape)
    if axes is None:
        axes = list(range(nd)) if s is None else list(range(nd - len(s), nd))
    axes = [_axis(a, nd) for a in axes]
    if s is None:
        s = [shape[a] for a in axes]
        if invreal and axes:
            s[-1] = 2 * (shape[axes[-1]] - 1)
    s = [shape[a] if n == -1 else n for n, a in zip(s, axes)]
    return s, axes


def _plan(kind: str, s: list[Any], axes: list[int]) -> list[tuple[str, int, Any]]:
    """The 1-d steps numpy's n-d transform ``kind`` takes, in order."""
    k = len(axes)
    if kind in ("fftn", "ifftn"):
        return [(kind[:-1], axes[i], s[i]) for i in reversed(range(k))]
    if kind == "rfftn":
        return [("rfft", axes[-1], s[-1])] + [("fft", axes[i], s[i]) for i in reversed(range(k - 1))]
    return [("ifft", axes[i], s[i]) for i in range(k - 1)] + [("irfft", axes[-1], s[-1])]


_SEVERAL_AXES: dict[str, tuple[str, Callable[..., Any]]] = {
    "fft2": ("fftn", np.fft.fft2),
    "ifft2": ("ifftn", np.fft.ifft2),
    "fftn": ("fftn", np.fft.fftn),
    "ifftn": ("ifftn", np.fft.ifftn),
    "rfft2": ("rfftn", np.fft.rfft2),
    "irfft2": ("irfftn", np.fft.irfft2),
    "rfftn": ("rfftn", np.fft.rfftn),
    "irfftn": ("irfftn", np.fft.irfftn),
}


def _several_axes_rule(name: str) -> Rule:
    kind, fn = _SEVERAL_AXES[name]

    # payload (a, s, axes, norm, out): numpy's steps pulled back in reverse
    def vjp(g: Any, p: Any) -> Any:
        a, s, axes, norm, _ = p
        shape = np.shape(plain(a))
        s, axes = _cook(shape, s, axes, kind == "irfftn")
        for step in reversed(_steps(shape, _plan(kind, s, axes))):
            g = _step_dx(g, step, norm)
        return match(g, a)

    return Rule(
        name, quiet(lambda a, s, axes, norm: fn(a, s, axes, norm)), (vjp,), ("s", "axes", "norm")
    )


SEVERAL_AXES = {name: _several_axes_rule(name) for name in _SEVERAL_AXES}


# --- shifts -------------------------------------------------------------------------------------

# each shift's transpose is the other one; payload (x, axes, out)
FFTSHIFT = Rule(
    "fftshift", quiet(np.fft.fftshift), (lambda g, p: ifftshift(g, p[1]),), ("axes",)
)
IFFTSHIFT = Rule(
    "ifftshift", quiet(np.fft.ifftshift), (lambda g, p: fftshift(g, p[1]),), ("axes",)
)


def fftshift(x: Any, axes: Any = None) -> Any:
    return apply(FFTSHIFT, (x,), (axes,))


def ifftshift(x: Any, axes: Any = None) -> Any:
    return apply(IFFTSHIFT, (x,), (axes,))


# --- the functions of numpy.fft ------------------------------------------------------------------


def _one(kind: str) -> Callable[..., Any]:
    def fn(a: Any, n: Any = None, axis: int = -1, norm: Any = None) -> Any:
        return transform(kind, a, n, axis, norm)

    fn.__name__ = fn.__qualname__ = kind
    return fn


def _several(name: str, default_axes: Any) -> Callable[..., Any]:
    rule = SEVERAL_AXES[name]

    def fn(a: Any, s: Any = None, axes: Any = default_axes, norm: Any = None) -> Any:
        return apply(rule, (a,), (s, axes, norm))

    fn.__name__ = fn.__qualname__ = name
    return fn


fft = _one("fft")
ifft = _one("ifft")
rfft = _one("rfft")
irfft = _one("irfft")
fft2 = _several("fft2", (-2, -1))
ifft2 = _several("ifft2", (-2, -1))
rfft2 = _several("rfft2", (-2, -1))
irfft2 = _several("irfft2", (-2, -1))
fftn = _several("fftn", None)
ifftn = _several("ifftn", None)
rfftn = _several("rfftn", None)
irfftn = _several("irfftn", None)

ARRAY_FUNCTIONS.update(
    {
        np.fft.fft: fft, np.fft.ifft: ifft, np.fft.rfft: rfft, np.fft.irfft: irfft,
        np.fft.fft2: fft2, np.fft.ifft2: ifft2, np.fft.rfft2: rfft2, np.fft.irfft2: irfft2,
        np.fft.fftn: fftn, np.fft.ifftn: ifftn, np.fft.rfftn: rfftn, np.fft.irfftn: irfftn,
        np.fft.fftshift: fftshift, np.fft.ifftshift: ifftshift,
    }
)  # fmt: skip
