"""The training loop: shuffled mini-batches, epochs, evaluation.

Deterministic given the seed: one ``numpy.random.Generator`` draws the
initial weights and then every epoch's shuffle. The gradient step is a
parameter, so the same loop runs with the library's ``train_step`` or the
hand-written ``train_step_manual`` (that is how the benchmark compares them).

>>> from mnist_tutorial.data import load_digits
>>> result = train(load_digits(), Config(epochs=2, hidden=(32, 16)))
>>> [r.epoch for r in result.history], result.history[-1].accuracy > 0.5
([1, 2], True)
"""

from __future__ import annotations

import contextlib
import importlib
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import NoReturn

import numpy as np
from numpy.typing import NDArray
from tqdm import tqdm

from backprop import learn, optim

from .data import Dataset, Split
from .model import (
    Matrix,
    Network,
    batch_error,
    error_of,
    init_network,
    one_hot,
    predict,
    train_step,
)

__all__ = [
    "OPTIMIZERS",
    "Config",
    "EpochReport",
    "StepFn",
    "TrainResult",
    "accuracy",
    "blas_threads",
    "init_for",
    "make_optimizer",
    "minibatches",
    "train",
    "train_epoch",
]

StepFn = Callable[[float, Matrix, Matrix, Network], tuple[float, Network]]
"""A gradient step ``(rate, x, targets, net) -> (loss before the step, new net)``."""


@contextlib.contextmanager
def blas_threads(n: int | None) -> Iterator[None]:
    """Limit the BLAS library numpy uses to ``n`` threads inside the block.

    A mini-batch's matrix products are small: extra BLAS threads gain little,
    and when the cores are shared they spin against other processes and make
    an epoch many times slower. ``None`` leaves the setting alone; without
    ``threadpoolctl`` (installed with scikit-learn) this does nothing.

    >>> with blas_threads(1):
    ...     float((np.ones((2, 2)) @ np.ones((2, 2))).sum())
    8.0
    """
    if n is None:
        yield
        return
    try:
        # threadpoolctl ships no type information: reach it through importlib.
        threadpoolctl = importlib.import_module("threadpoolctl")
    except ImportError:
        yield
        return
    with threadpoolctl.threadpool_limits(limits=n, user_api="blas"):
        yield


OPTIMIZERS: dict[str, float] = {"sgd": 0.3, "momentum": 0.05, "adam": 0.002}
"""The optimizers of ``--optimizer`` and the learning rate each uses by default."""


@dataclass(frozen=True)
class Config:
    """Hyperparameters; the defaults reach 95% held-out on the MNIST split.

    ``lr`` None takes the optimizer's default rate (see :data:`OPTIMIZERS`).

    >>> Config(batch_size=0)
    Traceback (most recent call last):
    ...
    ValueError: Config: batch_size must be a positive integer, got 0
    """

    epochs: int = 20
    batch_size: int = 32
    lr: float | None = None
    hidden: tuple[int, int] = (300, 100)
    seed: int = 0
    optimizer: str = "sgd"

    def __post_init__(self) -> None:
        for name in ("epochs", "batch_size"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"Config: {name} must be a positive integer, got {value!r}")
        if self.lr is not None and not (np.isfinite(self.lr) and self.lr > 0):
            raise ValueError(f"Config: lr must be a positive finite number, got {self.lr!r}")
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"Config: optimizer must be one of {', '.join(OPTIMIZERS)}, got {self.optimizer!r}"
            )
        if min(self.hidden) < 1:
            raise ValueError(
                f"Config: hidden must be two positive layer widths, got {self.hidden!r}"
            )


    @property
    def rate(self) -> float:
        """The learning rate: ``lr``, or the optimizer's default.

        >>> Config(optimizer="adam").rate
        0.002
        """
        return OPTIMIZERS[self.optimizer] if self.lr is None else self.lr


def make_optimizer(config: Config) -> optim.Optimizer[Network]:
    """The optimizer ``config`` names, at its learning rate.

    >>> make_optimizer(Config(optimizer="momentum", lr=0.1))
    optim.momentum(rate=0.1, beta=0.9)
    """
    rate = config.rate
    if config.optimizer == "adam":
        return optim.adam(rate)
    if config.optimizer == "momentum":
        return optim.momentum(rate)
    return optim.sgd(rate)


@dataclass(frozen=True)
class EpochReport:
    """What one epoch did: mean training loss over its mini-batches, held-out results."""

    epoch: int
    train_loss: float
    test_loss: float
    accuracy: float
    seconds: float


@dataclass(frozen=True)
class TrainResult:
    """The trained network and one report per epoch."""

    network: Network
    history: tuple[EpochReport, ...] = field(default=())

    @property
    def accuracy(self) -> float:
        """Held-out accuracy after the last epoch."""
        return self.history[-1].accuracy


def minibatches(n: int, batch_size: int, rng: np.random.Generator) -> list[NDArray[np.intp]]:
    """A fresh shuffle of ``range(n)`` cut into batches (the last may be short).

    >>> [b.tolist() for b in minibatches(5, 2, np.random.default_rng(0))]
    [[2, 4], [3, 0], [1]]
    """
    order = rng.permutation(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]


