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


bp.backprop_with(fixed1, 1.0)  # type: ignore[arg-type]
bp.eval_bp(fixed1, 1.0)  # type: ignore[arg-type]
bp.bp_op(fixed1)  # type: ignore[arg-type]
bp.backprop2(fixed2, 1.0, 2.0)  # type: ignore[arg-type]
bp.backprop_with2(fixed2, 1.0, 2.0)  # type: ignore[arg-type]
bp.backprop_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]
bp.eval_bp_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]
bp.grad_bp_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]
bp.backprop_with_n(fixed2, (1.0, 2.0))  # type: ignore[arg-type]


# --- a closure that captures a BVar of an enclosing scope -------------------------------


def outer(x: BVar[S, float]) -> BVar[S, float]:
    def inner2(y: BVar[S, float], z: BVar[S, float]) -> BVar[S, float]:
        return y * x

    bp.grad_bp2(inner2, 1.0, 2.0)  # type: ignore[arg-type]

    def returns_captured(y: BVar[S, float]) -> BVar[S, float]:
        return x

    bp.backprop_with(returns_captured, 1.0)  # type: ignore[arg-type]
    bp.eval_bp(returns_captured, 1.0)  # type: ignore[arg-type]
    return x


# --- arithmetic and lifts across two scopes ----------------------------------------------


def two_scopes(a: BVar[OneScope, float], b: BVar[int, float]) -> None:
    a * b  # type: ignore[operator]
    a - b  # type: ignore[operator]
    a / b  # type: ignore[operator]
    bp.lift_op2(bp.mul_op, a, b)  # type: ignore[misc]
    bp.iso_var2(lambda u, v: u, lambda w: (w, w), a, b)  # type: ignore[misc]
    bp.collect_var([a, b])  # type: ignore[arg-type]


# --- a result that is not a BVar ---------------------------------------------------------


def plain2(x: BVar[S, float], y: BVar[S, float]) -> float:
    return 1.0


bp.backprop2(plain2, 1.0, 2.0)  # type: ignore[arg-type]
bp.eval_bp(lambda x: 3.0, 1.0)  # type: ignore[arg-type]
bp.eval_bp0(lambda: 3.0)  # type: ignore[arg-type]


# --- Ops applied to the wrong argument types --------------------------------------------


def square(x: float) -> tuple[float, Callable[[float], float]]:
    return x * x, lambda d: 2 * d * x


def scale_arr(x: float, v: Arr) -> tuple[Arr, Callable[[Arr], tuple[float, Arr]]]:
    return x * v, lambda d: (float(np.sum(d * v)), d * x)


def wrong_args(s: BVar[S, str], f: BVar[S, float]) -> BVar[S, float]:
    bp.lift_op1(bp.op1(square), s)  # type: ignore[misc]
    bp.lift_op2(bp.op2(scale_arr), f, f)  # type: ignore[misc]
    return f


def wrong_result(f: BVar[S, float]) -> BVar[S, str]:
    return bp.lift_op1(bp.op1(square), f)  # type: ignore[arg-type]


bp.grad_op(bp.op1(square), (1.0, 2.0))  # type: ignore[misc]
bp.run_op(bp.op2(scale_arr), (1.0, 2.0))  # type: ignore[misc]


# --- inputs, outputs and containers of the wrong kind -------------------------------------


def three(x: BVar[S, float], y: BVar[S, float], z: BVar[S, float]) -> BVar[S, float]:
    return x


def ident(x: BVar[S, float]) -> BVar[S, float]:
    return x


bp.backprop_n(three, (1.0, 2.0))  # type: ignore[arg-type]
two_grads: tuple[float, float] = bp.grad_bp_n(three, (1.0, 2.0, 3.0))  # type: ignore[assignment]
as_text: str = bp.grad_bp(ident, 1.0)  # type: ignore[assignment]


def not_a_container(x: BVar[S, float]) -> BVar[S, float]:
    bp.sequence_var(x)  # type: ignore[arg-type]
    plain: float = x  # type: ignore[assignment]
    return x
