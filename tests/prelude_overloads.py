"""The typing overloads of the Prelude, both modules, from one spec.

``python tests/prelude_overloads.py`` rewrites every block between
``# <overloads of NAME: ...>`` and ``# </overloads>`` in
``backprop_prelude/explicit.py`` and ``backprop_prelude/_prelude.py``;
``tests/test_prelude_overloads.py`` fails when that would change a file.

A spec line is a function's explicit signature, written once: the implicit
module's overload is the same without its AddFunc and ZeroFunc parameters.
``{a}`` to ``{d}`` are element types, ``{In:a}`` an input container of ``a``
(``{In2:b}`` a second input), ``{Out:b}`` a result container. The kind
letters say which containers get an overload, in this order:

- ``l`` list, ``n`` fixed-length tuples of 1 to 5 elements, ``t`` tuple
  (of any length: after the fixed ones, or mypy finds them overlapping),
  ``d`` dict (its values);
- ``a`` any array, its elements floats; where results keep the dtype, ``f``
  an array of float dtype ``F`` (results keep ``F``) and ``i`` an array of
  ints or bools (float64 results) instead: two dtype kinds that no array has
  both of, so no overload overlaps another (pyright answers ``Any`` where two
  match an array, whose shape is ``Any``);
- ``R`` any array, ``f`` taking its rows (a matrix's); ``r`` and ``I`` the
  rows of an array of ``F`` and of ints or bools. ``R`` before ``a`` (the
  folds): pyright gives a lambda the parameters of the first overload whose
  result its body fits, and a fold over rows fits the elements' overload
  too, where a fold of floats into a float does not fit the rows';
- ``-``: no container, the signature as written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPLICIT = ROOT / "backprop_prelude" / "explicit.py"
IMPLICIT = ROOT / "backprop_prelude" / "_prelude.py"

SPEC = """
sum         lntda     af: AddFunc[{In:a}], xs: BVar[S, {In:a}] -> BVar[S, {a}]
product     lntda     af: AddFunc[{In:a}], xs: BVar[S, {In:a}] -> BVar[S, {a}]
minimum     lntda     af: AddFunc[{In:a}], zf: ZeroFunc[{a}], xs: BVar[S, {In:a}] -> BVar[S, {a}]
maximum     lntda     af: AddFunc[{In:a}], zf: ZeroFunc[{a}], xs: BVar[S, {In:a}] -> BVar[S, {a}]
length      -         af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T] -> BVar[S, float]
length      -         af: AddFunc[T], zfa: ZeroFunc[T], xs: BVar[S, T], to_type: Callable[[int], B] -> BVar[S, B]
map         lntdfirI  afa: AddFunc[{a}], afb: AddFunc[{b}], zfa: ZeroFunc[{a}], zfb: ZeroFunc[{b}], f: Callable[[BVar[S, {a}]], BVar[S, {b}]], xs: BVar[S, {In:a}] -> BVar[S, {Out:b}]
map_const   lntdfi    af: AddFunc[{a}], zf: ZeroFunc[{a}], x: BVar[S, {a}], xs: BVar[S, {In:b}] -> BVar[S, {Out:a}]
traverse    lntdfirI  afa: AddFunc[{a}], afb: AddFunc[{b}], aftb: AddFunc[{Out:b}], zfa: ZeroFunc[{a}], zfb: ZeroFunc[{b}], f: Callable[[BVar[S, {a}]], BVar[S, {b}] | None], xs: BVar[S, {In:a}] -> BVar[S, {Out:b}] | None
to_list     lntda     af: AddFunc[{a}], zf: ZeroFunc[{a}], xs: BVar[S, {In:a}] -> list[BVar[S, {a}]]
foldr       lntdRa    af: AddFunc[{a}], zf: ZeroFunc[{a}], f: Callable[[BVar[S, {a}], BVar[S, B]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, {In:a}] -> BVar[S, B]
foldl       lntdRa    af: AddFunc[{a}], zf: ZeroFunc[{a}], f: Callable[[BVar[S, B], BVar[S, {a}]], BVar[S, B]], z: BVar[S, B], xs: BVar[S, {In:a}] -> BVar[S, B]
map_accum_l lntdfirI  afb: AddFunc[{a}], afc: AddFunc[{c}], zfb: ZeroFunc[{a}], zfc: ZeroFunc[{c}], f: Callable[[BVar[S, Acc], BVar[S, {a}]], tuple[BVar[S, Acc], BVar[S, {c}]]], s: BVar[S, Acc], xs: BVar[S, {In:a}] -> tuple[BVar[S, Acc], BVar[S, {Out:c}]]
map_accum_r lntdfirI  afb: AddFunc[{a}], afc: AddFunc[{c}], zfb: ZeroFunc[{a}], zfc: ZeroFunc[{c}], f: Callable[[BVar[S, Acc], BVar[S, {a}]], tuple[BVar[S, Acc], BVar[S, {c}]]], s: BVar[S, Acc], xs: BVar[S, {In:a}] -> tuple[BVar[S, Acc], BVar[S, {Out:c}]]
pure        -         af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A] -> BVar[S, list[A]]
pure        -         af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[list[Any]] -> BVar[S, list[A]]
pure        -         af: AddFunc[A], zfa: ZeroFunc[A], x: BVar[S, A], kind: type[tuple[Any, ...]] -> BVar[S, tuple[A, ...]]
pure        -         af: AddFunc[float], zfa: ZeroFunc[float], x: BVar[S, float], kind: type[np.ndarray[Any, Any]] -> BVar[S, Float64Array]
pure        -         af: AddFunc[NDArray[F]], zfa: ZeroFunc[NDArray[F]], x: BVar[S, NDArray[F]], kind: type[np.ndarray[Any, Any]] -> BVar[S, NDArray[F]]
lift_a2     ltfi      afa: AddFunc[{a}], afb: AddFunc[{b}], afc: AddFunc[{c}], zfa: ZeroFunc[{a}], zfb: ZeroFunc[{b}], zfc: ZeroFunc[{c}], f: Callable[[BVar[S, {a}], BVar[S, {b}]], BVar[S, {c}]], xs: BVar[S, {In:a}], ys: BVar[S, {In2:b}] -> BVar[S, {Out:c}]
lift_a3     ltfi      afa: AddFunc[{a}], afb: AddFunc[{b}], afc: AddFunc[{c}], afd: AddFunc[{d}], zfa: ZeroFunc[{a}], zfb: ZeroFunc[{b}], zfc: ZeroFunc[{c}], zfd: ZeroFunc[{d}], f: Callable[[BVar[S, {a}], BVar[S, {b}], BVar[S, {c}]], BVar[S, {d}]], xs: BVar[S, {In:a}], ys: BVar[S, {In2:b}], zs: BVar[S, {In2:c}] -> BVar[S, {Out:d}]
round       -         af: AddFunc[Fractional], x: BVar[S, Fractional] -> BVar[S, int]
round       -         af: AddFunc[Fractional], x: BVar[S, Fractional], to_type: Callable[[int], B] -> BVar[S, B]
"""

FIXED = range(1, 6)
GENERIC = {"a": "A", "b": "B", "c": "C", "d": "D"}
FLOATS = dict.fromkeys(GENERIC, "float")


class Container:
    """A container kind in a template: ``format(c, "a")`` is it holding ``{a}``."""

    def __init__(self, pattern: str, elements: dict[str, str]) -> None:
        self.pattern = pattern
        self.elements = elements

    def __format__(self, spec: str) -> str:
        return self.pattern.replace("X", self.elements[spec])


def _kind(inp: str, out: str, second: str, elements: dict[str, str]) -> dict[str, object]:
    return {
        "In": Container(inp, elements),
        "Out": Container(out, elements),
        "In2": Container(second, elements),
        **elements,
    }


def _rows(row: str) -> dict[str, str]:
    return {**dict.fromkeys(GENERIC, "Any"), "a": row}


def kinds(letter: str) -> list[dict[str, object]]:
    """The substitutions of one kind letter (several for ``n``)."""
    if letter == "n":
        fixed = [f"tuple[{', '.join(['X'] * k)}]" for k in FIXED]
        return [_kind(t, t, t, GENERIC) for t in fixed]
    table = {
        "l": ("list[X]", "list[X]", "list[X]", GENERIC),
        "t": ("tuple[X, ...]", "tuple[X, ...]", "tuple[X, ...]", GENERIC),
        "d": ("dict[K, X]", "dict[K, X]", "dict[K, X]", GENERIC),
        "f": ("NDArray[F]", "NDArray[F]", "AnyArray", FLOATS),
        "a": ("AnyArray", "Float64Array", "AnyArray", FLOATS),
        "i": ("NDArray[IntOrBool]", "Float64Array", "AnyArray", FLOATS),
        "r": ("NDArray[F]", "NDArray[F]", "AnyArray", _rows("NDArray[F]")),
        "I": ("NDArray[IntOrBool]", "Float64Array", "AnyArray", _rows("NDArray[IntOrBool]")),
        "R": ("AnyArray", "Float64Array", "AnyArray", _rows("AnyArray")),
    }
    return [_kind(*table[letter])]


def _params(text: str) -> list[str]:
    """Split a parameter list on the commas outside brackets."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "[(":
            depth += 1
        elif ch in "])":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(text[start:i].strip())
            start = i + 1
    out.append(text[start:].strip())
    return out


def _render(name: str, params: list[str], result: str) -> str:
    """One ``@overload`` stub, on one line if it fits in 100 columns."""
    one = f"def {name}({', '.join(params)}) -> {result}: ..."
    if len(one) <= 100:
        return f"@overload\n{one}\n"
    lines, line = [], ""
    for p in params:
        if line and len(line) + len(p) + 2 > 96:
            lines.append(line)
            line = ""
        line = f"{line} {p}," if line else f"{p},"
    lines.append(line)
    body = "".join(f"    {ln}\n" for ln in lines)
    return f"@overload\ndef {name}(\n{body}) -> {result}: ...\n"


def overloads(explicit: bool) -> dict[str, str]:
    """Function name -> its block of overloads, for one module."""
    blocks: dict[str, str] = {}
    for line in SPEC.strip().splitlines():
        name, letters, signature = line.split(maxsplit=2)
        params_text, result = signature.rsplit(" -> ", 1)
        params = _params(params_text)
        if not explicit:
            params = [p for p in params if not p.split(": ", 1)[1].startswith(("AddFunc", "ZeroFunc"))]
        subs = [{}] if letters == "-" else [s for letter in letters for s in kinds(letter)]
        for sub in subs:
            blocks[name] = blocks.get(name, "") + _render(
                name, [p.format(**sub) for p in params], result.format(**sub)
            )
    return blocks


BLOCK = re.compile(
    r"(# <overloads of (\w+): generated by tests/prelude_overloads\.py>\n)(.*?)(# </overloads>\n)",
    re.DOTALL,
)


def regenerate(path: Path, explicit: bool) -> str:
    """The text of ``path`` with every overload block regenerated."""
    blocks = overloads(explicit)
    text = path.read_text(encoding="utf-8")
    found = [m.group(2) for m in BLOCK.finditer(text)]
    if sorted(found) != sorted(blocks):
        raise ValueError(f"{path.name}: blocks for {sorted(found)}, spec for {sorted(blocks)}")
    return BLOCK.sub(lambda m: m.group(1) + blocks[m.group(2)] + m.group(4), text)


def main() -> None:
    for path, explicit in ((EXPLICIT, True), (IMPLICIT, False)):
        text = regenerate(path, explicit)
        if text != path.read_text(encoding="utf-8"):
            path.write_text(text, encoding="utf-8")
            print(f"rewrote {path.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
