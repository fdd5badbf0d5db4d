"""Tests of itlab.channels: closed forms, certified bounds, optimality, invariances, bad input."""

import math
import re
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import minimize_scalar
from scipy.special import rel_entr
from scipy.stats import ortho_group

import itlab as it


def h2(p):
    """Binary entropy in bits, written out for the tests."""
    p = np.asarray(p, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        v = -p * np.log2(p) - (1 - p) * np.log2(1 - p)
    return np.where((p == 0) | (p == 1), 0.0, v)


def mi_bits(p, W):
    """I(p; W) = sum_x p(x) D(W(.|x) || pW) in bits, straight from the definition."""
    p = np.asarray(p, float)
    q = p @ W
    used = p > 0
    return float(p[used] @ rel_entr(W[used], q[None, :]).sum(axis=1)) / math.log(2)


def row_divergences_bits(W, q):
    """D(W(.|x) || q) in bits for every row, with scipy's rel_entr."""
    return rel_entr(W, q[None, :]).sum(axis=1) / math.log(2)


@st.composite
def channels(draw, max_in=5, max_out=5):
    """A random row-stochastic matrix, sometimes with exact zeros."""
    nx = draw(st.integers(1, max_in))
    ny = draw(st.integers(1, max_out))
    w = draw(arrays(np.float64, (nx, ny), elements=st.floats(0.0, 1.0)))
    w = np.where(w < 0.2, 0.0, w)
    w[:, 0] += 1e-3  # no empty row
    return w / w.sum(axis=1, keepdims=True)


# ------------------------------------------------------------------ capacity: closed forms


@pytest.mark.parametrize("p", [0.0, 0.01, 0.11, 0.3, 0.5, 0.9])
def test_bsc_capacity_is_one_minus_h(p):
    c, px = it.channel_capacity([[1 - p, p], [p, 1 - p]])
    assert type(c) is float
    assert c == pytest.approx(1 - float(h2(p)), abs=1e-10)
    np.testing.assert_allclose(px, [0.5, 0.5], atol=1e-12)


@pytest.mark.parametrize("eps", [0.0, 0.2, 0.5, 0.99, 1.0])
def test_bec_capacity_is_one_minus_erasure(eps):
    W = [[1 - eps, eps, 0.0], [0.0, eps, 1 - eps]]  # outputs 0, erasure, 1
    c, px = it.channel_capacity(W)
    assert c == pytest.approx(1 - eps, abs=1e-10)
    if eps < 1:
        np.testing.assert_allclose(px, [0.5, 0.5], atol=1e-9)


def test_z_channel_half():
    # x = 0 arrives intact; x = 1 becomes 0 or 1 with probability 1/2 each.
    c, px = it.channel_capacity([[1.0, 0.0], [0.5, 0.5]])
    assert c == pytest.approx(math.log2(1.25), abs=1e-10)
    np.testing.assert_allclose(px, [0.6, 0.4], atol=1e-8)


@pytest.mark.parametrize("f", [0.1, 0.3, 0.7])
def test_z_channel_closed_form_and_brute_force(f):
    # p(y=0 | x=1) = f: C = log2(1 + (1 - f) f^(f / (1 - f))).
    W = np.array([[1.0, 0.0], [f, 1 - f]])
    c, px = it.channel_capacity(W)
    assert c == pytest.approx(math.log2(1 + (1 - f) * f ** (f / (1 - f))), abs=1e-10)
    best = minimize_scalar(
        lambda a: -mi_bits(np.array([1 - a, a]), W),
        bounds=(0, 1),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert c == pytest.approx(-best.fun, abs=1e-9)
    assert px[1] == pytest.approx(best.x, abs=1e-5)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 16])
def test_identity_channel_gives_log_alphabet(n):
    c, px = it.channel_capacity(np.eye(n))
    assert c == pytest.approx(math.log2(n), abs=1e-10)
    c_nats, _ = it.channel_capacity(np.eye(n), base=math.e)
    assert c_nats == pytest.approx(math.log(n), abs=1e-10)


