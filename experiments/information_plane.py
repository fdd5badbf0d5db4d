"""Full reproduction of the information-plane experiment on the 12-bit task.

Trains the 12-10-7-5-4-3-2 network (tanh or ReLU, Adam, lr 4e-4, mini-batches of 256,
85 % of the 4096 patterns) for 8000 epochs, records every layer at about 300
log-spaced epochs with the chosen estimator(s), and writes the results to an .npz
file that the chapter "The information plane and the compression debate" loads
(``itlab.PlaneRun.load``). Prints the wall-clock and CPU time of the run.

The results files the chapter shows were made with::

    python experiments/information_plane.py --activation tanh --estimator both
    python experiments/information_plane.py --activation relu --estimator both
    for f in 0.05 0.2 0.5; do
        python experiments/information_plane.py --activation tanh --train-fraction $f --snapshots 60
    done

Timing target: the binning run (``--estimator binning``, the default) takes at most
3 minutes on a 2-core CPU; the KDE estimator adds about half a second per snapshot.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import itlab as it


def default_out(args):
    root = it.utils.repo_root() / "experiments" / "results"
    name = f"plane_{args.activation}_{args.estimator}"
    if args.train_fraction != 0.85:
        name += f"_train{round(100 * args.train_fraction):02d}"
    if args.seed != 0:
        name += f"_seed{args.seed}"
    return root / f"{name}.npz"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--activation", choices=("tanh", "relu"), default="tanh", help="hidden non-linearity")
    parser.add_argument(
        "--estimator",
        choices=("binning", "kde", "both"),
        default="binning",
        help="binning (30 bins; [-1, 1] for tanh, each layer's range for ReLU), kde (noise variance 1e-3), or both",
    )
    parser.add_argument("--epochs", type=int, default=8000, help="training epochs (default 8000)")
    parser.add_argument("--snapshots", type=int, default=300, help="about this many log-spaced snapshots")
    parser.add_argument("--seed", type=int, default=0, help="seed of weights, split and batch order")
    parser.add_argument("--train-fraction", type=float, default=0.85, help="fraction of the patterns for training")
    parser.add_argument("--batch-size", type=int, default=256, help="mini-batch size")
    parser.add_argument("--out", type=Path, default=None, help="results file (.npz); default experiments/results/")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    args = parser.parse_args(argv)

    estimators = ("binning", "kde") if args.estimator == "both" else (args.estimator,)
    run = it.train_twelve_bit(
        args.activation,
        estimators=estimators,
        epochs=args.epochs,
        n_snapshots=args.snapshots,
        train_fraction=args.train_fraction,
        batch_size=args.batch_size,
        seed=args.seed,
        show_progress=not args.no_progress,
    )
    out = run.save(args.out if args.out is not None else default_out(args))
    last = {name: values[-1].round(2).tolist() for name, values in run.i_xt.items()}
    print(f"{args.activation}, {', '.join(estimators)}: {args.epochs} epochs, {run.epochs.size} snapshots")
    print(f"final train accuracy {run.train_accuracy[-1]:.3f}, test accuracy {run.test_accuracy[-1]:.3f}")
    print(f"final I(X;T) per layer [bits]: {last}")
    print(f"wall time {run.seconds:.1f} s, CPU time {run.cpu_seconds:.1f} s")
    print(f"wrote {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
