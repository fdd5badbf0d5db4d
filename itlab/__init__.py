"""itlab — the instrument of the course *Information Theory for Deep Learning*.

The public names of the API contract are importable from the top level::

    >>> import itlab as it
    >>> it.entropy([0.5, 0.5])
    1.0

Modules
-------
discrete
    Information measures of distributions given as arrays.
plot
    The course's figure style.
"""

from .discrete import (
    binary_entropy,
    conditional_entropy,
    conditional_mutual_information,
    cross_entropy,
    entropy,
    interaction_information,
    joint_pmf,
    js_divergence,
    kl_divergence,
    mutual_information,
)

__version__ = "0.1.0"

__all__ = [
    "binary_entropy",
    "conditional_entropy",
    "conditional_mutual_information",
    "cross_entropy",
    "entropy",
    "interaction_information",
    "joint_pmf",
    "js_divergence",
    "kl_divergence",
    "mutual_information",
]
