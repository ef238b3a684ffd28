"""backprop.optim: every optimizer against a hand-written reference, on any
parameter structure, keeping types and dtypes, refusing mismatched values."""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pytest
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
import backprop.tree as tree
from backprop import BVar, S, optim
from backprop.optim import Optimizer, OptState

Vec = NDArray[np.float64]


@dataclass(frozen=True)
class Inner:
    w: Vec
    scale: float
    name: str = bp.static_field(default="inner")


class Pair(NamedTuple):
    a: float
    b: NDArray[np.float32]


@dataclass(frozen=True)
class Params:
    inner: Inner
    pair: Pair
    extra: dict[str, Vec]
    bias: float


# --- the small problem: a weighted quadratic with its minimum at TARGET ---------------

TARGET = np.array([1.0, -2.0, 0.5, 3.0, -1.0, 0.25, 2.0, -0.5])
WEIGHT = np.array([1.0, 3.0, 0.5, 2.0, 1.5, 4.0, 0.8, 2.5])


def start() -> Params:
    return Params(
        Inner(np.array([0.3, 0.1, -0.2]), 0.7),
        Pair(-0.4, np.array([0.2, 0.9], dtype=np.float32)),
        {"c": np.array([0.05])},
        1.5,
    )


def flat(p: Params) -> Vec:
    """The eight numbers of a Params, in a fixed order (written out by hand)."""
    return np.array(
        [*p.inner.w, p.inner.scale, p.pair.a, *p.pair.b.astype(np.float64), p.extra["c"][0], p.bias]
    )


def loss(p: BVar[S, Params]) -> BVar[S, float]:
    parts = bp.split_bv(p)
    inner, pair = bp.split_bv(parts.inner), bp.split_bv(parts.pair)
    c = bp.sequence_var(parts.extra)["c"]
    t, w = TARGET, WEIGHT
    total: BVar[S, float] = bnp.sum(w[:3] * (inner.w - t[:3]) ** 2)
    total = total + w[3] * (inner.scale - t[3]) ** 2 + w[4] * (pair.a - t[4]) ** 2
    b32 = pair.b
    total = total + bnp.sum(w[5:7].astype(np.float32) * (b32 - t[5:7].astype(np.float32)) ** 2)
    total = total + w[7] * bnp.sum((c - t[7:]) ** 2) + 0.0 * parts.bias
    return 0.5 * total


def hand_grad_flat(x: Vec) -> Vec:
    """The gradient of the quadratic, by hand, in the layout of flat() (the bias has none)."""
    t = np.append(TARGET, 0.0)
    w = np.append(WEIGHT, 0.0)
    g: Vec = w * (x - t)
    return g


# --- hand-written references, one loop per method on the flat vector -----------------


def ref_sgd(x: Vec, steps: int, rate: float) -> Vec:
    for _ in range(steps):
        x = x - rate * hand_grad_flat(x)
    return x


def ref_momentum(x: Vec, steps: int, rate: float, beta: float) -> Vec:
    v = np.zeros_like(x)
    for _ in range(steps):
        v = beta * v + hand_grad_flat(x)
        x = x - rate * v
    return x


def ref_nesterov(x: Vec, steps: int, rate: float, beta: float) -> Vec:
    v = np.zeros_like(x)
    for _ in range(steps):
        g = hand_grad_flat(x)
        v = beta * v + g
        x = x - rate * (g + beta * v)
    return x


def ref_adagrad(x: Vec, steps: int, rate: float, eps: float) -> Vec:
    s = np.zeros_like(x)
    for _ in range(steps):
        g = hand_grad_flat(x)
        s = s + g**2
        x = x - rate * g / (np.sqrt(s) + eps)
    return x


def ref_rmsprop(x: Vec, steps: int, rate: float, decay: float, eps: float) -> Vec:
    s = np.zeros_like(x)
    for _ in range(steps):
        g = hand_grad_flat(x)
        s = decay * s + (1 - decay) * g**2
        x = x - rate * g / (np.sqrt(s) + eps)
    return x


def ref_adam(x: Vec, steps: int, rate: float, b1: float, b2: float, eps: float) -> Vec:
    m, v = np.zeros_like(x), np.zeros_like(x)
    for t in range(1, steps + 1):
        g = hand_grad_flat(x)
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
        x = x - rate * m_hat / (np.sqrt(v_hat) + eps)
    return x


