"""backprop.learn: layers and combinators against hand-written forward passes,
their gradients against finite differences, losses, regularisers and the
training loop."""

from __future__ import annotations

import copy
import io
import pickle
from contextlib import redirect_stderr
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S, learn, optim
from backprop.testing import check_grad

Vec = NDArray[np.float64]
RNG = np.random.default_rng(42)


def sig(z: Vec) -> Vec:
    out: Vec = 1.0 / (1.0 + np.exp(-z))
    return out


def run_s(model: Any, p: Any, xs: Vec, s0: Any) -> tuple[Any, Any]:
    """A stateful model over a sequence, step by step with eval (no combinator)."""
    outs, s = [], s0
    for x in xs:
        y, s = bp.eval_bp2(lambda pv, xv, s=s: bp.join_bv(*model(pv, xv, bp.const_var(s))), p, x)
        outs.append(y)
    return np.array(outs), s


# --- layers against numpy ----------------------------------------------------------------


def test_fc_is_x_at_w_plus_b_then_the_activation() -> None:
    layer = learn.fc(3, 2, learn.logistic)
    p = layer.init(np.random.default_rng(0))
    x = RNG.normal(size=(5, 3))
    np.testing.assert_allclose(layer.eval(p, x), sig(x @ p.weight + p.bias), rtol=1e-12)
    np.testing.assert_allclose(layer.eval(p, x[0]), sig(x[0] @ p.weight + p.bias), rtol=1e-12)


def test_init_draws_glorot_weights_from_the_generator() -> None:
    a = learn.fc(30, 20).init(np.random.default_rng(7))
    b = learn.fc(30, 20).init(np.random.default_rng(7))
    np.testing.assert_array_equal(a.weight, b.weight)
    assert np.abs(a.weight).max() <= np.sqrt(6 / 50)
    assert a.weight.std() > 0.1
    with pytest.raises(TypeError, match=r"rng must be a numpy\.random\.Generator"):
        learn.fc(2, 2).init(0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_fcrnn_unrolled_is_the_elman_recurrence() -> None:
    layer = learn.fcrnn(2, 3)
    p = layer.init(np.random.default_rng(1))
    xs = RNG.normal(size=(6, 2))
    h = np.zeros(3)
    want = []
    for x in xs:
        h = sig(x @ p.w_x + h @ p.w_s + p.bias)
        want.append(h)
    got = learn.unroll(layer).eval(p, xs)
    np.testing.assert_allclose(got, np.array(want), rtol=1e-12)
    last = learn.zero_state(learn.unroll_last(layer)).eval(p, xs)
    np.testing.assert_allclose(last, want[-1], rtol=1e-12)


def test_lstm_step_matches_the_equations() -> None:
    layer = learn.lstm(2, 3)
    p = layer.init(np.random.default_rng(2))
    x, h, c = RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=3)
    z = x @ p.w_x + h @ p.w_h + p.bias
    f, i, o, g = sig(z[:3]), sig(z[3:6]), sig(z[6:9]), np.tanh(z[9:])
    c2 = f * c + i * g
    h2 = o * np.tanh(c2)
    y, (hn, cn) = run_s(layer, p, x[None, :], (h, c))
    np.testing.assert_allclose(y[0], h2, rtol=1e-12)
    np.testing.assert_allclose(hn, h2, rtol=1e-12)
    np.testing.assert_allclose(cn, c2, rtol=1e-12)


def test_gru_step_matches_the_equations() -> None:
    layer = learn.gru(2, 3)
    p = layer.init(np.random.default_rng(3))
    x, h = RNG.normal(size=2), RNG.normal(size=3)
    zx = x @ p.w_x + p.bias
    u = sig(zx[:3] + h @ p.w_h[:, :3])
    r = sig(zx[3:6] + h @ p.w_h[:, 3:])
    cand = np.tanh(zx[6:] + (r * h) @ p.w_c)
    want = (1 - u) * h + u * cand
    y, s = run_s(layer, p, x[None, :], h)
    np.testing.assert_allclose(y[0], want, rtol=1e-12)
    np.testing.assert_allclose(s, want, rtol=1e-12)


