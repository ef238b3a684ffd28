"""The tape and ``BVar`` (Numeric.Backprop.Internal).

A runner creates one ``Tape``; every operation on a ``BVar`` appends a node
``(parents, vjps, payload)`` to its flat list, in creation order. The backward
pass walks that list once, newest to oldest, starting at the output's own
node. See ``README.md`` beside this file for the why of each choice.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar, cast, overload

import numpy as np

from . import _arith
from ._class import instance

if TYPE_CHECKING:
    from lenses.ui import UnboundLens

S = TypeVar("S")
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")

Vjp = Callable[[Any, Any], Any]
_new = object.__new__  # makes a BVar without a Python-level __init__ call


class ScopeError(RuntimeError):
    """A BVar was used outside the runner call that created it.

    >>> import backprop as bp
    >>> kept = []
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
    ...     kept.append(x)
    ...     return x * 2.0
    >>> bp.grad_bp(f, 1.0)
    2.0
    >>> kept[0] + 1.0
    Traceback (most recent call last):
    ...
    backprop._tape.ScopeError: add: this BVar escaped its scope: ...
    """


class Tape:
    """The nodes of one runner call. Never shared between calls or threads."""

    __slots__ = ("adders", "live", "n_inputs", "nodes")

    def __init__(self) -> None:
        # (parents, vjps, payload), or a flat float node (see backward)
        self.nodes: list[tuple[Any, ...]] = []
        self.live = True
        self.n_inputs = 0
        # Explicit-mode AddFuncs, by node index; the class's add elsewhere.
        self.adders: dict[int, Callable[[Any, Any], Any]] = {}

    def input(self, value: A) -> BVar[Any, A]:
        self.nodes.append(((), (), None))
        self.n_inputs += 1
        return BVar(value, self, len(self.nodes) - 1)

    def close(self) -> None:
        self.live = False
        self.nodes = []
        self.adders = {}

    def backward(self, out_idx: int, seed: Any) -> list[Any]:
        """Gradients of the inputs (None where unreached), seeded at ``out_idx``."""
        nodes = self.nodes
        n_in = self.n_inputs
        grads: list[Any] = [None] * max(out_idx + 1, n_in)
        owned: set[int] = set()
        adders = self.adders  # explicit-mode AddFuncs bypass the float fast path
        grads[out_idx] = seed
        for i in range(out_idx, n_in - 1, -1):
            g = grads[i]
            if g is None:
                continue
            grads[i] = None
            if type(g) is Sparse:
                g = g.materialize()
            node = nodes[i]
            size = len(node)
            if size != 3:
                # A float node, flat: (parent, partial) or (p1, p2, d1, d2).
                if size == 2:
                    j = node[0]
                    c = g * node[1]
                else:
                    j = node[1]
                    c = g * node[3]
                    cur = grads[j]
                    if cur is None:
                        grads[j] = c
                    elif type(cur) is float and type(c) is float and j not in adders:
                        grads[j] = cur + c
                    else:
                        grads[j] = self._accumulate(j, cur, c, owned)
                    j = node[0]
                    c = g * node[2]
                cur = grads[j]
                if cur is None:
                    grads[j] = c
                elif type(cur) is float and type(c) is float and j not in adders:
                    grads[j] = cur + c
                else:
                    grads[j] = self._accumulate(j, cur, c, owned)
                continue
            parents, vjps, payload = node
            if vjps is _VIEW:
                # A view: file (focus, g) straight into the parent's sparse
                # gradient instead of making a Sparse per view to absorb.
                j = parents[0]
                cur = grads[j]
                if type(cur) is Sparse and j not in adders:
                    cur._put(payload[1], g)
                else:
                    c = Sparse(payload[0], payload[1], g)
                    grads[j] = c if cur is None else self._accumulate(j, cur, c, owned)
                continue
            if type(vjps) is tuple:
                # Unrolled for the one- and two-argument nodes of scalar code.
                n = len(parents)
                if n == 0:
                    continue
                j = parents[0]
                c = vjps[0](g, payload)
                cur = grads[j]
                if cur is None:
                    grads[j] = c
                elif type(cur) is float and type(c) is float and j not in adders:
                    grads[j] = cur + c
                else:
                    grads[j] = self._accumulate(j, cur, c, owned)
                if n == 1:
                    continue
                for k in range(1, n):
                    j = parents[k]
                    c = vjps[k](g, payload)
                    cur = grads[j]
                    if cur is None:
                        grads[j] = c
                    elif type(cur) is float and type(c) is float and j not in adders:
                        grads[j] = cur + c
                    else:
                        grads[j] = self._accumulate(j, cur, c, owned)
            else:
                for j, c in zip(parents, vjps(g, payload)):
                    if j < 0 or c is None:
                        continue
                    cur = grads[j]
                    grads[j] = c if cur is None else self._accumulate(j, cur, c, owned)
        out = grads[:n_in]
        return [g.materialize() if type(g) is Sparse else g for g in out]

    def _accumulate(self, j: int, cur: Any, c: Any, owned: set[int]) -> Any:
        if type(cur) is Sparse:
            cur.absorb(c, self.adders.get(j))
            return cur
        if type(c) is Sparse:
            # c was made by a view's vjp just now, so it is ours to fill.
            c.absorb(cur, self.adders.get(j))
            return c
        if (
            j in owned
            and type(cur) is np.ndarray
            and isinstance(c, (np.ndarray, np.generic, float, int))
            and np.shape(c) == cur.shape
            and np.result_type(cur, c) == cur.dtype
        ):
            np.add(cur, c, out=cur)
            return cur
        adder = self.adders.get(j)
        new = adder(cur, c) if adder is not None else instance(type(cur)).add(cur, c)
        if type(new) is np.ndarray and new is not cur and new is not c:
            owned.add(j)
        return new


class Sparse:
    """Gradient contributions to some foci of a value, not yet made whole.

    Views of one record each contribute ``(focus, g)``; they are kept in a
    dict by focus and turned into one whole gradient when the record's node
    is reached (``materialize``), so k views cost O(k) plus one record.
    A focus is hashable and has ``materialize(base, items) -> gradient``,
    building the gradient of ``base`` from ``[(focus, g), ...]`` of its kind.
    """

    __slots__ = ("adder", "base", "dense", "items")

    def __init__(self, base: Any, focus: Any, grad: Any) -> None:
        self.base = base
        self.items: dict[Any, Any] = {focus: grad}
        self.dense: Any = None
        # The explicit-mode AddFunc of the whole value, if one was given.
        self.adder: Callable[[Any, Any], Any] | None = None

    def absorb(self, c: Any, adder: Callable[[Any, Any], Any] | None = None) -> None:
        if adder is not None:
            self.adder = adder
        if type(c) is Sparse:
            for focus, g in c.items.items():
                self._put(focus, g)
            if c.dense is not None:
                self._add_dense(c.dense)
        else:
            self._add_dense(c)

    def _put(self, focus: Any, g: Any) -> None:
        items = self.items
        if focus in items:
            old = items[focus]
            items[focus] = instance(type(old)).add(old, g)
        else:
            items[focus] = g

    def _add(self, x: Any, y: Any) -> Any:
        adder = self.adder
        return adder(x, y) if adder is not None else instance(type(x)).add(x, y)

    def _add_dense(self, c: Any) -> None:
        d = self.dense
        self.dense = c if d is None else self._add(d, c)

    def materialize(self) -> Any:
        kinds: dict[type, list[tuple[Any, Any]]] = {}
        for focus, g in self.items.items():
            kinds.setdefault(type(focus), []).append((focus, g))
        total = self.dense
        for group in kinds.values():
            part = group[0][0].materialize(self.base, group)
            total = part if total is None else self._add(total, part)
        return total


def _escaped(op: str) -> ScopeError:
    return ScopeError(
        f"{op}: this BVar escaped its scope: it belongs to a backprop call "
        f"that has already returned. Use BVars only inside the function "
        f"passed to the runner (read .value to keep a plain value)."
    )


def _mixed(op: str) -> ScopeError:
    return ScopeError(
        f"{op}: BVars of two different backprop calls were combined; one of "
        f"them escaped its scope (a closure captured a BVar of another call)."
    )


def _unpack(x: Any) -> tuple[Any, Tape | None, int]:
    if type(x) is BVar:
        return x._value, x._tape, x._idx
    return x, None, -1


def tape_of(op: str, xs: tuple[Any, ...]) -> Tape | None:
    """The one live tape the BVars among ``xs`` share (None if all constant)."""
    tape: Tape | None = None
    for x in xs:
        if type(x) is BVar and x._tape is not None:
            if tape is None:
                tape = x._tape
            elif x._tape is not tape:
                raise _mixed(op)
    if tape is not None and not tape.live:
        raise _escaped(op)
    return tape


def record(tape: Tape, value: A, parents: tuple[int, ...], vjps: Any, payload: Any) -> BVar[Any, A]:
    """Append a node and return the BVar of its value.

    ``vjps`` is either a tuple of per-parent ``vjp(g, payload)`` functions, or
    one function returning a gradient for every parent (-1 parents skipped).
    """
    nodes = tape.nodes
    nodes.append((parents, vjps, payload))
    v = _new(BVar)
    v._value = value
    v._tape = tape
    v._idx = len(nodes) - 1
    return v


def lift1(op: str, fwd: Callable[[Any], Any], vjp: Vjp, x: Any) -> BVar[Any, Any]:
    """Apply a unary function with its vjp (payload ``(x, out)``)."""
    if type(x) is not BVar:
        return const(fwd(x))
    xv = x._value
    out = fwd(xv)
    tape = x._tape
    if tape is None:
        return const(out)
    if not tape.live:
        raise _escaped(op)
    nodes = tape.nodes
    nodes.append(((x._idx,), (vjp,), (xv, out)))
    v = _new(BVar)
    v._value = out
    v._tape = tape
    v._idx = len(nodes) - 1
    return v


def lift2(
    op: str, fwd: Callable[[Any, Any], Any], vjp_x: Vjp, vjp_y: Vjp, x: Any, y: Any
) -> BVar[Any, Any]:
    """Apply a binary function with its two vjps (payload ``(x, y, out)``)."""
    xv, xt, xi = _unpack(x)
    yv, yt, yi = _unpack(y)
    out = fwd(xv, yv)
    if xt is None:
        if yt is None:
            return const(out)
        tape = yt
        parents: tuple[int, ...] = (yi,)
        vjps: tuple[Vjp, ...] = (vjp_y,)
    else:
        tape = xt
        if yt is None:
            parents, vjps = (xi,), (vjp_x,)
        elif yt is xt:
            parents, vjps = (xi, yi), (vjp_x, vjp_y)
        else:
            raise _mixed(op)
    if not tape.live:
        raise _escaped(op)
    nodes = tape.nodes
    nodes.append((parents, vjps, (xv, yv, out)))
    return BVar(out, tape, len(nodes) - 1)


def _view_vjp(g: Any, payload: Any) -> Sparse:
    return Sparse(payload[0], payload[1], g)


_VIEW = (_view_vjp,)  # the vjps of every view node; the backward pass knows it


def view(op: str, x: BVar[Any, Any], focus: Any, value: Any) -> BVar[Any, Any]:
    """A BVar of one focus of ``x``; its gradient goes back sparsely."""
    tape = x._tape
    if tape is None:
        return const(value)
    if not tape.live:
        raise _escaped(op)
    nodes = tape.nodes
    nodes.append(((x._idx,), _VIEW, (x._value, focus)))
    v = _new(BVar)
    v._value = value
    v._tape = tape
    v._idx = len(nodes) - 1
    return v


@functools.cache
def _containers() -> Any:
    """``backprop._containers``, imported on first use (it imports this module).

    A function-level import costs about 2 µs per call through importlib; the
    cache makes the BVar methods below pay it once.
    """
    from . import _containers as module

    return module


@functools.cache
def _optics() -> Any:
    """``backprop._optics``, imported on first use (see ``_containers``)."""
    from . import _optics as module

    return module


# Lenses that are paths of attributes and items, by id: (the lens, kept so
# that its id is not reused; its getter; the root type it was checked on; its
# focus). Filled and bounded by backprop._optics, read by BVar.view.
FAST_VIEWS: dict[int, tuple[Any, Callable[[Any], Any], type, Any]] = {}

# Hooks filled by backprop.numpy (the core registers only what it needs).
UFUNCS: dict[Any, Callable[..., Any]] = {}
ARRAY_FUNCTIONS: dict[Any, Callable[..., Any]] = {}


def _not_differentiable(what: str) -> TypeError:
    return TypeError(
        f"{what} is not differentiable yet: there is no lifted version for "
        f"BVar. Use a function of backprop.numpy, lift your own with "
        f"backprop.op1, or read .value to compute without a gradient."
    )


def _no_number(kind: str) -> NoReturn:
    raise TypeError(
        f"{kind}() of a BVar would silently drop its gradient: read x.value "
        f"for the plain value, or use a lifted function (backprop.numpy, "
        f"backprop.op) to stay on the tape."
    )


class BVar(Generic[S, A]):
    """A value of type ``A`` on the tape of the runner call with scope ``S``.

    You get BVars from a runner (``backprop``, ``grad_bp``, ...) and combine
    them with ordinary operators; ``.value`` reads the plain value.

    >>> import backprop as bp
    >>> def f(x: bp.BVar[bp.S, float]) -> bp.BVar[bp.S, float]:
    ...     return 3.0 * x * x + 1.0
    >>> bp.backprop(f, 2.0)
    (13.0, 12.0)
    """

    __slots__ = ("_idx", "_tape", "_value")
    __hash__ = None  # type: ignore[assignment]  # equality compares values

    def __init__(self, value: A, tape: Tape | None, idx: int) -> None:
        self._value = value
        self._tape = tape
        self._idx = idx

    @property
    def value(self) -> A:
        """The plain value (no gradient flows through it).

        >>> import backprop as bp
        >>> bp.const_var(2.5).value
        2.5
        """
        return self._value

    def __repr__(self) -> str:
        return f"BVar({self._value!r})"

    # --- Num / Fractional: generated by _binary_method (the hot path) ---------
    if TYPE_CHECKING:

        def __add__(self, other: BVar[S, A] | A | float) -> BVar[S, A]: ...
        def __radd__(self, other: A | float) -> BVar[S, A]: ...
        def __sub__(self, other: BVar[S, A] | A | float) -> BVar[S, A]: ...
        def __rsub__(self, other: A | float) -> BVar[S, A]: ...
        def __mul__(self, other: BVar[S, A] | A | float) -> BVar[S, A]: ...
        def __rmul__(self, other: A | float) -> BVar[S, A]: ...
        def __truediv__(self, other: BVar[S, A] | A | float) -> BVar[S, A]: ...
        def __rtruediv__(self, other: A | float) -> BVar[S, A]: ...
        def __pow__(self, other: BVar[S, A] | A | float) -> BVar[S, A]: ...
        def __rpow__(self, other: A | float) -> BVar[S, A]: ...
        def __matmul__(self, other: BVar[S, A] | A) -> BVar[S, A]: ...
        def __rmatmul__(self, other: A) -> BVar[S, A]: ...

    def __neg__(self) -> BVar[S, A]:
        return lift1("-", operator.neg, _arith.neg_dx, self)

    def __pos__(self) -> BVar[S, A]:
        return self

    def __abs__(self) -> BVar[S, A]:
        return lift1("abs", _arith.absolute, _arith.abs_dx, self)

    # --- Eq / Ord: compare values, so `if x > 0:` branches --------------------
    def __eq__(self, other: object) -> Any:  # bool, or an array for arrays
        return self._value == (other._value if type(other) is BVar else other)

    def __ne__(self, other: object) -> Any:
        return self._value != (other._value if type(other) is BVar else other)

    def __lt__(self, other: BVar[S, A] | A | float) -> Any:
        return self._value < (other._value if type(other) is BVar else other)  # type: ignore[operator]

    def __le__(self, other: BVar[S, A] | A | float) -> Any:
        return self._value <= (other._value if type(other) is BVar else other)  # type: ignore[operator]

    def __gt__(self, other: BVar[S, A] | A | float) -> Any:
        return self._value > (other._value if type(other) is BVar else other)  # type: ignore[operator]

    def __ge__(self, other: BVar[S, A] | A | float) -> Any:
        return self._value >= (other._value if type(other) is BVar else other)  # type: ignore[operator]

    def __bool__(self) -> bool:
        return bool(self._value)

    # --- conversions that would drop the gradient ---------------------------
    def __float__(self) -> NoReturn:
        _no_number("float")

    def __int__(self) -> NoReturn:
        _no_number("int")

    def __complex__(self) -> NoReturn:
        _no_number("complex")

    def __index__(self) -> NoReturn:
        _no_number("index")

    def __array__(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(
            "a BVar cannot be converted to a numpy array (that would drop its "
            "gradient and make an object array): read x.value, or use "
            "backprop.numpy's lifted functions."
        )

    # --- numpy protocols ------------------------------------------------------
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        impl = UFUNCS.get(ufunc)
        if impl is not None and method == "__call__" and not kwargs:
            return impl(*inputs)
        name = f"numpy.{getattr(ufunc, '__name__', ufunc)}"
        if method != "__call__" or kwargs:
            raise _not_differentiable(f"{name} ({method} with {sorted(kwargs)})")
        cmp = _COMPARISONS.get(ufunc)
        if cmp is not None:
            return cmp(*[x._value if type(x) is BVar else x for x in inputs])
        raise _not_differentiable(name)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        impl = ARRAY_FUNCTIONS.get(func)
        if impl is None:
            raise _not_differentiable(f"numpy.{getattr(func, '__name__', func)}")
        return impl(*args, **kwargs)

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the value (numpy's ``np.shape``)."""
        return tuple(np.shape(cast("Any", self._value)))

    @property
    def ndim(self) -> int:
        """The number of dimensions of the value."""
        return int(np.ndim(cast("Any", self._value)))

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy dtype of the value."""
        return np.asarray(self._value).dtype

    @property
    def T(self) -> BVar[S, A]:
        """The transpose, on the tape (numpy's ``.T``)."""
        return lift1(".T", _arith.transpose, _arith.transpose_dx, self)

    def __len__(self) -> int:
        return len(self._value)  # type: ignore[arg-type]

    # --- element access --------------------------------------------------------
    def __getitem__(self, idx: Any) -> BVar[S, Any]:
        result: BVar[S, Any] = _containers().getitem(self, idx)
        return result

    def __iter__(self) -> Iterator[BVar[S, Any]]:
        result: Iterator[BVar[S, Any]] = _containers().iterate(self)
        return result

    # --- optic access (the ^^. family), defined in backprop._optics ----------
    def view(self, l: UnboundLens[A, A, B, B]) -> BVar[S, B]:
        """``x ^^. l``: the focus of a lens, on the tape (see ``view_var``)."""
        # The fast path of _optics.view_slow, for a path of attributes and
        # items that has read this type of value before: the hot path of
        # model code.
        hit = FAST_VIEWS.get(id(l))
        v = self._value
        if hit is not None and hit[0] is l and type(v) is hit[2]:
            try:
                out = hit[1](v)
            except (AttributeError, LookupError, TypeError):
                pass  # view_slow names the error
            else:
                fast: BVar[S, B] = view("view_var", self, hit[3], out)
                return fast
        result: BVar[S, B] = _optics().view_slow(l, self)
        return result

    def set(self, l: UnboundLens[A, A, B, B], y: BVar[S, B] | B) -> BVar[S, A]:
        """``l .~~ y``: replace the focus of a lens (see ``set_var``)."""
        result: BVar[S, A] = _optics().set_var(l, y, self)
        return result

    def over(self, l: UnboundLens[A, A, B, B], f: Callable[[BVar[S, B]], BVar[S, B]]) -> BVar[S, A]:
        """``l %~~ f``: apply ``f`` to the focus of a lens (see ``over_var``)."""
        result: BVar[S, A] = _optics().over_var(l, f, self)
        return result

    def preview(self, l: UnboundLens[A, A, B, B]) -> BVar[S, B] | None:
        """``x ^^? l``: the first focus, or None (see ``preview_var``)."""
        result: BVar[S, B] | None = _optics().preview_var(l, self)
        return result

    def to_list_of(self, l: UnboundLens[A, A, B, B]) -> list[BVar[S, B]]:
        """``x ^^.. l``: every focus of a traversal (see ``to_list_of_var``)."""
        result: list[BVar[S, B]] = _optics().to_list_of_var(l, self)
        return result


# Scalar kinds of the binary operators: a float result stores its local
# partial derivatives in the node (vjps None), so the backward pass multiplies
# inline instead of calling a vjp. 0: no scalar rule (pow, matmul).
_MUL, _ADD, _SUB, _DIV = 1, 2, 3, 4


def _binary_method(
    name: str, fwd: Callable[[Any, Any], Any], vjp_x: Vjp, vjp_y: Vjp, kind: int
) -> tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]:
    """The forward and reflected operator methods of one binary function.

    ``lift2`` specialised by hand: this is where scalar code spends its time,
    so the vjp tuples are built once, the BVar is made without __init__, and
    float results record their partial derivatives directly.
    """
    both = (vjp_x, vjp_y)
    only_x = (vjp_x,)
    only_y = (vjp_y,)
    new = object.__new__

    def method(self: BVar[Any, Any], other: Any) -> BVar[Any, Any]:
        xv = self._value
        tape = self._tape
        xi = self._idx
        if type(other) is BVar:
            yv = other._value
            yi = other._idx
            yt = other._tape
            if tape is None:
                tape = yt
            elif yt is not None and yt is not tape:
                raise _mixed(name)
        else:
            yv = other
            yi = -1
        out = fwd(xv, yv)
        if tape is None:
            return const(out)
        if not tape.live:
            raise _escaped(name)
        if kind and type(out) is float:
            if kind == _MUL:
                px = yv
                py = xv
            elif kind == _ADD:
                px = py = 1.0
            elif kind == _SUB:
                px = 1.0
                py = -1.0
            else:
                px = 1.0 / yv
                py = -out / yv
            if yi < 0:
                node: tuple[Any, ...] = (xi, px)
            elif xi < 0:
                node = (yi, py)
            else:
                node = (xi, yi, px, py)
        elif yi < 0:
            node = ((xi,), only_x, (xv, yv, out))
        elif xi < 0:
            node = ((yi,), only_y, (xv, yv, out))
        else:
            node = ((xi, yi), both, (xv, yv, out))
        nodes = tape.nodes
        nodes.append(node)
        v = new(BVar)
        v._value = out
        v._tape = tape
        v._idx = len(nodes) - 1
        return v

    def reflected(self: BVar[Any, Any], other: Any) -> BVar[Any, Any]:
        yv = self._value
        out = fwd(other, yv)
        tape = self._tape
        if tape is None:
            return const(out)
        if not tape.live:
            raise _escaped(name)
        nodes = tape.nodes
        if kind and type(out) is float:
            if kind == _MUL:
                py = other
            elif kind == _ADD:
                py = 1.0
            elif kind == _SUB:
                py = -1.0
            else:
                py = -out / yv
            nodes.append((self._idx, py))
        else:
            nodes.append(((self._idx,), only_y, (other, yv, out)))
        v = new(BVar)
        v._value = out
        v._tape = tape
        v._idx = len(nodes) - 1
        return v

    method.__name__ = f"__{name}__"
    reflected.__name__ = f"__r{name}__"
    return method, reflected


