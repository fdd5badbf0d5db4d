"""Checkers of the practice "How good is a one-bit camera?" (rate–distortion)."""

from __future__ import annotations

import numpy as np

from ..channels import rate_distortion
from ..discrete import entropy
from . import compare_information, question

LEVELS = 17
THRESHOLD = 8


def _pixels(pixels):
    x = np.asarray(pixels).reshape(-1)
    if not np.issubdtype(x.dtype, np.integer) or x.min() < 0 or x.max() >= LEVELS:
        raise ValueError("pixels should be integer grey levels 0..16")
    return x


def _camera(x):
    b = x > THRESHOLD
    rec = np.where(b, x[b].mean(), x[~b].mean())
    return b, rec


@question("rate_distortion", "q1")
def q1(answer, *, strict, pixels):
    """Mean squared error of the one-bit camera with the best reconstruction levels."""
    x = _pixels(pixels)
    b, rec = _camera(x)
    expected = float(np.mean((x - rec) ** 2))
    naive = float(np.mean((x - np.where(b, 16, 0)) ** 2))
    mid = float(np.mean((x - np.where(b, 12.5, 4)) ** 2))
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="distortion",
        alternatives=[
            (
                naive,
                "distortion reconstructs ink as 16 and blank as 0; use the mean grey level "
                "of the pixels in each group instead.",
            ),
            (mid, "distortion uses the midpoints of the two groups; use their mean grey levels."),
            (float(np.sqrt(expected)), "distortion is the root of the mean squared error."),
            (
                float(np.mean(np.abs(x - rec))),
                "distortion is a mean absolute error; the question asks for the squared error.",
            ),
        ],
    )


@question("rate_distortion", "q2")
def q2(answer, *, strict, pixels):
    """The rate of the camera's bit after ideal entropy coding, in bits per pixel."""
    x = _pixels(pixels)
    b, _ = _camera(x)
    expected = entropy(np.bincount(b, minlength=2) / b.size)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="rate",
        alternatives=[
            (1.0, "rate is 1 bit, the raw size; an entropy coder spends H(B) bits per pixel."),
            (
                entropy(np.bincount(x, minlength=LEVELS) / x.size),
                "rate is the entropy of the 17 grey levels; the camera sends only the bit B.",
            ),
        ],
        upper=(1.0, "one bit"),
    )


@question("rate_distortion", "q3")
def q3(answer, *, strict, pixels):
    """R(D) of the grey-level source with squared error, at the camera's distortion."""
    x = _pixels(pixels)
    b, rec = _camera(x)
    px = np.bincount(x, minlength=LEVELS) / x.size
    levels = np.arange(LEVELS, dtype=float)
    d = float(np.mean((x - rec) ** 2))
    expected = rate_distortion(px, (levels[:, None] - levels[None, :]) ** 2, d)
    rate = entropy(np.bincount(b, minlength=2) / b.size)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="r_min",
        alternatives=[
            (
                rate_distortion(px, np.abs(levels[:, None] - levels[None, :]), d),
                "r_min uses the absolute error |x - x_hat|; the distortion is squared.",
            ),
            (rate, "r_min is the camera's own rate, not the least rate any coder needs."),
        ],
        upper=(rate, "the camera's own rate, which is one way to reach that distortion"),
    )
