"""Training on a Dask cluster: ``--workers N`` starts a local one, ``--scheduler
ADDRESS`` joins a running one. Either way the tutorial hands
``backprop.learn.train`` the cluster's ``concurrent.futures`` executor, and each
mini-batch's gradient is computed there, one shard per worker
(``backprop.parallel.grad_mean``); then it measures how much faster that
gradient is than in one process.

>>> Cluster.start(None, None)
Traceback (most recent call last):
...
ValueError: Cluster.start: give a number of workers or a scheduler address
"""

from __future__ import annotations

import importlib
import statistics
import time
from concurrent.futures import Executor
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import numpy as np

from backprop import parallel

from .data import Dataset
from .model import Matrix, Network, batch_error, one_hot

__all__ = ["Cluster", "measure_speedup", "shards_of"]


@dataclass
class Cluster:
    """A Dask client, the local cluster it started (if any), and its executor.

    Use it as a context manager: leaving it closes the client and stops a
    cluster it started.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> with Cluster(None, None, 2, ThreadPoolExecutor(2), "two threads") as c:
    ...     c.workers
    2
    """

    client: Any
    local: Any
    workers: int
    executor: Executor
    description: str

    @classmethod
    def start(cls, workers: int | None, scheduler: str | None) -> Cluster:
        """Start a local cluster of ``workers`` processes (one thread each,
        loopback only, no dashboard), or connect to ``scheduler``.

        >>> Cluster.start(0, None)
        Traceback (most recent call last):
        ...
        ValueError: Cluster.start: workers must be a positive integer, got 0
        """
        if workers is None and scheduler is None:
            raise ValueError("Cluster.start: give a number of workers or a scheduler address")
        if workers is not None and workers < 1:
            raise ValueError(f"Cluster.start: workers must be a positive integer, got {workers}")
        try:
            # distributed is an optional dependency (the parallel extra).
            distributed: Any = importlib.import_module("distributed")
        except ImportError as e:
            raise ImportError(
                "the Dask options need dask[distributed]: pip install -e '.[parallel]'"
            ) from e
        local = None
        if scheduler is not None:
            client = distributed.Client(scheduler, timeout="10s")
            n = max(1, len(client.scheduler_info()["workers"]))
            where = f"{n} workers at {scheduler}"
        else:
            local = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                host="127.0.0.1",
            )
            client = distributed.Client(local)
            n = int(workers or 1)
            where = f"a local Dask cluster of {n} worker processes (1 thread each)"
        # pure=False: Dask computes every call, never reusing an identical task's result.
        return cls(client, local, n, client.get_executor(pure=False), where)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.client is not None:
            self.client.close()
        if self.local is not None:
            self.local.close()
        if self.client is None:
            self.executor.shutdown()


def shards_of(x: Matrix, targets: Matrix, n: int) -> list[tuple[Matrix, Matrix]]:
    """``(x, targets)`` cut into ``n`` shards of consecutive rows (sizes differ by one at most).

    >>> [s[0].shape[0] for s in shards_of(np.zeros((5, 2)), np.zeros((5, 3)), 2)]
    [3, 2]
    """
    cuts = np.array_split(np.arange(len(x)), n)
    return [(x[c], targets[c]) for c in cuts]


def _median_seconds(call: Any, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_speedup(
    cluster: Cluster, net: Network, dataset: Dataset, batch_size: int, repeats: int = 5
) -> str:
    """How much faster one gradient is on the cluster than in this process
    (wall-clock medians), at the training batch size and at a large batch
    (4,096 images, or the whole training set if smaller): a line to print.
    The shards are sent to the workers once, before the timing.

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> from mnist_tutorial.data import load_digits
    >>> from mnist_tutorial.model import init_network
    >>> ds = load_digits().with_train_size(64)
    >>> net = init_network((64, 8, 8, 10), np.random.default_rng(0))
    >>> with Cluster(None, None, 2, ThreadPoolExecutor(2), "two threads") as c:
    ...     print(measure_speedup(c, net, ds, 16, repeats=1))  # doctest: +ELLIPSIS
    speed-up of one gradient on two threads over one process: batch of 16: ...x (...), batch of 64: ...x (...)
    """
    targets = one_hot(dataset.train.labels, dataset.n_classes)
    parts = []
    for size in dict.fromkeys((batch_size, min(4096, len(dataset.train)))):
        x, t = dataset.train.images[:size], targets[:size]
        shards = shards_of(x, t, cluster.workers)
        # The data lives on the workers (sent once); the parameters go with every call.
        placed = shards if cluster.client is None else cluster.client.scatter(shards)
        parallel.grad_mean(batch_error, net, placed, cluster.executor)  # warm-up
        here = _median_seconds(lambda: parallel.grad_mean(batch_error, net, shards), repeats)
        there = _median_seconds(
            lambda: parallel.grad_mean(batch_error, net, placed, cluster.executor), repeats
        )
        parts.append(
            f"batch of {size}: {here / there:.2f}x ({here * 1e3:.1f} ms here, "
            f"{there * 1e3:.1f} ms there)"
        )
    return f"speed-up of one gradient on {cluster.description} over one process: " + ", ".join(
        parts
    )
