from datetime import date

from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestServiceContract(ServiceContractCommon):
    def test_two_month_cycle_over_a_year_gives_six_draft_invoices(self):
        order = self._create_contract_order()

        action = order.action_create_service_invoices()

        invoices = order.invoice_ids.sorted("invoice_date")
        self.assertEqual(action["res_model"], "account.move")
        self.assertEqual(
            invoices.mapped("invoice_date"),
            [date(2026, month, 1) for month in (1, 3, 5, 7, 9, 11)],
        )
        self.assertEqual(set(invoices.mapped("state")), {"draft"})
        self.assertEqual(set(invoices.mapped("partner_id")), {self.partner_a})
        # Each line says which period it bills, as the customer reads it, under the product.
        self.assertEqual(
            invoices[3].invoice_line_ids.name.split("\n")[:2],
            [order.order_line.name.splitlines()[0], "07/01/2026-08/31/2026"],
        )
        self.assertEqual(invoices[5].invoice_line_ids.name.split("\n")[1], "11/01/2026-12/31/2026")
        for invoice in invoices:
            self.assertEqual(invoice.invoice_line_ids.sale_line_ids, order.order_line)
            self.assertEqual(invoice.invoice_line_ids.quantity, 1.0)
            self.assertEqual(invoice.amount_untaxed, 100.0)
        # The order knows it is fully invoiced: nothing can be invoiced twice.
        self.assertEqual(order.order_line.qty_invoiced, 6.0)
        self.assertEqual(order.invoice_status, "invoiced")
        with self.assertRaises(UserError):
            order.action_create_service_invoices()
        self.assertEqual(len(order.invoice_ids), 6)

    def test_uneven_quantity_keeps_the_order_total(self):
        order = self._create_contract_order(quantity=1.0, interval=4)

        order.action_create_service_invoices()

        invoices = order.invoice_ids
        self.assertEqual(len(invoices), 3)
        self.assertAlmostEqual(sum(invoices.invoice_line_ids.mapped("quantity")), 1.0)
        self.assertAlmostEqual(sum(invoices.mapped("amount_untaxed")), order.amount_untaxed)
        self.assertEqual(order.invoice_status, "invoiced")

    def test_month_end_start_does_not_drift(self):
        order = self._create_contract_order(interval=1, start="2026-01-31", end="2026-04-30", quantity=3.0)

        self.assertEqual(
            order._get_service_period_dates(),
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)],
        )

    def test_period_is_written_in_the_customers_language(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self.partner_a.lang = "de_DE"
        order = self._create_contract_order(quantity=2.0, interval=6)

        order.action_create_service_invoices()

        periods = [line.name.split("\n")[1] for line in order.invoice_ids.sorted("invoice_date").invoice_line_ids]
        self.assertEqual(periods, ["01.01.2026-30.06.2026", "01.07.2026-31.12.2026"])

    def test_without_payment_terms_each_invoice_is_due_on_its_own_date(self):
        self.partner_a.property_payment_term_id = False
        order = self._create_contract_order(start="2027-01-01", end="2027-12-31")

        order.action_create_service_invoices()

        invoices = order.invoice_ids.sorted("invoice_date")
        self.assertEqual(invoices.mapped("invoice_date_due"), invoices.mapped("invoice_date"))
        self.assertEqual(invoices[1].invoice_date_due, date(2027, 3, 1))
        # Merged two by two, a collective invoice is due on its provisional date, the earliest one.
        merge = self.env["account.move.collective.merge"].with_context(
            active_model="account.move", active_ids=invoices[2:4].ids
        )
        collective = self.env["account.move"].browse(merge.create({}).action_merge()["res_id"])
        self.assertEqual(collective.invoice_date_due, date(2027, 5, 1))
        self.assertEqual(collective.service_period, "05/01/2027 - 08/31/2027")

    def test_each_invoice_knows_the_period_it_bills(self):
        self.partner_a.property_payment_term_id = self.pay_terms_b
        order = self._create_contract_order(quantity=2.0, interval=6)

        order.action_create_service_invoices()

        invoices = order.invoice_ids.sorted("invoice_date")
        self.assertEqual(invoices.mapped("service_period"), ["01/01/2026 - 06/30/2026", "07/01/2026 - 12/31/2026"])
        # With payment terms the due date follows them.
        self.assertEqual(invoices[1].invoice_payment_term_id, self.pay_terms_b)
        self.assertGreater(invoices[1].invoice_date_due, invoices[1].invoice_date)

    def test_unconfirmed_order_is_refused(self):
        order = self._create_contract_order(confirm=False)

        with self.assertRaisesRegex(UserError, "Confirm the order"):
            order.action_create_service_invoices()
        self.assertFalse(order.invoice_ids)

    def test_order_without_cycle_is_refused(self):
        order = self._create_contract_order(interval=0)

        with self.assertRaisesRegex(UserError, "invoicing interval"):
            order.action_create_service_invoices()
        self.assertFalse(order.invoice_ids)

    def test_interval_defaults_to_one_month(self):
        self.assertEqual(self.env["sale.order"].new({}).service_invoice_interval, 1)

    def test_contract_ending_before_its_start_is_refused(self):
        with self.assertRaises(ValidationError):
            self._create_contract_order(start="2026-12-31", end="2026-01-01", confirm=False)


@tagged("post_install", "-at_install")
class TestServiceContractTour(ServiceContractCommon, AccountTestInvoicingHttpCommon):
    """In a real browser: the contract invoices of a sale order, each line naming its period."""

    def test_contract_invoice_lines_show_their_period(self):
        self.env.user.groups_id |= self.env.ref("sales_team.group_sale_salesman_all_leads")
        order = self._create_contract_order(quantity=6.0, interval=2, start="2026-05-01", end="2026-10-31")

        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "sale_service_contract_invoicing_service_contract_periods",
            login=self.env.user.login,
        )

        self.assertEqual(len(order.invoice_ids), 3)
