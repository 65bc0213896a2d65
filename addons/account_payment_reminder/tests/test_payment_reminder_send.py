from odoo.tests import tagged
from odoo.tools import SQL

from .payment_reminder_common import PaymentReminderCommon


@tagged("post_install", "-at_install")
class TestPaymentReminderSend(PaymentReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friendly = cls.env.ref("account_payment_reminder.payment_reminder_level_friendly")
        cls.second = cls.env.ref("account_payment_reminder.payment_reminder_level_second")
        cls.final = cls.env.ref("account_payment_reminder.payment_reminder_level_final")
        cls.reminders = cls.env["payment.reminder"]

    def send(self, *partners, date=None):
        return self.reminders._payment_reminder_send(
            self.env["res.partner"].concat(*partners), self.company, date or self.today
        )

    def mails_to(self, partner):
        return self.env["mail.mail"].search([("model", "=", "payment.reminder"), ("recipient_ids", "in", partner.ids)])

    def state(self, partner):
        return self.env["payment.reminder.state"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)]
        )

    def pretend_reminded_days_ago(self, partner, days):
        """Move the last reminder back in time, as if it had been sent `days` ago."""
        self.state(partner).sudo().last_reminder_date = self.days(-days)

    def test_one_email_per_customer_to_the_invoicing_contact_listing_all_overdue_invoices(self):
        contact = self.env["res.partner"].create(
            {"name": "Accounts Payable", "type": "invoice", "parent_id": self.customer.id, "email": "ap-desk@x.example"}
        )
        first = self.invoice(self.customer, 100.0, due_in=-40)
        second = self.invoice(self.customer, 250.0, due_in=-3)
        not_due = self.invoice(self.customer, 999.0, due_in=5)

        result = self.send(self.customer)[self.customer.id]
        self.assertEqual(result["status"], "sent")
        mail = self.mails_to(contact)
        self.assertEqual(len(mail), 1, "one email to the invoicing contact")
        self.assertFalse(self.mails_to(self.customer))
        for invoice in first + second:
            self.assertIn(invoice.name, mail.body_html)
        self.assertNotIn(not_due.name, mail.body_html)
        self.assertIn(">40<", mail.body_html.replace(" ", ""), "days late")
        self.assertIn("/my/invoices/", mail.body_html, "a link to pay online")
        self.assertIn("Payment reminder", mail.subject)
        self.assertIn("Dear Accounts Payable", mail.body_html)
        self.assertIn(f"Kind regards,<br>{self.company.name}", mail.body_html, "the text after the invoice table")

        reminder = self.reminders.browse(result["reminder_id"])
        self.assertEqual(reminder.invoice_ids, first + second)
        self.assertEqual(reminder.level_id, self.friendly)
        self.assertEqual(reminder.amount_overdue, 350.0)
        self.assertEqual(reminder.mail_id, mail)
        self.assertEqual(self.customer.payment_reminder_last_date, self.today)
        row = self.totals()[self.customer]
        self.assertEqual((row["last_reminder_date"], row["last_reminder_state"]), (self.today, "queued"))

    def test_email_in_the_customer_language_table_included(self):
        for code in ("lv_LV", "de_DE"):
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(
            ["account_payment_reminder"], ["lv_LV", "de_DE"], overwrite=True
        )
        latvian = self.env["res.partner"].create({"name": "SIA Parādnieks", "email": "lv@x.example", "lang": "lv_LV"})
        german = self.env["res.partner"].create({"name": "Schuldner GmbH", "email": "de@x.example", "lang": "de_DE"})
        for partner in (latvian, german):
            self.invoice(partner, 100.0, due_in=-10)

        self.send(latvian, german)
        lv_mail, de_mail = self.mails_to(latvian), self.mails_to(german)
        self.assertIn("Apmaksas atgādinājums", lv_mail.subject)
        self.assertIn("Dienas kavētas", lv_mail.body_html, "the invoice table's headings")
        self.assertIn("Apmaksas termiņš", lv_mail.body_html)
        self.assertNotIn("Days late", lv_mail.body_html)
        self.assertIn("Zahlungserinnerung", de_mail.subject)
        self.assertIn("Tage überfällig", de_mail.body_html)
        self.assertIn("Fälligkeitsdatum", de_mail.body_html)
        self.assertIn(self.days(-10).strftime("%d.%m.%Y"), de_mail.body_html, "dates as Germans write them")
        self.assertNotIn("Days late", de_mail.body_html)

    def test_template_keeps_to_field_expressions_in_every_language(self):
        """Odoo renders such a template without compiling it, reminder after reminder, and users who are
        not template editors may edit its texts."""
        template = self.env.ref("account_payment_reminder.mail_template_payment_reminder")
        languages = ("en_US", "de_DE", "da_DK", "nb_NO", "lv_LV", "et_EE")
        for code in languages:
            self.env["res.lang"]._activate_lang(code)
        self.env["ir.module.module"]._load_module_terms(["account_payment_reminder"], languages[1:], overwrite=True)
        for code in languages:
            body = template.with_context(lang=code).body_html
            self.assertIn("object.invoice_table", body, code)
            self.assertFalse(template._has_unsafe_expression_template_qweb(body, "payment.reminder"), code)

    def test_customer_without_email_is_reported_and_the_others_are_sent(self):
        no_email = self.env["res.partner"].create({"name": "No Mail Ltd", "is_company": True})
        self.invoice(no_email, 100.0, due_in=-10)
        self.invoice(self.customer, 100.0, due_in=-10)

        results = self.send(no_email, self.customer)
        self.assertEqual(results[no_email.id], {"status": "not_sent", "message": "not sent: no email address"})
        self.assertEqual(results[self.customer.id]["status"], "sent")
        trace = self.reminders.search([("partner_id", "=", no_email.id)])
        self.assertEqual((trace.state, trace.error), ("not_sent", "not sent: no email address"))
        self.assertEqual(no_email.payment_reminder_error, "not sent: no email address")
        self.assertTrue(self.totals()[no_email]["is_due"], "still due: it is sent once an address is there")

        no_email.email = "found@x.example"
        self.assertEqual(self.send(no_email)[no_email.id]["status"], "sent")

    def test_minimum_interval_and_level_progression(self):
        self.invoice(self.customer, 100.0, due_in=-40)
        self.assertEqual(self.send(self.customer)[self.customer.id]["status"], "sent")
        again = self.send(self.customer)[self.customer.id]
        self.assertEqual(again["status"], "not_sent", "within the interval")
        self.assertFalse(self.totals()[self.customer]["is_due"])
        self.assertEqual(len(self.mails_to(self.customer)), 1)

        self.pretend_reminded_days_ago(self.customer, 6)
        self.assertFalse(self.totals()[self.customer]["is_due"], "6 days < 7")
        self.assertEqual(self.send(self.customer)[self.customer.id]["status"], "not_sent")

        levels = []
        for _round in range(3):
            self.pretend_reminded_days_ago(self.customer, 7)
            row = self.totals()[self.customer]
            self.assertTrue(row["is_due"])
            result = self.send(self.customer)[self.customer.id]
            levels.append(self.reminders.browse(result["reminder_id"]).level_id)
        self.assertEqual(levels, [self.second, self.final, self.final], "up one level each time; the last repeats")
        self.assertEqual(len(self.mails_to(self.customer)), 4)

    def test_a_level_waits_until_the_invoice_is_late_enough(self):
        self.invoice(self.customer, 100.0, due_in=-10)
        self.send(self.customer)
        self.pretend_reminded_days_ago(self.customer, 8)
        row = self.totals()[self.customer]
        self.assertEqual(row["next_level_id"], self.second.id)
        self.assertFalse(row["is_due"], "the second reminder is for invoices 15 days late")
        self.assertTrue(self.totals(self.days(5))[self.customer]["is_due"], "5 days later it is")

    def test_an_archived_last_level_is_followed_by_the_next_active_one(self):
        self.invoice(self.customer, 100.0, due_in=-40)
        self.send(self.customer)
        self.pretend_reminded_days_ago(self.customer, 7)
        self.assertEqual(self.totals()[self.customer]["next_level_id"], self.second.id)
        self.friendly.active = False
        self.assertEqual(self.totals()[self.customer]["next_level_id"], self.second.id, "after the archived one")
        self.second.active = False
        self.assertEqual(self.totals()[self.customer]["next_level_id"], self.final.id)
        self.final.active = False
        self.assertFalse(self.totals()[self.customer]["next_level_id"], "no active level left")
        self.assertFalse(self.totals()[self.customer]["is_due"])

    def test_paid_up_customer_starts_again_at_the_first_level(self):
        old = self.invoice(self.customer, 100.0, due_in=-40)
        self.send(self.customer)
        self.pay(old, 100.0, date_in=0)
        self.invoice(self.customer, 70.0, due_in=-1)  # overdue after the reminder: a new cycle
        self.pretend_reminded_days_ago(self.customer, 7)
        self.state(self.customer).invalidate_recordset()
        self.assertEqual(self.totals()[self.customer]["next_level_id"], self.friendly.id)

    def test_promised_date_is_respected(self):
        self.invoice(self.customer, 100.0, due_in=-10)
        self.reminders.create({"partner_id": self.customer.id, "note": "Pays Friday", "promised_date": self.days(3)})
        self.assertFalse(self.totals()[self.customer]["is_due"])
        wizard = self.env["payment.reminder.totals"].create({})
        wizard._payment_reminder_load_lines()
        wizard.action_select_late()
        self.assertFalse(wizard.line_ids.filtered(lambda line: line.partner_id == self.customer).selected)

        self.assertTrue(self.totals(self.days(4))[self.customer]["is_due"], "the promise broken: due again")

    def test_next_reminder_date_brings_the_customer_back_once(self):
        self.invoice(self.customer, 100.0, due_in=-40)  # late enough for every level: only the dates decide
        self.send(self.customer)
        self.pretend_reminded_days_ago(self.customer, 2)
        self.assertFalse(self.totals()[self.customer]["is_due"], "reminded 2 days ago")
        note = self.reminders.create(
            {"partner_id": self.customer.id, "note": "Call back tomorrow", "next_reminder_date": self.days(1)}
        )
        self.assertFalse(self.totals()[self.customer]["is_due"], "not before the agreed day")
        note.next_reminder_date = self.today
        self.assertTrue(self.totals()[self.customer]["is_due"], "the agreed day overrides the interval")
        self.assertEqual(self.send(self.customer)[self.customer.id]["status"], "sent")
        for days in range(7):
            self.assertFalse(
                self.totals(self.days(days))[self.customer]["is_due"],
                f"once reminded, the interval runs again: not due {days} days later",
            )
        self.assertTrue(self.totals(self.days(7))[self.customer]["is_due"])

    def test_select_late_customers_and_send_from_the_screen(self):
        late = self.env["res.partner"].create({"name": "Late Co", "email": "late@x.example"})
        early = self.env["res.partner"].create({"name": "Not Yet Co", "email": "early@x.example"})
        self.invoice(late, 100.0, due_in=-10)
        self.invoice(early, 100.0, due_in=10)
        wizard = self.env["payment.reminder.totals"].browse(self.env["payment.reminder.totals"].action_open()["res_id"])
        wizard.action_select_late()
        self.assertEqual(wizard.line_ids.filtered("selected").partner_id, late)
        wizard.action_send()
        self.assertIn("Payment reminders sent: 1", wizard.summary)
        line = wizard.line_ids.filtered(lambda line: line.partner_id == late)
        self.assertEqual(line.last_reminder_date, self.today)
        line.action_show_customer()
        self.assertEqual(wizard.reminder_ids.kind, "email")
        self.assertEqual(len(wizard.invoice_ids), 1)

    def test_screen_rows_lose_the_foreign_keys_of_databases_made_before(self):
        """The screen's rows are stored without foreign keys (a check per row and key made filling
        the screen twice as slow); a database made before had Odoo's, the module update drops them."""
        table = "payment_reminder_totals_line"
        self.env.cr.execute(
            SQL(
                "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (partner_id) REFERENCES res_partner(id)",
                SQL.identifier(table),
                SQL.identifier(f"{table}_partner_id_fkey"),
            )
        )
        self.env["payment.reminder.totals.line"].init()
        self.env.cr.execute(
            SQL("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", table)
        )
        self.assertEqual(self.env.cr.fetchall(), [])
        self.invoice(self.customer, 100.0, due_in=-10)
        wizard = self.env["payment.reminder.totals"].browse(self.env["payment.reminder.totals"].action_open()["res_id"])
        wizard.action_refresh()
        self.assertEqual(wizard.line_ids.partner_id, self.customer, "one row per customer after a refresh")

    def test_scheduled_run_reminds_automatic_customers_and_skips_for_today_those_it_cannot(self):
        manual = self.env["res.partner"].create({"name": "Manual Co", "email": "manual@x.example"})
        no_email = self.env["res.partner"].create({"name": "Auto Without Mail"})
        for partner in (self.customer, manual, no_email):
            self.invoice(partner, 100.0, due_in=-10)
        (self.customer + no_email).with_company(self.company).payment_reminder_mode = "auto"
        self.assertEqual(set(self.totals(automatic_only=True, due_only=True)), {self.customer, no_email})

        self.reminders._cron_payment_reminder()
        self.assertEqual(len(self.mails_to(self.customer)), 1)
        self.assertFalse(self.mails_to(manual), "manual customers wait for a user")
        self.assertFalse(
            self.totals(automatic_only=True, due_only=True), "the one without an address waits for tomorrow's run"
        )
        self.assertTrue(self.totals()[no_email]["is_due"], "but a user still sees it due")

        self.company.payment_reminder_auto = True  # the company default now covers the manual-by-default one
        manual.with_company(self.company).payment_reminder_mode = "company"
        self.assertEqual(set(self.totals(automatic_only=True, due_only=True)), {manual})
