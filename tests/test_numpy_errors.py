"""backprop.numpy on bad and unusual input: numpy's own errors named by the
operation, numpy functions with no lifted version, NaN and inf flowing
through (warnings are errors here), integer arrays, scope misuse, and every
lifted numpy function reachable through numpy itself."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S

Fn = Callable[..., Any]

# --- shape mismatches and other numpy errors, at the forward pass --------------------

ONES2, ONES3, ONES23 = np.ones(2), np.ones(3), np.ones((2, 3))
SQUARE = np.eye(3)


def sublist_einsum(x: Any) -> Any:
    return bnp.einsum(x, [60])  # numpy's labels are 0 to 51


BAD: list[tuple[str, Fn, Any, type[Exception], str]] = [
    ("maximum", lambda x: bnp.maximum(x, ONES3), ONES2, ValueError, r"backprop.numpy.maximum: operands could not be broadcast"),
    ("minimum", lambda x: np.minimum(ONES3, x), ONES2, ValueError, r"backprop.numpy.minimum: operands could not be broadcast"),
    ("where", lambda x: bnp.where(ONES3 > 0, x, 0.0), ONES2, ValueError, r"backprop.numpy.where: operands could not be broadcast"),
    ("clip", lambda x: bnp.clip(x, ONES3, None), ONES2, ValueError, r"backprop.numpy.clip: operands could not be broadcast"),
    ("clip without bounds", lambda x: bnp.clip(x, None, None), ONES2, ValueError, r"backprop.numpy.clip: one of a_min and a_max"),
    ("matmul", lambda x: bnp.matmul(x, ONES2), ONES23, ValueError, r"backprop.numpy.matmul: matmul: Input operand 1 has a mismatch"),
    ("dot", lambda x: bnp.dot(x, ONES2), ONES23, ValueError, r"backprop.numpy.dot: shapes \(2,3\) and \(2,\) not aligned"),
    ("vdot", lambda x: bnp.vdot(x, ONES2), ONES3, ValueError, r"backprop.numpy.vdot: "),
    ("inner", lambda x: bnp.inner(x, ONES3), ONES2, ValueError, r"backprop.numpy.inner: shapes"),
    ("tensordot", lambda x: bnp.tensordot(x, ONES23, 1), ONES23, ValueError, r"backprop.numpy.tensordot: shape-mismatch"),
    ("einsum", lambda x: bnp.einsum("ij,jk->ik", x, ONES23), ONES23, ValueError, r"backprop.numpy.einsum: "),
    ("einsum sublist form", lambda x: sublist_einsum(x), ONES2, ValueError, r"backprop.numpy.einsum: a sublist holds ints in \[0, 52\)"),
    ("sum axis", lambda x: bnp.sum(x, axis=2), ONES23, np.exceptions.AxisError, r"backprop.numpy.sum: axis 2 is out of bounds"),
    ("max of empty", bnp.max, np.ones(0), ValueError, r"backprop.numpy.max: zero-size array"),
    ("softmax axis", lambda x: bnp.softmax(x, axis=3), ONES23, np.exceptions.AxisError, r"backprop.numpy.softmax: axis 3"),
    ("xent", lambda z: bnp.softmax_cross_entropy(z, ONES3), ONES23[:, :2], ValueError, r"backprop.numpy.softmax_cross_entropy: operands could not be broadcast"),
    ("inv singular", bnp.inv, np.zeros((2, 2)), np.linalg.LinAlgError, r"backprop.numpy.inv: Singular matrix"),
    ("inv not square", bnp.inv, ONES23, np.linalg.LinAlgError, r"backprop.numpy.inv: Last 2 dimensions of the array must be square"),
    ("solve", lambda a: bnp.solve(a, ONES2), SQUARE, ValueError, r"backprop.numpy.solve: "),
    ("cholesky not positive", bnp.cholesky, -SQUARE, np.linalg.LinAlgError, r"backprop.numpy.cholesky: Matrix is not positive definite"),
    ("det 1-D", bnp.det, ONES3, np.linalg.LinAlgError, r"backprop.numpy.det: 1-dimensional array given"),
    ("norm ord", lambda x: bnp.norm(x, "fro"), ONES3, ValueError, r"backprop.numpy.norm: Invalid norm order 'fro' for vectors"),
    ("trace 1-D", bnp.trace, ONES3, ValueError, r"backprop.numpy.trace: "),
    ("diag 3-D", bnp.diag, np.ones((2, 2, 2)), ValueError, r"backprop.numpy.diag: Input must be 1- or 2-d"),
    ("reshape", lambda x: bnp.reshape(x, (4,)), ONES23, ValueError, r"backprop.numpy.reshape: cannot reshape array of size 6 into shape \(4,\)"),
    ("squeeze", lambda x: bnp.squeeze(x, 0), ONES23, ValueError, r"backprop.numpy.squeeze: cannot select an axis to squeeze out"),
    ("expand_dims", lambda x: bnp.expand_dims(x, 5), ONES23, np.exceptions.AxisError, r"backprop.numpy.expand_dims: axis 5"),
    ("transpose", lambda x: bnp.transpose(x, (0,)), ONES23, ValueError, r"backprop.numpy.transpose: axes don't match array"),
    ("broadcast_to", lambda x: bnp.broadcast_to(x, (2, 2)), ONES3, ValueError, r"backprop.numpy.broadcast_to: operands could not be broadcast"),
    ("concatenate", lambda x: bnp.concatenate([x, ONES23]), ONES3, ValueError, r"backprop.numpy.concatenate: all the input arrays must have same number of dimensions"),
    ("stack", lambda x: bnp.stack([x, ONES2]), ONES3, ValueError, r"backprop.numpy.stack: all input arrays must have the same shape"),
    ("split", lambda x: bnp.split(x, 2)[0], ONES3, ValueError, r"backprop.numpy.split: array split does not result in an equal division"),
    ("konst", lambda c: bnp.konst(c, (-1,)), 1.0, ValueError, r"backprop.numpy.konst: negative dimensions"),
    ("full", lambda c: bnp.full((-1,), c), 1.0, ValueError, r"backprop.numpy.full: negative dimensions"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fn", "x", "error", "match"), BAD, ids=[b[0] for b in BAD])
def test_numpy_errors_name_the_operation(
    name: str, fn: Fn, x: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        bp.grad_bp(lambda v: fn(v) * 1.0, x)
    with pytest.raises(error, match=match):
        bp.eval_bp(fn, x)


def test_a_string_is_rejected_with_numpy_error_naming_the_function() -> None:
    with pytest.raises(TypeError, match="'exp'"):
        bp.grad_bp(bnp.exp, np.array(["a"]))
    with pytest.raises(TypeError, match=r"backprop.numpy.maximum: .*'maximum'"):
        bp.grad_bp(lambda s: bnp.maximum(s, 1.0), np.array(["a"]))
    with pytest.raises(TypeError, match=r"backprop.numpy.sum: "):
        bp.grad_bp(bnp.sum, np.array(["a"]))


# --- numpy functions with no lifted version, and unsupported arguments ----------------------


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda x: np.median(x), r"numpy\.median is not differentiable yet"),
        (lambda x: np.nancumsum(x), r"numpy\.nancumsum is not differentiable yet"),
        (lambda x: np.cbrt(x), r"numpy\.cbrt is not differentiable yet"),
        (lambda x: np.add.reduce(x), r"numpy\.add \(reduce"),
        (lambda x: np.exp(x, out=np.empty(3)), r"numpy\.exp \(__call__ with \['out'\]\)"),
        (
            lambda x: np.sum(x, dtype=np.float32),
            r"sum\(\) got an unexpected keyword argument 'dtype'",
        ),
        (
            lambda x: np.mean(x, where=np.ones(3, bool)),
            r"mean\(\) got an unexpected keyword argument 'where'",
        ),
    ],
)
def test_numpy_functions_without_a_lifted_version_raise_a_type_error(call: Fn, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        bp.grad_bp(lambda v: call(v) * 1.0, np.ones(3))


# --- NaN and inf flow through (warnings are errors in this suite) ------------------------------

SPECIAL = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1.0, -1.0, 2.0])
ELEMENTWISE = [
    bnp.exp, bnp.log, bnp.log1p, bnp.expm1, bnp.sqrt, bnp.square, bnp.sin, bnp.cos, bnp.tan,
    bnp.arcsin, bnp.arccos, bnp.arctan, bnp.sinh, bnp.cosh, bnp.tanh, bnp.arcsinh,
    bnp.arccosh, bnp.arctanh, bnp.abs, bnp.sign, bnp.logistic, bnp.relu, bnp.softplus,
]  # fmt: skip


@pytest.mark.parametrize("fn", ELEMENTWISE, ids=lambda f: f.__name__)
def test_nan_and_inf_flow_through_elementwise_functions(fn: Fn) -> None:
    g = bp.grad_bp(lambda v: bnp.sum(fn(v) * 1.0), SPECIAL)
    assert g.shape == SPECIAL.shape
    values = bp.eval_bp(fn, SPECIAL)
    assert np.isnan(values[0])
    for x in SPECIAL.tolist():  # the same through Python floats (math raises there)
        y, gx = bp.backprop(fn, x)
        assert type(y) is float
        assert type(gx) is float
        with np.errstate(all="ignore"):
            np.testing.assert_allclose(y, bp.eval_bp(fn, np.array(x)), rtol=1e-12)


def test_nan_and_inf_values_equal_numpy_where_numpy_defines_them() -> None:
    with np.errstate(all="ignore"):
        for fn, ref in [
            (bnp.log, np.log),
            (bnp.sqrt, np.sqrt),
            (bnp.exp, np.exp),
            (bnp.arcsin, np.arcsin),
        ]:
            np.testing.assert_array_equal(bp.eval_bp(fn, SPECIAL), ref(SPECIAL))
    assert bp.grad_bp(bnp.log, 0.0) == np.inf
    assert bp.grad_bp(bnp.sqrt, 0.0) == np.inf
    assert bp.eval_bp(bnp.exp, 1000.0) == np.inf
    assert np.isnan(bp.eval_bp(bnp.sqrt, -1.0))


@pytest.mark.parametrize(
    "fn",
    [
        bnp.sum, bnp.mean, bnp.prod, bnp.max, bnp.min, bnp.var, bnp.std, bnp.norm,
        bnp.logsumexp, lambda x: bnp.sum(bnp.softmax(x)), lambda x: bnp.sum(bnp.log_softmax(x)),
        lambda x: bnp.sum(bnp.softmax_cross_entropy(x, np.ones(8) / 8)),
        lambda x: bnp.sum(bnp.maximum(x, 0.5)), lambda x: bnp.sum(bnp.clip(x, -1.0, 1.0)),
        lambda x: bnp.sum(bnp.where(x > 0, x, -x)), lambda x: bnp.dot(x, x),
        lambda x: bnp.sum(bnp.outer(x, x)), lambda x: bnp.einsum("i,i", x, x),
        lambda x: bnp.sum(bnp.reshape(x, (2, 4)) @ np.ones(4)),
        lambda x: bnp.det(bnp.reshape(x[:4], (2, 2))),
        lambda x: bnp.slogdet(bnp.reshape(x[:4], (2, 2)))[1],
    ],
)  # fmt: skip
def test_nan_and_inf_flow_through_reductions_and_products(fn: Fn) -> None:
    y, g = bp.backprop(fn, SPECIAL)
    assert np.shape(g) == SPECIAL.shape
    assert np.isnan(y) or np.isinf(y)


def test_warnings_are_still_errors_outside_the_library() -> None:
    with pytest.raises(RuntimeWarning):
        np.log(np.zeros(1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert bp.eval_bp(bnp.log, np.zeros(1))[0] == -np.inf


def test_numpy_seterr_raise_does_not_break_the_flow() -> None:
    with np.errstate(all="raise"):
        y, g = bp.backprop(lambda v: bnp.sum(bnp.log(v)), np.array([0.0, 1.0]))
    assert y == -np.inf
    assert g.tolist() == [np.inf, 1.0]


# --- integer arrays as differentiable inputs ------------------------------------------------


def test_integer_arrays_work_with_float_gradients() -> None:
    xi = np.array([1, 2, 3])
    xf = xi.astype(float)
    fns: list[Fn] = [
        lambda v: bnp.sum(bnp.exp(v)),
        lambda v: bnp.mean(v),
        lambda v: bnp.sum(bnp.sqrt(v) * 2.0),
        lambda v: bnp.max(v) * 1.5,
        lambda v: bnp.norm(v),
        lambda v: bnp.sum(bnp.softmax(v)[0:1]),
        lambda v: bnp.dot(v, np.ones(3) * 0.5),
        lambda v: bnp.sum(v[np.array([0, 0, 2])] * 0.5),
        lambda v: bnp.sum(bnp.concatenate([v, v]) * 0.5),
    ]
    for fn in fns:
        gi, gf = bp.grad_bp(fn, xi), bp.grad_bp(fn, xf)
        assert gi.dtype == np.float64
        np.testing.assert_allclose(gi, gf)


def test_an_integer_valued_result_gives_the_exact_integer_gradient() -> None:
    xi = np.array([1, 2, 3])
    y, g = bp.backprop(lambda v: bnp.sum(v * v), xi)
    assert y == 14
    assert g.tolist() == [2, 4, 6]


# --- scopes ----------------------------------------------------------------------------------


def test_an_escaped_bvar_is_rejected_by_lifted_functions() -> None:
    leaked: list[BVar[Any, Any]] = []

    def keep(x: BVar[S, Any]) -> BVar[S, Any]:
        leaked.append(x)
        return x

    bp.grad_bp(keep, np.ones(2))
    fns: list[Fn] = [
        bnp.sin,
        bnp.sum,
        bnp.softmax,
        lambda v: bnp.maximum(v, 0.0),
        lambda v: bnp.concatenate([v, v]),
    ]
    for fn in fns:
        with pytest.raises(bp.ScopeError, match="escaped its scope"):
            fn(leaked[0])


def test_a_bvar_of_an_enclosing_call_is_a_constant_inside() -> None:
    # d/dy max(x, y) at a tie is 1/2, a step function of x: its derivative in
    # x is 0, so only "+ x" reaches the outer gradient.
    def outer(x: BVar[S, Any]) -> BVar[S, Any]:
        def inner(y: BVar[Any, Any]) -> BVar[Any, Any]:
            return bnp.sum(bnp.maximum(x, y))

        return bp.grad_bp(inner, np.ones(2)) + x  # type: ignore[no-any-return]

    value, grad = bp.backprop(outer, np.ones(2))
    np.testing.assert_array_equal(value, [1.5, 1.5])
    np.testing.assert_array_equal(grad, [1.0, 1.0])


def test_bvars_of_two_calls_on_two_threads_cannot_be_combined() -> None:
    import threading

    ready, done = threading.Event(), threading.Event()
    kept: list[Any] = []

    def other(v: BVar[S, float]) -> BVar[S, float]:
        kept.append(v)
        ready.set()
        done.wait(5)
        return v

    worker = threading.Thread(target=bp.grad_bp, args=(other, 1.0))
    worker.start()
    ready.wait(5)
    try:
        with pytest.raises(bp.ScopeError, match="two different backprop calls"):
            bp.grad_bp(lambda x: x * kept[0], 1.0)
    finally:
        done.set()
        worker.join()


def test_float_of_a_bvar_is_refused() -> None:
    with pytest.raises(TypeError, match="drop its gradient"):
        bp.grad_bp(lambda v: bnp.exp(float(v)), 1.0)  # pyright: ignore[reportArgumentType]


# --- numpy's hooks ----------------------------------------------------------------------------

ARRAY_FUNCTIONS: list[Any] = [
    np.clip, np.where, np.sum, np.mean, np.prod, np.max, np.amax, np.min, np.amin, np.var,
    np.std, np.dot, np.vdot, np.inner, np.outer, np.tensordot, np.einsum, np.transpose,
    np.trace, np.diag, np.linalg.det, np.linalg.slogdet, np.linalg.inv, np.linalg.solve,
    np.linalg.cholesky, np.linalg.norm, np.reshape, np.ravel, np.expand_dims, np.squeeze,
    np.broadcast_to, np.concatenate, np.stack, np.split, np.full_like, np.zeros_like,
]  # fmt: skip
UFUNCS: list[Any] = [
    np.exp, np.log, np.log1p, np.expm1, np.sqrt, np.square, np.sin, np.cos, np.tan,
    np.arcsin, np.arccos, np.arctan, np.sinh, np.cosh, np.tanh, np.arcsinh, np.arccosh,
    np.arctanh, np.absolute, np.sign, np.maximum, np.minimum, np.matmul,
]  # fmt: skip


def test_every_lifted_numpy_function_is_hooked() -> None:
    from backprop._rules import core

    for fn in ARRAY_FUNCTIONS:
        assert fn in core.ARRAY_FUNCTIONS, fn
    for uf in UFUNCS:
        assert uf in core.UFUNCS, uf
    # + numpy parity, part one, and take, compress, r_, c_, full (test_numpy_parity.py)
    assert len(bnp.__all__) == 88 + 77 + 5


def test_numpy_calls_on_bvars_match_bnp() -> None:
    a = np.array([[2.0, 1.0], [1.0, 3.0]])
    pairs: list[tuple[Fn, Fn]] = [
        (lambda v: np.linalg.inv(v), bnp.inv),
        (lambda v: np.linalg.det(v), bnp.det),
        (lambda v: np.linalg.slogdet(v)[1], lambda v: bnp.slogdet(v)[1]),
        (lambda v: np.linalg.cholesky(v), bnp.cholesky),
        (lambda v: np.linalg.norm(v, "nuc"), lambda v: bnp.norm(v, "nuc")),
        (lambda v: np.linalg.solve(v, np.ones(2)), lambda v: bnp.solve(v, np.ones(2))),
        (lambda v: np.trace(v), bnp.trace),
        (lambda v: np.diag(v), bnp.diag),
        (lambda v: np.transpose(v), bnp.transpose),
        (lambda v: np.ravel(v), bnp.ravel),
        (lambda v: np.squeeze(np.expand_dims(v, 0)), lambda v: bnp.squeeze(bnp.expand_dims(v, 0))),
        (lambda v: np.broadcast_to(v, (3, 2, 2)), lambda v: bnp.broadcast_to(v, (3, 2, 2))),
        (lambda v: np.stack([v, v]), lambda v: bnp.stack([v, v])),
        (lambda v: np.split(v, 2)[0], lambda v: bnp.split(v, 2)[0]),
        (lambda v: np.clip(v, 1.5, 2.5), lambda v: bnp.clip(v, 1.5, 2.5)),
        (lambda v: np.where(v > 1.5, v, 0.0), lambda v: bnp.where(v > 1.5, v, 0.0)),
        (lambda v: np.vdot(v, v), lambda v: bnp.vdot(v, v)),
        (lambda v: np.inner(v, a), lambda v: bnp.inner(v, a)),
        (lambda v: np.outer(v, a), lambda v: bnp.outer(v, a)),
        (lambda v: np.tensordot(v, a), lambda v: bnp.tensordot(v, a)),
        (lambda v: np.full_like(v, 2.0) * v, lambda v: bnp.full_like(v, 2.0) * v),
        (lambda v: np.zeros_like(v) + v, lambda v: bnp.zeros_like(v) + v),
        (lambda v: np.maximum(a, v), lambda v: bnp.maximum(a, v)),
        (lambda v: np.abs(-v), lambda v: bnp.abs(-v)),
        (lambda v: a @ v, lambda v: bnp.matmul(a, v)),
    ]
    for via_numpy, lifted in pairs:
        y1, g1 = bp.backprop(lambda v: bnp.sum(via_numpy(v)), a)
        y2, g2 = bp.backprop(lambda v: bnp.sum(lifted(v)), a)
        assert y1 == y2
        np.testing.assert_array_equal(g1, g2)


def test_shape_queries_read_the_value() -> None:
    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        assert np.shape(v) == (2, 3)
        # numpy's stubs take array-likes, which a BVar is not to a type
        # checker (its conversions raise); at run time these dispatch
        assert np.ndim(v) == 2  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert np.size(v) == 6  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert np.size(v, 1) == 3  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert v.shape == (2, 3)
        assert v.ndim == 2
        assert v.dtype == np.float32
        assert v.T.shape == (3, 2)
        return v

    bp.grad_bp(f, np.ones((2, 3), dtype=np.float32))


def test_constants_only_make_no_tape_node() -> None:
    def f(x: BVar[S, Any]) -> BVar[S, Any]:
        tape = x._tape
        assert tape is not None
        before = len(tape.nodes)
        c: BVar[S, Any] = bnp.exp(np.ones(2))
        d: BVar[S, Any] = bnp.matmul(np.eye(2), np.ones(2))
        e: BVar[S, Any] = bnp.concatenate([np.ones(1), np.ones(1)])
        assert c._tape is None
        assert d._tape is None
        assert e._tape is None
        assert len(tape.nodes) == before
        out = bnp.maximum(x, c)  # one node with one parent: the constant costs nothing
        assert tape.nodes[-1][0] == (x._idx,)
        return out

    bp.grad_bp(f, np.ones(2))
