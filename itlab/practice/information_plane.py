"""Checkers of the practice "Where does the network squeeze?" (information plane)."""

from __future__ import annotations

import math

import numpy as np

from ..discrete import entropy, joint_pmf, mutual_information
from . import as_array, as_number, question

BINS = 10


def _codes(a):
    """One integer per row: the pattern of binned tanh activations (10 bins on [-1, 1])."""
    a = np.asarray(a, dtype=float)
    if a.ndim != 2:
        raise ValueError("each entry of acts should be an (n, units) array of activations")
    b = np.clip(np.floor((a + 1) / 2 * BINS), 0, BINS - 1).astype(int)
    return np.unique(b, axis=0, return_inverse=True)[1].ravel()


def _planes(acts, y):
    cs = [_codes(a) for a in acts]
    i_xt = np.array([entropy(np.bincount(c) / c.size) for c in cs])
    i_ty = np.array([mutual_information(joint_pmf(c, np.asarray(y))) for c in cs])
    return i_xt, i_ty


def _compare(answer, expected, strict, what):
    arr = as_array(answer, expected.shape, what)
    rtol, atol = (1e-9, 1e-12) if strict else (1e-3, 1e-3)
    if np.allclose(arr, expected, rtol=rtol, atol=atol):
        return None
    if np.any(arr < 0):
        return f"{what} has negative entries; these informations cannot be negative."
    if np.allclose(arr, expected * math.log(2), rtol=rtol, atol=atol):
        return f"{what} looks like it is in nats: the question asks for bits."
    if np.allclose(arr, expected[::-1], rtol=rtol, atol=atol):
        return f"{what} is in reverse order: entry 0 is the first hidden layer."
    wrong = int(np.sum(~np.isclose(arr, expected, rtol=rtol, atol=atol)))
    return f"{wrong} of the {arr.size} entries of {what} are not right."


@question("information_plane", "q1")
def q1(answer, *, strict, acts, y):
    """I(X; T_l) = H(T_l) of each binned hidden layer, in bits."""
    i_xt, i_ty = _planes(acts, y)
    arr = np.asarray(answer, dtype=float) if np.ndim(answer) == 1 else None
    if arr is not None and arr.shape == i_ty.shape and np.allclose(arr, i_ty, atol=1e-3):
        return "i_xt holds I(T; Y), the information about the label; the question asks for H(T)."
    return _compare(answer, i_xt, strict, "i_xt")


@question("information_plane", "q2")
def q2(answer, *, strict, acts, y):
    """I(T_l; Y) of each binned hidden layer, in bits."""
    i_xt, i_ty = _planes(acts, y)
    arr = np.asarray(answer, dtype=float) if np.ndim(answer) == 1 else None
    if arr is not None and arr.shape == i_xt.shape and np.allclose(arr, i_xt, atol=1e-3):
        return "i_ty holds H(T) = I(X; T); the question asks for the information about Y."
    hy = entropy(np.bincount(np.asarray(y)) / np.size(y))
    if arr is not None and arr.shape == i_ty.shape and np.any(arr > hy + 1e-9):
        return "i_ty has entries above H(Y), which no layer can know about the label."
    return _compare(answer, i_ty, strict, "i_ty")


@question("information_plane", "q3")
def q3(answer, *, strict, acts, y):
    """The index of the hidden layer with the smallest I(X; T): the bottleneck."""
    i_xt, _ = _planes(acts, y)
    k = as_number(answer, "bottleneck")
    if k != int(k) or not 0 <= k < i_xt.size:
        return f"bottleneck should be a layer index 0..{i_xt.size - 1}."
    if strict and not isinstance(answer, (int, np.integer)):
        return "bottleneck should be an integer."
    k = int(k)
    if i_xt[k] <= i_xt.min() + 1e-12:
        return None
    if i_xt[k] >= i_xt.max() - 1e-12:
        return "that layer keeps the most about the input, not the least."
    return "another layer keeps less about the input."
