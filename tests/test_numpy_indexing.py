"""Indexing and slicing ``x[idx]`` on a BVar of an array: basic, negative,
strided, fancy (with repeated indices), boolean and mixed indices; values equal
to numpy's, gradients scattered back (np.add.at where indices repeat) and
checked by finite differences."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop.testing import check_grad

X = np.random.default_rng(0).standard_normal((4, 5))
V = np.random.default_rng(1).standard_normal(6)

INDICES: list[tuple[str, Any, Any]] = [
    ("int", X, 1),
    ("negative int", X, -1),
    ("element", X, (2, 3)),
    ("negative element", X, (-1, -2)),
    ("slice", X, slice(1, 3)),
    ("negative slice", V, slice(-4, -1)),
    ("step", V, slice(None, None, 2)),
    ("reversed", V, slice(None, None, -1)),
    ("negative step", X, (slice(None), slice(4, 0, -2))),
    ("row", X, (1, slice(None))),
    ("column", X, (slice(None), -1)),
    ("ellipsis", X, (Ellipsis, 0)),
    ("new axis", V, (None, slice(1, 4))),
    ("empty slice", V, slice(3, 3)),
    ("fancy", V, [0, 2, 5]),
    ("fancy repeated", V, [1, 1, 4, 1]),
    ("fancy negative", V, np.array([-1, 0, -1])),
    ("fancy 2-D index", V, np.array([[0, 1], [1, 5]])),
    ("fancy rows", X, [3, 0, 3]),
    ("fancy pairs", X, ([0, 1, 0], [2, 2, 2])),
    ("fancy and slice", X, (slice(1, 3), [0, 0, 4])),
    ("fancy broadcast", X, (np.array([[0], [3]]), np.array([1, 1, 2]))),
    ("boolean", V, V > 0),
    ("boolean rows", X, np.array([True, False, True, True])),
    ("boolean 2-D", X, X > 0.5),
    ("boolean and int", X, (np.array([True, False, False, True]), 2)),
    ("all false", V, np.zeros(6, dtype=bool)),
]


@pytest.mark.parametrize(("name", "x", "idx"), INDICES, ids=[i[0] for i in INDICES])
def test_indexing(name: str, x: Any, idx: Any) -> None:
    f: Callable[[BVar[S, Any]], BVar[S, Any]] = lambda v: v[idx] * 1.0  # noqa: E731  # pyright: ignore[reportGeneralTypeIssues]
    np.testing.assert_array_equal(bp.eval_bp(f, x), x[idx] * 1.0)
    w = np.random.default_rng(2).standard_normal(np.shape(x[idx]))
    g = bp.grad_bp(lambda v: bnp.sum(v[idx] * w), x)
    expected = np.zeros_like(x)
    np.add.at(expected, idx, w)
    np.testing.assert_allclose(g, expected, rtol=1e-15)
    if np.size(x[idx]):
        check_grad(f, x)


def test_repeated_fancy_indices_accumulate() -> None:
    g = bp.grad_bp(lambda v: bnp.sum(v[[0, 0, 0, 2]]), np.zeros(3))
    np.testing.assert_array_equal(g, [3.0, 0.0, 1.0])
    g2 = bp.grad_bp(lambda v: bnp.sum(v[[1, 1], [0, 0]] * np.array([2.0, 5.0])), np.zeros((2, 2)))
    np.testing.assert_array_equal(g2, [[0.0, 0.0], [7.0, 0.0]])


def test_many_views_of_one_array_and_a_dense_use_add_up() -> None:
    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        return v[0] * v[0] + v[1] * 3.0 + v[0] + bnp.sum(v * 2.0) + bnp.sum(v[1:] * v[1:])

    x = np.array([2.0, 5.0, 7.0])
    g = bp.grad_bp(f, x)
    np.testing.assert_allclose(g, [2 * 2.0 + 1 + 2, 3 + 2 + 2 * 5.0, 2 + 2 * 7.0])
    check_grad(f, x)


def test_indexing_keeps_float32_and_gives_int_arrays_float_gradients() -> None:
    x32 = np.arange(4.0, dtype=np.float32)
    g = bp.grad_bp(lambda v: bnp.sum(v[[0, 3, 3]]), x32)
    assert g.dtype == np.float32
    gi = bp.grad_bp(lambda v: bnp.sum(v[1:] * 0.5), np.arange(4))
    assert gi.dtype == np.float64
    np.testing.assert_array_equal(gi, [0.0, 0.5, 0.5, 0.5])


def test_an_element_of_a_1d_array_is_a_float() -> None:
    y, g = bp.backprop(lambda v: v[1] * 2.0, np.array([1.0, 3.0]))
    assert y == 6.0
    np.testing.assert_array_equal(g, [0.0, 2.0])


def test_iterating_a_matrix_gives_its_rows() -> None:
    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        rows = list(v)
        return bnp.sum(rows[0] * rows[1])

    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    np.testing.assert_array_equal(bp.grad_bp(f, x), [[3.0, 4.0], [1.0, 2.0]])


@pytest.mark.parametrize(
    ("idx", "error", "match"),
    [
        (5, IndexError, r"BVar indexing with 5: index 5 is out of bounds"),
        ((0, 0, 0), IndexError, r"BVar indexing with \(0, 0, 0\): too many indices"),
        ([0, 9], IndexError, r"BVar indexing with \[0, 9\]"),
        (np.array([True, False]), IndexError, r"BVar indexing with .*boolean index did not match"),
        ("a", IndexError, r"BVar indexing with 'a': only integers"),
    ],
)
def test_bad_indices_raise_numpy_errors_naming_the_index(
    idx: Any, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        bp.grad_bp(lambda v: bnp.sum(v[idx]), np.ones((3, 2)))


def test_a_bvar_index_is_refused() -> None:
    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        return v[v]

    with pytest.raises(TypeError, match="the index must be a plain value"):
        bp.grad_bp(f, np.array([0.0]))


def test_mutating_an_index_array_after_indexing_does_not_move_the_gradient() -> None:
    idx = np.array([0])

    def f(v: BVar[S, Any]) -> BVar[S, Any]:
        a = v[idx]
        idx[0] = 2
        return bnp.sum(a) + 2.0 * bnp.sum(v[idx])

    np.testing.assert_array_equal(bp.grad_bp(f, np.arange(3.0)), [1.0, 0.0, 2.0])
