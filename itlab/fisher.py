r"""Fisher information of a classifier, and elastic weight consolidation built on it.

A classifier with parameters :math:`\theta` defines a conditional distribution
:math:`p_\theta(y \mid x) = \operatorname{softmax}(f_\theta(x))_y`. Its Fisher
information averaged over a set of inputs is

.. math:: F(\theta) = \frac1n \sum_{i=1}^n \sum_{y} p_\theta(y \mid x_i)\,
          \nabla_\theta \log p_\theta(y \mid x_i)\,\nabla_\theta \log p_\theta(y \mid x_i)^\top,

the covariance of the score under the model's own predictions (the *true*
Fisher). Replacing the inner expectation by the observed label gives the
*empirical* Fisher, a different matrix (Kunstner et al. 2019). This module holds

- :func:`fisher_information`: either of them, full or diagonal, from batched
  per-sample Jacobians (``torch.func``: ``functional_call`` + ``vmap`` + ``jacrev``),
  with no Python loop over samples;
- :class:`EWC`: the elastic-weight-consolidation penalty of Kirkpatrick et al.
  (2017), :math:`\tfrac\lambda2 \sum_i F_i (\theta_i - \theta^*_i)^2`.

Parameters are flattened in ``model.parameters()`` order, as
:func:`torch.nn.utils.parameters_to_vector` does.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validation import check_positive_int

try:  # torch is an optional dependency (the ``torch`` extra)
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - exercised only without torch
    torch = None
    nn = None

__all__ = ["fisher_information", "EWC"]

_KINDS = ("true", "empirical")

#: Entries of the per-chunk Jacobian (chunk x classes x parameters) held at once.
_CHUNK_ENTRIES = 2**22


def _require_torch():
    if torch is None:  # pragma: no cover
        raise ImportError("itlab.fisher needs torch: pip install torch==2.13.0")


def _check_model(model):
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    params = dict(model.named_parameters())
    if not params:
        raise ValueError("model has no parameters: its Fisher information is an empty matrix")
    return params


def _as_inputs(inputs, like):
    if inputs is None or isinstance(inputs, (str, bytes)):
        raise TypeError(
            f"inputs must be a tensor or an array of inputs, got {type(inputs).__name__}"
        )
    x = inputs.detach() if isinstance(inputs, torch.Tensor) else torch.as_tensor(np.asarray(inputs))
    if x.ndim == 0:
        raise ValueError("inputs must be a batch of inputs (first axis: samples), got a scalar")
    if x.shape[0] == 0:
        raise ValueError("inputs must not be empty (0 samples)")
    if x.is_floating_point():  # float inputs take the parameters' dtype; integer ids stay
        x = x.to(dtype=like.dtype)
        if not torch.all(torch.isfinite(x)):
            raise ValueError("inputs contains NaN or infinite values")
    return x.to(like.device)


def _as_targets(targets, n, device):
    t = (
        targets.detach()
        if isinstance(targets, torch.Tensor)
        else torch.as_tensor(np.asarray(targets))
    )
    if t.ndim != 1:
        raise ValueError(
            f"targets must be a 1-D array of class indices, got shape {tuple(t.shape)}"
        )
    if t.shape[0] != n:
        raise ValueError(f"targets must have one label per input ({n}), got {t.shape[0]}")
    if t.is_floating_point():
        if not torch.all(t == torch.round(t)):
            raise ValueError("targets must be integer class indices")
    elif t.dtype == torch.bool:
        raise TypeError("targets must be integer class indices, got booleans")
    return t.to(device=device, dtype=torch.int64)


def fisher_information(
    model, inputs, *, kind="true", targets=None, diagonal=False, chunk_size=None
):
    r"""Fisher information matrix of a classifier at its current parameters.

    Parameters
    ----------
    model : torch.nn.Module
        Maps a batch of inputs, shape ``(n, ...)``, to logits of shape ``(n, C)``.
        Its buffers (e.g. batch-norm statistics) are used as they are; call
        ``model.eval()`` first if it behaves differently in training mode.
    inputs : torch.Tensor or array_like, shape (n, ...)
        The inputs :math:`x_i` over which the Fisher is averaged.
    kind : {"true", "empirical"}, default "true"
        ``"true"``: expectation over :math:`y \sim p_\theta(\cdot \mid x_i)`, an exact
        sum over the C classes; ``"empirical"``: the observed ``targets``.
    targets : array_like of int, shape (n,), optional
        Labels :math:`y_i`; required for ``kind="empirical"``, checked but not used
        for ``kind="true"``.
    diagonal : bool, default False
        Return only the diagonal (without forming the P x P matrix).
    chunk_size : int, optional
        Samples per batched Jacobian; by default as many as keep the Jacobian
        chunk (samples x classes x P) near 4 million entries (small chunks stay in cache).

    Returns
    -------
    numpy.ndarray
        Shape ``(P, P)`` (float64), or ``(P,)`` when ``diagonal=True``, with P the
        number of parameters, in ``model.parameters()`` order.

    Raises
    ------
    TypeError
        If ``model`` is not a ``torch.nn.Module``, or ``inputs``/``targets`` have the
        wrong type.
    ValueError
        If the model has no parameters, ``inputs`` is empty or not finite, ``kind`` is
        unknown, ``kind="empirical"`` comes without ``targets``, ``targets`` does not
        give one class per input or a class is out of range, or the model's output is
        not a ``(n, C)`` array of logits.

    Notes
    -----
    With :math:`s_{iy} = \nabla_\theta \log p_\theta(y \mid x_i)` (a vector of length P)
    and :math:`p_{iy} = p_\theta(y \mid x_i)`,

    .. math::

        F_{\text{true}} = \frac1n \sum_i \sum_{y=1}^{C} p_{iy}\, s_{iy} s_{iy}^\top
          = \frac1n \sum_i J_i^\top \big(\operatorname{diag}(p_i) - p_i p_i^\top\big) J_i,
        \qquad
        F_{\text{emp}} = \frac1n \sum_i s_{i y_i} s_{i y_i}^\top,

    where :math:`J_i` is the :math:`C \times P` Jacobian of the logits. The true
    Fisher is computed from the per-class rows :math:`\sqrt{p_{iy}}\, s_{iy}`
    (:math:`nC` rows of length P) as :math:`G^\top G / n`, and its diagonal as the
    column sums of :math:`G \odot G`. The scores come from
    ``torch.func.vmap(torch.func.jacrev(...))`` over the log-softmax of the model
    called with ``torch.func.functional_call``: one batched reverse-mode pass per
    chunk of samples, no loop over samples. The outer products are formed in
    float64; for the diagonal, the squares are summed over a chunk in the
    parameters' dtype and accumulated over chunks in float64.
    Both matrices are averaged over the inputs; multiply by n for the Fisher of a
    data set of n independent samples. The true Fisher does not depend on labels
    and is positive semi-definite; the empirical Fisher equals it in expectation
    only when the labels are drawn from the model itself.

    References
    ----------
    Amari (1998), "Natural gradient works efficiently in learning", Neural
    Computation 10, 251-276. Martens (2020), "New insights and perspectives on the
    natural gradient method", JMLR 21. Kunstner, Balles & Hennig (2019),
    "Limitations of the empirical Fisher approximation for natural gradient descent",
    NeurIPS.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> model = torch.nn.Linear(2, 3, bias=False)
    >>> with torch.no_grad():
    ...     _ = model.weight.zero_()      # uniform predictions p = (1/3, 1/3, 1/3)
    >>> x = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> F = it.fisher_information(model, x)
    >>> F.shape, round(float(F[0, 0]), 4)  # p(1-p) x1^2 averaged: (2/9) / 2
    ((6, 6), 0.1111)
    >>> it.fisher_information(model, x, diagonal=True).round(4).tolist()
    [0.1111, 0.1111, 0.1111, 0.1111, 0.1111, 0.1111]
    """
    _require_torch()
    params = _check_model(model)
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    first = next(iter(params.values()))
    x = _as_inputs(inputs, first)
    n = x.shape[0]
    if targets is None:
        if kind == "empirical":
            raise ValueError('kind="empirical" needs targets (the observed label of each input)')
        y = None
    else:
        y = _as_targets(targets, n, first.device)
    if chunk_size is not None:
        chunk_size = check_positive_int(chunk_size, "chunk_size")
    names = list(params)
    detached = {k: v.detach() for k, v in params.items()}
    sizes = [v.numel() for v in detached.values()]
    n_params = sum(sizes)

    from torch.func import functional_call, jacrev, vmap

    with torch.no_grad():
        probe = model(x[:1])
    if probe.ndim != 2 or probe.shape[0] != 1:
        raise ValueError(
            f"model must map a batch of inputs to logits of shape (n, C), got {tuple(probe.shape)}"
        )
    n_classes = probe.shape[1]
    if y is not None and (int(y.min()) < 0 or int(y.max()) >= n_classes):
        raise ValueError(f"targets must be class indices in 0..{n_classes - 1}")

    def flat(tensors, lead):
        return torch.cat([tensors[k].reshape(*lead, -1) for k in names], dim=-1)

    if kind == "true":

        def log_probs(p, xi):
            logp = torch.log_softmax(functional_call(model, p, (xi[None],))[0], dim=-1)
            return logp, logp

        score_fn = vmap(jacrev(log_probs, has_aux=True), in_dims=(None, 0))
        per_sample = n_classes
    else:

        def log_prob_of(p, xi, yi):
            logp = torch.log_softmax(functional_call(model, p, (xi[None],))[0], dim=-1)
            return logp.gather(0, yi[None])[0]

        score_fn = vmap(torch.func.grad(log_prob_of), in_dims=(None, 0, 0))
        per_sample = 1
    if chunk_size is None:
        chunk_size = max(1, _CHUNK_ENTRIES // (per_sample * n_params))
    acc = torch.zeros(
        (n_params,) if diagonal else (n_params, n_params), dtype=torch.float64, device=first.device
    )
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    for start in range(0, n, chunk_size):  # chunks of samples, each one batched pass
        xb = x[start : start + chunk_size]
        m = xb.shape[0]
        if kind == "true":
            jac, logp = score_fn(detached, xb)
            weight = torch.exp(logp)  # (m, C): p(y | x_i)
            if diagonal:  # sum_i sum_y p_iy s_iy^2, block by block: no P-wide copy
                for k, name in enumerate(names):
                    sq = jac[name].reshape(m, n_classes, -1).square()
                    acc[offsets[k] : offsets[k + 1]] += torch.einsum("ic,icp->p", weight, sq).to(
                        torch.float64
                    )
                continue
            rows = flat(jac, (m, n_classes)) * weight.sqrt()[..., None]
        else:
            grads = score_fn(detached, xb, y[start : start + chunk_size])
            if diagonal:
                for k, name in enumerate(names):
                    acc[offsets[k] : offsets[k + 1]] += (
                        grads[name].reshape(m, -1).square().sum(dim=0).to(torch.float64)
                    )
                continue
            rows = flat(grads, (m,))
        rows = rows.reshape(-1, n_params).to(torch.float64)
        acc += rows.T @ rows
    acc /= n
    return acc.cpu().numpy()


class EWC:
    r"""Elastic weight consolidation: a quadratic penalty that anchors important parameters.

    Parameters
    ----------
    model : torch.nn.Module
        The model being trained on the new task.
    fisher_diagonal : array_like or torch.Tensor, shape (P,)
        Importance :math:`F_i \ge 0` of each parameter (typically the diagonal Fisher
        of the old task, from :func:`fisher_information`), in ``model.parameters()``
        order. A full ``(P, P)`` matrix is also accepted and gives the quadratic form
        :math:`\tfrac\lambda2 (\theta-\theta^*)^\top F (\theta-\theta^*)`.
    anchor : array_like or torch.Tensor, shape (P,), optional
        The old task's parameters :math:`\theta^*`; default: a copy of the model's
        current parameters.
    strength : float, default 1.0
        :math:`\lambda \ge 0`.

    Raises
    ------
    TypeError
        If ``model`` is not a ``torch.nn.Module`` or ``strength`` is not a number.
    ValueError
        If the model has no parameters, ``fisher_diagonal`` or ``anchor`` has the
        wrong length or a NaN/inf entry, ``fisher_diagonal`` has a negative entry,
        or ``strength`` is negative or not finite.

    Notes
    -----
    Calling the object returns

    .. math:: \Omega(\theta) = \frac\lambda2 \sum_{i=1}^P F_i (\theta_i - \theta^*_i)^2,

    a differentiable scalar tensor: add it to the new task's loss. Kirkpatrick et al.
    (2017) motivate it as a Laplace approximation of the old task's posterior,
    :math:`\log p(\theta \mid \mathcal D_A) \approx \text{const} -
    \tfrac{n_A}2 (\theta-\theta^*)^\top F (\theta-\theta^*)`, with the Fisher standing in
    for the Hessian of the old loss and its diagonal for the whole matrix. With
    :func:`fisher_information` averaged over the :math:`n_A` old inputs and the new
    task's loss a mean over its :math:`n_B` samples, the Bayesian value of
    :math:`\lambda` is :math:`n_A / n_B` (:math:`n_A` for a summed loss).

    References
    ----------
    Kirkpatrick et al. (2017), "Overcoming catastrophic forgetting in neural
    networks", PNAS 114, 3521-3526.

    Examples
    --------
    >>> import torch
    >>> import itlab as it
    >>> model = torch.nn.Linear(1, 1)
    >>> penalty = it.EWC(model, [2.0, 0.0], strength=3.0)   # anchored at the current weights
    >>> float(penalty().detach())
    0.0
    >>> with torch.no_grad():
    ...     model.weight += 1.0                               # move the weight by 1
    >>> float(penalty().detach())                             # 3/2 * 2 * 1^2
    3.0
    """

    def __init__(self, model, fisher_diagonal, anchor=None, strength=1.0):
        _require_torch()
        params = _check_model(model)
        self.model = model
        n_params = sum(p.numel() for p in params.values())
        first = next(iter(params.values()))
        fisher = self._as_vector(fisher_diagonal, "fisher_diagonal", first)
        if (
            fisher.ndim == 1
            and fisher.shape[0] != n_params
            or fisher.ndim == 2
            and fisher.shape != (n_params,) * 2
        ):
            raise ValueError(
                f"fisher_diagonal must have one entry per parameter ({n_params}) "
                f"or be a ({n_params}, {n_params}) matrix, got shape {tuple(fisher.shape)}"
            )
        if fisher.ndim not in (1, 2):
            raise ValueError(
                f"fisher_diagonal must be 1-D (or a 2-D matrix), got shape {tuple(fisher.shape)}"
            )
        if fisher.ndim == 1 and torch.any(fisher < 0):
            raise ValueError("fisher_diagonal must be non-negative")
        self.fisher = fisher
        if anchor is None:
            self.anchor = torch.nn.utils.parameters_to_vector(model.parameters()).detach().clone()
        else:
            self.anchor = self._as_vector(anchor, "anchor", first)
            if self.anchor.ndim != 1 or self.anchor.shape[0] != n_params:
                raise ValueError(
                    f"anchor must have one entry per parameter ({n_params}), "
                    f"got shape {tuple(self.anchor.shape)}"
                )
        if isinstance(strength, bool) or not isinstance(strength, numbers.Real):
            raise TypeError(f"strength must be a real number, got {type(strength).__name__}")
        if not math.isfinite(strength) or strength < 0:
            raise ValueError(f"strength must be finite and >= 0, got {strength!r}")
        self.strength = float(strength)

    @staticmethod
    def _as_vector(value, name, like):
        if value is None or isinstance(value, (str, bytes)):
            raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
        t = (
            value.detach()
            if isinstance(value, torch.Tensor)
            else torch.as_tensor(np.asarray(value, dtype=float))
        )
        t = t.to(device=like.device, dtype=like.dtype)
        if not torch.all(torch.isfinite(t)):
            raise ValueError(f"{name} contains NaN or infinite values")
        return t

    def __call__(self):
        """The penalty at the model's current parameters (a differentiable scalar tensor)."""
        theta = torch.cat([p.reshape(-1) for p in self.model.parameters()])
        d = theta - self.anchor
        if self.fisher.ndim == 1:
            return 0.5 * self.strength * torch.dot(self.fisher, d * d)
        return 0.5 * self.strength * torch.dot(d, self.fisher @ d)

    def __repr__(self):
        kind = "diagonal" if self.fisher.ndim == 1 else "full"
        return f"EWC({kind} Fisher, P={self.anchor.numel()}, strength={self.strength})"
