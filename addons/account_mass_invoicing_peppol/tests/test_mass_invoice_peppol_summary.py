from odoo import Command
from odoo.addons.account_mass_invoicing.tests.common import MassInvoiceCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestMassInvoicePeppolSummary(MassInvoiceCommon):
    def test_the_summary_warns_that_the_company_is_not_on_peppol(self):
        run = self._run()
        self.assertEqual(run.summary_peppol_warning, "The company is not registered to send e-invoices on Peppol.")
        run.delivery_method_ids = [
            Command.clear(),
            Command.create({"method": "email"}),
            Command.create({"method": "draft"}),
        ]
        self.assertFalse(run.summary_peppol_warning, "no e-invoice in the chain: nothing to warn about")

    def test_the_summary_counts_the_customers_without_a_peppol_address(self):
        self.anna.write({"peppol_eas": "0208", "peppol_endpoint": "0477472701"})
        run = self._run()
        self.assertEqual(run.preview_count, 4)
        self.assertEqual(run.summary_no_peppol_count, 3, "Bjørn, Carl and the sponsor have none")
