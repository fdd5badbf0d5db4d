"""Tests of itlab.samplers: the closed-form mutual informations are checked by
independent computations (quadrature, SciPy entropies, Monte Carlo), the samples
against their distributions, and the transforms for monotonicity."""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import integrate

import itlab as it

E = math.e


# ---------------------------------------------------------------- Gaussian


@pytest.mark.parametrize(("dx", "dy", "rho"), [(1, 1, 0.6), (3, 2, -0.5), (2, 4, 0.9)])
def test_correlated_gaussian_truth_and_samples(dx, dy, rho):
    s = it.correlated_gaussian(20_000, dx, dy, rho=rho, seed=1, base=E)
    assert s.x.shape == (20_000, dx) and s.y.shape == (20_000, dy)
    assert s.mi == pytest.approx(-min(dx, dy) / 2 * math.log(1 - rho**2), rel=1e-12)
    c = it.block_correlation(dx, dy, rho)
    assert s.mi == pytest.approx(it.gaussian_mutual_information(c, dx, base=E))
    emp = np.corrcoef(np.hstack([s.x, s.y]), rowvar=False)
    assert np.abs(emp - c).max() < 0.03
    assert it.correlated_gaussian(10, dx, dy, rho).mi == pytest.approx(s.mi / math.log(2))


def test_block_correlation_structure():
    c = it.block_correlation(2, 3, 0.4)
    ref = np.eye(5)
    ref[0, 2] = ref[2, 0] = ref[1, 3] = ref[3, 1] = 0.4
    np.testing.assert_array_equal(c, ref)


def test_samplers_are_seeded():
    for f in (it.correlated_gaussian, it.additive_uniform, it.student_t):
        a, b, c = f(50, seed=3), f(50, seed=3), f(50, seed=4)
        np.testing.assert_array_equal(a.x, b.x)
        np.testing.assert_array_equal(a.y, b.y)
        assert not np.array_equal(a.x, c.x)
    g = it.correlated_gaussian(50, seed=np.random.default_rng(3))
    np.testing.assert_array_equal(g.x, it.correlated_gaussian(50, seed=3).x)


# ---------------------------------------------------------------- additive uniform noise


def uniform_noise_mi_by_quadrature(eps):
    """h(Y) - log(2 eps) with the density of Y = X + N written as an overlap length."""

    def f(t):
        return max(0.0, min(1.0, t + eps) - max(0.0, t - eps)) / (2 * eps)

    pts = sorted({-eps, eps, 1 - eps, 1 + eps})
    hy = integrate.quad(
        lambda t: -f(t) * math.log(f(t)) if f(t) > 0 else 0.0, -eps, 1 + eps, points=pts, limit=200
    )[0]
    return hy - math.log(2 * eps)


@pytest.mark.parametrize("eps", [0.02, 0.1, 0.3, 0.5, 0.7, 2.0])
def test_additive_uniform_formula_against_quadrature(eps):
    assert it.additive_uniform_mutual_information(eps, base=E) == pytest.approx(
        uniform_noise_mi_by_quadrature(eps), abs=1e-7
    )


def test_additive_uniform_formula_range():
    # eps - log(2 eps) is right only up to 1/2; beyond it would wrongly grow again
    for eps in (0.6, 1.0, 3.0):
        assert it.additive_uniform_mutual_information(eps, base=E) < eps - math.log(2 * eps)
    mis = [it.additive_uniform_mutual_information(e, base=E) for e in np.linspace(0.01, 5, 200)]
    assert np.all(np.diff(mis) < 0)  # more noise, less information
    assert it.additive_uniform_mutual_information(0.5, base=E) == pytest.approx(0.5)


def test_additive_uniform_samples():
    s = it.additive_uniform(20_000, eps=0.2, seed=2)
    assert s.x.min() >= 0 and s.x.max() < 1
    noise = (s.y - s.x).ravel()
    assert np.abs(noise).max() <= 0.2
    assert scipy.stats.kstest(noise, scipy.stats.uniform(-0.2, 0.4).cdf).pvalue > 0.01


# ---------------------------------------------------------------- Student t


@pytest.mark.parametrize(
    ("df", "dx", "dy", "rho"), [(1, 1, 1, 0.0), (3, 1, 1, 0.5), (5, 2, 3, 0.7), (2.5, 3, 1, -0.3)]
)
def test_student_t_formula_against_scipy_entropies(df, dx, dy, rho):
    c = it.block_correlation(dx, dy, rho)

    def h(idx):
        sub = c[np.ix_(idx, idx)]
        return scipy.stats.multivariate_t(np.zeros(len(idx)), sub, df=df).entropy()

    ref = h(list(range(dx))) + h(list(range(dx, dx + dy))) - h(list(range(dx + dy)))
    assert it.student_t_mutual_information(c, dx, df, base=E) == pytest.approx(ref, abs=1e-10)


