"""The structure registry (issue 12): one way to take a value apart and put it
back, used by zeros, gradients, optics, check_grad and backprop.tree; static
fields; the Arithmetic mixin, also on BVars; and what bad registrations get."""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pytest
from lenses import lens

import backprop as bp
import backprop.numpy as bnp
import backprop.tree as tree
from backprop import BVar, S
from backprop.testing import check_grad

# --- gradients and zeros never run user code -------------------------------------------


@dataclasses.dataclass(frozen=True)
class Gauss:
    mu: float
    sigma: float

    def __post_init__(self) -> None:
        if self.sigma <= 0:
            raise ValueError(f"sigma must be positive, got {self.sigma}")


def test_a_validated_dataclass_gets_zeros_and_gradients_without_its_validation() -> None:
    z = bp.zero(Gauss(0.0, 1.0))  # Gauss(0.0, 0.0) would raise in __post_init__
    assert (type(z), z.mu, z.sigma) == (Gauss, 0.0, 0.0)

    def nll(g: BVar[S, Gauss]) -> BVar[S, float]:
        mu, sigma = g.view(lens.mu), g.view(lens.sigma)
        return ((1.0 - mu) / sigma) ** 2 * 0.5 + bnp.log(sigma)

    grad = bp.grad_bp(nll, Gauss(1.0, 2.0))  # d/dmu is 0 here: a zero field
    assert (grad.mu, grad.sigma) == (0.0, 0.5)
    check_grad(nll, Gauss(0.3, 1.5))


def test_set_var_keeps_a_values_invariants_and_builds_gradients_without_them() -> None:
    def widen(g: BVar[S, Gauss], s: BVar[S, float]) -> BVar[S, Gauss]:
        return bp.set_var(lens.sigma, s * 2.0, g)

    # the value is made by dataclasses.replace: its validation runs on it ...
    with pytest.raises(ValueError, match=r"sigma must be positive, got -2\.0"):
        bp.eval_bp2(widen, Gauss(0.0, 1.0), -1.0)
    # ... but the old record's gradient (sigma zeroed) is built without it
    _, pull = bp.backprop_with2(widen, Gauss(0.0, 1.0), 1.5)
    g_old, g_s = pull(Gauss(1.0, 1.0))
    assert (g_old.mu, g_old.sigma, g_s) == (1.0, 0.0, 2.0)


# --- static fields ---------------------------------------------------------------------


class Act(enum.Enum):
    TANH = "tanh"
    RELU = "relu"


@dataclasses.dataclass(frozen=True)
class Dense:
    w: np.ndarray
    b: np.ndarray
    name: str = bp.static_field(default="dense")
    act: Act = bp.static_field(default=Act.TANH)
    units: int = bp.static_field(default=2)
    apply: Callable[[Any], Any] = bp.static_field(default=bnp.tanh)


def dense() -> Dense:
    return Dense(np.array([[1.0, -2.0], [0.5, 0.3]]), np.array([0.1, -0.2]), "hidden")


def run_dense(layer: BVar[S, Dense]) -> BVar[S, float]:
    x = np.array([0.3, -0.7])
    out = layer.view(lens.apply)._value(x @ layer.view(lens.w) + layer.view(lens.b))
    return bnp.sum(out * out)


def test_static_fields_are_carried_into_gradients_and_zeros_and_never_perturbed() -> None:
    g = bp.grad_bp(run_dense, dense())
    assert (g.name, g.act, g.units, g.apply) == ("hidden", Act.TANH, 2, bnp.tanh)
    z = bp.zero(dense())
    assert (z.name, z.units) == ("hidden", 2)
    np.testing.assert_array_equal(z.w, np.zeros((2, 2)))
    assert bp.one(dense()).name == "hidden"
    check_grad(run_dense, dense())
    # a static field read through a lens is a constant
    assert bp.eval_bp(lambda d: d.view(lens.name), dense()) == "hidden"


@dataclasses.dataclass(frozen=True)
class Unmarked:
    w: float
    name: str = "oops"


def test_an_unmarked_non_differentiable_field_is_named_with_static_field() -> None:
    with pytest.raises(
        TypeError,
        match=r"\.name of the Unmarked holds a value of type builtins\.str.*static_field\(\)",
    ):
        bp.zero(Unmarked(1.0))
    with pytest.raises(TypeError, match=r"\.name of the Unmarked .*static_field\(\)"):
        bp.grad_bp(lambda u: u.view(lens.w) * 2.0, Unmarked(1.0))


# --- register_container ------------------------------------------------------------------


class Interval:
    def __init__(self, lo: float, hi: float) -> None:
        if lo > hi:
            raise ValueError("lo > hi")
        self.lo, self.hi = lo, hi

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Interval) and (self.lo, self.hi) == (other.lo, other.hi)

    def __repr__(self) -> str:
        return f"Interval({self.lo}, {self.hi})"