for _dunder, _name, _kind in [
    ("add", "add", _ADD),
    ("sub", "sub", _SUB),
    ("mul", "mul", _MUL),
    ("truediv", "div", _DIV),
    ("pow", "pow", 0),
    ("matmul", "matmul", 0),
]:
    _fwd, _vjp_x, _vjp_y = _arith.BINARY[_name]
    _method, _reflected = _binary_method(_dunder, _fwd, _vjp_x, _vjp_y, _kind)
    setattr(BVar, f"__{_dunder}__", _method)
    setattr(BVar, f"__r{_dunder}__", _reflected)


_COMPARISONS: dict[Any, Callable[..., Any]] = {
    np.equal: np.equal,
    np.not_equal: np.not_equal,
    np.less: np.less,
    np.less_equal: np.less_equal,
    np.greater: np.greater,
    np.greater_equal: np.greater_equal,
}


def const(value: A) -> BVar[Any, A]:
    """A BVar of ``value`` on no tape (made without a Python-level __init__ call)."""
    v: BVar[Any, A] = _new(BVar)
    v._value = value
    v._tape = None
    v._idx = -1
    return v


@overload
def unwrap(x: BVar[Any, A]) -> A: ...
@overload
def unwrap(x: A) -> A: ...
def unwrap(x: Any) -> Any:
    return x._value if type(x) is BVar else x


