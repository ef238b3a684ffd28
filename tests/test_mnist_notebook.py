"""The notebooks beside the MNIST tutorial run top to bottom, so they cannot go stale:
``tutorial.ipynb`` (the MNIST network) and ``trainable-models.ipynb`` (the code
of docs/trainable-models.md, with its figure shown inline)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

HERE = Path(__file__).resolve().parents[1] / "mnist_tutorial"
# Each notebook, and text its run must print.
NOTEBOOKS = {
    "tutorial.ipynb": ["held-out accuracy: 0."],
    "trainable-models.ipynb": ["slope 2.000, offset -1.000", "AR(2): x[t+1] = ", "True True"],
}
# nbformat's readers are unannotated: this states the type the tests rely on.
read_notebook: Callable[..., NotebookNode] = nbformat.read


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_outputs_are_cleared_in_the_repository(name: str) -> None:
    nb = read_notebook(HERE / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_notebook_executes(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # jupyter_core warns unless told which directories to use (warnings are errors here).
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    nb = read_notebook(HERE / name, as_version=4)
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
    for expected in NOTEBOOKS[name]:
        assert expected in text
    assert any("image/png" in o.get("data", {}) for o in outputs), "the figure is not shown"
    assert os.environ.get("JUPYTER_PLATFORM_DIRS") == "1"


def test_the_models_notebook_holds_the_guides_code() -> None:
    guide = (HERE.parent / "docs" / "trainable-models.md").read_text(encoding="utf-8")
    nb = read_notebook(HERE / "trainable-models.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.source.startswith("%"):
            assert cell.source.removesuffix("\nfigure") in guide
