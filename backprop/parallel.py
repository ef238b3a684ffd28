"""Data parallelism on any ``concurrent.futures.Executor``: one gradient per
shard of the data, computed where the executor runs it (threads, processes,
or a Dask cluster through ``dask.distributed.Client.get_executor()``), and
reduced with the Backprop class's ``add`` as the results arrive.

The loss of a shard is a function ``loss(p: BVar[S, P], shard) -> BVar[S, float]``.
To run in other processes it, the parameters and the shards must be
picklable: define the loss at module level (a lambda or a nested function
cannot be pickled by the standard library; Dask's cloudpickle can, if what
it captures can). Nothing is ever applied to the parameters here: a failing
shard raises its error, the other shards are cancelled, and the caller's
parameters are untouched.

>>> import numpy as np
>>> from concurrent.futures import ThreadPoolExecutor
>>> from backprop import parallel
>>> shards = [np.array([1.0, 2.0]), np.array([3.0])]
>>> with ThreadPoolExecutor(2) as pool:
...     parallel.grad_sum(parallel.demo_loss, 0.5, shards, pool)
(8.75, -9.0)
"""

from __future__ import annotations

import pickle
from collections.abc import Generator, Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

import numpy as np

from . import numpy as bnp
from . import tree as _tree
from ._class import add as _add
from ._runners import backprop as _backprop
from ._tape import BVar
from ._typevars import D, S

__all__ = ["ShardLoss", "demo_loss", "grad_mean", "grad_sum", "shard_gradient"]

P = TypeVar("P")
_D_contra = TypeVar("_D_contra", contravariant=True)


class ShardLoss(Protocol[P, _D_contra]):
    """The loss of one shard: ``(p: BVar[S, P], shard) -> BVar[S, float]``, generic
    in the scope (``backprop.learn.Objective`` is the same type).

    >>> import numpy as np
    >>> from backprop import parallel
    >>> loss: parallel.ShardLoss[float, np.ndarray] = parallel.demo_loss
    >>> parallel.grad_sum(loss, 1.0, [np.array([1.0, 3.0])])
    (4.0, -4.0)
    """

    def __call__(self, p: BVar[S, P], shard: _D_contra, /) -> BVar[S, float]: ...


def demo_loss(p: BVar[S, float], shard: np.ndarray[Any, Any]) -> BVar[S, float]:
    """``sum((shard - p) ** 2)``: a module-level (so picklable) shard loss for examples.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import parallel
    >>> bp.backprop(lambda p: parallel.demo_loss(p, np.array([1.0, 2.0])), 0.0)
    (5.0, -6.0)
    """
    return bnp.sum((p - shard) ** 2)


def _is_scalar(v: object) -> bool:
    if isinstance(v, (float, int, np.number)) and not isinstance(v, (bool, np.bool_)):
        return True
    return isinstance(v, np.ndarray) and v.ndim == 0


def _describe(v: object) -> str:
    if isinstance(v, np.ndarray):
        return f"an array of shape {np.shape(v)}"
    return f"a {type(v).__qualname__}"


def shard_gradient(loss: ShardLoss[P, D], params: P, shard: D, index: int) -> tuple[float, P]:
    """The loss of one shard and its gradient: what a worker runs.

    >>> import numpy as np
    >>> from backprop import parallel
    >>> parallel.shard_gradient(parallel.demo_loss, 0.0, np.array([2.0]), 0)
    (4.0, -4.0)
    """

    def f(p: BVar[S, P]) -> BVar[S, float]:
        out = loss(p, shard)
        # Not a BVar: the runner says so; a BVar of an array: say which shard.
        value: object = getattr(out, "value", 0.0)
        if not _is_scalar(value):
            raise ValueError(
                f"grad_sum: the loss of shard {index} is not a scalar: it is "
                f"{_describe(value)} (sum or average it to one number)"
            )
        return out

    value, grad = _backprop(f, params)
    return float(value), grad


def _pickling_error(e: BaseException) -> bool:
    text = str(e).lower()
    return isinstance(e, pickle.PicklingError) or (
        isinstance(e, (AttributeError, TypeError)) and "pickle" in text
    )


def _unpicklable(loss: object, e: BaseException) -> TypeError:
    name = getattr(loss, "__qualname__", None) or repr(loss)
    return TypeError(
        f"grad_sum: the loss function {name}, the parameters or a shard cannot be "
        f"pickled to send them to another process ({type(e).__name__}: {e}). Define "
        f"the loss at module level (a lambda or a nested function cannot be pickled), "
        f"or use a thread pool."
    )


@contextmanager
def _sending(loss: object) -> Generator[None, None, None]:
    """Say so when what is sent to a worker cannot be pickled."""
    try:
        yield
    except Exception as e:
        if _pickling_error(e):
            raise _unpicklable(loss, e) from e
        raise


def grad_sum(
    loss: ShardLoss[P, D],
    params: P,
    shards: Iterable[D],
    executor: Executor | None = None,
) -> tuple[float, P]:
    """The sum over ``shards`` of ``loss(params, shard)`` and of its gradient.

    One gradient per shard, submitted to ``executor`` (or computed here, one
    after another, when it is None), added up with the Backprop class's
    ``add`` as the results arrive. A shard whose loss is not a scalar raises
    a ``ValueError`` naming the shard; a shard that fails raises its own
    error and the shards not started yet are cancelled. A loss that cannot
    be pickled for a process pool raises a ``TypeError`` saying so.

    >>> import numpy as np
    >>> from backprop import parallel
    >>> parallel.grad_sum(parallel.demo_loss, 0.0, [np.array([1.0]), np.array([2.0, 3.0])])
    (14.0, -12.0)
    """
    parts = list(shards)
    if not parts:
        raise ValueError("grad_sum: no shards were given, there is nothing to differentiate")
    if executor is None:
        results = [shard_gradient(loss, params, shard, i) for i, shard in enumerate(parts)]
        total, grad = results[0]
        for value, g in results[1:]:
            total += value
            grad = _add(grad, g)
        return total, grad
    if isinstance(executor, ProcessPoolExecutor):
        try:
            pickle.dumps(loss)
        except Exception as e:
            raise _unpicklable(loss, e) from e
    futures: list[Future[tuple[float, P]]] = []
    try:
        for i, shard in enumerate(parts):
            with _sending(loss):
                futures.append(executor.submit(shard_gradient, loss, params, shard, i))
        total_loss = 0.0
        total_grad: Any = None
        for fut in as_completed(futures):
            with _sending(loss):
                value, g = fut.result()
            total_loss += value
            total_grad = g if total_grad is None else _add(total_grad, g)
    except BaseException:
        for fut in futures:
            fut.cancel()
        raise
    out: P = total_grad
    return total_loss, out


def grad_mean(
    loss: ShardLoss[P, D],
    params: P,
    shards: Iterable[D],
    executor: Executor | None = None,
) -> tuple[float, P]:
    """:func:`grad_sum` divided by the number of shards: the mean loss and its
    gradient (equal-sized shards of a mean loss give the loss of the whole).

    >>> import numpy as np
    >>> from backprop import parallel
    >>> parallel.grad_mean(parallel.demo_loss, 0.0, [np.array([1.0]), np.array([3.0])])
    (5.0, -4.0)
    """
    parts = list(shards)
    total, grad = grad_sum(loss, params, parts, executor)
    n = len(parts)
    return total / n, _tree.scale(1.0 / n, grad)
