"""Shared set-up for scripts/run, scripts/test and bench/: find Odoo, install what
is missing, run a private PostgreSQL cluster and start Odoo against it.

Standard library only: this runs before anything is installed.
"""

import contextlib
import importlib.metadata
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS = REPO / "addons"
OUR_MODULES = ("einvoice_receivables", "shop_connector")
# Only needed by the auth_ldap module, and it needs C headers to build.
OPTIONAL_ODOO_REQUIREMENTS = {"python-ldap"}


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


# --- Odoo --------------------------------------------------------------------


def odoo_env():
    """Environment for child processes: ODOO_PATH prepended to PYTHONPATH."""
    env = dict(os.environ)
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo_path, env.get("PYTHONPATH")]))
    return env


def find_odoo():
    """Return the directory of the `odoo` package (ODOO_PATH first, else importable)."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path and not (Path(odoo_path) / "odoo" / "__init__.py").is_file():
        raise SetupError(f"ODOO_PATH={odoo_path} has no odoo/ package (expected the Odoo 18 source root)")
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import odoo.release, os; print(os.path.dirname(odoo.__file__)); print(odoo.release.serie)",
        ],
        capture_output=True,
        text=True,
        env=odoo_env(),
        cwd="/",
    )
    if probe.returncode != 0:
        if "No module named 'odoo'" in probe.stderr:
            raise SetupError(
                "no Odoo found: set ODOO_PATH to an Odoo 18.0 source tree, or make `odoo` importable by python3 "
                "(see README, 'How Odoo is found')"
            )
        last = (probe.stderr.strip().splitlines() or ["unknown error"])[-1]
        raise SetupError(
            f"Odoo found but it does not import: {last} (run scripts/run once to install its requirements)"
        )
    package_dir, serie = probe.stdout.split()
    if serie != "18.0":
        raise SetupError(f"Odoo {serie} found at {package_dir}; these add-ons need Odoo 18.0")
    return Path(package_dir)


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


# --- Python requirements ---------------------------------------------------


def _requirement_lines(path):
    for raw in Path(path).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            yield line


def _marker_environment():
    """Odoo pins old, source-only releases for Python 3.11 (they need an old
    setuptools to build); its pins for Python >= 3.12 all ship wheels for 3.11,
    so markers are evaluated as for 3.12 on older interpreters."""
    from packaging.markers import default_environment

    env = default_environment()
    if sys.version_info < (3, 12):
        env.update(python_version="3.12", python_full_version="3.12.0")
    return env


def missing_requirements(requirement_files):
    try:
        from packaging.requirements import Requirement
    except ImportError:  # packaging ships with pip everywhere
        from pip._vendor.packaging.requirements import Requirement
    env = _marker_environment()
    missing = []
    for path in requirement_files:
        for line in _requirement_lines(path):
            req = Requirement(line)
            if req.name in OPTIONAL_ODOO_REQUIREMENTS or (req.marker and not req.marker.evaluate(env)):
                continue
            try:
                importlib.metadata.distribution(req.name)
            except importlib.metadata.PackageNotFoundError:
                missing.append(f"{req.name}{req.specifier}")
    return missing


def ensure_requirements(odoo_dir, extra=()):
    files = [REPO / "requirements.txt", *extra]
    odoo_requirements = odoo_dir.parent / "requirements.txt"
    if odoo_requirements.is_file():
        files.append(odoo_requirements)
    missing = missing_requirements(files)
    if not missing:
        return
    print(f"installing missing Python packages: {' '.join(missing)}", flush=True)
    result = subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing])
    if result.returncode != 0:
        raise SetupError(f"pip could not install: {' '.join(missing)}")


# --- ports -----------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_port_free(port):
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            raise SetupError(f"port {port} is in use: stop what runs there or set ODOO_HTTP_PORT") from None


def wait_for_http(url, process, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"Odoo exited with code {process.returncode} before serving {url}")
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(1)
    raise SetupError(f"Odoo did not answer on {url} within {timeout} s")


# --- PostgreSQL --------------------------------------------------------------


def _pg_binary(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    if candidates:
        return str(candidates[0])
    raise SetupError(f"PostgreSQL binaries missing: `{name}` not found (install PostgreSQL 15 or newer, or set PGHOST)")


def external_database():
    """Connection settings when the user configured a server (PGHOST), else None."""
    if not os.environ.get("PGHOST"):
        return None
    return {
        "db_host": os.environ["PGHOST"],
        "db_port": os.environ.get("PGPORT", "5432"),
        "db_user": os.environ.get("PGUSER", "odoo"),
        "db_password": os.environ.get("PGPASSWORD", "odoo"),
    }


class PrivatePostgres:
    """A PostgreSQL cluster of our own under `root`, on 127.0.0.1 only.

    initdb refuses to run as root, so as root the cluster belongs to the
    `postgres` system user. Odoo refuses to connect as `postgres`, so the
    cluster gets an `odoo` role."""

    ROLE = "odoo"

    def __init__(self, root, port):
        self.root = Path(root)
        self.data = self.root / "data"
        self.port = port
        self.owner = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam("postgres")
            except KeyError:
                raise SetupError("running as root needs a `postgres` system user to own the cluster") from None

    def _run(self, *cmd, check=True, quiet=False):
        if self.owner:
            cmd = ("runuser", "-u", "postgres", "--", *cmd)
        out = subprocess.DEVNULL if quiet else None
        result = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE if quiet else None, text=True)
        if check and result.returncode != 0:
            detail = (result.stderr or "").strip().splitlines()[-1:] if quiet else []
            raise SetupError(f"{Path(cmd[0] if not self.owner else cmd[4]).name} failed {' '.join(detail)}".strip())
        return result

    def _prepare_root(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self.owner:
            os.chown(self.root, self.owner.pw_uid, self.owner.pw_gid)
            # the owner must be able to reach the folder through its parents
            for parent in self.root.parents:
                if parent.stat().st_uid == 0 and not parent.stat().st_mode & 0o001:
                    raise SetupError(f"{parent} is not reachable by the postgres user; set a data folder elsewhere")

    def start(self):
        initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
        self._prepare_root()
        if not (self.data / "PG_VERSION").exists():
            self._run(
                initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", quiet=True
            )
        if self.is_running():
            return
        ensure_port_free(self.port)
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.root} -c fsync=off"
        self._run(
            pg_ctl,
            "-D",
            str(self.data),
            "-l",
            str(self.root / "postgres.log"),
            "-o",
            options,
            "-w",
            "start",
            quiet=True,
        )
        self._ensure_role()

    def is_running(self):
        return self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "status", check=False, quiet=True).returncode == 0

    def _ensure_role(self):
        sql = (
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{self.ROLE}') "
            f"THEN CREATE ROLE {self.ROLE} LOGIN CREATEDB; END IF; END$$;"
        )
        self._run(
            _pg_binary("psql"),
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            sql,
            quiet=True,
        )

    def stop(self):
        if self.is_running():
            self._run(_pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False, quiet=True)

    def odoo_options(self):
        return {"db_host": "127.0.0.1", "db_port": str(self.port), "db_user": self.ROLE, "db_password": "False"}


def start_database_server(root, port=None):
    """(cluster, Odoo db options): the server PGHOST names, else a private cluster under root."""
    external = external_database()
    if external:
        return None, external
    cluster = PrivatePostgres(root, port or free_port())
    cluster.start()
    return cluster, cluster.odoo_options()


def temporary_root(prefix):
    """A fresh folder the postgres user can reach (mkdtemp makes 0700 folders)."""
    root = Path(tempfile.mkdtemp(prefix=prefix, dir="/var/tmp" if os.path.isdir("/var/tmp") else None))
    root.chmod(0o755)
    return root


def db_args(options):
    return [f"--{key}={value}" for key, value in options.items() if value not in (None, "False")]


def module_log_errors(log_text):
    """Lines of an Odoo log at level ERROR or CRITICAL."""
    return [line for line in log_text.splitlines() if re.match(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ", line)]
