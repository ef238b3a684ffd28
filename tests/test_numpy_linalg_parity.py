"""backprop.numpy's linear algebra at parity with autograd: svd, eigh,
eigvalsh, eig, eigvals, pinv, matrix_power, lstsq, norm of every ord, the
sublist form of einsum and linspace. Values equal to numpy's, gradients
against finite differences (of gauge-invariant functions of the singular
and eigen vectors, which are unique only up to sign or phase), stacks,
float32, constants in each position, complex inputs (check_grad perturbs
their imaginary parts too), the hard points (repeated singular values and eigenvalues,
norms at 0, cholesky's triangle), numpy's functions reaching the lifted
ones, and bad input named."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest
from _support import check_op
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop._rules.linalg import conj, real  # bnp's come with the elementwise half
from backprop.testing import check_grad

Fn = Callable[..., Any]
F32 = np.float32


def arr(seed: int, *shape: int, dtype: Any = np.float64) -> Any:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def carr(seed: int, *shape: int) -> Any:
    return arr(seed, *shape) + 1j * arr(seed + 1000, *shape)


def spd(seed: int, n: int, *batch: int, dtype: Any = np.float64) -> Any:
    """A well-conditioned symmetric positive definite matrix (or a stack)."""
    b = arr(seed, *batch, n, n)
    return (b @ np.swapaxes(b, -1, -2) + n * np.eye(n)).astype(dtype)


def hpd(seed: int, n: int) -> Any:
    """A well-conditioned Hermitian positive definite matrix."""
    b = carr(seed, n, n)
    return b @ b.conj().T + n * np.eye(n)


def check(fn: Fn, ref: Fn, args: Sequence[Any]) -> None:
    """``check_op`` with float32 values to rtol 1e-4 (decompositions lose more)."""
    check_op(fn, ref, args, f32=(1e-4, 1e-5))


# Gauge-invariant views of the decompositions: a column of u (a row of vh,
# a column of v) may flip sign, so only its elementwise square is compared.
def sq(x: Any) -> Any:
    return x * x


def abs2(x: Any) -> Any:
    return real(x * conj(x))


def projector(q: Any) -> Any:
    """q q^H: the span of q's columns, whatever basis LAPACK picks."""
    return q @ conj(q).T


M33, M43, M35, M243 = arr(1, 3, 3), arr(2, 4, 3), arr(3, 3, 5), arr(4, 2, 4, 3)
S44, S244 = arr(5, 4, 4), arr(6, 2, 4, 4)  # eigh reads one triangle: any square matrix
G44 = arr(7, 4, 4) + 2 * np.eye(4)  # eig: well separated eigenvalues
L63, B6, B62 = arr(8, 6, 3), arr(9, 6), arr(10, 6, 2)

NP: Any = np.linalg  # numpy's functions, untyped: the references

CASES: list[tuple[str, Fn, Fn, list[Any]]] = []
for _m, _shape in [(M33, "square"), (M43, "tall"), (M35, "wide"), (M243, "stack")]:
    CASES += [
        (f"svd s {_shape}", lambda a: bnp.svd(a)[1], lambda a: NP.svd(a)[1], [_m]),
        (f"svd u {_shape}", lambda a: sq(bnp.svd(a, False)[0]), lambda a: sq(NP.svd(a, False)[0]), [_m]),
        (f"svd vh {_shape}", lambda a: sq(bnp.svd(a, False)[2]), lambda a: sq(NP.svd(a, False)[2]), [_m]),
        (f"svd u @ vh {_shape}", lambda a: (lambda r: r[0] @ r[2])(bnp.svd(a, False)),
         lambda a: (lambda r: r[0] @ r[2])(NP.svd(a, False)), [_m]),
        (f"svd compute_uv=False {_shape}", lambda a: bnp.svd(a, compute_uv=False),
         lambda a: NP.svd(a, compute_uv=False), [_m]),
        (f"svd float32 {_shape}", lambda a: bnp.svd(a)[1], lambda a: NP.svd(a)[1], [_m.astype(F32)]),
    ]  # fmt: skip


def full_view(r: Any) -> Any:
    """A full SVD's gauge-invariant parts: the first k columns of u (rows of
    vh) squared, and the projectors on the rest (any basis of the complement).
    Plain arrays or BVars alike (numpy's functions reach the lifted ones)."""
    u, _, vh = r
    k = min(np.shape(u)[0], np.shape(vh)[0])
    parts = [abs2(u[:, :k]), projector(u[:, k:]), abs2(vh[:k]), projector(vh[k:].T)]
    return np.concatenate([np.ravel(p) for p in parts])


