"""Tests of itlab.fisher: the true Fisher against closed forms written here (softmax-linear
model, Gaussian location and Bernoulli models), the empirical Fisher against its definition and
against the true Fisher in expectation, the EWC penalty against its formula, and bad input."""

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import itlab as it

torch.set_num_threads(1)


def softmax_linear(d, c, seed, dtype=torch.float64):
    torch.manual_seed(seed)
    model = torch.nn.Linear(d, c).to(dtype)
    with torch.no_grad():
        model.weight.normal_(0.0, 1.0)
        model.bias.normal_(0.0, 1.0)
    return model


def closed_form_softmax_linear(model, x):
    """E_x[(diag p - p p^T) kron x~ x~^T] in the parameter order (W row-major, then b)."""
    W = model.weight.detach().numpy()
    b = model.bias.detach().numpy()
    logits = x @ W.T + b
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    n, d = x.shape
    c = W.shape[0]
    # parameters: W[k, j] at k*d + j, then b[k] at c*d + k;
    # d logit_k / d W[k, j] = x_j and d logit_k / d b_k = 1.
    P = c * d + c
    F = np.zeros((P, P))
    for i in range(n):  # an independent, plainly written reference
        M = np.diag(p[i]) - np.outer(p[i], p[i])
        J = np.zeros((c, P))
        for k in range(c):
            J[k, k * d : (k + 1) * d] = x[i]
            J[k, c * d + k] = 1.0
        F += J.T @ M @ J
    F_kron = np.zeros((P, P))
    # the same matrix through the Kronecker form, with x~ = (x, 1) and a permutation of the order
    for i in range(n):
        M = np.diag(p[i]) - np.outer(p[i], p[i])
        xt = np.append(x[i], 1.0)
        F_kron += np.kron(M, np.outer(xt, xt))
    perm = np.array(
        [k * (d + 1) + j for k in range(c) for j in range(d)] + [k * (d + 1) + d for k in range(c)]
    )
    np.testing.assert_allclose(F_kron[np.ix_(perm, perm)], F, atol=1e-12)
    return F / n


@pytest.mark.parametrize("d,c,n", [(3, 2, 7), (4, 5, 40), (1, 3, 1)])
def test_true_fisher_of_softmax_linear_is_the_closed_form(d, c, n):
    model = softmax_linear(d, c, seed=d * 10 + c)
    x = np.random.default_rng(n).normal(size=(n, d))
    F = it.fisher_information(model, torch.tensor(x))
    np.testing.assert_allclose(F, closed_form_softmax_linear(model, x), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        it.fisher_information(model, x, diagonal=True), np.diag(F), rtol=1e-10, atol=1e-14
    )
    # chunking is bookkeeping only
    np.testing.assert_allclose(
        it.fisher_information(model, x, chunk_size=2), F, rtol=1e-10, atol=1e-14
    )


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 12), c=st.integers(2, 5))
def test_true_fisher_is_symmetric_psd_and_label_free(seed, n, c):
    model = softmax_linear(3, c, seed=seed)
    x = np.random.default_rng(seed).normal(size=(n, 3)) * 2
    F = it.fisher_information(model, x)
    np.testing.assert_allclose(F, F.T, atol=1e-12)
    assert np.linalg.eigvalsh(F).min() > -1e-10
    # softmax is invariant to adding a constant to every logit: the bias direction (1, ..., 1)
    # (and W rows all shifted by the same vector) lies in the null space
    P = F.shape[0]
    v = np.zeros(P)
    v[3 * c :] = 1.0
    assert np.abs(F @ v).max() < 1e-10
    targets = np.random.default_rng(seed + 1).integers(0, c, size=n)
    np.testing.assert_allclose(it.fisher_information(model, x, targets=targets), F, atol=1e-14)


class GaussianLocation(torch.nn.Module):
    """Logits -(y - mu)^2 / (2 sigma^2) on a fine grid of y: a discretised N(mu, sigma^2).

    The true Fisher of the mean is Var_p[(y - mu) / sigma^2] = Var_p(y) / sigma^4, which tends to
    1 / sigma^2 as the grid gets fine and wide. The input is ignored (one dummy feature).
    """

    def __init__(self, mu, sigma, half_width=12.0, step=0.005):
        super().__init__()
        self.mu = torch.nn.Parameter(torch.tensor([mu], dtype=torch.float64))
        self.sigma = sigma
        self.grid = (
            torch.arange(-half_width, half_width + step / 2, step, dtype=torch.float64) * sigma + mu
        )

    def forward(self, x):
        logits = -((self.grid - self.mu) ** 2) / (2 * self.sigma**2)
        return logits.expand(x.shape[0], -1)


