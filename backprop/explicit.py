"""Numeric.Backprop.Explicit: the runners and lifts with explicit
``ZeroFunc`` / ``AddFunc`` / ``OneFunc`` arguments instead of the Backprop class.

Use it for a value type you cannot or do not want to register: the functions
you pass are used for that call only. A ``ZeroFunc`` gives the gradient of an
input the result does not depend on, a ``OneFunc`` seeds the output, and an
``AddFunc`` (given to a lift) adds up the gradients of an input used twice.

>>> import backprop.explicit as bpe
>>> bpe.backprop(bpe.zero_func(), bpe.one_func(), lambda x: x * x, 3.0)
(9.0, 6.0)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from ._class import add, one, zero
from ._lift import lift
from ._op import Op
from ._runners import Differentiable, Differentiable2, run, run_with
from ._tape import BVar
from ._typevars import A, B, C, S

__all__ = [
    "AddFunc",
    "OneFunc",
    "ZeroFunc",
    "add_func",
    "af_num",
    "backprop",
    "backprop2",
    "backprop_n",
    "backprop_with",
    "grad_bp",
    "lift_op",
    "lift_op1",
    "lift_op2",
    "of_num",
    "one_func",
    "zero_func",
    "zf_num",
]

_T = TypeVar("_T")

ZeroFunc = Callable[[A], A]
"""Makes the zero of a value's shape (``ZeroFunc a``)."""
AddFunc = Callable[[A, A], A]
"""Adds two gradients (``AddFunc a``)."""
OneFunc = Callable[[A], A]
"""Makes the one of a value's shape, the seed of the output (``OneFunc a``)."""


def zero_func() -> ZeroFunc[A]:
    """The ZeroFunc of the Backprop class (``zeroFunc``).

    >>> import backprop.explicit as bpe
    >>> bpe.zero_func()([1.0, 2.0])
    [0.0, 0.0]
    """
    return zero


def add_func() -> AddFunc[A]:
    """The AddFunc of the Backprop class (``addFunc``).

    >>> import backprop.explicit as bpe
    >>> bpe.add_func()(1.0, 2.0)
    3.0
    """
    return add


def one_func() -> OneFunc[A]:
    """The OneFunc of the Backprop class (``oneFunc``).

    >>> import backprop.explicit as bpe
    >>> bpe.one_func()((2.0, 3.0))
    (1.0, 1.0)
    """
    return one


def _times_zero(x: Any) -> Any:
    return x * 0


def _plus(x: Any, y: Any) -> Any:
    return x + y


def _times_zero_plus_one(x: Any) -> Any:
    return x * 0 + 1


class _NumFunc(Protocol):
    """A function of numbers or arrays giving one of the same type (``x * 0``)."""

    def __call__(self, x: _T, /) -> _T: ...


class _NumAdd(Protocol):
    """Adds two numbers or arrays of one type."""

    def __call__(self, x: _T, y: _T, /) -> _T: ...


# The *_num functions are generic functions, so they fit a ZeroFunc[A] of the
# caller's type (a ZeroFunc[Any] would make the gradient's type Any).


def zf_num() -> _NumFunc:
    """A ZeroFunc for numbers and arrays: ``x * 0`` (``zfNum``).

    >>> import backprop.explicit as bpe
    >>> bpe.zf_num()(4.0)
    0.0
    """
    return _times_zero


def af_num() -> _NumAdd:
    """An AddFunc for numbers and arrays: ``x + y`` (``afNum``).

    >>> import backprop.explicit as bpe
    >>> bpe.af_num()(1.0, 2.0)
    3.0
    """
    return _plus


def of_num() -> _NumFunc:
    """A OneFunc for numbers and arrays: ``x * 0 + 1`` (``ofNum``).

    >>> import backprop.explicit as bpe
    >>> bpe.of_num()(4.0)
    1.0
    """
    return _times_zero_plus_one


def backprop(zf: ZeroFunc[A], of: OneFunc[B], f: Differentiable[A, B], x: A) -> tuple[B, A]:
    """``backprop`` with an explicit zero for the input and one for the output.

    >>> import backprop.explicit as bpe
    >>> bpe.backprop(bpe.zf_num(), bpe.of_num(), lambda x: x * 2.0, 1.0)
    (2.0, 2.0)
    """
    value, (g,) = run("backprop", f, (x,), (zf,), of)
    return value, g


