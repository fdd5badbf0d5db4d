r"""Estimating entropy and mutual information from samples.

Two families live here.

* **Discrete samples** (symbols, class labels, bins): :func:`entropy_estimate`
  with the plug-in estimate and its bias corrections, and
  :func:`binned_mutual_information` for continuous data cut into equal-width bins.
* **Continuous samples**: the nearest-neighbour estimators of Kozachenko and
  Leonenko (:func:`knn_entropy`), Kraskov, Stögbauer and Grassberger
  (:func:`ksg_mutual_information`), Frenzel and Pompe
  (:func:`ksg_conditional_mutual_information`) and Ross
  (:func:`mixed_mutual_information`, a continuous variable against class labels),
  with the closed forms of the Gaussian (:func:`gaussian_entropy`,
  :func:`gaussian_mutual_information`) to check them against.

Around them: a permutation test (:func:`mi_permutation_test`) that says whether
an estimate is distinguishable from independence, and a resampling confidence
interval (:func:`mi_bootstrap`).

Conventions shared by the sample estimators
-------------------------------------------
* ``x``, ``y``, ``z`` have shape ``(n,)`` or ``(n, d)``: ``n`` samples of a
  ``d``-dimensional variable. Results are in bits unless ``base`` says otherwise.
* Neighbour searches use the **maximum norm** :math:`\|u\|_\infty = \max_j |u_j|`
  (:func:`knn_entropy` can also use the Euclidean norm). Neighbours are found with
  a KD-tree (scikit-learn builds it; compiled kernels in ``itlab._kdtree``
  search it, scanning each leaf one coordinate at a time) and, for
  one-dimensional marginals, by sorting and binary search, which is O(n log n)
  and exact. Above 8192 samples the searches run in threads on every core the
  process may use (the kernels release the GIL); the result does not depend on
  the number of threads. The kernels are compiled by numba on first use and
  cached on disk.
* ``standardize=True`` (the default) centres each coordinate and divides it by its
  standard deviation before the neighbour search. Mutual information does not
  change under such rescaling, but a max-norm neighbourhood does: without it, a
  coordinate measured in large units would decide every neighbourhood alone.
* **Tied samples** (``ties="jitter"``, the default). The kNN estimators assume a
  density; rounded or discretised data put several samples at distance zero and
  the estimates blow up (a point whose k neighbours coincide with it has
  :math:`\varepsilon = 0`). Every coordinate that has tied values gets independent
  uniform noise, drawn from ``seed`` with a separate stream for each variable and
  coordinate, whose width is a fixed fraction of its *resolution* :math:`h`, the
  smallest gap between its distinct values (the rounding step for rounded data):
  ``MI_DITHER`` :math:`= 10^{-3}` of it for the mutual-information
  estimators, all of it for :func:`knn_entropy` (whose value depends on the
  width: :math:`h(X_r + U) = H(X_r) + \log(\text{width})`). For data on a grid
  this dithering loses nothing: a value and its dither can be told apart again by
  rounding, so :math:`I(X_r + U; Y_r + V) = I(X_r; Y_r) \le I(X; Y)` — the
  estimate refers to the discretised variables and can never exceed the
  information of the original continuous ones. The *estimate* does depend on the
  width: noise as wide as the resolution makes the boxes around neighbouring grid
  values touch, the density becomes a staircase, and neighbourhoods that straddle
  a step count samples of the next grid value (on ``y = x**2`` with ten values of
  x this lost 0.06 bits at n = 1000). Narrow noise keeps every grid value an
  isolated cluster, and KSG then comes close to the plug-in estimate of the
  discrete mutual information (as with the 1e-10 noise of NPEET and
  scikit-learn). (Reusing *one* noise draw for x and y would correlate the noise
  and inflate the estimate; the streams are independent.) Coordinates without
  ties are left untouched, so continuous data give exactly the textbook
  estimators. A :class:`DiscreteDataWarning` says when data looked discrete.
* **Copied samples.** Exact copies of whole samples in otherwise continuous data
  (as made by resampling with replacement or by merging a data set with itself)
  are a different matter: no noise small enough to be harmless separates the
  copies from each other, and each copy looks like a neighbour at distance zero,
  which inflates KSG by the better part of a nat. Such copies are dropped (one of
  each kept) with a :class:`DuplicateSamplesWarning`. This is why
  :func:`mi_bootstrap` resamples *without* replacement.
* **Negative estimates are returned as they are.** The kNN estimators are
  differences of averages and fluctuate around the truth; when the true mutual
  information is zero or small compared with the estimator's spread (small
  ``n``), about half of the estimates come out negative. Clipping them at zero
  would bias every average of estimates upward.
"""

from __future__ import annotations

import math
import numbers
import os
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln

from ._validation import (
    as_generator,
    check_positive_int,
    check_samples,
    log_base,
)

__all__ = [
    "DiscreteDataWarning",
    "DuplicateSamplesWarning",
    "SparseBinsWarning",
    "entropy_estimate",
    "gaussian_entropy",
    "gaussian_mutual_information",
    "knn_entropy",
    "ksg_mutual_information",
    "ksg_conditional_mutual_information",
    "mixed_mutual_information",
    "binned_mutual_information",
    "mi_permutation_test",
    "mi_bootstrap",
    "PermutationTestResult",
    "BootstrapResult",
    "binning_information",
    "kde_information",
    "BinningEstimator",
    "KDEEstimator",
]

ENTROPY_METHODS = ("plugin", "miller_madow", "grassberger", "chao_shen")

#: Width of the tie-breaking noise of the mutual-information estimators, as a
#: fraction of each coordinate's resolution (see the module notes).
MI_DITHER = 1e-3


class DiscreteDataWarning(UserWarning):
    """Samples given to a continuous (kNN) estimator look discrete: they have tied values."""


class DuplicateSamplesWarning(UserWarning):
    """Exact copies of whole samples were found in continuous data and dropped."""


class SparseBinsWarning(UserWarning):
    """A binned estimate has about as many occupied cells as samples: it is meaningless."""


# ============================================================== discrete samples


def _grassberger_g(counts):
    """Grassberger's (2003) G(n) = psi(n) + (1/2) (-1)^n (psi((n+1)/2) - psi(n/2))."""
    c = counts.astype(float)
    sign = np.where(counts % 2 == 0, 1.0, -1.0)
    return digamma(c) + 0.5 * sign * (digamma((c + 1) / 2) - digamma(c / 2))


def _entropy_from_counts(counts, method):
    """Entropy in nats of the distribution behind observed category ``counts``."""
    counts = counts[counts > 0]
    n = counts.sum()
    p = counts / n
    plugin = float(-(p * np.log(p)).sum())
    if method == "plugin":
        return plugin
    if method == "miller_madow":
        return plugin + (counts.size - 1) / (2.0 * n)
    if method == "grassberger":
        return float(digamma(n) - (counts * _grassberger_g(counts)).sum() / n)
    # chao_shen: coverage-adjusted probabilities, Horvitz-Thompson weights
    singletons = np.count_nonzero(counts == 1)
    if singletons == n:  # every category seen once: coverage would be 0
        singletons = n - 1
    coverage = 1.0 - singletons / n
    pa = coverage * p
    return float(-(pa * np.log(pa) / (1.0 - (1.0 - pa) ** n)).sum())


def entropy_estimate(samples, method="plugin", base=2):
    r"""Entropy of a discrete variable estimated from its samples.

    Parameters
    ----------
    samples : array_like, shape (n,) or (n, d)
        Observed symbols (numbers or strings). A 2-D array is read row by row: each
        row is one symbol of a joint variable.
    method : {"plugin", "miller_madow", "grassberger", "chao_shen"}, default "plugin"
        The estimator (see Notes).
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.

    Returns
    -------
    float
        Estimated entropy in units of ``base``.

    Raises
    ------
    ValueError
        If ``samples`` is empty or contains NaN or infinity, ``method`` is unknown, or
        ``base`` is not positive and finite.

    Notes
    -----
    With :math:`n` samples, :math:`n_i` of them in category :math:`i`, and
    :math:`\hat K` categories seen:

    * plug-in: :math:`\hat H = -\sum_i \frac{n_i}{n}\log\frac{n_i}{n}`. It is biased
      *down*: :math:`\mathbb E\hat H \approx H - \frac{K - 1}{2n}` (in nats, with
      :math:`K` the number of categories of positive probability) when every
      category is well sampled, and far worse when many are not seen at all.
    * Miller–Madow: adds the first-order bias back with the categories seen,
      :math:`\hat H + \frac{\hat K-1}{2n}`.
    * Grassberger (2003): :math:`\psi(n) - \frac1n \sum_i n_i G(n_i)` with
      :math:`G(m) = \psi(m) + \frac12(-1)^m\left[\psi\!\left(\frac{m+1}2\right)
      - \psi\!\left(\frac m2\right)\right]`, which has a much smaller bias for
      small counts. Grassberger derives :math:`G` treating the counts as
      independent Poisson variables, where the leading term is :math:`\log n`;
      with the sample size fixed (multinomial sampling, the setting here) it is
      :math:`\psi(n)`. The difference matters: for :math:`p = (0.7, 0.3)` and
      :math:`n = 10`, exact enumeration over the binomial gives a bias of
      :math:`+0.051` nats with :math:`\log n` and :math:`-10^{-5}` with
      :math:`\psi(n)` (and :math:`\log n - \psi(n) \approx 1/(2n)` for large n).
    * Chao–Shen (2003): the sample coverage :math:`C = 1 - f_1/n` (:math:`f_1` the
      number of categories seen once) shrinks the probabilities to
      :math:`C n_i / n`, and each term is weighted by the probability
      :math:`1 - (1 - C n_i/n)^n` that its category is seen at all.

    No estimator is unbiased for all distributions (Paninski 2003); the
    corrections help when :math:`n` is comparable to the number of categories.

    References
    ----------
    Miller (1955), "Note on the bias of information estimates".
    Grassberger (2003), "Entropy estimates from insufficient samplings", arXiv:physics/0307138.
    Chao & Shen (2003), *Environmental and Ecological Statistics* 10, 429–443.
    Paninski (2003), "Estimation of entropy and mutual information", *Neural Computation* 15.

    Examples
    --------
    >>> import itlab as it
    >>> it.entropy_estimate([0, 1, 0, 1])
    1.0
    >>> round(it.entropy_estimate([0, 1, 0, 1], method="miller_madow"), 4)
    1.1803
    >>> round(it.entropy_estimate(["a", "b", "b", "c"], method="grassberger"), 4)
    2.2022
    """
    if not isinstance(method, str) or method not in ENTROPY_METHODS:
        raise ValueError(f"method must be one of {ENTROPY_METHODS}, got {method!r}")
    lb = log_base(base)
    arr = check_samples(samples, "samples", dtype=None)
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError("samples contains NaN or infinite values")
    if arr.shape[1] == 1:
        _, counts = np.unique(arr[:, 0], return_counts=True)
    else:
        _, counts = np.unique(arr, axis=0, return_counts=True)
    return float(_entropy_from_counts(counts, method) / lb)


