from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestInvoicingTours(AccountTestInvoicingHttpCommon):
    """In a real browser: the merge from the invoice list, with the chatter naming the merged drafts."""

    def test_merge_from_the_invoice_list_names_the_drafts_in_the_chatter(self):
        customer = self.env["res.partner"].create({"name": "Tour Merge Customer"})
        drafts = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": date,
                    "invoice_origin": origin,
                    "invoice_line_ids": [Command.create({"name": "Maintenance", "price_unit": 100.0})],
                }
                for date, origin in (("2026-07-01", "TOUR-ORIGIN-1"), ("2026-09-01", "TOUR-ORIGIN-2"))
            ]
        )

        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "einvoice_receivables_collective_merge",
            login=self.env.user.login,
        )

        self.assertEqual(set(drafts.mapped("state")), {"cancel"})
        self.assertTrue(drafts.collective_invoice_id.is_collective)
