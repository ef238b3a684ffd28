"""Runners infer precise types from generic model functions."""

from __future__ import annotations

from typing import NewType

from typing_extensions import assert_type

import backprop as bp
from backprop import BVar, S

Meters = NewType("Meters", float)


def square_plus(x: BVar[S, float]) -> BVar[S, float]:
    return x**2 + 3.0


def weighted(x: BVar[S, float], ys: BVar[S, list[float]]) -> BVar[S, float]:
    total: BVar[S, float] = bp.const_var(0.0)
    for y in bp.sequence_var(ys):
        total = total + y * y
    return total / x


def three(x: BVar[S, float], y: BVar[S, float], z: BVar[S, float]) -> BVar[S, float]:
    return x * y + z


def to_meters(x: BVar[S, float]) -> BVar[S, Meters]:
    return bp.coerce_var(x, Meters)


assert_type(bp.grad_bp(square_plus, 9.0), float)
assert_type(bp.backprop(square_plus, 9.0), tuple[float, float])
assert_type(bp.eval_bp(square_plus, 9.0), float)
assert_type(bp.grad_bp2(weighted, 9.0, [1.0, 6.0, 2.0]), tuple[float, list[float]])
assert_type(bp.grad_bp_n(three, (1.0, 2.0, 3.0)), tuple[float, float, float])
assert_type(bp.backprop(to_meters, 1.0), tuple[Meters, float])
y, pull = bp.backprop_with(square_plus, 2.0)
assert_type(pull(1.0), float)
assert bp.grad_bp(square_plus, 9.0) == 18.0
