r"""The information plane of a neural network, and the experiment that made it famous.

Every layer T of a feed-forward network is a function of the input X, so the label,
the input and the layers form a Markov chain :math:`Y - X - T_1 - T_2 - \dots`.
The *information plane* places each layer at the point :math:`(I(X;T), I(T;Y))`
and follows the points through training (Shwartz-Ziv & Tishby 2017). This module
holds the instrument and the experiment:

- :class:`InformationPlane`: forward hooks on chosen layers of any torch model,
  activation snapshots on a fixed input set at chosen epochs, and
  :math:`I(X;T)`, :math:`I(T;Y)` per layer from a pluggable estimator;
- two estimators: :func:`binning_information` (equal-width bins over a fixed
  range, as Shwartz-Ziv & Tishby, or over each layer's own range) and
  :func:`kde_information` (the pairwise-distance upper bound of Kolchinsky &
  Tracey used by Saxe et al. 2018), wrapped as :class:`BinningEstimator` and
  :class:`KDEEstimator`;
- the 12-bit task (:func:`twelve_bit_task`), the 12-10-7-5-4-3-2 network
  (:class:`PlaneNetwork`) and :func:`train_twelve_bit`, which trains it with Adam
  and records the plane and the gradients' signal-to-noise ratio;
- :func:`plot_information_plane`, and the generalization bounds the theory
  argues about (:func:`classic_generalization_bound`,
  :func:`vc_generalization_bound`, :func:`input_compression_bound`).

Information is in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import json
import math
import numbers
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validation import as_generator, check_positive_int, check_samples, log_base
from .bottleneck import _check_positive_float, _require_torch, _torch_threads, nn, torch
from .utils import progress

__all__ = [
    "twelve_bit_task",
    "PlaneNetwork",
    "snapshot_epochs",
    "binning_information",
    "kde_information",
    "BinningEstimator",
    "KDEEstimator",
    "InformationPlane",
    "PlaneRun",
    "train_twelve_bit",
    "plot_information_plane",
    "classic_generalization_bound",
    "vc_generalization_bound",
    "input_compression_bound",
]

# --------------------------------------------------------------------------- the 12-bit task

_PHI = (1.0 + math.sqrt(5.0)) / 2.0

#: Threshold on the squared length of the sum of the selected vertices (see twelve_bit_task).
TWELVE_BIT_THRESHOLD = 2.5


def _icosahedron_vertices():
    """The 12 unit vertices of a regular icosahedron, in the order twelve_bit_task uses."""
    rows = []
    for s1 in (-1.0, 1.0):
        for s2 in (-1.0, 1.0):
            rows += [(0.0, s1, s2 * _PHI), (s1, s2 * _PHI, 0.0), (s2 * _PHI, 0.0, s1)]
    v = np.array(rows)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def twelve_bit_task():
    r"""All 4096 patterns of 12 bits with the labels of a rotation-invariant rule.

    Returns
    -------
    x : numpy.ndarray, shape (4096, 12)
        Row k holds the binary digits of k (float32), most significant first; every
        12-bit pattern appears exactly once.
    y : numpy.ndarray, shape (4096,)
        Labels 0/1 (int64); 2036 of the 4096 patterns (49.7 %) have label 1.

    Notes
    -----
    As in Shwartz-Ziv & Tishby (2017), the 12 inputs stand for 12 points spread
    uniformly over the sphere -- here the vertices :math:`v_1, \dots, v_{12}` of a
    regular icosahedron, the cyclic permutations of :math:`(0, \pm 1, \pm\varphi)`
    normalised to unit length -- and the label is a threshold of a function that is
    invariant under rotations of the sphere:

    .. math:: y(x) = \mathbf{1}\Big[\big\|\textstyle\sum_{i} x_i v_i\big\|^2 > 2.5\Big].

    The squared length takes 20 distinct values; 2.5 lies between
    :math:`4 - 4/\sqrt5 \approx 2.21` and :math:`4 - 4/\sqrt5 + 0.68 \approx 2.89`
    and splits the patterns 2060 / 2036, the split closest to 50/50. Because the
    vertices sum to zero, complementing every bit negates the sum and keeps the
    label, and so does any symmetry of the icosahedron (permuting the bits
    accordingly). The label is a deterministic function of the pattern, so with X
    uniform over the 4096 patterns :math:`I(X;Y) = H(Y) \approx 1` bit.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), "Opening the black box of deep neural networks via
    information", arXiv:1703.00810.

    Examples
    --------
    >>> import itlab as it
    >>> x, y = it.twelve_bit_task()
    >>> x.shape, int(y.sum())
    ((4096, 12), 2036)
    """
    bits = (np.arange(4096)[:, None] >> np.arange(11, -1, -1)[None, :]) & 1
    s = bits @ _icosahedron_vertices()
    y = (np.einsum("ij,ij->i", s, s) > TWELVE_BIT_THRESHOLD).astype(np.int64)
    return bits.astype(np.float32), y


# --------------------------------------------------------------------------- the network

_ACTIVATIONS = ("tanh", "relu")


def _check_activation(activation):
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {_ACTIVATIONS}, got {activation!r}")
    return activation


class PlaneNetwork(nn.Sequential if nn is not None else object):
    r"""The fully connected network of the information-plane experiments.

    ``Linear -> activation`` blocks and a final ``Linear -> Softmax``; with the
    default widths it is the 12-10-7-5-4-3-2 network of Shwartz-Ziv & Tishby (2017).

    Parameters
    ----------
    widths : sequence of int, default (12, 10, 7, 5, 4, 3, 2)
        Input width, hidden widths and number of classes.
    activation : {"tanh", "relu"}, default "tanh"
        Non-linearity of the hidden layers.
    seed : int, default 0
        Seed of the initial weights.
    device : str or torch.device, default "cpu"

    Raises
    ------
    ValueError
        If ``activation`` is unknown or ``widths`` has fewer than 3 entries or an
        entry below 1 (or the last below 2).

    Notes
    -----
    Modules are named ``linear1, act1, ..., linear<L>, softmax``; the
    representations :math:`T_1, \dots, T_L` are the outputs of ``act1`` ...
    ``act<L-1>`` and ``softmax`` (listed in :attr:`representations`). Weights start
    from a normal distribution truncated at two standard deviations, with standard
    deviation :math:`1/\sqrt{\text{fan-in}}`, and biases at zero (as in Saxe et
    al.'s reproduction). Calling the network returns class probabilities;
    :meth:`logits` returns the scores before the softmax, for the loss.

    Examples
    --------
    >>> import itlab as it
    >>> net = it.PlaneNetwork()
    >>> net.representations
    ['act1', 'act2', 'act3', 'act4', 'act5', 'softmax']
    >>> sum(p.numel() for p in net.parameters())
    294
    """

    def __init__(self, widths=(12, 10, 7, 5, 4, 3, 2), activation="tanh", *, seed=0, device="cpu"):
        _require_torch()
        widths = tuple(check_positive_int(w, "widths") for w in widths)
        if len(widths) < 3:
            raise ValueError(f"widths must list the input, at least one hidden layer and the output, got {widths}")
        if widths[-1] < 2:
            raise ValueError("widths must end with at least 2 classes")
        _check_activation(activation)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seed must be an int, got {type(seed).__name__}")
        gen = torch.Generator().manual_seed(int(seed))
        act = {"tanh": nn.Tanh, "relu": nn.ReLU}[activation]
        modules = OrderedDict()
        n_linear = len(widths) - 1
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]), start=1):
            lin = nn.Linear(a, b)
            std = 1.0 / math.sqrt(a)
            with torch.no_grad():
                nn.init.trunc_normal_(lin.weight, std=std, a=-2 * std, b=2 * std, generator=gen)
                lin.bias.zero_()
            modules[f"linear{i}"] = lin
            modules["softmax" if i == n_linear else f"act{i}"] = nn.Softmax(dim=1) if i == n_linear else act()
        super().__init__(modules)
        self.widths = widths
        self.activation = activation
        self.to(device)

    @property
    def representations(self):
        """Names of the modules whose outputs are the layers :math:`T_1, \\dots, T_L`."""
        return [f"act{i}" for i in range(1, len(self.widths) - 2 + 1)] + ["softmax"]

    @property
    def linears(self):
        """The ``Linear`` modules, input to output."""
        return [m for m in self if isinstance(m, nn.Linear)]

    def logits(self, x):
        """Scores before the softmax, shape ``(n, n_classes)``."""
        for module in list(self)[:-1]:
            x = module(x)
        return x


# --------------------------------------------------------------------------- snapshots


def snapshot_epochs(epochs, n_snapshots):
    """About ``n_snapshots`` distinct epochs from 0 to ``epochs``, log-spaced.

    Parameters
    ----------
    epochs : int
        Last epoch (the number of training epochs).
    n_snapshots : int
        How many epochs to return (at least 2); fewer when ``epochs + 1`` is smaller.

    Returns
    -------
    numpy.ndarray of int
        Sorted distinct epochs; always includes 0 (the initial network) and ``epochs``.

    Raises
    ------
    ValueError
        If ``epochs < 1`` or ``n_snapshots < 2``.

    Examples
    --------
    >>> import itlab as it
    >>> it.snapshot_epochs(100, 8).tolist()
    [0, 1, 2, 5, 10, 22, 46, 100]
    """
    epochs = check_positive_int(epochs, "epochs")
    n_snapshots = check_positive_int(n_snapshots, "n_snapshots", minimum=2)
    want = min(n_snapshots, epochs + 1)
    if want == 2:
        return np.array([0, epochs], dtype=np.int64)

    def grid_of(k):
        return np.unique(np.round(np.geomspace(1, epochs, k)).astype(np.int64))

    # Rounding to integers merges the smallest epochs: find (by doubling, then
    # bisection) a grid size whose rounded grid keeps at least want - 1 epochs.
    lo, hi = want - 2, want - 1
    while grid_of(hi).size < want - 1:
        lo, hi = hi, 2 * hi
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if grid_of(mid).size >= want - 1 else (mid, hi)
    grid = grid_of(hi)
    surplus = grid.size + 1 - want
    if surplus:  # drop the interior epochs closest to their predecessor
        gaps = np.log(grid[1:-1]) - np.log(grid[:-2])
        drop = 1 + np.argsort(gaps, kind="stable")[:surplus]
        grid = np.delete(grid, drop)
    return np.concatenate([[0], grid])


# --------------------------------------------------------------------------- estimators


def _labels(y, n, name="y"):
    """Compact integer ids of labels ``y`` (length ``n``) and the number of classes."""
    arr = np.asarray(y.detach().cpu().numpy() if hasattr(y, "detach") else y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"{name} must have one label per row of the data ({n}), got {arr.shape[0]}")
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    _, ids = np.unique(arr, return_inverse=True)
    return ids.ravel().astype(np.int64), int(ids.max()) + 1 if n else 0


def _entropy_of_ids(ids):
    """Plug-in entropy (nats) of the empirical distribution of integer ids."""
    counts = np.bincount(ids)
    counts = counts[counts > 0]
    n = ids.size
    return float(math.log(n) - np.dot(counts, np.log(counts)) / n)


def _row_ids(cells, bins):
    """Compact integer id of each row of non-negative integer cells (< bins), no loop over rows."""
    n, d = cells.shape
    if d * math.log2(max(bins, 2)) <= 62:  # mixed-radix code fits in int64
        code = cells @ (np.int64(bins) ** np.arange(d, dtype=np.int64))
        return np.unique(code, return_inverse=True)[1].ravel()
    return np.unique(cells, axis=0, return_inverse=True)[1].ravel()


def _check_range(value_range):
    if value_range is None:
        return None
    try:
        lo, hi = (float(v) for v in value_range)
    except (TypeError, ValueError):
        raise TypeError(f"value_range must be None or a pair (low, high), got {value_range!r}") from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        raise ValueError(f"value_range must be finite with low < high, got {value_range!r}")
    return lo, hi


def binning_information(t, y, *, bins=30, value_range=(-1.0, 1.0), base=2):
    r"""I(X;T) and I(T;Y) of a deterministic layer after binning its activations.

    Parameters
    ----------
    t : array_like, shape (n, d)
        Activations of one layer on n equally likely inputs (row i belongs to input i).
    y : array_like, shape (n,)
        Label of each input.
    bins : int, default 30
        Equal-width bins per unit.
    value_range : (float, float) or None, default (-1, 1)
        Range cut into ``bins`` bins, the same for every unit; values outside go
        to the first or last bin. ``(-1, 1)`` suits tanh, as in Shwartz-Ziv &
        Tishby (2017). ``None`` uses the layer's own range ``(t.min(), t.max())``
        -- an adaptive range, needed for unbounded activations such as ReLU.
    base : float, default 2
        Logarithm base (2: bits).

    Returns
    -------
    i_xt, i_ty : float
        :math:`I(X;\hat T)` and :math:`I(\hat T;Y)` of the binned layer
        :math:`\hat T`, in units of ``base``.

    Raises
    ------
    ValueError
        If ``t`` has NaN/inf values or the wrong shape, ``y`` does not give one label
        per row, ``bins < 1``, ``value_range`` is not a finite increasing pair, or
        ``base`` is invalid.

    Notes
    -----
    The binned layer :math:`\hat T` is a deterministic function of the input, so
    :math:`H(\hat T \mid X) = 0` and

    .. math:: I(X;\hat T) = H(\hat T) \le H(X) = \log n, \qquad
              I(\hat T;Y) = H(\hat T) - H(\hat T \mid Y) \le H(Y),

    with plug-in entropies of the empirical distribution over the n inputs (exact,
    not estimates, when the inputs are the whole equally likely input set). Each
    row of bin indices is turned into one integer code (mixed radix, or
    ``numpy.unique`` on rows when the code would overflow), so no Python loop runs
    over samples. What the number measures is how many of the bins the n points
    occupy, and how evenly: geometry at the scale of the bin width, not
    information carried by the real-valued layer (for which
    :math:`I(X;T) = \log n` whenever the layer is injective on the inputs).

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810. Saxe et al. (2018), "On the
    information bottleneck theory of deep learning", ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> t = np.array([[-0.9], [-0.8], [0.5], [0.52]])   # two occupied bins
    >>> it.binning_information(t, [0, 0, 1, 1], bins=10)
    (1.0, 1.0)
    """
    t = check_samples(t, "t")
    ids_y, n_y = _labels(y, t.shape[0])
    bins = check_positive_int(bins, "bins")
    value_range = _check_range(value_range)
    scale = log_base(base)
    lo, hi = value_range if value_range is not None else (float(t.min()), float(t.max()))
    if hi > lo:
        cells = np.floor((t - lo) * (bins / (hi - lo))).astype(np.int64)
        np.clip(cells, 0, bins - 1, out=cells)
    else:  # a constant layer: one bin
        cells = np.zeros(t.shape, dtype=np.int64)
    ids_t = _row_ids(cells, bins)
    h_t = _entropy_of_ids(ids_t)
    h_ty = _entropy_of_ids(ids_t * n_y + ids_y)
    h_y = _entropy_of_ids(ids_y)
    return h_t / scale, max(h_t + h_y - h_ty, 0.0) / scale


#: Kernel terms below exp(-_KDE_CUTOFF) relative to the self term are skipped; with
#: n = 4096 they would change a row sum by less than 1e-14 (relative).
_KDE_CUTOFF = 40.0


def kde_information(t, y, *, noise_variance=1e-3, chunk_size=128, base=2, device="cpu"):
    r"""Kolchinsky--Tracey upper bound on I(X;T+noise), and the matching I(T+noise;Y).

    Parameters
    ----------
    t : array_like, shape (n, d)
        Activations of one layer on n equally likely inputs.
    y : array_like, shape (n,)
        Label of each input.
    noise_variance : float, default 1e-3
        Variance :math:`\sigma^2` of the Gaussian noise added to every unit (the
        value in Saxe et al.'s code).
    chunk_size : int, default 128
        Rows of the pairwise kernel held in memory at once.
    base : float, default 2
        Logarithm base (2: bits).
    device : str or torch.device, default "cpu"
        Where the kernel is computed (torch, float64).

    Returns
    -------
    i_xt : float
        Upper bound on :math:`I(X; T+Z)`, :math:`Z \sim \mathcal{N}(0, \sigma^2 I)`,
        in units of ``base``; between 0 and :math:`\log n`.
    i_ty : float
        The same estimator for :math:`I(T+Z; Y)` (a difference of two upper bounds:
        an estimate, not a bound); at most :math:`H(Y)`, and it can come out slightly
        negative when the classes are thoroughly mixed.

    Raises
    ------
    ValueError
        If ``t`` or ``y`` is invalid as in :func:`binning_information`,
        ``noise_variance`` is not positive and finite, ``chunk_size < 1`` or ``base``
        is invalid.

    Notes
    -----
    Make the layer noisy, :math:`\tilde T = T + Z`. Given the input, :math:`\tilde T`
    is Gaussian around :math:`t_i = f(x_i)`, so
    :math:`H(\tilde T \mid X) = \tfrac d2 \log(2\pi e \sigma^2)`, and
    :math:`\tilde T` itself is the mixture
    :math:`\tfrac1n \sum_j \mathcal{N}(t_j, \sigma^2 I)`. Kolchinsky & Tracey (2017)
    bound the entropy of a mixture with weights :math:`c_i` and components
    :math:`p_i` by pairwise divergences,
    :math:`H \le \sum_i c_i H(p_i) - \sum_i c_i \log \sum_j c_j e^{-D(p_i \| p_j)}`,
    and for two Gaussians of covariance :math:`\sigma^2 I`,
    :math:`D(p_i \| p_j) = \|t_i - t_j\|^2 / (2\sigma^2)`. Hence

    .. math::

        H(\tilde T) \le \tfrac d2 \log(2\pi e\sigma^2)
            - \frac1n \sum_i \log \frac1n \sum_j e^{-\|t_i - t_j\|^2/(2\sigma^2)},
        \qquad
        I(X;\tilde T) \le -\frac1n \sum_i \log \frac1n \sum_j
            e^{-\|t_i - t_j\|^2/(2\sigma^2)},

    the :math:`\tfrac d2 \log(2\pi e\sigma^2)` terms cancelling. The same bound
    within each class (:math:`n_c` inputs) gives :math:`H(\tilde T \mid Y = c)`, and

    .. math::

        I(\tilde T; Y) \approx \frac1n \sum_i \log
            \frac{\frac{1}{n_{y_i}} \sum_{j: y_j = y_i} e^{-\|t_i-t_j\|^2/(2\sigma^2)}}
                 {\frac1n \sum_j e^{-\|t_i-t_j\|^2/(2\sigma^2)}}.

    Every row sum contains its own term :math:`e^0 = 1`, so no log-sum-exp shift is
    needed. The kernel is computed in float64 on one thread (faster than several on a
    busy machine), a chunk of rows at a time; rows are
    sorted into cells of side :math:`\sqrt{2\sigma^2 \cdot 40}` and, for each chunk,
    only the points inside the chunk's bounding box widened by that radius are
    visited -- the terms left out are below :math:`e^{-40}` each, far below
    rounding. With n = 4096 a layer takes a fraction of a second.

    References
    ----------
    Kolchinsky & Tracey (2017), "Estimating mixture entropy with pairwise
    distances", Entropy 19, 361. Saxe et al. (2018), "On the information bottleneck
    theory of deep learning", ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> t = np.array([[0.0], [0.0], [5.0], [5.0]])   # two far-apart clusters
    >>> i_xt, i_ty = it.kde_information(t, [0, 0, 1, 1])
    >>> round(i_xt, 6), round(i_ty, 6)
    (1.0, 1.0)
    """
    _require_torch()
    t = check_samples(t, "t")
    ids_y, n_y = _labels(y, t.shape[0])
    s2 = _check_positive_float(noise_variance, "noise_variance")
    chunk_size = check_positive_int(chunk_size, "chunk_size")
    scale = log_base(base)
    n = t.shape[0]
    radius = math.sqrt(2.0 * s2 * _KDE_CUTOFF)
    t = t - t.mean(axis=0)  # distances do not change; centring shrinks rounding in |t|^2
    cells = np.floor(t / radius)
    order = np.lexsort(cells.T[::-1])
    ts = t[order]
    ys = ids_y[order]
    class_sizes = np.bincount(ys, minlength=n_y).astype(np.float64)
    with torch.no_grad(), _torch_threads(1):
        tt = torch.as_tensor(ts, dtype=torch.float64, device=device)
        yt = torch.as_tensor(ys, device=device)
        half_sq = (tt * tt).sum(dim=1) * (-0.5 / s2)  # -|t_j|^2 / (2 s2)
        onehot = nn.functional.one_hot(yt, n_y).to(torch.float64)
        log_sizes = torch.log(torch.as_tensor(class_sizes, device=device))[yt]
        sum_all = torch.zeros((), dtype=torch.float64, device=device)
        sum_own = torch.zeros((), dtype=torch.float64, device=device)
        for start in range(0, n, chunk_size):  # chunks of rows, not samples
            stop = min(start + chunk_size, n)
            block = ts[start:stop]
            lo, hi = block.min(axis=0) - radius, block.max(axis=0) + radius
            near = torch.as_tensor(np.flatnonzero(np.all((ts >= lo) & (ts <= hi), axis=1)), device=device)
            # -|t_i - t_j|^2 / (2 s2) = (t_i . t_j) / s2 - |t_i|^2/(2 s2) - |t_j|^2/(2 s2)
            kern = torch.addmm(half_sq[near][None, :], tt[start:stop], tt[near].T, alpha=1.0 / s2)
            kern.add_(half_sq[start:stop, None]).clamp_max_(0.0).exp_()
            rows_all = kern.sum(dim=1)
            rows_own = (kern @ onehot[near]).gather(1, yt[start:stop, None]).squeeze(1)
            sum_all += torch.log(rows_all).sum()
            sum_own += (torch.log(rows_own) - log_sizes[start:stop]).sum()
        mean_log_all = float(sum_all) / n - math.log(n)  # (1/n) sum_i log (1/n) sum_j K_ij
        mean_log_own = float(sum_own) / n  # (1/n) sum_i log (1/n_{y_i}) sum_{j in y_i} K_ij
    i_xt = -mean_log_all
    i_ty = mean_log_own - mean_log_all
    return max(i_xt, 0.0) / scale, i_ty / scale


class BinningEstimator:
    """:func:`binning_information` with its settings, as an estimator for :class:`InformationPlane`.

    Parameters
    ----------
    bins : int, default 30
    value_range : (float, float) or None, default (-1, 1)
        ``None`` for the adaptive range of each layer (at each snapshot).
    base : float, default 2

    Examples
    --------
    >>> import itlab as it
    >>> est = it.BinningEstimator(bins=10)
    >>> est([[-0.9], [0.5]], [0, 1])
    (1.0, 1.0)
    """

    name = "binning"

    def __init__(self, bins=30, value_range=(-1.0, 1.0), base=2):
        self.bins = check_positive_int(bins, "bins")
        self.value_range = _check_range(value_range)
        log_base(base)
        self.base = base

    def __call__(self, t, y):
        """``(i_xt, i_ty)`` of activations ``t`` with labels ``y``."""
        return binning_information(t, y, bins=self.bins, value_range=self.value_range, base=self.base)

    def __repr__(self):
        return f"BinningEstimator(bins={self.bins}, value_range={self.value_range}, base={self.base})"


class KDEEstimator:
    """:func:`kde_information` with its settings, as an estimator for :class:`InformationPlane`.

    Parameters
    ----------
    noise_variance : float, default 1e-3
    chunk_size : int, default 128
    base : float, default 2
    device : str or torch.device, default "cpu"

    Examples
    --------
    >>> import itlab as it
    >>> est = it.KDEEstimator()
    >>> [round(v, 6) for v in est([[0.0], [5.0]], [0, 1])]
    [1.0, 1.0]
    """

    name = "kde"

    def __init__(self, noise_variance=1e-3, chunk_size=128, base=2, device="cpu"):
        self.noise_variance = _check_positive_float(noise_variance, "noise_variance")
        self.chunk_size = check_positive_int(chunk_size, "chunk_size")
        log_base(base)
        self.base = base
        self.device = device

    def __call__(self, t, y):
        """``(i_xt, i_ty)`` of activations ``t`` with labels ``y``."""
        return kde_information(
            t, y, noise_variance=self.noise_variance, chunk_size=self.chunk_size, base=self.base, device=self.device
        )

    def __repr__(self):
        return f"KDEEstimator(noise_variance={self.noise_variance}, base={self.base})"


def _make_estimator(spec, activation=None):
    """An estimator from a name ("binning", "kde") or a callable."""
    if callable(spec):
        return spec
    if spec == "binning":
        # tanh lives in [-1, 1]: the fixed range of Shwartz-Ziv & Tishby; ReLU is unbounded.
        return BinningEstimator(value_range=None if activation == "relu" else (-1.0, 1.0))
    if spec == "kde":
        return KDEEstimator()
    raise ValueError(f"estimator must be 'binning', 'kde' or a callable, got {spec!r}")


def _make_estimators(estimators, activation=None):
    def key(e):
        return e if isinstance(e, str) else getattr(e, "name", None) or repr(e)

    if isinstance(estimators, str) or callable(estimators):
        estimators = {key(estimators): estimators}
    elif isinstance(estimators, dict):
        pass
    else:
        try:
            estimators = {key(e): e for e in estimators}
        except TypeError:
            raise TypeError(f"estimators must be a name, a callable, a list or a dict, got {estimators!r}") from None
    if not estimators:
        raise ValueError("estimators must not be empty")
    return {str(k): _make_estimator(v, activation) for k, v in estimators.items()}


# --------------------------------------------------------------------------- the recorder


class InformationPlane:
    r"""Record where the layers of a torch model sit in the information plane.

    Forward hooks on the chosen layers capture their outputs when (and only when)
    :meth:`record` runs the model on a fixed input set; each estimator turns a
    layer's activations into :math:`(I(X;T), I(T;Y))`.

    Parameters
    ----------
    model : torch.nn.Module
        Any model; ``model(inputs)`` must run the hooked layers.
    layers : sequence of str or torch.nn.Module
        Layers to follow, by name in ``model.named_modules()`` or as modules.
    inputs : array_like or torch.Tensor, shape (n, ...)
        The fixed input set, each row an equally likely input (for the 12-bit task:
        all 4096 patterns).
    labels : array_like, shape (n,)
        Label of each input.
    estimators : str, callable, list or dict, default "binning"
        ``"binning"`` (30 bins over [-1, 1]), ``"kde"`` (noise variance 1e-3), any
        callable ``estimator(t, y) -> (i_xt, i_ty)`` such as a
        :class:`BinningEstimator`, or several of them as a list or a dict
        ``{name: estimator}``.
    epochs : sequence of int, optional
        The epochs at which :meth:`record` records (others are skipped); every
        call records when omitted.
    keep_activations : bool, default False
        Also keep the activations (as float32 arrays), e.g. to apply another
        estimator later with :meth:`recompute`.

    Raises
    ------
    ValueError
        If a layer is not in the model, ``labels`` does not match ``inputs``, or an
        estimator name is unknown.

    Notes
    -----
    The hooks stay registered until :meth:`remove` (or the end of a ``with``
    block) and do nothing outside :meth:`record`, which runs the model in eval
    mode under ``torch.no_grad()`` and restores its previous mode. Outputs are
    flattened to shape ``(n, -1)``.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> x, y = it.twelve_bit_task()
    >>> net = it.PlaneNetwork()
    >>> with it.InformationPlane(net, ["act1", "softmax"], x, y) as plane:
    ...     plane.record(0)
    True
    >>> plane.i_xt["binning"].shape, net.act1._forward_hooks == {}
    ((1, 2), True)
    """

    def __init__(self, model, layers, inputs, labels, *, estimators="binning", epochs=None, keep_activations=False):
        _require_torch()
        if not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        self.model = model
        named = dict(model.named_modules())
        by_id = {id(m): name for name, m in named.items()}
        if isinstance(layers, (str, nn.Module)):
            layers = [layers]
        self.layer_names = []
        modules = []
        for layer in layers:  # a handful of layers
            if isinstance(layer, str):
                if layer not in named or layer == "":
                    raise ValueError(f"layers: no module named {layer!r} in the model")
                modules.append(named[layer])
                self.layer_names.append(layer)
            elif isinstance(layer, nn.Module) and id(layer) in by_id:
                modules.append(layer)
                self.layer_names.append(by_id[id(layer)])
            else:
                raise ValueError(f"layers: {layer!r} is not a module of the model")
        if not modules:
            raise ValueError("layers must name at least one layer")
        try:
            device = next(model.parameters()).device
        except StopIteration:
            device = torch.device("cpu")
        x = torch.as_tensor(inputs.detach() if hasattr(inputs, "detach") else np.asarray(inputs))
        self.inputs = x.to(device=device, dtype=torch.float32 if not x.is_floating_point() else x.dtype)
        self.labels, _ = _labels(labels, self.inputs.shape[0], "labels")
        self.estimators = _make_estimators(estimators)
        self.schedule = None if epochs is None else {int(e) for e in epochs}
        self.keep_activations = bool(keep_activations)
        self.activations = []
        self._epochs = []
        self._values = {name: [] for name in self.estimators}
        self._capture = None
        self._handles = [m.register_forward_hook(self._make_hook(name)) for name, m in zip(self.layer_names, modules)]

    def _make_hook(self, name):
        def hook(module, args, output):
            if self._capture is not None:
                out = output[0] if isinstance(output, (tuple, list)) else output
                self._capture[name] = out.detach().reshape(out.shape[0], -1)

        return hook

    # -- lifecycle
    def remove(self):
        """Remove the hooks from the model (idempotent)."""
        for h in self._handles:
            h.remove()
        self._handles = []

    @property
    def active(self):
        """Whether the hooks are still registered."""
        return bool(self._handles)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
        return False

    # -- recording
    def wants(self, epoch):
        """Whether :meth:`record` would record at ``epoch``."""
        return self.schedule is None or int(epoch) in self.schedule

    def capture(self):
        """Run the model on the input set and return ``{layer: activations}`` (numpy float32)."""
        if not self.active:
            raise RuntimeError("the hooks have been removed; create a new InformationPlane")
        was_training = self.model.training
        self._capture = {}
        try:
            self.model.eval()
            with torch.no_grad():
                self.model(self.inputs)
            got = self._capture
        finally:
            self._capture = None
            self.model.train(was_training)
        missing = [name for name in self.layer_names if name not in got]
        if missing:
            raise RuntimeError(f"layers {missing} did not run in model(inputs)")
        return {name: got[name].to("cpu", torch.float32).numpy() for name in self.layer_names}

    def record(self, epoch, *, force=False):
        """Snapshot the layers at ``epoch`` if it is scheduled (or ``force``); return whether it did."""
        if not (force or self.wants(epoch)):
            return False
        acts = self.capture()
        for name, estimator in self.estimators.items():
            self._values[name].append([estimator(acts[layer], self.labels) for layer in self.layer_names])
        self._epochs.append(int(epoch))
        if self.keep_activations:
            self.activations.append(acts)
        return True

    # -- results
    @property
    def epochs(self):
        """Epochs recorded so far, shape ``(n_snapshots,)``."""
        return np.asarray(self._epochs, dtype=np.int64)

    def _part(self, k):
        out = {}
        for name, vals in self._values.items():
            arr = np.asarray(vals, dtype=float).reshape(len(vals), len(self.layer_names), 2)
            out[name] = arr[:, :, k]
        return out

    @property
    def i_xt(self):
        """``{estimator: array (n_snapshots, n_layers)}`` of I(X;T)."""
        return self._part(0)

    @property
    def i_ty(self):
        """``{estimator: array (n_snapshots, n_layers)}`` of I(T;Y)."""
        return self._part(1)

    def recompute(self, estimator):
        """Apply another estimator to the kept activations: ``(i_xt, i_ty)`` arrays ``(n_snapshots, n_layers)``."""
        if not self.keep_activations:
            raise RuntimeError("recompute needs keep_activations=True")
        est = _make_estimator(estimator)
        vals = np.array([[est(acts[layer], self.labels) for layer in self.layer_names] for acts in self.activations])
        vals = vals.reshape(len(self.activations), len(self.layer_names), 2)
        return vals[:, :, 0], vals[:, :, 1]


# --------------------------------------------------------------------------- training


class _FastTrainer:
    """Adam on a Linear+activation MLP with hand-written backpropagation.

    The parameters of the ``Linear`` modules are re-pointed into one flat buffer so
    that an Adam step is five vector operations; forward and backward passes are
    written out (for this architecture only), about twice as fast as autograd on
    a network this small. The result matches ``torch.optim.Adam`` with autograd
    (tests check it).
    """

    def __init__(self, net, lr, betas=(0.9, 0.999), eps=1e-8):
        linears = net.linears
        params = [p for m in linears for p in (m.weight, m.bias)]
        with torch.no_grad():
            flat = torch.cat([p.detach().reshape(-1) for p in params])
        self.flat = flat
        self.grad = torch.zeros_like(flat)
        self.m = torch.zeros_like(flat)
        self.v = torch.zeros_like(flat)
        views, gviews, offset = [], [], 0
        self.weight_slices = []
        for p in params:
            k = p.numel()
            views.append(flat[offset : offset + k].view_as(p))
            gviews.append(self.grad[offset : offset + k].view_as(p))
            if p.ndim == 2:
                self.weight_slices.append((offset, offset + k))
            offset += k
        for p, v in zip(params, views):
            p.data = v  # the modules now read the flat buffer
        self.W, self.B = views[0::2], views[1::2]
        self.gW, self.gB = gviews[0::2], gviews[1::2]
        self.relu = net.activation == "relu"
        self.lr, (self.b1, self.b2), self.eps = lr, betas, eps
        self.steps = 0

    def gradient(self, xb, yb_onehot):
        """Gradient of the mean cross-entropy on a batch, written into ``self.grad``."""
        hs = [xb]
        h = xb
        last = len(self.W) - 1
        for k in range(last + 1):
            z = torch.addmm(self.B[k], h, self.W[k].T)
            if k < last:
                h = torch.relu(z) if self.relu else torch.tanh(z)
                hs.append(h)
        delta = (torch.softmax(z, dim=1) - yb_onehot) / xb.shape[0]
        for k in range(last, -1, -1):
            torch.mm(delta.T, hs[k], out=self.gW[k])
            torch.sum(delta, dim=0, out=self.gB[k])
            if k > 0:
                back = delta @ self.W[k]
                delta = back * (hs[k] > 0) if self.relu else back * (1.0 - hs[k] * hs[k])
        return self.grad

    def adam_step(self):
        """One Adam update of the flat parameters from ``self.grad`` (PyTorch's formula)."""
        self.steps += 1
        g = self.grad
        self.m.mul_(self.b1).add_(g, alpha=1 - self.b1)
        self.v.mul_(self.b2).addcmul_(g, g, value=1 - self.b2)
        bc1 = 1 - self.b1**self.steps
        bc2 = 1 - self.b2**self.steps
        denom = (self.v.sqrt() / math.sqrt(bc2)).add_(self.eps)
        self.flat.addcdiv_(self.m, denom, value=-self.lr / bc1)


@dataclass
class PlaneRun:
    """What :func:`train_twelve_bit` returns; :meth:`save` / :meth:`load` use ``.npz`` files."""

    #: Settings of the run (activation, epochs, seed, ...).
    config: dict
    #: Names of the recorded layers.
    layers: list
    #: Snapshot epochs, shape (S,).
    epochs: np.ndarray
    #: I(X;T) in bits, a dict from estimator name to an array of shape (S, L).
    i_xt: dict
    #: I(T;Y) in bits, a dict from estimator name to an array of shape (S, L).
    i_ty: dict
    #: Mean cross-entropy on the training set at each snapshot (nats).
    train_loss: np.ndarray
    #: Accuracy on the training set at each snapshot.
    train_accuracy: np.ndarray
    #: Accuracy on the held-out patterns at each snapshot (NaN when there are none).
    test_accuracy: np.ndarray
    #: Norm of the mean mini-batch gradient of each weight matrix over the snapshot's epoch, (S, L).
    grad_mean: np.ndarray
    #: Norm of the standard deviation of the mini-batch gradients, (S, L).
    grad_std: np.ndarray
    #: Wall-clock seconds of the run.
    seconds: float = 0.0
    #: CPU seconds of the run (user + system, this process).
    cpu_seconds: float = 0.0
    #: The trained network (not saved).
    network: object = field(default=None, repr=False)

    def save(self, path):
        """Write the run to ``path`` (``.npz``, compressed); return the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {
            "epochs": self.epochs,
            "train_loss": self.train_loss,
            "train_accuracy": self.train_accuracy,
            "test_accuracy": self.test_accuracy,
            "grad_mean": self.grad_mean,
            "grad_std": self.grad_std,
        }
        for name in self.i_xt:
            arrays[f"i_xt__{name}"] = self.i_xt[name]
            arrays[f"i_ty__{name}"] = self.i_ty[name]
        meta = {"config": self.config, "layers": self.layers, "seconds": self.seconds, "cpu_seconds": self.cpu_seconds}
        np.savez_compressed(path, meta=np.array(json.dumps(meta)), **arrays)
        return path

    @classmethod
    def load(cls, path):
        """Read a run written by :meth:`save`."""
        with np.load(Path(path), allow_pickle=False) as f:
            meta = json.loads(str(f["meta"]))
            i_xt = {k.split("__", 1)[1]: f[k] for k in f.files if k.startswith("i_xt__")}
            i_ty = {k.split("__", 1)[1]: f[k] for k in f.files if k.startswith("i_ty__")}
            return cls(
                config=meta["config"],
                layers=meta["layers"],
                epochs=f["epochs"],
                i_xt=i_xt,
                i_ty=i_ty,
                train_loss=f["train_loss"],
                train_accuracy=f["train_accuracy"],
                test_accuracy=f["test_accuracy"],
                grad_mean=f["grad_mean"],
                grad_std=f["grad_std"],
                seconds=meta.get("seconds", 0.0),
                cpu_seconds=meta.get("cpu_seconds", 0.0),
            )


def train_twelve_bit(
    activation="tanh",
    *,
    estimators="binning",
    epochs=8000,
    n_snapshots=300,
    train_fraction=0.85,
    batch_size=256,
    lr=4e-4,
    seed=0,
    widths=(12, 10, 7, 5, 4, 3, 2),
    show_progress=False,
    device="cpu",
):
    r"""Train the 12-10-7-5-4-3-2 network on the 12-bit task and record its information plane.

    Parameters
    ----------
    activation : {"tanh", "relu"}, default "tanh"
        Hidden non-linearity.
    estimators : str, callable, list or dict, default "binning"
        As in :class:`InformationPlane`. ``"binning"`` means 30 bins over [-1, 1]
        for tanh and 30 bins over each layer's own range for ReLU; ``"kde"`` the
        Kolchinsky--Tracey bound with noise variance 1e-3; ``("binning", "kde")``
        both, on the same snapshots.
    epochs : int, default 8000
        Passes over the training set.
    n_snapshots : int, default 300
        About this many log-spaced snapshot epochs (:func:`snapshot_epochs`).
    train_fraction : float, default 0.85
        Fraction of the 4096 patterns used for training, in (0, 1]; the rest is
        the test set. The information plane is measured on all 4096 patterns.
    batch_size : int, default 256
        Mini-batch size (Saxe et al.'s reproduction used 256).
    lr : float, default 4e-4
        Adam learning rate (PyTorch's defaults otherwise).
    seed : int, default 0
        Seeds the weights, the split and the batch order.
    widths : sequence of int, default (12, 10, 7, 5, 4, 3, 2)
        Widths of :class:`PlaneNetwork`; the first must be 12.
    show_progress : bool, default False
        Show a progress bar (:func:`itlab.utils.progress`).
    device : str or torch.device, default "cpu"

    Returns
    -------
    PlaneRun
        Snapshot epochs; per estimator, :math:`I(X;T)` and :math:`I(T;Y)` in bits
        for every layer; training loss and accuracy, test accuracy; the norms of
        the mean and of the standard deviation of each weight matrix's mini-batch
        gradients over the snapshot's epoch; timings; the trained network.

    Raises
    ------
    ValueError
        If ``activation`` or an estimator name is unknown, ``train_fraction`` is not
        in (0, 1], or a count is below 1.

    Notes
    -----
    Training minimises the mean cross-entropy with Adam on mini-batches of a
    fresh random order each epoch; the forward and backward passes are written out
    for this MLP and checked against autograd in the tests. At a snapshot epoch
    the batch gradients :math:`g_b` of each weight matrix are collected over the
    epoch and summarised as :math:`\|\operatorname{mean}_b g_b\|_F` and
    :math:`\|\operatorname{std}_b g_b\|_F` (elementwise standard deviation), the
    two curves of Shwartz-Ziv & Tishby's figure 4; their ratio is the gradient
    signal-to-noise ratio. At epoch 0 (before training) both are NaN. With one
    batch per epoch the standard deviation is 0.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810. Saxe et al. (2018), ICLR.

    Examples
    --------
    >>> import itlab as it
    >>> run = it.train_twelve_bit("tanh", epochs=20, n_snapshots=5)
    >>> run.epochs.tolist(), run.i_xt["binning"].shape
    ([0, 1, 3, 7, 20], (5, 6))
    """
    _require_torch()
    activation = _check_activation(activation)
    epochs = check_positive_int(epochs, "epochs")
    n_snapshots = check_positive_int(n_snapshots, "n_snapshots", minimum=2)
    batch_size = check_positive_int(batch_size, "batch_size")
    lr = _check_positive_float(lr, "lr")
    train_fraction = _check_positive_float(train_fraction, "train_fraction")
    if not 0 < train_fraction <= 1:
        raise ValueError(f"train_fraction must lie in (0, 1], got {train_fraction}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    widths = tuple(widths)
    if not widths or widths[0] != 12:
        raise ValueError(f"widths must start with the 12 inputs, got {widths}")
    ests = _make_estimators(estimators, activation)

    x_np, y_np = twelve_bit_task()
    rng = as_generator(int(seed))
    n_train = max(1, int(round(train_fraction * x_np.shape[0])))
    perm = rng.permutation(x_np.shape[0])
    train_idx, test_idx = np.sort(perm[:n_train]), np.sort(perm[n_train:])
    schedule = snapshot_epochs(epochs, n_snapshots)
    wanted = set(schedule.tolist())

    t_wall, t_cpu = time.perf_counter(), time.process_time()
    with _torch_threads(1):
        net = PlaneNetwork(widths, activation, seed=int(seed), device=device)
        trainer = _FastTrainer(net, lr)
        x_all = torch.as_tensor(x_np, device=device)
        y_all = torch.as_tensor(y_np, device=device)
        x_tr, y_tr = x_all[train_idx], y_all[train_idx]
        onehot_tr = nn.functional.one_hot(y_tr, widths[-1]).to(x_all.dtype)
        gen = torch.Generator(device="cpu").manual_seed(int(seed))
        n_lin = len(trainer.W)
        grad_mean = np.full((schedule.size, n_lin), np.nan)
        grad_std = np.full((schedule.size, n_lin), np.nan)
        train_loss = np.full(schedule.size, np.nan)
        train_acc = np.full(schedule.size, np.nan)
        test_acc = np.full(schedule.size, np.nan)

        def metrics(k):
            with torch.no_grad():
                logits = net.logits(x_all)
                pred = logits.argmax(dim=1)
                train_loss[k] = float(nn.functional.cross_entropy(logits[train_idx], y_tr))
                train_acc[k] = float((pred[train_idx] == y_tr).float().mean())
                if test_idx.size:
                    test_acc[k] = float((pred[test_idx] == y_all[test_idx]).float().mean())

        bar = progress(total=epochs, desc=f"{activation} network", disable=not show_progress)
        with InformationPlane(net, net.representations, x_all, y_np, estimators=ests, epochs=schedule) as plane:
            plane.record(0)
            metrics(0)
            k = 1
            with torch.no_grad():
                for epoch in range(1, epochs + 1):
                    collect = epoch in wanted
                    if collect:
                        g_sum = torch.zeros_like(trainer.grad)
                        g_sq = torch.zeros_like(trainer.grad)
                        n_batches = 0
                    order = torch.randperm(n_train, generator=gen).to(device)
                    for xb, yb in zip(x_tr[order].split(batch_size), onehot_tr[order].split(batch_size)):
                        g = trainer.gradient(xb, yb)
                        if collect:
                            g_sum += g
                            g_sq.addcmul_(g, g)
                            n_batches += 1
                        trainer.adam_step()
                    if collect:
                        mean = g_sum / n_batches
                        var = (g_sq / n_batches - mean * mean).clamp_min_(0.0)
                        for j, (a, b) in enumerate(trainer.weight_slices):
                            grad_mean[k, j] = float(mean[a:b].norm())
                            grad_std[k, j] = float(var[a:b].sum().sqrt())
                        plane.record(epoch)
                        metrics(k)
                        k += 1
                    bar.update(1)
        bar.close()
    seconds = time.perf_counter() - t_wall
    cpu = time.process_time() - t_cpu
    config = {
        "activation": activation,
        "estimators": {name: repr(e) for name, e in ests.items()},
        "epochs": epochs,
        "n_snapshots": int(schedule.size),
        "train_fraction": train_fraction,
        "n_train": int(n_train),
        "batch_size": batch_size,
        "lr": lr,
        "seed": int(seed),
        "widths": list(widths),
    }
    return PlaneRun(
        config=config,
        layers=list(plane.layer_names),
        epochs=plane.epochs,
        i_xt=plane.i_xt,
        i_ty=plane.i_ty,
        train_loss=train_loss,
        train_accuracy=train_acc,
        test_accuracy=test_acc,
        grad_mean=grad_mean,
        grad_std=grad_std,
        seconds=seconds,
        cpu_seconds=cpu,
        network=net,
    )


# --------------------------------------------------------------------------- plotting


def plot_information_plane(
    ax,
    i_xt,
    i_ty,
    epochs,
    *,
    layer_labels=None,
    cmap="viridis",
    colorbar=True,
    unit="bits",
    markers="osD^vp",
    size=16,
    legend=True,
):
    """Draw layers' tracks in the information plane, coloured by epoch.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    i_xt, i_ty : array_like, shape (n_snapshots, n_layers)
        Coordinates of each layer at each snapshot.
    epochs : array_like, shape (n_snapshots,)
        Epoch of each snapshot; the colour scale is logarithmic (epoch 0 takes the
        colour of epoch 1).
    layer_labels : sequence of str, optional
        Legend entries, ``T1, T2, ...`` by default.
    cmap : str, default "viridis"
    colorbar : bool, default True
        Add a colour bar labelled "epoch".
    unit : str, default "bits"
        Unit written on the axes.
    markers : str, default "osD^vp"
        One marker per layer (cycled).
    size : float, default 16
        Marker area.
    legend : bool, default True
        Add a legend of the layers' markers.

    Returns
    -------
    matplotlib.collections.PathCollection
        The last scatter drawn (for a shared colour bar).

    Raises
    ------
    ValueError
        If the shapes do not fit together.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> import itlab.plot as ip
    >>> fig, ax = ip.figure()
    >>> sc = it.plot_information_plane(ax, np.ones((3, 2)), np.ones((3, 2)), [0, 10, 100])
    >>> ax.get_xlabel()
    'I(X;T) [bits]'
    >>> ip.close(fig)
    """
    from matplotlib.colors import LogNorm
    from matplotlib.lines import Line2D

    from . import plot as ip

    i_xt = np.asarray(i_xt, dtype=float)
    i_ty = np.asarray(i_ty, dtype=float)
    ep = np.asarray(epochs, dtype=float).ravel()
    if i_xt.ndim == 1:
        i_xt, i_ty = i_xt[:, None], i_ty[:, None]
    if i_xt.shape != i_ty.shape or i_xt.ndim != 2:
        raise ValueError(f"i_xt and i_ty must have the same 2-D shape, got {i_xt.shape} and {i_ty.shape}")
    if ep.shape[0] != i_xt.shape[0]:
        raise ValueError(f"epochs must have one entry per snapshot ({i_xt.shape[0]}), got {ep.shape[0]}")
    n_layers = i_xt.shape[1]
    labels = list(layer_labels) if layer_labels is not None else [f"T{j + 1}" for j in range(n_layers)]
    if len(labels) != n_layers:
        raise ValueError(f"layer_labels must have {n_layers} entries, got {len(labels)}")
    colour_ep = np.maximum(ep, 1.0)
    norm = LogNorm(vmin=colour_ep.min(), vmax=max(colour_ep.max(), colour_ep.min() * 1.0001))
    sc = None
    handles = []
    for j in range(n_layers):  # one track per layer
        marker = markers[j % len(markers)]
        ax.plot(i_xt[:, j], i_ty[:, j], color="0.8", lw=0.7, zorder=1)
        sc = ax.scatter(
            i_xt[:, j], i_ty[:, j], c=colour_ep, cmap=cmap, norm=norm, marker=marker, s=size, lw=0, zorder=2
        )
        handles.append(Line2D([], [], marker=marker, color="0.35", ls="none", label=labels[j]))
    if legend:
        ax.legend(handles=handles, loc="lower right", ncol=2 if n_layers > 3 else 1, title="layer")
    ip.label(ax, "I(X;T)", "I(T;Y)", xunit=unit, yunit=unit)
    if colorbar:
        ax.figure.colorbar(sc, ax=ax, label="epoch")
    return sc


# --------------------------------------------------------------------------- generalization bounds


def _check_m_delta(m, delta):
    m = _check_positive_float(m, "m")
    delta = _check_positive_float(delta, "delta")
    if not delta < 1:
        raise ValueError(f"delta must lie in (0, 1), got {delta}")
    return m, delta


def classic_generalization_bound(n_params, m, delta=0.05, bits_per_param=32):
    r"""Generalization gap of a finite class: every network with ``n_params`` stored numbers.

    Parameters
    ----------
    n_params : float
        Number of parameters P of the network.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence: the bound holds with probability at least ``1 - delta``.
    bits_per_param : float, default 32
        Bits that store each parameter (32 for float32).

    Returns
    -------
    float
        :math:`\epsilon = \sqrt{\big(b P \ln 2 + \ln(1/\delta)\big)/(2m)}`; at least 1
        means vacuous for a 0-1 loss.

    Raises
    ------
    ValueError
        If an argument is not positive and finite, or ``delta`` is not below 1.

    Notes
    -----
    Hoeffding's inequality and a union bound over a finite class :math:`\mathcal H`
    give, with probability at least :math:`1-\delta`, for every :math:`h \in
    \mathcal H`, test error :math:`\le` training error :math:`+ \epsilon` with

    .. math:: \epsilon^2 = \frac{\ln|\mathcal H| + \ln(1/\delta)}{2m},

    the "classic" bound of Tishby's argument. A network whose P parameters are
    stored with b bits each is one of at most :math:`2^{bP}` functions, so
    :math:`\ln|\mathcal H| = bP\ln 2` -- a count that needs no VC theory and is
    rigorous for the network as it is actually computed. Tishby writes the class
    size as an :math:`\epsilon`-cover, :math:`|\mathcal H_\epsilon| \sim (1/\epsilon)^d`;
    either way the bound grows with the number of parameters.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.classic_generalization_bound(294, 3482), 3)
    0.968
    >>> round(it.classic_generalization_bound(294, 3482, bits_per_param=8), 3)
    0.484
    """
    p = _check_positive_float(n_params, "n_params")
    m, delta = _check_m_delta(m, delta)
    b = _check_positive_float(bits_per_param, "bits_per_param")
    return math.sqrt((b * p * math.log(2.0) + math.log(1.0 / delta)) / (2.0 * m))


def vc_generalization_bound(vc_dim, m, delta=0.05):
    r"""Vapnik's VC bound on the generalization gap of a binary classifier.

    Parameters
    ----------
    vc_dim : float
        VC dimension d of the class.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence level.

    Returns
    -------
    float
        :math:`\sqrt{\big(d(\ln(2m/d) + 1) + \ln(4/\delta)\big)/m}`; at least 1 means
        vacuous.

    Raises
    ------
    ValueError
        If an argument is not positive and finite, or ``delta`` is not below 1.

    Notes
    -----
    With probability at least :math:`1-\delta`, every classifier of the class has a
    test error within this amount of its training error (Vapnik 1998, for
    :math:`m \ge d`). For a network of W weights with sigmoid or tanh units the VC
    dimension can grow like :math:`W^2` (Karpinski & Macintyre 1997); with
    threshold units it is of order :math:`W \log W`.

    References
    ----------
    Vapnik (1998), *Statistical Learning Theory*, Wiley.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.vc_generalization_bound(294, 3482), 3)
    0.594
    """
    d = _check_positive_float(vc_dim, "vc_dim")
    m, delta = _check_m_delta(m, delta)
    return math.sqrt((d * (math.log(2.0 * m / d) + 1.0) + math.log(4.0 / delta)) / m)


def input_compression_bound(i_xt, m, delta=0.05, base=2):
    r"""Shwartz-Ziv & Tishby's input-compression bound on the generalization gap.

    Parameters
    ----------
    i_xt : float or array_like
        :math:`I(X;T)` of the representation, in units of ``base``.
    m : float
        Number of training examples.
    delta : float, default 0.05
        Confidence level.
    base : float, default 2
        Unit of ``i_xt`` (2: bits).

    Returns
    -------
    float or numpy.ndarray
        :math:`\epsilon = \sqrt{\big(2^{I(X;T)} \ln 2 + \ln(1/\delta)\big)/(2m)}`, with
        :math:`I(X;T)` in bits; at least 1 means vacuous.

    Raises
    ------
    ValueError
        If ``i_xt`` is negative or not finite, or ``m``/``delta`` is invalid.

    Notes
    -----
    If T partitions the input space into cells that are homogeneous in the label,
    a classifier built on T is a labelling of the cells: :math:`|\mathcal H| =
    2^{|T|}` and :math:`\ln |\mathcal H| = |T| \ln 2`. Counting cells by
    :math:`|T| \approx 2^{H(X)}/2^{H(X \mid T)} = 2^{I(X;T)}` and putting this in the
    finite-class bound gives the formula above. Shwartz-Ziv & Tishby (2017) write it
    as :math:`\epsilon^2 < (2^{I(T;X)} + \log(1/\delta))/(2m)`, without the factor
    :math:`\ln 2`. Two caveats make it a heuristic rather than a theorem: the
    partition is chosen by training on the same data, and :math:`2^{I(X;T)}` counts
    typical cells, not all of them.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810, section 2.4.

    Examples
    --------
    >>> import itlab as it
    >>> round(it.input_compression_bound(12.0, 3482), 3)
    0.64
    >>> round(it.input_compression_bound(2.0, 3482), 3)
    0.029
    """
    m, delta = _check_m_delta(m, delta)
    arr = np.asarray(i_xt, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError("i_xt must be finite and non-negative")
    bits = arr * (log_base(base) / math.log(2.0))
    eps = np.sqrt((np.exp2(bits) * math.log(2.0) + math.log(1.0 / delta)) / (2.0 * m))
    return float(eps) if eps.ndim == 0 else eps
