r"""Watch information flow through any torch model while it trains.

Two layers of machinery, the second built on the first:

- :class:`LayerHooks` attaches to named layers of any ``torch.nn.Module``.
  Forward hooks capture the layers' outputs on a fixed probe set when asked
  (:meth:`LayerHooks.capture`, in eval mode and without gradients, the mode
  restored afterwards); gradient hooks accumulate, between two reads, the sum
  and sum of squares of each layer's parameter gradients (one term per
  ``backward()``) and the norm of the gradient of the loss with respect to the
  layer's output. Any recorder of layer activations -- the information-plane
  recorder as well as the monitor below -- needs exactly these pieces.
- :class:`InformationMonitor` reads them at chosen steps and keeps per layer:
  activation statistics (mean, standard deviation, fraction of exact zeros),
  information estimates from a chosen estimator of ``itlab`` (by default
  :math:`I(T;Y)` by the Ross/KSG estimator on a few principal components of the
  layer), parameter-gradient norms and the gradient signal-to-noise ratio. It
  has a ``tqdm``-friendly :meth:`~InformationMonitor.postfix` and a
  :meth:`~InformationMonitor.plot`.

Works for any architecture whose layers are modules (MLPs, CNNs, ...): outputs of
any shape are flattened per sample.
"""

from __future__ import annotations

import math

import numpy as np

from ._validation import check_positive_int, log_base

try:  # torch is an optional dependency (the ``torch`` extra)
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - exercised only without torch
    torch = None
    nn = None

__all__ = ["LayerHooks", "ProjectedEstimator", "InformationMonitor"]


def _require_torch():
    if torch is None:  # pragma: no cover
        raise ImportError("itlab.monitor needs torch: pip install torch==2.13.0")


def _resolve_layers(model, layers):
    """Names and modules of ``layers`` (names in ``model.named_modules()`` or modules of it)."""
    named = dict(model.named_modules())
    by_id = {id(m): name for name, m in named.items()}
    if isinstance(layers, (str, nn.Module)):
        layers = [layers]
    try:
        layers = list(layers)
    except TypeError:
        raise TypeError(
            f"layers must be a name, a module or a sequence of them, got {layers!r}"
        ) from None
    names, modules = [], []
    for layer in layers:  # a handful of layers
        if isinstance(layer, str):
            if layer not in named or layer == "":
                raise ValueError(f"layers: no module named {layer!r} in the model")
            name, module = layer, named[layer]
        elif isinstance(layer, nn.Module) and id(layer) in by_id and by_id[id(layer)] != "":
            name, module = by_id[id(layer)], layer
        else:
            raise ValueError(f"layers: {layer!r} is not a submodule of the model")
        if name in names:
            raise ValueError(f"layers: {name!r} is listed twice")
        names.append(name)
        modules.append(module)
    if not modules:
        raise ValueError("layers must name at least one layer")
    return names, modules


