"""python -m pockettune"""

import sys

from .cli import main

sys.exit(main())
