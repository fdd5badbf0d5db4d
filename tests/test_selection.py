"""Tests of itlab.selection: greedy MI feature selection (mim, mrmr, jmi, cmim).

Reference values come from constructed data sets whose information quantities are known
exactly (a balanced design: every combination of the generating bits occurs equally often,
so plug-in estimates equal the population values), and from a brute-force greedy selection
written here with its own plug-in estimator (counting rows with ``np.unique``).
"""

import itertools
import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itlab as it
from itlab.selection import discretize

# ---------------------------------------------------------------- helpers


def plugin_entropy(*cols):
    """Plug-in joint entropy (bits) of discrete columns, by counting distinct rows."""
    rows = np.column_stack(cols)
    _, counts = np.unique(rows, axis=0, return_counts=True)
    p = counts / counts.sum()
    return float(-np.sum(p * np.log2(p)))


def mi(a, b):
    return plugin_entropy(a) + plugin_entropy(b) - plugin_entropy(a, b)


def brute_scores(X, y, selected, method):
    """Criterion of every column given the selected list, straight from the definitions."""
    d = X.shape[1]
    out = np.full(d, -np.inf)
    for k in range(d):
        if k in selected:
            continue
        rel = mi(X[:, k], y)
        if not selected or method == "mim":
            out[k] = rel
        elif method == "mrmr":
            out[k] = rel - np.mean([mi(X[:, k], X[:, j]) for j in selected])
        elif method == "jmi":
            out[k] = sum(
                mi(np.column_stack([X[:, k], X[:, j]]).dot([1000, 1]), y) for j in selected
            )
        else:  # cmim: I(Xk;Y|Xj) = H(Xk,Xj) + H(Y,Xj) - H(Xk,Xj,Y) - H(Xj)
            out[k] = min(
                plugin_entropy(X[:, k], X[:, j])
                + plugin_entropy(y, X[:, j])
                - plugin_entropy(X[:, k], X[:, j], y)
                - plugin_entropy(X[:, j])
                for j in selected
            )
    return out


def balanced_bits(n_bits, repeats):
    """All 2**n_bits combinations of fair bits, each repeated `repeats` times: (n, n_bits)."""
    grid = np.array(list(itertools.product([0, 1], repeat=n_bits)))
    return np.tile(grid, (repeats, 1))


METHODS = ["mim", "mrmr", "jmi", "cmim"]

# ---------------------------------------------------------------- constructed data sets


@pytest.fixture(scope="module")
def majority_data():
    """Columns: [noise, b1, copy of b1, b2, b3, noise]; y = majority(b1, b2, b3)."""
    bits = balanced_bits(5, 50)  # b1, b2, b3 and two noise bits, exactly balanced
    b1, b2, b3, n1, n2 = bits.T
    y = (b1 + b2 + b3 >= 2).astype(int)
    X = np.column_stack([n1, b1, b1.copy(), b2, b3, n2])
    return X, y


def test_majority_relevance_values(majority_data):
    # each bit agrees with the majority with probability 3/4: I = 1 - h(3/4)
    X, y = majority_data
    _, scores = it.select_features(X, y, 1, method="mim", return_scores=True)
    assert scores[0] == pytest.approx(1 - it.binary_entropy(0.75), abs=1e-12)


def test_majority_mim_takes_the_copy(majority_data):
    X, y = majority_data
    sel = it.select_features(X, y, 3, method="mim")
    assert sel.tolist() == [1, 2, 3]  # b1, its copy (tie -> lower index), then b2


@pytest.mark.parametrize("method", ["mrmr", "jmi", "cmim"])
def test_majority_redundancy_aware_take_three_bits(majority_data, method):
    X, y = majority_data
    sel = it.select_features(X, y, 3, method=method)
    assert sel.tolist() == [1, 3, 4]  # b1, b2, b3; never the copy


@pytest.mark.parametrize("method", ["mrmr", "jmi", "cmim"])
def test_majority_random_sample(method):
    # an ordinary random sample: the three distinct bits still come first
    rng = np.random.default_rng(3)
    b = rng.integers(0, 2, size=(4000, 3))
    y = (b.sum(1) >= 2).astype(int)
    noise = rng.integers(0, 2, size=(4000, 3))
    X = np.column_stack([noise[:, 0], b[:, 0], b[:, 0], b[:, 1], noise[:, 1], b[:, 2], noise[:, 2]])
    assert sorted(it.select_features(X, y, 3, method=method).tolist()) == [1, 3, 5]


