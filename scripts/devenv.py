"""Shared set-up for scripts/run, scripts/test and bench/: find Odoo, install what
is missing, run a private PostgreSQL cluster and start Odoo against it.

Standard library only: this runs before anything is installed.
"""

import contextlib
import hashlib
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
# Every add-on of the repository: one per feature, the umbrella einvoice_receivables and the shop connector.
OUR_MODULES = tuple(sorted(path.parent.name for path in ADDONS.glob("*/__manifest__.py")))
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

DEFAULT_ODOO_SOURCE = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "18.0"
RELEASE_VERSION = re.compile(r"^version_info\s*=\s*\(\s*(\d+)\s*,\s*(\d+)", re.MULTILINE)
NO_ODOO_HINT = "set ODOO_PATH to an Odoo 18.0 source tree, or ODOO_SOURCE to a local clone or mirror of it"


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
            _pg_binary(name)
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


# --- virtual environment -----------------------------------------------------


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
    """A PostgreSQL server program: from ODOO_PG_BINDIR when set, else PATH, else the newest
    /usr/lib/postgresql/*/bin (Debian keeps initdb and pg_ctl off PATH)."""
    bindir = os.environ.get("ODOO_PG_BINDIR")
    if bindir:
        found = Path(bindir) / name
        if os.access(found, os.X_OK):
            return str(found)
        raise SetupError(
            f"PostgreSQL binaries missing: `{name}` not found in ODOO_PG_BINDIR={bindir} "
            "(install PostgreSQL 15 or newer, or set PGHOST to use a running server)"
        )
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: int(p.parts[-3]), reverse=True)
    if candidates:
        return str(candidates[0])
    raise SetupError(
        f"PostgreSQL binaries missing: `{name}` not found on PATH nor in /usr/lib/postgresql/*/bin "
        "(install PostgreSQL 15 or newer, or set PGHOST to use a running server)"
    )


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


def _main():
    """`python3 scripts/devenv.py locate`: print where the Odoo source is and how it was found
    (cloning it when needed), nothing else; used by tests/test_setup.py."""
    if sys.argv[1:] != ["locate"]:
        fail("usage: devenv.py locate")
    root, how = locate_odoo()
    print(f"{root} ({how})")


if __name__ == "__main__":
    main_guard(_main)
