import sys

from inbox_tui.cli import main

sys.exit(main())
