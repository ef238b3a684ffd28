"""The Backprop class: zero, add and one for every built-in instance, user
classes (by methods or by registration), the laws, errors and dispatch."""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

import backprop as bp
from backprop import _class

# --- value types used below -----------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FrozenLayer:
    w: NDArray[np.float64]
    b: float


@dataclasses.dataclass
class MutableLayer:
    w: list[float]
    b: float


class Point(NamedTuple):
    x: float
    y: float


class Vec2:
    """A user class that joins the Backprop class by defining its methods."""

    def __init__(self, a: float, b: float) -> None:
        self.a = a
        self.b = b

    def zero(self) -> Vec2:
        return Vec2(0.0, 0.0)

    def add(self, other: Vec2) -> Vec2:
        return Vec2(self.a + other.a, self.b + other.b)

    def one(self) -> Vec2:
        return Vec2(1.0, 1.0)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Vec2) and (self.a, self.b) == (other.a, other.b)

    def __hash__(self) -> int:
        return hash((self.a, self.b))

    def __repr__(self) -> str:
        return f"Vec2({self.a}, {self.b})"


class Opaque:
    """A class "we do not own": no methods, joins by backprop.register."""

    def __init__(self, v: float) -> None:
        self.v = v

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.v == self.v

    def __hash__(self) -> int:
        return hash(self.v)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.v})"


class SubOpaque(Opaque):
    pass


bp.register(
    Opaque,
    zero=lambda x: type(x)(0.0),
    add=lambda x, y: type(x)(x.v + y.v),
    one=lambda x: type(x)(1.0),
)


class Unsupported:
    pass


# --- deep, type-exact equality -----------------------------------------------------


