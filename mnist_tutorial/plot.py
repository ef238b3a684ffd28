"""The training report as a figure: curves and misclassified digits.

Built on ``matplotlib.figure.Figure`` directly (no pyplot), so no GUI backend
is ever chosen and nothing global changes: ``save_plot`` renders with Agg,
and a notebook displays the returned figure inline.

>>> from mnist_tutorial.data import load_digits
>>> from mnist_tutorial.train import Config, train
>>> ds = load_digits()
>>> fig = report_figure(train(ds, Config(epochs=1, hidden=(16, 16))), ds)
>>> len(fig.axes) > 2
True
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .data import Dataset
from .model import predict
from .train import TrainResult

__all__ = ["report_figure", "save_plot"]


def report_figure(result: TrainResult, dataset: Dataset, *, max_digits: int = 24) -> Figure:
    """Loss and accuracy per epoch, and a grid of misclassified held-out digits.

    Each digit is titled with the network's prediction and the true label.

    >>> from mnist_tutorial.data import load_digits
    >>> from mnist_tutorial.train import Config, train
    >>> ds = load_digits()
    >>> fig = report_figure(train(ds, Config(epochs=1, hidden=(8, 8))), ds, max_digits=4)
    >>> fig.axes[0].get_title()
    'loss'
    """
    cols = 8
    rows = max(1, -(-max_digits // cols))
    fig = Figure(figsize=(12, 4.5 + 1.6 * rows), layout="constrained")
    grid = fig.add_gridspec(1 + rows, cols, height_ratios=[3.0] + [1.0] * rows)
    predicted = predict(result.network, dataset.test.images)
    wrong = np.flatnonzero(predicted != dataset.test.labels)
    shown = wrong[:max_digits]
    fig.suptitle(
        f"{dataset.name}: held-out accuracy {result.accuracy:.3f}. Below: "
        f"{len(shown)} of the {len(wrong)} misclassified held-out digits, "
        f"titled predicted (true)"
    )

    epochs = [r.epoch for r in result.history]
    ax_loss = fig.add_subplot(grid[0, : cols // 2])
    ax_loss.plot(epochs, [r.train_loss for r in result.history], "o-", label="training")
    ax_loss.plot(epochs, [r.test_loss for r in result.history], "s-", label="held-out")
    ax_loss.set_title("loss")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("mean cross-entropy")
    ax_loss.legend()
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax_acc = fig.add_subplot(grid[0, cols // 2 :])
    ax_acc.plot(epochs, [r.accuracy for r in result.history], "o-", color="tab:green")
    ax_acc.set_title("held-out accuracy")
    ax_acc.set_xlabel("epoch")
    ax_acc.grid(alpha=0.3)
    ax_acc.xaxis.set_major_locator(MaxNLocator(integer=True))

    for k, i in enumerate(shown.tolist()):
        ax = fig.add_subplot(grid[1 + k // cols, k % cols])
        ax.set_axis_off()
        ax.imshow(dataset.test.images[i].reshape(dataset.image_shape), cmap="gray_r")
        ax.set_title(f"{predicted[i]} ({dataset.test.labels[i]})", fontsize=10, color="tab:red")
    return fig


def save_plot(path: str | Path, result: TrainResult, dataset: Dataset) -> Path:
    """Write :func:`report_figure` as a PNG and return its path.

    >>> import tempfile, pathlib
    >>> from mnist_tutorial.data import load_digits
    >>> from mnist_tutorial.train import Config, train
    >>> ds = load_digits()
    >>> out = save_plot(pathlib.Path(tempfile.mkdtemp()) / "r.png", train(ds, Config(epochs=1, hidden=(8, 8))), ds)
    >>> out.read_bytes()[:4]
    b'\\x89PNG'
    """
    path = Path(path)
    report_figure(result, dataset).savefig(path, format="png", dpi=100)
    return path
