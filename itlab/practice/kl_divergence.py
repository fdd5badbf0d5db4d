"""Checkers of the practice "The price of the wrong code" (KL divergence)."""

from __future__ import annotations

import math

import numpy as np

from ..discrete import cross_entropy, entropy, kl_divergence
from . import as_number, compare_information, question

LEVELS = 17


def _pmf(pixels):
    x = np.asarray(pixels).reshape(-1)
    if not np.issubdtype(x.dtype, np.integer) or x.min() < 0 or x.max() >= LEVELS:
        raise ValueError("pixels should be integer grey levels 0..16")
    return np.bincount(x, minlength=LEVELS) / x.size


@question("kl_divergence", "q1")
def q1(answer, *, strict, ones, all_images):
    """D(p_1 || q) in bits: p_1 the grey levels of the ones, q those of all digits."""
    p1, q = _pmf(ones), _pmf(all_images)
    expected = kl_divergence(p1, q)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="d",
        alternatives=[
            (kl_divergence(q, p1), "d is D(q || p_1): KL divergence is not symmetric."),
            (cross_entropy(p1, q), "d is the cross-entropy H(p_1, q); subtract H(p_1)."),
        ],
    )


@question("kl_divergence", "q2")
def q2(answer, *, strict, ones, all_images):
    """Bits per pixel when the ones are coded with the code of q: H(p_1, q)."""
    p1, q = _pmf(ones), _pmf(all_images)
    expected = cross_entropy(p1, q)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="bits_wrong_code",
        alternatives=[
            (entropy(p1), "bits_wrong_code is H(p_1), the cost of the right code for the ones."),
            (entropy(q), "bits_wrong_code is H(q), the cost for the whole data set."),
            (kl_divergence(p1, q), "bits_wrong_code is only the extra D(p_1 || q); add H(p_1)."),
            (cross_entropy(q, p1), "bits_wrong_code is H(q, p_1): the arguments are swapped."),
        ],
    )


@question("kl_divergence", "q3")
def q3(answer, *, strict, ones, few_ones):
    """D(p_1 || q_few) with q_few the add-one smoothed pmf of a small sample, in bits."""
    p1 = _pmf(ones)
    counts = np.bincount(np.asarray(few_ones).reshape(-1), minlength=LEVELS)
    q_few = (counts + 1) / (counts.sum() + LEVELS)
    expected = kl_divergence(p1, q_few)
    try:
        x = as_number(answer, "d_small")
    except ValueError:
        if np.isinf(np.asarray(answer, dtype=float)).any():
            return (
                "d_small is infinite: some grey level never occurs in the small sample. "
                "Smooth the counts (add one to each) before dividing."
            )
        raise
    raw = counts / counts.sum()
    if (raw[p1 > 0] > 0).all() and math.isclose(x, kl_divergence(p1, raw), rel_tol=1e-6):
        return "d_small uses the unsmoothed pmf of the small sample: add one to every count."
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="d_small",
        alternatives=[
            (kl_divergence(q_few, p1), "d_small is D(q_small || p_1): the arguments are swapped."),
        ],
    )
