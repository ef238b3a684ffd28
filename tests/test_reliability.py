"""The reliability rules of DESIGN.md, the issue's figures, and the errors
that bad input gets (each checked by its message)."""

from __future__ import annotations

import copy
import gc
import math
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import backprop as bp
import backprop.explicit as bpe
from backprop import BVar, S

Arr = NDArray[np.float64]

# --- the issue's figures ----------------------------------------------------------------


def test_issue_figure_grad_of_a_square() -> None:
    assert bp.grad_bp(lambda x: x**2 + 3, 9.0) == 18.0


@pytest.mark.parametrize("xs", [[1, 6, 2], [1.0, 6.0, 2.0]], ids=["ints", "floats"])
def test_issue_figure_grad_bp2_over_a_sequence(xs: list[float]) -> None:
    def f(x: BVar[S, float], ys: BVar[S, list[float]]) -> BVar[S, float]:
        return sum(y**2 for y in bp.sequence_var(ys)) / x

    gx, gxs = bp.grad_bp2(f, 9.0, xs)
    assert gx == -0.5061728395061729
    assert gxs == pytest.approx([2 / 9, 12 / 9, 4 / 9], rel=1e-15, abs=0)
    assert all(type(g) is float for g in gxs)


# --- inputs, captured constants and seeds are never written -----------------------------

C: Arr = np.array([0.5, -1.5, 2.0])


def lin_vjp(v: Arr) -> tuple[float, Callable[[float], Arr]]:
    # Returns the captured constant itself when d == 1: the tape receives a
    # caller's array as a gradient contribution and must not add into it.
    return float(C @ v), lambda d: C if d == 1.0 else d * C


LIN = bp.op1(lin_vjp)


def uses_x_many_times(x: BVar[S, Arr]) -> BVar[S, Arr]:
    """x used 3+ times by operators, views and an Op; C captured several times."""
    a = x + x + x
    b = x * C + C * x + C + x / C
    first, second, third = bp.sequence_var(x)
    v = first * second + first * first + third  # each element used twice
    row = x[0] + x[0] * x[2]  # basic indexing, element 0 twice
    # fancy indexing, repeated positions (an index gives BVar[S, Any]: say what it is)
    picked: BVar[S, Arr] = x[[0, 0, 2]]
    fancy = picked + x[[2, 1, 2]]
    s = bp.lift_op1(LIN, x) + bp.lift_op1(LIN, x) + bp.lift_op1(LIN, x)
    # BVar operators want one value type; add_op adds a float to an array
    scalars = bp.lift_op2(bp.add_op, v + s, row)
    return a + b + fancy + scalars


def scalar_uses(x: BVar[S, Arr]) -> BVar[S, float]:
    """A scalar result, so each LIN node gets d == 1 and hands back C itself."""
    return bp.lift_op1(LIN, x) + bp.lift_op1(LIN, x) * 2.0 + bp.lift_op1(LIN, x)


def two_inputs(x: BVar[S, Arr], y: BVar[S, Arr]) -> BVar[S, Arr]:
    return uses_x_many_times(x) * y + y + y * C + x * y


def three_inputs(x: BVar[S, Arr], y: BVar[S, Arr], z: BVar[S, list[Arr]]) -> BVar[S, Arr]:
    p, q = bp.sequence_var(z)
    return two_inputs(x, y) + p + p * q + q + x


def container_input(xs: BVar[S, dict[str, list[Arr]]]) -> BVar[S, Arr]:
    d = bp.sequence_var(xs)
    w = bp.sequence_var(d["w"])
    return w[0] + w[0] * w[1] + w[1] + d["w"][0] + bp.collect_var([w[0], w[0]])[1]


def fresh() -> tuple[Arr, Arr, list[Arr], dict[str, list[Arr]]]:
    return (
        np.array([1.0, 2.0, 3.0]),
        np.array([-1.0, 0.5, 4.0]),
        [np.array([1.0, 1.0, 2.0]), np.array([3.0, -2.0, 0.5])],
        {"w": [np.array([0.5, 1.0, 1.5]), np.array([2.0, 2.5, 3.0])]},
    )


