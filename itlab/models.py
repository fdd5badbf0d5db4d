"""Torch models whose losses are information quantities.

- :class:`VAE`: a variational autoencoder read as a lossy compressor. Its loss
  reports the **rate** (the KL divergence of the encoder :math:`q(z \\mid x)` to
  the prior, an upper bound on :math:`I(X;Z)`) and the **distortion** (the
  expected negative log-likelihood of the data under the decoder) separately, in
  bits per example, and weighs them as :math:`D + \\beta R` (a β-VAE).
- :class:`BayesianLinear`: a linear layer with a Gaussian posterior over its
  weights (Bayes by backprop); its :meth:`~BayesianLinear.kl` to the prior is the
  regulariser of the variational objective.
- :func:`gaussian_kl`: the closed-form KL divergence between two Gaussians.

All models take ``device=`` (CPU by default) and ``seed=``: the same seed gives
the same initial weights and the same noise.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from ._validation import check_positive_int, check_real, log_base
from .bottleneck import _require_torch, _torch_threads, nn, torch
from .utils import progress

_Module = nn.Module if nn is not None else object

__all__ = [
    "VAE",
    "VAELoss",
    "BayesianLinear",
    "gaussian_kl",
    "PACBayesMLP",
    "train_pac_bayes",
    "pac_bayes_certificate",
]

_LN2 = math.log(2.0)


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    return int(seed)


def gaussian_kl(mean_q, std_q, mean_p=0.0, std_p=1.0, base=2):
    r"""Elementwise :math:`D(\mathcal N(\mu_q, \sigma_q^2) \,\|\, \mathcal N(\mu_p, \sigma_p^2))`.

    Parameters
    ----------
    mean_q, std_q : torch.Tensor
        Mean and standard deviation (> 0) of the first Gaussian.
    mean_p, std_p : torch.Tensor or float, default 0 and 1
        Mean and standard deviation (> 0) of the second; broadcast against the first.
    base : float, default 2
        Logarithm base (2: bits, ``math.e``: nats).

    Returns
    -------
    torch.Tensor
        The divergence of each coordinate, in units of ``base``; sum it over
        independent coordinates.

    Notes
    -----
    .. math:: D = \log\frac{\sigma_p}{\sigma_q}
              + \frac{\sigma_q^2 + (\mu_q - \mu_p)^2}{2\sigma_p^2} - \frac12.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import gaussian_kl
    >>> float(gaussian_kl(torch.tensor(0.0), torch.tensor(1.0)))
    0.0
    >>> round(float(gaussian_kl(torch.tensor(1.0), torch.tensor(1.0), base=torch.e)), 6)
    0.5
    """
    _require_torch()
    mean_p = torch.as_tensor(mean_p, dtype=mean_q.dtype, device=mean_q.device)
    std_p = torch.as_tensor(std_p, dtype=mean_q.dtype, device=mean_q.device)
    kl = torch.log(std_p / std_q) + (std_q**2 + (mean_q - mean_p) ** 2) / (2.0 * std_p**2) - 0.5
    return kl / log_base(base)


class VAELoss(NamedTuple):
    """The terms of the β-VAE loss of a batch, each a 0-d tensor, per example."""

    #: The training objective, distortion + beta * rate, in bits.
    loss: object
    #: The rate, the mean KL divergence of q(z|x) to the prior N(0, I), in bits; it bounds I(X;Z) from above.
    rate: object
    #: The distortion, the mean of E_q[-log2 p(x|z)] (the decoder's negative log-likelihood), in bits.
    distortion: object
    #: The evidence lower bound on log2 p(x), minus (distortion + rate), in bits.
    elbo: object
    #: The mean squared error per pixel between x and the decoder mean.
    mse: object


class VAE(_Module):
    r"""Variational autoencoder with a Gaussian encoder and a Gaussian decoder.

    Encoder :math:`q(z \mid x) = \mathcal N(\mu(x), \operatorname{diag}\sigma^2(x))`
    (an MLP), prior :math:`p(z) = \mathcal N(0, I)`, decoder
    :math:`p(x \mid z) = \mathcal N(m(z), s^2 I)` with a sigmoid mean
    :math:`m(z) \in (0, 1)^d` (for data scaled to [0, 1]) and a fixed noise level
    :math:`s` = ``obs_std``.

    Parameters
    ----------
    n_input : int
        Dimension d of x.
    n_latent : int, default 8
        Dimension of z.
    n_hidden : int, default 128
        Width of the one hidden layer of encoder and decoder.
    beta : float, default 1.0
        Weight :math:`\beta \ge 0` of the rate in the loss; 1 gives the ELBO.
    obs_std : float, default 0.1
        Decoder noise :math:`s > 0`, in the units of x.
    seed : int, default 0
        Seeds the initial weights (the global torch generator is left as it was).
    device : str or torch.device, default "cpu"

    Raises
    ------
    ValueError
        If a size is below 1, ``beta`` is negative or ``obs_std`` not positive.
    TypeError
        If ``seed`` is not an int.

    Notes
    -----
    Per example, in bits,

    .. math::

        R = D\big(q(z \mid x) \,\|\, p(z)\big), \qquad
        D = \mathbb E_{q(z \mid x)}\big[-\log p(x \mid z)\big]
          = \frac{\mathbb E\, \|x - m(z)\|^2}{2 s^2 \ln 2} + \frac d2 \log_2(2\pi s^2),

    and :math:`\mathrm{ELBO} = -(D + R) \le \log p(x)`. The loss is
    :math:`D + \beta R`: the Lagrangian of a rate–distortion problem whose
    distortion is squared error (scaled by :math:`1/(2 s^2 \ln 2)`), so sweeping
    :math:`\beta` traces an empirical rate–distortion curve. Averaged over the data,
    :math:`R = I(X;Z) + D(q(z) \| p(z)) \ge I(X;Z)` (Alemi et al. 2018). The
    distortion of a density is a differential quantity: its additive constant
    makes it negative when :math:`s` is small, and only its differences matter.

    References
    ----------
    Kingma & Welling (2014), "Auto-encoding variational Bayes", ICLR.
    Higgins et al. (2017), "beta-VAE: learning basic visual concepts with a
    constrained variational framework", ICLR.
    Alemi et al. (2018), "Fixing a broken ELBO", ICML.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import VAE
    >>> vae = VAE(n_input=4, n_latent=2, n_hidden=8, beta=0.5)
    >>> terms = vae.loss(torch.full((3, 4), 0.5), sample=False)
    >>> bool(torch.isclose(terms.elbo, -(terms.distortion + terms.rate)))
    True
    >>> bool(torch.isclose(terms.loss, terms.distortion + 0.5 * terms.rate))
    True
    """

    def __init__(
        self, n_input, n_latent=8, n_hidden=128, *, beta=1.0, obs_std=0.1, seed=0, device="cpu"
    ):
        _require_torch()
        super().__init__()
        self.n_input = check_positive_int(n_input, "n_input")
        self.n_latent = check_positive_int(n_latent, "n_latent")
        n_hidden = check_positive_int(n_hidden, "n_hidden")
        self.beta = check_real(beta, "beta", minimum=0.0)
        self.obs_std = check_real(obs_std, "obs_std", minimum=0.0, strict=True)
        state = torch.random.get_rng_state()
        torch.manual_seed(_check_seed(seed))
        self.encoder = nn.Sequential(
            nn.Linear(self.n_input, n_hidden), nn.ReLU(), nn.Linear(n_hidden, 2 * self.n_latent)
        )
        self.decoder = nn.Sequential(
            nn.Linear(self.n_latent, n_hidden), nn.ReLU(), nn.Linear(n_hidden, self.n_input)
        )
        torch.random.set_rng_state(state)
        self.to(device)

    @property
    def device(self):
        """The device the parameters live on."""
        return next(self.parameters()).device

    def encode(self, x):
        """Mean and log-variance of :math:`q(z \\mid x)`, each of shape ``(n, n_latent)``."""
        out = self.encoder(x)
        return out[..., : self.n_latent], out[..., self.n_latent :]

    def decode(self, z):
        """Decoder mean :math:`m(z) \\in (0, 1)^d`."""
        return torch.sigmoid(self.decoder(z))

    def forward(self, x, sample=True, generator=None):
        """Reconstruction ``m(z)`` with ``z`` drawn from :math:`q(z \\mid x)` (its mean if not ``sample``)."""
        mean, logvar = self.encode(x)
        z = self._latent(mean, logvar, sample, generator)
        return self.decode(z)

    @staticmethod
    def _latent(mean, logvar, sample, generator):
        if not sample:
            return mean
        eps = torch.randn(mean.shape, generator=generator, device=mean.device, dtype=mean.dtype)
        return mean + torch.exp(0.5 * logvar) * eps

    def loss(self, x, *, sample=True, generator=None):
        """The β-VAE loss of a batch and its terms, per example (see :class:`VAELoss`).

        Parameters
        ----------
        x : torch.Tensor, shape (n, n_input)
            A batch of data in [0, 1].
        sample : bool, default True
            Draw one reparametrised :math:`z = \\mu + \\sigma \\varepsilon` per example
            (training); ``False`` decodes the mean :math:`\\mu` (a deterministic look).
        generator : torch.Generator, optional
            Source of the noise :math:`\\varepsilon`.

        Returns
        -------
        VAELoss
        """
        mean, logvar = self.encode(x)
        rate = gaussian_kl(mean, torch.exp(0.5 * logvar)).sum(dim=-1).mean()
        x_mean = self.decode(self._latent(mean, logvar, sample, generator))
        sq = ((x - x_mean) ** 2).sum(dim=-1).mean()
        s2 = self.obs_std**2
        distortion = (sq / (2.0 * s2) + 0.5 * self.n_input * math.log(2.0 * math.pi * s2)) / _LN2
        return VAELoss(
            loss=distortion + self.beta * rate,
            rate=rate,
            distortion=distortion,
            elbo=-(distortion + rate),
            mse=sq / self.n_input,
        )

    def _as_data(self, x, name="x"):
        xt = torch.as_tensor(
            np.asarray(x) if not torch.is_tensor(x) else x, dtype=torch.float32, device=self.device
        )
        if xt.ndim != 2 or xt.shape[1] != self.n_input:
            raise ValueError(f"{name} must have shape (n, {self.n_input}), got {tuple(xt.shape)}")
        if xt.shape[0] == 0:
            raise ValueError(f"{name} must hold at least one example")
        if not torch.all(torch.isfinite(xt)):
            raise ValueError(f"{name} contains NaN or infinite values")
        return xt

    def fit(self, x, *, epochs=200, batch_size=512, lr=3e-3, seed=0, show_progress=True):
        """Train with Adam on mini-batches; returns the per-epoch history.

        Parameters
        ----------
        x : array_like or torch.Tensor, shape (n, n_input)
            Training data in [0, 1].
        epochs : int, default 200
            Passes over the data.
        batch_size : int, default 512
            Mini-batch size (the whole set when it is larger than n).
        lr : float, default 3e-3
            Adam learning rate.
        seed : int, default 0
            Seeds the batch order and the reparametrisation noise.
        show_progress : bool, default True
            Show a text progress bar (:func:`itlab.utils.progress`) on standard error.

        Returns
        -------
        dict
            ``"loss"``, ``"rate"``, ``"distortion"``, ``"mse"``: numpy arrays of length
            ``epochs``, the mean of each term over the epoch's batches (bits per example;
            MSE per pixel).

        Raises
        ------
        ValueError
            If ``x`` does not have shape ``(n, n_input)`` or holds NaN or infinity, or a
            size or ``lr`` is not positive.
        """
        xt = self._as_data(x)
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size")
        lr = check_real(lr, "lr", minimum=0.0, strict=True)
        gen = torch.Generator(device=self.device).manual_seed(_check_seed(seed))
        opt = torch.optim.Adam(self.parameters(), lr=lr)
        keys = ("loss", "rate", "distortion", "mse")
        history = {k: np.zeros(epochs) for k in keys}
        n = xt.shape[0]
        self.train()
        bar = progress(range(epochs), desc=f"VAE beta={self.beta:g}", disable=not show_progress)
        with _torch_threads(1):
            for epoch in bar:
                perm = torch.randperm(n, generator=gen, device=self.device)
                sums = torch.zeros(len(keys), device=self.device)
                for idx in perm.split(batch_size):  # mini-batches, not samples
                    terms = self.loss(xt[idx], generator=gen)
                    opt.zero_grad(set_to_none=True)
                    terms.loss.backward()
                    opt.step()
                    sums += idx.numel() * torch.stack([getattr(terms, k).detach() for k in keys])
                for k, v in zip(keys, (sums / n).tolist(), strict=True):
                    history[k][epoch] = v
                bar.set_postfix(
                    rate=f"{history['rate'][epoch]:.2f}",
                    mse=f"{history['mse'][epoch]:.4f}",
                    refresh=False,
                )
        self.eval()
        return history

    def evaluate(self, x, *, n_samples=16, seed=0):
        """Rate, distortion, ELBO (bits per example) and MSE (per pixel) on data ``x``.

        The rate is exact (closed form); distortion and MSE average ``n_samples``
        draws of z per example.

        Returns
        -------
        dict
            Floats ``"rate"``, ``"distortion"``, ``"elbo"``, ``"mse"``.
        """
        xt = self._as_data(x)
        n_samples = check_positive_int(n_samples, "n_samples")
        gen = torch.Generator(device=self.device).manual_seed(_check_seed(seed))
        with torch.no_grad(), _torch_threads(1):
            terms = [self.loss(xt, generator=gen) for _ in range(n_samples)]
        out = {
            k: float(torch.stack([getattr(t, k) for t in terms]).mean())
            for k in ("rate", "distortion", "mse")
        }
        out["elbo"] = -(out["rate"] + out["distortion"])
        return out

    def reconstruct(self, x):
        """Decoder mean at the encoder mean, :math:`m(\\mu(x))`, as a numpy array."""
        xt = self._as_data(x)
        with torch.no_grad():
            return self(xt, sample=False).cpu().numpy()


class BayesianLinear(_Module):
    r"""Linear layer with a factorised Gaussian posterior over its weights (Bayes by backprop).

    Every weight and bias has its own :math:`q(w) = \mathcal N(\mu, \sigma^2)` with
    :math:`\sigma = \operatorname{softplus}(\rho) = \log(1 + e^\rho)`, which keeps
    :math:`\sigma > 0` for any real parameter :math:`\rho`. The prior is
    :math:`\mathcal N(0, \sigma_0^2)` for every weight.

    Parameters
    ----------
    in_features, out_features : int
        Sizes, as in :class:`torch.nn.Linear`.
    prior_std : float, default 1.0
        Prior standard deviation :math:`\sigma_0 > 0`.
    init_std : float, default 0.05
        Initial posterior standard deviation.
    bias : bool, default True
        Whether to learn a bias (with its own posterior).
    seed : int, default 0
        Seeds the initial means (the global torch generator is left as it was).
    device : str or torch.device, default "cpu"

    Raises
    ------
    ValueError
        If a size is below 1 or a standard deviation not positive.

    Notes
    -----
    Training maximises the variational lower bound of Blundell et al. (2015),

    .. math:: \mathbb E_{q(w)}[\log p(\mathcal D \mid w)] - D\big(q(w) \,\|\, p(w)\big),

    estimating the first term with reparametrised weights
    :math:`w = \mu + \sigma \odot \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, I)`,
    and taking the second in closed form (:meth:`kl`). Per example of a data set of
    n, the KL enters the loss divided by n: it is a regulariser that charges every
    weight for the information its posterior stores about the data, in the same
    units as the likelihood term.

    References
    ----------
    Blundell, Cornebise, Kavukcuoglu & Wierstra (2015), "Weight uncertainty in
    neural networks", ICML.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import BayesianLinear
    >>> layer = BayesianLinear(3, 2, prior_std=1.0)
    >>> tuple(layer(torch.zeros(5, 3)).shape)
    (5, 2)
    >>> bool(layer.kl() > 0)
    True
    """

    def __init__(
        self,
        in_features,
        out_features,
        *,
        prior_std=1.0,
        init_std=0.05,
        bias=True,
        seed=0,
        device="cpu",
    ):
        _require_torch()
        super().__init__()
        self.in_features = check_positive_int(in_features, "in_features")
        self.out_features = check_positive_int(out_features, "out_features")
        self.prior_std = check_real(prior_std, "prior_std", minimum=0.0, strict=True)
        init_std = check_real(init_std, "init_std", minimum=0.0, strict=True)
        rho0 = math.log(math.expm1(init_std))  # softplus^{-1}(init_std)
        gen = torch.Generator().manual_seed(_check_seed(seed))
        bound = 1.0 / math.sqrt(self.in_features)  # the scale nn.Linear draws from
        self.weight_mu = nn.Parameter(
            (torch.rand(self.out_features, self.in_features, generator=gen) * 2 - 1) * bound
        )
        self.weight_rho = nn.Parameter(torch.full((self.out_features, self.in_features), rho0))
        if bias:
            self.bias_mu = nn.Parameter(
                (torch.rand(self.out_features, generator=gen) * 2 - 1) * bound
            )
            self.bias_rho = nn.Parameter(torch.full((self.out_features,), rho0))
        else:
            self.register_parameter("bias_mu", None)
            self.register_parameter("bias_rho", None)
        self.to(device)

    @property
    def weight_std(self):
        """Posterior standard deviations of the weights, softplus(rho)."""
        return nn.functional.softplus(self.weight_rho)

    @property
    def bias_std(self):
        """Posterior standard deviations of the biases (None without bias)."""
        return None if self.bias_rho is None else nn.functional.softplus(self.bias_rho)

    def forward(self, x, sample=None, generator=None):
        """``x W^T + b`` with weights drawn from the posterior (``sample``) or at their means.

        ``sample`` defaults to ``self.training``: sampled while training, the mean
        weights in evaluation mode.
        """
        if sample is None:
            sample = self.training
        weight, bias = self.weight_mu, self.bias_mu
        if sample:
            eps = torch.randn(
                weight.shape, generator=generator, device=weight.device, dtype=weight.dtype
            )
            weight = weight + self.weight_std * eps
            if bias is not None:
                eps = torch.randn(
                    bias.shape, generator=generator, device=bias.device, dtype=bias.dtype
                )
                bias = bias + self.bias_std * eps
        return nn.functional.linear(x, weight, bias)

    def kl(self, base=2):
        r"""Closed-form :math:`D(q(w) \| p(w))` summed over all weights and biases.

        Parameters
        ----------
        base : float, default 2
            Logarithm base (2: bits, ``math.e``: nats, to add to a loss in nats).

        Returns
        -------
        torch.Tensor
            A 0-d tensor, differentiable in the posterior parameters.
        """
        total = gaussian_kl(self.weight_mu, self.weight_std, 0.0, self.prior_std, base=base).sum()
        if self.bias_mu is not None:
            total = (
                total
                + gaussian_kl(self.bias_mu, self.bias_std, 0.0, self.prior_std, base=base).sum()
            )
        return total

    def extra_repr(self):
        return f"in_features={self.in_features}, out_features={self.out_features}, prior_std={self.prior_std:g}"


# ------------------------------------------------------------------ PAC-Bayes stochastic network


class PACBayesMLP(_Module):
    r"""A ReLU network with a Gaussian posterior Q over its weights, prior P at its initialisation.

    All parameters are one flat vector w (``torch.nn.utils.parameters_to_vector``
    order of the equivalent :class:`torch.nn.Sequential` of Linear and ReLU layers).
    The posterior is :math:`Q = \mathcal N(\mu, \operatorname{diag}\sigma^2)` with
    :math:`\sigma = e^{\rho}`; the prior is :math:`P = \mathcal N(w_0, \lambda I)`
    with :math:`w_0` the random initialisation (chosen before seeing data) and a
    learnable prior variance :math:`\lambda`, as in Dziugaite & Roy (2017).

    Parameters
    ----------
    sizes : sequence of int, default (64, 100, 10)
        Layer widths, input first.
    init_std : float, default 0.01
        Initial posterior standard deviation of every weight.
    prior_var : float, default 1e-3
        Initial prior variance :math:`\lambda`.
    seed : int, default 0
        Seeds the initialisation :math:`w_0` (which is also the prior mean).
    device : str, default "cpu"

    Notes
    -----
    .. math:: D(Q\|P) = \frac12 \sum_i \Big[\frac{\sigma_i^2 + (\mu_i - w_{0,i})^2}{\lambda}
              - 1 - \ln\frac{\sigma_i^2}{\lambda}\Big] \text{ nats}.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import PACBayesMLP
    >>> net = PACBayesMLP((4, 8, 3), seed=0)
    >>> tuple(net(torch.zeros(5, 4)).shape), net.n_params
    ((5, 3), 67)
    >>> bool(net.kl() > 0)
    True
    """

    def __init__(self, sizes=(64, 100, 10), *, init_std=0.01, prior_var=1e-3, seed=0, device="cpu"):
        _require_torch()
        super().__init__()
        self.sizes = tuple(check_positive_int(s, "sizes") for s in sizes)
        if len(self.sizes) < 2:
            raise ValueError("sizes needs at least an input and an output width")
        init_std = check_real(init_std, "init_std", minimum=0.0, strict=True)
        prior_var = check_real(prior_var, "prior_var", minimum=0.0, strict=True)
        gen = torch.Generator().manual_seed(_check_seed(seed))
        chunks = []
        for d_in, d_out in zip(self.sizes[:-1], self.sizes[1:], strict=True):
            bound = 1.0 / math.sqrt(d_in)  # nn.Linear's default scale
            chunks.append((torch.rand(d_out * d_in, generator=gen) * 2 - 1) * bound)
            chunks.append((torch.rand(d_out, generator=gen) * 2 - 1) * bound)
        w0 = torch.cat(chunks)
        self.n_params = int(w0.numel())
        self.register_buffer("prior_mean", w0.clone())
        self.mean = nn.Parameter(w0.clone())
        self.rho = nn.Parameter(torch.full((self.n_params,), math.log(init_std)))
        self.log_prior_var = nn.Parameter(torch.tensor(math.log(prior_var)))
        self.to(device)

    @property
    def std(self):
        """Posterior standard deviations, exp(rho)."""
        return self.rho.exp()

    def _apply_flat(self, x, w):
        """Run the MLP with weights w of shape (P,) or (S, P) (S weight draws: output (S, n, K))."""
        batched = w.dim() == 2
        h = x if not batched else x.unsqueeze(0).expand(w.shape[0], *x.shape)
        offset = 0
        n_layers = len(self.sizes) - 1
        for i, (d_in, d_out) in enumerate(zip(self.sizes[:-1], self.sizes[1:], strict=True)):
            wi = w[..., offset : offset + d_out * d_in]
            offset += d_out * d_in
            bi = w[..., offset : offset + d_out]
            offset += d_out
            if batched:
                h = torch.baddbmm(bi.unsqueeze(1), h, wi.reshape(-1, d_out, d_in).transpose(1, 2))
            else:
                h = nn.functional.linear(h, wi.reshape(d_out, d_in), bi)
            if i < n_layers - 1:
                h = torch.relu(h)
        return h

    def forward(self, x, sample=True, generator=None):
        """Logits for a batch x, with one weight draw from Q (``sample``) or at the mean."""
        w = self.mean
        if sample:
            eps = torch.randn(w.shape, generator=generator, device=w.device, dtype=w.dtype)
            w = w + self.std * eps
        return self._apply_flat(x, w)

    def kl(self, base=2, prior_var=None):
        r"""Closed-form :math:`D(Q\|P)` (a differentiable 0-d tensor), in units of ``base``.

        ``prior_var`` overrides the learned :math:`\lambda` (used to round it to a grid).
        """
        lam = (
            self.log_prior_var.exp()
            if prior_var is None
            else torch.as_tensor(prior_var, dtype=self.mean.dtype)
        )
        var = self.std**2
        sq = (self.mean - self.prior_mean) ** 2
        nats = 0.5 * torch.sum((var + sq) / lam - 1.0 - torch.log(var / lam))
        return nats / log_base(base)

    def error_rates(self, x, y, n_draws=1000, seed=0, chunk=50):
        """0-1 error of each of ``n_draws`` weight draws from Q on (x, y): an ndarray (n_draws,)."""
        gen = torch.Generator(device=self.mean.device).manual_seed(_check_seed(seed))
        out = []
        with torch.no_grad():
            for start in range(0, n_draws, chunk):
                s = min(chunk, n_draws - start)
                eps = torch.randn((s, self.n_params), generator=gen, device=self.mean.device)
                logits = self._apply_flat(x, self.mean + self.std * eps)
                out.append((logits.argmax(-1) != y).double().mean(1).cpu())
        return torch.cat(out).numpy()


def _pac_bayes_penalty(kl_nats, log_lambda, m, delta, b, c):
    """sqrt((KL + 2 ln(b ln(c/lambda)) + ln(pi^2 m / (6 delta))) / (2(m - 1))), differentiable."""
    j = b * (math.log(c) - log_lambda)
    union = 2.0 * torch.log(torch.clamp(j, min=1.0)) + math.log(math.pi**2 * m / (6.0 * delta))
    return torch.sqrt((kl_nats + union) / (2.0 * (m - 1)))


def train_pac_bayes(
    model,
    x,
    y,
    *,
    steps=2000,
    lr=1e-3,
    delta=0.025,
    b=100,
    c=0.1,
    batch_size=None,
    seed=0,
    show_progress=False,
):
    r"""Optimise the PAC-Bayes bound of a :class:`PACBayesMLP` on (x, y), as Dziugaite & Roy (2017).

    Minimises, over the posterior mean and standard deviations and the prior variance
    :math:`\lambda`,

    .. math:: \hat L_S(Q) + \sqrt{\frac{D(Q\|P) + 2\ln\big(b \ln(c/\lambda)\big)
              + \ln\frac{\pi^2 m}{6\delta}}{2(m-1)}},

    with :math:`\hat L_S` the cross-entropy (nats) of one weight draw per step -- a
    differentiable surrogate of the 0-1 loss. The second term is McAllester's bound
    with a union bound over the grid :math:`\lambda = c\,e^{-j/b}`, j = 1, 2, ...
    (weights :math:`6/(\pi^2 j^2)`), so that :math:`\lambda` may be learned.

    Parameters
    ----------
    model : PACBayesMLP
    x : torch.Tensor, shape (m, d)
    y : torch.Tensor of int, shape (m,)
    steps : int, default 2000
    lr : float, default 1e-3
        Adam learning rate.
    delta : float, default 0.025
    b, c : float, default 100 and 0.1
        The prior-variance grid.
    batch_size : int, optional
        Minibatch size (default: the whole sample).
    seed : int, default 0
    show_progress : bool, default False

    Returns
    -------
    numpy.ndarray, shape (steps, 3)
        Per step: surrogate loss (nats), KL (bits), objective.

    References
    ----------
    Dziugaite & Roy (2017), arXiv:1703.11008, section 3.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import PACBayesMLP, train_pac_bayes
    >>> x, y = torch.randn(40, 4), torch.randint(0, 3, (40,))
    >>> net = PACBayesMLP((4, 8, 3), seed=0)
    >>> train_pac_bayes(net, x, y, steps=5).shape
    (5, 3)
    """
    steps = check_positive_int(steps, "steps")
    m = int(x.shape[0])
    if y.shape[0] != m:
        raise ValueError(f"x and y must have the same number of samples, got {m} and {y.shape[0]}")
    gen = torch.Generator(device=model.mean.device).manual_seed(_check_seed(seed))
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = np.zeros((steps, 3))
    bs = m if batch_size is None else check_positive_int(batch_size, "batch_size")
    with _torch_threads(1):
        for t in progress(range(steps), desc="PAC-Bayes", disable=not show_progress):
            idx = (
                torch.randint(0, m, (bs,), generator=gen, device=x.device)
                if bs < m
                else slice(None)
            )
            opt.zero_grad()
            with torch.no_grad():
                model.log_prior_var.clamp_(max=math.log(c) - 1.0 / b)
            loss = nn.functional.cross_entropy(model(x[idx], generator=gen), y[idx])
            kl = model.kl(base=math.e)
            obj = loss + _pac_bayes_penalty(kl, model.log_prior_var, m, delta, b, c)
            obj.backward()
            opt.step()
            history[t] = float(loss.detach()), float(kl.detach()) / _LN2, float(obj.detach())
        with torch.no_grad():
            model.log_prior_var.clamp_(max=math.log(c) - 1.0 / b)
    return history


def pac_bayes_certificate(
    model, x, y, *, delta=0.025, delta_prime=0.01, n_draws=1000, b=100, c=0.1, seed=0
):
    r"""The final PAC-Bayes bound of a trained :class:`PACBayesMLP`, as Dziugaite & Roy (2017).

    1. Round the prior variance to the grid, :math:`j = \lceil b \ln(c/\lambda) \rceil`,
       :math:`\lambda_j = c\,e^{-j/b}`, and compute :math:`D(Q\|P_{\lambda_j})`.
    2. Estimate the training error of Q with ``n_draws`` weight draws and bound it:
       :math:`\hat e_S(Q) \le \mathrm{kl}^{-1}(\hat e_n, \ln(2/\delta')/n)` (probability
       :math:`1 - \delta'` over the draws).
    3. Bound the risk: :math:`e(Q) \le \mathrm{kl}^{-1}\big(\hat e_S, (D(Q\|P) + 2\ln j +
       \ln(\pi^2 m / 6\delta))/(m-1)\big)` (:func:`itlab.bounds.pac_bayes_bound`).

    The bound holds with probability at least :math:`1 - \delta - \delta'`.

    Parameters
    ----------
    model : PACBayesMLP
        A trained posterior (see :func:`train_pac_bayes`).
    x : torch.Tensor, shape (m, d)
    y : torch.Tensor of int, shape (m,)
        The training sample the bound is about.
    delta, delta_prime : float, default 0.025 and 0.01
        Confidence of the PAC-Bayes bound and of the Monte Carlo estimate.
    n_draws : int, default 1000
        Weight draws for the training error of Q.
    b, c : float, default 100 and 0.1
        The prior-variance grid (as in :func:`train_pac_bayes`).
    seed : int, default 0
        Seed of the weight draws.

    Returns
    -------
    dict
        ``train_error_mc`` (the draws' mean error), ``train_error_bound``, ``kl_bits``,
        ``prior_var``, ``j``, ``bound`` (kl form), ``bound_mcallester``, ``m``.

    References
    ----------
    Dziugaite & Roy (2017), arXiv:1703.11008, sections 3-4.

    Examples
    --------
    >>> import torch
    >>> from itlab.models import PACBayesMLP, pac_bayes_certificate
    >>> x, y = torch.randn(40, 4), torch.randint(0, 3, (40,))
    >>> cert = pac_bayes_certificate(PACBayesMLP((4, 8, 3), seed=0), x, y, n_draws=20)
    >>> 0.0 <= cert["train_error_mc"] <= cert["bound"] <= 1.0
    True
    """
    from .bounds import binary_kl_inverse, pac_bayes_bound

    m = int(x.shape[0])
    lam = float(model.log_prior_var.detach().exp())
    j = max(1, math.ceil(b * math.log(c / lam)))
    lam_j = c * math.exp(-j / b)
    with torch.no_grad():
        kl_nats = float(model.kl(base=math.e, prior_var=lam_j))
    errs = model.error_rates(x, y, n_draws=n_draws, seed=seed)
    e_mc = float(errs.mean())
    e_bound = binary_kl_inverse(e_mc, math.log(2.0 / delta_prime) / n_draws, base=math.e)
    kl_total = kl_nats + 2.0 * math.log(j) + math.log(math.pi**2 / 6.0)
    return {
        "train_error_mc": e_mc,
        "train_error_bound": float(e_bound),
        "kl_bits": kl_nats / _LN2,
        "prior_var": lam_j,
        "j": j,
        "bound": float(pac_bayes_bound(e_bound, kl_total, m, delta, base=math.e)),
        "bound_mcallester": float(
            pac_bayes_bound(e_bound, kl_total, m, delta, kind="mcallester", base=math.e)
        ),
        "m": m,
    }
