from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestPaymentReminderTour(HttpCase):
    def test_select_late_customers_send_and_see_the_correspondence(self):
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        company.email = "billing@company.example.com"
        today = fields.Date.context_today(self.env.user)
        late, early = self.env["res.partner"].create(
            [
                {"name": "Tour Debtor", "email": "ap@tour-debtor.example.com", "is_company": True},
                {"name": "Tour Early Payer", "email": "ap@tour-early.example.com", "is_company": True},
            ]
        )
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=30),
                    "invoice_date_due": today + timedelta(days=due_in),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 700.0, "tax_ids": []})],
                }
                for partner, due_in in ((late, -12), (early, 5))
            ]
        )
        moves.action_post()
        self.start_tour(
            "/odoo/action-einvoice_receivables.action_payment_reminder_totals", "payment_reminder_tour", login="admin"
        )
        reminder = self.env["payment.reminder"].search([("partner_id", "=", late.id)])
        self.assertEqual((reminder.kind, reminder.invoice_ids), ("email", moves[0]))
        self.assertFalse(self.env["payment.reminder"].search([("partner_id", "=", early.id)]))
