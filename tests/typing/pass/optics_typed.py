"""A lens constant annotated once is checked at every use; the lenses stubs
type composition, getting and setting."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from lenses import bind, lens
from lenses.ui import UnboundLens
from lenses.ui.state_func import StateFunction
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
from backprop import BVar, S

Matrix = NDArray[np.float64]


@dataclasses.dataclass(frozen=True)
class Network:
    w1: Matrix
    b1: float


@dataclasses.dataclass(frozen=True)
class Outer:
    net: Network
    rate: float


# Attribute and item sugar is untyped: annotate each lens constant once.
assert_type(lens.w1, UnboundLens[Any, Any, Any, Any])
w1: bp.Lens[Network, Matrix] = lens.w1
b1: bp.Lens[Network, float] = lens.b1
net: bp.Lens[Outer, Network] = lens.net
each: bp.Traversal[list[float], float] = lens.Each()

# Composition keeps the types: Outer -> Network -> float.
assert_type(net & b1, UnboundLens[Outer, Outer, float, float])
assert_type(b1.get(), StateFunction[Network, float])
assert_type(b1.get()(Network(np.eye(2), 1.0)), float)
assert_type(b1.set(2.0)(Network(np.eye(2), 1.0)), Network)
assert_type(b1.modify(abs)(Network(np.eye(2), 1.0)), Network)


def collected() -> None:
    # In a function: pyright narrows a variable to the type assigned to it in
    # the scope that assigns it (here, lens.Each()'s own type).
    assert_type(each.collect()([1.0, 2.0]), list[float])


assert_type(bind(Network(np.eye(2), 1.0)).b1.get(), Any)
assert_type(lens.Instance(float), UnboundLens[Any, Any, float, float])


def model(x: BVar[S, Outer]) -> BVar[S, float]:
    n = bp.view_var(net, x)
    assert_type(n, BVar[S, Network])
    w = n.view(w1)
    assert_type(w, BVar[S, Matrix])
    b = bp.view_var(net & b1, x)
    assert_type(b, BVar[S, float])
    n2 = bp.set_var(b1, b * 2.0, n)
    assert_type(n2, BVar[S, Network])
    n3 = bp.over_var(b1, lambda v: v * v, n2)
    assert_type(n3, BVar[S, Network])
    p = bp.preview_var(b1, n3)
    assert_type(p, BVar[S, float] | None)
    assert_type(bp.preview_var_or_raise(b1, n3), BVar[S, float])
    return n3.view(b1) * bp.view_var(lens.rate, x)


def sum_all(xs: BVar[S, list[float]]) -> BVar[S, float]:
    parts = bp.to_list_of_var(each, xs)
    assert_type(parts, list[BVar[S, float]])
    total: BVar[S, float] = bp.const_var(0.0)
    for v in parts:
        total = total + v
    return total


def swap(t: BVar[S, tuple[float, int]]) -> BVar[S, tuple[int, float]]:
    a, i = bp.split_bv(t)
    assert_type(a, BVar[S, float])
    assert_type(i, BVar[S, int])
    return bp.join_bv(i, a)


def five(t: BVar[S, tuple[float, float, float, float, float]]) -> BVar[S, float]:
    a, b, c, d, e = bp.split_bv(t)
    assert_type(bp.join_bv(a, b, c), BVar[S, tuple[float, float, float]])
    return a + b + c + d + e


g = bp.grad_bp(model, Outer(Network(np.eye(2), 1.5), 3.0))
assert_type(g, Outer)
assert g.rate == 2.0 * 1.5 * 2.0 * 1.5
assert bp.grad_bp(sum_all, [1.0, 2.0]) == [1.0, 1.0]
assert bp.backprop(swap, (1.5, 2)) == ((2, 1.5), (1.0, 1))
assert bp.grad_bp(five, (1.0, 2.0, 3.0, 4.0, 5.0)) == (1.0, 1.0, 1.0, 1.0, 1.0)
