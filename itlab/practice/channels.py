"""Checkers of the practice "A classifier as a noisy channel" (channel capacity)."""

from __future__ import annotations

import numpy as np

from ..channels import channel_capacity
from ..discrete import mutual_information
from . import _close, as_array, as_number, compare_information, question

K = 10


def _channel(y_test, y_pred):
    y_test, y_pred = np.asarray(y_test), np.asarray(y_pred)
    if y_test.shape != y_pred.shape or y_test.ndim != 1:
        raise ValueError("y_test and y_pred should be the two label arrays given above")
    counts = np.zeros((K, K))
    np.add.at(counts, (y_test, y_pred), 1)
    return counts


@question("channels", "q1")
def q1(answer, *, strict, y_test, y_pred):
    """W[y, y_hat] = p(y_hat | y), the row-normalised confusion matrix."""
    counts = _channel(y_test, y_pred)
    expected = counts / counts.sum(axis=1, keepdims=True)
    W = as_array(answer, (K, K), "W")
    atol = 1e-12 if strict else 1e-6
    if np.allclose(W, counts, atol=atol, rtol=0):
        return "W holds counts: divide each row by its sum to get p(y_hat | y)."
    if np.allclose(W, (counts / counts.sum(axis=0, keepdims=True)), atol=atol, rtol=0):
        return "W is normalised by columns, p(y | y_hat); a channel's rows are p(y_hat | y)."
    if np.allclose(W, counts / counts.sum(), atol=atol, rtol=0):
        return "W is the joint pmf; a channel matrix holds p(y_hat | y), rows summing to 1."
    if np.allclose(W, expected.T, atol=atol, rtol=0):
        return "W is transposed: W[y, y_hat] should be p(y_hat | y), with rows summing to 1."
    if not np.allclose(W.sum(axis=1), 1, atol=1e-6):
        return "the rows of W do not sum to 1."
    if not np.allclose(W, expected, atol=atol, rtol=0):
        return "W's rows sum to 1 but do not match the classifier's confusions."
    return None


@question("channels", "q2")
def q2(answer, *, strict, y_test, y_pred):
    """The capacity of the classifier-channel, in bits."""
    counts = _channel(y_test, y_pred)
    W = counts / counts.sum(axis=1, keepdims=True)
    expected, _ = channel_capacity(W)
    uniform = mutual_information(W / K)
    alternatives = [(np.log2(K), "capacity is log2(10), that of a perfect classifier.")]
    if not _close(uniform, expected, strict):
        alternatives.append(
            (
                uniform,
                "capacity is I(X; Y) for a uniform input; the capacity "
                "maximises over input distributions.",
            )
        )
    if isinstance(answer, tuple):
        return "capacity is the first element of what channel_capacity returns."
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="capacity",
        alternatives=alternatives,
        upper=(np.log2(K), "log2(10) bits"),
    )


@question("channels", "q3")
def q3(answer, *, strict, y_test, y_pred):
    """I(X; Y_hat) in bits when the ten digits are sent equally often."""
    counts = _channel(y_test, y_pred)
    W = counts / counts.sum(axis=1, keepdims=True)
    expected = mutual_information(W / K)
    capacity, _ = channel_capacity(W)
    return compare_information(
        answer,
        expected,
        strict=strict,
        what="i_uniform",
        alternatives=[]
        if _close(capacity, expected, strict)
        else [(capacity, "i_uniform is the capacity; use the uniform input instead.")],
        upper=(capacity, "the capacity"),
    )


@question("channels", "q4")
def q4(answer, *, strict, y_test, y_pred):
    """The digit that the capacity-achieving input sends least often."""
    counts = _channel(y_test, y_pred)
    _, px = channel_capacity(counts / counts.sum(axis=1, keepdims=True))
    d = as_number(answer, "avoid")
    if d != int(d) or not 0 <= d < K:
        return "avoid should be a digit 0-9."
    if strict and not isinstance(answer, (int, np.integer)):
        return "avoid should be an integer."
    d = int(d)
    if px[d] <= px.min() + 1e-9:
        return None
    if px[d] >= px.max() - 1e-9:
        return "avoid is the digit the best input sends most often, not least."
    return "the best input sends another digit less often."
