r"""Checkers for the hands-on practices: instant feedback that never gives the answer away.

A practice notebook creates one :class:`Checker` and calls it after each question::

    from itlab.practice import Checker
    check = Checker("entropy")
    check("q2", h, pixels=pixels)   # shows "✓ q2 ..." or "✗ q2: <hint>"

A question's checker recomputes the expected value from the data the student passes in (their
own sample, their own model), compares, and when the answer is wrong looks for the usual
mistakes — nats instead of bits, a negative information, a wrong shape, the joint entropy
instead of the conditional one — and names the mistake without printing the expected value.

:meth:`Checker.strict` is the same check with tolerances near machine precision and extra
conditions; the otter-grader autograders (``make assignments``) use it as their hidden tests.

The practices themselves (``book/practices/*.md``) are written once; ``tools/assignments.py``
turns them into student notebooks and otter-grader assignments.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["Checker", "Feedback", "practice_names"]

#: practice name -> {question name -> check function}; filled by the practice modules.
_REGISTRY: dict[str, dict] = {}

#: tolerances (relative, absolute) of the public and of the strict (hidden) checks
PUBLIC_TOL = (1e-3, 1e-3)
STRICT_TOL = (1e-9, 1e-9)


class Feedback:
    """The outcome of one check: true when the answer is accepted.

    Parameters
    ----------
    question : str
        The question checked.
    passed : bool
        Whether the answer was accepted.
    message : str
        What is wrong (a hint), or a short confirmation.

    Examples
    --------
    >>> fb = Feedback("q1", False, "this looks like nats; use base 2.")
    >>> bool(fb)
    False
    >>> fb
    ✗ q1: this looks like nats; use base 2.
    """

    def __init__(self, question, passed, message):
        self.question = question
        self.passed = bool(passed)
        self.message = message

    def __bool__(self):
        return self.passed

    def __repr__(self):
        mark = "✓" if self.passed else "✗"
        return f"{mark} {self.question}: {self.message}"


class Checker:
    """Instant feedback on the answers of one practice.

    Parameters
    ----------
    practice : str
        The practice's name, one of :func:`practice_names` (the page's file name).

    Raises
    ------
    ValueError
        If ``practice`` is not a known practice.

    Notes
    -----
    ``check(question, answer, **data)`` returns a :class:`Feedback` (true when accepted) that the
    notebook shows as ``✓ q1: ...`` or ``✗ q1: <hint>``. An answer left as ``...`` is reported as
    not answered yet. Checks that depend on data take it as keyword arguments, so the expected
    value is always computed from what the student actually used.

    Examples
    --------
    >>> check = Checker("entropy")
    >>> check("q2", ...)
    ✗ q2: not answered yet: replace ... with your answer and run the cell again.
    >>> check.questions
    ('q1', 'q2', 'q3', 'q4')
    """

    def __init__(self, practice):
        _load_all()
        if not isinstance(practice, str) or practice not in _REGISTRY:
            raise ValueError(f"practice must be one of {sorted(_REGISTRY)}, got {practice!r}")
        self.practice = practice
        self._questions = _REGISTRY[practice]

    @property
    def questions(self):
        """The question names, in order."""
        return tuple(self._questions)

    def __call__(self, question, answer, **data):
        """Check ``answer`` to ``question`` (public tolerance); returns a :class:`Feedback`."""
        return self._run(question, answer, data, strict=False)

    def strict(self, question, answer, **data):
        """The stricter check used by the hidden autograder tests."""
        return self._run(question, answer, data, strict=True)

    def _run(self, question, answer, data, strict):
        if question not in self._questions:
            raise ValueError(
                f"question must be one of {list(self._questions)} for practice "
                f"{self.practice!r}, got {question!r}"
            )
        if answer is Ellipsis or answer is None:
            return Feedback(
                question,
                False,
                "not answered yet: replace ... with your answer and run the cell again.",
            )
        try:
            hint = self._questions[question](answer, strict=strict, **data)
        except (TypeError, ValueError) as err:
            hint = f"this answer could not be checked: {err}"
        if hint is None:
            return Feedback(question, True, "correct.")
        return Feedback(question, False, hint)

    def __repr__(self):
        return f"Checker({self.practice!r})"


def practice_names():
    """The names of the practices that have checkers.

    Returns
    -------
    list of str

    Examples
    --------
    >>> "entropy" in practice_names()
    True
    """
    _load_all()
    return sorted(_REGISTRY)


def _load_all():
    from . import (  # noqa: F401  (each module registers its questions)
        bottleneck,
        channels,
        data_processing,
        entropy,
        estimation,
        fano,
        fisher,
        information_plane,
        kl_divergence,
        mutual_information,
        neural_estimation,
        rate_distortion,
    )


# --------------------------------------------------------------------------------------------
# helpers for the practice modules


def question(practice, name):
    """Register ``fn(answer, *, strict, **data) -> hint or None`` as a practice's question."""

    def register(fn):
        _REGISTRY.setdefault(practice, {})[name] = fn
        return fn

    return register


