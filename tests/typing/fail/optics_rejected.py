"""What the typed lens constants reject. Each marked line must stay an error."""

from __future__ import annotations

import dataclasses

from lenses import lens

import backprop as bp
from backprop import BVar, S


@dataclasses.dataclass(frozen=True)
class Network:
    w1: float


@dataclasses.dataclass(frozen=True)
class Other:
    name: str


w1: bp.Lens[Network, float] = lens.w1


def wrong_source(x: BVar[S, Other]) -> BVar[S, float]:
    return bp.view_var(w1, x)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]


def wrong_source_method(x: BVar[S, Other]) -> BVar[S, float]:
    return x.view(w1)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def wrong_focus(x: BVar[S, Network]) -> BVar[S, str]:
    return bp.view_var(w1, x)  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]


def wrong_new_value(x: BVar[S, Network]) -> BVar[S, Network]:
    return bp.set_var(w1, "fast", x)  # type: ignore[misc]  # pyright: ignore[reportArgumentType]


def wrong_over(x: BVar[S, Network]) -> BVar[S, Network]:
    return bp.over_var(w1, lambda v: v.view(w1), x)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def too_many_parts(t: BVar[S, tuple[float, float]]) -> None:
    _a, _b, _c = bp.split_bv(t)  # type: ignore[misc]  # pyright: ignore[reportAssignmentType, reportUnknownVariableType]


def joined(a: BVar[S, float], b: BVar[S, int]) -> BVar[S, tuple[int, float]]:
    return bp.join_bv(a, b)  # type: ignore[arg-type]  # pyright: ignore[reportReturnType]


# A getter cannot be written through, so it is not a Lens.
abs_lens: bp.Lens[float, float] = lens.F(abs)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
w1.set("fast")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
w1.get()(Other("x"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
w1 & w1  # type: ignore[operator]  # a float has no field of a Network  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]