def _rebuild_interval(aux: None, cs: list[float]) -> Interval:
    out = object.__new__(Interval)
    out.lo, out.hi = cs
    return out


bp.register_container(Interval, lambda i: ((i.lo, i.hi), None), _rebuild_interval)


def test_a_registered_container_works_everywhere() -> None:
    def width2(i: BVar[S, Any]) -> BVar[S, float]:  # split_bv is typed for tuples and records
        parts = bp.split_bv(i)
        lo: BVar[S, float] = parts.lo
        hi: BVar[S, float] = parts.hi
        return (hi - lo) ** 2

    assert bp.grad_bp(width2, Interval(1.0, 4.0)) == Interval(-6.0, 6.0)
    assert bp.zero(Interval(1.0, 2.0)) == Interval(0.0, 0.0)
    assert tree.leaves(Interval(1.0, 2.0)) == [1.0, 2.0]
    check_grad(width2, Interval(0.5, 2.0))


class Money:
    """A user type known to the Backprop class by its methods, with a float inside."""

    def __init__(self, cents: float) -> None:
        self.cents = cents

    def zero(self) -> Money:
        return Money(0.0)

    def add(self, other: Money) -> Money:
        return Money(self.cents + other.cents)

    def one(self) -> Money:
        return Money(1.0)


@dataclasses.dataclass(frozen=True)
class Account:
    balance: Money
    rate: float


def test_check_grad_refuses_a_user_type_it_cannot_perturb() -> None:
    double = bp.op1(lambda m: (Money(2.0 * m.cents), lambda d: Money(3.0 * d.cents)))  # wrong

    def f(a: BVar[S, Account]) -> BVar[S, Money]:
        return bp.lift_op1(double, a.view(lens.balance))

    with pytest.raises(
        TypeError,
        match=r"check_grad: \.balance is a Money, which check_grad cannot perturb: register it",
    ):
        check_grad(f, Account(Money(1.0), 0.1))


class Cents:
    def __init__(self, cents: float) -> None:
        self.cents = cents


bp.register_container(Cents, lambda m: ((m.cents,), None), lambda aux, cs: Cents(cs[0]))


@dataclasses.dataclass(frozen=True)
class Wallet:
    cash: Cents
    rate: float


def test_check_grad_catches_a_wrong_vjp_on_a_user_type_nested_in_a_record() -> None:
    wrong = bp.op1(lambda c: (Cents(c.cents * c.cents), lambda d: Cents(d.cents * c.cents)))
    right = bp.op1(lambda c: (Cents(c.cents * c.cents), lambda d: Cents(2.0 * d.cents * c.cents)))

    def using(op: bp.Op[tuple[Cents], Cents]) -> Callable[[BVar[S, Wallet]], BVar[S, Cents]]:
        return lambda w: bp.lift_op1(op, w.view(lens.cash))

    check_grad(using(right), Wallet(Cents(1.5), 0.1))
    with pytest.raises(AssertionError) as info:
        check_grad(using(wrong), Wallet(Cents(1.5), 0.1))
    found = re.search(
        r"worst component: \.cash\[0\] backprop=(\S+) finite differences=(\S+) ", str(info.value)
    )
    assert found is not None, str(info.value)
    # the wrong vjp forgets the factor 2 of d(c*c)
    assert float(found[1]) == pytest.approx(float(found[2]) / 2, rel=1e-6)


def test_register_container_refuses_what_is_not_callable_at_registration() -> None:
    class T:
        pass

    with pytest.raises(
        TypeError, match=r"register_container\(.*T\): flatten must be callable, got NoneType None"
    ):
        bp.register_container(T, None, lambda aux, cs: T())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"unflatten must be callable, got int 3"):
        bp.register_container(T, lambda t: ((), None), 3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="register_container: cls must be a class, got 3"):
        bp.register_container(3, lambda t: ((), None), lambda aux, cs: 3)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_a_disagreeing_flatten_and_unflatten_are_named() -> None:
    class Lossy:
        def __init__(self, items: list[float]) -> None:
            self.items = items

    class Other:
        def __init__(self, a: float) -> None:
            self.a = a

    # unflatten keeps only the first child: the round trip loses one
    bp.register_container(Lossy, lambda x: (x.items, None), lambda aux, cs: Lossy(cs[:1]))
    with pytest.raises(
        TypeError,
        match=r"register_container\(.*Lossy\): flatten and unflatten disagree: flatten gave 2 children",
    ):
        bp.zero(Lossy([1.0, 2.0]))
    bp.register_container(Other, lambda x: ((x.a,), None), lambda aux, cs: 1.0)  # type: ignore[arg-type,return-value]  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        TypeError, match=r"register_container\(.*Other\): unflatten returned a float, not a .*Other"
    ):
        bp.zero(Other(1.0))
    bp.register_container(Other, lambda x: x.a, lambda aux, cs: Other(cs[0]))  # type: ignore[arg-type,return-value]  # pyright: ignore[reportArgumentType]
    with pytest.raises(
        TypeError, match=r"register_container\(.*Other\): flatten must return a pair"
    ):
        bp.zero(Other(1.0))


