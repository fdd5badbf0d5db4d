"""Checkers of the hands-on practices: each accepts the reference answer and rejects plausible
wrong answers with a specific hint that does not print the expected value.

The reference answers here are computed independently of itlab (NumPy / SciPy by hand).
"""

import math

import numpy as np
import pytest
from scipy.stats import entropy as sp_entropy
from sklearn.datasets import load_digits

from itlab.practice import Checker, Feedback, practice_names


@pytest.fixture(scope="module")
def digits():
    d = load_digits()
    return d.images.astype(int), d.data.astype(int), d.target


def _plugin_mi(x, y):
    """Plug-in I(X;Y) in bits from a contingency table (independent of itlab)."""
    _, xi = np.unique(x, return_inverse=True)
    _, yi = np.unique(y, return_inverse=True)
    table = np.zeros((xi.max() + 1, yi.max() + 1))
    np.add.at(table, (xi, yi), 1)
    pxy = table / table.sum()
    px, py = pxy.sum(1, keepdims=True), pxy.sum(0, keepdims=True)
    nz = pxy > 0
    return float(np.sum(pxy[nz] * np.log2(pxy[nz] / (px @ py)[nz])))


def _huffman_expected_length(p):
    """Expected Huffman length = sum of the merged probabilities (independent algorithm)."""
    import heapq

    heap = [float(v) for v in p if v > 0]
    heapq.heapify(heap)
    total = 0.0
    while len(heap) > 1:
        a, b = heapq.heappop(heap), heapq.heappop(heap)
        total += a + b
        heapq.heappush(heap, a + b)
    return total


def _assert_rejects(fb, *words):
    assert isinstance(fb, Feedback) and not fb, fb
    for w in words:
        assert w in fb.message, fb.message


def _assert_hides(fb, value):
    """The hint does not print the expected value (to 3 decimals)."""
    assert f"{value:.3f}" not in fb.message and f"{value:.2f}" not in fb.message


# ------------------------------------------------------------------ the Checker object


def test_known_practices_and_questions():
    assert {"entropy", "mutual_information"} <= set(practice_names())
    assert Checker("entropy").questions == ("q1", "q2", "q3", "q4")


def test_bad_practice_and_question_names():
    with pytest.raises(ValueError, match="practice"):
        Checker("no_such_practice")
    with pytest.raises(ValueError, match="question"):
        Checker("entropy")("q9", 1.0)


@pytest.mark.parametrize("name", ["entropy", "mutual_information"])
def test_unanswered_questions_are_reported_not_raised(name):
    check = Checker(name)
    for q in check.questions:
        fb = check(q, ...)
        _assert_rejects(fb, "not answered")
        assert repr(fb).startswith("✗ " + q)


def test_an_answer_of_the_wrong_type_gives_a_hint_not_an_exception(digits):
    images, _, _ = digits
    fb = Checker("entropy")("q2", "3 bits", pixels=images.reshape(-1))
    _assert_rejects(fb, "number")
    fb = Checker("entropy")("q2", np.ones(3), pixels=images.reshape(-1))
    _assert_rejects(fb, "one number", "shape")


# ------------------------------------------------------------------ practice: entropy


def test_entropy_q1_pmf(digits):
    images, _, _ = digits
    pixels = images.reshape(-1)
    counts = np.array([(pixels == k).sum() for k in range(17)], dtype=float)
    p = counts / counts.sum()
    check = Checker("entropy")
    assert check("q1", p, pixels=pixels) and check.strict("q1", p, pixels=pixels)
    _assert_rejects(check("q1", counts, pixels=pixels), "counts")
    _assert_rejects(check("q1", p[::-1], pixels=pixels), "reverse")
    _assert_rejects(check("q1", p[1:] / p[1:].sum(), pixels=pixels), "shape (17,)")
    _assert_rejects(check("q1", np.full(17, 1 / 17), pixels=pixels), "do not match")


def test_entropy_q2_bits(digits):
    images, _, _ = digits
    pixels = images.reshape(-1)
    p = np.bincount(pixels, minlength=17) / pixels.size
    h = float(sp_entropy(p, base=2))
    check = Checker("entropy")
    assert check("q2", h, pixels=pixels) and check.strict("q2", np.float64(h), pixels=pixels)
    for fb, word in [
        (check("q2", h * math.log(2), pixels=pixels), "nats"),
        (check("q2", math.log2(17), pixels=pixels), "uniform"),
        (check("q2", -h, pixels=pixels), "negative"),
        (check("q2", h / 17, pixels=pixels), "divided"),
    ]:
        _assert_rejects(fb, word)
        _assert_hides(fb, h)
    # the hidden test is stricter: a value rounded to 3 decimals passes only the public one
    assert check("q2", round(h, 3), pixels=pixels)
    assert not check.strict("q2", round(h, 3), pixels=pixels)


