"""Per-node cost: a long scalar float chain, and a chain of ``bnp.sin`` on a small array.

The scalar chain repeats ``y = y*1.0001 + 0.5*x; y = y - 0.1*y*y/(1 + y*y)``
(starting from ``y = x``) and differentiates the final ``y`` with respect to
``x``. The issue counts 7 operations per step; the tape records 9 (``0.1*y*y``
is two products), and both figures are printed. The sin chain applies
``sin`` 200 times to a 10-element array and differentiates the sum.

>>> import numpy as np
>>> groups = chain_groups(Peers(), steps=3, sins=4, width=2)
>>> [g.key for g in groups]
['scalar-chain', 'sin-chain']
"""

from __future__ import annotations

from typing import Any, TypeVar

import numpy as np
from numpy.typing import NDArray

import backprop as bp
import backprop.numpy as bnp
from backprop import BVar

from .harness import Case, Group, Target, as_arrays, tape_nodes
from .peers import Peers

__all__ = [
    "OPS_PER_STEP",
    "chain_groups",
    "scalar_chain",
    "scalar_chain_manual",
    "sin_chain",
    "sin_chain_manual",
]

S = TypeVar("S")
Vector = NDArray[np.float64]

OPS_PER_STEP = 7  # as the issue counts them: 1,000 steps are "7,000 nodes"
X0 = 0.3


def scalar_chain(x: BVar[S, float], steps: int) -> BVar[S, float]:
    """The scalar chain on the tape.

    >>> import math, backprop as bp
    >>> math.isclose(bp.grad_bp(lambda x: scalar_chain(x, 1), 0.3), scalar_chain_manual(0.3, 1)[1])
    True
    """
    y = x
    for _ in range(steps):
        y = y * 1.0001 + 0.5 * x
        y = y - 0.1 * y * y / (1.0 + y * y)
    return y


def _scalar_chain_plain(x: Any, steps: int) -> Any:
    # The same code as scalar_chain, for plain floats, autograd's boxes and torch's tensors.
    y = x
    for _ in range(steps):
        y = y * 1.0001 + 0.5 * x
        y = y - 0.1 * y * y / (1.0 + y * y)
    return y


def scalar_chain_manual(x: float, steps: int) -> tuple[float, float]:
    """The chain in plain Python floats, with its derivative carried by hand (forward mode).

    >>> y, dy = scalar_chain_manual(0.3, 1)
    >>> round(dy, 4)
    1.4067
    """
    y, dy = x, 1.0
    for _ in range(steps):
        y, dy = y * 1.0001 + 0.5 * x, dy * 1.0001 + 0.5
        den = 1.0 + y * y
        # d/dy (y - 0.1 y^2 / (1 + y^2)) = 1 - 0.2 y / (1 + y^2)^2
        y, dy = y - 0.1 * y * y / den, dy * (1.0 - 0.2 * y / (den * den))
    return y, dy


def sin_chain(x: BVar[S, Vector], sins: int) -> BVar[S, float]:
    """``sum(sin(sin(...sin(x))))`` with ``sins`` sines, on the tape.

    >>> import numpy as np, backprop as bp
    >>> g = bp.grad_bp(lambda x: sin_chain(x, 2), np.array([0.5]))
    >>> bool(np.allclose(g, sin_chain_manual(np.array([0.5]), 2)))
    True
    """
    y = x
    for _ in range(sins):
        y = bnp.sin(y)
    return bnp.sum(y)


def sin_chain_manual(x: Vector, sins: int) -> Vector:
    """The gradient of ``sin_chain`` in plain numpy: forward, then the cosines backwards.

    >>> import numpy as np
    >>> sin_chain_manual(np.array([0.0]), 3)
    array([1.])
    """
    inputs = []
    y = x
    for _ in range(sins):
        inputs.append(y)
        y = np.sin(y)
    g = np.ones_like(x)
    for v in reversed(inputs):
        g = g * np.cos(v)
    return g


def _sin_chain_forward(x: Vector, sins: int) -> float:
    y = x
    for _ in range(sins):
        y = np.sin(y)
    return float(y.sum())


def _scalar_group(peers: Peers, steps: int) -> Group:
    def f(x: BVar[S, float]) -> BVar[S, float]:
        return scalar_chain(x, steps)

    cases: list[Case[Any]] = [
        Case("backprop", lambda: bp.grad_bp(f, X0), as_arrays, nodes=tape_nodes(f, X0)),
        Case("python", lambda: scalar_chain_manual(X0, steps)[1], as_arrays),
        Case(
            "python value",
            lambda: _scalar_chain_plain(X0, steps),
            as_arrays,
            reference=True,
        ),
    ]
    if peers.autograd is not None:
        ag = peers.autograd.grad(lambda x: _scalar_chain_plain(x, steps))
        cases.append(Case("autograd", lambda: ag(X0), as_arrays))
    target = Target(us_per_op=2.0)
    baseline = "python"
    if peers.torch is not None:
        torch = peers.torch
        xt = torch.tensor(X0, dtype=torch.float64, requires_grad=True)

        def torch_grad() -> Any:
            return torch.autograd.grad(_scalar_chain_plain(xt, steps), xt)[0]

        cases.append(Case("torch", torch_grad, lambda g: [float(g)]))
        baseline = "torch"
        target = Target(ratio=0.25, us_per_op=2.0)
    return Group(
        "scalar-chain",
        f"scalar chain, {steps * OPS_PER_STEP} ops",
        baseline,
        cases,
        ops=steps * OPS_PER_STEP,
        targets={"backprop": target},
    )


def _sin_group(peers: Peers, sins: int, width: int) -> Group:
    x = np.linspace(0.1, 1.0, width)

    def f(v: BVar[S, Vector]) -> BVar[S, float]:
        return sin_chain(v, sins)

    cases: list[Case[Any]] = [
        Case("numpy", lambda: sin_chain_manual(x, sins), as_arrays),
        Case("backprop", lambda: bp.grad_bp(f, x), as_arrays, nodes=tape_nodes(f, x)),
        Case("numpy value", lambda: _sin_chain_forward(x, sins), as_arrays, reference=True),
    ]
    if peers.autograd is not None:
        anp = peers.anp

        def chain(v: Any) -> Any:
            for _ in range(sins):
                v = anp.sin(v)
            return anp.sum(v)

        ag = peers.autograd.grad(chain)
        cases.append(Case("autograd", lambda: ag(x), as_arrays))
    if peers.torch is not None:
        torch = peers.torch
        xt = torch.tensor(x, requires_grad=True)

        def torch_grad() -> Any:
            y = xt
            for _ in range(sins):
                y = torch.sin(y)
            return torch.autograd.grad(y.sum(), xt)[0]

        cases.append(Case("torch", torch_grad, lambda g: [g.numpy()]))
    return Group(
        "sin-chain",
        f"{sins} x sin, {width} elements",
        "numpy",
        cases,
        ops=sins,
        targets={"backprop": Target(us_per_op=2.0)},
    )


def chain_groups(peers: Peers, steps: int = 1000, sins: int = 200, width: int = 10) -> list[Group]:
    """The scalar chain (``steps`` steps; against PyTorch when installed,
    else plain Python) and the sin chain (against plain numpy).

    >>> [g.baseline for g in chain_groups(Peers(), steps=2, sins=2, width=3)]
    ['python', 'numpy']
    """
    return [_scalar_group(peers, steps), _sin_group(peers, sins, width)]