def same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple))
        return type(a) is type(b) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def each_runner(
    x: Arr, y: Arr, z: list[Arr], d: dict[str, list[Arr]], seed: Arr
) -> Iterator[tuple[str, object]]:
    """Run every runner on the inputs; yield each result as it is made."""
    yield "backprop (scalar result)", bp.backprop(scalar_uses, x)
    yield "backprop", bp.backprop(uses_x_many_times, x)
    yield "eval_bp", bp.eval_bp(uses_x_many_times, x)
    yield "grad_bp", bp.grad_bp(uses_x_many_times, x)
    _, pull = bp.backprop_with(uses_x_many_times, x)
    yield "backprop_with pull(seed)", pull(seed)
    yield "backprop_with pull(seed) again", pull(seed)
    yield "backprop_with pull(x)", pull(x)  # the input itself as the seed
    yield "backprop2", bp.backprop2(two_inputs, x, y)
    yield "eval_bp2", bp.eval_bp2(two_inputs, x, y)
    yield "grad_bp2", bp.grad_bp2(two_inputs, x, y)
    _, pull2 = bp.backprop_with2(two_inputs, x, y)
    yield "backprop_with2 pull(seed)", pull2(seed)
    yield "backprop_with2 pull(y)", pull2(y)
    yield "backprop_n", bp.backprop_n(three_inputs, (x, y, z))
    yield "eval_bp_n", bp.eval_bp_n(three_inputs, (x, y, z))
    yield "grad_bp_n", bp.grad_bp_n(three_inputs, (x, y, z))
    _, pulln = bp.backprop_with_n(three_inputs, (x, y, z))
    yield "backprop_with_n pull(seed)", pulln(seed)
    yield "backprop on a dict of lists", bp.backprop(container_input, d)
    _, pulld = bp.backprop_with(container_input, d)
    yield "backprop_with on a dict of lists", pulld(seed)
    af = bpe.af_num()
    yield (
        "explicit backprop",
        bpe.backprop(
            bpe.zf_num(),
            bpe.of_num(),
            lambda v: bpe.lift_op([af, af], bp.mul_op, v, v) + uses_x_many_times(v),
            x,
        ),
    )


def test_runners_never_write_into_inputs_constants_seeds_or_earlier_results() -> None:
    x, y, z, d = fresh()
    seed = np.array([1.0, -2.0, 0.5])
    originals = copy.deepcopy((x, y, z, d, seed, C))
    results: list[tuple[str, object, object]] = []
    for name, result in each_runner(x, y, z, d, seed):
        assert same((x, y, z, d, seed, C), originals), f"{name} wrote into a caller's value"
        results.append((name, result, copy.deepcopy(result)))
        for earlier, r, r_copy in results:
            assert same(r, r_copy), f"the result of {earlier} changed during {name}"


def test_the_stress_function_has_the_right_gradient() -> None:
    # so the no-mutation test above exercises real, correct accumulation
    from backprop.testing import check_grad

    x, y, z, d = fresh()
    check_grad(uses_x_many_times, x)
    check_grad(scalar_uses, x)
    check_grad(lambda p: three_inputs(p[0], p[1], p[2]), (x, y, z))
    check_grad(container_input, d)


# --- a long chain ------------------------------------------------------------------------


def test_a_chain_of_a_million_nodes() -> None:
    n = 10**6

    def chain(x: BVar[S, float]) -> BVar[S, float]:
        for _ in range(n):
            x = x * 1.000001
        return x

    limit = sys.getrecursionlimit()
    y, g = bp.backprop(chain, 1.0)
    assert sys.getrecursionlimit() == limit  # iterative, not a raised recursion limit
    expected = math.exp(n * math.log1p(1e-6))
    assert y == pytest.approx(expected, rel=1e-9)
    assert g == pytest.approx(expected, rel=1e-9)


# --- the tape is freed -----------------------------------------------------------------------


def test_the_tape_is_freed_when_the_runner_returns() -> None:
    leaked: list[BVar[Any, Any]] = []
    inner: list[weakref.ref[Arr]] = []

    def f(x: BVar[S, Arr]) -> BVar[S, Arr]:
        h = x * 2.0  # an intermediate: only the tape's node holds its value
        inner.append(weakref.ref(h.value))
        leaked.append(h)
        return h * h

    bp.grad_bp(f, np.ones(3))
    tape = leaked[0]._tape
    assert tape is not None
    assert tape.nodes == []
    del leaked[:]
    assert inner[0]() is None  # no gc.collect() needed: nothing cycles back


