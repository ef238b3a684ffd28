"""Optic access over BVars (the ``^^.`` family): values, gradients against
finite differences, the Haskell documentation examples, and bad input.

The lens laws are in test_optics_laws.py, the cost (how many records and
nodes a pass builds) in test_optics_cost.py."""

from __future__ import annotations

import copy
import dataclasses
import sys
import types
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pytest
from _support import same
from lenses import bind, lens
from lenses.maybe import Just, Nothing
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar, S
from backprop.testing import check_grad

Arr = NDArray[np.float64]


@dataclasses.dataclass(frozen=True)
class Layer:
    w: Arr
    b: float


@dataclasses.dataclass(frozen=True)
class Net:
    layers: list[Layer]
    scale: float


@dataclasses.dataclass
class Box:
    """A plain (mutable) dataclass."""

    lo: float
    hi: float

    @property
    def width(self) -> float:
        return self.hi - self.lo


@dataclasses.dataclass(frozen=True)
class Derived:
    a: float
    twice: float = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "twice", 2.0 * self.a)


class Point(NamedTuple):
    x: float
    y: float


@dataclasses.dataclass(frozen=True)
class Circle:
    r: float


@dataclasses.dataclass(frozen=True)
class Square:
    side: float


Shape = Circle | Square


def net() -> Net:
    return Net([Layer(np.array([1.0, -2.0]), 0.5), Layer(np.array([0.3, 4.0]), -1.5)], 2.0)


def class_of(x: object) -> type:
    """``type(x)``, without narrowing ``x`` for mypy (split_bv's records hold BVars)."""
    return type(x)


def square(v: BVar[S, Any]) -> BVar[S, Any]:
    return v * v


# --- view_var: values and gradients --------------------------------------------------


def test_view_var_of_dataclass_fields_matches_the_hand_derivative() -> None:
    def f(b: BVar[S, Box]) -> BVar[S, float]:
        return bp.view_var(lens.lo, b) * bp.view_var(lens.hi, b) * 3.0

    assert bp.backprop(f, Box(2.0, 5.0)) == (30.0, Box(lo=15.0, hi=6.0))


def test_the_bvar_methods_are_the_functions() -> None:
    def f(p: BVar[S, Point]) -> BVar[S, Point]:
        a = p.view(lens.x)
        b = p.preview(lens.y)
        assert b is not None
        (c,) = p.to_list_of(lens[0])
        return p.set(lens.y, a * b).over(lens.x, lambda v: v * c)

    def g(p: BVar[S, Point]) -> BVar[S, Point]:
        a = bp.view_var(lens.x, p)
        b = bp.preview_var(lens.y, p)
        assert b is not None
        (c,) = bp.to_list_of_var(lens[0], p)
        return bp.over_var(lens.x, lambda v: v * c, bp.set_var(lens.y, a * b, p))

    x = Point(2.0, 3.0)
    assert bp.backprop(f, x) == bp.backprop(g, x) == (Point(4.0, 6.0), Point(7.0, 2.0))


VIEWS: list[tuple[str, Any, Any]] = [
    ("frozen dataclass", lens.scale, net()),
    ("plain dataclass", lens.hi, Box(1.0, 3.0)),
    ("NamedTuple field", lens.y, Point(2.0, -1.0)),
    ("NamedTuple index", lens[0], Point(2.0, -1.0)),
    ("tuple", lens[1], (1.0, 2.5, -3.0)),
    ("list, negative index", lens[-1], [1.0, 2.5, -3.0]),
    ("dict", lens["b"], {"a": 1.0, "b": -2.0}),
    ("array row", lens[1], np.array([[1.0, 2.0], [3.0, -4.0]])),
    ("array element", lens[1, 0], np.array([[1.0, 2.0], [3.0, -4.0]])),
    ("nested path", lens.layers[1].w, net()),
    ("GetAttr/GetItem", lens.GetAttr("layers").GetItem(0).GetAttr("b"), net()),
    ("slice (generic lens)", lens[1:3], np.array([1.0, 2.0, 3.0, -4.0])),
    ("iso", lens.Iso(lambda v: (v, 1.0), lambda t: t[0])[0], 1.5),  # pyright: ignore[reportIndexIssue]
    ("hand-made lens", lens.Lens(lambda t: t[0] + 0.0, lambda t, v: (v, t[1])), (2.0, 7.0)),
    ("attribute after a prism", lens.Instance(Circle).r, Circle(2.0)),
]


