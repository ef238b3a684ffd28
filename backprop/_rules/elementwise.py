"""Elementwise rules: the Num, Fractional and Floating methods and numpy's
elementwise functions, each forward rule beside its vjp.

Payloads: ``(x, out)`` for one argument, ``(x, y, out)`` for two. A Python
float stays a Python float (``math``); anything else goes through numpy.
Derivatives follow one complex convention, autograd's and JAX's: the vjp of
a holomorphic function is ``g * f'(z)`` (no conjugate), and a real function
of a complex ``z`` gets ``df/dx - i df/dy`` (``abs`` gives
``g * conj(z) / |z|``), so chains agree.
"""

from __future__ import annotations

import builtins
import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from .._tape import const
from .core import (
    ARRAY_FUNCTIONS,
    UFUNCS,
    Rule,
    Vjp,
    apply,
    floating,
    grad_dtype,
    lifted1,
    plain,
    quiet,
    unbroadcast,
)

UNARY: dict[str, Rule] = {}
BINARY: dict[str, Rule] = {}


def unary(name: str, fwd: Callable[[Any], Any], vjp: Vjp, *ufuncs: Any) -> Callable[[Any], Any]:
    """Enter a one-argument rule; returns its lifted function."""
    rule = UNARY[name] = Rule(name, fwd, (vjp,))
    fn = lifted1(rule)
    for u in ufuncs:
        UFUNCS[u] = fn
    return fn


def binary(name: str, fwd: Callable[[Any, Any], Any], vjp_x: Vjp, vjp_y: Vjp, *ufuncs: Any) -> Callable[[Any, Any], Any]:
    """Enter a two-argument rule (broadcasting); returns its lifted function."""
    rule = BINARY[name] = Rule(name, fwd, (vjp_x, vjp_y))

    def fn(x: Any, y: Any) -> Any:
        return apply(rule, (x, y))

    fn.__name__ = fn.__qualname__ = name
    for u in ufuncs:
        UFUNCS[u] = fn
    return fn


def _zero_like(g: Any) -> Any:
    """A zero gradient of ``g``'s shape: a constant, even for a BVar ``g``."""
    if type(g) is float:
        return 0.0
    return np.zeros(np.shape(g), dtype=np.result_type(plain(g)))


# --- Num -----------------------------------------------------------------------------

# A float result needs no unbroadcasting: the fast path of scalar code.
add = binary(
    "add",
    operator.add,
    lambda g, p: g if type(g) is float else unbroadcast(g, p[0]),
    lambda g, p: g if type(g) is float else unbroadcast(g, p[1]),
    np.add,
)
sub = binary(
    "sub",
    operator.sub,
    lambda g, p: g if type(g) is float else unbroadcast(g, p[0]),
    lambda g, p: -g if type(g) is float else unbroadcast(-g, p[1]),
    np.subtract,
)
mul = binary(
    "mul",
    operator.mul,
    lambda g, p: unbroadcast(g * p[1], p[0]),
    lambda g, p: unbroadcast(g * p[0], p[1]),
    np.multiply,
)
div = binary(
    "div",
    operator.truediv,
    lambda g, p: unbroadcast(g / p[1], p[0]),
    lambda g, p: unbroadcast(-g * p[2] / p[1], p[1]),
    np.divide,
    np.true_divide,
)


def _pow_dx(g: Any, p: Any) -> Any:
    # y x^(y-1), and 0 for the exponent 0 (also at x = 0, where 0 * inf is nan)
    x, y, _ = p
    yv = plain(y)
    if isinstance(yv, np.ndarray):
        d = where(yv == 0, 0.0, y * x ** (y - 1))
    else:
        d = 0.0 if yv == 0 else y * x ** (y - 1)
    return unbroadcast(g * d, x)


