"""Products, contractions and numpy.linalg.

Payloads: ``(a, b, out)`` for a product of two; the static arguments (the
axes of a contraction, einsum's subscripts) come before ``out``, in the
order the rule names them.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any

import numpy as np

from .core import (
    ARRAY_FUNCTIONS,
    UFUNCS,
    Rule,
    apply,
    grad_dtype,
    plain,
    quiet,
    scalar,
    unbroadcast,
)
from .reductions import prod_of_others


def _swap(a: Any) -> Any:
    return np.swapaxes(a, -1, -2)


def fit(gx: Any, x: Any) -> Any:
    """``gx`` as the gradient of ``x``: its shape, or a Python float for a number."""
    if type(x) is float or type(x) is int:
        return float(gx)
    return np.reshape(gx, np.shape(x))


# --- matmul -----------------------------------------------------------------------------


# d(A @ B) = dA B + A dB; 1-D operands are promoted and demoted as numpy does.
# A 2-D y (a weight matrix) takes the direct route: no batch axes to sum, so
# the product already has the operand's shape. The weight gradient of one
# sample is an outer product; a large one of two float vectors of one dtype
# is einsum's: it writes the product straight out, where the ufunc first
# copies the broadcast operand into a buffer (about 1.5x slower at 784x300).
def _matmul_dx(g: Any, p: Any) -> Any:
    x, y, _ = p
    if type(y) is np.ndarray and type(g) is np.ndarray and type(x) is np.ndarray:
        if y.ndim == 2 and x.ndim:
            return np.matmul(g, y.T)
        if y.ndim == 1:
            if g.ndim == 1 and g.size * y.size >= 4096 and g.dtype is y.dtype and y.dtype.kind == "f":
                return np.einsum(g, [0], y, [1], [0, 1])
            return np.multiply.outer(g, y)
    if np.ndim(y) == 1:
        return unbroadcast(np.expand_dims(g, -1) * y, x)
    yt = _swap(y)
    if np.ndim(x) == 1:
        return unbroadcast(np.matmul(np.expand_dims(g, -2), yt)[..., 0, :], x)
    return unbroadcast(np.matmul(g, yt), x)


def _matmul_dy(g: Any, p: Any) -> Any:
    x, y, _ = p
    if type(x) is np.ndarray and type(g) is np.ndarray and type(y) is np.ndarray:
        if x.ndim == 1 and y.ndim == 2:
            if x.size * g.size >= 4096 and x.dtype is g.dtype and x.dtype.kind == "f":
                return np.einsum(x, [0], g, [1], [0, 1])
            return np.multiply.outer(x, g)
        if x.ndim == 2 and y.ndim <= 2:
            return np.matmul(x.T, g)
    if np.ndim(x) == 1:
        if np.ndim(y) == 1:
            return g * x
        return unbroadcast(np.expand_dims(x, -1) * np.expand_dims(g, -2), y)
    xt = _swap(x)
    if np.ndim(y) == 1:
        return unbroadcast(np.matmul(xt, np.expand_dims(g, -1))[..., 0], y)
    return unbroadcast(np.matmul(xt, g), y)


MATMUL = Rule("matmul", quiet(np.matmul), (_matmul_dx, _matmul_dy))


def matmul(x1: Any, x2: Any) -> Any:
    return apply(MATMUL, (x1, x2))


# --- contractions: dot, inner, tensordot ------------------------------------------------------


def tensordot_axes(axes: Any, nda: int, ndb: int) -> tuple[list[int], list[int]]:
    """numpy's ``axes`` of tensordot as two lists of paired, non-negative axes."""
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        return list(range(nda - n, nda)), list(range(n))
    a_axes, b_axes = axes
    a_list = [a_axes] if isinstance(a_axes, (int, np.integer)) else list(a_axes)
    b_list = [b_axes] if isinstance(b_axes, (int, np.integer)) else list(b_axes)
    return [int(a) % nda for a in a_list], [int(b) % ndb for b in b_list]


# out = sum over the paired axes of a * b. Each gradient contracts g with the
# other operand over that operand's free axes, then puts the axes back in
# the input's order. Payload (a, b, a_axes, b_axes, out).
def _contract_da(g: Any, p: Any) -> Any:
    a, b, a_axes, b_axes, _ = p
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        return unbroadcast(g * b, a)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    r = np.tensordot(g, b, axes=(list(range(len(a_free), np.ndim(g))), b_free))
    order = a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    return fit(np.transpose(r, np.argsort(order)), a)