# ============================================================== Gaussian closed forms


def _check_cov(cov, name="cov"):
    """Return ``cov`` as a symmetric positive-definite 2-D float array."""
    if hasattr(cov, "detach") and hasattr(cov, "cpu"):
        cov = cov.detach().cpu().numpy()
    try:
        c = np.asarray(cov, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be a numeric matrix: {err}") from None
    if c.ndim == 0:
        c = c.reshape(1, 1)
    if c.ndim != 2 or c.shape[0] != c.shape[1] or c.shape[0] == 0:
        raise ValueError(
            f"{name} must be a square matrix (or a scalar variance), got shape {c.shape}"
        )
    if not np.all(np.isfinite(c)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    if not np.allclose(c, c.T, rtol=1e-10, atol=1e-12 * max(1.0, float(np.abs(c).max()))):
        raise ValueError(f"{name} must be symmetric")
    try:
        np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        raise ValueError(f"{name} must be positive definite") from None
    return c


def _logdet(c):
    return float(np.linalg.slogdet(c)[1])


def gaussian_entropy(cov, base=2):
    r"""Differential entropy of a Gaussian with covariance ``cov`` (closed form).

    Parameters
    ----------
    cov : array_like, shape (d, d), or float
        Covariance matrix (symmetric positive definite), or a variance for d = 1.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.

    Returns
    -------
    float
        :math:`h(X)` in units of ``base``. Negative when the Gaussian is concentrated
        enough, :math:`\det(2\pi e\,\Sigma) < 1`: differential entropy is not a count
        of bits and has no floor at zero.

    Raises
    ------
    ValueError
        If ``cov`` is not square, symmetric and positive definite, or ``base`` is bad.

    Notes
    -----
    .. math:: h(X) = \tfrac12 \log\det(2\pi e\,\Sigma).

    The mean does not matter (entropy is shift invariant).

    References
    ----------
    Cover & Thomas (2006), *Elements of Information Theory*, 2nd ed., Theorem 8.4.1.

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> round(it.gaussian_entropy(1.0, base=math.e), 4)  # 0.5 log(2 pi e)
    1.4189
    >>> round(it.gaussian_entropy(0.01), 4)  # sigma = 0.1: negative
    -1.2748
    """
    lb = log_base(base)
    c = _check_cov(cov)
    d = c.shape[0]
    return 0.5 * (d * math.log(2 * math.pi * math.e) + _logdet(c)) / lb


def gaussian_mutual_information(cov, dx, base=2):
    r"""Mutual information between the two blocks of a joint Gaussian (closed form).

    Parameters
    ----------
    cov : array_like, shape (d, d)
        Joint covariance of (X, Y); the first ``dx`` coordinates are X.
    dx : int
        Dimension of X, ``1 <= dx < d``.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.

    Returns
    -------
    float
        :math:`I(X;Y)` in units of ``base`` (never negative).

    Raises
    ------
    ValueError
        If ``cov`` is not symmetric positive definite, ``dx`` is out of range, or
        ``base`` is bad.

    Notes
    -----
    .. math:: I(X;Y) = \tfrac12 \log \frac{\det\Sigma_{XX}\,\det\Sigma_{YY}}{\det\Sigma}.

    For one pair with correlation :math:`\rho` this is :math:`-\frac12\log(1-\rho^2)`.

    References
    ----------
    Cover & Thomas (2006), *Elements of Information Theory*, 2nd ed., ch. 8.

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> round(it.gaussian_mutual_information([[1, 0.6], [0.6, 1]], dx=1, base=math.e), 4)
    0.2231
    """
    lb = log_base(base)
    c = _check_cov(cov)
    d = c.shape[0]
    dx = check_positive_int(dx, "dx")
    if dx >= d:
        raise ValueError(f"dx must be smaller than the dimension of cov ({d}), got dx={dx}")
    mi = 0.5 * (_logdet(c[:dx, :dx]) + _logdet(c[dx:, dx:]) - _logdet(c))
    return max(mi, 0.0) / lb  # exact value is >= 0; only rounding can push it below


# ============================================================== input preparation


def _check_k(k, n, name="k"):
    k = check_positive_int(k, name)
    if k >= n:
        raise ValueError(f"{name} must be smaller than the number of samples n={n}, got {name}={k}")
    return k


def _check_ties(ties):
    if ties not in ("jitter", "keep"):
        raise ValueError(f"ties must be 'jitter' or 'keep', got {ties!r}")
    return ties


def _check_same_n(arrays):
    names = list(arrays)
    n0 = arrays[names[0]].shape[0]
    for name in names[1:]:
        if arrays[name].shape[0] != n0:
            raise ValueError(
                f"{names[0]} and {name} must have the same number of samples, "
                f"got {n0} and {arrays[name].shape[0]}"
            )
    return n0


def _column_ties(col):
    """Tie structure of one coordinate: None if all values differ, else a dict."""
    u = np.unique(col)
    if u.size == col.size:
        return None
    if u.size == 1:
        return {"constant": True}
    gaps = np.diff(u)
    h = float(gaps.min())
    ratio = gaps / h
    on_grid = bool(np.all(np.abs(ratio - np.rint(ratio)) <= 1e-6 * np.maximum(1.0, ratio)))
    # discretised: values on a grid (rounded, integer) or few distinct values
    return {
        "constant": False,
        "h": h,
        "distinct": int(u.size),
        "discrete": on_grid or u.size <= 0.1 * col.size,
    }


def _prepare(arrays, *, standardize, ties, seed, tie_names=None, dither=MI_DITHER):
    """Validated float arrays -> arrays ready for the neighbour searches.

    ``arrays`` maps argument names to (n, d) float arrays of equal n. Returns a dict
    of C-contiguous float64 arrays (possibly fewer rows if copies were dropped), rows
    sorted by the first coordinate of the first array. ``tie_names`` lists the
    continuous arrays, whose ties are handled and which are standardised (default:
    all); the others (class codes) only take part in finding copied samples.
    ``dither`` is the width of the tie-breaking noise in units of each coordinate's
    resolution (1 for entropy, ``MI_DITHER`` for mutual information).
    """
    names = list(arrays)
    tie_names = names if tie_names is None else list(tie_names)
    out = {name: np.array(arrays[name], dtype=float, copy=True) for name in names}
    n = out[names[0]].shape[0]
    if ties == "jitter":
        info = {name: [_column_ties(c) for c in out[name].T] for name in tie_names}
        for name in tie_names:
            for j, t in enumerate(info[name]):
                if t is not None and t["constant"]:
                    raise ValueError(
                        f"{name} has a constant coordinate (column {j}): it carries no information; drop it"
                    )
        copies = any(t is not None and not t["discrete"] for name in tie_names for t in info[name])
        if copies:
            joint = np.hstack([out[name] for name in names])
            _, first = np.unique(joint, axis=0, return_index=True)
            if first.size < n:
                keep = np.sort(first)
                warnings.warn(
                    f"dropped {n - keep.size} exact copies of samples (of {n}): copies of "
                    "continuous samples look like neighbours at distance zero and inflate kNN "
                    "estimates; resample without replacement (mi_bootstrap does)",
                    DuplicateSamplesWarning,
                    stacklevel=3,
                )
                out = {name: out[name][keep] for name in names}
                n = keep.size
                info = {name: [_column_ties(c) for c in out[name].T] for name in tie_names}
        streams = as_generator(seed).spawn(len(tie_names))
        discrete = []
        for name, rng in zip(tie_names, streams, strict=True):
            col_rngs = rng.spawn(out[name].shape[1])
            for j, (t, crng) in enumerate(zip(info[name], col_rngs, strict=True)):
                if t is None or t["constant"]:
                    continue
                out[name][:, j] += dither * t["h"] * (crng.random(n) - 0.5)
                if t["discrete"]:
                    discrete.append(
                        f"{name}[:, {j}] ({t['distinct']} distinct values, resolution {t['h']:.3g})"
                    )
        if discrete:
            warnings.warn(
                "data look discrete: " + ", ".join(discrete) + ". Ties were broken by independent "
                f"uniform noise of width {dither:g} resolution steps; the estimate refers to the "
                "discretised variables. For class labels use mixed_mutual_information or "
                "entropy_estimate.",
                DiscreteDataWarning,
                stacklevel=3,
            )
    if standardize:
        for name in names:
            if name not in tie_names:
                continue
            a = out[name]
            sd = a.std(axis=0)
            if np.any(sd == 0):
                j = int(np.flatnonzero(sd == 0)[0])
                raise ValueError(
                    f"{name} has a constant coordinate (column {j}): it carries no information; drop it"
                )
            a -= a.mean(axis=0)  # in place: ``out`` holds private copies
            a /= sd
    # Rows in the order of the first coordinate: the estimators do not depend on the
    # order of the samples, and neighbour queries in spatial order are cache friendly.
    rows = np.argsort(out[names[0]][:, 0], kind="stable")
    return {name: np.ascontiguousarray(out[name][rows]) for name in names}


def _samples(x, name, min_samples=1):
    return check_samples(x, name, min_samples=min_samples)


# ============================================================== neighbour counting


def _workers():
    """Threads for the neighbour searches: every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_chunks(fn, n):
    """``fn(lo, hi)`` over row ranges covering ``range(n)``, in threads, concatenated.

    For functions that release the GIL and share no mutable state (the compiled
    tree searches, the sorted-array searches); four chunks per thread even out the
    uneven cost of regions of different density.
    """
    w = min(_workers(), max(1, n // 4096))
    if w == 1:
        return fn(0, n)
    bounds = np.linspace(0, n, 4 * w + 1).astype(np.int64)
    with ThreadPoolExecutor(w) as pool:
        parts = list(pool.map(fn, bounds[:-1], bounds[1:]))
    return np.concatenate(parts)


def _tree(points, leaf_size):
    """A ``itlab._kdtree.MaxNormTree`` (numba is imported on first use)."""
    from ._kdtree import MaxNormTree

    return MaxNormTree(points, leaf_size=leaf_size)


def _kth_distance(points, k):
    """Max-norm distance from every point to its k-th nearest other point.

    One KD-tree searched by the compiled kernels of ``itlab._kdtree``, in
    threads; the distance is the same maximum of absolute differences that scipy
    and scikit-learn compute, so the value does not depend on the search.
    """
    tree = _tree(points, leaf_size=16)
    return _in_chunks(lambda lo, hi: tree.kth_distance(points[lo:hi], k + 1), points.shape[0])


def _index_below(s, v, r, strict):
    """Number of sorted values ``s`` with fl(s - v) < r (strict) or <= r, per query ``v``.

    A binary search at v + r, then corrected by whole samples: rounding of v + r can
    misplace the boundary by one representable number, and only the few samples
    inside that sliver are checked again, with the exact difference a tree uses.
    """
    n = s.size

    def inside(d):
        return d < r if strict else d <= r

    idx = np.searchsorted(s, v + r, side="left")
    while True:
        step = (idx > 0) & ~inside(s[np.maximum(idx - 1, 0)] - v)
        if not step.any():
            break
        idx = idx - step
    while True:
        step = (idx < n) & inside(s[np.minimum(idx, n - 1)] - v)
        if not step.any():
            break
        idx = idx + step
    return idx


def _index_left_out(s, v, r, strict):
    """Number of sorted values ``s`` with fl(v - s) >= r (strict) or > r: those left of the window."""
    n = s.size

    def inside(d):
        return d < r if strict else d <= r

    idx = np.searchsorted(s, v - r, side="right")
    while True:
        step = (idx > 0) & inside(v - s[np.maximum(idx - 1, 0)])
        if not step.any():
            break
        idx = idx - step
    while True:
        step = (idx < n) & ~inside(v - s[np.minimum(idx, n - 1)])
        if not step.any():
            break
        idx = idx + step
    return idx


def _window_counts_1d(sorted_vals, v, r, strict=True):
    """Number of other samples u with fl(|u - v|) < r (strict) or <= r, per query point.

    Exactly the rule a max-norm tree search applies, in O(n log n): the neighbour
    that sits exactly at distance r is never miscounted through rounding of v +- r.
    """
    counts = _index_below(sorted_vals, v, r, strict) - _index_left_out(sorted_vals, v, r, strict)
    if strict:  # the point itself lies inside; with r = 0 nothing does
        return np.where(r > 0, counts - 1, 0)
    return counts - 1


class _Marginal:
    """Radius counts in one marginal space, reusable across permutations."""

    def __init__(self, a):
        self.a = a
        if a.shape[1] == 1:
            self.sorted = np.sort(a[:, 0])
            self.tree = None
        else:
            self.tree = _tree(a, leaf_size=32)

    def counts(self, r, strict=True, order=None):
        """Neighbour counts of the points ``a[order]`` within radii ``r``."""
        q = self.a if order is None else self.a[order]
        if self.tree is None:
            v = q[:, 0]
            return _in_chunks(
                lambda lo, hi: _window_counts_1d(self.sorted, v[lo:hi], r[lo:hi], strict), v.size
            )
        # distance < r, or <= r as distance < the next float above r
        radius = r if strict else np.nextafter(r, np.inf)
        c = _in_chunks(lambda lo, hi: self.tree.count_below(q[lo:hi], radius[lo:hi]), q.shape[0])
        c -= 1  # the point itself
        if strict:
            c = np.where(r > 0, c, 0)
        return c


# ============================================================== kNN estimators


def _ksg_nats(x, y, k, mx=None, my=None, order=None):
    """KSG algorithm 1 in nats on prepared arrays; ``order`` permutes y's rows."""
    n = x.shape[0]
    yy = y if order is None else y[order]
    eps = _kth_distance(np.hstack([x, yy]), k)
    mx = mx or _Marginal(x)
    my = my or _Marginal(y)
    nx = mx.counts(eps)
    ny = my.counts(eps, order=order)
    return float(digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1)))


