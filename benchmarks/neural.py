"""Time of one training step of itlab.neural against a plain PyTorch loop of the same size.

For each bound and each critic (20-D X and Y, batch 64, two hidden layers of 128 units, embedding
32), one step = critic forward on the batch, the bound, backward, Adam update. The itlab step is
``CriticTrainer.step``; the peer is the same network built directly from torch.nn layers with the
loss written inline (InfoNCE as a cross-entropy over the rows, NWJ/DV by their formulas, MINE as
plain DV without the moving average, SMILE's training objective as the Jensen-Shannon loss).
Both get the same weights and batches. The two loops run interleaved (blocks of ``--steps`` steps,
A, B, A, B, ...) so that load from other processes hits both alike; the ratio of the median times
per step is the number reported.

Writes benchmarks/results/neural.json.

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/neural.py
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import math
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlab as it  # noqa: E402

DIM, BATCH, HIDDEN, EMBED = 20, 64, 128, 32


def plain_mlp(d_in, d_out):
    return nn.Sequential(
        nn.Linear(d_in, HIDDEN),
        nn.ReLU(),
        nn.Linear(HIDDEN, HIDDEN),
        nn.ReLU(),
        nn.Linear(HIDDEN, d_out),
    )


def plain_loss(bound, s):
    b = s.shape[0]
    diag = s.diagonal()
    off = s[~torch.eye(b, dtype=torch.bool)]
    if bound == "infonce":
        return F.cross_entropy(s, torch.arange(b))  # = log B - InfoNCE
    if bound == "nwj":
        return -(diag.mean() - torch.exp(off - 1).mean())
    if bound in ("dv", "mine"):
        return -(diag.mean() - (torch.logsumexp(off, 0) - math.log(off.numel())))
    return F.softplus(-diag).mean() + F.softplus(off).mean()  # smile trains on JS


def make_pair(kind, seed):
    torch.manual_seed(seed)
    if kind == "separable":
        g, h = plain_mlp(DIM, EMBED), plain_mlp(DIM, EMBED)
        ours = it.SeparableCritic(DIM, DIM, (HIDDEN, HIDDEN), EMBED, seed=seed)
        ours.g.load_state_dict(g.state_dict())
        ours.h.load_state_dict(h.state_dict())

        def plain(x, y):
            return g(x) @ h(y).T

        params = [*g.parameters(), *h.parameters()]
    else:
        f = plain_mlp(2 * DIM, 1)
        ours = it.ConcatCritic(DIM, DIM, (HIDDEN, HIDDEN), seed=seed)
        ours.f.load_state_dict(f.state_dict())

        def plain(x, y):
            b = x.shape[0]
            xy = torch.cat([x.unsqueeze(1).expand(b, b, DIM), y.unsqueeze(0).expand(b, b, DIM)], 2)
            return f(xy).squeeze(-1)

        params = list(f.parameters())
    return ours, plain, params


def time_case(kind, bound, steps, blocks, data):
    ours, plain, params = make_pair(kind, 0)
    trainer = it.CriticTrainer(ours, bound, lr=5e-4)
    opt = torch.optim.Adam(params, lr=5e-4)
    t_ours, t_plain = [], []
    for blk in range(blocks):
        for which in ("ours", "plain"):
            t0 = time.perf_counter()
            for k in range(steps):
                x, y = data[(blk * steps + k) % len(data)]
                if which == "ours":
                    trainer.step(x, y)
                else:
                    loss = plain_loss(bound, plain(x, y))
                    opt.zero_grad(set_to_none=True)
                    loss.backward()
                    opt.step()
            (t_ours if which == "ours" else t_plain).append((time.perf_counter() - t0) / steps)
    mo, mp = float(np.median(t_ours)), float(np.median(t_plain))
    return {"itlab_step_ms": 1e3 * mo, "plain_step_ms": 1e3 * mp, "ratio": mo / mp}


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--steps", type=int, default=10, help="steps per timed block")
    ap.add_argument("--blocks", type=int, default=7)
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "neural.json"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    s = it.correlated_gaussian(BATCH * 16, DIM, DIM, rho=0.5, seed=0)
    xs = torch.as_tensor(s.x, dtype=torch.float32).split(BATCH)
    ys = torch.as_tensor(s.y, dtype=torch.float32).split(BATCH)
    data = list(zip(xs, ys, strict=True))
    load_before = os.getloadavg()
    t_start = time.perf_counter()
    results = {}
    for kind in it.CRITICS:
        for bound in it.BOUNDS:
            r = time_case(kind, bound, args.steps, args.blocks, data)
            results[f"{kind}/{bound}"] = r
            print(
                f"{kind:9s} {bound:8s} itlab {r['itlab_step_ms']:7.2f} ms"
                f"  plain {r['plain_step_ms']:7.2f} ms"
                f"  ratio {r['ratio']:.2f}",
                flush=True,
            )
    out = {
        "description": "median time of one training step, itlab.CriticTrainer.step"
        " vs a plain PyTorch loop",
        "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "config": {
            "dim": DIM,
            "batch_size": BATCH,
            "hidden": [HIDDEN, HIDDEN],
            "embed_dim": EMBED,
            "steps_per_block": args.steps,
            "blocks": args.blocks,
            "threads": 1,
        },
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "torch": torch.__version__,
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
        },
        "wall_time_s": time.perf_counter() - t_start,
        "results": results,
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(out, indent=1))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
