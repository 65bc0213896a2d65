"""A tiny UDP DNS server on 127.0.0.1 answering SOA / NAPTR / CNAME / A records from a dict, with the
zone's SOA in the authority section of negative answers, as real name servers do (the SML's DNS)."""

import socket
import threading

import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset


class DnsStub:
    """Answers {(name, type): [rdata text]} over UDP.

    A zone is a name with an SOA record: a name under it that is not in `records` gets NXDOMAIN
    with the zone's SOA in the authority section (a known name without the asked type: an empty
    answer with the SOA). A name under no zone gets a bare NXDOMAIN.
    """

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

    def queries_of(self, rdtype):
        return [name for name, asked in self.queries if asked == rdtype]

    def _zone_of(self, name):
        zones = [
            known for known, rdtype in self.records if rdtype == "SOA" and (name == known or name.endswith("." + known))
        ]
        return max(zones, key=len, default=None)

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
            else:
                zone = self._zone_of(name)
                if not any(known == name for known, _type in self.records):
                    response.set_rcode(dns.rcode.NXDOMAIN)
                if zone:
                    soa = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.SOA, self.records[(zone, "SOA")][0])
                    response.authority.append(dns.rrset.from_rdata_list(dns.name.from_text(zone), 60, [soa]))
            self.sock.sendto(response.to_wire(), address)


def soa_record(zone):
    return f"ns1.{zone}. hostmaster.{zone}. 2026120101 3600 600 86400 60"


def naptr_record(smp_url):
    return f'100 10 "U" "Meta:SMP" "!^.*$!{smp_url}!" .'
