"""Checkers of the practice "Squeeze a sensor, keep the label" (information bottleneck)."""

from __future__ import annotations

import numpy as np

from ..bottleneck import information_bottleneck
from ..discrete import entropy, joint_pmf, mutual_information
from . import compare_information, question


def _pxy(x, y):
    return joint_pmf(np.asarray(x), np.asarray(y))


@question("bottleneck", "q1")
def q1(answer, *, strict, x, y):
    """I(X; Y): the ceiling of what any compression of X keeps about Y, in bits."""
    pxy = _pxy(x, y)
    expected = mutual_information(pxy)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="i_xy",
        alternatives=[
            (entropy(pxy.sum(axis=0)), "i_xy is H(Y), not I(X; Y)."),
            (entropy(pxy.sum(axis=1)), "i_xy is H(X), not I(X; Y)."),
        ],
    )


def _thresholds(x, y):
    x = np.asarray(x)
    return np.array(
        [mutual_information(joint_pmf(x > t, np.asarray(y))) for t in np.unique(x)[:-1]]
    )


@question("bottleneck", "q2")
def q2(answer, *, strict, x, y):
    """The best one-bit threshold quantiser: max_t I([X > t]; Y), in bits."""
    values = _thresholds(x, y)
    expected = float(values.max())
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="i_threshold",
        alternatives=[
            (float(values.min()), "i_threshold is the worst threshold; take the best one."),
            (float(values.mean()), "i_threshold is the mean over thresholds; take the best."),
            (
                mutual_information(_pxy(x, y)),
                "i_threshold is I(X; Y) itself; a one-bit quantiser keeps less.",
            ),
        ],
        upper=(mutual_information(_pxy(x, y)), "I(X; Y) (data processing)"),
    )


@question("bottleneck", "q3")
def q3(answer, *, strict, x, y):
    """I(T; Y) of the IB solution with 3 clusters, beta = 50, seed 0, in bits."""
    pxy = _pxy(x, y)
    sol = information_bottleneck(pxy, 50.0, n_clusters=3, seed=0)
    if isinstance(answer, tuple):
        return "i_ib is one field of the solution (i_ty), not the whole solution."
    return compare_information(
        answer,
        sol.i_ty,
        strict=strict,
        what="i_ib",
        alternatives=[
            (
                sol.i_xt,
                "i_ib is I(X; T), what the clusters keep about X; the question asks for I(T; Y).",
            ),
            (
                float(_thresholds(x, y).max()),
                "i_ib is the one-bit threshold value; use the 3-cluster IB solution.",
            ),
        ],
        upper=(mutual_information(pxy), "I(X; Y), which no representation of X can exceed"),
    )