@pytest.mark.parametrize(("l", "x"), [c[1:] for c in VIEWS], ids=[c[0] for c in VIEWS])
def test_view_var_gradient_matches_finite_differences(l: Any, x: Any) -> None:
    check_grad(lambda v: square(bp.view_var(l, v)), x)
    assert same(bp.eval_bp(lambda v: bp.view_var(l, v), x), l.get()(x))


def test_many_views_of_one_record_add_up() -> None:
    def f(n: BVar[S, Net]) -> BVar[S, float]:
        total = bp.view_var(lens.scale, n)
        for i in range(2):
            total = total * bp.view_var(lens.layers[i].b, n) + bp.view_var(lens.scale, n)
        return total

    check_grad(f, net())
    g = bp.grad_bp(f, net())
    # s*b0*b1 + s*b1 + s, with s=2, b0=0.5, b1=-1.5
    assert g.scale == pytest.approx(0.5 * -1.5 + -1.5 + 1.0)
    assert g.layers[0].b == pytest.approx(2.0 * -1.5)
    assert g.layers[1].b == pytest.approx(2.0 * 0.5 + 2.0)
    assert same(g.layers[0].w, np.zeros(2))


def test_two_passes_of_one_traversal_add_up() -> None:
    each: bp.Traversal[list[float], float] = lens.Each()

    def f(xs: BVar[S, list[float]]) -> BVar[S, float]:
        a = bp.to_list_of_var(each, xs)
        b = bp.to_list_of_var(each, xs)
        c = bp.to_list_of_var(lens.Each(), xs)
        return a[0] * b[0] + a[1] + c[1] * c[2]

    assert bp.grad_bp(f, [3.0, 1.0, 5.0]) == [6.0, 6.0, 1.0]


def test_views_mixed_with_indexing_and_sequence_var_add_up() -> None:
    def f(xs: BVar[S, list[float]]) -> BVar[S, float]:
        a = bp.view_var(lens[0], xs)
        b, _, c = bp.sequence_var(xs)
        return a * b + xs[2] * c

    assert bp.grad_bp(f, [3.0, 1.0, 5.0]) == [6.0, 0.0, 10.0]


def test_view_of_a_view_and_of_a_constant() -> None:
    def f(n: BVar[S, Net]) -> BVar[S, float]:
        layers = bp.view_var(lens.layers, n)
        first = bp.view_var(lens[0], layers)
        return bp.view_var(lens.b, first) * bp.view_var(lens.scale, bp.const_var(net()))

    check_grad(f, net())
    assert bp.grad_bp(f, net()).layers[0].b == 2.0


def test_the_whole_lens_is_the_identity() -> None:
    assert bp.backprop(lambda x: bp.view_var(lens, x) * 2.0, 3.0) == (6.0, 2.0)
    assert bp.backprop2(lambda x, y: bp.set_var(lens, y, x), 1.0, 5.0) == (5.0, (0.0, 1.0))


def test_op_lens_views_through_the_stubs() -> None:
    def f(p: BVar[S, Point]) -> BVar[S, float]:
        return bp.lift_op1(bp.op_lens(lens.y), p) * 3.0

    assert bp.backprop(f, Point(1.0, 2.0)) == (6.0, Point(0.0, 3.0))


# --- set_var and over_var ------------------------------------------------------------------


def test_set_var_sends_the_focus_gradient_to_y_and_the_rest_to_x() -> None:
    def f(x: BVar[S, Point], y: BVar[S, float]) -> BVar[S, Point]:
        return bp.set_var(lens.x, y, x)

    out, pull = bp.backprop_with(lambda t: f(*bp.split_bv(t)), (Point(1.0, 2.0), 9.0))
    assert out == Point(9.0, 2.0)
    assert pull(Point(10.0, 20.0)) == (Point(0.0, 20.0), 10.0)


