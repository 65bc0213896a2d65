"""Peppol participant look-up: SML (DNS) to find the SMP, then the SMP service group.

The SML is OpenPeppol's (`participant.sml.prod.tech.peppol.org`, test
`participant.sml.test.tech.peppol.org`); the European Commission's zones stopped
answering on 2026-08-31. On the Peppol networks the SML publishes U-NAPTR
records only (Peppol SML specification, "CNAME to NAPTR Migration Process"), so a
participant costs one DNS query. The older `B-<md5>` CNAME scheme is kept only as
an opt-in for the custom zone of a private network.
"""

import base64
import hashlib
import re
from urllib.parse import quote, unquote

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver

from .base import RegistryProvider
from .errors import RegistryError, RegistryUnavailable, _lt

PARTICIPANT_SCHEME = "iso6523-actorid-upis"
SML_ZONES = {
    "production": "participant.sml.prod.tech.peppol.org",
    "test": "participant.sml.test.tech.peppol.org",
}
# The European Commission's zones and the OpenPeppol zone that replaced each.
RETIRED_ZONES = {
    "edelivery.tech.ec.europa.eu": "production",
    "acc.edelivery.tech.ec.europa.eu": "test",
}
# A service group lists a participant's document types: a few KB. More is not an SMP answer.
SERVICE_GROUP_MAX_BYTES = 1024 * 1024
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


def zone_missing(zone):
    moved = RETIRED_ZONES.get(zone)
    if moved:
        return RegistryUnavailable(
            _lt("SML zone not found: %(zone)s: this network moved to %(new_zone)s"),
            zone=zone,
            new_zone=SML_ZONES[moved],
        )
    return RegistryUnavailable(_lt("SML zone not found: %(zone)s: check the zone name and the DNS server"), zone=zone)


