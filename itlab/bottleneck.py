r"""The information bottleneck: the iterative algorithm and its variational cousin.

Given a joint distribution :math:`p(x, y)`, the information bottleneck (IB) looks
for a compressed representation :math:`T` of :math:`X` -- a stochastic encoder
:math:`p(t \mid x)` -- that keeps as much information about :math:`Y` as possible.
It minimises the IB Lagrangian

.. math:: \mathcal{L}[p(t \mid x)] = I(X;T) - \beta\, I(T;Y), \qquad Y - X - T,

over encoders, for a trade-off :math:`\beta > 0`. Two ways of solving it live here:

- :func:`information_bottleneck` and :func:`ib_curve`: the self-consistent
  equations of Tishby, Pereira & Bialek (1999), iterated on a discrete
  :math:`p(x, y)` given as an array, and the curve of :math:`I(T;Y)` against
  :math:`I(X;T)` traced by sweeping :math:`\beta` with warm starts;
- :class:`VIB` and :func:`train_vib`: the deep variational information bottleneck
  of Alemi et al. (2017), a stochastic Gaussian encoder and softmax decoder trained
  on data (here scikit-learn's handwritten digits, :func:`load_digits_split`).

Information is in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import numbers
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from ._validation import as_generator, check_pmf, check_positive_int, check_real, log_base
from .discrete import mutual_information

try:  # torch is an optional dependency (the ``torch`` extra); the IB iteration needs only NumPy.
    import torch
    from torch import nn

    _Module = nn.Module
except ImportError:  # pragma: no cover - exercised only without torch
    torch = None
    nn = None
    _Module = object

__all__ = [
    "IBSolution",
    "IBCurve",
    "information_bottleneck",
    "ib_curve",
    "load_digits_split",
    "VIB",
    "VIBResult",
    "train_vib",
]

#: Floor for probabilities inside logarithms: log(1e-300) = -690.8 stands for -inf
#: without creating NaNs as 0 * (-inf) in a matrix product.
_TINY = 1e-300


def _check_positive_float(value, name, allow_zero=False):
    """A finite real number > 0 (or >= 0 with ``allow_zero``), as a float."""
    return check_real(value, name, minimum=0.0, strict=not allow_zero)


class IBSolution(NamedTuple):
    """A solution of the self-consistent IB equations at one ``beta``."""

    #: Encoder ``p(t|x)``, shape ``(n_x, n_clusters)``; each row sums to 1.
    encoder: np.ndarray
    #: :math:`I(X;T)` in units of ``base``.
    i_xt: float
    #: :math:`I(T;Y)` in units of ``base``.
    i_ty: float
    #: Number of iterations run.
    n_iter: int
    #: Whether the largest change of the encoder fell below ``tol``.
    converged: bool


class IBCurve(NamedTuple):
    """The IB curve traced by :func:`ib_curve`, one entry per ``beta`` (increasing)."""

    #: The trade-off parameters, sorted increasingly.
    betas: np.ndarray
    #: :math:`I(X;T)` at each ``beta``, in units of ``base``.
    i_xt: np.ndarray
    #: :math:`I(T;Y)` at each ``beta``, in units of ``base``.
    i_ty: np.ndarray
    #: The encoders, shape ``(n_betas, n_x, n_clusters)``.
    encoders: np.ndarray
    #: :math:`I(X;Y)`, the ceiling of ``i_ty``, in units of ``base``.
    i_xy: float


def _prepare(pxy):
    """Validated p(x, y), p(x), p(y|x) (rows with p(x) = 0 get p(y)), and sum_y p(y|x) log p(y|x)."""
    pxy = check_pmf(pxy, "pxy", ndim=2)
    px = pxy.sum(axis=1)
    py = pxy.sum(axis=0)
    safe = np.where(px > 0, px, 1.0)[:, None]
    py_x = np.where(px[:, None] > 0, pxy / safe, py[None, :])
    neg_h = np.sum(np.where(py_x > 0, py_x * np.log(np.where(py_x > 0, py_x, 1.0)), 0.0), axis=1)
    return pxy, px, py_x, neg_h


def _iterate(pxy, px, py_x, neg_h, beta, encoder, tol, max_iter):
    """Run the self-consistent IB updates from ``encoder``; return (encoder, n_iter, converged)."""
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):  # noqa: B007 - iterations of a fixed-point map, not samples
        pt = px @ encoder  # p(t)
        pty = encoder.T @ pxy  # p(t, y)
        py_t = pty / np.where(pt > 0, pt, 1.0)[:, None]
        # D(p(y|x) || p(y|t)) for every (x, t) at once, in nats.
        kl = neg_h[:, None] - py_x @ np.log(np.maximum(py_t, _TINY)).T
        logits = np.log(np.maximum(pt, _TINY))[None, :] - beta * kl
        new = np.exp(logits - logits.max(axis=1, keepdims=True))
        new /= new.sum(axis=1, keepdims=True)
        change = float(np.max(np.abs(new - encoder)))
        encoder = new
        if change < tol:
            converged = True
            break
    return encoder, n_iter, converged


def _informations(pxy, px, encoder, base):
    joint_xt = px[:, None] * encoder
    joint_ty = encoder.T @ pxy
    # Renormalise only the rounding of the products (far below the 1e-6 pmf tolerance).
    joint_xt = joint_xt / joint_xt.sum()
    joint_ty = joint_ty / joint_ty.sum()
    return mutual_information(joint_xt, base=base), mutual_information(joint_ty, base=base)


def _split_and_perturb(pxy, px, py_x, neg_h, encoder, perturbation, rng):
    """Warm start for the next beta: merge duplicate clusters, split mixed ones, jitter.

    Under the updates a value of T whose mass has vanished never comes back, and
    two values with the same p(y|t) carry no more information than one. So the
    duplicates are merged and the freed (or empty) slots are given to the most
    heterogeneous clusters -- largest sum_x p(x, t) D(p(y|x) || p(y|t)) -- each
    split in two halves with opposite x-dependent jitters. If a split does not pay
    at the next beta, its halves converge back to the same p(y|t).
    """
    encoder = encoder.copy()
    pt = px @ encoder
    live = np.flatnonzero(pt >= 1e-12)
    py_t = (encoder.T @ pxy) / np.where(pt > 0, pt, 1.0)[:, None]
    # Merge clusters of (numerically) equal p(y|t): loop over clusters, not samples.
    for pos, t in enumerate(live):
        if pt[t] < 1e-12:
            continue
        later = live[pos + 1 :]
        same = later[(pt[later] >= 1e-12) & (np.max(np.abs(py_t[later] - py_t[t]), axis=1) < 1e-9)]
        if same.size:
            encoder[:, t] += encoder[:, same].sum(axis=1)
            encoder[:, same] = 0.0
            pt[t] += pt[same].sum()
            pt[same] = 0.0
    dead = np.flatnonzero(pt < 1e-12)
    live = np.flatnonzero(pt >= 1e-12)
    if dead.size:
        kl = neg_h[:, None] - py_x @ np.log(np.maximum(py_t, _TINY)).T
        spread = np.sum(px[:, None] * encoder * np.maximum(kl, 0.0), axis=0)
        mixed = live[spread[live] > 1e-12]
        mixed = mixed[np.argsort(-spread[mixed], kind="stable")]
        for slot, src in zip(dead, mixed, strict=False):  # loop over clusters, not samples
            jitter = perturbation * rng.uniform(-1.0, 1.0, encoder.shape[0])
            half = 0.5 * encoder[:, src]
            encoder[:, slot] = half * (1.0 + jitter)
            encoder[:, src] = half * (1.0 - jitter)
    encoder = encoder * (1.0 + perturbation * rng.uniform(-1.0, 1.0, encoder.shape))
    return encoder / encoder.sum(axis=1, keepdims=True)


def _check_common(n_clusters, n_x, tol, max_iter):
    n_clusters = n_x if n_clusters is None else check_positive_int(n_clusters, "n_clusters")
    tol = _check_positive_float(tol, "tol")
    max_iter = check_positive_int(max_iter, "max_iter")
    return n_clusters, tol, max_iter


def _random_encoder(rng, n_x, n_clusters):
    enc = rng.random((n_x, n_clusters)) + 1e-3
    return enc / enc.sum(axis=1, keepdims=True)


def information_bottleneck(
    pxy, beta, n_clusters=None, *, tol=1e-10, max_iter=5000, seed=0, init=None, base=2
):
    r"""Solve the information bottleneck at one ``beta`` by the self-consistent equations.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint pmf of the source X (axis 0) and the relevant variable Y (axis 1).
    beta : float
        Trade-off :math:`\beta > 0` of the Lagrangian :math:`I(X;T) - \beta I(T;Y)`.
        It is unit-free: both informations are measured in the same unit.
    n_clusters : int, optional
        Number of values of T; ``n_x`` by default, enough for T to copy X.
    tol : float, default 1e-10
        Stop when no entry of the encoder changes by more than ``tol`` in one update.
    max_iter : int, default 5000
        Most updates to run.
    seed : int or numpy.random.Generator, default 0
        Seed of the random initial encoder (ignored when ``init`` is given).
    init : array_like, shape (n_x, n_clusters), optional
        Initial encoder (rows are pmfs), for warm starts.
    base : float, default 2
        Logarithm base of the returned informations (2: bits).

    Returns
    -------
    IBSolution
        ``(encoder, i_xt, i_ty, n_iter, converged)``: the encoder :math:`p(t \mid x)`,
        :math:`I(X;T)` and :math:`I(T;Y)` in units of ``base``, the number of
        iterations and whether the tolerance was met.

    Raises
    ------
    ValueError
        If ``pxy`` is not a 2-D pmf, ``beta`` or ``tol`` is not positive and finite,
        ``n_clusters`` or ``max_iter`` is below 1, ``init`` has the wrong shape or
        rows that are not pmfs, or ``base`` is invalid.
    TypeError
        If an argument has the wrong type.

    Notes
    -----
    A stationary point of the IB Lagrangian satisfies (Tishby, Pereira & Bialek 1999)

    .. math::

        p(t \mid x) = \frac{p(t)}{Z(x, \beta)}
            \exp\!\big(-\beta\, D\big(p(y \mid x) \,\|\, p(y \mid t)\big)\big),\qquad
        p(t) = \sum_x p(x)\, p(t \mid x),\qquad
        p(y \mid t) = \frac{1}{p(t)} \sum_x p(x, y)\, p(t \mid x),

    with the divergence in nats. Iterating the three equations in turn never
    increases the Lagrangian, like the Blahut--Arimoto algorithm it generalises,
    and converges to a stationary point -- a local, not always global, optimum;
    :func:`ib_curve` anneals :math:`\beta` to follow the good branch. Each update
    is three matrix products and a log-sum-exp over clusters. A value of T that
    loses all its mass stays empty. The result never breaks the data processing
    inequality :math:`I(T;Y) \le \min(I(X;T), I(X;Y))`.

    References
    ----------
    Tishby, Pereira & Bialek (1999), "The information bottleneck method",
    Proc. 37th Allerton Conference on Communication, Control and Computing.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> pxy = np.array([[0.4, 0.1], [0.1, 0.4]])   # a binary symmetric channel
    >>> weak = it.information_bottleneck(pxy, beta=1.0)
    >>> round(weak.i_xt, 6)                         # below the critical beta: T ignores X
    0.0
    >>> strong = it.information_bottleneck(pxy, beta=50.0)
    >>> round(strong.i_ty, 4), round(it.mutual_information(pxy), 4)
    (0.2781, 0.2781)
    """
    pxy, px, py_x, neg_h = _prepare(pxy)
    beta = _check_positive_float(beta, "beta")
    n_clusters, tol, max_iter = _check_common(n_clusters, pxy.shape[0], tol, max_iter)
    log_base(base)
    if init is None:
        encoder = _random_encoder(as_generator(seed), pxy.shape[0], n_clusters)
    else:
        encoder = np.asarray(init, dtype=float)
        if encoder.shape != (pxy.shape[0], n_clusters):
            raise ValueError(
                f"init must have shape {(pxy.shape[0], n_clusters)}, got {encoder.shape}"
            )
        if not np.all(np.isfinite(encoder)) or np.any(encoder < 0):
            raise ValueError("init must contain finite non-negative probabilities")
        if not np.allclose(encoder.sum(axis=1), 1.0, rtol=1e-6, atol=0.0):
            raise ValueError("init rows must each sum to 1")
    encoder, n_iter, converged = _iterate(pxy, px, py_x, neg_h, beta, encoder, tol, max_iter)
    i_xt, i_ty = _informations(pxy, px, encoder, base)
    return IBSolution(encoder, i_xt, i_ty, n_iter, converged)


def ib_curve(
    pxy,
    betas,
    n_clusters=None,
    *,
    tol=1e-10,
    max_iter=5000,
    seed=0,
    perturbation=1e-2,
    base=2,
):
    r"""Trace the information bottleneck curve by sweeping ``beta`` upwards with warm starts.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint pmf of X (axis 0) and Y (axis 1).
    betas : array_like of float
        Positive trade-off values; they are sorted increasingly.
    n_clusters : int, optional
        Number of values of T; ``n_x`` by default.
    tol, max_iter
        Convergence settings of each solve, as in :func:`information_bottleneck`.
    seed : int or numpy.random.Generator, default 0
        Seed of the first encoder and of the perturbations.
    perturbation : float, default 1e-2
        Relative size of the random jitter multiplied into the previous encoder before
        each new ``beta``, so that clusters that coincide can split. ``0`` turns it off.
    base : float, default 2
        Logarithm base of the informations (2: bits).

    Returns
    -------
    IBCurve
        ``(betas, i_xt, i_ty, encoders, i_xy)`` with one entry per ``beta`` in
        increasing order, and :math:`I(X;Y)`, all informations in units of ``base``.

    Raises
    ------
    ValueError
        If ``betas`` is empty or holds a value that is not positive and finite,
        ``perturbation`` is negative, or another argument is invalid as in
        :func:`information_bottleneck`.

    Notes
    -----
    Deterministic annealing (Tishby, Pereira & Bialek 1999; Slonim 2002): start at the
    smallest :math:`\beta` from a random encoder, then solve each larger
    :math:`\beta` from the previous solution. At small :math:`\beta` all clusters
    coincide (:math:`I(X;T) = 0`); as :math:`\beta` grows they split at critical
    values, and the curve climbs towards :math:`(H(X^*), I(X;Y))`, where
    :math:`X^*` lumps together the values of X with the same :math:`p(y \mid x)`.
    The curve is concave and non-decreasing, and it lies below both the diagonal
    :math:`I(T;Y) = I(X;T)` and the ceiling :math:`I(X;Y)`; the slope of the
    optimal curve at the point reached with :math:`\beta` is :math:`1/\beta`.

    References
    ----------
    Tishby, Pereira & Bialek (1999), "The information bottleneck method".
    Slonim (2002), "The information bottleneck: theory and applications", PhD thesis,
    Hebrew University of Jerusalem.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> pxy = np.array([[0.4, 0.1], [0.1, 0.4]])
    >>> curve = it.ib_curve(pxy, np.geomspace(0.5, 100, 30))
    >>> bool(np.all(curve.i_ty <= np.minimum(curve.i_xt, curve.i_xy) + 1e-12))
    True
    >>> round(float(curve.i_ty[-1]), 3), round(curve.i_xy, 3)
    (0.278, 0.278)
    """
    pxy, px, py_x, neg_h = _prepare(pxy)
    b = np.asarray(betas, dtype=float).ravel()
    if b.size == 0:
        raise ValueError("betas must not be empty")
    if not np.all(np.isfinite(b)) or np.any(b <= 0):
        raise ValueError("betas must all be positive and finite")
    b = np.sort(b)
    n_clusters, tol, max_iter = _check_common(n_clusters, pxy.shape[0], tol, max_iter)
    perturbation = _check_positive_float(perturbation, "perturbation", allow_zero=True)
    log_base(base)
    rng = as_generator(seed)
    encoder = _random_encoder(rng, pxy.shape[0], n_clusters)
    encoders = np.empty((b.size, pxy.shape[0], n_clusters))
    i_xt = np.empty(b.size)
    i_ty = np.empty(b.size)
    for k, beta in enumerate(b):  # warm starts: each beta starts from the previous solution
        if k > 0 and perturbation > 0:
            encoder = _split_and_perturb(pxy, px, py_x, neg_h, encoder, perturbation, rng)
        encoder, _, _ = _iterate(pxy, px, py_x, neg_h, beta, encoder, tol, max_iter)
        encoders[k] = encoder
        i_xt[k], i_ty[k] = _informations(pxy, px, encoder, base)
    return IBCurve(b, i_xt, i_ty, encoders, mutual_information(pxy, base=base))


# --------------------------------------------------------------------------- the variational IB


def load_digits_split(test_fraction=0.3, seed=0):
    """Scikit-learn's 8x8 handwritten digits, scaled to [0, 1] and split, stratified.

    Parameters
    ----------
    test_fraction : float, default 0.3
        Fraction of the 1797 images held out for testing, in (0, 1).
    seed : int, default 0
        Seed of the split.

    Returns
    -------
    x_train, x_test : numpy.ndarray, shape (n, 64)
        Pixel intensities divided by 16 (float32).
    y_train, y_test : numpy.ndarray, shape (n,)
        Digit labels 0-9 (int64).

    Raises
    ------
    ValueError
        If ``test_fraction`` is not strictly between 0 and 1.

    Examples
    --------
    >>> import itlab as it
    >>> x_tr, x_te, y_tr, y_te = it.load_digits_split()
    >>> x_tr.shape, x_te.shape
    ((1257, 64), (540, 64))
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_fraction = _check_positive_float(test_fraction, "test_fraction")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must lie strictly between 0 and 1, got {test_fraction}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    data = load_digits()
    x = (data.data / 16.0).astype(np.float32)
    y = data.target.astype(np.int64)
    x_tr, x_te, y_tr, y_te = train_test_split(
        x, y, test_size=test_fraction, random_state=int(seed), stratify=y
    )
    return x_tr, x_te, y_tr, y_te