def test_symmetric_channel_optimum_is_uniform():
    rng = np.random.default_rng(3)
    r = rng.dirichlet(np.ones(5))
    W = np.array([np.roll(r, k) for k in range(5)])  # every row and column a permutation of r
    c, px = it.channel_capacity(W)
    np.testing.assert_allclose(px, np.full(5, 0.2), atol=1e-9)
    assert c == pytest.approx(math.log2(5) - float(-(r * np.log2(r)).sum()), abs=1e-10)


def test_useless_channel_has_zero_capacity():
    c, _ = it.channel_capacity([[0.2, 0.8], [0.2, 0.8], [0.2, 0.8]])
    assert c == pytest.approx(0.0, abs=1e-12)


# ------------------------------------------------------------------ capacity: certified bounds


@settings(max_examples=60, deadline=None)
@given(channels())
@example(np.array([[0.00105673, 0.99894327, 0.0], [1.0, 0.0, 0.0], [0.00106553, 0.99893447, 0.0]]))
def test_certified_bounds_bracket_the_capacity(W):
    tol = 1e-9
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", it.ConvergenceWarning)
        c, px = it.channel_capacity(W, tol=tol)
    slow = [w for w in caught if issubclass(w.category, it.ConvergenceWarning)]
    assert px.shape == (W.shape[0],)
    assert px.sum() == pytest.approx(1.0) and (px >= 0).all()
    lower = mi_bits(px, W)  # achieved by the returned input
    upper = float(row_divergences_bits(W, px @ W).max())
    assert lower - 1e-12 <= c + 1e-12
    assert c <= upper + 1e-12
    if not slow:
        assert upper - lower < tol + 1e-12
    else:
        # Nearly identical rows can make Blahut-Arimoto crawl (the @example, found by
        # hypothesis); then the warning must state the certified interval recomputed here.
        stated = re.search(r"capacity lies in \[([^,]+), ([^\]]+)\]", str(slow[0].message))
        assert float(stated.group(1)) == pytest.approx(lower, abs=1e-11)
        assert float(stated.group(2)) == pytest.approx(upper, abs=1e-11)
    assert c == pytest.approx(lower, abs=1e-12)
    # No other input does better than C: try the uniform and some random inputs.
    rng = np.random.default_rng(0)
    for p in [np.full(W.shape[0], 1 / W.shape[0]), *rng.dirichlet(np.ones(W.shape[0]), size=5)]:
        assert mi_bits(p, W) <= c + 1e-9
    # capacity_bounds agrees with the formulas written here
    lo, hi = it.capacity_bounds(W, px)
    assert lo == pytest.approx(lower, abs=1e-12) and hi == pytest.approx(upper, abs=1e-12)


def test_capacity_trace_bounds_converge():
    W = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])
    c, _ = it.channel_capacity(W, tol=1e-13)
    lo, hi = it.capacity_trace(W, n_iter=200)
    assert (lo <= hi + 1e-15).all()
    assert (np.diff(lo) >= -1e-13).all()  # I(p_k; W) never decreases along the iterates
    assert (lo <= c + 1e-12).all() and (hi >= c - 1e-12).all()
    assert hi[-1] - lo[-1] < 1e-9
    assert lo[0] == pytest.approx(mi_bits(np.full(3, 1 / 3), W), abs=1e-12)


def test_capacity_bounds_infinite_when_output_is_starved():
    lo, hi = it.capacity_bounds(np.eye(2), [1.0, 0.0])
    assert lo == 0.0 and hi == math.inf


def test_max_iter_warns_with_the_bracket():
    W = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]])
    with pytest.warns(it.ConvergenceWarning, match="capacity lies in"):
        c, _ = it.channel_capacity(W, tol=1e-15, max_iter=3)
    assert c <= it.channel_capacity(W)[0] + 1e-12


# ------------------------------------------------------------------ Gaussian channels


