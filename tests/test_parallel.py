"""backprop.parallel: one gradient per shard on threads, processes and a Dask
cluster of two worker processes, equal to the single-process gradient; bad
shards, failing workers and unpicklable functions."""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
import backprop.tree as tree
from backprop import BVar, S, learn, optim, parallel

Vec = NDArray[np.float64]
Params = tuple[learn.FC, tuple[learn.FC, learn.FC]]
Shard = tuple[Vec, Vec]

NET = learn.compose(
    learn.fc(16, 10, learn.softmax),
    learn.compose(learn.fc(32, 16, learn.logistic), learn.fc(64, 32, learn.logistic)),
)


def shard_loss(p: BVar[S, Params], shard: Shard) -> BVar[S, float]:
    """The summed cross-entropy of one shard: module level, so it pickles."""
    x, t = shard
    return learn.cross_entropy(t, NET(p, bp.const_var(x)))


def mean_loss(p: BVar[S, Params], shard: Shard) -> BVar[S, float]:
    """The mean cross-entropy over the shard's rows."""
    out: BVar[S, float] = shard_loss(p, shard) / len(shard[0])
    return out


def vector_loss(p: BVar[S, Params], shard: Shard) -> BVar[S, Vec]:
    """Wrong on purpose: a loss per row, not one number."""
    x, _ = shard
    return bnp.sum(NET(p, bp.const_var(x)), axis=1)


def failing_loss(p: BVar[S, Params], shard: Shard) -> BVar[S, float]:
    x, _ = shard
    if x.shape[0] == 3:
        raise ZeroDivisionError("shard of three rows")
    return shard_loss(p, shard)


def make_problem(rows: int = 40, shards: int = 4) -> tuple[Params, Shard, list[Shard]]:
    rng = np.random.default_rng(0)
    params = NET.init(rng)
    x = rng.normal(size=(rows, 64))
    t = np.eye(10)[rng.integers(0, 10, rows)]
    cuts = np.array_split(np.arange(rows), shards)
    return params, (x, t), [(x[c], t[c]) for c in cuts]


def flat(p: Any) -> Vec:
    return np.concatenate([np.ravel(leaf) for leaf in tree.leaves(p)])


def assert_same(got: tuple[float, Params], want: tuple[float, Params]) -> None:
    assert got[0] == pytest.approx(want[0], rel=1e-12, abs=1e-12)
    assert type(got[1]) is type(want[1])
    np.testing.assert_allclose(flat(got[1]), flat(want[1]), rtol=1e-12, atol=1e-12)


def whole(params: Params, batch: Shard) -> tuple[float, Params]:
    def f(p: BVar[S, Params]) -> BVar[S, float]:
        return shard_loss(p, batch)

    value, grad = bp.backprop(f, params)
    return float(value), grad


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[Executor]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    )
    client = distributed.Client(cluster)
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        cluster.close()


# --- the same gradient everywhere -----------------------------------------------------------


def test_serial_grad_sum_is_the_gradient_of_the_whole_batch() -> None:
    params, batch, shards = make_problem()
    assert_same(parallel.grad_sum(shard_loss, params, shards), whole(params, batch))


def test_threads_give_the_single_process_gradient() -> None:
    params, batch, shards = make_problem()
    with ThreadPoolExecutor(3) as pool:
        assert_same(parallel.grad_sum(shard_loss, params, shards, pool), whole(params, batch))


def test_processes_give_the_single_process_gradient() -> None:
    params, batch, shards = make_problem()
    with ProcessPoolExecutor(2) as pool:
        assert_same(parallel.grad_sum(shard_loss, params, shards, pool), whole(params, batch))


def test_a_dask_cluster_of_two_processes_gives_the_single_process_gradient(
    dask_executor: Executor,
) -> None:
    params, batch, shards = make_problem(rows=64, shards=4)
    kept = copy.deepcopy(params)
    got = parallel.grad_sum(shard_loss, params, shards, dask_executor)
    assert_same(got, whole(params, batch))
    np.testing.assert_array_equal(flat(params), flat(kept))
    mean = parallel.grad_mean(shard_loss, params, shards, dask_executor)
    assert mean[0] == pytest.approx(got[0] / 4, rel=1e-12)
    np.testing.assert_allclose(flat(mean[1]), flat(got[1]) / 4, rtol=1e-12, atol=1e-15)


