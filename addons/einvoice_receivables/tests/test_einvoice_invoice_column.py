from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestEinvoiceInvoiceColumn(AccountTestInvoicingCommon):
    def test_invoice_goes_out_as_einvoice(self):
        self.partner_a.with_company(self.env.company).invoice_sending_method = False
        invoice = self.init_invoice("out_invoice", partner=self.partner_a, amounts=[100])
        bill = self.init_invoice("in_invoice", partner=self.partner_a, amounts=[100])
        self.assertFalse(invoice.einvoice_outgoing, "status unknown, no sending method")

        self.partner_a.with_context(einvoice_sync=True).einvoice_recipient_state = "recipient"
        self.assertTrue(invoice.einvoice_outgoing)
        self.assertFalse(bill.einvoice_outgoing, "vendor bills are not sent")

        self.partner_a.with_company(invoice.company_id).invoice_sending_method = "email"
        invoice.invalidate_recordset(["einvoice_outgoing"])
        self.assertFalse(invoice.einvoice_outgoing, "the customer's own choice wins")

        self.partner_a.with_context(einvoice_sync=True).einvoice_recipient_state = "not_recipient"
        self.partner_a.with_company(invoice.company_id).invoice_sending_method = "peppol"
        invoice.invalidate_recordset(["einvoice_outgoing"])
        self.assertTrue(invoice.einvoice_outgoing)
