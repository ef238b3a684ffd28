"""Everyday numpy-style model code: mixed kinds, numpy values and constants on
the left, comparisons, records, ints, Ops of every arity, runners of many
inputs, lenses and traversals. Every line type-checks under mypy and pyright
with the inferred type pinned."""

from __future__ import annotations

import fractions
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from lenses import lens
from numpy.typing import NDArray
from typing_extensions import Never, assert_type

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S

Vec = NDArray[np.float64]
Mat = NDArray[np.float64]
Mask = NDArray[np.bool_]


# --- mixed kinds: an array BVar with a float BVar, both orders ----------------------------


def mixed(x: BVar[S, float], w: BVar[S, Vec]) -> BVar[S, Vec]:
    assert_type(w + x, BVar[S, Vec])
    assert_type(x + w, BVar[S, Vec])
    assert_type(w - x, BVar[S, Vec])
    assert_type(x - w, BVar[S, Vec])
    assert_type(w * x, BVar[S, Vec])
    assert_type(x * w, BVar[S, Vec])
    assert_type(w / x, BVar[S, Vec])
    assert_type(x / w, BVar[S, Vec])
    assert_type(w**x, BVar[S, Vec])
    assert_type(x**w, BVar[S, Vec])
    assert_type(x * bnp.exp(w), BVar[S, Vec])
    return x * bnp.exp(w) + w


# --- numpy values and numbers on the left --------------------------------------------


def numpy_left(x: BVar[S, float], w: BVar[S, Vec], mat: Mat, data: Vec) -> BVar[S, float]:
    assert_type(mat @ w, BVar[S, Vec])
    assert_type(data * x, BVar[S, Vec])
    assert_type(data - w, BVar[S, Vec])
    assert_type(2.0 * x, BVar[S, float])
    assert_type(1 - x, BVar[S, float])
    # Numpy scalars: pyright infers BVar[S, float]; mypy does too on Python
    # 3.11+, but the project checks for 3.10, where numpy 2.4's stubs (for
    # 3.11+) make np.float64(...) Any (docs/type-checking.md)
    half: BVar[S, float] = np.float64(0.5) * x + x * np.float64(0.5)
    products: list[BVar[S, Vec]] = [mat @ w, data * x]
    return bnp.sum(products[0] + products[1]) + half


# --- constants ------------------------------------------------------------------------


def constants(x: BVar[S, float], v: BVar[S, Vec], mat: Mat) -> BVar[S, float]:
    assert_type(bp.const_var(2.0) * x, BVar[S, float])
    assert_type(bp.auto(1.0) + x, BVar[S, float])
    assert_type(bp.const_var(mat) @ v, BVar[S, Vec])
    offset = bp.const_var(0.5)
    assert_type(offset * x, BVar[S, float])
    assert_type(x - offset, BVar[S, float])
    two: BVar[S, float] = bp.const_var(2.0)
    assert_type(two * x, BVar[S, float])
    return bp.const_var(2.0) * x + offset


def constant_only() -> BVar[Never, float]:
    return bp.const_var(2.0) * 3.0


assert_type(bp.eval_bp0(constant_only), float)
assert bp.eval_bp0(constant_only) == 6.0


# --- comparisons ---------------------------------------------------------------------------


def comparisons(x: BVar[S, float], v: BVar[S, Vec]) -> BVar[S, Vec]:
    assert_type(x > 0.0, bool)
    assert_type(x > 0.0, bool)
    assert_type(x <= x, bool)
    assert_type(v > 0.0, Mask)
    assert_type(v >= x, Mask)
    assert_type(bnp.where(v > 0, v, 0.0), BVar[S, Vec])
    if x > 0.0:
        return v * x
    return bnp.where(v > 0, v, 0.0)


# --- ints, complex numbers, a user's number type, records ---------------------------------


def numbers(k: BVar[S, int], x: BVar[S, float], z: BVar[S, complex]) -> BVar[S, float]:
    assert_type(k / 2, BVar[S, float])
    assert_type(k + 1, BVar[S, int])
    assert_type(k * k, BVar[S, int])
    assert_type(k * x, BVar[S, float])
    assert_type(z * z + 1j, BVar[S, complex])
    assert_type(x * (1 + 2j), BVar[S, complex])
    assert_type(2j * k, BVar[S, complex])
    assert_type(z - x, BVar[S, complex])
    assert_type(x / z, BVar[S, complex])
    assert_type(-k, BVar[S, int])
    assert_type(abs(x), BVar[S, float])
    return k / 2 + x


def complex_arrays(
    v: BVar[S, Vec], f: BVar[S, NDArray[np.float32]]
) -> BVar[S, NDArray[np.complexfloating[Any, Any]]]:
    # a real array with a complex number is an array of complexfloating
    z = 1j * v
    assert_type(z, BVar[S, NDArray[np.complexfloating[Any, Any]]])
    assert_type(f * (1 + 2j), BVar[S, NDArray[np.complexfloating[Any, Any]]])
    assert_type(bnp.fft(v) * 2j, BVar[S, NDArray[np.complexfloating[Any, Any]]])
    return z - f * (1 + 2j)


assert bp.eval_bp2(complex_arrays, np.ones(2), np.ones(2, dtype=np.float32)).dtype == np.complex128


