"""Ports on this machine: a free one, a check that one is free, waiting until Odoo serves on one."""

import contextlib
import socket
import time
import urllib.request

from .common import SetupError


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
