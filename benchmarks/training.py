"""Training: one ``optim.adam`` step against Adam written by hand in numpy, and
``parallel.grad_sum`` on a Dask cluster of worker processes against one
process, both on the seed's 784-300-100-10 network (``benchmarks.mnist``).

- ``optim/adam``: one step from the same state, for the ``Net`` record
  (``optim.adam`` walks it with ``backprop.tree``) and for its six arrays
  (the hand-written loop, the baseline).
- ``parallel/mnist``: the gradient of the mean cross-entropy of a batch split
  into one shard per worker; ``one process`` computes the shards one after
  the other here, ``dask`` on a local cluster of worker processes (one
  thread each, loopback only, no dashboard), the shards sent to the workers
  once beforehand (``client.scatter``: the data lives where it is used) and
  the parameters with every call. Timed by the wall clock.

>>> import numpy as np
>>> net, x, t = mnist.make_data((4, 3, 3, 2), 6, seed=0)
>>> shard_error(net, (x, t)) > 0
True
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from functools import partial
from typing import TypeVar

import numpy as np

import backprop as bp
from backprop import BVar, optim, parallel
from backprop.optim import Optimizer, OptState
from mnist_tutorial.parallel import Cluster, shards_of

from . import mnist
from .harness import Arrays, Case, Group, Target
from .mnist import Matrix, Net

__all__ = ["adam_group", "numpy_adam", "parallel_group", "shard_error", "shard_error_bvar"]

S = TypeVar("S")
RATE, B1, B2, EPS = 1e-3, 0.9, 0.999, 1e-8


def shard_error_bvar(n: BVar[S, Net], shard: tuple[Matrix, Matrix]) -> BVar[S, float]:
    """The mean cross-entropy of one shard (``mnist.error_lens``), as a shard loss:
    module level, so it is sent to the workers by reference.

    >>> import backprop as bp
    >>> net, x, t = mnist.make_data((4, 3, 3, 2), 6, seed=0)
    >>> bp.eval_bp(lambda n: shard_error_bvar(n, (x, t)), net) > 0
    True
    """
    x, t = shard
    return mnist.error_lens(x, t, n)


def shard_error(net: Net, shard: tuple[Matrix, Matrix]) -> float:
    """The value of :func:`shard_error_bvar`.

    >>> net, x, t = mnist.make_data((4, 3, 3, 2), 6, seed=0)
    >>> shard_error(net, (x, t)) > 0
    True
    """

    def f(n: BVar[S, Net]) -> BVar[S, float]:
        return shard_error_bvar(n, shard)

    return bp.eval_bp(f, net)


def numpy_adam(
    params: list[Matrix], grads: list[Matrix], m: list[Matrix], v: list[Matrix], t: int
) -> tuple[list[Matrix], list[Matrix], list[Matrix]]:
    """One Adam step, by hand, over a list of arrays: new parameters and moments.

    >>> p, m, v = numpy_adam([np.ones(2)], [np.ones(2)], [np.zeros(2)], [np.zeros(2)], 1)
    >>> p[0].round(6)
    array([0.999, 0.999])
    """
    new_p, new_m, new_v = [], [], []
    for p_i, g, m_i, v_i in zip(params, grads, m, v):
        m1 = B1 * m_i + (1 - B1) * g
        v1 = B2 * v_i + (1 - B2) * (g * g)
        m_hat = m1 / (1 - B1**t)
        v_hat = v1 / (1 - B2**t)
        new_p.append(p_i - RATE * m_hat / (np.sqrt(v_hat) + EPS))
        new_m.append(m1)
        new_v.append(v1)
    return new_p, new_m, new_v


def adam_group(sizes: tuple[int, int, int, int] = (784, 300, 100, 10)) -> Group:
    """One Adam step on the network's parameters: ``optim.adam`` against :func:`numpy_adam`.

    >>> [c.name for c in adam_group((4, 3, 3, 2)).cases]
    ['numpy', 'optim.adam']
    """
    net, x, t = mnist.make_data(sizes, 16, seed=0)
    opt: Optimizer[Net] = optim.adam(RATE, B1, B2, EPS)
    state: OptState[Net] = opt.init(net)
    # A few steps first, so the moments are not zero.
    for _ in range(3):
        net, state = opt.step(net, mnist.lens_grad(net, x, t), state)
    grad = mnist.lens_grad(net, x, t)
    m, v = (mnist.params(s) for s in state.slots)
    flat_p, flat_g, t_next = mnist.params(net), mnist.params(grad), state.count + 1

    def library() -> Net:
        return opt.step(net, grad, state)[0]

    def by_hand() -> list[Matrix]:
        return numpy_adam(flat_p, flat_g, m, v, t_next)[0]

    shape = "-".join(map(str, sizes))
    return Group(
        "optim/adam",
        f"one Adam step ({shape} parameters)",
        "numpy",
        [Case("numpy", by_hand, list), Case("optim.adam", library, mnist.params)],
        targets={"optim.adam": Target(ratio=1.1)},
    )


def _grad_arrays(result: tuple[float, Net]) -> Arrays:
    return [result[0], *mnist.params(result[1])]


def parallel_group(
    stack: contextlib.ExitStack,
    sizes: tuple[int, int, int, int] = (784, 300, 100, 10),
    batch: int = 4096,
    workers: int = 2,
) -> Group | None:
    """``grad_mean`` of a batch split over ``workers`` Dask worker processes
    against the same shards in this process; None without dask.distributed.
    The cluster is closed when ``stack`` closes.

    >>> with contextlib.ExitStack() as stack:
    ...     group = parallel_group(stack, (4, 3, 3, 2), batch=8)
    ...     [c.name for c in group.cases] if group else ['one process', 'dask, 2 workers']
    ['one process', 'dask, 2 workers']
    """
    try:
        cluster = Cluster.start(workers, None)  # the tutorial's: one thread per worker process
    except ImportError:
        return None
    stack.enter_context(cluster)
    net, x, t = mnist.make_data(sizes, batch, seed=0)
    shards = shards_of(x, t, workers)
    client, executor = cluster.client, cluster.executor
    on_workers = client.scatter(shards)
    mean: Callable[..., tuple[float, Net]] = parallel.grad_mean
    shape = "-".join(map(str, sizes))
    return Group(
        "parallel/mnist",
        f"gradient, batch of {batch} ({shape}), {workers} worker processes, wall clock",
        "one process",
        [
            Case("one process", partial(mean, shard_error_bvar, net, shards), _grad_arrays),
            Case(
                f"dask, {workers} workers",
                partial(mean, shard_error_bvar, net, on_workers, executor),
                _grad_arrays,
            ),
        ],
        targets={f"dask, {workers} workers": Target(ratio=1 / 1.6)},
        clock="wall",
    )
