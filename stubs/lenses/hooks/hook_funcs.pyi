from functools import _SingleDispatchCallable
from typing import Any

# Single-dispatch hooks: register an implementation for your own type with
# `lenses.hooks.setattr.register(MyType)`, or define `_lens_setattr` and friends.
setitem: _SingleDispatchCallable[Any]
setattr: _SingleDispatchCallable[Any]
contains_add: _SingleDispatchCallable[Any]
contains_remove: _SingleDispatchCallable[Any]
to_iter: _SingleDispatchCallable[Any]
from_iter: _SingleDispatchCallable[Any]
