"""Tests of itlab.models: the VAE's rate and distortion, and the Bayesian layer's KL."""

import math

import numpy as np
import pytest
import torch
from torch.distributions import Normal, kl_divergence

from itlab.models import VAE, BayesianLinear, gaussian_kl

LN2 = math.log(2.0)


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits

    return (load_digits().data[:400] / 16.0).astype(np.float32)


def trained_vae(x, beta, epochs=60, seed=0):
    vae = VAE(64, n_latent=4, n_hidden=32, beta=beta, seed=seed)
    history = vae.fit(x, epochs=epochs, batch_size=400, lr=1e-2, seed=seed, show_progress=False)
    return vae, history


# ------------------------------------------------------------------ gaussian_kl


def test_gaussian_kl_matches_torch_distributions():
    g = torch.Generator().manual_seed(0)
    mq, mp = torch.randn(50, generator=g), torch.randn(50, generator=g)
    sq, sp = torch.rand(50, generator=g) + 0.1, torch.rand(50, generator=g) + 0.1
    ref = kl_divergence(Normal(mq, sq), Normal(mp, sp))
    torch.testing.assert_close(gaussian_kl(mq, sq, mp, sp, base=math.e), ref)
    torch.testing.assert_close(gaussian_kl(mq, sq, mp, sp), ref / LN2)
    assert float(gaussian_kl(torch.tensor(0.3), torch.tensor(2.0), 0.3, 2.0)) == pytest.approx(
        0.0, abs=1e-7
    )


# ------------------------------------------------------------------ VAE


def test_vae_rate_is_the_analytic_kl(digits):
    vae, _ = trained_vae(digits, beta=1.0, epochs=20)
    x = torch.as_tensor(digits[:64])
    with torch.no_grad():
        terms = vae.loss(x, sample=False)
        mean, logvar = vae.encode(x)
    m, v = mean.double().numpy(), np.exp(logvar.double().numpy())
    kl_nats = 0.5 * (m**2 + v - 1.0 - np.log(v)).sum(axis=1)  # KL(N(m, v) || N(0, 1)), written out
    assert float(terms.rate) == pytest.approx(kl_nats.mean() / LN2, rel=1e-5)
    ref = (
        kl_divergence(Normal(mean, torch.exp(0.5 * logvar)), Normal(0.0, 1.0)).sum(-1).mean() / LN2
    )
    assert float(terms.rate) == pytest.approx(float(ref), rel=1e-5)


def test_vae_rate_matches_a_monte_carlo_estimate(digits):
    vae, _ = trained_vae(digits, beta=1.0, epochs=20)
    x = torch.as_tensor(digits[:8])
    with torch.no_grad():
        mean, logvar = vae.encode(x)
        q = Normal(mean.double(), torch.exp(0.5 * logvar.double()))
        z = q.sample((20000,))
        log_ratio = (q.log_prob(z) - Normal(0.0, 1.0).log_prob(z)).sum(
            -1
        ) / LN2  # (samples, examples)
        rate = float(vae.loss(x, sample=False).rate)
    estimate = float(log_ratio.mean())
    se = float(log_ratio.std()) / math.sqrt(log_ratio.numel())
    assert estimate == pytest.approx(rate, abs=5 * se)


def test_vae_distortion_is_the_gaussian_nll(digits):
    vae = VAE(64, n_latent=3, n_hidden=16, beta=0.7, obs_std=0.2, seed=1)
    x = torch.as_tensor(digits[:32])
    with torch.no_grad():
        terms = vae.loss(x, sample=False)
        mean, _ = vae.encode(x)
        recon = vae.decode(mean)
    nll_bits = -Normal(recon, 0.2).log_prob(x).sum(-1).mean() / LN2
    assert float(terms.distortion) == pytest.approx(float(nll_bits), rel=1e-5)
    assert float(terms.mse) == pytest.approx(float(((x - recon) ** 2).mean()), rel=1e-5)
    torch.testing.assert_close(terms.elbo, -(terms.distortion + terms.rate))
    torch.testing.assert_close(terms.loss, terms.distortion + 0.7 * terms.rate)


