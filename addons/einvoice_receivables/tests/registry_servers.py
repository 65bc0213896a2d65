"""Real servers on 127.0.0.1 speaking the registries' protocols, for the tests.

- SmpServer: Peppol SMP (service group XML per participant), with fault modes.
- DnsStub: a tiny UDP DNS server answering NAPTR / CNAME records from a dict.
- DirectoryServer: Peppol Directory export with ETag / Last-Modified and HEAD.
- EstonianRegisterServer: SOAP earveRegistriParing_v1.
"""

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, unquote

import dns.message
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
from lxml import etree

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


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """Clients hanging up early (size limit, timeout) are part of the tests."""


class _Server:
    handler = None

    def __init__(self):
        self.requests = []
        self.mode = None  # None or a fault: "500", "slow", "malformed", "bomb", "huge"
        handler = type("Handler", (self.handler,), {"owner": self})
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def fault_body(self):
        """A faulty answer for the current mode, or None to answer normally."""
        if self.mode == "slow":
            time.sleep(SLOW_SECONDS)
        return {
            "malformed": b"<?xml version='1.0'?><ServiceGroup><unclosed></ServiceGroup>",
            "bomb": ENTITY_BOMB,
            "huge": b"<root>" + b"x" * (3 * 1024 * 1024) + b"</root>",
        }.get(self.mode)


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

    def answer_fault(self):
        if self.owner.mode == "500":
            self.send(500, b"internal error")
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

    def __init__(self, participants=None):
        super().__init__()
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

    def __init__(self, body=b"", content_type="application/xml"):
        super().__init__()
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

    def __init__(self, recipients=(), operator="Fitek"):
        super().__init__()
        self.recipients = set(recipients)
        self.operator = operator


class DnsStub:
    """Answers {(name, type): [rdata text]} over UDP; everything else is NXDOMAIN."""

    def __init__(self, records=None):
        self.records = records or {}
        self.queries = []
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.nameserver = f"127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self.thread.join()
        self.sock.close()

    def _serve(self):
        while not self._stop.is_set():
            try:
                wire, address = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            query = dns.message.from_wire(wire)
            question = query.question[0]
            name = question.name.to_text(omit_final_dot=True).lower()
            rdtype = dns.rdatatype.to_text(question.rdtype)
            self.queries.append((name, rdtype))
            response = dns.message.make_response(query)
            answers = self.records.get((name, rdtype))
            if answers:
                rdatas = [dns.rdata.from_text(dns.rdataclass.IN, question.rdtype, text) for text in answers]
                response.answer.append(dns.rrset.from_rdata_list(question.name, 60, rdatas))
            elif not any(known == name for known, _type in self.records):
                response.set_rcode(dns.rcode.NXDOMAIN)
            self.sock.sendto(response.to_wire(), address)
