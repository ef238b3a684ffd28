from collections.abc import Iterator

from _typeshed import Incomplete
from lenses.optics.base import Fold

class IterableFold(Fold):
    def __init__(self) -> None: ...
    def folder(self, state: Incomplete) -> Iterator[Incomplete]: ...
