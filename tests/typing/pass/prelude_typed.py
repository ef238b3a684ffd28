"""The lifted Prelude keeps precise types per container kind."""

from __future__ import annotations

from typing import NewType

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
import backprop.numpy as bnp
import backprop_prelude as P
from backprop import BVar, S

Meters = NewType("Meters", float)
Vec = NDArray[np.float64]


def square(x: BVar[S, float]) -> BVar[S, float]:
    return x * x


def halve_positive(x: BVar[S, float]) -> BVar[S, float] | None:
    return x / 2.0 if x.value > 0 else None


def step(acc: BVar[S, float], x: BVar[S, float]) -> tuple[BVar[S, float], BVar[S, float]]:
    return acc + x, acc * x


def on_list(xs: BVar[S, list[float]]) -> BVar[S, float]:
    assert_type(P.sum(xs), BVar[S, float])
    assert_type(P.product(xs), BVar[S, float])
    assert_type(P.minimum(xs), BVar[S, float])
    assert_type(P.maximum(xs), BVar[S, float])
    assert_type(P.length(xs), BVar[S, float])
    assert_type(P.length(xs, int), BVar[S, int])
    assert_type(P.map(square, xs), BVar[S, list[float]])
    # pyright limitation: a NewType is `(...) -> Any` as a callable (https://github.com/microsoft/pyright/issues/10668)
    assert_type(P.map(lambda e: bp.coerce_var(e, Meters), xs), BVar[S, list[Meters]])  # pyright: ignore[reportAssertTypeFailure]
    assert_type(P.map_const(P.sum(xs), xs), BVar[S, list[float]])
    assert_type(P.traverse(halve_positive, xs), BVar[S, list[float]] | None)
    assert_type(P.to_list(xs), list[BVar[S, float]])
    zero: BVar[S, float] = bp.const_var(0.0)
    assert_type(P.foldr(lambda e, acc: e + acc, zero, xs), BVar[S, float])
    assert_type(P.foldl(lambda acc, e: acc * e, zero, xs), BVar[S, float])
    assert_type(P.map_accum_l(step, zero, xs), tuple[BVar[S, float], BVar[S, list[float]]])
    assert_type(P.map_accum_r(step, zero, xs), tuple[BVar[S, float], BVar[S, list[float]]])
    assert_type(P.lift_a2(lambda a, b: a * b, xs, xs), BVar[S, list[float]])
    assert_type(P.lift_a3(lambda a, b, c: a * b + c, xs, xs, xs), BVar[S, list[float]])
    return P.sum(P.map(square, xs))


def on_tuple(xs: BVar[S, tuple[float, ...]]) -> BVar[S, float]:
    assert_type(P.sum(xs), BVar[S, float])
    assert_type(P.map(square, xs), BVar[S, tuple[float, ...]])
    assert_type(P.map_const(P.sum(xs), xs), BVar[S, tuple[float, ...]])
    assert_type(P.traverse(halve_positive, xs), BVar[S, tuple[float, ...]] | None)
    assert_type(P.to_list(xs), list[BVar[S, float]])
    assert_type(
        P.map_accum_l(step, P.sum(xs), xs), tuple[BVar[S, float], BVar[S, tuple[float, ...]]]
    )
    assert_type(P.lift_a2(lambda a, b: a - b, xs, xs), BVar[S, tuple[float, ...]])
    return P.product(xs)


def on_dict(xs: BVar[S, dict[str, float]]) -> BVar[S, float]:
    assert_type(P.sum(xs), BVar[S, float])
    assert_type(P.map(square, xs), BVar[S, dict[str, float]])
    assert_type(P.map_const(P.sum(xs), xs), BVar[S, dict[str, float]])
    assert_type(P.traverse(halve_positive, xs), BVar[S, dict[str, float]] | None)
    assert_type(P.to_list(xs), list[BVar[S, float]])
    assert_type(
        P.map_accum_r(step, P.sum(xs), xs), tuple[BVar[S, float], BVar[S, dict[str, float]]]
    )
    return P.maximum(xs)


def on_array(xs: BVar[S, Vec]) -> BVar[S, float]:
    assert_type(P.sum(xs), BVar[S, float])
    assert_type(P.product(xs), BVar[S, float])
    assert_type(P.minimum(xs), BVar[S, float])
    assert_type(P.map(square, xs), BVar[S, Vec])
    assert_type(P.map_const(P.sum(xs), xs), BVar[S, Vec])
    assert_type(P.traverse(halve_positive, xs), BVar[S, Vec] | None)
    assert_type(P.to_list(xs), list[BVar[S, float]])
    assert_type(P.map_accum_l(step, P.sum(xs), xs), tuple[BVar[S, float], BVar[S, Vec]])
    assert_type(P.lift_a2(lambda a, b: a * b, xs, xs), BVar[S, Vec])
    return P.sum(P.map(square, xs))


