"""`python3 scripts/devenv locate`: print where the Odoo source is and how it was found
(cloning it when needed), nothing else; used by tests/test_setup.py."""

import sys
from pathlib import Path

# Run as a folder, the package's own folder is on sys.path, not scripts/ that holds it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import devenv


def _main():
    if sys.argv[1:] != ["locate"]:
        devenv.fail("usage: devenv locate")
    root, how = devenv.locate_odoo()
    print(f"{root} ({how})")


devenv.main_guard(_main)
