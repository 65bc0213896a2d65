from odoo.exceptions import AccessError
from odoo.tests import tagged

from .payment_reminder_common import PaymentReminderCommon


@tagged("post_install", "-at_install")
class TestPaymentReminderTotals(PaymentReminderCommon):
    def test_past_date_ignores_later_payments(self):
        invoice = self.invoice(self.customer, 1000.0, due_in=-30)
        self.pay(invoice, 400.0, date_in=-5)

        before = self.totals(self.days(-10))[self.customer]
        self.assertEqual(before["open_amount"], 1000.0, "the payment of 5 days ago did not exist 10 days ago")
        self.assertEqual(before["overdue_amount"], 1000.0)
        self.assertEqual(before["oldest_due_date"], self.days(-30))
        self.assertEqual(before["days_late"], 20)

        now = self.totals()[self.customer]
        self.assertEqual(now["open_amount"], 600.0)
        self.assertEqual(now["overdue_amount"], 600.0)
        self.assertEqual(now["days_late"], 30)

        self.assertNotIn(self.customer, self.totals(self.days(-61)), "the invoice is dated 60 days ago")

    def test_payment_matched_after_the_date_was_unapplied_that_day(self):
        """A payment dated earlier but matched today: as of yesterday the invoice was open, the payment loose."""
        invoice = self.invoice(self.customer, 500.0, due_in=-20)
        payment = self.unmatched_payment(self.customer, 500.0, date_in=-10)
        self.reconcile(invoice, payment.move_id)
        self.assertEqual(invoice.payment_state, "paid")

        yesterday = self.totals(self.days(-1))[self.customer]
        self.assertEqual(yesterday["overdue_amount"], 500.0)
        self.assertEqual(yesterday["unapplied_credit"], -500.0)
        self.assertEqual(yesterday["open_amount"], 0.0)
        self.assertFalse(yesterday["is_due"], "an unapplied payment covering the debt is no reason to remind")
        self.assertNotIn(self.customer, self.totals(), "settled today")

    def test_credit_notes_and_partial_payments_are_netted(self):
        invoice = self.invoice(self.customer, 1000.0, due_in=-40)
        credit_note = self.invoice(self.customer, 200.0, due_in=-35, move_type="out_refund")
        self.reconcile(invoice, credit_note)
        self.pay(invoice, 300.0, date_in=-2)
        self.invoice(self.customer, 100.0, due_in=-5, move_type="out_refund")  # not matched with anything
        self.unmatched_payment(self.customer, 50.0, date_in=-1)
        self.invoice(self.customer, 250.0, due_in=10)  # not due yet

        row = self.totals()[self.customer]
        self.assertEqual(row["overdue_amount"], 500.0, "1000 - 200 credited - 300 paid")
        self.assertEqual(row["overdue_count"], 1)
        self.assertEqual(row["unapplied_credit"], -150.0, "the loose credit note and payment")
        self.assertEqual(row["not_due_amount"], 250.0)
        self.assertEqual(row["open_amount"], 600.0, "500 + 250 - 150")
        self.assertEqual(row["days_31_60"], 500.0)

    def test_age_buckets(self):
        for due_in, amount in ((5, 1.0), (-1, 10.0), (-30, 20.0), (-31, 40.0), (-60, 80.0), (-61, 160.0), (-91, 320.0)):
            self.invoice(self.customer, amount, due_in=due_in)
        row = self.totals()[self.customer]
        self.assertEqual(
            (row["not_due_amount"], row["days_1_30"], row["days_31_60"], row["days_61_90"], row["days_over_90"]),
            (1.0, 30.0, 120.0, 160.0, 320.0),
        )
        self.assertEqual(row["overdue_count"], 6)
        self.assertEqual(row["oldest_due_date"], self.days(-91))

    def test_today_matches_the_residual_amounts_of_odoo(self):
        first = self.invoice(self.customer, 700.0, due_in=-3)
        second = self.invoice(self.customer, 300.0, due_in=-12)
        self.pay(first, 123.45, date_in=0)
        row = self.totals()[self.customer]
        self.assertAlmostEqual(row["overdue_amount"], first.amount_residual + second.amount_residual)

    def test_foreign_currency_rows(self):
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])
        self.invoice(self.customer, 100.0, due_in=-10, currency=eur)
        self.invoice(self.customer, 30.0, due_in=-10)
        row = self.totals()[self.customer]
        company_currency = self.company.currency_id.name
        self.assertEqual(row["overdue_amount"], 80.0, "EUR 100 at 2 per unit, plus 30")
        self.assertEqual(row["overdue_by_currency"], {"EUR": 100.0, company_currency: 30.0})
        self.assertEqual(row["open_by_currency"], {"EUR": 100.0, company_currency: 30.0})

    def test_contacts_count_for_their_company(self):
        contact = self.env["res.partner"].create({"name": "Accounts Payable", "parent_id": self.customer.id})
        self.invoice(contact, 100.0, due_in=-10)
        self.invoice(self.customer, 50.0, due_in=-10)
        totals = self.totals()
        self.assertEqual(totals[self.customer]["overdue_amount"], 150.0)
        self.assertNotIn(contact, totals)

    def test_totals_stay_in_the_company(self):
        other = self.setup_other_company(name="Other Company")["company"]
        self.invoice(self.customer, 100.0, due_in=-10)
        self.invoice(self.customer, 999.0, due_in=-10, company=other)
        self.assertEqual(self.totals()[self.customer]["overdue_amount"], 100.0)
        self.assertEqual(self.totals(company=other)[self.customer]["overdue_amount"], 999.0)

        user = self.billing_user("billing-one-company", self.company)
        reminders = self.env["payment.reminder"].with_user(user)
        self.assertEqual([row["overdue_amount"] for row in reminders.get_totals()], [100.0])
        with self.assertRaises(AccessError):
            reminders.get_totals(company_id=other.id)