def ref_adamax(x: Vec, steps: int, rate: float, b1: float, b2: float, eps: float) -> Vec:
    m, u = np.zeros_like(x), np.zeros_like(x)
    for t in range(1, steps + 1):
        g = hand_grad_flat(x)
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        x = x - (rate / (1 - b1**t)) * m / (u + eps)
    return x


CASES: list[tuple[str, Optimizer[Any], Callable[[Vec, int], Vec]]] = [
    ("sgd", optim.sgd(0.1), lambda x, n: ref_sgd(x, n, 0.1)),
    ("momentum", optim.momentum(0.05, 0.8), lambda x, n: ref_momentum(x, n, 0.05, 0.8)),
    ("nesterov", optim.nesterov(0.05, 0.8), lambda x, n: ref_nesterov(x, n, 0.05, 0.8)),
    ("adagrad", optim.adagrad(0.3, 1e-8), lambda x, n: ref_adagrad(x, n, 0.3, 1e-8)),
    ("rmsprop", optim.rmsprop(0.05, 0.9, 1e-8), lambda x, n: ref_rmsprop(x, n, 0.05, 0.9, 1e-8)),
    ("adam", optim.adam(0.1), lambda x, n: ref_adam(x, n, 0.1, 0.9, 0.999, 1e-8)),
    ("adamax", optim.adamax(0.1), lambda x, n: ref_adamax(x, n, 0.1, 0.9, 0.999, 1e-8)),
]
STEPS = 40


def run(opt: Optimizer[Params], params: Params, steps: int) -> tuple[Params, OptState[Params]]:
    state = opt.init(params)
    for _ in range(steps):
        params, state = opt.step(params, bp.grad_bp(loss, params), state)
    return params, state


def test_the_library_gradient_is_the_hand_written_one() -> None:
    p = start()
    np.testing.assert_allclose(flat(bp.grad_bp(loss, p)), hand_grad_flat(flat(p)), rtol=1e-6)


