"""backprop.numpy's decompositions, fft and linspace keep types: tuples of
BVars for the decompositions (their parts typed by the input's dtype, the
singular and eigenvalues of a complex matrix real), a complex array from a
transform, a real one from an inverse real transform."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]
C128 = NDArray[np.complex128]
Complex = NDArray[np.complexfloating[Any, Any]]
Real = NDArray[np.floating[Any]]


def decompositions(w: BVar[S, F64], v: BVar[S, F32] | F32, z: BVar[S, C128] | C128) -> BVar[S, float]:
    u, s, vh = bnp.svd(w)
    assert_type(u, BVar[S, F64])
    assert_type(bnp.svd(v, full_matrices=False), tuple[BVar[S, F32], BVar[S, F32], BVar[S, F32]])
    assert_type(bnp.svd(w, compute_uv=False), BVar[S, F64])
    assert_type(bnp.svd(z)[1], BVar[S, Real])
    assert_type(bnp.svd(z, compute_uv=False), BVar[S, Real])
    assert_type(bnp.eigh(w), tuple[BVar[S, F64], BVar[S, F64]])
    assert_type(bnp.eigh(z, "U")[0], BVar[S, Real])
    assert_type(bnp.eigvalsh(v), BVar[S, F32])
    assert_type(bnp.eig(w)[1], BVar[S, NDArray[Any]])
    assert_type(bnp.eigvals(z), BVar[S, NDArray[Any]])
    assert_type(bnp.pinv(v), BVar[S, F32])
    assert_type(bnp.pinv(z, hermitian=True), BVar[S, C128])
    assert_type(bnp.matrix_power(w, -2), BVar[S, F64])
    x, residuals, rank, sv = bnp.lstsq(w, w)
    assert_type(x, BVar[S, F64])
    assert_type(rank, int)
    assert_type(bnp.einsum(w, [0, 1], w, [1, 2], [0, 2]), BVar[S, F64])
    assert_type(bnp.einsum(w, [..., 0], [..., 0]), BVar[S, F64])
    return bnp.sum(s) + bnp.sum(vh * u) + bnp.sum(residuals) + bnp.sum(sv)


def transforms(w: BVar[S, F64], z: BVar[S, C128] | C128) -> BVar[S, float]:
    assert_type(bnp.fft(w), BVar[S, Complex])
    assert_type(bnp.ifft(z, 8, 0, "ortho"), BVar[S, Complex])
    assert_type(bnp.rfft2(w, (4, 4)), BVar[S, Complex])
    assert_type(bnp.irfft(z), BVar[S, Real])
    assert_type(bnp.irfftn(z, axes=(0, 1), norm="forward"), BVar[S, Real])
    assert_type(bnp.fftshift(w, 0), BVar[S, F64])
    assert_type(bnp.ifftshift(z), BVar[S, C128])
    return bnp.sum(bnp.irfft2(bnp.rfft2(w)))


def spaced(t: BVar[S, float], a: BVar[S, F32] | F32) -> BVar[S, float]:
    assert_type(bnp.linspace(t, 2.0, 5), BVar[S, F64])
    assert_type(bnp.linspace(a, a, 5, axis=-1), BVar[S, F32])
    samples, step = bnp.linspace(0.0, t, 5, retstep=True)
    assert_type(step, BVar[S, float])
    return bnp.sum(samples) + step


m: F64 = np.array([[2.0, 1.0], [3.0, 5.0]])
e: F32 = np.eye(2, dtype=np.float32)
c: C128 = m + 1j * m.T
ones: F32 = np.ones(2, dtype=np.float32)


def through_decompositions(a: BVar[S, F64]) -> BVar[S, float]:
    return decompositions(a, e, c)


def through_transforms(a: BVar[S, F64]) -> BVar[S, float]:
    return transforms(a, c)


def through_linspace(t: BVar[S, float]) -> BVar[S, float]:
    return spaced(t, ones)


assert_type(bp.grad_bp(through_decompositions, m), F64)
assert_type(bp.grad_bp(through_transforms, m), F64)
assert_type(bp.grad_bp(through_linspace, 1.0), float)
assert bp.grad_bp(through_linspace, 1.0) == 2.75  # sum(k / 4 for k < 5) + 1 / 4
