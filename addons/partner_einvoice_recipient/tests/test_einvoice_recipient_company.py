import importlib.util
from pathlib import Path

from odoo.tests import tagged
from odoo.tools.convert import convert_file

from .common import EinvoiceRegistryCase
from .registry_servers import INVOICE_DOCTYPE, SmpServer

PRE_MIGRATION = Path(__file__).parent.parent / "migrations" / "18.0.1.1.0" / "pre-migrate.py"


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

    def test_upgrade_gives_every_company_the_status_it_had(self):
        partner = self.peppol_partner("legacy")
        self.env.flush_all()
        cr = self.env.cr
        # The columns as they were before the status became company-dependent (rolled back with the test).
        for column, sql_type in (
            ("einvoice_recipient_state", "varchar"),
            ("einvoice_network", "varchar"),
            ("einvoice_identifier", "varchar"),
            ("einvoice_checked_at", "timestamp"),
            ("einvoice_needs_check", "boolean"),
        ):
            cr.execute(f"ALTER TABLE res_partner DROP COLUMN {column}")
            cr.execute(f"ALTER TABLE res_partner ADD COLUMN {column} {sql_type}")
        cr.execute(
            """UPDATE res_partner SET einvoice_recipient_state = 'recipient', einvoice_network = 'Peppol',
                      einvoice_identifier = '0088:legacy', einvoice_checked_at = '2026-11-30 10:00:00',
                      einvoice_needs_check = false
                WHERE id = %s""",
            (partner.id,),
        )
        spec = importlib.util.spec_from_file_location("einvoice_pre_migrate", PRE_MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        for company in (self.company, self.other_company):
            self.assertRecordValues(
                partner.with_company(company),
                [
                    {
                        "einvoice_recipient_state": "recipient",
                        "einvoice_network": "Peppol",
                        "einvoice_identifier": "0088:legacy",
                        "einvoice_needs_check": False,
                    }
                ],
            )
            self.assertEqual(str(partner.with_company(company).einvoice_checked_at), "2026-11-30 10:00:00")


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