def test_entropy_q3_huffman(digits):
    images, _, _ = digits
    pixels = images.reshape(-1)
    p = np.bincount(pixels, minlength=17) / pixels.size
    L = _huffman_expected_length(p)
    h = float(sp_entropy(p, base=2))
    assert h <= L < h + 1
    check = Checker("entropy")
    assert check("q3", L, pixels=pixels) and check.strict("q3", L, pixels=pixels)
    _assert_rejects(check("q3", h, pixels=pixels), "entropy")
    _assert_rejects(check("q3", 5, pixels=pixels), "fixed-length")
    _assert_rejects(check("q3", h - 0.5, pixels=pixels), "below the entropy")


def test_entropy_q4_conditional(digits):
    images, _, _ = digits
    right = images[:, :, 1:].reshape(-1)
    left = images[:, :, :-1].reshape(-1)
    h_pair = float(sp_entropy(np.unique(right * 17 + left, return_counts=True)[1], base=2))
    h_left = float(sp_entropy(np.unique(left, return_counts=True)[1], base=2))
    h_right = float(sp_entropy(np.unique(right, return_counts=True)[1], base=2))
    h_cond = h_pair - h_left
    check = Checker("entropy")
    assert check("q4", h_cond, images=images) and check.strict("q4", h_cond, images=images)
    _assert_rejects(check("q4", h_pair, images=images), "joint entropy")
    _assert_rejects(check("q4", h_right - h_cond, images=images), "mutual information")
    _assert_rejects(check("q4", h_right + 0.5, images=images), "cannot increase")
    _assert_hides(check("q4", h_pair, images=images), h_cond)


# ------------------------------------------------------------------ practice: mutual information


def test_mi_q1_one_pixel(digits):
    _, X, y = digits
    mi = _plugin_mi(X[:, 36], y)
    h_y = float(sp_entropy(np.bincount(y), base=2))
    check = Checker("mutual_information")
    assert check("q1", mi, x=X[:, 36], y=y) and check.strict("q1", mi, x=X[:, 36], y=y)
    _assert_rejects(check("q1", mi * math.log(2), x=X[:, 36], y=y), "nats")
    _assert_rejects(check("q1", h_y, x=X[:, 36], y=y), "entropy of the label")
    _assert_rejects(check("q1", h_y - mi, x=X[:, 36], y=y), "H(Y|X)")
    _assert_rejects(check("q1", 5.0, x=X[:, 36], y=y), "larger than")


def test_mi_q2_map_and_q3_best(digits):
    _, X, y = digits
    mi_map = np.array([_plugin_mi(X[:, j], y) for j in range(64)])
    check = Checker("mutual_information")
    assert check("q2", mi_map, X=X, y=y) and check.strict("q2", list(mi_map), X=X, y=y)
    _assert_rejects(check("q2", mi_map.reshape(8, 8), X=X, y=y), "shape (8, 8)")
    _assert_rejects(check("q2", mi_map * math.log(2), X=X, y=y), "nats")
    _assert_rejects(check("q2", mi_map.reshape(8, 8).T.ravel(), X=X, y=y), "transposed")
    bad = mi_map.copy()
    bad[[3, 40]] += 0.1
    _assert_rejects(check("q2", bad, X=X, y=y), "2 of the 64")

    best = int(np.argmax(mi_map))
    assert check("q3", best, X=X, y=y) and check.strict("q3", np.int64(best), X=X, y=y)
    _assert_rejects(check("q3", 0, X=X, y=y), "least")  # a blank corner pixel
    second = int(np.argsort(mi_map)[-2])
    _assert_rejects(check("q3", second, X=X, y=y), "more information")
    _assert_rejects(check("q3", divmod(best, 8), X=X, y=y), "one column index")
    assert check("q3", float(best), X=X, y=y) and not check.strict("q3", float(best), X=X, y=y)


