"""Tests of itlab.fairness: demographic parity and equalized odds as plug-in information.

References: exactly fair samples (information exactly 0), a known joint pmf realised exactly
by a sample (the plug-in value equals the closed form written out here), fairlearn's
difference metrics (zero information <=> zero difference), and bad input.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itlab as it


def sample_from_counts(counts):
    """Columns (one per axis) of a sample realising an integer count table exactly."""
    idx = np.repeat(np.arange(counts.size), counts.ravel())
    return np.unravel_index(idx, counts.shape)


def mi_closed_form(p):
    """sum p log2 p/(px py), written out."""
    px, py = p.sum(1, keepdims=True), p.sum(0, keepdims=True)
    nz = p > 0
    return float(np.sum(p[nz] * np.log2(p[nz] / (px * py)[nz])))


def test_parity_exact_zero():
    # 30% positive predictions in both groups of different sizes
    counts = np.array([[70, 140], [30, 60]])  # [y_pred, group]
    yp, a = sample_from_counts(counts)
    assert it.demographic_parity_information(yp, a) == 0.0


def test_known_joint():
    counts = np.array([[40, 10, 25], [10, 40, 75]])  # [y_pred, group]
    yp, a = sample_from_counts(counts)
    p = counts / counts.sum()
    assert it.demographic_parity_information(yp, a) == pytest.approx(mi_closed_form(p), rel=1e-12)
    assert it.demographic_parity_information(yp, a, base=math.e) == pytest.approx(
        mi_closed_form(p) * math.log(2), rel=1e-12
    )
    # the same joint, labels as strings in shuffled order
    rng = np.random.default_rng(0)
    perm = rng.permutation(yp.size)
    names = np.array(["g1", "g2", "g3"])
    assert it.demographic_parity_information(yp[perm], names[a[perm]]) == pytest.approx(
        mi_closed_form(p)
    )


def test_equalized_odds_known_joint():
    # counts[y_pred, group, y_true]; written out: I = sum_y p(y) I(Yhat; A | Y = y)
    counts = np.array([[[30, 5], [20, 10]], [[10, 35], [20, 30]]])
    yp, a, yt = sample_from_counts(counts)
    n = counts.sum()
    expected = sum(
        counts[:, :, y].sum() / n * mi_closed_form(counts[:, :, y] / counts[:, :, y].sum())
        for y in range(2)
    )
    assert it.equalized_odds_information(yp, yt, a) == pytest.approx(expected, rel=1e-12)


def test_equalized_odds_zero_while_parity_not():
    # equal TPR (0.8) and FPR (0.1) in both groups, but different base rates
    counts = np.zeros((2, 2, 2), dtype=int)  # [y_pred, group, y_true]
    counts[:, 0, 1] = [20, 80]  # group 0, 100 positives
    counts[:, 0, 0] = [90, 10]  # group 0, 100 negatives
    counts[:, 1, 1] = [6, 24]  # group 1, 30 positives
    counts[:, 1, 0] = [153, 17]  # group 1, 170 negatives
    yp, a, yt = sample_from_counts(counts)
    assert it.equalized_odds_information(yp, yt, a) == 0.0
    assert it.demographic_parity_information(yp, a) > 0.01


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(4, 300))
def test_zero_iff_fairlearn_difference_zero(seed, n):
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    rng = np.random.default_rng(seed)
    a = rng.integers(0, 2, n)
    a[:2] = [0, 1]
    yt = rng.integers(0, 2, n)
    yt[:4] = [0, 1, 0, 1]
    a[:4] = [0, 0, 1, 1]
    yp = rng.integers(0, 2, n)
    dp_info = it.demographic_parity_information(yp, a)
    dp_diff = demographic_parity_difference(yt, yp, sensitive_features=a)
    assert (dp_info == 0.0) == (dp_diff == 0.0)
    assert dp_info >= 0
    eo_info = it.equalized_odds_information(yp, yt, a)
    eo_diff = equalized_odds_difference(yt, yp, sensitive_features=a)
    assert (eo_info == 0.0) == (eo_diff == 0.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_pinsker_bound_on_parity_difference(seed):
    # |P(Yhat=1|a) - P(Yhat=1)| <= sqrt(I_nats / (2 p(a))) for every group a
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 3, 500)
    yp = (rng.random(500) < 0.2 + 0.2 * a).astype(int)
    info = it.demographic_parity_information(yp, a, base=math.e)
    for g in range(3):
        pa = np.mean(a == g)
        gap = abs(yp[a == g].mean() - yp.mean())
        assert gap <= math.sqrt(info / (2 * pa)) + 1e-12


def test_bad_input():
    with pytest.raises(ValueError, match="sensitive"):
        it.demographic_parity_information([0, 1, 1], [1, 1, 1])
    with pytest.raises(ValueError, match="sensitive"):
        it.equalized_odds_information([0, 1, 1], [0, 1, 0], ["a", "a", "a"])
    with pytest.raises(ValueError, match="sensitive"):
        it.demographic_parity_information([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="y_true"):
        it.equalized_odds_information([0, 1, 1], [0, 1], [0, 1, 0])
    with pytest.raises(ValueError, match="y_pred"):
        it.demographic_parity_information(np.zeros((2, 2)), [0, 1])
    with pytest.raises(ValueError, match="y_pred"):
        it.demographic_parity_information([], [])
    with pytest.raises(ValueError, match="base"):
        it.demographic_parity_information([0, 1], [0, 1], base=0)


# -------------------------------------------------- the synthetic population and the trainer


def test_population_matches_feature_model():
    from itlab.fairness import population_feature_model, synthetic_population

    X, y, a = synthetic_population(200_000, seed=3)
    means, cov, priors = population_feature_model()
    assert abs(a.mean() - priors[1]) < 0.005
    for g in (0, 1):
        xs = X[a == g]
        assert np.allclose(xs.mean(0), means[g], atol=0.02)
        assert np.allclose(np.cov(xs.T), cov, atol=0.03)
    # the label: P(Y = 1 | A = 0) = P(U + 0.5 e > 0) = 1/2
    assert abs(y[a == 0].mean() - 0.5) < 0.01


def test_population_deterministic_and_validated():
    from itlab.fairness import synthetic_population

    a1 = synthetic_population(100, seed=5)
    a2 = synthetic_population(100, seed=5)
    assert all(np.array_equal(u, v) for u, v in zip(a1, a2, strict=True))
    with pytest.raises(ValueError, match="n"):
        synthetic_population(0)
    with pytest.raises(ValueError, match="minority"):
        synthetic_population(10, minority=1.5)


def test_fair_representation_penalty_reduces_parity_gap():
    from itlab.fairness import synthetic_population, train_fair_representation

    X, y, a = synthetic_population(3000, seed=11)
    Xt, yt, at = synthetic_population(20_000, seed=12)
    plain = train_fair_representation(X, y, a, penalty=0.0, steps=150, seed=0)
    fair = train_fair_representation(X, y, a, penalty=16.0, steps=150, adversary_steps=3, seed=0)
    assert np.mean(plain.predict(Xt) == yt) > 0.78
    assert it.demographic_parity_information(
        fair.predict(Xt), at
    ) < 0.5 * it.demographic_parity_information(plain.predict(Xt), at)
    assert plain.encode(Xt[:5]).shape == (5, 4)
    with pytest.raises(ValueError, match="sensitive"):
        train_fair_representation(X, y, np.zeros(len(y)), steps=2)
    with pytest.raises(ValueError, match="penalty"):
        train_fair_representation(X, y, a, penalty=-1.0, steps=2)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    block=st.integers(2, 40),
    reps=st.tuples(st.integers(1, 4), st.integers(1, 4)),
    flip=st.booleans(),
)
def test_zero_iff_on_constructed_fair_samples(seed, block, reps, flip):
    # Each group gets copies of the same (label, prediction) block, so parity and equalized
    # odds hold exactly; flipping one prediction may break them. Information and fairlearn's
    # difference must then be zero together (the random test above rarely reaches zero).
    from fairlearn.metrics import demographic_parity_difference, equalized_odds_difference

    rng = np.random.default_rng(seed)
    yt_b = rng.integers(0, 2, block)
    yt_b[:2] = [0, 1]
    yp_b = rng.integers(0, 2, block)
    yt = np.concatenate([np.tile(yt_b, reps[0]), np.tile(yt_b, reps[1])])
    yp = np.concatenate([np.tile(yp_b, reps[0]), np.tile(yp_b, reps[1])])
    a = np.repeat([0, 1], [block * reps[0], block * reps[1]])
    if flip:
        yp[-1] = 1 - yp[-1]
    perm = rng.permutation(len(a))
    yt, yp, a = yt[perm], yp[perm], a[perm]
    dp_info = it.demographic_parity_information(yp, a)
    dp_diff = demographic_parity_difference(yt, yp, sensitive_features=a)
    eo_info = it.equalized_odds_information(yp, yt, a)
    eo_diff = equalized_odds_difference(yt, yp, sensitive_features=a)
    if not flip:
        assert dp_info == 0.0 and dp_diff == 0.0 and eo_info == 0.0 and eo_diff == 0.0
    assert (dp_info == 0.0) == (dp_diff == 0.0)
    assert (eo_info == 0.0) == (eo_diff == 0.0)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), p1=st.floats(0.05, 0.95), r0=st.floats(0.02, 0.98))
def test_two_sided_parity_bound(seed, p1, r0):
    # 2 p0 p1 d^2 <= I(Yhat; A) <= p0 p1 d^2 / (r (1 - r)) in nats (the chapter's theorem),
    # with every quantity taken from the sample itself
    rng = np.random.default_rng(seed)
    a = (rng.random(2000) < p1).astype(int)
    a[:2] = [0, 1]
    yp = (rng.random(2000) < np.where(a == 1, 1 - r0, r0)).astype(int)
    yp[:4] = [0, 1, 0, 1]
    a[:4] = [0, 0, 1, 1]
    info = it.demographic_parity_information(yp, a, base=math.e)
    q1, r = a.mean(), yp.mean()
    d = abs(yp[a == 1].mean() - yp[a == 0].mean())
    assert 2 * q1 * (1 - q1) * d**2 <= info + 1e-12
    assert info <= q1 * (1 - q1) * d**2 / (r * (1 - r)) + 1e-12
