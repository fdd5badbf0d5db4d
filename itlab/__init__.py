"""itlab — the instrument of the course *Information Theory for Deep Learning*.

The public names of the API contract are importable from the top level::

    >>> import itlab as it
    >>> it.entropy([0.5, 0.5])
    1.0

Results are in bits unless ``base`` says otherwise; bad input raises ``ValueError``
or ``TypeError`` naming the argument.
"""

from . import coding, discrete, plot, utils
from .discrete import *  # noqa: F401,F403

__version__ = "0.1.0"

__all__ = [*discrete.__all__]

# The names of the API contract (shared/API.md), by module. Each module's other public
# names are re-exported below with its ``__all__``.
from .bounds import fano_lower_bound, gaussian_bayes_error  # noqa: E402
from .channels import (  # noqa: E402
    channel_capacity,
    gaussian_capacity,
    rate_distortion,
    rate_distortion_curve,
    water_filling,
)
from .discrete import (  # noqa: E402
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
from .estimators import (  # noqa: E402
    binned_mutual_information,
    entropy_estimate,
    gaussian_entropy,
    gaussian_mutual_information,
    knn_entropy,
    ksg_conditional_mutual_information,
    ksg_mutual_information,
)

from . import bounds  # noqa: E402
from .bounds import *  # noqa: F401,F403,E402
__all__ += bounds.__all__

from . import channels  # noqa: E402
from .channels import *  # noqa: F401,F403,E402
__all__ += channels.__all__

from . import estimators  # noqa: E402
from .estimators import *  # noqa: F401,F403,E402
__all__ += estimators.__all__

from . import samplers  # noqa: E402
from .samplers import *  # noqa: F401,F403,E402
__all__ += samplers.__all__

from . import bottleneck  # noqa: E402
from .bottleneck import *  # noqa: F401,F403,E402
__all__ += bottleneck.__all__

from . import plane  # noqa: E402
from .plane import *  # noqa: F401,F403,E402
__all__ += plane.__all__

from . import models  # noqa: E402
from .models import *  # noqa: F401,F403,E402
__all__ += models.__all__
