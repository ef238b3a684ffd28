"""The operators of ``BVar`` (Haskell's Num and Fractional instances).

Scalar code spends its time here, so each binary operator is ``apply``
specialised by hand: the vjp tuples are built once, the BVar is made without
``__init__``, and a float result records its two partial derivatives in a
flat node instead of a vjp to call. Anything unusual (BVars of two calls, an
operand that is not a number or an array) takes the general path.

Arithmetic on a BVar of a list, tuple, dict or record is refused (``+``
would concatenate, ``*`` repeat, silently); a record that is a
``backprop.Arithmetic`` gets its own operators, lifted.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

from .._registry import kind_of
from .._tape import FP_ERRORS, BVar, const, forward_fp
from .._tree import Arithmetic, dot
from . import elementwise as ew
from .core import Rule, apply, foreign, plain
from .linalg import MATMUL

# The value types operators take without a second look; others are checked
# once (a user's number type is added, a container is refused).
_NUMERIC: set[type] = {
    float, int, complex, bool, np.ndarray, np.bool_, BVar,
    np.float64, np.float32, np.float16, np.complex128, np.complex64,
    np.int64, np.int32, np.int16, np.int8, np.uint8, np.uint16, np.uint32, np.uint64,
}  # fmt: skip


def _is_record(v: Any) -> bool:
    return isinstance(plain(v), Arithmetic)


# The rules of a BVar of an Arithmetic record: + and - of two records, * and
# / of a record by a number (the number's gradient pairs g with the record).
_RECORD = {
    "add": Rule("add", operator.add, (lambda g, p: g, lambda g, p: g)),
    "sub": Rule("sub", operator.sub, (lambda g, p: g, lambda g, p: -g)),
    "mul": Rule(
        "mul",
        operator.mul,
        (
            lambda g, p: g * p[1] if _is_record(p[0]) else dot(g, p[1]),
            lambda g, p: g * p[0] if _is_record(p[1]) else dot(g, p[0]),
        ),
    ),
    "div": Rule(
        "div", operator.truediv, (lambda g, p: g / p[1], lambda g, p: -dot(g, p[2]) / p[1])
    ),
}


def _refuse(op: str, v: Any) -> TypeError:
    t = type(v)
    return TypeError(
        f"{op}: a BVar of a {t.__qualname__} has no arithmetic ({op} on a "
        f"{t.__qualname__} would not be the elementwise operation a gradient "
        f"needs). Split it with backprop.sequence_var or P.map, use "
        f"backprop.numpy on arrays, or make a record a backprop.Arithmetic."
    )


def _operand(op: str, v: Any) -> bool:
    """Check an operand's type: True for an Arithmetic record, False for a number."""
    t = type(v)
    if t in _NUMERIC:
        return False
    if issubclass(t, Arithmetic):
        return True
    e = foreign(op, v)
    if e is not None:
        raise e
    if kind_of(t) is not None or issubclass(t, (str, bytes)):
        raise _refuse(op, v)
    _NUMERIC.add(t)  # a number type of the user's (a Fraction, say)
    return False


def _general(name: str, rule: Rule, x: Any, y: Any) -> Any:
    """Any binary operation the fast path does not take."""
    xv, yv = plain(x), plain(y)
    if _operand(name, xv) | _operand(name, yv):
        rule = _RECORD.get(name) or _no_record(name)
    return apply(rule, (x, y))


def _no_record(name: str) -> Rule:
    raise TypeError(
        f"{name}: a backprop.Arithmetic record has +, -, and * and / by a number only"
    )


_MUL, _ADD, _SUB, _DIV = 1, 2, 3, 4