def test_set_var_through_a_traversal_sums_the_targets_for_y() -> None:
    def f(xs: BVar[S, list[float]], y: BVar[S, float]) -> BVar[S, list[float]]:
        return bp.set_var(lens.Each().Filter(lambda v: v > 0), y, xs)

    out, pull = bp.backprop_with2(f, [1.0, -2.0, 3.0], 7.0)
    assert out == [7.0, -2.0, 7.0]
    assert pull([1.0, 10.0, 100.0]) == ([0.0, 10.0, 0.0], 101.0)


SETS: list[tuple[str, Any, Any, Any]] = [
    ("frozen dataclass", lens.scale, lens.layers[0].b, net()),
    ("plain dataclass", lens.lo, lens.hi, Box(1.0, 3.0)),
    ("NamedTuple", lens.x, lens[1], Point(2.0, -1.0)),
    ("tuple", lens[2], lens[0], (1.0, 2.5, -3.0)),
    ("list", lens[0], lens[-1], [1.0, 2.5, -3.0]),
    ("dict", lens["a"], lens["b"], {"a": 1.0, "b": -2.0}),
    ("array row", lens[0], lens[1], np.array([[1.0, 2.0], [3.0, -4.0]])),
    ("nested", lens.layers[1].w, lens.layers[0].w, net()),
    ("each", lens.Each(), lens[1], [1.0, 2.5, -3.0]),
    ("filtered", lens.Each().Filter(lambda v: v < 2.0), lens[1], [1.0, 2.5, -3.0]),
    ("dict values", lens.Values(), lens["b"], {"a": 1.0, "b": -2.0}),
    ("each of a field", lens.layers.Each().b, lens.scale, net()),
    ("iso", lens[0].Iso(lambda v: [v], lambda vs: vs[0])[0], lens[1], (1.5, 2.0)),  # pyright: ignore[reportIndexIssue]
    ("slice", lens[0:2], lens[2:4], np.array([1.0, 2.0, 3.0, -4.0])),
]


@pytest.mark.parametrize(("l", "src", "x"), [c[1:] for c in SETS], ids=[c[0] for c in SETS])
def test_set_var_and_over_var_gradients_match_finite_differences(l: Any, src: Any, x: Any) -> None:
    check_grad(lambda v: bp.set_var(l, square(bp.view_var(src, v)), v), x)
    check_grad(lambda v: bp.over_var(l, lambda t: t * t * 3.0, v), x)


def test_set_var_values_match_lenses() -> None:
    for _, l, src, x in SETS:
        got = bp.eval_bp(lambda v, l=l, src=src: bp.set_var(l, bp.view_var(src, v), v), x)
        assert same(got, l.set(src.get()(x))(x))


def test_over_var_values_match_lenses() -> None:
    for _, l, _src, x in SETS:
        got = bp.eval_bp(lambda v, l=l: bp.over_var(l, lambda t: t * 2.0, v), x)
        assert same(got, l.modify(lambda t: t * 2.0)(x))


def test_set_var_keeps_a_namedtuple_a_namedtuple() -> None:
    assert bp.eval_bp(lambda p: bp.set_var(lens[1], 5.0, p), Point(1.0, 2.0)) == Point(1.0, 5.0)


def test_set_var_with_a_constant_x_or_y() -> None:
    def f(y: BVar[S, float]) -> BVar[S, float]:
        p: BVar[S, Point] = bp.set_var(lens.x, y * 2.0, bp.const_var(Point(1.0, 2.0)))
        q = bp.set_var(lens.y, 4.0, p)
        return bp.view_var(lens.x, q) * bp.view_var(lens.y, q)

    assert bp.backprop(f, 3.0) == (24.0, 8.0)


# --- traversals and prisms -------------------------------------------------------------------

