"""What the types of the parity functions and BVar's methods reject. Each
marked line must stay an error."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import backprop.numpy as bnp
from backprop import BVar, S

F64 = NDArray[np.float64]


class Other:
    pass


def methods(w: BVar[S, F64], x: BVar[S, float]) -> None:
    total: BVar[S, F64] = w.sum()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    rows: BVar[S, float] = w.mean(axis=0)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    w.sum(keepdims=1.5)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    w.reshape("2, 2")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    w.astype(np.float32).sum(axis=0) + w  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]


def functions(w: BVar[S, F64], s: BVar[S, str], o: BVar[Other, F64]) -> None:
    bnp.exp2(s)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    bnp.mod(s, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    bnp.kron(w, o)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
    flat: BVar[S, F64] = bnp.ptp(w)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


def picking(w: BVar[S, F64], i: BVar[S, float]) -> None:
    bnp.take(w, i)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    w.take(i)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    bnp.take(w, [0], axis=i)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    bnp.compress(w > 0, w, axis=i)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.compress(i, w)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    w.compress(i)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    many: BVar[S, float] = bnp.take(w, [0, 1])  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