def knn_entropy(x, k=3, base=2, *, norm="max", standardize=True, ties="jitter", seed=0):
    r"""Kozachenko–Leonenko differential entropy estimate from samples.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Samples of a continuous variable.
    k : int, default 3
        Which neighbour's distance to use, ``1 <= k < n``.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    norm : {"max", "euclidean"}, default "max"
        Norm of the neighbour distances (the estimate is consistent for either; the
        ball volume changes with it).
    standardize : bool, default True
        Estimate on coordinates divided by their standard deviations and add
        :math:`\sum_j \log\sigma_j` back (exact, since
        :math:`h(X/\sigma) = h(X) - \sum_j\log\sigma_j`); the result is in the units
        of the data either way.
    ties : {"jitter", "keep"}, default "jitter"
        Break ties by dithering at the data's resolution (see the module notes), or
        keep the data as given (a tie then gives a zero distance and ``-inf``).
    seed : int or numpy.random.Generator, default 0
        Seed of the tie-breaking noise (used only if there are ties).

    Returns
    -------
    float
        Estimated :math:`h(X)` in units of ``base``. It is negative whenever the
        distribution is concentrated in a region of volume below one (for example a
        uniform on [0, a) with a < 1) — differential entropy has no floor at zero.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or infinity or a constant coordinate, ``k < 1`` or
        ``k >= n``, ``norm`` is unknown, or ``base`` is bad.

    Notes
    -----
    With :math:`\varepsilon_i` the distance from sample :math:`i` to its k-th nearest
    neighbour and :math:`V_d` the volume of the unit ball of the norm
    (:math:`2^d` for the max norm, :math:`\pi^{d/2}/\Gamma(d/2+1)` for the Euclidean),

    .. math:: \hat h = \psi(n) - \psi(k) + \log V_d + \frac dn \sum_i \log\varepsilon_i .

    The idea: the probability mass of the ball around sample :math:`i` is about
    :math:`p(x_i) V_d\varepsilon_i^d`, and its expected log is :math:`\psi(k)-\psi(n)`.
    The bias grows with the dimension, because the ball is not small compared with
    the scale on which the density changes.

    References
    ----------
    Kozachenko & Leonenko (1987), *Problems of Information Transmission* 23(2), 95–101.
    Kraskov, Stögbauer & Grassberger (2004), *Physical Review E* 69, 066138, eq. (20).

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> import itlab as it
    >>> x = np.random.default_rng(1).normal(size=(5000, 2))
    >>> round(it.knn_entropy(x, base=math.e), 2)
    2.82
    >>> round(it.gaussian_entropy(np.eye(2), base=math.e), 2)
    2.84
    """
    lb = log_base(base)
    if norm not in ("max", "euclidean"):
        raise ValueError(f"norm must be 'max' or 'euclidean', got {norm!r}")
    ties = _check_ties(ties)
    xa = _samples(x, "x", min_samples=2)
    data = _prepare({"x": xa}, standardize=False, ties=ties, seed=seed, dither=1.0)["x"]
    n, d = data.shape
    k = _check_k(k, n)
    log_scale = 0.0
    if standardize:
        sd = data.std(axis=0)
        if np.any(sd == 0):
            j = int(np.flatnonzero(sd == 0)[0])
            raise ValueError(
                f"x has a constant coordinate (column {j}): its differential entropy is -inf"
            )
        data = (data - data.mean(axis=0)) / sd
        log_scale = float(np.log(sd).sum())
    p = np.inf if norm == "max" else 2
    dist, _ = cKDTree(data).query(data, k=k + 1, p=p)
    eps = dist[:, -1]
    if norm == "max":
        log_vd = d * math.log(2.0)
    else:
        log_vd = 0.5 * d * math.log(math.pi) - float(gammaln(0.5 * d + 1))
    with np.errstate(divide="ignore"):
        mean_log = float(np.mean(np.log(eps)))
    h = digamma(n) - digamma(k) + log_vd + d * mean_log + log_scale
    return float(h) / lb