@pytest.mark.parametrize("sigma", [0.5, 1.0, 3.0])
def test_fisher_of_a_gaussian_mean_is_one_over_sigma_squared(sigma):
    model = GaussianLocation(mu=0.7, sigma=sigma)
    F = it.fisher_information(model, torch.zeros(3, 1, dtype=torch.float64))
    assert F.shape == (1, 1)
    # the grid's errors are far below 1e-6: truncation at 12 sigma leaves ~exp(-72), and a
    # Gaussian sampled every 0.005 sigma has its variance within ~exp(-2 pi^2 / 0.005^2) of
    # sigma^2 (Poisson summation); 1e-6 leaves room for float64 round-off over 4,800 classes
    assert math.isclose(F[0, 0], 1 / sigma**2, rel_tol=1e-6)


class Bernoulli(torch.nn.Module):
    """Logits (0, theta): a Bernoulli with natural parameter theta, p = sigmoid(theta)."""

    def __init__(self, theta):
        super().__init__()
        self.theta = torch.nn.Parameter(torch.tensor([theta], dtype=torch.float64))

    def forward(self, x):
        return torch.cat([torch.zeros_like(self.theta), self.theta]).expand(x.shape[0], -1)


@pytest.mark.parametrize("theta", [-2.0, 0.0, 0.4, 3.0])
def test_fisher_of_a_bernoulli_natural_parameter_is_p_times_1_minus_p(theta):
    p = 1 / (1 + math.exp(-theta))
    F = it.fisher_information(Bernoulli(theta), torch.zeros(2, 1))
    assert math.isclose(F[0, 0], p * (1 - p), rel_tol=1e-12)
    # empirical Fisher with labels y: (y - p)^2 averaged
    y = np.array([1, 0, 0, 1, 1])
    Fe = it.fisher_information(Bernoulli(theta), torch.zeros(5, 1), kind="empirical", targets=y)
    assert math.isclose(Fe[0, 0], float(np.mean((y - p) ** 2)), rel_tol=1e-12)


def mlp(seed, dtype=torch.float64):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4)).to(
        dtype
    )


def per_sample_scores_by_autograd(model, x, y):
    """Reference: a Python loop over samples with torch.autograd.grad of log p(y_i | x_i)."""
    rows = []
    for xi, yi in zip(x, y, strict=True):
        logp = torch.log_softmax(model(xi[None]), dim=1)[0, yi]
        g = torch.autograd.grad(logp, list(model.parameters()))
        rows.append(torch.cat([t.reshape(-1) for t in g]))
    return torch.stack(rows).numpy()


