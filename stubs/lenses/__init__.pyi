from typing import Any, TypeVar

from lenses import optics as optics
from lenses import ui as ui
from lenses.ui import BoundLens
from lenses.ui import UnboundLens as UnboundLens

_S = TypeVar("_S")

def bind(state: _S) -> BoundLens[_S, _S, _S, _S]: ...

lens: UnboundLens[Any, Any, Any, Any]

__all__ = ["lens", "bind", "optics", "UnboundLens"]
