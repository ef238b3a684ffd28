"""``Op``: a differentiable function with its vector-Jacobian product
(Numeric.Backprop.Op), its constructors, runners and composition.

An ``Op[Args, B]`` wraps ``run_with(args) -> (b, vjp)`` where ``args`` is a
tuple and ``vjp(db)`` returns the tuple of gradients of the arguments: the
"scaled gradient" of the manual-gradients guide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

from ._class import add, one, zero
from ._runners import Differentiable, backprop_with
from ._typevars import A, B, C, D

if TYPE_CHECKING:
    from lenses.ui import UnboundLens

Args = TypeVar("Args", bound=tuple[Any, ...])


class Op(Generic[Args, B]):
    """A differentiable function from the tuple ``Args`` to ``B``.

    >>> import backprop as bp
    >>> square = bp.op1(lambda x: (x * x, lambda d: 2 * d * x))
    >>> bp.run_op(square, (3.0,))
    (9.0, (6.0,))
    """

    __slots__ = ("name", "run_with")

    def __init__(
        self,
        run_with: Callable[[Args], tuple[B, Callable[[B], Args]]],
        name: str = "Op",
    ) -> None:
        self.run_with = run_with
        self.name = name

    def __repr__(self) -> str:
        return f"<Op {self.name}>"


class _OpN(Op[tuple[A, ...], B]):
    """An Op of any number of inputs of one type, as ``op_n`` makes it.

    A class of its own so that ``lift_op`` takes any number of BVars for it
    and the exact number for an Op of a fixed tuple (pyright would let
    ``Op[tuple[float], float]`` pass for ``Op[tuple[float, ...], float]``).
    """

    __slots__ = ()


def _name(f: object, default: str) -> str:
    name = getattr(f, "__name__", default)
    return default if name == "<lambda>" else f"{default}({name})"


def _pair(name: str, got: Any) -> tuple[Any, Callable[[Any], Any]]:
    """What an Op's function returned, checked: ``(result, vjp)``."""
    if not (isinstance(got, tuple) and len(got) == 2 and callable(got[1])):
        what = (
            f"a tuple of {len(got)}" if isinstance(got, tuple) else f"a {type(got).__name__}"
        )
        raise TypeError(
            f"{name}: the function must return a pair (result, vjp) where vjp maps "
            f"the output gradient to the input gradients; it returned {what}: {got!r}"
        )
    return got


# --- running ------------------------------------------------------------------


def run_op(op: Op[Args, B], args: Args) -> tuple[B, Args]:
    """The result and the gradient of every argument, seeded with ``one``.

    >>> import backprop as bp
    >>> bp.run_op(bp.mul_op, (3.0, 5.0))
    (15.0, (5.0, 3.0))
    """
    out, vjp = op.run_with(args)
    return out, vjp(one(out))


def eval_op(op: Op[Args, B], args: Args) -> B:
    """The result of an Op (``evalOp``).

    >>> import backprop as bp
    >>> bp.eval_op(bp.mul_op, (3.0, 5.0))
    15.0
    """
    return op.run_with(args)[0]


def grad_op(op: Op[Args, B], args: Args) -> Args:
    """The gradient of every argument, seeded with ``one`` (``gradOp``).

    >>> import backprop as bp
    >>> bp.grad_op(bp.mul_op, (3.0, 5.0))
    (5.0, 3.0)
    """
    return run_op(op, args)[1]


def grad_op_with(op: Op[Args, B], args: Args, d: B) -> Args:
    """The gradient of every argument for the output gradient ``d`` (``gradOpWith``).

    >>> import backprop as bp
    >>> bp.grad_op_with(bp.mul_op, (3.0, 5.0), 2.0)
    (10.0, 6.0)
    """
    return op.run_with(args)[1](d)


# --- creation -------------------------------------------------------------------


