import sys

from inbox_tui.cli import main

# Guarded: the header-parsing worker (spawned) re-imports the main module.
if __name__ == "__main__":
    sys.exit(main())
