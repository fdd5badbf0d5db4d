"""Speed and accuracy of itlab's KSG estimator against its peers, in one run.

Peers
-----
* scikit-learn's ``mutual_info_regression`` (KSG, one feature at a time: 1-D only);
* a KD-tree implementation written here exactly in the style of NPEET
  (``npeet/entropy_estimators.py``: ``mi`` -> ``add_noise``, ``build_tree``,
  ``query_neighbors``, ``avgdigamma``): 1e-10 uniform noise on every coordinate,
  scikit-learn's ``KDTree(metric="chebyshev")`` on the joint sample for the k-th
  neighbour distance, ``KDTree.query_radius(..., count_only=True)`` at radius
  ``eps - 1e-15`` in each marginal, and the digamma formula. The only addition is
  standardisation (NPEET does not standardise; itlab and scikit-learn do), so
  that all get the same data;
* the naive all-pairs O(n^2) computation of the tutorial seed (vectorised as well
  as it can be: full distance matrices), on small n only.

How estimates are compared
--------------------------
All estimators get the same continuous samples (no ties). scikit-learn divides
each variable by its standard deviation and adds noise of 1e-10 times its mean
absolute value; itlab standardises (centre, divide by the standard deviation),
and the KD-tree and naive baselines here standardise the same way. Distances
then agree up to rounding, so the estimates agree to ~1e-7 nats. scikit-learn
clips negative estimates to 0; with rho = 0.6 none is negative.

Timing
------
Each measurement is the wall time of one call, including standardisation, and
the CPU time of the process during it (all threads together). The estimators of
one case run interleaved (A, B, A, B, ...) so that load from other processes on
a shared machine hits both alike; medians over the repeats are reported, and the
ratio of medians is the number that counts. itlab runs its neighbour searches in
threads on every available core; the peers are single-threaded. On an idle
machine the wall-time ratio shows what a user waits; on a loaded one (see the
recorded load average) the threads find no free core and the CPU-time ratio says
what the work costs. The first call of itlab compiles its search kernels (numba,
cached on disk); the untimed warm-up call takes that cost.

Threads sharing a tree
----------------------
A last measurement shows why itlab does not simply run scikit-learn's trees in
threads: scikit-learn's ``KDTree.query`` on the 10-D joint sample of the 5-D case
(n = 10^4), in one thread,
in two threads sharing one tree, and in two threads with a copy each.

Kernels on one core
-------------------
The compiled searches of ``itlab._kdtree`` against scikit-learn's queries, both in
one thread on the 5-D x 5-D data: what itlab gains per core, before threads.

Discrete data
-------------
A second table compares accuracy on the discrete test case of NPEET's test suite
(x uniform on 0..9, y = x**2 and y = x**2 + uniform noise on 0..9), where the
truth is known exactly, for itlab and the NPEET-style peer.

Run ``python benchmarks/estimators.py`` (``--quick`` for a smoke test). Writes
``benchmarks/results/estimators.json`` and ``benchmarks/results/estimators.png``.
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
from scipy.special import digamma

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import itlab as it  # noqa: E402

RHO = 0.6
K = 3


# ---------------------------------------------------------------- peers


def _standardise(a):
    a = np.asarray(a, float)
    a = a[:, None] if a.ndim == 1 else a
    return (a - a.mean(axis=0)) / a.std(axis=0)


def kdtree_baseline_ksg(x, y, k=K, standardise=True, rng=0):
    """KSG (algorithm 1) the NPEET way (its ``mi``): 1e-10 noise, scikit-learn KDTree
    (Chebyshev) joint query, ``query_radius(count_only=True)`` at eps - 1e-15. Nats."""
    from sklearn.neighbors import KDTree

    if standardise:
        x, y = _standardise(x), _standardise(y)
    else:
        x = np.asarray(x, float).reshape(len(x), -1)
        y = np.asarray(y, float).reshape(len(y), -1)
    rng = np.random.default_rng(rng)
    x = x + 1e-10 * rng.random(x.shape)  # NPEET's add_noise
    y = y + 1e-10 * rng.random(y.shape)
    n = x.shape[0]
    joint = np.hstack([x, y])
    eps = KDTree(joint, metric="chebyshev").query(joint, k=k + 1)[0][:, k]
    r = eps - 1e-15  # NPEET's avgdigamma: strictly inside, self included in the count
    nx = KDTree(x, metric="chebyshev").query_radius(x, r, count_only=True)
    ny = KDTree(y, metric="chebyshev").query_radius(y, r, count_only=True)
    return float(digamma(k) + digamma(n) - np.mean(digamma(nx) + digamma(ny)))


def naive_ksg(x, y, k=K):
    """All-pairs O(n^2) KSG: full max-norm distance matrices. Nats."""
    x, y = _standardise(x), _standardise(y)
    n = x.shape[0]

    def cheb(a):
        d = np.zeros((n, n))
        for j in range(a.shape[1]):  # a loop over coordinates, not samples
            np.maximum(d, np.abs(a[:, j, None] - a[None, :, j]), out=d)
        return d

    dx, dy = cheb(x), cheb(y)
    joint = np.maximum(dx, dy)
    np.fill_diagonal(joint, np.inf)
    eps = np.partition(joint, k - 1, axis=1)[:, k - 1]
    nx = (dx < eps[:, None]).sum(axis=1) - 1
    ny = (dy < eps[:, None]).sum(axis=1) - 1
    return float(digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1)))


def sklearn_ksg(x, y, k=K):
    """scikit-learn's mutual_info_regression on one feature. Nats."""
    from sklearn.feature_selection import mutual_info_regression

    return float(
        mutual_info_regression(
            np.asarray(x).reshape(-1, 1), np.ravel(y), n_neighbors=k, random_state=0
        )[0]
    )


