"""Starting Odoo: find it and make it importable, then the command line every script runs it with."""

import os
import re
import subprocess
import sys

from .common import ADDONS, REPO, SetupError
from .odoo_source import locate_odoo
from .postgres import db_args, external_database, pg_binary
from .virtualenv import ensure_requirements, enter_virtualenv


def odoo_env():
    """Environment for child processes: the Odoo source root prepended to PYTHONPATH."""
    env = dict(os.environ)
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo_path, env.get("PYTHONPATH")]))
    return env


def find_odoo(extra_requirements=()):
    """Everything a script needs before it starts Odoo, cheapest checks first: locate the source,
    check the PostgreSQL binaries, enter the virtual environment, install the requirements, and
    only then import Odoo once. Returns the directory of the `odoo` package."""
    root, _how = locate_odoo()
    os.environ["ODOO_PATH"] = str(root)  # children, and this script re-run in the venv, use it
    if not external_database():
        for name in ("initdb", "pg_ctl", "psql"):
            pg_binary(name)
    enter_virtualenv()
    ensure_requirements(root, extra_requirements)
    probe = subprocess.run(
        [sys.executable, "-c", "import odoo.release; print(odoo.release.serie)"],
        capture_output=True,
        text=True,
        env=odoo_env(),
        cwd="/",
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise SetupError(f"Odoo at {root} does not import after installing its requirements: {last}")
    return root / "odoo"


def addons_path(odoo_dir):
    paths = [odoo_dir / "addons"]
    source_addons = odoo_dir.parent / "addons"
    if (source_addons / "web").is_dir():
        paths.append(source_addons)
    paths.append(ADDONS)
    return ",".join(str(p) for p in paths)


def odoo_command(*args):
    return [sys.executable, "-c", "import odoo.cli; odoo.cli.main()", *args]


def server_args(odoo_dir, data_dir, db_options, dbname):
    """Odoo options shared by every way this project starts Odoo."""
    return [
        "-c",
        str(REPO / "odoo.conf"),
        f"--addons-path={addons_path(odoo_dir)}",
        f"--data-dir={data_dir}",
        *db_args(db_options),
        f"--database={dbname}",
        f"--db-filter=^{dbname}$",
    ]


def module_log_errors(log_text):
    """Lines of an Odoo log at level ERROR or CRITICAL."""
    return [line for line in log_text.splitlines() if re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line)]
