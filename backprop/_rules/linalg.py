"""Products, contractions and numpy.linalg.

Payloads: ``(a, b, out)`` for a product of two; the static arguments (the
axes of a contraction, einsum's subscripts) come before ``out``, in the
order the rule names them.

Every vjp here runs again on BVars of an enclosing call (a second
derivative): it computes with operators, the helpers below and this
table's own rules (``inv``, ``solve``, ``svd``, ``eigh`` ...), never with
in-place writes or raw LAPACK calls on its values; where a plain-array fast
path does (``det``'s adjugate, ``slogdet``'s singular inverse), it is
guarded by a check that no value is a BVar. Complex values follow the
convention of ``elementwise``: a holomorphic function's vjp is
``g * f'(z)``, a real function of a complex ``z`` gets ``df/dx - i df/dy``.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .._tape import BVar
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
from .elementwise import where
from .reductions import prod_of_others


def fit(gx: Any, x: Any) -> Any:
    """``gx`` as the gradient of ``x``: its shape, or a Python float for a
    number; real for a real ``x`` (see ``match``)."""
    if type(x) is float or type(x) is int:
        return float(np.real(gx))
    return match(np.reshape(gx, np.shape(x)), x)


def _raw(*xs: Any) -> bool:
    """No BVar among ``xs``: a fast path may use anything numpy has."""
    return not any(type(x) is BVar for x in xs)


def cast(gx: Any, x: Any) -> Any:
    """A plain gradient in the dtype of ``x``'s gradient (float32 stays float32)."""
    if type(gx) is np.ndarray:
        return gx.astype(grad_dtype(x), copy=False)
    return gx


def real_dtype(x: Any) -> np.dtype[Any]:
    """The real dtype of ``x``'s gradient: float32 for float32 and complex64."""
    dt: np.dtype[Any] = np.finfo(grad_dtype(x)).dtype
    return dt


def absent(g: Any) -> bool:
    """A part of a tuple's gradient that nothing reached: constant zeros.
    (A BVar of an enclosing call is never absent, whatever its value.)"""
    while type(g) is BVar:
        if g._tape is not None:
            return False
        g = g._value
    return not np.any(g)


# --- complex parts and matrix helpers ---------------------------------------------------------

# conj is not holomorphic: a real L of w = conj(z) has dL/dz's convention
# gradient conj(dL/dw's). real(z) = x: the gradient g, as a complex value.
# The cotangent of a real value is real: an imaginary part that reaches one
# (a real value times a complex constant, say) is dropped, as autograd's
# unbroadcast does, before it could mix with complex values.
CONJ = Rule("conjugate", quiet(np.conjugate), (lambda g, p: conj(g),))


def _real_dx(g: Any, p: Any) -> Any:
    return as_complex(real(g), p[0]) if np.iscomplexobj(plain(p[0])) else real(g)


REAL = Rule("real", quiet(np.real), (_real_dx,))


def _as_complex(x: Any, like: Any) -> Any:
    return np.asarray(x, dtype=np.result_type(like, np.complex64))


# a real value as a complex one; payload (x, like, out)
AS_COMPLEX = Rule("as_complex", quiet(_as_complex), (lambda g, p: real(g),), ("like",))


def as_complex(x: Any, like: Any) -> Any:
    """A real ``x`` in the complex dtype of ``like`` (its gradient: the real
    part of the output's)."""
    if type(x) is np.ndarray:
        return _as_complex(x, plain(like))
    return apply(AS_COMPLEX, (x,), (np.result_type(plain(like), np.complex64),))


def conj(x: Any) -> Any:
    """The complex conjugate, lifted (a real value is returned as it is)."""
    if not np.iscomplexobj(plain(x)):
        return x
    return apply(CONJ, (x,))


def real(x: Any) -> Any:
    """The real part, lifted (a real value is returned as it is)."""
    if not np.iscomplexobj(plain(x)):
        return x
    return apply(REAL, (x,))


def imag(x: Any) -> Any:
    """The imaginary part, lifted: ``real(-1j * x)``."""
    return real(-1j * x)


def match(gx: Any, x: Any) -> Any:
    """``gx`` as the gradient of ``x``: its real part for a real ``x``, in
    ``x``'s gradient dtype."""
    if np.iscomplexobj(plain(gx)) and not np.iscomplexobj(plain(x)):
        gx = real(gx)
    return cast(gx, x)


def embed(r: Any, like: Any) -> Any:
    """A real BVar ``r`` about to meet the complex values of ``like``, as a
    complex one: its cotangent then stays real (``as_complex``'s vjp takes
    the real part), instead of picking up an imaginary part on the way."""
    if type(r) is BVar and np.iscomplexobj(plain(like)) and not np.iscomplexobj(plain(r)):
        return as_complex(r, like)
    return r


def mT(a: Any) -> Any:
    """The last two axes swapped (a stack of transposes)."""
    if type(a) is np.ndarray:
        return a.swapaxes(-1, -2)
    nd = np.ndim(a)
    return np.transpose(a, [*range(nd - 2), nd - 1, nd - 2])


