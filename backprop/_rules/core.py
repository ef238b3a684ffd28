"""How a rule of the table is applied, and the numpy protocols of ``BVar``.

A ``Rule`` is a forward function on plain values and one vjp per
differentiable argument, ``vjp(g, payload)`` with the payload
``(*args, *static, out)``. ``apply`` runs a rule on BVars or constants: a
BVar in gives a BVar out, plain values give a plain value. Vjps are written
with operators, the table's own functions and numpy functions that BVars
dispatch, so the same rule runs again on BVars of an enclosing call: that is
a higher-order derivative. The floating-point policy is not here; the
backward loop applies it around every vjp (``backprop._tape``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._tape import FP_ERRORS, BVar, const, forward_fp, record, tape_of, values

Vjp = Callable[[Any, Any], Any]


class Rule:
    """One entry of the derivative table.

    ``vjps`` is a tuple with a vjp (or None: not differentiable) per
    positional argument, or one vjp returning every argument's gradient (for
    a sequence of operands). ``static`` names the arguments passed through
    unchanged (axes, flags): they may not be BVars. With ``aux`` the forward
    returns ``(out, extra)``: ``out`` is the value, and the payload ends with
    the pair (``extra`` is None in a nested derivative).
    """

    __slots__ = ("aux", "fwd", "name", "static", "vjps")

    def __init__(
        self,
        name: str,
        fwd: Callable[..., Any],
        vjps: tuple[Vjp | None, ...] | Vjp,
        static: tuple[str, ...] = (),
        aux: bool = False,
    ) -> None:
        self.name = name
        self.fwd = fwd
        self.vjps = vjps
        self.static = static
        self.aux = aux

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


def foreign(op: str, v: Any) -> TypeError | None:
    """The error for an array-like whose arithmetic is not numpy's (a gradient
    through it would be silently wrong), or None."""
    t = type(v)
    if t is np.ndarray or t is float or t is BVar:
        return None
    if isinstance(v, np.matrix):
        why = "a numpy.matrix, whose * is a matrix product; convert it with np.asarray(m)"
    elif isinstance(v, np.ma.MaskedArray):
        why = (
            "a masked array, whose masked entries would still get gradients; pass "
            "m.filled(value) or m.compressed(), or keep the mask as a separate array"
        )
    elif t.__module__.split(".")[0] == "pandas":
        why = f"a pandas {t.__name__}; convert it with .to_numpy()"
    else:
        return None
    return TypeError(f"{op}: got {why}")


def _static_bvar(rule: Rule, static: Sequence[Any]) -> None:
    for name, s in zip(rule.static, static):
        if type(s) is BVar:
            raise _not_static(rule.name, name)


def static_args(op: str, **named: Any) -> None:
    """Refuse a BVar given for a non-differentiable argument (an axis, a
    count), naming it, as a Rule's static arguments are: a function built
    from rules checks its own here."""
    for name, s in named.items():
        if type(s) is BVar:
            raise _not_static(op, name)


def _not_static(op: str, name: str) -> TypeError:
    return TypeError(
        f"{op}: the argument {name} must be a plain value, not a BVar "
        f"(it is not differentiable; read {name}.value)"
    )


def _named(op: str, e: Exception) -> Exception:
    """``e`` with the operation's name in front of its message, of its own
    type when that type can be made from a message alone."""
    msg = f"backprop.numpy.{op}: {e}"
    try:
        new = type(e)(msg)
    except Exception:
        new = None
    if new is None or str(new) != msg:
        base = next(b for b in type(e).__mro__ if b in (ValueError, TypeError, IndexError))
        new = base(msg)
    return new


def _run(rule: Rule, vals: Sequence[Any], static: Sequence[Any]) -> Any:
    try:
        return rule.fwd(*vals, *static)
    except FP_ERRORS:
        return forward_fp(rule.fwd, *vals, *static)
    except (ValueError, TypeError, IndexError) as e:
        if str(e).startswith("backprop"):
            raise
        raise _named(rule.name, e) from None


def holds_bvar(x: Any) -> bool:
    """Whether a list or tuple holds a BVar, at any depth."""
    return any(type(e) is BVar or ((type(e) is list or type(e) is tuple) and holds_bvar(e)) for e in x)


# numpy never looks inside a list for a BVar: a list or tuple holding BVars
# is made one BVar of an array first (``shape.array`` is entered here).
ARRAY_OF_SEQUENCE: list[Callable[[Any], Any]] = []


def array_arg(a: Any) -> Any:
    """``a``, or a BVar of an array for a list or tuple holding BVars."""
    if (type(a) is list or type(a) is tuple) and holds_bvar(a):
        return ARRAY_OF_SEQUENCE[0](a)
    return a


def arrays(args: Sequence[Any]) -> Sequence[Any]:
    """``args`` with each list or tuple holding BVars made a BVar of an array."""
    for a in args:
        if (type(a) is list or type(a) is tuple) and holds_bvar(a):
            return [array_arg(b) for b in args]
    return args


def apply(rule: Rule, args: Sequence[Any], static: Sequence[Any] = ()) -> Any:
    """``rule`` on ``args`` (BVars or constants) and ``static`` arguments."""
    if static:
        _static_bvar(rule, static)
    sequences = False
    for a in args:
        if type(a) is not np.ndarray and type(a) is not BVar:
            if type(a) is list or type(a) is tuple:
                sequences = True
                continue
            e = foreign(f"backprop.numpy.{rule.name}", a)
            if e is not None:
                raise e
    if sequences:
        args = arrays(args)
    tape = tape_of(rule.name, args)
    if tape is None:
        wrapped = False
        vals = []
        for a in args:
            if type(a) is BVar:
                wrapped = True
                a = a._value
            vals.append(a)
        out = _run(rule, vals, static)
        if rule.aux:
            out = out[0]
        return const(out) if wrapped else out
    vals, parents = values(tape, args)
    nested = False
    for v in vals:
        nested = nested or type(v) is BVar
    if nested:
        out = apply(rule, vals, static)  # a nested derivative: the enclosing call records it
        last = (out, None) if rule.aux else out
    else:
        last = _run(rule, vals, static)
        out = last[0] if rule.aux else last
    payload = (*vals, *static, last)
    vjps = rule.vjps
    if type(vjps) is not tuple:
        return record(tape, out, parents, vjps, payload)
    ps = []
    fns = []
    for p, vjp in zip(parents, vjps):  # pyright: ignore[reportArgumentType]
        if p >= 0 and vjp is not None:
            ps.append(p)
            fns.append(vjp)
    if not ps:
        return const(out)
    return record(tape, out, tuple(ps), tuple(fns), payload)


def lifted1(rule: Rule, front: bool = False) -> Callable[[Any], Any]:
    """``apply`` of a one-argument rule, specialised by hand for elementwise
    code: the function of the table (a plain value in, a plain value out),
    or with ``front`` the public one (a BVar out, a constant for a plain value)."""
    fwd = rule.fwd
    vjps = rule.vjps
    name = rule.name
    new = object.__new__

    def fn(x: Any) -> Any:
        if type(x) is not BVar:
            if (type(x) is list or type(x) is tuple) and holds_bvar(x):
                return fn(array_arg(x))
            return const(fwd(x)) if front else fwd(x)
        tape = x._tape
        xv = x._value
        if tape is None:
            return const(fwd(xv))
        if not tape.live:
            return apply(rule, (x,))  # names the escape
        if type(xv) is BVar:
            out = inner(xv)  # a nested derivative: the enclosing call records it
        else:
            try:
                out = fwd(xv)
            except FP_ERRORS:
                out = forward_fp(fwd, xv)
        nodes = tape.nodes
        nodes.append(((x._idx,), vjps, (xv, out)))
        v = new(BVar)
        v._value = out
        v._tape = tape
        v._idx = len(nodes) - 1
        return v

    inner = fn if not front else lifted1(rule)
    fn.__name__ = fn.__qualname__ = name
    return fn


def front1(rule: Rule) -> Callable[[Any], BVar[Any, Any]]:
    """``lifted1`` with a BVar out, also for a plain argument (``backprop.numpy``)."""
    return lifted1(rule, front=True)


# --- elementwise helpers -----------------------------------------------------------------


def floating(math_fn: Callable[[float], float], np_fn: Any) -> Callable[[Any], Any]:
    """A Floating method: ``math`` on Python floats (a float out), numpy
    elsewhere. Outside the domain both give numpy's nan/inf without a
    warning, even where warnings are errors, so a float behaves like a 0-d
    array."""

    def fn(x: Any) -> Any:
        if type(x) is float:
            try:
                return math_fn(x)
            except (ValueError, OverflowError):
                with np.errstate(all="ignore"):
                    return float(np_fn(x))
        try:
            return np_fn(x)
        except (RuntimeWarning, FloatingPointError):
            with np.errstate(all="ignore"):
                return np_fn(x)

    fn.__name__ = fn.__qualname__ = getattr(np_fn, "__name__", "fn")
    return fn


def quiet(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A forward rule that lets nan and inf through without numpy warnings
    (which the test suite turns into errors)."""

    def run(*args: Any) -> Any:
        try:
            return fn(*args)
        except (RuntimeWarning, FloatingPointError):
            with np.errstate(all="ignore"):
                return fn(*args)

    run.__name__ = run.__qualname__ = getattr(fn, "__name__", "rule")
    return run


