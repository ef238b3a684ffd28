"""The documentation runs, type-checks, and cannot drift from the code.

Guides (``docs/*.md``) and the README are checked in three ways:

- **Run.** Every fenced ``python`` block runs, in order, in one namespace per
  file. A block followed by an ``output`` block must print exactly that. A
  block is skipped only when the line before its fence is
  ``<!-- skip: reason -->`` with a reason.
- **Type-checked.** The run blocks of each file, concatenated, pass
  ``mypy --strict`` with the project's configuration (one mypy run for all
  files). A block whose fence is preceded by ``<!-- mypy-reports -->`` is
  the opposite: it is not run, and mypy must report, on its lines, exactly
  the messages of the ``mypy`` block that follows it (the earlier blocks of
  the file are its context).
- **The mapping table** (README, "Haskell to Python") names only Python names
  that exist, names every public Python name, and has a row for every name
  the Haskell modules export (the export lists are below).

The docstring rule: every public function, class and module of the public
modules has a docstring of its own, and every public function and class has
a ``>>>`` example (run by ``--doctest-modules``). A public constant (an
``Op`` such as ``add_op``, a type alias such as ``Lens``, the TypeVar ``S``)
cannot carry a ``__doc__`` of its own (it would be its class's), so it needs
an attribute docstring: a string literal right after its assignment in the
module that defines it, found through the facade's ``from ... import``.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import importlib.util
import inspect
import io
import re
import subprocess
import sys
import tempfile
import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pytest
from _checkers import pyright_report
from _docblocks import (
    DOCUMENTS,
    GUIDES,
    README,
    ROOT,
    SKIP,
    Checked,
    blocks,
    checked_files,
    fences,
    locate,
    runnable,
)

# The guides the documentation issue asks for; each must exist and run.
EXPECTED_GUIDES = [
    "getting-started.md",
    "a-detailed-look.md",
    "manipulating-bvars.md",
    "the-backprop-class.md",
    "manual-gradients.md",
    "equipping-your-library.md",
    "performance.md",
    "type-checking.md",
    "trainable-models.md",
]


# --- running the blocks -----------------------------------------------------------------


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_python_blocks_run_and_print_what_the_document_shows(path: Path) -> None:
    module = types.ModuleType(f"docs_{path.stem.replace('-', '_')}")
    module.__file__ = str(path)
    sys.modules[module.__name__] = module  # dataclasses look their module up
    try:
        for block in runnable(path):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(block.code, block.where, "exec"), module.__dict__)
            if block.expected is not None:
                got = [ln.rstrip() for ln in out.getvalue().rstrip("\n").splitlines()]
                want = [ln.rstrip() for ln in block.expected.splitlines()]
                assert got == want, f"{block.where}: printed\n{out.getvalue()}"
    finally:
        del sys.modules[module.__name__]


def test_every_expected_guide_exists_and_has_code() -> None:
    names = [p.name for p in GUIDES]
    for name in EXPECTED_GUIDES:
        assert name in names, f"docs/{name} is missing"
        assert runnable(ROOT / "docs" / name), f"docs/{name} runs no code"


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_skips_state_a_reason_and_outputs_follow_code(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip().startswith("<!-- skip"):
            assert SKIP.match(line.strip()), f"{path.name}: a skip without a reason: {line}"
    found = fences(path)
    for k, (info, first, _, _) in enumerate(found):
        if info in ("output", "mypy"):
            assert k > 0, f"{path.name}:{first}: an {info} block must follow a python block"
            assert found[k - 1][0] == "python", (
                f"{path.name}:{first}: an {info} block must follow a python block"
            )
        if info == "pyright":
            assert k > 0, f"{path.name}:{first}: a pyright block must follow a mypy block"
            assert found[k - 1][0] == "mypy", (
                f"{path.name}:{first}: a pyright block must follow a mypy block"
            )
    for block in blocks(path):
        if block.reports:
            # (an empty mypy block says mypy reports nothing there)
            assert block.expected is not None, (
                f"{block.where}: a mypy-reports block needs a mypy block"
            )
            assert block.pyright is not None, (
                f"{block.where}: a mypy-reports block needs a pyright block after its mypy block"
            )


# --- type-checking the blocks -----------------------------------------------------------

MYPY_LINE = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+)(?::\d+)?: (?P<msg>(?:error|note): .*)$")


@cache
def _mypy_report() -> tuple[tuple[Checked, ...], tuple[tuple[str, int, str], ...], str]:
    """Run mypy once over every document; (files, (file, line, message)..., raw output)."""
    files = tuple(checked_files())
    with tempfile.TemporaryDirectory(prefix="backprop-docs-") as tmp:
        paths = []
        for f in files:
            p = Path(tmp) / f"{f.name}.py"
            p.write_text(f.source, encoding="utf-8")
            paths.append(str(p))
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "mypy",
                "--config-file",
                "mypy.ini",
                "--no-error-summary",
                *paths,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    # 0: clean, 1: errors found; anything else (a crash, a bad config) must not pass vacuously.
    assert r.returncode in (0, 1), r.stdout + r.stderr
    unparsed = [ln for ln in r.stdout.splitlines() if ln.strip() and not MYPY_LINE.match(ln)]
    assert not unparsed, r.stdout + r.stderr
    found = []
    for line in r.stdout.splitlines():
        m = MYPY_LINE.match(line)
        if m is not None:
            # Names defined in a document are shown unqualified, as a reader would write them.
            msg = re.sub(r"\bdoc_\w+?\.", "", m["msg"])
            found.append((Path(m["file"]).stem, int(m["line"]), msg))
    return files, tuple(found), r.stdout + r.stderr


def test_python_blocks_pass_mypy_strict() -> None:
    files, found, raw = _mypy_report()
    by_name = {f.name: f for f in files}
    assert all(name in by_name for name, _, _ in found), raw
    wrong = [
        f"{locate(by_name[name], line)}: {msg}"
        for name, line, msg in found
        if by_name[name].reports is None
    ]
    assert not wrong, "\n".join(wrong)
    assert sum(1 for f in files if f.reports is None) == len(DOCUMENTS)


def test_mypy_reports_examples_show_the_real_messages() -> None:
    files, found, raw = _mypy_report()
    checked = [f for f in files if f.reports is not None]
    assert checked, "type-checking.md shows no mypy-reports example"
    for f in checked:
        block, start = f.spans[-1]
        end = start + len(block.code.splitlines())
        context = [f"{locate(f, ln)}: {m}" for n, ln, m in found if n == f.name and ln < start]
        assert not context, "\n".join(context)
        got = [m for n, ln, m in found if n == f.name and start <= ln < end]
        assert block.expected is not None
        want = [ln.strip() for ln in block.expected.splitlines() if ln.strip()]
        assert got == want, f"{block.where}: mypy reported\n" + "\n".join(got) + "\n" + raw


# pyright checks the same files, in the suite's one pyright run (tests/_checkers.py),
# in strict mode: the documents' examples are user code.


def test_python_blocks_pass_pyright_strict() -> None:
    report = pyright_report()
    by_name = {f.name: f for f in report.docs}
    wrong = [
        f"{locate(f, d.line)}: {d.show()}"
        for f in report.docs
        if f.reports is None
        for d in report.in_docs(f.name)
    ]
    assert not wrong, "\n".join(wrong)
    assert sum(1 for f in by_name.values() if f.reports is None) == len(DOCUMENTS)


def test_pyright_reports_examples_show_the_real_messages() -> None:
    report = pyright_report()
    checked = [f for f in report.docs if f.reports is not None]
    assert checked, "type-checking.md shows no reports example"
    for f in checked:
        block, start = f.spans[-1]
        end = start + len(block.code.splitlines())
        found = report.in_docs(f.name)
        context = [f"{locate(f, d.line)}: {d.show()}" for d in found if d.line < start]
        assert not context, "\n".join(context)
        got = [d.show() for d in found if start <= d.line < end and d.severity != "warning"]
        assert block.pyright is not None
        want = [ln.strip() for ln in block.pyright.splitlines() if ln.strip()]
        assert got == want, f"{block.where}: pyright reported\n" + "\n".join(got)


# --- the mapping table ------------------------------------------------------------------

# Aliases the table uses, and the modules they name.
ALIASES = {
    "bp": "backprop",
    "bpe": "backprop.explicit",
    "bnp": "backprop.numpy",
    "P": "backprop_prelude",
    "PE": "backprop_prelude.explicit",
    "np": "numpy",
}
QUALIFIED = re.compile(r"(?<![\w.])(bp|bpe|bnp|PE|P|np|backprop(?:_prelude)?(?:\.\w+)*)\.(\w+)")
CODE = re.compile(r"`([^`]+)`")
NOT = re.compile(r"^not (provided|needed), because \S+(?: \S+){3,}")

# Every name each Haskell module exports (backprop 0.2.7, hmatrix-backprop),
# from the modules' export lists, with the methods and fields that `(..)`
# exports. OWN names need a row in their own section of the table; SHARED
# names are re-exports of another module and may sit in its section.
HASKELL_OWN: dict[str, list[str]] = {
    "Numeric.Backprop": [
        "BVar", "W", "backprop", "evalBP", "gradBP", "backpropWith", "backprop2",
        "evalBP2", "gradBP2", "backpropWith2", "backpropN", "evalBPN", "gradBPN",
        "backpropWithN", "evalBP0", "constVar", "auto", "coerceVar", "^^.", ".~~",
        "%~~", "^^?", "^^..", "^^?!", "viewVar", "setVar", "overVar", "sequenceVar",
        "collectVar", "previewVar", "toListOfVar", "T2", "T3", "isoVar", "isoVar2",
        "isoVar3", "isoVarN", "liftOp", "liftOp1", "liftOp2", "liftOp3", "splitBV",
        "joinBV", "BV", "BVGroup", "bpOp", "Reifies",
    ],
    "Numeric.Backprop.Op": [
        "Op", "runOpWith", "Rec", "runOp", "evalOp", "gradOp", "gradOpWith", "op0",
        "opConst", "idOp", "opLens", "op1", "op2", "op3", "opCoerce", "opTup", "opIso",
        "opIso2", "opIso3", "opIsoN", "noGrad1", "noGrad", "composeOp", "composeOp1",
        "~.", "+.", "-.", "*.", "negateOp", "absOp", "signumOp", "/.", "recipOp",
        "expOp", "logOp", "sqrtOp", "**.", "logBaseOp", "sinOp", "cosOp", "tanOp",
        "asinOp", "acosOp", "atanOp", "sinhOp", "coshOp", "tanhOp", "asinhOp",
        "acoshOp", "atanhOp",
    ],
    "Numeric.Backprop.Class": [
        "Backprop", "zero", "add", "one", "zeroNum", "addNum", "oneNum", "zeroVec",
        "addVec", "oneVec", "zeroVecNum", "oneVecNum", "zeroFunctor", "addIsList",
        "addAsList", "oneFunctor", "genericZero", "genericAdd", "genericOne", "ABP",
        "runABP", "NumBP", "runNumBP", "NumVec", "runNumVec", "GZero", "GAdd", "GOne",
    ],
    "Numeric.Backprop.Explicit": [
        "ZeroFunc", "ZF", "runZF", "zfNum", "zfNums", "zeroFunc", "zeroFuncs",
        "zfFunctor", "AddFunc", "AF", "runAF", "afNum", "afNums", "addFunc",
        "addFuncs", "OneFunc", "OF", "runOF", "ofNum", "ofNums", "oneFunc", "oneFuncs",
        "ofFunctor", "backprop", "evalBP", "gradBP", "backpropWith", "evalBP0",
        "backprop2", "evalBP2", "gradBP2", "backpropWith2", "backpropN", "evalBPN",
        "gradBPN", "backpropWithN", "RPureConstrained", "constVar", "auto",
        "coerceVar", "viewVar", "setVar", "overVar", "sequenceVar", "collectVar",
        "previewVar", "toListOfVar", "isoVar", "isoVar2", "isoVar3", "isoVarN",
        "liftOp", "liftOp1", "liftOp2", "liftOp3", "splitBV", "joinBV", "BVGroup",
        "bpOp", "Rec",
    ],
    "Prelude.Backprop": [
        "sum", "product", "length", "minimum", "maximum", "traverse", "toList",
        "mapAccumL", "mapAccumR", "foldr", "foldl'", "fmap", "fmapConst", "<$>", "<$",
        "$>", "pure", "liftA2", "liftA3", "fromIntegral", "realToFrac", "round",
        "fromIntegral'", "coerce",
    ],
    "Prelude.Backprop.Explicit": [
        "sum", "product", "length", "minimum", "maximum", "traverse", "toList",
        "mapAccumL", "mapAccumR", "foldr", "foldl'", "fmap", "fmapConst", "pure",
        "liftA2", "liftA3", "fromIntegral", "realToFrac", "round", "fromIntegral'",
        "coerce",
    ],
    "Numeric.LinearAlgebra.Static.Backprop": [
        # hmatrix's own names use double-struck and italic letters, hence noqa: RUF001.
        "R", "ℝ", "vec2", "vec3", "vec4", "&", "#", "split", "headTail", "vector",  # noqa: RUF001
        "linspace", "range", "dim", "L", "Sq", "row", "col", "|||", "===", "splitRows",
        "splitCols", "unrow", "uncol", "tr", "eye", "diag", "matrix", "ℂ", "C", "M",  # noqa: RUF001
        "𝑖", "<>", "#>", "<.>", "svd", "svd_", "Eigen", "eigensystem", "eigenvalues",  # noqa: RUF001
        "chol", "Normed", "norm_0", "norm_1V", "norm_1M", "norm_2V", "norm_2M",
        "norm_InfV", "norm_InfM", "mean", "meanCov", "meanL", "cov", "Disp", "Domain",
        "mul", "app", "dot", "cross", "diagR", "vmap", "vmap'", "dvmap", "mmap",
        "mmap'", "dmmap", "outer", "zipWithVector", "zipWithVector'",
        "dzipWithVector", "det", "invlndet", "lndet", "inv", "toRows", "toColumns",
        "fromRows", "fromColumns", "konst", "sumElements", "extractV", "extractM",
        "create", "Diag", "takeDiag", "Sym", "sym", "mTm", "unSym", "<·>", "BVar",
        "Backprop", "Reifies", "W",
    ],
}  # fmt: skip
HASKELL_SHARED: dict[str, list[str]] = {
    "Numeric.Backprop": [
        "Backprop", "zero", "add", "one", "ABP", "NumBP", "Op", "runOpWith", "op0",
        "opConst", "idOp", "op1", "op2", "op3", "opCoerce", "opTup", "opIso", "opIsoN",
        "opLens", "noGrad1", "noGrad",
    ],
    "Numeric.Backprop.Explicit": [
        "BVar", "W", "Backprop", "zero", "add", "one", "ABP", "NumBP", "Op",
        "runOpWith", "op0", "opConst", "idOp", "op1", "op2", "op3", "opCoerce", "opTup",
        "opIso", "opIsoN", "opLens", "noGrad1", "noGrad", "Reifies",
    ],
}  # fmt: skip

# Python modules whose public names must all appear in the table.
TABLE_MODULES = [
    "backprop",
    "backprop.op",
    "backprop.explicit",
    "backprop.numpy",
    "backprop_prelude",
    "backprop_prelude.explicit",
]


@dataclass(frozen=True)
class Row:
    section: str
    haskell: str
    python: str
    notes: str


def _cells(line: str) -> list[str]:
    # Split on pipes that are not escaped (`\|` stands for a pipe inside a cell).
    parts = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [p.strip().replace("\\|", "|") for p in parts]


@cache
def table() -> tuple[Row, ...]:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Haskell to Python")
    end = text.index("\n## ", start + 1)
    rows: list[Row] = []
    section = ""
    for line in text[start:end].splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
        elif line.startswith("|") and section:
            cells = _cells(line)
            if cells[0] in ("Haskell", "---"):
                continue
            assert len(cells) == 3, f"README table row with {len(cells)} cells: {line}"
            rows.append(Row(section, *cells))
    return tuple(rows)


def _python_names(cell: str) -> list[tuple[str, str]]:
    """(module, name) for every qualified name inside the cell's code spans."""
    found = []
    for span in CODE.findall(cell):
        for mod, name in QUALIFIED.findall(span):
            found.append((ALIASES.get(mod, mod), name))
    return found


