"""`python -m factdesk.cli`: the command line, as `factdesk` runs it."""

import sys

from factdesk.cli import main

sys.exit(main())
