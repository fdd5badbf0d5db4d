"""Tests of itlab.estimators: ground truth, independent brute-force computations,
agreement with scikit-learn, ties, resampling, and bad input.

Tolerances are in nats (``base=math.e``) unless a test says otherwise.
"""

import math
import warnings

import numpy as np
import pytest
import scipy.stats
from scipy import integrate
from scipy.special import digamma, gammaln

import itlab as it

E = math.e


def gauss_pair(n, rho, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.standard_normal(n)


def gauss_mi(rho):
    return -0.5 * math.log(1 - rho**2)


def quiet(f, *args, **kwargs):
    """Call f with the estimators' data warnings silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", it.DiscreteDataWarning)
        warnings.simplefilter("ignore", it.DuplicateSamplesWarning)
        return f(*args, **kwargs)


# ---------------------------------------------------------------- brute force references (all pairs)


def _as2d(a):
    a = np.asarray(a, float)
    return a[:, None] if a.ndim == 1 else a


def cheb(a):
    """All-pairs max-norm distances of the rows of a."""
    a = _as2d(a)
    return np.abs(a[:, None, :] - a[None, :, :]).max(axis=-1)


def kth_others(d, k):
    d = d.copy()
    np.fill_diagonal(d, np.inf)
    return np.sort(d, axis=1)[:, k - 1]


def brute_ksg(x, y, k):
    dx, dy = cheb(x), cheb(y)
    eps = kth_others(np.maximum(dx, dy), k)
    nx = (dx < eps[:, None]).sum(1) - 1
    ny = (dy < eps[:, None]).sum(1) - 1
    n = dx.shape[0]
    return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))


def brute_cmi(x, y, z, k):
    dx, dy, dz = cheb(x), cheb(y), cheb(z)
    eps = kth_others(np.maximum(np.maximum(dx, dy), dz), k)[:, None]
    nxz = (np.maximum(dx, dz) < eps).sum(1) - 1
    nyz = (np.maximum(dy, dz) < eps).sum(1) - 1
    nz = (dz < eps).sum(1) - 1
    return digamma(k) - np.mean(digamma(nxz + 1) + digamma(nyz + 1) - digamma(nz + 1))


def brute_kl_entropy(x, k, norm):
    a = _as2d(x)
    n, d = a.shape
    if norm == "max":
        dist, log_vd = cheb(a), d * math.log(2)
    else:
        dist = np.sqrt(((a[:, None, :] - a[None, :, :]) ** 2).sum(-1))
        log_vd = 0.5 * d * math.log(math.pi) - gammaln(d / 2 + 1)
    eps = kth_others(dist, k)
    return digamma(n) - digamma(k) + log_vd + d * np.mean(np.log(eps))


def brute_ross(x, labels, k):
    dist = cheb(x)
    n = dist.shape[0]
    same = labels[:, None] == labels[None, :]
    r = kth_others(np.where(same, dist, np.inf), k)
    m = (dist <= r[:, None]).sum(1) - 1
    nc = same.sum(1)
    return digamma(n) - np.mean(digamma(nc)) + digamma(k) - np.mean(digamma(m))


@pytest.mark.parametrize(
    ("dx", "dy", "k", "seed"), [(1, 1, 3, 0), (1, 1, 1, 1), (2, 3, 4, 2), (3, 1, 2, 3)]
)
def test_ksg_equals_brute_force(dx, dy, k, seed):
    s = it.correlated_gaussian(300, dx, dy, rho=0.7, seed=seed)
    ours = it.ksg_mutual_information(s.x, s.y, k=k, base=E, standardize=False)
    assert ours == pytest.approx(brute_ksg(s.x, s.y, k), abs=1e-12)


@pytest.mark.parametrize("d", [1, 3])
def test_threaded_neighbour_searches_equal_serial(d, monkeypatch):
    """Above 8192 samples the searches run in chunks on threads; the numbers must be
    exactly those of one serial pass (which the brute-force tests check)."""
    s = it.correlated_gaussian(9000, d, d, rho=0.6, seed=1)
    monkeypatch.setattr(it.estimators, "_workers", lambda: 1)
    serial = it.ksg_mutual_information(s.x, s.y, base=E)
    serial_cmi = it.ksg_conditional_mutual_information(s.x, s.y, s.x[:, :1] + s.y[:, :1], base=E)
    monkeypatch.setattr(it.estimators, "_workers", lambda: 3)
    assert it.ksg_mutual_information(s.x, s.y, base=E) == serial
    assert (
        it.ksg_conditional_mutual_information(s.x, s.y, s.x[:, :1] + s.y[:, :1], base=E)
        == serial_cmi
    )


def test_cmi_equals_brute_force():
    rng = np.random.default_rng(5)
    x, z = rng.standard_normal((250, 2)), rng.standard_normal(250)
    y = x[:, :1] + z[:, None] + rng.standard_normal((250, 1))
    ours = it.ksg_conditional_mutual_information(x, y, z, k=3, base=E, standardize=False)
    assert ours == pytest.approx(brute_cmi(x, y, z, 3), abs=1e-12)


@pytest.mark.parametrize("norm", ["max", "euclidean"])
@pytest.mark.parametrize("d", [1, 3])
def test_knn_entropy_equals_brute_force(norm, d):
    x = np.random.default_rng(d).standard_normal((300, d)) * [2.0, 0.5, 1.0][:d]
    ours = it.knn_entropy(x, k=2, base=E, norm=norm, standardize=False)
    assert ours == pytest.approx(brute_kl_entropy(x, 2, norm), abs=1e-12)


def test_mixed_equals_brute_force():
    rng = np.random.default_rng(7)
    labels = rng.integers(0, 3, 300)
    x = rng.standard_normal((300, 2)) + labels[:, None]
    ours = it.mixed_mutual_information(x, labels, k=3, base=E, standardize=False)
    assert ours == pytest.approx(brute_ross(x, labels, 3), abs=1e-12)


# ---------------------------------------------------------------- ground truth


@pytest.mark.parametrize("rho", [0.3, 0.6, 0.9])
def test_ksg_gaussian_1d_within_004_nats(rho):
    x, y = gauss_pair(10_000, rho, seed=11)
    assert abs(it.ksg_mutual_information(x, y, base=E) - gauss_mi(rho)) < 0.04


@pytest.mark.parametrize("seed", [0, 1])
def test_ksg_independence_within_003_nats(seed):
    rng = np.random.default_rng(seed)
    x, y = rng.standard_normal(10_000), rng.standard_normal(10_000)
    assert abs(it.ksg_mutual_information(x, y, base=E)) < 0.03


def test_ksg_multidimensional_moderate_dependence():
    s = it.correlated_gaussian(5000, dx=2, dy=3, rho=0.5, seed=3, base=E)
    assert abs(it.ksg_mutual_information(s.x, s.y, base=E) - s.mi) < 0.05


def test_ksg_underestimates_strong_dependence_in_5d():
    """KSG's bias is negative for strongly dependent high-dimensional Gaussians, and
    shrinks with n; in 1-D at the same correlation it is small."""
    est = {
        n: it.ksg_mutual_information(*it.correlated_gaussian(n, 5, 5, 0.9, seed=1)[:2], base=E)
        for n in (1000, 4000)
    }
    truth = it.correlated_gaussian(2, 5, 5, 0.9, base=E).mi
    assert est[1000] < est[4000] < truth - 0.5
    x, y = gauss_pair(4000, 0.9, seed=1)
    assert abs(it.ksg_mutual_information(x, y, base=E) - gauss_mi(0.9)) < 0.05


@pytest.mark.parametrize("eps", [0.1, 0.3, 0.5, 0.8])
def test_ksg_additive_uniform_noise(eps):
    s = it.additive_uniform(5000, eps=eps, seed=2, base=E)
    assert abs(it.ksg_mutual_information(s.x, s.y, base=E) - s.mi) < 0.05


@pytest.mark.parametrize(("df", "rho"), [(3, 0.0), (5, 0.5), (2, 0.8)])
def test_ksg_student_t(df, rho):
    s = it.student_t(5000, 1, 1, rho=rho, df=df, seed=4, base=E)
    assert abs(it.ksg_mutual_information(s.x, s.y, base=E) - s.mi) < 0.04


@pytest.mark.parametrize("transform", sorted(it.MI_PRESERVING_TRANSFORMS))
@pytest.mark.parametrize("d", [1, 2])
def test_ksg_nearly_invariant_under_beyond_normal_transforms(transform, d):
    s = it.correlated_gaussian(4000, d, d, rho=0.6, seed=8, base=E)
    before = it.ksg_mutual_information(s.x, s.y, base=E)
    t = it.transform_sample(s, transform)
    after = it.ksg_mutual_information(t.x, t.y, base=E)
    assert abs(after - s.mi) < 0.06
    assert abs(after - before) < 0.06


def test_ksg_matches_gaussian_closed_form_general_cov():
    cov = np.array([[1.0, 0.3, 0.5], [0.3, 2.0, -0.4], [0.5, -0.4, 1.5]])
    xyz = np.random.default_rng(9).multivariate_normal(np.zeros(3), cov, size=6000)
    truth = it.gaussian_mutual_information(cov, dx=1, base=E)
    assert abs(it.ksg_mutual_information(xyz[:, :1], xyz[:, 1:], base=E) - truth) < 0.04


# ---------------------------------------------------------------- scikit-learn


@pytest.mark.parametrize(("k", "seed"), [(3, 0), (3, 1), (5, 2), (1, 3)])
def test_ksg_agrees_with_sklearn_in_1d(k, seed):
    """Same continuous data; scikit-learn scales to unit variance and adds 1e-10
    noise, we standardise: the estimates agree far below 1e-3 nats."""
    from sklearn.feature_selection import mutual_info_regression

    x, y = gauss_pair(3000, 0.5, seed)
    ours = it.ksg_mutual_information(x, y, k=k, base=E)
    theirs = mutual_info_regression(x[:, None], y, n_neighbors=k, random_state=0)[0]
    assert abs(ours - theirs) < 1e-3


def test_mixed_agrees_with_sklearn():
    from sklearn.feature_selection import mutual_info_classif

    rng = np.random.default_rng(3)
    labels = rng.integers(0, 3, 3000)
    x = rng.standard_normal(3000) + 0.8 * labels
    ours = it.mixed_mutual_information(x, labels, base=E)
    theirs = mutual_info_classif(x[:, None], labels, n_neighbors=3, random_state=0)[0]
    assert abs(ours - theirs) < 1e-3


def test_mixed_two_gaussian_classes_ground_truth():
    """I(X;C) = h(X) - h(X|C) with h(X) of the mixture by quadrature."""
    p1, mu, n = 0.3, 2.0, 6000
    rng = np.random.default_rng(12)
    labels = (rng.random(n) < p1).astype(int)
    x = rng.standard_normal(n) + mu * labels

    def f(t):
        return (1 - p1) * scipy.stats.norm.pdf(t) + p1 * scipy.stats.norm.pdf(t - mu)

    hx = integrate.quad(lambda t: -f(t) * math.log(f(t)), -12, 14, limit=200)[0]
    truth = hx - 0.5 * math.log(2 * math.pi * math.e)
    est = it.mixed_mutual_information(x, np.where(labels == 1, "b", "a"), base=E)
    assert abs(est - truth) < 0.03


# ---------------------------------------------------------------- entropy


@pytest.mark.parametrize("norm", ["max", "euclidean"])
def test_knn_entropy_gaussian(norm):
    cov = np.array([[2.0, 0.6, 0.0], [0.6, 1.0, 0.3], [0.0, 0.3, 0.5]])
    x = np.random.default_rng(1).multivariate_normal(np.zeros(3), cov, size=5000)
    assert abs(it.knn_entropy(x, base=E, norm=norm) - it.gaussian_entropy(cov, base=E)) < 0.08
    x1 = 0.1 * np.random.default_rng(2).standard_normal(5000)  # sigma 0.1: h < 0
    h1 = it.gaussian_entropy(0.01, base=E)
    assert h1 < 0
    assert abs(it.knn_entropy(x1, base=E, norm=norm) - h1) < 0.04


@pytest.mark.parametrize(("a", "d"), [(0.3, 1), (0.5, 2), (4.0, 1)])
def test_knn_entropy_uniform_log_volume(a, d):
    x = a * np.random.default_rng(3).random((5000, d))
    assert abs(it.knn_entropy(x, base=E) - d * math.log(a)) < 0.03 * d


def test_knn_entropy_standardize_returns_original_units():
    x = np.random.default_rng(4).standard_normal((3000, 2)) * [10.0, 0.01]
    h = it.gaussian_entropy(np.diag([100.0, 1e-4]), base=E)
    assert abs(it.knn_entropy(x, base=E) - h) < 0.05
    assert it.knn_entropy(x, base=2) == pytest.approx(it.knn_entropy(x, base=E) / math.log(2))


def test_gaussian_closed_forms_against_scipy():
    cov = np.array([[1.5, 0.4, 0.2], [0.4, 1.0, -0.3], [0.2, -0.3, 0.8]])
    ref = scipy.stats.multivariate_normal(np.zeros(3), cov).entropy()
    assert it.gaussian_entropy(cov, base=E) == pytest.approx(ref, rel=1e-12)
    assert it.gaussian_entropy(cov) == pytest.approx(ref / math.log(2), rel=1e-12)
    hx = scipy.stats.multivariate_normal(np.zeros(1), cov[:1, :1]).entropy()
    hy = scipy.stats.multivariate_normal(np.zeros(2), cov[1:, 1:]).entropy()
    assert it.gaussian_mutual_information(cov, 1, base=E) == pytest.approx(hx + hy - ref, rel=1e-10)
    assert it.gaussian_mutual_information([[1, 0.6], [0.6, 1]], 1, base=E) == pytest.approx(
        gauss_mi(0.6)
    )
    assert it.gaussian_mutual_information(np.eye(4), 2) == 0.0


# ---------------------------------------------------------------- discrete entropy estimators


def test_plugin_equals_entropy_of_empirical_pmf():
    s = np.random.default_rng(0).integers(0, 7, size=(500, 2))
    ref = it.entropy(it.joint_pmf(s[:, 0], s[:, 1]))
    assert it.entropy_estimate(s) == pytest.approx(ref, abs=1e-12)
    assert it.entropy_estimate(["x", "y", "y", "z"], base=E) == pytest.approx(
        -(0.5 * math.log(0.25) + 0.5 * math.log(0.5))
    )


def test_miller_madow_and_grassberger_formulas():
    counts = {"a": 5, "b": 2, "c": 1, "d": 1}
    s = [key for key, c in counts.items() for _ in range(c)]
    n, c = 9, np.array(list(counts.values()))
    plugin = -(c / n * np.log(c / n)).sum()
    assert it.entropy_estimate(s, "miller_madow", base=E) == pytest.approx(plugin + 3 / 18)
    # G by Grassberger's recursion: G(1) = -gamma - log 2, G(2m+1) = G(2m), G(2m+2) = G(2m) + 2/(2m+1)
    g = {1: -np.euler_gamma - math.log(2), 2: 2 - np.euler_gamma - math.log(2)}
    for m in range(2, 6):
        g[m + 1] = g[m] if m % 2 == 0 else g[m - 1] + 2 / m
    psi_n = -np.euler_gamma + sum(1 / j for j in range(1, n))  # psi(9) by the harmonic sum
    ref = psi_n - sum(ci * g[ci] for ci in c) / n
    assert it.entropy_estimate(s, "grassberger", base=E) == pytest.approx(ref, abs=1e-12)


def _exact_mean_binary(method, p, n):
    """E[estimate] in nats over all outcomes of n draws of a coin with P(1) = p: exact
    enumeration over the binomial (the estimator is called on one sample per count)."""
    total = 0.0
    for m in range(n + 1):
        w = math.comb(n, m) * p**m * (1 - p) ** (n - m)
        total += w * it.entropy_estimate([1] * m + [0] * (n - m), method, base=E)
    return total


def test_exact_bias_of_entropy_estimators():
    """Exact biases for p = (0.7, 0.3), n = 10, each expectation also written out here
    from its formula (plug-in, Miller-Madow); Grassberger's psi(n) form is unbiased to
    ~1e-5 nats, its ln(n) form (the old, wrong one) would be ln(10) - psi(10) = 0.0508
    above it."""
    p, n = 0.7, 10
    truth = -(p * math.log(p) + (1 - p) * math.log(1 - p))

    def h(m):  # plug-in entropy of m ones in n draws
        return -sum(c / n * math.log(c / n) for c in (m, n - m) if c)

    w = [math.comb(n, m) * p**m * (1 - p) ** (n - m) for m in range(n + 1)]
    plug = sum(wm * h(m) for m, wm in enumerate(w)) - truth
    mm = sum(wm * (h(m) + (0.0 if m in (0, n) else 1 / (2 * n))) for m, wm in enumerate(w)) - truth
    assert _exact_mean_binary("plugin", p, n) - truth == pytest.approx(plug, abs=1e-12)
    assert _exact_mean_binary("miller_madow", p, n) - truth == pytest.approx(mm, abs=1e-12)
    assert plug == pytest.approx(-0.055, abs=5e-4)
    assert mm == pytest.approx(-0.006, abs=5e-4)
    grass = _exact_mean_binary("grassberger", p, n) - truth
    assert abs(grass) < 5e-5
    ln_minus_psi = math.log(n) - (-np.euler_gamma + sum(1 / j for j in range(1, n)))
    assert ln_minus_psi == pytest.approx(0.0508, abs=1e-4)  # the bias the ln(n) form had
    # the psi(n) form stays the least biased of the three at every n from 5 to 40
    for m in range(5, 41, 5):
        b = {
            k: abs(_exact_mean_binary(k, p, m) - truth)
            for k in ("plugin", "miller_madow", "grassberger")
        }
        assert b["grassberger"] < b["miller_madow"] < b["plugin"]


def test_chao_shen_formula():
    s = [0, 0, 0, 1, 1, 2, 3, 4]
    n, c = 8, np.array([3, 2, 1, 1, 1])
    cov = 1 - 3 / n
    pa = cov * c / n
    ref = -(pa * np.log(pa) / (1 - (1 - pa) ** n)).sum()
    assert it.entropy_estimate(s, "chao_shen", base=E) == pytest.approx(ref)


def test_bias_corrections_beat_plugin_for_small_n():
    """Over many seeds, with K = 100 categories and n from 30 to 200, the corrected
    estimators are closer to the truth on average than the plug-in estimate."""
    k = 100
    p = 1.0 / np.arange(1, k + 1) ** 0.7
    p /= p.sum()
    truth = it.entropy(p, base=E)
    rng = np.random.default_rng(0)
    for n in (30, 100, 200):
        err = {m: [] for m in ("plugin", "miller_madow", "grassberger", "chao_shen")}
        for _ in range(150):
            s = rng.choice(k, size=n, p=p)
            for m in err:
                err[m].append(abs(it.entropy_estimate(s, m, base=E) - truth))
        mean = {m: np.mean(v) for m, v in err.items()}
        assert mean["miller_madow"] < mean["plugin"]
        assert mean["grassberger"] < mean["plugin"]
        assert mean["chao_shen"] < mean["plugin"]


# ---------------------------------------------------------------- conditional MI


def gaussian_cmi(cov, ix, iy, iz):
    ld = lambda idx: np.linalg.slogdet(cov[np.ix_(idx, idx)])[1]  # noqa: E731
    return 0.5 * (ld(ix + iz) + ld(iy + iz) - ld(ix + iy + iz) - ld(iz))


def test_cmi_small_sample_standardisation_choice():
    """NPEET's Gaussian CMI case at n = 50 (truth from the closed form): both settings
    are biased down; the unstandardised estimate depends on the units (here X, 10 Y,
    Z / 10 make it much worse), the standardised one does not."""
    mat = np.array([[1, 1, 0], [1, 0, 1], [0, 1, 1]])
    cov = mat.T @ np.diag([3.0, 1.0, 1.0]) @ mat
    truth = gaussian_cmi(cov, [0], [1], [2])
    assert truth / math.log(2) == pytest.approx(0.515, abs=1e-3)  # NPEET's "true CMI"
    units = np.array([1.0, 10.0, 0.1])
    est = {"std": [], "raw": [], "std_units": [], "raw_units": []}
    for seed in range(60):
        p = np.random.default_rng(seed).multivariate_normal(np.zeros(3), cov, 50)
        q = p * units
        est["std"].append(it.ksg_conditional_mutual_information(p[:, 0], p[:, 1], p[:, 2], base=E))
        est["raw"].append(it.ksg_conditional_mutual_information(*p.T, base=E, standardize=False))
        est["std_units"].append(it.ksg_conditional_mutual_information(*q.T, base=E))
        est["raw_units"].append(
            it.ksg_conditional_mutual_information(*q.T, base=E, standardize=False)
        )
    m = {key: np.mean(v) - truth for key, v in est.items()}
    assert np.allclose(est["std"], est["std_units"], atol=1e-12)  # units do not matter
    assert m["std"] < 0 and m["raw"] < 0  # small-sample bias is downward either way
    assert m["raw_units"] < m["std"] - 0.03  # without standardising, units decide


def test_cmi_gaussian_chain_is_zero():
    rng = np.random.default_rng(1)
    x = rng.standard_normal(4000)
    z = 0.9 * x + 0.5 * rng.standard_normal(4000)
    y = 0.8 * z + 0.6 * rng.standard_normal(4000)
    assert it.ksg_mutual_information(x, y, base=E) > 0.3  # X and Y are dependent...
    assert abs(it.ksg_conditional_mutual_information(x, y, z, base=E)) < 0.03  # ...but not given Z


def test_cmi_gaussian_closed_form():
    cov = np.array(
        [[1.0, 0.6, 0.5, 0.0], [0.6, 1.0, 0.4, 0.2], [0.5, 0.4, 1.0, 0.3], [0.0, 0.2, 0.3, 1.0]]
    )
    d = np.random.default_rng(2).multivariate_normal(np.zeros(4), cov, size=5000)
    truth = gaussian_cmi(cov, [0], [1], [2, 3])
    assert truth > 0.1
    est = it.ksg_conditional_mutual_information(d[:, 0], d[:, 1], d[:, 2:], base=E)
    assert abs(est - truth) < 0.04


# ---------------------------------------------------------------- binned


def test_binned_equals_histogram_plugin():
    x, y = gauss_pair(5000, 0.7, seed=3)
    h, _, _ = np.histogram2d(x, y, bins=12)
    ref = it.mutual_information(h / h.sum(), base=E)
    assert it.binned_mutual_information(x, y, bins=12, base=E) == pytest.approx(ref, abs=1e-12)


def test_binned_multidimensional_uses_product_cells():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3000, 2))
    y = x[:, 0] + 0.5 * rng.standard_normal(3000)
    h, _ = np.histogramdd(np.column_stack([x, y]), bins=6)
    pxy = h.reshape(36, 6) / h.sum()
    ref = it.mutual_information(pxy, base=E)
    assert it.binned_mutual_information(x, y, bins=6, base=E) == pytest.approx(ref, abs=1e-12)


def test_binned_warns_when_cells_approach_n():
    """Two independent 20-D Gaussians, 20 bins: every sample has a cell of its own and
    the estimate is log2(n) although I = 0; this must not pass silently."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 2000, 20))
    with pytest.warns(it.SparseBinsWarning, match="occupied joint cells"):
        v = it.binned_mutual_information(x, y, bins=20)
    assert v == pytest.approx(math.log2(2000), abs=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 1-D, 20 x 20 cells for 2000 samples: no warning
        it.binned_mutual_information(x[:, 0], y[:, 0], bins=20)


def test_binned_converges_to_truth_with_many_samples():
    x, y = gauss_pair(200_000, 0.6, seed=5)
    assert abs(it.binned_mutual_information(x, y, bins=40, base=E) - gauss_mi(0.6)) < 0.02


# ---------------------------------------------------------------- ties and duplicates


def discretised_gaussian_mi(rho, step, half_range=8.0, sub=100):
    """Exact I(X_r; Y_r) of a bivariate Gaussian rounded to a grid of ``step``."""
    edges = np.arange(-half_range - step / 2, half_range + step, step)
    s = math.sqrt(1 - rho**2)
    t = np.linspace(edges[0], edges[-1], (edges.size - 1) * sub + 1)
    mid, w = (t[:-1] + t[1:]) / 2, np.diff(t) * scipy.stats.norm.pdf((t[:-1] + t[1:]) / 2)
    cdf = scipy.stats.norm.cdf((edges[None, :] - rho * mid[:, None]) / s)
    rows = (w[:, None] * np.diff(cdf, axis=1)).reshape(edges.size - 1, sub, -1).sum(axis=1)
    rows = rows[rows.sum(axis=1) > 0]
    return it.mutual_information(rows / rows.sum(), base=E)


@pytest.mark.parametrize("step", [0.25, 0.5, 1.0])
def test_rounded_data_do_not_inflate(step):
    """Dithering at the resolution makes KSG estimate I(X_r; Y_r) <= I(X; Y)."""
    rho = 0.6
    exact = discretised_gaussian_mi(rho, step)
    assert exact <= gauss_mi(rho)
    est, naive = [], []
    for seed in range(3):
        x, y = gauss_pair(4000, rho, seed)
        xr, yr = np.round(x / step) * step, np.round(y / step) * step
        with pytest.warns(it.DiscreteDataWarning, match="look discrete"):
            est.append(it.ksg_mutual_information(xr, yr, base=E, seed=seed))
        naive.append(it.ksg_mutual_information(xr, yr, base=E, ties="keep"))
    assert abs(np.mean(est) - exact) < 0.02
    assert np.mean(est) < gauss_mi(rho) + 0.01
    assert min(naive) > gauss_mi(rho) + 1.0  # what the tie handling prevents


def test_independent_integers_are_independent():
    """Independent jitter for x and y: independent discrete data give ~0. The same
    jitter added to both (one seed reused) would make them look strongly dependent."""
    rng = np.random.default_rng(0)
    x, y = rng.integers(0, 5, 4000), rng.integers(0, 5, 4000)
    assert abs(quiet(it.ksg_mutual_information, x, y, base=E)) < 0.03
    u = np.random.default_rng(1).random(4000) - 0.5
    assert it.ksg_mutual_information(x + u, y + u, base=E) > 1.0


def _npeet_discrete_truth(noisy):
    """Exact I(X;Y) in bits for X uniform on 0..9 and Y = X**2 (+ an independent noise
    uniform on 0..9), the discrete test case of NPEET's test suite."""
    if not noisy:
        return math.log2(10)  # Y determines X: I = H(X)
    py = {}
    for a in range(10):
        for b in range(10):
            py[a * a + b] = py.get(a * a + b, 0.0) + 0.01
    hy = -sum(q * math.log2(q) for q in py.values())
    return hy - math.log2(10)  # H(Y) - H(Y|X), and Y given X is uniform on 10 values


@pytest.mark.parametrize("noisy", [False, True])
def test_ksg_on_discrete_data_matches_the_truth(noisy):
    """Integer data, n = 1000: the mean over 12 seeds is within 0.025 bits of the truth
    (2.757 / 3.322 bits; the spread of one estimate is about 0.025 bits). Dithering as
    wide as the resolution lost 0.06-0.08 bits here."""
    truth = _npeet_discrete_truth(noisy)
    assert truth == pytest.approx(2.757 if noisy else 3.322, abs=1e-3)
    est = []
    for seed in range(12):
        rng = np.random.default_rng(seed)
        x = rng.integers(0, 10, 1000)
        y = x**2 + (rng.integers(0, 10, 1000) if noisy else 0)
        with pytest.warns(it.DiscreteDataWarning, match="look discrete"):
            est.append(it.ksg_mutual_information(x, y, seed=seed))
    assert abs(np.mean(est) - truth) < 0.025


def test_exact_copies_are_dropped_not_counted():
    x, y = gauss_pair(3000, 0.6, seed=4)
    idx = np.random.default_rng(5).integers(0, 3000, 3000)  # a bootstrap resample
    with pytest.warns(it.DuplicateSamplesWarning, match="copies"):
        est = it.ksg_mutual_information(x[idx], y[idx], base=E)
    distinct = np.unique(idx)
    assert est == pytest.approx(
        it.ksg_mutual_information(x[distinct], y[distinct], base=E), abs=1e-12
    )
    assert abs(est - gauss_mi(0.6)) < 0.05
    assert it.ksg_mutual_information(x[idx], y[idx], base=E, ties="keep") > gauss_mi(0.6) + 0.5


def test_tie_breaking_is_seeded_and_continuous_data_untouched():
    x, y = gauss_pair(1000, 0.5, seed=6)
    xr, yr = np.round(x, 1), np.round(y, 1)
    a = quiet(it.ksg_mutual_information, xr, yr, seed=3)
    assert a == quiet(it.ksg_mutual_information, xr, yr, seed=3)
    assert a != quiet(it.ksg_mutual_information, xr, yr, seed=4)
    assert quiet(it.ksg_mutual_information, xr, yr, seed=np.random.default_rng(3)) == a
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no warning for continuous data
        assert it.ksg_mutual_information(x, y, seed=1) == it.ksg_mutual_information(x, y, seed=2)


# ---------------------------------------------------------------- units, scaling, negative values


def test_units_and_standardisation():
    x, y = gauss_pair(2000, 0.5, seed=7)
    nats = it.ksg_mutual_information(x, y, base=E)
    assert it.ksg_mutual_information(x, y) == pytest.approx(nats / math.log(2))
    assert it.ksg_mutual_information(x, y, base=10) == pytest.approx(nats / math.log(10))
    assert it.ksg_mutual_information(1e4 * x + 3, 1e-3 * y, base=E) == pytest.approx(nats, abs=1e-9)
    # without standardisation a badly scaled coordinate dominates the max-norm neighbourhoods
    rng = np.random.default_rng(7)
    x3 = np.column_stack([x, rng.standard_normal((2000, 2))])
    scaled = x3 * [1.0, 1000.0, 1000.0]
    a = it.ksg_mutual_information(scaled, y, base=E)
    b = it.ksg_mutual_information(scaled, y, base=E, standardize=False)
    assert abs(a - it.ksg_mutual_information(x3, y, base=E)) < 1e-9
    assert a > 0.1 and abs(b) < 0.01  # the informative coordinate is drowned out


def test_negative_estimates_are_not_clipped():
    vals = []
    for seed in range(20):
        rng = np.random.default_rng(seed)
        x, y, z = rng.standard_normal((3, 60))
        vals.append(
            (it.ksg_mutual_information(x, y), it.ksg_conditional_mutual_information(x, y, z))
        )
    vals = np.array(vals)
    assert (vals[:, 0] < 0).sum() >= 3
    assert (vals[:, 1] < 0).sum() >= 3


# ---------------------------------------------------------------- permutation test and bootstrap


def test_permutation_test_detects_dependence():
    x, y = gauss_pair(300, 0.4, seed=1)
    res = it.mi_permutation_test(x, y, n_permutations=99, seed=0, base=E)
    assert res.p_value == pytest.approx(0.01)
    assert res.estimate == pytest.approx(it.ksg_mutual_information(x, y, base=E))
    assert res.null.shape == (99,) and res.null.max() < res.estimate
    est, p, null = it.mi_permutation_test(
        x, y, estimator="binned", bins=8, n_permutations=49, seed=0
    )
    assert p == pytest.approx(0.02)


def test_permutation_p_value_counts_ties_exactly():
    """Tied discrete data: x = y with four 0s and four 1s (1 bit). A shuffle gives the
    same binned estimate exactly when it keeps the table (a = 4) or mirrors it (a = 0),
    probability 2 / C(8, 4) = 1/35; every such tie must count towards the p-value
    (>=, not >)."""
    x = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    b = 3000
    res = it.mi_permutation_test(x, x, estimator="binned", bins=2, n_permutations=b, seed=0)
    assert res.estimate == pytest.approx(1.0)
    ties = np.count_nonzero(res.null == res.estimate)
    assert ties == np.count_nonzero(res.null >= res.estimate) and ties > 0
    assert res.p_value == (1 + ties) / (1 + b)
    # and the shuffles sample the exact permutation distribution: P(tie) = 1/35
    exact = 2 / math.comb(8, 4)
    assert abs(res.p_value - exact) < 4 * math.sqrt(exact * (1 - exact) / b)


def test_permutation_p_values_roughly_uniform_under_independence():
    p = []
    for seed in range(40):
        rng = np.random.default_rng(100 + seed)
        x, y = rng.standard_normal((2, 120))
        p.append(it.mi_permutation_test(x, y, n_permutations=39, seed=seed).p_value)
    p = np.array(p)
    assert p.min() >= 1 / 40
    assert 0.35 < p.mean() < 0.65
    assert np.mean(p <= 0.1) <= 0.25
    assert scipy.stats.kstest(p, "uniform").pvalue > 0.01


def test_permutation_test_mixed_and_seeded():
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 2, 200)
    x = rng.standard_normal(200) + 0.8 * labels
    a = it.mi_permutation_test(x, labels, estimator="mixed", n_permutations=30, seed=5)
    b = it.mi_permutation_test(x, labels, estimator="mixed", n_permutations=30, seed=5)
    assert a.p_value == b.p_value and np.array_equal(a.null, b.null)
    assert a.p_value == pytest.approx(1 / 31)


def test_bootstrap_interval_covers_the_truth():
    truth, hits, widths = gauss_mi(0.6), 0, []
    for seed in range(25):
        x, y = gauss_pair(400, 0.6, seed=200 + seed)
        res = it.mi_bootstrap(x, y, n_resamples=60, seed=seed, base=E)
        assert res.low < res.estimate < res.high
        hits += res.low <= truth <= res.high
        widths.append(res.high - res.low)
    assert hits >= 20  # nominal 95 %: expect about 24 of 25
    assert 0.1 < np.mean(widths) < 0.4  # sd of the estimate at n = 400 is about 0.04 nats


@pytest.mark.parametrize("confidence", [0.9, 0.95])
def test_bootstrap_bounds_recomputed_from_the_replicates(confidence):
    """The interval is [I + q(alpha/2), I + q(1 - alpha/2)] of the centred half-sample
    estimates; recompute it from the stored replicates (a version using quantiles
    alpha and 1 - alpha would be narrower and fail here)."""
    x, y = gauss_pair(600, 0.6, seed=11)
    res = it.mi_bootstrap(x, y, n_resamples=80, confidence=confidence, seed=2, base=E)
    dev = np.sort(res.resamples - res.resamples.mean())
    alpha = 1 - confidence
    m = dev.size

    def quantile(q):  # linear interpolation between order statistics, written out
        pos = q * (m - 1)
        lo = int(math.floor(pos))
        return dev[lo] + (pos - lo) * (dev[min(lo + 1, m - 1)] - dev[lo])

    assert res.low == pytest.approx(res.estimate + quantile(alpha / 2), abs=1e-12)
    assert res.high == pytest.approx(res.estimate + quantile(1 - alpha / 2), abs=1e-12)
    assert res.low < res.estimate + quantile(alpha) - 1e-6  # the wrong quantile differs


def test_bootstrap_seeded_and_other_estimators():
    x, y = gauss_pair(500, 0.6, seed=3)
    a = it.mi_bootstrap(x, y, n_resamples=20, seed=1)
    again = it.mi_bootstrap(x, y, n_resamples=20, seed=1)
    assert (a.low, a.high) == (again.low, again.high) and np.array_equal(
        a.resamples, again.resamples
    )
    b = it.mi_bootstrap(x, y, estimator="binned", bins=10, n_resamples=20, seed=1)
    assert b.low < b.estimate < b.high
    labels = (y > 0).astype(int)
    c = it.mi_bootstrap(x, labels, estimator="mixed", n_resamples=20, seed=1, confidence=0.8)
    assert c.low < c.estimate < c.high


# ---------------------------------------------------------------- bad input


def _ksg(**kw):
    args = {"x": np.arange(10.0), "y": np.arange(10.0) ** 2}
    args.update(kw)
    return it.ksg_mutual_information(**args)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: _ksg(x=[1.0, np.nan, 3.0, 4.0]), ValueError, "x"),
        (lambda: _ksg(y=np.r_[np.arange(9.0), np.inf]), ValueError, "y contains NaN or infinite"),
        (lambda: _ksg(y=np.arange(9.0)), ValueError, "same number of samples"),
        (lambda: _ksg(k=10), ValueError, "k must be smaller"),
        (lambda: _ksg(k=0), ValueError, "k must be >= 1"),
        (lambda: _ksg(k=2.5), TypeError, "k must be an integer"),
        (lambda: _ksg(base=0), ValueError, "base"),
        (lambda: _ksg(base=-2), ValueError, "base"),
        (lambda: _ksg(base=float("inf")), ValueError, "base"),
        (lambda: _ksg(base=1), ValueError, "base"),
        (lambda: _ksg(ties="round"), ValueError, "ties"),
        (lambda: _ksg(x=np.ones(10)), ValueError, "x has a constant coordinate"),
        (lambda: _ksg(x=np.zeros((10, 2, 2))), ValueError, "x must have shape"),
        (lambda: it.knn_entropy([1.0, 2.0, np.nan]), ValueError, "x contains NaN"),
        (lambda: it.knn_entropy(np.arange(5.0), k=5), ValueError, "k must be smaller"),
        (lambda: it.knn_entropy(np.arange(5.0), norm="l1"), ValueError, "norm"),
        (lambda: it.knn_entropy(np.arange(5.0), base=float("nan")), ValueError, "base"),
        (
            lambda: it.ksg_conditional_mutual_information(
                np.arange(5.0), np.arange(5.0), np.arange(4.0)
            ),
            ValueError,
            "same number of samples",
        ),
        (
            lambda: it.ksg_conditional_mutual_information(
                np.arange(5.0), np.arange(5.0), [0, 1, np.inf, 3, 4]
            ),
            ValueError,
            "z contains",
        ),
        (
            lambda: it.ksg_conditional_mutual_information(
                np.arange(5.0), np.arange(5.0), np.arange(5.0), k=0
            ),
            ValueError,
            "k",
        ),
        (
            lambda: it.binned_mutual_information(np.arange(5.0), np.arange(5.0), bins=0),
            ValueError,
            "bins",
        ),
        (
            lambda: it.binned_mutual_information(np.arange(5.0), np.arange(6.0)),
            ValueError,
            "same number of samples",
        ),
        (
            lambda: it.binned_mutual_information([np.nan, 1.0], [1.0, 2.0]),
            ValueError,
            "x contains NaN",
        ),
        (
            lambda: it.binned_mutual_information(np.arange(5.0), np.arange(5.0), base=0),
            ValueError,
            "base",
        ),
        (
            lambda: it.mixed_mutual_information(np.arange(6.0), [0, 0, 0, 1, 1, 1], k=3),
            ValueError,
            "labels",
        ),
        (
            lambda: it.mixed_mutual_information(np.arange(6.0), [0, 1, 0, 1, 0]),
            ValueError,
            "same number of samples",
        ),
        (
            lambda: it.mixed_mutual_information([0.0, 1.0, np.nan, 2.0], [0, 0, 1, 1], k=1),
            ValueError,
            "x contains NaN",
        ),
        (lambda: it.entropy_estimate([0, 1], method="jackknife"), ValueError, "method"),
        (lambda: it.entropy_estimate([0.0, np.nan]), ValueError, "samples"),
        (lambda: it.entropy_estimate([]), ValueError, "samples"),
        (lambda: it.entropy_estimate([0, 1], base=-1), ValueError, "base"),
        (lambda: it.gaussian_entropy([[1.0, 2.0], [2.0, 1.0]]), ValueError, "positive definite"),
        (lambda: it.gaussian_entropy([[1.0, 0.5], [0.0, 1.0]]), ValueError, "symmetric"),
        (lambda: it.gaussian_entropy(np.ones((2, 3))), ValueError, "square"),
        (lambda: it.gaussian_entropy([[np.nan]]), ValueError, "cov"),
        (lambda: it.gaussian_mutual_information(np.eye(3), 3), ValueError, "dx"),
        (lambda: it.gaussian_mutual_information(np.eye(3), 0), ValueError, "dx"),
        (
            lambda: it.mi_permutation_test(np.arange(10.0), np.arange(10.0) ** 2, estimator="mine"),
            ValueError,
            "estimator",
        ),
        (
            lambda: it.mi_permutation_test(np.arange(10.0), np.arange(10.0) ** 2, n_permutations=0),
            ValueError,
            "n_permutations",
        ),
        (
            lambda: it.mi_permutation_test(np.arange(10.0), np.arange(10.0) ** 2, seed=None),
            ValueError,
            "seed",
        ),
        (
            lambda: it.mi_bootstrap(np.arange(10.0), np.arange(10.0) ** 2, confidence=1.5),
            ValueError,
            "confidence",
        ),
        (
            lambda: it.mi_bootstrap(np.arange(10.0), np.arange(10.0) ** 2, n_resamples=1),
            ValueError,
            "n_resamples",
        ),
        (
            lambda: it.mi_bootstrap(np.arange(10.0), np.arange(10.0) ** 2, k=5),
            ValueError,
            "k must be smaller",
        ),
        (
            lambda: it.mi_bootstrap(np.arange(10.0), np.arange(9.0)),
            ValueError,
            "same number of samples",
        ),
    ],
)
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