def _haskell_names(cell: str) -> set[str]:
    names = set()
    for span in CODE.findall(cell):
        token = span.split()[0]
        token = token.removesuffix("(..)")
        if token.startswith("(") and token.endswith(")"):
            token = token[1:-1]
        names.add(token)
    return names


def test_the_table_has_every_section() -> None:
    sections = {r.section for r in table()}
    for module in HASKELL_OWN:
        assert module in sections, f"no section for {module}"
    assert "Python-only additions" in sections


def test_every_python_name_in_the_table_exists() -> None:
    checked = 0
    for row in table():
        for mod, name in _python_names(row.python):
            module = importlib.import_module(mod)
            assert hasattr(module, name), f"{row.section}: {mod}.{name} does not exist"
            checked += 1
    assert checked > 200


def test_every_row_offers_python_code_or_says_why_not() -> None:
    for row in table():
        ok = bool(CODE.search(row.python)) if not row.python.startswith("not ") else False
        assert ok or NOT.match(row.python), (
            f"{row.section} / {row.haskell}: the Python cell must name Python code, "
            f"or say 'not provided, because ...' / 'not needed, because ...'"
        )


def test_every_haskell_export_has_a_row() -> None:
    by_section: dict[str, set[str]] = {}
    for row in table():
        by_section.setdefault(row.section, set()).update(_haskell_names(row.haskell))
    everywhere = set().union(*by_section.values())
    for module, names in HASKELL_OWN.items():
        missing = [n for n in names if n not in by_section.get(module, set())]
        assert not missing, f"{module}: no row for {missing}"
    for module, names in HASKELL_SHARED.items():
        missing = [n for n in names if n not in everywhere]
        assert not missing, f"{module} re-exports without a row: {missing}"