CASES += [
    ("svd full tall", lambda a: full_view(bnp.svd(a)), lambda a: full_view(NP.svd(a)), [M43]),
    ("svd full wide", lambda a: full_view(bnp.svd(a)), lambda a: full_view(NP.svd(a)), [M35]),
    ("svd full wide by three", lambda a: full_view(bnp.svd(a)), lambda a: full_view(NP.svd(a)), [arr(11, 2, 5)]),
    ("svd reconstruction", lambda a: (lambda r: (r[0] * r[1][None, :]) @ r[2])(bnp.svd(a, False)), lambda a: a, [M43]),
    ("svd hermitian", lambda a: bnp.svd(a, hermitian=True)[1], lambda a: NP.svd(a, hermitian=True)[1], [spd(12, 4) - 3 * np.eye(4)]),
    ("svd hermitian vectors", lambda a: sq(bnp.svd(a, hermitian=True)[0]),
     lambda a: sq(NP.svd(a, hermitian=True)[0]), [spd(13, 3) - 5 * np.eye(3)]),
    ("svd via np", lambda a: np.linalg.svd(a)[1], lambda a: NP.svd(a)[1], [M43]),
    ("svd .S via np", lambda a: np.linalg.svd(a).S, lambda a: NP.svd(a).S, [M43]),
    ("svd in a product", lambda a: bnp.svd(a @ M33)[1], lambda a: NP.svd(a @ M33)[1], [M43]),
    # eigh, eigvalsh
    ("eigh values", lambda a: bnp.eigh(a)[0], lambda a: NP.eigh(a)[0], [S44]),
    ("eigh vectors", lambda a: sq(bnp.eigh(a)[1]), lambda a: sq(NP.eigh(a)[1]), [S44]),
    ("eigh upper", lambda a: sq(bnp.eigh(a, "U")[1]) + bnp.eigh(a, "U")[0],
     lambda a: sq(NP.eigh(a, "U")[1]) + NP.eigh(a, "U")[0], [S44]),
    ("eigh stack", lambda a: sq(bnp.eigh(a)[1]), lambda a: sq(NP.eigh(a)[1]), [S244]),
    ("eigh float32", lambda a: bnp.eigh(a)[0], lambda a: NP.eigh(a)[0], [S44.astype(F32)]),
    ("eigh via np", lambda a: np.linalg.eigh(a).eigenvalues, lambda a: NP.eigh(a)[0], [S44]),
    ("eigh of b + b.T", lambda b: sq(bnp.eigh(b + b.T)[1]), lambda b: sq(NP.eigh(b + b.T)[1]), [S44]),
    ("eigvalsh", bnp.eigvalsh, NP.eigvalsh, [S44]),
    ("eigvalsh upper", lambda a: bnp.eigvalsh(a, "U"), lambda a: NP.eigvalsh(a, "U"), [S44]),
    ("eigvalsh stack", bnp.eigvalsh, NP.eigvalsh, [S244]),
    ("eigvalsh float32", bnp.eigvalsh, NP.eigvalsh, [S44.astype(F32)]),
    ("eigvalsh via np", lambda a: np.linalg.eigvalsh(a), NP.eigvalsh, [S44]),
    # eig, eigvals: real parts of complex results
    ("eig values", lambda a: real(bnp.eig(a)[0] * np.arange(1.0, 5.0)),
     lambda a: np.real(NP.eig(a)[0] * np.arange(1.0, 5.0)), [G44]),
    ("eig values, imaginary part", lambda a: real(bnp.eig(a)[0] * np.full(4, 1j)),
     lambda a: np.real(NP.eig(a)[0] * 1j), [G44]),
    ("eig vectors", lambda a: abs2(bnp.eig(a)[1]), lambda a: np.abs(NP.eig(a)[1]) ** 2, [G44]),
    ("eig real spectrum", lambda a: sq(bnp.eig(a)[1]) + bnp.eig(a)[0],
     lambda a: sq(NP.eig(a)[1]) + NP.eig(a)[0], [spd(14, 3)]),
    ("eig stack", lambda a: abs2(bnp.eig(a)[1]), lambda a: np.abs(NP.eig(a)[1]) ** 2, [arr(15, 2, 3, 3)]),
    ("eig via np", lambda a: real(np.linalg.eig(a).eigenvalues), lambda a: np.real(NP.eig(a)[0]), [G44]),
    ("eigvals", lambda a: abs2(bnp.eigvals(a)), lambda a: np.abs(NP.eigvals(a)) ** 2, [G44]),
    ("eigvals via np", lambda a: abs2(np.linalg.eigvals(a)), lambda a: np.abs(NP.eigvals(a)) ** 2, [G44]),
    # pinv
    ("pinv square", bnp.pinv, NP.pinv, [M33]),
    ("pinv tall", bnp.pinv, NP.pinv, [M43]),
    ("pinv wide", bnp.pinv, NP.pinv, [M35]),
    ("pinv stack", bnp.pinv, NP.pinv, [M243]),
    ("pinv low rank", lambda x: bnp.pinv(x.T @ x), lambda x: NP.pinv(x.T @ x), [arr(16, 2, 4)]),
    ("pinv rcond", lambda a: bnp.pinv(a, 1e-3), lambda a: NP.pinv(a, 1e-3), [M43]),
    ("pinv rtol", lambda a: bnp.pinv(a, rtol=1e-3), lambda a: NP.pinv(a, rtol=1e-3), [M43]),
    ("pinv hermitian", lambda a: bnp.pinv(a, hermitian=True), lambda a: NP.pinv(a, hermitian=True), [spd(17, 3)]),
    ("pinv float32", bnp.pinv, NP.pinv, [M43.astype(F32)]),
    ("pinv via np", lambda a: np.linalg.pinv(a), NP.pinv, [M35]),
    # matrix_power
    *[(f"matrix_power {n}", lambda a, n=n: bnp.matrix_power(a, n), lambda a, n=n: NP.matrix_power(a, n),
       [M33 + 3 * np.eye(3)]) for n in [1, 2, 3, 6, -1, -2]],
    ("matrix_power 0", lambda a: bnp.matrix_power(a, 0) + a, lambda a: np.eye(3) + a, [M33]),
    ("matrix_power stack", lambda a: bnp.matrix_power(a, 3), lambda a: NP.matrix_power(a, 3), [arr(18, 2, 3, 3)]),
    ("matrix_power float32", lambda a: bnp.matrix_power(a, 3), lambda a: NP.matrix_power(a, 3), [M33.astype(F32)]),
    ("matrix_power via np", lambda a: np.linalg.matrix_power(a, 2), lambda a: a @ a, [M33]),
    # lstsq: x, the residuals, the singular values; constants in each position
    ("lstsq x", lambda a, b: bnp.lstsq(a, b)[0], lambda a, b: NP.lstsq(a, b)[0], [L63, B6]),
    ("lstsq x, two right-hand sides", lambda a, b: bnp.lstsq(a, b)[0], lambda a, b: NP.lstsq(a, b)[0], [L63, B62]),
    ("lstsq residuals", lambda a, b: bnp.lstsq(a, b)[1], lambda a, b: NP.lstsq(a, b)[1], [L63, B62]),
    ("lstsq s", lambda a: bnp.lstsq(a, B6)[3], lambda a: NP.lstsq(a, B6)[3], [L63]),
    ("lstsq wide", lambda a, b: bnp.lstsq(a, b)[0], lambda a, b: NP.lstsq(a, b)[0], [M35, arr(19, 3)]),
    # rank 2 for every x, as the gradient assumes (a perturbation that raised
    # the rank would make the least-squares solution jump)
    ("lstsq rank deficient", lambda x: bnp.lstsq(x @ M33[:2], B6)[0], lambda x: NP.lstsq(x @ M33[:2], B6)[0],
     [L63[:, :2]]),
    ("lstsq const a", lambda b: bnp.lstsq(L63, b)[0], lambda b: NP.lstsq(L63, b)[0], [B62]),
    ("lstsq const b", lambda a: bnp.lstsq(a, B62)[1], lambda a: NP.lstsq(a, B62)[1], [L63]),
    ("lstsq float32", lambda a, b: bnp.lstsq(a, b)[0], lambda a, b: NP.lstsq(a, b)[0], [L63.astype(F32), B6.astype(F32)]),
    ("lstsq via np", lambda a: np.linalg.lstsq(a, B6)[0], lambda a: NP.lstsq(a, B6)[0], [L63]),
    # einsum in the sublist form
    ("einsum sublist", lambda a, b: bnp.einsum(a, [0, 1], b, [1, 2]), lambda a, b: np.einsum(a, [0, 1], b, [1, 2]), [M43, M33]),
    ("einsum sublist output", lambda a, b: bnp.einsum(a, [0, 1], b, [1, 2], [2, 0]),
     lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [2, 0]), [M43, M33]),
    # numpy's stubs take no ... in a sublist, numpy does
    ("einsum sublist ellipsis", lambda a, b: bnp.einsum(a, [..., 0, 1], b, [1, 2], [..., 2]),
     lambda a, b: np.einsum(a, [..., 0, 1], b, [1, 2], [..., 2]), [M243, M33]),  # pyright: ignore[reportArgumentType, reportCallIssue]
    ("einsum sublist trace", lambda a: bnp.einsum(a, [5, 5]), lambda a: np.einsum(a, [5, 5]), [M33]),
    ("einsum sublist big labels", lambda a: bnp.einsum(a, [51, 30], [30]), lambda a: np.einsum(a, [51, 30], [30]), [M43]),
    ("einsum sublist x x", lambda a: bnp.einsum(a, [0, 1], a, [0, 1], []), lambda a: np.sum(a * a), [M43]),
    ("einsum sublist const", lambda b: bnp.einsum(M43, [0, 1], b, [1]), lambda b: M43 @ b, [arr(20, 3)]),
    ("einsum sublist float32", lambda a, b: bnp.einsum(a, [0, 1], b, [1, 2]), lambda a, b: a @ b, [M43.astype(F32), M33.astype(F32)]),
    ("einsum sublist via np", lambda a: np.einsum(a, [0, 1], M33, [1, 2]), lambda a: a @ M33, [M43]),
    # linspace
    ("linspace floats", lambda a, b: bnp.linspace(a, b, 5), lambda a, b: np.linspace(a, b, 5), [0.5, 2.0]),
    ("linspace no endpoint", lambda a, b: bnp.linspace(a, b, 4, endpoint=False),
     lambda a, b: np.linspace(a, b, 4, endpoint=False), [0.5, 2.0]),
    ("linspace one sample", lambda a, b: bnp.linspace(a, b, 1), lambda a, b: np.linspace(a, b, 1), [0.5, 2.0]),
    ("linspace arrays", lambda a, b: bnp.linspace(a, b, 4), lambda a, b: np.linspace(a, b, 4), [arr(21, 3), arr(22, 2, 3)]),
    ("linspace axis -1", lambda a, b: bnp.linspace(a, b, 4, axis=-1), lambda a, b: np.linspace(a, b, 4, axis=-1),
     [arr(23, 2, 3), 1.0]),
    ("linspace const start", lambda b: bnp.linspace(-1.0, b, 6), lambda b: np.linspace(-1.0, b, 6), [arr(24, 2)]),
    ("linspace const stop", lambda a: bnp.linspace(a, 3.0, 6), lambda a: np.linspace(a, 3.0, 6), [arr(25, 2)]),
    ("linspace same end", lambda a: bnp.linspace(a, a, 3), lambda a: np.linspace(a, a, 3), [1.5]),
    ("linspace float32", lambda a, b: bnp.linspace(a, b, 5), lambda a, b: np.linspace(a, b, 5), [arr(26, 2, dtype=F32), arr(27, 2, dtype=F32)]),
    ("linspace step", lambda a, b: bnp.linspace(a, b, 5, retstep=True)[1], lambda a, b: np.linspace(a, b, 5, retstep=True)[1], [0.5, 2.0]),
    ("linspace via np", lambda a: np.linspace(a, 2.0 * a, 3), lambda a: np.linspace(a, 2.0 * a, 3), [arr(28, 2)]),
    # norm: every ord, each on values that avoid its kinks; at 0 below
    *[(f"norm vector ord={o}", lambda x, o=o: bnp.norm(x, o), lambda x, o=o: NP.norm(x, o), [arr(29, 5)])
      for o in [-np.inf, -3, -1, -0.5, 0.5, 1.5, 4]],
    *[(f"norm matrix axes ord={o} keepdims", lambda x, o=o: bnp.norm(x, o, (0, 2), True),
       lambda x, o=o: NP.norm(x, o, (0, 2), True), [arr(30, 3, 2, 4)]) for o in ["nuc", 2, -2, -1, -np.inf]],
    ("norm matrix -2 of a stack", lambda x: bnp.norm(x, -2, (-2, -1)), lambda x: NP.norm(x, -2, (-2, -1)), [M243]),
    ("norm float32 nuc", lambda x: bnp.norm(x, "nuc"), lambda x: NP.norm(x, "nuc"), [M43.astype(F32)]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "ref", "args"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, fn: Fn, ref: Fn, args: list[Any]) -> None:
    check(fn, ref, args)


