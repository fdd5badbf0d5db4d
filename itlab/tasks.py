r"""Tasks and data sets with known structure.

:func:`twelve_bit_task` regenerates, exactly, the 4096 labelled patterns of the
information-plane experiment of Shwartz-Ziv & Tishby (2017) (their data file
``var_u.mat``) from a short rule; :func:`icosahedron_pairs` gives the geometry the
rule is written in.
"""

from __future__ import annotations

import numpy as np

__all__ = ["twelve_bit_task", "icosahedron_pairs", "TWELVE_BIT_RULE"]

# Neighbours of each of the 12 inputs on the icosahedron, in the column order of the
# original data file (0-based). Each vertex has five neighbours and one antipode;
# the remaining five vertices are its non-neighbours.
_NEIGHBOURS = (
    (1, 3, 5, 10, 11),
    (0, 2, 3, 4, 11),
    (1, 3, 4, 8, 9),
    (0, 1, 2, 8, 10),
    (1, 2, 6, 9, 11),
    (0, 6, 7, 10, 11),
    (4, 5, 7, 9, 11),
    (5, 6, 8, 9, 10),
    (2, 3, 7, 9, 10),
    (2, 4, 6, 7, 8),
    (0, 3, 5, 7, 8),
    (0, 1, 4, 5, 6),
)
_ANTIPODES = ((0, 9), (1, 7), (2, 5), (3, 6), (4, 10), (8, 11))

#: Weights of the rule of :func:`twelve_bit_task`: the label is 1 exactly when
#: ``ones * k + neighbour * n_nb + other * n_non + antipode * n_anti >= threshold``.
TWELVE_BIT_RULE = {"ones": 23, "neighbour": 1, "other": -5, "antipode": -8, "threshold": 99}


def icosahedron_pairs():
    """Adjacency matrices of the three kinds of pairs of the 12 inputs.

    Returns
    -------
    neighbours, others, antipodes : numpy.ndarray, shape (12, 12)
        Symmetric 0/1 int64 matrices with zero diagonal: ``neighbours[i, j] = 1``
        when inputs i and j are adjacent vertices of the icosahedron (30 edges),
        ``antipodes`` marks the 6 opposite pairs and ``others`` the remaining 30
        pairs (angle :math:`\\arccos(-1/\\sqrt5) \\approx 116.6°`).

    Examples
    --------
    >>> import itlab as it
    >>> nb, other, anti = it.icosahedron_pairs()
    >>> int(nb.sum()) // 2, int(other.sum()) // 2, int(anti.sum()) // 2
    (30, 30, 6)
    """
    nb = np.zeros((12, 12), dtype=np.int64)
    for i, row in enumerate(_NEIGHBOURS):
        nb[i, list(row)] = 1
    anti = np.zeros((12, 12), dtype=np.int64)
    a, b = np.array(_ANTIPODES).T
    anti[a, b] = anti[b, a] = 1
    other = 1 - np.eye(12, dtype=np.int64) - nb - anti
    return nb, other, anti


def twelve_bit_task():
    r"""The 12-bit task of Shwartz-Ziv & Tishby (2017): all 4096 patterns and their labels.

    Returns
    -------
    x : numpy.ndarray, shape (4096, 12)
        Row r holds the binary digits of r (float32), most significant bit in
        column 0 -- the row order of the original data file.
    y : numpy.ndarray, shape (4096,)
        Labels 0/1 (int64); 2118 of the 4096 are 1.

    Notes
    -----
    The 12 inputs stand for the 12 vertices of an icosahedron, points spread
    uniformly over the sphere (the original paper: "12 uniformly distributed points
    on a 2D sphere"). The label is a threshold of a quadratic form
    :math:`x^\top Q x` whose matrix is invariant under the rotations of the
    icosahedron, so it depends on a pattern only through the number of ones
    :math:`k` and the numbers of active pairs that are neighbours
    (:math:`n_{\text{nb}}`), non-neighbours (:math:`n_{\text{non}}`) and antipodes
    (:math:`n_{\text{anti}}`); :math:`n_{\text{nb}} + n_{\text{non}} +
    n_{\text{anti}} = \binom k2`. The rule

    .. math:: y = \mathbf 1\big[\,23k + n_{\text{nb}} - 5\,n_{\text{non}}
              - 8\,n_{\text{anti}} \ge 99\,\big]

    (:data:`TWELVE_BIT_RULE`) reproduces all 4096 labels of the original file
    ``var_u.mat`` (its labels' SHA-256 is checked in the tests). It was found from
    the data: the 64 classes of patterns with equal
    :math:`(k, n_{\text{nb}}, n_{\text{non}}, n_{\text{anti}})` each carry one label,
    and a linear program found a separating threshold, of which this is the one
    with the smallest integer weights. The authors did not publish their rule, so
    the weights are one of many equivalent choices, not theirs. Patterns with at
    most 4 ones are all 0, with at least 8 all 1; in between, many active
    neighbours raise the score and active antipodes lower it.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), "Opening the black box of deep neural networks via
    information", arXiv:1703.00810; data file ``data/var_u.mat`` of
    github.com/ravidziv/IDNNs.

    Examples
    --------
    >>> import itlab as it
    >>> x, y = it.twelve_bit_task()
    >>> x.shape, int(y.sum())
    ((4096, 12), 2118)
    """
    bits = (np.arange(4096)[:, None] >> np.arange(11, -1, -1)[None, :]) & 1
    nb, other, anti = icosahedron_pairs()
    k = bits.sum(axis=1)
    n_nb = np.einsum("ni,ij,nj->n", bits, nb, bits) // 2
    n_other = np.einsum("ni,ij,nj->n", bits, other, bits) // 2
    n_anti = np.einsum("ni,ij,nj->n", bits, anti, bits) // 2
    r = TWELVE_BIT_RULE
    score = r["ones"] * k + r["neighbour"] * n_nb + r["other"] * n_other + r["antipode"] * n_anti
    y = (score >= r["threshold"]).astype(np.int64)
    return bits.astype(np.float32), y
