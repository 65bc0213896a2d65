from datetime import datetime, timedelta

import pytz

from odoo import Command, fields
from odoo.addons.account_invoice_auto_send.models.account_move_api import AUTO_SEND_SYNC_LIMIT
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AutoSendCase


@tagged("post_install", "-at_install")
class TestAutoSend(AutoSendCase):
    def test_posting_for_auto_send_customer_sends_pdf_by_email_with_blind_copy(self):
        move = self._invoice()
        self.assertEqual(move.auto_send_state, "scheduled")
        self.assertLessEqual(move.auto_send_due, fields.Datetime.now())

        mails = self._run_cron()

        self.assertEqual(move.auto_send_state, "sent")
        self.assertTrue(move.is_move_sent)
        self.assertTrue(move.invoice_pdf_report_id, "the PDF is made and kept on the invoice")
        [message] = self._sending_messages(move)
        self.assertEqual(message.partner_ids, self.customer, "only the customer is a recipient of the message")
        self.assertEqual(message.author_id, self.salesperson.partner_id)
        customer_mails = [m for m in mails if "ap@customer.example.com" in " ".join(m["email_to"])]
        copies = [m for m in mails if "sara.seller@company.example.com" in " ".join(m["email_to"])]
        self.assertEqual(len(customer_mails), 1)
        self.assertEqual(len(copies), 1, "the salesperson gets one blind copy")
        customer_mail = customer_mails[0]
        visible_to_customer = " ".join(customer_mail["email_to"] + customer_mail["email_cc"]) + customer_mail["body"]
        self.assertNotIn("sara.seller@company.example.com", visible_to_customer)
        self.assertIn(move.name, copies[0]["body"])
        self.assertEqual(
            [name for name, _content, _type in copies[0]["attachments"]], [move._get_invoice_report_filename()]
        )

        # Nothing is sent twice: the cron and the API find nothing more to do.
        self.assertFalse(self._run_cron())
        self.assertEqual(move.action_post_and_send(), {str(move.id): "sent"})
        self.assertEqual(len(self._sending_messages(move)), 1)

    def test_blind_copy_goes_to_the_configured_person(self):
        controller = self.env["res.partner"].create({"name": "Controller", "email": "control@company.example.com"})
        self.company.invoice_auto_send_bcc_partner_id = controller
        move = self._invoice()
        mails = self._run_cron()
        self.assertEqual(move.auto_send_state, "sent")
        recipients = sorted(" ".join(m["email_to"]) for m in mails)
        self.assertEqual(len(recipients), 2)
        self.assertIn("control@company.example.com", recipients[1] + recipients[0])
        self.assertFalse(any("sara.seller" in r for r in recipients))

        self.company.invoice_auto_send_bcc = False
        other = self._invoice()
        mails = self._run_cron()
        self.assertEqual(other.auto_send_state, "sent")
        self.assertEqual(len(mails), 1, "no copy when the company turned it off")

    def test_hourly_and_daily_slots(self):
        self.company.invoice_auto_send_interval = "hourly"
        hourly = self._invoice()
        now = fields.Datetime.now()
        self.assertGreater(hourly.auto_send_due, now)
        self.assertLessEqual(hourly.auto_send_due, now + timedelta(hours=1))
        self.assertEqual((hourly.auto_send_due.minute, hourly.auto_send_due.second), (0, 0))

        self.company.partner_id.tz = "America/New_York"
        self.company.invoice_auto_send_interval = "daily"
        daily = self._invoice()
        local_due = self.company._auto_send_tz().fromutc(daily.auto_send_due)
        self.assertEqual((local_due.hour, local_due.minute), (0, 0), "sent at the company's midnight")
        self.assertGreater(daily.auto_send_due, now)
        self.assertLessEqual(daily.auto_send_due, now + timedelta(hours=24))

        self.assertFalse(self._run_cron(), "nothing is due yet")
        self.assertEqual((hourly + daily).mapped("auto_send_state"), ["scheduled", "scheduled"])

    def test_customer_without_auto_send_is_not_sent(self):
        other = self.env["res.partner"].create({"name": "Manual Customer", "email": "manual@customer.example.com"})
        move = self._invoice(partner=other)
        self.assertFalse(move.auto_send_state)
        self.assertFalse(self._run_cron())
        # Automatic sending is per company: another company does not send this customer's invoices.
        other_company = self.env["res.company"].create({"name": "Other Company"})
        self.assertFalse(self.customer.with_company(other_company).invoice_auto_send)

    def test_send_date_posts_the_draft_and_sends_it_on_that_date(self):
        other = self.env["res.partner"].create({"name": "Dated Customer", "email": "dated@customer.example.com"})
        today = fields.Date.context_today(self.env["account.move"])
        due_today = self._invoice(partner=other, post=False, send_date=today)
        later = self._invoice(partner=other, post=False)
        later.send_date = today + timedelta(days=3)
        self.assertEqual((due_today + later).mapped("auto_send_state"), ["scheduled", "scheduled"])

        self._run_cron()

        self.assertEqual(due_today.state, "posted")
        self.assertEqual(due_today.auto_send_state, "sent")
        self.assertTrue(due_today.invoice_pdf_report_id)
        self.assertEqual(later.state, "draft", "a future send date waits")
        self.assertEqual(later.auto_send_state, "scheduled")

        later.send_date = False
        self.assertFalse(later.auto_send_state, "clearing the send date unschedules the draft")

    def test_draft_of_auto_send_customer_waits_until_ready(self):
        move = self._invoice(post=False)
        self.assertFalse(move.auto_send_state, "a draft being built is not sent half-built")
        self.assertEqual(move.action_mark_ready(), {str(move.id): "queued"})
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.action_mark_ready(), {str(move.id): "queued"}, "calling again changes nothing")
        self._run_cron()
        self.assertEqual(move.auto_send_state, "sent")
        self.assertEqual(move.action_mark_ready(), {str(move.id): "sent"})
        self.assertEqual(len(self._sending_messages(move)), 1)

    def test_mark_ready_keeps_the_send_date(self):
        send_date = fields.Date.today() + timedelta(days=10)
        move = self._invoice(post=False, send_date=send_date)
        self.assertEqual(move.action_mark_ready(), {str(move.id): "queued"})
        self.assertEqual(move.auto_send_due.date(), send_date)
        self.assertFalse(self._run_cron())

    def test_missing_email_keeps_invoice_scheduled_with_error_and_retries(self):
        no_email = self.env["res.partner"].create({"name": "Mailless Customer"})
        no_email.with_company(self.company).invoice_auto_send = True
        move = self._invoice(partner=no_email)

        self._run_cron()

        self.assertEqual(move.auto_send_state, "error")
        self.assertIn("no email address", move.auto_send_error)
        self.assertGreater(move.auto_send_due, fields.Datetime.now())
        self.assertFalse(move.is_move_sent)
        self.assertIn("no email address", move.message_ids[0].body)
        self.assertFalse(self._run_cron(), "not retried before its time")
        self.assertEqual(len(move.message_ids.filtered(lambda m: "no email address" in m.body)), 1)

        no_email.email = "found@customer.example.com"
        move.auto_send_due = fields.Datetime.now() - timedelta(minutes=1)  # the retry time has come
        mails = self._run_cron()
        self.assertEqual(move.auto_send_state, "sent")
        self.assertFalse(move.auto_send_error)
        self.assertTrue(any("found@customer.example.com" in " ".join(m["email_to"]) for m in mails))

    def test_rejected_email_address_puts_invoice_back_in_queue(self):
        """Odoo's mail sending (not mocked) refuses the address: the invoice is scheduled again."""
        self.customer.email = "no-at-sign.customer.example.com"
        move = self._invoice()
        self.cron_env._cron_auto_send()

        self.assertEqual(move.auto_send_state, "error")
        self.assertIn("could not be delivered: Invalid email address", move.auto_send_error)
        self.assertEqual(len(move.auto_send_error.splitlines()), 1, "one line")
        self.assertGreater(move.auto_send_due, fields.Datetime.now())
        self.assertIn(move.auto_send_error, move.message_ids[0].body)

    def test_manual_send_takes_the_invoice_from_automatic_sending(self):
        move = self._invoice()
        self.env["account.move.send"]._generate_and_send_invoices(move)
        self.assertEqual(move.send_owner, "manual")
        self.assertFalse(move.auto_send_state, "its automatic sending is cancelled")
        self.assertFalse(self._run_cron(), "sent by hand, not sent again by the cron")

    def test_reset_to_draft_or_cancelled_invoice_is_not_sent(self):
        drafted, cancelled = self._invoice(), self._invoice()
        drafted.button_draft()
        cancelled.button_cancel()
        self.assertFalse(self._run_cron())
        self.assertEqual(drafted.state, "draft")
        self.assertFalse((drafted + cancelled).filtered("auto_send_state"))

    def test_post_and_send_reports_per_invoice(self):
        no_email = self.env["res.partner"].create({"name": "Mailless Customer"})
        good = self._invoice(post=False)
        empty = self.env["account.move"].create({"move_type": "out_invoice", "partner_id": self.customer.id})
        unreachable = self._invoice(partner=no_email, post=False)
        bill = self.init_invoice("in_invoice", products=self.product_a)
        moves = good + empty + unreachable + bill

        with self.mock_mail_gateway():
            outcomes = moves.action_post_and_send()

        self.assertEqual(outcomes[str(good.id)], "sent")
        self.assertIn("could not be posted", outcomes[str(empty.id)])
        self.assertEqual(empty.state, "draft", "nothing changed on a refused invoice")
        self.assertIn("no email address", outcomes[str(unreachable.id)])
        self.assertEqual(unreachable.state, "posted")
        self.assertEqual(unreachable.auto_send_state, "error", "kept scheduled, retried")
        self.assertIn("not a customer invoice", outcomes[str(bill.id)])
        self.assertEqual(len(self._mails), 2, "the invoice and its blind copy")

        pdfs = good.get_pdf()
        self.assertEqual(list(pdfs), [str(good.id)])

    def test_due_time_of_send_date_is_midnight_in_company_time(self):
        self.company.partner_id.tz = "Europe/Copenhagen"
        move = self._invoice(post=False, send_date=fields.Date.to_date("2030-06-15"))
        self.assertEqual(move.auto_send_due, datetime(2030, 6, 14, 22, 0))

    def test_post_and_send_queues_what_exceeds_one_request(self):
        moves = self.env["account.move"].union(*(self._invoice(post=False) for _ in range(AUTO_SEND_SYNC_LIMIT + 1)))
        with self.mock_mail_gateway():
            outcomes = moves.action_post_and_send()
        self.assertEqual(sorted(outcomes.values()), ["queued"] + ["sent"] * AUTO_SEND_SYNC_LIMIT)
        self.assertEqual(set(moves.mapped("state")), {"posted"}, "all drafts are posted at once")
        queued = moves.filtered(lambda m: outcomes[str(m.id)] == "queued")
        self.assertEqual(queued.auto_send_state, "scheduled")
        self._run_cron()
        self.assertEqual(set(moves.mapped("auto_send_state")), {"sent"})

    def test_pdf_only_for_posted_invoices(self):
        with self.assertRaisesRegex(UserError, "Only posted"):
            self._invoice(post=False).get_pdf()

    def test_post_and_send_answers_the_error_when_the_email_has_no_sender(self):
        integration = self._create_new_internal_user(
            login="webshop_no_email", name="Webshop", groups="account.group_account_invoice"
        )
        integration.partner_id.email = False
        self.company.email = False
        move = self._invoice(post=False, invoice_user_id=integration.id)

        with self.mock_mail_gateway():
            outcomes = move.with_user(integration).action_post_and_send()

        self.assertIn("no sender address", outcomes[str(move.id)])
        self.assertEqual(move.auto_send_state, "error", "kept scheduled, tried again later")
        self.assertFalse(move.is_move_sent)
        self.assertFalse(self._mails)

    def test_draft_with_a_send_date_but_no_customer_ends_in_an_error(self):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "send_date": fields.Date.context_today(self.env["account.move"]),
                "invoice_line_ids": [Command.create({"name": "Consulting", "price_unit": 150.0})],
            }
        )
        self.assertEqual(move.auto_send_state, "scheduled")

        self._run_cron()

        self.assertEqual(move.auto_send_state, "error")
        self.assertIn("no customer", move.auto_send_error)
        self.assertIn("no customer", move.message_ids[0].body)
        self.assertEqual(move.state, "draft")

    def test_send_date_dates_the_invoice_the_day_it_goes_out(self):
        """A provisional date in the past: the invoice must not arrive overdue."""
        other = self.env["res.partner"].create({"name": "Late Customer", "email": "late@customer.example.com"})
        terms = self.env.ref("account.account_payment_term_30days")
        today = fields.Date.context_today(self.env["account.move"])
        move = self._invoice(
            partner=other,
            post=False,
            invoice_date=fields.Date.to_date("2026-07-01"),
            invoice_payment_term_id=terms.id,
            send_date=today,
        )
        no_terms = self._invoice(partner=other, post=False, invoice_date=fields.Date.to_date("2026-07-01"))
        no_terms.invoice_date_due = fields.Date.to_date("2026-07-15")
        no_terms.send_date = today

        self._run_cron()

        self.assertEqual(move.state, "posted")
        self.assertEqual(move.auto_send_state, "sent")
        self.assertEqual(move.invoice_date, today)
        self.assertEqual(move.invoice_date_due, today + timedelta(days=30))
        self.assertEqual(no_terms.invoice_date, today)
        self.assertEqual(no_terms.invoice_date_due, today + timedelta(days=14), "the same time to pay")

    def test_sending_error_is_one_line_without_error_numbers_in_the_salespersons_tz(self):
        self.salesperson.tz = "Europe/Berlin"
        move = self._invoice()
        mail_model = self.env["mail.mail"]
        text = mail_model._auto_send_failure_text(self.env, move, "[Errno 111] Connection refused", "mail_smtp")
        self.assertEqual(
            text,
            "The email to Auto Customer could not be delivered: Connection failed (outgoing mail server problem) "
            "(Connection refused).",
        )
        self.assertNotIn("111", mail_model._auto_send_failure_text(self.env, move, "111", "mail_smtp"))

        move._auto_send_record_failure(text)

        berlin = pytz.timezone("Europe/Berlin").fromutc(move.auto_send_due)
        # English (the salesperson's language) writes the time on a 12-hour clock: "1:26:48 PM".
        self.assertRegex(
            str(move.message_ids[0].body),
            rf"\b{berlin.hour % 12 or 12}:{berlin.minute:02d}:\d\d\s?{berlin.strftime('%p')}",
            "the salesperson's time, as on the banner",
        )
