"""Small conveniences shared by the chapters and the experiments.

>>> from itlab.utils import progress
>>> sum(progress(range(3), desc="demo", disable=True))
3
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["progress", "repo_root"]


def progress(iterable=None, *, desc=None, total=None, disable=None, leave=False, **kwargs):
    """A text progress bar (tqdm) for training loops and long computations.

    A plain-text bar on standard error: it updates in a terminal and in Jupyter,
    needs no widget JavaScript, and is left out of the built book (which removes
    standard error from cell outputs).

    Parameters
    ----------
    iterable : iterable, optional
        What to iterate over; omit it and pass ``total`` to update by hand.
    desc : str, optional
        Label printed before the bar.
    total : int, optional
        Number of steps, when ``iterable`` has no length.
    disable : bool, optional
        Switch the bar off.
    leave : bool, default False
        Keep the finished bar on screen.
    **kwargs
        Passed to :class:`tqdm.tqdm`.

    Returns
    -------
    tqdm.tqdm
    """
    from tqdm.std import tqdm

    return tqdm(
        iterable,
        desc=desc,
        total=total,
        disable=disable,
        leave=leave,
        file=sys.stderr,
        mininterval=0.5,
        dynamic_ncols=True,
        **kwargs,
    )


def repo_root():
    """The repository checkout that ``itlab`` was imported from (for results files).

    Returns
    -------
    pathlib.Path
    """
    return Path(__file__).resolve().parent.parent
