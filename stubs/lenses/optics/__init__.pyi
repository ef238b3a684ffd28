from lenses.optics.base import (
    ComposedLens as ComposedLens,
)
from lenses.optics.base import (
    Equality as Equality,
)
from lenses.optics.base import (
    ErrorIso as ErrorIso,
)
from lenses.optics.base import (
    Fold as Fold,
)
from lenses.optics.base import (
    Getter as Getter,
)
from lenses.optics.base import (
    Isomorphism as Isomorphism,
)
from lenses.optics.base import (
    Lens as Lens,
)
from lenses.optics.base import (
    LensLike as LensLike,
)
from lenses.optics.base import (
    Prism as Prism,
)
from lenses.optics.base import (
    Review as Review,
)
from lenses.optics.base import (
    Setter as Setter,
)
from lenses.optics.base import (
    Traversal as Traversal,
)
from lenses.optics.base import (
    TrivialIso as TrivialIso,
)
from lenses.optics.base import (
    TupleOptic as TupleOptic,
)
from lenses.optics.folds import IterableFold as IterableFold
from lenses.optics.isomorphisms import DecodeIso as DecodeIso
from lenses.optics.isomorphisms import JsonIso as JsonIso
from lenses.optics.isomorphisms import NormalisingIso as NormalisingIso
from lenses.optics.prisms import FilteringPrism as FilteringPrism
from lenses.optics.prisms import InstancePrism as InstancePrism
from lenses.optics.prisms import JustPrism as JustPrism
from lenses.optics.setters import ForkedSetter as ForkedSetter
from lenses.optics.traversals import (
    EachTraversal as EachTraversal,
)
from lenses.optics.traversals import (
    GetZoomAttrTraversal as GetZoomAttrTraversal,
)
from lenses.optics.traversals import (
    ItemsTraversal as ItemsTraversal,
)
from lenses.optics.traversals import (
    RecurTraversal as RecurTraversal,
)
from lenses.optics.traversals import (
    RegexTraversal as RegexTraversal,
)
from lenses.optics.traversals import (
    ZoomAttrTraversal as ZoomAttrTraversal,
)
from lenses.optics.traversals import (
    ZoomTraversal as ZoomTraversal,
)
from lenses.optics.true_lenses import (
    ContainsLens as ContainsLens,
)
from lenses.optics.true_lenses import (
    GetattrLens as GetattrLens,
)
from lenses.optics.true_lenses import (
    GetitemLens as GetitemLens,
)
from lenses.optics.true_lenses import (
    GetitemOrElseLens as GetitemOrElseLens,
)
from lenses.optics.true_lenses import (
    ItemByValueLens as ItemByValueLens,
)
from lenses.optics.true_lenses import (
    ItemLens as ItemLens,
)
from lenses.optics.true_lenses import (
    PartsLens as PartsLens,
)

__all__ = [
    "ComposedLens",
    "Equality",
    "ErrorIso",
    "Fold",
    "Getter",
    "Isomorphism",
    "Lens",
    "LensLike",
    "Prism",
    "Review",
    "Setter",
    "Traversal",
    "TrivialIso",
    "IterableFold",
    "DecodeIso",
    "JsonIso",
    "NormalisingIso",
    "FilteringPrism",
    "InstancePrism",
    "JustPrism",
    "ForkedSetter",
    "EachTraversal",
    "GetZoomAttrTraversal",
    "ItemsTraversal",
    "RecurTraversal",
    "RegexTraversal",
    "ZoomAttrTraversal",
    "ZoomTraversal",
    "ContainsLens",
    "GetattrLens",
    "GetitemLens",
    "GetitemOrElseLens",
    "ItemByValueLens",
    "ItemLens",
    "PartsLens",
    "TupleOptic",
]