# --- complex inputs -------------------------------------------------------------------------

Z33, Z43, Z35 = carr(40, 3, 3), carr(41, 4, 3), carr(42, 3, 5)
H = hpd(43, 3)
ZW = carr(44, 3, 3)  # complex weights: both parts of a complex result count

# (name, a real-valued function of a complex matrix, input). Each is written
# with numpy's functions, so one expression gives numpy's value on a plain
# array and reaches the lifted rules on a BVar.
COMPLEX: list[tuple[str, Fn, Any]] = [
    ("matmul", lambda a: np.sum(real(a @ a * ZW)), Z33),
    ("einsum", lambda a: np.sum(real(np.einsum("ij,jk->ik", a, a) * ZW)), Z33),
    ("vdot", lambda a: real(np.vdot(a, ZW) * (1 + 2j)), Z33),
    ("vdot second", lambda a: real(np.vdot(ZW, a) * (1 + 2j)), Z33),
    ("trace", lambda a: real(np.trace(a @ a) * (2 - 1j)), Z33),
    ("det", lambda a: real(np.linalg.det(a) * (1 - 1j)), Z33),
    ("slogdet logabsdet", lambda a: np.linalg.slogdet(a)[1], Z33),
    ("slogdet sign", lambda a: real(np.linalg.slogdet(a)[0] * (1 + 3j)), Z33),
    ("inv", lambda a: np.sum(real(np.linalg.inv(a) * ZW)), Z33),
    ("solve", lambda a: np.sum(real(np.linalg.solve(a, ZW) * ZW)), Z33),
    ("cholesky", lambda a: np.sum(real(np.linalg.cholesky(a) * ZW)), H),
    ("cholesky upper", lambda a: np.sum(real(np.linalg.cholesky(a, upper=True) * ZW)), H),
    ("norm", np.linalg.norm, Z43),
    ("norm 1", lambda a: np.linalg.norm(a, 1), Z43),
    ("norm inf", lambda a: np.linalg.norm(a, np.inf), Z43),
    ("norm nuc", lambda a: np.linalg.norm(a, "nuc"), Z43),
    ("norm 2", lambda a: np.linalg.norm(a, 2), Z35),
    ("norm vector 3", lambda a: np.linalg.norm(a[0], 3), Z43),
    ("svd s", lambda a: np.sum(np.linalg.svd(a)[1] * np.arange(1.0, 4.0)), Z43),
    ("svd |u|^2", lambda a: np.sum(abs2(np.linalg.svd(a, False)[0]) * Z43.real), Z43),
    ("svd |vh|^2", lambda a: np.sum(abs2(np.linalg.svd(a, False)[2]) * Z35.real), Z35),
    ("svd u @ vh", lambda a: np.sum(real((lambda r: r[0] @ r[2])(np.linalg.svd(a, False)) * Z43)), Z43),
    ("svd full, tall", lambda a: np.sum(real(full_view(np.linalg.svd(a))) * np.arange(46.0)), Z43),
    ("svd full, wide", lambda a: np.sum(real(full_view(np.linalg.svd(a))) * np.arange(58.0)), Z35),
    ("eigh values", lambda a: np.sum(np.linalg.eigh(a)[0] * np.arange(1.0, 4.0)), Z33),
    ("eigh |v|^2", lambda a: np.sum(abs2(np.linalg.eigh(a)[1]) * ZW.real), Z33),
    ("eigvalsh", lambda a: np.sum(np.linalg.eigvalsh(a, "U") ** 2), Z33),
    ("eig values", lambda a: np.sum(real(np.linalg.eig(a)[0] * ZW[0])), Z33),
    ("eig |v|^2", lambda a: np.sum(abs2(np.linalg.eig(a)[1]) * ZW.real), Z33),
    ("eigvals", lambda a: np.sum(real(np.linalg.eigvals(a) * ZW[1])), Z33),
    ("pinv", lambda a: np.sum(real(np.linalg.pinv(a) * Z43.T)), Z43),
    ("pinv hermitian", lambda a: np.sum(real(np.linalg.pinv(a, hermitian=True) * ZW)), H),
    ("matrix_power", lambda a: np.sum(real(np.linalg.matrix_power(a, 3) * ZW)), Z33),
    ("matrix_power -2", lambda a: np.sum(real(np.linalg.matrix_power(a, -2) * ZW)), Z33),
    ("lstsq x", lambda a: np.sum(real(np.linalg.lstsq(a, ZW[:2])[0] * ZW)), carr(45, 2, 3)),
    ("lstsq residuals and s", lambda a: np.sum(np.linalg.lstsq(a, Z43[:, :2])[1]) + np.sum(np.linalg.lstsq(a, Z43[:, :2])[3] ** 2), carr(46, 4, 2)),
    ("linspace", lambda a: np.sum(real(np.linspace(a[0], a[1], 4) * ZW[0])), carr(47, 2, 3)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "z"), COMPLEX, ids=[c[0] for c in COMPLEX])
