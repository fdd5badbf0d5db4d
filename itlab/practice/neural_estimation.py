"""Checkers of the practice "Why does my contrastive estimate plateau?" (neural estimators)."""

from __future__ import annotations

import hashlib
import math

import numpy as np

from . import as_number, compare_information, question

STEPS, SEED = 300, 0
_CACHE: dict = {}


def _infonce(x, y, batch_size):
    from ..neural import neural_mutual_information

    x, y = np.ascontiguousarray(x, dtype=float), np.ascontiguousarray(y, dtype=float)
    key = hashlib.sha1(x.tobytes() + y.tobytes() + f"{x.shape}{batch_size}".encode()).hexdigest()
    if key not in _CACHE:
        res = neural_mutual_information(x, y, steps=STEPS, batch_size=batch_size, seed=SEED)
        _CACHE[key] = res.estimate
    return _CACHE[key]


def _true_mi(rho, d):
    return -d / 2 * math.log2(1 - rho**2)


@question("neural_estimation", "q1")
def q1(answer, *, strict, rho, d):
    """The true I(X; Y) of d pairs of coordinates with correlation rho, in bits."""
    expected = _true_mi(rho, d)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="true_mi",
        alternatives=[
            (
                expected / d,
                "true_mi is the information of one pair; there are d independent pairs.",
            ),
            (-d * math.log2(1 - rho**2), "true_mi misses the factor 1/2 in -1/2 log(1 - rho^2)."),
            (-d / 2 * math.log2(1 - rho), "true_mi uses 1 - rho; the formula has 1 - rho^2."),
        ],
    )


@question("neural_estimation", "q2")
def q2(answer, *, strict, x, y):
    """The InfoNCE estimate with batch size 16 (300 steps, seed 0), in bits."""
    expected = _infonce(x, y, 16)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="est_16",
        alternatives=[
            (
                4.0,
                "est_16 is log2(16), the ceiling of InfoNCE at this batch size, not the estimate.",
            ),
        ],
        upper=(4.0, "log2(16) = 4 bits, the most InfoNCE can report with batches of 16"),
    )


@question("neural_estimation", "q3")
def q3(answer, *, strict, rho, d):
    """The smallest power-of-two batch size whose InfoNCE ceiling log2 B reaches the true MI."""
    mi = _true_mi(rho, d)
    expected = 2 ** math.ceil(mi)
    b = as_number(answer, "batch_needed")
    if strict and not isinstance(answer, (int, np.integer)):
        return "batch_needed should be an integer."
    if b == expected:
        return None
    if math.isclose(b, math.ceil(mi)) or math.isclose(b, mi, rel_tol=1e-3):
        return "batch_needed is log2 of a batch size; give the batch size B itself."
    if b > 0 and math.log2(b) < mi:
        return "with this batch size the ceiling log2 B is still below the true information."
    if b > expected:
        return "a smaller power of two already lifts the ceiling above the true information."
    return "batch_needed should be a power of two."
