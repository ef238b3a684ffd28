"""mnist_tutorial/tutorial.ipynb runs top to bottom, so it cannot go stale."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

NOTEBOOK = Path(__file__).resolve().parents[1] / "mnist_tutorial" / "tutorial.ipynb"
# nbformat's readers are unannotated: this states the type the tests rely on.
read_notebook: Callable[..., NotebookNode] = nbformat.read


def test_outputs_are_cleared_in_the_repository() -> None:
    nb = read_notebook(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def test_the_notebook_executes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # jupyter_core warns unless told which directories to use (warnings are errors here).
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = read_notebook(NOTEBOOK, as_version=4)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "held-out accuracy: 0." in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the report figure is not shown"
    assert os.environ.get("JUPYTER_PLATFORM_DIRS") == "1"