def fractions_(q: BVar[S, fractions.Fraction]) -> BVar[S, fractions.Fraction]:
    assert_type(q * q - q, BVar[S, fractions.Fraction])
    return q * q


@dataclass
class Line(bp.Arithmetic):
    slope: float
    offset: float


def records(net: BVar[S, Line], x: BVar[S, float]) -> BVar[S, Line]:
    assert_type(net + net, BVar[S, Line])
    assert_type(net - net, BVar[S, Line])
    assert_type(0.5 * net, BVar[S, Line])
    assert_type(net * x, BVar[S, Line])
    assert_type(x * net, BVar[S, Line])
    assert_type(net / 2.0, BVar[S, Line])
    assert_type(-net, BVar[S, Line])
    return net - 0.1 * net


# --- containers: tuples of a fixed length, records ---------------------------------------


def containers(
    params: BVar[S, tuple[float, float]], t3: BVar[S, tuple[float, float, int]], v: BVar[S, Vec]
) -> BVar[S, float]:
    scale, offset = bp.split_bv(params)
    assert_type(scale, BVar[S, float])
    assert_type(offset, BVar[S, float])
    a, b, c = bp.sequence_var(t3)
    assert_type(a, BVar[S, float])
    assert_type(c, BVar[S, int])
    assert_type(bp.join_bv(scale, v), BVar[S, tuple[float, Vec]])
    return a * b + c * scale * offset


def reductions(m: BVar[S, Mat], flag: bool) -> None:
    assert_type(bnp.sum(m, keepdims=flag), BVar[S, Mat] | BVar[S, float])
    assert_type(bnp.mean(m, keepdims=flag), BVar[S, Mat] | BVar[S, float])


# --- Ops: numeric Ops on floats, lift_op of every arity ---------------------------------


def dot(x: Vec, y: Vec) -> tuple[float, Callable[[float], tuple[Vec, Vec]]]:
    return float(x @ y), lambda d: (d * y, d * x)


def square(x: float) -> tuple[float, Callable[[float], float]]:
    return x * x, lambda d: 2 * d * x


dot_op = bp.op2(dot)
sq = bp.op1(square)


def add_all(xs: tuple[float, ...]) -> tuple[float, Callable[[float], list[float]]]:
    return sum(xs), lambda d: [d] * len(xs)


total = bp.op_n(add_all)
assert_type(bp.mul_op, bp.Op[tuple[float, float], float])
assert_type(bp.exp_op, bp.Op[tuple[float], float])


def lifted(x: BVar[S, float], v: BVar[S, Vec]) -> BVar[S, float]:
    assert_type(bp.lift_op(sq, x), BVar[S, float])
    assert_type(bp.lift_op(dot_op, v, v), BVar[S, float])
    assert_type(bp.lift_op(total, x, x, x, x, x), BVar[S, float])
    assert_type(bp.lift_op(bp.op0(1.0)) * x, BVar[S, float])
    assert_type(bp.lift_op2(bp.mul_op, x, x), BVar[S, float])
    assert_type(bp.lift_op1(bp.exp_op, x), BVar[S, float])
    return bp.lift_op(dot_op, v, v) * x


# --- runners of five to eight inputs ------------------------------------------------------


def five(
    a: BVar[S, float], b: BVar[S, float], c: BVar[S, Vec], d: BVar[S, float], e: BVar[S, int]
) -> BVar[S, float]:
    return a * b + bnp.sum(c) * d


def eight(
    a: BVar[S, float],
    b: BVar[S, float],
    c: BVar[S, float],
    d: BVar[S, float],
    e: BVar[S, float],
    f: BVar[S, float],
    g: BVar[S, float],
    h: BVar[S, float],
) -> BVar[S, float]:
    return a * b * c * d * e * f * g * h


vec = np.ones(2)
assert_type(bp.grad_bp_n(five, (1.0, 2.0, vec, 3.0, 4)), tuple[float, float, Vec, float, int])
assert_type(bp.eval_bp_n(five, (1.0, 2.0, vec, 3.0, 4)), float)
assert_type(bp.backprop_n(eight, (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0))[0], float)
assert bp.grad_bp_n(eight, (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0))[0] == 2.0


# --- lenses and traversals ---------------------------------------------------------------


@dataclass(frozen=True)
class Net:
    weight: Mat
    biases: list[float]


weight: bp.Lens[Net, Mat] = lens.weight
biases: bp.Lens[Net, list[float]] = lens.biases
each_bias: bp.Traversal[Net, float] = lens.biases.Each()
bp.check_lenses(globals())


def optics(n: BVar[S, Net], v: BVar[S, Vec]) -> BVar[S, Vec]:
    assert_type(n.view(weight), BVar[S, Mat])
    assert_type(n.to_list_of(each_bias), list[BVar[S, float]])
    assert_type(bp.to_list_of_var(biases, n), list[BVar[S, list[float]]])
    assert_type(n.preview(each_bias), BVar[S, float] | None)
    return n.view(weight) @ v + n.to_list_of(each_bias)[0]


net = Net(np.eye(2), [1.0, 2.0])
assert_type(bp.grad_bp2(optics, net, vec), tuple[Net, Vec])
assert bp.grad_bp2(optics, net, vec)[0].biases == [2.0, 0.0]
