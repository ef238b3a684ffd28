"""The training loop of mnist_tutorial.train, on the bundled digits and, when
the machine has it, on the real MNIST test set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mnist_tutorial.data import Dataset, Split, load_digits, load_mnist_dir
from mnist_tutorial.manual import train_step_manual
from mnist_tutorial.train import Config, EpochReport, accuracy, blas_threads, minibatches, train

# ../shared/data/mnist from the repository root (see its README): never copied here.
MNIST_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "mnist"


@pytest.fixture(scope="module")
def digits() -> Dataset:
    ds = load_digits()
    return Dataset(ds.name, ds.description, ds.train.take(400), ds.test, ds.image_shape)


def test_minibatches_cover_every_index_once_in_a_fresh_order() -> None:
    rng = np.random.default_rng(0)
    first = minibatches(10, 3, rng)
    second = minibatches(10, 3, rng)
    assert [len(b) for b in first] == [3, 3, 3, 1]
    assert sorted(np.concatenate(first).tolist()) == list(range(10))
    assert np.concatenate(first).tolist() != np.concatenate(second).tolist()


def test_training_is_deterministic_given_the_seed(digits: Dataset) -> None:
    config = Config(epochs=2, hidden=(16, 12), seed=5)
    a, b = train(digits, config), train(digits, config)
    c = train(digits, Config(epochs=2, hidden=(16, 12), seed=6))
    assert [(r.train_loss, r.accuracy) for r in a.history] == [
        (r.train_loss, r.accuracy) for r in b.history
    ]
    np.testing.assert_array_equal(a.network.weight1, b.network.weight1)
    assert a.history[0].train_loss != c.history[0].train_loss


def test_the_loop_runs_the_same_with_the_hand_written_step(digits: Dataset) -> None:
    config = Config(epochs=2, hidden=(16, 12), seed=1)
    lib = train(digits, config)
    manual = train(digits, config, step=train_step_manual)
    for r, m in zip(lib.history, manual.history, strict=True):
        assert r.train_loss == pytest.approx(m.train_loss, abs=1e-9)
        assert r.accuracy == m.accuracy
    np.testing.assert_allclose(lib.network.weight1, manual.network.weight1, atol=1e-9)


def test_reports_each_epoch_and_learns_the_digits(digits: Dataset) -> None:
    seen: list[EpochReport] = []
    with blas_threads(1):
        result = train(
            digits, Config(epochs=10, batch_size=8, hidden=(32, 16)), on_epoch=seen.append
        )
    assert [r.epoch for r in seen] == list(range(1, 11))
    assert tuple(seen) == result.history
    assert seen[-1].train_loss < seen[0].train_loss
    assert result.accuracy == accuracy(result.network, digits.test) > 0.9


def test_bad_configuration() -> None:
    with pytest.raises(ValueError, match=r"Config: epochs must be a positive integer, got 0"):
        Config(epochs=0)
    with pytest.raises(ValueError, match=r"Config: lr must be a positive finite number, got -0\.1"):
        Config(lr=-0.1)
    with pytest.raises(ValueError, match=r"Config: lr must be a positive finite number, got nan"):
        Config(lr=float("nan"))
    with pytest.raises(
        ValueError, match=r"Config: hidden must be two positive layer widths, got \(3, 0\)"
    ):
        Config(hidden=(3, 0))
    empty = Split(np.zeros((0, 4)), np.zeros(0, dtype=np.int64))
    with pytest.raises(ValueError, match=r"accuracy: the split is empty"):
        accuracy(
            train(load_digits().with_train_size(10), Config(epochs=1, hidden=(2, 2))).network, empty
        )


@pytest.mark.skipif(
    not MNIST_DIR.is_dir(),
    reason=f"the real MNIST test set is not on this machine (expected at {MNIST_DIR})",
)
def test_two_epochs_on_2000_real_images_beat_85_percent() -> None:
    mnist = load_mnist_dir(MNIST_DIR)
    # Every fourth of the 8,000 training images: the test set's first 5,000
    # come from other writers than its last 5,000 (LeCun's notes), and the
    # held-out images are among the last, so the 2,000 must span both.
    train_2000 = Split(mnist.train.images[::4], mnist.train.labels[::4])
    ds = Dataset(mnist.name, mnist.description, train_2000, mnist.test.take(500), mnist.image_shape)
    assert (len(ds.train), len(ds.test)) == (2000, 500)
    with blas_threads(1):
        # A short run takes smaller batches: more steps in its two epochs.
        result = train(ds, Config(epochs=2, batch_size=16))
    assert result.accuracy > 0.85, result.history
