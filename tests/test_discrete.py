"""Tests of itlab.discrete: closed forms, identities as properties, SciPy agreement, bad input."""

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import itlab as it

# ---------------------------------------------------------------- strategies


def pmf_strategy(shape_strategy):
    """Random pmfs with some exact zeros, for any shape drawn from ``shape_strategy``."""

    @st.composite
    def build(draw):
        shape = draw(shape_strategy)
        w = draw(arrays(np.float64, shape, elements=st.floats(0.0, 1.0, allow_subnormal=False)))
        mask = draw(arrays(np.bool_, shape))
        w = np.where(mask | (w < 1e-100), 0.0, w)  # tiny values: see test_tiny_probabilities
        if w.sum() <= 1e-9:
            w = np.zeros(shape)
            w.flat[0] = 1.0
        return w / w.sum()

    return build()


dims = st.integers(1, 6)
pmf1 = pmf_strategy(st.tuples(st.integers(1, 12)))
pmf2 = pmf_strategy(st.tuples(dims, dims))
pmf3 = pmf_strategy(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)))


@st.composite
def channel(draw, n_in, n_out):
    """A random row-stochastic matrix W[x, y] = p(y|x)."""
    w = draw(arrays(np.float64, (n_in, n_out), elements=st.floats(0.0, 1.0)))
    w = w + 1e-3 * draw(st.booleans())  # sometimes with exact zeros, sometimes without
    rows = w.sum(axis=1, keepdims=True)
    w = np.where(rows > 0, w, 1.0)
    return w / w.sum(axis=1, keepdims=True)


def h(p):
    """Independent entropy in bits, written out for the tests."""
    p = np.asarray(p, float).ravel()
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


TOL = 1e-10

# ---------------------------------------------------------------- closed forms


def test_import_contract():
    assert it.entropy([0.5, 0.5]) == 1.0
    assert type(it.entropy([0.5, 0.5])) is float


@pytest.mark.parametrize("n", [1, 2, 3, 8, 1000])
def test_uniform_entropy_is_log_n(n):
    assert it.entropy(np.full(n, 1.0 / n)) == pytest.approx(math.log2(n), abs=1e-12)
    assert it.entropy(np.full(n, 1.0 / n), base=math.e) == pytest.approx(math.log(n), abs=1e-12)
    assert it.entropy(np.full(n, 1.0 / n), base=10) == pytest.approx(math.log10(n), abs=1e-12)


def test_point_mass_and_zero_terms():
    assert it.entropy([1.0, 0.0, 0.0]) == 0.0
    assert it.entropy([0.5, 0.0, 0.5]) == 1.0


def test_entropy_of_joint_pmf_any_shape():
    p = np.full((2, 2, 2), 1 / 8)
    assert it.entropy(p) == pytest.approx(3.0)


@pytest.mark.parametrize("p", [0.0, 0.1, 0.11, 0.25, 0.5, 0.9, 1.0])
def test_binary_entropy_closed_form(p):
    expected = 0.0 if p in (0.0, 1.0) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)
    assert it.binary_entropy(p) == pytest.approx(expected, abs=1e-12)
    assert type(it.binary_entropy(p)) is float
    assert it.binary_entropy(p) == pytest.approx(it.entropy([p, 1 - p]), abs=1e-12)


def test_binary_entropy_array_and_base():
    out = it.binary_entropy(np.array([[0.5, 0.25], [0.0, 1.0]]), base=math.e)
    assert isinstance(out, np.ndarray) and out.shape == (2, 2)
    assert out[0, 0] == pytest.approx(math.log(2))


@pytest.mark.parametrize("eps", [0.0, 0.01, 0.1, 0.3, 0.5])
def test_binary_symmetric_channel_mi(eps):
    # uniform input through a BSC: I = 1 - h(eps)
    pxy = 0.5 * np.array([[1 - eps, eps], [eps, 1 - eps]])
    assert it.mutual_information(pxy) == pytest.approx(1 - it.binary_entropy(eps), abs=1e-12)


def test_perfect_dependence_and_independence():
    px = np.array([0.2, 0.3, 0.5])
    assert it.mutual_information(np.diag(px)) == pytest.approx(h(px))
    assert it.conditional_entropy(np.diag(px)) == 0.0
    py = np.array([0.6, 0.4])
    assert it.mutual_information(np.outer(px, py)) == pytest.approx(0.0, abs=1e-14)
    assert it.conditional_entropy(np.outer(px, py)) == pytest.approx(h(px))


def xor_pmf(noise=0.0):
    """p(t1, t2, y): two fair bits and Y = T1 xor T2 flipped with probability ``noise``."""
    p = np.zeros((2, 2, 2))
    for a in (0, 1):
        for b in (0, 1):
            p[a, b, a ^ b] += 0.25 * (1 - noise)
            p[a, b, 1 - (a ^ b)] += 0.25 * noise
    return p


