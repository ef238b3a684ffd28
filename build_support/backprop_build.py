"""The build backend: setuptools, with an editable install type checkers can read.

setuptools' default editable install of this layout puts an import hook in
site-packages (the hand-written `lenses-stubs` live in `stubs/lenses`, so the
layout is not one setuptools maps with a plain path entry). Python follows
the hook; mypy and pyright read only paths, and report "Cannot find
implementation or library stub for module named backprop" for a user's file
outside the repository. So `pip install -e .` asks setuptools for its
`compat` editable mode (a `.pth` file naming the repository: `backprop`,
`backprop_prelude` and `mnist_tutorial` are read from the working tree) and
adds the stub-only package `lenses-stubs`, which no path entry can expose
under that name, to the wheel as files (reinstall to pick up a change to
them; the repository's own checks read `stubs/` directly).

Everything else is setuptools' own backend. An explicit
`--config-settings editable_mode=...` is respected.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path
from typing import Any

from setuptools import build_meta as _setuptools
from setuptools.build_meta import *  # noqa: F403  (the PEP 517/660 hooks)

STUBS = Path(__file__).resolve().parent.parent / "stubs" / "lenses"
STUB_PACKAGE = "lenses-stubs"


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def _add_stubs(wheel: Path) -> None:
    files = {
        f"{STUB_PACKAGE}/{p.relative_to(STUBS).as_posix()}": p.read_bytes()
        for p in sorted(STUBS.rglob("*.pyi"))
    }
    with zipfile.ZipFile(wheel) as z:
        entries = {i.filename: z.read(i) for i in z.infolist()}
    record = next(n for n in entries if n.endswith(".dist-info/RECORD"))
    lines = entries[record].decode().splitlines()
    rows = [ln for ln in lines if not ln.startswith(f"{record},")]
    rows += [_record_line(n, d) for n, d in files.items() if n not in entries]
    rows.append(f"{record},,")
    entries.update(files)
    entries[record] = ("\n".join(rows) + "\n").encode()
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)


def build_editable(
    wheel_directory: str,
    config_settings: dict[str, Any] | None = None,
    metadata_directory: str | None = None,
) -> str:
    settings = dict(config_settings or {})
    settings.setdefault("editable_mode", "compat")
    name: str = _setuptools.build_editable(wheel_directory, settings, metadata_directory)
    if settings["editable_mode"] == "compat":
        _add_stubs(Path(wheel_directory) / name)
    return name