def test_gaussian_capacity_closed_form():
    assert it.gaussian_capacity(3.0) == 1.0
    assert it.gaussian_capacity(0.0) == 0.0
    assert it.gaussian_capacity(np.inf) == np.inf
    np.testing.assert_allclose(it.gaussian_capacity([1.0, 15.0]), [0.5, 2.0])
    assert it.gaussian_capacity(1.0, base=math.e) == pytest.approx(0.5 * math.log(2))


def test_water_filling_three_channels():
    powers, c = it.water_filling([1.0, 2.0, 3.0], 2.0)
    np.testing.assert_allclose(powers, [1.5, 0.5, 0.0], atol=1e-15)
    assert c == pytest.approx(0.5 * math.log2(2.5) + 0.5 * math.log2(1.25), abs=1e-14)
    powers, c = it.water_filling([3.0, 1.0, 2.0], 2.0)  # order does not matter
    np.testing.assert_allclose(powers, [0.0, 1.5, 0.5], atol=1e-15)


def test_water_filling_edge_cases():
    powers, c = it.water_filling([2.0], 6.0)
    assert powers.tolist() == [6.0] and c == pytest.approx(it.gaussian_capacity(3.0))
    powers, c = it.water_filling([1.0, 4.0], 0.0)
    assert powers.tolist() == [0.0, 0.0] and c == 0.0
    powers, c = it.water_filling([1.0, 1.0, 1.0], 3.0)  # equal noise: equal shares
    np.testing.assert_allclose(powers, [1.0, 1.0, 1.0])
    assert c == pytest.approx(1.5)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(0.01, 10.0)),
    st.floats(0.0, 20.0),
)
def test_water_filling_is_optimal(noise, power):
    powers, c = it.water_filling(noise, power)
    assert powers.sum() == pytest.approx(power, abs=1e-9 * max(1.0, power))
    assert (powers >= 0).all()
    level = (powers + noise)[powers > 0]
    if level.size:  # a common water level, and no dry channel below it
        np.testing.assert_allclose(level, level[0], rtol=1e-9)
        assert (noise[powers == 0] >= level[0] * (1 - 1e-9)).all()
    assert c == pytest.approx(0.5 * np.log2(1 + powers / noise).sum(), abs=1e-12)
    rng = np.random.default_rng(1)
    for share in rng.dirichlet(np.ones(noise.size), size=20):  # any other split is worse
        assert 0.5 * np.log2(1 + power * share / noise).sum() <= c + 1e-10


# ------------------------------------------------------------------ layers as channels


def test_linear_layer_capacity_is_water_filling_over_singular_values():
    rng = np.random.default_rng(2)
    W = rng.normal(size=(6, 4))
    noise_var, power = 0.5, 3.0
    c, powers = it.linear_layer_capacity(W, noise_var, power)
    sv = np.linalg.svd(W, compute_uv=False)
    ref_powers, ref_c = it.water_filling(noise_var / sv**2, power)
    assert c == pytest.approx(ref_c, abs=1e-12)
    np.testing.assert_allclose(powers, ref_powers, atol=1e-12)
    # The same number as the log-det formula with K = V diag(powers) V^T.
    _, _, vt = np.linalg.svd(W, full_matrices=False)
    K = vt.T @ np.diag(powers) @ vt
    logdet = np.linalg.slogdet(np.eye(6) + W @ K @ W.T / noise_var)[1]
    assert c == pytest.approx(0.5 * logdet / math.log(2), abs=1e-10)
    # No other input covariance with the same power does better.
    for _ in range(20):
        B = rng.normal(size=(4, 4))
        K = B @ B.T
        K *= power / np.trace(K)
        value = 0.5 * np.linalg.slogdet(np.eye(6) + W @ K @ W.T / noise_var)[1] / math.log(2)
        assert value <= c + 1e-10