LISTS: list[tuple[str, Any, Any]] = [
    ("list", lens.Each(), [1.0, -2.0, 3.0]),
    ("tuple", lens.Each(), (1.0, -2.0, 3.0)),
    ("NamedTuple", lens.Each(), Point(1.0, -2.0)),
    ("1-D array", lens.Each(), np.array([1.0, -2.0, 3.0])),
    ("2-D array rows", lens.Each(), np.array([[1.0, -2.0], [3.0, 0.5]])),
    ("dict values", lens.Values(), {"a": 1.0, "b": -2.0}),
    ("items, value", lens.Items()[1], {"a": 1.0, "b": -2.0}),
    ("dict pairs, value", lens.Each()[1], {1: 1.0, 2: -2.0}),
    ("filtered", lens.Each().Filter(lambda v: v > 0), [1.0, -2.0, 3.0]),
    ("nested", lens.layers.Each().w, net()),
    ("nested twice", lens.Each().Each(), [[1.0, 2.0], [3.0]]),
    ("instance prism", lens.Each().Instance(Circle).r, [Circle(1.0), Square(2.0), Circle(3.0)]),
    (
        "hand-made traversal",
        lens.Traversal(lambda t: [t[0], t[-1]], lambda t, vs: (lambda a, b: (a, *t[1:-1], b))(*vs)),  # pyright: ignore[reportArgumentType]
        (1.0, 2.0, 3.0),
    ),
]


@pytest.mark.parametrize(("l", "x"), [c[1:] for c in LISTS], ids=[c[0] for c in LISTS])
def test_to_list_of_var_matches_lenses_and_finite_differences(l: Any, x: Any) -> None:
    def total(v: BVar[S, Any]) -> BVar[S, Any]:
        parts = bp.to_list_of_var(l, v)
        out = square(parts[0])
        for p in parts[1:]:
            out = out + square(p) * 0.5
        return out

    got = bp.eval_bp(lambda v: bp.collect_var(bp.to_list_of_var(l, v)), x)
    assert same(got, l.collect()(x))
    check_grad(total, x)


def test_to_list_of_var_of_a_dict_with_int_keys_rebuilds_the_dict() -> None:
    def f(d: BVar[S, dict[int, float]]) -> BVar[S, float]:
        first, second = bp.to_list_of_var(lens.Each(), d)
        v1: BVar[S, float] = bp.split_bv(first)[1]
        v2: BVar[S, float] = bp.split_bv(second)[1]
        return v1 * v2 * 2.0

    assert bp.grad_bp(f, {1: 3.0, 2: 5.0}) == {1: 10.0, 2: 6.0}


def test_over_var_through_each_and_a_prism() -> None:
    def f(xs: BVar[S, list[Shape]]) -> BVar[S, list[Shape]]:
        return bp.over_var(lens.Each().Instance(Circle).r, square, xs)

    xs: list[Shape] = [Circle(1.0), Square(2.0), Circle(3.0)]
    out, pull = bp.backprop_with(f, xs)
    assert out == [Circle(1.0), Square(2.0), Circle(9.0)]
    assert pull([Circle(1.0), Square(1.0), Circle(1.0)]) == [Circle(2.0), Square(1.0), Circle(6.0)]


def test_just_prism_and_the_maybe_instance() -> None:
    def f(m: BVar[S, Just[float]]) -> BVar[S, Just[float]]:
        v = bp.preview_var(lens.Just(), m)
        return m if v is None else bp.over_var(lens.Just(), lambda t: t * v, m)

    assert bp.backprop(f, Just(3.0)) == (Just(9.0), Just(6.0))
    assert bp.backprop(f, Nothing()) == (Nothing(), Nothing())
    assert bp.add(Just(1.0), Just(2.0)) == Just(3.0)
    assert bp.add(Nothing(), Just(2.0)) == Just(2.0)
    assert bp.zero(Just(2.0)) == Just(0.0)
    assert bp.one(Nothing()) == Nothing()


# The Haskell documentation of (^^?) and (^^..): a prism into a sum type
# (`x ^^? _Left`) and a traversal of a container (`xs ^^.. traverse`).


def radius_or_side(s: BVar[S, Shape]) -> BVar[S, float]:
    r: BVar[S, float] | None = bp.preview_var(lens.Instance(Circle).r, s)
    if r is not None:
        return r * r * 3.0
    side = bp.preview_var_or_raise(lens.Instance(Square).side, s)
    return side * 4.0


def test_haskell_preview_on_a_sum_type() -> None:
    assert bp.backprop(radius_or_side, Circle(2.0)) == (12.0, Circle(12.0))
    assert bp.backprop(radius_or_side, Square(2.0)) == (8.0, Square(4.0))
    check_grad(radius_or_side, Circle(0.7))


