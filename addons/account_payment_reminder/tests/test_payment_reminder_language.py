from odoo.tests import tagged
from odoo.tools import format_date

from .payment_reminder_common import PaymentReminderCommon


@tagged("post_install", "-at_install")
class TestPaymentReminderLanguage(PaymentReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("lv_LV", "de_DE"):
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["account_payment_reminder"], ["lv_LV", "de_DE"], overwrite=True)
        cls.reminders = cls.env["payment.reminder"]

    def test_reminders_and_call_notes_are_named_by_level_and_date_in_the_users_format(self):
        self.invoice(self.customer, 100.0, due_in=-20)
        result = self.reminders._payment_reminder_send(self.customer, self.company, self.today)
        reminder = self.reminders.browse(result[self.customer.id]["reminder_id"])
        note = self.reminders.create({"partner_id": self.customer.id, "note": "Called"})
        self.assertEqual(reminder.display_name, f"Friendly reminder, {format_date(self.env, self.today)}")
        self.assertEqual(note.display_name, f"Call note, {format_date(self.env, self.today)}")
        german = self.today.strftime("%d.%m.%Y")
        self.assertEqual(reminder.with_context(lang="de_DE").display_name, f"Freundliche Erinnerung, {german}")
        self.assertEqual(note.with_context(lang="de_DE").display_name, f"Gesprächsnotiz, {german}")
        self.assertIn(f"Friendly reminder - {self.company.name}", reminder.mail_id.body_html, "the email's title")
        self.assertNotIn("payment.reminder,", reminder.mail_id.body_html)

    def test_a_customer_whose_language_is_not_installed_gets_the_company_language_and_the_batch_goes_out(self):
        # The API takes any language code (Odoo checks no computed selection), installed or not.
        french = self.env["res.partner"].create(
            {"name": "Débiteur SARL", "email": "fr@x.example", "lang": "fr_FR", "is_company": True}
        )
        self.company.partner_id.lang = "de_DE"
        for partner in (french, self.customer):
            self.invoice(partner, 100.0, due_in=-20)
            partner.with_company(self.company).payment_reminder_mode = "auto"

        self.env(context={})["payment.reminder"]._cron_payment_reminder()
        mails = self.env["mail.mail"].search([("model", "=", "payment.reminder")])
        self.assertEqual(len(mails), 2, "both customers reminded")
        french_mail = mails.filtered(lambda mail: french in mail.recipient_ids)
        self.assertIn("Zahlungserinnerung", french_mail.subject, "in the company's language")
        note = french.message_ids.filtered(lambda message: "fr_FR" in message.body)
        self.assertIn("nicht installiert", note.body, "noted on the customer, for the company's users")

    def test_what_the_scheduled_run_records_is_in_the_company_language(self):
        self.company.partner_id.lang = "lv_LV"
        no_email = self.env["res.partner"].create({"name": "Bez pasta SIA", "is_company": True})
        self.invoice(no_email, 100.0, due_in=-20)
        self.invoice(self.customer, 100.0, due_in=-20)
        (no_email + self.customer).with_company(self.company).payment_reminder_mode = "auto"

        self.env(context={})["payment.reminder"]._cron_payment_reminder()  # the scheduler sets no language
        trace = self.reminders.search([("partner_id", "=", no_email.id)])
        self.assertEqual(trace.error, "nav nosūtīts: nav e-pasta adreses")
        mail = self.reminders.search([("partner_id", "=", self.customer.id)]).mail_id
        self.env(context={})["mail.mail"].browse(mail.id)._postprocess_sent_message(
            success_pids=[], failure_reason="550 mailbox unavailable", failure_type="mail_smtp"
        )
        reminder = self.reminders.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(reminder.error, "nav piegādāts: 550 mailbox unavailable")

    def test_a_new_customer_follows_the_company_default(self):
        partner = self.env["res.partner"].create({"name": "New Customer"})
        self.assertEqual(partner.with_company(self.company).payment_reminder_mode, "company")
        self.assertEqual(
            dict(partner._fields["payment_reminder_mode"]._description_selection(self.env(context={"lang": "lv_LV"})))[
                partner.payment_reminder_mode
            ],
            "Uzņēmuma noklusējums",
        )
