"""The derivative table: every rule of the library, each forward rule beside
its vjp, used alike by the operators of ``BVar``, the numeric Ops, numpy's
functions on BVars and ``backprop.numpy``.

Importing this package attaches the operators, numpy's protocols and the
array methods to ``BVar``.
"""

from . import core as core
from . import elementwise as elementwise
from . import fft as fft
from . import linalg as linalg
from . import methods as methods
from . import operators as operators
from . import reductions as reductions
from . import scans as scans
from . import shape as shape