def _pow_dy(g: Any, p: Any) -> Any:
    # log(x) x^y, and 0 where x = 0: the limit for y > 0, which finite
    # differences, PyTorch and autograd agree on
    x, y, out = p
    xv = plain(x)
    if not isinstance(xv, np.ndarray):
        return unbroadcast(g * (0.0 if xv == 0 else log(x)) * out, y)
    return unbroadcast(g * log(where(xv == 0, 1.0, x)) * out, y)


pow = binary("pow", operator.pow, _pow_dx, _pow_dy, np.power)


def _neg(x: Any) -> Any:
    return -x


neg = unary("neg", _neg, lambda g, p: -g, np.negative)
UFUNCS[np.positive] = lambda x: x


def _sign(x: Any) -> Any:
    if type(x) is float:
        return 1.0 if x > 0 else -1.0 if x < 0 else x  # keeps 0.0 and nan
    return np.sign(x)


sign = unary("sign", _sign, lambda g, p: _zero_like(g), np.sign)


def _abs(x: Any) -> Any:
    return builtins.abs(x) if type(x) is float else np.absolute(x)


def _abs_dx(g: Any, p: Any) -> Any:
    # d|x| = sign(x) dx (0 at 0); for complex z, conj(z) / |z| (0 at 0)
    x, out = p
    if type(x) is float:
        return g * _sign(x)
    if np.iscomplexobj(x):
        return real_part(g) * where(out == 0, 0.0, conj(x) / where(out == 0, 1.0, out))
    return g * sign(x)


abs = unary("abs", _abs, _abs_dx, np.absolute)


def _recip(x: Any) -> Any:
    return 1 / x


recip = unary("recip", quiet(_recip), lambda g, p: -g * p[1] * p[1], np.reciprocal)

# --- Floating --------------------------------------------------------------------------

exp = unary("exp", floating(math.exp, np.exp), lambda g, p: g * p[1], np.exp)
log = unary("log", floating(math.log, np.log), lambda g, p: g / p[0], np.log)
sqrt = unary("sqrt", floating(math.sqrt, np.sqrt), lambda g, p: g / (2 * p[1]), np.sqrt)
log1p = unary("log1p", floating(math.log1p, np.log1p), lambda g, p: g / (1 + p[0]), np.log1p)
expm1 = unary("expm1", floating(math.expm1, np.expm1), lambda g, p: g * (p[1] + 1), np.expm1)
square = unary(
    "square", floating(lambda x: x * x, np.square), lambda g, p: g * (2 * p[0]), np.square
)
# The vjps call forward rules (a float in, a float out; a BVar of an
# enclosing call reaches the lifted function through numpy's protocol).
_sqrt = floating(math.sqrt, np.sqrt)
_sin = floating(math.sin, np.sin)
_cos = floating(math.cos, np.cos)
_sinh = floating(math.sinh, np.sinh)
_cosh = floating(math.cosh, np.cosh)

sin = unary("sin", _sin, lambda g, p: g * _cos(p[0]), np.sin)
cos = unary("cos", _cos, lambda g, p: -g * _sin(p[0]), np.cos)
tan = unary("tan", floating(math.tan, np.tan), lambda g, p: g * (1 + p[1] * p[1]), np.tan)
asin = unary(
    "asin", floating(math.asin, np.arcsin), lambda g, p: g / _sqrt(1 - p[0] * p[0]), np.arcsin
)
acos = unary(
    "acos", floating(math.acos, np.arccos), lambda g, p: -g / _sqrt(1 - p[0] * p[0]), np.arccos
)
atan = unary("atan", floating(math.atan, np.arctan), lambda g, p: g / (1 + p[0] * p[0]), np.arctan)
sinh = unary("sinh", _sinh, lambda g, p: g * _cosh(p[0]), np.sinh)
cosh = unary("cosh", _cosh, lambda g, p: g * _sinh(p[0]), np.cosh)
tanh = unary("tanh", floating(math.tanh, np.tanh), lambda g, p: g * (1 - p[1] * p[1]), np.tanh)
asinh = unary(
    "asinh", floating(math.asinh, np.arcsinh), lambda g, p: g / _sqrt(p[0] * p[0] + 1), np.arcsinh
)
acosh = unary(
    "acosh", floating(math.acosh, np.arccosh), lambda g, p: g / _sqrt(p[0] * p[0] - 1), np.arccosh
)
atanh = unary(
    "atanh", floating(math.atanh, np.arctanh), lambda g, p: g / (1 - p[0] * p[0]), np.arctanh
)


