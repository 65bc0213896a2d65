import contextlib
import dataclasses
import hashlib
import os
import tempfile
import threading
import time
from urllib.parse import urljoin, urlsplit

import requests
import urllib3
from lxml import etree

from odoo.addons.base_request_deadline.tools.request_deadline import Watchdog, watched_session

from .errors import RegistryError, _lt

_CHUNK = 64 * 1024
# A registry export larger than this is refused unless the registry allows more.
DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_MAX_REDIRECTS = 5


@dataclasses.dataclass
class RegistrySettings:
    url: str = ""
    network: str = ""
    sml_zone: str = ""
    smp_url: str = ""
    dns_nameserver: str = ""
    # The older CNAME scheme of the SML, for private networks that still publish it.
    cname_fallback: bool = False
    # PEM certificates of the authorities trusted for HTTPS, beside the system's.
    ca_bundle: str = ""
    username: str = ""
    password: str = ""
    # Seconds a whole request (connection, headers and body) may take.
    timeout: float = 10.0
    # time.monotonic() after which no request may run (a contact save waits at most until then).
    deadline: float | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    etag: str = ""
    last_modified: str = ""


class RegistryProvider:
    """One registry protocol.

    `lookup` answers for a few identifiers of one contact, `iter_recipients`
    streams every recipient the registry knows (or, for registries that cannot
    list everything, those among `candidates`). Both raise RegistryError.
    """

    # The network a recipient found here is on (each protocol names its own).
    default_network = ""
    # Answers for Peppol participant identifiers (Odoo's Peppol address and verification).
    peppol = False
    supports_lookup = False
    supports_bulk = False
    # iter_recipients() lists every recipient of the network: an empty list is a broken answer.
    lists_everyone = False

    def __init__(self, settings):
        self.settings = settings
        # Validators of the data last read by iter_recipients(), for the next conditional download.
        self.etag = settings.etag
        self.last_modified = settings.last_modified

    def accepts(self, identifier):
        """Whether this registry can answer for an identifier such as '0191:12345678'."""
        return True

    def check_available(self):
        """Raise RegistryUnavailable when the registry as a whole cannot answer (asked once per run)."""

    def lookup(self, identifiers):
        """Return {identifier: True/False} for the given identifiers."""
        raise NotImplementedError

    def iter_recipients(self, candidates):
        """Yield recipient identifiers; None when the registry data did not change since the last run."""
        raise NotImplementedError

    def diagnose_service(self):
        """[(question, answer)] for the registry's Test button: is the service there at all."""
        try:
            self.check_available()
        except RegistryError as exc:
            return [(self.settings.url, str(exc))]
        return [(self.settings.url, "OK")]

    def diagnose(self, identifier):
        """[(question, answer)] for the Test button: the service, then a look-up of one known participant."""
        lines = self.diagnose_service()
        if not self.supports_lookup:
            return lines
        try:
            answer = "recipient" if self.lookup([identifier]).get(identifier) else "not a recipient"
        except RegistryError as exc:
            answer = str(exc)
        return [*lines, (identifier, answer)]

    # -- helpers shared by the HTTP based registries --------------------------

    def _request(self, method, url, headers=None, data=None, host_header=None):
        """An HTTP answer, its body not read yet: a context manager, use `with`.

        The whole request is bounded by the registry's timeout (not each socket read: a server
        trickling a byte at a time would hold a read open forever). Redirects are followed only
        to the same scheme, host and port; credentials are sent only there.
        """
        origin = _origin(url)
        headers = dict(headers or {})
        if host_header:
            headers["Host"] = host_header
        for _redirect in range(_MAX_REDIRECTS + 1):
            answer = _Answer(self, method, url, headers, data)
            if answer.status_code not in (301, 302, 303, 307, 308):
                return answer
            answer.close()
            target = urljoin(url, answer.headers.get("Location", ""))
            if _origin(target) != origin:
                raise RegistryError(
                    _lt("%(url)s: redirected to %(target)s, another host: not followed"), url=url, target=target
                )
            url = target
            if answer.status_code == 303:
                method, data = "GET", None
        raise RegistryError(_lt("%(url)s: more than %(count)s redirects"), url=url, count=_MAX_REDIRECTS)

    def _remaining(self):
        """Seconds the next request may take."""
        timeout = self.settings.timeout
        if self.settings.deadline is not None:
            timeout = min(timeout, self.settings.deadline - time.monotonic())
        if timeout <= 0:
            raise RegistryError(_lt("no time left for this look-up"))
        return timeout

    def _auth_headers(self):
        if self.settings.username:
            return {"Authorization": requests.auth._basic_auth_str(self.settings.username, self.settings.password)}
        if self.settings.password:
            return {"Authorization": f"Bearer {self.settings.password}"}
        return {}

    def _verify(self):
        """`verify` for requests: the system's authorities, or a file holding the registry's own."""
        if not self.settings.ca_bundle.strip():
            return True
        return _ca_file(self.settings.ca_bundle)

    def _read_xml(self, answer, max_bytes=None):
        """Parse a small XML answer safely: size limit, no DTD, no entities, no network."""
        parser = safe_parser()
        with answer.stream(max_bytes) as stream:
            try:
                for chunk in iter(lambda: stream.read(_CHUNK), b""):
                    parser.feed(chunk)
                root = parser.close()
            except etree.XMLSyntaxError as exc:
                raise RegistryError(_lt("%(url)s: malformed XML (%(error)s)"), url=answer.url, error=exc) from exc
        refuse_doctype(root, answer.url)
        return root


