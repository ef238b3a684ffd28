"""Trainable models (Haskell's backprop-learn and the "purely functional typed
models" series): a model is a function of its parameters and its input, and
models compose into models whose parameters are the tuple of theirs.

* A :class:`Model` ``[P, A, B]`` maps parameters ``BVar[S, P]`` and an input
  ``BVar[S, A]`` to an output ``BVar[S, B]``; a :class:`ModelS`
  ``[P, St, A, B]`` also takes a state and returns the next one. Any function
  of that shape is a model; the layers below are objects that are models and
  also draw their initial parameters (``init(rng)``).
* Combinators: :func:`compose` (Haskell's ``f <~ g``), :func:`unroll`,
  :func:`unroll_last`, :func:`zero_state`, :func:`train_state`,
  :func:`recurrently`, :func:`lagged`. The type checker follows the
  parameters through them: ``compose(fc(4, 2), fc(3, 4))`` has parameters
  ``tuple[FC, FC]``, and composing models whose types do not meet is an error.
* Layers :func:`fc`, :func:`fcrnn`, :func:`lstm`, :func:`gru`, :func:`ar`;
  activations ``logistic``, ``relu``, ``softmax`` (those of
  ``backprop.numpy``); losses :func:`squared_error`, :func:`cross_entropy`,
  :func:`sum_loss`, :func:`last_loss`; regularisers :func:`l1_reg`,
  :func:`l2_reg`; and :func:`train`, the loop of epochs and mini-batches.

Weights are stored ``(inputs, outputs)``, so a layer runs one sample (a
vector) or a mini-batch (one sample per row) with the same code. A sequence
is an array: a 1-D array of floats, or a 2-D array of vectors, one per row.

>>> import numpy as np
>>> from backprop import learn, optim
>>> model = learn.compose(learn.fc(8, 1), learn.fc(2, 8, learn.relu))
>>> params = model.init(np.random.default_rng(0))
>>> [type(p).__name__ for p in params]
['FC', 'FC']
>>> model.eval(params, np.ones(2)).shape
(1,)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Sized
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

import backprop_prelude as _prelude

from . import numpy as bnp
from . import tree as _tree
from ._class import zero as _zero
from ._containers import collect_var, join_bv, sequence_var, split_bv
from ._lift import const_var, lift_op1
from ._op import op1
from ._runners import backprop as _backprop
from ._runners import eval_bp2
from ._tape import BVar
from ._tree import Arithmetic
from ._typevars import A, B, C, D, S
from .numpy import logistic as logistic
from .numpy import relu as relu
from .numpy import softmax as softmax
from .optim import Optimizer, OptState
from .parallel import ShardLoss, grad_mean

__all__ = [
    "AR",
    "FC",
    "FCRNN",
    "GRU",
    "LSTM",
    "ARLayer",
    "Activation",
    "Composed",
    "FCLayer",
    "FCRNNLayer",
    "GRULayer",
    "LSTMLayer",
    "Lagged",
    "Loss",
    "Model",
    "ModelS",
    "Objective",
    "Recurrent",
    "Regularizer",
    "TrainResult",
    "TrainState",
    "Unrolled",
    "UnrolledLast",
    "ZeroState",
    "ar",
    "compose",
    "concat",
    "cross_entropy",
    "fc",
    "fcrnn",
    "gru",
    "l1_reg",
    "l2_reg",
    "lagged",
    "last_loss",
    "logistic",
    "lstm",
    "recurrently",
    "relu",
    "softmax",
    "squared_error",
    "sum_loss",
    "train",
    "train_state",
    "unroll",
    "unroll_last",
    "zero_state",
]

P = TypeVar("P")
Q = TypeVar("Q")
St = TypeVar("St")
# An element of a sequence: a float (a 1-D array's) or a vector (a 2-D array's row).
# Bounds, not constraints: pyright cannot solve a constrained type variable that
# a class keeps only in a field (E of Unrolled) when the call's result is
# itself an argument, and reports it unknown.
E = TypeVar("E", bound="float | NDArray[np.float64]")
F = TypeVar("F", bound="float | NDArray[np.float64]")
X = TypeVar("X", float, NDArray[np.float64])

Vec = NDArray[np.float64]
"""A float64 vector (or, where a layer takes a mini-batch, a matrix of rows)."""


# --- what a model is --------------------------------------------------------------------


class Model(Protocol[P, A, B]):
    """A model: ``(p: BVar[S, P], x: BVar[S, A]) -> BVar[S, B]``, generic in the scope.

    Haskell's ``Model p a b``. Any function of that shape is one:

    >>> import backprop as bp
    >>> from backprop import learn
    >>> def line(p: bp.BVar[bp.S, tuple[float, float]], x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
    ...     a, b = bp.split_bv(p)
    ...     return a * x + b
    >>> m: learn.Model[tuple[float, float], float, float] = line
    >>> bp.eval_bp2(m, (2.0, 1.0), 3.0)
    7.0
    """

    def __call__(self, p: BVar[S, P], x: BVar[S, A], /) -> BVar[S, B]: ...


class ModelS(Protocol[P, St, A, B]):
    """A stateful model: ``(p, x, s) -> (y, s_next)``, all BVars of one scope.

    Haskell's ``ModelS p s a b``.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> def running_sum(
    ...     p: bp.BVar[bp.S, float], x: bp.BVar[bp.S, float], s: bp.BVar[bp.S, float]
    ... ) -> tuple[bp.BVar[bp.S, float], bp.BVar[bp.S, float]]:
    ...     total = s + p * x
    ...     return total, total
    >>> m: learn.ModelS[float, float, float, float] = running_sum
    >>> learn.unroll(m).eval(2.0, np.array([1.0, 2.0, 3.0]), 0.0)
    array([ 2.,  6., 12.])
    """

    def __call__(
        self, p: BVar[S, P], x: BVar[S, A], s: BVar[S, St], /
    ) -> tuple[BVar[S, B], BVar[S, St]]: ...


class Activation(Protocol):
    """An elementwise activation, ``BVar[S, Vec] -> BVar[S, Vec]`` (``logistic``, ``relu``...).

    >>> import numpy as np
    >>> from backprop import learn
    >>> act: learn.Activation = learn.relu
    >>> learn.fc(1, 1, act).eval(learn.FC(np.ones((1, 1)), np.zeros(1)), np.array([-2.0]))
    array([0.])
    """

    def __call__(self, x: BVar[S, Vec], /) -> BVar[S, Vec]: ...


class Loss(Protocol[A]):
    """A loss (Haskell's ``Loss a``): ``(target: A, y: BVar[S, A]) -> BVar[S, float]``,
    the target a plain value, the prediction a BVar.

    >>> import backprop as bp
    >>> from backprop import learn
    >>> loss: learn.Loss[float] = learn.squared_error
    >>> bp.eval_bp(lambda y: loss(1.0, y), 4.0)
    9.0
    """

    def __call__(self, target: A, y: BVar[S, A], /) -> BVar[S, float]: ...


class Regularizer(Protocol):
    """A penalty on parameters of any type: ``BVar[S, P] -> BVar[S, float]``.

    >>> import backprop as bp
    >>> from backprop import learn
    >>> reg: learn.Regularizer = learn.l2_reg(2.0)
    >>> bp.backprop(reg, (1.0, 3.0))
    (10.0, (2.0, 6.0))
    """

    def __call__(self, p: BVar[S, P], /) -> BVar[S, float]: ...


Objective = ShardLoss
"""What :func:`train` minimises: ``(p: BVar[S, P], batch) -> BVar[S, float]``,
``batch`` the rows of the data in one mini-batch (the type of
``backprop.parallel``'s shard losses, so an objective runs sharded too).
Annotate one as ``learn.Objective[Params, tuple[Matrix, Matrix]]``."""


class _Evaluable:
    """``eval``: run a model forward on plain values (``eval_bp2``)."""

    __slots__ = ()

    def eval(self, p: Any, x: Any) -> Any:
        """The output for plain parameters and input, forward only.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.fc(2, 1).eval(learn.FC(np.ones((2, 1)), np.zeros(1)), np.array([1.0, 2.0]))
        array([3.])
        """
        return eval_bp2(cast("Any", self), p, x)


class _EvaluableS:
    """``eval`` for a stateful model: the output and the next state, forward only."""

    __slots__ = ()

    def eval(self, p: Any, x: Any, s: Any = None) -> Any:
        """The output for plain parameters, input and state (by default the
        model's initial state), forward only.

        >>> import numpy as np
        >>> from backprop import learn
        >>> p = learn.AR(1.0, np.array([0.5]))
        >>> learn.ar(1).eval(p, 4.0)
        3.0
        """
        state = _initial_state(self, "eval") if s is None else s
        out, _ = _eval_s(cast("Any", self), p, x, state)
        return out


def _eval_s(model: Any, p: Any, x: Any, s: Any) -> tuple[Any, Any]:
    def run(pv: BVar[Any, Any], xv: BVar[Any, Any]) -> BVar[Any, Any]:
        y, s1 = model(pv, xv, const_var(s))
        return join_bv(y, s1)

    out: tuple[Any, Any] = eval_bp2(run, p, x)
    return out


def _init(model: object, rng: np.random.Generator, where: str) -> Any:
    init = getattr(model, "init", None)
    if not callable(init):
        raise TypeError(
            f"{where}: {model!r} has no init(rng) to draw its parameters; give the "
            f"parameters yourself (a function is a model, but only a layer of "
            f"backprop.learn knows how to initialise itself)"
        )
    return init(rng)


def _initial_state(model: object, where: str) -> Any:
    state = getattr(model, "initial_state", None)
    if not callable(state):
        raise TypeError(
            f"{where}: {model!r} has no initial_state(); pass the state (its shape) "
            f"explicitly, e.g. zero_state(model, like=np.zeros(n))"
        )
    return state()


def _check_rng(rng: object, where: str) -> None:
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{where}: rng must be a numpy.random.Generator (numpy.random.default_rng(seed)), "
            f"got {type(rng).__name__}"
        )


# --- parameter records ----------------------------------------------------------------------


@dataclass(frozen=True)
class FC(Arithmetic):
    """The parameters of a fully connected layer: ``x @ weight + bias``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> p = learn.FC(np.ones((2, 3)), np.zeros(3))
    >>> (p - 0.5 * p).weight[0]
    array([0.5, 0.5, 0.5])
    """

    weight: Vec  # (inputs, outputs)
    bias: Vec  # (outputs,)


@dataclass(frozen=True)
class FCRNN(Arithmetic):
    """The parameters of a fully connected recurrent layer:
    ``h = act(x @ w_x + s @ w_s + bias)``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.fcrnn(3, 2).init(np.random.default_rng(0)).w_s.shape
    (2, 2)
    """

    w_x: Vec  # (inputs, outputs)
    w_s: Vec  # (outputs, outputs)
    bias: Vec  # (outputs,)


@dataclass(frozen=True)
class LSTM(Arithmetic):
    """The parameters of an LSTM layer: the four gates (forget, input, output,
    candidate) side by side, ``z = x @ w_x + h @ w_h + bias``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.lstm(3, 2).init(np.random.default_rng(0)).w_x.shape
    (3, 8)
    """

    w_x: Vec  # (inputs, 4 * outputs)
    w_h: Vec  # (outputs, 4 * outputs)
    bias: Vec  # (4 * outputs,)


@dataclass(frozen=True)
class GRU(Arithmetic):
    """The parameters of a GRU layer: update and reset gates side by side
    (``w_x[:, :2n]``, ``w_h``), and the candidate's (``w_x[:, 2n:]``, ``w_c``).

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.gru(3, 2).init(np.random.default_rng(0)).w_c.shape
    (2, 2)
    """

    w_x: Vec  # (inputs, 3 * outputs)
    w_h: Vec  # (outputs, 2 * outputs)
    w_c: Vec  # (outputs, outputs)
    bias: Vec  # (3 * outputs,)


@dataclass(frozen=True)
class AR(Arithmetic):
    """The parameters of an AR(n) model: ``y = const + sum_k coef[k] * x[t - k]``
    (``coef[0]`` weighs the latest value).

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.ar(2).eval(learn.AR(0.5, np.array([1.0, -0.5])), 2.0, np.array([4.0]))
    0.5
    """

    const: float
    coef: Vec


def _uniform(rng: np.random.Generator, n_in: int, n_out: int, cols: int | None = None) -> Vec:
    # Glorot-uniform: keeps the variance of activations and gradients even.
    bound = float(np.sqrt(6.0 / (n_in + n_out)))
    out: Vec = rng.uniform(-bound, bound, size=(n_in, cols or n_out))
    return out


def _is_count(n: object) -> bool:
    """A positive int (not a bool)."""
    return isinstance(n, int) and not isinstance(n, bool) and n >= 1


def _sizes(where: str, **sizes: int) -> None:
    for name, n in sizes.items():
        if not _is_count(n):
            raise ValueError(f"{where}: {name} must be a positive integer, got {n!r}")


# --- layers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FCLayer(_Evaluable):
    """A fully connected layer, ``act(x @ weight + bias)``: a ``Model[FC, Vec, Vec]``
    (made by :func:`fc`).

    >>> import numpy as np
    >>> from backprop import learn
    >>> layer = learn.fc(3, 2)
    >>> layer.eval(layer.init(np.random.default_rng(0)), np.ones((5, 3))).shape
    (5, 2)
    """

    n_in: int
    n_out: int
    activation: Activation | None = None

    def __call__(self, p: BVar[S, FC], x: BVar[S, Vec]) -> BVar[S, Vec]:
        parts = split_bv(p)
        y: BVar[S, Vec] = x @ parts.weight + parts.bias
        return y if self.activation is None else self.activation(y)

    def init(self, rng: np.random.Generator) -> FC:
        """Glorot-uniform weights, zero biases.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.fc(3, 2).init(np.random.default_rng(0)).bias
        array([0., 0.])
        """
        _check_rng(rng, "fc.init")
        return FC(_uniform(rng, self.n_in, self.n_out), np.zeros(self.n_out))


@dataclass(frozen=True)
class FCRNNLayer(_EvaluableS):
    """A fully connected recurrent layer: ``h = act(x @ w_x + s @ w_s + bias)``,
    the output and the next state both ``h``: a ``ModelS[FCRNN, Vec, Vec, Vec]``
    (made by :func:`fcrnn`).

    >>> import numpy as np
    >>> from backprop import learn
    >>> layer = learn.fcrnn(1, 3)
    >>> layer.eval(layer.init(np.random.default_rng(0)), np.array([0.5])).shape
    (3,)
    """

    n_in: int
    n_out: int
    activation: Activation = logistic

    def __call__(
        self, p: BVar[S, FCRNN], x: BVar[S, Vec], s: BVar[S, Vec]
    ) -> tuple[BVar[S, Vec], BVar[S, Vec]]:
        parts = split_bv(p)
        h = self.activation(x @ parts.w_x + s @ parts.w_s + parts.bias)
        return h, h

    def init(self, rng: np.random.Generator) -> FCRNN:
        """Glorot-uniform weights, zero biases.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.fcrnn(2, 3).init(np.random.default_rng(0)).w_x.shape
        (2, 3)
        """
        _check_rng(rng, "fcrnn.init")
        return FCRNN(
            _uniform(rng, self.n_in, self.n_out),
            _uniform(rng, self.n_out, self.n_out),
            np.zeros(self.n_out),
        )

    def initial_state(self) -> Vec:
        """The state a sequence starts from: zeros.

        >>> from backprop import learn
        >>> learn.fcrnn(2, 3).initial_state()
        array([0., 0., 0.])
        """
        return np.zeros(self.n_out)


@dataclass(frozen=True)
class LSTMLayer(_EvaluableS):
    """A long short-term memory layer (Hochreiter and Schmidhuber 1997): the
    state is ``(h, c)``, the output ``h``. A ``ModelS[LSTM, tuple[Vec, Vec], Vec, Vec]``
    (made by :func:`lstm`).

    >>> import numpy as np
    >>> from backprop import learn
    >>> layer = learn.lstm(2, 4)
    >>> layer.eval(layer.init(np.random.default_rng(0)), np.ones(2)).shape
    (4,)
    """

    n_in: int
    n_out: int

    def __call__(
        self, p: BVar[S, LSTM], x: BVar[S, Vec], s: BVar[S, tuple[Vec, Vec]]
    ) -> tuple[BVar[S, Vec], BVar[S, tuple[Vec, Vec]]]:
        parts = split_bv(p)
        h, c = split_bv(s)
        n = self.n_out
        z: BVar[S, Vec] = x @ parts.w_x + h @ parts.w_h + parts.bias
        forget = bnp.logistic(z[..., :n])
        keep = bnp.logistic(z[..., n : 2 * n])
        show = bnp.logistic(z[..., 2 * n : 3 * n])
        candidate = bnp.tanh(z[..., 3 * n :])
        c_next = forget * c + keep * candidate
        h_next = show * bnp.tanh(c_next)
        return h_next, join_bv(h_next, c_next)

    def init(self, rng: np.random.Generator) -> LSTM:
        """Glorot-uniform weights; biases zero but the forget gate's, one
        (so the layer starts out remembering; Jozefowicz et al. 2015).

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.lstm(1, 2).init(np.random.default_rng(0)).bias
        array([1., 1., 0., 0., 0., 0., 0., 0.])
        """
        _check_rng(rng, "lstm.init")
        n = self.n_out
        bias = np.zeros(4 * n)
        bias[:n] = 1.0
        return LSTM(_uniform(rng, self.n_in, n, 4 * n), _uniform(rng, n, n, 4 * n), bias)

    def initial_state(self) -> tuple[Vec, Vec]:
        """The state a sequence starts from: ``(h, c)``, zeros.

        >>> from backprop import learn
        >>> learn.lstm(2, 1).initial_state()
        (array([0.]), array([0.]))
        """
        return np.zeros(self.n_out), np.zeros(self.n_out)


@dataclass(frozen=True)
class GRULayer(_EvaluableS):
    """A gated recurrent unit (Cho et al. 2014): update gate ``u``, reset gate
    ``r``, ``h_next = (1 - u) * h + u * tanh(x @ w_x_c + (r * h) @ w_c + b_c)``.
    A ``ModelS[GRU, Vec, Vec, Vec]`` (made by :func:`gru`).

    >>> import numpy as np
    >>> from backprop import learn
    >>> layer = learn.gru(2, 3)
    >>> layer.eval(layer.init(np.random.default_rng(0)), np.ones(2)).shape
    (3,)
    """

    n_in: int
    n_out: int

    def __call__(
        self, p: BVar[S, GRU], x: BVar[S, Vec], s: BVar[S, Vec]
    ) -> tuple[BVar[S, Vec], BVar[S, Vec]]:
        parts = split_bv(p)
        n = self.n_out
        zx: BVar[S, Vec] = x @ parts.w_x + parts.bias
        gates: BVar[S, Vec] = zx[..., : 2 * n] + s @ parts.w_h
        update = bnp.logistic(gates[..., :n])
        reset = bnp.logistic(gates[..., n:])
        candidate: BVar[S, Vec] = bnp.tanh(zx[..., 2 * n :] + (reset * s) @ parts.w_c)
        h_next = s + update * (candidate - s)
        return h_next, h_next

    def init(self, rng: np.random.Generator) -> GRU:
        """Glorot-uniform weights, zero biases.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.gru(1, 2).init(np.random.default_rng(0)).bias.shape
        (6,)
        """
        _check_rng(rng, "gru.init")
        n = self.n_out
        return GRU(
            _uniform(rng, self.n_in, n, 3 * n),
            _uniform(rng, n, n, 2 * n),
            _uniform(rng, n, n),
            np.zeros(3 * n),
        )

    def initial_state(self) -> Vec:
        """The state a sequence starts from: zeros.

        >>> from backprop import learn
        >>> learn.gru(2, 2).initial_state()
        array([0., 0.])
        """
        return np.zeros(self.n_out)


def _window(x: BVar[S, float], s: BVar[S, Vec]) -> BVar[S, Vec]:
    """The previous values (oldest first) with the latest appended."""
    return bnp.concatenate([s, bnp.stack([x])])


def _ar_readout(p: BVar[S, AR], window: BVar[S, Vec]) -> BVar[S, float]:
    parts = split_bv(p)
    y: BVar[S, float] = parts.const + bnp.vdot(window[::-1], parts.coef)
    return y


@dataclass(frozen=True)
class ARLayer(_EvaluableS):
    """An autoregressive model of order ``n``: the next value from the last
    ``n``, ``const + sum_k coef[k] * x[t - k]``. The state holds the ``n - 1``
    values before the latest (oldest first). A ``ModelS[AR, Vec, float, float]``
    (made by :func:`ar`; it is :func:`lagged` over a linear readout).

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.ar(3).initial_state()
    array([0., 0.])
    """

    n: int

    def __call__(
        self, p: BVar[S, AR], x: BVar[S, float], s: BVar[S, Vec]
    ) -> tuple[BVar[S, float], BVar[S, Vec]]:
        window = _window(x, s)
        return _ar_readout(p, window), window[1:]

    def init(self, rng: np.random.Generator) -> AR:
        """A zero constant and small random coefficients.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.ar(2).init(np.random.default_rng(0)).coef.shape
        (2,)
        """
        _check_rng(rng, "ar.init")
        return AR(0.0, rng.normal(0.0, 0.1, self.n))

    def initial_state(self) -> Vec:
        """The state a sequence starts from: ``n - 1`` zeros.

        >>> from backprop import learn
        >>> learn.ar(2).initial_state()
        array([0.])
        """
        return np.zeros(self.n - 1)


def fc(n_in: int, n_out: int, activation: Activation | None = None) -> FCLayer:
    """A fully connected layer from ``n_in`` to ``n_out`` values, then ``activation``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> layer = learn.fc(2, 1, learn.logistic)
    >>> layer.eval(learn.FC(np.zeros((2, 1)), np.zeros(1)), np.ones(2))
    array([0.5])
    """
    _sizes("fc", n_in=n_in, n_out=n_out)
    return FCLayer(n_in, n_out, activation)


def fcrnn(n_in: int, n_out: int, activation: Activation = logistic) -> FCRNNLayer:
    """A fully connected recurrent layer; its state is a vector of ``n_out``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.fcrnn(1, 4).init(np.random.default_rng(0)).bias
    array([0., 0., 0., 0.])
    """
    _sizes("fcrnn", n_in=n_in, n_out=n_out)
    return FCRNNLayer(n_in, n_out, activation)


def lstm(n_in: int, n_out: int) -> LSTMLayer:
    """An LSTM layer; its state is ``(h, c)``, two vectors of ``n_out``.

    >>> from backprop import learn
    >>> learn.lstm(3, 2)
    LSTMLayer(n_in=3, n_out=2)
    """
    _sizes("lstm", n_in=n_in, n_out=n_out)
    return LSTMLayer(n_in, n_out)


def gru(n_in: int, n_out: int) -> GRULayer:
    """A GRU layer; its state is a vector of ``n_out``.

    >>> from backprop import learn
    >>> learn.gru(3, 2)
    GRULayer(n_in=3, n_out=2)
    """
    _sizes("gru", n_in=n_in, n_out=n_out)
    return GRULayer(n_in, n_out)


def ar(n: int) -> ARLayer:
    """An AR(n) model of a series of floats.

    >>> from backprop import learn
    >>> learn.ar(2)
    ARLayer(n=2)
    """
    _sizes("ar", n=n)
    return ARLayer(n)


# --- combinators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Composed(_Evaluable, Generic[P, Q, A, B, C]):
    """``f`` after ``g`` (made by :func:`compose`): a ``Model[tuple[P, Q], A, C]``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.compose(learn.fc(4, 1), learn.fc(2, 4)).f
    FCLayer(n_in=4, n_out=1, activation=None)
    """

    f: Model[P, B, C]
    g: Model[Q, A, B]

    def __call__(self, p: BVar[S, tuple[P, Q]], x: BVar[S, A]) -> BVar[S, C]:
        pf, pg = split_bv(p)
        return self.f(pf, self.g(pg, x))

    def init(self, rng: np.random.Generator) -> tuple[P, Q]:
        """``(f.init(rng), g.init(rng))``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> pf, pg = learn.compose(learn.fc(4, 1), learn.fc(2, 4)).init(np.random.default_rng(0))
        >>> pf.weight.shape, pg.weight.shape
        ((4, 1), (2, 4))
        """
        return _init(self.f, rng, "compose(f, g).init"), _init(self.g, rng, "compose(f, g).init")


def compose(f: Model[P, B, C], g: Model[Q, A, B]) -> Composed[P, Q, A, B, C]:
    """The model ``f`` after ``g`` (Haskell's ``f <~ g``), with parameters ``(p_f, p_g)``.

    ``g``'s output type must be ``f``'s input type; the type checker rejects
    models that do not meet.

    >>> import numpy as np
    >>> from backprop import learn
    >>> net = learn.compose(learn.fc(3, 2, learn.softmax), learn.fc(4, 3, learn.logistic))
    >>> float(net.eval(net.init(np.random.default_rng(0)), np.ones(4)).sum())
    1.0
    """
    for name, m in (("f", f), ("g", g)):
        if not callable(m):
            raise TypeError(f"compose: {name} must be a model (a callable), got {m!r}")
    return Composed(f, g)


def _sequence(where: str, xs: BVar[S, Any]) -> BVar[S, list[Any]]:
    """The elements of a sequence (an array's rows, or a list) as a BVar of a list."""
    v = xs.value
    if isinstance(v, list):
        return xs
    if isinstance(v, np.ndarray) and v.ndim >= 1:
        return collect_var(sequence_var(cast("BVar[S, Vec]", xs)))
    raise TypeError(
        f"{where}: a sequence is a 1-D array of floats or a 2-D array of rows, got "
        f"{type(v).__name__}{' of shape ' + str(np.shape(v)) if isinstance(v, np.ndarray) else ''}"
    )


def _run(
    model: ModelS[P, St, Any, Any], p: BVar[S, P], xs: BVar[S, list[Any]], s: BVar[S, St]
) -> tuple[BVar[S, St], BVar[S, list[Any]]]:
    def step(acc: BVar[S, St], x: BVar[S, Any]) -> tuple[BVar[S, St], BVar[S, Any]]:
        y, acc_next = model(p, x, acc)
        return acc_next, y

    return _prelude.map_accum_l(step, s, xs)


@dataclass(frozen=True)
class Unrolled(_EvaluableS, Generic[P, St, E, F]):
    """A stateful model run over a sequence (made by :func:`unroll`): a
    ``ModelS[P, St, Vec, Vec]`` giving the sequence of outputs.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.unroll(learn.ar(1)).eval(learn.AR(0.0, np.array([2.0])), np.array([1.0, 2.0]))
    array([2., 4.])
    """

    model: ModelS[P, St, E, F]

    def __call__(
        self, p: BVar[S, P], xs: BVar[S, Vec], s: BVar[S, St]
    ) -> tuple[BVar[S, Vec], BVar[S, St]]:
        seq = _sequence("unroll", xs)
        s_end, ys = _run(self.model, p, seq, s)
        given: object = xs.value  # a list too, though typed as an array
        if isinstance(given, list):
            return cast("BVar[S, Vec]", ys), s_end
        return bnp.stack(sequence_var(ys)), s_end

    def init(self, rng: np.random.Generator) -> P:
        """The model's ``init``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.unroll(learn.ar(2)).init(np.random.default_rng(0)).const
        0.0
        """
        return cast("P", _init(self.model, rng, "unroll(model).init"))

    def initial_state(self) -> St:
        """The model's ``initial_state``.

        >>> from backprop import learn
        >>> learn.unroll(learn.ar(2)).initial_state()
        array([0.])
        """
        return cast("St", _initial_state(self.model, "unroll(model).initial_state"))


def unroll(model: ModelS[P, St, E, F]) -> Unrolled[P, St, E, F]:
    """Run a stateful model over a sequence, threading the state (with the
    Prelude's ``map_accum_l``); the outputs form a sequence too.

    A sequence is an array: a 1-D array for a model of floats, a 2-D array
    (one row per step) for a model of vectors.

    >>> import numpy as np
    >>> from backprop import learn
    >>> rnn = learn.unroll(learn.fcrnn(1, 2))
    >>> rnn.eval(rnn.init(np.random.default_rng(0)), np.ones((5, 1))).shape
    (5, 2)
    """
    if not callable(model):
        raise TypeError(f"unroll: expected a stateful model, got {model!r}")
    return Unrolled(model)


@dataclass(frozen=True)
class UnrolledLast(_EvaluableS, Generic[P, St, E, F]):
    """A stateful model run over a sequence, giving its last output (made by
    :func:`unroll_last`): a ``ModelS[P, St, Vec, F]``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.unroll_last(learn.ar(1)).eval(learn.AR(0.0, np.array([2.0])), np.array([1.0, 2.0]))
    4.0
    """

    model: ModelS[P, St, E, F]

    def __call__(
        self, p: BVar[S, P], xs: BVar[S, Vec], s: BVar[S, St]
    ) -> tuple[BVar[S, F], BVar[S, St]]:
        seq = _sequence("unroll_last", xs)
        if len(seq.value) == 0:
            raise ValueError("unroll_last: the sequence is empty, it has no last output")
        s_end, ys = _run(self.model, p, seq, s)
        last: BVar[S, F] = ys[len(seq.value) - 1]
        return last, s_end

    def init(self, rng: np.random.Generator) -> P:
        """The model's ``init``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.unroll_last(learn.ar(3)).init(np.random.default_rng(0)).coef.shape
        (3,)
        """
        return cast("P", _init(self.model, rng, "unroll_last(model).init"))

    def initial_state(self) -> St:
        """The model's ``initial_state``.

        >>> from backprop import learn
        >>> learn.unroll_last(learn.fcrnn(1, 2)).initial_state()
        array([0., 0.])
        """
        return cast("St", _initial_state(self.model, "unroll_last(model).initial_state"))


def unroll_last(model: ModelS[P, St, E, F]) -> UnrolledLast[P, St, E, F]:
    """Run a stateful model over a sequence and keep only its last output.

    >>> import numpy as np
    >>> from backprop import learn
    >>> m = learn.zero_state(learn.unroll_last(learn.ar(2)))
    >>> m.eval(learn.AR(0.0, np.array([1.0, 1.0])), np.array([1.0, 2.0, 3.0]))
    5.0
    """
    if not callable(model):
        raise TypeError(f"unroll_last: expected a stateful model, got {model!r}")
    return UnrolledLast(model)


@dataclass(frozen=True)
class ZeroState(_Evaluable, Generic[P, St, A, B]):
    """A stateful model run from a zero state, its final state dropped (made
    by :func:`zero_state`): a ``Model[P, A, B]``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.zero_state(learn.ar(2)).state
    array([0.])
    """

    model: ModelS[P, St, A, B]
    state: St

    def __call__(self, p: BVar[S, P], x: BVar[S, A]) -> BVar[S, B]:
        y, _ = self.model(p, x, const_var(self.state))
        return y

    def init(self, rng: np.random.Generator) -> P:
        """The model's ``init``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.zero_state(learn.ar(2)).init(np.random.default_rng(0)).coef.shape
        (2,)
        """
        return cast("P", _init(self.model, rng, "zero_state(model).init"))


def zero_state(model: ModelS[P, St, A, B], like: St | None = None) -> ZeroState[P, St, A, B]:
    """A stateless model: ``model`` run from a zero state (Haskell's ``zeroState``).

    The state is ``zero(like)``, or the zero of ``model.initial_state()`` for
    a layer of this module.

    >>> import numpy as np
    >>> from backprop import learn
    >>> m = learn.zero_state(learn.unroll_last(learn.ar(1)))
    >>> m.eval(learn.AR(1.0, np.array([0.5])), np.array([4.0, 2.0]))
    2.0
    """
    state = _initial_state(model, "zero_state") if like is None else like
    return ZeroState(model, _zero(state))


@dataclass(frozen=True)
class TrainState(_Evaluable, Generic[P, St, A, B]):
    """A stateful model whose initial state is a trained parameter (made by
    :func:`train_state`): a ``Model[tuple[P, St], A, B]``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> m = learn.train_state(learn.ar(2))
    >>> m.eval((learn.AR(0.0, np.array([1.0, 1.0])), np.array([5.0])), 1.0)
    6.0
    """

    model: ModelS[P, St, A, B]
    state: St

    def __call__(self, p: BVar[S, tuple[P, St]], x: BVar[S, A]) -> BVar[S, B]:
        params, s0 = split_bv(p)
        y, _ = self.model(params, x, s0)
        return y

    def init(self, rng: np.random.Generator) -> tuple[P, St]:
        """The model's ``init``, and the zero state.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.train_state(learn.fcrnn(1, 2)).init(np.random.default_rng(0))[1]
        array([0., 0.])
        """
        return cast("P", _init(self.model, rng, "train_state(model).init")), self.state


def train_state(model: ModelS[P, St, A, B], like: St | None = None) -> TrainState[P, St, A, B]:
    """A stateless model whose parameters are ``(p, s0)``: the initial state is
    learned with the parameters (Haskell's ``trainState``).

    ``init`` starts the state at ``zero(like)`` (or the zero of
    ``model.initial_state()``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> m = learn.train_state(learn.unroll_last(learn.ar(2)))
    >>> p = (learn.AR(0.0, np.array([1.0, 1.0])), np.array([0.0]))
    >>> bp.grad_bp(lambda q: m(q, bp.const_var(np.array([3.0]))), p)[1]  # y = 3 + s0
    array([1.])
    """
    state = _initial_state(model, "train_state") if like is None else like
    return TrainState(model, _zero(state))


@dataclass(frozen=True)
class Recurrent(_EvaluableS, Generic[P, A, B]):
    """A model of ``(x, y_prev)`` made stateful, its output fed back as the
    state (made by :func:`recurrently`): a ``ModelS[P, B, A, B]``.

    >>> import numpy as np
    >>> from backprop import learn
    >>> learn.recurrently(learn.compose(learn.fc(3, 2), learn.concat), np.zeros(2)).state
    array([0., 0.])
    """

    model: Model[P, tuple[A, B], B]
    state: B | None = None

    def __call__(
        self, p: BVar[S, P], x: BVar[S, A], s: BVar[S, B]
    ) -> tuple[BVar[S, B], BVar[S, B]]:
        y = self.model(p, join_bv(x, s))
        return y, y

    def init(self, rng: np.random.Generator) -> P:
        """The model's ``init``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> m = learn.recurrently(learn.compose(learn.fc(3, 2), learn.concat), np.zeros(2))
        >>> m.init(np.random.default_rng(0))[0].weight.shape, m.init(np.random.default_rng(0))[1]
        ((3, 2), None)
        """
        return cast("P", _init(self.model, rng, "recurrently(model).init"))

    def initial_state(self) -> B:
        """The zero of ``like``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.recurrently(learn.compose(learn.fc(3, 1), learn.concat), np.ones(1)).initial_state()
        array([0.])
        """
        if self.state is None:
            raise TypeError(
                "recurrently(model).initial_state: no state shape was given; "
                "call recurrently(model, like=...)"
            )
        return self.state


def recurrently(model: Model[P, tuple[A, B], B], like: B | None = None) -> Recurrent[P, A, B]:
    """A stateful model from a model of ``(x, y_prev)``: each output is fed back
    as the next step's state (Haskell's ``recurrently``). ``like`` gives the
    state's shape (its zero is the initial state).

    >>> import numpy as np
    >>> from backprop import learn
    >>> cell = learn.compose(learn.fc(3, 2, learn.logistic), learn.concat)
    >>> rnn = learn.zero_state(learn.unroll(learn.recurrently(cell, np.zeros(2))))
    >>> rnn.eval(cell.init(np.random.default_rng(0)), np.ones((4, 1))).shape
    (4, 2)
    """
    return Recurrent(model, None if like is None else _zero(like))


@dataclass(frozen=True)
class Lagged(_EvaluableS, Generic[P, B]):
    """A model of the last ``n`` values of a series, made stateful (made by
    :func:`lagged`): a ``ModelS[P, Vec, float, B]`` whose state holds the
    ``n - 1`` values before the latest.

    >>> from backprop import learn
    >>> learn.lagged(learn.fc(3, 1), 3).initial_state()
    array([0., 0.])
    """

    model: Model[P, Vec, B]
    n: int

    def __call__(
        self, p: BVar[S, P], x: BVar[S, float], s: BVar[S, Vec]
    ) -> tuple[BVar[S, B], BVar[S, Vec]]:
        window = _window(x, s)
        return self.model(p, window), window[1:]

    def init(self, rng: np.random.Generator) -> P:
        """The model's ``init``.

        >>> import numpy as np
        >>> from backprop import learn
        >>> learn.lagged(learn.fc(3, 1), 3).init(np.random.default_rng(0)).weight.shape
        (3, 1)
        """
        return cast("P", _init(self.model, rng, "lagged(model, n).init"))

    def initial_state(self) -> Vec:
        """``n - 1`` zeros.

        >>> from backprop import learn
        >>> learn.lagged(learn.fc(2, 1), 2).initial_state()
        array([0.])
        """
        return np.zeros(self.n - 1)


def lagged(model: Model[P, Vec, B], n: int) -> Lagged[P, B]:
    """A stateful model of a series from a model of its last ``n`` values
    (oldest first, the latest last): how an AR(n) is made from a one-step
    model (Haskell's ``lagged``).

    >>> import numpy as np
    >>> from backprop import learn
    >>> m = learn.zero_state(learn.unroll(learn.lagged(learn.fc(2, 1), 2)))
    >>> p = learn.FC(np.array([[1.0], [10.0]]), np.zeros(1))
    >>> m.eval(p, np.array([1.0, 2.0, 3.0]))
    array([[10.],
           [21.],
           [32.]])
    """
    _sizes("lagged", n=n)
    return Lagged(model, n)


class _Concat:
    """``(x, y) -> [x, y]`` as a model without parameters (``None``)."""

    __slots__ = ()

    def __call__(self, p: BVar[S, None], xy: BVar[S, tuple[Vec, Vec]]) -> BVar[S, Vec]:
        x, y = split_bv(xy)
        return bnp.concatenate([x, y], axis=-1)

    def init(self, rng: np.random.Generator) -> None:
        return None

    def __repr__(self) -> str:
        return "learn.concat"

    def __reduce__(self) -> str:
        return "concat"


concat: Model[None, tuple[Vec, Vec], Vec] = _Concat()
"""A model with no parameters (``None``) joining a pair of vectors end to end,
to feed ``(x, y_prev)`` to a layer in :func:`recurrently`:
``compose(fc(n_in + n_out, n_out), concat)``."""


# --- losses and regularisers ----------------------------------------------------------------


def squared_error(target: X, y: BVar[S, X]) -> BVar[S, float]:
    """The sum of squared differences, ``sum((y - target) ** 2)``.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> bp.backprop(lambda y: learn.squared_error(np.array([1.0, 2.0]), y), np.array([2.0, 0.0]))
    (5.0, array([ 2., -4.]))
    """
    d: BVar[S, Any] = y - target
    total: BVar[S, float] = bnp.sum(d * d)
    return total


def cross_entropy(target: Vec, p: BVar[S, Vec]) -> BVar[S, float]:
    """``-sum(target * log(p))``, for probabilities ``p`` (a softmax's output).

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> round(bp.eval_bp(lambda p: learn.cross_entropy(np.array([0.0, 1.0]), p), np.array([0.5, 0.5])), 6)
    0.693147
    """
    return -bnp.sum(bnp.log(p) * target)


@dataclass(frozen=True)
class _SumLoss(Generic[E]):
    loss: Loss[E]

    def __call__(self, target: Vec, ys: BVar[S, Vec]) -> BVar[S, float]:
        parts = cast("list[BVar[S, E]]", sequence_var(ys))
        if len(parts) != len(target):
            raise ValueError(
                f"sum_loss: {len(target)} targets for a sequence of {len(parts)} outputs"
            )
        terms = [self.loss(t, y) for t, y in zip(list(target), parts)]
        total: BVar[S, float] = bnp.sum(bnp.stack(terms))
        return total


def sum_loss(loss: Loss[E]) -> Loss[Vec]:
    """A loss over sequences: ``loss`` of each step, summed (Haskell's ``sumLoss``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> seq = learn.sum_loss(learn.squared_error)
    >>> bp.eval_bp(lambda ys: seq(np.array([1.0, 1.0]), ys), np.array([2.0, 4.0]))
    10.0
    """
    return _SumLoss(loss)


@dataclass(frozen=True)
class _LastLoss(Generic[E]):
    loss: Loss[E]

    def __call__(self, target: Vec, ys: BVar[S, Vec]) -> BVar[S, float]:
        if len(target) == 0 or len(ys.value) == 0:
            raise ValueError("last_loss: the sequence is empty, it has no last output")
        last: BVar[S, E] = ys[len(ys.value) - 1]
        return self.loss(target[-1], last)


def last_loss(loss: Loss[E]) -> Loss[Vec]:
    """A loss over sequences: ``loss`` of the last step only (Haskell's ``lastLoss``).

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> last = learn.last_loss(learn.squared_error)
    >>> bp.grad_bp(lambda ys: last(np.array([0.0, 1.0]), ys), np.array([5.0, 4.0]))
    array([0., 6.])
    """
    return _LastLoss(loss)


def _l1_leaf(w: Any) -> Any:
    return float(np.sign(w)) if type(w) is float else np.sign(w)


@dataclass(frozen=True)
class _Norm:
    lam: float
    kind: str  # "l1" or "l2"

    def _fwd(self, p: Any) -> tuple[float, Callable[[float], Any]]:
        lam = self.lam
        if self.kind == "l2":
            value = 0.5 * lam * float(np.real(_tree.vdot(p, p)))
            return value, lambda g: _tree.scale(g * lam, p)
        total = 0.0
        for leaf in _tree.leaves(p):
            total += float(np.sum(np.abs(leaf)))
        value = lam * total
        return value, lambda g: _tree.scale(g * lam, _tree.map(_l1_leaf, p))

    def __call__(self, p: BVar[S, P]) -> BVar[S, float]:
        return lift_op1(op1(self._fwd), p)


def l1_reg(lam: float) -> Regularizer:
    """``lam * sum(|w|)`` over every number of the parameters (biases included,
    as backprop-learn's ``l1RegDefault``); its gradient is ``lam * sign(w)``.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> bp.backprop(learn.l1_reg(0.5), (2.0, np.array([-1.0, 3.0])))
    (3.0, (0.5, array([-0.5,  0.5])))
    """
    return _Norm(_penalty("l1_reg", lam), "l1")


def l2_reg(lam: float) -> Regularizer:
    """``lam / 2 * sum(w ** 2)`` over every number of the parameters (biases
    included, as backprop-learn's ``l2RegDefault``); its gradient is ``lam * w``.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn
    >>> bp.backprop(learn.l2_reg(0.1), {"w": np.array([1.0, -2.0])})
    (0.25, {'w': array([ 0.1, -0.2])})
    """
    return _Norm(_penalty("l2_reg", lam), "l2")


def _penalty(where: str, lam: float) -> float:
    ok = cast("object", lam)  # checked at run time whatever the annotation says
    if not (isinstance(ok, (int, float)) and not isinstance(ok, bool) and ok >= 0):
        raise ValueError(f"{where}: lam must be a number >= 0, got {lam!r}")
    return float(lam)


# --- training ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainResult(Generic[P]):
    """What :func:`train` returns: the trained parameters, the optimizer's
    state (to train on), and the losses: each epoch's mean of its mini-batch
    losses weighted by their rows, and each mini-batch's loss (before its
    step), in order.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn, optim
    >>> def obj(p: bp.BVar[bp.S, float], batch: np.ndarray) -> bp.BVar[bp.S, float]:
    ...     return (p - float(batch.mean())) ** 2
    >>> r = learn.train(obj, 0.0, np.full(4, 3.0), optim.sgd(0.25), epochs=3, batch_size=4)
    >>> r.params, r.losses
    (2.625, (9.0, 2.25, 0.5625))
    """

    params: P
    state: OptState[P]
    losses: tuple[float, ...]
    batch_losses: tuple[float, ...] = field(default=())


def _rows(where: str, data: object) -> int:
    arrays: Sequence[object] = (
        cast("Sequence[object]", data) if isinstance(data, (tuple, list)) else (data,)
    )
    if not arrays or not all(isinstance(a, np.ndarray) and np.ndim(a) >= 1 for a in arrays):
        raise TypeError(
            f"{where}: data must be an array or a tuple of arrays (one row per example), "
            f"got {type(data).__name__}"
        )
    lengths = {len(cast("Sized", a)) for a in arrays}
    if len(lengths) != 1:
        raise ValueError(f"{where}: the arrays of data have different lengths {sorted(lengths)}")
    n = lengths.pop()
    if n == 0:
        raise ValueError(f"{where}: data has no rows")
    return n


def _take(data: D, idx: NDArray[np.intp]) -> D:
    if isinstance(data, np.ndarray):
        return cast("D", data[idx])
    rebuild: Any = type(data)
    return cast("D", rebuild(a[idx] for a in cast("Sequence[Any]", data)))


def _split(batch: D, parts: int) -> list[D]:
    first: Any = batch if isinstance(batch, np.ndarray) else cast("Sequence[Any]", batch)[0]
    n = len(first)
    cuts = np.array_split(np.arange(n), min(parts, n))
    return [_take(batch, c) for c in cuts]


def train(
    objective: Objective[P, D],
    params: P,
    data: D,
    optimizer: Optimizer[Any],
    *,
    epochs: int = 1,
    batch_size: int | None = None,
    rng: np.random.Generator | None = None,
    state: OptState[P] | None = None,
    executor: Executor | None = None,
    shards: int = 1,
    progress: bool = False,
    on_epoch: Callable[[int, P, float], None] | None = None,
) -> TrainResult[P]:
    """Minimise ``objective`` over ``data`` with ``optimizer``: ``epochs`` passes
    over the rows of ``data`` in mini-batches of ``batch_size`` (all rows at
    once when None), shuffled each epoch with ``rng`` when one is given.

    ``data`` is an array or a tuple of arrays with one row per example; the
    ``objective`` gets a mini-batch of the same kind (``(x, y)`` rows). With
    an ``executor``, each mini-batch is cut into ``shards`` and their
    gradients computed there (``backprop.parallel.grad_mean``; the objective
    must then be picklable, a module-level function). ``progress`` shows a
    tqdm bar per epoch (on stderr); ``on_epoch(epoch, params, mean_loss)`` is
    called after each epoch. ``state`` continues an earlier run's optimizer
    state. The parameters passed in are not modified.

    >>> import numpy as np
    >>> import backprop as bp
    >>> from backprop import learn, optim
    >>> xs = np.linspace(-1.0, 1.0, 50)
    >>> data = (xs, 3.0 * xs + 1.0)
    >>> def objective(p: bp.BVar[bp.S, learn.FC], batch: tuple[np.ndarray, np.ndarray]) -> bp.BVar[bp.S, float]:
    ...     x, y = batch
    ...     return learn.squared_error(y[:, None], learn.fc(1, 1)(p, bp.const_var(x[:, None]))) / len(x)
    >>> p0 = learn.FC(np.zeros((1, 1)), np.zeros(1))
    >>> r = learn.train(objective, p0, data, optim.adam(0.1), epochs=60, batch_size=10,
    ...                 rng=np.random.default_rng(0))
    >>> np.round([r.params.weight[0, 0], r.params.bias[0]], 2), r.losses[-1] < 1e-3
    (array([3., 1.]), True)
    """
    n = _rows("train", data)
    if not _is_count(epochs):
        raise ValueError(f"train: epochs must be a positive integer, got {epochs!r}")
    size = n if batch_size is None else batch_size
    if not _is_count(size):
        raise ValueError(f"train: batch_size must be a positive integer, got {batch_size!r}")
    if rng is not None:
        _check_rng(rng, "train")
    if not _is_count(shards):
        raise ValueError(f"train: shards must be a positive integer, got {shards!r}")
    if not isinstance(cast("object", optimizer), Optimizer):
        raise TypeError(f"train: optimizer must be a backprop.optim.Optimizer, got {optimizer!r}")
    opt_state = optimizer.init(params) if state is None else state

    def gradient(p: P, batch: D) -> tuple[float, P]:
        if executor is not None:
            return grad_mean(objective, p, _split(batch, shards), executor)

        def loss(q: BVar[S, P]) -> BVar[S, float]:
            return objective(q, batch)

        value, grad = _backprop(loss, p)
        return float(value), grad

    bar_type: Any = None
    if progress:
        from tqdm import tqdm

        bar_type = tqdm
    n_batches = -(-n // size)
    losses: list[float] = []
    batch_losses: list[float] = []
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if rng is not None else np.arange(n)
        bar = (
            bar_type(total=n_batches, desc=f"epoch {epoch}/{epochs}", unit="batch", leave=False)
            if bar_type is not None
            else None
        )
        total = 0.0
        try:
            for i in range(0, n, size):
                idx = order[i : i + size]
                value, grad = gradient(params, _take(data, idx))
                params, opt_state = optimizer.step(params, grad, opt_state)
                batch_losses.append(value)
                total += value * len(idx)
                if bar is not None:
                    bar.update(1)
                    bar.set_postfix(loss=f"{total / (i + len(idx)):.4f}", refresh=False)
        finally:
            if bar is not None:
                bar.close()
        losses.append(total / n)
        if on_epoch is not None:
            on_epoch(epoch, params, total / n)
    return TrainResult(params, opt_state, tuple(losses), tuple(batch_losses))