def op0(x: B) -> Op[tuple[()], B]:
    """An Op of no inputs that always returns ``x`` (``op0``).

    >>> import backprop as bp
    >>> bp.run_op(bp.op0(10.0), ())
    (10.0, ())
    """
    return Op(lambda args: (x, lambda d: ()), "op0")


def op_const(x: B) -> Op[Any, B]:
    """An Op that ignores its inputs and returns ``x``; zero gradients (``opConst``).

    >>> import backprop as bp
    >>> bp.run_op(bp.op_const(10.0), (1.0, 2.0))
    (10.0, (0.0, 0.0))
    """

    def run_with(args: tuple[Any, ...]) -> tuple[B, Callable[[B], tuple[Any, ...]]]:
        return x, lambda d: tuple([zero(a) for a in args])

    return Op(run_with, "op_const")


def id_op() -> Op[tuple[A], A]:
    """The identity Op (``idOp``).

    >>> import backprop as bp
    >>> bp.run_op(bp.id_op(), (4.0,))
    (4.0, (1.0,))
    """
    return Op(lambda args: (args[0], lambda d: (d,)), "id_op")


def op1(f: Callable[[A], tuple[B, Callable[[B], A]]]) -> Op[tuple[A], B]:
    """An Op of one input from its forward function and vjp (``op1``).

    ``f(x)`` returns the result and a function from the output gradient to
    the input gradient.

    >>> import backprop as bp
    >>> square = bp.op1(lambda x: (x * x, lambda d: 2 * d * x))
    >>> bp.grad_op(square, (5.0,))
    (10.0,)
    """

    name = _name(f, "op1")

    def run_with(args: tuple[A]) -> tuple[B, Callable[[B], tuple[A]]]:
        out, vjp = _pair(name, f(args[0]))
        return out, lambda d: (vjp(d),)

    return Op(run_with, name)


def op2(
    f: Callable[[A, B], tuple[C, Callable[[C], tuple[A, B]]]],
) -> Op[tuple[A, B], C]:
    """An Op of two inputs from its forward function and vjp (``op2``).

    >>> import backprop as bp
    >>> mul = bp.op2(lambda x, y: (x * y, lambda d: (d * y, d * x)))
    >>> bp.run_op(mul, (3.0, 4.0))
    (12.0, (4.0, 3.0))
    """

    name = _name(f, "op2")

    def run_with(args: tuple[A, B]) -> tuple[C, Callable[[C], tuple[A, B]]]:
        return _pair(name, f(args[0], args[1]))

    return Op(run_with, name)


def op3(
    f: Callable[[A, B, C], tuple[D, Callable[[D], tuple[A, B, C]]]],
) -> Op[tuple[A, B, C], D]:
    """An Op of three inputs from its forward function and vjp (``op3``).

    >>> import backprop as bp
    >>> fma = bp.op3(lambda x, y, z: (x * y + z, lambda d: (d * y, d * x, d)))
    >>> bp.run_op(fma, (2.0, 3.0, 4.0))
    (10.0, (3.0, 2.0, 1.0))
    """

    name = _name(f, "op3")

    def run_with(args: tuple[A, B, C]) -> tuple[D, Callable[[D], tuple[A, B, C]]]:
        return _pair(name, f(args[0], args[1], args[2]))

    return Op(run_with, name)


def op_n(
    f: Callable[[tuple[A, ...]], tuple[B, Callable[[B], Sequence[A]]]],
) -> _OpN[A, B]:
    """An Op of any number of inputs of one type (``opN``).

    ``f`` receives the arguments as a tuple; its vjp returns a sequence of
    gradients in the same order.

    >>> import backprop as bp
    >>> total = bp.op_n(lambda xs: (sum(xs), lambda d: [d] * len(xs)))
    >>> bp.run_op(total, (1.0, 2.0, 3.0))
    (6.0, (1.0, 1.0, 1.0))
    """

    name = _name(f, "op_n")

    def run_with(args: tuple[A, ...]) -> tuple[B, Callable[[B], tuple[A, ...]]]:
        out, vjp = _pair(name, f(args))
        return out, lambda d: tuple(vjp(d))

    return _OpN(run_with, name)


