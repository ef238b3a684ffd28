"""Smoke tests of the benchmark suite (benchmarks/): it runs, its table and JSON
are well formed, and every workload computes what its baseline computes.

Nothing here is timed: figures come from ``python -m benchmarks``, never from
an assertion.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a script package, not installed
    sys.path.insert(0, str(ROOT))

from benchmarks import chains, harness, mnist, peers, run, training  # noqa: E402
from benchmarks.harness import (  # noqa: E402
    TOLERANCE,
    Case,
    Group,
    Target,
    as_arrays,
    discrepancy,
    format_table,
    run_group,
)
from benchmarks.peers import Peers  # noqa: E402

TINY = (12, 8, 6, 4)
HAVE_TORCH = importlib.util.find_spec("torch") is not None
HAVE_AUTOGRAD = importlib.util.find_spec("autograd") is not None
PEERS = [name for name, have in (("autograd", HAVE_AUTOGRAD), ("torch", HAVE_TORCH)) if have]


# --- the whole suite, in quick mode on tiny sizes ------------------------------------------


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "raw.json"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        code = run.main(
            ["--quick", "--tiny", "--repeats", "2", "--min-time", "0.0005", "--json", str(out)]
        )
    return code, buf.getvalue(), json.loads(out.read_text())


GROUPS = [
    "gradient/sample",
    "descent/sample",
    "run/sample",
    "hvp/sample",
    "gradient/batch",
    "descent/batch",
    "run/batch",
    "hvp/batch",
    "scalar-chain",
    "sin-chain",
    "optim/adam",
    "parallel/mnist",
    "memory/batch",
]


def _cases(report: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    (group,) = [g for g in report["groups"] if g["group"] == key]
    return {c["case"]: c for c in group["cases"]}


def test_quick_run_succeeds_and_reports_every_group(
    quick_run: tuple[int, str, dict[str, Any]],
) -> None:
    code, table, report = quick_run
    assert code == 0
    assert [g["group"] for g in report["groups"]] == GROUPS
    assert report["differing"] == []
    assert report["meta"]["repeats"] == 2
    assert report["meta"]["clock"] == "cpu"
    for g in report["groups"]:
        assert g["title"] in table
        assert g["cases"][0]["case"] == g["baseline"]


@pytest.mark.parametrize("key", [k for k in GROUPS[:8] if not k.startswith("hvp")])
def test_network_groups_have_the_seed_variants_and_the_peers(
    quick_run: tuple[int, str, dict[str, Any]], key: str
) -> None:
    cases = _cases(quick_run[2], key)
    assert list(cases) == ["manual", "lens", "split", "hybrid", *PEERS]


@pytest.mark.parametrize("key", ["hvp/sample", "hvp/batch"])
def test_hvp_groups_time_the_hvp_against_the_gradient(
    quick_run: tuple[int, str, dict[str, Any]], key: str
) -> None:
    cases = _cases(quick_run[2], key)
    assert list(cases) == ["gradient", "hvp"]
    assert cases["hvp"]["reference"]  # another quantity: compared in test_higher_order


def test_every_timed_case_has_its_raw_numbers(quick_run: tuple[int, str, dict[str, Any]]) -> None:
    for g in quick_run[2]["groups"]:
        memory = g["group"].startswith("memory")
        for c in g["cases"]:
            assert len(c["values"]) == (1 if memory else 2)
            assert all(v > 0 for v in c["values"])
            assert c["median"] == pytest.approx(float(np.median(c["values"])))
            assert c["ratio"] == pytest.approx(float(np.median(c["ratios"])))
            if c["case"] == g["baseline"]:
                assert c["ratios"] == [1.0] * len(c["values"])
            if not c["reference"]:
                assert c["max_rel_diff_to_baseline"] <= TOLERANCE


def test_targets_sit_on_the_issue_workloads(quick_run: tuple[int, str, dict[str, Any]]) -> None:
    report = quick_run[2]
    targets = {
        (g["group"], c["case"]): c["target"]
        for g in report["groups"]
        for c in g["cases"]
        if c["target"] is not None
    }
    scalar = "<= 0.25x, < 2 µs/op" if HAVE_TORCH else "< 2 µs/op"
    assert targets == {
        ("gradient/sample", "lens"): "<= 1.25x",
        ("run/sample", "lens"): "<= 1.05x",
        ("hvp/sample", "hvp"): "<= 4x",
        ("gradient/batch", "lens"): "<= 1.1x",
        ("hvp/batch", "hvp"): "<= 4x",
        ("scalar-chain", "backprop"): scalar,
        ("sin-chain", "backprop"): "< 2 µs/op",
        ("optim/adam", "optim.adam"): "<= 1.1x",
        ("parallel/mnist", "dask, 2 workers"): "<= 0.625x",
        ("memory/batch", "lens"): "<= 1.3x",
    }


def test_chains_report_time_per_op_and_tape_nodes(
    quick_run: tuple[int, str, dict[str, Any]],
) -> None:
    scalar = _cases(quick_run[2], "scalar-chain")
    sin = _cases(quick_run[2], "sin-chain")
    assert scalar["backprop"]["ops"] == 20 * chains.OPS_PER_STEP
    # The input's node, then 9 nodes a step: 0.1*y*y is two products.
    assert scalar["backprop"]["tape_nodes"] == 1 + 9 * 20
    # The input's node, 10 sines, the sum.
    assert sin["backprop"]["tape_nodes"] == 1 + 10 + 1
    assert sin["backprop"]["us_per_op"] == pytest.approx(sin["backprop"]["median"] / 10 * 1e6)
    assert scalar["python value"]["reference"] is True
    assert ("torch" in scalar) == HAVE_TORCH
    assert next(iter(scalar)) == ("torch" if HAVE_TORCH else "python")


# --- the workloads compute what their baselines compute ------------------------------------


@pytest.fixture(scope="module")
def groups() -> dict[str, Group]:
    p = Peers.load()
    built = [
        *mnist.mnist_groups(p, TINY, batch=5),
        *chains.chain_groups(p, 15, 8, 10),
        training.adam_group(TINY),
    ]
    return {g.key: g for g in built}


@pytest.mark.parametrize("key", GROUPS[:8])
def test_every_workload_equals_its_baseline(groups: dict[str, Group], key: str) -> None:
    group = groups[key]
    (base,) = [c for c in group.cases if c.name == group.baseline]
    want = base.arrays(base.call())
    for case in group.cases:
        if case.reference:
            continue
        got = case.arrays(case.call())
        assert len(got) == len(want), case.name
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-12, err_msg=case.name)


def test_memory_cases_equal_the_manual_gradient() -> None:
    group = mnist.memory_group(Peers.load(), TINY, batch=5)
    want = mnist.params(mnist.manual_grad(*mnist.make_data(TINY, 5, seed=0)))
    for case in group.cases:
        for g, w in zip(case.arrays(case.call()), want):
            np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-12, err_msg=case.name)


# --- the hand-written baselines are right: finite differences --------------------------------


def _loss(net: mnist.Net, x: mnist.Matrix, t: mnist.Matrix) -> float:
    p = mnist.manual_run(net, x)
    return float(-(t * np.log(p)).sum() / (1 if x.ndim == 1 else x.shape[0]))


@pytest.mark.parametrize("batch", [None, 5])
def test_manual_gradient_matches_finite_differences(batch: int | None) -> None:
    net, x, t = mnist.make_data(TINY, batch, seed=3)
    grad = mnist.params(mnist.manual_grad(net, x, t))
    rng = np.random.default_rng(1)
    eps = 1e-6
    for _ in range(3):
        d = [rng.normal(size=p.shape) for p in mnist.params(net)]

        def shifted(s: float, d: list[mnist.Matrix] = d) -> mnist.Net:
            w1, b1, w2, b2, w3, b3 = (p + s * dp for p, dp in zip(mnist.params(net), d))
            return mnist.Net(mnist.Layer(w1, b1), mnist.Layer(w2, b2), mnist.Layer(w3, b3))

        numeric = (_loss(shifted(eps), x, t) - _loss(shifted(-eps), x, t)) / (2 * eps)
        analytic = sum(float((g * dp).sum()) for g, dp in zip(grad, d))
        assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_manual_scalar_chain_derivative_matches_finite_differences() -> None:
    eps = 1e-6
    _, dy = chains.scalar_chain_manual(0.3, 50)
    up = chains.scalar_chain_manual(0.3 + eps, 50)[0]
    down = chains.scalar_chain_manual(0.3 - eps, 50)[0]
    assert dy == pytest.approx((up - down) / (2 * eps), rel=1e-6)


def test_manual_sin_chain_gradient_matches_finite_differences() -> None:
    x = np.linspace(0.1, 1.0, 4)
    eps = 1e-6

    def value(v: mnist.Matrix) -> float:
        for _ in range(7):
            v = np.sin(v)
        return float(v.sum())

    numeric = [(value(x + eps * e) - value(x - eps * e)) / (2 * eps) for e in np.eye(len(x))]
    np.testing.assert_allclose(chains.sin_chain_manual(x, 7), numeric, rtol=1e-6)


# --- the check fails when a workload computes something else ---------------------------------


def test_a_differing_workload_is_reported_and_fails_the_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    right = mnist.lens_grad

    def wrong(net: mnist.Net, x: mnist.Matrix, t: mnist.Matrix) -> mnist.Net:
        return mnist.descend(right(net, x, t), net, 1e-3)

    monkeypatch.setattr(mnist, "lens_grad", wrong)
    argv = ["--quick", "--tiny", "--no-peers", "--only", "gradient/sample", "--repeats", "1"]
    assert run.main([*argv, "--min-time", "0.0005"]) == 1
    out = capsys.readouterr().out
    assert "DIFFERS" in out
    assert "do not compute what their baseline does: gradient/sample: lens" in out


def test_discrepancy_sees_values_shapes_and_structure() -> None:
    a: harness.Arrays = [np.array([1.0, 2.0]), 3.0]
    assert discrepancy(a, [np.array([1.0, 2.0]), 3.0]) == 0.0
    assert discrepancy(a, [np.array([1.0, 2.5]), 3.0]) == pytest.approx(0.2)
    assert discrepancy(a, [np.array([1.0, 2.0, 3.0]), 3.0]) == np.inf
    assert discrepancy(a, [np.array([1.0, 2.0])]) == np.inf
    assert discrepancy([np.array([np.nan])], [np.array([1.0])]) == np.inf


def test_format_table_flags_a_differing_case() -> None:
    g = Group(
        "g",
        "a group",
        "a",
        [Case("a", lambda: np.ones(2), as_arrays), Case("b", lambda: np.zeros(2), as_arrays)],
        targets={"b": Target(ratio=1e-9)},
    )
    result = run_group(g, repeats=1, min_time=1e-4)
    assert result.rows[1].error == 1.0
    lines = format_table([result]).splitlines()
    assert "DIFFERS" in lines[3]
    assert "MISSED" in lines[3]
    assert "baseline" in lines[2]


def test_target_met() -> None:
    assert Target(ratio=1.25).met(1.2, None)
    assert not Target(ratio=1.25).met(1.3, None)
    assert not Target(ratio=0.25, us_per_op=2.0).met(0.1, 2.5)
    assert Target(ratio=0.25, us_per_op=2.0).met(0.1, 1.5)
    assert not Target(us_per_op=2.0).met(0.1, None)


# --- bad input ----------------------------------------------------------------------------------


def test_group_without_its_baseline_is_refused() -> None:
    g = Group("g", "g", "missing", [Case("a", lambda: 1.0, as_arrays)])
    with pytest.raises(ValueError, match="g: the baseline 'missing' must be one of"):
        run_group(g, repeats=1, min_time=1e-4)


def test_unknown_clock_is_refused() -> None:
    g = Group("g", "g", "a", [Case("a", lambda: 1.0, as_arrays)])
    with pytest.raises(ValueError, match="run_group: clock must be one of"):
        run_group(g, repeats=1, min_time=1e-4, clock="sundial")


def test_as_arrays_refuses_other_results() -> None:
    with pytest.raises(TypeError, match="as_arrays: expected an array"):
        as_arrays({"a": 1.0})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--only", "nope"], "--only: no group starts with"),
        (["--profile", "nope:lens"], "--profile: unknown"),
    ],
)
def test_bad_options_are_refused(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as e:
        run.main(["--tiny", "--no-peers", *argv])
    assert e.value.code == 2
    assert message in capsys.readouterr().err


# --- the entry points and the profile ------------------------------------------------------------


def test_profile_prints_where_one_case_spends_its_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["--quick", "--tiny", "--no-peers", "--profile", "sin-chain:backprop"]
    assert run.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("=== profile of sin-chain:backprop ===")
    assert "sin_chain" in out


def test_script_pins_the_threads_before_numpy_loads(tmp_path: Path) -> None:
    out = tmp_path / "raw.json"
    argv = ["--quick", "--tiny", "--no-peers", "--only", "sin-chain", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    meta = json.loads(out.read_text())["meta"]
    assert meta["pinned_by"].startswith("environment")
    assert "10 x sin, 10 elements" in done.stdout


def test_module_entry_point_shows_its_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout
    assert "--json FILE" in done.stdout


# --- the examples in the suite's docstrings -------------------------------------------------------


@pytest.mark.parametrize(
    "module", [harness, chains, mnist, peers, run, training], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testmod(module, optionflags=flags)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_hvp_row_computes_a_hessian_vector_product() -> None:
    # the hvp row is not compared with its baseline (another quantity): its
    # values are checked here, against differences of gradients
    import backprop.tree as tree

    for batch in (None, 4):
        net, x, t = mnist.make_data((6, 5, 4, 3), batch, seed=0)
        v = mnist.init_net((6, 5, 4, 3), np.random.default_rng(1))
        got = mnist.lens_hvp(net, x, t, v)
        eps = 1e-6
        up = mnist.lens_grad(tree.axpy(eps, v, net), x, t)
        down = mnist.lens_grad(tree.axpy(-eps, v, net), x, t)
        for a, b_up, b_down in zip(mnist.params(got), mnist.params(up), mnist.params(down)):
            np.testing.assert_allclose(a, (b_up - b_down) / (2 * eps), rtol=1e-5, atol=1e-8)


# --- the training rows ----------------------------------------------------------------------------


def test_the_parallel_row_runs_on_two_dask_workers_and_matches_one_process(
    quick_run: tuple[int, str, dict[str, Any]],
) -> None:
    cases = _cases(quick_run[2], "parallel/mnist")
    assert list(cases) == ["one process", "dask, 2 workers"]
    assert cases["dask, 2 workers"]["max_rel_diff_to_baseline"] <= 1e-12
    assert "2 worker processes, wall clock" in quick_run[1]


def test_the_hand_written_adam_is_adam() -> None:
    # Two steps of numpy_adam on f(x) = x**2 / 2 (gradient x) against the update rule written out.
    x, m, v = [np.array([1.0, -2.0])], [np.zeros(2)], [np.zeros(2)]
    for t in (1, 2):
        g = [x[0].copy()]
        x, m, v = training.numpy_adam(x, g, m, v, t)
    x1 = np.array([1.0, -2.0]) - training.RATE * np.sign([1.0, -2.0])  # step 1 moves by the rate
    g1 = x1
    m2 = 0.9 * 0.1 * np.array([1.0, -2.0]) + 0.1 * g1
    v2 = 0.999 * 0.001 * np.array([1.0, 4.0]) + 0.001 * g1**2
    want = x1 - training.RATE * (m2 / (1 - 0.81)) / (np.sqrt(v2 / (1 - 0.999**2)) + 1e-8)
    np.testing.assert_allclose(x[0], want, rtol=1e-6)
