r"""The information plane of a neural network, and the experiment that made it famous.

Every layer T of a feed-forward network is a function of the input X, so the label,
the input and the layers form a Markov chain :math:`Y - X - T_1 - T_2 - \dots`.
The *information plane* places each layer at the point :math:`(I(X;T), I(T;Y))`
and follows the points through training (Shwartz-Ziv & Tishby 2017). This module
holds the instrument and the experiment:

- :class:`InformationPlane`: forward hooks on chosen layers of any torch model,
  activation snapshots on a fixed input set at chosen epochs, and
  :math:`I(X;T)`, :math:`I(T;Y)` per layer from a pluggable estimator (the
  estimators themselves, :func:`~itlab.estimators.binning_information` and
  :func:`~itlab.estimators.kde_information`, live in :mod:`itlab.estimators`);
- the 12-10-7-5-4-3-2 network (:class:`PlaneNetwork`) and
  :func:`train_twelve_bit`, which trains it with Adam on the 12-bit task
  (:func:`~itlab.tasks.twelve_bit_task`, in :mod:`itlab.tasks`) and records the plane
  and, in float64, the gradients' signal-to-noise ratio;
- :func:`plot_information_plane` and :func:`plane_band` (median and spread over
  seeds).

The generalization bounds the theory argues about are in :mod:`itlab.bounds`.
Information is in bits unless ``base`` says otherwise.
"""

from __future__ import annotations

import json
import math
import numbers
import time
import warnings
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ._validation import as_generator, check_positive_int
from .bottleneck import _check_positive_float, _require_torch, _torch_threads, nn, torch
from .estimators import BinningEstimator, KDEEstimator, _plane_labels
from .monitor import LayerHooks
from .tasks import twelve_bit_task
from .utils import progress

__all__ = [
    "PlaneNetwork",
    "snapshot_epochs",
    "InformationPlane",
    "PlaneRun",
    "train_twelve_bit",
    "plot_information_plane",
    "plane_band",
    "LayerwiseEstimator",
    "SAXE_BIN_WIDTH",
]

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
    init : {"saxe", "fan_in"}, default "saxe"
        Initial weights (biases start at zero either way). ``"saxe"``: as in Saxe
        et al.'s code (``IBnet_SaveActivations`` of github.com/artemyk/ibsgd),
        hidden weights from a normal distribution truncated at two standard
        deviations with standard deviation :math:`1/\sqrt{\text{fan-out}}` (the
        layer's own width), and the output layer Glorot-uniform (Keras' default).
        ``"fan_in"``: truncated normal with standard deviation
        :math:`1/\sqrt{\text{fan-in}}` for every layer.
    device : str or torch.device, default "cpu"

    Raises
    ------
    ValueError
        If ``activation`` or ``init`` is unknown or ``widths`` has fewer than 3
        entries or an entry below 1 (or the last below 2).

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

    def __init__(
        self,
        widths=(12, 10, 7, 5, 4, 3, 2),
        activation="tanh",
        *,
        seed=0,
        init="saxe",
        device="cpu",
    ):
        _require_torch()
        widths = tuple(check_positive_int(w, "widths") for w in widths)
        if len(widths) < 3:
            raise ValueError(
                "widths must list the input, at least one hidden layer and the output, "
                f"got {widths}"
            )
        if widths[-1] < 2:
            raise ValueError("widths must end with at least 2 classes")
        _check_activation(activation)
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
            raise TypeError(f"seed must be an int, got {type(seed).__name__}")
        if init not in ("saxe", "fan_in"):
            raise ValueError(f"init must be 'saxe' or 'fan_in', got {init!r}")
        gen = torch.Generator().manual_seed(int(seed))
        act = {"tanh": nn.Tanh, "relu": nn.ReLU}[activation]
        modules = OrderedDict()
        n_linear = len(widths) - 1
        for i, (a, b) in enumerate(zip(widths[:-1], widths[1:], strict=True), start=1):
            lin = nn.Linear(a, b)
            with torch.no_grad():
                if init == "saxe" and i == n_linear:
                    nn.init.xavier_uniform_(lin.weight, generator=gen)
                else:
                    std = 1.0 / math.sqrt(b if init == "saxe" else a)
                    nn.init.trunc_normal_(lin.weight, std=std, a=-2 * std, b=2 * std, generator=gen)
                lin.bias.zero_()
            modules[f"linear{i}"] = lin
            modules["softmax" if i == n_linear else f"act{i}"] = (
                nn.Softmax(dim=1) if i == n_linear else act()
            )
        super().__init__(modules)
        self.widths = widths
        self.activation = activation
        self.init = init
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


