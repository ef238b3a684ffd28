"""More of what the rank-2 typing and the Op types reject, across every
runner family. Each marked line must stay an error."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar, S

Arr = NDArray[np.float64]


class OneScope:
    pass


# --- a function fixed to one scope, for every runner family ---------------------------


def fixed1(x: BVar[OneScope, float]) -> BVar[OneScope, float]:
    return x


def fixed2(x: BVar[OneScope, float], y: BVar[OneScope, float]) -> BVar[OneScope, float]:
    return x


bp.backprop_with(fixed1, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.eval_bp(fixed1, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.bp_op(fixed1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.backprop2(fixed2, 1.0, 2.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.backprop_with2(fixed2, 1.0, 2.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.backprop_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
bp.eval_bp_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
bp.grad_bp_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
bp.backprop_with_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]


# --- a closure that captures a BVar of an enclosing scope -------------------------------


def outer(x: BVar[S, float]) -> BVar[S, float]:
    def inner2(y: BVar[S, float], z: BVar[S, float]) -> BVar[S, float]:
        return y * x

    bp.grad_bp2(inner2, 1.0, 2.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    def returns_captured(y: BVar[S, float]) -> BVar[S, float]:
        return x

    bp.backprop_with(returns_captured, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bp.eval_bp(returns_captured, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    return x


# --- arithmetic and lifts across two scopes ----------------------------------------------


def two_scopes(a: BVar[OneScope, float], b: BVar[int, float]) -> None:
    a * b  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    a - b  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    a / b  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
    bp.lift_op2(bp.mul_op, a, b)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    bp.iso_var2(lambda u, v: u, lambda w: (w, w), a, b)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    bp.collect_var([a, b])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]


# --- a result that is not a BVar ---------------------------------------------------------


def plain2(x: BVar[S, float], y: BVar[S, float]) -> float:
    return 1.0


bp.backprop2(plain2, 1.0, 2.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.eval_bp(lambda x: 3.0, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
bp.eval_bp0(lambda: 3.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- Ops applied to the wrong argument types --------------------------------------------


def square(x: float) -> tuple[float, Callable[[float], float]]:
    return x * x, lambda d: 2 * d * x


def scale_arr(x: float, v: Arr) -> tuple[Arr, Callable[[Arr], tuple[float, Arr]]]:
    return x * v, lambda d: (float(np.sum(d * v)), d * x)


def wrong_args(s: BVar[S, str], f: BVar[S, float]) -> BVar[S, float]:
    bp.lift_op1(bp.op1(square), s)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    bp.lift_op2(bp.op2(scale_arr), f, f)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    return f


def wrong_result(f: BVar[S, float]) -> BVar[S, str]:
    return bp.lift_op1(bp.op1(square), f)  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]


bp.grad_op(bp.op1(square), (1.0, 2.0))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
bp.run_op(bp.op2(scale_arr), (1.0, 2.0))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]


# --- inputs, outputs and containers of the wrong kind -------------------------------------


def three(x: BVar[S, float], y: BVar[S, float], z: BVar[S, float]) -> BVar[S, float]:
    return x


def ident(x: BVar[S, float]) -> BVar[S, float]:
    return x


bp.backprop_n(three, (1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
two_grads: tuple[float, float] = bp.grad_bp_n(three, (1.0, 2.0, 3.0))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
as_text: str = bp.grad_bp(ident, 1.0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]


def not_a_container(x: BVar[S, float]) -> BVar[S, float]:
    bp.sequence_var(x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    plain: float = x  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    return x
