from lenses.hooks.hook_funcs import (
    contains_add as contains_add,
)
from lenses.hooks.hook_funcs import (
    contains_remove as contains_remove,
)
from lenses.hooks.hook_funcs import (
    from_iter as from_iter,
)
from lenses.hooks.hook_funcs import (
    setattr as setattr,
)
from lenses.hooks.hook_funcs import (
    setitem as setitem,
)
from lenses.hooks.hook_funcs import (
    to_iter as to_iter,
)

supported_modules: list[str]

__all__ = [
    "__doc__",
    "contains_add",
    "contains_remove",
    "from_iter",
    "setattr",
    "setitem",
    "to_iter",
]