def test_the_tape_is_freed_when_the_function_raises() -> None:
    leaked: list[BVar[Any, Any]] = []

    def f(x: BVar[S, float]) -> BVar[S, float]:
        leaked.append(x * 2.0)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        bp.grad_bp(f, 1.0)
    tape = leaked[0]._tape
    assert tape is not None
    assert tape.nodes == []
    with pytest.raises(bp.ScopeError, match="escaped its scope"):
        leaked[0] + 1.0  # pyright: ignore[reportUnusedExpression]


def test_backprop_with_keeps_the_tape_only_while_its_function_lives() -> None:
    inner: list[weakref.ref[Arr]] = []

    def f(x: BVar[S, Arr]) -> BVar[S, Arr]:
        h = x * 2.0
        inner.append(weakref.ref(h.value))
        return h * h

    _, pull = bp.backprop_with(f, np.ones(3))
    gc.collect()
    assert inner[0]() is not None
    np.testing.assert_array_equal(pull(np.ones(3)), np.full(3, 8.0))
    del pull
    gc.collect()
    assert inner[0]() is None


def test_runners_leave_the_garbage_collector_as_they_found_it() -> None:
    def boom(x: BVar[S, float]) -> BVar[S, float]:
        raise RuntimeError("boom")

    assert gc.isenabled()
    bp.grad_bp(lambda x: x * x, 1.0)
    _, pull = bp.backprop_with(lambda x: x * x, 1.0)
    pull(1.0)
    with pytest.raises(RuntimeError, match="boom"):
        bp.grad_bp(boom, 1.0)
    assert gc.isenabled()
    gc.disable()
    try:
        bp.grad_bp(lambda x: x * x, 1.0)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


# --- threads -------------------------------------------------------------------------------


