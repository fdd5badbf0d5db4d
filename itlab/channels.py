"""Channel capacity and rate–distortion: the two extremal problems of Shannon theory.

A *channel* is a conditional pmf given as a row-stochastic matrix ``W[x, y] = p(y | x)``.
Its capacity is the largest mutual information any input distribution can push
through it; the rate–distortion function of a source is the smallest mutual
information a reproduction needs to stay within a given average distortion. Both
are convex programs that the Blahut–Arimoto algorithm solves by alternating
maximisation (or minimisation), and both come with computable bounds that say how
far an iterate is from the optimum; the functions here stop on those bounds, so a
returned value is certified to the stated tolerance.

For Gaussian channels the answers are closed forms: ``gaussian_capacity`` for one
channel, ``water_filling`` for parallel channels under a total power budget, and
``linear_layer_capacity`` for a linear layer ``y = W x + noise`` seen through the
singular value decomposition of its weight matrix. Its rate–distortion twin,
``reverse_water_filling``, shares a distortion budget over independent Gaussian
sources.

Results are in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import xlogy

from ._validation import (
    _as_float_array,
    check_finite_nonnegative,
    check_pmf,
    check_positive_int,
    check_real,
    log_base,
)

__all__ = [
    "ConvergenceWarning",
    "channel_capacity",
    "capacity_bounds",
    "capacity_trace",
    "gaussian_capacity",
    "water_filling",
    "linear_layer_capacity",
    "reverse_water_filling",
    "rate_distortion",
    "rate_distortion_curve",
]

#: Relative tolerance for each row of a channel matrix to sum to one (as for a pmf).
_ROW_RTOL = 1e-6


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at ``max_iter`` before its certified gap fell below ``tol``."""


# ------------------------------------------------------------------ validation


def _check_channel(W, name="W"):
    """Return ``W`` as a float array after checking it is a row-stochastic 2-D matrix."""
    arr = _as_float_array(W, name)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array W[x, y] = p(y|x), got shape {arr.shape}")
    check_finite_nonnegative(arr, name)
    rows = arr.sum(axis=1)
    bad = np.flatnonzero(np.abs(rows - 1.0) > _ROW_RTOL)
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"each row of {name} must be a pmf p(y|x) summing to 1 (within 1e-6), "
            f"but row {i} sums to {rows[i]:.10g}"
        )
    return arr


def _check_tol(tol):
    return check_real(tol, "tol", minimum=0.0, strict=True)


# ------------------------------------------------------------------ capacity


def _divergences(W, q, negH):
    """D(W(.|x) || q) in nats for every row x (``+inf`` where W(y|x) > 0 = q(y))."""
    pos = q > 0
    logq = np.log(q, where=pos, out=np.zeros_like(q))
    d = negH - W @ logq
    if not pos.all():
        d = np.where((W[:, ~pos] > 0).any(axis=1), np.inf, d)
    return d


def _ba_capacity(W, tol_nats, max_iter, accelerate=True):
    """Blahut–Arimoto for capacity. Yields (p, lower, upper) in nats for each iterate p.

    The update is p <- p exp(mu D) / normaliser. Plain Blahut–Arimoto is mu = 1, which
    never lowers I(p; W). With ``accelerate`` the step mu doubles after each step
    that raises I(p; W) and falls back towards 1 when a longer step would lower it:
    nearly useless or nearly degenerate channels, where plain steps crawl, then
    converge in a few hundred iterations instead of hundreds of thousands.
    """
    negH = xlogy(W, W).sum(axis=1)  # sum_y W log W, row by row

    def evaluate(p):
        d = _divergences(W, p @ W, negH)
        return d, float(p[p > 0] @ d[p > 0])  # D(W(.|x) || pW) and I(p; W)

    p = np.full(W.shape[0], 1.0 / W.shape[0])
    d, lower = evaluate(p)
    mu = 1.0
    for _ in range(max_iter):
        upper = float(d.max())  # max_x D(W(.|x) || pW)
        yield p, lower, upper
        if upper - lower < tol_nats:
            return
        finite = np.isfinite(d)
        step = np.where(finite, d - d[finite].max(), 0.0)
        while True:
            p_new = p * np.exp(mu * step)
            p_new /= p_new.sum()
            d_new, lower_new = evaluate(p_new)
            if mu == 1.0 or lower_new >= lower:
                break
            mu = max(1.0, 0.5 * mu)
        p, d, lower = p_new, d_new, lower_new
        if accelerate:
            mu = min(2.0 * mu, 1e8)


