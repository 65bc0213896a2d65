import contextlib
import dataclasses
import re

import requests
from lxml import etree

# A document type declaration is how entity-expansion ("billion laughs") and
# external-entity attacks start; no registry answer legitimately carries one.
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_CHUNK = 64 * 1024


class RegistryError(Exception):
    """A registry could not answer: unreachable, HTTP error, timeout, bad or oversize data."""


@dataclasses.dataclass
class RegistrySettings:
    url: str = ""
    network: str = "Peppol"
    sml_zone: str = ""
    smp_url: str = ""
    dns_nameserver: str = ""
    username: str = ""
    password: str = ""
    timeout: float = 10.0
    max_bytes: int = 1024 * 1024
    etag: str = ""
    last_modified: str = ""


class RegistryProvider:
    """One registry protocol.

    `lookup` answers for a few identifiers of one contact, `iter_recipients`
    streams every recipient the registry knows (or, for registries that cannot
    list everything, those among `candidates`). Both raise RegistryError.
    """

    supports_lookup = False
    supports_bulk = False

    def __init__(self, settings):
        self.settings = settings
        # Validators of the data last read by iter_recipients(), for the next conditional download.
        self.etag = settings.etag
        self.last_modified = settings.last_modified

    def accepts(self, identifier):
        """Whether this registry can answer for an identifier such as '0191:12345678'."""
        return True

    def lookup(self, identifiers):
        """Return {identifier: True/False} for the given identifiers."""
        raise NotImplementedError

    def iter_recipients(self, candidates):
        """Yield recipient identifiers; None when the registry data did not change since the last run."""
        raise NotImplementedError

    # -- helpers shared by the HTTP based registries --------------------------

    def _request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", self.settings.timeout)
        try:
            response = requests.request(method, url, **kwargs)
        except requests.exceptions.Timeout as exc:
            raise RegistryError(f"{url}: no answer within {self.settings.timeout:g} s") from exc
        except requests.exceptions.RequestException as exc:
            raise RegistryError(f"{url}: {exc}") from exc
        return response

    @contextlib.contextmanager
    def _open_stream(self, response):
        """The response body as a file-like object that refuses to grow beyond max_bytes."""
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
            response.close()
            raise RegistryError(
                f"{response.url}: answer of {declared} bytes exceeds the limit of {self.settings.max_bytes}"
            )
        stream = _LimitedStream(response, self.settings.max_bytes)
        try:
            yield stream
        finally:
            response.close()

    def _read_xml(self, response):
        """Parse a small XML answer safely: size limit, no DTD, no entities, no network."""
        with self._open_stream(response) as stream:
            content = stream.read()
        try:
            return etree.fromstring(content, parser=safe_parser())
        except etree.XMLSyntaxError as exc:
            raise RegistryError(f"{response.url}: malformed XML ({exc})") from exc


def safe_parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def refuse_doctype(head):
    if _DOCTYPE.search(head):
        raise RegistryError("refused an XML answer with a document type declaration (possible entity-expansion attack)")


class _LimitedStream:
    """File-like reader over a streamed requests response, with a byte budget."""

    def __init__(self, response, max_bytes):
        self.url = response.url
        self.max_bytes = max_bytes
        self.read_bytes = 0
        self._chunks = response.iter_content(_CHUNK)
        self._buffer = b""
        self._head = b""

    def read(self, size=-1):
        while size < 0 or len(self._buffer) < size:
            try:
                chunk = next(self._chunks)
            except StopIteration:
                break
            except requests.exceptions.RequestException as exc:
                raise RegistryError(f"{self.url}: download interrupted ({exc})") from exc
            if len(self._head) < _CHUNK:
                # The prolog, where a DTD would be, is at the start: check the first 64 KB.
                self._head += chunk[:_CHUNK]
                refuse_doctype(self._head)
            self.read_bytes += len(chunk)
            if self.read_bytes > self.max_bytes:
                raise RegistryError(f"{self.url}: answer exceeds the limit of {self.max_bytes} bytes")
            self._buffer += chunk
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data
