"""Fairness-accuracy trade-off: adversarial fair representations against fairlearn's reductions.

Population: :func:`itlab.fairness.synthetic_population` (group A, skill, biased test score,
neighbourhood proxy, label with a historical disadvantage). For each of 5 seeds, a training
sample of 4,000 and a test sample of 20,000 are drawn; the group attribute is *not* a feature.

* itlab: :func:`itlab.fairness.train_fair_representation` with penalty weight lambda on the
  adversary's estimate of I(Z;A) (300 full-batch steps, 3 adversary steps each, seed = seed);
* fairlearn: ``ExponentiatedGradient(LogisticRegression(), DemographicParity(difference_bound=b))``
  (Agarwal et al. 2018), randomized predictions with ``random_state=seed``;
* references: logistic regression without A (unaware) and with A (aware).

On the test sample: accuracy, fairlearn's demographic_parity_difference and
equalized_odds_difference, and itlab's I(Yhat;A) and I(Yhat;A|Y) in bits.

Run ``python experiments/fairness_tradeoff.py`` (about 5 minutes on two shared cores; ``--quick``
for one seed); writes ``experiments/results/fairness_tradeoff.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlab as it  # noqa: E402
from itlab.fairness import synthetic_population, train_fair_representation  # noqa: E402

PENALTIES = [0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
DP_BOUNDS = [0.005, 0.01, 0.02, 0.04, 0.07, 0.1]
N_TRAIN, N_TEST = 4000, 20_000


def measure(y_pred, y_true, a):
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    return {
        "accuracy": float(np.mean(y_pred == y_true)),
        "dp_difference": float(demographic_parity_difference(y_true, y_pred, sensitive_features=a)),
        "eo_difference": float(equalized_odds_difference(y_true, y_pred, sensitive_features=a)),
        "dp_information": it.demographic_parity_information(y_pred, a),
        "eo_information": it.equalized_odds_information(y_pred, y_true, a),
    }


def run_seed(seed):
    import torch
    from fairlearn.reductions import DemographicParity, ExponentiatedGradient
    from sklearn.linear_model import LogisticRegression

    torch.set_num_threads(1)
    X, y, a = synthetic_population(N_TRAIN, seed=100 + seed)
    Xt, yt, at = synthetic_population(N_TEST, seed=200 + seed)
    rows = []
    rows.append(
        {
            "method": "unaware LR",
            "level": None,
            **measure(LogisticRegression().fit(X, y).predict(Xt), yt, at),
        }
    )
    aware = LogisticRegression().fit(np.column_stack([X, a]), y)
    rows.append(
        {
            "method": "aware LR",
            "level": None,
            **measure(aware.predict(np.column_stack([Xt, at])), yt, at),
        }
    )
    for lam in PENALTIES:
        model = train_fair_representation(
            X, y, a, penalty=lam, steps=300, adversary_steps=3, seed=seed
        )
        rows.append(
            {
                "method": "adversarial representation",
                "level": lam,
                "adversary_estimate_bits": float(model.history[-20:, 1].mean()),
                **measure(model.predict(Xt), yt, at),
            }
        )
    for bound in DP_BOUNDS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eg = ExponentiatedGradient(
                LogisticRegression(), DemographicParity(difference_bound=bound)
            )
            eg.fit(X, y, sensitive_features=a)
            pred = eg.predict(Xt, random_state=seed)
        rows.append({"method": "ExponentiatedGradient", "level": bound, **measure(pred, yt, at)})
    for r in rows:
        r["seed"] = seed
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    seeds = 1 if args.quick else args.seeds
    t0 = time.perf_counter()
    rows = []
    for seed in it.utils.progress(range(seeds), desc="seeds"):
        rows.extend(run_seed(seed))
    result = {
        "penalties": PENALTIES,
        "dp_bounds": DP_BOUNDS,
        "n_train": N_TRAIN,
        "n_test": N_TEST,
        "seeds": seeds,
        "rows": rows,
        "seconds": time.perf_counter() - t0,
    }
    if not args.quick:
        out = ROOT / "experiments" / "results" / "fairness_tradeoff.json"
        out.write_text(json.dumps(result, indent=1) + "\n")
        print("wrote", out)
    print(f"{time.perf_counter() - t0:.0f} s")
    return result


if __name__ == "__main__":
    main()
