"""Wrong numpy-style model code that both checkers reject. Each marked line
must stay an error."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S

Vec = NDArray[np.float64]
Mat = NDArray[np.float64]


@dataclass
class Plain:
    w: float


class OneScope:
    pass


# --- operators only where the value type has them ----------------------------------------


def no_arithmetic(
    xs: BVar[S, list[float]], t: BVar[S, tuple[float, float]], net: BVar[S, Plain]
) -> None:
    xs * 2.0  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]  # mypy accepts: https://github.com/python/mypy/issues/21646
    t * 0.5  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]  # mypy accepts: https://github.com/python/mypy/issues/21646
    net + 1.0  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    xs + xs  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]  # mypy accepts: https://github.com/python/mypy/issues/21646


def wrong_numbers(x: BVar[S, float], k: BVar[S, int]) -> None:
    x @ x  # type: ignore[misc, operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    x * "2"  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    half: BVar[S, int] = k / 2  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    flag: bool = bp.const_var(np.ones(2)) > 0.0  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


def complex_results(x: BVar[S, float], v: BVar[S, Vec]) -> None:
    # a real value times a complex number is complex
    r: BVar[S, float] = x * 1j  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    w: BVar[S, Vec] = 1j * v  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


# --- conversions that would drop the gradient -------------------------------------------


def conversions(x: BVar[S, float], k: BVar[S, int]) -> None:
    float(x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    math.exp(x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    int(k)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    range(k)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    np.exp(x)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


# --- numpy results of BVars are BVars, not arrays ------------------------------------------


def not_arrays(mat: Mat, v: BVar[S, Vec]) -> None:
    (mat * v).tolist()  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
    products: list[Vec] = []
    products.append(mat * v)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    plain: Vec = mat @ v  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


def reductions(m: BVar[S, Mat], flag: bool) -> None:
    total: BVar[S, float] = bnp.sum(m, keepdims=flag)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


# --- Ops and lifts ------------------------------------------------------------------


def dot(x: Vec, y: Vec) -> tuple[float, Callable[[float], tuple[Vec, Vec]]]:
    return float(x @ y), lambda d: (d * y, d * x)


def square(x: float) -> tuple[float, Callable[[float], float]]:
    return x * x, lambda d: 2 * d * x


dot_op = bp.op2(dot)
sq = bp.op1(square)


def lifts(x: BVar[S, float], v: BVar[S, Vec], s: BVar[S, str]) -> None:
    bp.lift_op(dot_op, v)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    bp.lift_op(sq, x, x)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    bp.lift_op2(bp.mul_op, x, s)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    bp.lift_op1(bp.exp_op, v)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]


# --- runners of many inputs: typed, so scopes and arity are checked --------------------------


def five_fixed(
    a: BVar[OneScope, float],
    b: BVar[OneScope, float],
    c: BVar[OneScope, float],
    d: BVar[OneScope, float],
    e: BVar[OneScope, float],
) -> BVar[OneScope, float]:
    return a


def nine(
    a: BVar[S, float],
    b: BVar[S, float],
    c: BVar[S, float],
    d: BVar[S, float],
    e: BVar[S, float],
    f: BVar[S, float],
    g: BVar[S, float],
    h: BVar[S, float],
    i: BVar[S, float],
) -> BVar[S, float]:
    return a


bp.grad_bp_n(five_fixed, (1.0, 2.0, 3.0, 4.0, 5.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
bp.grad_bp_n(nine, (1.0,) * 9)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]


# --- split_bv / join_bv take tuples and records, not lists or BVars --------------------------


def containers(xs: BVar[S, list[float]], x: BVar[S, float]) -> None:
    bp.split_bv(xs)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
    bp.join_bv([x])  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
    bp.join_bv(x)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]


# --- a view takes a lens, not a traversal ---------------------------------------------------


@dataclass(frozen=True)
class Net:
    biases: list[float]


each_bias: bp.Traversal[Net, float] = lens.biases.Each()


def views(n: BVar[S, Net]) -> None:
    n.view(each_bias)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bp.view_var(each_bias, n)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bp.set_var(each_bias, 1.0, n)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- a zero-input computation cannot close over an enclosing BVar -----------------------------


def outer(x: BVar[S, float]) -> BVar[S, float]:
    bp.eval_bp0(lambda: x * 2.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    return x
