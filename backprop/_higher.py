"""Higher-order derivatives: Hessian-vector products, Hessians and Jacobians.

All three are nested runners (a runner inside a runner differentiates the
inner gradient again, see ``_tape``): reverse over reverse, no new machinery.
"""

from __future__ import annotations

from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import NDArray

from ._runners import Differentiable, backprop_with, grad_bp
from ._tape import BVar
from ._typevars import A

_F = TypeVar("_F", bound=np.inexact[Any])


def hvp(f: Differentiable[A, float], x: A, v: A) -> A:
    """The Hessian of the scalar function ``f`` at ``x`` times the direction ``v``.

    Reverse over reverse: the gradient of ``f`` is computed on a tape of its
    own, and pulled back once with ``v`` as the output gradient (one forward
    pass, which runs the inner backward pass, and one backward pass); ``x``
    and ``v`` may be any Backprop value of one structure, and the result has
    their type.

    >>> import numpy as np
    >>> import backprop as bp, backprop.numpy as bnp
    >>> f = lambda x: bnp.sum(x ** 3)  # Hessian diag(6 x)
    >>> bp.hvp(f, np.array([1.0, 2.0]), np.array([1.0, 1.0]))
    array([ 6., 12.])
    """
    if type(v) is BVar:
        raise TypeError("hvp: the direction v must be a plain value, not a BVar")
    inner: Any = f  # applied to a BVar of the outer call: a nested runner
    _, pull = backprop_with(lambda xb: grad_bp(inner, xb), x)
    try:
        result: A = pull(v)
    except ValueError as e:
        raise ValueError(f"hvp: the direction v does not fit x: {e}") from None
    return result


def _basis(shape: tuple[int, ...], dtype: Any) -> list[NDArray[Any]]:
    out = []
    for i in range(int(np.prod(shape))):
        e = np.zeros(shape, dtype)
        e.flat[i] = 1
        out.append(e)
    return out


@overload
def hessian(f: Differentiable[float, float], x: float) -> float: ...
@overload
def hessian(f: Differentiable[NDArray[_F], float], x: NDArray[_F]) -> NDArray[_F]: ...
def hessian(f: Any, x: Any) -> Any:
    """The matrix of second derivatives of the scalar function ``f`` at ``x``.

    For a float ``x`` a float; for an array an array of shape
    ``x.shape + x.shape``. One forward pass (which runs the inner backward
    pass) and one outer backward pass per element of ``x``.

    >>> import numpy as np
    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.hessian(lambda x: x * x * x, 2.0)
    12.0
    >>> bp.hessian(lambda v: v[0] * v[0] * v[1], np.array([1.0, 3.0]))
    array([[6., 2.],
           [2., 0.]])
    """
    if type(x) is float:
        result: float = grad_bp(lambda xb: grad_bp(f, xb), x)
        return result
    if not isinstance(x, np.ndarray):
        raise TypeError(
            f"hessian: x must be a float or a numpy array, got {type(x).__name__} "
            f"(use hvp for other values)"
        )
    g, pull = backprop_with(lambda xb: grad_bp(f, xb), x)
    rows = [pull(e) for e in _basis(x.shape, np.asarray(g).dtype)]
    return np.reshape(np.stack(rows), x.shape + x.shape) if rows else np.zeros(x.shape * 2)


@overload
def jacobian(f: Differentiable[float, float], x: float) -> float: ...
@overload
def jacobian(f: Differentiable[NDArray[_F], NDArray[Any]], x: NDArray[_F]) -> NDArray[_F]: ...
@overload
def jacobian(f: Differentiable[NDArray[_F], float], x: NDArray[_F]) -> NDArray[_F]: ...
def jacobian(f: Any, x: Any) -> Any:
    """The matrix of first derivatives of an array function: shape
    ``f(x).shape + x.shape``.

    One forward pass and one pull-back per element of the result.

    >>> import numpy as np
    >>> import backprop as bp, backprop.numpy as bnp
    >>> bp.jacobian(lambda v: v * v, np.array([1.0, 2.0]))
    array([[2., 0.],
           [0., 4.]])
    """
    if type(x) is not float and not isinstance(x, np.ndarray):
        raise TypeError(f"jacobian: x must be a float or a numpy array, got {type(x).__name__}")
    y, pull = backprop_with(f, x)
    if type(y) is float:
        return pull(1.0)
    if not isinstance(y, np.ndarray):
        raise TypeError(f"jacobian: f must return a float or an array, got {type(y).__name__}")
    rows = [pull(e) for e in _basis(y.shape, y.dtype)]
    shape = y.shape + np.shape(x)
    if not rows:
        return np.zeros(shape)
    return np.reshape(np.stack([np.asarray(r) for r in rows]), shape)