#: Bin width of Saxe et al.'s binning of the 12-bit network (``binsize`` in their code).
SAXE_BIN_WIDTH = 0.07


class LayerwiseEstimator:
    """One estimator for most layers and others for named layers.

    :class:`InformationPlane` asks it :meth:`for_layer` for each layer; called
    directly it acts as ``default``.

    Parameters
    ----------
    default : callable
        ``estimator(t, y) -> (i_xt, i_ty)`` for layers not in ``overrides``.
    overrides : dict, optional
        ``{layer name: estimator}``.
    name : str, optional

    Examples
    --------
    >>> import itlab as it
    >>> est = it.LayerwiseEstimator(it.BinningEstimator(bin_width=0.07),
    ...                          {"softmax": it.BinningEstimator(30, (-1, 1))})
    >>> est.for_layer("softmax").value_range
    (-1.0, 1.0)
    """

    def __init__(self, default, overrides=None, name=None):
        self.default = default
        self.overrides = dict(overrides or {})
        self.name = name

    def for_layer(self, layer):
        """The estimator used for ``layer``."""
        return self.overrides.get(layer, self.default)

    def __call__(self, t, y):
        return self.default(t, y)

    def __repr__(self):
        return f"LayerwiseEstimator({self.default!r}, {self.overrides!r})"


def _make_estimator(spec, activation=None):
    """An estimator from a name ("binning", "adaptive", "kde") or a callable.

    The output layer (``softmax``) is binned with 30 bins over [-1, 1] for every
    activation and both binning schemes, so that output layers are comparable.
    """
    if callable(spec):
        return spec
    fixed = BinningEstimator(bins=30, value_range=(-1.0, 1.0))
    if spec == "binning":
        if activation == "relu":  # unbounded: Saxe et al.'s fixed width over the observed range
            return LayerwiseEstimator(
                BinningEstimator(bin_width=SAXE_BIN_WIDTH), {"softmax": fixed}, "binning"
            )
        return fixed  # tanh: 30 bins over [-1, 1] (Shwartz-Ziv & Tishby)
    if spec == "adaptive":
        return LayerwiseEstimator(
            BinningEstimator(bins=30, value_range=None), {"softmax": fixed}, "adaptive"
        )
    if spec == "kde":
        return KDEEstimator()
    raise ValueError(f"estimator must be 'binning', 'adaptive', 'kde' or a callable, got {spec!r}")


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
            raise TypeError(
                f"estimators must be a name, a callable, a list or a dict, got {estimators!r}"
            ) from None
    if not estimators:
        raise ValueError("estimators must not be empty")
    return {str(k): _make_estimator(v, activation) for k, v in estimators.items()}


