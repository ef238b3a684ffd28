"""The network of the seed tutorial, written over BVars.

A 784-300-100-10 feed-forward network: two logistic hidden layers, a softmax
output, cross-entropy error. The parameters live in a frozen dataclass
``Network``; the model code reaches them through typed lens constants, the
way the Haskell tutorial writes ``n ^^. weight1``. The library derives the
gradient of ``net_error``; ``grad_descent`` steps against it.

Weights are stored ``(inputs, outputs)`` — the transpose of the seed's
``L o i`` — so that ``x @ weight + bias`` runs one sample (a vector) or a
mini-batch (one sample per row) with the same code.

>>> import numpy as np
>>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
>>> x, target = np.ones(4), np.array([0.0, 1.0])
>>> before = error_of(x, target, net)
>>> error_of(x, target, grad_descent(0.5, x, target, net)) < before
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, Lens, S

__all__ = [
    "Matrix",
    "Network",
    "Vector",
    "batch_error",
    "bias1",
    "bias2",
    "bias3",
    "error_of",
    "grad_descent",
    "init_network",
    "logits",
    "net_error",
    "neural_net",
    "one_hot",
    "predict",
    "run_layer",
    "train_step",
    "weight1",
    "weight2",
    "weight3",
]

Matrix: TypeAlias = NDArray[np.float64]
"""A 2-D float array: a weight matrix, or a mini-batch with one sample per row."""
Vector: TypeAlias = NDArray[np.float64]
"""A 1-D float array: a bias, one sample, or one target."""


@dataclass(frozen=True)
class Network(bp.Arithmetic):
    """The parameters: three layers of weights ``(inputs, outputs)`` and biases.

    A dataclass is a Backprop value field by field, so the gradient of a
    ``Network`` is a ``Network``; ``bp.Arithmetic`` gives it ``+``, ``-`` and
    scaling by a number, field by field, so a step of gradient descent reads
    as the seed writes it, ``n0 - 0.1 * gradient``.

    >>> import numpy as np
    >>> net = init_network((784, 300, 100, 10), np.random.default_rng(0))
    >>> net.sizes
    (784, 300, 100, 10)
    """

    weight1: Matrix
    bias1: Vector
    weight2: Matrix
    bias2: Vector
    weight3: Matrix
    bias3: Vector

    @property
    def sizes(self) -> tuple[int, int, int, int]:
        """The widths of the input, the two hidden layers and the output."""
        inputs, hidden1 = self.weight1.shape
        hidden2, outputs = self.weight3.shape
        return inputs, hidden1, hidden2, outputs

    def descend(self, rate: float, grad: Network) -> Network:
        """``self - rate * grad``, field by field: the seed's ``n - r * g``.

        >>> import numpy as np
        >>> net = init_network((2, 2, 2, 2), np.random.default_rng(0))
        >>> float(net.descend(1.0, net).weight1.max())
        0.0
        """
        return self - rate * grad


# The lens constants, annotated once (Haskell's makeLenses); every use is checked.
weight1: Lens[Network, Matrix] = lens.weight1
bias1: Lens[Network, Vector] = lens.bias1
weight2: Lens[Network, Matrix] = lens.weight2
bias2: Lens[Network, Vector] = lens.bias2
weight3: Lens[Network, Matrix] = lens.weight3
bias3: Lens[Network, Vector] = lens.bias3


def init_network(sizes: tuple[int, int, int, int], rng: np.random.Generator) -> Network:
    """Random weights (Glorot-uniform scaled for logistic units), zero biases.

    >>> import numpy as np
    >>> net = init_network((784, 300, 100, 10), np.random.default_rng(0))
    >>> net.weight1.shape, net.bias1.shape, net.weight3.shape
    ((784, 300), (300,), (100, 10))
    """
    if any(n < 1 for n in sizes):
        raise ValueError(
            f"init_network: sizes must be four positive widths (inputs, hidden1, "
            f"hidden2, outputs), got {sizes!r}"
        )

    def layer(n_in: int, n_out: int) -> tuple[Matrix, Vector]:
        # 4x the Glorot bound suits logistic units (Glorot & Bengio 2010).
        bound = 4.0 * np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-bound, bound, size=(n_in, n_out)), np.zeros(n_out)

    w1, b1 = layer(sizes[0], sizes[1])
    w2, b2 = layer(sizes[1], sizes[2])
    w3, b3 = layer(sizes[2], sizes[3])
    return Network(w1, b1, w2, b2, w3, b3)


def run_layer(
    weight: BVar[S, Matrix], bias: BVar[S, Vector], x: BVar[S, Matrix]
) -> BVar[S, Matrix]:
    """One affine layer, ``x @ weight + bias`` (the seed's ``runLayer``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> w, b = bp.const_var(np.eye(2)), bp.const_var(np.ones(2))
    >>> run_layer(w, b, bp.const_var(np.array([1.0, 2.0]))).value
    array([2., 3.])
    """
    return x @ weight + bias


def logits(x: Matrix, net: BVar[S, Network]) -> BVar[S, Matrix]:
    """The network's output before the softmax, for one sample or a batch.

    >>> import numpy as np
    >>> import backprop as bp
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> bp.eval_bp(lambda n: logits(np.ones((5, 4)), n), net).shape
    (5, 2)
    """
    inputs = net.value.weight1.shape[0]
    if np.ndim(x) not in (1, 2) or x.shape[-1] != inputs:
        raise ValueError(
            f"logits: the network takes samples of {inputs} values (one per row "
            f"for a batch), got an input of shape {x.shape}"
        )
    h1 = bnp.logistic(run_layer(net.view(weight1), net.view(bias1), bp.const_var(x)))
    h2 = bnp.logistic(run_layer(net.view(weight2), net.view(bias2), h1))
    return run_layer(net.view(weight3), net.view(bias3), h2)


def neural_net(x: Matrix, net: BVar[S, Network]) -> BVar[S, Matrix]:
    """Class probabilities: the softmax of the logits (the seed's ``runNetwork``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> float(bp.eval_bp(lambda n: neural_net(np.ones(4), n), net).sum())
    1.0
    """
    return bnp.softmax(logits(x, net))


def net_error(x: Matrix, targets: Matrix, net: BVar[S, Network]) -> BVar[S, float]:
    """Cross-entropy of the network's output against ``targets`` (the seed's ``netErr``).

    ``targets`` are one-hot rows (see :func:`one_hot`); for a mini-batch the
    error is the mean over its rows, so the learning rate does not depend on
    the batch size.

    >>> import numpy as np
    >>> import backprop as bp
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> bp.eval_bp(lambda n: net_error(np.ones(4), np.array([0.0, 1.0]), n), net) > 0
    True
    """
    out = logits(x, net)
    if targets.shape != out.shape:
        raise ValueError(
            f"net_error: targets of shape {targets.shape} do not match the "
            f"network's output of shape {out.shape} (one one-hot row per sample)"
        )
    return bnp.mean(bnp.softmax_cross_entropy(out, targets))


def batch_error(net: BVar[S, Network], batch: tuple[Matrix, Matrix]) -> BVar[S, float]:
    """:func:`net_error` of a mini-batch ``(images, one-hot targets)``: the
    objective ``backprop.learn.train`` minimises. Defined at module level, so
    it can be sent to other processes (``python -m mnist_tutorial --workers 2``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> batch = (np.ones((2, 4)), np.eye(2))
    >>> bp.eval_bp(lambda n: batch_error(n, batch), net) == error_of(*batch, net)
    True
    """
    x, targets = batch
    return net_error(x, targets, net)


def error_of(x: Matrix, targets: Matrix, net: Network) -> float:
    """The value of :func:`net_error` (no gradient): ``eval_bp``.

    >>> import numpy as np
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> error_of(np.ones((2, 4)), np.eye(2), net) > 0
    True
    """

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, targets, n)

    return bp.eval_bp(error, net)


def grad_descent(rate: float, x: Matrix, targets: Matrix, net: Network) -> Network:
    """One step against the gradient of the error (the seed's ``trainStep``).

    ``x`` is one sample and ``targets`` its one-hot label, or a mini-batch of
    rows and theirs.

    >>> import numpy as np
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> xs, ts = np.ones((5, 4)), one_hot(np.array([0, 1, 1, 0, 1]), 2)
    >>> error_of(xs, ts, grad_descent(0.5, xs, ts, net)) < error_of(xs, ts, net)
    True
    """

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, targets, n)

    return net.descend(rate, bp.grad_bp(error, net))


def train_step(rate: float, x: Matrix, targets: Matrix, net: Network) -> tuple[float, Network]:
    """``grad_descent`` that also returns the error before the step, from one pass.

    >>> import numpy as np
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> loss, net2 = train_step(0.5, np.ones(4), np.array([1.0, 0.0]), net)
    >>> loss == error_of(np.ones(4), np.array([1.0, 0.0]), net)
    True
    """

    def error(n: BVar[S, Network]) -> BVar[S, float]:
        return net_error(x, targets, n)

    loss, grad = bp.backprop(error, net)
    return float(loss), net.descend(rate, grad)


def predict(net: Network, images: Matrix) -> NDArray[np.int64]:
    """The most probable class of each row of ``images`` (forward only).

    >>> import numpy as np
    >>> net = init_network((4, 3, 3, 2), np.random.default_rng(0))
    >>> predict(net, np.ones((3, 4))).shape
    (3,)
    """

    def forward(n: BVar[S, Network]) -> BVar[S, Matrix]:
        return logits(images, n)

    labels: NDArray[np.int64] = np.argmax(bp.eval_bp(forward, net), axis=-1).astype(np.int64)
    return labels


def one_hot(labels: NDArray[np.int64], n_classes: int = 10) -> Matrix:
    """Rows of zeros with a one at each label: the targets ``net_error`` takes.

    >>> one_hot(np.array([2, 0]), 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"one_hot: labels must lie in 0..{n_classes - 1}, got values "
            f"{int(labels.min())}..{int(labels.max())}"
        )
    rows: Matrix = np.eye(n_classes)[labels]
    return rows