# d(log_b x) = dx / (x log b) - log_b(x) / (b log b) db
def _log_base(b: Any, x: Any) -> Any:
    return log(x) / log(b)


log_base = binary(
    "log_base",
    _log_base,
    lambda g, p: unbroadcast(-g * p[2] / (p[0] * log(p[0])), p[0]),
    lambda g, p: unbroadcast(g / (p[1] * log(p[0])), p[1]),
)


def conj(x: Any) -> Any:
    """The complex conjugate (a real value is its own)."""
    if type(x) is float:
        return x
    return np.conjugate(x)


# --- activations -----------------------------------------------------------------------

_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)


# exp of a non-positive number only: no overflow on either side
def _float_logistic(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


# A float array whose minimum is above the bound (below it exp(-x) would
# overflow) takes 1 / (1 + exp(-x)): four ufuncs on one fresh buffer,
# accurate to a few ulps on both tails, where 0.5 * (tanh(x / 2) + 1) loses
# the left one.
def _array_logistic(x: Any) -> Any:
    if type(x) is np.ndarray and x.size and x.ndim:
        bound = -700.0 if x.dtype is _F64 else -85.0 if x.dtype is _F32 else None
        if bound is not None and np.minimum.reduce(x, None) > bound:  # False for NaN
            e = np.negative(x)
            np.exp(e, out=e)
            e += 1.0
            return np.divide(1.0, e, out=e)
    e = np.exp(-np.abs(x))
    return np.where(np.asarray(x) >= 0, 1 / (1 + e), e / (1 + e))[()]


def _logistic_dx(g: Any, p: Any) -> Any:
    out = p[1]
    if type(out) is np.ndarray and type(g) is np.ndarray and g.dtype is out.dtype:
        d = 1 - out  # fresh: the products go into it
        d *= out
        d *= g
        return d
    return g * (out * (1 - out))


_logistic = floating(_float_logistic, _array_logistic)
logistic = unary("logistic", _logistic, _logistic_dx)


def _relu(x: Any) -> Any:
    if type(x) is float:
        return x if not x <= 0.0 else 0.0  # nan stays nan
    return np.maximum(x, 0)


def _relu_dx(g: Any, p: Any) -> Any:
    x = p[0]
    if type(x) is float:
        return g if x > 0 else 0.0
    return where(x > 0, g, 0.0)


relu = unary("relu", _relu, _relu_dx)


# softplus(x) = log(1 + e^x) = log1p(e^-|x|) + max(x, 0); its derivative is logistic
def _float_softplus(x: float) -> float:
    return math.log1p(math.exp(-_abs(x))) + (x if x > 0.0 else 0.0)


def _array_softplus(x: Any) -> Any:
    return np.log1p(np.exp(-np.abs(x))) + np.maximum(x, 0)


softplus = unary(
    "softplus", floating(_float_softplus, _array_softplus), lambda g, p: g * logistic(p[0])
)


# --- maximum, minimum, clip, where -----------------------------------------------------


def _max2(x: Any, y: Any) -> Any:
    if type(x) in (float, int) and type(y) in (float, int):
        return float(x if x >= y or x != x else y)  # nan wins, as in numpy
    return np.maximum(x, y)


def _min2(x: Any, y: Any) -> Any:
    if type(x) in (float, int) and type(y) in (float, int):
        return float(x if x <= y or x != x else y)
    return np.minimum(x, y)


def _share(g: Any, wins: Any, ties: Any) -> Any:
    """``g`` where ``wins``, half of it at ties (max and min split ties)."""
    if type(wins) is bool:
        return g if wins else (0.5 * g if ties else 0.0)
    return where(wins, g, where(ties, 0.5 * g, 0.0))


# d max(x, y) = [x > y] dx + [y > x] dy, each half where x == y
maximum = binary(
    "maximum",
    quiet(_max2),
    lambda g, p: unbroadcast(_share(g, plain(p[0]) > plain(p[1]), plain(p[0]) == plain(p[1])), p[0]),
    lambda g, p: unbroadcast(_share(g, plain(p[1]) > plain(p[0]), plain(p[0]) == plain(p[1])), p[1]),
    np.maximum,
)
minimum = binary(
    "minimum",
    quiet(_min2),
    lambda g, p: unbroadcast(_share(g, plain(p[0]) < plain(p[1]), plain(p[0]) == plain(p[1])), p[0]),
    lambda g, p: unbroadcast(_share(g, plain(p[1]) < plain(p[0]), plain(p[0]) == plain(p[1])), p[1]),
    np.minimum,
)


def _where(c: Any, x: Any, y: Any) -> Any:
    if type(c) is bool and type(x) in (float, int) and type(y) in (float, int):
        return float(x if c else y)
    return np.where(c, x, y)


def _where_dx(g: Any, p: Any) -> Any:
    c, x = plain(p[0]), p[1]
    if type(c) is bool:
        return unbroadcast(g if c else _zero_like(g), x)
    return unbroadcast(where(c, g, 0.0), x)


def _where_dy(g: Any, p: Any) -> Any:
    c, y = plain(p[0]), p[2]
    if type(c) is bool:
        return unbroadcast(_zero_like(g) if c else g, y)
    return unbroadcast(where(c, 0.0, g), y)


_WHERE = Rule("where", _where, (None, _where_dx, _where_dy))


def where(condition: Any, x: Any, y: Any) -> Any:
    """``x`` where ``condition`` holds, else ``y``; the condition gets no gradient."""
    return apply(_WHERE, (plain(condition), x, y))


# clip = minimum(maximum(a, lo), hi), with the ties of each split in half.
def _clip(a: Any, lo: Any, hi: Any) -> Any:
    if lo is None and hi is None:
        raise ValueError("one of a_min and a_max must be given")
    if type(a) in (float, int) and type(lo) in (float, int, type(None)) and type(hi) in (float, int, type(None)):
        m = a if lo is None else _max2(a, lo)
        return float(m if hi is None else _min2(m, hi))
    return np.clip(a, lo, hi)


def _clip_weights(p: Any, g: Any) -> tuple[Any, Any, Any]:
    a, lo, hi = plain(p[0]), plain(p[1]), plain(p[2])
    m = a if lo is None else _max2(a, lo)
    one = np.ones((), dtype=grad_dtype(g)) if isinstance(plain(g), np.ndarray) else 1.0
    to_m = one if hi is None else _share(one, m < hi, m == hi)
    to_hi = None if hi is None else _share(one, hi < m, m == hi)
    to_a = one if lo is None else _share(one, a > lo, a == lo)
    to_lo = None if lo is None else _share(one, lo > a, a == lo)
    return to_m * to_a, None if to_lo is None else to_m * to_lo, to_hi


_CLIP = Rule(
    "clip",
    quiet(_clip),
    (
        lambda g, p: unbroadcast(g * _clip_weights(p, g)[0], p[0]),
        lambda g, p: unbroadcast(g * _clip_weights(p, g)[1], p[1]),
        lambda g, p: unbroadcast(g * _clip_weights(p, g)[2], p[2]),
    ),
)


def clip(a: Any, a_min: Any, a_max: Any) -> Any:
    """``minimum(maximum(a, a_min), a_max)``; either bound may be None."""
    return apply(_CLIP, (a, a_min, a_max))


ARRAY_FUNCTIONS.update({np.clip: clip, np.where: where})


# --- numpy's other elementwise functions -----------------------------------------------------


def _py_float(np_fn: Any) -> Callable[..., Any]:
    """numpy's ``np_fn``, quiet, with a Python float out when every argument
    is a Python number (a float in gives a float out)."""

    def fn(*args: Any) -> Any:
        out = np_fn(*args)
        if isinstance(out, np.generic) and _scalars(*args) and float in map(type, args):
            return float(out)
        return out

    fn.__name__ = fn.__qualname__ = getattr(np_fn, "__name__", "fn")
    return quiet(fn)


def _scalars(*xs: Any) -> bool:
    return all(type(x) in (float, int) for x in xs)


def _mask(m: Any) -> Any:
    """A mask of two Python numbers as a Python bool (``_share``'s fast case)."""
    return bool(m) if isinstance(m, np.bool_) else m


def safe_div(a: Any, b: Any) -> Any:
    """``a / b``, and 0 where ``b`` is 0 (the subgradient of hypot, angle and
    sinc there); lift-aware, with no nan flowing into a gradient."""
    bv = plain(b)
    if type(bv) in (float, int, complex):
        return a / b if bv != 0 else _zero_like(a)
    zero = bv == 0
    return where(zero, 0.0, a / where(zero, 1.0, b))


def real_part(g: Any) -> Any:
    """The gradient of a real value: ``g`` without the imaginary part that
    complex arithmetic after it may have put there."""
    return real(g) if np.iscomplexobj(plain(g)) else g


def match_complex(x: Any, g: Any) -> Any:
    """``g`` as the gradient of ``x``: its real part for a real ``x``, made
    complex for a complex one (a function from complex to real, or back)."""
    gc = np.iscomplexobj(plain(g))
    xc = np.iscomplexobj(plain(x))
    if gc and not xc:
        return real(g)
    if xc and not gc:
        return g + 0j
    return g


# mod and fmod: x - n y with an integer n, piecewise constant; the quotient
# is read back from the result, so it agrees with it (fmod(1, 0.1) takes 9).
def _quotient(p: Any) -> Any:
    x, y, out = plain(p[0]), plain(p[1]), plain(p[2])
    with np.errstate(all="ignore"):
        n = np.rint((np.asarray(x) - out) / y)
    return float(n) if _scalars(x, y) else n


def _remainder(name: str, f: Any, *aliases: Any) -> Callable[[Any, Any], Any]:
    """x - n*y for the quotient n of f's rounding: 1 for x, -n for y."""
    return binary(
        name,
        _py_float(f),
        lambda g, p: unbroadcast(g, p[0]),
        lambda g, p: unbroadcast(-g * _quotient(p), p[1]),
        f,
        *aliases,
    )


mod = _remainder("mod", np.mod, np.remainder)
fmod = _remainder("fmod", np.fmod)


def _math2(math_fn: Callable[[float, float], float], np_fn: Any) -> Callable[[Any, Any], Any]:
    """``math`` on two Python numbers (a float out), numpy elsewhere, quiet."""

    def fn(x1: Any, x2: Any) -> Any:
        return math_fn(x1, x2) if _scalars(x1, x2) else np_fn(x1, x2)

    fn.__name__ = fn.__qualname__ = np_fn.__name__
    return quiet(fn)


# d atan2(x1, x2) = (x2 dx1 - x1 dx2) / (x1^2 + x2^2)
arctan2 = binary(
    "arctan2",
    _math2(math.atan2, np.arctan2),
    lambda g, p: unbroadcast(g * p[1] / (p[0] * p[0] + p[1] * p[1]), p[0]),
    lambda g, p: unbroadcast(-g * p[0] / (p[0] * p[0] + p[1] * p[1]), p[1]),
    np.arctan2,
)


# d hypot(x1, x2) = (x1 dx1 + x2 dx2) / hypot, 0 at the origin
hypot = binary(
    "hypot",
    _math2(math.hypot, np.hypot),
    lambda g, p: unbroadcast(g * safe_div(p[0], p[2]), p[0]),
    lambda g, p: unbroadcast(g * safe_div(p[1], p[2]), p[1]),
    np.hypot,
)

_LN2 = math.log(2.0)
_LN10 = math.log(10.0)

exp2 = unary(
    "exp2", floating(lambda x: 2.0**x, np.exp2), lambda g, p: g * (p[1] * _LN2), np.exp2
)
log2 = unary("log2", floating(math.log2, np.log2), lambda g, p: g / (p[0] * _LN2), np.log2)
log10 = unary("log10", floating(math.log10, np.log10), lambda g, p: g / (p[0] * _LN10), np.log10)

# d logaddexp(x, y) = e^x / (e^x + e^y) dx + ... = logistic(x - y) dx + logistic(y - x) dy
# (exact where x == y, unlike e^(x - out) with a rounded out); base 2 alike.
logaddexp = binary(
    "logaddexp",
    _py_float(np.logaddexp),
    lambda g, p: unbroadcast(g * logistic(p[0] - p[1]), p[0]),
    lambda g, p: unbroadcast(g * logistic(p[1] - p[0]), p[1]),
    np.logaddexp,
)
logaddexp2 = binary(
    "logaddexp2",
    _py_float(np.logaddexp2),
    lambda g, p: unbroadcast(g * logistic((p[0] - p[1]) * _LN2), p[0]),
    lambda g, p: unbroadcast(g * logistic((p[1] - p[0]) * _LN2), p[1]),
    np.logaddexp2,
)

fabs = unary("fabs", floating(math.fabs, np.fabs), lambda g, p: g * sign(p[0]), np.fabs)

_D2R = math.pi / 180.0
_R2D = 180.0 / math.pi
deg2rad = unary(
    "deg2rad", floating(math.radians, np.deg2rad), lambda g, p: g * _D2R, np.deg2rad, np.radians
)
rad2deg = unary(
    "rad2deg", floating(math.degrees, np.rad2deg), lambda g, p: g * _R2D, np.rad2deg, np.degrees
)


# fmax and fmin: maximum and minimum that skip a nan (the other argument
# wins and gets the gradient); ties split evenly, two nans give none.
def _fwins(x: Any, y: Any, beats: Any) -> Any:
    x, y = plain(x), plain(y)
    with np.errstate(invalid="ignore"):
        return _mask(beats(x, y) | (np.isnan(y) & ~np.isnan(x)))


def _ties(x: Any, y: Any) -> Any:
    return _mask(np.equal(plain(x), plain(y)))


def _nan_ignoring(name: str, f: Any, beats: Any) -> Callable[[Any, Any], Any]:
    """fmax and fmin: the gradient goes to the operand that ``beats`` the
    other or faces a NaN, shared at ties."""
    return binary(
        name,
        _py_float(f),
        lambda g, p: unbroadcast(_share(g, _fwins(p[0], p[1], beats), _ties(p[0], p[1])), p[0]),
        lambda g, p: unbroadcast(_share(g, _fwins(p[1], p[0], beats), _ties(p[0], p[1])), p[1]),
        f,
    )


fmax = _nan_ignoring("fmax", np.fmax, np.greater)
fmin = _nan_ignoring("fmin", np.fmin, np.less)


# sinc(x) = sin(pi x) / (pi x), 1 at 0; sinc'(x) = (cos(pi x) - sinc(x)) / x.
# Near 0 the derivative is its Taylor polynomial (no 0/0, and every higher
# derivative right at 0 too); elsewhere the closed form, at a safe argument.
_SINC_SMALL = 1e-3
_PI2 = math.pi * math.pi


def _float_sinc(x: float) -> float:
    return 1.0 if x == 0.0 else math.sin(math.pi * x) / (math.pi * x)


def _sinc_dx(g: Any, p: Any) -> Any:
    x, out = p
    x2 = x * x
    series = x * (-_PI2 / 3.0 + x2 * (_PI2 * _PI2 / 30.0 - x2 * (_PI2 * _PI2 * _PI2 / 840.0)))
    xv = plain(x)
    if type(xv) in (float, int):
        if builtins.abs(xv) < _SINC_SMALL:
            return g * series
        return g * ((_cos(math.pi * x) - out) / x)
    small = np.abs(xv) < _SINC_SMALL
    safe = where(small, 1.0, x)
    closed = (_cos(math.pi * safe) - where(small, 1.0, out)) / safe
    return g * where(small, series, closed)


sinc = unary("sinc", floating(_float_sinc, quiet(np.sinc)), _sinc_dx)
ARRAY_FUNCTIONS[np.sinc] = sinc  # a numpy function, not a ufunc


# --- complex parts -------------------------------------------------------------------------


def _real(x: Any) -> Any:
    if type(x) is float or type(x) is int:
        return float(x)
    if type(x) is complex:
        return x.real
    return np.real(x)


def _imag(x: Any) -> Any:
    if type(x) is float or type(x) is int:
        return 0.0
    if type(x) is complex:
        return x.imag
    return np.imag(x)


# real(z) = x and imag(z) = y are real functions of z: their gradients are
# g and -i g (df/dx - i df/dy); a real x has imag 0, a constant.
real = unary("real", _real, lambda g, p: match_complex(p[0], real_part(g)))
imag = unary(
    "imag",
    _imag,
    lambda g, p: real_part(g) * -1j if np.iscomplexobj(plain(p[0])) else _zero_like(real_part(g)),
)


def _conj_fwd(x: Any) -> Any:
    if type(x) is float or type(x) is int:
        return float(x)
    if type(x) is complex:
        return x.conjugate()
    return np.conjugate(x)


# conj is not holomorphic: with the convention above its vjp is conj(g)
conjugate = unary("conj", _conj_fwd, lambda g, p: match_complex(p[0], conj(g)), np.conjugate)


# angle(z) = atan2(y, x): its gradient is -i conj(z) / |z|^2 (0 at 0);
# a real x has the piecewise constant angle 0 or pi: no gradient.
def _angle(z: Any, deg: bool) -> Any:
    out = np.angle(z, deg)
    return float(out) if type(z) in (float, int, complex) else out


def _angle_dz(g: Any, p: Any) -> Any:
    z, deg, _ = p
    if not np.iscomplexobj(plain(z)):
        return _zero_like(g)
    d = safe_div(conj(z) * -1j, z * conj(z))
    return real_part(g) * (d * _R2D if deg else d)


_ANGLE = Rule("angle", quiet(_angle), (_angle_dz,), ("deg",))


def angle(z: Any, deg: bool = False) -> Any:
    """The argument of a complex number (``numpy.angle``)."""
    return apply(_ANGLE, (z,), (deg,))


def _real_if_close(a: Any, tol: float) -> Any:
    return a if type(a) in (float, int) else np.real_if_close(a, tol)


_REAL_IF_CLOSE = Rule(
    "real_if_close",
    _real_if_close,
    (lambda g, p: match_complex(p[0], g if np.iscomplexobj(plain(p[2])) else real_part(g)),),
    ("tol",),
)


def real_if_close(a: Any, tol: float = 100) -> Any:
    """``a``'s real part when every imaginary part is within ``tol`` machine epsilons of 0."""
    return apply(_REAL_IF_CLOSE, (a,), (tol,))


# nan_to_num: the finite elements pass their gradient through; the
# replaced ones (nan, +-inf) are constants. It never writes into its input.
def _nan_to_num(x: Any, nan: float, posinf: float | None, neginf: float | None) -> Any:
    out = np.nan_to_num(x, copy=True, nan=nan, posinf=posinf, neginf=neginf)
    return float(out) if type(x) in (float, int) else out


def _nan_to_num_dx(g: Any, p: Any) -> Any:
    x = plain(p[0])
    if np.iscomplexobj(x):
        return where(np.isfinite(x.real), real(g), 0.0) + 1j * where(np.isfinite(x.imag), imag(g), 0.0)
    if type(x) in (float, int):
        return g if math.isfinite(x) else 0.0
    return where(np.isfinite(x), g, 0.0)


_NAN_TO_NUM = Rule("nan_to_num", _nan_to_num, (_nan_to_num_dx,), ("nan", "posinf", "neginf"))


def nan_to_num(
    x: Any, copy: bool = True, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Any:
    """``x`` with nan and infinities replaced by finite numbers (never in place)."""
    return apply(_NAN_TO_NUM, (x,), (nan, posinf, neginf))


# --- functions with a zero gradient ----------------------------------------------------------
#
# floor, ceil, rint, trunc, fix and round are piecewise constant: their
# result is a constant (as autograd's non-differentiable list has it).


def zero_gradient(np_fn: Any) -> Callable[..., Any]:
    """``np_fn`` on the plain values: a constant result (a float for a float)."""

    def fn(*args: Any, **kwargs: Any) -> Any:
        vals = [plain(a) for a in args]
        with np.errstate(all="ignore"):
            out = np_fn(*vals, **kwargs)
        if isinstance(out, np.generic) and type(vals[0]) is float:
            out = float(out)
        return const(out)

    fn.__name__ = fn.__qualname__ = getattr(np_fn, "__name__", "fn")
    return fn


# autograd's other non-differentiable functions: integer or boolean results
# (indices, tests), computed on the plain values as comparisons are.
def on_values(np_fn: Any) -> Callable[..., Any]:
    """``np_fn`` on the plain values of its arguments (no gradient to give)."""

    def fn(*args: Any, **kwargs: Any) -> Any:
        return np_fn(*[plain(a) for a in args], **{k: plain(v) for k, v in kwargs.items()})

    fn.__name__ = fn.__qualname__ = getattr(np_fn, "__name__", "fn")
    return fn


floor = zero_gradient(np.floor)
ceil = zero_gradient(np.ceil)
rint = zero_gradient(np.rint)
trunc = zero_gradient(np.trunc)
fix = zero_gradient(np.fix)
round = zero_gradient(np.round)

floor_divide = zero_gradient(np.floor_divide)

UFUNCS.update({np.floor: floor, np.ceil: ceil, np.rint: rint, np.trunc: trunc})
UFUNCS[np.floor_divide] = floor_divide
UFUNCS.update(
    {u: on_values(u) for u in (np.logical_and, np.logical_or, np.logical_not, np.logical_xor)}
)
ARRAY_FUNCTIONS.update(
    {
        f: on_values(f)
        for f in (
            np.argmax, np.argmin, np.argsort, np.argpartition, np.argwhere, np.nonzero,
            np.flatnonzero, np.count_nonzero, np.searchsorted, np.all, np.any, np.allclose,
            np.isclose, np.array_equal, np.array_equiv, np.iscomplex, np.isreal, np.isneginf,
            np.isposinf,
        )
    }
)  # fmt: skip
ARRAY_FUNCTIONS.update(
    {f: zero_gradient(f) for f in (np.ones_like, np.empty_like)}
)
ARRAY_FUNCTIONS.update(
    {
        np.fix: fix, np.round: round, np.around: round, np.angle: angle,
        np.real: real, np.imag: imag, np.real_if_close: real_if_close,
        np.nan_to_num: nan_to_num,
    }
)  # fmt: skip
