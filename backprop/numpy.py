"""Lifted numpy: the typed, gradient-aware numpy a model is written in.

``import backprop.numpy as bnp``; every function takes ``BVar``s (of floats
or of float arrays), plain floats and plain arrays in any argument position
(a plain value is a constant: it gets no gradient and costs nothing on the
tape), and uses numpy's argument names and defaults. The derivatives are
written by hand, beside their forward rules, in ``backprop._numpy_vjps``.

Importing this module also makes numpy's own functions differentiable on
``BVar``s: ``np.exp(x)``, ``np.sum(x, axis=0)``, ``np.linalg.inv(x)`` and the
rest reach the same code, and a numpy function with no lifted version raises
a TypeError that names it.

Conventions:

* A float in gives a float out (``exp(BVar[S, float])`` is ``BVar[S, float]``);
  a reduction over every axis gives a ``float``; an array in gives an array
  of the same dtype out, and float32 stays float32 in values and gradients.
* Integer arrays work as differentiable inputs: values follow numpy's
  promotion (``exp`` of ints is float64), and their gradient is a float array
  whenever the result is a float, as a loss is (an integer-valued result, such
  as the sum of an int array, gives its exact integer gradient).
* NaN and inf flow through without warnings or exceptions; at points where a
  function is not differentiable a subgradient is used: ``abs``, ``relu``
  and ``norm`` take 0 at 0, ``std`` takes 0 where it is 0, and ``max``,
  ``min``, ``maximum``, ``minimum`` and ``clip`` split the gradient evenly
  among ties.
* numpy's own errors (shape mismatches, singular matrices) are raised by
  the forward pass, with the operation's name in front of numpy's message.
* numpy.linalg and numpy.fft are flat here: ``bnp.svd``, ``bnp.eigh``,
  ``bnp.fft`` (the 1-d transform), ``bnp.rfft2``; numpy's own spelling,
  ``np.linalg.svd(x)`` or ``np.fft.fft(x)`` on a BVar, reaches the same code.
  Where a gradient is not unique (eigen and singular vectors, repeated
  values, one triangle of a symmetric matrix, norms at 0) the conventions
  are in each function's docstring and in the guide "Equipping your
  library".

>>> import numpy as np
>>> import backprop as bp
>>> import backprop.numpy as bnp
>>> def loss(w: bp.BVar[bp.S, np.ndarray]) -> bp.BVar[bp.S, float]:
...     return bnp.sum(bnp.tanh(w) ** 2)
>>> bp.grad_bp(loss, np.array([0.0, 1.0]))
array([0.        , 0.63970001])
"""

from __future__ import annotations

from collections.abc import Sequence
from types import EllipsisType
from typing import Any, Literal, TypeAlias, TypeVar, overload

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from ._containers import _array_split, _dsplit, _hsplit, _split_array, _vsplit
from ._rules import elementwise as _ew
from ._rules import fft as _fft
from ._rules import linalg as _la
from ._rules import reductions as _red
from ._rules import scans as _sc
from ._rules import shape as _sh
from ._rules.core import front1
from ._tape import BVar, const
from ._typevars import S

__all__ = [
    "exp", "log", "log1p", "expm1", "sqrt", "square", "sin", "cos", "tan",
    "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "arcsinh",
    "arccosh", "arctanh", "abs", "sign", "maximum", "minimum", "clip", "where",
    "logistic", "relu", "softplus", "softmax", "log_softmax", "logsumexp",
    "softmax_cross_entropy",
    "sum", "mean", "prod", "max", "min", "var", "std",
    "matmul", "dot", "vdot", "inner", "outer", "tensordot", "einsum",
    "transpose", "trace", "diag", "det", "slogdet", "inv", "solve",
    "cholesky", "norm",
    "svd", "eigh", "eigvalsh", "eig", "eigvals", "pinv", "matrix_power", "lstsq",
    "linspace",
    "fft", "ifft", "rfft", "irfft", "fft2", "ifft2", "fftn", "ifftn",
    "rfft2", "irfft2", "rfftn", "irfftn", "fftshift", "ifftshift",
    "reshape", "ravel", "expand_dims", "squeeze", "broadcast_to",
    "concatenate", "stack", "split",
    "konst", "full", "full_like", "zeros_like",
]  # fmt: skip
# numpy parity, part one: elementwise, shape, scans and sorting, reductions
__all__ += [
    "mod", "remainder", "fmod", "arctan2", "hypot", "logaddexp", "logaddexp2", "exp2",
    "log2", "log10", "fabs", "fmax", "fmin", "reciprocal", "negative", "deg2rad",
    "rad2deg", "degrees", "radians", "sinc", "nan_to_num", "real", "imag", "conj",
    "conjugate", "angle", "real_if_close", "floor", "ceil", "round", "rint", "trunc",
    "amax", "amin", "average", "ptp", "nansum", "nanmean",
    "vstack", "hstack", "dstack", "column_stack", "row_stack", "append", "repeat", "tile",
    "pad", "roll", "rot90", "flip", "fliplr", "flipud", "moveaxis", "swapaxes", "rollaxis",
    "atleast_1d", "atleast_2d", "atleast_3d", "array_split", "hsplit", "vsplit", "dsplit",
    "tril", "triu", "diagonal", "kron", "cross", "select",
    "cumsum", "cumprod", "diff", "gradient", "sort", "partition",
    "array", "asarray", "astype",
]  # fmt: skip
# numpy parity, part two: picking elements, numpy's index-expression joins
__all__ += ["take", "compress", "r_", "c_"]

_F = TypeVar("_F", bound=np.floating[Any])
_X = TypeVar("_X", bound="float | NDArray[np.floating[Any]]")
_SC = TypeVar("_SC", bound=np.generic)

# An argument: a BVar or a plain constant, of a float array or of a float.
_Arr: TypeAlias = BVar[S, NDArray[_F]] | NDArray[_F]
_Flt: TypeAlias = BVar[S, float] | float
_C = TypeVar("_C", bound=np.complexfloating[Any, Any])
_CArr: TypeAlias = BVar[S, NDArray[_C]] | NDArray[_C]
_I = TypeVar("_I", bound=np.inexact[Any])
_IArr: TypeAlias = BVar[S, NDArray[_I]] | NDArray[_I]
_Axes: TypeAlias = int | tuple[int, ...]


# The elementwise functions, specialised: a BVar out for any argument.
_exp = front1(_ew.UNARY["exp"])
_log = front1(_ew.UNARY["log"])
_log1p = front1(_ew.UNARY["log1p"])
_expm1 = front1(_ew.UNARY["expm1"])
_sqrt = front1(_ew.UNARY["sqrt"])
_square = front1(_ew.UNARY["square"])
_sin = front1(_ew.UNARY["sin"])
_cos = front1(_ew.UNARY["cos"])
_tan = front1(_ew.UNARY["tan"])
_arcsin = front1(_ew.UNARY["asin"])
_arccos = front1(_ew.UNARY["acos"])
_arctan = front1(_ew.UNARY["atan"])
_sinh = front1(_ew.UNARY["sinh"])
_cosh = front1(_ew.UNARY["cosh"])
_tanh = front1(_ew.UNARY["tanh"])
_arcsinh = front1(_ew.UNARY["asinh"])
_arccosh = front1(_ew.UNARY["acosh"])
_arctanh = front1(_ew.UNARY["atanh"])
_abs = front1(_ew.UNARY["abs"])
_sign = front1(_ew.UNARY["sign"])
_logistic = front1(_ew.UNARY["logistic"])
_relu = front1(_ew.UNARY["relu"])
_softplus = front1(_ew.UNARY["softplus"])


def _b(out: Any) -> BVar[Any, Any]:
    """The result of a rule as a BVar (a constant when every argument was plain)."""
    return out if type(out) is BVar else const(out)


# --- elementwise --------------------------------------------------------------------------


def exp(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``e ** x``, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.exp, 0.0)
    (1.0, 1.0)
    """
    return _exp(x)


def log(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The natural logarithm, elementwise (``-inf`` at 0, nan below).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.log, 2.0)
    (0.6931471805599453, 0.5)
    """
    return _log(x)


def log1p(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``log(1 + x)``, accurate for small ``x``.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.log1p, 0.0)
    (0.0, 1.0)
    """
    return _log1p(x)


def expm1(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``exp(x) - 1``, accurate for small ``x``.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.expm1, 0.0)
    (0.0, 1.0)
    """
    return _expm1(x)


def sqrt(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The square root, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.sqrt, 4.0)
    (2.0, 0.25)
    """
    return _sqrt(x)


def square(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``x * x``, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.square, 3.0)
    (9.0, 6.0)
    """
    return _square(x)


def sin(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The sine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.sin, 0.0)
    (0.0, 1.0)
    """
    return _sin(x)


def cos(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The cosine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.cos, 0.0)
    (1.0, -0.0)
    """
    return _cos(x)


def tan(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The tangent, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.tan, 0.0)
    (0.0, 1.0)
    """
    return _tan(x)


def arcsin(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse sine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arcsin, 0.0)
    (0.0, 1.0)
    """
    return _arcsin(x)


def arccos(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse cosine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arccos, 1.0)
    (0.0, -inf)
    """
    return _arccos(x)


def arctan(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse tangent, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arctan, 1.0)
    (0.7853981633974483, 0.5)
    """
    return _arctan(x)


def sinh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The hyperbolic sine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.sinh, 0.0)
    (0.0, 1.0)
    """
    return _sinh(x)


def cosh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The hyperbolic cosine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.cosh, 0.0)
    (1.0, 0.0)
    """
    return _cosh(x)


def tanh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The hyperbolic tangent, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.tanh, 0.0)
    (0.0, 1.0)
    """
    return _tanh(x)


def arcsinh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse hyperbolic sine, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arcsinh, 0.0)
    (0.0, 1.0)
    """
    return _arcsinh(x)


def arccosh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse hyperbolic cosine, elementwise (``x >= 1``).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arccosh, 1.0)
    (0.0, inf)
    """
    return _arccosh(x)


def arctanh(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The inverse hyperbolic tangent, elementwise (``|x| < 1``).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.arctanh, 0.0)
    (0.0, 1.0)
    """
    return _arctanh(x)


