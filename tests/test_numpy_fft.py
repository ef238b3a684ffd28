"""backprop.numpy's fft: values equal to numpy.fft's, gradients against
finite differences (both parts of complex results, real and complex inputs,
every ``norm``, ``n``/``s`` padding and cutting, ``axis``/``axes``,
float32), second derivatives, numpy's own functions reaching the lifted
ones, and bad input named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import backprop as bp
import backprop.numpy as bnp
from backprop._rules.linalg import real  # bnp.real comes with the elementwise half of the issue
from backprop.testing import check_grad

Fn = Callable[..., Any]
F32 = np.float32


def arr(seed: int, *shape: int, dtype: Any = np.float64) -> Any:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def carr(seed: int, *shape: int, dtype: Any = np.complex128) -> Any:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


X, X5, X3D = arr(1, 4, 6), arr(2, 3, 5), arr(3, 2, 3, 5)
Z, Z5 = carr(4, 4, 6), carr(5, 3, 5)


def weights(seed: int, like: Any) -> Any:
    """Random weights of ``like``'s shape, complex for a complex ``like``."""
    w = arr(seed, *np.shape(like))
    return w + 1j * arr(seed + 1, *np.shape(like)) if np.iscomplexobj(like) else w


def check(fn: Fn, ref: Fn, x: Any) -> None:
    """Value and dtype against numpy, the gradient by finite differences
    (check_grad weighs both parts of a complex result, and perturbs a complex
    input along imaginary directions too), and the gradient's dtype equal to
    the input's."""
    got = bp.eval_bp(fn, x)
    want = ref(x)
    low = np.asarray(x).dtype in (np.float32, np.complex64)
    tol = 1e-5 if low else 1e-12
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    w = weights(99, want)
    g = bp.grad_bp(lambda u: bnp.sum(real(fn(u) * w)), x)
    if x.dtype.kind in "iu":  # not perturbed: the gradient is a float64 one
        assert g.dtype == np.float64
        return
    check_grad(fn, x)
    assert g.dtype == x.dtype


def case(label: str, name: str, x: Any, *args: Any, **kwargs: Any) -> tuple[str, Fn, Fn, Any]:
    """bnp's ``name`` and numpy.fft's on the same arguments."""
    b, n = getattr(bnp, name), getattr(np.fft, name)
    return (label, lambda u: b(u, *args, **kwargs), lambda u: n(u, *args, **kwargs), x)


INPUTS = [(X, "real"), (Z, "complex")]
CASES: list[tuple[str, Fn, Fn, Any]] = []
for o in [None, "backward", "ortho", "forward"]:
    for f in ["fft", "ifft"]:
        for x, kind in INPUTS:
            CASES += [
                case(f"{f} {kind} norm={o}", f, x, norm=o),
                case(f"{f} {kind} padded axis 0 norm={o}", f, x, 7, 0, o),
                case(f"{f} {kind} cut norm={o}", f, x, 3, norm=o),
            ]
    for n in [None, 3, 6, 9]:
        CASES += [
            case(f"rfft even n={n} norm={o}", "rfft", X, n, norm=o),
            case(f"rfft odd n={n} norm={o}", "rfft", X5, n, 0, o),
        ]
        for x, kind in [(Z, "complex"), (X, "real"), (Z5, "complex odd")]:
            CASES.append(case(f"irfft {kind} n={n} norm={o}", "irfft", x, n, norm=o))
    for f in ["fft2", "ifft2", "fftn", "ifftn", "irfft2", "irfftn"]:
        for x, kind in INPUTS:
            CASES += [
                case(f"{f} {kind} norm={o}", f, x, norm=o),
                case(f"{f} {kind} s axes norm={o}", f, x, (3, 7), (1, 0), o),
            ]
    for f in ["rfft2", "rfftn"]:
        CASES += [
            case(f"{f} norm={o}", f, X, norm=o),
            case(f"{f} s axes norm={o}", f, X, (3, 7), (1, 0), o),
            case(f"{f} 3-d norm={o}", f, X3D, None, (0, 2), o),
        ]