def op_iso(to: Callable[[A], B], frm: Callable[[B], A]) -> Op[tuple[A], B]:
    """An Op from an isomorphism with derivative 1 (``opIso``).

    Only for structural isomorphisms (wrapping, reshaping), never numeric
    ones like exp/log.

    >>> import backprop as bp
    >>> wrap = bp.op_iso(lambda x: [x], lambda xs: xs[0])
    >>> bp.run_op(wrap, (2.0,))
    ([2.0], (1.0,))
    """
    return Op(lambda args: (to(args[0]), lambda d: (frm(d),)), _name(to, "op_iso"))


def op_iso2(to: Callable[[A, B], C], frm: Callable[[C], tuple[A, B]]) -> Op[tuple[A, B], C]:
    """An Op from an isomorphism between two values and one (``opIso2``).

    >>> import backprop as bp
    >>> pair = bp.op_iso2(lambda x, y: (x, y), lambda p: p)
    >>> bp.eval_op(pair, (1.0, 2.0))
    (1.0, 2.0)
    """
    return Op(lambda args: (to(args[0], args[1]), frm), _name(to, "op_iso2"))


def op_iso3(
    to: Callable[[A, B, C], D], frm: Callable[[D], tuple[A, B, C]]
) -> Op[tuple[A, B, C], D]:
    """An Op from an isomorphism between three values and one (``opIso3``).

    >>> import backprop as bp
    >>> triple = bp.op_iso3(lambda x, y, z: [x, y, z], lambda t: (t[0], t[1], t[2]))
    >>> bp.grad_op_with(triple, (1.0, 2.0, 3.0), [4.0, 5.0, 6.0])
    (4.0, 5.0, 6.0)
    """
    return Op(lambda args: (to(args[0], args[1], args[2]), frm), _name(to, "op_iso3"))


def op_iso_n(to: Callable[[Args], B], frm: Callable[[B], Args]) -> Op[Args, B]:
    """An Op from an isomorphism between a tuple of values and one (``opIsoN``).

    >>> import backprop as bp
    >>> to_list = bp.op_iso_n(lambda xs: list(xs), lambda ys: tuple(ys))
    >>> bp.run_op(to_list, (1.0, 2.0))
    ([1.0, 2.0], (1.0, 1.0))
    """
    return Op(lambda args: (to(args), frm), _name(to, "op_iso_n"))


def op_lens(l: UnboundLens[A, A, B, B]) -> Op[tuple[A], B]:
    """An Op that views the focus of a lens; its gradient is ``set l d (zero x)``.

    >>> import backprop as bp
    >>> from lenses import lens
    >>> bp.run_op(bp.op_lens(lens[1]), ((1.0, 2.0),))
    (2.0, ((0.0, 1.0),))
    """

    def run_with(args: tuple[A]) -> tuple[B, Callable[[B], tuple[A]]]:
        x = args[0]
        return l.get()(x), lambda d: (l.set(d)(zero(x)),)

    return Op(run_with, "op_lens")


def op_coerce(to_type: Callable[[A], B]) -> Op[tuple[A], B]:
    """An Op that retypes its input without changing it (``opCoerce``).

    ``to_type`` is a NewType (or any type whose constructor keeps the value);
    the gradient passes through unchanged.

    >>> from typing import NewType
    >>> import backprop as bp
    >>> Meters = NewType("Meters", float)
    >>> bp.run_op(bp.op_coerce(Meters), (2.0,))
    (2.0, (1.0,))
    """
    return Op(lambda args: (to_type(args[0]), lambda d: (d,)), "op_coerce")  # pyright: ignore[reportArgumentType, reportReturnType]