def safe_parser(**options):
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, **options
    )


def refuse_doctype(root, url):
    # A document type declaration is how entity-expansion ("billion laughs") and
    # external-entity attacks start; no registry answer legitimately carries one,
    # wherever it stands in the prolog.
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise RegistryError(_lt("%(url)s: refused an XML answer with a document type declaration"), url=url)


def _seconds(timeout):
    return f"{round(timeout, 1):g}"


def _origin(url):
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme)


_ca_lock = threading.Lock()


def _ca_file(pem):
    """A file with these PEM certificates (requests takes a path), written once per content."""
    digest = hashlib.sha256(pem.encode()).hexdigest()[:32]
    path = os.path.join(tempfile.gettempdir(), f"einvoice-registry-ca-{digest}.pem")
    with _ca_lock:
        if not os.path.exists(path):
            handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path))
            with os.fdopen(handle, "w") as ca_file:
                ca_file.write(pem)
            os.replace(temporary, path)
    return path


class _Answer:
    """One HTTP answer under a watchdog; the body is read through `stream()`."""

    def __init__(self, provider, method, url, headers, data):
        self.provider = provider
        self.timeout = provider._remaining()
        self.watchdog = Watchdog(self.timeout)
        self.session = watched_session()
        try:
            with self.watchdog.connecting():
                self.response = self.session.request(
                    method,
                    url,
                    headers={**provider._auth_headers(), **headers},
                    data=data,
                    timeout=self.timeout,
                    stream=True,
                    allow_redirects=False,
                    verify=provider._verify(),
                )
        except requests.exceptions.RequestException as exc:
            self.close()
            if self.watchdog.expired or isinstance(exc, requests.exceptions.Timeout):
                raise RegistryError(
                    _lt("%(url)s: no answer within %(seconds)s s"), url=url, seconds=_seconds(self.timeout)
                ) from exc
            raise RegistryError("%(url)s: %(error)s", url=url, error=exc) from exc
        self.url = url
        self.status_code = self.response.status_code
        self.headers = self.response.headers

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.watchdog.cancel()
        if getattr(self, "response", None) is not None:
            self.response.close()
        self.session.close()

    @contextlib.contextmanager
    def stream(self, max_bytes=None):
        """The body as a file-like object that refuses to grow beyond max_bytes or to outlast the deadline."""
        max_bytes = min(max_bytes or self.provider.settings.max_bytes, self.provider.settings.max_bytes)
        declared = self.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            self.close()
            raise RegistryError(
                _lt("%(url)s: answer of %(size)s bytes exceeds the limit of %(limit)s"),
                url=self.url,
                size=declared,
                limit=max_bytes,
            )
        try:
            yield _LimitedStream(self, max_bytes)
        finally:
            self.close()


class _LimitedStream:
    """File-like reader over a streamed answer, with a byte budget and the request's deadline."""

    def __init__(self, answer, max_bytes):
        self.answer = answer
        self.url = answer.url
        self.max_bytes = max_bytes
        self.read_bytes = 0
        self._chunks = answer.response.raw.stream(_CHUNK, decode_content=True)
        self._pending = []
        self._pending_size = 0

    def _next_chunk(self):
        try:
            chunk = next(self._chunks, b"")
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
            if self.answer.watchdog.expired:
                raise self._too_slow() from exc
            raise RegistryError(_lt("%(url)s: download interrupted (%(error)s)"), url=self.url, error=exc) from exc
        if self.answer.watchdog.expired:
            raise self._too_slow()
        self.read_bytes += len(chunk)
        if self.read_bytes > self.max_bytes:
            raise RegistryError(
                _lt("%(url)s: answer exceeds the limit of %(limit)s bytes"), url=self.url, limit=self.max_bytes
            )
        return chunk

    def _too_slow(self):
        return RegistryError(
            _lt("%(url)s: no complete answer within %(seconds)s s"), url=self.url, seconds=_seconds(self.answer.timeout)
        )

    # A file-like reader, not an Odoo model: there is no super().read to call.
    def read(self, size=-1):  # pylint: disable=method-required-super
        # Chunks are kept in a list and joined once: appending to one bytes object copies it every time.
        while size < 0 or self._pending_size < size:
            chunk = self._next_chunk()
            if not chunk:
                break
            self._pending.append(chunk)
            self._pending_size += len(chunk)
        data = b"".join(self._pending)
        if 0 <= size < len(data):
            data, rest = data[:size], data[size:]
            self._pending, self._pending_size = [rest], len(rest)
        else:
            self._pending, self._pending_size = [], 0
        return data