def ksg_mutual_information(x, y, k=3, base=2, *, standardize=True, ties="jitter", seed=0):
    r"""Kraskov–Stögbauer–Grassberger estimate of :math:`I(X;Y)` (their algorithm 1).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, dx)
        Samples of X.
    y : array_like, shape (n,) or (n, dy)
        Samples of Y, row i paired with row i of ``x``.
    k : int, default 3
        Number of neighbours, ``1 <= k < n``. Small k: less bias, more variance.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    standardize : bool, default True
        Centre each coordinate and divide by its standard deviation first.
    ties : {"jitter", "keep"}, default "jitter"
        Break ties by independent narrow dithering (a thousandth of the data's
        resolution) and drop exact copies of samples (see the module notes), or
        keep the data as given.
    seed : int or numpy.random.Generator, default 0
        Seed of the tie-breaking noise (used only if there are ties).

    Returns
    -------
    float
        Estimated :math:`I(X;Y)` in units of ``base``. Not clipped: for independent
        or weakly dependent data it is negative about as often as positive.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` contains NaN or infinity or a constant coordinate, their
        numbers of samples differ, ``k < 1`` or ``k >= n``, or ``base`` is bad.

    Notes
    -----
    For each sample :math:`i`, :math:`\varepsilon_i` is the max-norm distance to its
    k-th neighbour in the joint space (the max norm of the pair is the larger of
    the two marginal distances), and :math:`n_x(i)`, :math:`n_y(i)` count the other
    samples strictly closer than :math:`\varepsilon_i` in each marginal space:

    .. math:: \hat I = \psi(k) + \psi(n) - \big\langle \psi(n_x + 1) + \psi(n_y + 1) \big\rangle .

    Errors of the Kozachenko–Leonenko entropies of X, Y and (X, Y) largely cancel
    because all three use the same length scale per point. For independent
    variables the errors cancel almost completely: Kraskov et al. found the mean
    estimate indistinguishable from zero in their simulations (a numerical finding,
    not a theorem — no proof of exact unbiasedness exists). The estimate is close
    to unbiased for smooth densities in low dimension, and *underestimates* strong
    dependence in high dimension (its bias is negative and grows with the true
    value and the dimension).

    The counts are *strict* (:math:`< \varepsilon_i`): the k-th neighbour itself,
    at distance exactly :math:`\varepsilon_i` in at least one marginal, is not
    counted there. This is what makes :math:`n_x + 1` and :math:`n_y + 1` the
    right arguments of :math:`\psi` in the derivation; counting with
    :math:`\le` adds that neighbour and biases the estimate down.

    The joint neighbour search and the marginal counts in more than one dimension
    use a KD-tree searched by compiled kernels (``itlab._kdtree``); counts in
    one dimension use sorting and binary search; both run in threads on all
    available cores. The counts are exact: the neighbour that defines
    :math:`\varepsilon_i` is never counted, as the algorithm requires.

    References
    ----------
    Kraskov, Stögbauer & Grassberger (2004), "Estimating mutual information",
    *Physical Review E* 69, 066138.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=4000)
    >>> y = 0.6 * x + 0.8 * rng.normal(size=4000)
    >>> round(it.ksg_mutual_information(x, y, base=math.e), 3)  # truth 0.223 nats
    0.228
    """
    lb = log_base(base)
    ties = _check_ties(ties)
    xa, ya = _samples(x, "x", 2), _samples(y, "y", 2)
    _check_same_n({"x": xa, "y": ya})
    p = _prepare({"x": xa, "y": ya}, standardize=standardize, ties=ties, seed=seed)
    k = _check_k(k, p["x"].shape[0])
    return _ksg_nats(p["x"], p["y"], k) / lb


def _cmi_nats(x, y, z, k, order=None):
    """Frenzel-Pompe conditional MI in nats on prepared arrays."""
    yy = y if order is None else y[order]
    eps = _kth_distance(np.hstack([x, yy, z]), k)
    nxz = _Marginal(np.hstack([x, z])).counts(eps)
    nyz = _Marginal(np.hstack([yy, z])).counts(eps)
    nz = _Marginal(z).counts(eps)
    return float(digamma(k) - np.mean(digamma(nxz + 1) + digamma(nyz + 1) - digamma(nz + 1)))


def ksg_conditional_mutual_information(
    x, y, z, k=3, base=2, *, standardize=True, ties="jitter", seed=0
):
    r"""Frenzel–Pompe estimate of the conditional mutual information :math:`I(X;Y\mid Z)`.

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, d)
        Samples of X, Y and the conditioning variable Z, rows paired.
    k : int, default 3
        Number of neighbours in the joint space, ``1 <= k < n``.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    standardize : bool, default True
        Centre each coordinate and divide by its standard deviation first, which
        makes the estimate independent of the units of every coordinate (see
        Notes for why this is the default even at small n).
    ties : {"jitter", "keep"}, default "jitter"
        Tie handling, as in :func:`ksg_mutual_information`.
    seed : int or numpy.random.Generator, default 0
        Seed of the tie-breaking noise (used only if there are ties).

    Returns
    -------
    float
        Estimated :math:`I(X;Y\mid Z)` in units of ``base``; not clipped, so it is
        negative about half the time when the true value is zero.

    Raises
    ------
    ValueError
        If an input contains NaN or infinity or a constant coordinate, the numbers of
        samples differ, ``k < 1`` or ``k >= n``, or ``base`` is bad.

    Notes
    -----
    With :math:`\varepsilon_i` the max-norm distance to the k-th neighbour in the
    space of (X, Y, Z) and strict counts :math:`n_{xz}, n_{yz}, n_z` in the
    subspaces,

    .. math:: \hat I(X;Y\mid Z) = \psi(k) - \big\langle \psi(n_{xz}+1) + \psi(n_{yz}+1)
              - \psi(n_z+1) \big\rangle .

    This is the KSG idea applied to
    :math:`I(X;Y\mid Z) = h(X,Z) + h(Y,Z) - h(X,Y,Z) - h(Z)`.

    At small n the estimate is biased *down*, and the bias depends on the
    relative scales of the coordinates. With ``standardize=False`` this function
    gives exactly the numbers of NPEET's ``cmi``; on NPEET's own Gaussian test
    case (standard deviations 2, 2 and :math:`\sqrt2`, true value 0.515 bits)
    the mean estimate over 600 samples of size 10 is 0.28 bits below the truth
    unstandardised and 0.32 bits below standardised (0.065 and 0.097 at n = 50).
    That advantage belongs to those particular scales, not to skipping the
    standardisation: the same data in other units, :math:`(X, 10Y, Z/10)`, give
    0.49 bits below the truth unstandardised and, unchanged, 0.33 standardised;
    with equal variances the two agree. Since mutual information does not depend
    on units, the default is the estimate that does not either.

    References
    ----------
    Frenzel & Pompe (2007), "Partial mutual information for coupling analysis of
    multivariate time series", *Physical Review Letters* 99, 204101.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=3000)
    >>> z = x + rng.normal(size=3000)      # a chain X -> Z -> Y
    >>> y = z + rng.normal(size=3000)
    >>> abs(it.ksg_conditional_mutual_information(x, y, z, base=math.e)) < 0.03
    True
    """
    lb = log_base(base)
    ties = _check_ties(ties)
    arrs = {"x": _samples(x, "x", 2), "y": _samples(y, "y", 2), "z": _samples(z, "z", 2)}
    _check_same_n(arrs)
    p = _prepare(arrs, standardize=standardize, ties=ties, seed=seed)
    k = _check_k(k, p["x"].shape[0])
    return _cmi_nats(p["x"], p["y"], p["z"], k) / lb


def _labels_to_codes(labels, name="labels"):
    """Class labels (any hashable values) -> integer codes 0..K-1."""
    arr = check_samples(labels, name, dtype=None)
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if arr.shape[1] == 1:
        _, codes = np.unique(arr[:, 0], return_inverse=True)
    else:
        _, codes = np.unique(arr, axis=0, return_inverse=True)
    return codes.ravel()


