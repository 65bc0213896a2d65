"""Shared set-up for the benchmarks: a private PostgreSQL cluster and a database
with both add-ons installed, made the same way as by scripts/test.

    from _common import bench_database, report

    with bench_database() as db:        # db.env: an Odoo environment (superuser)
        ...
    report("name", value, "s", target=60, ok=value < 60)
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import devenv

# Before anything else: locate Odoo and re-run this benchmark in the project's virtual environment.
ODOO_DIR = devenv.find_odoo()


class BenchDatabase:
    def __init__(self, root, db_options, dbname, odoo_dir):
        self.root = root
        self.db_options = db_options
        self.dbname = dbname
        self.odoo_dir = odoo_dir
        self.registry = None

    def odoo_args(self):
        return [
            *devenv.server_args(self.odoo_dir, self.root / "data", self.db_options, self.dbname),
            "--max-cron-threads=0",
        ]

    def install(self, modules=devenv.OUR_MODULES):
        """Create the database with `modules` installed, in a child process (as the test command does)."""
        cmd = devenv.odoo_command(
            *self.odoo_args(),
            f"--init={','.join(modules)}",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        )
        result = subprocess.run(cmd, env=devenv.odoo_env(), cwd=devenv.REPO)
        if result.returncode != 0:
            raise devenv.SetupError(f"installing {modules} failed with code {result.returncode}")

    def open(self):
        """Load the database's registry in this process."""
        if os.environ.get("ODOO_PATH"):
            sys.path.insert(0, os.environ["ODOO_PATH"])
        import odoo

        odoo.tools.config.parse_config([*self.odoo_args(), "--log-level=warn"])
        self.registry = odoo.modules.registry.Registry(self.dbname)
        return self.registry

    def vacuum(self, *tables):
        """What autovacuum does to a database in use (all its tables when none are named): statistics,
        hint bits and visibility map set, so the first reads of bulk-written rows do not pay for them."""
        import odoo
        from odoo.tools import SQL

        with odoo.sql_db.db_connect(self.dbname).cursor() as cr:
            cr._cnx.autocommit = True  # VACUUM runs outside a transaction
            try:
                cr.execute(SQL("VACUUM (ANALYZE) %s", SQL(", ").join(map(SQL.identifier, tables))))
            finally:
                cr._cnx.autocommit = False  # the connection goes back to Odoo's pool

    @contextlib.contextmanager
    def env(self, user_id=None, context=None):
        """A cursor and environment; commits when the block ends without error."""
        import odoo

        with self.registry.cursor() as cr:
            yield odoo.api.Environment(cr, user_id or odoo.SUPERUSER_ID, context or {})


@contextlib.contextmanager
def bench_database(install=True, modules=devenv.OUR_MODULES):
    odoo_dir = ODOO_DIR
    root = devenv.temporary_root("odoo-bench-")
    cluster = None
    try:
        cluster, db_options = devenv.start_database_server(root / "pg")
        db = BenchDatabase(root, db_options, f"bench_{os.getpid()}", odoo_dir)
        if install:
            db.install(modules)
            db.open()
        yield db
    finally:
        if cluster:
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


def fork_worker(func, *args):
    """Run func(*args) in a forked child process (the loaded registry is shared, the child opens
    database connections of its own, as another Odoo cron worker would); returns a handle for
    worker_result(). Close the parent's connections first: odoo.sql_db.close_all()."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 1
        try:
            with os.fdopen(write_end, "w") as out:
                out.write(json.dumps(func(*args)))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def worker_result(handle):
    """What the forked worker's function returned (JSON), once it has finished."""
    pid, read_end = handle
    with os.fdopen(read_end) as answer:
        text = answer.read()
    _pid, status = os.waitpid(pid, 0)
    if status or not text:
        raise RuntimeError(f"worker process {pid} failed ({status})")
    return json.loads(text)


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def report(name, value, unit, target, ok):
    """The last line every benchmark prints."""
    print(f"RESULT {name} {value:.2f} {unit} target {target} {'ok' if ok else 'FAIL'}")
    return 0 if ok else 1