def test_xor_pair_criteria_succeed_relevance_fails():
    bits = balanced_bits(4, 100)
    a, n1, n2, b = bits.T
    y = a ^ b
    X = np.column_stack([a, n1, n2, b])  # every column alone has zero relevance
    assert it.select_features(X, y, 2, method="jmi").tolist() == [0, 3]
    assert it.select_features(X, y, 2, method="cmim").tolist() == [0, 3]
    assert it.select_features(X, y, 2, method="mim").tolist() == [0, 1]
    assert it.select_features(X, y, 2, method="mrmr").tolist() == [0, 1]
    _, s = it.select_features(X, y, 2, method="jmi", return_scores=True)
    assert s.tolist() == pytest.approx([0.0, 1.0], abs=1e-12)  # I(a;y) = 0, I(a,b;y) = 1 bit


def test_scores_in_nats():
    bits = balanced_bits(4, 10)
    y = bits[:, 0] ^ bits[:, 3]
    _, s2 = it.select_features(bits, y, 2, method="cmim", return_scores=True)
    _, se = it.select_features(bits, y, 2, method="cmim", return_scores=True, base=math.e)
    assert se == pytest.approx(s2 * math.log(2))


# ---------------------------------------------------------------- against brute force


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(20, 120),
    d=st.integers(2, 6),
    method=st.sampled_from(METHODS),
)
def test_matches_brute_force_greedy(seed, n, d, method):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, size=(n, d))
    y = (X[:, 0] + rng.integers(0, 2, size=n)) % 3
    k = min(d, 3)
    sel = it.select_features(X, y, k, method=method).tolist()
    assert len(set(sel)) == k
    for step in range(k):
        ref = brute_scores(X, y, sel[:step], method)
        best = ref.max()
        tied = np.flatnonzero(ref >= best - 1e-9)
        assert sel[step] == tied[0] or abs(ref[sel[step]] - best) < 1e-9
        assert sel[step] in tied.tolist()


def test_unique_counting_path_agrees(monkeypatch):
    # many distinct values: the np.unique counting path must give the same selection
    rng = np.random.default_rng(1)
    X = rng.integers(0, 40, size=(300, 8))
    y = (X[:, 2] > 20).astype(int) ^ (X[:, 5] > 25)
    expected = {m: it.select_features(X, y, 4, method=m).tolist() for m in METHODS}
    monkeypatch.setattr("itlab.selection._MAX_CELLS", 0)
    for m in METHODS:
        assert it.select_features(X, y, 4, method=m).tolist() == expected[m]


def test_continuous_uses_quantile_bins():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(2000, 4))
    y = (z[:, 2] > 0).astype(int)
    sel = it.select_features(z, y, 1, discrete=False)
    assert sel.tolist() == [2]
    codes = discretize(z, bins=4)
    assert codes.min() == 0 and codes.max() == 3
    assert np.all(np.abs(np.bincount(codes[:, 0]) - 500) <= 1)  # equal frequency


def test_digits_speed():
    from sklearn.datasets import load_digits

    X, y = load_digits(return_X_y=True)
    t0 = time.perf_counter()
    sel = it.select_features(X, y, 10, method="jmi")
    elapsed = time.perf_counter() - t0
    assert len(set(sel.tolist())) == 10
    assert elapsed < 5.0


def test_returns_int_array():
    X = np.eye(4, dtype=int)
    sel = it.select_features(X, [0, 1, 2, 3], 2)
    assert isinstance(sel, np.ndarray) and sel.dtype.kind == "i"


# ---------------------------------------------------------------- bad input


def test_bad_input():
    X = np.zeros((10, 3), dtype=int)
    y = np.arange(10) % 2
    with pytest.raises(ValueError, match="y"):
        it.select_features(X, y[:9], 2)
    with pytest.raises(ValueError, match="n_features"):
        it.select_features(X, y, 4)
    with pytest.raises(ValueError, match="n_features"):
        it.select_features(X, y, 0)
    with pytest.raises(TypeError, match="n_features"):
        it.select_features(X, y, 2.5)
    with pytest.raises(ValueError, match="method"):
        it.select_features(X, y, 2, method="relief")
    with pytest.raises(ValueError, match="X"):
        it.select_features(np.zeros((2, 3, 4)), y, 2)
    with pytest.raises(ValueError, match="X"):
        it.select_features(np.full((10, 3), np.nan), y, 2, discrete=False)
    with pytest.raises(ValueError, match="base"):
        it.select_features(X, y, 2, base=-1)
    with pytest.raises(TypeError, match="discrete"):
        it.select_features(X, y, 2, discrete="yes")
    with pytest.raises(ValueError, match="bins"):
        it.select_features(X, y, 2, discrete=False, bins=0)