def channel_capacity(W, base=2, tol=1e-10, *, max_iter=100_000):
    r"""Capacity of a discrete memoryless channel by the Blahut–Arimoto algorithm.

    Parameters
    ----------
    W : array_like, shape (nx, ny)
        Channel matrix ``W[x, y] = p(y | x)``; every row must be a pmf.
    base : float, default 2
        Logarithm base: 2 gives bits per channel use, ``math.e`` nats.
    tol : float, default 1e-10
        Certified accuracy, in units of ``base``: iteration stops when the upper and
        lower bounds of the Notes are within ``tol`` of each other.
    max_iter : int, default 100000
        Most iterations; if the bounds are still further apart than ``tol`` a
        :class:`ConvergenceWarning` names the gap, and the lower bound is returned.

    Returns
    -------
    capacity : float
        :math:`C = \max_p I(p; W)` in units of ``base`` (the lower bound
        :math:`I(p; W)` of the final iterate, within ``tol`` of :math:`C`).
    input_pmf : numpy.ndarray, shape (nx,)
        The input distribution ``p`` that attains ``capacity``.

    Raises
    ------
    ValueError
        If ``W`` is not 2-D, is empty, has a negative, NaN or infinite entry, or a row
        that does not sum to 1 (the message names ``W`` and the row); if ``tol`` is
        not positive; or if ``base`` is invalid.
    TypeError
        If ``max_iter`` is not an integer.

    Warns
    -----
    ConvergenceWarning
        When ``max_iter`` iterations do not certify ``tol``.

    Notes
    -----
    Starting from the uniform input, each step computes the output law
    :math:`q = pW` and the divergences :math:`D_x = D(W(\cdot|x) \,\|\, q)`, then
    reweights :math:`p(x) \leftarrow p(x)\, e^{D_x} / \sum_{x'} p(x') e^{D_{x'}}`.
    For every input pmf ``p``,

    .. math:: I(p; W) = \sum_x p(x) D_x \;\le\; C \;\le\; \max_x D_x,

    (the right-hand bound holds because :math:`C = \min_q \max_x D(W(\cdot|x)\|q)`),
    and both bounds converge to :math:`C`. The optimal input gives every used
    input the same divergence :math:`D_x = C` (Kuhn–Tucker conditions).

    Each step costs two matrix–vector products, :math:`O(n_x n_y)`. Plain steps
    crawl on nearly useless channels (all rows alike), so the exponent is
    lengthened to :math:`\mu D_x` while that keeps raising :math:`I(p; W)`, and
    shortened back towards the plain step (:math:`\mu = 1`, which never lowers it)
    when it would not; :func:`capacity_trace` shows the plain iteration.

    References
    ----------
    Blahut (1972), "Computation of channel capacity and rate-distortion functions",
    IEEE Transactions on Information Theory 18(4).
    Arimoto (1972), "An algorithm for computing the capacity of arbitrary discrete
    memoryless channels", IEEE Transactions on Information Theory 18(1).
    Cover & Thomas (2006), Elements of Information Theory, 2nd ed., section 10.8.

    Examples
    --------
    >>> import itlab as it
    >>> c, p = it.channel_capacity([[0.9, 0.1], [0.1, 0.9]])  # binary symmetric
    >>> round(c, 6), p.round(3)
    (0.531004, array([0.5, 0.5]))
    >>> c, p = it.channel_capacity([[1.0, 0.0], [0.5, 0.5]])  # Z channel
    >>> round(c, 6), p.round(6)
    (0.321928, array([0.6, 0.4]))
    """
    Wa = _check_channel(W, "W")
    ln_base = log_base(base)
    tol_nats = _check_tol(tol) * ln_base
    max_iter = check_positive_int(max_iter, "max_iter")
    for p, lower, upper in _ba_capacity(Wa, tol_nats, max_iter):  # noqa: B007 (last values)
        pass
    if upper - lower >= tol_nats:
        warnings.warn(
            f"channel_capacity: Blahut-Arimoto did not reach tol={tol:g} in max_iter={max_iter} "
            f"iterations; capacity lies in [{lower / ln_base:.12g}, {upper / ln_base:.12g}]",
            ConvergenceWarning,
            stacklevel=2,
        )
    return max(lower, 0.0) / ln_base, p.copy()


def capacity_bounds(W, input_pmf, base=2):
    r"""Lower and upper bounds on the capacity of ``W`` from any input distribution.

    Parameters
    ----------
    W : array_like, shape (nx, ny)
        Channel matrix ``W[x, y] = p(y | x)``.
    input_pmf : array_like, shape (nx,)
        Any input distribution ``p``.
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    lower, upper : float
        :math:`I(p; W) \le C \le \max_x D(W(\cdot|x) \,\|\, pW)`, in units of
        ``base``. The upper bound is ``inf`` when ``p`` leaves an output that some
        input can produce with probability zero.

    Raises
    ------
    ValueError
        If ``W`` is not a channel matrix, ``input_pmf`` is not a pmf of length
        ``nx``, or ``base`` is invalid.

    Notes
    -----
    The upper bound follows from :math:`C = \min_q \max_x D(W(\cdot|x) \| q)`
    evaluated at the output law :math:`q = pW`; the two bounds meet exactly at a
    capacity-achieving ``p``.

    Examples
    --------
    >>> import itlab as it
    >>> lo, hi = it.capacity_bounds([[1.0, 0.0], [0.5, 0.5]], [0.5, 0.5])
    >>> round(lo, 4), round(hi, 4)
    (0.3113, 0.415)
    """
    Wa = _check_channel(W, "W")
    p = check_pmf(input_pmf, "input_pmf", ndim=1)
    if p.shape[0] != Wa.shape[0]:
        raise ValueError(f"input_pmf has length {p.shape[0]} but W has {Wa.shape[0]} rows (inputs)")
    d = _divergences(Wa, p @ Wa, xlogy(Wa, Wa).sum(axis=1))
    lower = float(p[p > 0] @ d[p > 0])
    ln_base = log_base(base)
    return max(lower, 0.0) / ln_base, float(d.max()) / ln_base