def op_tup() -> Op[Args, Args]:
    """An Op that returns its argument tuple itself (``opTup``).

    >>> import backprop as bp
    >>> bp.run_op(bp.op_tup(), (1.0, 2.0, 3.0))
    ((1.0, 2.0, 3.0), (1.0, 1.0, 1.0))
    """
    return Op(lambda args: (args, lambda d: d), "op_tup")


def _no_grad(name: str) -> NoReturn:
    raise ValueError(
        f"{name}: this Op has no gradient (it was made with {name}), but the "
        f"result depends on it. Use it only where no gradient is needed, or "
        f"give it one with op1/op2."
    )


def no_grad1(f: Callable[[A], B]) -> Op[tuple[A], B]:
    """An Op with no gradient: evaluating works, asking for its gradient raises.

    >>> import backprop as bp
    >>> r = bp.no_grad1(round)
    >>> bp.eval_op(r, (2.6,))
    3
    """
    return Op(lambda args: (f(args[0]), lambda d: _no_grad("no_grad1")), _name(f, "no_grad1"))


def no_grad(f: Callable[[Args], B]) -> Op[Args, B]:
    """An Op of a tuple of inputs with no gradient (``noGrad``).

    >>> import backprop as bp
    >>> biggest = bp.no_grad(lambda xs: max(xs))
    >>> bp.eval_op(biggest, (1.0, 5.0, 2.0))
    5.0
    """
    return Op(lambda args: (f(args), lambda d: _no_grad("no_grad")), _name(f, "no_grad"))


def bp_op(f: Differentiable[A, B]) -> Op[tuple[A], B]:
    """An Op from a function of BVars: its gradient is found by backprop.

    >>> import backprop as bp
    >>> cube = bp.bp_op(lambda x: x * x * x)
    >>> bp.run_op(cube, (2.0,))
    (8.0, (12.0,))
    """
    def run_with(args: tuple[A]) -> tuple[B, Callable[[B], tuple[A]]]:
        out, pull = backprop_with(f, args[0])
        return out, lambda d: (pull(d),)

    return Op(run_with, _name(f, "bp_op"))


# --- composition -----------------------------------------------------------------


def compose_op(ops: Sequence[Op[Args, Any]], o: Op[Any, C]) -> Op[Args, C]:
    """Feed the results of several Ops on the same inputs into ``o`` (``composeOp``).

    >>> import backprop as bp
    >>> both = bp.compose_op([bp.id_op(), bp.op1(lambda x: (x * x, lambda d: 2 * d * x))], bp.mul_op)
    >>> bp.run_op(both, (3.0,))
    (27.0, (27.0,))
    """
    ops = list(ops)

    def run_with(args: Args) -> tuple[C, Callable[[C], Args]]:
        results = [op.run_with(args) for op in ops]
        z, vjp = o.run_with(tuple(r[0] for r in results))

        def pull(d: C) -> Args:
            gys = vjp(d)
            total: list[Any] | None = None
            for (_, vjp_i), gy in zip(results, gys):
                gx = vjp_i(gy)
                total = list(gx) if total is None else [add(a, b) for a, b in zip(total, gx)]
            if total is None:
                return tuple([zero(a) for a in args])  # type: ignore[return-value]  # pyright: ignore[reportReturnType]
            return tuple(total)  # type: ignore[return-value]  # pyright: ignore[reportReturnType]

        return z, pull

    return Op(run_with, f"compose_op({o.name})")


def compose_op1(f: Op[Args, B], g: Op[tuple[B], C]) -> Op[Args, C]:
    """Pipe one Op into another, like function composition (``composeOp1``).

    >>> import backprop as bp
    >>> double = bp.op1(lambda x: (2 * x, lambda d: 2 * d))
    >>> bp.run_op(bp.compose_op1(bp.mul_op, double), (3.0, 4.0))
    (24.0, (8.0, 6.0))
    """
    return compose_op([f], g)