class LayerHooks:
    r"""Forward and gradient hooks on named layers of a torch model.

    Parameters
    ----------
    model : torch.nn.Module
    layers : str, torch.nn.Module or sequence
        Layers by name in ``model.named_modules()`` (``"conv1"``, ``"0"``,
        ``"encoder.2"``) or as submodules.
    gradients : bool, default False
        Also accumulate gradient statistics during training (see Notes).

    Raises
    ------
    TypeError
        If ``model`` is not a ``torch.nn.Module``.
    ValueError
        If a layer is not a submodule of the model, is listed twice, or none is given.

    Notes
    -----
    *Forward.* A forward hook on each layer stores a copy of its output,
    flattened to ``(n, -1)`` and detached, only while :meth:`capture` runs the
    model (a copy, so that an in-place operation after the layer, such as
    ``ReLU(inplace=True)``, does not change what was recorded).

    *Gradients.* With ``gradients=True``, each parameter of a layer gets a
    post-accumulate-grad hook that adds ``p.grad`` and ``p.grad**2`` to running
    sums after every ``backward()``, and each layer's output gets a tensor hook
    (registered by the forward hook when the output requires grad) that adds the
    Frobenius norm of :math:`\partial L / \partial T` of the batch. :meth:`read_gradients`
    turns the sums over the :math:`k` backward passes since the last read into,
    per layer,

    .. math:: \|\bar g\|, \qquad
              \Big(\sum_j \widehat{\operatorname{Var}}(g_j)\Big)^{1/2}, \qquad
              \text{SNR} = \|\bar g\| \big/
              \Big(\sum_j \widehat{\operatorname{Var}}(g_j)\Big)^{1/2},

    with :math:`\bar g` the mean gradient of the layer's parameters over the
    :math:`k` batches and :math:`\widehat{\operatorname{Var}}` the (biased) variance over
    batches of each parameter's gradient -- the two curves and the ratio of
    Shwartz-Ziv & Tishby (2017, figure 4) -- and resets the sums. The gradients
    must be zeroed between steps (``optimizer.zero_grad()``), as usual; otherwise
    the hook sees accumulated gradients.

    Hooks stay until :meth:`remove` (or the end of a ``with`` block).

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> net = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    >>> with it.LayerHooks(net, ["0", "1"]) as hooks:
    ...     acts = hooks.capture(torch.zeros(5, 3))
    >>> sorted(acts), acts["0"].shape, hooks.active
    (['0', '1'], (5, 4), False)
    """

    def __init__(self, model, layers, *, gradients=False):
        _require_torch()
        if not isinstance(model, nn.Module):
            raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
        self.model = model
        self.layer_names, self.modules = _resolve_layers(model, layers)
        self.gradients = bool(gradients)
        self._capture = None
        self._handles = []
        self._reset_gradient_sums()
        for name, module in zip(self.layer_names, self.modules, strict=True):
            self._handles.append(module.register_forward_hook(self._forward_hook(name)))
            if self.gradients:
                for p in module.parameters():
                    if p.requires_grad:
                        self._handles.append(
                            p.register_post_accumulate_grad_hook(self._param_hook(name))
                        )

    # -- hooks
    def _forward_hook(self, name):
        def hook(module, args, output):
            out = output[0] if isinstance(output, (tuple, list)) else output
            if not isinstance(out, torch.Tensor):
                return
            if self._capture is not None:  # a copy: a later in-place op (ReLU(inplace=True))
                self._capture[name] = out.detach().reshape(out.shape[0], -1).clone()
            elif self.gradients and out.requires_grad and torch.is_grad_enabled():
                out.register_hook(self._output_grad_hook(name))

        return hook

    def _output_grad_hook(self, name):
        def hook(grad):
            with torch.no_grad():
                s = self._out_sums[name]
                s[0] += float(torch.linalg.vector_norm(grad))
                s[1] += 1

        return hook

    def _param_hook(self, name):
        def hook(p):
            if p.grad is None:
                return
            with torch.no_grad():
                g = p.grad.detach().reshape(-1).to(torch.float64)
                sums = self._grad_sums[name].setdefault(
                    id(p), [torch.zeros_like(g), torch.zeros_like(g), 0]
                )
                sums[0] += g
                sums[1] += g * g
                sums[2] += 1

        return hook

    def _reset_gradient_sums(self):
        self._grad_sums = {name: {} for name in self.layer_names}
        self._out_sums = {name: [0.0, 0] for name in self.layer_names}

    # -- lifecycle
    def remove(self):
        """Remove every hook from the model (idempotent)."""
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

    # -- reading
    def capture(self, inputs):
        """Run ``model(inputs)`` and return ``{layer: activations}`` as float32 arrays ``(n, -1)``.

        The model runs in eval mode under ``torch.no_grad()``; its previous mode is
        restored. Raises ``RuntimeError`` after :meth:`remove` or if a layer did not run.
        """
        if not self.active:
            raise RuntimeError("the hooks have been removed")
        was_training = self.model.training
        self._capture = {}
        try:
            self.model.eval()
            with torch.no_grad():
                self.model(inputs)
            got = self._capture
        finally:
            self._capture = None
            self.model.train(was_training)
        missing = [name for name in self.layer_names if name not in got]
        if missing:
            raise RuntimeError(f"layers {missing} did not run in model(inputs)")
        return {name: got[name].to("cpu", torch.float32).numpy() for name in self.layer_names}

    def read_gradients(self):
        """Gradient statistics per layer since the last read, then reset.

        Returns
        -------
        dict
            ``{"grad_norm", "grad_std", "grad_snr", "output_grad_norm", "batches"}``, each
            an array with one entry per layer (NaN where nothing was accumulated, e.g.
            a layer without parameters, or no ``backward()`` since the last read; the
            standard deviation and the SNR need two backward passes at least).
        """
        n = len(self.layer_names)
        out = {
            k: np.full(n, np.nan) for k in ("grad_norm", "grad_std", "grad_snr", "output_grad_norm")
        }
        out["batches"] = np.zeros(n, dtype=np.int64)
        for j, name in enumerate(self.layer_names):
            sums = list(self._grad_sums[name].values())
            if sums:
                k = min(s[2] for s in sums)
                mean_sq = sum(float(((s[0] / s[2]) ** 2).sum()) for s in sums)
                var = sum(
                    float((s[1] / s[2] - (s[0] / s[2]) ** 2).clamp_min(0.0).sum()) for s in sums
                )
                out["grad_norm"][j] = math.sqrt(mean_sq)
                if k >= 2:  # a spread needs two batches at least
                    out["grad_std"][j] = math.sqrt(var)
                    out["grad_snr"][j] = math.sqrt(mean_sq) / math.sqrt(var) if var > 0 else np.inf
                out["batches"][j] = k
            total, count = self._out_sums[name]
            if count:
                out["output_grad_norm"][j] = total / count
        self._reset_gradient_sums()
        return out