def test_linear_layer_capacity_invariant_under_rotations():
    rng = np.random.default_rng(4)
    W = rng.normal(size=(5, 3))
    c, powers = it.linear_layer_capacity(W, 0.1, 2.0)
    Q1 = ortho_group.rvs(5, random_state=5)
    Q2 = ortho_group.rvs(3, random_state=6)
    c2, powers2 = it.linear_layer_capacity(Q1 @ W @ Q2, 0.1, 2.0)
    assert c2 == pytest.approx(c, abs=1e-10)
    np.testing.assert_allclose(powers2, powers, atol=1e-10)
    c3, _ = it.linear_layer_capacity(W.T, 0.1, 2.0)  # same singular values
    assert c3 == pytest.approx(c, abs=1e-10)


def test_linear_layer_rank_deficient_and_diagonal():
    c, powers = it.linear_layer_capacity(np.diag([2.0, 1.0]), noise_var=1.0, power=1.0)
    np.testing.assert_allclose(powers, [0.875, 0.125])
    assert c == pytest.approx(0.5 * math.log2(1.125 / 0.25) + 0.5 * math.log2(1.125), abs=1e-12)
    u = np.array([[1.0], [2.0], [2.0]])
    W = u @ np.array([[1.0, 0.0, 0.0, 0.0]])  # rank one, singular value 3
    c, powers = it.linear_layer_capacity(W, noise_var=1.0, power=2.0)
    assert powers[0] == pytest.approx(2.0) and np.allclose(powers[1:], 0.0)
    assert c == pytest.approx(it.gaussian_capacity(9.0 * 2.0), abs=1e-12)
    c, powers = it.linear_layer_capacity(np.zeros((2, 3)), noise_var=1.0, power=2.0)
    assert c == 0.0 and (powers == 0).all()


# ------------------------------------------------------------------ reverse water-filling


def test_reverse_water_filling_closed_forms():
    # one component: R(D) = 1/2 log2(sigma^2 / D)
    d, r = it.reverse_water_filling([3.0], 0.75)
    np.testing.assert_allclose(d, [0.75])
    assert r == pytest.approx(0.5 * math.log2(4.0), abs=1e-14)
    # n equal variances: theta = D / n, R = n/2 log2(n sigma^2 / D)
    d, r = it.reverse_water_filling(np.full(5, 2.0), 1.0)
    np.testing.assert_allclose(d, np.full(5, 0.2), atol=1e-15)
    assert r == pytest.approx(2.5 * math.log2(10.0), abs=1e-12)
    # worked by hand: variances 4, 1, 1/4 with D = 1.25 -> theta = 1/2, R = (3 + 1) / 2 bits
    d, r = it.reverse_water_filling([0.25, 4.0, 1.0], 1.25)
    np.testing.assert_allclose(d, [0.25, 0.5, 0.5], atol=1e-15)
    assert r == pytest.approx(2.0, abs=1e-14)
    # in nats
    _, r_nats = it.reverse_water_filling([0.25, 4.0, 1.0], 1.25, base=math.e)
    assert r_nats == pytest.approx(2.0 * math.log(2), abs=1e-14)


def test_reverse_water_filling_edges():
    d, r = it.reverse_water_filling([1.0, 2.0], 0.0)
    assert r == math.inf and (d == 0).all()
    d, r = it.reverse_water_filling([1.0, 2.0], 3.0)  # exactly the total variance
    assert r == 0.0 and np.allclose(d, [1.0, 2.0])
    d, r = it.reverse_water_filling([1.0, 2.0], 10.0)  # more than enough: send nothing
    assert r == 0.0 and np.allclose(d, [1.0, 2.0])
    # the level passing exactly through a variance
    d, r = it.reverse_water_filling([1.0, 2.0, 3.0], 1.0 + 2 * 1.0)
    np.testing.assert_allclose(d, [1.0, 1.0, 1.0])
    assert r == pytest.approx(0.5 * math.log2(6.0), abs=1e-14)


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(0.01, 10.0)),
    st.floats(0.001, 1.0),
)
def test_reverse_water_filling_is_optimal(variances, fraction):
    total = fraction * variances.sum()
    d, r = it.reverse_water_filling(variances, total)
    assert d.sum() == pytest.approx(total, rel=1e-9)
    assert (d <= variances * (1 + 1e-12)).all() and (d > 0).all()
    level = d[d < variances * (1 - 1e-9)]
    if level.size:  # a common level, and every undescribed component lies below it
        np.testing.assert_allclose(level, level[0], rtol=1e-9)
        assert (variances[d >= variances * (1 - 1e-9)] <= level[0] * (1 + 1e-9)).all()
    assert r == pytest.approx(0.5 * np.log2(variances / d).sum(), abs=1e-10)
    rng = np.random.default_rng(3)
    for share in rng.dirichlet(np.ones(variances.size), size=30):  # any other split is worse
        other = np.minimum(total * share, variances)  # feasible: total distortion <= budget
        assert 0.5 * np.log2(variances / other).sum() >= r - 1e-10


