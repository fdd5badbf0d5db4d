r"""Samples with known mutual information, to test estimators against the truth.

Each sampler returns an :class:`MISample` ``(x, y, mi)``: arrays of shape
``(n, dx)`` and ``(n, dy)`` and the exact :math:`I(X;Y)` in units of ``base``
(bits by default). The closed forms are also available as functions, so that a
chapter can draw curves of the truth without sampling.

* :func:`correlated_gaussian` — block-correlated Gaussians of any dimension.
* :func:`additive_uniform` — :math:`X \sim U(0,1)`, :math:`Y = X + U(-\epsilon, \epsilon)`.
* :func:`student_t` — a multivariate Student t, dependent even when uncorrelated.
* :func:`transform_sample` — the per-coordinate, invertible transforms of the
  "Beyond Normal" benchmark (Czyż et al. 2023), which leave the mutual information
  unchanged and change everything else about the distribution.

All samplers are seeded (``seed``: an int or ``numpy.random.Generator``).
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np
from scipy.special import digamma, gammaln, ndtr

from ._validation import as_generator, check_positive_int, log_base
from .estimators import _check_cov, gaussian_mutual_information

__all__ = [
    "MISample",
    "block_correlation",
    "correlated_gaussian",
    "additive_uniform_mutual_information",
    "additive_uniform",
    "student_t_mutual_information",
    "student_t",
    "normal_cdf_transform",
    "half_cube_transform",
    "asinh_transform",
    "MI_PRESERVING_TRANSFORMS",
    "transform_sample",
]


class MISample(NamedTuple):
    """Samples with their true mutual information; unpacks as ``x, y, mi``."""

    x: np.ndarray
    """Samples of X, shape (n, dx)."""
    y: np.ndarray
    """Samples of Y, shape (n, dy)."""
    mi: float
    """The exact I(X;Y) in units of the sampler's ``base``."""


def _check_rho(rho):
    if isinstance(rho, bool) or not isinstance(rho, numbers.Real) or not -1 < rho < 1:
        raise ValueError(f"rho must be a number in (-1, 1), got {rho!r}")
    return float(rho)


def block_correlation(dx, dy, rho):
    r"""Joint correlation matrix of (X, Y) with :math:`\mathrm{corr}(X_i, Y_i) = \rho`.

    Coordinate i of X is correlated with coordinate i of Y for
    :math:`i < \min(d_x, d_y)`; every other pair is uncorrelated.

    Parameters
    ----------
    dx, dy : int
        Dimensions of X and Y.
    rho : float
        Correlation of each coupled pair, in (-1, 1).

    Returns
    -------
    numpy.ndarray, shape (dx + dy, dx + dy)
        The matrix; X occupies the first ``dx`` coordinates.

    Examples
    --------
    >>> import itlab as it
    >>> it.block_correlation(1, 2, 0.5)
    array([[1. , 0.5, 0. ],
           [0.5, 1. , 0. ],
           [0. , 0. , 1. ]])
    """
    dx, dy, rho = check_positive_int(dx, "dx"), check_positive_int(dy, "dy"), _check_rho(rho)
    c = np.eye(dx + dy)
    i = np.arange(min(dx, dy))
    c[i, dx + i] = c[dx + i, i] = rho
    return c


def correlated_gaussian(n, dx=1, dy=1, rho=0.5, *, seed=0, base=2):
    r"""Block-correlated Gaussian samples and their mutual information.

    Parameters
    ----------
    n : int
        Number of samples.
    dx, dy : int, default 1
        Dimensions of X and Y.
    rho : float, default 0.5
        Correlation of each of the :math:`\min(d_x, d_y)` coupled coordinate pairs.
    seed : int or numpy.random.Generator, default 0
        Random seed.
    base : float, default 2
        Unit of ``mi`` (2: bits, ``math.e``: nats).

    Returns
    -------
    MISample
        ``x`` (n, dx), ``y`` (n, dy) with standard normal coordinates, and ``mi``.

    Notes
    -----
    .. math:: I(X;Y) = -\frac{\min(d_x, d_y)}{2}\log(1 - \rho^2).

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> s = it.correlated_gaussian(1000, dx=3, dy=2, rho=0.6, base=math.e)
    >>> s.x.shape, s.y.shape, round(s.mi, 4)   # 2 pairs x 0.2231 nats
    ((1000, 3), (1000, 2), 0.4463)
    """
    n = check_positive_int(n, "n")
    c = block_correlation(dx, dy, rho)
    rng = as_generator(seed)
    x = rng.standard_normal((n, dx))
    y = rng.standard_normal((n, dy))
    m = min(dx, dy)
    y[:, :m] = rho * x[:, :m] + math.sqrt(1.0 - rho**2) * y[:, :m]
    return MISample(x, y, gaussian_mutual_information(c, dx, base=base))