def _contract_db(g: Any, p: Any) -> Any:
    a, b, a_axes, b_axes, _ = p
    nda, ndb = np.ndim(a), np.ndim(b)
    if nda == 0 or ndb == 0:
        return unbroadcast(g * a, b)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    r = np.tensordot(a, g, axes=(a_free, list(range(len(a_free)))))
    order = [b_axes[a_axes.index(i)] for i in sorted(a_axes)] + b_free
    return fit(np.transpose(r, np.argsort(order)), b)


def _contraction(name: str, fn: Any) -> Rule:
    return Rule(name, quiet(fn), (_contract_da, _contract_db), ("a_axes", "b_axes"))


def _tensordot_fwd(a: Any, b: Any, a_axes: list[int], b_axes: list[int]) -> Any:
    return np.tensordot(a, b, axes=(a_axes, b_axes)) if np.ndim(a) and np.ndim(b) else a * b


TENSORDOT = _contraction("tensordot", _tensordot_fwd)
DOT = _contraction("dot", lambda a, b, a_axes, b_axes: np.dot(a, b))
INNER = _contraction("inner", lambda a, b, a_axes, b_axes: np.inner(a, b))


def _same_float_matrices(a: Any, b: Any) -> bool:
    """Two vectors or matrices of one float dtype: their dot is their matmul."""
    return (
        type(a) is np.ndarray
        and type(b) is np.ndarray
        and a.dtype.kind == "f"
        and a.dtype is b.dtype
        and 1 <= a.ndim <= 2
        and 1 <= b.ndim <= 2
    )


# on vectors and matrices of one float dtype dot is matmul: its direct vjps
DOT_MATMUL = Rule("dot", quiet(np.dot), (_matmul_dx, _matmul_dy))


def dot(a: Any, b: Any) -> Any:
    av, bv = plain(a), plain(b)
    if _same_float_matrices(av, bv):
        return apply(DOT_MATMUL, (a, b))
    nda, ndb = np.ndim(av), np.ndim(bv)
    axes = ([nda - 1], [0 if ndb == 1 else ndb - 2]) if nda and ndb else ([], [])
    return apply(DOT, (a, b), axes)


def inner(a: Any, b: Any) -> Any:
    nda, ndb = np.ndim(plain(a)), np.ndim(plain(b))
    axes = ([nda - 1], [ndb - 1]) if nda and ndb else ([], [])
    return apply(INNER, (a, b), axes)


def tensordot(a: Any, b: Any, axes: Any = 2) -> Any:
    pairs = tensordot_axes(axes, np.ndim(plain(a)), np.ndim(plain(b)))
    return apply(TENSORDOT, (a, b), pairs)


# vdot flattens both operands; payload (a, b, out)
VDOT = Rule(
    "vdot",
    quiet(lambda a, b: scalar(np.vdot(a, b))),
    (
        lambda g, p: fit(np.conjugate(g * np.ravel(p[1])), p[0]),
        lambda g, p: fit(g * np.conjugate(np.ravel(p[0])), p[1]),
    ),
)
# out[i, j] = a.flat[i] * b.flat[j]; payload (a, b, out)
OUTER = Rule(
    "outer",
    quiet(np.outer),
    (
        lambda g, p: fit(np.matmul(g, np.ravel(p[1])), p[0]),
        lambda g, p: fit(np.matmul(np.ravel(p[0]), g), p[1]),
    ),
)


def vdot(a: Any, b: Any) -> Any:
    return apply(VDOT, (a, b))


def outer(a: Any, b: Any) -> Any:
    return apply(OUTER, (a, b))


# --- einsum ----------------------------------------------------------------------------------


def einsum_specs(subscripts: str, shapes: Sequence[tuple[int, ...]]) -> tuple[list[str], str]:
    """Explicit per-operand and output labels, with '...' spelled out in
    letters unused by ``subscripts`` (right-aligned, as numpy broadcasts)."""
    s = subscripts.replace(" ", "")
    ins, arrow, out = s.partition("->")
    specs = ins.split(",")
    pool = [c for c in string.ascii_letters if c not in s]
    n_ell = [len(sh) - (len(sp) - 3) if "..." in sp else 0 for sp, sh in zip(specs, shapes)]
    width = max(n_ell, default=0)
    ell = pool[:width]
    specs = [sp.replace("...", "".join(ell[width - n :])) for sp, n in zip(specs, n_ell)]
    if arrow:
        out = out.replace("...", "".join(ell))
    else:
        named = "".join(specs).translate({ord(c): None for c in ell})
        out = "".join(ell) + "".join(sorted(c for c in set(named) if named.count(c) == 1))
    return specs, out


