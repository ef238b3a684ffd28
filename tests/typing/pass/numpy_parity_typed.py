"""backprop.numpy's parity functions and BVar's ndarray methods keep types
as the other functions do: a float in gives a float out, an array of a
dtype an array of that dtype, a full reduction a float."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from typing_extensions import assert_type

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, S

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]


def scalars(x: BVar[S, float], y: BVar[S, float]) -> BVar[S, float]:
    assert_type(bnp.mod(x, 2.0), BVar[S, float])
    assert_type(x % y, BVar[S, float])
    assert_type(x // 2.0, BVar[S, float])
    assert_type(bnp.arctan2(x, y), BVar[S, float])
    assert_type(bnp.hypot(1.0, y), BVar[S, float])
    assert_type(bnp.logaddexp(x, y), BVar[S, float])
    assert_type(bnp.exp2(x), BVar[S, float])
    assert_type(bnp.sinc(x), BVar[S, float])
    assert_type(bnp.floor(x), BVar[S, float])
    assert_type(bnp.real(x), BVar[S, float])
    assert_type(bnp.angle(x), BVar[S, float])
    assert_type(bnp.mean([x, y]), BVar[S, float])
    assert_type(bnp.sum((x, 1.0)), BVar[S, float])
    assert_type(bnp.array([x, y]), BVar[S, F64])
    assert_type(bnp.array((x, y, 1.0)), BVar[S, F64])  # mixed: a tuple
    assert_type(bnp.cumsum(x), BVar[S, F64])
    assert_type(x.sum(), BVar[S, float])
    return bnp.fmax(x, y) + bnp.deg2rad(x)


def arrays(w: BVar[S, F64], v: BVar[S, F32], data: F64) -> BVar[S, float]:
    assert_type(bnp.fmod(w, 0.5), BVar[S, F64])
    assert_type(bnp.hypot(v, v), BVar[S, F32])
    assert_type(bnp.log2(v), BVar[S, F32])
    assert_type(bnp.nan_to_num(w), BVar[S, F64])
    assert_type(bnp.conj(w), BVar[S, F64])
    assert_type(bnp.amax(w, axis=0), BVar[S, F64])
    assert_type(bnp.ptp(v), BVar[S, float])
    assert_type(bnp.nanmean(v, axis=1), BVar[S, F32])
    assert_type(bnp.average(w, weights=data), BVar[S, float])
    assert_type(bnp.average(w, 0, data, returned=True), tuple[BVar[S, Any], BVar[S, Any]])
    assert_type(bnp.repeat(w, 2, axis=0), BVar[S, F64])
    assert_type(bnp.tile(v, (2, 2)), BVar[S, F32])
    assert_type(bnp.pad(w, 1, "reflect"), BVar[S, F64])
    assert_type(bnp.roll(w, 1), BVar[S, F64])
    assert_type(bnp.moveaxis(v, 0, 1), BVar[S, F32])
    assert_type(bnp.atleast_2d(w), BVar[S, F64])
    assert_type(bnp.atleast_2d(w, data), tuple[BVar[S, Any], ...])
    assert_type(bnp.vstack((w, data)), BVar[S, Any])
    assert_type(bnp.hsplit(w, 2), list[BVar[S, F64]])
    assert_type(bnp.kron(w, data), BVar[S, F64])
    assert_type(bnp.cross(w, data), BVar[S, F64])
    assert_type(bnp.cumprod(v, axis=0), BVar[S, F32])
    assert_type(bnp.diff(w), BVar[S, F64])
    assert_type(bnp.gradient(w, axis=0), BVar[S, F64])
    assert_type(bnp.sort(v), BVar[S, F32])
    assert_type(bnp.partition(w, 1), BVar[S, F64])
    assert_type(bnp.astype(w, np.float32), BVar[S, F32])
    assert_type(bnp.array((w, data)), BVar[S, F64])
    assert_type(bnp.take(w, [0, 1]), BVar[S, F64])
    assert_type(bnp.take(v, np.array([[0], [1]]), axis=-1), BVar[S, F32])
    assert_type(bnp.take(v, 1), BVar[S, Any])
    assert_type(bnp.take(w, 1, axis=0), BVar[S, Any])
    assert_type(bnp.compress([True, False], w, axis=0), BVar[S, F64])
    assert_type(bnp.compress(data[0] > 0, v), BVar[S, F32])
    assert_type(bnp.r_[w], BVar[S, F64])
    assert_type(bnp.r_[w, 0.5 * data, data], BVar[S, Any])
    assert_type(bnp.r_[w[0], 0.5, 1:3], BVar[S, Any])
    assert_type(bnp.c_["0", w, data], BVar[S, Any])
    assert_type(bnp.r_[0:1:5j, np.ones(2)], BVar[Any, NDArray[Any]])
    # the ndarray methods
    assert_type(w.sum(), BVar[S, float])
    assert_type(w.sum(axis=0), BVar[S, F64])
    assert_type(w.mean(keepdims=True), BVar[S, F64])
    assert_type(v.max(1), BVar[S, F32])
    assert_type(w.std(ddof=1), BVar[S, float])
    assert_type(w.var(0, ddof=1), BVar[S, F64])
    assert_type(w.reshape(2, 2), BVar[S, F64])
    assert_type(w.reshape((4,)).T, BVar[S, F64])
    assert_type(w.transpose(1, 0).ravel(), BVar[S, F64])
    assert_type(w.astype(np.float32), BVar[S, F32])
    assert_type(w.real, BVar[S, Any])
    assert_type(w.dot(data).clip(0.0, 1.0), BVar[S, F64])
    assert_type(w.cumsum(0).squeeze(), BVar[S, F64])
    assert_type(w.argmax(), Any)
    assert_type(w.argsort(), NDArray[np.intp])
    assert_type(w.nonzero(), tuple[NDArray[np.intp], ...])
    assert_type(w.take([1, 1]), BVar[S, F64])
    assert_type(w.take(0), BVar[S, Any])
    assert_type(v.take(0, axis=1), BVar[S, Any])
    assert_type(w.compress(data[0] > 0, 1), BVar[S, F64])
    picked = w.take(0) * bnp.take(w, -1) + bnp.sum(bnp.r_[w[0], 1.0]) + bnp.c_[w].sum()
    return w.sum() + v.astype(np.float64).mean() + bnp.sum(bnp.sort(w) * data) + picked


def loss(w: BVar[S, F64]) -> BVar[S, float]:
    return bnp.sum(bnp.cumsum(w) ** 2) + w.max() - w.min()


g = bp.grad_bp(loss, np.zeros(3))
assert_type(g, F64)
assert g.shape == (3,)


def remainder(x: BVar[S, float]) -> BVar[S, float]:
    return x % 1.5


assert bp.grad_bp(remainder, 2.0) == 1.0
m = np.eye(2)


def both(w: BVar[S, F64], v: BVar[S, F32]) -> BVar[S, float]:
    return arrays(w, v, m)


assert bp.grad_bp2(both, m, m.astype(np.float32))[1].dtype == np.float32
assert bp.grad_bp2(scalars, 0.5, 0.25)[0] != 0.0
