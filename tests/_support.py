"""Helpers shared by several test modules."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np


def same(a: Any, b: Any) -> bool:
    """Equality that also compares arrays inside records and containers.

    A numpy float equals the Python float of the same value (1-D arrays
    are split into Python floats, as sequence_var does)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.shape == b.shape and bool(np.array_equal(a, b))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def make(kind: str, values: list[float]) -> Any:
    """``values`` as a container of one kind."""
    if kind == "list":
        return list(values)
    if kind == "tuple":
        return tuple(values)
    if kind == "dict":
        return {f"k{i}": v for i, v in enumerate(values)}
    return np.array(values, dtype=np.float64)


def flat(x: Any) -> list[float]:
    """The elements of a container, in order, as plain floats."""
    if isinstance(x, dict):
        return [float(v) for v in x.values()]
    return [float(v) for v in x]