def _close(a, b, strict):
    rtol, atol = STRICT_TOL if strict else PUBLIC_TOL
    return math.isclose(a, b, rel_tol=rtol, abs_tol=atol)


def as_number(answer, what="the answer"):
    """A finite float from a Python/NumPy/torch scalar; raises ValueError with a hint otherwise."""
    if hasattr(answer, "detach"):
        answer = answer.detach().cpu().numpy()
    if isinstance(answer, (str, bytes, bool)):
        raise ValueError(f"{what} should be a number, got {type(answer).__name__}")
    arr = np.asarray(answer)
    if arr.dtype == object or not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{what} should be a number, got {type(answer).__name__}")
    if arr.size != 1:
        raise ValueError(f"{what} should be one number, got an array of shape {arr.shape}")
    x = float(arr.reshape(()))
    if not math.isfinite(x):
        raise ValueError(f"{what} is {x}, not a finite number")
    return x


def as_array(answer, shape, what="the answer"):
    """A float array of the given shape; raises ValueError with a hint otherwise."""
    if hasattr(answer, "detach"):
        answer = answer.detach().cpu().numpy()
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} should be an array of numbers") from None
    if arr.shape != tuple(shape):
        raise ValueError(f"{what} should have shape {tuple(shape)}, but has shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinite entries")
    return arr


def compare_information(
    answer, expected, *, strict, what="the answer", upper=None, alternatives=()
):
    """Hint for a scalar amount of information in bits, or None if it is right.

    Looks for, in order: negative values, the same number in nats or hartleys, each
    ``(value, hint)`` in ``alternatives``, and values above ``upper`` = (bound, why).
    """
    x = as_number(answer, what)
    if _close(x, expected, strict):
        return None
    if x < -1e-12:
        return f"{what} is negative, but this amount of information cannot be negative."
    if expected != 0 and _close(x, expected * math.log(2), strict):
        return f"{what} looks like it is in nats: the question asks for bits (base=2)."
    if expected != 0 and _close(x, expected * math.log10(2), strict):
        return f"{what} looks like it is in hartleys (base 10): the question asks for bits."
    for value, hint in alternatives:
        if _close(x, value, strict):
            return hint
    if upper is not None and x > upper[0] + 1e-9:
        return f"{what} is larger than {upper[1]}, which is impossible."
    if not strict or not _close(x, expected, False):
        side = "large" if x > expected else "small"
        return f"{what} is too {side}; right units and sign, but not the right value."
    return f"{what} is close but not exact: compute it exactly from the data, not by hand."


def compare_probability(answer, expected, *, strict, what="the answer", alternatives=()):
    """Hint for a probability, or None if it is right (percentages and 1 - p recognised)."""
    x = as_number(answer, what)
    if _close(x, expected, strict):
        return None
    if x < 0 or x > 100:
        return f"{what} is {'negative' if x < 0 else 'above 100'}; a probability lies in [0, 1]."
    if x > 1:
        if _close(x / 100, expected, strict):
            return f"{what} looks like a percentage: give a probability in [0, 1]."
        return f"{what} is above 1; a probability lies in [0, 1]."
    for value, hint in alternatives:
        if _close(x, value, strict):
            return hint
    if _close(1 - x, expected, strict):
        return f"{what} looks like the complement (1 - p): an accuracy instead of an error?"
    if not strict or not _close(x, expected, False):
        side = "large" if x > expected else "small"
        return f"{what} is too {side}."
    return f"{what} is close but not exact: compute it exactly from the data, not by hand."
