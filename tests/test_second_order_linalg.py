"""Every rule of backprop.numpy's linear algebra checked twice: the gradient
of each function (the old ones and those of the parity issue) is itself
differentiated, and compared with finite differences of the gradient (a
``check_grad`` of a ``grad_bp``). The fft family's are in test_numpy_fft.py.

Each loss is ``sum(w1 * f(x) + w2 * f(x) ** 2)``: the square makes the
output gradient of ``f`` depend on ``x``, so ``f``'s vjp runs on BVars of the
enclosing call (its lifted path), and ``f``'s own second derivative counts
through the first term."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from _support import inner_grad

import backprop as bp
import backprop.numpy as bnp
from backprop._rules.linalg import conj, real  # bnp's come with the elementwise half
from backprop.testing import check_grad

Fn = Callable[..., Any]


def arr(seed: int, *shape: int) -> Any:
    return np.random.default_rng(seed).standard_normal(shape)


def carr(seed: int, *shape: int) -> Any:
    return arr(seed, *shape) + 1j * arr(seed + 1000, *shape)


def spd(seed: int, n: int, *batch: int) -> Any:
    b = arr(seed, *batch, n, n)
    return b @ np.swapaxes(b, -1, -2) + n * np.eye(n)


def sq(x: Any) -> Any:
    return x * x


def abs2(x: Any) -> Any:
    return real(x * conj(x))


A, B, V3, V4 = arr(1, 3, 3), arr(2, 3, 4), arr(3, 3), arr(4, 4)
T234, STACK = arr(5, 2, 3, 4), arr(6, 2, 3, 3)
SPD, S44, G44 = spd(7, 3), arr(8, 4, 4), arr(9, 4, 4) + 2 * np.eye(4)
L63, B62 = arr(10, 6, 3), arr(11, 6, 2)
C = arr(12, 3, 3)  # a constant

CASES: list[tuple[str, Fn, Any]] = [
    # products and contractions
    ("matmul", lambda m: m @ m, A),
    ("matmul const left", lambda m: C @ m, B),
    ("matmul const right", lambda m: m @ C, A),
    ("matmul vector-matrix", lambda m: m[0] @ m, A),
    ("matmul matrix-vector", lambda m: m @ m[:, 0], A),
    ("matmul vector-vector", lambda v: bnp.matmul(v, v), V3),
    ("matmul stacks", lambda m: m @ m, STACK),
    ("dot", lambda m: bnp.dot(m, m), A),
    ("dot nd-1d", lambda t: bnp.dot(t, t[0, 0]), T234),
    ("vdot", lambda m: bnp.vdot(m, m[::-1]), A),
    ("inner", lambda m: bnp.inner(m, m), B),
    ("outer", lambda v: bnp.outer(v, v[::-1]), V4),
    ("tensordot", lambda t: bnp.tensordot(t, t, ([1, 2], [1, 2])), T234),
    ("einsum", lambda m: bnp.einsum("ij,jk->ik", m, m), A),
    ("einsum trace of a product", lambda m: bnp.einsum("ij,ji", m, m), A),
    ("einsum diagonal", lambda m: bnp.einsum("ii->i", m), A),
    ("einsum repeated partial", lambda t: bnp.einsum("iij->ij", t), arr(13, 3, 3, 2)),
    ("einsum ellipsis", lambda t: bnp.einsum("...ij,...jk->...ik", t, t), STACK),
    ("einsum sublist", lambda m: bnp.einsum(m, [0, 1], m, [1, 2], [2, 0]), A),
    # diagonals
    ("trace", lambda m: bnp.trace(m @ m), A),
    ("trace offset axes", lambda t: bnp.trace(t, 1, 2, 1), T234),
    ("diag of a matrix", lambda m: bnp.diag(m, 1), B),
    ("diag of a vector", lambda v: bnp.diag(v, -1), V3),
    # det ... cholesky
    ("det", bnp.det, A),
    ("det stack", bnp.det, STACK),
    ("slogdet", lambda m: bnp.slogdet(m)[1], A),
    ("inv", bnp.inv, A),
    ("inv stack", bnp.inv, STACK),
    ("solve", lambda m: bnp.solve(m, m[0]), A),
    ("solve matrix", lambda m: bnp.solve(m, m.T), A),
    ("solve const a", lambda b: bnp.solve(SPD, b), B),
    ("solve const b", lambda m: bnp.solve(m, C), A),
    ("cholesky", bnp.cholesky, SPD),
    ("cholesky upper", lambda m: bnp.cholesky(m, upper=True), SPD),
    ("cholesky stack", bnp.cholesky, spd(14, 3, 2)),
    # norms
    *[(f"norm vector ord={o}", lambda v, o=o: bnp.norm(v, o), V4)
      for o in [None, 2, 1, np.inf, -np.inf, 3, 0.5, -1, -np.inf]],
    *[(f"norm matrix ord={o}", lambda m, o=o: bnp.norm(m, o), B)
      for o in [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]],
    ("norm axis keepdims", lambda t: bnp.norm(t, 3, 1, True), T234),
    ("norm matrix axes", lambda t: bnp.norm(t, "nuc", (2, 0)), T234),
    # decompositions
    ("svd s", lambda m: bnp.svd(m)[1], B),
    ("svd u", lambda m: sq(bnp.svd(m, False)[0]), B.T),
    ("svd vh", lambda m: sq(bnp.svd(m, False)[2]), B),
    ("svd full, complement", lambda m: (lambda q: q @ q.T)(bnp.svd(m)[0][:, 3:]), B.T),
    ("svd compute_uv=False", lambda m: bnp.svd(m, compute_uv=False), STACK),
    ("svd hermitian", lambda m: bnp.svd(m, hermitian=True)[1], SPD - 4 * np.eye(3)),
    ("eigh values", lambda m: bnp.eigh(m)[0], S44),
    ("eigh vectors", lambda m: sq(bnp.eigh(m)[1]), S44),
    ("eigh upper", lambda m: sq(bnp.eigh(m, "U")[1]), S44),
    ("eigvalsh", bnp.eigvalsh, S44),
    ("eig values", lambda m: real(bnp.eig(m)[0] * np.array([1.0, 2.0, 1j, 3.0])), G44),
    ("eig vectors", lambda m: abs2(bnp.eig(m)[1]), G44),
    ("eigvals", lambda m: abs2(bnp.eigvals(m)), G44),
    # pinv, matrix_power, lstsq, linspace
    ("pinv", bnp.pinv, B),
    ("pinv wide stack", bnp.pinv, arr(15, 2, 2, 4)),
    ("pinv hermitian", lambda m: bnp.pinv(m, hermitian=True), SPD),
    ("matrix_power 3", lambda m: bnp.matrix_power(m, 3), A),
    ("matrix_power -2", lambda m: bnp.matrix_power(m, -2), SPD),
    ("matrix_power 0", lambda m: bnp.matrix_power(m, 0) * m, A),
    ("lstsq x", lambda a: bnp.lstsq(a, B62)[0], L63),
    ("lstsq x of b", lambda b: bnp.lstsq(L63, b)[0], B62),
    ("lstsq residuals", lambda a: bnp.lstsq(a, B62)[1], L63),
    ("lstsq s", lambda a: bnp.lstsq(a, B62)[3], L63),
    ("linspace", lambda v: bnp.linspace(v[0], v[1] * v[2], 5), V3),
    ("linspace arrays", lambda m: bnp.linspace(m[0], m[1], 4, endpoint=False, axis=-1), A),
]  # fmt: skip


def check_second(fn: Fn, x: Any) -> None:
    """check_grad of the gradient of sum(w1 * fn(x) + w2 * fn(x) ** 2)."""
    shape = np.shape(bp.eval_bp(fn, x))
    w1, w2 = arr(100, *shape), arr(101, *shape)

    def loss(u: Any) -> Any:
        y = fn(u)
        return bnp.sum(w1 * y + w2 * y * y)

    check_grad(lambda v: bp.grad_bp(loss, v), x)


@pytest.mark.parametrize(("name", "fn", "x"), CASES, ids=[c[0] for c in CASES])
def test_second_derivative(name: str, fn: Fn, x: Any) -> None:
    check_second(fn, x)


# Complex inputs: check_grad perturbs their real and imaginary parts.
COMPLEX: list[tuple[str, Fn, Any]] = [
    ("matmul", lambda z: real(z @ z), carr(20, 3, 3)),
    ("inv", lambda z: real(bnp.inv(z)), carr(21, 3, 3)),
    ("det", lambda z: real(bnp.det(z) * np.array(1 - 2j)), carr(22, 3, 3)),
    ("solve", lambda z: real(bnp.solve(z, z[0])), carr(23, 3, 3)),
    ("svd s", lambda z: bnp.svd(z)[1], carr(24, 3, 4)),
    ("svd |u|^2", lambda z: abs2(bnp.svd(z, False)[0]), carr(25, 4, 3)),
    ("eigh |v|^2", lambda z: abs2(bnp.eigh(z)[1]), carr(26, 3, 3)),
    ("pinv", lambda z: real(bnp.pinv(z)), carr(27, 3, 2)),
    ("cholesky", lambda z: real(bnp.cholesky(z @ conj(z).T + 3 * np.eye(3))), carr(28, 3, 3)),
    ("slogdet", lambda z: bnp.slogdet(z)[1] + real(bnp.slogdet(z)[0]), carr(29, 3, 3)),
    ("norm nuc", lambda z: bnp.norm(z, "nuc"), carr(30, 3, 4)),
    ("norm vector 3", lambda z: bnp.norm(z, 3, axis=1), carr(31, 3, 4)),
    ("eigvalsh", bnp.eigvalsh, carr(32, 3, 3)),
    ("eig values", lambda z: real(bnp.eig(z)[0]), carr(33, 3, 3)),
    ("eig |v|^2", lambda z: abs2(bnp.eig(z)[1]), carr(34, 3, 3)),
    ("matrix_power", lambda z: real(bnp.matrix_power(z, -2)), carr(35, 3, 3) + 3 * np.eye(3)),
    ("lstsq", lambda z: real(bnp.lstsq(z, carr(36, 4, 2))[0]) + bnp.sum(bnp.lstsq(z, carr(36, 4, 2))[1]), carr(37, 4, 3)),
    ("einsum sublist", lambda z: real(bnp.einsum(z, [0, 1], z, [1, 0])), carr(38, 3, 3)),
    ("linspace", lambda z: real(bnp.linspace(z[0], z[1] * z[1], 4)), carr(39, 2, 3)),
]


@pytest.mark.parametrize(("name", "fn", "z"), COMPLEX, ids=[c[0] for c in COMPLEX])
def test_second_derivative_of_a_complex_input(name: str, fn: Fn, z: Any) -> None:
    check_second(fn, z)


def test_the_hessian_of_a_log_determinant() -> None:
    # <grad log det(A), E> = tr(A^-1 E), whose gradient is -(A^-1 E A^-1)^T:
    # checked in closed form, not by differences.
    a, e = arr(30, 3, 3), arr(31, 3, 3)
    h = bp.grad_bp(lambda m: bnp.sum(inner_grad(lambda u: bnp.slogdet(u)[1], m) * e), a)
    ai = np.linalg.inv(a)
    np.testing.assert_allclose(h, -(ai @ e @ ai).T, rtol=1e-10)


def test_a_second_derivative_at_repeated_eigenvalues_is_never_silently_wrong() -> None:
    # The eigenvalues' gradient is finite at a repeated one; its derivative
    # goes through the eigenvectors, which have none: inf or nan, not a number.
    a = np.diag([1.0, 1.0, 2.0])
    h = bp.grad_bp(lambda m: bnp.sum(inner_grad(lambda u: bnp.sum(bnp.eigvalsh(u) ** 3), m) * C), a)
    assert not np.all(np.isfinite(h))


def test_hessian_and_hvp_through_decompositions_and_transforms() -> None:
    # bp.hessian and bp.hvp of a function of a nuclear norm, eigenvalues and
    # an fft: symmetric, consistent with each other, and equal to central
    # differences of the gradient.
    m = np.array([[2.0, 1.0], [0.5, 3.0]])

    def f(a: bp.BVar[bp.S, Any]) -> bp.BVar[bp.S, float]:
        spectrum = bnp.rfft2(a)
        return (
            bnp.norm(a, "nuc")
            + bnp.sum(bnp.eigvalsh(a @ a.T) ** 2)
            + bnp.sum(real(spectrum * conj(spectrum)))
        )

    h = bp.hessian(f, m)
    np.testing.assert_allclose(h.reshape(4, 4), h.reshape(4, 4).T, atol=1e-10)
    v = np.array([[1.0, -0.5], [0.25, 2.0]])
    np.testing.assert_allclose(bp.hvp(f, m, v), np.tensordot(h, v, 2), atol=1e-10)
    eps = 1e-6
    fd = (bp.grad_bp(f, m + eps * v) - bp.grad_bp(f, m - eps * v)) / (2 * eps)
    np.testing.assert_allclose(np.tensordot(h, v, 2), fd, rtol=1e-6, atol=1e-6)
