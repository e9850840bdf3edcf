import sys

from .cli import main

# Guarded: a helper process spawned for a parallel build imports the main module again.
if __name__ == "__main__":
    sys.exit(main())
