"""Speed of itlab's batched Fisher information against the naive per-sample loop, in one run.

Case (issue 12): a 10,062-parameter MLP (64-100-32-10, tanh) on 2,000 inputs of
scikit-learn's digits, the diagonal of the *true* Fisher (exact sum over the 10
classes). Target: itlab under 5 s.

Peer
----
The naive computation a tutorial writes: a Python loop over the samples; for each,
one forward pass and, for each class c, ``torch.autograd.grad`` of
log p(c | x) (``retain_graph=True``), the squared gradient weighted by p(c | x)
added to the running diagonal. It computes the same numbers (checked here to
1e-5 relative), with 2,000 x 10 backward passes of batch size 1.

Also timed: the empirical Fisher (diagonal, observed labels) with itlab.

Timing
------
Wall time of one call each, interleaved (itlab, naive, itlab, naive, ...) so that
load from other processes hits both alike; one torch thread; medians over the
repeats; the ratio of medians is the number that counts. ``--quick`` runs the
naive loop on 200 samples only (a smoke test).

Run ``python benchmarks/fisher.py``. Writes ``benchmarks/results/fisher.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlab as it  # noqa: E402


def make_case(n=2000, seed=0):
    from sklearn.datasets import load_digits

    x, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(x), size=n, replace=n > len(x))
    torch.manual_seed(seed)
    model = torch.nn.Sequential(
        torch.nn.Linear(64, 100),
        torch.nn.Tanh(),
        torch.nn.Linear(100, 32),
        torch.nn.Tanh(),
        torch.nn.Linear(32, 10),
    )
    return model, torch.tensor(x[idx] / 16.0, dtype=torch.float32), torch.tensor(y[idx])


def naive_true_fisher_diagonal(model, x):
    """Python loop over samples and classes with torch.autograd.grad."""
    params = list(model.parameters())
    diag = torch.zeros(sum(p.numel() for p in params), dtype=torch.float64)
    for xi in x:
        logp = torch.log_softmax(model(xi[None]), dim=1)[0]
        p = logp.detach().exp()
        for c in range(logp.shape[0]):
            g = torch.autograd.grad(logp[c], params, retain_graph=True)
            g = torch.cat([t.reshape(-1) for t in g]).double()
            diag += p[c].double() * g * g
    return (diag / len(x)).numpy()


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    torch.set_num_threads(1)
    load_before = os.getloadavg()
    t_all = time.perf_counter()
    model, x, y = make_case()
    n_params = sum(p.numel() for p in model.parameters())
    x_naive = x[:200] if args.quick else x
    t_it, t_naive = [], []
    for _ in range(args.repeats):
        s, diag = timed(lambda: it.fisher_information(model, x, diagonal=True))
        t_it.append(s)
        s, ref = timed(lambda: naive_true_fisher_diagonal(model, x_naive))
        t_naive.append(s)
    if not args.quick:
        np.testing.assert_allclose(diag, ref, rtol=1e-5, atol=1e-12)
    s_emp, _ = timed(
        lambda: it.fisher_information(model, x, kind="empirical", targets=y, diagonal=True)
    )
    med_it, med_naive = float(np.median(t_it)), float(np.median(t_naive))
    if args.quick:
        med_naive *= len(x) / len(x_naive)  # extrapolated, for the smoke test only
    result = {
        "description": "Diagonal true Fisher of a 64-100-32-10 tanh MLP on 2000 digits: "
        "itlab (vmap+jacrev) vs a Python loop over samples and classes (autograd.grad), "
        "interleaved repeats, one thread",
        "date": _dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "load_average_before": list(load_before),
            "load_average_after": list(os.getloadavg()),
            "torch": torch.__version__,
        },
        "n_params": n_params,
        "n_samples": len(x),
        "seconds_itlab_true_diagonal": t_it,
        "seconds_naive_true_diagonal": t_naive,
        "seconds_itlab_empirical_diagonal": s_emp,
        "summary": {
            "itlab_median_s": med_it,
            "naive_median_s": med_naive,
            "speedup_naive_over_itlab": med_naive / med_it,
            "target_itlab_s": 5.0,
            "met": med_it <= 5.0,
            "max_relative_difference": float(
                np.max(np.abs(diag - ref) / np.maximum(np.abs(ref), 1e-30))
            )
            if not args.quick
            else None,
        },
        "wall_time_s": time.perf_counter() - t_all,
    }
    out = ROOT / "benchmarks" / "results" / "fisher.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result["summary"], indent=1))


if __name__ == "__main__":
    main()