def test_ar_predicts_from_the_last_n_values() -> None:
    p = learn.AR(0.5, np.array([0.6, -0.3, 0.1]))  # weights of x[t], x[t-1], x[t-2]
    xs = np.array([1.0, 2.0, 4.0, -1.0, 3.0])
    got = learn.zero_state(learn.unroll(learn.ar(3))).eval(p, xs)
    padded = np.concatenate([np.zeros(2), xs])
    want = [0.5 + 0.6 * padded[t + 2] - 0.3 * padded[t + 1] + 0.1 * padded[t] for t in range(5)]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_lagged_feeds_the_window_oldest_first() -> None:
    seen: list[Vec] = []

    def model(p: BVar[S, float], window: BVar[S, Vec]) -> BVar[S, float]:
        seen.append(window.value)
        return bnp.sum(window) * p

    m = learn.zero_state(learn.unroll(learn.lagged(model, 3)))
    out = m.eval(1.0, np.array([1.0, 2.0, 3.0, 4.0]))
    np.testing.assert_array_equal(np.array(seen), [[0, 0, 1], [0, 1, 2], [1, 2, 3], [2, 3, 4]])
    np.testing.assert_array_equal(out, [1.0, 3.0, 6.0, 9.0])


def test_recurrently_feeds_the_output_back() -> None:
    cell = learn.compose(learn.fc(3, 2, learn.logistic), learn.concat)
    rnn = learn.recurrently(cell, np.zeros(2))
    params = cell.init(np.random.default_rng(4))
    xs = RNG.normal(size=(4, 1))
    y = np.zeros(2)
    want = []
    for x in xs:
        y = sig(np.concatenate([x, y]) @ params[0].weight + params[0].bias)
        want.append(y)
    np.testing.assert_allclose(learn.zero_state(learn.unroll(rnn)).eval(params, xs), want)


# --- compose and init --------------------------------------------------------------------


def test_compose_runs_g_first_and_pairs_the_parameters() -> None:
    f, g = learn.fc(4, 2, learn.softmax), learn.fc(3, 4, learn.relu)
    net = learn.compose(f, g)
    params = net.init(np.random.default_rng(5))
    rng = np.random.default_rng(5)
    pf, pg = f.init(rng), g.init(rng)
    np.testing.assert_array_equal(params[0].weight, pf.weight)
    np.testing.assert_array_equal(params[1].weight, pg.weight)
    x = RNG.normal(size=3)
    np.testing.assert_allclose(net.eval(params, x), f.eval(pf, g.eval(pg, x)), rtol=1e-12)


