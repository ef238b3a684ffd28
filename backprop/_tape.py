"""The tape and ``BVar`` (Numeric.Backprop.Internal).

A runner creates one ``Tape``; every operation on a ``BVar`` appends a node
to its flat list, in creation order. The backward pass walks that list once,
newest to oldest, starting at the output's own node. See ``README.md``
beside this file for the node shapes and the why of each choice.

This module knows no derivative rule: the operators, numpy's protocols and
the array methods of ``BVar`` are attached by ``backprop._rules``, the
element access and optics by ``backprop._containers`` and
``backprop._optics`` (higher layers attach what they add).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, NoReturn, Protocol, TypeVar, overload

import numpy as np

from ._class import instance, register
from ._typevars import A, B, S

if TYPE_CHECKING:
    from typing import Literal

    from lenses.ui import UnboundLens
    from numpy.typing import NDArray

    from ._lenses import Traversal
    from ._tree import Arithmetic

# The operators' types (BVar's declarations below).
_S2 = TypeVar("_S2")
# An array type is matched as ndarray[shape, dtype], not as a TypeVar bound
# to ndarray: mypy does not check a bound when it binds `self`.
_Sh = TypeVar("_Sh", bound=tuple[Any, ...])
_Dt = TypeVar("_Dt", bound="np.dtype[Any]")
_Rec = TypeVar("_Rec", bound="Arithmetic")


class _Number(Protocol):
    """A number type of the user's (a Fraction, say): the operators a BVar lifts."""

    def __add__(self, other: Any, /) -> Any: ...
    def __sub__(self, other: Any, /) -> Any: ...
    def __mul__(self, other: Any, /) -> Any: ...
    def __truediv__(self, other: Any, /) -> Any: ...
    def __neg__(self) -> Any: ...
    def __abs__(self) -> Any: ...


_Num = TypeVar("_Num", bound=_Number)

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


# --- the floating-point policy ---------------------------------------------------------
#
# A backward pass gives IEEE results (inf, nan), never an exception. The loop
# catches what Python floats raise (ZeroDivisionError, OverflowError) and what
# numpy raises under np.seterr or warning filters, and runs that one rule again
# with numpy floats under np.errstate(all="ignore"). While it does, operations
# on BVars of an enclosing call (a nested derivative) are IEEE too.

FP_ERRORS = (ZeroDivisionError, OverflowError, FloatingPointError, RuntimeWarning)

_local = threading.local()


def in_ieee() -> bool:
    """Whether a rule is being rerun with IEEE semantics on this thread."""
    return getattr(_local, "ieee", 0) > 0


def _np_floats(x: Any) -> Any:
    if type(x) is float:
        return np.float64(x)
    if type(x) is tuple:
        return tuple([_np_floats(e) for e in x])
    return x


def _py_floats(x: Any) -> Any:
    if type(x) is np.float64:
        return float(x)
    if type(x) is list or type(x) is tuple:
        return type(x)([_py_floats(e) for e in x])
    return x


def ieee(fn: Callable[..., Any], *args: Any) -> Any:
    """``fn(*args)`` with IEEE semantics: Python floats computed as numpy
    floats (1/0 is inf), no floating-point warning or error, Python floats
    back out."""
    _local.ieee = getattr(_local, "ieee", 0) + 1
    try:
        with np.errstate(all="ignore"):
            return _py_floats(fn(*[_np_floats(a) for a in args]))
    finally:
        _local.ieee -= 1


def forward_fp(fn: Callable[..., Any], *args: Any) -> Any:
    """An operation on BVars that met a floating-point exception: plain
    Python semantics (raise) in user code, IEEE inside a rule's rerun."""
    if not in_ieee():
        raise
    return ieee(fn, *args)


# --- tapes -------------------------------------------------------------------------------


def live_tapes() -> list[Tape]:
    """The tapes whose runner calls are running on this thread, outermost first."""
    stack: list[Tape] = getattr(_local, "stack", None) or []
    return stack


def _current() -> Tape | None:
    stack = live_tapes()
    return stack[-1] if stack else None


class Tape:
    """The nodes of one runner call. Never shared between calls or threads.

    ``outer`` is the tape of the runner call this one runs inside (a nested
    derivative), whose BVars are constants here.
    """

    __slots__ = ("adders", "level", "live", "n_inputs", "nodes", "outer")

    def __init__(self) -> None:
        # (parents, vjps, payload), or a flat float node (see backward)
        self.nodes: list[tuple[Any, ...]] = []
        self.live = True
        self.n_inputs = 0
        # Explicit-mode AddFuncs, by node index; the class's add elsewhere.
        self.adders: dict[int, Callable[[Any, Any], Any]] = {}
        self.outer: Tape | None = _current()
        self.level: int = 0 if self.outer is None else self.outer.level + 1

    def __enter__(self) -> Tape:
        stack = getattr(_local, "stack", None)
        if stack is None:
            stack = _local.stack = []
        stack.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _local.stack.remove(self)

    def input(self, value: A) -> BVar[Any, A]:
        self.nodes.append(((), (), None))
        self.n_inputs += 1
        return BVar(value, self, len(self.nodes) - 1)

    def close(self) -> None:
        self.live = False
        self.nodes = []
        self.adders = {}

    def encloses(self, other: Tape) -> bool:
        t = other.outer
        while t is not None:
            if t is self:
                return True
            t = t.outer
        return False

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
            if vjps is VIEW:
                # A view: file (focus, g) straight into the parent's sparse
                # gradient instead of making a Sparse per view to absorb.
                j = parents[0]
                cur = grads[j]
                if type(cur) is Sparse and j not in adders:
                    cur.put(payload[1], g)
                else:
                    c = Sparse(payload[0], payload[1], g)
                    grads[j] = c if cur is None else self._accumulate(j, cur, c, owned)
                continue
            if type(vjps) is tuple:
                # Most nodes have one parent: no loop for them (the sin-chain row).
                n = len(parents)
                k = 0
                while k < n:
                    j = parents[k]
                    vjp = vjps[k]
                    k += 1
                    try:
                        c = vjp(g, payload)
                    except FP_ERRORS:
                        c = ieee(vjp, g, payload)
                    cur = grads[j]
                    if cur is None:
                        grads[j] = c
                    elif type(cur) is float and type(c) is float and j not in adders:
                        grads[j] = cur + c
                    else:
                        grads[j] = self._accumulate(j, cur, c, owned)
            else:
                try:
                    cs = vjps(g, payload)
                except FP_ERRORS:
                    cs = ieee(vjps, g, payload)
                for j, c in zip(parents, cs):
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


