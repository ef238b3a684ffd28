"""The layering of backprop/ (DESIGN.md, "Repository layout"): a lower layer
never imports a higher one, not even lazily inside a function, the imports
between modules form no cycle, and no result depends on which modules were
imported (a fresh process with and without ``import backprop.numpy`` gives
the same gradients, as autograd's tests/test_core.py checks)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("backprop", "backprop_prelude")

# Bottom to top. A module may import its own layer and the layers below.
LAYERS: list[tuple[str, ...]] = [
    ("backprop._registry", "backprop._lenses", "backprop._typevars"),
    ("backprop._class", "backprop._tree"),
    ("backprop._tape",),
    ("backprop._rules",),
    (
        "backprop._containers", "backprop._optics", "backprop._lift", "backprop._runners",
        "backprop._op", "backprop._numeric_ops", "backprop._higher", "backprop.explicit",
        "backprop.op",
    ),
    ("backprop_prelude",),
    (
        "backprop", "backprop.numpy", "backprop.testing", "backprop.tree", "backprop.learn",
        "backprop.optim", "backprop.parallel",
    ),
]  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    best = None
    for rank, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and (
                best is None or len(name) > best[1]
            ):
                best = (rank, len(name))
    assert best is not None, f"{module} has no layer: add it to LAYERS in {__file__}"
    return best[0]


def _imports(path: Path) -> set[str]:
    """Every backprop module ``path`` imports, anywhere in the file (a lazy
    import inside a function counts)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from . import x` and `from .pkg import mod` name modules too
            for a in node.names:
                candidate = f"{target}.{a.name}"
                if (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    ROOT / Path(*candidate.split(".")) / "__init__.py"
                ).exists():
                    found.add(candidate)
    return {m for m in found if m.split(".")[0] in PACKAGES}


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            graph[_module_name(path)] = _imports(path)
    return graph


def test_no_module_imports_a_higher_layer() -> None:
    wrong = [
        f"{mod} (layer {_layer(mod)}) imports {dep} (layer {_layer(dep)})"
        for mod, deps in _graph().items()
        if mod != "backprop"  # the facade re-exports from below and imports its package
        for dep in deps
        if _layer(dep) > _layer(mod) and not dep.startswith(mod + ".")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_imports_form_no_cycle() -> None:
    graph = _graph()

    def deps(m: str) -> set[str]:
        # a package's import of its own submodules is how it is assembled
        return {
            d for d in graph.get(m, set()) if d in graph and d != m and not d.startswith(m + ".")
        }

    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        stack.append(m)
        for d in deps(m):
            if state.get(d) == 1:
                cycle = [*stack[stack.index(d) :], d]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m)


def test_the_core_imports_without_backprop_numpy() -> None:
    code = "import sys, backprop; print('backprop.numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# The same gradients in two fresh processes, one of which imports
# backprop.numpy first: the singular points, NaN and complex values that the
# two derivative tables of the first round disagreed on.
PROGRAM = r"""
import json, math, sys
import numpy as np
if sys.argv[1] == "with":
    import backprop.numpy
import backprop as bp

def r(v):
    if isinstance(v, np.ndarray):
        return [r(e) for e in v.tolist()]
    if isinstance(v, complex):
        return [repr(v.real), repr(v.imag)]
    return repr(v)

cases = {
    "log at 0": lambda: bp.grad_bp(lambda x: np.log(x), 0.0),
    "sqrt at 0": lambda: bp.grad_bp(lambda x: np.sqrt(x), 0.0),
    "abs at nan": lambda: bp.grad_bp(lambda x: abs(x), math.nan),
    "sign at nan": lambda: bp.grad_bp(lambda x: bp.lift_op1(bp.sign_op, x), math.nan),
    "np.sign at nan": lambda: bp.grad_bp(lambda x: np.sign(x), math.nan),
    "pow 0.5 at 0": lambda: bp.grad_bp(lambda x: x ** 0.5, 0.0),
    "arrays": lambda: bp.grad_bp(lambda x: np.exp(x) * np.sin(x) / np.cosh(x), np.array([0.0, 1.0, -2.0])),
    "complex": lambda: bp.grad_bp(lambda z: abs((0.6 + 0.8j) * z), 1 + 2j),
}
out = {}
for name, case in cases.items():
    try:
        out[name] = r(case())
    except Exception as e:
        out[name] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
"""


def test_no_result_depends_on_importing_backprop_numpy() -> None:
    def run(flag: str) -> dict[str, object]:
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM, flag], capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    plain, lifted = run("without"), run("with")
    assert plain == lifted
    # and the values are the IEEE ones, never an exception
    assert plain["log at 0"] == plain["sqrt at 0"] == plain["pow 0.5 at 0"] == "inf"
    assert plain["abs at nan"] == "nan"
    assert plain["sign at nan"] == plain["np.sign at nan"] == "0.0"  # a step's derivative
