r"""Limits on learning: Fano's inequality and the Bayes error of Gaussian classes.

Two kinds of numbers bound what any classifier can do with features X for a
label Y taking K values:

* the **Bayes error** -- the error of the best possible rule, which knows the
  distribution -- computed here exactly for Gaussian classes that share one
  covariance matrix (:func:`gaussian_bayes_error` for two classes,
  :func:`gaussian_classes_bayes_error` for K);
* **Fano's lower bound** on that error from the information alone,
  :math:`H(Y \mid X) \le h(P_e) + P_e \log(K-1)`
  (:func:`fano_lower_bound`, and its forward map :func:`fano_entropy_bound`;
  the weak closed form :math:`P_e \ge (H(Y \mid X) - \log 2)/\log K` is
  :func:`fano_weak_lower_bound`),
  fed by an accurate :math:`I(X;Y)` of the Gaussian class model
  (:func:`gaussian_classes_mutual_information`).

For classes :math:`X \mid Y = k \sim \mathcal N(\mu_k, \Sigma)` the posterior
depends on x only through the whitened means: after whitening with
:math:`\Sigma^{-1/2}`, only the r-dimensional span of the differences
:math:`\Sigma^{-1/2}(\mu_k - \mu_0)` matters (r <= K - 1). When r <= 1 (always for
two classes) the problem is one-dimensional and everything is computed exactly
(normal integrals, and composite Gauss-Legendre quadrature on fixed panels whose
edges include the decision boundaries); when r >= 2 the K-class quantities are
Monte Carlo averages in r dimensions and come with their standard error.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import linalg
from scipy.special import entr, logsumexp, ndtr, xlogy

from ._validation import (
    _as_float_array,
    as_generator,
    check_pmf,
    check_positive_int,
    check_probability,
    log_base,
)

__all__ = [
    "fano_lower_bound",
    "fano_entropy_bound",
    "fano_weak_lower_bound",
    "gaussian_bayes_error",
    "gaussian_classes_bayes_error",
    "gaussian_classes_mutual_information",
    "classic_generalization_bound",
    "vc_generalization_bound",
    "input_compression_bound",
    "binary_kl",
    "binary_kl_inverse",
    "pac_bayes_bound",
]

#: Round-off allowed on an entropy handed to :func:`fano_lower_bound` (nats, relative to log K).
_ENTROPY_RTOL = 1e-12


# ----------------------------------------------------------------------------- Fano


def _check_n_classes(n_classes):
    """Integer array (any shape) of class counts, each >= 2."""
    arr = np.asarray(n_classes)
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        if arr.dtype.kind == "f" and np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)):
            arr = arr.astype(np.int64)
        else:
            raise TypeError(
                f"n_classes must be an integer (or an array of integers), got {arr.dtype}"
            )
    if np.any(arr < 2):
        raise ValueError(
            f"n_classes must be >= 2 (a label with one value has no error), got min {arr.min()}"
        )
    return arr.astype(np.int64)


def _fano_nats(e, log_km1):
    """h(e) + e log(K-1) in nats; e in [0, 1]."""
    return entr(e) + entr(1.0 - e) + e * log_km1


def fano_entropy_bound(error, n_classes, base=2):
    r"""The most conditional entropy an error probability allows: :math:`h(e) + e \log(K-1)`.

    Fano's inequality says that any rule that guesses Y from X with error
    probability ``error`` leaves :math:`H(Y \mid X)` at most this large.
    :func:`fano_lower_bound` inverts it.

    Parameters
    ----------
    error : float or array_like
        Error probabilities in [0, 1].
    n_classes : int or array_like of int
        Number K >= 2 of values of Y; broadcast against ``error``.
    base : float, default 2
        Logarithm base of the result (2: bits).

    Returns
    -------
    float or numpy.ndarray
        :math:`h(e) + e \log(K-1)` in units of ``base``; a float for scalar input.

    Raises
    ------
    ValueError
        If an ``error`` is outside [0, 1], ``n_classes`` < 2, or ``base`` is invalid.
    TypeError
        If ``n_classes`` is not an integer.

    Notes
    -----
    .. math:: F_K(e) = -e\log e - (1-e)\log(1-e) + e \log (K - 1).

    It rises from 0 at e = 0 to :math:`\log K` at :math:`e = (K-1)/K` and falls after.

    References
    ----------
    Cover & Thomas (2006), *Elements of Information Theory*, 2nd ed., section 2.10.

    Examples
    --------
    >>> import itlab as it
    >>> it.fano_entropy_bound(0.5, 2)
    1.0
    >>> round(it.fano_entropy_bound(0.75, 4), 12)
    2.0
    """
    e = check_probability(error, "error")
    k = _check_n_classes(n_classes)
    value = _fano_nats(e, np.log(k - 1.0)) / log_base(base)
    return float(value) if np.ndim(value) == 0 else value


def _check_conditional_entropy(conditional_entropy, n_classes, base):
    """Validated (H in nats, K, log K, round-off tolerance), broadcast together."""
    h = _as_float_array(conditional_entropy, "conditional_entropy")
    k = _check_n_classes(n_classes)
    if not np.all(np.isfinite(h)):
        raise ValueError("conditional_entropy contains NaN or infinite values")
    h, k = np.broadcast_arrays(h * log_base(base), k)  # nats
    log_k = np.log(k.astype(float))
    tol = _ENTROPY_RTOL * np.maximum(log_k, 1.0)
    if np.any(h < -tol):
        raise ValueError(f"conditional_entropy must be >= 0, got {h.min() / log_base(base):.6g}")
    if np.any(h > log_k + tol):
        i = np.argmax(h - log_k)
        raise ValueError(
            f"conditional_entropy must be <= log(n_classes) (a label with K values has at "
            f"most log K of entropy), got {h.flat[i] / log_base(base):.6g} with n_classes={k.flat[i]}"
        )
    return h, k, log_k, tol


def fano_lower_bound(conditional_entropy, n_classes, base=2):
    r"""The smallest error probability that Fano's inequality allows.

    If Y takes K values and :math:`H(Y \mid X)` equals ``conditional_entropy``,
    every rule :math:`\hat Y = g(X)` -- the Bayes rule included -- has error
    probability at least the returned value.

    Parameters
    ----------
    conditional_entropy : float or array_like
        :math:`H(Y \mid X)` in units of ``base``; each value in :math:`[0, \log K]`.
    n_classes : int or array_like of int
        Number K >= 2 of values of Y; broadcast against ``conditional_entropy``.
    base : float, default 2
        Logarithm base in which ``conditional_entropy`` is given (2: bits).

    Returns
    -------
    float or numpy.ndarray
        The smallest :math:`P_e \in [0, (K-1)/K]` with
        :math:`h(P_e) + P_e \log(K-1) \ge H(Y \mid X)`; a float for scalar input.

    Raises
    ------
    ValueError
        If a ``conditional_entropy`` is negative, NaN, or larger than
        :math:`\log K` (no distribution has that much), ``n_classes`` < 2, or
        ``base`` is invalid.
    TypeError
        If ``n_classes`` is not an integer.

    Notes
    -----
    Fano's inequality: for any estimator with error probability :math:`P_e`,

    .. math:: H(Y \mid X) \le h(P_e) + P_e \log (K - 1).

    The right side :math:`F_K` increases strictly on :math:`[0, (K-1)/K]`, so the
    bound is :math:`F_K^{-1}(H(Y \mid X))`. It is found by bisection on the binary
    representation of non-negative doubles (whose order is the order of the
    values): 62 halvings of one bracket give the smallest double e with
    :math:`F_K(e) \ge H`, exact to the last bit, vectorised over all inputs. The
    result is monotone (non-decreasing in H, non-increasing in K) exactly, not only
    up to round-off. Values within a relative 1e-12 of 0 or of :math:`\log K`
    (round-off of the caller's arithmetic) are read as 0 and :math:`\log K`.

    The bound is tight: the K-ary symmetric channel (error e spread evenly over
    the K - 1 wrong labels) meets it with equality.

    References
    ----------
    Fano (1961), *Transmission of Information*; Cover & Thomas (2006), *Elements
    of Information Theory*, 2nd ed., theorem 2.10.1.

    Examples
    --------
    >>> import itlab as it
    >>> it.fano_lower_bound(0.0, 2)
    0.0
    >>> it.fano_lower_bound(1.0, 2)  # one bit of doubt about a binary label
    0.5
    >>> round(it.fano_lower_bound(it.fano_entropy_bound(0.1, 10), 10), 12)
    0.1
    >>> it.fano_lower_bound([0.5, 1.0, 1.5], 4).round(4)
    array([0.0744, 0.1893, 0.3545])
    """
    h, k, log_k, tol = _check_conditional_entropy(conditional_entropy, n_classes, base)
    log_km1 = np.log(k - 1.0)
    top = (k - 1.0) / k
    at_top = h >= np.minimum(_fano_nats(top, log_km1), log_k - tol)

    # Bisection over the int64 bit patterns of doubles in [0, 1]: invariant
    # G(lo) < h <= G(hi) with G(e) = F_K(min(e, top)), which is non-decreasing.
    lo = np.zeros(h.shape, dtype=np.int64)  # the double 0.0
    hi = np.full(h.shape, np.float64(1.0).view(np.int64))
    active = (h > 0) & ~at_top
    h_act = np.where(active, h, 1.0)
    for _ in range(64):
        if not np.any(hi - lo > 1):
            break
        mid = lo + (hi - lo) // 2
        e_mid = np.minimum(mid.view(np.float64), top)
        go_right = _fano_nats(e_mid, log_km1) < h_act
        lo = np.where(go_right, mid, lo)
        hi = np.where(go_right, hi, mid)
    result = np.minimum(hi.view(np.float64), top)
    result = np.where(h <= 0, 0.0, np.where(at_top, top, result))
    return float(result) if result.ndim == 0 else result


def fano_weak_lower_bound(conditional_entropy, n_classes, base=2):
    r"""The weak, closed form of Fano's bound: :math:`P_e \ge (H(Y \mid X) - 1\,\text{bit})/\log K`.

    Parameters
    ----------
    conditional_entropy : float or array_like
        :math:`H(Y \mid X)` in units of ``base``; each value in :math:`[0, \log K]`.
    n_classes : int or array_like of int
        Number K >= 2 of values of Y; broadcast against ``conditional_entropy``.
    base : float, default 2
        Logarithm base in which ``conditional_entropy`` is given (2: bits).

    Returns
    -------
    float or numpy.ndarray
        :math:`(H(Y \mid X) - \log 2)/\log K`, logarithms in ``base`` (in bits:
        :math:`(H(Y \mid X) - 1)/\log_2 K`); a float for scalar input. The value is
        returned as it is, **not clipped at 0**: it is negative -- the bound says
        nothing -- whenever :math:`H(Y \mid X)` is below one bit, so always for
        K = 2. It never exceeds :func:`fano_lower_bound`.

    Raises
    ------
    ValueError
        If a ``conditional_entropy`` is negative, NaN, or larger than
        :math:`\log K`, ``n_classes`` < 2, or ``base`` is invalid.
    TypeError
        If ``n_classes`` is not an integer.

    Notes
    -----
    Fano's inequality :math:`H(Y \mid X) \le h(P_e) + P_e \log(K-1)` with
    :math:`h(P_e) \le \log 2` (one bit) and :math:`\log(K-1) < \log K` gives

    .. math:: P_e \ge \frac{H(Y \mid X) - \log 2}{\log K},

    which needs no inversion. It is what most texts quote; it loses up to one bit
    of the conditional entropy, which matters for few classes and little doubt.

    References
    ----------
    Cover & Thomas (2006), *Elements of Information Theory*, 2nd ed., theorem 2.10.1
    (the weaker form that follows it).

    Examples
    --------
    >>> import itlab as it
    >>> it.fano_weak_lower_bound(3.0, 16)  # (3 - 1) / 4
    0.5
    >>> it.fano_weak_lower_bound(0.5, 2)  # binary labels: always vacuous
    -0.5
    """
    _, k, log_k, _ = _check_conditional_entropy(conditional_entropy, n_classes, base)
    ln_base = log_base(base)
    h = np.broadcast_to(_as_float_array(conditional_entropy, "conditional_entropy"), k.shape)
    value = (h - math.log(2.0) / ln_base) / (log_k / ln_base)  # in units of base: exact in bits
    return float(value) if value.ndim == 0 else value


# ----------------------------------------------------------------------------- Gaussian classes


def _check_mean_vector(mean, name):
    arr = _as_float_array(mean, name)
    if arr.ndim > 1:
        raise ValueError(f"{name} must be a scalar or a 1-D vector, got shape {arr.shape}")
    arr = np.atleast_1d(arr)
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _cholesky(cov, d):
    """Lower Cholesky factor of a validated covariance matrix for dimension d."""
    arr = _as_float_array(cov, "cov")
    if arr.ndim == 0 and d == 1:
        arr = arr.reshape(1, 1)
    if arr.shape != (d, d):
        raise ValueError(f"cov must have shape ({d}, {d}) to match the means, got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("cov contains NaN or infinite values")
    if not np.allclose(arr, arr.T, rtol=1e-10, atol=1e-12 * np.abs(arr).max()):
        raise ValueError("cov must be symmetric")
    try:
        return linalg.cholesky(arr, lower=True)
    except linalg.LinAlgError:
        raise ValueError("cov must be positive definite") from None


def _mahalanobis(mean0, mean1, cov):
    m0 = _check_mean_vector(mean0, "mean0")
    m1 = _check_mean_vector(mean1, "mean1")
    if m0.shape != m1.shape:
        raise ValueError(f"mean0 and mean1 must have the same shape, got {m0.shape} and {m1.shape}")
    chol = _cholesky(cov, m0.size)
    w = linalg.solve_triangular(chol, m1 - m0, lower=True)
    return float(np.sqrt(w @ w))


def _normal_interval(lo, hi):
    """P(lo < Z < hi) for standard normal Z, accurate in both tails (arrays)."""
    lo, hi = np.broadcast_arrays(np.asarray(lo, float), np.asarray(hi, float))
    upper = lo > 0  # both ends in the upper tail: use the mirror image
    return np.where(upper, ndtr(-lo) - ndtr(-hi), ndtr(hi) - ndtr(lo))


def gaussian_bayes_error(mean0, mean1, cov, prior0=0.5):
    r"""Exact Bayes error of two Gaussian classes that share a covariance matrix.

    Parameters
    ----------
    mean0, mean1 : float or array_like, shape (d,)
        Class means :math:`\mu_0, \mu_1`.
    cov : float or array_like, shape (d, d)
        Shared covariance :math:`\Sigma`, symmetric positive definite (a positive
        number when d = 1).
    prior0 : float, default 0.5
        Prior probability :math:`\pi_0` of class 0 (class 1 has :math:`1 - \pi_0`).

    Returns
    -------
    float
        The smallest error probability of any classifier, in [0, min(π0, π1)].

    Raises
    ------
    ValueError
        If the means are not finite vectors of one length, ``cov`` is not a
        symmetric positive definite matrix of matching size, or ``prior0`` is not in [0, 1].

    Notes
    -----
    The log-likelihood ratio :math:`\lambda(x) = \log p_1(x)/p_0(x)` is linear in x
    and normal in each class: :math:`\mathcal N(\mp\Delta^2/2, \Delta^2)` under class
    0 / 1, where :math:`\Delta^2 = (\mu_1-\mu_0)^\top \Sigma^{-1} (\mu_1-\mu_0)` is the
    squared Mahalanobis distance. The Bayes rule says 1 when
    :math:`\lambda(x) > a = \log(\pi_0/\pi_1)`, so

    .. math:: P_e^* = \pi_0\, \Phi\!\Big(-\frac{\Delta}{2} - \frac{a}{\Delta}\Big)
              + \pi_1\, \Phi\!\Big(-\frac{\Delta}{2} + \frac{a}{\Delta}\Big),

    which is :math:`\Phi(-\Delta/2)` for equal priors and :math:`\min(\pi_0,\pi_1)`
    when :math:`\Delta = 0`.

    References
    ----------
    Duda, Hart & Stork (2001), *Pattern Classification*, 2nd ed., section 2.6;
    Fukunaga (1990), *Introduction to Statistical Pattern Recognition*, chapter 3.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.gaussian_bayes_error(0.0, 2.0, 1.0), 6)  # Phi(-1)
    0.158655
    >>> round(it.gaussian_bayes_error([0, 0], [1, 1], [[1, 0.5], [0.5, 1]], prior0=0.8), 6)
    0.176853
    """
    delta = _mahalanobis(mean0, mean1, cov)
    p0 = float(check_probability(prior0, "prior0"))
    p1 = 1.0 - p0
    if p0 == 0.0 or p1 == 0.0:
        return 0.0
    if delta == 0.0:
        return min(p0, p1)
    a = math.log(p0 / p1)
    return float(p0 * ndtr(-delta / 2 - a / delta) + p1 * ndtr(-delta / 2 + a / delta))


def _check_classes(means, cov, priors):
    """Validate K-class input; return the centres c (K', r) and priors (K',) of the classes with
    positive prior, in whitened coordinates of the span of the mean differences."""
    m = _as_float_array(means, "means")
    if m.ndim == 1:
        m = m[:, None]  # K scalar means of a 1-D feature
    if m.ndim != 2:
        raise ValueError(f"means must have shape (K, d) (one row per class), got {m.shape}")
    if m.shape[0] < 2:
        raise ValueError(f"means needs at least 2 classes (rows), got {m.shape[0]}")
    if not np.all(np.isfinite(m)):
        raise ValueError("means contains NaN or infinite values")
    k, d = m.shape
    chol = _cholesky(cov, d)
    if priors is None:
        pri = np.full(k, 1.0 / k)
    else:
        pri = check_pmf(priors, "priors", ndim=1)
        if pri.size != k:
            raise ValueError(f"priors must have one entry per class ({k}), got {pri.size}")
    keep = pri > 0  # classes that never occur change nothing
    m, pri = m[keep], pri[keep]
    w = linalg.solve_triangular(chol, (m - m[0]).T, lower=True).T  # whitened differences, (K, d)
    # Orthonormal basis of their span: the only directions the posterior depends on.
    _, s, vt = np.linalg.svd(w, full_matrices=False)
    rank = int(np.sum(s > 1e-12 * max(s.max(initial=0.0), 1e-300)))
    centres = w @ vt[:rank].T  # (K, r)
    return centres, pri


def _log_posterior(t, centres, log_prior):
    """log p(k | t) for points t (n, r) of K classes N(c_k, I_r)."""
    logits = log_prior + t @ centres.T - 0.5 * np.sum(centres**2, axis=1)
    return logits - logsumexp(logits, axis=1, keepdims=True)


def _decision_intervals(centres, log_prior):
    """For r = 1: the Bayes decision as intervals (lo, hi, class) covering the line."""
    c = centres[:, 0]
    a = log_prior - 0.5 * c**2  # lines a_k + c_k t; the Bayes rule takes the top one
    i, j = np.triu_indices(c.size, 1)
    slope = c[i] - c[j]
    ok = slope != 0
    cuts = np.unique((a[j][ok] - a[i][ok]) / slope[ok])
    edges = np.concatenate([[-np.inf], cuts, [np.inf]])
    probe = np.concatenate(
        [
            [cuts[0] - 1.0] if cuts.size else [0.0],
            0.5 * (cuts[:-1] + cuts[1:]),
            [cuts[-1] + 1.0] if cuts.size else [],
        ]
    )
    winner = np.argmax(a[None, :] + probe[:, None] * c[None, :], axis=1)
    return edges[:-1], edges[1:], winner, cuts


def _posterior_entropy(log_post):
    """Entropy in nats of each row of log posteriors (n, K)."""
    post = np.exp(log_post)
    return -np.sum(xlogy(post, post), axis=1)


#: Gauss-Legendre rule on [0, 1] used panel by panel by :func:`_quadrature_1d`.
_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(24)
_GL_NODES, _GL_WEIGHTS = 0.5 * (_GL_NODES + 1.0), 0.5 * _GL_WEIGHTS


def _quadrature_1d(centres, pri, log_prior, cuts, fn):
    """E[fn(log posterior)] under the 1-D mixture sum_k pi_k N(c_k, 1), by composite quadrature.

    Panels of a 24-point Gauss-Legendre rule over the points within 12 of some c_k
    (the mixture puts less than 1e-32 elsewhere), with the decision boundaries as
    panel edges. Panels
    are 1/4 wide (the density's scale is 1), and within 1 of a boundary no wider than
    1/(2 max|c_i - c_j|), the width of the posterior's step there (but not below
    1e-3: boundaries that sharp lie hundreds of standard deviations from any mean).
    The integrand is analytic on each panel, so the rule is accurate to round-off
    (checked in the tests against scipy's adaptive ``integrate.quad``, an independent
    method; the rule here is not adaptive).
    """
    c = centres[:, 0]
    lo, hi = c.min() - 12.0, c.max() + 12.0
    fine = min(0.25, max(0.5 / max(np.ptp(c), 1e-300), 1e-3))
    inner = cuts[(cuts > lo) & (cuts < hi)]
    knots = np.unique(
        np.clip(np.concatenate([c - 12.0, c + 12.0, inner, inner - 1.0, inner + 1.0]), lo, hi)
    )
    starts, lengths = knots[:-1], np.diff(knots)
    mid = starts + lengths / 2
    keep = (
        np.abs(mid[:, None] - c[None, :]).min(axis=1) < 12.0
    )  # skip empty stretches between far classes
    starts, lengths, mid = starts[keep], lengths[keep], mid[keep]
    near = (
        (np.abs(mid[:, None] - inner[None, :]).min(axis=1) < 1.0)
        if inner.size
        else np.zeros(mid.size, bool)
    )
    pieces = np.maximum(1, np.ceil(lengths / np.where(near, fine, 0.25)).astype(int))
    step = np.repeat(lengths / pieces, pieces)
    offset = np.arange(pieces.sum()) - np.repeat(np.cumsum(pieces) - pieces, pieces)
    left = np.repeat(starts, pieces) + offset * step
    t = (left[:, None] + step[:, None] * _GL_NODES[None, :]).reshape(-1, 1)
    w = (step[:, None] * _GL_WEIGHTS[None, :]).ravel()
    density = np.exp(-0.5 * (t - c[None, :]) ** 2) @ pri / math.sqrt(2.0 * math.pi)
    return float(np.sum(w * density * fn(_log_posterior(t, centres, log_prior))))


def _seeded_mc(centres, pri, n_samples, rng, fn):
    """Stratified Monte Carlo of E[fn(log posterior)]: n_samples / K draws per class."""
    k, r = centres.shape
    per_class = max(2, -(-n_samples // k))
    log_prior = np.log(pri)
    means, variances = np.zeros(k), np.zeros(k)
    for cls in range(k):  # a loop over classes, vectorised over samples
        t = centres[cls] + rng.standard_normal((per_class, r))
        vals = fn(_log_posterior(t, centres, log_prior))
        means[cls], variances[cls] = vals.mean(), vals.var(ddof=1)
    value = float(pri @ means)
    stderr = float(np.sqrt(np.sum(pri**2 * variances) / per_class))
    return value, stderr


def gaussian_classes_bayes_error(means, cov, priors=None, n_samples=200_000, seed=0):
    r"""Bayes error of K Gaussian classes sharing a covariance matrix, with its standard error.

    Parameters
    ----------
    means : array_like, shape (K, d)
        One row per class mean :math:`\mu_k` (a 1-D array of K numbers when d = 1).
    cov : float or array_like, shape (d, d)
        Shared covariance, symmetric positive definite.
    priors : array_like, shape (K,), optional
        Class probabilities; uniform by default.
    n_samples : int, default 200000
        Monte Carlo draws in all (split evenly over the classes), used only when the
        whitened means span two or more dimensions.
    seed : int or numpy.random.Generator, default 0
        Seed of the Monte Carlo draws.

    Returns
    -------
    value : float
        The Bayes error :math:`P_e^* = 1 - \mathbb E_X[\max_k p(k \mid X)]`.
    stderr : float
        Its standard error: 0.0 when the value is exact (r <= 1), the Monte Carlo
        standard error otherwise.

    Raises
    ------
    ValueError
        If ``means`` is not a finite (K, d) array with K >= 2, ``cov`` is not symmetric
        positive definite of size d, ``priors`` is not a pmf of length K, or
        ``n_samples`` < 2.

    Notes
    -----
    After whitening, class k is :math:`\mathcal N(c_k, I_r)` in the r-dimensional span
    of the mean differences (other directions carry no label information). For
    r <= 1 the Bayes rule cuts the line into intervals (the upper envelope of the
    lines :math:`\log\pi_k + c_k t - c_k^2/2`) and

    .. math:: P_e^* = \sum_k \pi_k \sum_{\text{intervals } (l, u) \text{ not of } k}
              \big[\Phi(u - c_k) - \Phi(l - c_k)\big]

    exactly. For r >= 2 it is the stratified Monte Carlo average of
    :math:`1 - \max_k p(k \mid X)` (less variance than counting mistakes). For two
    classes this agrees with :func:`gaussian_bayes_error`.

    Examples
    --------
    >>> import itlab as it
    >>> err, se = it.gaussian_classes_bayes_error([0.0, 2.0, 4.0], 1.0)  # exact (r = 1)
    >>> round(err, 6), se
    (0.21154, 0.0)
    >>> err, se = it.gaussian_classes_bayes_error([[0, 0], [2, 0], [0, 2]], [[1, 0], [0, 1]], seed=1)
    >>> round(err, 2), se < 1e-3
    (0.22, True)
    """
    centres, pri = _check_classes(means, cov, priors)
    n_samples = check_positive_int(n_samples, "n_samples", minimum=2)
    rng = as_generator(seed)
    k, r = centres.shape
    log_prior = np.log(pri)
    if r == 0:
        return float(1.0 - pri.max()), 0.0
    if r == 1:
        lo, hi, winner, _ = _decision_intervals(centres, log_prior)
        c = centres[:, 0]
        mass = _normal_interval(
            lo[None, :] - c[:, None], hi[None, :] - c[:, None]
        )  # (K, intervals)
        wrong = winner[None, :] != np.arange(k)[:, None]
        return float(np.sum(pri[:, None] * mass * wrong)), 0.0
    return _seeded_mc(centres, pri, n_samples, rng, lambda lp: -np.expm1(lp.max(axis=1)))


def gaussian_classes_mutual_information(means, cov, priors=None, base=2, n_samples=200_000, seed=0):
    r"""I(X;Y) between a label Y and Gaussian features X with shared covariance, and its standard error.

    Parameters
    ----------
    means : array_like, shape (K, d)
        One row per class mean (a 1-D array of K numbers when d = 1).
    cov : float or array_like, shape (d, d)
        Shared covariance, symmetric positive definite.
    priors : array_like, shape (K,), optional
        Class probabilities; uniform by default.
    base : float, default 2
        Logarithm base (2: bits).
    n_samples : int, default 200000
        Monte Carlo draws in all, used only when the whitened means span two or
        more dimensions.
    seed : int or numpy.random.Generator, default 0
        Seed of the Monte Carlo draws.

    Returns
    -------
    value : float
        :math:`I(X;Y) = H(Y) - H(Y \mid X)` in units of ``base``.
    stderr : float
        0.0 when computed by quadrature (r <= 1; accurate to about 1e-12), the
        Monte Carlo standard error otherwise.

    Raises
    ------
    ValueError
        As :func:`gaussian_classes_bayes_error`, or if ``base`` is invalid.

    Notes
    -----
    .. math:: H(Y \mid X) = \mathbb E_X\big[H(p(\cdot \mid X))\big], \qquad
              p(k \mid x) = \operatorname{softmax}_k\big(\log \pi_k + c_k^\top t - \|c_k\|^2/2\big),

    with t the whitened, projected x (see :func:`gaussian_classes_bayes_error`).
    For r <= 1 the expectation is a one-dimensional integral against the mixture
    density, done by composite 24-point Gauss-Legendre quadrature on fixed panels
    (narrower near the decision boundaries, which are panel edges); for r >= 2 it
    is a stratified Monte Carlo average. I(X;Y) is invariant
    under any invertible affine map of X, and for two classes depends only on the
    Mahalanobis distance and the priors. The differential entropy of the mixture
    follows as :math:`h(X) = h(X \mid Y) + I(X;Y)`.

    Examples
    --------
    >>> import itlab as it
    >>> mi, se = it.gaussian_classes_mutual_information([0.0, 2.0], 1.0)
    >>> round(mi, 6), se
    (0.485944, 0.0)
    >>> it.gaussian_classes_mutual_information([0.0, 40.0], 1.0)  # separable: H(Y)
    (1.0, 0.0)
    """
    centres, pri = _check_classes(means, cov, priors)
    n_samples = check_positive_int(n_samples, "n_samples", minimum=2)
    rng = as_generator(seed)
    scale = log_base(base)
    k, r = centres.shape
    h_y = float(entr(pri).sum())
    if r == 0:
        return 0.0, 0.0
    log_prior = np.log(pri)
    if r == 1:
        _, _, _, cuts = _decision_intervals(centres, log_prior)

        h_y_x = _quadrature_1d(centres, pri, log_prior, cuts, _posterior_entropy)
        return max(h_y - h_y_x, 0.0) / scale, 0.0

    h_y_x, se = _seeded_mc(centres, pri, n_samples, rng, _posterior_entropy)
    return (h_y - h_y_x) / scale, se / scale


# ============================================================== bounds of the information plane
# The bounds the information-bottleneck theory of deep learning argues about
# (Shwartz-Ziv & Tishby 2017): a parameter-counting bound, Vapnik's VC bound and
# the input-compression bound.


from ._validation import check_real  # noqa: E402


def _ib_positive(value, name):
    return check_real(value, name, minimum=0.0, strict=True)


def _ib_check_m_delta(m, delta):
    m = _ib_positive(m, "m")
    delta = _ib_positive(delta, "delta")
    if not delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta}")
    return m, delta


def classic_generalization_bound(n_params, m, delta=0.05, bits_per_param=32):
    r"""Generalization gap of a finite class: every network with ``n_params`` stored numbers.

    Parameters
    ----------
    n_params : float
        Number of parameters P of the network.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence: the bound holds with probability at least ``1 - delta``.
    bits_per_param : float, default 32
        Bits that store each parameter (32 for float32).

    Returns
    -------
    float
        :math:`\epsilon = \sqrt{\big(b P \ln 2 + \ln(1/\delta)\big)/(2m)}`; at least 1
        means vacuous for a 0-1 loss.

    Raises
    ------
    ValueError
        If an argument is not positive and finite, or ``delta`` is not below 1.

    Notes
    -----
    Hoeffding's inequality and a union bound over a finite class :math:`\mathcal H`
    give, with probability at least :math:`1-\delta`, for every :math:`h \in
    \mathcal H`, test error :math:`\le` training error :math:`+ \epsilon` with

    .. math:: \epsilon^2 = \frac{\ln|\mathcal H| + \ln(1/\delta)}{2m},

    the "classic" bound of Tishby's argument. A network whose P parameters are
    stored with b bits each is one of at most :math:`2^{bP}` functions, so
    :math:`\ln|\mathcal H| = bP\ln 2` -- a count that needs no VC theory and is
    rigorous for the network as it is actually computed. Tishby writes the class
    size as an :math:`\epsilon`-cover, :math:`|\mathcal H_\epsilon| \sim (1/\epsilon)^d`;
    either way the bound grows with the number of parameters.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.classic_generalization_bound(294, 3482), 3)
    0.968
    >>> round(it.classic_generalization_bound(294, 3482, bits_per_param=8), 3)
    0.484
    """
    p = _ib_positive(n_params, "n_params")
    m, delta = _ib_check_m_delta(m, delta)
    b = _ib_positive(bits_per_param, "bits_per_param")
    return math.sqrt((b * p * math.log(2.0) + math.log(1.0 / delta)) / (2.0 * m))


def vc_generalization_bound(vc_dim, m, delta=0.05):
    r"""Vapnik's VC bound on the generalization gap of a binary classifier.

    Parameters
    ----------
    vc_dim : float
        VC dimension d of the class.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence level.

    Returns
    -------
    float
        :math:`\sqrt{\big(d(\ln(2m/d) + 1) + \ln(4/\delta)\big)/m}`; at least 1 means
        vacuous.

    Raises
    ------
    ValueError
        If an argument is not positive and finite, or ``delta`` is not below 1.

    Notes
    -----
    With probability at least :math:`1-\delta`, every classifier of the class has a
    test error within this amount of its training error (Vapnik 1998, for
    :math:`m \ge d`). For a network of W weights with sigmoid or tanh units the VC
    dimension is at most :math:`O(W^4)` (Karpinski & Macintyre 1997) and can be as
    large as :math:`\Omega(W^2)` (Koiran & Sontag 1997, a lower bound); with
    threshold units it is :math:`\Theta(W \log W)`.

    References
    ----------
    Vapnik (1998), *Statistical Learning Theory*, Wiley. Karpinski & Macintyre
    (1997), J. Comput. Syst. Sci. 54, 169-176. Koiran & Sontag (1997), J. Comput.
    Syst. Sci. 54, 190-198.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.vc_generalization_bound(294, 3482), 3)
    0.594
    """
    d = _ib_positive(vc_dim, "vc_dim")
    m, delta = _ib_check_m_delta(m, delta)
    return math.sqrt((d * (math.log(2.0 * m / d) + 1.0) + math.log(4.0 / delta)) / m)


def input_compression_bound(i_xt, m, delta=0.05, base=2):
    r"""Shwartz-Ziv & Tishby's input-compression bound on the generalization gap.

    Parameters
    ----------
    i_xt : float or array_like
        :math:`I(X;T)` of the representation, in units of ``base``.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence level.
    base : float, default 2
        Unit of ``i_xt`` (2: bits).

    Returns
    -------
    float or numpy.ndarray
        :math:`\epsilon = \sqrt{\big(2^{I(X;T)} \ln 2 + \ln(1/\delta)\big)/(2m)}`, with
        :math:`I(X;T)` in bits; at least 1 means vacuous.

    Raises
    ------
    ValueError
        If ``i_xt`` is negative or not finite, or ``m``/``delta`` is invalid.

    Notes
    -----
    If T partitions the input space into cells that are homogeneous in the label,
    a classifier built on T is a labelling of the cells: :math:`|\mathcal H| =
    2^{|T|}` and :math:`\ln |\mathcal H| = |T| \ln 2`. Counting cells by
    :math:`|T| \approx 2^{H(X)}/2^{H(X \mid T)} = 2^{I(X;T)}` and putting this in the
    finite-class bound gives the formula above. Shwartz-Ziv & Tishby (2017) write it
    as :math:`\epsilon^2 < (2^{I(T;X)} + \log(1/\delta))/(2m)`, without the factor
    :math:`\ln 2`. Two caveats make it a heuristic rather than a theorem: the
    partition is chosen by training on the same data, and :math:`2^{I(X;T)}` counts
    typical cells, not all of them.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810, section 2.4.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.input_compression_bound(12.0, 3482), 3)
    0.64
    >>> round(it.input_compression_bound(2.0, 3482), 3)
    0.029
    """
    m, delta = _ib_check_m_delta(m, delta)
    arr = np.asarray(i_xt, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("i_xt must be finite and non-negative")
    bits = arr * (log_base(base) / math.log(2.0))
    eps = np.sqrt((np.exp2(bits) * math.log(2.0) + math.log(1.0 / delta)) / (2.0 * m))
    return float(eps) if eps.ndim == 0 else eps


# ----------------------------------------------------------------------------- PAC-Bayes


def binary_kl(q, p, base=2):
    r"""Binary KL divergence :math:`\mathrm{kl}(q \,\|\, p)` between Bernoulli(q) and Bernoulli(p).

    Parameters
    ----------
    q, p : float or array_like
        Probabilities in [0, 1]; broadcast against each other.
    base : float, default 2
        Logarithm base (2: bits, ``math.e``: nats).

    Returns
    -------
    float or numpy.ndarray
        :math:`q \log\frac{q}{p} + (1-q)\log\frac{1-q}{1-p}` in units of ``base``;
        ``inf`` where p is 0 or 1 and q differs from it. A float for scalar input.

    Raises
    ------
    ValueError
        If a probability is outside [0, 1] or ``base`` is invalid.

    Examples
    --------
    >>> import itlab as it
    >>> it.binary_kl(0.5, 0.5)
    0.0
    >>> round(it.binary_kl(0.0, 0.5), 12)  # log 2 = 1 bit
    1.0
    """
    qa = check_probability(q, "q")
    pa = check_probability(p, "p")
    value = _binary_kl_nats(*np.broadcast_arrays(qa, pa)) / log_base(base)
    return float(value) if np.ndim(value) == 0 else value


def _binary_kl_nats(q, p):
    q, p = np.asarray(q, float), np.asarray(p, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(q > 0, xlogy(q, q) - xlogy(q, p), 0.0)
        b = np.where(q < 1, xlogy(1 - q, 1 - q) - xlogy(1 - q, 1 - p), 0.0)
    return np.where(np.isnan(a + b), np.inf, a + b)


def binary_kl_inverse(q, c, base=2):
    r"""Upper inverse of the binary KL: the largest p >= q with :math:`\mathrm{kl}(q\|p) \le c`.

    Parameters
    ----------
    q : float or array_like
        Empirical risk(s) in [0, 1].
    c : float or array_like
        Budget(s) :math:`c \ge 0`, in units of ``base``; broadcast against ``q``.
    base : float, default 2
        Unit of ``c`` (2: bits, ``math.e``: nats).

    Returns
    -------
    float or numpy.ndarray
        :math:`\mathrm{kl}^{-1}(q, c) = \sup\{p \in [q, 1] : \mathrm{kl}(q\|p) \le c\}`.

    Raises
    ------
    ValueError
        If ``q`` is outside [0, 1], ``c`` is negative or NaN, or ``base`` is invalid.

    Notes
    -----
    :math:`p \mapsto \mathrm{kl}(q\|p)` increases on :math:`[q, 1]`, so the inverse
    is found by bisection, vectorised over all inputs: 100 halvings of
    :math:`[q, 1]` (to the last bit of a double). It is never above
    :math:`q + \sqrt{c/2}` (c in nats), Pinsker's inequality, and much smaller when
    q is small: :math:`\mathrm{kl}^{-1}(0, c) = 1 - e^{-c}`. For c near 0 the binary
    kl cancels to first order in p - q, so the result is resolved to about 1e-8
    (``c = 0`` returns q exactly).

    References
    ----------
    Langford & Seeger (2001), "Bounds for averaging classifiers", CMU-CS-01-102;
    Dziugaite & Roy (2017), appendix B.

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> round(it.binary_kl_inverse(0.0, 1.0, base=math.e), 12) == round(1 - math.exp(-1), 12)
    True
    """
    qa = check_probability(q, "q")
    ca = _as_float_array(c, "c")
    if np.any(np.isnan(ca)) or np.any(ca < 0):
        raise ValueError("c must be non-negative (a KL budget)")
    qa, ca = np.broadcast_arrays(qa, ca * log_base(base))
    lo, hi = qa.astype(float).copy(), np.ones(qa.shape)
    at_one = _binary_kl_nats(qa, hi) <= ca
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        ok = _binary_kl_nats(qa, mid) <= ca
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    result = np.where(at_one, 1.0, np.where(ca == 0, qa, lo))
    return float(result) if result.ndim == 0 else result


def pac_bayes_bound(empirical_risk, kl, m, delta=0.05, *, kind="kl", base=2):
    r"""PAC-Bayes upper bound on the risk of a stochastic classifier Q.

    Parameters
    ----------
    empirical_risk : float or array_like
        :math:`\hat e_S(Q)`, the training error of the stochastic classifier (the
        0-1 loss averaged over draws of the weights from Q), in [0, 1].
    kl : float or array_like
        :math:`D(Q\|P)` from the posterior Q to a prior P chosen before seeing the
        data, in units of ``base``.
    m : float
        Number of training examples (m >= 2).
    delta : float, default 0.05
        The bound holds with probability at least ``1 - delta`` over the sample.
    kind : {"kl", "mcallester"}, default "kl"
        ``"kl"``: the Langford--Seeger form, inverted exactly; ``"mcallester"``:
        its square-root relaxation.
    base : float, default 2
        Unit of ``kl`` (2: bits, ``math.e``: nats).

    Returns
    -------
    float or numpy.ndarray
        An upper bound on :math:`e(Q)`, the expected error of Q on fresh data. The
        ``"kl"`` bound never exceeds 1; the ``"mcallester"`` one may (vacuous).

    Raises
    ------
    ValueError
        If ``empirical_risk`` is outside [0, 1], ``kl`` is negative or NaN, ``m`` < 2,
        ``delta`` is not in (0, 1), ``kind`` is unknown or ``base`` is invalid.

    Notes
    -----
    For any prior P fixed before the data, with probability at least
    :math:`1-\delta` over the sample S of m examples, simultaneously for all Q
    (McAllester 1999; Langford & Seeger 2001; in the form used by Dziugaite & Roy
    2017),

    .. math::
        \mathrm{kl}\big(\hat e_S(Q) \,\|\, e(Q)\big) \le
        \frac{D(Q\|P) + \ln(m/\delta)}{m - 1},

    with KL in nats, so :math:`e(Q) \le \mathrm{kl}^{-1}(\hat e_S(Q), \text{rhs})`
    (:func:`binary_kl_inverse`). Maurer (2004) proves the slightly sharper right-hand
    side :math:`(D(Q\|P) + \ln(2\sqrt m/\delta))/m` (m >= 8); the (m - 1) form is kept
    here so that results compare with Dziugaite & Roy's. Pinsker's inequality
    :math:`\mathrm{kl}(q\|p) \ge 2(p-q)^2` gives the weaker McAllester form

    .. math:: e(Q) \le \hat e_S(Q) + \sqrt{\frac{D(Q\|P) + \ln(m/\delta)}{2(m-1)}}.

    References
    ----------
    McAllester (1999), "PAC-Bayesian model averaging", COLT; Langford & Seeger
    (2001), CMU-CS-01-102; Dziugaite & Roy (2017), "Computing nonvacuous
    generalization bounds for deep (stochastic) neural networks with many more
    parameters than training data", UAI, arXiv:1703.11008.

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> # with zero training error and KL: 1 - exp(-ln(10010) / 1000)
    >>> round(it.pac_bayes_bound(0.0, 0.0, 1001, delta=0.1, base=math.e), 6)
    0.009169
    >>> round(it.pac_bayes_bound(0.1, 5000.0, 1000, kind="mcallester"), 3)  # vacuous
    1.419
    """
    if kind not in ("kl", "mcallester"):
        raise ValueError(f"kind must be 'kl' or 'mcallester', got {kind!r}")
    q = check_probability(empirical_risk, "empirical_risk")
    k = _as_float_array(kl, "kl")
    if np.any(np.isnan(k)) or np.any(k < 0):
        raise ValueError("kl must be non-negative (a KL divergence)")
    if isinstance(m, bool) or not np.isscalar(m) or not np.isfinite(m) or m < 2:
        raise ValueError(f"m must be a number of examples >= 2, got {m!r}")
    delta = float(delta)
    if not 0 < delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta}")
    rhs = (k * log_base(base) + math.log(m / delta)) / (m - 1.0)  # nats
    if kind == "kl":
        return binary_kl_inverse(q, rhs, base=math.e)
    value = q + np.sqrt(rhs / 2.0)
    return float(value) if np.ndim(value) == 0 else value
