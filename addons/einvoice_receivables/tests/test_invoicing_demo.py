from datetime import date, timedelta

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged
from odoo.tools import convert_file


@tagged("post_install", "-at_install")
class TestInvoicingDemoData(AccountTestInvoicingCommon):
    """The invoicing demo data (loaded by scripts/run) shows each invoicing feature."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo bills Odoo's demo customer Deco Addict; tests run without Odoo's demo data.
        if not cls.env.ref("base.res_partner_2", raise_if_not_found=False):
            deco_addict = cls.env["res.partner"].create(
                {"name": "Deco Addict", "is_company": True, "email": "deco.addict82@example.com"}
            )
            cls.env["ir.model.data"]._update_xmlids([{"xml_id": "base.res_partner_2", "record": deco_addict}])
        convert_file(cls.env, "einvoice_receivables", "demo/invoicing_demo.xml", {}, mode="init", kind="demo")

    def test_service_contract_with_its_period_invoices(self):
        order = self.env.ref("einvoice_receivables.demo_order_service_contract")
        invoices = order.invoice_ids.sorted("invoice_date")
        self.assertEqual(len(invoices), 6)
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        year = invoices[0].invoice_date.year
        first_period_end = date(year, 3, 1) - timedelta(days=1)
        self.assertEqual(invoices[0].invoice_line_ids.name.split("\n")[1], f"01/01/{year}-{first_period_end:%m/%d/%Y}")

    def test_collective_invoice_waits_for_a_send_date_in_admins_dialog(self):
        collective = self.env.ref("einvoice_receivables.demo_invoice_collective_waiting")
        admin = self.env.ref("base.user_admin")
        # The test's company stands for the demo database's only company.
        admin.company_ids |= collective.company_id
        moves = self.env["account.move"].with_user(admin).with_company(collective.company_id)
        waiting = moves._get_collective_invoices_without_send_date()
        self.assertIn(collective, waiting)

    def test_one_scheduled_one_failed_and_a_customer_on_automatic_sending(self):
        scheduled = self.env.ref("einvoice_receivables.demo_invoice_scheduled")
        failed = self.env.ref("einvoice_receivables.demo_invoice_failed")
        auto_send = self.env.ref("einvoice_receivables.demo_invoice_auto_send")
        self.assertEqual((scheduled.state, scheduled.auto_send_state), ("draft", "scheduled"))
        self.assertTrue(scheduled.send_date)
        self.assertEqual(failed.auto_send_state, "error")
        self.assertTrue(failed.auto_send_error)
        self.assertTrue(auto_send.partner_id.invoice_auto_send)
        self.assertEqual((auto_send.state, auto_send.auto_send_state), ("posted", "scheduled"))
