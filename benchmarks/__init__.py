"""The benchmark suite: ``python -m benchmarks`` (or ``python benchmarks/run.py``).

It prints one table of medians over interleaved repeats, each figure a ratio
to a baseline measured side by side in the same process, with numpy's BLAS
(and PyTorch) pinned to one thread. It is a script, never a timed test: the
smoke test (``tests/test_benchmarks.py``) only checks that every workload
computes the same thing as its baseline and that the output is well formed.

Modules: ``harness`` (timing, checks, the table and the JSON), ``mnist``
(the seed's 784-300-100-10 network: gradient, descent and run, in the
variants manual, lens, split and hybrid), ``chains`` (per-node cost on a
scalar chain and on a chain of ``bnp.sin``), ``peers`` (HIPS autograd and
PyTorch eager, when installed), ``run`` (the command line).

Options: ``--quick`` (few repeats), ``--json FILE`` (the raw numbers),
``--only PREFIX...``, ``--clock cpu|wall`` (default: the process's CPU time,
which leaves out the time it waits while a shared machine runs others), ``--profile
GROUP:CASE...`` (where one case spends its time, with pyinstrument when it is
installed), ``--tiny`` (tiny sizes, for the smoke test), ``--no-peers``.

The peers are optional: ``pip install -e .[bench]`` brings autograd (and
threadpoolctl, pyinstrument); PyTorch is installed by hand, pinned to its CPU
build, because a looser requirement pulls gigabytes of CUDA packages:
``pip install torch==2.13.0`` with the CPU wheel index or a local wheel.

Importing the package imports nothing else: ``run.main`` pins the threads
before numpy is loaded.
"""
