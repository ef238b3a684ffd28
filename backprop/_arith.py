"""The derivative table of the Num, Fractional and Floating methods.

Each entry is a forward rule and, beside it, the vector-Jacobian product of
each argument: ``vjp(g, payload)`` where the payload is ``(x, out)`` for a
unary function and ``(x, y, out)`` for a binary one. Python floats stay
Python floats (``math``); everything else goes through numpy. Broadcasting is
undone by ``unbroadcast``, so the gradient of an operand has its shape.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np

Vjp = Callable[[Any, Any], Any]


def unbroadcast(g: Any, x: Any) -> Any:
    """Sum ``g`` down to the shape of ``x`` (undo numpy broadcasting)."""
    if type(g) is float:
        return g
    # the common case, two arrays of one shape, without np.shape's dispatch
    if type(g) is np.ndarray and type(x) is np.ndarray and g.shape == x.shape:
        return g
    gshape = np.shape(g)
    xshape = np.shape(x)
    if gshape == xshape:
        return g
    lead = len(gshape) - len(xshape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(xshape) if n == 1 and gshape[i + lead] != 1
    )
    s = np.sum(g, axis=axes, keepdims=False) if axes else g
    s = np.reshape(s, xshape)
    if isinstance(x, np.ndarray):
        return s
    if type(x) in (float, int):
        return float(s)
    return s[()]


def _floating(math_fn: Callable[[float], float], np_fn: Any) -> Callable[[Any], Any]:
    """A Floating method: ``math`` on Python floats (a float out), numpy
    elsewhere. Outside the domain both give numpy's nan/inf without a
    warning, even where warnings are errors or ``np.seterr`` raises, so a
    float behaves like a 0-d array. Shared by ``backprop.numpy``.
    """

    def fn(x: Any) -> Any:
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError):
                with np.errstate(all="ignore"):
                    return float(np_fn(x))
        try:
            return np_fn(x)
        except (RuntimeWarning, FloatingPointError):
            with np.errstate(all="ignore"):
                return np_fn(x)

    fn.__name__ = fn.__qualname__ = np_fn.__name__
    return fn


exp = _floating(math.exp, np.exp)
log = _floating(math.log, np.log)
sqrt = _floating(math.sqrt, np.sqrt)
sin = _floating(math.sin, np.sin)
cos = _floating(math.cos, np.cos)
tan = _floating(math.tan, np.tan)
asin = _floating(math.asin, np.arcsin)
acos = _floating(math.acos, np.arccos)
atan = _floating(math.atan, np.arctan)
sinh = _floating(math.sinh, np.sinh)
cosh = _floating(math.cosh, np.cosh)
tanh = _floating(math.tanh, np.tanh)
asinh = _floating(math.asinh, np.arcsinh)
acosh = _floating(math.acosh, np.arccosh)
atanh = _floating(math.atanh, np.arctanh)


def sign(x: Any) -> Any:
    if type(x) is float:
        return math.copysign(1.0, x) if x != 0.0 else 0.0
    return np.sign(x)


def recip(x: Any) -> Any:
    return 1 / x


def neg(x: Any) -> Any:
    return -x


def absolute(x: Any) -> Any:
    return abs(x)


def log_base(b: Any, x: Any) -> Any:
    return log(x) / log(b)


def transpose(x: Any) -> Any:
    return np.transpose(x)


# --- binary: (x, y, out) ----------------------------------------------------
# A float result needs no unbroadcasting: the fast path of scalar code.
# d(x+y) = dx + dy
def add_dx(g: Any, p: Any) -> Any:
    return g if type(g) is float else unbroadcast(g, p[0])


def add_dy(g: Any, p: Any) -> Any:
    return g if type(g) is float else unbroadcast(g, p[1])


# d(x-y) = dx - dy
def sub_dy(g: Any, p: Any) -> Any:
    return -g if type(g) is float else unbroadcast(-g, p[1])


# d(xy) = y dx + x dy
def mul_dx(g: Any, p: Any) -> Any:
    r = g * p[1]
    return r if type(r) is float else unbroadcast(r, p[0])


def mul_dy(g: Any, p: Any) -> Any:
    r = g * p[0]
    return r if type(r) is float else unbroadcast(r, p[1])


# d(x/y) = dx/y - x/y^2 dy
def div_dx(g: Any, p: Any) -> Any:
    r = g / p[1]
    return r if type(r) is float else unbroadcast(r, p[0])


def div_dy(g: Any, p: Any) -> Any:
    r = -g * p[2] / p[1]
    return r if type(r) is float else unbroadcast(r, p[1])


# d(x^y) = y x^(y-1) dx + log(x) x^y dy
def pow_dx(g: Any, p: Any) -> Any:
    x, y, _ = p
    return unbroadcast(g * y * x ** (y - 1), x)


def pow_dy(g: Any, p: Any) -> Any:
    x, y, out = p
    return unbroadcast(g * log(x) * out, y)


# d(log_b x) = dx / (x log b) - log_b(x) / (b log b) db
def log_base_db(g: Any, p: Any) -> Any:
    b, _, out = p
    return unbroadcast(-g * out / (b * log(b)), b)


def log_base_dx(g: Any, p: Any) -> Any:
    b, x, _ = p
    return unbroadcast(g / (x * log(b)), x)


# d(A @ B) = dA B + A dB; 1-D operands are promoted and demoted as numpy does.
# A 2-D y (a weight matrix) takes the direct route: no batch axes to sum, so
# the product already has the operand's shape. The weight gradient of one
# sample is an outer product; a large one of two float vectors of one dtype
# is einsum's: it writes the product straight out, where the ufunc first
# copies the broadcast operand into a buffer (about 1.5x slower at 784x300).
def matmul_dx(g: Any, p: Any) -> Any:
    x, y, _ = p
    if type(y) is np.ndarray and type(g) is np.ndarray and type(x) is np.ndarray:
        if y.ndim == 2 and x.ndim:
            return np.matmul(g, y.T)
        if y.ndim == 1:
            if (
                g.ndim == 1
                and g.size * y.size >= 4096
                and g.dtype is y.dtype
                and y.dtype.kind == "f"
            ):
                return np.einsum(g, [0], y, [1], [0, 1])
            return np.multiply.outer(g, y)
    if np.ndim(y) == 1:
        return unbroadcast(np.multiply.outer(g, y), x)
    yt = np.swapaxes(y, -1, -2)
    if np.ndim(x) == 1:
        return unbroadcast(np.matmul(np.expand_dims(g, -2), yt)[..., 0, :], x)
    return unbroadcast(np.matmul(g, yt), x)


def matmul_dy(g: Any, p: Any) -> Any:
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
    xt = np.swapaxes(x, -1, -2)
    if np.ndim(y) == 1:
        return unbroadcast(np.matmul(xt, np.expand_dims(g, -1))[..., 0], y)
    return unbroadcast(np.matmul(xt, g), y)


# --- unary: (x, out) ---------------------------------------------------------
def neg_dx(g: Any, p: Any) -> Any:
    return -g


def abs_dx(g: Any, p: Any) -> Any:
    return g * sign(p[0])


def sign_dx(g: Any, p: Any) -> Any:
    return g * 0


def recip_dx(g: Any, p: Any) -> Any:
    return -g * p[1] * p[1]


def exp_dx(g: Any, p: Any) -> Any:
    return g * p[1]


def log_dx(g: Any, p: Any) -> Any:
    return g / p[0]


def sqrt_dx(g: Any, p: Any) -> Any:
    return g / (2 * p[1])


def sin_dx(g: Any, p: Any) -> Any:
    return g * cos(p[0])


def cos_dx(g: Any, p: Any) -> Any:
    return -g * sin(p[0])


def tan_dx(g: Any, p: Any) -> Any:
    return g * (1 + p[1] * p[1])


def asin_dx(g: Any, p: Any) -> Any:
    return g / sqrt(1 - p[0] * p[0])


def acos_dx(g: Any, p: Any) -> Any:
    return -g / sqrt(1 - p[0] * p[0])


def atan_dx(g: Any, p: Any) -> Any:
    return g / (1 + p[0] * p[0])


def sinh_dx(g: Any, p: Any) -> Any:
    return g * cosh(p[0])


def cosh_dx(g: Any, p: Any) -> Any:
    return g * sinh(p[0])


def tanh_dx(g: Any, p: Any) -> Any:
    return g * (1 - p[1] * p[1])


def asinh_dx(g: Any, p: Any) -> Any:
    return g / sqrt(p[0] * p[0] + 1)


def acosh_dx(g: Any, p: Any) -> Any:
    return g / sqrt(p[0] * p[0] - 1)


def atanh_dx(g: Any, p: Any) -> Any:
    return g / (1 - p[0] * p[0])


def transpose_dx(g: Any, p: Any) -> Any:
    return np.transpose(g)


def identity_dx(g: Any, p: Any) -> Any:
    return g


# name -> (forward, vjp): the unary Floating/Num methods, used by BVar's
# numpy ufunc hook and by the numeric Ops of backprop.op.
UNARY: dict[str, tuple[Callable[[Any], Any], Vjp]] = {
    "neg": (neg, neg_dx),
    "abs": (absolute, abs_dx),
    "sign": (sign, sign_dx),
    "recip": (recip, recip_dx),
    "exp": (exp, exp_dx),
    "log": (log, log_dx),
    "sqrt": (sqrt, sqrt_dx),
    "sin": (sin, sin_dx),
    "cos": (cos, cos_dx),
    "tan": (tan, tan_dx),
    "asin": (asin, asin_dx),
    "acos": (acos, acos_dx),
    "atan": (atan, atan_dx),
    "sinh": (sinh, sinh_dx),
    "cosh": (cosh, cosh_dx),
    "tanh": (tanh, tanh_dx),
    "asinh": (asinh, asinh_dx),
    "acosh": (acosh, acosh_dx),
    "atanh": (atanh, atanh_dx),
}


# name -> (forward, vjp wrt x, vjp wrt y)
BINARY: dict[str, tuple[Callable[[Any, Any], Any], Vjp, Vjp]] = {
    "add": (operator.add, add_dx, add_dy),
    "sub": (operator.sub, add_dx, sub_dy),
    "mul": (operator.mul, mul_dx, mul_dy),
    "div": (operator.truediv, div_dx, div_dy),
    "pow": (operator.pow, pow_dx, pow_dy),
    "matmul": (operator.matmul, matmul_dx, matmul_dy),
    "log_base": (log_base, log_base_db, log_base_dx),
}