def additive_uniform_mutual_information(eps, base=2):
    r"""I(X;Y) for :math:`X \sim U(0,1)`, :math:`Y = X + N`, :math:`N \sim U(-\epsilon, \epsilon)`.

    Parameters
    ----------
    eps : float
        Half-width of the noise, positive.
    base : float, default 2
        Unit of the result.

    Returns
    -------
    float
        The mutual information in units of ``base``.

    Notes
    -----
    :math:`h(Y \mid X) = \log 2\epsilon`, and Y has a trapezoidal density, the
    convolution of two uniforms of widths 1 and :math:`2\epsilon`. A side that rises
    linearly from 0 to height c over a width w contributes
    :math:`-\int f\log f = wc/4 - (wc/2)\log c`; the plateau contributes
    :math:`-(\text{width})\,c\log c`. For :math:`\epsilon \le 1/2` the plateau has
    height 1 and each side width :math:`2\epsilon`, so :math:`h(Y) = \epsilon`; for
    :math:`\epsilon \ge 1/2` the plateau has height :math:`1/(2\epsilon)` and the
    sides width 1, so :math:`h(Y) = \log 2\epsilon + 1/(4\epsilon)`. Hence

    .. math::
        I(X;Y) = \begin{cases} \epsilon - \log(2\epsilon), & \epsilon \le \tfrac12,\\
        \dfrac{1}{4\epsilon}, & \epsilon \ge \tfrac12. \end{cases}

    The two branches meet at :math:`\epsilon = 1/2` with the value 1/2 nat. (The
    formula :math:`\epsilon - \log 2\epsilon` alone is wrong beyond 1/2: it would
    grow again, while more noise can only lower the information.)

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> round(it.additive_uniform_mutual_information(0.1, base=math.e), 4)  # 0.1 + log 5
    1.7094
    >>> it.additive_uniform_mutual_information(1.0, base=math.e)
    0.25
    """
    lb = log_base(base)
    if (
        isinstance(eps, bool)
        or not isinstance(eps, numbers.Real)
        or not (math.isfinite(eps) and eps > 0)
    ):
        raise ValueError(f"eps must be a positive finite number, got {eps!r}")
    eps = float(eps)
    nats = eps - math.log(2 * eps) if eps <= 0.5 else 1.0 / (4 * eps)
    return nats / lb


def additive_uniform(n, eps=0.25, *, seed=0, base=2):
    r"""Samples of :math:`X \sim U(0,1)` and :math:`Y = X + U(-\epsilon, \epsilon)`.

    Parameters
    ----------
    n : int
        Number of samples.
    eps : float, default 0.25
        Half-width of the uniform noise.
    seed : int or numpy.random.Generator, default 0
        Random seed.
    base : float, default 2
        Unit of ``mi``.

    Returns
    -------
    MISample
        ``x`` and ``y`` of shape (n, 1) and the exact ``mi``
        (:func:`additive_uniform_mutual_information`).

    Examples
    --------
    >>> import itlab as it
    >>> s = it.additive_uniform(5, eps=0.1, seed=1)
    >>> bool(abs(s.y - s.x).max() <= 0.1)
    True
    """
    n = check_positive_int(n, "n")
    mi = additive_uniform_mutual_information(eps, base=base)
    rng = as_generator(seed)
    x = rng.random((n, 1))
    y = x + eps * (2 * rng.random((n, 1)) - 1)
    return MISample(x, y, mi)