def test_haskell_to_list_of_on_a_sum_type() -> None:
    def f(s: BVar[S, Shape]) -> BVar[S, list[float]]:
        return bp.collect_var(bp.to_list_of_var(lens.Instance(Circle).r, s))

    assert bp.backprop_with(f, Circle(2.0))[0] == [2.0]
    assert bp.backprop_with(f, Square(2.0))[0] == []
    assert bp.backprop_with(f, Circle(2.0))[1]([5.0]) == Circle(5.0)


def test_haskell_preview_and_to_list_of_on_a_list() -> None:
    def first(xs: BVar[S, list[float]]) -> BVar[S, float]:
        v = bp.preview_var(lens.Each(), xs)
        return bp.const_var(0.0) if v is None else v * 10.0

    def weighted(xs: BVar[S, list[float]]) -> BVar[S, float]:
        out: BVar[S, float] = bp.const_var(0.0)
        for i, v in enumerate(bp.to_list_of_var(lens.Each(), xs)):
            out = out + v * float(i)
        return out

    assert bp.backprop(first, [2.0, 3.0]) == (20.0, [10.0, 0.0])
    assert bp.backprop(first, []) == (0.0, [])
    assert bp.backprop(weighted, [2.0, 3.0, 4.0]) == (11.0, [0.0, 1.0, 2.0])


def test_preview_var_or_raise_gives_the_first_target() -> None:
    assert bp.backprop(lambda xs: bp.preview_var_or_raise(lens.Each(), xs) * 2.0, [4.0, 5.0]) == (
        8.0,
        [2.0, 0.0],
    )


def test_view_var_of_a_traversal_is_its_first_target() -> None:
    assert bp.backprop(lambda xs: bp.view_var(lens.Each(), xs) * 2.0, [4.0, 5.0]) == (
        8.0,
        [2.0, 0.0],
    )


# --- split_bv and join_bv ---------------------------------------------------------------------


def test_split_and_join_tuples() -> None:
    def f(t: BVar[S, tuple[float, float, float]]) -> BVar[S, tuple[float, float]]:
        a, b, c = bp.split_bv(t)
        return bp.join_bv(a * b, c * c)

    assert bp.backprop_with(f, (2.0, 3.0, 4.0))[0] == (6.0, 16.0)
    check_grad(f, (2.0, 3.0, 4.0))
    for n in range(2, 6):
        # a tuple whose length is known at run time: split_bv is typed for fixed lengths
        t: Any = tuple(float(i + 1) for i in range(n))
        assert bp.backprop(lambda v: bp.join_bv(*bp.split_bv(v)), t) == (t, (1.0,) * n)


def test_split_and_join_records_keep_their_class() -> None:
    def f(n: BVar[S, Net]) -> BVar[S, Net]:
        parts = bp.split_bv(n)
        assert isinstance(parts.scale, BVar)
        assert class_of(parts) is Net
        return bp.join_bv(dataclasses.replace(parts, scale=parts.scale * parts.scale))

    out = bp.eval_bp(f, net())
    assert type(out) is Net
    assert out.scale == 4.0
    check_grad(f, net())

    def g(p: BVar[S, Point]) -> BVar[S, Point]:
        q = bp.split_bv(p)
        assert class_of(q) is Point
        return bp.join_bv(Point(q.y, q.x * q.y))

    assert bp.backprop_with(g, Point(2.0, 3.0))[0] == Point(3.0, 6.0)
    check_grad(g, Point(2.0, 3.0))


def test_join_bv_of_a_derived_dataclass_reruns_post_init() -> None:
    def f(d: BVar[S, Derived]) -> BVar[S, float]:
        parts = bp.split_bv(d)
        return bp.view_var(lens.twice, bp.join_bv(Derived(parts.a * 3.0)))

    assert bp.eval_bp(f, Derived(1.0)) == 6.0


