"""Tests of the PAC-Bayes functions of itlab.bounds: binary kl, its inverse, and the bounds.

References: hand-computed values, a binary-kl inverse written here by plain bisection, closed
forms (kl^{-1}(0, c) = 1 - e^{-c}), Pinsker's inequality, and monotonicity properties.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itlab as it


def kl_nats(q, p):
    """Binary kl in nats, written out (0 log 0 = 0)."""
    out = 0.0
    if q > 0:
        out += q * math.log(q / p) if p > 0 else math.inf
    if q < 1:
        out += (1 - q) * math.log((1 - q) / (1 - p)) if p < 1 else math.inf
    return out


def kl_inverse_by_bisection(q, c, iters=200):
    """Largest p in [q, 1] with kl(q||p) <= c (nats), by plain scalar bisection."""
    if q == 1 or kl_nats(q, 1.0) <= c:
        return 1.0
    lo, hi = q, 1.0
    for _ in range(iters):
        mid = (lo + hi) / 2
        if kl_nats(q, mid) <= c:
            lo = mid
        else:
            hi = mid
    return lo


def test_binary_kl_hand_values():
    # kl(0.1 || 0.3) = 0.1 ln(1/3) + 0.9 ln(9/7)
    expected = 0.1 * math.log(1 / 3) + 0.9 * math.log(9 / 7)
    assert it.binary_kl(0.1, 0.3, base=math.e) == pytest.approx(expected, rel=1e-14)
    assert it.binary_kl(0.1, 0.3) == pytest.approx(expected / math.log(2), rel=1e-14)
    assert it.binary_kl(0.0, 0.5) == pytest.approx(1.0)
    assert it.binary_kl(0.3, 0.0) == math.inf
    assert it.binary_kl(0.0, 0.0) == 0.0


def test_pac_bayes_hand_computed():
    # m = 1000, delta = 0.05, empirical risk 0.05, KL = 20 nats:
    # rhs = (20 + ln(1000 / 0.05)) / 999
    rhs = (20 + math.log(1000 / 0.05)) / 999
    expected_kl = kl_inverse_by_bisection(0.05, rhs)
    got = it.pac_bayes_bound(0.05, 20.0, 1000, delta=0.05, base=math.e)
    assert got == pytest.approx(expected_kl, abs=1e-12)
    assert 0.115 < got < 0.125  # by hand: p - q ~ sqrt(2 p (1 - p) rhs) gives p ~ 0.12
    mc = it.pac_bayes_bound(0.05, 20.0, 1000, delta=0.05, kind="mcallester", base=math.e)
    assert mc == pytest.approx(0.05 + math.sqrt(rhs / 2), rel=1e-14)
    # the same KL in bits gives the same bound
    assert it.pac_bayes_bound(0.05, 20.0 / math.log(2), 1000, delta=0.05) == pytest.approx(
        got, abs=1e-12
    )


def test_kl_inverse_closed_form_at_zero():
    for c in (0.001, 0.1, 1.0, 5.0):
        assert it.binary_kl_inverse(0.0, c, base=math.e) == pytest.approx(
            1 - math.exp(-c), abs=1e-14
        )


@settings(max_examples=100, deadline=None)
@given(q=st.floats(0, 1), c=st.floats(0, 10))
def test_kl_inverse_matches_bisection_and_pinsker(q, c):
    got = it.binary_kl_inverse(q, c, base=math.e)
    assert got == pytest.approx(kl_inverse_by_bisection(q, c), abs=1e-7)
    # Pinsker; near c = 0 the binary kl cancels to first order, so p is resolved to ~1e-8
    assert q - 1e-15 <= got <= min(1.0, q + math.sqrt(c / 2)) + 1e-7
    if got < 1:
        assert kl_nats(q, got) <= c + 1e-9


@settings(max_examples=50, deadline=None)
@given(q=st.floats(0, 0.5), kl=st.floats(0, 1e4), m=st.integers(10, 100_000))
def test_kl_form_never_looser_than_mcallester(q, kl, m):
    a = it.pac_bayes_bound(q, kl, m)
    b = it.pac_bayes_bound(q, kl, m, kind="mcallester")
    assert a <= b + 1e-12
    assert a <= 1.0


def test_monotone_in_kl_and_m():
    kls = np.linspace(0, 2000, 50)
    b = it.pac_bayes_bound(0.02, kls, 5000)
    assert np.all(np.diff(b) >= 0)
    assert it.pac_bayes_bound(0.02, 100, 50_000) < it.pac_bayes_bound(0.02, 100, 5000)


def test_vectorised():
    q = np.array([0.0, 0.1, 0.2])
    out = it.binary_kl_inverse(q, 0.05)
    assert out.shape == (3,)
    for qi, oi in zip(q, out, strict=True):
        assert oi == pytest.approx(it.binary_kl_inverse(float(qi), 0.05))


def test_bad_input():
    with pytest.raises(ValueError, match="empirical_risk"):
        it.pac_bayes_bound(1.5, 1.0, 100)
    with pytest.raises(ValueError, match="kl"):
        it.pac_bayes_bound(0.1, -1.0, 100)
    with pytest.raises(ValueError, match="m"):
        it.pac_bayes_bound(0.1, 1.0, 1)
    with pytest.raises(ValueError, match="delta"):
        it.pac_bayes_bound(0.1, 1.0, 100, delta=1.0)
    with pytest.raises(ValueError, match="kind"):
        it.pac_bayes_bound(0.1, 1.0, 100, kind="catoni")
    with pytest.raises(ValueError, match="c"):
        it.binary_kl_inverse(0.1, -0.5)
    with pytest.raises(ValueError, match="q"):
        it.binary_kl(-0.1, 0.5)


# ---------------------------------------------------------------- the stochastic network


def test_pac_bayes_mlp_kl_closed_form():
    import torch

    from itlab.models import PACBayesMLP

    net = PACBayesMLP((5, 7, 3), init_std=0.2, prior_var=0.3, seed=2)
    with torch.no_grad():
        net.mean.add_(0.1 * torch.randn(net.n_params, generator=torch.Generator().manual_seed(0)))
    mu, sd = net.mean.detach().numpy(), net.std.detach().numpy()
    w0, lam = net.prior_mean.numpy(), 0.3
    # KL of two diagonal Gaussians, written out in nats
    expected = 0.5 * np.sum(sd**2 / lam + (mu - w0) ** 2 / lam - 1 - np.log(sd**2 / lam))
    assert float(net.kl(base=math.e).detach()) == pytest.approx(expected, rel=1e-5)
    assert float(net.kl().detach()) == pytest.approx(expected / math.log(2), rel=1e-5)
    assert net.n_params == 5 * 7 + 7 + 7 * 3 + 3


def test_pac_bayes_mlp_batched_forward_matches_single():
    import torch

    from itlab.models import PACBayesMLP

    net = PACBayesMLP((4, 6, 3), seed=0)
    x = torch.randn(10, 4)
    w = torch.stack([net.mean.detach(), net.mean.detach() + 0.1])
    both = net._apply_flat(x, w)
    assert torch.allclose(both[0], net(x, sample=False), atol=1e-6)
    assert torch.allclose(both[1], net._apply_flat(x, w[1]), atol=1e-6)


def test_certificate_consistent_with_bound_function():
    import torch

    from itlab.models import PACBayesMLP, pac_bayes_certificate, train_pac_bayes

    g = torch.Generator().manual_seed(0)
    x = torch.randn(200, 4, generator=g)
    y = (x[:, 0] > 0).long()
    net = PACBayesMLP((4, 8, 2), seed=0)
    train_pac_bayes(net, x, y, steps=50, lr=1e-2)
    cert = pac_bayes_certificate(net, x, y, n_draws=100)
    assert cert["train_error_mc"] <= cert["train_error_bound"] <= cert["bound"] <= 1.0
    assert cert["bound"] <= cert["bound_mcallester"] + 1e-12
    # recompute the final step by hand: kl inverse of the bounded training error
    kl_total = cert["kl_bits"] * math.log(2) + 2 * math.log(cert["j"]) + math.log(math.pi**2 / 6)
    rhs = (kl_total + math.log(200 / 0.025)) / 199
    assert cert["bound"] == pytest.approx(
        kl_inverse_by_bisection(cert["train_error_bound"], rhs), abs=1e-7
    )
    assert cert["prior_var"] == pytest.approx(0.1 * math.exp(-cert["j"] / 100))


def test_certificate_monte_carlo_step_and_training_penalty():
    # the two remaining pieces of Dziugaite & Roy's recipe, written out here:
    # e_S(Q) <= kl^{-1}(mean error of n draws, ln(2/delta')/n), and the training objective's
    # sqrt((KL + 2 ln(b ln(c/lambda)) + ln(pi^2 m / (6 delta))) / (2 (m - 1)))
    import torch

    from itlab.models import PACBayesMLP, _pac_bayes_penalty, pac_bayes_certificate

    g = torch.Generator().manual_seed(1)
    x = torch.randn(120, 3, generator=g)
    y = (x[:, 1] > 0).long()
    net = PACBayesMLP((3, 5, 2), init_std=0.3, seed=1)
    cert = pac_bayes_certificate(net, x, y, n_draws=60, delta_prime=0.05)
    expected = kl_inverse_by_bisection(cert["train_error_mc"], math.log(2 / 0.05) / 60)
    assert cert["train_error_bound"] == pytest.approx(expected, abs=1e-7)
    kl, lam, m, delta, b, c = 37.0, 0.02, 120, 0.025, 100, 0.1
    by_hand = math.sqrt(
        (kl + 2 * math.log(b * math.log(c / lam)) + math.log(math.pi**2 * m / (6 * delta)))
        / (2 * (m - 1))
    )
    got = _pac_bayes_penalty(torch.tensor(kl), torch.tensor(math.log(lam)), m, delta, b, c)
    assert float(got) == pytest.approx(by_hand, rel=1e-6)
