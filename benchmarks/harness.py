"""Timing, checking and reporting: interleaved repeats, medians, ratios.

A ``Group`` is one workload in several variants (``Case``), one of them the
baseline. Every case is first run once and its result compared with the
baseline's (the benchmarks must compute the same thing), then each repeat
times every case once, in an order that rotates from repeat to repeat, so
slow drifts of a shared machine hit all variants alike. A case's ratio is the
median over repeats of its time divided by the baseline's time in the same
repeat.

>>> import numpy as np
>>> g = Group("demo", "demo", "slow", [
...     Case("slow", lambda: np.arange(3.0), as_arrays),
...     Case("fast", lambda: np.arange(3.0), as_arrays),
... ])
>>> [r.case for r in run_group(g, repeats=2, min_time=1e-4).rows]
['slow', 'fast']
"""

from __future__ import annotations

import cProfile
import gc
import importlib
import io
import math
import pstats
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar

__all__ = [
    "Case",
    "Group",
    "GroupResult",
    "MemoryGroup",
    "Row",
    "Target",
    "as_arrays",
    "discrepancy",
    "format_table",
    "measure_memory",
    "peak_bytes",
    "profile_case",
    "run_group",
    "tape_nodes",
]

R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")
S = TypeVar("S")

# Largest relative difference to the baseline's result that still counts as
# "the same computation": float64 round-off over a few thousand operations.
TOLERANCE = 1e-8

Arrays = Sequence["NDArray[Any] | float"]


def as_arrays(result: NDArray[Any] | float | Sequence[NDArray[Any] | float]) -> Arrays:
    """A result as a list of arrays or floats, for the comparison with the baseline.

    >>> as_arrays(2.0), len(as_arrays([np.ones(2), 1.0]))
    ([2.0], 2)
    """
    if isinstance(result, (list, tuple)):
        return list(result)
    if isinstance(result, (np.ndarray, float, np.floating)):
        return [result]
    raise TypeError(f"as_arrays: expected an array, a float or a sequence, got {type(result)}")


def discrepancy(got: Arrays, want: Arrays) -> float:
    """The largest difference between two results, relative to each array's scale.

    ``inf`` when their structure or shapes differ.

    >>> discrepancy([np.array([1.0, 2.0])], [np.array([1.0, 2.5])])
    0.2
    >>> discrepancy([np.ones(2)], [np.ones(3)])
    inf
    """
    if len(got) != len(want):
        return math.inf
    worst = 0.0
    for g, w in zip(got, want):
        ga = np.asarray(g, dtype=np.float64)
        wa = np.asarray(w, dtype=np.float64)
        if ga.shape != wa.shape:
            return math.inf
        if ga.size == 0:
            continue
        scale = float(np.max(np.abs(wa)))
        diff = float(np.max(np.abs(ga - wa)))
        if not math.isfinite(diff):
            return math.inf
        worst = max(worst, diff / scale if scale > 0 else diff)
    return worst


@dataclass(frozen=True)
class Case(Generic[R]):
    """One variant of a workload: the call that is timed, and how to read its
    result as arrays for the comparison with the baseline (not timed).

    ``reference``: shown for context, its result is not the baseline's (a
    forward-only evaluation next to gradients), so it is not compared.

    >>> c = Case("numpy", lambda: np.ones(2), as_arrays)
    >>> c.arrays(c.call())[0].shape
    (2,)
    """

    name: str
    call: Callable[[], R]
    arrays: Callable[[R], Arrays]
    reference: bool = False
    nodes: int | None = None  # tape nodes, for the library's cases


@dataclass(frozen=True)
class Target:
    """A goal for one case: a ratio to the baseline and/or an absolute time per op.

    >>> Target(ratio=1.25).describe()
    '<= 1.25x'
    >>> Target(ratio=0.25, us_per_op=2.0).describe()
    '<= 0.25x, < 2 µs/op'
    """

    ratio: float | None = None
    us_per_op: float | None = None

    def describe(self) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(f"<= {self.ratio:g}x")
        if self.us_per_op is not None:
            parts.append(f"< {self.us_per_op:g} µs/op")
        return ", ".join(parts)

    def met(self, ratio: float, us_per_op: float | None) -> bool:
        """Whether a measured ratio (and time per op) meets the target.

        >>> Target(ratio=0.25, us_per_op=2.0).met(0.1, 2.5)
        False
        """
        ok = self.ratio is None or ratio <= self.ratio
        if self.us_per_op is not None:
            ok = ok and us_per_op is not None and us_per_op < self.us_per_op
        return ok


