"""backprop.numpy keeps types: a float in gives a float out, an array of a
dtype gives an array of that dtype, full reductions give floats."""

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


def scalars(x: BVar[S, float]) -> BVar[S, float]:
    assert_type(bnp.exp(x), BVar[S, float])
    assert_type(bnp.tanh(bnp.log1p(bnp.square(x))), BVar[S, float])
    assert_type(bnp.logistic(x), BVar[S, float])
    assert_type(bnp.maximum(x, 0.0), BVar[S, float])
    assert_type(bnp.minimum(1.0, x), BVar[S, float])
    assert_type(bnp.clip(x, 0.0, None), BVar[S, float])
    assert_type(bnp.where(True, x, 2.0), BVar[S, float])
    assert_type(bnp.sum(x), BVar[S, float])
    assert_type(bnp.stack([x, x * 2.0]), BVar[S, F64])
    assert_type(bnp.konst(x, (2, 2)), BVar[S, F64])
    assert_type(bnp.full((2, 2), x), BVar[S, F64])
    return bnp.sin(x) * bnp.cos(x)


def arrays(w: BVar[S, F64], v: BVar[S, F32], data: F64) -> BVar[S, float]:
    assert_type(bnp.exp(w), BVar[S, F64])
    assert_type(bnp.exp(v), BVar[S, F32])
    assert_type(bnp.matmul(w, w), BVar[S, F64])
    assert_type(bnp.matmul(data, w), BVar[S, F64])
    assert_type(bnp.matmul(v, v), BVar[S, F32])
    assert_type(bnp.maximum(w, 0.0), BVar[S, F64])
    assert_type(bnp.maximum(0.0, w), BVar[S, F64])
    assert_type(bnp.relu(w), BVar[S, F64])
    assert_type(bnp.softmax(w, axis=0), BVar[S, F64])
    assert_type(bnp.sum(w), BVar[S, float])
    assert_type(bnp.sum(w, axis=0), BVar[S, F64])
    assert_type(bnp.sum(w, keepdims=True), BVar[S, F64])
    assert_type(bnp.mean(v, axis=(0, 1)), BVar[S, F32])
    assert_type(bnp.var(w, ddof=1), BVar[S, float])
    assert_type(bnp.logsumexp(w), BVar[S, F64])
    assert_type(bnp.logsumexp(w, None), BVar[S, float])
    assert_type(bnp.norm(w), BVar[S, float])
    assert_type(bnp.norm(w, 2, axis=0), BVar[S, F64])
    assert_type(bnp.softmax_cross_entropy(w, data), BVar[S, F64])
    assert_type(bnp.split(w, 2), list[BVar[S, F64]])
    assert_type(bnp.slogdet(w), tuple[BVar[S, Any], BVar[S, Any]])
    assert_type(bnp.concatenate([w, w]), BVar[S, F64])
    assert_type(bnp.concatenate((w, data)), BVar[S, F64])  # mixed: a tuple
    assert_type(bnp.einsum("ij,jk->ik", w, data), BVar[S, F64])
    assert_type(bnp.full_like(w, 2.0), BVar[S, F64])
    assert_type(bnp.zeros_like(v), BVar[S, F32])
    assert_type(w[0], BVar[S, Any])
    h = bnp.tanh(bnp.matmul(data, w) + bnp.exp(data))
    return bnp.mean(bnp.softmax_cross_entropy(h, data)) + bnp.sum(bnp.square(v))


def two(w: BVar[S, F64], v: BVar[S, F32]) -> BVar[S, float]:
    return arrays(w, v, np.ones((2, 2)))


def loss(w: BVar[S, F64]) -> BVar[S, float]:
    return bnp.sum(bnp.square(bnp.matmul(w, w)))


m = np.eye(2)
assert_type(bp.grad_bp(loss, m), F64)
assert_type(bp.grad_bp(bnp.sin, 1.0), float)
assert_type(bp.backprop(scalars, 0.5), tuple[float, float])
assert_type(bp.grad_bp2(two, m, m.astype(np.float32))[1], F32)
assert bp.grad_bp(bnp.sin, 0.0) == 1.0
assert bp.grad_bp(loss, m).shape == (2, 2)