def test_vae_reparametrised_distortion_is_unbiased(digits):
    vae = VAE(64, n_latent=3, n_hidden=16, seed=2)
    x = torch.as_tensor(digits[:16])
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        draws = torch.stack([vae.loss(x, generator=g).distortion for _ in range(400)])
        mean, logvar = vae.encode(x)
        z = Normal(mean, torch.exp(0.5 * logvar)).sample((400,))
        nll = -Normal(vae.decode(z), vae.obs_std).log_prob(x).sum(-1).mean(-1) / LN2
    assert float(draws.mean()) == pytest.approx(
        float(nll.mean()), abs=4 * float(nll.std() / 20) + 1e-3
    )


def test_vae_training_trades_rate_for_distortion(digits):
    low, h_low = trained_vae(digits, beta=0.3)
    high, h_high = trained_vae(digits, beta=30.0)
    assert h_low["loss"][-1] < h_low["loss"][0]
    ev_low, ev_high = low.evaluate(digits), high.evaluate(digits)
    assert ev_low["rate"] > ev_high["rate"] + 1.0
    assert ev_low["mse"] < ev_high["mse"]
    assert ev_low["elbo"] == pytest.approx(-(ev_low["rate"] + ev_low["distortion"]))
    # the rate is exact: evaluate and loss agree
    with torch.no_grad():
        assert ev_low["rate"] == pytest.approx(
            float(low.loss(torch.as_tensor(digits)).rate), rel=1e-5
        )
    assert low.reconstruct(digits[:5]).shape == (5, 64)


def test_vae_is_deterministic_given_seeds(digits):
    _, h1 = trained_vae(digits[:100], beta=1.0, epochs=5, seed=3)
    _, h2 = trained_vae(digits[:100], beta=1.0, epochs=5, seed=3)
    _, h3 = trained_vae(digits[:100], beta=1.0, epochs=5, seed=4)
    np.testing.assert_array_equal(h1["loss"], h2["loss"])
    assert not np.array_equal(h1["loss"], h3["loss"])


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_vae_runs_on_cuda(digits):  # pragma: no cover - needs a GPU
    vae = VAE(64, n_latent=4, n_hidden=32, device="cuda")
    history = vae.fit(digits, epochs=3, show_progress=False)
    assert vae.device.type == "cuda" and np.isfinite(history["loss"]).all()
    layer = BayesianLinear(4, 3, device="cuda")
    assert layer(torch.zeros(2, 4, device="cuda")).device.type == "cuda"


def test_vae_bad_input(digits):
    with pytest.raises(ValueError, match="n_input"):
        VAE(0)
    with pytest.raises(ValueError, match="beta"):
        VAE(64, beta=-1.0)
    with pytest.raises(ValueError, match="obs_std"):
        VAE(64, obs_std=0.0)
    with pytest.raises(TypeError, match="seed"):
        VAE(64, seed=1.5)
    vae = VAE(64)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 64\)"):
        vae.fit(digits[:, :10], epochs=1, show_progress=False)
    bad = digits[:10].copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="x contains NaN"):
        vae.evaluate(bad)
    with pytest.raises(ValueError, match="epochs"):
        vae.fit(digits, epochs=0, show_progress=False)
    with pytest.raises(ValueError, match="lr"):
        vae.fit(digits, epochs=1, lr=0.0, show_progress=False)


# ------------------------------------------------------------------ Bayesian linear layer


def _perturbed_layer(seed=0, prior_std=0.5):
    layer = BayesianLinear(5, 3, prior_std=prior_std, seed=seed)
    g = torch.Generator().manual_seed(seed + 10)
    with torch.no_grad():
        for p in (layer.weight_mu, layer.bias_mu):
            p.add_(torch.randn(p.shape, generator=g))
        for p in (layer.weight_rho, layer.bias_rho):
            p.copy_(torch.randn(p.shape, generator=g))
    return layer