def test_reverse_water_filling_agrees_with_a_generic_solver():
    from scipy.optimize import minimize

    variances = np.array([5.0, 2.0, 1.0, 0.3, 0.1])
    total = 1.2

    def rate(log_d):
        return 0.5 * np.sum(np.maximum(np.log2(variances) - log_d / math.log(2), 0.0))

    cons = [
        {"type": "eq", "fun": lambda log_d: np.exp(log_d).sum() - total},
        {"type": "ineq", "fun": lambda log_d: np.log(variances) - log_d},
    ]
    res = minimize(
        rate,
        np.log(np.full(5, total / 5)),
        constraints=cons,
        method="SLSQP",
        options={"ftol": 1e-13, "maxiter": 500},
    )
    _, r = it.reverse_water_filling(variances, total)
    assert res.success and r == pytest.approx(res.fun, abs=1e-6)


def test_reverse_water_filling_bad_input():
    with pytest.raises(ValueError, match="variances"):
        it.reverse_water_filling([1.0, 0.0], 0.5)
    with pytest.raises(ValueError, match="variances"):
        it.reverse_water_filling([[1.0]], 0.5)
    with pytest.raises(ValueError, match="variances"):
        it.reverse_water_filling([1.0, np.nan], 0.5)
    with pytest.raises(ValueError, match="distortion"):
        it.reverse_water_filling([1.0], -0.1)
    with pytest.raises(TypeError, match="distortion"):
        it.reverse_water_filling([1.0], "small")
    with pytest.raises(ValueError, match="base"):
        it.reverse_water_filling([1.0], 0.5, base=0)


# ------------------------------------------------------------------ rate–distortion


HAMMING2 = 1.0 - np.eye(2)


@pytest.mark.parametrize("p", [0.5, 0.2, 0.9])
def test_bernoulli_rate_distortion(p):
    m = min(p, 1 - p)
    for D in [0.0, 0.01, 0.05, 0.5 * m, 0.9 * m]:
        r = it.rate_distortion([p, 1 - p], HAMMING2, D)
        assert type(r) is float
        assert r == pytest.approx(float(h2(p) - h2(D)), abs=1e-8)
    for D in [m, m + 0.01, 1.0, np.inf]:
        assert it.rate_distortion([p, 1 - p], HAMMING2, D) == 0.0
    assert it.rate_distortion([p, 1 - p], HAMMING2, -0.01) == np.inf


def test_uniform_source_hamming_closed_form():
    # R(D) = log m - h(D) - D log(m - 1) for 0 <= D <= 1 - 1/m (Cover & Thomas, problem 10.5).
    m = 4
    d = 1.0 - np.eye(m)
    for D in [0.05, 0.3, 0.6]:
        expected = math.log2(m) - float(h2(D)) - D * math.log2(m - 1)
        assert it.rate_distortion(np.full(m, 1 / m), d, D) == pytest.approx(expected, abs=1e-7)
    assert it.rate_distortion(np.full(m, 1 / m), d, 0.75) == 0.0


def test_gaussian_rate_distortion_on_a_fine_grid():
    x = np.arange(-6.0, 6.0 + 1e-9, 0.1)
    px = np.exp(-(x**2) / 2)
    px /= px.sum()
    var = float(px @ x**2)
    d = (x[:, None] - x[None, :]) ** 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", it.ConvergenceWarning)
        for D in [0.1, 0.25, 0.6]:
            r = it.rate_distortion(px, d, D, tol=1e-4, max_iter=3000)
            assert r == pytest.approx(0.5 * math.log2(var / D), abs=1e-3)
    assert it.rate_distortion(px, d, var) == 0.0