def test_student_t_formula_against_monte_carlo():
    """E[log p(x,y) - log p(x) - log p(y)] over 2e5 samples, within 5 standard errors."""
    df, rho = 5, 0.6
    s = it.student_t(200_000, 1, 1, rho=rho, df=df, seed=7, base=E)
    c = it.block_correlation(1, 1, rho)
    lj = scipy.stats.multivariate_t(np.zeros(2), c, df=df).logpdf(np.hstack([s.x, s.y]))
    lx = scipy.stats.t(df).logpdf(s.x[:, 0])
    ly = scipy.stats.t(df).logpdf(s.y[:, 0])
    v = lj - lx - ly
    se = v.std() / math.sqrt(v.size)
    assert abs(v.mean() - s.mi) < 5 * se
    assert se < 0.002


def test_student_t_limits():
    c = it.block_correlation(2, 2, 0.5)
    gauss = it.gaussian_mutual_information(c, 2)
    assert it.student_t_mutual_information(c, 2, df=1e7) == pytest.approx(gauss, abs=1e-5)
    # uncorrelated yet dependent through the shared scale; heavier tails, more dependence
    vals = [it.student_t_mutual_information(np.eye(2), 1, df=v) for v in (1, 2, 5, 20)]
    assert vals[0] > vals[1] > vals[2] > vals[3] > 0


def test_student_t_samples_have_t_marginals():
    s = it.student_t(20_000, 2, 1, rho=0.3, df=4, seed=5)
    for col in (s.x[:, 0], s.x[:, 1], s.y[:, 0]):
        assert scipy.stats.kstest(col, scipy.stats.t(4).cdf).pvalue > 0.01


# ---------------------------------------------------------------- transforms


finite = arrays(
    np.float64, st.integers(2, 30), elements=st.floats(-5.0, 5.0), unique=True
)  # Phi saturates beyond ~8


@settings(max_examples=60, deadline=None)
@given(finite)
def test_transforms_are_strictly_increasing(a):
    a = np.sort(a)
    a = a[np.concatenate([[True], np.diff(a) > 1e-6])]
    for f in it.MI_PRESERVING_TRANSFORMS.values():
        assert np.all(np.diff(f(a)) > 0)


def test_transform_values():
    np.testing.assert_allclose(it.half_cube_transform([-4.0, 0.0, 9.0]), [-8.0, 0.0, 27.0])
    np.testing.assert_allclose(it.asinh_transform([1.0]), [math.log(1 + math.sqrt(2))])
    np.testing.assert_allclose(
        it.normal_cdf_transform([-1.0, 1.96]), scipy.stats.norm.cdf([-1.0, 1.96])
    )


def test_normal_cdf_makes_gaussian_marginals_uniform():
    s = it.transform_sample(it.correlated_gaussian(5000, seed=3), "normal_cdf")
    assert scipy.stats.kstest(s.x[:, 0], "uniform").pvalue > 0.01


def test_transform_sample_keeps_mi_and_accepts_callables():
    s = it.student_t(100, seed=1)
    for name in it.MI_PRESERVING_TRANSFORMS:
        t = it.transform_sample(s, name)
        assert t.mi == s.mi and t.x.shape == s.x.shape
    t = it.transform_sample(s, np.tanh)
    np.testing.assert_allclose(t.y, np.tanh(s.y))
    with pytest.raises(ValueError, match="transform"):
        it.transform_sample(s, "cube")
    with pytest.raises(TypeError, match="transform"):
        it.transform_sample(s, 3)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: it.correlated_gaussian(10, rho=1.0), ValueError, "rho"),
        (lambda: it.correlated_gaussian(10, rho=-1.5), ValueError, "rho"),
        (lambda: it.correlated_gaussian(0), ValueError, "n"),
        (lambda: it.correlated_gaussian(10, dx=0), ValueError, "dx"),
        (lambda: it.correlated_gaussian(10, seed=None), ValueError, "seed"),
        (lambda: it.correlated_gaussian(10, base=0), ValueError, "base"),
        (lambda: it.additive_uniform(10, eps=0.0), ValueError, "eps"),
        (lambda: it.additive_uniform_mutual_information(float("nan")), ValueError, "eps"),
        (lambda: it.student_t(10, df=0), ValueError, "df"),
        (lambda: it.student_t(10, df=float("inf")), ValueError, "df"),
        (lambda: it.student_t_mutual_information(np.eye(2), 2, df=3), ValueError, "dx"),
        (lambda: it.student_t_mutual_information([[1, 2], [2, 1]], 1, df=3), ValueError, "scale"),
        (lambda: it.block_correlation(1, 1, 2.0), ValueError, "rho"),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
