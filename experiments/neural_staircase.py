"""The "staircase" of Poole et al. (2019) and Song & Ermon (2020), at CPU size.

20-dimensional correlated Gaussians (X, Y), coordinate i of Y correlated with coordinate i
of X, whose true mutual information steps through 2, 4, 6, 8, 10 nats during training, with
fresh samples every step. For each bound (InfoNCE, NWJ, DV, MINE, SMILE with tau = 5) and each
critic (separable and concatenated), a critic is trained with Adam (lr 5e-4, batch 64) and the
bound on every training batch is recorded. Bias and variance at each step of the staircase
are taken over the second half of that step's updates.

Differences from the published runs (their code: google-research/vbmi,
ermongroup/smile-mi-estimator):
4000 steps per MI level and critics with hidden layers of 256 units there; here
``--steps-per-level`` (default 600) and 2 hidden layers of ``--hidden`` (default 128) units for the
separable critic and ``--concat-hidden`` (default 64) for the concatenated one, which evaluates its
network on all 64 x 64 pairs of a batch, so that the whole run fits in about 10 minutes on one CPU
core. Only the concatenated critic's seed 0 is run by default; ``--extra-seeds`` adds seeds.
No baseline network: Song & Ermon's demo builds a learned baseline but only their TUBA bound
uses it (none of the bounds here), and Poole et al.'s NWJ uses the constant one. MINE's
moving-average rate is 0.01 here (``--ma-rate``), 0.1 in Song & Ermon's code (which does not run
MINE in its demo).

The published size, separable critic only, five seeds (about 3 minutes per seed on one core):

    python experiments/neural_staircase.py --critics separable --steps-per-level 4000 \
        --hidden 256 --out experiments/results/neural_staircase_published
    python experiments/neural_staircase.py --critics separable --steps-per-level 4000 \
        --hidden 256 --out experiments/results/neural_staircase_published --extra-seeds 1 2 3 4

Writes experiments/results/neural_staircase.{npz,json}.

    OMP_NUM_THREADS=1 .venv/bin/python experiments/neural_staircase.py
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

import numpy as np
import torch

import itlab as it

LEVELS_NATS = (2.0, 4.0, 6.0, 8.0, 10.0)
DIM = 20


def rho_for(mi_nats, dim=DIM):
    """Correlation per coordinate pair that gives mi_nats in total: I = -dim/2 log(1 - rho^2)."""
    return math.sqrt(1.0 - math.exp(-2.0 * mi_nats / dim))


def run(
    bound,
    critic_kind,
    steps_per_level,
    batch_size,
    hidden,
    embed_dim,
    lr,
    seed,
    device="cpu",
    ma_rate=0.01,
):
    torch.set_num_threads(1)
    if critic_kind == "separable":
        critic = it.SeparableCritic(DIM, DIM, hidden, embed_dim, seed=seed, device=device)
    else:
        critic = it.ConcatCritic(DIM, DIM, hidden, seed=seed, device=device)
    trainer = it.CriticTrainer(critic, bound, lr=lr, ma_rate=ma_rate)
    rng = np.random.default_rng(seed)
    values = np.empty(len(LEVELS_NATS) * steps_per_level)
    t = 0
    for level in LEVELS_NATS:
        rho = rho_for(level)
        for _ in range(steps_per_level):
            s = it.correlated_gaussian(batch_size, DIM, DIM, rho=rho, seed=rng)
            x = torch.as_tensor(s.x, dtype=torch.float32, device=device)
            y = torch.as_tensor(s.y, dtype=torch.float32, device=device)
            values[t] = float(trainer.step(x, y))
            t += 1
    return values


def summarise(values, steps_per_level):
    """Bias and variance (nats, nats^2) over the second half of each level's updates."""
    out = []
    for k, level in enumerate(LEVELS_NATS):
        seg = values[k * steps_per_level : (k + 1) * steps_per_level][steps_per_level // 2 :]
        out.append(
            {
                "truth": level,
                "mean": float(seg.mean()),
                "bias": float(seg.mean() - level),
                "variance": float(seg.var(ddof=1)),
            }
        )
    return out


def run_extra_seeds(args, hidden_of):
    """Spread over seeds: per-level summaries of further runs, merged into the results file."""
    path = Path(args.out).with_suffix(".json")
    extra = {}
    for critic_kind in args.critics:
        for bound in args.bounds:
            for seed in args.extra_seeds:
                vals = run(
                    bound,
                    critic_kind,
                    args.steps_per_level,
                    args.batch_size,
                    hidden_of[critic_kind],
                    args.embed_dim,
                    args.lr,
                    seed,
                    args.device,
                    args.ma_rate,
                )
                extra.setdefault(f"{critic_kind}/{bound}", {})[str(seed)] = summarise(
                    vals, args.steps_per_level
                )
                means = " ".join(
                    f"{r['mean']:6.2f}" for r in extra[f"{critic_kind}/{bound}"][str(seed)]
                )
                print(f"{critic_kind:9s} {bound:8s} seed {seed}: {means}", flush=True)
    meta = json.loads(path.read_text())  # read late: other processes may have merged meanwhile
    for key, by_seed in extra.items():
        meta.setdefault("extra_seeds", {}).setdefault(key, {}).update(by_seed)
    path.write_text(json.dumps(meta, indent=1))
    print(f"added seeds {args.extra_seeds} to {path}")


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--steps-per-level", type=int, default=600)
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--concat-hidden", type=int, default=64)
    ap.add_argument("--embed-dim", type=int, default=32)
    ap.add_argument("--lr", type=float, default=5e-4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bounds", nargs="+", default=list(it.BOUNDS))
    ap.add_argument("--critics", nargs="+", default=list(it.CRITICS))
    ap.add_argument("--device", default="cpu")
    ap.add_argument(
        "--ma-rate",
        type=float,
        default=0.01,
        help="MINE's moving-average rate (0.1 in Song & Ermon)",
    )
    ap.add_argument(
        "--merge", action="store_true", help="add to existing results instead of replacing them"
    )
    ap.add_argument(
        "--out", default=str(Path(__file__).resolve().parent / "results" / "neural_staircase")
    )
    ap.add_argument(
        "--extra-seeds",
        nargs="+",
        type=int,
        default=[],
        help="only run these further seeds and add their per-level summaries to the existing "
        "results (key 'extra_seeds'); the curves stored stay those of --seed",
    )
    args = ap.parse_args()
    hidden_of = {
        "separable": (args.hidden, args.hidden),
        "concat": (args.concat_hidden, args.concat_hidden),
    }
    if args.extra_seeds:
        run_extra_seeds(args, hidden_of)
        return
    arrays, summary, times = {}, {}, {}
    for critic_kind in args.critics:
        hidden = hidden_of[critic_kind]
        for bound in args.bounds:
            t0 = time.perf_counter()
            vals = run(
                bound,
                critic_kind,
                args.steps_per_level,
                args.batch_size,
                hidden,
                args.embed_dim,
                args.lr,
                args.seed,
                args.device,
                args.ma_rate,
            )
            times[f"{critic_kind}/{bound}"] = time.perf_counter() - t0
            arrays[f"{critic_kind}__{bound}"] = vals.astype(np.float32)
            summary[f"{critic_kind}/{bound}"] = summarise(vals, args.steps_per_level)
            last = summary[f"{critic_kind}/{bound}"][-1]
            print(
                f"{critic_kind:9s} {bound:8s} {times[f'{critic_kind}/{bound}']:6.1f} s; "
                + " ".join(f"{r['mean']:6.2f}" for r in summary[f"{critic_kind}/{bound}"])
                + f"  (last var {last['variance']:.2f})",
                flush=True,
            )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if (
        args.merge and out.with_suffix(".json").exists()
    ):  # keep runs of other critics/bounds from an earlier call
        old = json.loads(out.with_suffix(".json").read_text())
        with np.load(out.with_suffix(".npz")) as f:
            arrays = {**{k: f[k] for k in f.files if k != "levels"}, **arrays}
        summary = {**old["summary"], **summary}
        args.critics = [c for c in it.CRITICS if c in {*old["config"]["critics"], *args.critics}]
        times = {**old["seconds"], **times}
    np.savez_compressed(out.with_suffix(".npz"), levels=np.array(LEVELS_NATS), **arrays)
    meta = {
        "config": {
            **vars(args),
            "dim": DIM,
            "levels_nats": LEVELS_NATS,
            "hidden_layers": {k: list(v) for k, v in hidden_of.items()},
            "log_batch_size": math.log(args.batch_size),
            "torch": torch.__version__,
        },
        "summary": summary,
        "seconds": times,
    }
    out.with_suffix(".json").write_text(json.dumps(meta, indent=1))
    print(f"wrote {out}.npz/.json; total {sum(times.values()):.0f} s")


if __name__ == "__main__":
    main()