@dataclass(frozen=True)
class Group:
    """A workload in several variants, timed side by side.

    ``ops`` > 0 reports time per operation (the time divided by ``ops``).
    ``clock`` overrides the run's clock for this group: ``"wall"`` where the
    work happens in other processes, whose CPU time this process does not see.

    >>> Group("g", "a group", "numpy", [Case("numpy", lambda: 1.0, as_arrays)]).baseline
    'numpy'
    """

    key: str
    title: str
    baseline: str
    cases: Sequence[Case[Any]]
    ops: int = 0
    targets: dict[str, Target] = field(default_factory=dict)
    clock: str | None = None


@dataclass(frozen=True)
class MemoryGroup:
    """Peak traced memory (tracemalloc) of one call of each case.

    >>> MemoryGroup("m", "memory", "a", [Case("a", lambda: np.ones(3), as_arrays)]).key
    'm'
    """

    key: str
    title: str
    baseline: str
    cases: Sequence[Case[Any]]
    targets: dict[str, Target] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    """The measurements of one case: raw per-repeat figures and their medians.

    ``values`` are seconds per call (or bytes, for memory), one per repeat;
    ``ratios`` the same repeat's value divided by the baseline's.

    >>> row = run_group(Group("g", "g", "a", [Case("a", lambda: 1.0, as_arrays)]), 3, 1e-4).rows[0]
    >>> row.as_json()["ratios"], row.met
    ([1.0, 1.0, 1.0], None)
    """

    group: str
    case: str
    unit: str
    number: int
    values: list[float]
    ratios: list[float]
    error: float | None
    reference: bool
    nodes: int | None
    ops: int
    target: Target | None

    @property
    def median(self) -> float:
        """The median of ``values``."""
        return statistics.median(self.values)

    @property
    def ratio(self) -> float:
        """The median of ``ratios``: the figure compared with the target."""
        return statistics.median(self.ratios)

    @property
    def us_per_op(self) -> float | None:
        """The median time divided by the group's ``ops``, in microseconds."""
        return self.median / self.ops * 1e6 if self.ops else None

    @property
    def met(self) -> bool | None:
        """Whether the target is met (None without a target)."""
        return None if self.target is None else self.target.met(self.ratio, self.us_per_op)

    def as_json(self) -> dict[str, Any]:
        """The raw numbers and their summary, for ``--json``."""
        return {
            "case": self.case,
            "unit": self.unit,
            "calls_per_sample": self.number,
            "values": self.values,
            "ratios": self.ratios,
            "median": self.median,
            "ratio": self.ratio,
            "us_per_op": self.us_per_op,
            "ops": self.ops or None,
            "tape_nodes": self.nodes,
            "max_rel_diff_to_baseline": self.error,
            "reference": self.reference,
            "target": None if self.target is None else self.target.describe(),
            "met": self.met,
        }


@dataclass(frozen=True)
class GroupResult:
    """The rows of one group, baseline first.

    >>> g = Group("g", "g", "a", [Case("b", lambda: 1.0, as_arrays), Case("a", lambda: 1.0, as_arrays)])
    >>> [c["case"] for c in run_group(g, 1, 1e-4).as_json()["cases"]]
    ['a', 'b']
    """

    key: str
    title: str
    baseline: str
    rows: list[Row]

    def as_json(self) -> dict[str, Any]:
        """The group and its cases' raw numbers, for ``--json``."""
        return {
            "group": self.key,
            "title": self.title,
            "baseline": self.baseline,
            "cases": [r.as_json() for r in self.rows],
        }


def _ordered(cases: Sequence[Case[Any]], baseline: str, what: str) -> list[Case[Any]]:
    names = [c.name for c in cases]
    if baseline not in names or len(set(names)) != len(names):
        raise ValueError(f"{what}: the baseline {baseline!r} must be one of {names}, once")
    return sorted(cases, key=lambda c: c.name != baseline)


