"""Full runs of the information-plane experiment on the 12-bit task, over several seeds.

Trains the network of Shwartz-Ziv & Tishby (2017) (12-10-7-5-4-3-2 by default; tanh or
ReLU; Adam, lr 4e-4, mini-batches of 256, 85 % of the 4096 patterns, Saxe et al.'s
initialisation) for 8000 epochs, records every layer at about 80 log-spaced epochs with
the chosen estimators, and writes one .npz file per seed that the chapter "The
information plane and the compression debate" loads (``itlab.PlaneRun.load``).
Gradients, their signal-to-noise ratio and the training loss are computed in float64.
Prints the wall-clock and CPU time of each run.

The results files the chapter shows were made with::

    python experiments/information_plane.py --activation tanh --estimator all
    python experiments/information_plane.py --activation relu --estimator all
    python experiments/information_plane.py --hidden 10 --tag depth1
    python experiments/information_plane.py --hidden 10 7 5 --tag depth3
    for f in 0.05 0.2 0.5; do
        python experiments/information_plane.py --train-fraction $f --snapshots 40
    done

(each for seeds 0-4, the default). Timing target: at most 3 minutes per seed alone on
a 2-core CPU; ``--estimator all`` (binning, adaptive binning and KDE on the same
snapshots) is the slowest, binning alone takes about half a minute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import itlab as it

ESTIMATORS = {
    "binning": ("binning",),
    "adaptive": ("adaptive",),
    "kde": ("kde",),
    "all": ("binning", "adaptive", "kde"),
}


def out_path(args, seed):
    root = (
        args.out_dir
        if args.out_dir is not None
        else it.utils.repo_root() / "experiments" / "results"
    )
    name = f"plane_{args.activation}"
    if args.tag:
        name += f"_{args.tag}"
    if args.train_fraction != 0.85:
        name += f"_train{round(100 * args.train_fraction):02d}"
    return Path(root) / f"{name}_seed{seed}.npz"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--activation", choices=("tanh", "relu"), default="tanh", help="hidden non-linearity"
    )
    parser.add_argument(
        "--estimator",
        choices=tuple(ESTIMATORS),
        default="binning",
        help="binning as in the papers, adaptive binning, KDE (noise variance 1e-3), or all three",
    )
    parser.add_argument(
        "--hidden", type=int, nargs="+", default=[10, 7, 5, 4, 3], help="hidden widths"
    )
    parser.add_argument("--tag", default="", help="extra name part of the results files")
    parser.add_argument("--epochs", type=int, default=8000, help="training epochs (default 8000)")
    parser.add_argument(
        "--snapshots", type=int, default=80, help="about this many log-spaced snapshots"
    )
    parser.add_argument(
        "--seeds",
        type=int,
        nargs="+",
        default=[0, 1, 2, 3, 4],
        help="seeds of weights, split, order",
    )
    parser.add_argument(
        "--train-fraction", type=float, default=0.85, help="fraction of the patterns for training"
    )
    parser.add_argument("--batch-size", type=int, default=256, help="mini-batch size")
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=None,
        help="folder of the results; default experiments/results/",
    )
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = parser.parse_args(argv)

    widths = (12, *args.hidden, 2)
    for seed in args.seeds:
        run = it.train_twelve_bit(
            args.activation,
            estimators=ESTIMATORS[args.estimator],
            epochs=args.epochs,
            n_snapshots=args.snapshots,
            train_fraction=args.train_fraction,
            batch_size=args.batch_size,
            seed=seed,
            widths=widths,
            show_progress=not args.no_progress,
        )
        out = run.save(out_path(args, seed))
        print(
            f"{args.activation} {widths} seed {seed}: {args.epochs} epochs, "
            f"{run.epochs.size} snapshots, test accuracy {run.test_accuracy[-1]:.3f}, "
            f"loss {run.train_loss[-1]:.3g} nats; wall {run.seconds:.1f} s, "
            f"CPU {run.cpu_seconds:.1f} s -> {out.name} ({out.stat().st_size / 1024:.0f} KiB)",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
