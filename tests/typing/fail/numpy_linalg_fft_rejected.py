"""What the types of backprop.numpy's decompositions, fft and linspace
reject. Each marked line must stay an error."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import backprop.numpy as bnp
from backprop import BVar, S

F64 = NDArray[np.float64]
C128 = NDArray[np.complex128]


def static_arguments(w: BVar[S, F64], n: BVar[S, int], flag: BVar[S, bool]) -> None:
    bnp.fft(w, n)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.fft2(w, axes=n)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.matrix_power(w, n)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.svd(w, full_matrices=flag)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    bnp.linspace(w, w, n)  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    bnp.fft(w, norm="bad")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    bnp.eigh(w, "X")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def results(w: BVar[S, F64], z: BVar[S, C128]) -> None:
    s: BVar[S, C128] = bnp.svd(z)[1]  # type: ignore[assignment]  # pyright: ignore[reportUnusedVariable, reportAssignmentType]
    real: BVar[S, F64] = bnp.fft(w)  # type: ignore[assignment]  # pyright: ignore[reportUnusedVariable, reportAssignmentType]
    bnp.rfft(z)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    _u, _s = bnp.svd(w)  # type: ignore[misc]  # pyright: ignore[reportAssignmentType]
    values: BVar[S, F64] = bnp.svd(w)  # type: ignore[assignment]  # pyright: ignore[reportUnusedVariable, reportAssignmentType]