def grad_bp(zf: ZeroFunc[A], of: OneFunc[B], f: Differentiable[A, B], x: A) -> A:
    """``grad_bp`` with explicit zero and one.

    >>> import backprop.explicit as bpe
    >>> bpe.grad_bp(bpe.zf_num(), bpe.of_num(), lambda x: x * x, 3.0)
    6.0
    """
    return backprop(zf, of, f, x)[1]


def backprop_with(zf: ZeroFunc[A], f: Differentiable[A, B], x: A) -> tuple[B, Callable[[B], A]]:
    """``backprop_with`` with an explicit zero for the input.

    >>> import backprop.explicit as bpe
    >>> y, pull = bpe.backprop_with(bpe.zf_num(), lambda x: x * x, 3.0)
    >>> y, pull(2.0)
    (9.0, 12.0)
    """
    value, grad_with = run_with("backprop_with", f, (x,), (zf,))
    return value, lambda g: grad_with(g)[0]


def backprop2(
    zfa: ZeroFunc[A],
    zfb: ZeroFunc[B],
    of: OneFunc[C],
    f: Differentiable2[A, B, C],
    x: A,
    y: B,
) -> tuple[C, tuple[A, B]]:
    """``backprop2`` with explicit zeros and one.

    >>> import backprop.explicit as bpe
    >>> bpe.backprop2(bpe.zf_num(), bpe.zf_num(), bpe.of_num(), lambda x, y: x * y, 2.0, 5.0)
    (10.0, (5.0, 2.0))
    """
    value, (gx, gy) = run("backprop2", f, (x, y), (zfa, zfb), of)
    return value, (gx, gy)


def backprop_n(
    zfs: Sequence[ZeroFunc[Any]],
    of: OneFunc[B],
    f: Callable[..., BVar[Any, B]],
    xs: tuple[Any, ...],
) -> tuple[B, tuple[Any, ...]]:
    """``backprop_n`` with one explicit zero per input.

    >>> import backprop.explicit as bpe
    >>> z = bpe.zf_num()
    >>> bpe.backprop_n([z, z, z], bpe.of_num(), lambda x, y, w: x * y * w, (1.0, 2.0, 3.0))
    (6.0, (6.0, 3.0, 2.0))
    """
    if len(zfs) != len(xs):
        raise ValueError(f"backprop_n: {len(zfs)} ZeroFuncs given for {len(xs)} inputs")
    value, grads = run("backprop_n", f, xs, zfs, of)
    return value, tuple(grads)


def lift_op1(af: AddFunc[A], op: Op[tuple[A], B], x: BVar[S, A]) -> BVar[S, B]:
    """``lift_op1`` with the AddFunc used to accumulate ``x``'s gradients.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> sq = bp.op1(lambda x: (x * x, lambda d: 2 * d * x))
    >>> bpe.grad_bp(bpe.zf_num(), bpe.of_num(), lambda x: bpe.lift_op1(bpe.af_num(), sq, x), 3.0)
    6.0
    """
    return lift(op, (x,), (af,))


def lift_op2(
    afa: AddFunc[A],
    afb: AddFunc[B],
    op: Op[tuple[A, B], C],
    x: BVar[S, A],
    y: BVar[S, B],
) -> BVar[S, C]:
    """``lift_op2`` with an AddFunc per input.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> a = bpe.af_num()
    >>> bp.grad_bp2(lambda x, y: bpe.lift_op2(a, a, bp.mul_op, x, y), 2.0, 5.0)
    (5.0, 2.0)
    """
    return lift(op, (x, y), (afa, afb))


def lift_op(afs: Sequence[AddFunc[Any]], op: Op[Any, B], *xs: BVar[S, Any]) -> BVar[S, B]:
    """``lift_op`` with an AddFunc per input.

    >>> import backprop as bp
    >>> import backprop.explicit as bpe
    >>> a = bpe.af_num()
    >>> bp.grad_bp(lambda x: bpe.lift_op([a, a], bp.mul_op, x, x), 3.0)
    6.0
    """
    if len(afs) != len(xs):
        raise ValueError(f"lift_op: {len(afs)} AddFuncs given for {len(xs)} inputs")
    return lift(op, xs, afs)
