from odoo import fields
from odoo.addons.account_invoice_auto_send.tests.common import AutoSendCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestAutoSendByPeppol(AutoSendCase):
    def test_e_invoice_errors_keep_the_invoice_scheduled(self):
        """By Peppol, an incomplete customer (no country, no taxes): Odoo's sender reports the errors."""
        self.customer.with_company(self.company).invoice_sending_method = "peppol"
        move = self._invoice()
        self._run_cron()
        self.assertEqual(move.auto_send_state, "error")
        self.assertIn("EDI", move.auto_send_error)
        self.assertGreater(move.auto_send_due, fields.Datetime.now())
        self.assertFalse(self._run_cron(), "not retried in the same run")
