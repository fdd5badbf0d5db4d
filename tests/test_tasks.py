"""Tests of itlab.tasks: the 12-bit task reproduces the original data file's labels."""

import hashlib
import math

import numpy as np

import itlab as it

# Facts of the original data file (ravidziv/IDNNs data/var_u.mat), from
# shared/data/README.md: the file itself is not shipped and not read here.
SHA256_OF_LABELS = "77732f16f85e91b49d3997196b56163b3bd362d8cf631468a8de3f986e88359f"
ONES_BY_K = {5: 60, 6: 532, 7: 732}  # labels equal to 1 among patterns with k ones


def test_labels_are_those_of_the_original_file():
    _, y = it.twelve_bit_task()
    assert hashlib.sha256(y.astype(np.uint8).tobytes()).hexdigest() == SHA256_OF_LABELS


def test_rows_are_binary_digits_msb_first():
    x, _ = it.twelve_bit_task()
    assert x.shape == (4096, 12) and x.dtype == np.float32
    values = (x.astype(np.int64) * (2 ** np.arange(11, -1, -1))).sum(axis=1)
    np.testing.assert_array_equal(values, np.arange(4096))


def test_count_table_per_number_of_ones():
    x, y = it.twelve_bit_task()
    k = x.sum(axis=1).astype(int)
    assert int(y.sum()) == 2118
    for ones in range(13):
        n_k = int((k == ones).sum())
        assert n_k == math.comb(12, ones)
        positives = int(y[k == ones].sum())
        if ones <= 4:
            assert positives == 0
        elif ones >= 8:
            assert positives == n_k
        else:
            assert positives == ONES_BY_K[ones]


def test_icosahedron_geometry():
    nb, other, anti = it.icosahedron_pairs()
    for m in (nb, other, anti):
        np.testing.assert_array_equal(m, m.T)
        assert np.all(np.diag(m) == 0)
    np.testing.assert_array_equal(
        nb + other + anti + np.eye(12, dtype=int), np.ones((12, 12), dtype=int)
    )
    assert np.all(nb.sum(axis=1) == 5) and np.all(anti.sum(axis=1) == 1)
    # an icosahedron: every edge lies on exactly two triangles (two common neighbours)
    common = nb @ nb
    assert np.all(common[nb == 1] == 2)
    # the antipode of i is the one vertex sharing no neighbour with i
    assert np.all(common[anti == 1] == 0)


def test_label_is_invariant_under_the_symmetries_of_the_icosahedron():
    # a symmetry: a permutation that maps the neighbour graph onto itself. Build the
    # 5-fold rotation about vertex 0 from the graph, without the rule's weights.
    x, y = it.twelve_bit_task()
    nb, _, anti = it.icosahedron_pairs()
    ring = list(np.flatnonzero(nb[0]))
    cycle = [ring[0]]
    while len(cycle) < 5:  # walk round the pentagon of 0's neighbours
        nxt = [j for j in ring if nb[cycle[-1], j] and j not in cycle]
        cycle.append(nxt[0])
    perm = np.arange(12)
    for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
        perm[a] = b
    opp = np.flatnonzero(anti[cycle[0]])[0]
    for a in cycle:  # the lower pentagon follows its antipodes
        perm[np.flatnonzero(anti[a])[0]] = np.flatnonzero(anti[perm[a]])[0]
    perm[np.flatnonzero(anti[0])[0]] = np.flatnonzero(anti[0])[0]
    assert opp in perm
    np.testing.assert_array_equal(nb[np.ix_(perm, perm)], nb)  # perm is a symmetry
    moved = np.zeros_like(x)
    moved[:, perm] = x
    idx = (moved.astype(np.int64) * (2 ** np.arange(11, -1, -1))).sum(axis=1)
    np.testing.assert_array_equal(y[idx], y)