def test_join_bv_with_a_constant_field() -> None:
    def f(x: BVar[S, float]) -> BVar[S, Point]:
        return bp.join_bv(Point(x * 2.0, 7.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

    assert bp.backprop(f, 1.0) == (Point(2.0, 7.0), 2.0)


# --- nothing is mutated -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("l", "x"),
    [
        (lens[0], [1.0, 2.0]),
        (lens["a"], {"a": 1.0}),
        (lens[0], np.array([[1.0, 2.0], [3.0, 4.0]])),
        (lens.lo, Box(1.0, 2.0)),
        (lens.layers[0].w, net()),
        (lens.Each(), [1.0, 2.0]),
        (lens.Values(), {"a": 1.0}),
    ],
    ids=str,
)
def test_the_callers_value_is_never_mutated(l: Any, x: Any) -> None:
    before = copy.deepcopy(x)

    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        v = bp.set_var(l, square(bp.view_var(l, v)), v)
        return bp.over_var(l, lambda t: t * 3.0, v)

    check_grad(f, x)
    assert same(x, before)


# --- bad input ----------------------------------------------------------------------------


def run(f: Callable[[Any], object], x: Any) -> None:
    """Only the forward pass: a misfit must fail here, not in the backward pass."""

    def g(v: BVar[S, Any]) -> BVar[S, float]:
        f(v)
        return bp.const_var(0.0)

    bp.eval_bp(g, x)


def test_a_missing_attribute_names_the_lens_and_the_type() -> None:
    with pytest.raises(
        AttributeError, match=r"view_var: the lens lens\.w9 does not fit a value of type Box"
    ):
        run(lambda b: bp.view_var(lens.w9, b), Box(1.0, 2.0))


def test_a_missing_key_or_index_names_the_lens_and_the_type() -> None:
    with pytest.raises(KeyError, match=r"lens\['k'\] does not fit a value of type dict"):
        run(lambda d: bp.view_var(lens["k"], d), {"a": 1.0})
    with pytest.raises(
        IndexError, match=r"set_var: the lens lens\[5\] does not fit a value of type list"
    ):
        run(lambda xs: bp.set_var(lens[5], 1.0, xs), [1.0])
    with pytest.raises(
        IndexError, match=r"lens\.layers\[3\]\.w does not fit a value of type Net \(\[3\] on a list"
    ):
        run(lambda n: bp.view_var(lens.layers[3].w, n), net())


def test_a_lens_that_has_read_a_value_checks_the_next_one_too() -> None:
    # After its first view, a lens constant takes BVar.view's fast path: it
    # must give the same value and gradient, and refuse what the first view
    # would have refused, with the same error.
    key: bp.Lens[dict[str, float], float] = lens["k"]
    lo: bp.Lens[Box, float] = lens.lo
    kept: list[BVar[Any, Box]] = []

    def f(b: BVar[S, Box]) -> BVar[S, float]:
        kept.append(b)
        return b.view(lo) * bp.view_var(key, bp.const_var({"k": 2.0})) + b.view(lo)

    assert bp.backprop(f, Box(1.0, 5.0)) == (3.0, Box(3.0, 0.0))
    assert bp.backprop(f, Box(4.0, 5.0)) == (12.0, Box(3.0, 0.0))
    assert bp.eval_bp(f, Box(2.0, 5.0)) == 6.0
    with pytest.raises(KeyError, match=r"view_var: the lens lens\['k'\] does not fit .* dict"):
        run(lambda d: bp.view_var(key, d), {"a": 1.0})
    with pytest.raises(AttributeError, match=r"view_var: the lens lens\.lo does not fit .* Point"):
        run(lambda p: p.view(lo), Point(1.0, 2.0))
    with pytest.raises(bp.ScopeError, match="view_var: this BVar escaped its scope"):
        kept[0].view(lo)


def test_a_misfit_inside_a_traversal_names_the_optic() -> None:
    with pytest.raises(
        AttributeError, match=r"EachTraversal\(\) & GetZoomAttrTraversal\('w'\).*type Point"
    ):
        run(lambda xs: bp.to_list_of_var(lens.Each().w, xs), [Point(1.0, 2.0)])
    with pytest.raises(
        TypeError, match=r"over_var: the optic .*Each.* does not fit a value of type float"
    ):
        run(lambda x: bp.over_var(lens.Each(), square, x), 1.0)
    with pytest.raises(TypeError, match=r"type ndarray .*0-d array has no elements"):
        run(lambda x: bp.to_list_of_var(lens.Each(), x), np.array(1.0))


def test_a_field_that_cannot_be_written_back_is_refused_at_the_view() -> None:
    with pytest.raises(TypeError, match=r"lens\.width does not fit .*'width' is not a field"):
        run(lambda b: bp.view_var(lens.width, b), Box(1.0, 3.0))
    with pytest.raises(TypeError, match=r"'twice' is a field with init=False"):
        run(lambda d: bp.set_var(lens.twice, 1.0, d), Derived(1.0))
    with pytest.raises(TypeError, match=r"a list has items, not fields"):
        run(lambda xs: bp.view_var(lens.append, xs), [1.0])


def test_getters_and_folds_cannot_carry_a_gradient() -> None:
    with pytest.raises(
        TypeError, match=r"view_var: .*Getter.*a Getter: it can read its targets but not write"
    ):
        run(lambda x: bp.view_var(lens.F(abs), x), -1.0)
    with pytest.raises(
        TypeError, match=r"set_var: .*a Fold: it can read its targets but not write"
    ):
        run(lambda xs: bp.set_var(lens.Fold(lambda v: v), 1.0, xs), [1.0])
    with pytest.raises(TypeError, match=r"over_var: .*a Getter"):
        run(lambda xs: bp.over_var(lens[0].F(abs), square, xs), [1.0])
    with pytest.raises(TypeError, match=r"a Setter: it can write its targets but not read"):
        run(lambda xs: bp.to_list_of_var(lens.Fork(lens[0], lens[1]), xs), [1.0, 2.0])


def test_no_target_is_an_error_for_view_var_and_preview_var_or_raise() -> None:
    with pytest.raises(
        ValueError,
        match=r"view_var: the optic .*EachTraversal.* has no target in this value of type list",
    ):
        run(lambda xs: bp.view_var(lens.Each(), xs), [])
    with pytest.raises(
        ValueError,
        match=r"preview_var_or_raise: the optic .*InstancePrism.*Circle.* has no target in this value of type Square",
    ):
        run(lambda s: bp.preview_var_or_raise(lens.Instance(Circle), s), Square(1.0))


def test_wrong_arguments_are_named() -> None:
    with pytest.raises(
        TypeError, match=r"view_var: expected an unbound lens such as lens.w1 or lens\[0\], got str"
    ):
        run(lambda b: bp.view_var("lo", b), Box(1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"expected an unbound lens .* got BoundLens"):
        run(lambda b: bp.view_var(bind(Box(1.0, 2.0)).lo, b), Box(1.0, 2.0))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"to_list_of_var: expected a BVar to look into, got list"):
        bp.to_list_of_var(lens.Each(), [1.0])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_split_and_join_refuse_what_they_cannot_rebuild() -> None:
    with pytest.raises(
        TypeError,
        match=r"split_bv: expected a BVar of a tuple, NamedTuple or dataclass, got a BVar of list",
    ):
        run(lambda xs: bp.split_bv(xs), [1.0])
    with pytest.raises(
        TypeError,
        match=r"join_bv: .*got one tuple \(pass a tuple's elements as separate arguments\)",
    ):
        run(lambda t: bp.join_bv(bp.split_bv(t)), (1.0, 2.0))
    with pytest.raises(
        TypeError, match=r"join_bv: expected 2 to 5 BVars, or one record holding BVars; got nothing"
    ):
        bp.join_bv()  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]


