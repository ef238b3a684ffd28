"""Reading the MNIST database (IDX files) and the scikit-learn fallback.

The IDX format is a big-endian header — two zero bytes, a type code, the
number of dimensions, then one 32-bit size per dimension — followed by the
values. MNIST images are ``0x00000803`` (unsigned bytes, 3 dimensions: count,
rows, columns), labels ``0x00000801`` (unsigned bytes, 1 dimension). Files may
be gzip-compressed; that is recognised from their first bytes, not their
name. Every check that fails raises :class:`IdxError` naming the file.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_idx(d / "labels", np.array([7, 2, 1], dtype=np.uint8))
>>> read_idx(d / "labels").tolist()
[7, 2, 1]
"""

from __future__ import annotations

import gzip
import importlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Dataset",
    "IdxError",
    "Split",
    "load_dataset",
    "load_digits",
    "load_mnist_dir",
    "load_mnist_pair",
    "read_idx",
    "write_idx",
]

# IDX type codes and the numpy dtypes (big-endian) they name.
_DTYPES: Final[dict[int, np.dtype[Any]]] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODES: Final[dict[str, int]] = {
    "u1": 0x08,
    "i1": 0x09,
    "i2": 0x0B,
    "i4": 0x0C,
    "f4": 0x0D,
    "f8": 0x0E,
}
IMAGES_MAGIC: Final = 0x00000803
LABELS_MAGIC: Final = 0x00000801
_GZIP_MAGIC: Final = b"\x1f\x8b"


class IdxError(ValueError):
    """An IDX file is missing, malformed, or does not match its partner."""


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise IdxError(f"{path}: cannot read IDX file: {e.strerror or e}") from None
    if raw[:2] != _GZIP_MAGIC:
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError) as e:
        raise IdxError(f"{path}: corrupt or truncated gzip data: {e}") from None


