"""Gradients of complex inputs along imaginary directions too.

``check_grad`` perturbs the real parts of a complex input only. The
convention (autograd's and JAX's) gives a real function ``f`` of a complex
``z`` the gradient ``G = df/dx - i df/dy``, so along any complex direction
``d`` the derivative is ``Re(sum(d * G))``; ``check_complex_grad`` compares
that with central differences along random complex directions. Tests that
use it are marked ``imaginary``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import backprop as bp


def check_complex_grad(
    f: Callable[[Any], Any],
    z: Any,
    *,
    eps: float = 1e-6,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    directions: int = 3,
    seed: int = 0,
) -> None:
    """``f`` a real-valued scalar function of one complex array ``z``."""
    rng = np.random.default_rng(seed)
    g = bp.grad_bp(f, z)
    assert np.shape(g) == np.shape(z)
    assert np.asarray(g).dtype == np.asarray(z).dtype, (np.asarray(g).dtype, z.dtype)
    for _ in range(directions):
        d = rng.standard_normal(z.shape) + 1j * rng.standard_normal(z.shape)
        up = bp.eval_bp(f, z + eps * d)
        down = bp.eval_bp(f, z - eps * d)
        fd = (up - down) / (2 * eps)
        rev = float(np.real(np.sum(d * g)))
        assert abs(fd - rev) <= atol + rtol * max(abs(fd), abs(rev)), (
            f"along a complex direction: backprop={rev!r} finite differences={fd!r}"
        )
