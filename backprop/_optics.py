"""Optic access over BVars (the ``^^.`` family) through python-lenses.

SKELETON: signatures fixed, bodies to be written (issue 3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

from lenses.ui import UnboundLens

from ._tape import BVar

S = TypeVar("S")
R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")

Lens: TypeAlias = UnboundLens[R, R, A, A]
"""A simple lens from a record ``R`` to a field ``A``: annotate lens constants once."""
Traversal: TypeAlias = UnboundLens[R, R, A, A]
"""A simple traversal from ``R`` to its many ``A``."""


def view_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B]:
    raise NotImplementedError


def set_var(l: UnboundLens[A, A, B, B], y: BVar[S, B] | B, x: BVar[S, A]) -> BVar[S, A]:
    raise NotImplementedError


def over_var(
    l: UnboundLens[A, A, B, B], f: Callable[[BVar[S, B]], BVar[S, B]], x: BVar[S, A]
) -> BVar[S, A]:
    raise NotImplementedError


def preview_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B] | None:
    raise NotImplementedError


def preview_var_or_raise(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> BVar[S, B]:
    raise NotImplementedError


def to_list_of_var(l: UnboundLens[A, A, B, B], x: BVar[S, A]) -> list[BVar[S, B]]:
    raise NotImplementedError


def split_bv(x: BVar[S, Any]) -> Any:
    raise NotImplementedError


def join_bv(*xs: Any) -> Any:
    raise NotImplementedError