def test_bayesian_kl_closed_form():
    layer = _perturbed_layer(prior_std=0.5)
    mu = torch.cat([layer.weight_mu.flatten(), layer.bias_mu]).detach().double().numpy()
    rho = torch.cat([layer.weight_rho.flatten(), layer.bias_rho]).detach().double().numpy()
    sigma = np.log1p(np.exp(rho))  # softplus, written out
    s0 = 0.5
    kl_nats = np.sum(np.log(s0 / sigma) + (sigma**2 + mu**2) / (2 * s0**2) - 0.5)
    assert float(layer.kl(base=math.e).detach()) == pytest.approx(kl_nats, rel=1e-5)
    assert float(layer.kl().detach()) == pytest.approx(kl_nats / LN2, rel=1e-5)


def test_bayesian_kl_matches_torch_distributions():
    layer = _perturbed_layer(seed=3, prior_std=2.0)
    prior = Normal(0.0, 2.0)
    ref = kl_divergence(Normal(layer.weight_mu, layer.weight_std), prior).sum()
    ref = ref + kl_divergence(Normal(layer.bias_mu, layer.bias_std), prior).sum()
    assert float(layer.kl(base=math.e).detach()) == pytest.approx(float(ref.detach()), rel=1e-5)
    layer.kl().backward()  # a regulariser: differentiable in every posterior parameter
    assert all(p.grad is not None for p in layer.parameters())


def test_bayesian_kl_zero_at_the_prior():
    layer = BayesianLinear(4, 2, prior_std=0.3, bias=False)
    with torch.no_grad():
        layer.weight_mu.zero_()
        layer.weight_rho.fill_(math.log(math.expm1(0.3)))
    assert float(layer.kl().detach()) == pytest.approx(0.0, abs=1e-5)


def test_bayesian_forward_samples_the_posterior():
    layer = _perturbed_layer(seed=1)
    x = torch.randn(4, 5, generator=torch.Generator().manual_seed(0))
    layer.eval()
    mean_out = torch.nn.functional.linear(x, layer.weight_mu, layer.bias_mu)
    torch.testing.assert_close(layer(x), mean_out)  # evaluation mode: mean weights
    g = torch.Generator().manual_seed(1)
    with torch.no_grad():
        draws = torch.stack([layer(x, sample=True, generator=g) for _ in range(4000)])
    with torch.no_grad():
        var = (x**2) @ (
            layer.weight_std**2
        ).T + layer.bias_std**2  # Var of each output, in closed form
        mean_out = mean_out.detach()
    torch.testing.assert_close(
        draws.mean(0), mean_out, atol=float(5 * (var.max() / 4000) ** 0.5), rtol=0
    )
    torch.testing.assert_close(draws.var(0), var, rtol=0.15, atol=0)
    layer.train()
    assert not torch.equal(layer(x), layer(x))  # training mode samples


def test_bayesian_std_is_softplus_and_positive():
    layer = BayesianLinear(2, 2, init_std=0.05)
    torch.testing.assert_close(layer.weight_std, torch.full((2, 2), 0.05))
    with torch.no_grad():
        layer.weight_rho.fill_(-40.0)
    assert (layer.weight_std > 0).all()


def test_bayesian_layer_seeded_and_bad_input():
    a, b = BayesianLinear(3, 2, seed=5), BayesianLinear(3, 2, seed=5)
    torch.testing.assert_close(a.weight_mu, b.weight_mu)
    with pytest.raises(ValueError, match="prior_std"):
        BayesianLinear(3, 2, prior_std=0.0)
    with pytest.raises(ValueError, match="init_std"):
        BayesianLinear(3, 2, init_std=-1.0)
    with pytest.raises(ValueError, match="in_features"):
        BayesianLinear(0, 2)
