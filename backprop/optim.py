"""Optimizers over any parameter record (Haskell's ``opto``).

An optimizer turns a gradient into a step. ``opt.init(params)`` makes its
state; ``opt.step(params, grad, state)`` returns the new parameters and the
new state. Parameters may be any Backprop value: a float, an array, tuples,
dicts, NamedTuples, nested dataclasses (static fields are carried as they
are). Every update walks the values with ``backprop.tree``, leaf by leaf:

* parameters keep their type and dtypes (a Python float stays a Python float,
  a float32 array stays float32, a record stays a record of its class);
* nothing passed in is modified: parameters, gradients and states are new
  values after every step, so an old state can be stepped again;
* a gradient, or a state, whose structure is not the parameters' (another
  record, another length, another array shape) raises a ``ValueError`` that
  names both.

The state is an :class:`OptState`: the number of steps taken and, for each
running average the method keeps (momentum's velocity, Adam's two moments),
one value of the parameters' structure.

>>> import numpy as np
>>> from backprop import optim
>>> opt = optim.adam(0.1)
>>> params = {"w": np.array([1.0, -2.0]), "b": 0.5}
>>> state = opt.init(params)
>>> params, state = opt.step(params, {"w": np.array([0.3, -0.1]), "b": 2.0}, state)
>>> params["w"].round(6), round(params["b"], 6)  # each component moved by the rate
(array([ 0.9, -1.9]), 0.4)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from . import tree as _tree
from ._class import zero as _zero
from ._registry import static_field

__all__ = [
    "OptState",
    "Optimizer",
    "adagrad",
    "adam",
    "adamax",
    "momentum",
    "nesterov",
    "rmsprop",
    "sgd",
]

P = TypeVar("P")


@dataclass(frozen=True)
class OptState(Generic[P]):
    """An optimizer's state: which method made it, the steps taken so far,
    and its running averages (``slots``), each of the parameters' structure.

    >>> from backprop import optim
    >>> optim.momentum(0.1).init((1.0, 2.0))
    OptState(method='momentum', count=0, slots=((0.0, 0.0),))
    """

    method: str = static_field()
    count: int = static_field()
    slots: tuple[P, ...] = ()


def _kind(x: Any) -> str:
    if isinstance(x, np.ndarray):
        return f"a {x.dtype} array of shape {x.shape}"
    return f"a {type(x).__qualname__}"


def _same_leaf(what: str, name: str) -> Callable[..., None]:
    def check(p: Any, other: Any) -> None:
        if np.shape(p) != np.shape(other):
            raise ValueError(
                f"optim.{name}: {what} does not have the structure of the parameters: "
                f"a leaf of the parameters is {_kind(p)}, the same leaf of {what} is "
                f"{_kind(other)}"
            )

    return check


def _check_fits(name: str, what: str, params: Any, other: Any) -> None:
    """Raise a ValueError naming both values unless ``other`` has the structure of ``params``."""
    try:
        _tree.map(_same_leaf(what, name), params, other)
    except ValueError as e:
        if str(e).startswith(f"optim.{name}:"):
            raise
        raise ValueError(
            f"optim.{name}: {what} does not have the structure of the parameters "
            f"(the parameters are {_kind(params)}, {what} is {_kind(other)}): {e}"
        ) from None


def _like(p: Any, new: Any) -> Any:
    """``new`` with the type and dtype of the parameter leaf ``p``."""
    if type(p) is float:
        return float(new)
    if isinstance(p, np.ndarray):
        if isinstance(new, np.ndarray) and new.dtype == p.dtype:
            return new
        return np.asarray(new, dtype=p.dtype)
    if isinstance(p, np.generic):
        return type(p)(new)
    return new


def _sqrt(x: Any) -> Any:
    return math.sqrt(x) if type(x) is float else np.sqrt(x)


class Optimizer(Generic[P]):
    """An optimizer of parameters of type ``P``: ``init`` makes the state,
    ``step`` applies one gradient.

    The constructors (:func:`sgd`, :func:`adam`, ...) make one; annotate it
    with the parameters' type to have the type checker check every step
    (``opt: Optimizer[Network] = optim.adam(1e-3)``).

    >>> from backprop import optim
    >>> opt: optim.Optimizer[float] = optim.sgd(0.5)
    >>> opt.step(3.0, 2.0, opt.init(3.0))
    (2.0, OptState(method='sgd', count=1, slots=()))
    """

    name: str = "optimizer"
    n_slots: int = 0

    def init(self, params: P) -> OptState[P]:
        """The state before the first step: zeros of the parameters' structure.

        >>> import numpy as np
        >>> from backprop import optim
        >>> optim.adam().init(np.ones(2)).slots
        (array([0., 0.]), array([0., 0.]))
        """
        zero = _zero(params)
        return OptState(self.name, 0, tuple(zero for _ in range(self.n_slots)))

    def step(self, params: P, grad: P, state: OptState[P]) -> tuple[P, OptState[P]]:
        """The parameters after one step against ``grad``, and the new state.

        >>> from backprop import optim
        >>> opt = optim.momentum(0.1, beta=0.5)
        >>> p, s = opt.step(1.0, 1.0, opt.init(1.0))
        >>> p, s = opt.step(p, 1.0, s)
        >>> round(p, 12)
        0.75
        """
        if not isinstance(state, OptState):
            raise TypeError(
                f"optim.{self.name}: the state must be an OptState made by init, got {_kind(state)}"
            )
        if state.method != self.name or len(state.slots) != self.n_slots:
            raise ValueError(
                f"optim.{self.name}: the state was made by optim.{state.method}, not by "
                f"optim.{self.name}"
            )
        _check_fits(self.name, "the gradient", params, grad)
        for slot in state.slots:
            _check_fits(self.name, "the optimizer state", params, slot)
        count = state.count + 1
        new, slots = self._update(params, grad, state.slots, count)
        kept = tuple(_tree.map(_like, params, s) for s in slots)
        return _tree.map(_like, params, new), OptState(self.name, count, kept)

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        raise NotImplementedError

    def __repr__(self) -> str:
        hyper = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"optim.{self.name}({hyper})"


def _real(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _positive(name: str, **values: float) -> None:
    for key, v in values.items():
        if not (_real(v) and math.isfinite(v) and v > 0):
            raise ValueError(f"optim.{name}: {key} must be a positive number, got {v!r}")


def _decay(name: str, **values: float) -> None:
    for key, v in values.items():
        if not (_real(v) and 0 <= v < 1):
            raise ValueError(f"optim.{name}: {key} must lie in [0, 1), got {v!r}")


class _SGD(Optimizer[P]):
    name = "sgd"

    def __init__(self, rate: float) -> None:
        _positive(self.name, rate=rate)
        self.rate = rate

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        return _tree.axpy(-self.rate, grad, params), ()


class _Momentum(Optimizer[P]):
    name = "momentum"
    n_slots = 1

    def __init__(self, rate: float, beta: float) -> None:
        _positive(self.name, rate=rate)
        _decay(self.name, beta=beta)
        self.rate, self.beta = rate, beta

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        velocity = _tree.axpy(self.beta, slots[0], grad)
        return _tree.axpy(-self.rate, velocity, params), (velocity,)


class _Nesterov(_Momentum[P]):
    name = "nesterov"

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        rate, beta = self.rate, self.beta
        velocity = _tree.axpy(beta, slots[0], grad)
        # The look-ahead form: step along the gradient plus the next velocity.
        new = _tree.map(lambda p, g, v: p - rate * (g + beta * v), params, grad, velocity)
        return new, (velocity,)


class _Adagrad(Optimizer[P]):
    name = "adagrad"
    n_slots = 1

    def __init__(self, rate: float, eps: float) -> None:
        _positive(self.name, rate=rate, eps=eps)
        self.rate, self.eps = rate, eps

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        rate, eps = self.rate, self.eps
        total = _tree.map(lambda s, g: s + g * g, slots[0], grad)
        new = _tree.map(lambda p, g, s: p - rate * g / (_sqrt(s) + eps), params, grad, total)
        return new, (total,)


class _RMSProp(Optimizer[P]):
    name = "rmsprop"
    n_slots = 1

    def __init__(self, rate: float, decay: float, eps: float) -> None:
        _positive(self.name, rate=rate, eps=eps)
        _decay(self.name, decay=decay)
        self.rate, self.decay, self.eps = rate, decay, eps

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        rate, rho, eps = self.rate, self.decay, self.eps
        mean_sq = _tree.map(lambda s, g: rho * s + (1.0 - rho) * (g * g), slots[0], grad)
        new = _tree.map(lambda p, g, s: p - rate * g / (_sqrt(s) + eps), params, grad, mean_sq)
        return new, (mean_sq,)


def _adam_leaf(p: Any, m: Any, v: Any, step: float, c2: float, eps: float) -> Any:
    if not isinstance(p, np.ndarray):
        return p - step * m / (_sqrt(v / c2) + eps)
    # p - step * m / (sqrt(v / c2) + eps), with one buffer for the temporaries.
    out = np.divide(v, c2)
    np.sqrt(out, out=out)
    out += eps
    np.divide(m, out, out=out)
    out *= -step
    out += p
    return out


def _moment(decay: float, old: Any, new: Any) -> Any:
    """``decay * old + (1 - decay) * new``, with one new buffer for arrays."""
    if not isinstance(old, np.ndarray):
        return decay * old + (1.0 - decay) * new
    out = np.multiply(new, 1.0 - decay)
    out += decay * old
    return out


class _Adam(Optimizer[P]):
    name = "adam"
    n_slots = 2

    def __init__(self, rate: float, b1: float, b2: float, eps: float) -> None:
        _positive(self.name, rate=rate, eps=eps)
        _decay(self.name, b1=b1, b2=b2)
        self.rate, self.b1, self.b2, self.eps = rate, b1, b2, eps

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        b1, b2, eps = self.b1, self.b2, self.eps
        m = _tree.map(lambda m0, g: _moment(b1, m0, g), slots[0], grad)
        v = _tree.map(lambda v0, g: _moment(b2, v0, g * g), slots[1], grad)
        # Bias correction: the first moment's folded into the step size.
        step = self.rate / (1.0 - b1**t)
        c2 = 1.0 - b2**t
        new = _tree.map(lambda p, mi, vi: _adam_leaf(p, mi, vi, step, c2, eps), params, m, v)
        return new, (m, v)


class _AdaMax(_Adam[P]):
    name = "adamax"

    def _update(self, params: P, grad: P, slots: tuple[P, ...], t: int) -> tuple[P, tuple[P, ...]]:
        b1, b2, eps = self.b1, self.b2, self.eps
        m = _tree.map(lambda m0, g: _moment(b1, m0, g), slots[0], grad)
        u = _tree.map(lambda u0, g: np.maximum(b2 * u0, abs(g)), slots[1], grad)
        step = self.rate / (1.0 - b1**t)
        new = _tree.map(lambda p, mi, ui: p - step * mi / (ui + eps), params, m, u)
        return new, (m, u)


def sgd(rate: float) -> Optimizer[Any]:
    """Steepest descent: ``p - rate * g``.

    >>> from backprop import optim
    >>> opt = optim.sgd(0.1)
    >>> opt.step((1.0, 2.0), (10.0, -10.0), opt.init((1.0, 2.0)))[0]
    (0.0, 3.0)
    """
    return _SGD(rate)


def momentum(rate: float, beta: float = 0.9) -> Optimizer[Any]:
    """Gradient descent with momentum: ``v = beta * v + g``, then ``p - rate * v``.

    >>> from backprop import optim
    >>> opt = optim.momentum(0.1, beta=0.5)
    >>> p, s = opt.step(0.0, 1.0, opt.init(0.0))
    >>> opt.step(p, 1.0, s)[0]
    -0.25
    """
    return _Momentum(rate, beta)


def nesterov(rate: float, beta: float = 0.9) -> Optimizer[Any]:
    """Nesterov's accelerated gradient: ``v = beta * v + g``, then
    ``p - rate * (g + beta * v)`` (the look-ahead step).

    >>> from backprop import optim
    >>> opt = optim.nesterov(0.1, beta=0.5)
    >>> round(opt.step(0.0, 1.0, opt.init(0.0))[0], 12)
    -0.15
    """
    return _Nesterov(rate, beta)


def adagrad(rate: float = 0.01, eps: float = 1e-8) -> Optimizer[Any]:
    """AdaGrad: the sum of squared gradients ``s`` scales each component's
    step, ``p - rate * g / (sqrt(s) + eps)``.

    >>> from backprop import optim
    >>> opt = optim.adagrad(0.5)
    >>> round(opt.step(1.0, 4.0, opt.init(1.0))[0], 6)
    0.5
    """
    return _Adagrad(rate, eps)


def rmsprop(rate: float = 0.001, decay: float = 0.9, eps: float = 1e-8) -> Optimizer[Any]:
    """RMSProp: a running mean ``s = decay * s + (1 - decay) * g**2`` scales
    each component's step, ``p - rate * g / (sqrt(s) + eps)``.

    >>> from backprop import optim
    >>> opt = optim.rmsprop(0.1, decay=0.75)
    >>> round(opt.step(1.0, 2.0, opt.init(1.0))[0], 6)
    0.8
    """
    return _RMSProp(rate, decay, eps)


def adam(
    rate: float = 0.001, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8
) -> Optimizer[Any]:
    """Adam (Kingma and Ba 2015): running means of the gradient and of its
    square, bias-corrected, ``p - rate * m_hat / (sqrt(v_hat) + eps)``.

    >>> from backprop import optim
    >>> opt = optim.adam(0.1)
    >>> round(opt.step(1.0, 123.0, opt.init(1.0))[0], 9)  # the first step is rate * sign(g)
    0.9
    """
    return _Adam(rate, b1, b2, eps)


def adamax(
    rate: float = 0.002, b1: float = 0.9, b2: float = 0.999, eps: float = 1e-8
) -> Optimizer[Any]:
    """AdaMax (Kingma and Ba 2015, section 7.1): Adam with the infinity norm,
    ``u = max(b2 * u, |g|)`` per component, ``p - rate / (1 - b1**t) * m / (u + eps)``.

    ``eps`` keeps a component whose gradients were all zero at rest (the
    paper has none).

    >>> from backprop import optim
    >>> opt = optim.adamax(0.1)
    >>> round(opt.step(1.0, -5.0, opt.init(1.0))[0], 9)
    1.1
    """
    return _AdaMax(rate, b1, b2, eps)
