"""Huffman coding against the source coding theorem and known codes."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import itlab as it
from itlab.coding import block_pmf, expected_code_length, huffman_lengths, kraft_sum


def test_dyadic_source_is_coded_at_entropy():
    p = [0.5, 0.25, 0.125, 0.125]
    ell = huffman_lengths(p)
    np.testing.assert_array_equal(ell, [1, 2, 3, 3])
    assert expected_code_length(p, ell) == pytest.approx(it.entropy(p))


def test_textbook_example():
    # Cover & Thomas example 5.6.1: p = (0.25, 0.25, 0.2, 0.15, 0.15) has expected length 2.3 bits
    p = [0.25, 0.25, 0.2, 0.15, 0.15]
    assert expected_code_length(p, huffman_lengths(p)) == pytest.approx(2.3)


def brute_force_optimum(p):
    """Smallest expected length over all length vectors with Kraft sum <= 1 (lengths <= n)."""
    n = len(p)
    best = math.inf
    for ell in np.ndindex(*([n] * n)):
        ell = np.array(ell) + 1
        if np.sum(2.0**-ell) <= 1 + 1e-12:
            best = min(best, float(np.dot(p, ell)))
    return best


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 5), st.integers(0, 10_000))
def test_huffman_is_optimal_and_within_one_bit(n, seed):
    p = np.random.default_rng(seed).dirichlet(np.ones(n))
    ell = huffman_lengths(p)
    length = expected_code_length(p, ell)
    assert kraft_sum(ell) == pytest.approx(1.0)  # a full binary tree
    assert it.entropy(p) - 1e-12 <= length < it.entropy(p) + 1
    assert length == pytest.approx(brute_force_optimum(p), abs=1e-12)


def test_block_coding_approaches_entropy():
    p = [0.9, 0.1]
    h = it.entropy(p)
    sizes = (1, 2, 4, 8)
    per_symbol = [
        expected_code_length(block_pmf(p, n), huffman_lengths(block_pmf(p, n))) / n for n in sizes
    ]
    for n, rate in zip(sizes, per_symbol, strict=True):
        assert h <= rate < h + 1 / n
    assert per_symbol[-1] < per_symbol[0]
    assert it.entropy(block_pmf(p, 5)) == pytest.approx(5 * h)


def test_degenerate_sources():
    # one-symbol alphabet: the empty codeword is a (complete) prefix code, L = H = 0
    np.testing.assert_array_equal(huffman_lengths([1.0]), [0])
    assert kraft_sum(huffman_lengths([1.0])) == 1.0
    # a sure symbol in a larger alphabet: no codeword may be empty, so L = 1 = H + 1
    for p in ([1.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]):
        ell = huffman_lengths(p)
        assert np.all(ell >= 1)
        assert kraft_sum(ell) == pytest.approx(1.0)
        assert expected_code_length(p, ell) == pytest.approx(it.entropy(p) + 1)


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 3), st.integers(1, 2), st.integers(0, 10_000))
def test_strict_bound_with_zero_probability_symbols(n_support, n_zero, seed):
    # two or more possible symbols: L < H + 1 even when impossible symbols are added
    g = np.random.default_rng(seed)
    p = np.concatenate([g.dirichlet(np.ones(n_support)), np.zeros(n_zero)])
    p = g.permutation(p)
    ell = huffman_lengths(p)
    length = expected_code_length(p, ell)
    assert it.entropy(p) - 1e-12 <= length < it.entropy(p) + 1
    assert length == pytest.approx(brute_force_optimum(p), abs=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="p must sum to 1"):
        huffman_lengths([0.5, 0.4])
    with pytest.raises(ValueError, match="p must be a 1-D"):
        huffman_lengths([[0.5, 0.5]])
    with pytest.raises(ValueError, match="lengths must have the shape"):
        expected_code_length([0.5, 0.5], [1, 1, 1])
    with pytest.raises(ValueError, match="non-negative"):
        kraft_sum([1, -1])
    with pytest.raises(ValueError, match="n must be >= 1"):
        block_pmf([0.5, 0.5], 0)