class PeppolSmpProvider(RegistryProvider):
    default_network = "Peppol"
    peppol = True
    supports_lookup = True

    def __init__(self, settings):
        super().__init__(settings)
        self._zone_checked = False

    def accepts(self, identifier):
        return valid_identifier(identifier)

    def lookup(self, identifiers):
        return {identifier: self._is_billing_recipient(identifier) for identifier in identifiers}

    # -- SML -------------------------------------------------------------------

    def zone(self):
        return SML_ZONES.get(self.settings.sml_zone, self.settings.sml_zone).strip().rstrip(".").lower()

    def on_peppol_network(self):
        return self.settings.sml_zone in SML_ZONES

    def check_available(self):
        """The zone has an SOA at its apex, else every answer under it would wrongly say 'not registered'."""
        if self.settings.smp_url or self._zone_checked:
            return
        self._soa()
        self._zone_checked = True

    def _soa(self):
        zone = self.zone()
        try:
            answer = self._resolver().resolve(zone, "SOA")
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer) as exc:
            raise zone_missing(zone) from exc
        except dns.exception.DNSException as exc:
            raise self._dns_failure(zone, exc) from exc
        if answer.rrset.name != dns.name.from_text(zone):
            raise zone_missing(zone)
        return answer[0]

    def locate_smp(self, identifier):
        """(SMP base URL, Host header or None) for an identifier, or None when the SML does not know it."""
        if self.settings.smp_url:
            return self.settings.smp_url.rstrip("/"), None
        resolver = self._resolver()
        url = self._naptr_smp_url(resolver, naptr_hostname(identifier, self.zone()))
        if url:
            return url, None
        if self.settings.cname_fallback and not self.on_peppol_network():
            return self._cname_smp_url(resolver, cname_hostname(identifier, self.zone()))
        return None

    def _resolver(self):
        if not self.settings.dns_nameserver:
            resolver = dns.resolver.Resolver()
        else:
            resolver = dns.resolver.Resolver(configure=False)
            host, _sep, port = self.settings.dns_nameserver.strip().partition(":")
            resolver.nameservers = [host]
            resolver.port = int(port or 53)
        resolver.lifetime = resolver.timeout = self._remaining()
        return resolver

    def _query(self, resolver, name, rdtype):
        """The answer, or None for a name (or record type) the zone does not have."""
        try:
            answer = resolver.resolve(name, rdtype, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN as exc:
            self._check_negative_answer(exc.responses().values())
            return None
        except dns.exception.DNSException as exc:
            raise self._dns_failure(name, exc) from exc
        if answer.rrset is None:
            self._check_negative_answer([answer.response])
            return None
        return answer

    def _check_negative_answer(self, responses):
        """A 'no such name' proves nothing unless it comes from the zone itself.

        The SOA in the answer's authority section names the zone that answered: ours (or a
        zone below it) means the participant is not registered; a parent zone means our zone
        does not exist. Without one, ask for the zone's SOA (once per provider).
        """
        zone = dns.name.from_text(self.zone())
        for response in responses:
            for rrset in response.authority:
                if rrset.rdtype == dns.rdatatype.SOA:
                    if rrset.name.is_subdomain(zone):
                        return
                    raise zone_missing(self.zone())
        self.check_available()

    def _dns_failure(self, name, exc):
        if isinstance(exc, dns.exception.Timeout):
            return RegistryUnavailable(
                _lt("SML %(zone)s: DNS server did not answer within %(seconds)s s"),
                zone=self.zone(),
                seconds=f"{self.settings.timeout:g}",
            )
        return RegistryUnavailable(
            _lt("SML %(zone)s: DNS look-up of %(name)s failed (%(error)s)"), zone=self.zone(), name=name, error=exc
        )

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
        """The SMP named by an old-scheme CNAME, reached at the address our DNS server gives for it.

        A private SMP's host name is known only to the configured name server, not to the
        machine's resolver: connect to the address found here and name the host in the request.
        """
        answer = self._query(resolver, name, "CNAME")
        if not answer:
            return None
        host = answer[0].target.to_text(omit_final_dot=True)
        addresses = self._query(resolver, host, "A")
        if not addresses:
            raise RegistryError(_lt("SML %(zone)s: the SMP host %(host)s has no address"), zone=self.zone(), host=host)
        return f"http://{addresses[0].address}", host

    # -- SMP -------------------------------------------------------------------

    def _is_billing_recipient(self, identifier):
        if not valid_identifier(identifier):
            raise RegistryError(_lt("invalid Peppol participant identifier %(identifier)r"), identifier=identifier)
        located = self.locate_smp(identifier)
        if not located:
            return False
        smp_url, host = located
        service_group_url = f"{smp_url}/{quote(f'{PARTICIPANT_SCHEME}::{identifier}', safe='')}"
        with self._request("GET", service_group_url, host_header=host) as answer:
            if answer.status_code == 404:
                return False
            if answer.status_code != 200:
                raise RegistryError(
                    _lt("SMP %(url)s: HTTP %(status)s"), url=service_group_url, status=answer.status_code
                )
            service_group = self._read_xml(answer, SERVICE_GROUP_MAX_BYTES)
        return self._has_billing_document_type(service_group, identifier, service_group_url)

    def _has_billing_document_type(self, service_group, identifier, url):
        participant = (service_group.findtext("{*}ParticipantIdentifier") or "").strip().lower()
        if participant != identifier.lower():
            # Not an answer about this participant: an error, never a "no".
            raise RegistryError(
                _lt("SMP %(url)s: the answer is not the service group of %(identifier)s"),
                url=url,
                identifier=identifier,
            )
        for reference in service_group.iterfind("{*}ServiceMetadataReferenceCollection/{*}ServiceMetadataReference"):
            href = unquote_all(reference.get("href", ""))
            if any(document_type in href for document_type in BILLING_DOCUMENT_TYPES):
                return True
        return False

    # -- Test button -------------------------------------------------------------

    def diagnose_service(self):
        if self.settings.smp_url:
            return [("SMP", self.settings.smp_url)]
        try:
            soa = self._soa()
        except RegistryError as exc:
            return [(f"SOA {self.zone()}", str(exc))]
        self._zone_checked = True
        return [(f"SOA {self.zone()}", f"{soa.mname.to_text(omit_final_dot=True)}, serial {soa.serial}")]

    def diagnose(self, identifier):
        lines = self.diagnose_service()
        if not self.settings.smp_url:
            if not self._zone_checked:
                return lines
            try:
                located = self.locate_smp(identifier)
            except RegistryError as exc:
                return [*lines, (f"SML {identifier}", str(exc))]
            lines.append((f"SML {identifier}", located[0] if located else "not registered"))
            if not located:
                return lines
        try:
            answer = "recipient" if self._is_billing_recipient(identifier) else "not a recipient"
        except RegistryError as exc:
            answer = str(exc)
        return [*lines, (f"SMP {identifier}", answer)]


def unquote_all(href):
    # SMPs encode the document type once or twice in the reference URL.
    return unquote(unquote(href))
