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