def test_complex_value_and_real_directions(name: str, fn: Fn, z: Any) -> None:
    np.testing.assert_allclose(bp.eval_bp(fn, z), fn(z), rtol=1e-12, atol=1e-12)
    check_grad(fn, z)
    assert bp.grad_bp(fn, z).dtype == z.dtype



def test_a_real_matrix_with_complex_eigenvalues_gets_a_real_gradient() -> None:
    rot = np.array([[0.0, -2.0, 0.5], [2.0, 0.0, 0.1], [0.3, 0.2, 1.0]])
    g = bp.grad_bp(lambda a: bnp.sum(abs2(bnp.eig(a)[0] * np.array([1.0, 2.0, 3.0]))), rot)
    assert g.dtype == np.float64
    check_grad(lambda a: real(bnp.eig(a)[0] * np.array([1.0, 2.0 + 1j, 3.0])), rot)


# --- the hard points ----------------------------------------------------------------------------


def test_repeated_singular_values_give_a_finite_gradient_of_the_values() -> None:
    a = np.diag([2.0, 2.0, 1.0])
    g = bp.grad_bp(lambda m: bnp.sum(bnp.svd(m)[1] ** 2), a)
    np.testing.assert_allclose(g, 2 * a, atol=1e-12)
    g2 = bp.grad_bp(lambda m: bnp.sum(bnp.svd(m, compute_uv=False)), np.eye(3))
    np.testing.assert_allclose(g2, np.eye(3), atol=1e-12)


