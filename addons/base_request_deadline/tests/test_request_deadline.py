"""A request under a Watchdog ends when its deadline passes, against a real server on 127.0.0.1
that answers one byte at a time: each socket read succeeds, the answer never completes."""

import time
from http.server import BaseHTTPRequestHandler

import requests

from odoo.tests import BaseCase, tagged

from ..tools.request_deadline import Watchdog, watched_session
from .http_server import QuietHTTPServer, ServedInThread

DEADLINE = 1.0
# Each byte comes well within the read timeout, and the whole answer would take far longer than the deadline.
BYTE_EVERY = 0.2
READ_TIMEOUT = 5.0


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        head = b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" if self.path == "/slow-body" else b""
        self.wfile.write(head)
        self.wfile.flush()
        trickle = b"x" * 100 if head else b"HTTP/1.1 200 OK\r\nX-Padding: " + b"x" * 100
        for byte in trickle:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(BYTE_EVERY)


class _TricklingServer(ServedInThread):
    def __init__(self):
        self._serve_in_thread(QuietHTTPServer(("127.0.0.1", 0), _Handler))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@tagged("post_install", "-at_install")
class TestRequestDeadline(BaseCase):
    def _fetch_under_deadline(self, path):
        """(seconds taken, the watchdog) for a GET of path under a deadline of DEADLINE seconds, which fails."""
        with _TricklingServer() as server, watched_session() as session:
            watchdog = Watchdog(DEADLINE)
            started = time.monotonic()
            try:
                with self.assertRaises(requests.exceptions.RequestException):
                    with watchdog.connecting():
                        response = session.get(server.url + path, timeout=READ_TIMEOUT, stream=True)
                    response.content  # noqa: B018  (reads the whole body)
            finally:
                watchdog.cancel()
            return time.monotonic() - started, watchdog

    def test_headers_that_trickle_end_at_the_deadline(self):
        seconds, watchdog = self._fetch_under_deadline("/slow-headers")
        self.assertTrue(watchdog.expired)
        self.assertLess(seconds, DEADLINE + 2, "ended at the deadline, not when the last byte came")

    def test_a_body_that_trickles_ends_at_the_deadline(self):
        seconds, watchdog = self._fetch_under_deadline("/slow-body")
        self.assertTrue(watchdog.expired)
        self.assertLess(seconds, DEADLINE + 2, "ended at the deadline, not when the last byte came")
