"""backprop.learn, optim and parallel keep types: a composed model's
parameters are the tuple of its parts', combinators carry the parameter and
state types through, optimizers step parameters of their own type."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
from backprop import BVar, S, learn, optim, parallel

Vec = NDArray[np.float64]
rng = np.random.default_rng(0)


def line(p: BVar[S, tuple[float, float]], x: BVar[S, float]) -> BVar[S, float]:
    a, b = bp.split_bv(p)
    return a * x + b


net = learn.compose(learn.fc(8, 1), learn.fc(2, 8, learn.relu))
assert_type(net.init(rng), tuple[learn.FC, learn.FC])
deeper = learn.compose(learn.fc(4, 2, learn.softmax), net)
assert_type(deeper.init(rng), tuple[learn.FC, tuple[learn.FC, learn.FC]])
lines = learn.compose(line, line)
assert_type(lines, learn.Composed[tuple[float, float], tuple[float, float], float, float, float])
assert_type(bp.eval_bp2(lines, ((2.0, 0.0), (1.0, 1.0)), 3.0), float)

ar2 = learn.zero_state(learn.unroll_last(learn.ar(2)))
assert_type(ar2, learn.ZeroState[learn.AR, Vec, Vec, float])
assert_type(ar2.init(rng), learn.AR)
rnn = learn.compose(learn.fc(8, 1), learn.train_state(learn.unroll_last(learn.fcrnn(1, 8))))
assert_type(rnn.init(rng), tuple[learn.FC, tuple[learn.FCRNN, Vec]])
cell = learn.compose(learn.fc(3, 2, learn.logistic), learn.concat)
rec = learn.recurrently(cell, np.zeros(2))
assert_type(rec, learn.Recurrent[tuple[learn.FC, None], Vec, Vec])
lstm_seq = learn.unroll(learn.lstm(1, 4))
assert_type(lstm_seq.initial_state(), tuple[Vec, Vec])
assert_type(learn.lagged(learn.fc(3, 1), 3), learn.Lagged[learn.FC, Vec])

seq_loss: learn.Loss[Vec] = learn.sum_loss(learn.squared_error)
reg: learn.Regularizer = learn.l2_reg(0.01)


def objective(p: BVar[S, tuple[learn.FC, learn.FC]], batch: tuple[Vec, Vec]) -> BVar[S, float]:
    x, y = batch
    out = net(p, bp.const_var(x))
    return learn.squared_error(y, out) + reg(p)


params = net.init(rng)
data = (np.ones((4, 2)), np.zeros((4, 1)))
result = learn.train(objective, params, data, optim.adam(0.01), epochs=1)
assert_type(result.params, tuple[learn.FC, learn.FC])
opt: optim.Optimizer[tuple[learn.FC, learn.FC]] = optim.momentum(0.1)
state = opt.init(params)
assert_type(opt.step(params, params, state), tuple[tuple[learn.FC, learn.FC], optim.OptState[tuple[learn.FC, learn.FC]]])
with ThreadPoolExecutor(2) as pool:
    assert_type(parallel.grad_sum(objective, params, [data, data], pool), tuple[float, tuple[learn.FC, learn.FC]])