GRID: NDArray[np.float64] = np.arange(9.0).reshape(3, 3)


def test_repeated_singular_values_make_the_vectors_gradient_non_finite() -> None:
    # Never a silently wrong number: the vectors have no derivative there.
    def through_u(m: BVar[S, NDArray[np.float64]]) -> BVar[S, float]:
        return bnp.sum(bnp.svd(m)[0] * GRID)

    g = bp.grad_bp(through_u, np.diag([2.0, 2.0, 1.0]))
    assert not np.all(np.isfinite(g))


def test_repeated_eigenvalues_give_finite_values_and_non_finite_vectors() -> None:
    a = np.diag([1.0, 1.0, 3.0])
    g2 = bp.grad_bp(lambda m: bnp.sum(bnp.eigh(m)[0] ** 2), a)  # symmetric in the pair
    np.testing.assert_allclose(g2, 2 * a, atol=1e-12)
    gw = bp.grad_bp(lambda m: bnp.sum(bnp.eigvalsh(m)), a)
    np.testing.assert_allclose(gw, np.eye(3), atol=1e-12)
    def through_vectors(m: BVar[S, NDArray[np.float64]]) -> BVar[S, float]:
        return bnp.sum(bnp.eigh(m)[1] * GRID)

    gv = bp.grad_bp(through_vectors, a)
    assert not np.all(np.isfinite(gv))
    ge = bp.grad_bp(lambda m: bnp.sum(real(bnp.eig(m)[1]) * np.arange(9.0).reshape(3, 3)), a)
    assert not np.all(np.isfinite(ge))


