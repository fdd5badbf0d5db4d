r"""Fairness as information: demographic parity and equalized odds as (conditional) MI.

For a prediction :math:`\hat Y`, a sensitive attribute A and a true label Y:

* **demographic parity** holds exactly when :math:`\hat Y \perp A`, that is when
  :math:`I(\hat Y; A) = 0` (:func:`demographic_parity_information`);
* **equalized odds** holds exactly when :math:`\hat Y \perp A \mid Y`, that is
  when :math:`I(\hat Y; A \mid Y) = 0` (:func:`equalized_odds_information`).

Both are plug-in estimates from the empirical joint pmf of the samples
(:func:`itlab.discrete.joint_pmf`), so they are exactly zero on a sample where the
criterion holds exactly, and positive otherwise.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_labels, log_base
from .discrete import conditional_mutual_information, joint_pmf, mutual_information

__all__ = [
    "demographic_parity_information",
    "equalized_odds_information",
    "synthetic_population",
    "population_feature_model",
    "train_fair_representation",
    "FairRepresentation",
]


def _check_labels(values, name, n=None, first=None):
    arr = check_labels(values, name)
    if n is not None and arr.size != n:
        raise ValueError(f"{name} must have as many samples as {first} ({n}), got {arr.size}")
    return arr


def _check_sensitive(sensitive, n):
    arr = _check_labels(sensitive, "sensitive", n, "y_pred")
    if np.unique(arr).size < 2:
        raise ValueError(
            "sensitive must take at least two values (one group leaves nothing to compare)"
        )
    return arr


def _independent(counts):
    """Exact integer test of independence of axes 0 and 1 within each slice of axis 2.

    counts[x, a, z] n_z == n_xz n_az for every cell, so that an exactly fair sample gives
    exactly 0 rather than a round-off residue of the entropies.
    """
    n_z = counts.sum(axis=(0, 1))
    n_xz = counts.sum(axis=1)
    n_az = counts.sum(axis=0)
    return bool(np.all(counts * n_z[None, None, :] == n_xz[:, None, :] * n_az[None, :, :]))


def demographic_parity_information(y_pred, sensitive, base=2):
    r"""Plug-in :math:`I(\hat Y; A)`: how much the predictions reveal about the group.

    Parameters
    ----------
    y_pred : array_like, shape (n,)
        Predicted labels (discrete).
    sensitive : array_like, shape (n,)
        Sensitive attribute A of each sample (discrete, at least two values).
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    float
        :math:`I(\hat Y; A)` of the empirical joint pmf, in units of ``base``; 0
        exactly when the rate of every prediction is the same in every group.

    Raises
    ------
    ValueError
        If an argument is not 1-D or empty, lengths differ, ``sensitive`` takes
        one value only, or ``base`` is invalid.

    Notes
    -----
    .. math:: I(\hat Y; A) = \sum_{\hat y, a} p(\hat y, a)
              \log \frac{p(\hat y \mid a)}{p(\hat y)}.

    Demographic parity, :math:`p(\hat y \mid a) = p(\hat y)` for all a, is
    equivalent to :math:`I(\hat Y;A) = 0`. The usual demographic-parity
    *difference* :math:`\max_a P(\hat Y=1 \mid a) - \min_a P(\hat Y=1\mid a)` is
    zero under the same condition; by Pinsker's inequality the information
    bounds it: each group's rate lies within :math:`\sqrt{I/(2 p(a))}` (I in
    nats) of the overall rate.

    References
    ----------
    Dwork, Hardt, Pitassi, Reingold & Zemel (2012), "Fairness through awareness",
    ITCS; Ghassami, Khodadadian & Kiyavash (2018), "Fairness in supervised
    learning: an information theoretic approach", ISIT.

    Examples
    --------
    >>> import itlab as it
    >>> it.demographic_parity_information([0, 1, 0, 1], ["a", "a", "b", "b"])
    0.0
    >>> it.demographic_parity_information([0, 0, 1, 1], ["a", "a", "b", "b"])
    1.0
    """
    log_base(base)
    yp = _check_labels(y_pred, "y_pred")
    a = _check_sensitive(sensitive, yp.size)
    pmf = joint_pmf(yp, a)
    if _independent(np.rint(pmf * yp.size).astype(np.int64)[..., None]):
        return 0.0
    return mutual_information(pmf, base=base)


def equalized_odds_information(y_pred, y_true, sensitive, base=2):
    r"""Plug-in :math:`I(\hat Y; A \mid Y)`: group information in the predictions beyond the label.

    Parameters
    ----------
    y_pred : array_like, shape (n,)
        Predicted labels (discrete).
    y_true : array_like, shape (n,)
        True labels (discrete).
    sensitive : array_like, shape (n,)
        Sensitive attribute A (discrete, at least two values).
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    float
        :math:`I(\hat Y; A \mid Y)` of the empirical joint pmf, in units of
        ``base``; 0 exactly when, within each true class, the prediction rates
        are the same in every group.

    Raises
    ------
    ValueError
        If an argument is not 1-D or empty, lengths differ, ``sensitive`` takes
        one value only, or ``base`` is invalid.

    Notes
    -----
    .. math:: I(\hat Y; A \mid Y) = \sum_{\hat y, a, y} p(\hat y, a, y)
              \log \frac{p(\hat y \mid a, y)}{p(\hat y \mid y)}.

    Equalized odds (Hardt et al. 2016), equal true- and false-positive rates in
    every group, is :math:`\hat Y \perp A \mid Y`, i.e. this information is 0.

    References
    ----------
    Hardt, Price & Srebro (2016), "Equality of opportunity in supervised
    learning", NeurIPS.

    Examples
    --------
    >>> import itlab as it
    >>> y_true = [0, 0, 1, 1, 0, 0, 1, 1]
    >>> group = [0, 0, 0, 0, 1, 1, 1, 1]
    >>> it.equalized_odds_information(y_true, y_true, group)  # perfect predictions
    0.0
    """
    log_base(base)
    yp = _check_labels(y_pred, "y_pred")
    yt = _check_labels(y_true, "y_true", yp.size, "y_pred")
    a = _check_sensitive(sensitive, yp.size)
    pmf = joint_pmf(yp, a, yt)
    if _independent(np.rint(pmf * yp.size).astype(np.int64)):
        return 0.0
    return conditional_mutual_information(pmf, base=base)


# ------------------------------------------------------------------- a synthetic population

#: Structural equations of :func:`synthetic_population` (see its docstring).
POPULATION_COEFFICIENTS = {
    "minority": 0.3,  # P(A = 1)
    "label_shift": 0.6,  # historical disadvantage of A = 1 in the label
    "label_noise": 0.5,
    "score_shift": 0.8,  # bias of the test score against A = 1
    "proxy_shift": 1.2,  # how strongly the neighbourhood reveals A
    "measurement_noise": 0.6,
}


def population_feature_model(minority=0.3):
    r"""Class-conditional Gaussian model of the features of :func:`synthetic_population`.

    Given A = a the features are Gaussian with mean ``means[a]`` and a covariance
    ``cov`` shared by both groups, so
    :func:`itlab.bounds.gaussian_classes_mutual_information`
    gives :math:`I(X;A)` exactly.

    Parameters
    ----------
    minority : float, default 0.3
        P(A = 1).

    Returns
    -------
    means : numpy.ndarray, shape (2, 3)
    cov : numpy.ndarray, shape (3, 3)
    priors : numpy.ndarray, shape (2,)

    Examples
    --------
    >>> from itlab.fairness import population_feature_model
    >>> means, cov, priors = population_feature_model()
    >>> means[1].tolist(), priors.tolist()
    ([0.0, -0.8, 1.2], [0.7, 0.3])
    """
    c = POPULATION_COEFFICIENTS
    s2 = c["measurement_noise"] ** 2
    means = np.array([[0.0, 0.0, 0.0], [0.0, -c["score_shift"], c["proxy_shift"]]])
    cov = np.array([[1.0 + s2, 1.0, 0.0], [1.0, 1.0 + s2, 0.0], [0.0, 0.0, 1.0]])
    return means, cov, np.array([1.0 - minority, minority])


def synthetic_population(n, *, seed=0, minority=0.3):
    r"""Draw a population with a stated causal structure: group, proxies, skill and label.

    Parameters
    ----------
    n : int
        Number of people.
    seed : int or numpy.random.Generator, default 0
    minority : float, default 0.3
        P(A = 1).

    Returns
    -------
    X : numpy.ndarray, shape (n, 3)
        Features without the group: skill measurement, test score, neighbourhood.
    y : numpy.ndarray of int, shape (n,)
        Label.
    a : numpy.ndarray of int, shape (n,)
        Group (sensitive attribute), 1 for the minority.

    Notes
    -----
    With independent standard normal noises :math:`\varepsilon`:

    .. math::
        A &\sim \mathrm{Bernoulli}(0.3), \qquad
            U \sim \mathcal N(0, 1) \text{ (skill, } U \perp A),\\
        Y &= \mathbb 1[U - 0.6 A + 0.5 \varepsilon_Y > 0]
            \text{ (the label carries a historical disadvantage)},\\
        X_1 &= U + 0.6 \varepsilon_1 \text{ (skill measurement)},\\
        X_2 &= U - 0.8 A + 0.6 \varepsilon_2 \text{ (test score, biased against } A = 1),\\
        X_3 &= 1.2 A + \varepsilon_3 \text{ (neighbourhood: a proxy of } A).

    Given A the features are Gaussian with a shared covariance
    (:func:`population_feature_model`).

    Examples
    --------
    >>> from itlab.fairness import synthetic_population
    >>> X, y, a = synthetic_population(1000, seed=0)
    >>> X.shape, y.dtype.kind, sorted(set(a.tolist()))
    ((1000, 3), 'i', [0, 1])
    """
    from ._validation import as_generator, check_positive_int, check_probability

    n = check_positive_int(n, "n")
    minority = float(check_probability(minority, "minority"))
    rng = as_generator(seed)
    c = POPULATION_COEFFICIENTS
    a = (rng.random(n) < minority).astype(np.int64)
    u = rng.standard_normal(n)
    eps = rng.standard_normal((n, 4))
    y = (u - c["label_shift"] * a + c["label_noise"] * eps[:, 0] > 0).astype(np.int64)
    s = c["measurement_noise"]
    X = np.column_stack(
        [
            u + s * eps[:, 1],
            u - c["score_shift"] * a + s * eps[:, 2],
            c["proxy_shift"] * a + eps[:, 3],
        ]
    )
    return X, y, a


# ------------------------------------------------------------ adversarial fair representation


class FairRepresentation:
    r"""Classifier on a learned representation Z whose information about A is penalised.

    Built by :func:`train_fair_representation`; ``predict(X)`` gives labels,
    ``encode(X)`` the representation, ``history`` the training curves.
    """

    def __init__(self, encoder, head, mean, std, history):
        self.encoder, self.head = encoder, head
        self.mean, self.std = mean, std
        self.history = history

    def _z(self, X):
        import torch

        xt = torch.as_tensor((np.asarray(X, float) - self.mean) / self.std, dtype=torch.float32)
        with torch.no_grad():
            return self.encoder(xt)

    def encode(self, X):
        """The representation Z of the rows of X, as an (n, dim) ndarray."""
        return self._z(X).numpy().astype(float)

    def predict(self, X):
        """Predicted labels (argmax of the classifier head)."""
        import torch

        with torch.no_grad():
            return self.head(self._z(X)).argmax(1).numpy()


def train_fair_representation(
    X,
    y,
    sensitive,
    *,
    penalty=1.0,
    dim=4,
    hidden=16,
    steps=400,
    lr=1e-2,
    adversary_steps=2,
    seed=0,
    device="cpu",
):
    r"""Train an encoder, a label head and an adversary: predict Y while hiding A in Z.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Features (without the sensitive attribute, or with it -- the method does not care).
    y : array_like of int, shape (n,)
        Labels 0..K-1.
    sensitive : array_like of int, shape (n,)
        Sensitive attribute, values 0..G-1 (at least two).
    penalty : float, default 1.0
        Weight :math:`\lambda \ge 0` of the information penalty.
    dim, hidden : int
        Size of Z and of the hidden layers.
    steps : int, default 400
        Full-batch Adam steps of the encoder and head.
    lr : float, default 1e-2
    adversary_steps : int, default 2
        Adversary updates per encoder step.
    seed : int, default 0
    device : str, default "cpu"

    Returns
    -------
    FairRepresentation

    Raises
    ------
    ValueError
        If lengths differ, ``sensitive`` takes one value, or ``penalty`` < 0.

    Notes
    -----
    The adversary :math:`q(a \mid z)` minimises its cross-entropy
    :math:`\mathrm{CE} = \mathbb E[-\log q(A \mid Z)] \ge H(A \mid Z)`, so
    :math:`\hat I = H(A) - \mathrm{CE}` is a variational *lower* bound on
    :math:`I(Z;A)` (the Barber--Agakov bound), tight when the adversary is the
    true posterior. The encoder and head minimise

    .. math:: \mathbb E[-\log p(Y \mid Z)] + \lambda \max(\hat I, 0),

    in nats, alternating with the adversary's updates (as in Edwards & Storkey
    2016, Madras et al. 2018). The floor at 0 keeps the encoder from being
    rewarded for fooling the adversary into confident wrong answers, which would
    leak as much. Because the penalty is a lower bound, a small penalty certifies
    nothing by itself; measure :math:`I(\hat Y;A)` on held-out data, which the
    data processing inequality keeps below :math:`I(Z;A)`.

    References
    ----------
    Madras, Creager, Pitassi & Zemel (2018), "Learning adversarially fair and
    transferable representations", ICML.

    Examples
    --------
    >>> from itlab.fairness import synthetic_population, train_fair_representation
    >>> X, y, a = synthetic_population(2000, seed=1)
    >>> model = train_fair_representation(X, y, a, penalty=0.0, steps=100)
    >>> float((model.predict(X) == y).mean()) > 0.7
    True
    """
    import torch
    from torch import nn

    from ._validation import check_positive_int, check_real

    Xa = _check_matrix_float(X)
    yl = _check_labels(y, "y", Xa.shape[0], "X")
    al = _check_labels(sensitive, "sensitive", Xa.shape[0], "X")
    if np.unique(al).size < 2:
        raise ValueError("sensitive must take at least two values")
    penalty = check_real(penalty, "penalty", minimum=0.0)
    steps = check_positive_int(steps, "steps")
    _, y_codes = np.unique(yl, return_inverse=True)
    _, a_codes = np.unique(al, return_inverse=True)
    n_y, n_a = int(y_codes.max()) + 1, int(a_codes.max()) + 1
    mean, std = Xa.mean(0), Xa.std(0) + 1e-12
    torch.manual_seed(int(seed))
    xt = torch.as_tensor((Xa - mean) / std, dtype=torch.float32, device=device)
    yt = torch.as_tensor(y_codes, device=device)
    at = torch.as_tensor(a_codes, device=device)
    d = Xa.shape[1]
    encoder = nn.Sequential(nn.Linear(d, hidden), nn.ReLU(), nn.Linear(hidden, dim)).to(device)
    head = nn.Linear(dim, n_y).to(device)
    adversary = nn.Sequential(nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, n_a)).to(device)
    opt = torch.optim.Adam([*encoder.parameters(), *head.parameters()], lr=lr)
    opt_adv = torch.optim.Adam(adversary.parameters(), lr=lr)
    pa = torch.bincount(at, minlength=n_a).double() / len(at)
    h_a = float(-(pa[pa > 0] * pa[pa > 0].log()).sum())
    ce = nn.functional.cross_entropy
    hist = np.zeros((steps, 2))
    for t in range(steps):
        for _ in range(adversary_steps):
            opt_adv.zero_grad()
            ce(adversary(encoder(xt).detach()), at).backward()
            opt_adv.step()
        opt.zero_grad()
        z = encoder(xt)
        loss_y = ce(head(z), yt)
        info = h_a - ce(adversary(z), at)
        (loss_y + penalty * torch.clamp(info, min=0.0)).backward()
        opt.step()
        hist[t] = float(loss_y.detach()), float(info.detach())
    encoder.cpu().eval()
    head.cpu().eval()
    return FairRepresentation(encoder, head, mean, std, hist / np.log(2.0))


def _check_matrix_float(X):
    arr = np.asarray(X, dtype=float)
    if arr.ndim != 2:
        raise ValueError(f"X must have shape (n, d), got {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError("X contains NaN or infinite values")
    return arr