# --------------------------------------------------------------------------- estimators


class ProjectedEstimator:
    r"""An estimator of ``itlab`` applied to the first principal components of a layer.

    Parameters
    ----------
    n_components : int, default 3
        Number of principal components kept (fewer if the layer is narrower).
    method : {"ksg", "binning", "kde"} or callable, default "ksg"
        ``"ksg"``: :math:`I(T;Y)` by :func:`~itlab.estimators.mixed_mutual_information` (Ross's
        k-nearest-neighbour estimator for a continuous variable and a label), and
        NaN for :math:`I(X;T)` (see Notes). ``"binning"`` / ``"kde"``:
        :class:`itlab.BinningEstimator` with each layer's own range /
        :class:`itlab.KDEEstimator`, on the components. A callable
        ``f(t, y) -> (i_xt, i_ty)`` is used as it is.
    k : int, default 3
        Neighbours for ``"ksg"``.
    base : float, default 2
        Logarithm base (2: bits).

    Notes
    -----
    The projection :math:`W^\top(T - \bar T)` onto the top principal directions
    of the probe activations uses no labels, so for a fixed :math:`W`, by the
    data processing inequality, :math:`I(W^\top T; Y) \le I(T;Y)`: the estimate
    follows a lower bound on what the layer carries about the label. The
    directions are refitted at every call. For a deterministic layer of
    continuous units, :math:`I(X;T)` is infinite (or :math:`\log n` on n distinct
    inputs) whatever the network does; only a coarse-graining (binning) or
    added noise (KDE) makes it finite, which is why ``"ksg"`` reports NaN for it.
    Principal components follow variance, not relevance: a label carried by a
    low-variance direction is missed (the estimate then falls towards 0), so
    raise ``n_components`` or standardise the units when the scales differ.

    Examples
    --------
    >>> import numpy as np
    >>> import itlab as it
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 2000)
    >>> t = np.c_[5 * y + 0.1 * rng.normal(size=2000), rng.normal(size=(2000, 5))]
    >>> i_xt, i_ty = it.ProjectedEstimator(n_components=2)(t, y)
    >>> bool(np.isnan(i_xt)), round(i_ty, 1)
    (True, 1.0)
    """

    def __init__(self, n_components=3, method="ksg", *, k=3, base=2):
        self.n_components = check_positive_int(n_components, "n_components")
        self.k = check_positive_int(k, "k")
        log_base(base)
        self.base = base
        if callable(method):
            self.method, self._inner = getattr(method, "name", repr(method)), method
        elif method in ("ksg", "binning", "kde"):
            self.method, self._inner = method, None
        else:
            raise ValueError(
                f"method must be 'ksg', 'binning', 'kde' or a callable, got {method!r}"
            )
        self.name = f"{self.method}-pca{self.n_components}"

    def project(self, t):
        """The first ``n_components`` principal-component scores of ``t`` (n, d)."""
        t = np.asarray(t, dtype=np.float64)
        t = t.reshape(t.shape[0], -1) - t.reshape(t.shape[0], -1).mean(axis=0)
        m = min(self.n_components, t.shape[1])
        if t.shape[1] <= m:
            return t
        _, s, vt = np.linalg.svd(t, full_matrices=False)
        return t @ vt[:m].T

    def __call__(self, t, y):
        """``(i_xt, i_ty)`` of the projected activations ``t`` with labels ``y``."""
        z = self.project(t)
        if self.method == "ksg":
            import itlab

            if np.all(z.std(axis=0) == 0):  # a constant layer carries nothing
                return math.nan, 0.0
            z = z[:, z.std(axis=0) > 0]
            return math.nan, float(itlab.mixed_mutual_information(z, y, k=self.k, base=self.base))
        inner = self._inner or _plane_estimator(self.method, self.base)
        return tuple(float(v) for v in inner(z, y))

    def __repr__(self):
        return (
            f"ProjectedEstimator(n_components={self.n_components}, "
            f"method={self.method!r}, base={self.base})"
        )


