"""The tutorial's model code is precisely typed: lens constants, model
functions generic in the scope, and runners returning a Network gradient."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
from backprop import BVar, Lens, S
from mnist_tutorial.data import load_digits
from mnist_tutorial.manual import loss_and_grad
from mnist_tutorial.model import (
    Matrix,
    Network,
    Vector,
    bias2,
    grad_descent,
    init_network,
    net_error,
    neural_net,
    one_hot,
    predict,
    train_step,
    weight1,
)
from mnist_tutorial.train import Config, TrainResult, train

assert_type(weight1, Lens[Network, Matrix])
assert_type(bias2, Lens[Network, Vector])

net = init_network((6, 5, 4, 3), np.random.default_rng(0))
x = np.ones((2, 6))
t = one_hot(np.array([0, 2]), 3)


def first_layer(n: BVar[S, Network]) -> BVar[S, Matrix]:
    w = n.view(weight1)
    assert_type(w, BVar[S, Matrix])
    assert_type(bp.view_var(bias2, n), BVar[S, Vector])
    return w


def error(n: BVar[S, Network]) -> BVar[S, float]:
    assert_type(neural_net(x, n), BVar[S, Matrix])
    return net_error(x, t, n)


assert_type(bp.grad_bp(error, net), Network)
assert_type(bp.backprop(error, net), tuple[float, Network])
assert_type(bp.eval_bp(first_layer, net), Matrix)
assert_type(grad_descent(0.1, x, t, net), Network)
assert_type(train_step(0.1, x, t, net), tuple[float, Network])
assert_type(loss_and_grad(net, x, t), tuple[float, Network])
assert_type(predict(net, x), NDArray[np.int64])

result = train(load_digits().with_train_size(50), Config(epochs=1, hidden=(4, 4)))
assert_type(result, TrainResult)
assert type(bp.grad_bp(error, net)) is Network