@pytest.mark.parametrize("noise", [0.0, 0.05, 0.2, 0.5])
def test_xor_synergy_closed_form(noise):
    p = xor_pmf(noise)
    # each clue alone: I(T1; Y) = I(T2; Y) = 0
    assert it.mutual_information(p.sum(axis=1)) == pytest.approx(0.0, abs=1e-14)
    assert it.mutual_information(p.sum(axis=0)) == pytest.approx(0.0, abs=1e-14)
    # both clues: I(T1,T2; Y) = 1 - h(noise), computed by flattening (t1, t2) into one axis
    both = it.mutual_information(p.reshape(4, 2))
    assert both == pytest.approx(1 - it.binary_entropy(noise), abs=1e-12)
    # interaction information with Y as third variable is -(1 - h(noise))
    assert it.interaction_information(p) == pytest.approx(
        -(1 - it.binary_entropy(noise)), abs=1e-12
    )


def test_redundancy_is_positive():
    # X = Y = Z, one fair bit: I(X;Y;Z) = +1
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 1] = 0.5
    assert it.interaction_information(p) == pytest.approx(1.0)
    assert it.conditional_mutual_information(p) == pytest.approx(0.0, abs=1e-14)


def test_kl_closed_form_bernoulli():
    a, b = 0.3, 0.6
    expected = a * math.log2(a / b) + (1 - a) * math.log2((1 - a) / (1 - b))
    assert it.kl_divergence([a, 1 - a], [b, 1 - b]) == pytest.approx(expected, abs=1e-12)
    assert it.kl_divergence([a, 1 - a], [b, 1 - b], base=math.e) == pytest.approx(
        expected * math.log(2)
    )


def test_kl_infinite_and_zero_terms():
    assert it.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert it.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    # q(x) = 0 where p(x) = 0 is fine
    assert it.kl_divergence([1.0, 0.0], [0.5, 0.5]) == pytest.approx(1.0)
    assert it.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_js_extremes():
    assert it.js_divergence([1, 0], [0, 1]) == pytest.approx(1.0)
    assert it.js_divergence([1, 0], [0, 1], base=math.e) == pytest.approx(math.log(2))
    assert it.js_divergence([0.2, 0.8], [0.2, 0.8]) == 0.0


# ---------------------------------------------------------------- SciPy agreement


