"""Continual learning on permuted digits with elastic weight consolidation: the full grid.

Task A is scikit-learn's digits (8x8, pixel values / 16); task B the same images
with the 64 pixels shuffled by one fixed permutation (Kirkpatrick et al. 2017 used
permuted MNIST). A 64-32-10 ReLU MLP (2,410 parameters) is trained on A with Adam,
then on B with the penalty of :class:`itlab.EWC` added to B's loss, for several
strengths and three Fisher matrices computed on A's training inputs at the end of
A: the diagonal of the true Fisher, the diagonal of the empirical Fisher (A's
labels), and the full true Fisher (2,410 x 2,410). The accuracy on both test sets
is recorded after every epoch of B. Every (seed, variant, strength) starts from
the same network trained on A for that seed, and B's batches come in the same
order for every variant.

The book's chapter (book/principles/fisher.md) runs the same protocol (same split,
permutation, seeds, network and optimiser; its code is written out there) for the
diagonal true Fisher at a few strengths and five seeds, and loads this file's
results for the comparison of the three Fisher matrices.

Run ``python experiments/fisher_ewc.py`` (a few minutes of CPU time; ``--seeds``
to change the number of seeds). Writes ``experiments/results/fisher_ewc.json``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlab as it  # noqa: E402
from itlab.utils import progress  # noqa: E402

N_TRAIN, WIDTH, EPOCHS, BATCH, LR = 1200, 32, 20, 64, 3e-3


def permuted_digits(seed=0):
    """Train/test tensors of task A (digits) and task B (the same digits, pixels permuted)."""
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    order = np.random.default_rng(seed).permutation(len(x))
    tr, te = order[:N_TRAIN], order[N_TRAIN:]
    pixels = np.random.default_rng(seed + 1).permutation(64)
    tasks = [x / 16.0, x[:, pixels] / 16.0]

    def as_t(a):
        return torch.tensor(a, dtype=torch.float32)

    return {
        "x_train": [as_t(t[tr]) for t in tasks],
        "x_test": [as_t(t[te]) for t in tasks],
        "y_train": torch.tensor(y[tr]),
        "y_test": torch.tensor(y[te]),
    }


def mlp(seed, width=WIDTH):
    torch.manual_seed(seed)
    return torch.nn.Sequential(
        torch.nn.Linear(64, width), torch.nn.ReLU(), torch.nn.Linear(width, 10)
    )


def accuracy(model, x, y):
    with torch.no_grad():
        return float((model(x).argmax(1) == y).float().mean())


def fit(model, x, y, *, epochs=EPOCHS, seed=0, penalty=None, after_epoch=None):
    """Adam on the cross-entropy (+ penalty); calls ``after_epoch(model)`` after each epoch."""
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    gen = torch.Generator().manual_seed(seed)
    out = []
    for _ in range(epochs):
        for idx in torch.randperm(len(x), generator=gen).split(BATCH):
            opt.zero_grad()
            loss = F.cross_entropy(model(x[idx]), y[idx])
            if penalty is not None:
                loss = loss + penalty()
            loss.backward()
            opt.step()
        if after_epoch is not None:
            out.append(after_epoch(model))
    return out


def continual_run(data, seed, fishers, strengths, *, epochs=EPOCHS):
    """Train on A, then on B under EWC for each (variant, strength).

    Returns the accuracy on A's test set after A, and a dict
    ``{(variant, strength): array (epochs + 1, 2)}`` of (A, B) test accuracies, row 0
    before B.
    """
    net = mlp(seed)
    fit(net, data["x_train"][0], data["y_train"], epochs=epochs, seed=seed)

    def both(m):
        return [accuracy(m, data["x_test"][k], data["y_test"]) for k in (0, 1)]

    start = both(net)
    mats = {name: make(net) for name, make in fishers.items()}
    curves = {}
    for name, mat in mats.items():
        for lam in strengths:
            if lam == 0 and curves.get(("none", 0.0)) is not None:
                continue
            model = copy.deepcopy(net)
            penalty = it.EWC(model, mat, strength=lam) if lam > 0 else None
            c = fit(
                model,
                data["x_train"][1],
                data["y_train"],
                epochs=epochs,
                seed=100 + seed,
                penalty=penalty,
                after_epoch=both,
            )
            curves[("none", 0.0) if lam == 0 else (name, float(lam))] = np.array([start, *c])
    return start[0], curves


def fisher_makers(data):
    x_a, y_a = data["x_train"][0], data["y_train"]
    return {
        "true diagonal": lambda m: it.fisher_information(m, x_a, diagonal=True),
        "empirical diagonal": lambda m: it.fisher_information(
            m, x_a, kind="empirical", targets=y_a, diagonal=True
        ),
        "true full": lambda m: it.fisher_information(m, x_a),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    args = ap.parse_args()
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    data = permuted_digits()
    strengths = [0.0, 10.0, 100.0, 1000.0, 10000.0]
    runs = {}
    after_a = []
    for seed in progress(range(args.seeds), desc="seeds"):
        a, curves = continual_run(data, seed, fisher_makers(data), strengths)
        after_a.append(a)
        for key, c in curves.items():
            runs.setdefault(f"{key[0]}|{key[1]:g}", []).append(c.tolist())
    out = {
        "description": "EWC on permuted digits: (A, B) test accuracy after each epoch of B, "
        "per seed",
        "config": {
            "n_train": N_TRAIN,
            "width": WIDTH,
            "epochs": EPOCHS,
            "batch": BATCH,
            "lr": LR,
            "seeds": args.seeds,
            "strengths": strengths,
            "optimizer": "Adam",
        },
        "accuracy_a_after_a": after_a,
        "curves": runs,
        "seconds": time.perf_counter() - t0,
    }
    path = ROOT / "experiments" / "results" / "fisher_ewc.json"
    path.write_text(json.dumps(out) + "\n")
    print(f"wrote {path} in {out['seconds']:.0f} s")


if __name__ == "__main__":
    main()