def capacity_trace(W, n_iter=50, base=2):
    """The certified bounds of the first ``n_iter`` Blahut–Arimoto iterates.

    Parameters
    ----------
    W : array_like, shape (nx, ny)
        Channel matrix ``W[x, y] = p(y | x)``.
    n_iter : int, default 50
        Number of iterates, starting from the uniform input.
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    lower, upper : numpy.ndarray, shape (n_iter,)
        ``lower[k]`` is :math:`I(p_k; W)` and ``upper[k]`` is
        :math:`\\max_x D(W(\\cdot|x) \\| p_k W)` for the k-th iterate. The arrays are
        shorter than ``n_iter`` if the bounds meet exactly (to rounding) earlier.

    Raises
    ------
    ValueError
        If ``W`` is not a channel matrix, ``n_iter < 1``, or ``base`` is invalid.

    Examples
    --------
    >>> import itlab as it
    >>> lo, hi = it.capacity_trace([[1.0, 0.0], [0.5, 0.5]], n_iter=3)
    >>> bool((lo <= hi).all()) and bool(lo[-1] <= 0.3219280949 <= hi[-1])
    True
    """
    Wa = _check_channel(W, "W")
    n_iter = check_positive_int(n_iter, "n_iter")
    ln_base = log_base(base)
    steps = [(lo, hi) for _, lo, hi in _ba_capacity(Wa, 0.0, n_iter, accelerate=False)]
    lower, upper = np.array(steps).T
    return np.maximum(lower, 0.0) / ln_base, upper / ln_base


# ------------------------------------------------------------------ Gaussian channels


def gaussian_capacity(snr, base=2):
    r"""Capacity :math:`\tfrac12 \log(1 + \mathrm{snr})` of the additive Gaussian noise channel.

    Parameters
    ----------
    snr : float or array_like
        Signal-to-noise ratio :math:`P / \sigma^2` (a power ratio, not decibels);
        non-negative. ``inf`` gives ``inf``.
    base : float, default 2
        Logarithm base: 2 gives bits per (real) channel use.

    Returns
    -------
    float or numpy.ndarray
        A float for a scalar ``snr``, an array of its shape otherwise.

    Raises
    ------
    ValueError
        If an entry of ``snr`` is negative or NaN, or ``base`` is invalid.

    Notes
    -----
    For :math:`Y = X + N` with :math:`N \sim \mathcal N(0, \sigma^2)` and
    :math:`\mathbb E X^2 \le P`, the Gaussian input :math:`X \sim \mathcal N(0, P)`
    maximises :math:`I(X;Y) = h(Y) - h(N)`, giving

    .. math:: C = \tfrac12 \log\!\left(1 + \frac{P}{\sigma^2}\right).

    References
    ----------
    Shannon (1948), "A mathematical theory of communication", Bell System
    Technical Journal 27. Cover & Thomas (2006), chapter 9.

    Examples
    --------
    >>> import itlab as it
    >>> it.gaussian_capacity(3.0)
    1.0
    >>> it.gaussian_capacity([0.0, 15.0])
    array([0., 2.])
    """
    arr = _as_float_array(snr, "snr")
    if np.any(np.isnan(arr)):
        raise ValueError("snr contains NaN entries")
    if np.any(arr < 0):
        raise ValueError(f"snr must be non-negative, got min {arr.min():.3g}")
    value = 0.5 * np.log1p(arr) / log_base(base)
    if value.ndim == 0:
        return float(value)
    return value


def _water_fill(noise, power):
    """Exact water-filling: powers (same order as ``noise``) and the water level."""
    order = np.argsort(noise, kind="stable")
    ns = noise[order]
    levels = (power + np.cumsum(ns)) / np.arange(1, ns.size + 1)
    # Active sets are prefixes of the sorted noise: level_k > n_(k) holds for k <= k*.
    k = int(np.count_nonzero(levels > ns))
    level = float(levels[k - 1]) if k else float(ns[0])
    return np.maximum(level - noise, 0.0), level


