r"""Transfer entropy: directed information flow between two time series.

Transfer entropy (Schreiber 2000) asks how much the past of a source series tells
about the next value of a target series *beyond what the target's own past
already tells*. It is a conditional mutual information, so it is estimated here
with the estimators ``itlab`` already has: Frenzel–Pompe
(:func:`itlab.estimators.ksg_conditional_mutual_information`) for continuous values and the
plug-in conditional MI of the empirical joint pmf
(:func:`itlab.discrete.joint_pmf`, :func:`itlab.discrete.conditional_mutual_information`) for
discrete ones.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_positive_int, log_base
from .discrete import conditional_mutual_information, joint_pmf
from .estimators import ksg_conditional_mutual_information

__all__ = ["transfer_entropy"]

TE_METHODS = ("ksg", "discrete")


def _series(v, name):
    if isinstance(v, (str, bytes)) or v is None:
        raise TypeError(f"{name} must be a 1-D array-like series, got {type(v).__name__}")
    arr = np.asarray(v)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D series, got shape {arr.shape}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _embed(series, start, stop, lags):
    """Columns series[t - lag] for t in [start, stop) and each lag in ``lags``."""
    t = np.arange(start, stop)
    return series[t[:, None] - np.asarray(lags)[None, :]]


def _codes(block):
    """Rows of a 2-D array -> one integer code per distinct row."""
    return np.unique(block, axis=0, return_inverse=True)[1].ravel()


def transfer_entropy(
    source, target, *, history=1, source_history=1, lag=1, method="ksg", k=3, base=2
):
    r"""Transfer entropy from ``source`` to ``target``.

    Parameters
    ----------
    source, target : array_like, shape (n,)
        Two series of equal length, sampled at the same times.
    history : int, default 1
        Number of past values of the target conditioned on (k in Schreiber's notation).
    source_history : int, default 1
        Number of past values of the source used (l).
    lag : int, default 1
        Delay of the most recent source value used: the source values are
        :math:`x_{t+1-\text{lag}-j}`, :math:`j < \text{source\_history}`; ``lag >= 1``.
    method : {"ksg", "discrete"}, default "ksg"
        ``"ksg"``: Frenzel–Pompe kNN estimate of the conditional MI (continuous
        values); ``"discrete"``: plug-in estimate on the values as given.
    k : int, default 3
        Neighbours of the kNN estimator (ignored by ``"discrete"``).
    base : float, default 2
        Logarithm base: 2 gives bits.

    Returns
    -------
    float
        :math:`T_{X \to Y}` in units of ``base``. The kNN estimate is not clipped: it is
        slightly negative about half the time when the true value is 0.

    Raises
    ------
    ValueError
        If the series differ in length, are not 1-D, contain NaN or infinity, are too
        short for the ``history``/``source_history``/``lag`` asked (fewer than k + 1
        usable time points), or ``method`` is unknown.
    TypeError
        If an integer argument is not an integer.

    Notes
    -----
    With :math:`y_t^{(h)} = (y_t, \dots, y_{t-h+1})` and
    :math:`x^{(l)}_{t+1-\tau} = (x_{t+1-\tau}, \dots, x_{t+2-\tau-l})`,

    .. math:: T_{X\to Y} = I\big(Y_{t+1};\, X^{(l)}_{t+1-\tau} \,\big|\, Y^{(h)}_t\big),

    averaged over every t for which all the values exist. For a linear-Gaussian
    pair it equals :math:`\tfrac12\log(\sigma^2_{\text{own}}/\sigma^2_{\text{both}})`,
    the log-ratio of the residual variances of predicting :math:`y_{t+1}` from its
    own past and from both pasts (Barnett, Barrett & Seth 2009).

    References
    ----------
    Schreiber (2000), "Measuring information transfer", *Physical Review Letters* 85, 461.
    Frenzel & Pompe (2007), *Physical Review Letters* 99, 204101.
    Barnett, Barrett & Seth (2009), "Granger causality and transfer entropy are
    equivalent for Gaussian variables", *Physical Review Letters* 103, 238701.

    Examples
    --------
    >>> import numpy as np
    >>> from itlab.timeseries import transfer_entropy
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 2, size=5000)
    >>> y = np.roll(x, 1)                      # y copies x one step later
    >>> round(transfer_entropy(x, y, method="discrete"), 2)
    1.0
    >>> round(transfer_entropy(y, x, method="discrete"), 2)
    0.0
    """
    if not isinstance(method, str) or method not in TE_METHODS:
        raise ValueError(f"method must be one of {TE_METHODS}, got {method!r}")
    log_base(base)  # validates base
    x = _series(source, "source")
    y = _series(target, "target")
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            f"source and target must have equal lengths, got {x.shape[0]} and {y.shape[0]}"
        )
    history = check_positive_int(history, "history")
    source_history = check_positive_int(source_history, "source_history")
    lag = check_positive_int(lag, "lag")
    k = check_positive_int(k, "k")
    n = y.shape[0]
    start = max(history - 1, lag + source_history - 2)  # first t with all values defined
    usable = n - 1 - start
    needed = k + 1 if method == "ksg" else 1
    if usable < needed:
        raise ValueError(
            f"target of length {n} is too short for history={history}, "
            f"source_history={source_history}, lag={lag}: {max(usable, 0)} usable time points, "
            f"need at least {needed}"
        )
    nxt = y[start + 1 : n]
    own = _embed(y, start, n - 1, np.arange(history))
    src = _embed(x, start, n - 1, lag - 1 + np.arange(source_history))
    if method == "discrete":
        pxyz = joint_pmf(_codes(nxt[:, None]), _codes(src), _codes(own))
        return float(conditional_mutual_information(pxyz, base=base))
    return float(
        ksg_conditional_mutual_information(
            nxt.astype(float), src.astype(float), own.astype(float), k=k, base=base
        )
    )
