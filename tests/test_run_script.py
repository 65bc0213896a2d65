"""scripts/run stops what it started when a process manager, a service unit or a closing terminal
tells it to: Odoo first, then its private PostgreSQL, leaving the HTTP port free for the next start.

Runs through scripts/test (it needs the Odoo found and the virtual environment made there). The
database scripts/run serves is made once with only `base`, so that Odoo serves within seconds.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import devenv  # noqa: E402

DBNAME = "run_script"


@pytest.fixture(scope="module")
def state_dir(odoo_server):
    """A state folder as scripts/run leaves it after a first start: a stopped cluster and a database."""
    root = devenv.temporary_root("odoo-run-test-")
    cluster = devenv.PrivatePostgres(root / "pg", devenv.free_port())
    cluster.start()
    try:
        odoo_dir = Path(os.environ["ODOO_PATH"]) / "odoo"
        args = devenv.server_args(odoo_dir, root / "filestore", cluster.odoo_options(), DBNAME)
        init = devenv.odoo_command(*args, "--init=base", "--without-demo=all", "--stop-after-init", "--log-level=warn")
        subprocess.run(init, env=devenv.odoo_env(), cwd=REPO, check=True, timeout=600, capture_output=True)
    finally:
        cluster.stop()
    yield root, cluster.port
    shutil.rmtree(root, ignore_errors=True)


def port_is_free(port):
    try:
        devenv.ensure_port_free(port)
    except devenv.SetupError:
        return False
    return True


def wait_until_serving(url, run, log, timeout=300):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert run.poll() is None, f"scripts/run ended before serving:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    pytest.fail(f"Odoo did not serve {url} within {timeout} s")


def leave_nothing_running(run, started):
    """Whatever the outcome, the test leaves no process behind (PostgreSQL by a fast shutdown)."""
    run.kill()
    run.wait()
    for process in started:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGINT if process.name() == "postgres" else signal.SIGKILL)
    psutil.wait_procs(started, timeout=30)


def postmaster_pid(root):
    return int((root / "pg" / "data" / "postmaster.pid").read_text().split()[0])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_stops_odoo_then_postgres_and_frees_the_port(state_dir, signum):
    root, pg_port = state_dir
    http_port = devenv.free_port()
    env = {k: v for k, v in devenv.odoo_env().items() if not k.startswith("PG")}
    env.update(ODOO_STATE_DIR=str(root), ODOO_DB=DBNAME, ODOO_HTTP_PORT=str(http_port), ODOO_PG_PORT=str(pg_port))
    log = root / f"run-{signum.name}.log"
    with open(log, "w") as out:
        run = subprocess.Popen([sys.executable, "scripts/run"], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    started = []
    try:
        wait_until_serving(f"http://127.0.0.1:{http_port}/web/login", run, log)
        started = [*psutil.Process(run.pid).children(recursive=True), psutil.Process(postmaster_pid(root))]
        run.send_signal(signum)
        run.wait(timeout=120)
        time.sleep(1)  # what the script stopped is gone; give anything it left a moment to show
        output = log.read_text()
        left = [p.cmdline()[:4] for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    finally:
        leave_nothing_running(run, started)
    assert not left, f"still running after {signum.name}: {left}\n{output}"
    assert run.returncode == 0, output
    assert port_is_free(http_port), output
    assert port_is_free(pg_port), output
    assert output.index("stopping Odoo") < output.index("stopping PostgreSQL"), output
    # One signal reached Odoo, so it shut down cleanly, and while its database was still up.
    assert "Forced shutdown" not in output, output
    assert "terminating connection due to administrator command" not in output, output
