"""The UBL 2.1 schema (OASIS' files shipped with this add-on) and the check of a document against it.

Pure Python, no Odoo: the schema is built once per process, at the first document, from the
files under ``schemas/`` only (no network). Documents are parsed by a hardened parser: no DTD,
no entities, no network, bounded size, so a hostile document is refused without being resolved.
"""

import base64
import binascii
import io
import itertools
import threading
from pathlib import Path

import xmlschema
from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "UBL-2.1" / "xsdrt" / "maindoc"
MAIN_DOCUMENTS = ("UBL-Invoice-2.1.xsd", "UBL-CreditNote-2.1.xsd")
REASON_LENGTH = 200
EMBEDDED_FILE = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}EmbeddedDocumentBinaryObject"


class UblSchema:
    """The UBL 2.1 invoice and credit note schema, built on first use."""

    def __init__(self, directory=SCHEMA_DIR, documents=MAIN_DOCUMENTS):
        self._sources = [str(directory / document) for document in documents]
        self._schema = None
        self._lock = threading.Lock()

    @property
    def schema(self):
        with self._lock:
            if self._schema is None:
                # allow="local": the imports between the shipped files, never a URL.
                self._schema = xmlschema.XMLSchema(self._sources, allow="local")
        return self._schema

    def errors(self, xml, limit=3):
        """The first `limit` reasons why the document `xml` (bytes) is not a valid UBL 2.1
        invoice or credit note, each "path: reason"; [] when it is valid."""
        try:
            root = parse_hardened(xml)
        except (etree.XMLSyntaxError, ValueError) as error:
            return [shorten(f"/: {error}")]
        stand_in_for_valid_files(root)
        found = self.schema.iter_errors(root, use_location_hints=False)
        return [shorten(f"{error.path or '/'}: {error.reason}") for error in itertools.islice(found, limit)]


def parse_hardened(xml):
    """The root element of `xml`; ValueError for a document with a DTD (UBL has none, and entity
    declarations are how XML bombs and external entities come in), told before its content is read."""
    events = etree.iterparse(
        io.BytesIO(xml), events=("start",), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    _event, root = next(events)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise ValueError("a document type declaration (DTD) is not allowed in an e-invoice")
    for _event in events:
        pass  # the rest of the document
    return events.root


def stand_in_for_valid_files(root):
    """Embedded files (the invoice's PDF) are most of a document, and the schema checks base64 with
    a regular expression over all of it, ten times slower than decoding it: files that decode, in
    the canonical form xs:base64Binary asks for, are replaced by a short one; any other is left to
    the schema, which reports it."""
    for element in root.iter(EMBEDDED_FILE):
        encoded = "".join((element.text or "").split())
        try:
            canonical = base64.b64encode(base64.b64decode(encoded, validate=True)).decode() == encoded
        except binascii.Error:
            canonical = False
        if canonical:
            element.text = "AA=="


def shorten(text):
    text = " ".join(text.split())
    return text if len(text) <= REASON_LENGTH else f"{text[: REASON_LENGTH - 1]}…"


UBL_SCHEMA = UblSchema()
