"""Finding the Odoo 18.0 source: ODOO_PATH, the `odoo` python3 imports, the cached clone, else a
shallow clone of ODOO_SOURCE made once into the cache."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .common import SetupError, cache_dir, cache_lock

DEFAULT_ODOO_SOURCE = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "18.0"
RELEASE_VERSION = re.compile(r"^version_info\s*=\s*\(\s*(\d+)\s*,\s*(\d+)", re.MULTILINE)
NO_ODOO_HINT = "set ODOO_PATH to an Odoo 18.0 source tree, or ODOO_SOURCE to a local clone or mirror of it"


def odoo_series(root):
    """The `major.minor` of the Odoo source tree at root, read from odoo/release.py without importing it."""
    release = Path(root) / "odoo" / "release.py"
    if not release.is_file():
        return None
    found = RELEASE_VERSION.search(release.read_text(errors="replace"))
    return f"{found[1]}.{found[2]}" if found else "unknown"


def _checked_source(root, origin):
    serie = odoo_series(root)
    if serie is None:
        raise SetupError(f"{origin}: {root} has no odoo/release.py (expected the root of an Odoo 18.0 source tree)")
    if serie != ODOO_BRANCH:
        raise SetupError(f"{origin}: {root} holds Odoo {serie}; these add-ons need Odoo {ODOO_BRANCH}")
    return Path(root).resolve()


def _importable_odoo_root():
    """The folder holding the `odoo` package python3 would import, found without importing it
    (importing needs Odoo's requirements, which are installed later)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("odoo")
    except (ImportError, ValueError):
        return None
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]).parent if locations else None


def _clone_odoo(source, dest):
    """Shallow clone of branch 18.0 (else the default branch) into dest, with git's progress."""
    if not shutil.which("git"):
        raise SetupError(f"no Odoo found and git is missing to get it: install git, or {NO_ODOO_HINT}")
    url = source
    if "://" not in source and ":" not in source.split("/", 1)[0] and Path(source).is_dir():
        url = Path(source).resolve().as_uri()  # a local path: file:// so that --depth applies
    partial = dest.with_name(dest.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"no Odoo found: cloning Odoo {ODOO_BRANCH} from {source} into {dest} (once)", file=sys.stderr, flush=True)
    for branch in (["--branch", ODOO_BRANCH], []):
        returncode, output = _git_with_progress(["clone", "--progress", "--depth", "1", *branch, url, str(partial)])
        if returncode == 0:
            break
        shutil.rmtree(partial, ignore_errors=True)
        if "not found in upstream" not in output:
            break
    if returncode != 0:
        reason = (output.strip().splitlines() or ["git clone failed"])[-1].removeprefix("fatal: ")
        raise SetupError(f"no Odoo found, and cloning {source} failed ({reason}): {NO_ODOO_HINT}")
    try:
        _checked_source(partial, f"ODOO_SOURCE={source}")
    except SetupError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    partial.rename(dest)


def _git_with_progress(args):
    """Run git, passing its progress through to the user; (exit code, the end of what it printed)."""
    env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
    tail = b""
    with subprocess.Popen(["git", *args], stderr=subprocess.PIPE, env=env) as proc:
        while chunk := proc.stderr.read1(4096):
            sys.stderr.buffer.write(chunk)
            sys.stderr.buffer.flush()
            tail = (tail + chunk)[-4096:]
    return proc.returncode, tail.decode(errors="replace").replace("\r", "\n")


def locate_odoo():
    """(root of the Odoo source, how it was found), in the README's order:
    ODOO_PATH, the `odoo` python3 imports, the cached clone, else a clone of ODOO_SOURCE."""
    if os.environ.get("ODOO_PATH"):
        return _checked_source(os.environ["ODOO_PATH"], "ODOO_PATH"), "ODOO_PATH"
    importable = _importable_odoo_root()
    if importable:
        return _checked_source(importable, "the odoo package python3 imports"), "python3"
    cached = cache_dir() / f"odoo-{ODOO_BRANCH}"
    with cache_lock("odoo-source"):
        if not cached.exists():
            _clone_odoo(os.environ.get("ODOO_SOURCE") or DEFAULT_ODOO_SOURCE, cached)
    return _checked_source(cached, "cached clone"), "cache"