def mH(a: Any) -> Any:
    """The conjugate transpose of each matrix of a stack."""
    return conj(mT(a))


def eye(n: int, x: Any) -> Any:
    """The identity in ``x``'s real gradient dtype (no float32 promotion)."""
    return np.eye(n, dtype=real_dtype(x))


def diag_embed(v: Any) -> Any:
    """A stack of diagonal matrices from a stack of vectors."""
    return np.expand_dims(v, -1) * eye(np.shape(v)[-1], v)


def _tri(n: int, x: Any, upper: bool) -> Any:
    """1 strictly below (strictly above, ``upper``) the diagonal, else 0."""
    m = np.tri(n, n, -1, dtype=real_dtype(x))
    return m.T if upper else m


def fold(ga: Any, a: Any, upper: bool) -> Any:
    """The gradient of a function of the Hermitian matrix that numpy reads
    from one triangle of ``a``, given ``ga``, its gradient as a function of a
    full matrix: the real part of its diagonal, ``ga + ga^H`` on that
    triangle, zero on the other."""
    n = np.shape(plain(a))[-1]
    return match(real(ga) * eye(n, a) + (ga + mH(ga)) * _tri(n, a, upper), a)


def _move_last(x: Any, axes: tuple[int, int]) -> tuple[Any, list[int]]:
    """``x`` with ``axes`` moved to the end, and the permutation that did it."""
    perm = [i for i in range(np.ndim(plain(x))) if i not in axes] + list(axes)
    return np.transpose(x, perm), perm


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
        if np.ndim(g) == 1 and np.ndim(x) == 2:
            return match(outer(g, y), x)  # gemv backwards, where a broadcast * takes * and sum
        return match(unbroadcast(np.expand_dims(g, -1) * y, x), x)
    yt = mT(y)
    if np.ndim(x) == 1:
        return match(unbroadcast(np.squeeze(np.matmul(np.expand_dims(g, -2), yt), -2), x), x)
    return match(unbroadcast(np.matmul(g, yt), x), x)


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
            return match(g * x, y)
        if np.ndim(y) == 2:
            return match(outer(x, g), y)  # gemv backwards, where a broadcast * takes * and sum
        return match(unbroadcast(np.expand_dims(x, -1) * np.expand_dims(g, -2), y), y)
    xt = mT(x)
    if np.ndim(y) == 1:
        return match(unbroadcast(np.squeeze(np.matmul(xt, np.expand_dims(g, -1)), -1), y), y)
    return match(unbroadcast(np.matmul(xt, g), y), y)


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
        return match(unbroadcast(g * b, a), a)
    a_free = [i for i in range(nda) if i not in a_axes]
    b_free = [i for i in range(ndb) if i not in b_axes]
    r = np.tensordot(g, b, axes=(list(range(len(a_free), np.ndim(g))), b_free))
    order = a_free + [a_axes[b_axes.index(j)] for j in sorted(b_axes)]
    return fit(np.transpose(r, np.argsort(order)), a)


def _contract_db(g: Any, p: Any) -> Any:
    # b's gradient is a's with the operands swapped: g's axes of a come last.
    a, b, a_axes, b_axes, out = p
    n_a = np.ndim(a) - len(a_axes) if np.ndim(b) else 0
    if 0 < n_a < np.ndim(g):
        g = np.transpose(g, [*range(n_a, np.ndim(g)), *range(n_a)])
    return _contract_da(g, (b, a, b_axes, a_axes, out))


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
        lambda g, p: fit(conj(g * np.ravel(p[1])), p[0]),
        lambda g, p: fit(g * conj(np.ravel(p[0])), p[1]),
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
    if len(labels) < len(spec):
        r = _onto_diagonals(r, spec, labels, sizes)
    shape = np.shape(values[k])
    summed = tuple(i for i, (n, c) in enumerate(zip(shape, spec)) if n == 1 and sizes[c] != 1)
    if summed:
        r = np.sum(r, axis=summed, keepdims=True)
    elif type(r) is np.ndarray:
        r = np.array(r)  # a writable copy of a broadcast view
    return fit(r, values[k])


def _onto_diagonals(r: Any, spec: str, labels: list[str], sizes: dict[str, int]) -> Any:
    """``r`` (axes ``labels``) written where a repeated label of ``spec``
    reads a diagonal, zero elsewhere: r broadcast over the repeats, times
    the constant that is 1 where the repeated indices agree."""
    first = [spec.index(c) == i for i, c in enumerate(spec)]
    r = np.reshape(r, [sizes[c] if f else 1 for c, f in zip(spec, first)])
    grids = np.indices([sizes[c] for c in spec], sparse=True)
    agree = np.ones([1] * len(spec), dtype=real_dtype(r))
    for i, c in enumerate(spec):
        if not first[i]:
            agree = agree * (grids[i] == grids[spec.index(c)])
    return r * agree


@quiet
def _einsum(*args: Any) -> Any:
    *values, subscripts, optimize = args
    return np.einsum(subscripts, *values, optimize=optimize)


EINSUM = Rule("einsum", _einsum, _einsum_vjp, ("subscripts", "optimize"))