def _plane_estimator(name, base=2):
    import itlab  # the information-plane estimators, resolved when first used

    if name == "binning":
        return itlab.BinningEstimator(value_range=None, base=base)
    return itlab.KDEEstimator(base=base)


def _make_estimators(estimators):
    if isinstance(estimators, str) or callable(estimators):
        estimators = [estimators]
    if isinstance(estimators, dict):
        items = list(estimators.items())
    else:
        try:
            items = [
                (e if isinstance(e, str) else getattr(e, "name", None) or repr(e), e)
                for e in estimators
            ]
        except TypeError:
            raise TypeError(
                f"estimators must be a name, a callable, a list or a dict, got {estimators!r}"
            ) from None
    if not items:
        raise ValueError("estimators must not be empty")
    out = {}
    for key, spec in items:
        if callable(spec):
            out[str(key)] = spec
        elif spec in ("ksg", "binning", "kde"):
            out[str(key)] = ProjectedEstimator(method=spec)
        else:
            raise ValueError(
                f"estimators: unknown estimator {spec!r} "
                f"(use 'ksg', 'binning', 'kde' or a callable)"
            )
    return out


# --------------------------------------------------------------------------- the monitor

_STATS = ("mean", "std", "zero_fraction")
_GRADS = ("grad_norm", "grad_std", "grad_snr", "output_grad_norm")