@contextmanager
def _torch_threads(n=1):
    """Run torch on ``n`` threads inside the block, then restore the previous setting.

    Tiny networks gain nothing from intra-op parallelism and, on a busy machine,
    lose a lot to threads waiting for each other; training loops here use one.
    """
    old = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def _require_torch():
    if torch is None:  # pragma: no cover
        raise ImportError("this part of itlab needs torch: pip install torch==2.13.0")


class VIB(_Module):
    r"""Deep variational information bottleneck classifier (Alemi et al. 2017).

    A stochastic encoder :math:`q(z \mid x) = \mathcal{N}(\mu(x), \operatorname{diag}\sigma^2(x))`
    (an MLP), a softmax decoder :math:`q(y \mid z)` (one linear layer, as in the
    paper), and the prior :math:`r(z) = \mathcal{N}(0, I)`.

    Parameters
    ----------
    in_features : int
        Input dimension.
    n_classes : int
        Number of classes (at least 2).
    latent_dim : int, default 8
        Dimension K of the bottleneck Z.
    hidden : sequence of int, default (128,)
        Widths of the encoder's hidden ReLU layers.
    seed : int, default 0
        Seed of the initial weights.
    device : str or torch.device, default "cpu"
        Where the parameters live.

    Raises
    ------
    ValueError
        If a size is below its minimum.

    Notes
    -----
    The loss of one example is

    .. math::

        \mathbb{E}_{z \sim q(z \mid x)}\!\left[-\log q(y \mid z)\right]
        + \beta\, D\big(q(z \mid x) \,\|\, r(z)\big),

    averaged over a batch, with one reparametrised sample
    :math:`z = \mu + \sigma \odot \varepsilon`. Its two terms bound the IB quantities:
    :math:`I(X;Z) \le \mathbb{E}_x D(q(z \mid x) \| r(z))` (the *rate*) and
    :math:`I(Z;Y) \ge H(Y) - \mathbb{E}[-\log q(y \mid z)]`. The standard deviation is
    :math:`\operatorname{softplus}(s - 5)` of the encoder's raw output s, as in
    the paper, so that training starts with little noise.

    References
    ----------
    Alemi, Fischer, Dillon & Murphy (2017), "Deep variational information
    bottleneck", ICLR.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> model = it.VIB(in_features=64, n_classes=10, latent_dim=4)
    >>> x = torch.zeros(5, 64); y = torch.zeros(5, dtype=torch.long)
    >>> total, ce, kl = model.loss(x, y, beta=1e-3)
    >>> tuple(model(x).shape)
    (1, 5, 10)
    """

    def __init__(
        self, in_features, n_classes, latent_dim=8, hidden=(128,), *, seed=0, device="cpu"
    ):
        _require_torch()
        super().__init__()
        in_features = check_positive_int(in_features, "in_features")
        n_classes = check_positive_int(n_classes, "n_classes", minimum=2)
        latent_dim = check_positive_int(latent_dim, "latent_dim")
        hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seed must be an int, got {type(seed).__name__}")
        self.latent_dim = latent_dim
        gen_state = torch.random.get_rng_state()
        torch.manual_seed(int(seed))
        layers = []
        width = in_features
        for h in hidden:
            layers += [nn.Linear(width, h), nn.ReLU()]
            width = h
        layers.append(nn.Linear(width, 2 * latent_dim))
        self.encoder = nn.Sequential(*layers)
        self.decoder = nn.Linear(latent_dim, n_classes)
        torch.random.set_rng_state(gen_state)
        self.to(device)

    def encode(self, x):
        """Mean and standard deviation of :math:`q(z \\mid x)`, each of shape ``(n, latent_dim)``."""
        out = self.encoder(x)
        mean, raw = out[..., : self.latent_dim], out[..., self.latent_dim :]
        return mean, nn.functional.softplus(raw - 5.0)

    def forward(self, x, n_samples=1, generator=None):
        """Decoder logits for ``n_samples`` draws of z: shape ``(n_samples, n, n_classes)``."""
        mean, std = self.encode(x)
        eps = torch.randn(
            (n_samples, *mean.shape), generator=generator, device=mean.device, dtype=mean.dtype
        )
        return self.decoder(mean + std * eps)

    @staticmethod
    def kl_to_prior(mean, std):
        r"""Per-example :math:`D(\mathcal{N}(\mu, \operatorname{diag}\sigma^2) \| \mathcal{N}(0, I))` in nats."""
        return 0.5 * torch.sum(mean**2 + std**2 - 1.0 - 2.0 * torch.log(std), dim=-1)

    def loss(self, x, y, beta, generator=None):
        """Batch loss ``cross_entropy + beta * kl`` and its two terms (all in nats, batch means)."""
        beta = _check_positive_float(beta, "beta", allow_zero=True)
        mean, std = self.encode(x)
        eps = torch.randn(mean.shape, generator=generator, device=mean.device, dtype=mean.dtype)
        logits = self.decoder(mean + std * eps)
        ce = nn.functional.cross_entropy(logits, y)
        kl = self.kl_to_prior(mean, std).mean()
        return ce + beta * kl, ce, kl

    def predict_proba(self, x, n_samples=12, generator=None):
        """Class probabilities averaged over ``n_samples`` draws of z, shape ``(n, n_classes)``."""
        with torch.no_grad():
            return torch.softmax(self(x, n_samples=n_samples, generator=generator), dim=-1).mean(
                dim=0
            )


