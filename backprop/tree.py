"""Leaf-by-leaf arithmetic over any Backprop value: the parameters and
gradients of a model, whatever their structure (``jax.tree_util``'s role).

Every function walks values through the structure registry
(``backprop.register_container``), so tuples, lists, dicts, dataclasses
(their static fields kept), NamedTuples and registered types work alike.

>>> import numpy as np
>>> import backprop.tree as tree
>>> params = {"w": np.array([1.0, 2.0]), "b": 0.5}
>>> grads = {"w": np.array([0.5, 0.5]), "b": 1.0}
>>> tree.axpy(-0.1, grads, params)
{'w': array([0.95, 1.95]), 'b': 0.4}
"""

from ._tree import axpy as axpy
from ._tree import leaves as leaves
from ._tree import map as map
from ._tree import norm as norm
from ._tree import scale as scale
from ._tree import vdot as vdot

__all__ = ["axpy", "leaves", "map", "norm", "scale", "vdot"]
