"""The types of lens constants: ``Lens[R, A]`` and ``Traversal[R, A]``.

At the bottom of the core (it imports nothing of backprop), so the typed
declarations of ``BVar`` and the optics can both name them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar

from lenses.ui import UnboundLens

from ._typevars import A

if TYPE_CHECKING:
    from lenses.ui.state_func import StateFunction

R = TypeVar("R")

Lens: TypeAlias = UnboundLens[R, R, A, A]
"""A simple lens from a record ``R`` to a field ``A``: annotate lens constants once."""


class Traversal(Protocol[R, A]):
    """A simple traversal from ``R`` to its many ``A`` (``Traversal'``).

    Every python-lenses optic is this at run time; the type tells a lens
    (one focus, for ``view``/``set``/``over``) from a traversal (any number
    of foci, for ``to_list_of``/``preview``). A ``Lens[R, A]`` is a
    ``Traversal[R, A]`` too, not the other way round.

    >>> from lenses import lens
    >>> import backprop as bp
    >>> each: bp.Traversal[list[float], float] = lens.Each()
    >>> bp.grad_bp(lambda xs: bp.to_list_of_var(each, xs)[1] * 2.0, [1.0, 2.0])
    [0.0, 2.0]
    """

    def collect(self) -> StateFunction[R, list[A]]: ...

    def set_many(self, new_values: Iterable[A]) -> StateFunction[R, R]: ...