# --- Arithmetic ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Net(bp.Arithmetic):
    w1: np.ndarray
    w2: np.ndarray
    name: str = bp.static_field(default="net")


def net() -> Net:
    return Net(np.array([[0.5, -1.0], [0.25, 0.75]]), np.array([1.0, -0.5]))


def loss(n: BVar[S, Net]) -> BVar[S, float]:
    h = bnp.tanh(bnp.matmul(np.array([1.0, 2.0]), n.view(lens.w1)))
    return (bnp.sum(h * n.view(lens.w2)) - 1.0) ** 2


def test_gradient_descent_reads_as_the_seed_writes_it() -> None:
    n0 = net()
    gradient = bp.grad_bp(loss, n0)
    n1 = n0 - 0.1 * gradient
    assert type(n1) is Net
    assert n1.name == "net"
    np.testing.assert_allclose(n1.w1, n0.w1 - 0.1 * gradient.w1)
    assert bp.eval_bp(loss, n1) < bp.eval_bp(loss, n0)
    half = (n0 + n0) / 2.0 - n0 * 0.0
    np.testing.assert_array_equal(half.w2, n0.w2)
    np.testing.assert_array_equal((-n0).w2, -n0.w2)


def test_a_bvar_of_an_arithmetic_record_gets_its_operators_lifted() -> None:
    step = 0.3

    def moved(n: BVar[S, Net], k: BVar[S, float]) -> BVar[S, float]:
        kk: Any = k  # a number BVar times a record BVar: typed by the typing work of issue 14
        scaled = kk * n
        return loss(n - scaled * step + n / 2.0)

    check_grad(lambda t: moved(*bp.split_bv(t)), (net(), 0.7))
    value = bp.eval_bp2(moved, net(), 0.7)
    plain = net() - 0.7 * net() * step + net() / 2.0
    assert value == pytest.approx(bp.eval_bp(loss, plain))


def test_arithmetic_on_a_bvar_of_a_container_is_refused() -> None:
    for x in ([1.0, 2.0], (1.0, 2.0), {"a": 1.0}, Gauss(1.0, 1.0)):
        for op in (lambda v: v + v, lambda v: v * 2.0, lambda v: 2.0 * v, lambda v: -v):
            with pytest.raises(TypeError, match=r"has no arithmetic.*sequence_var.*Arithmetic"):
                bp.eval_bp(op, x)


# --- backprop.tree --------------------------------------------------------------------------


@dataclasses.dataclass
class Params:
    layers: list[tuple[np.ndarray, float]]
    scale: float
    tag: str = bp.static_field(default="p")


def params() -> Params:
    return Params([(np.array([1.0, 2.0]), 0.5), (np.array([3.0]), -1.0)], 2.0)


def test_tree_functions_walk_any_structure() -> None:
    p = params()
    assert [np.asarray(x).tolist() for x in tree.leaves(p)] == [[1.0, 2.0], 0.5, [3.0], -1.0, 2.0]
    doubled = tree.scale(2.0, p)
    assert doubled.tag == "p"
    assert doubled.layers[1][1] == -2.0
    moved = tree.axpy(-0.5, p, p)
    np.testing.assert_array_equal(moved.layers[0][0], [0.5, 1.0])
    assert tree.vdot(p, p) == pytest.approx(1 + 4 + 0.25 + 9 + 1 + 4)
    assert tree.norm(p) == pytest.approx(np.sqrt(19.25))
    summed = tree.map(lambda a, b: a + b, p, p)
    assert summed.scale == 4.0
    assert p.scale == 2.0  # nothing mutated


def test_tree_map_names_both_structures_when_they_differ() -> None:
    with pytest.raises(
        ValueError, match=r"one structure: a tuple and a tuple \(2 and 3 children\)"
    ):
        tree.map(lambda a, b: a + b, (1.0, 2.0), (1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match=r"one structure: a list and a dict"):
        tree.map(lambda a, b: a + b, [1.0], {"a": 1.0})


class Point(NamedTuple):
    x: float
    y: float


def test_registry_round_trips_every_built_in_kind() -> None:
    from backprop._registry import flatten, unflatten

    for value in [
        (1.0, [2.0]),
        [1.0, {"k": 2.0}],
        {"a": (1.0,)},
        Point(1.0, 2.0),
        None,
        net(),
        params(),
    ]:
        got = flatten(value)
        assert got is not None
        kind, children, aux = got
        again = unflatten(kind, aux, list(children))
        assert type(again) is type(value)
        assert tree.leaves(again) == tree.leaves(value) or all(
            np.array_equal(a, b) for a, b in zip(tree.leaves(again), tree.leaves(value))
        )
