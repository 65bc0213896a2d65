from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged

from .registry_servers import DnsStub
from .test_einvoice_recipient_lookup import LOGGER, EinvoiceRegistryCase


@tagged("post_install", "-at_install")
class TestRegistryMessagesInTheCompanysLanguage(EinvoiceRegistryCase):
    """The scheduled update writes a registry's failure in the language the company's users work in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lv_LV")
        cls.env["ir.module.module"]._load_module_terms(["einvoice_receivables"], ["lv_LV"], overwrite=True)
        users = cls.env["res.users"].search([("company_ids", "in", cls.company.id), ("share", "=", False)])
        users.write({"lang": "lv_LV"})

    def test_a_missing_sml_zone_reads_in_latvian_in_a_latvian_company(self):
        with DnsStub({}) as dns_stub:  # nothing under the zone
            registry = self.smp_registry(sml_zone="production", dns_nameserver=dns_stub.nameserver)
            with self.assertLogs(LOGGER, "ERROR"):
                self.Registry.with_context(lang="en_US")._cron_update_recipients()
        self.assertEqual(registry.last_sync_state, "error")
        self.assertEqual(
            registry.last_sync_message,
            "SML zona nav atrasta: participant.sml.prod.tech.peppol.org: pārbaudiet zonas nosaukumu un DNS serveri",
        )
        self.assertIn("SML zona nav atrasta", self.company.einvoice_last_summary)


@tagged("post_install", "-at_install")
class TestAutoSendErrorsInTheSalespersonsLanguage(AccountTestInvoicingCommon):
    """Automatic sending writes why an invoice did not go out in its salesperson's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(["account", "einvoice_receivables"], ["de_DE"], overwrite=True)
        cls.company = cls.company_data["company"]
        cls.salesperson = cls._create_new_internal_user(login="verkauf", name="Vera Verkauf")
        cls.salesperson.lang = "de_DE"
        cls.customer = cls.env["res.partner"].create({"name": "Kunde", "email": "ap@kunde.example.com"})

    def setUp(self):
        super().setUp()
        # The test cursor cannot commit (see TestAutoSend).
        patcher = patch.object(AccountMoveSend, "_can_commit", lambda self: False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _draft_due_today(self, **values):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "invoice_user_id": self.salesperson.id,
                "send_date": fields.Date.today(),
                **values,
            }
        )

    def _run_cron(self):
        # The scheduled action runs as the superuser, in English.
        self.env["account.move"].sudo().with_context(lang="en_US")._cron_einvoice_auto_send()

    def test_an_invoice_without_customer_says_so_in_german(self):
        move = self._draft_due_today(
            invoice_line_ids=[Command.create({"name": "Wartung", "quantity": 1, "price_unit": 100.0})]
        )
        self._run_cron()
        self.assertEqual(move.auto_send_state, "error")
        self.assertEqual(
            move.auto_send_error, "Die Rechnung hat keinen Kunden: Legen Sie den Kunden fest, um sie zu versenden."
        )
        self.assertIn("Automatischer Versand fehlgeschlagen", move.message_ids[0].body)

    def test_an_invoice_that_cannot_be_posted_says_why_in_german(self):
        move = self._draft_due_today(partner_id=self.customer.id)  # no line: Odoo refuses to post it
        self._run_cron()
        self.assertEqual(move.state, "draft")
        self.assertEqual(
            move.auto_send_error,
            "Die Rechnung konnte nicht gebucht werden: Sie müssen vor der Buchung eine Zeile hinzufügen.",
        )
