import sys

from accord_partnership.tui.cli import main

if __name__ == "__main__":  # worker processes must not re-run the command
    sys.exit(main())