def on_triple(t: BVar[S, tuple[float, float, float]]) -> BVar[S, float]:
    # fixed-length tuples keep their length through map, map_const and traverse
    assert_type(P.sum(t), BVar[S, float])
    assert_type(P.product(t), BVar[S, float])
    assert_type(P.minimum(t), BVar[S, float])
    assert_type(P.maximum(t), BVar[S, float])
    assert_type(P.length(t), BVar[S, float])
    assert_type(P.map(square, t), BVar[S, tuple[float, float, float]])
    # pyright limitation: a NewType is `(...) -> Any` as a callable (https://github.com/microsoft/pyright/issues/10668)
    assert_type(P.map(lambda e: bp.coerce_var(e, Meters), t), BVar[S, tuple[Meters, Meters, Meters]])  # pyright: ignore[reportAssertTypeFailure]
    assert_type(P.map_const(P.sum(t), t), BVar[S, tuple[float, float, float]])
    assert_type(P.traverse(halve_positive, t), BVar[S, tuple[float, float, float]] | None)
    assert_type(P.to_list(t), list[BVar[S, float]])
    assert_type(P.foldr(lambda e, acc: e + acc, P.sum(t), t), BVar[S, float])
    assert_type(P.foldl(lambda acc, e: acc * e, P.sum(t), t), BVar[S, float])
    assert_type(
        P.map_accum_l(step, P.sum(t), t), tuple[BVar[S, float], BVar[S, tuple[float, float, float]]]
    )
    assert_type(
        P.map_accum_r(step, P.sum(t), t), tuple[BVar[S, float], BVar[S, tuple[float, float, float]]]
    )
    return P.sum(P.map(square, t))


def on_pair_and_five(
    p: BVar[S, tuple[float, float]], f: BVar[S, tuple[int, int, int, int, int]]
) -> BVar[S, float]:
    assert_type(P.map(square, p), BVar[S, tuple[float, float]])
    assert_type(P.sum(f), BVar[S, int])
    assert_type(P.map(lambda e: e * 2, f), BVar[S, tuple[int, int, int, int, int]])
    return P.product(p)


def rnn_step(h: BVar[S, Vec], x: BVar[S, Vec]) -> tuple[BVar[S, Vec], BVar[S, Vec]]:
    new = bnp.tanh(h + x)
    return new, new


def row_norm(r: BVar[S, Vec]) -> BVar[S, float]:
    return bnp.sum(r * r)


def add_row(acc: BVar[S, Vec], r: BVar[S, Vec]) -> BVar[S, Vec]:
    return acc + r


def on_matrix(m: BVar[S, Vec]) -> BVar[S, float]:
    # over a matrix, f takes its rows: a recurrence over the T rows of a T x I input
    h0: BVar[S, Vec] = bp.const_var(np.zeros(2))
    assert_type(P.map_accum_l(rnn_step, h0, m), tuple[BVar[S, Vec], BVar[S, Vec]])
    assert_type(P.map_accum_r(rnn_step, h0, m), tuple[BVar[S, Vec], BVar[S, Vec]])
    assert_type(P.map(row_norm, m), BVar[S, Vec])
    assert_type(P.traverse(row_norm, m), BVar[S, Vec] | None)
    assert_type(P.foldl(add_row, h0, m), BVar[S, Vec])
    assert_type(P.foldr(lambda r, acc: add_row(acc, r), h0, m), BVar[S, Vec])
    return bnp.sum(P.map_accum_l(rnn_step, h0, m)[1])


def on_float32(xs: BVar[S, NDArray[np.float32]]) -> BVar[S, NDArray[np.float32]]:
    return P.map(square, xs)


def on_scalar(x: BVar[S, float], n: BVar[S, int], y: BVar[S, np.float32]) -> BVar[S, float]:
    assert_type(P.pure(x), BVar[S, list[float]])
    assert_type(P.pure(x, tuple), BVar[S, tuple[float, ...]])
    assert_type(P.pure(x, np.ndarray), BVar[S, Vec])
    assert_type(P.round(x), BVar[S, int])
    assert_type(P.round(x, float), BVar[S, float])
    assert_type(P.from_integral(n, float), BVar[S, float])
    assert_type(P.real_to_frac(y, float), BVar[S, float])
    # pyright limitation: a NewType is `(...) -> Any` as a callable (https://github.com/microsoft/pyright/issues/10668)
    assert_type(P.coerce(x, Meters), BVar[S, Meters])  # pyright: ignore[reportAssertTypeFailure]
    return x * P.from_integral(n, float)


def home_page(x: BVar[S, float], xs: BVar[S, list[float]]) -> BVar[S, float]:
    return P.sum(P.map(lambda e: e**2, xs)) / x


assert_type(bp.grad_bp2(home_page, 9.0, [1.0, 6.0, 2.0]), tuple[float, list[float]])
assert_type(bp.grad_bp(on_list, [1.0, 2.0]), list[float])
assert_type(bp.grad_bp(on_tuple, (1.0, 2.0)), tuple[float, ...])
assert_type(bp.grad_bp(on_dict, {"a": 1.0}), dict[str, float])
v: Vec = np.array([1.0, 2.0])
assert_type(bp.grad_bp(on_array, v), Vec)
assert_type(bp.grad_bp(P.sum, [1.0, 2.0]), list[float])
# mypy limitation: an overloaded function given for a generic callback is matched by its first overload (https://github.com/python/mypy/issues/21560)
assert_type(bp.grad_bp(P.sum, (1.0, 2.0, 3.0)), tuple[float, float, float])  # type: ignore[misc, assert-type]
assert bp.grad_bp(on_list, [1.0, 2.0]) == [2.0, 4.0]
assert bp.eval_bp(on_float32, np.array([3.0], dtype=np.float32)).dtype == np.float32
assert bp.grad_bp(on_triple, (1.0, 2.0, 3.0)) == (2.0, 4.0, 6.0)
assert bp.grad_bp2(on_pair_and_five, (1.0, 2.0), (1, 2, 3, 4, 5)) == ((2.0, 1.0), (0, 0, 0, 0, 0))
assert bp.grad_bp(on_matrix, np.ones((3, 2))).shape == (3, 2)
assert bp.grad_bp_n(on_scalar, (1.5, 2, np.float32(0.5))) == (2.0, 2, np.float32(0.0))