def abs(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The absolute value, elementwise; its gradient is 0 at 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.abs, -2.0)
    (2.0, -1.0)
    """
    return _abs(x)


def sign(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """-1, 0 or 1 by the sign of ``x``, elementwise; its gradient is 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.sign, -2.0)
    (-1.0, 0.0)
    """
    return _sign(x)


@overload
def maximum(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def maximum(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def maximum(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def maximum(x1: Any, x2: Any) -> Any:
    """The elementwise maximum, broadcasting; ties split the gradient evenly.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.maximum(x, 1.0)), np.array([0.0, 1.0, 2.0]))
    array([0. , 0.5, 1. ])
    """
    return _b(_ew.maximum(x1, x2))


@overload
def minimum(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def minimum(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def minimum(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def minimum(x1: Any, x2: Any) -> Any:
    """The elementwise minimum, broadcasting; ties split the gradient evenly.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(bnp.minimum, 1.0, 3.0)
    (1.0, 0.0)
    """
    return _b(_ew.minimum(x1, x2))


@overload
def clip(a: _Flt[S], a_min: _Flt[S] | None, a_max: _Flt[S] | None) -> BVar[S, float]: ...
@overload
def clip(
    a: _Arr[S, _F], a_min: _Arr[S, _F] | _Flt[S] | None, a_max: _Arr[S, _F] | _Flt[S] | None
) -> BVar[S, NDArray[_F]]: ...
def clip(a: Any, a_min: Any, a_max: Any) -> Any:
    """``minimum(maximum(a, a_min), a_max)``; either bound may be None.

    Every argument may be a BVar; the gradient goes to whichever one the
    result is, split evenly at ties.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.clip(x, 0.0, 1.0)), np.array([-1.0, 0.5, 2.0]))
    array([0., 1., 0.])
    """
    return _b(_ew.clip(a, a_min, a_max))


@overload
def where(condition: npt.ArrayLike | BVar[S, Any], x: _Flt[S], y: _Flt[S], /) -> BVar[S, float]: ...
@overload
def where(
    condition: npt.ArrayLike | BVar[S, Any], x: _Arr[S, _F], y: _Arr[S, _F] | _Flt[S], /
) -> BVar[S, NDArray[_F]]: ...
@overload
def where(
    condition: npt.ArrayLike | BVar[S, Any], x: _Flt[S], y: _Arr[S, _F], /
) -> BVar[S, NDArray[_F]]: ...
def where(condition: Any, x: Any, y: Any, /) -> Any:
    """``x`` where ``condition`` holds, else ``y``, broadcasting.

    The condition is a plain value (a BVar's value is read; it gets no
    gradient); the gradient goes to the chosen elements.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> x = np.array([-1.0, 2.0])
    >>> bp.grad_bp(lambda v: bnp.sum(bnp.where(v > 0, 3.0 * v, 0.0)), x)
    array([0., 3.])
    """
    return _b(_ew.where(condition, x, y))


# --- elementwise: numpy's other functions -----------------------------------------------------

_Z = TypeVar("_Z", bound="complex | NDArray[np.inexact[Any]]")

_exp2 = front1(_ew.UNARY["exp2"])
_log2 = front1(_ew.UNARY["log2"])
_log10 = front1(_ew.UNARY["log10"])
_fabs = front1(_ew.UNARY["fabs"])
_reciprocal = front1(_ew.UNARY["recip"])
_negative = front1(_ew.UNARY["neg"])
_deg2rad = front1(_ew.UNARY["deg2rad"])
_rad2deg = front1(_ew.UNARY["rad2deg"])
_sinc = front1(_ew.UNARY["sinc"])
_conj = front1(_ew.UNARY["conj"])
_real = front1(_ew.UNARY["real"])
_imag = front1(_ew.UNARY["imag"])


@overload
def mod(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def mod(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def mod(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def mod(x1: Any, x2: Any) -> Any:
    """The remainder of ``x1 / x2`` with the sign of ``x2`` (numpy's ``mod``,
    Python's ``%``, which BVars also have), broadcasting.

    ``x1 - n * x2`` with the integer ``n = floor(x1 / x2)``: the gradient is
    1 for ``x1`` and ``-n`` for ``x2`` (it jumps where the quotient does).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.mod, 7.0, 2.5)
    (2.0, (1.0, -2.0))
    """
    return _b(_ew.mod(x1, x2))


remainder = mod


@overload
def fmod(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def fmod(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def fmod(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def fmod(x1: Any, x2: Any) -> Any:
    """The remainder of ``x1 / x2`` with the sign of ``x1`` (C's ``fmod``):
    ``x1 - n * x2`` with ``n`` the quotient truncated toward 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.fmod, -7.0, 2.5)
    (-2.0, (1.0, 2.0))
    """
    return _b(_ew.fmod(x1, x2))


@overload
def arctan2(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def arctan2(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def arctan2(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def arctan2(x1: Any, x2: Any) -> Any:
    """The angle of the point ``(x2, x1)``, in ``(-pi, pi]``, broadcasting.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.arctan2, 1.0, 1.0)
    (0.7853981633974483, (0.5, -0.5))
    """
    return _b(_ew.arctan2(x1, x2))


@overload
def hypot(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def hypot(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def hypot(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def hypot(x1: Any, x2: Any) -> Any:
    """``sqrt(x1**2 + x2**2)`` without overflow; its gradient is 0 at the origin.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.hypot, 3.0, 4.0)
    (5.0, (0.6, 0.8))
    """
    return _b(_ew.hypot(x1, x2))


@overload
def logaddexp(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def logaddexp(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def logaddexp(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def logaddexp(x1: Any, x2: Any) -> Any:
    """``log(exp(x1) + exp(x2))`` without overflow.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.logaddexp, 1000.0, 1000.0)
    (1000.6931471805599, (0.5, 0.5))
    """
    return _b(_ew.logaddexp(x1, x2))


@overload
def logaddexp2(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def logaddexp2(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def logaddexp2(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def logaddexp2(x1: Any, x2: Any) -> Any:
    """``log2(2**x1 + 2**x2)`` without overflow.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(bnp.logaddexp2, 1.0, 1.0)
    (2.0, (0.5, 0.5))
    """
    return _b(_ew.logaddexp2(x1, x2))


@overload
def fmax(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def fmax(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def fmax(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def fmax(x1: Any, x2: Any) -> Any:
    """The elementwise maximum, skipping nans (a nan loses, and gets no
    gradient); ties split the gradient evenly, as ``maximum``'s do.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.fmax(x, np.array([np.nan, 0.0, 5.0]))), np.ones(3))
    array([1., 1., 0.])
    """
    return _b(_ew.fmax(x1, x2))


@overload
def fmin(x1: _Flt[S], x2: _Flt[S]) -> BVar[S, float]: ...
@overload
def fmin(x1: _Arr[S, _F], x2: _Arr[S, _F] | _Flt[S]) -> BVar[S, NDArray[_F]]: ...
@overload
def fmin(x1: _Flt[S], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]: ...
def fmin(x1: Any, x2: Any) -> Any:
    """The elementwise minimum, skipping nans; ties split the gradient evenly.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.fmin(x, np.array([np.nan, 0.0, 1.0]))), np.ones(3))
    array([1. , 0. , 0.5])
    """
    return _b(_ew.fmin(x1, x2))


def exp2(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """``2 ** x``, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.exp2, 1.0)
    (2.0, 1.3862943611198906)
    """
    return _exp2(x)


def log2(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """The base-2 logarithm, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.log2, 4.0)
    (2.0, 0.36067376022224085)
    """
    return _log2(x)


def log10(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """The base-10 logarithm, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.log10, 100.0)
    (2.0, 0.004342944819032518)
    """
    return _log10(x)


def fabs(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The absolute value of real numbers; its gradient is 0 at 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.fabs, -2.0)
    (2.0, -1.0)
    """
    return _fabs(x)


