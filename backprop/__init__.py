"""backprop: typed, heterogeneous reverse-mode automatic differentiation,
a port of Haskell's ``backprop``.

>>> import backprop as bp
>>> bp.grad_bp(lambda x: x**2 + 3, 9.0)
18.0
"""

from . import _rules  # noqa: F401  (attaches the operators and numpy's protocols to BVar)
from . import op as op
from ._class import Backprop as Backprop
from ._class import add as add
from ._class import one as one
from ._class import register as register
from ._class import zero as zero
from ._containers import collect_var as collect_var
from ._containers import join_bv as join_bv
from ._containers import sequence_var as sequence_var
from ._containers import split_bv as split_bv
from ._higher import hessian as hessian
from ._higher import hvp as hvp
from ._higher import jacobian as jacobian
from ._lift import auto as auto
from ._lift import coerce_var as coerce_var
from ._lift import const_var as const_var
from ._lift import iso_var as iso_var
from ._lift import iso_var2 as iso_var2
from ._lift import iso_var3 as iso_var3
from ._lift import iso_var_n as iso_var_n
from ._lift import lift_op as lift_op
from ._lift import lift_op1 as lift_op1
from ._lift import lift_op2 as lift_op2
from ._lift import lift_op3 as lift_op3
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
from ._optics import Lens as Lens
from ._optics import Traversal as Traversal
from ._optics import check_lenses as check_lenses
from ._optics import over_var as over_var
from ._optics import preview_var as preview_var
from ._optics import preview_var_or_raise as preview_var_or_raise
from ._optics import set_var as set_var
from ._optics import to_list_of_var as to_list_of_var
from ._optics import view_var as view_var
from ._registry import register_container as register_container
from ._registry import static_field as static_field
from ._runners import Differentiable as Differentiable
from ._runners import Differentiable0 as Differentiable0
from ._runners import Differentiable2 as Differentiable2
from ._runners import Differentiable3 as Differentiable3
from ._runners import Differentiable4 as Differentiable4
from ._runners import backprop as backprop
from ._runners import backprop2 as backprop2
from ._runners import backprop_n as backprop_n
from ._runners import backprop_with as backprop_with
from ._runners import backprop_with2 as backprop_with2
from ._runners import backprop_with_n as backprop_with_n
from ._runners import eval_bp as eval_bp
from ._runners import eval_bp0 as eval_bp0
from ._runners import eval_bp2 as eval_bp2
from ._runners import eval_bp_n as eval_bp_n
from ._runners import grad_bp as grad_bp
from ._runners import grad_bp2 as grad_bp2
from ._runners import grad_bp_n as grad_bp_n
from ._tape import BVar as BVar
from ._tape import ScopeError as ScopeError
from ._tree import Arithmetic as Arithmetic
from ._typevars import S as S

__all__ = [
    "Arithmetic", "Backprop", "BVar", "Differentiable", "Differentiable0", "Differentiable2",
    "Differentiable3", "Differentiable4", "Lens", "S", "ScopeError",
    "Traversal", "add", "auto", "backprop", "backprop2", "backprop_n",
    "backprop_with", "backprop_with2", "backprop_with_n", "check_lenses", "coerce_var",
    "collect_var", "const_var", "eval_bp", "eval_bp0", "eval_bp2",
    "eval_bp_n", "grad_bp", "grad_bp2", "grad_bp_n", "hessian", "hvp", "iso_var", "iso_var2",
    "iso_var3", "iso_var_n", "jacobian", "join_bv", "lift_op", "lift_op1", "lift_op2",
    "lift_op3", "one", "op", "over_var", "preview_var",
    "preview_var_or_raise", "register", "register_container", "sequence_var", "set_var",
    "static_field",
    "split_bv", "to_list_of_var", "view_var", "zero",
    "abs_op", "acos_op", "acosh_op", "add_op", "asin_op", "asinh_op", "atan_op", "atanh_op", "cos_op", "cosh_op", "div_op", "exp_op", "log_base_op", "log_op", "mul_op", "neg_op", "pow_op", "recip_op", "sign_op", "sin_op", "sinh_op", "sqrt_op", "sub_op", "tan_op", "tanh_op", "Op", "bp_op", "compose_op", "compose_op1", "eval_op", "grad_op", "grad_op_with", "id_op", "no_grad", "no_grad1", "op0", "op1", "op2", "op3", "op_coerce", "op_const", "op_iso", "op_iso2", "op_iso3", "op_iso_n", "op_lens", "op_n", "op_tup", "run_op",
]  # fmt: skip