def _errors(cases: list[Case[Any]], results: dict[str, Any]) -> dict[str, float | None]:
    base = cases[0]
    want = base.arrays(results[base.name])
    return {
        c.name: None if c.reference else discrepancy(c.arrays(results[c.name]), want) for c in cases
    }


CLOCKS: dict[str, Callable[[], float]] = {
    # CPU time of the process (user + system, every thread): the time it spends
    # descheduled on a shared machine is not counted.
    "cpu": time.process_time,
    "wall": time.perf_counter,
}


def _calls_for(call: Callable[[], object], min_time: float, clock: Callable[[], float]) -> int:
    """How many calls make one timing sample last about ``min_time``."""
    n = 1
    while True:
        t0 = clock()
        for _ in range(n):
            call()
        elapsed = clock() - t0
        if elapsed >= min_time / 4 or n >= 1 << 20:
            return max(1, math.ceil(n * min_time / max(elapsed, 1e-9)))
        n *= 4


def run_group(
    group: Group,
    repeats: int,
    min_time: float,
    clock: str = "cpu",
    log: Callable[[str], None] = lambda _: None,
) -> GroupResult:
    """Check every case against the baseline, then time them interleaved.

    ``clock`` is ``"cpu"`` (process CPU time) or ``"wall"``.

    >>> g = Group("g", "g", "a", [Case("a", lambda: 1.0, as_arrays)], ops=10)
    >>> row = run_group(g, repeats=3, min_time=1e-4).rows[0]
    >>> row.ratio, len(row.values), row.us_per_op is not None
    (1.0, 3, True)
    """
    cases, errors = _checked(group)  # also the warm-up
    clock = group.clock or clock
    if clock not in CLOCKS:
        raise ValueError(f"run_group: clock must be one of {sorted(CLOCKS)}, got {clock!r}")
    now = CLOCKS[clock]
    numbers = {c.name: _calls_for(c.call, min_time, now) for c in cases}
    values: dict[str, list[float]] = {c.name: [] for c in cases}
    for r in range(repeats):
        k = r % len(cases)
        for case in cases[k:] + cases[:k]:
            n, call = numbers[case.name], case.call
            t0 = now()
            for _ in range(n):
                call()
            values[case.name].append((now() - t0) / n)
        log(f"{group.key}: repeat {r + 1}/{repeats}")
    return _result(group, cases, errors, "s", numbers, values, group.ops)


def _checked(group: Group | MemoryGroup) -> tuple[list[Case[Any]], dict[str, float | None]]:
    """The group's cases, baseline first, each called once and its result
    compared with the baseline's (the errors, by case name)."""
    cases = _ordered(group.cases, group.baseline, group.key)
    results = {c.name: c.call() for c in cases}
    return cases, _errors(cases, results)


def _result(
    group: Group | MemoryGroup,
    cases: list[Case[Any]],
    errors: dict[str, float | None],
    unit: str,
    numbers: dict[str, int],
    values: dict[str, list[float]],
    ops: int,
) -> GroupResult:
    """The rows of a measured group: each repeat's value over the baseline's."""
    base = values[group.baseline]
    rows = [
        Row(
            group=group.key,
            case=c.name,
            unit=unit,
            number=numbers[c.name],
            values=values[c.name],
            ratios=[v / b for v, b in zip(values[c.name], base)],
            error=errors[c.name],
            reference=c.reference,
            nodes=c.nodes,
            ops=ops,
            target=group.targets.get(c.name),
        )
        for c in cases
    ]
    return GroupResult(group.key, group.title, group.baseline, rows)


def peak_bytes(call: Callable[[], object]) -> int:
    """Peak memory traced by tracemalloc during one call, above what was live before.

    numpy reports its array buffers to tracemalloc, so this counts them; the
    call's result is still alive at the peak, as it is for every case.

    >>> peak_bytes(lambda: np.zeros(1000)) >= 8000
    True
    """
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        tracemalloc.stop()
    return peak - before


