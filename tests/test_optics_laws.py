"""The lens laws on BVars, with hypothesis, run by one set of tests over every
kind of value: get-put, put-get and put-put on the values, and the same laws
read on the gradients (get-put is the identity, so its gradient is the seed;
put-get takes nothing from the record; put-put takes nothing from the first
value put)."""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from _support import same
from hypothesis import given, settings
from hypothesis import strategies as st
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar, S

Arr = NDArray[np.float64]
floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@dataclasses.dataclass(frozen=True)
class Frozen:
    a: float
    b: float


@dataclasses.dataclass
class Plain:
    a: float
    b: int


class Pair(NamedTuple):
    x: float
    y: float


@dataclasses.dataclass(frozen=True)
class Outer:
    inner: Frozen
    xs: list[float]
    m: Arr


class Case(NamedTuple):
    name: str
    lens: Any
    xs: st.SearchStrategy[Any]
    ys: st.SearchStrategy[Any]


frozen = st.builds(Frozen, floats, floats)
outer = st.builds(
    Outer,
    frozen,
    st.lists(floats, min_size=2, max_size=4),
    hnp.arrays(np.float64, (2, 3), elements=floats),
)
CASES = [
    Case("frozen dataclass", lens.b, frozen, floats),
    Case("plain dataclass", lens.a, st.builds(Plain, floats, st.integers(-5, 5)), floats),
    Case("NamedTuple field", lens.y, st.builds(Pair, floats, floats), floats),
    Case("NamedTuple index", lens[0], st.builds(Pair, floats, floats), floats),
    Case("tuple", lens[1], st.tuples(floats, floats, floats), floats),
    Case("list", lens[-1], st.lists(floats, min_size=1, max_size=5), floats),
    Case("dict", lens["k"], st.fixed_dictionaries({"j": floats, "k": floats}), floats),
    Case("array row", lens[1], hnp.arrays(np.float64, (3, 2), elements=floats), hnp.arrays(np.float64, 2, elements=floats)),
    Case("nested field", lens.inner.b, outer, floats),
    Case("nested item", lens.xs[1], outer, floats),
    Case("nested array element", lens.m[1, 2], outer, floats),
    Case("iso", lens.Iso(lambda v: (v,), lambda t: t[0]), floats, st.tuples(floats)),  # pyright: ignore[reportIndexIssue]
    Case("prism on a match", lens.Instance(Frozen).a, frozen, floats),
    Case("hand-made lens", lens.Lens(lambda t: t[1], lambda t, v: (t[0], v)), st.tuples(floats, floats), floats),
]  # fmt: skip
cases = pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
laws = settings(max_examples=25, deadline=None)


def get_put(l: Any) -> Any:
    def f(x: BVar[S, Any]) -> BVar[S, Any]:
        return bp.set_var(l, bp.view_var(l, x), x)

    return f


def put_get(l: Any) -> Any:
    def f(x: BVar[S, Any], y: BVar[S, Any]) -> BVar[S, Any]:
        return bp.view_var(l, bp.set_var(l, y, x))

    return f


def put_put(l: Any) -> Any:
    def f(x: BVar[S, Any], y1: BVar[S, Any], y2: BVar[S, Any]) -> BVar[S, Any]:
        return bp.set_var(l, y2, bp.set_var(l, y1, x))

    return f


@cases
@laws
@given(data=st.data())
def test_get_put(case: Case, data: st.DataObject) -> None:
    x = data.draw(case.xs)
    assert same(bp.eval_bp(get_put(case.lens), x), x)
    # The identity's gradient is the seed, whatever the seed.
    seed = bp.add(x, bp.one(x))
    assert same(bp.backprop_with(get_put(case.lens), x)[1](seed), seed)


@cases
@laws
@given(data=st.data())
def test_put_get(case: Case, data: st.DataObject) -> None:
    x, y = data.draw(case.xs), data.draw(case.ys)
    assert same(bp.eval_bp2(put_get(case.lens), x, y), y)
    seed = bp.add(y, bp.one(y))
    assert same(bp.backprop_with2(put_get(case.lens), x, y)[1](seed), (bp.zero(x), seed))


@cases
@laws
@given(data=st.data())
def test_put_put(case: Case, data: st.DataObject) -> None:
    x, y1, y2 = data.draw(case.xs), data.draw(case.ys), data.draw(case.ys)
    once = bp.eval_bp2(lambda v, w: bp.set_var(case.lens, w, v), x, y2)
    assert same(bp.eval_bp_n(put_put(case.lens), (x, y1, y2)), once)
    seed = bp.one(once)
    gx, gy1, gy2 = bp.backprop_with_n(put_put(case.lens), (x, y1, y2))[1](seed)
    assert same(gy1, bp.zero(y1))
    assert same(
        (gx, gy2), bp.backprop_with2(lambda v, w: bp.set_var(case.lens, w, v), x, y2)[1](seed)
    )


# Traversals: setting every target, then reading, gives that value n times;
# over with the identity changes nothing and passes the gradient through.
TRAVERSALS = [
    Case("each of a list", lens.Each(), st.lists(floats, max_size=6), floats),
    Case("each of a tuple", lens.Each(), st.tuples(floats, floats), floats),
    Case("each of an array", lens.Each(), hnp.arrays(np.float64, st.integers(0, 5), elements=floats), floats),
    Case("dict values", lens.Values(), st.dictionaries(st.text(max_size=3), floats, max_size=4), floats),
    Case("filtered", lens.Each().Filter(lambda v: v > 0), st.lists(floats, max_size=6), st.floats(1.0, 10.0)),
    Case("each of a field", lens.xs.Each(), outer, floats),
]  # fmt: skip


@pytest.mark.parametrize("case", TRAVERSALS, ids=[c.name for c in TRAVERSALS])
@laws
@given(data=st.data())
def test_traversal_laws(case: Case, data: st.DataObject) -> None:
    x, y = data.draw(case.xs), data.draw(case.ys)
    n = len(case.lens.collect()(x))

    def read_after_put(v: BVar[S, Any], w: BVar[S, float]) -> BVar[S, list[float]]:
        return bp.collect_var(bp.to_list_of_var(case.lens, bp.set_var(case.lens, w, v)))

    assert bp.eval_bp2(read_after_put, x, y) == [y] * n

    def identity(v: BVar[S, Any]) -> BVar[S, Any]:
        return bp.over_var(case.lens, lambda t: t, v)

    assert same(bp.eval_bp(identity, x), x)
    seed = bp.add(x, bp.one(x))
    assert same(bp.backprop_with(identity, x)[1](seed), seed)