def read_idx(path: str | Path, *, magic: int | None = None) -> NDArray[Any]:
    """Read one IDX file (raw or gzip) into an array of its native shape.

    With ``magic`` given, the file's magic number must equal it (for MNIST:
    ``0x803`` images, ``0x801`` labels). The file's length must be exactly
    header plus values: a short file is truncated, a long one is not IDX.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.gz"
    >>> write_idx(p, np.arange(6, dtype=np.uint8).reshape(1, 2, 3), compress=True)
    >>> read_idx(p, magic=0x803).shape
    (1, 2, 3)
    >>> read_idx(p, magic=0x801)
    Traceback (most recent call last):
    ...
    mnist_tutorial.data.IdxError: .../x.gz: magic number 0x00000803, expected 0x00000801 (...)
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 4:
        raise IdxError(f"{path}: truncated IDX file: {len(data)} bytes, no complete header")
    found = int.from_bytes(data[:4], "big")
    if data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise IdxError(
            f"{path}: not an IDX file: magic number 0x{found:08x} "
            f"(expected 0x0000TTNN with type code TT in "
            f"{', '.join(f'0x{c:02x}' for c in _DTYPES)})"
        )
    if magic is not None and found != magic:
        raise IdxError(
            f"{path}: magic number 0x{found:08x}, expected 0x{magic:08x} "
            f"({_describe(magic)}; this file holds {_describe(found)})"
        )
    dtype = _DTYPES[data[2]]
    ndim = data[3]
    header = 4 + 4 * ndim
    if len(data) < header:
        raise IdxError(
            f"{path}: truncated IDX file: {len(data)} bytes, the header of "
            f"{ndim} dimensions needs {header}"
        )
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(data) < expected:
        raise IdxError(
            f"{path}: truncated IDX file: shape {shape} of {dtype.name} needs "
            f"{expected} bytes, the file has {len(data)}"
        )
    if len(data) > expected:
        raise IdxError(
            f"{path}: {len(data) - expected} unexpected bytes after the "
            f"{expected} that shape {shape} of {dtype.name} needs"
        )
    values = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    # Native byte order and a writable copy owned by the caller.
    return values.astype(dtype.newbyteorder("="))


def _describe(magic: int) -> str:
    code, ndim = (magic >> 8) & 0xFF, magic & 0xFF
    name = _DTYPES[code].name if code in _DTYPES and magic >> 16 == 0 else "unknown type"
    return f"{name}, {ndim} dimension{'s' if ndim != 1 else ''}"


def write_idx(path: str | Path, values: NDArray[Any], *, compress: bool = False) -> None:
    """Write an array as an IDX file (gzip-compressed with ``compress``).

    The inverse of :func:`read_idx`; the tests and examples build small MNIST
    files with it.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "w"
    >>> write_idx(p, np.array([[1.5, 2.0]]))
    >>> p.read_bytes()[:4].hex()
    '00000e02'
    """
    arr = np.asarray(values)
    key = f"{arr.dtype.kind}{arr.dtype.itemsize}"
    if key not in _CODES or arr.ndim > 255:
        raise IdxError(
            f"{path}: IDX cannot store an array of dtype {arr.dtype} and {arr.ndim} dimensions"
        )
    header = bytes([0, 0, _CODES[key], arr.ndim]) + b"".join(
        int(n).to_bytes(4, "big") for n in arr.shape
    )
    payload = header + arr.astype(arr.dtype.newbyteorder(">")).tobytes()
    Path(path).write_bytes(gzip.compress(payload, mtime=0) if compress else payload)


@dataclass(frozen=True)
class Split:
    """Images as rows of pixel intensities in [0, 1], and their labels."""

    images: NDArray[np.float64]
    labels: NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, n: int | None) -> Split:
        """The first ``n`` examples (all of them with ``None``).

        >>> s = Split(np.zeros((5, 4)), np.arange(5))
        >>> len(s.take(2)), len(s.take(None))
        (2, 5)
        """
        if n is None:
            return self
        return Split(self.images[:n], self.labels[:n])


@dataclass(frozen=True)
class Dataset:
    """A training split, a held-out split, and what they are."""

    name: str
    description: str
    train: Split
    test: Split
    image_shape: tuple[int, int]
    n_classes: int = 10

    def with_train_size(self, n: int) -> Dataset:
        """The same dataset training on its first ``n`` images only.

        >>> ds = load_digits().with_train_size(100)
        >>> len(ds.train), ds.description.endswith("(first 100 used)")
        (100, True)
        """
        if not 1 <= n <= len(self.train):
            raise ValueError(
                f"train size {n} is out of range: {self.name} has {len(self.train)} training images"
            )
        return replace(
            self,
            train=self.train.take(n),
            description=f"{self.description} (first {n} used)",
        )


def load_mnist_pair(images_path: str | Path, labels_path: str | Path) -> Split:
    """Read an MNIST images file and its labels file, checked against each other.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_idx(d / "i", np.full((2, 28, 28), 255, dtype=np.uint8))
    >>> write_idx(d / "l", np.array([3, 9], dtype=np.uint8))
    >>> s = load_mnist_pair(d / "i", d / "l")
    >>> s.images.shape, s.images.max(), s.labels.tolist()
    ((2, 784), np.float64(1.0), [3, 9])
    """
    return _load_pair(images_path, labels_path)[0]


def _load_pair(images_path: str | Path, labels_path: str | Path) -> tuple[Split, tuple[int, int]]:
    images_path, labels_path = Path(images_path), Path(labels_path)
    images = read_idx(images_path, magic=IMAGES_MAGIC)
    labels = read_idx(labels_path, magic=LABELS_MAGIC)
    if images.shape[0] != labels.shape[0]:
        raise IdxError(
            f"{images_path}: {images.shape[0]} images, but {labels_path} has "
            f"{labels.shape[0]} labels"
        )
    if images.shape[0] == 0 or images.shape[1] == 0 or images.shape[2] == 0:
        raise IdxError(
            f"{images_path}: no pixels to learn from: image array of shape {images.shape}"
        )
    if labels.size and labels.max() > 9:
        raise IdxError(f"{labels_path}: label {int(labels.max())} is not a digit 0-9")
    flat = images.reshape(images.shape[0], -1).astype(np.float64) / 255.0
    return Split(flat, labels.astype(np.int64)), (images.shape[1], images.shape[2])


_NAMES: Final = {
    ("train", "images"): "train-images-idx3-ubyte",
    ("train", "labels"): "train-labels-idx1-ubyte",
    ("t10k", "images"): "t10k-images-idx3-ubyte",
    ("t10k", "labels"): "t10k-labels-idx1-ubyte",
}
TEST_ONLY_TRAIN_FRACTION: Final = 0.8
"""With only the test set present, this fraction (8,000 of 10,000 images) trains."""


def _find(directory: Path, part: str, kind: str) -> Path | None:
    name = _NAMES[part, kind]
    for candidate in (directory / f"{name}.gz", directory / name):
        if candidate.is_file():
            return candidate
    return None


def load_mnist_dir(directory: str | Path) -> Dataset:
    """The MNIST files in ``directory`` (names as distributed, ``.gz`` or not).

    With the training files present, train on them and hold out the test
    set. With only ``t10k-*``, the first 80% of the test images train and
    the rest are held out — 8,000 and 2,000 of MNIST's 10,000 — and the
    description says so.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_idx(d / "t10k-images-idx3-ubyte", np.zeros((10, 2, 2), dtype=np.uint8))
    >>> write_idx(d / "t10k-labels-idx1-ubyte", np.arange(10, dtype=np.uint8))
    >>> ds = load_mnist_dir(d)
    >>> len(ds.train), len(ds.test)
    (8, 2)
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise IdxError(f"{directory}: no such directory (expected the MNIST IDX files in it)")
    found = {key: _find(directory, *key) for key in _NAMES}
    test_i, test_l = found["t10k", "images"], found["t10k", "labels"]
    train_i, train_l = found["train", "images"], found["train", "labels"]
    if test_i is None or test_l is None:
        missing = [
            f"{n}[.gz]" for key, n in _NAMES.items() if key[0] == "t10k" and found[key] is None
        ]
        raise IdxError(f"{directory}: MNIST file(s) not found: {', '.join(missing)}")
    test, shape = _load_pair(test_i, test_l)
    if train_i is not None and train_l is not None:
        train, train_shape = _load_pair(train_i, train_l)
        if train_shape != shape:
            raise IdxError(f"{train_i}: images of {train_shape}, but {test_i} has {shape}")
        return Dataset(
            "MNIST",
            f"MNIST from {directory}: {len(train)} training images, "
            f"{len(test)} held-out test images",
            train,
            test,
            shape,
        )
    n_train = round(len(test) * TEST_ONLY_TRAIN_FRACTION)
    train = Split(test.images[:n_train], test.labels[:n_train])
    held = Split(test.images[n_train:], test.labels[n_train:])
    return Dataset(
        "MNIST (test set split)",
        f"MNIST test set only, from {directory}: first {len(train)} images "
        f"train, last {len(held)} held out (no train-* files found)",
        train,
        held,
        shape,
    )


