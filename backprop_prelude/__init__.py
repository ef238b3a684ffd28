"""Prelude.Backprop: Haskell's Prelude lifted to BVars of containers.

``import backprop_prelude as P`` gives ``P.sum``, ``P.map``, ``P.foldr`` and
the rest over BVars of lists, tuples, dicts (their values; keys are kept)
and numpy arrays (the sequence of their rows: floats for a 1-D array, so a
T x I matrix of inputs goes through ``P.map_accum_l`` row by row). A result
container has the input's kind. ``backprop_prelude.explicit`` takes explicit
zero/add functions and holds the logic; these functions call it with the
Backprop class's (Haskell's ``sum = E.sum E.addFunc``).

Haskell's home-page example, ``gradBP2 (\\x xs -> sum (map (**2) (sequenceVar xs)) / x) 9 [1,6,2]``:

>>> import backprop as bp
>>> import backprop_prelude as P
>>> def f(x: bp.BVar[bp.S, float], xs: bp.BVar[bp.S, list[float]]) -> bp.BVar[bp.S, float]:
...     return P.sum(P.map(lambda e: e**2, xs)) / x
>>> bp.grad_bp2(f, 9.0, [1.0, 6.0, 2.0])
(-0.5061728395061729, [0.2222222222222222, 1.3333333333333333, 0.4444444444444444])

Choices where Haskell's types decide and Python's cannot:

- ``sum``, ``product``, ``minimum``, ``maximum``, ``length`` and
  ``map_const`` are one Op each; ``map``, folds and ``traverse`` split the
  container once and collect it once (O(n) nodes, O(n) work per pass).
- Empty containers: ``sum`` is ``0.0``, ``product`` is ``1.0``, ``minimum``
  and ``maximum`` raise ``ValueError``.
- ``traverse`` uses the Optional applicative (``f`` returns a BVar or None);
  ``pure``, ``lift_a2`` and ``lift_a3`` use the list applicative (a
  singleton, and every combination); dicts have no Applicative.
- ``length`` returns a float unless given ``to_type``; ``round`` returns an
  int; ``from_integral``, ``real_to_frac`` and ``coerce`` take the target type.

Typing: each function has one overload per container kind, fixed-length
tuples (``tuple[float, float, float]``, up to five elements) included; over
an array, ``f`` may take floats or (for a matrix) rows, ``BVar[S, NDArray]``.
The reductions of an array are typed as of a 1-D array (a float). mypy
matches an overloaded function passed as a value (``grad_bp(P.sum, xs)``)
against its first overload only, the list one; for other kinds pass a typed
function (``def total(v: BVar[S, Vec]) -> BVar[S, float]: return P.sum(v)``).
"""

from . import explicit as explicit
from ._prelude import coerce as coerce
from ._prelude import foldl as foldl
from ._prelude import foldr as foldr
from ._prelude import from_integral as from_integral
from ._prelude import length as length
from ._prelude import lift_a2 as lift_a2
from ._prelude import lift_a3 as lift_a3
from ._prelude import map as map
from ._prelude import map_accum_l as map_accum_l
from ._prelude import map_accum_r as map_accum_r
from ._prelude import map_const as map_const
from ._prelude import maximum as maximum
from ._prelude import minimum as minimum
from ._prelude import product as product
from ._prelude import pure as pure
from ._prelude import real_to_frac as real_to_frac
from ._prelude import round as round
from ._prelude import sum as sum
from ._prelude import to_list as to_list
from ._prelude import traverse as traverse

__all__ = [
    "sum", "product", "length", "minimum", "maximum", "map", "map_const",
    "foldr", "foldl", "traverse", "to_list", "map_accum_l", "map_accum_r",
    "pure", "lift_a2", "lift_a3", "from_integral", "real_to_frac", "round",
    "coerce", "explicit",
]  # fmt: skip