def test_dask_workers_report_their_errors(dask_executor: Executor) -> None:
    params, _, shards = make_problem(rows=10, shards=3)  # shards of 4, 3 and 3 rows
    with pytest.raises(ZeroDivisionError, match="shard of three rows"):
        parallel.grad_sum(failing_loss, params, shards, dask_executor)
    with pytest.raises(ValueError, match=r"the loss of shard \d is not a scalar"):
        parallel.grad_sum(vector_loss, params, shards, dask_executor)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_train_on_a_dask_cluster_matches_training_here(dask_executor: Executor) -> None:
    params, batch, _ = make_problem(rows=32)

    def run(executor: Executor | None) -> learn.TrainResult[Params]:
        return learn.train(
            mean_loss, params, batch, optim.adam(0.01), epochs=2, batch_size=16,
            rng=np.random.default_rng(0), executor=executor, shards=2,
        )  # fmt: skip

    here, there = run(None), run(dask_executor)
    # The mean over two equal shards is the mean over the batch: the same steps.
    np.testing.assert_allclose(there.batch_losses, here.batch_losses, rtol=1e-12)
    np.testing.assert_allclose(flat(there.params), flat(here.params), rtol=1e-10, atol=1e-12)
    assert there.losses[-1] < there.losses[0]


# --- bad input ------------------------------------------------------------------------------------


def test_a_non_scalar_shard_loss_is_refused_naming_the_shard() -> None:
    params, _, shards = make_problem()
    with pytest.raises(
        ValueError, match=r"the loss of shard 0 is not a scalar: it is an array of shape \(10,\)"
    ):
        parallel.grad_sum(vector_loss, params, shards)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with (
        ThreadPoolExecutor(2) as pool,
        pytest.raises(ValueError, match=r"the loss of shard \d is not a scalar"),
    ):
        parallel.grad_sum(vector_loss, params, shards, pool)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_a_failing_worker_raises_its_error_and_cancels_the_rest() -> None:
    params, _, _ = make_problem()
    ran: list[int] = []
    gate = threading.Event()

    def loss(p: BVar[S, Params], shard: int) -> BVar[S, float]:
        ran.append(shard)
        if shard == 0:
            raise RuntimeError("worker 0 failed")
        gate.wait(5)
        return bnp.sum(bp.const_var(np.ones(2))) * 0.0

    kept = copy.deepcopy(params)
    with ThreadPoolExecutor(2) as pool:
        with pytest.raises(RuntimeError, match="worker 0 failed"):
            parallel.grad_sum(loss, params, range(20), pool)
        gate.set()
    # Shard 0 failed, shard 1 was running; the other 18 were cancelled (at most one
    # more may have started between the failure and the cancellation).
    assert 0 in ran
    assert len(ran) <= 3
    np.testing.assert_array_equal(flat(params), flat(kept))


def test_an_unpicklable_function_for_a_process_pool_gets_a_clear_error() -> None:
    params, _, shards = make_problem()

    def nested(p: BVar[S, Params], shard: Shard) -> BVar[S, float]:
        return shard_loss(p, shard)

    with ProcessPoolExecutor(1) as pool:
        with pytest.raises(
            TypeError, match=r"grad_sum: the loss function .*nested.* cannot be pickled"
        ) as e:
            parallel.grad_sum(nested, params, shards, pool)
        assert "module level" in str(e.value)
        with pytest.raises(TypeError, match="cannot be pickled"):
            parallel.grad_sum(lambda p, s: shard_loss(p, s), params, shards, pool)


def test_an_unpicklable_shard_gets_the_same_clear_error() -> None:
    params, _, _ = make_problem()
    with ProcessPoolExecutor(1) as pool, pytest.raises(TypeError, match="cannot be pickled"):
        parallel.grad_sum(shard_loss, params, [threading.Lock()], pool)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]


def test_no_shards_is_an_error() -> None:
    with pytest.raises(ValueError, match="grad_sum: no shards were given"):
        parallel.grad_sum(parallel.demo_loss, 0.0, [])


def test_floats_and_a_thread_pool() -> None:
    def loss(p: BVar[S, float], shard: float) -> BVar[S, float]:
        return p * shard

    with ThreadPoolExecutor(3) as pool:
        value, grad = parallel.grad_sum(loss, 2.0, [0.3, 0.01, 0.1], pool)
    assert value == pytest.approx(0.82)
    assert type(grad) is float
    assert grad == pytest.approx(0.41)
