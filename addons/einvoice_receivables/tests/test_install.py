from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_peppol_partner_fields_available(self):
        """The module builds on account_peppol's partner fields instead of its own."""
        partner_fields = self.env["res.partner"]._fields
        for name in ("peppol_eas", "peppol_endpoint", "peppol_verification_state", "invoice_sending_method"):
            self.assertIn(name, partner_fields)