def _mixed_nats(x, codes, k, mx=None):
    """Ross (2014) MI in nats between prepared continuous x and integer class codes."""
    n = x.shape[0]
    sizes = np.bincount(codes)
    order = np.argsort(codes, kind="stable")
    starts = np.concatenate([[0], np.cumsum(sizes)])
    radius = np.empty(n)
    for c in np.flatnonzero(sizes):  # a loop over classes, not samples
        idx = order[starts[c] : starts[c + 1]]
        radius[idx] = _kth_distance(x[idx], k)
    mx = mx or _Marginal(x)
    m = mx.counts(radius, strict=False)
    return float(digamma(n) - np.mean(digamma(sizes[codes])) + digamma(k) - np.mean(digamma(m)))


def mixed_mutual_information(x, labels, k=3, base=2, *, standardize=True, ties="jitter", seed=0):
    r"""Mutual information between a continuous variable and a class label (Ross 2014).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Continuous samples (features).
    labels : array_like, shape (n,)
        Class labels of any type (integers, strings); row i belongs to ``x[i]``.
    k : int, default 3
        Number of neighbours within a class; every class needs more than ``k`` samples.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    standardize : bool, default True
        Centre each coordinate of ``x`` and divide by its standard deviation first.
    ties : {"jitter", "keep"}, default "jitter"
        Tie handling for ``x``, as in :func:`ksg_mutual_information`.
    seed : int or numpy.random.Generator, default 0
        Seed of the tie-breaking noise (used only if ``x`` has ties).

    Returns
    -------
    float
        Estimated :math:`I(X;C)` in units of ``base``, at most about
        :math:`\log(\text{number of classes})`; not clipped, so it can be slightly
        negative when the classes do not differ.

    Raises
    ------
    ValueError
        If ``x`` contains NaN or infinity, ``x`` and ``labels`` differ in length,
        ``k < 1``, some class has ``k`` samples or fewer, or ``base`` is bad.

    Notes
    -----
    For sample :math:`i` of class :math:`c_i` (with :math:`n_{c_i}` members),
    :math:`d_i` is the max-norm distance to its k-th neighbour *within its class*
    and :math:`m_i` the number of samples of *any* class within :math:`d_i`
    (the k-th neighbour included):

    .. math:: \hat I = \psi(n) - \langle\psi(n_{c_i})\rangle + \psi(k) - \langle\psi(m_i)\rangle .

    It agrees with scikit-learn's ``mutual_info_classif`` (which clips negative
    values to zero) on continuous data.

    References
    ----------
    Ross (2014), "Mutual information between discrete and continuous data sets",
    *PLoS ONE* 9(2), e87357.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> labels = rng.integers(0, 2, size=4000)
    >>> x = rng.normal(loc=6.0 * labels)      # two well-separated classes
    >>> round(it.mixed_mutual_information(x, labels), 2)   # about 1 bit
    1.0
    """
    lb = log_base(base)
    ties = _check_ties(ties)
    xa = _samples(x, "x", 2)
    codes = _labels_to_codes(labels)
    if codes.size != xa.shape[0]:
        raise ValueError(
            f"x and labels must have the same number of samples, got {xa.shape[0]} and {codes.size}"
        )
    p = _prepare(
        {"x": xa, "labels": codes[:, None].astype(float)},
        standardize=standardize,
        ties=ties,
        seed=seed,
        tie_names=["x"],
    )
    codes = p["labels"][:, 0].astype(np.int64)
    k = check_positive_int(k, "k")
    sizes = np.bincount(codes)
    small = sizes[sizes > 0].min()
    if small <= k:
        raise ValueError(
            f"every class in labels needs more than k={k} samples; the smallest has {small} (lower k)"
        )
    return _mixed_nats(p["x"], codes, k) / lb


# ============================================================== binning


def _bin_codes(a, bins):
    """Equal-width bin index of each row of ``a`` (per coordinate), as one integer code per row."""
    lo, hi = a.min(axis=0), a.max(axis=0)
    width = np.where(hi > lo, hi - lo, 1.0)
    idx = np.floor((a - lo) / width * bins).astype(np.int64)
    np.clip(idx, 0, bins - 1, out=idx)
    if a.shape[1] == 1:
        return idx[:, 0]
    if bins ** a.shape[1] < 2**62:
        return np.ravel_multi_index(idx.T, (bins,) * a.shape[1])
    return np.unique(idx, axis=0, return_inverse=True)[1].ravel()


def _mi_from_codes(cx, cy):
    """Plug-in MI in nats of two integer code arrays."""
    _, cx = np.unique(cx, return_inverse=True)
    _, cy = np.unique(cy, return_inverse=True)
    ky = cy.max() + 1
    joint = np.bincount(cx * ky + cy) if cx.size else np.zeros(1)
    n = cx.size
    return (
        (
            _entropy_from_counts(np.bincount(cx), "plugin")
            + _entropy_from_counts(np.bincount(cy), "plugin")
            - _entropy_from_counts(joint, "plugin")
        )
        if n
        else 0.0
    )


def binned_mutual_information(x, y, bins=30, base=2):
    r"""Plug-in mutual information after equal-width binning of each coordinate.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, dx)
        Samples of X.
    y : array_like, shape (n,) or (n, dy)
        Samples of Y, rows paired with ``x``.
    bins : int, default 30
        Number of equal-width bins per coordinate, spanning the sample's range.
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.

    Returns
    -------
    float
        :math:`I(X_b; Y_b)` of the binned variables, in units of ``base``. Never
        negative (a plug-in MI is a KL divergence). Its first-order bias is
        :math:`(K_{xy} - K_x - K_y + 1)/(2n)` nats, with :math:`K` the numbers of
        bins and of joint cells of positive probability: upward, by about
        :math:`(K_x - 1)(K_y - 1)/(2n)`, near independence, and smaller or even
        downward when the joint mass sits in few cells. Bins too coarse to resolve
        the dependence add a downward error of their own.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` contains NaN or infinity, their numbers of samples differ,
        ``bins < 1``, or ``base`` is bad.

    Notes
    -----
    Each coordinate is cut into ``bins`` intervals of equal width between its
    minimum and maximum; a multi-dimensional variable becomes the cell of the
    product grid (``bins ** d`` cells), and

    .. math:: \hat I = \hat H(X_b) + \hat H(Y_b) - \hat H(X_b, Y_b)

    with plug-in entropies. Standardising is not needed: equal-width bins do not
    change under shifting or rescaling a coordinate. The estimate depends strongly
    on ``bins``; prefer :func:`ksg_mutual_information` for continuous data.

    **Multi-dimensional x or y.** The product grid has ``bins ** d`` cells, and
    with a few dimensions almost every sample lands in a cell of its own. Then
    :math:`\hat H(X_b) \approx \hat H(Y_b) \approx \hat H(X_b, Y_b) \approx \log n`
    and the estimate is :math:`\approx \log n` whatever the data (10.97 bits for
    n = 2000 samples of two *independent* 20-dimensional Gaussians, 20 bins). A
    :class:`SparseBinsWarning` is issued when the occupied joint cells exceed
    ``n / 2`` (fewer than two samples per occupied cell): the number then says
    more about n than about the data. Use fewer bins, fewer dimensions, or
    :func:`ksg_mutual_information`.

    References
    ----------
    Paninski (2003), "Estimation of entropy and mutual information", *Neural Computation* 15.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=20000)
    >>> round(it.binned_mutual_information(x, x + 0.5 * rng.normal(size=20000), bins=20), 2)
    1.09
    """
    lb = log_base(base)
    bins = check_positive_int(bins, "bins")
    xa, ya = _samples(x, "x"), _samples(y, "y")
    n = _check_same_n({"x": xa, "y": ya})
    cx, cy = _bin_codes(xa, bins), _bin_codes(ya, bins)
    _, jx = np.unique(cx, return_inverse=True)
    _, jy = np.unique(cy, return_inverse=True)
    cells = np.unique(jx.ravel() * (int(jy.max()) + 1) + jy.ravel()).size
    if cells > n / 2:
        warnings.warn(
            f"binned_mutual_information: {cells} occupied joint cells for n={n} samples "
            f"(bins={bins}, {xa.shape[1]} + {ya.shape[1]} coordinates): most samples sit in a "
            "cell of their own and the plug-in estimate approaches log(n) whatever the data; "
            "use fewer bins or dimensions, or ksg_mutual_information",
            SparseBinsWarning,
            stacklevel=2,
        )
    return _mi_from_codes(cx, cy) / lb


# ============================================================== significance and uncertainty


class PermutationTestResult(NamedTuple):
    """Result of :func:`mi_permutation_test`; unpacks as ``estimate, p_value, null``."""

    estimate: float
    """The estimate on the data, in units of ``base``."""
    p_value: float
    """(1 + #{null >= estimate}) / (1 + n_permutations)."""
    null: np.ndarray
    """The estimates on the permuted data sets."""


class BootstrapResult(NamedTuple):
    """Result of :func:`mi_bootstrap`; unpacks as ``estimate, low, high, resamples``."""

    estimate: float
    """The estimate on all the data, in units of ``base``."""
    low: float
    """Lower end of the confidence interval."""
    high: float
    """Upper end of the confidence interval."""
    resamples: np.ndarray
    """The estimates on the half-samples."""