def public_names(module_name: str) -> list[str]:
    """``__all__``, or else what the module defines itself (not what it imports),
    without private names and TypeVars."""
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    if names is not None:
        return list(names)
    tree = ast.parse(Path(inspect.getfile(module)).read_text(encoding="utf-8"))
    defined: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            defined.append(node.name)
        elif isinstance(node, ast.Assign):
            defined += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            defined.append(node.target.id)
    return [
        n
        for n in dict.fromkeys(defined)
        if not n.startswith("_") and not isinstance(getattr(module, n), TypeVar)
    ]


def test_every_public_python_name_is_in_the_table() -> None:
    named = {(mod, name) for row in table() for mod, name in _python_names(row.python)}
    core = importlib.import_module("backprop")
    for module_name in TABLE_MODULES:
        module = importlib.import_module(module_name)
        for name in public_names(module_name):
            obj = getattr(module, name)
            if inspect.ismodule(obj):
                continue  # a submodule is a section of the table, not a row
            if (module_name, name) in named:
                continue
            # backprop.op is the Op API of backprop itself: `bp.op1` names both.
            same = module_name == "backprop.op" and getattr(core, name, None) is obj
            assert same, f"{module_name}.{name} is not in the README's mapping table"
            assert ("backprop", name) in named, f"bp.{name} is not in the README's mapping table"


