"""Source coding: what entropy means operationally.

Shannon's source coding theorem says that the expected length of the best
uniquely decodable binary code for a source lies between its entropy and one
bit more. A Huffman code achieves that optimum; coding blocks of symbols spreads
the extra bit over the block.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from ._validation import check_pmf, check_positive_int

__all__ = ["huffman_lengths", "expected_code_length", "kraft_sum", "block_pmf"]


def huffman_lengths(p):
    r"""Codeword lengths of a binary Huffman code for the pmf ``p``.

    Parameters
    ----------
    p : array_like
        1-D pmf over the source symbols.

    Returns
    -------
    numpy.ndarray
        Integer codeword lengths, one per symbol (in the order of ``p``).
        Symbols of probability zero get a codeword too (they cost nothing on
        average). A one-symbol alphabet gets length 0 (the empty codeword:
        nothing needs to be sent); with two or more symbols every codeword has
        at least one bit, because the empty word would be a prefix of the others.

    Raises
    ------
    ValueError
        If ``p`` is not a 1-D pmf.

    Notes
    -----
    Huffman's algorithm repeatedly merges the two least probable subtrees; every
    symbol in a merged subtree gains one bit. The resulting lengths :math:`\ell`
    minimise :math:`\sum_x p(x)\,\ell(x)` over all prefix codes, satisfy the
    Kraft equality :math:`\sum_x 2^{-\ell(x)} = 1`, and obey
    :math:`H(p) \le L = \sum_x p(x)\ell(x) \le H(p) + 1`. The upper bound is
    strict, :math:`L < H(p) + 1`, unless one symbol has probability 1 in an
    alphabet of two or more: then :math:`H(p) = 0` but every codeword costs one
    bit, so :math:`L = 1 = H(p) + 1` (e.g. ``p = [1.0, 0.0]``). The source
    coding theorem's :math:`L < H + 1` is the statement for sources with at
    least two possible symbols. The loop runs over the alphabet
    (``len(p) - 1`` merges), not over samples.

    References
    ----------
    D. A. Huffman, "A method for the construction of minimum-redundancy codes",
    *Proceedings of the IRE* 40 (1952). Cover & Thomas (2006), chapter 5.

    Examples
    --------
    >>> from itlab.coding import huffman_lengths
    >>> huffman_lengths([0.5, 0.25, 0.125, 0.125])
    array([1, 2, 3, 3])
    >>> huffman_lengths([1.0, 0.0])  # a sure symbol still needs one bit here
    array([1, 1])
    """
    arr = check_pmf(p, "p", ndim=1)
    n = arr.size
    lengths = np.zeros(n, dtype=int)
    if n == 1:
        return lengths
    counter = itertools.count()  # tie-breaker so heap entries never compare lists
    heap = [(float(prob), next(counter), [i]) for i, prob in enumerate(arr)]
    heapq.heapify(heap)
    while len(heap) > 1:
        p1, _, s1 = heapq.heappop(heap)
        p2, _, s2 = heapq.heappop(heap)
        merged = s1 + s2
        lengths[merged] += 1
        heapq.heappush(heap, (p1 + p2, next(counter), merged))
    return lengths


def expected_code_length(p, lengths):
    """Expected codeword length :math:`\\sum_x p(x)\\ell(x)` in bits per symbol.

    Parameters
    ----------
    p : array_like
        1-D pmf.
    lengths : array_like
        Non-negative codeword lengths, one per symbol.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``p`` is not a pmf, or ``lengths`` has a different shape or negative entries.

    Examples
    --------
    >>> from itlab.coding import expected_code_length
    >>> expected_code_length([0.5, 0.5], [1, 1])
    1.0
    """
    arr = check_pmf(p, "p", ndim=1)
    ell = np.asarray(lengths, dtype=float)
    if ell.shape != arr.shape:
        raise ValueError(f"lengths must have the shape of p {arr.shape}, got {ell.shape}")
    if np.any(ell < 0) or not np.all(np.isfinite(ell)):
        raise ValueError("lengths must be finite and non-negative")
    return float(arr @ ell)


def kraft_sum(lengths):
    """Kraft sum :math:`\\sum_x 2^{-\\ell(x)}`.

    A binary prefix code with these codeword lengths exists if and only if the
    sum is at most 1.

    Examples
    --------
    >>> from itlab.coding import kraft_sum
    >>> kraft_sum([1, 2, 3, 3])
    1.0
    """
    ell = np.asarray(lengths, dtype=float)
    if np.any(ell < 0) or not np.all(np.isfinite(ell)):
        raise ValueError("lengths must be finite and non-negative")
    return float(np.sum(2.0**-ell))


def block_pmf(p, n):
    """Pmf of blocks of ``n`` independent symbols from ``p`` (length ``len(p)**n``).

    Parameters
    ----------
    p : array_like
        1-D pmf of one symbol.
    n : int
        Block length, at least 1.

    Returns
    -------
    numpy.ndarray
        The n-fold product pmf, flattened; its entropy is ``n * H(p)``.

    Examples
    --------
    >>> from itlab.coding import block_pmf
    >>> block_pmf([0.9, 0.1], 2)
    array([0.81, 0.09, 0.09, 0.01])
    """
    arr = check_pmf(p, "p", ndim=1)
    n = check_positive_int(n, "n")
    out = arr
    for _ in range(n - 1):  # over the block length, not over samples
        out = np.multiply.outer(out, arr).ravel()
    return out