# payload (*operands, subscripts, optimize, out)
def _einsum_vjp(g: Any, p: Any) -> list[Any]:
    *values, subscripts, optimize, _ = p
    shapes = [np.shape(v) for v in values]
    specs, out_spec = einsum_specs(subscripts, shapes)
    sizes: dict[str, int] = {}
    for spec, shape in zip(specs, shapes):
        for c, n in zip(spec, shape):
            if n != 1 or c not in sizes:
                sizes[c] = n
    return [
        _einsum_grad(g, k, specs, out_spec, values, sizes, optimize) for k in range(len(values))
    ]


def _einsum_grad(
    g: Any,
    k: int,
    specs: list[str],
    out_spec: str,
    values: Sequence[Any],
    sizes: dict[str, int],
    optimize: Any,
) -> Any:
    spec = specs[k]
    labels = list(dict.fromkeys(spec))
    others = [j for j in range(len(values)) if j != k]
    seen = set(out_spec).union(*[specs[j] for j in others])
    kept = [c for c in labels if c in seen]
    # contract g with the other operands onto this operand's labels
    r = np.einsum(
        ",".join([out_spec] + [specs[j] for j in others]) + "->" + "".join(kept),
        g,
        *[values[j] for j in others],
        optimize=optimize,
    )
    # labels summed by this operand alone get the gradient everywhere
    order = kept + [c for c in labels if c not in seen]
    r = np.reshape(r, np.shape(r) + (1,) * (len(order) - len(kept)))
    r = np.broadcast_to(
        np.transpose(r, [order.index(c) for c in labels]), [sizes[c] for c in labels]
    )
    if len(labels) < len(spec):  # a repeated label reads a diagonal: write it back there
        full = np.zeros([sizes[c] for c in spec], dtype=r.dtype)
        np.einsum(spec + "->" + "".join(labels), full)[...] = r
        r = full
    shape = np.shape(values[k])
    summed = tuple(i for i, (n, c) in enumerate(zip(shape, spec)) if n == 1 and sizes[c] != 1)
    r = np.sum(r, axis=summed, keepdims=True) if summed else np.array(r)
    return fit(r, values[k])


@quiet
def _einsum(*args: Any) -> Any:
    *values, subscripts, optimize = args
    return np.einsum(subscripts, *values, optimize=optimize)


EINSUM = Rule("einsum", _einsum, _einsum_vjp, ("subscripts", "optimize"))


def einsum(subscripts: Any, *operands: Any, optimize: Any = False) -> Any:
    if not isinstance(subscripts, str):
        raise TypeError(
            "backprop.numpy.einsum: only the subscripts-string form einsum('ij,jk->ik', "
            f"a, b) is supported, got {type(subscripts).__name__} as the first argument"
        )
    return apply(EINSUM, operands, (subscripts, optimize))


# --- trace, diag --------------------------------------------------------------------------------


def put_diagonal(shape: tuple[int, ...], diag: Any, offset: int, axis1: int, axis2: int) -> Any:
    """Zeros of ``shape`` with ``diag`` (broadcast to np.diagonal's result) on
    the diagonal that np.diagonal reads."""
    out = np.zeros(shape, dtype=grad_dtype(diag))
    view = np.moveaxis(out, (axis1, axis2), (-2, -1))
    n1, n2 = view.shape[-2:]
    if offset >= 0:
        cols = np.arange(max(0, min(n1, n2 - offset))) + offset
        rows = cols - offset
    else:
        rows = np.arange(max(0, min(n1 + offset, n2))) - offset
        cols = rows + offset
    view[..., rows, cols] = diag
    return out


# payload (a, offset, axis1, axis2, out)
def _trace_dx(g: Any, p: Any) -> Any:
    a, offset, axis1, axis2, _ = p
    nd = np.ndim(a)
    gx = put_diagonal(np.shape(a), np.asarray(g)[..., None], offset, axis1 % nd, axis2 % nd)
    return gx.astype(grad_dtype(a), copy=False)


TRACE = Rule("trace", quiet(np.trace), (_trace_dx,), ("offset", "axis1", "axis2"))


def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    return apply(TRACE, (a,), (offset, axis1, axis2))


# payload (v, k, out): builds a matrix from a vector, or reads a diagonal
def _diag_dx(g: Any, p: Any) -> Any:
    v, k, _ = p
    if np.ndim(v) == 1:
        return np.diagonal(g, k).copy()
    return put_diagonal(np.shape(v), g, k, 0, 1).astype(grad_dtype(v), copy=False)


DIAG = Rule("diag", quiet(np.diag), (_diag_dx,), ("k",))


