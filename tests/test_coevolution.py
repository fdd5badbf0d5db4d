"""Tests of itlab.coevolution against independent computations written here."""

import itertools
import math

import numpy as np
import pytest

from itlab import coevolution as co


def _pairwise_mi_loop(a, i, j):
    """Plug-in MI (bits) of two columns, by counting with a dictionary."""
    n = a.shape[0]
    counts, ci, cj = {}, {}, {}
    for u, v in zip(a[:, i], a[:, j], strict=True):
        counts[(u, v)] = counts.get((u, v), 0) + 1
        ci[u] = ci.get(u, 0) + 1
        cj[v] = cj.get(v, 0) + 1
    return sum(c / n * math.log2(c * n / (ci[u] * cj[v])) for (u, v), c in counts.items())


def test_mi_matrix_equals_pairwise_plugin():
    a = np.random.default_rng(0).integers(0, 3, size=(40, 5))
    a[:, 4] = (a[:, 0] + a[:, 1]) % 3
    mi = co.mi_matrix(a)
    ref = np.array(
        [[0.0 if i == j else _pairwise_mi_loop(a, i, j) for j in range(5)] for i in range(5)]
    )
    np.testing.assert_allclose(mi, ref, atol=1e-12)
    assert np.array_equal(mi, mi.T) and np.all(np.diag(mi) == 0)


def test_mi_matrix_strings_match_integer_codes():
    seqs = ["ACD-", "ACE-", "WCDY", "WCEY"]
    ints = [[co.AMINO_ACIDS.index(ch) for ch in s] for s in seqs]
    np.testing.assert_allclose(co.mi_matrix(seqs), co.mi_matrix(np.array(ints)))
    # columns 0 and 3 determine each other: 1 bit
    assert co.mi_matrix(seqs)[0, 3] == pytest.approx(1.0)


def test_mi_matrix_reweighting_equals_deduplication():
    base = np.random.default_rng(1).integers(0, 4, size=(30, 6))
    # exact copies are neighbours for any theta > 0; distinct sequences are not for tiny theta
    dup = np.concatenate([base, base[:10], base[:10]])
    # theta tiny: only identical sequences are neighbours
    mi_w = co.mi_matrix(dup, theta=1e-9)
    assert len(np.unique(base, axis=0)) == len(base)
    np.testing.assert_allclose(mi_w, co.mi_matrix(base), atol=1e-12)


def test_pseudocount_formula():
    a = np.array([[0, 0], [1, 1]])
    lam = 0.5
    # f_i = (1-lam)*(1/2,1/2)+lam/2 = uniform; f_ij = 0.5*diag(1/2) + 1/8
    fij = 0.5 * np.eye(2) / 2 + lam / 4
    ref = sum(fij[u, v] * math.log2(fij[u, v] / 0.25) for u in range(2) for v in range(2))
    assert co.mi_matrix(a, pseudocount=lam)[0, 1] == pytest.approx(ref)


def test_apc_formula():
    m = np.array([[9.0, 1, 2, 3], [1, 9, 4, 5], [2, 4, 9, 6], [3, 5, 6, 9]])
    length = 4
    off = ~np.eye(length, dtype=bool)
    row = np.array([m[a][off[a]].mean() for a in range(length)])
    tot = m[off].mean()
    expected = np.zeros((length, length))
    for a_ in range(length):
        for b in range(length):
            if a_ != b:
                expected[a_, b] = m[a_, b] - row[a_] * row[b] / tot
    np.testing.assert_allclose(co.apc(m), expected)


