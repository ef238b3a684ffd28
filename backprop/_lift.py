"""Putting values and Ops on the tape: constants, coercions, isomorphisms
and ``lift_op*`` (the extension API a library author uses)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast, overload

import numpy as np
from typing_extensions import TypeVar

from ._op import Op, _OpN
from ._rules.core import plain
from ._tape import BVar, const, record, tape_of, values
from ._typevars import A, B, C, D, E, S

if TYPE_CHECKING:
    from ._tape import ConstVar

# The scope a constant is given: the one its context asks for
# (`c: BVar[S, float] = const_var(2.0)`), else Any, which fits every scope.
_SC = TypeVar("_SC", default=Any)


def const_var(x: A) -> ConstVar[_SC, A]:
    """A constant BVar: it gets no gradient and creates no tape node (``constVar``).

    >>> import backprop as bp
    >>> bp.grad_bp(lambda x: x * bp.const_var(3.0), 2.0)
    3.0
    """
    return cast("ConstVar[_SC, A]", const(x))


def auto(x: A) -> ConstVar[_SC, A]:
    """Same as ``const_var`` (``auto``).

    >>> import backprop as bp
    >>> bp.auto(5.0).value
    5.0
    """
    return cast("ConstVar[_SC, A]", const(x))


def coerce_var(x: BVar[S, A], to_type: Callable[[A], B]) -> BVar[S, B]:
    """Retype a BVar (a NewType wrap or unwrap); no runtime node (``coerceVar``).

    >>> from typing import NewType
    >>> import backprop as bp
    >>> Meters = NewType("Meters", float)
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, Meters]:
    ...     return bp.coerce_var(x * 2.0, Meters)
    >>> bp.backprop(f, 1.5)
    (3.0, 2.0)
    """
    if type(x) is not BVar:
        raise TypeError(f"coerce_var: expected a BVar, got {type(x).__name__}")
    tape_of("coerce_var", (x,))  # a leaked BVar fails here, not at its next use
    return x  # type: ignore[return-value]  # pyright: ignore[reportReturnType]


def _iso_vjp(g: Any, frm: Callable[[Any], Any]) -> Any:
    return frm(g)


def _iso_vjp_n(g: Any, frm: Callable[[Any], Any]) -> Any:
    return tuple(frm(g))


def iso_var(f: Callable[[A], B], g: Callable[[B], A], x: BVar[S, A]) -> BVar[S, B]:
    """Apply an isomorphism with derivative 1 (``isoVar``).

    ``g`` maps the gradient back; only for structural isomorphisms.

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, list[float]]:
    ...     return bp.iso_var(lambda v: [v], lambda vs: vs[0], x)
    >>> bp.backprop(f, 2.0)
    ([2.0], 1.0)
    """
    tape = tape_of("iso_var", (x,))
    (xv,), parents = values(tape, (x,))
    out = f(xv)
    if tape is None:
        return const(out)
    return record(tape, out, parents, (_iso_vjp,), g)


def iso_var_n(
    f: Callable[..., B], g: Callable[[B], Sequence[Any]], *xs: BVar[S, Any]
) -> BVar[S, B]:
    """Apply an isomorphism between N values and one (``isoVarN``).

    ``f`` takes the N values positionally; ``g`` returns their N gradients.

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float], y: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, tuple[float, float]]:
    ...     return bp.iso_var_n(lambda a, b: (a, b), lambda t: t, x, y * 2.0)
    >>> bp.backprop2(f, 1.0, 3.0)
    ((1.0, 6.0), (1.0, 2.0))
    """
    tape = tape_of("iso_var_n", xs)
    vals, parents = values(tape, xs)
    out = f(*vals)
    if tape is None:
        return const(out)
    return record(tape, out, parents, _iso_vjp_n, g)


def iso_var2(
    f: Callable[[A, B], C],
    g: Callable[[C], tuple[A, B]],
    x: BVar[S, A],
    y: BVar[S, B],
) -> BVar[S, C]:
    """Apply an isomorphism between two values and one (``isoVar2``).

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float], y: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, complex]:
    ...     return bp.iso_var2(complex, lambda z: (z.real, z.imag), x, y)
    >>> bp.eval_bp2(f, 1.0, 2.0)
    (1+2j)
    """
    return iso_var_n(f, g, x, y)


def iso_var3(
    f: Callable[[A, B, C], D],
    g: Callable[[D], tuple[A, B, C]],
    x: BVar[S, A],
    y: BVar[S, B],
    z: BVar[S, C],
) -> BVar[S, D]:
    """Apply an isomorphism between three values and one (``isoVar3``).

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, list[float]]:
    ...     return bp.iso_var3(lambda a, b, c: [a, b, c], lambda t: (t[0], t[1], t[2]), x, x, x)
    >>> bp.backprop(f, 1.0)
    ([1.0, 1.0, 1.0], 3.0)
    """
    return iso_var_n(f, g, x, y, z)


# --- lift_op ------------------------------------------------------------------


def _describe(x: Any) -> str:
    x = plain(x)
    if isinstance(x, np.ndarray):
        return f"{'a complex' if np.iscomplexobj(x) else 'an'} array of shape {x.shape}"
    if isinstance(x, (tuple, list)):
        return f"a {type(x).__name__} of length {len(x)}"
    return f"a value of type {type(x).__name__}"


def _gradient_mismatch(x: Any, g: Any) -> bool:
    x, g = plain(x), plain(g)
    if type(x) is np.ndarray and type(g) is np.ndarray:  # the common case, cheaply
        return bool(g.shape != x.shape or (g.dtype.kind == "c" and x.dtype.kind != "c"))
    if g is None:
        return x is not None
    if (
        isinstance(g, (complex, np.complexfloating, np.ndarray))
        and np.iscomplexobj(g)
        and isinstance(x, (float, np.floating, np.ndarray))
        and not np.iscomplexobj(x)
    ):
        return True  # a real input gets a real gradient
    if isinstance(x, np.ndarray):
        return np.shape(g) != x.shape or not isinstance(g, (np.ndarray, np.generic))
    if isinstance(x, (int, float, complex, np.number)):
        return not isinstance(g, (int, float, complex, np.number)) and not (
            isinstance(g, np.ndarray) and g.ndim == 0
        )
    if isinstance(x, (tuple, list)):
        return not isinstance(g, type(x) if type(x) is list else tuple) or len(g) != len(x)
    return not isinstance(g, type(x))


def _not_twice(name: str, part: str, e: Exception) -> TypeError:
    return TypeError(
        f"lift_op: Op {name!r} cannot be differentiated a second time: its {part} "
        f"computes with plain numbers (math, np.asarray, float(), .item()...), and "
        f"here its values are BVars of an enclosing backprop call. Write its "
        f"function and vjp with BVar arithmetic and backprop.numpy (they then work "
        f"on plain values too), or build it from two Ops, one for its vjp. ({e})"
    )


class _LiftedVjp:
    """The backward rule of a lifted Op: run its vjp, check what it returns."""

    __slots__ = ("name", "nested", "pull", "values")

    def __init__(
        self, name: str, pull: Callable[[Any], Any], values: list[Any], nested: bool
    ) -> None:
        self.name = name
        self.pull = pull
        self.values = values
        self.nested = nested  # some value is a BVar of an enclosing call

    def __call__(self, g: Any, payload: Any) -> Any:
        try:
            grads = self.pull(g)
        except (TypeError, AttributeError) as e:
            if self.nested or type(g) is BVar:
                raise _not_twice(self.name, "vjp", e) from e
            raise
        n = len(self.values)
        if not isinstance(grads, (tuple, list)) or len(grads) != n:
            raise TypeError(
                f"lift_op: Op {self.name!r} must return a tuple of {n} "
                f"gradient(s), got {_describe(grads)}"
            )
        for k, (x, gk) in enumerate(zip(self.values, grads)):
            if _gradient_mismatch(x, gk):
                raise TypeError(
                    f"lift_op: Op {self.name!r} returned a gradient that does "
                    f"not fit argument {k}: the argument is {_describe(x)}, "
                    f"the gradient is {_describe(gk)}"
                )
        return grads


def lift(
    op: Op[Any, B],
    xs: Sequence[Any],
    adders: Sequence[Callable[[Any, Any], Any] | None] = (),
) -> BVar[Any, B]:
    """Apply ``op`` to BVars (or plain constants); the shared core of ``lift_op*``."""
    if not isinstance(op, Op):
        raise TypeError(f"lift_op: expected an Op, got {type(op).__name__}")
    tape = tape_of(f"lift_op({op.name})", tuple(xs))
    vals, parents = values(tape, xs)
    nested = BVar in map(type, vals)
    try:
        out, pull = op.run_with(tuple(vals))
    except (TypeError, AttributeError) as e:
        if nested:
            raise _not_twice(op.name, "function", e) from e
        raise
    if tape is None:
        return const(out)
    for j, adder in zip(parents, adders):
        if adder is not None and j >= 0:
            tape.adders[j] = adder
    return record(tape, out, parents, _LiftedVjp(op.name, pull, vals, nested), None)


def lift_op1(op: Op[tuple[A], B], x: BVar[S, A]) -> BVar[S, B]:
    """Apply an Op of one input to a BVar (``liftOp1``).

    >>> import backprop as bp
    >>> square = bp.op1(lambda x: (x * x, lambda d: 2 * d * x))
    >>> bp.grad_bp(lambda x: bp.lift_op1(square, x), 3.0)
    6.0
    """
    return lift(op, (x,))


def lift_op2(op: Op[tuple[A, B], C], x: BVar[S, A], y: BVar[S, B]) -> BVar[S, C]:
    """Apply an Op of two inputs to two BVars (``liftOp2``).

    >>> import backprop as bp
    >>> bp.grad_bp2(lambda x, y: bp.lift_op2(bp.mul_op, x, y), 3.0, 4.0)
    (4.0, 3.0)
    """
    return lift(op, (x, y))


def lift_op3(op: Op[tuple[A, B, C], D], x: BVar[S, A], y: BVar[S, B], z: BVar[S, C]) -> BVar[S, D]:
    """Apply an Op of three inputs to three BVars (``liftOp3``).

    >>> import backprop as bp
    >>> fma = bp.op3(lambda x, y, z: (x * y + z, lambda d: (d * y, d * x, d)))
    >>> bp.grad_bp_n(lambda x, y, z: bp.lift_op3(fma, x, y, z), (2.0, 3.0, 4.0))
    (3.0, 2.0, 1.0)
    """
    return lift(op, (x, y, z))


@overload
def lift_op(op: Op[tuple[()], B], /) -> ConstVar[Any, B]: ...
@overload
def lift_op(op: _OpN[A, B], /, *xs: BVar[S, A]) -> BVar[S, B]: ...
@overload
def lift_op(op: Op[tuple[A], B], x: BVar[S, A], /) -> BVar[S, B]: ...
@overload
def lift_op(op: Op[tuple[A, B], C], x: BVar[S, A], y: BVar[S, B], /) -> BVar[S, C]: ...
@overload
def lift_op(
    op: Op[tuple[A, B, C], D], x: BVar[S, A], y: BVar[S, B], z: BVar[S, C], /
) -> BVar[S, D]: ...
@overload
def lift_op(
    op: Op[tuple[A, B, C, D], E], x: BVar[S, A], y: BVar[S, B], z: BVar[S, C], w: BVar[S, D], /
) -> BVar[S, E]: ...
def lift_op(op: Op[Any, Any], /, *xs: BVar[Any, Any]) -> BVar[Any, Any]:
    """Apply an Op of any number of inputs to BVars (``liftOp``).

    The number of BVars must be the Op's: an Op of a fixed tuple of one to
    four arguments (``op0``, ``op1``, ``op2``, ...) takes that many, one
    made by ``op_n`` any number.

    >>> import backprop as bp
    >>> total = bp.op_n(lambda xs: (sum(xs), lambda d: [d] * len(xs)))
    >>> bp.grad_bp_n(lambda x, y, z: bp.lift_op(total, x, y, z), (1.0, 2.0, 3.0))
    (1.0, 1.0, 1.0)
    """
    return lift(op, xs)