def test_mi_q4_shuffled(digits):
    _, X, y = digits
    y_shuffled = np.random.default_rng(0).permutation(y)
    mi_shuf = _plugin_mi(X[:, 36], y_shuffled)
    assert mi_shuf > 0
    check = Checker("mutual_information")
    kw = dict(x=X[:, 36], y_shuffled=y_shuffled, y=y)
    assert check("q4", mi_shuf, **kw) and check.strict("q4", mi_shuf, **kw)
    _assert_rejects(check("q4", 0.0, **kw), "true information is 0")
    _assert_rejects(check("q4", _plugin_mi(X[:, 36], y), **kw), "original labels")
    _assert_rejects(check("q4", mi_shuf, x=X[:, 36], y_shuffled=y, y=y), "shuffle")


# ------------------------------------------------------------------ practice: data processing


def test_dpi_q1_and_q2(digits):
    _, X, y = digits
    B = (X > 8).astype(int)
    mi_bin = _plugin_mi(B[:, 36], y)
    mi_full = _plugin_mi(X[:, 36], y)
    assert mi_bin <= mi_full
    check = Checker("data_processing")
    assert check("q1", mi_bin, x=X[:, 36], y=y) and check.strict("q1", mi_bin, x=X[:, 36], y=y)
    _assert_rejects(check("q1", mi_full, x=X[:, 36], y=y), "binarise")
    _assert_rejects(check("q1", _plugin_mi(X[:, 36] >= 8, y), x=X[:, 36], y=y), ">= 8")
    _assert_rejects(check("q1", mi_full + 0.1, x=X[:, 36], y=y), "cannot increase")

    lost = np.array([_plugin_mi(X[:, j], y) - _plugin_mi(B[:, j], y) for j in range(64)])
    assert np.all(lost >= -1e-12)
    assert check("q2", lost, X=X, y=y) and check.strict("q2", lost, X=X, y=y)
    _assert_rejects(check("q2", -lost, X=X, y=y), "wrong sign")
    kept = np.array([_plugin_mi(B[:, j], y) for j in range(64)])
    _assert_rejects(check("q2", kept, X=X, y=y), "kept")
    _assert_rejects(check("q2", lost[:8], X=X, y=y), "shape")


def test_dpi_q3_classifier(digits):
    _, X, y = digits
    rng = np.random.default_rng(1)
    y_pred = np.where(rng.random(y.size) < 0.8, y, rng.integers(0, 10, y.size))
    mi = _plugin_mi(y, y_pred)
    check = Checker("data_processing")
    assert check("q3", mi, y_test=y, y_pred=y_pred) and check.strict(
        "q3", mi, y_test=y, y_pred=y_pred
    )
    acc = float(np.mean(y == y_pred))
    _assert_rejects(check("q3", acc, y_test=y, y_pred=y_pred), "accuracy")
    h_y = float(sp_entropy(np.bincount(y), base=2))
    _assert_rejects(check("q3", h_y, y_test=y, y_pred=y_pred), "H(Y)")
    _assert_rejects(check("q3", mi * math.log(2), y_test=y, y_pred=y_pred), "nats")


# ------------------------------------------------------------------ practice: KL divergence


def _kl_bits(p, q):
    nz = p > 0
    return float(np.sum(p[nz] * np.log2(p[nz] / q[nz])))


def test_kl_q1_q2_q3(digits):
    images, _, y = digits
    centre = images[:, :, 3:5]
    ones = centre[y == 1]
    p1 = np.bincount(ones.ravel(), minlength=17) / ones.size
    q = np.bincount(centre.ravel(), minlength=17) / centre.size
    check = Checker("kl_divergence")
    kw = dict(ones=ones, all_images=centre)
    d = _kl_bits(p1, q)
    assert check("q1", d, **kw) and check.strict("q1", d, **kw)
    _assert_rejects(check("q1", _kl_bits(q, p1), **kw), "not symmetric")
    _assert_rejects(check("q1", d * math.log(2), **kw), "nats")
    _assert_rejects(check("q1", -d, **kw), "negative")

    h1 = float(sp_entropy(p1, base=2))
    assert check("q2", h1 + d, **kw) and check.strict("q2", h1 + d, **kw)
    _assert_rejects(check("q2", h1, **kw), "right code")
    _assert_rejects(check("q2", d, **kw), "add H(p_1)")

    few = ones[:1]
    counts = np.bincount(few.ravel(), minlength=17)
    q_small = (counts + 1) / (counts.sum() + 17)
    d_small = _kl_bits(p1, q_small)
    kw = dict(ones=ones, few_ones=few)
    assert check("q3", d_small, **kw) and check.strict("q3", d_small, **kw)
    _assert_rejects(check("q3", float("inf"), **kw), "Smooth")
    _assert_rejects(check("q3", _kl_bits(q_small, p1), **kw), "swapped")