def same(a: object, b: object) -> bool:
    """Equal values of the same type all the way down (arrays: dtype and shape too)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray)
        return a.dtype == b.dtype and a.shape == b.shape and bool(np.array_equal(a, b))
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple))
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        assert isinstance(b, dict)
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    return bool(a == b)


# --- strategies: a "shape" shared by x, y and z, then values of that shape -----------

# Multiples of 1/8 of moderate size: their sums are exact, so associativity of
# float addition holds exactly (in float32 too).
dyadic = st.integers(-(2**14), 2**14).map(lambda n: n / 8)
small_ints = st.integers(-1000, 1000)
shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
keys = st.sampled_from("abcde")


def fixed(s: st.SearchStrategy[Any]) -> Callable[[Any], st.SearchStrategy[Any]]:
    return lambda _: s


def arrays(dtype: Any, elements: st.SearchStrategy[Any]) -> Callable[[Any], st.SearchStrategy[Any]]:
    return lambda shape: hnp.arrays(dtype, shape, elements=elements)


@dataclasses.dataclass(frozen=True)
class Instance:
    """How to draw values of one Backprop instance.

    ``shape`` draws what x, y and z share (an array shape, a list length, a
    key set); ``values(shape)`` draws a value of it. ``ragged``: add is still
    commutative and associative across shapes (padded lists, dict union).
    """

    name: str
    shape: st.SearchStrategy[Any]
    values: Callable[[Any], st.SearchStrategy[Any]]
    ragged: bool = False


nothing = st.just(None)

INSTANCES = [
    Instance("int", nothing, fixed(small_ints)),
    Instance("float", nothing, fixed(dyadic)),
    Instance("complex", nothing, fixed(st.builds(complex, dyadic, dyadic))),
    Instance("ndarray float64", shapes, arrays(np.float64, dyadic)),
    Instance("ndarray float32", shapes, arrays(np.float32, dyadic)),
    Instance("ndarray int64", shapes, arrays(np.int64, small_ints)),
    Instance("ndarray complex128", shapes, arrays(np.complex128, dyadic)),
    Instance("numpy float64 scalar", nothing, fixed(dyadic.map(np.float64))),
    Instance("numpy float32 scalar", nothing, fixed(dyadic.map(np.float32))),
    Instance("numpy int64 scalar", nothing, fixed(small_ints.map(np.int64))),
    Instance("None", nothing, fixed(st.none())),
    Instance(
        "tuple",
        shapes,
        lambda shape: st.tuples(dyadic, hnp.arrays(np.float64, shape, elements=dyadic), small_ints),
    ),
    Instance("list", st.integers(0, 4), lambda n: st.lists(dyadic, min_size=n, max_size=n), True),
    Instance(
        "list of arrays",
        st.integers(0, 3),
        lambda n: st.lists(hnp.arrays(np.float64, 2, elements=dyadic), min_size=n, max_size=n),
        True,
    ),
    Instance(
        "dict",
        st.frozensets(keys, max_size=4),
        lambda ks: st.fixed_dictionaries({k: dyadic for k in sorted(ks)}),
        True,
    ),
    Instance(
        "nested",
        st.integers(0, 3),
        lambda n: st.tuples(
            st.lists(st.tuples(dyadic, small_ints), min_size=n, max_size=n),
            st.fixed_dictionaries({"w": hnp.arrays(np.float64, (2, 2), elements=dyadic)}),
        ),
    ),
    Instance(
        "frozen dataclass",
        shapes,
        lambda shape: st.builds(
            FrozenLayer, hnp.arrays(np.float64, shape, elements=dyadic), dyadic
        ),
    ),
    Instance(
        "dataclass",
        st.integers(0, 3),
        lambda n: st.builds(MutableLayer, st.lists(dyadic, min_size=n, max_size=n), dyadic),
    ),
    Instance("NamedTuple", nothing, fixed(st.builds(Point, dyadic, dyadic))),
    Instance("methods (Backprop protocol)", nothing, fixed(st.builds(Vec2, dyadic, dyadic))),
    Instance("register", nothing, fixed(st.builds(Opaque, dyadic))),
    Instance("register, subclass", nothing, fixed(st.builds(SubOpaque, dyadic))),
]


@pytest.mark.parametrize("inst", INSTANCES, ids=lambda i: i.name)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_backprop_laws(inst: Instance, data: st.DataObject) -> None:
    shape = data.draw(inst.shape, label="shape")
    x = data.draw(inst.values(shape), label="x")
    y = data.draw(inst.values(shape), label="y")
    if inst.ragged:
        y2 = data.draw(inst.shape.flatmap(inst.values), label="y (other shape)")
        z = data.draw(inst.shape.flatmap(inst.values), label="z (other shape)")
    else:
        y2, z = y, data.draw(inst.values(shape), label="z")
    before = copy.deepcopy((x, y, y2, z))

    # identity, both sides
    assert same(bp.add(x, bp.zero(y)), x)
    assert same(bp.add(bp.zero(y), x), x)
    # commutative and associative (across shapes where add pads or unions)
    assert same(bp.add(x, y2), bp.add(y2, x))
    assert same(bp.add(x, bp.add(y2, z)), bp.add(bp.add(x, y2), z))
    # zero and one are idempotent and keep the type and shape
    assert same(bp.zero(bp.zero(x)), bp.zero(x))
    assert same(bp.one(bp.one(x)), bp.one(x))
    # the gradient of the identity is one
    assert same(bp.grad_bp(lambda v: v, x), bp.one(x))
    # none of it wrote into the arguments
    assert same((x, y, y2, z), before)


# --- what the instances compute ------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "zero", "one"),
    [
        (3, 0, 1),
        (2.5, 0.0, 1.0),
        (1 + 2j, 0j, 1 + 0j),
        (np.float32(2.5), np.float32(0), np.float32(1)),
        (np.int64(7), np.int64(0), np.int64(1)),
        (np.array([[1.5, 2.0]]), np.zeros((1, 2)), np.ones((1, 2))),
        (np.array([1, 2], dtype=np.int32), np.zeros(2, np.int32), np.ones(2, np.int32)),
        (None, None, None),
        ((1.5, 2), (0.0, 0), (1.0, 1)),
        ([1.5, [2.0]], [0.0, [0.0]], [1.0, [1.0]]),
        ({"a": 2.0, "b": (3, 4.0)}, {"a": 0.0, "b": (0, 0.0)}, {"a": 1.0, "b": (1, 1.0)}),
        (Point(2.0, 3.0), Point(0.0, 0.0), Point(1.0, 1.0)),
        (
            FrozenLayer(np.array([2.0, 3.0]), 4.0),
            FrozenLayer(np.zeros(2), 0.0),
            FrozenLayer(np.ones(2), 1.0),
        ),
        (MutableLayer([2.0], 4.0), MutableLayer([0.0], 0.0), MutableLayer([1.0], 1.0)),
        (Vec2(2.0, 3.0), Vec2(0.0, 0.0), Vec2(1.0, 1.0)),
        (Opaque(5.0), Opaque(0.0), Opaque(1.0)),
    ],
    ids=repr,
)
def test_zero_and_one_values(x: object, zero: object, one: object) -> None:
    assert same(bp.zero(x), zero)
    assert same(bp.one(x), one)


def test_list_add_pads_the_shorter_with_zeros() -> None:
    assert same(bp.add([1.0, 2.0, 3.0], [10.0]), [11.0, 2.0, 3.0])
    assert same(bp.add([10.0], [1.0, 2.0, 3.0]), [11.0, 2.0, 3.0])
    assert same(bp.add([], [np.ones(2)]), [np.ones(2)])


def test_dict_add_is_union_with_add() -> None:
    assert same(
        bp.add({"a": 1.0, "b": 2.0}, {"b": 10.0, "c": 5.0}), {"a": 1.0, "b": 12.0, "c": 5.0}
    )
    assert same(bp.add({}, {"k": [1.0]}), {"k": [1.0]})


def test_tuple_add_of_different_lengths_raises() -> None:
    with pytest.raises(ValueError, match="add: cannot add tuples of lengths 2 and 3"):
        bp.add((1.0, 2.0), (1.0, 2.0, 3.0))


def test_structured_values_keep_their_type() -> None:
    assert type(bp.add(Point(1.0, 2.0), Point(3.0, 4.0))) is Point
    assert same(bp.add(Point(1.0, 2.0), Point(3.0, 4.0)), Point(4.0, 6.0))
    layer = bp.add(FrozenLayer(np.array([1.0]), 2.0), FrozenLayer(np.array([3.0]), 4.0))
    assert same(layer, FrozenLayer(np.array([4.0]), 6.0))
    assert same(bp.one(SubOpaque(3.0)), SubOpaque(1.0))  # registration covers subclasses


@dataclasses.dataclass
class WithDerived:
    w: float
    total: float = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.total = 2 * self.w


def test_dataclass_fields_outside_init_are_treated_field_by_field() -> None:
    a, b = WithDerived(1.0), WithDerived(2.0)
    s = bp.add(a, b)
    assert (s.w, s.total) == (3.0, 6.0)
    z = bp.zero(a)
    assert (z.w, z.total) == (0.0, 0.0)
    o = bp.one(a)
    assert (o.w, o.total) == (1.0, 1.0)


# --- user classes --------------------------------------------------------------------


def test_methods_satisfy_the_runtime_checkable_protocol() -> None:
    assert isinstance(Vec2(1.0, 2.0), bp.Backprop)
    assert not isinstance(Opaque(1.0), bp.Backprop)
    assert not isinstance(2.0, bp.Backprop)


def test_user_class_methods_are_used_on_the_tape() -> None:
    # Vec2 has no operators: the gradient can only be built by its own
    # one (seed), add (two uses) and zero (an unused input).
    def f(u: bp.BVar[bp.S, Vec2], v: bp.BVar[bp.S, Vec2]) -> bp.BVar[bp.S, list[Vec2]]:
        return bp.collect_var([u, u])

    value, (gu, gv) = bp.backprop2(f, Vec2(2.0, 3.0), Vec2(5.0, 6.0))
    assert value == [Vec2(2.0, 3.0), Vec2(2.0, 3.0)]
    assert gu == Vec2(2.0, 2.0)
    assert gv == Vec2(0.0, 0.0)


def test_registered_class_is_used_on_the_tape() -> None:
    def f(u: bp.BVar[bp.S, Opaque], v: bp.BVar[bp.S, Opaque]) -> bp.BVar[bp.S, tuple[Opaque, ...]]:
        return bp.collect_var((u, u, u))

    _, (gu, gv) = bp.backprop2(f, SubOpaque(2.0), Opaque(5.0))
    assert gu == SubOpaque(3.0)
    assert gv == Opaque(0.0)


class Registered(Vec2):
    pass


def test_registration_wins_over_methods_even_after_first_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a private registry and cache, so the registration ends with this test
    monkeypatch.setattr(_class, "_registered", dict(_class._registered))
    monkeypatch.setattr(_class, "_cache", {})
    assert bp.add(Registered(1.0, 2.0), Registered(3.0, 4.0)) == Vec2(4.0, 6.0)
    bp.register(
        Registered,
        zero=lambda x: Registered(0.0, 0.0),
        add=lambda x, y: Registered(x.a * y.a, x.b * y.b),  # recognisably not Vec2.add
        one=lambda x: Registered(7.0, 7.0),
    )
    assert bp.add(Registered(1.0, 2.0), Registered(3.0, 4.0)) == Vec2(3.0, 8.0)
    assert bp.one(Registered(1.0, 2.0)) == Vec2(7.0, 7.0)


def test_register_rejects_a_non_class() -> None:
    with pytest.raises(TypeError, match=r"register: expected a class, got 3"):
        bp.register(3, zero=lambda x: x, add=lambda x, y: x, one=lambda x: x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# --- unsupported values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        ("text", "builtins.str"),
        (b"raw", "builtins.bytes"),
        (True, "builtins.bool"),
        (np.bool_(True), "numpy.bool"),
        ({1.0, 2.0}, "builtins.set"),
        (Unsupported(), f"{__name__}.Unsupported"),
    ],
    ids=lambda v: v.rsplit(".", 1)[1] if isinstance(v, str) and "." in v else type(v).__name__,
)
@pytest.mark.parametrize("method", ["zero", "add", "one"])
def test_unsupported_type_error_names_the_type_and_both_ways(
    value: object, type_name: str, method: str
) -> None:
    fn: Callable[[object], object] = {
        "zero": bp.zero,
        "one": bp.one,
        "add": lambda v: bp.add(v, v),
    }[method]
    with pytest.raises(TypeError) as info:
        fn(value)
    msg = str(info.value)
    assert msg.startswith(f"{method}: values of type {type_name} are not supported")
    short = type_name.rsplit(".", 1)[1]
    assert f"define zero(), add(other) and one() methods on {short}" in msg
    assert "backprop.Backprop protocol" in msg
    assert f"backprop.register({short}, zero=..., add=..., one=...)" in msg


def test_unsupported_input_of_a_runner_names_the_type() -> None:
    name = re.escape(f"{__name__}.Unsupported")
    with pytest.raises(TypeError, match=rf"^backprop: values of type {name} .*backprop\.register"):
        bp.grad_bp(lambda v: v, Unsupported())


# --- dispatch is cached per type -------------------------------------------------------


class Counted:
    def zero(self) -> Counted:
        return Counted()

    def add(self, other: Counted) -> Counted:
        return Counted()

    def one(self) -> Counted:
        return Counted()


def test_dispatch_is_resolved_once_per_type(monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[type] = []
    real = _class._resolve

    def counting(cls: type) -> Any:
        resolved.append(cls)
        return real(cls)

    monkeypatch.setattr(_class, "_resolve", counting)
    for _ in range(50):
        bp.add(bp.zero(Counted()), bp.one(Counted()))
    assert resolved.count(Counted) == 1
    bp.grad_bp(lambda v: v, Counted())
    assert resolved.count(Counted) == 1