# --- docstrings -------------------------------------------------------------------------

DOC_MODULES = [
    "backprop",
    "backprop.numpy",
    "backprop.op",
    "backprop.explicit",
    "backprop.testing",
    "backprop.tree",
    "backprop.learn",
    "backprop.optim",
    "backprop.parallel",
    "backprop_prelude",
    "backprop_prelude.explicit",
]


def _attribute_docstrings(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(name -> attribute docstring, name -> module it is imported from) of one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs: dict[str, str] = {}
    imports: dict[str, str] = {}
    body = tree.body
    for k, node in enumerate(body):
        target = None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        elif isinstance(node, ast.AnnAssign):
            target = node.target
        if isinstance(target, ast.Name) and k + 1 < len(body):
            nxt = body[k + 1]
            if (
                isinstance(nxt, ast.Expr)
                and isinstance(nxt.value, ast.Constant)
                and isinstance(nxt.value.value, str)
            ):
                docs[target.id] = nxt.value.value
        if isinstance(node, ast.ImportFrom) and node.module is not None:
            for alias in node.names:
                imports[alias.asname or alias.name] = "." * node.level + node.module
    return docs, imports


def _attribute_docstring(module_name: str, name: str) -> str | None:
    module = importlib.import_module(module_name)
    path = Path(inspect.getfile(module))
    for _ in range(5):  # follow `from ._x import name as name` a few steps
        docs, imports = _attribute_docstrings(path)
        if name in docs:
            return docs[name]
        source = imports.get(name)
        if source is None:
            return None
        package = module_name if path.name == "__init__.py" else module_name.rpartition(".")[0]
        module_name = importlib.util.resolve_name(source, package)
        path = Path(inspect.getfile(importlib.import_module(module_name)))
    return None


def _public_objects() -> Iterator[tuple[str, str, Any]]:
    for module_name in DOC_MODULES:
        module = importlib.import_module(module_name)
        for name in public_names(module_name):
            yield module_name, name, getattr(module, name)


def _own_doc(obj: Any) -> str | None:
    if inspect.isclass(obj):
        doc = obj.__dict__.get("__doc__")
        return doc if isinstance(doc, str) else None
    return getattr(obj, "__doc__", None)


def _is_documented_object(obj: Any) -> bool:
    return inspect.ismodule(obj) or inspect.isclass(obj) or inspect.isroutine(obj)


PUBLIC = list(_public_objects())


@pytest.mark.parametrize(("module", "name", "obj"), PUBLIC, ids=[f"{m}.{n}" for m, n, _ in PUBLIC])
def test_every_public_name_has_a_docstring(module: str, name: str, obj: Any) -> None:
    doc = _own_doc(obj) if _is_documented_object(obj) else _attribute_docstring(module, name)
    assert doc is not None, f"{module}.{name} has no docstring"
    assert doc.strip(), f"{module}.{name} has an empty docstring"


# Known gaps in files this suite's author may not edit; strict, so they fail
# the day they are fixed and must be removed from here.
EXAMPLE_PENDING: dict[str, str] = {}

ROUTINES = [(m, n, o) for m, n, o in PUBLIC if inspect.isclass(o) or inspect.isroutine(o)]


@pytest.mark.parametrize(
    ("module", "name", "obj"),
    [
        pytest.param(
            m, n, o, marks=pytest.mark.xfail(strict=True, reason=EXAMPLE_PENDING[f"{m}.{n}"])
        )
        if f"{m}.{n}" in EXAMPLE_PENDING
        else (m, n, o)
        for m, n, o in ROUTINES
    ],
    ids=[f"{m}.{n}" for m, n, _ in ROUTINES],
)
def test_every_public_function_and_class_has_an_example(module: str, name: str, obj: Any) -> None:
    doc = _own_doc(obj) or ""
    assert ">>>" in doc, f"{module}.{name}: the docstring has no >>> example"


def test_the_docstring_rule_sees_every_kind_of_name() -> None:
    kinds = {type(o).__name__ for _, _, o in PUBLIC if not _is_documented_object(o)}
    assert {"Op", "TypeVar"} <= kinds  # attribute docstrings are really checked
    assert _attribute_docstring("backprop", "add_op")
    assert _attribute_docstring("backprop", "no_such_name") is None
