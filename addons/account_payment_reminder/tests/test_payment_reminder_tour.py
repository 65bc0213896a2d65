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
            "/odoo/action-account_payment_reminder.action_payment_reminder_totals",
            "payment_reminder_tour",
            login="admin",
        )
        reminder = self.env["payment.reminder"].search([("partner_id", "=", late.id)])
        self.assertEqual((reminder.kind, reminder.invoice_ids), ("email", moves[0]))
        self.assertFalse(self.env["payment.reminder"].search([("partner_id", "=", early.id)]))


@tagged("post_install", "-at_install")
class TestPaymentReminderScreenTour(HttpCase):
    browser_size = "1440x900"

    def test_column_titles_are_whole_in_english_and_german(self):
        self._overdue_customer_with_a_credit_note()
        for code in ("en_US", "de_DE"):
            with self.subTest(lang=code):
                self.env["res.lang"]._activate_lang(code)
                self.env["ir.module.module"]._load_module_terms(["account_payment_reminder"], [code], overwrite=True)
                self.env.ref("base.user_admin").lang = code
                self.start_tour(
                    "/odoo/action-account_payment_reminder.action_payment_reminder_totals",
                    "payment_reminder_columns_tour",
                    login="admin",
                )

    def test_the_screen_in_latvian_names_itself_and_shows_the_detail_beside_the_totals(self):
        self.env["res.lang"]._activate_lang("lv_LV")
        self.env["ir.module.module"]._load_module_terms(["account_payment_reminder"], ["lv_LV"], overwrite=True)
        self.env.ref("base.user_admin").lang = "lv_LV"
        self._overdue_customer_with_a_credit_note()
        self.start_tour(
            "/odoo/action-account_payment_reminder.action_payment_reminder_totals",
            "payment_reminder_latvian_tour",
            login="admin",
        )

    def _overdue_customer_with_a_credit_note(self):
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        today = fields.Date.context_today(self.env.user)
        debtor = self.env["res.partner"].create({"name": "Tūres Parādnieks", "is_company": True})
        moves = self.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": debtor.id,
                    "invoice_date": today - timedelta(days=40),
                    "invoice_date_due": today - timedelta(days=10),
                    "invoice_payment_term_id": False,
                    "invoice_line_ids": [Command.create({"name": "Service", "price_unit": amount, "tax_ids": []})],
                }
                for move_type, amount in (("out_invoice", 700.0), ("out_refund", 250.0))
            ]
        )
        moves.action_post()
