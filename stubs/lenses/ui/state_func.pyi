from collections.abc import Callable
from typing import Generic, TypeVar

_Argument = TypeVar("_Argument")
_Result = TypeVar("_Result")

class StateFunction(Generic[_Argument, _Result]):
    func: Callable[[_Argument], _Result]
    def __init__(self, func: Callable[[_Argument], _Result]) -> None: ...
    def __call__(self, arg: _Argument) -> _Result: ...
    def __rand__(self, other: _Argument) -> _Result: ...
