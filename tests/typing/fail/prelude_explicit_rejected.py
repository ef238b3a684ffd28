"""What the explicit Prelude's types reject. Each marked line must stay an error."""

from __future__ import annotations

import backprop.explicit as bpe
import backprop_prelude.explicit as PE
from backprop import BVar, S

add_f: bpe.AddFunc[float] = bpe.add_func()
zero_f: bpe.ZeroFunc[float] = bpe.zero_func()
add_text: bpe.AddFunc[str] = bpe.add_func()


def square(x: BVar[S, float]) -> BVar[S, float]:
    return x * x


def on_list(xs: BVar[S, list[float]]) -> None:
    # sum's AddFunc is for the container, not its elements
    PE.sum(add_f, xs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # map's first AddFunc is for the input's elements (floats)
    PE.map(add_text, add_f, zero_f, zero_f, square, xs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # f comes before the container, as in Haskell
    PE.map(add_f, add_f, zero_f, zero_f, xs, square)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # minimum's AddFunc is for the container
    PE.minimum(add_f, zero_f, xs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # round takes a number, not a list
    PE.round(add_f, xs)  # type: ignore[arg-type, type-var]  # pyright: ignore[reportArgumentType]
