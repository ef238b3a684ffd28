"""The setup a user meets: after the Quick start's `pip install -e ".[dev,tutorial]"`,
mypy --strict and pyright, run on a user's file outside the repository with no
settings at all, find `backprop`, `backprop_prelude` and the `lenses` stubs.

(setuptools' default editable install is an import hook that neither checker
can follow; build_support/backprop_build.py installs a path entry instead.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from _checkers import pyright_command

USER_CODE = '''\
from dataclasses import dataclass
from typing import Any

from lenses import lens
from lenses.ui import UnboundLens
from typing_extensions import assert_type

import backprop as bp
import backprop_prelude as P
from backprop import BVar, S


@dataclass(frozen=True)
class Point:
    x: float
    y: float


x_of: bp.Lens[Point, float] = lens.x
assert_type(lens.y, UnboundLens[Any, Any, Any, Any])


def norm2(p: BVar[S, Point]) -> BVar[S, float]:
    return p.view(x_of) * p.view(x_of) + P.sum(bp.const_var([1.0]))


assert_type(bp.grad_bp(norm2, Point(1.0, 2.0)), Point)
'''


@pytest.fixture(scope="module")
def user_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="backprop-user-") as tmp:
        root = Path(tmp)
        (root / "model.py").write_text(USER_CODE, encoding="utf-8")
        # An empty configuration of their own, so neither checker picks up one
        # from a folder above (pyright looks upward for one).
        (root / "pyrightconfig.json").write_text("{}\n", encoding="utf-8")
        yield root


def _env() -> dict[str, str]:
    # Nothing points the checkers at the repository: no PYTHONPATH, no MYPYPATH.
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MYPYPATH")}


def test_the_user_file_runs(user_dir: Path) -> None:
    r = subprocess.run(
        [sys.executable, "model.py"], cwd=user_dir, capture_output=True, text=True, env=_env()
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_strict_finds_the_packages_and_stubs(user_dir: Path) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file=", "--strict", "model.py"],
        cwd=user_dir,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found in 1 source file" in r.stdout


def test_pyright_finds_the_packages_and_stubs(user_dir: Path) -> None:
    r = subprocess.run(
        [*pyright_command(), "--pythonpath", sys.executable, "model.py"],
        cwd=user_dir,
        capture_output=True,
        text=True,
        env=_env(),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "0 errors" in r.stdout, r.stdout
