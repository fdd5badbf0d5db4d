"""Tests of itlab.bounds: Fano's inequality and the Bayes error / information of Gaussian classes.

Reference values come from closed forms, from the K-ary symmetric channel (where Fano
is tight), from independent computations written here (adaptive quadrature of the
mixture entropy, Monte Carlo with the Bayes rule written out), and from properties.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate
from scipy.stats import multivariate_normal, norm

import itlab as it

# ---------------------------------------------------------------- helpers


def symmetric_channel_joint(error, k):
    """Joint pmf p[x, y] of uniform X through the K-ary symmetric channel with error `error`."""
    w = np.full((k, k), error / (k - 1))
    np.fill_diagonal(w, 1.0 - error)
    return w / k


def h_y_given_x(pxy):
    """H(Y | X) in bits of p[x, y], written out independently of itlab."""
    px = pxy.sum(axis=1, keepdims=True)
    ratio = np.divide(pxy, px, out=np.ones_like(pxy), where=pxy > 0)
    return float(-np.sum(pxy * np.log2(ratio)))


def mc_bayes_error(means, cov, priors, n, seed):
    """Monte Carlo error of the Bayes rule, counted on samples, with its standard error."""
    rng = np.random.default_rng(seed)
    means = np.atleast_2d(np.asarray(means, float))
    if means.shape[0] == 1:
        means = means.T
    k, d = means.shape
    cov = np.atleast_2d(cov)
    labels = rng.choice(k, size=n, p=priors)
    x = means[labels] + rng.multivariate_normal(np.zeros(d), cov, size=n)
    scores = np.stack(
        [
            np.log(priors[j]) + multivariate_normal(means[j], cov).logpdf(x).reshape(n)
            for j in range(k)
        ],
        axis=1,
    )
    wrong = scores.argmax(axis=1) != labels
    return wrong.mean(), wrong.std(ddof=1) / math.sqrt(n)


def mixture_mi_by_quad(means, sigma, priors):
    """I(X;Y) in bits of a 1-D Gaussian mixture: h(X) - h(X|Y) with h(X) by adaptive quadrature."""
    means, priors = np.asarray(means, float), np.asarray(priors, float)

    def integrand(x):
        p = float(np.sum(priors * norm.pdf(x, means, sigma)))
        return -p * math.log(p) if p > 0 else 0.0

    lo, hi = means.min() - 14 * sigma, means.max() + 14 * sigma
    h_x = integrate.quad(
        integrand, lo, hi, points=list(means), epsabs=1e-14, epsrel=1e-13, limit=1000
    )[0]
    return (h_x - 0.5 * math.log(2 * math.pi * math.e * sigma**2)) / math.log(2)


# ---------------------------------------------------------------- Fano


@pytest.mark.parametrize("k", [2, 3, 4, 7, 10, 256])
def test_fano_is_tight_on_the_symmetric_channel(k):
    for error in np.linspace(0.0, (k - 1) / k, 9):
        pxy = symmetric_channel_joint(error, k)
        h = h_y_given_x(pxy)
        # the same conditional entropy from itlab.discrete (H(Y|X): Y on axis 0)
        assert it.conditional_entropy(pxy.T) == pytest.approx(h, abs=1e-12)
        assert it.fano_lower_bound(h, k) == pytest.approx(error, abs=1e-12)


def test_fano_closed_values_and_units():
    assert it.fano_lower_bound(1.0, 2) == 0.5
    assert it.fano_lower_bound(it.binary_entropy(0.11), 2) == pytest.approx(0.11, abs=1e-14)
    h_nats = it.binary_entropy(0.2, base=math.e) + 0.2 * math.log(4)
    assert it.fano_lower_bound(h_nats, 5, base=math.e) == pytest.approx(0.2, abs=1e-13)
    assert it.fano_lower_bound(h_nats / math.log(10), 5, base=10) == pytest.approx(0.2, abs=1e-13)
    assert isinstance(it.fano_lower_bound(0.3, 3), float)


def test_fano_edges():
    for k in (2, 3, 10, 1000):
        assert it.fano_lower_bound(0.0, k) == 0.0
        assert it.fano_lower_bound(math.log2(k), k) == (k - 1) / k
        assert it.fano_lower_bound(math.log(k), k, base=math.e) == (k - 1) / k
        assert it.fano_lower_bound(it.entropy(np.full(k, 1.0 / k)), k) == pytest.approx(
            (k - 1) / k, abs=1e-12
        )
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_lower_bound(1.01, 2)
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_lower_bound(math.log2(3) + 1e-6, 3)


def test_fano_vectorised_agrees_with_scalar_calls():
    h = np.array([[0.0, 0.3], [0.9, 2.0]])
    k = np.array([2, 4])
    got = it.fano_lower_bound(h, k)
    assert got.shape == (2, 2)
    for i in range(2):
        for j in range(2):
            assert got[i, j] == it.fano_lower_bound(float(h[i, j]), int(k[j]))


def test_fano_entropy_bound_is_the_forward_map():
    e = np.linspace(0, 0.9, 19)
    k = 10
    want = (
        -e * np.log2(np.where(e > 0, e, 1))
        - (1 - e) * np.log2(np.where(e < 1, 1 - e, 1))
        + e * np.log2(k - 1)
    )
    assert np.allclose(it.fano_entropy_bound(e, k), want, atol=1e-14)
    assert np.allclose(it.fano_lower_bound(it.fano_entropy_bound(e, k), k), e, atol=1e-12)
    assert it.fano_entropy_bound(0.5, 2) == 1.0


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 6), st.integers(2, 6), st.data())
def test_fano_inequality_holds_for_the_map_rule(nx, k, data):
    """Any joint pmf: the error of the MAP rule is at least Fano's bound (Fano's inequality itself)."""
    w = np.array(
        data.draw(st.lists(st.floats(0.0, 1.0), min_size=nx * k, max_size=nx * k))
    ).reshape(nx, k)
    if w.sum() == 0:
        w[0, 0] = 1.0
    pxy = w / w.sum()
    map_error = 1.0 - pxy.max(axis=1).sum()
    bound = it.fano_lower_bound(max(h_y_given_x(pxy), 0.0), k)
    assert bound <= map_error + 1e-12


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 50), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_fano_monotone_in_entropy(k, u, v):
    h1, h2 = sorted((u * math.log2(k), v * math.log2(k)))
    assert it.fano_lower_bound(h1, k) <= it.fano_lower_bound(h2, k)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 60), st.integers(1, 40), st.floats(0.0, 1.0))
def test_fano_monotone_in_classes(k, extra, u):
    h = u * math.log2(k)  # allowed for K and for every larger K
    assert it.fano_lower_bound(h, k + extra) <= it.fano_lower_bound(h, k)


def test_fano_tiny_entropies_are_resolved():
    # h(e) ~ e log(1/e) for small e: the bound must track tiny inputs, not round them to 0.
    for e in (1e-300, 1e-100, 1e-20, 1e-9):
        h = it.binary_entropy(e)
        assert it.fano_lower_bound(h, 2) == pytest.approx(e, rel=1e-9)


def test_fano_bad_input():
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_lower_bound(-0.1, 2)
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_lower_bound(float("nan"), 2)
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_lower_bound([0.1, np.inf], 2)
    with pytest.raises(TypeError, match="conditional_entropy"):
        it.fano_lower_bound("one bit", 2)
    with pytest.raises(ValueError, match="n_classes"):
        it.fano_lower_bound(0.0, 1)
    with pytest.raises(TypeError, match="n_classes"):
        it.fano_lower_bound(0.5, 2.5)
    with pytest.raises(ValueError, match="base"):
        it.fano_lower_bound(0.5, 2, base=-1)
    with pytest.raises(ValueError, match="error"):
        it.fano_entropy_bound(1.5, 2)
    with pytest.raises(ValueError, match="n_classes"):
        it.fano_entropy_bound(0.5, 0)


def test_fano_weak_form_hand_computed_values():
    # (H - 1) / log2 K, worked by hand
    assert it.fano_weak_lower_bound(3.0, 16) == pytest.approx(0.5, abs=1e-15)  # (3 - 1) / 4
    assert it.fano_weak_lower_bound(8.0, 256) == pytest.approx(7 / 8, abs=1e-15)
    assert it.fano_weak_lower_bound(1.0, 4) == pytest.approx(0.0, abs=1e-15)
    # vacuous, and returned as it is
    assert it.fano_weak_lower_bound(0.0, 4) == pytest.approx(-0.5, abs=1e-15)
    # K = 2: (H - 1) / 1 <= 0 always
    assert it.fano_weak_lower_bound(0.5, 2) == pytest.approx(-0.5, abs=1e-15)
    # nats: (H - ln 2) / ln K
    assert it.fano_weak_lower_bound(math.log(8), 8, base=math.e) == pytest.approx(2 / 3, abs=1e-15)
    out = it.fano_weak_lower_bound([2.0, 3.0], [8, 16])
    assert np.allclose(out, [1 / 3, 0.5], atol=1e-15)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 300), st.floats(0.0, 1.0))
def test_fano_weak_form_is_below_the_exact_inversion(k, u):
    h = u * math.log2(k)
    assert it.fano_weak_lower_bound(h, k) <= it.fano_lower_bound(h, k) + 1e-12


def test_fano_weak_form_on_the_symmetric_channel():
    # the channel's own error is at least the weak bound, with the gap 1 - h(e) + e log2(K/(K-1))
    k = 64
    for error in (0.05, 0.3, 0.9):
        h = h_y_given_x(symmetric_channel_joint(error, k))
        gap = 1 - it.binary_entropy(error) + error * math.log2(k / (k - 1))
        assert error - it.fano_weak_lower_bound(h, k) == pytest.approx(
            gap / math.log2(k), abs=1e-12
        )


def test_fano_weak_form_bad_input():
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_weak_lower_bound(-0.1, 4)
    with pytest.raises(ValueError, match="conditional_entropy"):
        it.fano_weak_lower_bound(2.5, 4)
    with pytest.raises(ValueError, match="n_classes"):
        it.fano_weak_lower_bound(0.0, 1)
    with pytest.raises(TypeError, match="n_classes"):
        it.fano_weak_lower_bound(0.5, 2.5)


# ---------------------------------------------------------------- two-class Bayes error


@pytest.mark.parametrize("delta", [0.0, 0.1, 1.0, 2.5, 6.0, 30.0])
def test_bayes_error_1d_closed_form(delta):
    want = norm.cdf(-delta / 2) if delta > 0 else 0.5
    assert it.gaussian_bayes_error(0.0, delta * 1.7, 1.7**2) == pytest.approx(
        want, rel=1e-12, abs=1e-300
    )


def test_bayes_error_depends_on_mahalanobis_distance_only():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(3, 3)) + 3 * np.eye(3)
    m0, m1, cov = np.array([0.0, 1.0, -1.0]), np.array([1.0, 0.5, 0.0]), np.diag([1.0, 2.0, 0.5])
    for prior0 in (0.5, 0.2):
        e1 = it.gaussian_bayes_error(m0, m1, cov, prior0)
        e2 = it.gaussian_bayes_error(a @ m0 + 3, a @ m1 + 3, a @ cov @ a.T, prior0)
        assert e1 == pytest.approx(e2, rel=1e-12)


@pytest.mark.parametrize(
    "m0, m1, cov, prior0",
    [
        (0.0, 1.5, 1.0, 0.5),
        (0.0, 1.5, 2.0, 0.25),
        ([0, 0, 0], [1, -1, 0.5], [[1, 0.3, 0], [0.3, 2, 0.2], [0, 0.2, 0.5]], 0.5),
        ([0, 0, 0], [1, -1, 0.5], [[1, 0.3, 0], [0.3, 2, 0.2], [0, 0.2, 0.5]], 0.8),
    ],
)
def test_bayes_error_agrees_with_monte_carlo(m0, m1, cov, prior0):
    exact = it.gaussian_bayes_error(m0, m1, cov, prior0)
    means = np.array([np.atleast_1d(m0), np.atleast_1d(m1)], float)
    est, se = mc_bayes_error(means, cov, np.array([prior0, 1 - prior0]), 200_000, seed=1)
    assert abs(est - exact) < 4 * se
    # the K-class function takes the exact 1-D route for two classes
    value, stderr = it.gaussian_classes_bayes_error(means, cov, [prior0, 1 - prior0])
    assert stderr == 0.0
    assert value == pytest.approx(exact, rel=1e-12)


def test_bayes_error_edges():
    assert it.gaussian_bayes_error([1, 2], [1, 2], np.eye(2), 0.3) == 0.3
    assert it.gaussian_bayes_error(0, 1, 1, prior0=0.0) == 0.0
    assert it.gaussian_bayes_error(0, 1, 1, prior0=1.0) == 0.0
    assert it.gaussian_bayes_error(0, 100, 1) == pytest.approx(norm.cdf(-50), rel=1e-10)
    # unequal priors never give more error than always guessing the likelier class
    for p0 in np.linspace(0.05, 0.95, 7):
        assert it.gaussian_bayes_error(0, 0.7, 1, p0) <= min(p0, 1 - p0)


def test_bayes_error_bad_input():
    with pytest.raises(ValueError, match="mean0 and mean1"):
        it.gaussian_bayes_error([0, 0], [1, 1, 1], np.eye(2))
    with pytest.raises(ValueError, match="mean0"):
        it.gaussian_bayes_error([np.nan, 0], [1, 1], np.eye(2))
    with pytest.raises(ValueError, match="mean1"):
        it.gaussian_bayes_error([0, 0], [[1, 1]], np.eye(2))
    with pytest.raises(ValueError, match="cov"):
        it.gaussian_bayes_error([0, 0], [1, 1], np.eye(3))
    with pytest.raises(ValueError, match="cov must be positive definite"):
        it.gaussian_bayes_error([0, 0], [1, 1], [[1, 2], [2, 1]])
    with pytest.raises(ValueError, match="cov must be symmetric"):
        it.gaussian_bayes_error([0, 0], [1, 1], [[1, 0.5], [0, 1]])
    with pytest.raises(ValueError, match="cov"):
        it.gaussian_bayes_error(0, 1, -1.0)
    with pytest.raises(ValueError, match="prior0"):
        it.gaussian_bayes_error(0, 1, 1, prior0=1.5)
    with pytest.raises(TypeError, match="mean0"):
        it.gaussian_bayes_error("a", 1, 1)


# ---------------------------------------------------------------- K classes


def test_k_class_bayes_error_exact_on_a_line_agrees_with_monte_carlo():
    means, priors = np.array([0.0, 1.0, 3.0, 3.5]), np.array([0.1, 0.4, 0.3, 0.2])
    value, stderr = it.gaussian_classes_bayes_error(means, 0.8, priors)
    assert stderr == 0.0
    est, se = mc_bayes_error(means[:, None], [[0.8]], priors, 200_000, seed=2)
    assert abs(est - value) < 4 * se


def test_k_class_bayes_error_collinear_in_d_dims_is_exact():
    # means on one line in 3-D: the exact route applies and equals a 1-D problem
    direction = np.array([1.0, 2.0, -1.0])
    means = np.outer([0.0, 1.0, 2.5], direction)
    cov = np.diag([1.0, 4.0, 2.0])
    value, stderr = it.gaussian_classes_bayes_error(means, cov)
    spread = math.sqrt(direction @ np.linalg.solve(cov, direction))
    value_1d, _ = it.gaussian_classes_bayes_error(np.array([0.0, 1.0, 2.5]) * spread, 1.0)
    assert stderr == 0.0
    assert value == pytest.approx(value_1d, rel=1e-12)


def test_k_class_bayes_error_monte_carlo_on_a_square():
    # four classes at (+-a, +-a), identity covariance: the rule reads the two signs
    # independently, so the error is 1 - Phi(a)^2 exactly.
    a = 0.8
    means = np.array([[a, a], [a, -a], [-a, a], [-a, -a]])
    value, stderr = it.gaussian_classes_bayes_error(means, np.eye(2), n_samples=80_000, seed=3)
    assert 0 < stderr < 3e-3
    assert abs(value - (1 - norm.cdf(a) ** 2)) < 4 * stderr
    # same seed, same number
    assert it.gaussian_classes_bayes_error(means, np.eye(2), n_samples=80_000, seed=3) == (
        value,
        stderr,
    )


def test_k_class_edges():
    assert it.gaussian_classes_bayes_error(
        [[1, 1], [1, 1], [1, 1]], np.eye(2), [0.2, 0.5, 0.3]
    ) == (0.5, 0.0)
    # a class with prior 0 changes nothing
    with_zero = it.gaussian_classes_bayes_error([0.0, 2.0, 9.0], 1.0, [0.5, 0.5, 0.0])
    assert with_zero[0] == pytest.approx(norm.cdf(-1.0), rel=1e-12)
    assert it.gaussian_classes_mutual_information([0.0, 2.0, 9.0], 1.0, [0.5, 0.5, 0.0])[
        0
    ] == pytest.approx(it.gaussian_classes_mutual_information([0.0, 2.0], 1.0)[0], abs=1e-13)


def test_k_class_bad_input():
    with pytest.raises(ValueError, match="means"):
        it.gaussian_classes_bayes_error([[0.0, 1.0]], np.eye(2))
    with pytest.raises(ValueError, match="means"):
        it.gaussian_classes_bayes_error(np.zeros((2, 2, 2)), np.eye(2))
    with pytest.raises(ValueError, match="means"):
        it.gaussian_classes_mutual_information([[0, np.inf], [1, 1]], np.eye(2))
    with pytest.raises(ValueError, match="cov"):
        it.gaussian_classes_bayes_error([[0, 0], [1, 1]], np.eye(3))
    with pytest.raises(ValueError, match="priors"):
        it.gaussian_classes_bayes_error([0, 1, 2], 1.0, [0.5, 0.5])
    with pytest.raises(ValueError, match="priors"):
        it.gaussian_classes_mutual_information([0, 1], 1.0, [0.7, 0.7])
    with pytest.raises(ValueError, match="n_samples"):
        it.gaussian_classes_bayes_error([0, 1], 1.0, n_samples=1)
    with pytest.raises(ValueError, match="base"):
        it.gaussian_classes_mutual_information([0, 1], 1.0, base=0)
    with pytest.raises(TypeError, match="seed"):
        it.gaussian_classes_mutual_information([[0, 0], [1, 0], [0, 1]], np.eye(2), seed="x")


# ---------------------------------------------------------------- I(X;Y) of Gaussian classes


@pytest.mark.parametrize(
    "means, sigma, priors",
    [
        ([0.0, 2.0], 1.0, [0.5, 0.5]),
        ([0.0, 0.05], 1.0, [0.5, 0.5]),
        ([0.0, 3.0], 2.0, [0.2, 0.8]),
        ([0.0, 1.0, 4.0, 4.5], 0.7, [0.1, 0.4, 0.3, 0.2]),
        ([0.0, 25.0], 1.0, [0.5, 0.5]),
    ],
)
def test_mi_agrees_with_adaptive_quadrature(means, sigma, priors):
    value, stderr = it.gaussian_classes_mutual_information(means, sigma**2, priors)
    assert stderr == 0.0
    assert value == pytest.approx(mixture_mi_by_quad(means, sigma, priors), abs=1e-11)


def test_mi_limits_and_affine_invariance():
    assert it.gaussian_classes_mutual_information([3.0, 3.0], 1.0) == (0.0, 0.0)
    far, _ = it.gaussian_classes_mutual_information([0.0, 80.0], 1.0, [0.3, 0.7])
    assert far == pytest.approx(it.entropy([0.3, 0.7]), abs=1e-12)
    rng = np.random.default_rng(4)
    means, cov = rng.normal(size=(2, 4)), np.eye(4) + 0.3
    a = rng.normal(size=(4, 4)) + 2 * np.eye(4)
    base_mi, _ = it.gaussian_classes_mutual_information(means, cov)
    moved, _ = it.gaussian_classes_mutual_information(means @ a.T - 1.0, a @ cov @ a.T)
    assert moved == pytest.approx(base_mi, abs=1e-12)
    nats, _ = it.gaussian_classes_mutual_information(means, cov, base=math.e)
    assert nats == pytest.approx(base_mi * math.log(2), abs=1e-12)


def test_mi_monte_carlo_on_a_square():
    # On the square the label is two independent bits, each read from its own coordinate:
    # I(X;Y) = 2 I_1 with I_1 the exact one-dimensional value.
    a = 0.8
    means = np.array([[a, a], [a, -a], [-a, a], [-a, -a]])
    value, stderr = it.gaussian_classes_mutual_information(
        means, np.eye(2), n_samples=80_000, seed=5
    )
    one, _ = it.gaussian_classes_mutual_information([-a, a], 1.0)
    assert 0 < stderr < 3e-3
    assert abs(value - 2 * one) < 4 * stderr


def test_fano_bound_is_below_the_bayes_error_of_gaussian_classes():
    for sep in (0.5, 1.0, 2.0, 4.0):
        for priors in ([0.5, 0.5], [0.8, 0.2]):
            mi, _ = it.gaussian_classes_mutual_information([0.0, sep], 1.0, priors)
            bound = it.fano_lower_bound(max(it.entropy(priors) - mi, 0.0), 2)
            bayes = it.gaussian_bayes_error(0.0, sep, 1.0, priors[0])
            assert bound <= bayes


def test_far_away_class_is_read_off_exactly():
    # A third class a million standard deviations away is never confused: the information
    # is H(Y) minus the two near classes' share of their own doubt, and the error is theirs.
    near_mi, _ = it.gaussian_classes_mutual_information([0.0, 2.0], 1.0)
    mi, _ = it.gaussian_classes_mutual_information([0.0, 2.0, 1e6], 1.0)
    assert mi == pytest.approx(math.log2(3) - (2 / 3) * (1 - near_mi), abs=1e-11)
    err, _ = it.gaussian_classes_bayes_error([0.0, 2.0, 1e6], 1.0)
    assert err == pytest.approx((2 / 3) * norm.cdf(-1.0), rel=1e-12)
