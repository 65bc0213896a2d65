from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestAutoSendErrorsInTheSalespersonsLanguage(AccountTestInvoicingCommon):
    """Automatic sending writes why an invoice did not go out in its salesperson's language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(
            ["account", "account_invoice_auto_send"], ["de_DE"], overwrite=True
        )
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
        self.env["account.move"].sudo().with_context(lang="en_US")._cron_auto_send()

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
