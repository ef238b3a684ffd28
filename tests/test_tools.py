"""The static checks run by `pytest`: mypy --strict over everything (the
typing pass/fail suite included) and ruff."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