def itlab_ksg(x, y, k=K):
    return it.ksg_mutual_information(x, y, k=k, base=math.e)


def itlab_raw_ksg(x, y, k=K):
    """itlab without standardisation: what standardising costs."""
    return it.ksg_mutual_information(x, y, k=k, base=math.e, standardize=False)


ESTIMATORS = {
    "itlab": itlab_ksg,
    "itlab-unstandardised": itlab_raw_ksg,
    "scikit-learn": sklearn_ksg,
    "kdtree-baseline": kdtree_baseline_ksg,
    "naive-all-pairs": naive_ksg,
}


# ---------------------------------------------------------------- measurement


def measure(names, x, y, repeats):
    """Interleaved timing of the named estimators on the same data."""
    times = {name: [] for name in names}
    values = {}
    cpu = {name: [] for name in names}
    for name in names:  # warm-up (imports, caches); not timed
        values[name] = ESTIMATORS[name](x[:200], y[:200])
    for _ in range(repeats):
        for name in names:
            t0, c0 = time.perf_counter(), time.process_time()
            values[name] = ESTIMATORS[name](x, y)
            times[name].append(time.perf_counter() - t0)
            cpu[name].append(time.process_time() - c0)
    return {
        name: {
            "estimate_nats": values[name],
            "times_s": times[name],
            "median_s": float(np.median(times[name])),
            "cpu_times_s": cpu[name],
            "median_cpu_s": float(np.median(cpu[name])),
        }
        for name in names
    }


def run(args):
    cases = []
    if args.quick:
        plan = [
            (1, 2_000, ["itlab", "scikit-learn", "kdtree-baseline", "naive-all-pairs"]),
            (5, 1_000, ["itlab", "kdtree-baseline", "naive-all-pairs"]),
        ]
    else:
        plan = [
            (1, 1_000, ["itlab", "scikit-learn", "kdtree-baseline", "naive-all-pairs"]),
            (1, 3_000, ["itlab", "scikit-learn", "kdtree-baseline", "naive-all-pairs"]),
            (1, 10_000, ["itlab", "scikit-learn", "kdtree-baseline"]),
            (1, 30_000, ["itlab", "scikit-learn", "kdtree-baseline"]),
            (1, 100_000, ["itlab", "scikit-learn", "kdtree-baseline"]),
            (5, 1_000, ["itlab", "kdtree-baseline", "naive-all-pairs"]),
            (5, 3_000, ["itlab", "kdtree-baseline", "naive-all-pairs"]),
            (5, 10_000, ["itlab", "kdtree-baseline", "itlab-unstandardised"]),
        ]
    for d, n, names in plan:
        s = it.correlated_gaussian(n, d, d, rho=RHO, seed=args.seed, base=math.e)
        x, y = (s.x[:, 0], s.y[:, 0]) if d == 1 else (s.x, s.y)
        repeats = args.repeats if n >= 10_000 or d > 1 else max(args.repeats, 5)
        res = measure(names, x, y, repeats)
        case = {
            "dim": d,
            "n": n,
            "k": K,
            "rho": RHO,
            "truth_nats": s.mi,
            "repeats": repeats,
            "results": res,
        }
        cases.append(case)
        line = "  ".join(
            f"{nm} {r['median_s']:.3f}s ({r['estimate_nats']:.4f})" for nm, r in res.items()
        )
        print(f"[{d}-D x {d}-D, n={n}] {line}", file=sys.stderr, flush=True)
    return cases