def unbroadcast(g: Any, x: Any) -> Any:
    """Sum ``g`` down to the shape of ``x`` (undo numpy broadcasting); the
    real part for a real ``x`` (a real operand of a complex product gets a
    real cotangent, as in autograd: the value it feeds may go on to a
    function that is not complex-linear, such as ``abs``)."""
    if type(g) is float:
        return g
    # the common case, two arrays of one shape and dtype, without np.shape's dispatch
    if (
        type(g) is np.ndarray
        and type(x) is np.ndarray
        and g.shape == x.shape
        and (g.dtype is x.dtype or g.dtype.kind != "c" or x.dtype.kind == "c")
    ):
        return g
    if np.iscomplexobj(plain(g)) and not np.iscomplexobj(plain(x)):
        g = np.real(g)
    gshape = np.shape(g)
    xshape = np.shape(x)
    if gshape == xshape:
        return g
    lead = len(gshape) - len(xshape)
    axes = tuple(range(lead)) + tuple(
        i + lead for i, n in enumerate(xshape) if n == 1 and gshape[i + lead] != 1
    )
    s = np.sum(g, axis=axes) if axes else g
    s = np.reshape(s, xshape)
    if isinstance(x, np.ndarray) or not isinstance(s, (np.ndarray, np.generic)):
        return s  # an array, or a BVar of an enclosing call
    if type(x) in (float, int):
        return float(s)
    return s[()]


