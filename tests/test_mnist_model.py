"""The tutorial's network: lens access, values, and the library's gradient
against the hand-written one (mnist_tutorial.manual) and finite differences."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop.testing import check_grad
from mnist_tutorial.manual import forward_manual, grad_descent_manual, loss_and_grad
from mnist_tutorial.model import (
    Matrix,
    Network,
    bias1,
    bias3,
    error_of,
    grad_descent,
    init_network,
    logits,
    net_error,
    neural_net,
    one_hot,
    predict,
    train_step,
    weight1,
    weight2,
)

FIELDS = [f.name for f in dataclasses.fields(Network)]


def _problem(
    seed: int, sizes: tuple[int, int, int, int], batch: int
) -> tuple[Network, Matrix, Matrix]:
    rng = np.random.default_rng(seed)
    net = init_network(sizes, rng)
    # Nonzero biases, so a bias gradient that is dropped or misrouted shows.
    net = dataclasses.replace(net, bias1=rng.normal(size=sizes[1]), bias3=rng.normal(size=sizes[3]))
    x = rng.uniform(0.0, 1.0, size=(batch, sizes[0]))
    return net, x, one_hot(rng.integers(0, sizes[3], size=batch), sizes[3])


def _max_diff(a: Network, b: Network) -> float:
    return max(float(np.max(np.abs(getattr(a, n) - getattr(b, n)))) for n in FIELDS)


@settings(max_examples=15, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    sizes=st.tuples(st.integers(1, 12), st.integers(1, 9), st.integers(1, 9), st.integers(2, 10)),
    batch=st.integers(1, 16),
)
def test_gradient_equals_the_hand_written_one(
    seed: int, sizes: tuple[int, int, int, int], batch: int
) -> None:
    net, x, t = _problem(seed, sizes, batch)

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, t, n)

    loss, grad = bp.backprop(error, net)
    manual_loss, manual_grad = loss_and_grad(net, x, t)
    assert type(grad) is Network
    assert abs(loss - manual_loss) <= 1e-10
    assert _max_diff(grad, manual_grad) <= 1e-10


def test_gradient_equals_the_hand_written_one_at_full_size() -> None:
    net, x, t = _problem(7, (784, 300, 100, 10), 32)

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, t, n)

    grad = bp.grad_bp(error, net)
    manual = loss_and_grad(net, x, t)[1]
    assert _max_diff(grad, manual) <= 1e-10
    # Not vacuous: the gradient is far from zero in every field.
    assert min(float(np.max(np.abs(getattr(grad, n)))) for n in FIELDS) > 1e-4


def test_both_gradients_agree_with_finite_differences() -> None:
    # The hand-written gradient is only a reference if it is right itself.
    net, x, t = _problem(3, (5, 4, 3, 3), 6)

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, t, n)

    check_grad(error, net)
    eps = 1e-6
    manual = loss_and_grad(net, x, t)[1]
    for name in FIELDS:
        value = getattr(net, name)
        k = np.unravel_index(int(np.argmax(np.abs(getattr(manual, name)))), value.shape)
        bumped = [value.copy(), value.copy()]
        bumped[0][k] += eps
        bumped[1][k] -= eps
        up = loss_and_grad(dataclasses.replace(net, **{name: bumped[0]}), x, t)[0]
        down = loss_and_grad(dataclasses.replace(net, **{name: bumped[1]}), x, t)[0]
        assert getattr(manual, name)[k] == pytest.approx(
            (up - down) / (2 * eps), rel=1e-5, abs=1e-8
        )


def test_one_sample_is_a_batch_of_one() -> None:
    net, x, t = _problem(1, (6, 5, 4, 3), 1)

    def single(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x[0], t[0], n)

    def batch(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, t, n)

    l1, g1 = bp.backprop(single, net)
    l2, g2 = bp.backprop(batch, net)
    assert l1 == pytest.approx(l2, abs=1e-12)
    assert _max_diff(g1, g2) <= 1e-12
    assert _max_diff(g1, loss_and_grad(net, x[0], t[0])[1]) <= 1e-10


def test_mini_batch_error_is_the_mean_of_the_samples() -> None:
    net, x, t = _problem(2, (6, 5, 4, 3), 4)
    each = [error_of(x[i], t[i], net) for i in range(4)]
    assert error_of(x, t, net) == pytest.approx(float(np.mean(each)), abs=1e-12)


def test_lens_views_reach_the_fields() -> None:
    net = _problem(4, (3, 2, 2, 2), 1)[0]

    def first_weight_row(n: BVar[S, Network]) -> BVar[S, Matrix]:
        row: BVar[S, Matrix] = n.view(weight1)[0]  # indexing gives BVar[S, Any]
        return row * 1.0

    def bias_sum(n: BVar[S, Network]) -> BVar[S, float]:
        return bnp.sum(bp.view_var(bias1, n)) + bnp.sum(n.view(bias3))

    np.testing.assert_array_equal(bp.eval_bp(first_weight_row, net), net.weight1[0])
    grad = bp.grad_bp(bias_sum, net)
    # The gradient of a view is zero outside its focus.
    np.testing.assert_array_equal(grad.bias1, np.ones(2))
    np.testing.assert_array_equal(grad.bias3, np.ones(2))
    for name in ("weight1", "weight2", "weight3", "bias2"):
        np.testing.assert_array_equal(getattr(grad, name), 0.0)
    # The same lens constants read plain values.
    np.testing.assert_array_equal(weight2.get()(net), net.weight2)


def test_forward_matches_plain_numpy_and_probabilities_sum_to_one() -> None:
    net, x, _ = _problem(5, (8, 6, 5, 4), 7)

    def probs(n: BVar[S, Network]) -> BVar[S, Matrix]:
        return neural_net(x, n)

    def raw(n: BVar[S, Network]) -> BVar[S, Matrix]:
        return logits(x, n)

    np.testing.assert_allclose(bp.eval_bp(raw, net), forward_manual(net, x), rtol=0, atol=1e-12)
    p = bp.eval_bp(probs, net)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_array_equal(predict(net, x), np.argmax(p, axis=1))


def test_grad_descent_steps_downhill_like_the_manual_step() -> None:
    net, x, t = _problem(6, (6, 5, 4, 3), 8)
    stepped = grad_descent(0.1, x, t, net)
    assert _max_diff(stepped, grad_descent_manual(0.1, x, t, net)) <= 1e-11
    assert error_of(x, t, stepped) < error_of(x, t, net)
    loss, after = train_step(0.1, x, t, net)
    assert loss == pytest.approx(error_of(x, t, net), abs=1e-12)
    assert _max_diff(after, stepped) == 0.0


def test_training_never_mutates_the_callers_values() -> None:
    net, x, t = _problem(8, (6, 5, 4, 3), 8)
    saved = copy.deepcopy((net, x, t))
    grad_descent(0.5, x, t, net)
    train_step(0.5, x, t, net)
    assert _max_diff(net, saved[0]) == 0.0
    np.testing.assert_array_equal(x, saved[1])
    np.testing.assert_array_equal(t, saved[2])


def test_bad_input() -> None:
    with pytest.raises(
        ValueError, match=r"init_network: sizes must be four positive widths .*got \(4, 0, 3, 2\)"
    ):
        init_network((4, 0, 3, 2), np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"one_hot: labels must lie in 0\.\.2, got values 0\.\.3"):
        one_hot(np.array([0, 3]), 3)
    net, x, t = _problem(9, (6, 5, 4, 3), 2)
    with pytest.raises(
        ValueError, match=r"logits: the network takes samples of 6 values .*shape \(2, 5\)"
    ):
        error_of(x[:, :5], t, net)
    with pytest.raises(
        ValueError, match=r"net_error: targets of shape \(2, 2\) do not match .*\(2, 3\)"
    ):
        error_of(x, t[:, :2], net)
    with pytest.raises(
        ValueError, match=r"net_error: targets of shape \(3,\) do not match .*\(2, 3\)"
    ):
        grad_descent(0.1, x, t[0], net)