# ------------------------------------------------------------------ practice: Fano


def test_fano_q1_q2_q3(digits):
    from scipy.optimize import brentq

    _, X, y = digits
    x = X[:, 36]
    h_cond = float(
        sp_entropy(np.unique(y * 17 + x, return_counts=True)[1], base=2)
        - sp_entropy(np.unique(x, return_counts=True)[1], base=2)
    )
    check = Checker("fano")
    assert check("q1", h_cond, x=x, y=y) and check.strict("q1", h_cond, x=x, y=y)
    h_y = float(sp_entropy(np.bincount(y), base=2))
    _assert_rejects(check("q1", h_y - h_cond, x=x, y=y), "I(X; Y)")
    _assert_rejects(check("q1", h_y + 0.1, x=x, y=y), "cannot increase")

    # Fano's floor by root finding on h(e) + e log2(K - 1) = H(Y|X), independently of itlab
    def fano(e):
        return -e * np.log2(e) - (1 - e) * np.log2(1 - e) + e * np.log2(9) - h_cond

    floor = brentq(fano, 1e-12, 0.9)
    assert check("q2", floor, x=x, y=y) and check.strict("q2", floor, x=x, y=y)
    _assert_rejects(check("q2", 100 * floor, x=x, y=y), "percentage")
    _assert_rejects(check("q2", (h_cond - 1) / np.log2(10), x=x, y=y), "weak form")
    _assert_rejects(check("q2", 1 - floor, x=x, y=y), "complement")

    table = np.zeros((10, 17))
    np.add.at(table, (y, x), 1)
    pe = 1 - table.max(axis=0).sum() / table.sum()
    assert check("q3", pe, x=x, y=y) and check.strict("q3", pe, x=x, y=y)
    _assert_rejects(check("q3", 1 - np.bincount(y).max() / y.size, x=x, y=y), "most frequent")
    _assert_rejects(check("q3", floor - 0.05, x=x, y=y), "floor")
    _assert_rejects(check("q3", 1 - pe, x=x, y=y), "complement")


# ------------------------------------------------------------------ practice: estimation


def test_estimation_checks():
    import warnings

    from sklearn.datasets import load_breast_cancer

    import itlab as it

    data = load_breast_cancer()
    X, y = data.data[:120], data.target[:120]
    errors = X[:, 10:20]
    check = Checker("estimation")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mi = it.mixed_mutual_information(X[:, 0], y)
        ksg = it.ksg_mutual_information(X[:, 0], y.astype(float))
        tests = [
            it.mi_permutation_test(errors[:, j], y, estimator="mixed", n_permutations=199, seed=0)
            for j in range(10)
        ]
    assert check("q1", mi, x=X[:, 0], y=y) and check.strict("q1", mi, x=X[:, 0], y=y)
    _assert_rejects(check("q1", ksg, x=X[:, 0], y=y), "mixed")
    _assert_rejects(check("q1", mi * math.log(2), x=X[:, 0], y=y), "nats")

    # the p-value, recounted here from the null distribution: (1 + #{null >= estimate}) / 200
    t9 = tests[9]
    p9 = (1 + np.sum(np.asarray(t9.null) >= t9.estimate)) / 200
    assert math.isclose(p9, t9.p_value)
    assert check("q2", p9, x=errors[:, 9], y=y) and check.strict("q2", p9, x=errors[:, 9], y=y)
    _assert_rejects(check("q2", t9.estimate, x=errors[:, 9], y=y), "estimate")
    _assert_rejects(check("q2", 0.001, x=errors[:, 9], y=y), "smallest")
    _assert_rejects(check("q2", 100 * p9, x=errors[:, 9], y=y), "percentage")

    p = np.array([t.p_value for t in tests])
    n = int(np.sum(p <= 0.005))
    kw = dict(X=errors, y=y, alpha=0.05)
    assert n < int(np.sum(p <= 0.05))
    assert check("q3", n, **kw) and check.strict("q3", n, **kw)
    _assert_rejects(check("q3", int(np.sum(p <= 0.05)), **kw), "correction")
    _assert_rejects(check("q3", 10 - n, **kw), "not significant")
    assert check("q3", float(n), **kw) and not check.strict("q3", float(n), **kw)