@settings(max_examples=60, deadline=None)
@given(pmf1, st.sampled_from([2, math.e, 10]))
def test_entropy_matches_scipy(p, base):
    assert it.entropy(p, base=base) == pytest.approx(scipy.stats.entropy(p, base=base), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(pmf1)
def test_kl_matches_scipy(p):
    q = np.roll(p, 1) * 0.5 + 0.5 / p.size  # full support, so KL is finite
    assert it.kl_divergence(p, q) == pytest.approx(scipy.stats.entropy(p, q, base=2), abs=1e-12)


def test_js_matches_scipy_distance():
    from scipy.spatial.distance import jensenshannon

    rng = np.random.default_rng(0)
    for _ in range(20):
        p, q = rng.dirichlet(np.ones(7)), rng.dirichlet(np.ones(7))
        assert it.js_divergence(p, q) == pytest.approx(jensenshannon(p, q, base=2) ** 2, abs=1e-12)


# ---------------------------------------------------------------- identities as properties


@settings(max_examples=80, deadline=None)
@given(pmf1)
def test_entropy_bounds(p):
    value = it.entropy(p)
    assert -TOL <= value <= math.log2(p.size) + TOL


@settings(max_examples=80, deadline=None)
@given(pmf2)
def test_chain_rule_and_mi_identities(pxy):
    px, py = pxy.sum(1), pxy.sum(0)
    hxy, hx, hy = it.entropy(pxy), it.entropy(px), it.entropy(py)
    # chain rule H(X,Y) = H(Y) + H(X|Y)
    assert hxy == pytest.approx(hy + it.conditional_entropy(pxy), abs=1e-9)
    # and with the roles swapped: H(X,Y) = H(X) + H(Y|X)
    assert hxy == pytest.approx(hx + it.conditional_entropy(pxy.T), abs=1e-9)
    mi = it.mutual_information(pxy)
    assert mi == pytest.approx(hx + hy - hxy, abs=1e-9)
    assert mi == pytest.approx(it.kl_divergence(pxy, np.outer(px, py)), abs=1e-9)
    assert mi == pytest.approx(it.mutual_information(pxy.T), abs=1e-12)  # symmetry
    assert -TOL <= mi <= min(hx, hy) + 1e-9
    assert mi == pytest.approx(h(px) + h(py) - h(pxy), abs=1e-9)  # independent code path


@settings(max_examples=80, deadline=None)
@given(pmf1, pmf1)
def test_gibbs_inequality(p, q):
    n = min(p.size, q.size)
    p, q = (
        p[:n] / p[:n].sum() if p[:n].sum() > 0 else np.eye(n)[0],
        q[:n] / q[:n].sum() if q[:n].sum() > 0 else np.eye(n)[0],
    )
    d = it.kl_divergence(p, q)
    assert d >= 0.0
    if d == 0.0:  # equality only for equal distributions
        np.testing.assert_allclose(p, q, atol=1e-9)
    assert it.kl_divergence(p, p) == pytest.approx(0.0, abs=1e-12)
    ce = it.cross_entropy(p, q)
    assert ce >= it.entropy(p) - 1e-12
    if math.isfinite(d):
        assert ce == pytest.approx(it.entropy(p) + d, abs=1e-9)
    js = it.js_divergence(p, q)
    assert 0.0 <= js <= 1.0
    assert js == pytest.approx(it.js_divergence(q, p), abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(pmf3)
def test_cmi_chain_rule_and_symmetry(p):
    # I(X; Y,Z) = I(X; Z) + I(X; Y | Z)
    nx, ny, nz = p.shape
    i_x_yz = it.mutual_information(p.reshape(nx, ny * nz))
    i_x_z = it.mutual_information(p.sum(axis=1))
    assert i_x_yz == pytest.approx(i_x_z + it.conditional_mutual_information(p), abs=1e-9)
    cmi = it.conditional_mutual_information(p)
    # entropy form, independent code path
    expected = h(p.sum(1)) + h(p.sum(0)) - h(p) - h(p.sum((0, 1)))
    assert cmi == pytest.approx(expected, abs=1e-9)
    assert cmi == pytest.approx(it.conditional_mutual_information(p.transpose(1, 0, 2)), abs=1e-9)
    # interaction information is symmetric in all three variables
    ii = it.interaction_information(p)
    for axes in [(0, 2, 1), (2, 1, 0), (1, 2, 0)]:
        assert ii == pytest.approx(it.interaction_information(p.transpose(axes)), abs=1e-9)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_data_processing_on_random_channel_compositions(data):
    nx, nt, ny = (data.draw(st.integers(1, 6)) for _ in range(3))
    px = data.draw(pmf_strategy(st.just((nx,))))
    w1 = data.draw(channel(nx, nt))
    w2 = data.draw(channel(nt, ny))
    pxt = px[:, None] * w1
    pxy = pxt @ w2  # X -> T -> Y: p(x, y) = sum_t p(x, t) p(y | t)
    pty = pxt.sum(0)[:, None] * w2
    i_xt, i_xy, i_ty = (
        it.mutual_information(pxt),
        it.mutual_information(pxy),
        it.mutual_information(pty),
    )
    assert i_xy <= i_xt + 1e-12
    assert i_xy <= i_ty + 1e-12
    # and the Markov chain has I(X;Y|T) = 0
    pxty = pxt[:, :, None] * w2[None, :, :]
    assert it.conditional_mutual_information(pxty.transpose(0, 2, 1)) == pytest.approx(
        0.0, abs=1e-9
    )


# ---------------------------------------------------------------- joint_pmf


def test_joint_pmf_counts_and_order():
    x = np.array([3, 1, 3, 2, 1, 3])
    y = np.array(["b", "a", "a", "b", "a", "b"])
    p = it.joint_pmf(x, y)
    assert p.shape == (3, 2)  # x values 1, 2, 3; y values a, b
    expected = np.array([[2, 0], [0, 1], [1, 2]]) / 6
    np.testing.assert_allclose(p, expected)
    np.testing.assert_allclose(it.joint_pmf(x), [2 / 6, 1 / 6, 3 / 6])


def test_joint_pmf_matches_bruteforce_and_feeds_mi():
    rng = np.random.default_rng(1)
    x = rng.integers(0, 4, 5000)
    y = (x + rng.integers(0, 2, 5000)) % 4
    z = rng.integers(0, 3, 5000)
    p = it.joint_pmf(x, y, z)
    assert p.shape == (4, 4, 3) and p.sum() == pytest.approx(1.0)
    brute = np.zeros((4, 4, 3))
    for a, b, c in zip(x, y, z, strict=True):
        brute[a, b, c] += 1
    np.testing.assert_allclose(p, brute / 5000)
    # y = x + uniform bit (mod 4), x uniform: I(X;Y) is about H(Y) - H(Y|X) = 2 - 1 = 1 bit
    assert it.mutual_information(p.sum(2)) == pytest.approx(1.0, abs=0.01)


def test_tiny_probabilities_do_not_underflow():
    # products of tiny marginals underflow to 0; the results must stay finite and right
    tiny = 1e-300
    pxy = np.array([[1 - 3 * tiny, tiny], [tiny, tiny]])
    assert it.mutual_information(pxy) == pytest.approx(0.0, abs=1e-12)
    pxyz = np.zeros((2, 2, 2))
    pxyz[0, 0, 0], pxyz[1, 0, 1], pxyz[0, 1, 1] = 1 - 2 * tiny, tiny, tiny
    assert np.isfinite(it.conditional_mutual_information(pxyz))
    assert it.kl_divergence([1 - tiny, tiny], [tiny, 1 - tiny]) == pytest.approx(
        (1 - tiny) * math.log2((1 - tiny) / tiny), rel=1e-12
    )


def test_accepts_torch_tensors():
    torch = pytest.importorskip("torch")
    assert it.entropy(torch.tensor([0.25, 0.75])) == pytest.approx(it.entropy([0.25, 0.75]))
    assert it.joint_pmf(torch.tensor([0, 1, 1]), torch.tensor([1, 1, 0])).shape == (2, 2)


def test_large_joint_pmf_is_handled():
    rng = np.random.default_rng(2)
    p = rng.random((2000, 2000))
    p /= p.sum()
    mi = it.mutual_information(p)
    assert mi == pytest.approx(h(p.sum(1)) + h(p.sum(0)) - h(p), abs=1e-9)


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "bad, match",
    [
        ([0.5, 0.6], "sum to 1"),
        ([0.5, 0.4], "sum to 1"),
        ([1.5, -0.5], "negative"),
        ([np.nan, 1.0], "NaN"),
        ([np.inf, 0.0], "NaN or infinite"),
        ([], "empty"),
    ],
)
def test_entropy_rejects_bad_pmf(bad, match):
    with pytest.raises(ValueError, match=match) as err:
        it.entropy(bad)
    assert "p " in str(err.value) or str(err.value).startswith("p ")


def test_no_silent_renormalisation():
    with pytest.raises(ValueError, match="sums to 1.00001"):
        it.entropy([0.50001, 0.5])
    it.entropy([0.5 + 1e-9, 0.5])  # within the relative tolerance of 1e-6


@pytest.mark.parametrize("base", [0, -2, 1, math.inf, math.nan])
def test_bad_base(base):
    with pytest.raises(ValueError, match="base"):
        it.entropy([0.5, 0.5], base=base)
    with pytest.raises(ValueError, match="base"):
        it.binary_entropy(0.3, base=base)


def test_base_wrong_type():
    with pytest.raises(TypeError, match="base"):
        it.entropy([0.5, 0.5], base="2")


@pytest.mark.parametrize(
    "func, arg, name",
    [
        (it.conditional_entropy, [0.5, 0.5], "pxy"),
        (it.mutual_information, np.full((2, 2, 2), 1 / 8), "pxy"),
        (it.conditional_mutual_information, np.full((2, 2), 0.25), "pxyz"),
        (it.interaction_information, [0.5, 0.5], "pxyz"),
    ],
)
def test_wrong_number_of_dimensions(func, arg, name):
    with pytest.raises(ValueError, match=f"{name} must be a .-D array"):
        func(arg)


@pytest.mark.parametrize("func", [it.kl_divergence, it.cross_entropy, it.js_divergence])
def test_two_pmf_functions_check_both_and_shapes(func):
    with pytest.raises(ValueError, match="same shape"):
        func([0.5, 0.5], [0.2, 0.3, 0.5])
    with pytest.raises(ValueError, match="^q "):
        func([0.5, 0.5], [0.5, 0.6])
    with pytest.raises(ValueError, match="^p "):
        func([-0.5, 1.5], [0.5, 0.5])


def test_binary_entropy_bad_input():
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\]"):
        it.binary_entropy(1.2)
    with pytest.raises(ValueError, match="NaN"):
        it.binary_entropy([0.2, np.nan])


def test_wrong_type():
    with pytest.raises(TypeError, match="p must be array-like"):
        it.entropy("abc")
    with pytest.raises(TypeError, match="p must be array-like"):
        it.entropy([[0.5], "x"])


def test_joint_pmf_bad_input():
    with pytest.raises(ValueError, match="at least one"):
        it.joint_pmf()
    with pytest.raises(ValueError, match="same length"):
        it.joint_pmf([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match=r"samples\[1\] must be 1-D"):
        it.joint_pmf([0, 1], [[0, 1]])
    with pytest.raises(ValueError, match="NaN"):
        it.joint_pmf([0.0, np.nan])
    with pytest.raises(ValueError, match="empty"):
        it.joint_pmf([])
