"""Numeric semantics users can trust (issue 13), one test per finding:
IEEE results and the true limit at singularities, one complex convention,
types and dtypes kept, and every misuse named rather than answered wrongly.
Each expected value is from the derivative by hand (or the limit), checked
against finite differences where one exists."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S
from backprop.testing import check_grad

# --- singularities: IEEE results, never a crash, and the true limit where it exists ----------


def test_square_root_and_fractional_powers_at_zero_are_inf() -> None:
    assert bp.grad_bp(lambda x: x**0.5, 0.0) == math.inf
    # numpy's own function, typed for arrays, dispatches to the BVar at run time
    assert bp.grad_bp(lambda x: np.power(x, 0.5), 0.0) == math.inf  # pyright: ignore[reportArgumentType, reportCallIssue]
    assert bp.grad_bp(lambda x: bp.lift_op1(bp.sqrt_op, x), 0.0) == math.inf
    assert bp.grad_bp(lambda x: bp.lift_op1(bp.log_op, x), 0.0) == math.inf
    assert bp.grad_bp(lambda x: bp.lift_op1(bp.asin_op, x), 1.0) == math.inf
    assert bp.grad_op(bp.sqrt_op, (0.0,)) == (math.inf,)  # an Op run directly, too


def test_the_exponent_zero_has_derivative_zero_even_at_zero() -> None:
    assert bp.grad_bp(lambda x: x**0.0, 0.0) == 0.0
    np.testing.assert_array_equal(bp.grad_bp(lambda x: bnp.sum(x**0.0), np.zeros(3)), np.zeros(3))


def test_an_overflowing_derivative_is_inf_not_overflow_error() -> None:
    assert bp.grad_bp(lambda x: x**-0.9, 1e-300) == -math.inf


def test_a_distance_at_coincident_points_is_nan_not_a_crash() -> None:
    def dist(p: BVar[S, tuple[float, float]]) -> BVar[S, float]:
        dx, dy = bp.split_bv(p)
        return (dx * dx + dy * dy) ** 0.5

    g = bp.grad_bp(dist, (0.0, 0.0))  # 0 * inf: no derivative exists there
    assert all(math.isnan(c) for c in g)
    assert bp.grad_bp(dist, (3.0, 4.0)) == pytest.approx((0.6, 0.8))


def test_zero_to_a_positive_power_has_the_limit_zero_in_the_exponent() -> None:
    assert bp.grad_bp(lambda y: 0.0**y, 0.5) == 0.0
    assert bp.grad_bp2(lambda x, y: x**y, 0.0, 2.0) == (0.0, 0.0)
    # and it is the one-sided finite difference's value
    h = 1e-8
    assert abs((0.0 ** (0.5 + h) - 0.0 ** (0.5 - h)) / (2 * h)) == 0.0


def test_arrays_give_the_same_answers_as_floats() -> None:
    cases = [
        (lambda x: x**0.5, 0.0),
        (lambda x: x**0.0, 0.0),
        (lambda x: x**-0.9, 1e-300),
        (lambda x: np.log(x), 0.0),
        (lambda x: np.arcsin(x), 1.0),
        (lambda x: 0.0**x, 0.5),
    ]
    for f, x in cases:
        g_float = bp.grad_bp(f, x)
        g_array = bp.grad_bp(lambda v, f=f: bnp.sum(f(v)), np.array([x, x]))
        np.testing.assert_array_equal(g_array, [g_float, g_float])


# --- complex numbers: one convention ------------------------------------------------------


def test_a_chain_of_a_holomorphic_and_a_real_function_follows_one_convention() -> None:
    # autograd and JAX: df/dx - i df/dy for a real f of z; |c z| with |c| = 1
    # is |z|, whose gradient so is conj(z) / |z|
    z = 1 + 2j
    g = bp.grad_bp(lambda v: abs((0.6 + 0.8j) * v), z)
    assert g == pytest.approx(np.conj(z) / abs(z))
    check_grad(lambda v: abs((0.6 + 0.8j) * v), z)
    fs: list[Callable[[Any], Any]] = [
        lambda v: bnp.norm(v * (0.6 + 0.8j)),
        lambda v: bnp.var(v * 2.0),
        lambda v: bnp.std(v),
        lambda v: bnp.sum(bnp.abs(bnp.exp(v) * v)),
    ]
    for f in fs:
        check_grad(f, np.array([1 + 2j, 3 - 1j, 0.5j]))


def test_a_real_input_gets_a_real_gradient() -> None:
    g = bp.grad_bp(lambda x: x * (1 + 2j), 1.0)
    assert (type(g), g) == (float, 1.0)
    # backprop.numpy's reductions are typed for real arrays; this one sums a complex one
    ga = bp.grad_bp(lambda x: bnp.sum(x * (1 + 2j)), np.ones(2, dtype=np.float32))  # pyright: ignore[reportArgumentType, reportCallIssue]
    assert ga.dtype == np.float32


def test_a_user_vjp_returning_a_complex_gradient_for_a_real_input_names_the_op() -> None:
    def complex_vjp(x: float) -> Any:
        return x * 2.0, lambda d: d * (2.0 + 1j)

    bad = bp.op1(complex_vjp)
    with pytest.raises(
        TypeError,
        match=r"Op 'op1\(complex_vjp\)' returned a gradient that does not fit argument 0: the argument is a value of type float, the gradient is a value of type complex",
    ):
        bp.grad_bp(lambda x: bp.lift_op1(bad, x), 1.0)


# --- types and dtypes are kept -------------------------------------------------------------


def test_a_float_leaf_gets_a_python_float_inside_containers() -> None:
    zero_d = np.array(0.5)
    g = bp.grad_bp(
        lambda xs: bp.sequence_var(xs)[0] * bnp.minimum(bp.sequence_var(xs)[0], zero_d), [1.0]
    )
    assert type(g) is list
    assert type(g[0]) is float

    @dataclasses.dataclass
    class Rec:
        a: float
        b: tuple[float, float]

    r = bp.grad_bp(
        lambda v: (
            v.view(lens.a) * np.float64(2.0)
            + bnp.sum(bnp.stack(list(bp.sequence_var(v.view(lens.b)))))
        ),
        Rec(1.0, (2.0, 3.0)),
    )
    assert [type(c) for c in (r.a, *r.b)] == [float, float, float]


def test_float32_and_float16_inputs_keep_their_dtype_with_float64_constants() -> None:
    # The types keep an array's dtype through an operator only with the same
    # dtype on the other side; here the dtypes differ on purpose.
    def f(v: BVar[S, NDArray[Any]]) -> BVar[S, float]:
        return bnp.sum(v * np.float64(2.0) + np.arange(3.0))

    for dt in (np.float32, np.float16):
        x = np.ones(3, dtype=dt)
        g = bp.grad_bp(f, x)
        assert g.dtype == dt


def test_slicing_a_tuple_gives_a_tuple() -> None:
    assert bp.eval_bp(lambda t: t[1:], (1.0, 2.0, 3.0)) == (2.0, 3.0)
    assert bp.grad_bp(lambda t: bp.split_bv(t[1:])[0] * 3.0, (1.0, 2.0, 3.0)) == (0.0, 3.0, 0.0)


# --- misuse gets a clear error, never a wrong answer -------------------------------------------


def test_the_pull_back_checks_its_seed_against_the_result() -> None:
    _, pull = bp.backprop_with(lambda v: v * 2.0, np.ones(3))
    with pytest.raises(
        ValueError,
        match=r"backprop_with: the output gradient does not fit the result: the result is an array of shape \(3,\), the gradient is an array of shape \(2, 3\)",
    ):
        pull(np.ones((2, 3)))  # pyright: ignore[reportArgumentType]
    _, pull_f = bp.backprop_with(lambda v: v * 2.0, 1.0)
    with pytest.raises(
        ValueError, match=r"the result is a float, the gradient is an array of shape \(3,\)"
    ):
        pull_f(np.ones(3))  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match=r"the result is a float, the gradient is a NoneType"):
        pull_f(None)  # pyright: ignore[reportArgumentType]
    _, pull_l = bp.backprop_with(lambda v: bp.collect_var([v, v]), 1.0)
    with pytest.raises(
        ValueError,
        match=r"the result is a list of 2 children, the gradient is a dict of 1 children",
    ):
        pull_l({"a": 1.0})  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match=r"fit the result at \[1\]: the result is a float"):
        pull_l([1.0, np.ones(2)])  # pyright: ignore[reportArgumentType]
    assert pull_l([1.0, 2.0]) == 3.0


@dataclasses.dataclass(frozen=True)
class Rec:
    a: float
    b: np.ndarray


def test_set_var_with_a_new_value_of_another_shape_keeps_the_old_gradient_shape() -> None:
    def f(r: BVar[S, Rec]) -> BVar[S, Rec]:
        a = r.view(lens.a)
        return bp.set_var(lens.b, a * np.ones((1, 3)), r)

    _, pull = bp.backprop_with(f, Rec(1.0, np.zeros(3)))
    g = pull(Rec(1.0, np.ones((1, 3))))
    assert g.b.shape == (3,)
    np.testing.assert_array_equal(g.b, np.zeros(3))  # the old b was replaced
    assert g.a == 4.0  # 1 from the output's a, 3 from a * ones((1, 3))


def test_where_with_a_plain_bool_sends_a_zero_array_to_the_unchosen_branch() -> None:
    def f(x: BVar[S, NDArray[np.float64]]) -> BVar[S, float]:
        inner = x * 2.0  # an intermediate result, not an input
        return bnp.sum(bnp.where(True, bnp.reshape(x, (2, 1, 3)), bnp.reshape(inner, (2, 1, 3))))

    g = bp.grad_bp(f, np.ones((2, 3)))
    np.testing.assert_array_equal(g, np.ones((2, 3)))


def test_stack_and_concatenate_refuse_a_generator() -> None:
    for fn in (bnp.stack, bnp.concatenate):
        with pytest.raises(TypeError, match=r"expected a list or tuple of arrays, got generator"):
            bp.grad_bp(lambda x, fn=fn: bnp.sum(fn(v for v in (x, x))), np.ones(2))  # pyright: ignore[reportArgumentType, reportCallIssue]


def test_bool_inputs_are_refused_consistently() -> None:
    for x in (True, np.bool_(False), np.array([True, False])):
        with pytest.raises(TypeError, match=r"grad_bp: a bool input cannot be differentiated"):
            bp.grad_bp(lambda v: v * 2.0, x)  # pyright: ignore[reportOperatorIssue]
    with pytest.raises(TypeError, match=r"grad_bp: a bool input"):
        bp.grad_bp(lambda v: bp.const_var(1.0), True)  # unused, refused the same


def test_masked_arrays_matrices_and_pandas_objects_are_refused_with_the_conversion() -> None:
    masked = np.ma.array([1.0, 2.0, 3.0], mask=[False, True, False])
    with pytest.raises(TypeError, match=r"grad_bp: got a masked array.*m\.filled"):
        bp.grad_bp(bnp.mean, masked)  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match=r"mul: got a masked array"):
        bp.grad_bp(lambda x: bnp.mean(x * masked), np.ones(3))
    with pytest.raises(TypeError, match=r"backprop\.numpy\.maximum: got a masked array"):
        bp.grad_bp(lambda x: bnp.sum(bnp.maximum(x, masked)), np.ones(3))
    with pytest.warns(PendingDeprecationWarning):
        matrix = np.matrix([[1.0, 2.0], [3.0, 4.0]])
    with pytest.raises(TypeError, match=r"mul: got a numpy\.matrix.*np\.asarray"):
        bp.grad_bp(lambda x: bnp.sum(x * matrix), np.ones((2, 2)))
    # what a pandas object looks like to the check, when pandas is not installed
    fake = type("Series", (), {"__module__": "pandas.core.series"})()
    with pytest.raises(TypeError, match=r"got a pandas Series; convert it with \.to_numpy\(\)"):
        bp.grad_bp(lambda x: x * fake, 1.0)  # pyright: ignore[reportOperatorIssue]
    pd = pytest.importorskip("pandas", reason="pandas is not installed")
    series = pd.Series([1.0, 2.0])
    with pytest.raises(TypeError, match=r"got a pandas Series; convert it with \.to_numpy\(\)"):
        bp.grad_bp(bnp.sum, series)


def test_the_just_prism_names_itself_and_the_value() -> None:
    for v in (None, 1.5):
        with pytest.raises(
            TypeError, match=r"lens\.Just\(\) looks into a lenses\.maybe\.Just, got"
        ):
            bp.eval_bp(lambda x: bp.preview_var_or_raise(lens.Just(), x), v)


def test_register_refuses_a_function_that_is_not_callable() -> None:
    class T:
        pass

    with pytest.raises(
        TypeError, match=r"register\(.*T\): zero must be callable, got NoneType None"
    ):
        bp.register(T, zero=None, add=lambda a, b: a, one=lambda a: a)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_an_op_function_that_returns_the_wrong_thing_is_named() -> None:
    derivative_only: bp.Op[tuple[float], float] = bp.op1(lambda x: 2.0 * x)  # type: ignore[arg-type,return-value]  # pyright: ignore[reportOperatorIssue]
    with pytest.raises(
        TypeError,
        match=r"op1: the function must return a pair \(result, vjp\).*it returned a float: 6\.0",
    ):
        bp.grad_bp(lambda x: bp.lift_op1(derivative_only, x), 3.0)

    def just_a_pair_of_numbers(x: float) -> Any:
        return x * x, 2.0 * x

    numbers = bp.op1(just_a_pair_of_numbers)
    with pytest.raises(
        TypeError,
        match=r"op1\(just_a_pair_of_numbers\): the function must return a pair .*returned a tuple of 2",
    ):
        bp.eval_op(numbers, (3.0,))


def test_a_wrong_length_tuple_gradient_gives_both_lengths() -> None:
    def three(t: tuple[float, float]) -> Any:
        return t[0] + t[1], lambda d: (d, d, d)

    bad = bp.op1(three)
    with pytest.raises(
        TypeError, match=r"the argument is a tuple of length 2, the gradient is a tuple of length 3"
    ):
        bp.grad_bp(lambda t: bp.lift_op1(bad, t), (1.0, 2.0))
