"""Tests of itlab.timeseries.transfer_entropy."""

import math

import numpy as np
import pytest

from itlab.timeseries import transfer_entropy

A, B, C = 0.5, 0.4, 0.6  # x' = A x + e_x ; y' = B y + C x + e_y ; unit noise variances


def _coupled_ar(n, seed):
    rng = np.random.default_rng(seed)
    e = rng.normal(size=(n, 2))
    x = np.zeros(n)
    y = np.zeros(n)
    for t in range(n - 1):
        x[t + 1] = A * x[t] + e[t + 1, 0]
        y[t + 1] = B * y[t] + C * x[t] + e[t + 1, 1]
    return x[200:], y[200:]


def _closed_form_bits():
    """TE x->y with one step of history, from the stationary covariances.

    Stationarity gives S_xx = 1/(1-A^2), S_xy = A C S_xx / (1 - A B) and
    S_yy = (2 B C S_xy + C^2 S_xx + 1) / (1 - B^2). Given y_t, the prediction error of
    y_{t+1} from its own past has variance C^2 Var(x_t | y_t) + 1, from both pasts 1,
    so TE = 1/2 log2(1 + C^2 (S_xx - S_xy^2 / S_yy)).
    """
    sxx = 1 / (1 - A**2)
    sxy = A * C * sxx / (1 - A * B)
    syy = (2 * B * C * sxy + C**2 * sxx + 1) / (1 - B**2)
    return 0.5 * math.log2(1 + C**2 * (sxx - sxy**2 / syy))


def test_closed_form_matches_regression_residuals():
    x, y = _coupled_ar(200_000, 0)
    own = np.c_[y[:-1]]
    both = np.c_[y[:-1], x[:-1]]
    r1 = y[1:] - own @ np.linalg.lstsq(own, y[1:], rcond=None)[0]
    r2 = y[1:] - both @ np.linalg.lstsq(both, y[1:], rcond=None)[0]
    assert 0.5 * math.log2(r1.var() / r2.var()) == pytest.approx(_closed_form_bits(), abs=0.005)


@pytest.mark.parametrize("seed", [1, 2])
def test_ksg_linear_gaussian(seed):
    # tolerance: 0.05 bits (~20 % of the value) at n = 4000, k = 3
    x, y = _coupled_ar(4200, seed)
    assert transfer_entropy(x, y) == pytest.approx(_closed_form_bits(), abs=0.05)
    assert abs(transfer_entropy(y, x)) < 0.03


def _plugin_cmi_bits(a, b, c):
    """I(A;B|C) in bits by counting tuples with dictionaries."""
    n = len(a)
    from collections import Counter

    abc = Counter(zip(a, b, c, strict=True))
    ac = Counter(zip(a, c, strict=True))
    bc = Counter(zip(b, c, strict=True))
    cc = Counter(c)
    return sum(
        m / n * math.log2(m * cc[z] / (ac[(u, z)] * bc[(v, z)])) for (u, v, z), m in abc.items()
    )


def test_discrete_equals_independent_plugin():
    rng = np.random.default_rng(3)
    x = rng.integers(0, 3, size=3000)
    y = np.zeros(3000, int)
    flip = rng.random(3000) < 0.3
    y[2:] = np.where(flip[2:], rng.integers(0, 3, size=2998), (x[:-2] + y[1:-1]) % 3)
    h, ls, lag = 2, 2, 2
    start = max(h - 1, lag + ls - 2)
    t = np.arange(start, 2999)
    nxt = y[t + 1]
    own = [tuple(y[s - i] for i in range(h)) for s in t]
    src = [tuple(x[s + 1 - lag - j] for j in range(ls)) for s in t]
    ref = _plugin_cmi_bits(list(nxt), src, own)
    est = transfer_entropy(x, y, history=h, source_history=ls, lag=lag, method="discrete")
    assert est == pytest.approx(ref, abs=1e-12)
    assert est > 0.5


def test_agrees_with_infomeasure():
    im = pytest.importorskip("infomeasure")
    x, y = _coupled_ar(3000, 4)
    xd, yd = (x > 0).astype(int), (y > 0).astype(int)
    ours = transfer_entropy(xd, yd, history=2, source_history=2, method="discrete")
    theirs = im.transfer_entropy(
        xd, yd, approach="discrete", base=2, src_hist_len=2, dest_hist_len=2
    )
    assert ours == pytest.approx(theirs, abs=1e-10)
    ours = transfer_entropy(x, y, k=3)
    theirs = im.transfer_entropy(x, y, approach="ksg", k=3, base=2, prop_time=0)
    assert ours == pytest.approx(theirs, abs=0.02)


def test_units():
    x, y = _coupled_ar(1000, 5)
    assert transfer_entropy(x, y, base=math.e) == pytest.approx(
        transfer_entropy(x, y) * math.log(2)
    )


def test_bad_input():
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="history"):
        transfer_entropy(x, x, history=12)
    with pytest.raises(ValueError, match="equal lengths"):
        transfer_entropy(x, x[:-1])
    bad = x.copy()
    bad[3] = np.nan
    with pytest.raises(ValueError, match="target"):
        transfer_entropy(x, bad)
    with pytest.raises(ValueError, match="source"):
        transfer_entropy(np.ones((5, 2)), np.ones(5))
    with pytest.raises(ValueError, match="method"):
        transfer_entropy(x, x, method="kde")
    with pytest.raises(ValueError, match="lag"):
        transfer_entropy(x, x, lag=0)
