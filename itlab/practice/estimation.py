"""Checkers of the practice "Does this measurement carry information?" (estimation)."""

from __future__ import annotations

import hashlib
import warnings

import numpy as np

from ..estimators import (
    DiscreteDataWarning,
    DuplicateSamplesWarning,
    ksg_mutual_information,
    mi_permutation_test,
    mixed_mutual_information,
)
from . import as_number, compare_information, compare_probability, question

N_PERMUTATIONS = 199
_CACHE: dict = {}


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (DiscreteDataWarning, DuplicateSamplesWarning))
        return fn(*args, **kwargs)


def _p_value(x, y):
    """Permutation p-value (mixed estimator, 199 shuffles, seed 0), cached per data."""
    x, y = np.ascontiguousarray(x, dtype=float), np.ascontiguousarray(y)
    key = hashlib.sha1(x.tobytes() + y.tobytes() + str(x.shape).encode()).hexdigest()
    if key not in _CACHE:
        res = _quiet(
            mi_permutation_test, x, y, estimator="mixed", n_permutations=N_PERMUTATIONS, seed=0
        )
        _CACHE[key] = (res.estimate, res.p_value)
    return _CACHE[key]


@question("estimation", "q1")
def q1(answer, *, strict, x, y):
    """Mixed (Ross) estimate of I(X; Y) for a continuous X and a class label Y, in bits."""
    expected = _quiet(mixed_mutual_information, x, y)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="mi_radius",
        alternatives=[
            (
                _quiet(ksg_mutual_information, x, np.asarray(y, dtype=float)),
                "mi_radius uses KSG, which treats the label as continuous; use the mixed "
                "estimator for a class label.",
            ),
        ],
    )


@question("estimation", "q2")
def q2(answer, *, strict, x, y):
    """The permutation p-value of one feature."""
    estimate, expected = _p_value(x, y)
    p = as_number(answer, "p_value")
    if 0 <= p < 1 / (N_PERMUTATIONS + 1) - 1e-12:
        return (
            f"p_value is below 1/({N_PERMUTATIONS} + 1), the smallest p-value that "
            f"{N_PERMUTATIONS} shuffles can give."
        )
    return compare_probability(
        answer,
        expected,
        strict=strict,
        what="p_value",
        alternatives=[
            (estimate, "p_value is the estimate of the information, not the p-value."),
        ],
    )


@question("estimation", "q3")
def q3(answer, *, strict, X, y, alpha):
    """How many columns of X are significant at level alpha after Bonferroni correction."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError("X should be the (n, d) array of the features tested")
    d = X.shape[1]
    p = np.array([_p_value(X[:, j], y)[1] for j in range(d)])
    expected = int(np.sum(p <= alpha / d))
    n = as_number(answer, "n_informative")
    if n != int(n):
        return "n_informative should be a whole number of features."
    if strict and not isinstance(answer, (int, np.integer)):
        return "n_informative should be an integer."
    if n == expected:
        return None
    if n == int(np.sum(p <= alpha)):
        return f"n_informative ignores the correction for testing {d} features at once."
    if n == d - expected:
        return "n_informative counts the features that are not significant."
    return "n_informative is not the number of significant features."