def test_rate_distortion_curve_bernoulli_and_shape():
    p = 0.3
    D, R = it.rate_distortion_curve([p, 1 - p], HAMMING2, n_points=25)
    assert D.shape == R.shape == (25,)
    assert D[0] == 0.0 and D[-1] == pytest.approx(p)
    assert (np.diff(D) > 0).all()
    np.testing.assert_allclose(R, h2(p) - h2(D), atol=1e-8)
    assert R[-1] == 0.0


def _assert_decreasing_convex(D, R, slack=1e-7):
    assert (np.diff(D) > 0).all()
    assert (np.diff(R) <= slack).all()
    slopes = np.diff(R) / np.diff(D)
    assert (np.diff(slopes) >= -slack * (1 + np.abs(slopes[1:]))).all()


def test_rate_distortion_curve_is_decreasing_and_convex():
    rng = np.random.default_rng(7)
    for _ in range(3):
        px = rng.dirichlet(np.ones(4))
        d = rng.uniform(0, 1, size=(4, 3))
        D, R = it.rate_distortion_curve(px, d, n_points=15)
        _assert_decreasing_convex(D, R)
        assert D[0] == pytest.approx(float(px @ d.min(axis=1)))
        assert D[-1] == pytest.approx(float((px @ d).min()))
        assert R[-1] == 0.0
        # each point agrees with rate_distortion at that distortion
        for k in (3, 8):
            assert it.rate_distortion(px, d, D[k]) == pytest.approx(R[k], abs=1e-6)


def test_rate_distortion_at_zero_distortion_is_entropy():
    px = np.array([0.5, 0.25, 0.125, 0.125])
    d = 1.0 - np.eye(4)
    assert it.rate_distortion(px, d, 0.0) == pytest.approx(1.75, abs=1e-10)
    D, R = it.rate_distortion_curve(px, d, n_points=4)
    assert R[0] == pytest.approx(1.75, abs=1e-10)


def test_rate_distortion_gaussian_curve_is_convex():
    x = np.linspace(-4, 4, 41)
    px = np.exp(-(x**2) / 2)
    px /= px.sum()
    d = (x[:, None] - x[None, :]) ** 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", it.ConvergenceWarning)
        D, R = it.rate_distortion_curve(px, d, n_points=20, tol=1e-3, max_iter=3000)
    _assert_decreasing_convex(D, R, slack=2e-4)
    inner = slice(2, -2)
    np.testing.assert_allclose(R[inner], 0.5 * np.log2(float(px @ x**2) / D[inner]), atol=2e-3)


def test_base_conversion():
    c_bits, _ = it.channel_capacity([[0.8, 0.2], [0.3, 0.7]])
    c_nats, _ = it.channel_capacity([[0.8, 0.2], [0.3, 0.7]], base=math.e)
    assert c_nats == pytest.approx(c_bits * math.log(2), abs=1e-10)
    r_bits = it.rate_distortion([0.3, 0.7], HAMMING2, 0.1)
    r_nats = it.rate_distortion([0.3, 0.7], HAMMING2, 0.1, base=math.e)
    assert r_nats == pytest.approx(r_bits * math.log(2), abs=1e-9)
    _, c10 = it.water_filling([1.0, 2.0], 1.0, base=10)
    _, c2 = it.water_filling([1.0, 2.0], 1.0)
    assert c10 == pytest.approx(c2 * math.log10(2))


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "W, match",
    [
        ([0.5, 0.5], "W must be a 2-D"),
        ([[0.5, 0.6], [0.5, 0.5]], "row 0 sums to 1.1"),
        ([[1.5, -0.5], [0.5, 0.5]], "W contains negative"),
        ([[np.nan, 1.0], [0.5, 0.5]], "W contains NaN"),
        (np.zeros((0, 2)), "W must not be empty"),
        ([[0.4, 0.4], [0.5, 0.5]], "each row of W"),
    ],
)
def test_bad_channel(W, match):
    with pytest.raises(ValueError, match=match):
        it.channel_capacity(W)


