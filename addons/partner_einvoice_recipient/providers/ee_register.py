"""Estonian e-invoice recipient register: Business Register X-Road service
`arireg.earveRegistriParing_v1` (registry codes in; per code status OK = has an
active e-invoice operator relationship, MR = none / unknown code; operator out).
"""

import re

from lxml import etree

from .base import RegistryProvider
from .errors import RegistryError, _lt

EE_SCHEME = "0191"
PRODUCER_NS = "http://arireg.x-road.eu/producer/"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
_REGISTRY_CODE = re.compile(r"^\d{8}$")
# The service answers at most this many codes per page; we never ask for more at once.
BATCH_SIZE = 100


class EstonianRegisterProvider(RegistryProvider):
    # Estonian e-invoice operators' network (roaming between operators), not Peppol.
    default_network = "E-arve (Estonia)"
    supports_lookup = True
    supports_bulk = True

    def accepts(self, identifier):
        scheme, _sep, code = identifier.partition(":")
        return scheme == EE_SCHEME and bool(_REGISTRY_CODE.match(code))

    def lookup(self, identifiers):
        found = set(self._query(identifiers))
        return {identifier: identifier in found for identifier in identifiers}

    def iter_recipients(self, candidates):
        """The register cannot list everyone: ask for our own Estonian customers, a page at a time."""
        codes = sorted(identifier for identifier in candidates if self.accepts(identifier))
        for start in range(0, len(codes), BATCH_SIZE):
            yield from self._query(codes[start : start + BATCH_SIZE])

    def _query(self, identifiers):
        """Identifiers among `identifiers` the register reports with status OK."""
        invalid = [identifier for identifier in identifiers if not self.accepts(identifier)]
        if invalid:
            raise RegistryError(_lt("invalid Estonian registry code(s): %(codes)s"), codes=", ".join(invalid))
        codes = [identifier.partition(":")[2] for identifier in identifiers]
        with self._request(
            "POST",
            self.settings.url,
            data=self._envelope(codes),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'},
        ) as response:
            if response.status_code != 200:
                fault = self._fault(response)
                raise RegistryError(
                    _lt("Estonian e-invoice register: HTTP %(status)s%(fault)s"),
                    status=response.status_code,
                    fault=fault,
                )
            answer = self._read_xml(response)
        return [
            f"{EE_SCHEME}:{client.findtext('{*}registrikood', '').strip()}"
            for client in answer.iterfind(".//{*}kliendid/{*}klient")
            if client.findtext("{*}staatus", "").strip() == "OK"
        ]

    def _envelope(self, codes):
        envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"soapenv": SOAP_NS, "prod": PRODUCER_NS})
        etree.SubElement(envelope, f"{{{SOAP_NS}}}Header")
        request = etree.SubElement(
            etree.SubElement(envelope, f"{{{SOAP_NS}}}Body"), f"{{{PRODUCER_NS}}}earveRegistriParing_v1"
        )
        body = etree.SubElement(request, f"{{{PRODUCER_NS}}}keha")
        etree.SubElement(body, f"{{{PRODUCER_NS}}}tagasta_nimed").text = "FALSE"
        etree.SubElement(body, f"{{{PRODUCER_NS}}}tulemuste_lk").text = "1"
        codes_element = etree.SubElement(body, f"{{{PRODUCER_NS}}}registrikoodid")
        for code in codes:
            etree.SubElement(codes_element, f"{{{PRODUCER_NS}}}registrikood").text = code
        return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")

    def _fault(self, response):
        try:
            fault = self._read_xml(response).findtext(".//faultstring")
        except RegistryError:
            return ""
        return f" ({fault.strip()})" if fault else ""