def measure_memory(group: MemoryGroup, repeats: int) -> GroupResult:
    """The smallest peak over ``repeats`` calls of each case, as a ratio to the baseline's.

    >>> g = MemoryGroup("m", "m", "a", [Case("a", lambda: np.zeros(100), as_arrays)])
    >>> measure_memory(g, 1).rows[0].ratio
    1.0
    """
    cases, errors = _checked(group)
    peaks = {c.name: [float(min(peak_bytes(c.call) for _ in range(repeats)))] for c in cases}
    return _result(group, cases, errors, "bytes", dict.fromkeys(peaks, 1), peaks, 0)


def profile_case(case: Case[Any], seconds: float = 2.0, top: int = 30) -> str:
    """Where one case spends its time, over about ``seconds`` of calls:
    pyinstrument's call tree (wall clock) when it is installed, else
    cProfile's top functions by own time.

    >>> "calls" in profile_case(Case("c", lambda: sum(range(100)), as_arrays), 0.01)
    True
    """
    n = _calls_for(case.call, seconds, time.perf_counter)
    header = f"{case.name}: {n} calls\n"
    try:
        pyinstrument: Any = importlib.import_module("pyinstrument")  # optional, untyped
    except ImportError:
        pyinstrument = None
    if pyinstrument is not None:
        profiler = pyinstrument.Profiler(interval=0.0002)
        profiler.start()
        for _ in range(n):
            case.call()
        profiler.stop()
        return header + str(profiler.output_text(unicode=False, color=False))
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        case.call()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return header + out.getvalue()


def tape_nodes(f: bp.Differentiable[A, B], x: A) -> int:
    """How many nodes ``f`` puts on a tape at ``x``, the input's own node included.

    The tape's size is not public: it is read from the index of the output's
    node, which is the last one created by the functions measured here.

    >>> tape_nodes(lambda v: v * 2.0 + 1.0, 3.0)
    3
    """
    count = 0

    def counted(v: BVar[S, A]) -> BVar[S, B]:
        nonlocal count
        out = f(v)
        count = out._idx + 1
        return out

    bp.grad_bp(counted, x)
    return count


def _duration(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.4g} {unit}"
    return f"{seconds * 1e9:.4g} ns"


def _size(n: float) -> str:
    for unit, scale in (("GB", 2.0**30), ("MB", 2.0**20), ("kB", 2.0**10)):
        if n >= scale:
            return f"{n / scale:.4g} {unit}"
    return f"{n:.0f} B"


def _figure(row: Row) -> str:
    if row.unit == "bytes":
        return _size(row.median)
    if row.us_per_op is not None:
        return f"{row.us_per_op:.3g} µs/op"
    return _duration(row.median)


def _note(row: Row, baseline: str) -> str:
    notes = []
    if row.case == baseline:
        notes.append("baseline")
    if row.reference:
        notes.append("reference, not compared")
    elif row.error is not None and row.case != baseline:
        notes.append(f"diff {row.error:.0e}" if row.error <= TOLERANCE else "DIFFERS")
    if row.nodes is not None:
        notes.append(f"{row.nodes} tape nodes")
    return ", ".join(notes)


def format_table(results: Sequence[GroupResult]) -> str:
    """One table: a line per case with its median, its ratio to the baseline,
    its target and whether it is met.

    >>> g = Group("g", "a group", "a", [Case("a", lambda: 1.0, as_arrays)])
    >>> print(format_table([run_group(g, 1, 1e-4)]).splitlines()[0].split())
    ['workload', 'variant', 'median', 'ratio', 'target', 'notes']
    """
    header = ("workload", "variant", "median", "ratio", "target", "notes")
    lines: list[tuple[str, ...]] = []
    for result in results:
        for i, row in enumerate(result.rows):
            target = ""
            if row.target is not None:
                target = f"{row.target.describe()} {'ok' if row.met else 'MISSED'}"
            lines.append(
                (
                    result.title if i == 0 else "",
                    row.case,
                    _figure(row),
                    f"{row.ratio:.2f}x",
                    target,
                    _note(row, result.baseline),
                )
            )
        lines.append(("",) * len(header))
    widths = [max(len(x[k]) for x in [header, *lines]) for k in range(len(header))]

    def fmt(cols: tuple[str, ...]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip()

    rule = "-" * len(fmt(tuple("-" * w for w in widths)))
    return "\n".join([fmt(header), rule, *(fmt(x) for x in lines[:-1])])