@pytest.mark.parametrize(("name", "opt", "ref"), CASES, ids=[c[0] for c in CASES])
def test_each_optimizer_follows_its_hand_written_reference(
    name: str, opt: Optimizer[Params], ref: Callable[[Vec, int], Vec]
) -> None:
    p0 = start()
    got, state = run(opt, p0, STEPS)
    want = ref(flat(p0), STEPS)
    # The float32 leaves (positions 5 and 6) are stepped in float32.
    f64 = [0, 1, 2, 3, 4, 7, 8]
    np.testing.assert_allclose(flat(got)[f64], want[f64], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(flat(got)[5:7], want[5:7], rtol=2e-4, atol=1e-5)
    assert state.count == STEPS
    assert state.method == name
    assert repr(opt).startswith(f"optim.{name}(")


@pytest.mark.parametrize(("name", "opt", "ref"), CASES, ids=[c[0] for c in CASES])
def test_each_optimizer_lowers_the_loss(
    name: str, opt: Optimizer[Params], ref: Callable[[Vec, int], Vec]
) -> None:
    p0 = start()
    before = bp.eval_bp(loss, p0)
    after = bp.eval_bp(loss, run(opt, p0, STEPS)[0])
    assert after < 0.5 * before, name


@pytest.mark.parametrize(("name", "opt", "ref"), CASES, ids=[c[0] for c in CASES])
def test_types_dtypes_and_static_fields_are_kept(
    name: str, opt: Optimizer[Params], ref: Callable[[Vec, int], Vec]
) -> None:
    got, state = run(opt, start(), 3)
    for value in (got, *state.slots):
        assert type(value) is Params
        assert type(value.inner) is Inner
        assert type(value.pair) is Pair
        assert type(value.bias) is float
        assert type(value.inner.scale) is float
        assert type(value.pair.a) is float
        assert value.pair.b.dtype == np.float32
        assert value.inner.w.dtype == np.float64
        assert value.inner.name == "inner"
        assert list(value.extra) == ["c"]


@pytest.mark.parametrize(("name", "opt", "ref"), CASES, ids=[c[0] for c in CASES])
def test_nothing_passed_in_is_modified(
    name: str, opt: Optimizer[Params], ref: Callable[[Vec, int], Vec]
) -> None:
    params = start()
    state = opt.init(params)
    params, state = opt.step(params, bp.grad_bp(loss, params), state)
    grad = bp.grad_bp(loss, params)
    kept = copy.deepcopy((params, grad, state))
    opt.step(params, grad, state)
    for before, after in zip(kept, (params, grad, state)):
        np.testing.assert_array_equal(flat_any(before), flat_any(after))


def flat_any(x: Any) -> Vec:
    return np.concatenate(
        [np.zeros(0)] + [np.ravel(np.asarray(leaf, dtype=np.float64)) for leaf in tree.leaves(x)]
    )


@pytest.mark.parametrize(
    "params",
    [2.0, np.array([1.0, -1.0]), (1.0, np.ones(2)), {"a": 1.0, "b": [2.0, 3.0]}],
    ids=["float", "array", "tuple", "dict"],
)
def test_any_backprop_value_is_a_parameter(params: Any) -> None:
    opt: Optimizer[Any] = optim.adam(0.1)
    state = opt.init(params)
    new, state = opt.step(params, bp.one(params), state)
    assert type(new) is type(params)
    # Adam's first step moves every component by the rate, against the gradient's sign.
    np.testing.assert_allclose(flat_any(new), flat_any(params) - 0.1, rtol=1e-6)


def test_float32_arrays_stay_float32_even_with_a_float64_gradient() -> None:
    p = np.ones(3, dtype=np.float32)
    opt: Optimizer[NDArray[np.float32]] = optim.momentum(0.5)
    new, state = opt.step(p, np.full(3, 0.5), opt.init(p))
    assert new.dtype == np.float32
    assert state.slots[0].dtype == np.float32
    np.testing.assert_allclose(new, 0.75)


def test_adam_moves_a_python_float_by_the_rate_on_its_first_step() -> None:
    opt: Optimizer[float] = optim.adam(0.01)
    new, _ = opt.step(1.0, -3.0, opt.init(1.0))
    assert type(new) is float
    assert math.isclose(new, 1.01, rel_tol=1e-9)


# --- bad input --------------------------------------------------------------------------


def test_a_gradient_of_another_structure_is_refused_naming_both() -> None:
    opt: Optimizer[Any] = optim.sgd(0.1)
    params = start()
    with pytest.raises(
        ValueError, match=r"optim\.sgd: the gradient does not have the structure"
    ) as e:
        opt.step(params, (1.0, 2.0), opt.init(params))
    assert "Params" in str(e.value)
    assert "tuple" in str(e.value)


def test_a_gradient_leaf_of_another_shape_is_refused_naming_both() -> None:
    opt: Optimizer[Any] = optim.adam()
    params = (1.0, np.zeros(3))
    with pytest.raises(ValueError, match=r"float64 array of shape \(3,\).*shape \(1,\)"):
        opt.step(params, (1.0, np.zeros(1)), opt.init(params))


def test_a_state_made_for_other_parameters_is_refused_naming_both() -> None:
    opt: Optimizer[Any] = optim.momentum(0.1)
    small = {"w": np.zeros(2)}
    large = {"w": np.zeros(2), "b": 0.0}
    with pytest.raises(ValueError, match="the optimizer state does not have the structure") as e:
        opt.step(large, bp.zero(large), opt.init(small))
    assert "dict" in str(e.value)


def test_a_state_of_another_optimizer_is_refused() -> None:
    params = np.zeros(2)
    with pytest.raises(ValueError, match=r"made by optim\.momentum, not by optim\.adam"):
        optim.adam().step(params, params, optim.momentum(0.1).init(params))
    with pytest.raises(TypeError, match="the state must be an OptState"):
        optim.sgd(0.1).step(params, params, None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: optim.sgd(0.0), "rate must be a positive number"),
        (lambda: optim.momentum(0.1, beta=1.0), r"beta must lie in \[0, 1\)"),
        (lambda: optim.adam(b2=-0.1), r"b2 must lie in \[0, 1\)"),
        (lambda: optim.adagrad(eps=float("nan")), "eps must be a positive number"),
    ],
)
def test_bad_hyperparameters_are_refused(make: Callable[[], object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()
