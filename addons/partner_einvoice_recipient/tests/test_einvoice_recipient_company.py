from odoo.tests import tagged
from odoo.tools.convert import convert_file

from .common import EinvoiceRegistryCase
from .registry_servers import INVOICE_DOCTYPE, SmpServer


@tagged("post_install", "-at_install")
class TestStatusPerCompany(EinvoiceRegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Second company", "einvoice_recipient_check": True})

    def test_two_companies_keep_their_own_status_of_a_shared_contact(self):
        partner = self.Partner.with_context(einvoice_sync=True).create(
            {"name": "Shared", "is_company": True, "peppol_eas": "0088", "peppol_endpoint": "shared"}
        )
        with SmpServer({"0088:shared": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url, company_id=self.other_company.id)
            self.Registry._update_recipients(self.other_company)
        self.assertEqual(partner.with_company(self.other_company).einvoice_recipient_state, "recipient")
        self.assertEqual(partner.with_company(self.company).einvoice_recipient_state, "unknown")
        self.assertFalse(partner.with_company(self.company).einvoice_network)
        unknown = self.Partner.with_company(self.company).search([("einvoice_recipient_state", "=", "unknown")])
        self.assertIn(partner, unknown, "a company that never asked finds the contact among the unknown")

    def test_an_edit_marks_the_contact_to_check_for_the_other_companies(self):
        with SmpServer({"0088:edited": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            partner = self.peppol_partner("edited")
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertTrue(partner.with_company(self.other_company).einvoice_needs_check)


@tagged("post_install", "-at_install")
class TestOdooPeppolFields(EinvoiceRegistryCase):
    """A registry's answer fills Odoo's own Peppol fields, so that Odoo's sender follows it."""

    def norwegian(self, **values):
        return self.Partner.create(
            {
                "name": "Norsk Kunde AS",
                "is_company": True,
                "country_id": self.env.ref("base.no").id,
                "company_registry": "987654321",
                **values,
            }
        )

    def test_found_by_registry_number_gets_the_peppol_address_and_verification(self):
        with SmpServer({"0192:987654321": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            partner = self.norwegian(invoice_sending_method="email")
        self.assertRecordValues(
            partner,
            [
                {
                    "einvoice_recipient_state": "recipient",
                    "peppol_eas": "0192",
                    "peppol_endpoint": "987654321",
                    "peppol_verification_state": "valid",
                    "invoice_sending_method": "email",
                }
            ],
        )
        self.assertEqual(len(smp.requests), 1, "Odoo's own check did not ask again")
        body = partner.message_ids[0].body
        self.assertIn("Peppol address set: 0192:987654321", body)
        self.assertIn("Valid", body)

    def test_company_setting_switches_recipients_to_sending_by_peppol(self):
        self.company.einvoice_set_sending_method = True
        with SmpServer({"0192:987654321": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            partner = self.norwegian(invoice_sending_method="email")
        self.assertEqual(partner.invoice_sending_method, "peppol")
        self.assertIn("by Peppol", partner.message_ids[0].body)

    def test_editing_the_peppol_address_asks_the_smp_once(self):
        partner = self.Partner.create(
            {
                "name": "Belgian customer",
                "is_company": True,
                "country_id": self.env.ref("base.be").id,
                "invoice_edi_format": "ubl_bis3",
            }
        )
        with SmpServer({"0208:0477472701": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            partner.write({"peppol_eas": "0208", "peppol_endpoint": "0477472701"})
        self.assertEqual(smp.requests, ["/iso6523-actorid-upis%3A%3A0208%3A0477472701"])
        self.assertEqual(partner.peppol_verification_state, "valid", "Odoo's check answered by the registry")
        self.assertEqual(partner.einvoice_recipient_state, "recipient")


@tagged("post_install", "-at_install")
class TestRecipientDemoData(EinvoiceRegistryCase):
    def test_demo_data_shows_each_status_and_a_test_network_registry(self):
        convert_file(
            self.env, "partner_einvoice_recipient", "demo/einvoice_recipient_demo.xml", {}, mode="init", kind="demo"
        )
        registry = self.env.ref("partner_einvoice_recipient.demo_registry_peppol_test")
        self.assertEqual((registry.sml_zone, registry.network), ("test", "Peppol"))
        partners = self.Partner.search(
            [("name", "in", ["Hansen Byg ApS", "Müller Gartenbau GmbH", "Eesti Puit OÜ", "Riga Logistics SIA"])]
        )
        self.assertEqual(set(partners.mapped("einvoice_recipient_state")), {"recipient", "not_recipient", "unknown"})
        self.assertTrue(partners.filtered("einvoice_needs_check"))
