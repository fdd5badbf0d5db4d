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

from . import timeseries  # noqa: E402
from .timeseries import *  # noqa: F401,F403,E402

__all__ += timeseries.__all__

from . import tasks  # noqa: E402
from .tasks import *  # noqa: F401,F403,E402

__all__ += tasks.__all__

from . import neural  # noqa: E402
from .neural import *  # noqa: F401,F403,E402

__all__ += neural.__all__

from . import fisher  # noqa: E402
from .fisher import *  # noqa: F401,F403,E402

__all__ += fisher.__all__

from . import monitor  # noqa: E402
from .monitor import *  # noqa: F401,F403,E402

__all__ += monitor.__all__

from . import selection  # noqa: E402
from .selection import *  # noqa: F401,F403,E402

__all__ += selection.__all__

from . import fairness  # noqa: E402
from .fairness import *  # noqa: F401,F403,E402

__all__ += fairness.__all__

from . import coevolution  # noqa: E402
from .coevolution import *  # noqa: F401,F403,E402

__all__ += coevolution.__all__

from . import ecology  # noqa: E402
from .ecology import *  # noqa: F401,F403,E402

__all__ += ecology.__all__

from . import practice  # noqa: E402
from .practice import *  # noqa: F401,F403,E402

__all__ += practice.__all__