def reciprocal(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """``1 / x``, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.reciprocal, 2.0)
    (0.5, -0.25)
    """
    return _reciprocal(x)


def negative(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """``-x``, elementwise.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.negative, 2.0)
    (-2.0, -1.0)
    """
    return _negative(x)


def deg2rad(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """Degrees to radians (``x * pi / 180``); ``radians`` is the same function.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.deg2rad, 180.0)
    (3.141592653589793, 0.017453292519943295)
    """
    return _deg2rad(x)


radians = deg2rad


def rad2deg(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """Radians to degrees (``x * 180 / pi``); ``degrees`` is the same function.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.rad2deg, 1.0)
    (57.29577951308232, 57.29577951308232)
    """
    return _rad2deg(x)


degrees = rad2deg


def sinc(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """``sin(pi x) / (pi x)``, 1 at 0; differentiable any number of times,
    also at 0 (where its derivative is taken from its Taylor series).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.sinc, 0.5)
    (0.6366197723675814, -1.27323954473516...)
    """
    return _sinc(x)


def nan_to_num(
    x: BVar[S, _Z] | _Z,
    copy: bool = True,
    nan: float = 0.0,
    posinf: float | None = None,
    neginf: float | None = None,
) -> BVar[S, _Z]:
    """``x`` with nan, inf and -inf replaced by ``nan``, ``posinf`` and
    ``neginf`` (None: the largest finite numbers); never in place, whatever
    ``copy`` says. The replaced elements are constants: no gradient.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.nan_to_num(x)), np.array([1.0, np.nan, np.inf]))
    array([1., 0., 0.])
    """
    return _b(_ew.nan_to_num(x, copy, nan, posinf, neginf))


@overload
def real(val: _CArr[S, _C]) -> BVar[S, NDArray[np.floating[Any]]]: ...
@overload
def real(val: BVar[S, complex] | complex) -> BVar[S, float]: ...
@overload
def real(val: BVar[S, _X] | _X) -> BVar[S, _X]: ...
def real(val: Any) -> Any:
    """The real part (a real value is its own); also ``x.real`` on a BVar.

    The gradient of a complex ``z`` is the output gradient as a complex
    number (the convention of ``backprop.numpy``: ``df/dx - i df/dy``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda z: bnp.sum(bnp.real(z)), np.array([1.0 + 2.0j]))
    array([1.+0.j])
    """
    return _real(val)


@overload
def imag(val: _CArr[S, _C]) -> BVar[S, NDArray[np.floating[Any]]]: ...
@overload
def imag(val: BVar[S, complex] | complex) -> BVar[S, float]: ...
@overload
def imag(val: BVar[S, _X] | _X) -> BVar[S, _X]: ...
def imag(val: Any) -> Any:
    """The imaginary part (0 for a real value); also ``x.imag`` on a BVar.

    Its gradient is ``-1j`` times the output gradient (``df/dx - i df/dy``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda z: bnp.sum(bnp.imag(z)), np.array([1.0 + 2.0j]))
    array([0.-1.j])
    """
    return _imag(val)


def conj(x: BVar[S, _Z] | _Z) -> BVar[S, _Z]:
    """The complex conjugate (a real value is its own); ``conjugate`` is the
    same function, and ``x.conj()`` the method.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.conj, np.array([1.0 + 2.0j]))
    array([1.-2.j])
    """
    return _conj(x)


conjugate = conj


@overload
def angle(z: _CArr[S, _C], deg: bool = False) -> BVar[S, NDArray[np.floating[Any]]]: ...
@overload
def angle(z: BVar[S, complex] | complex, deg: bool = False) -> BVar[S, float]: ...
@overload
def angle(z: BVar[S, _X] | _X, deg: bool = False) -> BVar[S, _X]: ...
def angle(z: Any, deg: bool = False) -> Any:
    """The argument of a complex number, in radians (degrees with ``deg``).

    Its gradient is ``-1j * conj(z) / abs(z)**2`` times the output gradient,
    0 at 0; the angle of a real number (0 or pi) is piecewise constant.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.angle, 1j)
    (1.5707963267948966, (-1+0j))
    """
    return _b(_ew.angle(z, deg))


def real_if_close(a: BVar[S, Any] | npt.ArrayLike, tol: float = 100) -> BVar[S, Any]:
    """``a``'s real part if all its imaginary parts are within ``tol``
    machine epsilons of 0, else ``a`` unchanged.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.real_if_close, np.array([2.0 + 1e-20j]))
    array([2.])
    """
    return _b(_ew.real_if_close(a, tol))


def floor(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The largest integer not above ``x``, elementwise: piecewise constant,
    so a constant (its gradient is 0), as are ``ceil``, ``rint``, ``round``
    and ``trunc``.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: x * bnp.floor(x), 2.5)
    (5.0, 2.0)
    """
    return _b(_ew.floor(x))


def ceil(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The smallest integer not below ``x``, elementwise; its gradient is 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.ceil, 2.5)
    (3.0, 0.0)
    """
    return _b(_ew.ceil(x))


def rint(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The nearest integer (halves to even), elementwise; its gradient is 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.rint, 2.5)
    (2.0, 0.0)
    """
    return _b(_ew.rint(x))


def round(a: BVar[S, _X] | _X, decimals: int = 0) -> BVar[S, _X]:
    """``a`` rounded to ``decimals`` decimals (halves to even); its gradient is 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.round(x, 1), 2.25)
    (2.2, 0.0)
    """
    return _b(_ew.round(a, decimals))


def trunc(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``x`` with its fractional part dropped, elementwise; its gradient is 0.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.trunc, -2.5)
    (-2.0, 0.0)
    """
    return _b(_ew.trunc(x))


# --- activations ---------------------------------------------------------------------------


def logistic(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """The logistic sigmoid ``1 / (1 + exp(-x))``, elementwise, without overflow.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.logistic, 0.0)
    (0.5, 0.25)
    """
    return _logistic(x)


def relu(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``max(x, 0)``, elementwise; its gradient is 0 at 0.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.relu(x)), np.array([-1.0, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    return _relu(x)


def softplus(x: BVar[S, _X] | _X) -> BVar[S, _X]:
    """``log(1 + exp(x))``, elementwise, without overflow; its derivative is ``logistic``.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.softplus, 0.0)
    (0.6931471805599453, 0.5)
    """
    return _softplus(x)


def softmax(x: _Arr[S, _F], axis: _Axes = -1) -> BVar[S, NDArray[_F]]:
    """``exp(x) / sum(exp(x))`` along ``axis``, shifted by the max for stability.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.softmax, np.array([0.0, np.log(3.0)]))
    array([0.25, 0.75])
    """
    return _b(_red.softmax(x, axis))


def log_softmax(x: _Arr[S, _F], axis: _Axes = -1) -> BVar[S, NDArray[_F]]:
    """``x - logsumexp(x)`` along ``axis``: the log of a softmax, computed stably.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.log_softmax, np.array([0.0, 0.0]))
    array([-0.69314718, -0.69314718])
    """
    return _b(_red.log_softmax(x, axis))


@overload
def logsumexp(x: _Arr[S, _F], axis: None, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def logsumexp(x: _Arr[S, _F], axis: _Axes = -1, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def logsumexp(x: _Arr[S, _F], axis: None, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
def logsumexp(x: Any, axis: Any = -1, keepdims: bool = False) -> Any:
    """``log(sum(exp(x)))`` along ``axis`` (None: all), without overflow.

    Its gradient is the softmax of ``x``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.logsumexp, np.array([1000.0, 1000.0]))
    (np.float64(1000.6931471805599), array([0.5, 0.5]))
    """
    return _b(_red.logsumexp(x, axis, keepdims))


def softmax_cross_entropy(
    logits: _Arr[S, _F],
    targets: BVar[S, NDArray[_F]] | NDArray[np.number[Any]] | NDArray[np.bool_],
    axis: int = -1,
) -> BVar[S, NDArray[_F]]:
    """The cross entropy of ``softmax(logits)`` against ``targets``, fused.

    ``-sum(targets * log_softmax(logits), axis)``: one loss per row (the
    ``axis`` is summed out, nothing else is reduced; take ``bnp.mean`` or
    ``bnp.sum`` of it for a batch). ``targets`` are probabilities broadcastable
    to the logits, typically one-hot rows (``np.eye(n)[labels]``). It never
    takes the log of a softmax: with ``lse = logsumexp(logits)`` the loss is
    ``sum(targets * (lse - logits))``, and its gradient with respect to the
    logits is ``(softmax(logits) - targets)`` times the output gradient (for
    rows of targets summing to one), so huge logits neither overflow nor
    lose the gradient. ``targets`` may be a BVar too (its gradient is
    ``lse - logits``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> t = np.array([[0.0, 1.0]])
    >>> loss, g = bp.backprop(lambda z: bnp.sum(bnp.softmax_cross_entropy(z, t)), np.array([[0.0, 0.0]]))
    >>> loss, g
    (0.6931471805599453, array([[ 0.5, -0.5]]))
    """
    return _b(_red.softmax_cross_entropy(logits, targets, axis))


# --- reductions ------------------------------------------------------------------------------


@overload
def sum(
    a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def sum(a: _Flt[S], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def sum(a: Sequence[_Flt[S]], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def sum(a: _Arr[S, _F], axis: _Axes, *, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def sum(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
@overload
def sum(
    a: _Arr[S, _F], axis: None = None, *, keepdims: bool
) -> BVar[S, NDArray[_F]] | BVar[S, float]: ...
def sum(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The sum over ``axis`` (None: all, a float; negative axes and tuples too).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.sum(x, axis=0), np.ones((2, 3)))
    (array([2., 2., 2.]), array([[1., 1., 1.],
           [1., 1., 1.]]))
    """
    return _b(_red.sum(a, axis, keepdims))


@overload
def mean(
    a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def mean(a: _Flt[S], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def mean(a: Sequence[_Flt[S]], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def mean(a: _Arr[S, _F], axis: _Axes, *, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def mean(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
@overload
def mean(
    a: _Arr[S, _F], axis: None = None, *, keepdims: bool
) -> BVar[S, NDArray[_F]] | BVar[S, float]: ...
def mean(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The mean over ``axis`` (None: all, a float).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.mean, np.array([1.0, 2.0, 6.0]))
    (3.0, array([0.33333333, 0.33333333, 0.33333333]))
    """
    return _b(_red.mean(a, axis, keepdims))


@overload
def prod(
    a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def prod(a: _Flt[S], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def prod(a: Sequence[_Flt[S]], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def prod(a: _Arr[S, _F], axis: _Axes, *, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def prod(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
@overload
def prod(
    a: _Arr[S, _F], axis: None = None, *, keepdims: bool
) -> BVar[S, NDArray[_F]] | BVar[S, float]: ...
def prod(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The product over ``axis``; its gradient is exact where elements are 0.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.prod, np.array([2.0, 0.0, 4.0]))
    (0.0, array([0., 8., 0.]))
    """
    return _b(_red.prod(a, axis, keepdims))


@overload
def max(
    a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def max(a: _Flt[S], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def max(a: Sequence[_Flt[S]], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def max(a: _Arr[S, _F], axis: _Axes, *, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def max(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
@overload
def max(
    a: _Arr[S, _F], axis: None = None, *, keepdims: bool
) -> BVar[S, NDArray[_F]] | BVar[S, float]: ...
def max(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The maximum over ``axis``; the gradient is split evenly among ties.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.max, np.array([3.0, 1.0, 3.0]))
    (3.0, array([0.5, 0. , 0.5]))
    """
    return _b(_red.max(a, axis, keepdims))


@overload
def min(
    a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def min(a: _Flt[S], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def min(a: Sequence[_Flt[S]], axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def min(a: _Arr[S, _F], axis: _Axes, *, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def min(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
@overload
def min(
    a: _Arr[S, _F], axis: None = None, *, keepdims: bool
) -> BVar[S, NDArray[_F]] | BVar[S, float]: ...
def min(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """The minimum over ``axis``; the gradient is split evenly among ties.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.min(x, axis=1), np.array([[1.0, 2.0]]))
    (array([1.]), array([[1., 0.]]))
    """
    return _b(_red.min(a, axis, keepdims))


@overload
def var(
    a: _Arr[S, _F],
    axis: None = None,
    *,
    ddof: float = 0,
    keepdims: Literal[False] = False,
) -> BVar[S, float]: ...
@overload
def var(
    a: _Flt[S],
    axis: None = None,
    *,
    ddof: float = 0,
    keepdims: Literal[False] = False,
) -> BVar[S, float]: ...
@overload
def var(
    a: _Arr[S, _F], axis: _Axes, *, ddof: float = 0, keepdims: bool = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def var(
    a: _Arr[S, _F], axis: None = None, *, ddof: float = 0, keepdims: Literal[True]
) -> BVar[S, NDArray[_F]]: ...
def var(a: Any, axis: Any = None, *, ddof: float = 0, keepdims: bool = False) -> Any:
    """The variance over ``axis``, dividing by ``n - ddof``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.var, np.array([1.0, 3.0]))
    (1.0, array([-1.,  1.]))
    """
    return _b(_red.var(a, axis, ddof, keepdims))


@overload
def std(
    a: _Arr[S, _F],
    axis: None = None,
    *,
    ddof: float = 0,
    keepdims: Literal[False] = False,
) -> BVar[S, float]: ...
@overload
def std(
    a: _Flt[S],
    axis: None = None,
    *,
    ddof: float = 0,
    keepdims: Literal[False] = False,
) -> BVar[S, float]: ...
@overload
def std(
    a: _Arr[S, _F], axis: _Axes, *, ddof: float = 0, keepdims: bool = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def std(
    a: _Arr[S, _F], axis: None = None, *, ddof: float = 0, keepdims: Literal[True]
) -> BVar[S, NDArray[_F]]: ...
def std(a: Any, axis: Any = None, *, ddof: float = 0, keepdims: bool = False) -> Any:
    """The standard deviation over ``axis``; its gradient is 0 where it is 0.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.std, np.array([1.0, 3.0]))
    (1.0, array([-0.5,  0.5]))
    """
    return _b(_red.std(a, axis, ddof, keepdims))


# --- reductions: numpy's other functions ----------------------------------------------------

amax = max
amin = min


@overload
def ptp(a: _Arr[S, _F], axis: None = None, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def ptp(a: _Arr[S, _F], axis: _Axes, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def ptp(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
def ptp(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The range ``max - min`` over ``axis``; ties split the gradient evenly,
    as ``max``'s and ``min``'s do.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.ptp, np.array([3.0, 1.0, 3.0]))
    (2.0, array([ 0.5, -1. ,  0.5]))
    """
    return _b(_red.ptp(a, axis, keepdims))


@overload
def nansum(a: _Arr[S, _F], axis: None = None, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def nansum(a: _Arr[S, _F], axis: _Axes, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def nansum(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
def nansum(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The sum over ``axis`` with nans counted as 0 (they get no gradient).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.nansum, np.array([1.0, np.nan, 2.0]))
    (3.0, array([1., 0., 1.]))
    """
    return _b(_red.nansum(a, axis, keepdims))


@overload
def nanmean(a: _Arr[S, _F], axis: None = None, keepdims: Literal[False] = False) -> BVar[S, float]: ...
@overload
def nanmean(a: _Arr[S, _F], axis: _Axes, keepdims: bool = False) -> BVar[S, NDArray[_F]]: ...
@overload
def nanmean(a: _Arr[S, _F], axis: None = None, *, keepdims: Literal[True]) -> BVar[S, NDArray[_F]]: ...
def nanmean(a: Any, axis: Any = None, keepdims: bool = False) -> Any:
    """The mean over ``axis`` of the elements that are not nan.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.nanmean, np.array([1.0, np.nan, 2.0]))
    (1.5, array([0.5, 0. , 0.5]))
    """
    return _b(_red.nanmean(a, axis, keepdims))


@overload
def average(
    a: _Arr[S, _F],
    axis: None = None,
    weights: _Arr[S, _F] | None = None,
    returned: Literal[False] = False,
    *,
    keepdims: Literal[False] = False,
) -> BVar[S, float]: ...
@overload
def average(
    a: _Arr[S, _F],
    axis: _Axes | None = None,
    weights: _Arr[S, _F] | None = None,
    returned: Literal[False] = False,
    *,
    keepdims: bool = False,
) -> BVar[S, Any]: ...
@overload
def average(
    a: _Arr[S, _F],
    axis: _Axes | None = None,
    weights: _Arr[S, _F] | None = None,
    *,
    returned: Literal[True],
    keepdims: bool = False,
) -> tuple[BVar[S, Any], BVar[S, Any]]: ...
def average(
    a: Any, axis: Any = None, weights: Any = None, returned: bool = False, *, keepdims: bool = False
) -> Any:
    """The weighted average over ``axis``: ``sum(a * w) / sum(w)``. The
    weights (a BVar too) have ``a``'s shape, or are 1-D along the one
    ``axis``; None is ``mean``. With ``returned`` also the sum of the weights.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> w = np.array([1.0, 3.0])
    >>> bp.backprop(lambda x: bnp.average(x, weights=w), np.array([2.0, 4.0]))
    (3.5, array([0.25, 0.75]))
    """
    out = _red.average(a, axis, weights, returned, keepdims=keepdims)
    return (_b(out[0]), _b(out[1])) if returned else _b(out)


# --- linear algebra ------------------------------------------------------------------------


def matmul(x1: _Arr[S, _F], x2: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """The matrix product ``x1 @ x2`` (stacks broadcast, 1-D operands promoted).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> m = np.array([[1.0, 2.0], [3.0, 4.0]])
    >>> bp.grad_bp(lambda v: bnp.sum(bnp.matmul(m, v)), np.array([1.0, 1.0]))
    array([4., 6.])
    """
    return _b(_la.matmul(x1, x2))


def dot(a: _Arr[S, _F], b: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """numpy's ``dot``: a's last axis against b's last (1-D b) or second to last.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(bnp.dot, np.array([1.0, 2.0]), np.array([3.0, 4.0]))
    (array([3., 4.]), array([1., 2.]))
    """
    return _b(_la.dot(a, b))


def vdot(a: _Arr[S, _F], b: _Arr[S, _F]) -> BVar[S, float]:
    """The dot product of the two arrays flattened (same size), a float.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(bnp.vdot, np.array([[1.0, 2.0]]), np.array([3.0, 4.0]))
    (array([[3., 4.]]), array([1., 2.]))
    """
    return _b(_la.vdot(a, b))


def inner(a: _Arr[S, _F], b: _Arr[S, _F], /) -> BVar[S, NDArray[_F]]:
    """The sum over the last axes of ``a`` and ``b`` of their product.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.inner(x, x), np.array([[1.0, 2.0]]))
    array([[5.]])
    """
    return _b(_la.inner(a, b))


def outer(a: _Arr[S, _F], b: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """``out[i, j] = a.flat[i] * b.flat[j]``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(lambda a, b: bnp.sum(bnp.outer(a, b)), np.array([1.0, 2.0]), np.array([3.0]))
    (array([3., 3.]), array([3.]))
    """
    return _b(_la.outer(a, b))


def tensordot(
    a: _Arr[S, _F],
    b: _Arr[S, _F],
    axes: int | tuple[int | Sequence[int], int | Sequence[int]] = 2,
) -> BVar[S, NDArray[_F]]:
    """The sum of products over the paired ``axes`` (an int N: a's last N with b's first N).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.arange(6.0).reshape(2, 3)
    >>> bp.grad_bp(lambda b: bnp.sum(bnp.tensordot(a, b, axes=([1], [0]))), np.ones((3, 2)))
    array([[3., 3.],
           [5., 5.],
           [7., 7.]])
    """
    return _b(_la.tensordot(a, b, axes))


@overload
def einsum(
    subscripts: str, /, *operands: _Arr[S, _F], optimize: bool | str = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def einsum(
    operand: _Arr[S, _F],
    sublist: Sequence[int | EllipsisType],
    /,
    *operands_and_sublists: _Arr[S, _F] | Sequence[int | EllipsisType],
    optimize: bool | str = False,
) -> BVar[S, NDArray[_F]]: ...
def einsum(*args: Any, optimize: bool | str = False) -> Any:
    """Einstein summation, ``einsum("ij,jk->ik", a, b)``: implicit output,
    ``...``, repeated labels (diagonals, traces) and broadcasting included.

    numpy's sublist form works too: each operand followed by a list of ints
    (0 to 51) and ``...`` naming its axes, and an optional output sublist
    last, ``einsum(a, [0, 1], b, [1, 2], [0, 2])``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.einsum("ii", m), np.array([[1.0, 2.0], [3.0, 4.0]]))
    (np.float64(5.0), array([[1., 0.],
           [0., 1.]]))
    >>> bp.grad_bp(lambda m: bnp.sum(bnp.einsum(m, [0, 1], m, [1, 2], [0, 2])), np.eye(2))
    array([[2., 2.],
           [2., 2.]])
    """
    return _b(_la.einsum(*args, optimize=optimize))


def transpose(a: _Arr[S, _F], axes: Sequence[int] | None = None) -> BVar[S, NDArray[_F]]:
    """The axes reversed, or permuted by ``axes``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.transpose, np.array([[1.0, 2.0]]))
    array([[1.],
           [2.]])
    """
    return _b(_sh.transpose(a, axes))


def trace(a: _Arr[S, _F], offset: int = 0, axis1: int = 0, axis2: int = 1) -> BVar[S, Any]:
    """The sum along a diagonal: a float for a matrix, an array for a stack.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.trace, np.array([[1.0, 2.0], [3.0, 4.0]]))
    (np.float64(5.0), array([[1., 0.],
           [0., 1.]]))
    """
    return _b(_la.trace(a, offset, axis1, axis2))


def diag(v: _Arr[S, _F], k: int = 0) -> BVar[S, NDArray[_F]]:
    """A matrix with ``v`` on its ``k``-th diagonal (1-D ``v``), or the
    ``k``-th diagonal of ``v`` (2-D ``v``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda m: bnp.sum(bnp.diag(m)), np.ones((2, 3)))
    array([[1., 0., 0.],
           [0., 1., 0.]])
    """
    return _b(_la.diag(v, k))


def det(a: _Arr[S, _F]) -> BVar[S, Any]:
    """The determinant: a float for a matrix, an array for a stack.

    Its gradient, the transposed adjugate, is also right at singular matrices.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.det, np.array([[2.0, 0.0], [0.0, 3.0]]))
    (6.0..., array([[3., 0.],
           [0., 2.]]))
    """
    return _b(_la.det(a))


def slogdet(a: _Arr[S, _F]) -> tuple[BVar[S, Any], BVar[S, Any]]:
    """The sign and the log of the absolute value of the determinant.

    Like numpy it returns ``(sign, logabsdet)``; the sign of a real matrix
    is a constant (its gradient is 0), that of a complex one a phase that
    moves with ``a``; the gradient of ``logabsdet`` is ``inv(a).T``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.slogdet(m)[1], np.array([[-2.0]]))
    (0.693..., array([[-0.5]]))
    """
    sign_, logabs = _la.slogdet(a)
    return _b(sign_), _b(logabs)


def inv(a: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """The matrix inverse (of each matrix of a stack).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.sum(bnp.inv(m)), np.array([[2.0]]))
    (0.5, array([[-0.25]]))
    """
    return _b(_la.inv(a))


def solve(a: _Arr[S, _F], b: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """``x`` with ``a @ x = b`` (b is one vector when 1-D, else a stack of matrices).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.array([[2.0, 0.0], [0.0, 4.0]])
    >>> bp.backprop(lambda b: bnp.sum(bnp.solve(a, b)), np.array([2.0, 4.0]))
    (2.0, array([0.5 , 0.25]))
    """
    return _b(_la.solve(a, b))


def cholesky(a: _Arr[S, _F], /, *, upper: bool = False) -> BVar[S, NDArray[_F]]:
    """The Cholesky factor ``L`` (``a = L @ L.T``), or ``L.T`` with ``upper=True``.

    Like numpy it reads only one triangle of ``a`` (the lower one, or the
    upper one), so the gradient lives in that triangle: numpy's
    lower-triangle view, the derivative of the function numpy computes.
    PyTorch instead returns the symmetrised gradient ``(g + g.T) / 2`` (``g``
    this one); both agree along symmetric perturbations, so for a symmetric
    ``a`` built from parameters (``b @ b.T``) the parameters' gradients are
    the same. Complex Hermitian ``a`` works alike (``g + g^H`` below the
    diagonal, the real part on it).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.sum(bnp.cholesky(m)), np.array([[4.0]]))
    (2.0, array([[0.25]]))
    """
    return _b(_la.cholesky(a, upper))


_Ord: TypeAlias = float | Literal["fro", "nuc"] | None


@overload
def norm(
    x: _Arr[S, _F], ord: _Ord = None, axis: None = None, keepdims: Literal[False] = False
) -> BVar[S, float]: ...
@overload
def norm(
    x: _Arr[S, _F], ord: _Ord, axis: _Axes, keepdims: bool = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def norm(
    x: _Arr[S, _F], ord: _Ord = None, *, axis: _Axes, keepdims: bool = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def norm(
    x: _Arr[S, _F], ord: _Ord = None, axis: None = None, *, keepdims: Literal[True]
) -> BVar[S, NDArray[_F]]: ...
def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """numpy.linalg.norm: vector norms (``ord`` None/2, 1, inf, -inf, 0, any
    p, negative ones too) and matrix norms (None/'fro', 'nuc', 2, -2, 1, -1,
    inf, -inf), over ``axis`` (one axis, or two for a matrix norm of a stack).

    Where the norm is 0 (a zero vector, a zero matrix, a singular matrix for
    ``ord=-2``) its gradient is the subgradient 0, and so is that of a zero
    element for ``p < 1``; ties of the max/min-based norms split it evenly.
    'nuc', 2 and -2 differentiate the SVD: at a repeated extreme singular
    value their gradient is a subgradient (from the singular vectors LAPACK
    picks) and their second derivative is inf or nan. A complex ``x`` gets
    ``conj(x) / |x|`` where a real one has ``sign(x)``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(bnp.norm, np.array([3.0, 4.0]))
    (5.0, array([0.6, 0.8]))
    """
    return _b(_la.norm(x, ord, axis, keepdims))


# --- linear algebra: decompositions, pinv, matrix_power, lstsq --------------------------------


def _parts(out: Any) -> tuple[Any, ...]:
    """A rule's tuple of results as BVars (constants for plain arguments)."""
    parts: tuple[Any, ...] = type(out)(*[_b(part) for part in out])
    return parts


@overload
def svd(
    a: _Arr[S, _F],
    full_matrices: bool = True,
    compute_uv: Literal[True] = True,
    hermitian: bool = False,
) -> tuple[BVar[S, NDArray[_F]], BVar[S, NDArray[_F]], BVar[S, NDArray[_F]]]: ...
@overload
def svd(
    a: _CArr[S, _C],
    full_matrices: bool = True,
    compute_uv: Literal[True] = True,
    hermitian: bool = False,
) -> tuple[BVar[S, NDArray[_C]], BVar[S, NDArray[np.floating[Any]]], BVar[S, NDArray[_C]]]: ...
@overload
def svd(
    a: _Arr[S, _F], full_matrices: bool = True, *, compute_uv: Literal[False], hermitian: bool = False
) -> BVar[S, NDArray[_F]]: ...
@overload
def svd(
    a: _CArr[S, _C], full_matrices: bool = True, *, compute_uv: Literal[False], hermitian: bool = False
) -> BVar[S, NDArray[np.floating[Any]]]: ...
def svd(
    a: Any, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False
) -> Any:
    """The singular value decomposition ``a = u @ (s[..., None] * vh)`` of a
    matrix or a stack: ``(u, s, vh)`` (numpy's names ``.U``, ``.S``, ``.Vh``
    work too), or ``s`` alone with ``compute_uv=False``.

    The singular vectors are unique only up to a sign (a phase, for complex
    ``a``) per pair, so only functions that do not depend on that choice
    have a gradient: the singular values, ``u @ vh``, ``|u|**2``, the
    reconstruction. With ``full_matrices=True`` and a non-square ``a`` the
    extra columns of ``u`` (rows of ``vh``) are any orthonormal basis of the
    complement; their gradient is right for functions that see only their
    span. At repeated singular values the vectors have no derivative: a
    gradient that goes through ``u`` or ``vh`` there is inf or nan (never a
    silently wrong number); one through ``s`` alone stays finite. For a
    non-square ``a`` the same holds at a zero singular value.
    ``hermitian=True`` reads one triangle of ``a``, as numpy does (see
    ``eigh``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.array([[3.0, 0.0], [0.0, -4.0]])
    >>> bp.backprop(lambda m: bnp.sum(bnp.svd(m, compute_uv=False)), a)  # the nuclear norm
    (7.0, array([[ 1.,  0.],
           [ 0., -1.]]))
    >>> bp.eval_bp(lambda m: bnp.svd(m)[1], a)
    array([4., 3.])
    """
    out = _la.svd(a, full_matrices, compute_uv, hermitian)
    return _parts(out) if compute_uv else _b(out)


@overload
def eigh(
    a: _Arr[S, _F], UPLO: Literal["L", "U"] = "L"
) -> tuple[BVar[S, NDArray[_F]], BVar[S, NDArray[_F]]]: ...
@overload
def eigh(
    a: _CArr[S, _C], UPLO: Literal["L", "U"] = "L"
) -> tuple[BVar[S, NDArray[np.floating[Any]]], BVar[S, NDArray[_C]]]: ...
def eigh(a: Any, UPLO: Literal["L", "U"] = "L") -> Any:
    """The eigenvalues (ascending) and eigenvectors of a symmetric (Hermitian)
    matrix or stack: ``(w, v)``, numpy's ``.eigenvalues``, ``.eigenvectors``.

    Like numpy it reads one triangle of ``a`` (``UPLO``, the lower one by
    default), so the gradient lives in that triangle: its diagonal, and
    ``g + g^H`` of the symmetric gradient below it. For ``a`` built
    symmetric from parameters (``b + b.T``) the gradients of the parameters
    are those of the symmetrised convention. Each eigenvector has a free
    sign (phase): differentiate only functions that do not depend on it.
    At a repeated eigenvalue the eigenvectors have no derivative: a gradient
    through them is inf or nan there, while one through the eigenvalues
    alone stays finite (use ``eigvalsh``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.array([[2.0, 1.0], [1.0, 2.0]])
    >>> bp.backprop(lambda m: bnp.eigh(m)[0][1], a)
    (np.float64(3.0), array([[0.5, 0. ],
           [1. , 0.5]]))
    """
    return _parts(_la.eigh(a, UPLO))


@overload
def eigvalsh(a: _Arr[S, _F], UPLO: Literal["L", "U"] = "L") -> BVar[S, NDArray[_F]]: ...
@overload
def eigvalsh(
    a: _CArr[S, _C], UPLO: Literal["L", "U"] = "L"
) -> BVar[S, NDArray[np.floating[Any]]]: ...
def eigvalsh(a: Any, UPLO: Literal["L", "U"] = "L") -> Any:
    """The eigenvalues (ascending) of a symmetric (Hermitian) matrix or stack,
    read from one triangle as ``eigh`` does; finite also at repeated ones.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.sum(bnp.eigvalsh(m)), np.eye(2))
    (2.0, array([[1., 0.],
           [0., 1.]]))
    """
    return _b(_la.eigvalsh(a, UPLO))


def eig(a: _IArr[S, _I]) -> tuple[BVar[S, NDArray[Any]], BVar[S, NDArray[Any]]]:
    """The eigenvalues and right eigenvectors (columns, of unit norm) of a
    square matrix or stack: ``(w, v)``, complex unless all are real (as in numpy).

    The gradient of a real ``a`` is real (the real part of the complex one).
    Each eigenvector has a free phase: differentiate only functions that do
    not depend on it (``abs(v) ** 2``, the eigenvalues). At a repeated
    eigenvalue the eigenvectors have no derivative: a gradient through them
    is inf or nan there.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.array([[2.0, 1.0], [0.0, 3.0]])
    >>> bp.backprop(lambda m: bnp.eig(m)[0][1], a)
    (np.float64(3.0), array([[0., 0.],
           [1., 1.]]))
    """
    return _parts(_la.eig(a))


def eigvals(a: _IArr[S, _I]) -> BVar[S, NDArray[Any]]:
    """The eigenvalues of a square matrix or stack, complex unless all are
    real; their gradient is that of ``eig``'s.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda m: bnp.sum(bnp.eigvals(m)), np.array([[2.0, 1.0], [0.0, 3.0]]))
    array([[1., 0.],
           [0., 1.]])
    """
    return _b(_la.eigvals(a))


def pinv(
    a: _IArr[S, _I],
    rcond: float | None = None,
    hermitian: bool = False,
    *,
    rtol: float | None = None,
) -> BVar[S, NDArray[_I]]:
    """The Moore-Penrose pseudo-inverse of a matrix or stack.

    Its gradient holds the rank fixed (singular values cut by ``rcond`` /
    ``rtol`` stay cut), which is the derivative wherever the rank is locally
    constant, as for every full-rank matrix. ``hermitian=True`` reads one
    triangle of ``a``, as numpy does.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.sum(bnp.pinv(m)), np.array([[2.0, 0.0]]))
    (0.5, array([[-0.25,  0.25]]))
    """
    return _b(_la.pinv(a, rcond, hermitian, rtol=rtol))


def matrix_power(a: _IArr[S, _I], n: int) -> BVar[S, NDArray[_I]]:
    """``a`` multiplied by itself ``n`` times (``n < 0``: its inverse's power;
    ``n = 0``: the identity, with a zero gradient).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda m: bnp.sum(bnp.matrix_power(m, 3)), np.array([[2.0]]))
    (8.0, array([[12.]]))
    """
    return _b(_la.matrix_power(a, n))


def lstsq(
    a: _IArr[S, _I], b: _IArr[S, _I], rcond: float | None = None
) -> tuple[BVar[S, NDArray[_I]], BVar[S, NDArray[Any]], int, BVar[S, NDArray[Any]]]:
    """The least-squares solution ``x`` of ``a @ x = b`` with numpy's other
    results: ``(x, residuals, rank, s)`` (``rank`` a plain int).

    ``x`` is ``pinv(a) @ b``, differentiated with ``a``'s rank held fixed;
    the residuals (present when ``a`` is tall and of full rank) and the
    singular values ``s`` are differentiable too.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> a = np.array([[1.0], [1.0]])
    >>> bp.grad_bp(lambda b: bnp.lstsq(a, b)[0][0], np.array([1.0, 3.0]))  # the mean
    array([0.5, 0.5])
    """
    x, residuals, rank, s = _la.lstsq(a, b, rcond)
    return _b(x), _b(residuals), rank, _b(s)


@overload
def linspace(
    start: _Flt[S],
    stop: _Flt[S],
    num: int = 50,
    endpoint: bool = True,
    retstep: Literal[False] = False,
    dtype: npt.DTypeLike | None = None,
    axis: int = 0,
) -> BVar[S, NDArray[np.float64]]: ...
@overload
def linspace(
    start: _Arr[S, _F] | _Flt[S],
    stop: _Arr[S, _F] | _Flt[S],
    num: int = 50,
    endpoint: bool = True,
    retstep: Literal[False] = False,
    dtype: npt.DTypeLike | None = None,
    axis: int = 0,
) -> BVar[S, NDArray[_F]]: ...
@overload
def linspace(
    start: _Flt[S],
    stop: _Flt[S],
    num: int = 50,
    endpoint: bool = True,
    *,
    retstep: Literal[True],
    dtype: npt.DTypeLike | None = None,
    axis: int = 0,
) -> tuple[BVar[S, NDArray[np.float64]], BVar[S, float]]: ...
@overload
def linspace(
    start: _Arr[S, _F] | _Flt[S],
    stop: _Arr[S, _F] | _Flt[S],
    num: int = 50,
    endpoint: bool = True,
    *,
    retstep: Literal[True],
    dtype: npt.DTypeLike | None = None,
    axis: int = 0,
) -> tuple[BVar[S, NDArray[_F]], BVar[S, Any]]: ...
def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: npt.DTypeLike | None = None,
    axis: int = 0,
) -> Any:
    """``num`` evenly spaced samples from ``start`` to ``stop`` (arrays
    broadcast, the samples along ``axis``); ``start`` and ``stop`` are
    differentiable, ``num``, ``endpoint``, ``dtype`` and ``axis`` are not.

    Sample ``k`` is ``start + k * step`` (the last one ``stop`` itself), so
    its gradient goes to ``stop`` with weight ``k / (num - 1)`` and to
    ``start`` with the rest. An integer ``dtype`` rounds, and is refused
    with BVar endpoints.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(lambda a, b: bnp.linspace(a, b, 5)[1], 0.0, 1.0)
    (0.75, 0.25)
    """
    out = _la.linspace(start, stop, num, endpoint, retstep, dtype, axis)
    return (_b(out[0]), _b(out[1])) if retstep else _b(out)


# --- fft --------------------------------------------------------------------------------------

# One of numpy's fft normalisations: "backward" (the default), "ortho", "forward".
_Norm: TypeAlias = Literal["backward", "ortho", "forward"] | None
_Complex: TypeAlias = NDArray[np.complexfloating[Any, Any]]
_Real: TypeAlias = NDArray[np.floating[Any]]


def fft(
    a: _IArr[S, _I], n: int | None = None, axis: int = -1, norm: _Norm = None
) -> BVar[S, _Complex]:
    """The discrete Fourier transform along ``axis``, cut or zero-padded to
    ``n`` (numpy.fft.fft).

    Its gradient is the same transform of the output gradient (the DFT
    matrix is symmetric), cut back to the input's length; a real input gets
    the real part. These functions are flat, ``bnp.fft(x)`` and
    ``bnp.rfft2(x)``; numpy's spelling ``np.fft.fft(x)`` on a BVar reaches
    the same code.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.abs(bnp.fft(x)) ** 2), np.array([1.0, 2.0]))
    array([4., 8.])
    """
    return _b(_fft.fft(a, n, axis, norm))


def ifft(
    a: _IArr[S, _I], n: int | None = None, axis: int = -1, norm: _Norm = None
) -> BVar[S, _Complex]:
    """The inverse discrete Fourier transform along ``axis`` (numpy.fft.ifft).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.ifft, np.array([2.0, 0.0]))
    array([1.+0.j, 1.+0.j])
    """
    return _b(_fft.ifft(a, n, axis, norm))


def rfft(
    a: _Arr[S, _F], n: int | None = None, axis: int = -1, norm: _Norm = None
) -> BVar[S, _Complex]:
    """The Fourier transform of a real input, the ``n // 2 + 1`` non-negative
    frequencies (numpy.fft.rfft); ``n`` even or odd.

    Its gradient is the real part of the ``fft`` of the output gradient
    zero-padded to ``n``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.abs(bnp.rfft(x)) ** 2), np.array([1.0, 2.0]))
    array([4., 8.])
    """
    return _b(_fft.rfft(a, n, axis, norm))


def irfft(
    a: _IArr[S, _I], n: int | None = None, axis: int = -1, norm: _Norm = None
) -> BVar[S, _Real]:
    """The real signal of length ``n`` (default ``2 * (m - 1)``) whose
    ``rfft`` is ``a`` (numpy.fft.irfft).

    numpy reads the first ``n // 2 + 1`` inputs and ignores the imaginary
    parts of the zero (and, for an even ``n``, the last) frequency: those get
    a zero gradient. The others stand for a frequency and its conjugate, so
    the gradient ``ifft(g)`` is doubled there.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda z: bnp.irfft(z)[0], np.array([1.0, 0.0, 0.0]))
    array([0.25, 0.5 , 0.25])
    """
    return _b(_fft.irfft(a, n, axis, norm))


def fft2(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The 2-d discrete Fourier transform over ``axes`` (numpy.fft.fft2).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.fft2, np.ones((2, 2)))
    array([[4.+0.j, 0.+0.j],
           [0.+0.j, 0.+0.j]])
    """
    return _b(_fft.fft2(a, s, axes, norm))


def ifft2(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The 2-d inverse discrete Fourier transform (numpy.fft.ifft2).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.ifft2, np.array([[4.0, 0.0], [0.0, 0.0]]))
    array([[1.+0.j, 1.+0.j],
           [1.+0.j, 1.+0.j]])
    """
    return _b(_fft.ifft2(a, s, axes, norm))


def fftn(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The n-d discrete Fourier transform over ``axes`` (all by default),
    each cut or padded to ``s`` (numpy.fft.fftn); a repeated axis is exact.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.abs(bnp.fftn(x)) ** 2), np.ones((2, 2)))
    array([[8., 8.],
           [8., 8.]])
    """
    return _b(_fft.fftn(a, s, axes, norm))


def ifftn(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The n-d inverse discrete Fourier transform (numpy.fft.ifftn).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.ifftn, np.array([[4.0, 0.0], [0.0, 0.0]]))
    array([[1.+0.j, 1.+0.j],
           [1.+0.j, 1.+0.j]])
    """
    return _b(_fft.ifftn(a, s, axes, norm))


def rfft2(
    a: _Arr[S, _F],
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The 2-d Fourier transform of a real input, halved along the last of
    ``axes`` (numpy.fft.rfft2).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.rfft2, np.ones((2, 2)))
    array([[4.+0.j, 0.+0.j],
           [0.+0.j, 0.+0.j]])
    """
    return _b(_fft.rfft2(a, s, axes, norm))


def irfft2(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] = (-2, -1),
    norm: _Norm = None,
) -> BVar[S, _Real]:
    """The real 2-d signal whose ``rfft2`` is ``a`` (numpy.fft.irfft2).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.irfft2, np.array([[4.0, 0.0], [0.0, 0.0]]))
    array([[1., 1.],
           [1., 1.]])
    """
    return _b(_fft.irfft2(a, s, axes, norm))


def rfftn(
    a: _Arr[S, _F],
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: _Norm = None,
) -> BVar[S, _Complex]:
    """The n-d Fourier transform of a real input, halved along the last of
    ``axes`` (numpy.fft.rfftn).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.rfftn, np.ones((2, 2)))
    array([[4.+0.j, 0.+0.j],
           [0.+0.j, 0.+0.j]])
    """
    return _b(_fft.rfftn(a, s, axes, norm))


def irfftn(
    a: _IArr[S, _I],
    s: Sequence[int] | None = None,
    axes: Sequence[int] | None = None,
    norm: _Norm = None,
) -> BVar[S, _Real]:
    """The real n-d signal whose ``rfftn`` is ``a`` (numpy.fft.irfftn).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.irfftn, np.array([[4.0, 0.0], [0.0, 0.0]]))
    array([[1., 1.],
           [1., 1.]])
    """
    return _b(_fft.irfftn(a, s, axes, norm))


def fftshift(x: _IArr[S, _I], axes: int | Sequence[int] | None = None) -> BVar[S, NDArray[_I]]:
    """The zero frequency moved to the middle of ``axes`` (numpy.fft.fftshift);
    its gradient is ``ifftshift`` of the output gradient.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.fftshift(x)[0], np.zeros(4))
    array([0., 0., 1., 0.])
    """
    return _b(_fft.fftshift(x, axes))


def ifftshift(x: _IArr[S, _I], axes: int | Sequence[int] | None = None) -> BVar[S, NDArray[_I]]:
    """The inverse of ``fftshift`` (numpy.fft.ifftshift).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.ifftshift(x)[0], np.zeros(5))
    array([0., 0., 1., 0., 0.])
    """
    return _b(_fft.ifftshift(x, axes))


# --- shape ---------------------------------------------------------------------------------


def reshape(
    a: _Arr[S, _F], /, shape: int | tuple[int, ...], order: Literal["C", "F", "A"] = "C"
) -> BVar[S, NDArray[_F]]:
    """The same elements in a new shape, read and written in ``order``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.reshape(x, (2, 1)), np.array([1.0, 2.0]))
    array([[1.],
           [2.]])
    """
    return _b(_sh.reshape(a, shape, order))


def ravel(a: _Arr[S, _F], order: Literal["C", "F", "A", "K"] = "C") -> BVar[S, NDArray[_F]]:
    """The elements as a 1-D array, read in ``order`` ("K": memory order).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.ravel(x)[1], np.zeros((2, 2)))
    array([[0., 1.],
           [0., 0.]])
    """
    return _b(_sh.ravel(a, order))


def expand_dims(a: _Arr[S, _F], axis: _Axes) -> BVar[S, NDArray[_F]]:
    """A new axis of length 1 at ``axis``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.expand_dims(x, 0), np.array([1.0])).shape
    (1, 1)
    """
    return _b(_sh.expand_dims(a, axis))


def squeeze(a: _Arr[S, _F], axis: _Axes | None = None) -> BVar[S, NDArray[_F]]:
    """The axes of length 1 removed (those of ``axis``, or all).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.squeeze, np.ones((1, 2, 1))).shape
    (2,)
    """
    return _b(_sh.squeeze(a, axis))


@overload
def broadcast_to(array: _Flt[S], shape: int | tuple[int, ...]) -> BVar[S, NDArray[np.float64]]: ...
@overload
def broadcast_to(array: _Arr[S, _F], shape: int | tuple[int, ...]) -> BVar[S, NDArray[_F]]: ...
def broadcast_to(array: Any, shape: int | tuple[int, ...]) -> Any:
    """``array`` broadcast to ``shape``; the gradient is summed back.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.sum(bnp.broadcast_to(x, (3, 2))), np.array([1.0, 2.0]))
    (9.0, array([3., 3.]))
    """
    return _b(_sh.broadcast_to(array, shape))


def concatenate(arrays: Sequence[_Arr[S, _F]], /, axis: int | None = 0) -> BVar[S, NDArray[_F]]:
    """The arrays joined along an existing ``axis`` (None: flattened first).

    To mix BVars and plain arrays, pass a tuple: mypy types a tuple's items
    one by one, but joins a list's into ``object``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.concatenate([x, np.zeros(1)]), np.ones(2))
    array([1., 1., 0.])
    """
    return _b(_sh.concatenate(arrays, axis))


@overload
def stack(arrays: Sequence[_Flt[S]], axis: int = 0) -> BVar[S, NDArray[np.float64]]: ...
@overload
def stack(arrays: Sequence[_Arr[S, _F]], axis: int = 0) -> BVar[S, NDArray[_F]]: ...
def stack(arrays: Sequence[Any], axis: int = 0) -> Any:
    """The arrays (or floats) joined along a new ``axis``.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(lambda x, y: bnp.sum(bnp.stack([x, y * y])), 1.0, 3.0)
    (10.0, (1.0, 6.0))
    """
    return _b(_sh.stack(arrays, axis))


def split(
    ary: _Arr[S, _F], indices_or_sections: int | Sequence[int], axis: int = 0
) -> list[BVar[S, NDArray[_F]]]:
    """``ary`` cut into pieces along ``axis`` (N equal ones, or at the indices).

    Each piece is a view: the gradients of all pieces are gathered into one
    array in one pass.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> def f(x: bp.BVar[bp.S, np.ndarray]) -> bp.BVar[bp.S, float]:
    ...     a, b = bnp.split(x, 2)
    ...     return bnp.sum(a * b)
    >>> bp.grad_bp(f, np.array([1.0, 2.0, 3.0, 4.0]))
    array([3., 4., 1., 2.])
    """
    return [_b(p) for p in _split_array(ary, indices_or_sections, axis)]


# --- shape: numpy's other functions ---------------------------------------------------------

# An array-like argument of a join: a BVar, an array, a number or a list.
_Any: TypeAlias = "BVar[S, Any] | NDArray[Any] | complex | Sequence[Any]"


def flip(m: _Arr[S, _F], axis: _Axes | None = None) -> BVar[S, NDArray[_F]]:
    """The elements in reverse order along ``axis`` (None: every axis).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.flip(x)[0] * 2.0, np.array([1.0, 2.0, 3.0]))
    array([0., 0., 2.])
    """
    return _b(_sh.flip(m, axis))


def fliplr(m: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """The columns in reverse order (``flip(m, 1)``, for at least 2-D ``m``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.fliplr, np.array([[1.0, 2.0]]))
    array([[2., 1.]])
    """
    return _b(_sh.fliplr(m))


def flipud(m: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """The rows in reverse order (``flip(m, 0)``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.flipud, np.array([1.0, 2.0]))
    array([2., 1.])
    """
    return _b(_sh.flipud(m))


def roll(
    a: _Arr[S, _F], shift: int | Sequence[int], axis: _Axes | None = None
) -> BVar[S, NDArray[_F]]:
    """The elements shifted by ``shift`` along ``axis`` (None: flattened), wrapping around.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.roll(x, 1)[0], np.array([1.0, 2.0, 3.0]))
    array([0., 0., 1.])
    """
    return _b(_sh.roll(a, shift, axis))


def rot90(m: _Arr[S, _F], k: int = 1, axes: tuple[int, int] = (0, 1)) -> BVar[S, NDArray[_F]]:
    """``m`` rotated by ``k`` quarter turns in the plane of ``axes``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.rot90, np.array([[1.0, 2.0], [3.0, 4.0]]))
    array([[2., 4.],
           [1., 3.]])
    """
    return _b(_sh.rot90(m, k, axes))


def moveaxis(
    a: _Arr[S, _F], source: int | Sequence[int], destination: int | Sequence[int]
) -> BVar[S, NDArray[_F]]:
    """The axes ``source`` moved to ``destination``, the others in order (a transpose).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.moveaxis(x, 0, -1), np.zeros((2, 3, 4))).shape
    (3, 4, 2)
    """
    return _b(_sh.moveaxis(a, source, destination))


def swapaxes(a: _Arr[S, _F], axis1: int, axis2: int) -> BVar[S, NDArray[_F]]:
    """Axes ``axis1`` and ``axis2`` interchanged (a transpose); also ``x.swapaxes``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.swapaxes(x, 0, 2), np.zeros((2, 3, 4))).shape
    (4, 3, 2)
    """
    return _b(_sh.swapaxes(a, axis1, axis2))


def rollaxis(a: _Arr[S, _F], axis: int, start: int = 0) -> BVar[S, NDArray[_F]]:
    """Axis ``axis`` moved to before ``start`` (negative axes too; ``moveaxis``
    says the same more plainly).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.rollaxis(x, -1), np.zeros((2, 3, 4))).shape
    (4, 2, 3)
    """
    return _b(_sh.rollaxis(a, axis, start))


@overload
def atleast_1d(a: _Flt[S] | _Arr[S, np.float64], /) -> BVar[S, NDArray[np.float64]]: ...
@overload
def atleast_1d(a: _Arr[S, _F], /) -> BVar[S, NDArray[_F]]: ...
@overload
def atleast_1d(a: _Any[S], b: _Any[S], /, *arys: _Any[S]) -> tuple[BVar[S, Any], ...]: ...
def atleast_1d(*arys: Any) -> Any:
    """Each argument with at least one axis (a tuple of them for several).

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.sum(bnp.atleast_1d(x)), 2.0)
    (2.0, 1.0)
    """
    return _tuple(_sh.atleast_1d(*arys))


@overload
def atleast_2d(a: _Flt[S] | _Arr[S, np.float64], /) -> BVar[S, NDArray[np.float64]]: ...
@overload
def atleast_2d(a: _Arr[S, _F], /) -> BVar[S, NDArray[_F]]: ...
@overload
def atleast_2d(a: _Any[S], b: _Any[S], /, *arys: _Any[S]) -> tuple[BVar[S, Any], ...]: ...
def atleast_2d(*arys: Any) -> Any:
    """Each argument with at least two axes (a 1-D array becomes one row).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.atleast_2d, np.ones(3)).shape
    (1, 3)
    """
    return _tuple(_sh.atleast_2d(*arys))


@overload
def atleast_3d(a: _Flt[S] | _Arr[S, np.float64], /) -> BVar[S, NDArray[np.float64]]: ...
@overload
def atleast_3d(a: _Arr[S, _F], /) -> BVar[S, NDArray[_F]]: ...
@overload
def atleast_3d(a: _Any[S], b: _Any[S], /, *arys: _Any[S]) -> tuple[BVar[S, Any], ...]: ...
def atleast_3d(*arys: Any) -> Any:
    """Each argument with at least three axes (numpy's placement of the new ones).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.atleast_3d, np.ones(3)).shape
    (1, 3, 1)
    """
    return _tuple(_sh.atleast_3d(*arys))


def _tuple(out: Any) -> Any:
    return tuple(_b(o) for o in out) if type(out) is tuple else _b(out)


def vstack(tup: Sequence[_Any[S]]) -> BVar[S, Any]:
    """The arrays stacked as rows (1-D ones become rows), along axis 0.

    The sequence mixes BVars, arrays, floats and lists holding BVars (pass
    a tuple to mix them: mypy types a tuple's items one by one, but joins a
    list's into ``object``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.vstack([x, np.zeros(2)]), np.ones(2))
    array([[1., 1.],
           [0., 0.]])
    """
    return _b(_sh.vstack(tup))


row_stack = vstack


def hstack(tup: Sequence[_Any[S]]) -> BVar[S, Any]:
    """The arrays joined along axis 1 (axis 0 for 1-D ones).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.hstack([x, 3.0]), np.ones(2))
    array([1., 1., 3.])
    """
    return _b(_sh.hstack(tup))


def dstack(tup: Sequence[_Any[S]]) -> BVar[S, Any]:
    """The arrays joined along a third axis (made by ``atleast_3d``).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.dstack([x, x]), np.ones(2)).shape
    (1, 2, 2)
    """
    return _b(_sh.dstack(tup))


def column_stack(tup: Sequence[_Any[S]]) -> BVar[S, Any]:
    """1-D arrays as the columns of a matrix (2-D ones joined along axis 1).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda x: bnp.column_stack([x, 2.0 * x]), np.ones(2))
    array([[1., 2.],
           [1., 2.]])
    """
    return _b(_sh.column_stack(tup))


def append(arr: _Any[S], values: _Any[S], axis: int | None = None) -> BVar[S, Any]:
    """``values`` joined after ``arr`` along ``axis`` (None: both flattened).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.sum(bnp.append(x, x * x)), np.array([1.0, 2.0]))
    (8.0, array([3., 5.]))
    """
    return _b(_sh.append(arr, values, axis))


@overload
def repeat(a: _Flt[S], repeats: int | Sequence[int], axis: None = None) -> BVar[S, NDArray[np.float64]]: ...
@overload
def repeat(a: _Arr[S, _F], repeats: int | Sequence[int], axis: int | None = None) -> BVar[S, NDArray[_F]]: ...
def repeat(a: Any, repeats: int | Sequence[int], axis: int | None = None) -> Any:
    """Each element repeated ``repeats`` times (one count for all, or one
    per element) along ``axis`` (None: flattened); also ``x.repeat``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.repeat(x, [1, 3])), np.array([1.0, 2.0]))
    array([1., 3.])
    """
    return _b(_sh.repeat(a, repeats, axis))


@overload
def tile(A: _Flt[S], reps: int | Sequence[int]) -> BVar[S, NDArray[np.float64]]: ...
@overload
def tile(A: _Arr[S, _F], reps: int | Sequence[int]) -> BVar[S, NDArray[_F]]: ...
def tile(A: Any, reps: int | Sequence[int]) -> Any:
    """``A`` repeated ``reps`` times along each axis; the gradient sums the copies.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.tile(x, (2, 2))), np.array([1.0, 2.0]))
    array([4., 4.])
    """
    return _b(_sh.tile(A, reps))


def pad(
    array: _Arr[S, _F],
    pad_width: int | Sequence[int] | Sequence[Sequence[int]],
    mode: Literal["constant", "edge", "reflect", "symmetric", "wrap"] = "constant",
    **kwargs: Any,
) -> BVar[S, NDArray[_F]]:
    """``array`` padded by ``pad_width`` on each side of each axis.

    ``"constant"`` pads with ``constant_values`` (default 0: constants, no
    gradient); ``"edge"``, ``"reflect"``, ``"symmetric"`` and ``"wrap"``
    copy elements of ``array``, whose gradients collect those of their
    copies. numpy's other modes raise a TypeError naming them.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.pad(x, 1, "edge")), np.array([1.0, 2.0]))
    array([2., 2.])
    """
    return _b(_sh.pad(array, pad_width, mode, **kwargs))


def array_split(
    ary: _Arr[S, _F], indices_or_sections: int | Sequence[int], axis: int = 0
) -> list[BVar[S, NDArray[_F]]]:
    """``split`` that allows unequal pieces (N pieces of nearly equal size).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> [p.shape for p in bnp.array_split(np.ones(3), 2)]
    [(2,), (1,)]
    """
    return [_b(p) for p in _array_split(ary, indices_or_sections, axis)]


def hsplit(ary: _Arr[S, _F], indices_or_sections: int | Sequence[int]) -> list[BVar[S, NDArray[_F]]]:
    """``split`` along axis 1 (axis 0 for a 1-D array); each piece is a view.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.hsplit(x, 2)[1]), np.ones((1, 4)))
    array([[0., 0., 1., 1.]])
    """
    return [_b(p) for p in _hsplit(ary, indices_or_sections)]


def vsplit(ary: _Arr[S, _F], indices_or_sections: int | Sequence[int]) -> list[BVar[S, NDArray[_F]]]:
    """``split`` along axis 0, for arrays of at least two axes.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.vsplit(x, 2)[0]), np.ones((2, 1)))
    array([[1.],
           [0.]])
    """
    return [_b(p) for p in _vsplit(ary, indices_or_sections)]


def dsplit(ary: _Arr[S, _F], indices_or_sections: int | Sequence[int]) -> list[BVar[S, NDArray[_F]]]:
    """``split`` along axis 2, for arrays of at least three axes.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> [p.shape for p in bnp.dsplit(np.ones((1, 1, 4)), [1])]
    [(1, 1, 1), (1, 1, 3)]
    """
    return [_b(p) for p in _dsplit(ary, indices_or_sections)]


def tril(m: _Arr[S, _F], k: int = 0) -> BVar[S, NDArray[_F]]:
    """The lower triangle of (each matrix of) ``m``: zeros above the ``k``-th diagonal.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.tril(x)), np.ones((2, 2)))
    array([[1., 0.],
           [1., 1.]])
    """
    return _b(_sh.tril(m, k))


def triu(m: _Arr[S, _F], k: int = 0) -> BVar[S, NDArray[_F]]:
    """The upper triangle of (each matrix of) ``m``: zeros below the ``k``-th diagonal.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.triu(x, 1)), np.ones((2, 2)))
    array([[0., 1.],
           [0., 0.]])
    """
    return _b(_sh.triu(m, k))


def diagonal(a: _Arr[S, _F], offset: int = 0, axis1: int = 0, axis2: int = 1) -> BVar[S, NDArray[_F]]:
    """The ``offset`` diagonal of the ``(axis1, axis2)`` planes, as the last axis.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.diagonal(x, 1)), np.ones((2, 3)))
    array([[0., 1., 0.],
           [0., 0., 1.]])
    """
    return _b(_sh.diagonal(a, offset, axis1, axis2))


# integer indices, and a condition picking elements: plain values only
_Index: TypeAlias = "int | np.integer[Any]"
_Indices: TypeAlias = "NDArray[np.integer[Any]] | Sequence[int] | Sequence[Sequence[int]]"
_Mode: TypeAlias = 'Literal["raise", "wrap", "clip"]'
_Condition: TypeAlias = "NDArray[np.bool_] | NDArray[np.integer[Any]] | Sequence[bool] | Sequence[int]"


@overload
def take(a: _Arr[S, _F], indices: _Indices, axis: int | None = None, mode: _Mode = "raise") -> BVar[S, NDArray[_F]]: ...
@overload
def take(a: _Arr[S, _F], indices: _Index, axis: int | None = None, mode: _Mode = "raise") -> BVar[S, Any]: ...
def take(a: Any, indices: Any, axis: int | None = None, mode: _Mode = "raise") -> Any:
    """The elements of ``a`` at ``indices`` along ``axis`` (None: of the
    flattened ``a``), as numpy's ``take``: indices of any shape replace that
    axis, negative ones count from the end, ``mode`` "wrap" or "clip" bring
    out-of-range ones back (numpy's IndexError otherwise), and one integer
    index gives numpy's scalar (axis None) or one axis less, typed
    ``BVar[S, Any]`` as ``x[i]`` is. The gradient adds the
    output's gradient into zeros at the indices (repeated ones add up); it
    is a gather, differentiable any number of times. Also ``x.take``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.take(x, [2, 0, 2])), np.array([1.0, 2.0, 3.0]))
    array([1., 0., 2.])
    """
    return _b(_sh.take(a, indices, axis, mode))


def compress(condition: _Condition, a: _Arr[S, _F], axis: int | None = None) -> BVar[S, NDArray[_F]]:
    """The slices of ``a`` along ``axis`` (None: the flattened elements)
    where the 1-D ``condition`` is true, as numpy's ``compress``: a shorter
    condition leaves out the rest, a longer one raises numpy's IndexError if
    it picks past the end. It is ``take`` of the true positions (the same
    gradient). Also ``x.compress``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.compress([True, False], x, axis=1)), np.ones((2, 3)))
    array([[1., 0., 0.],
           [1., 0., 0.]])
    """
    return _b(_sh.compress(condition, a, axis))


def kron(a: _Arr[S, _F], b: _Arr[S, _F]) -> BVar[S, NDArray[_F]]:
    """The Kronecker product: ``b`` scaled by each element of ``a``, in blocks.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp2(lambda a, b: bnp.sum(bnp.kron(a, b)), np.array([1.0, 2.0]), np.array([3.0]))
    (array([3., 3.]), array([3.]))
    """
    return _b(_sh.kron(a, b))


def cross(
    a: _Arr[S, _F],
    b: _Arr[S, _F],
    axisa: int = -1,
    axisb: int = -1,
    axisc: int = -1,
    axis: int | None = None,
) -> BVar[S, NDArray[_F]]:
    """The cross product of (stacks of) 3-vectors along the given axes; a
    2-vector has a zero third component, and two 2-vectors give the z
    component only. Written with products of components, so every
    derivative of it is exact.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(lambda a: bnp.cross(a, np.array([0.0, 1.0, 0.0])), np.array([1.0, 0.0, 0.0]))
    array([0., 0., 1.])
    """
    return _b(_sh.cross(a, b, axisa, axisb, axisc, axis))


def select(
    condlist: Sequence[npt.ArrayLike], choicelist: Sequence[_Any[S]], default: _Any[S] = 0
) -> BVar[S, Any]:
    """Element by element, the choice of the first condition that holds, else
    ``default`` (which may be a BVar too); the conditions get no gradient.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> x = np.array([-1.0, 0.5, 3.0])
    >>> bp.grad_bp(lambda v: bnp.sum(bnp.select([v.value < 0, v.value < 1], [-v, v * v], v)), x)
    array([-1.,  1.,  1.])
    """
    return _b(_sh.select(condlist, choicelist, default))


# An item of r_ and c_: a BVar, an array, a number, a list, or a slice (a range).
_Item: TypeAlias = "BVar[S, Any] | NDArray[Any] | complex | Sequence[Any] | slice"
_Plain: TypeAlias = "NDArray[Any] | complex | Sequence[Any] | slice"


class IndexJoin:
    """``bnp.r_`` and ``bnp.c_``: numpy's ``np.r_`` and ``np.c_`` for BVars.

    numpy makes every item of ``np.r_[...]`` an array with ``np.array``, so
    it can never reach a BVar; these objects join the items the same way
    with a gradient for each BVar. ``r_[...]`` makes each item at least 1-D
    and concatenates along axis 0; a slice ``a:b:c`` is ``np.arange(a, b,
    c)``, or ``np.linspace(a, b, int(abs(c)))`` for a complex step ``c``
    (a constant). ``c_[...]`` makes 1-D items columns and joins along the
    last axis. Numbers do not widen the dtype of the arrays (numpy's rule).

    A leading string directive is supported as numpy reads it: ``"1"``
    (the axis), ``"0,2"`` (the axis and the least number of axes) and
    ``"0,2,0"`` (and where a shorter item's axes go). ``"r"`` and ``"c"``,
    which make an ``np.matrix``, raise a TypeError that names the 2-D
    directive to write instead.

    With no BVar among the items the result is a constant (a BVar without
    gradient, as every function here returns for plain arguments; read
    ``.value`` for numpy's array).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda x: bnp.sum(bnp.r_[x, 0.0, 1:3] * 2.0), np.array([1.0, 2.0]))
    (12.0, array([2., 2.]))
    >>> bp.eval_bp(lambda x: bnp.c_[x, 2.0 * x], np.array([1.0, 2.0]))
    array([[1., 2.],
           [2., 4.]])
    """

    __slots__ = ("_axis", "_name", "_ndmin", "_trans1d")

    def __init__(self, name: str, axis: int, ndmin: int, trans1d: int) -> None:
        self._name, self._axis, self._ndmin, self._trans1d = name, axis, ndmin, trans1d

    @overload
    def __getitem__(self, key: BVar[S, NDArray[_F]]) -> BVar[S, NDArray[_F]]: ...
    @overload
    def __getitem__(
        self, key: NDArray[Any] | complex | list[Any] | slice | tuple[_Plain, ...]
    ) -> BVar[Any, NDArray[Any]]: ...
    @overload
    def __getitem__(self, key: BVar[S, Any] | tuple[_Item[S], ...]) -> BVar[S, Any]: ...
    def __getitem__(self, key: Any) -> Any:
        return _b(_sh.index_join(self._name, key, self._axis, self._ndmin, self._trans1d))

    def __repr__(self) -> str:
        return f"backprop.numpy.{self._name}"


r_ = IndexJoin("r_", 0, 1, -1)
"""``bnp.r_[...]``: the items at least 1-D, joined along axis 0 (numpy's ``np.r_``, see ``IndexJoin``)."""
c_ = IndexJoin("c_", -1, 2, 0)
"""``bnp.c_[...]``: 1-D items as columns, joined along the last axis (numpy's ``np.c_``, see ``IndexJoin``)."""


# --- scans and sorting ------------------------------------------------------------------------


@overload
def cumsum(a: _Flt[S], axis: None = None) -> BVar[S, NDArray[np.float64]]: ...
@overload
def cumsum(a: _Arr[S, _F], axis: int | None = None) -> BVar[S, NDArray[_F]]: ...
def cumsum(a: Any, axis: int | None = None) -> Any:
    """The running sums along ``axis`` (None: flattened); the gradient is the
    running sum of the output gradient from the other end. Also ``x.cumsum``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.cumsum(x)), np.array([1.0, 2.0, 3.0]))
    array([3., 2., 1.])
    """
    return _b(_sc.cumsum(a, axis))


@overload
def cumprod(a: _Flt[S], axis: None = None) -> BVar[S, NDArray[np.float64]]: ...
@overload
def cumprod(a: _Arr[S, _F], axis: int | None = None) -> BVar[S, NDArray[_F]]: ...
def cumprod(a: Any, axis: int | None = None) -> Any:
    """The running products along ``axis``; the gradient is exact where
    elements are 0 (no division by them). Also ``x.cumprod``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.cumprod(x)), np.array([2.0, 0.0, 4.0]))
    array([ 1., 10.,  0.])
    """
    return _b(_sc.cumprod(a, axis))


def diff(
    a: _Arr[S, _F],
    n: int = 1,
    axis: int = -1,
    prepend: _Any[S] | None = None,
    append: _Any[S] | None = None,
) -> BVar[S, NDArray[_F]]:
    """The ``n``-th differences along ``axis``, after joining ``prepend`` and
    ``append`` (BVars too) to the two ends.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.diff(x) ** 2), np.array([0.0, 1.0, 3.0]))
    array([-2., -2.,  4.])
    """
    return _b(_sc.diff(a, n, axis, prepend, append))


@overload
def gradient(
    f: _Arr[S, _F], *varargs: float | npt.ArrayLike, axis: int, edge_order: Literal[1, 2] = 1
) -> BVar[S, NDArray[_F]]: ...
@overload
def gradient(
    f: _Arr[S, _F],
    *varargs: float | npt.ArrayLike,
    axis: tuple[int, ...] | None = None,
    edge_order: Literal[1, 2] = 1,
) -> Any: ...
def gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: Literal[1, 2] = 1) -> Any:
    """numpy's numerical gradient: central differences inside, one-sided
    ones (of order ``edge_order``) at the ends, with unit spacing, one
    spacing per axis, or coordinates. One array for one axis, else a tuple
    with one per axis. It is linear in ``f``, and exact to differentiate.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.gradient, np.array([1.0, 2.0, 4.0, 7.0]))
    array([1. , 1.5, 2.5, 3. ])
    """
    out = _sc.gradient(f, *varargs, axis=axis, edge_order=edge_order)
    return tuple(_b(o) for o in out) if type(out) is tuple else _b(out)


def sort(
    a: _Arr[S, _F],
    axis: int | None = -1,
    kind: str | None = None,
    order: None = None,
    *,
    stable: bool | None = None,
) -> BVar[S, NDArray[_F]]:
    """The elements sorted along ``axis`` (None: flattened).

    Sorting permutes the elements: each gets the gradient of the place it
    is sorted to. Equal elements are placed as a stable sort places them
    (in their order in ``a``), so of tied elements the first gets the
    gradient of the first of their places. ``kind`` does not change the
    result or the gradient.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sort(x)[0], np.array([3.0, 1.0, 2.0, 1.0]))
    array([0., 1., 0., 0.])
    """
    return _b(_sc.sort(a, axis, kind, order, stable=stable))


def partition(
    a: _Arr[S, _F], kth: int | Sequence[int], axis: int | None = -1, kind: str = "introselect", order: None = None
) -> BVar[S, NDArray[_F]]:
    """numpy's partition along ``axis``: the ``kth`` element where a sort
    puts it, the smaller ones before it and the larger after, in numpy's
    order. Each element gets the gradient of the place it goes to; equal
    elements take their places in their order in ``a``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.partition(x, 1)[1], np.array([3.0, 1.0, 2.0]))
    array([0., 0., 1.])
    """
    return _b(_sc.partition(a, kth, axis, kind, order))


# --- constructors ---------------------------------------------------------------------------


@overload
def array(
    object: Sequence[_Flt[S]] | _Flt[S], dtype: None = None, *, ndmin: int = 0
) -> BVar[S, NDArray[np.float64]]: ...
@overload
def array(
    object: Sequence[_Arr[S, _F]] | _Arr[S, _F], dtype: None = None, *, ndmin: int = 0
) -> BVar[S, NDArray[_F]]: ...
@overload
def array(object: Any, dtype: npt.DTypeLike | None = None, *, ndmin: int = 0) -> BVar[Any, Any]: ...
def array(object: Any, dtype: npt.DTypeLike | None = None, *, ndmin: int = 0) -> Any:
    """An array from (nested) lists or tuples that mix BVars and constants,
    with a gradient for each BVar (numpy never looks inside a list for one:
    ``np.array([x, y])`` of BVars fails, ``bnp.array([x, y])`` works).

    A BVar of a float gives a 0-d array; ``dtype`` casts to a float or
    complex dtype; ``ndmin`` adds leading axes. Plain values give a constant.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop2(lambda x, y: bnp.sum(bnp.array([[x, 1.0], [y, x * y]])), 2.0, 3.0)
    (12.0, (4.0, 3.0))
    """
    return _b(_sh.array(object, dtype, ndmin=ndmin))


asarray = array


@overload
def astype(x: BVar[S, Any] | npt.NDArray[Any], dtype: type[_SC] | np.dtype[_SC]) -> BVar[S, NDArray[_SC]]: ...
@overload
def astype(x: BVar[S, Any] | npt.NDArray[Any], dtype: npt.DTypeLike) -> BVar[S, Any]: ...
def astype(x: Any, dtype: Any) -> Any:
    """``x`` cast to a float or complex ``dtype`` (an integer dtype raises: it
    has no gradient); the gradient is cast back to ``x``'s dtype. Also ``x.astype``.

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.grad_bp(lambda x: bnp.sum(bnp.astype(x, np.float32)), np.ones(2))
    array([1., 1.])
    """
    return _b(_sh.astype(x, dtype))


def konst(fill_value: _Flt[S], shape: int | tuple[int, ...]) -> BVar[S, NDArray[np.float64]]:
    """An array of ``shape`` filled with ``fill_value`` (hmatrix's ``konst``);
    the gradient of ``fill_value`` is the sum of the array's.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda c: bnp.sum(bnp.konst(c, (2, 3))), 2.0)
    (12.0, 6.0)
    """
    return _b(_sh.konst(fill_value, shape))


def full(shape: int | tuple[int, ...], fill_value: _Flt[S]) -> BVar[S, NDArray[np.float64]]:
    """numpy's ``np.full(shape, fill_value)`` with a differentiable fill value
    (numpy's own cannot take a BVar: it copies the value into a new array);
    the gradient of ``fill_value`` is the sum of the array's.

    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda c: bnp.sum(bnp.full((2, 3), c) ** 2), 2.0)
    (24.0, 24.0)
    """
    return _b(_sh.full(shape, fill_value))


def full_like(a: BVar[S, _X] | _X, fill_value: _Flt[S]) -> BVar[S, _X]:
    """An array shaped like ``a`` filled with ``fill_value`` (differentiable;
    ``a`` only gives the shape and dtype and gets no gradient).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.backprop(lambda c: bnp.sum(bnp.full_like(np.zeros(3), c)), 2.0)
    (6.0, 3.0)
    """
    return _b(_sh.full_like(a, fill_value))


def zeros_like(a: BVar[S, _X] | _X) -> BVar[S, _X]:
    """A constant of zeros shaped like ``a`` (a float 0.0 for a float).

    >>> import numpy as np, backprop as bp, backprop.numpy as bnp
    >>> bp.eval_bp(bnp.zeros_like, np.ones(2))
    array([0., 0.])
    """
    return _b(_sh.zeros_like(a))

