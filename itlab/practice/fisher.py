"""Checkers of the practice "Which weights matter?" (Fisher information)."""

from __future__ import annotations

import numpy as np

from . import as_array, as_number, question


def _fisher(model, inputs, **kw):
    from ..fisher import fisher_information

    return fisher_information(model, inputs, diagonal=True, **kw)


def _compare_array(arr, expected, strict, what):
    rtol, atol = (1e-6, 1e-12) if strict else (1e-3, 1e-9)
    if np.allclose(arr, expected, rtol=rtol, atol=atol):
        return None
    if np.any(arr < -1e-12):
        return f"{what} has negative entries; Fisher information is never negative."
    wrong = int(np.sum(~np.isclose(arr, expected, rtol=rtol, atol=atol)))
    return f"{wrong} of the {arr.size} entries of {what} are not right."


@question("fisher", "q1")
def q1(answer, *, strict, model, inputs, targets):
    """The diagonal of the true Fisher information at the trained parameters, shape (P,)."""
    expected = _fisher(model, inputs)
    P = expected.size
    if np.ndim(answer) == 2 and np.shape(answer) == (P, P):
        return "F is the full (P, P) matrix; give its diagonal (diagonal=True)."
    F = as_array(answer, (P,), "F")
    empirical = _fisher(model, inputs, kind="empirical", targets=targets)
    if np.allclose(F, empirical, rtol=1e-3, atol=1e-9) and not np.allclose(
        empirical, expected, rtol=1e-3
    ):
        return (
            "F is the empirical Fisher (gradients at the observed labels); the question "
            "asks for the true Fisher, an expectation over the model's own predictions."
        )
    return _compare_array(F, expected, strict, "F")


def _importance(F):
    return F[:640].reshape(10, 64).sum(axis=0)


@question("fisher", "q2")
def q2(answer, *, strict, model, inputs):
    """Importance of each input pixel: the Fisher of its 10 weights, summed; shape (64,)."""
    F = _fisher(model, inputs)
    expected = _importance(F)
    arr = np.asarray(answer, dtype=float) if np.ndim(answer) else None
    if arr is not None and arr.shape == (10,):
        return (
            "pixel_importance sums over the wrong axis: the weight matrix is (10 outputs, "
            "64 inputs); sum over the outputs."
        )
    arr = as_array(answer, (64,), "pixel_importance")
    if np.allclose(arr, F[:640].reshape(64, 10).sum(axis=1), rtol=1e-3, atol=1e-9):
        return (
            "pixel_importance reshapes the weights as (64, 10); model.weight is (10, 64), "
            "flattened row by row."
        )
    return _compare_array(arr, expected, strict, "pixel_importance")


@question("fisher", "q3")
def q3(answer, *, strict, model, inputs):
    """The index of the most important pixel."""
    imp = _importance(_fisher(model, inputs))
    j = as_number(answer, "top_pixel")
    if j != int(j) or not 0 <= j < 64:
        return "top_pixel should be a pixel index 0..63."
    if strict and not isinstance(answer, (int, np.integer)):
        return "top_pixel should be an integer."
    j = int(j)
    if imp[j] >= imp.max() - 1e-12:
        return None
    if imp[j] <= imp.min() + 1e-12:
        return "top_pixel is one of the least important pixels (a blank border pixel?)."
    return "another pixel's weights carry more Fisher information."
