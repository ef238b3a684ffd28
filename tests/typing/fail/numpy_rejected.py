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
    bnp.exp(s)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    bnp.sum(s)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    bnp.maximum(s, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    bnp.matmul(s, s)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def shapes(x: BVar[S, float], w: BVar[S, F64]) -> None:
    bnp.softmax(x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.full(x, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.matmul(x, w)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    total: BVar[S, F64] = bnp.sum(w)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    row: BVar[S, float] = bnp.sum(w, axis=0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    same: BVar[S, float] = bnp.exp(w)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


def scopes(a: BVar[S, F64], b: BVar[Other, F64]) -> BVar[S, F64]:
    return bnp.matmul(a, b)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
