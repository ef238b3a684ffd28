from _typeshed import Incomplete
from lenses.optics.base import LensLike, Setter

class ForkedSetter(Setter):
    lenses: tuple[LensLike[Incomplete, Incomplete, Incomplete, Incomplete], ...]
    def __init__(
        self, *lenses: LensLike[Incomplete, Incomplete, Incomplete, Incomplete]
    ) -> None: ...
    def func(self, f: Incomplete, state: Incomplete) -> Incomplete: ...

__all__ = ["ForkedSetter"]