def _sublist_labels(sub: Any) -> str:
    """numpy's sublist (ints 0..51 and Ellipsis) as subscript letters."""
    out = []
    for x in sub:
        if x is Ellipsis:
            out.append("...")
        elif isinstance(x, (int, np.integer)) and not isinstance(x, bool) and 0 <= x < 52:
            out.append(string.ascii_letters[int(x)])
        else:
            raise ValueError(
                f"backprop.numpy.einsum: a sublist holds ints in [0, 52) and Ellipsis, got {x!r}"
            )
    return "".join(out)


def sublist_subscripts(args: Sequence[Any]) -> tuple[str, list[Any]]:
    """The sublist form ``(a, [0, 1], b, [1, 2], [0, 2])`` as a subscripts
    string and its operands."""
    operands = list(args[0::2])
    subs = list(args[1::2])
    out = None
    if len(args) % 2:
        out = operands.pop()
        if type(out) is BVar or not isinstance(out, (list, tuple)):
            raise TypeError(
                "backprop.numpy.einsum: in the sublist form every operand is followed "
                "by its sublist, and the last argument, when odd, is the output sublist"
            )
        out = _sublist_labels(out)
    ins = ",".join(_sublist_labels(s) for s in subs)
    return ins if out is None else f"{ins}->{out}", operands


def einsum(*args: Any, optimize: Any = False) -> Any:
    """``einsum("ij,jk->ik", a, b)``, or the sublist form ``einsum(a, [0, 1], b, [1, 2])``."""
    if not args:
        raise TypeError("backprop.numpy.einsum: no operands")
    if isinstance(args[0], str):
        subscripts, operands = args[0], list(args[1:])
    else:
        subscripts, operands = sublist_subscripts(args)
    return apply(EINSUM, operands, (subscripts, optimize))


# --- diagonals: trace, diag ---------------------------------------------------------------------


def _put_diagonal(diag: Any, shape: tuple[int, ...], offset: int, axis1: int, axis2: int) -> Any:
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


# The pair of linear maps np.diagonal and its transpose, each the other's
# vjp, so diagonals are differentiable to any order. Payloads
# (diag, shape, offset, axis1, axis2, out) and (a, offset, axis1, axis2, out).
PUT_DIAGONAL = Rule(
    "put_diagonal",
    _put_diagonal,
    (lambda g, p: unbroadcast(take_diagonal(g, *p[2:5]), p[0]),),
    ("shape", "offset", "axis1", "axis2"),
)
TAKE_DIAGONAL = Rule(
    "diagonal",
    lambda a, offset, axis1, axis2: np.diagonal(a, offset, axis1, axis2).copy(),
    (lambda g, p: put_diagonal(g, np.shape(p[0]), *p[1:4]),),
    ("offset", "axis1", "axis2"),
)


def put_diagonal(diag: Any, shape: tuple[int, ...], offset: int, axis1: int, axis2: int) -> Any:
    """Zeros of ``shape`` with ``diag`` (broadcast to np.diagonal's result) on
    the diagonal that np.diagonal reads (``axis1``, ``axis2`` non-negative)."""
    return apply(PUT_DIAGONAL, (diag,), (tuple(shape), offset, axis1, axis2))


def take_diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    """np.diagonal, lifted (a copy)."""
    return apply(TAKE_DIAGONAL, (a,), (offset, axis1, axis2))


def diagonal_of(a: Any) -> Any:
    """The diagonals of a stack of matrices (the last two axes)."""
    nd = np.ndim(plain(a))
    return take_diagonal(a, 0, nd - 2, nd - 1)


# payload (a, offset, axis1, axis2, out)
def _trace_dx(g: Any, p: Any) -> Any:
    a, offset, axis1, axis2, _ = p
    nd = np.ndim(a)
    gx = put_diagonal(np.expand_dims(g, -1), np.shape(a), offset, axis1 % nd, axis2 % nd)
    return cast(gx, a)


TRACE = Rule("trace", quiet(np.trace), (_trace_dx,), ("offset", "axis1", "axis2"))