def diag(v: Any, k: int = 0) -> Any:
    return apply(DIAG, (v,), (k,))


# --- det, slogdet, inv, solve, cholesky -------------------------------------------------------


# d det(a) = <adj(a)^T, da>; the adjugate from the SVD a = U S V^T is
# det(U) det(V) V diag(prod of the other singular values) U^T, which is
# also right where a is singular.
def _det_dx(g: Any, p: Any) -> Any:
    a = np.asarray(p[0])
    try:
        u, s, vh = np.linalg.svd(a)
    except np.linalg.LinAlgError:  # NaN or inf in a: so is its gradient
        return np.full(a.shape, np.nan, dtype=grad_dtype(a))
    signs = np.linalg.det(u) * np.linalg.det(vh)
    others = prod_of_others(s, (s.ndim - 1,))
    adj_t = (u * others[..., None, :]) @ vh * np.asarray(signs)[..., None, None]
    return (np.asarray(g)[..., None, None] * adj_t).astype(grad_dtype(a), copy=False)


DET = Rule("det", quiet(lambda a: scalar(np.linalg.det(a))), (_det_dx,))


def det(a: Any) -> Any:
    return apply(DET, (a,))


def _inv_t(a: Any) -> Any:
    """inv(a)^T; inf where a is singular (via the SVD), NaN where a holds NaN
    or inf, instead of an error."""
    try:
        return _swap(np.linalg.inv(a))
    except np.linalg.LinAlgError:
        try:
            u, s, vh = np.linalg.svd(a)
        except np.linalg.LinAlgError:
            return np.full(a.shape, np.nan, dtype=grad_dtype(a))
        with np.errstate(all="ignore"):
            return (u / s[..., None, :]) @ vh


# d log|det a| = <inv(a)^T, da>; payload (a, logabs)
def _slogdet_dx(g: Any, p: Any) -> Any:
    a = np.asarray(p[0])
    return (np.asarray(g)[..., None, None] * _inv_t(a)).astype(grad_dtype(a), copy=False)


LOGABSDET = Rule("slogdet", quiet(lambda a: scalar(np.linalg.slogdet(a)[1])), (_slogdet_dx,))


def slogdet(a: Any) -> tuple[Any, Any]:
    with np.errstate(all="ignore"):
        sign = scalar(np.linalg.slogdet(plain(a))[0])
    return sign, apply(LOGABSDET, (a,))


# d inv(a) = -inv(a) da inv(a)
INV = Rule("inv", quiet(np.linalg.inv), (lambda g, p: -(_swap(p[1]) @ g @ _swap(p[1])),))


def inv(a: Any) -> Any:
    return apply(INV, (a,))


# x = a^-1 b: db = a^-T g, da = -db x^T. b is one vector when 1-D (numpy 2).
def _solve_vjp(g: Any, p: Any) -> tuple[Any, Any]:
    a, b, x = p
    a_t = _swap(a)
    if np.ndim(b) == 1:
        gb = np.linalg.solve(a_t, np.expand_dims(g, -1))[..., 0]
        ga = -np.expand_dims(gb, -1) * np.expand_dims(x, -2)
    else:
        gb = np.linalg.solve(a_t, g)
        ga = -(gb @ _swap(x))
    return unbroadcast(ga, a), unbroadcast(gb, b)


SOLVE = Rule("solve", quiet(np.linalg.solve), _solve_vjp)


def solve(a: Any, b: Any) -> Any:
    return apply(SOLVE, (a, b))


# numpy reads one triangle of a (the lower one, or the upper one when
# upper=True), so the gradient lives in that triangle. With L = cholesky(a),
# S = L^-T Phi(L^T Lbar) L^-1, Phi taking the lower triangle with half its
# diagonal: the gradient is the lower triangle of S + S^T, diagonal of S.
# payload (a, upper, out)
def _cholesky_dx(g: Any, p: Any) -> Any:
    a, upper, out = p
    low = _swap(out) if upper else out
    g_low = _swap(g) if upper else g
    phi = np.tril(_swap(low) @ g_low)
    phi = phi - 0.5 * np.eye(phi.shape[-1], dtype=phi.dtype) * phi
    low_inv = np.linalg.inv(low)
    s = _swap(low_inv) @ phi @ low_inv
    gx = np.tril(s + _swap(s), -1) + np.eye(s.shape[-1], dtype=s.dtype) * s
    return (_swap(gx) if upper else gx).astype(grad_dtype(a), copy=False)


CHOLESKY = Rule(
    "cholesky", quiet(lambda a, upper: np.linalg.cholesky(a, upper=upper)), (_cholesky_dx,), ("upper",)
)