def water_filling(noise, power, base=2):
    r"""Optimal power allocation over parallel Gaussian channels, and their capacity.

    Parameters
    ----------
    noise : array_like, shape (n,)
        Noise power (variance) :math:`N_i > 0` of each channel.
    power : float
        Total power budget :math:`P \ge 0`, shared by all channels.
    base : float, default 2
        Logarithm base: 2 gives bits per use of the n channels together.

    Returns
    -------
    powers : numpy.ndarray, shape (n,)
        Power :math:`P_i = (\mu - N_i)^+` given to each channel, in the order of
        ``noise``; they sum to ``power``.
    capacity : float
        :math:`\sum_i \tfrac12 \log(1 + P_i / N_i)` in units of ``base``.

    Raises
    ------
    ValueError
        If ``noise`` is not a non-empty 1-D array of positive finite numbers, if
        ``power`` is negative or not finite, or ``base`` is invalid.
    TypeError
        If ``power`` is not a real number.

    Notes
    -----
    Maximising :math:`\sum_i \tfrac12\log(1 + P_i/N_i)` subject to
    :math:`\sum_i P_i = P`, :math:`P_i \ge 0` (Kuhn–Tucker) pours power like water
    into a vessel whose floor has height :math:`N_i`: :math:`P_i = (\mu - N_i)^+`,
    with the water level :math:`\mu` chosen so the powers use the whole budget.
    The level is found exactly: sort the noise, and for the k quietest channels
    the level that spends the budget is :math:`\mu_k = (P + \sum_{i \le k} N_{(i)})/k`;
    the active set is the largest k with :math:`\mu_k > N_{(k)}`. Cost
    :math:`O(n \log n)`.

    References
    ----------
    Cover & Thomas (2006), Elements of Information Theory, section 9.4.

    Examples
    --------
    >>> import itlab as it
    >>> powers, c = it.water_filling([1.0, 2.0, 3.0], 2.0)
    >>> powers
    array([1.5, 0.5, 0. ])
    >>> round(c, 6)
    0.821928
    """
    n = _as_float_array(noise, "noise")
    if n.ndim != 1 or n.size == 0:
        raise ValueError(
            f"noise must be a non-empty 1-D array of noise powers, got shape {n.shape}"
        )
    if not np.all(np.isfinite(n)):
        raise ValueError("noise contains NaN or infinite entries")
    if np.any(n <= 0):
        raise ValueError(f"noise powers must be positive, got min {n.min():.3g}")
    P = check_real(power, "power", minimum=0.0)
    powers, _ = _water_fill(n, P)
    capacity = 0.5 * float(np.log1p(powers / n).sum()) / log_base(base)
    return powers, capacity


def linear_layer_capacity(weight, noise_var, power, base=2):
    r"""Capacity of a linear layer with additive Gaussian noise, :math:`y = W x + n`.

    Parameters
    ----------
    weight : array_like, shape (n_out, n_in)
        Weight matrix :math:`W` (PyTorch's ``nn.Linear.weight`` layout).
    noise_var : float
        Variance :math:`\sigma^2 > 0` of each output's independent Gaussian noise.
    power : float
        Input power budget :math:`\mathbb E \|x\|^2 \le P`, with :math:`P \ge 0`.
    base : float, default 2
        Logarithm base: 2 gives bits per use of the layer (per input vector).

    Returns
    -------
    capacity : float
        :math:`C = \max_{\operatorname{tr} K \le P} \tfrac12 \log\det(I + W K W^\top/\sigma^2)`
        in units of ``base``.
    powers : numpy.ndarray, shape (min(n_out, n_in),)
        Power given to each singular mode, in the order of
        ``numpy.linalg.svd(weight)`` (largest singular value first); modes with a
        zero singular value get none. The optimal input covariance is
        :math:`K = V \operatorname{diag}(\text{powers}) V^\top` with :math:`V` the right
        singular vectors.

    Raises
    ------
    ValueError
        If ``weight`` is not a non-empty 2-D array of finite numbers, ``noise_var``
        is not positive and finite, ``power`` is negative or not finite, or ``base``
        is invalid.
    TypeError
        If ``noise_var`` or ``power`` is not a real number.

    Notes
    -----
    With :math:`W = U \Sigma V^\top`, rotating input and output by the orthogonal
    :math:`V` and :math:`U` (which changes neither the power nor the white noise)
    splits the layer into independent Gaussian channels
    :math:`\tilde y_i = \sigma_i \tilde x_i + \tilde n_i`, that is channels with
    noise :math:`\sigma^2 / \sigma_i^2` per unit of input power. Water-filling over
    them gives

    .. math:: C = \sum_i \tfrac12 \log\!\left(1 + \frac{P_i\, \sigma_i^2}{\sigma^2}\right),
              \qquad P_i = \left(\mu - \frac{\sigma^2}{\sigma_i^2}\right)^{+},
              \quad \sum_i P_i = P.

    It depends on :math:`W` only through its singular values, so it is invariant
    under :math:`W \mapsto Q_1 W Q_2` for orthogonal :math:`Q_1, Q_2`. Summing
    :math:`\tfrac12 \log(1 + \sigma_i^2/\sigma^2)` over modes instead, as if each
    mode had its own unit of power, ignores the budget: it lets the "capacity"
    grow with the number of modes at no cost.

    References
    ----------
    Telatar (1999), "Capacity of multi-antenna Gaussian channels", European
    Transactions on Telecommunications 10(6). Cover & Thomas (2006), section 9.4.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> c, powers = it.linear_layer_capacity(np.diag([2.0, 1.0]), noise_var=1.0, power=1.0)
    >>> powers
    array([0.875, 0.125])
    >>> round(c, 4)
    1.1699
    """
    Wm = _as_float_array(weight, "weight")
    if Wm.ndim != 2 or Wm.size == 0:
        raise ValueError(
            f"weight must be a non-empty 2-D array (n_out, n_in), got shape {Wm.shape}"
        )
    if not np.all(np.isfinite(Wm)):
        raise ValueError("weight contains NaN or infinite entries")
    s2 = check_real(noise_var, "noise_var", minimum=0.0, strict=True)
    P = check_real(power, "power", minimum=0.0)
    sv = np.linalg.svd(Wm, compute_uv=False)
    rank_tol = sv.max(initial=0.0) * max(Wm.shape) * np.finfo(float).eps
    live = sv > rank_tol
    powers = np.zeros_like(sv)
    if live.any():
        powers[live], _ = _water_fill(s2 / sv[live] ** 2, P)
    capacity = 0.5 * float(np.log1p(powers * sv**2 / s2).sum()) / log_base(base)
    return capacity, powers