# ------------------------------------------------------------------ practice: channels


def _capacity_brute(W, iters=20000):
    """Blahut–Arimoto written out here (independent of itlab), in bits."""
    p = np.full(W.shape[0], 1 / W.shape[0])
    for _ in range(iters):
        q = p @ W
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(W > 0, W * np.log(W / q), 0).sum(axis=1)
        p = p * np.exp(d)
        p /= p.sum()
    return float(p @ d / np.log(2)), p


def test_channels_checks(digits):
    from sklearn.naive_bayes import GaussianNB

    _, X, y = digits
    y_test = y[1000:]
    y_pred = GaussianNB().fit(X[:1000], y[:1000]).predict(X[1000:])
    counts = np.zeros((10, 10))
    for a, b in zip(y_test, y_pred, strict=True):
        counts[a, b] += 1
    W = counts / counts.sum(axis=1, keepdims=True)
    kw = dict(y_test=y_test, y_pred=y_pred)
    check = Checker("channels")
    assert check("q1", W, **kw) and check.strict("q1", W, **kw)
    _assert_rejects(check("q1", counts, **kw), "counts")
    _assert_rejects(check("q1", counts / counts.sum(axis=0, keepdims=True), **kw), "columns")
    _assert_rejects(check("q1", counts / counts.sum(), **kw), "joint")

    cap, p = _capacity_brute(W)
    uniform = float(
        np.sum((W / 10)[W > 0] * np.log2(W[W > 0] / (W.mean(axis=0)[None, :].repeat(10, 0))[W > 0]))
    )
    assert uniform < cap - 1e-3
    assert check("q2", cap, **kw) and check.strict("q2", cap, **kw)
    _assert_rejects(check("q2", uniform, **kw), "uniform input")
    _assert_rejects(check("q2", math.log2(10), **kw), "perfect")
    _assert_rejects(check("q2", cap * math.log(2), **kw), "nats")

    assert check("q3", uniform, **kw) and check.strict("q3", uniform, **kw)
    _assert_rejects(check("q3", cap, **kw), "capacity")
    _assert_rejects(check("q3", cap + 0.1, **kw), "larger than the capacity")

    avoid = int(np.argmin(p))
    assert check("q4", avoid, **kw) and check.strict("q4", avoid, **kw)
    _assert_rejects(check("q4", int(np.argmax(p)), **kw), "most often")
    _assert_rejects(check("q4", 12, **kw), "0-9")


# ------------------------------------------------------------------ practice: rate-distortion


def test_rate_distortion_checks(digits):
    _, X, _ = digits
    pixels = X.ravel()
    ink = pixels > 8
    shown = np.where(ink, pixels[ink].mean(), pixels[~ink].mean())
    d = float(np.mean((pixels - shown) ** 2))
    check = Checker("rate_distortion")
    assert check("q1", d, pixels=pixels) and check.strict("q1", d, pixels=pixels)
    _assert_rejects(check("q1", math.sqrt(d), pixels=pixels), "root")
    naive = float(np.mean((pixels - np.where(ink, 16, 0)) ** 2))
    _assert_rejects(check("q1", naive, pixels=pixels), "16")

    rate = float(sp_entropy([ink.mean(), 1 - ink.mean()], base=2))
    assert check("q2", rate, pixels=pixels) and check.strict("q2", rate, pixels=pixels)
    _assert_rejects(check("q2", 1.0, pixels=pixels), "raw size")
    _assert_rejects(check("q2", rate * math.log(2), pixels=pixels), "nats")

    # R(D) by an independent parametric Blahut-Arimoto sweep written here: for slope s the
    # optimal test channel gives a point (D_s, R_s); interpolate R at the camera's D
    p = np.bincount(pixels, minlength=17) / pixels.size
    lv = np.arange(17.0)
    dist = (lv[:, None] - lv[None, :]) ** 2
    pts = []
    for s in np.geomspace(0.01, 3, 60):
        q = np.full(17, 1 / 17)
        for _ in range(3000):
            A = q[None, :] * np.exp(-s * dist)
            cond = A / A.sum(axis=1, keepdims=True)
            q = p @ cond
        D = float(np.sum(p[:, None] * cond * dist))
        ratio = np.where(cond > 0, cond / np.maximum(q[None, :], 1e-300), 1.0)
        R = float(np.sum(p[:, None] * cond * np.log2(ratio)))
        pts.append((D, R))
    Ds, Rs = np.array(sorted(pts)).T
    r_ref = float(np.interp(d, Ds, Rs))
    fb = check("q3", r_ref, pixels=pixels)
    assert fb, (fb, r_ref)
    assert r_ref < rate
    _assert_rejects(check("q3", rate, pixels=pixels), "camera's own rate")
    _assert_rejects(check("q3", rate + 0.1, pixels=pixels), "larger than")