def summarise(cases):
    """The two targets: ratios of medians and estimate differences."""

    def find(d, n):
        return next((c for c in cases if c["dim"] == d and c["n"] == n), None)

    out = {}
    c1 = find(1, 100_000)
    if c1:
        r = c1["results"]
        out["ksg_1d_n100000_vs_sklearn"] = {
            "time_ratio": r["itlab"]["median_s"] / r["scikit-learn"]["median_s"],
            "cpu_time_ratio": r["itlab"]["median_cpu_s"] / r["scikit-learn"]["median_cpu_s"],
            "target_ratio": 0.35,
            "estimate_difference_nats": r["itlab"]["estimate_nats"]
            - r["scikit-learn"]["estimate_nats"],
            "target_difference_nats": 1e-3,
        }
    c5 = find(5, 10_000)
    if c5:
        r = c5["results"]
        out["ksg_5d_n10000_vs_npeet_kdtree"] = {
            "time_ratio": r["itlab"]["median_s"] / r["kdtree-baseline"]["median_s"],
            "cpu_time_ratio": r["itlab"]["median_cpu_s"] / r["kdtree-baseline"]["median_cpu_s"],
            "target_ratio": 0.5,
            "estimate_difference_nats": r["itlab"]["estimate_nats"]
            - r["kdtree-baseline"]["estimate_nats"],
        }
    for v in out.values():
        v["met"] = (
            v["time_ratio"] <= v["target_ratio"] and abs(v["estimate_difference_nats"]) <= 1e-3
        )
    return out


def print_table(cases, summary):
    head = f"{'case':<16}{'estimator':<18}{'median [s]':>12}{'ratio':>9}{'estimate':>11}{'truth':>9}{'error':>9}"
    print(head)
    print("-" * len(head))
    for c in cases:
        ref = c["results"]["itlab"]["median_s"]
        for name, r in c["results"].items():
            label = f"{c['dim']}-D n={c['n']}"
            ratio = ref / r["median_s"]
            print(
                f"{label:<16}{name:<18}{r['median_s']:>12.4f}{ratio:>9.2f}{r['estimate_nats']:>11.4f}"
                f"{c['truth_nats']:>9.4f}{r['estimate_nats'] - c['truth_nats']:>+9.4f}"
            )
    print("ratio = itlab time / estimator time (below 1: itlab is faster); estimates in nats")
    for key, v in summary.items():
        print(
            f"{key}: time ratio {v['time_ratio']:.3f} (target <= {v['target_ratio']}; CPU-time ratio "
            f"{v['cpu_time_ratio']:.3f}), estimate difference {v['estimate_difference_nats']:+.2e} nats -> "
            f"{'MET' if v['met'] else 'NOT MET'}"
        )


def discrete_accuracy(seeds=10):
    """Bias (bits) on NPEET's discrete test case, itlab vs the NPEET-style peer."""
    import warnings

    py = {}
    for a in range(10):
        for b in range(10):
            py[a * a + b] = py.get(a * a + b, 0.0) + 0.01
    truth = {
        "y = x^2": math.log2(10),
        "y = x^2 + noise": -sum(q * math.log2(q) for q in py.values()) - math.log2(10),
    }
    rows = []
    for n in (1000, 5000):
        for case, t in truth.items():
            est = {"itlab": [], "npeet-style": []}
            for seed in range(seeds):
                rng = np.random.default_rng(seed)
                x = rng.integers(0, 10, n)
                y = x**2 + (rng.integers(0, 10, n) if "noise" in case else 0)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    est["itlab"].append(it.ksg_mutual_information(x, y, seed=seed))
                est["npeet-style"].append(
                    kdtree_baseline_ksg(x, y, standardise=False, rng=seed) / math.log(2)
                )
            rows.append(
                {
                    "case": case,
                    "n": n,
                    "truth_bits": t,
                    "seeds": seeds,
                    **{f"{k}_bias_bits": float(np.mean(v) - t) for k, v in est.items()},
                    **{f"{k}_sd_bits": float(np.std(v)) for k, v in est.items()},
                }
            )
    print(
        f"{'discrete case':<18}{'n':>6}{'truth':>8}{'itlab bias':>12}{'peer bias':>11}  (bits, mean of {seeds} seeds)"
    )
    for r in rows:
        print(
            f"{r['case']:<18}{r['n']:>6}{r['truth_bits']:>8.3f}{r['itlab_bias_bits']:>+12.4f}"
            f"{r['npeet-style_bias_bits']:>+11.4f}"
        )
    return rows


