"""The runners: ``backprop``, ``eval_bp``, ``grad_bp``, ``backprop_with`` and
their ``2`` and ``_n`` forms.

Each call makes its own tape, so nothing is global and threads never share
one. The function ``f`` must be generic in the scope ``S`` (a rank-2 type):
the callback Protocols below have a method-level ``S``, so mypy rejects a
function fixed to one scope, and so a BVar of another call.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol, overload

import numpy as np
from typing_extensions import Never

from ._class import instance
from ._registry import flatten, unflatten
from ._rules.core import foreign
from ._tape import BVar, ScopeError, Tape, const, live_tapes
from ._typevars import A, B, C, D, E, F, G, H, I, S

ZeroFn = Callable[[Any], Any]
OneFn = Callable[[Any], Any]


class Differentiable(Protocol[A, B]):
    """A function of one BVar, generic in the scope: ``forall s. BVar s a -> BVar s b``.

    The type of ``f`` in ``backprop(f, x)`` and the other one-input runners.
    Annotate a function that returns a model function with it:

    >>> import backprop as bp
    >>> def scaled(k: float) -> bp.Differentiable[float, float]:
    ...     def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
    ...         return x * k
    ...     return f
    >>> bp.grad_bp(scaled(3.0), 1.0)
    3.0
    """

    def __call__(self, x: BVar[S, A], /) -> BVar[S, B]: ...


class Differentiable2(Protocol[A, B, C]):
    """A function of two BVars, generic in the scope.

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float], y: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
    ...     return x * y
    >>> g: bp.Differentiable2[float, float, float] = f
    >>> bp.grad_bp2(g, 3.0, 4.0)
    (4.0, 3.0)
    """

    def __call__(self, x: BVar[S, A], y: BVar[S, B], /) -> BVar[S, C]: ...


class Differentiable3(Protocol[A, B, C, D]):
    """A function of three BVars, generic in the scope.

    >>> import backprop as bp
    >>> def f(
    ...     x: bp.BVar[bp.S, float], y: bp.BVar[bp.S, float], z: bp.BVar[bp.S, float]
    ... ) -> bp.BVar[bp.S, float]:
    ...     return x * y + z
    >>> g: bp.Differentiable3[float, float, float, float] = f
    >>> bp.grad_bp_n(g, (2.0, 3.0, 4.0))
    (3.0, 2.0, 1.0)
    """

    def __call__(self, x: BVar[S, A], y: BVar[S, B], z: BVar[S, C], /) -> BVar[S, D]: ...


class Differentiable4(Protocol[A, B, C, D, E]):
    """A function of four BVars, generic in the scope.

    >>> import backprop as bp
    >>> def f(
    ...     a: bp.BVar[bp.S, float],
    ...     b: bp.BVar[bp.S, float],
    ...     c: bp.BVar[bp.S, float],
    ...     d: bp.BVar[bp.S, float],
    ... ) -> bp.BVar[bp.S, float]:
    ...     return a * b + c * d
    >>> g: bp.Differentiable4[float, float, float, float, float] = f
    >>> bp.grad_bp_n(g, (1.0, 2.0, 3.0, 4.0))
    (2.0, 1.0, 4.0, 3.0)
    """

    def __call__(
        self, x: BVar[S, A], y: BVar[S, B], z: BVar[S, C], w: BVar[S, D], /
    ) -> BVar[S, E]: ...


class _Differentiable5(Protocol[A, B, C, D, E, F]):
    """A function of 5 BVars, generic in the scope (the ``_n`` runners)."""

    def __call__(
        self, a: BVar[S, A], b: BVar[S, B], c: BVar[S, C], d: BVar[S, D], e: BVar[S, E], /
    ) -> BVar[S, F]: ...


class _Differentiable6(Protocol[A, B, C, D, E, F, G]):
    """A function of 6 BVars, generic in the scope (the ``_n`` runners)."""

    def __call__(
        self,
        a: BVar[S, A],
        b: BVar[S, B],
        c: BVar[S, C],
        d: BVar[S, D],
        e: BVar[S, E],
        f: BVar[S, F],
        /,
    ) -> BVar[S, G]: ...


class _Differentiable7(Protocol[A, B, C, D, E, F, G, H]):
    """A function of 7 BVars, generic in the scope (the ``_n`` runners)."""

    def __call__(
        self,
        a: BVar[S, A],
        b: BVar[S, B],
        c: BVar[S, C],
        d: BVar[S, D],
        e: BVar[S, E],
        f: BVar[S, F],
        g: BVar[S, G],
        /,
    ) -> BVar[S, H]: ...


class _Differentiable8(Protocol[A, B, C, D, E, F, G, H, I]):
    """A function of 8 BVars, generic in the scope (the ``_n`` runners)."""

    def __call__(
        self,
        a: BVar[S, A],
        b: BVar[S, B],
        c: BVar[S, C],
        d: BVar[S, D],
        e: BVar[S, E],
        f: BVar[S, F],
        g: BVar[S, G],
        h: BVar[S, H],
        /,
    ) -> BVar[S, I]: ...


class Differentiable0(Protocol[B]):
    """A computation of no inputs (for ``eval_bp0``).

    With no input it can only combine constants, so its result is of no
    call's scope: ``BVar[Never, B]`` (a BVar of an enclosing call, captured
    by a closure, is refused). A lambda fits, and so does a ``def``
    annotated ``-> BVar[Never, B]`` (``-> BVar[S, B]`` fits under mypy only:
    pyright cannot solve a type variable that only the result mentions).

    >>> from typing_extensions import Never
    >>> import backprop as bp
    >>> def f() -> bp.BVar[Never, float]:
    ...     return bp.const_var(2.0) * 3.0
    >>> g: bp.Differentiable0[float] = f
    >>> bp.eval_bp0(g)
    6.0
    """

    def __call__(self) -> BVar[Never, B]: ...


def _class_zero(x: Any) -> Any:
    return instance(type(x)).zero(x)


def _class_one(x: Any) -> Any:
    return instance(type(x)).one(x)


def _not_bvar(name: str, out: object) -> TypeError:
    return TypeError(
        f"{name}: the function must return a BVar, got "
        f"{type(out).__name__} (wrap a constant result in const_var)"
    )


def _other_call(name: str) -> ScopeError:
    return ScopeError(
        f"{name}: the function returned a BVar of another backprop call (it escaped its scope)"
    )


def _check_out(name: str, out: object, tape: Tape) -> BVar[Any, Any]:
    if type(out) is not BVar:
        raise _not_bvar(name, out)
    t = out._tape
    if t is not None and t is not tape and not (t.live and t.encloses(tape)):
        raise _other_call(name)
    return out


def _value(name: str, out: object) -> Any:
    """The value of the BVar ``f`` returned in an ``eval_bp*``.

    Its inputs are constants, so a result on a tape came from an enclosing
    call (a nested derivative: the result is that BVar itself) or escaped
    another call (reading it would drop that call's gradient: an error).
    """
    if type(out) is not BVar:
        raise _not_bvar(name, out)
    t = out._tape
    if t is None:
        return out._value
    if t.live and t in live_tapes():
        return out
    raise _other_call(name)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a tape is built and walked.

    A tape is many small acyclic objects: the collector would walk them again
    and again while they are made (a quarter of the forward pass of scalar
    code) and can reclaim nothing among them. Reference counting still frees
    everything as usual. If several threads overlap, the collector is resumed
    by the one that paused it.
    """
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def forward(name: str, f: Callable[..., Any], xs: Sequence[Any]) -> tuple[Tape, BVar[Any, Any]]:
    """Run ``f`` on fresh input BVars; the tape is closed for new nodes after."""
    for x in xs:
        _check_input(name, x)
    tape = Tape()
    inputs = [tape.input(x) for x in xs]
    try:
        with tape:
            out = _check_out(name, f(*inputs), tape)
    except BaseException:
        tape.close()
        raise
    tape.live = False
    return tape, out


def _check_input(name: str, x: Any) -> None:
    if (
        type(x) is bool
        or isinstance(x, np.bool_)
        or (type(x) is np.ndarray and x.dtype == np.bool_)
    ):
        raise TypeError(
            f"{name}: a bool input cannot be differentiated (got {x!r}); pass a float, "
            f"or close over the flag as a constant"
        )
    e = foreign(name, x)
    if e is not None:
        raise e


def _what(v: Any) -> str:
    if isinstance(v, np.ndarray):
        return f"an array of shape {v.shape}"
    got = flatten(v)
    size = f" of {len(got[1])} children" if got is not None and v is not None else ""
    return f"a {type(v).__name__}{size}"


def _leaf_fits(seed: Any, value: Any) -> bool:
    if seed is None:
        return False
    if isinstance(value, np.ndarray):
        return isinstance(seed, (np.ndarray, np.generic, float, int, complex)) and (
            np.shape(seed) == value.shape
        )
    if isinstance(value, (float, int, complex, np.number)):
        return isinstance(seed, (float, int, complex, np.number)) or np.shape(seed) == ()
    return True  # a user type: its own add will say


def _check_seed(name: str, seed: Any, value: Any, path: str = "") -> None:
    """Refuse an output gradient that does not fit the result (numpy would
    broadcast it, a loop would zip it: silently wrong either way)."""
    if type(seed) is BVar or type(value) is BVar:
        return
    got, other = flatten(value), flatten(seed)
    if got is None:
        fits = _leaf_fits(seed, value)
    else:
        fits = other is not None and type(seed) is type(value) and len(other[1]) == len(got[1])
    if not fits:
        where = f" at {path}" if path else ""
        raise ValueError(
            f"{name}: the output gradient does not fit the result{where}: the result is "
            f"{_what(value)}, the gradient is {_what(seed)} (give the pull-back a value "
            f"of the result's type and shape)"
        )
    if got is not None and other is not None:
        kind, children, aux = got
        for label, c, s in zip(kind.labels(aux, len(children)), children, other[1]):
            _check_seed(name, s, c, path + label)


def gradients(
    tape: Tape,
    out: BVar[Any, Any],
    seed: Any,
    xs: Sequence[Any],
    zeros: Sequence[ZeroFn],
) -> list[Any]:
    if out._tape is not tape:
        grads: list[Any] = [None] * len(xs)
    else:
        with np.errstate(all="ignore"):  # IEEE results, no warnings (see _tape)
            grads = tape.backward(out._idx, seed)
    fitted = [zf(x) if g is None else fit(g, x) for g, x, zf in zip(grads, xs, zeros)]
    # The gradient of a BVar of an enclosing call is a BVar of that call, even
    # where it is a constant (the derivative of a step function).
    return [const(g) if type(x) is BVar and type(g) is not BVar else g for g, x in zip(fitted, xs)]


def fit(g: Any, x: Any) -> Any:
    """The gradient ``g`` in the type of its input ``x``, leaf by leaf.

    numpy arithmetic turns 0-d arrays into numpy scalars, promotes float32 by
    float64 constants, and a real value times a complex one is complex: a
    float leaf's gradient is a Python float, an array's an array of its own
    inexact dtype, and a real input's gradient is real, whatever happened in
    between.
    """
    tx = type(x)
    tg = type(g)
    if tx is float:
        if tg is float:
            return g
        if tg is BVar:
            return g
        return float(np.real(g)) if np.ndim(g) == 0 else g
    if tx is np.ndarray:
        if tg is np.ndarray and (g.dtype is x.dtype or x.dtype.kind not in "fc"):
            return g
        if tg is BVar or not isinstance(g, (np.ndarray, np.generic, float, int, complex)):
            return g
        if x.dtype.kind == "f":
            return np.asarray(np.real(g), dtype=x.dtype)
        if x.dtype.kind == "c":
            return np.asarray(g, dtype=x.dtype)
        return np.asarray(g)
    if tx is complex:
        return complex(g) if isinstance(g, (np.generic, float, int)) else g
    got = flatten(x)
    if got is None or tg is BVar:
        return g
    other = flatten(g)
    if other is None or len(other[1]) != len(got[1]):
        return g
    kind, gs, aux = other
    fitted = []
    changed = False
    for c, y in zip(gs, got[1]):
        # a float of a float, an array of its input's dtype: kept without a call
        tc = type(c)
        if tc is not type(y) or not (tc is float or (tc is np.ndarray and c.dtype is y.dtype)):
            new = fit(c, y)
            changed = changed or new is not c
            c = new
        fitted.append(c)
    if not changed:
        return g
    return unflatten(kind, aux, fitted)


def run(
    name: str,
    f: Callable[..., Any],
    xs: Sequence[Any],
    zeros: Sequence[ZeroFn],
    one_fn: OneFn,
) -> tuple[Any, list[Any]]:
    """Value and gradients; the tape is freed before returning."""
    with gc_paused():
        tape, out = forward(name, f, xs)
        try:
            value = _result(out, tape)
            return value, gradients(tape, out, one_fn(value), xs, zeros)
        finally:
            tape.close()


def _result(out: BVar[Any, Any], tape: Tape) -> Any:
    """The value of the output; a BVar of an enclosing call is its own value here."""
    return out._value if out._tape is tape or out._tape is None else out


def run_with(
    name: str, f: Callable[..., Any], xs: Sequence[Any], zeros: Sequence[ZeroFn]
) -> tuple[Any, Callable[[Any], list[Any]]]:
    """Value and a gradient function that keeps the tape alive while it lives."""
    with gc_paused():
        tape, out = forward(name, f, xs)
    xs = tuple(xs)

    value = _result(out, tape)

    def grad_with(seed: Any) -> list[Any]:
        _check_seed(name, seed, value)
        with gc_paused():
            return gradients(tape, out, seed, xs, zeros)

    return _result(out, tape), grad_with


# --- one input --------------------------------------------------------------


def backprop(f: Differentiable[A, B], x: A) -> tuple[B, A]:
    """The result of ``f`` at ``x`` and its gradient (``backprop``).

    The output is seeded with ``one(result)``.

    >>> import backprop as bp
    >>> bp.backprop(lambda x: x**2 + 3, 9.0)
    (84.0, 18.0)
    """
    value, (g,) = run("backprop", f, (x,), (_class_zero,), _class_one)
    return value, g


def eval_bp(f: Differentiable[A, B], x: A) -> B:
    """The result of ``f`` at ``x``, with no tape at all (``evalBP``).

    >>> import backprop as bp
    >>> bp.eval_bp(lambda x: x * 2.0, 21.0)
    42.0
    """
    return _value("eval_bp", f(const(x)))  # type: ignore[no-any-return]


def grad_bp(f: Differentiable[A, B], x: A) -> A:
    """The gradient of ``f`` at ``x`` (``gradBP``).

    >>> import backprop as bp
    >>> bp.grad_bp(lambda x: x**2 + 3, 9.0)
    18.0
    """
    return run("grad_bp", f, (x,), (_class_zero,), _class_one)[1][0]  # type: ignore[no-any-return]


def backprop_with(f: Differentiable[A, B], x: A) -> tuple[B, Callable[[B], A]]:
    """The result, and a function from an output gradient to the input gradient.

    The tape lives as long as the returned function (``backpropWith``).

    >>> import backprop as bp
    >>> y, pull = bp.backprop_with(lambda x: x * x, 3.0)
    >>> y, pull(1.0), pull(10.0)
    (9.0, 6.0, 60.0)
    """
    value, grad_with = run_with("backprop_with", f, (x,), (_class_zero,))
    return value, lambda g: grad_with(g)[0]


# --- two inputs -------------------------------------------------------------


def backprop2(f: Differentiable2[A, B, C], x: A, y: B) -> tuple[C, tuple[A, B]]:
    """Result and gradients of a function of two inputs (``backprop2``).

    >>> import backprop as bp
    >>> bp.backprop2(lambda x, y: x * y, 3.0, 4.0)
    (12.0, (4.0, 3.0))
    """
    value, (gx, gy) = run("backprop2", f, (x, y), (_class_zero, _class_zero), _class_one)
    return value, (gx, gy)


def eval_bp2(f: Differentiable2[A, B, C], x: A, y: B) -> C:
    """The result of a function of two inputs (``evalBP2``).

    >>> import backprop as bp
    >>> bp.eval_bp2(lambda x, y: x - y, 5.0, 2.0)
    3.0
    """
    return _value("eval_bp2", f(const(x), const(y)))  # type: ignore[no-any-return]


def grad_bp2(f: Differentiable2[A, B, C], x: A, y: B) -> tuple[A, B]:
    """The gradients of a function of two inputs (``gradBP2``).

    >>> import backprop as bp
    >>> bp.grad_bp2(lambda x, y: x * y, 3.0, 4.0)
    (4.0, 3.0)
    """
    _, (gx, gy) = run("grad_bp2", f, (x, y), (_class_zero, _class_zero), _class_one)
    return gx, gy


def backprop_with2(f: Differentiable2[A, B, C], x: A, y: B) -> tuple[C, Callable[[C], tuple[A, B]]]:
    """Result and a pull-back function, for two inputs (``backpropWith2``).

    >>> import backprop as bp
    >>> z, pull = bp.backprop_with2(lambda x, y: x * y, 3.0, 4.0)
    >>> z, pull(2.0)
    (12.0, (8.0, 6.0))
    """
    value, grad_with = run_with("backprop_with2", f, (x, y), (_class_zero,) * 2)

    def pull(g: C) -> tuple[A, B]:
        gx, gy = grad_with(g)
        return gx, gy

    return value, pull


# --- N inputs ---------------------------------------------------------------


@overload
def backprop_n(f: Differentiable[A, B], xs: tuple[A]) -> tuple[B, tuple[A]]: ...
@overload
def backprop_n(f: Differentiable2[A, B, C], xs: tuple[A, B]) -> tuple[C, tuple[A, B]]: ...
@overload
def backprop_n(f: Differentiable3[A, B, C, D], xs: tuple[A, B, C]) -> tuple[D, tuple[A, B, C]]: ...
@overload
def backprop_n(
    f: Differentiable4[A, B, C, D, E], xs: tuple[A, B, C, D]
) -> tuple[E, tuple[A, B, C, D]]: ...
@overload
def backprop_n(
    f: _Differentiable5[A, B, C, D, E, F], xs: tuple[A, B, C, D, E]
) -> tuple[F, tuple[A, B, C, D, E]]: ...
@overload
def backprop_n(
    f: _Differentiable6[A, B, C, D, E, F, G], xs: tuple[A, B, C, D, E, F]
) -> tuple[G, tuple[A, B, C, D, E, F]]: ...
@overload
def backprop_n(
    f: _Differentiable7[A, B, C, D, E, F, G, H], xs: tuple[A, B, C, D, E, F, G]
) -> tuple[H, tuple[A, B, C, D, E, F, G]]: ...
@overload
def backprop_n(
    f: _Differentiable8[A, B, C, D, E, F, G, H, I], xs: tuple[A, B, C, D, E, F, G, H]
) -> tuple[I, tuple[A, B, C, D, E, F, G, H]]: ...
def backprop_n(f: Callable[..., Any], xs: tuple[Any, ...]) -> Any:
    """Result and gradients of a function of N inputs, given as a tuple.

    ``f`` takes the N BVars as positional arguments (``backpropN``); the
    gradients come back as a tuple.

    >>> import backprop as bp
    >>> bp.backprop_n(lambda x, y, z: x * y + z, (2.0, 3.0, 4.0))
    (10.0, (3.0, 2.0, 1.0))
    """
    xs = _as_tuple("backprop_n", xs)
    value, grads = run("backprop_n", f, xs, (_class_zero,) * len(xs), _class_one)
    return value, tuple(grads)


@overload
def eval_bp_n(f: Differentiable[A, B], xs: tuple[A]) -> B: ...
@overload
def eval_bp_n(f: Differentiable2[A, B, C], xs: tuple[A, B]) -> C: ...
@overload
def eval_bp_n(f: Differentiable3[A, B, C, D], xs: tuple[A, B, C]) -> D: ...
@overload
def eval_bp_n(f: Differentiable4[A, B, C, D, E], xs: tuple[A, B, C, D]) -> E: ...
@overload
def eval_bp_n(f: _Differentiable5[A, B, C, D, E, F], xs: tuple[A, B, C, D, E]) -> F: ...
@overload
def eval_bp_n(f: _Differentiable6[A, B, C, D, E, F, G], xs: tuple[A, B, C, D, E, F]) -> G: ...
@overload
def eval_bp_n(f: _Differentiable7[A, B, C, D, E, F, G, H], xs: tuple[A, B, C, D, E, F, G]) -> H: ...
@overload
def eval_bp_n(
    f: _Differentiable8[A, B, C, D, E, F, G, H, I], xs: tuple[A, B, C, D, E, F, G, H]
) -> I: ...
def eval_bp_n(f: Callable[..., Any], xs: tuple[Any, ...]) -> Any:
    """The result of a function of N inputs (``evalBPN``).

    >>> import backprop as bp
    >>> bp.eval_bp_n(lambda x, y, z: x * y + z, (2.0, 3.0, 4.0))
    10.0
    """
    xs = _as_tuple("eval_bp_n", xs)
    return _value("eval_bp_n", f(*[const(x) for x in xs]))


@overload
def grad_bp_n(f: Differentiable[A, B], xs: tuple[A]) -> tuple[A]: ...
@overload
def grad_bp_n(f: Differentiable2[A, B, C], xs: tuple[A, B]) -> tuple[A, B]: ...
@overload
def grad_bp_n(f: Differentiable3[A, B, C, D], xs: tuple[A, B, C]) -> tuple[A, B, C]: ...
@overload
def grad_bp_n(f: Differentiable4[A, B, C, D, E], xs: tuple[A, B, C, D]) -> tuple[A, B, C, D]: ...
@overload
def grad_bp_n(
    f: _Differentiable5[A, B, C, D, E, F], xs: tuple[A, B, C, D, E]
) -> tuple[A, B, C, D, E]: ...
@overload
def grad_bp_n(
    f: _Differentiable6[A, B, C, D, E, F, G], xs: tuple[A, B, C, D, E, F]
) -> tuple[A, B, C, D, E, F]: ...
@overload
def grad_bp_n(
    f: _Differentiable7[A, B, C, D, E, F, G, H], xs: tuple[A, B, C, D, E, F, G]
) -> tuple[A, B, C, D, E, F, G]: ...
@overload
def grad_bp_n(
    f: _Differentiable8[A, B, C, D, E, F, G, H, I], xs: tuple[A, B, C, D, E, F, G, H]
) -> tuple[A, B, C, D, E, F, G, H]: ...
def grad_bp_n(f: Callable[..., Any], xs: tuple[Any, ...]) -> Any:
    """The gradients of a function of N inputs, as a tuple (``gradBPN``).

    >>> import backprop as bp
    >>> bp.grad_bp_n(lambda x, y, z: x * y + z, (2.0, 3.0, 4.0))
    (3.0, 2.0, 1.0)
    """
    xs = _as_tuple("grad_bp_n", xs)
    return tuple(run("grad_bp_n", f, xs, (_class_zero,) * len(xs), _class_one)[1])


@overload
def backprop_with_n(f: Differentiable[A, B], xs: tuple[A]) -> tuple[B, Callable[[B], tuple[A]]]: ...
@overload
def backprop_with_n(
    f: Differentiable2[A, B, C], xs: tuple[A, B]
) -> tuple[C, Callable[[C], tuple[A, B]]]: ...
@overload
def backprop_with_n(
    f: Differentiable3[A, B, C, D], xs: tuple[A, B, C]
) -> tuple[D, Callable[[D], tuple[A, B, C]]]: ...
@overload
def backprop_with_n(
    f: Differentiable4[A, B, C, D, E], xs: tuple[A, B, C, D]
) -> tuple[E, Callable[[E], tuple[A, B, C, D]]]: ...
@overload
def backprop_with_n(
    f: _Differentiable5[A, B, C, D, E, F], xs: tuple[A, B, C, D, E]
) -> tuple[F, Callable[[F], tuple[A, B, C, D, E]]]: ...
@overload
def backprop_with_n(
    f: _Differentiable6[A, B, C, D, E, F, G], xs: tuple[A, B, C, D, E, F]
) -> tuple[G, Callable[[G], tuple[A, B, C, D, E, F]]]: ...
@overload
def backprop_with_n(
    f: _Differentiable7[A, B, C, D, E, F, G, H], xs: tuple[A, B, C, D, E, F, G]
) -> tuple[H, Callable[[H], tuple[A, B, C, D, E, F, G]]]: ...
@overload
def backprop_with_n(
    f: _Differentiable8[A, B, C, D, E, F, G, H, I], xs: tuple[A, B, C, D, E, F, G, H]
) -> tuple[I, Callable[[I], tuple[A, B, C, D, E, F, G, H]]]: ...
def backprop_with_n(f: Callable[..., Any], xs: tuple[Any, ...]) -> Any:
    """Result and a pull-back function, for N inputs (``backpropWithN``).

    >>> import backprop as bp
    >>> z, pull = bp.backprop_with_n(lambda x, y: x * y, (3.0, 4.0))
    >>> z, pull(0.5)
    (12.0, (2.0, 1.5))
    """
    xs = _as_tuple("backprop_with_n", xs)
    value, grad_with = run_with("backprop_with_n", f, xs, (_class_zero,) * len(xs))
    return value, lambda g: tuple(grad_with(g))


def eval_bp0(f: Differentiable0[B]) -> B:
    """Evaluate a computation of no inputs (``evalBP0``).

    >>> import backprop as bp
    >>> bp.eval_bp0(lambda: bp.const_var(2.0) * 3.0)
    6.0
    """
    return _value("eval_bp0", f())  # type: ignore[no-any-return]


def _as_tuple(name: str, xs: object) -> tuple[Any, ...]:
    if not isinstance(xs, tuple):
        raise TypeError(
            f"{name}: the inputs must be a tuple, got {type(xs).__name__} "
            f"(write {name}(f, (x, y, ...)))"
        )
    return xs
