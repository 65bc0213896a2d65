"""The virtual environment the scripts run in, and the Python requirements installed into it."""

import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .common import REPO, SetupError, cache_dir, cache_lock

# Only needed by the auth_ldap module, and it needs C headers to build.
OPTIONAL_ODOO_REQUIREMENTS = {"python-ldap"}


def in_virtualenv():
    return sys.prefix != sys.base_prefix


def virtualenv_dir():
    """ODOO_VENV, else one per base interpreter in the cache folder."""
    if os.environ.get("ODOO_VENV"):
        return Path(os.environ["ODOO_VENV"])
    base = Path(sys.executable).resolve()
    tag = hashlib.sha1(str(base).encode()).hexdigest()[:8]
    return cache_dir() / f"venv-py{sys.version_info[0]}.{sys.version_info[1]}-{tag}"


def enter_virtualenv():
    """Run the rest of this script in a virtual environment: the active one if python3 is one
    already, else ours, made on first use. Odoo's pins then never touch the system's Python
    (which Debian and Ubuntu protect from pip anyway)."""
    if in_virtualenv():
        return
    venv = virtualenv_dir()
    python = venv / "bin" / "python"
    with cache_lock("venv"):
        if not python.exists():
            print(f"creating a virtual environment for Odoo in {venv} (once)", file=sys.stderr, flush=True)
            result = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True)
            if result.returncode != 0:
                shutil.rmtree(venv, ignore_errors=True)
                reason = (result.stderr.strip().splitlines() or ["failed"])[-1]
                raise SetupError(
                    f"python3 -m venv {venv} failed ({reason}); on Debian/Ubuntu: apt install python3-venv"
                )
        link_odoo(venv, os.environ.get("ODOO_PATH"))
    os.execv(str(python), [str(python), sys.argv[0], *sys.argv[1:]])


def link_odoo(venv, root):
    """Make the virtual environment import the Odoo found (a .pth file naming its root), so that a
    script run from the environment itself finds the same Odoo as from the machine's python3."""
    if not root:
        return
    site = venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages"
    pth = site / "odoo-receivables-odoo.pth"
    if site.is_dir() and (not pth.exists() or pth.read_text().strip() != str(root)):
        pth.write_text(f"{root}\n")


def _requirement_lines(path):
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            yield line


def _packaging():
    try:
        from packaging import markers, requirements
    except ImportError:  # a fresh virtual environment has only pip, which vendors packaging
        from pip._vendor.packaging import markers, requirements
    return markers, requirements


def _marker_environment():
    """Odoo pins old, source-only releases for Python 3.11 (they need an old
    setuptools to build); its pins for Python >= 3.12 all ship wheels for 3.11,
    so markers are evaluated as for 3.12 on older interpreters."""
    markers, _requirements = _packaging()
    env = markers.default_environment()
    if sys.version_info < (3, 12):
        env.update(python_version="3.12", python_full_version="3.12.0")
    return env


def missing_requirements(requirement_files):
    """Requirements not installed, or installed in a version their pin excludes."""
    _markers, requirements = _packaging()
    env = _marker_environment()
    missing = []
    for path in requirement_files:
        for line in _requirement_lines(path):
            req = requirements.Requirement(line)
            if req.name in OPTIONAL_ODOO_REQUIREMENTS or (req.marker and not req.marker.evaluate(env)):
                continue
            try:
                installed = importlib.metadata.version(req.name)
            except importlib.metadata.PackageNotFoundError:
                installed = None
            if installed is None or not req.specifier.contains(installed, prereleases=True):
                missing.append(f"{req.name}{req.specifier}")
    return missing


def ensure_requirements(odoo_root, extra=()):
    """Install the add-ons' and Odoo's own requirements into the running interpreter (a venv)."""
    files = [REPO / "requirements.txt", *extra]
    odoo_requirements = Path(odoo_root) / "requirements.txt"
    if odoo_requirements.is_file():
        files.append(odoo_requirements)
    if not missing_requirements(files):
        return
    with cache_lock("venv"):
        missing = missing_requirements(files)
        if not missing:
            return
        print(
            f"installing {len(missing)} Python packages into {sys.prefix} (Odoo's and the add-ons' requirements)",
            file=sys.stderr,
            flush=True,
        )
        result = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-qq", "--disable-pip-version-check", *missing]
        )
    if result.returncode != 0:
        raise SetupError(f"pip could not install: {' '.join(missing)}")
    importlib.invalidate_caches()
