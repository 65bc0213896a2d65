import unittest

from odoo.tests import tagged

from .common import LATE_NOTE_REF, PeppolDemoCase


@tagged("post_install", "-at_install")
class TestUblValidationAutoSend(PeppolDemoCase):
    """Automatic sending by Peppol (account_invoice_auto_send_peppol), when it is installed too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        glue = cls.env["ir.module.module"].search([("name", "=", "account_invoice_auto_send_peppol")])
        if glue.state != "installed":
            raise unittest.SkipTest("automatic sending by Peppol (account_invoice_auto_send_peppol) is not installed")
        cls.company.invoice_auto_send_interval = "immediately"
        cls.customer.with_company(cls.company).invoice_auto_send = True

    def test_a_malformed_e_invoice_on_automatic_sending_fails_with_its_reason_in_the_chatter(self):
        self._customise_ubl_with_a_note_out_of_place()
        malformed = self._invoice(ref=LATE_NOTE_REF)
        valid = self._invoice()
        self.env["account.move"].sudo()._cron_auto_send()

        self.assertEqual(malformed.auto_send_state, "error")
        self.assertIn("does not follow the UBL 2.1 schema", malformed.auto_send_error)
        self.assertIn("Unexpected child with tag 'cbc:Note'", malformed.auto_send_error)
        self.assertFalse(self._handed_to_access_point(malformed), "nothing sent to Peppol")
        # Odoo's sender writes the error in the chatter (automatic sending records it without a second note).
        failures = malformed.message_ids.filtered(lambda m: "does not follow the UBL 2.1 schema" in (m.body or ""))
        self.assertEqual(len(failures), 1)
        self.assertIn("/Invoice: Unexpected child with tag 'cbc:Note'", failures.body)

        self.assertEqual(valid.auto_send_state, "sent")
        self.assertTrue(self._handed_to_access_point(valid))
