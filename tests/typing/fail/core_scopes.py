"""What the rank-2 typing rejects. Each marked line must stay an error."""

from __future__ import annotations

import backprop as bp
from backprop import BVar, S


class OneScope:
    pass


def fixed(x: BVar[OneScope, float]) -> BVar[OneScope, float]:
    return x


bp.grad_bp(fixed, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def returns_plain(x: BVar[S, float]) -> float:
    return x.value


bp.grad_bp(returns_plain, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def outer(x: BVar[S, float]) -> BVar[S, float]:
    def inner(y: BVar[S, float]) -> BVar[S, float]:
        return y * x  # a closure over a BVar of the enclosing scope

    bp.grad_bp(inner, 1.0)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    return x


def mixes_scopes(a: BVar[OneScope, float], b: BVar[int, float]) -> None:
    a + b  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnusedExpression]


def wrong_input_type(x: BVar[S, float]) -> BVar[S, float]:
    return x


bp.grad_bp(wrong_input_type, "nine")  # type: ignore[misc]  # pyright: ignore[reportArgumentType]
