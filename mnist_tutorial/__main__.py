"""``python -m mnist_tutorial``: train the tutorial's network and report.

With ``--data DIR``, MNIST IDX files from DIR; without, scikit-learn's
bundled 8x8 digits. Prints the dataset used, a progress bar per epoch, the
loss and held-out accuracy after each epoch, and last
``held-out accuracy: 0.9xx``. ``--plot FILE`` also writes a PNG report.
``--optimizer`` picks sgd, momentum or adam; ``--workers N`` computes each
mini-batch's gradient on a local Dask cluster of N worker processes (N
shards of the batch), ``--scheduler ADDRESS`` on a running cluster, and
both report the speed-up of that gradient over one process.

>>> main(["--epochs", "1", "--hidden", "16,16", "--no-progress"])  # doctest: +ELLIPSIS
dataset: scikit-learn's bundled 8x8 digits ...
...
held-out accuracy: 0...
0
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from .data import Dataset, load_dataset
from .parallel import Cluster, measure_speedup
from .train import OPTIMIZERS, Config, EpochReport, blas_threads, train

__all__ = ["main", "parse_args"]


def _hidden(text: str) -> tuple[int, int]:
    parts = text.split(",")
    try:
        widths = tuple(int(p) for p in parts)
    except ValueError:
        widths = ()
    if len(widths) != 2 or min(widths) < 1:
        raise argparse.ArgumentTypeError(
            f"expected two positive layer widths like 300,100, got {text!r}"
        )
    return widths[0], widths[1]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The command line, with the defaults of :class:`~mnist_tutorial.train.Config`.

    >>> parse_args(["--hidden", "30,20", "--lr", "0.1"]).hidden
    (30, 20)
    """
    d = Config()
    p = argparse.ArgumentParser(
        prog="python -m mnist_tutorial",
        description="Train the backprop tutorial's 784-300-100-10 network on handwritten digits.",
    )
    p.add_argument(
        "--data",
        metavar="DIR",
        help="directory of MNIST IDX files (train-*/t10k-*, .gz or raw); "
        "default: scikit-learn's bundled 8x8 digits",
    )
    p.add_argument(
        "--epochs", type=_positive_int, default=d.epochs, metavar="N", help=f"default {d.epochs}"
    )
    p.add_argument(
        "--batch-size",
        type=_positive_int,
        default=d.batch_size,
        metavar="N",
        help=f"default {d.batch_size}",
    )
    p.add_argument(
        "--optimizer",
        choices=tuple(OPTIMIZERS),
        default=d.optimizer,
        help=f"default {d.optimizer}",
    )
    p.add_argument(
        "--lr",
        type=_positive_float,
        default=None,
        metavar="RATE",
        help="learning rate, default "
        + ", ".join(f"{rate} for {name}" for name, rate in OPTIMIZERS.items()),
    )
    p.add_argument(
        "--hidden",
        type=_hidden,
        default=d.hidden,
        metavar="H1,H2",
        help=f"widths of the two hidden layers, default {d.hidden[0]},{d.hidden[1]}",
    )
    p.add_argument(
        "--seed", type=int, default=d.seed, metavar="N", help=f"random seed, default {d.seed}"
    )
    p.add_argument(
        "--train-size",
        type=_positive_int,
        metavar="N",
        help="train on the first N training images only",
    )
    p.add_argument(
        "--plot", metavar="FILE", help="write a PNG of the curves and misclassified digits"
    )
    p.add_argument(
        "--threads",
        type=_positive_int,
        default=1,
        metavar="N",
        help="BLAS threads while training (default 1: a mini-batch's products are "
        "small, and more threads oversubscribe shared cores)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="compute each mini-batch's gradient on a local Dask cluster of N worker "
        "processes (one shard of the batch each); needs dask[distributed]",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the same on a running Dask cluster, e.g. tcp://127.0.0.1:8786",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    >>> main(["--train-size", "0"])
    Traceback (most recent call last):
    ...
    SystemExit: 2
    """
    args = parse_args(argv)
    try:
        dataset = load_dataset(args.data)
        if args.train_size is not None:
            dataset = dataset.with_train_size(args.train_size)
    except (ValueError, ImportError) as e:  # IdxError is a ValueError
        print(f"python -m mnist_tutorial: error: {e}", file=sys.stderr)
        return 2
    config = Config(
        epochs=args.epochs,
        batch_size=args.batch_size,
        lr=args.lr,
        hidden=args.hidden,
        seed=args.seed,
        optimizer=args.optimizer,
    )
    inputs = dataset.train.images.shape[1]
    print(f"dataset: {dataset.description}")
    print(
        f"network: {inputs}-{config.hidden[0]}-{config.hidden[1]}-{dataset.n_classes}, "
        f"{config.epochs} epochs of {len(dataset.train)} images, batch size "
        f"{config.batch_size}, {config.optimizer} at learning rate {config.rate}, seed {config.seed}"
    )
    if args.workers is None and args.scheduler is None:
        return _run(args, dataset, config, None)
    try:
        cluster = Cluster.start(args.workers, args.scheduler)
    except (ImportError, OSError, TimeoutError) as e:
        print(f"python -m mnist_tutorial: error: cannot reach a Dask cluster: {e}", file=sys.stderr)
        return 2
    with cluster:
        print(f"cluster: {cluster.description}", flush=True)
        return _run(args, dataset, config, cluster)


def _run(
    args: argparse.Namespace, dataset: Dataset, config: Config, cluster: Cluster | None
) -> int:
    """Train (on ``cluster`` when given), print each epoch and the results."""

    def report(r: EpochReport) -> None:
        print(
            f"epoch {r.epoch:>{len(str(config.epochs))}}/{config.epochs}: "
            f"training loss {r.train_loss:.4f}, held-out loss {r.test_loss:.4f}, "
            f"held-out accuracy {r.accuracy:.4f} ({r.seconds:.1f} s)",
            flush=True,
        )

    start = time.perf_counter()
    with blas_threads(args.threads):
        result = train(
            dataset,
            config,
            progress=not args.no_progress,
            on_epoch=report,
            executor=None if cluster is None else cluster.executor,
            shards=1 if cluster is None else cluster.workers,
        )
        print(f"trained in {time.perf_counter() - start:.1f} s")
        if cluster is not None:
            print(measure_speedup(cluster, result.network, dataset, config.batch_size), flush=True)
    if args.plot is not None:
        from .plot import save_plot

        path = save_plot(args.plot, result, dataset)
        print(f"plot: {path} (loss and accuracy per epoch, misclassified held-out digits)")
    print(f"held-out accuracy: {result.accuracy:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