def test_threads_do_not_share_a_tape() -> None:
    n_threads, runs = 4, 25
    barrier = threading.Barrier(n_threads)
    failures: list[str] = []
    tapes: list[set[int]] = [set() for _ in range(n_threads)]
    keep: list[object] = []  # keeps tapes alive so their ids stay unique

    def work(k: int) -> None:
        x = np.linspace(0.5, 1.5, 50) * (k + 1)

        def f(v: BVar[S, Arr]) -> BVar[S, Arr]:
            keep.append(v._tape)
            tapes[k].add(id(v._tape))
            out = v
            for _ in range(30):  # long enough for the threads to interleave
                out = out * 1.01 + v * float(k)
            return out

        barrier.wait()
        for _ in range(runs):
            g = bp.grad_bp(f, x)
            # out_30 = a^30 v + k v sum_{i<30} a^i with a = 1.01
            a = 1.01
            expected = a**30 + k * sum(a**i for i in range(30))
            if not np.allclose(g, expected):
                failures.append(f"thread {k}: {g[:3]} != {expected}")

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=work, args=(k,)) for k in range(n_threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    assert failures == []
    assert gc.isenabled()  # whichever thread paused the collector resumed it
    assert all(len(t) == runs for t in tapes)  # one tape per call
    for i in range(n_threads):
        for j in range(i + 1, n_threads):
            assert not tapes[i] & tapes[j]


# --- the output's own node is the seed ----------------------------------------------------


def test_the_output_is_seeded_by_its_own_node() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        out = x * 3.0
        _ = x * 100.0  # nodes created after the output
        _ = out * 7.0
        return out

    assert bp.backprop(f, 1.0) == (3.0, 3.0)
    _, pull = bp.backprop_with(f, 1.0)
    assert pull(2.0) == 6.0

    def identity_then_more(x: BVar[S, float]) -> BVar[S, float]:
        _ = x * 5.0
        return x

    assert bp.grad_bp(identity_then_more, 2.0) == 1.0

    def second_input(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
        _ = x * y
        return y

    assert bp.grad_bp2(second_input, 2.0, 3.0) == (0.0, 1.0)


# --- scope errors ---------------------------------------------------------------------------


def leak_one() -> BVar[Any, list[float]]:
    leaked: list[BVar[Any, list[float]]] = []

    def f(x: BVar[S, list[float]]) -> BVar[S, float]:
        leaked.append(x)
        return bp.sequence_var(x)[0] * 1.0

    bp.grad_bp(f, [1.0, 2.0])
    return leaked[0]


def leak_float() -> BVar[Any, float]:
    leaked: list[BVar[Any, float]] = []

    def f(x: BVar[S, float]) -> BVar[S, float]:
        leaked.append(x)
        return x * 1.0

    bp.grad_bp(f, 1.0)
    return leaked[0]


# (the operation the message names, as a regex; the use)
ESCAPED_USES: list[tuple[str, Callable[[], object]]] = [
    (r"\*|mul", lambda: leak_float() * 2.0),
    (r"\*|mul", lambda: 2.0 * leak_float()),
    (r"-|neg", lambda: -leak_float()),
    (r"abs", lambda: abs(leak_float())),
    # np.exp of a BVar runs (numpy's protocol), but is typed as a mistake: bnp.exp is the typed one
    (r"exp", lambda: np.exp(leak_float())),  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    (r"lift_op\(exp_op\)", lambda: bp.lift_op1(bp.exp_op, leak_float())),
    (r"iso_var", lambda: bp.iso_var(lambda v: v, lambda v: v, leak_float())),
    (r"coerce_var", lambda: bp.coerce_var(leak_float(), float)),
    (r"sequence_var", lambda: bp.sequence_var(leak_one())),
    (r"getitem", lambda: leak_one()[0]),
    (r"collect_var", lambda: (lambda v: bp.collect_var([v, v]))(leak_float())),
]


@pytest.mark.parametrize(
    ("op", "use"), ESCAPED_USES, ids=[f"{o} {i}" for i, (o, _) in enumerate(ESCAPED_USES)]
)
def test_a_bvar_used_after_its_runner_returned(op: str, use: Callable[[], object]) -> None:
    with pytest.raises(bp.ScopeError, match=rf"^({op}): this BVar escaped its scope"):
        use()


def test_a_bvar_leaked_from_backprop_with_while_its_tape_lives() -> None:
    leaked: list[BVar[Any, float]] = []

    def f(x: BVar[S, float]) -> BVar[S, float]:
        leaked.append(x)
        return x * x

    _, pull = bp.backprop_with(f, 3.0)
    with pytest.raises(bp.ScopeError, match="escaped its scope"):
        leaked[0] * 2.0  # pyright: ignore[reportUnusedExpression]
    assert pull(1.0) == 6.0  # the kept tape still answers


def test_a_leaked_bvar_inside_another_run() -> None:
    old = leak_float()
    with pytest.raises(bp.ScopeError, match=r"^(\*|mul): this BVar escaped its scope"):
        bp.grad_bp(lambda x: x * old, 1.0)
    with pytest.raises(bp.ScopeError, match=r"^lift_op\(mul_op\): this BVar escaped its scope"):
        bp.grad_bp(lambda x: bp.lift_op2(bp.mul_op, x, old), 1.0)


def test_a_bvar_of_an_enclosing_run_is_a_constant_of_the_inner_run() -> None:
    # Nested runners: the outer BVar takes part in the inner run as a
    # constant, so the inner derivative is d(a + b)/db = 1 and the outer one
    # d(a * 1)/da = 1 (the perturbation-confusion test).
    def outer(a: BVar[S, float]) -> BVar[S, float]:
        def inner(b: BVar[Any, float]) -> BVar[Any, float]:
            return a + b

        return a * bp.grad_bp(inner, 2.0)

    assert bp.grad_bp(outer, 3.0) == 1.0


@pytest.mark.parametrize(
    ("runner", "expected"), [(bp.grad_bp, 0.0), (bp.eval_bp, 6.0)], ids=["grad_bp", "eval_bp"]
)
def test_returning_a_bvar_of_an_enclosing_run(runner: Callable[..., float], expected: float) -> None:
    # The inner function returns a constant of its run: grad_bp gives 0,
    # eval_bp gives the outer BVar itself, whose gradient keeps flowing (it
    # used to be read as a constant, silently cutting the outer gradient).
    def outer(a: BVar[S, float]) -> BVar[S, float]:
        def inner(b: BVar[Any, float]) -> BVar[Any, float]:
            return a  # mypy rejects this when inner is typed with S (see tests/typing)

        return a * runner(inner, 2.0)

    assert bp.grad_bp(outer, 3.0) == expected


def test_every_eval_runner_refuses_a_bvar_of_another_run() -> None:
    old = leak_float()
    runs: list[tuple[str, Callable[[], object]]] = [
        ("eval_bp", lambda: bp.eval_bp(lambda b: old, 1.0)),
        ("eval_bp2", lambda: bp.eval_bp2(lambda b, c: old, 1.0, 2.0)),
        ("eval_bp_n", lambda: bp.eval_bp_n(lambda *bs: old, (1.0,))),
        ("eval_bp0", lambda: bp.eval_bp0(lambda: old)),
    ]
    for name, run in runs:
        with pytest.raises(bp.ScopeError, match=rf"^{name}: the function returned a BVar of"):
            run()


# --- Ops that return wrong gradients -------------------------------------------------------


def wrong_shape(x: Arr) -> tuple[float, Callable[[float], Arr]]:
    return float(x.sum()), lambda d: np.ones(2)


def wrong_type(x: float) -> tuple[float, Callable[[float], float]]:
    return 2 * x, lambda d: "oops"  # type: ignore[return-value]  # pyright: ignore[reportReturnType]


def wrong_count(x: float, y: float) -> tuple[float, Callable[[float], tuple[float, float]]]:
    return x * y, lambda d: (d,)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]


def wrong_second(x: Arr, y: Arr) -> tuple[Arr, Callable[[Arr], tuple[Arr, Arr]]]:
    return x + y, lambda d: (d, d[:1])


def test_an_op_gradient_of_the_wrong_shape_names_the_op_and_argument() -> None:
    op = bp.op1(wrong_shape)
    with pytest.raises(
        TypeError,
        match=r"^lift_op: Op 'op1\(wrong_shape\)' returned a gradient that does not fit "
        r"argument 0: the argument is an array of shape \(3,\), the gradient is an array of shape \(2,\)",
    ):
        bp.grad_bp(lambda x: bp.lift_op1(op, x), np.ones(3))
    op2 = bp.op2(wrong_second)
    with pytest.raises(
        TypeError, match=r"Op 'op2\(wrong_second\)' .* argument 1: .*shape \(3,\), .*shape \(1,\)"
    ):
        bp.grad_bp2(lambda x, y: bp.lift_op2(op2, x, y), np.ones(3), np.ones(3))


def test_an_op_gradient_of_the_wrong_type_names_the_op_and_argument() -> None:
    op = bp.op1(wrong_type)
    with pytest.raises(
        TypeError,
        match=r"^lift_op: Op 'op1\(wrong_type\)' returned a gradient that does not fit "
        r"argument 0: the argument is a value of type float, the gradient is a value of type str",
    ):
        bp.grad_bp(lambda x: bp.lift_op1(op, x), 1.0)


def test_an_op_returning_too_few_gradients_is_named() -> None:
    op = bp.op2(wrong_count)
    with pytest.raises(
        TypeError, match=r"^lift_op: Op 'op2\(wrong_count\)' must return a tuple of 2 gradient"
    ):
        bp.grad_bp2(lambda x, y: bp.lift_op2(op, x, y), 1.0, 2.0)


# --- unsupported values and no_grad -------------------------------------------------------------


class Opaque:
    pass


def test_an_unsupported_input_value() -> None:
    with pytest.raises(
        TypeError,
        match=r"^backprop: values of type .*Opaque are not supported.*backprop\.register\(Opaque",
    ):
        bp.backprop(lambda x: x, Opaque())


def test_an_unsupported_result_value() -> None:
    # the seed is one(result): a str result cannot be seeded
    with pytest.raises(
        TypeError, match=r"^backprop: values of type builtins\.str are not supported"
    ):
        bp.backprop(lambda x: bp.iso_var(str, float, x), 1.0)


def floor(x: float) -> float:
    return float(math.floor(x))


def test_the_gradient_of_a_no_grad_op_raises() -> None:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        return bp.lift_op1(bp.no_grad1(floor), x) * x

    with pytest.raises(ValueError, match=r"^no_grad1: this Op has no gradient"):
        bp.grad_bp(f, 2.5)
    assert bp.eval_bp(f, 2.5) == 5.0
