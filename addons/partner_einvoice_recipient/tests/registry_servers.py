"""Real servers on 127.0.0.1 speaking the registries' protocols, for the tests.

- SmpServer: Peppol SMP (service group XML per participant), with fault modes, over HTTP
  or HTTPS with a certificate of a test CA (TestAuthority).
- DnsStub (dns_stub.py): the SML's DNS.
- DirectoryServer: Peppol Directory export with ETag / Last-Modified and HEAD.
- EstonianRegisterServer: SOAP earveRegistriParing_v1.
"""

import datetime
import ipaddress
import os
import ssl
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import quote, unquote

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from lxml import etree

from odoo.addons.base_request_deadline.tests.http_server import QuietHTTPServer, ServedInThread

INVOICE_DOCTYPE = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)
# Odoo's test framework raises request timeouts below 10 s to 10 s: be slower than that.
SLOW_SECONDS = 11
CREDIT_NOTE_DOCTYPE = (
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)
ORDER_DOCTYPE = "urn:oasis:names:specification:ubl:schema:xsd:Order-2::Order##urn:fdc:peppol.eu:poacc:trns:order:3::2.1"
ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<root>&lol3;</root>'
)


def service_group(identifier, smp_url, document_types=(INVOICE_DOCTYPE,)):
    participant = f"iso6523-actorid-upis::{identifier}"
    references = "".join(
        f'<ServiceMetadataReference href="{smp_url}/{quote(participant, safe="")}/services/'
        f'{quote("busdox-docid-qns::" + doctype, safe="")}"/>'
        for doctype in document_types
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" '
        'xmlns:id="http://busdox.org/transport/identifiers/1.0/">'
        f'<id:ParticipantIdentifier scheme="iso6523-actorid-upis">{identifier}</id:ParticipantIdentifier>'
        f"<ServiceMetadataReferenceCollection>{references}</ServiceMetadataReferenceCollection>"
        "</ServiceGroup>"
    ).encode()


# An SMP answer whose DTD (with an external entity) comes after 70 KB of prolog.
LATE_DTD_SERVICE_GROUP = (
    b'<?xml version="1.0"?>\n<!--' + b"p" * (70 * 1024) + b"-->\n<!DOCTYPE ServiceGroup [<!ENTITY id SYSTEM "
    b'"file:///etc/hostname">]>\n<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/">'
    b"<ParticipantIdentifier>&id;</ParticipantIdentifier></ServiceGroup>"
)