DIGITS_TRAIN: Final = 1437
"""scikit-learn's 1,797 digits: this many train, the remaining 360 are held out."""
DIGITS_SPLIT_SEED: Final = 0
"""The digits come grouped by writer: a fixed shuffle (the same every run) mixes them."""


def load_digits() -> Dataset:
    """scikit-learn's bundled 8x8 handwritten digits (no download).

    A fixed shuffle (seed 0, independent of the training seed) puts 1,437
    images in training and 360 in the held-out set; intensities 0-16 are
    scaled to [0, 1].

    >>> ds = load_digits()
    >>> ds.train.images.shape, ds.test.images.shape, ds.image_shape
    ((1437, 64), (360, 64), (8, 8))
    """
    try:
        # scikit-learn ships no type information: reach it through importlib.
        datasets = importlib.import_module("sklearn.datasets")
    except ImportError:
        raise ImportError(
            "the default dataset is scikit-learn's bundled digits: install it "
            "(pip install -e '.[tutorial]') or pass --data DIR with MNIST IDX files"
        ) from None
    bunch = datasets.load_digits()
    images = np.asarray(bunch.data, dtype=np.float64) / 16.0
    labels = np.asarray(bunch.target, dtype=np.int64)
    order = np.random.default_rng(DIGITS_SPLIT_SEED).permutation(len(labels))
    train, test = order[:DIGITS_TRAIN], order[DIGITS_TRAIN:]
    return Dataset(
        "scikit-learn digits",
        f"scikit-learn's bundled 8x8 digits (no --data given): a fixed shuffle, "
        f"{len(train)} images train, {len(test)} held out",
        Split(images[train], labels[train]),
        Split(images[test], labels[test]),
        (8, 8),
    )


def load_dataset(directory: str | Path | None) -> Dataset:
    """MNIST from ``directory``, or the scikit-learn digits when it is None.

    >>> load_dataset(None).name
    'scikit-learn digits'
    """
    return load_digits() if directory is None else load_mnist_dir(directory)