ESTIMATORS = ("ksg", "mixed", "binned")


class _Prepared:
    """Data prepared once; ``value(rows, order)`` evaluates the estimator in nats on
    the rows ``rows`` of x paired with rows ``order`` of y."""

    def __init__(self, x, y, estimator, k, bins, standardize, ties, seed, halves=False):
        if estimator not in ESTIMATORS:
            raise ValueError(f"estimator must be one of {ESTIMATORS}, got {estimator!r}")
        self.estimator = estimator
        self.bins = check_positive_int(bins, "bins")
        xa = _samples(x, "x", 2)
        if estimator == "mixed":
            codes = _labels_to_codes(y, "y")
            if codes.size != xa.shape[0]:
                raise ValueError(
                    f"x and y must have the same number of samples, got {xa.shape[0]} and {codes.size}"
                )
            p = _prepare(
                {"x": xa, "y": codes[:, None].astype(float)},
                standardize=standardize,
                ties=_check_ties(ties),
                seed=seed,
                tie_names=["x"],
            )
            self.x, self.y = p["x"], p["y"][:, 0].astype(np.int64)
        else:
            ya = _samples(y, "y", 2)
            _check_same_n({"x": xa, "y": ya})
            if estimator == "ksg":
                p = _prepare(
                    {"x": xa, "y": ya}, standardize=standardize, ties=_check_ties(ties), seed=seed
                )
                self.x, self.y = p["x"], p["y"]
            else:
                self.x, self.y = _bin_codes(xa, self.bins), _bin_codes(ya, self.bins)
        self.n = self.x.shape[0]
        self.k = check_positive_int(k, "k")
        # half-samples (mi_bootstrap) need twice the data of a single estimate
        need = 2 * self.k if halves else self.k
        if estimator == "mixed":
            sizes = np.bincount(self.y)
            small = sizes[sizes > 0].min()
            if small <= need:
                raise ValueError(
                    f"every class in y needs more than {need} samples (k={self.k}"
                    f"{', and half-samples' if halves else ''}); the smallest has {small} (lower k)"
                )
        elif estimator == "ksg":
            _check_k(self.k, self.n // 2 if halves else self.n)
        self._mx = self._my = None

    def value(self, order=None):
        """Estimate (nats) on all rows of x with y's rows permuted by ``order``."""
        if self.estimator == "ksg":
            if self._mx is None:
                self._mx, self._my = _Marginal(self.x), _Marginal(self.y)
            return _ksg_nats(self.x, self.y, self.k, self._mx, self._my, order)
        y = self.y if order is None else self.y[order]
        if self.estimator == "mixed":
            if self._mx is None:
                self._mx = _Marginal(self.x)
            return _mixed_nats(self.x, y, self.k, self._mx)
        return _mi_from_codes(self.x, y)

    def value_on(self, rows):
        """Estimate (nats) on the subset ``rows`` (without replacement)."""
        x, y = self.x[rows], self.y[rows]
        if self.estimator == "ksg":
            return _ksg_nats(x, y, self.k)
        if self.estimator == "mixed":
            if np.bincount(y, minlength=1)[np.unique(y)].min() <= self.k:
                return np.nan
            return _mixed_nats(x, y, self.k)
        return _mi_from_codes(x, y)


def mi_permutation_test(
    x,
    y,
    *,
    estimator="ksg",
    k=3,
    bins=30,
    n_permutations=200,
    seed=0,
    base=2,
    standardize=True,
    ties="jitter",
):
    r"""Permutation test of independence based on a mutual-information estimate.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, dx)
        Samples of X.
    y : array_like, shape (n,) or (n, dy)
        Samples of Y (class labels when ``estimator="mixed"``).
    estimator : {"ksg", "mixed", "binned"}, default "ksg"
        :func:`ksg_mutual_information`, :func:`mixed_mutual_information` or
        :func:`binned_mutual_information`.
    k : int, default 3
        Neighbours (kNN estimators).
    bins : int, default 30
        Bins per coordinate (``"binned"``).
    n_permutations : int, default 200
        Number of shuffles of ``y``. The smallest p-value possible is
        ``1 / (n_permutations + 1)``.
    seed : int or numpy.random.Generator, default 0
        Seed of the shuffles (and of any tie-breaking noise).
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    standardize, ties
        As in :func:`ksg_mutual_information`.

    Returns
    -------
    PermutationTestResult
        ``(estimate, p_value, null)``: the estimate on the data, the permutation
        p-value, and the estimates on the shuffled data (all in units of ``base``).

    Raises
    ------
    ValueError
        For the bad inputs of the chosen estimator, an unknown ``estimator``, or
        ``n_permutations < 1``.

    Notes
    -----
    Shuffling the rows of ``y`` keeps both marginal distributions and destroys any
    dependence, so the shuffled estimates sample the estimator's distribution under
    independence *at this n, with these marginals* — its bias included. The
    p-value

    .. math:: p = \frac{1 + \#\{b : \hat I_b \ge \hat I\}}{1 + B}

    is exact (valid at every n) for testing independence. A small p-value says
    that *some* dependence is present; it does not say that the estimate's value is
    accurate. Marginal neighbour structures are computed once and reused for every
    permutation.

    References
    ----------
    Good (2005), *Permutation, Parametric and Bootstrap Tests of Hypotheses*, 3rd ed.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=300)
    >>> res = it.mi_permutation_test(x, x + rng.normal(size=300), n_permutations=99, seed=1)
    >>> res.p_value
    0.01
    """
    lb = log_base(base)
    n_permutations = check_positive_int(n_permutations, "n_permutations")
    rng = as_generator(seed)
    tie_rng, perm_rng = rng.spawn(2)
    prep = _Prepared(x, y, estimator, k, bins, standardize, ties, tie_rng)
    estimate = prep.value()
    null = np.array([prep.value(perm_rng.permutation(prep.n)) for _ in range(n_permutations)])
    p_value = (1.0 + np.count_nonzero(null >= estimate)) / (1.0 + n_permutations)
    return PermutationTestResult(float(estimate) / lb, float(p_value), null / lb)


def mi_bootstrap(
    x,
    y,
    *,
    estimator="ksg",
    k=3,
    bins=30,
    n_resamples=200,
    confidence=0.95,
    seed=0,
    base=2,
    standardize=True,
    ties="jitter",
):
    r"""Confidence interval for a mutual-information estimate by half-sampling.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, dx)
        Samples of X.
    y : array_like, shape (n,) or (n, dy)
        Samples of Y (class labels when ``estimator="mixed"``).
    estimator : {"ksg", "mixed", "binned"}, default "ksg"
        Which estimator (see :func:`mi_permutation_test`).
    k : int, default 3
        Neighbours (kNN estimators); must be below n/2.
    bins : int, default 30
        Bins per coordinate (``"binned"``).
    n_resamples : int, default 200
        Number of half-samples.
    confidence : float, default 0.95
        Coverage of the interval, in (0, 1).
    seed : int or numpy.random.Generator, default 0
        Seed of the resampling (and of any tie-breaking noise).
    base : float, default 2
        Logarithm base: 2 gives bits, ``math.e`` nats.
    standardize, ties
        As in :func:`ksg_mutual_information`.

    Returns
    -------
    BootstrapResult
        ``(estimate, low, high, resamples)`` in units of ``base``.

    Raises
    ------
    ValueError
        For the bad inputs of the chosen estimator, ``n_resamples < 2``, or
        ``confidence`` outside (0, 1).

    Notes
    -----
    The ordinary bootstrap resamples *with* replacement, and the copies it makes
    wreck nearest-neighbour estimators: a copy is a neighbour at distance zero, and
    a KSG estimate on a bootstrap resample comes out larger than on the data by the
    better part of a nat. This function uses **half-sampling** instead: each
    resample is a random half of the data *without* replacement. For an average,
    the spread of half-sample estimates around the full estimate equals the
    spread of the full estimate itself (the finite-population factor
    :math:`1 - m/n = 1/2` exactly undoes the halving of the sample), and the same
    holds to first order for smooth statistics such as these estimators. The
    interval is

    .. math:: \big[\hat I + q_{\alpha/2},\ \hat I + q_{1-\alpha/2}\big],

    with :math:`q` the quantiles of the half-sample estimates minus their mean
    (centring removes the extra bias of estimating from n/2 samples). With
    ``estimator="mixed"``, a half-sample in which some class has ``k`` members or
    fewer gives no estimate (``nan`` in ``resamples``) and is left out.
    The interval describes sampling variability only: it does **not** correct the
    estimator's own bias, which for KSG in high dimension is much larger than the
    interval (see the estimation chapter).

    References
    ----------
    McCarthy (1969), "Pseudo-replication: half samples", *Review of the ISI* 37, 239–264.
    Politis, Romano & Wolf (1999), *Subsampling*, Springer.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000)
    >>> res = it.mi_bootstrap(x, 0.6 * x + 0.8 * rng.normal(size=2000), base=math.e, n_resamples=50)
    >>> bool(res.low < 0.223 < res.high)
    True
    """
    lb = log_base(base)
    n_resamples = check_positive_int(n_resamples, "n_resamples", minimum=2)
    if (
        isinstance(confidence, bool)
        or not isinstance(confidence, numbers.Real)
        or not 0 < confidence < 1
    ):
        raise ValueError(f"confidence must be a number in (0, 1), got {confidence!r}")
    rng = as_generator(seed)
    tie_rng, res_rng = rng.spawn(2)
    prep = _Prepared(x, y, estimator, k, bins, standardize, ties, tie_rng, halves=True)
    estimate = prep.value()
    m = prep.n // 2
    rows = [res_rng.choice(prep.n, size=m, replace=False) for _ in range(n_resamples)]
    values = np.array([prep.value_on(r) for r in rows])
    dev = values[np.isfinite(values)]
    dev = dev - dev.mean()
    alpha = 1.0 - float(confidence)
    lo_q, hi_q = np.quantile(dev, [alpha / 2, 1 - alpha / 2])
    return BootstrapResult(
        estimate / lb, float(estimate + lo_q) / lb, float(estimate + hi_q) / lb, values / lb
    )


# ============================================================== layers of a network
# Information of a deterministic layer on a finite, equally likely input set (the
# information plane): binning (Shwartz-Ziv & Tishby 2017; Saxe et al. 2018) and the
# Kolchinsky--Tracey kernel bound (Saxe et al. 2018). Torch is imported lazily.

from ._validation import check_real  # noqa: E402


class _plane_torch_threads:
    """Run torch on ``n`` threads inside the block, then restore the previous setting."""

    def __init__(self, torch, n):
        self.torch, self.n = torch, n

    def __enter__(self):
        self.old = self.torch.get_num_threads()
        self.torch.set_num_threads(self.n)

    def __exit__(self, *exc):
        self.torch.set_num_threads(self.old)
        return False


def _plane_labels(y, n, name="y"):
    """Compact integer ids of labels ``y`` (length ``n``) and the number of classes."""
    arr = np.asarray(y.detach().cpu().numpy() if hasattr(y, "detach") else y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(
            f"{name} must have one label per row of the data ({n}), got {arr.shape[0]}"
        )
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    _, ids = np.unique(arr, return_inverse=True)
    return ids.ravel().astype(np.int64), int(ids.max()) + 1 if n else 0


def _plane_entropy_of_ids(ids):
    """Plug-in entropy (nats) of the empirical distribution of integer ids."""
    counts = np.bincount(ids)
    counts = counts[counts > 0]
    n = ids.size
    return float(math.log(n) - np.dot(counts, np.log(counts)) / n)


def _plane_row_ids(cells, bins):
    """Compact integer id of each row of non-negative integer cells (< bins), no loop over rows."""
    n, d = cells.shape
    if d * math.log2(max(bins, 2)) <= 62:  # mixed-radix code fits in int64
        code = cells @ (np.int64(bins) ** np.arange(d, dtype=np.int64))
        return np.unique(code, return_inverse=True)[1].ravel()
    return np.unique(cells, axis=0, return_inverse=True)[1].ravel()


def _plane_check_range(value_range):
    if value_range is None:
        return None
    try:
        lo, hi = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise TypeError(
            f"value_range must be None or a pair (low, high), got {value_range!r}"
        ) from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"value_range must be finite with low < high, got {value_range!r}")
    return lo, hi


def binning_information(t, y, *, bins=30, value_range=(-1.0, 1.0), bin_width=None, base=2):
    r"""I(X;T) and I(T;Y) of a deterministic layer after binning its activations.

    Parameters
    ----------
    t : array_like, shape (n, d)
        Activations of one layer on n equally likely inputs (row i belongs to input i).
    y : array_like, shape (n,)
        Label of each input.
    bins : int, default 30
        Equal-width bins per unit.
    value_range : (float, float) or None, default (-1, 1)
        Range cut into ``bins`` bins, the same for every unit; values outside go
        to the first or last bin. ``(-1, 1)`` suits tanh, as in Shwartz-Ziv &
        Tishby (2017). ``None`` uses the layer's own range ``(t.min(), t.max())``
        -- an adaptive range, re-fitted to every snapshot (``bins`` still counts
        the bins). Ignored when ``bin_width`` is given.
    bin_width : float, optional
        Fixed bin width instead of a fixed number of bins: unit value :math:`t`
        goes to cell :math:`\lfloor t / w \rfloor`, so the bins tile whatever
        range the activations occupy and their number grows with it. This is Saxe
        et al.'s binning of unbounded (ReLU) layers; their code uses
        :math:`w = 0.07` for the 12-bit task (``binsize`` in ``IBnet_ComputeMI``
        of github.com/artemyk/ibsgd), close to the width :math:`2/30` of 30 bins
        over [-1, 1].
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    i_xt, i_ty : float
        :math:`I(X;\hat T)` and :math:`I(\hat T;Y)` of the binned layer
        :math:`\hat T`, in units of ``base``.

    Raises
    ------
    ValueError
        If ``t`` has NaN/inf values or the wrong shape, ``y`` does not give one label
        per row, ``bins < 1``, ``value_range`` is not a finite increasing pair,
        ``bin_width`` is not positive, or ``base`` is invalid.

    Notes
    -----
    The binned layer :math:`\hat T` is a deterministic function of the input, so
    :math:`H(\hat T \mid X) = 0` and

    .. math:: I(X;\hat T) = H(\hat T) \le H(X) = \log n, \qquad
              I(\hat T;Y) = H(\hat T) - H(\hat T \mid Y) \le H(Y),

    with plug-in entropies of the empirical distribution over the n inputs (exact,
    not estimates, when the inputs are the whole equally likely input set). Each
    row of bin indices is turned into one integer code (mixed radix, or
    ``numpy.unique`` on rows when the code would overflow), so no Python loop runs
    over samples. What the number measures is how many of the bins the n points
    occupy, and how evenly: geometry at the scale of the bin width, not
    information carried by the real-valued layer (for which
    :math:`I(X;T) = \log n` whenever the layer is injective on the inputs).

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810. Saxe et al. (2018), "On the
    information bottleneck theory of deep learning", ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> t = np.array([[-0.9], [-0.8], [0.5], [0.52]])   # two occupied bins
    >>> it.binning_information(t, [0, 0, 1, 1], bins=10)
    (1.0, 1.0)
    """
    t = check_samples(t, "t")
    ids_y, n_y = _plane_labels(y, t.shape[0])
    bins = check_positive_int(bins, "bins")
    value_range = _plane_check_range(value_range)
    scale = log_base(base)
    if bin_width is not None:
        width = check_real(bin_width, "bin_width", minimum=0.0, strict=True)
        cells = np.floor(t / width).astype(np.int64)
        cells -= cells.min(axis=0, initial=0)
        ids_t = np.unique(cells, axis=0, return_inverse=True)[1].ravel()
        h_t = _plane_entropy_of_ids(ids_t)
        h_ty = _plane_entropy_of_ids(ids_t * n_y + ids_y)
        h_y = _plane_entropy_of_ids(ids_y)
        return h_t / scale, max(h_t + h_y - h_ty, 0.0) / scale
    lo, hi = value_range if value_range is not None else (float(t.min()), float(t.max()))
    if hi > lo:
        cells = np.floor((t - lo) * (bins / (hi - lo))).astype(np.int64)
        np.clip(cells, 0, bins - 1, out=cells)
    else:  # a constant layer: one bin
        cells = np.zeros(t.shape, dtype=np.int64)
    ids_t = _plane_row_ids(cells, bins)
    h_t = _plane_entropy_of_ids(ids_t)
    h_ty = _plane_entropy_of_ids(ids_t * n_y + ids_y)
    h_y = _plane_entropy_of_ids(ids_y)
    return h_t / scale, max(h_t + h_y - h_ty, 0.0) / scale


#: Kernel terms below exp(-_KDE_CUTOFF) relative to the self term are skipped; with
#: n = 4096 they would change a row sum by less than 1e-14 (relative).
_KDE_CUTOFF = 40.0


def kde_information(t, y, *, noise_variance=1e-3, chunk_size=128, base=2, device="cpu"):
    r"""Kolchinsky--Tracey upper bound on I(X;T+noise), and the matching I(T+noise;Y).

    Parameters
    ----------
    t : array_like, shape (n, d)
        Activations of one layer on n equally likely inputs.
    y : array_like, shape (n,)
        Label of each input.
    noise_variance : float, default 1e-3
        Variance :math:`\sigma^2` of the Gaussian noise added to every unit (the
        value in Saxe et al.'s code).
    chunk_size : int, default 128
        Rows of the pairwise kernel held in memory at once.
    base : float, default 2
        Logarithm base (2: bits).
    device : str or torch.device, default "cpu"
        Where the kernel is computed (torch, float64).

    Returns
    -------
    i_xt : float
        Upper bound on :math:`I(X; T+Z)`, :math:`Z \sim \mathcal{N}(0, \sigma^2 I)`,
        in units of ``base``; between 0 and :math:`\log n`.
    i_ty : float
        The same estimator for :math:`I(T+Z; Y)` (a difference of two upper bounds:
        an estimate, not a bound); at most :math:`H(Y)`, and it can come out slightly
        negative when the classes are thoroughly mixed.

    Raises
    ------
    ValueError
        If ``t`` or ``y`` is invalid as in :func:`binning_information`,
        ``noise_variance`` is not positive and finite, ``chunk_size < 1`` or ``base``
        is invalid.

    Notes
    -----
    Make the layer noisy, :math:`\tilde T = T + Z`. Given the input, :math:`\tilde T`
    is Gaussian around :math:`t_i = f(x_i)`, so
    :math:`H(\tilde T \mid X) = \tfrac d2 \log(2\pi e \sigma^2)`, and
    :math:`\tilde T` itself is the mixture
    :math:`\tfrac1n \sum_j \mathcal{N}(t_j, \sigma^2 I)`. Kolchinsky & Tracey (2017)
    bound the entropy of a mixture with weights :math:`c_i` and components
    :math:`p_i` by pairwise divergences,
    :math:`H \le \sum_i c_i H(p_i) - \sum_i c_i \log \sum_j c_j e^{-D(p_i \| p_j)}`,
    and for two Gaussians of covariance :math:`\sigma^2 I`,
    :math:`D(p_i \| p_j) = \|t_i - t_j\|^2 / (2\sigma^2)`. Hence

    .. math::

        H(\tilde T) \le \tfrac d2 \log(2\pi e\sigma^2)
            - \frac1n \sum_i \log \frac1n \sum_j e^{-\|t_i - t_j\|^2/(2\sigma^2)},
        \qquad
        I(X;\tilde T) \le -\frac1n \sum_i \log \frac1n \sum_j
            e^{-\|t_i - t_j\|^2/(2\sigma^2)},

    the :math:`\tfrac d2 \log(2\pi e\sigma^2)` terms cancelling. The same bound
    within each class (:math:`n_c` inputs) gives :math:`H(\tilde T \mid Y = c)`, and

    .. math::

        I(\tilde T; Y) \approx \frac1n \sum_i \log
            \frac{\frac{1}{n_{y_i}} \sum_{j: y_j = y_i} e^{-\|t_i-t_j\|^2/(2\sigma^2)}}
                 {\frac1n \sum_j e^{-\|t_i-t_j\|^2/(2\sigma^2)}}.

    Every row sum contains its own term :math:`e^0 = 1`, so no log-sum-exp shift is
    needed. The kernel is computed in float64 on one thread (faster than several on a
    busy machine), a chunk of rows at a time; rows are
    sorted into cells of side :math:`\sqrt{2\sigma^2 \cdot 40}` and, for each chunk,
    only the points inside the chunk's bounding box widened by that radius are
    visited -- the terms left out are below :math:`e^{-40}` each, far below
    rounding. With n = 4096 a layer takes a fraction of a second.

    References
    ----------
    Kolchinsky & Tracey (2017), "Estimating mixture entropy with pairwise
    distances", Entropy 19, 361. Saxe et al. (2018), "On the information bottleneck
    theory of deep learning", ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> t = np.array([[0.0], [0.0], [5.0], [5.0]])   # two far-apart clusters
    >>> i_xt, i_ty = it.kde_information(t, [0, 0, 1, 1])
    >>> round(i_xt, 6), round(i_ty, 6)
    (1.0, 1.0)
    """
    import torch

    t = check_samples(t, "t")
    ids_y, n_y = _plane_labels(y, t.shape[0])
    s2 = check_real(noise_variance, "noise_variance", minimum=0.0, strict=True)
    chunk_size = check_positive_int(chunk_size, "chunk_size")
    scale = log_base(base)
    n = t.shape[0]
    radius = math.sqrt(2.0 * s2 * _KDE_CUTOFF)
    t = t - t.mean(axis=0)  # distances do not change; centring shrinks rounding in |t|^2
    cells = np.floor(t / radius)
    order = np.lexsort(cells.T[::-1])
    ts = t[order]
    ys = ids_y[order]
    class_sizes = np.bincount(ys, minlength=n_y).astype(np.float64)
    with torch.no_grad(), _plane_torch_threads(torch, 1):
        tt = torch.as_tensor(ts, dtype=torch.float64, device=device)
        yt = torch.as_tensor(ys, device=device)
        half_sq = (tt * tt).sum(dim=1) * (-0.5 / s2)  # -|t_j|^2 / (2 s2)
        onehot = torch.nn.functional.one_hot(yt, n_y).to(torch.float64)
        log_sizes = torch.log(torch.as_tensor(class_sizes, device=device))[yt]
        sum_all = torch.zeros((), dtype=torch.float64, device=device)
        sum_own = torch.zeros((), dtype=torch.float64, device=device)
        for start in range(0, n, chunk_size):  # chunks of rows, not samples
            stop = min(start + chunk_size, n)
            block = ts[start:stop]
            lo, hi = block.min(axis=0) - radius, block.max(axis=0) + radius
            inside = np.all((ts >= lo) & (ts <= hi), axis=1)
            near = torch.as_tensor(np.flatnonzero(inside), device=device)
            # -|t_i - t_j|^2 / (2 s2) = (t_i . t_j) / s2 - |t_i|^2/(2 s2) - |t_j|^2/(2 s2)
            kern = torch.addmm(half_sq[near][None, :], tt[start:stop], tt[near].T, alpha=1.0 / s2)
            kern.add_(half_sq[start:stop, None]).clamp_max_(0.0).exp_()
            rows_all = kern.sum(dim=1)
            rows_own = (kern @ onehot[near]).gather(1, yt[start:stop, None]).squeeze(1)
            sum_all += torch.log(rows_all).sum()
            sum_own += (torch.log(rows_own) - log_sizes[start:stop]).sum()
        mean_log_all = float(sum_all) / n - math.log(n)  # (1/n) sum_i log (1/n) sum_j K_ij
        mean_log_own = float(sum_own) / n  # (1/n) sum_i log (1/n_{y_i}) sum_{j in y_i} K_ij
    i_xt = -mean_log_all
    i_ty = mean_log_own - mean_log_all
    return max(i_xt, 0.0) / scale, i_ty / scale


class BinningEstimator:
    """:func:`binning_information` with its settings, as a layer estimator.

    For :class:`~itlab.plane.InformationPlane` and :func:`~itlab.plane.train_twelve_bit`.

    Parameters
    ----------
    bins : int, default 30
    value_range : (float, float) or None, default (-1, 1)
        ``None`` for the adaptive range of each layer (at each snapshot).
    bin_width : float, optional
        Fixed bin width over the observed range (Saxe et al.); overrides the two above.
    base : float, default 2

    Examples
    --------
    >>> import itlab as it
    >>> est = it.BinningEstimator(bins=10)
    >>> est([[-0.9], [0.5]], [0, 1])
    (1.0, 1.0)
    >>> round(it.BinningEstimator(bin_width=0.07)([[0.0], [0.05], [3.0]], [0, 0, 1])[0], 6)
    0.918296
    """

    name = "binning"

    def __init__(self, bins=30, value_range=(-1.0, 1.0), bin_width=None, base=2):
        self.bins = check_positive_int(bins, "bins")
        self.value_range = _plane_check_range(value_range)
        if bin_width is not None:
            bin_width = check_real(bin_width, "bin_width", minimum=0.0, strict=True)
        self.bin_width = bin_width
        log_base(base)
        self.base = base

    def __call__(self, t, y):
        """``(i_xt, i_ty)`` of activations ``t`` with labels ``y``."""
        return binning_information(
            t,
            y,
            bins=self.bins,
            value_range=self.value_range,
            bin_width=self.bin_width,
            base=self.base,
        )

    def __repr__(self):
        if self.bin_width is not None:
            return f"BinningEstimator(bin_width={self.bin_width}, base={self.base})"
        rng = self.value_range
        return f"BinningEstimator(bins={self.bins}, value_range={rng}, base={self.base})"


class KDEEstimator:
    """:func:`kde_information` with its settings, as an estimator for :class:`~itlab.plane.InformationPlane`.

    Parameters
    ----------
    noise_variance : float, default 1e-3
    chunk_size : int, default 128
    base : float, default 2
    device : str or torch.device, default "cpu"

    Examples
    --------
    >>> import itlab as it
    >>> est = it.KDEEstimator()
    >>> [round(v, 6) for v in est([[0.0], [5.0]], [0, 1])]
    [1.0, 1.0]
    """

    name = "kde"

    def __init__(self, noise_variance=1e-3, chunk_size=128, base=2, device="cpu"):
        self.noise_variance = check_real(noise_variance, "noise_variance", minimum=0.0, strict=True)
        self.chunk_size = check_positive_int(chunk_size, "chunk_size")
        log_base(base)
        self.base = base
        self.device = device

    def __call__(self, t, y):
        """``(i_xt, i_ty)`` of activations ``t`` with labels ``y``."""
        return kde_information(
            t,
            y,
            noise_variance=self.noise_variance,
            chunk_size=self.chunk_size,
            base=self.base,
            device=self.device,
        )

    def __repr__(self):
        return f"KDEEstimator(noise_variance={self.noise_variance}, base={self.base})"


# Transfer entropy lives in its own module (it is a conditional MI over time-shifted
# series) and is importable from here as the API contract places it.
from .timeseries import transfer_entropy  # noqa: E402,F401
