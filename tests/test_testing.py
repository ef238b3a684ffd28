"""backprop.testing.check_grad: it accepts right gradients of every kind of
value, and rejects wrong ones with a message naming the worst component (its
field path and index) and both values."""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import numpy as np
import pytest
from lenses import lens

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop._rules.core import Rule, apply
from backprop.testing import check_grad


def cube(x: BVar[S, Any]) -> BVar[S, Any]:
    return x * x * x


def wrong_at(index: tuple[Any, ...], factor: float = 2.0) -> bp.Op[tuple[Any], Any]:
    """An Op for x * x whose gradient is wrong at one index only."""

    def run(x: Any) -> tuple[Any, Any]:
        def grad(d: Any) -> Any:
            g = 2.0 * d * x
            g[index] *= factor
            return g

        return x * x, grad

    return bp.op1(run)


@dataclasses.dataclass
class Layer:
    w: np.ndarray
    b: float
    units: int = 3


class Pair(NamedTuple):
    left: float
    right: np.ndarray


def test_right_gradients_pass_for_every_kind_of_value() -> None:
    check_grad(cube, 1.5)
    check_grad(cube, np.array(1.5))
    check_grad(cube, np.linspace(-1.0, 1.0, 5))
    check_grad(cube, np.linspace(-1.0, 1.0, 6, dtype=np.float32).reshape(2, 3))
    check_grad(lambda t: t[0] * t[1], (2.0, np.arange(3.0)))
    check_grad(lambda t: t[0] * t[1], [2.0, 3.0])
    check_grad(lambda d: d["a"] * d["b"], {"a": 2.0, "b": np.arange(2.0)})
    check_grad(lambda p: p[1] * p[0], Pair(2.0, np.ones(2)))


def test_records_with_a_non_float_field() -> None:
    def f(layer: BVar[S, Layer]) -> BVar[S, Any]:
        w = layer.view(lens.w)
        return bnp.sum(w * w) * layer.view(lens.b)

    check_grad(f, Layer(np.arange(3.0), 0.5))


def test_a_wrong_scalar_gradient_names_both_values() -> None:
    bad = bp.op1(lambda x: (x * x, lambda d: d * x))
    with pytest.raises(
        AssertionError, match=r"worst component: \(the input\) backprop=3.0 finite differences=6.0"
    ):
        check_grad(lambda x: bp.lift_op1(bad, x), 3.0)


def test_a_wrong_array_gradient_names_the_index() -> None:
    x = np.arange(1.0, 7.0).reshape(2, 3)
    with pytest.raises(
        AssertionError,
        match=r"worst component: \(the input\) at index \(1, 2\) backprop=24.0 finite differences=(12\.0|11\.999)",
    ):
        check_grad(lambda v: bnp.sum(bp.lift_op1(wrong_at((1, 2)), v)), x)


def test_a_wrong_gradient_inside_a_record_names_its_field_path() -> None:
    def f(t: BVar[S, Any]) -> BVar[S, Any]:
        return bnp.sum(t[0]["w"]) + bnp.sum(bp.lift_op1(wrong_at((1,), 3.0), t[1]))

    with pytest.raises(
        AssertionError,
        match=r"worst component: \[1\] at index \(1,\) backprop=12.0 finite differences=4.0",
    ):
        check_grad(f, ({"w": np.ones(2)}, np.array([1.0, 2.0])))

    def g(layer: BVar[S, Layer]) -> BVar[S, Any]:
        return bp.lift_op1(wrong_at((0,), 0.0), layer.view(lens.w)) * layer.view(lens.b)

    with pytest.raises(AssertionError, match=r"worst component: \.w at index \(0,\) backprop=0.0"):
        check_grad(g, Layer(np.array([1.0, 2.0]), 1.0))


# lift_op validates what an Op returns, so these bad nodes go on the tape directly
def test_a_gradient_of_the_wrong_shape_is_named() -> None:
    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        out: BVar[S, Any] = apply(Rule("bad", np.sum, (lambda g, p: np.full(2, g),)), (v,))
        return out

    with pytest.raises(
        AssertionError,
        match=r"the gradient of \(the input\) has shape \(2,\), the input has shape \(3,\)",
    ):
        check_grad(f, np.ones(3))


def test_a_missing_gradient_component_is_named() -> None:
    def f(t: BVar[S, Any]) -> BVar[S, Any]:
        out: BVar[S, Any] = apply(Rule("bad", lambda v: v[0], (lambda g, p: (g,),)), (t,))
        return out

    with pytest.raises(AssertionError, match=r"the gradient has no float component \[1\]"):
        check_grad(f, (1.0, 2.0))


def test_nan_gradients_fail() -> None:
    bad = bp.op1(lambda x: (x * 2.0, lambda d: d * np.nan))
    with pytest.raises(AssertionError, match=r"backprop=nan finite differences=(2\.0|1\.9999)"):
        check_grad(lambda v: bp.lift_op1(bad, v), 1.0)


def test_tolerances_and_step_are_honoured() -> None:
    slightly = bp.op1(lambda x: (x * x, lambda d: d * 2.0 * x * (1 + 1e-3)))
    with pytest.raises(AssertionError, match=r"rtol=1e-05"):
        check_grad(lambda v: bp.lift_op1(slightly, v), 2.0)
    check_grad(lambda v: bp.lift_op1(slightly, v), 2.0, rtol=1e-2)
    check_grad(lambda v: bp.lift_op1(slightly, v), 2.0, atol=1e-2)
    with pytest.raises(AssertionError, match=r"eps=0.5"):
        check_grad(lambda v: v * v * v * v, 2.0, eps=0.5, rtol=1e-9, atol=0.0)


def test_float32_results_get_float32_tolerances() -> None:
    def f(c: BVar[S, float]) -> BVar[S, Any]:
        return bnp.sin(bnp.full_like(np.ones(3, dtype=np.float32), c) * np.float32(3.0))

    check_grad(f, 0.7)


def test_integer_parts_are_held_constant_and_seeded_with_zero() -> None:
    def f(t: BVar[S, Any]) -> BVar[S, Any]:
        return t[0] * t[1]  # an int times a float

    check_grad(f, (3, 2.0))
    # an int in the output gets a zero gradient, whatever the op makes of it
    both = bp.op1(lambda x: ((x * 2.0, 7), lambda d: d[0] * 2.0 + d[1]))
    check_grad(lambda v: bp.lift_op1(both, v), 1.0)


def test_nothing_to_check_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"the input \(a tuple\) has no float"):
        check_grad(lambda t: t, (1, 2))
    with pytest.raises(ValueError, match=r"the result \(a int\) has no float"):
        check_grad(lambda v: bp.const_var(3), 1.0)
    with pytest.raises(ValueError, match="directions must be at least 1"):
        check_grad(cube, 1.0, directions=0)


def test_seed_and_directions_make_it_deterministic() -> None:
    bad = bp.op1(lambda x: (x * x, lambda d: d * x))
    messages = []
    for _ in range(2):
        with pytest.raises(AssertionError) as info:
            check_grad(lambda v: bp.lift_op1(bad, v), np.arange(1.0, 4.0), seed=3, directions=1)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_large_inputs_are_located_among_sampled_components() -> None:
    x = np.ones(3000)
    with pytest.raises(
        AssertionError,
        match=r"worst component \(among 2000 sampled components\): \(the input\) at index",
    ):
        check_grad(lambda v: bp.lift_op1(wrong_at((slice(None),), 3.0), v), x)