# --- views and their sparse gradients ------------------------------------------------


class Focus(Protocol):
    """Where a view looks into its parent's value (hashable).

    ``get(value)`` reads the focus; ``materialize(base, items)`` builds the
    whole gradient of ``base`` from ``[(focus, g), ...]`` of one kind of focus
    (zeros elsewhere), on plain values.
    """

    def get(self, value: Any) -> Any: ...

    def materialize(self, base: Any, items: list[tuple[Any, Any]]) -> Any: ...


class Sparse:
    """Gradient contributions to some foci of a value, not yet made whole.

    Views of one record each contribute ``(focus, g)``; they are kept in a
    dict by focus and turned into one whole gradient when the record's node
    is reached (``materialize``), so k views cost O(k) plus one record.
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
                self.put(focus, g)
            if c.dense is not None:
                self._add_dense(c.dense)
        else:
            self._add_dense(c)

    def put(self, focus: Any, g: Any) -> None:
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
        items = list(self.items.items())
        nested = type(self.base) is BVar
        for _, g in items:
            nested = nested or type(g) is BVar
        # in a nested derivative one node of the enclosing tape builds it
        part = scatter(self.base, items) if nested else _build(self.base, items, self._add)
        return part if self.dense is None else self._add(self.dense, part)


def _build(base: Any, items: list[tuple[Any, Any]], add: Callable[[Any, Any], Any]) -> Any:
    """The whole gradient of ``base`` from plain ``(focus, g)`` pairs: each
    kind of focus builds its part once."""
    first = type(items[0][0])
    kinds: dict[type, list[tuple[Any, Any]]] = {first: items}
    for focus, _ in items:
        if type(focus) is not first:  # foci of several kinds: group them
            kinds = {}
            for focus_g in items:
                kinds.setdefault(type(focus_g[0]), []).append(focus_g)
            break
    total: Any = None
    for group in kinds.values():
        part = group[0][0].materialize(base, group)
        total = part if total is None else add(total, part)
    return total


def _class_add(x: Any, y: Any) -> Any:
    return instance(type(x)).add(x, y)


def _view_vjp(g: Any, payload: Any) -> Sparse:
    return Sparse(payload[0], payload[1], g)


VIEW = (_view_vjp,)  # the vjps of every view node; the backward pass knows it


def _plain(x: Any) -> Any:
    while type(x) is BVar:
        x = x._value
    return x


def _gather_vjp(h: Any, foci: Any) -> list[Any]:
    return [get_focus(focus, h) for focus in foci]


def scatter(base: Any, items: list[tuple[Any, Any]]) -> Any:
    """The gradient of ``base`` that is each ``g`` at its focus and zero
    elsewhere, differentiable in the ``g``s (one node; its vjp reads each
    focus back): the sparse gradient of a nested derivative, built once."""
    foci = [focus for focus, _ in items]
    gs = [g for _, g in items]
    tape = tape_of("gradient", gs)
    vals, parents = values(tape, gs)
    if any(type(v) is BVar for v in vals):
        out = scatter(base, list(zip(foci, vals)))
    else:
        out = _build(_plain(base), list(zip(foci, vals)), _class_add)
    if tape is None:
        return const(out) if any(type(g) is BVar for g in gs) else out
    return record(tape, out, parents, _gather_vjp, foci)


def get_focus(focus: Any, x: Any) -> Any:
    """``focus.get`` on a plain value, or a view of it on a BVar."""
    if type(x) is BVar:
        return view("view", x, focus)
    return focus.get(x)


def view(op: str, x: BVar[Any, Any], focus: Any) -> BVar[Any, Any]:
    """A BVar of one focus of ``x``; its gradient goes back sparsely."""
    return view_of(op, x, focus, get_focus(focus, x._value))


def view_of(op: str, x: BVar[Any, Any], focus: Any, value: Any) -> BVar[Any, Any]:
    """``view`` with the focus's value already read."""
    tape = x._tape
    if tape is None:
        return const(value)
    if not tape.live:
        raise _escaped(op)
    nodes = tape.nodes
    nodes.append(((x._idx,), VIEW, (x._value, focus)))
    v = _new(BVar)
    v._value = value
    v._tape = tape
    v._idx = len(nodes) - 1
    return v


