"""Checkers of the practice "Which pixels tell the digit?" (mutual information)."""

from __future__ import annotations

import math

import numpy as np

from ..discrete import entropy, joint_pmf, mutual_information
from . import as_array, as_number, compare_information, question


def _xy(X, y):
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2 or y.ndim != 1 or X.shape[0] != y.shape[0]:
        raise ValueError("X should be the (n, 64) pixel array and y the (n,) labels given above")
    return X, y


def _mi_map(X, y):
    return np.array([mutual_information(joint_pmf(X[:, j], y)) for j in range(X.shape[1])])


@question("mutual_information", "q1")
def q1(answer, *, strict, x, y):
    """I(pixel; label) for one pixel, plug-in, in bits."""
    pxy = joint_pmf(np.asarray(x), np.asarray(y))
    expected = mutual_information(pxy)
    hx, hy = entropy(pxy.sum(axis=1)), entropy(pxy.sum(axis=0))
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="mi",
        upper=(min(hx, hy), "the entropy of the pixel or of the label"),
        alternatives=[
            (hx, "mi is the entropy of the pixel, H(X), not I(X;Y)."),
            (hy, "mi is the entropy of the label, H(Y), not I(X;Y)."),
            (entropy(pxy), "mi is the joint entropy H(X, Y), not I(X;Y)."),
            (hx - expected, "mi is H(X|Y): subtract it from H(X) to get I(X;Y)."),
            (hy - expected, "mi is H(Y|X): subtract it from H(Y) to get I(X;Y)."),
        ],
    )


@question("mutual_information", "q2")
def q2(answer, *, strict, X, y):
    """The (64,) map of I(pixel j; label), in bits."""
    X, y = _xy(X, y)
    expected = _mi_map(X, y)
    arr = np.asarray(answer, dtype=float) if np.ndim(answer) else None
    if arr is not None and arr.shape == (8, 8):
        return "mi_map has shape (8, 8); give one entry per column of X, shape (64,)."
    mi_map = as_array(answer, (X.shape[1],), "mi_map")
    if np.any(mi_map < -1e-12):
        return "mi_map has negative entries; a plug-in mutual information is never negative."
    rtol, atol = (1e-9, 1e-12) if strict else (1e-3, 1e-3)
    if np.allclose(mi_map, expected * math.log(2), rtol=rtol, atol=atol):
        return "mi_map looks like it is in nats: the question asks for bits."
    if np.allclose(mi_map, expected.reshape(8, 8).T.ravel(), rtol=rtol, atol=atol):
        return "mi_map is transposed: entry j should belong to column j of X."
    wrong = ~np.isclose(mi_map, expected, rtol=rtol, atol=atol)
    if wrong.any():
        return f"{int(wrong.sum())} of the {X.shape[1]} entries are not I(X_j; Y) in bits."
    return None


@question("mutual_information", "q3")
def q3(answer, *, strict, X, y):
    """The index of the most informative pixel."""
    X, y = _xy(X, y)
    expected = _mi_map(X, y)
    if isinstance(answer, tuple) or np.ndim(answer) != 0:
        return "best should be one column index 0..63 (np.argmax of the flat map)."
    j = as_number(answer, "best")
    if j != int(j) or not 0 <= j < X.shape[1]:
        return f"best should be an integer column index between 0 and {X.shape[1] - 1}."
    j = int(j)
    if strict and not isinstance(answer, (int, np.integer)):
        return "best should be an integer, not a float."
    if expected[j] >= expected.max() - 1e-12:
        return None
    if expected[j] <= expected.min() + 1e-12:
        return "pixel best carries the least information about the label, not the most."
    return "another pixel carries more information about the label."


@question("mutual_information", "q4")
def q4(answer, *, strict, x, y_shuffled, y):
    """Plug-in I(pixel; shuffled label): the bias of the plug-in estimate, in bits."""
    x, y_shuffled, y = np.asarray(x), np.asarray(y_shuffled), np.asarray(y)
    if np.array_equal(y_shuffled, y):
        return "y_shuffled equals y: shuffle the labels with rng.permutation first."
    if not np.array_equal(np.sort(y_shuffled), np.sort(y)):
        return "y_shuffled is not a permutation of y."
    expected = mutual_information(joint_pmf(x, y_shuffled))
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="mi_shuffled",
        alternatives=[
            (
                0.0,
                "mi_shuffled is 0: the true information is 0, but compute the plug-in "
                "estimate on the shuffled sample: it is not.",
            ),
            (
                mutual_information(joint_pmf(x, y)),
                "mi_shuffled is the information with the original labels; use y_shuffled.",
            ),
        ],
    )
