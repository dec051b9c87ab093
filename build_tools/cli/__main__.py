"""`python -m build_tools.cli …`"""
import sys

from . import main

sys.exit(main())