def trace(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    return apply(TRACE, (a,), (offset, axis1, axis2))


# payload (v, k, out): builds a matrix from a vector, or reads a diagonal
def _diag_dx(g: Any, p: Any) -> Any:
    v, k, _ = p
    if np.ndim(v) == 1:
        return take_diagonal(g, k, 0, 1)
    return cast(put_diagonal(g, np.shape(v), k, 0, 1), v)


DIAG = Rule("diag", quiet(np.diag), (_diag_dx,), ("k",))


def diag(v: Any, k: int = 0) -> Any:
    return apply(DIAG, (v,), (k,))


# --- det, slogdet, inv, solve, cholesky -------------------------------------------------------


def _add2(g: Any) -> Any:
    """``g`` with two trailing axes of length 1 (one per matrix of a stack)."""
    return np.expand_dims(g, (-2, -1))


# d det(a) = <adj(a)^T, da>. On plain arrays the adjugate comes from the SVD
# a = U S V^H: det(U) det(V^H) V diag(prod of the other singular values) U^H,
# which is also right where a is singular. On BVars, det(a) inv(a)^T (a
# singular a there gives inf or nan).
def _det_dx(g: Any, p: Any) -> Any:
    a, out = p
    if _raw(g, a):
        return cast(np.asarray(g)[..., None, None] * _adjugate_t(np.asarray(a)), a)
    return _add2(g * out) * mT(inv(a))


def _adjugate_t(a: Any) -> Any:
    try:
        u, s, vh = np.linalg.svd(a)
    except np.linalg.LinAlgError:  # NaN or inf in a: so is its gradient
        return np.full(a.shape, np.nan, dtype=grad_dtype(a))
    signs = np.linalg.det(u) * np.linalg.det(vh)
    others = prod_of_others(s, (s.ndim - 1,))
    adj_t = (np.conjugate(u) * others[..., None, :]) @ np.conjugate(vh)
    return adj_t * np.asarray(signs)[..., None, None]


DET = Rule("det", quiet(lambda a: scalar(np.linalg.det(a))), (_det_dx,))


def det(a: Any) -> Any:
    return apply(DET, (a,))


def _inv_t(a: Any) -> Any:
    """inv(a)^T; inf where a is singular (via the SVD), NaN where a holds NaN
    or inf, instead of an error."""
    try:
        return mT(np.linalg.inv(a))
    except np.linalg.LinAlgError:
        try:
            u, s, vh = np.linalg.svd(a)
        except np.linalg.LinAlgError:
            return np.full(a.shape, np.nan, dtype=grad_dtype(a))
        with np.errstate(all="ignore"):
            return (np.conjugate(u) / s[..., None, :]) @ np.conjugate(vh)


# d log|det a| = Re <inv(a)^T, da>: the gradient inv(a)^T, also for complex a;
# payload (a, logabs)
def _slogdet_dx(g: Any, p: Any) -> Any:
    a = p[0]
    g = embed(real(g), a)
    if _raw(g, a):
        return cast(np.asarray(g)[..., None, None] * _inv_t(np.asarray(a)), a)
    return _add2(g) * mT(inv(a))


LOGABSDET = Rule("slogdet", quiet(lambda a: scalar(np.linalg.slogdet(a)[1])), (_slogdet_dx,))


# The sign of a complex determinant, det/|det| = exp(i theta), moves with a:
# d theta = Im tr(inv(a) da), so the gradient is i Im(g sign) inv(a)^T.
# payload (a, sign)
def _sign_dx(g: Any, p: Any) -> Any:
    a, sign = p
    return _add2(1j * imag(g * sign)) * mT(inv(a))


SIGNDET = Rule("slogdet", quiet(lambda a: scalar(np.linalg.slogdet(a)[0])), (_sign_dx,))


def slogdet(a: Any) -> tuple[Any, Any]:
    """``(sign, logabsdet)``; the sign of a real matrix is a constant, that of
    a complex one a differentiable phase."""
    if np.iscomplexobj(plain(a)):
        return apply(SIGNDET, (a,)), apply(LOGABSDET, (a,))
    with np.errstate(all="ignore"):
        sign = scalar(np.linalg.slogdet(plain(a))[0])
    return sign, apply(LOGABSDET, (a,))


# d inv(a) = -inv(a) da inv(a)
INV = Rule("inv", quiet(np.linalg.inv), (lambda g, p: -(mT(p[1]) @ g @ mT(p[1])),))


def inv(a: Any) -> Any:
    return apply(INV, (a,))


# x = a^-1 b: db = a^-T g, da = -db x^T. b is one vector when 1-D (numpy 2).
def _solve_vjp(g: Any, p: Any) -> tuple[Any, Any]:
    a, b, x = p
    a_t = mT(a)
    if np.ndim(b) == 1:
        gb = np.squeeze(solve(a_t, np.expand_dims(g, -1)), -1)
        ga = -np.expand_dims(gb, -1) * np.expand_dims(x, -2)
    else:
        gb = solve(a_t, g)
        ga = -(gb @ mT(x))
    return match(unbroadcast(ga, a), a), match(unbroadcast(gb, b), b)


SOLVE = Rule("solve", quiet(np.linalg.solve), _solve_vjp)


def solve(a: Any, b: Any) -> Any:
    return apply(SOLVE, (a, b))


# numpy reads one triangle of a (the lower one, or the upper one when
# upper=True) as a Hermitian matrix, so the gradient lives in that triangle
# (``fold``). With L = cholesky(a) (upper: L = out^H, and g^H for its
# gradient) and Phi taking the lower triangle with half its diagonal, the
# gradient as a function of a full matrix is L^-T Phi(L^T g) conj(L)^-1.
# payload (a, upper, out)
def _cholesky_dx(g: Any, p: Any) -> Any:
    a, upper, out = p
    low = mH(out) if upper else out
    g_low = mH(g) if upper else g
    n = np.shape(plain(a))[-1]
    half = _tri(n, a, False) + 0.5 * eye(n, a)
    low_inv = inv(low)
    s = mT(low_inv) @ ((mT(low) @ g_low) * half) @ conj(low_inv)
    return fold(s, a, upper)


CHOLESKY = Rule(
    "cholesky",
    quiet(lambda a, upper: np.linalg.cholesky(a, upper=upper)),
    (_cholesky_dx,),
    ("upper",),
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


def _unit(x: Any, ax: Any) -> Any:
    """x / |x| conjugated (the derivative of |x|), 0 where x is 0; ``ax``
    is ``|x|``."""
    return conj(x) / where(plain(ax) == 0, 1.0, ax)


# payload (x, ord, axis, keepdims, out). A real function of a complex x gets
# conj(x) where a real x has x, as abs does. Where the norm is 0 (and, for
# p < 1, at a zero element) the gradient is the subgradient 0.
def _norm_dx(g: Any, p: Any) -> Any:
    x, ord, axis, keepdims, out = p
    g, out = embed(real(g), x), embed(out, x)
    xv = plain(x)
    axes = norm_axes(xv, ord, axis)
    red = axes if axes is not None else tuple(range(np.ndim(xv)))
    gk = g if keepdims or axes is None else np.expand_dims(g, axes)
    nk = out if keepdims or axes is None else np.expand_dims(out, axes)
    if len(red) == 2 and ord not in (None, "fro"):
        d = where(plain(nk) == 0, 0.0, _matrix_norm_grad(x, ord, red))
        return cast(gk * d, xv)
    modulus = np.abs(x)
    axv = plain(modulus)
    ax = embed(modulus, x)
    if ord == 0:
        return np.zeros(np.shape(xv), dtype=grad_dtype(xv))
    if ord in (None, 2, "fro"):
        zero = plain(nk) == 0
        d = where(zero, 0.0, conj(x) / where(zero, 1.0, nk))
    elif ord == np.inf or ord == -np.inf:
        d = _unit(x, ax) * _share_extreme(axv, np.max if ord == np.inf else np.min, red[0])
    elif ord == 1:
        d = _unit(x, ax)
    else:
        # |x|^p summed, to the 1/p: sign(x) (|x| / norm)^(p - 1)
        skip = (axv == 0) | (plain(nk) == 0)
        ratio = where(skip, 1.0, ax / where(plain(nk) == 0, 1.0, nk))
        d = where(skip, 0.0, _unit(x, ax) * ratio ** (ord - 1))
    return cast(gk * d, xv)


def _matrix_norm_grad(x: Any, ord: Any, axes: tuple[int, ...]) -> Any:
    """The derivative of a matrix norm over ``axes`` = (rows, cols), kept dims."""
    r, c = axes
    if ord in ("nuc", 2, -2):
        moved, perm = _move_last(x, (r, c))
        u, _, vh = svd_parts(moved)
        if ord == 2:
            u, vh = u[..., :, :1], vh[..., :1, :]
        elif ord == -2:
            u, vh = u[..., :, -1:], vh[..., -1:, :]
        return np.transpose(conj(u @ vh), np.argsort(perm))
    # 1 / -1: extreme column sum (sum over rows); inf / -inf: extreme row sum
    summed, across = (r, c) if ord in (1, -1) else (c, r)
    pick = np.max if ord in (1, np.inf) else np.min
    modulus = np.abs(x)
    sums = np.sum(plain(modulus), axis=summed, keepdims=True)
    return _unit(x, embed(modulus, x)) * _share_extreme(sums, pick, across)


NORM = Rule("norm", _norm, (_norm_dx,), ("ord", "axis", "keepdims"))


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    return apply(NORM, (x,), (ord, axis, keepdims))


# --- decompositions: svd, eigh, eig ------------------------------------------------------------


class SVDResult(NamedTuple):
    """numpy's field names for ``(U, S, Vh)`` (typed as a plain tuple)."""

    U: Any
    S: Any
    Vh: Any


class EighResult(NamedTuple):
    """numpy's field names for ``(eigenvalues, eigenvectors)`` of eigh."""

    eigenvalues: Any
    eigenvectors: Any


class EigResult(NamedTuple):
    """numpy's field names for ``(eigenvalues, eigenvectors)`` of eig."""

    eigenvalues: Any
    eigenvectors: Any


def _gaps(w: Any) -> Any:
    """F[i, j] = 1 / (w[j] - w[i]) off the diagonal, 0 on it (inf where two
    of the w are equal: there the derivative of the vectors is undefined)."""
    n = np.shape(plain(w))[-1]
    one = eye(n, w)
    return (1 - one) / (np.expand_dims(w, -2) - np.expand_dims(w, -1) + one)


def split(out: Any, n: int) -> tuple[Any, ...]:
    """The parts of a rule's tuple result: views of a BVar of a tuple."""
    return tuple(out[i] for i in range(n))


def _svd_fwd(a: Any, full_matrices: bool, compute_uv: bool, hermitian: bool) -> Any:
    if not compute_uv:
        return np.linalg.svd(a, compute_uv=False, hermitian=hermitian)
    return tuple(np.linalg.svd(a, full_matrices=full_matrices, hermitian=hermitian))


def svd_parts(a: Any, hermitian: bool = False) -> tuple[Any, Any, Any]:
    """The reduced SVD ``(u, s, vh)``, lifted."""
    u, s, vh = split(apply(SVD, (a,), (False, True, hermitian)), 3)
    return u, s, vh


def _without_complement(u: Any, gu: Any, k: int) -> Any:
    """The gradient of the first k columns of a full unitary ``u`` that also
    carries that of the others, ``gu[:, k:]``: they span the complement of the
    first k, and move with them as -U_k dU_k^H U_perp (a function of them that
    only sees their span, as every gauge-invariant one does, gets this)."""
    gk = gu[..., :, :k]
    gp = gu[..., :, k:]
    if absent(gp):
        return gk
    return gk - conj(u[..., :, k:] @ mT(gp) @ u[..., :, :k])


# a = U S V^H, k = min(m, n); V = vh^H, and its gradient gvh^H. With
# Ju = U^T gu, Jv = V^T gv and F of the squared singular values:
#   C = (F o (Ju - Ju^H)) S + S (F o (Jv - Jv^H)) + diag(gs)
#       + i diag(Im(Ju_ii - Jv_ii) / (2 s_i))            (complex a)
#   ga = conj(U) C V^T + (I - conj(U) U^T) gu S^-1 V^T    (m > k)
#        + conj(U) S^-1 gvh (I - vh^T conj(vh))           (n > k)
# Terms of a part of the gradient nothing reached are skipped, so a function
# of the singular values alone has a finite gradient at repeated ones.
# payload (a, full_matrices, compute_uv, hermitian, out)
def _svd_dx(g: Any, p: Any) -> Any:
    a, full_matrices, compute_uv, hermitian, out = p
    if not compute_uv:
        u, _, vh = svd_parts(a, hermitian)
        ga = conj((u * np.expand_dims(embed(real(g), a), -2)) @ vh)
        return fold(ga, a, False) if hermitian else match(ga, a)
    u, s, vh = out
    gu, gs, gvh = g
    m, n = np.shape(plain(a))[-2:]
    k = min(m, n)
    if full_matrices and m > k:
        gu = _without_complement(u, gu, k)
        u = u[..., :, :k]
    if full_matrices and n > k:
        gvh = mH(_without_complement(mH(vh), mH(gvh), k))
        vh = vh[..., :k, :]
    has_u, has_v = not absent(gu), not absent(gvh)
    s, gs = embed(s, a), embed(real(gs), a)
    s_row, s_col = np.expand_dims(s, -2), np.expand_dims(s, -1)
    c = diag_embed(gs)
    ju: Any = 0.0
    jv: Any = 0.0
    if has_u or has_v:
        f = _gaps(s * s)
        if has_u:
            ju = mT(u) @ gu
            c = c + f * (ju - mH(ju)) * s_row
        if has_v:
            jv = conj(vh) @ mH(gvh)
            c = c + s_col * (f * (jv - mH(jv)))
        if np.iscomplexobj(plain(a)):
            c = c + diag_embed(1j * imag(diagonal_of(ju - jv)) / (2 * s))
    ga = conj(u) @ c @ conj(vh)
    if has_u and m > k:
        ga = ga + ((gu - conj(u) @ ju) / s_row) @ conj(vh)
    if has_v and n > k:
        ga = ga + (conj(u) / s_row) @ (gvh - (gvh @ mT(vh)) @ conj(vh))
    return fold(ga, a, False) if hermitian else match(ga, a)


SVD = Rule("svd", quiet(_svd_fwd), (_svd_dx,), ("full_matrices", "compute_uv", "hermitian"))


def svd(
    a: Any, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False
) -> Any:
    out = apply(SVD, (a,), (full_matrices, compute_uv, hermitian))
    return SVDResult(*split(out, 3)) if compute_uv else out


# a = V W V^H read from one triangle: with Jv = V^T gv and F of the
# eigenvalues, the gradient as a function of a full matrix is
# conj(V) (diag(gw) + F o Jv) V^T, folded onto the triangle numpy reads.
# payload (a, UPLO, out)
def _eigh_dx(g: Any, p: Any) -> Any:
    a, uplo, (w, v) = p
    gw, gv = g
    w = embed(w, a)
    c = diag_embed(embed(real(gw), a))
    if not absent(gv):
        c = c + _gaps(w) * (mT(v) @ gv)
    return fold(conj(v) @ c @ mT(v), a, _upper(uplo))


def _upper(uplo: Any) -> bool:
    return str(uplo).upper() == "U"


EIGH = Rule("eigh", quiet(lambda a, uplo: tuple(np.linalg.eigh(a, uplo))), (_eigh_dx,), ("UPLO",))


def eigh(a: Any, UPLO: str = "L") -> Any:
    return EighResult(*split(apply(EIGH, (a,), (UPLO,)), 2))


# payload (a, UPLO, w): the eigenvectors again, lifted, for conj(V) diag(gw) V^T
def _eigvalsh_dx(g: Any, p: Any) -> Any:
    a, uplo, _ = p
    _, v = split(apply(EIGH, (a,), (uplo,)), 2)
    return fold(conj(v) @ diag_embed(embed(real(g), a)) @ mT(v), a, _upper(uplo))


EIGVALSH = Rule("eigvalsh", quiet(np.linalg.eigvalsh), (_eigvalsh_dx,), ("UPLO",))


def eigvalsh(a: Any, UPLO: str = "L") -> Any:
    return apply(EIGVALSH, (a,), (UPLO,))


# a V = V W, columns of V of unit norm (phases free). With K = V^T gv and
# F of the eigenvalues, dW = diag(V^-1 da V) and the unit norm make
#   C = diag(gw) + F o K - F o (V^T conj(V) diag(Re diag K))
#   ga = V^-T C V^T     (its real part for a real a).
# payload (a, out)
def _eig_dx(g: Any, p: Any) -> Any:
    a, (w, v) = p
    gw, gv = g
    vt = mT(v)
    c = diag_embed(gw)
    if not absent(gv):
        f = _gaps(w)
        k = vt @ gv
        c = c + f * k - f * ((vt @ conj(v)) * np.expand_dims(real(diagonal_of(k)), -2))
    return match(solve(vt, c @ vt), a)


EIG = Rule("eig", quiet(lambda a: tuple(np.linalg.eig(a))), (_eig_dx,))


def eig(a: Any) -> Any:
    return EigResult(*split(apply(EIG, (a,)), 2))


def _eigvals_dx(g: Any, p: Any) -> Any:
    a, _ = p
    _, v = split(apply(EIG, (a,)), 2)
    vt = mT(v)
    return match(solve(vt, diag_embed(g) @ vt), a)


EIGVALS = Rule("eigvals", quiet(np.linalg.eigvals), (_eigvals_dx,))


def eigvals(a: Any) -> Any:
    return apply(EIGVALS, (a,))


# --- pinv, matrix_power, lstsq ---------------------------------------------------------------


def _pinv_grad(g: Any, a: Any, pa: Any) -> Any:
    """The gradient of a through P = pinv(a) (a's rank held fixed):
    -P^T g P^T + conj((I - a P) g^T P P^H + P^H P g^T (I - P a))."""
    gt = mT(g)
    term = (gt - a @ (pa @ gt)) @ (pa @ mH(pa)) + (mH(pa) @ pa) @ (gt - (gt @ pa) @ a)
    return -(mT(pa) @ g @ mT(pa)) + conj(term)


def _pinv_fwd(a: Any, rcond: Any, hermitian: bool, rtol: Any) -> Any:
    if rtol is None:
        return np.linalg.pinv(a, rcond=rcond, hermitian=hermitian)
    return np.linalg.pinv(a, rcond=rcond, hermitian=hermitian, rtol=rtol)


# payload (a, rcond, hermitian, rtol, out)
def _pinv_dx(g: Any, p: Any) -> Any:
    a, _, hermitian, _, out = p
    ga = _pinv_grad(g, a, out)
    return fold(ga, a, False) if hermitian else match(ga, a)


PINV = Rule("pinv", quiet(_pinv_fwd), (_pinv_dx,), ("rcond", "hermitian", "rtol"))


def pinv(a: Any, rcond: Any = None, hermitian: bool = False, *, rtol: Any = None) -> Any:
    return apply(PINV, (a,), (rcond, hermitian, rtol))


# out = B^m with B = a (n > 0) or inv(a) (n < 0), m = |n|:
# gB = sum over k < m of (B^T)^k g (B^T)^(m-1-k); through inv, -B^T gB B^T.
# payload (a, n, out)
def _matrix_power_dx(g: Any, p: Any) -> Any:
    a, n, _ = p
    if n == 0:
        return np.zeros(np.shape(plain(a)), dtype=grad_dtype(a))
    b = a if n > 0 else inv(a)
    m = abs(n)
    bt = mT(b)
    powers: list[Any] = [None, bt]
    for _ in range(2, m):
        powers.append(powers[-1] @ bt)
    gb = _power_sum(g, powers, m)
    return match(gb if n > 0 else -(bt @ gb @ bt), a)


def _power_sum(g: Any, powers: list[Any], m: int) -> Any:
    """sum over k < m of P^k g P^(m-1-k), with powers[k] = P^k (k >= 1)."""
    total = None
    for k in range(m):
        left = g if k == 0 else powers[k] @ g
        term = left if k == m - 1 else left @ powers[m - 1 - k]
        total = term if total is None else total + term
    return total


MATRIX_POWER = Rule("matrix_power", quiet(np.linalg.matrix_power), (_matrix_power_dx,), ("n",))


def matrix_power(a: Any, n: int) -> Any:
    return apply(MATRIX_POWER, (a,), (n,))


def _lstsq_fwd(a: Any, b: Any, rcond: Any) -> tuple[Any, Any, int, Any]:
    x, residuals, rank, s = np.linalg.lstsq(a, b, rcond=rcond)
    return x, residuals, int(rank), s


# x = pinv(a) b (the minimum-norm least-squares solution, a's rank held
# fixed): gb = pinv(a)^T gx, and ga through pinv with g = gx b^T. The
# residuals |b - a x|^2 are at a minimum over x, so x's own change drops out:
# with e = b - a x, gb = 2 conj(e) gr and ga = -2 conj(e) gr x^T. The singular
# values: conj(U diag(gs) V^H). payload (a, b, rcond, out)
def _lstsq_vjp(g: Any, p: Any) -> tuple[Any, Any]:
    a, b, rcond, (x, _, _, _) = p
    gx, gres, _, gs = g
    av = plain(a)
    m, n = np.shape(av)
    one = np.ndim(plain(b)) == 1
    b2 = np.expand_dims(b, -1) if one else b
    x2 = np.expand_dims(x, -1) if one else x
    ga: Any = np.zeros(np.shape(av), dtype=grad_dtype(av))
    gb: Any = np.zeros(np.shape(plain(b2)), dtype=grad_dtype(b))
    if not absent(gx):
        eps = np.finfo(real_dtype(av)).eps
        rc = eps * max(m, n) if rcond is None else (eps if rcond < 0 else rcond)
        pa = pinv(a, rc)
        gx2 = np.expand_dims(gx, -1) if one else gx
        gb = gb + mT(pa) @ gx2
        ga = ga + _pinv_grad(gx2 @ mT(b2), a, pa)
    if not absent(gres):
        ec = conj(b2 - a @ x2) * embed(real(gres), a)
        gb = gb + 2 * ec
        ga = ga - 2 * (ec @ mT(x2))
    if not absent(gs):
        u, _, vh = svd_parts(a)
        ga = ga + conj((u * np.expand_dims(embed(real(gs), a), -2)) @ vh)
    return match(ga, a), match(np.squeeze(gb, -1) if one else gb, b)


LSTSQ = Rule("lstsq", quiet(_lstsq_fwd), _lstsq_vjp, ("rcond",))


def lstsq(a: Any, b: Any, rcond: Any = None) -> tuple[Any, Any, Any, Any]:
    """``(x, residuals, rank, s)``; the rank is a plain int."""
    x, residuals, rank, s = split(apply(LSTSQ, (a, b), (rcond,)), 4)
    return x, residuals, plain(rank), s


# --- linspace --------------------------------------------------------------------------------


def linspace_weights(num: int, endpoint: bool) -> Any:
    """d sample / d stop (numpy's k * step + start, the last one stop itself)."""
    div = num - 1 if endpoint else num
    t = np.arange(num, dtype=np.float64) / div if div > 0 else np.zeros(num)
    if endpoint and num > 1:
        t[-1] = 1.0
    return t


# payload (start, stop, num, endpoint, dtype, axis, out): g summed along the
# new axis against the weights of each end
def _linspace_vjp(g: Any, p: Any) -> tuple[Any, Any]:
    start, stop, num, endpoint, _, axis, out = p
    t = linspace_weights(num, endpoint)
    ax = axis % np.ndim(plain(out))
    to_stop = np.tensordot(t, g, axes=([0], [ax]))
    to_start = np.tensordot(1 - t, g, axes=([0], [ax]))
    return _fit_end(to_start, start), _fit_end(to_stop, stop)


def _fit_end(gx: Any, x: Any) -> Any:
    return fit(match(unbroadcast(gx, x), x), x)


LINSPACE = Rule(
    "linspace",
    quiet(
        lambda start, stop, num, endpoint, dtype, axis: np.linspace(
            start, stop, num, endpoint, dtype=dtype, axis=axis
        )
    ),
    _linspace_vjp,
    ("num", "endpoint", "dtype", "axis"),
)


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: Any = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    if type(retstep) is BVar:
        raise TypeError(
            "linspace: the argument retstep must be a plain value, not a BVar "
            "(it is not differentiable; read retstep.value)"
        )
    rounds = dtype is not None and not np.issubdtype(np.dtype(dtype), np.inexact)
    if rounds and (type(start) is BVar or type(stop) is BVar):
        raise TypeError(
            f"backprop.numpy.linspace: dtype {np.dtype(dtype)} rounds the samples "
            f"down, which has no gradient; make them in a float dtype and "
            f"round with .value"
        )
    samples = apply(LINSPACE, (start, stop), (num, endpoint, dtype, axis))
    if not retstep:
        return samples
    div = num - 1 if endpoint else num
    # numpy's step is nan when there is none (one sample with the endpoint)
    step = (stop - start) / div if div > 0 else (stop - start) * 0.0 + np.nan
    return samples, step


UFUNCS[np.matmul] = matmul
ARRAY_FUNCTIONS.update(
    {
        np.dot: dot, np.vdot: vdot, np.inner: inner, np.outer: outer,
        np.tensordot: tensordot, np.einsum: einsum, np.trace: trace, np.diag: diag,
        np.linalg.det: det, np.linalg.slogdet: slogdet, np.linalg.inv: inv,
        np.linalg.solve: solve, np.linalg.cholesky: cholesky, np.linalg.norm: norm,
        np.linalg.svd: svd, np.linalg.eigh: eigh, np.linalg.eigvalsh: eigvalsh,
        np.linalg.eig: eig, np.linalg.eigvals: eigvals, np.linalg.pinv: pinv,
        np.linalg.matrix_power: matrix_power, np.linalg.lstsq: lstsq,
        np.linspace: linspace,
    }
)  # fmt: skip
