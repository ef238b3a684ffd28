"""The static checks run by `pytest`: mypy --strict and pyright over everything
(the typing pass/fail suite included) and ruff."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from _checkers import pyright_report, run_pyright

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)


def test_mypy_strict_passes_on_the_whole_project() -> None:
    # tests/typing/fail is included: its `# type: ignore[code]` comments must
    # each silence a real error, or warn_unused_ignores (strict) fails the run.
    r = _run(sys.executable, "-m", "mypy", "--config-file", "mypy.ini")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruff_passes() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    r = _run(ruff, "check", ".")
    assert r.returncode == 0, r.stdout + r.stderr


def test_pyright_passes_on_the_whole_project() -> None:
    # One run (tests/_checkers.py): the package, the tutorial, the benchmarks,
    # the tests and the typing suite, under [tool.pyright] of pyproject.toml.
    report = pyright_report()
    errors = [d for d in report.in_project() if d.severity == "error"]
    shown = [f"{d.path.relative_to(ROOT)}:{d.line}: {d.show()}" for d in errors]
    assert not shown, "\n".join(shown)


def test_pyright_warns_nowhere() -> None:
    # pyproject.toml lowers no rule to a warning, and the warnings of
    # pyright's standard mode (an unused expression, say) are findings like
    # its errors: none is allowed.
    report = pyright_report()
    other = [
        f"{d.path.relative_to(ROOT)}:{d.line}: {d.show()}"
        for d in report.in_project()
        if d.severity != "error"
    ]
    assert not other, "\n".join(other)


PYRIGHT_SETTINGS = re.compile(r"^\[tool\.pyright\]\n(?:(?!^\[).*\n)*", re.M)


def test_pyright_suppressions_are_checked_like_mypys() -> None:
    # The project's own settings, on a file of their own: a `# pyright:
    # ignore[rule]` that silences nothing is an error, and mypy's
    # `# type: ignore` does not silence pyright (so the two markers of a
    # wrong line in tests/typing/fail are checked one per checker).
    settings = PYRIGHT_SETTINGS.search((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert settings is not None
    with tempfile.TemporaryDirectory(prefix="backprop-pyright-") as tmp:
        root = Path(tmp)
        body = "\n".join(
            ln for ln in settings.group(0).splitlines() if not ln.startswith(("include", "exclude"))
        )
        (root / "pyproject.toml").write_text(body + "\n", encoding="utf-8")
        (root / "case.py").write_text(
            "x: int = 1  # pyright: ignore[reportAssignmentType]\n"
            'y: int = "y"  # type: ignore[assignment]\n'
            'z: int = "z"  # pyright: ignore[reportAssignmentType]\n',
            encoding="utf-8",
        )
        found, raw = run_pyright(["case.py"], root)
    errors = sorted((d.line, d.rule) for d in found if d.severity == "error")
    assert errors == [(1, "reportUnnecessaryTypeIgnoreComment"), (2, "reportAssignmentType")], raw
