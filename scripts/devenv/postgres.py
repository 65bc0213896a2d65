"""The PostgreSQL server Odoo uses: the one PGHOST names, else a private cluster of our own."""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from .common import SetupError
from .ports import ensure_port_free, free_port


def pg_binary(name):
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
        initdb, pg_ctl = pg_binary("initdb"), pg_binary("pg_ctl")
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
        return self._run(pg_binary("pg_ctl"), "-D", str(self.data), "status", check=False, quiet=True).returncode == 0

    def _ensure_role(self):
        sql = (
            f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{self.ROLE}') "
            f"THEN CREATE ROLE {self.ROLE} LOGIN CREATEDB; END IF; END$$;"
        )
        self._run(
            pg_binary("psql"),
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
            self._run(pg_binary("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop", check=False, quiet=True)

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