CASES += [
    case("fftn repeated axis", "fftn", Z, (3, 5, 4), (0, 1, 0)),
    case("fftn s with -1", "fftn", X, (-1, 8), (0, 1)),
    case("ifftn one axis of 3-d", "ifftn", X3D, axes=(1,)),
    case("irfftn 3-d", "irfftn", carr(6, 2, 3, 5), axes=(0, 2)),
    case("fft of ints", "fft", np.arange(5)),
    case("fft float32", "fft", X.astype(F32)),
    case("fft complex64", "fft", Z.astype(np.complex64)),
    case("rfft float32", "rfft", X.astype(F32)),
    case("irfft complex64", "irfft", Z.astype(np.complex64)),
    case("fft2 float32", "fft2", X.astype(F32)),
    case("irfftn complex64", "irfftn", Z.astype(np.complex64)),
    case("fft of a 1-d", "fft", arr(7, 5)),
    ("fft via np", lambda u: np.fft.fft(u), np.fft.fft, X),
    ("rfft2 via np", lambda u: np.fft.rfft2(u, norm="ortho"), lambda u: np.fft.rfft2(u, norm="ortho"), X),
    ("irfftn via np", lambda u: np.fft.irfftn(u, (3, 7), (1, 0)), lambda u: np.fft.irfftn(u, (3, 7), (1, 0)), Z),
]
for f in ["fftshift", "ifftshift"]:
    for axes in [None, 0, (1,), (0, 1)]:
        for x, kind in [(X5, "real"), (Z5, "complex")]:
            CASES.append(case(f"{f} {kind} axes={axes}", f, x, axes))
    shift = getattr(np.fft, f)
    CASES += [
        (f"{f} via np", lambda u, n=shift: n(u), shift, X5),
        case(f"{f} float32", f, X5.astype(F32)),
    ]


@pytest.mark.parametrize(("name", "fn", "ref", "x"), CASES, ids=[c[0] for c in CASES])
def test_case(name: str, fn: Fn, ref: Fn, x: Any) -> None:
    check(fn, ref, x)


def test_the_transpose_of_the_fft_is_the_fft() -> None:
    # For a linear map the vjp is the transpose: <g, F x> = <F^T g, x>, F symmetric.
    x, g = Z[0], carr(8, 6)
    pulled = bp.backprop_with(bnp.fft, x)[1](g)
    np.testing.assert_allclose(pulled, np.fft.fft(g), rtol=1e-12, atol=1e-12)


def test_irfft_gradient_ignores_what_numpy_ignores() -> None:
    # numpy reads n // 2 + 1 inputs and drops the imaginary part of the zero
    # frequency (and the last one, for an even n): they get no gradient.
    z = carr(9, 6)
    g = bp.grad_bp(lambda u: bnp.sum(bnp.irfft(u, 6) * arr(10, 6)), z)
    assert np.imag(g[0]) == 0.0
    assert np.imag(g[3]) == 0.0
    np.testing.assert_array_equal(g[4:], 0.0)
    g_odd = bp.grad_bp(lambda u: bnp.sum(bnp.irfft(u, 5) * arr(11, 5)), z)
    assert np.imag(g_odd[0]) == 0.0
    assert np.imag(g_odd[2]) != 0.0


def test_a_round_trip_has_the_identity_gradient() -> None:
    x = arr(12, 7)
    g = bp.grad_bp(lambda u: bnp.sum(bnp.irfft(bnp.rfft(u), 7) * np.arange(7.0)), x)
    np.testing.assert_allclose(g, np.arange(7.0), atol=1e-12)
    g2 = bp.grad_bp(lambda u: bnp.sum(real(bnp.ifft2(bnp.fft2(u))) * X), X)
    np.testing.assert_allclose(g2, X, atol=1e-12)


