"""What a pass through optics builds, counted rather than timed: k views of
one record build that record's gradient once (through the structure
registry, never through ``__init__``), a traversal of n targets adds O(n)
nodes and O(n) backward work, and a lens is resolved once."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from lenses import lens

import backprop as bp
import backprop._optics as optics
from backprop import BVar, S, _registry

BUILT = {"Counted": 0, "Layer": 0}
ZEROS = {"n": 0}


@pytest.fixture(autouse=True)
def count_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count the records of each class the registry builds (gradients and
    zeros are built there); their ``__post_init__`` counts as a build too."""
    for name, cls in (("Counted", Counted), ("Layer", Layer)):
        kind = _registry.kind_of(cls)
        assert kind is not None

        def counting(aux: Any, children: Any, name: str = name, real: Any = kind.unflatten) -> Any:
            BUILT[name] += 1
            return real(aux, children)

        monkeypatch.setitem(_registry._cache, cls, kind._replace(unflatten=counting))


@dataclasses.dataclass(frozen=True)
class Counted:
    a: float
    b: float
    c: float

    def __post_init__(self) -> None:
        BUILT["Counted"] += 1


@dataclasses.dataclass(frozen=True)
class Layer:
    w: float
    b: float

    def __post_init__(self) -> None:
        BUILT["Layer"] += 1


@dataclasses.dataclass(frozen=True)
class Net:
    layers: list[Layer]
    scale: float


class Leaf(float):
    """A float whose zero is counted (the Backprop class dispatches on it)."""


def _counted_zero(x: Leaf) -> Leaf:
    ZEROS["n"] += 1
    return Leaf(0.0)


bp.register(Leaf, zero=_counted_zero, add=lambda x, y: Leaf(x + y), one=lambda x: Leaf(1.0))


@dataclasses.dataclass(frozen=True)
class Leaves:
    p: Leaf
    q: Leaf
    r: Leaf


def nodes(x: BVar[Any, Any]) -> int:
    tape = x._tape
    assert tape is not None
    return len(tape.nodes)


def test_k_views_of_a_record_build_its_gradient_once() -> None:
    x = Counted(1.0, 2.0, 3.0)
    k = 50

    def f(r: BVar[S, Counted]) -> BVar[S, float]:
        total = bp.view_var(lens.c, r)
        for _ in range(k):
            total = total + bp.view_var(lens.a, r) * bp.view_var(lens.b, r)
        return total

    BUILT["Counted"] = 0
    g = bp.grad_bp(f, x)
    assert BUILT["Counted"] == 1
    assert g == Counted(a=2.0 * k, b=1.0 * k, c=1.0)


def test_untouched_fields_are_zeroed_once_and_touched_ones_never() -> None:
    x = Leaves(Leaf(1.0), Leaf(2.0), Leaf(3.0))

    def f(r: BVar[S, Leaves]) -> BVar[S, float]:
        total: BVar[S, float] = bp.const_var(0.0)
        for _ in range(20):
            total = total + bp.view_var(lens.p, r)
        return total

    ZEROS["n"] = 0
    g = bp.grad_bp(f, x)
    assert (g.p, g.q, g.r) == (20.0, 0.0, 0.0)
    assert ZEROS["n"] == 2  # q and r, once each


def test_views_into_nested_records_build_each_touched_record_once() -> None:
    n_layers = 8
    x = Net([Layer(float(i), -float(i)) for i in range(n_layers)], 2.0)
    used = range(0, n_layers, 2)

    def f(m: BVar[S, Net]) -> BVar[S, float]:
        total = bp.view_var(lens.scale, m)
        for i in used:
            for _ in range(3):
                w = bp.view_var(lens.layers[i].w, m)
                total = total + w * bp.view_var(lens.layers[i].b, m)
        return total

    BUILT["Layer"] = 0
    g = bp.grad_bp(f, x)
    # every layer of the gradient, touched or zero, is built exactly once
    assert BUILT["Layer"] == n_layers
    assert g.layers[2] == Layer(w=3 * -2.0, b=3 * 2.0)
    assert g.layers[1] == Layer(0.0, 0.0)


def test_one_view_or_set_through_a_path_is_one_node() -> None:
    def f(m: BVar[S, Net]) -> BVar[S, float]:
        before = nodes(m)
        w = bp.view_var(lens.layers[1].w, m)
        assert nodes(m) == before + 1
        m2 = bp.set_var(lens.layers[0].b, w, m)
        assert nodes(m) == before + 2
        return bp.view_var(lens.scale, m2)

    bp.grad_bp(f, Net([Layer(1.0, 2.0), Layer(3.0, 4.0)], 1.0))


def traversal_nodes(n: int, how: str) -> int:
    counted: list[int] = []

    def f(xs: BVar[S, list[float]]) -> BVar[S, list[float]]:
        before = nodes(xs)
        if how == "to_list_of":
            bp.to_list_of_var(lens.Each(), xs)
            out = xs
        else:
            out = bp.over_var(lens.Each(), lambda v: v * 2.0, xs)
        counted.append(nodes(xs) - before)
        return out

    bp.grad_bp(f, [1.0] * n)
    return counted[0]


@pytest.mark.parametrize(("how", "per_target", "extra"), [("to_list_of", 1, 0), ("over", 2, 1)])
def test_a_traversal_adds_nodes_linearly(how: str, per_target: int, extra: int) -> None:
    for n in (10, 100, 1000):
        assert traversal_nodes(n, how) == per_target * n + extra


def test_a_traversal_builds_the_container_gradient_once() -> None:
    for n in (10, 100, 1000):
        xs = [Leaf(i) for i in range(n)]

        def f(v: BVar[S, list[Leaf]]) -> BVar[S, float]:
            parts = bp.to_list_of_var(lens.Each(), v)
            return parts[0] * 2.0 + parts[1]

        ZEROS["n"] = 0
        g = bp.grad_bp(f, xs)
        assert g[:3] == [2.0, 1.0, 0.0]
        # one zero per untouched element: the list is rebuilt once, not per target
        assert ZEROS["n"] == n - 2


def test_a_nested_traversal_is_linear_too() -> None:
    for n in (5, 50):
        x = Net([Layer(float(i), 1.0) for i in range(n)], 1.0)
        counted: list[int] = []

        def f(m: BVar[S, Net]) -> BVar[S, float]:
            before = nodes(m)
            bs = bp.to_list_of_var(lens.layers.Each().b, m)
            counted.append(nodes(m) - before)
            return bs[-1] * 3.0

        BUILT["Layer"] = 0
        g = bp.grad_bp(f, x)
        assert counted == [1 + 2 * n]  # the list, each layer, each b
        assert g.layers[-1].b == 3.0
        assert BUILT["Layer"] == n  # each layer of the gradient once


def test_a_lens_is_resolved_once(monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[Any] = []
    real = optics._resolve

    def counting(op: str, l: Any) -> Any:
        resolved.append(l)
        return real(op, l)

    monkeypatch.setattr(optics, "_resolve", counting)
    w: bp.Lens[Layer, float] = lens.w
    x = Layer(2.0, 3.0)
    for _ in range(10):
        bp.grad_bp(lambda m: bp.view_var(w, m) * bp.view_var(w, m), x)
    assert resolved == [w]
