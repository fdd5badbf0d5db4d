"""The compiled max-norm KD-tree searches against brute force and scikit-learn."""

import numpy as np
import pytest
from sklearn.neighbors import KDTree

from itlab._kdtree import MaxNormTree


def cheb(a, b):
    """All max-norm distances between the rows of a and b (brute force)."""
    return np.abs(a[:, None, :] - b[None, :, :]).max(axis=2)


def datasets():
    rng = np.random.default_rng(0)
    yield "gaussian 5-D", rng.standard_normal((700, 5))
    yield "correlated 10-D", rng.standard_normal((500, 10)) @ rng.standard_normal((10, 10))
    yield "grid with ties", rng.integers(0, 4, size=(400, 3)).astype(float)
    yield "copies", np.repeat(rng.standard_normal((60, 2)), 5, axis=0)
    yield "one dimension", rng.exponential(size=(300, 1))
    yield "scales 1e-9 to 1e9", rng.standard_normal((300, 3)) * [1e-9, 1.0, 1e9]


@pytest.mark.parametrize("leaf_size", [1, 3, 16, 64])
@pytest.mark.parametrize(("name", "pts"), list(datasets()))
def test_kth_distance_equals_brute_force(name, pts, leaf_size):
    tree = MaxNormTree(pts, leaf_size=leaf_size)
    d = np.sort(cheb(pts, pts), axis=1)
    for k in (1, 2, 4, 9):
        np.testing.assert_array_equal(tree.kth_distance(pts, k), d[:, k - 1], err_msg=name)
    # queries that are not tree points
    q = np.random.default_rng(1).standard_normal((50, pts.shape[1])) * pts.std(axis=0)
    dq = np.sort(cheb(q, pts), axis=1)
    np.testing.assert_array_equal(tree.kth_distance(q, 3), dq[:, 2], err_msg=name)


@pytest.mark.parametrize("leaf_size", [1, 3, 16, 64])
@pytest.mark.parametrize(("name", "pts"), list(datasets()))
def test_count_below_is_strict_and_exact(name, pts, leaf_size):
    """Counts of distances < r, with radii that are themselves distances (the strict
    boundary), zero, tiny and larger than every distance."""
    tree = MaxNormTree(pts, leaf_size=leaf_size)
    d = cheb(pts, pts)
    rng = np.random.default_rng(2)
    n = pts.shape[0]
    for r in (
        d[np.arange(n), rng.integers(0, n, n)],  # exactly at a neighbour's distance
        np.zeros(n),
        np.full(n, 5e-324),
        np.nextafter(d[np.arange(n), rng.integers(0, n, n)], np.inf),
        np.full(n, 2 * d.max() + 1),
    ):
        want = (d < r[:, None]).sum(axis=1)
        np.testing.assert_array_equal(tree.count_below(pts, r), want, err_msg=name)


def test_equal_to_scikit_learn_on_a_larger_sample():
    """At n = 6000 (brute force would be slow) the results equal scikit-learn's
    KDTree.query and query_radius(count_only=True) exactly."""
    rng = np.random.default_rng(3)
    pts = rng.standard_normal((6000, 6))
    sk = KDTree(pts, metric="chebyshev")
    tree = MaxNormTree(pts, leaf_size=16)
    eps = sk.query(pts, k=4)[0][:, 3]
    np.testing.assert_array_equal(tree.kth_distance(pts, 4), eps)
    # scikit-learn counts distance <= r; strictly below eps is <= the float below it
    want = sk.query_radius(pts, np.nextafter(eps, 0), count_only=True)
    np.testing.assert_array_equal(tree.count_below(pts, eps), want)


def test_bad_queries_name_the_argument():
    tree = MaxNormTree(np.random.default_rng(4).standard_normal((50, 3)))
    with pytest.raises(ValueError, match="queries"):
        tree.kth_distance(np.zeros((5, 2)), 1)
    with pytest.raises(ValueError, match="k must be between 1 and 50"):
        tree.kth_distance(np.zeros((5, 3)), 51)
    with pytest.raises(ValueError, match="radii"):
        tree.count_below(np.zeros((5, 3)), np.ones(4))


def test_single_point_tree():
    tree = MaxNormTree(np.array([[1.0, 2.0]]))
    np.testing.assert_array_equal(tree.kth_distance(np.array([[1.0, 5.0]]), 1), [3.0])
    np.testing.assert_array_equal(tree.count_below(np.array([[1.0, 5.0]]), [3.0]), [0])
    np.testing.assert_array_equal(tree.count_below(np.array([[1.0, 5.0]]), [3.5]), [1])