# --- errors ------------------------------------------------------------------------------


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


def no_number(kind: str) -> NoReturn:
    raise TypeError(
        f"{kind}() of a BVar would silently drop its gradient: read x.value "
        f"for the plain value, or use a lifted function (backprop.numpy, "
        f"backprop.op) to stay on the tape."
    )


# --- putting values on a tape ------------------------------------------------------------


def tape_of(op: str, xs: Sequence[Any]) -> Tape | None:
    """The tape the BVars among ``xs`` are recorded on: the innermost one,
    when BVars of an enclosing call take part as constants (None if all are
    constants). Raises for a BVar of a call that has returned."""
    tape: Tape | None = None
    for x in xs:
        if type(x) is BVar:
            t = x._tape
            if t is not None and t is not tape:
                if not t.live:
                    raise _escaped(op)
                if tape is None or t.encloses(tape):
                    if tape is None:
                        tape = t
                elif tape.encloses(t):
                    tape = t
                else:
                    raise _mixed(op)
    return tape


def values(tape: Tape | None, xs: Sequence[Any]) -> tuple[list[Any], tuple[int, ...]]:
    """The values of ``xs`` as ``tape`` sees them, and their node indices
    (-1 for a constant). A BVar of an enclosing call is a constant here:
    its value is the BVar itself."""
    vals = []
    parents = []
    for x in xs:
        if type(x) is BVar and (x._tape is tape or x._tape is None):
            vals.append(x._value)
            parents.append(x._idx if x._tape is not None else -1)
        else:
            vals.append(x)
            parents.append(-1)
    return vals, tuple(parents)


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


