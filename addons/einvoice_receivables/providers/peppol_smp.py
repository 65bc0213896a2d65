"""Peppol participant look-up: SML (DNS) to find the SMP, then the SMP service group.

SML look-up as in the Peppol SML specification 1.2.0 / Policy for use of
identifiers 4.x: the new U-NAPTR scheme first, the older CNAME scheme second.
"""

import base64
import hashlib
import re
from urllib.parse import quote, unquote

import dns.exception
import dns.resolver

from .base import RegistryError, RegistryProvider

PARTICIPANT_SCHEME = "iso6523-actorid-upis"
SML_ZONES = {
    "production": "edelivery.tech.ec.europa.eu",
    "test": "acc.edelivery.tech.ec.europa.eu",
}
# Peppol BIS Billing 3.0 invoice and credit note: a recipient must take at least one of them.
BILLING_DOCUMENT_TYPES = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1",
    "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1",
)
_IDENTIFIER = re.compile(r"^\d{4}:[^\s:]{1,50}$")
_NAPTR_REGEXP = re.compile(r"^!\^\.\*\$!(?P<url>[^!]+)!$")


def valid_identifier(identifier):
    return bool(_IDENTIFIER.match(identifier or ""))


def naptr_hostname(identifier, zone):
    """U-NAPTR name: base32(sha256(lower-cased identifier)) without padding, under scheme and zone."""
    digest = hashlib.sha256(identifier.lower().encode()).digest()
    label = base64.b32encode(digest).decode().rstrip("=").lower()
    return f"{label}.{PARTICIPANT_SCHEME}.{zone}"


def cname_hostname(identifier, zone):
    """Old SML name: 'B-' + md5 hex of the lower-cased identifier."""
    return f"B-{hashlib.md5(identifier.lower().encode()).hexdigest()}.{PARTICIPANT_SCHEME}.{zone}"


class PeppolSmpProvider(RegistryProvider):
    supports_lookup = True

    def accepts(self, identifier):
        return valid_identifier(identifier)

    def lookup(self, identifiers):
        return {identifier: self._is_billing_recipient(identifier) for identifier in identifiers}

    # -- SML -------------------------------------------------------------------

    def zone(self):
        return SML_ZONES.get(self.settings.sml_zone, self.settings.sml_zone)

    def locate_smp(self, identifier):
        """The SMP base URL for an identifier, or None when the SML does not know it."""
        if self.settings.smp_url:
            return self.settings.smp_url.rstrip("/")
        resolver = self._resolver()
        url = self._naptr_smp_url(resolver, naptr_hostname(identifier, self.zone()))
        if url is None:
            url = self._cname_smp_url(resolver, cname_hostname(identifier, self.zone()))
        return url

    def _resolver(self):
        if not self.settings.dns_nameserver:
            resolver = dns.resolver.Resolver()
        else:
            resolver = dns.resolver.Resolver(configure=False)
            host, _sep, port = self.settings.dns_nameserver.partition(":")
            resolver.nameservers = [host]
            resolver.port = int(port or 53)
        resolver.lifetime = self.settings.timeout
        resolver.timeout = self.settings.timeout
        return resolver

    def _query(self, resolver, name, rdtype):
        try:
            return resolver.resolve(name, rdtype)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer):
            return None
        except dns.exception.Timeout as exc:
            raise RegistryError(
                f"SML {self.zone()}: DNS server did not answer within {self.settings.timeout:g} s"
            ) from exc
        except dns.exception.DNSException as exc:
            raise RegistryError(f"SML {self.zone()}: DNS look-up of {name} failed ({exc})") from exc

    def _naptr_smp_url(self, resolver, name):
        answer = self._query(resolver, name, "NAPTR")
        records = sorted(answer or [], key=lambda record: (record.order, record.preference))
        for record in records:
            if record.flags.decode().upper() == "U" and record.service.decode() == "Meta:SMP":
                match = _NAPTR_REGEXP.match(record.regexp.decode())
                if match:
                    return match["url"].rstrip("/")
        return None

    def _cname_smp_url(self, resolver, name):
        answer = self._query(resolver, name, "CNAME")
        if not answer:
            return None
        # The SMP answers on the host the SML name points to; resolving the alias here
        # keeps private zones (served by the configured name server) usable over HTTP.
        return f"http://{answer[0].target.to_text(omit_final_dot=True)}"

    # -- SMP -------------------------------------------------------------------

    def _is_billing_recipient(self, identifier):
        if not valid_identifier(identifier):
            raise RegistryError(f"invalid Peppol participant identifier {identifier!r}")
        smp_url = self.locate_smp(identifier)
        if not smp_url:
            return False
        service_group_url = f"{smp_url}/{quote(f'{PARTICIPANT_SCHEME}::{identifier}', safe='')}"
        response = self._request("GET", service_group_url, stream=True)
        if response.status_code == 404:
            response.close()
            return False
        if response.status_code != 200:
            response.close()
            raise RegistryError(f"SMP {service_group_url}: HTTP {response.status_code}")
        service_group = self._read_xml(response)
        return self._has_billing_document_type(service_group, identifier)

    def _has_billing_document_type(self, service_group, identifier):
        participant = (service_group.findtext("{*}ParticipantIdentifier") or "").strip().lower()
        if participant != identifier.lower():
            return False
        for reference in service_group.iterfind("{*}ServiceMetadataReferenceCollection/{*}ServiceMetadataReference"):
            href = unquote_all(reference.get("href", ""))
            if any(document_type in href for document_type in BILLING_DOCUMENT_TYPES):
                return True
        return False


def unquote_all(href):
    # SMPs encode the document type once or twice in the reference URL.
    return unquote(unquote(href))
