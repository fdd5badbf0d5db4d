"""Speed of itlab.select_features against its peers on scikit-learn's digits, in one run.

Task: select 10 of the 64 pixel features of ``load_digits`` (1,797 samples, values 0..16).

Peers
-----
* ``mrmr.mrmr_classif`` (package mrmr-selection 0.2.8) with its defaults: relevance is the
  F-statistic, redundancy the mean absolute Pearson correlation, combined as a quotient
  (Ding & Peng's "FCQ" variant) -- a different criterion from the MI-based ones here, so only
  the time is compared, not the selected set. ``n_jobs=1`` (one core, as itlab), no progress bar.
* scikit-learn's ``SelectKBest(mutual_info_classif, k=10)``: relevance only, each I(X_j;Y) by
  the KSG-type nearest-neighbour estimator (``discrete_features=True`` would be plug-in; we use
  the default, as a practitioner would).

Each call is timed as its wall time; the methods of one repeat run interleaved so that load from
other processes hits all alike; medians over repeats are reported, and the ratio of medians is
the number that counts. Run ``python benchmarks/selection.py`` (``--quick`` for a smoke test);
writes ``benchmarks/results/selection.json``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else args.repeats

    import pandas as pd
    from mrmr import mrmr_classif
    from sklearn.datasets import load_digits
    from sklearn.feature_selection import SelectKBest, mutual_info_classif

    X, y = load_digits(return_X_y=True)
    k = 10
    df, ys = pd.DataFrame(X, columns=[f"px{i}" for i in range(X.shape[1])]), pd.Series(y)

    def peer_mrmr():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            names = mrmr_classif(df, ys, K=k, n_jobs=1, show_progress=False)
        return [int(n[2:]) for n in names]

    def peer_kbest():
        sel = SelectKBest(lambda a, b: mutual_info_classif(a, b, random_state=0), k=k).fit(X, y)
        return np.flatnonzero(sel.get_support()).tolist()

    calls = {
        f"itlab_{m}": (lambda m=m: it.select_features(X, y, k, method=m).tolist())
        for m in ("mim", "mrmr", "jmi", "cmim")
    }
    calls["mrmr_selection"] = peer_mrmr
    calls["sklearn_selectkbest_mi"] = peer_kbest

    times = {name: [] for name in calls}
    selected = {}
    for name, fn in calls.items():  # warm-up (imports, caches)
        selected[name] = fn()
    for _ in range(repeats):
        for name, fn in calls.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    median = {name: float(np.median(t)) for name, t in times.items()}
    result = {
        "task": "select 10 of 64 features, sklearn load_digits (1797 samples)",
        "median_seconds": median,
        "ratio_to_mrmr_selection": {n: median[n] / median["mrmr_selection"] for n in median},
        "selected": selected,
        "repeats": repeats,
        "when": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores (shared)",
        "python": platform.python_version(),
    }
    out = ROOT / "benchmarks" / "results" / "selection.json"
    if not args.quick:
        out.write_text(json.dumps(result, indent=2) + "\n")
    for n in median:
        print(
            f"{n:24s} {median[n] * 1e3:9.2f} ms   ratio to mrmr-selection "
            f"{result['ratio_to_mrmr_selection'][n]:.4f}"
        )
    return result


if __name__ == "__main__":
    main()
