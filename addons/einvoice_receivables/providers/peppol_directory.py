"""Peppol Directory bulk export: every business card, streamed, never loaded whole.

Formats: business cards XML (2019 namespace `.../businesscard-generic/201907/` and the
2025 one `urn:peppol:schema:pd:businesscard-generic:2025:03`), the CSV export and the
participant-list JSON. The Directory allows few downloads a day, so a HEAD request with
the previous ETag / Last-Modified decides whether to download at all.
"""

import codecs
import csv
import json
import re

from lxml import etree

from .base import RegistryError, RegistryProvider

BUSINESS_CARD_NAMESPACES = (
    "http://www.peppol.eu/schema/pd/businesscard-generic/201907/",
    "urn:peppol:schema:pd:businesscard-generic:2025:03",
)
PARTICIPANT_TAGS = tuple(f"{{{namespace}}}participant" for namespace in BUSINESS_CARD_NAMESPACES)
_PEPPOL_PARTICIPANT = "iso6523-actorid-upis"
_JSON_VALUE = re.compile(rb'"value"\s*:\s*"([^"]{1,120})"')
_JSON_TAIL = 256


class PeppolDirectoryProvider(RegistryProvider):
    supports_bulk = True

    def iter_recipients(self, candidates):
        response = self._download_if_changed()
        if response is None:
            return None
        return self._parse(response)

    def _download_if_changed(self):
        head = self._request("HEAD", self.settings.url, allow_redirects=True)
        self._raise_for_status(head)
        if self._unchanged(head):
            return None
        headers = {}
        if self.settings.etag:
            headers["If-None-Match"] = self.settings.etag
        if self.settings.last_modified:
            headers["If-Modified-Since"] = self.settings.last_modified
        response = self._request("GET", self.settings.url, headers=headers, stream=True)
        if response.status_code == 304:
            response.close()
            return None
        self._raise_for_status(response)
        self.etag = response.headers.get("ETag", "")
        self.last_modified = response.headers.get("Last-Modified", "")
        return response

    def _unchanged(self, head):
        etag, last_modified = head.headers.get("ETag"), head.headers.get("Last-Modified")
        if etag and self.settings.etag:
            return etag == self.settings.etag
        return bool(last_modified and last_modified == self.settings.last_modified)

    def _raise_for_status(self, response):
        if response.status_code >= 400:
            response.close()
            raise RegistryError(f"Peppol Directory {self.settings.url}: HTTP {response.status_code}")

    def _parse(self, response):
        content_type = response.headers.get("Content-Type", "")
        url = self.settings.url.lower()
        if "csv" in content_type or url.endswith(".csv"):
            return self._parse_csv(response)
        if "json" in content_type or url.endswith(".json"):
            return self._parse_json(response)
        return self._parse_xml(response)

    def _parse_xml(self, response):
        with self._open_stream(response) as stream:
            events = etree.iterparse(
                stream,
                events=("end",),
                tag=PARTICIPANT_TAGS,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            try:
                for _event, participant in events:
                    if participant.get("scheme", _PEPPOL_PARTICIPANT) == _PEPPOL_PARTICIPANT:
                        yield participant.get("value", "").strip().lower()
                    # Drop the cards read before this one so memory stays flat over a million
                    # of them (never the current card: the parser is still filling it).
                    card = participant.getparent()
                    while card.getprevious() is not None:
                        del card.getparent()[0]
            except etree.XMLSyntaxError as exc:
                raise RegistryError(f"Peppol Directory {self.settings.url}: malformed XML ({exc})") from exc

    def _parse_csv(self, response):
        with self._open_stream(response) as stream:
            lines = codecs.iterdecode(iter(lambda: stream.read(65536), b""), "utf-8-sig")
            reader = csv.reader(_split_lines(lines), delimiter=";")
            header = next(reader, None)
            if not header or "Participant ID" not in header:
                raise RegistryError(f"Peppol Directory {self.settings.url}: CSV without a 'Participant ID' column")
            column = header.index("Participant ID")
            try:
                for row in reader:
                    if len(row) > column:
                        yield row[column].strip().lower().removeprefix(f"{_PEPPOL_PARTICIPANT}::")
            except csv.Error as exc:
                raise RegistryError(f"Peppol Directory {self.settings.url}: malformed CSV ({exc})") from exc

    def _parse_json(self, response):
        """Participant list JSON: {"participants": [{"scheme": ..., "value": ...}, ...]}.

        Scanned chunk by chunk for the "value" members, so the list is never held whole.
        """
        with self._open_stream(response) as stream:
            buffer = stream.read(1024)
            if not buffer.lstrip().startswith(b"{"):
                raise RegistryError(f"Peppol Directory {self.settings.url}: not a JSON participant list")
            while buffer:
                chunk = stream.read(65536)
                buffer += chunk
                # A "value" member is far shorter than _JSON_TAIL: one starting before the tail is complete.
                complete_before = len(buffer) - _JSON_TAIL if chunk else len(buffer)
                consumed = 0
                for match in _JSON_VALUE.finditer(buffer):
                    if match.start() >= complete_before:
                        break
                    yield json.loads(b'"' + match[1] + b'"').strip().lower().removeprefix(f"{_PEPPOL_PARTICIPANT}::")
                    consumed = match.end()
                buffer = buffer[max(consumed, complete_before) :] if chunk else b""


def _split_lines(chunks):
    pending = ""
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split("\n")
        yield from lines
    if pending:
        yield pending