def _binary_method(
    name: str, rule: Rule, kind: int
) -> tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]:
    """The forward and reflected operator methods of one binary rule."""
    fwd = rule.fwd
    vjp_x, vjp_y = rule.vjps[0], rule.vjps[1]  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    both = (vjp_x, vjp_y)
    only_x = (vjp_x,)
    only_y = (vjp_y,)
    new = object.__new__
    numeric = _NUMERIC

    def method(self: BVar[Any, Any], other: Any) -> Any:
        xv = self._value
        tape = self._tape
        xi = self._idx
        if type(other) is BVar:
            yt = other._tape
            if yt is not tape and yt is not None:
                if tape is not None:
                    return _general(name, rule, self, other)
                tape = yt
            yv = other._value
            yi = other._idx if yt is not None else -1
        else:
            yv = other
            yi = -1
        tx = type(xv)
        if not (tx is float and type(yv) is float) and (
            tx not in numeric or type(yv) not in numeric
        ):
            return _general(name, rule, self, other)
        try:
            out = fwd(xv, yv)
        except FP_ERRORS:
            out = forward_fp(fwd, xv, yv)
        if tape is None:
            return const(out)
        if not tape.live:
            return apply(rule, (self, other))  # names the escape
        if kind and type(out) is float:
            if kind == _MUL:
                px = yv
                py = xv
            elif kind == _ADD:
                px = py = 1.0
            elif kind == _SUB:
                px = 1.0
                py = -1.0
            else:
                px = 1.0 / yv
                py = -out / yv
            if yi < 0:
                node: tuple[Any, ...] = (xi, px)
            elif xi < 0:
                node = (yi, py)
            else:
                node = (xi, yi, px, py)
        elif yi < 0:
            node = ((xi,), only_x, (xv, yv, out))
        elif xi < 0:
            node = ((yi,), only_y, (xv, yv, out))
        else:
            node = ((xi, yi), both, (xv, yv, out))
        nodes = tape.nodes
        nodes.append(node)
        v = new(BVar)
        v._value = out
        v._tape = tape
        v._idx = len(nodes) - 1
        return v

    def reflected(self: BVar[Any, Any], other: Any) -> Any:
        yv = self._value
        tape = self._tape
        ty = type(yv)
        if type(other) is BVar or (
            not (ty is float and type(other) is float)
            and (ty not in numeric or type(other) not in numeric)
        ):
            return _general(name, rule, other, self)
        try:
            out = fwd(other, yv)
        except FP_ERRORS:
            out = forward_fp(fwd, other, yv)
        if tape is None:
            return const(out)
        if not tape.live:
            return apply(rule, (other, self))  # names the escape
        nodes = tape.nodes
        if kind and type(out) is float:
            if kind == _MUL:
                py = other
            elif kind == _ADD:
                py = 1.0
            elif kind == _SUB:
                py = -1.0
            else:
                py = -out / yv
            nodes.append((self._idx, py))
        else:
            nodes.append(((self._idx,), only_y, (other, yv, out)))
        v = new(BVar)
        v._value = out
        v._tape = tape
        v._idx = len(nodes) - 1
        return v

    method.__name__ = f"__{name}__"
    reflected.__name__ = f"__r{name}__"
    return method, reflected


def _unary_method(name: str, fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def method(self: BVar[Any, Any]) -> Any:
        if _operand(name, plain(self._value)) and name not in ("neg", "pos"):
            _no_record(name)
        return fn(self)

    method.__name__ = f"__{name}__"
    return method


for _dunder, _name, _kind in [
    ("add", "add", _ADD),
    ("sub", "sub", _SUB),
    ("mul", "mul", _MUL),
    ("truediv", "div", _DIV),
    ("pow", "pow", 0),
    ("matmul", "matmul", 0),
]:
    _rule = MATMUL if _name == "matmul" else ew.BINARY[_name]
    _method, _reflected = _binary_method(_name, _rule, _kind)
    setattr(BVar, f"__{_dunder}__", _method)
    setattr(BVar, f"__r{_dunder}__", _reflected)

BVar.__neg__ = _unary_method("neg", ew.neg)  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]
BVar.__abs__ = _unary_method("abs", ew.abs)  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]
BVar.__pos__ = _unary_method("pos", lambda x: x)  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]

# numpy's mod: x - floor(x / y) y, the sign of y (Python's % on floats)
_method, _reflected = _binary_method("mod", ew.BINARY["mod"], 0)
BVar.__mod__ = _method  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]
BVar.__rmod__ = _reflected  # type: ignore[method-assign]  # pyright: ignore[reportAttributeAccessIssue]

# floor division is piecewise constant: a constant, as numpy.floor_divide is
BVar.__floordiv__ = lambda self, other: ew.floor_divide(self, other)  # type: ignore[method-assign]
BVar.__rfloordiv__ = lambda self, other: ew.floor_divide(other, self)  # type: ignore[method-assign]
