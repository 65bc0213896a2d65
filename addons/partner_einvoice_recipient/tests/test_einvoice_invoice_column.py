from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestEinvoiceInvoiceColumn(AccountTestInvoicingCommon):
    """The invoice list's "Goes out as e-invoice" tells what Odoo's sender will do, without network look-ups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "country_id": cls.env.ref("base.be").id,
                "peppol_eas": "0208",
                "peppol_endpoint": "0477472701",
                "account_peppol_proxy_state": "receiver",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Peppol Customer",
                "is_company": True,
                "country_id": cls.env.ref("base.be").id,
                "peppol_eas": "0208",
                "peppol_endpoint": "0202239951",
                "invoice_edi_format": "ubl_bis3",
                "email": "ap@peppol.example.com",
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Accounts Payable", "parent_id": cls.customer.id, "email": "ap2@peppol.example.com"}
        )
        cls.customer.with_company(cls.company).write(
            {"invoice_sending_method": "peppol", "peppol_verification_state": "valid"}
        )

    def _forecast(self, move):
        move.invalidate_recordset(["einvoice_outgoing"])
        return move.einvoice_outgoing

    def test_peppol_customer_verified_goes_out_as_einvoice(self):
        invoice = self.init_invoice("out_invoice", partner=self.customer, amounts=[100])
        self.assertTrue(self._forecast(invoice), "Peppol, address verified, company on Peppol")
        self.assertTrue(self._forecast(invoice.copy()), "drafts too: it is a forecast")
        bill = self.init_invoice("in_invoice", partner=self.customer, amounts=[100])
        self.assertFalse(self._forecast(bill), "vendor bills are not sent")

    def test_not_verified_or_by_email_goes_out_by_email(self):
        invoice = self.init_invoice("out_invoice", partner=self.customer, amounts=[100])
        self.customer.with_company(self.company).peppol_verification_state = "not_valid"
        self.assertFalse(self._forecast(invoice), "Odoo's sender does not apply Peppol: it sends nothing by it")
        self.customer.with_company(self.company).write(
            {"peppol_verification_state": "valid", "invoice_sending_method": "email"}
        )
        self.assertFalse(self._forecast(invoice), "the customer's sending method wins")
        self.customer.with_company(self.company).invoice_sending_method = False
        self.assertFalse(self._forecast(invoice), "no method: Odoo sends by email")

    def test_the_contact_on_the_invoice_decides_as_in_odoos_sender(self):
        """Odoo's default sending method reads the invoice's partner, not its commercial partner."""
        invoice = self.init_invoice("out_invoice", partner=self.contact, amounts=[100])
        self.contact.with_company(self.company).invoice_sending_method = "email"
        self.assertFalse(self._forecast(invoice))
        self.contact.with_company(self.company).invoice_sending_method = "peppol"
        self.assertTrue(self._forecast(invoice))
        self.assertEqual(
            self.env["account.move.send"]._get_default_sending_method(invoice), "peppol", "what Odoo will use"
        )

    def test_company_not_on_peppol_goes_out_by_email(self):
        invoice = self.init_invoice("out_invoice", partner=self.customer, amounts=[100])
        self.company.account_peppol_proxy_state = "rejected"
        self.assertFalse(self._forecast(invoice))
