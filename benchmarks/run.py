"""The command line: ``python -m benchmarks`` or ``python benchmarks/run.py``.

Prints one table (medians over interleaved repeats, ratios to the baseline
measured in the same run) and exits 1 if a workload does not compute the same
thing as its baseline. Missing a target is reported, never an error: this is
a benchmark, not a test.

numpy's BLAS is pinned to one thread: through the environment when numpy is
not loaded yet (the usual case), and through threadpoolctl when it is
installed; PyTorch through ``torch.set_num_threads(1)``.

>>> build_parser().parse_args(["--quick", "--json", "out.json"]).json
'out.json'
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

__all__ = ["build_parser", "main"]

_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def build_parser() -> argparse.ArgumentParser:
    """The command-line options.

    >>> build_parser().parse_args([]).clock
    'cpu'
    """
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmarks of backprop against hand-written gradients and peers.",
    )
    parser.add_argument(
        "--quick", action="store_true", help="few repeats, short samples (a smoke run)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the raw numbers to FILE")
    parser.add_argument("--repeats", type=int, help="interleaved repeats (default 15, quick 3)")
    parser.add_argument(
        "--min-time",
        type=float,
        metavar="SECONDS",
        help="length of one timing sample (default 0.05, quick 0.002)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="PREFIX",
        help="only the groups whose key starts with a prefix "
        "(gradient, descent, run, run/sample, hvp, scalar-chain, sin-chain, optim, parallel, memory)",
    )
    parser.add_argument(
        "--tiny", action="store_true", help="tiny sizes: checks the suite, measures nothing"
    )
    parser.add_argument("--no-peers", action="store_true", help="skip autograd and PyTorch")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu: the process's CPU time, leaving out the time it waits descheduled on a "
        "shared machine (default); wall: elapsed time",
    )
    parser.add_argument(
        "--profile",
        nargs="+",
        metavar="GROUP:CASE",
        help="instead of the table, profile these cases (e.g. gradient/sample:lens) "
        "with pyinstrument when installed, else cProfile",
    )
    return parser


@contextlib.contextmanager
def _one_thread() -> Iterator[str]:
    """Pin numpy's BLAS to one thread for the duration; say how."""
    how = []
    if "numpy" not in sys.modules:
        for var in _THREAD_VARIABLES:
            os.environ[var] = "1"
        how.append("environment")
    try:
        threadpoolctl: Any = importlib.import_module("threadpoolctl")  # optional, untyped
    except ImportError:
        yield " + ".join(how) or "NOT pinned: numpy was loaded first and threadpoolctl is missing"
        return
    with threadpoolctl.threadpool_limits(limits=1):
        yield " + ".join([*how, "threadpoolctl"])


def _selected(key: str, only: Sequence[str] | None) -> bool:
    return only is None or any(key.startswith(p) for p in only)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite and print the table; 1 if a workload differs from its baseline.

    >>> main(["--tiny", "--quick", "--no-peers", "--only", "sin", "--repeats", "1"])  # doctest: +ELLIPSIS
    backprop benchmarks: medians over 1 interleaved repeats of process CPU time; ...
    0
    """
    args = build_parser().parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 15)
    min_time = args.min_time or (0.002 if args.quick else 0.05)
    with _one_thread() as pinning, contextlib.ExitStack() as stack:
        # numpy is loaded only now, after the thread variables are set.
        import numpy as np

        from .chains import chain_groups
        from .harness import (
            TOLERANCE,
            GroupResult,
            format_table,
            measure_memory,
            profile_case,
            run_group,
        )
        from .mnist import memory_group, mnist_groups
        from .peers import Peers
        from .training import adam_group, parallel_group

        peers = Peers.load(enabled=not args.no_peers)
        if args.tiny:
            sizes, batch, steps, sins, width = (12, 8, 6, 4), 6, 20, 10, 10
        else:
            sizes, batch, steps, sins, width = (784, 300, 100, 10), 256, 1000, 200, 10

        def log(msg: str) -> None:
            print(msg, file=sys.stderr, flush=True)

        started = time.time()
        groups = [*mnist_groups(peers, sizes, batch), *chain_groups(peers, steps, sins, width)]
        groups.append(adam_group(sizes))
        if _selected("parallel", args.only) and not args.profile:
            # The Dask cluster starts only when its group is wanted.
            dask_group = parallel_group(stack, sizes, 64 if args.tiny else 4096)
            if dask_group is not None:
                groups.append(dask_group)
        memory = memory_group(peers, sizes, batch)
        keys = [g.key for g in groups] + [memory.key]
        if args.only and not any(_selected(k, args.only) for k in keys):
            build_parser().error(f"--only: no group starts with {args.only}; the groups: {keys}")
        if args.profile:
            cases = {f"{g.key}:{c.name}": c for g in groups for c in g.cases}
            unknown = [p for p in args.profile if p not in cases]
            if unknown:
                build_parser().error(f"--profile: unknown {unknown}; the cases: {sorted(cases)}")
            for name in args.profile:
                print(f"=== profile of {name} ===")
                print(profile_case(cases[name], 0.05 if args.quick else 3.0))
            return 0
        results: list[GroupResult] = []
        for group in groups:
            if _selected(group.key, args.only):
                log(f"timing {group.key} ({', '.join(c.name for c in group.cases)})")
                results.append(run_group(group, repeats, min_time, args.clock))
        if _selected(memory.key, args.only):
            log(f"measuring {memory.key}")
            results.append(measure_memory(memory, 1 if args.quick else 3))

    clock = "process CPU time" if args.clock == "cpu" else "wall-clock time"
    print(
        f"backprop benchmarks: medians over {repeats} interleaved repeats of {clock}; "
        f"ratio = median over repeats of the time over the baseline's in the same repeat; "
        f"BLAS threads: 1 ({pinning}); peers: "
        + (", ".join(f"{k} {v}" for k, v in peers.versions().items() if v) or "none")
    )
    print(format_table(results))
    differing = [
        f"{r.key}: {row.case}"
        for r in results
        for row in r.rows
        if row.error is not None and not row.error <= TOLERANCE
    ]
    if args.json:
        report: dict[str, Any] = {
            "meta": {
                "python": platform.python_version(),
                "numpy": np.__version__,
                "platform": platform.platform(),
                "cpus": os.cpu_count(),
                "blas_threads": 1,
                "pinned_by": pinning,
                "peers": peers.versions(),
                "repeats": repeats,
                "min_time": min_time,
                "clock": args.clock,
                "quick": args.quick,
                "tiny": args.tiny,
                "seconds": time.time() - started,
                "tolerance": TOLERANCE,
            },
            "groups": [r.as_json() for r in results],
            "differing": differing,
        }
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    if differing:
        print("these workloads do not compute what their baseline does: " + "; ".join(differing))
        return 1
    return 0


if __name__ == "__main__":
    # `python benchmarks/run.py`: the package's parent must be importable.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.run import main as _main

    sys.exit(_main())
