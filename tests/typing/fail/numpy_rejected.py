"""What backprop.numpy's types reject. Each marked line must stay an error."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import backprop.numpy as bnp
from backprop import BVar, S

F64 = NDArray[np.float64]


class Other:
    pass


def strings(s: BVar[S, str]) -> None:
    bnp.exp(s)  # type: ignore[type-var]
    bnp.sum(s)  # type: ignore[arg-type]
    bnp.maximum(s, 1.0)  # type: ignore[arg-type]
    bnp.matmul(s, s)  # type: ignore[arg-type]


def shapes(x: BVar[S, float], w: BVar[S, F64]) -> None:
    bnp.softmax(x)  # type: ignore[arg-type]
    bnp.matmul(x, w)  # type: ignore[arg-type]
    total: BVar[S, F64] = bnp.sum(w)  # type: ignore[assignment]
    row: BVar[S, float] = bnp.sum(w, axis=0)  # type: ignore[assignment]
    same: BVar[S, float] = bnp.exp(w)  # type: ignore[arg-type]


def scopes(a: BVar[S, F64], b: BVar[Other, F64]) -> BVar[S, F64]:
    return bnp.matmul(a, b)  # type: ignore[arg-type]
