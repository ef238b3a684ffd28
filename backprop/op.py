"""Numeric.Backprop.Op: the ``Op`` type, its constructors, runners,
composition and the numeric Ops. Everything here is also importable from
``backprop`` itself."""

from ._numeric_ops import abs_op as abs_op
from ._numeric_ops import acos_op as acos_op
from ._numeric_ops import acosh_op as acosh_op
from ._numeric_ops import add_op as add_op
from ._numeric_ops import asin_op as asin_op
from ._numeric_ops import asinh_op as asinh_op
from ._numeric_ops import atan_op as atan_op
from ._numeric_ops import atanh_op as atanh_op
from ._numeric_ops import cos_op as cos_op
from ._numeric_ops import cosh_op as cosh_op
from ._numeric_ops import div_op as div_op
from ._numeric_ops import exp_op as exp_op
from ._numeric_ops import log_base_op as log_base_op
from ._numeric_ops import log_op as log_op
from ._numeric_ops import mul_op as mul_op
from ._numeric_ops import neg_op as neg_op
from ._numeric_ops import pow_op as pow_op
from ._numeric_ops import recip_op as recip_op
from ._numeric_ops import sign_op as sign_op
from ._numeric_ops import sin_op as sin_op
from ._numeric_ops import sinh_op as sinh_op
from ._numeric_ops import sqrt_op as sqrt_op
from ._numeric_ops import sub_op as sub_op
from ._numeric_ops import tan_op as tan_op
from ._numeric_ops import tanh_op as tanh_op
from ._op import Op as Op
from ._op import bp_op as bp_op
from ._op import compose_op as compose_op
from ._op import compose_op1 as compose_op1
from ._op import eval_op as eval_op
from ._op import grad_op as grad_op
from ._op import grad_op_with as grad_op_with
from ._op import id_op as id_op
from ._op import no_grad as no_grad
from ._op import no_grad1 as no_grad1
from ._op import op0 as op0
from ._op import op1 as op1
from ._op import op2 as op2
from ._op import op3 as op3
from ._op import op_coerce as op_coerce
from ._op import op_const as op_const
from ._op import op_iso as op_iso
from ._op import op_iso2 as op_iso2
from ._op import op_iso3 as op_iso3
from ._op import op_iso_n as op_iso_n
from ._op import op_lens as op_lens
from ._op import op_n as op_n
from ._op import op_tup as op_tup
from ._op import run_op as run_op

__all__ = [
    "abs_op",
    "acos_op",
    "acosh_op",
    "add_op",
    "asin_op",
    "asinh_op",
    "atan_op",
    "atanh_op",
    "cos_op",
    "cosh_op",
    "div_op",
    "exp_op",
    "log_base_op",
    "log_op",
    "mul_op",
    "neg_op",
    "pow_op",
    "recip_op",
    "sign_op",
    "sin_op",
    "sinh_op",
    "sqrt_op",
    "sub_op",
    "tan_op",
    "tanh_op",
    "Op",
    "bp_op",
    "compose_op",
    "compose_op1",
    "eval_op",
    "grad_op",
    "grad_op_with",
    "id_op",
    "no_grad",
    "no_grad1",
    "op0",
    "op1",
    "op2",
    "op3",
    "op_coerce",
    "op_const",
    "op_iso",
    "op_iso2",
    "op_iso3",
    "op_iso_n",
    "op_lens",
    "op_n",
    "op_tup",
    "run_op",
]
