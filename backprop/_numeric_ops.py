"""Numeric Ops: one ``Op`` per Num, Fractional and Floating method.

They are built from the derivative table in ``_rules``, the same rules the
BVar operators and ``backprop.numpy`` use, so they cannot disagree. At run
time each is polymorphic in the number type (floats, complex, numpy arrays
with broadcasting); a module-level constant cannot carry a type variable, so
they are typed as Haskell's examples use them, on floats
(``Op[tuple[float, float], float]``): on arrays, use ``backprop.numpy``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._op import Op
from ._rules.elementwise import BINARY, UNARY
from ._tape import FP_ERRORS, ieee

Op1 = Op[tuple[float], float]
Op2 = Op[tuple[float, float], float]


def _safe(vjp: Callable[[Any, Any], Any], d: Any, p: Any) -> Any:
    # the floating-point policy of the backward pass, for a vjp run directly
    try:
        return vjp(d, p)
    except FP_ERRORS:
        return ieee(vjp, d, p)


def _unary(name: str) -> Op1:
    rule = UNARY[name]
    fwd, vjp = rule.fwd, rule.vjps[0]  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    assert vjp is not None

    def run_with(args: tuple[Any]) -> tuple[Any, Callable[[Any], tuple[Any]]]:
        x = args[0]
        out = fwd(x)
        return out, lambda d: (_safe(vjp, d, (x, out)),)

    return Op(run_with, f"{name}_op")


def _binary(name: str) -> Op2:
    rule = BINARY[name]
    fwd, vjp_x, vjp_y = rule.fwd, rule.vjps[0], rule.vjps[1]  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    assert vjp_x is not None
    assert vjp_y is not None

    def run_with(
        args: tuple[Any, Any],
    ) -> tuple[Any, Callable[[Any], tuple[Any, Any]]]:
        x, y = args
        out = fwd(x, y)
        p = (x, y, out)
        return out, lambda d: (_safe(vjp_x, d, p), _safe(vjp_y, d, p))

    return Op(run_with, f"{name}_op")


add_op: Op2 = _binary("add")
"""``(+.)``: ``x + y``."""
sub_op: Op2 = _binary("sub")
"""``(-.)``: ``x - y``."""
mul_op: Op2 = _binary("mul")
"""``(*.)``: ``x * y``."""
div_op: Op2 = _binary("div")
"""``(/.)``: ``x / y``."""
pow_op: Op2 = _binary("pow")
"""``(**.)``: ``x ** y``."""
log_base_op: Op2 = _binary("log_base")
"""``logBaseOp``: the logarithm of ``x`` in base ``b``, arguments ``(b, x)``."""
neg_op: Op1 = _unary("neg")
"""``negateOp``: ``-x``."""
abs_op: Op1 = _unary("abs")
"""``absOp``: ``abs(x)``."""
sign_op: Op1 = _unary("sign")
"""``signumOp``: the sign of ``x`` (zero gradient)."""
recip_op: Op1 = _unary("recip")
"""``recipOp``: ``1 / x``."""
exp_op: Op1 = _unary("exp")
"""``expOp``."""
log_op: Op1 = _unary("log")
"""``logOp``."""
sqrt_op: Op1 = _unary("sqrt")
"""``sqrtOp``."""
sin_op: Op1 = _unary("sin")
"""``sinOp``."""
cos_op: Op1 = _unary("cos")
"""``cosOp``."""
tan_op: Op1 = _unary("tan")
"""``tanOp``."""
asin_op: Op1 = _unary("asin")
"""``asinOp``."""
acos_op: Op1 = _unary("acos")
"""``acosOp``."""
atan_op: Op1 = _unary("atan")
"""``atanOp``."""
sinh_op: Op1 = _unary("sinh")
"""``sinhOp``."""
cosh_op: Op1 = _unary("cosh")
"""``coshOp``."""
tanh_op: Op1 = _unary("tanh")
"""``tanhOp``."""
asinh_op: Op1 = _unary("asinh")
"""``asinhOp``."""
acosh_op: Op1 = _unary("acosh")
"""``acoshOp``."""
atanh_op: Op1 = _unary("atanh")
"""``atanhOp``."""
