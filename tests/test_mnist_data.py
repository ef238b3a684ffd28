"""The IDX reader and the dataset loaders of mnist_tutorial.data."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from mnist_tutorial.data import (
    Dataset,
    IdxError,
    load_dataset,
    load_digits,
    load_mnist_dir,
    load_mnist_pair,
    read_idx,
    write_idx,
)


def _images(n: int, rows: int = 4, cols: int = 3) -> NDArray[np.uint8]:
    return (np.arange(n * rows * cols) % 256).astype(np.uint8).reshape(n, rows, cols)


def _labels(n: int) -> NDArray[np.uint8]:
    return (np.arange(n) % 10).astype(np.uint8)


def _header(magic: int, *dims: int) -> bytes:
    return magic.to_bytes(4, "big") + b"".join(d.to_bytes(4, "big") for d in dims)


# --- good files ---------------------------------------------------------------------


@pytest.mark.parametrize("compress", [False, True], ids=["raw", "gzip"])
def test_reads_an_mnist_pair_raw_and_gzip(tmp_path: Path, compress: bool) -> None:
    images, labels = _images(5), _labels(5)
    write_idx(tmp_path / "img", images, compress=compress)
    write_idx(tmp_path / "lab", labels, compress=compress)
    split = load_mnist_pair(tmp_path / "img", tmp_path / "lab")
    np.testing.assert_array_equal(split.images, images.reshape(5, 12) / 255.0)
    np.testing.assert_array_equal(split.labels, labels)
    assert split.images.dtype == np.float64
    assert split.labels.dtype == np.int64


def test_the_header_is_the_documented_big_endian_layout(tmp_path: Path) -> None:
    # Hand-built bytes, not write_idx: the reader is checked against the format itself.
    raw = _header(0x803, 2, 1, 2) + bytes([0, 255, 51, 102])
    (tmp_path / "img").write_bytes(raw)
    (tmp_path / "lab").write_bytes(_header(0x801, 2) + bytes([7, 3]))
    split = load_mnist_pair(tmp_path / "img", tmp_path / "lab")
    np.testing.assert_allclose(split.images, [[0.0, 1.0], [0.2, 0.4]])
    assert split.labels.tolist() == [7, 3]


def test_gzip_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    raw = _header(0x801, 3) + bytes([1, 2, 3])
    (tmp_path / "labels.idx").write_bytes(gzip.compress(raw))
    (tmp_path / "labels.gz").write_bytes(raw)
    assert read_idx(tmp_path / "labels.idx").tolist() == [1, 2, 3]
    assert read_idx(tmp_path / "labels.gz").tolist() == [1, 2, 3]


@pytest.mark.parametrize("dtype", ["u1", "i1", ">i2", ">i4", ">f4", ">f8", "<f8", "<i4"])
def test_every_idx_type_round_trips_in_native_byte_order(tmp_path: Path, dtype: str) -> None:
    values = (np.arange(-3, 9).reshape(2, 3, 2)).astype(dtype)
    write_idx(tmp_path / "v", values)
    back = read_idx(tmp_path / "v")
    np.testing.assert_array_equal(back, values)
    assert back.dtype.isnative
    back[0, 0, 0] = 42  # the caller owns a writable array


def test_write_idx_rejects_a_type_idx_cannot_hold(tmp_path: Path) -> None:
    with pytest.raises(IdxError, match=r"w.*cannot store an array of dtype complex128"):
        write_idx(tmp_path / "w", np.zeros(2, dtype=np.complex128))


# --- bad files: each error names the file -----------------------------------------


def test_truncated_data(tmp_path: Path) -> None:
    path = tmp_path / "short-images"
    path.write_bytes(_header(0x803, 3, 2, 2) + bytes(11))
    with pytest.raises(
        IdxError, match=r"short-images: truncated IDX file: .*needs 28 bytes, the file has 27"
    ):
        read_idx(path)


def test_truncated_header(tmp_path: Path) -> None:
    path = tmp_path / "stub"
    path.write_bytes(_header(0x803, 3)[:6])
    with pytest.raises(
        IdxError, match=r"stub: truncated IDX file: 6 bytes, the header of 3 dimensions needs 16"
    ):
        read_idx(path)
    path.write_bytes(b"\x00\x00")
    with pytest.raises(IdxError, match=r"stub: truncated IDX file: 2 bytes"):
        read_idx(path)


def test_truncated_gzip_stream(tmp_path: Path) -> None:
    path = tmp_path / "cut.gz"
    whole = gzip.compress(_header(0x801, 200) + bytes(200))
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(IdxError, match=r"cut\.gz: corrupt or truncated gzip data"):
        read_idx(path)


def test_trailing_bytes(tmp_path: Path) -> None:
    path = tmp_path / "long"
    path.write_bytes(_header(0x801, 2) + bytes(3))
    with pytest.raises(IdxError, match=r"long: 1 unexpected bytes after the 10"):
        read_idx(path)


def test_wrong_magic_labels_given_as_images(tmp_path: Path) -> None:
    write_idx(tmp_path / "lab", _labels(3))
    with pytest.raises(
        IdxError,
        match=r"lab: magic number 0x00000801, expected 0x00000803 .*uint8, 3 dimensions.*1 dimension",
    ):
        load_mnist_pair(tmp_path / "lab", tmp_path / "lab")


def test_not_an_idx_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"hello, world")
    with pytest.raises(IdxError, match=r"notes\.txt: not an IDX file: magic number 0x68656c6c"):
        read_idx(path)


def test_count_mismatch(tmp_path: Path) -> None:
    write_idx(tmp_path / "img", _images(4))
    write_idx(tmp_path / "lab", _labels(5))
    with pytest.raises(IdxError, match=r"img: 4 images, but .*lab has 5 labels"):
        load_mnist_pair(tmp_path / "img", tmp_path / "lab")


def test_label_out_of_range(tmp_path: Path) -> None:
    write_idx(tmp_path / "img", _images(2))
    write_idx(tmp_path / "lab", np.array([3, 12], dtype=np.uint8))
    with pytest.raises(IdxError, match=r"lab: label 12 is not a digit 0-9"):
        load_mnist_pair(tmp_path / "img", tmp_path / "lab")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IdxError, match=r"absent: cannot read IDX file"):
        read_idx(tmp_path / "absent")


# --- directories --------------------------------------------------------------------


def _write_set(
    directory: Path, prefix: str, n: int, *, compress: bool, shape: tuple[int, int] = (4, 3)
) -> None:
    suffix = ".gz" if compress else ""
    write_idx(
        directory / f"{prefix}-images-idx3-ubyte{suffix}", _images(n, *shape), compress=compress
    )
    write_idx(directory / f"{prefix}-labels-idx1-ubyte{suffix}", _labels(n), compress=compress)


def test_test_set_only_splits_first_eighty_percent_to_train(tmp_path: Path) -> None:
    _write_set(tmp_path, "t10k", 20, compress=True)
    ds = load_mnist_dir(tmp_path)
    assert (len(ds.train), len(ds.test)) == (16, 4)
    assert ds.train.labels.tolist() == _labels(20)[:16].tolist()
    assert ds.test.labels.tolist() == _labels(20)[16:].tolist()
    assert ds.image_shape == (4, 3)
    assert "first 16 images train, last 4 held out" in ds.description


def test_train_and_test_files(tmp_path: Path) -> None:
    _write_set(tmp_path, "train", 12, compress=False)
    _write_set(tmp_path, "t10k", 5, compress=True)
    ds = load_mnist_dir(tmp_path)
    assert (len(ds.train), len(ds.test), ds.name) == (12, 5, "MNIST")


def test_train_and_test_image_sizes_must_agree(tmp_path: Path) -> None:
    _write_set(tmp_path, "train", 3, compress=False, shape=(2, 2))
    _write_set(tmp_path, "t10k", 3, compress=False)
    with pytest.raises(
        IdxError,
        match=r"train-images-idx3-ubyte: images of \(2, 2\), but .*t10k-images-idx3-ubyte has \(4, 3\)",
    ):
        load_mnist_dir(tmp_path)


def test_directory_without_mnist_files(tmp_path: Path) -> None:
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", _labels(3))
    with pytest.raises(
        IdxError, match=r"MNIST file\(s\) not found: t10k-images-idx3-ubyte\[\.gz\]"
    ):
        load_mnist_dir(tmp_path)
    with pytest.raises(IdxError, match=r"nowhere: no such directory"):
        load_mnist_dir(tmp_path / "nowhere")


def test_train_size_keeps_the_first_images(tmp_path: Path) -> None:
    _write_set(tmp_path, "t10k", 20, compress=False)
    ds = load_mnist_dir(tmp_path).with_train_size(5)
    assert ds.train.labels.tolist() == [0, 1, 2, 3, 4]
    assert len(ds.test) == 4
    with pytest.raises(
        ValueError, match=r"train size 17 is out of range: .* has 16 training images"
    ):
        load_mnist_dir(tmp_path).with_train_size(17)


def test_digits_fallback_is_a_fixed_real_split() -> None:
    ds = load_dataset(None)
    again = load_digits()
    assert isinstance(ds, Dataset)
    assert (len(ds.train), len(ds.test), ds.image_shape) == (1437, 360, (8, 8))
    np.testing.assert_array_equal(ds.test.labels, again.test.labels)
    assert ds.train.images.min() == 0.0
    assert ds.train.images.max() == 1.0
    # Every digit appears on both sides of the split.
    assert set(ds.train.labels.tolist()) == set(ds.test.labels.tolist()) == set(range(10))