class TestAuthority:
    """A certificate authority made for the tests, and a server certificate for 127.0.0.1 signed by it."""

    def __init__(self):
        now = datetime.datetime.now(datetime.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "E-invoice test CA")])
        ca_cert = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(
                x509.SubjectAlternativeName(
                    [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        self.ca_pem = ca_cert.public_bytes(serialization.Encoding.PEM).decode()
        self._dir = tempfile.mkdtemp(prefix="einvoice-test-ca-")
        self.cert_file = os.path.join(self._dir, "server.pem")
        with open(self.cert_file, "wb") as pem:
            pem.write(cert.public_bytes(serialization.Encoding.PEM))
            pem.write(
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                )
            )

    def server_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_file)
        return context


class _QuietServer(QuietHTTPServer):
    tls_context = None

    def get_request(self):
        sock, address = super().get_request()
        if self.tls_context:
            sock.settimeout(5)
            sock = self.tls_context.wrap_socket(sock, server_side=True)
        return sock, address


class _Server(ServedInThread):
    handler = None

    def __init__(self, authority=None, port=0):
        self.requests = []
        # None or a fault: "500", "slow", "malformed", "bomb", "huge", "trickle", "late_dtd",
        # "endless", "redirect" (to self.redirect_to)
        self.mode = None
        self.redirect_to = ""
        self.hosts = []
        # The Authorization header the server insists on (an operator's registry API), or None.
        self.authorization = None
        handler = type("Handler", (self.handler,), {"owner": self})
        self._serve_in_thread(_QuietServer(("127.0.0.1", port), handler))
        scheme = "http"
        if authority:
            self.httpd.tls_context = authority.server_context()
            scheme = "https"
        port = self.httpd.server_address[1]
        self.url = f"{scheme}://127.0.0.1" + (f":{port}" if port != {"http": 80, "https": 443}[scheme] else "")

    def fault_body(self):
        """A faulty answer for the current mode, or None to answer normally."""
        if self.mode == "slow":
            time.sleep(SLOW_SECONDS)
        return {
            "malformed": b"<?xml version='1.0'?><ServiceGroup><unclosed></ServiceGroup>",
            "bomb": ENTITY_BOMB,
            "huge": b"<root>" + b"x" * (3 * 1024 * 1024) + b"</root>",
            "late_dtd": LATE_DTD_SERVICE_GROUP,
        }.get(self.mode)

    def endless(self):
        """The body of mode "endless": 200 MB of a well-formed start that never ends."""
        yield b'<?xml version="1.0"?><ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/">'
        block = b"<ServiceMetadataReferenceCollection/>" * 1000
        for _ in range(200 * 1024 * 1024 // len(block)):
            yield block


def _trickle():
    """One byte every 2 seconds: each socket read succeeds, the answer never completes in time."""
    for _ in range(1000):
        yield b" "
        time.sleep(2)


class _Handler(BaseHTTPRequestHandler):
    owner = None

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_stream(self, chunks, content_type="text/xml", length=None):
        """Stream an answer of unknown length (no Content-Length: read until the server closes)."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            return  # the client gave up: what the test wants

    def answer_fault(self):
        owner = self.owner
        owner.hosts.append(self.headers.get("Host"))
        if owner.authorization and self.headers.get("Authorization") != owner.authorization:
            self.send(401, b"authentication required", {"WWW-Authenticate": 'Basic realm="registry"'})
            return True
        if owner.mode == "500":
            self.send(500, b"internal error")
            return True
        if owner.mode == "redirect":
            self.send(302, b"", {"Location": owner.redirect_to})
            return True
        if owner.mode == "trickle":
            self.send_stream(_trickle(), length=1000)
            return True
        if owner.mode == "endless":
            self.send_stream(owner.endless(), getattr(owner, "content_type", "text/xml"))
            return True
        body = self.owner.fault_body()
        if body is not None:
            self.send(200, body, {"Content-Type": "text/xml"})
            return True
        return False


class _SmpHandler(_Handler):
    def do_GET(self):
        self.owner.requests.append(self.path)
        if self.answer_fault():
            return
        identifier = unquote(self.path.lstrip("/")).removeprefix("iso6523-actorid-upis::").lower()
        document_types = self.owner.participants.get(identifier)
        if document_types is None:
            self.send(404, b"not found")
        else:
            self.send(200, service_group(identifier, self.owner.url, document_types), {"Content-Type": "text/xml"})


class SmpServer(_Server):
    handler = _SmpHandler

    def __init__(self, participants=None, **server_options):
        super().__init__(**server_options)
        # identifier -> document types it accepts
        self.participants = participants or {}


class _DirectoryHandler(_Handler):
    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.owner.requests.append((self.command, dict(self.headers)))
        if self.answer_fault():
            return
        owner = self.owner
        validators = {"ETag": owner.etag, "Last-Modified": owner.last_modified, "Content-Type": owner.content_type}
        if self.headers.get("If-None-Match") == owner.etag:
            self.send(304, b"", validators)
        else:
            self.send(200, owner.body, validators)


class DirectoryServer(_Server):
    handler = _DirectoryHandler

    def __init__(self, body=b"", content_type="application/xml", **server_options):
        super().__init__(**server_options)
        self.body = body
        self.content_type = content_type
        self.etag = '"v1"'
        self.last_modified = "Sun, 22 Nov 2026 06:00:00 GMT"

    def publish(self, body, etag):
        self.body, self.etag = body, etag

    def downloads(self):
        return sum(1 for method, _headers in self.requests if method == "GET")


def business_cards_xml(identifiers, namespace="http://www.peppol.eu/schema/pd/businesscard-generic/201907/"):
    cards = "".join(
        f'<businesscard><participant scheme="iso6523-actorid-upis" value="{identifier}"/>'
        f'<entity countrycode="BE"><name name="Company {n}"/><id scheme="VAT" value="X{n}"/></entity>'
        f'<doctypeid scheme="busdox-docid-qns" value="{INVOICE_DOCTYPE}"/></businesscard>'
        for n, identifier in enumerate(identifiers)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><root xmlns="{namespace}" version="2">{cards}</root>'.encode()


class _EstonianHandler(_Handler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.owner.requests.append(body)
        if self.answer_fault():
            return
        codes = [element.text for element in etree.fromstring(body).iter("{*}registrikood")]
        clients = "".join(
            f"<klient><registrikood>{code}</registrikood>"
            + (
                f"<teenusepakkuja>{self.owner.operator}</teenusepakkuja><staatus>OK</staatus>"
                if code in self.owner.recipients
                else "<staatus>MR</staatus>"
            )
            + "</klient>"
            for code in codes
        )
        answer = (
            '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" '
            'xmlns:prod="http://arireg.x-road.eu/producer/"><SOAP-ENV:Body><prod:earveRegistriParing_v1Response>'
            f"<prod:keha><prod:lehekylgi>1</prod:lehekylgi><prod:kliendid>{clients}</prod:kliendid></prod:keha>"
            "</prod:earveRegistriParing_v1Response></SOAP-ENV:Body></SOAP-ENV:Envelope>"
        )
        self.send(200, answer.encode(), {"Content-Type": "text/xml"})


class EstonianRegisterServer(_Server):
    handler = _EstonianHandler

    def __init__(self, recipients=(), operator="Fitek", **server_options):
        super().__init__(**server_options)
        self.recipients = set(recipients)
        self.operator = operator
