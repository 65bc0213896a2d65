from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestInvoicingTours(AccountTestInvoicingHttpCommon):
    """In a real browser: the merge from the invoice list, the Collective Invoices list."""

    def _create_drafts(self, customer, dates_and_origins):
        return self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": date,
                    "invoice_origin": origin,
                    "invoice_line_ids": [Command.create({"name": "Maintenance", "price_unit": 100.0})],
                }
                for date, origin in dates_and_origins
            ]
        )

    def test_merge_from_the_invoice_list_names_the_drafts_in_the_chatter(self):
        customer = self.env["res.partner"].create({"name": "Tour Merge Customer"})
        drafts = self._create_drafts(customer, (("2026-07-01", "TOUR-ORIGIN-1"), ("2026-09-01", "TOUR-ORIGIN-2")))
        # Listed until the search is done: the tour selects the rows only once the list is filtered.
        other_draft = self._create_drafts(self.partner_a, (("2026-07-01", "TOUR-OTHER"),))

        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "account_invoice_collective_collective_merge",
            login=self.env.user.login,
        )

        self.assertEqual(set(drafts.mapped("state")), {"cancel"})
        self.assertEqual(other_draft.state, "draft")
        self.assertTrue(drafts.collective_invoice_id.is_collective)

    def test_collective_invoices_list_numbers_customers_creates_and_keeps_its_address(self):
        customer = self.env["res.partner"].create({"name": "Tour Collective Customer"})
        new_customer = self.env["res.partner"].create({"name": "Tour New Collective Customer"})
        drafts = self._create_drafts(customer, (("2026-07-01", "TOUR-LIST-1"), ("2026-09-01", "TOUR-LIST-2")))
        self.env["account.move.collective.merge"].with_context(
            active_model="account.move", active_ids=drafts.ids
        ).create({}).action_merge()
        # With a send date it is not one of the user's collective invoices without one: the
        # after-login dialog that lists those would otherwise open over the list at some moment
        # of the first steps, depending on when its request answers.
        drafts.collective_invoice_id.send_date = "2027-01-15"

        self.start_tour(
            "/odoo/collective-invoices",
            "account_invoice_collective_collective_list",
            login=self.env.user.login,
        )

        created = self.env["account.move"].search([("partner_id", "=", new_customer.id)])
        self.assertEqual(len(created), 1)
        self.assertTrue(created.is_collective)
        self.assertEqual(created.move_type, "out_invoice")