# ------------------------------------------------------------------ practice: bottleneck


def test_bottleneck_checks(digits):
    _, X, y = digits
    x = X[:, 36]
    i_xy = _plugin_mi(x, y)
    check = Checker("bottleneck")
    assert check("q1", i_xy, x=x, y=y) and check.strict("q1", i_xy, x=x, y=y)
    _assert_rejects(check("q1", float(sp_entropy(np.bincount(y), base=2)), x=x, y=y), "H(Y)")
    _assert_rejects(check("q1", i_xy * math.log(2), x=x, y=y), "nats")

    kept = [_plugin_mi(x > t, y) for t in np.unique(x)[:-1]]
    assert check("q2", max(kept), x=x, y=y) and check.strict("q2", max(kept), x=x, y=y)
    _assert_rejects(check("q2", min(kept), x=x, y=y), "worst")
    _assert_rejects(check("q2", i_xy, x=x, y=y), "one-bit quantiser keeps less")

    # q3: the value of a 3-cluster hard grouping can be recomputed here from its encoder
    import itlab as it

    sol = it.information_bottleneck(it.joint_pmf(x, y), 50, n_clusters=3, seed=0)
    levels = np.unique(x)
    t = np.zeros((levels.size, 3))
    t[np.arange(levels.size), sol.encoder.argmax(axis=1)] = 1
    if np.allclose(sol.encoder, t, atol=1e-6):  # a hard solution: I(T;Y) from the groups
        groups = sol.encoder.argmax(axis=1)[np.searchsorted(levels, x)]
        assert math.isclose(_plugin_mi(groups, y), sol.i_ty, rel_tol=1e-6)
    assert max(kept) <= sol.i_ty <= i_xy
    assert check("q3", sol.i_ty, x=x, y=y) and check.strict("q3", sol.i_ty, x=x, y=y)
    _assert_rejects(check("q3", sol.i_xt, x=x, y=y), "I(X; T)")
    _assert_rejects(check("q3", max(kept), x=x, y=y), "threshold")
    _assert_rejects(check("q3", sol, x=x, y=y), "one field")


# ------------------------------------------------------------------ practice: neural estimation


