from odoo.exceptions import AccessError
from odoo.tests import tagged

from .payment_reminder_common import PaymentReminderCommon


@tagged("post_install", "-at_install")
class TestPaymentReminderNotes(PaymentReminderCommon):
    def test_call_note_on_an_invoice_sets_the_dates_and_an_activity(self):
        invoice = self.invoice(self.customer, 100.0, due_in=-10)
        contact = self.env["res.partner"].create({"name": "Anna Bērziņa", "parent_id": self.customer.id})
        action = invoice.action_payment_reminder_call_note()
        note = (
            self.env["payment.reminder"]
            .with_context(**action["context"])
            .create(
                {
                    "contact_id": contact.id,
                    "note": "Promised to pay on the 15th",
                    "promised_date": self.days(5),
                    "next_reminder_date": self.days(6),
                }
            )
        )
        self.assertEqual((note.partner_id, note.move_id, note.kind), (self.customer, invoice, "call"))
        self.assertEqual(self.customer.payment_reminder_promised_date, self.days(5))
        self.assertEqual(self.customer.payment_reminder_next_date, self.days(6))
        row = self.totals()[self.customer]
        self.assertEqual((row["promised_date"], row["next_reminder_date"]), (self.days(5), self.days(6)))

        activity = note.activity_id
        self.assertEqual((activity.res_model, activity.res_id), ("account.move", invoice.id))
        self.assertEqual((activity.date_deadline, activity.user_id), (self.days(6), self.env.user))

        note.write({"next_reminder_date": self.days(9), "promised_date": self.days(8)})  # edited after a new call
        self.assertEqual(activity.date_deadline, self.days(9))
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.payment_reminder_promised_date, self.days(8))

        note.next_reminder_date = False
        self.assertFalse(activity.exists(), "no date, no follow-up")

    def test_editing_an_older_note_does_not_undo_a_newer_call(self):
        old = self.env["payment.reminder"].create(
            {"partner_id": self.customer.id, "date": self.days(-5), "promised_date": self.days(1)}
        )
        self.env["payment.reminder"].create({"partner_id": self.customer.id, "promised_date": self.days(10)})
        old.note = "Corrected the spelling"
        self.assertEqual(self.customer.payment_reminder_promised_date, self.days(10))

    def test_correspondence_lists_reminders_and_notes_of_the_customer(self):
        self.invoice(self.customer, 100.0, due_in=-10)
        self.env["payment.reminder"]._payment_reminder_send(self.customer, self.company, self.today)
        self.env["payment.reminder"].create({"partner_id": self.customer.id, "note": "Called"})
        wizard = self.env["payment.reminder.totals"].create({"partner_id": self.customer.id})
        self.assertEqual(sorted(wizard.reminder_ids.mapped("kind")), ["call", "email"])
        self.assertEqual(self.customer.payment_reminder_count, 2)

    def test_notes_and_reminders_stay_in_the_company(self):
        other = self.setup_other_company(name="Other Company")["company"]
        mine = self.env["payment.reminder"].create({"partner_id": self.customer.id, "note": "Called"})
        theirs = self.env["payment.reminder"].create(
            {"partner_id": self.customer.id, "company_id": other.id, "note": "Called about the other company"}
        )
        user = self.billing_user("billing-notes-one-company", self.company)
        reminders = self.env["payment.reminder"].with_user(user)
        self.assertEqual(reminders.search([("partner_id", "=", self.customer.id)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(user).read(["note"])
        states = self.env["payment.reminder.state"].with_user(user).search([("partner_id", "=", self.customer.id)])
        self.assertEqual(states.company_id, self.company)
