"""The typing pass/fail suite (tests/typing/).

mypy itself runs in test_tools.py over both folders in one run: pass files
must type-check clean, and every wrong line of a fail file carries a
`# type: ignore[<code>]` that warn_unused_ignores turns into a failure the day
the line stops being an error. Here the pass files are also executed, and the
fail files are checked to be honest (each marks at least one wrong line, and
every marker names its error code).
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent / "typing"
PASS = sorted((HERE / "pass").glob("*.py"))
FAIL = sorted((HERE / "fail").glob("*.py"))
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[a-z-, ]+\])?")


@pytest.mark.parametrize("path", PASS, ids=lambda p: p.name)
def test_pass_file_runs(path: Path) -> None:
    runpy.run_path(str(path), run_name="__typing_pass__")


@pytest.mark.parametrize("path", FAIL, ids=lambda p: p.name)
def test_fail_file_marks_each_wrong_line_with_its_code(path: Path) -> None:
    marks = [m for line in path.read_text().splitlines() for m in IGNORE.finditer(line)]
    assert marks, f"{path.name} marks no wrong line"
    assert all(m.group(1) for m in marks), f"{path.name}: a type: ignore without a code"


def test_the_suite_is_not_empty() -> None:
    assert PASS
    assert FAIL
