"""The plain type variables every layer uses: ``S`` for the scope of a
``backprop`` call, ``A`` to ``I`` for values. A module with a bounded or
constrained variable defines that one itself."""

from typing import TypeVar

S = TypeVar("S")
"""The scope type variable: annotate model functions with ``BVar[S, A]``."""
A = TypeVar("A")
B = TypeVar("B")
C = TypeVar("C")
D = TypeVar("D")
E = TypeVar("E")
F = TypeVar("F")
G = TypeVar("G")
H = TypeVar("H")
I = TypeVar("I")
