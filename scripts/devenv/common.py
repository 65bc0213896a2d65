"""What every part of the set-up shares: the repository's paths, its add-ons, the cache folder and
how a set-up problem reaches the user."""

import contextlib
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
ADDONS = REPO / "addons"
# Every add-on of the repository: one per feature, the umbrella einvoice_receivables and the shop connector.
OUR_MODULES = tuple(sorted(path.parent.name for path in ADDONS.glob("*/__manifest__.py")))


class SetupError(Exception):
    """A set-up problem the user can fix; printed as one line, no traceback."""


def fail(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def main_guard(func):
    """Run func() and turn SetupError / Ctrl-C into a one-line message."""
    try:
        sys.exit(func() or 0)
    except SetupError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        print("\nstopped.", file=sys.stderr)
        sys.exit(130)


def cache_dir():
    """Where the Odoo source clone and the virtual environment live, shared by every checkout."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "odoo-receivables"


@contextlib.contextmanager
def cache_lock(name):
    """Serialise set-up steps that several runs may start at once (clone, pip install)."""
    import fcntl

    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