def test_sequence_weights_by_hand():
    seqs = ["AAAAA", "AAAAC", "CCCCC", "CCCCC"]
    # theta=0.3: neighbours differ at < 1.5 positions
    np.testing.assert_allclose(co.sequence_weights(seqs, 0.3), [0.5, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(co.sequence_weights(seqs, 0.1), [1, 1, 0.5, 0.5])


def _exact_marginals(h, J):
    length, q = h.shape
    states = np.array(list(itertools.product(range(q), repeat=length)))
    e = h[np.arange(length), states].sum(axis=1)
    for i in range(length):
        for j in range(i + 1, length):
            e = e + J[i, states[:, i], j, states[:, j]]
    p = np.exp(e - e.max())
    p /= p.sum()
    single = np.array([[p[states[:, i] == a].sum() for a in range(q)] for i in range(length)])
    pair01 = np.array(
        [[p[(states[:, 0] == a) & (states[:, 2] == b)].sum() for b in range(q)] for a in range(q)]
    )
    return single, pair01


def test_gibbs_sampler_matches_exact_enumeration():
    contacts = np.ones((3, 3), bool)
    h, J = co.random_potts(contacts, 3, coupling=1.0, field=0.8, seed=3)
    single, pair = _exact_marginals(h, J)
    n = 20000
    a = co.sample_potts(h, J, n, n_sweeps=30, seed=4)
    emp_single = np.array([[np.mean(a[:, i] == s) for s in range(3)] for i in range(3)])
    emp_pair = np.array(
        [[np.mean((a[:, 0] == u) & (a[:, 2] == v)) for v in range(3)] for u in range(3)]
    )
    # 5 binomial standard errors
    assert np.all(np.abs(emp_single - single) < 5 * np.sqrt(single * (1 - single) / n) + 1e-3)
    assert np.all(np.abs(emp_pair - pair) < 5 * np.sqrt(pair * (1 - pair) / n) + 1e-3)


def test_random_potts_symmetry_and_support():
    c = co.serpentine_contacts(3, 4)
    h, J = co.random_potts(c, 4, seed=0)
    np.testing.assert_allclose(J, J.transpose(2, 3, 0, 1))
    block_norm = np.abs(J).sum(axis=(1, 3))
    assert np.array_equal(block_norm > 0, c)


@pytest.fixture(scope="module")
def potts_msa():
    c = co.serpentine_contacts(6, 8)
    h, J = co.random_potts(c, 5, coupling=1.0, field=2.0, seed=0)
    h = h * np.random.default_rng(5).uniform(0, 1.5, size=(48, 1))
    return c, co.sample_potts(h, J, 400, n_sweeps=40, seed=1)


def test_apc_beats_raw_mi_and_dca_beats_apc(potts_msa):
    c, a = potts_msa
    mi = co.mi_matrix(a)
    p_mi = co.contact_precision(mi, c, top=24)
    p_apc = co.contact_precision(co.apc(mi), c, top=24)
    p_dca = co.contact_precision(co.mean_field_dca(a, theta=None), c, top=24)
    assert p_apc > p_mi
    assert p_dca >= p_apc
    assert p_dca >= 0.9


def test_plm_dca_recovers_contacts(potts_msa):
    c, a = potts_msa
    assert co.contact_precision(co.plm_dca(a[:300, :24], theta=None), c[:24, :24], top=8) >= 0.75


def test_mean_field_couplings_are_minus_inverse_covariance():
    a = np.random.default_rng(2).integers(0, 2, size=(500, 4))
    a[:, 1] = np.where(np.random.default_rng(3).random(500) < 0.8, a[:, 0], a[:, 1])
    _, j4 = co.mean_field_dca(a, pseudocount=0.1, theta=None, return_couplings=True)
    # q = 2: one indicator per column; covariance of the "state 0" indicators
    lam = 0.1
    x = (a == 0).astype(float)
    f = (1 - lam) * x.mean(0) + lam / 2
    fij = (1 - lam) * (x.T @ x) / 500 + lam / 4
    np.fill_diagonal(fij, f)
    e = -np.linalg.inv(fij - np.outer(f, f))
    # zero-sum gauge of [[e, 0], [0, 0]] is e/4 * [[1, -1], [-1, 1]]
    np.testing.assert_allclose(j4[0, 0, 1, 0], e[0, 1] / 4, rtol=1e-10)


def test_contact_precision_by_hand():
    c = np.zeros((10, 10), bool)
    c[0, 9] = c[9, 0] = c[1, 8] = c[8, 1] = True
    s = np.zeros((10, 10))
    s[0, 9] = s[9, 0] = 3
    s[2, 9] = s[9, 2] = 2
    s[1, 8] = s[8, 1] = 1
    assert co.contact_precision(s, c, top=3) == pytest.approx(2 / 3)
    assert co.contact_precision(s, c, top=1) == 1.0


@pytest.mark.parametrize(
    "msa, word",
    [(["ACD", "AC"], "ragged"), (["ACX", "ACD"], "not amino"), (np.array([[0, -1]]), "negative")],
)
def test_bad_alignments(msa, word):
    with pytest.raises(ValueError, match="msa") as err:
        co.mi_matrix(msa)
    assert word in str(err.value)


def test_bad_arguments():
    a = np.zeros((4, 4), int)
    with pytest.raises(ValueError, match="pseudocount"):
        co.mi_matrix(a, pseudocount=1.0)
    with pytest.raises(ValueError, match="theta"):
        co.mi_matrix(a, theta=2)
    with pytest.raises(ValueError, match="mi"):
        co.apc(np.zeros((3, 4)))
    with pytest.raises(TypeError, match="msa"):
        co.mi_matrix(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="top"):
        co.contact_precision(np.zeros((6, 6)), np.zeros((6, 6), bool), top=5)