def _register_core_ufuncs() -> None:
    def unary(name: str) -> Callable[[Any], Any]:
        fwd, vjp = _arith.UNARY[name]
        return lambda x: lift1(name, fwd, vjp, x)

    def binary(name: str) -> Callable[[Any, Any], Any]:
        fwd, vjp_x, vjp_y = _arith.BINARY[name]
        return lambda x, y: lift2(name, fwd, vjp_x, vjp_y, x, y)

    UFUNCS.update(
        {
            np.add: binary("add"),
            np.subtract: binary("sub"),
            np.multiply: binary("mul"),
            np.divide: binary("div"),
            np.power: binary("pow"),
            np.matmul: binary("matmul"),
            np.positive: lambda x: x,
            np.negative: unary("neg"),
            np.absolute: unary("abs"),
            np.sign: unary("sign"),
            np.reciprocal: unary("recip"),
        }
    )
    for ufunc, name in [
        (np.exp, "exp"), (np.log, "log"), (np.sqrt, "sqrt"), (np.sin, "sin"),
        (np.cos, "cos"), (np.tan, "tan"), (np.arcsin, "asin"),
        (np.arccos, "acos"), (np.arctan, "atan"), (np.sinh, "sinh"),
        (np.cosh, "cosh"), (np.tanh, "tanh"), (np.arcsinh, "asinh"),
        (np.arccosh, "acosh"), (np.arctanh, "atanh"),
    ]:  # fmt: skip
        UFUNCS[ufunc] = unary(name)


_register_core_ufuncs()
