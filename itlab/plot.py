"""The course's figure style.

Every figure in the book goes through these helpers so that figures look alike
and read in both light and dark mode: a white face, labelled axes with units,
a colour-blind-safe palette, and sizes that suit a book page.

>>> import itlab.plot as ip
>>> fig, ax = ip.figure()
>>> ip.label(ax, "p", "H(p)", yunit="bits")
>>> ax.get_ylabel()
'H(p) [bits]'
>>> ip.close(fig)
"""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np

__all__ = [
    "PALETTE",
    "STYLE",
    "set_style",
    "style",
    "figure",
    "label",
    "unit_name",
    "bar_pmf",
    "close",
]

#: Colour-blind-safe palette (Okabe & Ito, 2008), in the order series are drawn.
PALETTE = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # green
    "#CC79A7",  # purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Matplotlib rcParams of the course style.
STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 110,
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
}


def _mpl():
    import matplotlib as mpl
    from cycler import cycler

    return mpl, cycler


def set_style():
    """Apply the course style to matplotlib globally (for a whole notebook)."""
    mpl, cycler = _mpl()
    mpl.rcParams.update(STYLE)
    mpl.rcParams["axes.prop_cycle"] = cycler(color=list(PALETTE))


@contextmanager
def style():
    """Context manager applying the course style only inside a ``with`` block."""
    mpl, cycler = _mpl()
    with mpl.rc_context({**STYLE, "axes.prop_cycle": cycler(color=list(PALETTE))}):
        yield


def figure(nrows=1, ncols=1, *, width=None, height=None, **kwargs):
    """Create a styled figure and its axes, like :func:`matplotlib.pyplot.subplots`.

    Parameters
    ----------
    nrows, ncols : int
        Grid of axes.
    width, height : float, optional
        Figure size in inches; by default 6.4 wide for one column and 7 for a grid (the
        width of the book's page, so that tick labels stay readable), and 3.6 per row (at
        most 9).
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots` (``sharex``, ``sharey``, ...).

    Returns
    -------
    fig : matplotlib.figure.Figure
    ax : matplotlib.axes.Axes or numpy.ndarray
        One Axes, or an array of them for a grid.
    """
    import matplotlib.pyplot as plt

    set_style()
    w = width if width is not None else (6.4 if ncols == 1 else 7.0)
    h = height if height is not None else min(3.6 * nrows, 9.0)
    fig, ax = plt.subplots(nrows, ncols, figsize=(w, h), **kwargs)
    return fig, ax


def unit_name(base):
    """Name of the information unit of a logarithm base: 'bits', 'nats', 'hartleys'.

    >>> unit_name(2), unit_name(10)
    ('bits', 'hartleys')
    """
    if base == 2:
        return "bits"
    if np.isclose(base, np.e):
        return "nats"
    if base == 10:
        return "hartleys"
    return f"log base {base:g}"


def label(ax, xlabel=None, ylabel=None, *, xunit=None, yunit=None, title=None):
    """Label axes, appending units in brackets: ``label(ax, "n", "I(X;Y)", yunit="bits")``."""
    if xlabel is not None:
        ax.set_xlabel(f"{xlabel} [{xunit}]" if xunit else xlabel)
    if ylabel is not None:
        ax.set_ylabel(f"{ylabel} [{yunit}]" if yunit else ylabel)
    if title is not None:
        ax.set_title(title)


def bar_pmf(ax, p, labels=None, *, color=None, title=None, ylim=(0, 1)):
    """Draw a 1-D pmf as bars with the probability on the y axis.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    p : array_like
        Probabilities.
    labels : sequence of str, optional
        Outcome names; ``0, 1, ...`` by default.
    color : str, optional
        Bar colour; the first palette colour by default.
    title : str, optional
    ylim : tuple, optional
        y range; ``(0, 1)`` by default so that panels compare.

    Returns
    -------
    matplotlib.container.BarContainer
    """
    p = np.asarray(p, dtype=float)
    xs = np.arange(p.size)
    bars = ax.bar(xs, p, color=color or PALETTE[0], width=0.7)
    ax.set_xticks(xs, labels if labels is not None else [str(i) for i in xs])
    ax.set_ylabel("probability")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(axis="x", visible=False)
    if title is not None:
        ax.set_title(title)
    return bars


def close(fig=None):
    """Close a figure (all figures when ``fig`` is None) to free memory in long notebooks."""
    import matplotlib.pyplot as plt

    plt.close(fig if fig is not None else "all")