def _t_entropy_terms(df, d):
    """Non-Gaussian part of the entropy of a d-dim Student t (nats), without log det and (df pi)^(d/2)."""
    a, b = 0.5 * df, 0.5 * (df + d)
    return float(gammaln(a) - gammaln(b) + b * (digamma(b) - digamma(a)))


def student_t_mutual_information(scale, dx, df, base=2):
    r"""I(X;Y) of a multivariate Student t with scale matrix ``scale`` and ``df`` degrees of freedom.

    Parameters
    ----------
    scale : array_like, shape (d, d)
        Scale (shape) matrix, symmetric positive definite; X is the first ``dx``
        coordinates.
    dx : int
        Dimension of X, ``1 <= dx < d``.
    df : float
        Degrees of freedom, positive.
    base : float, default 2
        Unit of the result.

    Returns
    -------
    float
        The mutual information in units of ``base``.

    Notes
    -----
    A multivariate t is :math:`Z/\sqrt{W/\nu}` with Z Gaussian and
    :math:`W \sim \chi^2_\nu`; its marginals are t with the same :math:`\nu`. Its
    entropy is :math:`\tfrac12\log\det\Sigma + \tfrac d2\log(\nu\pi) +
    \log\frac{\Gamma(\nu/2)}{\Gamma((\nu+d)/2)} + \frac{\nu+d}{2}\big[\psi(\tfrac{\nu+d}2)
    - \psi(\tfrac\nu2)\big]`, so :math:`I = h(X) + h(Y) - h(X,Y)` is the Gaussian
    value of the same matrix plus a correction :math:`c \ge 0`:

    .. math::
        I = \tfrac12\log\frac{\det\Sigma_{XX}\det\Sigma_{YY}}{\det\Sigma}
            + \log\frac{\Gamma(\frac\nu2)\Gamma(\frac{\nu+d_x+d_y}2)}
                       {\Gamma(\frac{\nu+d_x}2)\Gamma(\frac{\nu+d_y}2)}
            - \frac\nu2\psi(\tfrac\nu2) + \frac{\nu+d_x}2\psi(\tfrac{\nu+d_x}2)
            + \frac{\nu+d_y}2\psi(\tfrac{\nu+d_y}2) - \frac{\nu+d_x+d_y}2\psi(\tfrac{\nu+d_x+d_y}2).

    The correction is positive even for :math:`\Sigma = I`: the shared scale W makes
    uncorrelated coordinates dependent. It vanishes as :math:`\nu \to \infty`.

    References
    ----------
    Czyż, Grabowski, Vogt, Beerenwinkel & Marx (2023), "Beyond normal: on the
    evaluation of mutual information estimators", NeurIPS 36.

    Examples
    --------
    >>> import math
    >>> import numpy as np
    >>> import itlab as it
    >>> round(it.student_t_mutual_information(np.eye(2), 1, df=1, base=math.e), 4)
    0.2242
    """
    lb = log_base(base)
    c = _check_cov(scale, "scale")
    d = c.shape[0]
    dx = check_positive_int(dx, "dx")
    if dx >= d:
        raise ValueError(f"dx must be smaller than the dimension of scale ({d}), got dx={dx}")
    if (
        isinstance(df, bool)
        or not isinstance(df, numbers.Real)
        or not (math.isfinite(df) and df > 0)
    ):
        raise ValueError(f"df must be a positive finite number, got {df!r}")
    gauss = gaussian_mutual_information(c, dx, base=math.e)
    dy = d - dx
    # h(X) + h(Y) - h(X, Y): the log det parts give the Gaussian value, the (df pi)^(d/2)
    # parts cancel, and the rest is the correction of the Notes.
    corr = _t_entropy_terms(df, dx) + _t_entropy_terms(df, dy) - _t_entropy_terms(df, d)
    return (gauss + corr) / lb