def test_each_on_an_array_refuses_elements_of_another_shape() -> None:
    def f(m: BVar[S, Arr]) -> BVar[S, Arr]:
        return bp.over_var(lens.Each(), lambda r: bp.const_var(np.zeros(3)), m)

    with pytest.raises(
        ValueError, match=r"the new elements make an array of shape \(2, 3\), not \(2, 2\)"
    ):
        run(f, np.ones((2, 2)))


def test_a_leaked_bvar_is_refused() -> None:
    kept: list[BVar[Any, Box]] = []

    def f(b: BVar[S, Box]) -> BVar[S, float]:
        kept.append(b)
        return bp.view_var(lens.lo, b)

    bp.grad_bp(f, Box(1.0, 2.0))
    with pytest.raises(bp.ScopeError, match="view_var: this BVar escaped its scope"):
        bp.view_var(lens.hi, kept[0])


# --- check_lenses: annotated lens constants against their records ------------------------


@dataclasses.dataclass(frozen=True)
class _Dense:
    weight: NDArray[np.float64]
    bias: float


class _Pair(NamedTuple):
    left: float
    right: list[float]


@dataclasses.dataclass(frozen=True)
class _Model:
    layers: tuple[_Dense, _Dense]
    pair: _Pair


def _namespace(**constants: tuple[Any, Any]) -> dict[str, Any]:
    """A module namespace: constants and their annotations."""
    ns: dict[str, Any] = {k: v for k, (_, v) in constants.items()}
    ns["__annotations__"] = {k: t for k, (t, _) in constants.items()}
    return ns