class InformationMonitor:
    r"""Record information flow through chosen layers of a torch model during training.

    Parameters
    ----------
    model : torch.nn.Module
        Any model; ``model(inputs)`` must run the chosen layers.
    layers : str, torch.nn.Module or sequence
        Layers to watch, by name in ``model.named_modules()`` or as submodules.
    inputs : torch.Tensor or array_like, shape (n, ...)
        A fixed probe set on which activations are measured.
    labels : array_like, shape (n,)
        Label of each probe input.
    estimators : str, callable, list or dict, default "ksg"
        ``"ksg"``, ``"binning"`` or ``"kde"`` on the first 3 principal components
        of each layer (:class:`ProjectedEstimator`), any callable
        ``f(t, y) -> (i_xt, i_ty)`` (e.g. :class:`ProjectedEstimator` with other
        settings, or :class:`itlab.BinningEstimator` on the raw layer), or several
        as a list or a dict ``{name: estimator}``.
    steps : iterable of int, optional
        Steps at which :meth:`step` records.
    every : int, optional
        Record at every multiple of ``every`` (with ``steps``, either triggers).
        With neither, :meth:`step` records every time.
    gradients : bool, default True
        Accumulate gradient statistics between records (:class:`LayerHooks`).

    Raises
    ------
    TypeError
        If ``model`` is not a module or ``estimators`` has the wrong type.
    ValueError
        If a layer is not in the model, ``labels`` does not give one label per
        input, ``inputs`` is empty, an estimator is unknown, or ``every < 1``.

    Notes
    -----
    At a recorded step the monitor runs the model on the probe set (eval mode, no
    gradients) and stores, per layer :math:`T` (flattened per sample): the mean
    and standard deviation of all its entries, the fraction of exact zeros (dead
    ReLUs), and each estimator's :math:`(I(X;T), I(T;Y))`; and, from the gradient
    hooks, the norm of the mean parameter gradient over the batches since the
    previous record, the norm of their standard deviation, their ratio (the
    gradient SNR) and the mean norm of :math:`\partial L/\partial T`.

    Unlike a histogram of all the entries of an activation tensor -- which
    mixes units and samples and measures the spread of values, not what the
    layer tells about anything -- every estimate here is about the
    *joint* distribution of a sample's representation and its label.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), arXiv:1703.00810. Ross (2014), PLoS ONE 9,
    e87357. Saxe et al. (2018), ICLR.

    Examples
    --------
    >>> import numpy as np
    >>> import torch
    >>> import itlab as it
    >>> torch.manual_seed(0)  # doctest: +ELLIPSIS
    <torch._C.Generator object at ...>
    >>> x, y = torch.randn(200, 4), torch.randint(0, 2, (200,))
    >>> net = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
    >>> opt = torch.optim.SGD(net.parameters(), lr=0.1)
    >>> with it.InformationMonitor(net, ["0", "2"], x, y, every=5) as mon:
    ...     for step in range(11):
    ...         opt.zero_grad()
    ...         torch.nn.functional.cross_entropy(net(x), y).backward()
    ...         opt.step()
    ...         _ = mon.step(step)
    >>> mon.steps.tolist(), mon.i_ty["ksg"].shape, mon.history["grad_snr"].shape
    ([0, 5, 10], (3, 2), (3, 2))
    """

    def __init__(
        self,
        model,
        layers,
        inputs,
        labels,
        *,
        estimators="ksg",
        steps=None,
        every=None,
        gradients=True,
    ):
        _require_torch()
        self.hooks = LayerHooks(model, layers, gradients=gradients)
        self.model = model
        self.layer_names = self.hooks.layer_names
        try:
            try:
                device = next(model.parameters()).device
            except StopIteration:
                device = torch.device("cpu")
            x = (
                inputs.detach()
                if isinstance(inputs, torch.Tensor)
                else torch.as_tensor(np.asarray(inputs))
            )
            if x.ndim == 0 or x.shape[0] == 0:
                raise ValueError("inputs must be a non-empty batch of probe inputs")
            if x.is_floating_point():
                try:
                    x = x.to(next(model.parameters()).dtype)
                except StopIteration:
                    pass
            self.inputs = x.to(device)
            y = np.asarray(labels.detach().cpu().numpy() if hasattr(labels, "detach") else labels)
            if y.ndim != 1 or y.shape[0] != x.shape[0]:
                raise ValueError(
                    f"labels must give one label per probe input ({x.shape[0]}), "
                    f"got shape {y.shape}"
                )
            self.labels = y
            self.estimators = _make_estimators(estimators)
            self.schedule = None if steps is None else {int(s) for s in steps}
            self.every = None if every is None else check_positive_int(every, "every")
        except Exception:
            self.hooks.remove()
            raise
        self._steps = []
        self._rows = {k: [] for k in (*_STATS, *_GRADS)}
        self._info = {name: [] for name in self.estimators}

    # -- lifecycle
    def remove(self):
        """Detach every hook from the model (idempotent); the record stays."""
        self.hooks.remove()

    @property
    def active(self):
        """Whether the hooks are still attached."""
        return self.hooks.active

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
        return False

    # -- recording
    def wants(self, step):
        """Whether :meth:`step` would record at ``step``."""
        step = int(step)
        if self.schedule is None and self.every is None:
            return True
        return (self.schedule is not None and step in self.schedule) or (
            self.every is not None and step % self.every == 0
        )

    def step(self, step):
        """Call once per training step; records if ``step`` is scheduled. Returns whether it did."""
        return self.record(step) if self.wants(step) else False

    def record(self, step, *, force=True):
        """Record at ``step`` (unconditionally by default); returns ``True`` when it did."""
        if not (force or self.wants(step)):
            return False
        acts = self.hooks.capture(self.inputs)
        grads = self.hooks.read_gradients()
        stats = np.array(
            [(a.mean(), a.std(), np.mean(a == 0)) for a in (acts[n] for n in self.layer_names)]
        )
        for k, key in enumerate(_STATS):
            self._rows[key].append(stats[:, k])
        for key in _GRADS:
            self._rows[key].append(grads[key])
        for name, est in self.estimators.items():
            row = []
            for layer in self.layer_names:  # an estimator may specialise per layer (for_layer)
                e = est.for_layer(layer) if hasattr(est, "for_layer") else est
                row.append(tuple(float(v) for v in e(acts[layer], self.labels)))
            self._info[name].append(row)
        self._steps.append(int(step))
        return True

    # -- results
    @property
    def steps(self):
        """Recorded steps, shape ``(S,)``."""
        return np.asarray(self._steps, dtype=np.int64)

    @property
    def history(self):
        """``{statistic: array (S, n_layers)}``: mean, std, zero_fraction, gradient statistics."""
        n = len(self.layer_names)
        return {k: np.asarray(v, dtype=float).reshape(len(v), n) for k, v in self._rows.items()}

    def _part(self, k):
        n = len(self.layer_names)
        return {
            name: np.asarray(v, dtype=float).reshape(len(v), n, 2)[:, :, k]
            for name, v in self._info.items()
        }

    @property
    def i_xt(self):
        """``{estimator: array (S, n_layers)}`` of I(X;T) (NaN where the estimator gives none)."""
        return self._part(0)

    @property
    def i_ty(self):
        """``{estimator: array (S, n_layers)}`` of I(T;Y)."""
        return self._part(1)

    def postfix(self):
        """The last record as a short dict for ``tqdm``'s ``set_postfix`` (I(T;Y) per layer)."""
        if not self._steps:
            return {}
        name = next(iter(self.estimators))
        last = self._info[name][-1]
        return {
            f"I({layer};Y)": f"{v[1]:.2f}" for layer, v in zip(self.layer_names, last, strict=True)
        }

    def plot(self, fig=None, *, estimator=None, unit="bits"):
        """Four panels against the step: I(T;Y), activation std, gradient norm (mean and std), SNR.

        Parameters
        ----------
        fig : matplotlib.figure.Figure, optional
            Figure to draw into (a new 2 x 2 figure by default).
        estimator : str, optional
            Which estimator's I(T;Y) to draw (the first by default).
        unit : str, default "bits"

        Returns
        -------
        matplotlib.figure.Figure
        """
        from . import plot as ip

        if not self._steps:
            raise RuntimeError("nothing recorded yet")
        name = estimator or next(iter(self.estimators))
        if name not in self._info:
            raise ValueError(f"estimator must be one of {list(self._info)}, got {name!r}")
        if fig is None:
            fig, axes = ip.figure(2, 2, width=6.8, height=5.0, sharex=True)
        else:
            axes = np.array(fig.subplots(2, 2))
        axes = np.asarray(axes).reshape(2, 2)
        s = self.steps
        h = self.history
        ity = self.i_ty[name]
        for j, layer in enumerate(self.layer_names):
            c = ip.PALETTE[j % len(ip.PALETTE)]
            axes[0, 0].plot(s, ity[:, j], "o-", ms=3, color=c, label=layer)
            axes[0, 1].plot(s, h["std"][:, j], "o-", ms=3, color=c)
            axes[1, 0].plot(s, h["grad_norm"][:, j], "-", color=c)
            axes[1, 0].plot(s, h["grad_std"][:, j], "--", color=c)
            axes[1, 1].plot(s, h["grad_snr"][:, j], "o-", ms=3, color=c)
        axes[0, 0].legend(title="layer", fontsize=8)
        ip.label(axes[0, 0], "", "I(T;Y)", yunit=unit)
        ip.label(axes[0, 1], "", "activation std")
        ip.label(axes[1, 0], "step", "gradient norm (mean —, std --)")
        ip.label(axes[1, 1], "step", "gradient SNR")
        for ax in axes[1]:
            ax.set_yscale("log")
        return fig

    def __repr__(self):
        return (
            f"InformationMonitor(layers={self.layer_names}, estimators={list(self.estimators)}, "
            f"records={len(self._steps)}, active={self.active})"
        )
