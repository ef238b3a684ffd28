"""The explicit Prelude takes AddFunc/ZeroFunc arguments typed to their values."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
import backprop.explicit as bpe
import backprop_prelude.explicit as PE
from backprop import BVar, S

Vec = NDArray[np.float64]

add_f: bpe.AddFunc[float] = bpe.add_func()
zero_f: bpe.ZeroFunc[float] = bpe.zero_func()
add_list: bpe.AddFunc[list[float]] = bpe.add_func()
add_vec: bpe.AddFunc[Vec] = bpe.add_func()


def square(x: BVar[S, float]) -> BVar[S, float]:
    return x * x


def step(acc: BVar[S, float], x: BVar[S, float]) -> tuple[BVar[S, float], BVar[S, float]]:
    return acc + x, acc * x


def on_list(xs: BVar[S, list[float]]) -> BVar[S, float]:
    a, z = add_f, zero_f
    assert_type(PE.sum(add_list, xs), BVar[S, float])
    assert_type(PE.product(add_list, xs), BVar[S, float])
    assert_type(PE.minimum(add_list, z, xs), BVar[S, float])
    assert_type(PE.maximum(add_list, z, xs), BVar[S, float])
    assert_type(PE.length(add_list, bpe.zero_func(), xs), BVar[S, float])
    assert_type(PE.length(add_list, bpe.zero_func(), xs, int), BVar[S, int])
    assert_type(PE.map(a, a, z, z, square, xs), BVar[S, list[float]])
    assert_type(PE.map_const(a, z, PE.sum(add_list, xs), xs), BVar[S, list[float]])
    add_lists: bpe.AddFunc[list[float]] = bpe.add_func()
    assert_type(PE.traverse(a, a, add_lists, z, z, square, xs), BVar[S, list[float]] | None)
    assert_type(PE.to_list(a, z, xs), list[BVar[S, float]])
    zero: BVar[S, float] = bp.const_var(0.0)
    assert_type(PE.foldr(a, z, lambda e, acc: e + acc, zero, xs), BVar[S, float])
    assert_type(PE.foldl(a, z, lambda acc, e: acc + e, zero, xs), BVar[S, float])
    assert_type(
        PE.map_accum_l(a, a, z, z, step, zero, xs), tuple[BVar[S, float], BVar[S, list[float]]]
    )
    assert_type(
        PE.map_accum_r(a, a, z, z, step, zero, xs), tuple[BVar[S, float], BVar[S, list[float]]]
    )
    assert_type(PE.lift_a2(a, a, a, z, z, z, lambda p, q: p * q, xs, xs), BVar[S, list[float]])
    assert_type(
        PE.lift_a3(a, a, a, a, z, z, z, z, lambda p, q, r: p * q * r, xs, xs, xs),
        BVar[S, list[float]],
    )
    return PE.sum(add_list, PE.map(a, a, z, z, square, xs))


def on_array(xs: BVar[S, Vec]) -> BVar[S, float]:
    a, z = add_f, zero_f
    assert_type(PE.sum(add_vec, xs), BVar[S, float])
    assert_type(PE.map(a, a, z, z, square, xs), BVar[S, Vec])
    assert_type(PE.to_list(a, z, xs), list[BVar[S, float]])
    return PE.maximum(add_vec, z, xs)


def on_scalar(x: BVar[S, float], n: BVar[S, int]) -> BVar[S, float]:
    assert_type(PE.pure(add_f, zero_f, x), BVar[S, list[float]])
    assert_type(PE.pure(add_f, zero_f, x, tuple), BVar[S, tuple[float, ...]])
    assert_type(PE.round(add_f, x), BVar[S, int])
    add_int: bpe.AddFunc[int] = bpe.add_func()
    assert_type(PE.from_integral(add_int, n, float), BVar[S, float])
    assert_type(PE.real_to_frac(add_f, x, float), BVar[S, float])
    return x * PE.from_integral(add_int, n, float)


assert_type(bp.grad_bp(on_list, [1.0, 2.0]), list[float])
assert bp.grad_bp(on_list, [1.0, 2.0]) == [2.0, 4.0]
v: Vec = np.array([1.0, 3.0])
assert bp.grad_bp(on_array, v).tolist() == [0.0, 1.0]
assert bp.grad_bp2(on_scalar, 1.5, 2) == (2.0, 2)