def test_check_lenses_accepts_fields_of_the_annotated_types() -> None:
    bp.check_lenses(
        _namespace(
            w=(bp.Lens[_Dense, NDArray[np.float64]], lens.weight),
            b=(bp.Lens[_Dense, float], lens.bias),
            deep=(bp.Lens[_Model, float], lens.layers[1].bias),
            right=(bp.Lens[_Model, list[float]], lens.pair.right),
            item=(bp.Lens[_Model, float], lens.pair.right[0]),
            each=(bp.Traversal[list[float], float], lens.Each()),
            both=(bp.Traversal[_Model, _Dense], lens.layers.Each()),
        )
    )


def test_check_lenses_names_the_constant_the_record_and_the_field() -> None:
    with pytest.raises(TypeError) as err:
        bp.check_lenses(_namespace(w=(bp.Lens[_Dense, NDArray[np.float64]], lens.wieght)))
    message = str(err.value)
    assert "1 lens constant does not fit its annotation" in message
    assert "w: " in message
    assert "_Dense has no field 'wieght' (its fields: weight, bias)" in message


def test_check_lenses_reports_a_field_of_another_type() -> None:
    with pytest.raises(TypeError, match=r"_Dense\.bias is float, not NDArray\[numpy\.float64\]$"):
        bp.check_lenses(_namespace(b=(bp.Lens[_Dense, NDArray[np.float64]], lens.bias)))
    with pytest.raises(TypeError, match=r"_Model\.layers\[0\] is _Dense, not float"):
        bp.check_lenses(_namespace(first=(bp.Lens[_Model, float], lens.layers[0])))


def test_check_lenses_lists_every_problem_at_once() -> None:
    with pytest.raises(TypeError) as err:
        bp.check_lenses(
            _namespace(
                a=(bp.Lens[_Dense, float], lens.bais),
                ok=(bp.Lens[_Dense, float], lens.bias),
                c=(bp.Lens[_Model, float], lens.pair.middle),
                d=(bp.Lens[_Dense, float], "weight"),
            )
        )
    message = str(err.value)
    assert message.startswith("check_lenses: 3 lens constants do not fit their annotations")
    assert "a: " in message
    assert "c: Lens[_Model, float] = UnboundLens(" in message
    assert "_Model.pair has no field 'middle' (its fields: left, right)" in message
    assert "is 'weight', not an optic" in message
    assert "ok: " not in message


def test_check_lenses_reads_a_module_with_string_annotations() -> None:
    source = (
        "from __future__ import annotations\n"
        "from dataclasses import dataclass\n"
        "from lenses import lens\n"
        "import backprop as bp\n"
        "@dataclass\n"
        "class Rec:\n"
        "    x: float\n"
        "good: bp.Lens[Rec, float] = lens.x\n"
        "bad: bp.Lens[Rec, float] = lens.y\n"
    )
    module = types.ModuleType("lens_constants")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        exec(compile(source, "lens_constants.py", "exec"), module.__dict__)
        with pytest.raises(TypeError, match=r"bad: .*Rec has no field 'y'"):
            bp.check_lenses(module)
        del module.__annotations__["bad"]
        bp.check_lenses(module)
    finally:
        del sys.modules[module.__name__]
