"""What the lifted Prelude's types reject. Each marked line must stay an error."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

import backprop as bp
import backprop_prelude as P
from backprop import BVar, S


def to_text(x: BVar[S, float]) -> BVar[S, str]:
    return bp.coerce_var(x, str)


def cons(x: BVar[S, float], acc: BVar[S, list[float]]) -> BVar[S, list[float]]:
    return acc


def on_list(xs: BVar[S, list[float]], ts: BVar[S, tuple[float, ...]]) -> None:
    # map's result type follows f: f gives str, so this is not a list of floats
    ys: BVar[S, list[float]] = P.map(to_text, xs)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    # f must return a BVar, not a plain float (that would drop the gradient)
    P.map(lambda e: e.value, xs)  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # the sum of floats is a float
    n: BVar[S, str] = P.sum(xs)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]
    # foldl's f takes (accumulator, element); cons is foldr's order
    P.foldl(cons, bp.const_var([0.0]), xs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # map_accum_l's f must return a pair (accumulator, result)
    P.map_accum_l(lambda acc, e: acc + e, bp.const_var(0.0), xs)  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType, reportCallIssue, reportOperatorIssue, reportUnknownLambdaType]
    # the applicative's containers must be of one kind
    P.lift_a2(lambda a, b: a * b, xs, ts)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue, reportOperatorIssue, reportUnknownLambdaType]
    # traverse's applicative is Optional: f returns a BVar or None, not a list
    P.traverse(lambda e: [e], xs)  # type: ignore[arg-type, return-value]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # length's to_type takes the int count
    P.length(xs, str.upper)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    # to_list gives a list of BVars, not one
    first: BVar[S, float] = P.to_list(xs)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


def on_other(s: BVar[S, set[float]], text: BVar[S, str], x: BVar[S, float]) -> None:
    # sets are not a supported container (no order to keep)
    P.sum(s)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    P.map(lambda e: e, s)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # round needs a fractional number, from_integral an integer
    P.round(text)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    P.from_integral(x, float)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]
    # dicts have no pure
    P.pure(x, dict)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]


def on_array(xs: BVar[S, NDArray[np.float64]]) -> None:
    # over an array, f maps floats to floats
    P.map(to_text, xs)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType, reportCallIssue]
    # and the result is an array, not a list
    wrong: BVar[S, list[float]] = P.map(lambda e: e * 2.0, xs)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType, reportUnusedVariable]


class OtherScope:
    pass


def mixes_scopes(xs: BVar[S, list[float]], other: BVar[OtherScope, float]) -> None:
    # a BVar of another scope cannot be mixed in, by f or as map_const's value
    P.sum(P.map(lambda e: e * other, xs))  # type: ignore[operator]  # pyright: ignore[reportOperatorIssue, reportUnknownArgumentType, reportUnknownLambdaType]
    P.map_const(other, xs)  # type: ignore[misc]  # pyright: ignore[reportArgumentType, reportCallIssue]


def row_norm(r: BVar[S, NDArray[np.float64]]) -> BVar[S, float]:
    return r[0]


def on_fixed(t: BVar[S, tuple[float, float, float]], xs: BVar[S, list[float]]) -> None:
    # map keeps a fixed-length tuple's length
    pair: BVar[S, tuple[float, float]] = P.map(lambda e: e * 2.0, t)  # type: ignore[assignment]  # pyright: ignore[reportUnusedVariable, reportAssignmentType]
    # a function of a matrix's rows does not take the elements of a list
    P.map(row_norm, xs)  # type: ignore[arg-type]  # pyright: ignore[reportCallIssue, reportArgumentType]
