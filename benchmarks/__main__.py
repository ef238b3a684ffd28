"""``python -m benchmarks``: see ``benchmarks/run.py`` (``--help`` for the options)."""

import sys

from benchmarks.run import main

if __name__ == "__main__":
    sys.exit(main())
