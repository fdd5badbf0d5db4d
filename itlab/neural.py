r"""Neural estimators of mutual information: variational lower bounds trained by SGD.

A *critic* :math:`f(x, y)` scores pairs. On a batch of B pairs drawn from the
joint distribution it gives a (B, B) score matrix ``scores[i, j] = f(x_i, y_j)``:
the diagonal holds the B joint pairs, the off-diagonal entries pair an
:math:`x_i` with an unrelated :math:`y_j` and so stand for the product of the
marginals. Every bound below is a function of that matrix, returned **in nats**
as a differentiable 0-d tensor, so that a critic can be trained by maximising it.

* :func:`infonce_bound` — InfoNCE (van den Oord et al. 2018); never above log B.
* :func:`nwj_bound` — Nguyen, Wainwright & Jordan (2010).
* :func:`dv_bound` — Donsker–Varadhan; the objective of MINE (Belghazi et al. 2018).
* :func:`smile_bound` — DV with the scores of the marginal term clipped
  (Song & Ermon 2020).

:class:`SeparableCritic` (:math:`f(x, y) = g(x)^\top h(y)`, 2B network passes per
batch) and :class:`ConcatCritic` (one network on the concatenated pair, B² passes)
are the two critic architectures of Poole et al. (2019). :class:`CriticTrainer`
does the updates — including MINE's moving-average correction of the DV
gradient — and :func:`neural_mutual_information` wraps it all into an estimator
of :math:`I(X;Y)` from samples, in bits by default. :func:`train_contrastive_encoder`
maximises InfoNCE between two augmented views of the same input, which is
contrastive representation learning.

torch is imported through :mod:`itlab.bottleneck`, which tolerates its absence, so
``import itlab`` works without it; these functions then raise ``ImportError``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_base, check_positive_int, check_real, check_samples, log_base
from .bottleneck import _require_torch, _torch_threads, nn, torch
from .utils import progress

__all__ = [
    "infonce_bound",
    "nwj_bound",
    "dv_bound",
    "smile_bound",
    "SeparableCritic",
    "ConcatCritic",
    "CriticTrainer",
    "NeuralMIResult",
    "neural_mutual_information",
    "digits_augment",
    "train_contrastive_encoder",
    "BOUNDS",
    "CRITICS",
]

#: Names accepted by ``bound=``: "mine" is DV trained with the moving-average gradient.
BOUNDS = ("infonce", "nwj", "dv", "mine", "smile")
#: Names accepted by ``critic=``.
CRITICS = ("separable", "concat")

_Module = nn.Module if nn is not None else object


# ------------------------------------------------------------------ the bounds


def _check_scores(scores):
    _require_torch()
    if not isinstance(scores, torch.Tensor):
        try:
            scores = torch.as_tensor(np.asarray(scores, dtype=float))
        except (TypeError, ValueError) as err:
            raise TypeError(f"scores must be a (B, B) tensor of numbers: {err}") from None
    if scores.ndim != 2 or scores.shape[0] != scores.shape[1]:
        raise ValueError(f"scores must be a square (B, B) matrix, got shape {tuple(scores.shape)}")
    if scores.shape[0] < 2:
        raise ValueError(
            f"scores needs B >= 2 (one joint pair and one negative), got B = {scores.shape[0]}"
        )
    if not scores.is_floating_point():
        scores = scores.double()
    if not bool(torch.isfinite(scores).all()):
        raise ValueError("scores contains NaN or infinite entries")
    return scores


def _logmeanexp_offdiag(s):
    """log of the mean of exp(s_ij) over the B(B-1) entries with i != j."""
    b = s.shape[0]
    mask = torch.eye(b, dtype=torch.bool, device=s.device)
    return torch.logsumexp(s.masked_fill(mask, -math.inf), dim=(0, 1)) - math.log(b * (b - 1))


def _infonce(s):
    return (s.diagonal() - torch.logsumexp(s, dim=1)).mean() + math.log(s.shape[0])


def _nwj(s):
    return s.diagonal().mean() - torch.exp(_logmeanexp_offdiag(s) - 1.0)


def _dv(s):
    return s.diagonal().mean() - _logmeanexp_offdiag(s)


def _smile(s, clip):
    return s.diagonal().mean() - _logmeanexp_offdiag(s.clamp(-clip, clip))


def _js(s):
    """Jensen–Shannon (f-GAN) objective; its optimal critic is exactly log p(x,y)/(p(x)p(y))."""
    b = s.shape[0]
    diag = s.diagonal()
    off = (nn.functional.softplus(s).sum() - nn.functional.softplus(diag).sum()) / (b * (b - 1))
    return -nn.functional.softplus(-diag).mean() - off


def infonce_bound(scores):
    r"""InfoNCE lower bound on :math:`I(X;Y)`, in nats, from a (B, B) critic score matrix.

    Parameters
    ----------
    scores : torch.Tensor, shape (B, B)
        ``scores[i, j] = f(x_i, y_j)``; the diagonal holds the pairs drawn from the
        joint distribution. B >= 2.

    Returns
    -------
    torch.Tensor
        A differentiable 0-d tensor, in nats; never above :math:`\log B`.

    Raises
    ------
    ValueError
        If ``scores`` is not square, has B < 2, or holds NaN or infinity.

    Notes
    -----
    .. math::
        I_{\mathrm{NCE}} = \frac1B \sum_{i=1}^B \log
        \frac{e^{f(x_i, y_i)}}{\frac1B \sum_{j=1}^B e^{f(x_i, y_j)}}
        = \log B - \frac1B \sum_i \Big(\log\sum_j e^{f(x_i,y_j)} - f(x_i, y_i)\Big).

    Each term in the bracket is at least 0 (the sum contains :math:`e^{f(x_i,y_i)}`),
    so :math:`I_{\mathrm{NCE}} \le \log B` whatever the critic: the cross-entropy of
    picking the true partner among B candidates.

    References
    ----------
    van den Oord, Li & Vinyals (2018), "Representation learning with contrastive
    predictive coding", arXiv:1807.03748.
    Poole, Ozair, van den Oord, Alemi & Tucker (2019), "On variational bounds of
    mutual information", ICML.

    Examples
    --------
    >>> import math, torch
    >>> import itlab as it
    >>> float(it.infonce_bound(torch.zeros(4, 4)))      # an uninformative critic
    0.0
    >>> s = 50.0 * torch.eye(4)                         # a perfect one
    >>> round(float(it.infonce_bound(s)), 6) == round(math.log(4), 6)
    True
    """
    return _infonce(_check_scores(scores))


def nwj_bound(scores):
    r"""Nguyen–Wainwright–Jordan lower bound on :math:`I(X;Y)`, in nats.

    Parameters
    ----------
    scores : torch.Tensor, shape (B, B)
        ``scores[i, j] = f(x_i, y_j)``, joint pairs on the diagonal; B >= 2.

    Returns
    -------
    torch.Tensor
        A differentiable 0-d tensor, in nats.

    Raises
    ------
    ValueError
        If ``scores`` is not square, has B < 2, or holds NaN or infinity.

    Notes
    -----
    .. math::
        I_{\mathrm{NWJ}} = \frac1B \sum_i f(x_i, y_i)
        - \frac{1}{e}\,\frac{1}{B(B-1)} \sum_{i \ne j} e^{f(x_i, y_j)}.

    Both averages are unbiased, so for a fixed critic the estimate is unbiased for
    :math:`\mathbb E_p f - e^{-1}\mathbb E_{p_X p_Y} e^f \le I(X;Y)`. The optimal
    critic is :math:`1 + \log\frac{p(x,y)}{p(x)p(y)}`. The exponential makes its
    variance grow like :math:`e^{I}`.

    References
    ----------
    Nguyen, Wainwright & Jordan (2010), "Estimating divergence functionals and the
    likelihood ratio by convex risk minimization", IEEE Trans. Inf. Theory 56.

    Examples
    --------
    >>> import math, torch
    >>> import itlab as it
    >>> round(float(it.nwj_bound(torch.ones(3, 3))), 6)  # f = 1: 1 - e^0
    0.0
    """
    return _nwj(_check_scores(scores))


def dv_bound(scores):
    r"""Donsker–Varadhan lower bound on :math:`I(X;Y)` (MINE's objective), in nats.

    Parameters
    ----------
    scores : torch.Tensor, shape (B, B)
        ``scores[i, j] = f(x_i, y_j)``, joint pairs on the diagonal; B >= 2.

    Returns
    -------
    torch.Tensor
        A differentiable 0-d tensor, in nats.

    Raises
    ------
    ValueError
        If ``scores`` is not square, has B < 2, or holds NaN or infinity.

    Notes
    -----
    .. math::
        I_{\mathrm{DV}} = \frac1B \sum_i f(x_i, y_i)
        - \log \frac{1}{B(B-1)} \sum_{i \ne j} e^{f(x_i, y_j)}.

    Adding a constant to f leaves it unchanged. The log of a sample mean is biased
    (low, by Jensen), so the batch estimate is biased *up* for a fixed critic, and
    the gradient of the log term is biased too; MINE corrects the gradient
    (see :class:`CriticTrainer`).

    References
    ----------
    Donsker & Varadhan (1983), "Asymptotic evaluation of certain Markov process
    expectations for large time IV", Comm. Pure Appl. Math. 36.
    Belghazi et al. (2018), "Mutual information neural estimation", ICML.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> float(it.dv_bound(torch.zeros(5, 5)))
    0.0
    """
    return _dv(_check_scores(scores))


def smile_bound(scores, clip=5.0):
    r"""SMILE: the DV bound with the marginal scores clipped to [-clip, clip], in nats.

    Parameters
    ----------
    scores : torch.Tensor, shape (B, B)
        ``scores[i, j] = f(x_i, y_j)``, joint pairs on the diagonal; B >= 2.
    clip : float, default 5.0
        Clipping threshold :math:`\tau > 0`.

    Returns
    -------
    torch.Tensor
        A differentiable 0-d tensor, in nats.

    Raises
    ------
    ValueError
        If ``scores`` is not square, has B < 2, holds NaN or infinity, or ``clip``
        is not positive.

    Notes
    -----
    .. math::
        I_{\mathrm{SMILE}} = \frac1B \sum_i f(x_i, y_i)
        - \log \frac{1}{B(B-1)} \sum_{i \ne j} e^{\operatorname{clip}(f(x_i, y_j), -\tau, \tau)}.

    Clipping bounds :math:`e^f` by :math:`e^\tau`, hence the variance of the
    partition-function estimate, at the price of a bias; as :math:`\tau \to \infty`
    it is the DV bound. It is not a lower bound for every critic.

    References
    ----------
    Song & Ermon (2020), "Understanding the limitations of variational mutual
    information estimators", ICLR.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> s = torch.tensor([[2.0, -1.0], [0.5, 3.0]])
    >>> bool(torch.isclose(it.smile_bound(s, clip=100.0), it.dv_bound(s)))
    True
    """
    clip = check_real(clip, "clip", minimum=0.0, strict=True)
    return _smile(_check_scores(scores), clip)


# ------------------------------------------------------------------ critics


def _mlp(d_in, hidden, d_out):
    layers, d = [], d_in
    for h in hidden:
        layers += [nn.Linear(d, h), nn.ReLU()]
        d = h
    layers.append(nn.Linear(d, d_out))
    return nn.Sequential(*layers)


def _check_hidden(hidden):
    if isinstance(hidden, numbers.Integral):
        hidden = (hidden,)
    try:
        hidden = tuple(check_positive_int(h, "hidden") for h in hidden)
    except TypeError:
        raise TypeError(f"hidden must be a sequence of positive ints, got {hidden!r}") from None
    return hidden


class _Critic(_Module):
    def pair_scores(self, x, y):
        """Scores f(x_i, y_i) of the B given pairs only (a vector), for plots and diagnostics."""
        raise NotImplementedError


class SeparableCritic(_Critic):
    r"""Separable critic :math:`f(x, y) = g(x)^\top h(y)`, with g and h small ReLU MLPs.

    Parameters
    ----------
    dx, dy : int
        Dimensions of x and y.
    hidden : sequence of int, default (64, 64)
        Widths of the hidden layers of g and of h.
    embed_dim : int, default 32
        Dimension of the embeddings g(x) and h(y).
    seed : int, default 0
        Seeds the initial weights.
    device : str or torch.device, default "cpu"

    Notes
    -----
    ``critic(x, y)`` returns the (B, B) matrix ``g(x) @ h(y).T`` from 2B network
    passes. Poole et al. (2019) and Song & Ermon (2020) use this and the
    concatenated critic on the Gaussian "staircase".

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> critic = it.SeparableCritic(3, 2, hidden=(8,), embed_dim=4)
    >>> critic(torch.zeros(5, 3), torch.zeros(5, 2)).shape
    torch.Size([5, 5])
    """

    def __init__(self, dx, dy, hidden=(64, 64), embed_dim=32, *, seed=0, device="cpu"):
        _require_torch()
        super().__init__()
        dx, dy = check_positive_int(dx, "dx"), check_positive_int(dy, "dy")
        hidden, embed_dim = _check_hidden(hidden), check_positive_int(embed_dim, "embed_dim")
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            self.g = _mlp(dx, hidden, embed_dim)
            self.h = _mlp(dy, hidden, embed_dim)
        self.to(device)

    def forward(self, x, y):
        """The (B, B) score matrix ``[i, j] = g(x_i) . h(y_j)`` of batches x (B, dx), y (B, dy)."""
        return self.g(x) @ self.h(y).T

    def pair_scores(self, x, y):
        return (self.g(x) * self.h(y)).sum(dim=1)


class ConcatCritic(_Critic):
    r"""Concatenated ("joint") critic :math:`f(x, y) = m([x, y])`, one ReLU MLP on the pair.

    Parameters
    ----------
    dx, dy : int
        Dimensions of x and y.
    hidden : sequence of int, default (64, 64)
        Widths of the hidden layers.
    seed : int, default 0
        Seeds the initial weights.
    device : str or torch.device, default "cpu"

    Notes
    -----
    ``critic(x, y)`` evaluates the network on all B² pairs :math:`(x_i, y_j)` at once
    (one batched pass over a (B², dx + dy) tensor). More expressive than a
    separable critic, and B/2 times more expensive.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> critic = it.ConcatCritic(1, 1, hidden=(8,))
    >>> s = critic(torch.randn(4, 1), torch.randn(4, 1))
    >>> s.shape
    torch.Size([4, 4])
    """

    def __init__(self, dx, dy, hidden=(64, 64), *, seed=0, device="cpu"):
        _require_torch()
        super().__init__()
        dx, dy = check_positive_int(dx, "dx"), check_positive_int(dy, "dy")
        hidden = _check_hidden(hidden)
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(int(seed))
            self.f = _mlp(dx + dy, hidden, 1)
        self.to(device)

    def forward(self, x, y):
        """The (B, B) score matrix ``[i, j] = m([x_i, y_j])`` of batches x (B, dx), y (B, dy)."""
        b = x.shape[0]
        pairs = torch.cat(
            [x[:, None, :].expand(b, b, x.shape[1]), y[None, :, :].expand(b, b, y.shape[1])], dim=2
        )
        return self.f(pairs).squeeze(-1)  # [i, j] = f(x_i, y_j)

    def pair_scores(self, x, y):
        return self.f(torch.cat([x, y], dim=1)).squeeze(-1)


# ------------------------------------------------------------------ training


def _check_bound(bound):
    if bound not in BOUNDS:
        raise ValueError(f"bound must be one of {BOUNDS}, got {bound!r}")
    return bound


class CriticTrainer:
    r"""Gradient ascent on one variational bound for a critic (Adam).

    Parameters
    ----------
    critic : torch.nn.Module
        Maps batches ``x`` (B, dx) and ``y`` (B, dy) to (B, B) scores.
    bound : {"infonce", "nwj", "dv", "mine", "smile"}, default "infonce"
        The objective. ``"mine"`` is the DV bound with the moving-average gradient;
        ``"smile"`` trains the critic with the Jensen–Shannon objective and reports
        the clipped DV value, as in Song & Ermon's code.
    lr : float, default 5e-4
        Adam learning rate.
    clip : float, default 5.0
        SMILE's clipping threshold.
    ma_rate : float, default 0.01
        MINE's moving-average rate :math:`\alpha` (0.01 as in common public MINE
        implementations; Song & Ermon's code uses 0.1).

    Notes
    -----
    The DV gradient is
    :math:`\nabla\mathbb E_p f - \mathbb E_q[e^f\nabla f]/\mathbb E_q[e^f]`; on a batch
    the denominator is a noisy sample mean, which biases the gradient. MINE
    (Belghazi et al. 2018, section 3.2) divides instead by an exponential moving
    average :math:`m_t = (1-\alpha)m_{t-1} + \alpha\,\widehat{\mathbb E}_q e^f`, kept
    here in log space; :math:`m_t` includes the current batch. The *value* reported for
    "mine" is still the batch DV bound. As in Poole et al. (2019) and Song & Ermon (2020),
    :math:`\widehat{\mathbb E}_q` averages over the B(B-1) off-diagonal pairs of the
    batch; Belghazi et al. pair the batch with one shuffled copy instead.

    :meth:`step` returns the bound on the batch (nats, a detached 0-d tensor);
    :meth:`evaluate` the bound on disjoint batches of held-out data.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> critic = it.SeparableCritic(1, 1, hidden=(16,), embed_dim=8)
    >>> trainer = it.CriticTrainer(critic, "mine")
    >>> x = torch.randn(64, 1); y = x + 0.5 * torch.randn(64, 1)
    >>> value = trainer.step(x, y)
    >>> value.shape
    torch.Size([])
    """

    def __init__(self, critic, bound="infonce", *, lr=5e-4, clip=5.0, ma_rate=0.01):
        _require_torch()
        self.critic = critic
        self.bound = _check_bound(bound)
        self.clip = check_real(clip, "clip", minimum=0.0, strict=True)
        self.ma_rate = check_real(ma_rate, "ma_rate", minimum=0.0, strict=True)
        if self.ma_rate > 1:
            raise ValueError(f"ma_rate must lie in (0, 1], got {ma_rate!r}")
        lr = check_real(lr, "lr", minimum=0.0, strict=True)
        self.optimizer = torch.optim.Adam(critic.parameters(), lr=lr)
        self._log_ma = None

    def value(self, scores):
        """The bound that this trainer reports, in nats (MINE reports DV)."""
        if self.bound == "infonce":
            return _infonce(scores)
        if self.bound == "nwj":
            return _nwj(scores)
        if self.bound == "smile":
            return _smile(scores, self.clip)
        return _dv(scores)

    def _objective(self, scores):
        """(value to report, surrogate whose gradient is the update direction)."""
        if self.bound == "mine":
            lme = _logmeanexp_offdiag(scores)
            cur = lme.detach()
            if self._log_ma is None:
                self._log_ma = cur
            else:
                a = self.ma_rate
                if a == 1.0:
                    self._log_ma = cur
                else:
                    self._log_ma = torch.logaddexp(self._log_ma + math.log1p(-a), cur + math.log(a))
            diag = scores.diagonal().mean()
            # gradient: grad mean f_joint - grad(mean_q e^f) / m_t
            surrogate = diag - torch.exp(lme - self._log_ma)
            return diag - cur, surrogate
        if self.bound == "smile":
            return _smile(scores.detach(), self.clip), _js(scores)
        v = self.value(scores)
        return v, v

    def step(self, x, y):
        """One Adam step on the batch (x, y); returns the bound's value on it, in nats."""
        self.critic.train()
        value, surrogate = self._objective(self.critic(x, y))
        self.optimizer.zero_grad(set_to_none=True)
        (-surrogate).backward()
        self.optimizer.step()
        return value.detach()

    def evaluate(self, x, y, batch_size, *, repeats=1, generator=None):
        """The bound on disjoint batches of (x, y), in nats: a 1-D array, one value per batch.

        With ``repeats > 1`` the rows are reshuffled (by ``generator``) that many times,
        each shuffle cut into ``len(x) // batch_size`` disjoint batches.
        """
        n = x.shape[0]
        n_batches = n // batch_size
        if n_batches < 1:
            raise ValueError(
                f"batch_size must be at most the number of rows ({n}), got {batch_size}"
            )
        self.critic.eval()
        out = []
        with torch.no_grad():
            for r in range(repeats):
                order = torch.arange(n) if r == 0 else torch.randperm(n, generator=generator)
                order = order[: n_batches * batch_size].to(x.device)
                for idx in order.view(n_batches, batch_size):
                    out.append(self.value(self.critic(x[idx], y[idx])))
        return torch.stack(out).cpu().numpy().astype(float)


class NeuralMIResult:
    """What :func:`neural_mutual_information` returns.

    Attributes
    ----------
    estimate : float
        Mean of the bound over held-out batches after training, in units of ``base``.
    history : numpy.ndarray
        The bound on each training batch, one value per step, in units of ``base``.
    bound : str
        The bound that was trained.
    held_out : numpy.ndarray
        The bound on each held-out batch (``estimate`` is their mean), units of ``base``.
    critic : torch.nn.Module
        The trained critic; it sees standardised inputs (use :meth:`pair_scores`).
    batch_size : int
    base : float
    """

    def __init__(
        self, estimate, history, bound, held_out, critic, batch_size, base, shift, scale, device
    ):
        self.estimate = estimate
        self.history = history
        self.bound = bound
        self.held_out = held_out
        self.critic = critic
        self.batch_size = batch_size
        self.base = base
        self._shift, self._scale, self._device = shift, scale, device

    def pair_scores(self, x, y):
        """The trained critic f(x_i, y_i) on given pairs (raw, unstandardised values), in nats.

        Parameters
        ----------
        x : array_like, shape (m,) or (m, dx)
        y : array_like, shape (m,) or (m, dy)

        Returns
        -------
        numpy.ndarray, shape (m,)
        """
        x = check_samples(x, "x")
        y = check_samples(y, "y")
        if x.shape[0] != y.shape[0]:
            raise ValueError(
                f"x and y must have the same number of samples, got {x.shape[0]} and {y.shape[0]}"
            )
        xy = (np.hstack([x, y]) - self._shift) / self._scale
        dx = x.shape[1]
        t = torch.as_tensor(xy, dtype=torch.float32, device=self._device)
        self.critic.eval()
        with torch.no_grad():
            return self.critic.pair_scores(t[:, :dx], t[:, dx:]).cpu().numpy().astype(float)

    def __repr__(self):
        return (
            f"NeuralMIResult(estimate={self.estimate:.4f}, bound={self.bound!r}, "
            f"steps={self.history.size}, batch_size={self.batch_size})"
        )


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    return int(seed)


def neural_mutual_information(
    x,
    y,
    *,
    bound="infonce",
    critic="separable",
    steps=2000,
    batch_size=128,
    lr=5e-4,
    seed=0,
    base=2,
    device="cpu",
    show_progress=False,
    hidden=(64, 64),
    embed_dim=32,
    clip=5.0,
):
    r"""Estimate :math:`I(X;Y)` by training a critic on a variational lower bound.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, dx)
        Samples of X.
    y : array_like, shape (n,) or (n, dy)
        Samples of Y, row i paired with row i of ``x``.
    bound : {"infonce", "nwj", "dv", "mine", "smile"}, default "infonce"
        The bound trained and reported (see :class:`CriticTrainer`).
    critic : {"separable", "concat"}, default "separable"
        :class:`SeparableCritic` or :class:`ConcatCritic`.
    steps : int, default 2000
        Adam updates, each on a batch of ``batch_size`` training pairs.
    batch_size : int, default 128
        Pairs per batch, B >= 2; at most n // 2 (a held-out share must fit a batch).
    lr : float, default 5e-4
        Adam learning rate.
    seed : int, default 0
        Seeds the split, the batches and the initial weights.
    base : float, default 2
        Unit of the results (2: bits, ``math.e``: nats).
    device : str or torch.device, default "cpu"
        Where to train ("cuda" for a GPU).
    show_progress : bool, default False
        Show a text progress bar (:func:`itlab.utils.progress`).
    hidden : sequence of int, default (64, 64)
        Hidden widths of the critic's MLPs.
    embed_dim : int, default 32
        Embedding size of the separable critic.
    clip : float, default 5.0
        SMILE's clipping threshold.

    Returns
    -------
    NeuralMIResult
        ``.estimate`` (float), ``.history`` (per-step training values), ``.bound``,
        ``.held_out`` (per-batch held-out values), ``.critic``; all in units of ``base``.

    Raises
    ------
    ValueError
        If x and y differ in their number of samples, hold NaN or infinity, ``bound``
        or ``critic`` is unknown, ``batch_size`` exceeds n // 2, or a size is below 1.
    TypeError
        If ``seed`` is not an int.

    Notes
    -----
    Each column of x and of y is standardised with the training part's mean and
    standard deviation (mutual information does not change). A seeded fifth of the
    samples — at least one batch — is held out; the critic is trained on the rest
    by Adam on random batches (epochs of a seeded permutation), and the estimate is
    the mean of the bound over disjoint held-out batches (the held-out set is
    reshuffled until at least 20 batches are averaged). So an InfoNCE estimate never
    exceeds :math:`\log B`, and a critic that memorised its training pairs is not
    rewarded. Deterministic on the CPU for a given seed (torch runs on one thread
    inside); on a GPU, nondeterministic kernels may change the last digits.

    References
    ----------
    Belghazi et al. (2018), "Mutual information neural estimation", ICML.
    Poole, Ozair, van den Oord, Alemi & Tucker (2019), "On variational bounds of
    mutual information", ICML.
    Song & Ermon (2020), "Understanding the limitations of variational mutual
    information estimators", ICLR.

    Examples
    --------
    >>> import math
    >>> import itlab as it
    >>> s = it.correlated_gaussian(2000, rho=0.8, seed=0, base=math.e)
    >>> res = it.neural_mutual_information(s.x, s.y, steps=300, base=math.e)
    >>> round(s.mi, 3), abs(res.estimate - s.mi) < 0.15
    (0.511, True)
    """
    _require_torch()
    x = check_samples(x, "x")
    y = check_samples(y, "y")
    n = x.shape[0]
    if y.shape[0] != n:
        raise ValueError(f"x and y must have the same number of samples, got {n} and {y.shape[0]}")
    bound = _check_bound(bound)
    if critic not in CRITICS:
        raise ValueError(f"critic must be one of {CRITICS}, got {critic!r}")
    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size", minimum=2)
    if batch_size > n // 2:
        raise ValueError(
            f"batch_size must be at most n // 2 = {n // 2} for n = {n} samples "
            f"(a held-out share of at least one batch gives the estimate), got {batch_size}"
        )
    lr = check_real(lr, "lr", minimum=0.0, strict=True)
    seed = _check_seed(seed)
    base = check_base(base)
    scale_units = log_base(base)
    clip = check_real(clip, "clip", minimum=0.0, strict=True)

    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)
    n_eval = max(batch_size, n // 5)
    held, train = perm[:n_eval], perm[n_eval:]
    xy = np.hstack([x, y])
    shift = xy[train].mean(axis=0)
    sd = xy[train].std(axis=0)
    sd = np.where(sd > 0, sd, 1.0)
    dx, dy = x.shape[1], y.shape[1]

    with _torch_threads(1):
        t = torch.as_tensor((xy - shift) / sd, dtype=torch.float32, device=device)
        xt, yt = t[:, :dx], t[:, dx:]
        tr_idx = torch.as_tensor(train, device=device)
        ev_idx = torch.as_tensor(held, device=device)
        if critic == "separable":
            net = SeparableCritic(dx, dy, hidden, embed_dim, seed=seed, device=device)
        else:
            net = ConcatCritic(dx, dy, hidden, seed=seed, device=device)
        trainer = CriticTrainer(net, bound, lr=lr, clip=clip)
        gen = torch.Generator().manual_seed(seed)
        per_epoch = train.size // batch_size
        history = torch.empty(steps, device=device)
        order = None
        for step in progress(range(steps), desc=f"{bound} critic", disable=not show_progress):
            k = step % per_epoch
            if k == 0:
                order = tr_idx[torch.randperm(train.size, generator=gen).to(device)]
            idx = order[k * batch_size : (k + 1) * batch_size]
            history[step] = trainer.step(xt[idx], yt[idx])
        repeats = max(1, math.ceil(20 / (n_eval // batch_size)))
        held_out = trainer.evaluate(
            xt[ev_idx], yt[ev_idx], batch_size, repeats=repeats, generator=gen
        )
        history = history.cpu().numpy().astype(float)
    return NeuralMIResult(
        float(held_out.mean() / scale_units),
        history / scale_units,
        bound,
        held_out / scale_units,
        net,
        batch_size,
        base,
        shift,
        sd,
        device,
    )


# ------------------------------------------------------------------ contrastive learning


def digits_augment(images, generator, *, max_shift=1, noise=0.1, side=8):
    """Random shifts by up to ``max_shift`` pixels and Gaussian noise for flattened square images.

    Parameters
    ----------
    images : torch.Tensor, shape (B, side * side)
        Flattened images (scikit-learn's digits: 8 x 8, values in [0, 1]).
    generator : torch.Generator
        Source of randomness.
    max_shift : int, default 1
        Largest shift in each direction; pixels shifted in are 0.
    noise : float, default 0.1
        Standard deviation of the added Gaussian noise.
    side : int, default 8
        Side of the square images.

    Returns
    -------
    torch.Tensor, shape (B, side * side)

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> g = torch.Generator().manual_seed(0)
    >>> it.digits_augment(torch.ones(3, 64), g, noise=0.0).shape
    torch.Size([3, 64])
    """
    b = images.shape[0]
    m = int(max_shift)
    img = images.reshape(b, side, side)
    padded = nn.functional.pad(img, (m, m, m, m))
    off = torch.randint(0, 2 * m + 1, (b, 2), generator=generator).to(images.device)
    ar = torch.arange(side, device=images.device)
    rows = (off[:, 0:1] + ar)[:, :, None]
    cols = (off[:, 1:2] + ar)[:, None, :]
    out = padded[torch.arange(b, device=images.device)[:, None, None], rows, cols]
    eps = torch.randn(out.shape, generator=generator).to(images.device)
    return (out + noise * eps).reshape(b, side * side)


def _probe_accuracy(encoder, x_train, y_train, x_test, y_test):
    from sklearn.linear_model import LogisticRegression

    with torch.no_grad():
        z_tr = encoder(x_train).cpu().numpy()
        z_te = encoder(x_test).cpu().numpy()
    clf = LogisticRegression(max_iter=2000)
    clf.fit(z_tr, y_train)
    return float(clf.score(z_te, y_test))


def train_contrastive_encoder(
    x_train,
    y_train,
    x_test,
    y_test,
    *,
    steps=600,
    batch_size=128,
    embed_dim=16,
    hidden=(128,),
    temperature=0.2,
    lr=2e-3,
    eval_every=100,
    augment=None,
    seed=0,
    base=2,
    device="cpu",
    show_progress=False,
):
    r"""Contrastive representation learning as InfoNCE maximisation, with a linear probe.

    An encoder e (a ReLU MLP with a unit-norm output) is trained so that two augmented
    views of the same input score high and views of different inputs low: the
    critic is :math:`f(v, v') = e(v)^\top e(v')/\tau`, a separable critic with shared
    weights, and the loss is :math:`-I_{\mathrm{NCE}}` (SimCLR's loss, one direction).
    Labels are never used in training; at checkpoints a logistic regression is fit
    on the frozen features of the training inputs and its test accuracy reported.

    Parameters
    ----------
    x_train, x_test : array_like, shape (n, d)
        Inputs (the labels' inputs for the probe; only x_train is used in training).
    y_train, y_test : array_like of int
        Labels, used only by the linear probe.
    steps : int, default 600
        Adam updates.
    batch_size : int, default 128
        B, the number of inputs per batch (so InfoNCE <= log B).
    embed_dim : int, default 16
        Dimension of the representation.
    hidden : sequence of int, default (128,)
        Hidden widths of the encoder.
    temperature : float, default 0.2
        :math:`\tau`.
    lr : float, default 2e-3
        Adam learning rate.
    eval_every : int, default 100
        Steps between checkpoints (also at step 0 and at the end).
    augment : callable, optional
        ``augment(batch, generator) -> batch``; default :func:`digits_augment`.
    seed : int, default 0
    base : float, default 2
        Unit of the InfoNCE values.
    device : str or torch.device, default "cpu"
    show_progress : bool, default False

    Returns
    -------
    dict
        ``"step"``, ``"infonce"`` (held-out InfoNCE between two views of the test
        inputs, mean over disjoint batches of size B, units of ``base``),
        ``"probe_accuracy"`` (arrays over checkpoints), ``"log_batch"``
        (:math:`\log B` in units of ``base``) and ``"encoder"``.

    Raises
    ------
    ValueError
        If ``batch_size`` exceeds the number of test inputs, or a size is below 1.

    References
    ----------
    van den Oord, Li & Vinyals (2018), arXiv:1807.03748.
    Chen, Kornblith, Norouzi & Hinton (2020), "A simple framework for contrastive
    learning of visual representations", ICML.

    Examples
    --------
    >>> import itlab as it
    >>> x_tr, x_te, y_tr, y_te = it.load_digits_split()
    >>> out = it.train_contrastive_encoder(x_tr, y_tr, x_te, y_te, steps=20, eval_every=20)
    >>> out["step"].tolist()
    [0, 20]
    """
    _require_torch()
    steps = check_positive_int(steps, "steps")
    batch_size = check_positive_int(batch_size, "batch_size", minimum=2)
    embed_dim = check_positive_int(embed_dim, "embed_dim")
    eval_every = check_positive_int(eval_every, "eval_every")
    temperature = check_real(temperature, "temperature", minimum=0.0, strict=True)
    lr = check_real(lr, "lr", minimum=0.0, strict=True)
    seed = _check_seed(seed)
    units = log_base(base)
    hidden = _check_hidden(hidden)
    augment = digits_augment if augment is None else augment
    xtr = torch.as_tensor(check_samples(x_train, "x_train"), dtype=torch.float32, device=device)
    xte = torch.as_tensor(check_samples(x_test, "x_test"), dtype=torch.float32, device=device)
    ytr, yte = np.asarray(y_train), np.asarray(y_test)
    if ytr.shape != (xtr.shape[0],) or yte.shape != (xte.shape[0],):
        raise ValueError(
            "y_train and y_test must be 1-D with one label per row of x_train and x_test"
        )
    if batch_size > xte.shape[0] or batch_size > xtr.shape[0]:
        raise ValueError(
            f"batch_size must be at most the number of test and training inputs, got {batch_size}"
        )

    with _torch_threads(1):
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            body = _mlp(xtr.shape[1], hidden, embed_dim).to(device)

        def encode(v):
            return nn.functional.normalize(body(v), dim=1)

        opt = torch.optim.Adam(body.parameters(), lr=lr)
        gen = torch.Generator().manual_seed(seed)
        eval_gen = torch.Generator().manual_seed(seed + 1)
        x_eval = xte  # views of test inputs, fixed once so checkpoints compare
        v1e, v2e = augment(x_eval, eval_gen), augment(x_eval, eval_gen)
        n_eb = x_eval.shape[0] // batch_size

        def held_out_infonce():
            with torch.no_grad():
                z1, z2 = encode(v1e), encode(v2e)
                vals = [
                    _infonce(
                        z1[i * batch_size : (i + 1) * batch_size]
                        @ z2[i * batch_size : (i + 1) * batch_size].T
                        / temperature
                    )
                    for i in range(n_eb)
                ]
            return float(torch.stack(vals).mean()) / units

        record = {"step": [], "infonce": [], "probe_accuracy": []}

        def checkpoint(step):
            body.eval()
            record["step"].append(step)
            record["infonce"].append(held_out_infonce())
            record["probe_accuracy"].append(_probe_accuracy(encode, xtr, ytr, xte, yte))
            body.train()

        checkpoint(0)
        n = xtr.shape[0]
        per_epoch = n // batch_size
        order = None
        for step in progress(range(1, steps + 1), desc="contrastive", disable=not show_progress):
            k = (step - 1) % per_epoch
            if k == 0:
                order = torch.randperm(n, generator=gen).to(device)
            batch = xtr[order[k * batch_size : (k + 1) * batch_size]]
            scores = encode(augment(batch, gen)) @ encode(augment(batch, gen)).T / temperature
            loss = -_infonce(scores)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if step % eval_every == 0 or step == steps:
                checkpoint(step)
    body.eval()
    out = {k: np.asarray(v) for k, v in record.items()}
    out["log_batch"] = math.log(batch_size) / units
    out["encoder"] = encode
    return out
