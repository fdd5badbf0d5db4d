r"""Diversity as entropy, and population dynamics to measure information flow on.

* Diversity of a community with relative abundances :math:`p_1, \dots, p_S`:
  :func:`hill_number` of order q (the effective number of species, Hill 1973),
  which is the exponential of the Rényi entropy of order q
  (:func:`renyi_entropy`); :func:`shannon_diversity` and
  :func:`simpson_diversity`. Their estimates from the counts of a finite sample
  (:func:`shannon_estimate`) reuse :func:`itlab.estimators.entropy_estimate`.
* :func:`lotka_volterra` -- a stochastic predator–prey model, and
  :func:`food_chain` -- a three-level chain resource -> consumer -> predator,
  both integrated with Euler–Maruyama steps on log-abundances, vectorised over
  replicates.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import as_generator, check_positive_int, check_real, log_base
from .estimators import ENTROPY_METHODS, entropy_estimate

__all__ = [
    "hill_number",
    "renyi_entropy",
    "shannon_diversity",
    "simpson_diversity",
    "shannon_estimate",
    "lotka_volterra",
    "food_chain",
]


def _proportions(counts, name="counts"):
    """Abundances (counts or proportions) -> proportions of the species present."""
    if isinstance(counts, (str, bytes)) or counts is None:
        raise TypeError(f"{name} must be a 1-D array of abundances, got {type(counts).__name__}")
    arr = np.asarray(counts, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one abundance per species), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    if np.any(arr < 0):
        raise ValueError(f"{name} contains negative abundances (min {arr.min():.3g})")
    total = arr.sum()
    if total <= 0:
        raise ValueError(f"{name} sums to 0: there is no community to measure")
    p = arr[arr > 0] / total
    return p


def renyi_entropy(counts, order=1.0, base=2):
    r"""Rényi entropy of order q of the relative abundances in ``counts``.

    Parameters
    ----------
    counts : array_like, shape (S,)
        Non-negative abundances (counts or proportions) of S species; only their
        proportions matter.
    order : float, default 1.0
        The order q >= 0 (``math.inf`` allowed); q = 1 is Shannon's entropy.
    base : float, default 2
        Logarithm base: 2 gives bits.

    Returns
    -------
    float
        :math:`H_q = \frac{1}{1-q}\log\sum_i p_i^q` in units of ``base``.

    Raises
    ------
    ValueError
        For a negative, NaN or infinite abundance, an all-zero ``counts``, a negative
        ``order``, or a bad ``base``.

    Notes
    -----
    Limits: :math:`H_0 = \log S_{>0}`, :math:`H_1 = -\sum_i p_i \log p_i`,
    :math:`H_\infty = -\log \max_i p_i`. :math:`H_q` does not increase with q.

    References
    ----------
    Rényi (1961), "On measures of entropy and information", *Proc. 4th Berkeley Symp.*

    Examples
    --------
    >>> from itlab.ecology import renyi_entropy
    >>> renyi_entropy([5, 5, 5, 5], order=2)
    2.0
    """
    lb = log_base(base)
    p = _proportions(counts)
    q = check_real(order, "order", minimum=0.0, allow_inf=True)
    if q == 1.0:
        h = -float(np.sum(p * np.log(p)))
    elif math.isinf(q):
        h = -math.log(float(p.max()))
    else:
        # log sum p^q computed stably
        lp = np.log(p)
        m = float((q * lp).max())
        h = (m + math.log(float(np.exp(q * lp - m).sum()))) / (1.0 - q)
    return float(h / lb)


def hill_number(counts, order=1.0):
    r"""Hill number of order q: the effective number of species.

    Parameters
    ----------
    counts : array_like, shape (S,)
        Non-negative abundances of S species (counts or proportions).
    order : float, default 1.0
        The order q >= 0 (``math.inf`` allowed).

    Returns
    -------
    float
        :math:`{}^qD = \big(\sum_i p_i^q\big)^{1/(1-q)} = e^{H_q}` (Rényi entropy in nats).

    Raises
    ------
    ValueError
        As :func:`renyi_entropy`.

    Notes
    -----
    :math:`{}^0D` is the richness (number of species present), :math:`{}^1D =
    \exp(H)` with H Shannon's entropy in nats, :math:`{}^2D = 1/\sum_i p_i^2` the
    inverse Simpson concentration. A community of D equally common species has
    :math:`{}^qD = D` for every q; unevenness makes :math:`{}^qD` fall with q.

    References
    ----------
    Hill (1973), "Diversity and evenness: a unifying notation and its consequences",
    *Ecology* 54, 427–432.
    Jost (2006), "Entropy and diversity", *Oikos* 113, 363–375.

    Examples
    --------
    >>> from itlab.ecology import hill_number
    >>> hill_number([1, 1, 2], order=0), round(hill_number([1, 1, 2], order=2), 4)
    (3.0, 2.6667)
    """
    return float(math.exp(renyi_entropy(counts, order, base=math.e)))


def shannon_diversity(counts, base=2):
    r"""Shannon diversity index :math:`H' = -\sum_i p_i \log p_i` of the abundances.

    Parameters
    ----------
    counts : array_like, shape (S,)
        Non-negative abundances.
    base : float, default 2
        Logarithm base (ecologists often use ``math.e``).

    Returns
    -------
    float
        :math:`H'` in units of ``base``.

    Raises
    ------
    ValueError
        As :func:`renyi_entropy`.

    Notes
    -----
    The Rényi entropy of order 1: :math:`H' = -\sum_i p_i \log p_i`.

    References
    ----------
    Shannon (1948), *Bell System Technical Journal* 27.

    Examples
    --------
    >>> from itlab.ecology import shannon_diversity
    >>> shannon_diversity([10, 10, 0])
    1.0
    """
    return renyi_entropy(counts, 1.0, base=base)


def simpson_diversity(counts):
    r"""Gini–Simpson index :math:`1 - \sum_i p_i^2`: the chance two individuals differ in species.

    Parameters
    ----------
    counts : array_like, shape (S,)
        Non-negative abundances.

    Returns
    -------
    float
        :math:`1 - \sum_i p_i^2` (as scikit-bio's ``simpson``).

    Raises
    ------
    ValueError
        As :func:`renyi_entropy`.

    Notes
    -----
    :math:`1 - \sum_i p_i^2 = 1 - 1/{}^2D`.

    References
    ----------
    Simpson (1949), "Measurement of diversity", *Nature* 163, 688.

    Examples
    --------
    >>> from itlab.ecology import simpson_diversity
    >>> simpson_diversity([1, 1, 1, 1])
    0.75
    """
    p = _proportions(counts)
    return float(1.0 - np.sum(p * p))


def shannon_estimate(counts, method="plugin", base=2):
    r"""Shannon entropy of a community estimated from the species counts of a sample.

    Parameters
    ----------
    counts : array_like of int, shape (S,)
        How many sampled individuals belong to each species (non-negative integers).
    method : {"plugin", "miller_madow", "grassberger", "chao_shen"}, default "plugin"
        Estimator, as in :func:`itlab.estimators.entropy_estimate`.
    base : float, default 2
        Logarithm base.

    Returns
    -------
    float
        Estimated :math:`H` in units of ``base``; ``exp`` of it in nats (or
        ``base ** H``) is the estimated Hill number of order 1.

    Raises
    ------
    ValueError
        For negative or non-integer counts, an all-zero sample, or an unknown ``method``.

    Notes
    -----
    The counts are expanded to the sample they summarise and handed to
    :func:`itlab.estimators.entropy_estimate`. The plug-in estimate misses the species that
    were not sampled and is biased down; Chao–Shen corrects for the unseen
    probability mass via the sample coverage :math:`1 - f_1/n`.

    References
    ----------
    Chao & Shen (2003), *Environmental and Ecological Statistics* 10, 429–443.

    Examples
    --------
    >>> from itlab.ecology import shannon_estimate
    >>> shannon_estimate([2, 2, 0])
    1.0
    """
    if not isinstance(method, str) or method not in ENTROPY_METHODS:
        raise ValueError(f"method must be one of {ENTROPY_METHODS}, got {method!r}")
    _proportions(counts)
    arr = np.asarray(counts, dtype=float)
    if np.any(arr != np.round(arr)):
        raise ValueError("counts must be whole numbers of individuals for a sample estimate")
    ints = arr.astype(np.int64)
    return entropy_estimate(np.repeat(np.arange(ints.size), ints), method=method, base=base)


# ----------------------------------------------------------------------------- dynamics


def _check_rates(values, names):
    return [check_real(v, n, minimum=0.0) for v, n in zip(values, names, strict=True)]


def lotka_volterra(
    n_steps,
    *,
    dt=0.01,
    prey_growth=1.0,
    prey_limitation=0.0,
    predation=1.0,
    conversion=1.0,
    predator_death=1.0,
    predator_limitation=0.0,
    noise=0.1,
    initial=(1.5, 0.7),
    n_replicates=1,
    seed=0,
):
    r"""Stochastic Lotka–Volterra predator–prey dynamics, vectorised over replicates.

    Parameters
    ----------
    n_steps : int
        Number of time steps of length ``dt`` after the initial state.
    dt : float, default 0.01
        Time step.
    prey_growth, predation, conversion, predator_death : float, default 1.0
        :math:`a, b, c, d` in the equations below (non-negative).
    prey_limitation, predator_limitation : float, default 0.0
        Density dependence :math:`s \ge 0` of the prey and :math:`m \ge 0` of the
        predator (both 0: the classical model).
    noise : float, default 0.1
        Strength :math:`\sigma` of the environmental noise on each log-growth rate.
    initial : (float, float), default (1.5, 0.7)
        Initial prey and predator densities (positive).
    n_replicates : int, default 1
        Independent replicates simulated at once.
    seed : int or numpy.random.Generator, default 0
        Random seed.

    Returns
    -------
    numpy.ndarray, shape (n_replicates, n_steps + 1, 2)
        Prey (``[..., 0]``) and predator (``[..., 1]``) densities; all positive.

    Notes
    -----
    Euler–Maruyama steps of the log-densities :math:`u = \log x`, :math:`v = \log y`:

    .. math::
        du &= (a - s\,x - b\,y)\,dt + \sigma\,dW_1, \\
        dv &= (c\,x - d - m\,y)\,dt + \sigma\,dW_2 .

    With s = m = 0 and no noise this is the classical model (Lotka 1925, Volterra
    1926) with closed orbits around :math:`(d/c, a/b)`. With s > 0 or m > 0 the
    interior equilibrium :math:`(x^*, y^*)` (when positive) is stable; near it the
    log-densities move as
    :math:`\dot{\delta u} = -s x^*\delta u - b y^*\delta v`,
    :math:`\dot{\delta v} = c x^* \delta u - m y^* \delta v`, so :math:`b y^*`
    measures how strongly the predator drives the prey and :math:`c x^*` the reverse.
    The noise stands for environmental fluctuations of the growth rates and keeps
    densities positive.

    References
    ----------
    Volterra (1926), "Fluctuations in the abundance of a species considered
    mathematically", *Nature* 118, 558–560.

    Examples
    --------
    >>> from itlab.ecology import lotka_volterra
    >>> z = lotka_volterra(100, n_replicates=3)
    >>> z.shape, bool((z > 0).all())
    ((3, 101, 2), True)
    """
    n_steps = check_positive_int(n_steps, "n_steps")
    dt = check_real(dt, "dt", minimum=0.0, strict=True)
    a, s, b, c, d, m = _check_rates(
        (prey_growth, prey_limitation, predation, conversion, predator_death, predator_limitation),
        (
            "prey_growth",
            "prey_limitation",
            "predation",
            "conversion",
            "predator_death",
            "predator_limitation",
        ),
    )
    sigma = check_real(noise, "noise", minimum=0.0)
    init = np.asarray(initial, dtype=float)
    if init.shape != (2,) or not np.all(np.isfinite(init)) or np.any(init <= 0):
        raise ValueError(f"initial must be two positive densities, got {initial!r}")
    reps = check_positive_int(n_replicates, "n_replicates")
    rng = as_generator(seed)

    def drift(z):
        return np.stack([a - s * z[:, 0] - b * z[:, 1], c * z[:, 0] - d - m * z[:, 1]], axis=1)

    return _integrate(np.log(init), n_steps, dt, sigma, reps, rng, drift)


def _integrate(log_init, n_steps, dt, sigma, reps, rng, drift):
    dim = log_init.size
    out = np.empty((reps, n_steps + 1, dim))
    u = np.tile(log_init, (reps, 1))
    out[:, 0] = np.exp(u)
    kicks = sigma * math.sqrt(dt) * rng.standard_normal((n_steps, reps, dim))
    for t in range(n_steps):  # a loop over time steps; replicates are vectorised
        u = u + drift(np.exp(u)) * dt + kicks[t]
        out[:, t + 1] = np.exp(u)
    return out


def food_chain(
    n_steps,
    *,
    dt=0.01,
    growth=1.0,
    self_limitation=0.5,
    attack=(1.5, 1.5),
    death=(0.6, 0.6),
    noise=0.1,
    initial=(1.0, 0.5, 0.5),
    n_replicates=1,
    seed=0,
):
    r"""Stochastic three-level food chain: resource -> consumer -> predator.

    Parameters
    ----------
    n_steps : int
        Number of time steps.
    dt : float, default 0.01
        Time step.
    growth : float, default 1.0
        Resource growth rate r.
    self_limitation : float, default 0.5
        Density dependence s of the resource (logistic term).
    attack : (float, float), default (1.5, 1.5)
        :math:`(\alpha_1, \alpha_2)`: consumer on resource, predator on consumer
        (conversion efficiency 1).
    death : (float, float), default (0.6, 0.6)
        Death rates :math:`(m_2, m_3)` of consumer and predator.
    noise : float, default 0.1
        Environmental noise on each log-growth rate.
    initial : (float, float, float), default (1.0, 0.5, 0.5)
        Initial densities, positive.
    n_replicates : int, default 1
        Independent replicates.
    seed : int or numpy.random.Generator, default 0
        Random seed.

    Returns
    -------
    numpy.ndarray, shape (n_replicates, n_steps + 1, 3)
        Densities of resource, consumer and predator.

    Notes
    -----
    With :math:`u_k = \log x_k`,

    .. math::
        du_1 &= (r - s x_1 - \alpha_1 x_2)\,dt + \sigma dW_1,\\
        du_2 &= (\alpha_1 x_1 - \alpha_2 x_3 - m_2)\,dt + \sigma dW_2,\\
        du_3 &= (\alpha_2 x_2 - m_3)\,dt + \sigma dW_3 .

    The resource and the predator never interact directly: any information
    between them passes through the consumer.

    References
    ----------
    Hastings & Powell (1991), "Chaos in a three-species food chain", *Ecology* 72.

    Examples
    --------
    >>> from itlab.ecology import food_chain
    >>> food_chain(50, n_replicates=2).shape
    (2, 51, 3)
    """
    n_steps = check_positive_int(n_steps, "n_steps")
    dt = check_real(dt, "dt", minimum=0.0, strict=True)
    r = check_real(growth, "growth", minimum=0.0)
    s = check_real(self_limitation, "self_limitation", minimum=0.0)
    at = np.asarray(attack, dtype=float)
    de = np.asarray(death, dtype=float)
    if at.shape != (2,) or np.any(~np.isfinite(at)) or np.any(at < 0):
        raise ValueError(f"attack must be two non-negative rates, got {attack!r}")
    if de.shape != (2,) or np.any(~np.isfinite(de)) or np.any(de < 0):
        raise ValueError(f"death must be two non-negative rates, got {death!r}")
    sigma = check_real(noise, "noise", minimum=0.0)
    init = np.asarray(initial, dtype=float)
    if init.shape != (3,) or not np.all(np.isfinite(init)) or np.any(init <= 0):
        raise ValueError(f"initial must be three positive densities, got {initial!r}")
    reps = check_positive_int(n_replicates, "n_replicates")
    rng = as_generator(seed)

    def drift(x):
        return np.stack(
            [
                r - s * x[:, 0] - at[0] * x[:, 1],
                at[0] * x[:, 0] - at[1] * x[:, 2] - de[0],
                at[1] * x[:, 1] - de[1],
            ],
            axis=1,
        )

    return _integrate(np.log(init), n_steps, dt, sigma, reps, rng, drift)