def cholesky(a: Any, upper: bool = False) -> Any:
    return apply(CHOLESKY, (a,), (upper,))


# --- norm ---------------------------------------------------------------------------------------


@quiet
def _norm(x: Any, ord: Any, axis: Any, keepdims: bool) -> Any:
    out = np.linalg.norm(x, ord=ord, axis=axis, keepdims=keepdims)
    return scalar(out) if axis is None and not keepdims else out


def norm_axes(x: Any, ord: Any, axis: Any) -> tuple[int, ...] | None:
    """The reduced axes: one (a vector norm), two (a matrix norm), or None
    for the 2-norm of the whole flattened array."""
    nd = np.ndim(x)
    if axis is None:
        if ord is None:
            return None
        return (0,) if nd == 1 else (0, 1)
    axes = axis if isinstance(axis, tuple) else (axis,)
    return tuple(int(a) % nd for a in axes)


def _share_extreme(values: Any, pick: Any, axis: int) -> Any:
    """1 / count on the elements of ``values`` equal to its extreme along ``axis``."""
    hit = values == pick(values, axis=axis, keepdims=True)
    return hit / np.sum(hit, axis=axis, keepdims=True)


# payload (x, ord, axis, keepdims, out); complex x: conj(x) where a real x has
# x (the derivative of a real function of a complex value, as abs has)
def _norm_dx(g: Any, p: Any) -> Any:
    x, ord, axis, keepdims, out = p
    x = np.asarray(x)
    xc = np.conjugate(x) if np.iscomplexobj(x) else x
    axes = norm_axes(x, ord, axis)
    red = axes if axes is not None else tuple(range(x.ndim))
    gk = np.asarray(g) if keepdims or axes is None else np.expand_dims(g, axes)
    nk = np.asarray(out) if keepdims or axes is None else np.expand_dims(out, axes)
    if len(red) == 2 and ord not in (None, "fro"):
        return (gk * _matrix_norm_grad(x, ord, red)).astype(grad_dtype(x), copy=False)
    sign = xc / np.where(np.abs(x) == 0, 1, np.abs(x))
    if ord in (None, 2, "fro"):
        d = np.where(nk == 0, 0.0, xc / np.where(nk == 0, 1, nk))
    elif ord == np.inf or ord == -np.inf:
        pick = np.max if ord == np.inf else np.min
        d = sign * _share_extreme(np.abs(x), pick, red[0])
    elif ord == 0:
        d = np.zeros_like(x, dtype=grad_dtype(x))
    elif ord == 1:
        d = sign
    else:
        d = sign * (np.abs(x) / nk) ** (ord - 1)
    return (gk * d).astype(grad_dtype(x), copy=False)


def _matrix_norm_grad(x: Any, ord: Any, axes: tuple[int, ...]) -> Any:
    """The derivative of a matrix norm over ``axes`` = (rows, cols), kept dims."""
    r, c = axes
    if ord in ("nuc", 2, -2):
        u, _, vh = np.linalg.svd(np.moveaxis(x, (r, c), (-2, -1)), full_matrices=False)
        if ord == 2:
            u, vh = u[..., :, :1], vh[..., :1, :]
        elif ord == -2:
            u, vh = u[..., :, -1:], vh[..., -1:, :]
        return np.moveaxis(np.conjugate(u @ vh), (-2, -1), (r, c))
    # 1 / -1: extreme column sum (sum over rows); inf / -inf: extreme row sum
    summed, across = (r, c) if ord in (1, -1) else (c, r)
    pick = np.max if ord in (1, np.inf) else np.min
    sums = np.sum(np.abs(x), axis=summed, keepdims=True)
    xc = np.conjugate(x) if np.iscomplexobj(x) else x
    return xc / np.where(np.abs(x) == 0, 1, np.abs(x)) * _share_extreme(sums, pick, across)


NORM = Rule("norm", _norm, (_norm_dx,), ("ord", "axis", "keepdims"))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    return apply(NORM, (x,), (ord, axis, keepdims))


UFUNCS[np.matmul] = matmul
ARRAY_FUNCTIONS.update(
    {
        np.dot: dot, np.vdot: vdot, np.inner: inner, np.outer: outer,
        np.tensordot: tensordot, np.einsum: einsum, np.trace: trace, np.diag: diag,
        np.linalg.det: det, np.linalg.slogdet: slogdet, np.linalg.inv: inv,
        np.linalg.solve: solve, np.linalg.cholesky: cholesky, np.linalg.norm: norm,
    }
)  # fmt: skip
