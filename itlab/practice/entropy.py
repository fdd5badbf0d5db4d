"""Checkers of the practice "How many bits does a handwritten digit need?" (entropy)."""

from __future__ import annotations

import math

import numpy as np

from ..coding import expected_code_length, huffman_lengths
from ..discrete import conditional_entropy, entropy, joint_pmf
from . import _close, as_array, compare_information, question

LEVELS = 17  # grey levels 0..16 of scikit-learn's digits


def _pixels(pixels):
    x = np.asarray(pixels)
    if x.ndim != 1 or x.size == 0 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError("pixels should be the 1-D integer array of grey levels given above")
    if x.min() < 0 or x.max() >= LEVELS:
        raise ValueError(f"pixels should take values 0..{LEVELS - 1}")
    return x


def _pmf(pixels):
    x = _pixels(pixels)
    return np.bincount(x, minlength=LEVELS) / x.size


@question("entropy", "q1")
def q1(answer, *, strict, pixels):
    """The empirical pmf of the 17 grey levels."""
    expected = _pmf(pixels)
    p = np.asarray(answer, dtype=float)
    if p.ndim == 1 and p.shape[0] == np.unique(pixels).size and p.shape[0] != LEVELS:
        return "p has one entry per grey level that occurs; give all 17 levels (minlength=17)."
    p = as_array(answer, (LEVELS,), "p")
    if np.any(p < 0):
        return "p has negative entries; a probability cannot be negative."
    if math.isclose(p.sum(), np.size(pixels), rel_tol=1e-9):
        return "p holds counts: divide them by the number of pixels to get probabilities."
    if not math.isclose(p.sum(), 1.0, rel_tol=1e-6):
        return f"p sums to {p.sum():.4g}, not to 1."
    tol = 1e-12 if strict else 1e-6
    if np.allclose(p, expected[::-1], atol=tol, rtol=0):
        return "p is in reverse order: entry k should be the frequency of grey level k."
    if not np.allclose(p, expected, atol=tol, rtol=0):
        bad = int(np.sum(~np.isclose(p, expected, atol=tol, rtol=0)))
        return f"{bad} of the 17 entries do not match the frequencies in pixels."
    return None


@question("entropy", "q2")
def q2(answer, *, strict, pixels):
    """The plug-in entropy of the grey levels, in bits."""
    p = _pmf(pixels)
    h = entropy(p)
    occurring = p[p > 0].size
    return compare_information(
        answer,
        h,
        strict=strict,
        what="h",
        upper=(math.log2(LEVELS), "log2(17) bits"),
        alternatives=[
            (math.log2(LEVELS), "h is log2(17): the entropy of a uniform pmf, not of p."),
            (math.log2(occurring), "h is the log of the number of levels, not the entropy of p."),
            (
                float(-np.sum(p[p > 0] * np.log2(p[p > 0])) / LEVELS),
                "h looks divided by 17: entropy is a sum over levels, not a mean.",
            ),
        ],
    )


@question("entropy", "q3")
def q3(answer, *, strict, pixels):
    """The expected length of a Huffman code for the grey levels, in bits per pixel."""
    p = _pmf(pixels)
    h = entropy(p)
    expected = expected_code_length(p, huffman_lengths(p))
    L = float(np.asarray(answer, dtype=float).reshape(-1)[0]) if np.size(answer) == 1 else None
    if L is not None and math.isfinite(L) and 0 <= L < h - 1e-9:
        return "L is below the entropy of p: no uniquely decodable code is that short."
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="L",
        alternatives=[
            (
                h,
                "L equals the entropy: give the expected length of the actual Huffman code, "
                "which is a little longer.",
            ),
            (
                math.ceil(math.log2(LEVELS)),
                "L is the length of a fixed-length code; a Huffman code does better.",
            ),
            (
                float(np.mean(huffman_lengths(p))),
                "L is the plain mean of the code lengths; weight each by its probability.",
            ),
        ],
    )


def _pairs(images):
    x = np.asarray(images)
    if x.ndim != 3 or not np.issubdtype(x.dtype, np.integer):
        raise ValueError("images should be the (n, 8, 8) integer array given above")
    return x[:, :, 1:].reshape(-1), x[:, :, :-1].reshape(-1)


@question("entropy", "q4")
def q4(answer, *, strict, images):
    """H(pixel | its left neighbour), in bits."""
    right, left = _pairs(images)
    pxy = joint_pmf(right, left)  # right on axis 0
    expected = conditional_entropy(pxy)
    h_right = entropy(pxy.sum(axis=1))
    h_left = entropy(pxy.sum(axis=0))
    h_joint = entropy(pxy)
    alternatives = [
        (
            h_joint,
            "h_cond is the joint entropy H(X, Y); subtract the entropy of the left neighbour.",
        ),
        (h_right - expected, "h_cond is the mutual information I(X;Y), not H(X|Y)."),
        (h_left, "h_cond is the entropy of the left neighbour alone."),
    ]
    if not _close(h_joint - h_right, expected, strict):
        alternatives.append(
            (
                h_joint - h_right,
                "h_cond is H(left | right): condition the "
                "pixel on its left neighbour, not the other way round.",
            )
        )
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="h_cond",
        upper=(h_right, "H(pixel), and conditioning cannot increase entropy"),
        alternatives=alternatives,
    )
