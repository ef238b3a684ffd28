"""``python -m mnist_tutorial`` end to end, on tiny subsets."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mnist_tutorial.__main__ import main
from mnist_tutorial.data import write_idx

ROOT = Path(__file__).resolve().parents[1]
MNIST_DIR = ROOT.parent / "shared" / "data" / "mnist"
FINAL = re.compile(r"held-out accuracy: (0\.\d{3}|1\.000)")
EPOCH = re.compile(
    r"epoch (\d+)/(\d+): training loss \d+\.\d{4}, held-out loss \d+\.\d{4}, "
    r"held-out accuracy (0|1)\.\d{4} \(\d+\.\d s\)"
)


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_digits_run_prints_each_epoch_and_the_final_accuracy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "report.png"
    argv = ["--epochs", "3", "--train-size", "300", "--hidden", "24,12", "--batch-size", "8"]
    assert main([*argv, "--plot", str(png)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("dataset: scikit-learn's bundled 8x8 digits (no --data given)")
    assert lines[0].endswith("(first 300 used)")
    assert lines[1].startswith("network: 64-24-12-10, 3 epochs of 300 images, batch size 8")
    epochs = [m.groups()[:2] for m in map(EPOCH.fullmatch, lines) if m]
    assert epochs == [("1", "3"), ("2", "3"), ("3", "3")]
    assert any(line.startswith(f"plot: {png}") for line in lines)
    final = FINAL.fullmatch(lines[-1])
    assert final is not None, lines[-1]
    assert float(final.group(1)) > 0.2  # better than chance; learning is tested elsewhere
    # The progress bars go to stderr, one per epoch.
    assert "epoch 1/3" in err
    assert "epoch 3/3" in err
    width, height = _png_size(png)
    assert width >= 800
    assert height >= 500


def test_same_seed_same_output(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "--epochs",
        "1",
        "--train-size",
        "200",
        "--hidden",
        "8,8",
        "--no-progress",
        "--seed",
        "4",
    ]
    main(argv)
    first = capsys.readouterr()
    main(argv)
    second = capsys.readouterr()
    strip = re.compile(r"\(\d+\.\d s\)|trained in \d+\.\d s")
    assert strip.sub("", first.out) == strip.sub("", second.out)
    assert first.err == second.err == ""


def test_idx_directory_with_only_the_test_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = np.random.default_rng(0)
    write_idx(
        tmp_path / "t10k-images-idx3-ubyte.gz",
        rng.integers(0, 256, (50, 28, 28), dtype=np.uint8),
        compress=True,
    )
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", rng.integers(0, 10, 50, dtype=np.uint8))
    assert main(["--data", str(tmp_path), "--epochs", "1", "--hidden", "8,8", "--no-progress"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"dataset: MNIST test set only, from {tmp_path}: first 40 images train, "
        f"last 10 held out (no train-* files found)"
    )
    assert lines[1].startswith("network: 784-8-8-10")
    assert FINAL.fullmatch(lines[-1])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--hidden", "300"],
            r"argument --hidden: expected two positive layer widths like 300,100, got '300'",
        ),
        (["--hidden", "3,x"], r"expected two positive layer widths"),
        (["--lr", "-1"], r"argument --lr: expected a positive number, got '-1'"),
        (["--epochs", "0"], r"argument --epochs: expected a positive integer, got '0'"),
        (["--batch-size", "two"], r"argument --batch-size: expected a positive integer, got 'two'"),
    ],
)
def test_bad_arguments(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert re.search(message, capsys.readouterr().err)


def test_bad_data_directory_and_train_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(tmp_path / "nowhere")]) == 2
    assert re.search(r"error: .*nowhere: no such directory", capsys.readouterr().err)
    (tmp_path / "t10k-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03\x00")
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.zeros(3, dtype=np.uint8))
    assert main(["--data", str(tmp_path)]) == 2
    assert re.search(r"t10k-images-idx3-ubyte: truncated IDX file", capsys.readouterr().err)
    assert main(["--train-size", "5000"]) == 2
    assert re.search(
        r"train size 5000 is out of range: .* has 1437 training images", capsys.readouterr().err
    )


def test_python_dash_m_entry_point() -> None:
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mnist_tutorial",
            "--epochs",
            "1",
            "--train-size",
            "100",
            "--hidden",
            "8,8",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert FINAL.fullmatch(proc.stdout.splitlines()[-1])


@pytest.mark.skipif(
    not MNIST_DIR.is_dir(),
    reason=f"the real MNIST test set is not on this machine (expected at {MNIST_DIR})",
)
def test_real_mnist_directory(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--data", str(MNIST_DIR), "--train-size", "1000", "--epochs", "1", "--no-progress"]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "first 8000 images train, last 2000 held out" in lines[0]
    assert lines[0].endswith("(first 1000 used)")
    assert lines[1].startswith("network: 784-300-100-10, 1 epochs of 1000 images")
    final = FINAL.fullmatch(lines[-1])
    assert final is not None
    assert float(final.group(1)) > 0.2  # better than chance
