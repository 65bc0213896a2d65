from odoo.tests import tagged

from ..providers import PeppolSmpProvider, RegistryError, RegistrySettings
from ..providers.peppol_smp import SML_ZONES, naptr_hostname
from .common import LOGGER, EinvoiceRegistryCase
from .dns_stub import DnsStub, naptr_record, soa_record
from .registry_servers import CREDIT_NOTE_DOCTYPE, INVOICE_DOCTYPE, ORDER_DOCTYPE, SmpServer


@tagged("post_install", "-at_install")
class TestPeppolLookup(EinvoiceRegistryCase):
    def test_naptr_name_matches_peppol_test_vector(self):
        self.assertEqual(
            naptr_hostname("0088:123abc", "acc.edelivery.tech.ec.europa.eu"),
            "y7dzfxaf3d4cjz4kcgrxtec6twvcga4ky7zwa5boif6mswd4tdrq.iso6523-actorid-upis.acc.edelivery.tech.ec.europa.eu",
        )

    def test_contact_created_with_peppol_address_found_through_naptr(self):
        zone = SML_ZONES["test"]
        name = naptr_hostname("0088:123abc", zone)
        with SmpServer({"0088:123abc": [ORDER_DOCTYPE, INVOICE_DOCTYPE]}) as smp:
            records = {(zone, "SOA"): [soa_record(zone)], (name, "NAPTR"): [naptr_record(smp.url)]}
            with DnsStub(records) as dns_stub:
                self.smp_registry(dns_nameserver=dns_stub.nameserver)
                partner = self.peppol_partner("123abc")
        self.assertIn((name, "NAPTR"), dns_stub.queries)
        self.assertEqual(smp.requests, ["/iso6523-actorid-upis%3A%3A0088%3A123abc"])
        self.assertRecordValues(
            partner,
            [
                {
                    "einvoice_recipient_state": "recipient",
                    "einvoice_network": "Peppol",
                    "einvoice_identifier": "0088:123abc",
                }
            ],
        )
        self.assertTrue(partner.einvoice_checked_at)
        self.assertEqual(len(self.messages(partner)), 1, "the status change is logged in the chatter")

    def test_vat_edit_makes_contact_a_recipient_and_back(self):
        with SmpServer({"9925:be0477472701": [ORDER_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            partner = self.Partner.create(
                {"name": "Belgian customer", "is_company": True, "country_id": self.env.ref("base.be").id}
            )
            self.assertEqual(partner.einvoice_recipient_state, "unknown", "no identifier yet: nothing to ask")
            partner.vat = "BE0477472701"
            # Registered, but only for orders: not an invoice recipient.
            self.assertEqual(partner.einvoice_recipient_state, "not_recipient")
            smp.participants["9925:be0477472701"].append(CREDIT_NOTE_DOCTYPE)
            partner.write({"vat": "BE 0477.472.701"})
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(partner.einvoice_identifier, "9925:be0477472701")
        self.assertEqual(len(self.messages(partner)), 2)

    def test_unregistered_participant_is_not_a_recipient(self):
        with SmpServer({}) as smp:
            self.smp_registry(smp.url)
            partner = self.peppol_partner("nobody")
        self.assertEqual(partner.einvoice_recipient_state, "not_recipient")

    def test_setting_off_means_no_check(self):
        self.company.einvoice_recipient_check = False
        with SmpServer({"0088:123abc": None}) as smp:
            self.smp_registry(smp.url)
            partner = self.peppol_partner("123abc")
        self.assertEqual(smp.requests, [])
        self.assertEqual(partner.einvoice_recipient_state, "unknown")

    def test_mass_edit_is_left_to_the_next_sync(self):
        """An import or mass edit must not wait for one look-up per contact."""
        with SmpServer({}) as smp:
            self.smp_registry(smp.url)
            partners = self.Partner.with_context(einvoice_sync=True).create(
                [
                    {"name": f"Imported {n}", "is_company": True, "peppol_eas": "0088", "peppol_endpoint": f"imp{n}"}
                    for n in range(6)
                ]
            )
            partners = self.Partner.browse(partners.ids)  # without the sync context: a user's edit
            partners.write({"country_id": self.env.ref("base.nl").id})
        self.assertEqual(smp.requests, [])
        self.assertEqual(set(partners.mapped("einvoice_needs_check")), {True})

    def test_roaming_recipient_on_second_network_counts(self):
        with SmpServer({}) as peppol, SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}) as nemhandel:
            self.smp_registry(peppol.url)
            self.smp_registry(
                nemhandel.url,
                name="NemHandel",
                network="NemHandel",
                sml_zone="custom",
                sml_custom_zone="sml.example.dk",
            )
            partner = self.peppol_partner("123abc")
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(partner.einvoice_network, "NemHandel")


@tagged("post_install", "-at_install")
class TestLookupFaults(EinvoiceRegistryCase):
    """A failing registry never blocks the save: status kept, contact marked for the next sync."""

    def assert_kept_and_marked(self, partner, messages):
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertTrue(partner.einvoice_needs_check)
        self.assertEqual(self.messages(partner), messages, "no status change logged")

    def edit_with_fault(self, mode, **registry_values):
        with SmpServer({"0088:abc": [INVOICE_DOCTYPE]}) as smp:
            registry = self.smp_registry(smp.url, **registry_values)
            partner = self.peppol_partner("abc")
            messages = self.messages(partner)
            smp.mode = mode
            with self.assertLogs(LOGGER, "WARNING") as logs:
                partner.peppol_endpoint = "def"
        self.assert_kept_and_marked(partner, messages)
        return registry, logs.output[0]

    def test_http_500(self):
        _registry, log = self.edit_with_fault("500")
        self.assertIn("HTTP 500", log)

    def test_timeout(self):
        _registry, log = self.edit_with_fault("slow")
        self.assertIn("no answer within", log)

    def test_malformed_xml(self):
        _registry, log = self.edit_with_fault("malformed")
        self.assertIn("malformed XML", log)

    def test_entity_expansion_bomb(self):
        _registry, log = self.edit_with_fault("bomb")
        self.assertIn("document type declaration", log)

    def test_oversize_answer(self):
        _registry, log = self.edit_with_fault("huge", max_response_mb=1)
        self.assertIn("exceeds the limit", log)

    def test_unreachable(self):
        with SmpServer() as smp:
            closed_url = smp.url
        partner = self.peppol_partner("abc")
        partner.with_context(einvoice_sync=True).write({"einvoice_recipient_state": "recipient"})
        self.smp_registry(closed_url)
        with self.assertLogs(LOGGER, "WARNING") as logs:
            partner.peppol_endpoint = "def"
        self.assert_kept_and_marked(partner, self.messages(partner))
        self.assertIn("127.0.0.1", logs.output[0])

    def test_dns_server_down(self):
        with DnsStub() as dns_stub:
            nameserver = dns_stub.nameserver
        self.smp_registry(dns_nameserver=nameserver, timeout=0.5)
        partner = self.peppol_partner("abc")
        self.assertTrue(partner.einvoice_needs_check)
        self.assertEqual(partner.einvoice_recipient_state, "unknown")

    def test_invalid_identifier_is_refused(self):
        provider = PeppolSmpProvider(RegistrySettings(smp_url="http://127.0.0.1:9", timeout=1))
        with self.assertRaisesRegex(RegistryError, "invalid Peppol participant identifier"):
            provider.lookup(["0088:has space"])
        self.assertFalse(provider.accepts("88:abc"))

    def test_failed_contact_retried_by_next_sync(self):
        registry, _log = self.edit_with_fault("500")
        partner = self.Partner.search([("peppol_endpoint", "=", "def")])
        with SmpServer({"0088:def": [INVOICE_DOCTYPE]}) as smp:
            registry.smp_url = smp.url
            summary = self.Registry._update_recipients(self.company)
        self.assertGreaterEqual(summary["lookups"], 1)
        self.assertFalse(partner.einvoice_needs_check)
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(partner.einvoice_identifier, "0088:def")
