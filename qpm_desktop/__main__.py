import sys

from qpm_desktop.cli import main

sys.exit(main())