@pytest.mark.parametrize("ord", [None, 2, 1, np.inf, -np.inf, 0, 3, 0.5, -1])
def test_a_vector_norm_at_zero_has_a_zero_gradient(ord: Any) -> None:
    g = bp.grad_bp(lambda v: bnp.norm(v, ord), np.zeros(3))
    np.testing.assert_array_equal(g, np.zeros(3))


@pytest.mark.parametrize("ord", [None, "fro", "nuc", 2, -2, 1, -1, np.inf, -np.inf])
def test_a_matrix_norm_at_zero_has_a_zero_gradient(ord: Any) -> None:
    g = bp.grad_bp(lambda m: bnp.norm(m, ord), np.zeros((2, 3)))
    np.testing.assert_array_equal(g, np.zeros((2, 3)))


def test_p_norms_below_one_give_zero_elements_a_zero_gradient() -> None:
    g = bp.grad_bp(lambda v: bnp.norm(v, 0.5), np.array([0.0, 1.0, 4.0]))
    assert g[0] == 0.0
    assert np.all(np.isfinite(g))


def test_cholesky_agrees_with_the_symmetrised_convention_along_symmetric_directions() -> None:
    # The lower-triangle gradient g and PyTorch's (g + g.T) / 2 give the same
    # derivative along any symmetric perturbation; checked by differences.
    a, w = spd(50, 4), arr(51, 4, 4)
    g = bp.grad_bp(lambda m: bnp.sum(bnp.cholesky(m) * w), a)
    sym = (g + g.T) / 2
    d = arr(52, 4, 4)
    d = d + d.T
    eps = 1e-6
    fd = (np.sum(np.linalg.cholesky(a + eps * d) * w) - np.sum(np.linalg.cholesky(a - eps * d) * w)) / (2 * eps)
    assert fd == pytest.approx(np.sum(g * d), rel=1e-6)
    assert fd == pytest.approx(np.sum(sym * d), rel=1e-6)
    np.testing.assert_array_equal(np.triu(g, 1), 0.0)


