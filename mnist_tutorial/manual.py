"""The same network's gradient written by hand in numpy (manual backprop).

What the library saves you from writing: every layer's forward values are
kept, then the chain rule is applied backwards, layer by layer. The tests
check the library's gradient against this one, and the benchmarks time the
training loop with each.

>>> import numpy as np
>>> from mnist_tutorial.model import init_network
>>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
>>> loss, grad = loss_and_grad(net, np.ones((5, 4)), np.eye(2)[[0, 1, 1, 0, 1]])
>>> grad.weight1.shape, round(loss, 4) > 0
((4, 3), True)
"""

from __future__ import annotations

import numpy as np

from .model import Matrix, Network

__all__ = ["forward_manual", "grad_descent_manual", "loss_and_grad", "train_step_manual"]


def _logistic(z: Matrix) -> Matrix:
    # 1 / (1 + exp(-z)), without overflow warnings for large negative z.
    out: Matrix = 0.5 * (np.tanh(0.5 * z) + 1.0)
    return out


def forward_manual(net: Network, x: Matrix) -> Matrix:
    """The network's logits in plain numpy (no tape).

    >>> import numpy as np
    >>> from mnist_tutorial.model import init_network
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> forward_manual(net, np.ones((5, 4))).shape
    (5, 2)
    """
    h1 = _logistic(x @ net.weight1 + net.bias1)
    h2 = _logistic(h1 @ net.weight2 + net.bias2)
    out: Matrix = h2 @ net.weight3 + net.bias3
    return out


def loss_and_grad(net: Network, x: Matrix, targets: Matrix) -> tuple[float, Network]:
    """Mean softmax cross-entropy over the rows of ``x``, and its gradient.

    A single sample (1-D ``x`` and ``targets``) is a batch of one. The result
    must equal ``backprop(partial(net_error, x, targets), net)``.

    >>> import numpy as np
    >>> from mnist_tutorial.model import init_network
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> loss, grad = loss_and_grad(net, np.ones(4), np.array([0.0, 1.0]))
    >>> grad.bias3.shape
    (2,)
    """
    xs = np.atleast_2d(x)
    ts = np.atleast_2d(targets)
    n = xs.shape[0]
    h1 = _logistic(xs @ net.weight1 + net.bias1)
    h2 = _logistic(h1 @ net.weight2 + net.bias2)
    z = h2 @ net.weight3 + net.bias3
    shifted = z - z.max(axis=-1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    log_p = shifted - log_norm
    loss = float(-(ts * log_p).sum() / n)
    # d/dz of -sum(t * log softmax(z)) is softmax(z) * sum(t) - t, per row.
    dz = (np.exp(log_p) * ts.sum(axis=-1, keepdims=True) - ts) / n
    dw3 = h2.T @ dz
    db3 = dz.sum(axis=0)
    dh2 = dz @ net.weight3.T
    dz2 = dh2 * h2 * (1.0 - h2)
    dw2 = h1.T @ dz2
    db2 = dz2.sum(axis=0)
    dh1 = dz2 @ net.weight2.T
    dz1 = dh1 * h1 * (1.0 - h1)
    dw1 = xs.T @ dz1
    db1 = dz1.sum(axis=0)
    return loss, Network(dw1, db1, dw2, db2, dw3, db3)


def train_step_manual(
    rate: float, x: Matrix, targets: Matrix, net: Network
) -> tuple[float, Network]:
    """One gradient-descent step with the hand-written gradient: (loss, new net).

    >>> import numpy as np
    >>> from mnist_tutorial.model import init_network
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> x, t = np.ones((5, 4)), np.eye(2)[[0, 1, 1, 0, 1]]
    >>> l0, net1 = train_step_manual(0.5, x, t, net)
    >>> loss_and_grad(net1, x, t)[0] < l0
    True
    """
    loss, grad = loss_and_grad(net, x, targets)
    return loss, net.descend(rate, grad)


def grad_descent_manual(rate: float, x: Matrix, targets: Matrix, net: Network) -> Network:
    """``grad_descent`` with the hand-written gradient.

    >>> import numpy as np
    >>> from mnist_tutorial.model import init_network
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> grad_descent_manual(0.1, np.ones(4), np.array([1.0, 0.0]), net).weight3.shape
    (3, 2)
    """
    return train_step_manual(rate, x, targets, net)[1]
