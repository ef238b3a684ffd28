"""The ndarray methods of ``BVar``: ``x.sum(axis=0)``, ``x.reshape(2, 3)``,
``x.T``, ``x.astype(np.float32)``, ``x.real`` ... each one the table's
function of the same name, so a BVar of an array reads like an array (as
``autograd/numpy/numpy_boxes.py`` gives its boxes their methods). Their
types are declared on ``BVar`` in ``backprop._tape`` (``_method_types``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._tape import BVar
from . import elementwise as ew
from . import linalg as la
from . import reductions as red
from . import scans
from . import shape as sh
from .core import plain


def _reduction(fn: Any) -> Any:
    def method(self: BVar[Any, Any], axis: Any = None, *, keepdims: bool = False) -> Any:
        return fn(self, axis, keepdims)

    return method


def _moment(fn: Any) -> Any:
    def method(
        self: BVar[Any, Any], axis: Any = None, *, ddof: float = 0, keepdims: bool = False
    ) -> Any:
        return fn(self, axis, ddof, keepdims)

    return method


def _scan(fn: Any) -> Any:
    def method(self: BVar[Any, Any], axis: Any = None) -> Any:
        return fn(self, axis)

    return method


def _shape_of(args: tuple[Any, ...]) -> Any:
    """``(2, 3)`` from ``m.reshape(2, 3)`` or ``m.reshape((2, 3))``."""
    return args[0] if len(args) == 1 and not isinstance(args[0], (int, np.integer)) else args


def _reshape(self: BVar[Any, Any], *shape: Any, order: str = "C") -> Any:
    return sh.reshape(self, _shape_of(shape), order)


def _ravel(self: BVar[Any, Any], order: str = "C") -> Any:
    return sh.ravel(self, order)


def _squeeze(self: BVar[Any, Any], axis: Any = None) -> Any:
    return sh.squeeze(self, axis)


def _transpose(self: BVar[Any, Any], *axes: Any) -> Any:
    return sh.transpose(self, _shape_of(axes) if axes else None)


def _swapaxes(self: BVar[Any, Any], axis1: int, axis2: int) -> Any:
    return sh.swapaxes(self, axis1, axis2)


def _dot(self: BVar[Any, Any], b: Any) -> Any:
    return la.dot(self, b)


def _clip(self: BVar[Any, Any], min: Any = None, max: Any = None) -> Any:
    return ew.clip(self, min, max)


def _astype(self: BVar[Any, Any], dtype: Any) -> Any:
    return sh.astype(self, dtype)


def _conj(self: BVar[Any, Any]) -> Any:
    return ew.conjugate(self)


def _round(self: BVar[Any, Any], decimals: int = 0) -> Any:
    return ew.round(self, decimals)


def _repeat(self: BVar[Any, Any], repeats: Any, axis: Any = None) -> Any:
    return sh.repeat(self, repeats, axis)


def _diagonal(self: BVar[Any, Any], offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    return sh.diagonal(self, offset, axis1, axis2)


def _take(self: BVar[Any, Any], indices: Any, axis: Any = None, mode: str = "raise") -> Any:
    return sh.take(self, indices, axis, mode)


def _compress(self: BVar[Any, Any], condition: Any, axis: Any = None) -> Any:
    return sh.compress(condition, self, axis)


def _trace(self: BVar[Any, Any], offset: int = 0, axis1: int = 0, axis2: int = 1) -> Any:
    # the sum of the diagonal: differentiable any number of times
    return red.sum(sh.diagonal(self, offset, axis1, axis2), -1)


def _copy(self: BVar[Any, Any]) -> BVar[Any, Any]:
    return self  # a BVar's value is never written: a copy is the same value


def _of_value(fn: Any) -> Any:
    """A method whose result is not differentiable (indices, bools): numpy's
    function of the plain value."""

    def method(self: BVar[Any, Any], *args: Any, **kwargs: Any) -> Any:
        return fn(plain(self), *args, **kwargs)

    return method  # named below, as the other methods


_METHODS: dict[str, Any] = {
    "sum": _reduction(red.sum), "mean": _reduction(red.mean), "prod": _reduction(red.prod),
    "max": _reduction(red.max), "min": _reduction(red.min),
    "std": _moment(red.std), "var": _moment(red.var),
    "cumsum": _scan(scans.cumsum), "cumprod": _scan(scans.cumprod),
    "reshape": _reshape, "ravel": _ravel, "flatten": _ravel, "squeeze": _squeeze,
    "transpose": _transpose, "swapaxes": _swapaxes, "dot": _dot, "clip": _clip,
    "astype": _astype, "conj": _conj, "conjugate": _conj, "round": _round,
    "repeat": _repeat, "diagonal": _diagonal, "trace": _trace, "copy": _copy,
    "take": _take, "compress": _compress,
    "argmax": _of_value(np.argmax), "argmin": _of_value(np.argmin),
    "argsort": _of_value(np.argsort), "argpartition": _of_value(np.argpartition),
    "nonzero": _of_value(np.nonzero), "searchsorted": _of_value(np.searchsorted),
    "all": _of_value(np.all), "any": _of_value(np.any),
    "real": property(ew.real, doc="The real part, on the tape (numpy's ``.real``)."),
    "imag": property(ew.imag, doc="The imaginary part, on the tape (numpy's ``.imag``)."),
}  # fmt: skip

for _name, _method in _METHODS.items():
    if isinstance(_method, property):
        setattr(BVar, _name, _method)
        continue
    if _method.__name__ == "method":
        _method.__name__ = _name
        _method.__qualname__ = f"BVar.{_name}"
    setattr(BVar, _name, _method)
