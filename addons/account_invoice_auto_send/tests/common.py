"""The test case the automatic sending tests share (also those of its glue add-ons)."""

from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import MockEmail


class AutoSendCase(AccountTestInvoicingCommon, MockEmail):
    """A company sending immediately, a customer on automatic sending, its salesperson."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write({"email": "billing@company.example.com", "invoice_auto_send_interval": "immediately"})
        cls.salesperson = cls._create_new_internal_user(
            login="seller", name="Sara Seller", email="sara.seller@company.example.com"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Auto Customer", "email": "ap@customer.example.com", "lang": "en_US"}
        )
        cls.customer.with_company(cls.company).invoice_auto_send = True
        cls.cron_env = cls.env["account.move"].sudo()  # the cron runs as superuser

    def setUp(self):
        super().setUp()
        # The test cursor cannot commit. Odoo's sender says so itself only while
        # odoo.modules.module.current_test is set, which post_install tests here run without.
        patcher = patch.object(AccountMoveSend, "_can_commit", lambda self: False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _invoice(self, partner=None, post=True, **values):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": (partner or self.customer).id,
                "invoice_user_id": self.salesperson.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"name": "Consulting", "quantity": 2, "price_unit": 150.0})],
                **values,
            }
        )
        if post:
            move.action_post()
        return move

    def _run_cron(self):
        with self.mock_mail_gateway():
            self.cron_env._cron_auto_send()
        return self._mails

    def _sending_messages(self, move):
        return move.message_ids.filtered(lambda m: m.message_type == "comment")
