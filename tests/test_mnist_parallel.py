"""``python -m mnist_tutorial`` with ``--optimizer``, ``--workers`` and ``--scheduler``."""

from __future__ import annotations

import re

import pytest

from mnist_tutorial.__main__ import main
from mnist_tutorial.data import load_digits
from mnist_tutorial.train import Config, make_optimizer, train

SMALL = ["--epochs", "2", "--train-size", "200", "--hidden", "16,8", "--no-progress"]
SPEEDUP = re.compile(
    r"speed-up of one gradient on (.*) over one process: batch of 32: \d+\.\d\dx "
    r"\(\d+\.\d ms here, \d+\.\d ms there\), batch of 200: \d+\.\d\dx .*"
)


@pytest.mark.parametrize("name", ["sgd", "momentum", "adam"])
def test_each_optimizer_trains(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*SMALL, "--optimizer", name]) == 0
    out = capsys.readouterr().out
    assert f"{name} at learning rate" in out
    losses = [float(m) for m in re.findall(r"training loss (\d+\.\d+)", out)]
    assert losses[1] < losses[0]


def test_the_default_is_the_seed_tutorials_gradient_descent() -> None:
    assert repr(make_optimizer(Config())) == "optim.sgd(rate=0.3)"
    ds = load_digits().with_train_size(100)
    a = train(ds, Config(epochs=1, hidden=(8, 8)))
    b = train(ds, Config(epochs=1, hidden=(8, 8), optimizer="sgd", lr=0.3))
    assert [(r.train_loss, r.accuracy) for r in a.history] == [
        (r.train_loss, r.accuracy) for r in b.history
    ]


def test_workers_train_on_a_local_dask_cluster_and_report_the_speedup(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("distributed")
    assert main([*SMALL, "--workers", "2", "--optimizer", "adam"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "cluster: a local Dask cluster of 2 worker processes (1 thread each)" in lines
    assert any(SPEEDUP.fullmatch(line) for line in lines), lines
    assert lines[-1].startswith("held-out accuracy: ")


def test_scheduler_joins_a_running_cluster(capsys: pytest.CaptureFixture[str]) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        assert main([*SMALL, "--scheduler", cluster.scheduler_address]) == 0
    out = capsys.readouterr().out
    assert f"cluster: 2 workers at {cluster.scheduler_address}" in out
    assert "speed-up of one gradient on 2 workers at" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--workers", "0"], "expected a positive integer"),
        (["--workers", "2", "--scheduler", "tcp://x:1"], "not allowed with argument"),
        (["--optimizer", "lbfgs"], "invalid choice: 'lbfgs'"),
    ],
)
def test_bad_parallel_arguments(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 2
    assert message in capsys.readouterr().err


def test_an_unreachable_scheduler_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    assert main([*SMALL, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach a Dask cluster" in capsys.readouterr().err
