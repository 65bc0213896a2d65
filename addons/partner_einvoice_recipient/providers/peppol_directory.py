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

from .base import RegistryProvider, safe_parser
from .errors import RegistryError, _lt

BUSINESS_CARD_NAMESPACES = (
    "http://www.peppol.eu/schema/pd/businesscard-generic/201907/",
    "urn:peppol:schema:pd:businesscard-generic:2025:03",
)
PARTICIPANT_TAGS = frozenset(f"{{{namespace}}}participant" for namespace in BUSINESS_CARD_NAMESPACES)
_PEPPOL_PARTICIPANT = "iso6523-actorid-upis"
_JSON_VALUE = re.compile(rb'"value"\s*:\s*"([^"]{1,120})"')
_JSON_TAIL = 256
_READ = 256 * 1024
# A CSV line of the export is a participant with its names: a few hundred bytes.
MAX_CSV_LINE = 64 * 1024


class PeppolDirectoryProvider(RegistryProvider):
    default_network = "Peppol"
    peppol = True
    supports_bulk = True
    lists_everyone = True

    def iter_recipients(self, candidates):
        answer = self._download_if_changed()
        if answer is None:
            return None
        return self._parse(answer)

    def diagnose_service(self):
        try:
            with self._request("HEAD", self.settings.url) as head:
                size = head.headers.get("Content-Length", "?")
                return [
                    (
                        f"HEAD {self.settings.url}",
                        f"HTTP {head.status_code}, {size} bytes, ETag {head.headers.get('ETag', '-')}, "
                        f"Last-Modified {head.headers.get('Last-Modified', '-')}",
                    )
                ]
        except RegistryError as exc:
            return [(f"HEAD {self.settings.url}", str(exc))]

    def _download_if_changed(self):
        with self._request("HEAD", self.settings.url) as head:
            self._raise_for_status(head)
            if self._unchanged(head):
                return None
        headers = {}
        if self.settings.etag:
            headers["If-None-Match"] = self.settings.etag
        if self.settings.last_modified:
            headers["If-Modified-Since"] = self.settings.last_modified
        answer = self._request("GET", self.settings.url, headers=headers)
        if answer.status_code == 304:
            answer.close()
            return None
        self._raise_for_status(answer)
        self.etag = answer.headers.get("ETag", "")
        self.last_modified = answer.headers.get("Last-Modified", "")
        return answer

    def _unchanged(self, head):
        etag, last_modified = head.headers.get("ETag"), head.headers.get("Last-Modified")
        if etag and self.settings.etag:
            return etag == self.settings.etag
        return bool(last_modified and last_modified == self.settings.last_modified)

    def _raise_for_status(self, answer):
        if answer.status_code >= 400:
            answer.close()
            raise RegistryError(
                _lt("Peppol Directory %(url)s: HTTP %(status)s"), url=self.settings.url, status=answer.status_code
            )

    def _parse(self, answer):
        content_type = answer.headers.get("Content-Type", "")
        url = self.settings.url.lower()
        if "csv" in content_type or url.endswith(".csv"):
            return self._parse_csv(answer)
        if "json" in content_type or url.endswith(".json"):
            return self._parse_json(answer)
        return self._parse_xml(answer)

    def _error(self, template, exc):
        return RegistryError(template, url=self.settings.url, error=exc)

    def _parse_xml(self, answer):
        """Business cards through a parser target: no tree is built, so memory stays flat.

        Whatever the elements (a hostile export may have no participant at all), nothing of
        the document is kept but the participant values of the chunk being read.
        """
        target = _ParticipantTarget()
        parser = safe_parser(target=target)
        with answer.stream() as stream:
            try:
                for chunk in iter(lambda: stream.read(_READ), b""):
                    parser.feed(chunk)
                    yield from target.values
                    target.values.clear()
                parser.close()
            except etree.XMLSyntaxError as exc:
                raise self._error(_lt("Peppol Directory %(url)s: malformed XML (%(error)s)"), exc) from exc
        yield from target.values

    def _parse_csv(self, answer):
        with answer.stream() as stream:
            try:
                chunks = codecs.iterdecode(iter(lambda: stream.read(_READ), b""), "utf-8-sig")
                reader = csv.reader(_split_lines(chunks, self.settings.url), delimiter=";")
                header = next(reader, None)
                if not header or "Participant ID" not in header:
                    raise RegistryError(
                        _lt("Peppol Directory %(url)s: CSV without a 'Participant ID' column"), url=self.settings.url
                    )
                column = header.index("Participant ID")
                for row in reader:
                    if len(row) > column:
                        yield row[column].strip().lower().removeprefix(f"{_PEPPOL_PARTICIPANT}::")
            except UnicodeDecodeError as exc:
                raise self._error(_lt("Peppol Directory %(url)s: the CSV is not UTF-8 (%(error)s)"), exc) from exc
            except csv.Error as exc:
                raise self._error(_lt("Peppol Directory %(url)s: malformed CSV (%(error)s)"), exc) from exc

    def _parse_json(self, answer):
        """Participant list JSON: {"participants": [{"scheme": ..., "value": ...}, ...]}.

        Scanned chunk by chunk for the "value" members, so the list is never held whole.
        """
        with answer.stream() as stream:
            buffer = stream.read(1024)
            if not buffer.lstrip().startswith(b"{"):
                raise RegistryError(_lt("Peppol Directory %(url)s: not a JSON participant list"), url=self.settings.url)
            while buffer:
                chunk = stream.read(_READ)
                buffer += chunk
                # A "value" member is far shorter than _JSON_TAIL: one starting before the tail is complete.
                complete_before = len(buffer) - _JSON_TAIL if chunk else len(buffer)
                consumed = 0
                for match in _JSON_VALUE.finditer(buffer):
                    if match.start() >= complete_before:
                        break
                    try:
                        value = json.loads(b'"' + match[1] + b'"')
                    except ValueError as exc:
                        raise self._error(_lt("Peppol Directory %(url)s: malformed JSON (%(error)s)"), exc) from exc
                    yield value.strip().lower().removeprefix(f"{_PEPPOL_PARTICIPANT}::")
                    consumed = match.end()
                buffer = buffer[max(consumed, complete_before) :] if chunk else b""


class _ParticipantTarget:
    """lxml parser target collecting the participant identifiers of Peppol business cards."""

    def __init__(self):
        self.values = []

    def start(self, tag, attrib):
        if tag in PARTICIPANT_TAGS and attrib.get("scheme", _PEPPOL_PARTICIPANT) == _PEPPOL_PARTICIPANT:
            self.values.append(attrib.get("value", "").strip().lower())

    def doctype(self, *_args):
        # Raised through the parser's feed(): no entity of a DTD is ever declared.
        raise RegistryError(_lt("refused an XML answer with a document type declaration"))

    def close(self):
        return None


def _split_lines(chunks, url):
    """Lines of the decoded text; a line longer than MAX_CSV_LINE is an error, not a longer wait."""
    pending = ""
    for chunk in chunks:
        pending += chunk
        *lines, pending = pending.split("\n")
        yield from lines
        if len(pending) > MAX_CSV_LINE or (lines and max(map(len, lines)) > MAX_CSV_LINE):
            raise RegistryError(
                _lt("Peppol Directory %(url)s: a CSV line longer than %(limit)s characters"),
                url=url,
                limit=MAX_CSV_LINE,
            )
    if pending:
        yield pending
