"""The typing pass/fail suite (tests/typing/), under mypy and pyright.

Both checkers run over both folders, once each for the whole project:
mypy in test_tools.py, pyright in tests/_checkers.py (read here and in
test_tools.py). Pass files must type-check clean under both, their
`assert_type` pins included. Every wrong line of a fail file carries one
marker per checker: `# type: ignore[<code>]` for mypy, which
warn_unused_ignores turns into a failure the day the line stops being an
error, and `# pyright: ignore[<rule>]` for pyright, which
reportUnnecessaryTypeIgnoreComment checks the same way (pyproject.toml
turns off pyright's reading of `# type: ignore`, so each checker answers for
its own marker). A wrong line only one checker can reject names the other
checker's documented limitation instead of its marker: `# mypy accepts: <url>`
or `# pyright accepts: <url>`.

Here the pass files are also executed, and the fail files are checked to be
honest: each marks at least one wrong line, every marker names its code or
rule, and every marked line is marked for both checkers (or says why not).
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest
from _checkers import pyright_report

HERE = Path(__file__).resolve().parent / "typing"
PASS = sorted((HERE / "pass").glob("*.py"))
FAIL = sorted((HERE / "fail").glob("*.py"))
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[a-z-, ]+\])?")
PYRIGHT = re.compile(r"#\s*pyright:\s*ignore(\[[A-Za-z, ]+\])?")
EXEMPT = {
    "mypy": re.compile(r"#\s*mypy accepts: https://\S+"),
    "pyright": re.compile(r"#\s*pyright accepts: https://\S+"),
}


@pytest.mark.parametrize("path", PASS, ids=lambda p: p.name)
def test_pass_file_runs(path: Path) -> None:
    runpy.run_path(str(path), run_name="__typing_pass__")


@pytest.mark.parametrize("path", PASS, ids=lambda p: p.name)
def test_pass_file_pins_types_and_suppresses_only_what_a_checker_cannot_do(path: Path) -> None:
    lines = path.read_text().splitlines()
    assert any("assert_type(" in ln for ln in lines), f"{path.name} pins no inferred type"
    for n, line in enumerate(lines, 1):
        for checker, marker in (("mypy", IGNORE), ("pyright", PYRIGHT)):
            if marker.search(line):
                note = lines[n - 2] if n > 1 else ""
                assert f"# {checker} limitation: " in note, (
                    f"{path.name}:{n}: a pass line silenced for {checker}; a false error must be "
                    f"fixed, or the line above must state {checker}'s limitation"
                )


@pytest.mark.parametrize("path", FAIL, ids=lambda p: p.name)
def test_fail_file_marks_each_wrong_line_for_both_checkers(path: Path) -> None:
    lines = path.read_text().splitlines()
    mypy = [m for line in lines for m in IGNORE.finditer(line)]
    pyright = [m for line in lines for m in PYRIGHT.finditer(line)]
    assert mypy, f"{path.name} marks no wrong line for mypy"
    assert pyright, f"{path.name} marks no wrong line for pyright"
    assert all(m.group(1) for m in mypy), f"{path.name}: a type: ignore without a code"
    assert all(m.group(1) for m in pyright), f"{path.name}: a pyright: ignore without a rule"
    for n, line in enumerate(lines, 1):
        marked = {"mypy": bool(IGNORE.search(line)), "pyright": bool(PYRIGHT.search(line))}
        if not any(marked.values()):
            continue
        for checker, has in marked.items():
            assert has or EXEMPT[checker].search(line), (
                f"{path.name}:{n}: marked for one checker only; mark it for {checker} too, "
                f"or cite {checker}'s documented limitation ('# {checker} accepts: <url>')"
            )


def test_pyright_finds_the_pass_files_clean_and_every_fail_line_wrong() -> None:
    # Errors here are either a false error in a pass file or a wrong line of
    # a fail file left unmarked; an unneeded marker is an error too.
    report = pyright_report()
    found = [
        f"{d.path.relative_to(HERE)}:{d.line}: {d.show()}"
        for d in report.diagnostics
        if d.path.is_relative_to(HERE)
    ]
    assert not found, "\n".join(found)


def test_the_suite_is_not_empty() -> None:
    assert PASS
    assert FAIL