class VIBResult(NamedTuple):
    """What :func:`train_vib` returns."""

    #: The trained model.
    model: object
    #: The trade-off it was trained with.
    beta: float
    #: Test accuracy (class probabilities averaged over 12 draws of z).
    accuracy: float
    #: Training accuracy, the same way.
    train_accuracy: float
    #: The rate, the mean KL of q(z|x) to the prior on the test set, an upper bound on I(X;Z), in units of ``base``.
    rate: float
    #: Mean cross-entropy -log q(y|z) on the test set, in units of ``base``.
    cross_entropy: float
    #: H(Y) - cross_entropy, a lower bound on I(Z;Y), in units of ``base``.
    relevance: float


def train_vib(
    x_train,
    y_train,
    x_test,
    y_test,
    beta,
    *,
    latent_dim=8,
    hidden=(128,),
    epochs=40,
    batch_size=256,
    lr=3e-3,
    seed=0,
    base=2,
    device="cpu",
):
    r"""Train a :class:`VIB` classifier with Adam and measure it on held-out data.

    Parameters
    ----------
    x_train, x_test : array_like, shape (n, d)
        Inputs.
    y_train, y_test : array_like of int, shape (n,)
        Class labels ``0 .. n_classes - 1``.
    beta : float
        Weight :math:`\beta \ge 0` of the KL (rate) term.
    latent_dim, hidden
        Sizes, as in :class:`VIB`.
    epochs : int, default 40
        Passes over the training set.
    batch_size : int, default 256
        Mini-batch size.
    lr : float, default 3e-3
        Adam learning rate.
    seed : int, default 0
        Seeds the weights, the batch order and the noise.
    base : float, default 2
        Unit of the reported informations (2: bits).
    device : str or torch.device, default "cpu"

    Returns
    -------
    VIBResult
        The model, ``beta``, test and training accuracy, the rate (an upper bound on
        :math:`I(X;Z)`), the test cross-entropy and the relevance lower bound
        :math:`H(Y) - \text{cross-entropy}` on :math:`I(Z;Y)`, informations in units of
        ``base``; :math:`H(Y)` is the entropy of the test labels.

    Raises
    ------
    ValueError
        If the arrays do not fit together, ``beta`` is negative, or a size is below 1.

    Notes
    -----
    Larger :math:`\beta` squeezes the rate: the encoder forgets more about the image
    and keeps what predicts the digit. A small :math:`\beta` gives an almost
    deterministic encoder (rate of tens of bits), a large one collapses Z onto the
    prior (rate 0, chance accuracy). See Alemi et al. (2017), figure 1.

    References
    ----------
    Alemi, Fischer, Dillon & Murphy (2017), "Deep variational information
    bottleneck", ICLR.

    Examples
    --------
    >>> import itlab as it
    >>> x_tr, x_te, y_tr, y_te = it.load_digits_split()
    >>> res = it.train_vib(x_tr, y_tr, x_te, y_te, beta=1e-2, epochs=5)
    >>> res.accuracy > 0.5 and res.rate > 0
    True
    """
    _require_torch()
    beta = _check_positive_float(beta, "beta", allow_zero=True)
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    lr = _check_positive_float(lr, "lr")
    scale = log_base(base)
    xs, ys = [], []
    for xname, yname, xa, ya in (
        ("x_train", "y_train", x_train, y_train),
        ("x_test", "y_test", x_test, y_test),
    ):
        xa = torch.as_tensor(np.asarray(xa), dtype=torch.float32, device=device)
        ya = torch.as_tensor(np.asarray(ya), dtype=torch.long, device=device)
        if xa.ndim != 2:
            raise ValueError(f"{xname} must have shape (n, d), got {tuple(xa.shape)}")
        if ya.ndim != 1 or ya.shape[0] != xa.shape[0]:
            raise ValueError(
                f"{yname} must have shape ({xa.shape[0]},) to match {xname}, got {tuple(ya.shape)}"
            )
        if not torch.all(torch.isfinite(xa)):
            raise ValueError(f"{xname} contains NaN or infinite values")
        if ya.numel() == 0 or ya.min() < 0:
            raise ValueError(f"{yname} must hold class labels 0, 1, ...")
        xs.append(xa)
        ys.append(ya)
    (xtr, xte), (ytr, yte) = xs, ys
    if xte.shape[1] != xtr.shape[1]:
        raise ValueError(f"x_test has {xte.shape[1]} features, x_train {xtr.shape[1]}")
    n_classes = int(max(ytr.max(), yte.max())) + 1
    with _torch_threads(1):
        model = VIB(xtr.shape[1], n_classes, latent_dim, hidden, seed=seed, device=device)
        opt = torch.optim.Adam(model.parameters(), lr=lr)
        gen = torch.Generator(device=device).manual_seed(int(seed))
        n = xtr.shape[0]
        model.train()
        for _ in range(epochs):
            perm = torch.randperm(n, generator=gen, device=device)
            for idx in perm.split(batch_size):  # mini-batches, not samples
                total, _, _ = model.loss(xtr[idx], ytr[idx], beta, generator=gen)
                opt.zero_grad(set_to_none=True)
                total.backward()
                opt.step()
        model.eval()
        with torch.no_grad():
            acc_te = float(
                (model.predict_proba(xte, generator=gen).argmax(1) == yte).float().mean()
            )
            acc_tr = float(
                (model.predict_proba(xtr, generator=gen).argmax(1) == ytr).float().mean()
            )
            mean, std = model.encode(xte)
            rate = float(VIB.kl_to_prior(mean, std).mean()) / scale
            logits = model(xte, n_samples=12, generator=gen)
            ce = (
                float(nn.functional.cross_entropy(logits.reshape(-1, n_classes), yte.repeat(12)))
                / scale
            )
    counts = np.bincount(yte.cpu().numpy(), minlength=n_classes) / yte.shape[0]
    h_y = float(-np.sum(counts[counts > 0] * np.log(counts[counts > 0]))) / scale
    return VIBResult(model, beta, acc_te, acc_tr, rate, ce, h_y - ce)
