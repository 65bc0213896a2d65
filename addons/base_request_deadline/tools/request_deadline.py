"""A total deadline per HTTP request: headers and body together, however slowly they come.

Pure Python (requests and urllib3), for the clients of other servers in several add-ons.
A read timeout bounds each socket read only: a server sending one byte a second never trips it,
and a buffered read of one chunk waits until the chunk is full. So a timer shuts the request's
socket down when the deadline passes, which ends a read blocked in any layer.
"""

import contextlib
import socket
import threading

import requests
import urllib3

_watched = threading.local()


class Watchdog:
    """Shuts the sockets of the request started under it down when its deadline passes."""

    def __init__(self, seconds):
        self.expired = False
        self._sockets = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    @contextlib.contextmanager
    def connecting(self):
        """New connections opened inside this block are watched."""
        _watched.watchdog = self
        try:
            yield
        finally:
            _watched.watchdog = None

    def watch(self, sock):
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def cancel(self):
        self._timer.cancel()

    def _expire(self):
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def watched_session():
    """A requests session whose connections are never reused and are watched by the Watchdog
    active when they open."""
    session = requests.Session()
    for scheme in ("http://", "https://"):
        session.mount(scheme, _WatchedAdapter())
    return session


def _shutdown(sock):
    with contextlib.suppress(OSError, ValueError):
        # The plain socket call, also on a TLS socket: wakes a reader blocked in another thread.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _WatchedConnectionMixin:
    def _new_conn(self):
        sock = super()._new_conn()  # the plain socket, watched through the TLS handshake too
        watchdog = getattr(_watched, "watchdog", None)
        if watchdog is not None:
            watchdog.watch(sock)
        return sock

    def connect(self):
        result = super().connect()
        watchdog = getattr(_watched, "watchdog", None)
        if watchdog is not None and isinstance(self.sock, socket.socket):
            watchdog.watch(self.sock)  # the TLS socket replaces the plain one
        return result


class _HTTPConnection(_WatchedConnectionMixin, urllib3.connection.HTTPConnection):
    pass


class _HTTPSConnection(_WatchedConnectionMixin, urllib3.connection.HTTPSConnection):
    pass


class _HTTPPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _WatchedAdapter(requests.adapters.HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        result = super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}
        return result
