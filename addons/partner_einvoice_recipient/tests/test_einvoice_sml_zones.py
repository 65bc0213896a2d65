from odoo.tests import tagged

from ..providers import PeppolSmpProvider, RegistrySettings
from ..providers.peppol_smp import SML_ZONES, cname_hostname, naptr_hostname
from .common import LOGGER, EinvoiceRegistryCase, zone_records
from .dns_stub import DnsStub, soa_record
from .registry_servers import INVOICE_DOCTYPE, SmpServer, TestAuthority

PRODUCTION = "participant.sml.prod.tech.peppol.org"
EC_PRODUCTION = "edelivery.tech.ec.europa.eu"


@tagged("post_install", "-at_install")
class TestOpenPeppolZones(EinvoiceRegistryCase):
    """Look-ups on today's Peppol network: OpenPeppol's SML, U-NAPTR only, HTTPS SMPs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.authority = TestAuthority()

    def test_production_registry_finds_participant_under_openpeppol_zone(self):
        self.assertEqual(SML_ZONES["production"], PRODUCTION)
        with SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}, authority=self.authority) as smp:
            self.assertTrue(smp.url.startswith("https://"))
            with DnsStub(zone_records(PRODUCTION, {"0088:123abc": smp.url})) as dns_stub:
                self.smp_registry(
                    sml_zone="production", dns_nameserver=dns_stub.nameserver, smp_ca_bundle=self.authority.ca_pem
                )
                partner = self.peppol_partner("123abc")
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(dns_stub.queries, [(naptr_hostname("0088:123abc", PRODUCTION), "NAPTR")])
        self.assertEqual(len(smp.requests), 1)

    def test_https_certificate_of_an_unknown_authority_is_refused(self):
        with (
            SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}, authority=self.authority) as smp,
            DnsStub(zone_records(PRODUCTION, {"0088:123abc": smp.url})) as dns_stub,
        ):
            self.smp_registry(sml_zone="production", dns_nameserver=dns_stub.nameserver)
            with self.assertLogs(LOGGER, "WARNING") as logs:
                partner = self.peppol_partner("123abc")
        self.assertIn("CERTIFICATE_VERIFY_FAILED", logs.output[0])
        self.assertEqual(partner.einvoice_recipient_state, "unknown")
        self.assertTrue(partner.einvoice_needs_check)
        self.assertEqual(smp.requests, [], "no answer is read over an unverified connection")

    def test_not_found_participant_costs_one_dns_query(self):
        with DnsStub(zone_records(PRODUCTION, {})) as dns_stub:
            provider = PeppolSmpProvider(
                RegistrySettings(sml_zone="production", dns_nameserver=dns_stub.nameserver, timeout=2)
            )
            self.assertEqual(provider.lookup(["0088:nobody"]), {"0088:nobody": False})
            self.assertEqual(dns_stub.queries, [(naptr_hostname("0088:nobody", PRODUCTION), "NAPTR")])
            # Also through a contact's save: one query, then "not a recipient".
            dns_stub.queries.clear()
            self.smp_registry(sml_zone="production", dns_nameserver=dns_stub.nameserver)
            partner = self.peppol_partner("nobody")
        self.assertEqual(len(dns_stub.queries), 1)
        self.assertEqual(partner.einvoice_recipient_state, "not_recipient")

    def test_no_cname_look_up_on_the_peppol_network(self):
        old_name = cname_hostname("0088:123abc", PRODUCTION).lower()
        records = {**zone_records(PRODUCTION, {}), (old_name, "CNAME"): ["smp.example.test."]}
        with DnsStub(records) as dns_stub:
            provider = PeppolSmpProvider(
                RegistrySettings(
                    sml_zone="production", dns_nameserver=dns_stub.nameserver, cname_fallback=True, timeout=2
                )
            )
            self.assertIsNone(provider.locate_smp("0088:123abc"))
        self.assertEqual(dns_stub.queries_of("CNAME"), [])

    def test_cname_opt_in_for_a_private_zone_reaches_the_smp_named_by_our_dns_server(self):
        zone = "sml.private-network.test"
        old_name = cname_hostname("0088:123abc", zone).lower()
        records = {
            (zone, "SOA"): [soa_record(zone)],
            (old_name, "CNAME"): ["smp.private-network.test."],
            # Known only to this name server: the machine's resolver cannot find it.
            ("smp.private-network.test", "A"): ["127.0.0.1"],
        }
        # The older scheme names a host, not a port: its SMP answers on port 80.
        with SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}, port=80) as smp, DnsStub(records) as dns_stub:
            registry = self.smp_registry(sml_zone="custom", sml_custom_zone=zone, dns_nameserver=dns_stub.nameserver)
            partner = self.peppol_partner("123abc")
            self.assertEqual(partner.einvoice_recipient_state, "not_recipient", "CNAME scheme off by default")
            self.assertEqual(dns_stub.queries_of("CNAME"), [])

            registry.sml_cname_fallback = True
            partner.peppol_endpoint = "123ABC"
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(smp.hosts, ["smp.private-network.test"])
        self.assertEqual(dns_stub.queries_of("A"), ["smp.private-network.test"])

    def test_test_button_shows_the_zone_and_a_known_participant(self):
        zone = SML_ZONES["test"]
        with (
            SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}) as smp,
            DnsStub(zone_records(zone, {"0088:123abc": smp.url})) as dns_stub,
        ):
            registry = self.smp_registry(dns_nameserver=dns_stub.nameserver, test_identifier="0088:123abc")
            action = registry.action_test()
        message = action["params"]["message"]
        self.assertIn(f"SOA {zone}: ns1.{zone}, serial 2026120101", message)
        self.assertIn(f"SML 0088:123abc: {smp.url}", message)
        self.assertIn("SMP 0088:123abc: recipient", message)
        self.assertEqual(registry.last_test_message, message)


@tagged("post_install", "-at_install")
class TestMissingSmlZone(EinvoiceRegistryCase):
    """A zone that does not answer is a registry error, never "nobody is a recipient"."""

    def test_zone_without_soa_changes_no_status_and_is_asked_once(self):
        partners = self.Partner.with_context(einvoice_sync=True).create(
            [
                {"name": f"Peppol {n}", "is_company": True, "peppol_eas": "0088", "peppol_endpoint": f"known{n}"}
                for n in range(1000)
            ]
        )
        partners.sudo().write(
            {"einvoice_recipient_state": "recipient", "einvoice_network": "Peppol", "einvoice_needs_check": True}
        )
        self.company.einvoice_lookup_limit = 1000
        with DnsStub({}) as dns_stub:  # like the internet today: nothing under the zone
            registry = self.smp_registry(sml_zone="production", dns_nameserver=dns_stub.nameserver)
            with self.assertLogs(LOGGER, "ERROR") as logs:
                summary = self.Registry._update_recipients(self.company)
        self.assertEqual(dns_stub.queries, [(PRODUCTION, "SOA")])
        self.assertEqual(len(logs.output), 1)
        self.assertEqual(set(partners.mapped("einvoice_recipient_state")), {"recipient"})
        self.assertEqual(set(partners.mapped("einvoice_needs_check")), {True}, "still to check")
        self.assertEqual(summary["not_recipient"] + summary["recipient"] + summary["lookups"], 0)
        self.assertEqual(registry.last_sync_state, "error")
        self.assertIn(f"SML zone not found: {PRODUCTION}", registry.last_sync_message)
        self.assertEqual(len(summary["failed"]), 1)

    def test_retired_ec_zone_names_the_zone_that_replaced_it(self):
        # The parent zone answers for the retired one: its SOA in the authority section tells.
        with DnsStub({("europa.eu", "SOA"): [soa_record("europa.eu")]}) as dns_stub:
            registry = self.smp_registry(
                sml_zone="custom", sml_custom_zone=EC_PRODUCTION, dns_nameserver=dns_stub.nameserver
            )
            with self.assertLogs(LOGGER, "WARNING"):
                partner = self.peppol_partner("123abc")
        self.assertEqual(len(dns_stub.queries), 1, "the negative answer itself shows the zone is gone")
        self.assertEqual(partner.einvoice_recipient_state, "unknown")
        self.assertTrue(partner.einvoice_needs_check)
        self.assertEqual(registry.last_sync_state, "error")
        self.assertEqual(
            registry.last_sync_message, f"SML zone not found: {EC_PRODUCTION}: this network moved to {PRODUCTION}"
        )

    def test_dns_server_down_is_one_registry_error(self):
        with DnsStub() as dns_stub:
            nameserver = dns_stub.nameserver
        self.Partner.with_context(einvoice_sync=True).create(
            [{"name": f"C{n}", "peppol_eas": "0088", "peppol_endpoint": f"c{n}"} for n in range(3)]
        )
        registry = self.smp_registry(dns_nameserver=nameserver, timeout=0.5)
        with self.assertLogs(LOGGER, "ERROR") as logs:
            summary = self.Registry._update_recipients(self.company)
        self.assertEqual(len(logs.output), 1)
        self.assertEqual(summary["lookups"], 0)
        self.assertIn("did not answer", registry.last_sync_message)
