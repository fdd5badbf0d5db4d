"""Checkers of the practice "How much does quantisation lose?" (data processing inequality)."""

from __future__ import annotations

import numpy as np

from ..discrete import entropy, joint_pmf, mutual_information
from . import as_array, compare_information, question

THRESHOLD = 8  # a pixel is "ink" when its grey level exceeds this


def _mi(a, b):
    return mutual_information(joint_pmf(np.asarray(a), np.asarray(b)))


@question("data_processing", "q1")
def q1(answer, *, strict, x, y):
    """I(B; Y) for the binarised pixel B = [x > 8], in bits."""
    x = np.asarray(x)
    expected = _mi(x > THRESHOLD, y)
    full = _mi(x, y)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="mi_bin",
        alternatives=[
            (full, "mi_bin equals the information of the unquantised pixel: binarise it first."),
            (_mi(x >= THRESHOLD, y), "mi_bin uses x >= 8; the question says x > 8."),
            (entropy(joint_pmf(x > THRESHOLD)), "mi_bin is the entropy of the binary pixel."),
        ],
        upper=(full, "I(X_36; Y), which processing cannot increase (data processing)"),
    )


@question("data_processing", "q2")
def q2(answer, *, strict, X, y):
    """The (64,) loss I(X_j; Y) - I(B_j; Y), in bits."""
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError("X should be the (n, 64) array given above")
    full = np.array([_mi(X[:, j], y) for j in range(X.shape[1])])
    binary = np.array([_mi(X[:, j] > THRESHOLD, y) for j in range(X.shape[1])])
    expected = full - binary
    lost = as_array(answer, expected.shape, "lost")
    atol = 1e-9 if strict else 1e-3
    if np.allclose(lost, -expected, atol=atol, rtol=0) and expected.max() > atol:
        return "lost has the wrong sign: subtract the binarised information from the full one."
    if np.any(lost < -1e-9):
        return "lost has negative entries, but quantising a pixel cannot add information."
    if np.allclose(lost, binary, atol=atol, rtol=0):
        return "lost is the information kept by the binary pixels, not the information lost."
    wrong = ~np.isclose(lost, expected, atol=atol, rtol=0)
    if wrong.any():
        return f"{int(wrong.sum())} of the {lost.size} entries are not I(X_j;Y) - I(B_j;Y)."
    return None


@question("data_processing", "q3")
def q3(answer, *, strict, y_test, y_pred):
    """I(Y; Y_hat) of a classifier on the test set, in bits."""
    y_test, y_pred = np.asarray(y_test), np.asarray(y_pred)
    pxy = joint_pmf(y_test, y_pred)
    expected = mutual_information(pxy)
    h_y = entropy(pxy.sum(axis=1))
    accuracy = float(np.mean(y_test == y_pred))
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="mi_pred",
        alternatives=[
            (h_y, "mi_pred is H(Y): the entropy of the labels, not what the predictions share."),
            (accuracy, "mi_pred is the accuracy, not a mutual information."),
            (entropy(pxy), "mi_pred is the joint entropy H(Y, Y_hat)."),
        ],
        upper=(h_y, "H(Y), all there is to know about the label"),
    )
