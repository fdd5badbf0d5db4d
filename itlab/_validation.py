"""Input checks shared by every public function of :mod:`itlab`.

Each helper validates one kind of argument at the public boundary and raises
``ValueError`` or ``TypeError`` with a message that names the argument, so that
bad input never turns into a wrong number further down.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_base",
    "check_pmf",
    "check_same_shape",
    "check_samples",
    "check_labels",
    "check_positive_int",
    "check_probability",
    "log_base",
    "as_generator",
    "check_real",
    "check_finite_nonnegative",
]

#: Relative tolerance for "sums to one" (API.md: no silent renormalisation).
PMF_RTOL = 1e-6


def check_base(base):
    """Return ``base`` as a float after checking that it is finite and positive (and not 1)."""
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise TypeError(f"base must be a real number, got {type(base).__name__}")
    base = float(base)
    if not math.isfinite(base) or base <= 0:
        raise ValueError(f"base must be positive and finite, got {base!r}")
    if base == 1.0:
        raise ValueError("base must not be 1 (log base 1 is undefined)")
    return base


def log_base(base):
    """Natural log of a validated ``base``: divide a result in nats by it to convert."""
    return math.log(check_base(base))


def _as_float_array(x, name):
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like of numbers, got {type(x).__name__}")
    if hasattr(x, "detach") and hasattr(x, "cpu"):  # a torch tensor
        x = x.detach().cpu().numpy()
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise TypeError(f"{name} must be array-like of numbers: {err}") from None
    return arr


def check_pmf(p, name="p", min_ndim=1, ndim=None):
    """Return ``p`` as a float array after checking that it is a probability mass function.

    Parameters
    ----------
    p : array_like
        Candidate pmf, any shape.
    name : str
        Argument name used in error messages.
    min_ndim : int
        Fewest axes allowed.
    ndim : int or None
        Exact number of axes required, if given.

    Raises
    ------
    ValueError
        If ``p`` is empty, has the wrong number of axes, contains a negative, NaN or
        infinite entry, or does not sum to 1 within a relative tolerance of 1e-6.
    """
    arr = _as_float_array(p, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(
            f"{name} must be a {ndim}-D array, got {arr.ndim}-D with shape {arr.shape}"
        )
    if arr.ndim < min_ndim:
        raise ValueError(
            f"{name} must have at least {min_ndim} dimension(s), got shape {arr.shape}"
        )
    check_finite_nonnegative(arr, name)
    total = arr.sum()
    if not math.isclose(total, 1.0, rel_tol=PMF_RTOL, abs_tol=0.0):
        raise ValueError(f"{name} must sum to 1 (within 1e-6), but sums to {total:.10g}")
    return arr


def check_finite_nonnegative(arr, name):
    """Raise ``ValueError`` if array ``arr`` is empty or has a NaN, infinite or negative entry."""
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    if np.any(arr < 0):
        raise ValueError(f"{name} contains negative entries (min {arr.min():.3g})")


def check_same_shape(a, b, name_a="p", name_b="q"):
    """Raise ``ValueError`` unless arrays ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {a.shape} and {b.shape}"
        )


def check_probability(p, name="p"):
    """Return ``p`` as a float array after checking every entry lies in [0, 1]."""
    arr = _as_float_array(p, name)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite entries")
    if np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"{name} must lie in [0, 1]")
    return arr


def check_positive_int(value, name, minimum=1):
    """Return ``value`` as an int after checking it is an integer ``>= minimum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_samples(x, name="x", min_samples=1, dtype=float):
    """Return samples as an array of shape ``(n, d)``.

    A 1-D input of length n is read as n samples of a scalar. Raises ``ValueError``
    for NaN/inf entries (numeric data), more than 2 dimensions, or fewer than
    ``min_samples`` samples.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be array-like, got {type(x).__name__}")
    if hasattr(x, "detach") and hasattr(x, "cpu"):
        x = x.detach().cpu().numpy()
    if dtype is float:
        arr = _as_float_array(x, name)
    else:
        arr = np.asarray(x)
    if arr.ndim == 0:
        raise ValueError(f"{name} must be an array of samples, got a scalar")
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must have shape (n,) or (n, d), got {arr.shape}")
    if arr.shape[1] == 0:
        raise ValueError(f"{name} has zero dimensions per sample (shape {arr.shape})")
    if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    if arr.shape[0] < min_samples:
        raise ValueError(f"{name} needs at least {min_samples} samples, got {arr.shape[0]}")
    return arr


def check_labels(values, name):
    """Return one discrete variable's samples as a non-empty 1-D array (any dtype).

    Labels, groups, symbols: one entry per sample, compared only for equality. Torch
    tensors are converted; numeric arrays must be finite. Raises ``TypeError`` for a
    string or ``None`` and ``ValueError`` naming ``name`` otherwise.
    """
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a 1-D array of labels, got {type(values).__name__}")
    if hasattr(values, "detach") and hasattr(values, "cpu"):
        values = values.detach().cpu().numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one entry per sample), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty")
    if arr.dtype.kind in "fc" and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def as_generator(seed, name="seed"):
    """Return a ``numpy.random.Generator`` from an int seed or a Generator."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        raise ValueError(
            f"{name} must be given (an int or numpy.random.Generator) so results are reproducible"
        )
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(
            f"{name} must be an int or numpy.random.Generator, got {type(seed).__name__}"
        )
    return np.random.default_rng(int(seed))


def check_real(value, name, *, minimum=None, strict=False, allow_inf=False):
    """Return a real scalar as a float, checked against a lower limit.

    ``minimum`` is a lower limit, exclusive when ``strict``; NaN is always an
    error and infinity is one unless ``allow_inf``. 0-d arrays are accepted.
    """
    if hasattr(value, "item") and np.ndim(value) == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if math.isnan(value) or (math.isinf(value) and not allow_inf):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if minimum is not None:
        if strict and not value > minimum:
            raise ValueError(f"{name} must be > {minimum:g}, got {value!r}")
        if not strict and not value >= minimum:
            raise ValueError(f"{name} must be >= {minimum:g}, got {value!r}")
    return value