def student_t(n, dx=1, dy=1, rho=0.0, df=5, *, seed=0, base=2):
    r"""Samples of a multivariate Student t with block-correlated scale matrix.

    Parameters
    ----------
    n : int
        Number of samples.
    dx, dy : int, default 1
        Dimensions of X and Y.
    rho : float, default 0.0
        Correlation parameter of each coupled pair in the scale matrix
        (:func:`block_correlation`).
    df : float, default 5
        Degrees of freedom; small values give heavy tails.
    seed : int or numpy.random.Generator, default 0
        Random seed.
    base : float, default 2
        Unit of ``mi``.

    Returns
    -------
    MISample
        Samples and the exact ``mi`` (:func:`student_t_mutual_information`).

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> s = it.student_t(1000, rho=0.0, df=3, base=math.e)
    >>> round(s.mi, 4)   # dependent although uncorrelated
    0.0424
    """
    n = check_positive_int(n, "n")
    c = block_correlation(dx, dy, rho)
    mi = student_t_mutual_information(c, dx, df, base=base)
    rng = as_generator(seed)
    z = rng.standard_normal((n, dx + dy)) @ np.linalg.cholesky(c).T
    w = rng.chisquare(df, size=(n, 1))
    t = z / np.sqrt(w / df)
    return MISample(t[:, :dx], t[:, dx:], mi)


def normal_cdf_transform(x):
    r"""The standard normal CDF :math:`\Phi`, coordinatewise: Gaussian marginals become uniform on (0, 1).

    Strictly increasing, so it preserves mutual information. In double precision
    :math:`\Phi(x)` rounds to exactly 1 for x above about 8.3, creating ties far in
    the tails.

    >>> import itlab as it
    >>> it.normal_cdf_transform([0.0])
    array([0.5])
    """
    return ndtr(np.asarray(x, dtype=float))


def half_cube_transform(x):
    r"""The "half-cube" map :math:`x\,|x|^{1/2}` (a signed power 3/2), coordinatewise.

    Strictly increasing, so it preserves mutual information; it stretches the tails.

    >>> import itlab as it
    >>> it.half_cube_transform([-4.0, 1.0])
    array([-8.,  1.])
    """
    a = np.asarray(x, dtype=float)
    return a * np.sqrt(np.abs(a))


def asinh_transform(x):
    r"""The inverse hyperbolic sine, coordinatewise: tails are compressed to logarithmic growth.

    Strictly increasing, so it preserves mutual information.

    >>> import itlab as it
    >>> it.asinh_transform([0.0])
    array([0.])
    """
    return np.arcsinh(np.asarray(x, dtype=float))


#: The invertible coordinatewise maps of the "Beyond Normal" benchmark, by name.
MI_PRESERVING_TRANSFORMS = {
    "normal_cdf": normal_cdf_transform,
    "half_cube": half_cube_transform,
    "asinh": asinh_transform,
}


def transform_sample(sample, transform):
    r"""Apply an invertible coordinatewise transform to both variables of a sample.

    Parameters
    ----------
    sample : MISample
        Samples with their true mutual information.
    transform : {"normal_cdf", "half_cube", "asinh"} or callable
        A name from :data:`MI_PRESERVING_TRANSFORMS`, or a function applied to each
        array (it must be strictly monotone in every coordinate for ``mi`` to stay
        true).

    Returns
    -------
    MISample
        Transformed ``x`` and ``y``, the same ``mi`` (:math:`I(f(X); g(Y)) = I(X;Y)`
        for invertible f and g).

    Raises
    ------
    ValueError
        If ``transform`` is an unknown name.

    Examples
    --------
    >>> import itlab as it
    >>> s = it.correlated_gaussian(100, rho=0.8)
    >>> t = it.transform_sample(s, "half_cube")
    >>> t.mi == s.mi
    True
    """
    if isinstance(transform, str):
        if transform not in MI_PRESERVING_TRANSFORMS:
            raise ValueError(
                f"transform must be one of {tuple(MI_PRESERVING_TRANSFORMS)}, got {transform!r}"
            )
        transform = MI_PRESERVING_TRANSFORMS[transform]
    elif not callable(transform):
        raise TypeError(f"transform must be a name or a callable, got {type(transform).__name__}")
    x, y, mi = sample
    return MISample(transform(x), transform(y), mi)