def shared_tree_threads(n=10_000, d=10, k=K, repeats=5, seed=0):
    """scikit-learn's KDTree.query on all n points: one thread, two threads sharing one
    tree, and two threads with a private copy each (medians of wall time, seconds).

    Its queries release the GIL, but ``BinaryTree.dist`` increments ``self.n_calls``
    for every distance, so threads sharing one tree write to the same memory."""
    import copy
    from concurrent.futures import ThreadPoolExecutor

    from sklearn.neighbors import KDTree

    s = it.correlated_gaussian(n, d // 2, d - d // 2, rho=RHO, seed=seed)
    pts = _standardise(np.hstack([s.x, s.y]))  # the joint space of the 5-D x 5-D case
    tree = KDTree(pts, leaf_size=16, metric="chebyshev")
    twin = copy.deepcopy(tree)
    halves = [(0, n // 2), (n // 2, n)]

    def two(trees):
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda t, h: t.query(pts[h[0] : h[1]], k=k + 1), trees, halves))

    variants = {
        "one_thread": lambda: tree.query(pts, k=k + 1),
        "two_threads_one_tree": lambda: two([tree, tree]),
        "two_threads_two_copies": lambda: two([tree, twin]),
    }
    times = {name: [] for name in variants}
    for _ in range(repeats):
        for name, f in variants.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    out = {"n": n, "dim": d, "k": k, **{f"{m}_s": float(np.median(v)) for m, v in times.items()}}
    print(
        "scikit-learn KDTree.query, {n} points in {dim}-D: one thread {one_thread_s:.3f} s, two "
        "threads on one tree {two_threads_one_tree_s:.3f} s, on two copies "
        "{two_threads_two_copies_s:.3f} s".format(**out)
    )
    return out


def kernels_one_core(n=10_000, k=K, repeats=7, seed=0):
    """itlab's compiled searches against scikit-learn's KDTree, both on one thread, on the
    data of the 5-D x 5-D case: the k-th neighbour in the 10-D joint space (same leaf
    size, 16) and the strict counts in one 5-D marginal (scikit-learn's default leaves,
    as NPEET uses them). Medians of wall time, seconds; results checked equal."""
    from sklearn.neighbors import KDTree

    from itlab._kdtree import MaxNormTree

    s = it.correlated_gaussian(n, 5, 5, rho=RHO, seed=seed)
    x, y = _standardise(s.x), _standardise(s.y)
    joint = np.hstack([x, y])
    ours_j, peer_j = MaxNormTree(joint, leaf_size=16), KDTree(joint, 16, metric="chebyshev")
    ours_x, peer_x = MaxNormTree(x, leaf_size=32), KDTree(x, metric="chebyshev")
    eps = peer_j.query(joint, k=k + 1)[0][:, k]
    assert np.array_equal(ours_j.kth_distance(joint, k + 1), eps)
    below = np.nextafter(eps, 0)  # scikit-learn counts <= r
    assert np.array_equal(
        ours_x.count_below(x, eps), peer_x.query_radius(x, below, count_only=True)
    )
    variants = {
        "knn_itlab": lambda: ours_j.kth_distance(joint, k + 1),
        "knn_sklearn": lambda: peer_j.query(joint, k=k + 1),
        "count_itlab": lambda: ours_x.count_below(x, eps),
        "count_sklearn": lambda: peer_x.query_radius(x, below, count_only=True),
    }
    times = {name: [] for name in variants}
    for _ in range(repeats):
        for name, f in variants.items():
            t0 = time.perf_counter()
            f()
            times[name].append(time.perf_counter() - t0)
    out = {f"{m}_s": float(np.median(v)) for m, v in times.items()}
    out["knn_ratio"] = out["knn_itlab_s"] / out["knn_sklearn_s"]
    out["count_ratio"] = out["count_itlab_s"] / out["count_sklearn_s"]
    print(
        "one core, 5-D x 5-D n={n}: joint k-th neighbour {knn_itlab_s:.3f} s vs scikit-learn "
        "{knn_sklearn_s:.3f} s (ratio {knn_ratio:.2f}); marginal counts {count_itlab_s:.3f} s "
        "vs {count_sklearn_s:.3f} s (ratio {count_ratio:.2f})".format(n=n, **out)
    )
    return out


def plot(cases, path):
    """Time against n for 1-D and 5-D, and the error of each estimate against n."""
    import itlab.plot as ip

    fig, axes = ip.figure(1, 3, width=13.0, height=3.8)
    colours = {
        "itlab": ip.PALETTE[0],
        "scikit-learn": ip.PALETTE[1],
        "kdtree-baseline": ip.PALETTE[2],
        "naive-all-pairs": ip.PALETTE[3],
    }
    sizes = {"itlab": 9, "scikit-learn": 7, "kdtree-baseline": 5, "naive-all-pairs": 3}
    for ax, d in zip(axes[:2], (1, 5), strict=True):
        sel = [c for c in cases if c["dim"] == d]
        for nm, colour in colours.items():
            pts = [(c["n"], c["results"][nm]["median_s"]) for c in sel if nm in c["results"]]
            if pts:
                ax.loglog(*zip(*pts, strict=True), "o-", color=colour, label=nm)
        ax.legend()
        ip.label(
            ax,
            "samples n",
            "median time per estimate",
            yunit="s",
            title=f"KSG, {d}-D x {d}-D, k = {K}",
        )
    ax = axes[2]
    for d, style in ((1, "-"), (5, "--")):
        sel = [c for c in cases if c["dim"] == d]
        for nm, colour in colours.items():
            pts = [
                (c["n"], c["results"][nm]["estimate_nats"] - c["truth_nats"])
                for c in sel
                if nm in c["results"]
            ]
            if pts:
                ax.semilogx(
                    *zip(*pts, strict=True),
                    "o" + style,
                    color=colour,
                    ms=sizes[nm],
                    mfc="none",
                    label=f"{nm}, {d}-D" if nm == "itlab" else None,
                )
    ax.axhline(0, color="grey", lw=0.8)
    ax.legend(title="peers: same values (circles)")
    ip.label(
        ax, "samples n", "estimate - truth", yunit="nats", title=f"accuracy (rho = {RHO} per pair)"
    )
    fig.savefig(path, dpi=110)
    ip.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed repeats per estimator (median reported)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="tiny sizes, for a smoke test")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default benchmarks/results; build/est-bench with --quick)",
    )
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = ROOT / "build" / "est-bench" if args.quick else ROOT / "benchmarks" / "results"

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    cases = run(args)
    summary = summarise(cases)
    print_table(cases, summary)
    discrete = discrete_accuracy(3 if args.quick else 30)
    shared = shared_tree_threads(n=2_000 if args.quick else 10_000)
    kernels = kernels_one_core(n=2_000 if args.quick else 10_000)

    import scipy
    import sklearn

    result = {
        "description": "KSG mutual information (algorithm 1, max norm): itlab vs peers, same data, interleaved repeats",
        "date": _dt.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpu_count": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": os.getloadavg(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
        "wall_time_s": time.perf_counter() - t0,
        "threads_available_to_itlab": len(os.sched_getaffinity(0)),
        "summary": summary,
        "discrete_accuracy": discrete,
        "sklearn_shared_tree_threads": shared,
        "kernels_one_core": kernels,
        "cases": cases,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stem = "estimators"
    (args.out / f"{stem}.json").write_text(json.dumps(result, indent=1))
    plot(cases, args.out / f"{stem}.png")
    print(f"wrote {args.out / (stem + '.json')} and {stem}.png", file=sys.stderr)
    return result


if __name__ == "__main__":
    main()