def reverse_water_filling(variances, distortion, base=2):
    r"""Rate–distortion of independent Gaussian sources under a total squared-error budget.

    Parameters
    ----------
    variances : array_like, shape (n,)
        Variance :math:`\sigma_i^2 > 0` of each independent Gaussian component.
    distortion : float
        Total mean squared error allowed, :math:`D = \sum_i \mathbb E (X_i - \hat X_i)^2
        \ge 0`.
    base : float, default 2
        Logarithm base: 2 gives bits per source vector.

    Returns
    -------
    distortions : numpy.ndarray, shape (n,)
        Distortion :math:`D_i = \min(\theta, \sigma_i^2)` of each component, in the
        order of ``variances``. They sum to ``distortion``, or to
        :math:`\sum_i \sigma_i^2` when ``distortion`` exceeds it (then every
        component is sent as its mean and the rate is 0).
    rate : float
        :math:`R(D) = \sum_i \tfrac12 \log(\sigma_i^2 / D_i)` in units of ``base``;
        ``inf`` when ``distortion`` is 0 (a continuous source is not described
        exactly with finitely many bits).

    Raises
    ------
    ValueError
        If ``variances`` is not a non-empty 1-D array of positive finite numbers,
        if ``distortion`` is negative or not finite, or ``base`` is invalid.
    TypeError
        If ``distortion`` is not a real number.

    Notes
    -----
    Minimising :math:`\sum_i \tfrac12 \log^+(\sigma_i^2/D_i)` subject to
    :math:`\sum_i D_i = D` (Kuhn–Tucker) gives every component the same distortion
    :math:`\theta`, except those whose variance lies below :math:`\theta`, which
    are not described at all (:math:`D_i = \sigma_i^2`):

    .. math:: D_i = \min(\theta, \sigma_i^2), \qquad \sum_i D_i = D, \qquad
              R(D) = \sum_i \tfrac12 \log \frac{\sigma_i^2}{D_i}.

    It is water-filling turned upside down: the variances are the landscape and
    the water level :math:`\theta` is the distortion. The level is found exactly:
    with the variances sorted, :math:`\sum_i \min(\theta, \sigma_i^2)` is linear in
    :math:`\theta` between consecutive variances. Cost :math:`O(n \log n)`.

    References
    ----------
    Cover & Thomas (2006), *Elements of Information Theory*, 2nd ed., theorem 10.3.3.

    Examples
    --------
    >>> import itlab as it
    >>> d, r = it.reverse_water_filling([4.0, 1.0, 0.25], 1.25)
    >>> d  # theta = 0.5; the smallest component is not described
    array([0.5 , 0.5 , 0.25])
    >>> r  # 0.5 log2(4 / 0.5) + 0.5 log2(1 / 0.5)
    2.0
    """
    v = _as_float_array(variances, "variances")
    if v.ndim != 1 or v.size == 0:
        raise ValueError(f"variances must be a non-empty 1-D array, got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("variances contains NaN or infinite entries")
    if np.any(v <= 0):
        raise ValueError(f"variances must be positive, got min {v.min():.3g}")
    D = check_real(distortion, "distortion", minimum=0.0)
    ln_base = log_base(base)
    if D == 0.0:
        return np.zeros_like(v), math.inf
    if D >= v.sum():
        return v.copy(), 0.0
    vs = np.sort(v)
    n = vs.size
    below = np.concatenate([[0.0], np.cumsum(vs)[:-1]])  # sum of the k smallest, k = 0..n-1
    # total distortion when theta equals the k-th smallest variance: increasing in k
    at_knots = below + vs * (n - np.arange(n))
    k = int(np.count_nonzero(at_knots <= D))  # the k smallest components are not described
    theta = (D - below[k]) / (n - k) if k < n else vs[-1]
    d = np.minimum(theta, v)
    rate = 0.5 * float(np.log(v / d).sum()) / ln_base
    return d, rate


# ------------------------------------------------------------------ rate–distortion


def _check_source(px, distortion):
    p = check_pmf(px, "px", ndim=1)
    d = _as_float_array(distortion, "distortion")
    if d.ndim != 2:
        raise ValueError(f"distortion must be a 2-D array d[x, x_hat], got shape {d.shape}")
    if d.shape[0] != p.shape[0] or d.shape[1] == 0:
        raise ValueError(
            f"distortion must have one row per source symbol: px has length {p.shape[0]}, "
            f"distortion has shape {d.shape}"
        )
    if not np.all(np.isfinite(d)):
        raise ValueError("distortion contains NaN or infinite entries")
    if np.any(d < 0):
        raise ValueError(f"distortion must be non-negative, got min {d.min():.3g}")
    return p, d


class _RDProblem:
    """A validated source and distortion matrix, with the Blahut–Arimoto solver for R(D).

    Source symbols of probability zero are dropped: they change neither rate nor
    distortion. All rates are in nats.
    """

    def __init__(self, px, d, tol_nats, max_iter):
        keep = px > 0
        self.px, self.d = px[keep], d[keep]
        self.tol, self.max_iter = tol_nats, max_iter
        dmin_x = self.d.min(axis=1)  # best reproduction of each source symbol
        self.dmin = float(self.px @ dmin_x)  # D_min: below it no reproduction will do
        self.dmax = float((self.px @ self.d).min())  # D_max: best constant reproduction
        self.shifted = self.d - dmin_x[:, None]  # a row shift cancels in Q(x_hat|x)
        self.q = np.full(d.shape[1], 1.0 / d.shape[1])
        self.gap = 0.0  # largest gap left by a final (not a search) solve

    def solve(self, s, tol, max_iter):
        """Blahut–Arimoto at slope ``s`` (``inf``: the limit of only best reproductions).

        Warm-starts from the last solution. Returns ``(D, rate, gap)``: the distortion
        and mutual information I(p, Q) of the final test channel Q, and the certified
        gap, so that ``rate - gap <= R(D) <= rate``.
        """
        px = self.px
        if math.isinf(s):
            A = (self.shifted <= 0).astype(float)
        else:
            A = np.exp(-s * self.shifted)
        # A warm start keeps the zeros of q forever: give every reproduction some mass.
        q = self.q + 1e-9 / self.q.size
        q /= q.sum()
        for k in range(1, max_iter + 1):
            Z = A @ q
            c = A.T @ (px / Z)  # the next iterate is q * c, already normalised
            q_next = q * c
            if k % 8 == 0 or k == max_iter:  # the certificate costs as much as a step
                used = q_next > 0
                log_c = np.log(c[used])
                gap = math.log(c.max()) - float(q_next[used] @ log_c)
                if gap < tol or k == max_iter:
                    break
                # A reproduction that the iterate once starved (q underflows) but now
                # wants (c > 1) would take thousands of steps to regrow: revive it.
                q_next = np.where((c > 1.0) & (q_next < 1e-12), 1e-12, q_next)
            q = q_next / q_next.sum()
        self.q = q_next / q_next.sum()
        # The test channel Q(x_hat|x) = q(x_hat) A(x, x_hat) / Z(x) of the current q:
        # I(p, Q) = sum p Q log A - sum p log Z - sum q_next log c, where the first
        # term is -s (D - D_min) (zero in the limit s = inf, where log A = 0 on Q's support).
        D = float(px @ (((q * A) / Z[:, None]) * self.d).sum(axis=1))
        rate = -float(px @ np.log(Z)) - float(q_next[used] @ log_c)
        if not math.isinf(s):
            rate -= s * (D - self.dmin)
        return D, max(rate, 0.0), gap

    def final(self, s):
        D_s, rate, gap = self.solve(s, self.tol, self.max_iter)
        self.gap = max(self.gap, gap)
        return D_s, rate

    def search(self, D, t_guess, close):
        """Find t = log s with |D_s - D| <= close, by cheap warm-started solves."""
        tol, n_iter = max(self.tol, 1e-8), min(self.max_iter, 400)

        def f(t):
            return self.solve(math.exp(t), tol, n_iter)[0] - D

        # D_s falls from D_max (small s) to D_min (large s): walk t until f changes sign.
        a, fa, step = t_guess, f(t_guess), 0.25
        if abs(fa) <= close:
            return a
        while True:
            b = a + (step if fa > 0 else -step)
            fb = f(b)
            if abs(fb) <= close:
                return b
            if (fa > 0) != (fb > 0):
                break
            a, fa, step = b, fb, 2.0 * step
            if abs(a) > 1e3:
                raise RuntimeError("rate_distortion: slope search failed")  # pragma: no cover
        # Illinois (modified regula falsi) on the bracket; each f is computed once.
        side = 0
        for _ in range(100):
            t = (a * fb - b * fa) / (fb - fa)
            ft = f(t)
            if abs(ft) <= close or abs(b - a) < 1e-12:
                break
            if (ft > 0) == (fb > 0):
                b, fb = t, ft
                if side == -1:
                    fa *= 0.5
                side = -1
            else:
                a, fa = t, ft
                if side == 1:
                    fb *= 0.5
                side = 1
        return t

    def rate_at(self, D):
        """R(D) in nats for D_min < D < D_max, as the best supporting line at D.

        For every slope s, g(s) = min_Q [I(p, Q) + s E d] - s D is a lower bound on
        R(D) (Lagrange duality), concave in s with its maximum R(D) where D_s = D.
        Maximising g is robust: near the optimum an error in s costs only second
        order, and each value of g is certified to the gap of its solve.
        """
        span = self.dmax - self.dmin

        def g(t):
            s = math.exp(t)
            D_s, rate = self.final(s)
            return rate + s * (D_s - D), D_s

        # Bracket the maximum: g'(s) = D_s - D > 0 below the optimal slope.
        a = -math.log(span)
        _, D_a = g(a)
        step = 0.5 if D_a > D else -0.5
        b, (_, D_b) = a + step, g(a + step)
        while (D_a > D) == (D_b > D):
            a, D_a, step = b, D_b, 2.0 * step
            b = a + step
            _, D_b = g(b)
            if abs(b) > 1e3:
                raise RuntimeError("rate_distortion: slope search failed")  # pragma: no cover
        res = minimize_scalar(
            lambda t: -g(t)[0],
            bounds=(min(a, b), max(a, b)),
            method="bounded",
            options={"xatol": 1e-9},
        )
        self.gap = 0.0  # only the solve at the optimum counts for the warning
        return max(g(res.x)[0], 0.0)


def _warn_gap(problem, who, tol_nats, ln_base):
    if problem.gap >= tol_nats:
        warnings.warn(
            f"{who}: Blahut-Arimoto did not certify tol={tol_nats / ln_base:g} within max_iter; "
            f"the certified gap is {problem.gap / ln_base:.3g} (units of base). The rates are "
            f"those of actual test channels, so they are upper bounds on R at their distortion; "
            f"raise max_iter or tol",
            ConvergenceWarning,
            stacklevel=3,
        )


def rate_distortion(px, distortion, max_distortion, base=2, *, tol=1e-8, max_iter=20_000):
    r"""Rate–distortion function :math:`R(D)` of a discrete source, by Blahut–Arimoto.

    Parameters
    ----------
    px : array_like, shape (nx,)
        Source pmf.
    distortion : array_like, shape (nx, nxhat)
        Distortion ``distortion[x, x_hat] >= 0`` of reproducing ``x`` as ``x_hat``.
    max_distortion : float
        The distortion budget :math:`D`.
    base : float, default 2
        Logarithm base: 2 gives bits per source symbol.
    tol : float, default 1e-8
        Certified accuracy of the Blahut–Arimoto solve, in units of ``base``: the
        gap between the bounds of the Notes.
    max_iter : int, default 20000
        Most Blahut–Arimoto iterations for the final solve at a slope (the slope
        search uses at most 400 per trial slope).

    Returns
    -------
    float
        :math:`R(D)` in units of ``base``, accurate to about ``tol``. It is ``0.0``
        for :math:`D \ge D_{\max} = \min_{\hat x} \sum_x p(x) d(x, \hat x)` (send
        nothing, always reproduce the best constant) and ``inf`` for
        :math:`D < D_{\min} = \sum_x p(x) \min_{\hat x} d(x, \hat x)`, where no
        reproduction meets the budget (the minimum over an empty set).

    Raises
    ------
    ValueError
        If ``px`` is not a 1-D pmf, ``distortion`` is not a 2-D array of finite
        non-negative numbers with one row per source symbol, ``max_distortion`` is
        NaN, ``tol`` is not positive, or ``base`` is invalid.
    TypeError
        If ``max_distortion`` is not a real number or ``max_iter`` not an integer.

    Warns
    -----
    ConvergenceWarning
        When the final solve does not certify ``tol`` in ``max_iter`` iterations;
        the message gives the certified gap that was reached.

    Notes
    -----
    .. math:: R(D) = \min_{Q(\hat x | x):\ \mathbb E\, d(X, \hat X) \le D} I(X; \hat X).

    For a slope parameter :math:`s > 0` Blahut's algorithm alternates
    :math:`Q(\hat x|x) \propto q(\hat x)\, e^{-s d(x, \hat x)}` and
    :math:`q(\hat x) = \sum_x p(x) Q(\hat x|x)`; it converges to the point
    :math:`(D_s, R(D_s))` of the curve where the slope is :math:`-s`. With
    :math:`c(\hat x) = \sum_x p(x) e^{-s d(x,\hat x)} / \sum_{\hat x'} q(\hat x') e^{-s d(x, \hat x')}`
    every iterate brackets the curve at the distortion :math:`D_s` of its test channel,

    .. math:: -s D_s - \sum_x p(x) \log \sum_{\hat x} q(\hat x) e^{-s d(x,\hat x)}
              - \log \max_{\hat x} c(\hat x) \;\le\; R(D_s) \;\le\; I(p, Q),

    and the solver stops when the two are within ``tol``. The slope is chosen by
    Lagrange duality: for every :math:`s`,
    :math:`g(s) = \min_Q \big[I(p, Q) + s\, \mathbb E\, d\big] - s D \le R(D)`, and
    :math:`g` is concave with its maximum :math:`R(D)` at the slope where
    :math:`D_s = D`. The solver brackets that slope on :math:`\log s` and maximises
    :math:`g` there (bounded Brent); each value of :math:`g` is certified to the gap
    of its solve, and an error in :math:`s` costs only second order -- exactly zero
    on straight pieces of the curve, where :math:`D_s` jumps. At
    :math:`D = D_{\min}` the limit :math:`s \to \infty` is solved directly (each
    symbol may only go to its best reproductions).

    On a fine grid discretising a continuous source the optimal reproduction
    distribution leaves some grid points empty, and Blahut–Arimoto drives their
    mass to zero only slowly: the certified gap shrinks sublinearly while the rate
    itself is already accurate to many more digits than the gap claims. Ask for a
    looser ``tol`` there (1e-3 bits is plenty for a plot).

    References
    ----------
    Shannon (1959), "Coding theorems for a discrete source with a fidelity
    criterion", IRE National Convention Record 7(4). Blahut (1972), "Computation of
    channel capacity and rate-distortion functions", IEEE Transactions on
    Information Theory 18(4). Cover & Thomas (2006), sections 10.3 and 10.8.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> hamming = 1.0 - np.eye(2)
    >>> r = it.rate_distortion([0.5, 0.5], hamming, 0.11)  # 1 - h(0.11)
    >>> round(r, 6), round(1 - it.binary_entropy(0.11), 6)
    (0.500084, 0.500084)
    >>> it.rate_distortion([0.5, 0.5], hamming, 0.5), it.rate_distortion([0.5, 0.5], hamming, -0.1)
    (0.0, inf)
    """
    p, d = _check_source(px, distortion)
    D = check_real(max_distortion, "max_distortion", allow_inf=True)
    ln_base = log_base(base)
    tol_nats = _check_tol(tol) * ln_base
    max_iter = check_positive_int(max_iter, "max_iter")
    problem = _RDProblem(p, d, tol_nats, max_iter)
    if D >= problem.dmax:
        return 0.0
    if D < problem.dmin - 1e-12 * max(problem.dmax - problem.dmin, 1.0):
        return float("inf")
    if D <= problem.dmin:
        _, rate = problem.final(math.inf)
    else:
        rate = problem.rate_at(D)
    _warn_gap(problem, "rate_distortion", tol_nats, ln_base)
    return rate / ln_base


def rate_distortion_curve(px, distortion, n_points=50, base=2, *, tol=1e-8, max_iter=20_000):
    r"""The rate–distortion curve of a discrete source, from :math:`D_{\min}` to :math:`D_{\max}`.

    Parameters
    ----------
    px : array_like, shape (nx,)
        Source pmf.
    distortion : array_like, shape (nx, nxhat)
        Distortion matrix ``distortion[x, x_hat] >= 0``.
    n_points : int, default 50
        Number of points, at least 2, about evenly spaced in :math:`D`.
    base : float, default 2
        Logarithm base: 2 gives bits per source symbol.
    tol : float, default 1e-8
        Certified accuracy of each Blahut–Arimoto solve, in units of ``base``.
    max_iter : int, default 20000
        Most Blahut–Arimoto iterations for the final solve of each point.

    Returns
    -------
    D : numpy.ndarray, shape (n_points,)
        Distortions, increasing from exactly :math:`D_{\min}` to exactly
        :math:`D_{\max}` (see :func:`rate_distortion`).
    R : numpy.ndarray, shape (n_points,)
        :math:`R(D)` in units of ``base``: non-increasing, convex, ending at 0.

    Raises
    ------
    ValueError
        As :func:`rate_distortion`, and if ``n_points < 2``.

    Warns
    -----
    ConvergenceWarning
        When a final solve does not certify ``tol`` in ``max_iter`` iterations.

    Notes
    -----
    The curve is traced from :math:`D_{\max}` down. For each of the evenly spaced
    targets the slope is predicted from the previous points, corrected by a short
    search until the distortion :math:`D_s` is close to
    the target (a hundredth of the spacing), and then solved to ``tol``. The point returned is that solve's
    :math:`(D_s, I(p, Q))`, an exact point of the curve (within ``tol``); the
    distortions are therefore only about evenly spaced. Each solve warm-starts
    from its neighbour's reproduction distribution, so the curve costs little
    more than a few isolated points. If :math:`D_{\min} = D_{\max}` all points
    coincide and ``R`` is zero.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> D, R = it.rate_distortion_curve([0.5, 0.5], 1.0 - np.eye(2), n_points=5)
    >>> D.round(2)
    array([0.  , 0.12, 0.25, 0.38, 0.5 ])
    >>> bool(np.allclose(R, 1 - it.binary_entropy(D), atol=1e-8))
    True
    """
    p, d = _check_source(px, distortion)
    n_points = check_positive_int(n_points, "n_points", minimum=2)
    ln_base = log_base(base)
    tol_nats = _check_tol(tol) * ln_base
    max_iter = check_positive_int(max_iter, "max_iter")
    problem = _RDProblem(p, d, tol_nats, max_iter)
    D = np.linspace(problem.dmin, problem.dmax, n_points)
    R = np.zeros(n_points)
    span = problem.dmax - problem.dmin
    if span > 0:
        ts = [-math.log(span)]
        for i in range(n_points - 2, 0, -1):  # from D_max down: the slopes increase
            guess = ts[-1]
            if len(ts) >= 3:  # extrapolate log s linearly in D from the last two points
                guess += (ts[-1] - ts[-2]) * (D[i] - D[i + 1]) / (D[i + 1] - D[i + 2])
            target, t = float(D[i]), guess
            for _ in range(3):  # the final solve can move D_s: then search again from there
                t = problem.search(target, t, 0.01 * span / (n_points - 1))
                D[i], R[i] = problem.final(math.exp(t))  # an exact point, near the target
                if abs(D[i] - target) <= 0.25 * span / (n_points - 1):
                    break
            ts.append(t)
        _, R[0] = problem.final(math.inf)
        order = np.argsort(D, kind="stable")  # a safeguard: the points are exact, keep them sorted
        D, R = D[order], R[order]
    _warn_gap(problem, "rate_distortion_curve", tol_nats, ln_base)
    return D, R / ln_base