def test_bad_capacity_arguments():
    W = np.eye(2)
    with pytest.raises(ValueError, match="tol"):
        it.channel_capacity(W, tol=0.0)
    with pytest.raises(ValueError, match="base"):
        it.channel_capacity(W, base=-2)
    with pytest.raises(TypeError, match="max_iter"):
        it.channel_capacity(W, max_iter=2.5)
    with pytest.raises(ValueError, match="input_pmf has length 3"):
        it.capacity_bounds(W, [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="input_pmf"):
        it.capacity_bounds(W, [0.2, 0.3])
    with pytest.raises(ValueError, match="n_iter"):
        it.capacity_trace(W, n_iter=0)


def test_bad_gaussian_arguments():
    with pytest.raises(ValueError, match="snr must be non-negative"):
        it.gaussian_capacity(-1.0)
    with pytest.raises(ValueError, match="snr contains NaN"):
        it.gaussian_capacity([1.0, np.nan])
    with pytest.raises(ValueError, match="noise powers must be positive"):
        it.water_filling([1.0, 0.0], 1.0)
    with pytest.raises(ValueError, match="noise must be a non-empty 1-D"):
        it.water_filling(1.0, 1.0)
    with pytest.raises(ValueError, match="noise contains NaN"):
        it.water_filling([1.0, np.inf], 1.0)
    with pytest.raises(ValueError, match="power must be >= 0"):
        it.water_filling([1.0, 2.0], -1.0)
    with pytest.raises(TypeError, match="power must be a real number"):
        it.water_filling([1.0, 2.0], "2")
    with pytest.raises(ValueError, match="power must be finite"):
        it.water_filling([1.0, 2.0], np.inf)
    with pytest.raises(ValueError, match="weight must be a non-empty 2-D"):
        it.linear_layer_capacity([1.0, 2.0], 1.0, 1.0)
    with pytest.raises(ValueError, match="weight contains NaN"):
        it.linear_layer_capacity([[1.0, np.nan]], 1.0, 1.0)
    with pytest.raises(ValueError, match="noise_var must be > 0"):
        it.linear_layer_capacity(np.eye(2), 0.0, 1.0)
    with pytest.raises(ValueError, match="power must be >= 0"):
        it.linear_layer_capacity(np.eye(2), 1.0, -0.5)


def test_bad_rate_distortion_arguments():
    with pytest.raises(ValueError, match="px must sum to 1"):
        it.rate_distortion([0.5, 0.6], HAMMING2, 0.1)
    with pytest.raises(ValueError, match="distortion must have one row per source symbol"):
        it.rate_distortion([0.5, 0.5], np.ones((3, 2)), 0.1)
    with pytest.raises(ValueError, match="distortion must be a 2-D"):
        it.rate_distortion([0.5, 0.5], [1.0, 0.0], 0.1)
    with pytest.raises(ValueError, match="distortion must be non-negative"):
        it.rate_distortion([0.5, 0.5], -HAMMING2, 0.1)
    with pytest.raises(ValueError, match="distortion contains NaN"):
        it.rate_distortion([0.5, 0.5], [[0.0, np.nan], [1.0, 0.0]], 0.1)
    with pytest.raises(ValueError, match="max_distortion"):
        it.rate_distortion([0.5, 0.5], HAMMING2, np.nan)
    with pytest.raises(TypeError, match="max_distortion"):
        it.rate_distortion([0.5, 0.5], HAMMING2, [0.1])
    with pytest.raises(ValueError, match="n_points"):
        it.rate_distortion_curve([0.5, 0.5], HAMMING2, n_points=1)
    with pytest.raises(ValueError, match="tol"):
        it.rate_distortion_curve([0.5, 0.5], HAMMING2, tol=-1.0)
