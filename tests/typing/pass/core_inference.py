"""Precise inference through the runners, Ops, lifts and containers."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
import backprop.explicit as bpe
from backprop import BVar, S

Arr = NDArray[np.float64]


# --- runners of two and N inputs -------------------------------------------------------


def scale(x: BVar[S, float], w: BVar[S, list[float]]) -> BVar[S, float]:
    total: BVar[S, float] = bp.const_var(0.0)
    for y in bp.sequence_var(w):
        total = total + y * x
    return total


def three(x: BVar[S, float], n: BVar[S, int], w: BVar[S, Arr]) -> BVar[S, Arr]:
    return w * 2.0


def four(
    a: BVar[S, float], b: BVar[S, float], c: BVar[S, float], d: BVar[S, int]
) -> BVar[S, float]:
    return a * b + c


w = [1.0, 2.0]
arr = np.ones(2)
assert_type(bp.backprop2(scale, 2.0, w), tuple[float, tuple[float, list[float]]])
assert_type(bp.eval_bp2(scale, 2.0, w), float)
assert_type(bp.grad_bp2(scale, 2.0, w), tuple[float, list[float]])
y2, pull2 = bp.backprop_with2(scale, 2.0, w)
assert_type(y2, float)
assert_type(pull2, Callable[[float], tuple[float, list[float]]])

assert_type(bp.backprop_n(scale, (2.0, w)), tuple[float, tuple[float, list[float]]])
assert_type(bp.backprop_n(three, (2.0, 3, arr)), tuple[Arr, tuple[float, int, Arr]])
assert_type(bp.eval_bp_n(three, (2.0, 3, arr)), Arr)
assert_type(bp.eval_bp_n(four, (1.0, 2.0, 3.0, 4)), float)
assert_type(bp.grad_bp_n(four, (1.0, 2.0, 3.0, 4)), tuple[float, float, float, int])
yn, pulln = bp.backprop_with_n(three, (2.0, 3, arr))
assert_type(pulln(arr), tuple[float, int, Arr])
assert_type(bp.eval_bp0(lambda: bp.const_var(2.0) * 3.0), float)

# --- Ops -----------------------------------------------------------------------------------


def square(x: float) -> tuple[float, Callable[[float], float]]:
    return x * x, lambda d: 2 * d * x


def scale_arr(x: float, v: Arr) -> tuple[Arr, Callable[[Arr], tuple[float, Arr]]]:
    return x * v, lambda d: (float(np.sum(d * v)), d * x)


sq = bp.op1(square)
assert_type(sq, bp.Op[tuple[float], float])
sa = bp.op2(scale_arr)
assert_type(sa, bp.Op[tuple[float, Arr], Arr])
assert_type(bp.run_op(sq, (3.0,)), tuple[float, tuple[float]])
assert_type(bp.eval_op(sa, (2.0, arr)), Arr)
assert_type(bp.grad_op(sa, (2.0, arr)), tuple[float, Arr])
assert_type(bp.grad_op_with(sa, (2.0, arr), arr), tuple[float, Arr])
assert_type(bp.compose_op1(sq, sq), bp.Op[tuple[float], float])


def cube(x: BVar[S, float]) -> BVar[S, float]:
    return x * x * x


assert_type(bp.bp_op(cube), bp.Op[tuple[float], float])
assert bp.run_op(bp.bp_op(cube), (2.0,)) == (8.0, (12.0,))


# --- lifts and containers ----------------------------------------------------------------


def lifted(x: BVar[S, float], v: BVar[S, Arr]) -> BVar[S, Arr]:
    assert_type(bp.lift_op1(sq, x), BVar[S, float])
    out = bp.lift_op2(sa, x, v)
    assert_type(out, BVar[S, Arr])
    assert_type(bp.iso_var(lambda a: [a], lambda b: b[0], x), BVar[S, list[float]])
    return out


assert_type(bp.grad_bp2(lifted, 2.0, arr), tuple[float, Arr])


def containers(
    xs: BVar[S, list[float]],
    t: BVar[S, tuple[float, ...]],
    d: BVar[S, dict[str, float]],
    a: BVar[S, Arr],
) -> BVar[S, float]:
    parts = bp.sequence_var(xs)
    assert_type(parts, list[BVar[S, float]])
    assert_type(bp.sequence_var(t), tuple[BVar[S, float], ...])
    named = bp.sequence_var(d)
    assert_type(named, dict[str, BVar[S, float]])
    assert_type(bp.sequence_var(a), list[BVar[S, float]])
    assert_type(bp.collect_var(parts), BVar[S, list[float]])
    assert_type(bp.collect_var(named), BVar[S, dict[str, float]])
    assert_type(bp.collect_var(bp.sequence_var(t)), BVar[S, tuple[float, ...]])
    return parts[0] + named["k"]


grads = bp.grad_bp_n(containers, ([1.0], (2.0,), {"k": 3.0}, np.ones(1)))
assert_type(grads, tuple[list[float], tuple[float, ...], dict[str, float], Arr])
assert grads[0] == [1.0]

# --- explicit ---------------------------------------------------------------------------


def double(x: BVar[S, float]) -> BVar[S, float]:
    return x * 2.0


assert_type(bpe.backprop(bpe.zf_num(), bpe.of_num(), double, 1.0), tuple[float, float])
assert_type(bpe.grad_bp(bp.zero, bp.one, double, 1.0), float)
assert bpe.grad_bp(bp.zero, bp.one, double, 1.0) == 2.0
