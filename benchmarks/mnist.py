"""The seed's benchmark (``bench/bench.hs``): a 784-300-100-10 network.

Two logistic hidden layers, a softmax output, cross-entropy error (the mean
over a mini-batch's rows), parameters in frozen dataclasses laid out like
the seed's: a ``Net`` of three ``Layer`` records. Three groups, each per
sample (1-D vectors, the seed's shape) and per mini-batch:

- ``gradient``: the gradient of the error with respect to the ``Net``;
- ``descent``: one SGD step, ``net - rate * gradient``;
- ``run``: the network's output (softmax probabilities), forward only
  (``eval_bp`` for the library's variants);

in the seed's variants: ``manual`` (hand-written numpy, the baseline),
``lens`` (fields reached with ``view_var`` through typed lens constants),
``split`` (``split_bv``, the seed's "higher-kinded" access) and ``hybrid``
(hand-written per-layer Ops made with ``op1``/``op2``, joined with
``lift_op*``), plus autograd and PyTorch when installed. Weights are
``(inputs, outputs)``, so ``x @ weights + biases`` runs a sample or a batch.

>>> import numpy as np
>>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
>>> x, t = np.ones(4), np.array([0.0, 1.0])
>>> all(np.allclose(a, b) for a, b in zip(params(lens_grad(net, x, t)), params(manual_grad(net, x, t))))
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeAlias, TypeVar

import numpy as np
from lenses import lens
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar, Lens, Op

from .harness import Arrays, Case, Group, MemoryGroup, Target, as_arrays
from .peers import Peers

__all__ = [
    "Layer",
    "Net",
    "biases",
    "cross_entropy_op",
    "descend",
    "error_hybrid",
    "error_lens",
    "error_split",
    "hybrid_grad",
    "init_net",
    "input_layer_op",
    "layer1",
    "layer2",
    "layer3",
    "layer_op",
    "lens_grad",
    "lens_hvp",
    "logistic_op",
    "logits_hybrid",
    "logits_lens",
    "logits_split",
    "make_data",
    "manual_grad",
    "manual_run",
    "memory_group",
    "mnist_groups",
    "params",
    "softmax_op",
    "split_grad",
    "weights",
]

S = TypeVar("S")
Matrix: TypeAlias = NDArray[np.float64]
"""A weight matrix, a bias, a sample or a batch of samples (one per row)."""

RATE = 0.02  # the seed's learning rate


@dataclass(frozen=True)
class Layer:
    """One affine layer: ``x @ weights + biases``.

    >>> import numpy as np, backprop as bp
    >>> bp.grad_bp(lambda l: bnp.sum(l.view(weights)), Layer(np.ones((2, 1)), np.zeros(1))).biases
    array([0.])
    """

    weights: Matrix
    biases: Matrix


@dataclass(frozen=True)
class Net:
    """The three layers of the network (the seed's ``Network i h1 h2 o``).

    >>> import numpy as np
    >>> make_data((4, 3, 3, 2), None, seed=0)[0].layer3.weights.shape
    (3, 2)
    """

    layer1: Layer
    layer2: Layer
    layer3: Layer


# The lens constants, annotated once (the seed's makeLenses).
weights: Lens[Layer, Matrix] = lens.weights
biases: Lens[Layer, Matrix] = lens.biases
layer1: Lens[Net, Layer] = lens.layer1
layer2: Lens[Net, Layer] = lens.layer2
layer3: Lens[Net, Layer] = lens.layer3


def init_net(sizes: tuple[int, int, int, int], rng: np.random.Generator) -> Net:
    """Weights and biases uniform in [-0.5, 0.5], as the seed draws them.

    >>> import numpy as np
    >>> init_net((784, 300, 100, 10), np.random.default_rng(0)).layer2.weights.shape
    (300, 100)
    """

    def layer(n_in: int, n_out: int) -> Layer:
        return Layer(rng.uniform(-0.5, 0.5, (n_in, n_out)), rng.uniform(-0.5, 0.5, n_out))

    i, h1, h2, o = sizes
    return Net(layer(i, h1), layer(h1, h2), layer(h2, o))


def params(net: Net) -> list[Matrix]:
    """The six arrays of a ``Net`` (or of its gradient), in order.

    >>> import numpy as np
    >>> [p.shape for p in params(init_net((3, 2, 2, 1), np.random.default_rng(0)))][:2]
    [(3, 2), (2,)]
    """
    return [
        a for layer in (net.layer1, net.layer2, net.layer3) for a in (layer.weights, layer.biases)
    ]


def descend(net: Net, grad: Net, rate: float) -> Net:
    """One gradient-descent step, ``net - rate * grad``, field by field.

    >>> import numpy as np
    >>> net = init_net((3, 2, 2, 1), np.random.default_rng(0))
    >>> float(np.abs(params(descend(net, net, 1.0))[0]).max())
    0.0
    """

    def step(layer: Layer, g: Layer) -> Layer:
        return Layer(layer.weights - rate * g.weights, layer.biases - rate * g.biases)

    return Net(
        step(net.layer1, grad.layer1), step(net.layer2, grad.layer2), step(net.layer3, grad.layer3)
    )


# --- manual: hand-written numpy --------------------------------------------------------


def _logistic(z: Matrix) -> Matrix:
    # 1 / (1 + exp(-z)) without overflow for very negative z.
    out: Matrix = 0.5 * (np.tanh(0.5 * z) + 1.0)
    return out


def _softmax(z: Matrix) -> Matrix:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    out: Matrix = e / e.sum(axis=-1, keepdims=True)
    return out


def _rows(x: Matrix) -> int:
    return 1 if x.ndim == 1 else int(x.shape[0])


def _weight_grad(x: Matrix, g: Matrix) -> Matrix:
    out: Matrix = np.outer(x, g) if x.ndim == 1 else x.T @ g
    return out


def _bias_grad(g: Matrix) -> Matrix:
    out: Matrix = g if g.ndim == 1 else g.sum(axis=0)
    return out


def manual_run(net: Net, x: Matrix) -> Matrix:
    """The network's output, softmax probabilities, in plain numpy.

    >>> import numpy as np
    >>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
    >>> round(float(manual_run(net, np.ones(4)).sum()), 12)
    1.0
    """
    l1, l2, l3 = net.layer1, net.layer2, net.layer3
    h1 = _logistic(x @ l1.weights + l1.biases)
    h2 = _logistic(h1 @ l2.weights + l2.biases)
    return _softmax(h2 @ l3.weights + l3.biases)


def manual_grad(net: Net, x: Matrix, t: Matrix) -> Net:
    """The gradient of the mean cross-entropy, by hand: forward, then the chain rule
    layer by layer (one-hot targets: the softmax's gradient is ``p - t``).

    >>> import numpy as np
    >>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
    >>> manual_grad(net, np.ones((5, 4)), np.eye(2)[[0, 1, 1, 0, 1]]).layer1.weights.shape
    (4, 3)
    """
    l1, l2, l3 = net.layer1, net.layer2, net.layer3
    h1 = _logistic(x @ l1.weights + l1.biases)
    h2 = _logistic(h1 @ l2.weights + l2.biases)
    p = _softmax(h2 @ l3.weights + l3.biases)
    dz3 = (p - t) / _rows(x)
    dh2 = dz3 @ l3.weights.T
    dz2 = dh2 * h2 * (1.0 - h2)
    dh1 = dz2 @ l2.weights.T
    dz1 = dh1 * h1 * (1.0 - h1)
    return Net(
        Layer(_weight_grad(x, dz1), _bias_grad(dz1)),
        Layer(_weight_grad(h1, dz2), _bias_grad(dz2)),
        Layer(_weight_grad(h2, dz3), _bias_grad(dz3)),
    )


# --- lens: view_var through the lens constants ------------------------------------------


def _run_layer_lens(layer: BVar[S, Layer], x: BVar[S, Matrix]) -> BVar[S, Matrix]:
    return x @ layer.view(weights) + layer.view(biases)


def logits_lens(n: BVar[S, Net], x: Matrix) -> BVar[S, Matrix]:
    """The logits, each layer's fields reached with ``view_var`` (``n ^^. layer1``...).

    >>> import numpy as np, backprop as bp
    >>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
    >>> bp.eval_bp(lambda n: logits_lens(n, np.ones((5, 4))), net).shape
    (5, 2)
    """
    h1 = bnp.logistic(_run_layer_lens(n.view(layer1), bp.const_var(x)))
    h2 = bnp.logistic(_run_layer_lens(n.view(layer2), h1))
    return _run_layer_lens(n.view(layer3), h2)


def error_lens(x: Matrix, t: Matrix, n: BVar[S, Net]) -> BVar[S, float]:
    """The mean cross-entropy of the softmax of ``logits_lens`` against ``t``.

    >>> import backprop as bp
    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> bp.eval_bp(lambda n: error_lens(x, t, n), net) > 0
    True
    """
    return bnp.mean(bnp.softmax_cross_entropy(logits_lens(n, x), t))


def lens_grad(net: Net, x: Matrix, t: Matrix) -> Net:
    """``grad_bp`` of ``error_lens``.

    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> lens_grad(net, x, t).layer1.weights.shape
    (4, 3)
    """

    def error(n: BVar[S, Net]) -> BVar[S, float]:
        return error_lens(x, t, n)

    return bp.grad_bp(error, net)


def lens_hvp(net: Net, x: Matrix, t: Matrix, v: Net) -> Net:
    """``bp.hvp`` of ``error_lens`` along ``v``: reverse over reverse.

    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> lens_hvp(net, x, t, net).layer3.biases.shape
    (2,)
    """

    def error(n: BVar[S, Net]) -> BVar[S, float]:
        return error_lens(x, t, n)

    return bp.hvp(error, net, v)


# --- split: split_bv, the "higher-kinded" access --------------------------------------------


def _run_layer_split(layer: BVar[S, Layer], x: BVar[S, Matrix]) -> BVar[S, Matrix]:
    parts = bp.split_bv(layer)
    out: BVar[S, Matrix] = x @ parts.weights + parts.biases
    return out


def logits_split(n: BVar[S, Net], x: Matrix) -> BVar[S, Matrix]:
    """The logits, with the records opened by ``split_bv``.

    >>> import numpy as np, backprop as bp
    >>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
    >>> bp.eval_bp(lambda n: logits_split(n, np.ones(4)), net).shape
    (2,)
    """
    layers = bp.split_bv(n)
    h1 = bnp.logistic(_run_layer_split(layers.layer1, bp.const_var(x)))
    h2 = bnp.logistic(_run_layer_split(layers.layer2, h1))
    return _run_layer_split(layers.layer3, h2)


def error_split(x: Matrix, t: Matrix, n: BVar[S, Net]) -> BVar[S, float]:
    """The mean cross-entropy of the softmax of ``logits_split`` against ``t``.

    >>> import backprop as bp
    >>> net, x, t = make_data((4, 3, 3, 2), None, seed=0)
    >>> bp.eval_bp(lambda n: error_split(x, t, n), net) > 0
    True
    """
    return bnp.mean(bnp.softmax_cross_entropy(logits_split(n, x), t))


def split_grad(net: Net, x: Matrix, t: Matrix) -> Net:
    """``grad_bp`` of ``error_split``.

    >>> import numpy as np
    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> bool(np.allclose(split_grad(net, x, t).layer2.biases, lens_grad(net, x, t).layer2.biases))
    True
    """

    def error(n: BVar[S, Net]) -> BVar[S, float]:
        return error_split(x, t, n)

    return bp.grad_bp(error, net)


# --- hybrid: hand-written per-layer Ops, joined on the tape --------------------------------


def _layer(layer: Layer, x: Matrix) -> tuple[Matrix, Callable[[Matrix], tuple[Layer, Matrix]]]:
    w = layer.weights

    def vjp(g: Matrix) -> tuple[Layer, Matrix]:
        return Layer(_weight_grad(x, g), _bias_grad(g)), g @ w.T

    return x @ w + layer.biases, vjp


layer_op: Op[tuple[Layer, Matrix], Matrix] = bp.op2(_layer)
"""A hidden layer as one Op (the seed's ``layerOp``)."""


def input_layer_op(x: Matrix) -> Op[tuple[Layer], Matrix]:
    """The first layer as an Op of the layer alone: the input is a constant, so
    its gradient (as large as a forward pass) is not computed.

    >>> import numpy as np, backprop as bp
    >>> layer = Layer(np.eye(2), np.zeros(2))
    >>> bp.eval_op(input_layer_op(np.array([1.0, 2.0])), (layer,))
    array([1., 2.])
    """

    def fwd(layer: Layer) -> tuple[Matrix, Callable[[Matrix], Layer]]:
        return x @ layer.weights + layer.biases, lambda g: Layer(_weight_grad(x, g), _bias_grad(g))

    return bp.op1(fwd)


def _logistic_fwd(z: Matrix) -> tuple[Matrix, Callable[[Matrix], Matrix]]:
    out = _logistic(z)
    return out, lambda g: g * out * (1.0 - out)


logistic_op: Op[tuple[Matrix], Matrix] = bp.op1(_logistic_fwd)
"""The logistic function as an Op (the seed's ``logisticOp``)."""


def _softmax_fwd(z: Matrix) -> tuple[Matrix, Callable[[Matrix], Matrix]]:
    p = _softmax(z)

    def vjp(g: Matrix) -> Matrix:
        out: Matrix = p * (g - (g * p).sum(axis=-1, keepdims=True))
        return out

    return p, vjp


softmax_op: Op[tuple[Matrix], Matrix] = bp.op1(_softmax_fwd)
"""The softmax as an Op (the seed's ``softMaxOp``)."""


def _cross_entropy(z: Matrix, t: Matrix) -> tuple[float, Callable[[float], tuple[Matrix, Matrix]]]:
    shifted = z - z.max(axis=-1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    n = _rows(z)

    def vjp(g: float) -> tuple[Matrix, Matrix]:
        return (g / n) * (np.exp(log_p) - t), (-g / n) * log_p

    return float(-(t * log_p).sum() / n), vjp


cross_entropy_op: Op[tuple[Matrix, Matrix], float] = bp.op2(_cross_entropy)
"""Mean softmax cross-entropy of logits against one-hot targets (``softMaxCrossEntropyOp``)."""


def logits_hybrid(n: BVar[S, Net], x: Matrix) -> BVar[S, Matrix]:
    """The logits from the per-layer Ops.

    >>> import numpy as np, backprop as bp
    >>> net = init_net((4, 3, 3, 2), np.random.default_rng(0))
    >>> bool(np.allclose(bp.eval_bp(lambda n: logits_hybrid(n, np.ones(4)), net),
    ...                  bp.eval_bp(lambda n: logits_lens(n, np.ones(4)), net)))
    True
    """
    h1 = bp.lift_op1(logistic_op, bp.lift_op1(input_layer_op(x), n.view(layer1)))
    h2 = bp.lift_op1(logistic_op, bp.lift_op2(layer_op, n.view(layer2), h1))
    return bp.lift_op2(layer_op, n.view(layer3), h2)


def error_hybrid(x: Matrix, t: Matrix, n: BVar[S, Net]) -> BVar[S, float]:
    """The mean cross-entropy, with the fused Op.

    >>> import backprop as bp
    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> round(bp.eval_bp(lambda n: error_hybrid(x, t, n), net), 9) == round(
    ...     bp.eval_bp(lambda n: error_lens(x, t, n), net), 9)
    True
    """
    return bp.lift_op2(cross_entropy_op, logits_hybrid(n, x), bp.const_var(t))


def hybrid_grad(net: Net, x: Matrix, t: Matrix) -> Net:
    """``grad_bp`` of ``error_hybrid``.

    >>> import numpy as np
    >>> net, x, t = make_data((4, 3, 3, 2), None, seed=0)
    >>> bool(np.allclose(hybrid_grad(net, x, t).layer1.weights, manual_grad(net, x, t).layer1.weights))
    True
    """

    def error(n: BVar[S, Net]) -> BVar[S, float]:
        return error_hybrid(x, t, n)

    return bp.grad_bp(error, net)


def _lens_run(net: Net, x: Matrix) -> Matrix:
    def run(n: BVar[S, Net]) -> BVar[S, Matrix]:
        return bnp.softmax(logits_lens(n, x))

    return bp.eval_bp(run, net)


def _split_run(net: Net, x: Matrix) -> Matrix:
    def run(n: BVar[S, Net]) -> BVar[S, Matrix]:
        return bnp.softmax(logits_split(n, x))

    return bp.eval_bp(run, net)


def _hybrid_run(net: Net, x: Matrix) -> Matrix:
    def run(n: BVar[S, Net]) -> BVar[S, Matrix]:
        return bp.lift_op1(softmax_op, logits_hybrid(n, x))

    return bp.eval_bp(run, net)


# --- the peers ------------------------------------------------------------------------------


Kinds = dict[str, Case[Any]]  # "gradient", "descent", "run" -> a case


def _autograd_cases(peers: Peers, net: Net, x: Matrix, t: Matrix) -> Kinds:
    anp = peers.anp
    ps = tuple(params(net))
    n = _rows(x)

    def logits(p: Any) -> Any:
        w1, b1, w2, b2, w3, b3 = p
        h1 = 0.5 * (anp.tanh(0.5 * (anp.dot(x, w1) + b1)) + 1.0)
        h2 = 0.5 * (anp.tanh(0.5 * (anp.dot(h1, w2) + b2)) + 1.0)
        return anp.dot(h2, w3) + b3

    def error(p: Any) -> Any:
        z = logits(p)
        shifted = z - anp.max(z, axis=-1, keepdims=True)
        log_p = shifted - anp.log(anp.sum(anp.exp(shifted), axis=-1, keepdims=True))
        return -anp.sum(t * log_p) / n

    def run() -> Any:
        z = logits(ps)
        e = anp.exp(z - anp.max(z, axis=-1, keepdims=True))
        return e / anp.sum(e, axis=-1, keepdims=True)

    grad = peers.autograd.grad(error)

    def descent() -> list[Any]:
        return [p - RATE * g for p, g in zip(ps, grad(ps))]

    return {
        "gradient": Case("autograd", lambda: grad(ps), as_arrays),
        "descent": Case("autograd", descent, as_arrays),
        "run": Case("autograd", run, as_arrays),
    }


def _torch_cases(peers: Peers, net: Net, x: Matrix, t: Matrix) -> Kinds:
    torch = peers.torch
    ps = [torch.tensor(p, requires_grad=True) for p in params(net)]
    xt, tt = torch.from_numpy(x), torch.from_numpy(t)
    n = _rows(x)

    def logits() -> Any:
        w1, b1, w2, b2, w3, b3 = ps
        h1 = torch.sigmoid(xt @ w1 + b1)
        h2 = torch.sigmoid(h1 @ w2 + b2)
        return h2 @ w3 + b3

    def grad() -> Any:
        error = -(tt * torch.log_softmax(logits(), dim=-1)).sum() / n
        return torch.autograd.grad(error, ps)

    def descent() -> list[Any]:
        gs = grad()
        with torch.no_grad():
            return [p - RATE * g for p, g in zip(ps, gs)]

    def run() -> Any:
        with torch.no_grad():
            return torch.softmax(logits(), dim=-1)

    def arrays(ts: Any) -> Arrays:
        out: list[Matrix] = [
            v.detach().numpy() for v in (ts if isinstance(ts, (list, tuple)) else [ts])
        ]
        return out

    return {
        "gradient": Case("torch", grad, arrays),
        "descent": Case("torch", descent, arrays),
        "run": Case("torch", run, arrays),
    }


# --- the groups ------------------------------------------------------------------------------


def make_data(
    sizes: tuple[int, int, int, int], batch: int | None, seed: int
) -> tuple[Net, Matrix, Matrix]:
    """A network, an input (one sample if ``batch`` is None, else ``batch`` rows)
    uniform in [0, 1], and one-hot targets.

    >>> net, x, t = make_data((4, 3, 3, 2), 5, seed=0)
    >>> x.shape, t.shape, float(t.sum())
    ((5, 4), (5, 2), 5.0)
    """
    rng = np.random.default_rng(seed)
    net = init_net(sizes, rng)
    shape = (sizes[0],) if batch is None else (batch, sizes[0])
    x = rng.uniform(0.0, 1.0, shape)
    labels = rng.integers(0, sizes[3], () if batch is None else batch)
    t: Matrix = np.eye(sizes[3])[labels]
    return net, x, t


def _net_arrays(net: Net) -> Arrays:
    return params(net)


def _descent(grad: Callable[[Net, Matrix, Matrix], Net], net: Net, x: Matrix, t: Matrix) -> Net:
    return descend(net, grad(net, x, t), RATE)


def mnist_groups(
    peers: Peers, sizes: tuple[int, int, int, int] = (784, 300, 100, 10), batch: int = 256
) -> list[Group]:
    """The gradient, descent and run groups, per sample and per batch of ``batch``.

    >>> groups = mnist_groups(Peers(), (4, 3, 3, 2), batch=5)
    >>> [g.key for g in groups][:3]
    ['gradient/sample', 'descent/sample', 'run/sample']
    """
    shape = "-".join(map(str, sizes))
    groups: list[Group] = []
    for per, b in (("sample", None), ("batch", batch)):
        net, x, t = make_data(sizes, b, seed=0)
        label = "1 sample" if b is None else f"batch of {b}"
        peer: list[Kinds] = []
        if peers.autograd is not None:
            peer.append(_autograd_cases(peers, net, x, t))
        if peers.torch is not None:
            peer.append(_torch_cases(peers, net, x, t))
        grads = (
            ("manual", manual_grad),
            ("lens", lens_grad),
            ("split", split_grad),
            ("hybrid", hybrid_grad),
        )
        runs = (
            ("manual", manual_run),
            ("lens", _lens_run),
            ("split", _split_run),
            ("hybrid", _hybrid_run),
        )
        kinds: dict[str, list[Case[Any]]] = {
            "gradient": [Case(name, partial(g, net, x, t), _net_arrays) for name, g in grads],
            "descent": [
                Case(name, partial(_descent, g, net, x, t), _net_arrays) for name, g in grads
            ],
            "run": [Case(name, partial(r, net, x), as_arrays) for name, r in runs],
        }
        targets: dict[str, dict[str, Target]] = {
            "gradient": {"lens": Target(ratio=1.25 if b is None else 1.10)},
            "run": {"lens": Target(ratio=1.05)} if b is None else {},
        }
        for kind, cases in kinds.items():
            cases.extend(p[kind] for p in peer)
            groups.append(
                Group(
                    f"{kind}/{per}",
                    f"{kind}, {label} ({shape})",
                    "manual",
                    cases,
                    targets=targets.get(kind, {}),
                )
            )
        # a Hessian-vector product against the gradient it differentiates
        # (its values are checked against differences of gradients in the tests)
        v = init_net(sizes, np.random.default_rng(1))
        hvp_cases: list[Case[Any]] = [
            Case("gradient", partial(lens_grad, net, x, t), _net_arrays),
            Case("hvp", partial(lens_hvp, net, x, t, v), _net_arrays, reference=True),
        ]
        groups.append(
            Group(
                f"hvp/{per}",
                f"hvp, {label} ({shape})",
                "gradient",
                hvp_cases,
                targets={"hvp": Target(ratio=4.0)},
            )
        )
    return groups


def memory_group(
    peers: Peers, sizes: tuple[int, int, int, int] = (784, 300, 100, 10), batch: int = 256
) -> MemoryGroup:
    """Peak traced memory of one batch gradient (PyTorch's allocator is not traced).

    >>> memory_group(Peers(), (4, 3, 3, 2), batch=5).baseline
    'manual'
    """
    net, x, t = make_data(sizes, batch, seed=0)
    cases: list[Case[Any]] = [
        Case(name, partial(g, net, x, t), _net_arrays)
        for name, g in (
            ("manual", manual_grad),
            ("lens", lens_grad),
            ("split", split_grad),
            ("hybrid", hybrid_grad),
        )
    ]
    if peers.autograd is not None:
        cases.append(_autograd_cases(peers, net, x, t)["gradient"])
    return MemoryGroup(
        "memory/batch",
        f"peak memory, gradient, batch of {batch}",
        "manual",
        cases,
        targets={"lens": Target(ratio=1.3)},
    )
