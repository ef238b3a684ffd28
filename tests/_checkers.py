"""One pyright run for the whole suite.

pyright checks the project (the folders `[tool.pyright]` in pyproject.toml
includes, tests/typing among them) and the documents' code blocks, written to
a temporary folder, in a single process: it spends most of its time reading
numpy's stubs, so one run per file or per test would cost minutes.
test_tools.py, test_typing_suite.py and test_docs.py read the same report.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from _docblocks import ROOT, Checked, checked_files

# The folders of `[tool.pyright] include`: naming files on the command line
# replaces that list, so the docs' folder is added to these.
PROJECT = ("backprop", "backprop_prelude", "mnist_tutorial", "benchmarks", "tests")
# A file-level comment: the docs' examples are user code, checked strictly.
STRICT = "# pyright: strict\n"


@dataclass(frozen=True)
class Diagnostic:
    """One message of pyright: where, how severe, what, and under which rule."""

    path: Path
    line: int  # 1-based
    severity: str  # error, warning or information
    message: str
    rule: str

    def show(self) -> str:
        """The message as pyright's text output prints it, first line only."""
        first = self.message.splitlines()[0]
        return f"{self.severity}: {first}" + (f" ({self.rule})" if self.rule else "")


@dataclass(frozen=True)
class Report:
    """The result of the one pyright run."""

    diagnostics: tuple[Diagnostic, ...]
    docs: tuple[Checked, ...]  # the documents' files, named by Checked.name
    docs_dir: Path  # where they were while pyright ran (removed since)
    raw: str

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def in_docs(self, name: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path == self.docs_dir / f"{name}.py"]

    def in_project(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.path.is_relative_to(ROOT)]


def pyright_command() -> list[str]:
    """pyright as installed by the dev extra (a console script beside python)."""
    exe = shutil.which("pyright", path=str(Path(sys.executable).parent)) or shutil.which("pyright")
    if exe is None:
        raise AssertionError("pyright is not installed: pip install -e '.[dev]'")
    return [exe]


def run_pyright(args: list[str], cwd: Path) -> tuple[list[Diagnostic], str]:
    """Run pyright with JSON output; its diagnostics and its raw output."""
    r = subprocess.run(
        [*pyright_command(), "--outputjson", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    # 0: clean, 1: errors found; anything else (a bad config, a crash) must not pass vacuously.
    assert r.returncode in (0, 1), r.stdout + r.stderr
    data = json.loads(r.stdout)
    found = [
        Diagnostic(
            Path(d["file"]),
            d["range"]["start"]["line"] + 1,
            d["severity"],
            d["message"],
            d.get("rule", ""),
        )
        for d in data["generalDiagnostics"]
    ]
    assert data["summary"]["filesAnalyzed"] > 0, r.stdout + r.stderr
    return found, r.stdout + r.stderr


@cache
def pyright_report() -> Report:
    files = tuple(checked_files())
    with tempfile.TemporaryDirectory(prefix="backprop-docs-") as tmp:
        docs_dir = Path(tmp).resolve()
        for f in files:
            # At the end, so the lines of the file are the lines of its blocks.
            (docs_dir / f"{f.name}.py").write_text(f.source + STRICT, encoding="utf-8")
        found, raw = run_pyright([*PROJECT, str(docs_dir)], ROOT)
    return Report(tuple(found), files, docs_dir, raw)
