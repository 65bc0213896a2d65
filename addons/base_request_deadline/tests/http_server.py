"""Test utilities for add-ons that talk to servers over HTTP: a real server on 127.0.0.1, serving
from a thread of its own while a `with` block runs."""

import threading
from http.server import ThreadingHTTPServer


class QuietHTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        """Clients hanging up early (size limit, deadline) are part of the tests."""


class ServedInThread:
    """`with server:` serves `self.httpd` from a thread, then stops it and frees its port."""

    def _serve_in_thread(self, httpd):
        self.httpd = httpd
        self.thread = threading.Thread(target=httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