SECOND: list[tuple[str, Fn, Any]] = [
    ("fft", lambda u: bnp.fft(u, 8, norm="ortho"), X),
    ("ifft complex", lambda u: bnp.ifft(u, 3, 0), Z),
    ("rfft", lambda u: bnp.rfft(u, 5), X),
    ("irfft", lambda u: bnp.irfft(u, 7, 0, "forward"), Z),
    ("irfft of a real input", bnp.irfft, X),
    ("fft2", lambda u: bnp.fft2(u, (3, 8)), Z),
    ("ifft2", bnp.ifft2, X),
    ("fftn repeated axis", lambda u: bnp.fftn(u, (3, 5, 4), (0, 1, 0)), Z),
    ("ifftn", lambda u: bnp.ifftn(u, norm="ortho"), X3D),
    ("rfft2", lambda u: bnp.rfft2(u, (3, 7), (1, 0)), X),
    ("rfftn", bnp.rfftn, X3D),
    ("irfft2", lambda u: bnp.irfft2(u, (3, 7), (1, 0)), Z),
    ("irfftn", bnp.irfftn, Z),
    ("fftshift", lambda u: bnp.fftshift(u, 1), Z5),
    ("ifftshift", bnp.ifftshift, X5),
]


@pytest.mark.parametrize(("name", "fn", "x"), SECOND, ids=[c[0] for c in SECOND])
def test_second_derivative(name: str, fn: Fn, x: Any) -> None:
    # A transform is linear: squaring its result makes its vjp run on a BVar
    # of the enclosing call (g depends on x), which is what is checked.
    w = weights(97, bp.eval_bp(fn, x))

    def loss(u: Any) -> Any:
        y = fn(u)
        return bnp.sum(real(y * y * w))

    check_grad(lambda v: bp.grad_bp(loss, v), x)


# --- bad input ----------------------------------------------------------------------------


# bnp with its types off: these calls pass what the types forbid
untyped: Any = bnp


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda v: untyped.fft(v, n=bp.const_var(3)), TypeError, "the argument n must be a plain value"),
        (lambda v: untyped.fft(v, axis=bp.const_var(0)), TypeError, "the argument axis must be"),
        (lambda v: untyped.fft2(v, s=bp.const_var((2, 2))), TypeError, "the argument s must be"),
        (lambda v: untyped.fftn(v, axes=bp.const_var(0)), TypeError, "the argument axes must be"),
        (lambda v: untyped.rfft(v, norm=bp.const_var("ortho")), TypeError, "the argument norm must be"),
        (lambda v: untyped.fftshift(v, axes=bp.const_var(0)), TypeError, "the argument axes must be"),
        (lambda v: untyped.fft(v, norm="bad"), ValueError, "backprop.numpy.fft: Invalid norm"),
        (lambda v: untyped.fft(v, 0), ValueError, r"backprop.numpy.fft: Invalid number of FFT data points"),
        (lambda v: untyped.rfft(v * 1j), TypeError, "backprop.numpy.rfft: "),
        (lambda v: untyped.fft2(v, (2,), (0, 1)), ValueError, "backprop.numpy.fft2: Shape and axes"),
    ],
)
def test_bad_input_is_named(call: Fn, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        bp.grad_bp(lambda v: bnp.sum(real(call(v))), np.ones((2, 2)))


def test_nothing_the_user_passes_is_mutated() -> None:
    x, z = X.copy(), Z.copy()
    bp.grad_bp(lambda u: bnp.sum(real(bnp.irfftn(bnp.rfftn(u, (5, 9), (0, 1))) * 2.0)), x)
    bp.grad_bp(lambda u: bnp.sum(real(bnp.fft2(bnp.fftshift(u), (2, 3)))), z)
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(z, Z)


def test_numpy_functions_are_hooked() -> None:
    from backprop._rules.core import ARRAY_FUNCTIONS

    names = ["fft", "ifft", "rfft", "irfft", "fft2", "ifft2", "rfft2", "irfft2",
             "fftn", "ifftn", "rfftn", "irfftn", "fftshift", "ifftshift"]  # fmt: skip
    for name in names:
        assert ARRAY_FUNCTIONS[getattr(np.fft, name)] is not None
        assert name in bnp.__all__
