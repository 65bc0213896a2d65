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

    def test_a_payment_counts_by_its_own_date_whenever_it_was_matched(self):
        """Bank payments are matched days after they came: as of a date, the payment's date decides."""
        invoice = self.invoice(self.customer, 500.0, due_in=-20)
        payment = self.unmatched_payment(self.customer, 500.0, date_in=-10)
        self.reconcile(invoice, payment.move_id)
        self.assertNotIn(self.customer, self.totals(self.days(-1)), "paid 10 days ago, matched today")
        before = self.totals(self.days(-11))[self.customer]
        self.assertEqual((before["overdue_amount"], before["unapplied_credit"]), (500.0, 0.0), "not paid yet then")

    def test_a_payment_matched_with_a_later_invoice_was_unapplied_before_it(self):
        payment = self.unmatched_payment(self.customer, 300.0, date_in=-10)
        invoice = self.invoice(self.customer, 300.0, due_in=20, date_in=-5)
        self.reconcile(invoice, payment.move_id)
        row = self.totals(self.days(-7))[self.customer]
        self.assertEqual((row["open_amount"], row["unapplied_credit"]), (-300.0, -300.0), "a prepayment then")
        self.assertNotIn(self.customer, self.totals(self.days(-5)), "applied from the invoice's date")

    def test_open_total_as_of_a_date_is_the_ledger_balance_on_that_date(self):
        """Payments matched before and after the date, partial payments, credit notes, two currencies."""
        eur = self.setup_other_currency("EUR", rates=[("2000-01-01", 2.0), (str(self.days(-15)), 2.5)])
        first = self.invoice(self.customer, 1000.0, due_in=-50, date_in=-80)
        self.pay(first, 400.0, date_in=-60)  # partial, matched as it was registered
        late_match = self.unmatched_payment(self.customer, 300.0, date_in=-45)
        self.reconcile(first, late_match.move_id)  # matched today
        second = self.invoice(self.customer, 500.0, due_in=-20, date_in=-50)
        self.reconcile(second, self.invoice(self.customer, 120.0, due_in=-30, date_in=-30, move_type="out_refund"))
        foreign = self.invoice(self.customer, 200.0, due_in=-10, date_in=-40, currency=eur)  # 100.00 at 2.0
        self.pay(foreign, 150.0, date_in=-5, currency=eur)  # at 2.5: an exchange difference
        self.unmatched_payment(self.customer, 75.0, date_in=-3)
        not_due = self.invoice(self.customer, 90.0, due_in=5, date_in=-2)
        for days in (-90, -80, -70, -60, -50, -46, -45, -40, -31, -30, -16, -15, -6, -5, -4, -3, -2, -1, 0):
            date = self.days(days)
            row = self.totals(date).get(self.customer)
            with self.subTest(date=date):
                self.assertAlmostEqual(row["open_amount"] if row else 0.0, self.ledger_balance(self.customer, date), 2)

        then = self.totals(self.days(-40))[self.customer]
        buckets = ("not_due_amount", "days_1_30", "days_31_60", "days_61_90", "days_over_90", "unapplied_credit")
        self.assertEqual(
            [then[key] for key in buckets],
            [600.0, 300.0, 0.0, 0.0, 0.0, 0.0],
            "the second invoice and the foreign one not due; the first 10 days late with 700 paid by then",
        )
        now = self.totals()[self.customer]
        self.assertEqual(
            [now[key] for key in buckets],
            [not_due.amount_residual, 380.0 + foreign.amount_residual_signed, 300.0, 0.0, 0.0, -75.0],
        )

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
        for due_in, amount in (
            (5, 1.0),
            (0, 2.0),
            (-1, 10.0),
            (-30, 20.0),
            (-31, 40.0),
            (-60, 80.0),
            (-61, 160.0),
            (-91, 320.0),
        ):
            self.invoice(self.customer, amount, due_in=due_in)
        row = self.totals()[self.customer]
        self.assertEqual(
            (row["not_due_amount"], row["days_1_30"], row["days_31_60"], row["days_61_90"], row["days_over_90"]),
            (3.0, 30.0, 120.0, 160.0, 320.0),
        )
        self.assertEqual(row["overdue_count"], 6)
        self.assertEqual(row["oldest_due_date"], self.days(-91))

    def test_an_invoice_due_on_the_date_is_not_overdue_yet(self):
        self.invoice(self.customer, 100.0, due_in=0)
        row = self.totals()[self.customer]
        self.assertEqual((row["not_due_amount"], row["overdue_amount"], row["overdue_count"]), (100.0, 0.0, 0))
        self.assertFalse(row["is_due"])
        result = self.env["payment.reminder"]._payment_reminder_send(self.customer, self.company, self.today)
        self.assertEqual(result[self.customer.id]["message"], "not sent: nothing overdue")
        self.assertEqual(self.totals(self.days(1))[self.customer]["days_1_30"], 100.0, "overdue the day after")

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
