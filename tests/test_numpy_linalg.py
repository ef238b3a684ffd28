"""backprop.numpy, linear algebra, shape functions and constructors: values
equal to numpy's, gradients against finite differences (with shapes and
dtypes equal to the inputs'), repeated arguments, constants in each
position, and numpy's own functions reaching the lifted ones."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from _support import check_op

import backprop as bp
import backprop.numpy as bnp
from backprop.testing import check_grad

Fn = Callable[..., Any]
F32 = np.float32


def arr(seed: int, *shape: int, dtype: Any = np.float64) -> Any:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def spd(seed: int, n: int, *batch: int, dtype: Any = np.float64) -> Any:
    """A well-conditioned symmetric positive definite matrix (or a stack)."""
    b = arr(seed, *batch, n, n)
    return (b @ np.swapaxes(b, -1, -2) + n * np.eye(n)).astype(dtype)


def check(fn: Fn, ref: Fn, args: Sequence[Any]) -> None:
    """``check_op`` with float32 values to rtol 1e-5 (linear algebra loses more)."""
    check_op(fn, ref, args, f32=(1e-5, 1e-6))


A23, A34, A3, A4 = arr(1, 2, 3), arr(2, 3, 4), arr(3, 3), arr(4, 4)
M33, M33b = arr(5, 3, 3), arr(6, 2, 3, 3)
C = arr(7, 3, 4)  # a constant

CASES: list[tuple[str, Fn, Fn, list[Any]]] = [
    # matmul: 1-D promotion, stacks broadcasting, a repeated argument, constants
    ("matmul", bnp.matmul, np.matmul, [A23, A34]),
    ("matmul vector-matrix", bnp.matmul, np.matmul, [A3, A34]),
    ("matmul matrix-vector", bnp.matmul, np.matmul, [A34, A4]),
    ("matmul vector-vector", bnp.matmul, np.matmul, [A4, arr(8, 4)]),
    ("matmul stacks", bnp.matmul, np.matmul, [arr(9, 2, 1, 3, 4), arr(10, 5, 4, 2)]),
    ("matmul float32", bnp.matmul, np.matmul, [A23.astype(F32), A34.astype(F32)]),
    ("matmul x x", lambda x: bnp.matmul(x, x), lambda x: x @ x, [M33]),
    ("matmul const right", lambda x: bnp.matmul(x, C), lambda x: x @ C, [A23]),
    ("matmul const left", lambda x: bnp.matmul(A23, x), lambda x: A23 @ x, [A34]),
    ("matmul via np", lambda x, y: np.matmul(x, y), np.matmul, [A23, A34]),
    ("matmul via @", lambda x, y: x @ y, np.matmul, [A23, A34]),
    # dot, vdot, inner, outer, tensordot
    ("dot", bnp.dot, np.dot, [A23, A34]),
    ("dot vectors", bnp.dot, np.dot, [A4, arr(11, 4)]),
    ("dot nd-1d", bnp.dot, np.dot, [arr(12, 2, 3, 4), A4]),
    ("dot nd-md", bnp.dot, np.dot, [arr(13, 2, 3, 4), arr(14, 5, 4, 2)]),
    ("dot 0-d", bnp.dot, np.dot, [np.array(1.5), A34]),
    ("dot float and array", bnp.dot, np.dot, [1.5, A4]),
    ("dot float32", bnp.dot, np.dot, [A23.astype(F32), A34.astype(F32)]),
    ("dot x x", lambda x: bnp.dot(x, x), lambda x: np.dot(x, x), [M33]),
    ("dot const", lambda x: bnp.dot(x, C), lambda x: np.dot(x, C), [A23]),
    ("dot via np", lambda x: np.dot(A23, x), lambda x: np.dot(A23, x), [A34]),
    ("vdot", bnp.vdot, np.vdot, [arr(15, 2, 2), A4]),
    ("vdot float32", bnp.vdot, np.vdot, [A4.astype(F32), A4.astype(F32) + 1]),
    ("vdot x x", lambda x: bnp.vdot(x, x), lambda x: np.vdot(x, x), [A23]),
    ("inner", bnp.inner, np.inner, [arr(16, 2, 4), A34]),
    ("inner vectors", bnp.inner, np.inner, [A4, arr(17, 4)]),
    ("inner 0-d", bnp.inner, np.inner, [np.array(2.0), A3]),
    ("inner x x", lambda x: bnp.inner(x, x), lambda x: np.inner(x, x), [A23]),
    ("outer", bnp.outer, np.outer, [arr(18, 2, 2), A3]),
    ("outer 0-d", bnp.outer, np.outer, [np.array(2.0), A3]),
    ("outer x x", lambda x: bnp.outer(x, x), lambda x: np.outer(x, x), [A3]),
    ("outer const", lambda x: bnp.outer(A4, x), lambda x: np.outer(A4, x), [A3]),
    ("tensordot", bnp.tensordot, np.tensordot, [arr(19, 2, 3, 4), A34]),
    ("tensordot 1", lambda a, b: bnp.tensordot(a, b, 1), lambda a, b: np.tensordot(a, b, 1), [A23, A34]),
    ("tensordot 0", lambda a, b: bnp.tensordot(a, b, 0), lambda a, b: np.tensordot(a, b, 0), [A3, A23]),
    ("tensordot pairs", lambda a, b: bnp.tensordot(a, b, ([2, 0], [0, 1])),
     lambda a, b: np.tensordot(a, b, ([2, 0], [0, 1])), [arr(20, 2, 3, 4), arr(21, 4, 2, 5)]),
    ("tensordot negative", lambda a, b: bnp.tensordot(a, b, (-1, 0)),
     lambda a, b: np.tensordot(a, b, (-1, 0)), [A34, arr(22, 4, 2)]),
    ("tensordot float32", bnp.tensordot, np.tensordot, [arr(23, 2, 3, 4, dtype=F32), A34.astype(F32)]),
    # einsum
    ("einsum matmul", lambda a, b: bnp.einsum("ij,jk->ik", a, b), lambda a, b: np.einsum("ij,jk->ik", a, b), [A23, A34]),
    ("einsum implicit", lambda a, b: bnp.einsum("ij,jk", a, b), lambda a, b: np.einsum("ij,jk", a, b), [A23, A34]),
    ("einsum trace", lambda a: bnp.einsum("ii", a), lambda a: np.einsum("ii", a), [M33]),
    ("einsum diagonal", lambda a: bnp.einsum("ii->i", a), lambda a: np.einsum("ii->i", a), [M33]),
    ("einsum partial diagonal", lambda a: bnp.einsum("iij->ji", a), lambda a: np.einsum("iij->ji", a), [arr(24, 3, 3, 2)]),
    ("einsum sum", lambda a: bnp.einsum("ij->", a), lambda a: np.einsum("ij->", a), [A34]),
    ("einsum transpose", lambda a: bnp.einsum("ijk->kij", a), lambda a: np.einsum("ijk->kij", a), [arr(25, 2, 3, 4)]),
    ("einsum ellipsis", lambda a, b: bnp.einsum("...ij,...jk->...ik", a, b),
     lambda a, b: np.einsum("...ij,...jk->...ik", a, b), [arr(26, 2, 1, 3, 4), arr(27, 5, 4, 2)]),
    ("einsum broadcast", lambda a, b: bnp.einsum("ij,ij->ij", a, b),
     lambda a, b: np.einsum("ij,ij->ij", a, b), [A34, arr(28, 1, 4)]),
    ("einsum three", lambda a, b, c: bnp.einsum("i,ij,j->", a, b, c),
     lambda a, b, c: np.einsum("i,ij,j->", a, b, c), [A3, A34, A4]),
    ("einsum 0-d operand", lambda a, b: bnp.einsum(",i->i", a, b), lambda a, b: np.einsum(",i->i", a, b), [np.array(2.0), A3]),
    ("einsum x x", lambda x: bnp.einsum("ij,jk->ik", x, x), lambda x: x @ x, [M33]),
    ("einsum const", lambda x: bnp.einsum("ij,jk->ik", A23, x), lambda x: A23 @ x, [A34]),
    ("einsum optimize", lambda a, b, c: bnp.einsum("ij,jk,kl->il", a, b, c, optimize=True),
     lambda a, b, c: a @ b @ c, [A23, A34, arr(29, 4, 2)]),
    ("einsum float32", lambda a, b: bnp.einsum("ij,jk->ik", a, b), lambda a, b: a @ b, [A23.astype(F32), A34.astype(F32)]),
    ("einsum via np", lambda a, b: np.einsum("ij,jk->ik", a, b), lambda a, b: a @ b, [A23, A34]),
    # transpose, trace, diag
    ("transpose", bnp.transpose, np.transpose, [arr(30, 2, 3, 4)]),
    ("transpose axes", lambda a: bnp.transpose(a, (1, -1, 0)), lambda a: np.transpose(a, (1, -1, 0)), [arr(31, 2, 3, 4)]),
    ("transpose float32", bnp.transpose, np.transpose, [A23.astype(F32)]),
    (".T", lambda a: a.T, np.transpose, [A23]),
    ("trace", bnp.trace, np.trace, [A34]),
    ("trace offset", lambda a: bnp.trace(a, 1), lambda a: np.trace(a, 1), [A34]),
    ("trace negative offset", lambda a: bnp.trace(a, -1), lambda a: np.trace(a, -1), [A34]),
    ("trace axes", lambda a: bnp.trace(a, 0, 2, -3), lambda a: np.trace(a, 0, 2, -3), [arr(32, 3, 2, 4)]),
    ("trace float32", bnp.trace, np.trace, [A34.astype(F32)]),
    ("diag of vector", bnp.diag, np.diag, [A3]),
    ("diag of vector k", lambda v: bnp.diag(v, -2), lambda v: np.diag(v, -2), [A3]),
    ("diag of matrix", bnp.diag, np.diag, [A34]),
    ("diag of matrix k", lambda v: bnp.diag(v, 1), lambda v: np.diag(v, 1), [A34]),
    ("diag of matrix -k", lambda v: bnp.diag(v, -1), lambda v: np.diag(v, -1), [A34]),
    ("diag float32", bnp.diag, np.diag, [A34.astype(F32)]),
    # det, slogdet, inv, solve, cholesky
    ("det", bnp.det, np.linalg.det, [M33]),
    ("det stack", bnp.det, np.linalg.det, [M33b]),
    ("det singular", bnp.det, np.linalg.det, [np.array([[1.0, 2.0], [2.0, 4.0]])]),
    ("det float32", bnp.det, np.linalg.det, [spd(33, 3, dtype=F32)]),
    ("slogdet", lambda a: bnp.slogdet(a)[1], lambda a: np.linalg.slogdet(a)[1], [M33]),
    ("slogdet stack", lambda a: bnp.slogdet(a)[1], lambda a: np.linalg.slogdet(a)[1], [M33b]),
    ("slogdet sign", lambda a: bnp.slogdet(a)[0] * bnp.exp(bnp.slogdet(a)[1]), np.linalg.det, [M33]),
    ("inv", bnp.inv, np.linalg.inv, [M33]),
    ("inv stack", bnp.inv, np.linalg.inv, [M33b]),
    ("inv float32", bnp.inv, np.linalg.inv, [spd(34, 3, dtype=F32)]),
    ("solve vector", bnp.solve, np.linalg.solve, [M33, A3]),
    ("solve matrix", bnp.solve, np.linalg.solve, [M33, arr(35, 3, 2)]),
    ("solve stack, one vector", bnp.solve, np.linalg.solve, [M33b, A3]),
    ("solve stacks", bnp.solve, np.linalg.solve, [M33b, arr(36, 2, 3, 4)]),
    ("solve float32", bnp.solve, np.linalg.solve, [spd(37, 3, dtype=F32), A3.astype(F32)]),
    ("solve x x", lambda x: bnp.solve(x, x), lambda x: np.eye(3), [M33]),
    ("solve const a", lambda b: bnp.solve(M33, b), lambda b: np.linalg.solve(M33, b), [A3]),
    ("solve const b", lambda a: bnp.solve(a, A3), lambda a: np.linalg.solve(a, A3), [M33]),
    ("cholesky", bnp.cholesky, np.linalg.cholesky, [spd(38, 3)]),
    ("cholesky upper", lambda a: bnp.cholesky(a, upper=True), lambda a: np.linalg.cholesky(a, upper=True), [spd(39, 3)]),
    ("cholesky stack", bnp.cholesky, np.linalg.cholesky, [spd(40, 3, 2)]),
    ("cholesky float32", bnp.cholesky, np.linalg.cholesky, [spd(41, 3, dtype=F32)]),
    ("cholesky of b b^T", lambda b: bnp.cholesky(b @ b.T + 3.0 * np.eye(3)),
     lambda b: np.linalg.cholesky(b @ b.T + 3 * np.eye(3)), [M33]),
    # norm
    ("norm", bnp.norm, np.linalg.norm, [A34]),
    ("norm of a stack", bnp.norm, np.linalg.norm, [arr(42, 2, 3, 4)]),
    ("norm float32", bnp.norm, np.linalg.norm, [A34.astype(F32)]),
    ("norm axis", lambda x: bnp.norm(x, axis=-1), lambda x: np.linalg.norm(x, axis=-1), [A34]),
    ("norm axis keepdims", lambda x: bnp.norm(x, 3, 0, True), lambda x: np.linalg.norm(x, 3, 0, True), [A34]),
    ("norm keepdims", lambda x: bnp.norm(x, keepdims=True), lambda x: np.linalg.norm(x, None, None, True), [A34]),
]  # fmt: skip
CASES += [
    (
        f"norm vector ord={o}",
        lambda x, o=o: bnp.norm(x, o),
        lambda x, o=o: np.linalg.norm(x, o),
        [arr(43, 5)],
    )
    for o in [None, 2, 1, np.inf, -np.inf, 0, 3, 0.5, -1]
]
CASES += [
    (
        f"norm matrix ord={o}",
        lambda x, o=o: bnp.norm(x, o),
        lambda x, o=o: np.linalg.norm(x, o),
        [A34],
    )
    for o in [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf]
]
CASES += [
    (f"norm matrix axes ord={o}", lambda x, o=o: bnp.norm(x, o, (2, 0)),
     lambda x, o=o: np.linalg.norm(x, o, (2, 0)), [arr(44, 3, 2, 4)])
    for o in ["fro", "nuc", 2, 1, np.inf]
]  # fmt: skip
CASES += [
    # shape
    ("reshape", lambda a: bnp.reshape(a, (4, 3)), lambda a: np.reshape(a, (4, 3)), [A34]),
    ("reshape -1 F", lambda a: bnp.reshape(a, (-1, 2), order="F"), lambda a: np.reshape(a, (-1, 2), order="F"), [A34]),
    ("reshape 0-d", lambda a: bnp.reshape(a, (1, 1)), lambda a: np.reshape(a, (1, 1)), [np.array(2.0)]),
    ("reshape float32", lambda a: bnp.reshape(a, 12), lambda a: np.reshape(a, 12), [A34.astype(F32)]),
    ("reshape via np", lambda a: np.reshape(a, (2, 6)), lambda a: np.reshape(a, (2, 6)), [A34]),
    ("ravel", bnp.ravel, np.ravel, [arr(45, 2, 3, 2)]),
    ("ravel F", lambda a: bnp.ravel(a, "F"), lambda a: np.ravel(a, "F"), [A34]),
    ("expand_dims", lambda a: bnp.expand_dims(a, 1), lambda a: np.expand_dims(a, 1), [A34]),
    ("expand_dims axes", lambda a: bnp.expand_dims(a, (0, -1)), lambda a: np.expand_dims(a, (0, -1)), [A34]),
    ("squeeze", bnp.squeeze, np.squeeze, [arr(46, 1, 3, 1)]),
    ("squeeze axis", lambda a: bnp.squeeze(a, -1), lambda a: np.squeeze(a, -1), [arr(47, 1, 3, 1)]),
    ("broadcast_to", lambda a: bnp.broadcast_to(a, (2, 3)), lambda a: np.broadcast_to(a, (2, 3)), [A3]),
    ("broadcast_to columns", lambda a: bnp.broadcast_to(a, (2, 3, 4)), lambda a: np.broadcast_to(a, (2, 3, 4)), [arr(48, 3, 1)]),
    ("broadcast_to 0-d", lambda a: bnp.broadcast_to(a, (2, 2)), lambda a: np.broadcast_to(a, (2, 2)), [np.array(1.5)]),
    ("broadcast_to float", lambda a: bnp.broadcast_to(a, 3), lambda a: np.broadcast_to(a, 3), [1.5]),
    ("broadcast_to float32", lambda a: bnp.broadcast_to(a, (2, 3)), lambda a: np.broadcast_to(a, (2, 3)), [A3.astype(F32)]),
    ("concatenate", lambda a, b: bnp.concatenate([a, b]), lambda a, b: np.concatenate([a, b]), [A34, arr(49, 2, 4)]),
    ("concatenate axis -1", lambda a, b: bnp.concatenate((a, b), axis=-1), lambda a, b: np.concatenate((a, b), axis=-1), [A34, arr(50, 3, 2)]),
    ("concatenate None", lambda a, b: bnp.concatenate([a, b], axis=None), lambda a, b: np.concatenate([a, b], axis=None), [A34, A3]),
    ("concatenate x x", lambda x: bnp.concatenate([x, x]), lambda x: np.concatenate([x, x]), [A3]),
    ("concatenate consts", lambda x: bnp.concatenate([A3, x, A4]), lambda x: np.concatenate([A3, x, A4]), [A3]),
    ("concatenate float32", lambda a, b: bnp.concatenate([a, b]), lambda a, b: np.concatenate([a, b]), [A3.astype(F32), A4.astype(F32)]),
    ("concatenate via np", lambda a: np.concatenate([A3, a]), lambda a: np.concatenate([A3, a]), [A4]),
    ("stack", lambda a, b: bnp.stack([a, b]), lambda a, b: np.stack([a, b]), [A34, arr(51, 3, 4)]),
    ("stack axis -1", lambda a, b: bnp.stack([a, b], axis=-1), lambda a, b: np.stack([a, b], axis=-1), [A34, arr(52, 3, 4)]),
    ("stack floats", lambda a, b: bnp.stack([a, b, a]), lambda a, b: np.stack([a, b, a]), [1.5, -2.0]),
    ("stack 0-d", lambda a, b: bnp.stack([a, b]), lambda a, b: np.stack([a, b]), [np.array(1.0), np.array(2.0)]),
    ("stack x x const", lambda x: bnp.stack([x, A3, x], 1), lambda x: np.stack([x, A3, x], 1), [A3]),
    ("stack float32", lambda a, b: bnp.stack([a, b]), lambda a, b: np.stack([a, b]), [A3.astype(F32), A3.astype(F32)]),
    ("split", lambda a: bnp.split(a, 3)[1], lambda a: np.split(a, 3)[1], [arr(53, 6, 2)]),
    ("split indices axis 1", lambda a: bnp.split(a, [1, 3], axis=1)[1] * bnp.split(a, [1, 3], axis=1)[2][:, :2],
     lambda a: np.split(a, [1, 3], axis=1)[1] * np.split(a, [1, 3], axis=1)[2][:, :2], [arr(54, 2, 5)]),
    ("split negative axis", lambda a: bnp.concatenate(bnp.split(a, 2, axis=-1)[::-1], axis=-1),
     lambda a: np.concatenate(np.split(a, 2, axis=-1)[::-1], axis=-1), [A34]),
    ("split float32", lambda a: bnp.split(a, 2)[0], lambda a: np.split(a, 2)[0], [A4.astype(F32)]),
    ("split via np", lambda a: np.split(a, 2)[1], lambda a: np.split(a, 2)[1], [A4]),
    # constructors
    ("konst", lambda c: bnp.konst(c, (2, 3)), lambda c: np.full((2, 3), c), [1.5]),
    ("konst times", lambda c: bnp.konst(c * c, 4) * A4, lambda c: np.full(4, c * c) * A4, [1.5]),
    ("full", lambda c: bnp.full((2, 3), c), lambda c: np.full((2, 3), c), [1.5]),
    ("full of a 0-d array", lambda c: bnp.full(4, c) * A4, lambda c: np.full(4, c) * A4, [np.array(0.5)]),
    ("full of an element", lambda v: bnp.full(3, v[1] * v[0]), lambda v: np.full(3, v[1] * v[0]), [A4]),
    ("full_like", lambda c: bnp.full_like(A34, c), lambda c: np.full_like(A34, c), [1.5]),
    ("full_like of a float", lambda c: bnp.full_like(2.0, c), lambda c: c, [1.5]),
    ("full_like float32", lambda c: bnp.full_like(A34.astype(F32), c) * A34.astype(F32), lambda c: np.full((3, 4), c, dtype=F32) * A34.astype(F32), [1.5]),
    ("full_like via np", lambda a, c: np.full_like(a, c) * a, lambda a, c: np.full_like(a, c) * a, [A34, 1.5]),
    ("zeros_like", lambda a: bnp.zeros_like(a) + a, lambda a: a, [A34]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check(fn, ref, args)


def test_det_gradient_at_a_singular_matrix_is_the_adjugate() -> None:
    a = np.array([[1.0, 2.0], [2.0, 4.0]])
    np.testing.assert_allclose(bp.grad_bp(bnp.det, a), [[4.0, -2.0], [-2.0, 1.0]], atol=1e-12)


def test_slogdet_returns_a_constant_sign() -> None:
    def f(a: bp.BVar[bp.S, Any]) -> bp.BVar[bp.S, float]:
        sign, logabs = bnp.slogdet(a)
        assert sign._tape is None
        return sign * logabs

    check_grad(f, np.array([[0.0, 2.0], [1.0, 0.5]]))
    assert bp.eval_bp(lambda a: bnp.slogdet(a)[0], np.array([[0.0, 2.0], [1.0, 0.5]])) == -1.0


def test_cholesky_gradient_lives_in_the_triangle_numpy_reads() -> None:
    a = spd(60, 3)
    g = bp.grad_bp(lambda m: bnp.sum(bnp.cholesky(m)), a)
    np.testing.assert_array_equal(np.triu(g, 1), 0.0)
    gu = bp.grad_bp(lambda m: bnp.sum(bnp.cholesky(m, upper=True)), a)
    np.testing.assert_array_equal(np.tril(gu, -1), 0.0)


def test_norm_of_a_zero_vector_has_a_zero_gradient() -> None:
    y, g = bp.backprop(bnp.norm, np.zeros(3))
    assert y == 0.0
    np.testing.assert_array_equal(g, np.zeros(3))


def test_split_pieces_are_views_gathered_in_one_array() -> None:
    x = np.arange(6.0)
    g = bp.grad_bp(lambda v: bnp.sum(bnp.split(v, 3)[0]) + 2.0 * bnp.sum(bnp.split(v, 3)[2]), x)
    np.testing.assert_array_equal(g, [1.0, 1.0, 0.0, 0.0, 2.0, 2.0])
    pieces: Any = bp.eval_bp(lambda v: bnp.stack(bnp.split(v, [2, 5])[1:2]), x)
    np.testing.assert_array_equal(pieces, [[2.0, 3.0, 4.0]])


@pytest.mark.parametrize(
    "a",
    [np.arange(6.0).reshape(2, 3).T, np.arange(12.0).reshape(3, 4)[::-1, ::2], np.ones((2, 3))],
    ids=["fortran", "negative strides", "c"],
)
@pytest.mark.parametrize("order", ["C", "F", "A", "K"])
def test_ravel_and_reshape_in_every_order_send_each_gradient_home(a: Any, order: Any) -> None:
    w = np.arange(1.0, a.size + 1)

    # the gradient of sum(w * ravel(a)) puts w[i] where ravel read element i
    def laid_out_like_a(g: Any) -> Any:
        out = np.empty_like(a)
        out[...] = g
        return out

    g = bp.grad_bp(lambda v: bnp.sum(bnp.ravel(v, order) * w), a)
    np.testing.assert_array_equal(np.ravel(laid_out_like_a(g), order), w)
    if order != "K":
        g2 = bp.grad_bp(lambda v: bnp.sum(bnp.reshape(v, (-1,), order) * w), a)
        np.testing.assert_array_equal(np.reshape(laid_out_like_a(g2), -1, order), w)


def test_zeros_like_is_a_constant() -> None:
    g = bp.grad_bp(lambda v: bnp.sum(bnp.zeros_like(v) + 2.0 * v), np.ones(3))
    np.testing.assert_array_equal(g, [2.0, 2.0, 2.0])
    assert bp.eval_bp(bnp.zeros_like, 3.0) == 0.0
    assert bp.grad_bp(lambda v: bnp.zeros_like(v) + v, 3.0) == 1.0


def test_full_like_gives_its_template_no_gradient() -> None:
    ga, gc = bp.grad_bp2(lambda a, c: bnp.sum(bnp.full_like(a, c)), np.ones((2, 2)), 3.0)
    np.testing.assert_array_equal(ga, np.zeros((2, 2)))
    assert gc == 4.0