# --- BVar ----------------------------------------------------------------------------------


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
    __hash__ = None  # type: ignore[assignment]  # equality compares values  # pyright: ignore[reportAssignmentType]

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

    if TYPE_CHECKING:
        # Attached by backprop._rules (arithmetic) and by backprop._containers
        # and backprop._optics (element and optic access).
        #
        # The operators exist for the value types that have them at run time
        # (backprop/_rules/operators.py): floats, ints, complex numbers and
        # numpy arrays, mixed as numpy mixes them, a backprop.Arithmetic
        # record (+ and - of two records, * and / by a number), and a number
        # type of the user's (+ - * / of two of its values). A BVar of a
        # list, tuple, dict or plain dataclass has none. Both operands are of
        # one scope S, except a constant (ConstVar, below) on the left, which
        # takes its partner's scope. The reflected forms take plain values
        # (numbers, numpy arrays and numpy scalars) on the left. A real value
        # with a complex number is complex (an array of complexfloating).
        # Each narrower number kind comes before a wider one (int, float,
        # complex: an int is a float and a float a complex to the checkers),
        # which pyright reports as overloads that overlap
        # (reportOverlappingOverload); the first that fits is the answer.
        @overload
        def __add__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __add__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(
            self: BVar[S, float], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __add__(self: BVar[S, int], other: BVar[S, int] | int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __add__(self: BVar[S, int], other: BVar[S, float] | float) -> BVar[S, float]: ...
        @overload
        def __add__(
            self: BVar[S, int], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(
            self: BVar[S, int], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __add__(
            self: BVar[S, complex],
            other: BVar[S, complex] | BVar[S, float] | BVar[S, int] | complex,
        ) -> BVar[S, complex]: ...
        @overload
        def __add__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]]
            | BVar[S, float]
            | BVar[S, int]
            | np.ndarray[_Sh, _Dt]
            | float
            | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, complex] | complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __add__(self: BVar[S, _Rec], other: BVar[S, _Rec] | _Rec) -> BVar[S, _Rec]: ...
        @overload
        def __add__(self: BVar[S, _Num], other: BVar[S, _Num] | _Num) -> BVar[S, _Num]: ...
        def __add__(self, other: Any) -> Any: ...
        @overload
        def __radd__(self: BVar[S, float], other: float) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __radd__(
            self: BVar[S, float], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __radd__(self: BVar[S, float], other: complex) -> BVar[S, complex]: ...
        @overload
        def __radd__(self: BVar[S, int], other: int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __radd__(self: BVar[S, int], other: float) -> BVar[S, float]: ...
        @overload
        def __radd__(
            self: BVar[S, int], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __radd__(self: BVar[S, int], other: complex) -> BVar[S, complex]: ...
        @overload
        def __radd__(self: BVar[S, complex], other: complex) -> BVar[S, complex]: ...
        @overload
        def __radd__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: np.ndarray[_Sh, _Dt] | float | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __radd__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __radd__(self: BVar[S, _Num], other: _Num) -> BVar[S, _Num]: ...
        def __radd__(self, other: Any) -> Any: ...
        @overload
        def __sub__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __sub__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(
            self: BVar[S, float], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __sub__(self: BVar[S, int], other: BVar[S, int] | int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __sub__(self: BVar[S, int], other: BVar[S, float] | float) -> BVar[S, float]: ...
        @overload
        def __sub__(
            self: BVar[S, int], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(
            self: BVar[S, int], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __sub__(
            self: BVar[S, complex],
            other: BVar[S, complex] | BVar[S, float] | BVar[S, int] | complex,
        ) -> BVar[S, complex]: ...
        @overload
        def __sub__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]]
            | BVar[S, float]
            | BVar[S, int]
            | np.ndarray[_Sh, _Dt]
            | float
            | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, complex] | complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __sub__(self: BVar[S, _Rec], other: BVar[S, _Rec] | _Rec) -> BVar[S, _Rec]: ...
        @overload
        def __sub__(self: BVar[S, _Num], other: BVar[S, _Num] | _Num) -> BVar[S, _Num]: ...
        def __sub__(self, other: Any) -> Any: ...
        @overload
        def __rsub__(self: BVar[S, float], other: float) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rsub__(
            self: BVar[S, float], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rsub__(self: BVar[S, float], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rsub__(self: BVar[S, int], other: int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rsub__(self: BVar[S, int], other: float) -> BVar[S, float]: ...
        @overload
        def __rsub__(
            self: BVar[S, int], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rsub__(self: BVar[S, int], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rsub__(self: BVar[S, complex], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rsub__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: np.ndarray[_Sh, _Dt] | float | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rsub__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __rsub__(self: BVar[S, _Num], other: _Num) -> BVar[S, _Num]: ...
        def __rsub__(self, other: Any) -> Any: ...
        @overload
        def __mul__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __mul__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(
            self: BVar[S, float], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __mul__(self: BVar[S, float], other: BVar[S, _Rec]) -> BVar[S, _Rec]: ...
        @overload
        def __mul__(self: BVar[S, int], other: BVar[S, int] | int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __mul__(self: BVar[S, int], other: BVar[S, float] | float) -> BVar[S, float]: ...
        @overload
        def __mul__(
            self: BVar[S, int], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(
            self: BVar[S, int], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __mul__(
            self: BVar[S, complex],
            other: BVar[S, complex] | BVar[S, float] | BVar[S, int] | complex,
        ) -> BVar[S, complex]: ...
        @overload
        def __mul__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]]
            | BVar[S, float]
            | BVar[S, int]
            | np.ndarray[_Sh, _Dt]
            | float
            | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, complex] | complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __mul__(self: BVar[S, _Num], other: BVar[S, _Num] | _Num) -> BVar[S, _Num]: ...
        @overload
        def __mul__(self: BVar[S, _Rec], other: BVar[S, float] | float) -> BVar[S, _Rec]: ...
        def __mul__(self, other: Any) -> Any: ...
        @overload
        def __rmul__(self: BVar[S, float], other: float) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rmul__(
            self: BVar[S, float], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rmul__(self: BVar[S, float], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rmul__(self: BVar[S, int], other: int) -> BVar[S, int]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rmul__(self: BVar[S, int], other: float) -> BVar[S, float]: ...
        @overload
        def __rmul__(
            self: BVar[S, int], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rmul__(self: BVar[S, int], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rmul__(self: BVar[S, complex], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rmul__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: np.ndarray[_Sh, _Dt] | float | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rmul__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __rmul__(self: BVar[S, _Rec], other: float) -> BVar[S, _Rec]: ...
        @overload
        def __rmul__(self: BVar[S, _Num], other: _Num) -> BVar[S, _Num]: ...
        def __rmul__(self, other: Any) -> Any: ...
        @overload
        def __truediv__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __truediv__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(
            self: BVar[S, float], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __truediv__(self: BVar[S, int], other: BVar[S, int] | int) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __truediv__(self: BVar[S, int], other: BVar[S, float] | float) -> BVar[S, float]: ...
        @overload
        def __truediv__(
            self: BVar[S, int], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(
            self: BVar[S, int], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __truediv__(
            self: BVar[S, complex],
            other: BVar[S, complex] | BVar[S, float] | BVar[S, int] | complex,
        ) -> BVar[S, complex]: ...
        @overload
        def __truediv__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]]
            | BVar[S, float]
            | BVar[S, int]
            | np.ndarray[_Sh, _Dt]
            | float
            | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, complex] | complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __truediv__(self: BVar[S, _Num], other: BVar[S, _Num] | _Num) -> BVar[S, _Num]: ...
        @overload
        def __truediv__(self: BVar[S, _Rec], other: BVar[S, float] | float) -> BVar[S, _Rec]: ...
        def __truediv__(self, other: Any) -> Any: ...
        @overload
        def __rtruediv__(self: BVar[S, float], other: float) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rtruediv__(
            self: BVar[S, float], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rtruediv__(self: BVar[S, float], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rtruediv__(self: BVar[S, int], other: int) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rtruediv__(self: BVar[S, int], other: float) -> BVar[S, float]: ...
        @overload
        def __rtruediv__(
            self: BVar[S, int], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rtruediv__(self: BVar[S, int], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rtruediv__(self: BVar[S, complex], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rtruediv__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: np.ndarray[_Sh, _Dt] | float | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rtruediv__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        @overload
        def __rtruediv__(self: BVar[S, _Num], other: _Num) -> BVar[S, _Num]: ...
        def __rtruediv__(self, other: Any) -> Any: ...
        @overload
        def __pow__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __pow__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(
            self: BVar[S, float], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __pow__(self: BVar[S, int], other: BVar[S, int] | int) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __pow__(self: BVar[S, int], other: BVar[S, float] | float) -> BVar[S, float]: ...
        @overload
        def __pow__(
            self: BVar[S, int], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(
            self: BVar[S, int], other: BVar[S, complex] | complex
        ) -> BVar[S, complex]: ...
        @overload
        def __pow__(
            self: BVar[S, complex],
            other: BVar[S, complex] | BVar[S, float] | BVar[S, int] | complex,
        ) -> BVar[S, complex]: ...
        @overload
        def __pow__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]]
            | BVar[S, float]
            | BVar[S, int]
            | np.ndarray[_Sh, _Dt]
            | float
            | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, complex] | complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        def __pow__(self, other: Any) -> Any: ...
        @overload
        def __rpow__(self: BVar[S, float], other: float) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rpow__(
            self: BVar[S, float], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rpow__(self: BVar[S, float], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rpow__(self: BVar[S, int], other: int) -> BVar[S, float]: ...  # pyright: ignore[reportOverlappingOverload]
        @overload
        def __rpow__(self: BVar[S, int], other: float) -> BVar[S, float]: ...
        @overload
        def __rpow__(
            self: BVar[S, int], other: np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rpow__(self: BVar[S, int], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rpow__(self: BVar[S, complex], other: complex) -> BVar[S, complex]: ...
        @overload
        def __rpow__(  # pyright: ignore[reportOverlappingOverload]
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: np.ndarray[_Sh, _Dt] | float | np.number[Any],
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __rpow__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: complex
        ) -> BVar[S, np.ndarray[_Sh, np.dtype[np.complexfloating[Any, Any]]]]: ...
        def __rpow__(self, other: Any) -> Any: ...
        def __matmul__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: BVar[S, NDArray[Any]] | NDArray[Any]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        def __rmatmul__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: NDArray[Any]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __neg__(self: BVar[S, float]) -> BVar[S, float]: ...
        @overload
        def __neg__(self: BVar[S, int]) -> BVar[S, int]: ...
        @overload
        def __neg__(self: BVar[S, complex]) -> BVar[S, complex]: ...
        @overload
        def __neg__(self: BVar[S, np.ndarray[_Sh, _Dt]]) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __neg__(self: BVar[S, _Rec]) -> BVar[S, _Rec]: ...
        @overload
        def __neg__(self: BVar[S, _Num]) -> BVar[S, _Num]: ...
        def __neg__(self) -> Any: ...
        @overload
        def __pos__(self: BVar[S, float]) -> BVar[S, float]: ...
        @overload
        def __pos__(self: BVar[S, int]) -> BVar[S, int]: ...
        @overload
        def __pos__(self: BVar[S, complex]) -> BVar[S, complex]: ...
        @overload
        def __pos__(self: BVar[S, np.ndarray[_Sh, _Dt]]) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pos__(self: BVar[S, _Rec]) -> BVar[S, _Rec]: ...
        @overload
        def __pos__(self: BVar[S, _Num]) -> BVar[S, _Num]: ...
        def __pos__(self) -> Any: ...
        @overload
        def __abs__(self: BVar[S, float]) -> BVar[S, float]: ...
        @overload
        def __abs__(self: BVar[S, int]) -> BVar[S, int]: ...
        @overload
        def __abs__(self: BVar[S, complex]) -> BVar[S, complex]: ...
        @overload
        def __abs__(self: BVar[S, np.ndarray[_Sh, _Dt]]) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __abs__(self: BVar[S, _Num]) -> BVar[S, _Num]: ...
        def __abs__(self) -> Any: ...
        @property
        def T(self) -> BVar[S, A]: ...
        def __getitem__(self, idx: Any) -> BVar[S, Any]: ...
        def __iter__(self) -> Iterator[BVar[S, Any]]: ...
        def view(self, l: UnboundLens[A, A, B, B]) -> BVar[S, B]: ...
        def set(self, l: UnboundLens[A, A, B, B], y: BVar[S, B] | B) -> BVar[S, A]: ...
        def over(
            self, l: UnboundLens[A, A, B, B], f: Callable[[BVar[S, B]], BVar[S, B]]
        ) -> BVar[S, A]: ...
        def preview(self, l: Traversal[A, B]) -> BVar[S, B] | None: ...
        def to_list_of(self, l: Traversal[A, B]) -> list[BVar[S, B]]: ...
        # numpy's mod (backprop._rules.operators), for floats, ints and arrays
        @overload
        def __mod__(
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __mod__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mod__(
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]] | BVar[S, float] | np.ndarray[_Sh, _Dt] | float,
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        def __mod__(self, other: Any) -> Any: ...
        @overload
        def __rmod__(self: BVar[S, float], other: float) -> BVar[S, float]: ...
        @overload
        def __rmod__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        def __rmod__(self, other: Any) -> Any: ...
        # floor division: a constant (backprop._rules.operators)
        @overload
        def __floordiv__(
            self: BVar[S, float], other: BVar[S, float] | BVar[S, int] | float
        ) -> BVar[S, float]: ...
        @overload
        def __floordiv__(
            self: BVar[S, float], other: BVar[S, np.ndarray[_Sh, _Dt]] | np.ndarray[_Sh, _Dt]
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __floordiv__(
            self: BVar[S, np.ndarray[_Sh, _Dt]],
            other: BVar[S, np.ndarray[_Sh, _Dt]] | BVar[S, float] | np.ndarray[_Sh, _Dt] | float,
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        def __floordiv__(self, other: Any) -> Any: ...
        @overload
        def __rfloordiv__(self: BVar[S, float], other: float) -> BVar[S, float]: ...
        @overload
        def __rfloordiv__(
            self: BVar[S, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> BVar[S, np.ndarray[_Sh, _Dt]]: ...
        def __rfloordiv__(self, other: Any) -> Any: ...
        # ndarray methods (backprop._rules.methods), typed as backprop.numpy's functions
        sum: Reduction[S, A]
        mean: Reduction[S, A]
        prod: Reduction[S, A]
        max: Reduction[S, A]
        min: Reduction[S, A]
        var: Moment[S, A]
        std: Moment[S, A]
        def cumsum(self, axis: int | None = None) -> BVar[S, A]: ...
        def cumprod(self, axis: int | None = None) -> BVar[S, A]: ...
        def reshape(
            self, *shape: int | tuple[int, ...], order: Literal["C", "F", "A"] = "C"
        ) -> BVar[S, A]: ...
        def ravel(self, order: Literal["C", "F", "A", "K"] = "C") -> BVar[S, A]: ...
        def flatten(self, order: Literal["C", "F", "A", "K"] = "C") -> BVar[S, A]: ...
        def squeeze(self, axis: int | tuple[int, ...] | None = None) -> BVar[S, A]: ...
        def transpose(self, *axes: int | Sequence[int] | None) -> BVar[S, A]: ...
        def swapaxes(self, axis1: int, axis2: int) -> BVar[S, A]: ...
        def dot(self, b: BVar[S, A] | A) -> BVar[S, A]: ...
        def clip(
            self, min: BVar[S, A] | A | float | None = None, max: BVar[S, A] | A | float | None = None
        ) -> BVar[S, A]: ...
        astype: AsType[S]
        def conj(self) -> BVar[S, A]: ...
        def conjugate(self) -> BVar[S, A]: ...
        @property
        def real(self) -> BVar[S, Any]: ...
        @property
        def imag(self) -> BVar[S, Any]: ...
        def round(self, decimals: int = 0) -> BVar[S, A]: ...
        def repeat(self, repeats: int | Sequence[int], axis: int | None = None) -> BVar[S, A]: ...
        def diagonal(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> BVar[S, A]: ...
        # take: one index gives a scalar (axis None) or one axis less, as x[i]
        @overload
        def take(
            self,
            indices: NDArray[np.integer[Any]] | Sequence[int] | Sequence[Sequence[int]],
            axis: int | None = None,
            mode: Literal["raise", "wrap", "clip"] = "raise",
        ) -> BVar[S, A]: ...
        @overload
        def take(
            self,
            indices: int | np.integer[Any],
            axis: int | None = None,
            mode: Literal["raise", "wrap", "clip"] = "raise",
        ) -> BVar[S, Any]: ...
        def take(self, indices: Any, axis: int | None = None, mode: Any = "raise") -> Any: ...
        def compress(
            self,
            condition: NDArray[np.bool_] | NDArray[np.integer[Any]] | Sequence[bool] | Sequence[int],
            axis: int | None = None,
        ) -> BVar[S, A]: ...
        def trace(self, offset: int = 0, axis1: int = 0, axis2: int = 1) -> BVar[S, Any]: ...
        def copy(self) -> BVar[S, A]: ...
        def argmax(self, axis: int | None = None) -> Any: ...
        def argmin(self, axis: int | None = None) -> Any: ...
        # indices and truth values of the value: numpy's results, not BVars
        def argsort(self, axis: int | None = -1) -> NDArray[np.intp]: ...
        def argpartition(self, kth: int | Sequence[int], axis: int | None = -1) -> NDArray[np.intp]: ...
        def nonzero(self) -> tuple[NDArray[np.intp], ...]: ...
        def searchsorted(self, v: Any, side: Literal["left", "right"] = "left") -> Any: ...
        def all(self, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False) -> Any: ...
        def any(self, axis: int | tuple[int, ...] | None = None, *, keepdims: bool = False) -> Any: ...

    # --- Eq / Ord: compare values, so `if x > 0:` branches --------------------
    def __eq__(self, other: object) -> Any:  # bool, or an array for arrays
        return self._value == (other._value if type(other) is BVar else other)

    def __ne__(self, other: object) -> Any:
        return self._value != (other._value if type(other) is BVar else other)

    # An array's comparison is an array of bools, a number's a bool. For
    # branching (`if x > 0.0:`) and masks (`bnp.where(v > 0.0, v, 0.0)`).
    @overload
    def __lt__(
        self: BVar[S, np.ndarray[_Sh, _Dt]],
        other: BVar[S, Any] | NDArray[Any] | float | np.number[Any],
    ) -> NDArray[np.bool_]: ...
    @overload
    def __lt__(
        self: BVar[S, float], other: BVar[S, NDArray[Any]] | NDArray[Any]
    ) -> NDArray[np.bool_]: ...
    @overload
    def __lt__(
        self: BVar[S, float] | BVar[S, int], other: BVar[S, float] | BVar[S, int] | float
    ) -> bool: ...
    def __lt__(self, other: Any) -> Any:
        return self._value < (other._value if type(other) is BVar else other)

    @overload
    def __le__(
        self: BVar[S, np.ndarray[_Sh, _Dt]],
        other: BVar[S, Any] | NDArray[Any] | float | np.number[Any],
    ) -> NDArray[np.bool_]: ...
    @overload
    def __le__(
        self: BVar[S, float], other: BVar[S, NDArray[Any]] | NDArray[Any]
    ) -> NDArray[np.bool_]: ...
    @overload
    def __le__(
        self: BVar[S, float] | BVar[S, int], other: BVar[S, float] | BVar[S, int] | float
    ) -> bool: ...
    def __le__(self, other: Any) -> Any:
        return self._value <= (other._value if type(other) is BVar else other)

    @overload
    def __gt__(
        self: BVar[S, np.ndarray[_Sh, _Dt]],
        other: BVar[S, Any] | NDArray[Any] | float | np.number[Any],
    ) -> NDArray[np.bool_]: ...
    @overload
    def __gt__(
        self: BVar[S, float], other: BVar[S, NDArray[Any]] | NDArray[Any]
    ) -> NDArray[np.bool_]: ...
    @overload
    def __gt__(
        self: BVar[S, float] | BVar[S, int], other: BVar[S, float] | BVar[S, int] | float
    ) -> bool: ...
    def __gt__(self, other: Any) -> Any:
        return self._value > (other._value if type(other) is BVar else other)

    @overload
    def __ge__(
        self: BVar[S, np.ndarray[_Sh, _Dt]],
        other: BVar[S, Any] | NDArray[Any] | float | np.number[Any],
    ) -> NDArray[np.bool_]: ...
    @overload
    def __ge__(
        self: BVar[S, float], other: BVar[S, NDArray[Any]] | NDArray[Any]
    ) -> NDArray[np.bool_]: ...
    @overload
    def __ge__(
        self: BVar[S, float] | BVar[S, int], other: BVar[S, float] | BVar[S, int] | float
    ) -> bool: ...
    def __ge__(self, other: Any) -> Any:
        return self._value >= (other._value if type(other) is BVar else other)

    def __bool__(self) -> bool:
        return bool(self._value)

    # --- conversions that would drop the gradient ---------------------------
    # They raise at run time and are hidden from type checkers, so that
    # `float(x)`, `math.exp(x)`, `int(k)` and `range(k)` are type errors, and
    # numpy's stubs do not take a BVar for an array (`data * x` is then typed
    # by BVar's reflected operators, as the run time does it).
    if not TYPE_CHECKING:

        def __float__(self) -> NoReturn:
            no_number("float")

        def __int__(self) -> NoReturn:
            no_number("int")

        def __complex__(self) -> NoReturn:
            no_number("complex")

        def __index__(self) -> NoReturn:
            no_number("index")

        def __array__(self, *args: object, **kwargs: object) -> NoReturn:
            raise TypeError(
                "a BVar cannot be converted to a numpy array (that would drop its "
                "gradient and make an object array): read x.value for the plain "
                "value, or use backprop.numpy where numpy converts its arguments: "
                "bnp.array([x, y]) for np.array, bnp.full(shape, x) for np.full, "
                "bnp.r_[...] and bnp.c_[...] for np.r_ and np.c_."
            )

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape of the value (numpy's ``np.shape``)."""
        return tuple(np.shape(_plain(self._value)))

    @property
    def ndim(self) -> int:
        """The number of dimensions of the value."""
        return len(self.shape)

    @property
    def size(self) -> int:
        """The number of elements of the value."""
        return int(np.size(_plain(self._value)))

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy dtype of the value."""
        return np.asarray(_plain(self._value)).dtype

    def __len__(self) -> int:
        return len(_plain(self._value))


# Haskell's `instance Backprop (BVar s a)`: a BVar of an enclosing call is a
# value an inner call can differentiate. Its zero and one are constants; its
# add is a node of the enclosing tape that hands the gradient to both sides.
def _bvar_zero(x: BVar[Any, Any]) -> BVar[Any, Any]:
    v = _plain(x)
    return const(instance(type(v)).zero(v))


def _bvar_one(x: BVar[Any, Any]) -> BVar[Any, Any]:
    v = _plain(x)
    return const(instance(type(v)).one(v))


def _both(g: Any, payload: Any) -> tuple[Any, Any]:
    return g, g


def _bvar_add(x: Any, y: Any) -> Any:
    tape = tape_of("add", (x, y))
    (xv, yv), parents = values(tape, (x, y))
    out = instance(type(xv)).add(xv, yv)
    if tape is None:
        return const(out)
    return record(tape, out, parents, _both, None)


register(BVar, zero=_bvar_zero, add=_bvar_add, one=_bvar_one)

if TYPE_CHECKING:

    class ConstVar(BVar[S, A]):
        """What type checkers see of ``const_var(x)``: a BVar on no tape.

        It fits a BVar of any scope (``c: BVar[S, float] = const_var(2.0)``,
        ``lift_op2(op, const_var(2.0), x)``), and on the left of an operator
        it takes the scope of the right operand (``const_var(2.0) * x`` is a
        ``BVar[S, float]``); a constant with a plain value stays a constant.
        ``const_var`` gives a ``ConstVar[S, A]`` of the scope its context asks
        for (so pyright, which narrows an annotated variable to the type
        assigned, keeps ``c: BVar[S, float] = const_var(2.0)`` in scope S), or
        ``ConstVar[Any, A]`` with no context: ``Any`` fits every scope.
        At run time it is a plain ``BVar``. (Its operators replace BVar's for
        constants of floats and arrays; a constant of another type takes part
        in arithmetic once annotated as a ``BVar[S, A]``.)
        """

        @overload  # type: ignore[override]
        def __add__(
            self: ConstVar[Any, float], other: BVar[_S2, float] | BVar[_S2, int]
        ) -> BVar[_S2, float]: ...
        @overload
        def __add__(
            self: ConstVar[Any, float], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]],
            other: BVar[_S2, np.ndarray[_Sh, _Dt]] | BVar[_S2, float],
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(self: ConstVar[Any, float], other: float) -> ConstVar[Any, float]: ...
        @overload
        def __add__(
            self: ConstVar[Any, float], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __add__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __add__(self, other: Any) -> Any: ...  # pyright: ignore[reportIncompatibleMethodOverride]
        @overload  # type: ignore[override]
        def __sub__(
            self: ConstVar[Any, float], other: BVar[_S2, float] | BVar[_S2, int]
        ) -> BVar[_S2, float]: ...
        @overload
        def __sub__(
            self: ConstVar[Any, float], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]],
            other: BVar[_S2, np.ndarray[_Sh, _Dt]] | BVar[_S2, float],
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(self: ConstVar[Any, float], other: float) -> ConstVar[Any, float]: ...
        @overload
        def __sub__(
            self: ConstVar[Any, float], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __sub__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __sub__(self, other: Any) -> Any: ...  # pyright: ignore[reportIncompatibleMethodOverride]
        @overload  # type: ignore[override]
        def __mul__(
            self: ConstVar[Any, float], other: BVar[_S2, float] | BVar[_S2, int]
        ) -> BVar[_S2, float]: ...
        @overload
        def __mul__(
            self: ConstVar[Any, float], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]],
            other: BVar[_S2, np.ndarray[_Sh, _Dt]] | BVar[_S2, float],
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(self: ConstVar[Any, float], other: float) -> ConstVar[Any, float]: ...
        @overload
        def __mul__(
            self: ConstVar[Any, float], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __mul__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __mul__(self, other: Any) -> Any: ...  # pyright: ignore[reportIncompatibleMethodOverride]
        @overload  # type: ignore[override]
        def __truediv__(
            self: ConstVar[Any, float], other: BVar[_S2, float] | BVar[_S2, int]
        ) -> BVar[_S2, float]: ...
        @overload
        def __truediv__(
            self: ConstVar[Any, float], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]],
            other: BVar[_S2, np.ndarray[_Sh, _Dt]] | BVar[_S2, float],
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(self: ConstVar[Any, float], other: float) -> ConstVar[Any, float]: ...
        @overload
        def __truediv__(
            self: ConstVar[Any, float], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __truediv__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __truediv__(self, other: Any) -> Any: ...  # pyright: ignore[reportIncompatibleMethodOverride]
        @overload  # type: ignore[override]
        def __pow__(
            self: ConstVar[Any, float], other: BVar[_S2, float] | BVar[_S2, int]
        ) -> BVar[_S2, float]: ...
        @overload
        def __pow__(
            self: ConstVar[Any, float], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]],
            other: BVar[_S2, np.ndarray[_Sh, _Dt]] | BVar[_S2, float],
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(self: ConstVar[Any, float], other: float) -> ConstVar[Any, float]: ...
        @overload
        def __pow__(
            self: ConstVar[Any, float], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __pow__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt] | float
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __pow__(self, other: Any) -> Any: ...  # pyright: ignore[reportIncompatibleMethodOverride]
        @overload  # type: ignore[override]
        def __matmul__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: BVar[_S2, np.ndarray[_Sh, _Dt]]
        ) -> BVar[_S2, np.ndarray[_Sh, _Dt]]: ...
        @overload
        def __matmul__(
            self: ConstVar[Any, np.ndarray[_Sh, _Dt]], other: np.ndarray[_Sh, _Dt]
        ) -> ConstVar[Any, np.ndarray[_Sh, _Dt]]: ...
        def __matmul__(self, other: Any) -> Any: ...


if TYPE_CHECKING:
    # The types of BVar's ndarray methods with overloads (attached by
    # backprop._rules.methods), typed as backprop.numpy's functions: a
    # reduction over every axis is a float, over some axes an array.
    from numpy.typing import DTypeLike

    _Axes = int | tuple[int, ...]
    _SC = TypeVar("_SC", bound=np.generic)

    class Reduction(Protocol[S, A]):
        """``x.sum()``, ``x.mean(axis=0)``, ``x.max(keepdims=True)`` ..."""

        @overload
        def __call__(self, axis: None = None, *, keepdims: Literal[False] = False) -> BVar[S, float]: ...
        @overload
        def __call__(self, axis: _Axes, *, keepdims: bool = False) -> BVar[S, A]: ...
        @overload
        def __call__(self, axis: None = None, *, keepdims: Literal[True]) -> BVar[S, A]: ...

    class Moment(Protocol[S, A]):
        """``x.var()``, ``x.std(axis=0, ddof=1)`` ..."""

        @overload
        def __call__(
            self, axis: None = None, *, ddof: float = 0, keepdims: Literal[False] = False
        ) -> BVar[S, float]: ...
        @overload
        def __call__(self, axis: _Axes, *, ddof: float = 0, keepdims: bool = False) -> BVar[S, A]: ...
        @overload
        def __call__(
            self, axis: None = None, *, ddof: float = 0, keepdims: Literal[True]
        ) -> BVar[S, A]: ...

    class AsType(Protocol[S]):
        """``x.astype(np.float32)``: a float or complex dtype."""

        @overload
        def __call__(self, dtype: type[_SC] | np.dtype[_SC]) -> BVar[S, NDArray[_SC]]: ...
        @overload
        def __call__(self, dtype: DTypeLike) -> BVar[S, Any]: ...