def is_scalar(x: Any) -> bool:
    """A Python number: its gradient is a Python float."""
    return type(x) is float or type(x) is int


def grad_dtype(x: Any) -> np.dtype[Any]:
    """The dtype of the gradient of ``x``: its own if inexact, else float64."""
    dt = np.result_type(plain(x))
    return dt if dt.kind in "fc" else np.dtype(np.float64)


def plain(x: Any) -> Any:
    """The plain value under any number of BVars (for shapes and dtypes)."""
    while type(x) is BVar:
        x = x._value
    return x


def scalar(out: Any) -> Any:
    """A full reduction's result as a Python float, as its type says."""
    return float(out) if isinstance(out, np.floating) else out


# --- numpy's protocols on BVar ------------------------------------------------------------

# numpy function or ufunc -> its lifted version; filled by the table's modules.
UFUNCS: dict[Any, Callable[..., Any]] = {}
ARRAY_FUNCTIONS: dict[Any, Callable[..., Any]] = {}

_COMPARISONS: dict[Any, Callable[..., Any]] = {
    np.equal: np.equal,
    np.not_equal: np.not_equal,
    np.less: np.less,
    np.less_equal: np.less_equal,
    np.greater: np.greater,
    np.greater_equal: np.greater_equal,
    np.isfinite: np.isfinite,
    np.isnan: np.isnan,
    np.isinf: np.isinf,
    np.signbit: np.signbit,
}


def not_differentiable(what: str) -> TypeError:
    return TypeError(
        f"{what} is not differentiable yet: there is no lifted version for "
        f"BVar. Use a function of backprop.numpy, lift your own with "
        f"backprop.op1, or read .value to compute without a gradient."
    )


def _array_ufunc(self: BVar[Any, Any], ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
    name = f"numpy.{getattr(ufunc, '__name__', ufunc)}"
    if method != "__call__" or kwargs:
        raise not_differentiable(f"{name} ({method} with {sorted(kwargs)})")
    impl = UFUNCS.get(ufunc)
    if impl is not None:
        return impl(*inputs)
    cmp = _COMPARISONS.get(ufunc)
    if cmp is not None:
        return cmp(*[plain(x) for x in inputs])
    raise not_differentiable(name)


def _array_function(self: BVar[Any, Any], func: Any, types: Any, args: Any, kwargs: Any) -> Any:
    impl = ARRAY_FUNCTIONS.get(func)
    if impl is None:
        raise not_differentiable(f"numpy.{getattr(func, '__name__', func)}")
    return impl(*args, **kwargs)


BVar.__array_ufunc__ = _array_ufunc  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
BVar.__array_function__ = _array_function  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
ARRAY_FUNCTIONS.update(
    {
        np.shape: lambda a: np.shape(plain(a)),
        np.ndim: lambda a: np.ndim(plain(a)),
        np.size: lambda a, axis=None: np.size(plain(a), axis),  # type: ignore[misc]
        np.result_type: lambda *xs: np.result_type(*[plain(x) for x in xs]),
        np.iscomplexobj: lambda x: np.iscomplexobj(plain(x)),
        np.isrealobj: lambda x: np.isrealobj(plain(x)),
    }
)
