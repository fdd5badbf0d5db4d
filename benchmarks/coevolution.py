"""Time MI + APC and mean-field DCA on a 2,000 x 100 alignment with 21 states.

Compares the vectorised ``itlab.mi_matrix`` (one bincount over the codes of all
column pairs) with two loops over the L(L-1)/2 column pairs -- a tight one
(``np.bincount`` of joint codes per pair) and the textbook one
(``np.histogram2d`` per pair) -- and with the one-hot product X^T X, which does
q^2 times more work. Writes benchmarks/results/coevolution.json.

Run: OMP_NUM_THREADS=1 python benchmarks/coevolution.py
"""

import json
import pathlib
import platform
import time

import numpy as np

import itlab as it
from itlab import coevolution as co

N, L, Q = 2000, 100, 21


def loop_mi(a, q):
    n, length = a.shape
    mi = np.zeros((length, length))
    for i in range(length):
        pi = np.bincount(a[:, i], minlength=q) / n
        for j in range(i + 1, length):
            pj = np.bincount(a[:, j], minlength=q) / n
            pij = np.bincount(a[:, i] * q + a[:, j], minlength=q * q).reshape(q, q) / n
            nz = pij > 0
            mi[i, j] = mi[j, i] = np.sum(pij[nz] * np.log2(pij[nz] / np.outer(pi, pj)[nz]))
    return mi


def loop_mi_hist(a, q):
    n, length = a.shape
    mi = np.zeros((length, length))
    edges = np.arange(q + 1) - 0.5
    for i in range(length):
        for j in range(i + 1, length):
            pij = np.histogram2d(a[:, i], a[:, j], bins=[edges, edges])[0] / n
            pi, pj = pij.sum(1), pij.sum(0)
            nz = pij > 0
            mi[i, j] = mi[j, i] = np.sum(pij[nz] * np.log2(pij[nz] / np.outer(pi, pj)[nz]))
    return mi


def onehot_mi(a, q):
    n, length = a.shape
    x = np.zeros((n, length * q))
    x[np.arange(n)[:, None], np.arange(length) * q + a] = 1.0
    fij = (x.T @ x / n).reshape(length, q, length, q)
    fi = x.mean(0).reshape(length, q)
    prod = fi[:, :, None, None] * fi[None, None, :, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(fij > 0, fij * np.log2(fij / prod), 0.0)
    mi = t.sum(axis=(1, 3))
    np.fill_diagonal(mi, 0.0)
    return mi


def best_of(fn, repeats=3):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main():
    a = np.random.default_rng(0).integers(0, Q, size=(N, L))
    t_vec, mi = best_of(lambda: co.apc(co.mi_matrix(a)))
    t_loop, mi_loop = best_of(lambda: co.apc(loop_mi(a, Q)), repeats=1)
    assert np.allclose(mi, mi_loop)
    t_hist, mi_hist = best_of(lambda: co.apc(loop_mi_hist(a, Q)), repeats=1)
    assert np.allclose(mi, mi_hist)
    t_onehot, mi_oh = best_of(lambda: co.apc(onehot_mi(a, Q)))
    assert np.allclose(mi, mi_oh)
    t_w, _ = best_of(lambda: co.apc(co.mi_matrix(a, theta=0.2)))
    t_dca, _ = best_of(lambda: co.mean_field_dca(a))
    res = {
        "alignment": [N, L, Q],
        "mi_apc_vectorised_s": t_vec,
        "mi_apc_loop_bincount_per_pair_s": t_loop,
        "mi_apc_loop_histogram2d_per_pair_s": t_hist,
        "mi_apc_onehot_product_s": t_onehot,
        "speedup_vs_bincount_loop": t_loop / t_vec,
        "speedup_vs_histogram2d_loop": t_hist / t_vec,
        "speedup_vs_onehot_product": t_onehot / t_vec,
        "mi_apc_reweighted_theta0.2_s": t_w,
        "mean_field_dca_s": t_dca,
        "threads": "OMP_NUM_THREADS as set by the caller",
        "machine": platform.processor() or platform.machine(),
        "itlab": getattr(it, "__version__", "dev"),
        "note": "best of 3 (loop: 1 run); measured on a shared 2-core CPU",
    }
    out = pathlib.Path(__file__).parent / "results" / "coevolution.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
