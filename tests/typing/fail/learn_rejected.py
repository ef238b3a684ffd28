"""What backprop.learn's and optim's types reject. Each marked line must stay an error."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import backprop as bp
from backprop import BVar, S, learn, optim

Vec = NDArray[np.float64]


def line(p: BVar[S, tuple[float, float]], x: BVar[S, float]) -> BVar[S, float]:
    a, b = bp.split_bv(p)
    return a * x + b


# The layer gives a vector, the line takes a float: the models do not meet.
learn.compose(line, learn.fc(2, 1))  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
# The other way round: a float into a layer of vectors.
learn.compose(learn.fc(1, 1), line)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]

net = learn.compose(learn.fc(8, 1), learn.fc(2, 8))
wrong: tuple[learn.FC, learn.FCRNN] = net.init(np.random.default_rng(0))  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
# A stateless model is not stateful: nothing to unroll.
learn.unroll(learn.fc(2, 2))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
opt: optim.Optimizer[learn.FC] = optim.sgd(0.1)
p = learn.FC(np.zeros((1, 1)), np.zeros(1))
opt.step(p, (1.0, 2.0), opt.init(p))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
state: optim.OptState[tuple[float, float]] = optim.sgd(0.1).init((1.0, 2.0))
opt.step(p, p, state)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