def test_a_plain_function_has_no_init() -> None:
    def line(p: BVar[S, Vec], x: BVar[S, Vec]) -> BVar[S, Vec]:
        return x * p

    with pytest.raises(TypeError, match=r"compose\(f, g\)\.init: .*has no init\(rng\)"):
        learn.compose(line, learn.fc(1, 1)).init(np.random.default_rng(0))

    def step(
        p: BVar[S, float], x: BVar[S, float], s: BVar[S, float]
    ) -> tuple[BVar[S, float], BVar[S, float]]:
        return x * p, s

    with pytest.raises(TypeError, match=r"zero_state: .* has no initial_state"):
        learn.zero_state(step)
    with pytest.raises(
        TypeError, match=r"no state shape was given; call recurrently\(model, like=...\)"
    ):
        learn.zero_state(learn.unroll(learn.recurrently(learn.concat)))
    with pytest.raises(TypeError, match="compose: f must be a model"):
        learn.compose(3, learn.fc(1, 1))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_layers_and_combinators_pickle() -> None:
    model = learn.compose(learn.fc(8, 1), learn.zero_state(learn.unroll_last(learn.fcrnn(1, 8))))
    again = pickle.loads(pickle.dumps(model))
    params = model.init(np.random.default_rng(0))
    xs = RNG.normal(size=(5, 1))
    np.testing.assert_array_equal(again.eval(params, xs), model.eval(params, xs))
    assert pickle.loads(pickle.dumps(learn.concat)) is learn.concat


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: learn.fc(0, 2), "fc: n_in must be a positive integer, got 0"),
        (lambda: learn.lstm(2, True), "lstm: n_out must be a positive integer, got True"),
        (lambda: learn.ar(-1), "ar: n must be a positive integer"),
        (lambda: learn.l2_reg(-1.0), "l2_reg: lam must be a number >= 0"),
    ],
)
def test_bad_sizes_are_refused(make: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make()


def test_a_sequence_must_be_an_array() -> None:
    with pytest.raises(TypeError, match="unroll: a sequence is a 1-D array of floats"):
        learn.unroll(learn.ar(2)).eval(learn.AR(0.0, np.zeros(2)), 3.0)
    with pytest.raises(ValueError, match="unroll_last: the sequence is empty"):
        learn.zero_state(learn.unroll_last(learn.ar(2))).eval(
            learn.AR(0.0, np.zeros(2)), np.zeros(0)
        )


# --- gradients against finite differences --------------------------------------------------


def _grad_check(model: Any, params: Any, x: Any) -> None:
    w = RNG.normal(size=np.shape(model.eval(params, x)))

    def f(p: BVar[S, Any]) -> BVar[S, float]:
        return bnp.sum(model(p, bp.const_var(x)) * w)

    check_grad(f, params)

    def g(xv: BVar[S, Any]) -> BVar[S, float]:
        return bnp.sum(model(bp.const_var(params), xv) * w)

    check_grad(g, x)


CASES: list[tuple[str, Any, Any]] = [
    ("fc", learn.fc(3, 2, learn.logistic), RNG.normal(size=(4, 3))),
    (
        "compose",
        learn.compose(learn.fc(4, 2, learn.softmax), learn.fc(3, 4, learn.relu)),
        RNG.normal(size=3),
    ),
    ("fcrnn", learn.zero_state(learn.unroll(learn.fcrnn(2, 3))), RNG.normal(size=(5, 2))),
    ("lstm", learn.zero_state(learn.unroll(learn.lstm(2, 3))), RNG.normal(size=(4, 2))),
    ("gru", learn.zero_state(learn.unroll(learn.gru(2, 3))), RNG.normal(size=(4, 2))),
    ("ar", learn.zero_state(learn.unroll(learn.ar(3))), RNG.normal(size=6)),
    ("ar-last", learn.zero_state(learn.unroll_last(learn.ar(2))), RNG.normal(size=5)),
    (
        "train_state",
        learn.train_state(learn.unroll_last(learn.fcrnn(1, 3))),
        RNG.normal(size=(4, 1)),
    ),
    (
        "recurrently",
        learn.zero_state(
            learn.unroll(
                learn.recurrently(
                    learn.compose(learn.fc(3, 2, learn.logistic), learn.concat), np.zeros(2)
                )
            )
        ),
        RNG.normal(size=(3, 1)),
    ),
    (
        "rnn-readout",
        learn.compose(learn.fc(4, 1), learn.zero_state(learn.unroll_last(learn.fcrnn(1, 4)))),
        RNG.normal(size=(5, 1)),
    ),
]


@pytest.mark.parametrize(("name", "model", "x"), CASES, ids=[c[0] for c in CASES])
def test_gradients_match_finite_differences(name: str, model: Any, x: Any) -> None:
    params = model.init(np.random.default_rng(9))
    if name == "train_state":
        params = (params[0], RNG.normal(size=3) * 0.3)
    _grad_check(model, params, x)


# --- losses and regularisers -----------------------------------------------------------------


def test_losses_are_the_sums_the_design_names() -> None:
    t, y = np.array([1.0, 0.0, 2.0]), np.array([0.5, 0.5, 1.0])
    value, grad = bp.backprop(lambda v: learn.squared_error(t, v), y)
    assert value == pytest.approx(0.25 + 0.25 + 1.0)
    np.testing.assert_allclose(grad, 2 * (y - t))
    p = np.array([0.2, 0.3, 0.5])
    onehot = np.array([0.0, 1.0, 0.0])
    value, grad = bp.backprop(lambda v: learn.cross_entropy(onehot, v), p)
    assert value == pytest.approx(-np.log(0.3))
    np.testing.assert_allclose(grad, -onehot / p)
    assert bp.eval_bp(lambda v: learn.squared_error(2.0, v), 5.0) == 9.0


def test_sequence_losses() -> None:
    targets, ys = np.array([1.0, 2.0, 3.0]), np.array([0.0, 2.5, 1.0])
    total = learn.sum_loss(learn.squared_error)
    last = learn.last_loss(learn.squared_error)
    assert bp.eval_bp(lambda v: total(targets, v), ys) == pytest.approx(1 + 0.25 + 4)
    np.testing.assert_allclose(bp.grad_bp(lambda v: last(targets, v), ys), [0.0, 0.0, -4.0])
    rows = RNG.normal(size=(3, 2))
    rt = RNG.normal(size=(3, 2))
    assert bp.eval_bp(lambda v: total(rt, v), rows) == pytest.approx(((rows - rt) ** 2).sum())
    check_grad(lambda v: total(rt, v), rows)
    with pytest.raises(ValueError, match="sum_loss: 2 targets for a sequence of 3 outputs"):
        bp.eval_bp(lambda v: total(targets[:2], v), ys)


def test_regularisers_over_a_record_with_static_fields() -> None:
    params = (learn.FC(np.array([[1.0, -2.0]]), np.array([0.5, 0.0])), 3.0)
    l2, l1 = learn.l2_reg(0.1), learn.l1_reg(0.2)
    assert bp.eval_bp(l2, params) == pytest.approx(0.05 * (1 + 4 + 0.25 + 9))
    assert bp.eval_bp(l1, params) == pytest.approx(0.2 * (1 + 2 + 0.5 + 3))
    g2 = bp.grad_bp(l2, params)
    assert type(g2[0]) is learn.FC
    assert type(g2[1]) is float
    np.testing.assert_allclose(g2[0].weight, 0.1 * params[0].weight)
    g1 = bp.grad_bp(l1, params)
    np.testing.assert_allclose(g1[0].bias, [0.2, 0.0])
    assert g1[1] == pytest.approx(0.2)
    away = (learn.FC(np.array([[1.0, -2.0]]), np.array([0.5, -0.7])), 3.0)
    check_grad(l2, away)
    check_grad(l1, away)


# --- train -------------------------------------------------------------------------------


def linear_objective(p: BVar[S, learn.FC], batch: tuple[Vec, Vec]) -> BVar[S, float]:
    x, y = batch
    out: BVar[S, float] = learn.squared_error(y, learn.fc(2, 1)(p, bp.const_var(x))) / len(x)
    return out


def data() -> tuple[Vec, Vec]:
    xs = np.random.default_rng(0).normal(size=(64, 2))
    return xs, xs @ np.array([[2.0], [-1.0]]) + 0.5


def test_train_fits_a_linear_model_and_keeps_a_history() -> None:
    p0 = learn.FC(np.zeros((2, 1)), np.zeros(1))
    kept = copy.deepcopy(p0)
    seen: list[tuple[int, float]] = []
    r = learn.train(
        linear_objective,
        p0,
        data(),
        optim.adam(0.05),
        epochs=40,
        batch_size=16,
        rng=np.random.default_rng(1),
        on_epoch=lambda e, p, loss: seen.append((e, loss)),
    )
    np.testing.assert_allclose(r.params.weight[:, 0], [2.0, -1.0], atol=1e-2)
    assert len(r.losses) == 40
    assert len(r.batch_losses) == 40 * 4
    assert r.losses[-1] < 1e-3 < r.losses[0]
    assert [e for e, _ in seen] == list(range(1, 41))
    assert [loss for _, loss in seen] == list(r.losses)
    assert r.state.count == 160
    np.testing.assert_array_equal(p0.weight, kept.weight)


def test_train_shuffles_with_the_generator_and_is_deterministic() -> None:
    p0 = learn.FC(np.zeros((2, 1)), np.zeros(1))

    def go(seed: int | None) -> learn.TrainResult[learn.FC]:
        rng = None if seed is None else np.random.default_rng(seed)
        return learn.train(
            linear_objective, p0, data(), optim.sgd(0.05), epochs=2, batch_size=8, rng=rng
        )

    a, b, c, plain = go(3), go(3), go(4), go(None)
    assert a.batch_losses == b.batch_losses
    assert a.batch_losses != c.batch_losses
    assert a.batch_losses != plain.batch_losses
    # Without a generator the rows come in order: the first batch is rows 0..7.
    _, y = data()
    assert plain.batch_losses[0] == pytest.approx(float(((y[:8]) ** 2).sum() / 8))


def test_train_continues_from_a_state_and_shows_a_progress_bar() -> None:
    p0 = learn.FC(np.zeros((2, 1)), np.zeros(1))
    opt = optim.momentum(0.02)
    err = io.StringIO()
    with redirect_stderr(err):
        first = learn.train(linear_objective, p0, data(), opt, epochs=2, progress=True)
    assert "epoch 2/2" in err.getvalue()
    more = learn.train(linear_objective, first.params, data(), opt, epochs=1, state=first.state)
    assert more.state.count == 3
    assert more.losses[0] < first.losses[-1]


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"data": [1.0, 2.0]}, TypeError, "data must be an array or a tuple of arrays"),
        ({"data": (np.zeros((3, 2)), np.zeros(2))}, ValueError, r"different lengths \[2, 3\]"),
        ({"epochs": 0}, ValueError, "epochs must be a positive integer"),
        ({"batch_size": 0}, ValueError, "batch_size must be a positive integer"),
        ({"optimizer": "adam"}, TypeError, "optimizer must be a backprop.optim.Optimizer"),
    ],
)
def test_train_refuses_bad_input(
    kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    args: dict[str, Any] = {
        "objective": linear_objective,
        "params": learn.FC(np.zeros((2, 1)), np.zeros(1)),
        "data": data(),
        "optimizer": optim.sgd(0.1),
    }
    args.update(kwargs)
    with pytest.raises(error, match=message):
        learn.train(**args)