def test_empirical_fisher_is_the_mean_outer_product_of_per_sample_scores():
    model = mlp(1)
    x = torch.randn(9, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    y = torch.tensor([0, 1, 2, 3, 3, 2, 1, 0, 0])
    S = per_sample_scores_by_autograd(model, x, y)
    F = it.fisher_information(model, x, kind="empirical", targets=y)
    np.testing.assert_allclose(F, S.T @ S / len(x), rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(
        it.fisher_information(model, x, kind="empirical", targets=y.numpy(), diagonal=True),
        np.diag(F),
        rtol=1e-10,
    )


def test_true_fisher_of_an_mlp_matches_the_class_sum_by_autograd():
    model = mlp(3)
    x = torch.randn(6, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    with torch.no_grad():
        p = torch.softmax(model(x), dim=1).numpy()
    F_ref = 0
    for c in range(4):
        S = per_sample_scores_by_autograd(model, x, torch.full((6,), c))
        F_ref = F_ref + (S * p[:, c : c + 1]).T @ S
    np.testing.assert_allclose(it.fisher_information(model, x), F_ref / 6, rtol=1e-10, atol=1e-14)


def test_empirical_equals_true_in_expectation_when_labels_come_from_the_model():
    """Average the empirical Fisher over R label sets drawn from the model itself.

    Each entry of the average is a mean of n*R independent-ish terms; its standard error is
    estimated from the R replicates, and every entry must lie within 5 standard errors
    (plus 1e-12) of the true Fisher.
    """
    model = mlp(5)
    gen = torch.Generator().manual_seed(6)
    x = torch.randn(30, 3, dtype=torch.float64, generator=gen)
    with torch.no_grad():
        p = torch.softmax(model(x), dim=1)
    F_true = it.fisher_information(model, x)
    R = 300
    labels = torch.multinomial(p, R, replacement=True, generator=gen)  # (n, R)
    reps = np.stack(
        [it.fisher_information(model, x, kind="empirical", targets=labels[:, r]) for r in range(R)]
    )
    mean = reps.mean(axis=0)
    se = reps.std(axis=0, ddof=1) / math.sqrt(R)
    assert np.all(np.abs(mean - F_true) <= 5 * se + 1e-12)
    # and with labels that are NOT from the model (always class 0) it is far off
    wrong = it.fisher_information(model, x, kind="empirical", targets=np.zeros(30, int))
    assert np.abs(wrong - F_true).max() > 10 * se.max()


def test_integer_inputs_and_float32_models_work():
    torch.manual_seed(0)
    emb = torch.nn.Sequential(torch.nn.Embedding(5, 2), torch.nn.Linear(2, 3))
    F = it.fisher_information(emb, torch.tensor([0, 1, 4]))
    assert F.shape == (5 * 2 + 2 * 3 + 3,) * 2 and F.dtype == np.float64
    assert np.allclose(F[4:8], 0)  # embedding rows 2 and 3 are never used


# ---------------------------------------------------------------- EWC


def test_ewc_equals_its_formula_is_zero_at_the_anchor_and_has_the_right_gradient():
    model = mlp(7)
    P = sum(p.numel() for p in model.parameters())
    rng = np.random.default_rng(8)
    fisher = rng.exponential(size=P)
    anchor = torch.nn.utils.parameters_to_vector(model.parameters()).detach().clone()
    penalty = it.EWC(model, fisher, strength=2.5)
    assert float(penalty().detach()) == 0.0
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.as_tensor(rng.normal(size=tuple(p.shape))))
    theta = torch.nn.utils.parameters_to_vector(model.parameters()).detach().numpy()
    expected = 2.5 / 2 * np.sum(fisher * (theta - anchor.numpy()) ** 2)
    value = penalty()
    assert math.isclose(float(value.detach()), expected, rel_tol=1e-12)
    value.backward()
    grad = torch.cat([p.grad.reshape(-1) for p in model.parameters()]).numpy()
    np.testing.assert_allclose(grad, 2.5 * fisher * (theta - anchor.numpy()), rtol=1e-12)
    # an explicit anchor, and the full-matrix form
    other = it.EWC(model, fisher, anchor=theta, strength=1.0)
    assert float(other().detach()) == 0.0
    A = rng.normal(size=(P, P))
    full = it.EWC(model, A @ A.T, anchor=anchor, strength=3.0)
    d = theta - anchor.numpy()
    assert math.isclose(float(full().detach()), 1.5 * d @ (A @ A.T) @ d, rel_tol=1e-10)
    assert math.isclose(
        float(it.EWC(model, np.diag(fisher), anchor=anchor, strength=2.5)().detach()),
        expected,
        rel_tol=1e-10,
    )


def test_ewc_with_a_fisher_from_fisher_information():
    model = mlp(9)
    x = torch.randn(10, 3, dtype=torch.float64)
    diag = it.fisher_information(model, x, diagonal=True)
    penalty = it.EWC(model, diag, strength=100.0)
    assert "diagonal" in repr(penalty)
    assert float(penalty().detach()) == 0.0


# ---------------------------------------------------------------- bad input


def test_bad_input_raises_errors_that_name_the_argument():
    model = mlp(0)
    x = torch.randn(4, 3, dtype=torch.float64)
    with pytest.raises(ValueError, match="no parameters"):
        it.fisher_information(torch.nn.ReLU(), x)
    with pytest.raises(TypeError, match="model"):
        it.fisher_information(lambda t: t, x)
    with pytest.raises(ValueError, match="inputs"):
        it.fisher_information(model, x[:0])
    with pytest.raises(ValueError, match="inputs"):
        it.fisher_information(model, torch.full((2, 3), float("nan")))
    with pytest.raises(TypeError, match="inputs"):
        it.fisher_information(model, None)
    with pytest.raises(ValueError, match="kind"):
        it.fisher_information(model, x, kind="observed")
    with pytest.raises(ValueError, match="targets"):
        it.fisher_information(model, x, kind="empirical")
    with pytest.raises(ValueError, match="targets"):
        it.fisher_information(model, x, kind="empirical", targets=[0, 1, 2])
    with pytest.raises(ValueError, match="targets"):
        it.fisher_information(model, x, kind="empirical", targets=[0, 1, 2, 4])
    with pytest.raises(ValueError, match="targets"):
        it.fisher_information(model, x, kind="empirical", targets=[0.5, 1, 2, 3])
    with pytest.raises(ValueError, match="targets"):
        it.fisher_information(model, x, targets=[[0, 1, 2, 3]])
    with pytest.raises(ValueError, match="chunk_size"):
        it.fisher_information(model, x, chunk_size=0)
    with pytest.raises(ValueError, match="logits"):
        it.fisher_information(
            torch.nn.Linear(3, 1).double(), x[:, :, None].transpose(1, 2).repeat(1, 2, 1)
        )
    P = sum(p.numel() for p in model.parameters())
    with pytest.raises(ValueError, match="no parameters"):
        it.EWC(torch.nn.ReLU(), [])
    with pytest.raises(ValueError, match="fisher_diagonal"):
        it.EWC(model, np.ones(P + 1))
    with pytest.raises(ValueError, match="fisher_diagonal"):
        it.EWC(model, -np.ones(P))
    with pytest.raises(ValueError, match="fisher_diagonal"):
        it.EWC(model, np.full(P, np.nan))
    with pytest.raises(ValueError, match="anchor"):
        it.EWC(model, np.ones(P), anchor=np.zeros(P - 1))
    with pytest.raises(ValueError, match="strength"):
        it.EWC(model, np.ones(P), strength=-1.0)
    with pytest.raises(TypeError, match="strength"):
        it.EWC(model, np.ones(P), strength="big")
    with pytest.raises(TypeError, match="model"):
        it.EWC("model", np.ones(P))