def test_eigh_gradient_lives_in_the_triangle_numpy_reads() -> None:
    g = bp.grad_bp(lambda m: bnp.sum(sq(bnp.eigh(m)[1]) * S44), S44)
    np.testing.assert_array_equal(np.triu(g, 1), 0.0)
    gu = bp.grad_bp(lambda m: bnp.sum(bnp.eigvalsh(m, "U") ** 2), S44)
    np.testing.assert_array_equal(np.tril(gu, -1), 0.0)


def test_eig_gauge_is_respected_by_phase_invariant_functions() -> None:
    # |v|^2 does not see the phase LAPACK picks; its gradient matches
    # differences of numpy's own eigenvectors.
    check_grad(lambda a: abs2(bnp.eig(a)[1]), G44, directions=5)


# --- bad input ----------------------------------------------------------------------------------

untyped: Any = bnp  # bnp with its types off: these calls pass what the types forbid
K = bp.const_var


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda v: untyped.svd(v, full_matrices=K(False))[1], TypeError, "the argument full_matrices must be a plain value"),
        (lambda v: untyped.svd(v, compute_uv=K(False)), TypeError, "the argument compute_uv must be"),
        (lambda v: untyped.svd(v, hermitian=K(True))[1], TypeError, "the argument hermitian must be"),
        (lambda v: untyped.eigh(v, K("U"))[0], TypeError, "the argument UPLO must be"),
        (lambda v: untyped.eigvalsh(v, K("U")), TypeError, "the argument UPLO must be"),
        (lambda v: untyped.pinv(v, K(0.1)), TypeError, "the argument rcond must be"),
        (lambda v: untyped.matrix_power(v, K(2)), TypeError, "the argument n must be"),
        (lambda v: untyped.lstsq(v, v, K(0.1))[0], TypeError, "the argument rcond must be"),
        (lambda v: untyped.norm(v, K(2)), TypeError, "the argument ord must be"),
        (lambda v: untyped.norm(v, 2, K(0)), TypeError, "the argument axis must be"),
        (lambda v: untyped.linspace(v, 2 * v, K(3)), TypeError, "the argument num must be"),
        (lambda v: untyped.linspace(v, 2 * v, 3, K(True)), TypeError, "the argument endpoint must be"),
        (lambda v: untyped.linspace(v, 2 * v, 3, axis=K(0)), TypeError, "the argument axis must be"),
        (lambda v: untyped.linspace(v, 2 * v, 3, retstep=K(True)), TypeError, "the argument retstep must be"),
        (lambda v: untyped.einsum("ij", v, optimize=K(True)), TypeError, "the argument optimize must be"),
        (lambda v: bnp.svd(v[0])[1], np.linalg.LinAlgError, "backprop.numpy.svd: "),
        (lambda v: bnp.eigh(v[:1])[0], np.linalg.LinAlgError, "backprop.numpy.eigh: "),
        (lambda v: untyped.matrix_power(v, 1.5), TypeError, "backprop.numpy.matrix_power: "),
        (lambda v: bnp.lstsq(v, v[0, :1])[0], np.linalg.LinAlgError, "backprop.numpy.lstsq: "),
        (lambda v: bnp.linspace(v, 2 * v, -1), ValueError, "backprop.numpy.linspace: "),
        (lambda v: bnp.linspace(v, 2 * v, 3, dtype=int), TypeError, "backprop.numpy.linspace: dtype int64 rounds"),
        (lambda v: untyped.einsum(v, [0, "a"]), ValueError, "backprop.numpy.einsum: a sublist holds"),
        (lambda v: untyped.einsum(v, [0, 1], v, [1, 2], v), TypeError, "backprop.numpy.einsum: in the sublist form"),
    ],
)
def test_bad_input_is_named(call: Fn, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        bp.grad_bp(lambda v: bnp.sum(call(v)), np.eye(2) + 1.0)


def test_nothing_the_user_passes_is_mutated() -> None:
    a, b, s = M43.copy(), B62[:4].copy(), S44.copy()
    bp.grad_bp(lambda m: bnp.sum(bnp.svd(m)[1]) + bnp.sum(sq(bnp.svd(m)[0][:, :3])), a)
    bp.grad_bp(lambda m: bnp.sum(bnp.lstsq(m, b)[0]) + bnp.sum(bnp.pinv(m)), a)
    bp.grad_bp(lambda m: bnp.sum(sq(bnp.eigh(m)[1])) + bnp.sum(bnp.matrix_power(m, -2)), s)
    bp.grad_bp(lambda m: bnp.sum(bnp.linspace(m[0], m[1], 3)), s)
    np.testing.assert_array_equal(a, M43)
    np.testing.assert_array_equal(b, B62[:4])
    np.testing.assert_array_equal(s, S44)


def test_results_carry_numpy_names() -> None:
    r = bp.eval_bp(lambda m: bnp.svd(m).S, M43)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    np.testing.assert_allclose(r, np.linalg.svd(M43).S)
    w = bp.eval_bp(lambda m: bnp.eigh(m).eigenvectors, S44)  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    np.testing.assert_allclose(np.abs(w), np.abs(np.linalg.eigh(S44).eigenvectors))


def test_lstsq_rank_is_a_plain_int() -> None:
    def f(a: bp.BVar[bp.S, Any]) -> bp.BVar[bp.S, float]:
        x, _, rank, _ = bnp.lstsq(a, B6)
        assert rank == 3
        assert type(rank) is int
        return bnp.sum(x)

    check_grad(f, L63)


def test_numpy_functions_are_hooked() -> None:
    from backprop._rules.core import ARRAY_FUNCTIONS

    for fn in [np.linalg.svd, np.linalg.eigh, np.linalg.eigvalsh, np.linalg.eig,
               np.linalg.eigvals, np.linalg.pinv, np.linalg.matrix_power, np.linalg.lstsq,
               np.linspace]:  # fmt: skip
        assert fn in ARRAY_FUNCTIONS, fn


def test_a_real_result_takes_the_real_part_of_its_gradient() -> None:
    # sum(Re(s * 1j)) is 0 for every z: the imaginary cotangent that reaches
    # the real singular values (and the real part) must not leak into z's.
    z = carr(60, 3, 2)
    i = np.full(2, 1j)
    np.testing.assert_array_equal(bp.grad_bp(lambda u: bnp.sum(real(bnp.svd(u)[1] * i)), z), 0)
    np.testing.assert_array_equal(bp.grad_bp(lambda u: bnp.sum(real(real(u[0]) * i)), z), 0)
    np.testing.assert_array_equal(bp.grad_bp(lambda u: real(bnp.norm(u) * np.array(1j)), z), 0)