def test_neural_estimation_checks():
    import torch

    import itlab as it

    torch.set_num_threads(1)
    rho, d = 0.9, 5
    true_mi = -d / 2 * math.log2(1 - rho**2)
    check = Checker("neural_estimation")
    kw = dict(rho=rho, d=d)
    assert check("q1", true_mi, **kw) and check.strict("q1", true_mi, **kw)
    _assert_rejects(check("q1", true_mi / d, **kw), "one pair")
    _assert_rejects(check("q1", 2 * true_mi, **kw), "1/2")
    _assert_rejects(check("q1", true_mi * math.log(2), **kw), "nats")

    s = it.correlated_gaussian(4000, dx=d, dy=d, rho=rho, seed=0)
    assert math.isclose(s.mi, true_mi, rel_tol=1e-12)
    est = it.neural_mutual_information(s.x, s.y, steps=300, batch_size=16, seed=0).estimate
    assert est <= 4.0  # the InfoNCE ceiling log2(16), a property of the bound
    kw2 = dict(x=s.x, y=s.y)
    assert check("q2", est, **kw2) and check.strict("q2", est, **kw2)
    _assert_rejects(check("q2", 4.0, **kw2), "ceiling")
    _assert_rejects(check("q2", 4.5, **kw2), "larger than")
    _assert_rejects(check("q2", est * math.log(2), **kw2), "nats")

    b = 2 ** math.ceil(true_mi)
    assert math.log2(b) >= true_mi > math.log2(b / 2)
    assert check("q3", b, **kw) and check.strict("q3", b, **kw)
    _assert_rejects(check("q3", b // 2, **kw), "still below")
    _assert_rejects(check("q3", math.ceil(true_mi), **kw), "log2")
    _assert_rejects(check("q3", 4 * b, **kw), "smaller power")


# ------------------------------------------------------------------ practice: Fisher


def test_fisher_checks(digits):
    import torch

    torch.set_num_threads(1)
    _, X, y = digits
    old = y < 5
    inputs = torch.tensor(X[old] / 16, dtype=torch.float32)
    targets = torch.tensor(y[old])
    torch.manual_seed(0)
    model = torch.nn.Linear(64, 10)
    opt = torch.optim.Adam(model.parameters(), lr=0.05)
    for _ in range(50):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(inputs), targets).backward()
        opt.step()
    # true Fisher diagonal by hand: sum_k p_k (d log p_k / d theta)^2, averaged over inputs;
    # for softmax regression d log p_k / dW_j = (1[j=k] - p_j) x, d / db_j = 1[j=k] - p_j
    with torch.no_grad():
        p = torch.softmax(model(inputs), dim=1).double().numpy()
    x = inputs.double().numpy()
    eye = np.eye(10)
    g = eye[None, :, :] - p[:, None, :]  # (n, k, j)
    gw = (g[:, :, :, None] * x[:, None, None, :]) ** 2  # (n, k, j, i)
    fw = np.einsum("nk,nkji->ji", p, gw) / x.shape[0]
    fb = np.einsum("nk,nkj->j", p, g**2) / x.shape[0]
    F = np.concatenate([fw.ravel(), fb])
    check = Checker("fisher")
    kw = dict(model=model, inputs=inputs, targets=targets)
    assert check("q1", F, **kw)
    _assert_rejects(check("q1", np.diag(F), **kw), "full")
    _assert_rejects(check("q1", -F, **kw), "negative")
    import itlab as it

    Fe = it.fisher_information(model, inputs, kind="empirical", targets=targets, diagonal=True)
    _assert_rejects(check("q1", Fe, **kw), "empirical")

    kw = dict(model=model, inputs=inputs)
    imp = F[:640].reshape(10, 64).sum(axis=0)
    assert check("q2", imp, **kw)
    _assert_rejects(check("q2", F[:640].reshape(64, 10).sum(axis=1), **kw), "(64, 10)")
    _assert_rejects(check("q2", F[:640].reshape(10, 64).sum(axis=1), **kw), "wrong axis")

    assert check("q3", int(np.argmax(imp)), **kw)
    _assert_rejects(check("q3", 0, **kw), "least important")
    _assert_rejects(check("q3", int(np.argsort(imp)[-5]), **kw), "more Fisher")


# ------------------------------------------------------------------ practice: information plane


def test_information_plane_checks(digits):
    _, X, y = digits
    rng = np.random.default_rng(0)
    # three "layers": random tanh projections of the images, narrower and narrower
    acts = []
    h = X / 16
    for width in (16, 4, 2):
        h = np.tanh(h @ rng.normal(size=(h.shape[1], width)))
        acts.append(h)

    def codes(a):
        b = np.clip(np.floor((a + 1) / 2 * 10), 0, 9).astype(int)
        return np.unique(b, axis=0, return_inverse=True)[1].ravel()

    i_xt = np.array([float(sp_entropy(np.bincount(codes(a)), base=2)) for a in acts])
    i_ty = np.array([_plugin_mi(codes(a), y) for a in acts])
    check = Checker("information_plane")
    kw = dict(acts=acts, y=y)
    assert check("q1", i_xt, **kw) and check.strict("q1", i_xt, **kw)
    _assert_rejects(check("q1", i_ty, **kw), "I(T; Y)")
    _assert_rejects(check("q1", i_xt[::-1], **kw), "reverse")
    _assert_rejects(check("q1", i_xt * math.log(2), **kw), "nats")
    assert check("q2", i_ty, **kw) and check.strict("q2", i_ty, **kw)
    _assert_rejects(check("q2", i_xt, **kw), "H(T)")
    _assert_rejects(check("q2", i_ty + 5, **kw), "above H(Y)")
    _assert_rejects(check("q2", i_ty * 0.5, **kw), "not right")
    best = int(np.argmin(i_xt))
    assert check("q3", best, **kw) and check.strict("q3", best, **kw)
    _assert_rejects(check("q3", int(np.argmax(i_xt)), **kw), "most")
    _assert_rejects(check("q3", 5, **kw), "0..2")
