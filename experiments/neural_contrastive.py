"""Contrastive representation learning on scikit-learn's digits as InfoNCE maximisation.

For each seed, itlab.train_contrastive_encoder trains an MLP encoder (64 -> 128 -> 16, unit-norm
output, temperature 0.2, batch 128, Adam lr 2e-3) on two augmented views of each training image
(random shifts of up to one pixel, Gaussian noise 0.1), with no labels. At checkpoints it records
the held-out InfoNCE between two views of the test images and the test accuracy of a logistic
regression ("linear probe") fit on the frozen 16-D features of the training images. At the end, the
InfoNCE of the final encoder is evaluated at several batch sizes B on the same test views.
Reference: the probe on the raw 64 pixels.

Writes experiments/results/neural_contrastive.json.

    OMP_NUM_THREADS=1 .venv/bin/python experiments/neural_contrastive.py
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

import itlab as it

EVAL_BATCHES = (4, 8, 16, 32, 64, 128, 256, 512)


def infonce_at_batch_sizes(encode, x_test, seed, temperature, sizes=EVAL_BATCHES):
    """Held-out InfoNCE (bits) of a fixed encoder for several batch sizes, same two views."""
    gen = torch.Generator().manual_seed(seed + 1)
    xt = torch.as_tensor(x_test, dtype=torch.float32)
    v1, v2 = it.digits_augment(xt, gen), it.digits_augment(xt, gen)
    with torch.no_grad():
        z1, z2 = encode(v1), encode(v2)
        out = []
        for b in sizes:
            k = xt.shape[0] // b
            vals = [
                float(
                    it.infonce_bound(
                        z1[i * b : (i + 1) * b] @ z2[i * b : (i + 1) * b].T / temperature
                    )
                )
                for i in range(k)
            ]
            out.append(float(np.mean(vals)) / math.log(2))
    return out


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--steps", type=int, default=600)
    ap.add_argument("--eval-every", type=int, default=50)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument(
        "--out",
        default=str(Path(__file__).resolve().parent / "results" / "neural_contrastive.json"),
    )
    args = ap.parse_args()
    torch.set_num_threads(1)
    x_tr, x_te, y_tr, y_te = it.load_digits_split()
    raw = float(LogisticRegression(max_iter=5000).fit(x_tr, y_tr).score(x_te, y_te))
    runs = []
    for seed in range(args.seeds):
        out = it.train_contrastive_encoder(
            x_tr, y_tr, x_te, y_te, steps=args.steps, eval_every=args.eval_every, seed=seed
        )
        by_b = infonce_at_batch_sizes(out["encoder"], x_te, seed, temperature=0.2)
        runs.append(
            {
                "seed": seed,
                "step": out["step"].tolist(),
                "infonce_bits": out["infonce"].tolist(),
                "probe_accuracy": out["probe_accuracy"].tolist(),
                "infonce_by_batch_bits": by_b,
            }
        )
        print(
            f"seed {seed}: InfoNCE {out['infonce'][0]:.2f} -> {out['infonce'][-1]:.2f} bits, "
            f"probe {out['probe_accuracy'][0]:.3f} -> {out['probe_accuracy'][-1]:.3f}",
            flush=True,
        )
    result = {
        "config": {
            **vars(args),
            "batch_size": 128,
            "embed_dim": 16,
            "hidden": [128],
            "temperature": 0.2,
            "lr": 2e-3,
            "augment": "shift <= 1 px, noise 0.1",
            "eval_batches": EVAL_BATCHES,
        },
        "raw_pixel_probe_accuracy": raw,
        "log2_batch": math.log2(128),
        "runs": runs,
    }
    out_path = Path(args.out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=1))
    print(f"raw-pixel probe {raw:.3f}; wrote {out_path}")


if __name__ == "__main__":
    main()
