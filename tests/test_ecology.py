"""Tests of itlab.ecology."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itlab import ecology as ec

counts_st = st.lists(st.integers(0, 50), min_size=1, max_size=12).filter(lambda c: sum(c) > 0)


@given(counts_st)
@settings(max_examples=50, deadline=None)
def test_hill_orders_0_1_2(counts):
    c = np.array(counts, float)
    p = c[c > 0] / c.sum()
    assert ec.hill_number(c, 0) == pytest.approx(np.count_nonzero(c))
    assert ec.hill_number(c, 1) == pytest.approx(math.exp(-(p * np.log(p)).sum()))
    assert ec.hill_number(c, 2) == pytest.approx(1 / (p**2).sum())
    assert ec.simpson_diversity(c) == pytest.approx(1 - (p**2).sum())


@given(counts_st, st.floats(0, 5), st.floats(0, 5))
@settings(max_examples=50, deadline=None)
def test_hill_decreasing_in_order(counts, q1, q2):
    lo, hi = sorted((q1, q2))
    assert ec.hill_number(counts, hi) <= ec.hill_number(counts, lo) * (1 + 1e-9)


def test_renyi_limits_and_even_community():
    p = [0.5, 0.25, 0.25]
    assert ec.renyi_entropy(p, 1 + 1e-7) == pytest.approx(ec.shannon_diversity(p), rel=1e-5)
    assert ec.renyi_entropy(p, math.inf) == pytest.approx(1.0)
    for q in (0, 0.5, 1, 2, 7, math.inf):
        assert ec.hill_number([3, 3, 3, 3, 0], q) == pytest.approx(4.0)


def test_matches_scikit_bio():
    alpha = pytest.importorskip("skbio.diversity.alpha")
    c = np.array([10, 4, 0, 1, 1, 7, 30])
    assert ec.shannon_diversity(c, base=math.e) == pytest.approx(alpha.shannon(c))
    assert ec.simpson_diversity(c) == pytest.approx(alpha.simpson(c))
    for q in (0.5, 2, 3):
        assert ec.hill_number(c, q) == pytest.approx(alpha.hill(c, order=q))
        assert ec.renyi_entropy(c, q, base=math.e) == pytest.approx(alpha.renyi(c, order=q))


def test_shannon_estimate_reuses_entropy_estimators():
    c = np.array([5, 1, 1, 2, 0, 9])
    n = c.sum()
    p = c[c > 0] / n
    assert ec.shannon_estimate(c, base=math.e) == pytest.approx(-(p * np.log(p)).sum())
    # Chao-Shen by its formula: coverage 1 - f1/n, Horvitz-Thompson weights
    cov = 1 - 2 / n
    pa = cov * p
    ref = -(pa * np.log(pa) / (1 - (1 - pa) ** n)).sum()
    assert ec.shannon_estimate(c, method="chao_shen", base=math.e) == pytest.approx(ref)


def test_chao_shen_closer_than_plugin_on_average():
    rng = np.random.default_rng(0)
    p = rng.dirichlet(np.full(200, 0.5))
    true = -(p * np.log2(p)).sum()
    samples = rng.multinomial(150, p, size=30)
    plug = np.mean([ec.shannon_estimate(s) for s in samples])
    cs = np.mean([ec.shannon_estimate(s, method="chao_shen") for s in samples])
    assert abs(cs - true) < abs(plug - true)
    assert plug < true


@pytest.mark.parametrize(
    "counts, word",
    [
        ([1, -1, 2], "negative"),
        ([0, 0], "sums to 0"),
        ([1, np.nan], "NaN"),
        ([[1, 2]], "1-D"),
        ([], "empty"),
    ],
)
def test_bad_counts(counts, word):
    with pytest.raises(ValueError, match="counts") as err:
        ec.hill_number(counts, 1)
    assert word in str(err.value)


def test_bad_order_and_method():
    with pytest.raises(ValueError, match="order"):
        ec.hill_number([1, 2], -1)
    with pytest.raises(ValueError, match="method"):
        ec.shannon_estimate([1, 2], method="nsb")
    with pytest.raises(ValueError, match="whole numbers"):
        ec.shannon_estimate([1.5, 2])


def test_lotka_volterra_deterministic_invariant():
    # without noise the classical model conserves V = c x - d log x + b y - a log y;
    # Euler steps drift slowly, so use a small dt
    z = ec.lotka_volterra(
        5000,
        dt=0.001,
        noise=0.0,
        prey_growth=1.0,
        predation=0.5,
        conversion=0.8,
        predator_death=1.2,
    )[0]
    x, y = z[:, 0], z[:, 1]
    v = 0.8 * x - 1.2 * np.log(x) + 0.5 * y - 1.0 * np.log(y)
    assert np.ptp(v) < 0.01 * abs(v[0])


def test_lotka_volterra_seeded_and_replicates_independent():
    a = ec.lotka_volterra(200, noise=0.3, n_replicates=4, seed=7)
    b = ec.lotka_volterra(200, noise=0.3, n_replicates=4, seed=7)
    assert np.array_equal(a, b)
    assert not np.allclose(a[0], a[1])
    assert np.all(a > 0)
    with pytest.raises(ValueError, match="initial"):
        ec.lotka_volterra(10, initial=(1.0, -1.0))
    with pytest.raises(ValueError, match="noise"):
        ec.lotka_volterra(10, noise=-1)


def test_food_chain_equilibrium_without_noise():
    # interior equilibrium: x2* = m3/a2, x1* = (r - a1 x2*)/s, x3* = (a1 x1* - m2)/a2
    z = ec.food_chain(
        60000,
        dt=0.005,
        noise=0.0,
        growth=1.0,
        self_limitation=1.0,
        attack=(1.0, 1.0),
        death=(0.2, 0.3),
    )[0]
    x2 = 0.3
    x1 = 1.0 - x2
    x3 = x1 - 0.2
    np.testing.assert_allclose(z[-1], [x1, x2, x3], atol=1e-3)
