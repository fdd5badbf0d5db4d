"""Checkers of the practice "Certify an error floor" (Fano's inequality)."""

from __future__ import annotations

import numpy as np

from ..bounds import fano_lower_bound
from ..discrete import conditional_entropy, entropy, joint_pmf
from . import compare_information, compare_probability, question


def _pyx(x, y):
    return joint_pmf(np.asarray(y), np.asarray(x))  # Y on axis 0, X on axis 1


@question("fano", "q1")
def q1(answer, *, strict, x, y):
    """H(Y | X) in bits for the one-pixel sensor."""
    pyx = _pyx(x, y)
    expected = conditional_entropy(pyx)
    h_y = entropy(pyx.sum(axis=1))
    alternatives = [
        (h_y - expected, "h_cond is I(X; Y), not H(Y | X)."),
        (entropy(pyx), "h_cond is the joint entropy H(X, Y); subtract H(X)."),
    ]
    if abs(entropy(pyx) - h_y - expected) > 1e-6:
        alternatives.append(
            (entropy(pyx) - h_y, "h_cond is H(X | Y): condition the label on the pixel.")
        )
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="h_cond",
        alternatives=alternatives,
        upper=(h_y, "H(Y), and conditioning cannot increase entropy"),
    )


@question("fano", "q2")
def q2(answer, *, strict, x, y):
    """Fano's floor on the error of any rule that sees only x."""
    pyx = _pyx(x, y)
    h = conditional_entropy(pyx)
    k = pyx.shape[0]
    expected = fano_lower_bound(h, k)
    alternatives = [
        (fano_lower_bound(min(h, 1.0), 2), "floor uses K = 2 classes; there are ten digits."),
        (
            float((h - 1) / np.log2(k)),
            "floor is the weak form (H - 1) / log2 K; solve Fano's "
            "inequality exactly (fano_lower_bound).",
        ),
    ]
    if h * np.log(2) <= np.log(k):
        alternatives.append(
            (
                fano_lower_bound(h * np.log(2), k),
                "floor was computed from H(Y|X) in nats with base=2.",
            )
        )
    return compare_probability(
        answer, expected, strict=strict, what="floor", alternatives=alternatives
    )


@question("fano", "q3")
def q3(answer, *, strict, x, y):
    """The error of the best rule that sees only x (plug-in Bayes error)."""
    pyx = _pyx(x, y)
    expected = float(1 - pyx.max(axis=0).sum())
    floor = fano_lower_bound(conditional_entropy(pyx), pyx.shape[0])
    hint = compare_probability(
        answer,
        expected,
        strict=strict,
        what="pe_best",
        alternatives=[
            (
                float(1 - pyx.sum(axis=1).max()),
                "pe_best is the error of always guessing the most frequent digit; use the pixel.",
            ),
        ],
    )
    if hint and hint.endswith("too small.") and float(np.asarray(answer)) < floor - 1e-9:
        return "pe_best is below Fano's floor, which no rule can beat."
    return hint