def _for(estimator, layer):
    return estimator.for_layer(layer) if hasattr(estimator, "for_layer") else estimator


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
        ``"binning"`` (30 bins over [-1, 1]), ``"adaptive"`` (30 bins over each
        layer's range at each snapshot; the softmax layer over [-1, 1]), ``"kde"``
        (noise variance 1e-3), any callable ``estimator(t, y) -> (i_xt, i_ty)``
        such as a :class:`~itlab.estimators.BinningEstimator` (or a
        :class:`LayerwiseEstimator`, asked per layer), or several of them as a
        list or a dict ``{name: estimator}``.
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
    The hooks (a :class:`~itlab.monitor.LayerHooks`) stay registered until
    :meth:`remove` (or the end of a ``with`` block) and do nothing outside
    :meth:`record`, which runs the model in eval mode under ``torch.no_grad()`` and
    restores its previous mode. Outputs are flattened to shape ``(n, -1)``.

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

    def __init__(
        self,
        model,
        layers,
        inputs,
        labels,
        *,
        estimators="binning",
        epochs=None,
        keep_activations=False,
    ):
        _require_torch()
        if not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        self.model = model
        # The hooks themselves are itlab.monitor's LayerHooks (forward hooks that store
        # a layer's output only while ``capture`` runs the model).
        self._hooks = LayerHooks(model, layers)
        self.layer_names = list(self._hooks.layer_names)
        try:
            device = next(model.parameters()).device
        except StopIteration:
            device = torch.device("cpu")
        x = torch.as_tensor(inputs.detach() if hasattr(inputs, "detach") else np.asarray(inputs))
        self.inputs = x.to(
            device=device, dtype=torch.float32 if not x.is_floating_point() else x.dtype
        )
        self.labels, _ = _plane_labels(labels, self.inputs.shape[0], "labels")
        self.estimators = _make_estimators(estimators)
        self.schedule = None if epochs is None else {int(e) for e in epochs}
        self.keep_activations = bool(keep_activations)
        self.activations = []
        self._epochs = []
        self._values = {name: [] for name in self.estimators}

    # -- lifecycle
    def remove(self):
        """Remove the hooks from the model (idempotent)."""
        self._hooks.remove()

    @property
    def active(self):
        """Whether the hooks are still registered."""
        return self._hooks.active

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
        return self._hooks.capture(self.inputs)

    def record(self, epoch, *, force=False):
        """Snapshot the layers at ``epoch`` if scheduled (or ``force``); return whether it did."""
        if not (force or self.wants(epoch)):
            return False
        acts = self.capture()
        for name, estimator in self.estimators.items():
            self._values[name].append(
                [_for(estimator, layer)(acts[layer], self.labels) for layer in self.layer_names]
            )
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
        """Apply another estimator to the kept activations.

        Returns ``(i_xt, i_ty)``, arrays of shape ``(n_snapshots, n_layers)``.
        """
        if not self.keep_activations:
            raise RuntimeError("recompute needs keep_activations=True")
        est = _make_estimator(estimator)
        vals = np.array(
            [
                [_for(est, layer)(acts[layer], self.labels) for layer in self.layer_names]
                for acts in self.activations
            ]
        )
        vals = vals.reshape(len(self.activations), len(self.layer_names), 2)
        return vals[:, :, 0], vals[:, :, 1]


# --------------------------------------------------------------------------- training


def _mlp_logits(W, B, relu, x):
    """Scores before the softmax of the Linear+activation MLP with weights ``W``, ``B``."""
    h = x
    for k in range(len(W)):
        z = torch.addmm(B[k], h, W[k].T)
        if k < len(W) - 1:
            h = torch.relu(z) if relu else torch.tanh(z)
    return z


def _mlp_gradient(W, B, gW, gB, relu, xb, yb_onehot, grad):
    """Backpropagation of the mean cross-entropy into the views ``gW``, ``gB`` of ``grad``.

    The output error softmax(z) - onehot is formed without cancellation: on the
    correct class it is minus the total probability of the other classes (a
    subtraction 1 - p_y would round to zero once p_y is within the unit round-off
    of 1, which in float32 happens late in training).
    """
    hs = [xb]
    h = xb
    last = len(W) - 1
    for k in range(last + 1):
        z = torch.addmm(B[k], h, W[k].T)
        if k < last:
            h = torch.relu(z) if relu else torch.tanh(z)
            hs.append(h)
    p = torch.softmax(z, dim=1)
    wrong = p * (1.0 - yb_onehot)
    delta = (wrong - yb_onehot * wrong.sum(dim=1, keepdim=True)) / xb.shape[0]
    for k in range(last, -1, -1):
        torch.mm(delta.T, hs[k], out=gW[k])
        torch.sum(delta, dim=0, out=gB[k])
        if k > 0:
            back = delta @ W[k]
            delta = back * (hs[k] > 0) if relu else back * (1.0 - hs[k] * hs[k])
    return grad


def _flat_views(flat, shapes):
    views, offset = [], 0
    for shape in shapes:
        k = math.prod(shape)
        views.append(flat[offset : offset + k].view(shape))
        offset += k
    return views


class _Float64Shadow:
    """A float64 copy of a :class:`_FastTrainer`'s parameters, for exact-enough analysis."""

    def __init__(self, trainer):
        self.trainer = trainer
        self.flat = trainer.flat.to(torch.float64)
        self.grad = torch.zeros_like(self.flat)
        shapes = [tuple(w.shape) for pair in zip(trainer.W, trainer.B, strict=True) for w in pair]
        views = _flat_views(self.flat, shapes)
        gviews = _flat_views(self.grad, shapes)
        self.W, self.B = views[0::2], views[1::2]
        self.gW, self.gB = gviews[0::2], gviews[1::2]
        self.relu = trainer.relu

    def sync(self):
        """Copy the trainer's current parameters (float32 values are exact in float64)."""
        self.flat.copy_(self.trainer.flat)

    def gradient(self, xb, yb_onehot):
        return _mlp_gradient(self.W, self.B, self.gW, self.gB, self.relu, xb, yb_onehot, self.grad)

    def logits(self, x):
        return _mlp_logits(self.W, self.B, self.relu, x)


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
        for p, v in zip(params, views, strict=True):
            p.data = v  # the modules now read the flat buffer
        self.W, self.B = views[0::2], views[1::2]
        self.gW, self.gB = gviews[0::2], gviews[1::2]
        self.relu = net.activation == "relu"
        self.lr, (self.b1, self.b2), self.eps = lr, betas, eps
        self.steps = 0

    def gradient(self, xb, yb_onehot):
        """Gradient of the mean cross-entropy on a batch, written into ``self.grad``."""
        return _mlp_gradient(self.W, self.B, self.gW, self.gB, self.relu, xb, yb_onehot, self.grad)

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
    #: Mean cross-entropy on the training set at each snapshot (nats, computed in float64).
    train_loss: np.ndarray
    #: Accuracy on the training set at each snapshot.
    train_accuracy: np.ndarray
    #: Accuracy on the held-out patterns at each snapshot (NaN when there are none).
    test_accuracy: np.ndarray
    #: Norm of the mean mini-batch gradient (float64) of each weight matrix over the
    #: snapshot's epoch, (S, L).
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
        meta = {
            "config": self.config,
            "layers": self.layers,
            "seconds": self.seconds,
            "cpu_seconds": self.cpu_seconds,
        }
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
    init="saxe",
    show_progress=False,
    device="cpu",
):
    r"""Train the 12-10-7-5-4-3-2 network on the 12-bit task and record its information plane.

    Parameters
    ----------
    activation : {"tanh", "relu"}, default "tanh"
        Hidden non-linearity.
    estimators : str, callable, list or dict, default "binning"
        As in :class:`InformationPlane`. ``"binning"`` is the binning of the
        papers: 30 bins over [-1, 1] for tanh (Shwartz-Ziv & Tishby) and bins of
        fixed width 0.07 over the observed range for ReLU (Saxe et al.'s code);
        ``"adaptive"`` cuts each layer's own range at each snapshot into 30 bins;
        in every case the softmax output gets 30 bins over [-1, 1]. ``"kde"`` is the
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
    init : {"saxe", "fan_in"}, default "saxe"
        Initial weights, see :class:`PlaneNetwork`.
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
    Training minimises the mean cross-entropy with Adam (float32) on mini-batches
    of a fresh random order each epoch; the forward and backward passes are written
    out for this MLP and checked against autograd in the tests.

    The analysis is done in float64: at a snapshot epoch, before each Adam step,
    the batch gradient :math:`g_b` is recomputed in float64 at the current
    (float32) weights, and each weight matrix's gradients over the epoch are
    summarised as :math:`\|\operatorname{mean}_b g_b\|_F` and
    :math:`\|\operatorname{std}_b g_b\|_F` (elementwise standard deviation), the
    two curves of Shwartz-Ziv & Tishby's figure 4; their ratio is the gradient
    signal-to-noise ratio. The training loss at each snapshot is also computed in
    float64. (Late in training the loss falls below float32's resolution near 1,
    and float32 gradients then read round-off.) At epoch 0 both norms are NaN; with
    one batch per epoch the standard deviation is 0.

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
        net = PlaneNetwork(widths, activation, seed=int(seed), init=init, device=device)
        trainer = _FastTrainer(net, lr)
        shadow = _Float64Shadow(trainer)
        x_all = torch.as_tensor(x_np, device=device)
        y_all = torch.as_tensor(y_np, device=device)
        x_tr, y_tr = x_all[train_idx], y_all[train_idx]
        onehot_tr = nn.functional.one_hot(y_tr, widths[-1]).to(x_all.dtype)
        x64_all = x_all.to(torch.float64)
        x64_tr, onehot64_tr = x_tr.to(torch.float64), onehot_tr.to(torch.float64)
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
                shadow.sync()
                logits64 = shadow.logits(x64_all)
                train_loss[k] = float(nn.functional.cross_entropy(logits64[train_idx], y_tr))
                train_acc[k] = float((pred[train_idx] == y_tr).float().mean())
                if test_idx.size:
                    test_acc[k] = float((pred[test_idx] == y_all[test_idx]).float().mean())

        bar = progress(total=epochs, desc=f"{activation} network", disable=not show_progress)
        with InformationPlane(
            net, net.representations, x_all, y_np, estimators=ests, epochs=schedule
        ) as plane:
            plane.record(0)
            metrics(0)
            k = 1
            with torch.no_grad():
                for epoch in range(1, epochs + 1):
                    collect = epoch in wanted
                    if collect:
                        g_sum = torch.zeros_like(shadow.grad)
                        g_sq = torch.zeros_like(shadow.grad)
                        n_batches = 0
                    order = torch.randperm(n_train, generator=gen).to(device)
                    for idx in order.split(batch_size):
                        trainer.gradient(x_tr[idx], onehot_tr[idx])
                        if collect:
                            shadow.sync()
                            g = shadow.gradient(x64_tr[idx], onehot64_tr[idx])
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
        "init": init,
        "analysis_dtype": "float64",
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
        raise ValueError(
            f"i_xt and i_ty must have the same 2-D shape, got {i_xt.shape} and {i_ty.shape}"
        )
    if ep.shape[0] != i_xt.shape[0]:
        raise ValueError(
            f"epochs must have one entry per snapshot ({i_xt.shape[0]}), got {ep.shape[0]}"
        )
    n_layers = i_xt.shape[1]
    labels = (
        list(layer_labels) if layer_labels is not None else [f"T{j + 1}" for j in range(n_layers)]
    )
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
            i_xt[:, j],
            i_ty[:, j],
            c=colour_ep,
            cmap=cmap,
            norm=norm,
            marker=marker,
            s=size,
            lw=0,
            zorder=2,
        )
        handles.append(Line2D([], [], marker=marker, color="0.35", ls="none", label=labels[j]))
    if legend:
        ax.legend(handles=handles, loc="lower right", ncol=2 if n_layers > 3 else 1, title="layer")
    ip.label(ax, "I(X;T)", "I(T;Y)", xunit=unit, yunit=unit)
    if colorbar:
        ax.figure.colorbar(sc, ax=ax, label="epoch")
    return sc


def plane_band(runs, quantity="i_xt", estimator="binning", band=(0.0, 1.0)):
    """Median and a quantile band over seeds of one recorded quantity.

    Parameters
    ----------
    runs : sequence of PlaneRun
        Runs of one configuration with different seeds, recorded at the same epochs.
    quantity : str, default "i_xt"
        ``"i_xt"`` or ``"i_ty"`` (with ``estimator``), or an array attribute of
        :class:`PlaneRun` such as ``"train_loss"``, ``"grad_mean"``, ``"grad_std"``
        or ``"snr"`` (``grad_mean / grad_std``).
    estimator : str, default "binning"
        Which estimator's values, for ``i_xt`` and ``i_ty``.
    band : (float, float), default (0, 1)
        Lower and upper quantiles; the default is the full range over seeds.

    Returns
    -------
    median, low, high : numpy.ndarray
        Arrays of the shape of one run's values (NaN-aware over seeds).

    Raises
    ------
    ValueError
        If ``runs`` is empty, their epochs differ, or ``band`` is not an increasing
        pair in [0, 1].

    Examples
    --------
    >>> import itlab as it
    >>> runs = [it.train_twelve_bit("tanh", epochs=4, n_snapshots=3, seed=s) for s in (0, 1)]
    >>> med, lo, hi = it.plane_band(runs)
    >>> med.shape, bool((lo <= med).all() and (med <= hi).all())
    ((3, 6), True)
    """
    runs = list(runs)
    if not runs:
        raise ValueError("runs must hold at least one PlaneRun")
    q_lo, q_hi = (float(v) for v in band)
    if not 0.0 <= q_lo <= q_hi <= 1.0:
        raise ValueError(f"band must be two quantiles 0 <= low <= high <= 1, got {band!r}")
    if any(not np.array_equal(r.epochs, runs[0].epochs) for r in runs):
        raise ValueError("runs must be recorded at the same epochs")

    def values(r):
        if quantity in ("i_xt", "i_ty"):
            return getattr(r, quantity)[estimator]
        if quantity == "snr":
            with np.errstate(divide="ignore", invalid="ignore"):
                return r.grad_mean / r.grad_std
        return getattr(r, quantity)

    stack = np.stack([np.asarray(values(r), dtype=float) for r in runs])
    with warnings.catch_warnings():  # all-NaN entries (epoch 0 of the gradients) stay NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(stack, axis=0)
        low = np.nanquantile(stack, q_lo, axis=0)
        high = np.nanquantile(stack, q_hi, axis=0)
    return median, low, high