def accuracy(net: Network, split: Split) -> float:
    """The fraction of ``split`` the network labels correctly.

    >>> from mnist_tutorial.data import load_digits
    >>> from mnist_tutorial.model import init_network
    >>> ds = load_digits()
    >>> 0.0 <= accuracy(init_network((64, 8, 8, 10), np.random.default_rng(0)), ds.test) <= 1.0
    True
    """
    if len(split) == 0:
        raise ValueError("accuracy: the split is empty, there is nothing to evaluate")
    return float(np.mean(predict(net, split.images) == split.labels))


def train_epoch(
    net: Network,
    split: Split,
    *,
    rate: float,
    batch_size: int,
    rng: np.random.Generator,
    step: StepFn = train_step,
    n_classes: int = 10,
    progress: tqdm[NoReturn] | None = None,
) -> tuple[Network, float]:
    """One pass over ``split`` in shuffled mini-batches: the new network and mean loss.

    >>> from mnist_tutorial.data import load_digits
    >>> ds = load_digits()
    >>> net0 = init_for(ds, Config(hidden=(16, 16)), np.random.default_rng(0))
    >>> net1, loss = train_epoch(net0, ds.train, rate=0.3, batch_size=32, rng=np.random.default_rng(0))
    >>> accuracy(net1, ds.test) > accuracy(net0, ds.test)
    True
    """
    targets = one_hot(split.labels, n_classes)
    total, count = 0.0, 0
    for idx in minibatches(len(split), batch_size, rng):
        loss, net = step(rate, split.images[idx], targets[idx], net)
        total += loss * len(idx)
        count += len(idx)
        if progress is not None:
            progress.update(1)
            progress.set_postfix(loss=f"{total / count:.4f}", refresh=False)
    return net, total / max(count, 1)


def init_for(dataset: Dataset, config: Config, rng: np.random.Generator) -> Network:
    """A fresh network shaped for ``dataset`` with ``config.hidden`` widths.

    >>> from mnist_tutorial.data import load_digits
    >>> init_for(load_digits(), Config(), np.random.default_rng(0)).sizes
    (64, 300, 100, 10)
    """
    inputs = dataset.train.images.shape[1]
    return init_network((inputs, *config.hidden, dataset.n_classes), rng)


def train(
    dataset: Dataset,
    config: Config,
    *,
    step: StepFn | None = None,
    progress: bool = False,
    on_epoch: Callable[[EpochReport], None] | None = None,
    executor: Executor | None = None,
    shards: int = 1,
) -> TrainResult:
    """Train a fresh network on ``dataset.train``, evaluating on ``dataset.test``.

    The loop is ``backprop.learn.train`` with the optimizer of ``config``;
    with an ``executor``, each mini-batch's gradient is computed there in
    ``shards`` pieces (``backprop.parallel``). A hand-written ``step``
    (``(rate, x, targets, net) -> (loss, net)``, plain gradient descent)
    replaces the library's gradient and optimizer. ``progress`` shows a tqdm
    bar per epoch (on stderr); ``on_epoch`` is called with each epoch's report
    as soon as it is done.

    >>> from mnist_tutorial.data import load_digits
    >>> a = train(load_digits(), Config(epochs=1, hidden=(16, 16), seed=3))
    >>> b = train(load_digits(), Config(epochs=1, hidden=(16, 16), seed=3))
    >>> a.history[0].train_loss == b.history[0].train_loss
    True
    """
    if len(dataset.train) == 0:
        raise ValueError(f"train: {dataset.name} has no training examples")
    rng = np.random.default_rng(config.seed)
    net = init_for(dataset, config, rng)
    test_targets = one_hot(dataset.test.labels, dataset.n_classes)
    history: list[EpochReport] = []
    clock = [time.perf_counter()]

    def report(epoch: int, trained: Network, train_loss: float) -> None:
        seconds = time.perf_counter() - clock[0]
        r = EpochReport(
            epoch,
            train_loss,
            error_of(dataset.test.images, test_targets, trained),
            accuracy(trained, dataset.test),
            seconds,
        )
        history.append(r)
        if on_epoch is not None:
            on_epoch(r)
        clock[0] = time.perf_counter()

    if step is not None:
        net = _train_with_step(dataset, config, net, rng, step, progress, report)
    else:
        data = (dataset.train.images, one_hot(dataset.train.labels, dataset.n_classes))
        net = learn.train(
            batch_error,
            net,
            data,
            make_optimizer(config),
            epochs=config.epochs,
            batch_size=config.batch_size,
            rng=rng,
            executor=executor,
            shards=shards,
            progress=progress,
            on_epoch=report,
        ).params
    return TrainResult(net, tuple(history))


def _train_with_step(
    dataset: Dataset,
    config: Config,
    net: Network,
    rng: np.random.Generator,
    step: StepFn,
    progress: bool,
    report: Callable[[int, Network, float], None],
) -> Network:
    """The loop around a hand-written step, batch for batch as ``learn.train``'s."""
    n_batches = -(-len(dataset.train) // config.batch_size)
    for epoch in range(1, config.epochs + 1):
        with tqdm(
            total=n_batches,
            desc=f"epoch {epoch}/{config.epochs}",
            unit="batch",
            leave=False,
            disable=not progress,
        ) as bar:
            net, train_loss = train_epoch(
                net,
                dataset.train,
                rate=config.rate,
                batch_size=config.batch_size,
                rng=rng,
                step=step,
                n_classes=dataset.n_classes,
                progress=bar,
            )
        report(epoch, net, train_loss)
    return net
