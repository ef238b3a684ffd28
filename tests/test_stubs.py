"""The hand-written stubs of `lenses` (stubs/lenses): checked against the
installed package by stubtest, with an allowlist for what `lenses` adds at
run time, and type-checked themselves under the strict config."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STUBS = ROOT / "stubs"
ALLOWLIST = STUBS / "lenses" / "@tests" / "stubtest_allowlist.txt"


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(STUBS)}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def test_stubtest_passes_against_the_installed_lenses() -> None:
    # Unused allowlist entries are errors too, so the allowlist stays minimal.
    r = _run(
        "mypy.stubtest",
        "lenses",
        "--allowlist",
        str(ALLOWLIST),
        "--mypy-config-file",
        str(ROOT / "mypy.ini"),
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Success: no issues found" in r.stdout


def test_the_stubs_pass_strict_mypy(tmp_path: Path) -> None:
    r = _run(
        "mypy",
        "--config-file",
        str(ROOT / "mypy.ini"),
        "--cache-dir",
        str(tmp_path / "cache"),
        str(STUBS / "lenses"),
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_stub_folder_ships_in_the_lenses_stubs_package() -> None:
    # A stub folder missing from pyproject's package list would silently drop
    # out of the wheel, leaving users' optics untyped.
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert config["package-dir"]["lenses-stubs"] == "stubs/lenses"
    stub_root = ROOT / "stubs" / "lenses"
    folders = {
        ".".join(("lenses-stubs", *p.parent.relative_to(stub_root).parts))
        for p in stub_root.rglob("*.pyi")
    }
    assert folders <= set(config["packages"])
